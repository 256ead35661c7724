package journal

import (
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
)

// Options controls Replay.
type Options struct {
	// Verify makes the first divergence of a turn's state hash, and any
	// torn line left unacknowledged at the end of the journal, an error.
	// Without it a divergence is only marked in the turn's result.
	Verify bool
	// To stops the replay after this turn of the history in effect (0:
	// play every turn recorded). It is an error if the journal has fewer.
	To int
	// Force replays a journal recorded under another engine version.
	Force bool
	// OnTurn, if set, is called after each turn is replayed; an error
	// from it stops the replay and is returned.
	OnTurn func(t *TurnResult, g *sim.Game, r *sim.Result) error
	// BeforePlan, if set, is called in each turn once it is briefed and
	// the White cell's acts are applied, just before the AI sides plan:
	// g is the game as they plan from, pols their policies (nil for the
	// other sides). It must not change g (plan on a clone, as
	// sim.Game.PlanReasons does).
	BeforePlan func(turn int, g *sim.Game, pols []sim.Policy)
}

// TurnResult is one replayed turn.
type TurnResult struct {
	Line     int // the turn record's line
	Turn     int
	Record   *TurnRecord
	Hash     string // the replayed state hash
	Recorded string // the hash the journal records
	Match    bool
	// WhiteCell lists the White cell's acts applied during the turn,
	// after its briefing and before its adjudication, in file order.
	WhiteCell []WhiteCell
	// Void lists the turn's decided rolls about moves the adversary did
	// not make (see sim.ErrNotReal): they had no effect.
	Void []WhiteCell
}

// Result is a finished replay.
type Result struct {
	Compiled *sim.Compiled
	Game     *sim.Game // the game after the last turn replayed
	Turns    []TurnResult
	Hash     string // the final state hash
	// Diverged lists the turns whose hash differs from the journal's
	// (empty with Verify: the first divergence is an error).
	Diverged []int
	// Stopped is the White cell's end act (with its line) if the White
	// cell ended the game before the turn after the last one replayed,
	// else nil.
	Stopped *Entry
	// Pending lists the White cell's acts recorded for the turn after the
	// last one replayed (before an end act, if any), in file order. They
	// are not applied: that turn is not briefed. A front end resuming the
	// game briefs the turn and applies them with Apply.
	Pending []WhiteCell
}

// DivergedError is the error of a game that is to go on from the replay
// (a resume, a fork, continuations) when a turn did not replay to the state
// the journal recorded, nil if every turn did. It names the turn's line and
// both hashes; it said only "turn 2 does not replay to the state the
// journal recorded", and not what to do.
func (r *Result) DivergedError(path string) error {
	if len(r.Diverged) == 0 {
		return nil
	}
	for _, t := range r.Turns {
		if t.Turn == r.Diverged[0] && !t.Match {
			return fmt.Errorf("%s: line %d: turn %d does not replay to the state the journal recorded (hash %s, the replay gives %s): the journal was edited, or written by another build of lattice; it cannot be played on from (lattice replay --verify shows it turn by turn)", path, t.Line, t.Turn, t.Recorded, t.Hash)
		}
	}
	return fmt.Errorf("%s: turn %d does not replay to the state the journal recorded", path, r.Diverged[0])
}

// DivergenceError is a turn whose replayed state hash differs from the
// journal's.
type DivergenceError struct {
	Path               string
	Line, Turn         int
	Recorded, Replayed string
	Note               string // a likely cause, if one is seen
}

func (e *DivergenceError) Error() string {
	s := fmt.Sprintf("%s: line %d: turn %d diverges: the journal records hash %s, the replay gives %s", e.Path, e.Line, e.Turn, e.Recorded, e.Replayed)
	if e.Note != "" {
		s += " (" + e.Note + ")"
	}
	return s
}

// policyNote says which AI sides' recorded orders differ from what their
// policy plans in the replay.
func policyNote(c *sim.Compiled, pols []sim.Policy, ai, o *sim.Orders) string {
	var sides []string
	for s, p := range pols {
		if p != nil && !slices.Equal(ai.Side(s), o.Side(s)) {
			sides = append(sides, fmt.Sprintf("%s's recorded orders are not what its policy %s plans", c.Sides[s].ID, p.Name()))
		}
	}
	return strings.Join(sides, "; ")
}

