package sim

import (
	"fmt"
	"slices"
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
		path, pos := entry("lever", l, c.Levers[l].ID)
		big(c.Levers[l].Effects, path+".effect", pos+".effect", "a point moves")
	}
	for a := range c.Actions {
		path, pos := entry("action", a, c.Actions[a].ID)
		big(c.Actions[a].Success, path+".success", pos+".success", "a success moves")
		big(c.Actions[a].Failure, path+".failure", pos+".failure", "a failure moves")
	}
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
	slices.SortStableFunc(c.Warnings, func(a, b *Error) int { // in file order, as errors are
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
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
