package tui

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestSeedLineKeepsTheRedTeam: the end screen's "the same seed replays the
// same dice" offered 'lattice play taiwan-strait --seed 42 --hotseat' for a
// hotseat game with a Red team, which gives the adversary to its doctrine:
// another game. It offers a fork of the journal from the start, which
// keeps the sides and players; a game without a Red team keeps its flags.
func TestSeedLineKeepsTheRedTeam(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	for _, red := range []bool{false, true} {
		human := make([]bool, len(c.Sides))
		for s := range c.Sides {
			human[s] = !c.Sides[s].Adversary || red
		}
		s := NewSession(c, 42, "normal", human, make([]sim.Policy, len(c.Sides)))
		w, err := startJournal(s, "tutorial", "test")
		if err != nil {
			t.Fatal(err)
		}
		s.Journal, s.JournalPath = w, w.Path()
		closeAtEnd(t, func() *Session { return s })
		m := New(Options{Resume: s})
		got := m.seedLine()
		w.Close()
		want := "lattice play tutorial --seed 42 --hotseat"
		if red {
			want = "lattice play --fork " + sim.ShellQuote(s.JournalPath) + " --at 0"
		}
		if !strings.Contains(got, want) {
			t.Errorf("Red team %v: %q, want %q", red, got, want)
		}
	}
}

// A solo game whose AI ally played lookahead (chosen in the setup, which
// play's flags cannot) is replayed by a fork of its journal from the
// start: 'lattice play taiwan-strait --seed 42 --side rok' brought the
// ally back balanced (a solo player's review). An ally on the scenario's
// policy keeps the flags.
func TestSeedLineKeepsTheAIAllysPolicy(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	for _, ally := range []string{"balanced", "lookahead"} {
		s, _, _ := soloTutorialWith(t, ally)
		w, err := startJournal(s, "tutorial", "test")
		if err != nil {
			t.Fatal(err)
		}
		s.Journal, s.JournalPath = w, w.Path()
		closeAtEnd(t, func() *Session { return s })
		got := New(Options{Resume: s}).seedLine()
		w.Close()
		want := "lattice play tutorial --seed 7 --side rok"
		if ally == "lookahead" {
			want = "lattice play --fork " + sim.ShellQuote(s.JournalPath) + " --at 0"
		}
		if !strings.Contains(got, want) {
			t.Errorf("ally %s: %q, want %q", ally, got, want)
		}
	}
}
