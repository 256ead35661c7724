package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
)

// The report's account of why a metric moved: its largest causes, named,
// then the rest in a line or a few, so that the lines add up exactly (in
// sim.Fix, before rounding for display) to the metric's change. The
// ledger's entries of a turn sum exactly to the turn's change, so the
// causes of any run of turns sum to its change.

// TurnCausesN is how many causes are named for a metric's change in a
// turn (a turning point, a turn of the account); the rest is one line.
const TurnCausesN = 3

// causeKey groups the ledger's entries of one cause: an allocation and
// its effect that matured later are one lever's (the report names both
// alike), a move's outcomes are two causes.
type causeKey struct {
	kind                sim.CauseKind
	cause, side, choice int
	success             bool
}

func keyOf(e sim.Entry) causeKey {
	k := causeKey{kind: e.Kind, cause: e.Cause, side: e.Side, choice: e.Choice, success: e.Success}
	if k.kind == sim.CauseDelayed {
		k.kind = sim.CauseLever
	}
	if k.kind != sim.CauseAction {
		k.success = false
	}
	return k
}

// groupCauses sums ledger's entries of metric m by cause (see causeKey),
// largest total first, in order of first appearance among equals; causes
// whose entries cancel out are dropped (they add nothing to the sum).
func groupCauses(ledger []sim.Entry, m int) []sim.Cause {
	var out []sim.Cause
	at := map[causeKey]int{}
	for _, e := range ledger {
		if e.Metric != m {
			continue
		}
		k := keyOf(e)
		i, ok := at[k]
		if !ok {
			at[k] = len(out)
			out = append(out, sim.Cause{Entry: e})
			i = len(out) - 1
		}
		out[i].Delta += e.Delta
		out[i].Entries++
	}
	out = slices.DeleteFunc(out, func(x sim.Cause) bool { return x.Delta == 0 })
	slices.SortStableFunc(out, func(a, b sim.Cause) int { return cmp.Compare(b.Delta.Abs(), a.Delta.Abs()) })
	return out
}

// restGroup is one line for causes not named: its kind of cause and, for
// a side's allocations, the side.
type restGroup struct {
	what   int // restMoves, restEvents, restSide, restHidden, restOther
	side   int
	causes []sim.Cause
	total  sim.Fix
}

const (
	restMoves = iota
	restEvents
	restSide
	restHidden
	restOther
	restAll // the rest of every kind, in one line
)

// restOf says which line of the rest x goes in when the rest is grouped.
func restOf(c *sim.Compiled, x sim.Cause) (what, side int) {
	switch x.Kind {
	case sim.CauseAction:
		return restMoves, -1
	case sim.CauseInject, sim.CauseChoice:
		return restEvents, -1
	case sim.CauseHidden:
		return restHidden, -1
	case sim.CauseLever, sim.CauseDelayed, sim.CauseAlignment, sim.CauseCommitment:
		if x.Side >= 0 && x.Side < len(c.Sides) {
			return restSide, x.Side
		}
	}
	return restOther, -1
}

