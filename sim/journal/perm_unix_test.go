//go:build unix

package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJournalIsPrivate: a journal holds every team's orders and the Red
// team's plans; it was made 0644, readable by every user of the host.
func TestJournalIsPrivate(t *testing.T) {
	h, _ := goodTurns(t)
	w, p := createIn(t, h)
	w.Close()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Mode().Perm(); m != 0o600 {
		t.Errorf("a new journal has mode %04o, want 0600", m)
	}
}

// TestMakeDefaultDirIsPrivate: the journals' folder and the lattice
// folder above it are made 0700, and those an older lattice made 0755 are
// made private again, once, with a note.
func TestMakeDefaultDirIsPrivate(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	dir, notes, err := MakeDefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(state, "lattice", "games") || len(notes) != 0 {
		t.Fatalf("a new folder: %s, notes %q", dir, notes)
	}
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if st, err := os.Stat(d); err != nil || st.Mode().Perm() != 0o700 {
			t.Fatalf("%s: %v %v, want mode 0700", d, st.Mode(), err)
		}
	}
	// As an older lattice left them ($XDG_STATE_HOME itself is the
	// user's, and is left as it is).
	for _, d := range []string{dir, filepath.Dir(dir), state} {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	_, notes, err = MakeDefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || !strings.Contains(notes[1], "made "+dir+" private (mode 0700, was 0755)") {
		t.Fatalf("notes %q", notes)
	}
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if st, err := os.Stat(d); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: %v %v, want mode 0700", d, st.Mode(), err)
		}
	}
	if _, notes, _ := MakeDefaultDir(); len(notes) != 0 {
		t.Errorf("said again: %q", notes)
	}
	if st, _ := os.Stat(state); st.Mode().Perm() != 0o755 {
		t.Errorf("the state home's mode changed: %v", st.Mode())
	}
}
