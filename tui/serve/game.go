package serve

import (
	"lattice/sim"
	"lattice/tui"
)

// NewSession starts a classroom game of c: every allied side is played by
// people, the adversary by a Red team if red is set and by its doctrine
// otherwise.
func NewSession(c *sim.Compiled, seed uint64, level string, red bool) *tui.Session {
	human := make([]bool, len(c.Sides))
	for s := range c.Sides {
		human[s] = !c.Sides[s].Adversary || red
	}
	return tui.NewSession(c, seed, level, human, make([]sim.Policy, len(c.Sides)))
}
