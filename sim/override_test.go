package sim_test

import (
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

func loadTutorial(t *testing.T) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSetRefuses checks what Set refuses, and that each refusal says what
// to do instead: an id (renaming an entry through --set broke every
// reference to it, reported at lines of the file that were right), a list,
// a whole table, a difficulty level's set table.
func TestSetRefuses(t *testing.T) {
	s := loadTutorial(t)
	tests := []struct{ path, value, want string }{
		{"id", "other", "an id cannot be set"},
		{"side.rok.id", "korea", "an id cannot be set"},
		{"metric.cohesion.id", "unity", "an id cannot be set"},
		{"lever.combined_exercise.serves", "x", "a list cannot be set; edit it in the file"},
		{"lever.combined_exercise.effect", "3", "a table cannot be set; set one of its keys"},
		{"deterrence.capability", "0.5", "a table cannot be set; set one of its keys"},
		{"difficulty.hard.set.turns", "3", "set table cannot be changed; --set the key itself"},
		{"side.rok.budget", "six", `expected a number, got "six"`},
		{"lever.combined_exercise.max", "2.5", `expected an integer, got "2.5"`},
	}
	for _, tt := range tests {
		c := s.Clone()
		err := c.Set(tt.path, tt.value)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%q, %q) = %v, want an error containing %q", tt.path, tt.value, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "of this kind") {
			t.Errorf("Set(%q, %q): %v: names a Go kind", tt.path, tt.value, err)
		}
	}
}

// TestSetIntegerAsFloat checks that an integer key takes "6.0" on the
// command line, as it takes 6.0 in a file.
func TestSetIntegerAsFloat(t *testing.T) {
	s := loadTutorial(t).Clone()
	for _, v := range []string{"3.0", " 3 ", "3"} {
		if err := s.Set("lever.combined_exercise.max", v); err != nil {
			t.Fatalf("Set(max, %q): %v", v, err)
		}
		if got := s.Value("lever.combined_exercise.max"); got != "3" {
			t.Errorf("after Set(max, %q): max = %s, want 3", v, got)
		}
	}
	if _, err := sim.Compile(s); err != nil {
		t.Fatal(err)
	}
}

// TestSetUnknownUnderIndex: a mistyped key under a list element is named,
// and the suggestion written, as paths are written ("modifier[0].factor",
// not "modifier.[0].factor").
func TestSetUnknownUnderIndex(t *testing.T) {
	s := loadTutorial(t)
	err := s.Clone().Set("action.wedge_message.modifier[0].facter", "2")
	want := `no key "facter" under action.wedge_message.modifier[0] (did you mean "action.wedge_message.modifier[0].factor"?)`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Set: %v, want an error containing %q", err, want)
	}
}
