package sim

import (
	"strings"
	"testing"
)

// TestParsePolicyRefusesAbsurdWeights: a weight of nan, inf or 1e308 was
// accepted, and the planner's fixed-point products wrapped around into an
// arbitrary allocation.
func TestParsePolicyRefusesAbsurdWeights(t *testing.T) {
	for _, text := range []string{"deterrence = nan", "resilience = inf", "align = -inf", "defence = 1e308", "intel = -5000"} {
		_, err := ParsePolicy("p.toml", []byte(text))
		key := strings.TrimSpace(strings.SplitN(text, "=", 2)[0])
		if err == nil || !strings.Contains(err.Error(), "p.toml:1:1: "+key+" must be a number between -1000 and 1000") {
			t.Errorf("%q: %v", text, err)
		}
	}
	if _, err := ParsePolicy("p.toml", []byte("deterrence = 3\nalign = -2\nspend = 0.5")); err != nil {
		t.Errorf("ordinary weights refused: %v", err)
	}
}

// TestParsePolicyErrorsNameTheLine: a policy file's errors named the file
// alone ("hawk.toml: unknown key \"escalaton\""); they name the key's line
// and column, as a scenario's do.
func TestParsePolicyErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"name = \"hawk\"\ndeterrence = 3\n  escalaton = 1\n", `hawk.toml:3:3: unknown key "escalaton" (did you mean "escalation"?)`},
		{"deterrence = 3\nspend = 2\n", "hawk.toml:2:1: spend must be between 0 and 1, not 2"},
	} {
		_, err := ParsePolicy("hawk.toml", []byte(tc.text))
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q: %v, want %s", tc.text, err, tc.want)
		}
	}
}
