package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
	"lattice/sim/journal"
)

// White-cell acts on a session: the same whether the White cell sits at
// the one screen of a hotseat seminar (play --hotseat --white-cell) or at
// the server's console. Every act goes through journal.Apply, as replay
// does, and into the journal, so the game replays as it was played.

// Act applies the White cell's act w to the briefed turn (inject, metric,
// roll, budget) or just records it (pause, resume, timer), and journals it. The
// turn is filled in. Use Stop to end the game.
func (s *Session) Act(w journal.WhiteCell) error {
	if s.Over() {
		return errors.New("the game is over")
	}
	w.Turn = s.Game.Turn()
	if w.By == "" {
		w.By = "console"
	}
	w.Reason = strings.TrimSpace(sim.Sanitize(w.Reason, false))
	switch w.Action {
	case journal.ActInject, journal.ActMetric, journal.ActRoll, journal.ActBudget:
		if !s.Game.Briefed() {
			return errors.New("the turn is not briefed yet: the White cell acts once the briefing is out")
		}
	case journal.ActEnd:
		return errors.New("use Stop to end the game")
	}
	if err := journal.Apply(s.C, s.Game, &w); err != nil {
		return err
	}
	s.addActOf(&w, s.actLine(&w))
	if w.Undoable() {
		s.turnActs = append(s.turnActs, w)
	}
	if s.Journal != nil {
		if err := s.Journal.WhiteCell(w); err != nil {
			s.JournalErr = err
		}
	}
	return nil
}

// notice is what the teams are told of the White cell's act w once Act
// has taken it: the act's line in Acts, reason included ("the White cell:
// Week 2: fired inject "…" — the reason"), for an act that changes what
// they play with (an inject, a metric, a budget). It is "" for an act they
// are not told of: a move's outcome decided would tell them which signal
// is real, and a pause or the timer shows on their screens in its own way.
// The server's seats and the hotseat's shared screen both say this.
func (s *Session) notice(w journal.WhiteCell) string {
	if tellsTeams(w.Action) && len(s.Acts) > 0 {
		return "the White cell: " + s.Acts[len(s.Acts)-1]
	}
	return ""
}

// tellsTeams reports whether the teams are told of a White-cell act of
// this kind (see notice).
func tellsTeams(action string) bool {
	switch action {
	case journal.ActInject, journal.ActMetric, journal.ActBudget, journal.ActComputer, journal.ActTeam, journal.ActUndo:
		return true
	}
	return false
}

// briefRestored briefs the turn (Brief) and returns what the teams are
// told again of the White cell's acts that a turn restored from its
// journal brings back (restoredNotices): a server's waiting screens and
// returning teams, a hotseat's sides behind their hand-overs.
func (s *Session) briefRestored() []string {
	pending, from := s.pendingActs, len(s.Acts)
	s.Brief()
	return s.restoredNotices(pending, from)
}

// restoredNotices returns what the teams were told of the acts among
// pending (the acts a journal restored for the turn in progress) that
// applyPendingActs has applied, adding them to Acts from index from on: a
// server restarted mid-turn tells its teams again, as they come back.
func (s *Session) restoredNotices(pending []journal.WhiteCell, from int) []string {
	var out []string
	for i := range pending {
		w := pending[i]
		if !tellsTeams(w.Action) {
			continue
		}
		if line := s.actLine(&w); from <= len(s.Acts) && slices.Contains(s.Acts[from:], line) {
			out = append(out, "the White cell: "+line)
		}
	}
	return out
}

// addAct adds line, an act of turn (0 for none), to Acts.
func (s *Session) addAct(turn int, line string) {
	s.Acts = append(s.Acts, line)
	s.actTurns = append(s.actTurns, turn)
	s.actTold = append(s.actTold, false)
	s.actGame = append(s.actGame, false)
	s.actTimer = append(s.actTimer, false)
}

// addActOf adds line, the White cell's act w in words, to Acts, marked as
// told to the teams if it is of a kind they are told of (tellsTeams).
func (s *Session) addActOf(w *journal.WhiteCell, line string) {
	s.addAct(w.Turn, line)
	s.actTold[len(s.actTold)-1] = tellsTeams(w.Action)
	s.actGame[len(s.actGame)-1] = w.Undoable()
	s.actTimer[len(s.actTimer)-1] = w.By == journal.ByTimer
}

// ToldActsOf returns the White cell's acts of turn still in effect that
// the teams are told of (an inject, a metric, a budget, a side given to
// the computer or back: not a move's outcome decided, which would tell
// which signal is real), in words with their reasons, oldest first.
func (s *Session) ToldActsOf(turn int) []string {
	var out []string
	for i, t := range s.actTurns {
		if t == turn && s.actTold[i] {
			out = append(out, s.Acts[i])
		}
	}
	return out
}

