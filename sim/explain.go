package sim

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
)

// CauseName returns the name of what an entry's cause is, in words: the
// lever, action or inject name, or the kind for the engine's own causes.
func (c *Compiled) CauseName(e Entry) string {
	switch e.Kind {
	case CauseLever, CauseDelayed:
		if e.Cause >= 0 && e.Cause < len(c.Levers) {
			return c.Levers[e.Cause].Name
		}
	case CauseAction:
		if e.Cause >= 0 && e.Cause < len(c.Actions) {
			return c.Actions[e.Cause].Name
		}
	case CauseInject:
		if e.Cause >= 0 && e.Cause < len(c.Injects) {
			return c.Injects[e.Cause].Title
		}
	case CauseChoice:
		if e.Cause >= 0 && e.Cause < len(c.Injects) {
			in := &c.Injects[e.Cause]
			if e.Choice >= 0 && e.Choice < len(in.Choices) {
				return in.Title + ": " + in.Choices[e.Choice].Label
			}
			return in.Title
		}
	case CauseAlignment:
		return "alignment with the ally's priorities"
	case CauseCommitment:
		return "visible commitment shortfall"
	case CauseDecay:
		return "drift toward baseline"
	case CauseClamp:
		return "clamped at its limit" // what a metric lost (or gained) to its range
	case CauseRounding:
		return "rounding"
	case CauseOverride:
		return "White-cell override"
	case CauseHidden:
		return "others' undisclosed allocations"
	}
	return e.Kind.String()
}

// CauseID returns a stable identifier of an entry's cause for machine
// output and grouping: "lever:combined_exercise", "action:militia_swarm",
// "inject:dprk_test", "choice:research_vessel/joint_statement", "decay", …
func (c *Compiled) CauseID(e Entry) string {
	switch e.Kind {
	case CauseLever, CauseDelayed:
		if e.Cause >= 0 && e.Cause < len(c.Levers) {
			return "lever:" + c.Levers[e.Cause].ID
		}
	case CauseAction:
		if e.Cause >= 0 && e.Cause < len(c.Actions) {
			return "action:" + c.Actions[e.Cause].ID
		}
	case CauseInject:
		if e.Cause >= 0 && e.Cause < len(c.Injects) {
			return "inject:" + c.Injects[e.Cause].ID
		}
	case CauseChoice:
		if e.Cause >= 0 && e.Cause < len(c.Injects) {
			in := &c.Injects[e.Cause]
			if e.Choice >= 0 && e.Choice < len(in.Choices) {
				return "choice:" + in.ID + "/" + in.Choices[e.Choice].ID
			}
		}
	case CauseAlignment:
		if e.Side >= 0 {
			return "alignment:" + c.Sides[e.Side].ID
		}
	case CauseCommitment:
		if e.Side >= 0 {
			return "commitment:" + c.Sides[e.Side].ID
		}
	}
	return e.Kind.String()
}

// DescribeEntry explains one ledger entry in a short phrase, for example
// "Combined exercise (South Korea) +3.10 (joint ×1.25, via communication)"
// or "Maritime militia swarm −1.20 (failed: roll 0.71 vs p 0.55)".
func (c *Compiled) DescribeEntry(e Entry) string {
	var b strings.Builder
	b.WriteString(c.CauseName(e))
	if e.Side >= 0 && e.Side < len(c.Sides) && e.Kind != CauseAlignment && e.Kind != CauseAction {
		b.WriteString(" " + Parenthetical(c.Sides[e.Side].Name))
	}
	if e.Kind == CauseAlignment && e.Side >= 0 {
		b.WriteString(" " + Parenthetical(c.Sides[e.Side].Name))
	}
	b.WriteByte(' ')
	b.WriteString(c.FormatChange(e.Metric, e.Delta))
	var notes []string
	if e.Kind == CauseDelayed {
		notes = append(notes, "matured from an earlier turn")
	}
	if e.Mult != 0 && e.Mult != One {
		kind := "joint"
		if (e.Kind == CauseLever || e.Kind == CauseDelayed) && e.Cause >= 0 && e.Cause < len(c.Levers) {
			if li := &c.Levers[e.Cause]; e.Mult == li.Solo && li.Solo != li.Joint {
				kind = "alone"
			}
		}
		notes = append(notes, kind+" ×"+e.Mult.String())
	}
	if e.Kind == CauseAction {
		outcome := "failed"
		if e.Success {
			outcome = "succeeded"
		}
		if e.Roll < 0 {
			notes = append(notes, outcome+": decided by the White cell, p was "+e.P.Format(2))
		} else {
			roll, p := FormatRoll(e.Roll, e.P)
			notes = append(notes, outcome+": roll "+roll+" vs p "+p)
		}
	}
	if e.Via >= 0 && e.Via < len(c.Metrics) {
		notes = append(notes, "via "+strings.ToLower(c.Metrics[e.Via].Name))
	}
	if len(notes) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(notes, ", "))
		b.WriteString(")")
	}
	return b.String()
}

