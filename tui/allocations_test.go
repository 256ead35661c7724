package tui

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
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
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	s, rok, us := soloTutorial(t)
	c := s.C
	s.Brief()
	s.Commit(rok)
	rec, err := s.Adjudicate()
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Reasons[us]) == 0 {
		t.Fatal("the AI bought nothing")
	}
	s.Brief()
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
