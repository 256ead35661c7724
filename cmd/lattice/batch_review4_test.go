package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lattice/sim/batch"
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

// TestPolicySetIgnoredIsRefused: "--set side.rok.policy=free-rider,balanced
// --policies balanced,alliance-first" was labelled a sweep of rok's policy
// while --policies gave rok each arm's policy (v1 played rok=balanced); a
// --policy for rok did the same. Both are usage errors naming the two
// flags; a --policy for another side leaves the sweep played.
func TestPolicySetIgnoredIsRefused(t *testing.T) {
	sweep := []string{"batch", "tutorial", "--runs", "3", "--format", "csv", "--set", "side.rok.policy=free-rider,balanced"}
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"--policies", "balanced,alliance-first"}, []string{"--set side.rok.policy=free-rider,balanced would be ignored", "--policies balanced,alliance-first", "leave out --policies"}},
		{[]string{"--policy", "rok=balanced"}, []string{"--set side.rok.policy=free-rider,balanced would be ignored", "--policy rok=balanced fixes rok's policy"}},
	} {
		r := run(t, append(slices.Clone(sweep), tc.args...)...)
		if r.code != exitUsage || r.stdout != "" {
			t.Errorf("%v: %v; want a usage error", tc.args, r)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, w, r.stderr)
			}
		}
	}
	r := run(t, append(slices.Clone(sweep), "--policy", "us=alliance-first")...)
	if r.code != exitOK || !strings.Contains(r.stdout, `,v1,"rok=free-rider,us=alliance-first",`) || !strings.Contains(r.stdout, `,v2,"rok=balanced,us=alliance-first",`) {
		t.Errorf("a sweep of rok's policy with --policy us=…: %v", r)
	}
}

// TestAdversarySetWithoutEffect: "--set side.prc.budget=1,100" (an
// adversary's budget, which the scenario docs say has no effect) made two
// variants of the same games, reported without a word. A sweep of it is
// refused as a value listed twice is; one value is played, as lattice run
// plays it, with a warning.
func TestAdversarySetWithoutEffect(t *testing.T) {
	for _, set := range []string{"side.prc.budget=1,100", "side.prc.priorities.grayzone=0.2,0.8"} {
		r := run(t, "batch", "tutorial", "--runs", "3", "--format", "csv", "--set", set)
		if r.code != exitUsage || r.stdout != "" || !strings.Contains(r.stderr, "--set "+set+": prc is an adversary side of tutorial") || !strings.Contains(r.stderr, "the variants would play the same games") {
			t.Errorf("--set %s: %v; want a usage error", set, r)
		}
	}
	r := run(t, "batch", "tutorial", "--runs", "3", "--format", "csv", "--set", "side.prc.budget=5")
	plain := run(t, "batch", "tutorial", "--runs", "3", "--format", "csv")
	if r.code != exitOK || !strings.Contains(r.stderr, "warning: --set side.prc.budget=5 has no effect") {
		t.Errorf("--set side.prc.budget=5: %v; want the rows and a warning", r)
	}
	// The same games: every row's outcome is the plain batch's.
	if got, want := hashesOf(r.stdout), hashesOf(plain.stdout); !slices.Equal(got, want) || len(got) != 3 {
		t.Errorf("hashes with the adversary's budget set %v, without %v", got, want)
	}
	// An ally's budget is played: no warning.
	if r := run(t, "batch", "tutorial", "--runs", "3", "--format", "csv", "--set", "side.rok.budget=4,8"); r.code != exitOK || r.stderr != "" {
		t.Errorf("--set side.rok.budget=4,8: %v", r)
	}
}

// hashesOf returns the hash column of csv rows.
func hashesOf(rows string) []string {
	recs, _ := csv.NewReader(strings.NewReader(rows)).ReadAll()
	var out []string
	for i, f := range recs {
		if i > 0 && len(f) > 10 {
			out = append(out, f[10])
		}
	}
	return out
}

