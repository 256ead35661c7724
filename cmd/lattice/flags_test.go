package main

import (
	"context"
	"encoding/json"
	"flag"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestFlagValueErrorsSayWhatIsValid checks that a flag given a value of the
// wrong kind is told what kind it takes: a duration is not "a whole
// number" (its default, 0s, once passed for one), and a seed takes no sign.
func TestFlagValueErrorsSayWhatIsValid(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--turn-timer", "10"}, `--turn-timer "10": expected a duration with its unit, such as 90s, 10m or 1h30m`},
		{[]string{"serve", "--idle-timeout", "30"}, `--idle-timeout "30": expected a duration with its unit`},
		{[]string{"run", "tutorial", "--seed", "-1"}, `--seed "-1": expected a whole number, 0 or more`},
		{[]string{"batch", "tutorial", "--runs", "1e3"}, `--runs "1e3": expected a whole number`},
		{[]string{"play", "--hotseat=maybe"}, `--hotseat "maybe": expected true or false`},
		// A number too large for the flag said "expected a whole number".
		{[]string{"batch", "tutorial", "--runs", "99999999999999999999"}, `--runs "99999999999999999999": too large a number (expected a whole number)`},
		{[]string{"batch", "tutorial", "--workers", "-99999999999999999999"}, `--workers "-99999999999999999999": too small a number (expected a whole number)`},
		{[]string{"run", "tutorial", "--seed", "18446744073709551616"}, `--seed "18446744073709551616": too large a number (expected a whole number, 0 or more)`},
		// The flag package said only "bad flag syntax: ---seed".
		{[]string{"run", "tutorial", "---seed", "3"}, `lattice run: ---seed: a flag has one or two dashes, as in --seed`},
		{[]string{"run", "tutorial", "--=3"}, `lattice run: --=3: not a flag (a flag is -NAME or --NAME)`},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d and %q in:\n%s", label(tc.args), r.code, exitUsage, tc.want, r.stderr)
		}
		checkStreams(t, label(tc.args), r)
	}
}

// TestHelpSaysEachDefaultOnce checks the flag lists of every command's help:
// a default said in words is not followed by the flag package's own
// ("(default: one per CPU) (default 0)"), a negative "not given" mark is
// not shown as a default ("(default -1)"), and every flag has a name for
// its value rather than its Go type ("--runs int").
func TestHelpSaysEachDefaultOnce(t *testing.T) {
	for _, c := range commands {
		r := run(t, "help", c.name)
		if r.code != exitOK {
			t.Fatalf("help %s: %s", c.name, r)
		}
		_, flags, _ := strings.Cut(r.stdout, "\nFlags:\n")
		lines := strings.Split(flags, "\n")
		for i, l := range lines {
			if n := strings.Count(l, "(default"); n > 1 {
				t.Errorf("help %s: a default said %d times: %s", c.name, n, l)
			}
			if strings.Contains(l, "(default -") {
				t.Errorf("help %s: a mark shown as a default: %s", c.name, l)
			}
			if strings.HasPrefix(l, "  --") && (strings.HasSuffix(l, " int") || strings.HasSuffix(l, " uint")) {
				t.Errorf("help %s: a value named by its type: %s", c.name, l)
			}
			if strings.HasPrefix(l, "  --to ") && i+1 < len(lines) && strings.Contains(lines[i+1], "(default 0)") {
				t.Errorf("help %s: --to says it defaults to 0, which it refuses: %s", c.name, lines[i+1])
			}
			// --at is needed with --fork and --from: it has no default,
			// where help said "(default 0)".
			if strings.HasPrefix(l, "  --at ") {
				entry := strings.Join(lines[i+1:min(i+4, len(lines))], " ")
				entry, _, _ = strings.Cut(entry, "  --")
				if !strings.Contains(entry, "which needs it") || strings.Contains(entry, "(default 0)") {
					t.Errorf("help %s: --at does not say it is needed, or gives it a default: %s", c.name, entry)
				}
			}
		}
	}
}

