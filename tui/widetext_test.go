package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/scenarios"
	"lattice/sim"
)

// Names a scenario's author may write: CJK (two cells a character), emoji
// (a flag and a ZWJ family are one two-cell grapheme each), combining marks
// and Thai tone marks (no cell of their own), and escape sequences that
// sim.Compile removes.
const (
	wideTitle  = "台湾海峡：封锁与反封锁的十周 🚢🇹🇼 危机与对策"
	wideSide   = "大韩民国政府 🇰🇷"
	markedSide = "Pa\u0301rtne\u0301r \u0e01\u0e34\u0e4a 👨\u200d👩\u200d👧 government"
	wideMetric = "同盟凝聚力指标值"
	wideLever  = "合同演习（联合指挥所演练）大规模"
	wideAction = "海上民兵蜂群行动😀😀😀"
	wideRung   = "緊張緊張緊張"
)

// wideEntry is the tutorial with the wide names above, at every level.
func wideEntry(t testing.TB) Entry {
	t.Helper()
	widen := func(s *sim.Scenario) {
		s.Title = wideTitle
		s.Sides[0].Name = wideSide
		s.Sides[1].Name = markedSide
		s.Sides[2].Name = "Ad\x1b[31mver\x1b]0;pwn\x07sary"
		for i := range s.Metrics {
			if s.Metrics[i].ID == "cohesion" {
				s.Metrics[i].Name = wideMetric
			}
		}
		s.Levers[0].Name = wideLever
		s.Actions[0].Name = wideAction
		s.Escalation.Rungs[1].Name = wideRung
	}
	load := func(level string) (*sim.Compiled, error) {
		s, err := scenarios.Open("tutorial")
		if err != nil {
			return nil, err
		}
		if s, err = s.WithDifficulty(level); err != nil {
			return nil, err
		}
		s = s.Clone()
		widen(s)
		return sim.Compile(s)
	}
	s, err := scenarios.Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	s = s.Clone()
	widen(s)
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatalf("sim.Compile: %v", err)
	}
	return Entry{Name: "tutorial", Scenario: s, Compiled: c, Load: load}
}

// TestWideTextKeepsTheLayout: names two cells a character wide, emoji and
// combining marks are cut and padded by the cells they take, not by their
// runes: every screen keeps to the terminal's width and height, and the
// turn screen's header stays one line. Names were cut by rune count, so a
// CJK title took twice the room it was given: at 80×24 the header wrapped
// to a second line and pushed the panels' bottom border off the screen,
// and a CJK metric name pushed its value out of the column.
func TestWideTextKeepsTheLayout(t *testing.T) {
	start := func(t testing.TB, w, h int) Model {
		m := New(Options{Entries: []Entry{wideEntry(t)}, Seed: 1})
		return resize(t, m, w, h)
	}
	states := []struct {
		name  string
		build func(t testing.TB, w, h int) Model
	}{
		{"picker", func(t testing.TB, w, h int) Model { return start(t, w, h) }},
		{"setup", func(t testing.TB, w, h int) Model { return press(t, start(t, w, h), "enter") }},
		{"briefing", func(t testing.TB, w, h int) Model { return press(t, start(t, w, h), "enter", "enter") }},
		{"turn", func(t testing.TB, w, h int) Model {
			return press(t, start(t, w, h), append(toTurn1Solo, addPoints...)...)
		}},
		{"turn_metrics", func(t testing.TB, w, h int) Model {
			return press(t, start(t, w, h), append(toTurn1Solo, "tab", "tab", "down", "down", "down", "down", "down")...)
		}},
		{"turn_details", func(t testing.TB, w, h int) Model {
			return press(t, start(t, w, h), append(toTurn1Solo, "i")...)
		}},
		{"results", func(t testing.TB, w, h int) Model {
			return commitTurn(t, press(t, start(t, w, h), append(toTurn1Solo, addPoints...)...))
		}},
		{"turn2", func(t testing.TB, w, h int) Model {
			m := commitTurn(t, press(t, start(t, w, h), append(toTurn1Solo, addPoints...)...))
			return press(t, m, "enter")
		}},
		{"charts", func(t testing.TB, w, h int) Model {
			m := commitTurn(t, press(t, start(t, w, h), append(toTurn1Solo, addPoints...)...))
			return press(t, m, "c", "right", "right", "right", "right")
		}},
		{"adversary", func(t testing.TB, w, h int) Model {
			return press(t, start(t, w, h), append(toSetupHotseatRed, "enter", "enter", "enter")...)
		}},
		{"end", func(t testing.TB, w, h int) Model {
			return playSoloToEnd(t, press(t, start(t, w, h), toTurn1Solo...))
		}},
	}
	for _, sz := range [][2]int{{80, 24}, {100, 30}, {160, 48}} {
		w, h := sz[0], sz[1]
		for _, st := range states {
			t.Run(fmt.Sprintf("%s/%dx%d", st.name, w, h), func(t *testing.T) {
				m := st.build(t, w, h)
				content := m.View().Content
				screen := ansi.Strip(content)
				if strings.Contains(screen, "pwn") || strings.Contains(content, "\x1b]") {
					t.Fatalf("the side name's escape sequence reached the screen:\n%s", screen)
				}
				lines := strings.Split(content, "\n")
				if len(lines) != h {
					t.Fatalf("%d lines, want %d:\n%s", len(lines), h, screen)
				}
				for i, l := range lines {
					if lw := ansi.StringWidth(l); lw > w {
						t.Fatalf("line %d is %d cells wide, more than %d: %q\n%s", i+1, lw, w, ansi.Strip(l), screen)
					}
				}
				if strings.HasPrefix(st.name, "turn") {
					first := ansi.Strip(lines[0])
					if !strings.HasPrefix(first, "Turn ") || !strings.Contains(first, "rung ") {
						t.Fatalf("the header is not one line (turn and rung on it):\n%s", screen)
					}
				}
			})
		}
	}
}

