package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lattice/scenarios"
)

// TestWrongKindOfFile: a game journal, batch rows or a scenario given where
// another kind goes is named for what it is, with the command that reads
// it — not a TOML syntax error at 1:1 with an excerpt of JSON, nor "json:
// unknown field "sum"" — and the file is left as it was.
func TestWrongKindOfFile(t *testing.T) {
	dir := t.TempDir()
	journal := filepath.Join(dir, "g.jsonl")
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "run", "tutorial", "--journal", journal); r.code != exitOK {
		t.Fatal(r)
	}
	if r := run(t, "batch", "tutorial", "--runs", "4", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	scenario := writeFile(t, dir, "s.toml", "format = 1\n")
	r := run(t, "schema")
	if r.code != exitOK {
		t.Fatal(r)
	}
	schema := writeFile(t, dir, "lattice.schema.json", r.stdout)
	policy := writeFile(t, dir, "cautious.toml", "name = \"cautious\"\ndeterrence = 1\nresilience = 2\nescalation = 3\nspend = 0.8\n")
	before := map[string][]byte{}
	for _, f := range []string{journal, rows, scenario} {
		before[f], _ = os.ReadFile(f)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"run", journal}, "a game journal, not a scenario: 'lattice play --resume " + journal + "'"},
		{[]string{"validate", journal}, "a game journal, not a scenario"},
		{[]string{"keys", journal}, "a game journal, not a scenario"},
		{[]string{"batch", journal}, "a game journal, not a scenario"},
		// lattice new writes it beside the scenario ("lattice validate *").
		{[]string{"validate", schema}, "the JSON Schema of the scenario format, not a scenario"},
		{[]string{"run", schema}, "the JSON Schema of the scenario format, not a scenario"},
		// A policy file's weights were each "unknown key" or "expected a table".
		{[]string{"run", policy}, "a policy file (fixed weights), not a scenario: an AI side plays it, as in 'lattice run SCENARIO --policy SIDE=" + policy + "'"},
		{[]string{"keys", policy}, "a policy file (fixed weights), not a scenario"},
		{[]string{"batch", policy, "--runs", "2"}, "a policy file (fixed weights), not a scenario"},
		{[]string{"replay", policy}, "a policy file (fixed weights), not a game journal"},
		{[]string{"compare", scenario}, "a scenario, not batch rows: 'lattice batch " + scenario + " --out rows.csv'"},
		{[]string{"merge", policy}, "a policy file (fixed weights), not batch rows"},
		// And the other way: the TOML decoder's "incompatible types" leaked.
		{[]string{"run", "tutorial", "--policy", "rok=" + scenario}, scenario + " is a scenario, not a policy file"},
		{[]string{"batch", "tutorial", "--policies", "balanced," + scenario, "--runs", "2"}, scenario + " is a scenario, not a policy file"},
		{[]string{"run", rows}, "batch rows, not a scenario: 'lattice compare " + rows + "'"},
		{[]string{"merge", journal}, "a game journal, not batch rows: 'lattice replay " + journal + "'"},
		{[]string{"compare", journal}, "a game journal, not batch rows"},
		{[]string{"play", "--from-batch", journal, "--run", "0"}, "a game journal, not batch rows"},
		{[]string{"replay", rows}, "batch rows, not a game journal: 'lattice play --from-batch " + rows + " --run RUN_ID'"},
		{[]string{"report", rows}, "batch rows, not a game journal"},
		{[]string{"batch", "--from", rows, "--at", "1"}, "batch rows, not a game journal"},
		{[]string{"replay", scenario}, "a scenario, not a game journal: 'lattice run " + scenario + " --journal FILE'"},
		{[]string{"replay", "tutorial"}, "a scenario, not a game journal"},
		{[]string{"run", "--resume", scenario}, "a scenario, not a game journal"},
		{[]string{"run", "--fork", rows, "--at", "1"}, "batch rows, not a game journal"},
		{[]string{"replay", filepath.Join(dir, "nope.toml")}, "cannot read journal"},
	} {
		r := run(t, tc.args...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d and %q in:\n%s", label(tc.args), r.code, exitInvalid, tc.want, r.stderr)
		}
		if strings.Contains(r.stderr, "toml: error") || strings.Contains(r.stderr, "unknown field") {
			t.Errorf("%s: a parser's error leaks through:\n%s", label(tc.args), r.stderr)
		}
		checkStreams(t, label(tc.args), r)
	}
	for f, b := range before {
		if now, _ := os.ReadFile(f); string(now) != string(b) {
			t.Errorf("%s changed", f)
		}
	}
}

// TestForkSaysWhereItCameFrom: the json of a fork given fresh dice said
// only "seed": 1, the parent's, as if 'lattice run SCENARIO --seed 1' would
// play it again; run and replay now name the parent, the turn and the seed
// of the fresh dice, in text and json.
func TestForkSaysWhereItCameFrom(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "g.jsonl")
	fork := filepath.Join(dir, "f.jsonl")
	if r := run(t, "run", "tutorial", "--journal", parent); r.code != exitOK {
		t.Fatal(r)
	}
	type forkJSON struct {
		Fork *struct {
			Parent string  `json:"parent"`
			At     int     `json:"at"`
			Reseed *uint64 `json:"reseed,string"` // a string, as every seed in json
		} `json:"fork"`
	}
	check := func(what string, r result) {
		t.Helper()
		var got forkJSON
		if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != exitOK {
			t.Fatalf("%s: %v\n%s", what, err, r)
		}
		if f := got.Fork; f == nil || f.Parent != parent || f.At != 2 || f.Reseed == nil || *f.Reseed != 9 {
			t.Errorf("%s: fork %+v, want parent %s, at 2, reseed 9", what, f, parent)
		}
	}
	check("run --fork", run(t, "run", "--fork", parent, "--at", "2", "--seed", "9", "--journal", fork, "--format", "json"))
	check("replay", run(t, "replay", fork, "--format", "json"))
	want := "fork of " + parent + " after week 2, fresh dice from seed 9"
	if r := run(t, "replay", fork); !strings.Contains(r.stdout, want) {
		t.Errorf("replay text: no %q in\n%s", want, r.stdout)
	}
	if r := run(t, "replay", parent, "--format", "json"); strings.Contains(r.stdout, `"fork"`) {
		t.Errorf("replay of a game that is no fork has a fork:\n%s", r.stdout)
	}
}

