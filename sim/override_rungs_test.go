package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestSetRungOfTheStandardLadder: a file that writes no [[escalation.rung]]
// plays the standard ladder, and a rung of it cannot be set, through --set
// or a difficulty level's set. The refusal said only `no entry "[3]"`; it
// says the file uses the standard ladder, and that changing a rung takes
// all five [[escalation.rung]] tables in the file.
func TestSetRungOfTheStandardLadder(t *testing.T) {
	const file = `format = 1
id = "mini"
title = "Minimal"
turns = 5

[[domain]]
id = "sea"

[[side]]
id = "rok"
team = "alliance"
budget = 6

[[metric]]
id = "cohesion"
start = 60

[[lever]]
id = "talks"
effect = { cohesion = 1 }

[[end]]
id = "held"

[[difficulty]]
id = "hard"
set = { "escalation.rung[3].name" = "Standoff" }
`
	wants := []string{`"escalation.rung[3].name"`, "standard escalation ladder", "write all five [[escalation.rung]] tables"}
	s, err := sim.Parse("mini.toml", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Clone().Set("escalation.rung[3].name", "Standoff")
	for _, want := range wants {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Set: %v, want an error containing %q", err, want)
		}
	}
	_, err = sim.Compile(s)
	for _, want := range append(wants, "difficulty.hard.set.escalation.rung[3].name") {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Compile: %v, want an error containing %q", err, want)
		}
	}
	// With its five rungs written, the rung is set.
	five := strings.Replace(file, "[[end]]", strings.Repeat("[[escalation.rung]]\n", 5)+"\n[[end]]", 1)
	if s, err = sim.Parse("mini.toml", []byte(five)); err != nil {
		t.Fatal(err)
	}
	if _, err := sim.Compile(s); err != nil {
		t.Errorf("with five rungs: %v", err)
	}
}
