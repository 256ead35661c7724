package sim

import (
	"errors"
	"fmt"
	"math/bits"
	"slices"
)

// Game is one play of a compiled scenario. A turn has two halves: Brief opens
// it (injects fire, the adversary signals its candidate moves) and Step closes
// it (every side's allocation in, a Result with the provenance ledger out).
// A Game is not safe for concurrent use; Clone it for each goroutine.
type Game struct {
	c  *Compiled
	st state

	// Scratch reused every turn so that a steady-state turn allocates nothing.
	before []Fix
	ledger []Entry
	moves  []Move
	fired  []FiredInject
	// calledOff holds the moves a Red team planned that this turn's
	// briefing called off (CalledOff).
	calledOff []CalledOff
	defence   []Fix // per domain, this turn
	weights   []Fix // per action, doctrine scratch
	mult      []Fix // per lever, joint multipliers (see jointMults)
	// leverPoints holds, per lever, the allies' points on it this turn:
	// Step sets it for align.
	leverPoints []int
	short       []int // per side, commitment shortfall this turn
	upkeep      []Fix // per side, owed this turn for last turn's lines of effort
	// alignment scratch (see align)
	alignTop    []Fix // per side: its top priority
	alignServed []Fix // per side: the priority a point on one lever serves
	alignGot    []Fix // per side: Σ points × what they serve of the other allies' priorities
	alignPoints []Fix // per side: its points on levers that serve a threat
	// defenceLast says mult and defence hold the joint multipliers and the
	// defence of last turn's allocation (st.last). Step leaves them so (its
	// allocation becomes st.last), lastDefence computes them otherwise;
	// Reset clears it, and a Clone starts without it.
	defenceLast bool
	// slopesFresh says slope holds, per signal, the slope of its odds
	// against last turn's defence (see signalSlopes). Brief sets it; Step
	// and Reset clear it, and a Clone starts without it.
	slopesFresh bool
	slope       []Fix
	// requiresFresh says requiresBits holds the levers whose requires
	// condition holds in st.vals (see requiresMet). record, setVars and
	// the note functions (for the events' names), through which every
	// change to st.vals goes, clear it; a Clone
	// starts without it.
	requiresFresh bool
	requiresBits  uint64
	planbuf       planner
	masks         *leverMasks // shared, read-only
	// leads marks the sides AI allies follow onto joint levers (see
	// FollowLeads). Not state: it shapes AI orders, which journals record.
	leads uint64
	// noLedger turns the provenance ledger off (see SetLedger).
	noLedger bool
	// look is Lookahead's scratch (see lookScratch); nil until the first
	// lookahead plan. Not copied by Clone.
	look *lookahead
}

// state is everything that Hash covers and Clone copies.
type state struct {
	seed    uint64
	turn    int // the turn being played, 1-based
	phase   phase
	end     int   // index of the end reached, −1 while playing
	vals    []Fix // metric values, then the expression variables
	prio    []Fix // sides × threats
	last    []int // sides × levers: last turn's points
	spent   []Fix // sides: last turn's spend (for upkeep)
	pending []pendingEffect
	fired   []int32 // per inject, times fired
	choice  []int   // per inject, the choice made when it last fired (−1 none)
	signals []Signal
	plans   []int  // sides × MaxPlan: actions a human adversary chose; −1 empty
	planned []bool // sides: whether plans holds this turn's choice
	bluffs  []int  // sides × MaxPlan
	forced  []int8 // per action: a White-cell outcome for this turn (0 none, 1 success, 2 failure)
	budget  []Fix  // per side: its base budget, the scenario's unless the White cell set it (SetBudget)
	rng     []rng
}

type phase uint8

const (
	phaseOpen    phase = iota // awaiting Brief
	phaseBriefed              // awaiting Step
	phaseOver                 // an end was reached
)

// MaxPlan is the most actions plus bluffs an adversary side may signal in a turn.
const MaxPlan = 16

type pendingEffect struct {
	due    int
	metric int
	lever  int
	side   int
	delta  Fix
	mult   Fix
}

// Signal is a candidate adversary move shown before the allies allocate.
type Signal struct {
	Side     int
	Action   int
	Real     bool // the truth; a View shows it only when Revealed or to the adversary
	Revealed bool // intelligence saw through it
}

// FiredInject is an inject that fired this turn.
type FiredInject struct {
	Inject    int
	Choice    int  // the choice made (−1 until Step, or if it has none)
	WhiteCell bool // fired by the White cell (FireInject), not by its trigger
	// Times is how many times the inject has fired in this game, this
	// time included: 1 the first time, more for a repeat (see Again).
	Times int
	// Defaulted: nobody answered (a turn the timer or the White cell
	// forced), so Step applied the first choice; no side chose it.
	Defaulted bool
}

