package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"lattice/sim"
)

// runJSON is the part of "run --format json" the policy tests read.
type runJSON struct {
	Policies map[string]string `json:"policies"`
	Turns    []struct {
		Allocations map[string]map[string]int `json:"allocations"`
	} `json:"turns"`
	Hash string `json:"hash"`
}

func runJSONOf(t *testing.T, args ...string) runJSON {
	t.Helper()
	r := run(t, append(append([]string{"run"}, args...), "--format", "json")...)
	if r.code != exitOK {
		t.Fatalf("lattice run %s: %s", strings.Join(args, " "), r)
	}
	var rec runJSON
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

// points returns the points side put on levers over the whole game.
func (r runJSON) points(side string) int {
	n := 0
	for _, tr := range r.Turns {
		for _, p := range tr.Allocations[side] {
			n += p
		}
	}
	return n
}

// weightKeys returns the TOML keys of a policy file, from sim.Weights.
func weightKeys(t *testing.T) []string {
	t.Helper()
	var keys []string
	rt := reflect.TypeOf(sim.Weights{})
	for i := range rt.NumField() {
		if k, _, _ := strings.Cut(rt.Field(i).Tag.Get("toml"), ","); k != "" && k != "-" {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		t.Fatal("sim.Weights has no toml keys")
	}
	return keys
}

// TestPolicyFile runs with a policy file that sets every key of
// sim.Weights, and checks that the file is used.
func TestPolicyFile(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for _, k := range weightKeys(t) {
		switch reflect.TypeOf(sim.Weights{}).Field(fieldIndex(t, k)).Type.Kind() {
		case reflect.String:
			fmt.Fprintf(&b, "%s = %q\n", k, "hawk")
		case reflect.Bool:
			fmt.Fprintf(&b, "%s = false\n", k)
		default:
			v := 0.5
			switch k {
			case "deterrence":
				v = 3
			case "defence":
				v = 2
			case "spend":
				v = 0.5
			}
			fmt.Fprintf(&b, "%s = %v\n", k, v)
		}
	}
	hawk := writeFile(t, dir, "hawk.toml", b.String())

	r := run(t, "run", "tutorial", "--policy", "rok="+hawk)
	checkStreams(t, "lattice run tutorial --policy rok=hawk.toml", r)
	if r.code != exitOK {
		t.Fatalf("policy file:\n%s\n%s", b.String(), r)
	}
	if !strings.Contains(r.stdout, "South Korea plays hawk\n") || !strings.Contains(r.stdout, "United States plays balanced\n") {
		t.Errorf("the header does not name the policies:\n%s", head(r.stdout, 4))
	}

	withFile := runJSONOf(t, "tutorial", "--policy", "rok="+hawk)
	balanced := runJSONOf(t, "tutorial")
	if withFile.Policies["rok"] != "hawk" || withFile.Policies["us"] != "balanced" {
		t.Errorf("policies = %v, want rok hawk and us balanced", withFile.Policies)
	}
	if withFile.Hash == balanced.Hash {
		t.Errorf("the policy file did not change the game")
	}
	// spend = 0.5: the side spends about half of what balanced spends.
	if h, bal := withFile.points("rok"), balanced.points("rok"); h >= bal {
		t.Errorf("with spend = 0.5 South Korea put %d points, balanced %d", h, bal)
	}
	// Deterministic, like every run.
	if again := runJSONOf(t, "tutorial", "--policy", "rok="+hawk); again.Hash != withFile.Hash {
		t.Errorf("two runs with the policy file differ")
	}

	// Without a name the policy is named after its file; a file can serve
	// both sides, and sides can mix files and built-ins.
	dove := writeFile(t, dir, "dove.toml", "alliance = 3\nalign = 3\n")
	rec := runJSONOf(t, "tutorial", "--policy", "rok="+dove+",us="+hawk)
	if rec.Policies["rok"] != "dove" || rec.Policies["us"] != "hawk" {
		t.Errorf("policies = %v, want rok dove and us hawk", rec.Policies)
	}
	rec = runJSONOf(t, "tutorial", "--policy", "rok="+dove, "--policy", "us=lookahead")
	if rec.Policies["rok"] != "dove" || rec.Policies["us"] != "lookahead" {
		t.Errorf("policies = %v, want rok dove and us lookahead", rec.Policies)
	}
}

func fieldIndex(t *testing.T, key string) int {
	rt := reflect.TypeOf(sim.Weights{})
	for i := range rt.NumField() {
		if k, _, _ := strings.Cut(rt.Field(i).Tag.Get("toml"), ","); k == key {
			return i
		}
	}
	t.Fatalf("no field for %s", key)
	return -1
}

func head(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	return strings.Join(lines[:min(n, len(lines))], "\n")
}

// TestPolicyFileErrors checks that a bad policy file fails with exit 1, a
// message on stderr naming the file and what is wrong, and nothing on
// stdout.
func TestPolicyFileErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, content string
		want          []string
	}{
		{"typo.toml", "deterrence = 2\ndeterence = 3\n", []string{`unknown key "deterence"`, `(did you mean "deterrence"?)`}},
		{"unknown.toml", "zeal = 3\n", []string{`unknown key "zeal"`}},
		{"table.toml", "[weights]\ndeterrence = 3\n", []string{`unknown key "weights`}},
		{"spend.toml", "spend = 1.5\n", []string{"spend must be between 0 and 1"}},
		{"negative.toml", "spend = -0.1\n", []string{"spend must be between 0 and 1"}},
		{"type.toml", "deterrence = \"high\"\n", []string{"deterrence"}},
		{"syntax.toml", "deterrence = \n", []string{"syntax.toml:1:"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, dir, tt.name, tt.content)
			args := []string{"run", "tutorial", "--policy", "rok=" + p}
			r := run(t, args...)
			checkStreams(t, label(args), r)
			if r.code != exitInvalid {
				t.Fatalf("exit %d, want %d\n%s", r.code, exitInvalid, r)
			}
			if !strings.HasPrefix(r.stderr, "lattice run: ") {
				t.Errorf("stderr does not start with the command: %q", r.stderr)
			}
			if !strings.Contains(r.stderr, p) {
				t.Errorf("stderr does not name the file %s: %q", p, r.stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not contain %q: %q", w, r.stderr)
				}
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		p := dir + "/missing.toml"
		r := run(t, "run", "tutorial", "--policy", "us="+p)
		if r.code != exitInvalid || !strings.Contains(r.stderr, p) || !strings.Contains(r.stderr, "no such file") {
			t.Errorf("missing policy file: %s", r)
		}
	})
}

// TestPolicyNameIsSanitized checks that a policy file's name cannot put
// terminal escape sequences into the text log.
func TestPolicyNameIsSanitized(t *testing.T) {
	_ = "was skipped" // t.Skip(`known problem: cmdRun prints p.Name() from a policy file unsanitized ("  South Korea plays \x1b[31m..."), unlike every other text it prints; the json form escapes it`)
	p := writeFile(t, t.TempDir(), "esc.toml", `name = "\u001b]0;pwned\u0007\u001b[31mred"`+"\n")
	r := run(t, "run", "tutorial", "--policy", "rok="+p)
	if r.code != exitOK {
		t.Fatalf("%s", r)
	}
	if strings.ContainsAny(r.stdout, "\x1b\x07") {
		t.Errorf("stdout holds control characters from the policy name:\n%q", head(r.stdout, 3))
	}
}

// TestFreeRiderSpendsLess checks that the free-rider policy lives up to
// its description ("a free-rider spends only its visible commitment").
func TestFreeRiderSpendsLess(t *testing.T) {
	_ = "was skipped" // t.Skip("known problem (sim): free-rider sets MinimumOnly, which resets the available budget to the full amount and only stops once the visible minimum is met, so South Korea as free-rider puts 6-7 points a week, as many as balanced, mostly on invisible levers")
	for _, seed := range []string{"1", "7"} {
		fr := runJSONOf(t, "tutorial", "--seed", seed, "--policy", "rok=free-rider")
		bal := runJSONOf(t, "tutorial", "--seed", seed)
		if f, b := fr.points("rok"), bal.points("rok"); f >= b {
			t.Errorf("seed %s: free-rider South Korea put %d points, balanced %d", seed, f, b)
		}
	}
}

// TestPolicyUnknownSideListsSides checks that naming a side the scenario
// lacks (or the adversary) says which sides --policy accepts.
func TestPolicyUnknownSideListsSides(t *testing.T) {
	_ = "was skipped" // t.Skip(`known problem: "lattice run tutorial --policy jp=balanced" says only 'no allied side "jp" in scenario "tutorial"' without listing the allied sides (rok, us), and for prc does not say it is the adversary`)
	for _, side := range []string{"jp", "prc"} {
		r := run(t, "run", "tutorial", "--policy", side+"=balanced")
		if r.code == exitOK {
			t.Fatalf("--policy %s=balanced succeeded", side)
		}
		if !strings.Contains(r.stderr, "rok") || !strings.Contains(r.stderr, "us") {
			t.Errorf("--policy %s=balanced: stderr does not list the allied sides: %q", side, r.stderr)
		}
	}
	r := run(t, "run", "tutorial", "--policy", "prc=balanced")
	if !strings.Contains(r.stderr, "adversary") {
		t.Errorf("--policy prc=balanced does not say prc is the adversary: %q", r.stderr)
	}
}

// TestPolicyGivenTwice: a side given two policies is a usage error naming
// both, in one --policy or across two, for run and batch alike.
func TestPolicyGivenTwice(t *testing.T) {
	for _, args := range [][]string{
		{"run", "tutorial", "--policy", "rok=balanced,rok=free-rider"},
		{"run", "tutorial", "--policy", "rok=balanced", "--policy", "rok=free-rider"},
		{"batch", "tutorial", "--runs", "2", "--policy", "rok=balanced,rok=free-rider"},
	} {
		r := run(t, args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, `"rok" is given twice (balanced and free-rider)`) {
			t.Errorf("%v: exit %d, want %d and both policies named\n%s", args, r.code, exitUsage, r)
		}
	}
	if r := run(t, "run", "tutorial", "--policy", "rok=balanced,us=free-rider"); r.code != exitOK {
		t.Errorf("two sides, one policy each: %v", r)
	}
}

// TestPolicyNamedWithoutToml: a policy file named without its .toml
// ("--policy rok=hawk" beside hawk.toml) is pointed to the file, as a
// scenario named without .toml is; it got only the list of built-ins.
func TestPolicyNamedWithoutToml(t *testing.T) {
	base := strings.TrimSuffix(filepath.Join("testdata", "policies", "hawk.toml"), ".toml")
	for _, args := range [][]string{
		{"run", "tutorial", "--policy", "rok=" + base},
		{"batch", "tutorial", "--policies", base, "--runs", "2"},
	} {
		r := run(t, args...)
		if want := "did you mean the file " + base + ".toml?"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: exit %d, want %d and %q:\n%s", label(args), r.code, exitInvalid, want, r.stderr)
		}
	}
}

