package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
	"lattice/sim/journal"
)

// Session is one game as the interface drives it: who plays which side,
// the draft orders, and what has happened so far. It holds no rules: every
// number comes from the sim.Game.
type Session struct {
	Game     *sim.Game
	C        *sim.Compiled
	Human    []bool       // by side: played by a person
	Policies []sim.Policy // by side: AI policy of allied AI sides
	// PolicySources holds, by side, the text of the policy file an AI
	// side's policy was read from (nil for a built-in policy), which the
	// journal keeps so that the game replays without the file.
	PolicySources [][]byte
	Orders        *sim.Orders // the turn's orders, filled side by side
	Seed          uint64
	Level         string // difficulty
	// NoBluffs says, by side, why an adversary that never bluffs does not
	// (sim.NoBluffsReasons, from the scenario as its file has it): set by
	// SetWritten; nil if the file was not at hand.
	NoBluffs []string

	// Journal, if set, receives every committed turn (flushed and fsynced).
	Journal     *journal.Writer
	JournalPath string
	JournalErr  error // the last failure to write it, shown to the players (a *JournalFault while records are kept unwritten)
	// journalLog tells the host of the journal's troubles (SetJournalLog);
	// journalNotes are those told before it was set.
	journalLog   func(string)
	journalNotes []string

	History [][]sim.Fix // metric values: start, then after each turn
	Results []TurnRecord

	// Acts lists the White cell's acts in words, oldest first; Stopped is
	// the reason the White cell ended the game ("" while it goes on).
	Acts    []string
	Stopped string
	// actTurns is, for each of Acts, the turn the act was of: −1 once a
	// rollback undid it, 0 for a rollback's own line (see addAct);
	// actTold, whether the teams are told of it (see ToldActsOf).
	actTurns []int
	actTold  []bool
	actGame  []bool // the act changes the game (an undo may take it back)
	actTimer []bool // the turn timer's act (moved on), not the White cell's
	// turnActs are the White cell's acts of the turn in progress that an
	// undo may take back, in the order taken (UndoAct rebuilds the turn
	// with them).
	turnActs []journal.WhiteCell
	// rolledBack is the reason the White cell gave for its last rollback
	// ("" for none), for the word the teams are given (rollbackNotice).
	rolledBack string
	// Reports are the paths of the after-action report WriteReport last
	// wrote (the end screen shows them).
	Reports []string

	// Per-turn progress.
	Briefing    sim.Briefing
	committed   []bool               // by side, this turn
	plans       map[int]journal.Plan // human adversaries' moves this turn, for the journal
	marks       map[int]journal.Plan // human adversaries' moves marked, not committed, this turn (kept in the draft)
	causes      []int64              // metric × cause key, over the game (for "decisions that mattered")
	pending     *draft               // a draft restored with the journal, applied when the turn is briefed
	pendingActs []journal.WhiteCell  // White-cell acts restored with the journal, applied when the turn is briefed
	// pendingAll are the White cell's records of the turn in progress as
	// the journal has them, in file order: pendingActs, and the acts an
	// undo took back with the undos, so that the acts listed after a
	// resume are those played.
	pendingAll []journal.WhiteCell
	snaps      []*sim.Game // the game before each turn was briefed (snaps[k]: before turn k+1), for Rollback
	// forkOf is the file name of the journal Fork took the game from, and
	// forkAt the turn it was taken after ("" for a game that is no fork
	// made now), for the word the player is given on its first screen.
	forkOf string
	forkAt int
	// hint is where a fork of the finished game could turn it, once
	// worked out (forkHint).
	hint *forkHint
	// restored: the session was reopened from its journal (Resume), not
	// begun or forked now.
	restored bool
	// teams marks, by side, the sides the journal has as people's: Human
	// as the game began. The White cell may give those to the computer
	// and back (GiveSide); Human says who plays them now.
	teams []bool
	// whiteCell: the game has a White-cell console at its one screen (it
	// began with one, or its journal shows one acted), kept in the
	// journal's header so that a resumed game gets it back.
	whiteCell bool
}

