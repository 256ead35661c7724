package tui

import (
	"path/filepath"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// TestFork forks a journalled game after turn 2 and plays the fork on with
// the same orders: it ends where the parent ended; the fork's journal
// names its parent and replays on its own.
func TestFork(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	human := make([]bool, len(c.Sides))
	s := NewSession(c, 5, "", human, pols)
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	for !s.Game.Over() {
		s.Brief()
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	want := s.Game.Hash()

	f, err := Fork(s.JournalPath, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Journal.Close()
	if f.Game.Turn() != 3 || len(f.Results) != 2 || len(f.History) != 3 {
		t.Fatalf("fork at turn %d with %d results", f.Game.Turn(), len(f.Results))
	}
	for !f.Game.Over() {
		f.Brief()
		if _, err := f.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	if f.Game.Hash() != want || f.JournalErr != nil {
		t.Fatalf("the fork ends with hash %016x, the parent with %016x (journal error %v)", f.Game.Hash(), want, f.JournalErr)
	}
	j, _, err := journal.Read(f.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	if abs, _ := filepath.Abs(s.JournalPath); j.Header.Parent != abs || j.Header.ParentTurn != 2 {
		t.Errorf("fork header: parent %q, turn %d", j.Header.Parent, j.Header.ParentTurn)
	}
	if res, err := journal.Replay(j, journal.Options{Verify: true}); err != nil || res.Hash != j.Entries[len(j.Entries)-1].Turn.Hash {
		t.Errorf("the fork does not replay: %v", err)
	}
	// Its first screen says it is a fork, of which game and after which
	// week, in a journal of its own: not "resumed", a game the player
	// never saved.
	f2, err := Fork(s.JournalPath, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer f2.Journal.Close()
	m := resize(t, New(Options{Resume: f2}), 80, 24)
	mustRead(t, m, "a new game, forked from "+filepath.Base(s.JournalPath)+" after week 2: its own journal is "+filepath.Base(f2.JournalPath))
	mustNotShow(t, m, "resumed")
	if _, err := Fork(s.JournalPath, 99); err == nil {
		t.Error("a fork past the end was accepted")
	}
}
