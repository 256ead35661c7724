package tui

import "testing"

// TestReadingGuideSaysHowBack: the ? screen's reading guide covers the
// turn screen, and its title says how to get back (the key list's "?
// help" read as the way in); esc does it too, but not over an event's
// dialog, whose esc is its own.
func TestReadingGuideSaysHowBack(t *testing.T) {
	m := press(t, stateTurn(t), "?")
	mustShow(t, m, "Reading the turn screen · ? or esc: back to the game")
	mustShow(t, press(t, m, "esc"), "▶ Allocation")
	d := press(t, stateInjectDialog(t), "?")
	mustShow(t, d, "Reading the turn screen · ?: back to the game")
	mustShow(t, press(t, d, "?"), "decides:")
}
