package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestReportCorpus reports the journals of sim/journal/testdata, good and
// damaged.
func TestReportCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "sim", "journal", "testdata")
	tests := []struct {
		file   string
		args   []string
		code   int
		stderr string // regexp stderr must match
		stdout string // text stdout must hold
	}{
		{file: "good.jsonl", code: exitOK, stdout: "## Verdict"},
		{file: "good.jsonl", args: []string{"--format", "html"}, code: exitOK, stdout: "<!DOCTYPE html>"},
		{file: "good.jsonl", args: []string{"--side", "rok"}, code: exitOK, stdout: "as seen by South Korea"},
		{file: "good.jsonl", args: []string{"--side", "prc", "--format", "html"}, code: exitOK, stdout: "as seen by"},
		// A Red team's debrief; how near the game came to the ends it did not reach.
		{file: "good.jsonl", args: []string{"--side", "prc"}, code: exitOK, stdout: "## Debrief\n\nFor the Red team:\n\n1. Which of your moves"},
		{file: "good.jsonl", args: []string{"--side", "prc"}, code: exitOK, stdout: "### Adversary's moves that mattered most\n\n"},
		{file: "good.jsonl", code: exitOK, stdout: "### Ends not reached\n\n"},
		{file: "truncated.jsonl", code: exitOK, stderr: `warning: .*line 6: ignored: torn`, stdout: "> **Warning:** line 6"},
		{file: "rollback.jsonl", code: exitOK, stdout: "Rollback of week 3"},
		{file: "whitecell.jsonl", code: exitOK, stdout: "- Week 2: set Cohesion to 45.50 (by console) — a scandal in Seoul shakes the alliance (journal line 3)\n"},
		{file: "whitecell-end.jsonl", code: exitOK, stdout: "**Ended by the White cell** (after 3 of 5 weeks)\n\nThe White cell ended the game before week 4: the seminar ran out of time.\n"},
		{file: "whitecell-not-real.jsonl", code: exitOK, stdout: "a test"},
		{file: "altered-orders.jsonl", code: exitOK, stderr: `warning: .*week 2: the replayed state differs`},
		{file: "flipped-digit.jsonl", code: exitInvalid, stderr: `^lattice report: .*flipped-digit.jsonl: line 3: checksum mismatch`},
		{file: "empty.jsonl", code: exitInvalid, stderr: `empty file: not a lattice journal`},
		{file: "foreign.json", code: exitInvalid, stderr: `line 1: not a lattice journal`},
		{file: "text.txt", code: exitInvalid, stderr: `line 1: not a lattice journal`},
		{file: "other-engine.jsonl", code: exitInvalid, stderr: `engine version 0.*--force reports it anyway`},
		{file: "other-engine.jsonl", args: []string{"--force"}, code: exitOK, stderr: `warning: .*recorded by engine version 0`, stdout: "## Verdict"},
		{file: "missing-turn.jsonl", code: exitInvalid, stderr: `line 3: turn 3 follows turn 1: turn 2 is missing`},
		{file: filepath.Join("no", "such.jsonl"), code: exitInvalid, stderr: `cannot read journal`},
	}
	for _, tt := range tests {
		args := append([]string{"report", filepath.Join(dir, tt.file)}, tt.args...)
		r := run(t, args...)
		if r.code != tt.code {
			t.Errorf("%s: exit %d, want %d\n%s", label(args), r.code, tt.code, r)
			continue
		}
		if r.code != exitOK || tt.stderr == "" {
			checkStreams(t, label(args), r)
		}
		if tt.stderr != "" && !regexp.MustCompile(tt.stderr).MatchString(r.stderr) {
			t.Errorf("%s: stderr does not match %q:\n%s", label(args), tt.stderr, r.stderr)
		}
		if !strings.Contains(r.stdout, tt.stdout) {
			t.Errorf("%s: stdout lacks %q:\n%s", label(args), tt.stdout, r.stdout)
		}
	}
}

func TestReportUsage(t *testing.T) {
	good := filepath.Join("..", "..", "sim", "journal", "testdata", "good.jsonl")
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"report"}, exitUsage, "give exactly one journal file"},
		{[]string{"report", good, good}, exitUsage, "give exactly one journal file"},
		{[]string{"report", good, "--format", "pdf"}, exitUsage, `unknown --format "pdf": md or html`},
		// A side the journal's scenario does not have is invalid input
		// (exit 1), as lattice play's --side; it was a usage error.
		{[]string{"report", good, "--side", "nobody"}, exitInvalid, `--side: no side "nobody" in the scenario; sides: rok, us, prc`},
		{[]string{"report", good, "--side", "rk"}, exitInvalid, `sides: rok, us, prc (did you mean "rok"?)`},
		{[]string{"report", good, "--sied", "rok"}, exitUsage, `did you mean "--side"`},
		{[]string{"report", good, "--out", filepath.Join(t.TempDir(), "no", "dir", "r.md")}, exitInvalid, "--out"},
	} {
		r := run(t, tt.args...)
		checkStreams(t, label(tt.args), r)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.stderr) {
			t.Errorf("%s: exit %d, want %d with %q:\n%s", label(tt.args), r.code, tt.code, tt.stderr, r)
		}
	}
}

