package sim

import (
	"fmt"
	"sort"
	"strings"
)

// Play plays g to its end with AI on every allied side (pols indexed by
// side; adversaries follow their doctrine). After each turn it calls turn,
// if not nil, with the orders given and the Result (valid only during the
// call). Play reuses o, which must come from g's scenario.
func Play(g *Game, pols []Policy, o *Orders, turn func(o *Orders, r *Result)) error {
	for !g.Over() {
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		r, err := g.Step(o)
		if err != nil {
			return err
		}
		if turn != nil {
			turn(o, &r)
		}
	}
	return nil
}

// ObjectiveMet reports whether side's private objective holds now, and
// whether the side has one.
func (g *Game) ObjectiveMet(side int) (met, has bool) {
	w := &g.c.Sides[side].ObjectiveWhen
	if w.Empty() {
		return false, false
	}
	return w.True(g.st.vals), true
}

// Success reports whether the game ended in an allied success.
func (g *Game) Success() bool {
	return g.st.end >= 0 && g.c.Ends[g.st.end].Success
}

// GradeResult is one line of the end scorecard.
type GradeResult struct {
	Metric int
	Value  Fix
	Grade  string
}

// Scorecard grades the current metric values by the scenario's scorecard.
func (g *Game) Scorecard() []GradeResult {
	out := make([]GradeResult, 0, len(g.c.Grades))
	for _, gr := range g.c.Grades {
		v := g.st.vals[gr.Metric]
		out = append(out, GradeResult{Metric: gr.Metric, Value: v, Grade: gr.Grade(v, g.c.Metrics[gr.Metric].GoodLow)})
	}
	return out
}

// Policies resolves a policy for every allied side: spec maps side id to a
// policy name; sides not named use their scenario default, else def.
// Policy files are resolved by the caller through custom.
func ResolvePolicies(c *Compiled, spec map[string]string, def string, custom func(name string) (Policy, error)) ([]Policy, error) {
	pols := make([]Policy, len(c.Sides))
	ids := make([]string, 0, len(spec))
	for id := range spec {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		var allied []string
		for _, a := range c.alliance {
			allied = append(allied, c.Sides[a].ID)
		}
		switch i := c.SideIndex(id); {
		case i >= 0 && c.Sides[i].Adversary:
			return nil, fmt.Errorf("--policy %s: %q is an adversary side, played by its doctrine; policies are for allied sides (%s)", id, id, strings.Join(allied, ", "))
		case i < 0:
			return nil, fmt.Errorf("--policy %s: no side %q in scenario %q%s; allied sides: %s", id, id, c.ID, didYouMean(id, allied), strings.Join(allied, ", "))
		}
	}
	for _, s := range c.alliance {
		name := spec[c.Sides[s].ID]
		if name == "" {
			name = c.Sides[s].Policy
		}
		if name == "" {
			name = def
		}
		p, err := PolicyByName(name)
		if err != nil && custom != nil {
			p, err = custom(name)
		}
		if err != nil {
			return nil, err
		}
		pols[s] = p
	}
	return pols, nil
}
