package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

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
		closeAtEnd(t, func() *Session { return s })
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
		closeAtEnd(t, func() *Session { return back })
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
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, resize(t, m, 100, 30), "enter", "enter")
	if m.sess == nil || m.sess.Journal == nil {
		t.Fatalf("no journalled game started:\n%s", plain(m))
	}
	m.sess.Journal.Close()
	back, _, err := Resume(m.sess.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
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
	wantTurn := s.ActsOf(2, false)
	s.Journal.Close()
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	defer back.Journal.Close()
	if !slices.Equal(back.Acts, want) {
		t.Errorf("resumed acts:\n%s\nwant:\n%s", strings.Join(back.Acts, "\n"), strings.Join(want, "\n"))
	}
	if got := back.ActsOf(2, false); !slices.Equal(got, wantTurn) {
		t.Errorf("resumed acts of week 2 %q, want %q", got, wantTurn)
	}
}

// TestEventsPanelKeepsTheWhiteCellsWord: the notice of a White-cell act
// is cut at two lines at 80×24 and gone at the next key; the teams could
// not read why before they allocated. The events panel keeps the turn's
// acts with their reasons, and a move's outcome decided is not among them.
func TestEventsPanelKeepsTheWhiteCellsWord(t *testing.T) {
	s := journalledAllies(t, "tutorial", 8)
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 100, 30)
	reason := "the National Assembly cuts the defence supplemental"
	m = press(t, m, "W", "b", "enter")
	for _, k := range []string{"4", "enter"} {
		m = press(t, m, k)
	}
	m, _ = update(t, m, tea.PasteMsg{Content: reason})
	m = press(t, m, "enter", "esc", "enter", "tab", "tab")
	if m.screen != scrTurn {
		t.Fatalf("screen %d, want the turn", m.screen)
	}
	out := strings.Join(strings.Fields(plain(m)), " ")
	if !strings.Contains(out, "The White cell") || !strings.Contains(out, "budget to 4") {
		t.Errorf("the events panel does not keep the White cell's act:\n%s", plain(m))
	}
	if got := s.ToldActsOf(1); len(got) != 1 || !strings.Contains(got[0], reason) {
		t.Errorf("acts told of week 1: %q", got)
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActRoll, Move: s.C.Actions[s.Game.RealMoves()[0]].ID, Outcome: journal.OutcomeFailure, Reason: "r"}); err != nil {
		t.Fatal(err)
	}
	if got := s.ToldActsOf(1); len(got) != 1 {
		t.Errorf("a move's outcome decided is told to the teams: %q", got)
	}
}
