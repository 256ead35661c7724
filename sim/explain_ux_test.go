package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestFormatRollShowsTheSmaller: a roll and a chance that print alike at
// two decimals get the decimals that tell them apart ("roll 0.80 vs p 0.80
// SUCCEEDED" read as a tie); a true tie stays at four.
func TestFormatRollShowsTheSmaller(t *testing.T) {
	for _, tc := range []struct {
		roll, p     sim.Fix
		wantR, want string
	}{
		{7100, 5500, "0.71", "0.55"},
		{7996, 8004, "0.7996", "0.8004"},
		{7960, 8040, "0.796", "0.804"},
		{7950, 8049, "0.795", "0.805"},
		{8000, 8000, "0.8000", "0.8000"},
	} {
		r, p := sim.FormatRoll(tc.roll, tc.p)
		if r != tc.wantR || p != tc.want {
			t.Errorf("FormatRoll(%v, %v) = %s, %s; want %s, %s", tc.roll, tc.p, r, p, tc.wantR, tc.want)
		}
		if tc.roll != tc.p && r == p {
			t.Errorf("FormatRoll(%v, %v) prints both as %s", tc.roll, tc.p, r)
		}
	}
	c := builtin(t, "tutorial")
	e := sim.Entry{Metric: sim.MDeterrence, Kind: sim.CauseAction, Cause: 0, Side: -1, Choice: -1, Via: -1, Delta: -sim.One, Roll: 7996, P: 8004, Success: true}
	if got := c.DescribeEntry(e); !strings.Contains(got, "roll 0.7996 vs p 0.8004") {
		t.Errorf("DescribeEntry: %q, want the roll and p told apart", got)
	}
}

// TestExplainRoundingLast: the remainder of deterrence's fixed-point
// rounding is not listed among the causes, however it sorts by size: it
// comes last, said to be a rounding remainder.
func TestExplainRoundingLast(t *testing.T) {
	c := builtin(t, "tutorial")
	r := sim.Result{Before: make([]sim.Fix, len(c.Metrics)), After: make([]sim.Fix, len(c.Metrics))}
	r.After[sim.MDeterrence] = 30046
	r.Ledger = []sim.Entry{
		{Metric: sim.MDeterrence, Kind: sim.CauseRounding, Cause: -1, Side: -1, Choice: -1, Via: -1, Delta: 46, Roll: -1},
		{Metric: sim.MDeterrence, Kind: sim.CauseDecay, Cause: -1, Side: -1, Choice: -1, Via: -1, Delta: 30000, Roll: -1},
	}
	got := c.Explain(&r, sim.MDeterrence, 1)
	want := "Deterrence 0.00 → 3.00: drift toward baseline +3.00; rounding remainder +0.0046"
	if got != want {
		t.Errorf("Explain = %q, want %q", got, want)
	}
	r.Ledger = r.Ledger[:1]
	if got := c.Explain(&r, sim.MDeterrence, 3); !strings.HasSuffix(got, ": rounding remainder +0.0046") {
		t.Errorf("rounding alone: %q", got)
	}
}

// TestDescribeEffects: a choice's or a lever's effects in words, the zero
// ones left out.
func TestDescribeEffects(t *testing.T) {
	c := builtin(t, "tutorial")
	got := c.DescribeEffects([]sim.Effect{{Metric: sim.MEscalation, Delta: -5 * sim.One}, {Metric: sim.MResolve, Delta: 0}, {Metric: sim.MResolve, Delta: 200}})
	if want := "Escalation −5.00, Resolve +0.020"; got != want {
		t.Errorf("DescribeEffects = %q, want %q", got, want)
	}
}

// TestPendingEffects: points on a delayed lever show as pending effects of
// the side that bought them, due the turn the lever's delay says, summing
// to the View's LeverView.Pending, and land in that turn's ledger as
// CauseDelayed entries of the same size.
func TestPendingEffects(t *testing.T) {
	c := builtin(t, "taiwan-strait")
	g := sim.NewGame(c, 1)
	lever, side := -1, -1
	for l, li := range c.Levers {
		if li.Delay > 0 && lever < 0 {
			for _, s := range c.Alliance() {
				if li.Sides&(1<<uint(s)) != 0 && side < 0 {
					lever, side = l, s
				}
			}
		}
	}
	if lever < 0 {
		t.Fatal("taiwan-strait has no delayed lever")
	}
	g.Brief()
	o := c.NewOrders()
	o.Set(side, lever, 2)
	if why := g.LeverLock(side, lever); why != "" {
		t.Fatal("the delayed lever is locked in the first turn: " + why)
	}
	if _, err := g.Step(o); err != nil {
		t.Fatal(err)
	}
	pend := g.Pending(side)
	if len(pend) == 0 {
		t.Fatal("no pending effect after buying a delayed lever")
	}
	due := 1 + c.Levers[lever].Delay
	var sum sim.Fix
	for _, p := range pend {
		if p.Lever != lever || p.Side != side || p.Due != due || p.Delta == 0 {
			t.Errorf("pending %+v, want lever %d side %d due %d", p, lever, side, due)
		}
		sum += p.Delta.Abs()
	}
	if v := g.View(side); v.Levers[lever].Pending != sum {
		t.Errorf("pending sums to %v, the View says %v", sum, v.Levers[lever].Pending)
	}
	for _, other := range c.Alliance() {
		if other != side && len(g.Pending(other)) != 0 {
			t.Errorf("side %d sees side %d's pending effects", other, side)
		}
	}
	if g.Pending(-1) != nil {
		t.Error("the public sees pending effects")
	}
	for g.Turn() < due && !g.Over() {
		g.Brief()
		o.Clear()
		if _, err := g.Step(o); err != nil {
			t.Fatal(err)
		}
	}
	g.Brief()
	o.Clear()
	r, err := g.Step(o)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pend {
		found := false
		for _, e := range r.Ledger {
			if e.Kind == sim.CauseDelayed && e.Cause == p.Lever && e.Metric == p.Metric && e.Delta == p.Delta {
				found = true
			}
		}
		if !found {
			t.Errorf("pending %+v did not land in turn %d", p, r.Turn)
		}
	}
	if len(g.Pending(side)) != 0 {
		t.Errorf("still pending after turn %d: %+v", r.Turn, g.Pending(side))
	}
}
