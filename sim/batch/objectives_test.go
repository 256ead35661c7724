package batch

import (
	"context"
	"slices"
	"strings"
	"testing"

	"lattice/sim"
)

// TestObjectiveColumns: a row's objective columns say whether each allied
// side met its private objective as its game ended (the game replayed from
// the row's seed), on the last row only of --per-turn rows; the summary's
// rate of each is the share of 1s; and the columns follow the metrics.
func TestObjectiveColumns(t *testing.T) {
	a := armsOf(t, "gray-zone", "balanced")
	c, pols := a[0].Compiled, a[0].Policies
	cols := MetricColumns(a)
	if want := []string{"objective.rok", "objective.us", "objective.japan"}; !slices.Equal(cols[len(c.Metrics):], want) {
		t.Fatalf("columns after the metrics %v, want %v", cols[len(c.Metrics):], want)
	}
	summary := NewSummary(cols, nil)
	met := make([]int, 3)
	runs, trueWins := 0, 0
	sink := sinkFunc(func(r *Row) error {
		runs++
		// The game again, from the row's seed.
		g := sim.NewGame(c, r.Seed)
		if err := sim.Play(g, pols, c.NewOrders(), nil); err != nil {
			t.Fatal(err)
		}
		if g.Hash() != r.Hash {
			t.Fatalf("run %d: the replayed game's hash differs", r.Run)
		}
		all := r.Success
		recs := Records(r, cols, true)
		for k, rec := range recs {
			for i, side := range []string{"rok", "us", "japan"} {
				got := rec.Metrics[len(c.Metrics)+i]
				want := ""
				if k == len(recs)-1 {
					want = "0"
					ok, _ := g.ObjectiveMet(c.SideIndex(side))
					if ok {
						want = "1"
						met[i]++
					}
					all = all && ok
				}
				if got != want {
					t.Fatalf("run %d, row %d: objective.%s is %q, want %q", r.Run, k+1, side, got, want)
				}
			}
		}
		if all {
			trueWins++
		}
		return summary.Row(r)
	})
	if _, err := Run(context.Background(), &Config{Arms: a, Runs: 60, Seed: 9, Workers: 2, PerTurn: true}, nil, sink); err != nil {
		t.Fatal(err)
	}
	res := summary.Results(0)
	if len(res) != 1 || len(res[0].Objectives) != 3 || len(res[0].Metrics) != len(c.Metrics) {
		t.Fatalf("summary: %+v", res)
	}
	some := false
	for i, o := range res[0].Objectives {
		if o.Side != []string{"rok", "us", "japan"}[i] || o.Count != met[i] || o.Rate.Est != Round12(float64(met[i])/float64(runs)) {
			t.Errorf("objective %d: %+v, want %d of %d met", i, o, met[i], runs)
		}
		some = some || met[i] > 0 && met[i] < runs
	}
	if ts := res[0].TrueSuccess; ts == nil || ts.Count != trueWins || ts.Rate.Est != Round12(float64(trueWins)/float64(runs)) {
		t.Errorf("true success %+v, want %d of %d", ts, trueWins, runs)
	}
	if !some {
		t.Errorf("every objective met in every run or in none (%v of %d): the test checks little", met, runs)
	}
}

// The table names verdicts by their titles and objectives by their sides'
// names, as the game does (json and rows keep the ids), and wraps their
// lists between items, never within one.
func TestTableNamesVerdictsAndObjectives(t *testing.T) {
	a := arms(t, "balanced", "free-rider")
	c := a[0].Compiled
	labels := map[string]string{}
	AddLabels(labels, c)
	s := NewSummary(MetricColumns(a), labels).WithWidth(44)
	if _, err := Run(context.Background(), &Config{Arms: a, Runs: 40, Seed: 2, Workers: 1}, nil, s); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	s.WriteTable(&b, 0)
	out := b.String()
	held := c.Ends[slices.IndexFunc(c.Ends, func(e sim.EndInfo) bool { return e.ID == "held" })].Title
	for _, want := range []string{"verdicts: " + held + " ", "private objectives met (95% CI):", "South Korea 100.0% (", "United States 100.0% ("} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q:\n%s", want, out)
		}
	}
	// What each objective is, in the scenario's words, once.
	if obj := c.Sides[c.SideIndex("rok")].Objective; strings.Count(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields("South Korea: "+obj), " ")) != 1 {
		t.Errorf("the table does not say South Korea's objective (%q) once:\n%s", obj, out)
	}
	if res := s.Results(0); res[0].Objectives[0].Side != "rok" || res[0].Objectives[0].Objective != c.Sides[c.SideIndex("rok")].Objective {
		t.Errorf("json objectives: %+v", res[0].Objectives)
	}
	if strings.Contains(out, "verdicts: held") {
		t.Errorf("a verdict by its id in the table:\n%s", out)
	}
}

