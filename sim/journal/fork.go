package journal

import (
	"fmt"
	"path/filepath"
	"time"
)

// ForkHeader returns the header of a fork of j taken after turn at: j's
// scenario, seed, difficulty, overrides and sides, with parent naming
// parent (the parent journal's file) and at, and reseed, if not nil, the
// seed the fork's dice are re-derived from after turn at. What j changed
// by turn at (its changes, and its own reseed) the fork inherits as its
// changes; what j changed later had not happened yet. See "Forks" in the
// package documentation.
func ForkHeader(j *Journal, parent string, at int, reseed *uint64, lattice string, now time.Time) Header {
	h := j.Header
	h.Overrides = append([]string{}, j.Header.Overrides...)
	h.Sides = append([]Side{}, j.Header.Sides...)
	h.Changes = nil
	for _, ch := range j.Header.Changes {
		if ch.At <= at {
			h.Changes = append(h.Changes, ch)
		}
	}
	if r := j.Header.Reseed; r != nil && j.Header.ParentTurn <= at {
		h.Changes = append(h.Changes, Change{At: j.Header.ParentTurn, Reseed: r})
	}
	h.Lattice = lattice
	h.Created = now.UTC().Format(time.RFC3339)
	h.Parent = parent
	h.ParentTurn = at
	h.Reseed = nil
	if reseed != nil {
		s := *reseed
		h.Reseed = &s
	}
	return h
}

// CreateFork creates, at path, the journal of a fork of j after turn at
// (0: from the start; at most the last turn in effect, and not a turn that
// ended the game): the fork's header (ForkHeader, parent the absolute path
// of j's file) and copies of j's first at turn records. It checks first
// that j replays to turn at. The white-cell records of turns 1 to at are
// copied with the turns, in the order of j's history, so that the fork
// replays those turns as j does; the acts of turn at+1, not yet played
// when the fork is taken, are not. The Writer continues the fork.
func CreateFork(path string, j *Journal, at int, reseed *uint64, lattice string, now time.Time) (*Writer, error) {
	return CreateForkHandover(path, j, at, reseed, nil, lattice, now)
}

// ForkRange says which turns j may be forked after, for a message about an
// --at out of range: "give 0 (the start) to 5, the last turn the journal
// records", or "give 0 (the start): the journal records no turn yet".
func (j *Journal) ForkRange() string {
	if last := j.LastTurn(); last > 0 {
		return fmt.Sprintf("give 0 (the start) to %d, the last turn the journal records", last)
	}
	return "give 0 (the start): the journal records no turn yet"
}

// CreateForkHandover is CreateFork whose fork, if players is not nil, hands
// the sides to players (who plays each, as Header.Sides says) after turn
// at.
func CreateForkHandover(path string, j *Journal, at int, reseed *uint64, players []Side, lattice string, now time.Time) (*Writer, error) {
	last := j.LastTurn()
	if at < 0 || at > last {
		return nil, fmt.Errorf("%s: cannot fork at turn %d: %s", j.Path, at, j.ForkRange())
	}
	if at > 0 {
		res, err := Replay(j, Options{To: at})
		if err != nil {
			return nil, err
		}
		if err := res.DivergedError(j.Path); err != nil {
			return nil, err
		}
		if g := res.Game; g.Over() && g.Turn() <= at {
			return nil, fmt.Errorf("%s: cannot fork at turn %d: the game ended at turn %d (%s)", j.Path, at, g.Turn(), res.Compiled.Ends[g.End()].ID)
		}
	}
	parent := j.Path
	if abs, err := filepath.Abs(parent); err == nil {
		parent = abs
	}
	h := ForkHeader(j, parent, at, reseed, lattice, now)
	if players != nil {
		h.Changes = append(h.Changes, Change{At: at, Sides: append([]Side{}, players...)})
	}
	w, err := Create(path, h)
	if err != nil {
		return nil, err
	}
	for _, e := range j.History() {
		var err error
		switch {
		case e.Turn != nil && e.Turn.Turn <= at:
			err = w.Turn(*e.Turn)
		case e.WhiteCell != nil && e.WhiteCell.Turn <= at:
			err = w.WhiteCell(*e.WhiteCell)
		}
		if err != nil {
			w.Close()
			return nil, err
		}
	}
	return w, nil
}
