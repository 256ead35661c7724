package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestFoggedLedger checks the one rule of fog over the ledger: another
// side's points on a lever that is not visible lose their cause, for an
// ally, for the adversary and for the public (side −1), while the side's
// own points and every visible lever keep theirs; and a fogged ledger
// still sums, metric by metric, to the same changes.
func TestFoggedLedger(t *testing.T) {
	c := builtin(t, "tutorial")
	rok, us, prc := c.SideIndex("rok"), c.SideIndex("us"), c.SideIndex("prc")
	intel, exercise := c.LeverIndex("intel_sharing"), c.LeverIndex("combined_exercise")
	if c.Levers[intel].Visible || !c.Levers[exercise].Visible {
		t.Fatal("the tutorial's levers changed: intel_sharing must be hidden, combined_exercise visible")
	}
	g := sim.NewGame(c, 7)
	g.Brief()
	o := c.NewOrders()
	o.Set(us, intel, 2)
	o.Set(rok, intel, 1)
	o.Set(rok, exercise, 2)
	r, err := g.Step(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, side := range []int{rok, us, prc, -1} {
		sum := make([]sim.Fix, len(c.Metrics))
		for _, e := range r.Ledger {
			sum[e.Metric] -= e.Delta
		}
		named := map[[2]int]bool{} // lever, side
		for _, e := range c.FogLedger(nil, side, r.Ledger) {
			sum[e.Metric] += e.Delta
			if e.Kind == sim.CauseLever {
				named[[2]int{e.Cause, e.Side}] = true
			}
		}
		for m, d := range sum {
			if d != 0 {
				t.Errorf("side %d: the fogged ledger of %s is off by %s", side, c.Metrics[m].ID, d)
			}
		}
		for _, x := range []struct {
			lever, owner int
		}{{intel, us}, {intel, rok}, {exercise, rok}} {
			want := x.lever == exercise || x.owner == side
			if named[[2]int{x.lever, x.owner}] != want {
				t.Errorf("side %d sees %s's points on %s named: %v, want %v", side, c.Sides[x.owner].ID, c.Levers[x.lever].ID, !want, want)
			}
		}
	}
	hidden, shown := c.Fogged(rok, sim.Entry{Metric: 0, Kind: sim.CauseLever, Cause: intel, Side: us, Via: 1, Mult: sim.One, Delta: 5})
	if shown || hidden.Kind != sim.CauseHidden || hidden.Side != -1 || hidden.Cause != -1 || hidden.Via != -1 || hidden.Mult != 0 || hidden.Delta != 5 {
		t.Errorf("Fogged(rok, the US's intel entry) = %+v, %v: want a hidden entry keeping only its metric and change", hidden, shown)
	}
	if got := c.CauseName(hidden); got != "others' undisclosed allocations" {
		t.Errorf("a hidden entry is named %q", got)
	}
}
