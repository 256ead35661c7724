package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestOutlook: the adviser's track record changes nothing in the game
// (its hash, and the game played on from it), gives the same figures for
// the same state and seed, and tells a doctrine that loses a scenario from
// one that wins it, as batches do (gray-zone, every ally on alliance-first:
// 0.1% of 1,000 games; balanced: 60.5%).
func TestOutlook(t *testing.T) {
	c := builtin(t, "gray-zone")
	pols := policies(t, c, "balanced")
	rok := c.SideIndex("rok")
	g := sim.NewGame(c, 5)
	g.Brief()
	before := g.Hash()
	twin := g.Clone()
	alliance, _ := sim.PolicyByName("alliance-first")
	balanced, _ := sim.PolicyByName("balanced")
	allAlliance := policies(t, c, "alliance-first")
	low := g.Outlook(rok, alliance, allAlliance, 200, 42)
	high := g.Outlook(rok, balanced, pols, 200, 42)
	if g.Hash() != before {
		t.Fatal("Outlook changed the game")
	}
	if again := g.Outlook(rok, alliance, allAlliance, 200, 42); again != low {
		t.Errorf("the same state and seed: %+v, then %+v", low, again)
	}
	if low.Runs != 200 || high.Runs != 200 {
		t.Fatalf("runs %d and %d, want 200", low.Runs, high.Runs)
	}
	if low.Successes > 20 || high.Successes < 80 {
		t.Errorf("alliance-first won %d of 200, balanced %d: want few and most", low.Successes, high.Successes)
	}
	// The game plays on as its twin does: Outlook drew nothing from its
	// streams.
	o := c.NewOrders()
	for _, x := range []*sim.Game{g, twin} {
		for !x.Over() {
			if !x.Briefed() {
				x.Brief()
			}
			o.Clear()
			x.PlanSides(pols, o)
			if _, err := x.Step(o); err != nil {
				t.Fatal(err)
			}
		}
	}
	if g.Hash() != twin.Hash() {
		t.Error("the game played on from an Outlook differs from its twin")
	}
	if none := g.Outlook(rok, balanced, pols, 10, 1); none.Runs != 0 {
		t.Errorf("an outlook of a finished game: %+v", none)
	}
}
