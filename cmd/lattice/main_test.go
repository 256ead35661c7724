package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/tui"
)

// result is what one in-process run of lattice produced.
type result struct {
	stdout, stderr string
	code           int
}

// run runs lattice in-process with args, an empty stdin and an empty
// environment, so that nothing outside the test can change the output.
func run(t testing.TB, args ...string) result {
	t.Helper()
	return runCtx(t, context.Background(), args...)
}

func runCtx(t testing.TB, ctx context.Context, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{
		stdout: &stdout,
		stderr: &stderr,
		stdin:  strings.NewReader(""),
		getenv: func(string) string { return "" },
	}
	code := runMain(ctx, e, args)
	return result{stdout: stdout.String(), stderr: windowsErrorText(stderr.String()), code: code}
}

// windowsErrorText has the tests read Windows' words for a missing file
// (Windows', or Wine's in CI) as a POSIX system's, which they expect.
func windowsErrorText(s string) string {
	if runtime.GOOS != "windows" {
		return s
	}
	return strings.NewReplacer(
		"The system cannot find the file specified.", "no such file or directory",
		"The system cannot find the path specified.", "no such file or directory",
		"File not found.", "no such file or directory",
		"Path not found.", "no such file or directory").Replace(s)
}

func (r result) String() string {
	return "exit " + strconv.Itoa(r.code) + "\n-- stdout --\n" + r.stdout + "-- stderr --\n" + r.stderr
}

// checkStreams checks the stream contract: a command that succeeds writes
// its data to stdout and nothing to stderr; a command that fails writes its
// errors to stderr and nothing to stdout (but for validate's "NAME: ok"
// lines); every output ends in a newline.
func checkStreams(t testing.TB, label string, r result) {
	t.Helper()
	switch r.code {
	case exitOK:
		if r.stderr != "" {
			t.Errorf("%s: exit 0 but wrote to stderr:\n%s", label, r.stderr)
		}
		if r.stdout == "" {
			t.Errorf("%s: exit 0 but wrote nothing to stdout", label)
		}
	case exitInvalid, exitUsage:
		if r.stdout != "" && !onlyOKLines(r.stdout) {
			t.Errorf("%s: exit %d but wrote to stdout:\n%s", label, r.code, r.stdout)
		}
		if r.stderr == "" {
			t.Errorf("%s: exit %d but wrote nothing to stderr", label, r.code)
		}
	case exitInterrupted:
		// Partial output on stdout is allowed.
	default:
		t.Errorf("%s: exit %d is not one of the documented statuses 0, 1, 2, 130", label, r.code)
	}
	for name, s := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
		if s != "" && !strings.HasSuffix(s, "\n") {
			t.Errorf("%s: %s does not end in a newline", label, name)
		}
	}
}