// ActsOf returns the acts of turn still in effect, in words with their
// reasons, oldest first: the White cell's, or (timer) the turn timer's.
func (s *Session) ActsOf(turn int, timer bool) []string {
	var out []string
	for i, t := range s.actTurns {
		if t == turn && s.actTimer[i] == timer {
			out = append(out, s.Acts[i])
		}
	}
	return out
}

func (s *Session) actLine(w *journal.WhiteCell) string {
	// A timer's act is not the White cell's doing: the teams' results list
	// it under "The White cell this week", where "moved on without
	// waiting for every side" read as the instructor cutting them short.
	line := fmt.Sprintf("%s %d: %s", s.C.TurnLabel, w.Turn, w.Account(s.C))
	if w.Reason != "" {
		line += " — " + w.Reason
	}
	return line
}

// Over reports whether the game has ended: an end condition, or the White
// cell stopped it.
func (s *Session) Over() bool { return s.Game.Over() || s.Stopped != "" }

// endText says how the game ended, as the White cell reads it: the end
// met and what it means for the allies ("The alliance splits (an allied
// failure)"), or the White cell's reason for ending it; "" while the game
// goes on.
func (s *Session) endText() string {
	if s.Stopped != "" {
		return "ended by the White cell: " + s.Stopped
	}
	if end := s.Game.End(); s.Game.Over() && end >= 0 && end < len(s.C.Ends) {
		e := &s.C.Ends[end]
		outcome := "an allied failure"
		if e.Success {
			outcome = "an allied success"
		}
		return fmt.Sprintf("%s (%s)", sim.Sanitize(e.Title, false), outcome)
	}
	return ""
}

// overText is the console's phase once the game is over: how it ended
// (the log said it once, and scrolled away), and what to do next.
func (s *Session) overText() string {
	t := "the game is over"
	if e := s.endText(); e != "" {
		t += ": " + e
	}
	return t + " · r writes the after-action report"
}

// Stop ends the game now, before the current turn is adjudicated, for
// reason (required).
func (s *Session) Stop(reason, by string) error {
	reason = strings.TrimSpace(sim.Sanitize(reason, false))
	if reason == "" {
		return errors.New("say why the game ends (the reason goes into the journal and the report)")
	}
	if s.Over() {
		return errors.New("the game is over already")
	}
	if by == "" {
		by = "console"
	}
	w := journal.WhiteCell{Action: journal.ActEnd, Turn: s.Game.Turn(), Reason: reason, By: by}
	if s.Journal != nil {
		if err := s.Journal.WhiteCell(w); err != nil {
			s.JournalErr = err
		}
	}
	s.addAct(w.Turn, s.actLine(&w))
	s.Stopped = reason
	s.dropDraft()
	// The turn in progress is not played: the game ends as the last turn
	// played left it, its events and this turn's White-cell acts undone,
	// as a replay of the journal (and so the report) has it. The end
	// screen showed the briefed turn's drift and events instead: another
	// scorecard than the report's.
	if n := len(s.Results); len(s.snaps) > n {
		s.setGame(s.snaps[n].Clone())
	}
	return nil
}

// Rollback undoes the last adjudicated turn: the game goes back to the
// state before that turn was briefed, with its White-cell acts undone too,
// and the turn is played again.
func (s *Session) Rollback(reason, by string) error {
	reason = strings.TrimSpace(sim.Sanitize(reason, false))
	n := len(s.Results)
	if n == 0 {
		return errors.New("no turn has been adjudicated yet: nothing to roll back")
	}
	if len(s.snaps) < n {
		return errors.New("this game cannot be rolled back (no snapshot of the turn)")
	}
	rec := s.Results[n-1]
	if s.Journal != nil {
		if err := s.Journal.Rollback(rec.Turn, reason); err != nil {
			return err
		}
	}
	s.setGame(s.snaps[n-1].Clone()) // a replayed game's snapshots do not follow the players
	s.snaps = s.snaps[:n]
	nk := s.C.NumCauseKeys()
	for _, e := range rec.Ledger {
		s.causes[e.Metric*nk+s.C.CauseKey(e)] -= int64(e.Delta)
	}
	s.Results = s.Results[:n-1]
	s.History = s.History[:n]
	s.Orders.Clear()
	clear(s.committed)
	s.plans, s.marks = nil, nil
	s.Stopped = ""
	s.pendingActs = nil
	s.dropDraft()
	if by == "" {
		by = "console"
	}
	s.addRollback(rec.Turn, reason)
	s.rolledBack = reason
	return nil
}

