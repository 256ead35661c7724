package batch

import (
	"context"
	"testing"
)

// A difference is significant when its Holm-corrected p is below Alpha,
// never on its raw p alone: over a comparison of four doctrines (six
// pairs, each with a success, a true win, objectives and every metric
// tested), some raw p falls below Alpha while its corrected p does not,
// and each such item must read as not significant (a mutation judging on
// the raw p passed every other test).
func TestSignificantIsJudgedOnHolm(t *testing.T) {
	between := map[string]int{} // items with p < Alpha ≤ p_holm, per kind
	check := func(kind string, test string, p, pHolm float64, significant bool) {
		if want := test != TestNone && pHolm < Alpha; significant != want {
			t.Errorf("%s: p %g, Holm p %g (%s): significant %v, want %v", kind, p, pHolm, test, significant, want)
		}
		if pHolm < p {
			t.Errorf("%s: Holm p %g below the raw p %g", kind, pHolm, p)
		}
		if pHolm > 1 {
			t.Errorf("%s: Holm p %g above 1", kind, pHolm)
		}
		if test != TestNone && p < Alpha && pHolm >= Alpha {
			between[kind]++
		}
	}
	// Batches until each kind has had an item between the two.
	for _, sc := range []string{"thaad-pressure", "taiwan-strait", "gray-zone"} {
		for seed := uint64(1); seed <= 6 && len(between) < 4; seed++ {
			a := armsOf(t, sc, "balanced", "alliance-first", "resilience-first", "deterrence-first")
			s := NewSummary(MetricColumns(a), nil)
			if _, err := Run(context.Background(), &Config{Arms: a, Runs: 300, Seed: seed, Workers: 2}, nil, sinkFunc(s.Row)); err != nil {
				t.Fatal(err)
			}
			for _, c := range s.Compare(0) {
				check("success", c.Success.Test, c.Success.P, c.Success.PHolm, c.Success.Significant)
				if ts := c.TrueSuccess; ts != nil {
					check("true win", ts.Test, ts.P, ts.PHolm, ts.Significant)
				}
				for _, o := range c.Objectives {
					check("objective", o.Test, o.P, o.PHolm, o.Significant)
				}
				for _, m := range c.Metrics {
					check("metric", m.Test, m.P, m.PHolm, m.Significant)
				}
			}
		}
	}
	if len(between) < 4 {
		t.Fatalf("items with a raw p below Alpha and a Holm p above it, per kind: %v; want some of each kind, or the test does not check them all (more seeds)", between)
	}
}

// Holm's adjusted p-values never exceed 1, and are monotone in the order
// of the raw ones (a mutation dropping the cap printed "Holm p=1.72").
func TestHolmCapsAtOne(t *testing.T) {
	for _, tc := range []struct{ in, want []float64 }{
		{[]float64{0.6, 0.7}, []float64{1, 1}},
		{[]float64{0.01, 0.04, 0.6}, []float64{0.03, 0.08, 0.6}},
		{[]float64{0.6, 0.01, 0.4}, []float64{0.8, 0.03, 0.8}},
	} {
		got := Holm(tc.in)
		for i := range got {
			if d := got[i] - tc.want[i]; d > 1e-12 || d < -1e-12 {
				t.Errorf("Holm(%v) = %v, want %v", tc.in, got, tc.want)
				break
			}
		}
	}
}