// TestExitCodes checks the documented exit statuses (0 ok, 1 invalid input,
// 2 usage) and that data goes to stdout only and errors to stderr only.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	badScenario := writeFile(t, dir, "bad.toml", "format = 1\nid = \"bad\"\nturns = 0\n")
	tests := []struct {
		args []string
		code int
		// stderr, if set, must occur in stderr.
		stderr string
	}{
		{nil, exitUsage, "needs a terminal"},
		{[]string{"help"}, exitOK, ""},
		{[]string{"help", "run"}, exitOK, ""},
		{[]string{"--help"}, exitOK, ""},
		{[]string{"-h"}, exitOK, ""},
		{[]string{"run", "-h"}, exitOK, ""},
		{[]string{"run", "--help"}, exitOK, ""},
		{[]string{"version"}, exitOK, ""},
		{[]string{"--version"}, exitOK, ""},
		{[]string{"scenarios"}, exitOK, ""},
		{[]string{"scenarios", "--format", "json"}, exitOK, ""},
		{[]string{"validate", "tutorial"}, exitOK, ""},
		{[]string{"keys", "tutorial"}, exitOK, ""},
		{[]string{"run", "tutorial"}, exitOK, ""},
		{[]string{"run", "--seed", "7", "tutorial"}, exitOK, ""},
		{[]string{"run", "tutorial", "--seed=7", "--format=json"}, exitOK, ""},
		{[]string{"run", "tutorial", "--difficulty", "easy"}, exitOK, ""},
		{[]string{"run", "tutorial", "--set", "side.rok.budget=9", "--set", "side.us.budget=3"}, exitOK, ""},
		{[]string{"run", "tutorial", "--policy", "rok=lookahead", "--policy", "us=alliance-first"}, exitOK, ""},

		// Usage errors.
		{[]string{"rn"}, exitUsage, `unknown command "rn" (did you mean "run"?)`},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"help", "rn"}, exitUsage, `(did you mean "run"?)`},
		{[]string{"help", "run", "validate"}, exitUsage, "at most one"},
		{[]string{"version", "x"}, exitUsage, "no arguments"},
		{[]string{"version", "--format", "json"}, exitUsage, "unknown flag --format"},
		{[]string{"run"}, exitUsage, "give exactly one scenario"},
		{[]string{"run", "tutorial", "tutorial"}, exitUsage, "give exactly one scenario"},
		{[]string{"run", "tutorial", "--bogus"}, exitUsage, "bogus"},
		{[]string{"run", "tutorial", "--seed"}, exitUsage, "seed"},
		{[]string{"run", "tutorial", "--seed", "abc"}, exitUsage, "seed"},
		{[]string{"run", "tutorial", "--format", "xml"}, exitUsage, `"xml"`},
		{[]string{"run", "tutorial", "--policy", "rok"}, exitUsage, `--policy "rok": expected SIDE=POLICY`},
		{[]string{"run", "tutorial", "--policy", "=balanced"}, exitUsage, "expected SIDE=POLICY"},
		{[]string{"run", "tutorial", "--policy", "rok="}, exitUsage, "expected SIDE=POLICY"},
		{[]string{"scenarios", "extra"}, exitUsage, "takes no arguments"},
		{[]string{"scenarios", "--format", "xml"}, exitUsage, `"xml"`},
		{[]string{"validate"}, exitUsage, "give at least one"},
		{[]string{"validate", "--bogus", "tutorial"}, exitUsage, "bogus"},
		{[]string{"keys"}, exitUsage, "give one scenario"},

		// Invalid input.
		{[]string{"run", "tutorail"}, exitInvalid, `(did you mean "tutorial"?)`},
		{[]string{"run", "nosuch.toml"}, exitInvalid, "nosuch.toml"},
		{[]string{"run", filepath.Join(dir, "missing.toml")}, exitInvalid, "missing.toml"},
		{[]string{"run", badScenario}, exitInvalid, "turns must be between 1 and"},
		{[]string{"validate", badScenario}, exitInvalid, "turns must be between 1 and"},
		{[]string{"validate", "tutorial", badScenario}, exitInvalid, "1 of 2 scenarios invalid"},
		{[]string{"keys", "nosuch"}, exitInvalid, "nosuch"},
		{[]string{"run", "tutorial", "--difficulty", "insane"}, exitInvalid, `unknown difficulty "insane"`},
		{[]string{"run", "tutorial", "--difficulty", "hrd"}, exitInvalid, `(did you mean "hard"?)`},
		// play checks its arguments before it needs a terminal.
		{[]string{"play", "tutorial", "--difficulty", "insane"}, exitInvalid, `--difficulty: tutorial: unknown difficulty "insane"`},
		{[]string{"play", "--difficulty", "hrd"}, exitInvalid, `(did you mean "hard"?)`},
		{[]string{"play", "tutorial", "--side", "nosuch"}, exitInvalid, `--side "nosuch": no such side`},
		{[]string{"play", "tutorail"}, exitInvalid, `(did you mean "tutorial"?)`},
		{[]string{"run", "tutorial", "--set", "side.rok.budgt=9"}, exitInvalid, `did you mean "side.rok.budget"?`},
		{[]string{"run", "tutorial", "--set", "side.rok.budget=abc"}, exitInvalid, `expected a number, got "abc"`},
		{[]string{"run", "tutorial", "--set", "side.rok.budget"}, exitInvalid, "expected KEY=VALUE"},
		// A negative --at is wrong whatever the journal: a usage error.
		{[]string{"run", "--fork", "x.jsonl", "--at", "-1"}, exitUsage, "--at -1: give a turn the journal records, 0 (the start) or later"},
		{[]string{"batch", "--from", "x.jsonl", "--at", "-1"}, exitUsage, "--at -1: give a turn the journal records, 0 (the start) or later"},
		// Several values are batch's: run says so, and refuses a key twice
		// (it kept the last, where batch refuses).
		{[]string{"run", "tutorial", "--set", "side.rok.budget=4,6"}, exitInvalid, "lattice batch --set KEY=V1,V2,... plays several"},
		{[]string{"run", "tutorial", "--set", "side.rok.budget=4", "--set", "side.rok.budget=6"}, exitUsage, "--set side.rok.budget is given twice (--set side.rok.budget=4 and --set side.rok.budget=6)"},
		{[]string{"run", "tutorial", "--set", "side.rok.budget=-5"}, exitInvalid, "budget"},
		{[]string{"run", "tutorial", "--set", "turns=0"}, exitInvalid, "turns must be between 1 and"},
		{[]string{"run", "tutorial", "--policy", "rok=nope"}, exitInvalid, `unknown policy "nope"`},
		{[]string{"run", "tutorial", "--policy", "rok=balancd"}, exitInvalid, `(did you mean "balanced"?)`},
		{[]string{"run", "tutorial", "--policy", "rk=balanced"}, exitInvalid, `(did you mean "rok"?)`},
		{[]string{"run", "tutorial", "--policy", "prc=balanced"}, exitInvalid, `"prc"`},
		{[]string{"run", "tutorial", "--policy", "rok=" + filepath.Join(dir, "nopolicy.toml")}, exitInvalid, "nopolicy.toml"},
	}
	for _, tt := range tests {
		name := strings.Join(tt.args, " ")
		if name == "" {
			name = "(no arguments)"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := run(t, tt.args...)
			if r.code != tt.code {
				t.Fatalf("lattice %s: exit %d, want %d\n%s", name, r.code, tt.code, r)
			}
			checkStreams(t, "lattice "+name, r)
			if tt.stderr != "" && !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("lattice %s: stderr does not contain %q:\n%s", name, tt.stderr, r.stderr)
			}
		})
	}
}

