package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lattice/scenarios"
)

// badScenario is a scenario file with the problems validate must report.
type badScenario struct {
	name    string
	content string
	want    []string // each must appear on a line naming the file
}

// tutorialWith returns the built-in tutorial's text with its first from
// replaced by to: a scenario broken in one known way.
func tutorialWith(t *testing.T, from, to string) string {
	t.Helper()
	tutorial, err := fs.ReadFile(scenarios.FS(), "tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(tutorial), from) {
		t.Fatalf("tutorial.toml no longer holds %q; pick another line to change", from)
	}
	return strings.Replace(string(tutorial), from, to, 1)
}

// badScenarios returns small invalid scenarios: compile errors, load
// errors, a syntax error and a dangling reference in an otherwise valid
// scenario.
func badScenarios(t *testing.T) []badScenario {
	t.Helper()
	dangling := tutorialWith(t, "effect = { resilience = 1, escalation = 0.5 }", "effect = { resilience = 1, nosuch_metric = 0.5 }")
	return []badScenario{
		{
			name:    "ranges.toml",
			content: "format = 1\nid = \"ranges\"\ntitle = \"Ranges\"\nturns = 0\n",
			want:    []string{"turns must be between 1 and", "no sides", "no end applies"},
		},
		{
			name:    "types.toml",
			content: "format = 1\nid = \"types\"\ntitle = 3\nturns = \"five\"\ncolour = \"red\"\n",
			want:    []string{":3:1: title: expected a string", ":4:1: turns: expected an integer", `:5:1: colour: unknown key "colour"`},
		},
		{
			name:    "syntax.toml",
			content: "format = 1\nid = \"syntax\ntitle = \"Unterminated\"\n",
			want:    []string{":2:"},
		},
		{
			name:    "dangling.toml",
			content: dangling,
			want:    []string{`unknown metric "nosuch_metric"`},
		},
	}
}

// TestValidateReportsEveryProblem writes several bad scenarios and checks
// that validate reports every problem of every file, one per line with the
// file's name, exits 1 and keeps stdout for the valid ones.
func TestValidateReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	bad := badScenarios(t)
	var args []string
	for _, b := range bad {
		args = append(args, writeFile(t, dir, b.name, b.content))
	}
	args = append(args, "tutorial")
	r := run(t, append([]string{"validate"}, args...)...)
	checkStreams(t, "lattice validate ...", r)
	if r.code != exitInvalid {
		t.Fatalf("exit %d, want %d\n%s", r.code, exitInvalid, r)
	}
	if r.stdout != "tutorial: ok\n" {
		t.Errorf("stdout = %q, want only the valid scenario's ok line", r.stdout)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	summary := lines[len(lines)-1]
	if summary != "4 of 5 scenarios invalid" {
		t.Errorf("last line = %q, want %q", summary, "4 of 5 scenarios invalid")
	}
	// Every problem line names one of the files; lines indented beneath
	// are the parser's excerpt.
	perFile := map[string][]string{}
	for _, l := range lines[:len(lines)-1] {
		if strings.HasPrefix(l, " ") || l == "" {
			continue
		}
		name, _, ok := strings.Cut(l, ".toml:") // not at a colon: C:\ on Windows
		name += ".toml"
		if !ok {
			t.Errorf("problem line does not start with a file name: %q", l)
			continue
		}
		base := filepath.Base(name)
		perFile[base] = append(perFile[base], l)
	}
	for _, b := range bad {
		got := perFile[b.name]
		if len(got) == 0 {
			t.Errorf("%s: no problem reported", b.name)
			continue
		}
		for _, w := range b.want {
			if !slices.ContainsFunc(got, func(l string) bool { return strings.Contains(l, w) }) {
				t.Errorf("%s: no line contains %q; got:\n%s", b.name, w, strings.Join(got, "\n"))
			}
		}
	}

	// Each file alone gives the same lines: no file hides another's.
	for _, b := range bad {
		one := run(t, "validate", filepath.Join(dir, b.name))
		if one.code != exitInvalid {
			t.Errorf("validate %s: exit %d, want %d", b.name, one.code, exitInvalid)
		}
		if !strings.Contains(r.stderr, one.stderr) {
			t.Errorf("validate %s alone reports what the run of all files does not:\n%s", b.name, one.stderr)
		}
	}
}

// TestValidateDirectory checks that a directory of bad scenarios is not
// passed as valid: exit 1, the directory named on stderr.
func TestValidateDirectory(t *testing.T) {
	dir := t.TempDir()
	for _, b := range badScenarios(t) {
		writeFile(t, dir, b.name, b.content)
	}
	r := run(t, "validate", dir)
	checkStreams(t, "lattice validate DIR", r)
	if r.code != exitInvalid {
		t.Fatalf("exit %d, want %d\n%s", r.code, exitInvalid, r)
	}
	if !strings.Contains(r.stderr, dir) {
		t.Errorf("stderr does not name the directory %s:\n%s", dir, r.stderr)
	}
}

