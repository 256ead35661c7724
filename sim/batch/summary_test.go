package batch

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// sweepSummary is a summary of nReps replicates of every variant × policy
// given, the metric m of each run a function of its arm and replicate.
func sweepSummary(variants map[string][]string, order, policies []string, nReps int) *Summary {
	s := NewSummary([]string{"m"}, nil).WithVariants(variants)
	run := 0
	for vi, v := range order {
		for pi, p := range policies {
			for r := range nReps {
				s.Add(&Record{RunID: run, Scenario: "s", Variant: v, Policy: p, Replicate: r, Seed: uint64(1000 + r),
					Verdict: "held", Success: (r+vi+pi)%3 == 0, Metrics: []string{strconv.Itoa(10*vi + 3*pi + r%5)}})
				run++
			}
		}
	}
	return s
}

func comparedPairs(cs []Comparison) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Other+" vs "+c.Base)
	}
	return out
}

// TestSweepComparesOneChangeAtATime: in a sweep of two keys, an arm whose
// variant differs from the first in both is compared with the variants
// that put one key back to its first value, each a single change, never
// with the first variant across two changes at once, as the heading
// promises ("one change at a time"). A one-key sweep is as before.
func TestSweepComparesOneChangeAtATime(t *testing.T) {
	two := map[string][]string{
		"v1": {"side.rok.budget=4", "turns=6"},
		"v2": {"side.rok.budget=4", "turns=8"},
		"v3": {"side.rok.budget=6", "turns=6"},
		"v4": {"side.rok.budget=6", "turns=8"},
	}
	s := sweepSummary(two, []string{"v1", "v2", "v3", "v4"}, []string{"balanced", "free-rider"}, 20)
	got := comparedPairs(s.Compare(0))
	want := []string{
		"v1 free-rider vs v1 balanced",
		"v2 balanced vs v1 balanced",
		"v2 free-rider vs v2 balanced", "v2 free-rider vs v1 free-rider",
		"v3 balanced vs v1 balanced",
		"v3 free-rider vs v3 balanced", "v3 free-rider vs v1 free-rider",
		"v4 balanced vs v2 balanced", "v4 balanced vs v3 balanced",
		"v4 free-rider vs v4 balanced", "v4 free-rider vs v2 free-rider", "v4 free-rider vs v3 free-rider",
	}
	if !slices.Equal(got, want) {
		t.Errorf("two-key sweep compared\n%q\nwant\n%q", got, want)
	}

	one := map[string][]string{"v1": {"turns=6"}, "v2": {"turns=8"}, "v3": {"turns=10"}}
	s = sweepSummary(one, []string{"v1", "v2", "v3"}, []string{"balanced"}, 20)
	if got, want := comparedPairs(s.Compare(0)), []string{"v2 balanced vs v1 balanced", "v3 balanced vs v1 balanced"}; !slices.Equal(got, want) {
		t.Errorf("one-key sweep compared %q, want %q", got, want)
	}

	// Without the overrides (row files without manifests) the variants
	// cannot be told apart by key: each is compared with the first.
	s = sweepSummary(nil, []string{"v1", "v2", "v3", "v4"}, []string{"balanced"}, 20)
	if got, want := comparedPairs(s.Compare(0)), []string{"v2 balanced vs v1 balanced", "v3 balanced vs v1 balanced", "v4 balanced vs v1 balanced"}; !slices.Equal(got, want) {
		t.Errorf("unknown overrides compared %q, want %q", got, want)
	}
}

