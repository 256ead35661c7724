package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim/batch"

	"github.com/creack/pty"
)

// TestBatchRowReproducedByRun checks that a CSV row of a sweep reproduces
// with lattice run: same verdict and final state hash.
func TestBatchRowReproducedByRun(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "rows.csv")
	r := run(t, "batch", "tutorial", "--runs", "20", "--seed", "4", "--policies", "balanced,deterrence-first", "--set", "side.rok.budget=5,8", "--format", "csv", "--out", out)
	if r.code != 0 {
		t.Fatalf("batch: %v", r)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+2*2*20 {
		t.Fatalf("%d rows, want %d", len(rows), 1+80)
	}
	mdata, err := os.ReadFile(out + ".manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var man struct {
		Variants  map[string][]string `json:"variants"`
		TotalRuns int                 `json:"total_runs"`
		Complete  bool                `json:"complete"`
	}
	if err := json.Unmarshal(mdata, &man); err != nil {
		t.Fatal(err)
	}
	if man.TotalRuns != 80 || !man.Complete || len(man.Variants) != 2 {
		t.Fatalf("manifest %+v", man)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, i := range []int{1, 37, 80} {
		row := rows[i]
		args := []string{"run", row[col["scenario"]], "--seed", row[col["seed"]], "--policy", row[col["policy"]], "--format", "json"}
		for _, kv := range man.Variants[row[col["variant"]]] {
			args = append(args, "--set", kv)
		}
		rr := run(t, args...)
		if rr.code != 0 {
			t.Fatalf("run %v: %v", args, rr)
		}
		var got struct {
			Verdict string `json:"verdict"`
			Hash    string `json:"hash"`
		}
		if err := json.Unmarshal([]byte(rr.stdout), &got); err != nil {
			t.Fatal(err)
		}
		if got.Verdict != row[col["verdict"]] || got.Hash != row[col["hash"]] {
			t.Fatalf("row %d: batch %s/%s, run %s/%s", i, row[col["verdict"]], row[col["hash"]], got.Verdict, got.Hash)
		}
	}
}

// TestBatchBadInputFailsFirst checks bad arguments fail before any work and
// leave no output file.
func TestBatchBadInputFailsFirst(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "x.csv")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"batch", "tutorial", "--set", "side.rok.budgt=3,4", "--out", out}, 1, `did you mean "side.rok.budget"`},
		{[]string{"batch", "tutorial", "--shard", "3/3", "--out", out}, 2, "0 ≤ I < N"},
		{[]string{"batch", "no-such-scenario", "--out", out}, 1, "no built-in scenario"},
		{[]string{"batch", "tutorial", "--out", filepath.Join(dir, "missing", "x.csv")}, 1, "cannot write"},
		// The manifest's path is a directory: found only after the run, it
		// left x.csv without a manifest.
		{[]string{"batch", "tutorial", "--runs", "5", "--out", filepath.Join(dir, "m", "x.csv")}, 1, "x.csv.manifest.json: it is a directory"},
		{[]string{"batch", "tutorial", "--format", "xml"}, 2, "unknown --format"},
		{[]string{"batch", "tutorial", "--policies", "balanced,nope", "--out", out}, 1, "unknown policy"},
		// --policy fixing every allied side leaves the arms alike: they were pooled into one.
		{[]string{"batch", "tutorial", "--policies", "balanced,free-rider", "--policy", "rok=balanced,us=balanced", "--out", out}, 2, "make the same arm"},
	}
	if err := os.MkdirAll(filepath.Join(dir, "m", "x.csv.manifest.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		r := run(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %v, want exit %d and %q", tc.args, r, tc.code, tc.want)
		}
		for _, f := range []string{out, filepath.Join(dir, "m", "x.csv")} {
			if _, err := os.Stat(f); err == nil {
				t.Fatalf("%v left %s behind", tc.args, f)
			}
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Fatalf("%v left a temporary file %s", tc.args, e.Name())
			}
		}
	}
}

