package sim_test

import (
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestVisibleNeed checks VisibleNeed against the shortfall Step charges: an
// empty draft is short by exactly the need, a draft with the need on
// visible levers is not short, and a side that cannot afford the minimum
// needs only what it can afford.
func TestVisibleNeed(t *testing.T) {
	for _, over := range [][]string{nil, {"side.rok.budget=2"}, {"side.rok.budget=0.5"}} {
		c, err := scenarios.Compile("tutorial", "", over)
		if err != nil {
			t.Fatal(err)
		}
		g := sim.NewGame(c, 1)
		g.Brief()
		pd := c.LeverIndex("public_diplomacy")
		for _, side := range c.Alliance() {
			need := g.VisibleNeed(side)
			o := c.NewOrders()
			if got := g.Shortfall(o, side); got != need {
				t.Errorf("%v %s: an empty draft is short by %d, VisibleNeed says %d", over, c.Sides[side].ID, got, need)
			}
			if need > g.MinVisible() {
				t.Errorf("%v %s: needs %d, over the minimum %d", over, c.Sides[side].ID, need, g.MinVisible())
			}
			o.Set(side, pd, min(need, c.Levers[pd].Max))
			if need <= c.Levers[pd].Max && g.Shortfall(o, side) != 0 {
				t.Errorf("%v %s: %d visible points are still short", over, c.Sides[side].ID, need)
			}
		}
	}
	c, err := scenarios.Compile("tutorial", "", []string{"side.rok.budget=2"})
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	if need := g.VisibleNeed(c.SideIndex("rok")); need != int(g.Available(c.SideIndex("rok")).Float()) || need >= g.MinVisible() {
		t.Errorf("ROK on a budget of 2 (%s available) needs %d visible points, want what it can afford", g.Available(c.SideIndex("rok")).Format(1), need)
	}
	if need := g.VisibleNeed(c.SideIndex("prc")); need != 0 {
		t.Errorf("the adversary needs %d visible points", need)
	}
}

// TestCanAddPoint checks that a side with budget left but every lever at
// its maximum has nothing to add, that one with room and budget has, and
// that the orders are left as they were.
func TestCanAddPoint(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", []string{"side.rok.budget=40"})
	if err != nil {
		t.Fatal(err)
	}
	rok := c.SideIndex("rok")
	g := sim.NewGame(c, 1)
	g.Brief()
	o := c.NewOrders()
	if !g.CanAddPoint(o, rok) {
		t.Error("an empty draft with a budget of 40 cannot add a point")
	}
	for l := range c.Levers {
		if g.LeverLock(rok, l) == "" {
			o.Set(rok, l, c.Levers[l].Max)
		}
	}
	before := append([]int(nil), o.Points...)
	if g.CanAddPoint(o, rok) {
		t.Error("every lever is at its maximum, yet a point can be added")
	}
	for i := range before {
		if o.Points[i] != before[i] {
			t.Fatal("CanAddPoint changed the orders")
		}
	}
}