// Compile rebuilds the scenario from the header: its embedded source, then
// the difficulty, then the overrides in order, as scenarios.Compile does.
func (h *Header) Compile() (*sim.Compiled, error) {
	s, err := sim.Parse(h.ScenarioFile, []byte(h.Source))
	if err != nil {
		return nil, err
	}
	if s, err = s.WithDifficulty(h.Difficulty); err != nil {
		return nil, err
	}
	if len(h.Overrides) > 0 {
		s = s.Clone()
		for _, kv := range h.Overrides {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, fmt.Errorf("--set %s: expected KEY=VALUE", kv)
			}
			if err := s.Set(strings.TrimSpace(k), v); err != nil {
				return nil, fmt.Errorf("--set %s: %v", kv, err)
			}
		}
	}
	c, err := sim.Compile(s)
	if err != nil {
		return nil, err
	}
	if got := hex.EncodeToString(c.SHA256[:]); got != h.ScenarioSHA {
		return nil, fmt.Errorf("the scenario compiles with SHA-256 %s, not the %s recorded", got, h.ScenarioSHA)
	}
	if c.ID != h.Scenario {
		return nil, fmt.Errorf("the scenario's id is %q, not the %q recorded", c.ID, h.Scenario)
	}
	return c, nil
}

// Replay re-executes the game j records: it rebuilds the scenario from the
// header, starts a game with the recorded seed, and plays each turn in
// effect (turns a rollback undid are skipped) with the recorded orders,
// comparing each state hash with the recorded one. A fork with a reseed in
// its header is reseeded after turn ParentTurn, after OnTurn sees that turn
// (so the Game after a replay To ParentTurn has the fork's dice).
func Replay(j *Journal, opts Options) (*Result, error) {
	h := &j.Header
	if h.Engine != sim.EngineVersion && !opts.Force {
		return nil, &EngineError{Path: j.Path, Journal: h.Engine, Built: sim.EngineVersion}
	}
	if opts.Verify && len(j.Torn) > 0 {
		return nil, &Error{Path: j.Path, Line: j.Torn[0], Msg: "torn record at the end of the journal (lattice stopped while writing it?); it does not verify"}
	}
	if opts.Verify && j.Unterminated > 0 {
		return nil, &Error{Path: j.Path, Line: j.Unterminated, Msg: "torn: the last line has no end (lattice stopped while writing it?); it does not verify until the journal is resumed"}
	}
	c, err := h.Compile()
	if err != nil {
		return nil, &Error{Path: j.Path, Line: 1, Msg: "cannot rebuild the scenario: " + oneLine(err)}
	}
	hist := j.History()
	if opts.To > 0 {
		last := 0
		for _, e := range hist {
			if e.Turn != nil {
				last = e.Turn.Turn
			}
		}
		if opts.To > last {
			return nil, &Error{Path: j.Path, Msg: fmt.Sprintf("cannot stop after turn %d: the journal records %s", opts.To, turnsCount(last))}
		}
	}
	pols, human, err := policiesOf(c, h.Sides) // until a change of players
	if err != nil {
		return nil, &Error{Path: j.Path, Line: 1, Msg: "header: " + oneLine(err)}
	}
	type players struct {
		pols  []sim.Policy
		human []bool
	}
	changed := make([]players, len(h.Changes))
	for i, ch := range h.Changes {
		if ch.Sides != nil {
			if changed[i].pols, changed[i].human, err = policiesOf(c, ch.Sides); err != nil {
				return nil, &Error{Path: j.Path, Line: 1, Msg: fmt.Sprintf("header: changes[%d]: %s", i, oneLine(err))}
			}
		}
	}
	g := sim.NewGame(c, h.Seed)
	g.FollowLeads(human)       // the AI sides plan as they did in play (their orders are the recorded ones all the same)
	change := func(turn int) { // the fork's changes after turn, then its own reseed
		for i, ch := range h.Changes {
			if ch.At != turn {
				continue
			}
			if ch.Reseed != nil {
				g.Reseed(*ch.Reseed)
			}
			if ch.Sides != nil {
				pols, human = changed[i].pols, changed[i].human
				g.FollowLeads(human)
			}
		}
		if h.Reseed != nil && turn == h.ParentTurn {
			g.Reseed(*h.Reseed) // a fork with fresh dice
		}
	}
	change(0)
	o := c.NewOrders()
	ai := c.NewOrders() // what the AI sides plan, as in play
	res := &Result{Compiled: c, Game: g}
	var acts []Entry // the white-cell acts of the next turn, in file order
	done := false    // opts.To reached: only the next turn's acts are gathered
	for _, e := range hist {
		if w := e.WhiteCell; w != nil {
			if w.Action == ActEnd {
				res.Stopped = &Entry{Line: e.Line, WhiteCell: w}
				break
			}
			acts = append(acts, e)
			continue
		}
		if done {
			break
		}
		t := e.Turn
		errAt := func(format string, args ...any) error {
			return &Error{Path: j.Path, Line: e.Line, Msg: fmt.Sprintf("turn %d: ", t.Turn) + fmt.Sprintf(format, args...)}
		}
		if g.Over() {
			return nil, errAt("recorded after the game ended (after turn %d: %s)", g.Turn(), c.Ends[g.End()].ID)
		}
		if t.Turn != g.Turn() {
			return nil, errAt("the game is at turn %d", g.Turn())
		}
		if err := plan(c, g, t); err != nil {
			return nil, errAt("%v", err)
		}
		g.Brief()
		var applied, void []WhiteCell
		for _, a := range acts {
			if err := Apply(c, g, a.WhiteCell); err != nil {
				if errors.Is(err, sim.ErrNotReal) {
					// A decision about a move the adversary did not make
					// (it planned again after a restart): void, as in play.
					void = append(void, *a.WhiteCell)
					continue
				}
				return nil, &Error{Path: j.Path, Line: a.Line, Msg: fmt.Sprintf("turn %d: white-cell %v", a.WhiteCell.Turn, err)}
			}
			applied = append(applied, *a.WhiteCell)
		}
		acts = nil
		if err := fillOrders(c, o, t); err != nil {
			return nil, errAt("%v", err)
		}
		// The AI sides plan on top of the human sides' orders, as in play.
		ai.Clear()
		for s := range c.Sides {
			if human[s] {
				copy(ai.Side(s), o.Side(s))
			}
		}
		for i := range c.Injects {
			if d := c.Injects[i].Decider; d >= 0 && d < len(human) && human[d] {
				ai.Choices[i] = o.Choices[i]
			}
		}
		if opts.BeforePlan != nil {
			opts.BeforePlan(t.Turn, g, pols)
		}
		g.PlanSides(pols, ai)
		r, err := g.Step(o)
		if err != nil {
			return nil, errAt("the recorded orders are refused: %v", err)
		}
		tr := TurnResult{Line: e.Line, Turn: t.Turn, Record: t, Hash: fmt.Sprintf("%016x", g.Hash()), Recorded: t.Hash, WhiteCell: applied, Void: void}
		tr.Match = tr.Hash == tr.Recorded
		if !tr.Match {
			if opts.Verify {
				return nil, &DivergenceError{Path: j.Path, Line: e.Line, Turn: t.Turn, Recorded: t.Hash, Replayed: tr.Hash, Note: policyNote(c, pols, ai, o)}
			}
			res.Diverged = append(res.Diverged, t.Turn)
		}
		res.Turns = append(res.Turns, tr)
		if opts.OnTurn != nil {
			if err := opts.OnTurn(&res.Turns[len(res.Turns)-1], g, &r); err != nil {
				return nil, err
			}
		}
		change(t.Turn)
		if opts.To > 0 && t.Turn == opts.To {
			done = true
		}
	}
	for _, a := range acts {
		res.Pending = append(res.Pending, *a.WhiteCell)
	}
	res.Hash = fmt.Sprintf("%016x", g.Hash())
	return res, nil
}

