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

// TestDegenerateStatisticsSayNA: from one run (one pair) there is no
// interval and no test: they printed "93.17–93.17" and "CI −71.02 to
// −71.02, p=1.000"; without a discordant pair McNemar has nothing to test.
func TestDegenerateStatisticsSayNA(t *testing.T) {
	summary := func(reps int, success func(arm, r int) bool) *Summary {
		s := NewSummary([]string{"m"}, nil)
		for a, pol := range []string{"a=x", "a=y"} {
			for r := 0; r < reps; r++ {
				v := []string{"93.1700", "22.1500"}[a]
				if r%2 == 1 {
					v = []string{"90.0000", "20.0000"}[a]
				}
				s.Add(&Record{Scenario: "s", Variant: "base", Policy: pol, Replicate: r, Verdict: "v", Success: success(a, r), Metrics: []string{v}})
			}
		}
		return s
	}
	var b bytes.Buffer
	s := summary(1, func(a, r int) bool { return a == 0 })
	s.WriteTable(&b, 0)
	out := b.String()
	for _, bad := range []string{"93.17–93.17", "CI -71.02 to -71.02", "p=1.000", "1 pairs"} {
		if strings.Contains(out, bad) {
			t.Errorf("one run per arm: the table shows %q:\n%s", bad, out)
		}
	}
	for _, want := range []string{"(1 pair)", "95% CI n/a", "p n/a"} {
		if !strings.Contains(out, want) {
			t.Errorf("one run per arm: the table lacks %q:\n%s", want, out)
		}
	}
	cs := s.Compare()
	if len(cs) != 1 || cs[0].Success.Test != TestNone || !cs[0].Success.Diff.NA || cs[0].Metrics[0].Test != TestNone || !cs[0].Metrics[0].Diff.NA {
		t.Errorf("one pair: %+v", cs)
	}
	// Ten pairs, none discordant: no McNemar test, and none counted by Holm.
	s = summary(10, func(a, r int) bool { return r < 5 })
	cs = s.Compare()
	if cs[0].Success.Test != TestNone || cs[0].Success.Diff.NA || cs[0].Metrics[0].Test != TestPairedT || countTests(cs) != 1 {
		t.Errorf("no discordant pair: %+v", cs)
	}
	b.Reset()
	s.WriteComparisons(&b, cs)
	if !strings.Contains(b.String(), "McNemar p n/a") || !strings.Contains(b.String(), "across 1 test:") && !strings.Contains(b.String(), "across 1 test") {
		t.Errorf("no discordant pair:\n%s", b.String())
	}
}
