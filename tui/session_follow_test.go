package tui

import (
	"testing"

	"lattice/sim"
)

// In a solo game the AI ally follows the player onto a joint lever (see
// sim.Game.FollowLeads), also after the game is resumed from its journal:
// ROK (the player) holds Japanese basing alone in week 1 and the US (AI,
// balanced) joins it in week 2 in most games; without following it did
// in 24 of 60 (sim's TestAIAllyFollowsAPlayersJointLever).
func TestSoloAIAllyJoinsThePlayersJointLever(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := scenarioEntry(t, "taiwan-strait").Compiled
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	l := c.LeverIndex("japan_basing")
	human := make([]bool, len(c.Sides))
	human[rok] = true
	pols := make([]sim.Policy, len(c.Sides))
	pols[us], _ = sim.PolicyByName("balanced")
	joined, resumedJoined := 0, 0
	const games = 20
	for seed := uint64(1); seed <= games; seed++ {
		s := NewSession(c, seed, "normal", human, pols)
		w, err := startJournal(s, "taiwan-strait", "test")
		if err != nil {
			t.Fatal(err)
		}
		s.Journal, s.JournalPath = w, w.Path()
		closeAtEnd(t, func() *Session { return s })
		s.Brief()
		s.Orders.Set(rok, l, 2)
		s.Commit(rok)
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
		if s.Orders.Get(us, l) > 0 {
			continue // the US was on it too: not the case
		}
		w.Close()
		r, _, err := Resume(s.JournalPath)
		if err != nil {
			t.Fatal(err)
		}
		closeAtEnd(t, func() *Session { return r })
		for i, sess := range []*Session{s, r} {
			sess.Brief()
			sess.Orders.Clear()
			sess.Commit(rok)
			rec, err := sess.Adjudicate()
			if err != nil {
				t.Fatal(err)
			}
			if rec.Points[us*len(c.Levers)+l] > 0 {
				if i == 0 {
					joined++
				} else {
					resumedJoined++
				}
			}
		}
		r.Journal.Close()
	}
	if joined < games*3/4 || resumedJoined != joined {
		t.Errorf("the AI US joined the player's Japanese basing in %d of %d games (%d after a resume): want at least 3 in 4, the same after a resume", joined, games, resumedJoined)
	}
}
