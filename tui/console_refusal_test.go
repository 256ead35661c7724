package tui

import (
	"testing"

	"lattice/sim"
)

// TestConsoleRefusalIsMarked: the White-cell console marks a refusal with
// ✗, not by its red alone: without colour "no turn has been adjudicated
// yet" (u on the first turn) looked like the news of an act done, as
// "fired The fishing season opens" is.
func TestConsoleRefusalIsMarked(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	s := NewSession(c, 1, "normal", human, make([]sim.Policy, len(c.Sides)))
	m := resize(t, New(Options{Resume: s, WhiteCell: true}), 80, 24)
	m = press(t, m, "enter", "W", "u")
	mustShow(t, m, "✗ no turn has been adjudicated yet")
	m = press(t, m, "p")
	mustShow(t, m, "✗ a hotseat game has no timer to pause")
	m = press(t, m, "i", "enter", "t", "e", "s", "t", "enter")
	mustShow(t, m, "fired ")
	mustNotShow(t, m, "✗ fired")
}
