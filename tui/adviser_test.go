package tui

import (
	"fmt"
	"strings"
	"testing"

	"lattice/sim"
)

// In a solo game, a opens the adviser: each doctrine's plan for the side at
// the screen, lever by lever with the engine's reasons (PlanReasons, on a
// clone: the game does not move), ←/→ turn through the doctrines, and
// enter makes the plan the side's draft.
func TestAdviserPlansAndIsAdopted(t *testing.T) {
	m := press(t, fresh(t), toTurn1Solo...)
	g, c := m.sess.Game, m.sess.C
	hash := g.Hash()
	m = press(t, m, "a")
	for i, name := range adviserPolicies {
		if i > 0 {
			m = press(t, m, "right")
		}
		text := plain(m)
		mustShow(t, m, "What the "+name+" doctrine would do this")
		p, err := sim.PolicyByName(name)
		if err != nil {
			t.Fatal(err)
		}
		reasons := g.PlanReasons(p, m.side)
		if len(reasons) == 0 {
			t.Fatalf("%s plans nothing for %s", name, c.Sides[m.side].Name)
		}
		for _, r := range reasons {
			if want := fmt.Sprintf("• %s %d — ", c.Levers[r.Lever].Name, r.Points); !strings.Contains(text, want) {
				t.Errorf("%s: the adviser lacks %q:\n%s", name, want, text)
			}
		}
		if !strings.Contains(text, "╚") {
			t.Errorf("%s: the dialog's bottom is cut at 80×24:\n%s", name, text)
		}
	}
	if g.Hash() != hash {
		t.Fatal("asking the adviser changed the game")
	}
	// Back to balanced, wrapping round, and adopt it.
	m = press(t, m, "right")
	mustShow(t, m, "What the balanced doctrine")
	m = press(t, m, "enter")
	if m.adv.open {
		t.Fatal("enter did not close the adviser")
	}
	p, _ := sim.PolicyByName("balanced")
	want := make([]int, len(c.Levers))
	total := 0
	for _, r := range g.PlanReasons(p, m.side) {
		want[r.Lever] = r.Points
		total += r.Points
	}
	for l := range c.Levers {
		if got := m.sess.Orders.Get(m.side, l); got != want[l] {
			t.Errorf("%s: the draft has %d points, the plan %d", c.Levers[l].ID, got, want[l])
		}
	}
	mustShow(t, m, fmt.Sprintf("your draft is the balanced adviser's plan: %d points", total))
	// esc closes it without a change.
	m = press(t, m, "a", "left", "esc")
	if m.adv.open {
		t.Fatal("esc did not close the adviser")
	}
	if got := m.sess.Orders.Get(m.side, 0); got != want[0] {
		t.Errorf("esc changed the draft")
	}
}

// The adviser's dialog fits 80×24 in every built-in scenario, for every
// doctrine: a plan too tall for the screen is given a line a lever.
func TestAdviserFitsTheScreen(t *testing.T) {
	for _, name := range []string{"gray-zone", "taiwan-strait", "thaad-pressure"} {
		m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 1}), 80, 24)
		m = press(t, m, "enter", "enter", "enter", "a")
		for _, pol := range adviserPolicies {
			text := plain(m)
			if !strings.Contains(text, "What the "+pol+" doctrine") || !strings.Contains(text, "╚") || !strings.Contains(text, "["+pol+"]") {
				t.Errorf("%s, %s: the adviser's dialog is cut at 80×24:\n%s", name, pol, text)
			}
			m = press(t, m, "right")
		}
	}
}

// The adviser is a solo player's: at a hotseat the teams decide, and a
// stays unbound there.
func TestAdviserNotAtAHotseat(t *testing.T) {
	m := press(t, fresh(t), "enter", "right") // hotseat
	m = press(t, m, "enter", "enter")
	for i := 0; i < 3 && !strings.Contains(plain(m), "Allocation"); i++ {
		m = press(t, m, "enter") // the hand-over screen
	}
	mustShow(t, m, "Allocation")
	m = press(t, m, "a")
	if m.adv.open || strings.Contains(plain(m), "An adviser's plan") {
		t.Fatalf("a opened the adviser at a hotseat:\n%s", plain(m))
	}
}