// TestCompareIgnoresRowOrder: the same runs give the same comparisons, to
// the bit, whatever order their rows come in — compare given the shards of
// a batch (shard 0's replicates, then shard 1's), or the files in another
// order, against the merged file. The sums of the paired differences ran
// in the order the rows came, so the json's p-values differed in their
// last digits.
func TestCompareIgnoresRowOrder(t *testing.T) {
	const n = 97
	var recs []Record
	for arm, p := range []string{"balanced", "free-rider"} {
		for r := range n {
			// Values whose float sums depend on their order.
			v := strconv.FormatFloat(float64(r*r*(arm+1)%89)/7+float64(r%3)*0.0001, 'f', 4, 64)
			recs = append(recs, Record{RunID: arm*n + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Seed: uint64(r),
				Verdict: "held", Success: (r*(arm+2))%7 < 3, Metrics: []string{v}})
		}
	}
	summarise := func(order []int) []Comparison {
		s := NewSummary([]string{"m"}, nil)
		for _, i := range order {
			s.Add(&recs[i])
		}
		return s.Compare(0)
	}
	var runOrder, sharded, shuffled []int
	for i := range recs {
		runOrder = append(runOrder, i)
	}
	for _, shard := range []int{0, 1, 2} {
		for i := shard; i < len(recs); i += 3 {
			sharded = append(sharded, i)
		}
	}
	for _, shard := range []int{2, 0, 1} {
		for i := shard; i < len(recs); i += 3 {
			shuffled = append(shuffled, i)
		}
	}
	want := summarise(runOrder)
	for name, order := range map[string][]int{"shards": sharded, "shards 2, 0, 1": shuffled} {
		if got := summarise(order); !reflect.DeepEqual(got, want) {
			t.Errorf("rows in %s order compare as\n%+v\nnot as in run order\n%+v", name, got, want)
		}
	}
}

// TestRareVerdictsNotShownAsNever: a verdict reached in 1 run of 4000
// (a war, say) read "conflict 0.0%", as if never reached, and one reached
// in all but 1 "held 100.0%", as if always; they read "<0.1%" and ">99.9%".
// Rates that round to a real figure are as before.
func TestRareVerdictsNotShownAsNever(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	const n = 4000
	for r := range n {
		v, ok := "held", true
		switch r {
		case 7:
			v, ok = "conflict", false
		}
		s.Add(&Record{RunID: r, Scenario: "s", Variant: "base", Policy: "balanced", Replicate: r, Verdict: v, Success: ok, Metrics: []string{"1"}})
	}
	for r := range 10 {
		v := "held"
		if r < 3 {
			v = "split"
		}
		s.Add(&Record{RunID: n + r, Scenario: "s", Variant: "base", Policy: "free-rider", Replicate: r, Verdict: v, Success: v == "held", Metrics: []string{"1"}})
	}
	var b bytes.Buffer
	s.WriteTable(&b, 0)
	out := b.String()
	for _, want := range []string{"verdicts: held >99.9%, conflict <0.1%", "allied success >99.9% (95% CI", "verdicts: held 70.0%, split 30.0%"} {
		if !strings.Contains(out, want) {
			t.Errorf("%q missing from\n%s", want, out)
		}
	}
}

// TestWordsSayArmsEndedAlike: arms that ended alike in every pair (a
// --set value the policy never reaches, such as a lever's max above what
// it buys) read "No significant difference", as if there were noise to
// test; they say every pair ended alike. One pair is too few to test, and
// says so. Arms that differ are as before.
func TestWordsSayArmsEndedAlike(t *testing.T) {
	alike := func(n int, shift float64) string {
		s := NewSummary([]string{"m"}, nil)
		for arm, p := range []string{"balanced", "free-rider"} {
			for r := range n {
				v := strconv.FormatFloat(float64(r%7)+shift*float64(arm*(r%3)), 'f', 4, 64)
				s.Add(&Record{RunID: arm*n + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Verdict: "held", Success: r%2 == 0, Metrics: []string{v}})
			}
		}
		var b bytes.Buffer
		s.WriteComparisons(&b, s.Compare(0))
		return strings.Join(strings.Fields(b.String()), " ")
	}
	if out := alike(40, 0); !strings.Contains(out, "In words: free-rider and balanced ended alike in all 40 pairs") {
		t.Errorf("identical arms:\n%s", out)
	}
	if out := alike(1, 1); !strings.Contains(out, "In words: One pair is too few to test a difference") {
		t.Errorf("one pair:\n%s", out)
	}
	if out := alike(40, 1); !strings.Contains(out, "In words: No significant difference in success rate") || strings.Contains(out, "alike") {
		t.Errorf("arms that differ in a metric:\n%s", out)
	}
}