// Paired comparisons test each ally's objective as they test success
// (McNemar, in Holm's family), and a comparison in which only objectives
// differ does not say the change "changed nothing".
func TestCompareObjectives(t *testing.T) {
	a := armsOf(t, "gray-zone", "balanced", "resilience-first")
	c := a[0].Compiled
	s := NewSummary(MetricColumns(a), nil)
	met := map[int][2]bool{} // replicate → rok's objective met under each arm
	rok := c.SideIndex("rok")
	sink := sinkFunc(func(r *Row) error {
		m := met[r.Replicate]
		m[r.Arm.Index] = r.Objectives&(1<<rok) != 0
		met[r.Replicate] = m
		return s.Row(r)
	})
	if _, err := Run(context.Background(), &Config{Arms: a, Runs: 120, Seed: 4, Workers: 2}, nil, sink); err != nil {
		t.Fatal(err)
	}
	var b, cc int
	for _, m := range met {
		switch {
		case m[0] && !m[1]:
			b++
		case !m[0] && m[1]:
			cc++
		}
	}
	cs := s.Compare(0)
	if len(cs) != 1 || len(cs[0].Objectives) != 3 {
		t.Fatalf("comparisons: %+v", cs)
	}
	o := cs[0].Objectives[0]
	if o.Side != "rok" || o.B != b || o.C != cc || !o.Significant || o.Test == TestNone {
		t.Errorf("rok's objective: %+v, want %d base-only and %d other-only, significant", o, b, cc)
	}
	tests := 0
	if cs[0].Success.Test != TestNone {
		tests++
	}
	for _, x := range cs[0].Objectives {
		if x.Test != TestNone {
			tests++
		}
	}
	if ts := cs[0].TrueSuccess; ts != nil && ts.Test != TestNone {
		tests++
	}
	for _, m := range cs[0].Metrics {
		if m.Test != TestNone {
			tests++
		}
	}
	if countTests(cs) != tests {
		t.Errorf("Holm's family: %d tests, want %d with the objectives", countTests(cs), tests)
	}
	if endedAlike(Comparison{Objectives: []ObjectiveC{{Side: "rok", McNemarC: McNemarC{B: 1}}}}) {
		t.Error("a comparison whose objectives differ ended alike")
	}
}

// A variant's --set pastes into a shell as it is shown: a value with a
// space or a shell character is quoted ("escalation >= 80" unquoted sent
// the output to a file named "=").
func TestSetLinePastes(t *testing.T) {
	for in, want := range map[string]string{
		"side.rok.budget=4":                   "v1: --set side.rok.budget=4",
		"action.cordon.when=escalation >= 80": "v1: --set 'action.cordon.when=escalation >= 80'",
		"side.rok.name=Seoul's team":          `v1: --set 'side.rok.name=Seoul'\''s team'`,
		"a.b=x;rm -rf":                        "v1: --set 'a.b=x;rm -rf'",
		"side.rok.name=Seoul, Korea":          `v1: --set 'side.rok.name=Seoul\, Korea'`,
		`side.rok.name=a\b"c`:                 `v1: --set 'side.rok.name=a\\b\"c'`,
	} {
		if got := setLine("v1", []string{in}); got != want {
			t.Errorf("setLine(%q) = %q, want %q", in, got, want)
		}
	}
}
