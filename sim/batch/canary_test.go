package batch

import (
	"context"
	"fmt"
	"testing"
)

// TestCanaries: the canary games are the same for every shard (they
// depend on the arms alone), none is a replicate a batch can play, every
// arm plays some while the arms are few, and a batch of many arms plays
// at most maxCanaries, one at least of each scenario and policy.
func TestCanaries(t *testing.T) {
	few := make([]*Arm, 4)
	for i := range few {
		few[i] = &Arm{Index: i, Scenario: "s", Policy: fmt.Sprint("p", i%2)}
	}
	cs := Canaries(few)
	if len(cs) != 4*canariesPerArm {
		t.Errorf("%d canaries for 4 arms, want %d", len(cs), 4*canariesPerArm)
	}
	seen := map[int]bool{}
	for k, c := range cs {
		if c.Replicate != CanaryReplicate+k || c.Replicate < MaxRuns {
			t.Errorf("canary %d plays replicate %d: not past every batch's (below %d)", k, c.Replicate, MaxRuns)
		}
		seen[c.Arm] = true
	}
	if len(seen) != 4 {
		t.Errorf("canaries play arms %v, want all 4", seen)
	}
	many := make([]*Arm, 2000)
	for i := range many {
		// 3 scenarios × 20 policies, every variant of each.
		many[i] = &Arm{Index: i, Scenario: fmt.Sprint("s", i%3), Policy: fmt.Sprint("p", i/3%20)}
	}
	cs = Canaries(many)
	if len(cs) != maxCanaries {
		t.Errorf("%d canaries for 2000 arms, want %d", len(cs), maxCanaries)
	}
	pairs := map[string]bool{}
	for _, c := range cs {
		pairs[many[c.Arm].Scenario+many[c.Arm].Policy] = true
	}
	if len(pairs) != maxCanaries {
		// 60 scenario and policy pairs for 48 games: 48 of them, each once.
		t.Errorf("the canaries of 2000 arms play %d scenario and policy pairs, want %d", len(pairs), maxCanaries)
	}
}

// TestFingerprintIsThePlay: the fingerprint is how the canary games end:
// the same on any number of workers and for any shard, another where an
// arm plays otherwise (another policy) or on another master seed.
func TestFingerprintIsThePlay(t *testing.T) {
	fp := func(seed uint64, workers int, policies ...string) string {
		t.Helper()
		cfg := &Config{Arms: arms(t, policies...), Runs: 10, Seed: seed, Workers: workers}
		f, err := Fingerprint(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		if f.Scheme != FingerprintScheme || f.Games != len(policies)*canariesPerArm || len(f.SHA256) != 64 {
			t.Errorf("fingerprint %+v", f)
		}
		return f.SHA256
	}
	base := fp(1, 1, "balanced", "free-rider")
	if got := fp(1, 4, "balanced", "free-rider"); got != base {
		t.Errorf("on 4 workers %s, on 1 %s", got, base)
	}
	if got := fp(1, 1, "balanced", "alliance-first"); got == base {
		t.Error("another policy, the same fingerprint")
	}
	if got := fp(2, 1, "balanced", "free-rider"); got == base {
		t.Error("another master seed, the same fingerprint")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Fingerprint(ctx, &Config{Arms: arms(t, "balanced"), Runs: 1, Seed: 1}); err != ErrInterrupted {
		t.Errorf("cancelled: %v, want ErrInterrupted", err)
	}
}
