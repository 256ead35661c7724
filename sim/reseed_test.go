package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestReseed: a game reseeded before its first turn is NewGame with the new
// seed; a reseeded clone keeps the state, changes the hash and the dice,
// and leaves the original alone.
func TestReseed(t *testing.T) {
	c := builtin(t, "taiwan-strait")
	pols := policies(t, c, "balanced")
	g := sim.NewGame(c, 1)
	g.Reseed(7)
	if g.Hash() != sim.NewGame(c, 7).Hash() || g.Seed() != 7 {
		t.Fatalf("Reseed(7) of a new game is not NewGame(7)")
	}
	want := play(t, c, 7, pols).Hash()
	o := c.NewOrders()
	if err := sim.Play(g, pols, o, nil); err != nil {
		t.Fatal(err)
	}
	if g.Hash() != want {
		t.Errorf("a game reseeded at the start plays another game than NewGame(7)")
	}

	// Mid-game.
	base := sim.NewGame(c, 1)
	for i := 0; i < 3; i++ {
		base.Brief()
		o.Clear()
		base.PlanSides(pols, o)
		if _, err := base.Step(o); err != nil {
			t.Fatal(err)
		}
	}
	h0 := base.Hash()
	a, b := base.Clone(), base.Clone()
	b.Reseed(99)
	if base.Hash() != h0 || a.Hash() != h0 {
		t.Fatal("reseeding a clone changed the original")
	}
	if b.Hash() == h0 || b.Turn() != base.Turn() || b.Metric(sim.MDeterrence) != base.Metric(sim.MDeterrence) {
		t.Fatal("a reseeded clone must keep the state but change the hash")
	}
	c2 := base.Clone()
	c2.Reseed(99)
	if c2.Hash() != b.Hash() {
		t.Fatal("Reseed is not deterministic")
	}
	for _, x := range []*sim.Game{a, b, c2} {
		if err := sim.Play(x, pols, c.NewOrders(), nil); err != nil {
			t.Fatal(err)
		}
	}
	if b.Hash() != c2.Hash() {
		t.Error("two clones reseeded alike play different games")
	}
	if a.Hash() == b.Hash() {
		t.Error("fresh dice gave the same game (possible, but not for this seed)")
	}
}