// addRollback adds to Acts the line of a rollback of turn (and every later
// one) for reason, and marks the acts it undid.
func (s *Session) addRollback(turn int, reason string) {
	line := fmt.Sprintf("%s %d: rolled back", s.C.TurnLabel, turn)
	// The White cell's acts of the turns undone go with them: said, since
	// the log above still lists them (a budget set there is no longer).
	undone := 0
	for i, t := range s.actTurns {
		if t >= turn {
			undone++
			s.actTurns[i] = -1
		}
	}
	if undone > 0 {
		line += fmt.Sprintf(", and with it the White cell's %d %s since", undone, pluralNoun(undone, "act"))
	}
	if reason != "" {
		line += " — " + reason
	}
	s.addAct(0, line)
}

// rollbackNotice is what the teams are told when the White cell has rolled
// a turn back: the turn played again, and the White cell's reason if it
// gave one. The server's seats and the hotseat's shared screen both say it.
func (s *Session) rollbackNotice() string {
	msg := fmt.Sprintf("the White cell rolled back: %s %d is played again", s.C.TurnLabel, s.Game.Turn())
	if s.rolledBack != "" {
		msg += " — " + s.rolledBack
	}
	return msg
}

// snapshot keeps the game as it stands before a turn is briefed, for
// Rollback.
func (s *Session) snapshot() { s.snaps = append(s.snaps, s.Game.Clone()) }

// movedOnUnbriefed reports whether the White cell (or the turn timer) moved
// the turn in progress on before it was briefed, as the journal restored it:
// a Red team's planning cut short, the adversary left to its doctrine. (A
// cut of the allies' phase adjudicates the turn, so a pending one is the
// Red phase's.)
func (s *Session) movedOnUnbriefed() bool {
	return slices.ContainsFunc(s.pendingActs, func(w journal.WhiteCell) bool {
		return w.Action == journal.ActForce && w.Turn == s.Game.Turn()
	})
}

// applyPendingActs re-applies the White-cell acts a journal recorded for
// the turn in progress when it was last written (after a resume, once the
// turn is briefed again). The acts an undo took back, and the undos, are
// listed where they were taken (the journal's order), not applied.
func (s *Session) applyPendingActs() {
	acts, all := s.pendingActs, s.pendingAll
	s.pendingActs, s.pendingAll = nil, nil
	for _, w := range all {
		switch {
		case len(acts) > 0 && w == acts[0]: // the next act in effect
			s.applyPending(acts[0])
			acts = acts[1:]
		case w.Action == journal.ActUndo:
			s.undoActLine(&w)
		default: // taken back by a later undo
			s.addActOf(&w, s.actLine(&w))
		}
	}
	for _, w := range acts { // those pendingAll did not list
		s.applyPending(w)
	}
}

// applyPending applies w, an act of the turn in progress a journal
// restored, and lists it.
func (s *Session) applyPending(w journal.WhiteCell) {
	if w.Undoable() { // in effect, void or not: an undo takes the last
		s.turnActs = append(s.turnActs, w)
	}
	if err := journal.Apply(s.C, s.Game, &w); err != nil {
		if errors.Is(err, sim.ErrNotReal) { // void, as replay treats it
			s.addActOf(&w, s.actLine(&w)+" (no effect: the adversary did not make that move)")
			return
		}
		s.JournalErr = fmt.Errorf("a White-cell act recorded for this turn no longer applies: %v", err)
		return
	}
	s.addActOf(&w, s.actLine(&w))
}

// Undecided is a human ally's committed draft re-opened because the White
// cell fired an inject that side decides after it had committed.
type Undecided struct {
	Side    int
	Injects []int // the injects it has to answer
}

// ReopenUndecided re-opens the committed drafts of the human allies that
// have an inject to answer this turn and have not answered it (the White
// cell fired it after they committed), and returns them. Left committed,
// the engine would take its default (the first choice) for them and the
// report would say the team chose it. The other sides' commits stand, and
// before the turn is briefed (the commits are the last turn's) none is
// re-opened.
func (s *Session) ReopenUndecided() []Undecided {
	var out []Undecided
	if !s.Game.Briefed() {
		return nil
	}
	for _, a := range s.HumanAllies() {
		if !s.committed[a] {
			continue
		}
		if open := s.undecided(a); len(open) > 0 {
			s.committed[a] = false
			out = append(out, Undecided{Side: a, Injects: open})
		}
	}
	return out
}

// undecided returns the injects of the briefed turn that side decides and
// has not answered yet.
func (s *Session) undecided(side int) []int {
	var v sim.View
	s.Game.ViewInto(side, &v)
	var open []int
	for _, i := range v.Decides {
		if s.Orders.Choices[i] < 0 {
			open = append(open, i)
		}
	}
	return open
}
