package batch

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestLargeMetricValuesStayExact: a scenario's metric in the tens of
// thousands (max = 100000) was summarised from float32 copies of its
// values, which keep two or three decimals there: a json min of 49988.5664
// for a row's 49988.5671, and paired differences off by as much. Every
// statistic is now that of the values in the rows, whatever their size,
// and a column of small values, kept as float32, reads the same.
func TestLargeMetricValuesStayExact(t *testing.T) {
	vals := []string{"49988.5671", "49998.6654", "49996.1234", "49990.0001", "49999.9999"}
	small := []string{"0.6715", "31.9871", "99.9999", "0.0001", "12.3456"}
	s := NewSummary([]string{"big", "small"}, nil)
	for _, pol := range []string{"a=x", "a=y"} {
		for r := range vals {
			big := vals[r]
			if pol == "a=y" { // each run 0.0001 higher: a difference float32 cannot see
				f, _ := strconv.ParseFloat(big, 64)
				big = strconv.FormatFloat(f+0.0001, 'f', 4, 64)
			}
			s.Add(&Record{Scenario: "s", Variant: "base", Policy: pol, Replicate: r, Verdict: "won", Metrics: []string{big, small[r]}})
		}
	}
	res := s.Results(0)
	big, sm := res[0].Metrics[0], res[0].Metrics[1]
	if big.Min != 49988.5671 || big.Max != 49999.9999 || big.P50 != 49996.1234 {
		t.Errorf("big metric: min %v, p50 %v, max %v; want the rows' 49988.5671, 49996.1234, 49999.9999", big.Min, big.P50, big.Max)
	}
	if want := (49988.5671 + 49998.6654 + 49996.1234 + 49990.0001 + 49999.9999) / 5; math.Abs(big.Mean.Est-want) > 1e-6 {
		t.Errorf("big metric: mean %v, want %v", big.Mean.Est, want)
	}
	if sm.Min != 0.0001 || sm.Max != 99.9999 || sm.P50 != 12.3456 {
		t.Errorf("small metric: min %v, p50 %v, max %v", sm.Min, sm.P50, sm.Max)
	}
	cs := s.Compare(0)
	if len(cs) != 1 {
		t.Fatalf("%d comparisons, want 1", len(cs))
	}
	m := cs[0].Metrics[0]
	if got := fmt.Sprintf("%.6f", m.Diff.Est); got != "0.000100" || m.Test != TestPairedT {
		t.Errorf("paired difference of big: %s (%s), want 0.000100 in every pair", got, m.Test)
	}
}

// TestTinyPValuesAreFloored: a paired t-test of 1000 pairs far apart
// has a p near 1e-500, which a float64 holds as 0, and the json said
// "p": 0, certainty no test gives (and −Inf to a script taking log10);
// McNemar's χ² of 713 discordant pairs against 0 said 1.2e-156, where
// the two-sided exact test says 4.6e-215. Both are given as PFloor, as the
// json's "p_floor" says, and Holm's correction is made from it, never
// below it; a p above the floor is as the test gives it.
func TestTinyPValuesAreFloored(t *testing.T) {
	s := NewSummary([]string{"m", "flat"}, nil)
	for pi, pol := range []string{"a=x", "a=y"} {
		for r := range 1000 {
			m := strconv.Itoa(r%7 + pi*(10+r%3)) // 10 to 12 apart: p ≈ 1e-1131 underflows
			flat := r % 5                        // a small difference in one pair of 100: p near 0.002
			if pi == 1 && r%100 == 0 {
				flat++
			}
			s.Add(&Record{Scenario: "s", Variant: "base", Policy: pol, Replicate: r, Verdict: "v",
				Success: pi == 0 && r < 713, Metrics: []string{m, strconv.Itoa(flat)}})
		}
	}
	cs := s.Compare(0)
	if len(cs) != 1 || len(cs[0].Metrics) != 2 {
		t.Fatalf("comparisons: %+v", cs)
	}
	c := cs[0]
	if raw := McNemar(make([]bool, 2), make([]bool, 2)); raw.P != 1 {
		t.Fatalf("McNemar without discordant pairs: p %v", raw.P)
	}
	for _, p := range []struct {
		what     string
		p, pHolm float64
	}{{"success", c.Success.P, c.Success.PHolm}, {"m", c.Metrics[0].P, c.Metrics[0].PHolm}} {
		if p.p != PFloor || p.pHolm < PFloor {
			t.Errorf("%s: p %v, p_holm %v; want p %v and p_holm no less", p.what, p.p, p.pHolm, PFloor)
		}
	}
	if p := c.Metrics[1].P; !(p > 1e-4 && p < 0.05) {
		t.Errorf("flat: p %v, want the test's own, well above the floor", p)
	}
	j, err := json.Marshal(struct {
		Judgement
		C []Comparison `json:"comparisons"`
	}{JudgementOf(cs), cs})
	if err != nil {
		t.Fatal(err)
	}
	if js := string(j); !strings.Contains(js, `"p_floor":1e-16`) || strings.Contains(js, `"p":0,`) || strings.Contains(js, `"p":0}`) {
		t.Errorf("json: %s", js)
	}
}

// TestColumnTurnsFloat64PartWay: a column kept as float32 while its values
// came back exactly turns float64 at the first that would not, and the
// values before it keep their exact value: small values first, then large
// ones, and the statistics are those of the rows' numbers.
func TestColumnTurnsFloat64PartWay(t *testing.T) {
	vals := []string{"0.6715", "1023.9999", "-3.0001", "12.3456", "49988.5671", "99999.9999", "0.0001"}
	s := NewSummary([]string{"m"}, nil)
	for r, v := range vals {
		s.Add(&Record{Scenario: "s", Variant: "base", Policy: "a=x", Replicate: r, Verdict: "won", Metrics: []string{v}})
	}
	m := s.Results(0)[0].Metrics[0]
	sum := 0.0
	for _, v := range vals {
		f, _ := strconv.ParseFloat(v, 64)
		sum += f
	}
	if m.Min != -3.0001 || m.Max != 99999.9999 || m.P50 != 12.3456 {
		t.Errorf("min %v, p50 %v, max %v; want the rows' -3.0001, 12.3456, 99999.9999", m.Min, m.P50, m.Max)
	}
	if want := sum / float64(len(vals)); math.Abs(m.Mean.Est-want) > 1e-6 { // (the mean is given to 7 decimals)
		t.Errorf("mean %v, want %v", m.Mean.Est, want)
	}
}
