package sim_test

import (
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

var update = flag.Bool("update", false, "rewrite golden files")

// builtin compiles a built-in scenario or fails the test.
func builtin(t testing.TB, id string) *sim.Compiled {
	t.Helper()
	s, err := scenarios.Open(id)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func policies(t testing.TB, c *sim.Compiled, name string) []sim.Policy {
	t.Helper()
	pols, err := sim.ResolvePolicies(c, nil, name, nil)
	if err != nil {
		t.Fatal(err)
	}
	// ResolvePolicies prefers a side's scenario default; force name on all.
	for _, s := range c.Alliance() {
		p, err := sim.PolicyByName(name)
		if err != nil {
			t.Fatal(err)
		}
		pols[s] = p
	}
	return pols
}

// play plays a whole game, checking invariants after every turn: the
// ledger sums exactly to each metric's change, every metric stays in its
// bounds, and the game ends within its turns.
func play(t testing.TB, c *sim.Compiled, seed uint64, pols []sim.Policy) *sim.Game {
	t.Helper()
	g := sim.NewGame(c, seed)
	o := c.NewOrders()
	turns := 0
	err := sim.Play(g, pols, o, func(o *sim.Orders, r *sim.Result) {
		turns++
		checkResult(t, c, r)
	})
	if err != nil {
		t.Fatalf("seed %d: %v", seed, err)
	}
	if turns > c.Turns {
		t.Fatalf("seed %d: played %d turns of %d", seed, turns, c.Turns)
	}
	if g.End() < 0 {
		t.Fatalf("seed %d: game over without an end", seed)
	}
	return g
}

func checkResult(t testing.TB, c *sim.Compiled, r *sim.Result) {
	t.Helper()
	sums := make([]sim.Fix, len(c.Metrics))
	for _, e := range r.Ledger {
		sums[e.Metric] += e.Delta
	}
	for m, mi := range c.Metrics {
		if got, want := sums[m], r.After[m]-r.Before[m]; got != want {
			t.Fatalf("turn %d: %s ledger sums to %s but moved %s", r.Turn, mi.ID, got, want)
		}
		if v := r.After[m]; v < mi.Min || v > mi.Max {
			t.Fatalf("turn %d: %s = %s outside [%s, %s]", r.Turn, mi.ID, v, mi.Min, mi.Max)
		}
	}
}

func TestSameSeedSameGame(t *testing.T) {
	c := builtin(t, "tutorial")
	pols := policies(t, c, "balanced")
	a := play(t, c, 42, pols).Hash()
	b := play(t, c, 42, pols).Hash()
	if a != b {
		t.Fatalf("same seed gave hashes %x and %x", a, b)
	}
	if d := play(t, c, 43, pols).Hash(); d == a {
		t.Fatalf("different seeds gave the same hash %x", a)
	}
}

func TestResetReusesGame(t *testing.T) {
	c := builtin(t, "tutorial")
	pols := policies(t, c, "balanced")
	want := play(t, c, 9, pols).Hash()
	g := play(t, c, 5, pols)
	g.Reset(9)
	if err := sim.Play(g, pols, c.NewOrders(), nil); err != nil {
		t.Fatal(err)
	}
	if got := g.Hash(); got != want {
		t.Fatalf("Reset(9) then play gave %x, a new game %x", got, want)
	}
}

func TestCloneIsIndependent(t *testing.T) {
	c := builtin(t, "tutorial")
	pols := policies(t, c, "balanced")
	g := sim.NewGame(c, 3)
	o := c.NewOrders()
	g.Brief()
	g.PlanSides(pols, o)
	if _, err := g.Step(o); err != nil {
		t.Fatal(err)
	}
	cl := g.Clone()
	if cl.Hash() != g.Hash() {
		t.Fatal("clone hash differs")
	}
	if err := sim.Play(g, pols, o, nil); err != nil {
		t.Fatal(err)
	}
	if err := sim.Play(cl, pols, c.NewOrders(), nil); err != nil {
		t.Fatal(err)
	}
	if cl.Hash() != g.Hash() {
		t.Fatal("clone played on differently")
	}
}

// TestThousandSeeds plays 1,000 seeds under every built-in fixed policy:
// every game ends, every metric stays in bounds, every ledger sums.
func TestThousandSeeds(t *testing.T) {
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		for _, pol := range []string{"balanced", "deterrence-first", "resilience-first", "alliance-first", "free-rider"} {
			pols := policies(t, c, pol)
			n := 1000
			if testing.Short() {
				n = 100
			}
			wins := 0
			for seed := uint64(1); seed <= uint64(n); seed++ {
				if play(t, c, seed, pols).Success() {
					wins++
				}
			}
			t.Logf("%s %s: %d/%d allied successes", id, pol, wins, n)
		}
	}
}

func TestLookaheadPlays(t *testing.T) {
	c := builtin(t, "tutorial")
	pols := policies(t, c, "lookahead")
	for seed := uint64(1); seed <= 20; seed++ {
		play(t, c, seed, pols)
	}
}

// TestInjectDiceIndependentOfPolicy checks common random numbers: the
// random inject fires on the same turns whatever the allies do.
func TestInjectDiceIndependentOfPolicy(t *testing.T) {
	c := builtin(t, "tutorial")
	test := -1
	for i, in := range c.Injects {
		if in.ID == "dprk_test" {
			test = i
		}
	}
	if test < 0 {
		t.Fatal("tutorial has no dprk_test inject")
	}
	fired := func(pol string, seed uint64) string {
		var b strings.Builder
		g := sim.NewGame(c, seed)
		err := sim.Play(g, policies(t, c, pol), c.NewOrders(), func(o *sim.Orders, r *sim.Result) {
			for _, f := range r.Injects {
				if f.Inject == test {
					fmt.Fprintf(&b, "%d ", r.Turn)
				}
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	differs := 0
	for seed := uint64(1); seed <= 200; seed++ {
		a, b := fired("balanced", seed), fired("free-rider", seed)
		// A game may end early under one policy: compare the common prefix.
		if !strings.HasPrefix(a, b) && !strings.HasPrefix(b, a) {
			differs++
		}
	}
	if differs > 0 {
		t.Fatalf("random inject fired on different turns under different policies in %d of 200 seeds", differs)
	}
}

func TestLogistic(t *testing.T) {
	for x := -12.0; x <= 12; x += 0.0173 {
		got := sim.Logistic(sim.FixFromFloat(x)).Float()
		want := 1 / (1 + math.Exp(-x))
		if math.Abs(got-want) > 2e-4 {
			t.Fatalf("Logistic(%g) = %g, want %g", x, got, want)
		}
	}
}

// goldenSeeds are the games whose final hashes must be the same on every
// architecture: CI runs this test natively and under qemu-aarch64.
func goldenLines(t *testing.T) string {
	var b strings.Builder
	for _, id := range scenarios.IDs() {
		c := builtin(t, id)
		for _, pol := range []string{"balanced", "deterrence-first", "resilience-first", "alliance-first", "free-rider", "lookahead"} {
			pols := policies(t, c, pol)
			for seed := uint64(1); seed <= 8; seed++ {
				g := play(t, c, seed, pols)
				fmt.Fprintf(&b, "%s %s %d %016x\n", id, pol, seed, g.Hash())
			}
		}
	}
	return b.String()
}

func TestGoldenHashes(t *testing.T) {
	got := goldenLines(t)
	path := filepath.Join("testdata", "hashes.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./sim -run TestGoldenHashes -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range gl {
			if i >= len(wl) || gl[i] != wl[i] {
				w := ""
				if i < len(wl) {
					w = wl[i]
				}
				t.Fatalf("%s:%d: got %q, want %q (if the rules changed on purpose, run with -update)", path, i+1, gl[i], w)
			}
		}
		t.Fatalf("%s: golden has more lines than produced", path)
	}
}

// TestBriefingLedger: the entries the open turn recorded at its briefing
// are the first entries of the Result Step returns, whatever the orders,
// and there are none before the turn is briefed or after it is stepped.
// (The why? panel stepped a clone of the game at every redraw to find
// them.)
func TestBriefingLedger(t *testing.T) {
	for _, id := range []string{"tutorial", "taiwan-strait"} {
		c := builtin(t, id)
		g := sim.NewGame(c, 7)
		pol, _ := sim.PolicyByName("balanced")
		for turn := 1; !g.Over(); turn++ {
			if g.BriefingLedger() != nil {
				t.Fatalf("%s turn %d: entries before the briefing", id, turn)
			}
			g.Brief()
			got := append([]sim.Entry(nil), g.BriefingLedger()...)
			if turn > 1 && len(got) == 0 {
				t.Fatalf("%s turn %d: no briefing entries (the drift at least)", id, turn)
			}
			o := c.NewOrders()
			for _, a := range c.Alliance() {
				pol.Plan(g, a, o)
			}
			r, err := g.Step(o)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.Ledger) < len(got) {
				t.Fatalf("%s turn %d: %d briefing entries, %d in the result", id, turn, len(got), len(r.Ledger))
			}
			for i := range got {
				if got[i] != r.Ledger[i] {
					t.Fatalf("%s turn %d: briefing entry %d is %+v, the result's %+v", id, turn, i, got[i], r.Ledger[i])
				}
			}
		}
	}
}

// LeverLockKind is LeverLock's reason as a kind: the side first, then the
// rung, then a requires. A lever of the US alone that the rung also locks
// is, to South Korea, not available: the rung is not its reason.
func TestLeverLockKind(t *testing.T) {
	s := loadTutorial(t).Clone()
	for path, v := range map[string]any{
		"escalation.start":            "70", // rung 4, which locks the combined exercise
		"lever.consultation.requires": "turn > 99",
	} {
		if err := s.Set(path, v); err != nil {
			t.Fatal(path, err)
		}
	}
	for i := range s.Levers { // (a list: Set does not take one)
		if s.Levers[i].ID == "combined_exercise" {
			s.Levers[i].Sides = []string{"us"}
		}
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	g.Brief()
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	ex, cons := c.LeverIndex("combined_exercise"), c.LeverIndex("consultation")
	for _, x := range []struct {
		side, lever int
		want        sim.Lock
		why         string
	}{
		{rok, ex, sim.LockSide, "not available to"},
		{us, ex, sim.LockRung, "locked at rung 4"},
		{rok, cons, sim.LockRequires, "requires "},
	} {
		if k, why := g.LeverLockKind(x.side, x.lever), g.LeverLock(x.side, x.lever); k != x.want || !strings.HasPrefix(why, x.why) {
			t.Errorf("%s for %s: kind %d (%q), want %d (%q…)", c.Levers[x.lever].ID, c.Sides[x.side].ID, k, why, x.want, x.why)
		}
	}
	for l := range c.Levers {
		if (g.LeverLockKind(us, l) == sim.Unlocked) != (g.LeverLock(us, l) == "") {
			t.Errorf("%s: the kind and the reason disagree", c.Levers[l].ID)
		}
	}
}

// ActionWeightWhy gives ActionWeight's weight, and its factors multiply to
// it, for every action of every built-in scenario over the turns of
// seeded games, and the zero value for an action not open.
func TestActionWeightWhy(t *testing.T) {
	for _, name := range []string{"tutorial", "gray-zone", "taiwan-strait", "thaad-pressure"} {
		c := builtin(t, name)
		for seed := uint64(1); seed <= 5; seed++ {
			g := sim.NewGame(c, seed)
			pols := policies(t, c, "balanced")
			o := c.NewOrders()
			for !g.Over() {
				for a := range c.Actions {
					why, w := g.ActionWeightWhy(a), g.ActionWeight(a)
					if why.Weight != w {
						t.Fatalf("%s seed %d turn %d %s: ActionWeightWhy %v, ActionWeight %v", name, seed, g.Turn(), c.Actions[a].ID, why.Weight, w)
					}
					if g.ActionLock(a) != "" {
						if why.Weight != 0 || why.Base != 0 || len(why.Modifiers) != 0 {
							t.Fatalf("%s: a closed action has factors: %+v", c.Actions[a].ID, why)
						}
						continue
					}
					x := why.Base
					for _, k := range why.Modifiers {
						x = x.Mul(c.Actions[a].Modifiers[k].Factor)
					}
					if x.Mul(why.Pull) != why.Weight {
						t.Fatalf("%s %s: the factors %+v do not make the weight", name, c.Actions[a].ID, why)
					}
				}
				g.Brief()
				o.Clear()
				g.PlanSides(pols, o)
				if _, err := g.Step(o); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}
