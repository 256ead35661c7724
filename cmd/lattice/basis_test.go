package main

import (
	"encoding/json"
	"math"
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

// TestContinuationPercentilesAsABatchs: a continuation arm's p5, p50 and
// p95 are rounded to the 4 decimals of the values they are interpolated
// between, as a batch's json rounds them: they came with 5 or 6
// ("p5": 63.128815), where the batch of the same scenario said 63.1288.
func TestContinuationPercentilesAsABatchs(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "gray-zone", "5")
	r := run(t, "batch", "--from", j, "--at", "4", "--runs", "40", "--format", "json")
	var got struct {
		Arms []struct {
			Metrics map[string]map[string]float64 `json:"metrics"`
		} `json:"arms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 || len(got.Arms) != 1 {
		t.Fatalf("json: %v (%v)", err, r)
	}
	for id, m := range got.Arms[0].Metrics {
		for _, q := range []string{"p5", "p50", "p95"} {
			if v := m[q]; v != math.Round(v*1e4)/1e4 {
				t.Errorf("%s %s = %v: more than 4 decimals", id, q, v)
			}
		}
	}
}
