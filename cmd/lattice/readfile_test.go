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
	"time"
)

// TestPolicyFileNotRegular: a directory, or a file over 64 KiB, named as
// a policy is refused by what it is.
func TestPolicyFileNotRegular(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "d.toml"), 0o755); err != nil {
		t.Fatal(err)
	}
	big := writeFile(t, dir, "big.toml", "# "+strings.Repeat("x", 70<<10)+"\n")
	for _, tt := range []struct{ pol, want string }{
		{filepath.Join(dir, "d.toml"), "d.toml: not a regular file (a directory): give a policy .toml file"},
		{big, "big.toml: over 64 KiB, the most a policy .toml file may hold"},
	} {
		for _, args := range [][]string{
			{"run", "tutorial", "--policy", "rok=" + tt.pol},
			{"batch", "tutorial", "--runs", "2", "--policy", "rok=" + tt.pol},
		} {
			r := run(t, args...)
			if r.code != exitInvalid || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("%s: want exit 1 and %q, got\n%s", strings.Join(args, " "), tt.want, r)
			}
		}
	}
}

// TestBinaryEndlessFiles: a policy that is /dev/zero or a FIFO, and a
// lattice.schema.json linked to /dev/zero beside a new scenario, are
// refused (or left alone) at once; they were read until memory ran out,
// or blocked for ever. The binary runs them, under a deadline far beyond
// what they take, so that a regression fails rather than hangs the tests.
func TestBinaryEndlessFiles(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/dev/zero and mkfifo: Linux")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	zero := filepath.Join(dir, "z.toml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "f.toml")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip(err)
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "lattice.schema.json")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "tutorial", "--policy", "rok=" + zero}, exitInvalid, "z.toml: not a regular file (a device): give a policy .toml file"},
		{[]string{"run", "tutorial", "--policy", "rok=" + fifo}, exitInvalid, "f.toml: not a regular file (a FIFO): give a policy .toml file"},
		{[]string{"new", filepath.Join(dir, "s")}, exitOK, "left " + filepath.Join(dir, "lattice.schema.json") + " as it is: not a regular file (a device)"},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, bin, tt.args...)
		cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+t.TempDir())
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		cmd.Run()
		cancel()
		if code := cmd.ProcessState.ExitCode(); code != tt.code || !strings.Contains(stdout.String()+stderr.String(), tt.want) {
			t.Errorf("%s: exit %d (%v), want %d and %q\n%s%s", strings.Join(tt.args, " "), code, cmd.ProcessState, tt.code, tt.want, stdout.String(), stderr.String())
		}
	}
}
