package batch

// The statistics of a batch: estimates with 95% confidence intervals,
// percentiles, histograms, and paired comparisons of two arms that share
// their replicates' seeds (common random numbers).
//
// Nothing here is hashed, but every result is a pure function of its
// inputs taken in order: sums run front to back, sorts are stable, and
// there are no maps or goroutines, so the same inputs in the same order
// give bit-identical results on a given platform.
//
// Functions return zero values rather than NaN when there is no data,
// because their results end up in JSON and CSV reports, where NaN cannot be
// encoded or is easily misread.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/exp/stats"
)

// z975 is the 0.975 quantile of the standard normal distribution, the z of
// a two-sided 95% interval.
const z975 = 1.959963984540054

// Interval is an estimate with a two-sided 95% confidence interval
// [Lo, Hi]. The zero Interval stands for "no data".
type Interval struct {
	Est float64 `json:"est"`
	Lo  float64 `json:"lo"`
	Hi  float64 `json:"hi"`
	// NA marks an interval that cannot be had: from a single value (or a
	// single pair) there is no spread to go on. Lo and Hi then equal Est,
	// and reports print "n/a", not an interval of no width.
	NA bool `json:"na,omitempty"`
	// none marks NoEstimate's: no value at all to go on.
	none bool
}

// NoEstimate returns the Interval of an estimate there is nothing to make
// from (an arm an interrupted batch never started): NA, and in json
// {"est": null, "lo": null, "hi": null, "na": true}, where the zero
// Interval read as a rate of 0 measured exactly.
func NoEstimate() Interval { return Interval{NA: true, none: true} }

// MarshalJSON writes iv as its fields, or NoEstimate's as nulls.
func (iv Interval) MarshalJSON() ([]byte, error) {
	if iv.none {
		return []byte(`{"est":null,"lo":null,"hi":null,"na":true}`), nil
	}
	type fields Interval // without the method
	return json.Marshal(fields(iv))
}

// Wilson returns the proportion successes/n with its Wilson score 95%
// interval, which, unlike the textbook Wald interval, stays inside [0, 1]
// and keeps close to its nominal coverage for small n and for proportions
// near 0 or 1. With n == 0 there is no proportion and Wilson returns the
// zero Interval. Wilson panics if n < 0 or successes is outside [0, n].
func Wilson(successes, n int) Interval {
	if n < 0 || successes < 0 || successes > n {
		panic(fmt.Sprintf("batch.Wilson: %d successes out of %d", successes, n))
	}
	if n == 0 {
		return Interval{}
	}
	lo, hi := wilsonBounds(successes, n)
	return Interval{Est: float64(successes) / float64(n), Lo: lo, Hi: hi}
}

// wilsonBounds returns the Wilson score interval of k successes in n > 0
// trials.
func wilsonBounds(k, n int) (lo, hi float64) {
	nf := float64(n)
	p := float64(k) / nf
	z2 := z975 * z975
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z975 / denom * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	lo, hi = center-half, center+half
	// At k == 0 or k == n one bound is exactly 0 or 1 in exact arithmetic;
	// pin it so rounding does not leave it a hair outside or inside.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return max(lo, 0), min(hi, 1)
}

// MeanCI returns the mean of xs with a 95% confidence interval from
// Student's t distribution with len(xs)−1 degrees of freedom. With one
// value there is no interval (NA, with Lo == Hi == Est); with none MeanCI
// returns the zero Interval. A NaN in xs gives NaN bounds, and an infinity
// gives infinite ones.
func MeanCI(xs []float64) Interval {
	switch len(xs) {
	case 0:
		return Interval{}
	case 1:
		return Interval{Est: xs[0], Lo: xs[0], Hi: xs[0], NA: true}
	}
	mean, sd := stats.MeanAndStdDev(xs)
	half := tQuantile(0.975, float64(len(xs)-1)) * sd / math.Sqrt(float64(len(xs)))
	if half == 0 {
		// All values equal: avoid mean ± 0 turning into NaN for an
		// infinite mean.
		return Interval{Est: mean, Lo: mean, Hi: mean}
	}
	return Interval{Est: mean, Lo: mean - half, Hi: mean + half}
}

