package sim

import (
	"fmt"
	"math/bits"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Warnings are what a scenario that compiles may still get wrong, without
// stopping play: an end that holds before the first turn is played, a
// side that should bluff with nothing to bluff with, an effect larger than
// its metric's whole range. They come from an author's review: each was
// a scenario that validated and then played nonsense. `lattice validate`
// prints them (and fails on them with --strict).

// lint fills c.Warnings. The scenario has compiled without error.
func (cp *compiler) lint() {
	c, s := cp.c, cp.s
	warn := func(path, pos, format string, args ...any) {
		p := s.pos.lookup(pos)
		c.Warnings = append(c.Warnings, &Error{File: s.file, Line: p.Line, Col: p.Col, Path: path, Msg: fmt.Sprintf(format, args...)})
	}
	// An end that already holds at the start ends the game after turn 1,
	// unless turn 1 moves it: usually a start left out (metrics start at 0).
	named := map[int]bool{} // metrics an end's warning names as without start
	g := NewGame(c, 1)
	for _, e := range g.EndsHolding(false) {
		ei := &c.Ends[e]
		path, pos := entry("end", e, ei.ID)
		var starts, unset []string
		for _, r := range ei.When.Refs() {
			if r >= len(c.Metrics) {
				continue
			}
			mi := &c.Metrics[r]
			starts = append(starts, mi.ID+" "+mi.Start.String())
			if r >= numBuiltin && !cp.written(metricPos(s, mi.ID)+".start") {
				unset = append(unset, mi.ID)
				named[r] = true
			}
		}
		msg := "its condition already holds at the start"
		if len(starts) > 0 {
			msg += " (" + strings.Join(starts, ", ") + ")"
		}
		msg += ", so the game ends after turn 1 unless that turn changes it"
		if len(unset) > 0 {
			msg += fmt.Sprintf("; %s %s no start, so %s at 0: is a start missing?", strings.Join(unset, " and "), plural2(len(unset), "has", "have"), plural2(len(unset), "it starts", "they start"))
		}
		warn(path+".when", pos+".when", "%s", msg)
	}
	// A start left out is 0: for a metric whose lowest value is 0 and for
	// which high is good, the worst place to begin (a side's budget halved
	// by its support metric, an objective out of reach), and for a factor
	// of deterrence, deterrence at 0.
	for m := numBuiltin; m < len(c.Metrics); m++ {
		mi := &c.Metrics[m]
		if pos := metricPos(s, mi.ID); !named[m] && !mi.GoodLow && mi.Min == 0 && !cp.written(pos+".start") {
			path, _ := entry("metric", m-numBuiltin, mi.ID)
			warn(path+".start", pos, "%s has no start, so it starts at 0, its worst value: is a start missing?", mi.ID)
		}
	}
	var noStart []string
	for _, id := range []string{"capability", "resolve", "communication"} {
		if !cp.written("deterrence." + id + ".start") {
			noStart = append(noStart, id)
		}
	}
	if len(noStart) > 0 {
		warn("deterrence", "deterrence", "%s %s no start, so deterrence (100 × capability × resolve × communication) starts at 0: set their starts in [deterrence]", strings.Join(noStart, ", "), plural2(len(noStart), "has", "have"))
	}
	// A support metric scales the budget by (50 + support)/100: on a 0–1
	// scale it halves the budget for good.
	for i := range c.Sides {
		si := &c.Sides[i]
		if si.Adversary || si.Support < 0 {
			continue
		}
		path, pos := entry("side", i, si.ID)
		if mi := &c.Metrics[si.Support]; mi.Max <= FixInt(1) {
			warn(path+".support", pos+".support", "%s's budget is scaled by (50 + %s)/100, but %s stays within %s..%s, so its budget stays about half: support should be a 0–100 metric", si.ID, mi.ID, mi.ID, mi.Min, mi.Max)
		} else if mi.GoodLow {
			warn(path+".support", pos+".support", "%s's budget is scaled by (50 + %s)/100, but %s is good = \"low\", so the budget grows as %s gets worse: support should name the side's domestic support, a metric where high is good", si.ID, mi.ID, mi.ID, mi.ID)
		}
	}
	// Bluffs need actions that may be shown as one.
	for i := range c.Sides {
		si := &c.Sides[i]
		if !si.Adversary || si.Bluffs == 0 {
			continue
		}
		can := false
		for a := range c.Actions {
			can = can || c.Actions[a].Side == i && c.Actions[a].Bluff
		}
		if !can {
			path, pos := entry("side", i, si.ID)
			warn(path+".bluffs", pos+".bluffs", "%s signals %d %s a turn, but none of its actions has bluff = true, so it never bluffs: mark the actions it may feint", si.ID, si.Bluffs, plural2(si.Bluffs, "bluff", "bluffs"))
		}
	}
	// An effect larger than its metric's whole range is a scale mistake:
	// 3 on a 0–1 deterrence factor, −5000 on a 0–100 metric.
	big := func(es []Effect, path, pos, what string) {
		for _, e := range es {
			mi := &c.Metrics[e.Metric]
			if span := mi.Max - mi.Min; span > 0 && e.Delta.Abs() > span {
				warn(path+"."+mi.ID, pos+"."+mi.ID, "%s %s on %s, whose whole range is %s to %s: a scale mistake?", what, e.Delta, mi.ID, mi.Min, mi.Max)
			}
		}
	}
	for l := range c.Levers {
		li := &c.Levers[l]
		path, pos := entry("lever", l, li.ID)
		big(li.Effects, path+".effect", pos+".effect", "a point moves")
		// A delayed effect due after the last turn never lands.
		if li.Delay >= c.Turns && len(li.Effects) > 0 {
			warn(path+".delay", pos+".delay", "its effect lands %d %s after the points are put in, but the game has %d %s, so it never lands: shorten the delay", li.Delay, plural2(li.Delay, "turn", "turns"), c.Turns, plural2(c.Turns, "turn", "turns"))
		}
	}
	for a := range c.Actions {
		path, pos := entry("action", a, c.Actions[a].ID)
		big(c.Actions[a].Success, path+".success", pos+".success", "a success moves")
		big(c.Actions[a].Failure, path+".failure", pos+".failure", "a failure moves")
	}
	big(c.Shortfall, "commitment.shortfall", "commitment.shortfall", "a point short moves")
	for i := range c.Injects {
		in := &c.Injects[i]
		path, pos := entry("inject", i, in.ID)
		big(in.Effects, path+".effect", pos+".effect", "it moves")
		for k := range in.Choices {
			cpath, cpos := entry(path+".choice", k, in.Choices[k].ID)
			_, cpos = entry(pos+".choice", k, in.Choices[k].ID)
			big(in.Choices[k].Effects, cpath+".effect", cpos+".effect", "the choice moves")
		}
	}
	cp.lintRoundsToZero(warn)
	cp.lintBlankConditions(warn)
	cp.lintLeversThatCannotAct(warn)
	cp.lintChoices(warn)
	cp.lintUnaffordable(warn)
	cp.lintLockedOut(warn)
	cp.lintIdle(warn)
	cp.lintIgnored(warn)
	cp.lintEventCircles(warn)
	cp.lintStill(warn)
	cp.lintContests(warn)
	cp.lintConditions(warn)
	cp.lintShadowedEnds(warn)
	// No verdict an allied success: success defaults to false, so an
	// author who leaves it off the good outcome makes every game a loss.
	if d := slices.IndexFunc(c.Ends, func(e EndInfo) bool { return e.Default }); d >= 0 && !slices.ContainsFunc(c.Ends, func(e EndInfo) bool { return e.Success }) {
		path, pos := entry("end", d, c.Ends[d].ID)
		warn(path+".success", pos, "no end has success = true, so every game ends in an allied failure, whatever the allies do (success is false unless written): mark the good outcome's end success = true")
	}
	cp.lintNoopLevels(warn)
	// An action of weight 0 is never drawn: modifiers multiply the weight,
	// so none can raise it. (A weight that rounds to 0 is told so by
	// lintRoundsToZero.)
	for a := range c.Actions {
		if ai := &c.Actions[a]; ai.Weight == 0 && optF(s.Actions[a].Weight, 1) == 0 {
			path, pos := entry("action", a, ai.ID)
			warn(path+".weight", pos+".weight", "weight = 0, so the doctrine never draws it as a move (modifiers multiply the weight: none can raise it from 0)%s: give it a weight above 0, or drop the action", cp.zeroWeightBluff(a))
		}
	}
	// A level's own warnings: those the file as written does not draw, at
	// the key of its set they are about (a pressure no defence can stop
	// on the hard level).
	for _, lv := range cp.levels {
		for _, w := range lv.warnings {
			if slices.ContainsFunc(c.Warnings, func(b *Error) bool { return b.Path == w.Path && b.Msg == w.Msg }) {
				continue
			}
			if at := setKeyOf(w.Path, lv.keys); at == "" {
				warn(lv.path+".set", lv.pos+".set", "at this level, %s: %s", w.Path, w.Msg)
			} else {
				warn(lv.path+".set."+at, lv.pos+".set."+at, "at this level: %s", w.Msg)
			}
		}
	}
	slices.SortStableFunc(c.Warnings, func(a, b *Error) int { // in file order, as errors are
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
}

// lintRoundsToZero warns of a number written not 0 that rounds to 0 at
// 4 decimals, and so plays as 0 (weight = 0.00001, decay = 0.00002): the
// file shows no 0, so a warning of what a 0 does there would puzzle its
// author. Where such a value is refused (a change in an effect table, a
// budget), the scenario does not compile and this is not reached.
func (cp *compiler) lintRoundsToZero(warn func(path, pos, format string, args ...any)) {
	check := func(path, at string, v float64) {
		if v != 0 && FixFromFloat(v) == 0 {
			key := path[strings.LastIndexByte(path, '.')+1:]
			warn(path, at, "%s = %s rounds to 0 (Lattice keeps 4 decimals), so it plays as 0: write 0 if that is meant, or a number of at least 0.0001 in size", key, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	cp.s.eachKey(func(path, at string, rv reflect.Value) {
		switch {
		case rv.Kind() == reflect.Float64:
			check(path, at, rv.Float())
		case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Float64:
			for j := range rv.Len() {
				check(fmt.Sprintf("%s[%d]", path, j), fmt.Sprintf("%s[%d]", at, j), rv.Index(j).Float())
			}
		}
	})
}

// lintBlankConditions warns of a condition written blank (when = "",
// requires = " "), which reads as the key left out: "always", where a
// condition was more likely forgotten. Where leaving the key out is an
// error (a modifier's when, an allied side's objective_when beside its
// objective, a second end without when), a blank one is that error.
func (cp *compiler) lintBlankConditions(warn func(path, pos, format string, args ...any)) {
	s := cp.s
	check := func(src, path, pos, means string) {
		if strings.TrimSpace(src) == "" && (src != "" || cp.written(pos) || slices.Contains(s.given, pos)) {
			key := path[strings.LastIndexByte(path, '.')+1:]
			warn(path, pos, "%s is empty, which reads as leaving it out (%s): leave %s out for that, or write the condition", key, means, key)
		}
	}
	for _, k := range []struct {
		kind, key, means string
		n                int
		at               func(i int) (id, src string)
	}{
		{"side", "objective_when", "no objective judged at the end", len(s.Sides), func(i int) (string, string) { return s.Sides[i].ID, s.Sides[i].ObjectiveWhen }},
		{"lever", "requires", "always usable", len(s.Levers), func(i int) (string, string) { return s.Levers[i].ID, s.Levers[i].Requires }},
		{"action", "when", "always available", len(s.Actions), func(i int) (string, string) { return s.Actions[i].ID, s.Actions[i].When }},
		{"inject", "when", "no condition besides its turn or chance", len(s.Injects), func(i int) (string, string) { return s.Injects[i].ID, s.Injects[i].When }},
		{"end", "when", "the verdict when the turns run out", len(s.Ends), func(i int) (string, string) { return s.Ends[i].ID, s.Ends[i].When }},
	} {
		for i := range k.n {
			id, src := k.at(i)
			path, pos := entry(k.kind, i, id)
			check(src, path+"."+k.key, pos+"."+k.key, k.means)
		}
	}
}

// lintLeversThatCannotAct warns of a lever that compiles but whose points
// can change nothing: one that only serves threats while alignment, the
// only thing serving counts toward, is off; and one with joint = 0 and
// solo = 0, which multiply its effect, defence and convergence by 0
// whether one side or several put points in.
func (cp *compiler) lintLeversThatCannotAct(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	off := ""
	switch {
	case c.AlignGain == 0:
		off = "[alignment] gain = 0"
	case c.AlignTo < 0:
		off = "no cohesion metric, and no [alignment] metric"
	}
	for l := range c.Levers {
		li := &c.Levers[l]
		path, pos := entry("lever", l, li.ID)
		if off != "" && li.Serves != 0 && len(li.Effects) == 0 && len(li.Defend) == 0 && li.Converge == 0 {
			warn(path+".serves", pos+".serves", "it only serves threats, which counts toward alignment alone, and alignment is off (%s), so the lever does nothing: give it an effect, defend or converge, or turn alignment on", off)
		}
		if li.Joint == 0 && li.Solo == 0 {
			also := ""
			if li.Serves != 0 && off == "" {
				also = " (its serves still count toward alignment)"
			}
			warn(path+".joint", pos+".joint", "joint = 0 and solo = 0 multiply its effect, defence and convergence by 0 whether one side or several put points in, so they never apply%s: give joint or solo a multiplier above 0 (1 leaves the lever as it is)", also)
		}
	}
}

// lintChoices warns of an inject's decision that changes nothing: two
// choices with the same effects (none, often: effects forgotten), or a
// choice with no effect that is not the first, where the status quo goes
// since it applies when no one answers.
func (cp *compiler) lintChoices(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	changes := func(es []Effect) []Effect { // a change of 0 does nothing
		return slices.DeleteFunc(slices.Clone(es), func(e Effect) bool { return e.Delta == 0 })
	}
	for i := range c.Injects {
		in := &c.Injects[i]
		path, pos := entry("inject", i, in.ID)
		for k := 1; k < len(in.Choices); k++ {
			ch := &in.Choices[k]
			cpath, _ := entry(path+".choice", k, ch.ID)
			_, cpos := entry(pos+".choice", k, ch.ID)
			mine := changes(ch.Effects)
			same := slices.IndexFunc(in.Choices[:k], func(o ChoiceInfo) bool { return slices.Equal(changes(o.Effects), mine) })
			switch {
			case same >= 0 && len(mine) == 0:
				opath, _ := entry(path+".choice", same, in.Choices[same].ID)
				warn(cpath, cpos, "neither this choice nor %s has an effect, so choosing between them changes nothing: give each choice its effect", opath)
			case same >= 0:
				opath, _ := entry(path+".choice", same, in.Choices[same].ID)
				warn(cpath+".effect", cpos+".effect", "this choice has the same effects as %s, so choosing between them changes nothing: give each choice its own effects", opath)
			case len(mine) == 0:
				first, _ := entry(path+".choice", 0, in.Choices[0].ID)
				warn(cpath, cpos, "this choice has no effect, but it is not the first: the first choice (%s) applies when no one answers, so put the status quo first, or give this choice its effect", first)
			}
		}
	}
}

// lintUnaffordable warns of a lever no side can ever put a point on, for
// its cost is more than the largest budget of any side that may use it
// (at its support metric's maximum). Play only shows it as a lever nobody
// buys.
func (cp *compiler) lintUnaffordable(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	for l := range c.Levers {
		li := &c.Levers[l]
		path, pos := entry("lever", l, li.ID)
		if li.LockedAt&0b11111 == 0b11111 {
			continue // lintLockedOut's
		}
		var most Fix
		var best []string
		for i := range c.Sides {
			si := &c.Sides[i]
			if li.Sides&(1<<i) == 0 || si.Adversary {
				continue
			}
			b, why := si.Budget, si.ID+" "+si.Budget.String()
			if si.Support >= 0 {
				mi := &c.Metrics[si.Support]
				b = max(0, b.Mul((FixInt(50) + mi.Max).Div(FixInt(100))))
				why = fmt.Sprintf("%s %s, with %s at its maximum %s", si.ID, b, mi.ID, mi.Max)
			}
			switch {
			case b > most || best == nil:
				most, best = b, []string{why}
			case b == most:
				best = append(best, why)
			}
		}
		if best != nil && li.Cost > most {
			warn(path+".cost", pos+".cost", "no side can ever afford a point of it: a point costs %s, and the largest budget of a side that may use it is %s a turn (%s): lower the cost or raise a budget", li.Cost, most, strings.Join(best, "; "))
		}
	}
}

// lintLockedOut warns of a lever or action that its rungs' locks keep
// out for good: locked at every rung, or with a requires or when that
// holds only at rungs where it is locked (not a when = "false", which
// switches the content off whatever the rung).
func (cp *compiler) lintLockedOut(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	check := func(kind string, i int, id, key string, locked uint8, e *Expr, never string) {
		path, pos := entry(kind, i, id)
		switch {
		case locked&0b11111 == 0b11111:
			warn(path, pos, "it is locked at every rung ([[escalation.rung]] lock_%ss), so %s: unlock it at one rung at least", kind, never)
		case locked != 0 && condOf(e).kind != condConst && !cp.anyRung(e, locked): // a plain false switches it off on purpose
			warn(path+"."+key, pos+"."+key, "its %s (%s) holds only at rungs where it is locked, so %s: widen the condition or unlock a rung", key, e.String(), never)
		}
	}
	for l := range c.Levers {
		check("lever", l, c.Levers[l].ID, "requires", c.Levers[l].LockedAt, &c.Levers[l].Requires, "no side may ever use it")
	}
	for a := range c.Actions {
		check("action", a, c.Actions[a].ID, "when", c.Actions[a].LockedAt, &c.Actions[a].When, "it is never taken")
	}
}

// anyRung reports whether e may hold at some rung not in locked (bit r:
// rung r+1), as far as its tests of rung can tell.
func (cp *compiler) anyRung(e *Expr, locked uint8) bool {
	slot := len(cp.c.Metrics) + varRung
	when := condOf(e)
	for r := 1; r <= 5; r++ {
		if locked&(1<<(r-1)) != 0 {
			continue
		}
		at := []cond{when, {kind: condFloor, f: floor{slot: slot, at: FixInt(r)}}, {kind: condFloor, f: floor{slot: slot, at: FixInt(r) + 1, below: true}}} // rung == r: it is whole
		if budget := 256; !contradictory(at, nil, &budget) {
			return true
		}
	}
	return false
}

// lintIdle warns of a domain no action is contested in, whose defence
// (its base and every lever's defend there) never matters, and of a
// threat no lever serves while alignment is on, so that the priority the
// allies put on it never counts: an action's domain or a lever's serves
// forgotten, or written on another id.
func (cp *compiler) lintIdle(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	for d := range c.Domains {
		if slices.ContainsFunc(c.Actions, func(a ActionInfo) bool { return a.Domain == d }) {
			continue
		}
		var by []string
		for l := range c.Levers {
			if slices.ContainsFunc(c.Levers[l].Defend, func(e Effect) bool { return e.Metric == d && e.Delta != 0 }) {
				by = append(by, c.Levers[l].ID)
			}
		}
		what := ""
		if len(by) > 0 {
			what = fmt.Sprintf(", so the defence %s %s there never matters", strings.Join(by, " and "), plural2(len(by), "adds", "add"))
		}
		path, pos := entry("domain", d, c.Domains[d].ID)
		warn(path, pos, "no action is contested in %s%s: give an action domain = %q, or drop the domain", c.Domains[d].ID, what, c.Domains[d].ID)
	}
	if c.AlignTo < 0 || c.AlignGain == 0 || len(c.Threats) == 0 {
		return
	}
	if !slices.ContainsFunc(c.Levers, func(l LeverInfo) bool { return l.Serves != 0 }) {
		// One warning for the lot: alignment has nothing to score.
		warn("alignment", "alignment", "no lever serves a threat, so alignment never moves %s: give the levers serves, or turn alignment off with [alignment] gain = 0", c.Metrics[c.AlignTo].ID)
		return
	}
	for t := range c.Threats {
		if slices.ContainsFunc(c.Levers, func(l LeverInfo) bool { return l.Serves&(1<<t) != 0 }) {
			continue
		}
		var cares []string
		for i := range c.Sides {
			if p := c.Sides[i].Priorities; !c.Sides[i].Adversary && t < len(p) && p[t] > 0 {
				cares = append(cares, c.Sides[i].ID)
			}
		}
		if len(cares) == 0 {
			continue
		}
		path, pos := entry("threat", t, c.Threats[t].ID)
		warn(path, pos, "no lever serves %s, so the priority %s put on it never counts toward alignment: add %q to a lever's serves, or drop the threat", c.Threats[t].ID, strings.Join(cares, " and "), c.Threats[t].ID)
	}
}

// lintIgnored warns of what the file says and play ignores: a grade
// whose threshold the metric never reaches (thresholds of 80 on a 0–1
// factor: every game an F), and repeat on a scheduled inject (it fires on
// its turn only).
func (cp *compiler) lintIgnored(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	letters := [4]string{"A", "B", "C", "D"}
	for i, g := range c.Grades {
		mi := &c.Metrics[g.Metric]
		var out []string
		for j, t := range g.Thresholds {
			if !mi.GoodLow && t > mi.Max || mi.GoodLow && t < mi.Min {
				out = append(out, letters[j])
			}
		}
		pos := fmt.Sprintf("score[%d].thresholds", i)
		path := "score." + mi.ID + ".thresholds"
		if len(out) == 0 {
			// Thresholds on a 0–1 scale for a metric that runs 0–100
			// (0.35 for deterrence): every game earns the same grade.
			small := mi.Max-mi.Min >= FixInt(10)
			for _, t := range g.Thresholds {
				small = small && t >= mi.Min && t <= mi.Min+One
			}
			if small {
				grade := "A"
				if mi.GoodLow {
					grade = "F"
				}
				warn(path, pos, "every threshold lies within 1 of %s's minimum while it runs %s..%s, so nearly every game grades %s: thresholds on a 0–1 scale? grade it on its own range", mi.ID, mi.Min, mi.Max, grade)
			}
			continue
		}
		if len(out) == 4 {
			warn(path, pos, "every game grades F: %s stays within %s..%s, beyond the reach of every threshold (is the scale wrong? a 0–1 factor is graded on 0–1)", mi.ID, mi.Min, mi.Max)
		} else {
			warn(path, pos, "%s stays within %s..%s, so no game earns %s: bring %s within that range", mi.ID, mi.Min, mi.Max, strings.Join(out, " or "), plural2(len(out), "its threshold", "their thresholds"))
		}
	}
	for i := range c.Injects {
		if in := &c.Injects[i]; in.Repeat && in.Turn > 0 {
			path, pos := entry("inject", i, in.ID)
			warn(path+".repeat", pos+".repeat", "repeat is ignored on a scheduled inject: it fires on turn %d only; for an event that may recur from then on, write when = \"turn >= %d\" instead of turn", in.Turn, in.Turn)
		}
	}
}

// lintEventCircles warns of injects and actions that wait on each other:
// an inject whose when needs an action to have succeeded, whose own when
// needs the inject to have fired, never fires by its trigger, and the
// action is never drawn; nor is anything that needs either, such as an
// end, a lever's requires or a modifier. A condition needs an event when
// it cannot hold unless the event's count is above 0 ("fired.alert >= 1
// and turn > 2", not "fired.alert or turn > 2"). A White cell may still
// fire an inject by hand.
func (cp *compiler) lintEventCircles(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	if len(c.events) == 0 {
		return
	}
	ni := len(c.Injects)
	node := func(ev eventVar) int { // injects, then actions
		if ev.kind == eventSucceeded || ev.kind == eventFailed {
			return ni + ev.target
		}
		return ev.target
	}
	type need struct{ node, slot int }
	needs := func(e *Expr) []need {
		if e.Empty() {
			return nil
		}
		ce := condOf(e)
		var out []need
		for _, ev := range c.events {
			above := cond{kind: condFloor, f: floor{slot: ev.slot, at: 1}}
			load := cond{kind: condOpaque, ops: []exprOp{{code: opLoad, arg: Fix(ev.slot)}}, truth: true}
			if ce.implies(above) || ce.implies(load) {
				out = append(out, need{node(ev), ev.slot})
			}
		}
		return out
	}
	gate := make([][]need, ni+len(c.Actions))
	where := make([]string, len(gate)) // each node's path
	for i := range c.Injects {
		gate[i] = needs(&c.Injects[i].When)
		where[i], _ = entry("inject", i, c.Injects[i].ID)
	}
	for a := range c.Actions {
		gate[ni+a] = needs(&c.Actions[a].When)
		where[ni+a], _ = entry("action", a, c.Actions[a].ID)
	}
	// What can happen: a node all of whose needs can; what is left waits
	// on a circle.
	can := make([]bool, len(gate))
	for changed := true; changed; {
		changed = false
		for n := range gate {
			if !can[n] && !slices.ContainsFunc(gate[n], func(d need) bool { return !can[d.node] }) {
				can[n], changed = true, true
			}
		}
	}
	// why says, for a need that cannot happen, the circle it waits on.
	why := func(d need) string {
		var chain []string
		seen := map[int]bool{}
		inject := false
		for !seen[d.node] {
			seen[d.node] = true
			inject = inject || d.node < ni
			next := gate[d.node][slices.IndexFunc(gate[d.node], func(x need) bool { return !can[x.node] })]
			chain = append(chain, fmt.Sprintf("%s needs %s", where[d.node], c.names[next.slot]))
			d = next
		}
		msg := chain[0]
		if len(chain) > 1 {
			msg = strings.Join(chain[:len(chain)-1], ", ") + " and " + chain[len(chain)-1]
		}
		msg += ": a circle in which nothing can happen first"
		if inject {
			msg += " (but for a White cell's firing an inject by hand)"
		}
		return msg
	}
	// check warns of e if it needs what never happens: with the circle
	// for an inject's or action's own condition, else pointing at it.
	check := func(e *Expr, path, pos, what string, own bool) {
		for _, d := range needs(e) {
			if !can[d.node] {
				if own {
					warn(path, pos, "%s: it needs %s, which never happens: %s; drop one of these needs", what, c.names[d.slot], why(d))
				} else {
					warn(path, pos, "%s: it needs %s, which never happens (see %s.when)", what, c.names[d.slot], where[d.node])
				}
				return
			}
		}
	}
	for i := range c.Injects {
		path, pos := entry("inject", i, c.Injects[i].ID)
		check(&c.Injects[i].When, path+".when", pos+".when", "this inject never fires by its trigger", true)
	}
	for a := range c.Actions {
		ai := &c.Actions[a]
		path, pos := entry("action", a, ai.ID)
		check(&ai.When, path+".when", pos+".when", "this action is never available", true)
		for k := range ai.Modifiers {
			check(&ai.Modifiers[k].When, fmt.Sprintf("%s.modifier[%d].when", path, k), fmt.Sprintf("%s.modifier[%d].when", pos, k), "this modifier never applies", false)
		}
	}
	for l := range c.Levers {
		path, pos := entry("lever", l, c.Levers[l].ID)
		check(&c.Levers[l].Requires, path+".requires", pos+".requires", "this lever is never usable", false)
	}
	for e := range c.Ends {
		path, pos := entry("end", e, c.Ends[e].ID)
		check(&c.Ends[e].When, path+".when", pos+".when", "this end is never reached", false)
	}
	for i := range c.Sides {
		path, pos := entry("side", i, c.Sides[i].ID)
		check(&c.Sides[i].ObjectiveWhen, path+".objective_when", pos+".objective_when", "this objective is never met", false)
	}
}

// lintStill warns of a scenario metric that nothing moves: no lever,
// action, inject, choice, shortfall or alignment changes it, and no decay
// pulls it from its start, so it holds its start all game (its effects
// forgotten, or written on another metric), and every condition on it is
// settled before turn 1.
func (cp *compiler) lintStill(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	moved := make([]bool, len(c.Metrics))
	mark := func(es []Effect) {
		for _, e := range es {
			moved[e.Metric] = moved[e.Metric] || e.Delta != 0
		}
	}
	for l := range c.Levers {
		mark(c.Levers[l].Effects)
	}
	for a := range c.Actions {
		mark(c.Actions[a].Success)
		mark(c.Actions[a].Failure)
	}
	for i := range c.Injects {
		mark(c.Injects[i].Effects)
		for k := range c.Injects[i].Choices {
			mark(c.Injects[i].Choices[k].Effects)
		}
	}
	mark(c.Shortfall)
	if c.AlignTo >= 0 {
		moved[c.AlignTo] = true
	}
	if c.Intel >= 0 {
		moved[c.Intel] = true // a steady reveal chance is a design, not a slip
	}
	for m := numBuiltin; m < len(c.Metrics); m++ {
		if mi := &c.Metrics[m]; !moved[m] && (mi.Decay == 0 || mi.Baseline == mi.Start) {
			path, pos := entry("metric", m-numBuiltin, mi.ID)
			warn(path, pos, "nothing moves %s: no lever, action, inject, choice or shortfall changes it and no decay pulls it from its start, so it stays at %s all game: is an effect missing?", mi.ID, mi.Start)
		}
	}
}

// lintContests warns of an adversary action whose contest the allies'
// play cannot move (§6.5): it succeeds 99 times in 100 or more even
// against the most defence its domain can have (its base, and every
// lever's defend at its max from every side that may use it, with the
// better of its joint and solo multipliers), or, with a success effect,
// fails as often with only the domain's base. A pressure far beyond what
// the levers defend (40 where they reach 10) is a scale mistake.
func (cp *compiler) lintContests(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	most := make([]Fix, len(c.Domains))
	for d := range c.Domains {
		most[d] = c.Domains[d].Base
	}
	for l := range c.Levers {
		li := &c.Levers[l]
		sides := Fix(bits.OnesCount64(li.Sides)) * One
		mult := sides // each side's points at worth Cum[max], × 1
		if li.IsJoint {
			mult = li.Solo
			if sides > One {
				mult = max(li.Solo, li.Joint.Mul(sides))
			}
		}
		for _, d := range li.Defend {
			if d.Delta > 0 {
				most[d.Metric] += d.Delta.Mul(li.Cum[li.Max]).Mul(mult)
			}
		}
	}
	const sure = 9900 // 0.99 in Fix
	// One point that stops every move in its domain is a scale mistake
	// (defend = { cyber = 50 } against pressures of 3): the contest is
	// decided by whether anyone buys it, not how much.
	for l := range c.Levers {
		li := &c.Levers[l]
		one := One // a point's worth, alone
		if li.IsJoint {
			one = li.Solo
		}
		for _, d := range li.Defend {
			dom := &c.Domains[d.Metric]
			if d.Delta <= 0 || dom.K == 0 {
				continue
			}
			stops, open := true, false // every move stopped by one point; one not stopped by the base
			for a := range c.Actions {
				ai := &c.Actions[a]
				if ai.Domain != d.Metric || ai.Weight == 0 || len(ai.Success) == 0 {
					continue
				}
				stops = stops && Logistic(dom.K.Mul(ai.Pressure-dom.Base-d.Delta.Mul(one))) <= One-sure
				open = open || Logistic(dom.K.Mul(ai.Pressure-dom.Base)) > One-sure
			}
			if stops && open {
				path, pos := entry("lever", l, li.ID)
				warn(path+".defend."+dom.ID, pos+".defend."+dom.ID, "one point of it stops every move in %s (their odds fall to 0.01 or less): %s a point is far beyond the pressures there; a scale mistake? (near even odds, a point of defence moves them by about k/4)", dom.ID, d.Delta)
			}
		}
	}
	for a := range c.Actions {
		ai := &c.Actions[a]
		dom := &c.Domains[ai.Domain]
		if ai.Weight == 0 || dom.K == 0 {
			continue // never drawn, or a coin flip by design
		}
		path, pos := entry("action", a, ai.ID)
		if p := Logistic(dom.K.Mul(ai.Pressure - most[ai.Domain])); p >= sure {
			warn(path+".pressure", pos+".pressure", "its odds of success are at least %s whatever the allies do: pressure %s against at most %s defence in %s (its base %s and every lever's defend at its max), so defence cannot stop it: lower the pressure or raise the defence", p.Format(2), ai.Pressure, most[ai.Domain], dom.ID, dom.Base)
		} else if p := Logistic(dom.K.Mul(ai.Pressure - dom.Base)); p <= One-sure && len(ai.Success) > 0 {
			warn(path+".pressure", pos+".pressure", "its odds of success are at most %s even with no allied defence: pressure %s against %s's base defence %s, so its success effects almost never apply: raise the pressure or lower the base", p.Format(2), ai.Pressure, dom.ID, dom.Base)
		}
	}
}

// lintConditions warns of a comparison in a condition that can never
// hold, since the name compared stays where the test cannot be met:
// "supply < 0" on a metric whose minimum is 0 (write supply <= 0),
// "escalation >= 160", "turn > 8" in an eight-turn game, "rung >= 6".
func (cp *compiler) lintConditions(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	nm := len(c.Metrics)
	bounds := func(slot int) (lo, hi Fix, what string) {
		if slot < nm {
			mi := &c.Metrics[slot]
			return mi.Min, mi.Max, fmt.Sprintf("it stays within %s..%s", mi.Min, mi.Max)
		}
		switch slot - nm {
		case varTurn:
			return One, FixInt(c.Turns), fmt.Sprintf("the game has %d turns", c.Turns)
		case varTurns:
			return FixInt(c.Turns), FixInt(c.Turns), fmt.Sprintf("the game has %d turns", c.Turns)
		case varFinal:
			return 0, One, "it is 1 on the last turn, else 0"
		case varRung:
			return One, FixInt(5), "rungs are 1 to 5"
		}
		for _, ev := range c.events {
			if ev.slot != slot {
				continue
			}
			if ev.kind == eventChose {
				return 0, One, "it is 1 if the choice was made, else 0"
			}
			return 0, FixInt(c.Turns), fmt.Sprintf("it counts at most one a turn, and the game has %d turns", c.Turns)
		}
		return 0, 0, ""
	}
	hows := map[exprCode]string{opGe: "reaches", opGt: "exceeds", opLt: "falls below", opLe: "falls to"}
	check := func(e *Expr, path, pos string) {
		for _, f := range e.floors() {
			lo, hi, what := bounds(f.slot)
			if what == "" {
				continue
			}
			name := c.names[f.slot]
			how := hows[f.op]
			if (!f.below && f.at > hi) || (f.below && f.at <= lo) {
				warn(path, pos, "%s never %s %s (%s), so that test never holds", name, how, f.written(), what)
			} else if f.slot < nm && ((!f.below && f.at <= lo) || (f.below && f.at > hi)) {
				// A test of a metric that always holds is most often a
				// number on another scale: capability < 60 (a 0–1 factor).
				at, rel := f.written(), map[exprCode]string{opGe: "at least", opGt: "above", opLt: "below", opLe: "at most"}[f.op]
				if f.below != (f.op == opLt || f.op == opLe) { // negated: say what holds
					at, rel = f.at, map[bool]string{true: "below", false: "at least"}[f.below]
				}
				why := "a number on another scale?"
				if at >= lo && at <= hi {
					why = "drop it, or compare with a number within that range"
				}
				warn(path, pos, "%s is always %s %s (%s), so that test always holds: %s", name, rel, at, what, why)
			}
		}
		// A comparison of two names whose bounds rule it out: "turn >
		// turns" (after the last turn, which never comes), "escalation <
		// rung" (0–100 against 1–5 would hold, so that one is not warned).
		for i := 2; i < len(e.ops); i++ {
			op, a, b := e.ops[i], e.ops[i-2], e.ops[i-1]
			if a.code != opLoad || b.code != opLoad || op.code < opLt || op.code > opGe {
				continue
			}
			alo, ahi, awhat := bounds(int(a.arg))
			blo, bhi, bwhat := bounds(int(b.arg))
			if awhat == "" || bwhat == "" {
				continue
			}
			never := map[exprCode]bool{opLt: alo >= bhi, opLe: alo > bhi, opGt: ahi <= blo, opGe: ahi < blo}[op.code]
			if !never {
				continue
			}
			an, bn := c.names[int(a.arg)], c.names[int(b.arg)]
			what := an + ": " + awhat + "; " + bn + ": " + bwhat
			if awhat == bwhat {
				what = awhat
			}
			how := hows[op.code]
			warn(path, pos, "%s never %s %s (%s), so that test never holds", an, how, bn, what)
		}
		// An equality the name's bounds rule out ("turn == 9" in an
		// eight-turn game), or one on a metric that moves in fractions
		// ("cohesion == 50", which drift and multipliers pass over).
		for _, op := range e.ops {
			if op.code != opFused || op.bin != opEq {
				continue
			}
			slot := int(op.slot)
			lo, hi, what := bounds(slot)
			if what == "" {
				continue
			}
			name := c.names[slot]
			if op.arg < lo || op.arg > hi {
				warn(path, pos, "%s is never %s (%s), so that test never holds", name, op.arg, what)
			} else if slot < nm && op.arg > lo && op.arg < hi && cp.fractional(slot) {
				warn(path, pos, "%s == %s holds only while %s is exactly %s, and it moves in fractions (it keeps 4 decimals), so the test may never hold: compare with a bound instead (%s >= %s)", name, op.arg, name, op.arg, name, op.arg)
			}
		}
		// A metric (or turn, rung) read as a truth value: "cohesion and
		// turn > 3" holds whenever cohesion is not 0, nearly always; a
		// comparison was meant.
		for _, slot := range bareNames(e, nm) {
			if slot < nm || slot == nm+varTurn || slot == nm+varTurns || slot == nm+varRung {
				lo, hi, _ := bounds(slot)
				name := c.names[slot]
				warn(path, pos, "%s on its own is true whenever it is not 0, so it holds %s: did you mean a comparison, such as %s < %s?", name, map[bool]string{true: "always", false: "nearly always"}[lo > 0], name, ((lo + hi) / 2).String())
			}
		}
		// Parts that exclude each other, whatever the bounds: "turn < 3
		// and turn > 5", an "or" written "and". (A plain "false" switches
		// the content off on purpose.)
		if budget, ce := 256, condOf(e); ce.kind != condConst && contradictory([]cond{ce}, nil, &budget) {
			warn(path, pos, "this condition (%s) never holds: its parts exclude each other (is an \"and\" meant as \"or\"?)", e.String())
		}
	}
	for i := range c.Sides {
		path, pos := entry("side", i, c.Sides[i].ID)
		check(&c.Sides[i].ObjectiveWhen, path+".objective_when", pos+".objective_when")
	}
	for l := range c.Levers {
		path, pos := entry("lever", l, c.Levers[l].ID)
		check(&c.Levers[l].Requires, path+".requires", pos+".requires")
	}
	for a := range c.Actions {
		ai := &c.Actions[a]
		path, pos := entry("action", a, ai.ID)
		check(&ai.When, path+".when", pos+".when")
		for k := range ai.Modifiers {
			check(&ai.Modifiers[k].When, fmt.Sprintf("%s.modifier[%d].when", path, k), fmt.Sprintf("%s.modifier[%d].when", pos, k))
		}
	}
	for i := range c.Injects {
		in := &c.Injects[i]
		path, pos := entry("inject", i, in.ID)
		check(&in.When, path+".when", pos+".when")
		// A scheduled inject's when is asked on its turn only: one that
		// cannot hold then ("turn >= 4" beside turn = 2) never fires.
		if in.Turn == 0 || in.When.Empty() {
			continue
		}
		turn := nm + varTurn
		when := condOf(&in.When)
		on := []cond{when, {kind: condFloor, f: floor{slot: turn, at: FixInt(in.Turn)}}, {kind: condFloor, f: floor{slot: turn, at: FixInt(in.Turn) + 1, below: true}}} // turn == in.Turn
		if b1, b2 := 256, 256; !contradictory([]cond{when}, nil, &b1) && contradictory(on, nil, &b2) {
			warn(path+".when", pos+".when", "this inject is scheduled for turn %d, and its condition (%s) cannot hold on turn %d, so it never fires: a scheduled inject's when is asked on its turn only", in.Turn, in.When.String(), in.Turn)
		}
	}
	for e := range c.Ends {
		path, pos := entry("end", e, c.Ends[e].ID)
		check(&c.Ends[e].When, path+".when", pos+".when")
	}
}

// bareNames returns the env slots e reads as truth values: a name loaded
// and given, as it is, to and, or, not, or as the whole condition. Names of
// events (fired.X, succeeded.X, chose.X.Y) and final are truth values by
// design; the caller picks the slots it warns of.
func bareNames(e *Expr, nm int) []int {
	type item struct{ slot int } // slot −1: a value that is not a bare name
	var stack []item
	var out []int
	use := func(it item) {
		if it.slot >= 0 {
			out = append(out, it.slot)
		}
	}
	for _, op := range e.ops {
		switch op.code {
		case opLoad:
			stack = append(stack, item{int(op.arg)})
		case opConst, opFused, opAtLeast:
			stack = append(stack, item{-1})
		case opNeg, opNot:
			if len(stack) == 0 {
				return out
			}
			if op.code == opNot {
				use(stack[len(stack)-1])
			}
			stack[len(stack)-1] = item{-1}
		default: // binary
			if len(stack) < 2 {
				return out
			}
			a, b := stack[len(stack)-2], stack[len(stack)-1]
			if op.code == opAnd || op.code == opOr {
				use(a)
				use(b)
			}
			stack = append(stack[:len(stack)-2], item{-1})
		}
	}
	if len(stack) == 1 {
		use(stack[0])
	}
	return out
}

// fractional reports whether metric m moves in fractions, so that an
// equality test on it rarely holds: deterrence and its factors, a metric
// with decay (its drift is a fraction of the gap), and the one alignment
// moves (by a share of its gain, given threats to align on).
func (cp *compiler) fractional(m int) bool {
	c := cp.c
	switch c.Metrics[m].ID {
	case "deterrence", "capability", "resolve", "communication":
		return true
	}
	return c.Metrics[m].Decay > 0 || m == c.AlignTo && c.AlignGain > 0 && len(c.Threats) > 0
}

// lintShadowedEnds warns of an end that can never be reached: ends are
// tried in file order and the first whose condition holds wins, so an end
// whose condition implies an earlier one's ("cohesion < 30" after
// "cohesion < 40") never wins; nor does the default end, tried only when
// the turns run out, if another end's condition holds whenever that is so
// ("final"); nor an end that several earlier ones cover together ("final
// and gains > 8", then "final and gains <= 8"). Only what the conditions
// prove is claimed (see implies and covered).
func (cp *compiler) lintShadowedEnds(warn func(path, pos, format string, args ...any)) {
	c := cp.c
	conds := make([]cond, len(c.Ends))
	for e := range c.Ends {
		conds[e] = condOf(&c.Ends[e].When)
	}
	// The default end's condition: the turns have run out, so final holds
	// and turn is turns ("turn >= 8" in an eight-turn game is "final").
	turn, last := len(c.Metrics)+varTurn, FixInt(c.Turns)
	final := cond{kind: condAnd, kids: []cond{
		{kind: condOpaque, ops: []exprOp{{code: opLoad, arg: Fix(len(c.Metrics) + varFinal)}}, truth: true},
		{kind: condFloor, f: floor{slot: turn, at: last, op: opGe}},
		{kind: condFloor, f: floor{slot: turn, at: last + One, below: true, op: opLe}},
	}}
	for e := range c.Ends {
		later := &c.Ends[e]
		path, pos := entry("end", e, later.ID)
		shadowed := false
		for f := range c.Ends {
			earlier := &c.Ends[f]
			if earlier.Default || f == e || (!later.Default && f > e) {
				continue
			}
			epath, _ := entry("end", f, earlier.ID)
			if later.Default {
				if final.implies(conds[f]) {
					warn(path, pos, "this default end is never reached: %s's condition (%s) holds whenever the turns run out, and the default applies only when no other end holds; narrow %s's condition", epath, earlier.When.String(), epath)
					shadowed = true
					break
				}
				continue
			}
			if slices.Equal(earlier.When.ops, later.When.ops) {
				warn(path+".when", pos+".when", "this end is never reached: %s comes first with the same condition (%s), and the first end whose condition holds wins; change one of the two conditions or drop one end", epath, earlier.When.String())
				shadowed = true
				break
			}
			if conds[e].implies(conds[f]) {
				warn(path+".when", pos+".when", "this end is never reached: %s comes first and its condition (%s) holds whenever this one (%s) does, and the first end whose condition holds wins; put this end before %s or narrow %s's condition", epath, earlier.When.String(), later.When.String(), epath, epath)
				shadowed = true
				break
			}
		}
		if shadowed {
			continue
		}
		// A failure after a success it can hold with: a game that meets
		// both is a success, since the first end that holds wins.
		if budget := 256; !later.Default && !later.Success && !contradictory([]cond{conds[e]}, nil, &budget) {
			for f := 0; f < e; f++ {
				if won := &c.Ends[f]; won.Success && !won.Default {
					if budget := 256; !contradictory([]cond{conds[f], conds[e]}, nil, &budget) && budget >= 0 {
						wpath, _ := entry("end", f, won.ID)
						warn(path+".when", pos+".when", "this failure comes after %s, a success, and their conditions do not exclude each other (%s; %s): on a turn both hold, the first wins and the game is a success; put the failures first, or narrow %s's condition", wpath, won.When.String(), later.When.String(), wpath)
						break
					}
				}
			}
		}
		// No one earlier end holds whenever this one may win, but together
		// several may: a loss on "final and gains > 8" and a win on "final
		// and gains <= 8" leave the default end nothing.
		var before []int
		for f := range c.Ends {
			if f != e && !c.Ends[f].Default && (later.Default || f < e) {
				before = append(before, f)
			}
		}
		of := func(ends []int) []cond {
			cs := make([]cond, len(ends))
			for i, f := range ends {
				cs[i] = conds[f]
			}
			return cs
		}
		mine := final
		if !later.Default {
			mine = conds[e]
		}
		if budget := 256; len(before) < 2 || contradictory([]cond{mine}, nil, &budget) || !covered(mine, of(before)) {
			continue // (a condition that never holds is "covered" by anything: lintConditions says it never holds)
		}
		for i := 0; i < len(before) && len(before) > 2; { // name only the ends it takes
			if less := slices.Delete(slices.Clone(before), i, i+1); covered(mine, of(less)) {
				before = less
			} else {
				i++
			}
		}
		var names []string
		for _, f := range before {
			epath, _ := entry("end", f, c.Ends[f].ID)
			names = append(names, fmt.Sprintf("%s (%s)", epath, c.Ends[f].When.String()))
		}
		list := strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
		if later.Default {
			warn(path, pos, "this default end is never reached: whenever the turns run out, %s holds, and the default applies only when no other end holds; narrow their conditions, or drop one of them and let the default stand for it", list)
		} else {
			warn(path+".when", pos+".when", "this end is never reached: whenever its condition (%s) holds, so does %s, which come first, and the first end whose condition holds wins; put this end before them or narrow their conditions", later.When.String(), list)
		}
	}
}

// covered reports whether, as far as can be proven, one of cs holds
// whenever c does: whether c and the negation of each of cs cannot all
// hold. Like implies, it knows nothing of bounds, and false means "not
// proven".
func covered(c cond, cs []cond) bool {
	all := []cond{c}
	for _, k := range cs {
		all = append(all, k.negate())
	}
	budget := 2048 // cases to try: each "or" met doubles them
	return contradictory(all, nil, &budget)
}

// contradictory reports whether the conditions todo and the comparisons
// and opaque terms atoms are proven never to hold together, trying each
// case of an "or" in turn. It gives up, false, once budget runs out.
func contradictory(todo, atoms []cond, budget *int) bool {
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c.kind {
		case condConst:
			if !c.truth {
				return true
			}
		case condAnd:
			todo = append(slices.Clone(c.kids), todo...)
		case condOr:
			for _, k := range c.kids {
				if *budget--; *budget < 0 {
					return false
				}
				if !contradictory(append([]cond{k}, todo...), slices.Clone(atoms), budget) {
					return false
				}
			}
			return true
		default: // a comparison or an opaque term
			if slices.ContainsFunc(atoms, func(a cond) bool { return a.implies(c.negate()) }) {
				return true
			}
			atoms = append(atoms, c)
		}
	}
	return false
}

// metricPos returns the index-based position of the metric with id in the
// file ("metric[2]"), or "" for a built-in one declared elsewhere.
func metricPos(s *Scenario, id string) string {
	for i := range s.Metrics {
		if s.Metrics[i].ID == id {
			return fmt.Sprintf("metric[%d]", i)
		}
	}
	return ""
}

func plural2(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// zeroWeightBluff adds, for an action of weight 0 with bluff = true, that
// it is not bluffed either (bluffs are drawn by the same weights).
func (cp *compiler) zeroWeightBluff(a int) string {
	if cp.c.Actions[a].Bluff {
		return " nor as a bluff"
	}
	return ""
}

// lintNoopLevels warns of a difficulty level's key that changes nothing:
// it sets the value the file has already (side.rival.actions = 2 on a side
// with actions = 2, or the default of a key the file leaves out), so the
// level is less different than its author thinks. A key that does not
// apply is an error reported by compile.
func (cp *compiler) lintNoopLevels(warn func(path, pos, format string, args ...any)) {
	s := cp.s
	for i, d := range s.Difficulty {
		path, pos := entry("difficulty", i, d.ID)
		for _, k := range sortedKeys(d.Set) {
			before := s.Value(k)
			cpy := s.clone()
			if cpy.Set(k, fileValue(d.Set[k])) != nil {
				continue
			}
			after := cpy.Value(k)
			value := strings.TrimSuffix(strings.TrimPrefix(after, "(default: "), ")") // a 0 the file leaves out shows as its default
			if after == "" || before != after && before != "(default: "+value+")" {
				continue
			}
			has := "the file has it already"
			if strings.HasPrefix(before, "(default") {
				has = "it is the default, which the file leaves in place"
			}
			warn(path+".set."+k, pos+".set."+k, "level %s sets %s to %s, and %s: this level changes nothing there (give it another value, or drop the key)", d.ID, k, value, has)
		}
	}
}
