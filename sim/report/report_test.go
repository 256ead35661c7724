package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/")

// created is the fixed creation time of the test journals.
var created = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// playJournal plays a seeded game of scenario with AI on every allied side
// (adversaries follow their doctrine), journalled to path, as
// `lattice run SCENARIO --seed N --journal path` does.
func playJournal(t testing.TB, path, scenario string, seed uint64, overrides ...string) {
	t.Helper()
	c, pols, w := startJournal(t, path, scenario, seed, overrides...)
	defer w.Close()
	g := sim.NewGame(c, seed)
	o := c.NewOrders()
	err := sim.Play(g, pols, o, func(o *sim.Orders, r *sim.Result) {
		if err := w.Turn(journal.NewTurn(c, r.Turn, o, nil, g.Hash())); err != nil {
			t.Fatal(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

func build(t testing.TB, path, side string) *Report {
	t.Helper()
	j, warns, err := journal.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(j, warns, Options{Side: side})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t testing.TB, r *Report, format string) string {
	t.Helper()
	var b bytes.Buffer
	if err := r.Write(&b, format); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update regenerates it); got:\n%s", name, got)
	}
}

// TestGolden reports a seeded tutorial game, whole and as each side saw
// it, in both formats.
func TestGolden(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 7)
	for _, side := range []string{"", "rok", "us", "prc"} {
		r := build(t, path, side)
		name := "tutorial"
		if side != "" {
			name += "-" + side
		}
		md := render(t, r, FormatMarkdown)
		h := render(t, r, FormatHTML)
		golden(t, name+".md", md)
		golden(t, name+".html", h)
		checkHTML(t, name+".html", h)
		for _, want := range []string{"## Verdict", "## Debrief", "```text", Reminder, "## Why the metrics moved", "### Scorecard"} {
			if !strings.Contains(md, want) {
				t.Errorf("%s.md lacks %q", name, want)
			}
		}
	}
}

// TestFog checks that a side's report hides what the side could not see.
func TestFog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 7)
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	whole := build(t, path, "")
	for _, side := range []string{"rok", "us", "prc"} {
		s := c.SideIndex(side)
		r := build(t, path, side)
		if len(r.Turns) != len(whole.Turns) {
			t.Fatalf("%s: %d turns, the whole report %d", side, len(r.Turns), len(whole.Turns))
		}
		for _, o := range r.Objectives {
			if o.Side != c.Sides[s].Name {
				t.Errorf("%s sees %s's private objective", side, o.Side)
			}
		}
		for i, tr := range r.Turns {
			// Metrics are public.
			if fmt.Sprint(tr.Metrics) != fmt.Sprint(whole.Turns[i].Metrics) {
				t.Errorf("%s: turn %d: metrics differ from the whole report", side, tr.N)
			}
			if fmt.Sprint(tr.Moves) != fmt.Sprint(whole.Turns[i].Moves) {
				t.Errorf("%s: turn %d: adjudicated moves differ from the whole report", side, tr.N)
			}
			for k, sg := range tr.Signals {
				if c.Sides[s].Adversary && strings.Contains(sg, "("+c.Sides[s].Name+")") {
					// After the game a Red team learns what the allies'
					// intelligence saw of its own signals: the truth.
					truth := whole.Turns[i].Signals[k]
					real, seen := strings.Contains(sg, ": real move, "), !strings.Contains(sg, "not seen through") && !strings.Contains(sg, "unrevealed")
					if real != strings.Contains(truth, ": real") || seen != strings.Contains(truth, "seen through") {
						t.Errorf("%s: turn %d: its own signal %q, the whole report's %q", side, tr.N, sg, truth)
					}
					continue
				}
				if strings.Contains(sg, "seen through") || strings.HasSuffix(sg, ": real") || strings.HasSuffix(sg, ": bluff") {
					t.Errorf("%s: turn %d: signal shows the umpire's truth: %s", side, tr.N, sg)
				}
			}
			// Other sides' invisible levers are not shown.
			for _, cell := range tr.Alloc[min(1, len(tr.Alloc)-1):] {
				if c.Sides[s].Adversary || len(tr.Alloc) > 1 {
					for l := range c.Levers {
						if !c.Levers[l].Visible && strings.Contains(cell, c.Levers[l].Name+":") {
							t.Errorf("%s: turn %d: shows another side's invisible lever %s: %s", side, tr.N, c.Levers[l].ID, cell)
						}
					}
				}
			}
		}
		// The assessment's decisions too (sim's fog rule): none names
		// another side's points on an invisible lever.
		for _, d := range r.KeyDecisions {
			for l := range c.Levers {
				for o := range c.Sides {
					if !c.Levers[l].Visible && o != s && strings.HasPrefix(d, c.Levers[l].Name+" ("+c.Sides[o].Name+")") {
						t.Errorf("%s: a decision that mattered names another side's invisible lever: %s", side, d)
					}
				}
			}
		}
		if c.Sides[s].Adversary {
			// A Red team's own moves are in its debrief, weighed both
			// ways; the tutorial has no other adversary.
			if len(r.KeyMoves) != 0 || r.Red == nil || len(r.Red.Moves) == 0 {
				t.Errorf("%s: the adversary moves that hurt most %v, its own %+v", side, r.KeyMoves, r.Red)
			}
		} else if fmt.Sprint(r.KeyMoves) != fmt.Sprint(whole.KeyMoves) {
			t.Errorf("%s: the adversary moves that hurt most differ from the whole report's (moves are public):\n%v\n%v", side, r.KeyMoves, whole.KeyMoves)
		}
		// And the turning points' causes.
		for _, tp := range r.TurningPoints {
			for l := range c.Levers {
				for o := range c.Sides {
					if !c.Levers[l].Visible && o != s && strings.Contains(tp, c.Levers[l].Name+" ("+c.Sides[o].Name+")") {
						t.Errorf("%s: a turning point names another side's invisible lever: %s", side, tp)
					}
				}
			}
		}
		for _, mc := range r.Causes {
			for _, x := range mc.Causes {
				for l := range c.Levers {
					if c.Levers[l].Visible {
						continue
					}
					for o := range c.Sides {
						if o != s && x.Name == c.Levers[l].Name+" ("+c.Sides[o].Name+")" {
							t.Errorf("%s: causes of %s name another side's invisible lever: %s", side, mc.Metric, x.Name)
						}
					}
				}
			}
		}
	}
	if _, err := Build(mustRead(t, path), nil, Options{Side: "nobody"}); !errors.As(err, new(*SideError)) {
		t.Errorf("unknown side: got %v, want a SideError", err)
	}
}