// TestScenarioPolicyBesideScenario: a side's policy = "cautious.toml" in a
// scenario was read from the current directory, so run from another one
// it failed with "policy file cautious.toml: no such file or directory",
// naming neither the key nor the scenario. It is read beside the scenario
// (--policy SIDE=FILE stays relative to the current directory); an error
// names the scenario, the key path and the path tried; the journal keeps
// the policy's text, so the replay needs no file; validate checks it.
func TestScenarioPolicyBesideScenario(t *testing.T) {
	dir := t.TempDir()
	scen := writeFile(t, dir, "sub/s.toml", tutorialWith(t, `policy = "balanced"`, `policy = "cautious.toml"`))
	pol := writeFile(t, dir, "sub/cautious.toml", "name = \"cautious\"\ndeterrence = 1\nresilience = 2\nspend = 0.8\n")
	elsewhere := filepath.Join(dir, "elsewhere")
	if err := os.Mkdir(elsewhere, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(elsewhere)
	rel := filepath.Join("..", "sub", "s.toml")
	for _, s := range []string{scen, rel} {
		if rec := runJSONOf(t, s); rec.Policies["rok"] != "cautious" || rec.Policies["us"] != "balanced" {
			t.Errorf("run %s: policies %v, want rok cautious (the file beside the scenario)", s, rec.Policies)
		}
		if r := run(t, "validate", s); r.code != exitOK || r.stdout != s+": ok\n" {
			t.Errorf("validate %s: %s", s, r)
		}
	}
	// The same game as with the file given on the command line.
	if a, b := runJSONOf(t, rel), runJSONOf(t, "tutorial", "--policy", "rok="+pol); a.Hash != b.Hash {
		t.Errorf("the scenario's policy file and --policy rok=%s play different games", pol)
	}
	// --policy is relative to the current directory, not the scenario.
	if r := run(t, "run", rel, "--policy", "rok=cautious.toml"); r.code != exitInvalid || !strings.Contains(r.stderr, "policy file cautious.toml: no such file") {
		t.Errorf("--policy rok=cautious.toml from another directory: %s", r)
	}
	journalPath := filepath.Join(dir, "g.jsonl")
	if r := run(t, "run", rel, "--journal", journalPath); r.code != exitOK {
		t.Fatalf("run --journal: %s", r)
	}
	// A batch row names the file as read, so that the lattice run it
	// reproduces with, from here, reads the same file.
	if r := run(t, "batch", rel, "--runs", "2", "--format", "csv"); r.code != exitOK ||
		!strings.Contains(r.stdout, `"rok=`+filepath.Join("..", "sub", "cautious.toml")+`,us=balanced"`) {
		t.Errorf("batch: want the policy file as read in the rows: %s", r)
	}
	if err := os.Remove(pol); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "replay", journalPath, "--verify"); r.code != exitOK || !strings.Contains(r.stdout, "verified") {
		t.Errorf("replay without the policy file: %s", r)
	}
	tried := filepath.Join("..", "sub", "cautious.toml")
	src, err := os.ReadFile(scen)
	if err != nil {
		t.Fatal(err)
	}
	line := 1 + strings.Count(string(src[:strings.Index(string(src), `policy = "cautious.toml"`)]), "\n")
	for _, args := range [][]string{{"run", rel}, {"batch", rel, "--runs", "2"}, {"validate", rel}} {
		r := run(t, args...)
		checkStreams(t, label(args), r)
		want := fmt.Sprintf("%s:%d:1: side.rok.policy: policy file %s: no such file or directory", rel, line, tried)
		if r.code != exitInvalid || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "read from the scenario's directory") {
			t.Errorf("%s without the policy file: want exit 1 and %q in\n%s", label(args), want, r)
		}
	}
	// validate reads the file too, and every side's.
	writeFile(t, dir, "sub/cautious.toml", "spend = 2\n")
	both := writeFile(t, dir, "sub/both.toml", strings.ReplaceAll(tutorialWith(t, "", ""), `policy = "balanced"`, `policy = "cautious.toml"`))
	r := run(t, "validate", both)
	for _, side := range []string{"rok", "us"} {
		if want := "side." + side + ".policy: " + filepath.Join(dir, "sub", "cautious.toml") + ":1:1: spend must be between 0 and 1, not 2"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("validate with a bad policy file: want %q in\n%s", want, r)
		}
	}
	// A difficulty level that sets a policy file is checked at its key.
	level := writeFile(t, dir, "sub/level.toml", tutorialWith(t, `set = {}`, `set = { "side.us.policy" = "nosuch.toml" }`))
	r = run(t, "validate", level)
	if want := level + ": difficulty.normal.set.side.us.policy: policy file " + filepath.Join(dir, "sub", "nosuch.toml") + ": no such file"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
		t.Errorf("validate with a level's missing policy file: want %q in\n%s", want, r)
	}
}
