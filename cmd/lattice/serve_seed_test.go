package main

import (
	"bufio"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// gameLines returns the seed and journal of each game in lattice serve's
// lines at the start ("  Game 1  join code …  seed N  journal PATH").
func gameLines(t *testing.T, stderr string) (seeds, journals []string) {
	t.Helper()
	re := regexp.MustCompile(`(?m)^  Game \d+  join code \S+  .*  seed (\d+)  journal (\S+)$`)
	for _, m := range re.FindAllStringSubmatch(stderr, -1) {
		seeds, journals = append(seeds, m[1]), append(journals, m[2])
	}
	if len(seeds) == 0 {
		t.Fatalf("no game's line with its seed:\n%s", stderr)
	}
	return seeds, journals
}

// headerSeed is the seed in the header of the journal at path.
func headerSeed(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	if !sc.Scan() {
		t.Fatalf("%s: no header", path)
	}
	m := regexp.MustCompile(`"seed":(\d+)`).FindStringSubmatch(sc.Text())
	if m == nil {
		t.Fatalf("%s: no seed in the header", path)
	}
	return m[1]
}

// Every seminar played the opening of --seed 1, which anyone with lattice
// could preview. Without --seed the first game's seed is drawn at random,
// printed and kept in the journal; --seed N still fixes it.
func TestServeSeedIsDrawnAndSaid(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	var firsts []string
	for range 2 {
		r := serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--games", "2")
		seeds, journals := gameLines(t, r.stderr)
		if len(seeds) != 2 {
			t.Fatalf("%d games' lines, want 2:\n%s", len(seeds), r.stderr)
		}
		var first uint64
		fmt.Sscan(seeds[0], &first)
		if seeds[1] != fmt.Sprint(first+1) {
			t.Errorf("game 2 has seed %s, want game 1's (%s) plus one", seeds[1], seeds[0])
		}
		for i, j := range journals {
			if got := headerSeed(t, j); got != seeds[i] {
				t.Errorf("%s keeps seed %s, the line says %s", j, got, seeds[i])
			}
		}
		firsts = append(firsts, seeds[0])
	}
	if firsts[0] == firsts[1] || slices.Contains(firsts, "1") {
		t.Errorf("two seminars without --seed had seeds %q", firsts)
	}
	r := serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--games", "2", "--seed", "7")
	if seeds, _ := gameLines(t, r.stderr); !slices.Equal(seeds, []string{"7", "8"}) {
		t.Errorf("--seed 7 gave seeds %q", seeds)
	}
}

// One damaged journal of four kept every game of the seminar from
// starting. The others start now, and the damaged one is named, with its
// file and line and why; it keeps its place in the command to carry on
// (the games keep their numbers). --strict starts none; with none to
// start, the exit is 1.
func TestServeResumeStartsTheHealthyGames(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	_, journals := gameLines(t, serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--games", "2").stderr)
	data, err := os.ReadFile(journals[1])
	if err != nil {
		t.Fatal(err)
	}
	// The header's checksum altered: a journal damaged on disk.
	damaged := strings.Replace(string(data), `"sum":"`, `"sum":"x`, 1)
	if err := os.WriteFile(journals[1], []byte(damaged), 0o600); err != nil {
		t.Fatal(err)
	}
	r := serveUntilStarted(t, dir, "--listen", "127.0.0.1:0", "--resume", journals[0], journals[1])
	if r.code != exitInterrupted {
		t.Fatalf("exit %d, want 130 (interrupted, the healthy game served):\n%s", r.code, r.stderr)
	}
	if _, started := gameLines(t, r.stderr); !slices.Equal(started, journals[:1]) {
		t.Errorf("games started: %q, want only %s", started, journals[0])
	}
	if want := "lattice serve: Game 2 was not resumed: " + journals[1] + ": line 1: "; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	if got := journalsOf(t, r.stderr); !slices.Equal(got, journals) {
		t.Errorf("carry on with %q, want %q (each game in its place)", got, journals)
	}

	r = run(t, "serve", "--listen", "127.0.0.1:0", "--strict", "--resume", journals[0], journals[1])
	if r.code != exitInvalid || strings.Contains(r.stderr, "listening") || !strings.Contains(r.stderr, journals[1]+": line 1: ") {
		t.Errorf("--strict with a damaged journal: exit %d\n%s", r.code, r.stderr)
	}
	r = run(t, "serve", "--listen", "127.0.0.1:0", "--resume", journals[1], dir+"/no-such.jsonl")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "no game could be resumed") || !strings.Contains(r.stderr, "Game 1: "+journals[1]+": line 1: ") || !strings.Contains(r.stderr, "Game 2: cannot read journal") {
		t.Errorf("no journal resumable: exit %d\n%s", r.code, r.stderr)
	}
}