func TestBatchTableAndJSON(t *testing.T) {
	r := run(t, "batch", "tutorial", "--runs", "200", "--policies", "balanced,free-rider", "--format", "table")
	if r.code != 0 {
		t.Fatal(r)
	}
	for _, want := range []string{"allied success", "95% CI", "why (start → mean end (net change), then the top causes: mean change per run)", "Paired comparisons", "In words:"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q", want)
		}
	}
	r = run(t, "batch", "tutorial", "--runs", "100", "--policies", "balanced,free-rider", "--format", "json")
	var sum struct {
		Arms []struct {
			Policy      string `json:"policy"`
			Runs        int    `json:"runs"`
			SuccessRate struct{ Est, Lo, Hi float64 }
		} `json:"arms"`
		Comparisons []json.RawMessage `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	if len(sum.Arms) != 2 || sum.Arms[0].Runs != 100 || len(sum.Comparisons) != 1 {
		t.Fatalf("summary %+v", sum)
	}
}

func TestSplitValues(t *testing.T) {
	for in, want := range map[string]string{
		"8,10,12":       "8|10|12",
		`"a,b",c`:       `"a,b"|c`,
		"x":             "x",
		`"title, long"`: `"title, long"`,
		`1,"2,3",4,"5"`: `1|"2,3"|4|"5"`,
	} {
		if got := strings.Join(splitValues(in), "|"); got != want {
			t.Errorf("splitValues(%q) = %q, want %q", in, got, want)
		}
	}
}

// comparedMetric is a metric of lattice compare's json output.
type comparedMetric struct {
	ID   string `json:"id"`
	Diff struct {
		Est float64 `json:"est"`
	} `json:"diff"`
}

// TestMergeStreamsShardsAndFallsBack: shards written by batch merge to the
// unsharded rows (streamed, as csv, jsonl and a summary); shards joined by
// hand out of run order still merge (read whole); and compare reads csv
// and jsonl files whose metric columns come in different orders.
func TestMergeStreamsShardsAndFallsBack(t *testing.T) {
	dir := t.TempDir()
	base := []string{"batch", "tutorial", "--runs", "40", "--seed", "6", "--policies", "balanced,free-rider"}
	whole := run(t, append(base, "--format", "csv")...)
	wholeJSONL := run(t, append(base, "--format", "jsonl")...)
	if whole.code != 0 || wholeJSONL.code != 0 {
		t.Fatalf("batch: %v %v", whole, wholeJSONL)
	}
	var csvs, jsonls []string
	for i := 0; i < 3; i++ {
		for _, form := range []string{"csv", "jsonl"} {
			out := filepath.Join(dir, "s"+string(rune('0'+i))+"."+form)
			if r := run(t, append(base, "--shard", string(rune('0'+i))+"/3", "--format", form, "--out", out)...); r.code != 0 {
				t.Fatalf("shard %d: %v", i, r)
			}
			if form == "csv" {
				csvs = append(csvs, out)
			} else {
				jsonls = append(jsonls, out)
			}
		}
	}
	if r := run(t, append([]string{"merge"}, csvs...)...); r.code != 0 || r.stdout != whole.stdout {
		t.Fatalf("merge csv: code %d, same rows %v, stderr %s", r.code, r.stdout == whole.stdout, r.stderr)
	}
	if r := run(t, append([]string{"merge"}, jsonls...)...); r.code != 0 || r.stdout != wholeJSONL.stdout {
		t.Fatalf("merge jsonl: code %d, same rows %v, stderr %s", r.code, r.stdout == wholeJSONL.stdout, r.stderr)
	}
	summary := run(t, append([]string{"merge", "--format", "json"}, csvs...)...)
	var sum struct {
		Arms []struct {
			Runs int `json:"runs"`
		} `json:"arms"`
		Comparisons []struct {
			Pairs int `json:"pairs"`
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(summary.stdout), &sum); summary.code != 0 || err != nil ||
		len(sum.Arms) != 2 || sum.Arms[0].Runs != 40 || len(sum.Comparisons) != 1 || sum.Comparisons[0].Pairs != 40 {
		t.Fatalf("merge json: %v (%v): %+v", summary, err, sum)
	}

	// Shards concatenated by hand: rows out of run order, no manifest.
	var joined []byte
	for i, f := range csvs {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			data = data[strings.IndexByte(string(data), '\n')+1:] // one header
		}
		joined = append(joined, data...)
	}
	cat := filepath.Join(dir, "joined.csv")
	if err := os.WriteFile(cat, joined, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "merge", cat); r.code != 0 || r.stdout != whole.stdout {
		t.Fatalf("merge of a hand-joined file: code %d, same rows %v, stderr %s", r.code, r.stdout == whole.stdout, r.stderr)
	}
	bare := filepath.Join(dir, "s0-bare.csv") // shard 0's rows, its manifest left behind
	if data, err := os.ReadFile(csvs[0]); err != nil || os.WriteFile(bare, data, 0o644) != nil {
		t.Fatal(err)
	}
	if r := run(t, "merge", cat, bare); r.code != 1 || !strings.Contains(r.stderr, "is in both") {
		t.Fatalf("merge with a shard twice: %v", r)
	}
	// A file without its manifest among files with theirs is refused: it
	// could be a shard of any batch.
	if r := run(t, "merge", bare, csvs[1], csvs[2]); r.code != 1 || !strings.Contains(r.stderr, "s0-bare.csv has no manifest beside it") {
		t.Fatalf("merge with a manifest left behind: %v", r)
	}
	if r := run(t, "merge", csvs[0], csvs[2]); r.code != 1 || !strings.Contains(r.stderr, "missing") {
		t.Fatalf("merge with a shard missing: %v", r)
	}

	// compare: the same runs from a csv and a jsonl file (whose metric
	// keys are sorted, unlike the csv's columns) compare as one.
	wholeCSV, wholeJ := filepath.Join(dir, "whole.csv"), filepath.Join(dir, "whole.jsonl")
	if err := os.WriteFile(wholeCSV, []byte(whole.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(wholeJ, []byte(wholeJSONL.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	// The metrics come in each file's column order; the numbers must agree.
	diffs := func(file string) map[string]float64 {
		r := run(t, "compare", "--format", "json", file)
		var got struct {
			Comparisons []struct {
				Pairs   int `json:"pairs"`
				Success struct {
					Diff struct {
						Est float64 `json:"est"`
					} `json:"diff"`
				} `json:"success"`
				Metrics []comparedMetric `json:"metrics"`
			} `json:"comparisons"`
		}
		err := json.Unmarshal([]byte(r.stdout), &got)
		cs := got.Comparisons
		if r.code != 0 || err != nil || len(cs) != 1 || cs[0].Pairs != 40 {
			t.Fatalf("compare %s: %v (%v)", file, r, err)
		}
		out := map[string]float64{"success": cs[0].Success.Diff.Est}
		for _, m := range cs[0].Metrics {
			out[m.ID] = m.Diff.Est
		}
		return out
	}
	a, b := diffs(wholeCSV), diffs(wholeJ)
	if len(a) < 5 || !reflect.DeepEqual(a, b) {
		t.Fatalf("compare csv vs jsonl:\n%v\n%v", a, b)
	}
	// One arm in a csv file, the other in a jsonl file: the columns are
	// matched by name across the files.
	csvLines := strings.SplitAfter(whole.stdout, "\n")
	jsonLines := strings.SplitAfter(wholeJSONL.stdout, "\n")
	armA, armB := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.jsonl")
	if err := os.WriteFile(armA, []byte(strings.Join(csvLines[:41], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(armB, []byte(strings.Join(jsonLines[40:], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "compare", "--format", "json", armA, armB)
	if r.code != 0 {
		t.Fatalf("compare across files: %v", r)
	}
	var across struct {
		Comparisons []struct {
			Metrics []comparedMetric `json:"metrics"`
		} `json:"comparisons"`
	}
	err := json.Unmarshal([]byte(r.stdout), &across)
	cs := across.Comparisons
	if err != nil || len(cs) != 1 {
		t.Fatalf("compare across files: %v", err)
	}
	for _, m := range cs[0].Metrics {
		if m.Diff.Est != a[m.ID] {
			t.Fatalf("compare across files: %s differs by %v, want %v", m.ID, m.Diff.Est, a[m.ID])
		}
	}
	if len(cs[0].Metrics) != len(a)-1 {
		t.Fatalf("compare across files: %d metrics, want %d", len(cs[0].Metrics), len(a)-1)
	}
}

// TestComparePerTurnJSONL: compare counts each run of a per-turn JSON Lines
// file once (its last turn), as it does a per-turn CSV file's; it took
// every turn's row for a run of its own, multiplying the pairs.
func TestComparePerTurnJSONL(t *testing.T) {
	dir := t.TempDir()
	args := []string{"batch", "tutorial", "--runs", "30", "--seed", "3", "--policies", "balanced,free-rider"}
	type cmpMetric struct {
		ID   string  `json:"id"`
		Diff any     `json:"diff"`
		P    float64 `json:"p"`
	}
	type comparison struct {
		Pairs   int         `json:"pairs"`
		Success any         `json:"success"`
		Metrics []cmpMetric `json:"metrics"`
	}
	byID := func(c comparison) map[string]cmpMetric {
		m := map[string]cmpMetric{}
		for _, x := range c.Metrics {
			m[x.ID] = x
		}
		return m
	}
	want := run(t, append(args, "--format", "json", "--causes", "0")...)
	var sum struct {
		Comparisons []comparison `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(want.stdout), &sum); want.code != 0 || err != nil || len(sum.Comparisons) != 1 || sum.Comparisons[0].Pairs != 30 {
		t.Fatalf("batch json: %v (%v)", want, err)
	}
	for _, form := range []string{"csv", "jsonl"} {
		out := filepath.Join(dir, "rows."+form)
		if r := run(t, append(args, "--per-turn", "--format", form, "--out", out)...); r.code != 0 {
			t.Fatalf("batch %s: %v", form, r)
		}
		r := run(t, "compare", "--format", "json", out)
		var cmp struct {
			Comparisons []comparison `json:"comparisons"`
		}
		err := json.Unmarshal([]byte(r.stdout), &cmp)
		got := cmp.Comparisons
		if r.code != 0 || err != nil || len(got) != 1 {
			t.Fatalf("compare %s: %v (%v)", form, r, err)
		}
		exp := sum.Comparisons[0]
		if got[0].Pairs != exp.Pairs || !reflect.DeepEqual(got[0].Success, exp.Success) || !reflect.DeepEqual(byID(got[0]), byID(exp)) {
			t.Errorf("compare of per-turn %s rows: %d pairs, success %v; want %d pairs, success %v (and the same metrics)",
				form, got[0].Pairs, got[0].Success, exp.Pairs, exp.Success)
		}
	}
}