// TurnRecord keeps what one turn did, for the results screen, charts and
// the scorecard (the Result's slices are copied: the Game reuses them).
type TurnRecord struct {
	Turn    int
	Before  []sim.Fix
	After   []sim.Fix
	Ledger  []sim.Entry
	Moves   []sim.Move
	Injects []sim.FiredInject
	Points  []int // side × lever
	// Bluffs are the actions signalled this turn that were bluffs: once
	// the turn is played every side knows they never came.
	Bluffs []int
	// Budgets are the allied base budgets the White cell set this turn
	// (sim.Game.SetBudget): not metrics, so in no ledger.
	Budgets []BudgetSet
	// Reasons holds, per side played by a fixed-weight AI policy, why it
	// put its points where it did (sim.Game.PlanReasons); nil for the
	// others, and for turns rebuilt from a journal.
	Reasons [][]sim.PlanReason
	// Declines holds, per such side, the joint levers a player held
	// alone that it left alone this turn, and why (sim.Game.PlanDeclines).
	Declines [][]sim.PlanReason
	// Played names, per side, the policy the computer played it with this
	// turn ("" for people, and for the sides it did not play): who
	// decided, as the turn was played, not as the sides are played now.
	Played []string
	// Chose holds, per side played by lookahead, why it took its
	// allocation (sim.Game.LookaheadWhy): the doctrine it chose and how
	// the futures it imagined went; nil for the other sides.
	Chose []*sim.LookaheadChoice
	// CalledOff are the Red team's moves the briefing called off
	// (sim.Game.CalledOff).
	CalledOff []sim.CalledOff
	Over      bool
	End       int
}

// BudgetSet is a side's base budget set by the White cell during a turn.
type BudgetSet struct {
	Side     int
	From, To sim.Fix
}

// NewSession starts a game. human marks the sides people play; the other
// allied sides play pols (indexed by side).
// SetWritten records what the session needs of its scenario as the file
// has it, before a difficulty level and overrides (nil: not at hand): why
// each adversary that never bluffs does not (sim.NoBluffsReasons).
func (s *Session) SetWritten(written *sim.Scenario) {
	if written != nil {
		s.NoBluffs = sim.NoBluffsReasons(written, s.Level, s.C)
	}
}

func NewSession(c *sim.Compiled, seed uint64, level string, human []bool, pols []sim.Policy) *Session {
	s := &Session{C: c, Human: human, Policies: pols, Orders: c.NewOrders(), Seed: seed, Level: level, teams: slices.Clone(human)}
	s.setGame(sim.NewGame(c, seed))
	s.History = append(s.History, append([]sim.Fix(nil), s.Game.Metrics()...))
	s.committed = make([]bool, len(c.Sides))
	s.causes = make([]int64, len(c.Metrics)*c.NumCauseKeys())
	s.snapshot()
	return s
}

// setGame makes g the session's game. Its AI allies follow the players
// onto joint levers (sim.Game.FollowLeads), as a partner would: the sides
// the journal has as people's, as a replay has them, whoever plays them
// now (a rollback after the White cell gave a side to the computer
// changed the leads, and the journal no longer replayed).
func (s *Session) setGame(g *sim.Game) {
	s.Game = g
	g.FollowLeads(s.teams)
}

// HumanAdversaries returns the adversary sides people play.
func (s *Session) HumanAdversaries() []int {
	var out []int
	for i, sd := range s.C.Sides {
		if sd.Adversary && s.Human[i] {
			out = append(out, i)
		}
	}
	return out
}

// calledOffText says why the briefing called off a Red team's move co.
func calledOffText(c *sim.Compiled, co sim.CalledOff) string {
	what := "move"
	if !co.Real {
		what = "bluff"
	}
	return fmt.Sprintf("%s %s %s was called off at the briefing: %s", sim.Possessive(sim.Sanitize(c.Sides[co.Side].Name, false)), what,
		sim.Sanitize(c.Actions[co.Action].Name, false), co.Why)
}

// HumanAllies returns the allied sides people play, in side order.
func (s *Session) HumanAllies() []int {
	var out []int
	for _, a := range s.C.Alliance() {
		if s.Human[a] {
			out = append(out, a)
		}
	}
	return out
}

// PlanAdversary records a human adversary's moves for the coming turn.
func (s *Session) PlanAdversary(side int, actions, bluffs []int) error {
	if err := s.Game.Plan(side, actions, bluffs); err != nil {
		return err
	}
	p := journal.Plan{Actions: []string{}, Bluffs: []string{}}
	for _, a := range actions {
		p.Actions = append(p.Actions, s.C.Actions[a].ID)
	}
	for _, a := range bluffs {
		p.Bluffs = append(p.Bluffs, s.C.Actions[a].ID)
	}
	if s.plans == nil {
		s.plans = map[int]journal.Plan{}
	}
	s.plans[side] = p
	return nil
}

// Brief opens the turn (once) and resets the drafts.
func (s *Session) Brief() sim.Briefing {
	fresh := !s.Game.Briefed()
	if fresh {
		s.Orders.Clear()
		clear(s.committed)
	}
	s.Briefing = s.Game.Brief()
	if fresh {
		s.turnActs = nil
		s.applyPendingActs()
		s.applyDraft()
		s.Briefing = s.Game.Brief() // with any inject the White cell fired
	}
	return s.Briefing
}

