package sim_test

import (
	"runtime"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// BenchmarkTurn measures one full turn on a reused Game: Brief, the
// balanced policy for every AI side, Step. A finished game is Reset with
// the next seed, as the batch runner does.
func BenchmarkTurn(b *testing.B) {
	for _, id := range scenarios.IDs() {
		b.Run(id, func(b *testing.B) { benchTurns(b, id, true) })
	}
}

// BenchmarkTurnWithoutLedger is BenchmarkTurn with the provenance ledger
// off, as a batch plays when its output names no causes (csv, jsonl).
func BenchmarkTurnWithoutLedger(b *testing.B) {
	for _, id := range scenarios.IDs() {
		b.Run(id, func(b *testing.B) { benchTurns(b, id, false) })
	}
}

// BenchmarkLookaheadTurn is BenchmarkTurn with the lookahead policy for
// every allied side: each plan plays every doctrine on fogged copies, to
// the end or twelve turns on, eight times (unless the doctrines agree on
// the side's allocation this turn).
func BenchmarkLookaheadTurn(b *testing.B) {
	for _, id := range scenarios.IDs() {
		b.Run(id, func(b *testing.B) {
			turn := turnerWith(b, id, "lookahead", false)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				turn()
			}
		})
	}
}

func benchTurns(b *testing.B, id string, ledger bool) {
	turn := turner(b, id, ledger)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		turn()
	}
}

// turner returns a function that plays one full turn of scenario id on a
// reused Game, Resetting it with the next seed once it is over, as the
// batch runner does.
func turner(tb testing.TB, id string, ledger bool) func() {
	return turnerWith(tb, id, "balanced", ledger)
}

// turnerWith is turner with policy for every allied side.
func turnerWith(tb testing.TB, id, policy string, ledger bool) func() {
	c := builtin(tb, id)
	pols := policies(tb, c, policy)
	g := sim.NewGame(c, 1)
	g.SetLedger(ledger)
	o := c.NewOrders()
	seed := uint64(1)
	return func() {
		if g.Over() {
			seed++
			g.Reset(seed)
		}
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		if _, err := g.Step(o); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestTurnAllocatesNothing pins the steady-state turn at zero allocations,
// with the ledger and without it.
func TestTurnAllocatesNothing(t *testing.T) {
	for _, id := range scenarios.IDs() {
		for _, ledger := range []bool{true, false} {
			turn := turner(t, id, ledger)
			for i := 0; i < 50; i++ { // warm up: let scratch buffers reach their size
				turn()
			}
			if n := mallocs(500, turn); n != 0 {
				t.Errorf("%s (ledger %v): %d allocations in 500 turns, want 0", id, ledger, n)
			}
		}
	}
}

// TestLookaheadAllocatesNothing: a lookahead turn plays its simulations
// on scratch reused from turn to turn (a Clone per simulation made the
// garbage collector most of a lookahead batch's cost).
func TestLookaheadAllocatesNothing(t *testing.T) {
	for _, id := range scenarios.IDs() {
		turn := turnerWith(t, id, "lookahead", false)
		for i := 0; i < 30; i++ { // warm up: let scratch buffers reach their size
			turn()
		}
		if n := mallocs(100, turn); n != 0 {
			t.Errorf("%s: %d allocations in 100 lookahead turns, want 0", id, n)
		}
	}
}

// TestPlayAllocatesNothingPerTurn: a whole game as a batch plays it
// (Reset, then Play with a turn callback) allocates once, for the Result
// it hands the callback, however many turns it lasts.
func TestPlayAllocatesNothingPerTurn(t *testing.T) {
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		pols := policies(t, c, "balanced")
		g := sim.NewGame(c, 1)
		g.SetLedger(false)
		o := c.NewOrders()
		seed, turns := uint64(0), 0
		game := func() {
			seed++
			g.Reset(seed)
			if err := sim.Play(g, pols, o, func(*sim.Orders, *sim.Result) { turns++ }); err != nil {
				t.Fatal(err)
			}
		}
		for i := 0; i < 20; i++ { // warm up: let scratch buffers reach their size
			game()
		}
		turns = 0
		if n := mallocs(200, game); n > 200 {
			t.Errorf("%s: %d allocations in 200 games of %d turns, want at most 200", id, n, turns)
		}
	}
}

// mallocs returns how many heap allocations n calls of f made in all, on
// one thread. testing.AllocsPerRun divides the count by n as integers, so
// an allocation every other call read as none.
func mallocs(n int, f func()) uint64 {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < n; i++ {
		f()
	}
	runtime.ReadMemStats(&after)
	return after.Mallocs - before.Mallocs
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

// BenchmarkAdjudicate measures a turn without its planning: Brief and Step
// on orders the balanced policy gave in the same game before, as a replay
// of a journal plays them. With BenchmarkTurn it splits a turn's cost
// between the engine's rules and the AI allies' planning.
func BenchmarkAdjudicate(b *testing.B) {
	for _, id := range scenarios.IDs() {
		b.Run(id, func(b *testing.B) {
			c := builtin(b, id)
			pols := policies(b, c, "balanced")
			// The orders of 64 whole games, seeds 1 to 64.
			const games = 64
			var orders [][]*sim.Orders
			for seed := uint64(1); seed <= games; seed++ {
				g := sim.NewGame(c, seed)
				var game []*sim.Orders
				for !g.Over() {
					g.Brief()
					o := c.NewOrders()
					g.PlanSides(pols, o)
					if _, err := g.Step(o); err != nil {
						b.Fatal(err)
					}
					game = append(game, o)
				}
				orders = append(orders, game)
			}
			g := sim.NewGame(c, 1)
			k, t := 0, 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if g.Over() {
					k, t = (k+1)%games, 0
					g.Reset(uint64(k + 1))
				}
				g.Brief()
				if _, err := g.Step(orders[k][t]); err != nil {
					b.Fatal(err)
				}
				t++
			}
		})
	}
}