// TestUsageErrorsPointToHelp checks that every usage error says where to
// find the usage, and names the command.
func TestUsageErrorsPointToHelp(t *testing.T) {
	for _, args := range [][]string{
		{"rn"},
		{"run"},
		{"run", "tutorial", "--bogus"},
		{"run", "tutorial", "--format", "xml"},
		{"run", "tutorial", "--policy", "rok"},
		{"scenarios", "--format", "xml"},
		{"validate"},
	} {
		r := run(t, args...)
		if r.code != exitUsage {
			t.Errorf("lattice %s: exit %d, want %d", strings.Join(args, " "), r.code, exitUsage)
			continue
		}
		if !strings.Contains(r.stderr, "lattice help") {
			t.Errorf("lattice %s: usage error does not point to 'lattice help':\n%s", strings.Join(args, " "), r.stderr)
		}
		if !strings.HasPrefix(r.stderr, "lattice") {
			t.Errorf("lattice %s: usage error does not start with the program name:\n%s", strings.Join(args, " "), r.stderr)
		}
	}
}

// TestHelpListsEveryCommand checks that "lattice help" lists every
// registered command and that "lattice help CMD" works for each.
func TestHelpListsEveryCommand(t *testing.T) {
	r := run(t, "help")
	if r.code != exitOK {
		t.Fatalf("lattice help: %s", r)
	}
	for _, c := range commands {
		if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(c.name) + ` +\S`).MatchString(r.stdout) {
			t.Errorf("lattice help does not list %q:\n%s", c.name, r.stdout)
		}
		h := run(t, "help", c.name)
		if h.code != exitOK || !strings.HasPrefix(h.stdout, "Usage: lattice "+c.name) {
			t.Errorf("lattice help %s:\n%s", c.name, h)
		}
		// "-h" after the command name shows the same help, help's too
		// ("lattice help --help" said there was no command "--help").
		for _, flag := range []string{"-h", "-help", "--help"} {
			dash := run(t, c.name, flag)
			if dash.code != exitOK || dash.stdout != h.stdout || dash.stderr != "" {
				t.Errorf("lattice %s %s differs from lattice help %s:\n%s", c.name, flag, c.name, dash)
			}
		}
	}
}

// TestNoArguments checks what a bare "lattice" does: introduce the game
// and list the built-in scenarios, with exit 0.
func TestNoArguments(t *testing.T) {
	// Without a terminal, a bare lattice cannot open the interface: it says
	// so, points to lattice run, and exits 2.
	r := run(t)
	checkStreams(t, "lattice", r)
	if r.code != exitUsage {
		t.Fatalf("lattice: %s", r)
	}
	for _, want := range []string{"needs a terminal", "lattice run tutorial", "lattice scenarios"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("lattice without a terminal does not say %q:\n%s", want, r.stderr)
		}
	}
	r = run(t, "play", "tutorial")
	if r.code != exitUsage || !strings.Contains(r.stderr, "needs a terminal") {
		t.Errorf("lattice play without a terminal: %s", r)
	}
}

// TestInterruptedInProcess checks that a run whose context is cancelled
// stops, says so on stderr and returns 130.
func TestInterruptedInProcess(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCtx(t, ctx, "run", "tutorial")
	if r.code != exitInterrupted {
		t.Fatalf("cancelled run: exit %d, want %d\n%s", r.code, exitInterrupted, r)
	}
	if r.stderr != "lattice run: interrupted\n" {
		t.Errorf("cancelled run: stderr %q, want %q", r.stderr, "lattice run: interrupted\n")
	}
	if strings.Contains(r.stdout, "Verdict") {
		t.Errorf("cancelled run played to the end:\n%s", r.stdout)
	}
}

