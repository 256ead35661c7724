package sim_test

import (
	"slices"
	"testing"

	"lattice/sim"
)

// assessedGame plays the tutorial to its end with both allies spending on
// intel_sharing (a lever that is not visible) and South Korea on the
// combined exercise (a visible one), and returns the game's cause tally.
func assessedGame(t *testing.T) (*sim.Compiled, sim.CauseTally) {
	t.Helper()
	c := builtin(t, "tutorial")
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	intel, exercise := c.LeverIndex("intel_sharing"), c.LeverIndex("combined_exercise")
	if c.Levers[intel].Visible || !c.Levers[exercise].Visible {
		t.Fatal("the tutorial's levers changed: intel_sharing must be hidden, combined_exercise visible")
	}
	g := sim.NewGame(c, 7)
	tally := c.NewCauseTally()
	o := c.NewOrders()
	for !g.Over() {
		g.Brief()
		o.Clear()
		o.Set(us, intel, 2)
		o.Set(rok, intel, 1)
		o.Set(rok, exercise, 2)
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		tally.Add(c, r.Ledger)
	}
	return c, tally
}

// TestKeyDecisionsFog: a side's ranking is the Umpire's with the decisions
// it may not see left out (sim's fog rule, Fogged), so an ally's hidden
// lever never shows, its own does, and the order is the same.
func TestKeyDecisionsFog(t *testing.T) {
	c, tally := assessedGame(t)
	rok, us, prc := c.SideIndex("rok"), c.SideIndex("us"), c.SideIndex("prc")
	intel := c.LeverIndex("intel_sharing")
	all := c.KeyDecisions(tally, sim.Umpire, 0)
	has := func(ds []sim.Impact, lever, owner int) bool {
		return slices.ContainsFunc(ds, func(d sim.Impact) bool {
			return (d.Entry.Kind == sim.CauseLever || d.Entry.Kind == sim.CauseDelayed) && d.Entry.Cause == lever && d.Entry.Side == owner
		})
	}
	if !has(all, intel, us) || !has(all, intel, rok) {
		t.Fatalf("the Umpire does not see both allies' intel sharing: %+v", all)
	}
	for _, side := range []int{rok, us, prc, -1} {
		got := c.KeyDecisions(tally, side, 0)
		var want []sim.Impact
		for _, d := range all {
			if _, shown := c.Fogged(side, d.Entry); shown {
				want = append(want, d)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("side %d: KeyDecisions = %+v, want the Umpire's seen by it: %+v", side, got, want)
		}
		for _, owner := range []int{rok, us} {
			if has(got, intel, owner) != (owner == side) {
				t.Errorf("side %d sees %s's intel sharing among its decisions: %v", side, c.Sides[owner].ID, owner != side)
			}
		}
	}
	if top := c.KeyDecisions(tally, sim.Umpire, 3); !slices.Equal(top, all[:3]) {
		t.Errorf("the top 3 are not the first 3: %+v", top)
	}
}

// TestKeyRanking: decisions and moves come largest share of the metric's
// range first, on scored metrics only; moves only for the worse.
func TestKeyRanking(t *testing.T) {
	c, tally := assessedGame(t)
	scored := map[int]bool{sim.MDeterrence: true}
	for _, g := range c.Grades {
		scored[g.Metric] = true
	}
	moves := c.KeyMoves(tally, 0)
	if len(moves) == 0 {
		t.Fatal("no adversary move hurt in a whole game")
	}
	for name, ds := range map[string][]sim.Impact{"decisions": c.KeyDecisions(tally, sim.Umpire, 0), "moves": moves} {
		for i, d := range ds {
			if !scored[d.Metric] {
				t.Errorf("%s: %s is not scored", name, c.Metrics[d.Metric].ID)
			}
			span := c.Metrics[d.Metric].Max - c.Metrics[d.Metric].Min
			if d.Share != d.Delta.Abs().Div(span) {
				t.Errorf("%s: share %s of %s on a range of %s", name, d.Share, d.Delta, span)
			}
			if i > 0 && d.Share > ds[i-1].Share {
				t.Errorf("%s: %d (%s) ranks below a smaller one (%s)", name, i, d.Share, ds[i-1].Share)
			}
		}
	}
	for _, d := range moves {
		if d.Entry.Kind != sim.CauseAction || (d.Delta > 0) != c.Metrics[d.Metric].GoodLow {
			t.Errorf("not a move that hurt: %s", c.DescribeImpact(d))
		}
	}
}

// TestDescribeImpact: the words and numbers run and the report print.
func TestDescribeImpact(t *testing.T) {
	c := builtin(t, "tutorial")
	rok := c.SideIndex("rok")
	exercise, swarm := c.LeverIndex("combined_exercise"), c.ActionIndex("militia_swarm")
	gains := c.MetricIndex("gains")
	lever := sim.Entry{Kind: sim.CauseLever, Cause: exercise, Side: rok}
	move := sim.Entry{Kind: sim.CauseAction, Cause: swarm, Side: c.Actions[swarm].Side, Success: true}
	for _, tc := range []struct {
		d    sim.Impact
		want string
	}{
		{sim.Impact{Metric: sim.MDeterrence, Entry: c.CauseOfKey(c.CauseKey(lever)), Delta: 268300, Share: 2683},
			"Combined exercise (South Korea) +26.83 on Deterrence (26.8% of its range)"},
		{sim.Impact{Metric: gains, Entry: c.CauseOfKey(c.CauseKey(move)), Delta: 50000, Share: 500},
			"Maritime militia swarm (succeeded) +5.00 on Adversary gains (5.0% of its range)"},
		{sim.Impact{Metric: sim.MDeterrence, Entry: c.CauseOfKey(c.CauseKey(sim.Entry{Kind: sim.CauseAction, Cause: swarm})), Delta: -40, Share: 0},
			"Maritime militia swarm (failed) −0.004 on Deterrence (0.0% of its range)"},
	} {
		if got := c.DescribeImpact(tc.d); got != tc.want {
			t.Errorf("DescribeImpact = %q, want %q", got, tc.want)
		}
	}
}

// TestKeyDecisionsCountShortfalls: what an allocation brings about is the
// allies' decision too. The US buys no visible point all game, and its
// shortfall of the visible commitment, which cost cohesion every week, is
// among its decisions that mattered, the size the ledger says; before, a
// game lost to shortfalls listed only the levers bought (a solo review:
// −14 cohesion and a split, and no word of it there). Events, moves and
// drift are not decisions.
func TestKeyDecisionsCountShortfalls(t *testing.T) {
	c, tally := assessedGame(t)
	us, cohesion := c.SideIndex("us"), c.MetricIndex("cohesion")
	nk := c.NumCauseKeys()
	short := sim.Entry{Metric: cohesion, Kind: sim.CauseCommitment, Cause: -1, Side: us, Choice: -1, Via: -1}
	want := sim.Fix(tally[cohesion*nk+c.CauseKey(short)])
	if want >= 0 {
		t.Fatalf("the US's shortfall cost no cohesion (%s): the test needs a game where it does", want)
	}
	found := false
	for _, d := range c.KeyDecisions(tally, sim.Umpire, 0) {
		switch d.Entry.Kind {
		case sim.CauseLever, sim.CauseDelayed, sim.CauseChoice, sim.CauseCommitment, sim.CauseAlignment:
		default:
			t.Errorf("not an allied decision: %s", c.DescribeImpact(d))
		}
		if d.Entry.Kind == sim.CauseCommitment && d.Entry.Side == us && d.Metric == cohesion {
			found = true
			if d.Delta != want {
				t.Errorf("the US's shortfall: %s on cohesion, the tally says %s", d.Delta, want)
			}
		}
	}
	if !found {
		t.Errorf("the US's shortfall (%s on cohesion) is not among the decisions", want)
	}
}
