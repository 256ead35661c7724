//go:build unix

package journal

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestOneWriterAtATime: a journal open for writing (a game being played)
// cannot be opened for writing again; two terminals resuming one save each
// appended their own next turn, and the journal never loaded again ("turn 2
// is recorded twice"). Reading it stays possible, and once the first
// writer closes, the journal can be continued.
func TestOneWriterAtATime(t *testing.T) {
	good, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "g.jsonl")
	w, err := Create(p, good.Header)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, err := OpenAppend(p); err == nil || !strings.Contains(err.Error(), "is open in another lattice") {
		t.Fatalf("OpenAppend while Create's writer is open: %v", err)
	}
	if _, _, err := Read(p); err != nil {
		t.Errorf("Read while a writer is open: %v", err)
	}
	w.Close()
	w2, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatalf("OpenAppend after Close: %v", err)
	}
	if _, _, _, err := OpenAppend(p); err == nil || !strings.Contains(err.Error(), "is open in another lattice") {
		t.Errorf("a second OpenAppend: %v", err)
	}
	w2.Close()
	w3, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatalf("OpenAppend after the second Close: %v", err)
	}
	w3.Close()
}

// TestInUse: a journal is in use while a Writer holds it and free once it
// closes; probing it neither keeps a writer out afterwards nor stops a
// reader, and a missing file is not in use.
func TestInUse(t *testing.T) {
	good, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "g.jsonl")
	if InUse(p) {
		t.Error("a missing journal is in use")
	}
	w, err := Create(p, good.Header)
	if err != nil {
		t.Fatal(err)
	}
	if !InUse(p) {
		t.Error("a journal open for writing is not in use")
	}
	if _, _, err := Read(p); err != nil {
		t.Errorf("Read after InUse: %v", err)
	}
	w.Close()
	if InUse(p) {
		t.Error("a closed journal is in use")
	}
	w2, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatalf("OpenAppend after InUse: %v", err)
	}
	w2.Close()
}
