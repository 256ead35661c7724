package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestCompareTrueSuccess: a true win (an allied success with every ally's
// objective met) was shown per arm but never compared. Each comparison
// now tests it as it tests success: the discordant pairs counted from the
// runs themselves, McNemar's p and Newcombe's paired interval recomputed
// here from those counts (as an analyst's script would), in Holm's family,
// in the json, the table and, when significant, the words.
func TestCompareTrueSuccess(t *testing.T) {
	a := armsOf(t, "gray-zone", "balanced", "free-rider")
	c := a[0].Compiled
	s := NewSummary(MetricColumns(a), nil)
	var sides []int // the allies with an objective column
	for _, id := range MetricColumns(a) {
		if IsObjective(id) {
			sides = append(sides, c.SideIndex(strings.TrimPrefix(id, ObjectivePrefix)))
		}
	}
	if len(sides) == 0 {
		t.Fatal("gray-zone has no objective columns")
	}
	wins := map[int][2]bool{} // replicate → a true win under each arm
	sink := sinkFunc(func(r *Row) error {
		ok := r.Success
		for _, side := range sides {
			ok = ok && r.Objectives&(1<<side) != 0
		}
		w := wins[r.Replicate]
		w[r.Arm.Index] = ok
		wins[r.Replicate] = w
		return s.Row(r)
	})
	const runs = 300
	if _, err := Run(context.Background(), &Config{Arms: a, Runs: runs, Seed: 11, Workers: 2}, nil, sink); err != nil {
		t.Fatal(err)
	}
	var both, b, cc, neither int
	for _, w := range wins {
		switch {
		case w[0] && w[1]:
			both++
		case w[0]:
			b++
		case w[1]:
			cc++
		default:
			neither++
		}
	}
	cs := s.Compare(0)
	if len(cs) != 1 || cs[0].TrueSuccess == nil {
		t.Fatalf("no true-win comparison: %+v", cs)
	}
	ts := cs[0].TrueSuccess
	if ts.B != b || ts.C != cc {
		t.Fatalf("true win: %d base-only, %d other-only; the runs say %d and %d", ts.B, ts.C, b, cc)
	}
	if want := float64(both+b) / runs; math.Abs(ts.BaseRate-want) > 1e-9 {
		t.Errorf("base true-win rate %v, want %v", ts.BaseRate, want)
	}
	if want := float64(both+cc) / runs; math.Abs(ts.OtherRate-want) > 1e-9 {
		t.Errorf("other true-win rate %v, want %v", ts.OtherRate, want)
	}
	p, test := refMcNemar(b, cc)
	if ts.Test != test || math.Abs(ts.P-p) > 1e-9*math.Max(p, 1e-12) && math.Abs(ts.P-p) > 1e-15 {
		t.Errorf("true win: %s p=%g, want %s p=%g", ts.Test, ts.P, test, p)
	}
	lo, hi := refNewcombe(both, b, cc, neither)
	if math.Abs(ts.Diff.Lo-lo) > 1e-9 || math.Abs(ts.Diff.Hi-hi) > 1e-9 || math.Abs(ts.Diff.Est-float64(cc-b)/runs) > 1e-9 {
		t.Errorf("true-win interval %+v, want %v to %v around %v", ts.Diff, lo, hi, float64(cc-b)/runs)
	}
	// In Holm's family: one more test than success, objectives and metrics.
	tests := 0
	if cs[0].Success.Test != TestNone {
		tests++
	}
	if ts.Test != TestNone {
		tests++
	}
	for _, o := range cs[0].Objectives {
		if o.Test != TestNone {
			tests++
		}
	}
	for _, m := range cs[0].Metrics {
		if m.Test != TestNone {
			tests++
		}
	}
	if countTests(cs) != tests || JudgementOf(cs).Tests != tests {
		t.Errorf("Holm's family: %d tests, want %d with the true win", countTests(cs), tests)
	}
	if ts.PHolm < ts.P || ts.Significant != (ts.Test != TestNone && ts.PHolm < Alpha) {
		t.Errorf("true win Holm: p %g, p_holm %g, significant %v", ts.P, ts.PHolm, ts.Significant)
	}
	j, _ := json.Marshal(cs[0])
	if !bytes.Contains(j, []byte(`"true_success":{"base_rate"`)) {
		t.Errorf("json comparison without true_success: %s", j)
	}
	var out bytes.Buffer
	s.WithWidth(100).WriteComparisons(&out, cs)
	if !strings.Contains(out.String(), "true win "+Percent(ts.OtherRate)+" vs "+Percent(ts.BaseRate)) {
		t.Errorf("the table does not compare the true win:\n%s", out.String())
	}
	if ts.Significant && !strings.Contains(out.String(), "truly wins") {
		t.Errorf("a significant true-win difference not in words:\n%s", out.String())
	}
}

// The words name a true-win difference that goes the other way from the
// success rate's, even when not significant.
func TestTrueWinOtherWayInWords(t *testing.T) {
	c := Comparison{Other: "x", Base: "y", Pairs: 100,
		Success:     McNemarC{Diff: Interval{Est: 0.05, Lo: -0.01, Hi: 0.11}, B: 5, C: 10, P: 0.3, PHolm: 0.6, Test: TestMcNemarExact},
		TrueSuccess: &McNemarC{Diff: Interval{Est: -0.04, Lo: -0.1, Hi: 0.02}, B: 8, C: 4, P: 0.4, PHolm: 0.6, Test: TestMcNemarExact}}
	if w := words(c, nil, nil); !strings.Contains(w, "true-win rate") || !strings.Contains(w, "other way") {
		t.Errorf("words: %s", w)
	}
	c.TrueSuccess.Diff = Interval{Est: 0.02, Lo: -0.03, Hi: 0.07}
	if w := words(c, nil, nil); strings.Contains(w, "true-win") || strings.Contains(w, "truly") {
		t.Errorf("a true win going the same way, not significant, said: %s", w)
	}
}

// refMcNemar is McNemar's test as an analyst's script computes it: exact
// below McNemarExactBelow discordant pairs, else χ² with continuity
// correction.
func refMcNemar(b, c int) (float64, string) {
	n := b + c
	if n == 0 {
		return 1, TestNone
	}
	if n < McNemarExactBelow {
		sum := new(big.Int)
		for i := 0; i <= min(b, c); i++ {
			sum.Add(sum, new(big.Int).Binomial(int64(n), int64(i)))
		}
		f, _ := new(big.Float).Quo(new(big.Float).SetInt(sum), new(big.Float).SetInt(new(big.Int).Lsh(big.NewInt(1), uint(n)))).Float64()
		return math.Max(math.Min(1, 2*f), PFloor), TestMcNemarExact
	}
	x := math.Pow(math.Abs(float64(b-c))-1, 2) / float64(n)
	return math.Max(math.Erfc(math.Sqrt(x/2)), PFloor), TestMcNemarChi2
}

// refNewcombe is Newcombe's paired interval (method 10) for other − base:
// a both, b base only, c other only, d neither.
func refNewcombe(a, b, c, d int) (lo, hi float64) {
	n := float64(a + b + c + d)
	p1, p2 := float64(a+b)/n, float64(a+c)/n
	wilson := func(k int) (float64, float64) {
		const z = 1.959963984540054
		p := float64(k) / n
		den := 1 + z*z/n
		mid := (p + z*z/(2*n)) / den
		h := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / den
		return math.Max(0, mid-h), math.Min(1, mid+h)
	}
	l1, u1 := wilson(a + b)
	l2, u2 := wilson(a + c)
	phi := 0.0
	if den := float64(a+b) * float64(c+d) * float64(a+c) * float64(b+d); den != 0 {
		A := float64(a*d - b*c)
		if A > 0 {
			A = math.Max(A-n/2, 0)
		}
		phi = A / math.Sqrt(den)
	}
	dl := math.Sqrt(math.Pow(p2-l2, 2) - 2*phi*(p2-l2)*(u1-p1) + math.Pow(u1-p1, 2))
	du := math.Sqrt(math.Pow(u2-p2, 2) - 2*phi*(p1-l1)*(u2-p2) + math.Pow(p1-l1, 2))
	return p2 - p1 - dl, p2 - p1 + du
}

// TestCompareAcrossScenarioFiles: arms played from different files of a
// scenario (an edit between two batches) were compared as if only their
// policies differed, the difference in the files a note on stderr. The
// comparison now says so in its label, its warnings (json too) and words.
func TestCompareAcrossScenarioFiles(t *testing.T) {
	build := func(shaY string) []Comparison {
		s := NewSummary([]string{"m"}, nil)
		for r := range 40 {
			s.Add(&Record{Scenario: "s", SHA256: strings.Repeat("a", 64), Variant: "base", Policy: "x", Replicate: r, Seed: uint64(r), Verdict: "won", Success: r%2 == 0, Metrics: []string{"1.5"}})
			s.Add(&Record{Scenario: "s", SHA256: shaY, Variant: "base", Policy: "y", Replicate: r, Seed: uint64(r), Verdict: "won", Success: r%3 == 0, Metrics: []string{"2"}})
		}
		return s.Compare(0)
	}
	same := build(strings.Repeat("a", 64))
	if same[0].ScenarioFilesDiffer || len(same[0].Warnings) != 0 {
		t.Fatalf("one file: %+v", same[0])
	}
	cs := build(strings.Repeat("b", 64))
	c := cs[0]
	if !c.ScenarioFilesDiffer || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "different files of s") {
		t.Fatalf("two files: differ %v, warnings %q", c.ScenarioFilesDiffer, c.Warnings)
	}
	j, _ := json.Marshal(c)
	if !bytes.Contains(j, []byte(`"scenario_files_differ":true`)) {
		t.Errorf("json: %s", j)
	}
	var out bytes.Buffer
	NewSummary([]string{"m"}, nil).WithWidth(100).WriteComparisons(&out, cs)
	for _, want := range []string{"y vs x, from different scenario files", "warning: the arms were played from different files", "were played from different scenario files, so every difference"} {
		if !strings.Contains(strings.ReplaceAll(out.String(), "\n    ", " "), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
}

// TestWhatSuccessIs: which verdicts count as an allied success is said,
// in the json (each verdict's success) and the table (once a scenario),
// and the intervals' methods are named in both.
func TestWhatSuccessIs(t *testing.T) {
	s := NewSummary([]string{"m"}, map[string]string{LabelKey("s", "end:won"): "Won outright", LabelKey("s", "end:lost"): "Lost"})
	for r := range 10 {
		v := map[bool]string{true: "won", false: "lost"}[r%2 == 0]
		s.Add(&Record{Scenario: "s", Variant: "base", Policy: "x", Replicate: r, Verdict: v, Success: r%2 == 0, Metrics: []string{"1"}})
	}
	for _, v := range s.Results(0)[0].Verdicts {
		if v.Success != (v.ID == "won") {
			t.Errorf("verdict %s: success %v", v.ID, v.Success)
		}
	}
	var out bytes.Buffer
	s.WithWidth(100).WriteTable(&out, 0)
	for _, want := range []string{"allied success is the verdicts: Won outright\n", "Wilson for rates", "Student t for means"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
	j, _ := json.Marshal(JudgementOf(nil))
	if !bytes.Contains(j, []byte(`"intervals":{"level":0.95,"rate":"wilson","mean":"student-t"}`)) {
		t.Errorf("json judgement: %s", j)
	}
}

// TestWhatSuccessIsPerArm: with a sweep of an end's success flag (--set
// end.coerced.success=false,true) the table gave the union of the arms'
// rules once, under v1 — "The line held, Coerced" where Coerced was no
// success — and v2 none. Where arms differ, each says its own.
func TestWhatSuccessIsPerArm(t *testing.T) {
	s := NewSummary([]string{"m"}, map[string]string{LabelKey("s", "end:held"): "The line held", LabelKey("s", "end:coerced"): "Coerced"})
	for _, variant := range []string{"v1", "v2"} {
		for r := range 10 {
			v := map[bool]string{true: "held", false: "coerced"}[r%2 == 0]
			s.Add(&Record{Scenario: "s", Variant: variant, Policy: "x", Replicate: r, Verdict: v, Success: v == "held" || variant == "v2", Metrics: []string{"1"}})
		}
	}
	var out bytes.Buffer
	s.WithWidth(100).WriteTable(&out, 0)
	got := regexp.MustCompile(`(?m)^allied success.*$`).FindAllString(out.String(), -1)
	want := []string{"allied success in this arm is the verdicts: The line held", "allied success in this arm is the verdicts: The line held, Coerced"}
	if !slices.Equal(got, want) {
		t.Errorf("success lines %q, want %q:\n%s", got, want, out.String())
	}
}

// TestInterruptedComparisonWarns: an interrupted batch's json said
// "complete": false, but its comparison, resting on 446 of 1000 pairs,
// carried no warning of its own.
func TestInterruptedComparisonWarns(t *testing.T) {
	a := armsOf(t, "tutorial", "balanced", "free-rider")
	s := NewSummary(MetricColumns(a), nil).Plan(a, 40)
	played := 0
	sink := sinkFunc(func(r *Row) error {
		if r.Arm.Index == 1 && r.Replicate >= 15 {
			return nil // the second arm cut short
		}
		played++
		return s.Row(r)
	})
	if _, err := Run(context.Background(), &Config{Arms: a, Runs: 40, Seed: 3, Workers: 1}, nil, sink); err != nil {
		t.Fatal(err)
	}
	cs := s.Compare(0)
	if s.Complete() || len(cs) != 1 || cs[0].Pairs != 15 {
		t.Fatalf("complete %v, comparisons %+v", s.Complete(), cs)
	}
	if !slices.ContainsFunc(cs[0].Warnings, func(w string) bool {
		return strings.Contains(w, "rests on the 15 pairs both arms played, of the 40 planned")
	}) {
		t.Errorf("warnings %q", cs[0].Warnings)
	}
	whole := NewSummary(MetricColumns(a), nil).Plan(a, 40)
	if _, err := Run(context.Background(), &Config{Arms: a, Runs: 40, Seed: 3, Workers: 1}, nil, whole); err != nil {
		t.Fatal(err)
	}
	if cs := whole.Compare(0); len(cs[0].Warnings) != 0 {
		t.Errorf("a whole batch's comparison warns: %q", cs[0].Warnings)
	}
}
