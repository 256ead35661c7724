package report

import (
	"fmt"
	"html/template"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// flagshipReports plays seeded games of each flagship and reports each
// whole and as one ally and one adversary saw it.
func flagshipReports(t *testing.T, seeds ...uint64) map[string]*Report {
	t.Helper()
	out := map[string]*Report{}
	for _, sc := range []struct{ id, ally, adversary string }{
		{"taiwan-strait", "rok", "prc"}, {"gray-zone", "us", "prc"}, {"thaad-pressure", "rok", "prc"},
	} {
		for _, seed := range seeds {
			path := filepath.Join(t.TempDir(), "game.jsonl")
			playJournal(t, path, sc.id, seed)
			for _, side := range []string{"", sc.ally, sc.adversary} {
				out[fmt.Sprintf("%s seed %d side %q", sc.id, seed, side)] = build(t, path, side)
			}
		}
	}
	return out
}

// shown parses a change as FormatChange shows it: "+1.25", "−0.030".
func shown(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.Replace(s, "−", "-", 1), 64)
	if err != nil {
		t.Fatalf("change %q: %v", s, err)
	}
	return v
}

// addsUp checks that mc's lines sum exactly (in sim.Fix) to its change,
// which is want (from the metric's series), and that the figures shown
// add up to the change shown, up to the rounding of each.
func addsUp(t *testing.T, where string, c *sim.Compiled, mc MetricCauses, want float64, named int) {
	t.Helper()
	if math.Abs(mc.net.Float()-want) > 1e-9 {
		t.Errorf("%s: %s: change %s, its series says %.4f", where, mc.Metric, mc.Net, want)
	}
	if mc.Net != c.FormatChange(mc.metric, mc.net) {
		t.Errorf("%s: %s: change shown %s for %s", where, mc.Metric, mc.Net, mc.net)
	}
	var sum sim.Fix
	var shownSum float64
	names := map[string]bool{}
	for i, x := range mc.Causes {
		sum += x.value
		shownSum += shown(t, x.Delta)
		if x.Delta != c.FormatChange(mc.metric, x.value) {
			t.Errorf("%s: %s: %s shown %s for %s", where, mc.Metric, x.Name, x.Delta, x.value)
		}
		if x.value == 0 {
			t.Errorf("%s: %s: a line of no change: %s", where, mc.Metric, x.Name)
		}
		// One line a cause: an allocation and its effects matured later
		// are one lever's, not two lines of the same name.
		if names[x.Name] {
			t.Errorf("%s: %s: %q listed twice", where, mc.Metric, x.Name)
		}
		names[x.Name] = true
		if x.Rest && i < named {
			t.Errorf("%s: %s: the rest (%s) before the %d named causes", where, mc.Metric, x.Name, named)
		}
	}
	if sum != mc.net {
		t.Errorf("%s: %s: the lines sum to %s, the change is %s: %s", where, mc.Metric, sum, mc.net, mc.CauseList())
	}
	prec := 0.005
	if c.Metrics[mc.metric].Component {
		prec = 0.0005
	}
	if d := math.Abs(shownSum - shown(t, mc.Net)); d > prec*float64(len(mc.Causes)+1)+1e-9 {
		t.Errorf("%s: %s: the figures shown sum to %.4f, the change shown is %s", where, mc.Metric, shownSum, mc.Net)
	}
}

// TestCausesAddUp: for every metric of seeded games of each flagship,
// whole and fogged, the causes over the game, each turn's and each
// turning point's add up exactly to the change they explain (a line for
// the rest closes each list), with at most TopN (over the game) or
// TurnCausesN (a turn) named before the rest.
func TestCausesAddUp(t *testing.T) {
	for where, r := range flagshipReports(t, 1, 2, 3) {
		c, err := scenarios.Compile(r.ScenarioID, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Causes) != len(c.Metrics) {
			t.Fatalf("%s: causes of %d metrics, want %d", where, len(r.Causes), len(c.Metrics))
		}
		for m, mc := range r.Causes {
			v := r.Series[m].Values
			addsUp(t, where, c, mc, v[len(v)-1]-v[0], TopN)
			if mc.net != 0 && len(mc.Causes) == 0 {
				t.Errorf("%s: %s moved %s and has no cause", where, mc.Metric, mc.Net)
			}
		}
		sc := scored(c)
		for i, tr := range r.Turns {
			listed := map[string]bool{}
			for _, mc := range tr.Why {
				listed[mc.Metric] = true
				v := r.Series[mc.metric].Values
				addsUp(t, fmt.Sprintf("%s turn %d", where, tr.N), c, mc, v[i+1]-v[i], TurnCausesN)
			}
			// Every scored metric that moved by minTurningShare of its
			// range is explained, and no other.
			for m := range c.Metrics {
				v := r.Series[m].Values
				share := math.Abs(v[i+1]-v[i]) / (c.Metrics[m].Max - c.Metrics[m].Min).Float()
				want := sc[m] && share >= minTurningShare.Float()-1e-9 && v[i+1] != v[i]
				if listed[c.Metrics[m].Name] != want {
					t.Errorf("%s turn %d: %s (%.4f of its range, scored %v) explained: %v", where, tr.N, c.Metrics[m].Name, share, sc[m], !want)
				}
			}
		}
		if len(r.turning) != len(r.TurningPoints) {
			t.Fatalf("%s: %d turning points, %d lines", where, len(r.turning), len(r.TurningPoints))
		}
		for i, tp := range r.turning {
			mc := MetricCauses{Metric: c.Metrics[tp.metric].Name, Net: c.FormatChange(tp.metric, tp.after-tp.before), Causes: tp.causes, metric: tp.metric, net: tp.after - tp.before}
			v := r.Series[tp.metric].Values
			addsUp(t, fmt.Sprintf("%s turning point %d", where, tp.turn), c, mc, v[tp.turn]-v[tp.turn-1], TurnCausesN)
			if !strings.HasSuffix(r.TurningPoints[i], " — "+mc.CauseList()) {
				t.Errorf("%s: turning point %q does not end with its causes %q", where, r.TurningPoints[i], mc.CauseList())
			}
		}
	}
}