// Percentiles returns the quantiles of xs at ps, one result per p in the
// same order, computed with [stats.Quantiles] (Hyndman and Fan's method 7,
// the default of R and NumPy). Each p is a fraction in [0, 1], not a
// percentage: the 95th percentile is 0.95. The caller's slice is never
// reordered (an unsorted xs is sorted in a copy). With xs empty every
// result is 0; a NaN in xs makes every result NaN. Percentiles panics if a
// p is outside [0, 1].
func Percentiles(xs []float64, ps ...float64) []float64 {
	for _, p := range ps {
		if !(p >= 0 && p <= 1) {
			panic(fmt.Sprintf("batch.Percentiles: p = %v is not a fraction in [0, 1] (the 95th percentile is 0.95)", p))
		}
	}
	if len(xs) == 0 {
		return make([]float64, len(ps))
	}
	// stats.Quantiles documents that it does not modify its argument: it
	// sorts a clone when the input is not already sorted.
	return stats.Quantiles(xs, ps...)
}

// Histogram counts xs in bins equal-width bins spanning [lo, hi]. Values
// below lo count in the first bin and values at or above hi in the last,
// so every value except NaN (which is skipped) is counted once. When
// lo == hi (a metric that never varied) that rule holds too: the value
// lo is at hi, in the last bin, as the docs say of the maximum (it was
// counted in the first). Histogram panics if bins < 1 or lo > hi, or if
// either bound is NaN.
func Histogram(xs []float64, lo, hi float64, bins int) []int {
	if bins < 1 || !(lo <= hi) {
		panic(fmt.Sprintf("batch.Histogram: %d bins over [%v, %v]", bins, lo, hi))
	}
	counts := make([]int, bins)
	width := hi - lo
	for _, x := range xs {
		if math.IsNaN(x) {
			continue
		}
		i := 0
		if width == 0 && x >= hi {
			i = bins - 1
		} else if width > 0 {
			// Clamp as a float before converting: converting an
			// out-of-range float to int is implementation-defined.
			f := (x - lo) / width * float64(bins)
			switch {
			case f <= 0:
				i = 0
			case f >= float64(bins):
				i = bins - 1
			default:
				i = min(int(f), bins-1)
			}
		}
		counts[i]++
	}
	return counts
}

// sparkLevels are the eight block heights of a Sparkbar, lowest first.
var sparkLevels = []rune("▁▂▃▄▅▆▇█")

// Sparkbar draws counts as one line of Unicode block characters, one per
// count, scaled so that the largest count is a full block (█). Any count
// above zero is at least the lowest block (▁), so a rare outcome stays
// visible; zero (and any negative count) is a space. Empty counts give
// the empty string.
func Sparkbar(counts []int) string {
	peak := 0
	for _, c := range counts {
		peak = max(peak, c)
	}
	var sb strings.Builder
	for _, c := range counts {
		if c <= 0 {
			sb.WriteByte(' ')
			continue
		}
		// ceil(c·8/peak) − 1, in floating point so that c·8 cannot
		// overflow; c ≤ peak keeps it in 0..7.
		level := int(math.Ceil(float64(c)*float64(len(sparkLevels))/float64(peak))) - 1
		sb.WriteRune(sparkLevels[min(max(level, 0), len(sparkLevels)-1)])
	}
	return sb.String()
}

// McNemarResult compares the success of two arms over the same replicates.
// B counts replicates where arm a succeeded and arm b failed, C those where
// a failed and b succeeded. Diff is b's success rate minus a's, (C−B)/n,
// with Newcombe's 95% interval for a difference of paired proportions
// (method 10 of Newcombe 1998, the square-and-add of the two Wilson
// intervals with the continuity-corrected correlation); it need not be
// centred on Diff.Est, and with B == C == 0 it still has a width that
// shrinks as n grows. P is McNemar's two-sided p-value for "both arms
// succeed equally often": the exact binomial test of B against B+C
// discordant pairs when B+C < 50, otherwise the chi-square test with
// continuity correction (1 degree of freedom). Without discordant pairs
// P is 1. The zero McNemarResult with P = 1 means no pairs at all.
type McNemarResult struct {
	B, C int
	Diff Interval
	P    float64
}

