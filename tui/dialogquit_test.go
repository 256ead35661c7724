package tui

import (
	"strings"
	"testing"
)

// TestDialogsSayQQuits: q quits (asking first) from an event's dialog and
// from the adviser as from every screen, and their key lines say so: they
// listed only their own keys, and nothing on the screen said how to leave.
func TestDialogsSayQQuits(t *testing.T) {
	keyLine := func(m Model) string {
		lines := strings.Split(plain(m), "\n")
		return lines[len(lines)-1]
	}
	for name, m := range map[string]Model{
		"inject dialog": stateInjectDialog(t),
		"adviser":       press(t, stateTurn(t), "a"),
	} {
		if !strings.Contains(keyLine(m), "decide") && !strings.Contains(keyLine(m), "another doctrine") {
			t.Fatalf("%s: not open:\n%s", name, plain(m))
		}
		if !strings.Contains(keyLine(m), "q quit") {
			t.Errorf("%s: the key line %q does not say q quits", name, keyLine(m))
		}
		q := press(t, m, "q")
		mustShow(t, q, "Quit Lattice?")
		mustShow(t, press(t, q, "n"), keyLine(m))
	}
}
