package sim_test

import (
	"fmt"
	"strings"
	"testing"

	"lattice/sim"
)

// TestCoverageSaysHowCloseAnEndCame: an end no game reached is given the
// closest the games came to its condition (the lowest value of a metric it
// needs below a number, the highest of one it needs above, at any turn's
// end), not just "never reached in N games"; where a comparison held but
// the end did not, it says the rest of the condition or an earlier end
// was in the way; a default end never reached was beaten by another end
// in every game.
func TestCoverageSaysHowCloseAnEndCame(t *testing.T) {
	gapOf := func(cv *sim.Coverage, path string) string {
		for _, g := range cv.Gaps() {
			if g.Path == path {
				return g.What
			}
		}
		return ""
	}
	cv := tutorialCoverage(t, 40, map[string]string{"end.conflict.when": "cohesion < 5"})
	c, err := sim.Compile(loadTutorial(t))
	if err != nil {
		t.Fatal(err)
	}
	cohesion := -1
	for m, mi := range c.Metrics {
		if mi.ID == "cohesion" {
			cohesion = m
		}
	}
	low := cv.Low[cohesion]
	if low < sim.FixInt(5) {
		t.Fatalf("cohesion went to %s: pick a lower threshold", low)
	}
	shown := low.String()
	if strings.Contains(shown, ".") {
		shown = low.Format(1)
	}
	want := fmt.Sprintf("never reached in 40 games: its condition is cohesion < 5; at any turn's end, the lowest cohesion was %s (it needs cohesion < 5)", shown)
	if got := gapOf(cv, "end.conflict"); got != want {
		t.Errorf("end.conflict on cohesion < 5:\n got %q\nwant %q", got, want)
	}
	// A comparison that held, the other not.
	cv = tutorialCoverage(t, 40, map[string]string{"end.conflict.when": "cohesion >= 0 and cohesion > 1000"})
	if got := gapOf(cv, "end.conflict"); !strings.Contains(got, "(cohesion >= 0 held)") || !strings.Contains(got, "(it needs cohesion > 1000)") ||
		!strings.HasSuffix(got, "the rest of the condition, or an end listed before it, stood in the way") {
		t.Errorf("end.conflict on cohesion >= 0 and cohesion > 1000: %q", got)
	}
	// The default end, beaten every game by one that holds from turn 1.
	cv = tutorialCoverage(t, 10, map[string]string{"end.conflict.when": "turn >= 1"})
	if got := gapOf(cv, "end.held"); got != "never reached in 10 games: another end held first in every game" {
		t.Errorf("the default end: %q", got)
	}
}

// TestCoverageSaysWhyAnInjectNeverFired: an inject no game fired was
// reported "never fired in 300 games" and no more, where an end never
// reached is told how close the games came. It is given its scheduled turn
// when no game lasted that long, the closest its condition came, and its
// chance a turn.
func TestCoverageSaysWhyAnInjectNeverFired(t *testing.T) {
	gapOf := func(cv *sim.Coverage, path string) string {
		for _, g := range cv.Gaps() {
			if g.Path == path {
				return g.What
			}
		}
		return ""
	}
	// A turn no game reaches: every game ends after week 3.
	cv := tutorialCoverage(t, 20, map[string]string{"inject.fishing_season.turn": "5", "end.conflict.when": "turn >= 3"})
	if got, want := gapOf(cv, "inject.fishing_season"), "never fired in 20 games: it is scheduled for week 5, and no game lasted that long (the longest ended after week 3)"; got != want {
		t.Errorf("a turn past the end (longest game %d):\n got %q\nwant %q", cv.LastTurn, got, want)
	}
	// A trigger out of reach, with its closest.
	cv = tutorialCoverage(t, 20, map[string]string{"inject.collision.when": "escalation > 99"})
	got := gapOf(cv, "inject.collision")
	if !strings.HasPrefix(got, "never fired in 20 games: its condition is escalation > 99; at any turn's end, the highest escalation was ") ||
		!strings.HasSuffix(got, "(it needs escalation > 99); its chance is 0.35 a week") {
		t.Errorf("a trigger out of reach: %q", got)
	}
	// A chance too small to come up, and a condition of no comparison
	// with a metric (it may have held: the draw is what failed).
	cv = tutorialCoverage(t, 20, map[string]string{"inject.dprk_test.chance": "0.0001", "inject.dprk_test.when": "turn > 1"})
	if got, want := gapOf(cv, "inject.dprk_test"), "never fired in 20 games: its condition is turn > 1; its chance is 0.0001 a week"; got != want {
		t.Errorf("a small chance:\n got %q\nwant %q", got, want)
	}
	// No comparison with a metric, and no draw: the condition never held.
	cv = tutorialCoverage(t, 20, map[string]string{"inject.fishing_season.when": "turn > 7"})
	if got, want := gapOf(cv, "inject.fishing_season"), "never fired in 20 games: its condition, turn > 7, never held when it was due"; got != want {
		t.Errorf("a condition that never holds:\n got %q\nwant %q", got, want)
	}
}