// Move is an adversary move adjudicated in Step.
type Move struct {
	Side, Action int
	Pressure     Fix
	Defence      Fix
	P            Fix // chance of success
	Roll         Fix
	Success      bool
	Forced       bool // the White cell decided the outcome (ForceOutcome); Roll was drawn all the same
}

// Briefing is the first half of a turn: what fired and what is signalled.
type Briefing struct {
	Turn    int
	Injects []FiredInject
	Signals []Signal
}

// Result is the outcome of Step. Its slices are owned by the Game and valid
// until the next Brief or Step; copy what must outlive that.
type Result struct {
	Turn    int
	Before  []Fix // metric values at the start of the turn
	After   []Fix // metric values at its end
	Ledger  []Entry
	Moves   []Move
	Injects []FiredInject
	Over    bool
	End     int // index of the end reached, −1 if play goes on
}

// Orders is every side's allocation and answers for one turn. Create it with
// Compiled.NewOrders and reuse it.
type Orders struct {
	nLevers int
	Points  []int // side × lever
	Choices []int // per inject: the choice index, −1 for the default (the first)
}

// NewOrders returns empty orders sized for the scenario.
func (c *Compiled) NewOrders() *Orders {
	o := &Orders{nLevers: len(c.Levers), Points: make([]int, len(c.Sides)*len(c.Levers)), Choices: make([]int, len(c.Injects))}
	o.Clear()
	return o
}

// Clear empties every allocation and answer.
func (o *Orders) Clear() {
	clear(o.Points)
	for i := range o.Choices {
		o.Choices[i] = -1
	}
}

// ClearSide empties one side's allocation.
func (o *Orders) ClearSide(side int) {
	clear(o.Points[side*o.nLevers : (side+1)*o.nLevers])
}

// Get returns the points side puts on lever.
func (o *Orders) Get(side, lever int) int { return o.Points[side*o.nLevers+lever] }

// Set sets the points side puts on lever.
func (o *Orders) Set(side, lever, points int) { o.Points[side*o.nLevers+lever] = points }

// Side returns the slice of one side's points, indexed by lever.
func (o *Orders) Side(side int) []int { return o.Points[side*o.nLevers : (side+1)*o.nLevers] }

// CopyFrom copies p into o (both made for the same scenario).
func (o *Orders) CopyFrom(p *Orders) {
	copy(o.Points, p.Points)
	copy(o.Choices, p.Choices)
}

// NewGame starts a game of c with the given seed.
func NewGame(c *Compiled, seed uint64) *Game {
	nm := len(c.Metrics)
	g := &Game{c: c}
	g.st = state{
		vals: make([]Fix, len(c.names)), // the metrics, the variables, the events

		prio:    make([]Fix, len(c.Sides)*len(c.Threats)),
		last:    make([]int, len(c.Sides)*len(c.Levers)),
		spent:   make([]Fix, len(c.Sides)),
		pending: make([]pendingEffect, 0, len(c.Sides)*len(c.Levers)*(c.maxEffect+1)*(MaxDelay+1)),
		fired:   make([]int32, len(c.Injects)),
		choice:  make([]int, len(c.Injects)),
		signals: make([]Signal, 0, len(c.Sides)*MaxPlan),
		plans:   make([]int, len(c.Sides)*MaxPlan),
		planned: make([]bool, len(c.Sides)),
		bluffs:  make([]int, len(c.Sides)*MaxPlan),
		forced:  make([]int8, len(c.Actions)),
		budget:  make([]Fix, len(c.Sides)),
		rng:     make([]rng, numFixedStreams+len(c.Sides)),
	}
	g.before = make([]Fix, nm)
	g.ledger = make([]Entry, 0, 256)
	g.moves = make([]Move, 0, len(c.Sides)*MaxPlan)
	g.fired = make([]FiredInject, 0, len(c.Injects))
	g.calledOff = make([]CalledOff, 0, 2*MaxPlan)
	g.defence = make([]Fix, len(c.Domains))
	g.weights = make([]Fix, len(c.Actions))
	g.mult = make([]Fix, len(c.Levers))
	g.leverPoints = make([]int, len(c.Levers))
	g.slope = make([]Fix, 0, len(c.Sides)*MaxPlan)
	g.short = make([]int, len(c.Sides))
	g.upkeep = make([]Fix, len(c.Sides))
	g.alignTop = make([]Fix, len(c.Sides))
	g.alignServed = make([]Fix, len(c.Sides))
	g.alignGot = make([]Fix, len(c.Sides))
	g.alignPoints = make([]Fix, len(c.Sides))
	g.planbuf = newPlanner(c, nil, nil)
	g.masks = newLeverMasks(c)
	g.Reset(seed)
	return g
}

