package sim

import "math/bits"

// Brief opens the current turn: scheduled, triggered and random injects fire,
// and each adversary side picks its moves (by doctrine unless Plan set them)
// and signals them with its bluffs; intelligence may see through each
// signal. Calling Brief again before Step returns the same briefing.
func (g *Game) Brief() Briefing {
	st := &g.st
	switch st.phase {
	case phaseOver:
		return Briefing{Turn: st.turn}
	case phaseBriefed:
		return Briefing{Turn: st.turn, Injects: g.fired, Signals: st.signals}
	}
	c := g.c
	copy(g.before, st.vals[:len(c.Metrics)])
	g.ledger = g.ledger[:0]
	g.moves = g.moves[:0]
	g.fired = g.fired[:0]
	g.calledOff = g.calledOff[:0]
	g.setVars()

	g.drift()

	// Injects, in file order. A random inject's die is drawn every turn
	// whether or not its gate holds, so the inject stream stays aligned
	// across batch arms.
	rs := &st.rng[streamInject]
	for i := range c.Injects {
		in := &c.Injects[i]
		var die Fix = -1
		if in.Random {
			die = rs.roll()
		}
		if st.fired[i] > 0 && !in.Repeat {
			continue
		}
		var fire bool
		switch {
		case in.Turn > 0:
			fire = in.Turn == st.turn && in.When.True(st.vals)
		case in.Random:
			fire = die < in.Chance && in.When.True(st.vals) // never for a chance of 0
		default:
			fire = in.When.True(st.vals)
		}
		if !fire {
			continue
		}
		st.fired[i]++
		st.choice[i] = -1
		g.noteFired(i)
		for _, e := range in.Effects {
			g.add(e.Metric, e.Delta, CauseInject, i, -1)
		}
		g.fired = append(g.fired, FiredInject{Inject: i, Choice: -1, Times: int(st.fired[i])})
	}
	g.settle()

	// Adversary moves and signals.
	st.signals = st.signals[:0]
	g.lastDefence()
	for s := range c.Sides {
		if !c.Sides[s].Adversary {
			continue
		}
		if st.planned[s] {
			// A move planned before the briefing that the briefing's drift
			// and injects have locked (a lower rung, a condition no longer
			// holding) is called off, as the doctrine, drawing after them,
			// would not make it; a bluff of it is not signalled either.
			for i := range 2 * MaxPlan {
				a, real := st.plans[s*MaxPlan+i%MaxPlan], i < MaxPlan
				if !real {
					a = st.bluffs[s*MaxPlan+i%MaxPlan]
				}
				if a < 0 {
					continue
				}
				if why := g.ActionLock(a); why != "" {
					g.calledOff = append(g.calledOff, CalledOff{Signal{Side: s, Action: a, Real: real}, why})
				} else {
					st.signals = append(st.signals, Signal{Side: s, Action: a, Real: real})
				}
			}
			continue
		}
		g.doctrine(s)
	}
	sortSignals(st.signals)
	ri := &st.rng[streamIntel]
	see := c.SeeThroughChance(st.vals)
	for i := range st.signals {
		if ri.roll() < see {
			st.signals[i].Revealed = true
		}
	}
	g.signalSlopes()
	st.phase = phaseBriefed
	return Briefing{Turn: st.turn, Injects: g.fired, Signals: st.signals}
}

// drift moves every metric toward its baseline, between the last turn and
// this one (Brief): what the last turn did is judged by the end conditions
// before it fades.
func (g *Game) drift() {
	st, c := &g.st, g.c
	if st.turn <= 1 {
		return
	}
	for m := range c.Metrics {
		mi := &c.Metrics[m]
		if mi.Derived || mi.Decay == 0 {
			continue
		}
		g.add(m, (mi.Baseline - st.vals[m]).Mul(mi.Decay), CauseDecay, -1, -1)
	}
}

// LockAfterDrift says why adversary action a, open now, would be locked
// once the next briefing's drift toward the baselines has moved the game
// (ActionLock's words), or "" if the drift alone leaves it open, if it is
// locked already, or if the turn is briefed: a Red team plans before the
// briefing, and a move the briefing locks is called off (CalledOff). The
// briefing's events, whose dice are not drawn yet, may still lock or free
// it: they are not foreseen. The game is unchanged.
func (g *Game) LockAfterDrift(a int) string {
	if g.st.phase != phaseOpen || g.ActionLock(a) != "" {
		return ""
	}
	n := g.Clone()
	n.setVars()
	n.drift()
	n.settle()
	return n.ActionLock(a)
}

