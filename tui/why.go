package tui

import (
	"fmt"
	"strings"

	"lattice/sim"
)

// The "why?" panel: on the turn screen, tab to the metrics and ↑/↓ picks a
// metric; the panel under the metrics (the third column from 150 columns)
// then says what the metric is and why it moved: since the end of the last
// turn (drift and this turn's events, the "change" column) and over the
// last turn (as its results said).

// openingEntries returns the ledger entries the turn's briefing recorded so
// far (drift, events, White-cell acts), read from a clone of the game
// stepped with the drafts: the briefing's own entries are not exported. The
// kinds kept are the ones only a briefing records.
func (m Model) openingEntries() []sim.Entry {
	g := m.sess.Game
	if !g.Briefed() {
		return nil
	}
	r, err := g.Clone().Step(m.sess.Orders)
	if err != nil {
		return nil
	}
	var out []sim.Entry
	for _, e := range r.Ledger {
		switch e.Kind {
		case sim.CauseDecay, sim.CauseInject, sim.CauseOverride:
			if e.Via < 0 { // deterrence's share is computed over the whole turn
				out = append(out, e)
			}
		}
	}
	return out
}

// whyPanel is the "why?" text of the selected metric, w columns wide.
func (m Model) whyPanel(w int) string {
	s := m.styles
	c := m.sess.C
	mi := min(m.metricSel, len(c.Metrics)-1)
	mt := &c.Metrics[mi]
	hist := m.sess.History
	val := m.sess.Game.Metric(mi)
	var b strings.Builder
	b.WriteString(s.Header.Render("Why? "+mt.Name) + "\n")

	// Since the end of the last turn.
	prev := hist[len(hist)-1][mi]
	since := fmt.Sprintf("So far this %s: ", strings.ToLower(c.TurnLabel))
	switch {
	case val == prev:
		b.WriteString(indentWrap(since+"no change", w, "  ") + "\n")
	case mt.Derived:
		// Deterrence moves with its factors: name what moved them.
		var parts []string
		op := m.openingEntries()
		for f := range c.Metrics {
			if !c.Metrics[f].Component {
				continue
			}
			for _, x := range c.TopCauses(op, f, 2) {
				e := x.Entry
				e.Delta = x.Delta
				parts = append(parts, c.Metrics[f].Name+": "+c.DescribeEntry(e))
			}
		}
		line := since + signedMetric(c, mi, val-prev) + " through its factors"
		if len(parts) > 0 {
			line += " — " + strings.Join(parts, ", ")
		}
		b.WriteString(indentWrap(line, w, "  ") + "\n")
	default:
		res := sim.Result{Before: hist[len(hist)-1], After: m.sess.Game.Metrics(), Ledger: m.openingEntries()}
		b.WriteString(indentWrap(since+explainCauses(c, &res, mi), w, "  ") + "\n")
	}

	// Over the last turn, as its results said.
	if n := len(m.sess.Results); n > 0 {
		r := &m.sess.Results[n-1]
		res := sim.Result{Before: r.Before, After: r.After, Ledger: r.Ledger}
		b.WriteString(indentWrap(fmt.Sprintf("%s %d: ", c.TurnLabel, r.Turn)+c.Explain(&res, mi, 4), w, "  ") + "\n")
	}
	for _, gi := range c.Grades { // the "gr" column, in words
		if gi.Metric != mi {
			continue
		}
		cmp := "≥"
		if mt.GoodLow {
			cmp = "≤"
		}
		var th []string
		for i, t := range gi.Thresholds {
			th = append(th, fmt.Sprintf("%c %s %s", 'A'+i, cmp, c.FormatMetric(mi, t)))
		}
		b.WriteString(indentWrap(fmt.Sprintf("Grade %s (gr column): %s", gi.Grade(val, mt.GoodLow), strings.Join(th, ", ")), w, "  ") + "\n")
	}
	if mt.Description != "" {
		b.WriteString(s.Dim.Render(indentWrap(oneLine(mt.Description), w, "")) + "\n")
	}
	b.WriteString(s.Dim.Render(indentWrap("Each turn's results explain every number; c charts a metric's history.", w, "")) + "\n")
	return b.String()
}

// explainCauses is Explain without the metric's name: "27.30 → 28.14:
// causes".
func explainCauses(c *sim.Compiled, r *sim.Result, mi int) string {
	return strings.TrimPrefix(c.Explain(r, mi, 3), c.Metrics[mi].Name+" ")
}

func signedMetric(c *sim.Compiled, mi int, d sim.Fix) string {
	if d < 0 {
		return "▼" + c.FormatMetric(mi, -d)
	}
	return "▲" + c.FormatMetric(mi, d)
}