// explain returns the causes of metric m's change in ledger: its n
// largest, named (a rounding remainder is never one of them), then the
// rest. grouped, the rest goes in a line for each kind (the adversary's
// moves, events and the answers to them, each side's allocations, the
// engine's causes); else in one line, named by its kind if all of it is
// of one ("2 other adversary moves"). A line of one cause names it. The
// lines' values sum exactly to the sum of ledger's entries of m.
func explain(c *sim.Compiled, ledger []sim.Entry, m, n int, grouped bool) []Cause {
	all := groupCauses(ledger, m)
	var out []Cause
	var rest []sim.Cause
	for _, x := range all {
		if len(out) < n && x.Kind != sim.CauseRounding {
			out = append(out, Cause{Name: causeName(c, x), Delta: c.FormatChange(m, x.Delta), Entries: x.Entries, value: x.Delta})
			continue
		}
		rest = append(rest, x)
	}
	var groups []restGroup
	for _, x := range rest {
		what, side := restOf(c, x)
		i := slices.IndexFunc(groups, func(g restGroup) bool { return g.what == what && g.side == side })
		if i < 0 {
			groups = append(groups, restGroup{what: what, side: side})
			i = len(groups) - 1
		}
		groups[i].causes = append(groups[i].causes, x)
		groups[i].total += x.Delta
	}
	if !grouped && len(groups) > 1 { // one line, named by its kind if it has one
		all := restGroup{what: restAll, side: -1}
		for _, g := range groups {
			all.causes = append(all.causes, g.causes...)
			all.total += g.total
		}
		groups = []restGroup{all}
	}
	// Every cause is in some line; a line whose causes cancel out adds
	// nothing and is left out.
	groups = slices.DeleteFunc(groups, func(g restGroup) bool { return g.total == 0 })
	slices.SortStableFunc(groups, func(a, b restGroup) int { return cmp.Compare(b.total.Abs(), a.total.Abs()) })
	for _, g := range groups {
		x := Cause{Delta: c.FormatChange(m, g.total), value: g.total, Rest: len(g.causes) > 1}
		for _, y := range g.causes {
			x.Entries += y.Entries
		}
		k := len(g.causes)
		switch {
		case k == 1:
			x.Name = causeName(c, g.causes[0])
		case g.what == restMoves:
			x.Name = fmt.Sprintf("%d other adversary moves", k)
		case g.what == restEvents:
			x.Name = fmt.Sprintf("%d other events and answers to them", k)
		case g.what == restSide:
			x.Name = fmt.Sprintf("%d other allocations %s", k, sim.Parenthetical(c.Sides[g.side].Name))
		case g.what == restOther: // the engine's own: one cause of each kind
			var names []string
			for _, y := range g.causes {
				names = append(names, causeName(c, y))
			}
			x.Name = strings.Join(names, ", ")
		default:
			x.Name = fmt.Sprintf("%d other causes", k)
		}
		out = append(out, x)
	}
	return out
}

// byKind sums ledger's entries of metric m by kind of cause, largest
// first: the adversary's moves, events and the answers to them, each
// side's allocations (and what they brought about), others' undisclosed
// allocations, drift, and the rest: "adversary moves +62.00; drift toward
// baseline −44.29; …". The parts add up to the change; "" if it has
// fewer than two, or if each is one cause (the list of causes says it).
func byKind(c *sim.Compiled, ledger []sim.Entry, m int) string {
	type part struct {
		name  string
		total sim.Fix
		of    []string // the engine's own causes: their names
		n     int      // causes
	}
	var parts []part
	for _, x := range groupCauses(ledger, m) {
		what, side := restOf(c, x)
		var name string
		switch {
		case what == restMoves:
			name = "adversary moves"
		case what == restEvents:
			name = "events and answers to them"
		case what == restSide:
			name = "allocations " + sim.Parenthetical(c.Sides[side].Name)
		case x.Kind == sim.CauseDecay, x.Kind == sim.CauseHidden:
			name = causeName(c, x)
		}
		i := slices.IndexFunc(parts, func(p part) bool { return p.name == name })
		if i < 0 {
			parts = append(parts, part{name: name})
			i = len(parts) - 1
		}
		parts[i].total += x.Delta
		parts[i].n++
		if name == "" { // clamps, rounding, overrides: named together
			parts[i].of = append(parts[i].of, causeName(c, x))
		}
	}
	parts = slices.DeleteFunc(parts, func(p part) bool { return p.total == 0 })
	if len(parts) < 2 || !slices.ContainsFunc(parts, func(p part) bool { return p.n > 1 }) {
		return ""
	}
	slices.SortStableFunc(parts, func(a, b part) int { return cmp.Compare(b.total.Abs(), a.total.Abs()) })
	var out []string
	for _, p := range parts {
		if p.name == "" {
			p.name = strings.Join(p.of, ", ")
		}
		out = append(out, p.name+" "+c.FormatChange(m, p.total))
	}
	return strings.Join(out, "; ")
}

