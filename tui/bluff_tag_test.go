package tui

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lattice/scenarios"
)

// An adversary whose file leaves bluffs at 0 was tagged "real: no bluffs
// at this level" at every level, normal (the file as written) included,
// as if a level had set it: the tag says "this adversary never bluffs"
// unless the level played set bluffs the file gives to 0 (sim.NoBluffsWhy:
// a level that sets 0 where the file has 0 already changes nothing).
func TestSignalsOfAnAdversaryThatNeverBluffsSayWhy(t *testing.T) {
	src, err := fs.ReadFile(scenarios.FS(), "thaad-pressure.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "nobluff.toml")
	if err := os.WriteFile(p, bytes.Replace(src, []byte("\nbluffs = 1\n"), []byte("\nbluffs = 0\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ file, level, want, not string }{
		{p, "normal", "real: this adversary never bluffs", "at this level"},
		{p, "easy", "real: this adversary never bluffs", "at this level"},
		{"thaad-pressure", "easy", "real: no bluffs at this level", "never bluffs"}, // easy sets side.prc.bluffs = 0, the file 1
	} {
		m := New(Options{Entries: []Entry{scenarioEntry(t, tc.file)}, Seed: 1, SkipPicker: true, Difficulty: tc.level})
		m = press(t, resize(t, m, 160, 48), "enter", "enter")
		screen := plain(m)
		if !strings.Contains(screen, tc.want) || strings.Contains(screen, tc.not) {
			t.Errorf("%s at %s: want %q and no %q:\n%s", tc.file, tc.level, tc.want, tc.not, screen)
		}
	}
}

// A resumed game says why its adversary never bluffs as the game did when
// it began and as the report of its journal does (Session.SetWritten from
// the journal's scenario): resumed, gray-zone at easy said "no bluffs in
// this game" where it had said "no bluffs at this level".
func TestResumedGameSaysWhyTheAdversaryNeverBluffs(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 1, SkipPicker: true, Difficulty: "easy", Journal: true})
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, resize(t, m, 160, 48), "enter", "enter")
	prc := m.sess.C.SideIndex("prc")
	if got := m.noBluffsWhy(prc); got != "no bluffs at this level" {
		t.Fatalf("the new game says %q", got)
	}
	m.sess.Journal.Close() // as a quit leaves it
	s, _, err := Resume(m.sess.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return s })
	defer s.Journal.Close()
	r := m
	r.sess = s
	if got := r.noBluffsWhy(prc); got != "no bluffs at this level" {
		t.Errorf("resumed, the game says %q, want %q", got, "no bluffs at this level")
	}
}