// Reset restarts the game from turn 1 with a new seed, reusing its memory.
func (g *Game) Reset(seed uint64) {
	c := g.c
	st := &g.st
	st.seed = seed
	st.turn = 1
	st.phase = phaseOpen
	st.end = -1
	for i, m := range c.Metrics {
		st.vals[i] = m.Start
	}
	clear(st.vals[len(c.Metrics):])
	st.vals[MDeterrence] = g.derive()
	nt := len(c.Threats)
	for s := range c.Sides {
		p := c.Sides[s].Priorities
		for t := 0; t < nt; t++ {
			if p != nil {
				st.prio[s*nt+t] = p[t]
			} else {
				st.prio[s*nt+t] = 0
			}
		}
	}
	clear(st.last)
	clear(st.spent)
	clear(g.upkeep)
	st.pending = st.pending[:0]
	clear(st.fired)
	for i := range st.choice {
		st.choice[i] = -1
	}
	st.signals = st.signals[:0]
	for i := range st.plans {
		st.plans[i] = -1
		st.bluffs[i] = -1
	}
	clear(st.planned)
	clear(st.forced)
	for s := range c.Sides {
		st.budget[s] = c.Sides[s].Budget
	}
	for k := range st.rng {
		st.rng[k] = rng{StreamSeed(seed, k)}
	}
	g.ledger = g.ledger[:0]
	g.moves = g.moves[:0]
	g.fired = g.fired[:0]
	g.calledOff = g.calledOff[:0]
	g.defenceLast, g.slopesFresh = false, false
	g.setVars()
}

// Compiled returns the scenario the game plays.
func (g *Game) Compiled() *Compiled { return g.c }

// Seed returns the run seed.
func (g *Game) Seed() uint64 { return g.st.seed }

// Turn returns the turn being played (1-based), or the last one played once
// the game is over.
func (g *Game) Turn() int { return g.st.turn }

// Over reports whether an end has been reached.
func (g *Game) Over() bool { return g.st.phase == phaseOver }

// Briefed reports whether the current turn has been briefed and awaits Step.
func (g *Game) Briefed() bool { return g.st.phase == phaseBriefed }

// SetLedger turns the provenance ledger on (as a new Game has it) or off.
// With it off, every Result's Ledger and BriefingLedger are empty, and the
// turn skips the work of writing them (about a tenth of a turn's cost):
// for a batch whose output names no causes, and for the copies a policy
// simulates ahead on. The game is otherwise the same: the ledger is no
// part of the state, so metrics, dice, verdicts and Hash are those of the
// game with it on. Clone keeps the setting.
func (g *Game) SetLedger(on bool) {
	g.noLedger = !on
	g.ledger = g.ledger[:0]
}

// BriefingLedger returns the ledger entries the open turn has recorded
// since it was briefed, before any side's orders: the drift toward
// baselines, the injects fired, clamps and White-cell overrides. They are
// the first entries of the Result that Step will return, whatever the
// orders. It is nil unless the turn is briefed; the slice is owned by the
// Game and valid until the next Brief, Step or White-cell act.
func (g *Game) BriefingLedger() []Entry {
	if g.st.phase != phaseBriefed {
		return nil
	}
	return g.ledger
}

// End returns the index of the end reached, or −1.
func (g *Game) End() int { return g.st.end }

// Metric returns the current value of metric i.
func (g *Game) Metric(i int) Fix { return g.st.vals[i] }

// Metrics returns the current metric values; the slice is owned by the Game.
func (g *Game) Metrics() []Fix { return g.st.vals[:len(g.c.Metrics)] }

// Rung returns the current 0-based escalation rung (0–4).
func (g *Game) Rung() int { return RungOf(g.st.vals[MEscalation]) }

// Signals returns this turn's signals, truth included: for adversary play
// and for tests. Front ends for allied sides use View.
func (g *Game) Signals() []Signal { return g.st.signals }

// Priorities returns side's current threat priorities (summing to One).
func (g *Game) Priorities(side int) []Fix {
	nt := len(g.c.Threats)
	return g.st.prio[side*nt : (side+1)*nt]
}

// Clone returns an independent copy of the game, dice included.
func (g *Game) Clone() *Game {
	n := &Game{c: g.c}
	g.cloneInto(n)
	return n
}

