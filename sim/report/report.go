// Package report builds the after-action report of a journalled game of
// Lattice: who played, what each side allocated, what the adversary did,
// why every metric moved, the verdict and the debrief, in Markdown (with
// text charts) or self-contained HTML (with inline SVG charts).
//
// A report may be whole (the umpire's view: every allocation, every signal
// with the truth about it) or seen by one side (Options.Side), under the
// fog of war of sim.Game.View: its own allocations and its allies' points
// on visible levers only; signals as its intelligence knew them; adversary
// moves once adjudicated, which are public; its own private objective
// only. Metrics are public.
package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"lattice/sim"
	"lattice/sim/journal"
)

// Formats a report may be written in.
const (
	FormatMarkdown = "md"
	FormatHTML     = "html"
)

// TopN is how many causes are named for each metric's change over the
// game (the rest follow, grouped), and how many decisions and adversary
// moves the assessment lists.
const TopN = 5

// TurningPointsN is how many turning points a report lists.
const TurningPointsN = 3

// Options controls Build.
type Options struct {
	// Side is the id of the side whose view the report takes; empty for
	// the whole game.
	Side string
	// Force reports a journal recorded under another engine version.
	Force bool
	// Teams, if not nil, names the teams that played each side (side id →
	// team names), for a seminar's game (lattice serve keeps them beside
	// the journal). A side people were to play that no team joined is
	// reported as such.
	Teams map[string][]string
}

// SideError is an unknown --side.
type SideError struct {
	Side  string
	Known []string
}

func (e *SideError) Error() string {
	return fmt.Sprintf("no side %q in the scenario; sides: %s", e.Side, strings.Join(e.Known, ", "))
}

// Report is an after-action report, every field ready to print (scenario
// text is sanitized by sim.Compile; the writers escape it for their form).
type Report struct {
	Title, ScenarioID, Summary string
	TurnLabel                  string
	Warnings                   []string
	// Perspective is the name of the side the report is seen by ("" for
	// the whole game); PerspectiveID its id.
	Perspective, PerspectiveID string
	// PerspectiveNote says, in a sentence, what that side saw.
	PerspectiveNote string
	// InProgress says the game goes on (it has neither ended nor been
	// ended by the White cell): a mid-game report. ProgressNote says what
	// that means for its reader ("" when the game is over).
	InProgress   bool
	ProgressNote string

	File, Created, Lattice, Engine, Difficulty string
	Seed                                       uint64
	// Overrides are the scenario's overrides given when the game was set
	// up (--set key=value), not the White cell's acts (WhiteCell).
	Overrides []string
	Sides     []SideRow

	AllocHeads  []string // allocation columns: allied sides (or own + allies)
	MetricHeads []string
	Turns       []Turn
	// WhiteCell lists the White cell's acts and the rollbacks, in file
	// order, each in words: "line 7, before week 3: fired inject "…" — why".
	WhiteCell []string

	Causes     []MetricCauses
	Verdict    Verdict
	Scorecard  []Grade
	Objectives []Objective
	// KeyDecisions and KeyMoves are sim's assessment, as the report's side
	// may know it (sim.Compiled.KeyDecisions and KeyMoves, in the words of
	// DescribeImpact): the decisions that mattered most and the adversary
	// moves that hurt most over the game, TopN each. A Red team's report
	// leaves its own moves out of KeyMoves: Red.Moves weighs them both
	// ways.
	KeyDecisions, KeyMoves []string
	// DecisionHelped says, for each of KeyDecisions, whether it helped
	// the allies (else it cost them).
	DecisionHelped []bool
	// TurningPoints are the turns in which a scored metric (deterrence
	// and the graded ones) moved most, as a share of its range: at most
	// TurningPointsN, in order of play, each with the change and its
	// causes that turn (TurnCausesN named, the rest in one line, adding
	// up to the change), as the report's side may know them: "Week 3:
	// Adversary gains +9.00 (3.00 → 12.00), worse for the allies —
	// Maritime militia swarm (succeeded) +6.00; Fishing season opens
	// +2.00; 2 other causes +1.00".
	TurningPoints []string
	turning       []turningPoint // for tests: the turning points' sums
	Series        []Series
	Debrief       []string
	// NearEnds says, in the whole game's report and a Red team's, how
	// near the game came to each end that is not an allied success and
	// that it did not reach, as far as its condition compares metrics
	// with numbers: "Coerced (final and gains > 20): Adversary gains
	// ended at 13.38; it needed above 20.00 (6.62 short)".
	NearEnds []string
	// Red is the Red team's debrief, in an adversary side's report (nil
	// in the others).
	Red *RedDebrief
}

// SideRow is one side and who played it.
type SideRow struct {
	ID, Name, Team, Player string
}

// Turn is one turn of the game.
type Turn struct {
	N       int
	Alloc   []string // per AllocHeads: "lever: points, …" or "—"
	Metrics []string // per MetricHeads, at the end of the turn
	Signals []string
	Moves   []string
	Injects []string
	// AIWhy is, for each lever a side the AI played put points on, what
	// weighed most in its choice (sim.Game.PlanReasons): "United States
	// (balanced): Missile-defence readiness 3 — Peninsula defence; …".
	// A side the White cell gave to the computer has its reasons too
	// (sim.Game.WhyAIApart); lookahead says first, in one line, which
	// doctrine it chose and how the futures it imagined went, then that
	// doctrine's reasons (sim.Game.WhyAI), and an ally that left alone a
	// joint lever a player held says why.
	AIWhy []string
	// Played says who played a side otherwise than the header has it
	// this turn: "Japan: the computer (lookahead), given by the White
	// cell in month 1: its team left"; "North Korea: its doctrine (no Red
	// team's plan recorded)".
	Played []string
	// Why explains each scored metric that moved by minTurningShare of
	// its range or more in the turn: its TurnCausesN largest causes that
	// turn and the rest in one line, as the report's side may know them.
	Why []MetricCauses
}

