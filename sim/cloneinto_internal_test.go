package sim

import (
	"os"
	"testing"
)

// TestCloneIntoIsClone: a copy made into a scratch Game that has played
// other games (cloneInto, as Lookahead reuses one) plays on exactly as a
// fresh Clone does: the same hash after every turn of the rest of the
// game, ledger included, and the scratch shares no memory with the game
// it was copied from.
func TestCloneIntoIsClone(t *testing.T) {
	// The built-in scenarios, read from their directory: package
	// scenarios imports sim, so an internal test cannot import it.
	for _, id := range []string{"tutorial", "gray-zone", "taiwan-strait", "thaad-pressure"} {
		s, err := Load(os.DirFS("../scenarios"), id+".toml")
		if err != nil {
			t.Fatal(err)
		}
		c, err := Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		pol, _ := PolicyByName("balanced")
		pols := make([]Policy, len(c.Sides))
		for _, a := range c.alliance {
			pols[a] = pol
		}
		var scratch Game
		for seed := uint64(1); seed <= 6; seed++ {
			g := NewGame(c, seed)
			o := c.NewOrders()
			for turn := 0; !g.Over(); turn++ {
				if turn%2 == 1 {
					g.Brief() // copy a briefed game too
				}
				fresh := g.Clone()
				g.cloneInto(&scratch)
				if fresh.Hash() != scratch.Hash() {
					t.Fatalf("%s seed %d turn %d: cloneInto's hash differs from Clone's", id, seed, turn)
				}
				before := g.Hash()
				playOut(t, fresh, pols)
				playOut(t, &scratch, pols)
				if fresh.Hash() != scratch.Hash() || fresh.Turn() != scratch.Turn() {
					t.Fatalf("%s seed %d from turn %d: a game played on from cloneInto ends unlike one from Clone", id, seed, turn)
				}
				if g.Hash() != before {
					t.Fatalf("%s seed %d turn %d: playing the copy changed the original", id, seed, turn)
				}
				g.Brief()
				o.Clear()
				g.PlanSides(pols, o)
				if _, err := g.Step(o); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// playOut plays g to its end with pols.
func playOut(t *testing.T, g *Game, pols []Policy) {
	t.Helper()
	o := g.c.NewOrders()
	for !g.Over() {
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		if _, err := g.Step(o); err != nil {
			t.Fatal(err)
		}
	}
}
