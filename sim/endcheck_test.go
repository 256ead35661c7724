package sim_test

import (
	"slices"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

func TestEndsIfSet(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	cohesion := c.MetricIndex("cohesion")
	split := -1
	for i := range c.Ends {
		if c.Ends[i].ID == "split" {
			split = i
		}
	}
	if split < 0 {
		t.Fatal("the tutorial has no end 'split' (cohesion < 45)")
	}
	before := g.Hash()
	for name, tc := range map[string]struct {
		value string
		want  []int
	}{
		"below the threshold": {"30", []int{split}},
		"just below it":       {"44.99", []int{split}},
		"at the threshold":    {"45", nil},
		"as it is":            {g.Metric(cohesion).Format(2), nil},
	} {
		t.Run(name, func(t *testing.T) {
			v, err := sim.ParseFix(tc.value)
			if err != nil {
				t.Fatal(err)
			}
			got, err := g.EndsIfSet(cohesion, v)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) || len(got) > 0 && got[0] != tc.want[0] {
				t.Errorf("cohesion %s meets ends %v, want %v", tc.value, got, tc.want)
			}
		})
	}
	if _, err := g.EndsIfSet(cohesion, sim.FixInt(1000)); err == nil {
		t.Error("a value SetMetric refuses gives no error")
	}
	if _, err := g.EndsIfSet(c.MetricIndex("deterrence"), sim.FixInt(10)); err == nil {
		t.Error("the derived deterrence may be set")
	}
	if g.Hash() != before || g.Metric(cohesion) == sim.FixInt(30) {
		t.Error("EndsIfSet changed the game")
	}
}

// VerdictIfLast is the verdict Step gives when the turn just played is
// the last: in every game that runs out its turns, the verdict it gave
// after the last turn is the one the game reached. Before then it is the
// verdict as things stand (a seminar ended early by the White cell), and
// it changes nothing.
func TestVerdictIfLast(t *testing.T) {
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		pols := policies(t, c, "balanced")
		o := c.NewOrders()
		full, seen := 0, map[int]bool{}
		for seed := uint64(1); seed <= 60; seed++ {
			g := sim.NewGame(c, seed)
			last, steps := -1, 0
			for !g.Over() {
				steps++
				g.Brief()
				o.Clear()
				g.PlanSides(pols, o)
				if _, err := g.Step(o); err != nil {
					t.Fatal(err)
				}
				h := g.Hash()
				last = g.VerdictIfLast()
				if g.Hash() != h {
					t.Fatalf("%s seed %d: VerdictIfLast changed the game", id, seed)
				}
				if last < 0 || last >= len(c.Ends) {
					t.Fatalf("%s seed %d: VerdictIfLast = %d", id, seed, last)
				}
				seen[last] = true
			}
			if steps == c.Turns { // played its last turn
				full++
				if last != g.End() {
					t.Errorf("%s seed %d: after the last turn VerdictIfLast is %s, the game ended %s", id, seed, c.Ends[last].ID, c.Ends[g.End()].ID)
				}
			}
		}
		if full == 0 || len(seen) < 2 {
			t.Errorf("%s: %d games ran out their turns, %d verdicts seen: the test checks little", id, full, len(seen))
		}
	}
}

// TestEndsFrom: the first turn at whose end a condition would hold with
// the metrics as they stand, the turn read as that turn; against
// EndsHolding, which reads the turn as it is (now) or as the last.
func TestEndsFrom(t *testing.T) {
	c := builtin(t, "thaad-pressure")
	concession := slices.IndexFunc(c.Ends, func(e sim.EndInfo) bool { return e.ID == "concession" })
	if concession < 0 {
		t.Fatal("thaad-pressure has no concession end")
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	support := c.MetricIndex("rok_support")
	for _, tc := range []struct {
		value float64
		want  int
	}{{39, 6}, {32, 1}, {45, 0}} { // rok_support < 33 or (turn >= 6 and rok_support < 40)
		if err := g.SetMetric(support, sim.FixFromFloat(tc.value)); err != nil {
			t.Fatal(err)
		}
		if got := g.EndsFrom(concession); got != tc.want {
			t.Errorf("support %v in month %d: EndsFrom = %d, want %d", tc.value, g.Turn(), got, tc.want)
		}
		now, atEnd := slices.Contains(g.EndsHolding(false), concession), slices.Contains(g.EndsHolding(true), concession)
		if now != (tc.want == g.Turn()) || atEnd != (tc.want != 0) {
			t.Errorf("support %v: EndsHolding now %v, at the end %v, against EndsFrom %d", tc.value, now, atEnd, tc.want)
		}
	}
	for i := range c.Ends {
		if c.Ends[i].Default && g.EndsFrom(i) != 0 {
			t.Errorf("the default end %s: EndsFrom %d, want 0", c.Ends[i].ID, g.EndsFrom(i))
		}
	}
}

// FindSide takes a side's id in any case ("ROK" for rok), where SideIndex
// (files, journals) takes it exactly; ids are lower case (Compile).
func TestFindSide(t *testing.T) {
	c := builtin(t, "tutorial")
	rok := c.SideIndex("rok")
	for _, id := range []string{"rok", "ROK", "Rok"} {
		if got := c.FindSide(id); got != rok {
			t.Errorf("FindSide(%q) = %d, want %d", id, got, rok)
		}
	}
	if c.SideIndex("ROK") != -1 || c.FindSide("roc") != -1 {
		t.Error("SideIndex took another case, or FindSide another id")
	}
}

// HoldsWith evaluates a condition with one metric replaced, the game
// unchanged: Holds as things stand, not with the value given.
func TestHoldsWith(t *testing.T) {
	c := builtin(t, "thaad-pressure")
	concession := slices.IndexFunc(c.Ends, func(e sim.EndInfo) bool { return e.ID == "concession" })
	g := sim.NewGame(c, 1)
	g.Brief()
	support := c.MetricIndex("rok_support")
	if err := g.SetMetric(support, sim.FixInt(30)); err != nil {
		t.Fatal(err)
	}
	when := &c.Ends[concession].When
	before := g.Hash()
	if !g.Holds(when) || g.HoldsWith(when, support, sim.FixInt(50)) || !g.HoldsWith(when, support, sim.FixInt(32)) {
		t.Errorf("concession at support 30: holds %v; at 50 %v (want false); at 32 %v (want true)",
			g.Holds(when), g.HoldsWith(when, support, sim.FixInt(50)), g.HoldsWith(when, support, sim.FixInt(32)))
	}
	if g.Hash() != before || g.Metric(support) != sim.FixInt(30) {
		t.Error("HoldsWith changed the game")
	}
}
