package serve

import (
	"lattice/sim"
	"lattice/tui"
)

// NewSession starts a classroom game of c: every allied side is played by
// people but those in ai (side → policy), which the computer plays; the
// adversary by a Red team if red is set and by its doctrine otherwise.
func NewSession(c *sim.Compiled, seed uint64, level string, red bool, ai map[int]sim.Policy) *tui.Session {
	human := make([]bool, len(c.Sides))
	pols := make([]sim.Policy, len(c.Sides))
	for s := range c.Sides {
		human[s] = !c.Sides[s].Adversary || red
		if p, ok := ai[s]; ok && !c.Sides[s].Adversary {
			human[s], pols[s] = false, p
		}
	}
	return tui.NewSession(c, seed, level, human, pols)
}
