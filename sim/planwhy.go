package sim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// PlanReason is why a fixed-weight policy put points on a lever: the terms
// of the value its first point had in the policy's eyes, in the policy's
// own units (what its weights make of each change), so that a player can
// ask why the AI ally did what it did.
type PlanReason struct {
	Lever, Points int
	// Metrics are the lever's effects on metrics, each valued by the
	// policy's weights (per point of worth), the largest first.
	Metrics []MetricValue
	// Defence is the value of the defence it adds in the domains the
	// signalled moves threaten, Domains those domains (in the scenario's
	// order).
	Defence Fix
	Domains []int
	Align   Fix  // serving the other allies' priorities
	Join    Fix  // lifting a player's points on it from the solo to the joint rate (FollowLeads)
	Visible bool // it counted toward the minimum visible commitment, not yet met
	// Lead is, in a PlanDeclines reason, the player who held the lever
	// alone last turn (0 otherwise: read it only there).
	Lead int
}

// MetricValue is a lever's effect on a metric, per point (Delta), and
// what the policy's weights make of it (Value): of no more than the room
// the metric has in Delta's direction, so 0 for an effect on a metric at
// that bound, which the clamp would take back.
type MetricValue struct {
	Metric       int
	Delta, Value Fix
}

// PlanReasons returns why policy p, planning for side now, puts points
// where it does: one PlanReason per lever it buys, in lever order. The
// plan is made on a clone, whose dice are the game's, so it is the plan p
// makes when it plays this turn; the game is not changed. Nil for a
// policy that is not of fixed weights (lookahead weighs whole candidate
// plans by simulation, not levers by value) and for a side it does not
// plan.
func (g *Game) PlanReasons(p Policy, side int) []PlanReason {
	reasons, _ := g.PlanWhy(p, side)
	return reasons
}

// PlanDeclines returns why policy p, planning for side now, leaves alone
// the joint levers a player (FollowLeads) held alone last turn: one
// PlanReason, with no points, per such lever it buys nothing of, in lever
// order, its terms as PlanReasons gives them (Join among them: what its
// point would have added to the player's). Compiled.WhyNot says it in
// words. Nil where PlanReasons is, and where no player leads.
func (g *Game) PlanDeclines(p Policy, side int) []PlanReason {
	_, declines := g.PlanWhy(p, side)
	return declines
}

// PlanWhy returns both PlanReasons and PlanDeclines from one plan.
func (g *Game) PlanWhy(p Policy, side int) (reasons, declines []PlanReason) {
	return g.planWhy(p, side, g.Clone())
}

// PlanWhyApart is PlanWhy for a side planned by PlanApart: the reasons of
// the plan PlanApart makes.
func (g *Game) PlanWhyApart(p Policy, side int) (reasons, declines []PlanReason) {
	return g.planWhy(p, side, g.apartCopy(side))
}

