package sim

import (
	"math/big"
	"testing"
)

// TestNetOfClamp: a push's share of the clamp is taken off in integers,
// v × (push − cut) / push rounded half away from zero, exactly: checked
// against big rationals, at the sizes of a game's tallies and far past
// them, where float64 had lost digits.
func TestNetOfClamp(t *testing.T) {
	r := rng{s: 7}
	want := func(v int64, cut, push uint64) int64 {
		num := new(big.Int).Mul(big.NewInt(v), new(big.Int).SetUint64(push-cut))
		den := new(big.Int).SetUint64(push)
		q, m := new(big.Int).QuoRem(new(big.Int).Abs(num), den, new(big.Int))
		if new(big.Int).Lsh(m, 1).Cmp(den) >= 0 {
			q.Add(q, big.NewInt(1))
		}
		if num.Sign() < 0 {
			q.Neg(q)
		}
		return q.Int64()
	}
	for i := range 20000 {
		scale := []int64{1e4, 1e8, 1e12, 1 << 62}[i%4]
		push := uint64(r.intn(scale)) + 1
		cut := uint64(r.intn(int64(push) + 1))
		v := r.intn(int64(push)) + 1
		if i%2 == 1 {
			v = -v
		}
		if got, w := netOfClamp(Fix(v), cut, push), want(v, cut, push); int64(got) != w {
			t.Fatalf("netOfClamp(%d, %d, %d) = %d, want %d", v, cut, push, got, w)
		}
	}
	if got := netOfClamp(-240000, 220000, 480000); got != -130000 {
		t.Errorf("two pushes of −24 against a clamp of +22: each nets %v, want −13", got)
	}
}
