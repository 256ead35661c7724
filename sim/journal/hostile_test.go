package journal

import (
	"os"
	"path/filepath"
	"testing"
)

// TestByteOrderMark: a journal saved again by an editor that adds a
// byte-order mark reads, verifies and continues as before; it was "not a
// lattice journal".
func TestByteOrderMark(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "bom.jsonl")
	if err := os.WriteFile(p, append([]byte("\ufeff"), good...), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	j, warns, err := Read(p)
	if err != nil || len(warns) > 0 {
		t.Fatalf("read: %v %v", warns, err)
	}
	if len(j.Entries) != len(want.Entries) || j.Header.Scenario != want.Header.Scenario {
		t.Fatalf("read %d entries of %q, want %d of %q", len(j.Entries), j.Header.Scenario, len(want.Entries), want.Header.Scenario)
	}
	res, err := Replay(j, Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Replay(want, Options{Verify: true})
	if err != nil || res.Hash != ref.Hash {
		t.Fatalf("replayed to %s, want %s (%v)", res.Hash, ref.Hash, err)
	}
	w, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
}