// TestValidateNamesFilesAsGiven checks that every problem line starts
// with the path exactly as the user gave it, so that two files with the same
// base name in different directories can be told apart.
func TestValidateNamesFilesAsGiven(t *testing.T) {
	_ = "was skipped" // t.Skip("known problem: compile errors name the file by its base name (\"ranges.toml:\") while load errors use the path as given (\"/tmp/.../types.toml:\"); see scenarios.Open, which renames only load errors")
	dir := t.TempDir()
	var args []string
	for _, sub := range []string{"a", "b"} {
		for _, b := range badScenarios(t) {
			args = append(args, writeFile(t, filepath.Join(dir, sub), b.name, b.content))
		}
	}
	r := run(t, append([]string{"validate"}, args...)...)
	if r.code != exitInvalid {
		t.Fatalf("exit %d, want %d", r.code, exitInvalid)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if strings.HasPrefix(l, " ") || l == "" {
			continue
		}
		if !slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(l, a+":") }) {
			t.Errorf("problem line does not start with a path as given: %q", l)
		}
	}
	for _, a := range args {
		if !strings.Contains(r.stderr, a+":") {
			t.Errorf("no problem reported for %s", a)
		}
	}
}

// TestValidateDirectoryExpands checks that validate DIR validates every
// .toml file in the directory.
func TestValidateDirectoryExpands(t *testing.T) {
	_ = "was skipped" // t.Skip("not supported: validate DIR fails with \"is a directory, not a scenario file\" instead of validating the .toml files in it (a possible feature, not documented)")
	dir := t.TempDir()
	bad := badScenarios(t)
	for _, b := range bad {
		writeFile(t, dir, b.name, b.content)
	}
	r := run(t, "validate", dir)
	if r.code != exitInvalid {
		t.Fatalf("exit %d, want %d", r.code, exitInvalid)
	}
	for _, b := range bad {
		if !strings.Contains(r.stderr, filepath.Join(dir, b.name)+":") {
			t.Errorf("no problem reported for %s:\n%s", b.name, r.stderr)
		}
	}
}

// TestValidateSyntaxExcerptHasNoTrailingSpace checks the parser's excerpt
// beneath a syntax error: no line ends in spaces.
func TestValidateSyntaxExcerptHasNoTrailingSpace(t *testing.T) {
	_ = "was skipped" // t.Skip("known problem: printScenarioError indents the blank lines of the TOML excerpt too, leaving lines of four spaces")
	p := writeFile(t, t.TempDir(), "syntax.toml", "format = 1\nid = \"x\n")
	r := run(t, "validate", p)
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.TrimRight(l, " ") != l {
			t.Errorf("line ends in spaces: %q", l)
		}
	}
}

// TestValidateBuiltins checks that every built-in scenario is valid, by id
// and by path.
func TestValidateBuiltins(t *testing.T) {
	dir := t.TempDir()
	for _, id := range scenarios.IDs() {
		r := run(t, "validate", id)
		if r.code != exitOK || r.stdout != id+": ok\n" {
			t.Errorf("validate %s: %s", id, r)
		}
		data, err := fs.ReadFile(scenarios.FS(), id+".toml")
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, id+".toml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if r := run(t, "validate", p); r.code != exitOK || r.stdout != p+": ok\n" {
			t.Errorf("validate %s: %s", p, r)
		}
		// The copy runs exactly like the built-in.
		a := run(t, "run", id, "--seed", "5", "--format", "json")
		b := run(t, "run", p, "--seed", "5", "--format", "json")
		if a.code != exitOK || lastHash(t, a.stdout) != lastHash(t, b.stdout) {
			t.Errorf("run %s and run %s differ: %s / %s", id, p, lastHash(t, a.stdout), lastHash(t, b.stdout))
		}
	}
}

