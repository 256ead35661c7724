package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestStepsFlag: --steps reaches the comparisons of batch, merge and
// compare alike (a whole batch's json is the same bytes from each, sharded
// or not), and is refused where there is nothing it could change.
func TestStepsFlag(t *testing.T) {
	dir := t.TempDir()
	sweep := []string{"batch", "tutorial", "--runs", "8", "--set", "side.us.budget=4,6,8"}
	var shards []string
	for i := range 2 {
		f := filepath.Join(dir, "s"+string(rune('0'+i))+".csv")
		if r := run(t, append(slices.Clone(sweep), "--shard", string(rune('0'+i))+"/2", "--out", f)...); r.code != exitOK {
			t.Fatal(r)
		}
		shards = append(shards, f)
	}
	pairs := func(out string) []string {
		var got struct {
			Comparisons []struct{ Base, Other string }
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		var ps []string
		for _, c := range got.Comparisons {
			ps = append(ps, c.Other+" vs "+c.Base)
		}
		return ps
	}
	for _, tc := range []struct {
		steps string
		want  []string
	}{
		{"first", []string{"v2 balanced vs v1 balanced", "v3 balanced vs v1 balanced"}},
		{"adjacent", []string{"v2 balanced vs v1 balanced", "v3 balanced vs v2 balanced"}},
		{"both", []string{"v2 balanced vs v1 balanced", "v3 balanced vs v1 balanced", "v3 balanced vs v2 balanced"}},
	} {
		b := run(t, append(slices.Clone(sweep), "--format", "json", "--steps", tc.steps)...)
		m := run(t, append(append([]string{"merge"}, shards...), "--format", "json", "--steps", tc.steps)...)
		c := run(t, append(append([]string{"compare"}, shards...), "--format", "json", "--steps", tc.steps)...)
		if b.code != exitOK || m.code != exitOK || c.code != exitOK {
			t.Fatalf("--steps %s: batch %s\nmerge %s\ncompare %s", tc.steps, b, m, c)
		}
		if got := pairs(b.stdout); !slices.Equal(got, tc.want) {
			t.Errorf("batch --steps %s compares %q, want %q", tc.steps, got, tc.want)
		}
		if m.stdout != b.stdout || c.stdout != b.stdout {
			t.Errorf("--steps %s: merge's or compare's json of the shards is not the batch's", tc.steps)
		}
	}
	for _, args := range [][]string{
		append(slices.Clone(sweep), "--steps", "next"),
		append(slices.Clone(sweep), "--steps", "both", "--format", "csv"),
		{"merge", shards[0], shards[1], "--steps", "both"},
		{"merge", shards[0], shards[1], "--steps", "sideways", "--format", "json"},
		{"compare", shards[0], shards[1], "--steps", "both", "--baseline", "v2 balanced"},
		{"batch", "--from", playedJournal(t, dir, "tutorial", "5"), "--at", "2", "--runs", "4", "--policies", "balanced,free-rider", "--steps", "adjacent"},
	} {
		if r := run(t, args...); r.code != exitUsage || !strings.Contains(r.stderr, "--steps") || r.stdout != "" {
			t.Errorf("%s: %s; want a usage error naming --steps", strings.Join(args, " "), r)
		}
	}
}