// planWhy is PlanWhy on n, a copy of g to plan on.
func (g *Game) planWhy(p Policy, side int, n *Game) (reasons, declines []PlanReason) {
	fp, ok := p.(*fixedPolicy)
	if !ok || g.c.Sides[side].Adversary || g.Over() {
		return nil, nil
	}
	c := g.c
	o := c.NewOrders()
	pl := &n.planbuf
	pl.plan(n, side, &fp.fw, o)
	conv := pl.tablesFor(c, side, &fp.fw).conv
	need := pl.view.MinVisible > 0
	for l, pts := range o.Side(side) {
		lead := -1
		if pts == 0 {
			a, _ := n.soleAlly(side, l)
			if !c.Levers[l].IsJoint || a < 0 || n.leads&(1<<a) == 0 || pl.lever[l].lim == 0 {
				continue
			}
			lead = a
		}
		lp, li := &pl.lever[l], &c.Levers[l]
		r := PlanReason{Lever: l, Points: pts, Align: lp.flat, Join: lp.join, Visible: lp.visible && need, Lead: max(lead, 0)}
		// Valued as plan values them: no more than the metric's room, less
		// 15% a turn of delay, and nothing if they land after the last
		// turn (a lever bought late for its defence "raised Economy");
		// each effect on its own, where the plan discounts their sum.
		for _, e := range li.Effects {
			mi := &c.Metrics[e.Metric]
			d := roomDelta(mi, pl.view.Metrics[e.Metric], e.Delta, decayKeep(mi, li.Delay))
			val := delayedWorth(d.Mul(pl.metric[e.Metric]), li.Delay, pl.view.Turns-pl.view.Turn)
			r.Metrics = append(r.Metrics, MetricValue{e.Metric, e.Delta, val})
		}
		if conv[l] != 0 { // convergence moves the priorities, valued as alliance
			r.Align += conv[l]
		}
		slices.SortStableFunc(r.Metrics, func(a, b MetricValue) int { return cmp.Compare(b.Value, a.Value) })
		r.Defence = pl.defendValue(lp)
		for _, e := range li.Defend {
			if pl.danger[e.Metric] > 0 {
				r.Domains = append(r.Domains, e.Metric)
			}
		}
		if lead >= 0 {
			declines = append(declines, r)
		} else {
			reasons = append(reasons, r)
		}
	}
	return reasons, declines
}

// Why says in words what weighed most in r, at most two things and the
// visible minimum if it counted, the heaviest first: "raises Peninsula
// defence; defends Air and missile; counts toward the visible minimum",
// "lowers Escalation", "joins a player's points there last turn (joint
// rate if they stay)". Terms that
// counted against the lever are left out.
func (c *Compiled) Why(r PlanReason) string {
	type term struct {
		v    Fix
		text string
	}
	var ts []term
	for _, m := range r.Metrics {
		if m.Value > 0 {
			verb := "raises "
			if m.Delta < 0 {
				verb = "lowers "
			}
			ts = append(ts, term{m.Value, verb + c.Metrics[m.Metric].Name})
		}
	}
	if r.Defence > 0 && len(r.Domains) > 0 {
		names := make([]string, len(r.Domains))
		for i, d := range r.Domains {
			names[i] = c.Domains[d].Name
		}
		ts = append(ts, term{r.Defence, "defends " + strings.Join(names, ", ")}) // "and" may be in a name: "Air and missile"
	}
	if r.Align > 0 {
		ts = append(ts, term{r.Align, "serves the allies' priorities"})
	}
	if r.Join > 0 {
		// The player's points it joins are last turn's: it plans before
		// this turn's are known ("joins a player's points" read as a
		// contradiction when the player had left the lever).
		ts = append(ts, term{r.Join, "joins a player's points there last turn (joint rate if they stay)"})
	}
	slices.SortStableFunc(ts, func(a, b term) int { return cmp.Compare(b.v, a.v) })
	var words []string
	for _, t := range ts[:min(len(ts), 2)] {
		words = append(words, t.text)
	}
	if r.Visible {
		words = append(words, "counts toward the visible minimum")
	}
	return strings.Join(words, "; ")
}

// WhyNot says in words why a policy left a lever alone (a PlanDeclines
// reason): a point there was worth less to it than its others, and what
// counted against it by its weights, at most two terms, the heaviest
// first ("a point there was worth less to it than its others: it raises
// Escalation and lowers ROK domestic support").
func (c *Compiled) WhyNot(r PlanReason) string {
	const why = "a point there was worth less to it than its others"
	var against []MetricValue
	for _, m := range r.Metrics {
		if m.Value < 0 {
			against = append(against, m)
		}
	}
	if len(against) == 0 {
		return why
	}
	slices.SortStableFunc(against, func(a, b MetricValue) int { return cmp.Compare(a.Value, b.Value) })
	var words []string
	for _, m := range against[:min(len(against), 2)] {
		verb := "raises "
		if m.Delta < 0 {
			verb = "lowers "
		}
		words = append(words, verb+c.Metrics[m.Metric].Name)
	}
	return why + ": it " + strings.Join(words, " and ")
}