// McNemarExactBelow is the number of discordant pairs below which McNemar
// uses the exact binomial test, and from which the chi-square test with
// continuity correction.
const McNemarExactBelow = 50

// McNemar compares the outcomes a[i] and b[i] of arm a and arm b in
// replicate i (common random numbers: the same seed in both arms). See
// [McNemarResult] for what it reports. McNemar panics if a and b differ in
// length.
func McNemar(a, b []bool) McNemarResult {
	if len(a) != len(b) {
		panic(fmt.Sprintf("batch.McNemar: %d outcomes in arm a, %d in arm b", len(a), len(b)))
	}
	var both, onlyA, onlyB int
	for i := range a {
		switch {
		case a[i] && b[i]:
			both++
		case a[i]:
			onlyA++
		case b[i]:
			onlyB++
		}
	}
	r := McNemarResult{B: onlyA, C: onlyB, P: 1}
	n := len(a)
	if n == 0 {
		return r
	}
	r.Diff = pairedPropDiff(both, onlyB, onlyA, n-both-onlyA-onlyB)
	switch d := onlyA + onlyB; {
	case d == 0:
		r.P = 1
	case d < McNemarExactBelow:
		r.P = binomTwoSided(min(onlyA, onlyB), d, 0.5)
	default:
		// Edwards' continuity correction, floored at zero so that B == C
		// gives P = 1.
		e := max(math.Abs(float64(onlyA-onlyB))-1, 0)
		x := e * e / float64(d)
		r.P = 2 * normalCDF(-math.Sqrt(x))
	}
	return r
}

// pairedPropDiff returns p1 − p2 with Newcombe's (1998) method 10 interval,
// for the paired 2×2 table with n11 pairs where both succeed, n12 where
// only the first succeeds, n21 where only the second does and n22 where
// neither does; p1 = (n11+n12)/n and p2 = (n11+n21)/n.
func pairedPropDiff(n11, n12, n21, n22 int) Interval {
	n := n11 + n12 + n21 + n22
	k1, k2 := n11+n12, n11+n21
	p1, p2 := float64(k1)/float64(n), float64(k2)/float64(n)
	l1, u1 := wilsonBounds(k1, n)
	l2, u2 := wilsonBounds(k2, n)
	// phi estimates the correlation of the two proportions, with
	// Newcombe's continuity correction of a positive association.
	phi := 0.0
	if r1, r2, c1, c2 := k1, n-k1, k2, n-k2; r1 > 0 && r2 > 0 && c1 > 0 && c2 > 0 {
		a := float64(n11)*float64(n22) - float64(n12)*float64(n21)
		den := math.Sqrt(float64(r1) * float64(r2) * float64(c1) * float64(c2))
		switch half := float64(n) / 2; {
		case a > half:
			phi = (a - half) / den
		case a < 0:
			phi = a / den
		}
	}
	// The estimate from the discordant counts, so that it is exactly
	// (n12−n21)/n rather than a difference of two rounded proportions.
	d := float64(n12-n21) / float64(n)
	dl1, du2 := p1-l1, u2-p2
	du1, dl2 := u1-p1, p2-l2
	lo := d - math.Sqrt(max(dl1*dl1+du2*du2-2*phi*dl1*du2, 0))
	hi := d + math.Sqrt(max(dl2*dl2+du1*du1-2*phi*dl2*du1, 0))
	return Interval{Est: d, Lo: max(lo, -1), Hi: min(hi, 1)}
}

// PairedResult compares a numeric outcome of two arms over the same
// replicates. N is the number of pairs. Diff is the mean of b[i] − a[i]
// with a 95% interval from Student's t distribution with N−1 degrees of
// freedom. P is the paired t-test's two-sided p-value for "the mean
// difference is zero": 1 when every difference is zero or N < 2, and 0
// when every difference is the same non-zero number.
type PairedResult struct {
	N    int
	Diff Interval
	P    float64
}

