package sim

import "testing"

// roomDelta counts an effect for no more than the room its metric has
// that way: sign(Δ) × min(|Δ|, room); a delayed one against the value
// decay brings the metric to by the time it lands.
func TestRoomDelta(t *testing.T) {
	mi := &MetricInfo{Min: 0, Max: FixInt(100), Baseline: FixInt(40)}
	for _, tc := range []struct {
		v, delta, keep, want Fix
	}{
		{FixInt(50), FixInt(3), One, FixInt(3)},      // room enough
		{FixInt(50), FixInt(-3), One, FixInt(-3)},    // room enough
		{FixInt(99), FixInt(3), One, FixInt(1)},      // one point of room up
		{FixInt(100), FixInt(3), One, 0},             // at the top
		{FixInt(100), FixInt(-3), One, FixInt(-3)},   // at the top, falling
		{FixInt(1), FixInt(-3), One, FixInt(-1)},     // one point of room down
		{0, FixInt(-3), One, 0},                      // at the bottom
		{FixInt(-2), FixInt(-3), One, 0},             // below it (never after a clamp): no room, not negative room
		{0, FixInt(-3), One / 2, FixInt(-3)},         // lands when decay has brought it halfway to 40: room 20
		{FixInt(100), FixInt(3), One / 2, FixInt(3)}, // down to 70 by then
		{FixInt(40), FixInt(3), One / 2, FixInt(3)},  // at the baseline, it stays there
	} {
		if got := roomDelta(mi, tc.v, tc.delta, tc.keep); got != tc.want {
			t.Errorf("roomDelta(v %v, Δ %v, keep %v) = %v, want %v", tc.v, tc.delta, tc.keep, got, tc.want)
		}
	}
	flag := &MetricInfo{Min: 0, Max: One}
	if got := roomDelta(flag, 0, -One/2, decayKeep(flag, 2)); got != 0 {
		t.Errorf("a delayed effect on a flag at 0 that does not decay counts %v, want 0", got)
	}
	if k := decayKeep(&MetricInfo{Decay: One / 2}, 2); k != One/4 {
		t.Errorf("decayKeep(decay 0.5, 2 turns) = %v, want 0.25", k)
	}
}

// wholeRange is safe: at every value in it, roomDelta leaves the effect
// whole, so plan may skip a metric whose value is there. And it is not
// empty where room is to be had, so plan skips most metrics.
func TestWholeRange(t *testing.T) {
	metrics := []MetricInfo{
		{Min: 0, Max: FixInt(100), Baseline: FixInt(40), Decay: One / 10},
		{Min: 0, Max: FixInt(100), Baseline: 0, Decay: One / 50},              // baseline at the bottom
		{Min: 0, Max: FixInt(70), Baseline: FixInt(70), Decay: One * 8 / 100}, // at the top
		{Min: 0, Max: One, Baseline: One / 3, Decay: One * 3 / 10},
		{Min: 0, Max: One, Baseline: 0, Decay: One}, // back to the baseline at once
		{Min: 0, Max: One},
	}
	for i := range metrics {
		mi := &metrics[i]
		span := mi.Max - mi.Min
		for _, delta := range []Fix{span / 50, -span / 50, span / 3, -span / 3, span / 10001, -span, span + 1} {
			if delta == 0 {
				continue
			}
			for delay := range 4 {
				keep := decayKeep(mi, delay)
				lo, hi := wholeRange(mi, delta, keep)
				whole := 0
				for v := mi.Min - span/10; v <= mi.Max+span/10; v += max(span/997, 1) {
					if d := roomDelta(mi, v, delta, keep); d == delta {
						whole++
					} else if v >= lo && v <= hi {
						t.Fatalf("metric %d, Δ %v, delay %d: %v is in [%v, %v], but roomDelta counts %v", i, delta, delay, v, lo, hi, d)
					}
				}
				if whole > 20 && lo > hi {
					t.Errorf("metric %d, Δ %v, delay %d: the effect is whole at %d values, but the range is empty", i, delta, delay, whole)
				}
			}
		}
	}
}