func mustRead(t testing.TB, path string) *journal.Journal {
	t.Helper()
	j, _, err := journal.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return j
}

// voidElements never have an end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkHTML checks that page is well formed (every element closed, in
// order), parses, and refers to nothing outside itself.
func checkHTML(t *testing.T, name, page string) {
	t.Helper()
	if _, err := html.Parse(strings.NewReader(page)); err != nil {
		t.Errorf("%s: %v", name, err)
	}
	z := html.NewTokenizer(strings.NewReader(page))
	var stack []string
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Errorf("%s: %v", name, z.Err())
			}
			break
		}
		tok := z.Token()
		switch tt {
		case html.StartTagToken:
			if tok.Data == "script" {
				t.Errorf("%s: has a script", name)
			}
			for _, a := range tok.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "src" || a.Key == "href" {
					t.Errorf("%s: <%s %s=…>: no scripts or external resources allowed", name, tok.Data, a.Key)
				}
			}
			if !voidElements[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Fatalf("%s: </%s> does not close the open element (open: %v)", name, tok.Data, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		t.Errorf("%s: elements left open: %v", name, stack)
	}
	for _, bad := range []string{"http://", "https://", "<script", "javascript:"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("%s refers to %q", name, bad)
		}
	}
}

// TestEscaping checks that text from the journal cannot inject markup.
func TestEscaping(t *testing.T) {
	r := &Report{Title: `<script>alert(1)</script> & "x"`, TurnLabel: "Turn", Warnings: []string{"<b>bold</b>"},
		Overrides: []string{`side.rok.name=<img src=x onerror=alert(1)>`}, Debrief: []string{"a | b <i>"},
		Series: []Series{{Name: "<m>", Values: []float64{1, 2, 3}}}}
	h := render(t, r, FormatHTML)
	checkHTML(t, "escaping.html", h)
	if strings.Contains(h, "<script>") || strings.Contains(h, "<img") || strings.Contains(h, "<b>bold") {
		t.Errorf("HTML is not escaped:\n%s", h)
	}
	m := render(t, r, FormatMarkdown)
	if strings.Contains(m, "<script>") || strings.Contains(m, "<img") || strings.Contains(m, "a | b") {
		t.Errorf("Markdown is not escaped:\n%s", m)
	}
}

