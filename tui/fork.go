package tui

import (
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"lattice/sim"
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

// forkHint is where a fork of a finished game could turn it (see
// Session.forkHint), worked out once per game and side.
type forkHint struct {
	turns, side int
	known       bool
	at          int    // the turn to fork after; −1 if none
	doctrine    string // the doctrine that wins from there
}

// forkHint says where the finished game, forked, could be turned for the
// allied side at the screen: the latest turn after which one of the
// doctrines, playing every person's allied side for the rest of the game
// with the same dice (the snapshot before the next turn, as Fork's
// replay reaches it), ends in an allied success that also meets side's
// objective where objective is set; at −1 if none does from any turn,
// even the first. known is false where a fork might not play as the
// check does: a Red team of people (their moves are theirs to choose), a
// game with a White-cell console (its sides given to the computer and
// back, its rollbacks), a game without its snapshots. A few
// milliseconds: every doctrine over every turn's rest, on clones.
func (s *Session) forkHint(side int, objective bool) forkHint {
	played := len(s.Results)
	if h := s.hint; h != nil && h.turns == played && h.side == side {
		return *h
	}
	h := forkHint{turns: played, side: side, at: -1}
	defer func() { s.hint = &h }()
	c := s.C
	if side < 0 || c.Sides[side].Adversary || s.whiteCell || len(s.snaps) < played || played == 0 {
		return h
	}
	for a := range c.Sides {
		if c.Sides[a].Adversary && a < len(s.Human) && s.Human[a] {
			return h
		}
	}
	h.known = true
	o := c.NewOrders()
	for at := played - 1; at >= 0; at-- {
		for _, name := range adviserPolicies {
			pols := slices.Clone(s.Policies)
			for a := range c.Sides {
				if !c.Sides[a].Adversary && a < len(s.Human) && s.Human[a] {
					p, err := sim.PolicyByName(name)
					if err != nil { // a doctrine sim names: never
						h.known = false
						return h
					}
					pols[a] = p
				}
			}
			g := s.snaps[at].Clone()
			if err := sim.Play(g, pols, o, nil); err != nil {
				continue
			}
			if e := g.End(); e < 0 || !c.Ends[e].Success {
				continue
			}
			if met, has := g.ObjectiveMet(side); objective && has && !met {
				continue
			}
			h.at, h.doctrine = at, name
			return h
		}
	}
	return h
}
