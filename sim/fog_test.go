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

// TestSignalsOfASideThatNeverBluffsAreKnownReal: at a level where an
// adversary signals no bluffs (thaad-pressure's easy: "side.prc.bluffs" =
// 0), every side and the public know each of its signals is real, by the
// rules, where the screens called them unconfirmed and the AI allies
// weighed them as maybe bluffs; at normal difficulty, where it bluffs,
// some of its signals stay unknown to an ally without intelligence.
func TestSignalsOfASideThatNeverBluffsAreKnownReal(t *testing.T) {
	for _, tc := range []struct {
		level   string
		unknown bool // some signal is unknown to rok in some game
	}{{"easy", false}, {"", true}} {
		c := compileLevel(t, "thaad-pressure", tc.level)
		prc, rok := c.SideIndex("prc"), c.SideIndex("rok")
		if got := c.NeverBluffs(prc); got == tc.unknown {
			t.Fatalf("level %q: NeverBluffs(prc) = %v", tc.level, got)
		}
		if c.NeverBluffs(rok) {
			t.Fatal("an ally is said never to bluff")
		}
		unknown, signals := false, 0
		for seed := uint64(1); seed <= 20; seed++ {
			g := sim.NewGame(c, seed)
			g.Brief()
			for _, side := range []int{rok, -1} {
				for _, sg := range g.View(side).Signals {
					signals++
					switch {
					case sg.Known == sim.Unknown:
						unknown = true
					case sg.Known == sim.KnownBluff && tc.level == "easy":
						t.Fatalf("easy, seed %d: a signal is known to be a bluff", seed)
					}
				}
			}
		}
		if signals == 0 || unknown != tc.unknown {
			t.Errorf("level %q: %d signals, some unknown: %v, want %v", tc.level, signals, unknown, tc.unknown)
		}
	}
}
