package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestTablesSayTheirMasterSeed: batch's, merge's and compare's tables
// say which master seed their runs were drawn from (the json's
// master_seed), where the manifests give it: a table read on its own
// did not say how to play its runs again.
func TestTablesSayTheirMasterSeed(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "rows.csv")
	args := []string{"batch", "tutorial", "--runs", "12", "--seed", "3", "--policies", "balanced,free-rider"}
	if r := run(t, append(args, "--out", f)...); r.code != 0 {
		t.Fatal(r)
	}
	const want = "Runs: 12 an arm of master seed 3 (--seed 3), replicates 0–11"
	shards := shardFiles(t, dir, "s", 2, "--seed", "3", "--runs", "12")
	for _, cmd := range [][]string{
		append(args, "--format", "table"),
		{"merge", "--format", "table", shards[0], shards[1]},
		{"compare", f},
	} {
		r := run(t, cmd...)
		if r.code != 0 || !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), want) {
			t.Errorf("%s: no %q in\n%s", cmd[0], want, r)
		}
	}
}
