package sim_test

import (
	"slices"
	"testing"

	"lattice/sim"
)

// TestPlanApart: a side the journal records as a person's that the
// computer plays is planned on a copy of the game, which stays as it was
// (a replay plans nothing for it). Planned on plain copies, its planning
// stream never moved, and every turn drew the same numbers: the same tilt
// on each lever, lookahead's same futures. The copy's stream is mixed with
// the turn: the same turn plans alike, and the reasons given are those of
// the plan made.
func TestPlanApart(t *testing.T) {
	c := builtin(t, "gray-zone")
	us := c.SideIndex("us")
	pols := policies(t, c, "balanced")
	for _, name := range []string{"balanced", "lookahead"} {
		p, err := sim.PolicyByName(name)
		if err != nil {
			t.Fatal(err)
		}
		g := sim.NewGame(c, 9)
		var plans [][]int
		for !g.Over() && g.Turn() <= 5 {
			g.Brief()
			h := g.Hash()
			o1, o2 := c.NewOrders(), c.NewOrders()
			g.PlanApart(p, us, o1)
			g.PlanApart(p, us, o2)
			if !slices.Equal(o1.Side(us), o2.Side(us)) {
				t.Errorf("%s, turn %d: two plans of the same turn differ: %v, %v", name, g.Turn(), o1.Side(us), o2.Side(us))
			}
			if g.Hash() != h {
				t.Errorf("%s, turn %d: planning apart changed the game", name, g.Turn())
			}
			if reasons, _ := g.PlanWhyApart(p, us); name == "balanced" {
				got := make([]int, len(c.Levers))
				for _, r := range reasons {
					got[r.Lever] = r.Points
				}
				if !slices.Equal(got, o1.Side(us)) {
					t.Errorf("turn %d: the reasons give %v, the plan %v", g.Turn(), got, o1.Side(us))
				}
			}
			plans = append(plans, slices.Clone(o1.Side(us)))
			o := c.NewOrders()
			for s, q := range pols {
				if q != nil && s != us {
					q.Plan(g, s, o)
				}
			}
			copy(o.Side(us), o1.Side(us))
			if _, err := g.Step(o); err != nil {
				t.Fatal(err)
			}
		}
		if len(plans) < 3 {
			t.Fatalf("%s: only %d turns played", name, len(plans))
		}
	}
}

// TestPolicySummaries: every built-in policy is said in words (the White
// cell's list of how the computer may play a side shows them).
func TestPolicySummaries(t *testing.T) {
	for _, name := range sim.PolicyNames() {
		if sim.PolicySummary(name) == "" {
			t.Errorf("policy %s has no summary", name)
		}
	}
	if sim.PolicySummary("cautious") != "" {
		t.Error("a name that is no policy has a summary")
	}
}
