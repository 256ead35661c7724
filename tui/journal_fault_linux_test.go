//go:build linux

package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"lattice/sim/journal"
)

// breakJournal makes every write to the journal at path that this process
// has open for writing fail, as a file made immutable (chattr +i) does,
// until mend is called: the descriptor it is written through is swapped
// for one of the same file opened read-only. (A chmod would not do: the
// file is open already, and the tests run as root.)
func breakJournal(t *testing.T, path string) (mend func()) {
	t.Helper()
	fd := -1
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd:", err)
	}
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if dest, err := os.Readlink(filepath.Join("/proc/self/fd", e.Name())); err != nil || dest != path {
			continue
		}
		info, err := os.ReadFile(filepath.Join("/proc/self/fdinfo", e.Name()))
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(info), "\n") {
			if v, ok := strings.CutPrefix(line, "flags:"); ok {
				if flags, err := strconv.ParseInt(strings.TrimSpace(v), 8, 64); err == nil && flags&syscall.O_ACCMODE == syscall.O_WRONLY {
					fd = n
				}
			}
		}
	}
	if fd < 0 {
		t.Fatalf("the journal %s is not open for writing", path)
	}
	saved, err := syscall.Dup(fd)
	if err != nil {
		t.Fatal(err)
	}
	ro, err := syscall.Open(path, syscall.O_RDONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Dup3(ro, fd, 0); err != nil {
		t.Fatal(err)
	}
	syscall.Close(ro)
	mended := false
	mend = func() {
		if !mended {
			mended = true
			syscall.Dup3(saved, fd, 0)
			syscall.Close(saved)
		}
	}
	t.Cleanup(mend)
	return mend
}

// TestSoloJournalCatchesUp: in lattice play, a journal that cannot be
// written during week 2 (then written again) loses nothing. Before, one
// failed write stopped the journal for the rest of the game (every later
// turn failed with "turn 3 cannot follow turn 1"), a resume went back to
// week 2 without a word. The player, at the host's own screen, is told
// what failed (the disk's error), so as to free it before leaving.
func TestSoloJournalCatchesUp(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true, Version: "test"})
	closeAtEnd(t, func() *Session { return m.sess })
	m = resize(t, m, 200, 60)
	m = press(t, m, toTurn1Solo...)
	path := m.sess.JournalPath
	if path == "" {
		t.Fatal("the game keeps no journal")
	}
	playTurn := func() {
		t.Helper()
		for i := 0; strings.Contains(plain(m), "decides:"); i++ {
			if i > 10 {
				t.Fatalf("inject dialogs do not close:\n%s", plain(m))
			}
			m = press(t, m, "enter")
		}
		m = press(t, m, addPoints...)
		m = commitTurn(t, m)
		mustShow(t, m, "Results — ")
	}
	playTurn()
	m = press(t, m, "enter")
	mend := breakJournal(t, path)
	for week := 2; week <= 3; week++ {
		playTurn()
		var f *JournalFault
		if !errors.As(m.sess.JournalErr, &f) {
			t.Fatalf("week %d: the journal error is %v, want a JournalFault (records kept)", week, m.sess.JournalErr)
		}
		mustShow(t, m, "the journal could not be written")
		// The player at the host's own screen is the host: told what
		// failed, so as to free the disk before leaving.
		mustNotShow(t, m, "cannot follow")
		mustRead(t, m, "bad file descriptor")
		if !strings.Contains(f.Detail(), path) {
			t.Errorf("the White cell's detail does not name the journal: %s", f.Detail())
		}
		m = press(t, m, "enter")
	}
	mend()
	playTurn()
	if m.sess.JournalErr != nil {
		t.Fatalf("the journal did not catch up: %v", m.sess.JournalErr)
	}
	mustNotShow(t, m, "the journal could not be written")
	notes := strings.Join(m.sess.JournalNotes(), "\n")
	if !strings.Contains(notes, path) || !strings.Contains(notes, "written again: the 2 records kept") {
		t.Errorf("the host's notes:\n%s", notes)
	}
	if err := m.sess.Journal.Close(); err != nil {
		t.Fatal(err)
	}
	m.sess.Journal = nil
	r, _, err := Resume(path)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	defer r.Journal.Close()
	if r.Game.Turn() != 5 || r.Game.Hash() != m.sess.Game.Hash() {
		t.Fatalf("resumed at week %d (hash %x); want week 5 and the game played (%x)", r.Game.Turn(), r.Game.Hash(), m.sess.Game.Hash())
	}
}

// TestServedJournalFailureIsLoud: at a White-cell game the failure and the
// catch-up are told to the host's log (SetJournalLog: the server's room
// log, which goes to the server's log without a terminal) and the console
// shows what failed and where; a report written meanwhile has the records
// not yet in the file, and says so.
func TestServedJournalFailureIsLoud(t *testing.T) {
	s := alliesSessionOf(t, "tutorial", 3)
	var logged []string
	s.SetJournalLog(func(n string) { logged = append(logged, n) })
	keepJournal(t, s)
	playAlliesTurn(t, s)
	mend := breakJournal(t, s.JournalPath)
	playAlliesTurn(t, s)
	playAlliesTurn(t, s)
	if len(logged) != 2 || !strings.Contains(logged[1], s.JournalPath) || !strings.Contains(logged[1], "last 2 records") {
		t.Fatalf("the host's log: %q; want a line for each record kept, naming the journal", logged)
	}
	k := &console{by: "console"}
	cl := hotseatCell{s}
	s.Brief()
	view := k.view(cl, NewStyles(true), 300, 60)
	if !strings.Contains(view, "! journal: ") || !strings.Contains(view, s.JournalPath) {
		t.Errorf("the console does not say what failed and where:\n%s", view)
	}
	k.key(cl, keyMsg("r"))
	if k.err {
		t.Fatalf("r while the journal fails: %s", k.msg)
	}
	mid := strings.TrimSuffix(s.JournalPath, ".jsonl") + ".midgame-week4.report.md"
	data, err := os.ReadFile(mid)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "lacks the game's last 2 records") || !strings.Contains(string(data), "Week 3") {
		t.Errorf("the mid-game report does not hold week 3 and say the file lacks it:\n%s", data)
	}
	mend()
	if err := s.SaveDraft(); err != nil { // a commit is the next write
		t.Fatal(err)
	}
	if s.JournalErr != nil || len(logged) != 3 || !strings.Contains(logged[2], "written again") {
		t.Fatalf("after the catch-up: %v, log %q", s.JournalErr, logged)
	}
	j, _, err := journal.Read(s.JournalPath)
	if err != nil || j.LastTurn() != 3 {
		t.Fatalf("the journal after the catch-up: %v", err)
	}
}
