package main

import (
	"math"
	"testing"

	"lattice/sim"
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
	got, ok := estimate(1600, 3000, 1.0, ends, nil, 100, 0.5)
	if !ok || math.Abs(got-7) > 1e-9 {
		t.Errorf("ETA %v s (%v), want 7", got, ok)
	}
	// In the first arm, the second is priced at the speed so far.
	got, _ = estimate(500, 3000, 1.0, ends, nil, 500, 1.0)
	if want := 1000*0.002 + 1500*0.002; math.Abs(got-want) > 1e-9 {
		t.Errorf("ETA in the first arm %v s, want %v", got, want)
	}
	// Without arms, or before a run of the arm under way, the batch's speed.
	if got, _ := estimate(1600, 3000, 1.0, nil, nil, 0, 0); math.Abs(got-1400.0/1600) > 1e-9 {
		t.Errorf("ETA without arms %v", got)
	}
	if _, ok := estimate(0, 3000, 1.0, ends, nil, 0, 0); ok {
		t.Error("an ETA with no run done")
	}
}

// An arm of lookahead queued after a fast one is priced by its weight
// (armWeight): "ETA 1s" with half a minute to go, lookahead's runs priced
// at balanced's (an analyst's review).
func TestETAWeighsTheArmsToCome(t *testing.T) {
	ends := armEnds(2, 1000, 0, 1)
	la, err := sim.PolicyByName("lookahead")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := sim.PolicyByName("balanced")
	weights := []float64{armWeight([]sim.Policy{b, b, nil}), armWeight([]sim.Policy{la, la, nil})}
	if weights[0] != 1 || weights[1] != 1+2*lookaheadWeight {
		t.Fatalf("weights %v", weights)
	}
	// 500 balanced runs in 0.05 s (0.1 ms a run): 500 more at that speed
	// and 1000 lookahead runs at weight 121, 0.1 ms a unit.
	got, ok := estimate(500, 2000, 0.05, ends, weights, 500, 0.05)
	if want := 500*1e-4 + 1000*121*1e-4; !ok || math.Abs(got-want) > 1e-9 {
		t.Errorf("ETA %v s, want %v", got, want)
	}
	// The lookahead arm begun, before a run of it is done: priced by its
	// weight at the speed so far.
	got, _ = estimate(1000, 2000, 0.1, ends, weights, 0, 0)
	if want := 1000 * 121 * 1e-4; math.Abs(got-want) > 1e-9 {
		t.Errorf("ETA at the lookahead arm's start %v s, want %v", got, want)
	}
	// Under way, its own speed: 10 runs in 0.2 s.
	got, _ = estimate(1010, 2000, 0.3, ends, weights, 10, 0.2)
	if want := 990 * 0.02; math.Abs(got-want) > 1e-9 {
		t.Errorf("ETA in the lookahead arm %v s, want %v", got, want)
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
