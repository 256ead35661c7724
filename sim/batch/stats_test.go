package batch

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"
)

// statsNear reports whether got is within tol of want.
func statsNear(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol
}

func TestWilsonPublished(t *testing.T) {
	// Newcombe (1998), "Two-sided confidence intervals for the single
	// proportion: comparison of seven methods", Statistics in Medicine 17,
	// Table II (method 3, the Wilson score interval without continuity
	// correction), and the usual textbook cases of 10 trials.
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		{81, 263, 0.2553, 0.3662},
		{15, 148, 0.0624, 0.1605},
		{0, 20, 0, 0.1611},
		{1, 29, 0.0061, 0.1718},
		{0, 10, 0, 0.2775},
		{5, 10, 0.2366, 0.7634},
		{10, 10, 0.7225, 1},
	}
	for _, tc := range tests {
		got := Wilson(tc.k, tc.n)
		est := float64(tc.k) / float64(tc.n)
		if got.Est != est || !statsNear(got.Lo, tc.lo, 1e-4) || !statsNear(got.Hi, tc.hi, 1e-4) {
			t.Errorf("Wilson(%d, %d) = %+v, want {%v %v %v}", tc.k, tc.n, got, est, tc.lo, tc.hi)
		}
	}
	// The bounds at 0 and n are exact, not merely close.
	if got := Wilson(0, 7); got.Lo != 0 || got.Est != 0 {
		t.Errorf("Wilson(0, 7) = %+v, want Lo = Est = 0", got)
	}
	if got := Wilson(7, 7); got.Hi != 1 || got.Est != 1 {
		t.Errorf("Wilson(7, 7) = %+v, want Hi = Est = 1", got)
	}
	// Closed form at k = 0: the upper bound is z²/(n+z²).
	z2 := z975 * z975
	if got, want := Wilson(0, 10).Hi, z2/(10+z2); !statsNear(got, want, 1e-15) {
		t.Errorf("Wilson(0, 10).Hi = %v, want %v", got, want)
	}
	if got := Wilson(0, 0); got != (Interval{}) {
		t.Errorf("Wilson(0, 0) = %+v, want the zero Interval", got)
	}
}

func TestWilsonPanics(t *testing.T) {
	for _, c := range [][2]int{{-1, 5}, {6, 5}, {0, -1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Wilson(%d, %d) did not panic", c[0], c[1])
				}
			}()
			Wilson(c[0], c[1])
		}()
	}
}

func TestTQuantileTable(t *testing.T) {
	// Two-sided 5% critical values of Student's t, as printed to 3 or 4
	// decimals in every t table; the digits past those are R's
	// qt(0.975, df), the closed forms for df 1 and 2, and the
	// Cornish–Fisher expansion for df 1000.
	tests := []struct{ df, want float64 }{
		{1, 12.706204736174696},
		{2, 4.302652729749464},
		{5, 2.570581835636314},
		{10, 2.228138851986274},
		{30, 2.042272456301238},
		{1000, 1.962339080826408},
	}
	for _, tc := range tests {
		got := tQuantile(0.975, tc.df)
		if !statsNear(got, tc.want, 1e-6) {
			t.Errorf("tQuantile(0.975, %v) = %.12f, want %.12f", tc.df, got, tc.want)
		}
		if neg := tQuantile(0.025, tc.df); neg != -got {
			t.Errorf("tQuantile(0.025, %v) = %v, want %v", tc.df, neg, -got)
		}
	}
	// Closed forms: df 1 is the Cauchy distribution, tan(π(p−½)); df 2 has
	// t = (2p−1)·√(2/(4p(1−p))).
	for _, p := range []float64{0.6, 0.9, 0.975, 0.995, 0.9999} {
		if got, want := tQuantile(p, 1), math.Tan(math.Pi*(p-0.5)); !statsNear(got, want, 1e-10*max(1, want)) {
			t.Errorf("tQuantile(%v, 1) = %.12f, want %.12f", p, got, want)
		}
		if got, want := tQuantile(p, 2), (2*p-1)*math.Sqrt(2/(4*p*(1-p))); !statsNear(got, want, 1e-10*max(1, want)) {
			t.Errorf("tQuantile(%v, 2) = %.12f, want %.12f", p, got, want)
		}
	}
	// Many degrees of freedom: the normal quantile.
	if got := tQuantile(0.975, 1e6); !statsNear(got, z975, 1e-5) {
		t.Errorf("tQuantile(0.975, 1e6) = %v, want about %v", got, z975)
	}
	if got := tQuantile(0.5, 3); got != 0 {
		t.Errorf("tQuantile(0.5, 3) = %v, want 0", got)
	}
}