// TestTableDecimalsSameAcrossArms: a metric is shown to the same decimals
// in every arm, so arms read side by side; an arm with a narrow interval
// showed "0.4911" and one with a wider "0.671" for one metric.
func TestTableDecimalsSameAcrossArms(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	for arm, p := range []string{"balanced", "free-rider"} {
		for r := range 200 {
			spread := []float64{0.0005, 0.05}[arm] // a narrow interval, then a wide one
			v := strconv.FormatFloat(0.5+spread*float64(r%9-4), 'f', 4, 64)
			s.Add(&Record{RunID: arm*200 + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Verdict: "held", Success: true, Metrics: []string{v}})
		}
	}
	var b bytes.Buffer
	s.WriteTable(&b, 0)
	var means []string
	for _, line := range strings.Split(b.String(), "\n") {
		if f := strings.Fields(line); len(f) > 2 && f[0] == "m" && strings.Contains(line, "–") {
			means = append(means, f[1])
		}
	}
	if len(means) != 2 {
		t.Fatalf("want the metric's line in both arms:\n%s", b.String())
	}
	decs := func(x string) int { _, frac, _ := strings.Cut(x, "."); return len(frac) }
	if decs(means[0]) != decs(means[1]) || decs(means[0]) < 4 {
		t.Errorf("the metric's means read %q and %q: want the same decimals, as many as the narrower interval asks (4)\n%s", means[0], means[1], b.String())
	}
}

// TestCausesJSONWithoutNoise: the causes' mean changes in the json read
// as the decimals they are, not 3.7545620000000004: a sum of 4-decimal
// changes divided by the runs, rounded like the intervals (Interval.Round12).
func TestCausesJSONWithoutNoise(t *testing.T) {
	s := tableSummary(t)
	var causes []CauseMean
	for _, ar := range s.Results(5) {
		for _, m := range ar.Metrics {
			causes = append(causes, m.Causes...)
		}
	}
	for _, c := range s.Compare(5) {
		for _, m := range c.Metrics {
			causes = append(causes, m.Causes...)
		}
	}
	if len(causes) == 0 {
		t.Fatal("no causes to check")
	}
	for _, c := range causes {
		if f := strconv.FormatFloat(c.Mean, 'g', -1, 64); len(strings.TrimLeft(strings.Replace(f, ".", "", 1), "-0")) > 12 {
			t.Errorf("cause %s: mean %s has more than 12 significant digits", c.ID, f)
		}
	}
}

// TestHeadingWithoutVariants: comparisons of policies alone (no --set
// sweep, or continuations of a game) are headed as what they are; the
// heading spoke of variants and --set values there were none of.
func TestHeadingWithoutVariants(t *testing.T) {
	heading := func(s *Summary) string {
		var b bytes.Buffer
		s.WriteComparisons(&b, s.Compare(0))
		head, _, _ := strings.Cut(b.String(), "──")
		return strings.Join(strings.Fields(head), " ")
	}
	h := heading(sweepSummary(nil, []string{"base"}, []string{"balanced", "free-rider"}, 10))
	if !strings.Contains(h, "each arm against the arm of the first policy") || strings.Contains(h, "--set") || strings.Contains(h, "variant") {
		t.Errorf("policies alone headed %q", h)
	}
	h = heading(sweepSummary(map[string][]string{"v1": {"turns=6"}, "v2": {"turns=8"}}, []string{"v1", "v2"}, []string{"balanced"}, 10))
	if !strings.Contains(h, "one --set value nearer the first") {
		t.Errorf("a sweep headed %q", h)
	}
}

// TestWithoutWords: a summary WithoutWords writes its comparisons in
// numbers only, each line marked significant or not.
func TestWithoutWords(t *testing.T) {
	s := sweepSummary(nil, []string{"base"}, []string{"balanced", "free-rider"}, 30)
	var with, without bytes.Buffer
	s.WriteComparisons(&with, s.Compare(0))
	s.WithoutWords().WriteComparisons(&without, s.Compare(0))
	if !strings.Contains(with.String(), "In words:") || strings.Contains(without.String(), "In words:") || !strings.Contains(without.String(), "significant") {
		t.Errorf("with words:\n%s\nwithout:\n%s", with.String(), without.String())
	}
}

