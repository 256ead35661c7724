package sim

import (
	"fmt"
	"strings"
)

// Coverage counts, over played games, in how many each piece of a
// scenario's content came into play: levers bought and levers whose points
// changed a metric, actions drawn as real moves and actions that changed a
// metric, injects fired, each choice of an inject taken, and ends reached.
// An author reads its Gaps to find content that never matters (a lever no
// policy buys, an action locked out by its own condition, an end that can
// never hold); the content test of the built-in scenarios asserts there
// are none.
//
// Feed it with Play, or with Observe after every Step and EndGame after
// every game (then it cannot tell a lever locked whenever the allies
// planned from one they left alone).
type Coverage struct {
	c *Compiled

	Games        int
	LeverBought  []int // per lever: games in which an allied side put points in
	LeverEffect  []int // per lever: games in which its points changed a metric
	ActionDrawn  []int // per action: games in which it was a real move
	ActionEffect []int // per action: games in which it changed a metric
	InjectFired  []int // per inject
	ChoiceTaken  [][]int
	EndReached   []int
	// LeverOpen, per lever: games in which it was open to an allied side
	// (not locked by side, rung or requires) when the sides planned some
	// turn; counted by Play only. LeverLocks, per lever: the kinds of lock
	// (bit 1<<Lock) met when it was locked to every allied side.
	LeverOpen  []int
	LeverLocks []uint8
	// ActionOpen, per action: games in which the doctrine could draw it
	// (weight above 0) on some turn; counted by Play only. ActionBars,
	// per action: what kept its weight at 0 on the turns it could not be
	// drawn (bit 1<<bar*). ActionTurns and ActionShare: the turns it could
	// be drawn, and the sum over them of its chance of being drawn
	// (its share of its side's weight × its side's moves, at most 1), so
	// that ActionShare is the number of draws it could expect.
	ActionOpen  []int
	ActionBars  []uint8
	ActionTurns []int
	ActionShare []float64
	// AtMax and AtMin, per metric: games that ended with it at its
	// maximum, or its minimum (each game's own bounds: a difficulty level
	// may set them). Low and High, per metric: its lowest and highest
	// value at any turn's end of any game (Play sees every turn's end;
	// Observe and EndGame alone, the last only).
	AtMax, AtMin []int
	Low, High    []Fix
	LastTurn     int    // the turn after which the longest game ended
	observed     bool   // Play counted LeverOpen and ActionOpen
	ranged       bool   // Low and High hold a turn's end
	moved        []bool // per metric: some cause changed it (if only to be clamped back), in some game

	seen []bool // this game's marks, in the order of the counts above
	off  []int  // where each counter's marks start in seen (counters' order)
}

// NewCoverage returns empty counts for c's content.
func NewCoverage(c *Compiled) *Coverage {
	cv := &Coverage{c: c,
		LeverBought: make([]int, len(c.Levers)), LeverEffect: make([]int, len(c.Levers)),
		ActionDrawn: make([]int, len(c.Actions)), ActionEffect: make([]int, len(c.Actions)),
		InjectFired: make([]int, len(c.Injects)), ChoiceTaken: make([][]int, len(c.Injects)),
		EndReached: make([]int, len(c.Ends)),
		LeverOpen:  make([]int, len(c.Levers)), LeverLocks: make([]uint8, len(c.Levers)),
		ActionOpen: make([]int, len(c.Actions)), ActionBars: make([]uint8, len(c.Actions)),
		ActionTurns: make([]int, len(c.Actions)), ActionShare: make([]float64, len(c.Actions)),
		AtMax: make([]int, len(c.Metrics)), AtMin: make([]int, len(c.Metrics)),
		Low: make([]Fix, len(c.Metrics)), High: make([]Fix, len(c.Metrics)), moved: make([]bool, len(c.Metrics))}
	n := 3*len(c.Levers) + 3*len(c.Actions) + len(c.Injects)
	for i := range c.Injects {
		cv.ChoiceTaken[i] = make([]int, len(c.Injects[i].Choices))
		n += len(c.Injects[i].Choices)
	}
	cv.seen = make([]bool, n)
	at := 0
	for _, cnt := range cv.counters() {
		cv.off = append(cv.off, at)
		at += len(cnt)
	}
	return cv
}