// cloneInto makes n a copy of g as Clone makes one, reusing n's memory
// where n is of the same scenario and has played (a lookahead simulates on
// one scratch Game, over and over: a Clone each time made the garbage
// collector most of its cost). What n's own planner remembers (its tables
// and memos) is kept: they are caches, keyed by what they were made from,
// and give the plans a fresh planner gives. The levers' join values are
// not keyed: they are cleared when the leads differ, as FollowLeads does.
func (g *Game) cloneInto(n *Game) {
	if n.c != g.c || n.st.vals == nil {
		*n = Game{c: g.c}
		n.planbuf = newPlanner(g.c, g.planbuf.k, g.planbuf.tables)
	} else if n.leads != g.leads {
		for l := range n.planbuf.lever { // as FollowLeads does
			n.planbuf.lever[l].join = 0
		}
	}
	old := n.st
	n.st = g.st
	n.st.vals = append(old.vals[:0], g.st.vals...)
	n.st.prio = append(old.prio[:0], g.st.prio...)
	n.st.last = append(old.last[:0], g.st.last...)
	n.st.spent = append(old.spent[:0], g.st.spent...)
	n.st.pending = append(growCap(old.pending, cap(g.st.pending)), g.st.pending...)
	n.st.fired = append(old.fired[:0], g.st.fired...)
	n.st.choice = append(old.choice[:0], g.st.choice...)
	n.st.signals = append(growCap(old.signals, cap(g.st.signals)), g.st.signals...)
	n.st.plans = append(old.plans[:0], g.st.plans...)
	n.st.planned = append(old.planned[:0], g.st.planned...)
	n.st.bluffs = append(old.bluffs[:0], g.st.bluffs...)
	n.st.forced = append(old.forced[:0], g.st.forced...)
	n.st.budget = append(old.budget[:0], g.st.budget...)
	n.st.rng = append(old.rng[:0], g.st.rng...)
	n.before = append(n.before[:0], g.before...)
	n.ledger = append(growCap(n.ledger, cap(g.ledger)), g.ledger...)
	n.noLedger = g.noLedger
	n.moves = append(growCap(n.moves, cap(g.moves)), g.moves...)
	n.fired = append(growCap(n.fired, cap(g.fired)), g.fired...)
	n.calledOff = append(n.calledOff[:0], g.calledOff...)
	n.defence = zeroed(n.defence, len(g.defence))
	n.weights = zeroed(n.weights, len(g.weights))
	n.mult = zeroed(n.mult, len(g.mult))
	n.leverPoints = zeroed(n.leverPoints, len(g.leverPoints))
	n.slope = growCap(n.slope, cap(g.slope)) // defenceLast and slopesFresh are false: recomputed when needed
	n.defenceLast, n.slopesFresh = false, false
	n.requiresFresh, n.requiresBits = false, 0
	n.short = zeroed(n.short, len(g.short))
	n.upkeep = append(n.upkeep[:0], g.upkeep...)
	n.alignTop = zeroed(n.alignTop, len(g.alignTop))
	n.alignServed = zeroed(n.alignServed, len(g.alignServed))
	n.alignGot = zeroed(n.alignGot, len(g.alignGot))
	n.alignPoints = zeroed(n.alignPoints, len(g.alignPoints))
	n.masks = g.masks
	n.leads = g.leads
}

// growCap returns s emptied, with room for at least c elements.
func growCap[T any](s []T, c int) []T {
	if cap(s) < c {
		return make([]T, 0, c)
	}
	return s[:0]
}

// zeroed returns s with length n, every element zero, reusing s's memory
// if it has room.
func zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// setVars refreshes the expression variables after the turn or rung changed.
func (g *Game) setVars() {
	g.requiresFresh = false
	nm := len(g.c.Metrics)
	v := g.st.vals
	v[nm+varTurn] = FixInt(g.st.turn)
	v[nm+varTurns] = FixInt(g.c.Turns)
	v[nm+varFinal] = 0
	if g.st.turn >= g.c.Turns {
		v[nm+varFinal] = One
	}
	v[nm+varRung] = FixInt(RungOf(v[MEscalation]) + 1)
}

// noteFired updates the event names about inject i, which has just fired:
// fired.i counts it, and every chose.i.… is 0 until it is answered.
func (g *Game) noteFired(i int) {
	for _, ev := range g.c.events {
		if ev.target != i || (ev.kind != eventFired && ev.kind != eventChose) {
			continue
		}
		g.st.vals[ev.slot] = 0
		if ev.kind == eventFired {
			g.st.vals[ev.slot] = FixInt(int(g.st.fired[i]))
		}
		g.requiresFresh = false
	}
}

// noteChose updates the event names about inject i, answered with choice
// ch: chose.i.c is 1 for c = ch, else 0.
func (g *Game) noteChose(i, ch int) {
	for _, ev := range g.c.events {
		if ev.kind == eventChose && ev.target == i {
			g.st.vals[ev.slot] = fixBool(ev.choice == ch)
			g.requiresFresh = false
		}
	}
}

// noteMove counts action a's success (ok) or failure in the event names.
func (g *Game) noteMove(a int, ok bool) {
	kind := eventFailed
	if ok {
		kind = eventSucceeded
	}
	for _, ev := range g.c.events {
		if ev.kind == kind && ev.target == a {
			g.st.vals[ev.slot] += One
			g.requiresFresh = false
		}
	}
}

