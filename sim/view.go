package sim

import "slices"

// Knowledge is what a side knows about whether a signal is real.
type Knowledge uint8

// What a side may know of a signal.
const (
	Unknown Knowledge = iota // it may be a bluff
	KnownReal
	KnownBluff
)

// String returns "unknown", "real" or "bluff".
func (k Knowledge) String() string {
	switch k {
	case KnownReal:
		return "real"
	case KnownBluff:
		return "bluff"
	}
	return "unknown"
}

// SignalView is a signal as one side sees it.
type SignalView struct {
	Side, Action int
	Known        Knowledge
}

// LeverView is a lever as one side sees it this turn.
type LeverView struct {
	Lever   int
	Usable  bool
	Lock    Lock // why it is not usable; Game.LeverLock says it in words
	Last    int  // this side's points last turn
	Allies  int  // other allies' points on it last turn, if the lever is visible
	Pending Fix  // delayed effect of this side's earlier points not yet landed (sum over metrics, absolute)
}

// View is what one side may see of the game: public facts, its own draft
// and budget, the signals with what its intelligence revealed. Every front
// end renders a View, so fog of war lives here alone.
type View struct {
	Side       int
	Turn       int
	Turns      int
	Rung       int // 0-based
	Over       bool
	End        int
	Metrics    []Fix
	Budget     Fix
	Upkeep     Fix
	Available  Fix
	MinVisible int
	Levers     []LeverView // allied sides: every lever in the scenario
	Signals    []SignalView
	Injects    []FiredInject // fired this turn
	Decides    []int         // injects fired this turn whose choice this side makes
	Priorities []Fix         // own threat priorities
	AllyPrio   []Fix         // the mean priorities of the other allies
}

// View returns what side may see now. It allocates; policies use ViewInto.
func (g *Game) View(side int) View {
	var v View
	g.ViewInto(side, &v)
	return v
}

// ViewInto fills v with what side may see, reusing v's slices. Side −1 is
// the public (an observer's seat): metrics, the injects fired, the signals
// with nothing revealed; no budget, levers or priorities.
func (g *Game) ViewInto(side int, v *View) { g.fillView(side, v, true) }

// planViewInto fills v as ViewInto does but for the fixed-weight planner,
// which reads neither Injects, Priorities nor Levers: those are left empty,
// which spares a pass over the levers and the pending effects every time a
// side plans. The planner asks usableBits and alliesOn, as ViewInto does,
// for what Levers would have told it. The fog is the same, decided by the
// same code.
func (g *Game) planViewInto(side int, v *View) { g.fillView(side, v, false) }

// alliesOn returns the points the other allies put on lever l last turn
// that side may see (SeesPoints: those on a visible lever).
func (g *Game) alliesOn(side, l int) int {
	c := g.c
	n, nl := 0, len(c.Levers)
	for _, a := range c.alliance {
		if a != side && c.SeesPoints(side, a, l) {
			n += g.st.last[a*nl+l]
		}
	}
	return n
}

// soleAlly returns the one other ally whose points on lever l last turn
// side may see, and those points; −1 if none or more than one had any.
func (g *Game) soleAlly(side, l int) (ally, points int) {
	c := g.c
	ally, nl := -1, len(c.Levers)
	for _, a := range c.alliance {
		if p := g.st.last[a*nl+l]; a != side && p > 0 && c.SeesPoints(side, a, l) {
			if ally >= 0 {
				return -1, 0
			}
			ally, points = a, p
		}
	}
	return ally, points
}

// FollowLeads marks the sides whose lead AI allies follow onto joint
// levers: the sides people play (lead[side]). A fixed-weight policy then
// values its first point on a joint lever that one of them alone held last
// turn at what it adds to theirs too, lifting their points from the solo
// to the joint multiplier: an AI ally joins a player's combined exercise
// as a partner would, instead of leaving it at the solo rate. Batch runs,
// with no players, leave it unset, so their AI allies plan as before.
// It is not part of the state: it shapes the AI's orders, which a journal
// records. Clone keeps it.
func (g *Game) FollowLeads(lead []bool) {
	g.leads = 0
	for s, ok := range lead {
		if ok && s < 64 && !g.c.Sides[s].Adversary {
			g.leads |= 1 << s
		}
	}
	for l := range g.planbuf.lever { // the planner counts a join only while there are leads
		g.planbuf.lever[l].join = 0
	}
}

