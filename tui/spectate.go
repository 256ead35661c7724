package tui

import (
	"fmt"

	"lattice/sim"
)

// Spectator mode (Options.Spectate): a game with every side played by the
// AI or a doctrine, watched a turn at a time. The interface opens on the
// briefing; each Enter adjudicates one turn (no side has orders to give, so
// the turn goes straight to its results) and the next Enter the one after,
// until the end screen.

// spectate shows the briefing of the session's current turn.
func (m *Model) spectate() {
	m.screen = scrBriefing
	m.scroll = 0
	m.message = fmt.Sprintf("spectating: every side is played by the AI; Enter plays %s %d", m.sess.C.TurnLabel, m.sess.Game.Turn())
}

// Spectator returns a session of c with every allied side played by pols
// (indexed by side; a nil entry for an allied side is refused) and every
// adversary by its doctrine, for Options.Spectate.
func Spectator(c *sim.Compiled, seed uint64, level string, pols []sim.Policy) (*Session, error) {
	for _, a := range c.Alliance() {
		if a >= len(pols) || pols[a] == nil {
			return nil, fmt.Errorf("side %s has no AI policy", c.Sides[a].ID)
		}
	}
	return NewSession(c, seed, level, make([]bool, len(c.Sides)), pols), nil
}
