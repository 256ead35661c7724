package sim_test

import (
	"errors"
	"slices"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// A White-cell act between Brief and Step changes the game, shows in the
// turn's ledger (which still sums exactly), and is part of the hash.
func TestWhiteCellActs(t *testing.T) {
	c := builtin(t, "gray-zone")
	pols := policies(t, c, "balanced")
	o := c.NewOrders()

	plain := sim.NewGame(c, 7)
	g := sim.NewGame(c, 7)
	if err := g.SetMetric(sim.MResolve, sim.FixInt(0)); !errors.Is(err, sim.ErrNotBriefed) {
		t.Fatalf("SetMetric before Brief: %v, want ErrNotBriefed", err)
	}
	plain.Brief()
	g.Brief()
	if g.Hash() != plain.Hash() {
		t.Fatal("briefing differs before any act")
	}

	// Fire an inject that has choices.
	in := -1
	for i := range c.Injects {
		if len(c.Injects[i].Choices) > 0 && len(c.Injects[i].Effects) > 0 {
			in = i
			break
		}
	}
	if in < 0 {
		t.Fatal("gray-zone has no inject with effects and choices")
	}
	if err := g.FireInject(in); err != nil {
		t.Fatal(err)
	}
	if err := g.FireInject(in); err == nil {
		t.Fatal("the same inject fired twice in a turn")
	}
	if g.Hash() == plain.Hash() {
		t.Fatal("FireInject left the hash unchanged")
	}
	// Override a component; deterrence itself is refused.
	m := c.MetricIndex("cohesion")
	if err := g.SetMetric(m, sim.FixInt(33)); err != nil {
		t.Fatal(err)
	}
	if got := g.Metric(m); got != sim.FixInt(33) {
		t.Fatalf("cohesion = %s after SetMetric 33", got)
	}
	if err := g.SetMetric(sim.MDeterrence, sim.FixInt(50)); err == nil {
		t.Fatal("deterrence (derived) was set")
	}
	if err := g.SetMetric(m, sim.FixInt(1000)); err == nil {
		t.Fatal("a value out of bounds was accepted")
	}
	// Decide every real move's outcome: all fail.
	real := g.RealMoves()
	if len(real) == 0 {
		t.Fatal("no real adversary move this turn")
	}
	for _, a := range real {
		if err := g.ForceOutcome(a, false); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.ForceOutcome(-1, true); err == nil {
		t.Fatal("action -1 accepted")
	}
	cl := g.Clone()
	if cl.Hash() != g.Hash() {
		t.Fatal("Clone lost a White-cell act")
	}

	g.PlanSides(pols, o)
	r, err := g.Step(o)
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, c, &r)
	var sawInject, sawOverride bool
	for _, e := range r.Ledger {
		sawInject = sawInject || e.Kind == sim.CauseInject && e.Cause == in
		sawOverride = sawOverride || e.Kind == sim.CauseOverride && e.Metric == m
	}
	if !sawInject || !sawOverride {
		t.Fatalf("ledger: inject entry %v, override entry %v", sawInject, sawOverride)
	}
	wc := false
	for _, f := range r.Injects {
		wc = wc || f.Inject == in && f.WhiteCell
	}
	if !wc {
		t.Fatal("the fired inject is not marked as the White cell's")
	}
	for _, mv := range r.Moves {
		if !mv.Forced || mv.Success {
			t.Fatalf("move %s: forced %v success %v, want forced failure", c.Actions[mv.Action].ID, mv.Forced, mv.Success)
		}
	}
	// The clone, stepped with the same orders, is the same game.
	o2 := c.NewOrders()
	cl.PlanSides(pols, o2)
	if _, err := cl.Step(o2); err != nil {
		t.Fatal(err)
	}
	if cl.Hash() != g.Hash() {
		t.Fatal("clone and game diverged after Step")
	}
}

// TestRealMovesOnlyWhenBriefed: between a turn's results and the next
// briefing the game still holds the last turn's signals; RealMoves gave
// them as this turn's, and the White-cell console offered to decide moves
// already played.
func TestRealMovesOnlyWhenBriefed(t *testing.T) {
	c := builtin(t, "tutorial")
	g := sim.NewGame(c, 3)
	g.Brief()
	if len(g.RealMoves()) == 0 {
		t.Fatal("no real move in a briefed tutorial turn")
	}
	if _, err := g.Step(c.NewOrders()); err != nil {
		t.Fatal(err)
	}
	if m := g.RealMoves(); len(m) != 0 {
		t.Fatalf("before week 2 is briefed, RealMoves gives %v (week 1's)", m)
	}
}

// TestEndsHolding: the end conditions the metrics meet now, or would meet
// if this turn were the last ("final and gains > 20" counts only then).
func TestEndsHolding(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", []string{"metric.gains.start=25"})
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 1)
	coerced := -1
	for i := range c.Ends {
		if c.Ends[i].ID == "coerced" {
			coerced = i
		}
	}
	if now := g.EndsHolding(false); slices.Contains(now, coerced) {
		t.Errorf("coerced holds in week 1: %v", now)
	}
	if atEnd := g.EndsHolding(true); !slices.Contains(atEnd, coerced) {
		t.Errorf("with gains at 25, coerced would not hold at the end: %v", atEnd)
	}
	if g.Turn() != 1 || g.Over() {
		t.Error("EndsHolding changed the game")
	}
}

