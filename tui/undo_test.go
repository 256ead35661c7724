package tui

import (
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"lattice/sim/journal"
)

// TestUndoAct: the White cell takes back its last act of the turn (a
// metric set by mistake, whose reason every screen had shown): the turn
// is as if the act had not been taken (the same hash as the briefing
// alone), the act before it stands, the journal replays to the same game,
// and a resumed game lists the act as taken back.
func TestUndoAct(t *testing.T) {
	s := journalledAllies(t, "tutorial", 4)
	s.Brief()
	briefed := s.Game.Hash()
	if _, err := s.UndoAct("nothing yet", "console"); err == nil {
		t.Fatal("an undo with no act to take back")
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActPause}); err != nil { // not a game act
		t.Fatal(err)
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActBudget, Side: "us", Value: "5", Reason: "a cut"}); err != nil {
		t.Fatal(err)
	}
	withBudget := s.Game.Hash()
	if err := s.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "40", Reason: "oops"}); err != nil {
		t.Fatal(err)
	}
	if s.Undoable() != "set Cohesion to 40.00" {
		t.Errorf("Undoable() = %q", s.Undoable())
	}
	line, err := s.UndoAct("meant for next week", "console")
	if err != nil {
		t.Fatal(err)
	}
	if s.Game.Hash() != withBudget || s.Game.Hash() == briefed {
		t.Errorf("after the undo the game is at %x; want %x, the budget cut kept", s.Game.Hash(), withBudget)
	}
	if want := "Week 1: took back its act: set Cohesion to 40.00 — meant for next week"; line != want {
		t.Errorf("line %q, want %q", line, want)
	}
	if got := s.ActsOf(1, false); len(got) != 3 || strings.Contains(strings.Join(got, "|"), "— oops") {
		t.Errorf("acts of week 1 %q: want the pause, the budget and the undo, not the act taken back", got)
	}
	if _, err := s.UndoAct("the cut too", "console"); err != nil {
		t.Fatal(err)
	}
	if s.Game.Hash() != briefed {
		t.Errorf("both acts taken back: the game is at %x, the briefing alone at %x", s.Game.Hash(), briefed)
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "52", Reason: "the real one"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	hash, acts := s.Game.Hash(), strings.Join(s.Acts, "\n")
	s.Journal.Close()
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatalf("the journal no longer replays: %v", err)
	}
	defer back.Journal.Close()
	if back.Game.Hash() != hash {
		t.Errorf("resumed at %x, played to %x", back.Game.Hash(), hash)
	}
	if got := strings.Join(back.Acts, "\n"); got != acts {
		t.Errorf("resumed acts:\n%s\nwant:\n%s", got, acts)
	}
	// The report marks each act an undo took back, with the undo's line.
	paths, err := back.WriteReport()
	if err != nil {
		t.Fatal(err)
	}
	md, err := os.ReadFile(paths[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"— oops (journal line 4; taken back by the White cell at journal line 5)", "— a cut (journal line 3; taken back by the White cell at journal line 6)", "— the real one (journal line 7)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the report lacks %q:\n%s", want, md[strings.Index(string(md), "White cell"):])
		}
	}
}

// TestConsoleUndo: z takes back the last act, after a reason that says
// which act it takes back; with none, it says what z does.
func TestConsoleUndo(t *testing.T) {
	r, _, _, _, _ := seatedRoom(t)
	con := openConsole(t, 100, 30, r)
	con.Update(keyMsg("z"))
	if !con.k.err || !strings.Contains(con.k.msg, "no act of this turn to take back") {
		t.Errorf("z with nothing to take back: %q", con.k.msg)
	}
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "40", Reason: "oops", By: "console"}); err != nil {
			t.Fatal(err)
		}
	})
	con.Update(keyMsg("z"))
	if out := strings.Join(strings.Fields(con.Render()), " "); !strings.Contains(out, "taking back your last act of this week: set Cohesion to 40.00") {
		t.Errorf("the reason prompt does not say what it takes back:\n%s", con.Render())
	}
	con.Update(tea.PasteMsg{Content: "a slip"})
	con.Update(keyMsg("enter"))
	if con.k.err || !strings.Contains(con.k.msg, "took back: set Cohesion to 40.00") {
		t.Errorf("after the reason: %q", con.k.msg)
	}
	if n := len(r.told); n == 0 || !strings.Contains(r.told[n-1], "took back its act: set Cohesion to 40.00 — a slip") {
		t.Errorf("the seats are not told: %q", r.told)
	}
}