// LookaheadChoice is why the lookahead policy chose its plan for a side
// this turn: how the futures it imagined went under each doctrine, the
// whole alliance keeping to it (see Lookahead).
type LookaheadChoice struct {
	Side   int
	Chosen int // index into Futures, and into Doctrines: the doctrine whose plan it took
	// Same is set when every doctrine gave the side the same allocation:
	// it took that without imagining futures, and Futures is nil.
	Same    bool
	Futures []DoctrineFutures // per doctrine, in Doctrines' order
	Points  []int             // the allocation it took, per lever
	// Reasons and Declines are the chosen doctrine's, lever by lever, as
	// PlanReasons and PlanDeclines give a fixed-weight policy's: the
	// allocation taken is that doctrine's plan.
	Reasons, Declines []PlanReason
}

// DoctrineFutures is how one doctrine's imagined futures went.
type DoctrineFutures struct {
	Doctrine string
	// Played futures; of them, Won and Lost reached an allied success and
	// a failure (the rest reached the horizon with no end), True a true
	// win (won with every ally's private objective met), and Objective
	// ended with the side's own objective met.
	Played, Won, Lost, True, Objective int
	Score                              Fix // their scores' sum, which the choice compares
}

// AIWhy is why a policy plans a side as it does this turn: its reasons
// and declines lever by lever (PlanWhy), and, for lookahead, the choice
// they come from (Choice, nil for a fixed-weight policy).
type AIWhy struct {
	Reasons, Declines []PlanReason
	Choice            *LookaheadChoice
}

// WhyAI returns why policy p, planning for side now, plans as it will:
// LookaheadWhy's choice and its doctrine's reasons for lookahead,
// PlanWhy's for a fixed-weight policy, nothing for any other. On a clone:
// the game is not changed.
func (g *Game) WhyAI(p Policy, side int) AIWhy { return g.whyAI(p, side, false) }

// WhyAIApart is WhyAI for a side planned by PlanApart.
func (g *Game) WhyAIApart(p Policy, side int) AIWhy { return g.whyAI(p, side, true) }

func (g *Game) whyAI(p Policy, side int, apart bool) AIWhy {
	n := g.Clone()
	if apart {
		n = g.apartCopy(side)
	}
	if ch, ok := g.lookaheadWhy(p, side, n); ok {
		return AIWhy{Reasons: ch.Reasons, Declines: ch.Declines, Choice: &ch}
	}
	var w AIWhy
	w.Reasons, w.Declines = g.planWhy(p, side, n)
	return w
}

// doctrineWhy returns the reasons and declines of doctrine k's plan for
// side, made as lookahead made it, with the side's planning stream at
// stream: on a clone, so that g is not changed.
func (g *Game) doctrineWhy(k, side int, stream rng) (reasons, declines []PlanReason) {
	w := builtinWeights[doctrines[k]]
	w.Name = doctrines[k]
	n := g.Clone()
	n.st.rng[numFixedStreams+side] = stream
	return g.planWhy(newFixedPolicy(w), side, n)
}

// tally counts the future g, played on, for side.
func (f *DoctrineFutures) tally(g *Game, side int) {
	f.Played++
	if e := g.st.end; e >= 0 {
		if g.c.Ends[e].Success {
			f.Won++
			if g.allObjectivesMet() {
				f.True++
			}
		} else {
			f.Lost++
		}
	}
	if met, has := g.ObjectiveMet(side); has && met && g.st.end >= 0 { // as score counts it
		f.Objective++
	}
}

// LookaheadWhy returns why p, a Lookahead, planning for side now, takes
// the plan it does. It chooses on a clone, whose dice are the game's, so
// it is the choice p makes when it plays this turn; the game is not
// changed. False for any other policy, and for a side it does not plan.
func (g *Game) LookaheadWhy(p Policy, side int) (LookaheadChoice, bool) {
	return g.lookaheadWhy(p, side, g.Clone())
}

