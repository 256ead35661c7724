package sim

import (
	"math"
	"strconv"
	"strings"
)

// Fix is a fixed-point number with four decimal places: Fix(12345) is 1.2345.
// All hashed state and every roll is held in Fix so that a game's numbers are
// identical on every CPU architecture (floating-point exp and fused
// multiply-add differ between amd64 and arm64). The zero value is 0.
type Fix int64

// One is the Fix value 1.0.
const One Fix = 10000

// FixFromFloat converts f to the nearest Fix. It is used only when loading a
// scenario: decimal literals in TOML parse to the same float64 everywhere, so
// the result is the same on every machine.
func FixFromFloat(f float64) Fix {
	if math.IsNaN(f) {
		return 0
	}
	v := math.Round(f * float64(One))
	switch {
	case v > math.MaxInt64/4:
		return math.MaxInt64 / 4
	case v < math.MinInt64/4:
		return math.MinInt64 / 4
	}
	return Fix(v)
}

// FixInt returns the Fix value of the integer n.
func FixInt(n int) Fix { return Fix(n) * One }

// Float returns x as a float64, for display and statistics only.
func (x Fix) Float() float64 { return float64(x) / float64(One) }

// Mul returns x×y rounded half away from zero. x.Mul(One) is exactly x.
func (x Fix) Mul(y Fix) Fix {
	p := int64(x) * int64(y)
	// Branch-free: add half of One away from zero (p>>63 is −1 for a
	// negative product), then divide, truncating toward zero.
	return Fix((p + int64(One)/2 - (p>>63)&int64(One)) / int64(One))
}

// mulJoint returns x.Mul(m), skipping the multiplication when m is One (as
// a joint multiplier is for most levers), which gives the same result.
func (x Fix) mulJoint(m Fix) Fix {
	if m == One {
		return x
	}
	return x.Mul(m)
}

// Div returns x÷y rounded toward zero; division by zero yields 0.
func (x Fix) Div(y Fix) Fix {
	if y == 0 {
		return 0
	}
	return Fix(int64(x) * int64(One) / int64(y))
}

// Clamp returns x limited to [lo, hi].
func (x Fix) Clamp(lo, hi Fix) Fix {
	if x < lo {
		return lo
	}
	if x > hi {
		return hi
	}
	return x
}

// Abs returns |x|.
func (x Fix) Abs() Fix {
	if x < 0 {
		return -x
	}
	return x
}

// String formats x with up to four decimals and no trailing zeros.
func (x Fix) String() string {
	var buf [24]byte
	return string(x.AppendString(buf[:0]))
}

// AppendString appends x formatted as by String to b: the float x.Float()
// in its shortest form that reads back as the same float ('f', −1), which
// below 2^39 in magnitude, where a float's spacing is finer than 0.0001, is
// x's exact decimal with trailing zeros cut: that is written with integer
// arithmetic, a fifth of the cost of formatting the float (a csv batch
// writes every metric of every run so).
func (x Fix) AppendString(b []byte) []byte {
	v := int64(x)
	if v <= -1<<52 || v >= 1<<52 { // 2^52 units is 4.5e11, below 2^39
		return strconv.AppendFloat(b, x.Float(), 'f', -1, 64)
	}
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/int64(One), 10)
	if frac := v % int64(One); frac != 0 {
		b = append(b, '.')
		for d := int64(One) / 10; frac != 0; d /= 10 {
			b = append(b, byte('0'+frac/d))
			frac %= d
		}
	}
	return b
}

// Format formats x with exactly prec decimals (0–4), rounding half away from
// zero in integer arithmetic so the text is the same on every machine.
func (x Fix) Format(prec int) string {
	return string(x.AppendFormat(nil, prec))
}

