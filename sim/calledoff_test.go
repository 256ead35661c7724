package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestBriefingCallsOffALockedPlan: a Red team plans before the turn is
// briefed; the briefing's drift and injects may then lock a move it chose
// (a lower rung, a condition no longer holding). A Red team's blockade
// planned at Confrontation was carried out after the drift had lowered the
// game to Crisis, where the rung table says no blockade, and its failure
// still raised escalation. The briefing calls such a move off, real or
// bluff, and says so (CalledOff); the doctrine, drawing after the drift,
// never made one.
func TestBriefingCallsOffALockedPlan(t *testing.T) {
	src := strings.Replace(strings.Replace(quietHead, "team = \"adversary\"\n", "team = \"adversary\"\nbluffs = 1\n", 1), `success = { cohesion = -2 }
`, `success = { cohesion = -2 }
when = "cohesion > 50"
bluff = true

[[action]]
id = "probe"
domain = "maritime"
success = { cohesion = -1 }
`, 1) + `
[[inject]]
id = "scandal"
turn = 2
effect = { cohesion = -15 }
`
	c := compileSrc(t, src)
	prc, swarm, probe := c.SideIndex("prc"), c.ActionIndex("swarm"), c.ActionIndex("probe")
	for _, bluff := range []bool{false, true} {
		g := sim.NewGame(c, 1)
		o := c.NewOrders()
		g.Brief()
		if _, err := g.Step(o); err != nil {
			t.Fatal(err)
		}
		real, bluffs := []int{swarm}, []int(nil)
		if bluff {
			real, bluffs = []int{probe}, []int{swarm}
		}
		if err := g.Plan(prc, real, bluffs); err != nil {
			t.Fatalf("the swarm, open before the briefing, is refused: %v", err)
		}
		b := g.Brief() // the scandal brings cohesion to 50 or below: the swarm is locked
		for _, sg := range b.Signals {
			if sg.Action == swarm {
				t.Errorf("bluff %v: the swarm is signalled though its condition no longer holds: %+v", bluff, b.Signals)
			}
		}
		off := g.CalledOff()
		if len(off) != 1 || off[0].Action != swarm || off[0].Side != prc || off[0].Real == bluff {
			t.Errorf("bluff %v: called off %+v, want the swarm", bluff, off)
		}
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		for _, mv := range r.Moves {
			if mv.Action == swarm {
				t.Errorf("bluff %v: the swarm was carried out: %+v", bluff, mv)
			}
		}
		if bluff && (len(r.Moves) != 1 || r.Moves[0].Action != probe) {
			t.Errorf("the probe, still open, was not carried out: %+v", r.Moves)
		}
		g.Brief()
		if n := len(g.CalledOff()); n != 0 {
			t.Errorf("bluff %v: the next briefing, with no plan, still calls off %d moves", bluff, n)
		}
	}
}

// TestLockAfterDrift: a Red team planning before the briefing is told
// when the drift alone will lock a move it could choose now: a move whose
// condition the drift breaks is called off at the briefing, as
// LockAfterDrift said; one the drift leaves open is not warned of; the
// game is unchanged by asking.
func TestLockAfterDrift(t *testing.T) {
	src := strings.Replace(quietHead, `success = { cohesion = -2 }
`, `success = { cohesion = -2 }
when = "cohesion > 55"

[[action]]
id = "probe"
domain = "maritime"
success = { cohesion = -1 }
`, 1)
	src = strings.Replace(src, "[[metric]]\nid = \"cohesion\"\nstart = 60\n", "[[metric]]\nid = \"cohesion\"\nstart = 60\nbaseline = 40\ndecay = 0.5\n", 1)
	c := compileSrc(t, src)
	prc, swarm, probe := c.SideIndex("prc"), c.ActionIndex("swarm"), c.ActionIndex("probe")
	g := sim.NewGame(c, 1)
	if why := g.LockAfterDrift(swarm); why != "" {
		t.Errorf("turn 1 has no drift, yet the swarm is said to be locked by it: %q", why)
	}
	g.Brief()
	if why := g.LockAfterDrift(swarm); why != "" {
		t.Errorf("a briefed turn forecasts nothing, yet: %q", why)
	}
	if _, err := g.Step(c.NewOrders()); err != nil {
		t.Fatal(err)
	}
	// Cohesion stands above 55 (the swarm is open); the drift halves its
	// distance to 40, below 55.
	if g.ActionLock(swarm) != "" {
		t.Fatalf("the swarm is not open before the briefing (cohesion %v)", g.Metric(c.MetricIndex("cohesion")))
	}
	h := g.Hash()
	why := g.LockAfterDrift(swarm)
	if !strings.Contains(why, "cohesion > 55") || g.LockAfterDrift(probe) != "" {
		t.Errorf("swarm %q, probe %q: want the swarm's condition, the probe open", why, g.LockAfterDrift(probe))
	}
	if g.Hash() != h {
		t.Error("asking changed the game")
	}
	if err := g.Plan(prc, []int{swarm}, nil); err != nil {
		t.Fatal(err)
	}
	g.Brief()
	if off := g.CalledOff(); len(off) != 1 || off[0].Action != swarm || off[0].Why != why {
		t.Errorf("called off %+v, want the swarm for %q", off, why)
	}
}
