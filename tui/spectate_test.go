package tui

import (
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestSpectate watches an all-AI game in the interface: it opens on the
// briefing, each Enter plays exactly one turn and shows its results, and
// the game ends as the same game played headless.
func TestSpectate(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := sim.NewGame(c, 8)
	if err := sim.Play(want, pols, c.NewOrders(), nil); err != nil {
		t.Fatal(err)
	}
	s, err := Spectator(c, 8, "", pols)
	if err != nil {
		t.Fatal(err)
	}
	m := resize(t, New(Options{Resume: s, Spectate: true}), 120, 40)
	if m.screen != scrBriefing || len(s.Results) != 0 {
		t.Fatalf("spectator opens on screen %d after %d turns, want the briefing before any", m.screen, len(s.Results))
	}
	_ = m.View()
	for turn := 1; m.screen != scrEnd; turn++ {
		if turn > c.Turns+1 {
			t.Fatal("the game does not end")
		}
		m = press(t, m, "enter")
		_ = m.View()
		if m.screen == scrEnd {
			break
		}
		if m.screen != scrResults || len(s.Results) != turn {
			t.Fatalf("after Enter %d: screen %d with %d turns played", turn, m.screen, len(s.Results))
		}
	}
	// The end names the seed, without a play command that would not replay
	// a batch run's policies.
	mustShow(t, m, "Seed 8")
	mustNotShow(t, m, "lattice play")
	if !s.Game.Over() || s.Game.Hash() != want.Hash() {
		t.Fatalf("spectated game ends with hash %016x, the headless game with %016x", s.Game.Hash(), want.Hash())
	}
	if _, err := Spectator(c, 8, "", make([]sim.Policy, len(c.Sides))); err == nil {
		t.Error("a spectator session without AI policies was accepted")
	}
}
