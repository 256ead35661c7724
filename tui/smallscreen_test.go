package tui

import (
	"strings"
	"testing"
)

// At 70×20, the smallest the turn screen stacks its panels for but one,
// the allocation panel had no room for a window of levers and drew them
// all: the box cut the list after the seventh, the ▸ cursor went with the
// selection below it (→ still bought points on a lever nobody could see),
// and the odds below the list were never shown. Every selectable lever is
// now on the screen when selected, with the odds (in a line, where no
// more fits), at every size the screen supports.
func TestSelectedLeverShownOnSmallScreens(t *testing.T) {
	for _, name := range []string{"gray-zone", "thaad-pressure", "taiwan-strait"} {
		for _, size := range [][2]int{{70, 20}, {60, 20}, {80, 24}, {70, 24}} {
			m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 5}), 80, 24)
			m = press(t, m, "enter", "enter", "enter")
			m = resize(t, m, size[0], size[1])
			n := 0
			for l := range m.sess.C.Levers {
				if m.sideLever(l) {
					n++
				}
			}
			for i := range n {
				screen := plain(m)
				li := m.sess.C.Levers[m.sel]
				cur := ""
				for _, line := range strings.Split(screen, "\n") {
					if strings.Contains(line, "▸") {
						cur = line
					}
				}
				if cur == "" || !strings.Contains(cur, li.Name[:min(len(li.Name), 8)]) {
					t.Fatalf("%s at %d×%d, lever %d of %d (%s): no ▸ on its row:\n%s", name, size[0], size[1], i+1, n, li.Name, screen)
				}
				if !strings.Contains(strings.ToLower(screen), "odds") {
					t.Fatalf("%s at %d×%d: the odds against the draft are not shown:\n%s", name, size[0], size[1], screen)
				}
				if got := strings.Count(screen, "\n") + 1; got > size[1] {
					t.Fatalf("%s at %d×%d: %d lines", name, size[0], size[1], got)
				}
				m = press(t, m, "down")
			}
		}
	}
}
