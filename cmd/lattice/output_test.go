package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// failWriter fails every write with err.
type failWriter struct{ err error }

func (f failWriter) Write(p []byte) (int, error) { return 0, f.err }

func runOut(t *testing.T, stdout failWriter, args ...string) result {
	t.Helper()
	var stderr strings.Builder
	e := &env{stdout: stdout, stderr: &stderr, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	code := runMain(context.Background(), e, args)
	return result{stderr: stderr.String(), code: code}
}

// TestOutputWriteErrors: a command whose output cannot be written (a full
// disk) fails, exit 1, naming itself; a closed pipe ends it quietly.
func TestOutputWriteErrors(t *testing.T) {
	dir := t.TempDir()
	jpath := playedJournal(t, dir, "tutorial", "1")
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "4", "--policies", "balanced,free-rider", "--format", "csv", "--out", rows); r.code != exitOK {
		t.Fatalf("batch: %s", r)
	}
	for _, args := range [][]string{
		{"run", "tutorial"},
		{"run", "tutorial", "--format", "json"},
		{"run", "--fork", jpath, "--at", "2", "--journal", "FORK"},
		{"keys", "tutorial"},
		{"keys", "tutorial", "--format", "json"},
		{"scenarios"},
		{"scenarios", "--format", "json"},
		{"validate", "tutorial"},
		{"replay", jpath},
		{"replay", jpath, "--format", "json"},
		{"report", jpath},
		{"schema"},
		{"batch", "tutorial", "--runs", "4", "--format", "csv"},
		{"batch", "tutorial", "--runs", "4"},
		// Rows past the output's buffer: the write fails mid-batch.
		{"batch", "tutorial", "--runs", "3000", "--format", "csv"},
		{"batch", "tutorial", "--runs", "3000", "--format", "jsonl"},
		{"merge", rows},
		{"compare", rows},
		{"version"},
		{"help"},
	} {
		name := strings.Join(args, " ")
		fork := func(args []string, n string) []string {
			args = append([]string(nil), args...)
			for i, a := range args {
				if a == "FORK" {
					args[i] = filepath.Join(dir, n+".jsonl")
				}
			}
			return args
		}
		r := runOut(t, failWriter{syscall.ENOSPC}, fork(args, "full")...)
		want := "lattice " + args[0] + ": writing output: "
		if r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("%s > full disk: exit %d, stderr %q; want exit 1 and %q", name, r.code, r.stderr, want)
		}
		if strings.Count(r.stderr, "writing output") != 1 {
			t.Errorf("%s > full disk: the error is not said once:\n%s", name, r.stderr)
		}
		r = runOut(t, failWriter{syscall.EPIPE}, fork(args, "closed")...)
		if r.code != exitBrokenPipe || strings.Contains(r.stderr, "writing output") || strings.Contains(r.stderr, "broken pipe") {
			t.Errorf("%s | closed pipe: exit %d, stderr %q; want exit %d and no error", name, r.code, r.stderr, exitBrokenPipe)
		}
	}
}

// TestBinaryOutputErrors runs the binary with stdout on /dev/full and on
// a pipe closed after its first line.
func TestBinaryOutputErrors(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/dev/full: Linux only")
	}
	bin := buildBinary(t)
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer full.Close()
	for _, args := range [][]string{{"run", "tutorial"}, {"keys", "tutorial"}, {"scenarios"}, {"validate", "tutorial"}, {"validate", "--play", "5", "tutorial"}} { // --play: exit 1 and not a word
		cmd := exec.Command(bin, args...)
		var stderr strings.Builder
		cmd.Stdout, cmd.Stderr = full, &stderr
		cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != exitInvalid || !strings.Contains(stderr.String(), "writing output: ") {
			t.Errorf("%s > /dev/full: exit %d, stderr %q; want 1 and writing output", strings.Join(args, " "), code, stderr.String())
		}
	}
	// | head -0: the reader is gone before lattice writes; it ends by
	// SIGPIPE (or, with SIGPIPE ignored, exit 141), saying nothing.
	cmd := exec.Command(bin, "run", "tutorial")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out.Close()
	cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !(ws.Signaled() && ws.Signal() == syscall.SIGPIPE) && ws.ExitStatus() != exitBrokenPipe {
		t.Errorf("| head: %v, want SIGPIPE or exit 141", cmd.ProcessState)
	}
	if stderr.String() != "" {
		t.Errorf("| head: stderr %q, want nothing", stderr.String())
	}
}

