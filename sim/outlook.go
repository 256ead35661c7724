package sim

// Outlook is how often side's doctrine won in games imagined from here:
// the adviser's track record for a plan, so that a doctrine that loses in
// this scenario says so before a player follows it.
type Outlook struct {
	Runs, Successes int
	// ObjectiveMet counts the imagined games in which side's private
	// objective was met at the end (0 if it has none).
	ObjectiveMet int
}

// Outlook plays runs games on from the state as side may imagine it, as
// lookahead does (its own copy, the dice re-drawn and every signal side
// cannot see through re-drawn as real or bluff), to the end, side playing
// pol from this turn on and every other ally pols' policy for it (nil, or
// lookahead, whose simulations within simulations would cost thousands of
// times as much: balanced), and counts the allied successes. Game k's dice
// come from mix(seed, k), so the same state and seed give the same
// outlook. It changes nothing in g and draws nothing from its streams.
func (g *Game) Outlook(side int, pol Policy, pols []Policy, runs int, seed uint64) Outlook {
	c := g.c
	out := Outlook{Runs: runs}
	if side < 0 || side >= len(c.Sides) || c.Sides[side].Adversary || g.Over() || runs <= 0 {
		out.Runs = 0
		return out
	}
	plans := make([]Policy, len(c.Sides))
	for _, a := range c.alliance {
		p := pol
		if a != side {
			p = nil
			if a < len(pols) {
				p = pols[a]
			}
			if _, nested := p.(Lookahead); p == nil || nested {
				p = newFixedPolicy(builtinWeights["balanced"])
			}
		}
		plans[a] = p
	}
	var n Game
	o := c.NewOrders()
	for k := range runs {
		sim := g.foggedInto(&n, side, mix(seed, uint64(k)))
		for !sim.Over() {
			if sim.st.phase == phaseOpen {
				sim.Brief()
			}
			o.Clear()
			sim.PlanSides(plans, o)
			if _, err := sim.Step(o); err != nil {
				out.Runs = k // a plan the engine refuses: count what was played
				return out
			}
		}
		if sim.Success() {
			out.Successes++
		}
		if met, has := sim.ObjectiveMet(side); has && met {
			out.ObjectiveMet++
		}
	}
	return out
}