// TestBatchPolicyFileArms: an arm playing a policy .toml file is labelled
// by the file's path, so that its rows reproduce with lattice run and two
// arms whose files share a name inside stay two arms; they were pooled
// into one arm of twice the runs. (A file may not take a built-in's name:
// TestParsePolicyNotABuiltinsName.)
func TestBatchPolicyFileArms(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.toml")
	if err := os.WriteFile(file, []byte("name = \"mine\"\ndeterrence = 1\nresilience = 2\nalliance = 1\nescalation = 3\ndefence = 1\nspend = 0.8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "batch", "tutorial", "--runs", "30", "--policies", "balanced,"+file, "--format", "json")
	var sum struct {
		Arms []struct {
			Policy string `json:"policy"`
			Runs   int    `json:"runs"`
		} `json:"arms"`
		Comparisons []json.RawMessage `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); r.code != 0 || err != nil {
		t.Fatalf("batch: %v (%v)", r, err)
	}
	if len(sum.Arms) != 2 || sum.Arms[0].Runs != 30 || sum.Arms[1].Runs != 30 || len(sum.Comparisons) != 1 {
		t.Fatalf("arms %+v, %d comparisons: want two arms of 30 runs and one comparison", sum.Arms, len(sum.Comparisons))
	}
	want := "rok=" + file + ",us=" + file
	if sum.Arms[1].Policy != want {
		t.Fatalf("the file's arm is labelled %q, want %q", sum.Arms[1].Policy, want)
	}

	r = run(t, "batch", "tutorial", "--runs", "3", "--policies", file, "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if r.code != 0 || err != nil || len(rows) != 4 {
		t.Fatalf("batch csv: %v (%v)", r, err)
	}
	row := rows[3]
	rr := run(t, "run", row[1], "--seed", row[6], "--policy", row[4], "--format", "json")
	var got struct {
		Verdict string `json:"verdict"`
		Hash    string `json:"hash"`
	}
	if err := json.Unmarshal([]byte(rr.stdout), &got); rr.code != 0 || err != nil {
		t.Fatalf("run --policy %s: %v (%v)", row[4], rr, err)
	}
	if got.Verdict != row[8] || got.Hash != row[10] {
		t.Fatalf("run: %s/%s, the row says %s/%s", got.Verdict, got.Hash, row[8], row[10])
	}
}

// TestMergeRefusesShardsOfDifferentBatches: shards whose manifests describe
// different batches (another master seed, other arms, another build of
// lattice, whose AI policies may differ) do not merge, though
// their run ids cover the batch once; they merged into rows no single
// batch gives, pairing replicates that did not share their dice.
func TestMergeRefusesShardsOfDifferentBatches(t *testing.T) {
	dir := t.TempDir()
	shard := func(name string, extra ...string) string {
		out := filepath.Join(dir, name)
		args := append([]string{"batch", "tutorial", "--runs", "10", "--format", "csv", "--out", out}, extra...)
		if r := run(t, args...); r.code != 0 {
			t.Fatalf("%v: %v", args, r)
		}
		return out
	}
	s0 := shard("s0.csv", "--policies", "balanced,free-rider", "--shard", "0/2")
	s1 := shard("s1.csv", "--policies", "balanced,free-rider", "--shard", "1/2")
	seed2 := shard("seed2.csv", "--policies", "balanced,free-rider", "--shard", "1/2", "--seed", "2")
	other := shard("other.csv", "--policies", "balanced,deterrence-first", "--shard", "1/2")
	if r := run(t, "merge", s0, s1); r.code != 0 {
		t.Fatalf("merge of one batch's shards: %v", r)
	}
	// s1 as another build played it, and as a lattice older than the
	// manifests' build field wrote it.
	rebuilt := func(name string, edit func(m map[string]any)) string {
		out := filepath.Join(dir, name)
		rows, err := os.ReadFile(s1)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		raw, err := os.ReadFile(batch.ManifestPath(s1))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		raw, _ = json.Marshal(m)
		if err := os.WriteFile(out, rows, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(batch.ManifestPath(out), raw, 0o644); err != nil {
			t.Fatal(err)
		}
		return out
	}
	newer := rebuilt("newer.csv", func(m map[string]any) {
		m["build"] = map[string]any{"vcs_revision": "0123456789abcdef0123456789abcdef01234567", "vcs_modified": false}
	})
	older := rebuilt("older.csv", func(m map[string]any) { delete(m, "build") })
	if r := run(t, "merge", s0, older); r.code != 0 {
		t.Errorf("merge with a shard whose manifest names no build (an older lattice's): %v", r)
	}
	for _, tc := range []struct{ file, want string }{{seed2, "master seed"}, {other, "arm 1"}, {newer, "the build of lattice that played them"}} {
		r := run(t, "merge", s0, tc.file)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "not shards of the same batch") || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("merge %s with %s: %v, want exit 1 naming the %s", s0, tc.file, r, tc.want)
		}
	}
}

// TestMergeOutWritesManifest: lattice merge --out writes a manifest beside
// the merged rows, as batch --out does, so a merged row's variant
// overrides are on record and play --from-batch opens it (it said the
// manifest was missing).
func TestMergeOutWritesManifest(t *testing.T) {
	dir := t.TempDir()
	var shards []string
	for i := 0; i < 2; i++ {
		out := filepath.Join(dir, "s"+string(rune('0'+i))+".csv")
		if r := run(t, "batch", "tutorial", "--runs", "3", "--seed", "8", "--set", "side.rok.budget=5,7", "--difficulty", "hard",
			"--shard", string(rune('0'+i))+"/2", "--format", "csv", "--out", out); r.code != 0 {
			t.Fatalf("shard %d: %v", i, r)
		}
		shards = append(shards, out)
	}
	merged := filepath.Join(dir, "all.csv")
	if r := run(t, append([]string{"merge", "--out", merged}, shards...)...); r.code != 0 {
		t.Fatalf("merge: %v", r)
	}
	data, err := os.ReadFile(merged + ".manifest.json")
	if err != nil {
		t.Fatalf("no manifest beside the merged rows: %v", err)
	}
	var man struct {
		Shards     int                 `json:"shards"`
		RunsInFile int                 `json:"runs_in_file"`
		Complete   bool                `json:"complete"`
		Variants   map[string][]string `json:"variants"`
	}
	if err := json.Unmarshal(data, &man); err != nil || man.Shards != 1 || man.RunsInFile != 6 || !man.Complete || len(man.Variants) != 2 {
		t.Fatalf("merged manifest %+v (%v)", man, err)
	}
	for id := 0; id < 6; id++ {
		s, rec, err := sessionFromBatch(merged, id)
		if err != nil {
			t.Fatalf("run %d of the merged rows: %v", id, err)
		}
		for !s.Game.Over() {
			s.Brief()
			if _, err := s.Adjudicate(); err != nil {
				t.Fatal(err)
			}
		}
		if got := hashHex(s.Game.Hash()); got != rec.Hash {
			t.Errorf("run %d: the session ends with hash %s, the row says %s", id, got, rec.Hash)
		}
	}
	// The merged file merges again, on its own.
	if r := run(t, "merge", merged); r.code != 0 {
		t.Fatalf("merge of the merged file: %v", r)
	}
}

// TestSweepNamesItsVariants: the table, the json summary and compare say
// what each variant id of a --set sweep stands for; they showed only "v1",
// "v2", …, and the overrides were nowhere but in a manifest written with
// --out.
func TestSweepNamesItsVariants(t *testing.T) {
	args := []string{"batch", "tutorial", "--runs", "20", "--set", "side.rok.budget=5,7", "--set", "turns=4"}
	r := run(t, append(args, "--format", "table")...)
	for _, want := range []string{"v1: --set side.rok.budget=5 --set turns=4", "v2: --set side.rok.budget=7 --set turns=4"} {
		if r.code != 0 || !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, append(args, "--format", "json")...)
	var sum struct {
		Arms []struct {
			Variant   string   `json:"variant"`
			Overrides []string `json:"overrides"`
		} `json:"arms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil || len(sum.Arms) != 2 ||
		!reflect.DeepEqual(sum.Arms[1].Overrides, []string{"side.rok.budget=7", "turns=4"}) {
		t.Errorf("json arms %+v (%v): want each variant's overrides", sum.Arms, err)
	}
	out := filepath.Join(t.TempDir(), "sweep.csv")
	if r := run(t, append(args, "--format", "csv", "--out", out)...); r.code != 0 {
		t.Fatal(r)
	}
	if r := run(t, "compare", out); r.code != 0 || !strings.Contains(r.stdout, "v2: --set side.rok.budget=7 --set turns=4") {
		t.Errorf("compare does not say what v2 is: %v", r)
	}
}

// TestBatchHelpNamesTheJSONKeys: the help's description of --format json
// names the summary's top-level keys as the output spells them (it said
// "runs" and "seed" for runs_per_arm and master_seed).
func TestBatchHelpNamesTheJSONKeys(t *testing.T) {
	r := run(t, "batch", "tutorial", "--runs", "5", "--format", "json")
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(r.stdout), &top); r.code != 0 || err != nil {
		t.Fatalf("batch json: %v (%v)", r, err)
	}
	help := run(t, "help", "batch")
	for k := range top {
		if !strings.Contains(help.stdout+help.stderr, `"`+k+`"`) {
			t.Errorf("lattice help batch does not name the json key %q", k)
		}
	}
}

// TestBatchRefusesOneScenarioIDTwice: two scenario arguments with one id
// (the same scenario twice, or a modified copy that kept the id) are
// refused before any work; their arms were pooled into one arm of twice
// the runs, mixing two different scenarios without a word.
func TestBatchRefusesOneScenarioIDTwice(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "tutorial.toml"))
	if err != nil {
		t.Fatal(err)
	}
	short := strings.Replace(string(src), "\nturns = 5\n", "\nturns = 4\n", 1)
	if short == string(src) {
		t.Fatal("tutorial.toml has no 'turns = 5' line to change")
	}
	copyFile := filepath.Join(dir, "tutorial-short.toml")
	if err := os.WriteFile(copyFile, []byte(short), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "rows.csv")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"batch", "tutorial", "tutorial", "--runs", "5", "--out", out}, "given twice"},
		{[]string{"batch", "tutorial", copyFile, "--runs", "5", "--out", out}, "another id"},
	} {
		r := run(t, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %v, want exit %d and %q", tc.args, r, exitUsage, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v left %s behind", tc.args, out)
		}
	}
}

