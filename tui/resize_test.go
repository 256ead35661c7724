package tui

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// extraStates are screens the goldens do not cover but a player can reach.
var extraStates = []struct {
	name  string
	build func(t testing.TB) Model
}{
	{"setup_editing_seed", func(t testing.TB) Model {
		return press(t, fresh(t), "enter", "down", "down", "down", "down", "down", "4", "2")
	}},
	{"picker_notice", func(t testing.TB) Model {
		m := New(Options{Entries: []Entry{tutorialEntry(t), {Name: "broken", Err: strings.Repeat("a long error ", 30)}}})
		return press(t, resize(t, m, 80, 24), "down", "enter")
	}},
	{"briefing_scrolled", func(t testing.TB) Model {
		m := press(t, fresh(t), "enter", "enter")
		for range 50 {
			m = press(t, m, "down")
		}
		return m
	}},
	{"turn_full_help", func(t testing.TB) Model { return press(t, stateTurn(t), "?") }},
	{"turn_notice", func(t testing.TB) Model {
		m := stateTurn(t)
		for range 12 {
			m = press(t, m, "right")
		}
		return m
	}},
	{"turn_focus_intel", func(t testing.TB) Model { return press(t, stateTurn(t), "tab") }},
	{"results_scrolled", func(t testing.TB) Model {
		m := stateResults(t)
		for range 60 {
			m = press(t, m, "down")
		}
		return m
	}},
	{"charts_last_metric", func(t testing.TB) Model { return press(t, stateResults(t), "c", "left") }},
	{"end_scrolled", func(t testing.TB) Model {
		m := playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...))
		for range 60 {
			m = press(t, m, "down")
		}
		return m
	}},
	{"end_quit", func(t testing.TB) Model {
		return press(t, playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...)), "enter")
	}},
	{"hotseat_turn_us", func(t testing.TB) Model {
		m := press(t, stateHandover(t), "enter", "r", "enter", "enter")
		m = commitTurn(t, press(t, m, addPoints...))
		return press(t, m, "enter")
	}},
	{"hotseat_handover_us", func(t testing.TB) Model {
		m := press(t, stateHandover(t), "enter", "r", "enter", "enter")
		return commitTurn(t, press(t, m, addPoints...))
	}},
	{"adversary_refusal", func(t testing.TB) Model {
		return press(t, stateHandover(t), "enter", "r", "down", "r", "enter")
	}},
}

// TestResizeEverywhere sends a few hundred seeded random sizes, 1×1 to
// 300×100, to every reachable screen: the view never panics, fills exactly
// the terminal's height (and no more than its width) from the screen's
// minimum up (60×20 for the turn screen, 40×12 for text screens), and says
// the terminal is too small below that.
func TestResizeEverywhere(t *testing.T) {
	type state struct {
		name string
		m    Model
	}
	var states []state
	for _, s := range screenStates {
		states = append(states, state{s.name, s.build(t)})
	}
	for _, s := range extraStates {
		states = append(states, state{s.name, s.build(t)})
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := [][2]int{{1, 1}, {80, 24}, {79, 24}, {80, 23}, {60, 20}, {59, 20}, {75, 22}, {40, 12}, {300, 100}, {149, 40}, {150, 40}, {80, 100}, {300, 24}}
	n := 240
	if testing.Short() {
		n = 40
	}
	for len(sizes) < n {
		w, h := 1+rng.IntN(300), 1+rng.IntN(100)
		if rng.IntN(3) == 0 { // more sizes near the minimum
			w, h = 55+rng.IntN(45), 17+rng.IntN(14)
		}
		sizes = append(sizes, [2]int{w, h})
	}
	wide := map[string]string{} // first over-wide render per screen
	for _, st := range states {
		for _, sz := range sizes {
			w, h := sz[0], sz[1]
			var content string
			var minW, minH int
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("%s at %d×%d: panic: %v", st.name, w, h, r)
					}
				}()
				m := resize(t, st.m, w, h)
				content = m.View().Content
				minW, minH = m.minSize()
			}()
			lines := strings.Split(content, "\n")
			if w < minW || h < minH {
				want := fmt.Sprintf("terminal too small (have %d×%d, need %d×%d)", w, h, minW, minH)
				got := strings.Join(strings.Fields(ansi.Strip(content)), " ")
				// Wide enough for the words: they are all there. Narrower: what
				// shows is a clipped part of them, never wider than the terminal.
				if w >= 12 && h >= 6 && !strings.Contains(got, want) {
					t.Fatalf("%s at %d×%d: want %q, got:\n%s", st.name, w, h, want, ansi.Strip(content))
				}
				for _, l := range lines {
					if ansi.StringWidth(l) > w {
						t.Fatalf("%s at %d×%d: line wider than the terminal: %q", st.name, w, h, ansi.Strip(l))
					}
				}
				continue
			}
			if len(lines) != h {
				t.Fatalf("%s at %d×%d: %d lines, want %d:\n%s", st.name, w, h, len(lines), h, ansi.Strip(content))
			}
			for i, l := range lines {
				if lw := ansi.StringWidth(l); lw > w {
					if _, seen := wide[st.name]; !seen {
						wide[st.name] = fmt.Sprintf("%s at %d×%d: line %d is %d cells wide: %q", st.name, w, h, i+1, lw, ansi.Strip(l))
					}
				}
			}
		}
	}
	for _, st := range states {
		if msg, ok := wide[st.name]; ok {
			t.Errorf("%s", msg)
		}
	}
}

// TestTooSmallFitsTheTerminal: below the minimum the notice itself should
// not spill past the terminal (at 1×1 nothing fits, but from about 10
// columns and 5 lines the message can be wrapped inside).
func TestTooSmallFitsTheTerminal(t *testing.T) {
	m := fresh(t)
	var bad []string
	for _, sz := range [][2]int{{10, 5}, {20, 5}, {30, 3}, {8, 8}} {
		c := resize(t, m, sz[0], sz[1]).View().Content
		lines := strings.Split(c, "\n")
		wmax := 0
		for _, l := range lines {
			wmax = max(wmax, ansi.StringWidth(l))
		}
		if len(lines) > sz[1] || wmax > sz[0] {
			bad = append(bad, fmt.Sprintf("%d×%d renders %d×%d", sz[0], sz[1], wmax, len(lines)))
		}
	}
	if len(bad) > 0 {
		t.Fatalf("the too-small notice is wider or taller than the terminal: %s", strings.Join(bad, "; "))
	}
}