func TestTCDF(t *testing.T) {
	for _, x := range []float64{-50, -3, -1, -0.1, 0, 0.3, 1, 2.5, 40} {
		if got, want := tCDF(x, 1), 0.5+math.Atan(x)/math.Pi; !statsNear(got, want, 1e-13) {
			t.Errorf("tCDF(%v, 1) = %v, want %v", x, got, want)
		}
		if got, want := tCDF(x, 2), 0.5+x/(2*math.Sqrt(2+x*x)); !statsNear(got, want, 1e-13) {
			t.Errorf("tCDF(%v, 2) = %v, want %v", x, got, want)
		}
		if got, want := tCDF(x, 1e6), normalCDF(x); !statsNear(got, want, 1e-6) {
			t.Errorf("tCDF(%v, 1e6) = %v, want about %v", x, got, want)
		}
	}
	if got := tCDF(math.Inf(1), 4); got != 1 {
		t.Errorf("tCDF(+Inf, 4) = %v, want 1", got)
	}
	if got := tCDF(math.Inf(-1), 4); got != 0 {
		t.Errorf("tCDF(-Inf, 4) = %v, want 0", got)
	}
	// Round trip through the quantile.
	for _, df := range []float64{1, 3, 7.5, 29, 500} {
		for _, p := range []float64{0.001, 0.05, 0.3, 0.8, 0.975} {
			if got := tCDF(tQuantile(p, df), df); !statsNear(got, p, 1e-12) {
				t.Errorf("tCDF(tQuantile(%v, %v)) = %v", p, df, got)
			}
		}
	}
}

func TestBetaIncClosedForms(t *testing.T) {
	// I_x(a, 1) = x^a and I_x(1, b) = 1 − (1−x)^b.
	for _, a := range []float64{0.5, 1, 2.5, 10, 300} {
		for _, x := range []float64{0.01, 0.2, 0.5, 0.9, 0.999} {
			if got, want := betaInc(a, 1, x, 1-x), math.Pow(x, a); !statsNear(got, want, 1e-13) {
				t.Errorf("betaInc(%v, 1, %v) = %v, want %v", a, x, got, want)
			}
			if got, want := betaInc(1, a, x, 1-x), 1-math.Pow(1-x, a); !statsNear(got, want, 1e-13) {
				t.Errorf("betaInc(1, %v, %v) = %v, want %v", a, x, got, want)
			}
		}
	}
}