// TestDeterminism checks that the same arguments give byte-identical
// output, also when runs happen concurrently, and that different seeds
// give different games.
func TestDeterminism(t *testing.T) {
	for _, args := range [][]string{
		{"run", "tutorial", "--seed", "7"},
		{"run", "tutorial", "--seed", "7", "--format", "json"},
		{"run", "tutorial", "--seed", "3", "--difficulty", "hard", "--format", "json"},
		{"run", "tutorial", "--policy", "rok=free-rider,us=lookahead"},
		{"run", "tutorial", "--policy", "rok=lookahead,us=lookahead", "--format", "json"},
		{"run", "tutorial", "--set", "side.rok.budget=9", "--set", "turns=20"},
		{"scenarios", "--format", "json"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			t.Parallel()
			first := run(t, args...)
			if first.code != exitOK {
				t.Fatalf("lattice %s: %s", strings.Join(args, " "), first)
			}
			// Run it again, several times at once, to catch shared state.
			const n = 4
			var wg sync.WaitGroup
			outs := make([]result, n)
			for i := range outs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					outs[i] = run(t, args...)
				}()
			}
			wg.Wait()
			for i, r := range outs {
				if r.stdout != first.stdout || r.stderr != first.stderr || r.code != first.code {
					t.Fatalf("run %d of lattice %s differs from the first:\n%s", i+2, strings.Join(args, " "), firstDiff(first.stdout, r.stdout))
				}
			}
		})
	}
	t.Run("seeds differ", func(t *testing.T) {
		t.Parallel()
		for _, format := range []string{"text", "json"} {
			a := run(t, "run", "tutorial", "--seed", "1", "--format", format)
			b := run(t, "run", "tutorial", "--seed", "2", "--format", format)
			if a.code != exitOK || b.code != exitOK {
				t.Fatalf("runs failed:\n%s\n%s", a, b)
			}
			if a.stdout == b.stdout {
				t.Errorf("--format %s: seeds 1 and 2 gave the same output", format)
			}
			if lastHash(t, a.stdout) == lastHash(t, b.stdout) {
				t.Errorf("--format %s: seeds 1 and 2 gave the same final hash", format)
			}
		}
	})
	t.Run("default seed is 1", func(t *testing.T) {
		t.Parallel()
		a := run(t, "run", "tutorial")
		b := run(t, "run", "tutorial", "--seed", "1")
		if a.stdout != b.stdout {
			t.Errorf("run without --seed differs from --seed 1:\n%s", firstDiff(b.stdout, a.stdout))
		}
	})
	t.Run("text and json agree", func(t *testing.T) {
		t.Parallel()
		for _, seed := range []string{"1", "7", "12345"} {
			text := run(t, "run", "tutorial", "--seed", seed)
			js := run(t, "run", "tutorial", "--seed", seed, "--format", "json")
			if th, jh := lastHash(t, text.stdout), lastHash(t, js.stdout); th != jh {
				t.Errorf("seed %s: text hash %s, json hash %s", seed, th, jh)
			}
		}
	})
}

var hashLine = regexp.MustCompile(`(?m)^Hash: ([0-9a-f]+)$`)

// lastHash returns the final state hash of a run's text or json output.
func lastHash(t testing.TB, out string) string {
	t.Helper()
	if strings.HasPrefix(out, "{") {
		var rec struct{ Hash string }
		if err := json.Unmarshal([]byte(out), &rec); err != nil {
			t.Fatalf("json output does not parse: %v", err)
		}
		return rec.Hash
	}
	m := hashLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("text output has no Hash line:\n%s", out)
	}
	return m[1]
}

// firstDiff describes the first line where got differs from want.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + quoteLine(w, i < len(wl)) + "\n  got:  " + quoteLine(g, i < len(gl))
		}
	}
	return "(no difference)"
}

func quoteLine(s string, ok bool) string {
	if !ok {
		return "(end of output)"
	}
	b, _ := json.Marshal(s)
	return string(b)
}

var hex16 = regexp.MustCompile(`^[0-9a-f]{16}$`)

