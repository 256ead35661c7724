package sim

import (
	"strings"
	"testing"
)

// TestStuckAtMinimum: a metric that ended at its minimum in StuckShare of
// the games is noted (what drains it outweighs what feeds it); one short
// of that share is not, nor one that no cause ever moved (a flag set only
// by an inject's choice the AI never took: thaad-pressure's assured).
func TestStuckAtMinimum(t *testing.T) {
	c := &Compiled{Metrics: []MetricInfo{{ID: "supply", Min: 0, Max: FixInt(100)}}}
	cv := NewCoverage(c)
	cv.Games, cv.AtMin[0], cv.moved[0] = 100, 95, true
	gaps := cv.Gaps()
	if len(gaps) != 1 || gaps[0].Path != "metric.supply" || !gaps[0].Note ||
		!strings.HasPrefix(gaps[0].What, "ended at its minimum 0 in 95 of 100 games: what drains it outweighs what feeds it") {
		t.Errorf("supply at 0 in 95 of 100 games: got %+v", gaps)
	}
	cv.AtMin[0] = 94
	if gaps := cv.Gaps(); len(gaps) != 0 {
		t.Errorf("supply at 0 in 94 of 100 games: want no note, got %+v", gaps)
	}
	cv.AtMin[0], cv.moved[0] = 100, false
	if gaps := cv.Gaps(); len(gaps) != 0 {
		t.Errorf("a metric nothing moved: want no note, got %+v", gaps)
	}
}