// plan sets the human adversaries' recorded moves.
func plan(c *sim.Compiled, g *sim.Game, t *TurnRecord) error {
	for _, id := range sortedKeys(t.Plans) {
		s := c.SideIndex(id)
		if s < 0 {
			return fmt.Errorf("plans: no side %q in the scenario", id)
		}
		acts, bluffs, err := t.Plans[id].Indices(c)
		if err != nil {
			return fmt.Errorf("plans: %s: %v", id, err)
		}
		if err := g.Plan(s, acts, bluffs); err != nil {
			return fmt.Errorf("plans: %v", err)
		}
	}
	return nil
}

// Indices maps the plan's action ids to c's action indices.
func (p Plan) Indices(c *sim.Compiled) (actions, bluffs []int, err error) {
	if actions, err = actionIndices(c, p.Actions); err != nil {
		return nil, nil, err
	}
	if bluffs, err = actionIndices(c, p.Bluffs); err != nil {
		return nil, nil, err
	}
	return actions, bluffs, nil
}

func actionIndices(c *sim.Compiled, ids []string) ([]int, error) {
	out := make([]int, 0, len(ids))
	for _, id := range ids {
		k := c.ActionIndex(id)
		if k < 0 {
			return nil, fmt.Errorf("no action %q in the scenario", id)
		}
		out = append(out, k)
	}
	return out, nil
}

