package sim

import (
	"math/bits"
	"strings"
)

// The end-of-game assessment beside the scorecard: the allied decisions
// that mattered most and the adversary moves that hurt most, ranked from
// the provenance ledger summed over the game. The TUI's end screen, `lattice
// run` and the after-action report all ask for it here, so they rank alike.

// Umpire is the viewer who sees the whole game, with no fog of war: the
// White cell, one screen shared by every side, a headless run, the whole
// game's report. (Side −1 is the public, which sees less; see SeesPoints.)
const Umpire = -2

// CauseTally sums a game's ledger by metric and cause: the entry at
// m*NumCauseKeys() + CauseKey(e) is the total change cause e made to metric
// m (a Fix, in an int64 so that long batches do not overflow). It holds the
// whole truth; the fog of war is applied when it is read (KeyDecisions).
type CauseTally []int64

// NewCauseTally returns an empty tally for c's metrics and causes.
func (c *Compiled) NewCauseTally() CauseTally {
	return make(CauseTally, len(c.Metrics)*c.NumCauseKeys())
}

// Add adds ledger's entries (one turn's Result.Ledger, unfogged) to t, a
// tally of c's.
func (t CauseTally) Add(c *Compiled, ledger []Entry) {
	nk := c.NumCauseKeys()
	for _, e := range ledger {
		t[e.Metric*nk+c.CauseKey(e)] += int64(e.Delta)
	}
}

// clampShares returns, for metric m in the game tallied in t, the share
// of each push that m's bounds cut off, as the clamp's total over the game
// (cut) against the total of the causes that pushed m the other way
// (push), both as magnitudes, with cut at most push; and the clamp's sign
// (0 if nothing was cut off). Two
// allies' sanctions that pushed a metric sitting at 0 down by 24 a turn
// each, while the clamp added 44 back, count for 2 each, not 24: summed
// raw, they ranked first among the decisions that mattered while the
// metric never moved. The tally is the game's sum, so a turn's clamp is
// shared with pushes of other turns too, and a floor's clamp and a
// ceiling's in the same game cancel out before they are shared: an
// estimate, never larger than the raw change.
func (c *Compiled) clampShares(t CauseTally, nk, m int, skip func(k int) bool) (cut, push uint64, sign int) {
	clamp := t[m*nk+c.CauseKey(Entry{Kind: CauseClamp})]
	if clamp == 0 {
		return 0, 0, 0
	}
	for k := range nk {
		if w := t[m*nk+k]; !skip(k) && w != 0 && (w > 0) != (clamp > 0) {
			push += absU(w)
		}
	}
	if push == 0 {
		return 0, 0, 0
	}
	sign = 1
	if clamp < 0 {
		sign = -1
	}
	return min(absU(clamp), push), push, sign
}

// netOfClamp returns v, a push against the clamp, less its share of it:
// v × (1 − cut/push), rounded half away from zero, in integers (cut ≤
// push, both magnitudes), so that it is the same on every machine.
func netOfClamp(v Fix, cut, push uint64) Fix {
	hi, lo := bits.Mul64(absU(int64(v)), push-cut)
	q, r := bits.Div64(hi, lo, push) // hi < push: |v| < 2^64 and push − cut ≤ push
	if r >= push-r {
		q++
	}
	n := Fix(q)
	if v < 0 {
		return -n
	}
	return n
}

// absU is |x| as a uint64 (math.MinInt64 included).
func absU(x int64) uint64 {
	if x < 0 {
		return uint64(-(x + 1)) + 1
	}
	return uint64(x)
}

// Impact is one cause's summed change to one scored metric over a game.
type Impact struct {
	Metric int
	Entry  Entry // names the cause (as CauseOfKey gives it: no roll, no multiplier)
	Delta  Fix
	// Share is the size of Delta relative to the metric's range (its
	// absolute value if the range is empty): what the ranking compares, so
	// that a change of 5 on a 0–10 metric outranks 20 on a 0–100 one.
	Share Fix
}

// KeyDecisions returns the allied decisions (allocations, matured or not,
// answers to injects, and what allocations brought about: a side's
// shortfall of the visible commitment, and how well its spending served
// its allies' priorities) that moved c's scored metrics (deterrence and the
// graded ones) most over the game tallied in t, each cause and metric
// summed over every turn, net of its share of what the metric's bounds cut
// off (clampShares), largest Share first (stable for ties), at most n
// (all if n ≤ 0). It is what side may know: another side's points on a
// lever that is not visible are left out (the rule of Fogged); Umpire
// sees every decision.
func (c *Compiled) KeyDecisions(t CauseTally, side, n int) []Impact {
	return c.topImpacts(t, n, func(_ int, _ Fix, e Entry) bool {
		switch e.Kind {
		case CauseLever, CauseDelayed, CauseChoice, CauseCommitment, CauseAlignment:
		default:
			return false
		}
		if side == Umpire {
			return true
		}
		_, shown := c.Fogged(side, e)
		return shown
	})
}