// The White cell sets an allied side's base budget: Budget, Available and
// the side's View follow at once and on later turns, the hash covers it
// (and is the untouched game's again once the budget is set back), Clone
// keeps it, Reset restores the scenario's, and a draft the new budget no
// longer pays for is refused.
func TestSetBudget(t *testing.T) {
	c := builtin(t, "taiwan-strait")
	us, prc := c.SideIndex("us"), c.SideIndex("prc")
	base := c.Sides[us].Budget
	g := sim.NewGame(c, 3)
	if err := g.SetBudget(us, sim.FixInt(2)); !errors.Is(err, sim.ErrNotBriefed) {
		t.Fatalf("SetBudget before Brief: %v, want ErrNotBriefed", err)
	}
	g.Brief()
	before := g.Budget(us)

	// A draft that spends the whole budget, made before the cut.
	o := c.NewOrders()
	pols := policies(t, c, "balanced")
	g.PlanSides(pols, o)
	plain := g.Hash() // after planning, which draws from the sides' streams
	if err := g.CheckSide(o, us); err != nil {
		t.Fatalf("the balanced draft is refused before any cut: %v", err)
	}
	for _, bad := range []sim.Fix{-1, sim.FixInt(sim.MaxBudget) + 1} {
		if err := g.SetBudget(us, bad); err == nil {
			t.Errorf("SetBudget(%s) accepted", bad)
		}
	}
	if err := g.SetBudget(prc, sim.FixInt(5)); err == nil {
		t.Error("an adversary side's budget was set")
	}
	if g.Hash() != plain {
		t.Fatal("refused acts changed the game")
	}
	half := base / 2
	if err := g.SetBudget(us, half); err != nil {
		t.Fatal(err)
	}
	if g.BaseBudget(us) != half {
		t.Fatalf("BaseBudget = %s, want %s", g.BaseBudget(us), half)
	}
	if got, want := g.Budget(us), before/2; got > want+1 || got < want-1 {
		t.Errorf("Budget = %s after halving the base, want about %s (was %s)", got, want, before)
	}
	if v := g.View(us); v.Budget != g.Budget(us) || v.Available != g.Available(us) {
		t.Errorf("View shows budget %s, available %s; the game %s, %s", v.Budget, v.Available, g.Budget(us), g.Available(us))
	}
	if g.Hash() == plain {
		t.Fatal("SetBudget left the hash unchanged")
	}
	if err := g.CheckSide(o, us); err == nil {
		t.Error("a draft spending the whole old budget still passes after it was halved")
	}
	cl := g.Clone()
	if cl.Hash() != g.Hash() || cl.BaseBudget(us) != half {
		t.Error("Clone lost the set budget")
	}
	if err := g.SetBudget(us, base); err != nil {
		t.Fatal(err)
	}
	if g.Hash() != plain {
		t.Error("setting the budget back to the scenario's did not give the untouched hash")
	}

	// It lasts: the next turns are paid from the new base.
	if err := cl.SetBudget(us, 0); err != nil {
		t.Fatal(err)
	}
	o.Clear()
	cl.PlanSides(pols, o)
	if _, err := cl.Step(o); err != nil {
		t.Fatal(err)
	}
	if spent := cl.Spend(o, us); spent != 0 {
		t.Errorf("the US spent %s on a budget of 0", spent)
	}
	if !cl.Over() {
		cl.Brief()
		if cl.Budget(us) != 0 || cl.BaseBudget(us) != 0 {
			t.Errorf("turn 2: budget %s (base %s), want 0 as set on turn 1", cl.Budget(us), cl.BaseBudget(us))
		}
	}
	cl.Reset(3)
	if cl.BaseBudget(us) != base {
		t.Errorf("Reset left base budget %s, want the scenario's %s", cl.BaseBudget(us), base)
	}
}
