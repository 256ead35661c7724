package tui

import (
	"fmt"
	"path/filepath"
	"time"

	"lattice/sim/journal"
)

// ForkVersion is the lattice version Fork records in a fork's journal
// header (the command line sets it).
var ForkVersion = "dev"

// Fork starts a new game from the state of the game journalled in parent
// after turn at (0: the start), with the same sides, players and dice, in
// a new journal in the default place whose header names parent and at
// (see "Forks" in package journal). The session is positioned after turn
// at, journalling to the fork, as Resume leaves a resumed game.
func Fork(parent string, at int) (*Session, error) {
	j, _, err := journal.Read(parent)
	if err != nil {
		return nil, err
	}
	path, err := NewJournalPath(j.Header.Scenario + "-fork")
	if err != nil {
		return nil, fmt.Errorf("cannot keep a journal: %v", err)
	}
	w, err := journal.CreateFork(path, j, at, nil, ForkVersion, time.Now())
	if err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	s, _, err := Resume(path)
	if s != nil {
		s.forkOf, s.forkAt = filepath.Base(parent), at
	}
	return s, err
}