func TestNormalCDF(t *testing.T) {
	tests := []struct{ x, want float64 }{
		{0, 0.5},
		{z975, 0.975},
		{-z975, 0.025},
		{1, 0.8413447460685429},
		{-1.6448536269514722, 0.05},
		{-3, 0.0013498980316300946},
		{-8, 6.220960574271785e-16},
		{8, 1},
	}
	for _, tc := range tests {
		if got := normalCDF(tc.x); !statsNear(got, tc.want, 1e-12*max(tc.want, 1e-4)) {
			t.Errorf("normalCDF(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

func TestMeanCIKnown(t *testing.T) {
	// R: t.test(c(1, 2, 3, 4, 5)) gives the interval 1.036757 to 4.963243.
	got := MeanCI([]float64{1, 2, 3, 4, 5})
	if got.Est != 3 || !statsNear(got.Lo, 1.036757, 1e-6) || !statsNear(got.Hi, 4.963243, 1e-6) {
		t.Errorf("MeanCI(1..5) = %+v, want {3 1.036757 4.963243}", got)
	}
	if got := MeanCI(nil); got != (Interval{}) {
		t.Errorf("MeanCI(nil) = %+v, want the zero Interval", got)
	}
	if got := MeanCI([]float64{4.5}); got != (Interval{Est: 4.5, Lo: 4.5, Hi: 4.5, NA: true}) {
		t.Errorf("MeanCI({4.5}) = %+v, want no width", got)
	}
	if got := MeanCI([]float64{2, 2, 2}); got != (Interval{Est: 2, Lo: 2, Hi: 2}) {
		t.Errorf("MeanCI({2, 2, 2}) = %+v, want no width", got)
	}
}

func TestCoverage(t *testing.T) {
	const reps, size = 2000, 30
	r := rand.New(rand.NewPCG(2024, 11))
	xs := make([]float64, size)

	count := func(draw func() float64, mean float64) int {
		covered := 0
		for range reps {
			for i := range xs {
				xs[i] = draw()
			}
			if ci := MeanCI(xs); ci.Lo <= mean && mean <= ci.Hi {
				covered++
			}
		}
		return covered
	}

	normal := float64(count(func() float64 { return 10 + 3*r.NormFloat64() }, 10)) / reps
	if normal < 0.93 || normal > 0.97 {
		t.Errorf("MeanCI covered the mean of a normal in %.1f%% of %d samples, want 93–97%%", 100*normal, reps)
	}
	// The exponential is skewed, and t intervals for its mean at n = 30
	// undercover a little (about 93%); only gross errors fail here.
	expo := float64(count(func() float64 { return 2 * r.ExpFloat64() }, 2)) / reps
	if expo < 0.90 || expo > 0.97 {
		t.Errorf("MeanCI covered the mean of an exponential in %.1f%% of %d samples, want 90–97%%", 100*expo, reps)
	}

	wilson := 0
	for range reps {
		k := 0
		for range 100 {
			if r.Float64() < 0.3 {
				k++
			}
		}
		if ci := Wilson(k, 100); ci.Lo <= 0.3 && 0.3 <= ci.Hi {
			wilson++
		}
	}
	if w := float64(wilson) / reps; w < 0.93 || w > 0.975 {
		t.Errorf("Wilson covered p = 0.3 in %.1f%% of %d samples, want 93–97.5%%", 100*w, reps)
	}
	t.Logf("coverage: normal %.1f%%, exponential %.1f%%, Wilson %.1f%%",
		100*normal, 100*expo, 100*float64(wilson)/reps)
}

// mcnemarPairs builds outcome vectors with the given counts of (a, b) pairs:
// both succeed, only a, only b, neither.
func mcnemarPairs(both, onlyA, onlyB, neither int) (a, b []bool) {
	add := func(n int, x, y bool) {
		for range n {
			a, b = append(a, x), append(b, y)
		}
	}
	add(both, true, true)
	add(onlyA, true, false)
	add(onlyB, false, true)
	add(neither, false, false)
	return a, b
}

func TestMcNemar(t *testing.T) {
	t.Run("planted effect", func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 7))
		a, b := make([]bool, 1000), make([]bool, 1000)
		for i := range a {
			a[i] = r.Float64() < 0.3
			b[i] = a[i] || r.Float64() < 0.4 // b keeps a's successes and adds more
			if r.Float64() < 0.02 {
				b[i] = false // and loses a few
			}
		}
		got := McNemar(a, b)
		if got.P >= 1e-6 || got.Diff.Lo <= 0 || got.C <= got.B {
			t.Errorf("McNemar with b much better = %+v, want P < 1e-6 and Diff.Lo > 0", got)
		}
		if want := float64(got.C-got.B) / 1000; got.Diff.Est != want {
			t.Errorf("Diff.Est = %v, want (C−B)/n = %v", got.Diff.Est, want)
		}
		if !(got.Diff.Lo <= got.Diff.Est && got.Diff.Est <= got.Diff.Hi) {
			t.Errorf("Diff = %+v does not contain its estimate", got.Diff)
		}
	})
	t.Run("identical", func(t *testing.T) {
		a, _ := mcnemarPairs(40, 0, 0, 60)
		got := McNemar(a, a)
		if got.B != 0 || got.C != 0 || got.P != 1 || got.Diff.Est != 0 {
			t.Errorf("McNemar(a, a) = %+v, want B = C = 0, P = 1, Diff.Est = 0", got)
		}
		if !(got.Diff.Lo < 0 && got.Diff.Hi > 0) || !statsNear(-got.Diff.Lo, got.Diff.Hi, 1e-15) {
			t.Errorf("McNemar(a, a).Diff = %+v, want symmetric about 0", got.Diff)
		}
	})
	t.Run("exact binomial", func(t *testing.T) {
		a, b := mcnemarPairs(3, 0, 6, 11)
		got := McNemar(a, b)
		if got.B != 0 || got.C != 6 || got.P != 0.03125 {
			t.Errorf("McNemar with B = 0, C = 6: %+v, want P = 0.03125 exactly", got)
		}
		// Swapping the arms swaps B and C, negates Diff, keeps P.
		sw := McNemar(b, a)
		if sw.B != 6 || sw.C != 0 || sw.P != got.P || sw.Diff != (Interval{Est: -got.Diff.Est, Lo: -got.Diff.Hi, Hi: -got.Diff.Lo}) {
			t.Errorf("swapped arms: %+v, want the mirror of %+v", sw, got)
		}
		// B = 1, C = 5: 2·(1 + 6)/64.
		a, b = mcnemarPairs(0, 1, 5, 0)
		if got := McNemar(a, b).P; !statsNear(got, 14.0/64, 1e-15) {
			t.Errorf("McNemar with B = 1, C = 5: P = %v, want %v", got, 14.0/64)
		}
		// B = C: P = 1.
		a, b = mcnemarPairs(0, 4, 4, 3)
		if got := McNemar(a, b).P; got != 1 {
			t.Errorf("McNemar with B = C = 4: P = %v, want 1", got)
		}
	})
	t.Run("chi-square", func(t *testing.T) {
		// R: mcnemar.test(matrix(c(100, 50, 30, 100), 2)) gives
		// McNemar's chi-squared = 4.5125, df = 1, p-value = 0.03365.
		a, b := mcnemarPairs(100, 30, 50, 100)
		got := McNemar(a, b)
		if !statsNear(got.P, 0.03365, 5e-6) {
			t.Errorf("McNemar with B = 30, C = 50: P = %v, want 0.03365", got.P)
		}
		// B+C = 50 switches to chi-square; B = C then gives P = 1.
		a, b = mcnemarPairs(0, 25, 25, 0)
		if got := McNemar(a, b).P; got != 1 {
			t.Errorf("McNemar with B = C = 25: P = %v, want 1", got)
		}
		// Either side of the switch the two tests roughly agree.
		a, b = mcnemarPairs(0, 15, 34, 0) // 49 discordant: exact
		exact := McNemar(a, b).P
		a, b = mcnemarPairs(0, 15, 35, 0) // 50: chi-square
		chi := McNemar(a, b).P
		if !(exact > chi && exact < 3*chi) {
			t.Errorf("P at 15/34 (exact) = %v, at 15/35 (chi-square) = %v", exact, chi)
		}
	})
	t.Run("Newcombe interval", func(t *testing.T) {
		// Fagerland, Lydersen and Laake, Statistical Analysis of
		// Contingency Tables (2017), chapter 8: complete response before
		// and after consolidation therapy (Cavo et al. 2012), table
		// [[59, 6], [16, 80]]; the Newcombe square-and-add interval for
		// the difference of the first margin minus the second is
		// −0.0621 (−0.1186 to −0.0046). Arm b is the row variable.
		a, b := mcnemarPairs(59, 16, 6, 80)
		got := McNemar(a, b).Diff
		if !statsNear(got.Est, -0.0621, 1e-4) || !statsNear(got.Lo, -0.1186, 1e-4) || !statsNear(got.Hi, -0.0046, 1e-4) {
			t.Errorf("Diff = %+v, want {-0.0621 -0.1186 -0.0046}", got)
		}
	})
	t.Run("empty", func(t *testing.T) {
		if got := McNemar(nil, nil); got != (McNemarResult{P: 1}) {
			t.Errorf("McNemar(nil, nil) = %+v, want P = 1 and zeros", got)
		}
	})
}

// binomExact returns binomTwoSided's answer in exact rational arithmetic,
// for p = num/den.
func binomExact(k, n int, num, den int64) float64 {
	pmf := make([]*big.Rat, n+1)
	for i := range pmf {
		c := new(big.Int).Binomial(int64(n), int64(i))
		c.Mul(c, new(big.Int).Exp(big.NewInt(num), big.NewInt(int64(i)), nil))
		c.Mul(c, new(big.Int).Exp(big.NewInt(den-num), big.NewInt(int64(n-i)), nil))
		pmf[i] = new(big.Rat).SetFrac(c, new(big.Int).Exp(big.NewInt(den), big.NewInt(int64(n)), nil))
	}
	limit := new(big.Rat).Mul(pmf[k], big.NewRat(10000001, 10000000))
	sum := new(big.Rat)
	for _, q := range pmf {
		if q.Cmp(limit) <= 0 {
			sum.Add(sum, q)
		}
	}
	f, _ := sum.Float64()
	return min(f, 1)
}

func TestBinomTwoSided(t *testing.T) {
	for _, pr := range [][2]int64{{1, 2}, {3, 10}, {1, 20}} {
		p := float64(pr[0]) / float64(pr[1])
		for _, n := range []int{1, 2, 6, 13, 30, 49} {
			for k := 0; k <= n; k++ {
				got, want := binomTwoSided(k, n, p), binomExact(k, n, pr[0], pr[1])
				if !statsNear(got, want, 1e-12*want) {
					t.Errorf("binomTwoSided(%d, %d, %v) = %v, want %v", k, n, p, got, want)
				}
			}
		}
	}
	// Large n neither overflows nor gives NaN: 4900 of 10000 is about
	// z = 1.99 with continuity correction, two-sided p ≈ 0.0466.
	if got := binomTwoSided(4900, 10000, 0.5); !statsNear(got, 0.0466, 1e-3) {
		t.Errorf("binomTwoSided(4900, 10000, 0.5) = %v, want about 0.0466", got)
	}
	// At n = 10⁶ each log-probability carries an error of a few 1e-9
	// (from Lgamma of numbers near 10⁶), so the total is not exactly 1.
	if got := binomTwoSided(500000, 1000000, 0.5); !statsNear(got, 1, 1e-6) {
		t.Errorf("binomTwoSided(500000, 1000000, 0.5) = %v, want 1", got)
	}
	if got := binomTwoSided(0, 1000000, 0.5); got != 0 {
		t.Errorf("binomTwoSided(0, 1000000, 0.5) = %v, want 0 (underflow)", got)
	}
}

func TestPaired(t *testing.T) {
	t.Run("identical", func(t *testing.T) {
		a := []float64{3, 1, 4, 1, 5, 9, 2, 6}
		got := Paired(a, a)
		if got.N != 8 || got.P != 1 || got.Diff != (Interval{}) {
			t.Errorf("Paired(a, a) = %+v, want N = 8, P = 1, Diff 0", got)
		}
	})
	t.Run("known", func(t *testing.T) {
		// Differences 1..5: R's t.test gives t = 4.2426, df = 4,
		// p-value = 0.01324, interval 1.036757 to 4.963243.
		a := []float64{10, 20, 30, 40, 50}
		b := []float64{11, 22, 33, 44, 55}
		got := Paired(a, b)
		if !statsNear(got.P, 0.01324, 5e-6) || !statsNear(got.Diff.Lo, 1.036757, 1e-6) || !statsNear(got.Diff.Hi, 4.963243, 1e-6) {
			t.Errorf("Paired = %+v, want P = 0.01324, Diff {3 1.036757 4.963243}", got)
		}
	})
	t.Run("shift detected", func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 5))
		a, b := make([]float64, 200), make([]float64, 200)
		for i := range a {
			a[i] = 10 + 3*r.NormFloat64() // replicate-to-replicate spread
			b[i] = a[i] + 0.5 + 0.5*r.NormFloat64()
		}
		got := Paired(a, b)
		if got.P >= 1e-6 || !(got.Diff.Lo > 0 && got.Diff.Lo <= 0.5 && 0.5 <= got.Diff.Hi) {
			t.Errorf("Paired with a shift of 0.5 = %+v, want P < 1e-6 and an interval around 0.5 excluding 0", got)
		}
		// No shift: the same noise is not significant.
		for i := range b {
			b[i] = a[i] + 0.5*r.NormFloat64()
		}
		if got := Paired(a, b); got.P < 0.05 || got.Diff.Lo > 0 || got.Diff.Hi < 0 {
			t.Errorf("Paired without a shift = %+v, want P ≥ 0.05 and 0 inside the interval", got)
		}
	})
	t.Run("constant shift", func(t *testing.T) {
		got := Paired([]float64{1, 2, 3}, []float64{2, 3, 4})
		if got.P != 0 || got.Diff != (Interval{Est: 1, Lo: 1, Hi: 1}) {
			t.Errorf("Paired with every difference 1 = %+v, want P = 0, Diff {1 1 1}", got)
		}
	})
	t.Run("small", func(t *testing.T) {
		if got := Paired(nil, nil); got != (PairedResult{P: 1}) {
			t.Errorf("Paired(nil, nil) = %+v", got)
		}
		if got := Paired([]float64{1}, []float64{3}); got != (PairedResult{N: 1, Diff: Interval{Est: 2, Lo: 2, Hi: 2, NA: true}, P: 1}) {
			t.Errorf("Paired of one pair = %+v", got)
		}
	})
}

