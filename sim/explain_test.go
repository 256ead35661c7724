package sim_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"lattice/sim"
)

// TestExplainCountsOthers: causes beyond the n named are summed as "K
// others" with their count (an unexplained "others +7.93" beside named
// causes of +4.82 read as one hidden cause bigger than any shown), and a
// single cause left over is named rather than called "others".
func TestExplainCountsOthers(t *testing.T) {
	c := builtin(t, "tutorial")
	g := sim.NewGame(c, 7)
	pols := policies(t, c, "balanced")
	o := c.NewOrders()
	seen := map[int]bool{}
	for !g.Over() {
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		for m := range c.Metrics {
			// The rounding remainder is no cause: Explain puts it last,
			// apart (TestExplainRoundingLast).
			all := slices.DeleteFunc(c.TopCauses(r.Ledger, m, 0), func(x sim.Cause) bool { return x.Kind == sim.CauseRounding })
			for n := 1; n < len(all); n++ {
				line, _, _ := strings.Cut(c.Explain(&r, m, n), "; rounding remainder ")
				rest := len(all) - n
				var sum sim.Fix
				for _, x := range all[n:] {
					sum += x.Delta
				}
				switch {
				case rest == 1:
					e := all[n].Entry
					e.Delta = all[n].Delta
					if !strings.HasSuffix(line, ", "+c.DescribeEntry(e)) || strings.Contains(line, "others") {
						t.Errorf("one cause left over is not named: %s", line)
					}
				case sum != 0:
					if want := fmt.Sprintf(", %d others %s", rest, c.FormatChange(m, sum)); !strings.HasSuffix(line, want) {
						t.Errorf("%d causes left over: %q does not end in %q", rest, line, want)
					}
				}
				seen[min(rest, 2)] = true
			}
		}
	}
	if !seen[1] || !seen[2] {
		t.Fatalf("the game never left one and several causes over: %v", seen)
	}
}
