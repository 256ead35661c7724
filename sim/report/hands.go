package report

import (
	"fmt"
	"strconv"
	"strings"

	"lattice/sim"
	"lattice/sim/journal"
)

// Hands is who played each side of a journalled game, turn by turn, where
// the journal tells more than its header: an allied side people were to
// play that the White cell gave to the computer (journal.ActComputer) and
// back to the teams (journal.ActTeam), whose orders are recorded as a
// team's; and a side a Red team was to play with no plan recorded in a
// turn, which its doctrine played that turn (journal.NewTurn leaves out a
// side that follows its doctrine; a Red team's "no move" is recorded).
//
// The computer and team acts ran the seminar, not the game: a rollback
// does not undo them (the live session keeps them, tui's restoreHands),
// so they are taken in file order, and a turn was the computer's if the
// side was with it when the turn's record in effect was written.
type Hands struct {
	turns []int                        // the turns in effect, in order
	given map[int][]*journal.WhiteCell // turn → side → the act the computer played it under (nil: as the header has it)
	red   map[int][]bool               // turn → side: a Red team was to play it (the players of that turn)
	plan  map[int][]bool               // turn → side: a Red team's plan is recorded
	spent map[int][]bool               // turn → side: points are recorded for it
	acts  [][]*journal.WhiteCell       // side → its computer and team acts, in file order
	now   []*journal.WhiteCell         // side → the act it is with the computer under after the last record (nil: none)
	last  int                          // the last turn in effect
}

// NewHands reads who played each side of j (c is its scenario), through
// turn to (0: every turn in effect).
func NewHands(j *journal.Journal, c *sim.Compiled, to int) *Hands {
	n := len(c.Sides)
	h := &Hands{given: map[int][]*journal.WhiteCell{}, red: map[int][]bool{}, plan: map[int][]bool{}, spent: map[int][]bool{},
		acts: make([][]*journal.WhiteCell, n), now: make([]*journal.WhiteCell, n)}
	inEffect := map[int]bool{} // by line
	for _, e := range j.History() {
		if e.Turn != nil && (to <= 0 || e.Turn.Turn <= to) {
			inEffect[e.Line] = true
		}
	}
	for _, e := range j.Entries {
		switch {
		case e.WhiteCell != nil && (e.WhiteCell.Action == journal.ActComputer || e.WhiteCell.Action == journal.ActTeam):
			w := e.WhiteCell
			s := c.SideIndex(w.Side)
			if s < 0 || c.Sides[s].Adversary || !peoples(j, c, w.Turn)[s] {
				continue // Apply refuses it; the session ignores a side the computer played from the start
			}
			h.acts[s] = append(h.acts[s], w)
			h.now[s] = nil
			if w.Action == journal.ActComputer {
				h.now[s] = w
			}
		case e.Turn != nil && inEffect[e.Line]:
			t := e.Turn.Turn
			h.turns = append(h.turns, t)
			h.last = t
			h.given[t] = append([]*journal.WhiteCell(nil), h.now...)
			people := peoples(j, c, t)
			red, plan, spent := make([]bool, n), make([]bool, n), make([]bool, n)
			for s := range c.Sides {
				red[s] = c.Sides[s].Adversary && people[s]
				_, plan[s] = e.Turn.Plans[c.Sides[s].ID]
				for _, p := range e.Turn.Orders[c.Sides[s].ID] {
					spent[s] = spent[s] || p > 0
				}
			}
			h.red[t], h.plan[t], h.spent[t] = red, plan, spent
		}
	}
	return h
}

// peoples says which sides people were to play in turn (the header's
// players, or those of the last change of players before it, as Replay
// takes them).
func peoples(j *journal.Journal, c *sim.Compiled, turn int) []bool {
	sides := j.Header.Sides
	for _, ch := range j.Header.Changes {
		if ch.Sides != nil && ch.At < turn {
			sides = ch.Sides
		}
	}
	out := make([]bool, len(c.Sides))
	for _, sd := range sides {
		if s := c.SideIndex(sd.ID); s >= 0 {
			out[s] = sd.Player == journal.PlayerHuman
		}
	}
	return out
}

// Computer returns the White cell's act under which the computer played
// side in turn, or nil if it played as the header has it.
func (h *Hands) Computer(turn, side int) *journal.WhiteCell {
	if g := h.given[turn]; side >= 0 && side < len(g) {
		return g[side]
	}
	return nil
}

// Now returns the White cell's act under which the computer plays side
// after the journal's last record, or nil if it plays as the header has
// it: what a resumed game restores (tui).
func (h *Hands) Now(side int) *journal.WhiteCell {
	if side >= 0 && side < len(h.now) {
		return h.now[side]
	}
	return nil
}

// Doctrine reports whether side was a Red team's in turn with no plan
// recorded: its doctrine played it.
func (h *Hands) Doctrine(turn, side int) bool {
	r, p := h.red[turn], h.plan[turn]
	return side >= 0 && side < len(r) && r[side] && !p[side]
}

// span is a run of turns in which the computer played a side under one
// act of the White cell.
type span struct {
	act   *journal.WhiteCell
	turns []int // the turns played, in order (none: given for a turn not played yet)
	back  *journal.WhiteCell
	open  bool // still the computer's after the last record
}