// MetricCauses is why one metric moved (over the game, or in a turn):
// its largest causes, then the rest (Cause.Rest), the lines adding up
// exactly to the change.
type MetricCauses struct {
	Metric string
	Change string // start → end
	Net    string // end − start, as FormatChange shows it: "+43.19"
	// ByKind (over the game only) is the change by kind of cause, adding
	// up to it: "adversary moves +62.00; drift toward baseline −44.29;
	// …" ("" if one kind made it all).
	ByKind string
	Causes []Cause
	metric int
	net    sim.Fix
}

// Cause is one cause's total contribution to a metric, or (Rest) that of
// several causes not named, counted in its name: "4 other adversary
// moves".
type Cause struct {
	Name, Delta string
	Entries     int
	Rest        bool
	value       sim.Fix
}

// Verdict is how the game ended.
type Verdict struct {
	Over           bool
	Title, Text    string
	Success        bool
	After, OfTurns int
	// WhiteCell says that the White cell ended the game, and why ("" if
	// it did not): "The White cell ended the game before week 4: …".
	WhiteCell string
	// IfLast is, for a game that reached no end after at least one turn
	// (the White cell ended it, or it goes on), the verdict it would have
	// had were the last turn played its last (sim.Game.VerdictIfLast): its
	// title ("" otherwise), and whether that counts as an allied success.
	IfLast        string
	IfLastSuccess bool
}

// Grade is one scorecard line.
type Grade struct {
	Metric, Value, Grade string
}

// Objective is one side's private objective.
type Objective struct {
	Side, Objective string
	Met             bool
	// SoFar: the game reached no end (the White cell ended it, or it goes
	// on), so the objective is judged as things stood, not at the end.
	SoFar bool
}

// Series is one metric's values: at the start, then after each turn.
type Series struct {
	Name   string
	Values []float64
}