// counters lists the per-game counts in the order of seen.
func (cv *Coverage) counters() [][]int {
	out := [][]int{cv.LeverBought, cv.LeverEffect, cv.ActionDrawn, cv.ActionEffect, cv.InjectFired, cv.LeverOpen, cv.ActionOpen}
	return append(out, cv.ChoiceTaken...)
}

// mark notes that entry i of counter k came into play this game.
func (cv *Coverage) mark(k, i int) {
	cv.seen[cv.off[k]+i] = true
}

// Observe records one turn: the orders given and the Result of Step. A
// scenario compiled from the same file at another difficulty has the same
// content and may share the Coverage.
func (cv *Coverage) Observe(o *Orders, r *Result) {
	c := cv.c
	for _, s := range c.alliance {
		for l, p := range o.Side(s) {
			if p > 0 {
				cv.mark(0, l)
			}
		}
	}
	for _, e := range r.Ledger {
		if e.Delta != 0 && e.Metric >= 0 && e.Metric < len(cv.moved) {
			cv.moved[e.Metric] = true
		}
		if e.Delta == 0 || e.Cause < 0 {
			continue
		}
		switch e.Kind {
		case CauseLever, CauseDelayed:
			cv.mark(1, e.Cause)
		case CauseAction:
			cv.mark(3, e.Cause)
		}
	}
	for _, m := range r.Moves {
		cv.mark(2, m.Action)
	}
	for _, f := range r.Injects {
		cv.mark(4, f.Inject)
		if f.Choice >= 0 && f.Choice < len(c.Injects[f.Inject].Choices) {
			cv.mark(7+f.Inject, f.Choice)
		}
	}
}

// Play plays g to its end with pols, as sim.Play does, observing every
// turn and, before the sides plan, which levers are open to them; then it
// closes the game (EndGame).
func (cv *Coverage) Play(g *Game, pols []Policy, o *Orders) error {
	cv.observed = true
	turn := func(o *Orders, r *Result) {
		cv.Observe(o, r)
		cv.turnEnd(g)
	}
	if err := play(g, pols, o, cv.planned, turn); err != nil {
		return err
	}
	cv.EndGame(g)
	return nil
}

// What keeps an action's weight at 0 on a turn (bits of ActionBars).
const (
	barNoMoves  = iota // its side takes no real moves (actions = 0)
	barRung            // locked at the rung (lock_actions)
	barWhen            // its when does not hold
	barWeight          // weight = 0
	barModifier        // a modifier of factor 0 holds
	barAim             // the aim's pull is 0: its odds are too poor
)

// planned notes the levers open to an allied side this turn, and for the
// others what locked them; and the actions the doctrine could draw this
// turn (it drew them in Brief, from this state), and for the others what
// kept their weight at 0.
func (cv *Coverage) planned(g *Game) {
	cv.plannedActions(g)
	for l := range cv.c.Levers {
		var locks uint8
		for _, s := range cv.c.alliance {
			lock := g.leverLock(s, l)
			if lock == Unlocked {
				cv.mark(5, l) // LeverOpen
				locks = 0
				break
			}
			locks |= 1 << lock
		}
		cv.LeverLocks[l] |= locks
	}
}

// plannedActions is planned's part for the adversary's actions.
func (cv *Coverage) plannedActions(g *Game) {
	c := g.c        // a level's (moves per turn may differ; the content is cv.c's)
	g.lastDefence() // as Brief left it: the defence the doctrine weighed
	rungBit := uint8(1) << g.Rung()
	for s := range c.Sides {
		si := &c.Sides[s]
		if !si.Adversary {
			continue
		}
		var total Fix
		for _, a := range si.Playbook {
			total += g.actionWeight(a, rungBit)
		}
		for _, a := range si.Playbook {
			if w := g.actionWeight(a, rungBit); w > 0 && si.Actions > 0 {
				cv.mark(6, a) // ActionOpen
				cv.ActionTurns[a]++
				cv.ActionShare[a] += min(1, float64(si.Actions)*w.Float()/total.Float())
				continue
			}
			cv.ActionBars[a] |= 1 << actionBar(g, a, rungBit)
		}
	}
}

