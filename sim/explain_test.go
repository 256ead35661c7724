package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestFormatChange: a change shows its sign at the metric's precision, and
// a change too small for it with the decimals it needs, so that a
// rounding entry of +0.004 is not "+0.00" (the report and the TUI's
// console, each with a helper of its own, printed "+0.00" there).
func TestFormatChange(t *testing.T) {
	c := builtin(t, "tutorial")
	metric, component := -1, -1
	for m := range c.Metrics {
		switch {
		case c.Metrics[m].Component && component < 0:
			component = m
		case !c.Metrics[m].Component && metric < 0:
			metric = m
		}
	}
	if metric < 0 || component < 0 {
		t.Fatal("tutorial has no plain metric or no deterrence component")
	}
	for _, tc := range []struct {
		m    int
		x    string
		want string
	}{
		{metric, "2", "+2.00"},
		{metric, "-0.01", "−0.01"},
		{metric, "0", "+0.00"},
		{metric, "0.004", "+0.004"},
		{metric, "-0.0001", "−0.0001"},
		{metric, "0.005", "+0.01"},
		{component, "0.01", "+0.010"},
		{component, "-0.0004", "−0.0004"},
	} {
		x, err := sim.ParseFix(tc.x)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.FormatChange(tc.m, x); got != tc.want {
			t.Errorf("FormatChange(%s, %s) = %q, want %q", c.Metrics[tc.m].ID, tc.x, got, tc.want)
		}
	}
}
