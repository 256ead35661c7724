package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"lattice/sim/journal"
)

// buildBinary builds the real lattice binary into a temporary directory.
func buildBinary(t *testing.T) string {
	t.Helper()
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
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runBin runs the binary to its end.
func runBin(t *testing.T, bin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = strings.NewReader("")
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// finalHash returns the hash on the "Hash: " line of a text run log.
func finalHash(t testing.TB, r result) string {
	i := strings.LastIndex(r.stdout, "\nHash: ")
	if r.code != exitOK || i < 0 {
		if t == nil {
			panic("no final hash")
		}
		t.Helper()
		t.Fatalf("no final hash: exit %d\n%s", r.code, r)
	}
	return strings.TrimSpace(r.stdout[i+len("\nHash: "):])
}

// TestBinaryKillResume kills a journalling `lattice run` with SIGKILL in
// the middle of its game, checks that the journalled prefix verifies (a
// torn last line is reported), then continues the game with `lattice run
// --resume` and checks that it ends exactly as an uninterrupted game with
// the same seed.
func TestBinaryKillResume(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL and fsync semantics: Linux and macOS only")
	}
	bin := buildBinary(t)
	game := []string{"run", "tutorial", "--seed", "3", "--set", "turns=1000", "--policy", "rok=lookahead,us=lookahead"}
	full := finalHash(t, runBin(t, bin, game...))

	dir := t.TempDir()
	jpath := filepath.Join(dir, "game.jsonl")
	cmd := exec.Command(bin, append(game, "--journal", jpath)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Poll the journal until some turns are in it, then kill.
	deadline := time.Now().Add(30 * time.Second)
	finished := false
	for {
		data, _ := os.ReadFile(jpath)
		if bytes.Count(data, []byte("\n")) >= 40 {
			break
		}
		select {
		case <-done:
			finished = true
		default:
		}
		if finished || time.Now().After(deadline) {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	if !finished {
		if err := cmd.Process.Signal(os.Kill); err != nil && !errors.Is(err, os.ErrProcessDone) {
			t.Fatal(err)
		}
		<-done
	}
	if cmd.ProcessState.ExitCode() == exitOK {
		t.Skip("the game finished before it was killed; nothing to check")
	}

	j, _, err := journal.Read(jpath)
	if err != nil {
		t.Fatalf("the killed game's journal does not read: %v", err)
	}
	last := j.LastTurn()
	if last < 1 || last >= 1000 {
		t.Fatalf("the killed game journalled %d turns", last)
	}
	t.Logf("killed after %d turns", last)
	check := func(path string, torn bool) {
		t.Helper()
		r := runBin(t, bin, "replay", path, "--verify")
		if torn {
			if r.code == exitOK || !strings.Contains(r.stderr, "torn") {
				t.Errorf("replay --verify of a torn journal: exit %d, stderr %q; want a failure naming the torn line", r.code, r.stderr)
			}
			return
		}
		if r.code != exitOK || !strings.Contains(r.stdout, "verified") {
			t.Errorf("replay --verify of the killed game's journal: exit %d\n%s", r.code, r)
		}
	}
	check(jpath, len(j.Torn) > 0 || j.Unterminated > 0)

	// The same journal with a torn last line, as a kill during a write
	// leaves it: reported, then skipped by --resume.
	data, err := os.ReadFile(jpath)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	tornPath := filepath.Join(dir, "torn.jsonl")
	lastLine := lines[len(lines)-1]
	if err := os.WriteFile(tornPath, append(bytes.Clone(data), lastLine[:len(lastLine)/2]...), 0o644); err != nil {
		t.Fatal(err)
	}
	check(tornPath, true)

	for _, path := range []string{jpath, tornPath} {
		r := runBin(t, bin, "run", "--resume", path)
		if got := finalHash(t, r); got != full {
			t.Errorf("%s: resumed game ends with hash %s, the uninterrupted game with %s", filepath.Base(path), got, full)
		}
		if path == tornPath && !strings.Contains(r.stderr, "torn") {
			t.Errorf("resuming a torn journal does not report the torn line: stderr %q", r.stderr)
		}
		r = runBin(t, bin, "replay", path, "--verify")
		if r.code != exitOK || !strings.Contains(r.stdout, "verified: 1000 turns, final hash "+full) {
			t.Errorf("%s: replay --verify after --resume: exit %d\n%s", filepath.Base(path), r.code, r)
		}
	}
}
