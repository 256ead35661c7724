package tui

import (
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
)

// allocationLines says what each allied side put where in a turn, as this
// screen may see it: a seat does not see another side's points on a lever
// that is not visible (it is told some were left undisclosed, not how
// many). A side is one line; a side the AI played gives a line a lever,
// with what weighed most in the AI's choice (sim.Compiled.Why), where the
// turn kept its reasons. The ledger below names the levers that moved each
// number; this says what each ally chose and why, so a solo player sees
// what the partner did.
func (m Model) allocationLines(r *TurnRecord) []string {
	c := m.sess.C
	viewer, fogged := m.fogSide()
	nl := len(c.Levers)
	var out []string
	for _, a := range c.Alliance() {
		if len(r.Points) < (a+1)*nl {
			break
		}
		// Who played the side that turn (a side the White cell gave to
		// the computer, or back, was named as it is played now).
		name := c.Sides[a].Name
		if a < len(r.Played) && r.Played[a] != "" {
			name += " (AI: " + sim.Sanitize(r.Played[a], false) + ")"
		}
		var why map[int]string // lever → the AI's reason
		if a < len(r.Reasons) && len(r.Reasons[a]) > 0 {
			why = map[int]string{}
			for _, pr := range r.Reasons[a] {
				why[pr.Lever] = c.Why(pr)
			}
		}
		var parts []string
		hidden := false
		for l := range c.Levers {
			n := r.Points[a*nl+l]
			if n == 0 {
				continue
			}
			if fogged && !c.SeesPoints(viewer, a, l) {
				hidden = true
				continue
			}
			part := fmt.Sprintf("%s %d", c.Levers[l].Name, n)
			if w := why[l]; w != "" {
				part += " — " + w
			}
			parts = append(parts, part)
		}
		if a < len(r.Declines) {
			for _, d := range r.Declines[a] {
				if fogged && !c.SeesPoints(viewer, d.Lead, d.Lever) {
					continue
				}
				// The lead held it alone last turn: this turn it may
				// not have ("left Maritime presence to you alone"
				// read wrong where the player had no points there).
				parts = append(parts, fmt.Sprintf("did not join %s on %s, where %s had points last %s — %s", m.sideCalled(d.Lead), c.Levers[d.Lever].Name,
					m.sideCalled(d.Lead), strings.ToLower(c.TurnLabel), c.WhyNot(d)))
			}
		}
		// Lookahead's choice: which doctrine it chose, and how the futures
		// it imagined went (not the adversary's to read), its private
		// objective's figures to its own side alone.
		if a < len(r.Chose) && r.Chose[a] != nil && !(fogged && viewer >= 0 && c.Sides[viewer].Adversary) {
			if why == nil {
				why = map[int]string{} // the lines below, as a reasoned side's
			}
			who := m.side // solo: the player's side
			if fogged {
				who = viewer
			}
			if who < 0 { // a screen every team sees: no side's private figures
				who = len(c.Sides)
			}
			parts = append(parts, "why: "+c.WhyLookahead(*r.Chose[a], who))
		}
		if why != nil {
			parts = append(parts, m.unseenLeads(r, a)...)
			if l := m.aiShortfall(r, a); l != "" {
				parts = append(parts, l)
			}
		}
		switch {
		case hidden && len(parts) == 0:
			parts = append(parts, "undisclosed allocations only")
		case hidden:
			parts = append(parts, "and undisclosed allocations")
		case len(parts) == 0:
			parts = append(parts, "nothing")
		}
		if why != nil && len(parts) > 0 {
			out = append(out, name+":")
			for _, p := range parts {
				out = append(out, "  "+p)
			}
			continue
		}
		out = append(out, name+": "+strings.Join(parts, ", "))
	}
	return out
}

// sideCalled names side a to the player at the screen: "you" for their
// own side in a solo game, its name otherwise.
func (m Model) sideCalled(a int) string {
	if a == m.side && !m.hotseat() && m.seat == nil {
		return "you"
	}
	return m.sess.C.Sides[a].Name
}