// precision is the number of decimals a metric is shown with: two for the
// 0–1 deterrence components, one otherwise.
func (c *Compiled) precision(m int) int {
	if m >= 0 && m < len(c.Metrics) && c.Metrics[m].Component {
		return 3
	}
	return 2
}

// FormatMetric formats a value of metric m with its display precision.
func (c *Compiled) FormatMetric(m int, v Fix) string { return v.Format(c.precision(m)) }

// FormatChange formats a change of metric m with its sign, "+2.00" or
// "−0.010", at the metric's display precision (as FormatMetric); a change
// too small to show there is shown with as many decimals as it needs (a
// rounding entry of +0.0001 is not "+0.00"). Every front end showing a
// change should use it, so that they agree.
func (c *Compiled) FormatChange(m int, x Fix) string {
	s := x.Format(c.precision(m))
	if x != 0 && strings.Trim(s, "-0.") == "" {
		s = strings.TrimRight(x.Format(4), "0")
	}
	if x >= 0 {
		return "+" + s
	}
	return "−" + strings.TrimPrefix(s, "-")
}

// FormatRoll formats a move's roll and its chance of success with as few
// decimals as show which is the smaller (two at least, four at most): a
// roll of 0.7996 against p 0.8004 is "0.7996 vs 0.8004", not "0.80 vs 0.80",
// which read as a tie that went one way for no reason. The move succeeds
// when the roll is below p.
func FormatRoll(roll, p Fix) (r, ps string) {
	for prec := 2; ; prec++ {
		r, ps = roll.Format(prec), p.Format(prec)
		if r != ps || prec >= 4 {
			return r, ps
		}
	}
}

// DescribeEffects lists effects in words, "US confidence −5.00, Cohesion
// +2.00" (the metric's name and its change as FormatChange shows it),
// leaving out the zero ones; "" when none is left.
func (c *Compiled) DescribeEffects(effs []Effect) string {
	var parts []string
	for _, e := range effs {
		if e.Delta != 0 && e.Metric >= 0 && e.Metric < len(c.Metrics) {
			parts = append(parts, c.Metrics[e.Metric].Name+" "+c.FormatChange(e.Metric, e.Delta))
		}
	}
	return strings.Join(parts, ", ")
}

// Defence returns the defence one point on lever l adds against moves in
// domain d, before diminishing returns and joint multipliers (as Preview
// counts it); zero when the lever does not defend that domain.
func (c *Compiled) Defence(l, d int) Fix {
	var per Fix
	for _, e := range c.Levers[l].Defend {
		if e.Metric == d {
			per = e.Delta
		}
	}
	return per
}

// PendingEffect is the effect of points put on a delayed lever in an
// earlier turn that has not landed yet: at the end of turn Due, metric
// Metric moves by Delta (before any clamp to its bounds).
type PendingEffect struct {
	Due, Metric, Lever, Side int
	Delta                    Fix
}

// Pending returns side's effects still to land, by due turn, then lever,
// then metric, with the effects of one lever on one metric in one turn
// summed. A side sees only its own (as View's LeverView.Pending); side −1,
// the public, none.
func (g *Game) Pending(side int) []PendingEffect {
	var out []PendingEffect
	if side < 0 {
		return nil
	}
	for _, pe := range g.st.pending {
		if pe.side != side {
			continue
		}
		i := slices.IndexFunc(out, func(x PendingEffect) bool {
			return x.Due == pe.due && x.Lever == pe.lever && x.Metric == pe.metric
		})
		if i < 0 {
			out = append(out, PendingEffect{Due: pe.due, Metric: pe.metric, Lever: pe.lever, Side: side})
			i = len(out) - 1
		}
		out[i].Delta += pe.delta
	}
	slices.SortStableFunc(out, func(a, b PendingEffect) int {
		return cmp.Or(cmp.Compare(a.Due, b.Due), cmp.Compare(a.Lever, b.Lever), cmp.Compare(a.Metric, b.Metric))
	})
	return out
}

