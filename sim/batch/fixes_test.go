package batch

import (
	"bytes"
	"encoding/json"
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
	cs := s.Compare(0)
	if len(cs) != 1 || cs[0].Success.Test != TestNone || !cs[0].Success.Diff.NA || cs[0].Metrics[0].Test != TestNone || !cs[0].Metrics[0].Diff.NA ||
		cs[0].Metrics[0].Diff.Est != -71.02 {
		t.Errorf("one pair: %+v", cs)
	}
	// Ten pairs, none discordant: no McNemar test, and none counted by Holm.
	s = summary(10, func(a, r int) bool { return r < 5 })
	cs = s.Compare(0)
	if cs[0].Success.Test != TestNone || cs[0].Success.Diff.NA || cs[0].Metrics[0].Test != TestPairedT || countTests(cs) != 1 {
		t.Errorf("no discordant pair: %+v", cs)
	}
	b.Reset()
	s.WriteComparisons(&b, cs)
	if !strings.Contains(b.String(), "McNemar p n/a") {
		t.Errorf("no discordant pair:\n%s", b.String())
	}
}

// TestTableNumbers: p-values near 0.05 keep 3 significant digits (0.0504
// showed as "p=0.050", not significant); nothing prints as "-0.0000"; the
// McNemar method is named; metric rows show the raw p beside Holm's.
func TestTableNumbers(t *testing.T) {
	for p, want := range map[float64]string{0.0504: "p=0.0504", 0.04996: "p=0.04996", 0.05004: "p=0.05004", 0.05: "p=0.0500",
		0.2314: "p=0.231", 1: "p=1.00", 0.0012: "p=0.00120", 0.0004: "p<0.001"} {
		if got := fmtP(p); got != want {
			t.Errorf("fmtP(%v) = %q, want %q", p, got, want)
		}
	}
	if got := signed(-0.00001, 4); got != "0.0000" {
		t.Errorf("signed(-0.00001, 4) = %q", got)
	}
	if got := unsigned(-0.00001, 2); got != "0.00" {
		t.Errorf("unsigned(-0.00001, 2) = %q", got)
	}
	s := NewSummary([]string{"m"}, nil)
	for a, pol := range []string{"a=x", "a=y"} {
		for r := 0; r < 80; r++ {
			v := "0.5000"
			if a == 1 && r == 0 {
				v = "0.4999" // a mean difference of −0.0000125
			}
			s.Add(&Record{Scenario: "s", Variant: "base", Policy: pol, Replicate: r, Verdict: "v", Success: (r%3 == 0) != (a == 1 && r%5 == 0), Metrics: []string{v}})
		}
	}
	var b bytes.Buffer
	s.WriteTable(&b, 0)
	out := b.String()
	if strings.Contains(out, "-0.0000") || strings.Contains(out, "−0.0000") {
		t.Errorf("table shows -0.0000:\n%s", out)
	}
	if !strings.Contains(out, "McNemar exact p=") || !strings.Contains(out, "), p=") {
		t.Errorf("table lacks the McNemar method or a metric's raw p:\n%s", out)
	}
}

// TestResultsHaveNoFloat32Noise: values kept as float32 showed in the json
// as "p5": 86.42800025939941 for 86.428.
func TestResultsHaveNoFloat32Noise(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	for r, v := range []string{"86.4280", "91.0031", "0.7123", "55.5555", "86.4280"} {
		s.Add(&Record{Scenario: "s", Variant: "base", Policy: "a=x", Replicate: r, Verdict: "v", Metrics: []string{v}})
	}
	m := s.Results(0)[0].Metrics[0]
	if m.Min != 0.7123 || m.Max != 91.0031 || m.P50 != 86.428 {
		t.Errorf("min %v, max %v, p50 %v: want the rows' decimals", m.Min, m.Max, m.P50)
	}
	data, _ := json.Marshal(m)
	if strings.Contains(string(data), "0000000") || strings.Contains(string(data), "9999999") {
		t.Errorf("json with float32 noise: %s", data)
	}
}

// TestJSONLKeepsMetricOrder: a JSON Lines file's metric columns came out
// sorted, so merge x.jsonl --format csv had another header than the
// batch's CSV. They follow the rows' order, the scenario's.
func TestJSONLKeepsMetricOrder(t *testing.T) {
	rows := `{"run_id":0,"scenario":"s","scenario_sha256":"x","variant":"base","policy":"a=x","replicate":0,"seed":"1","turns_played":5,"verdict":"v","success":true,"hash":"h","metrics":{"zeta":1,"alpha":2,"mid":3}}` + "\n" +
		`{"run_id":1,"scenario":"s","scenario_sha256":"x","variant":"base","policy":"a=x","replicate":1,"seed":"2","turns_played":5,"verdict":"v","success":true,"hash":"h","metrics":{"zeta":1,"beta":4,"alpha":2,"mid":3}}` + "\n"
	_, cols, _, err := ReadRecords("rows.jsonl", strings.NewReader(rows))
	if err != nil || strings.Join(cols, ",") != "zeta,alpha,mid,beta" {
		t.Errorf("columns %v (%v), want zeta,alpha,mid,beta", cols, err)
	}
	dup := strings.Replace(rows, `"mid":3}}`, `"mid":3,"zeta":5}}`, 1)
	if _, _, _, err := ReadRecords("rows.jsonl", strings.NewReader(dup)); err == nil || !strings.Contains(err.Error(), `"zeta" is given twice`) {
		t.Errorf("a metric given twice: %v", err)
	}
}