// actionBar says what keeps action a from the doctrine's draw this turn.
func actionBar(g *Game, a int, rungBit uint8) uint {
	ai := &g.c.Actions[a]
	switch {
	case g.c.Sides[ai.Side].Actions == 0:
		return barNoMoves
	case ai.LockedAt&rungBit != 0:
		return barRung
	case !ai.When.True(g.st.vals):
		return barWhen
	case ai.Weight == 0:
		return barWeight
	}
	for k := range ai.Modifiers {
		if ai.Modifiers[k].Factor == 0 && ai.Modifiers[k].When.True(g.st.vals) {
			return barModifier
		}
	}
	return barAim
}

// notDrawn says why the doctrine never drew action a as a real move, if
// Play counted when it could: it could be drawn on some turns, but its
// share of its side's weight was small, or what kept its weight at 0
// whenever the adversary drew.
func (cv *Coverage) notDrawn(a int) string {
	if !cv.observed {
		return ""
	}
	c, ai := cv.c, &cv.c.Actions[a]
	if n := cv.ActionOpen[a]; n > 0 {
		return fmt.Sprintf(": it could be drawn in %d of them (%d turns), but its chance of a draw on those turns, from its share of its side's weight, was %.1f%% on average, about %.1f draws expected in all: raise its weight or its modifiers' factors",
			n, cv.ActionTurns[a], 100*cv.ActionShare[a]/float64(cv.ActionTurns[a]), cv.ActionShare[a])
	}
	bars := cv.ActionBars[a]
	var why []string
	if bars&(1<<barNoMoves) != 0 {
		why = append(why, c.Sides[ai.Side].ID+" takes no real moves (actions = 0)")
	}
	if bars&(1<<barRung) != 0 {
		var at []string
		for r := range 5 {
			if ai.LockedAt&(1<<r) != 0 {
				at = append(at, fmt.Sprint(r+1))
			}
		}
		why = append(why, "it was locked at the rungs reached (lock_actions at rung "+strings.Join(at, ", ")+")")
	}
	if bars&(1<<barWhen) != 0 {
		why = append(why, "its when ("+ai.When.String()+") did not hold")
	}
	if bars&(1<<barWeight) != 0 {
		why = append(why, "the file gives it weight = 0")
	}
	if bars&(1<<barModifier) != 0 {
		why = append(why, "a modifier of factor 0 held")
	}
	if bars&(1<<barAim) != 0 {
		why = append(why, "its side's aim (which pulls the weight of a move with poor odds down) brought its weight to 0")
	}
	if len(why) == 0 {
		return ""
	}
	return ": its weight was 0 whenever the adversary drew: " + strings.Join(why, ", or ")
}

// turnEnd widens Low and High to the metrics' values at the end of g's
// turn.
func (cv *Coverage) turnEnd(g *Game) {
	for m := range min(len(cv.Low), len(g.c.Metrics)) {
		v := g.Metric(m)
		if !cv.ranged || v < cv.Low[m] {
			cv.Low[m] = v
		}
		if !cv.ranged || v > cv.High[m] {
			cv.High[m] = v
		}
	}
	cv.ranged = true
}

// EndGame closes the game g, whose turns were observed.
func (cv *Coverage) EndGame(g *Game) {
	cv.turnEnd(g)
	i := 0
	for _, cnt := range cv.counters() {
		for j := range cnt {
			if cv.seen[i] {
				cnt[j]++
			}
			cv.seen[i] = false
			i++
		}
	}
	if e := g.End(); e >= 0 && e < len(cv.EndReached) {
		cv.EndReached[e]++
	}
	cv.LastTurn = max(cv.LastTurn, g.Turn())
	for m := range min(len(cv.AtMax), len(g.c.Metrics)) {
		switch mi, v := &g.c.Metrics[m], g.Metric(m); {
		case mi.Min >= mi.Max || mi.Derived: // a constant, or deterrence, which no lever feeds directly
		case v >= mi.Max:
			cv.AtMax[m]++
		case v <= mi.Min:
			cv.AtMin[m]++
		}
	}
	cv.Games++
}

