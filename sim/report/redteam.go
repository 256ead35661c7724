package report

import (
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
)

// NearEndsNote introduces the list of the ends not reached.
const NearEndsNote = "Each end that is not an allied success and that the game did not reach, with the comparisons of a metric with a number in its condition: the metric's last value against the threshold, how far it was from it, and the nearest it came at any turn's end if nearer."

// opWords says a comparison's operator in words, for its threshold.
var opWords = map[string]string{"<": "below", "<=": "at most", ">": "above", ">=": "at least"}

// nearEnds says, for each end of c that is not an allied success and that
// the game did not reach (reached: its end, −1 if none), how near it came:
// for each comparison of a metric with a number in its condition, the
// metric's last value (last) against the threshold and the distance, and
// the nearest the metric came at any turn's end (hist, the metrics after
// each turn) if nearer: "Coerced (final and gains > 20): Adversary gains
// ended at 13.38; it needed above 20.00 (6.62 short; the highest, 16.20,
// after week 4)".
// A game that goes on (inProgress) "stands at" its values.
func nearEnds(c *sim.Compiled, reached int, last []sim.Fix, hist [][]sim.Fix, turn string, inProgress bool) []string {
	verb := "ended at"
	if inProgress {
		verb = "stands at"
	}
	var out []string
	for e := range c.Ends {
		end := &c.Ends[e]
		if end.Success || e == reached || end.Default {
			continue
		}
		head := end.Title + " (" + end.When.String() + "): "
		ks := c.EndComparisons(e)
		if len(ks) == 0 {
			out = append(out, head+"its condition compares no metric with a number")
			continue
		}
		var parts []string
		for _, k := range ks {
			m, v := k.Metric, last[k.Metric]
			s := fmt.Sprintf("%s %s %s", c.Metrics[m].Name, verb, c.FormatMetric(m, v))
			need := opWords[k.Op] + " " + c.FormatMetric(m, k.Threshold)
			if k.Holds(v) {
				s += ", " + need + " as it needed"
			} else {
				s += "; it needed " + need + " (" + c.FormatMetric(m, (v-k.Threshold).Abs()) + " short"
				best, at := v, 0
				for t, vals := range hist {
					if w := vals[m]; (k.Low() && w < best) || (!k.Low() && w > best) {
						best, at = w, t+1
					}
				}
				if at > 0 {
					which := "highest"
					if k.Low() {
						which = "lowest"
					}
					s += fmt.Sprintf("; the %s, %s, after %s %d", which, c.FormatMetric(m, best), turn, at)
					if k.Holds(best) {
						s += ", when it held"
					}
				}
				s += ")"
			}
			if !slices.Contains(parts, s) {
				parts = append(parts, s)
			}
		}
		line := head + strings.Join(parts, "; ")
		if slices.ContainsFunc(ks, func(k sim.Comparison) bool { return k.Holds(last[k.Metric]) }) {
			line += " — the rest of its condition, or an end listed before it, stood in the way"
		}
		out = append(out, line)
	}
	return out
}
