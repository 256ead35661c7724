package main

// Tests for behaviour that looks wrong or unhelpful today. Each is skipped
// with the reason; remove the t.Skip once the behaviour is fixed.

import (
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
