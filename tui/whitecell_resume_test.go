package tui

import (
	"slices"
	"strings"
	"testing"

	"lattice/sim"
	"lattice/sim/journal"
)

// TestResumedHotseatKeepsItsWhiteCell: a one-screen seminar begun with the
// White-cell console and resumed after a crash came back without it (the
// journal recorded the acts, not the console), and so did one whose only
// act was a rollback (the acts it undid are not replayed). The journal's
// header keeps the console; a rollback counts as an act.
func TestResumedHotseatKeepsItsWhiteCell(t *testing.T) {
	hotseat := func(t *testing.T, whiteCell bool) *Session {
		t.Helper()
		c := tutorialEntry(t).Compiled
		human := make([]bool, len(c.Sides))
		for _, a := range c.Alliance() {
			human[a] = true
		}
		s := NewSession(c, 4, "normal", human, make([]sim.Policy, len(c.Sides)))
		s.whiteCell = whiteCell
		w, err := startJournal(s, "tutorial", "test")
		if err != nil {
			t.Fatal(err)
		}
		s.Journal, s.JournalPath = w, w.Path()
		t.Cleanup(func() { w.Close() })
		return s
	}
	keeps := func(t *testing.T, s *Session) bool {
		t.Helper()
		s.Journal.Close()
		back, _, err := Resume(s.JournalPath)
		if err != nil {
			t.Fatal(err)
		}
		defer back.Journal.Close()
		keep, _ := resumedWhiteCell(back, false)
		return keep
	}
	t.Run("begun with it", func(t *testing.T) {
		t.Setenv("XDG_STATE_HOME", t.TempDir())
		if !keeps(t, hotseat(t, true)) {
			t.Error("a hotseat game begun with the White-cell console is resumed without it")
		}
	})
	t.Run("begun without it", func(t *testing.T) {
		t.Setenv("XDG_STATE_HOME", t.TempDir())
		if keeps(t, hotseat(t, false)) {
			t.Error("a hotseat game begun without the console is resumed with it")
		}
	})
	t.Run("a rollback only", func(t *testing.T) {
		t.Setenv("XDG_STATE_HOME", t.TempDir())
		s := hotseat(t, false)
		s.Brief()
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
		if err := s.Rollback("a slip", "White cell"); err != nil {
			t.Fatal(err)
		}
		if !keeps(t, s) {
			t.Error("a game whose White cell rolled a turn back is resumed without its console")
		}
	})
}

// TestSetupWhiteCellGoesIntoTheJournal: the setup's White-cell row (or
// --white-cell) is kept in the journal's header, so Continue gives the
// console back after a crash.
func TestSetupWhiteCellGoesIntoTheJournal(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true, WhiteCell: true, Hotseat: true})
	m = press(t, resize(t, m, 100, 30), "enter", "enter")
	if m.sess == nil || m.sess.Journal == nil {
		t.Fatalf("no journalled game started:\n%s", plain(m))
	}
	m.sess.Journal.Close()
	back, _, err := Resume(m.sess.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Journal.Close()
	if keep, _ := resumedWhiteCell(back, false); !keep {
		t.Error("a game set up with the White-cell console is resumed without it")
	}
}

// TestResumedActsAreThePlayedOnes: a resumed game lists the White cell's
// acts as the game in play did, the acts a rollback undid and the
// rollback's own line included (the end screen of a resumed game had lost
// the rollback and its reason).
func TestResumedActsAreThePlayedOnes(t *testing.T) {
	s := journalledAllies(t, "tutorial", 6)
	c := s.C
	act := func(w journal.WhiteCell) {
		t.Helper()
		if err := s.Act(w); err != nil {
			t.Fatal(err)
		}
	}
	turn := func() {
		t.Helper()
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	s.Brief()
	act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "55", Reason: "a summit"})
	turn()
	s.Brief()
	act(journal.WhiteCell{Action: journal.ActBudget, Side: "us", Value: "5", Reason: "a cut"})
	turn()
	if err := s.Rollback("the cut was a slip", "White cell"); err != nil {
		t.Fatal(err)
	}
	s.Brief()
	act(journal.WhiteCell{Action: journal.ActInject, Inject: c.Injects[len(c.Injects)-1].ID, Reason: "news"})
	turn()
	want := slices.Clone(s.Acts)
	wantTurn := s.ActsOf(2)
	s.Journal.Close()
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	defer back.Journal.Close()
	if !slices.Equal(back.Acts, want) {
		t.Errorf("resumed acts:\n%s\nwant:\n%s", strings.Join(back.Acts, "\n"), strings.Join(want, "\n"))
	}
	if got := back.ActsOf(2); !slices.Equal(got, wantTurn) {
		t.Errorf("resumed acts of week 2 %q, want %q", got, wantTurn)
	}
}
