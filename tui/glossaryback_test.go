package tui

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// TestReadingGuideSaysHowBack: the ? screen's reading guide covers the
// turn screen, and its title says how to get back (the key list's "?
// help" read as the way in); esc does it too, over an event's dialog as
// well (it did nothing there, and a new player seemed stuck), where the
// guide says the dialog's keys first and no key reaches the dialog
// behind it.
func TestReadingGuideSaysHowBack(t *testing.T) {
	m := press(t, stateTurn(t), "?")
	mustShow(t, m, "Reading the turn screen · ? or esc: back to the game")
	mustShow(t, press(t, m, "esc"), "▶ Allocation")
	d := press(t, stateInjectDialog(t), "?")
	mustShow(t, d, "Reading the turn screen · ? or esc: back to the decision", "a second enter confirms", "the event's whole text")
	mustShow(t, press(t, d, "?"), "decides:")
	back := press(t, d, "down", "enter", "enter", "esc")
	mustShow(t, back, "decides:")
	if ch := back.sess.Orders.Choices[back.dialog]; ch >= 0 {
		t.Errorf("keys pressed over the guide decided the event (choice %d)", ch)
	}
}

// The ? guide says how the budget follows the side's public, where it has
// a support metric: thaad-pressure's fell from 9.0 to 8.0 in a game with
// nothing on the screen saying why.
func TestGuideExplainsBudget(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 120, 40), "enter", "enter")
	g := strings.Join(strings.Fields(ansi.Strip(m.glossary(110))), " ")
	if want := "budget 9 × (50 + ROK domestic support)/100 a month: it falls with support"; !strings.Contains(g, want) {
		t.Errorf("the guide lacks %q:\n%s", want, g)
	}
	// The Red team's guide has no budget row: an adversary has no budget.
	red := m
	red.side = slices.IndexFunc(m.sess.C.Sides, func(s sim.SideInfo) bool { return s.Adversary })
	if strings.Contains(ansi.Strip(red.glossary(110)), "/100 a month") {
		t.Errorf("the adversary's guide explains a budget")
	}
}
