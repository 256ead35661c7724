package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// roomSrc adds to head a 0–1 flag, bad when high, that nothing but its
// levers moves: calm lowers it now, calm_later next turn. Each is worth
// 25 points of value per point to balanced, far above talk's, while the
// flag has room to fall; at 0 the clamp would take all of it back.
const roomSrc = head + `
[[metric]]
id = "flag"
name = "Flag"
category = "other"
good = "low"
min = 0
max = 1
start = START

[[lever]]
id = "talk"
effect = { cohesion = 0.5 }

[[lever]]
id = "calm"
effect = { flag = -0.5 }

[[lever]]
id = "calm_later"
delay = 1
effect = { flag = -0.5 }
`

// A lever whose only effect is on a metric at its bound that way is worth
// nothing to any policy: none buys it, and no reason names the metric.
// With room to fall, the same levers are bought, so the test can fail.
func TestNoValueInAClampedEffect(t *testing.T) {
	for _, start := range []string{"0", "1"} {
		c := compileSrc(t, strings.Replace(roomSrc, "START", start, 1))
		flag := c.MetricIndex("flag")
		calm, later := c.LeverIndex("calm"), c.LeverIndex("calm_later")
		for _, name := range sim.PolicyNames() {
			pols := policies(t, c, name)
			bought := 0
			for seed := uint64(1); seed <= 3; seed++ {
				g := sim.NewGame(c, seed)
				o := c.NewOrders()
				for !g.Over() {
					g.Brief()
					o.Clear()
					atBound := g.Metrics()[flag] == 0
					for _, a := range c.Alliance() {
						for _, r := range g.PlanReasons(pols[a], a) {
							for _, m := range r.Metrics {
								if m.Metric == flag && atBound && m.Value != 0 {
									t.Errorf("flag %s, %s, turn %d: the flag is at 0, and a reason for %s values lowering it at %v", start, name, g.Turn(), c.Levers[r.Lever].ID, m.Value)
								}
							}
							if why := c.Why(r); atBound && strings.Contains(why, "Flag") {
								t.Errorf("flag %s, %s, turn %d: the flag is at 0, and why %s: %s", start, name, g.Turn(), c.Levers[r.Lever].ID, why)
							}
						}
						pols[a].Plan(g, a, o)
						if atBound && (o.Side(a)[calm] > 0 || o.Side(a)[later] > 0) {
							t.Errorf("flag %s, %s, turn %d: %s buys %d of calm and %d of calm_later with the flag at 0", start, name, g.Turn(), c.Sides[a].ID, o.Side(a)[calm], o.Side(a)[later])
						}
						bought += o.Side(a)[calm] + o.Side(a)[later]
					}
					if _, err := g.Step(o); err != nil {
						t.Fatal(err)
					}
				}
			}
			if start == "1" && name == "balanced" && bought == 0 {
				t.Errorf("with the flag at 1, balanced never lowers it: the test would not see the clamp's effect")
			}
		}
	}
}