// TestCompareRefusesARunTwice: compare given one row file twice (or two
// files holding the same runs) fails; it counted every replicate as two
// pairs, halving the p-values' honest width.
func TestCompareRefusesARunTwice(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "20", "--policies", "balanced,free-rider", "--format", "csv", "--out", out); r.code != 0 {
		t.Fatal(r)
	}
	if r := run(t, "compare", out); r.code != 0 || !strings.Contains(r.stdout, "(20 pairs)") {
		t.Fatalf("compare: %v", r)
	}
	if r := run(t, "compare", out, out); r.code != exitInvalid || !strings.Contains(r.stderr, "more than once") {
		t.Errorf("compare of a file given twice: %v, want exit 1 and 'more than once'", r)
	}
	// One shard of three given twice was "s0.csv, s0.csv are shards of a
	// batch of 3 shards, whose shards 1/3, 2/3 are missing", and merge
	// named a run in both, not the file.
	dir := t.TempDir()
	shard := filepath.Join(dir, "s0.csv")
	if r := run(t, "batch", "tutorial", "--runs", "6", "--shard", "0/3", "--format", "csv", "--out", shard); r.code != 0 {
		t.Fatal(r)
	}
	for _, cmd := range []string{"compare", "merge"} {
		r := run(t, cmd, shard, dir+"/./s0.csv")
		if want := shard + " and " + dir + "/./s0.csv" + " are one file, given more than once: give each file once"; r.code != exitInvalid || !strings.Contains(r.stderr, want) {
			t.Errorf("%s of one shard twice: %v, want exit 1 and %q", cmd, r, want)
		}
	}
}

// TestCompareRefusesArmsOfDifferentSeeds: arms from batches with different
// master seeds did not play their replicates with the same dice, so
// compare refuses to pair them; it reported a paired comparison "on the
// same seeds" regardless.
func TestCompareRefusesArmsOfDifferentSeeds(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "c.csv")
	for _, x := range []struct{ out, policy, seed string }{{a, "balanced", "1"}, {b, "free-rider", "2"}, {c, "free-rider", "1"}} {
		if r := run(t, "batch", "tutorial", "--runs", "20", "--policies", x.policy, "--seed", x.seed, "--format", "csv", "--out", x.out); r.code != 0 {
			t.Fatal(r)
		}
	}
	if r := run(t, "compare", a, c); r.code != 0 || !strings.Contains(r.stdout, "(20 pairs)") {
		t.Fatalf("compare of one seed's arms from two files: %v", r)
	}
	if r := run(t, "compare", a, b); r.code != exitInvalid || !strings.Contains(r.stderr, "different master seeds") {
		t.Errorf("compare of arms with different seeds: %v, want exit 1 and 'different master seeds'", r)
	}
}

// TestBatchOutIgnoresTheTerminalWidth: a table written with --out is the
// same whatever terminal the command ran in; it was fitted to the width of
// the terminal on stdout, so the same arguments gave different files.
func TestBatchOutIgnoresTheTerminalWidth(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer ptmx.Close()
	defer tty.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 70}); err != nil {
		t.Skipf("cannot size the pseudo-terminal: %v", err)
	}
	go io.Copy(io.Discard, ptmx)
	dir := t.TempDir()
	args := func(out string) []string {
		return []string{"batch", "tutorial", "gray-zone", "--runs", "30", "--policies", "balanced,free-rider", "--format", "table", "--out", out}
	}
	onTerm, piped := filepath.Join(dir, "term.txt"), filepath.Join(dir, "piped.txt")
	var stderr bytes.Buffer
	e := &env{stdout: tty, stderr: &stderr, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	if code := runMain(context.Background(), e, args(onTerm)); code != 0 {
		t.Fatalf("batch on a terminal: exit %d: %s", code, stderr.String())
	}
	if r := run(t, args(piped)...); r.code != 0 {
		t.Fatal(r)
	}
	a, _ := os.ReadFile(onTerm)
	b, _ := os.ReadFile(piped)
	if len(a) == 0 || string(a) != string(b) {
		t.Errorf("the table written from a 70-column terminal differs from the one written from a pipe:\n%s\n--\n%s", a, b)
	}
}

// TestManifestRecipeRuns: the manifest's reproduce recipe, followed to the
// letter, replays a row; without --difficulty it said "[--difficulty none]",
// which lattice run rejects (unknown difficulty "none").
func TestManifestRecipeRuns(t *testing.T) {
	for _, diff := range []string{"", "hard"} {
		out := filepath.Join(t.TempDir(), "rows.csv")
		args := []string{"batch", "tutorial", "--runs", "2", "--set", "side.rok.budget=7", "--format", "csv", "--out", out}
		if diff != "" {
			args = append(args, "--difficulty", diff)
		}
		if r := run(t, args...); r.code != 0 {
			t.Fatal(r)
		}
		data, err := os.ReadFile(out + ".manifest.json")
		if err != nil {
			t.Fatal(err)
		}
		var man struct {
			Reproduce string              `json:"reproduce"`
			Variants  map[string][]string `json:"variants"`
			Scenarios []struct {
				Source string `json:"source"`
			} `json:"scenarios"`
		}
		if err := json.Unmarshal(data, &man); err != nil {
			t.Fatal(err)
		}
		rowData, _ := os.ReadFile(out)
		rows, err := csv.NewReader(strings.NewReader(string(rowData))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		row := rows[2]
		cmd, _, _ := strings.Cut(man.Reproduce, ",")
		cmd = strings.NewReplacer("SOURCE", man.Scenarios[0].Source, "SEED", row[6], "POLICY", row[4]).Replace(cmd)
		fields := strings.Fields(cmd)
		if len(fields) < 2 || fields[0] != "lattice" {
			t.Fatalf("recipe %q", man.Reproduce)
		}
		runArgs := fields[1:]
		for _, kv := range man.Variants[row[3]] {
			runArgs = append(runArgs, "--set", kv)
		}
		rr := run(t, append(runArgs, "--format", "json")...)
		var got struct {
			Hash string `json:"hash"`
		}
		if err := json.Unmarshal([]byte(rr.stdout), &got); rr.code != 0 || err != nil || got.Hash != row[10] {
			t.Errorf("difficulty %q: the recipe %q gives %v, want hash %s", diff, man.Reproduce, rr, row[10])
		}
	}
}

// TestContinuationsFromTheStartSaySo: continuations from --at 0 are "from
// the start"; the heading said "after week 0".
func TestContinuationsFromTheStartSaySo(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "tutorial", "5")
	// The heading is two lines: the title, then what was played.
	heading := func(out string) string {
		title, rest, _ := strings.Cut(out, "\n")
		played, _, _ := strings.Cut(rest, "\n")
		return title + "\n" + played
	}
	r := run(t, "batch", "--from", j, "--at", "0", "--runs", "5")
	if h := heading(r.stdout); r.code != 0 || !strings.Contains(h, "from the start") || strings.Contains(h, "week 0") {
		t.Errorf("heading %q (%v)", h, r)
	}
	r = run(t, "batch", "--from", j, "--at", "2", "--runs", "5")
	if h := heading(r.stdout); r.code != 0 || !strings.Contains(h, "after week 2") {
		t.Errorf("heading %q (%v)", h, r)
	}
}

