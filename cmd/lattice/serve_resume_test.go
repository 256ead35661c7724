package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lattice/tui"
)

// serveUntilStarted runs lattice serve with args until its host key is
// there and it has had a moment to start, then interrupts it.
func serveUntilStarted(t *testing.T, dir string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan result, 1)
	go func() { done <- runCtx(t, ctx, append([]string{"serve"}, args...)...) }()
	waitForFile(t, dir+"/lattice/ssh_host_ed25519")
	time.Sleep(300 * time.Millisecond) // let it start (not a timing assertion)
	cancel()
	return <-done
}

// journalsOf returns the journals in the command to carry on.
func journalsOf(t *testing.T, stderr string) []string {
	t.Helper()
	_, cmd, ok := strings.Cut(stderr, "To carry on later:  ")
	if !ok {
		t.Fatalf("no command to carry on:\n%s", stderr)
	}
	cmd, _, _ = strings.Cut(cmd, "\n")
	var out []string
	for _, part := range strings.Split(cmd, " --resume ")[1:] {
		out = append(out, strings.TrimSpace(part))
	}
	return out
}

// An allied side no team joined can be given to the computer once the
// game has started: --ai with --resume (refused before, while the console
// told the instructor to use it). The command to carry on repeats --ai,
// which the journal's header does not hold.
func TestServeResumeWithAI(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	r := serveUntilStarted(t, dir, "--listen", "127.0.0.1:0")
	paths := journalsOf(t, r.stderr)
	if len(paths) != 1 {
		t.Fatalf("journals %q", paths)
	}
	r = serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--resume", paths[0], "--ai", "us")
	if r.code != exitInterrupted {
		t.Fatalf("exit %d, want 130:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"Game 1: the computer plays United States (balanced) from now on", "--ai=us --resume " + paths[0]} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// Every allied side: refused, as at the start.
	r = run(t, "serve", "--listen", "127.0.0.1:0", "--resume", paths[0], "--ai", "us,rok")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "leaves no allied side to the teams") {
		t.Errorf("--ai us,rok with --resume: exit %d\n%s", r.code, r.stderr)
	}
	// The refusal let the journal go: it was left open and locked, so
	// the same journal was "in use" until the process ended (and on
	// Windows could not be removed).
	if r = serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--resume", paths[0]); r.code != exitInterrupted {
		t.Errorf("--resume after the refusal: exit %d, want 130:\n%s", r.code, r.stderr)
	}
}

// resumeAI gives the computer only a side no team played, leaves a side
// the journal gives the computer already as it is, and the side it takes
// is played by its policy from the next turn on; the journal still
// replays (its header has the side as a team's, its orders recorded), and
// records the gift as a White-cell act.
func TestResumeAISides(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	r := serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--scenario", "gray-zone", "--ai", "japan")
	path := journalsOf(t, r.stderr)[0]
	sess, _, err := tui.Resume(path)
	if err != nil {
		t.Fatal(err)
	}
	c := sess.C
	us := c.SideIndex("us")
	notes, err := resumeAI(sess, "us,japan=lookahead,rok", "Game 1", map[string][]string{"rok": {"Alpha"}})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(notes, "\n")
	for _, want := range []string{
		"Game 1: Japan is played by the computer already (balanced, from the journal): --ai leaves it so",
		"Game 1: South Korea stays with team Alpha, who joined it",
		"Game 1: the computer plays United States (balanced) from now on",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("notes lack %q:\n%s", want, text)
		}
	}
	if sess.Human[us] || !sess.Human[c.SideIndex("rok")] || sess.Policies[c.SideIndex("japan")].Name() != "balanced" {
		t.Fatalf("human %v", sess.Human)
	}
	sess.Brief()
	rec, err := sess.Adjudicate()
	if err != nil {
		t.Fatal(err)
	}
	spent := 0
	for l := range c.Levers {
		spent += rec.Points[us*len(c.Levers)+l]
	}
	if spent == 0 {
		t.Error("the computer put no points on United States's levers")
	}
	sess.Journal.Close()
	again, _, err := tui.Resume(path)
	if err != nil {
		t.Fatalf("the journal no longer replays: %v", err)
	}
	// Given by a White-cell act in the journal, as the console's a gives a
	// side: the next restart keeps it with the computer, without --ai.
	if len(again.Results) != 1 || again.Human[us] || again.Policies[us] == nil || again.Policies[us].Name() != "balanced" {
		t.Errorf("replayed: %d turns, us human %v (%v); want 1 turn, us the computer's (balanced)", len(again.Results), again.Human[us], again.Policies[us])
	}
	if !slices.ContainsFunc(again.Acts, func(a string) bool {
		return strings.Contains(a, "gave United States to the computer (balanced) — no team had joined")
	}) {
		t.Errorf("the journal has no act giving the US to the computer: %q", again.Acts)
	}
	again.Journal.Close()
}

// A game that has ended is resumed too: "Game 2" on the board became Game
// 1 after a restart that left out an ended Game 1.
func TestServeCarryOnKeepsEndedGames(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	ended := endedJournal(t, dir)
	r := serveUntilStarted(t, dir, "--listen", "127.0.0.1:0")
	going := journalsOf(t, r.stderr)[0]
	r = serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--resume", ended, going)
	if got := journalsOf(t, r.stderr); len(got) != 2 || got[0] != ended || got[1] != going {
		t.Errorf("carry on with %q, want %q then %q:\n%s", got, ended, going, r.stderr)
	}
	if !strings.Contains(r.stderr, "every game keeps its number") {
		t.Errorf("stderr does not say why an ended game is resumed:\n%s", r.stderr)
	}
}

// Listening on every interface, the server gives the class this machine's
// addresses besides its name: a lab without DNS has no name for it.
func TestServeGivesAddresses(t *testing.T) {
	ips := hostIPs()
	if len(ips) == 0 {
		t.Skip("this machine has no address but loopback")
	}
	for _, ip := range ips {
		if p := net.ParseIP(ip); p == nil || p.IsLoopback() || p.IsLinkLocalUnicast() {
			t.Errorf("hostIPs gives %q", ip)
		}
	}
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	r := serveUntilStarted(t, dir, "--listen", "0.0.0.0:0")
	_, port, _ := strings.Cut(r.stderr, "Students type:  ssh -p ")
	port, _, _ = strings.Cut(port, " ")
	if want := "or  ssh -p " + port + " " + ips[0] + "\n"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	r = serveUntilStarted(t, dir, "--listen", "127.0.0.1:0")
	if strings.Contains(r.stderr, "  or  ssh") {
		t.Errorf("addresses given on loopback:\n%s", r.stderr)
	}
}

// endedJournal copies a journal of a tutorial played to its end into dir.
func endedJournal(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile("../../sim/journal/testdata/good.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ended.jsonl")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