// Leads reports, by side, whether the game's AI allies follow that side
// onto joint levers (FollowLeads).
func (g *Game) Leads() []bool {
	out := make([]bool, len(g.c.Sides))
	for s := range out {
		out[s] = s < 64 && g.leads&(1<<s) != 0
	}
	return out
}

// alliesOnAny reports whether alliesOn(side, l) > 0, stopping at the first
// ally with points there (points are never negative).
func (g *Game) alliesOnAny(side, l int) bool {
	c := g.c
	nl := len(c.Levers)
	for _, a := range c.alliance {
		if a != side && g.st.last[a*nl+l] > 0 && c.SeesPoints(side, a, l) {
			return true
		}
	}
	return false
}

func (g *Game) fillView(side int, v *View, full bool) {
	c, st := g.c, &g.st
	nl, nt := len(c.Levers), len(c.Threats)
	v.Side = side
	v.Turn = st.turn
	v.Turns = c.Turns
	v.Rung = g.Rung()
	v.Over = st.phase == phaseOver
	v.End = st.end
	v.Metrics = append(v.Metrics[:0], st.vals[:len(c.Metrics)]...)
	v.Levers = v.Levers[:0]
	v.Signals = v.Signals[:0]
	v.Decides = v.Decides[:0]
	v.Injects = v.Injects[:0]
	if st.phase == phaseBriefed {
		if full {
			v.Injects = append(v.Injects, g.fired...)
		}
		for _, f := range g.fired {
			if side >= 0 && c.Injects[f.Inject].Decider == side && len(c.Injects[f.Inject].Choices) > 0 {
				v.Decides = append(v.Decides, f.Inject)
			}
		}
		for _, sg := range st.signals {
			v.Signals = append(v.Signals, SignalView{Side: sg.Side, Action: sg.Action, Known: c.Knows(side, sg)})
		}
	}
	v.Priorities = v.Priorities[:0]
	v.AllyPrio = v.AllyPrio[:0]
	if side < 0 || c.Sides[side].Adversary {
		v.Budget, v.Upkeep, v.Available, v.MinVisible = 0, 0, 0, 0
		return
	}
	v.Budget = g.Budget(side)
	v.Upkeep = g.Upkeep(side)
	v.Available = max(v.Budget-v.Upkeep, 0) // as Available
	v.MinVisible = g.MinVisible()
	if full {
		for l := range c.Levers {
			lock := g.leverLock(side, l)
			v.Levers = append(v.Levers, LeverView{Lever: l, Usable: lock == Unlocked, Lock: lock, Last: st.last[side*nl+l], Allies: g.alliesOn(side, l)})
		}
		for _, pe := range st.pending {
			if pe.side == side {
				v.Levers[pe.lever].Pending += pe.delta.Abs()
			}
		}
	}
	if nt > 0 {
		if full {
			v.Priorities = append(v.Priorities, st.prio[side*nt:(side+1)*nt]...)
		}
		v.AllyPrio = append(v.AllyPrio, make([]Fix, nt)...)
		others := 0
		for _, a := range c.alliance {
			if a == side {
				continue
			}
			others++
			for t := 0; t < nt; t++ {
				v.AllyPrio[t] += st.prio[a*nt+t]
			}
		}
		if others > 1 {
			for t := range v.AllyPrio {
				v.AllyPrio[t] /= Fix(others)
			}
		}
	}
}

// FNV-1a's 64-bit offset basis and prime, and fnvPow[k] = fnvPrime^k.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

var fnvPow = func() (p [9]uint64) {
	p[0] = 1
	for k := 1; k < len(p); k++ {
		p[k] = p[k-1] * fnvPrime
	}
	return p
}()

