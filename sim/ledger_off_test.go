package sim_test

import (
	"slices"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestLedgerOffPlaysTheSameGame: with the ledger off (as a batch that names
// no causes plays) a game is the same game, turn by turn: the same orders,
// metrics, moves and their dice, injects, verdict and state hash; only the
// ledger is empty. Every built-in scenario, under every built-in policy
// (lookahead included, whose simulated copies never keep a ledger).
func TestLedgerOffPlaysTheSameGame(t *testing.T) {
	seeds := 40
	if testing.Short() {
		seeds = 8
	}
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		for _, name := range sim.PolicyNames() {
			pols := policies(t, c, name)
			n := seeds
			if name == "lookahead" {
				n = 3 // each of its turns simulates many
			}
			for seed := uint64(1); seed <= uint64(n); seed++ {
				on, off := sim.NewGame(c, seed), sim.NewGame(c, seed)
				off.SetLedger(false)
				oOn, oOff := c.NewOrders(), c.NewOrders()
				for !on.Over() {
					on.Brief()
					off.Brief()
					if len(off.BriefingLedger()) != 0 {
						t.Fatalf("%s seed %d: briefing ledger kept with the ledger off", id, seed)
					}
					oOn.Clear()
					oOff.Clear()
					on.PlanSides(pols, oOn)
					off.PlanSides(pols, oOff)
					if !slices.Equal(oOn.Points, oOff.Points) || !slices.Equal(oOn.Choices, oOff.Choices) {
						t.Fatalf("%s/%s seed %d turn %d: orders differ with the ledger off", id, name, seed, on.Turn())
					}
					rOn, err := on.Step(oOn)
					if err != nil {
						t.Fatal(err)
					}
					rOff, err := off.Step(oOff)
					if err != nil {
						t.Fatal(err)
					}
					if len(rOn.Ledger) == 0 || len(rOff.Ledger) != 0 {
						t.Fatalf("%s seed %d: ledger lengths %d (on) and %d (off)", id, seed, len(rOn.Ledger), len(rOff.Ledger))
					}
					if !slices.Equal(rOn.After, rOff.After) || !slices.Equal(rOn.Moves, rOff.Moves) ||
						!slices.Equal(rOn.Injects, rOff.Injects) || rOn.End != rOff.End {
						t.Fatalf("%s/%s seed %d turn %d: results differ with the ledger off", id, name, seed, rOn.Turn)
					}
					if on.Hash() != off.Hash() {
						t.Fatalf("%s/%s seed %d turn %d: hashes differ with the ledger off", id, name, seed, rOn.Turn)
					}
				}
				if !off.Over() || on.End() != off.End() {
					t.Fatalf("%s/%s seed %d: ends %d and %d", id, name, seed, on.End(), off.End())
				}
			}
		}
	}
}

// TestLedgerBackOn: turning the ledger back on gives whole ledgers from
// the next turn, and Clone keeps the setting.
func TestLedgerBackOn(t *testing.T) {
	c := builtin(t, "taiwan-strait")
	pols := policies(t, c, "balanced")
	g := sim.NewGame(c, 7)
	g.SetLedger(false)
	o := c.NewOrders()
	step := func(g *sim.Game) sim.Result {
		t.Helper()
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	step(g)
	if r := step(g.Clone()); len(r.Ledger) != 0 {
		t.Fatalf("a clone of a game without a ledger kept %d entries", len(r.Ledger))
	}
	g.SetLedger(true)
	before := slices.Clone(g.Metrics())
	r := step(g)
	sum := make([]sim.Fix, len(before))
	for _, e := range r.Ledger {
		sum[e.Metric] += e.Delta
	}
	for m := range before {
		if sum[m] != r.After[m]-before[m] {
			t.Errorf("metric %d: ledger sums to %v, change %v", m, sum[m], r.After[m]-before[m])
		}
	}
}
