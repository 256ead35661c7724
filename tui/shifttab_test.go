package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestShiftTabGoesBack: shift+tab takes the focus to the panel before, on
// the turn screen (allocation → metrics → events → allocation) and on the
// Red team's (moves ⇄ metrics), as it does between the White-cell
// console's games; it did nothing, and the full help says so.
func TestShiftTabGoesBack(t *testing.T) {
	shiftTab := tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	if shiftTab.String() != "shift+tab" {
		t.Fatalf("the key is %q", shiftTab.String())
	}
	m := press(t, fresh(t), toTurn1Solo...)
	mustShow(t, m, "▶ Allocation")
	for _, want := range []string{"▶ Metrics", "Intelligence and events", "▶ Allocation"} {
		m, _ = update(t, m, shiftTab)
		if want == "Intelligence and events" {
			if m.focus != 2 {
				t.Fatalf("after shift+tab from the metrics the focus is %d, want the events (2)", m.focus)
			}
			continue
		}
		mustShow(t, m, want)
	}
	// tab, then shift+tab, is where it started.
	back, _ := update(t, press(t, m, "tab"), shiftTab)
	if back.focus != m.focus {
		t.Fatalf("tab then shift+tab: focus %d, want %d", back.focus, m.focus)
	}
	mustShow(t, press(t, m, "?"), "shift+tab back")

	red := press(t, stateHandover(t), "enter")
	all, _ := update(t, red, shiftTab)
	mustShow(t, all, "▶ Metrics")
	again, _ := update(t, all, shiftTab)
	mustShow(t, again, "choose your moves")
	mustShow(t, press(t, red, "?"), "tab   moves / metrics (shift+tab too)")
}
