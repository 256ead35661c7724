package tui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/scenarios"
	"lattice/sim"
)

// In a solo game the results say what the AI ally put on each lever and
// what weighed most in its choice, by the policy's own reasons, after the
// why of each number.
func TestResultsSayWhyTheAIAllocated(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	s, rok, us := soloTutorial(t)
	c := s.C
	s.Brief()
	want := s.Game.PlanReasons(s.Policies[us], us)
	s.Orders.Set(rok, c.LeverIndex("combined_exercise"), 2)
	s.Commit(rok)
	rec, err := s.Adjudicate()
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Reasons[us]) == 0 || len(rec.Reasons[us]) != len(want) || rec.Reasons[rok] != nil {
		t.Fatalf("reasons kept: %+v", rec.Reasons)
	}
	m := resize(t, New(Options{Resume: s}), 120, 60)
	m.last = rec
	lines := strings.Join(m.allocationLines(rec), "\n")
	if !strings.Contains(lines, "United States (AI: balanced):\n  ") {
		t.Errorf("the AI's allocation is not a line a lever:\n%s", lines)
	}
	for _, r := range rec.Reasons[us] {
		if w := fmt.Sprintf("  %s %d — %s", c.Levers[r.Lever].Name, r.Points, c.Why(r)); !strings.Contains(lines, w) {
			t.Errorf("missing %q in:\n%s", w, lines)
		}
	}
	out := ansi.Strip(m.resultsText())
	if i, j := strings.Index(out, "Why each number moved"), strings.Index(out, "What each ally put where, and why the AI did"); i < 0 || j < i {
		t.Errorf("the allocations should follow the why of each number:\n%s", out)
	}
}

// On the next turn, a lever's facts say why the AI ally put points on it
// last turn, where the player decides.
func TestLeverFactsSayWhyTheAIAllyChoseIt(t *testing.T) {
	s, rok, us, rec := afterAWeekWithAnAIAlly(t)
	c := s.C
	m := resize(t, New(Options{Resume: s}), 120, 40)
	m.side = rok
	v := s.Game.View(rok)
	for _, r := range rec.Reasons[us] {
		want := fmt.Sprintf("United States (AI) put %d here last week: %s", r.Points, c.Why(r))
		if facts := strings.Join(m.leverFacts(&v, r.Lever), "\n"); !strings.Contains(facts, want) {
			t.Errorf("%s: the facts lack %q:\n%s", c.Levers[r.Lever].Name, want, facts)
		}
	}
}