// TestBatchFromTableFits80Columns: the continuations table of batch --from
// fits an 80-column terminal (its metric table was 86 wide and the title
// line longer still), and the verdicts are a list, not "a 82.0%; b 18.0%;".
func TestBatchFromTableFits80Columns(t *testing.T) {
	parent := filepath.Join(t.TempDir(), "p.jsonl")
	if r := run(t, "run", "tutorial", "--journal", parent); r.code != exitOK {
		t.Fatal(r)
	}
	r := run(t, "batch", "--from", parent, "--at", "2", "--runs", "40", "--policies", "balanced,free-rider")
	if r.code != exitOK {
		t.Fatal(r)
	}
	checkStreams(t, "batch --from", r)
	for _, l := range strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n") {
		if strings.Contains(l, parent) {
			continue // the journal's name is as long as it is
		}
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("%d columns: %s", n, l)
		}
		if strings.HasSuffix(l, ";") || strings.HasSuffix(l, ",") {
			t.Errorf("a list ends in a separator: %s", l)
		}
	}
	if !strings.Contains(r.stdout, "  ROK domestic support ") {
		t.Errorf("a metric name of 20 characters is cut:\n%s", r.stdout)
	}
}

// TestScenariosFit80Columns: the list of built-in scenarios fits an
// 80-column terminal, each summary wrapped under its scenario (they ran to
// 135 columns and wrapped back to the first column).
func TestScenariosFit80Columns(t *testing.T) {
	r := run(t, "scenarios")
	if r.code != exitOK {
		t.Fatal(r)
	}
	for _, l := range strings.Split(r.stdout, "\n") {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("%d columns: %s", n, l)
		}
		if l != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "Run one") && !strings.Contains(l, "  ") {
			t.Errorf("a line not under its scenario: %s", l)
		}
	}
}

// TestHelpFits80Columns: every line of 'lattice help' and of every
// command's help fits an 80-column terminal: the prose (play's ran to 102
// columns, version's to 106), the usage line (run's ran to 214) and the
// flag list (validate's --play to 87). The usage line wraps between its
// bracketed arguments, never inside one.
func TestHelpFits80Columns(t *testing.T) {
	check := func(what, out string) {
		t.Helper()
		for _, l := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(l); n > 80 {
				t.Errorf("%s: %d columns: %s", what, n, l)
			}
		}
		usage, _, _ := strings.Cut(out, "\n\n")
		if strings.Count(usage, "[") != strings.Count(usage, "]") {
			t.Errorf("%s: usage not whole: %s", what, usage)
		}
		for _, l := range strings.Split(usage, "\n") {
			if strings.Count(l, "[") != strings.Count(l, "]") {
				t.Errorf("%s: usage wrapped inside brackets: %s", what, l)
			}
		}
	}
	check("help", run(t, "help").stdout)
	for _, c := range commands {
		r := run(t, "help", c.name)
		check("help "+c.name, r.stdout)
		// Wrapping moves only spaces: the usage is still the usage line.
		usage, _, _ := strings.Cut(r.stdout, "\n\n")
		if got := strings.Join(strings.Fields(usage), " "); got != "Usage: "+usageLine(c) {
			t.Errorf("help %s: usage %q, want %q", c.name, got, "Usage: "+usageLine(c))
		}
		// A usage error prints the same usage (after its own first line).
		var stderr strings.Builder
		if code := usageError(&env{stderr: &stderr}, c, "a mistake"); code != exitUsage {
			t.Errorf("usageError: exit %d", code)
		}
		_, after, _ := strings.Cut(stderr.String(), "\n")
		check(c.name+" usage error", after)
		if !strings.Contains(after, usage+"\n") {
			t.Errorf("%s usage error: the usage is not help's:\n%s", c.name, after)
		}
	}
}

