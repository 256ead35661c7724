package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
	"lattice/tui"
)

// TestResumeLatestSkipsAJournalInUse: play --resume latest passes over the
// newest journal when another lattice (a 'lattice serve', a game in another
// terminal) is writing it, says so, and goes on with the newest free one;
// it took the newest, and resuming failed as "open in another lattice".
// With every journal in use it says that, and why.
func TestResumeLatestSkipsAJournalInUse(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	games := filepath.Join(dir, "lattice", "games")
	if err := os.MkdirAll(games, 0o755); err != nil {
		t.Fatal(err)
	}
	free, busy := filepath.Join(games, "free.jsonl"), filepath.Join(games, "busy.jsonl")
	for _, p := range []string{free, busy} {
		if r := run(t, "run", "tutorial", "--journal", p); r.code != exitOK {
			t.Fatal(r)
		}
	}
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(busy, later, later); err != nil {
		t.Fatal(err)
	}
	w, _, _, err := journal.OpenAppend(busy)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	// Without a terminal the command stops once the journal is chosen.
	r := run(t, "play", "--resume", "latest")
	if want := "--resume latest: skipped busy.jsonl, which another lattice (a game or a server) is playing\n"; r.code != exitUsage || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "needs a terminal") {
		t.Errorf("play --resume latest with the newest journal in use: exit %d, want %d, %q and the terminal notice in:\n%s", r.code, exitUsage, want, r.stderr)
	}
	// --fork only reads its parent: the newest, in use or not, and no note.
	if r := run(t, "play", "--fork", "latest", "--at", "1"); strings.Contains(r.stderr, "skipped") {
		t.Errorf("play --fork latest skipped a journal in use:\n%s", r.stderr)
	}
	w2, _, _, err := journal.OpenAppend(free)
	if err != nil {
		t.Fatal(err)
	}
	defer w2.Close()
	r = run(t, "play", "--resume", "latest")
	if want := "every saved game is open in another lattice"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
		t.Errorf("play --resume latest with every journal in use: exit %d, want %d and %q in:\n%s", r.code, exitInvalid, want, r.stderr)
	}
}

// TestResumeKeepsTheWhiteCell: a one-screen seminar played with
// --white-cell and resumed after a crash with 'lattice play --resume
// latest' (as the README says) lost its White-cell console without a
// word: the journal records the acts, not the flag. A game with White-cell
// acts gets its console back; a hotseat game without any is told how to
// open one; a solo game is told nothing.
func TestResumeKeepsTheWhiteCell(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	session := func(humans int, acts ...string) *tui.Session {
		human := make([]bool, len(c.Sides))
		for i := range humans {
			human[c.Alliance()[i]] = true
		}
		s := tui.NewSession(c, 1, "normal", human, make([]sim.Policy, len(c.Sides)))
		s.Acts = acts
		return s
	}
	for name, tc := range map[string]struct {
		sess      *tui.Session
		whiteCell bool
		note      bool
	}{
		"acts":          {session(2, "Week 1: fired inject \"x\" — why"), true, false},
		"hotseat":       {session(2), false, true},
		"solo":          {session(1), false, false},
		"solo with act": {session(1, "Week 1: set Cohesion to 50.00 — why"), true, false},
	} {
		opts := tui.Options{Resume: tc.sess}
		opts.KeepWhiteCell()
		if opts.WhiteCell != tc.whiteCell {
			t.Errorf("%s: White cell %v, want %v", name, opts.WhiteCell, tc.whiteCell)
		}
		if got := slices.ContainsFunc(opts.Notes, func(n string) bool { return strings.Contains(n, "--white-cell") }); got != tc.note {
			t.Errorf("%s: notes %q", name, opts.Notes)
		}
	}
}

// TestResumeWithoutTerminalOffersItsGameHeadless: play --resume FILE
// without a terminal offers the lattice run that plays that game on (it
// offered 'lattice run tutorial' whatever the journal): --resume for a game
// no person plays, a fork after its last turn with the balanced AI on the
// sides people played, and the tutorial still where run cannot (a Red team).
func TestResumeWithoutTerminalOffersItsGameHeadless(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir) // where the fork's journal goes
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	journalOf := func(name string, humanIDs ...string) string {
		pols := make([]sim.Policy, len(c.Sides))
		human := make([]bool, len(c.Sides))
		for s := range c.Sides {
			if slices.Contains(humanIDs, c.Sides[s].ID) {
				human[s] = true
			} else if !c.Sides[s].Adversary {
				pols[s], _ = sim.PolicyByName("balanced")
			}
		}
		sides, err := journal.Sides(c, pols, human, nil)
		if err != nil {
			t.Fatal(err)
		}
		h, err := journal.NewHeader(journal.Setup{Scenario: "tutorial", Compiled: c, Seed: 5, Sides: sides, Lattice: "test", Created: time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, name)
		w, err := journal.Create(path, h)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return path
	}
	ai := filepath.Join(dir, "ai.jsonl")
	if r := run(t, "run", "tutorial", "--journal", ai); r.code != exitOK {
		t.Fatal(r)
	}
	solo := journalOf("solo.jsonl", "rok")
	red := journalOf("red.jsonl", "prc")
	for _, tc := range []struct{ path, offer string }{
		{ai, "--resume " + ai},
		{solo, "--fork " + solo + " --at 0 --policy rok=balanced"},
		{red, "tutorial"},
	} {
		r := run(t, "play", "--resume", tc.path)
		if want := "\n  lattice run " + tc.offer + "\n"; r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("play --resume %s: %s\nwant exit 2 and %q", filepath.Base(tc.path), r, want)
			continue
		}
		if o := run(t, append([]string{"run"}, strings.Fields(tc.offer)...)...); o.code != exitOK {
			t.Errorf("play --resume %s offers lattice run %s, which fails: %s", filepath.Base(tc.path), tc.offer, o)
		}
	}
}

// A game left before its end is said to be saved, with the command that
// goes on with it (the quit dialog that said so is gone with the screen);
// ctrl+c exits 130, q 0; a game over, or no game, says nothing.
func TestPlayExitSaysSaved(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "g.jsonl")
	if r := run(t, "run", "tutorial", "--journal", path); r.code != exitOK {
		t.Fatal(r)
	}
	// The journal cut to its first turn: a game in progress.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if err := os.WriteFile(path, []byte(strings.Join(lines[:2], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, err := tui.Resume(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Journal.Close()
	m := tui.New(tui.Options{Resume: s})
	var stderr strings.Builder
	// Kept outside the games directory, it is not "latest": its path.
	if code := playExit(&env{stderr: &stderr}, m); code != exitOK || !strings.Contains(stderr.String(), "the game is saved in "+path+"\n  go on with: lattice play --resume "+sim.ShellQuote(path)+"\n") {
		t.Errorf("q on a game in progress: exit %d, %q", code, stderr.String())
	}
	nm, _ := m.Update(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	stderr.Reset()
	if code := playExit(&env{stderr: &stderr}, nm); code != exitInterrupted || !strings.Contains(stderr.String(), "the game is saved") {
		t.Errorf("ctrl+c on a game in progress: exit %d, %q", code, stderr.String())
	}
	stderr.Reset()
	if code := playExit(&env{stderr: &stderr}, tui.New(tui.Options{})); code != exitOK || stderr.Len() != 0 {
		t.Errorf("no game: exit %d, %q", code, stderr.String())
	}
}