// TestWordsSayBetterOrWorse: where the summary knows which way is good for
// a metric (the scenario's good = "low", escalation), the words say whether
// a significant difference is better or worse: "Escalation is higher"
// left the reader to know that higher is worse.
func TestWordsSayBetterOrWorse(t *testing.T) {
	s := NewSummary([]string{"escalation", "deterrence"}, map[string]string{"escalation": "Escalation", "deterrence": "Deterrence"})
	for arm, p := range []string{"balanced", "free-rider"} {
		for r := range 60 {
			esc := strconv.Itoa(40 + 10*arm + r%7) // higher under free-rider
			det := strconv.Itoa(30 - 5*arm + r%5)  // lower under free-rider
			s.Add(&Record{RunID: arm*60 + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Verdict: "held", Success: r%2 == 0, Metrics: []string{esc, det}})
		}
	}
	words := func() string {
		var b bytes.Buffer
		s.WriteComparisons(&b, s.Compare(0))
		return strings.Join(strings.Fields(b.String()), " ")
	}
	if out := words(); !strings.Contains(out, "Escalation is higher (d=") || strings.Contains(out, "worse") {
		t.Errorf("without directions:\n%s", out)
	}
	s.WithLowBetter(map[string]bool{LabelKey("s", "escalation"): true, LabelKey("s", "deterrence"): false})
	if out := words(); !strings.Contains(out, "Escalation is higher (worse, d=") || !strings.Contains(out, "Deterrence is lower (worse, d=") {
		t.Errorf("with directions:\n%s", out)
	}
}

// TestHeadingWithUnknownVariants: where the --set values behind v1, v2, …
// are not known (rows without their manifests), each variant is compared
// with the first, which may differ in several values; the heading said
// "one change at a time" all the same.
func TestHeadingWithUnknownVariants(t *testing.T) {
	s := sweepSummary(nil, []string{"v1", "v2", "v3", "v4"}, []string{"balanced"}, 10)
	var b bytes.Buffer
	s.WriteComparisons(&b, s.Compare(0))
	head, _, _ := strings.Cut(b.String(), "──")
	head = strings.Join(strings.Fields(head), " ")
	if strings.Contains(head, "one change at a time") || !strings.Contains(head, "not known") {
		t.Errorf("unknown variants headed %q", head)
	}
}

// TestComparisonGivesBothRates: a success-rate difference is read against
// the rates it is the difference of ("+31.3 pp" from 43% or from 5% are
// different findings); the comparisons gave the difference alone.
func TestComparisonGivesBothRates(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	for arm, p := range []string{"balanced", "free-rider"} {
		for r := range 200 {
			ok := r%10 < 4 // balanced 40%
			if arm == 1 {
				ok = r%10 < 7 // free-rider 70%
			}
			s.Add(&Record{RunID: arm*200 + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Verdict: "held", Success: ok, Metrics: []string{"1"}})
		}
	}
	cs := s.Compare(0)
	if len(cs) != 1 || cs[0].Success.BaseRate != 0.4 || cs[0].Success.OtherRate != 0.7 {
		t.Fatalf("comparison %+v: want the base's rate 0.4 and the other's 0.7", cs)
	}
	for _, width := range []int{0, 80} {
		var b bytes.Buffer
		s.WithWidth(width).WriteComparisons(&b, cs)
		if !strings.Contains(b.String(), "(200 pairs), success 70.0% vs 40.0%") {
			t.Errorf("width %d: the rates missing from\n%s", width, b.String())
		}
	}
}

// TestWordsSaySignificantOnlyUncorrected: a success-rate difference below
// Alpha on its own test but not once Holm's correction is made says so,
// with both p-values; "No significant difference" alone read as no effect
// beside a 13.5-point gap whose own p was 0.007. A difference that is not
// significant even alone, or is significant corrected, gives its interval
// too, so that the sentence can be quoted whole.
func TestWordsSaySignificantOnlyUncorrected(t *testing.T) {
	c := func(p, holm float64) Comparison {
		return Comparison{Scenario: "s", Base: "balanced", Other: "deterrence-first", Pairs: 200,
			Success: McNemarC{Diff: Interval{Est: -0.135, Lo: -0.25, Hi: 0.02}, B: 40, C: 13, P: p, PHolm: holm, Significant: holm < Alpha, Test: TestMcNemarChi2}}
	}
	for _, tt := range []struct {
		c    Comparison
		want string
	}{
		{c(0.00702, 0.0561), "No significant difference in success rate between deterrence-first and balanced once Holm's correction is made for every test shown (-13.5 percentage points, p=0.00702 uncorrected, p=0.0561 corrected)"},
		{c(0.2, 1), "No significant difference in success rate between deterrence-first and balanced (-13.5 percentage points, 95% CI -25.0 to +2.0): "},
		{c(0.001, 0.004), "deterrence-first succeeds significantly less often than balanced (-13.5 percentage points, 95% CI -25.0 to +2.0)."},
	} {
		if got := words(tt.c, nil, nil); !strings.Contains(got, tt.want) {
			t.Errorf("p %v, Holm p %v:\n%s\nwant it to hold %q", tt.c.Success.P, tt.c.Success.PHolm, got, tt.want)
		}
	}
}

