package sim_test

import (
	"errors"
	"strings"
	"testing"

	"lattice/sim"
)

// TestCheckSideSeesOnlyItsSide checks that one side's draft is judged on
// its own: after the White cell cuts ROK's budget below its draft, Check
// refuses the orders (Step would), but CheckSide still accepts the US
// draft, and ROK's error is ROK's alone. A front end that asked Check for
// the US locked the US out and showed it ROK's spending.
func TestCheckSideSeesOnlyItsSide(t *testing.T) {
	c := builtin(t, "tutorial")
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	g := sim.NewGame(c, 7)
	g.Brief()
	o := c.NewOrders()
	o.Set(rok, c.LeverIndex("combined_exercise"), 3)
	o.Set(rok, c.LeverIndex("public_diplomacy"), 3)
	o.Set(us, c.LeverIndex("combined_exercise"), 3)
	o.Set(us, c.LeverIndex("coast_guard_patrol"), 2)
	if err := g.Check(o); err != nil {
		t.Fatalf("before the cut: %v", err)
	}
	if err := g.SetMetric(c.MetricIndex("rok_support"), sim.FixInt(20)); err != nil {
		t.Fatal(err)
	}
	if err := g.Check(o); err == nil || !strings.HasPrefix(err.Error(), "rok: spends") {
		t.Fatalf("Check after the cut = %v, want ROK's overspend", err)
	}
	if err := g.CheckSide(o, us); err != nil {
		t.Errorf("CheckSide(us) = %v, want nil: ROK's draft is not the US's business", err)
	}
	if err := g.CheckSide(o, rok); err == nil || !strings.HasPrefix(err.Error(), "rok: spends") {
		t.Errorf("CheckSide(rok) = %v, want ROK's overspend", err)
	}
	o.ClearSide(rok)
	if err := g.Check(o); err != nil {
		t.Errorf("with ROK's draft cleared, Check = %v: the US draft should stand", err)
	}
}

// TestCheckSideChoices checks that a side answers for the injects it
// decides and only those, and that orders pass Check exactly when every
// side passes CheckSide.
func TestCheckSideChoices(t *testing.T) {
	c := builtin(t, "gray-zone")
	g := sim.NewGame(c, 1)
	g.Brief()
	for i := range c.Injects {
		d := c.Injects[i].Decider
		if d < 0 {
			continue
		}
		o := c.NewOrders()
		o.Choices[i] = len(c.Injects[i].Choices) // no such choice
		if err := g.CheckSide(o, d); err == nil {
			t.Errorf("%s: CheckSide(%s) accepts choice %d of %d", c.Injects[i].ID, c.Sides[d].ID, o.Choices[i], len(c.Injects[i].Choices))
		}
		for s := range c.Sides {
			if s != d {
				if err := g.CheckSide(o, s); err != nil {
					t.Errorf("%s: CheckSide(%s) = %v; %s decides it", c.Injects[i].ID, c.Sides[s].ID, err, c.Sides[d].ID)
				}
			}
		}
		if g.Check(o) == nil {
			t.Errorf("%s: Check accepts a choice that CheckSide(%s) refuses", c.Injects[i].ID, c.Sides[d].ID)
		}
	}
	if err := g.CheckSide(c.NewOrders(), len(c.Sides)); err == nil {
		t.Error("CheckSide accepts a side that is not in the scenario")
	}
}

// A refused allocation says which rule it breaks, with the numbers, so a
// front end can say why in its own words without re-deriving the rules:
// over a lever's maximum, over the budget, a locked lever; the message
// stays the engine's.
func TestCheckSideSaysWhichRule(t *testing.T) {
	c := builtin(t, "tutorial")
	g := sim.NewGame(c, 1)
	g.Brief()
	rok := c.SideIndex("rok")
	l := 0
	li := &c.Levers[l]
	check := func(o *sim.Orders, want sim.PointsProblem, lever int) *sim.PointsError {
		t.Helper()
		err := g.CheckSide(o, rok)
		var pe *sim.PointsError
		if !errors.As(err, &pe) || pe.Problem != want || pe.Side != rok || pe.Lever != lever || pe.Error() != err.Error() {
			t.Fatalf("CheckSide = %v (%+v), want problem %d on lever %d", err, pe, want, lever)
		}
		return pe
	}
	o := c.NewOrders()
	o.Set(rok, l, li.Max+1)
	if pe := check(o, sim.PointsOverMax, l); pe.Points != li.Max+1 || pe.Max != li.Max {
		t.Errorf("over the maximum: %+v", pe)
	}
	o.Clear()
	for l := range c.Levers { // every lever full: more than any budget
		o.Set(rok, l, c.Levers[l].Max)
	}
	if pe := check(o, sim.PointsOverBudget, -1); pe.Spend != g.Spend(o, rok) || pe.Available != g.Available(rok) || pe.Spend <= pe.Available {
		t.Errorf("over the budget: %+v", pe)
	}
	o.Clear()
	o.Set(rok, l, -1)
	check(o, sim.PointsNegative, l)
}