func TestHolm(t *testing.T) {
	tests := []struct {
		name    string
		ps, adj []float64
	}{
		// Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, then
		// 0.04·1 = 0.04 raised to 0.06 to stay monotone.
		{"worked", []float64{0.01, 0.04, 0.03, 0.005}, []float64{0.03, 0.06, 0.06, 0.02}},
		// 0.2·3 = 0.6, 0.5·2 capped at 1, 0.9·1 raised to 1.
		{"capped", []float64{0.5, 0.2, 0.9}, []float64{1, 0.6, 1}},
		{"ties", []float64{0.02, 0.02, 0.5}, []float64{0.06, 0.06, 0.5}},
		{"one", []float64{0.3}, []float64{0.3}},
		{"empty", []float64{}, []float64{}},
		{"NaN", []float64{0.04, math.NaN(), 0.01}, []float64{0.08, math.NaN(), 0.03}},
	}
	for _, tc := range tests {
		got := Holm(tc.ps)
		ok := len(got) == len(tc.adj)
		for i := range got {
			if !ok {
				break
			}
			if math.IsNaN(tc.adj[i]) {
				ok = math.IsNaN(got[i])
			} else {
				ok = statsNear(got[i], tc.adj[i], 1e-15)
			}
		}
		if !ok {
			t.Errorf("%s: Holm(%v) = %v, want %v", tc.name, tc.ps, got, tc.adj)
		}
	}
}