// KeyMoves returns the adversary moves that hurt the allies most over the
// game tallied in t on c's scored metrics: each move and outcome summed
// over every turn, only changes for the worse, largest Share first, at most
// n (all if n ≤ 0). Adjudicated moves are public: every side sees them.
func (c *Compiled) KeyMoves(t CauseTally, n int) []Impact {
	return c.topImpacts(t, n, func(m int, v Fix, e Entry) bool {
		return e.Kind == CauseAction && (v > 0) == c.Metrics[m].GoodLow // only harm
	})
}

// topImpacts returns the causes keep accepts, summed over the game on the
// scored metrics, largest Share first (stable for ties), at most n (all if
// n ≤ 0).
func (c *Compiled) topImpacts(t CauseTally, n int, keep func(m int, v Fix, e Entry) bool) []Impact {
	nk := c.NumCauseKeys()
	clampKey, roundingKey := c.CauseKey(Entry{Kind: CauseClamp}), c.CauseKey(Entry{Kind: CauseRounding})
	skip := func(k int) bool { return k == clampKey || k == roundingKey } // not pushes
	scored := make([]bool, len(c.Metrics))
	scored[MDeterrence] = true
	for _, g := range c.Grades {
		scored[g.Metric] = true
	}
	var out []Impact
	for m := range c.Metrics {
		if !scored[m] {
			continue
		}
		span := c.Metrics[m].Max - c.Metrics[m].Min
		cut, push, sign := c.clampShares(t, nk, m, skip)
		for k := range nk {
			v := Fix(t[m*nk+k])
			if sign != 0 && !skip(k) && (v > 0) != (sign > 0) {
				v = netOfClamp(v, cut, push) // net of its share of the clamp
			}
			if v == 0 {
				continue
			}
			if e := c.CauseOfKey(k); keep(m, v, e) {
				share := v.Abs()
				if span != 0 {
					share = share.Div(span)
				}
				out = append(out, Impact{Metric: m, Entry: e, Delta: v, Share: share})
			}
		}
	}
	for i := 1; i < len(out); i++ { // insertion sort: stable, and n is small
		for j := i; j > 0 && out[j].Share > out[j-1].Share; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// DescribeImpact says in words what d did, with the numbers behind its
// rank: "Combined exercise (South Korea) +26.83 on Deterrence (26.8% of its
// range)" for a decision, "Maritime militia swarm (succeeded) +5.00 on
// Adversary gains (5.0% of its range)" for a move. `lattice run` and the
// after-action report print it as it is.
func (c *Compiled) DescribeImpact(d Impact) string {
	e := d.Entry
	e.Metric, e.Delta = d.Metric, d.Delta
	what := c.DescribeEntry(e) // a decision's cause, side and change
	if e.Kind == CauseAction {
		outcome := "failed"
		if e.Success {
			outcome = "succeeded"
		}
		what = c.CauseName(e) + " (" + outcome + ") " + c.FormatChange(d.Metric, d.Delta)
	}
	return what + " on " + c.Metrics[d.Metric].Name + " (" + (d.Share * 100).Format(1) + "% of its range)"
}

// Counters returns the levers that defend action a's domain, best defence
// per budget point first (ties in scenario order), at most n (all if
// n ≤ 0): those side may use, or every ally's if side is Umpire. Beside
// the moves that hurt most (KeyMoves) it answers the debrief's "what could
// we have done?": which levers blunt that move, and at what price.
func (c *Compiled) Counters(a, side, n int) []int {
	d := c.Actions[a].Domain
	per := make([]Fix, len(c.Levers))
	var out []int
	for l := range c.Levers {
		li := &c.Levers[l]
		if side != Umpire && !c.MayUse(side, l) {
			continue
		}
		for _, e := range li.Defend {
			if e.Metric == d && e.Delta > 0 {
				per[l] = e.Delta.Div(li.Cost)
			}
		}
		if per[l] > 0 {
			out = append(out, l)
		}
	}
	for i := 1; i < len(out); i++ { // insertion sort: stable, and the levers are few
		for j := i; j > 0 && per[out[j]] > per[out[j-1]]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// CounterNote says which levers blunt move d (an Impact of KeyMoves) for
// side (Umpire: any ally's): "defended by Coast-guard presence, Combined
// maritime patrols (Maritime)", the best two per budget point; "" for a
// cause that is not a move that succeeded (harm from a failed move, such as
// the escalation of a strike that was parried, is not what more defence
// prevents), or a move no lever defends.
func (c *Compiled) CounterNote(d Impact, side int) string {
	e := d.Entry
	if e.Kind != CauseAction || !e.Success || e.Cause < 0 || e.Cause >= len(c.Actions) {
		return ""
	}
	ls := c.Counters(e.Cause, side, 2)
	if len(ls) == 0 {
		return ""
	}
	names := make([]string, len(ls))
	for i, l := range ls {
		names[i] = c.Levers[l].Name
	}
	return "defended by " + strings.Join(names, ", ") + " " + Parenthetical(c.Domains[c.Actions[e.Cause].Domain].Name)
}
