package sim_test

import (
	"slices"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// PlanReasons names exactly the levers the policy then buys, with their
// points, and leaves the game as it was; each reason says something.
func TestPlanReasonsMatchThePlan(t *testing.T) {
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		pols := policies(t, c, "balanced")
		for seed := uint64(1); seed <= 5; seed++ {
			g := sim.NewGame(c, seed)
			o := c.NewOrders()
			for !g.Over() {
				g.Brief()
				o.Clear()
				for _, a := range c.Alliance() {
					before := g.Hash()
					rs := g.PlanReasons(pols[a], a)
					if g.Hash() != before {
						t.Fatalf("%s: PlanReasons changed the game", id)
					}
					pols[a].Plan(g, a, o)
					var got, want []int
					for _, r := range rs {
						got = append(got, r.Lever, r.Points)
						if c.Why(r) == "" {
							t.Errorf("%s seed %d turn %d: no words for why %s bought %s: %+v", id, seed, g.Turn(), c.Sides[a].ID, c.Levers[r.Lever].ID, r)
						}
					}
					for l, p := range o.Side(a) {
						if p > 0 {
							want = append(want, l, p)
						}
					}
					if !slices.Equal(got, want) {
						t.Fatalf("%s seed %d turn %d: reasons for %v (lever, points), the plan bought %v", id, seed, g.Turn(), got, want)
					}
				}
				if _, err := g.Step(o); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// The reasons name what weighed: the US joining a player's lead on a joint
// lever says so; lookahead, which weighs whole plans by simulation, gives
// none.
func TestPlanReasonsNameTheJoin(t *testing.T) {
	c := builtin(t, "thaad-pressure")
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	l := c.LeverIndex("battery_ops")
	pols := policies(t, c, "balanced")
	lead := make([]bool, len(c.Sides))
	lead[rok] = true
	g := sim.NewGame(c, 1)
	g.FollowLeads(lead)
	g.Brief()
	o := c.NewOrders()
	g.PlanSides(pols, o)
	o.ClearSide(rok)
	o.Set(rok, l, 2)
	o.Set(us, l, 0)
	if _, err := g.Step(o); err != nil {
		t.Fatal(err)
	}
	g.Brief()
	found := false
	for _, r := range g.PlanReasons(pols[us], us) {
		if r.Lever == l {
			found = true
			if r.Join <= 0 || !strings.Contains(c.Why(r), "joins a player's points (joint rate)") {
				t.Errorf("the US joins ROK on %s; reason %+v, in words %q", c.Levers[l].Name, r, c.Why(r))
			}
		}
	}
	if !found {
		t.Errorf("the US did not join ROK on %s", c.Levers[l].Name)
	}
	la, err := sim.PolicyByName("lookahead")
	if err != nil {
		t.Fatal(err)
	}
	if rs := g.PlanReasons(la, us); rs != nil {
		t.Errorf("lookahead gave reasons: %+v", rs)
	}
}