// TestReportOut writes the report with --out: the file holds what stdout
// would, and nothing is printed.
func TestReportOut(t *testing.T) {
	good := filepath.Join("..", "..", "sim", "journal", "testdata", "good.jsonl")
	for _, format := range []string{"md", "html"} {
		want := run(t, "report", good, "--format", format)
		if want.code != exitOK {
			t.Fatalf("report --format %s: %s", format, want)
		}
		out := filepath.Join(t.TempDir(), "report."+format)
		r := run(t, "report", good, "--format", format, "--out", out)
		if r.code != exitOK || r.stdout != "" || r.stderr != "" {
			t.Fatalf("report --out: %s", r)
		}
		got, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != want.stdout {
			t.Errorf("report --format %s --out writes other text than stdout", format)
		}
	}
}

// TestReportRefusesToOverwriteItsJournal: --out naming the journal itself
// (by another path too) is refused, and the journal is left as it was.
func TestReportRefusesToOverwriteItsJournal(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("..", "..", "sim", "journal", "testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	j := filepath.Join(dir, "game.jsonl")
	if err := os.WriteFile(j, good, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{j, filepath.Join(dir, ".", "game.jsonl")} {
		r := run(t, "report", j, "--out", out)
		checkStreams(t, "report --out the journal", r)
		if r.code != exitUsage || !strings.Contains(r.stderr, "is the journal itself") {
			t.Errorf("report %s --out %s: %s", j, out, r)
		}
		if now, _ := os.ReadFile(j); string(now) != string(good) {
			t.Fatalf("report --out %s overwrote the journal", out)
		}
	}
}

// report and replay take "latest", as play --resume does: the newest
// journal in the games directory, named on stderr; with none, a clear
// error.
func TestReportAndReplayLatest(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	for _, cmd := range []string{"report", "replay"} {
		// It says which games leave a journal: a user who only ran
		// 'lattice run' has none, and wondered why.
		if r := run(t, cmd, "latest"); r.code != exitInvalid || !strings.Contains(r.stderr, "latest: no saved games yet") ||
			!strings.Contains(r.stderr, "lattice run only with --journal FILE") {
			t.Errorf("%s latest with no games: %s", cmd, r)
		}
	}
	games := filepath.Join(dir, "lattice", "games")
	if err := os.MkdirAll(games, 0o755); err != nil {
		t.Fatal(err)
	}
	old, newest := filepath.Join(games, "old.jsonl"), filepath.Join(games, "new.jsonl")
	for _, p := range []string{old, newest} {
		if r := run(t, "run", "tutorial", "--journal", p); r.code != exitOK {
			t.Fatal(r)
		}
	}
	earlier := time.Now().Add(-time.Hour)
	if err := os.Chtimes(old, earlier, earlier); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"report", "replay"} {
		r := run(t, cmd, "latest")
		if r.code != exitOK || !strings.Contains(r.stderr, "lattice "+cmd+": latest: new.jsonl") {
			t.Errorf("%s latest: %s", cmd, r)
		}
		if want := run(t, cmd, newest); want.stdout != r.stdout {
			t.Errorf("%s latest is not %s new.jsonl", cmd, cmd)
		}
	}
}

// TestReportFormatFromOut: without --format, an --out FILE ending in .html
// (or .htm) gets the html report, as batch's --out names its form by its
// ending; "--out debrief.html" wrote Markdown into it. --format wins.
func TestReportFormatFromOut(t *testing.T) {
	good := filepath.Join("..", "..", "sim", "journal", "testdata", "good.jsonl")
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		out  string
		want string
	}{
		{nil, "debrief.html", "<!DOCTYPE html>"},
		{nil, "DEBRIEF.HTM", "<!DOCTYPE html>"},
		{nil, "debrief.md", "# After-action report"},
		{nil, "debrief.txt", "# After-action report"},
		{[]string{"--format", "md"}, "notes.html", "# After-action report"},
		{[]string{"--format", "html"}, "page.md", "<!DOCTYPE html>"},
	} {
		out := filepath.Join(dir, tc.out)
		r := run(t, append([]string{"report", good, "--out", out}, tc.args...)...)
		if r.code != exitOK {
			t.Fatalf("%v --out %s: %s", tc.args, tc.out, r)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(data), tc.want) {
			t.Errorf("%v --out %s: begins %.40q, want %q", tc.args, tc.out, data, tc.want)
		}
	}
	if r := run(t, "report", good); r.code != exitOK || !strings.HasPrefix(r.stdout, "# After-action report") {
		t.Errorf("report to stdout is Markdown by default: %.80s", r)
	}
}

// lattice report of a seminar's journal (sim/report's seminar test
// journal) says who played a side the White cell gave to the computer, and
// the move the briefing called off: its Sides table said "human".
func TestReportGivenSide(t *testing.T) {
	r := run(t, "report", filepath.Join("..", "..", "sim", "report", "testdata", "seminar.jsonl"))
	if r.code != exitOK {
		t.Fatal(r)
	}
	checkStreams(t, "report seminar.jsonl", r)
	for _, want := range []string{
		"| South Korea | allied | the computer (lookahead) from week 1, given by the White cell: South Korea's team left for a briefing |\n",
		"- Adversary's move Maritime militia swarm was called off at the briefing: ",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("the report lacks %q:\n%s", want, r.stdout)
		}
	}
}
