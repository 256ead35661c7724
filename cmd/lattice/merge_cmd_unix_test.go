//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
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
	// A directory is told to give the files in it: it was told that merge
	// reads each file more than once, which a pipe cannot be.
	for _, tt := range []struct{ file, what, why string }{{fifo, "(a FIFO)", "more than once"}, {dir, "(a directory)", "give the row files in it, such as " + filepath.Join(dir, "*.csv")}} {
		for _, cmd := range []string{"merge", "compare"} {
			r := run(t, cmd, tt.file)
			if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "not a regular file "+tt.what) || !strings.Contains(r.stderr, tt.why) {
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

// TestMergeTooManyFilesSaysWhatToDo: merge keeps every shard open at once;
// more shards than the limit of open files said only "s832.csv: too many
// open files". The binary runs under a limit of 24 (ulimit -n sets the
// hard limit too, which Go cannot raise) with 40 shards.
func TestMergeTooManyFilesSaysWhatToDo(t *testing.T) {
	bin := buildBinary(t)
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	dir := t.TempDir()
	const n = 40
	args := []string{"-c", `ulimit -n 24 && exec "$@"`, "sh", bin, "merge"}
	for i := range n {
		f := filepath.Join(dir, fmt.Sprintf("s%d.csv", i))
		if r := run(t, "batch", "tutorial", "--runs", fmt.Sprint(n), "--shard", fmt.Sprintf("%d/%d", i, n), "--format", "csv", "--out", f); r.code != exitOK {
			t.Fatal(r)
		}
		args = append(args, f)
	}
	var stderr strings.Builder
	cmd := exec.Command(sh, args...)
	cmd.Stderr = &stderr
	err = cmd.Run()
	if want := "too many open files: merge and compare keep every file given open at once, more than the limit of open files allows; raise it above the number of files (ulimit -n) and run again"; err == nil || !strings.Contains(stderr.String(), want) {
		t.Errorf("merge of %d shards under ulimit -n 24: %v, want %q in:\n%s", n, err, want, stderr.String())
	}
}

// TestOutInADirectoryThatRefusesFiles: --out /proc/x.csv said "cannot
// write /proc/x.csv: no such file or directory" (batch and merge), though
// /proc is there: what the directory refused is said instead.
func TestOutInADirectoryThatRefusesFiles(t *testing.T) {
	if st, err := os.Stat("/proc/self"); err != nil || !st.IsDir() {
		t.Skip("no procfs at /proc")
	}
	rows := filepath.Join(t.TempDir(), "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "2", "--format", "csv", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	want := "--out: cannot write /proc/x.csv: the directory /proc does not accept new files; give a path in a directory you can write to"
	for _, args := range [][]string{{"batch", "tutorial", "--runs", "2", "--out", "/proc/x.csv"}, {"merge", rows, "--out", "/proc/x.csv"}} {
		if r := run(t, args...); r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: %v; want exit 1 and %q", args, r, want)
		}
	}
}