// CalledOff is a move a Red team planned that the briefing called off:
// the briefing's drift and injects had locked it (ActionLock: a lower
// rung, a condition no longer holding). The doctrine, drawing after them,
// never plans one.
type CalledOff struct {
	Signal        // the move as planned: Real for a real move, else a bluff
	Why    string // why it was locked at the briefing (ActionLock)
}

// CalledOff returns the moves a Red team planned for this turn that its
// briefing called off. Valid until the next Brief.
func (g *Game) CalledOff() []CalledOff { return g.calledOff }

func sortSignals(s []Signal) {
	for i := 1; i < len(s); i++ { // insertion sort: a handful of entries, no allocation
		for j := i; j > 0 && (s[j].Side < s[j-1].Side || s[j].Side == s[j-1].Side && s[j].Action < s[j-1].Action); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// ActionWeight returns the doctrine's weight for action a in the current
// state: its base weight, × each modifier whose condition holds, × the pull
// of the weakest link, 1 + aim × (p − ½), where p is the move's chance of
// success against the defence last turn's allocation gave. 0 if unavailable.
func (g *Game) ActionWeight(a int) Fix {
	g.lastDefence()
	return g.actionWeight(a, 1<<g.Rung())
}

// WeightWhy is the doctrine's weight of an adversary action and what made
// it, factor by factor: Weight = Base × each holding modifier's factor ×
// Pull, where Pull = max(0, 1 + aim × (P − ½)) and P is the move's chance
// of success against the defence last turn's allocation gave.
type WeightWhy struct {
	Weight, Base Fix
	Modifiers    []int // indices into the action's Modifiers whose condition holds
	P, Pull      Fix
}

// ActionWeightWhy returns ActionWeight(a) with its factors, for a Red team
// (or an author) asking why the doctrine favours a move; the zero
// WeightWhy if the action is not available now.
func (g *Game) ActionWeightWhy(a int) WeightWhy {
	g.lastDefence()
	if !g.actionUsable(a, 1<<g.Rung()) {
		return WeightWhy{}
	}
	ai := &g.c.Actions[a]
	why := WeightWhy{Base: ai.Weight, Weight: ai.Weight}
	for k := range ai.Modifiers {
		if ai.Modifiers[k].When.True(g.st.vals) {
			why.Modifiers = append(why.Modifiers, k)
			why.Weight = why.Weight.Mul(ai.Modifiers[k].Factor)
		}
	}
	why.P = g.successChance(a, g.defence[ai.Domain])
	why.Pull = max(One+g.c.Sides[ai.Side].Aim.Mul(why.P-One/2), 0)
	why.Weight = why.Weight.Mul(why.Pull)
	return why
}

// actionWeight is ActionWeight once lastDefence has been called; rungBit is
// the current rung's bit. (ActionWeightWhy gives the same weight with its
// factors; TestActionWeightWhy holds them together.)
func (g *Game) actionWeight(a int, rungBit uint8) Fix {
	ai := &g.c.Actions[a]
	if !g.actionUsable(a, rungBit) {
		return 0
	}
	w := ai.Weight
	for k := range ai.Modifiers {
		if ai.Modifiers[k].When.True(g.st.vals) {
			w = w.Mul(ai.Modifiers[k].Factor)
		}
	}
	p := g.successChance(a, g.defence[ai.Domain])
	aim := One + g.c.Sides[ai.Side].Aim.Mul(p-One/2)
	if aim < 0 {
		aim = 0
	}
	return w.Mul(aim)
}

// doctrine picks adversary side s's real moves and bluffs by weighted draws
// without replacement from its available playbook.
func (g *Game) doctrine(s int) {
	c, st := g.c, &g.st
	si := &c.Sides[s]
	r := &st.rng[streamAdversary]
	w := g.weights
	clear(w)
	// total is Σ w over the playbook, kept as weights are zeroed (each
	// action is in its side's playbook once).
	var total int64
	rungBit := uint8(1) << g.Rung()
	for _, a := range si.Playbook {
		w[a] = g.actionWeight(a, rungBit) // Brief called lastDefence
		total += int64(w[a])
	}
	for n := 0; n < si.Actions; n++ {
		a := drawWeighted(r, w, si.Playbook, total)
		if a < 0 {
			break
		}
		total -= int64(w[a])
		w[a] = 0
		st.signals = append(st.signals, Signal{Side: s, Action: a, Real: true})
	}
	if si.Bluffs == 0 {
		return
	}
	total = 0
	for _, a := range si.Playbook {
		if w[a] > 0 && !c.Actions[a].Bluff {
			w[a] = 0
		}
		total += int64(w[a])
	}
	for n := 0; n < si.Bluffs; n++ {
		a := drawWeighted(r, w, si.Playbook, total)
		if a < 0 {
			break
		}
		total -= int64(w[a])
		w[a] = 0
		st.signals = append(st.signals, Signal{Side: s, Action: a})
	}
}

// drawWeighted draws one index from among idx with probability proportional
// to w, or −1 if every weight is zero; total is Σ w over idx.
func drawWeighted(r *rng, w []Fix, idx []int, total int64) int {
	if total <= 0 {
		return -1
	}
	x := r.intn(total)
	for _, a := range idx {
		x -= int64(w[a])
		if x < 0 {
			return a
		}
	}
	return -1
}

// worth returns how many points' worth n points on lever l are after
// diminishing returns.
func (li *LeverInfo) worth(n int) Fix {
	if n <= 0 {
		return 0
	}
	if n >= len(li.Cum) {
		n = len(li.Cum) - 1
	}
	return li.Cum[n]
}

// jointMult returns lever l's multiplier given how many allies put points in.
func (li *LeverInfo) jointMult(contributors int) Fix {
	if !li.IsJoint || contributors == 0 {
		return One
	}
	if contributors >= 2 {
		return li.Joint
	}
	return li.Solo
}

// contributors counts the sides with points on lever l in points (side × lever).
func (g *Game) contributors(points []int, l int) int {
	n, nl := 0, len(g.c.Levers)
	for s := range g.c.Sides {
		if points[s*nl+l] > 0 {
			n++
		}
	}
	return n
}

// jointMults fills g.mult with each lever's joint multiplier under an
// allocation (side × lever), so that the several passes over one allocation
// count its contributors once.
//
// The allocations the engine adjudicates — orders that passed Check, and
// st.last, which only Step sets from them — have no points in adversary
// sides' rows (Check refuses them), so jointMults, computeDefence and Step
// visit the allied sides alone.
func (g *Game) jointMults(points []int) {
	for l := range g.c.Levers {
		g.mult[l] = g.jointMultOf(points, l)
	}
}

// jointMultOf returns lever l's joint multiplier under an allocation (side
// × lever) that passed Check (see jointMults).
func (g *Game) jointMultOf(points []int, l int) Fix {
	c := g.c
	li := &c.Levers[l]
	if !li.IsJoint {
		return One
	}
	n, nl := 0, len(c.Levers)
	for _, s := range c.alliance {
		if points[s*nl+l] > 0 {
			n++
		}
	}
	return li.jointMult(n)
}

// computeDefence fills def with the alliance's defence per domain from an
// allocation: the domain's base plus, per lever, defend × worth × joint
// multiplier for every side. mult holds the levers' joint multipliers under
// the same allocation (see jointMults).
func (g *Game) computeDefence(points []int, mult, def []Fix) {
	c := g.c
	nl := len(c.Levers)
	for d := range c.Domains {
		def[d] = c.Domains[d].Base
	}
	for l := range c.Levers {
		li := &c.Levers[l]
		if len(li.Defend) == 0 {
			continue
		}
		mult := mult[l]
		for _, s := range c.alliance { // see jointMults
			p := points[s*nl+l]
			if p == 0 {
				continue
			}
			wm := li.worth(p).mulJoint(mult)
			for _, e := range li.Defend {
				def[e.Metric] += e.Delta.Mul(wm)
			}
		}
	}
}

// lastDefence makes g.mult and g.defence hold the joint multipliers and
// the defence of last turn's allocation, unless they already do.
func (g *Game) lastDefence() {
	if !g.defenceLast {
		g.jointMults(g.st.last)
		g.computeDefence(g.st.last, g.mult, g.defence)
		g.defenceLast = true
	}
}

// signalSlopes fills g.slope, per signal, with the slope of its move's odds
// against last turn's defence: k × p × (1 − p), the same for every allied
// side, which the planners weigh by what each stands to lose. Brief fills
// it once the signals are drawn; a planner refills it if it is not fresh
// (in a Clone, or planning before Brief). Nothing else changes the signals
// or that defence within a turn: the White cell's acts change metrics,
// injects and outcomes, not allocations or signals.
func (g *Game) signalSlopes() {
	c := g.c
	g.lastDefence()
	g.slope = g.slope[:0]
	for _, sg := range g.st.signals {
		dom := c.Actions[sg.Action].Domain
		p := g.successChance(sg.Action, g.defence[dom])
		g.slope = append(g.slope, c.Domains[dom].K.Mul(p.Mul(One-p)))
	}
	g.slopesFresh = true
}

// successChance is the contest function 1/(1+e^(−k(pressure−defence))).
func (g *Game) successChance(a int, defence Fix) Fix {
	ai := &g.c.Actions[a]
	return Logistic(g.c.Domains[ai.Domain].K.Mul(ai.Pressure - defence))
}

// Step closes the turn: it adjudicates every side's allocation and answers
// in o (briefing the turn first if Brief was not called) and returns the
// Result. Invalid orders change nothing and return an error.
func (g *Game) Step(o *Orders) (Result, error) {
	st := &g.st
	if st.phase == phaseOver {
		return Result{}, ErrOver
	}
	if st.phase == phaseOpen {
		g.Brief()
	}
	if err := g.Check(o); err != nil {
		return Result{}, err
	}
	c := g.c
	nl := len(c.Levers)
	turn := st.turn
	rung := g.Rung()

	// Shortfalls from the minimum visible commitment, judged on the state
	// the allies allocated in (before any of this turn's effects).
	if c.Commitment {
		need := 5 - rung
		for _, s := range c.alliance {
			g.short[s] = g.shortfall(o, s, need)
		}
	}

	// Levers: this turn's points, then earlier points that matured. The
	// same pass finds each lever's joint multiplier (left in g.mult, as
	// jointMults would) and the allies' points on it (for align), and sums
	// this turn's defence per domain, as computeDefence would, for the
	// adversary moves below; the consultation's pull (see converge); and
	// each side's spend and the upkeep it will owe next turn (Step has no
	// further use for this turn's upkeep: Check and the shortfalls, which
	// read it, are done). The sums are of integers: the same terms give the
	// same totals in any order.
	g.defenceLast, g.slopesFresh = false, false
	for d := range c.Domains {
		g.defence[d] = c.Domains[d].Base
	}
	for _, s := range c.alliance { // an adversary's spend and upkeep stay 0 (see jointMults)
		st.spent[s], g.upkeep[s] = 0, 0
	}
	var pull Fix
	for l := range c.Levers {
		li := &c.Levers[l]
		mult := g.jointMultOf(o.Points, l)
		g.mult[l] = mult
		g.leverPoints[l] = 0
		for _, s := range c.alliance { // in side order, as c.Sides; see jointMults
			p := o.Points[s*nl+l]
			if p == 0 {
				continue
			}
			g.leverPoints[l] += p
			spend := li.Cost * Fix(p)
			st.spent[s] += spend
			if li.Upkeep != 0 {
				g.upkeep[s] += li.Upkeep.Mul(spend)
			}
			wm := li.worth(p).mulJoint(mult)
			if li.Converge != 0 {
				pull += li.Converge.Mul(wm)
			}
			for _, e := range li.Defend {
				g.defence[e.Metric] += e.Delta.Mul(wm)
			}
			for _, e := range li.Effects {
				d := e.Delta.Mul(wm)
				if d == 0 {
					continue
				}
				if li.Delay > 0 {
					st.pending = append(st.pending, pendingEffect{due: turn + li.Delay, metric: e.Metric, lever: l, side: s, delta: d, mult: mult})
					continue
				}
				g.recordLever(CauseLever, e.Metric, l, s, d, mult, li.IsJoint)
			}
		}
	}
	kept := st.pending[:0]
	for _, pe := range st.pending {
		if pe.due <= turn {
			g.recordLever(CauseDelayed, pe.metric, pe.lever, pe.side, pe.delta, pe.mult, c.Levers[pe.lever].IsJoint)
		} else {
			kept = append(kept, pe)
		}
	}
	st.pending = kept

	// Consultation moves the allies' threat priorities toward each other.
	g.converge(pull)
	// Alignment of each ally's allocation with the other allies' priorities.
	g.align(o)
	// Minimum visible commitment.
	if c.Commitment {
		for _, s := range c.alliance {
			for _, e := range c.Shortfall {
				g.add(e.Metric, e.Delta*Fix(g.short[s]), CauseCommitment, -1, s)
			}
		}
	}
	// Answers to this turn's injects.
	for k := range g.fired {
		i := g.fired[k].Inject
		in := &c.Injects[i]
		if len(in.Choices) == 0 {
			continue
		}
		ch, by := o.Choices[i], in.Decider
		if ch < 0 { // unanswered: the first choice, made by no side
			ch, by = 0, -1
			g.fired[k].Defaulted = true
		}
		g.fired[k].Choice = ch
		st.choice[i] = ch
		g.noteChose(i, ch)
		for _, e := range in.Choices[ch].Effects {
			if e.Delta != 0 {
				g.record(Entry{Metric: e.Metric, Kind: CauseChoice, Cause: i, Side: by, Choice: ch, Via: -1, Delta: e.Delta, Roll: -1})
			}
		}
	}
	// Adversary moves, contested against this turn's defence (summed with
	// the levers above).
	rr := &st.rng[streamResolve]
	for _, sg := range st.signals {
		if !sg.Real {
			continue
		}
		ai := &c.Actions[sg.Action]
		def := g.defence[ai.Domain]
		p := g.successChance(sg.Action, def)
		roll := rr.roll()
		ok := roll < p
		forced := st.forced[sg.Action] != 0
		entryRoll := roll
		if forced { // the White cell decided: the die was drawn but does not count
			ok = st.forced[sg.Action] == forceSuccess
			entryRoll = -1
		}
		g.moves = append(g.moves, Move{Side: sg.Side, Action: sg.Action, Pressure: ai.Pressure, Defence: def, P: p, Roll: roll, Success: ok, Forced: forced})
		g.noteMove(sg.Action, ok)
		effects := ai.Failure
		if ok {
			effects = ai.Success
		}
		for _, e := range effects {
			if g.noLedger {
				g.shift(e.Metric, e.Delta)
			} else if e.Delta != 0 {
				g.record(Entry{Metric: e.Metric, Kind: CauseAction, Cause: sg.Action, Side: sg.Side, Choice: -1, Via: -1, Success: ok, Delta: e.Delta, Roll: entryRoll, P: p})
			}
		}
	}
	g.settle()
	g.attributeDeterrence()

	// Remember this turn's allocation for upkeep and for others' views; the
	// joint multipliers and defence computed from it above are now last
	// turn's, as Brief and the planners want them.
	copy(st.last, o.Points)
	g.defenceLast = true
	clear(st.planned)
	clear(st.forced)

	// End conditions, in file order; the default one when the turns run out.
	g.setVars()
	st.end = -1
	for i := range c.Ends {
		if !c.Ends[i].Default && c.Ends[i].When.True(st.vals) {
			st.end = i
			break
		}
	}
	if st.end < 0 && turn >= c.Turns {
		for i := range c.Ends {
			if c.Ends[i].Default {
				st.end = i
				break
			}
		}
	}
	res := Result{Turn: turn, Before: g.before, After: st.vals[:len(c.Metrics)], Ledger: g.ledger, Moves: g.moves, Injects: g.fired, End: st.end}
	if st.end >= 0 {
		st.phase = phaseOver
		res.Over = true
	} else {
		st.turn++
		st.phase = phaseOpen
		g.setVars()
	}
	return res, nil
}

func (g *Game) recordLever(kind CauseKind, metric, lever, side int, d, mult Fix, joint bool) {
	if g.noLedger {
		g.shift(metric, d)
		return
	}
	m := Fix(0)
	if joint {
		m = mult
	}
	g.record(Entry{Metric: metric, Kind: kind, Cause: lever, Side: side, Choice: -1, Via: -1, Delta: d, Mult: m, Roll: -1})
}

// converge moves every allied side's priorities toward the allies' mean by
// f, Σ converge × worth over consultation-type levers (at most all the
// way), which Step sums.
func (g *Game) converge(f Fix) {
	c := g.c
	nt := len(c.Threats)
	if nt == 0 || len(c.alliance) < 2 {
		return
	}
	if f <= 0 {
		return
	}
	if f > One {
		f = One
	}
	prio := g.st.prio
	for t := 0; t < nt; t++ {
		var mean Fix
		for _, s := range c.alliance {
			mean += prio[s*nt+t]
		}
		mean /= Fix(len(c.alliance))
		for _, s := range c.alliance {
			prio[s*nt+t] += (mean - prio[s*nt+t]).Mul(f)
		}
	}
}

// Alignment returns how well side's allocation in o serves the other allies'
// priorities: 1 when every point goes to a threat an ally ranks first, 0
// when none serves what allies care about; −1 if side put no points on
// levers that serve a threat.
func (g *Game) Alignment(o *Orders, side int) Fix {
	c := g.c
	nl, nt := len(c.Levers), len(c.Threats)
	if nt == 0 || len(c.alliance) < 2 {
		return -1
	}
	var got, best Fix
	for _, other := range c.alliance {
		if other == side {
			continue
		}
		prio := g.st.prio[other*nt : (other+1)*nt]
		var top Fix
		for _, p := range prio {
			if p > top {
				top = p
			}
		}
		for l := range c.Levers {
			li := &c.Levers[l]
			p := o.Points[side*nl+l]
			if p == 0 || li.Serves == 0 {
				continue
			}
			var v Fix
			for t := 0; t < nt; t++ {
				if li.Serves&(1<<t) != 0 {
					v += prio[t]
				}
			}
			if v > top {
				v = top
			}
			got += v * Fix(p)
			best += top * Fix(p)
		}
	}
	if best == 0 {
		return -1
	}
	return got.Div(best)
}

// align moves the alignment metric by gain × (2a − 1) / allies for each
// ally with alignment a.
func (g *Game) align(o *Orders) {
	c := g.c
	if c.AlignTo < 0 || c.AlignGain == 0 {
		return
	}
	nl, nt := len(c.Levers), len(c.Threats)
	if nt == 0 || len(c.alliance) < 2 {
		return
	}
	// What each lever is worth to each ally's priorities is summed over all
	// the allies: the sums Alignment makes over the other allies are then
	// the total less the side's own share. Only levers that serve a threat
	// and that some ally put points on count. These are integer sums of
	// integer products, so the result is exactly Alignment's.
	var topSum Fix
	for _, b := range c.alliance {
		var top Fix
		for _, p := range g.st.prio[b*nt : (b+1)*nt] {
			top = max(top, p)
		}
		g.alignTop[b] = top
		topSum += top
		g.alignGot[b], g.alignPoints[b] = 0, 0
	}
	served := g.alignServed
	for l := range c.Levers {
		li := &c.Levers[l]
		if li.Serves == 0 || g.leverPoints[l] == 0 { // no ally put points on it (Step counted them)
			continue
		}
		var sum Fix
		for _, b := range c.alliance {
			v := min(servedBy(li.Serves, g.st.prio[b*nt:(b+1)*nt]), g.alignTop[b])
			served[b] = v
			sum += v
		}
		for _, s := range c.alliance {
			if p := Fix(o.Points[s*nl+l]); p != 0 {
				g.alignGot[s] += (sum - served[s]) * p
				g.alignPoints[s] += p
			}
		}
	}
	n := Fix(len(c.alliance))
	for _, s := range c.alliance {
		best := (topSum - g.alignTop[s]) * g.alignPoints[s]
		if best == 0 {
			continue
		}
		a := g.alignGot[s].Div(best)
		d := c.AlignGain.Mul(2*a-One) / n
		g.add(c.AlignTo, d, CauseAlignment, s, s)
	}
}

// servedBy sums the priorities of the threats a lever serves (bit t of
// serves for threat t, ignoring bits beyond len(prio)).
func servedBy(serves uint64, prio []Fix) Fix {
	if len(prio) < 64 {
		serves &= 1<<len(prio) - 1
	}
	var v Fix
	for ; serves != 0; serves &= serves - 1 {
		v += prio[bits.TrailingZeros64(serves)]
	}
	return v
}

// Shortfall returns how many points side's allocation in o falls short of
// the minimum visible commitment (never more than it could have afforded).
func (g *Game) Shortfall(o *Orders, side int) int {
	if !g.c.Commitment || g.c.Sides[side].Adversary {
		return 0
	}
	return g.shortfall(o, side, g.MinVisible())
}

func (g *Game) shortfall(o *Orders, side, need int) int {
	c := g.c
	nl := len(c.Levers)
	pts := o.Points[side*nl : (side+1)*nl]
	visible := 0
	cheapest := Fix(-1)
	u, bitsOK := g.usableBits(side)
	if bitsOK { // visit the visible levers alone
		for b := g.masks.visible; b != 0; b &= b - 1 {
			l := bits.TrailingZeros64(b)
			visible += pts[l]
			if cost := c.Levers[l].Cost; u&(1<<l) != 0 && (cheapest < 0 || cost < cheapest) {
				cheapest = cost
			}
		}
	} else {
		for l := range c.Levers {
			li := &c.Levers[l]
			if !li.Visible {
				continue
			}
			visible += pts[l]
			if g.leverLock(side, l) == Unlocked && (cheapest < 0 || li.Cost < cheapest) {
				cheapest = li.Cost
			}
		}
	}
	if cheapest <= 0 {
		return 0
	}
	afford := int(g.Available(side) / cheapest)
	if need > afford {
		need = afford
	}
	if short := need - visible; short > 0 {
		return short
	}
	return 0
}

// settle clamps every metric to its bounds (recording what was cut off) and
// recomputes deterrence.
func (g *Game) settle() {
	c := g.c
	v := g.st.vals
	for m := range c.Metrics {
		if mi := &c.Metrics[m]; !mi.Derived && (v[m] < mi.Min || v[m] > mi.Max) {
			g.clamp(m) // rare: out of the loop, which stays small
		}
	}
	v[MDeterrence] = g.derive()
	g.setVars() // the rung may have moved
}

// clamp brings metric m back within its bounds, recording what was cut off.
func (g *Game) clamp(m int) {
	mi, v := &g.c.Metrics[m], g.st.vals
	if v[m] < mi.Min {
		g.add(m, mi.Min-v[m], CauseClamp, -1, -1)
	} else if v[m] > mi.Max {
		g.add(m, mi.Max-v[m], CauseClamp, -1, -1)
	}
}

// attributeDeterrence writes the deterrence entries of the turn's ledger
// from the component entries (see Entry for the rule).
func (g *Game) attributeDeterrence() {
	if g.noLedger {
		return
	}
	b, v := g.before, g.st.vals
	x0 := [3]Fix{b[MCapability], b[MResolve], b[MCommunication]}
	x1 := [3]Fix{v[MCapability], v[MResolve], v[MCommunication]}
	var coef [3]Fix
	for k, other := range [3][2]int{{1, 2}, {2, 0}, {0, 1}} { // the two factors other than k
		y0, z0 := x0[other[0]], x0[other[1]]
		y1, z1 := x1[other[0]], x1[other[1]]
		coef[k] = ((y0.Mul(z0)+y1.Mul(z1))/3 + (y0.Mul(z1)+y1.Mul(z0))/6) * 100
	}
	var sum Fix
	// The entries recorded so far; should appending move the ledger, this
	// slice still reads them where they were.
	recorded := g.ledger
	for i := range recorded {
		k := recorded[i].Metric - MCapability
		if uint(k) > 2 {
			continue
		}
		d := recorded[i].Delta.Mul(coef[k])
		if d == 0 {
			continue
		}
		e := recorded[i]
		e.Via = e.Metric
		e.Metric = MDeterrence
		e.Delta = d
		g.ledger = append(g.ledger, e)
		sum += d
	}
	if r := v[MDeterrence] - b[MDeterrence] - sum; r != 0 {
		g.ledger = append(g.ledger, Entry{Metric: MDeterrence, Kind: CauseRounding, Cause: -1, Side: -1, Choice: -1, Via: -1, Delta: r, Roll: -1})
	}
}