// Build replays j and gathers its report. warns are the warnings Read gave
// (torn lines), shown at the top.
func Build(j *journal.Journal, warns []journal.Warning, opts Options) (*Report, error) {
	h := &j.Header
	// The header's words are the journal's, which may be anyone's: the
	// HTML form printed them as they were (an --set title="ESC]0;…" or a
	// lattice version with escape sequences reached the terminal of
	// whoever ran report --format html without --out).
	clean := func(s string) string { return sim.Sanitize(s, false) }
	r := &Report{File: clean(j.Path), Created: clean(h.Created), Lattice: clean(h.Lattice), Engine: clean(h.Engine), Difficulty: clean(h.Difficulty), Seed: h.Seed}
	for _, o := range h.Overrides {
		r.Overrides = append(r.Overrides, clean(o))
	}
	for _, w := range warns {
		r.Warnings = append(r.Warnings, clean(w.String())) // "line 6: ignored: torn: …"
	}
	if h.Engine != sim.EngineVersion {
		if !opts.Force {
			return nil, &journal.EngineError{Path: j.Path, Journal: h.Engine, Built: sim.EngineVersion}
		}
		r.Warnings = append(r.Warnings, fmt.Sprintf("recorded by engine version %s, reported with %s: the replay may differ from the game played", r.Engine, sim.EngineVersion))
	}
	c, err := h.Compile()
	if err != nil {
		return nil, &journal.Error{Path: j.Path, Line: 1, Msg: "cannot rebuild the scenario: " + err.Error()}
	}
	persp := -1
	if opts.Side != "" {
		persp = c.FindSide(opts.Side)
		if persp < 0 {
			var ids []string
			for _, s := range c.Sides {
				ids = append(ids, s.ID)
			}
			return nil, &SideError{Side: opts.Side, Known: ids}
		}
		r.Perspective, r.PerspectiveID = c.Sides[persp].Name, c.Sides[persp].ID
		r.PerspectiveNote = "This report shows the game as " + r.Perspective + " saw it: its own allocations and its allies' points on visible levers, signals as its intelligence knew them, adversary moves once adjudicated; metrics are public."
		if c.Sides[persp].Adversary {
			r.PerspectiveNote = "This report shows the game as " + r.Perspective + " saw it: its own moves and bluffs, and the allies' points on visible levers only; metrics are public."
		}
	}
	r.Title, r.ScenarioID, r.Summary, r.TurnLabel = c.Title, c.ID, c.Summary, c.TurnLabel
	if r.TurnLabel == "" {
		r.TurnLabel = "Turn"
	}
	r.Debrief = append(r.Debrief, c.Debrief...)
	hands := NewHands(j, c, 0)
	turnNoun := strings.ToLower(r.TurnLabel)
	for _, s := range h.Players() { // who plays now: a fork may have handed sides over
		// The header's words, as the rest of it: a tampered player's name
		// reached the HTML form with its escape sequences.
		row := SideRow{ID: clean(s.ID), Name: clean(s.ID), Team: clean(s.Team), Player: clean(s.Player)}
		if k := c.SideIndex(s.ID); k >= 0 {
			row.Name = c.Sides[k].Name
		}
		if s.Policy != "" {
			row.Player += " (" + clean(s.Policy) + ")"
		}
		nobody := false
		if opts.Teams != nil && s.Policy == "" {
			var names []string
			for _, n := range opts.Teams[s.ID] {
				names = append(names, sim.Sanitize(n, false))
			}
			switch {
			case len(names) > 0:
				row.Player = "teams: " + strings.Join(names, ", ")
			case row.Team == "adversary":
				row.Player, nobody = "doctrine (no Red team played)", true
			default:
				// A side the White cell gave to the computer committed
				// what it planned: "nobody" holds for the other turns.
				row.Player, nobody = "nobody: no team played it (it committed nothing)", true
			}
		}
		if k := c.SideIndex(s.ID); k >= 0 {
			row.Player = hands.Played(k, row.Player, nobody, turnNoun, true)
		}
		r.Sides = append(r.Sides, row)
	}

	// Columns.
	alliance := c.Alliance()
	if persp < 0 {
		for _, s := range alliance {
			r.AllocHeads = append(r.AllocHeads, c.Sides[s].Name)
		}
	} else {
		if !c.Sides[persp].Adversary {
			r.AllocHeads = append(r.AllocHeads, c.Sides[persp].Name)
			if len(alliance) > 1 {
				r.AllocHeads = append(r.AllocHeads, "Allies (visible levers)")
			}
		} else {
			r.AllocHeads = append(r.AllocHeads, "Alliance (visible levers)")
		}
	}
	start := append([]sim.Fix(nil), sim.NewGame(c, h.Seed).Metrics()...)
	for m := range c.Metrics {
		r.MetricHeads = append(r.MetricHeads, c.Metrics[m].Name)
		r.Series = append(r.Series, Series{Name: c.Metrics[m].Name, Values: []float64{start[m].Float()}})
	}

	// Replay the game as finally played, White-cell acts included.
	var ledger []sim.Entry
	var turning []turningPoint
	prev := append([]sim.Fix(nil), start...)
	tally := c.NewCauseTally() // the whole truth: KeyDecisions applies the fog
	ropts := journal.Options{Force: opts.Force}
	var why []string     // the turn's AI reasons, taken before its AI sides plan
	var given []givenWhy // those of the sides the White cell gave to the computer
	avail := make([]sim.Fix, len(c.Sides))
	noBluffs := noBluffsWhy(h, c)
	var red *redTally // an adversary's report: its Red team's debrief
	if persp >= 0 && c.Sides[persp].Adversary {
		red = &redTally{side: persp}
	}
	var hist [][]sim.Fix // the metrics after each turn
	var histN []int      // and the turn's number
	ropts.BeforePlan = func(turn int, g *sim.Game, pols []sim.Policy) {
		why = aiWhy(c, persp, g, pols)
		given = givenReasons(c, persp, hands, turn, g)
		for _, s := range c.Alliance() {
			avail[s] = g.Available(s)
		}
	}
	ropts.OnTurn = func(t *journal.TurnResult, g *sim.Game, res *sim.Result) error {
		row := turnRow(c, persp, t, g, res, avail, noBluffs)
		row.AIWhy, why = append(why, givenLines(c, persp, given, t.Record)...), nil
		row.Played = playedLines(c, hands, t.Turn, turnNoun)
		for k, s := range c.Alliance() { // each side's column says who played it
			a := hands.Computer(t.Turn, s)
			if a == nil {
				continue
			}
			theirs := " — the computer's (" + sim.Sanitize(a.Value, false) + ")"
			switch {
			case persp < 0:
				row.Alloc[k] += theirs
			case persp == s:
				row.Alloc[0] += theirs
			default: // the allies' (or the alliance's) column, the last
				row.Alloc[len(row.Alloc)-1] += " — " + c.Sides[s].Name + theirs
			}
		}
		if red != nil {
			red.add(len(r.Turns), g.Signals(), res.Moves)
		}
		hist, histN = append(hist, slices.Clone(res.After)), append(histN, t.Turn)
		row.Moves = append(row.Moves, calledOffLines(c, persp, g)...)
		for m := range c.Metrics {
			r.Series[m].Values = append(r.Series[m].Values, res.After[m].Float())
		}
		tally.Add(c, res.Ledger)
		n0 := len(ledger)
		if persp < 0 { // the whole game
			ledger = append(ledger, res.Ledger...)
		} else {
			ledger = c.FogLedger(ledger, persp, res.Ledger)
		}
		row.Why = turnWhy(c, prev, res.After, ledger[n0:])
		r.Turns = append(r.Turns, row)
		turning = turningPoints(turning, c, t.Turn, prev, res.After, ledger[n0:])
		copy(prev, res.After)
		return nil
	}
	res, err := journal.Replay(j, ropts)
	if err != nil {
		return nil, err
	}
	diverged, game := res.Diverged, res.Game
	r.InProgress = !game.Over() && res.Stopped == nil
	if r.InProgress {
		turn := strings.ToLower(r.TurnLabel)
		played := fmt.Sprintf("%d of %d %ss played", len(r.Turns), c.Turns, turn)
		if persp < 0 {
			r.ProgressNote = fmt.Sprintf("Mid-game report for the White cell: the game goes on (%s). It shows every side's allocations, the truth about every signal and the White cell's decisions on the moves of the %s in progress: not for the teams before the game is over.", played, turn)
		} else {
			r.ProgressNote = fmt.Sprintf("Mid-game report: the game goes on (%s); the %s in progress is not in it.", played, turn)
		}
	}
	// A side's mid-game report does not tell which of this turn's signals
	// are real moves (the White cell's decisions on them).
	r.WhiteCell = whiteCellLines(j, c, strings.ToLower(r.TurnLabel), r.InProgress, persp >= 0)
	for _, d := range diverged {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%s %d: the replayed state differs from the journal's (hash mismatch): this report may not show the game as played", strings.ToLower(r.TurnLabel), d))
	}

	// Causes over the game.
	for m := range c.Metrics {
		end := game.Metric(m)
		r.Causes = append(r.Causes, MetricCauses{
			Metric: c.Metrics[m].Name,
			Change: c.FormatMetric(m, start[m]) + " → " + c.FormatMetric(m, end),
			Net:    c.FormatChange(m, end-start[m]),
			ByKind: byKind(c, ledger, m),
			Causes: explain(c, ledger, m, TopN, true),
			metric: m,
			net:    end - start[m],
		})
	}

	// Verdict, scorecard, objectives.
	r.Verdict = Verdict{Over: game.Over(), After: len(r.Turns), OfTurns: c.Turns}
	if st := res.Stopped; st != nil && !game.Over() {
		r.Verdict.WhiteCell = fmt.Sprintf("The White cell ended the game before %s %d", strings.ToLower(r.TurnLabel), st.WhiteCell.Turn)
		if reason := strings.TrimSpace(sim.Sanitize(st.WhiteCell.Reason, false)); reason != "" {
			r.Verdict.WhiteCell += ": " + reason
		}
		r.Verdict.WhiteCell += "."
	}
	if game.Over() {
		end := c.Ends[game.End()]
		r.Verdict.Title, r.Verdict.Text, r.Verdict.Success = end.Title, end.Text, end.Success
	} else if e := game.VerdictIfLast(); e >= 0 && r.Verdict.After > 0 {
		r.Verdict.IfLast, r.Verdict.IfLastSuccess = c.Ends[e].Title, c.Ends[e].Success
	}
	for _, g := range game.Scorecard() {
		r.Scorecard = append(r.Scorecard, Grade{Metric: c.Metrics[g.Metric].Name, Value: c.FormatMetric(g.Metric, g.Value), Grade: g.Grade})
	}
	for s := range c.Sides {
		if persp >= 0 && s != persp {
			continue
		}
		met, has := game.ObjectiveMet(s)
		if !has {
			continue
		}
		r.Objectives = append(r.Objectives, Objective{Side: c.Sides[s].Name, Objective: c.Sides[s].Objective, Met: met, SoFar: !game.Over()})
	}
	viewer := sim.Umpire
	if persp >= 0 {
		viewer = persp
	}
	for _, d := range c.KeyDecisions(tally, viewer, TopN) {
		// Whether it helped, as the end screen marks it (✓ helped, ✗
		// cost): "+9.65 on Escalation" is a cost only to a reader who
		// knows escalation is better low.
		r.KeyDecisions = append(r.KeyDecisions, c.DescribeImpact(d))
		r.DecisionHelped = append(r.DecisionHelped, (d.Delta > 0) != c.Metrics[d.Metric].GoodLow)
	}
	for _, d := range c.KeyMoves(tally, 0) {
		if red != nil && d.Entry.Side == persp {
			continue // in the Red team's own moves, weighed both ways
		}
		if len(r.KeyMoves) < TopN {
			r.KeyMoves = append(r.KeyMoves, c.DescribeImpact(d))
		}
	}
	r.TurningPoints, r.turning = describeTurningPoints(c, r.TurnLabel, turning)
	if persp < 0 || red != nil {
		reached := -1
		if game.Over() {
			reached = game.End()
		}
		r.NearEnds = nearEnds(c, reached, game.Metrics(), hist, histN, strings.ToLower(r.TurnLabel), r.InProgress)
	}
	if red != nil {
		red.debrief(r, c, tally, !r.InProgress, noBluffs[persp])
	}
	return r, nil
}

