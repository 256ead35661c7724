package tui

// Findings of a new player's play-test (solo, 80×24 and smaller), each
// with the test that failed before its fix.

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"lattice/sim"
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

// The end screen's Why names the part of a longer condition that made the
// end hold: a taiwan-strait player lost as Coerced read "Adversary gains ≥
// 45 or Korean trade and supply chains < 30 or (at the end: Adversary
// gains ≥ 30)" and had to work out which had fired.
func TestDecisiveComparison(t *testing.T) {
	c := scenarioEntry(t, "taiwan-strait").Compiled
	end := slices.IndexFunc(c.Ends, func(e sim.EndInfo) bool { return e.ID == "coerced" })
	metric := func(id string) int {
		return slices.IndexFunc(c.Metrics, func(m sim.MetricInfo) bool { return m.ID == id })
	}
	gains, trade := metric("gains"), metric("trade")
	if end < 0 || gains < 0 || trade < 0 {
		t.Fatal("taiwan-strait has no coerced end, gains or trade: choose another case")
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	set := func(m int, v string) {
		t.Helper()
		x, err := sim.ParseFix(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := g.SetMetric(m, x); err != nil {
			t.Fatal(err)
		}
	}
	set(trade, "54.87")
	for _, tc := range []struct{ gains, trade, want string }{
		{"50", "54.87", "Adversary gains 50.00 ≥ 45"},             // the stricter of gains ≥ 45 and ≥ 30
		{"20", "25", "Korean trade and supply chains 25.00 < 30"}, //
		{"50", "25", ""},       // two branches held: neither alone did it
		{"33.95", "54.87", ""}, // nothing holds before the end
	} {
		set(gains, tc.gains)
		set(trade, tc.trade)
		if got := decisive(c, g, end); got != tc.want {
			t.Errorf("gains %s, trade %s: %q, want %q", tc.gains, tc.trade, got, tc.want)
		}
	}
}

// On the end screen: taiwan-strait played solo with the tests' few points
// ends Coerced at the end with gains 32.79 (seed 1), and with gains 47.98
// (seed 6), where both gains ≥ 45 and the end's gains ≥ 30 held.
func TestEndScreenSaysWhichPartHeld(t *testing.T) {
	for _, tc := range []struct {
		seed uint64
		want string
	}{
		{1, "Why: Coerced — Adversary gains 32.79 ≥ 30 (its condition: Adversary gains ≥ 45 or"},
		{6, "Why: Coerced — Adversary gains 47.98 ≥ 45 (its condition:"},
	} {
		m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: tc.seed, SkipPicker: true}), 100, 60)
		m = playSoloToEnd(t, press(t, m, "enter", "enter"))
		mustShow(t, m, tc.want)
	}
}

// The intelligence panel, focused, pages with pgdn and pgup as the why?
// panel and the results do: its 42 lines took 42 presses of ↓.
func TestIntelPanelPages(t *testing.T) {
	m := press(t, stateTurn(t), "tab")
	if m.focus != 2 {
		t.Fatalf("tab gave the focus to panel %d, want the intelligence panel (2)", m.focus)
	}
	if m.intelHidden() < 2 {
		m = resize(t, m, 80, 20) // a smaller screen, for more lines below
	}
	hidden := m.intelHidden()
	if hidden < 2 {
		t.Fatalf("the intelligence panel hides %d lines: choose a case with more", hidden)
	}
	down := press(t, m, "pgdown")
	if want := min(m.intelPage(), hidden); down.intelAt != want || want < 2 {
		t.Errorf("pgdn moved the panel to line %d, want %d (a page of %d)", down.intelAt, want, m.intelPage())
	}
	if up := press(t, down, "pgup"); up.intelAt != 0 {
		t.Errorf("pgup moved it back to line %d, want 0", up.intelAt)
	}
}

// The adviser's layout is one for every doctrine: at 80×24 in gray-zone's
// first month, balanced's plan had the full layout ("An adviser's plan",
// "Enter makes it your draft") and deterrence-first's the compact one, so
// the title and the word on enter came and went at each ←/→.
func TestAdviserLayoutStaysPut(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 5}), 80, 24)
	m = press(t, m, "enter", "enter", "enter", "a")
	full := map[bool]int{}
	for range adviserPolicies {
		s := plain(m)
		full[strings.Contains(s, "An adviser's plan") && strings.Contains(s, "Enter makes it your draft")]++
		m = press(t, m, "right")
	}
	if len(full) != 1 {
		t.Errorf("the adviser's doctrines are drawn in %d layouts (full: %d, compact: %d), want one", len(full), full[true], full[false])
	}
}

// From a seminar's play-test on one screen: the enter that commits a
// team's turn, pressed twice, passed the hand-over too, and the team read
// the next team's private objective and could commit its points. The
// hand-over now wants space; enter says so. And ? there did nothing on
// the hand-over but opened the help over the next team's turn screen.
func TestHandoverWantsSpace(t *testing.T) {
	m := stateHandover(t)
	if m.screen != scrHandover {
		t.Fatalf("screen %d, want the hand-over", m.screen)
	}
	side := m.side
	for _, k := range []string{"enter", "?"} {
		m, _ = update(t, m, keyMsg(k)) // not press: it sends enter here as space
		if m.screen != scrHandover || m.fullHelp {
			t.Fatalf("%s on the hand-over: screen %d, help %v; want the hand-over still", k, m.screen, m.fullHelp)
		}
	}
	mustShow(t, m, "Press space when", "enter does nothing here")
	m, _ = update(t, m, keyMsg("space"))
	if m.screen == scrHandover || m.side != side || m.fullHelp {
		t.Fatalf("space on the hand-over: screen %d, side %d (want %d), help %v", m.screen, m.side, side, m.fullHelp)
	}
}

