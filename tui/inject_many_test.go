package tui

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// manyChoicesEntry is the tutorial with its week-3 event given the most
// choices an event may have (sim.MaxChoices), with long labels, several
// effects and a text each, as a scenario author may write them.
func manyChoicesEntry(t testing.TB) Entry {
	t.Helper()
	s, err := scenarios.Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.Injects {
		if s.Injects[i].ID != "research_vessel" {
			continue
		}
		s.Injects[i].Choices = nil
		for k := range sim.MaxChoices {
			s.Injects[i].Choices = append(s.Injects[i].Choices, sim.Choice{
				ID:     fmt.Sprintf("option_%d", k+1),
				Label:  fmt.Sprintf("Option number %d, with a label long enough to wrap in a sixty-column box", k+1),
				Text:   "A line or two of what this choice means for the alliance and for the adversary's next move.",
				Effect: map[string]float64{"cohesion": float64(k - 3), "resolve": 0.01, "escalation": 1, "rok_support": -1},
			})
		}
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return Entry{Name: "tutorial", Scenario: s, Compiled: c,
		Load: func(string) (*sim.Compiled, error) { return c, nil }}
}

// TestInjectDialogWithManyChoicesFits: an event with eight choices at
// 80×24 drew a box taller than the screen, which lost its bottom border
// and the last choices; ↓ moved the ▸ out of sight and enter decided a
// choice nobody saw. Every choice's label now shows, and the selected
// one's effects, with the box whole, wherever the selection is.
func TestInjectDialogWithManyChoicesFits(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {70, 20}} {
		m := resize(t, New(Options{Entries: []Entry{manyChoicesEntry(t)}, Seed: 1}), sz[0], sz[1])
		m = press(t, m, toSetupAsUS...)
		m = press(t, m, "enter", "enter")
		for range 2 {
			m = press(t, m, addPoints...)
			m = commitTurn(t, m)
			m = press(t, m, "enter")
		}
		for sel := range sim.MaxChoices {
			if sel > 0 {
				m = press(t, m, "down")
			}
			screen := plain(m)
			lines := strings.Split(screen, "\n")
			if len(lines) > sz[1] {
				t.Fatalf("%dx%d, choice %d selected: %d lines on a %d-line screen:\n%s", sz[0], sz[1], sel+1, len(lines), sz[1], screen)
			}
			if !strings.Contains(screen, "╚") {
				t.Fatalf("%dx%d, choice %d selected: the box lost its bottom border:\n%s", sz[0], sz[1], sel+1, screen)
			}
			if !strings.Contains(screen, fmt.Sprintf("▸ Option number %d,", sel+1)) {
				t.Fatalf("%dx%d: the selected choice %d is not on the screen:\n%s", sz[0], sz[1], sel+1, screen)
			}
			// Every choice is on the screen, or counted on a line that
			// says how many are out of view above or below.
			shown := 0
			for k := range sim.MaxChoices {
				if strings.Contains(screen, fmt.Sprintf("Option number %d,", k+1)) {
					shown++
				}
			}
			for _, more := range regexp.MustCompile(`[↑↓] (\d+) more choices?`).FindAllStringSubmatch(screen, -1) {
				n, _ := strconv.Atoi(more[1])
				shown += n
			}
			if shown != sim.MaxChoices {
				t.Errorf("%dx%d, choice %d selected: %d choices shown or counted, not %d:\n%s", sz[0], sz[1], sel+1, shown, sim.MaxChoices, screen)
			}
			if sz == [2]int{80, 24} && strings.Contains(screen, "more choice") {
				t.Errorf("80x24, choice %d selected: the minimum screen should show all eight labels:\n%s", sel+1, screen)
			}
			// The selected choice's effects are given whole.
			want := fmt.Sprintf("Cohesion +%d.00", sel-3)
			switch {
			case sel < 3:
				want = fmt.Sprintf("Cohesion −%d.00", 3-sel)
			case sel == 3: // a change of 0 is not listed
				want = "ROK domestic support −1.00"
			}
			if !strings.Contains(screen, want) {
				t.Errorf("%dx%d, choice %d selected: its effects (%q) are not shown:\n%s", sz[0], sz[1], sel+1, want, screen)
			}
		}
		m = press(t, m, "enter") // ↓ armed it: enter decides
		if m.dialog >= 0 || m.sess.Orders.Choices[manyChoicesInject(m)] != sim.MaxChoices-1 {
			t.Errorf("%dx%d: enter did not decide the eighth choice:\n%s", sz[0], sz[1], plain(m))
		}
	}
}

// manyChoicesInject is the index of manyChoicesEntry's eight-choice event.
func manyChoicesInject(m Model) int {
	for i := range m.sess.C.Injects {
		if m.sess.C.Injects[i].ID == "research_vessel" {
			return i
		}
	}
	return -1
}