// causeName names one of groupCauses' causes as the report lists it: with
// its side in parentheses, a move with its outcome.
func causeName(c *sim.Compiled, x sim.Cause) string {
	name := c.CauseName(x.Entry) // a fogged entry has no side: "others' undisclosed allocations"
	if x.Side >= 0 && x.Side < len(c.Sides) && x.Kind != sim.CauseAction {
		name += " " + sim.Parenthetical(c.Sides[x.Side].Name)
	}
	if x.Kind == sim.CauseAction {
		if x.Success {
			name += " (succeeded)"
		} else {
			name += " (failed)"
		}
	}
	return name
}

// turningPoint is one turn's change of one scored metric.
type turningPoint struct {
	turn, metric  int
	before, after sim.Fix
	share         sim.Fix // |after − before| over the metric's range
	causes        []Cause // adding up to after − before
}

// minTurningShare is the least change, as a share of its metric's range,
// that makes a turning point: below it a quiet game has none.
const minTurningShare = sim.One / 50

// turningPoints adds to tps, kept largest share first and at most
// TurningPointsN long, the changes of c's scored metrics in turn (from
// before to after), each with its causes in ledger (the turn's entries,
// as the report's side may know them): the largest named, the rest in
// one line.
func turningPoints(tps []turningPoint, c *sim.Compiled, turn int, before, after []sim.Fix, ledger []sim.Entry) []turningPoint {
	sc := scored(c)
	for m := range c.Metrics {
		share, ok := notable(c, m, before[m], after[m])
		if !sc[m] || !ok {
			continue
		}
		tp := turningPoint{turn: turn, metric: m, before: before[m], after: after[m], share: share}
		tp.causes = explain(c, ledger, m, TurnCausesN, false)
		i := len(tps) // insertion: stable, earlier turns first among equals
		for i > 0 && tps[i-1].share < share {
			i--
		}
		if i < TurningPointsN {
			tps = slices.Insert(tps, i, tp)
			if len(tps) > TurningPointsN {
				tps = tps[:TurningPointsN]
			}
		}
	}
	return tps
}

