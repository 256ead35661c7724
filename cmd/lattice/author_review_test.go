package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// shortScenario is a small valid scenario without a [commitment] table,
// whose allies fall short of the visible commitment every turn (the
// balanced policy buys only the invisible patrol), so the default
// shortfall is paid; its end holds at the start, one warning.
const shortScenario = `format = 1
id = "short"
title = "Short"
turns = 4

[[domain]]
id = "maritime"

[[side]]
id = "rok"
team = "alliance"
budget = 6

[[side]]
id = "prc"
team = "adversary"

[[metric]]
id = "cohesion"
start = 60

[deterrence]
capability = { start = 0.7 }
resolve = { start = 0.7 }
communication = { start = 0.7 }

[[lever]]
id = "patrol"
visible = false
effect = { cohesion = 1 }
defend = { maritime = 1 }

[[lever]]
id = "show"
effect = { cohesion = -1 }

[[action]]
id = "swarm"
domain = "maritime"
success = { cohesion = -2 }

[[end]]
id = "calm"
when = "cohesion > 10"

[[end]]
id = "held"
success = true
`

var hashRx = regexp.MustCompile(`"hash": "([0-9a-f]{16})"`)

// runHash plays args with lattice run --format json and returns the game's
// hash (the last one the log gives).
func runHash(t *testing.T, args ...string) string {
	t.Helper()
	r := run(t, append(append([]string{"run"}, args...), "--format", "json")...)
	if r.code != exitOK {
		t.Fatalf("lattice run %v: exit %d: %s", args, r.code, r.stderr)
	}
	m := hashRx.FindAllStringSubmatch(r.stdout, -1)
	if len(m) == 0 {
		t.Fatalf("no hash in %s", r.stdout)
	}
	return m[len(m)-1][1]
}

// The documented default shortfall, given by --set on a scenario without
// a [commitment] table, plays the game without the --set: it used to
// make a table of that entry alone, dropping cohesion −1.
func TestSetDefaultShortfallKeepsTheGame(t *testing.T) {
	file := writeFile(t, t.TempDir(), "short.toml", shortScenario)
	want := runHash(t, file)
	for _, set := range []string{"commitment.shortfall.resolve=-0.01", "commitment.shortfall.cohesion=-1"} {
		if got := runHash(t, file, "--set", set); got != want {
			t.Errorf("--set %s, the documented default: hash %s, want %s", set, got, want)
		}
	}
	if runHash(t, file, "--set", "commitment.shortfall.cohesion=-3") == want {
		t.Fatal("another shortfall plays the same game: the test's allies are never short")
	}
}

// lattice keys lists the default shortfall's entries, as defaults, in text
// and json, and no allied-only key for an adversary side.
func TestKeysListDefaultShortfall(t *testing.T) {
	file := writeFile(t, t.TempDir(), "short.toml", shortScenario)
	r := run(t, "keys", file)
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, line := range []string{"commitment.shortfall.cohesion = (default: -1)", "commitment.shortfall.resolve = (default: -0.01)", "lever.patrol.delay = (default: 0)", "action.swarm.bluff = (default: false)"} {
		if !strings.Contains(r.stdout, line+"\n") {
			t.Errorf("keys lacks %q:\n%s", line, r.stdout)
		}
	}
	for _, key := range []string{"side.prc.budget", "side.prc.support"} {
		if strings.Contains(r.stdout, key) {
			t.Errorf("keys offers %s, an allied side's key, for the adversary", key)
		}
	}
	j := run(t, "keys", file, "--format", "json")
	var list []struct {
		Key     string `json:"key"`
		Value   any    `json:"value"`
		Default string `json:"default"`
	}
	if err := json.Unmarshal([]byte(j.stdout), &list); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, k := range list {
		switch k.Key {
		case "commitment.shortfall.resolve", "commitment.shortfall.cohesion":
			found++
			if k.Value != nil || (k.Default != "-0.01" && k.Default != "-1") {
				t.Errorf("json %s: value %v, default %q", k.Key, k.Value, k.Default)
			}
		}
	}
	if found != 2 {
		t.Errorf("json lists %d default shortfall entries, want 2", found)
	}
}

