package sim

import "fmt"

// Coverage counts, over played games, in how many each piece of a
// scenario's content came into play: levers bought and levers whose points
// changed a metric, actions drawn as real moves and actions that changed a
// metric, injects fired, each choice of an inject taken, and ends reached.
// An author reads its Gaps to find content that never matters (a lever no
// policy buys, an action locked out by its own condition, an end that can
// never hold); the content test of the built-in scenarios asserts there
// are none.
//
// Feed it with Observe after every Step and EndGame after every game.
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

	seen []bool // this game's marks, in the order of the counts above
}

// NewCoverage returns empty counts for c's content.
func NewCoverage(c *Compiled) *Coverage {
	cv := &Coverage{c: c,
		LeverBought: make([]int, len(c.Levers)), LeverEffect: make([]int, len(c.Levers)),
		ActionDrawn: make([]int, len(c.Actions)), ActionEffect: make([]int, len(c.Actions)),
		InjectFired: make([]int, len(c.Injects)), ChoiceTaken: make([][]int, len(c.Injects)),
		EndReached: make([]int, len(c.Ends))}
	n := 2*len(c.Levers) + 2*len(c.Actions) + len(c.Injects)
	for i := range c.Injects {
		cv.ChoiceTaken[i] = make([]int, len(c.Injects[i].Choices))
		n += len(c.Injects[i].Choices)
	}
	cv.seen = make([]bool, n)
	return cv
}

// counters lists the per-game counts in the order of seen.
func (cv *Coverage) counters() [][]int {
	out := [][]int{cv.LeverBought, cv.LeverEffect, cv.ActionDrawn, cv.ActionEffect, cv.InjectFired}
	return append(out, cv.ChoiceTaken...)
}

// mark notes that entry i of counter k came into play this game.
func (cv *Coverage) mark(k, i int) {
	off := 0
	for _, cnt := range cv.counters()[:k] {
		off += len(cnt)
	}
	cv.seen[off+i] = true
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
			cv.mark(5+f.Inject, f.Choice)
		}
	}
}

// EndGame closes the game g, whose turns were observed.
func (cv *Coverage) EndGame(g *Game) {
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
	cv.Games++
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
// in the scenario's order: levers, actions, injects, their choices, ends.
func (cv *Coverage) Gaps() []Gap {
	c := cv.c
	var out []Gap
	in := fmt.Sprintf("in %d games", cv.Games)
	for l, lv := range c.Levers {
		switch {
		case cv.LeverBought[l] == 0:
			out = append(out, Gap{"lever." + lv.ID, "no policy bought it " + in, false})
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
			out = append(out, Gap{"action." + ac.ID, "never chosen as a real move " + in, false})
		case cv.ActionEffect[a] == 0:
			out = append(out, Gap{"action." + ac.ID, fmt.Sprintf("chosen in %d of %d games but never changed a metric", cv.ActionDrawn[a], cv.Games), false})
		}
	}
	for i, inj := range c.Injects {
		if cv.InjectFired[i] == 0 {
			out = append(out, Gap{"inject." + inj.ID, "never fired " + in, false})
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
			out = append(out, Gap{"end." + end.ID, "never reached " + in + " (a guard end: it need not be)", true})
		default:
			out = append(out, Gap{"end." + end.ID, "never reached " + in, false})
		}
	}
	return out
}
