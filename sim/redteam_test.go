package sim_test

import (
	"fmt"
	"slices"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// TestEndComparisons: an end's comparisons of a metric with a number are
// those written, each once, with the threshold as written; the turn's and
// the default end's are none; Holds agrees with the condition at the
// threshold and one unit either side.
func TestEndComparisons(t *testing.T) {
	s, err := scenarios.Open("tutorial")
	if err != nil {
		t.Fatal(err)
	}
	when := map[string]string{
		"conflict": "escalation >= 100",
		"split":    "cohesion < 45 or (turn >= 3 and cohesion < 45) or resilience <= 10",
		"coerced":  "final and gains > 20",
		"eroded":   "final and deterrence < 27",
		"standoff": "final and not (escalation < 50)", // a not reverses what it reads
	}
	for i := range s.Ends {
		if w, ok := when[s.Ends[i].ID]; ok {
			s.Ends[i].When = w
		}
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"conflict": {"escalation >= 100"},
		"split":    {"cohesion < 45", "resilience <= 10"},
		"coerced":  {"gains > 20"},
		"eroded":   {"deterrence < 27"},
		"standoff": nil, // read the wrong way round, it said "escalation < 50" held
		"held":     nil, // the default end
	}
	for e := range c.Ends {
		w, ok := want[c.Ends[e].ID]
		if !ok {
			continue
		}
		var got []string
		for _, k := range c.EndComparisons(e) {
			got = append(got, fmt.Sprintf("%s %s %s", c.Metrics[k.Metric].ID, k.Op, k.Threshold))
			for _, v := range []sim.Fix{k.Threshold - 1, k.Threshold, k.Threshold + 1} { // one unit either side
				holds := map[string]bool{"<": v < k.Threshold, "<=": v <= k.Threshold, ">": v > k.Threshold, ">=": v >= k.Threshold}[k.Op]
				if k.Holds(v) != holds {
					t.Errorf("%s: %s %s %s holds for %s: %v, want %v", c.Ends[e].ID, c.Metrics[k.Metric].ID, k.Op, k.Threshold, v, k.Holds(v), holds)
				}
			}
			if k.Low() != (k.Op == "<" || k.Op == "<=") {
				t.Errorf("%s: %s: Low() = %v", c.Ends[e].ID, k.Op, k.Low())
			}
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s: comparisons %q, want %q", c.Ends[e].ID, got, w)
		}
	}
	if c.EndComparisons(-1) != nil || c.EndComparisons(len(c.Ends)) != nil {
		t.Error("an end out of range has comparisons")
	}
}

// TestAdversaryMoves: a side's moves ranked both ways are its own, every
// one KeyMoves finds harmful among them included in the same order, and
// what they did adds up to the tally.
func TestAdversaryMoves(t *testing.T) {
	c, tally := assessedGame(t)
	prc := c.SideIndex("prc")
	got := c.AdversaryMoves(tally, prc, 0)
	if len(got) == 0 {
		t.Fatal("no moves")
	}
	for i, d := range got {
		if d.Entry.Kind != sim.CauseAction || d.Entry.Side != prc {
			t.Errorf("move %d is not the adversary's: %+v", i, d)
		}
		if i > 0 && got[i-1].Share < d.Share {
			t.Errorf("not largest first at %d", i)
		}
	}
	var harm []sim.Impact // the tutorial has one adversary: KeyMoves are all its
	for _, d := range got {
		if (d.Delta > 0) == c.Metrics[d.Metric].GoodLow {
			harm = append(harm, d)
		}
	}
	if keys := c.KeyMoves(tally, 0); !slices.Equal(harm, keys) {
		t.Errorf("the harmful moves differ from KeyMoves:\n%+v\n%+v", harm, keys)
	}
	if other := c.AdversaryMoves(tally, c.SideIndex("us"), 0); len(other) != 0 {
		t.Errorf("an ally has moves: %+v", other)
	}
	if top := c.AdversaryMoves(tally, prc, 2); len(top) != min(2, len(got)) || !slices.Equal(top, got[:len(top)]) {
		t.Errorf("n = 2: %+v", top)
	}
}
