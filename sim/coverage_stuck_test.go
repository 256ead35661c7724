package sim_test

import (
	"strings"
	"testing"
)

// TestCoverageNotesAMetricStuckAtABound: a metric that ends at its maximum
// (or minimum) in StuckShare of the games or more is a note: what feeds it
// is out of scale with its range (a batch had intel end at 100 in every
// run, p5 = p95 = 100, and validate --play said nothing). The tutorial as
// written has none.
func TestCoverageNotesAMetricStuckAtABound(t *testing.T) {
	stuck := func(sets map[string]string) map[string]string {
		got := map[string]string{}
		for _, gap := range tutorialCoverage(t, 60, sets).Gaps() {
			if strings.HasPrefix(gap.Path, "metric.") {
				if !gap.Note {
					t.Errorf("%s: a stuck metric is a note, not dead content", gap.Path)
				}
				got[gap.Path] = gap.What
			}
		}
		return got
	}
	if got := stuck(nil); len(got) != 0 {
		t.Errorf("the tutorial as written: want no stuck metric, got %v", got)
	}
	got := stuck(map[string]string{"metric.intel.max": "20", "metric.intel.start": "20"})
	if w := "ended at its maximum 20 in 60 of 60 games: its levers and events over-feed it"; !strings.HasPrefix(got["metric.intel"], w) {
		t.Errorf("intel capped at 20: want %q, got %v", w, got)
	}
}