// Hash returns a stable 64-bit FNV-1a hash of the whole game state, dice
// included: equal hashes mean equal games, on any machine.
func (g *Game) Hash() uint64 {
	st := &g.st
	h := uint64(fnvOffset)
	w := func(x uint64) { // the eight bytes of x, little-endian first
		for i := 0; i < 8; i++ {
			if x == 0 {
				// The rest of x is zero bytes, each of which only
				// multiplies by the prime: one multiply by its power
				// gives the same hash (most words are small numbers).
				h *= fnvPow[8-i]
				return
			}
			h ^= x & 0xff
			h *= fnvPrime
			x >>= 8
		}
	}
	w(st.seed)
	w(uint64(st.turn))
	w(uint64(st.phase))
	w(uint64(int64(st.end)))
	for _, x := range st.vals {
		w(uint64(x))
	}
	for _, x := range st.prio {
		w(uint64(x))
	}
	for _, x := range st.last {
		w(uint64(int64(x)))
	}
	for _, x := range st.spent {
		w(uint64(x))
	}
	w(uint64(len(st.pending)))
	for _, p := range st.pending {
		w(uint64(p.due))
		w(uint64(p.metric))
		w(uint64(p.lever))
		w(uint64(p.side))
		w(uint64(p.delta))
		w(uint64(p.mult))
	}
	for i := range st.fired {
		w(uint64(st.fired[i]))
		w(uint64(int64(st.choice[i])))
	}
	w(uint64(len(st.signals)))
	for _, s := range st.signals {
		x := uint64(s.Side)<<32 | uint64(s.Action)<<2
		if s.Real {
			x |= 1
		}
		if s.Revealed {
			x |= 2
		}
		w(x)
	}
	for i := range st.plans {
		w(uint64(int64(st.plans[i])))
		w(uint64(int64(st.bluffs[i])))
	}
	for _, p := range st.planned {
		if p {
			w(1)
		} else {
			w(0)
		}
	}
	for _, r := range st.rng {
		w(r.s)
	}
	// White-cell outcomes pending for this turn's Step. Written only when
	// set, so hashes of games without them are what they always were.
	for a, f := range st.forced {
		if f != 0 {
			w(uint64(a)<<8 | uint64(f))
		}
	}
	// Base budgets the White cell set (SetBudget), likewise written only
	// where they differ from the scenario's, each after a tag no forced
	// outcome's word can take (those fit in 40 bits).
	for s, b := range st.budget {
		if b != g.c.Sides[s].Budget {
			w(budgetTag | uint64(s))
			w(uint64(b))
		}
	}
	return h
}

// Factor is one contribution to the alliance's defence against a move.
type Factor struct {
	Lever   int // −1 for the domain's base defence
	Side    int
	Defence Fix
}

// MovePreview is the odds of one signalled adversary move against a draft.
type MovePreview struct {
	Side, Action int
	Known        Knowledge
	Pressure     Fix
	Defence      Fix
	K            Fix
	P            Fix // chance of success if the move is real
	Factors      []Factor
}

// Preview is what a draft allocation would do, seen by one side: each
// signalled move's odds and the factors behind them, the draft's cost and
// any shortfall from the minimum visible commitment. It changes nothing and
// reveals nothing the side's View does not.
type Preview struct {
	Side      int
	Spend     Fix
	Available Fix
	Shortfall int
	Alignment Fix // −1 if the draft serves no threat
	Moves     []MovePreview
	Err       error // why the engine would refuse this side's part of the orders (CheckSide), if it would
}

// Preview shows what o would do, from side's point of view. The turn is
// briefed first if it was not.
func (g *Game) Preview(side int, o *Orders) Preview {
	if g.st.phase == phaseOpen {
		g.Brief()
	}
	c := g.c
	nl := len(c.Levers)
	pv := Preview{Side: side, Spend: g.Spend(o, side), Available: g.Available(side), Shortfall: g.Shortfall(o, side), Alignment: g.Alignment(o, side), Err: g.CheckSide(o, side)}
	var v View
	g.ViewInto(side, &v)
	for _, sg := range v.Signals {
		ai := &c.Actions[sg.Action]
		d := ai.Domain
		mp := MovePreview{Side: sg.Side, Action: sg.Action, Known: sg.Known, Pressure: ai.Pressure, K: c.Domains[d].K}
		mp.Defence = c.Domains[d].Base
		if mp.Defence != 0 {
			mp.Factors = append(mp.Factors, Factor{Lever: -1, Side: -1, Defence: mp.Defence})
		}
		for l := range c.Levers {
			li := &c.Levers[l]
			var per Fix
			for _, e := range li.Defend {
				if e.Metric == d {
					per = e.Delta
				}
			}
			if per == 0 {
				continue
			}
			mult := li.jointMult(g.contributors(o.Points, l))
			for s := range c.Sides {
				p := o.Points[s*nl+l]
				if p == 0 {
					continue
				}
				f := per.Mul(li.worth(p).Mul(mult))
				mp.Defence += f
				mp.Factors = append(mp.Factors, Factor{Lever: l, Side: s, Defence: f})
			}
		}
		mp.P = g.successChance(sg.Action, mp.Defence)
		pv.Moves = append(pv.Moves, mp)
	}
	return pv
}

