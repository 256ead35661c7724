package tui

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"lattice/sim"
)

// The "why?" panel: on the turn screen, tab to the metrics and ↑/↓ picks a
// metric; the panel under the metrics (the third column from 150 columns)
// then says what the metric is and why it moved: since the end of the last
// turn (drift and this turn's events, the "change" column) and over the
// last turn (as its results said).

// openingEntries returns the ledger entries the turn's briefing recorded
// so far (drift, events, White-cell acts), as the engine keeps them
// (Game.BriefingLedger: they do not depend on the drafts). The kinds kept
// are the ones only a briefing records. (It stepped a clone of the game at
// every redraw to find them: a full adjudication per seat per redraw on
// the server.)
func (m Model) openingEntries() []sim.Entry {
	var out []sim.Entry
	for _, e := range m.sess.Game.BriefingLedger() {
		switch e.Kind {
		case sim.CauseDecay, sim.CauseInject, sim.CauseOverride:
			if e.Via < 0 { // deterrence's share is computed over the whole turn
				out = append(out, e)
			}
		}
	}
	return out
}

// fogSide returns the side through whose fog of war this screen shows the
// game, and whether it has one: a seat shows its side's (an observer's
// projector, the public's: side −1). At a hotseat a team's own turn, behind
// the hand-over screen, shows its side's, and the screens the room reads
// together (results, end) the public's: they named one ally's points on a
// hidden lever to the others, whom the ? screen tells "allies do not see
// your points". A solo game, and the White cell's console, show the whole
// game.
func (m Model) fogSide() (side int, fogged bool) {
	switch {
	case m.whiteView: // the White cell's console sees the whole game
		return 0, false
	case m.seat != nil:
		return max(m.side, -1), true
	case m.sess == nil || !m.hotseat():
		return 0, false
	case m.screen == scrTurn || m.screen == scrAdversary:
		return m.side, true
	}
	return -1, true
}

// ledgerSeen returns a turn's ledger as this screen may show it: another
// side's points on a lever that is not visible lose their cause
// (sim.Compiled.Fogged decides which).
func (m Model) ledgerSeen(ledger []sim.Entry) []sim.Entry {
	side, fogged := m.fogSide()
	if !fogged {
		return ledger
	}
	return m.sess.C.FogLedger(nil, side, ledger)
}

// causeShown reports whether this screen may name the cause of entry e.
func (m Model) causeShown(e sim.Entry) bool {
	side, fogged := m.fogSide()
	if !fogged {
		return true
	}
	_, ok := m.sess.C.Fogged(side, e)
	return ok
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
	better := "higher is better"
	if mt.GoodLow {
		better = "lower is better"
	}
	b.WriteString(indentWrap(s.Header.Render("Why? "+mt.Name)+s.Dim.Render(" ("+better+"; ! marks a change for the worse)"), w, "  ") + "\n")

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
			for _, x := range c.TopCauses(op, f, 0) {
				e := x.Entry
				e.Delta = x.Delta
				parts = append(parts, c.Metrics[f].Name+": "+c.DescribeEntry(e))
			}
		}
		line := since + arrowChange(c, mi, val-prev) + " through its factors"
		if len(parts) > 0 {
			line += " — " + strings.Join(parts, ", ")
		}
		b.WriteString(indentWrap(line, w, "  ") + "\n")
	default:
		res := sim.Result{Before: hist[len(hist)-1], After: m.sess.Game.Metrics(), Ledger: m.openingEntries()}
		b.WriteString(indentWrap(since+explainCauses(c, &res, mi), w, "  ") + "\n")
	}

	// Over the last turn, every cause named: the results name the four
	// largest and count the rest ("2 others +2.91"), and this panel, which
	// scrolls, is where a player asks what those were.
	if n := len(m.sess.Results); n > 0 {
		r := &m.sess.Results[n-1]
		res := sim.Result{Before: r.Before, After: r.After, Ledger: m.ledgerSeen(r.Ledger)}
		b.WriteString(indentWrap(fmt.Sprintf("%s %d: ", c.TurnLabel, r.Turn)+c.Explain(&res, mi, 0), w, "  ") + "\n")
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
	if l := driftLine(c, mi); l != "" {
		b.WriteString(indentWrap(l, w, "  ") + "\n")
	}
	for _, l := range m.endLines(mi) {
		b.WriteString(indentWrap(l, w, "  ") + "\n")
	}
	if l := m.leverLine(mi); l != "" {
		b.WriteString(indentWrap(l, w, "  ") + "\n")
	}
	if l := m.defenceLine(mi); l != "" {
		b.WriteString(indentWrap(l, w, "  ") + "\n")
	}
	if l := m.pendingLine(mi); l != "" {
		b.WriteString(indentWrap(l, w, "  ") + "\n")
	}
	for _, l := range m.ruleLines(mi) {
		b.WriteString(indentWrap(l, w, "  ") + "\n")
	}
	if mt.Description != "" {
		b.WriteString(s.Dim.Render(indentWrap(oneLine(mt.Description), w, "")) + "\n")
	}
	b.WriteString(s.Dim.Render(indentWrap("Each turn's results explain every number; c charts a metric's history.", w, "")) + "\n")
	return b.String()
}