// TestRunJSON checks the json contract of "lattice run --format json".
func TestRunJSON(t *testing.T) {
	comp, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var endIDs, metricIDs, alliedIDs, leverIDs []string
	success := map[string]bool{}
	for _, e := range comp.Ends {
		endIDs = append(endIDs, e.ID)
		success[e.ID] = e.Success
	}
	for _, m := range comp.Metrics {
		metricIDs = append(metricIDs, m.ID)
	}
	for _, s := range comp.Alliance() {
		alliedIDs = append(alliedIDs, comp.Sides[s].ID)
	}
	for _, l := range comp.Levers {
		leverIDs = append(leverIDs, l.ID)
	}
	slices.Sort(metricIDs)
	slices.Sort(alliedIDs)

	for _, tt := range []struct {
		args       []string
		difficulty string
		policies   map[string]string
		overrides  []string
	}{
		{[]string{"--seed", "7"}, "", map[string]string{"rok": "balanced", "us": "balanced"}, nil},
		{nil, "", map[string]string{"rok": "balanced", "us": "balanced"}, nil},
		{[]string{"--seed", "3", "--difficulty", "hard"}, "hard", map[string]string{"rok": "balanced", "us": "balanced"}, nil},
		{[]string{"--seed", "18446744073709551615", "--policy", "rok=free-rider,us=lookahead"}, "", map[string]string{"rok": "free-rider", "us": "lookahead"}, nil},
		{[]string{"--set", "side.rok.budget=9", "--set", "turns=8"}, "", map[string]string{"rok": "balanced", "us": "balanced"}, []string{"side.rok.budget=9", "turns=8"}},
	} {
		args := append([]string{"run", "tutorial", "--format", "json"}, tt.args...)
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			r := run(t, args...)
			checkStreams(t, "lattice "+strings.Join(args, " "), r)
			if r.code != exitOK {
				t.Fatalf("%s", r)
			}
			var rec map[string]any
			dec := json.NewDecoder(strings.NewReader(r.stdout))
			if err := dec.Decode(&rec); err != nil {
				t.Fatalf("output does not parse as json: %v\n%s", err, r.stdout)
			}
			if dec.More() {
				t.Fatalf("output holds more than one json value")
			}

			str := func(key string) string {
				v, ok := rec[key].(string)
				if !ok {
					t.Errorf("%s is %T (%v), want a string", key, rec[key], rec[key])
				}
				return v
			}
			if got := str("scenario"); got != "tutorial" {
				t.Errorf("scenario = %q, want tutorial", got)
			}
			// A seed above 2^53 does not survive float64 (jq, JavaScript):
			// it is a decimal string.
			if got, want := str("seed"), seedArg(tt.args); got != want {
				t.Errorf("seed = %q, want %q", got, want)
			}
			// The level played: "normal" without --difficulty, as replay
			// and report say.
			if want := difficultyName(tt.difficulty); str("difficulty") != want {
				t.Errorf("difficulty = %v, want %s", rec["difficulty"], want)
			}
			pols, _ := rec["policies"].(map[string]any)
			if len(pols) != len(tt.policies) {
				t.Errorf("policies = %v, want %v", rec["policies"], tt.policies)
			}
			for side, p := range tt.policies {
				if pols[side] != p {
					t.Errorf("policies[%s] = %v, want %s", side, pols[side], p)
				}
			}
			ov, ok := rec["overrides"].([]any)
			if !ok {
				t.Errorf("overrides is %T, want an array", rec["overrides"])
			}
			if len(ov) != len(tt.overrides) {
				t.Errorf("overrides = %v, want %v", ov, tt.overrides)
			} else {
				for i := range ov {
					if ov[i] != tt.overrides[i] {
						t.Errorf("overrides[%d] = %v, want %s", i, ov[i], tt.overrides[i])
					}
				}
			}

			turnsPlayed, ok := rec["turns_played"].(float64)
			if !ok || turnsPlayed < 1 || turnsPlayed != float64(int(turnsPlayed)) {
				t.Errorf("turns_played = %v, want a positive integer", rec["turns_played"])
			}
			verdict := str("verdict")
			if !slices.Contains(endIDs, verdict) {
				t.Errorf("verdict %q is not one of the scenario's ends %v", verdict, endIDs)
			}
			succ, ok := rec["success"].(bool)
			if !ok {
				t.Errorf("success is %T, want a bool", rec["success"])
			} else if succ != success[verdict] {
				t.Errorf("success = %v, but end %q has success = %v", succ, verdict, success[verdict])
			}
			if str("verdict_title") == "" {
				t.Errorf("verdict_title is empty")
			}
			checkMetrics(t, "metrics", rec["metrics"], metricIDs)

			hash := str("hash")
			if !hex16.MatchString(hash) {
				t.Errorf("hash = %q, want 16 lower-case hex digits", hash)
			}

			turns, ok := rec["turns"].([]any)
			if !ok {
				t.Fatalf("turns is %T, want an array", rec["turns"])
			}
			if float64(len(turns)) != turnsPlayed {
				t.Errorf("turns has %d entries, turns_played = %v", len(turns), turnsPlayed)
			}
			for i, x := range turns {
				tr, ok := x.(map[string]any)
				if !ok {
					t.Fatalf("turns[%d] is %T, want an object", i, x)
				}
				if tr["turn"] != float64(i+1) {
					t.Errorf("turns[%d].turn = %v, want %d", i, tr["turn"], i+1)
				}
				checkMetrics(t, "turns["+strconv.Itoa(i)+"].metrics", tr["metrics"], metricIDs)
				alloc, ok := tr["allocations"].(map[string]any)
				if !ok {
					t.Errorf("turns[%d].allocations is %T, want an object", i, tr["allocations"])
					continue
				}
				var sides []string
				for side, a := range alloc {
					sides = append(sides, side)
					pts, ok := a.(map[string]any)
					if !ok {
						t.Errorf("turns[%d].allocations.%s is %T, want an object", i, side, a)
						continue
					}
					for lever, p := range pts {
						if !slices.Contains(leverIDs, lever) {
							t.Errorf("turns[%d].allocations.%s names unknown lever %q", i, side, lever)
						}
						if n, ok := p.(float64); !ok || n <= 0 || n != float64(int(n)) {
							t.Errorf("turns[%d].allocations.%s.%s = %v, want a positive integer", i, side, lever, p)
						}
					}
				}
				slices.Sort(sides)
				if !slices.Equal(sides, alliedIDs) {
					t.Errorf("turns[%d].allocations sides = %v, want %v", i, sides, alliedIDs)
				}
				if _, ok := tr["moves"].([]any); !ok {
					t.Errorf("turns[%d].moves is %T, want an array", i, tr["moves"])
				}
				if _, ok := tr["injects"].([]any); !ok {
					t.Errorf("turns[%d].injects is %T, want an array", i, tr["injects"])
				}
				if h, _ := tr["hash"].(string); !hex16.MatchString(h) {
					t.Errorf("turns[%d].hash = %v, want 16 hex digits", i, tr["hash"])
				}
			}
			if len(turns) > 0 {
				last := turns[len(turns)-1].(map[string]any)
				if last["hash"] != hash {
					t.Errorf("final hash %s differs from the last turn's hash %v", hash, last["hash"])
				}
				// The final metrics are the last turn's metrics.
				lm, _ := last["metrics"].(map[string]any)
				fm, _ := rec["metrics"].(map[string]any)
				for id, v := range fm {
					if lm[id] != v {
						t.Errorf("metrics.%s = %v, but the last turn ends with %v", id, v, lm[id])
					}
				}
			}
		})
	}
}