// describeTurningPoints says tps in words, in order of play, and returns
// them in that order.
func describeTurningPoints(c *sim.Compiled, label string, tps []turningPoint) ([]string, []turningPoint) {
	tps = slices.Clone(tps)
	slices.SortStableFunc(tps, func(a, b turningPoint) int { return a.turn - b.turn })
	var out []string
	for _, tp := range tps {
		worse := (tp.after > tp.before) == c.Metrics[tp.metric].GoodLow
		dir := "better for the allies" // a Red team's report reads it too
		if worse {
			dir = "worse for the allies"
		}
		s := fmt.Sprintf("%s %d: %s %s (%s → %s), %s", label, tp.turn, c.Metrics[tp.metric].Name, c.FormatChange(tp.metric, tp.after-tp.before), c.FormatMetric(tp.metric, tp.before), c.FormatMetric(tp.metric, tp.after), dir)
		if len(tp.causes) > 0 {
			s += " — " + MetricCauses{Causes: tp.causes}.CauseList()
		}
		out = append(out, s)
	}
	return out, tps
}

// IfLastSentence says what the verdict would have been had the last
// turn played been the game's last ("" if the game reached an end):
// "Had week 3 been the last, the verdict would have been Deterrence held
// (an allied success)."
func (r *Report) IfLastSentence() string {
	if r.Verdict.IfLast == "" {
		return ""
	}
	return sim.IfLastSentence(strings.ToLower(r.TurnLabel), r.Verdict.After, r.Verdict.IfLast, r.Verdict.IfLastSuccess)
}

// heading is the report's title line: a mid-game report says so first,
// the White cell's whole one as the White cell's.
func (r *Report) heading() string {
	h := "After-action report: "
	switch {
	case r.InProgress && r.Perspective == "":
		h = "Mid-game White-cell report: "
	case r.InProgress:
		h = "Mid-game report: "
	}
	h += r.Title
	if r.Perspective != "" {
		h += " — as seen by " + r.Perspective
	}
	return h
}

// DecisionsNote introduces the list of the decisions that mattered most.
func (r *Report) DecisionsNote() string {
	s := "The allied decisions (allocations, answers to events, and what allocations brought about: a shortfall of the visible commitment, alignment with an ally's priorities) that moved the scored metrics most, each summed over the game, the largest share of its metric's range first, each marked as it helped the allies or cost them."
	if r.Perspective != "" {
		s += " As " + r.Perspective + " saw them: another side's points on a lever that is not visible are left out."
	}
	return s
}

// TurningNote introduces the list of the turning points.
func (r *Report) TurningNote() string {
	turn := strings.ToLower(r.TurnLabel)
	s := fmt.Sprintf("The %ss in which a scored metric moved most (its change over the %s as a share of its range), in order of play, each with its %d largest causes that %s and the rest in one line, adding up to the change; the %s-by-%s account is below.", turn, turn, TurnCausesN, turn, turn, turn)
	if r.Perspective != "" {
		s += " As " + r.Perspective + " saw them: another side's points on a lever that is not visible are not named."
	}
	return s
}

// KeyDecisionLines are KeyDecisions as the report lists them, each
// marked as it helped the allies or cost them: "Cost: Combined exercise
// (United States) +9.65 on Escalation (9.6% of its range)".
func (r *Report) KeyDecisionLines() []string { return helpedLines(r.KeyDecisions, r.DecisionHelped) }

// helpedLines marks each of lines "Helped: " where helped says so, else
// "Cost: ".
func helpedLines(lines []string, helped []bool) []string {
	var out []string
	for i, l := range lines {
		how := "Cost: "
		if i < len(helped) && helped[i] {
			how = "Helped: "
		}
		out = append(out, how+l)
	}
	return out
}

// MovesNote introduces the list of the adversary moves that hurt most.
const MovesNote = "The adversary moves that moved the scored metrics most for the worse, each move and outcome summed over the game, the largest share of its metric's range first."

// noBluffsWhy says, per side of c, the game of header h, why an adversary
// that never bluffs does not (sim.NoBluffsWhy, from the scenario as the
// journal carries it).
func noBluffsWhy(h *journal.Header, c *sim.Compiled) []string {
	written, err := sim.Parse(h.ScenarioFile, []byte(h.Source))
	if err != nil {
		written = nil
	}
	return sim.NoBluffsReasons(written, h.Difficulty, c)
}

