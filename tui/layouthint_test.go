package tui

import (
	"fmt"
	"strings"
	"testing"
)

// TestShortLayoutSaysWhatSizeIsFull: from 60×20 (the turn screen's
// minimum) to just under 76 columns or 24 lines the turn screen stacks or
// cuts its panels, and its notice line, empty otherwise, says what size
// shows the full layout; at 76×24 and up, and when there is a notice, it
// says nothing of it.
func TestShortLayoutSaysWhatSizeIsFull(t *testing.T) {
	turn := press(t, fresh(t), toTurn1Solo...)
	turn = press(t, turn, "right") // the first turn's tip is gone
	for _, sz := range [][2]int{{60, 20}, {75, 24}, {80, 23}, {120, 20}, {76, 24}, {80, 24}, {160, 48}} {
		m := resize(t, turn, sz[0], sz[1])
		want := fmt.Sprintf("%d×%d: the full layout needs 80×24", sz[0], sz[1])
		short := sz[0] < 76 || sz[1] < 24
		lines := strings.Split(plain(m), "\n")
		if got := strings.TrimSpace(lines[len(lines)-2]); short && got != want || !short && got != "" {
			t.Errorf("%d×%d: the notice line is %q", sz[0], sz[1], got)
		}
	}
	// A notice takes the line.
	m := press(t, resize(t, turn, 60, 20), "r")
	mustShow(t, m, "! nothing to repeat")
	mustNotShow(t, m, "full layout")
}
