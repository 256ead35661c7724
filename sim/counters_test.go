package sim_test

import (
	"slices"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestCounters: the levers that blunt a move are those defending its
// domain, best defence per budget point first, and only the side's own
// when a side asks; in gray-zone, a cyber intrusion is countered by cyber
// defence.
func TestCounters(t *testing.T) {
	for _, id := range scenarios.IDs() {
		c, err := scenarios.Compile(id, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		for a := range c.Actions {
			d := c.Actions[a].Domain
			per := func(l int) sim.Fix {
				for _, e := range c.Levers[l].Defend {
					if e.Metric == d && e.Delta > 0 {
						return e.Delta.Div(c.Levers[l].Cost)
					}
				}
				return 0
			}
			all := c.Counters(a, sim.Umpire, 0)
			for l := range c.Levers {
				if (per(l) > 0) != slices.Contains(all, l) {
					t.Errorf("%s: %s: lever %s defends its domain by %v per point but Counters says %v", id, c.Actions[a].ID, c.Levers[l].ID, per(l), all)
				}
			}
			for i := 1; i < len(all); i++ {
				if per(all[i]) > per(all[i-1]) {
					t.Errorf("%s: %s: counters not best first: %v", id, c.Actions[a].ID, all)
				}
			}
			for _, s := range c.Alliance() {
				for _, l := range c.Counters(a, s, 2) {
					if c.Levers[l].Sides&(1<<uint(s)) == 0 {
						t.Errorf("%s: %s: %s is offered lever %s it may not use", id, c.Actions[a].ID, c.Sides[s].ID, c.Levers[l].ID)
					}
				}
			}
		}
		if id != "gray-zone" {
			continue
		}
		a, l := c.ActionIndex("cyber_intrusion"), c.LeverIndex("cyber_defence")
		if a < 0 || l < 0 || !slices.Contains(c.Counters(a, sim.Umpire, 0), l) {
			t.Errorf("gray-zone: cyber defence does not counter the cyber intrusion (%d, %d)", a, l)
		}
	}
}

// TestCounterNote: a move's note names its best counters and its domain;
// a decision has none.
func TestCounterNote(t *testing.T) {
	c, err := scenarios.Compile("gray-zone", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	a := c.ActionIndex("cyber_intrusion")
	move := sim.Impact{Entry: sim.Entry{Kind: sim.CauseAction, Cause: a, Side: -1, Choice: -1, Via: -1, Success: true}}
	failed := move
	failed.Entry.Success = false
	if got := c.CounterNote(failed, sim.Umpire); got != "" {
		t.Fatalf("a failed move's harm gets counters: %q", got)
	}
	ls := c.Counters(a, sim.Umpire, 2)
	want := "defended by " + c.Levers[ls[0]].Name
	if len(ls) > 1 {
		want += ", " + c.Levers[ls[1]].Name
	}
	want += " (" + c.Domains[c.Actions[a].Domain].Name + ")"
	if got := c.CounterNote(move, sim.Umpire); got != want {
		t.Fatalf("CounterNote: %q, want %q", got, want)
	}
	lever := sim.Impact{Entry: sim.Entry{Kind: sim.CauseLever, Cause: 0, Side: 0, Choice: -1, Via: -1}}
	if got := c.CounterNote(lever, sim.Umpire); got != "" {
		t.Fatalf("a decision has a counter note: %q", got)
	}
}

// TestCounterNoteNestedName: a domain whose name has its own aside keeps
// it in brackets inside the note's parentheses; thaad-pressure's economic
// domain read "(Economic (tourism, consumers))".
func TestCounterNoteNestedName(t *testing.T) {
	c, err := scenarios.Compile("thaad-pressure", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	a := slices.IndexFunc(c.Actions, func(ai sim.ActionInfo) bool { return c.Domains[ai.Domain].ID == "economic" })
	if a < 0 {
		t.Fatal("thaad-pressure has no economic move")
	}
	move := sim.Impact{Entry: sim.Entry{Kind: sim.CauseAction, Cause: a, Side: -1, Choice: -1, Via: -1, Success: true}}
	want := "defended by Tourism diversification, Relief for hit firms (Economic [tourism, consumers])"
	if got := c.CounterNote(move, sim.Umpire); got != want {
		t.Errorf("CounterNote: %q, want %q", got, want)
	}
}