// EndsHolding returns the end conditions (other than the default) that the
// metrics as they stand meet: now, or (atEnd) if this turn were the last,
// so that "final and …" conditions count. Front ends use it to warn that a
// losing end is near; it changes nothing.
func (g *Game) EndsHolding(atEnd bool) []int {
	env := slices.Clone(g.st.vals)
	nm := len(g.c.Metrics)
	if atEnd {
		env[nm+varTurn] = FixInt(g.c.Turns)
		env[nm+varFinal] = One
	}
	var out []int
	for i := range g.c.Ends {
		if !g.c.Ends[i].Default && g.c.Ends[i].When.True(env) {
			out = append(out, i)
		}
	}
	return out
}

// Holds reports whether x, one of the scenario's conditions, holds as
// things stand (the turn, the rung and the events as the engine reads
// them). It changes nothing.
func (g *Game) Holds(x *Expr) bool { return x.True(g.st.vals) }

// HoldsWith reports whether x would hold were metric m at v, every other
// value as it stands: which metric a condition turned on (the end screen
// names the levers for that one first). It changes nothing.
func (g *Game) HoldsWith(x *Expr, m int, v Fix) bool {
	env := slices.Clone(g.st.vals)
	if m >= 0 && m < len(g.c.Metrics) {
		env[m] = v
	}
	return x.True(env)
}

// EndsFrom returns the first turn, from the one being played to the
// last, at whose end condition e would hold were the metrics to stay as
// they stand (the turn read as that turn, final on the last); 0 if none
// or e is the default end. A front end's warning says "from week 6" of
// "turn >= 6 and support < 40", which EndsHolding(true) found true at the
// last turn, and a player read as ending now. It changes nothing.
func (g *Game) EndsFrom(e int) int {
	c := g.c
	if e < 0 || e >= len(c.Ends) || c.Ends[e].Default || g.Over() {
		return 0
	}
	env := slices.Clone(g.st.vals)
	nm := len(c.Metrics)
	for t := g.st.turn; t <= c.Turns; t++ {
		env[nm+varTurn] = FixInt(t)
		env[nm+varFinal] = 0
		if t >= c.Turns {
			env[nm+varFinal] = One
		}
		if c.Ends[e].When.True(env) {
			return t
		}
	}
	return 0
}

// VerdictIfLast returns the end the game would come to were the turn
// just played its last: the first end, in file order, whose condition
// holds with final true (as EndsHolding(true)), else the default end; −1
// if there is none. For a game the White cell ended early (a seminar short
// of time) or one not finished, it is the verdict as things stand. It
// changes nothing.
func (g *Game) VerdictIfLast() int {
	if h := g.EndsHolding(true); len(h) > 0 {
		return h[0]
	}
	for i := range g.c.Ends {
		if g.c.Ends[i].Default {
			return i
		}
	}
	return -1
}

// IfLastSentence says, for a game that reached no end after turns
// turns, what VerdictIfLast found: "Had week 3 been the last, the verdict
// would have been Deterrence held (an allied success)." turnLabel is the
// scenario's word for a turn, in lower case.
func IfLastSentence(turnLabel string, turns int, title string, success bool) string {
	outcome := "not an allied success"
	if success {
		outcome = "an allied success"
	}
	return fmt.Sprintf("Had %s %d been the last, the verdict would have been %s (%s).", turnLabel, turns, title, outcome)
}

// derive returns 100 × capability × resolve × communication.
func (g *Game) derive() Fix {
	v := g.st.vals
	return v[MCapability].Mul(v[MResolve]).Mul(v[MCommunication]) * 100
}

// ErrOver is returned by Brief, Plan and Step once the game has ended.
var ErrOver = errors.New("the game is over")

// Plan sets the moves a human-played adversary side takes this turn (real
// actions) and shows as bluffs. It must be called before Brief; a side
// without a plan is played by its doctrine.
func (g *Game) Plan(side int, actions, bluffs []int) error {
	if err := g.CheckPlan(side, actions, bluffs); err != nil {
		return err
	}
	p := g.st.plans[side*MaxPlan : (side+1)*MaxPlan]
	b := g.st.bluffs[side*MaxPlan : (side+1)*MaxPlan]
	for i := range p {
		p[i], b[i] = -1, -1
	}
	copy(p, actions)
	copy(b, bluffs)
	g.st.planned[side] = true
	return nil
}

