package sim_test

import (
	"testing"

	"lattice/sim"
)

// An AI ally follows a player onto a joint lever: after ROK (a player) put
// points alone on a joint lever, the US, played by the balanced policy,
// joins it far more often when told ROK is a player (FollowLeads) than
// when it is not, which is how a batch run plans (no players there). The
// joining point is worth what it adds to ROK's points too (solo to joint
// rate), but no more: a lever the policy judges harmful on balance (the
// escalation of combined exercises in a crisis) it still leaves alone.
func TestAIAllyFollowsAPlayersJointLever(t *testing.T) {
	for _, tc := range []struct{ scenario, lever string }{
		{"taiwan-strait", "japan_basing"},
		{"thaad-pressure", "battery_ops"},
	} {
		c := builtin(t, tc.scenario)
		rok, us := c.SideIndex("rok"), c.SideIndex("us")
		l := c.LeverIndex(tc.lever)
		pols := policies(t, c, "balanced")
		lead := make([]bool, len(c.Sides))
		lead[rok] = true
		joined := map[bool]int{}
		const seeds = 60
		for seed := uint64(1); seed <= seeds; seed++ {
			g := sim.NewGame(c, seed)
			g.Brief()
			o := c.NewOrders()
			g.PlanSides(pols, o)
			o.ClearSide(rok)
			o.Set(rok, l, 2)
			o.Set(us, l, 0) // ROK alone on it
			if _, err := g.Step(o); err != nil {
				t.Fatal(err)
			}
			g.Brief()
			for _, follow := range []bool{false, true} {
				n := g.Clone()
				if follow {
					n.FollowLeads(lead)
				}
				o.Clear()
				n.PlanSides(pols, o)
				if o.Get(us, l) > 0 {
					joined[follow]++
				}
			}
		}
		t.Logf("%s: the US joined ROK on %s in %d of %d games when following players, %d when not", tc.scenario, tc.lever, joined[true], seeds, joined[false])
		if joined[true] < seeds*3/4 || joined[true] < joined[false]+seeds/3 {
			t.Errorf("%s: the US joined ROK on %s in %d of %d games when following players, %d when not: want at least 3 in 4, and far more than without",
				tc.scenario, tc.lever, joined[true], seeds, joined[false])
		}
	}
}