// TestMergeJSONIsTheBatchJSON: merge --format json (and table) of a
// batch's shards is byte for byte the batch's own, causes included: each
// shard keeps its cause tallies in its manifest, and merge adds them (it
// lacked runs_per_arm and master_seed, and then the causes).
func TestMergeJSONIsTheBatchJSON(t *testing.T) {
	dir := t.TempDir()
	args := []string{"batch", "tutorial", "--runs", "12", "--seed", "3", "--policies", "balanced,free-rider", "--set", "side.rok.budget=5,7"}
	var shards []string
	for i := 0; i < 3; i++ {
		out := filepath.Join(dir, "s"+string(rune('0'+i))+".csv")
		if r := run(t, append(args, "--shard", string(rune('0'+i))+"/3", "--format", "csv", "--out", out)...); r.code != 0 {
			t.Fatal(r)
		}
		shards = append(shards, out)
	}
	want := run(t, append(args, "--format", "json")...)
	got := run(t, append([]string{"merge", "--format", "json"}, shards...)...)
	if want.code != 0 || got.code != 0 {
		t.Fatalf("batch: %v\nmerge: %v", want, got)
	}
	if got.stdout != want.stdout {
		g, w := strings.Split(got.stdout, "\n"), strings.Split(want.stdout, "\n")
		for i := 0; i < min(len(g), len(w)); i++ {
			if g[i] != w[i] {
				t.Fatalf("merge --format json differs from batch --format json at line %d: %q, want %q", i+1, g[i], w[i])
			}
		}
		t.Fatalf("merge --format json has %d lines, batch's %d", len(g), len(w))
	}
	if !strings.Contains(want.stdout, `"causes": [`) {
		t.Fatal("the batch's json has no causes: the test checks little")
	}
	want = run(t, append(args, "--format", "table")...)
	got = run(t, append([]string{"merge", "--format", "table"}, shards...)...)
	if want.code != 0 || got.code != 0 || got.stdout != want.stdout || !strings.Contains(got.stdout, "why (start → mean end") {
		t.Errorf("merge --format table differs from batch --format table:\n%s\nwant:\n%s", got.stdout, want.stdout)
	}
	// Merged into one file, whose manifest holds every shard's causes (not
	// the first shard's alone), and summarised again: the same table.
	merged := filepath.Join(dir, "merged.csv")
	if r := run(t, append([]string{"merge", "--out", merged}, shards...)...); r.code != 0 {
		t.Fatal(r)
	}
	if again := run(t, "merge", "--format", "table", merged); again.code != 0 || again.stdout != want.stdout {
		t.Errorf("merge of the merged file differs from batch --format table:\n%s", again.stdout)
	}
	// compare of the shards, and of the merged file, gives the batch's
	// paired comparisons, causes ("mostly from") included.
	_, wantCmp, _ := strings.Cut(want.stdout, "\nPaired comparisons")
	if !strings.Contains(wantCmp, "mostly from:") {
		t.Fatal("the batch's comparisons name no causes: the test checks little")
	}
	for _, files := range [][]string{shards, {merged}} {
		got := run(t, append([]string{"compare"}, files...)...)
		if _, cmp, _ := strings.Cut(got.stdout, "\nPaired comparisons"); got.code != 0 || cmp != wantCmp {
			t.Errorf("compare %v: the comparisons differ from batch --format table's:\n%s\nwant:\n%s", files, cmp, wantCmp)
		}
	}
}

// TestUnshardedRowsKeepCausesWhenAsked: batch --out FILE keeps the causes
// in FILE's manifest (--causes' default, 3, as a shard's does), so that
// merge and compare show them as the batch's table does; with --causes 0
// the manifest has none (the rows' fast path), and compare shows no
// causes.
func TestUnshardedRowsKeepCausesWhenAsked(t *testing.T) {
	dir := t.TempDir()
	args := []string{"batch", "tutorial", "--runs", "40", "--seed", "5", "--policies", "balanced,free-rider"}
	want := run(t, append(args, "--format", "table")...)
	_, wantCmp, _ := strings.Cut(want.stdout, "\nPaired comparisons")
	if want.code != 0 || !strings.Contains(wantCmp, "mostly from:") {
		t.Fatalf("the batch's table: %v", want)
	}
	with, without := filepath.Join(dir, "with.csv"), filepath.Join(dir, "without.jsonl")
	if r := run(t, append(args, "--out", with, "--causes", "3")...); r.code != 0 {
		t.Fatal(r)
	}
	if r := run(t, append(args, "--out", without, "--format", "jsonl", "--causes", "0")...); r.code != 0 {
		t.Fatal(r)
	}
	if m, err := batch.ReadManifest(with); err != nil || len(m.Causes) != 2 {
		t.Fatalf("--causes 3: the manifest's causes: %v (%v)", m, err)
	}
	if m, err := batch.ReadManifest(without); err != nil || m.Causes != nil {
		t.Fatalf("--causes 0: the manifest holds causes (%v)", err)
	}
	byDefault := filepath.Join(dir, "default.csv")
	if r := run(t, append(args, "--out", byDefault)...); r.code != 0 {
		t.Fatal(r)
	}
	if m, err := batch.ReadManifest(byDefault); err != nil || len(m.Causes) != 2 {
		t.Fatalf("no --causes: the manifest's causes: %v (%v)", m, err)
	}
	got := run(t, "compare", with)
	if _, cmp, _ := strings.Cut(got.stdout, "\nPaired comparisons"); got.code != 0 || cmp != wantCmp {
		t.Errorf("compare of rows with causes: the comparisons differ from the batch's:\n%s\nwant:\n%s", cmp, wantCmp)
	}
	if m := run(t, "merge", "--format", "table", with); m.code != 0 || m.stdout != want.stdout {
		t.Errorf("merge --format table of rows with causes differs from the batch's table:\n%s", m.stdout)
	}
	if got := run(t, "compare", without); got.code != 0 || strings.Contains(got.stdout, "\n    mostly from:") {
		t.Errorf("compare of rows without causes: %v", got)
	}
	for _, bad := range [][]string{{"--format", "csv", "--causes", "3"}} {
		if r := run(t, append(args, bad...)...); r.code != exitUsage || !strings.Contains(r.stderr, "keeps them") {
			t.Errorf("%v: %v", bad, r)
		}
	}
}

