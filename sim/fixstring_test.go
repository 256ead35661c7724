package sim_test

import (
	"strconv"
	"testing"

	"lattice/sim"
)

// TestFixStringIsTheFloats: Fix.String and AppendString, written with
// integer arithmetic, give the float's shortest text ('f', −1), as a csv
// row has always shown a metric: every value within ±30 in steps of
// 0.0001, and values spread over the whole range of int64 (where beyond
// 2^52 units the float is formatted itself).
func TestFixStringIsTheFloats(t *testing.T) {
	check := func(v int64) {
		t.Helper()
		x := sim.Fix(v)
		want := strconv.FormatFloat(x.Float(), 'f', -1, 64)
		if got := x.String(); got != want {
			t.Fatalf("Fix(%d).String() = %q, want %q", v, got, want)
		}
		if got := string(x.AppendString([]byte("a,"))); got != "a,"+want {
			t.Fatalf("Fix(%d).AppendString = %q, want %q", v, got, "a,"+want)
		}
	}
	for v := int64(-300000); v <= 300000; v++ {
		check(v)
	}
	for _, v := range []int64{1<<52 - 1, 1 << 52, 1<<52 + 1, -(1<<52 - 1), -1 << 52, 1<<63 - 1, -1 << 63, 10000 * 999_999_999, 123_456_789_0123} {
		check(v)
	}
	s := uint64(1)
	for i := 0; i < 200000; i++ {
		s = s*6364136223846793005 + 1442695040888963407
		check(int64(s) >> (s % 60)) // every magnitude
	}
}