func seedArg(args []string) string {
	for i, a := range args {
		if a == "--seed" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return "1"
}

// checkMetrics checks that v is an object mapping exactly the scenario's
// metric ids to numbers.
func checkMetrics(t *testing.T, what string, v any, ids []string) {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s is %T, want an object", what, v)
		return
	}
	var keys []string
	for k, x := range m {
		keys = append(keys, k)
		if _, ok := x.(float64); !ok {
			t.Errorf("%s.%s is %T (%v), want a number", what, k, x, x)
		}
	}
	slices.Sort(keys)
	if !slices.Equal(keys, ids) {
		t.Errorf("%s has keys %v, want the scenario's metrics %v", what, keys, ids)
	}
}

// TestScenariosJSON checks the json contract of "lattice scenarios".
func TestScenariosJSON(t *testing.T) {
	r := run(t, "scenarios", "--format", "json")
	checkStreams(t, "lattice scenarios --format json", r)
	var list []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("output does not parse as a json array: %v\n%s", err, r.stdout)
	}
	var ids []string
	for i, s := range list {
		id, ok := s["id"].(string)
		if !ok || id == "" {
			t.Errorf("[%d].id = %v, want a non-empty string", i, s["id"])
		}
		ids = append(ids, id)
		if title, ok := s["title"].(string); !ok || title == "" {
			t.Errorf("[%d].title = %v, want a non-empty string", i, s["title"])
		}
		if n, ok := s["turns"].(float64); !ok || n < 1 || n != float64(int(n)) {
			t.Errorf("[%d].turns = %v, want a positive integer", i, s["turns"])
		}
		sides, ok := s["sides"].([]any)
		if !ok || len(sides) == 0 {
			t.Errorf("[%d].sides = %v, want a non-empty array", i, s["sides"])
		}
		for j, x := range sides {
			sd, _ := x.(map[string]any)
			if team := sd["team"]; team != "alliance" && team != "adversary" {
				t.Errorf("[%d].sides[%d].team = %v, want alliance or adversary", i, j, team)
			}
		}
		if _, ok := s["difficulties"].([]any); !ok {
			t.Errorf("[%d].difficulties is %T, want an array", i, s["difficulties"])
		}
	}
	if !slices.Equal(ids, scenarios.IDs()) {
		t.Errorf("ids = %v, want the built-in scenarios %v", ids, scenarios.IDs())
	}
	// Every listed scenario runs.
	for _, id := range ids {
		if r := run(t, "run", id, "--format", "json"); r.code != exitOK {
			t.Errorf("lattice run %s: %s", id, r)
		}
	}
}

// writeFile writes content to dir/name and returns the path.
func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// onlyOKLines reports whether out is only the "NAME: ok" lines validate
// prints for the valid scenarios among invalid ones.
func onlyOKLines(out string) bool {
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !strings.HasSuffix(l, ": ok") {
			return false
		}
	}
	return true
}

// label names a command line in failure messages.
func label(args []string) string { return strings.TrimSpace("lattice " + strings.Join(args, " ")) }

// TestPlayWithDevNull: /dev/null is a character device but not a terminal.
// With it as stdin and stdout, play says it needs a terminal (exit 2); it
// tried to open the interface and failed with bubbletea's error (exit 1).
func TestPlayWithDevNull(t *testing.T) {
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	var stderr bytes.Buffer
	e := &env{stdout: null, stderr: &stderr, stdin: null, getenv: func(string) string { return "" }}
	if code := runMain(context.Background(), e, []string{"play", "tutorial"}); code != exitUsage || !strings.Contains(stderr.String(), "needs a terminal") {
		t.Fatalf("play with /dev/null: exit %d, want %d with 'needs a terminal':\n%s", code, exitUsage, stderr.String())
	}
}

