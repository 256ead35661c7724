package tui

import "testing"

// TestVimKeysAreListed: h and l work as ← and → wherever those do (points
// on a lever, a setup row's value, the charts' metric), as j and k do as ↓
// and ↑; the key lines listed "↑/k" and "↓/j" but never h or l.
func TestVimKeysAreListed(t *testing.T) {
	m := press(t, fresh(t), toTurn1Solo...) // the session is shared by the copies: one game, key after key
	m = press(t, m, "l", "l")
	mustShow(t, m, "spent 2.0")
	m = press(t, m, "h")
	mustShow(t, m, "spent 1.0")
	mustShow(t, press(t, m, "?"), "→/+/l     add", "←/-/h     remove")
	mustShow(t, press(t, fresh(t), "enter"), "→/+/l change")

	c := press(t, stateResults(t), "c")
	mustShow(t, c, "←/h previous metric", "→/l next metric", "Chart 1/")
	c = press(t, c, "l")
	mustShow(t, c, "Chart 2/")
	mustShow(t, press(t, c, "h"), "Chart 1/")
}