// turnRow gathers one turn, as persp saw it (persp < 0: the whole game).
// avail is what each allied side had to spend on new points that turn.
func turnRow(c *sim.Compiled, persp int, t *journal.TurnResult, g *sim.Game, res *sim.Result, avail []sim.Fix, noBluffs []string) Turn {
	row := Turn{N: t.Turn}
	orders := t.Record.Orders
	alloc := func(pts func(l int) int) string {
		var parts []string
		for l := range c.Levers {
			if p := pts(l); p > 0 {
				parts = append(parts, c.Levers[l].Name+": "+strconv.Itoa(p))
			}
		}
		if len(parts) == 0 {
			return "—"
		}
		return strings.Join(parts, ", ")
	}
	sidePts := func(s int) func(int) int {
		return func(l int) int { return orders[c.Sides[s].ID][c.Levers[l].ID] }
	}
	// A side's own column says what it spent of what it had: a team that
	// left budget unspent (it is lost) shows it, as its commit dialog did.
	// Not for the allies' visible levers: their total would tell their
	// points on the hidden ones.
	spent := func(s int) string {
		var n sim.Fix
		for l := range c.Levers {
			n += c.Levers[l].Cost * sim.Fix(orders[c.Sides[s].ID][c.Levers[l].ID])
		}
		return alloc(sidePts(s)) + " (spent " + n.Format(1) + " of " + avail[s].Format(1) + ")"
	}
	othersPts := func(l int) int { // the allies' points persp could see (sim's fog of war)
		n := 0
		for _, a := range c.Alliance() {
			if a != persp && c.SeesPoints(persp, a, l) {
				n += orders[c.Sides[a].ID][c.Levers[l].ID]
			}
		}
		return n
	}
	switch {
	case persp < 0:
		for _, s := range c.Alliance() {
			row.Alloc = append(row.Alloc, spent(s))
		}
	case !c.Sides[persp].Adversary:
		row.Alloc = append(row.Alloc, spent(persp))
		if len(c.Alliance()) > 1 {
			row.Alloc = append(row.Alloc, alloc(othersPts))
		}
	default:
		row.Alloc = append(row.Alloc, alloc(othersPts))
	}
	for m := range c.Metrics {
		row.Metrics = append(row.Metrics, c.FormatMetric(m, res.After[m]))
	}
	// Signals before the moves: the truth for the whole game; for a side,
	// what its intelligence revealed (the rule of sim.Game.ViewInto).
	for _, sg := range g.Signals() {
		s := signalName(c, sg)
		switch {
		case persp < 0:
			truth := "bluff"
			if sg.Real {
				truth = "real"
			}
			if sg.Revealed {
				truth += ", seen through by intelligence"
			}
			s += ": " + truth
		default:
			switch c.Knows(persp, sg) {
			case sim.KnownReal:
				if c.NeverBluffs(sg.Side) {
					s += ": real (" + noBluffs[sg.Side] + ")"
					break
				}
				s += ": known real"
			case sim.KnownBluff:
				s += ": known bluff"
			default:
				s += ": may be a bluff"
			}
		}
		row.Signals = append(row.Signals, s)
	}
	for _, mv := range res.Moves {
		out := "failed"
		if mv.Success {
			out = "succeeded"
		}
		// As the results screen and run's log say it: the roll with as many
		// decimals as tell it from p ("p 0.74, roll 0.74" read as a tie
		// for a roll of 0.737 under 0.741), and for an outcome the White
		// cell decided, p alone (the roll drawn all the same decided
		// nothing: "succeeded, p 0.40, roll 0.39" read as a fair win).
		if mv.Forced {
			out += fmt.Sprintf(": decided by the White cell, p was %s", mv.P.Format(2))
		} else {
			roll, p := sim.FormatRoll(mv.Roll, mv.P)
			out += fmt.Sprintf(", p %s, roll %s", p, roll)
		}
		row.Moves = append(row.Moves, fmt.Sprintf("%s %s: %s", c.Actions[mv.Action].Name, sim.Parenthetical(c.Sides[mv.Side].Name), out))
	}
	for _, f := range res.Injects {
		in := &c.Injects[f.Inject]
		s := in.Title
		if a := f.Aside(); a != "" {
			s += " (" + a + ")"
		}
		if f.Choice >= 0 && f.Choice < len(in.Choices) {
			who := ""
			switch {
			case f.Defaulted && in.Decider >= 0 && in.Decider < len(c.Sides):
				who = "no answer from " + c.Sides[in.Decider].Name + ", the first choice applied: "
			case f.Defaulted:
				who = "no answer, the first choice applied: "
			case in.Decider >= 0 && in.Decider < len(c.Sides):
				who = c.Sides[in.Decider].Name + " chose: "
			}
			s += " — " + who + in.Choices[f.Choice].Label
		}
		row.Injects = append(row.Injects, s)
	}
	return row
}

// aiWhy says, for each lever each AI-played ally is about to put points
// on, what weighed most in its choice, as the perspective persp may see it
// (−1: everything; an ally sees another's points on visible levers alone;
// the adversary sees none of the allies' reasoning).
func aiWhy(c *sim.Compiled, persp int, g *sim.Game, pols []sim.Policy) []string {
	if persp >= 0 && c.Sides[persp].Adversary {
		return nil // the allies' reasoning is not the adversary's to see
	}
	var out []string
	for s, p := range pols {
		if p == nil || c.Sides[s].Adversary {
			continue
		}
		w := g.WhyAI(p, s)
		if w.Choice != nil {
			out = append(out, lookaheadLine(c, persp, *w.Choice))
		}
		out = reasonLines(out, c, persp, s, p.Name(), w.Reasons)
		out = declineLines(out, c, persp, s, p.Name(), w.Declines)
	}
	return out
}

// declineLines adds to out why side s (its policy named policy) left
// alone the joint levers a player held alone the turn before (ds, see
// sim.Game.PlanDeclines), as persp may see them: "United States
// (balanced): did not join South Korea on Combined exercise, where South
// Korea had points last week — a point there was worth less to it than
// its others", as the results say it.
func declineLines(out []string, c *sim.Compiled, persp, s int, policy string, ds []sim.PlanReason) []string {
	turn := strings.ToLower(c.TurnLabel)
	if turn == "" {
		turn = "turn"
	}
	for _, d := range ds {
		if persp >= 0 && !c.SeesPoints(persp, d.Lead, d.Lever) {
			continue
		}
		lead := c.Sides[d.Lead].Name
		out = append(out, fmt.Sprintf("%s (%s): did not join %s on %s, where %s had points last %s — %s",
			c.Sides[s].Name, sim.Sanitize(policy, false), lead, c.Levers[d.Lever].Name, lead, turn, c.WhyNot(d)))
	}
	return out
}