// Cause is the summed contribution of one cause to one metric.
type Cause struct {
	Entry       // the first entry of the group, for naming
	Delta   Fix // the group's total
	Entries int
}

// TopCauses groups a ledger's entries for metric m by cause (kind, cause,
// side, choice; across the deterrence components) and returns them by
// decreasing size of total change, at most n (all if n ≤ 0). Causes whose
// entries cancel out are dropped.
func (c *Compiled) TopCauses(ledger []Entry, m, n int) []Cause {
	var out []Cause
	for _, e := range ledger {
		if e.Metric != m {
			continue
		}
		found := false
		for i := range out {
			o := &out[i].Entry
			if o.Kind == e.Kind && o.Cause == e.Cause && o.Side == e.Side && o.Choice == e.Choice && o.Success == e.Success {
				out[i].Delta += e.Delta
				out[i].Entries++
				if out[i].Via != e.Via {
					out[i].Via = -1
				}
				found = true
				break
			}
		}
		if !found {
			out = append(out, Cause{Entry: e, Delta: e.Delta, Entries: 1})
		}
	}
	kept := out[:0]
	for _, x := range out {
		if x.Delta != 0 {
			kept = append(kept, x)
		}
	}
	out = kept
	sort.SliceStable(out, func(i, j int) bool { return out[i].Delta.Abs() > out[j].Delta.Abs() })
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Explain describes why metric m moved in a turn's ledger, in one line:
// "Deterrence 27.30 → 30.31: Combined exercise (South Korea) +1.20 (…), …".
func (c *Compiled) Explain(r *Result, m, n int) string {
	s, _ := c.ExplainCounted(r, m, n)
	return s
}

// ExplainCounted is Explain, with how many causes it counted as "others"
// without naming them (0 if it named every one), so that a screen can say
// where the others are named without reading its words.
func (c *Compiled) ExplainCounted(r *Result, m, n int) (text string, others int) {
	var b strings.Builder
	b.WriteString(c.Metrics[m].Name)
	b.WriteByte(' ')
	b.WriteString(c.FormatMetric(m, r.Before[m]))
	b.WriteString(" → ")
	b.WriteString(c.FormatMetric(m, r.After[m]))
	// The remainder of a derived metric's fixed-point rounding is no
	// cause: it goes last, said for what it is, and is never one of the n
	// named or counted among the others.
	var rounding Fix
	all := c.TopCauses(r.Ledger, m, 0)
	all = slices.DeleteFunc(all, func(x Cause) bool {
		if x.Kind == CauseRounding {
			rounding += x.Delta
			return true
		}
		return false
	})
	causes := all
	if n > 0 && len(causes) > n {
		causes = causes[:n]
	}
	if len(causes) == 0 && rounding == 0 {
		b.WriteString(": no change")
		return b.String(), 0
	}
	b.WriteString(": ")
	for i, x := range causes {
		if i > 0 {
			b.WriteString(", ")
		}
		e := x.Entry
		e.Delta = x.Delta
		b.WriteString(c.DescribeEntry(e))
	}
	switch rest := all[len(causes):]; len(rest) {
	case 0:
	case 1: // one more cause is named, not called "others"
		e := rest[0].Entry
		e.Delta = rest[0].Delta
		b.WriteString(", ")
		b.WriteString(c.DescribeEntry(e))
	default:
		var sum Fix
		for _, x := range rest {
			sum += x.Delta
		}
		if sum != 0 {
			// How many, so that a total larger than any cause named reads
			// as the sum of several smaller ones.
			fmt.Fprintf(&b, ", %d others %s", len(rest), c.FormatChange(m, sum))
			others = len(rest)
		}
	}
	if rounding != 0 {
		if len(causes) > 0 {
			b.WriteString("; ")
		}
		b.WriteString("rounding remainder " + c.FormatChange(m, rounding))
	}
	return b.String(), others
}

// Grade returns the scorecard letter (A–D, F) of value v on line g.
func (g GradeInfo) Grade(v Fix, goodLow bool) string {
	for i, t := range g.Thresholds {
		if (!goodLow && v >= t) || (goodLow && v <= t) {
			return string(rune('A' + i))
		}
	}
	return "F"
}

// NumCauseKeys returns how many distinct cause keys CauseKey may return for
// this scenario: a dense index for tallying ledgers without maps.
func (c *Compiled) NumCauseKeys() int {
	ns := len(c.Sides) + 1
	n := 2 * len(c.Levers) * ns // lever, delayed
	n += len(c.Actions) * 2     // action failed / succeeded
	n += len(c.Injects)
	n += len(c.Injects) * MaxChoices
	n += 2 * ns // alignment, commitment
	n += 5      // decay, clamp, rounding, override, hidden
	return n
}

// CauseKey returns a dense index in [0, NumCauseKeys()) identifying an
// entry's cause: lever (by side), delayed lever (by side), action outcome,
// inject, inject choice, alignment and commitment (by side), decay, clamp,
// rounding, override, hidden (a fogged ledger's). CauseOfKey inverts it.
func (c *Compiled) CauseKey(e Entry) int {
	ns := len(c.Sides) + 1
	base := 0
	switch e.Kind {
	case CauseLever:
		return e.Cause*ns + e.Side + 1
	case CauseDelayed:
		return len(c.Levers)*ns + e.Cause*ns + e.Side + 1
	}
	base = 2 * len(c.Levers) * ns
	if e.Kind == CauseAction {
		k := base + e.Cause*2
		if e.Success {
			k++
		}
		return k
	}
	base += len(c.Actions) * 2
	if e.Kind == CauseInject {
		return base + e.Cause
	}
	base += len(c.Injects)
	if e.Kind == CauseChoice {
		return base + e.Cause*MaxChoices + max(e.Choice, 0)
	}
	base += len(c.Injects) * MaxChoices
	switch e.Kind {
	case CauseAlignment:
		return base + e.Side + 1
	case CauseCommitment:
		return base + ns + e.Side + 1
	}
	base += 2 * ns
	switch e.Kind {
	case CauseDecay:
		return base
	case CauseClamp:
		return base + 1
	case CauseRounding:
		return base + 2
	case CauseHidden:
		return base + 4
	}
	return base + 3
}

// CauseOfKey returns an Entry naming the cause behind key k (Metric, Delta
// and the rest are zero), for CauseName and CauseID.
func (c *Compiled) CauseOfKey(k int) Entry {
	ns := len(c.Sides) + 1
	e := Entry{Cause: -1, Side: -1, Choice: -1, Via: -1, Roll: -1}
	if n := len(c.Levers) * ns; k < 2*n {
		e.Kind = CauseLever
		if k >= n {
			e.Kind, k = CauseDelayed, k-n
		}
		e.Cause, e.Side = k/ns, k%ns-1
		return e
	}
	k -= 2 * len(c.Levers) * ns
	if k < len(c.Actions)*2 {
		e.Kind, e.Cause, e.Success = CauseAction, k/2, k%2 == 1
		e.Side = c.Actions[e.Cause].Side
		return e
	}
	k -= len(c.Actions) * 2
	if k < len(c.Injects) {
		e.Kind, e.Cause = CauseInject, k
		return e
	}
	k -= len(c.Injects)
	if k < len(c.Injects)*MaxChoices {
		e.Kind, e.Cause, e.Choice = CauseChoice, k/MaxChoices, k%MaxChoices
		e.Side = c.Injects[e.Cause].Decider
		return e
	}
	k -= len(c.Injects) * MaxChoices
	if k < 2*ns {
		e.Kind = CauseAlignment
		if k >= ns {
			e.Kind, k = CauseCommitment, k-ns
		}
		e.Side = k - 1
		if e.Kind == CauseAlignment {
			e.Cause = e.Side
		}
		return e
	}
	k -= 2 * ns
	e.Kind = [...]CauseKind{CauseDecay, CauseClamp, CauseRounding, CauseOverride, CauseHidden}[min(k, 4)]
	return e
}