// TestHelpFlagsWrapped: a flag's description too long for one line is
// wrapped under it with its default, not cut or left to the terminal.
func TestHelpFlagsWrapped(t *testing.T) {
	r := run(t, "help", "validate")
	checkStreams(t, "help validate", r)
	want := `
  --play N
        play N seeded games and report content that never comes into play
        (default 0)
`
	if !strings.Contains(r.stdout, want) {
		t.Errorf("--play not wrapped as%s\n%s", want, r.stdout)
	}
}

// TestCompareAndMergeNameMetrics: compare and merge's summaries name the
// metrics as batch does ("ROK domestic support"), from the scenarios the
// manifests beside the files name; they showed the ids (rok_support).
func TestCompareAndMergeNameMetrics(t *testing.T) {
	rows := filepath.Join(t.TempDir(), "r.csv")
	if r := run(t, "batch", "tutorial", "--runs", "20", "--policies", "balanced,free-rider", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	for _, args := range [][]string{
		{"compare", rows},
		{"merge", rows, "--format", "table"},
	} {
		r := run(t, args...)
		if r.code != exitOK || !strings.Contains(r.stdout, "  ROK domestic support ") || strings.Contains(r.stdout, "rok_support") {
			t.Errorf("%s: metrics not named as the scenario names them:\n%s", label(args), r)
		}
	}
}

// TestKeysJSON: keys, whose output is data, has --format json like the
// other data commands: every key of the text form, its value typed.
func TestKeysJSON(t *testing.T) {
	text := run(t, "keys", "tutorial")
	r := run(t, "keys", "tutorial", "--format", "json")
	checkStreams(t, "keys --format json", r)
	var keys []struct {
		Key   string `json:"key"`
		Value any    `json:"value"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &keys); err != nil || r.code != exitOK {
		t.Fatalf("%v\n%s", err, r)
	}
	if n := strings.Count(text.stdout, "\n"); len(keys) != n || n == 0 {
		t.Errorf("%d keys in json, %d in text", len(keys), n)
	}
	got := map[string]any{}
	for _, k := range keys {
		got[k.Key] = k.Value
	}
	for key, want := range map[string]any{
		"side.rok.budget":                6.0,
		"action.adiz_incursion.domain":   "air",
		"action.adiz_incursion.bluff":    true,
		"lever.coast_guard_patrol.joint": nil,
	} {
		if v, ok := got[key]; !ok || v != want {
			t.Errorf("%s = %#v (present %v), want %#v", key, v, ok, want)
		}
	}
}

// TestPolicyWithoutSide: "--policy balanced", a policy with no side, is
// told to name the side; it said only "expected SIDE=POLICY".
func TestPolicyWithoutSide(t *testing.T) {
	for _, args := range [][]string{
		{"run", "tutorial", "--policy", "balanced"},
		{"batch", "tutorial", "--policy", "lookahead", "--runs", "2"},
	} {
		r := run(t, args...)
		pol := args[3]
		if want := "name the side that plays it, such as rok=" + pol; r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, want %d and %q:\n%s", label(args), r.code, exitUsage, want, r.stderr)
		}
	}
}

// TestFormatTextAndTableAreOne: run, replay, scenarios and keys call their
// human-readable form text; batch, merge and compare call it table. Each
// now takes either name ("batch --format text" was a usage error).
func TestFormatTextAndTableAreOne(t *testing.T) {
	dir := t.TempDir()
	journal := filepath.Join(dir, "g.jsonl")
	rows := filepath.Join(dir, "r.csv")
	if r := run(t, "run", "tutorial", "--journal", journal); r.code != exitOK {
		t.Fatal(r)
	}
	if r := run(t, "batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	for _, tc := range []struct {
		name, human string
		args        []string
	}{
		{"run", "text", []string{"run", "tutorial"}},
		{"replay", "text", []string{"replay", journal}},
		{"scenarios", "text", []string{"scenarios"}},
		{"keys", "text", []string{"keys", "tutorial"}},
		{"batch", "table", []string{"batch", "tutorial", "--runs", "10"}},
		{"batch --from", "table", []string{"batch", "--from", journal, "--at", "2", "--runs", "5"}},
		{"merge", "table", []string{"merge", rows}},
		{"compare", "table", []string{"compare", rows}},
	} {
		other := map[string]string{"text": "table", "table": "text"}[tc.human]
		want := run(t, append(tc.args, "--format", tc.human)...)
		got := run(t, append(tc.args, "--format", other)...)
		if want.code != exitOK || got.code != exitOK || got.stdout != want.stdout {
			t.Errorf("%s --format %s: exit %d, want the output of --format %s (exit %d)\n%s", tc.name, other, got.code, tc.human, want.code, got.stderr)
		}
	}
}

// TestPlaySideCheckedWithoutScenario: play --side with the scenario picker
// (no SCENARIO) is checked against the scenarios it lists; a side none of
// them has went unreported (only play SCENARIO --side was checked).
func TestPlaySideCheckedWithoutScenario(t *testing.T) {
	r := run(t, "play", "--side", "rk")
	if want := `--side "rk": no such side in any of these scenarios; sides: rok,`; r.code != exitInvalid || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, `did you mean "rok"?`) {
		t.Errorf("exit %d, want %d and %q with a suggestion:\n%s", r.code, exitInvalid, want, r.stderr)
	}
	if r := run(t, "play", "--side", "japan"); r.code != exitUsage || !strings.Contains(r.stderr, "needs a terminal") {
		t.Errorf("--side japan (a side of gray-zone) should pass the check: %s", r)
	}
}

// TestBatchCausesNegative: --causes -1 was taken as 0 without a word.
func TestBatchCausesNegative(t *testing.T) {
	r := run(t, "batch", "tutorial", "--causes", "-1", "--runs", "3", "--format", "table")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--causes -1: give 0 (no causes) or more") {
		t.Errorf("%s", r)
	}
}

// TestUnknownFlagOfAnotherCommand: a flag another command takes says which
// ("run --runs" said only "unknown flag --runs"; "run --out" suggested
// --at by spelling), and a command without flags says so.
func TestUnknownFlagOfAnotherCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "tutorial", "--runs", "5"}, "unknown flag --runs: lattice batch takes it, not lattice run"},
		{[]string{"run", "tutorial", "--out", "x.json"}, "unknown flag --out: lattice batch, lattice merge and lattice report take it, not lattice run"},
		{[]string{"batch", "tutorial", "--journal", "x.jsonl"}, "unknown flag --journal: lattice run takes it, not lattice batch"},
		{[]string{"version", "--format", "json"}, "unknown flag --format: lattice version takes no flags"},
		{[]string{"run", "tutorial", "--sed", "3"}, `unknown flag --sed (did you mean "--seed"?)`},
		// An escape sequence in the flag's name reached the terminal.
		{[]string{"run", "tutorial", "--\x1b]0;owned\a\x1b[2J"}, `unknown flag "--\x1b]0;owned\a\x1b[2J"`},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d and %q:\n%s", label(tc.args), r.code, exitUsage, tc.want, r.stderr)
		}
		if strings.ContainsRune(r.stderr, 0x1b) {
			t.Errorf("%s: an escape character reached stderr: %q", label(tc.args), r.stderr)
		}
	}
}

// TestValidateBuiltinDirectoryAndEmptyOne: "lattice validate scenarios/"
// checks the .toml files in it (see TestValidateDirectoryExpands); a
// directory with none is told so.
func TestValidateBuiltinDirectoryAndEmptyOne(t *testing.T) {
	r := run(t, "validate", "../../scenarios")
	if r.code != exitOK || !strings.Contains(r.stdout, filepath.Join("../../scenarios", "tutorial.toml")+": ok") {
		t.Errorf("%s", r)
	}
	if r := run(t, "validate", t.TempDir()); r.code != exitInvalid || !strings.Contains(r.stderr, "a directory with no .toml files") {
		t.Errorf("%s", r)
	}
}

// TestDifficultyErrorNamesTheCommand: an unknown --difficulty, which has
// no file to name, begins with the command, as every other error of a flag
// does; it began with the flag ("--difficulty: unknown difficulty ..."),
// from no command a script's log could tell.
func TestDifficultyErrorNamesTheCommand(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // serve would make its host key there
	for _, args := range [][]string{
		{"run", "tutorial", "--difficulty", "insane"},
		{"batch", "tutorial", "--difficulty", "insane", "--runs", "2"},
		{"serve", "--difficulty", "insane"},
		{"play", "tutorial", "--difficulty", "insane"},
	} {
		r := run(t, args...)
		if r.code != exitInvalid || !strings.HasPrefix(r.stderr, "lattice "+args[0]+": --") {
			t.Errorf("%v: %s\nwant exit 1 and stderr beginning %q", args, r, "lattice "+args[0]+": --")
		}
	}
}

// TestHelpFlagPlaceholders: each flag's value in the list of flags is
// named in capitals, as in the usage lines, and as the usage line names it
// where it shows the flag; the lists said "--seed seed", "--format form",
// "--listen address" and "--join-code auto" beside usage lines that said
// --seed N or S, --listen ADDR, and --ai SIDE=POLICY beside a list that said
// SIDE[=POLICY].
func TestHelpFlagPlaceholders(t *testing.T) {
	lower := regexp.MustCompile(`(^|[^A-Za-z])[a-z]+([^A-Za-z]|$)`)
	for _, c := range commands {
		if c.flags == nil {
			continue
		}
		usage := usageLine(c)
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs)
		fs.VisitAll(func(f *flag.Flag) {
			name, _ := flag.UnquoteUsage(f)
			if name == "" {
				return // a boolean flag
			}
			if lower.MatchString(name) {
				t.Errorf("lattice %s --%s %s: the value's name is not in capitals", c.name, f.Name, name)
			}
			for _, m := range regexp.MustCompile(`--`+regexp.QuoteMeta(f.Name)+` ([^ ]+)`).FindAllStringSubmatch(usage, -1) {
				shown := m[1]
				for strings.HasSuffix(shown, "]") && strings.Count(shown, "]") > strings.Count(shown, "[") {
					shown = strings.TrimSuffix(shown, "]") // the bracket around the flag
				}
				if !regexp.MustCompile(`[A-Z]`).MatchString(shown) {
					continue // the values themselves: --format table|json
				}
				if shown != name && !slices.Contains(strings.Split(shown, "|"), name) {
					t.Errorf("lattice %s: the usage shows --%s %s, the flags --%s %s", c.name, f.Name, shown, f.Name, name)
				}
			}
		})
	}
}

// TestListValueAfterASpace: a list flag's next value typed after a space
// instead of a comma is said to be one, where it was taken for a scenario
// ("free-rider: no built-in scenario or file of that name", "give exactly
// one scenario"). A file of that name is still a scenario.
func TestListValueAfterASpace(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"batch", "tutorial", "--policies", "balanced", "free-rider"}, "lattice batch: free-rider is a policy, not a scenario: a list's values are joined by commas, without spaces"},
		{[]string{"run", "tutorial", "--policy", "rok=balanced", "us=free-rider"}, "lattice run: us=free-rider is not a scenario: a list's values are joined by commas, without spaces (--policy rok=balanced,us=free-rider)"},
		{[]string{"batch", "tutorial", "--set", "side.rok.budget=4", "6"}, "lattice batch: 6 is a number, not a scenario"},
		{[]string{"run", "tutorial", "lookahead"}, "lattice run: lookahead is a policy, not a scenario"},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %s\nwant exit 2 and %q", tc.args, r, tc.want)
		}
	}
	t.Chdir(t.TempDir())
	if r := run(t, "new", "balanced"); r.code != exitOK {
		t.Fatal(r)
	}
	if r := run(t, "batch", "tutorial", "balanced.toml", "--runs", "2"); r.code != exitOK {
		t.Errorf("a scenario file named like a policy: %s", r)
	}
}

// TestEmptyInputFileRefused: a journal or rows flag given empty (an unset
// variable in a script) says so; it was taken as not given: an empty
// --fork with --at 2 said "--at goes with --fork", an empty run --resume
// asked for a scenario and an empty play --resume opened the picker.
func TestEmptyInputFileRefused(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // should serve start after all
	for _, args := range [][]string{
		{"run", "--resume", ""},
		{"run", "--fork", "", "--at", "2"},
		{"batch", "--from", "", "--at", "2"},
		{"play", "--resume", ""},
		{"play", "--fork=", "--at", "1"},
		{"play", "--from-batch", "", "--run", "1"},
		{"serve", "--resume", "", "--listen", "127.0.0.1:0"},
		{"serve", "--authorized-keys", "", "--listen", "127.0.0.1:0"},
		{"serve", "--host-key", "", "--listen", "127.0.0.1:0"},
	} {
		// A serve that started after all stops on its own.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		r := runCtx(t, ctx, args...)
		cancel()
		want := "--" + strings.TrimSuffix(strings.TrimPrefix(args[1], "--"), "=") + ` "" names no file`
		if r.code != exitUsage || !strings.Contains(r.stderr, want) {
			t.Errorf("%q: %s\nwant exit 2 and %q", args, r, want)
		}
	}
}

// TestFlagGivenTwice: a flag that takes one value refuses a second, as a
// --set of one key twice is refused: "--seed 1 … --seed 2" played seed 2
// without a word. The repeatable flags (--set of other keys, --policy)
// append as before.
func TestFlagGivenTwice(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "tutorial", "--seed", "1", "--seed", "2"}, "lattice run: --seed is given twice (--seed 1, then --seed 2): give it once\n"},
		{[]string{"batch", "tutorial", "--runs=3", "--format", "csv", "--runs", "4"}, "lattice batch: --runs is given twice (--runs 3, then --runs 4): give it once\n"},
		{[]string{"play", "--hotseat", "tutorial", "--hotseat"}, "lattice play: --hotseat is given twice: give it once\n"},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.HasPrefix(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: %s\nwant exit 2 and %q", tc.args, r, tc.want)
		}
	}
	r := run(t, "run", "tutorial", "--set", "side.rok.budget=4", "--set", "side.us.budget=5", "--policy", "rok=free-rider", "--policy", "us=alliance-first", "--format", "json")
	if r.code != exitOK || !strings.Contains(r.stdout, `"rok": "free-rider"`) && !strings.Contains(r.stdout, `"rok":"free-rider"`) {
		t.Errorf("repeatable flags: %s", r)
	}
}

// TestSideInAnyCase: a side named as the briefing writes it ("ROK") is
// the side rok, for --policy and report --side; the same side named twice
// is refused.
func TestSideInAnyCase(t *testing.T) {
	want := run(t, "run", "tutorial", "--policy", "rok=free-rider", "--format", "json")
	got := run(t, "run", "tutorial", "--policy", "ROK=free-rider", "--format", "json")
	if want.code != exitOK || got.code != exitOK || got.stdout != want.stdout {
		t.Errorf("--policy ROK=free-rider: %v\nwant the output of rok=free-rider", got)
	}
	if r := run(t, "run", "tutorial", "--policy", "ROK=free-rider,rok=balanced"); r.code != exitInvalid || !strings.Contains(r.stderr, "names side rok twice") {
		t.Errorf("--policy ROK=…,rok=…: %v", r)
	}
	dir := t.TempDir()
	j := filepath.Join(dir, "g.jsonl")
	if r := run(t, "run", "tutorial", "--journal", j); r.code != exitOK {
		t.Fatal(r)
	}
	a, b := run(t, "report", j, "--side", "rok"), run(t, "report", j, "--side", "ROK")
	if a.code != exitOK || b.stdout != a.stdout {
		t.Errorf("report --side ROK: %v\nwant report --side rok's", b)
	}
}
