package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinary builds the real lattice binary and checks what only a process
// shows: exit statuses, separate stdout and stderr, and SIGINT.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool in PATH")
	}
	bin := filepath.Join(t.TempDir(), "lattice")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command(goTool, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := t.TempDir()
	bad := writeFile(t, dir, "bad.toml", "format = 1\nid = \"bad\"\ntitle = \"Bad\"\nturns = 0\n")

	for _, tt := range []struct {
		args []string
		code int
	}{
		{nil, exitUsage},
		{[]string{"help"}, exitOK},
		{[]string{"run", "tutorial", "--seed", "7"}, exitOK},
		{[]string{"run", "tutorial", "--seed", "7", "--format", "json"}, exitOK},
		{[]string{"scenarios", "--format", "json"}, exitOK},
		{[]string{"run"}, exitUsage},
		{[]string{"rn"}, exitUsage},
		{[]string{"run", "tutorial", "--bogus"}, exitUsage},
		{[]string{"run", "nosuch"}, exitInvalid},
		{[]string{"run", "tutorial", "--set", "side.rok.budget=abc"}, exitInvalid},
		{[]string{"validate", "tutorial", bad}, exitInvalid},
	} {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			cmd := exec.Command(bin, tt.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			cmd.Stdin = strings.NewReader("")
			err := cmd.Run()
			var ee *exec.ExitError
			if err != nil && !errors.As(err, &ee) {
				t.Fatal(err)
			}
			got := result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
			if got.code != tt.code {
				t.Fatalf("exit %d, want %d\n%s", got.code, tt.code, got)
			}
			checkStreams(t, label(tt.args), got)
			// The process writes exactly what runMain writes in-process.
			if want := run(t, tt.args...); got.stdout != want.stdout || got.stderr != want.stderr {
				t.Errorf("the binary's output differs from runMain's:\nstdout %s\nstderr %s", firstDiff(want.stdout, got.stdout), firstDiff(want.stderr, got.stderr))
			}
		})
	}

	// SIGTERM is what Slurm and Kubernetes send a job they stop: it ends a
	// command as Ctrl-C does.
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			if runtime.GOOS == "windows" {
				t.Skip("no such signal on windows")
			}
			// A long game: 1000 turns with lookahead on both sides takes
			// seconds. The text log is flushed every 4 KiB, so the first output
			// arrives after a turn or two, once the signal handler is
			// installed; the signal then lands with nearly all the game to go.
			cmd := exec.Command(bin, "run", "tutorial", "--set", "turns=1000", "--policy", "rok=lookahead,us=lookahead")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			first := make([]byte, 1)
			if _, err := io.ReadFull(out, first); err != nil {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("no output before the signal: %v", err)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan []byte)
			go func() {
				rest, _ := io.ReadAll(out)
				done <- rest
			}()
			var rest []byte
			select {
			case rest = <-done:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				<-done
				cmd.Wait()
				t.Fatal("still running 30 s after the signal")
			}
			cmd.Wait()
			stdout := string(first) + string(rest)
			code := cmd.ProcessState.ExitCode()
			if code == exitOK && strings.Contains(stdout, "Verdict") {
				t.Skip("the game finished before the signal arrived; nothing to check")
			}
			if code != exitInterrupted {
				t.Errorf("exit %d after %v, want %d\nstderr: %s", code, sig, exitInterrupted, stderr.String())
			}
			if stderr.String() != "lattice run: interrupted\n" {
				t.Errorf("stderr = %q, want %q", stderr.String(), "lattice run: interrupted\n")
			}
			if strings.Contains(stdout, "Verdict") {
				t.Errorf("the interrupted game still printed a verdict")
			}
			// What was printed is the start of the whole game's log: whole
			// turns, flushed, nothing garbled.
			full := run(t, "run", "tutorial", "--set", "turns=1000", "--policy", "rok=lookahead,us=lookahead")
			if !strings.HasPrefix(full.stdout, stdout) {
				t.Errorf("the interrupted log is not a prefix of the full log: %s", firstDiff(full.stdout[:min(len(full.stdout), len(stdout))], stdout))
			}
			if !strings.HasSuffix(stdout, "\n") {
				t.Errorf("the interrupted log ends mid-line: %q", stdout[max(0, len(stdout)-80):])
			}
		})
	}

	t.Run("SIGINT while reading", func(t *testing.T) {
		t.Skip("known problem: main catches SIGINT with signal.NotifyContext, but only run checks the context, between turns; a command blocked reading (lattice validate /dev/stdin, a FIFO, a slow network file) ignores Ctrl-C, and a second Ctrl-C too, until the read ends")
		if runtime.GOOS == "windows" {
			t.Skip("no SIGINT on windows")
		}
		cmd := exec.Command(bin, "validate", "/dev/stdin")
		stdin, err := cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		defer stdin.Close()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond) // let it block on the read
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
			if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
				t.Errorf("exit %d after SIGINT, want %d", code, exitInterrupted)
			}
		case <-time.After(5 * time.Second):
			stdin.Close()
			<-done
			t.Errorf("validate /dev/stdin still running 5 s after SIGINT")
		}
	})
}