// TestHeaderWordsSanitized: the journal's header is anyone's; its
// overrides (a --set title="ESC]0;…") reached the HTML report as they
// were, escape sequences and all, and with it the terminal of whoever ran
// report --format html without --out.
func TestHeaderWordsSanitized(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	playJournal(t, path, "tutorial", 3, "title=Evil \x1b]0;owned\a\x1b[2J\u202ex")
	for _, format := range []string{FormatHTML, FormatMarkdown} {
		out := render(t, build(t, path, ""), format)
		if strings.ContainsAny(out, "\x1b\a\u202e") {
			t.Errorf("%s: an escape sequence or control character reached the report:\n%q", format, out)
		}
		if !strings.Contains(out, "title=Evil") {
			t.Errorf("%s: the override is not shown", format)
		}
	}
}

// TestDamaged reports a torn journal with a warning at the top, and a
// journal with white-cell and rollback records, listing them.
func TestDamaged(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "game.jsonl")
	playJournal(t, good, "tutorial", 7)
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	ls := strings.SplitAfter(string(data), "\n")
	ls = ls[:len(ls)-1] // the empty string after the last "\n"
	last := ls[len(ls)-1]
	torn := filepath.Join(dir, "torn.jsonl")
	os.WriteFile(torn, []byte(strings.Join(ls[:len(ls)-1], "")+last[:len(last)/2]), 0o644)
	r := build(t, torn, "")
	if len(r.Warnings) == 0 || len(r.Turns) != len(ls)-2 {
		t.Errorf("torn journal: warnings %q, %d turns, want a warning and %d turns", r.Warnings, len(r.Turns), len(ls)-2)
	}
	// The journal's warning already says the line is ignored; the report
	// said it twice ("line 6: ignored: torn: …; … (ignored)").
	for _, w := range r.Warnings {
		if strings.Count(w, "ignored") != 1 {
			t.Errorf("torn journal: warning %q does not say 'ignored' once", w)
		}
	}
	md := render(t, r, FormatMarkdown)
	if !strings.Contains(strings.SplitN(md, "\n## ", 2)[0], "**Warning:**") {
		t.Errorf("torn journal: no warning at the top:\n%s", md)
	}
	if r.Verdict.Over {
		t.Errorf("torn journal: the last turn is lost, yet the game is over")
	}

	// A game with White-cell acts, which the White cell ended before
	// turn 5: reported in full, each act in words.
	wc := filepath.Join(dir, "whitecell.jsonl")
	playWhiteCell(t, wc)
	r = build(t, wc, "")
	if len(r.Turns) != 4 || len(r.Warnings) != 0 {
		t.Errorf("white cell: %d turns, warnings %q", len(r.Turns), r.Warnings)
	}
	// The turn first, as a debrief reads it; the journal line last.
	want := []string{
		"Week 2: set Cohesion to 50.00 (by console) — a scandal in Seoul (journal line 3)",
		`Week 3: fired inject "Fishing season opens" (by console) — to test the alliance's <response> (journal line 5)`,
		`Week 3: decided "`,
		"Week 3: added 2m to the turn timer (by console) (journal line 7)",
		"Week 5: paused (by console) (journal line 10)", // a pause is a pause, played turn or not
		"Week 5: ended the game (by SHA256:abc) — the seminar ran out of time (journal line 11)",
	}
	if len(r.WhiteCell) != len(want) {
		t.Fatalf("white cell: acts %q", r.WhiteCell)
	}
	for k, w := range want {
		if !strings.HasPrefix(r.WhiteCell[k], w) {
			t.Errorf("white cell: act %d is %q, want %q", k, r.WhiteCell[k], w)
		}
	}
	if !strings.HasSuffix(r.WhiteCell[2], ": failure (by console) — the coast guard was ready (journal line 6)") {
		t.Errorf("white cell: the roll is %q", r.WhiteCell[2])
	}
	if r.Verdict.Over || r.Verdict.WhiteCell != "The White cell ended the game before week 5: the seminar ran out of time." {
		t.Errorf("white cell: verdict %+v", r.Verdict)
	}
	// It had fired once before, by its trigger: the White cell fired it again.
	if !slices.ContainsFunc(r.Turns[2].Injects, func(s string) bool { return s == "Fishing season opens (fired by the White cell; again, the 2nd time)" }) ||
		!slices.ContainsFunc(r.Turns[2].Moves, decidedMove.MatchString) {
		t.Errorf("white cell: week 3 injects %q, moves %q", r.Turns[2].Injects, r.Turns[2].Moves)
	}
	md = render(t, r, FormatMarkdown)
	if !strings.Contains(md, "**Ended by the White cell** (after 4 of 5 weeks)\n\nThe White cell ended the game before week 5: the seminar ran out of time.") ||
		!strings.Contains(md, `fired inject "Fishing season opens" (by console) — to test the alliance's &lt;response>`) {
		t.Errorf("white cell: Markdown:\n%s", md)
	}
	h := render(t, r, FormatHTML)
	checkHTML(t, "whitecell.html", h)
	if !strings.Contains(h, "<strong>Ended by the White cell</strong> (after 4 of 5 weeks)") || !strings.Contains(h, "the alliance&#39;s &lt;response&gt;") {
		t.Errorf("white cell: HTML:\n%s", h)
	}
	// Ended early, the game is judged as things stood: the verdict it
	// would have had were week 4 the last.
	if s := r.IfLastSentence(); !strings.HasPrefix(s, "Had week 4 been the last, the verdict would have been "+r.Verdict.IfLast+" (") ||
		!strings.Contains(md, s) || !strings.Contains(h, html.EscapeString(s)) {
		t.Errorf("white cell: the verdict as things stood: %q (%q)", s, r.Verdict.IfLast)
	}

	// A rollback: listed; the report shows the game as finally played.
	rb := filepath.Join(dir, "rollback.jsonl")
	os.WriteFile(rb, []byte(strings.Join(ls[:4], "")), 0o644)
	w, _, _, err := journal.OpenAppend(rb)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Rollback(3, "the umpire ruled turn 3 void"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r = build(t, rb, "")
	if len(r.WhiteCell) != 1 || r.WhiteCell[0] != "Rollback of week 3 and later — the umpire ruled turn 3 void (journal line 5)" || len(r.Turns) != 2 {
		t.Errorf("rollback: acts %q, %d turns", r.WhiteCell, len(r.Turns))
	}
}

