package tui

import (
	"errors"
	"fmt"
	"strings"

	"lattice/sim"
	"lattice/sim/journal"
)

// Undoing the White cell's last act of a turn (journal.ActUndo): an inject
// fired, a metric or a budget set, a move decided by mistake. The turn is
// rebuilt from the game as it stood before it was briefed: the Red team's
// plan, the briefing, and the turn's other acts again, as a replay of the
// journal plays it (Journal.History drops the act and the undo). The
// drafts stand; an answer to an event no longer fired is dropped.

// Undoable describes the White cell's last act of the turn that an undo
// would take back ("" if there is none).
func (s *Session) Undoable() string {
	if !s.Game.Briefed() || s.Over() || len(s.turnActs) == 0 {
		return ""
	}
	return s.turnActs[len(s.turnActs)-1].Account(s.C)
}

// UndoAct takes back the White cell's last act of the turn that changes
// the game, for reason, and journals the undo. It returns the act's line.
func (s *Session) UndoAct(reason, by string) (string, error) {
	reason = strings.TrimSpace(sim.Sanitize(reason, false))
	n := len(s.Results)
	switch {
	case reason == "":
		return "", errors.New("say why: the reason goes into the journal and the after-action report")
	case s.Over():
		return "", errors.New("the game is over")
	case s.Undoable() == "":
		return "", errors.New("the White cell has no act of this turn to take back (an inject, a metric, a move's outcome or a budget)")
	case len(s.snaps) <= n:
		return "", errors.New("this turn cannot be rebuilt (no snapshot of it)")
	}
	if by == "" {
		by = "console"
	}
	w := journal.WhiteCell{Action: journal.ActUndo, Turn: s.Game.Turn(), Reason: reason, By: by}
	if s.Journal != nil {
		if err := s.Journal.WhiteCell(w); err != nil {
			return "", err
		}
	}
	last := s.turnActs[len(s.turnActs)-1]
	s.turnActs = s.turnActs[:len(s.turnActs)-1]
	// The turn again, without the act.
	g := s.snaps[n].Clone()
	for side, p := range s.plans {
		if acts, bluffs, err := p.Indices(s.C); err == nil {
			g.Plan(side, acts, bluffs) // checked as it was when the team planned
		}
	}
	s.setGame(g)
	g.Brief()
	for i := range s.turnActs {
		a := s.turnActs[i]
		if err := journal.Apply(s.C, g, &a); err != nil && !errors.Is(err, sim.ErrNotReal) {
			s.JournalErr = fmt.Errorf("a White-cell act of this turn no longer applies: %v", err)
		}
	}
	s.Briefing = g.Brief()
	fired := firedThisTurn(g)
	for i, ch := range s.Orders.Choices {
		if ch >= 0 && !fired[i] { // an answer to an event the undo took back
			s.Orders.Choices[i] = -1
		}
	}
	// The act's line is marked undone; the undo's says which it took back.
	for i := len(s.actTurns) - 1; i >= 0; i-- {
		if s.actTurns[i] == w.Turn && s.actGame[i] {
			s.actTurns[i] = -1
			break
		}
	}
	line := fmt.Sprintf("%s %d: took back its act: %s — %s", s.C.TurnLabel, w.Turn, last.Account(s.C), reason)
	s.addActOf(&w, line)
	return line, nil
}

// undoActLine marks the act an undo in the journal took back (the last
// game act of its turn still marked in effect) and adds the undo's line,
// as UndoAct does, for a game restored from its journal.
func (s *Session) undoActLine(w *journal.WhiteCell) {
	what := "its last act"
	for i := len(s.actTurns) - 1; i >= 0; i-- {
		if s.actTurns[i] == w.Turn && s.actGame[i] {
			s.actTurns[i] = -1
			what = "its act: " + strings.TrimPrefix(strings.SplitN(s.Acts[i], " — ", 2)[0], fmt.Sprintf("%s %d: ", s.C.TurnLabel, w.Turn))
			break
		}
	}
	s.addActOf(w, fmt.Sprintf("%s %d: took back %s — %s", s.C.TurnLabel, w.Turn, what, sim.Sanitize(w.Reason, false)))
}

// trailingActs returns the White cell's records of the turn in progress
// (after the journal's last turn or rollback record), an end left out, in
// file order.
func trailingActs(entries []journal.Entry) []journal.WhiteCell {
	last := -1
	for i, e := range entries {
		if e.Turn != nil || e.Rollback != nil {
			last = i
		}
	}
	var out []journal.WhiteCell
	for _, e := range entries[last+1:] {
		if w := e.WhiteCell; w != nil && w.Action != journal.ActEnd {
			out = append(out, *w)
		}
	}
	return out
}