// effectSummary is a summary of two policies over n replicates, with a
// metric per shift given: the other arm's value is the base's (a spread of
// 0…9 over the replicates, sd 2.87) plus the shift. Success alternates in
// both arms, flipped in flips replicates of each direction.
func effectSummary(n, flips int, shifts map[string]float64) *Summary {
	ids := slices.Sorted(maps.Keys(shifts))
	s := NewSummary(ids, nil)
	for arm, p := range []string{"balanced", "free-rider"} {
		for r := range n {
			var ms []string
			for _, id := range ids {
				ms = append(ms, strconv.FormatFloat(float64(r%10)+float64(arm)*shifts[id], 'f', 4, 64))
			}
			ok := r%2 == 0
			if arm == 1 && r < 2*flips {
				ok = !ok // flips each way: no difference in rate
			}
			s.Add(&Record{RunID: arm*n + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Verdict: "held", Success: ok, Metrics: ms})
		}
	}
	return s
}

func wordsOf(s *Summary) string {
	var b bytes.Buffer
	s.WithWidth(80).WriteComparisons(&b, s.Compare(0))
	_, w, _ := strings.Cut(b.String(), "In words:")
	return strings.Join(strings.Fields(w), " ")
}

// TestWordsWeighEffects: with many pairs nearly every metric differs
// significantly, and the words listed them all alike, in the metrics'
// order: a shift of a hundredth of a run's spread read as "big is higher"
// as much as one of two spreads. Each difference now carries its effect
// size d, the largest come first, and a significant but negligible one
// (|d| < 0.2) is said apart; the json has each metric's d.
func TestWordsWeighEffects(t *testing.T) {
	s := effectSummary(400, 10, map[string]float64{"a_tiny": 0.03, "b_mid": 2, "c_big": 6})
	w := wordsOf(s)
	big, mid, tiny := strings.Index(w, "c_big is higher (d=+2.09)"), strings.Index(w, "b_mid is higher (d=+0.70)"), strings.Index(w, "Significant but negligible (|d| < 0.2): a_tiny is higher (d=+0.01)")
	if big < 0 || mid < 0 || tiny < 0 || !(big < mid && mid < tiny) {
		t.Errorf("want c_big (d=+2.09), then b_mid (d=+0.70), then a_tiny said negligible:\n%s", w)
	}
	cs := s.Compare(0)
	for _, m := range cs[0].Metrics {
		if m.D == nil || !m.Significant {
			t.Errorf("%s: d %v, significant %v: want a d, and significant", m.ID, m.D, m.Significant)
		}
	}
	if j, _ := json.Marshal(cs[0].Metrics[0]); !strings.Contains(string(j), `"d":0.0104`) {
		t.Errorf("json %s: want the metric's \"d\"", j)
	}
	// Only negligible ones: said so, not "largest first".
	if w := wordsOf(effectSummary(400, 10, map[string]float64{"a_tiny": 0.03})); !strings.Contains(w, "Every significant metric difference under free-rider is negligible (|d| < 0.2") {
		t.Errorf("a negligible difference alone:\n%s", w)
	}
}

// TestWordsGiveTheIntervalOfNoDifference: "No significant difference in
// success rate" from 10 pairs read as it did from 2,000: the words now give
// the difference and its interval, and say when the interval is too wide
// to call the arms alike.
func TestWordsGiveTheIntervalOfNoDifference(t *testing.T) {
	few := wordsOf(effectSummary(10, 2, map[string]float64{"m": 0}))
	if !strings.Contains(few, "No significant difference in success rate between free-rider and balanced (0.0 percentage points, 95% CI -") ||
		!strings.Contains(few, "more runs are needed to tell") {
		t.Errorf("10 pairs:\n%s", few)
	}
	many := wordsOf(effectSummary(2000, 20, map[string]float64{"m": 0}))
	if !strings.Contains(many, "(0.0 percentage points, 95% CI -0.6 to +0.6).") || strings.Contains(many, "more runs") {
		t.Errorf("2,000 pairs, 20 discordant each way:\n%s", many)
	}
}

