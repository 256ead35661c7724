package main

import (
	"math"
	"testing"
)

// TestETAFromTheArmUnderWay: a batch of a fast arm and a slow one
// (balanced, then lookahead) priced the slow arm's runs at the batch's
// speed so far and said "53% … ETA 0s" with 9 s to go. The ETA now prices
// the arm under way at its own speed, and later arms at the batch's.
func TestETAFromTheArmUnderWay(t *testing.T) {
	ends := armEnds(2, 1500, 0, 1)
	if ends[0] != 1500 || ends[1] != 3000 {
		t.Fatalf("ends %v", ends)
	}
	// 1500 fast runs in 0.5 s, then 100 of the slow arm in 0.5 s (5 ms a
	// run): 1400 left at 5 ms is 7 s; the batch's speed (1600 runs a
	// second) said 0.9 s.
	got, ok := estimate(1600, 3000, 1.0, ends, 100, 0.5)
	if !ok || math.Abs(got-7) > 1e-9 {
		t.Errorf("ETA %v s (%v), want 7", got, ok)
	}
	// In the first arm, the second is priced at the speed so far.
	got, _ = estimate(500, 3000, 1.0, ends, 500, 1.0)
	if want := 1000*0.002 + 1500*0.002; math.Abs(got-want) > 1e-9 {
		t.Errorf("ETA in the first arm %v s, want %v", got, want)
	}
	// Without arms, or before a run of the arm under way, the batch's speed.
	if got, _ := estimate(1600, 3000, 1.0, nil, 0, 0); math.Abs(got-1400.0/1600) > 1e-9 {
		t.Errorf("ETA without arms %v", got)
	}
	if _, ok := estimate(0, 3000, 1.0, ends, 0, 0); ok {
		t.Error("an ETA with no run done")
	}
}

// armEnds counts a shard's runs arm by arm as the batch plays them: every
// shards-th run from shard, runs numbered arm by arm.
func TestArmEndsOfAShard(t *testing.T) {
	for _, c := range []struct{ arms, runs, shard, shards int }{{3, 10, 0, 1}, {3, 10, 1, 4}, {2, 7, 3, 4}, {4, 5, 6, 7}, {2, 3, 5, 6}} {
		got := armEnds(c.arms, c.runs, c.shard, c.shards)
		want := make([]int, c.arms)
		for i := 0; c.shard+i*c.shards < c.arms*c.runs; i++ {
			for k := (c.shard + i*c.shards) / c.runs; k < c.arms; k++ {
				want[k]++
			}
		}
		for k := range want {
			if got[k] != want[k] {
				t.Errorf("%+v: ends %v, want %v", c, got, want)
				break
			}
		}
	}
}