// notReached says why no game reached end e, as far as the metrics' range
// tells: for each comparison of a metric with a number in its condition,
// the closest any game came at a turn's end (the lowest value seen for a
// "<" or "<=", the highest for a ">" or ">="), and if a comparison did hold
// at some turn's end, that the rest of the condition or an end before it
// stood in the way. A default end no game reached ended every game by
// another. The condition is the content's (a difficulty level that
// rewrites it is not told apart); the values are those of every level.
func (cv *Coverage) notReached(e int) string {
	c, end := cv.c, &cv.c.Ends[e]
	if end.Default {
		return ": another end held first in every game"
	}
	if !cv.ranged {
		return ""
	}
	seen, held := cv.closest(c.EndComparisons(e))
	if len(seen) == 0 {
		return ""
	}
	out := ": its condition is " + end.When.String() + "; at any turn's end, " + strings.Join(seen, ", ")
	if held {
		out += ": where a comparison held, " + EndStoodInTheWay
	}
	return out
}

// closest says, for each comparison ks of a metric with a number, the
// closest any game came at a turn's end (the lowest value seen for a "<"
// or "<=", the highest for a ">" or ">="), and whether one held there.
func (cv *Coverage) closest(ks []Comparison) (seen []string, held bool) {
	c := cv.c
	for _, k := range ks {
		name := c.Metrics[k.Metric].ID
		v, which := cv.High[k.Metric], "highest"
		if k.Low() {
			v, which = cv.Low[k.Metric], "lowest"
		}
		shown := v.String() // 78.8089 as 78.8 on a range wider than 10
		if mi := &c.Metrics[k.Metric]; mi.Max-mi.Min > FixInt(10) && strings.Contains(shown, ".") {
			shown = v.Format(1)
		}
		s := fmt.Sprintf("the %s %s was %s (it needs %s %s %s)", which, name, shown, name, k.Op, k.Threshold)
		if k.Holds(v) {
			held = true
			s = fmt.Sprintf("the %s %s was %s (%s %s %s held)", which, name, shown, name, k.Op, k.Threshold)
		}
		seen = append(seen, s)
	}
	return seen, held
}

// notFired says why inject i fired in no game, as far as the games tell:
// a scheduled turn no game reached, the closest its condition came (as
// notReached says of an end's), or a chance a turn too small to come up.
func (cv *Coverage) notFired(i int) string {
	c, in := cv.c, &cv.c.Injects[i]
	label := strings.ToLower(c.TurnLabel)
	if in.Turn > 0 && cv.LastTurn < in.Turn {
		return fmt.Sprintf(": it is scheduled for %s %d, and no game lasted that long (the longest ended after %s %d)", label, in.Turn, label, cv.LastTurn)
	}
	var why []string
	if !in.When.Empty() && cv.ranged {
		if seen, _ := cv.closest(c.comparisons(&in.When)); len(seen) > 0 {
			why = append(why, "its condition is "+in.When.String()+"; at any turn's end, "+strings.Join(seen, ", "))
		} else if in.Random { // it may have held and lost the draw
			why = append(why, "its condition is "+in.When.String())
		} else {
			why = append(why, "its condition, "+in.When.String()+", never held when it was due")
		}
	}
	if in.Random {
		why = append(why, fmt.Sprintf("its chance is %s a %s", in.Chance.String(), label))
	}
	if len(why) == 0 {
		return ""
	}
	return ": " + strings.Join(why, "; ")
}

// StuckShare is the share of games, at least, in which a metric must end
// at its maximum (or its minimum) for Gaps to note it as stuck there.
const StuckShare = 0.95

// stuck notes metric m if it ended at a bound in StuckShare of the games
// or more: what feeds it (or drains it) is out of scale with its range,
// and the bound, not play, sets its value.
func (cv *Coverage) stuck(m int) (Gap, bool) {
	mi := &cv.c.Metrics[m]
	at, bound, why := cv.AtMax[m], "maximum "+mi.Max.String(), "its levers and events over-feed it, and more of it counts for nothing"
	if cv.AtMin[m] > at {
		at, bound, why = cv.AtMin[m], "minimum "+mi.Min.String(), "what drains it outweighs what feeds it"
	}
	// A metric nothing ever moved (a flag an inject's choice the AI never
	// took would set) is not over-fed: the choice's note says why.
	if cv.Games == 0 || float64(at) < StuckShare*float64(cv.Games) || !cv.moved[m] {
		return Gap{}, false
	}
	return Gap{"metric." + mi.ID, fmt.Sprintf("ended at its %s in %d of %d games: %s (scenarios/README.md §11)", bound, at, cv.Games, why), true}, true
}

