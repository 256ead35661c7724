package main

// Tests for behaviour that looks wrong or unhelpful today. Each is skipped
// with the reason; remove the t.Skip once the behaviour is fixed.

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestSetErrorBlamesTheOverride checks that a --set value the compiler
// rejects is reported against the --set argument, not against a line of
// the built-in scenario file the user cannot see or edit.
func TestSetErrorBlamesTheOverride(t *testing.T) {
	_ = "was skipped" // t.Skip(`known problem: "lattice run tutorial --set turns=0" reports "tutorial.toml:10:1: turns: ..." (and two follow-on inject errors at tutorial.toml:283 and :290) without mentioning --set; "--set side.rok.budget=-5" likewise reports "tutorial.toml:74:1"`)
	for _, kv := range []string{"turns=0", "side.rok.budget=-5"} {
		r := run(t, "run", "tutorial", "--set", kv)
		if r.code != exitInvalid {
			t.Fatalf("--set %s: exit %d, want %d", kv, r.code, exitInvalid)
		}
		if !strings.Contains(r.stderr, "--set "+strconv.Quote(kv)) {
			t.Errorf("--set %s: the error does not name the override: %q", kv, r.stderr)
		}
	}
}

// TestSetErrorElsewhereNamesTheOverride: an override can make another key
// invalid (taiwan-strait schedules injects in weeks 4 and 7; --set turns=3
// leaves them outside the game). Each such error keeps its place in the
// file, to show which entry, and says it comes only with the override, in
// run and in a batch variant; the file alone was valid.
func TestSetErrorElsewhereNamesTheOverride(t *testing.T) {
	for _, args := range [][]string{
		{"run", "taiwan-strait", "--set", "turns=3"},
		{"batch", "taiwan-strait", "--runs", "2", "--set", "turns=3,10"},
		// An override with no part in the error is not named with the one
		// that has (it was: "only with --set side.rok.budget=5, --set …").
		{"run", "taiwan-strait", "--set", "side.rok.budget=5", "--set", "turns=3"},
		{"batch", "taiwan-strait", "--runs", "2", "--set", "side.rok.budget=5", "--set", "turns=3,10"},
	} {
		r := run(t, args...)
		if r.code != exitInvalid {
			t.Fatalf("%v: %s", args, r)
		}
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		n := 0
		for _, l := range lines {
			if strings.Contains(l, "inject.") {
				n++
				if !strings.HasPrefix(l, "taiwan-strait.toml:") || !strings.HasSuffix(l, `(only with --set "turns=3"; the file itself is valid)`) {
					t.Errorf("%v: %q", args, l)
				}
			}
		}
		if n == 0 {
			t.Errorf("%v: no inject error: %s", args, r)
		}
	}
	// An error the file has anyway gets no such note.
	p := filepath.Join(t.TempDir(), "broken.toml")
	if err := os.WriteFile(p, []byte(tutorialWith(t, "effect = { resilience = 1, escalation = 0.5 }", "effect = { resilience = 1, nosuch = 0.5 }")), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "run", p, "--set", "side.rok.budget=5")
	if r.code != exitInvalid || !strings.Contains(r.stderr, `unknown metric "nosuch"`) || strings.Contains(r.stderr, "the file itself is valid") {
		t.Errorf("an error of the file's own, with --set: %s", r)
	}
}

// TestFlagErrorsNameFlagsAsDocumented checks that flag errors spell flags
// the way help does (--seed, not -seed), say what a valid value is, and
// suggest the flag meant.
func TestFlagErrorsNameFlagsAsDocumented(t *testing.T) {
	_ = "was skipped" // t.Skip(`known problem: the flag package's messages leak through: "invalid value \"abc\" for flag -seed: parse error" (single dash, and "parse error" does not say a seed is a non-negative integer); "flag provided but not defined: -sed" with no suggestion of --seed`)
	r := run(t, "run", "tutorial", "--seed", "abc")
	if !strings.Contains(r.stderr, "--seed") || strings.Contains(r.stderr, "parse error") {
		t.Errorf("--seed abc: %q", r.stderr)
	}
	r = run(t, "run", "tutorial", "--sed", "7")
	if !strings.Contains(r.stderr, "--sed") || !strings.Contains(r.stderr, `"--seed"`) {
		t.Errorf("--sed 7: %q", r.stderr)
	}
}

// TestSetUnknownKeySuggestsOnce checks the --set unknown-key message: one
// suggestion, and a count of the keys not shown that matches what was left
// out.
func TestSetUnknownKeySuggestsOnce(t *testing.T) {
	_ = "was skipped" // t.Skip(`known problem: "--set side.rok.budgt=9" suggests twice ("(did you mean \"budget\"?)" inline, then "(did you mean \"side.rok.budget\"?)"), and after listing all 12 keys near side.rok says "… and 303 more" as if the list were cut short`)
	r := run(t, "run", "tutorial", "--set", "side.rok.budgt=9")
	if n := strings.Count(r.stderr, "did you mean"); n != 1 {
		t.Errorf("%d suggestions, want 1:\n%s", n, r.stderr)
	}
	if strings.Contains(r.stderr, "more:") {
		t.Errorf("says keys were left out of a complete list:\n%s", r.stderr)
	}
}

// TestSetErrorQuotesTheArgument: a --set argument holding an escape is
// shown quoted with the escape spelled out; bare and sanitized, it read as
// a valid key ("--set side.rok.budget.x=5").
func TestSetErrorQuotesTheArgument(t *testing.T) {
	r := run(t, "run", "tutorial", "--set", "side.rok.budget\x1b[8m.x=5")
	want := `--set "side.rok.budget\x1b[8m.x=5": unknown key path`
	if r.code != exitInvalid || !strings.HasPrefix(r.stderr, want) || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("want exit 1 and stderr starting %q, no escape:\n%s", want, r)
	}
}
