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
