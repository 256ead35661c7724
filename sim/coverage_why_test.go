package sim_test

import (
	"strings"
	"testing"
)

// TestCoverageSaysWhyNeverDrawn checks that an action the doctrine never
// drew comes with the reason: its when never held, its weight is 0, or it
// could be drawn but its share of its side's weight was tiny (with the
// draws it could expect). "never chosen as a real move" alone left an
// author guessing.
func TestCoverageSaysWhyNeverDrawn(t *testing.T) {
	cv := tutorialCoverage(t, 100, map[string]string{
		"action.adiz_incursion.when":    "turn > 99",
		"action.steel_structure.weight": "0",
		"action.militia_swarm.weight":   "1000",
		"action.wedge_message.weight":   "0.01",
	})
	got := map[string]string{}
	for _, gap := range cv.Gaps() {
		got[gap.Path] = gap.What
	}
	for _, tc := range []struct{ path, want string }{
		{"action.adiz_incursion", "never chosen as a real move in 100 games: its weight was 0 whenever the adversary drew: its when (turn > 99) did not hold"},
		{"action.steel_structure", "never chosen as a real move in 100 games: its weight was 0 whenever the adversary drew: the file gives it weight = 0"},
		{"action.wedge_message", "never chosen as a real move in 100 games: it could be drawn in 100 of them"},
		{"action.wedge_message", "about 0.0 draws expected in all"},
	} {
		if !strings.Contains(got[tc.path], tc.want) {
			t.Errorf("gap %s = %q, want it to say %q", tc.path, got[tc.path], tc.want)
		}
	}
}
