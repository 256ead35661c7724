package sim

import "testing"

// TestBestTwoIsTheScan: bestTwo, written without branches, picks what the
// plain scan picks (the first lever of the highest affordable score above
// 0, and the best affordable score of the others), ties and unaffordable
// levers included.
func TestBestTwoIsTheScan(t *testing.T) {
	r := rng{s: 7}
	for n := 0; n < 20000; n++ {
		k := 1 + int(r.next()%16)
		cache, cost := make([]Fix, k), make([]Fix, k)
		for l := range cache {
			cache[l] = Fix(r.next()%7) - 2 // few values: many ties, some ≤ 0
			cost[l] = One * Fix(1+r.next()%3) / 2
		}
		avail := One * Fix(r.next()%4) / 2
		wantBest, wantBestScore, wantSecond := -1, Fix(0), Fix(0)
		for l, s := range cache {
			if s > wantSecond && cost[l] <= avail {
				if s > wantBestScore {
					wantBest, wantBestScore, wantSecond = l, s, wantBestScore
				} else {
					wantSecond = s
				}
			}
		}
		if best, second := bestTwo(cache, cost, avail); best != wantBest || second != wantSecond {
			t.Fatalf("bestTwo(%v, %v, %v) = %d, %v; the scan gives %d, %v", cache, cost, avail, best, second, wantBest, wantSecond)
		}
	}
}
