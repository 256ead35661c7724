package sim

import (
	"errors"
	"fmt"
)

// White-cell interventions. In a seminar the facilitator (the White cell)
// may, between a turn's briefing and its adjudication, fire any of the
// scenario's injects, set a metric to a value, decide the outcome of an
// adversary move, or set an allied side's budget. Each is part of the game's state and hash, and shows in
// the turn's ledger and results, so "why?" still has an answer: an inject's
// entries name the inject (its FiredInject has WhiteCell set), an override's
// entry is CauseOverride, a decided move is a Move with Forced set, a set
// budget is BaseBudget.

// ErrNotReal is the error of ForceOutcome for an action that is not a
// real move this turn. A journal replay treats such a decision as void
// (it concerned a move the adversary did not make), which is what a
// resumed game does when the Red team plans again.
var ErrNotReal = errors.New("not a real move this turn")

// ErrNotBriefed is returned by a White-cell act outside a briefed turn.
var ErrNotBriefed = errors.New("the White cell acts between a turn's briefing and its adjudication: brief the turn first")

const (
	forceSuccess int8 = 1
	forceFailure int8 = 2
)

func (g *Game) whiteCellReady() error {
	switch g.st.phase {
	case phaseOver:
		return ErrOver
	case phaseOpen:
		return ErrNotBriefed
	}
	return nil
}

// FireInject fires inject i now, whatever its trigger or schedule: its
// effects apply at once and, if it has choices, its decider answers it
// with this turn's orders. An inject already fired this turn is refused.
func (g *Game) FireInject(i int) error {
	if err := g.whiteCellReady(); err != nil {
		return err
	}
	c := g.c
	if i < 0 || i >= len(c.Injects) {
		return fmt.Errorf("no inject %d (the scenario has %d)", i, len(c.Injects))
	}
	for _, f := range g.fired {
		if f.Inject == i {
			return fmt.Errorf("inject %s has already fired this turn", c.Injects[i].ID)
		}
	}
	st := &g.st
	in := &c.Injects[i]
	st.fired[i]++
	st.choice[i] = -1
	g.noteFired(i)
	for _, e := range in.Effects {
		g.add(e.Metric, e.Delta, CauseInject, i, -1)
	}
	g.fired = append(g.fired, FiredInject{Inject: i, Choice: -1, WhiteCell: true, Times: int(st.fired[i])})
	g.settle()
	return nil
}

// SetMetric sets metric m to v now (a CauseOverride ledger entry for the
// difference). Deterrence is derived: set one of its components instead.
func (g *Game) SetMetric(m int, v Fix) error {
	if err := g.whiteCellReady(); err != nil {
		return err
	}
	c := g.c
	if m < 0 || m >= len(c.Metrics) {
		return fmt.Errorf("no metric %d (the scenario has %d)", m, len(c.Metrics))
	}
	mi := &c.Metrics[m]
	if mi.Derived {
		return fmt.Errorf("%s is derived from capability, resolve and communication: set one of those instead", mi.ID)
	}
	if v < mi.Min || v > mi.Max {
		return fmt.Errorf("%s must stay within %s..%s, not %s", mi.ID, mi.Min, mi.Max, v)
	}
	g.add(m, v-g.st.vals[m], CauseOverride, -1, -1)
	g.settle()
	return nil
}

// MaxBudget is the most points per turn an allied side's base budget may
// be: in a scenario file, and as the White cell sets it (SetBudget).
const MaxBudget = 1000

// budgetTag marks a White-cell budget in Hash (see there).
const budgetTag = uint64(0xB0D6E7) << 40

// SetBudget sets allied side's base budget (its points per turn at support
// 50, before support scales it) to v, from this turn on: a supplemental
// appropriation, a budget cut, a continuing resolution. It is part of the
// state and hash; Budget, Available and every View show it at once. A draft
// already made may no longer fit: the front end asks its side to change it
// (Game.CheckSide says why). Adversary sides have no budget.
func (g *Game) SetBudget(side int, v Fix) error {
	if err := g.whiteCellReady(); err != nil {
		return err
	}
	c := g.c
	if side < 0 || side >= len(c.Sides) {
		return fmt.Errorf("no side %d (the scenario has %d)", side, len(c.Sides))
	}
	if c.Sides[side].Adversary {
		return fmt.Errorf("%s is an adversary side: it has no budget (its doctrine sets its moves)", c.Sides[side].ID)
	}
	if v < 0 || v > FixInt(MaxBudget) {
		return fmt.Errorf("a base budget is from 0 to %d points per turn, not %s", MaxBudget, v)
	}
	g.st.budget[side] = v
	return nil
}

// BaseBudget returns side's base budget: the scenario's, or what the White
// cell set it to (SetBudget).
func (g *Game) BaseBudget(side int) Fix { return g.st.budget[side] }

// ForceOutcome decides whether adversary action a, signalled as a real move
// this turn, succeeds when the turn is adjudicated. Its die is still drawn,
// so the dice of every later move stay as they were.
func (g *Game) ForceOutcome(a int, success bool) error {
	if err := g.whiteCellReady(); err != nil {
		return err
	}
	c := g.c
	if a < 0 || a >= len(c.Actions) {
		return fmt.Errorf("no action %d (the scenario has %d)", a, len(c.Actions))
	}
	real := false
	for _, s := range g.st.signals {
		real = real || s.Real && s.Action == a
	}
	if !real {
		return fmt.Errorf("action %s is %w", c.Actions[a].ID, ErrNotReal)
	}
	g.st.forced[a] = forceFailure
	if success {
		g.st.forced[a] = forceSuccess
	}
	return nil
}

// Forced reports whether the White cell has decided action a's outcome
// this turn, and which.
func (g *Game) Forced(a int) (decided, success bool) {
	f := g.st.forced[a]
	return f != 0, f == forceSuccess
}

// RealMoves returns the adversary's real moves this turn, once briefed (the
// White cell sees through bluffs); none before: the signals held then are
// the last turn's (the console offered to decide them while a Red team
// was still planning).
func (g *Game) RealMoves() []int {
	if g.st.phase != phaseBriefed {
		return nil
	}
	var out []int
	for _, s := range g.st.signals {
		if s.Real {
			out = append(out, s.Action)
		}
	}
	return out
}