// FillOrders writes the record's orders and choices into o (cleared
// first), as a replay plays them; an error names a side, lever, inject or
// choice the scenario does not have.
func (t *TurnRecord) FillOrders(c *sim.Compiled, o *sim.Orders) error { return fillOrders(c, o, t) }

// fillOrders writes a turn record's orders and choices into o.
func fillOrders(c *sim.Compiled, o *sim.Orders, t *TurnRecord) error {
	o.Clear()
	for _, id := range sortedKeys(t.Orders) {
		s := c.SideIndex(id)
		if s < 0 {
			return fmt.Errorf("orders: no side %q in the scenario", id)
		}
		pts := t.Orders[id]
		for _, lid := range sortedKeys(pts) {
			l := c.LeverIndex(lid)
			if l < 0 {
				return fmt.Errorf("orders: %s: no lever %q in the scenario", id, lid)
			}
			o.Set(s, l, pts[lid])
		}
	}
	for _, iid := range sortedKeys(t.Choices) {
		i := -1
		for k := range c.Injects {
			if c.Injects[k].ID == iid {
				i = k
				break
			}
		}
		if i < 0 {
			return fmt.Errorf("choices: no inject %q in the scenario", iid)
		}
		ch := -1
		for k := range c.Injects[i].Choices {
			if c.Injects[i].Choices[k].ID == t.Choices[iid] {
				ch = k
				break
			}
		}
		if ch < 0 {
			return fmt.Errorf("choices: inject %s has no choice %q", iid, t.Choices[iid])
		}
		o.Choices[i] = ch
	}
	return nil
}

func turnsCount(n int) string {
	if n == 1 {
		return "1 turn"
	}
	return fmt.Sprintf("%d turns", n)
}

func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// Apply does the White cell's act w in game g of scenario c: it checks the
// record (as a journal reader does), that it is for the turn g is at, and
// maps its ids to c's indices, then fires the inject (sim.Game.FireInject),
// sets the metric (SetMetric), decides the move (ForceOutcome) or sets the
// budget (SetBudget). The
// game must be briefed and not yet stepped. End, pause, resume, timer,
// force, computer and team do not change the game: Apply checks them and
// returns nil. Replay calls
// it for every act, and so should a front end when the White cell acts,
// so that a game replays as it was played. Errors name the act and its id:
// `inject "x": no such inject in the scenario`.
func Apply(c *sim.Compiled, g *sim.Game, w *WhiteCell) error {
	if err := checkWhiteCell(w); err != nil {
		return err
	}
	if w.Turn != g.Turn() {
		return fmt.Errorf("%s: the act is for turn %d, but the game is at turn %d", w.Action, w.Turn, g.Turn())
	}
	switch w.Action {
	case ActInject:
		i := c.InjectIndex(w.Inject)
		if i < 0 {
			return fmt.Errorf("inject %q: no such inject in the scenario", w.Inject)
		}
		if err := g.FireInject(i); err != nil {
			return fmt.Errorf("inject %q: %v", w.Inject, err)
		}
	case ActMetric:
		m := c.MetricIndex(w.Metric)
		if m < 0 {
			return fmt.Errorf("metric %q: no such metric in the scenario", w.Metric)
		}
		v, err := sim.ParseFix(w.Value)
		if err != nil { // checkWhiteCell refuses it first
			return fmt.Errorf("metric %q: value %q is not a decimal number", w.Metric, w.Value)
		}
		if err := g.SetMetric(m, v); err != nil {
			return fmt.Errorf("metric %q: %v", w.Metric, err)
		}
	case ActRoll:
		a := c.ActionIndex(w.Move)
		if a < 0 {
			return fmt.Errorf("roll %q: no such adversary action in the scenario", w.Move)
		}
		if err := g.ForceOutcome(a, w.Outcome == OutcomeSuccess); err != nil {
			return fmt.Errorf("roll %q: %w", w.Move, err)
		}
	case ActBudget:
		side := c.SideIndex(w.Side)
		if side < 0 {
			return fmt.Errorf("budget %q: no such side in the scenario", w.Side)
		}
		v, err := sim.ParseFix(w.Value)
		if err != nil { // checkWhiteCell refuses it first
			return fmt.Errorf("budget %q: value %q is not a decimal number", w.Side, w.Value)
		}
		if err := g.SetBudget(side, v); err != nil {
			return fmt.Errorf("budget %q: %v", w.Side, err)
		}
	case ActComputer, ActTeam:
		if side := c.SideIndex(w.Side); side < 0 || c.Sides[side].Adversary {
			return fmt.Errorf("%s %q: no such allied side in the scenario", w.Action, w.Side)
		}
	case ActUndo:
		// Taken by Journal.History, which drops the act it undoes: a game
		// is rebuilt without that act, not changed by this one.
	}
	return nil
}

