package tui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
	"lattice/sim/journal"
)

// TestAdviserOpensOnItsFirstDoctrineInANewGame: the adviser opened on the
// doctrine browsed last, in another game, another scenario even, where a
// newcomer's a then enter took a losing plan.
func TestAdviserOpensOnItsFirstDoctrineInANewGame(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 100, 40), "enter", "enter")
	m.adv.pol = 2 // browsed to resilience-first
	m.startSetup()
	m = press(t, m, "enter", "enter")
	if m.adv.pol != 0 {
		t.Errorf("a new game's adviser opens on %s, want %s", adviserPolicies[m.adv.pol], adviserPolicies[0])
	}
}

// TestSoloOddsCountTheAlliesHiddenPoints: a solo player's results list its
// AI partner's points on hidden levers too, but the odds "with allies last
// turn" left them out, understating the defence. The estimate is the
// engine's Preview with every other ally's points of last turn.
func TestSoloOddsCountTheAlliesHiddenPoints(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "taiwan-strait")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 100, 40), "enter", "enter")
	for i := 0; (len(m.sess.Results) < 3 || m.screen != scrTurn || m.dialog >= 0) && i < 60; i++ {
		switch { // three turns, so that the partner has played hidden levers too
		case m.screen == scrTurn && m.dialog < 0:
			m = commitTurn(t, press(t, m, "right", "right"))
		default: // an event's dialog, the results
			m = press(t, m, "enter")
		}
	}
	if len(m.sess.Results) != 3 || m.screen != scrTurn {
		t.Fatalf("%d turns played, screen %d:\n%s", len(m.sess.Results), m.screen, plain(m))
	}
	c, g := m.sess.C, m.sess.Game
	nl, last := len(c.Levers), &m.sess.Results[len(m.sess.Results)-1]
	hidden := false
	o := c.NewOrders()
	for _, a := range c.Alliance() {
		for l := range c.Levers {
			if p := last.Points[a*nl+l]; a != m.side && p > 0 {
				o.Set(m.otherAlly(), l, o.Get(m.otherAlly(), l)+p)
				hidden = hidden || !c.Levers[l].Visible
			}
		}
	}
	if !hidden {
		t.Fatal("the partner played no hidden lever: the test shows nothing")
	}
	want := g.Preview(m.side, o).Moves
	short, _, _ := m.oddsLines(60)
	for _, mv := range want {
		if line := "→ " + mv.P.Format(2); !strings.Contains(short, line) {
			t.Errorf("the odds lack %s %q for %s:\n%s", sim.Sanitize(c.Actions[mv.Action].Name, false), line, c.Actions[mv.Action].ID, short)
		}
	}
}

// TestRepeatNamesThePointsLeftOut: r with points that no longer fit the
// budget said "2 did not fit — … spends 8.0 but only 7.8 is available",
// and not which levers it had left short.
func TestRepeatNamesThePointsLeftOut(t *testing.T) {
	m := press(t, stateResults(t), "enter") // week 2, after 2 points on the exercise and 1 on patrols
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	c := m.sess.C
	if err := m.sess.Act(journal.WhiteCell{Action: journal.ActBudget, Side: c.Sides[m.side].ID, Value: "1", Reason: "a cut"}); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "r")
	var want []string
	nl, last := len(c.Levers), m.sess.Results[len(m.sess.Results)-1].Points
	for l := range c.Levers {
		if got, had := m.sess.Orders.Get(m.side, l), last[m.side*nl+l]; got < had {
			want = append(want, fmt.Sprintf("%s −%d", c.Levers[l].Name, had-got))
		}
	}
	if len(want) == 0 || !strings.Contains(m.message, "did not fit ("+strings.Join(want, ", ")+")") {
		t.Errorf("r says %q; want the levers left short: %q", m.message, want)
	}
}

// TestResultsMarkOnlyChangesShown: "✓ Capability 0.650 → 0.650" marked a
// change too small to show as better.
func TestResultsMarkOnlyChangesShown(t *testing.T) {
	m := stateResults(t)
	c := m.sess.C
	rec := *m.last
	rec.Before, rec.After = slices.Clone(rec.Before), slices.Clone(rec.After)
	rec.After[sim.MCapability] = rec.Before[sim.MCapability] + 1 // 0.0001: shown alike
	m.last = &rec
	shown := c.FormatMetric(sim.MCapability, rec.Before[sim.MCapability])
	for _, l := range strings.Split(ansi.Strip(m.resultsText()), "\n") {
		if strings.Contains(l, "Capability "+shown+" → "+shown) && (strings.Contains(l, "✓") || strings.Contains(l, "✗")) {
			t.Errorf("a change too small to show is marked: %q", l)
		}
	}
}

// TestEndScreenGuide: ? on the end screen drew the bare list of keys over
// the debrief, with no title and no word of the grades. It is a reading
// guide, as on the turn screen and the results, and no key acts on the
// screen behind it.
func TestEndScreenGuide(t *testing.T) {
	m := playSoloToEnd(t, press(t, resize(t, newTutorial(t), 80, 24), toTurn1Solo...))
	if m.screen != scrEnd {
		t.Fatalf("screen %d, want the end", m.screen)
	}
	m = press(t, m, "?")
	mustShow(t, m, "Reading the end screen · ? or esc: back to it", "true win")
	m = press(t, m, "n", "enter")
	if m.screen != scrEnd || !m.fullHelp {
		t.Fatalf("a key acted behind the guide: screen %d, guide open %v", m.screen, m.fullHelp)
	}
	m = press(t, m, "esc")
	if m.fullHelp {
		t.Error("esc did not close the guide")
	}
}
