package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestMergeNamesTheVariantThatDiffers: shards of batches whose --set
// values differ were refused with Go's map syntax, "(map[v1:[side.us.
// budget=5] v2:[…]] …)"; the refusal names the variant that differs and
// its values in each, as the table's legend does.
func TestMergeNamesTheVariantThatDiffers(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i, set := range []string{"side.us.budget=5,7", "side.us.budget=5,6"} {
		f := filepath.Join(dir, "s"+string(rune('0'+i))+".csv")
		if r := run(t, "batch", "tutorial", "--runs", "4", "--set", set, "--shard", string(rune('0'+i))+"/2", "--out", f); r.code != exitOK {
			t.Fatal(r)
		}
		files = append(files, f)
	}
	r := run(t, "merge", files[0], files[1])
	want := "differ in --set variants (v2 is --set side.us.budget=7; v2 is --set side.us.budget=6)"
	if r.code != exitInvalid || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "map[") {
		t.Errorf("merge of shards of two sweeps: %s; want exit 1 and %q", r, want)
	}
}

// TestNotStartedArmsHaveNoFigures: an interrupted batch's json gave an arm
// that never started "runs": 0 with "success_rate": {"est": 0, "lo": 0,
// "hi": 0} (a rate of 0% measured exactly) and "verdicts": null. Such an
// arm has the documented na form with nulls, and empty lists.
func TestNotStartedArmsHaveNoFigures(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCtx(t, ctx, "batch", "tutorial", "--runs", "50", "--policies", "balanced,free-rider", "--format", "json")
	if r.code != exitInterrupted {
		t.Fatalf("interrupted batch: %v", r)
	}
	var out struct {
		Arms []map[string]json.RawMessage `json:"arms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out.Arms) != 2 {
		t.Fatalf("json: %v; %s", err, r.stdout)
	}
	for i, a := range out.Arms {
		for key, want := range map[string]string{
			"runs":         `0`,
			"runs_planned": `50`,
			"success_rate": `{"est":null,"lo":null,"hi":null,"na":true}`,
			"verdicts":     `[]`,
			"turns_played": `null`,
			"metrics":      `[]`,
		} {
			var got bytes.Buffer
			if err := json.Compact(&got, a[key]); err != nil || got.String() != want {
				t.Errorf("arm %d not started: %q is %s, want %s", i, key, a[key], want)
			}
		}
	}
}
