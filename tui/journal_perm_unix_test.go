//go:build unix

package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGameFilesArePrivate: the journal, the draft (every team's draft and
// the Red team's plan, written live) and the White cell's reports were
// 0644 in a games folder of 0755, which ~/.local/state/lattice was made
// with too: readable by every user of a shared host. They are the user's
// alone now (0600, folders 0700), and the folders an older lattice made
// 0755 are made private when a game starts, said once; a journal an older
// lattice made 0644 is made 0600 when it is resumed.
func TestGameFilesArePrivate(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	games := filepath.Join(state, "lattice", "games")
	if err := os.MkdirAll(games, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{games, filepath.Dir(games)} {
		os.Chmod(d, 0o755) // as an older lattice left them, whatever the umask
	}
	s := alliesSessionOf(t, "tutorial", 3)
	t.Setenv("XDG_STATE_HOME", state) // alliesSessionOf gives one of its own
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	var logged []string
	s.SetJournalLog(func(n string) { logged = append(logged, n) })
	if len(logged) != 2 || !strings.Contains(logged[1], "made "+games+" private (mode 0700, was 0755)") {
		t.Fatalf("the host was told %q; want the two folders made private", logged)
	}
	playAlliesTurn(t, s)
	s.Brief()
	if err := s.SaveDraft(); err != nil {
		t.Fatal(err)
	}
	reports, err := s.WriteReport()
	if err != nil {
		t.Fatal(err)
	}
	mode := func(p string) os.FileMode {
		t.Helper()
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return st.Mode().Perm()
	}
	for _, d := range []string{games, filepath.Dir(games)} {
		if m := mode(d); m != 0o700 {
			t.Errorf("%s: mode %04o, want 0700", d, m)
		}
	}
	for _, p := range append([]string{s.JournalPath, DraftPath(s.JournalPath)}, reports...) {
		if m := mode(p); m != 0o600 {
			t.Errorf("%s: mode %04o, want 0600", p, m)
		}
	}
	// Said once: the next game finds the folders private.
	s2 := alliesSessionOf(t, "tutorial", 4)
	t.Setenv("XDG_STATE_HOME", state)
	w2, err := startJournal(s2, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	w2.Close()
	if notes := s2.JournalNotes(); len(notes) != 0 {
		t.Errorf("said again: %q", notes)
	}
	// A journal and draft an older lattice made 0644, resumed.
	w.Close()
	s.Journal = nil
	for _, p := range []string{s.JournalPath, DraftPath(s.JournalPath)} {
		os.Chmod(p, 0o644)
	}
	r, notes, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return r })
	defer r.Journal.Close()
	if len(notes) != 2 || !strings.Contains(notes[0], "made "+s.JournalPath+" private (mode 0600, was 0644)") {
		t.Errorf("resume notes %q", notes)
	}
	for _, p := range []string{s.JournalPath, DraftPath(s.JournalPath)} {
		if m := mode(p); m != 0o600 {
			t.Errorf("%s after resume: mode %04o, want 0600", p, m)
		}
	}
}