// TestPlayJournalCheckedBeforeTerminal: play --resume and --fork check the
// journal before asking for a terminal, as --from-batch does, so that
// without one "no saved games yet" or a missing file is reported (exit 1),
// not "the interface needs a terminal" (exit 2).
func TestPlayJournalCheckedBeforeTerminal(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	scenario := writeFile(t, dir, "s.toml", "format = 1\n")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"play", "--resume", "latest"}, "--resume latest: no saved games yet"},
		{[]string{"play", "--fork", "latest", "--at", "1"}, "--fork latest: no saved games yet"},
		{[]string{"play", "--resume", filepath.Join(dir, "nope.jsonl")}, "cannot read journal"},
		{[]string{"play", "--fork", scenario, "--at", "1"}, "a scenario, not a game journal"},
	} {
		r := run(t, tc.args...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: exit %d, want %d and %q in:\n%s", label(tc.args), r.code, exitInvalid, tc.want, r.stderr)
		}
	}
	// A good journal gets as far as the terminal.
	if r := run(t, "run", "tutorial", "--journal", filepath.Join(dir, "g.jsonl")); r.code != exitOK {
		t.Fatal(r)
	}
	if r := run(t, "play", "--resume", filepath.Join(dir, "g.jsonl")); r.code != exitUsage || !strings.Contains(r.stderr, "needs a terminal") {
		t.Errorf("play --resume of a good journal without a terminal: %s", r)
	}
	if ents, _ := os.ReadDir(filepath.Join(dir, "lattice", "games")); len(ents) > 0 {
		t.Errorf("a fork was written: %s", ents[0].Name())
	}
}

// TestValidatePolicyFileWithTypo: a policy file with one misspelt key was
// taken for a broken scenario ("name: unknown key", "deterrence: expected
// a table, found an integer") before its typo; it is a policy, with
// sim.ParsePolicy's error. A scenario, which always has format, never is.
func TestValidatePolicyFileWithTypo(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "p.toml", "name = \"x\"\ndeterrence = 1\nescalaton = 2\n")
	r := run(t, "validate", p)
	checkStreams(t, "validate p.toml", r)
	if want := p + `:3:1: unknown key "escalaton" (did you mean "escalation"?)` + "\n"; r.code != exitInvalid || r.stderr != want {
		t.Errorf("validate a policy file with a typo: want exit 1 and\n%s%s", want, r)
	}
	for _, tc := range []struct {
		content string
		policy  bool
	}{
		{"name = \"x\"\ndeterrence = 1\nescalaton = 2\n", true},
		{"escalaton = 2\n", true}, // a weight misspelt
		{"deterrence = 1\nspend = 0.5\n", true},
		{"deterrence = 1\nspend = 0.5\nturns = 5\n", true}, // mostly weights
		{"spend = 3\nturns = 5\n", false},                  // half a scenario's
		{"id = \"x\"\ntitle = \"y\"\nturns = 5\ndeterence = 1\n", false},
		{"format = 1\nname = \"x\"\ndeterrence = 1\nescalaton = 2\n", false}, // format: a scenario
		{"deterrence = 1\nspend = 0.5\n[escalation]\nrungs = 5\n", false},    // a scenario's table
		{"deterrence = 1\nspend = 0.5\n[[metric]]\nid = \"a\"\n", false},
		{"deterrence = 1\nspend = 0.5\nside = [{ id = \"a\" }]\n", false},
		{"", false},
		{"deterrence = \n", false}, // no TOML
	} {
		p := writeFile(t, dir, "k.toml", tc.content)
		if got := isPolicyFile(p); got != tc.policy {
			t.Errorf("isPolicyFile(%q) = %v, want %v", tc.content, got, tc.policy)
		}
	}
	data, err := fs.ReadFile(scenarios.FS(), "tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	// The tutorial with its format line gone is still no policy.
	if p := writeFile(t, dir, "t.toml", strings.Replace(string(data), "format = 1", "", 1)); isPolicyFile(p) {
		t.Error("the tutorial without format is taken for a policy")
	}
}

// TestRunTakesLatest: run --fork and --resume take "latest", as play,
// replay and report do ("cannot read journal latest" before).
func TestRunTakesLatest(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	if r := run(t, "run", "--fork", "latest", "--at", "1"); r.code != exitInvalid || !strings.Contains(r.stderr, "no saved games yet") {
		t.Errorf("run --fork latest with no games: %s", r)
	}
	games := filepath.Join(dir, "lattice", "games")
	if err := os.MkdirAll(games, 0o755); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "run", "tutorial", "--seed", "4", "--journal", filepath.Join(games, "g.jsonl")); r.code != exitOK {
		t.Fatal(r)
	}
	r := run(t, "run", "--fork", "latest", "--at", "2", "--format", "json", "--journal", filepath.Join(dir, "fork.jsonl"))
	if r.code != exitOK || !strings.Contains(r.stderr, "lattice run: latest: g.jsonl") || !strings.Contains(r.stdout, `"at": 2`) {
		t.Errorf("run --fork latest --at 2: %s", r)
	}
}