// TestFewPairsWarn: a comparison of fewer than FewPairs pairs warns that
// its t-tests are approximate, in the table and the json, and an arm of so
// few runs that its means' intervals are; they gave p-values and intervals
// from 8 runs without a word.
func TestFewPairsWarn(t *testing.T) {
	for _, n := range []int{2, 8, FewPairs - 1} {
		cs := effectSummary(n, 0, map[string]float64{"m": 1}).Compare(0)
		if len(cs) != 1 || len(cs[0].Warnings) != 1 || !strings.HasPrefix(cs[0].Warnings[0], fmt.Sprintf("only %d pairs", n)) {
			t.Errorf("%d pairs: warnings %q", n, cs[0].Warnings)
		}
	}
	if cs := effectSummary(FewPairs, 0, map[string]float64{"m": 1}).Compare(0); len(cs[0].Warnings) != 0 {
		t.Errorf("%d pairs: warnings %q, want none", FewPairs, cs[0].Warnings)
	}
	var b bytes.Buffer
	s := effectSummary(8, 0, map[string]float64{"m": 1})
	s.WithWidth(80).WriteTable(&b, 0)
	if !strings.Contains(b.String(), "  warning: only 8 pairs: the paired t-tests") {
		t.Errorf("table of 8 pairs:\n%s", b.String())
	}
	// Each arm's section says so of its own means.
	if n := strings.Count(b.String(), "\nwarning: only 8 runs: the means' intervals"); n != 2 {
		t.Errorf("%d arms of 8 runs warned, want 2:\n%s", n, b.String())
	}
	b.Reset()
	effectSummary(FewPairs, 0, map[string]float64{"m": 1}).WriteTable(&b, 0)
	if strings.Contains(b.String(), "warning") {
		t.Errorf("%d runs warned:\n%s", FewPairs, b.String())
	}
}

// TestSuccessRateJSONRounded: an arm's success rate and its Wilson bounds
// are rounded as every other interval of the json is (0.48060343126068,
// not 0.48060343126068417), and so are its verdicts' rates (1005 of 2001).
func TestSuccessRateJSONRounded(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	for r := range 2000 {
		s.Add(&Record{RunID: r, Scenario: "s", Variant: "base", Policy: "balanced", Replicate: r, Verdict: "held", Success: r < 1005, Metrics: []string{"1"}})
	}
	s.Add(&Record{RunID: 2000, Scenario: "s", Variant: "base", Policy: "balanced", Replicate: 2000, Verdict: "coerced", Success: false, Metrics: []string{"1"}})
	ar := s.Results(0)[0]
	sr := ar.SuccessRate
	for _, x := range []float64{sr.Est, sr.Lo, sr.Hi, ar.Verdicts[0].Rate, ar.Verdicts[1].Rate} {
		if f := strconv.FormatFloat(x, 'g', -1, 64); len(strings.TrimLeft(strings.Replace(f, ".", "", 1), "-0")) > 12 {
			t.Errorf("success rate %+v: %s has more than 12 significant digits", sr, f)
		}
	}
}

// TestNarrowTableKeepsDecimals: the 80-column table showed every metric
// to 3 decimals at most, so a deterrence component with an interval of
// 0.6247–0.6263 read 0.625–0.626, and two arms 0.6255 and 0.6262 read
// alike; 4 decimals fit its columns, as the wide table shows them. A
// 0–100 metric keeps to what fits (24.132), and no line passes 80.
func TestNarrowTableKeepsDecimals(t *testing.T) {
	s := NewSummary([]string{"capability", "deterrence"}, nil)
	for r := range 2000 {
		c := strconv.FormatFloat(0.6255+0.0001*float64(r%17-8), 'f', 4, 64)
		d := strconv.FormatFloat(24.132+0.001*float64(r%13-6), 'f', 4, 64)
		s.Add(&Record{RunID: r, Scenario: "s", Variant: "base", Policy: "balanced", Replicate: r, Verdict: "held", Success: true, Metrics: []string{c, d}})
	}
	var b bytes.Buffer
	s.WithWidth(80).WriteTable(&b, 0)
	for _, want := range []string{"  capability           0.6255 0.6255–0.6255 0.6247 0.6255 0.6263 ", "  deterrence           24.132 24.132–24.132 24.126 24.132 24.138 "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("%q missing from\n%s", want, b.String())
		}
	}
	for _, l := range strings.Split(b.String(), "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("%d columns: %s", n, l)
		}
	}
}

