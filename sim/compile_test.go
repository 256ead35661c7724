package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestSetRoundedRanges checks that a value set through --set (Scenario.Set,
// then Compile, as lattice run --set and batch sweeps do) meets the same
// range checks as one written in the file, applied to the value as played:
// rounded to 4 decimals. A chance of 0.00004 played as "no chance" (the
// inject fired on every turn its when held), a budget of 0.00001 as 0.
func TestSetRoundedRanges(t *testing.T) {
	tests := []struct{ path, value, want string }{
		{"inject.dprk_test.chance", "0.00004", "inject.dprk_test.chance: chance 4e-05 rounds to 0"},
		{"inject.collision.chance", "0", "inject.collision.chance: chance = 0 never fires"},
		{"inject.collision.chance", "1.00004", ""},
		{"inject.collision.chance", "0.0001", ""},
		{"side.rok.budget", "0.00001", "side.rok.budget: budget 1e-05 rounds to 0"},
		{"side.rok.budget", "0", "side.rok.budget: an allied side needs a budget of more than 0"},
		{"lever.combined_exercise.diminish", "0.00001", "lever.combined_exercise.diminish: diminish must be between 0.0001 and 1"},
	}
	for _, tt := range tests {
		s := loadTutorial(t)
		if err := s.Set(tt.path, tt.value); err != nil {
			t.Fatalf("Set(%s, %s): %v", tt.path, tt.value, err)
		}
		_, err := sim.Compile(s)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s = %s: %v, want no error", tt.path, tt.value, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s = %s: got %v, want an error containing %q", tt.path, tt.value, err, tt.want)
		}
	}
}