func TestPercentiles(t *testing.T) {
	xs := make([]float64, 101)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	rand.New(rand.NewPCG(1, 1)).Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	before := slices.Clone(xs)
	got := Percentiles(xs, 0.05, 0.5, 0.95)
	if !slices.Equal(got, []float64{6, 51, 96}) {
		t.Errorf("Percentiles(1..101, p5, p50, p95) = %v, want [6 51 96]", got)
	}
	if !slices.Equal(xs, before) {
		t.Errorf("Percentiles reordered its input")
	}
	if got := Percentiles(xs, 0, 1); !slices.Equal(got, []float64{1, 101}) {
		t.Errorf("Percentiles(1..101, 0, 1) = %v, want [1 101]", got)
	}
	// R7 interpolates: the median of 1..4 is 2.5, its 0.9 quantile 3.7.
	if got := Percentiles([]float64{4, 1, 3, 2}, 0.5, 0.9); !statsNear(got[0], 2.5, 1e-15) || !statsNear(got[1], 3.7, 1e-15) {
		t.Errorf("Percentiles(1..4, 0.5, 0.9) = %v, want [2.5 3.7]", got)
	}
	if got := Percentiles(nil, 0.1, 0.9); !slices.Equal(got, []float64{0, 0}) {
		t.Errorf("Percentiles(nil, …) = %v, want zeros", got)
	}
	if got := Percentiles(xs); len(got) != 0 {
		t.Errorf("Percentiles(xs) with no ps = %v, want empty", got)
	}
	for _, p := range []float64{95, -0.1, math.NaN()} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Percentiles(xs, %v) did not panic", p)
				}
			}()
			Percentiles(xs, p)
		}()
	}
}

