package batch

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"lattice/sim"
)

// A batch's behavioural fingerprint is the outcome of a few canary games,
// played by each shard alike: shards made by builds that play differently
// (a policy's weight patched in one checkout, both stamped with the same
// revision, "modified") end some canary differently, where a build stamp
// cannot tell them apart and an executable's hash differs between
// machines that play alike (amd64 and arm64: the engine is deterministic
// across them).
const (
	// FingerprintScheme names how canaries are chosen and hashed: two
	// fingerprints are compared only if made the same way.
	FingerprintScheme = 1
	// CanaryReplicate is the replicate of the first canary game: past
	// every batch's replicates (below MaxRuns), so that no canary is one
	// of the batch's runs. Canary k plays replicate CanaryReplicate+k,
	// that is the run seed sim.RunSeed(master seed, CanaryReplicate+k).
	CanaryReplicate = MaxRuns
	// canariesPerArm are the games each arm plays, while the arms are
	// few enough; maxCanaries bound the games of a batch of many arms.
	canariesPerArm = 3
	maxCanaries    = 48
)

// Canary is one canary game: an arm (by its place in the batch's arms)
// and the replicate it plays.
type Canary struct {
	Arm, Replicate int
}

// Canaries returns the canary games of a batch of arms: canariesPerArm
// games of every arm while that makes at most maxCanaries; else one game
// of each of up to maxCanaries arms, first one of each scenario and policy
// (the code an arm plays is its scenario's and its policies'), then arms
// spread evenly over the rest. The choice depends on the arms alone, so
// every shard of a batch plays the same canaries.
func Canaries(arms []*Arm) []Canary {
	var out []Canary
	if len(arms)*canariesPerArm <= maxCanaries {
		for i := range arms {
			for range canariesPerArm {
				out = append(out, Canary{Arm: i, Replicate: CanaryReplicate + len(out)})
			}
		}
		return out
	}
	var pick []int
	chosen := map[int]bool{}
	add := func(i int) {
		if !chosen[i] && len(pick) < maxCanaries {
			chosen[i] = true
			pick = append(pick, i)
		}
	}
	seen := map[string]bool{}
	var firsts []int // the first arm of each scenario and policy
	for i, a := range arms {
		if k := a.Scenario + "\x00" + a.Policy; !seen[k] {
			seen[k] = true
			firsts = append(firsts, i)
		}
	}
	for j := range min(len(firsts), maxCanaries) {
		add(firsts[j*len(firsts)/min(len(firsts), maxCanaries)])
	}
	for j := 0; len(pick) < maxCanaries && j < maxCanaries; j++ {
		add(j * len(arms) / maxCanaries)
	}
	for i := 0; len(pick) < maxCanaries && i < len(arms); i++ {
		add(i) // evenly spread picks fell on arms already chosen
	}
	for _, i := range pick {
		out = append(out, Canary{Arm: i, Replicate: CanaryReplicate + len(out)})
	}
	return out
}

// Fingerprint plays the canary games of cfg's arms (on cfg.Workers
// workers) and returns their manifest entry: how many were played and
// the SHA-256 of their outcomes (each game's arm, replicate and final
// state hash, in the canaries' order). It stops with ErrInterrupted once
// ctx is done.
func Fingerprint(ctx context.Context, cfg *Config) (*ManifestFingerprint, error) {
	cs := Canaries(cfg.Arms)
	hashes := make([]uint64, len(cs))
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(min(workers, len(cs)), 1)
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(cs) {
					return
				}
				if ctx.Err() != nil {
					errs[w] = ErrInterrupted
					return
				}
				h, err := playCanary(cfg, cs[k])
				if err != nil {
					errs[w] = err
					return
				}
				hashes[k] = h
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	sum := sha256.New()
	var b [24]byte
	for k, c := range cs {
		binary.LittleEndian.PutUint64(b[0:], uint64(c.Arm))
		binary.LittleEndian.PutUint64(b[8:], uint64(c.Replicate))
		binary.LittleEndian.PutUint64(b[16:], hashes[k])
		sum.Write(b[:])
	}
	return &ManifestFingerprint{Scheme: FingerprintScheme, Games: len(cs), SHA256: hex.EncodeToString(sum.Sum(nil))}, nil
}

// playCanary plays one canary game and returns its final state hash.
func playCanary(cfg *Config, c Canary) (hash uint64, err error) {
	arm := cfg.Arms[c.Arm]
	seed := sim.RunSeed(cfg.Seed, c.Replicate)
	defer func() {
		if r := recover(); r != nil { // a bug in the engine must not take the batch down silently
			err = fmt.Errorf("canary game of %s %s %s (seed %d): internal error: %v", arm.Scenario, arm.Variant, arm.Policy, seed, r)
		}
	}()
	g := sim.NewGame(arm.Compiled, seed)
	g.SetLedger(false)
	if err := sim.Play(g, arm.Policies, arm.Compiled.NewOrders(), nil); err != nil {
		return 0, fmt.Errorf("canary game of %s %s %s (seed %d): %v", arm.Scenario, arm.Variant, arm.Policy, seed, err)
	}
	return g.Hash(), nil
}