// spans returns side's runs with the computer, in order of play.
func (h *Hands) spans(side int) []span {
	var out []span
	var cur *span
	for _, t := range h.turns {
		a := h.Computer(t, side)
		if a == nil {
			cur = nil
			continue
		}
		if cur == nil || cur.act != a {
			out = append(out, span{act: a})
			cur = &out[len(out)-1]
		}
		cur.turns = append(cur.turns, t)
	}
	if a := h.now[side]; a != nil && (len(out) == 0 || out[len(out)-1].act != a) {
		out = append(out, span{act: a}) // given for the turn in progress
	}
	for i := range out {
		sp := &out[i]
		sp.open = sp.act == h.now[side]
		for k, a := range h.acts[side] {
			if a == sp.act {
				for _, b := range h.acts[side][k+1:] {
					if b.Action == journal.ActTeam {
						sp.back = b
						break
					}
				}
				break
			}
		}
	}
	return out
}

// phrase says a span in words, with the White cell's reasons if why:
// "the computer (lookahead) from month 1, given by the White cell: Japan's
// team left", "the computer (balanced) in month 3, given by the White
// cell; given back to the teams in month 4".
func (sp span) phrase(label string, why bool) string {
	clean := func(s string) string { return strings.TrimSpace(sim.Sanitize(s, false)) }
	var when string
	switch {
	case len(sp.turns) == 0:
		when = fmt.Sprintf("from %s %d, not played yet", label, sp.act.Turn)
	case sp.open:
		when = fmt.Sprintf("from %s %d", label, sp.turns[0])
	default:
		when = "in " + turnList(label, sp.turns)
	}
	s := fmt.Sprintf("the computer (%s) %s, given by the White cell", clean(sp.act.Value), when)
	if r := clean(sp.act.Reason); why && r != "" {
		s += ": " + r
	}
	if sp.back != nil {
		s += fmt.Sprintf("; given back to the teams in %s %d", label, sp.back.Turn)
		if r := clean(sp.back.Reason); why && r != "" {
			s += ": " + r
		}
	}
	return s
}

// Played says who played side over the game, where the journal tells more
// than base, the header's (or the seminar's) word for it: the turns the
// White cell had it with the computer, and for a Red team's side, the
// turns its doctrine played it. nobody says base is that no team joined
// the side (so it committed nothing when the computer did not play it);
// why adds the White cell's reasons. label is the turn's noun ("month").
func (h *Hands) Played(side int, base string, nobody bool, label string, why bool) (played string) {
	sps := h.spans(side)
	var own, doctrine, unsaid []int // the turns played as base says, by the doctrine, by an unjournalled computer
	for _, t := range h.turns {
		switch {
		case h.Computer(t, side) != nil:
		case h.Doctrine(t, side):
			doctrine = append(doctrine, t)
		case nobody && h.spent[t][side]:
			// Points no team committed: lattice serve --resume --ai gave
			// the side to the computer, which the journal does not record.
			unsaid = append(unsaid, t)
		default:
			own = append(own, t)
		}
	}
	if len(unsaid) > 0 {
		defer func() {
			played = strings.TrimPrefix(played+"; the computer in "+turnList(label, unsaid)+
				" (no team played it, yet its points are recorded: given at a restart, lattice serve --resume --ai, which the journal does not record)", "; ")
		}()
		if len(own) == 0 && len(sps) == 0 {
			return ""
		}
	}
	var parts []string
	switch {
	case len(doctrine) > 0 && len(own) == 0 && nobody:
		parts = append(parts, base) // "doctrine (no Red team played)"
	case len(doctrine) > 0 && len(own) == 0:
		parts = append(parts, "its doctrine: no Red team's plan recorded")
		if strings.HasPrefix(base, "teams: ") {
			parts[0] = base + "; " + parts[0]
		}
	case len(doctrine) > 0:
		parts = append(parts, base+" in "+turnList(label, own), "its doctrine in "+turnList(label, doctrine)+": no Red team's plan recorded")
	case len(sps) == 0 && len(unsaid) == 0:
		parts = append(parts, base)
	case len(own) > 0 && nobody:
		parts = append(parts, "nobody in "+turnList(label, own)+": no team played it (it committed nothing)")
	case len(own) > 0:
		parts = append(parts, base+" in "+turnList(label, own))
	case strings.HasPrefix(base, "teams: "): // joined, but played no turn of it
		parts = append(parts, base)
	}
	for _, sp := range sps {
		parts = append(parts, sp.phrase(label, why))
	}
	return strings.Join(parts, "; ")
}

// turnList names turns (in order) with label, runs as ranges: "month 3",
// "months 3–4", "months 1–2 and 5".
func turnList(label string, turns []int) string {
	var runs []string
	for i := 0; i < len(turns); {
		k := i
		for k+1 < len(turns) && turns[k+1] == turns[k]+1 {
			k++
		}
		r := strconv.Itoa(turns[i])
		if k > i {
			r += "–" + strconv.Itoa(turns[k])
		}
		runs = append(runs, r)
		i = k + 1
	}
	noun := label
	if len(turns) > 1 {
		noun += "s"
	}
	if len(runs) == 1 {
		return noun + " " + runs[0]
	}
	return noun + " " + strings.Join(runs[:len(runs)-1], ", ") + " and " + runs[len(runs)-1]
}