// A scenario that names a policy file for an allied side (read beside the
// scenario) gets it at the setup, chosen by default and named after the
// built-in policies; the game plays it and its journal keeps its text.
// The setup offered the built-in policies alone and played balanced.
func TestSetupOffersTheScenarioPolicyFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	if err := os.WriteFile(filepath.Join(dir, "cautious.toml"), []byte("name = \"cautious\"\ndeterrence = 1\nescalation = 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := fs.ReadFile(scenarios.FS(), "tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "id = \"us\"\n", "id = \"us\"\npolicy = \"cautious.toml\"\n", 1)
	at := strings.Index(text, "policy = \"cautious.toml\"\n") + 1
	text = text[:at] + strings.Replace(text[at:], "policy = \"balanced\"\n", "", 1)
	path := filepath.Join(dir, "tut.toml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir()) // the file is read beside the scenario
	s, err := scenarios.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	e := Entry{Name: path, Compiled: c, Scenario: s, Load: func(level string) (*sim.Compiled, error) { return scenarios.Compile(path, level, nil) }}
	m := resize(t, New(Options{Entries: []Entry{e}, Seed: 3, SkipPicker: true, Journal: true}), 100, 30)
	closeAtEnd(t, func() *Session { return m.sess })
	mustShow(t, m, "United States", "AI: cautious (cautious.toml)")
	m = press(t, m, "enter")
	us := c.SideIndex("us")
	if p := m.sess.Policies[us]; p == nil || p.Name() != "cautious" {
		t.Fatalf("the US plays %v, want the scenario's cautious", p)
	}
	b, err := os.ReadFile(m.sess.JournalPath)
	if err != nil || !strings.Contains(string(b), "escalation = 3") {
		t.Errorf("the journal does not keep the policy file's text (%v)", err)
	}
}

// At 80×24 the lever list leaves no room for why the AI ally chose a
// lever (it showed from about 120×50): the cut description says "(i:
// more)", and i shows the lever in full, the AI ally's reason first, until
// i or esc goes back to the list.
func TestLeverDetailsAt80x24(t *testing.T) {
	s, rok, us, rec := afterAWeekWithAnAIAlly(t)
	c := s.C
	m := resize(t, New(Options{Resume: s}), 80, 24)
	r := rec.Reasons[us][0]
	for m.sel != r.Lever {
		m = press(t, m, "down")
	}
	want := fmt.Sprintf("United States (AI) put %d here last week: %s", r.Points, c.Why(r))
	mustNotShow(t, m, "(AI) put")
	mustShow(t, m, "(i: more)")
	m = press(t, m, "i")
	if got := rightPanelText(plain(m)); !strings.Contains(got, want) {
		t.Errorf("the lever's details lack %q:\n%s", want, plain(m))
	}
	mustShow(t, m, "Lever details", c.Levers[r.Lever].Name, "i list")
	// pgdn pages through every line of the details, the odds' breakdowns
	// last, and pgup goes back.
	seen := map[string]bool{}
	w, _ := m.whySize()
	all := m.detailsLines(w)
	for range all {
		for _, line := range rightPanelLines(plain(m)) {
			seen[line] = true
		}
		m = press(t, m, "pgdown")
	}
	for _, l := range all {
		if l = strings.TrimSpace(ansi.Strip(l)); !seen[l] {
			t.Errorf("pgdn never shows the details' line %q", l)
		}
	}
	mustShow(t, m, "pressure 3.0 vs defence")
	m = press(t, m, "pgup", "pgup", "pgup", "pgup")
	mustShow(t, m, "United States (AI) put")
	// The points keys work on the lever shown; ↓ shows the next one.
	m = press(t, m, "right")
	if p := s.Orders.Get(rok, r.Lever); p != 1 {
		t.Errorf("→ in the details put %d points on the lever, want 1", p)
	}
	m = press(t, m, "down")
	mustShow(t, m, c.Levers[(r.Lever+1)%len(c.Levers)].Name)
	for _, keys := range [][]string{{"i"}, {"i", "esc"}} { // i closes the details, as esc does
		m = press(t, m, keys...)
		mustShow(t, m, "Allocation")
		mustNotShow(t, m, "Lever details")
	}
}

// rightPanelLines is the lines of the turn screen's right-hand panel (the
// allocation), trimmed.
func rightPanelLines(screen string) []string {
	var out []string
	for _, line := range strings.Split(screen, "\n") {
		if seg := strings.Split(line, "│"); len(seg) >= 3 { // "│ left ││ right │", "╰──╯│ right │"
			out = append(out, strings.TrimSpace(seg[len(seg)-2]))
		}
	}
	return out
}

// rightPanelText is the text of the right-hand panel, its lines joined by
// single spaces, for a test to look for a sentence the panel wraps.
func rightPanelText(screen string) string {
	return strings.Join(strings.Fields(strings.Join(rightPanelLines(screen), " ")), " ")
}

// afterAWeekWithAnAIAlly is a solo tutorial (soloTutorial) briefed for
// week 2, with week 1's record, in which the AI ally bought something.
func afterAWeekWithAnAIAlly(t *testing.T) (s *Session, rok, us int, rec *TurnRecord) {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	s, rok, us = soloTutorial(t)
	rec = playWeekWithAnAIAlly(t, s, rok, us)
	s.Brief()
	return s, rok, us, rec
}

// playWeekWithAnAIAlly briefs s, commits rok's draft, adjudicates, and
// checks that the AI ally us bought something.
func playWeekWithAnAIAlly(t *testing.T, s *Session, rok, us int) *TurnRecord {
	t.Helper()
	s.Brief()
	s.Commit(rok)
	rec, err := s.Adjudicate()
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Reasons[us]) == 0 {
		t.Fatalf("week %d: the AI ally bought nothing", rec.Turn)
	}
	return rec
}