// TestUndoKeepsTheRedPlan: the turn rebuilt without the act taken back
// keeps the Red team's plan (its moves, not the doctrine's), as the
// journal's replay does.
func TestUndoKeepsTheRedPlan(t *testing.T) {
	r, red, _ := redRoom(t, calledOffSrc, 3)
	s, c := r.Sess, r.Sess.C
	swarm := c.ActionIndex("swarm")
	r.Locked(func() {
		if err := r.planRed(red, []int{swarm}, nil); err != nil {
			t.Fatal(err)
		}
		before := s.Game.Hash()
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "70", Reason: "oops", By: "console"}); err != nil {
			t.Fatal(err)
		}
		if err := r.UndoAct("a slip", "console"); err != nil {
			t.Fatal(err)
		}
		if s.Game.Hash() != before {
			t.Errorf("the rebuilt turn is at %x, the briefed turn with the Red plan at %x", s.Game.Hash(), before)
		}
		if real := s.Game.RealMoves(); len(real) != 1 || real[0] != swarm {
			t.Errorf("real moves %v, want the Red team's swarm", real)
		}
	})
}

// TestUndoneActListedAfterAResumeMidTurn: a game resumed in the turn of an
// undo lists the act taken back and the undo where they were taken, and
// the game is as the live one was.
func TestUndoneActListedAfterAResumeMidTurn(t *testing.T) {
	s := journalledAllies(t, "tutorial", 4)
	s.Brief()
	for _, w := range []journal.WhiteCell{
		{Action: journal.ActBudget, Side: "us", Value: "5", Reason: "a cut"},
		{Action: journal.ActMetric, Metric: "cohesion", Value: "40", Reason: "oops"},
	} {
		if err := s.Act(w); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.UndoAct("a slip", "console"); err != nil {
		t.Fatal(err)
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "52", Reason: "the real one"}); err != nil {
		t.Fatal(err)
	}
	hash, acts, now := s.Game.Hash(), strings.Join(s.Acts, "\n"), strings.Join(s.ActsOf(1, false), "\n")
	s.Journal.Close()
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	defer back.Journal.Close()
	back.Brief()
	if back.Game.Hash() != hash {
		t.Errorf("resumed at %x, played to %x", back.Game.Hash(), hash)
	}
	if got := strings.Join(back.Acts, "\n"); got != acts {
		t.Errorf("resumed acts:\n%s\nwant:\n%s", got, acts)
	}
	if got := strings.Join(back.ActsOf(1, false), "\n"); got != now {
		t.Errorf("resumed acts in effect:\n%s\nwant:\n%s", got, now)
	}
	if back.Undoable() != "set Cohesion to 52.00" {
		t.Errorf("the act an undo would take back after the resume: %q", back.Undoable())
	}
}

// An event the White cell injected and then took back takes its answer
// with it: the draft no longer answers an event that did not fire (it
// kept the answer, and the turn's record would have carried it).
func TestUndoTakesBackTheAnswerToAnInjectedEvent(t *testing.T) {
	s := journalledAllies(t, "tutorial", 4)
	s.Brief()
	in := s.C.InjectIndex("research_vessel")
	if in < 0 || len(s.C.Injects[in].Choices) < 2 {
		t.Fatal("the tutorial has no research_vessel event with choices")
	}
	if err := s.Act(journal.WhiteCell{Action: journal.ActInject, Inject: "research_vessel", Reason: "a test"}); err != nil {
		t.Fatal(err)
	}
	s.Orders.Choices[in] = 1 // the decider answers it
	if _, err := s.UndoAct("wrong event", "console"); err != nil {
		t.Fatal(err)
	}
	if got := s.Orders.Choices[in]; got != -1 {
		t.Errorf("after the event was taken back, the draft still answers it: choice %d, want −1", got)
	}
	if _, err := s.Adjudicate(); err != nil {
		t.Fatalf("the turn after the undo: %v", err)
	}
}