// TestValidatePlayFindsDeadContent: validate --play plays a scenario and
// names content that never comes into play, exiting 1; the built-in
// tutorial has none and exits 0. The same seed gives the same report.
func TestValidatePlayFindsDeadContent(t *testing.T) {
	// 3000 games: the split is reached only by free-rider, in about 0.4%
	// of its games (300 passed by luck of the seeds).
	r := run(t, "validate", "tutorial", "--play", "3000")
	if r.code != exitOK || !strings.Contains(r.stdout, "tutorial: played 3000 games, each of 6 policies in turn at 3 difficulty levels (easy, normal, hard; normal is the file as written); verdicts: ") ||
		!strings.Contains(r.stdout, "every lever, action, inject and end came into play") {
		t.Fatalf("validate --play tutorial: %s", r)
	}
	if again := run(t, "validate", "tutorial", "--play", "3000"); again.stdout != r.stdout {
		t.Errorf("the same games gave another report:\n%s\n%s", r.stdout, again.stdout)
	}
	// Escalation is at most 100: the conflict end can never hold.
	dead := tutorialWith(t, `when = "escalation >= 100"`, `when = "escalation > 100"`)
	p := filepath.Join(t.TempDir(), "dead.toml")
	if err := os.WriteFile(p, []byte(dead), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "validate", p); r.code != exitOK {
		t.Fatalf("the file itself is valid: %s", r)
	}
	r = run(t, "validate", p, "--play", "3000")
	if r.code != exitInvalid || !strings.Contains(r.stdout, "1 never came into play:\n  end.conflict: never reached in 3000 games: its condition is escalation > 100; at any turn's end, the highest escalation was 100 (it needs escalation > 100)\n") {
		t.Errorf("validate --play with an unreachable end: %s", r)
	}
	if r := run(t, "validate", "tutorial", "--play", "-1"); r.code != exitUsage {
		t.Errorf("--play -1: %s", r)
	}
}

// TestValidateDirectoryWithPolicyFile: the README keeps a policy file of
// weights beside the scenarios; validate DIR checks it as a policy (it gave
// seven nonsense scenario errors), and reports a bad one as a policy error.
func TestValidateDirectoryWithPolicyFile(t *testing.T) {
	dir := t.TempDir()
	data, err := fs.ReadFile(scenarios.FS(), "tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tut := write("tutorial.toml", string(data))
	pol := write("cautious.toml", "name = \"cautious\"\ndeterrence = 1\nresilience = 2\nspend = 0.8\n")
	r := run(t, "validate", dir)
	if r.code != exitOK || r.stdout != pol+": ok (a policy file, for --policy SIDE="+pol+")\n"+tut+": ok\n" {
		t.Errorf("validate DIR: %s", r)
	}
	bad := write("greedy.toml", "spend = 3\n")
	r = run(t, "validate", dir)
	if r.code != exitInvalid || !strings.Contains(r.stderr, bad+":1:1: spend must be between 0 and 1, not 3") ||
		!strings.Contains(r.stderr, "1 of 3 files invalid") || strings.Contains(r.stderr, "unknown key") {
		t.Errorf("validate DIR with a bad policy: %s", r)
	}
	// A scenario with mistakes is never taken for a policy.
	write("greedy.toml", "spend = 3\nturns = 5\n")
	if r := run(t, "validate", dir); !strings.Contains(r.stderr, "greedy.toml") || strings.Contains(r.stdout, "greedy.toml: ok") {
		t.Errorf("validate DIR with a broken scenario: %s", r)
	}
}

// A scenario that compiles but holds a likely mistake (here a metric left
// without start, which a split end then meets at once) validates with its
// warnings under its ok line, exit 0; --strict makes them problems on
// stderr, exit 1. The built-in scenarios draw none.
func TestValidateWarnings(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "nostart.toml")
	src := tutorialWith(t, "category = \"alliance\"\nstart = 60\n", "category = \"alliance\"\n")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "end.split.when: its condition already holds at the start (cohesion 0), so the game ends after turn 1 unless that turn changes it; cohesion has no start, so it starts at 0: is a start missing?"
	r := run(t, "validate", path)
	if r.code != exitOK || !strings.Contains(r.stdout, path+": ok, with 1 warning:\n  "+path+":") || !strings.Contains(r.stdout, want) {
		t.Errorf("validate with a warning: exit %d, stdout:\n%s", r.code, r.stdout)
	}
	r = run(t, "validate", "--strict", path)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "1 warning (--strict)") || !strings.Contains(r.stderr, want) {
		t.Errorf("validate --strict with a warning: exit %d\n%s", r.code, r)
	}
	r = run(t, append([]string{"validate", "--strict"}, scenarios.IDs()...)...)
	if r.code != exitOK || strings.Contains(r.stdout, "warning") {
		t.Errorf("the built-in scenarios under --strict: exit %d\n%s", r.code, r)
	}
}

// TestKeysRefusesInvalidScenario: 'lattice keys' listed the keys of a
// scenario that does not compile and exited 0, as if it were valid (an
// effect naming an unknown metric, a broken condition); it now reports
// the problems as validate does, and lists nothing.
func TestKeysRefusesInvalidScenario(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.toml")
	broken := tutorialWith(t, `when = "escalation >= 100"`, `when = "escalation >= 100 and"`)
	if err := os.WriteFile(path, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "json"} {
		r := run(t, "keys", path, "--format", format)
		checkStreams(t, "lattice keys "+format, r)
		if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "expected operand, found end of expression") {
			t.Errorf("lattice keys --format %s of an invalid scenario: want exit 1, its error and nothing listed:\n%s", format, r)
		}
	}
}