// TestMergeRefusesRowsThatContradictThemselves: without manifests, a row
// whose success was flipped while its verdict says an allied success
// merged with exit 0. Where the rows' scenario is the built-in one (its id
// and SHA-256), a base row is checked against its ends; in a --set
// variant, whose values the rows do not carry, a verdict must have one
// success in all its rows. The refusal names the file and line. compare
// refuses them too, with merge's message: it compared them with exit 0,
// listing held and coerced both as allied successes.
func TestMergeRefusesRowsThatContradictThemselves(t *testing.T) {
	dir := t.TempDir()
	shards := func(name string, extra ...string) []string {
		var out []string
		for i := range 2 {
			f := filepath.Join(dir, fmt.Sprintf("%s%d.csv", name, i))
			args := append([]string{"batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--shard", fmt.Sprintf("%d/2", i), "--out", f}, extra...)
			if r := run(t, args...); r.code != exitOK {
				t.Fatal(r)
			}
			if err := os.Remove(batch.ManifestPath(f)); err != nil {
				t.Fatal(err)
			}
			out = append(out, f)
		}
		return out
	}
	// flip turns the success of the first row of f whose verdict is
	// verdict, and returns its line.
	flip := func(f, verdict string) int {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for i, rec := range recs[1:] {
			if rec[8] == verdict {
				rec[9] = map[string]string{"true": "false", "false": "true"}[rec[9]]
				var b bytes.Buffer
				w := csv.NewWriter(&b)
				w.WriteAll(recs)
				if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return i + 2
			}
		}
		t.Fatalf("%s has no row of verdict %s", f, verdict)
		return 0
	}
	base := shards("base")
	if r := run(t, "merge", base[0], base[1]); r.code != exitOK {
		t.Fatalf("rows as written: %v", r)
	}
	line := flip(base[1], "held")
	r := run(t, "merge", base[0], base[1])
	want := fmt.Sprintf("%s:%d: run ", base[1], line)
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "has success false, but its verdict held is an allied success of the built-in scenario tutorial") {
		t.Errorf("a base row's success flipped: %v; want exit 1 naming %q", r, want)
	}
	for _, args := range [][]string{{base[0], base[1]}, {base[1], "--format", "json"}, {base[1], "--partial"}} {
		r := run(t, append([]string{"compare"}, args...)...)
		if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "lattice compare: "+want) || !strings.Contains(r.stderr, "has success false, but its verdict held is an allied success of the built-in scenario tutorial") {
			t.Errorf("compare %v, a base row's success flipped: %v; want exit 1 naming %q", args, r, want)
		}
	}
	sweep := shards("sweep", "--set", "side.rok.budget=5,7")
	if r := run(t, "merge", sweep[0], sweep[1]); r.code != exitOK {
		t.Fatalf("rows as written: %v", r)
	}
	line = flip(sweep[0], "coerced")
	r = run(t, "merge", sweep[0], sweep[1])
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "has verdict coerced with success") || !strings.Contains(r.stderr, fmt.Sprintf("%s:%d", sweep[0], line)) {
		t.Errorf("a variant's row's success flipped: %v; want exit 1 naming %s:%d", r, sweep[0], line)
	}
	r = run(t, "compare", sweep[0], sweep[1])
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "has verdict coerced with success") || !strings.Contains(r.stderr, fmt.Sprintf("%s:%d", sweep[0], line)) {
		t.Errorf("compare, a variant's row's success flipped: %v; want exit 1 naming %s:%d", r, sweep[0], line)
	}
}

// TestCompareCountsAnArmOnce: "compare sw.csv sw6.csv", where sw.csv
// sweeps side.rok.budget=5,6,7 and sw6.csv plays the value 6 alone,
// compared the same runs twice, as v2 and as v1@sw6.csv, and counted
// their tests twice in Holm's correction. An arm with the same games as
// one before it (a hash per replicate alike) is compared once, as that
// arm, and the output says so.
func TestCompareCountsAnArmOnce(t *testing.T) {
	dir := t.TempDir()
	sw, sw6 := filepath.Join(dir, "sw.csv"), filepath.Join(dir, "sw6.csv")
	for f, set := range map[string]string{sw: "side.rok.budget=5,6,7", sw6: "side.rok.budget=6"} {
		if r := run(t, "batch", "tutorial", "--runs", "40", "--set", set, "--out", f); r.code != exitOK {
			t.Fatal(r)
		}
	}
	type summary struct {
		Tests       int      `json:"tests"`
		Notes       []string `json:"notes"`
		Comparisons []struct {
			Base  string `json:"base"`
			Other string `json:"other"`
		} `json:"comparisons"`
	}
	read := func(args ...string) summary {
		t.Helper()
		r := run(t, append([]string{"compare", "--format", "json"}, args...)...)
		var s summary
		if err := json.Unmarshal([]byte(r.stdout), &s); r.code != exitOK || err != nil {
			t.Fatalf("compare %v: %v %v", args, err, r)
		}
		return s
	}
	alone, both := read(sw), read(sw, sw6)
	if both.Tests != alone.Tests || len(both.Comparisons) != len(alone.Comparisons) {
		t.Errorf("with sw6.csv's copy of v2: %d tests in %d comparisons, %+v; sw.csv alone: %d in %d", both.Tests, len(both.Comparisons), both.Comparisons, alone.Tests, len(alone.Comparisons))
	}
	for _, c := range both.Comparisons {
		if strings.Contains(c.Base+c.Other, "sw6") {
			t.Errorf("compared %s vs %s: sw6.csv's arm is v2's games", c.Other, c.Base)
		}
	}
	want := "v1@sw6.csv balanced played the same games as v2 balanced"
	if !strings.Contains(strings.Join(both.Notes, "\n"), want) {
		t.Errorf("json notes %q; want %q", both.Notes, want)
	}
	if r := run(t, "compare", sw, sw6); !strings.Contains(r.stdout, "Same games: "+want) {
		t.Errorf("table: %v; want %q", r, want)
	}
	// As the baseline, the copy is its original.
	base, ref := read(sw, sw6, "--baseline", "v1@sw6.csv balanced"), read(sw, "--baseline", "v2 balanced")
	if base.Tests != ref.Tests || len(base.Comparisons) != 2 {
		t.Errorf("--baseline the copy: %d tests, %+v; sw.csv alone, --baseline v2: %d tests", base.Tests, base.Comparisons, ref.Tests)
	}
	for _, c := range base.Comparisons {
		if c.Base != "v2 balanced" {
			t.Errorf("--baseline the copy: %s vs %s", c.Other, c.Base)
		}
	}
}