// Paired compares the outcomes a[i] and b[i] of arm a and arm b in
// replicate i (common random numbers) with a paired t-test. See
// [PairedResult] for what it reports. Paired panics if a and b differ in
// length.
func Paired(a, b []float64) PairedResult {
	if len(a) != len(b) {
		panic(fmt.Sprintf("batch.Paired: %d outcomes in arm a, %d in arm b", len(a), len(b)))
	}
	n := len(a)
	r := PairedResult{N: n, P: 1}
	if n == 0 {
		return r
	}
	d := make([]float64, n)
	for i := range a {
		d[i] = b[i] - a[i]
	}
	r.Diff = MeanCI(d)
	if n < 2 {
		return r
	}
	mean, sd := stats.MeanAndStdDev(d)
	switch {
	case math.IsNaN(mean) || math.IsNaN(sd):
		r.P = math.NaN()
	case mean == 0:
		r.P = 1
	case sd == 0:
		r.P = 0
	default:
		t := mean / (sd / math.Sqrt(float64(n)))
		r.P = tTwoSided(t, float64(n-1))
	}
	return r
}

// EffectSize returns the standardized mean difference of b over a,
// mean(b − a) in units of the arms' pooled standard deviation,
// sqrt((sd(a)² + sd(b)²)/2): Cohen's d for paired data as Cumming's d_av.
// It is the size of a difference in what one run varies by, where a
// p-value from thousands of pairs only says it is not zero. The
// standard deviation of the differences (d_z) is not used: common random
// numbers correlate the pairs and would make any difference look large.
// ok is false with fewer than two pairs, no spread in either arm, or a
// NaN or infinity in the data. EffectSize panics if a and b differ in
// length.
func EffectSize(a, b []float64) (d float64, ok bool) {
	if len(a) != len(b) {
		panic(fmt.Sprintf("batch.EffectSize: %d outcomes in arm a, %d in arm b", len(a), len(b)))
	}
	if len(a) < 2 {
		return 0, false
	}
	ma, sa := stats.MeanAndStdDev(a)
	mb, sb := stats.MeanAndStdDev(b)
	sd := math.Sqrt((sa*sa + sb*sb) / 2)
	d = (mb - ma) / sd
	if !(sd > 0) || math.IsNaN(d) || math.IsInf(d, 0) {
		return 0, false
	}
	return d, true
}

// Holm returns the Holm–Bonferroni adjusted p-values of ps, in the same
// order as ps: reject hypothesis i at family-wise level α when the
// adjusted value is at most α. The adjustment multiplies the j-th smallest
// p-value (j from 0) by len(ps)−j, keeps the results non-decreasing in
// that order, and caps them at 1. Ties keep their input order. A NaN in ps
// stays NaN and does not affect the others.
func Holm(ps []float64) []float64 {
	m := len(ps)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		// NaN last, so that it neither raises nor lowers the others.
		switch ni, nj := math.IsNaN(ps[i]), math.IsNaN(ps[j]); {
		case ni && nj:
			return 0
		case ni:
			return 1
		case nj:
			return -1
		}
		return cmp.Compare(ps[i], ps[j])
	})
	adj := make([]float64, m)
	running := 0.0
	for j, i := range order {
		p := ps[i]
		if math.IsNaN(p) {
			adj[i] = p
			continue
		}
		running = max(running, min(float64(m-j)*p, 1))
		adj[i] = running
	}
	return adj
}

// normalCDF returns P(Z ≤ x) for a standard normal Z.
func normalCDF(x float64) float64 {
	return 0.5 * math.Erfc(-x/math.Sqrt2)
}

// tTwoSided returns P(|T| ≥ |t|) for Student's t with df > 0 degrees of
// freedom: I_x(df/2, 1/2) with x = df/(df+t²), the regularized incomplete
// beta function. Both x and 1−x are formed directly so that neither a
// small nor a large |t| loses digits to cancellation.
func tTwoSided(t, df float64) float64 {
	if math.IsNaN(t) {
		return math.NaN()
	}
	t2 := t * t
	x := 1 / (1 + t2/df) // df/(df+t²)
	y := 1 / (1 + df/t2) // t²/(df+t²); t == 0 gives 1/(1+Inf) = 0
	return betaInc(df/2, 0.5, x, y)
}

