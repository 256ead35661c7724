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
	g := sim.NewGame(c, 1)
	g.FollowLeads(onlyLead(c, rok))
	aloneOn(t, g, pols, rok, us, l)
	found := false
	for _, r := range g.PlanReasons(pols[us], us) {
		if r.Lever == l {
			found = true
			if r.Join <= 0 || !strings.Contains(c.Why(r), "joins a player's points there last turn (joint rate if they stay)") {
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

// PlanDeclines says why an AI ally leaves alone a joint lever a player
// held alone last turn: gray-zone's balanced ROK never joins the US
// player's combined maritime patrols (the tension they add weighs against
// them), and says so, naming Escalation among what counted against it;
// a lever it joins, or one no player held, gets no decline; and without
// players (a batch) there are none.
func TestPlanDeclinesSayWhyNotJoined(t *testing.T) {
	c := builtin(t, "gray-zone")
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	l := c.LeverIndex("combined_patrols")
	pols := policies(t, c, "balanced")
	g := sim.NewGame(c, 3)
	aloneOn(t, g, pols, us, rok, l)
	if d := g.PlanDeclines(pols[rok], rok); d != nil {
		t.Fatalf("declines without players: %+v", d)
	}
	g.FollowLeads(onlyLead(c, us))
	o := c.NewOrders()
	g.PlanSides(pols, o)
	if o.Get(rok, l) != 0 {
		t.Fatal("ROK joined the patrols on this seed (the content changed?): pick a lever it declines")
	}
	d := g.PlanDeclines(pols[rok], rok)
	if len(d) != 1 || d[0].Lever != l || d[0].Points != 0 || d[0].Lead != us {
		t.Fatalf("declines %+v, want one, on %s", d, c.Levers[l].Name)
	}
	why := c.WhyNot(d[0])
	if !strings.HasPrefix(why, "a point there was worth less to it than its others") || !strings.Contains(why, "raises Escalation") {
		t.Errorf("WhyNot = %q", why)
	}
	for _, r := range g.PlanReasons(pols[rok], rok) {
		if r.Lever == l {
			t.Errorf("a declined lever has a reason for points: %+v", r)
		}
	}
	if d := g.PlanDeclines(pols[us], us); d != nil {
		t.Errorf("the player's own side has declines: %+v", d)
	}
}

// aloneOn plays g's first turn with side alone putting 2 points on lever
// l (ally none), the AI policies pols planning the rest, and briefs the
// second.
func aloneOn(t *testing.T, g *sim.Game, pols []sim.Policy, side, ally, l int) {
	t.Helper()
	g.Brief()
	o := g.Compiled().NewOrders()
	g.PlanSides(pols, o)
	o.ClearSide(side)
	o.Set(side, l, 2)
	o.Set(ally, l, 0)
	if _, err := g.Step(o); err != nil {
		t.Fatal(err)
	}
	g.Brief()
}

// onlyLead marks side as the one side a person plays, for FollowLeads.
func onlyLead(c *sim.Compiled, side int) []bool {
	lead := make([]bool, len(c.Sides))
	lead[side] = true
	return lead
}

// A lever bought so late that its delayed effects land after the last
// turn is not said to move them: the plan counts them as nothing (a
// solo player read "raises Economy; its effects land after the last
// month: none" for diversification bought in month 10).
func TestPlanReasonsCountNoEffectAfterTheEnd(t *testing.T) {
	found := 0
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		pols := policies(t, c, "balanced")
		for seed := uint64(1); seed <= 20; seed++ {
			g := sim.NewGame(c, seed)
			o := c.NewOrders()
			for !g.Over() {
				g.Brief()
				o.Clear()
				for _, a := range c.Alliance() {
					for _, r := range g.PlanReasons(pols[a], a) {
						li := &c.Levers[r.Lever]
						if li.Delay == 0 || g.Turn()+li.Delay <= c.Turns {
							continue
						}
						found++
						for _, mv := range r.Metrics {
							if mv.Value != 0 {
								t.Errorf("%s seed %d turn %d: %s's %s (lands in turn %d of %d) valued %v for %s; why: %q",
									id, seed, g.Turn(), c.Sides[a].ID, li.ID, g.Turn()+li.Delay, c.Turns, mv.Value, c.Metrics[mv.Metric].ID, c.Why(r))
							}
						}
					}
				}
				g.PlanSides(pols, o)
				if _, err := g.Step(o); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no plan bought a lever whose effects land after the end: the test checks nothing")
	}
}