// decidedMove is a move the White cell decided, as the report lists it:
// its odds, but not the roll drawn all the same, which decided nothing.
var decidedMove = regexp.MustCompile(`: failed: decided by the White cell, p was \d\.\d\d$`)

// playWhiteCell plays the tutorial (seed 7) with White-cell acts in weeks
// 2 and 3, and the White cell ends it before week 5, journalled at path as
// a front end does: each act applied with journal.Apply, then recorded.
func playWhiteCell(t testing.TB, path string) {
	t.Helper()
	c, pols, w := tutorialJournal(t, path)
	defer w.Close()
	g := sim.NewGame(c, 7)
	act := func(a journal.WhiteCell) {
		t.Helper()
		a.Turn = g.Turn()
		if err := journal.Apply(c, g, &a); err != nil {
			t.Fatal(err)
		}
		if err := w.WhiteCell(a); err != nil {
			t.Fatal(err)
		}
	}
	for turn := 1; turn <= 5; turn++ {
		if g.Over() {
			t.Fatalf("the game ended after week %d", turn-1)
		}
		g.Brief()
		switch turn {
		case 2:
			act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "50", By: "console", Reason: "a scandal in Seoul"})
		case 3:
			act(journal.WhiteCell{Action: journal.ActInject, Inject: "fishing_season", By: "console", Reason: "to test the alliance's <response>"})
			act(journal.WhiteCell{Action: journal.ActRoll, Move: c.Actions[g.RealMoves()[0]].ID, Outcome: journal.OutcomeFailure, By: "console", Reason: "the coast guard was ready"})
			act(journal.WhiteCell{Action: journal.ActTimer, Seconds: 120, By: "console"})
		case 5:
			act(journal.WhiteCell{Action: journal.ActPause, By: "console"})
			act(journal.WhiteCell{Action: journal.ActEnd, By: "SHA256:abc", Reason: "the seminar ran out of time"})
			return
		}
		stepTurn(t, c, g, pols, w)
	}
}

