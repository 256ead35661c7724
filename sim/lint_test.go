package sim_test

import (
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// The built-in scenarios draw no warning.
func TestBuiltinsHaveNoWarnings(t *testing.T) {
	for _, id := range scenarios.IDs() {
		for _, w := range builtin(t, id).Warnings {
			t.Errorf("%s: %v", id, w)
		}
	}
}

// Each warning names the line and key of the likely mistake: an end that
// holds at the start (a start left out), bluffs with no action to bluff
// with, an effect larger than its metric's whole range, a test in a
// condition that can never hold, a 0–1 support metric, a start left out
// where 0 is the worst value (not for "losses", where low is good), the
// deterrence factors' starts left out.
func TestLintWarnings(t *testing.T) {
	src := `format = 1
id = "mini"
title = "Minimal"
turns = 5

[[domain]]
id = "maritime"

[[side]]
id = "rok"
team = "alliance"
budget = 6
support = "mood"

[[side]]
id = "prc"
team = "adversary"
bluffs = 1

[[metric]]
id = "cohesion"

[[metric]]
id = "supply"
start = 50

[[metric]]
id = "mood"
min = 0
max = 1
start = 0.5

[[metric]]
id = "trade"

[[metric]]
id = "losses"
good = "low"

[[lever]]
id = "patrol"
effect = { resolve = 3, supply = 2 }

[[action]]
id = "swarm"
domain = "maritime"
success = { supply = -5000 }

[[end]]
id = "split"
when = "cohesion < 40"

[[end]]
id = "starved"
when = "supply < 0 or turn > 5 or rung >= 6"

[[end]]
id = "held"
success = true
`
	s, err := sim.Parse("mini.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range c.Warnings {
		got = append(got, w.Error())
	}
	want := []string{
		"mini.toml: deterrence: capability, resolve, communication have no start, so deterrence (100 × capability × resolve × communication) starts at 0: set their starts in [deterrence]",
		"mini.toml:13:1: side.rok.support: rok's budget is scaled by (50 + mood)/100, but mood stays within 0..1, so its budget stays about half: support should be a 0–100 metric",
		"mini.toml:18:1: side.prc.bluffs: prc signals 1 bluff a turn, but none of its actions has bluff = true, so it never bluffs: mark the actions it may feint",
		"mini.toml:33:1: metric.trade.start: trade has no start, so it starts at 0, its worst value: is a start missing?",
		"mini.toml:42:12: lever.patrol.effect.resolve: a point moves 3 on resolve, whose whole range is 0 to 1: a scale mistake?",
		"mini.toml:47:13: action.swarm.success.supply: a success moves -5000 on supply, whose whole range is 0 to 100: a scale mistake?",
		"mini.toml:51:1: end.split.when: its condition already holds at the start (cohesion 0), so the game ends after turn 1 unless that turn changes it; cohesion has no start, so it starts at 0: is a start missing?",
		"mini.toml:55:1: end.starved.when: supply never falls below 0 (it stays within 0..100), so that test never holds",
		"mini.toml:55:1: end.starved.when: turn never exceeds 5 (the game has 5 turns), so that test never holds",
		"mini.toml:55:1: end.starved.when: rung never reaches 6 (rungs are 1 to 5), so that test never holds",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
