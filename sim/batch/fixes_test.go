package batch

import (
	"bytes"
	"strings"
	"testing"
)

// TestPlannedArmCutShort: an arm that played 63 of its 3000 runs is shown
// as such in the table and the json (it read "runs 63", or "runs 3000").
func TestPlannedArmCutShort(t *testing.T) {
	arms := []*Arm{{Index: 0, Scenario: "s", Variant: "base", Policy: "a=x"}, {Index: 1, Scenario: "s", Variant: "base", Policy: "a=y"}}
	s := NewSummary([]string{"m"}, nil).Plan(arms, 3000)
	for r := 0; r < 63; r++ {
		s.Add(&Record{Scenario: "s", Variant: "base", Policy: "a=x", Replicate: r, Verdict: "won", Success: r%2 == 0, Metrics: []string{"1.5"}})
	}
	var b bytes.Buffer
	s.WriteTable(&b, 0)
	for _, want := range []string{"INTERRUPTED: 63 of 6000 runs", "interrupted: 63 of 3000 runs", "interrupted: 0 of 3000 runs: not started"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
	if s.Complete() {
		t.Error("Complete() with an arm cut short")
	}
	res := s.Results(0)
	if len(res) != 2 || res[0].Runs != 63 || res[0].RunsPlanned != 3000 || res[1].Runs != 0 {
		t.Errorf("results: %+v", res)
	}
}
