package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"lattice/scenarios"
	"lattice/sim"
)

// turnScreen returns a model showing the turn screen of the tutorial at
// the given size, with a few points allocated.
func turnScreen(tb testing.TB, w, h int) Model {
	s, err := scenarios.Open("tutorial")
	if err != nil {
		tb.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		tb.Fatal(err)
	}
	var m tea.Model = New(Options{Entries: []Entry{{Name: "tutorial", Compiled: c, Scenario: s}}, Pick: 0, SkipPicker: true, Seed: 1})
	m, _ = m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	for _, k := range []tea.KeyPressMsg{{Code: tea.KeyEnter}, {Code: tea.KeyEnter}, {Code: tea.KeyRight}, {Code: tea.KeyRight}, {Code: tea.KeyDown}, {Code: tea.KeyRight}} {
		m, _ = m.Update(k)
	}
	mm := m.(Model)
	if mm.screen != scrTurn {
		tb.Fatalf("not on the turn screen: %d", mm.screen)
	}
	return mm
}

// BenchmarkTurnView measures rendering the turn screen at 200×60.
func BenchmarkTurnView(b *testing.B) {
	m := turnScreen(b, 200, 60)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = m.View()
	}
}
