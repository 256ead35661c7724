package main

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestCoverageLevels: validate --play said "4 difficulty levels" for a
// scenario with easy, normal and hard, counting the file as written as one
// and playing normal (set = {}, the file as written) twice over. A level
// whose set is empty is played once, by its name, and the summary says
// what was played, with "level" in the singular for one.
func TestCoverageLevels(t *testing.T) {
	for _, tc := range []struct {
		name   string
		edit   func(s *sim.Scenario)
		levels []string
		words  string
	}{
		{"tutorial", func(*sim.Scenario) {}, []string{"easy", "normal", "hard"},
			"3 difficulty levels (easy, normal, hard; normal is the file as written)"},
		{"no empty level", func(s *sim.Scenario) { s.Difficulty[1].Set = map[string]any{"side.prc.bluffs": 1} },
			[]string{"", "easy", "normal", "hard"}, "the file as written and 3 difficulty levels (easy, normal, hard)"},
		{"one level", func(s *sim.Scenario) { s.Difficulty = s.Difficulty[2:] },
			[]string{"", "hard"}, "the file as written and 1 difficulty level (hard)"},
		{"one empty level", func(s *sim.Scenario) { s.Difficulty = s.Difficulty[1:2] },
			[]string{"normal"}, "1 difficulty level (normal; normal is the file as written)"},
		{"no levels", func(s *sim.Scenario) { s.Difficulty = nil },
			[]string{""}, "the file as written (no difficulty levels)"},
	} {
		s, err := sim.Parse("t.toml", []byte(tutorialWith(t, "", "")))
		if err != nil {
			t.Fatal(err)
		}
		tc.edit(s)
		levels, asWritten := coverageLevels(s)
		if strings.Join(levels, ",") != strings.Join(tc.levels, ",") {
			t.Errorf("%s: levels %q, want %q", tc.name, levels, tc.levels)
		}
		if got := levelWords(levels, asWritten); got != tc.words {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.words)
		}
	}
	r := run(t, "validate", "tutorial", "--play", "20")
	if want := "tutorial: played 20 games over 6 policies and 3 difficulty levels (easy, normal, hard; normal is the file as written); verdicts: "; !strings.Contains(r.stdout, want) {
		t.Errorf("validate --play: want %q in\n%s", want, r)
	}
}
