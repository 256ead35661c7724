package tui

import (
	"errors"
	"fmt"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/sim/report"
)

// A side given to the computer mid-game. A seminar loses a team (a student
// called away, two teams merged), and the side it played, left to no one,
// committed nothing turn after turn, or made the class wait for the turn
// timer. The White cell gives it to the computer (journal.ActComputer),
// and back to the teams (journal.ActTeam) when someone can take it again.
//
// The journal's header still has the side as people's: its orders are
// recorded in every turn record as a team's are, so the game replays as
// played (a replay takes the recorded orders and plans nothing for it).

// Apart returns p as the policy of a side that the journal has as
// people's but the computer plays (given to it mid-game, or by serve
// --resume --ai): p plans on a copy of the game (sim.Game.PlanApart). The
// planner draws from the side's planning stream, and a replay, which takes
// the side's recorded orders, does not plan it: planned on the game
// itself, the stream moved on, and the journal no longer replayed.
func Apart(p sim.Policy) sim.Policy { return apart{p} }

type apart struct{ sim.Policy }

func (a apart) Plan(g *sim.Game, side int, o *sim.Orders) { g.PlanApart(a.Policy, side, o) }

// whyAIOf is g.WhyAI of side's policy p, or WhyAIApart's for a side
// given to the computer: why it plans as it does.
func whyAIOf(g *sim.Game, p sim.Policy, side int) sim.AIWhy {
	if a, ok := p.(apart); ok {
		return g.WhyAIApart(a.Policy, side)
	}
	return g.WhyAI(p, side)
}

// ByTeams reports whether the journal has side as people's: the sides the
// White cell may give to the computer and back.
func (s *Session) ByTeams(side int) bool {
	return side >= 0 && side < len(s.teams) && s.teams[side]
}

// GiveSide gives the allied side, which the journal has as people's, to
// the computer to play with the built-in policy named policy, or, with
// policy "", back to the teams; the act is journalled with its reason.
// At least one allied side stays with the teams. A side given back has
// not committed this turn: its team plays it again.
func (s *Session) GiveSide(side int, policy, reason, by string) error {
	c := s.C
	if side < 0 || side >= len(c.Sides) || c.Sides[side].Adversary {
		return errors.New("only an allied side can be given to the computer")
	}
	name := sim.Sanitize(c.Sides[side].Name, false)
	switch {
	case !s.ByTeams(side):
		return fmt.Errorf("%s has been the computer's since the game began: it stays so (the journal replays its plans)", name)
	case policy == "" && s.Human[side]:
		return fmt.Errorf("%s is played by the teams already", name)
	case policy != "" && !s.Human[side]:
		return fmt.Errorf("%s is played by the computer already (%s)", name, s.Policies[side].Name())
	case policy != "" && len(s.HumanAllies()) == 1:
		return fmt.Errorf("%s is the last allied side the teams play: one stays theirs (e ends the game)", name)
	}
	var p sim.Policy
	w := journal.WhiteCell{Action: journal.ActTeam, Side: c.Sides[side].ID, Reason: reason, By: by}
	if policy != "" {
		var err error
		if p, err = sim.PolicyByName(policy); err != nil {
			return err
		}
		w.Action, w.Value = journal.ActComputer, policy
	}
	if err := s.Act(w); err != nil {
		return err
	}
	s.handTo(side, p)
	s.committed[side] = false
	return nil
}

// handTo gives side to the policy p (nil: to the teams).
func (s *Session) handTo(side int, p sim.Policy) {
	if p == nil {
		s.Human[side], s.Policies[side] = true, nil
		return
	}
	s.Human[side], s.Policies[side] = false, Apart(p)
}

// restoreHands gives the computer the sides the journal's computer and
// team acts left with it, read as the report reads them (report.Hands:
// in the order they were taken; a rollback does not undo them, as they
// ran the seminar, not the game).
func (s *Session) restoreHands(j *journal.Journal) {
	h := report.NewHands(j, s.C, 0)
	for side := range s.C.Sides {
		w := h.Now(side)
		if w == nil || !s.ByTeams(side) {
			continue
		}
		if p, err := sim.PolicyByName(w.Value); err == nil { // checkWhiteCell refused it otherwise
			s.handTo(side, p)
		}
	}
}
