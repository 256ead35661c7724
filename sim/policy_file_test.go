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
		if err == nil || !strings.Contains(err.Error(), "p.toml: "+key+" must be a number between -1000 and 1000") {
			t.Errorf("%q: %v", text, err)
		}
	}
	if _, err := ParsePolicy("p.toml", []byte("deterrence = 3\nalign = -2\nspend = 0.5")); err != nil {
		t.Errorf("ordinary weights refused: %v", err)
	}
}