// TestWideMetricNameKeepsItsColumns: a metric whose name is in CJK has its
// value, change and grade in the same columns as the others'.
func TestWideMetricNameKeepsItsColumns(t *testing.T) {
	for _, w := range []int{80, 160} {
		m := resize(t, New(Options{Entries: []Entry{wideEntry(t)}, Seed: 1}), w, 24*w/80)
		m = press(t, m, toTurn1Solo...)
		var wide, plainRow string
		for _, l := range strings.Split(plain(m), "\n") {
			switch {
			case strings.Contains(l, wideMetric[:6]) && wide == "":
				wide = l
			case strings.Contains(l, "Escalation") && plainRow == "":
				plainRow = l
			}
		}
		if wide == "" || plainRow == "" {
			t.Fatalf("%d columns: no row for the CJK metric or Escalation:\n%s", w, plain(m))
		}
		// The value's last cell: "60.00" and "15.00" end in the same column.
		end := func(l, v string) int {
			i := strings.Index(l, v)
			if i < 0 {
				return -1
			}
			return ansi.StringWidth(l[:i+len(v)])
		}
		if a, b := end(wide, "60.00"), end(plainRow, "15.00"); a != b || a < 0 {
			t.Fatalf("%d columns: the CJK metric's value ends at column %d, Escalation's at %d:\n%s\n%s", w, a, b, wide, plainRow)
		}
	}
}

// TestLongNamesKeepTheHeaderOneLine: a long side name and rung name give
// way on the turn screen's header (the side's first, then the title's,
// then the rung's), which stays one line from 60 columns up: it wrapped to
// two, the title cut to nothing, and the panels' bottom border went off the
// screen.
func TestLongNamesKeepTheHeaderOneLine(t *testing.T) {
	s, err := scenarios.Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	s = s.Clone()
	s.Sides[0].Name = "The Government of the Republic of Korea and its Ministry of National Defense"
	s.Sides[2].Name = "大韓民國에 맞서는 적대 세력과 그 동맹 조직들의 연합"
	s.Escalation.Rungs[0].Name = "Calm but watchful and uneasy, every patrol shadowed"
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	e := Entry{Name: "tutorial", Scenario: s, Compiled: c, Load: func(string) (*sim.Compiled, error) { return c, nil }}
	for _, w := range []int{60, 70, 80, 100, 160, 200} {
		for name, keys := range map[string][]string{
			"turn":      toTurn1Solo,
			"confirm":   append(slices.Clone(toTurn1Solo), "enter"),
			"adversary": append(slices.Clone(toSetupHotseatRed), "enter", "enter", "enter"),
		} {
			m := press(t, resize(t, New(Options{Entries: []Entry{e}, Seed: 1}), w, 24), keys...)
			lines := strings.Split(plain(m), "\n")
			first := lines[0]
			if !strings.HasPrefix(first, "Turn 1/5 · Week 1 · Tutori") || !strings.Contains(first, "rung 1/5") || ansi.StringWidth(first) > w {
				t.Fatalf("%s at %d columns: the header is not one line with the title and the rung:\n%s", name, w, plain(m))
			}
			if name == "turn" && !strings.HasPrefix(strings.TrimSpace(lines[len(lines)-4]), "╰") && !strings.HasPrefix(strings.TrimSpace(lines[len(lines)-3]), "╰") {
				t.Fatalf("%s at %d columns: the panels' bottom border is off the screen:\n%s", name, w, plain(m))
			}
		}
	}
}