// AppendFormat appends x formatted as by Format to b.
func (x Fix) AppendFormat(b []byte, prec int) []byte {
	if prec < 0 {
		prec = 0
	}
	if prec > 4 {
		prec = 4
	}
	div := int64(1)
	for i := prec; i < 4; i++ {
		div *= 10
	}
	v := int64(x)
	neg := v < 0
	if neg {
		v = -v
	}
	v = (v + div/2) / div // rounded to prec decimals
	scale := int64(1)
	for i := 0; i < prec; i++ {
		scale *= 10
	}
	if neg && v != 0 {
		b = append(b, '-')
	}
	b = strconv.AppendInt(b, v/scale, 10)
	if prec > 0 {
		b = append(b, '.')
		frac := v % scale
		for s := scale / 10; s > 0; s /= 10 {
			b = append(b, byte('0'+frac/s%10))
		}
	}
	return b
}

// ln2 is ln(2) in Fix.
const ln2 Fix = 6931

// expNeg returns e^(−x) for x ≥ 0 in Fix, using integer arithmetic only:
// x = n·ln2 + r with 0 ≤ r < ln2, e^(−r) by its Taylor series at a higher
// internal precision, then halved n times.
func expNeg(x Fix) Fix {
	if x <= 0 {
		return One
	}
	if x > 40*One { // e^-40 is far below Fix resolution
		return 0
	}
	n := int64(x / ln2)
	r := int64(x - Fix(n)*ln2)
	// Work at 1e9 (products stay below 2^63) to keep rounding error far below one Fix unit.
	const hi = 1_000_000_000
	rh := r * (hi / int64(One))
	term := int64(hi)
	sum := int64(hi)
	for k := int64(1); k <= 12; k++ {
		term = -term * rh / hi / k
		sum += term
	}
	for ; n > 0 && sum > 0; n-- {
		sum /= 2
	}
	return Fix((sum + hi/int64(One)/2) / (hi / int64(One)))
}

// logisticTable holds 1/(1+e^(−x)) for x = i/logisticStep, i ≥ 0, up to
// logisticMax; it is built once with integer arithmetic only.
var logisticTable = func() []Fix {
	t := make([]Fix, logisticMax*logisticStep+2)
	for i := range t {
		x := Fix(int64(i) * int64(One) / logisticStep)
		t[i] = logisticExact(x)
	}
	return t
}()

const (
	logisticStep = 64 // table entries per unit of x
	logisticMax  = 12 // beyond this, 1/(1+e^(−x)) rounds to 1 in Fix
)

// logisticExact computes 1/(1+e^(−x)) for x ≥ 0 by the series in expNeg.
func logisticExact(x Fix) Fix {
	return One.Div(One + expNeg(x))
}

// Logistic returns 1/(1+e^(−x)) in Fix, computed without floating point:
// a table of exact values every 1/64, linearly interpolated (error below
// 1e-4, the resolution of Fix).
func Logistic(x Fix) Fix {
	p := One
	if ax := max(x, -x); ax < logisticMax*One {
		pos := int64(ax) * logisticStep
		i := pos / int64(One)
		a, b := logisticTable[i], logisticTable[i+1]
		p = a + Fix((int64(b-a)*(pos%int64(One))+int64(One)/2)/int64(One))
	}
	if x < 0 {
		return One - p
	}
	return p
}

// ParseFix parses a decimal number ("54.1234", "-3", "0.5") exactly into a
// Fix; more than four decimals is an error.
func ParseFix(s string) (Fix, error) {
	if s == "" {
		return 0, strconv.ErrSyntax
	}
	neg := s[0] == '-'
	if neg || s[0] == '+' {
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && (!hasDot || frac == "") || len(frac) > 4 || len(intPart) > 14 {
		return 0, strconv.ErrSyntax
	}
	var v int64
	for _, c := range intPart {
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
		v = v*10 + int64(c-'0')
	}
	v *= int64(One)
	scale := int64(1000)
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, strconv.ErrSyntax
		}
		v += int64(c-'0') * scale
		scale /= 10
	}
	if neg {
		v = -v
	}
	return Fix(v), nil
}