// TestMergeAndCompareStopOnCtrlC: merge and compare stop when the context
// is cancelled (Ctrl-C): exit 130 and no --out file. They ignored it and
// ran to the end, however large the files.
func TestMergeAndCompareStopOnCtrlC(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "50", "--policies", "balanced,free-rider", "--format", "csv", "--out", rows); r.code != 0 {
		t.Fatal(r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(dir, "merged.csv")
	for _, args := range [][]string{{"merge", rows, "--out", out}, {"merge", rows, "--format", "table"}, {"compare", rows}} {
		r := runCtx(t, ctx, args...)
		if r.code != exitInterrupted || !strings.Contains(r.stderr, "interrupted") {
			t.Errorf("%v after Ctrl-C: %v, want exit %d", args, r, exitInterrupted)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("an interrupted merge left %s", out)
	}
}

// TestSeedTable: replicate seeds are recorded densely and, far beyond the
// rest, sparsely; a second seed for a replicate is reported.
func TestSeedTable(t *testing.T) {
	var st seedTable
	for _, r := range []int{0, 1, 5, 3000, 99_999_999, 2} {
		if _, seen := st.add(r, uint64(r)+7); seen {
			t.Fatalf("replicate %d seen before it was added", r)
		}
	}
	for _, r := range []int{0, 1, 5, 3000, 99_999_999, 2} {
		if prev, seen := st.add(r, 1); !seen || prev != uint64(r)+7 {
			t.Errorf("replicate %d: %d %v, want %d true", r, prev, seen, r+7)
		}
	}
	if len(st.seed) > 8192 || len(st.sparse) > 2 {
		t.Errorf("%d dense and %d sparse entries for 6 replicates", len(st.seed), len(st.sparse))
	}
}

// TestTableNamesMetricsByTheirScenario: a metric id two scenarios name
// differently (tutorial's "Cohesion", taiwan-strait's "Alliance cohesion")
// is shown under each arm's own scenario's name; the last scenario's name
// was shown for every arm.
func TestTableNamesMetricsByTheirScenario(t *testing.T) {
	r := run(t, "batch", "tutorial", "taiwan-strait", "--runs", "10", "--format", "table", "--causes", "0")
	if r.code != 0 {
		t.Fatal(r)
	}
	tut, tw, ok := strings.Cut(r.stdout, "\ntaiwan-strait · balanced\n─") // its section, not the overview's line
	if !ok {
		t.Fatalf("no taiwan-strait arm:\n%s", r.stdout)
	}
	if !strings.Contains(tut, "\n  Cohesion ") || strings.Contains(tut, "Alliance cohesion") {
		t.Errorf("tutorial's arm does not call cohesion Cohesion:\n%s", tut)
	}
	if !strings.Contains(tw, "\n  Alliance cohesion ") {
		t.Errorf("taiwan-strait's arm does not call cohesion Alliance cohesion:\n%s", tw)
	}
}

// TestSetKeyMissingItsTable: a --set key written without its table
// ("rok.budget" for "side.rok.budget") is pointed to the real key, and the
// keys listed are that entry's, not the first forty of the scenario.
func TestSetKeyMissingItsTable(t *testing.T) {
	for _, cmd := range [][]string{{"run", "tutorial"}, {"batch", "tutorial", "--runs", "2"}} {
		r := run(t, append(cmd, "--set", "rok.budget=4")...)
		if r.code == exitOK || !strings.Contains(r.stderr, `(did you mean "side.rok.budget"?)`) ||
			!strings.Contains(r.stderr, "Valid keys under side.rok:") || strings.Contains(r.stderr, "action.") {
			t.Errorf("%v --set rok.budget=4: %v", cmd, r)
		}
	}
}

// TestBatchPoliciesEmptyEntries: --policies with no policy in it, or an
// empty entry, is a usage error; ",," ran the default arm as if asked for.
func TestBatchPoliciesEmptyEntries(t *testing.T) {
	dir := t.TempDir()
	jpath := filepath.Join(dir, "game.jsonl")
	if r := run(t, "run", "tutorial", "--journal", jpath); r.code != exitOK {
		t.Fatal(r)
	}
	for _, tt := range []struct{ policies, want string }{
		{",,", `--policies ",," names no policy`},
		{"", `--policies "" names no policy`},
		{" , ", `--policies " , " names no policy`},
		{"balanced,,free-rider", `--policies "balanced,,free-rider" has an empty entry`},
		{"balanced,", `--policies "balanced," has an empty entry`},
	} {
		for _, args := range [][]string{
			{"batch", "tutorial", "--runs", "2", "--policies", tt.policies},
			{"batch", "--from", jpath, "--at", "2", "--runs", "2", "--policies", tt.policies},
		} {
			r := run(t, args...)
			checkStreams(t, label(args), r)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("%s: want exit 2 and %q:\n%s", label(args), tt.want, r)
			}
		}
	}
	if r := run(t, "batch", "tutorial", "--runs", "2", "--policies", " balanced , free-rider", "--format", "csv"); r.code != exitOK {
		t.Errorf("spaces around entries: %s", r)
	}
}

// TestEmptyOutRefused: --out "" (an unset $OUT in a job script) is a usage
// error; batch wrote its rows to stdout instead, with no manifest, and
// merge and report did the same, exit 0 either way. --out -, stdout to
// many tools, made a file named "-" (and its manifest, "-.manifest.json").
// So with run --journal, and a stream's name (/dev/stdout) for either.
func TestEmptyOutRefused(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	f := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "3", "--format", "csv", "--out", f); r.code != 0 {
		t.Fatalf("batch: %v", r)
	}
	j := filepath.Join(dir, "game.jsonl")
	if r := run(t, "run", "tutorial", "--journal", j); r.code != 0 {
		t.Fatalf("run: %v", r)
	}
	for _, args := range [][]string{
		{"batch", "tutorial", "--runs", "3", "--format", "csv", "--out", ""},
		{"batch", "tutorial", "--runs", "3", "--format", "csv", "--out="},
		{"merge", f, "--out", ""},
		{"report", j, "--out", ""},
		{"batch", "tutorial", "--runs", "3", "--format", "csv", "--out", "-"},
		{"merge", f, "--out", "-"},
		{"report", j, "--out", "-"},
		// A stream's name: "no such file or directory" with stdout a pipe.
		{"batch", "tutorial", "--runs", "3", "--format", "csv", "--out", "/dev/stdout"},
		{"merge", f, "--out", "/dev/fd/1"},
		{"report", j, "--out", "/proc/self/fd/2"},
		// run --journal "" ran without a journal, exit 0, and --journal -
		// wrote one named "-".
		{"run", "tutorial", "--journal", ""},
		{"run", "tutorial", "--journal", "-"},
		{"run", "--fork", j, "--at", "1", "--journal", "-"},
		{"run", "tutorial", "--journal", "/dev/stdout"},
	} {
		r := run(t, args...)
		flagName := "--out"
		if slices.Contains(args, "--journal") {
			flagName = "--journal"
		}
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, flagName) {
			t.Errorf("%q: %v; want exit 2, nothing on stdout, and %s named", args, r, flagName)
		}
	}
	if _, err := os.Lstat(filepath.Join(dir, "-")); err == nil {
		t.Error(`--out - made a file named "-"`)
	}
}

// TestInterruptedSummarySaysSo: a table or json batch stopped by Ctrl-C
// says its summary covers the runs played; it said "the completed rows
// were kept", of rows it never writes. A csv batch keeps its rows.
func TestInterruptedSummarySaysSo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for format, want := range map[string]string{"table": "the summary covers the runs played", "json": "the summary covers the runs played", "csv": "the completed rows were kept"} {
		r := runCtx(t, ctx, "batch", "tutorial", "--runs", "50", "--format", format)
		if r.code != exitInterrupted || !strings.Contains(r.stderr, want) {
			t.Errorf("--format %s after Ctrl-C: %v, want exit %d and %q", format, r, exitInterrupted, want)
		}
	}
}