// lookahead is the name of the built-in policy that weighs whole plans,
// not levers (sim.Game.PlanReasons gives no reasons for it; its reasons are
// sim.Game.LookaheadWhy's).
const lookahead = "lookahead"

// lookaheadLine says why lookahead chose as ch records, for its side, as
// persp may know it: "United States (lookahead): chose deterrence-first,
// every ally playing it from here: 7 of 8 futures won (…)".
func lookaheadLine(c *sim.Compiled, persp int, ch sim.LookaheadChoice) string {
	return fmt.Sprintf("%s (%s): %s", c.Sides[ch.Side].Name, lookahead, c.WhyLookahead(ch, persp))
}

// reasonLines adds to out side s's reasons rs (its policy named policy),
// one a lever, as persp may see them.
func reasonLines(out []string, c *sim.Compiled, persp, s int, policy string, rs []sim.PlanReason) []string {
	for _, pr := range rs {
		if persp >= 0 && !c.SeesPoints(persp, s, pr.Lever) {
			continue
		}
		out = append(out, fmt.Sprintf("%s (%s): %s %d — %s", c.Sides[s].Name, sim.Sanitize(policy, false), c.Levers[pr.Lever].Name, pr.Points, c.Why(pr)))
	}
	return out
}

// givenWhy is why the computer planned as it did for a side the White
// cell gave it, taken before the turn's Step.
type givenWhy struct {
	side     int
	policy   string
	reasons  []sim.PlanReason
	declines []sim.PlanReason     // the joint levers a player held that it left alone
	choice   *sim.LookaheadChoice // lookahead's, its reasons those of the doctrine it chose
}

// givenReasons returns, for each allied side the computer played in turn
// by the White cell's act (hands), the reasons of the plan it made:
// sim.Game.WhyAIApart on g, the game as it planned from. None for the
// adversary's report.
func givenReasons(c *sim.Compiled, persp int, hands *Hands, turn int, g *sim.Game) []givenWhy {
	if persp >= 0 && c.Sides[persp].Adversary {
		return nil
	}
	var out []givenWhy
	for _, s := range c.Alliance() {
		a := hands.Computer(turn, s)
		if a == nil {
			continue
		}
		p, err := sim.PolicyByName(a.Value)
		if err != nil { // the journal's check refuses it first
			continue
		}
		w := g.WhyAIApart(p, s)
		gw := givenWhy{side: s, policy: p.Name(), reasons: w.Reasons, declines: w.Declines, choice: w.Choice}
		out = append(out, gw)
	}
	return out
}

// givenLines says given's reasons as aiWhy does, as persp may see them,
// where the plan they explain is the allocation rec records (else says
// so: the computer planned from another state in play).
func givenLines(c *sim.Compiled, persp int, given []givenWhy, rec *journal.TurnRecord) []string {
	var out []string
	for _, gw := range given {
		planned := map[string]int{}
		for _, pr := range gw.reasons {
			planned[c.Levers[pr.Lever].ID] = pr.Points
		}
		same := true
		for id, pts := range rec.Orders[c.Sides[gw.side].ID] {
			same = same && planned[id] == pts
			delete(planned, id)
		}
		if !same || len(planned) > 0 {
			out = append(out, fmt.Sprintf("%s (%s): no reasons: what it plans in the replay is not its allocation recorded", c.Sides[gw.side].Name, gw.policy))
			continue
		}
		if gw.choice != nil {
			out = append(out, lookaheadLine(c, persp, *gw.choice))
		}
		out = reasonLines(out, c, persp, gw.side, gw.policy, gw.reasons)
		out = declineLines(out, c, persp, gw.side, gw.policy, gw.declines)
	}
	return out
}

// playedLines says who played a side otherwise than the header has it in
// turn (noun: the turn's noun): a side the White cell gave to the
// computer, a Red team's side its doctrine played.
func playedLines(c *sim.Compiled, hands *Hands, turn int, noun string) []string {
	var out []string
	for s := range c.Sides {
		if a := hands.Computer(turn, s); a != nil {
			line := fmt.Sprintf("%s: the computer (%s), given by the White cell in %s %d", c.Sides[s].Name, sim.Sanitize(a.Value, false), noun, a.Turn)
			if r := strings.TrimSpace(sim.Sanitize(a.Reason, false)); r != "" {
				line += ": " + r
			}
			out = append(out, line)
		}
		if hands.Doctrine(turn, s) {
			out = append(out, c.Sides[s].Name+": its doctrine (no Red team's plan recorded)")
		}
	}
	return out
}

// calledOffLines says the moves and bluffs a Red team planned for the
// turn g was last briefed for that its briefing called off
// (sim.Game.CalledOff), as persp may know them: the whole game all, an
// adversary its own, an ally none (they were never signalled).
func calledOffLines(c *sim.Compiled, persp int, g *sim.Game) []string {
	var out []string
	for _, co := range g.CalledOff() {
		if persp >= 0 && persp != co.Side {
			continue
		}
		out = append(out, CalledOffLine(c, co))
	}
	return out
}

