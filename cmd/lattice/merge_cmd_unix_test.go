//go:build unix

package main

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestMergeAndCompareRefuseAPipe: merge and compare read each file more
// than once, so a pipe (lattice batch ... | lattice merge /dev/stdin) or a
// directory is refused at once, unopened, naming what it is; a pipe, read
// empty the second time, merged into a header alone with exit 0, and
// compare said the files held no rows.
func TestMergeAndCompareRefuseAPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "rows.csv")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("no FIFO: %v", err)
	}
	for _, tt := range []struct{ file, what string }{{fifo, "(a FIFO)"}, {dir, "(a directory)"}} {
		for _, cmd := range []string{"merge", "compare"} {
			r := run(t, cmd, tt.file)
			if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "not a regular file "+tt.what) || !strings.Contains(r.stderr, "more than once") {
				t.Errorf("%s %s: %v", cmd, tt.file, r)
			}
		}
	}
}

// TestPlayFromBatchNotAPipe: play --from-batch of a named pipe waited for a
// writer, and neither Ctrl-C nor SIGTERM ended it; a directory said "read
// DIR: is a directory". Both are refused as not row files.
func TestPlayFromBatchNotAPipe(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "rows.csv")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no named pipes here:", err)
	}
	for path, kind := range map[string]string{fifo: "a FIFO", dir: "a directory"} {
		r := run(t, "play", "--from-batch", path, "--run", "0")
		if want := path + ": not a regular file (" + kind + "): give the rows file lattice batch --out wrote"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("want exit %d and %q; got %s", exitInvalid, want, r)
		}
	}
}
