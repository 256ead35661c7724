package batch

import (
	"bytes"
	"strings"
	"testing"
)

// TestTableSaysWhatItRestsOn: the table said each arm's runs but not
// which replicates or of which master seed, so a table read (or pasted
// into a report) on its own could not be played again; the json has
// master_seed. It now opens with the replicates and the seed, or says
// that no manifest gives the seed, and says when the arms' replicates
// differ (an interrupted batch) or have gaps (some shards).
func TestTableSaysWhatItRestsOn(t *testing.T) {
	table := func(s *Summary) string {
		var b bytes.Buffer
		s.WithWidth(200).WriteTable(&b, 0)
		return b.String()
	}
	fill := func(s *Summary, runs map[string][]int) *Summary {
		for _, pol := range []string{"a=x", "a=y"} {
			for _, r := range runs[pol] {
				s.Add(&Record{Scenario: "s", Variant: "base", Policy: pol, Replicate: r, Verdict: "won", Success: r%2 == 0, Metrics: []string{"1.5"}})
			}
		}
		return s
	}
	seq := func(from, to, step int) (out []int) {
		for r := from; r <= to; r += step {
			out = append(out, r)
		}
		return out
	}
	whole := map[string][]int{"a=x": seq(0, 19, 1), "a=y": seq(0, 19, 1)}
	for _, tc := range []struct {
		name string
		s    *Summary
		want string
	}{
		{"seed", fill(NewSummary([]string{"m"}, nil), whole).WithSeed(7),
			"Runs: 20 an arm of master seed 7 (--seed 7), replicates 0–19, the same in every arm: replicate r has the same run seed"},
		{"no seed", fill(NewSummary([]string{"m"}, nil), whole),
			"Runs: 20 an arm, replicates 0–19, the same in every arm: replicate r has the same run seed, hence the same dice, in each. No manifest gives the master seed"},
		{"shards", fill(NewSummary([]string{"m"}, nil), map[string][]int{"a=x": seq(0, 18, 3), "a=y": seq(0, 18, 3)}).WithSeed(1),
			"Runs: 7 an arm of master seed 1 (--seed 1), the same replicates in every arm, from 0 to 18 but not all of them"},
		{"cut short", fill(NewSummary([]string{"m"}, nil), map[string][]int{"a=x": seq(0, 19, 1), "a=y": seq(0, 4, 1)}).WithSeed(1),
			"Runs: replicates from 0 to 19 of master seed 1 (--seed 1), not the same in every arm (see each arm's runs)"},
		{"one arm", fill(NewSummary([]string{"m"}, nil), map[string][]int{"a=x": seq(0, 9, 1)}).WithSeed(2),
			"Runs: 10 of master seed 2 (--seed 2), replicates 0–9. Intervals: 95%, Wilson for rates (success, true win, objectives met), Student t for means.\n"},
	} {
		if got := table(tc.s); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: the table opens\n%.300s\nwant\n%s", tc.name, got, tc.want)
		}
	}
}