// TestSetSameValueTwiceRefused: --set values that are one value written
// two ways (4 and 04, 4 and 4.0) made two variants that differ in nothing,
// as a value listed twice would, and is refused like it.
func TestSetSameValueTwiceRefused(t *testing.T) {
	for _, set := range []string{"side.rok.budget=4,04", "side.rok.budget=4,6,4.0"} {
		r := run(t, "batch", "tutorial", "--runs", "2", "--format", "csv", "--set", set)
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "the same value") {
			t.Errorf("--set %s: %v; want exit 2 and that two values are the same", set, r)
		}
	}
	if r := run(t, "batch", "tutorial", "--runs", "2", "--format", "csv", "--set", "side.rok.budget=4,6"); r.code != 0 {
		t.Errorf("--set side.rok.budget=4,6: %v", r)
	}
}

// TestShardFromEnvironmentSaysSo: a batch run inside a Slurm array task or
// an Indexed Job takes its shard from the environment; refused a table
// there, or a shard count, it said neither where the shard came from nor
// how to play the whole batch: --shard 0/1.
func TestShardFromEnvironmentSaysSo(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "16"}, []string{"--format", "table"}, []string{"shard 5/16", "SLURM_ARRAY_TASK_ID", "--shard 0/1"}},
		{map[string]string{"JOB_COMPLETION_INDEX": "3"}, []string{"--format", "csv"}, []string{"--shard-count", "--shard 0/1"}},
		{map[string]string{"SLURM_ARRAY_TASK_ID": "5"}, []string{"--format", "csv"}, []string{"--shard-count", "--shard 0/1"}},
	} {
		var stdout, stderr bytes.Buffer
		e := &env{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(""), getenv: func(k string) string { return tc.env[k] }}
		code := runMain(context.Background(), e, append([]string{"batch", "tutorial", "--runs", "4"}, tc.args...))
		for _, want := range tc.want {
			if code != exitUsage || !strings.Contains(stderr.String(), want) {
				t.Errorf("%v %v: exit %d, stderr %q; want exit %d and %q", tc.env, tc.args, code, stderr.String(), exitUsage, want)
			}
		}
	}
	if r := run(t, "batch", "tutorial", "--runs", "4", "--shard", "0/1", "--format", "table"); r.code != 0 {
		t.Errorf("--shard 0/1 --format table: %v", r)
	}
}

