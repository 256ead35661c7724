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
	return choicesEntry(t, sim.MaxChoices, "Option number %d, with a label long enough to wrap in a sixty-column box",
		func(k int) map[string]float64 {
			return map[string]float64{"cohesion": float64(k - 3), "resolve": 0.01, "escalation": 1, "rok_support": -1}
		})
}

// choicesEntry is the tutorial with its week-3 event given n choices,
// labelled by label (a format of the choice's number) with effect(k)
// each.
func choicesEntry(t testing.TB, n int, label string, effect func(k int) map[string]float64) Entry {
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
		for k := range n {
			s.Injects[i].Choices = append(s.Injects[i].Choices, sim.Choice{
				ID:     fmt.Sprintf("option_%d", k+1),
				Label:  fmt.Sprintf(label, k+1),
				Text:   "A line or two of what this choice means for the alliance and for the adversary's next move.",
				Effect: effect(k),
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

// TestInjectDialogFitsEverySize: the dialog's box stays whole, with the
// selected choice in it, at every screen size from the smallest the game
// plays at, for every number of choices, short labels of five effects and
// long ones, each choice selected in turn, and again once decided and
// reopened with d (which adds "esc keeps …"). Its lines were miscounted:
// an effects line as wide as the text wrapped again on its comma, and a
// long label after "esc keeps" wrapped but counted as one line.
func TestInjectDialogFitsEverySize(t *testing.T) {
	five := func(k int) map[string]float64 {
		return map[string]float64{"cohesion": float64(k + 1), "resolve": 0.01, "escalation": 1, "rok_support": -1, "resilience": 1}
	}
	kinds := map[string]string{
		"short": "Option %d",
		"long":  "Option %d, with a label long enough to wrap in a sixty-column box, and more words after that",
	}
	for _, n := range []int{2, 5, sim.MaxChoices} {
		for kind, label := range kinds {
			e := choicesEntry(t, n, label, five)
			for _, sz := range [][2]int{{60, 20}, {70, 21}, {80, 20}, {80, 24}, {100, 22}} {
				m := resize(t, New(Options{Entries: []Entry{e}, Seed: 1}), sz[0], sz[1])
				m = press(t, m, toSetupAsUS...)
				m = press(t, m, "enter", "enter")
				for range 2 {
					m = press(t, m, addPoints...)
					m = commitTurn(t, m)
					m = press(t, m, "enter")
				}
				if m.dialog < 0 {
					t.Fatalf("%d %s choices at %dx%d: no dialog:\n%s", n, kind, sz[0], sz[1], plain(m))
				}
				check := func(when string) {
					t.Helper()
					screen := plain(m)
					if lines := strings.Split(screen, "\n"); len(lines) > sz[1] || !strings.Contains(screen, "╚") || !strings.Contains(screen, fmt.Sprintf("▸ Option %d", m.dialogSel+1)) {
						t.Fatalf("%d %s choices at %dx%d, %s, choice %d selected: the box is not whole with its selection:\n%s", n, kind, sz[0], sz[1], when, m.dialogSel+1, screen)
					}
				}
				for sel := range n {
					if sel > 0 {
						m = press(t, m, "down")
					}
					check("first asked")
				}
				m = press(t, m, "enter", "d") // decided (↓ armed it), then reopened
				for sel := range n {
					if sel > 0 {
						m = press(t, m, "up")
					}
					check("reopened")
				}
			}
		}
	}
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