// CheckPlan says why Plan would refuse these moves, or returns nil; it
// changes nothing, so a front end can check a plan as it is drawn up.
func (g *Game) CheckPlan(side int, actions, bluffs []int) error {
	c := g.c
	if g.st.phase == phaseOver {
		return ErrOver
	}
	if g.st.phase == phaseBriefed {
		return errors.New("plan the adversary's moves before the turn is briefed")
	}
	if side < 0 || side >= len(c.Sides) || !c.Sides[side].Adversary {
		return fmt.Errorf("side %d is not an adversary side", side)
	}
	si := &c.Sides[side]
	if len(actions) > si.Actions {
		return fmt.Errorf("%s may make at most %s a turn, not %d", si.Name, Plural(si.Actions, "real move"), len(actions))
	}
	if len(bluffs) > si.Bluffs {
		return fmt.Errorf("%s may signal at most %s a turn, not %d", si.Name, Plural(si.Bluffs, "bluff"), len(bluffs))
	}
	seen := make([]bool, len(c.Actions))
	for i := 0; i < len(actions)+len(bluffs); i++ {
		a, bluff := 0, i >= len(actions)
		if bluff {
			a = bluffs[i-len(actions)]
		} else {
			a = actions[i]
		}
		if a < 0 || a >= len(c.Actions) || c.Actions[a].Side != side {
			return fmt.Errorf("action %d is not in %s's playbook", a, si.Name)
		}
		if seen[a] {
			return fmt.Errorf("%s is chosen twice", c.Actions[a].Name)
		}
		seen[a] = true
		if why := g.ActionLock(a); why != "" {
			return fmt.Errorf("%s is not available: %s", c.Actions[a].Name, why)
		}
		if bluff && !c.Actions[a].Bluff {
			return fmt.Errorf("%s cannot be shown as a bluff", c.Actions[a].Name)
		}
	}
	return nil
}

// Plural returns "1 bluff" or "2 bluffs": a count and its noun, for every
// front end's text.
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// ActionLock says why action a cannot be taken now, or "" if it can.
func (g *Game) ActionLock(a int) string {
	ai := &g.c.Actions[a]
	r := g.Rung()
	if ai.LockedAt&(1<<r) != 0 {
		return fmt.Sprintf("locked at rung %d (%s)", r+1, g.c.Rungs[r].Name)
	}
	if !ai.When.True(g.st.vals) {
		return "its condition does not hold: " + g.c.Readable(&ai.When)
	}
	return ""
}

// Lock says why a lever cannot be used.
type Lock uint8

// Reasons a lever may be locked.
const (
	Unlocked     Lock = iota
	LockSide          // the side may not use it
	LockRung          // the escalation rung locks it
	LockRequires      // its requires condition does not hold
)

// leverMasks holds the scenario's lever locks as bit sets, bit l for lever
// l, so that a side's usable levers are found in a few operations. It is
// made once per Game from the Compiled scenario (which does not change) and
// shared by its clones; nil if the scenario has more than 64 levers.
type leverMasks struct {
	side     []uint64  // per side: the levers it may use
	rung     [5]uint64 // per rung: the levers locked there
	requires uint64    // the levers with a requires condition
	visible  uint64    // the visible levers
}

func newLeverMasks(c *Compiled) *leverMasks {
	if len(c.Levers) > 64 {
		return nil
	}
	m := &leverMasks{side: make([]uint64, len(c.Sides))}
	for l := range c.Levers {
		li := &c.Levers[l]
		bit := uint64(1) << l
		for s := range c.Sides {
			if li.Sides&(1<<s) != 0 {
				m.side[s] |= bit
			}
		}
		for r := range m.rung {
			if li.LockedAt&(1<<r) != 0 {
				m.rung[r] |= bit
			}
		}
		if !li.Requires.Empty() {
			m.requires |= bit
		}
		if li.Visible {
			m.visible |= bit
		}
	}
	return m
}

// usableBits returns the levers side may use now, as leverLock says, as a
// bit set; ok is false if the scenario has more than 64 levers (then ask
// leverLock).
func (g *Game) usableBits(side int) (u uint64, ok bool) {
	m := g.masks
	if m == nil {
		return 0, false
	}
	u = m.side[side] &^ m.rung[g.Rung()]
	if u&m.requires != 0 {
		u &= g.requiresMet()
	}
	return u, true
}

// requiresHold reports whether lever l's requires condition holds now.
func (g *Game) requiresHold(l int) bool {
	if g.masks == nil {
		return g.c.Levers[l].Requires.True(g.st.vals)
	}
	return g.requiresMet()&(1<<l) != 0
}

// requiresMet returns the levers whose requires condition holds now (those
// without one included) as a bit set; g.masks must not be nil. The
// conditions are evaluated once for the values they read: each side's
// planner and Step's checks of a turn ask the same question.
func (g *Game) requiresMet() uint64 {
	if !g.requiresFresh {
		g.requiresBits, g.requiresFresh = g.evalRequires(), true
	}
	return g.requiresBits
}

func (g *Game) evalRequires() uint64 {
	m := g.masks
	u := ^m.requires
	for r := m.requires; r != 0; r &= r - 1 {
		l := bits.TrailingZeros64(r)
		if g.c.Levers[l].Requires.True(g.st.vals) {
			u |= 1 << l
		}
	}
	return u
}

func (g *Game) leverLock(side, l int) Lock {
	return g.leverLockAt(side, l, 1<<g.Rung())
}

