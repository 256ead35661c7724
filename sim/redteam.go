package sim

// What a Red team's debrief asks of the engine: its own moves ranked as
// the allies' decisions are (KeyDecisions), and the comparisons of the
// ends' conditions, to say how near the game came to the ends it wanted.

// AdversaryMoves returns the moves of side (an adversary) that moved c's
// scored metrics (deterrence and the graded ones) most over the game
// tallied in t, for better or worse, each move and outcome summed over
// every turn, net of its share of what the metric's bounds cut off, largest
// Share first (stable for ties), at most n (all if n ≤ 0). KeyMoves keeps
// only the harm to the allies, of every adversary; a Red team's debrief
// weighs its own moves both ways. Adjudicated moves are public.
func (c *Compiled) AdversaryMoves(t CauseTally, side, n int) []Impact {
	return c.topImpacts(t, n, func(_ int, _ Fix, e Entry) bool {
		return e.Kind == CauseAction && e.Side == side
	})
}

// Comparison is one comparison of a metric with a number in a condition:
// "gains > 20" is metric gains, Op ">", Threshold 20.
type Comparison struct {
	Metric    int
	Op        string // as written: "<", "<=", ">" or ">="
	Threshold Fix    // the number as written
	at        Fix    // the test is value >= at (negated if below)
	below     bool
}

// EndStoodInTheWay says why an end was not reached although a comparison
// of its condition held: the debriefs of validate --play and the report
// share it.
const EndStoodInTheWay = "the rest of the condition, or an end listed before it, stood in the way"

// Holds reports whether the comparison holds for a value v of its metric.
func (k Comparison) Holds(v Fix) bool { return (v >= k.at) != k.below }

// Edge is the value of the metric nearest the threshold at which the
// comparison holds: the threshold itself, or a unit (0.0001) below it for
// "<" (a unit above for ">").
func (k Comparison) Edge() Fix {
	if k.below {
		return k.at - 1
	}
	return k.at
}

// Low reports whether the comparison holds for values below its
// threshold ("<" or "<="): the closer a game came, the lower the metric.
func (k Comparison) Low() bool { return k.below }

// EndComparisons returns the comparisons of a metric with a number in end
// e's condition, in the order written, each once (those of the turn, the
// rung or a flag left out): what a debrief can measure the game's distance
// to the end by. None for the default end, which has no condition, or for
// a condition that compares no metric with a number.
func (c *Compiled) EndComparisons(e int) []Comparison {
	if e < 0 || e >= len(c.Ends) || c.Ends[e].Default {
		return nil
	}
	return c.comparisons(&c.Ends[e].When)
}

// comparisons lists condition x's comparisons of a metric with a number,
// each once, in the condition's order.
func (c *Compiled) comparisons(x *Expr) []Comparison {
	var out []Comparison
	for _, f := range x.floors() {
		if f.slot >= len(c.Metrics) {
			continue
		}
		op := map[exprCode]string{opLt: "<", opLe: "<=", opGt: ">", opGe: ">="}[f.op]
		k := Comparison{Metric: f.slot, Op: op, Threshold: f.written(), at: f.at, below: f.below}
		dup := false
		for _, x := range out {
			dup = dup || x == k
		}
		if !dup {
			out = append(out, k)
		}
	}
	return out
}
