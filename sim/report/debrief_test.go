package report

import (
	"math"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// moveLine is a move the dice decided, as a week lists it.
var moveLine = regexp.MustCompile(`: (succeeded|failed), p (\d\.\d+), roll (\d\.\d+)$`)

// TestRollTellsTheOutcome: a move's roll is shown with the decimals that
// tell it from its odds, as the results screen and run's log show it. The
// tutorial's seed 7 rolled 0.519 against p 0.517 in week 2, which the
// report showed as "failed, p 0.52, roll 0.52", a tie that failed.
func TestRollTellsTheOutcome(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 7)
	n := 0
	for _, tr := range build(t, path, "").Turns {
		for _, mv := range tr.Moves {
			m := moveLine.FindStringSubmatch(mv)
			if m == nil {
				t.Errorf("week %d: move %q lacks its odds and roll", tr.N, mv)
				continue
			}
			n++
			p, _ := strconv.ParseFloat(m[2], 64)
			roll, _ := strconv.ParseFloat(m[3], 64)
			if m[2] == m[3] || (roll < p) != (m[1] == "succeeded") {
				t.Errorf("week %d: %q: the roll shown does not tell the outcome", tr.N, mv)
			}
		}
	}
	if n == 0 {
		t.Fatal("no moves")
	}
}

