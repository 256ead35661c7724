package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// interruptedBatch writes what a batch of two policy arms stopped by
// Ctrl-C during its first arm leaves: the first arm's first runs, and a
// manifest that says the batch is not complete. Runs are played arm by
// arm, so the second arm has no row at all.
func interruptedBatch(t *testing.T, dir string) string {
	t.Helper()
	f := filepath.Join(dir, "cut.csv")
	if r := run(t, "batch", "tutorial", "--runs", "20", "--policies", "balanced,free-rider", "--format", "csv", "--out", f); r.code != 0 {
		t.Fatalf("batch: %v", r)
	}
	rows := mustRead(t, f)
	lines := bytes.SplitAfter(rows, []byte("\n"))
	if err := os.WriteFile(f, bytes.Join(lines[:1+12], nil), 0o644); err != nil {
		t.Fatal(err)
	}
	man := string(mustRead(t, f+".manifest.json"))
	for old, repl := range map[string]string{`"complete": true`: `"complete": false`, `"runs_in_file": 40`: `"runs_in_file": 12`} {
		if !strings.Contains(man, old) {
			t.Fatalf("manifest has no %s:\n%s", old, man)
		}
		man = strings.Replace(man, old, repl, 1)
	}
	if err := os.WriteFile(f+".manifest.json", []byte(man), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestCompareSaysWhyOneArm: compare --partial of an interrupted batch
// whose later arms never started says that they have no rows, and why; it
// told the analyst to "run batch with --policies or --set", which the
// batch had been. Rows of no run at all are said to be that.
func TestCompareSaysWhyOneArm(t *testing.T) {
	dir := t.TempDir()
	f := interruptedBatch(t, dir)
	r := run(t, "compare", "--partial", f)
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("compare --partial of one arm: %v, want exit 1 and nothing on stdout", r)
	}
	for _, want := range []string{"planned 2 arms", "no rows", "interrupted"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("compare --partial: %q missing from\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "run batch with --policies") {
		t.Errorf("compare --partial of a batch that had --policies tells to give --policies:\n%s", r.stderr)
	}

	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "compare", empty)
	if r.code != 1 || !strings.Contains(r.stderr, "no rows") || strings.Contains(r.stderr, "one arm") {
		t.Errorf("compare of an empty file: %v, want exit 1 and that it holds no rows", r)
	}
}
