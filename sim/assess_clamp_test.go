package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestKeyDecisionsNetOfTheClamp: the decisions that mattered are ranked by
// what each cause changed net of its share of what its metric's bounds cut
// off. An author's run listed "Sanctions enforcement (Japan) −48.00 on
// Leverage" first while leverage sat at 0 all game and the clamp gave +15
// back every turn. Here two allies push a metric at its floor down by 24
// each and a move raises it by 4: the floor cuts 44 off, and each ally's
// push counts −2. Without a clamp, a push counts in full.
func TestKeyDecisionsNetOfTheClamp(t *testing.T) {
	c, err := sim.Compile(loadTutorial(t))
	if err != nil {
		t.Fatal(err)
	}
	m := c.MetricIndex("cohesion") // graded in the tutorial
	l := 0
	a, b := c.Alliance()[0], c.Alliance()[1]
	entry := func(kind sim.CauseKind, cause, side int, d float64) sim.Entry {
		return sim.Entry{Metric: m, Kind: kind, Cause: cause, Side: side, Choice: -1, Via: -1, Delta: sim.FixFromFloat(d), Roll: -1}
	}
	deltas := func(tally sim.CauseTally) []float64 {
		var out []float64
		for _, d := range c.KeyDecisions(tally, sim.Umpire, 0) {
			if d.Metric == m {
				out = append(out, d.Delta.Float())
			}
		}
		return out
	}
	tally := c.NewCauseTally()
	tally.Add(c, []sim.Entry{
		entry(sim.CauseLever, l, a, -24),
		entry(sim.CauseLever, l, b, -24),
		entry(sim.CauseAction, 0, -1, 4),
		entry(sim.CauseClamp, -1, -1, 44),
	})
	if got := deltas(tally); len(got) != 2 || got[0] != -2 || got[1] != -2 {
		t.Errorf("pushes at the floor: decisions %v, want [-2 -2] (net of the 44 the floor cut off)", got)
	}
	// The tally itself stays raw: the clamp's own line is what the
	// ledger says.
	nk := c.NumCauseKeys()
	if got := sim.Fix(tally[m*nk+c.CauseKey(entry(sim.CauseClamp, -1, -1, 0))]).Float(); got != 44 {
		t.Errorf("clamp in the tally = %v, want 44", got)
	}
	raw := c.NewCauseTally()
	raw.Add(c, []sim.Entry{entry(sim.CauseLever, l, a, -6), entry(sim.CauseLever, l, b, -3)})
	if got := deltas(raw); len(got) != 2 || got[0] != -6 || got[1] != -3 {
		t.Errorf("no clamp: decisions %v, want [-6 -3]", got)
	}
}