func TestHistogram(t *testing.T) {
	inf := math.Inf(1)
	tests := []struct {
		name   string
		xs     []float64
		lo, hi float64
		bins   int
		want   []int
	}{
		{"empty", nil, 0, 1, 3, []int{0, 0, 0}},
		{"one value", []float64{0.5}, 0, 1, 4, []int{0, 0, 1, 0}},
		{"edges", []float64{0, 0.25, 0.5, 0.75, 1}, 0, 1, 4, []int{1, 1, 1, 2}},
		{"outside clamps", []float64{-5, -inf, 12, inf, 3}, 0, 10, 2, []int{3, 2}},
		{"NaN skipped", []float64{math.NaN(), 1, math.NaN()}, 0, 2, 2, []int{0, 1}},
		// The maximum is in the last bin, also when it is the minimum
		// (the json put a metric that never varied in the first).
		{"all equal, lo == hi", []float64{7, 7, 7}, 7, 7, 5, []int{0, 0, 0, 0, 3}},
		{"lo == hi, outside clamps", []float64{1, 7, 9}, 7, 7, 3, []int{1, 0, 2}},
		{"one bin", []float64{-1, 0, 1, 2}, 0, 1, 1, []int{4}},
	}
	for _, tc := range tests {
		if got := Histogram(tc.xs, tc.lo, tc.hi, tc.bins); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Histogram(%v, %v, %v, %d) = %v, want %v", tc.name, tc.xs, tc.lo, tc.hi, tc.bins, got, tc.want)
		}
	}
	for _, bad := range []struct {
		lo, hi float64
		bins   int
	}{{0, 1, 0}, {1, 0, 3}, {math.NaN(), 1, 3}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Histogram(_, %v, %v, %d) did not panic", bad.lo, bad.hi, bad.bins)
				}
			}()
			Histogram(nil, bad.lo, bad.hi, bad.bins)
		}()
	}
}

