package batch

import (
	"encoding/json"
	"strconv"
	"testing"
)

// TestPValuesWithoutFloatNoise: the json gave "p": 0.2187500000000001,
// "p_holm": 0.7031250000000008 and 2.8999999999999998e-15 where the other
// numbers are given to 12 significant digits: an exact test's sum and
// Holm's products carry binary noise. Every p and p_holm is now given as
// the rest are; whether a test is significant is judged before.
func TestPValuesWithoutFloatNoise(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	// Arm y succeeds where x fails in 5 runs and the reverse in 1: an
	// exact McNemar test (p = 2 × 7/64 = 0.21875); 40 runs where y fails
	// outright make a χ² p far below PFloor, which Holm multiplies.
	for _, pol := range []string{"a=x", "a=y", "a=z"} {
		for r := range 60 {
			ok := r%2 == 0
			switch {
			case pol == "a=y" && r < 10:
				ok = true
			case pol == "a=y" && r == 10:
				ok = false
			case pol == "a=z" && r < 40:
				ok = r%2 == 1
			}
			v := strconv.FormatFloat(float64(r%7)+map[string]float64{"a=x": 0, "a=y": 0.3, "a=z": 1.1}[pol], 'f', 4, 64)
			s.Add(&Record{Scenario: "s", Variant: "base", Policy: pol, Replicate: r, Verdict: map[bool]string{true: "won", false: "lost"}[ok], Success: ok, Metrics: []string{v}})
		}
	}
	cs := s.Compare(0)
	if len(cs) != 2 {
		t.Fatalf("%d comparisons, want 2", len(cs))
	}
	data, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	var got []struct {
		Success struct {
			P     float64 `json:"p"`
			PHolm float64 `json:"p_holm"`
		} `json:"success"`
		Metrics []struct {
			P     float64 `json:"p"`
			PHolm float64 `json:"p_holm"`
		} `json:"metrics"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	var ps []float64
	for _, c := range got {
		ps = append(ps, c.Success.P, c.Success.PHolm)
		for _, m := range c.Metrics {
			ps = append(ps, m.P, m.PHolm)
		}
	}
	for _, p := range ps {
		if p != Round12(p) {
			t.Errorf("p %v in the json: not to 12 significant digits (%v)", p, Round12(p))
		}
	}
	if cs[0].Success.P != 0.21875 || cs[0].Success.Test != TestMcNemarExact {
		t.Errorf("y vs x: success p %v by %s, want 0.21875 by the exact test", cs[0].Success.P, cs[0].Success.Test)
	}
}
