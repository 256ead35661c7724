package batch

import (
	"fmt"
	"math"
	"strconv"
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