// TestPlayersSanitized: who played a side is the journal header's word,
// which may be anyone's; the HTML form printed it as it was, escape
// sequences and all.
func TestPlayersSanitized(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 7)
	j := mustRead(t, path)
	j.Header.Sides[0].Player = "ai\x1b]0;owned\a\x1b[2J"
	j.Header.Sides[0].Policy = "balanced\x1b[31m"
	r, err := Build(j, nil, Options{Force: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{FormatHTML, FormatMarkdown} {
		if out := render(t, r, format); strings.ContainsAny(out, "\x1b\a") {
			t.Errorf("%s: an escape sequence reached the report", format)
		}
	}
}

// TestMarkdownReadsAsWritten: text from a scenario or a reason shows as
// typed once the Markdown is rendered: an ampersand is not a character
// reference, a line of = does not make the line above a heading, an
// indented line does not start a code block.
func TestMarkdownReadsAsWritten(t *testing.T) {
	for in, want := range map[string]string{
		"AT&amp;T":              "AT&amp;amp;T",
		"a < b & c":             "a < b & c",
		"R&D, <b>x</b> & &#60;": "R&D, &lt;b>x&lt;/b> & &\\#60;",
		"> not a quote":         "&gt; not a quote",
		"Title\n===":            "Title\n\\===",
		"Title\n---":            "Title\n\\---",
		"intro\n    not code":   "intro\nnot code",
		"- a list\n- kept":      "- a list\n- kept",
	} {
		if got := mdBlock(in); got != want {
			t.Errorf("mdBlock(%q) = %q, want %q", in, got, want)
		}
	}
	if got := md("x &lt;y&gt;"); got != "x &amp;lt;y&amp;gt;" {
		t.Errorf("md: %q", got)
	}
}

// turningLine is a turning point: "Week 3: Cohesion −5.00 (60.00 → 55.00), worse — …".
var turningLine = regexp.MustCompile(`^Month (\d+): (.+) ([+−][\d.]+) \(([\d.]+) → ([\d.]+)\), (better|worse) for the allies( — .+)?$`)

// TestTurningPoints: the report names the turns in which a scored metric
// moved most, in order of play, each change as the turn table has it, and
// none left out that moved more; the verdict, the turning points and the
// debrief questions come before the turn-by-turn account.
func TestTurningPoints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "gray-zone", 3)
	c, err := scenarios.Compile("gray-zone", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := build(t, path, "")
	if len(r.TurningPoints) != TurningPointsN {
		t.Fatalf("%d turning points, want %d: %q", len(r.TurningPoints), TurningPointsN, r.TurningPoints)
	}
	metric := map[string]int{}
	for m := range c.Metrics {
		metric[c.Metrics[m].Name] = m
	}
	share := func(turn, m int) float64 {
		v := r.Series[m].Values
		return math.Abs(v[turn]-v[turn-1]) / (c.Metrics[m].Max - c.Metrics[m].Min).Float()
	}
	listed := map[[2]int]bool{}
	least, last := math.Inf(1), 0
	for _, tp := range r.TurningPoints {
		f := turningLine.FindStringSubmatch(tp)
		if f == nil {
			t.Fatalf("turning point %q", tp)
		}
		turn, _ := strconv.Atoi(f[1])
		m, ok := metric[f[2]]
		if !ok || turn < 1 || turn > len(r.Turns) {
			t.Fatalf("turning point %q: no such metric or turn", tp)
		}
		before, _, _ := strings.Cut(r.Causes[m].Change, " → ") // its start
		if turn > 1 {
			before = r.Turns[turn-2].Metrics[m]
		}
		if f[4] != before || f[5] != r.Turns[turn-1].Metrics[m] {
			t.Errorf("turning point %q: the table has %s → %s", tp, before, r.Turns[turn-1].Metrics[m])
		}
		if turn < last {
			t.Errorf("turning point %q: not in order of play", tp)
		}
		worse := (r.Series[m].Values[turn] > r.Series[m].Values[turn-1]) == c.Metrics[m].GoodLow
		if (f[6] == "worse") != worse || f[7] == "" {
			t.Errorf("turning point %q: direction or causes wrong", tp)
		}
		last = turn
		listed[[2]int{turn, m}] = true
		least = min(least, share(turn, m))
	}
	for _, g := range append([]sim.GradeInfo{{Metric: sim.MDeterrence}}, c.Grades...) {
		for turn := 1; turn <= len(r.Turns); turn++ {
			if !listed[[2]int{turn, g.Metric}] && share(turn, g.Metric) > least+1e-9 {
				t.Errorf("month %d's change of %s (%.4f of its range) is left out for a smaller one", turn, c.Metrics[g.Metric].Name, share(turn, g.Metric))
			}
		}
	}

	md := render(t, r, FormatMarkdown)
	h := render(t, r, FormatHTML)
	for _, tc := range []struct {
		out   string
		heads []string
	}{
		{md, []string{"## Verdict", "### Turning points", "## Debrief", "## Months", "## Why the metrics moved", "## Charts"}},
		{h, []string{"<h2>Verdict</h2>", "<h3>Turning points</h3>", "<h2>Debrief</h2>", "<h2>Months</h2>", "<h2>Why the metrics moved</h2>", "<h2>Charts</h2>"}},
	} {
		at := -1
		for _, head := range tc.heads {
			i := strings.Index(tc.out, head)
			if i < at {
				t.Errorf("%q is missing or out of place (the debrief first, the account after)", head)
			}
			at = i
		}
	}
}

// TestQuietGameHasNoTurningPoints: a game whose scored metrics barely
// moved lists none, rather than the least of nothing.
func TestQuietGameHasNoTurningPoints(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	before := sim.NewGame(c, 1).Metrics()
	after := append([]sim.Fix(nil), before...)
	after[sim.MDeterrence] += sim.One / 100 // 0.01 of 0–100
	if tps := turningPoints(nil, c, 1, before, after, nil); len(tps) != 0 {
		t.Errorf("turning points of a quiet week: %+v", tps)
	}
}