func TestSparkbar(t *testing.T) {
	tests := []struct {
		counts []int
		want   string
	}{
		{nil, ""},
		{[]int{0, 0}, "  "},
		{[]int{5}, "█"},
		{[]int{3, 3, 3}, "███"},
		{[]int{0, 1, 8}, " ▁█"},
		{[]int{1, 2, 3, 4, 5, 6, 7, 8}, "▁▂▃▄▅▆▇█"},
		{[]int{1, 1000}, "▁█"},
		{[]int{4, 8, -2}, "▄█ "},
	}
	for _, tc := range tests {
		got := Sparkbar(tc.counts)
		if got != tc.want {
			t.Errorf("Sparkbar(%v) = %q, want %q", tc.counts, got, tc.want)
		}
		if n := utf8.RuneCountInString(got); n != len(tc.counts) {
			t.Errorf("Sparkbar(%v) has %d characters, want %d", tc.counts, n, len(tc.counts))
		}
	}
}

func TestStatsDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	a, b := make([]float64, 500), make([]float64, 500)
	ab, bb := make([]bool, 500), make([]bool, 500)
	for i := range a {
		a[i], b[i] = r.NormFloat64(), r.NormFloat64()+0.1
		ab[i], bb[i] = r.IntN(2) == 0, r.IntN(3) == 0
	}
	run := func() []float64 {
		var out []float64
		iv := func(v Interval) { out = append(out, v.Est, v.Lo, v.Hi) }
		iv(MeanCI(a))
		iv(Wilson(37, 91))
		m := McNemar(ab, bb)
		iv(m.Diff)
		p := Paired(a, b)
		iv(p.Diff)
		out = append(out, m.P, p.P)
		out = append(out, Percentiles(a, 0.05, 0.5, 0.95)...)
		return append(out, Holm([]float64{m.P, p.P, 0.01})...)
	}
	first, second := run(), run()
	for i := range first {
		if math.Float64bits(first[i]) != math.Float64bits(second[i]) {
			t.Fatalf("result %d differs between runs: %v then %v", i, first[i], second[i])
		}
	}
}