// "The previous team's plan is hidden." on a hand-over is said once
// another team has played this turn, and only then: with a Red team it
// was said on Red's hand-over of every turn but the first (the commits it
// read were last turn's) and not on the first ally's after Red's commit.
func TestHandoverSaysHiddenOnlyAfterATeamThisTurn(t *testing.T) {
	m := stateHandover(t) // hotseat, both allies and a Red team
	var got []string
	for step := 0; step < 80 && m.sess.Game.Turn() <= 2; step++ {
		switch {
		case m.screen == scrHandover:
			got = append(got, fmt.Sprintf("week %d %s: %v", m.sess.Game.Turn(), m.sess.C.Sides[m.side].ID, strings.Contains(plain(m), "previous team's plan is hidden")))
			m = press(t, m, "space")
		case m.confirmEnd:
			m = press(t, m, "y")
		case m.screen == scrAdversary:
			m = press(t, m, "r", "enter")
		case m.dialog >= 0:
			m = press(t, m, "enter")
		case m.screen == scrTurn:
			m = commitTurn(t, m)
		default:
			m = press(t, m, "enter")
		}
	}
	adv := m.sess.C.Sides[slices.IndexFunc(m.sess.C.Sides, func(s sim.SideInfo) bool { return s.Adversary })].ID
	want := []string{
		"week 1 " + adv + ": false", "week 1 rok: true", "week 1 us: true",
		"week 2 " + adv + ": false", "week 2 rok: true", "week 2 us: true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("hand-overs and the hidden plan's line:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// An act the White cell took back leaves the teams' notice line: set
// a budget, then z, and the line read "the White cell: … set … budget to 2
// … · the White cell: … took back its act: …", cut at the screen's width
// before the take-back, so the teams read a change no longer in effect.
// The notices before it stay.
func TestUndoneActLeavesTheNotice(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	inj := slices.IndexFunc(c.Injects, func(in sim.InjectInfo) bool { return len(in.Choices) == 0 })
	m, rok, us := hotseatAtROK(t, s)
	m = press(t, injectAndCut(t, m, inj, us), "z", "o", "o", "p", "s", "enter", "esc")
	if m.side != rok || m.screen != scrTurn {
		t.Fatalf("side %d on screen %v, want ROK's turn", m.side, m.screen)
	}
	parts := strings.Split(m.message, noticeSep)
	if len(parts) != 2 || !strings.HasSuffix(parts[0], " — leak") || !strings.Contains(parts[1], "took back its act: set") {
		t.Errorf("ROK's turn says %q, want the inject's notice, then the take-back's, without the budget's", m.message)
	}
	m = rokCommitsToUS(t, m, us)
	if strings.Contains(m.message, "set your budget to 2") || !strings.Contains(m.message, "took back its act") {
		t.Errorf("the US's turn says %q: the budget set and taken back is said as in effect", m.message)
	}
}

// A change too small for its metric's decimals, for the worse, is written
// "▼<.01" in the metrics panel: "▼0.0048!" pushed the grade off the row
// at 80 columns (a seminar's play-test, thaad-pressure's economy). One
// that fits keeps its decimals (TestTinyChangeShown).
func TestTinyChangeKeepsTheGrade(t *testing.T) {
	m := stateTurn(t)
	c := m.sess.C
	mi := slices.IndexFunc(c.Metrics, func(mt sim.MetricInfo) bool { return !mt.Component && !mt.GoodLow && mt.ID != "deterrence" }) // a fall marked "!"
	last := m.sess.History[len(m.sess.History)-1]
	last[mi] = m.sess.Game.Metric(mi) + 48 // 0.0048 above: a fall of 0.0048
	row := ""
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.HasPrefix(l, "│ "+truncate(c.Metrics[mi].Name, 12)) && row == "" { // the metrics panel's row
			row = l
		}
	}
	if !strings.Contains(row, "▼<.01") || strings.Contains(row, "0.0048") {
		t.Errorf("the row of a fall of 0.0048 reads %q, want ▼<.01", row)
	}
}

// The Red team's planning screen keeps five moves of its playbook in view
// at 80×24, the rules and the move's description and signal cut to a line
// each where they must: thaad-pressure's ten moves showed two at a time.
func TestRedPlaybookKeepsFiveRows(t *testing.T) {
	for _, name := range []string{"thaad-pressure", "taiwan-strait"} {
		m := redSolo(t, name, 80, 24)
		rows := 0
		for _, l := range strings.Split(plain(m), "\n") {
			if strings.HasPrefix(l, "▸ ") || strings.HasPrefix(l, "  [") || strings.HasPrefix(l, "    ") && strings.Contains(l, "pressure") || strings.HasPrefix(l, "      ") && strings.Contains(l, "condition") {
				rows++
			}
		}
		if rows < 5 {
			t.Errorf("%s at 80×24: %d moves in view, want 5 at least:\n%s", name, rows, plain(m))
		}
		mustShow(t, m, "On success:", "see through each with chance")
	}
}