// TestTableOpensWithEveryArmsSuccess: a table of several arms opens with
// each arm's success rate, interval and runs, a line each, and what its
// variants are; the rates of a sweep × policies were a page apart, one in
// each arm's section. One arm needs no overview.
func TestTableOpensWithEveryArmsSuccess(t *testing.T) {
	s := sweepSummary(map[string][]string{"v1": {"turns=6"}, "v2": {"turns=8"}}, []string{"v1", "v2"}, []string{"balanced", "free-rider"}, 30)
	var b bytes.Buffer
	s.WithWidth(80).WriteTable(&b, 0)
	head, _, _ := strings.Cut(b.String(), "\ns · v1 · balanced\n─")
	for _, want := range []string{
		"Allied success by arm (the arms' details follow):\n",
		"\n  s · v1 · balanced     33.3%  (95% CI 19.2–51.2%)  30 runs\n",
		"\n  s · v2 · free-rider   33.3%  (95% CI 19.2–51.2%)  30 runs\n",
		"\n  v2: --set turns=8\n",
	} {
		if !strings.Contains(head, want) {
			t.Errorf("%q missing from the table's head:\n%s", want, head)
		}
	}
	// Titles too long for 80 columns with the figures have a line of
	// their own, whole: cut, the two read alike.
	b.Reset()
	long := []string{"rok=deterrence-first,us=free-rider,japan=balanced", "rok=resilience-first,us=free-rider,japan=balanced"}
	sweepSummary(nil, []string{"base"}, long, 30).WithWidth(80).WriteTable(&b, 0)
	_, head, _ = strings.Cut(b.String(), "Allied success by arm") // after the line of the runs
	head, _, _ = strings.Cut(head, "\n\n")
	for _, l := range strings.Split(head, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 || strings.Contains(l, "…") {
			t.Errorf("%d columns: %s", n, l)
		}
	}
	if !strings.Contains(head, "\n  s · "+long[1]+"\n ") {
		t.Errorf("a long title not whole on its line:\n%s", head)
	}
	b.Reset()
	sweepSummary(nil, []string{"base"}, []string{"balanced"}, 30).WriteTable(&b, 0)
	if strings.Contains(b.String(), "Allied success by arm") {
		t.Errorf("one arm with an overview:\n%s", b.String())
	}
}

// TestCompareSkipsAMetricMissingFromSomeRows: an arm's values are kept in
// the order of its runs, so a row without a metric (a file of another
// version of the scenario) shifted every later run's value onto another
// run's, and the paired test compared unrelated runs without a word. The
// metric is now left out of the comparison, which says why.
func TestCompareSkipsAMetricMissingFromSomeRows(t *testing.T) {
	s := NewSummary([]string{"m", "k"}, nil)
	for arm, p := range []string{"balanced", "free-rider"} {
		for r := range 40 {
			m := strconv.Itoa(r + arm) // other = base + 1 in every pair
			if arm == 0 && r == 3 {
				m = "" // missing in one row
			}
			s.Add(&Record{RunID: arm*40 + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Verdict: "held", Success: true, Metrics: []string{m, strconv.Itoa(r % 5)}})
		}
	}
	cs := s.Compare(0)
	if len(cs) != 1 {
		t.Fatalf("comparisons %+v", cs)
	}
	for _, m := range cs[0].Metrics {
		if m.ID == "m" {
			t.Errorf("m, missing from a row, compared: %+v", m)
		}
	}
	if len(cs[0].Warnings) != 1 || !strings.Contains(cs[0].Warnings[0], "m is missing from some of the arms' rows") {
		t.Errorf("warnings %q", cs[0].Warnings)
	}
}

