package main

import (
	"strings"
	"testing"
)

// TestLevelRatesOfWholeRounds: validate --play's rate per difficulty level
// counts whole rounds of every policy at every level, so that the levels
// are compared on the same mix of policies (with --play 100 and three
// levels, 18 arms, level 1 had played free-rider and lookahead, 60 points
// apart, once less than the others); too few games for a round say so.
func TestLevelRatesOfWholeRounds(t *testing.T) {
	r := run(t, "validate", "--play", "100", "tutorial")
	// The line says so: 3 × 30 games do not add up to the 100 played.
	if !strings.Contains(r.stdout, "(30 games each: 5 whole rounds of the 6 policies at every level; the last 10 of the 100 games, a round unfinished, count in the policies' rates only)") {
		t.Errorf("validate --play 100 tutorial: want 5 whole rounds of 18 arms, 30 games a level, and the 10 left out said:\n%s", r.stdout)
	}
	r = run(t, "validate", "--play", "18", "tutorial")
	if !strings.Contains(r.stdout, "(6 games each)") || strings.Contains(r.stdout, "whole round") {
		t.Errorf("validate --play 18 tutorial: one whole round, nothing left out:\n%s", r.stdout)
	}
	r = run(t, "validate", "--play", "10", "tutorial")
	if !strings.Contains(r.stdout, "too few games to compare the levels") || strings.Contains(r.stdout, "0.0%, normal") {
		t.Errorf("validate --play 10 tutorial: want the levels not compared:\n%s", r.stdout)
	}
}