// In a solo game, an AI ally that leaves alone a joint lever the player
// holds alone says why, in the results and in the lever's details: the
// player's combined maritime patrols ran 'alone ×0.7' all of gray-zone
// with no word on why the ally never joined (a play review).
func TestResultsSayWhyTheAIAllyDidNotJoin(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := scenarioEntry(t, "gray-zone").Compiled
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	s := soloSession(c, us, 3)
	l := c.LeverIndex("combined_patrols")
	var rec *TurnRecord
	for turn := 0; turn < 2; turn++ { // the first turn makes the US the sole holder
		s.Brief()
		s.Orders.ClearSide(us)
		s.Orders.Set(us, l, 2)
		s.Commit(us)
		var err error
		if rec, err = s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	if rec.Points[rok*len(c.Levers)+l] != 0 || len(rec.Declines[rok]) == 0 {
		t.Fatalf("ROK's points on the patrols %d, declines %+v: want none and a decline", rec.Points[rok*len(c.Levers)+l], rec.Declines[rok])
	}
	m := resize(t, New(Options{Resume: s}), 160, 60)
	m.last = rec
	m.side = us
	// The player's points it did not join were last month's: this month
	// the player may have left the lever (it read "left … to you alone"
	// where the player had no points there).
	want := "did not join you on Combined maritime patrols, where you had points last month — a point there was worth less to it than its others: it raises Escalation"
	if lines := strings.Join(m.allocationLines(rec), "\n"); !strings.Contains(lines, want) {
		t.Errorf("the results do not say why ROK left the patrols alone, want %q in:\n%s", want, lines)
	}
	facts := strings.Join(m.allyReasons(l), "\n")
	if !strings.Contains(facts, "South Korea (AI) did not join you here last month (you had points here the month before): a point there was worth less") {
		t.Errorf("the lever's details do not say why ROK left it alone:\n%s", facts)
	}
}

// A lever's details give its upkeep, per point, as the budget line's
// upkeep sums it (cost × upkeep of each point put on it last turn); a
// lever without upkeep says nothing of it.
func TestLeverFactsGiveUpkeep(t *testing.T) {
	m := New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1, SkipPicker: true})
	m = press(t, resize(t, m, 160, 60), "enter", "enter")
	c := m.sess.C
	v := m.sess.Game.View(m.side)
	for l := range c.Levers {
		if c.Levers[l].Sides&(1<<m.side) == 0 {
			continue
		}
		facts := strings.Join(m.leverFacts(&v, l), "\n")
		li := &c.Levers[l]
		want := ""
		if li.Upkeep > 0 {
			want = "Upkeep: a point costs " + li.Upkeep.Mul(li.Cost).String() + " again next month, before new spending"
		}
		if got := strings.Contains(facts, "Upkeep:"); got != (want != "") || want != "" && !strings.Contains(facts, want) {
			t.Errorf("%s (upkeep %s, cost %s): details:\n%s", li.ID, li.Upkeep, li.Cost, facts)
		}
	}
	// burden_sharing: cost 2, upkeep 0.25: 0.5 a point.
	bs := slices.IndexFunc(c.Levers, func(li sim.LeverInfo) bool { return li.ID == "burden_sharing" })
	if facts := strings.Join(m.leverFacts(&v, bs), "\n"); !strings.Contains(facts, "Upkeep: a point costs 0.5 again next month") {
		t.Errorf("burden sharing's details:\n%s", facts)
	}
}