// CalledOffLine says a Red team's move or bluff the briefing called off:
// "China's move Maritime militia swarm was called off at the briefing:
// locked at rung 1 (Competition)".
func CalledOffLine(c *sim.Compiled, co sim.CalledOff) string {
	what := "move"
	if !co.Real {
		what = "bluff"
	}
	return fmt.Sprintf("%s %s %s was called off at the briefing: %s", sim.Possessive(c.Sides[co.Side].Name), what, c.Actions[co.Action].Name, co.Why)
}

// upperFirst returns s with its first letter in upper case.
func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+utf8.RuneLen(r):]
	}
	return s
}

// whiteCellLines describes the White cell's acts and the rollbacks of j,
// in file order, with the scenario's names. An act on the game a rollback
// undid, or one of a turn that was not played, says so; in a game that goes on
// (inProgress), one of the turn in progress says that. With fog (a side's
// report), a decision on an adversary move of that turn names neither the
// move nor why (it would tell which signals are real moves): only that a
// move's outcome was decided.
func whiteCellLines(j *journal.Journal, c *sim.Compiled, turn string, inProgress, fog bool) []string {
	clean := func(s string) string { return strings.TrimSpace(sim.Sanitize(s, false)) }
	inEffect := map[int]bool{} // by line
	last := 0
	for _, e := range j.History() {
		inEffect[e.Line] = true
		if e.Turn != nil {
			last = e.Turn.Turn
		}
	}
	end := j.Ended()
	var out []string
	takenBack := undoneBy(j) // act's line → the line of the undo that took it back
	for k, e := range j.Entries {
		switch {
		case e.WhiteCell != nil:
			w := e.WhiteCell
			if fog && inProgress && w.Action == journal.ActRoll && w.Turn > last {
				out = append(out, fmt.Sprintf("%s %d: decided an adversary move's outcome (which one is told once the %s is adjudicated) (journal line %d)", upperFirst(turn), w.Turn, turn, e.Line))
				continue
			}
			// The turn first, as a debrief reads it; the journal line last,
			// for whoever checks the record.
			// As the teams' results say it (Account): a timer's act was not
			// the White cell cutting the turn short, the clock ran out.
			msg := fmt.Sprintf("%s %d: %s", upperFirst(turn), w.Turn, w.Account(c))
			// Who, when it was not the White cell's own console (under the
			// heading "White cell", "(by White cell)" on every line said
			// nothing): a facilitator's key, a named console.
			if by := clean(w.By); by != "" && by != journal.ByTimer && !strings.EqualFold(by, "white cell") {
				msg += " (by " + by + ")"
			}
			if reason := clean(w.Reason); reason != "" {
				msg += " — " + reason
			}
			// What became of it, in the brackets of its journal line: two
			// brackets in a row ("(taken back by the White cell, journal
			// line 4) (journal line 3)") read as one thing said twice.
			note := ""
			switch {
			case !w.OnGame(): // a pause of a turn never played was a pause all the same
			case w.Action == journal.ActUndo: // the act it took back says so
			case !inEffect[e.Line]:
				for _, x := range j.Entries[k+1:] {
					if x.Rollback != nil && x.Rollback.Undo <= w.Turn {
						note = fmt.Sprintf("; undone by the rollback of %s %d and later", turn, x.Rollback.Undo)
						break
					}
					if u := takenBack[e.Line]; u > 0 {
						note = fmt.Sprintf("; taken back by the White cell at journal line %d", u)
						break
					}
				}
			case w.Turn > last && inProgress:
				note = fmt.Sprintf("; %s %d, in progress", turn, w.Turn)
			case w.Turn > last && (end == nil || e.Line != end.Line):
				note = fmt.Sprintf("; not applied: %s %d was not played", turn, w.Turn)
			}
			out = append(out, msg+fmt.Sprintf(" (journal line %d%s)", e.Line, note))
		case e.Rollback != nil:
			msg := fmt.Sprintf("Rollback of %s %d and later", turn, e.Rollback.Undo)
			if e.Rollback.Reason != "" {
				msg += " — " + clean(e.Rollback.Reason)
			}
			out = append(out, msg+fmt.Sprintf(" (journal line %d)", e.Line))
		}
	}
	return out
}

// Write writes r in format (FormatMarkdown or FormatHTML).
func (r *Report) Write(w io.Writer, format string) error {
	switch format {
	case FormatMarkdown, "":
		return r.Markdown(w)
	case FormatHTML:
		return r.HTML(w)
	}
	return fmt.Errorf("unknown format %q: md or html", format)
}

// undoneBy maps the journal line of each White-cell act an undo took back
// to the undo's line: an undo takes back the last act of its turn still in
// effect that changes the game (journal.ActUndo), as Journal.History does.
func undoneBy(j *journal.Journal) map[int]int {
	out := map[int]int{}
	var acts []journal.Entry // the game acts in effect, in order
	for _, e := range j.Entries {
		switch w := e.WhiteCell; {
		case e.Rollback != nil:
			acts = slices.DeleteFunc(acts, func(x journal.Entry) bool { return x.WhiteCell.Turn >= e.Rollback.Undo })
		case w == nil:
		case w.Action == journal.ActUndo:
			for i := len(acts) - 1; i >= 0; i-- {
				if acts[i].WhiteCell.Turn == w.Turn {
					out[acts[i].Line] = e.Line
					acts = slices.Delete(acts, i, i+1)
					break
				}
			}
		case w.Undoable():
			acts = append(acts, e)
		}
	}
	return out
}