// TestRunVerdictWithoutText: an end may have no text; the verdict line is
// then followed by the objectives, not by a line of two spaces.
func TestRunVerdictWithoutText(t *testing.T) {
	var rec struct {
		Verdict string `json:"verdict"`
	}
	r := run(t, "run", "tutorial", "--seed", "1", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil || rec.Verdict == "" {
		t.Fatalf("%v: %s", err, r)
	}
	r = run(t, "run", "tutorial", "--seed", "1", "--set", "end."+rec.Verdict+".text=")
	if r.code != exitOK {
		t.Fatal(r)
	}
	i := strings.Index(r.stdout, "\nVerdict after ")
	if i < 0 {
		t.Fatalf("no verdict: %s", r)
	}
	lines := strings.Split(r.stdout[i+1:], "\n")
	if len(lines) < 2 || strings.TrimSpace(lines[1]) == "" {
		t.Errorf("the verdict is followed by a blank line: %q", lines[:min(3, len(lines))])
	}
}

// TestPlayOffersEveryScenarioAfterOne: "lattice play FILE" starts on FILE
// and still offers every built-in when "s another scenario" opens the
// picker (it listed only FILE); a bare lattice lists each built-in once.
func TestPlayOffersEveryScenarioAfterOne(t *testing.T) {
	one, err := scenarioEntry("taiwan-strait")
	if err != nil {
		t.Fatal(err)
	}
	got := withBuiltins([]tui.Entry{one}, []string{"taiwan-strait"})
	var names []string
	for _, en := range got {
		names = append(names, en.Name)
	}
	want := []string{"taiwan-strait"}
	for _, id := range scenarios.IDs() {
		if id != "taiwan-strait" {
			want = append(want, id)
		}
	}
	if !slices.Equal(names, want) {
		t.Errorf("entries %v, want %v", names, want)
	}
	for _, en := range got {
		if en.Compiled == nil || en.Err != "" {
			t.Errorf("%s: not compiled: %s", en.Name, en.Err)
		}
	}
	if got := withBuiltins(nil, nil); len(got) != 0 {
		t.Errorf("with no scenario named, the list is already every built-in: %d added", len(got))
	}
}

// TestPlayWithoutTerminalOffersItsGameHeadless: without a terminal, play
// offers the 'lattice run' of the game it was asked for, and that command
// plays it; it offered 'lattice run tutorial' whatever the arguments
// ('lattice play taiwan-strait --seed 7', or a fork of a game).
func TestPlayWithoutTerminalOffersItsGameHeadless(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir) // where the fork's journal goes
	jpath := filepath.Join(dir, "game.jsonl")
	if r := run(t, "run", "tutorial", "--journal", jpath); r.code != exitOK {
		t.Fatalf("journal: %s", r)
	}
	for _, tc := range []struct {
		play, headless []string
	}{
		{[]string{"play"}, []string{"tutorial"}},
		{[]string{"play", "gray-zone"}, []string{"gray-zone"}},
		{[]string{"play", "taiwan-strait", "--seed", "7", "--difficulty", "hard", "--hotseat"}, []string{"taiwan-strait", "--seed", "7", "--difficulty", "hard"}},
		{[]string{"play", "tutorial", "gray-zone"}, []string{"tutorial"}},
		{[]string{"play", "--fork", jpath, "--at", "2"}, []string{"--fork", jpath, "--at", "2"}},
	} {
		r := run(t, tc.play...)
		want := "\n  lattice run " + strings.Join(tc.headless, " ") + "\n"
		if r.code != exitUsage || !strings.Contains(r.stderr, "needs a terminal") || !strings.Contains(r.stderr, want) {
			t.Errorf("%v: %s\nwant exit 2 and %q", tc.play, r, want)
			continue
		}
		if !strings.HasPrefix(r.stderr, "lattice play: ") {
			t.Errorf("%v: the message does not name lattice play:\n%s", tc.play, r.stderr)
		}
		if h := run(t, append([]string{"run"}, tc.headless...)...); h.code != exitOK {
			t.Errorf("%v offers lattice run %v, which fails: %s", tc.play, tc.headless, h)
		}
	}

	// A batch run: the lattice run its manifest's reproduce field spells
	// out, which ends with the row's hash.
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "3", "--policies", "balanced,alliance-first", "--set", "side.rok.budget=5,7",
		"--difficulty", "hard", "--out", rows); r.code != exitOK {
		t.Fatalf("batch: %s", r)
	}
	_, rec, err := sessionFromBatch(rows, 10)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, "play", "--from-batch", rows, "--run", "10")
	_, offered, ok := strings.Cut(r.stderr, "\n  lattice run ")
	offered, _, _ = strings.Cut(offered, "\n")
	if r.code != exitUsage || !ok || !strings.Contains(offered, "--set side.rok.budget=7") || !strings.Contains(offered, "--difficulty hard") {
		t.Fatalf("play --from-batch: %s\nwant exit 2 and the run's lattice run", r)
	}
	if h := run(t, append([]string{"run"}, shellFields(offered)...)...); h.code != exitOK || !strings.HasSuffix(h.stdout, "Hash: "+rec.Hash+"\n") {
		t.Errorf("play --from-batch offers lattice run %s, which does not end with the row's hash %s: %.200s", offered, rec.Hash, h)
	}
}