// leverLockAt is leverLock with the current rung's bit given, for callers
// that check many levers.
func (g *Game) leverLockAt(side, l int, rungBit uint8) Lock {
	li := &g.c.Levers[l]
	switch {
	case li.Sides&(1<<side) == 0:
		return LockSide
	case li.LockedAt&rungBit != 0:
		return LockRung
	case !li.Requires.Empty() && !g.requiresHold(l):
		return LockRequires
	}
	return Unlocked
}

// LeverLockKind says what locks lever l to side now (Unlocked if
// nothing): LeverLock's reason, as a kind.
func (g *Game) LeverLockKind(side, l int) Lock { return g.leverLock(side, l) }

// LeverLock says why side cannot use lever l now, or "" if it can.
func (g *Game) LeverLock(side, l int) string {
	li := &g.c.Levers[l]
	switch g.leverLock(side, l) {
	case LockSide:
		return "not available to " + g.c.Sides[side].Name
	case LockRung:
		r := g.Rung()
		return fmt.Sprintf("locked at rung %d (%s)", r+1, g.c.Rungs[r].Name)
	case LockRequires:
		return "requires " + g.c.Readable(&li.Requires)
	}
	return ""
}

// actionUsable reports whether action a may be taken now; rungBit is the
// current rung's bit, found once by callers that ask of many actions.
func (g *Game) actionUsable(a int, rungBit uint8) bool {
	ai := &g.c.Actions[a]
	return ai.LockedAt&rungBit == 0 && ai.When.True(g.st.vals)
}

// Budget returns side's budget this turn: its base budget (BaseBudget)
// scaled by domestic support (×(50+support)/100, so support 50 gives the
// base budget).
func (g *Game) Budget(side int) Fix {
	si := &g.c.Sides[side]
	b := g.st.budget[side]
	if si.Support >= 0 {
		b = b.Mul((FixInt(50) + g.st.vals[si.Support]).Div(FixInt(100)))
	}
	if b < 0 {
		b = 0
	}
	return b
}

// Upkeep returns what side must pay this turn, before new spending, to keep
// up last turn's lines of effort: Σ upkeep × last turn's spend per lever.
func (g *Game) Upkeep(side int) Fix { return g.upkeep[side] }

// Available returns what side may spend on new points this turn.
func (g *Game) Available(side int) Fix {
	a := g.Budget(side) - g.Upkeep(side)
	if a < 0 {
		return 0
	}
	return a
}

// MinVisible returns the minimum visible commitment this turn: 5 − rung
// points on visible levers (5 when calm, 1 at the brink).
func (g *Game) MinVisible() int {
	if !g.c.Commitment {
		return 0
	}
	return 5 - g.Rung()
}

// VisibleNeed returns the points side must put on visible levers this turn
// to owe no shortfall: MinVisible, lowered to what the side can afford on
// its cheapest visible lever it may use (0 for an adversary side, or when
// the scenario has no commitment rule). Shortfall(o, side) is VisibleNeed
// less the visible points of side's draft, if that is positive.
func (g *Game) VisibleNeed(side int) int {
	c := g.c
	if !c.Commitment || c.Sides[side].Adversary {
		return 0
	}
	nl := len(c.Levers)
	none := Orders{nLevers: nl, Points: make([]int, (side+1)*nl)} // no visible points: the shortfall is the need
	return g.shortfall(&none, side, g.MinVisible())
}

// CanAddPoint reports whether side could put one more point on some lever
// and the engine would still accept its draft (CheckSide): a lever it may
// use, under the lever's maximum, within what is left of its budget. Front
// ends ask it before saying that budget is left unspent. o is restored.
func (g *Game) CanAddPoint(o *Orders, side int) bool {
	if g.CheckSide(o, side) != nil {
		return false
	}
	for l := range g.c.Levers {
		p := o.Get(side, l)
		o.Set(side, l, p+1)
		ok := g.CheckSide(o, side) == nil
		o.Set(side, l, p)
		if ok {
			return true
		}
	}
	return false
}

// Check validates orders for the current turn without changing anything:
// every side's allocation and every inject's answer. Step refuses orders
// Check refuses. A front end where one side acts uses CheckSide, so that
// another side's draft neither blocks it nor shows in its error.
func (g *Game) Check(o *Orders) error {
	c := g.c
	if err := g.checkShape(o); err != nil {
		return err
	}
	rungBit := uint8(1) << g.Rung()
	for s := range c.Sides {
		if err := g.checkPoints(o, s, rungBit); err != nil {
			return err
		}
	}
	for i, ch := range o.Choices {
		if ch == -1 { // the default, always an answer
			continue
		}
		if err := g.checkChoice(o, i); err != nil {
			return err
		}
	}
	return nil
}