// lattice run and lattice batch say on stderr, in one line, that a
// scenario file has warnings and how to see them; stdout is the same.
// A built-in scenario has none, and gets no line.
func TestRunAndBatchNoteAFilesWarnings(t *testing.T) {
	file := writeFile(t, t.TempDir(), "short.toml", shortScenario)
	note := "short.toml has 1 warning: lattice validate " + file + " shows it\n"
	r := run(t, "run", file)
	if r.code != exitOK || !strings.HasSuffix(r.stderr, "lattice run: "+file+" has 1 warning: lattice validate "+file+" shows it\n") {
		t.Errorf("run: exit %d, stderr %q: want it to end %q", r.code, r.stderr, note)
	}
	if strings.Contains(r.stdout, "warning") {
		t.Errorf("run's log mentions the warning: %s", r.stdout)
	}
	b := run(t, "batch", file, "--runs", "2")
	if b.code != exitOK || !strings.Contains(b.stderr, "lattice batch: "+file+" has 1 warning: lattice validate "+file+" shows it\n") {
		t.Errorf("batch: exit %d, stderr %q: want the note", b.code, b.stderr)
	}
	// Without the warning (no end holding at the start), no note.
	clean := writeFile(t, t.TempDir(), "clean.toml", strings.Replace(shortScenario, "cohesion > 10", "cohesion < 10", 1))
	if r := run(t, "run", clean); strings.Contains(r.stderr, "warning") {
		t.Errorf("a file without warnings: stderr %q", r.stderr)
	}
	if r := run(t, "run", "tutorial"); strings.Contains(r.stderr, "warning") {
		t.Errorf("a built-in scenario: stderr %q", r.stderr)
	}
}

// A --set value that validate would warn of in a file is said on stderr
// (weight=0.00001 played as 0 without a word), once per value in a batch
// whatever the arms; a value without a warning says nothing.
func TestRunAndBatchNoteASetValuesWarning(t *testing.T) {
	const line = "--set action.wedge_message.weight=0.00001: weight = 0.00001 rounds to 0 (Lattice keeps 4 decimals)"
	r := run(t, "run", "tutorial", "--set", "action.wedge_message.weight=0.00001")
	if r.code != exitOK || !strings.Contains(r.stderr, "lattice run: "+line) {
		t.Errorf("run: exit %d, stderr %q: want %q", r.code, r.stderr, line)
	}
	b := run(t, "batch", "tutorial", "--runs", "2", "--set", "action.wedge_message.weight=0.00001,0.5", "--policies", "balanced,free-rider", "--format", "csv")
	if b.code != exitOK || strings.Count(b.stderr, "lattice batch: "+line) != 1 || strings.Contains(b.stderr, "weight=0.5:") {
		t.Errorf("batch: exit %d, stderr %q: want %q once, and nothing of 0.5", b.code, b.stderr, line)
	}
	if r := run(t, "run", "tutorial", "--set", "action.wedge_message.weight=0.5"); r.stderr != "" {
		t.Errorf("a set value without a warning: stderr %q", r.stderr)
	}
	// A condition set blank reads as none, as in a file: it went without
	// a word (the file's own blank when is warned of).
	const blank = "--set inject.fishing_season.when=: when is empty, which reads as leaving it out (no condition besides its turn or chance)"
	if r := run(t, "run", "tutorial", "--set", "inject.fishing_season.when="); r.code != exitOK || !strings.Contains(r.stderr, "lattice run: "+blank) {
		t.Errorf("run with a blank when: exit %d, stderr %q: want %q", r.code, r.stderr, blank)
	}
	if r := run(t, "run", "tutorial", "--set", "inject.fishing_season.when=turn >= 1"); r.stderr != "" {
		t.Errorf("a set condition: stderr %q", r.stderr)
	}
}