// NeverBluffs reports whether adversary side signals no bluffs (bluffs =
// 0, as at some difficulty levels), so that every signal of its is known
// to be real, by the rules, not by intelligence.
func (c *Compiled) NeverBluffs(side int) bool {
	return side >= 0 && side < len(c.Sides) && c.Sides[side].Adversary && c.Sides[side].Bluffs == 0
}

// SeeThroughChance is the chance that the allies' intelligence sees through
// each adversary signal (one draw per signal, for all the allies, at the
// briefing): the intelligence picture ÷ 100 among metrics (the values of
// c's metrics, in order), within 0 and 1; 0 if c has no intelligence
// metric.
func (c *Compiled) SeeThroughChance(metrics []Fix) Fix {
	if c.Intel < 0 || c.Intel >= len(metrics) {
		return 0
	}
	return min(max(metrics[c.Intel], 0), 100*One) / 100
}

// NoBluffsWhy says why adversary side of c, which never bluffs
// (NeverBluffs), does not, from written, the scenario as its file has it
// (before a difficulty level and --set), and level, the level played ("" for
// none): "this adversary never bluffs" when the file leaves its bluffs at 0
// and the level does not change them, "no bluffs at this level" when the
// level sets them to 0 from a file's other number, else "no bluffs in this
// game" (an override set them to 0, or written is nil and cannot tell).
func NoBluffsWhy(written *Scenario, level string, c *Compiled, side int) string {
	const unknown = "no bluffs in this game"
	if written == nil || side < 0 || side >= len(c.Sides) {
		return unknown
	}
	id := c.Sides[side].ID
	i := slices.IndexFunc(written.Sides, func(sd Side) bool { return sd.ID == id })
	if i < 0 {
		return unknown
	}
	file, atLevel := written.Sides[i].Bluffs, written.Sides[i].Bluffs
	for _, d := range written.Difficulty {
		if v, ok := d.Set["side."+id+".bluffs"]; ok && d.ID == level {
			switch n := v.(type) {
			case int64:
				atLevel = int(n)
			case float64:
				atLevel = int(n)
			default: // not a number the loader would take: say nothing of it
				return unknown
			}
		}
	}
	switch {
	case atLevel != 0:
		return unknown // an override set them to 0
	case file == 0:
		return "this adversary never bluffs"
	}
	return "no bluffs at this level"
}

// NoBluffsReasons is NoBluffsWhy for each side of c that never bluffs, ""
// for the others.
func NoBluffsReasons(written *Scenario, level string, c *Compiled) []string {
	out := make([]string, len(c.Sides))
	for i := range c.Sides {
		if c.NeverBluffs(i) {
			out[i] = NoBluffsWhy(written, level, c, i)
		}
	}
	return out
}

// Knows says what side knows of a signal: an adversary knows its own; an
// allied side knows what its intelligence revealed; and everyone knows a
// signal is real when the side that made it never bluffs (bluffs = 0, as
// at some difficulty levels: the rules are public). This is the one place
// the fog of war over signals is decided.
func (c *Compiled) Knows(side int, sg Signal) Knowledge {
	if c.NeverBluffs(sg.Side) {
		return KnownReal
	}
	if side < 0 || side >= len(c.Sides) { // the public (an observer)
		return Unknown
	}
	si := &c.Sides[side]
	if (si.Adversary && sg.Side == side) || (sg.Revealed && !si.Adversary) {
		if sg.Real {
			return KnownReal
		}
		return KnownBluff
	}
	return Unknown
}