// TestOutputWriterKeepsTheTerminal: commands see stdout through outWriter;
// their terminal checks (play's "needs a terminal", batch's table default
// and width) must still see the file beneath. /dev/null is a character
// device, which isTerminal takes for one.
func TestOutputWriterKeepsTheTerminal(t *testing.T) {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	if !isTerminal(f) {
		t.Skip(os.DevNull + " is not a character device here")
	}
	if !isTerminal(&outWriter{w: f}) {
		t.Error("isTerminal does not see the file beneath outWriter")
	}
}

// TestOutputIntoAMissingDirectory: a file to be written (--out, --journal)
// in a directory that does not exist names the directory to make, where
// the system's "no such file or directory" read as if lattice had looked
// for the file itself (the README's Slurm script wrote to sweep-1/, which
// nothing made: every task failed so). Nothing is written, not even the
// directory.
func TestOutputIntoAMissingDirectory(t *testing.T) {
	dir := t.TempDir()
	jpath := playedJournal(t, dir, "tutorial", "1")
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "4", "--format", "csv", "--out", rows); r.code != exitOK {
		t.Fatalf("batch: %s", r)
	}
	missing := filepath.Join(dir, "sweep-1")
	out := filepath.Join(missing, "out")
	for _, args := range [][]string{
		{"batch", "tutorial", "--runs", "4", "--out", out + ".csv"},
		{"batch", "--from", jpath, "--at", "2", "--runs", "4", "--out", out + ".json"},
		{"merge", rows, "--out", out + ".csv"},
		{"report", jpath, "--out", out + ".md"},
		{"run", "tutorial", "--journal", out + ".jsonl"},
		{"run", "--fork", jpath, "--at", "2", "--journal", out + ".jsonl"},
		{"new", out},
	} {
		r := run(t, args...)
		want := "directory " + missing + " does not exist (create it first)"
		if r.code != exitInvalid || !strings.Contains(r.stderr, want) || r.stdout != "" {
			t.Errorf("%v: %s\nwant exit 1 and %q", args, r, want)
		}
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("%s was made", missing)
	}
}

// TestOutputNeverReplacesAJournal: an --out that names a game journal is
// refused before any work, as run --journal and report --out of the
// journal itself refuse; batch, merge and report replaced the game's only
// record with their output, exit 0. Rows are replaced as before.
func TestOutputNeverReplacesAJournal(t *testing.T) {
	dir := t.TempDir()
	jpath := playedJournal(t, dir, "tutorial", "1")
	other := filepath.Join(dir, "other.jsonl")
	if r := run(t, "run", "tutorial", "--seed", "2", "--journal", other); r.code != exitOK {
		t.Fatalf("journal: %s", r)
	}
	rows := filepath.Join(dir, "rows.jsonl")
	if r := run(t, "batch", "tutorial", "--runs", "4", "--out", rows); r.code != exitOK {
		t.Fatalf("batch: %s", r)
	}
	before, _ := os.ReadFile(other)
	for _, args := range [][]string{
		{"batch", "tutorial", "--runs", "4", "--out", other},
		{"batch", "--from", jpath, "--at", "2", "--runs", "4", "--format", "json", "--out", other},
		{"merge", rows, "--out", other},
		{"report", jpath, "--out", other},
	} {
		r := run(t, args...)
		want := "cannot write " + other + ": it is a game journal, which lattice never overwrites"
		if r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: %s\nwant exit 1 and %q", args, r, want)
		}
	}
	if after, _ := os.ReadFile(other); string(after) != string(before) {
		t.Errorf("%s was changed", other)
	}
	if r := run(t, "batch", "tutorial", "--runs", "3", "--out", rows); r.code != exitOK {
		t.Errorf("rows over rows: %s", r)
	}
	// Nor a scenario or policy file: no output of lattice's is TOML.
	scen := filepath.Join(dir, "mine.toml")
	if r := run(t, "new", scen); r.code != exitOK {
		t.Fatalf("new: %s", r)
	}
	before, _ = os.ReadFile(scen)
	for _, args := range [][]string{
		{"batch", "tutorial", "--runs", "3", "--format", "csv", "--out", scen},
		{"merge", rows, "--format", "csv", "--out", scen},
		{"report", jpath, "--format", "md", "--out", scen},
	} {
		r := run(t, args...)
		if want := "cannot write " + scen + ": it is a TOML file"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: %s\nwant exit 1 and %q", args, r, want)
		}
	}
	if after, _ := os.ReadFile(scen); string(after) != string(before) {
		t.Errorf("%s was changed", scen)
	}
}
