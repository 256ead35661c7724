package sim

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Play plays g to its end with AI on every allied side (pols indexed by
// side; adversaries follow their doctrine). After each turn it calls turn,
// if not nil, with the orders given and the Result (valid only during the
// call). Play reuses o, which must come from g's scenario.
func Play(g *Game, pols []Policy, o *Orders, turn func(o *Orders, r *Result)) error {
	return play(g, pols, o, nil, turn)
}

// play is Play with planned, if not nil, called each turn once the turn is
// briefed, before the sides plan.
func play(g *Game, pols []Policy, o *Orders, planned func(*Game), turn func(o *Orders, r *Result)) error {
	// One Result for the whole game: turn is given its address, so it
	// lives on the heap, and declared in the loop it cost an allocation
	// every turn a batch plays.
	var r Result
	for !g.Over() {
		g.Brief()
		if planned != nil {
			planned(g)
		}
		o.Clear()
		g.PlanSides(pols, o)
		var err error
		if r, err = g.Step(o); err != nil {
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
// Policy files are resolved by the caller through custom. A policy file
// named in spec (--policy, on the command line) is given to custom as it
// is, relative to the current directory; one a side's policy key names in
// the scenario is given as PolicyFile returns it, beside the scenario
// file. The errors of the scenario's policy files, every side's, are an
// ErrorList naming the scenario file, the key's line and its key path.
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
		switch i := c.FindSide(id); {
		case i >= 0 && c.Sides[i].Adversary:
			return nil, fmt.Errorf("--policy %s: %q is an adversary side, played by its doctrine; policies are for allied sides (%s)", id, id, strings.Join(allied, ", "))
		case i < 0:
			return nil, fmt.Errorf("--policy %s: no side %q in scenario %q%s; allied sides: %s", id, id, c.ID, didYouMean(id, allied), strings.Join(allied, ", "))
		}
	}
	// The ids as the scenario writes them ("ROK" is rok).
	byID := make(map[string]string, len(spec))
	for _, id := range ids {
		exact := c.Sides[c.FindSide(id)].ID
		if _, twice := byID[exact]; twice {
			return nil, fmt.Errorf("--policy names side %s twice (as %q and another way): give it once", exact, id)
		}
		byID[exact] = spec[id]
	}
	spec = byID
	var errs ErrorList
	for _, s := range c.alliance {
		name, inScenario := spec[c.Sides[s].ID], false
		if name == "" && c.Sides[s].Policy != "" {
			name, inScenario = c.PolicyFile(s), true
		}
		if name == "" {
			name = def
		}
		p, err := PolicyByName(name)
		if err != nil && custom != nil {
			p, err = custom(name)
		}
		if err != nil && inScenario {
			e := &Error{Path: "side." + c.Sides[s].ID + ".policy", Msg: err.Error()}
			if sc := c.Scenario; sc != nil {
				e.File = sc.file
				for i := range sc.Sides {
					if sc.Sides[i].ID == c.Sides[s].ID {
						at := sc.pos.lookup("side[" + strconv.Itoa(i) + "].policy")
						e.Line, e.Col = at.Line, at.Col
					}
				}
			}
			if _, serr := os.Stat(name); errors.Is(serr, fs.ErrNotExist) && name != c.Sides[s].Policy {
				e.Msg += fmt.Sprintf(" (%q is read from the scenario's directory: give a path from there, or an absolute one)", c.Sides[s].Policy)
			}
			errs.Add(e)
			continue
		}
		if err != nil {
			return nil, err
		}
		pols[s] = p
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return pols, nil
}

// PolicyFile returns the policy side's policy key names in the scenario,
// with a relative .toml path taken from the scenario file's directory, as
// the path to read it by: "cautious.toml" in scen/x.toml is
// scen/cautious.toml. A built-in policy's name, an absolute path, and a
// path in a scenario with no file or one built into lattice (read from the
// current directory) are returned as written.
func (c *Compiled) PolicyFile(side int) string {
	name := c.Sides[side].Policy
	if !strings.HasSuffix(name, ".toml") || filepath.IsAbs(name) || c.Scenario == nil {
		return name
	}
	return filepath.Join(filepath.Dir(c.Scenario.file), name)
}