// OnGame reports whether the act changes the game (an inject, a metric, a
// move's outcome, a budget, the end), rather than running the session
// (the turn timer's pause, resume and extra time, a forced commit, a side
// given to the computer or back to the teams), which happened whatever a
// rollback later undid or whether its turn was played.
func (w *WhiteCell) OnGame() bool {
	switch w.Action {
	case ActPause, ActResume, ActTimer, ActForce, ActComputer, ActTeam:
		return false
	}
	return true
}

// ByTimer is the By of a force act the server's turn timer made when it
// ran out: not a person's doing.
const ByTimer = "timer"

// Account is Describe as the teams' results and the after-action report
// tell an act: a phase the turn timer ended reads "the turn timer ran out,
// so play moved on without waiting for every side", not as if the White
// cell had cut the turn short.
func (w *WhiteCell) Account(c *sim.Compiled) string {
	if w.Action == ActForce && w.By == ByTimer {
		return "the turn timer ran out, so play " + w.Describe(c)
	}
	return w.Describe(c)
}

// Describe says in words what the act did, with the scenario's names where
// c (which may be nil) knows the ids: `fired inject "US redeployment
// request"`, `set Cohesion to 33`, `decided "Maritime militia swarm":
// failure`, `ended the game`, `paused`, `resumed`, `added 2m to the turn
// timer`, `set United States' budget to 8 a week`. Text from the journal is sanitized (sim.Sanitize); the reason and
// who acted are left out.
func (w *WhiteCell) Describe(c *sim.Compiled) string {
	clean := func(s string) string { return sim.Sanitize(s, false) }
	switch w.Action {
	case ActInject:
		name := w.Inject
		if c != nil {
			if i := c.InjectIndex(w.Inject); i >= 0 {
				name = c.Injects[i].Title
			}
		}
		return fmt.Sprintf("fired inject %q", clean(name))
	case ActMetric:
		name, val := w.Metric, w.Value
		if c != nil {
			if m := c.MetricIndex(w.Metric); m >= 0 {
				name = c.Metrics[m].Name
				if v, err := sim.ParseFix(w.Value); err == nil {
					val = c.FormatMetric(m, v)
				}
			}
		}
		return fmt.Sprintf("set %s to %s", clean(name), clean(val))
	case ActRoll:
		name := w.Move
		if c != nil {
			if a := c.ActionIndex(w.Move); a >= 0 {
				name = c.Actions[a].Name
			}
		}
		return fmt.Sprintf("decided %q: %s", clean(name), clean(w.Outcome))
	case ActBudget:
		whose, val, per := "the budget of "+clean(w.Side), w.Value, "turn" // an id takes no possessive ("us's")
		if c != nil {
			if s := c.SideIndex(w.Side); s >= 0 {
				whose = sim.Possessive(clean(c.Sides[s].Name)) + " budget"
			}
			per = strings.ToLower(c.TurnLabel)
		}
		if v, err := sim.ParseFix(w.Value); err == nil {
			val = v.String()
		}
		return fmt.Sprintf("set %s to %s a %s", whose, clean(val), clean(per))
	case ActEnd:
		return "ended the game"
	case ActPause:
		return "paused"
	case ActResume:
		return "resumed"
	case ActTimer:
		return "added " + seconds(w.Seconds) + " to the turn timer"
	case ActForce:
		return "moved on without waiting for every side"
	case ActUndo:
		return "undid its last act of the turn"
	case ActComputer, ActTeam:
		name := clean(w.Side)
		if c != nil {
			if s := c.SideIndex(w.Side); s >= 0 {
				name = clean(c.Sides[s].Name)
			}
		}
		if w.Action == ActTeam {
			return "gave " + name + " back to the teams"
		}
		return fmt.Sprintf("gave %s to the computer (%s)", name, clean(w.Value))
	}
	return clean(w.Action)
}

// seconds writes a number of seconds as "45s", "2m", "1m30s" or "1h5m".
func seconds(n int) string {
	if n <= 0 {
		return fmt.Sprintf("%ds", n)
	}
	var b strings.Builder
	if h := n / 3600; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m := n / 60 % 60; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s := n % 60; s > 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}
