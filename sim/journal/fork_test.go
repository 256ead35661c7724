package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFork: a fork's journal carries its parent's first turns and replays
// on its own; without a reseed its copied turns replay to the parent's
// hashes, with one the game after the fork turn has fresh dice.
func TestFork(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "parent.jsonl")
	playJournal(t, parent, 4)
	j, _, err := Read(parent)
	if err != nil {
		t.Fatal(err)
	}
	pres, err := Replay(j, Options{To: 2})
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(77)
	for _, tc := range []struct {
		name   string
		at     int
		reseed *uint64
	}{{"same-dice", 2, nil}, {"fresh-dice", 2, &seed}, {"start", 0, &seed}} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".jsonl")
			w, err := CreateFork(path, j, tc.at, tc.reseed, "test", created)
			if err != nil {
				t.Fatal(err)
			}
			w.Close()
			f, _, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			abs, _ := filepath.Abs(parent)
			if f.Header.Parent != abs || f.Header.ParentTurn != tc.at || (f.Header.Reseed == nil) != (tc.reseed == nil) {
				t.Fatalf("header: parent %q turn %d reseed %v", f.Header.Parent, f.Header.ParentTurn, f.Header.Reseed)
			}
			if f.LastTurn() != tc.at {
				t.Fatalf("the fork holds %d turns, want %d", f.LastTurn(), tc.at)
			}
			res, err := Replay(f, Options{Verify: true})
			if err != nil {
				t.Fatal(err)
			}
			if tc.at == 2 && tc.reseed == nil && res.Hash != pres.Hash {
				t.Errorf("fork without reseed: hash %s, the parent after turn 2: %s", res.Hash, pres.Hash)
			}
			if tc.reseed != nil && res.Game.Seed() != seed {
				t.Errorf("the reseeded fork has seed %d", res.Game.Seed())
			}
		})
	}
	if _, err := CreateFork(filepath.Join(dir, "x.jsonl"), j, j.LastTurn()+1, nil, "test", created); err == nil {
		t.Error("a fork after the last turn was accepted")
	}
	if _, err := CreateFork(filepath.Join(dir, "y.jsonl"), j, j.LastTurn(), nil, "test", created); err == nil || !strings.Contains(err.Error(), "ended") {
		t.Errorf("a fork after the game's end: %v", err)
	}
	// A header with parent_turn but no parent is refused.
	bad := j.Header
	bad.ParentTurn = 3
	if _, err := Create(filepath.Join(dir, "bad.jsonl"), bad); err == nil {
		t.Error("parent_turn without parent accepted")
	}
	os.Remove(filepath.Join(dir, "bad.jsonl"))
}