// notBought says why no policy bought lever l, if Play counted when it
// was open: locked whenever the allies planned (and by what), or open but
// never worth a point.
func (cv *Coverage) notBought(l int) string {
	if !cv.observed {
		return ""
	}
	if n := cv.LeverOpen[l]; n > 0 {
		return fmt.Sprintf(": it was open to the allies in %d of them, but to every policy a point there was worth less than on its other levers (see its effects and cost)", n)
	}
	lv := &cv.c.Levers[l]
	var why []string
	if cv.LeverLocks[l]&(1<<LockSide) != 0 {
		why = append(why, "no allied side may use it (sides)")
	}
	if cv.LeverLocks[l]&(1<<LockRung) != 0 {
		why = append(why, "the rung locked it (the rungs' lock_levers)")
	}
	if cv.LeverLocks[l]&(1<<LockRequires) != 0 {
		why = append(why, "its requires ("+lv.Requires.String()+") did not hold")
	}
	if len(why) == 0 {
		return ""
	}
	return ": it was locked whenever the allies planned: " + strings.Join(why, ", or ")
}

// Gap is one piece of content that never, or only once in a while, came
// into play.
type Gap struct {
	Path string // key path of the content: "lever.hotline", "end.conflict"
	What string // what did not happen, in words
	// Note marks a gap that is not dead content: an inject's choice the AI
	// policies never took (they answer by immediate value; a human team
	// may well take it).
	Note bool
}

// Gaps lists the content that never came into play in the games counted,
// in the scenario's order: levers, actions, injects, their choices, ends;
// then, as notes, the metrics that ended at a bound in StuckShare of the
// games or more.
func (cv *Coverage) Gaps() []Gap {
	c := cv.c
	var out []Gap
	in := fmt.Sprintf("in %d games", cv.Games)
	for l, lv := range c.Levers {
		switch {
		case cv.LeverBought[l] == 0:
			out = append(out, Gap{"lever." + lv.ID, "no policy bought it " + in + cv.notBought(l), false})
		case cv.LeverEffect[l] == 0 && len(lv.Defend) == 0 && lv.Converge == 0 && lv.Serves == 0:
			// (defence, convergence and alignment act through other
			// causes' entries, so only a lever of metric effects alone is
			// known to have done nothing)
			out = append(out, Gap{"lever." + lv.ID, fmt.Sprintf("bought in %d of %d games but never changed a metric", cv.LeverBought[l], cv.Games), false})
		}
	}
	for a, ac := range c.Actions {
		switch {
		case cv.ActionDrawn[a] == 0:
			out = append(out, Gap{"action." + ac.ID, "never chosen as a real move " + in + cv.notDrawn(a), false})
		case cv.ActionEffect[a] == 0:
			out = append(out, Gap{"action." + ac.ID, fmt.Sprintf("chosen in %d of %d games but never changed a metric", cv.ActionDrawn[a], cv.Games), false})
		}
	}
	for i, inj := range c.Injects {
		if cv.InjectFired[i] == 0 {
			out = append(out, Gap{"inject." + inj.ID, "never fired " + in + cv.notFired(i), false})
			continue
		}
		for ch, choice := range inj.Choices {
			if cv.ChoiceTaken[i][ch] == 0 {
				out = append(out, Gap{"inject." + inj.ID + ".choice." + choice.ID,
					fmt.Sprintf("no AI policy took it in the %d games the inject fired (they answer by immediate value; players may)", cv.InjectFired[i]), true})
			}
		}
	}
	for e, end := range c.Ends {
		switch {
		case cv.EndReached[e] > 0:
		case end.Guard:
			out = append(out, Gap{"end." + end.ID, "never reached " + in + " (a guard end: it need not be)" + cv.notReached(e), true})
		default:
			out = append(out, Gap{"end." + end.ID, "never reached " + in + cv.notReached(e), false})
		}
	}
	for m := range c.Metrics {
		if gap, ok := cv.stuck(m); ok {
			out = append(out, gap)
		}
	}
	return out
}