// An AI ally that plays lookahead says in the results which doctrine it
// kept to and how the futures it imagined went (sim.Game.LookaheadWhy, as
// it was before it planned), and a resumed game says it again, with what
// each ally put where.
func TestResultsSayWhichDoctrineLookaheadKeptTo(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := scenarioEntry(t, "taiwan-strait").Compiled
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	s := soloSession(c, rok, 3)
	la, _ := sim.PolicyByName("lookahead")
	s.Policies[us] = la
	w, err := startJournal(s, "taiwan-strait", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	var chose [][]*sim.LookaheadChoice
	var screens []string // each turn's allocation lines as played
	for range 2 {
		s.Brief()
		ch, ok := s.Game.LookaheadWhy(la, us)
		if !ok {
			t.Fatal("no lookahead choice for the ally")
		}
		// The player (South Korea) is not told the ally's own objective.
		want := c.WhyLookahead(ch, rok)
		s.Commit(rok)
		rec, err := s.Adjudicate()
		if err != nil {
			t.Fatal(err)
		}
		if rec.Chose[us] == nil || !reflect.DeepEqual(*rec.Chose[us], ch) || rec.Chose[rok] != nil || !reflect.DeepEqual(rec.Reasons[us], ch.Reasons) {
			t.Fatalf("kept %+v for the ally (want %+v), %+v for the player, reasons %v", rec.Chose[us], ch, rec.Chose[rok], rec.Reasons[us])
		}
		if !slices.Equal(rec.Points[us*len(c.Levers):(us+1)*len(c.Levers)], ch.Points) {
			t.Fatalf("the ally played %v, its choice said %v", rec.Points[us*len(c.Levers):(us+1)*len(c.Levers)], ch.Points)
		}
		m := resize(t, New(Options{Resume: s}), 120, 60)
		m.last = rec
		lines := strings.Join(m.allocationLines(rec), "\n")
		if !strings.Contains(lines, "United States (AI: lookahead):\n  ") || !strings.Contains(lines, "\n  why: "+want) {
			t.Errorf("the lookahead ally's line:\n%s", lines)
		}
		// Each lever, with the reasons of the doctrine's plan it took.
		for _, r := range ch.Reasons {
			if w := fmt.Sprintf("  %s %d — %s", c.Levers[r.Lever].Name, r.Points, c.Why(r)); !strings.Contains(lines, w) {
				t.Errorf("missing %q in:\n%s", w, lines)
			}
		}
		if out := ansi.Strip(m.resultsText()); !strings.Contains(out, "What each ally put where, and why the AI did") {
			t.Errorf("the heading does not say why:\n%s", out)
		}
		chose = append(chose, rec.Chose)
		screens = append(screens, lines)
	}
	w.Close()
	r, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	defer r.Journal.Close()
	rm := resize(t, New(Options{Resume: r}), 120, 60)
	for i, want := range chose {
		if got := r.Results[i].Chose; !reflect.DeepEqual(got, want) {
			t.Errorf("turn %d: resumed %+v, played %+v", i+1, got, want)
		}
		// The resumed results say what each ally put where, as played
		// (they said nothing: the resumed turns kept no points).
		if got := strings.Join(rm.allocationLines(&r.Results[i]), "\n"); got != screens[i] {
			t.Errorf("turn %d: resumed allocations\n%s\nplayed\n%s", i+1, got, screens[i])
		}
	}
}

// The results' reading guide says how lookahead ranks the doctrines and
// what "truly" means, once a lookahead ally has played (a class asked).
func TestResultsGuideExplainsLookahead(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	for _, ally := range []string{"balanced", "lookahead"} {
		s, rok, _ := soloTutorialWith(t, ally)
		s.Brief()
		s.Commit(rok)
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
		m := resize(t, New(Options{Resume: s}), 120, 60)
		guide := strings.Join(strings.Fields(ansi.Strip(m.resultsGlossary(116))), " ")
		if said := strings.Contains(guide, "won with every ally's private objective met"); said != (ally == "lookahead") {
			t.Errorf("ally %s: the guide:\n%s", ally, guide)
		}
	}
}
