package sim_test

import (
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestReadable: a condition is shown with names, the scenario's word for a
// turn and the comparison signs; numbers, parentheses and the logic stay
// as written. The raw "rok_support < 33" reached the why? panel, the
// verdict's "Why:" line and the Red team's goal.
func TestReadable(t *testing.T) {
	c, err := scenarios.Compile("thaad-pressure", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	name := func(id string) string { return c.Metrics[c.MetricIndex(id)].Name }
	for i := range c.Ends {
		e := &c.Ends[i]
		if e.ID != "concession" {
			continue
		}
		got := c.Readable(&e.When)
		want := name("rok_support") + " < 33 or (month ≥ 6 and " + name("rok_support") + " < 40)"
		if got != want {
			t.Fatalf("concession: got %q, want %q (source %q)", got, want, e.When.String())
		}
		return
	}
	t.Fatal("thaad-pressure has no end 'concession'")
}

// TestParenthetical: an aside in parentheses whose text has its own
// parentheses nests them as brackets, never as "((" or "))".
func TestParenthetical(t *testing.T) {
	for in, want := range map[string]string{
		"South Korea":                              "(South Korea)",
		"Economic (tourism, consumers)":            "(Economic [tourism, consumers])",
		"Regional posture (strategic flexibility)": "(Regional posture [strategic flexibility])",
		"(aside)": "([aside])",
		"":        "()",
	} {
		if got := sim.Parenthetical(in); got != want {
			t.Errorf("Parenthetical(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 22: "22nd", 101: "101st", 111: "111th", 112: "112th"} {
		if got := sim.Ordinal(n); got != want {
			t.Errorf("Ordinal(%d) = %q, want %q", n, got, want)
		}
	}
}

// A repeating inject says how many times it has fired: thaad-pressure's
// "Washington reads Seoul's polls" fires in every month ROK support is
// under 45, and read as news each month without it.
func TestFiredInjectCountsRepeats(t *testing.T) {
	c := builtin(t, "thaad-pressure")
	pols := policies(t, c, "free-rider")
	o := c.NewOrders()
	repeats := 0
	for seed := uint64(1); seed <= 40; seed++ {
		g := sim.NewGame(c, seed)
		count := make([]int, len(c.Injects))
		for !g.Over() {
			b := g.Brief()
			for _, f := range b.Injects {
				count[f.Inject]++
				if f.Times != count[f.Inject] {
					t.Fatalf("seed %d turn %d: %s fired for the %d time, Times %d", seed, b.Turn, c.Injects[f.Inject].ID, count[f.Inject], f.Times)
				}
				want := ""
				if f.Times > 1 {
					want = "again, the " + sim.Ordinal(f.Times) + " time"
					repeats++
				}
				if got := f.Aside(); got != want {
					t.Fatalf("seed %d: Aside() = %q, want %q", seed, got, want)
				}
			}
			o.Clear()
			g.PlanSides(pols, o)
			if _, err := g.Step(o); err != nil {
				t.Fatal(err)
			}
		}
	}
	if repeats == 0 {
		t.Fatal("no inject fired twice in 40 games: the test checks nothing")
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	if err := g.FireInject(0); err != nil {
		t.Fatal(err)
	}
	f := g.Brief().Injects
	if last := f[len(f)-1]; last.Aside() != "fired by the White cell" { // its first time, on turn 1
		t.Errorf("a White cell's inject: Aside() = %q, want %q", last.Aside(), "fired by the White cell")
	}
}