func (g *Game) lookaheadWhy(p Policy, side int, n *Game) (LookaheadChoice, bool) {
	la, ok := p.(Lookahead)
	if !ok || side < 0 || side >= len(g.c.Sides) || g.c.Sides[side].Adversary || g.Over() {
		return LookaheadChoice{}, false
	}
	var why LookaheadChoice
	la.choose(n, side, g.c.NewOrders(), &why)
	return why, true
}

// WhyLookahead says in words why lookahead chose as ch records, to
// viewer (a side, or −1 for the whole game): "chose deterrence-first,
// every ally playing it from here: 7 of 8 futures won (balanced won 5,
// resilience-first won 3, alliance-first won 6)". Where the allies have
// private objectives it counts the true wins too, and the side's own
// objective met where viewer may know it (the side itself, or −1); the
// futures the horizon left unfinished are counted apart; and where the
// outcomes alone did not rank the doctrine first, it says what did: the
// metrics its futures ended with, or its private objective, which viewer
// may not see.
func (c *Compiled) WhyLookahead(ch LookaheadChoice, viewer int) string {
	if ch.Same {
		return "every doctrine put its points alike, so it played no futures"
	}
	if ch.Chosen < 0 || ch.Chosen >= len(ch.Futures) {
		return ""
	}
	has := ch.Side >= 0 && ch.Side < len(c.Sides) && !c.Sides[ch.Side].ObjectiveWhen.Empty()
	own := has && (viewer < 0 || viewer == ch.Side)
	objectives := has || slices.ContainsFunc(c.alliance, func(a int) bool { return !c.Sides[a].ObjectiveWhen.Empty() })
	// outcome is what score gives a doctrine's futures' ends, without the
	// metrics (and without the side's objective if mine is false).
	outcome := func(f DoctrineFutures, mine bool) int {
		n := 1000*(f.Won-f.Lost) + 300*f.True
		if mine {
			n += 200 * f.Objective
		}
		return n
	}
	f := ch.Futures[ch.Chosen]
	var b strings.Builder
	fmt.Fprintf(&b, "chose %s, every ally playing it from here: %d of %d futures won", f.Doctrine, f.Won, f.Played)
	if objectives {
		fmt.Fprintf(&b, ", %d truly", f.True)
	}
	if open := f.Played - f.Won - f.Lost; open > 0 {
		fmt.Fprintf(&b, ", %d unfinished at the horizon", open)
	}
	if own {
		fmt.Fprintf(&b, ", its own objective met in %d", f.Objective)
	}
	var others, byMetrics []string
	byObjective := false
	for k, o := range ch.Futures {
		if k == ch.Chosen {
			continue
		}
		if outcome(o, has) >= outcome(f, has) {
			byMetrics = append(byMetrics, o.Doctrine)
		} else if outcome(o, own) >= outcome(f, own) {
			byObjective = true
		}
		t := fmt.Sprintf("%s won %d", o.Doctrine, o.Won)
		if objectives {
			t += fmt.Sprintf(", %d truly", o.True)
		}
		if o.Played-o.Won-o.Lost > 0 {
			t += fmt.Sprintf(", %d unfinished", o.Played-o.Won-o.Lost)
		}
		if own {
			t += fmt.Sprintf(", own %d", o.Objective)
		}
		others = append(others, t)
	}
	if len(others) > 0 {
		sep := ", "
		if objectives {
			sep = "; "
		}
		fmt.Fprintf(&b, " (%s)", strings.Join(others, sep))
	}
	switch {
	case len(byMetrics) > 0:
		fmt.Fprintf(&b, "; the metrics its futures ended with put it ahead of %s", andList(byMetrics))
	case byObjective:
		b.WriteString("; its own objective, which is private, weighed too")
	}
	return b.String()
}

// andList joins items as "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