// TestByKindAddsUp: each metric's change by kind of cause adds up to it
// (as shown, up to rounding), and the adversary's moves are one part.
func TestByKindAddsUp(t *testing.T) {
	for where, r := range flagshipReports(t, 4) {
		moves := false
		for _, mc := range r.Causes {
			if mc.ByKind == "" {
				continue
			}
			var sum float64
			parts := strings.Split(mc.ByKind, "; ")
			for _, p := range parts {
				i := strings.LastIndexByte(p, ' ')
				sum += shown(t, p[i+1:])
				moves = moves || strings.HasPrefix(p, "adversary moves ")
			}
			if d := math.Abs(sum - shown(t, mc.Net)); d > 0.005*float64(len(parts)+1) {
				t.Errorf("%s: %s: by kind %q sums to %.4f, not %s", where, mc.Metric, mc.ByKind, sum, mc.Net)
			}
		}
		if !moves {
			t.Errorf("%s: no metric says what the adversary's moves did in all", where)
		}
	}
}

// TestWeekAccountSaysWhy: each turn of the account, in both forms, says
// why its scored metrics moved, in the lines Build gathered.
func TestWeekAccountSaysWhy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "taiwan-strait", 1)
	r := build(t, path, "")
	mdOut := render(t, r, FormatMarkdown)
	h := render(t, r, FormatHTML)
	n := 0
	for _, tr := range r.Turns {
		mdTurn := mdOut[strings.Index(mdOut, fmt.Sprintf("### Week %d\n", tr.N)):]
		mdTurn = mdTurn[:strings.Index(mdTurn[1:], "\n### ")+1]
		htTurn := h[strings.Index(h, fmt.Sprintf("<h3>Week %d</h3>", tr.N)):]
		htTurn = htTurn[:strings.Index(htTurn[1:], "<h3>")+1]
		if !strings.Contains(mdTurn, WhyHead+":") || !strings.Contains(htTurn, WhyHead+":") {
			t.Errorf("week %d does not say why the scored metrics moved", tr.N)
		}
		for _, mc := range tr.Why {
			n++
			if !strings.Contains(mdTurn, "- "+md(mc.TurnLine())+"\n") {
				t.Errorf("week %d's Markdown lacks %q", tr.N, mc.TurnLine())
			}
			if !strings.Contains(htTurn, "<li>"+strings.ReplaceAll(template.HTMLEscapeString(mc.TurnLine()), "+", "&#43;")+"</li>") {
				t.Errorf("week %d's HTML lacks %q", tr.N, mc.TurnLine())
			}
		}
	}
	if n == 0 {
		t.Fatal("no week of a taiwan-strait game explains a scored metric")
	}
}

// TestWeekWhyFogged: a side's account of why the numbers moved each turn
// names no other side's points on a lever that is not visible (they are
// "others' undisclosed allocations"), and still adds up.
func TestWeekWhyFogged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 7)
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, side := range []string{"rok", "us", "prc"} {
		s := c.SideIndex(side)
		r := build(t, path, side)
		hidden := false
		for _, tr := range r.Turns {
			for _, mc := range tr.Why {
				line := mc.TurnLine()
				hidden = hidden || strings.Contains(line, "others' undisclosed allocations")
				for l := range c.Levers {
					for o := range c.Sides {
						if !c.Levers[l].Visible && o != s && strings.Contains(line, c.Levers[l].Name+" "+sim.Parenthetical(c.Sides[o].Name)) {
							t.Errorf("%s: week %d names another side's invisible lever: %s", side, tr.N, line)
						}
					}
				}
			}
		}
		if !hidden {
			t.Errorf("%s: no week's account has others' undisclosed allocations (the tutorial's allies use levers the others cannot see)", side)
		}
	}
}
