package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestTallyNetsTheClamp: the decisions that mattered are ranked by what
// each cause changed net of what its metric's bounds cut off. An author's
// run listed "Sanctions enforcement (Japan) −48.00 on Leverage" first while
// leverage sat at 0 all game and the clamp gave +15 back every turn. Here
// two allies push a metric at its floor down by 24 each and a move raises
// it by 4: the floor cuts 44 off, and each ally's push counts −2. A push
// that no clamp trims counts in full, and a clamp with nothing pushing
// its way (none here) is left as it is.
func TestTallyNetsTheClamp(t *testing.T) {
	c, err := sim.Compile(loadTutorial(t))
	if err != nil {
		t.Fatal(err)
	}
	m := c.MetricIndex("cohesion")
	l := c.LeverIndex(c.Levers[0].ID)
	a, b := c.Alliance()[0], c.Alliance()[1]
	entry := func(kind sim.CauseKind, cause, side int, d float64) sim.Entry {
		return sim.Entry{Metric: m, Kind: kind, Cause: cause, Side: side, Choice: -1, Via: -1, Delta: sim.FixFromFloat(d), Roll: -1}
	}
	tally := c.NewCauseTally()
	tally.Add(c, []sim.Entry{
		entry(sim.CauseLever, l, a, -24),
		entry(sim.CauseLever, l, b, -24),
		entry(sim.CauseAction, 0, -1, 4),
		entry(sim.CauseClamp, -1, -1, 44),
	})
	// The next turn: no clamp; the push counts in full.
	tally.Add(c, []sim.Entry{entry(sim.CauseLever, l, a, -3)})
	nk := c.NumCauseKeys()
	got := func(e sim.Entry) float64 { return sim.Fix(tally[m*nk+c.CauseKey(e)]).Float() }
	for _, tc := range []struct {
		e    sim.Entry
		want float64
	}{
		{entry(sim.CauseLever, l, a, 0), -5},
		{entry(sim.CauseLever, l, b, 0), -2},
		{entry(sim.CauseAction, 0, -1, 0), 4},
		{entry(sim.CauseClamp, -1, -1, 0), 0},
	} {
		if g := got(tc.e); g != tc.want {
			t.Errorf("%v cause %d side %d: %v, want %v", tc.e.Kind, tc.e.Cause, tc.e.Side, g, tc.want)
		}
	}
	var sum int64
	for k := range nk {
		sum += tally[m*nk+k]
	}
	if want := sim.FixFromFloat(-3); sim.Fix(sum) != want {
		t.Errorf("the tally sums to %v, want the metric's change %v", sim.Fix(sum), want)
	}
	// Ranked by the net change (cohesion is graded in the tutorial).
	ds := c.KeyDecisions(tally, sim.Umpire, 0)
	if len(ds) != 2 || ds[0].Delta != sim.FixFromFloat(-5) || ds[1].Delta != sim.FixFromFloat(-2) {
		for _, d := range ds {
			t.Log(c.DescribeImpact(d))
		}
		t.Errorf("KeyDecisions: want the two allies' net pushes, −5 and −2")
	}
}