// tQuantile returns the t with P(T ≤ t) = p for Student's t with df > 0
// degrees of freedom, 0 < p < 1, solved by bisection on the two-sided tail
// to a relative precision of about 1e-13, well past the 1e-10 the
// intervals need.
func tQuantile(p, df float64) float64 {
	switch {
	case !(p > 0 && p < 1) || !(df > 0):
		return math.NaN()
	case p == 0.5:
		return 0
	case p < 0.5:
		return -tQuantile(1-p, df)
	}
	target := 2 * (1 - p) // P(|T| ≥ t) at the answer; decreasing in t
	lo, hi := 0.0, 1.0
	for tTwoSided(hi, df) > target {
		lo, hi = hi, 2*hi
		if math.IsInf(hi, 1) {
			return hi
		}
	}
	for range 200 {
		mid := lo + (hi-lo)/2
		if hi-lo <= 1e-13*hi || mid == lo || mid == hi {
			break
		}
		if tTwoSided(mid, df) > target {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + (hi-lo)/2
}

// betaInc returns the regularized incomplete beta function I_x(a, b) for
// a, b > 0, given both x and y = 1 − x so that the caller can supply
// whichever it knows more precisely. It evaluates the continued fraction
// of Numerical Recipes (betacf) on whichever side converges quickly.
func betaInc(a, b, x, y float64) float64 {
	switch {
	case x <= 0:
		return 0
	case y <= 0:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log(y))
	if x < (a+1)/(a+b+2) {
		return front * betaCF(a, b, x) / a
	}
	return 1 - front*betaCF(b, a, y)/b
}

// betaCF evaluates the continued fraction of the incomplete beta function
// by the modified Lentz method (Numerical Recipes, betacf). It converges
// in O(√max(a, b)) steps for x < (a+1)/(a+b+2); the step limit covers
// a and b up to about 10^9, far beyond any batch.
func betaCF(a, b, x float64) float64 {
	const (
		maxIter = 100000
		eps     = 1e-15
		tiny    = 1e-300
	)
	qab, qap, qam := a+b, a+1, a-1
	c := 1.0
	d := 1 - qab*x/qap
	if math.Abs(d) < tiny {
		d = tiny
	}
	d = 1 / d
	h := d
	for m := 1; m <= maxIter; m++ {
		mf := float64(m)
		m2 := 2 * mf
		aa := mf * (b - mf) * x / ((qam + m2) * (a + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		aa = -(a + mf) * (qab + mf) * x / ((a + m2) * (qap + m2))
		d = 1 + aa*d
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = 1 + aa/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < eps {
			break
		}
	}
	return h
}

// binomTwoSided returns the exact two-sided p-value of k successes in n
// trials with success probability p (0 < p < 1): the total probability of
// the outcomes no more likely than k, with a relative tolerance of 1e-7 as
// in R's binom.test. It works with base-2 logarithms of the probabilities
// (math.Lgamma for the binomial coefficients), so large n neither overflows
// nor underflows to a wrong answer, and for p = 1/2 the extreme outcomes
// are exact powers of two: 0 successes in 6 gives exactly 2·2⁻⁶.
func binomTwoSided(k, n int, p float64) float64 {
	if n < 0 || k < 0 || k > n || !(p > 0 && p < 1) {
		panic(fmt.Sprintf("batch: binomial test of %d in %d at p = %v", k, n, p))
	}
	lp, lq := math.Log2(p), math.Log2(1-p)
	log2pmf := func(i int) float64 {
		return log2Choose(n, i) + float64(i)*lp + float64(n-i)*lq
	}
	limit := log2pmf(k) + math.Log2(1+1e-7)
	sum := 0.0
	for i := 0; i <= n; i++ {
		if l := log2pmf(i); l <= limit {
			sum += math.Exp2(l)
		}
	}
	return min(sum, 1)
}

// log2Choose returns log₂ of the binomial coefficient n choose k. It uses
// the smaller of k and n−k so that the two symmetric coefficients are
// bit-identical, and it is exactly 0 when k is 0 or n.
func log2Choose(n, k int) float64 {
	k = min(k, n-k)
	if k == 0 {
		return 0
	}
	ln, _ := math.Lgamma(float64(n + 1))
	lk, _ := math.Lgamma(float64(k + 1))
	lnk, _ := math.Lgamma(float64(n - k + 1))
	return (ln - lk - lnk) / math.Ln2
}
