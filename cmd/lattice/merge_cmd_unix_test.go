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