// driftLine says how metric mi drifts between turns: "Drift: as each month
// begins, before its events, 15% of the way toward its baseline 45.00". A
// standing rule is checked after it, so a value that meets the rule at a
// turn's end may not when it is checked; the panel said only "drift
// toward baseline −2.97", the baseline nowhere.
func driftLine(c *sim.Compiled, mi int) string {
	mt := &c.Metrics[mi]
	if mt.Derived || mt.Decay == 0 {
		return ""
	}
	return fmt.Sprintf("Drift: as each %s begins, before its events, %s%% of the way toward its baseline %s.",
		strings.ToLower(c.TurnLabel), (mt.Decay * 100).Format(0), c.FormatMetric(mi, mt.Baseline))
}

// ruleLines names the scenario's standing rules that move metric mi: the
// events that repeat while their condition holds ("Solidarity dividend
// +3.00 each month while Cohesion >= 64 and US confidence in Seoul >= 62:
// not now"), with their chance where they are drawn for, and whether the
// condition holds now. thaad-pressure's two such loops decided its games
// and showed nowhere but in the results once they fired.
func (m Model) ruleLines(mi int) []string {
	c := m.sess.C
	var out []string
	for _, i := range standingRules(c, mi) {
		in := &c.Injects[i]
		line := "• " + ruleText(c, i, mi)
		if !in.When.Empty() {
			now := "not now"
			if m.sess.Game.Holds(&in.When) {
				now = "holds now"
			}
			line += " (" + now + ")"
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil
	}
	return append([]string{fmt.Sprintf("Standing rules that move it, checked as each %s begins, after the drift:", strings.ToLower(c.TurnLabel))}, out...)
}

// standingRules lists the injects that are standing rules moving metric
// mi: they repeat, are not scheduled, and have an effect on it.
func standingRules(c *sim.Compiled, mi int) []int {
	var out []int
	for i := range c.Injects {
		in := &c.Injects[i]
		if !in.Repeat || in.Turn > 0 {
			continue
		}
		if _, moves := ruleEffect(c, i, mi); moves {
			out = append(out, i)
		}
	}
	return out
}

// ruleEffect is what inject i does to metric mi each time it fires, and
// whether it moves it at all.
func ruleEffect(c *sim.Compiled, i, mi int) (d sim.Fix, moves bool) {
	for _, e := range c.Injects[i].Effects {
		if e.Metric == mi {
			d, moves = d+e.Delta, true
		}
	}
	return d, moves
}

// ruleText is standing rule i in words, as it moves metric mi: "The
// alliance looks solid +3.00 while Cohesion ≥ 64 and US confidence in
// Seoul ≥ 62", "North Korean missile test +3.00, a 15% chance while month
// ≥ 2".
func ruleText(c *sim.Compiled, i, mi int) string {
	in := &c.Injects[i]
	d, _ := ruleEffect(c, i, mi)
	line := in.Title + " " + c.FormatChange(mi, d)
	if in.Random {
		line += fmt.Sprintf(", a %s chance", chancePercent(in.Chance))
	}
	if !in.When.Empty() {
		line += " while " + c.Readable(&in.When)
	}
	return line
}

// chancePercent writes a chance as a percentage: "15%", "12.5%".
func chancePercent(p sim.Fix) string {
	return strconv.FormatFloat(math.Round(p.Float()*1000)/10, 'f', -1, 64) + "%"
}

// explainCauses is Explain without the metric's name, every cause named:
// "27.30 → 28.14: causes".
func explainCauses(c *sim.Compiled, r *sim.Result, mi int) string {
	return strings.TrimPrefix(c.Explain(r, mi, 0), c.Metrics[mi].Name+" ")
}

// arrowChange is a change of metric mi as "▲0.84" or "▼0.004": the
// engine's FormatChange (a tiny change is not "0.00") with an arrow for
// its sign.
func arrowChange(c *sim.Compiled, mi int, d sim.Fix) string {
	mag := strings.TrimLeft(c.FormatChange(mi, d), "+−")
	if d < 0 {
		return "▼" + mag
	}
	return "▲" + mag
}

// endCondition is an end condition in words (sim's Readable: names, not
// ids), with "final and X" read "X at the end".
func endCondition(c *sim.Compiled, e *sim.EndInfo) string {
	src := c.Readable(&e.When)
	if rest, ok := strings.CutPrefix(src, "final and "); ok && !strings.Contains(rest, " or ") {
		return rest + " at the end"
	}
	src = strings.ReplaceAll(src, "final and ", "at the end: ")
	return strings.ReplaceAll(src, "final", "at the end")
}

// decisive says which comparisons of end e's condition made it hold as
// things stand: those that hold and without which it would not ("Adversary
// gains 33.95 ≥ 30" of "gains ≥ 45 or trade < 30 or (at the end: gains ≥
// 30)"), by the strictest comparison of its metric that way that holds
// ("gains 50 ≥ 45", not "≥ 30"). "" for a condition of one comparison, which
// says as much itself, one that does not hold, or where no comparison is
// decisive alone (two branches of an or both held).
func decisive(c *sim.Compiled, g *sim.Game, e int) string {
	ks := c.EndComparisons(e)
	if len(ks) < 2 || !g.Holds(&c.Ends[e].When) {
		return ""
	}
	same := func(a, b sim.Comparison) bool { return a.Metric == b.Metric && a.Low() == b.Low() }
	var keep []sim.Comparison
	for _, k := range ks {
		off := k.Edge() - 1 // the nearest value at which k fails
		if k.Low() {
			off = k.Edge() + 1
		}
		if !k.Holds(g.Metric(k.Metric)) || g.HoldsWith(&c.Ends[e].When, k.Metric, off) ||
			slices.ContainsFunc(keep, func(x sim.Comparison) bool { return same(x, k) }) {
			continue
		}
		// Said by the strictest comparison of its metric and direction that
		// holds: gains 47.98 at the end made "gains ≥ 30 at the end" decisive
		// (gains ≥ 45 alone was not: the other held too), and "≥ 45" says
		// more.
		for _, x := range ks {
			if same(x, k) && x.Holds(g.Metric(x.Metric)) && (x.Low() && x.Threshold < k.Threshold || !x.Low() && x.Threshold > k.Threshold) {
				k = x
			}
		}
		keep = append(keep, k)
	}
	var parts []string
	for _, k := range keep {
		op := strings.NewReplacer(">=", "≥", "<=", "≤").Replace(k.Op)
		parts = append(parts, fmt.Sprintf("%s %s %s %s", c.Metrics[k.Metric].Name, c.FormatMetric(k.Metric, g.Metric(k.Metric)), op, k.Threshold.String()))
	}
	return strings.Join(parts, " and ")
}

// endsOn lists the end conditions whose expression reads metric mi.
func endsOn(c *sim.Compiled, mi int) []int {
	var out []int
	for i := range c.Ends {
		if slices.Contains(c.Ends[i].When.Refs(), mi) {
			out = append(out, i)
		}
	}
	return out
}

// endLines says which end conditions read metric mi ("Ends the game:
// Coerced if gains > 20 at the end"), and flags a losing one the metrics
// meet: now (it would end the game this turn), or at the end if they
// stayed as they are.
func (m Model) endLines(mi int) []string {
	c := m.sess.C
	ends := endsOn(c, mi)
	if len(ends) == 0 {
		return nil
	}
	g := m.sess.Game
	var conds, would, later []string
	for _, i := range ends {
		e := &c.Ends[i]
		verdict := "loss"
		if e.Success {
			verdict = "success"
		}
		conds = append(conds, fmt.Sprintf("%s (%s) if %s", e.Title, verdict, endCondition(c, e)))
		if e.Success || e.Default {
			continue
		}
		switch t := g.EndsFrom(i); {
		case t == 0:
		case t == g.Turn():
			would = append(would, e.Title)
		default:
			later = append(later, fmt.Sprintf("%s %s", e.Title, strings.ToLower(m.whenEnds(t))))
		}
	}
	out := []string{"Ends the game: " + strings.Join(conds, "; ")}
	if len(would) > 0 {
		out = append(out, m.styles.Bad.Render("⚠ would end: "+strings.Join(would, ", ")+" (it holds now: this turn, unless it changes)"))
	}
	if len(later) > 0 {
		out = append(out, m.styles.Bad.Render("⚠ would end: "+strings.Join(later, ", ")+", as things stand"))
	}
	return out
}

// leverLine lists the levers of the side at the screen that move metric
// mi, biggest per-point effect first: "Trade-law action −0.8 per point".
func (m Model) leverLine(mi int) string {
	c := m.sess.C
	ls := m.leverEffects(mi, m.side)
	if len(ls) == 0 {
		if c.Metrics[mi].Derived {
			return "Levers move it through its factors (↓ to them)."
		}
		return ""
	}
	var parts []string
	for _, x := range ls {
		parts = append(parts, x.name+" "+c.FormatChange(mi, x.d))
	}
	return "Levers that move it (per point): " + strings.Join(parts, ", ")
}

// leverEffect is a lever's effect on a metric, per point.
type leverEffect struct {
	name string
	d    sim.Fix
}

// leverEffects lists the levers side may use (any ally's, for side −1)
// that move metric mi, with their effect per point, the largest first:
// the why? panel's lever line and the end screen's next time read it.
func (m Model) leverEffects(mi, side int) []leverEffect {
	c := m.sess.C
	var ls []leverEffect
	for l := range c.Levers {
		li := &c.Levers[l]
		if side >= 0 && !c.MayUse(side, l) || side < 0 && !slices.ContainsFunc(c.Alliance(), func(a int) bool { return c.MayUse(a, l) }) {
			continue
		}
		for _, e := range li.Effects {
			if e.Metric == mi && e.Delta != 0 {
				ls = append(ls, leverEffect{li.Name, e.Delta})
			}
		}
	}
	slices.SortStableFunc(ls, func(a, b leverEffect) int { return cmp.Compare(b.d.Abs(), a.d.Abs()) })
	return ls
}

// defenceLine names the side's levers that defend against the adversary
// moves that move metric mi on success (they lower those moves' odds).
func (m Model) defenceLine(mi int) string {
	names := m.defenders(mi, m.side)
	if len(names) == 0 {
		return ""
	}
	return "Levers that defend best against the moves that move it: " + strings.Join(names, ", ")
}

// defenders names the levers side may use (any, for side −1) that defend
// against the adversary moves that move metric mi on success, the
// strongest first, at most four named and the rest counted ("2 more").
func (m Model) defenders(mi, side int) []string {
	c := m.sess.C
	doms := map[int]bool{}
	for a := range c.Actions {
		for _, e := range c.Actions[a].Success {
			if e.Metric == mi && e.Delta != 0 {
				doms[c.Actions[a].Domain] = true
			}
		}
	}
	type lev struct {
		name string
		d    sim.Fix // its strongest defence per point in those domains
	}
	var ls []lev
	for l := range c.Levers {
		li := &c.Levers[l]
		if side >= 0 && !c.MayUse(side, l) {
			continue
		}
		var best sim.Fix
		for _, e := range li.Defend {
			if doms[e.Metric] {
				best = max(best, e.Delta)
			}
		}
		if best > 0 {
			ls = append(ls, lev{li.Name, best})
		}
	}
	// The strongest first; at most four named.
	slices.SortStableFunc(ls, func(a, b lev) int { return cmp.Compare(b.d, a.d) })
	var names []string
	for _, x := range ls[:min(len(ls), 4)] {
		names = append(names, x.name)
	}
	if len(ls) > 4 {
		names = append(names, fmt.Sprintf("%d more", len(ls)-4))
	}
	return names
}

// pendingLine says what the side's earlier points on delayed levers will
// still do to metric mi, and when, as the engine holds them
// (Game.Pending): "On its way from your earlier points: Strategic
// logistics +4.20 in week 3". Bought help showed nowhere until it landed.
func (m Model) pendingLine(mi int) string {
	c := m.sess.C
	label := strings.ToLower(c.TurnLabel)
	var parts []string
	for _, p := range m.sess.Game.Pending(m.side) {
		if p.Metric == mi {
			parts = append(parts, fmt.Sprintf("%s %s in %s %d", c.Levers[p.Lever].Name, c.FormatChange(mi, p.Delta), label, p.Due))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "⏳ On its way from your earlier points: " + strings.Join(parts, ", ")
}