// Hotseat reports whether people play more than one side: a game of
// teams (at one screen, or over SSH), not a solo player's. It counts the
// sides the journal has as people's, not those people play now: a side
// the White cell gave to the computer leaves a game of teams one still
// (counted as played now, the screen became a solo player's, unfogged,
// and showed the other team's undisclosed points).
func (s *Session) Hotseat() bool {
	n := 0
	for _, h := range s.teams {
		if h {
			n++
		}
	}
	return n > 1
}

// Committed reports whether side has committed this turn.
func (s *Session) Committed(side int) bool { return s.committed[side] }

// Commit marks side's draft final.
func (s *Session) Commit(side int) { s.committed[side] = true }

// CheckSide is the engine's CheckSide of side's draft in o, its refusal
// worded for the players: the side and the lever by name, not by id
// ("South Korea: spends 7.0 …", not "rok: spends 7.0 …").
func (s *Session) CheckSide(o *sim.Orders, side int) error {
	g := s.Game
	err := g.CheckSide(o, side)
	if err == nil {
		return nil
	}
	var pe *sim.PointsError
	if errors.As(err, &pe) && pe.Problem == sim.PointsOverBudget {
		// With the decimals of the budget line: at one, 7 spent of 5.95
		// read "spends 7.0 but only 6.0 is available".
		p := budgetPrec(g.Budget(side), g.Upkeep(side), pe.Spend, pe.Available-pe.Spend)
		return renamedError{fmt.Sprintf("%s: spends %s but only %s is available this turn", s.C.Sides[side].Name, pe.Spend.Format(p), pe.Available.Format(p)), err}
	}
	return renamedError{s.named(err.Error()), err}
}

// renamedError is an engine error said in the players' words (names for
// ids), keeping the engine's error beneath for errors.As.
type renamedError struct {
	msg string
	err error
}

func (e renamedError) Error() string { return e.msg }
func (e renamedError) Unwrap() error { return e.err }

// named replaces the side's id and then the lever's id that lead an
// engine's message about a draft by their names.
func (s *Session) named(msg string) string {
	for _, sd := range s.C.Sides {
		rest, ok := strings.CutPrefix(msg, sd.ID+": ")
		if !ok {
			continue
		}
		for _, l := range s.C.Levers {
			if r, ok := strings.CutPrefix(rest, l.ID+": "); ok {
				rest = l.Name + ": " + r
				break
			}
		}
		return sd.Name + ": " + rest
	}
	return msg
}

// Unfit is a human ally's draft the engine no longer accepts, and why.
type Unfit struct {
	Side int
	Err  error // from sim.Game.CheckSide: about this side's draft only
}

// ReopenUnfit re-opens the committed drafts that the engine no longer
// accepts (a White-cell act cut a budget, raised the rung or changed what a
// lever requires) and returns them, so that their sides can be told and
// play again. The other sides' drafts and commits stand. Before the turn
// is briefed the drafts and commits are the last turn's: nothing is
// re-opened.
func (s *Session) ReopenUnfit() []Unfit {
	var out []Unfit
	if !s.Game.Briefed() {
		return nil
	}
	for _, a := range s.HumanAllies() {
		if !s.committed[a] {
			continue
		}
		if err := s.CheckSide(s.Orders, a); err != nil {
			s.committed[a] = false
			out = append(out, Unfit{Side: a, Err: err})
		}
	}
	return out
}

// fitDraft sets side's draft to want (points by lever): point by point, in
// lever order, each kept only if the engine still accepts the side's draft
// with it (its budget, the locks, the maximums). Other sides' drafts are
// not looked at. It returns the points placed and the points wanted.
func (s *Session) fitDraft(side int, want []int) (placed, wanted int) {
	o := s.Orders
	want = slices.Clone(want) // want may be o's own slice
	o.ClearSide(side)
	for l, n := range want {
		wanted += n
		for p := 1; p <= n; p++ {
			o.Set(side, l, p)
			if s.Game.CheckSide(o, side) != nil {
				o.Set(side, l, p-1)
				break
			}
			placed++
		}
	}
	return placed, wanted
}

// AllCommitted reports whether every human allied side has committed.
func (s *Session) AllCommitted() bool {
	for _, a := range s.HumanAllies() {
		if !s.committed[a] {
			return false
		}
	}
	return true
}

// bluffs lists the actions g signalled this turn as bluffs (after Step,
// before the next Brief, g's signals are the turn's).
func bluffs(g *sim.Game) []int {
	var out []int
	for _, sg := range g.Signals() {
		if !sg.Real {
			out = append(out, sg.Action)
		}
	}
	return out
}

