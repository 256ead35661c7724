//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestScenarioNotAPipe: a scenario that is a FIFO or a pipe is refused,
// unread. A FIFO with no writer hung validate, run, keys and batch (and
// Ctrl-C did not end them); a pipe (batch <(cat x.toml), cat x.toml |
// batch /dev/stdin) was read twice, and the second, empty read said the
// valid file lacked format and every other key.
func TestScenarioNotAPipe(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "tutorial.toml"))
	if err != nil {
		t.Fatal(err)
	}
	want := "not a regular file (a FIFO): a scenario is read more than once"
	for i, cmd := range [][]string{{"validate"}, {"validate", "DIR"}, {"keys"}, {"run"}, {"batch", "--runs", "2"}} {
		dir := filepath.Join(t.TempDir(), fmt.Sprint(i))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		fifo := filepath.Join(dir, "f.toml")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skipf("no FIFO: %v", err)
		}
		// Should a command open the FIFO, it blocks until a writer does:
		// the guard opens and closes one now and then, so that the command
		// reads nothing and ends (failing the test) rather than hang it.
		stop := make(chan struct{})
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(10 * time.Second):
					if w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
						w.Close()
					}
				}
			}
		}()
		args := append([]string{cmd[0], fifo}, cmd[1:]...)
		if len(cmd) > 1 && cmd[1] == "DIR" {
			args = []string{cmd[0], dir}
		}
		if r := run(t, args...); r.code != exitInvalid || !strings.Contains(r.stderr, fifo+": "+want) {
			t.Errorf("%s: %v; want exit 1 and %q", label(args), r, want)
		}
		close(stop)
	}
	dir := t.TempDir()

	// A pipe holding a valid scenario, as <(cat x.toml) gives.
	pipe := func() string {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pr.Close() })
		go func() { pw.Write(data); pw.Close() }()
		return fmt.Sprintf("/dev/fd/%d", pr.Fd())
	}
	if _, err := os.Stat("/dev/fd/0"); err != nil {
		t.Skip("no /dev/fd")
	}
	for _, args := range [][]string{{"batch", pipe(), "--runs", "3"}, {"run", pipe(), "--journal", filepath.Join(dir, "j.jsonl")}} {
		if r := run(t, args...); r.code != exitInvalid || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "missing") {
			t.Errorf("%s: %v; want exit 1 and %q", label(args), r, want)
		}
	}
}