// BenchmarkReport reports a 12-turn gray-zone game played by AI on every
// side, in both formats.
func BenchmarkReport(b *testing.B) {
	path := filepath.Join(b.TempDir(), "gray-zone.jsonl")
	playJournal(b, path, "gray-zone", 1)
	if r := build(b, path, ""); len(r.Turns) != 12 {
		b.Fatalf("the game lasted %d turns, want 12", len(r.Turns))
	}
	b.ResetTimer()
	for b.Loop() {
		j, warns, err := journal.Read(path)
		if err != nil {
			b.Fatal(err)
		}
		r, err := Build(j, warns, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Markdown(io.Discard); err != nil {
			b.Fatal(err)
		}
		if err := r.HTML(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// tinyDelta is a change under 0.01 shown with the digits that tell it
// from none.
var tinyDelta = regexp.MustCompile(`^[+−]0\.00\d*[1-9]$`)

// TestTinyChangeShown: a cause's change too small for its metric's
// decimals is shown as the engine shows it (sim.Compiled.FormatChange),
// "+0.0007", not "+0.00": the report agrees with the why? panel and run.
func TestTinyChangeShown(t *testing.T) {
	// The first thaad-pressure game whose deterrence has a rounding
	// residual among its causes (one in a few has; its value moves with
	// the scenario's numbers).
	var r *Report
	found := false
	for seed := uint64(1); seed <= 40 && !found; seed++ {
		path := filepath.Join(t.TempDir(), "thaad.jsonl")
		playJournal(t, path, "thaad-pressure", seed)
		r = build(t, path, "")
		for _, mc := range r.Causes {
			for _, x := range mc.Causes {
				found = found || mc.Metric == "Deterrence" && x.Name == "rounding"
			}
		}
	}
	found = false
	for _, mc := range r.Causes {
		for _, x := range mc.Causes {
			if strings.Trim(x.Delta, "+−0.") == "" {
				t.Errorf("%s: %s changed it by %s", mc.Metric, x.Name, x.Delta)
			}
			if mc.Metric == "Deterrence" && x.Name == "rounding" {
				found = true
				// The value moves with the scenario's numbers; what
				// matters is that it is shown past two decimals.
				if !tinyDelta.MatchString(x.Delta) {
					t.Errorf("deterrence's rounding is shown as %s, want a change under 0.01 with its digits (as +0.0007)", x.Delta)
				}
			}
		}
	}
	if !found {
		t.Fatal("in 40 games deterrence's rounding is never among its causes")
	}
}

// tutorialJournal starts a journal at path of the tutorial at seed 7, every
// allied side on balanced, as a front end does.
func tutorialJournal(t testing.TB, path string) (*sim.Compiled, []sim.Policy, *journal.Writer) {
	t.Helper()
	return startJournal(t, path, "tutorial", 7)
}

// startJournal starts a journal at path of scenario (with overrides) at
// seed, every allied side on balanced, as a front end does; it returns the
// scenario, the policies and the writer.
func startJournal(t testing.TB, path, scenario string, seed uint64, overrides ...string) (*sim.Compiled, []sim.Policy, *journal.Writer) {
	t.Helper()
	return startJournalWith(t, path, scenario, seed, nil, overrides...)
}

// startJournalWith is startJournal with the sides humans (ids) play: no
// policy for them.
func startJournalWith(t testing.TB, path, scenario string, seed uint64, humans []string, overrides ...string) (*sim.Compiled, []sim.Policy, *journal.Writer) {
	t.Helper()
	return startJournalAt(t, path, scenario, "", seed, humans, overrides...)
}

// startJournalAt is startJournalWith at a difficulty level.
func startJournalAt(t testing.TB, path, scenario, level string, seed uint64, humans []string, overrides ...string) (*sim.Compiled, []sim.Policy, *journal.Writer) {
	t.Helper()
	c, err := scenarios.Compile(scenario, level, overrides)
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range humans {
		pols[c.SideIndex(h)] = nil
	}
	sides, err := journal.Sides(c, pols, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := journal.NewHeader(journal.Setup{Scenario: scenario, Compiled: c, Difficulty: level, Overrides: overrides, Seed: seed, Sides: sides, Lattice: "test", Created: created})
	if err != nil {
		t.Fatal(err)
	}
	w, err := journal.Create(path, h)
	if err != nil {
		t.Fatal(err)
	}
	return c, pols, w
}

// Each week says why the AI allies allocated as they did, lever by lever,
// as the report's perspective may see it: the whole game names every
// lever; the US's report leaves out ROK's points on a lever that is not
// visible; the adversary's report has none of the allies' reasoning.
func TestReportSaysWhyTheAIAllocated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.jsonl")
	playJournal(t, path, "tutorial", 7)
	hidden := "South Korea (balanced): Consultation and joint planning"
	whole := build(t, path, "")
	if len(whole.Turns) == 0 || len(whole.Turns[0].AIWhy) == 0 {
		t.Fatal("no AI reasons in week 1")
	}
	found := false
	for _, w := range whole.Turns[0].AIWhy {
		found = found || strings.HasPrefix(w, hidden)
		if !strings.Contains(w, " — ") {
			t.Errorf("a reason without its why: %q", w)
		}
	}
	if !found {
		t.Errorf("week 1's reasons lack %q: %q", hidden, whole.Turns[0].AIWhy)
	}
	for _, w := range build(t, path, "us").Turns[0].AIWhy {
		if strings.HasPrefix(w, hidden) {
			t.Errorf("the US's report names ROK's points on a hidden lever: %q", w)
		}
	}
	for _, tr := range build(t, path, "prc").Turns {
		if len(tr.AIWhy) > 0 {
			t.Errorf("the adversary's report has the allies' reasoning: %q", tr.AIWhy)
		}
	}
}

// stepTurn plays the briefed turn of g with pols and journals it to w.
func stepTurn(t testing.TB, c *sim.Compiled, g *sim.Game, pols []sim.Policy, w *journal.Writer) {
	t.Helper()
	o := c.NewOrders()
	g.PlanSides(pols, o)
	r, err := g.Step(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Turn(journal.NewTurn(c, r.Turn, o, nil, g.Hash())); err != nil {
		t.Fatal(err)
	}
}

// TestRolledBackActs: a rollback undoes the White cell's acts on the game
// of the turns it undoes, and the report says so; the timer's acts ran the
// session, and are reported as done.
func TestRolledBackActs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rolled.jsonl")
	c, pols, w := tutorialJournal(t, path)
	g := sim.NewGame(c, 7)
	for turn := 1; turn <= 2; turn++ {
		g.Brief()
		if turn == 2 {
			for _, a := range []journal.WhiteCell{
				{Turn: 2, Action: journal.ActMetric, Metric: "cohesion", Value: "50", By: "console", Reason: "a scandal"},
				{Turn: 2, Action: journal.ActTimer, Seconds: 60, By: "console"},
			} {
				if err := journal.Apply(c, g, &a); err != nil {
					t.Fatal(err)
				}
				if err := w.WhiteCell(a); err != nil {
					t.Fatal(err)
				}
			}
		}
		stepTurn(t, c, g, pols, w)
	}
	if err := w.Rollback(2, "replay the week"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r := build(t, path, "")
	got := strings.Join(r.WhiteCell, "\n")
	for _, want := range []string{
		"Week 2: set Cohesion to 50.00 (by console) — a scandal (journal line 3; undone by the rollback of week 2 and later)",
		"Week 2: added 1m to the turn timer (by console) (journal line",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("white cell:\n%s\nwant a line starting %q", got, want)
		}
	}
}

// An adversary that never bluffs (bluffs = 0) has its signals reported to
// a side as real by the rules, where they read 'may be a bluff', and why:
// the level (tutorial's easy sets side.prc.bluffs = 0), an --set, or the
// file itself. An --set or a file's bluffs of 0 was called "no bluffs at
// this level", though no level was played.
func TestSignalsOfANonBluffingAdversary(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "nobluff.toml")
	src, err := fs.ReadFile(scenarios.FS(), "tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, bytes.Replace(src, []byte("\nbluffs = 1\n"), []byte("\nbluffs = 0\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, tc := range []struct {
		scenario, level, set, want string
	}{
		{"tutorial", "", "side.prc.bluffs=0", ": real (no bluffs in this game)"},
		{"tutorial", "easy", "", ": real (no bluffs at this level)"},
		{file, "", "", ": real (this adversary never bluffs)"},
		{file, "normal", "", ": real (this adversary never bluffs)"},
	} {
		path := filepath.Join(dir, fmt.Sprintf("game%d.jsonl", i))
		var sets []string
		if tc.set != "" {
			sets = append(sets, tc.set)
		}
		c, pols, w := startJournalAt(t, path, tc.scenario, tc.level, 7, nil, sets...)
		g := sim.NewGame(c, 7)
		for !g.Over() {
			g.Brief()
			stepTurn(t, c, g, pols, w)
		}
		w.Close()
		n := 0
		for _, tr := range build(t, path, "rok").Turns {
			for _, sg := range tr.Signals {
				n++
				if !strings.HasSuffix(sg, tc.want) {
					t.Errorf("%s at %q with %q: turn %d: %s, want it to end %q", filepath.Base(tc.scenario), tc.level, tc.set, tr.N, sg, tc.want)
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s at %q: no signals reported", tc.scenario, tc.level)
		}
	}
}

// TestTimerRunOutNotTheWhiteCells: a turn the server's turn timer ended
// (journalled as a force by "timer") was listed as the White cell's act,
// "moved on without waiting for every side (by timer)", among those the
// instructor took; it says the timer ran out, as the teams' results do.
func TestTimerRunOutNotTheWhiteCells(t *testing.T) {
	path := filepath.Join(t.TempDir(), "timer.jsonl")
	c, pols, w := tutorialJournal(t, path)
	g := sim.NewGame(c, 7)
	g.Brief()
	for _, by := range []string{"timer", "console"} {
		if err := w.WhiteCell(journal.WhiteCell{Action: journal.ActForce, Turn: g.Turn(), By: by}); err != nil {
			t.Fatal(err)
		}
	}
	stepTurn(t, c, g, pols, w)
	w.Close()
	r := build(t, path, "")
	want := []string{
		"Week 1: the turn timer ran out, so play moved on without waiting for every side (journal line 2)",
		"Week 1: moved on without waiting for every side (by console) (journal line 3)",
	}
	if !slices.Equal(r.WhiteCell, want) {
		t.Errorf("the White cell's acts:\n%q\nwant\n%q", r.WhiteCell, want)
	}
}

// holds is a player who puts n points on lever l every turn, and nothing
// else.
type holds struct{ l, n int }

func (holds) Name() string { return "holds" }

func (h holds) Plan(_ *sim.Game, side int, o *sim.Orders) {
	o.ClearSide(side)
	o.Set(side, h.l, h.n)
}

// An AI ally that leaves alone a joint lever a player held the week before
// says why in the report, as the results do: the report had its reasons
// for the levers it bought and nothing of those it declined (an
// instructor's review). Gray-zone at seed 3, the US a player on combined
// maritime patrols alone: South Korea's balanced policy declines to join.
func TestReportSaysWhyTheAIDidNotJoin(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.jsonl")
	c, pols, w := startJournalWith(t, path, "gray-zone", 3, []string{"us"})
	us, l := c.SideIndex("us"), c.LeverIndex("combined_patrols")
	g := sim.NewGame(c, 3)
	human := make([]bool, len(c.Sides))
	human[us] = true
	g.FollowLeads(human)
	played := slices.Clone(pols)
	played[us] = holds{l, 2} // the player
	for range 2 {
		g.Brief()
		stepTurn(t, c, g, played, w)
	}
	w.Close()
	want := "South Korea (balanced): did not join United States on Combined maritime patrols, where United States had points last month — a point there was worth less to it than its others"
	for _, side := range []string{"", "us", "rok"} {
		r := build(t, path, side)
		if len(r.Turns) < 2 || !slices.ContainsFunc(r.Turns[1].AIWhy, func(y string) bool { return strings.HasPrefix(y, want) }) {
			t.Errorf("report %q, month 2: no %q in %q", side, want, r.Turns[1].AIWhy)
		}
	}
	if r := build(t, path, "prc"); slices.ContainsFunc(r.Turns[1].AIWhy, func(y string) bool { return strings.Contains(y, "did not join") }) {
		t.Errorf("the adversary's report has the allies' reasoning: %q", r.Turns[1].AIWhy)
	}
}
