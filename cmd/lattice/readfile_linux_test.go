package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinaryEndlessFiles: a policy that is /dev/zero or a FIFO, and a
// lattice.schema.json linked to /dev/zero beside a new scenario, are
// refused (or left alone) at once; they were read until memory ran out,
// or blocked for ever. The binary runs them, under a deadline far beyond
// what they take, so that a regression fails rather than hangs the tests.
func TestBinaryEndlessFiles(t *testing.T) {
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
