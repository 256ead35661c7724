package sim

import "testing"

// A delayed effect is worth 15% less a turn of waiting (each step rounded
// toward zero), and nothing when it would land after the last turn.
func TestDelayedWorth(t *testing.T) {
	for _, tc := range []struct {
		e           Fix
		delay, live int
		want        Fix
	}{
		{1000, 0, 0, 1000},  // lands now, in the last turn
		{1000, 2, 5, 722},   // 1000 × 0.85 = 850, × 0.85 = 722.5 → 722
		{-1000, 1, 1, -850}, // lands in the last turn
		{1000, 3, 2, 0},     // after the last turn
		{1000, 1, 0, 0},
	} {
		if got := delayedWorth(tc.e, tc.delay, tc.live); got != tc.want {
			t.Errorf("delayedWorth(%d, delay %d, live %d) = %d, want %d", tc.e, tc.delay, tc.live, got, tc.want)
		}
	}
}