// Adjudicate lets the AI sides plan, steps the game and records the turn.
func (s *Session) Adjudicate() (*TurnRecord, error) {
	reasons, declines, chose := planWhy(s.Game, s.Policies, s.Human)
	played := playedBy(s.Policies, s.Human)
	for side, p := range s.Policies {
		if p != nil && !s.Human[side] {
			p.Plan(s.Game, side, s.Orders)
		}
	}
	var budgets []BudgetSet
	if n := len(s.snaps); n > 0 { // the game as this turn was briefed
		for _, a := range s.C.Alliance() {
			if from, to := s.snaps[n-1].BaseBudget(a), s.Game.BaseBudget(a); from != to {
				budgets = append(budgets, BudgetSet{Side: a, From: from, To: to})
			}
		}
	}
	r, err := s.Game.Step(s.Orders)
	if err != nil {
		return nil, err
	}
	rec := TurnRecord{Budgets: budgets, Reasons: reasons, Declines: declines, Chose: chose, Played: played, Turn: r.Turn, Before: append([]sim.Fix(nil), r.Before...), After: append([]sim.Fix(nil), r.After...),
		Ledger: append([]sim.Entry(nil), r.Ledger...), Moves: append([]sim.Move(nil), r.Moves...),
		Injects: append([]sim.FiredInject(nil), r.Injects...), Points: append([]int(nil), s.Orders.Points...), Bluffs: bluffs(s.Game), Over: r.Over, End: r.End,
		CalledOff: slices.Clone(s.Game.CalledOff())}
	nk := s.C.NumCauseKeys()
	for _, e := range r.Ledger {
		s.causes[e.Metric*nk+s.C.CauseKey(e)] += int64(e.Delta)
	}
	if err := s.record(r.Turn); err != nil {
		s.JournalErr = err
	} else if s.Journal == nil || s.Journal.Kept() == 0 {
		s.dropDraft() // the turn is in the file: its draft is done with
	}
	s.plans, s.marks = nil, nil
	s.Results = append(s.Results, rec)
	s.History = append(s.History, append([]sim.Fix(nil), rec.After...))
	s.snapshot()
	return &s.Results[len(s.Results)-1], nil
}

// Decision is one cause that moved the game, summed over every turn
// (sim's assessment).
type Decision = sim.Impact

// KeyDecisions returns the allied decisions (levers, inject choices,
// visible-commitment shortfalls and alignment)
// that moved the scenario's scored metrics most over the game, largest
// first, at most n, among those whose cause shown allows (all if nil): a
// seat passes its side's fog of war, so another side's points on a lever
// that is not visible are left out. sim ranks them (Compiled.KeyDecisions);
// a caller that knows its side can ask sim with it directly.
func (s *Session) KeyDecisions(n int, shown func(sim.Entry) bool) []Decision {
	var out []Decision
	for _, d := range s.C.KeyDecisions(s.causes, sim.Umpire, 0) {
		if len(out) == n {
			break
		}
		if shown == nil || shown(d.Entry) {
			out = append(out, d)
		}
	}
	return out
}

// Overridden returns the White cell's overrides' total change to metric m
// over the game (0 if it set none).
func (s *Session) Overridden(m int) sim.Fix {
	k := s.C.CauseKey(sim.Entry{Metric: m, Kind: sim.CauseOverride, Cause: -1, Side: -1, Choice: -1, Via: -1})
	return sim.Fix(s.causes[m*s.C.NumCauseKeys()+k])
}

// KeyMoves returns the adversary moves that hurt the allies most over the
// game on the scenario's scored metrics (each move and outcome summed over
// every turn, only changes for the worse), largest first, at most n.
func (s *Session) KeyMoves(n int) []Decision {
	if n <= 0 {
		return nil
	}
	return s.C.KeyMoves(s.causes, n)
}

// playedBy names, per side, the policy of pols that plays it (not
// human[side]), "" for the others.
func playedBy(pols []sim.Policy, human []bool) []string {
	out := make([]string, len(pols))
	for side, p := range pols {
		if p != nil && (side >= len(human) || !human[side]) {
			out[side] = p.Name()
		}
	}
	return out
}

// planWhy returns why each AI side's policy (pols[side], not human[side])
// will put its points where it does, and leave alone the joint levers a
// player held alone, planning on clones (sim.Game.PlanReasons and
// PlanDeclines), before the policies plan; and, for a side lookahead
// plays, which doctrine it will choose and why (sim.Game.LookaheadWhy).
func planWhy(g *sim.Game, pols []sim.Policy, human []bool) (reasons, declines [][]sim.PlanReason, chose []*sim.LookaheadChoice) {
	reasons = make([][]sim.PlanReason, len(pols))
	declines = make([][]sim.PlanReason, len(pols))
	chose = make([]*sim.LookaheadChoice, len(pols))
	for side, p := range pols {
		if p != nil && (side >= len(human) || !human[side]) {
			w := whyAIOf(g, p, side)
			reasons[side], declines[side], chose[side] = w.Reasons, w.Declines, w.Choice
		}
	}
	return reasons, declines, chose
}