// TestComparisonsNameTheirArms: a comparison names its two arms as the
// arms' summaries do (variant and full policy), so that a script can join
// them; it had only the labels ("v2 free-rider", "balanced"), which a
// script had to take apart and match against "rok=free-rider,us=…".
func TestComparisonsNameTheirArms(t *testing.T) {
	s := sweepSummary(map[string][]string{"v1": {"turns=6"}, "v2": {"turns=8"}}, []string{"v1", "v2"}, []string{"rok=balanced,us=balanced", "rok=free-rider,us=balanced"}, 30)
	arms := map[ArmRef]bool{}
	for _, ar := range s.Results(0) {
		arms[ArmRef{ar.Variant, ar.Policy}] = true
	}
	cs := s.Compare(0)
	if len(cs) != 4 {
		t.Fatalf("%d comparisons, want 4", len(cs))
	}
	for _, c := range cs {
		if !arms[c.BaseArm] || !arms[c.OtherArm] || c.BaseArm == c.OtherArm {
			t.Errorf("%s vs %s: arms %+v and %+v, not two of the summary's", c.Other, c.Base, c.OtherArm, c.BaseArm)
		}
	}
	if j, _ := json.Marshal(cs[0]); !strings.Contains(string(j), `"base_arm":{"variant":"v1","policy":"rok=balanced,us=balanced"}`) {
		t.Errorf("json %s", j)
	}
}

// TestArmsSayHowLongGamesLasted: each arm gives the distribution of the
// turns its games lasted (json turns_played, and a table line), checked
// by hand; the verdicts said how the games ended but not when, so a
// policy coerced in month 5 read as one coerced in month 12.
func TestArmsSayHowLongGamesLasted(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	for r := range 20 {
		s.Add(&Record{RunID: r, Scenario: "s", Variant: "base", Policy: "balanced", Replicate: r, TurnsPlayed: 1 + r%10, Verdict: "held", Success: true, Metrics: []string{"1"}})
	}
	// 1, 1, 2, 2, …, 10, 10: mean 5.5; type 7 at h = 19p: p5 = s[0] +
	// 0.95·(s[1]−s[0]) = 1, p50 = (s[9]+s[10])/2 = 5.5, p95 = s[18] = 10.
	got := s.Results(0)[0].TurnsPlayed
	if want := (TurnsSummary{Mean: 5.5, P5: 1, P50: 5.5, P95: 10, Min: 1, Max: 10}); got == nil || *got != want {
		t.Errorf("turns played %+v, want %+v", got, want)
	}
	var b bytes.Buffer
	s.WriteTable(&b, 0)
	if !strings.Contains(b.String(), "\nturns played: mean 5.5, p5 1, p50 5.5, p95 10 (1–10)\n") {
		t.Errorf("table:\n%s", b.String())
	}
}

// TestTableHistogramsShareARange: the table draws a metric's histogram
// over one range for all of a scenario's arms, so that arms read side by
// side; over each arm's own range, one spread over 0–9 and one over 20–29
// drew the same bars. The json keeps each arm's own range.
func TestTableHistogramsShareARange(t *testing.T) {
	s := NewSummary([]string{"m"}, nil)
	for arm, p := range []string{"balanced", "free-rider"} {
		for r := range 120 {
			v := strconv.Itoa(20*arm + r%10)
			s.Add(&Record{RunID: arm*120 + r, Scenario: "s", Variant: "base", Policy: p, Replicate: r, Verdict: "held", Success: true, Metrics: []string{v}})
		}
	}
	var b bytes.Buffer
	s.WithWidth(80).WriteTable(&b, 0)
	var bars []string
	at := -1 // the distribution column, from the header
	tables, _, _ := strings.Cut(b.String(), "Paired comparisons")
	for _, l := range strings.Split(tables, "\n") {
		r := []rune(l)
		if i := strings.Index(l, "distribution"); i >= 0 {
			at = utf8.RuneCountInString(l[:i])
		}
		if strings.HasPrefix(l, "  m ") && at > 0 && len(r) > at {
			bars = append(bars, string(r[at:]))
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space: %q", l)
		}
	}
	// 0–29 in 12 bins of 2.42: balanced fills the first 4, free-rider the
	// last 4, each blank where the other is drawn.
	if len(bars) != 2 || !strings.HasPrefix(bars[0], "█") || strings.TrimRight(bars[0], " ") != bars[0] || utf8.RuneCountInString(bars[0]) != 4 ||
		!strings.HasPrefix(bars[1], "        ") || utf8.RuneCountInString(bars[1]) != 12 {
		t.Errorf("bars %q: want balanced drawn over the first bins and free-rider over the last\n%s", bars, b.String())
	}
	for _, ar := range s.Results(0) {
		if ar.Metrics[0].Histogram[0] == 0 || ar.Metrics[0].Histogram[11] == 0 {
			t.Errorf("%s: json histogram %v: want the arm's own range", ar.Policy, ar.Metrics[0].Histogram)
		}
	}
}
