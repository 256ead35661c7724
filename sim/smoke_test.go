package sim_test

import (
	"fmt"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

func TestSmoke(t *testing.T) {
	s, err := sim.Load(scenarios.FS(), "tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	pols := make([]sim.Policy, len(c.Sides))
	for _, a := range c.Alliance() {
		pols[a], _ = sim.PolicyByName("balanced")
	}
	o := c.NewOrders()
	for !g.Over() {
		b := g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("turn", r.Turn, "signals", b.Signals, "pts", o.Points, "moves", r.Moves)
		for m, mi := range c.Metrics {
			fmt.Printf("  %s %s -> %s\n", mi.ID, r.Before[m].Format(2), r.After[m].Format(2))
		}
	}
	fmt.Println("end", c.Ends[g.End()].ID, g.Hash())
}
