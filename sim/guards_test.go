package sim_test

import (
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// Rules that a mutation of the engine left every other test passing
// (a mutation-testing review): each is pinned by what a player or the
// White cell would see.

// A die equal to the odds fails: a move succeeds when its roll is below
// p. Four-decimal dice do tie, and only the golden hashes held the rule.
func TestRollEqualToOddsFails(t *testing.T) {
	ties := 0
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		pols := policies(t, c, "balanced")
		g := sim.NewGame(c, 1)
		o := c.NewOrders()
		for seed := uint64(1); seed <= 3000 && ties < 3; seed++ {
			g.Reset(seed)
			err := sim.Play(g, pols, o, func(_ *sim.Orders, r *sim.Result) {
				for _, mv := range r.Moves {
					if mv.Roll != mv.P || mv.Forced {
						continue
					}
					ties++
					if mv.Success {
						t.Errorf("%s seed %d turn %d: %s rolled %s against p %s and succeeded; a roll equal to p fails",
							id, seed, r.Turn, c.Actions[mv.Action].ID, mv.Roll, mv.P)
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if ties == 0 {
		t.Fatal("no roll equal to its odds in the games played: the test checks nothing")
	}
}

// A move the White cell decided is explained as decided, its die out of
// the ledger: the die was drawn (so later dice stay put) but counted for
// nothing, and "roll 0.56 vs p 0.82" would say it had.
func TestForcedMoveLedgerHasNoDie(t *testing.T) {
	c := builtin(t, "tutorial")
	g := sim.NewGame(c, 3)
	g.Brief()
	forced := -1
	for _, sg := range g.Signals() {
		if sg.Real {
			forced = sg.Action
			break
		}
	}
	if forced < 0 {
		t.Fatal("no real move signalled in the first turn")
	}
	if err := g.ForceOutcome(forced, true); err != nil {
		t.Fatal(err)
	}
	res, err := g.Step(c.NewOrders())
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, e := range res.Ledger {
		if e.Kind != sim.CauseAction || e.Cause != forced {
			continue
		}
		seen++
		if e.Roll != -1 || !e.Success {
			t.Errorf("the forced move's entry has roll %s, success %v; want −1 (no die) and success", e.Roll, e.Success)
		}
		if d := c.DescribeEntry(e); !strings.Contains(d, "decided by the White cell") {
			t.Errorf("the forced move is described as %q, want it decided by the White cell", d)
		}
	}
	if seen == 0 {
		t.Fatal("the forced move moved no metric: the test checks nothing")
	}
}

// The White cell may set a metric anywhere within its bounds and not a
// hair beyond: the smallest step past either bound is refused, not
// clamped in silence.
func TestSetMetricRefusesTheSmallestStepOutOfBounds(t *testing.T) {
	c := builtin(t, "tutorial")
	for m := range c.Metrics {
		mi := &c.Metrics[m]
		if mi.Derived {
			continue
		}
		g := sim.NewGame(c, 1)
		g.Brief() // the White cell acts between a turn's briefing and its adjudication
		for _, v := range []sim.Fix{mi.Min - 1, mi.Max + 1} {
			if err := g.SetMetric(m, v); err == nil {
				t.Errorf("%s set to %s, outside %s..%s: accepted", mi.ID, v, mi.Min, mi.Max)
			}
		}
		for _, v := range []sim.Fix{mi.Min, mi.Max} {
			if err := g.SetMetric(m, v); err != nil {
				t.Errorf("%s set to its bound %s: %v", mi.ID, v, err)
			} else if g.Metric(m) != v {
				t.Errorf("%s set to %s reads %s", mi.ID, v, g.Metric(m))
			}
		}
	}
}

// Consultation pulls the allies' priorities toward their mean, and no
// further: a pull of more than 1 (converge 1 × 2 points) lands every
// ally's priorities exactly on the mean, not past it.
func TestConsultationStopsAtTheMean(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", []string{"lever.consultation.converge=1", "lever.consultation.diminish=1"})
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	allies := c.Alliance()
	nt := len(c.Threats)
	mean := make([]sim.Fix, nt)
	for _, s := range allies {
		for k, p := range g.Priorities(s) {
			mean[k] += p
		}
	}
	differ := false
	for k := range mean {
		mean[k] /= sim.Fix(len(allies))
		differ = differ || g.Priorities(allies[0])[k] != mean[k]
	}
	if !differ {
		t.Fatal("the allies' priorities start equal: the test checks nothing")
	}
	o := c.NewOrders()
	o.Set(allies[0], c.LeverIndex("consultation"), 2)
	if _, err := g.Step(o); err != nil {
		t.Fatal(err)
	}
	for _, s := range allies {
		for k, p := range g.Priorities(s) {
			if p != mean[k] {
				t.Errorf("%s's priority on %s is %s after a full pull, want the mean %s", c.Sides[s].ID, c.Threats[k].ID, p, mean[k])
			}
		}
	}
}

// What allied intelligence revealed of an adversary's signal is the
// allies' knowledge: another adversary (gray-zone's DPRK beside the PRC)
// does not learn from it which of the PRC's signals are bluffs; the side
// that made the signal knows its own.
func TestRevealedSignalIsNotAnotherAdversarysKnowledge(t *testing.T) {
	c := builtin(t, "gray-zone")
	prc, dprk, rok := c.SideIndex("prc"), c.SideIndex("dprk"), c.SideIndex("rok")
	if c.NeverBluffs(prc) {
		t.Fatal("the PRC never bluffs: the test checks nothing")
	}
	for _, real := range []bool{true, false} {
		sg := sim.Signal{Side: prc, Action: c.Sides[prc].Playbook[0], Real: real, Revealed: true}
		if k := c.Knows(dprk, sg); k != sim.Unknown {
			t.Errorf("DPRK knows the PRC's revealed signal (real %v) as %v, want unknown", real, k)
		}
		if k := c.Knows(rok, sg); k == sim.Unknown {
			t.Errorf("ROK, whose intelligence revealed it, does not know the signal (real %v)", real)
		}
		if k := c.Knows(prc, sg); k == sim.Unknown {
			t.Errorf("the PRC does not know its own signal (real %v)", real)
		}
	}
}
