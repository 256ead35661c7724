package main

import (
	"strings"
	"testing"
)

// lattice run says when a --set changes nothing the game plays, as batch
// does: an adversary's budget is accepted and no adversary reads it. The
// game is played, and is the game without it.
func TestRunWarnsOfASetWithoutEffect(t *testing.T) {
	with := run(t, "run", "tutorial", "--set", "side.prc.budget=5", "--format", "json")
	if with.code != exitOK || !strings.Contains(with.stderr, "--set side.prc.budget=5 has no effect: prc is an adversary side") {
		t.Fatalf("exit %d, stderr %q: want the game played and the set said to have no effect", with.code, with.stderr)
	}
	without := run(t, "run", "tutorial", "--format", "json")
	hash := func(out string) string {
		i := strings.Index(out, `"hash"`)
		if i < 0 {
			t.Fatalf("no hash in %s", out)
		}
		return out[i : i+40]
	}
	if hash(with.stdout) != hash(without.stdout) {
		t.Errorf("the game with the set has another hash: %s, %s", hash(with.stdout), hash(without.stdout))
	}
	if r := run(t, "run", "tutorial", "--set", "side.rok.budget=5"); strings.Contains(r.stderr, "no effect") {
		t.Errorf("an allied side's budget is said to have no effect: %s", r.stderr)
	}
}

// A side's policy given both by --policy and by --set is refused: the
// --set was ignored without a word.
func TestRunRefusesAPolicyGivenTwice(t *testing.T) {
	r := run(t, "run", "tutorial", "--set", "side.rok.policy=free-rider", "--policy", "rok=balanced")
	if r.code != exitUsage || !strings.Contains(r.stderr, "--set side.rok.policy=free-rider would be ignored: --policy rok=balanced") {
		t.Fatalf("exit %d, stderr %q: want a usage error naming both", r.code, r.stderr)
	}
	if r := run(t, "run", "tutorial", "--set", "side.rok.policy=free-rider", "--policy", "us=balanced"); r.code != exitOK {
		t.Errorf("a --policy for another side: exit %d, %s", r.code, r.stderr)
	}
}