// TestSpentOfAvailable: each side's allocation says what it spent of what
// it had that turn, so a team that left budget unspent (lost) shows it; a
// side's report says it of its own column only (the allies' total would
// tell their points on levers it cannot see).
func TestSpentOfAvailable(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	c, pols, w := startJournalWith(t, path, "tutorial", 7, []string{"rok"}) // a team at the keyboard
	g := sim.NewGame(c, 7)
	g.Brief()
	rok := c.SideIndex("rok")
	had := g.Available(rok)
	// The team puts one point, and leaves the rest.
	o := c.NewOrders()
	g.PlanSides(pols, o)
	o.Set(rok, 0, 1)
	res, err := g.Step(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Turn(journal.NewTurn(c, res.Turn, o, nil, g.Hash())); err != nil {
		t.Fatal(err)
	}
	w.Close()
	want := c.Levers[0].Name + ": 1 (spent " + c.Levers[0].Cost.Format(1) + " of " + had.Format(1) + ")"
	r := build(t, path, "")
	if len(r.Warnings) > 0 {
		t.Fatalf("warnings: %q", r.Warnings)
	}
	if got := r.Turns[0].Alloc[rok]; got != want || had.Format(1) == c.Levers[0].Cost.Format(1) {
		t.Errorf("South Korea's week 1: %q, want %q", got, want)
	}
	for _, side := range []string{"rok", "us"} {
		a := build(t, path, side).Turns[0].Alloc
		if !strings.Contains(a[0], "(spent ") || strings.Contains(a[1], "spent") {
			t.Errorf("%s's report: allocations %q: its own spending only", side, a)
		}
	}
}

// TestWhiteCellsOwnActsUnsigned: under the heading "White cell", the
// one-screen console's acts are not signed "(by White cell)" on every
// line; a facilitator's key still is.
func TestWhiteCellsOwnActsUnsigned(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	c, pols, w := tutorialJournal(t, path)
	g := sim.NewGame(c, 7)
	g.Brief()
	for _, a := range []journal.WhiteCell{
		{Turn: 1, Action: journal.ActMetric, Metric: "cohesion", Value: "50", By: "White cell", Reason: "one"},
		{Turn: 1, Action: journal.ActMetric, Metric: "cohesion", Value: "55", By: "white cell", Reason: "two"},
		{Turn: 1, Action: journal.ActMetric, Metric: "cohesion", Value: "60", By: "SHA256:abc", Reason: "three"},
	} {
		if err := journal.Apply(c, g, &a); err != nil {
			t.Fatal(err)
		}
		if err := w.WhiteCell(a); err != nil {
			t.Fatal(err)
		}
	}
	stepTurn(t, c, g, pols, w)
	w.Close()
	want := []string{
		"Week 1: set Cohesion to 50.00 — one (journal line 2)",
		"Week 1: set Cohesion to 55.00 — two (journal line 3)",
		"Week 1: set Cohesion to 60.00 (by SHA256:abc) — three (journal line 4)",
	}
	if got := build(t, path, "").WhiteCell; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("White-cell acts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// decisionLine is a decision that mattered, as the report lists it.
var decisionLine = regexp.MustCompile(`^(Helped|Cost): .* ([+−])[\d.]+ (\(.+\) )?on (.+) \([\d.]+% of its range\)$`)

// TestDecisionsSayHelpedOrCost: each decision that mattered says whether
// it helped the allies or cost them, as the end screen marks it: "+19.61
// on Escalation" is a cost only to a reader who knows escalation is better
// low.
func TestDecisionsSayHelpedOrCost(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 7)
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := build(t, path, "")
	seen := map[string]bool{}
	for _, d := range r.KeyDecisionLines() {
		f := decisionLine.FindStringSubmatch(d)
		m := -1
		if f != nil {
			for i := range c.Metrics {
				if c.Metrics[i].Name == f[4] {
					m = i
				}
			}
		}
		if m < 0 {
			t.Errorf("decision %q: no mark, change or metric", d)
			continue
		}
		if helped := (f[2] == "+") != c.Metrics[m].GoodLow; helped != (f[1] == "Helped") {
			t.Errorf("decision %q: marked %s", d, f[1])
		}
		seen[f[1]] = true
	}
	if !seen["Helped"] || !seen["Cost"] {
		t.Errorf("the game's decisions should both help and cost: %q", r.KeyDecisionLines())
	}
	if md := render(t, r, FormatMarkdown); !strings.Contains(md, "\n- "+r.KeyDecisionLines()[0]+"\n") {
		t.Error("the Markdown does not list the marked decisions")
	}
}