// TestContinuationsComparePolicies: continuations of one position under
// two policies share their dice replicate by replicate, as a batch's arms
// do, yet were shown side by side only: which policy does better from here,
// and whether it is more than noise, was left to the eye. They are
// compared as a batch's arms are, in the table and the json.
func TestContinuationsComparePolicies(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "tutorial", "5")
	r := run(t, "batch", "--from", j, "--at", "2", "--runs", "40", "--policies", "balanced,free-rider")
	out := strings.Join(strings.Fields(r.stdout), " ")
	if r.code != 0 || !strings.Contains(out, "Paired comparisons") || !strings.Contains(out, "free-rider vs balanced (40 pairs)") || !strings.Contains(out, "success rate") {
		t.Errorf("table: %v", r)
	}
	r = run(t, "batch", "--from", j, "--at", "2", "--runs", "40", "--policies", "balanced,free-rider", "--format", "json")
	var got struct {
		Comparisons []struct {
			Base, Other string
			Pairs       int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 {
		t.Fatalf("json: %v (%v)", err, r)
	}
	if len(got.Comparisons) != 1 || got.Comparisons[0].Pairs != 40 || got.Comparisons[0].Other != "free-rider" || got.Comparisons[0].Base != "balanced" {
		t.Errorf("json comparisons: %+v", got.Comparisons)
	}
	// One arm: nothing to compare, and no heading for it.
	if r := run(t, "batch", "--from", j, "--at", "2", "--runs", "5"); r.code != 0 || strings.Contains(r.stdout, "Paired comparisons") {
		t.Errorf("one arm: %v", r)
	}
}

// TestWordsSayBetterOrWorseFromTheScenario: batch and compare know from
// the scenario which way is good for each metric (escalation: lower) and
// say it in words; a sweep of a metric's good leaves that one unsaid.
func TestWordsSayBetterOrWorseFromTheScenario(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	unsaid := regexp.MustCompile(`is (higher|lower)([;.]| \(d=)`)
	said := func(what string, r result) {
		t.Helper()
		out := strings.Join(strings.Fields(r.stdout), " ")
		if r.code != 0 || unsaid.MatchString(out) || !strings.Contains(out, "(worse, d=") {
			t.Errorf("%s: a significant difference without better or worse: %v", what, r)
		}
	}
	args := []string{"batch", "tutorial", "--runs", "200", "--policies", "balanced,free-rider"}
	said("batch table", run(t, append(args, "--format", "table")...))
	if r := run(t, append(args, "--format", "csv", "--out", rows)...); r.code != 0 {
		t.Fatal(r)
	}
	said("compare", run(t, "compare", rows))
	r := run(t, "batch", "tutorial", "--runs", "200", "--set", "metric.intel.good=high,low", "--set", "side.rok.budget=4,8", "--format", "table")
	out := strings.Join(strings.Fields(r.stdout), " ")
	if r.code != 0 || regexp.MustCompile(`Intelligence picture is (higher|lower) \((better|worse)`).MatchString(out) || !strings.Contains(out, "(better, d=") {
		t.Errorf("a sweep of intel's good: %v", r)
	}
}

// TestContinuationsInterruptedSummarise: continuations stopped by Ctrl-C
// summarise the runs played and say so, as batch's help says of every
// batch (exit 130); they wrote nothing but "interrupted".
func TestContinuationsInterruptedSummarise(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "tutorial", "5")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCtx(t, ctx, "batch", "--from", j, "--at", "2", "--runs", "10", "--policies", "balanced,free-rider")
	if r.code != exitInterrupted || !strings.Contains(r.stdout, "INTERRUPTED: 0 of 20 continuations played") || !strings.Contains(r.stdout, "interrupted: not started") {
		t.Errorf("table: %v", r)
	}
	r = runCtx(t, ctx, "batch", "--from", j, "--at", "2", "--runs", "10", "--format", "json")
	var got struct {
		Complete *bool `json:"complete"`
		Arms     []struct{ Runs int }
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != exitInterrupted || got.Complete == nil || *got.Complete || len(got.Arms) != 1 || got.Arms[0].Runs != 0 {
		t.Errorf("json: %+v, %v (%v)", got, err, r)
	}
	if r := run(t, "batch", "--from", j, "--at", "2", "--runs", "3", "--format", "json"); r.code != 0 || !strings.Contains(r.stdout, `"complete": true`) {
		t.Errorf("whole: %v", r)
	}
}

// TestContinuationVerdictsRare: a verdict reached in one continuation of
// thousands reads "<0.1%", not "0.0%", as in the batch table.
func TestContinuationVerdictsRare(t *testing.T) {
	comp, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	a := &contArm{Runs: 4000, verdict: map[int]int{0: 3999, 1: 1}}
	got := strings.Join(contVerdicts(comp, a, &contPlayed{Verdict: comp.Ends[1].ID}), ", ")
	for _, want := range []string{comp.Ends[0].Title + " >99.9%", comp.Ends[1].Title + " <0.1% ← played"} {
		if !strings.Contains(got, want) {
			t.Errorf("verdicts %q lack %q", got, want)
		}
	}
}

// TestOutNeverOverwritesAnInput: --out naming a file the batch reads (a
// scenario, a policy file, the journal continued), or whose manifest would
// land on one, is refused before any work, and the file is left as it
// was, as merge refuses --out naming a shard. Batch wrote its rows over
// the scenario, and batch --from its summary over the game's journal.
func TestOutNeverOverwritesAnInput(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "s.toml")
	name, _ := scenarios.File("tutorial")
	src, err := fs.ReadFile(scenarios.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	pol := filepath.Join(dir, "hawk.toml")
	journal := filepath.Join(dir, "game.jsonl")
	for f, data := range map[string][]byte{scen: src, pol: mustRead(t, "testdata/policies/hawk.toml")} {
		if err := os.WriteFile(f, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := run(t, "run", "tutorial", "--seed", "2", "--journal", journal); r.code != exitOK {
		t.Fatal(r)
	}
	manifestOf := filepath.Join(dir, "m")
	if err := os.WriteFile(manifestOf+".manifest.json", src, 0o644); err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		args  []string
		input string
	}{
		"scenario":          {[]string{"batch", scen, "--runs", "3", "--out", scen}, scen},
		"--policies file":   {[]string{"batch", "tutorial", "--runs", "3", "--policies", "balanced," + pol, "--out", pol}, pol},
		"--policy file":     {[]string{"batch", "tutorial", "--runs", "3", "--policy", "rok=" + pol, "--out", pol}, pol},
		"journal":           {[]string{"batch", "--from", journal, "--at", "2", "--runs", "3", "--format", "table", "--out", journal}, journal},
		"manifest on input": {[]string{"batch", manifestOf + ".manifest.json", "--runs", "3", "--out", manifestOf}, manifestOf + ".manifest.json"},
	} {
		before := mustRead(t, tt.input)
		r := run(t, tt.args...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "which the batch reads") || r.stdout != "" {
			t.Errorf("%s: %v; want exit 1 saying --out names a file the batch reads", name, r)
		}
		if after := mustRead(t, tt.input); !bytes.Equal(before, after) {
			t.Errorf("%s: %s was overwritten", name, tt.input)
		}
	}
	if _, err := os.Stat(manifestOf); err == nil {
		t.Errorf("%s was written", manifestOf)
	}
}

// TestContinuationVerdictsMostFirst: the continuations' table lists the
// verdicts the most frequent first, ties in the scenario's order, as the
// batch table does; it listed them in the scenario's order ("coerced
// 46.4%, standoff 3.4%, contained 50.2%").
func TestContinuationVerdictsMostFirst(t *testing.T) {
	comp, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(comp.Ends) < 3 {
		t.Fatal("the tutorial has fewer than three ends")
	}
	e := func(k int) string { return comp.Ends[k].Title }
	a := &contArm{Runs: 10, verdict: map[int]int{0: 2, 1: 6, 2: 2}}
	want := e(1) + " 60.0%, " + e(0) + " 20.0%, " + e(2) + " 20.0% ← played"
	if got := strings.Join(contVerdicts(comp, a, &contPlayed{Verdict: comp.Ends[2].ID}), ", "); got != want {
		t.Errorf("verdicts %q, want %q", got, want)
	}
}

// TestOutEndingPicksTheFormat: without --format, --out FILE's ending picks
// the form (.csv, .jsonl, .json, .txt for a table; another ending keeps
// csv), for batch, merge and batch --from alike, and the manifest records
// it; --format, when given, wins. "--out results.json" wrote csv.
func TestOutEndingPicksTheFormat(t *testing.T) {
	dir := t.TempDir()
	looksLike := map[string]func(string) bool{
		"csv":   func(s string) bool { return strings.HasPrefix(s, "run_id,") },
		"jsonl": func(s string) bool { return strings.HasPrefix(s, `{"run_id":0,`) },
		"json":  func(s string) bool { return json.Valid([]byte(s)) && strings.HasPrefix(s, "{\n") },
		"table": func(s string) bool { return strings.Contains(s, "allied success") },
	}
	check := func(args []string, out, want string) {
		t.Helper()
		if r := run(t, append(args, "--out", out)...); r.code != exitOK {
			t.Fatalf("%v: %v", args, r)
		}
		m, err := batch.ReadManifest(out)
		if data := string(mustRead(t, out)); err != nil || !looksLike[want](data) || m.Format != want {
			t.Errorf("%v --out %s: want %s, the manifest says %v (%v):\n%.200s", args, filepath.Base(out), want, m, err, data)
		}
	}
	rows := []string{"batch", "tutorial", "--runs", "4", "--policies", "balanced,free-rider"}
	for ending, want := range map[string]string{".csv": "csv", ".jsonl": "jsonl", ".json": "json", ".txt": "table", ".dat": "csv", ".JSON": "json"} {
		check(rows, filepath.Join(dir, "b"+ending), want)
	}
	check(append(rows, "--format", "csv"), filepath.Join(dir, "explicit.json"), "csv")
	check([]string{"merge", filepath.Join(dir, "b.csv")}, filepath.Join(dir, "merged.json"), "json")
	check([]string{"merge", filepath.Join(dir, "b.csv")}, filepath.Join(dir, "merged.jsonl"), "jsonl")

	j := playedJournal(t, dir, "tutorial", "5")
	check([]string{"batch", "--from", j, "--at", "2", "--runs", "5"}, filepath.Join(dir, "cont.json"), "json")
	if r := run(t, "batch", "--from", j, "--at", "2", "--runs", "5", "--out", filepath.Join(dir, "cont.csv")); r.code != exitUsage || !strings.Contains(r.stderr, "by its ending") {
		t.Errorf("--from --out cont.csv: %v", r)
	}
}

// TestCausesOnlyForSummaries: --causes with csv or jsonl rows (given, or
// the default off a terminal) is a usage error, as --per-turn is with a
// summary: rows carry no causes, and the flag was silently ignored.
func TestCausesOnlyForSummaries(t *testing.T) {
	for _, args := range [][]string{
		{"batch", "tutorial", "--runs", "3", "--causes", "5", "--format", "csv"},
		{"batch", "tutorial", "--runs", "3", "--causes", "5", "--format", "jsonl"},
		{"batch", "tutorial", "--runs", "3", "--causes", "5"}, // csv, off a terminal
	} {
		if r := run(t, args...); r.code != exitUsage || !strings.Contains(r.stderr, "--causes applies to the table and json") || r.stdout != "" {
			t.Errorf("%v: %v", args, r)
		}
	}
	for _, form := range []string{"table", "json"} {
		if r := run(t, "batch", "tutorial", "--runs", "3", "--causes", "1", "--format", form); r.code != exitOK {
			t.Errorf("--causes with %s: %v", form, r)
		}
	}
}

// A shard's manifest keeps the causes it tallied, unless --causes 0; a
// merge of shards without them says why its summary has none.
func TestShardCausesZero(t *testing.T) {
	dir := t.TempDir()
	var shards []string
	for i := 0; i < 2; i++ {
		out := filepath.Join(dir, fmt.Sprintf("s%d.csv", i))
		if r := run(t, "batch", "tutorial", "--runs", "10", "--shard", fmt.Sprintf("%d/2", i), "--causes", "0", "--format", "csv", "--out", out); r.code != exitOK {
			t.Fatal(r)
		}
		if m, err := batch.ReadManifest(out); err != nil || m.Causes != nil {
			t.Fatalf("--causes 0: the manifest holds causes (%v)", err)
		}
		shards = append(shards, out)
	}
	r := run(t, append([]string{"merge", "--format", "table"}, shards...)...)
	if r.code != exitOK || strings.Contains(r.stdout, "why (start") || !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), "a sharded batch keeps its shard's in the manifest") {
		t.Errorf("merge of shards without causes: %s", r)
	}
	if r := run(t, "batch", "tutorial", "--runs", "10", "--causes", "2", "--format", "csv"); r.code != exitUsage {
		t.Errorf("--causes 2 with csv rows: %s", r)
	}
}