// scored says which of c's metrics are scored: deterrence and the graded
// ones, as sim's assessment scores them.
func scored(c *sim.Compiled) []bool {
	s := make([]bool, len(c.Metrics))
	s[sim.MDeterrence] = true
	for _, g := range c.Grades {
		s[g.Metric] = true
	}
	return s
}

// notable returns metric m's change from before to after as a share of
// its range, and whether it is large enough to explain turn by turn.
func notable(c *sim.Compiled, m int, before, after sim.Fix) (sim.Fix, bool) {
	share := (after - before).Abs()
	if span := c.Metrics[m].Max - c.Metrics[m].Min; span > 0 {
		share = share.Div(span)
	}
	return share, after != before && share >= minTurningShare
}

// turnWhy explains, for a turn from before to after with ledger (the
// turn's entries, as the report's side may know them), each scored metric
// that moved notably: its TurnCausesN largest causes and the rest.
func turnWhy(c *sim.Compiled, before, after []sim.Fix, ledger []sim.Entry) []MetricCauses {
	var out []MetricCauses
	sc := scored(c)
	for m := range c.Metrics {
		if _, ok := notable(c, m, before[m], after[m]); !sc[m] || !ok {
			continue
		}
		out = append(out, MetricCauses{
			Metric: c.Metrics[m].Name,
			Change: c.FormatMetric(m, before[m]) + " → " + c.FormatMetric(m, after[m]),
			Net:    c.FormatChange(m, after[m]-before[m]),
			Causes: explain(c, ledger, m, TurnCausesN, false),
			metric: m,
			net:    after[m] - before[m],
		})
	}
	return out
}

// CauseList is mc's causes in a line: "A +4.00; B +3.00; 5 other causes
// +2.22".
func (mc MetricCauses) CauseList() string {
	s := ""
	for i, x := range mc.Causes {
		if i > 0 {
			s += "; "
		}
		s += x.Name + " " + x.Delta
	}
	return s
}

// TurnLine is a turn's mc in a line: "Escalation +11.22 (25.00 → 36.22):
// The PLA exercise begins +4.00; …; 5 other causes +2.22".
func (mc MetricCauses) TurnLine() string {
	return mc.Metric + " " + mc.Net + " (" + mc.Change + "): " + mc.CauseList()
}

// WhyHead heads each turn's explanation of its scored metrics, and
// WhyNone says that none moved notably.
const WhyHead = "Why the scored metrics moved"

var WhyNone = fmt.Sprintf("none moved by %d%% of its range or more", minTurningPercent)

// minTurningPercent is minTurningShare in per cent.
const minTurningPercent = int(minTurningShare * 100 / sim.One)

// CausesNote introduces the causes of each metric's change over the game.
var CausesNote = fmt.Sprintf("Each metric's change over the game, from the provenance ledger: its %d largest causes, each summed over the game (an allocation with its effects that matured later), then the rest, grouped: the other adversary moves, the other events and answers to them, each side's other allocations, and the engine's own causes. The lines add up to the change (each rounded as shown). First, the change by kind of cause: what the adversary's moves, the events, each side's allocations and the drift toward the baseline each did in all.", TopN)

// AccountNote introduces the turn-by-turn account.
func (r *Report) AccountNote() string {
	turn := strings.ToLower(r.TurnLabel)
	return fmt.Sprintf("Each %s below: who played a side otherwise than set up (the computer, given a side by the White cell; a Red team's side its doctrine played), the signals, the adversary moves (and a Red team's moves its briefing called off), the events and the answers to them, why the AI allocated as it did for a side it played, and why each scored metric (deterrence and the graded ones) that moved by %d%% of its range or more moved: its %d largest causes that %s, then the rest in one line, adding up to the change.", turn, minTurningPercent, TurnCausesN, turn)
}
