package safefile

import (
	"os"
	"path/filepath"
	"testing"
)

// Writing over a file that exists leaves it as it was until Commit, and
// as it was after Abort: a batch killed while writing its --out left the
// old results whole. A mutation writing straight into the target passed
// every test, which only wrote new files.
func TestOverwriteKeepsTheOldFileUntilCommit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "results.csv")
	if err := os.WriteFile(path, []byte("old results\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func() string {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	f, err := Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("new, half written")); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "old results\n" {
		t.Errorf("while writing, the target holds %q, want the old results", got)
	}
	f.Abort()
	if got := read(); got != "old results\n" {
		t.Errorf("after Abort, the target holds %q, want the old results", got)
	}
	assertOnly(t, dir, "results.csv")

	f, err = Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("new results\n"))
	if got := read(); got != "old results\n" {
		t.Errorf("before Commit, the target holds %q, want the old results", got)
	}
	if err := f.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != "new results\n" {
		t.Errorf("after Commit, the target holds %q, want the new results", got)
	}
	assertOnly(t, dir, "results.csv")
}
