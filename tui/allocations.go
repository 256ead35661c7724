package tui

import (
	"fmt"
	"strings"

	"lattice/sim"
)

// allocationLines says what each allied side put where in a turn, one line
// a side, as this screen may see it: a seat does not see another side's
// points on a lever that is not visible (it is told some were left
// undisclosed, not how many). The ledger below names the levers that moved
// each number; this says what each ally chose, the AI's too, so a solo
// player sees what the partner did and can ask why.
func (m Model) allocationLines(r *TurnRecord) []string {
	c := m.sess.C
	viewer, fogged := m.fogSide()
	nl := len(c.Levers)
	var out []string
	for _, a := range c.Alliance() {
		if len(r.Points) < (a+1)*nl {
			break
		}
		name := c.Sides[a].Name
		if p := m.sess.Policies; !m.sess.Human[a] && a < len(p) && p[a] != nil {
			name += " (AI: " + sim.Sanitize(p[a].Name(), false) + ")"
		}
		var parts []string
		hidden := false
		for l := range c.Levers {
			n := r.Points[a*nl+l]
			if n == 0 {
				continue
			}
			if fogged && !c.SeesPoints(viewer, a, l) {
				hidden = true
				continue
			}
			parts = append(parts, fmt.Sprintf("%s %d", c.Levers[l].Name, n))
		}
		switch {
		case hidden && len(parts) == 0:
			parts = append(parts, "undisclosed allocations only")
		case hidden:
			parts = append(parts, "and undisclosed allocations")
		case len(parts) == 0:
			parts = append(parts, "nothing")
		}
		out = append(out, name+": "+strings.Join(parts, ", "))
	}
	return out
}
