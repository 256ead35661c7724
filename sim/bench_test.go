package sim_test

import (
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// BenchmarkTurn measures one full turn on a reused Game: Brief, the
// balanced policy for every AI side, Step. A finished game is Reset with
// the next seed, as the batch runner does.
func BenchmarkTurn(b *testing.B) {
	for _, id := range scenarios.IDs() {
		b.Run(id, func(b *testing.B) {
			c := builtin(b, id)
			pols := policies(b, c, "balanced")
			g := sim.NewGame(c, 1)
			o := c.NewOrders()
			seed := uint64(1)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if g.Over() {
					seed++
					g.Reset(seed)
				}
				g.Brief()
				o.Clear()
				g.PlanSides(pols, o)
				if _, err := g.Step(o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestTurnAllocatesNothing pins the steady-state turn at zero allocations.
func TestTurnAllocatesNothing(t *testing.T) {
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		pols := policies(t, c, "balanced")
		g := sim.NewGame(c, 1)
		o := c.NewOrders()
		seed := uint64(1)
		turn := func() {
			if g.Over() {
				seed++
				g.Reset(seed)
			}
			g.Brief()
			o.Clear()
			g.PlanSides(pols, o)
			if _, err := g.Step(o); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 50; i++ { // warm up: let scratch buffers reach their size
			turn()
		}
		if n := testing.AllocsPerRun(500, turn); n != 0 {
			t.Errorf("%s: %v allocations per turn, want 0", id, n)
		}
	}
}

// BenchmarkHash measures the state hash a batch computes once per run.
func BenchmarkHash(b *testing.B) {
	c := builtin(b, "taiwan-strait")
	g := sim.NewGame(c, 1)
	pols := policies(b, c, "balanced")
	o := c.NewOrders()
	for !g.Over() {
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		if _, err := g.Step(o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var h uint64
	for b.Loop() {
		h ^= g.Hash()
	}
	_ = h
}
