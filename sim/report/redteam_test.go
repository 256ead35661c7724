package report

import (
	"html"
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lattice/scenarios"
)

// TestNearEnds: the whole game's report and a Red team's say, for each
// end not an allied success that the game did not reach, how far each
// metric its condition compares with a number ended from its threshold;
// the end the game reached is not among them. An ally's report has none.
func TestNearEnds(t *testing.T) {
	line := regexp.MustCompile(`^(.+) \((.+)\): (.+) ended at ([0-9.]+); it needed (below|above|at least|at most) ([0-9.]+) \(([0-9.]+) short`)
	for name, set := range map[string][]string{
		"held":    nil,
		"coerced": {"end.coerced.when=final and gains > 5"},
	} {
		path := filepath.Join(t.TempDir(), "game.jsonl")
		playJournal(t, path, "tutorial", 7, set...)
		c, err := scenarios.Compile("tutorial", "", set)
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []string{"", "prc"} {
			r := build(t, path, side)
			var want []string
			for e := range c.Ends {
				if !c.Ends[e].Success && !c.Ends[e].Default && c.Ends[e].Title != r.Verdict.Title {
					want = append(want, c.Ends[e].Title)
				}
			}
			if name == "coerced" && r.Verdict.Title != "Coerced" {
				t.Fatalf("the game ended %q: the test no longer sets the case up", r.Verdict.Title)
			}
			if len(r.NearEnds) != len(want) {
				t.Fatalf("%s, side %q: %q, want one line for each of %q", name, side, r.NearEnds, want)
			}
			last := r.Turns[len(r.Turns)-1].Metrics // the metrics at the end, as the table shows them
			for i, l := range r.NearEnds {
				m := line.FindStringSubmatch(l)
				if m == nil || m[1] != want[i] {
					t.Errorf("%s: line %q, want one for %q", name, l, want[i])
					continue
				}
				k := -1
				for x := range c.Metrics {
					if c.Metrics[x].Name == m[3] {
						k = x
					}
				}
				if k < 0 || last[k] != m[4] {
					t.Errorf("%s: %q: ended at %s, the last week's table %q", name, l, m[4], last)
				}
				v, _ := strconv.ParseFloat(m[4], 64)
				th, _ := strconv.ParseFloat(m[6], 64)
				short, _ := strconv.ParseFloat(m[7], 64)
				if math.Abs(short-math.Abs(v-th)) > 0.011 { // each rounded to 2 decimals
					t.Errorf("%s: %q: %v short, |%v − %v| apart", name, l, short, v, th)
				}
			}
			for _, format := range []string{FormatMarkdown, FormatHTML} {
				out := html.UnescapeString(render(t, r, format))
				for _, l := range r.NearEnds {
					if !strings.Contains(out, l) {
						t.Errorf("the %s form lacks %q", format, l)
					}
				}
			}
		}
		if r := build(t, path, "us"); r.NearEnds != nil {
			t.Errorf("an ally's report: %q", r.NearEnds)
		}
	}
}
