package tui

import (
	"os"
	"strings"
	"testing"

	"lattice/sim"
	"lattice/sim/journal"
)

// playAlliesTurn briefs s's turn and adjudicates it, each ally's points
// put as the balanced policy would (planning on a clone: the policy draws
// from the game's dice, which a person's orders do not).
func playAlliesTurn(t *testing.T, s *Session) {
	t.Helper()
	s.Brief()
	p, err := sim.PolicyByName("balanced")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s.HumanAllies() {
		p.Plan(s.Game.Clone(), a, s.Orders)
		s.Commit(a)
	}
	if _, err := s.Adjudicate(); err != nil {
		t.Fatal(err)
	}
}

// keepJournal gives s a journal in the default place, closed at the
// test's end.
func keepJournal(t *testing.T, s *Session) {
	t.Helper()
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	t.Cleanup(func() { s.Journal.Close() })
}

// TestReportOutlivesADamagedJournal: a line appended to a running game's
// journal (a junk record, as anyone who may write the file could append)
// made the White cell's report fail at the game's end with "line 4:
// damaged record", and the debrief was lost. The report is of the game the
// session played; it says, as the console does, that the file no longer
// checks and where; lattice report on the file still refuses it.
func TestReportOutlivesADamagedJournal(t *testing.T) {
	s := alliesSessionOf(t, "tutorial", 3)
	keepJournal(t, s)
	playAlliesTurn(t, s)
	playAlliesTurn(t, s)
	f, err := os.OpenFile(s.JournalPath, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"sum":"0000","rec":{"type":"junk"}}` + "\n")
	f.Close()
	playAlliesTurn(t, s)
	if s.JournalErr != nil {
		t.Fatalf("a turn after the damage: %v", s.JournalErr)
	}
	if _, _, err := journal.Read(s.JournalPath); err == nil || !strings.Contains(err.Error(), s.JournalPath+": line 4: damaged record") {
		t.Fatalf("the file reads as %v; want line 4 refused", err)
	}
	s.Brief()
	k := &console{by: "console"}
	cl := hotseatCell{s}
	for _, key := range []string{"e", "d", "o", "n", "e", "enter", "y"} {
		k.key(cl, keyMsg(key))
	}
	if !s.Over() {
		t.Fatalf("the game did not end: %q", k.msg)
	}
	if !strings.Contains(k.msg, "the after-action report is in") || !strings.Contains(k.msg, "no longer checks") || !strings.Contains(k.msg, "line 4: damaged record") {
		t.Fatalf("the console says %q; want the report written, and the file's line 4 named", k.msg)
	}
	data, err := os.ReadFile(strings.TrimSuffix(s.JournalPath, ".jsonl") + ".report.md")
	if err != nil {
		t.Fatal(err)
	}
	report := string(data)
	for _, want := range []string{"line 4: the journal's file no longer holds the game played (damaged record", "Week 3", "done"} {
		if !strings.Contains(report, want) {
			t.Errorf("the report lacks %q:\n%s", want, report)
		}
	}
	// The mid-game report is built the same way: r before the end.
	k.key(cl, keyMsg("r"))
	if k.err || !strings.Contains(k.msg, "no longer checks") {
		t.Errorf("r after the damage: %q", k.msg)
	}
}