// CheckSide validates side's part of orders for the current turn, without
// changing anything: its allocation (locks, maximums, what it may spend)
// and its answers to the injects it decides. Other sides' drafts are not
// looked at, so one side's draft never blocks another's nor leaks into its
// error. Orders pass Check when every side passes CheckSide (and the
// injects nobody decides are left at their default).
func (g *Game) CheckSide(o *Orders, side int) error {
	c := g.c
	if err := g.checkShape(o); err != nil {
		return err
	}
	if side < 0 || side >= len(c.Sides) {
		return fmt.Errorf("side %d is not in the scenario", side)
	}
	if err := g.checkPoints(o, side, uint8(1)<<g.Rung()); err != nil {
		return err
	}
	for i := range o.Choices {
		if c.Injects[i].Decider == side {
			if err := g.checkChoice(o, i); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *Game) checkShape(o *Orders) error {
	c := g.c
	if len(o.Points) != len(c.Sides)*len(c.Levers) || len(o.Choices) != len(c.Injects) {
		return errors.New("orders were made for another scenario")
	}
	return nil
}

// A PointsError is an allocation Check refuses, with what a front end
// needs to say why in its own words: the side, the lever (−1 when the
// whole draft is over the budget), which rule it breaks, and the numbers.
type PointsError struct {
	Side, Lever int
	Problem     PointsProblem
	Points, Max int // the points on the lever and its per-turn maximum (PointsOverMax, PointsNegative)
	Spend       Fix // the draft's spend and what the side has this turn (PointsOverBudget)
	Available   Fix
	msg         string
}

func (e *PointsError) Error() string { return e.msg }

// PointsProblem is the rule a PointsError breaks.
type PointsProblem uint8

const (
	PointsNegative   PointsProblem = iota + 1
	PointsOverMax                  // more points than the lever's per-turn maximum
	PointsAdversary                // an adversary side with points on a lever
	PointsLocked                   // a lever the side may not use now (Game.LeverLock says why)
	PointsOverBudget               // the draft spends more than the side has this turn
)

// pointsError is the PointsError of p points by side s on lever l,
// "s: " and the message.
func (c *Compiled) pointsError(s, l, p int, problem PointsProblem, format string, args ...any) error {
	return &PointsError{Side: s, Lever: l, Points: p, Max: c.Levers[l].Max, Problem: problem,
		msg: c.Sides[s].ID + ": " + fmt.Sprintf(format, args...)}
}

// checkPoints checks side s's allocation; rungBit is the current rung's bit.
func (g *Game) checkPoints(o *Orders, s int, rungBit uint8) error {
	c := g.c
	var spend Fix
	// The side's usable levers as a bit set (see usableBits), asked at the
	// first lever with points: most sides' rows are mostly empty.
	var u uint64
	asked, bitsOK := false, false
	for l, p := range o.Side(s) {
		if p == 0 {
			continue
		}
		li := &c.Levers[l]
		switch {
		case p < 0:
			return c.pointsError(s, l, p, PointsNegative, "%s: negative points (%d)", li.ID, p)
		case p > li.Max:
			return c.pointsError(s, l, p, PointsOverMax, "%s: %d points is over the per-turn maximum of %d", li.ID, p, li.Max)
		case c.Sides[s].Adversary:
			return c.pointsError(s, l, p, PointsAdversary, "adversary sides take actions, not levers")
		}
		if !asked {
			u, bitsOK = g.usableBits(s)
			asked = true
		}
		if bitsOK && u&(1<<l) == 0 || !bitsOK && g.leverLockAt(s, l, rungBit) != Unlocked {
			return c.pointsError(s, l, p, PointsLocked, "%s: %s", li.ID, g.LeverLock(s, l))
		}
		spend += li.Cost * Fix(p)
	}
	if spend <= 0 { // Available is never negative
		return nil
	}
	if avail := g.Available(s); spend > avail {
		// As many decimals as tell the two apart: "spends 7.0 but only 7.0"
		// hid an available 6.96.
		d := 1
		for d < 4 && spend.Format(d) == avail.Format(d) {
			d++
		}
		return &PointsError{Side: s, Lever: -1, Problem: PointsOverBudget, Spend: spend, Available: avail,
			msg: fmt.Sprintf("%s: spends %s but only %s is available this turn", c.Sides[s].ID, spend.Format(d), avail.Format(d))}
	}
	return nil
}

// checkChoice checks the answer to inject i.
func (g *Game) checkChoice(o *Orders, i int) error {
	in := &g.c.Injects[i]
	if ch := o.Choices[i]; ch < -1 || ch >= len(in.Choices) || (ch >= 0 && len(in.Choices) == 0) {
		return fmt.Errorf("inject %s: no choice %d", in.ID, ch)
	}
	return nil
}

// Spend returns what side's allocation in o costs.
func (g *Game) Spend(o *Orders, side int) Fix {
	var spend Fix
	for l, p := range o.Side(side) {
		spend += g.c.Levers[l].Cost * Fix(p)
	}
	return spend
}