// TestNotACommandSaysWhatItIs: a first argument that is a scenario, a
// journal, batch rows or a flag says so and gives the command it goes with
// (a bare lattice is lattice play, but 'lattice tutorial' and 'lattice
// --hotseat' were unknown commands); a word that is none of them is an
// unknown command, as before.
func TestNotACommandSaysWhatItIs(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if r := run(t, "run", "tutorial", "--journal", "game.jsonl"); r.code != exitOK {
		t.Fatal(r)
	}
	if r := run(t, "batch", "tutorial", "--runs", "3", "--policies", "balanced,free-rider", "--out", "rows.csv"); r.code != exitOK {
		t.Fatal(r)
	}
	if r := run(t, "new", "mine"); r.code != exitOK {
		t.Fatal(r)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"tutorial", "--seed", "3"}, "lattice: tutorial is a scenario, not a command: 'lattice play tutorial --seed 3' plays it ('lattice run tutorial --seed 3', headless)"},
		{[]string{"mine.toml"}, "lattice: mine.toml is a scenario, not a command: 'lattice play mine.toml' plays it"},
		{[]string{"game.jsonl"}, "lattice: game.jsonl is a game journal, not a command: 'lattice play --resume game.jsonl' plays it on, 'lattice replay game.jsonl' re-plays it"},
		{[]string{"rows.csv"}, "lattice: rows.csv is batch rows, not a command: 'lattice compare rows.csv' compares their arms"},
		{[]string{"--hotseat"}, "lattice: --hotseat is a flag, not a command: flags follow the command, as in 'lattice play --hotseat'"},
		{[]string{"--seed=3", "gray-zone"}, "as in 'lattice play --seed=3 gray-zone'"},
		{[]string{"--runs", "5"}, "lattice: --runs is a flag of lattice batch, not a command: flags follow the command"},
		{[]string{"--bogus"}, `lattice: unknown command "--bogus"`},
		{[]string{"nosuch.toml"}, `lattice: unknown command "nosuch.toml"`},
		// Words a player reaches for to go back to a game, or to start one
		// (a solo review: 'lattice continue' was an unknown command).
		{[]string{"continue"}, "lattice: continue is not a command: 'lattice' offers your newest unfinished game first (Continue); 'lattice play --resume latest' goes straight to it"},
		{[]string{"Resume"}, "lattice: Resume is not a command: 'lattice' offers"},
		{[]string{"start"}, "lattice: start is not a command: 'lattice play' opens the game"},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: %s\nwant exit 2 and %q", tc.args, r, tc.want)
		}
		// Each command offered runs (but play, which needs a terminal).
		for _, m := range regexp.MustCompile(`'lattice ((?:run|replay|compare) [^']*)'`).FindAllStringSubmatch(r.stderr, -1) {
			if o := run(t, strings.Fields(m[1])...); o.code != exitOK {
				t.Errorf("%v offers lattice %s, which fails: %s", tc.args, m[1], o)
			}
		}
	}
}

// shellFields splits a command lattice showed the user into its arguments
// as the user's shell would, undoing sim.ShellQuote: single quotes, with
// a quote inside written '\” (POSIX) or ” (PowerShell, on Windows).
func shellFields(s string) []string {
	var out []string
	var b strings.Builder
	in, word := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case in && c == '\'' && runtime.GOOS == "windows" && i+1 < len(s) && s[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == '\'':
			in, word = !in, true
		case !in && c == '\\' && runtime.GOOS != "windows" && i+1 < len(s):
			b.WriteByte(s[i+1])
			i++
			word = true
		case !in && c == ' ':
			if word {
				out = append(out, b.String())
			}
			b.Reset()
			word = false
		default:
			b.WriteByte(c)
			word = true
		}
	}
	if word {
		out = append(out, b.String())
	}
	return out
}

func TestShellFieldsUndoesShellQuote(t *testing.T) {
	args := []string{"run", "a b", "it's", `C:\x`, "", "rok=x,us=y", "plain"}
	var q []string
	for _, a := range args {
		q = append(q, sim.ShellQuote(a))
	}
	if got := shellFields(strings.Join(q, " ")); !slices.Equal(got, args) {
		t.Errorf("shellFields(%q) = %q, want %q", strings.Join(q, " "), got, args)
	}
}
