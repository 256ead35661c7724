package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"lattice/sim"
	"lattice/sim/batch"
)

// TestJSONSeedsAreStrings: batch JSON Lines rows give each run's seed as a
// decimal string (a 64-bit seed as a JSON number is rounded by jq and
// JavaScript, and the run "reproduced" from it is another game), and a row
// file with the number form of older batches still merges, compares and
// opens in play --from-batch with the exact seed.
func TestJSONSeedsAreStrings(t *testing.T) {
	dir := t.TempDir()
	const master = 18446744073709551615
	rows := filepath.Join(dir, "rows.jsonl")
	if r := run(t, "batch", "tutorial", "--runs", "3", "--seed", strconv.FormatUint(master, 10), "--policies", "balanced,free-rider", "--format", "jsonl", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	data, err := os.ReadFile(rows)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	for _, line := range lines {
		var row struct {
			Replicate int `json:"replicate"`
			Seed      any `json:"seed"`
		}
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		if want := strconv.FormatUint(sim.RunSeed(master, row.Replicate), 10); row.Seed != want {
			t.Errorf("seed %T %v, want the string %q", row.Seed, row.Seed, want)
		}
	}
	// The older form: seeds as numbers, beside the same manifest.
	old := filepath.Join(dir, "old.jsonl")
	numbers := regexp.MustCompile(`"seed":"([0-9]+)"`).ReplaceAllString(string(data), `"seed":$1`)
	if numbers == string(data) {
		t.Fatal("no seed to rewrite")
	}
	man, err := os.ReadFile(batch.ManifestPath(rows))
	if err != nil {
		t.Fatal(err)
	}
	// An older batch's manifest names no file_sha256 (the rows' hash,
	// which the numbers would not match).
	man = regexp.MustCompile(`\s*"file_sha256":\s*"[0-9a-f]*",`).ReplaceAll(man, nil)
	writeFile(t, dir, "old.jsonl", numbers)
	writeFile(t, dir, filepath.Base(batch.ManifestPath(old)), string(man))
	for _, f := range []string{rows, old} {
		for _, args := range [][]string{{"merge", f}, {"compare", f}} {
			if r := run(t, args...); r.code != exitOK {
				t.Errorf("%s: %s", strings.Join(args, " "), r)
			}
		}
		_, rec, err := sessionFromBatch(f, 4)
		if err != nil {
			t.Fatalf("play --from-batch %s --run 4: %v", f, err)
		}
		if want := sim.RunSeed(master, rec.Replicate); rec.Seed != want {
			t.Errorf("play --from-batch %s --run 4: seed %d, want %d", f, rec.Seed, want)
		}
	}
}