// unseenLeads says, of AI ally a, which joint levers a player held alone
// this turn that a had no chance to join: an AI ally plans before the
// players commit, from what they put where the turn before (a declined
// lead has its own line, with why), and sees no one's points on a lever
// that is not visible (sim.Compiled.SeesPoints, as the planner asks it). A player's first-turn exercise read
// "alone ×0.6" in the results with no word on why the ally stayed away.
func (m Model) unseenLeads(r *TurnRecord, a int) []string {
	c := m.sess.C
	viewer, fogged := m.fogSide()
	nl := len(c.Levers)
	var prev []int // the points of the turn before, where there was one
	if i := slices.IndexFunc(m.sess.Results, func(x TurnRecord) bool { return x.Turn == r.Turn-1 }); i >= 0 {
		prev = m.sess.Results[i].Points
	}
	levers := map[int][]string{} // the player's levers it did not join
	unseen := map[int][]string{} // …of them, those it cannot see the player's points on
	for l := range c.Levers {
		if !c.Levers[l].IsJoint || r.Points[a*nl+l] != 0 || !c.MayUse(a, l) {
			continue
		}
		lead := -1
		for _, h := range c.Alliance() {
			if r.Points[h*nl+l] == 0 {
				continue
			}
			if lead >= 0 || !m.sess.Human[h] {
				lead = -2 // held with another ally, or by an AI: not alone with a player
				break
			}
			lead = h
		}
		if lead < 0 || fogged && !c.SeesPoints(viewer, lead, l) {
			continue
		}
		if !c.SeesPoints(a, lead, l) { // the engine's rule: an AI ally follows only the points it sees
			unseen[lead] = append(unseen[lead], c.Levers[l].Name)
			continue
		}
		if len(prev) >= (lead+1)*nl && prev[lead*nl+l] > 0 {
			continue // a lead held the turn before is a decline, said with why
		}
		levers[lead] = append(levers[lead], c.Levers[l].Name)
	}
	var out []string
	for _, h := range c.Alliance() { // one line a player, its levers together
		if len(levers[h]) == 0 {
			continue
		}
		who, whom := m.sideCalled(h), m.sideCalled(h)
		if who != "you" {
			whom = "it"
		}
		out = append(out, fmt.Sprintf("did not join %s on %s: it chose before %s committed (it joins a joint lever %s held the %s before, when a point there is worth it)", who, orList(levers[h]), who, whom, strings.ToLower(c.TurnLabel)))
	}
	for _, h := range c.Alliance() {
		if len(unseen[h]) == 0 {
			continue
		}
		who, whose := m.sideCalled(h), "its"
		if who == "you" {
			whose = "your"
		}
		out = append(out, fmt.Sprintf("did not join %s on %s: %s points there are not visible, and it follows only the points it sees", who, orList(unseen[h]), whose))
	}
	return out
}

// orList joins names as "A", "A or B", "A, B or C".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// aiShortfall says what AI ally a's shortfall from the minimum visible
// commitment cost this turn, where it fell short: the results charged
// "visible commitment shortfall (United States)" to resolve and cohesion
// with no word among the ally's reasons on why it let that happen. Its
// planner values a visible point more while the minimum is unmet, and
// still found its other levers worth more.
func (m Model) aiShortfall(r *TurnRecord, a int) string {
	c := m.sess.C
	cost := map[int]sim.Fix{}
	var order []int
	for _, e := range r.Ledger {
		if e.Kind != sim.CauseCommitment || e.Side != a || c.Metrics[e.Metric].Derived {
			continue
		}
		if _, ok := cost[e.Metric]; !ok {
			order = append(order, e.Metric)
		}
		cost[e.Metric] += e.Delta
	}
	if len(order) == 0 {
		return ""
	}
	var parts []string
	for _, mi := range order {
		parts = append(parts, c.Metrics[mi].Name+" "+c.FormatChange(mi, cost[mi]))
	}
	return "fell short of the visible minimum, at a cost of " + strings.Join(parts, ", ") + ": a visible point is worth more to it while the minimum is unmet, and it still valued its other points more"
}