// statsBenchData returns n seeded values, not sorted.
func statsBenchData(n int) []float64 {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 50 + 10*r.NormFloat64()
	}
	return xs
}

func BenchmarkMeanCI(b *testing.B) {
	xs := statsBenchData(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		MeanCI(xs)
	}
}

func BenchmarkPercentiles(b *testing.B) {
	xs := statsBenchData(1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		Percentiles(xs, 0.05, 0.5, 0.95)
	}
}

// tCDF returns P(T ≤ t) for Student's t with df > 0 degrees of freedom,
// for checking tQuantile and tTwoSided against closed forms.
func tCDF(t, df float64) float64 {
	if math.IsNaN(t) || math.IsNaN(df) {
		return math.NaN()
	}
	tail := 0.5 * tTwoSided(t, df)
	if t > 0 {
		return 1 - tail
	}
	return tail
}

// TestEffectSize: the standardized difference is the mean difference over
// the root mean square of the two arms' standard deviations (d_av), worked
// by hand here; it is undefined without spread or with one pair, and it
// does not grow with the pairs' correlation as d_z would.
func TestEffectSize(t *testing.T) {
	// a: mean 3, variance 2.5; b: mean 5, variance 4.5; sqrt(3.5) =
	// 1.8708287, so d = 2/1.8708287 = 1.0690450.
	if d, ok := EffectSize([]float64{1, 2, 3, 4, 5}, []float64{3, 3, 6, 5, 8}); !ok || !statsNear(d, 1.0690450, 1e-7) {
		t.Errorf("EffectSize = %v, %v; want 1.0690450", d, ok)
	}
	// b = a + 0.1 exactly: every difference alike (d_z infinite), but a
	// tenth of a run's spread (sd 1.5811): d = 0.063246.
	a := []float64{1, 2, 3, 4, 5}
	b := []float64{1.1, 2.1, 3.1, 4.1, 5.1}
	if d, ok := EffectSize(a, b); !ok || !statsNear(d, 0.1/math.Sqrt(2.5), 1e-9) {
		t.Errorf("EffectSize of a shift of 0.1 = %v, %v; want %v", d, ok, 0.1/math.Sqrt(2.5))
	}
	for name, c := range map[string][2][]float64{
		"one pair":    {{1}, {2}},
		"none":        {nil, nil},
		"no spread":   {{2, 2, 2}, {3, 3, 3}},
		"NaN":         {{1, math.NaN()}, {2, 3}},
		"an infinity": {{1, math.Inf(1)}, {2, 3}},
	} {
		if d, ok := EffectSize(c[0], c[1]); ok {
			t.Errorf("%s: EffectSize = %v, want none", name, d)
		}
	}
	if d, ok := EffectSize([]float64{2, 2, 2}, []float64{3, 4, 5}); !ok || !statsNear(d, 2/math.Sqrt(0.5), 1e-12) {
		t.Errorf("one arm without spread: EffectSize = %v, %v; want %v", d, ok, 2/math.Sqrt(0.5))
	}
}
