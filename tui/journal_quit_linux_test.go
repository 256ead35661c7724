//go:build linux

package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// Quitting while the journal holds records the disk refused says that
// quitting loses them (the dialog said "The game is saved"), and the
// command's last try, CloseJournal, writes them if the disk takes them
// again, or says which are lost.
func TestQuitWithUnwrittenRecordsSaysSo(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true, Version: "test"}), 120, 40)
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, m, toTurn1Solo...)
	path := m.sess.JournalPath
	mend := breakJournal(t, path)
	m = commitTurn(t, press(t, m, addPoints...))
	mustShow(t, m, "Results — ")
	if m.sess.Journal.Kept() == 0 {
		t.Fatal("no record kept from the failed write: the test checks nothing")
	}
	mustRead(t, press(t, m, "q"), "The game is saved up to before its last record", "quit now and it is lost")

	// The disk takes them again by the time the command closes the game.
	mend()
	if _, err := m.CloseJournal(); err != nil {
		t.Fatalf("closing with the disk mended: %v", err)
	}
	r, _, err := Resume(path)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	defer r.Journal.Close()
	if r.Game.Turn() != 2 {
		t.Errorf("resumed at turn %d, want 2: the first turn's record was not written at the close", r.Game.Turn())
	}
}

// With the disk still refusing them, CloseJournal says which records are
// lost.
func TestCloseJournalSaysWhatIsLost(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true, Version: "test"}), 120, 40)
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, m, toTurn1Solo...)
	breakJournal(t, m.sess.JournalPath)
	m = commitTurn(t, press(t, m, addPoints...))
	_, err := m.CloseJournal()
	if err == nil || !strings.Contains(err.Error(), "could not be written") {
		t.Fatalf("closing with the disk refusing: %v, want the records said lost", err)
	}
}

// A game left for another from the end screen (n) with records the disk
// refused says they are lost, then and at exit: they were dropped with
// the game, and the end screen offered the journal as whole.
func TestPlayAgainSaysWhatTheJournalLost(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true, Version: "test"}), 120, 50)
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, m, toTurn1Solo...)
	breakJournal(t, m.sess.JournalPath)
	m = playSoloToEnd(t, m)
	if m.sess.Journal.Kept() == 0 {
		t.Fatal("no record kept: the test checks nothing")
	}
	if end := strings.Join(strings.Fields(ansi.Strip(m.endText())), " "); !strings.Contains(end, "The disk has refused the journal's last") {
		t.Errorf("the end screen does not say the journal lacks records:\n%s", end)
	}
	m = press(t, m, "n")
	if !strings.Contains(m.message, "could not be written") {
		t.Errorf("after n the notice is %q, want the records said lost", m.message)
	}
	notes, _ := m.CloseJournal()
	if !strings.Contains(strings.Join(notes, "\n"), "could not be written") {
		t.Errorf("at exit the notes are %q, want the records said lost", notes)
	}
}
