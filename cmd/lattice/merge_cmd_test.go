package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"lattice/sim/batch"
)

// interruptedBatch writes what a batch of two policy arms stopped by
// Ctrl-C during its first arm leaves: the first arm's first runs, and a
// manifest that says the batch is not complete. Runs are played arm by
// arm, so the second arm has no row at all.
func interruptedBatch(t *testing.T, dir string) string {
	t.Helper()
	f := filepath.Join(dir, "cut.csv")
	if r := run(t, "batch", "tutorial", "--runs", "20", "--policies", "balanced,free-rider", "--format", "csv", "--out", f); r.code != 0 {
		t.Fatalf("batch: %v", r)
	}
	rows := mustRead(t, f)
	lines := bytes.SplitAfter(rows, []byte("\n"))
	if err := os.WriteFile(f, bytes.Join(lines[:1+12], nil), 0o644); err != nil {
		t.Fatal(err)
	}
	man := string(mustRead(t, f+".manifest.json"))
	for old, repl := range map[string]string{`"complete": true`: `"complete": false`, `"runs_in_file": 40`: `"runs_in_file": 12`} {
		if !strings.Contains(man, old) {
			t.Fatalf("manifest has no %s:\n%s", old, man)
		}
		man = strings.Replace(man, old, repl, 1)
	}
	if err := os.WriteFile(f+".manifest.json", []byte(man), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestMergeSaysTheBatchWasInterrupted: merge of an interrupted batch
// played unsharded said "its manifest says the shard was interrupted …
// run that shard again", of a batch that had no shards.
func TestMergeSaysTheBatchWasInterrupted(t *testing.T) {
	f := interruptedBatch(t, t.TempDir())
	r := run(t, "merge", f)
	want := f + ": its manifest says the batch was interrupted (12 runs written): run that batch again"
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "shard") {
		t.Errorf("merge of an interrupted batch: %v; want exit 1, %q and no word of a shard", r, want)
	}
}

// TestMergeOfNoRowsWarnsOfNothing: merge of an empty or header-only file
// printed the six-line warning that no manifests were beside the files
// before refusing it as holding no rows: the refusal comes alone, and the
// warning only when there are rows to merge.
func TestMergeOfNoRowsWarnsOfNothing(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "2", "--format", "csv", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	if err := os.Remove(rows + ".manifest.json"); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "merge", rows); r.code != exitOK || !strings.Contains(r.stderr, "warning: no manifests beside the row files") {
		t.Errorf("merge of rows without a manifest: %v; want exit 0 and the warning", r)
	}
	header := string(mustRead(t, rows))
	header = header[:strings.IndexByte(header, '\n')+1]
	for name, data := range map[string]string{"empty.csv": "", "header.csv": header} {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		r := run(t, "merge", f)
		if want := "lattice merge: the files hold no rows: there is no run to merge (a batch plays at least one)\n"; r.code != exitInvalid || r.stderr != want {
			t.Errorf("merge %s: %v; want exit 1 and only %q", name, r, want)
		}
	}
}

// TestCompareSaysWhyOneArm: compare --partial of an interrupted batch
// whose later arms never started says that they have no rows, and why; it
// told the analyst to "run batch with --policies or --set", which the
// batch had been. Rows of no run at all are said to be that.
func TestCompareSaysWhyOneArm(t *testing.T) {
	dir := t.TempDir()
	f := interruptedBatch(t, dir)
	r := run(t, "compare", "--partial", f)
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("compare --partial of one arm: %v, want exit 1 and nothing on stdout", r)
	}
	saysNot(t, "compare --partial of one arm", r.stderr, []string{"planned 2 arms", "no rows", "interrupted"}, "run batch with --policies")

	empty := filepath.Join(dir, "empty.csv")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, "compare", empty)
	if r.code != 1 || !strings.Contains(r.stderr, "no rows") || strings.Contains(r.stderr, "one arm") {
		t.Errorf("compare of an empty file: %v, want exit 1 and that it holds no rows", r)
	}
}

// TestCompareTellsDifficultiesApart: two batches of the same arms and
// seed at two difficulty levels were refused ("batches that differ only
// in --difficulty cannot be compared"), so an analyst could not compare
// difficulty levels at all. Their arms are now told apart by level, as
// variants ("none", "hard"; "v1@hard" for a --set variant, with its
// overrides and the level), and compared replicate by replicate on the
// same dice, one change at a time.
func TestCompareTellsDifficultiesApart(t *testing.T) {
	dir := t.TempDir()
	normal, hard := filepath.Join(dir, "normal.csv"), filepath.Join(dir, "hard.csv")
	for f, extra := range map[string][]string{normal: nil, hard: {"--difficulty", "hard"}} {
		if r := run(t, append([]string{"batch", "tutorial", "--runs", "40", "--set", "side.rok.budget=4,8", "--format", "csv", "--out", f}, extra...)...); r.code != 0 {
			t.Fatalf("batch %v: %v", extra, r)
		}
	}
	r := run(t, "compare", normal, hard)
	if r.code != 0 {
		t.Fatalf("compare of two difficulties: %v", r)
	}
	out := strings.Join(strings.Fields(r.stdout), " ")
	for _, want := range []string{"v1@hard: --set side.rok.budget=4 --difficulty hard", "v1@none: --set side.rok.budget=4 (no --difficulty)",
		"v1@hard balanced vs v1@none balanced (40 pairs)", "v2@hard balanced vs v1@hard balanced", "v2@hard balanced vs v2@none balanced"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare of two difficulties: %q missing from\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(out, "one --set value or difficulty level nearer the first") {
		t.Errorf("compare of two difficulties: heading of\n%s", r.stdout)
	}
	if strings.Contains(out, "v2@hard balanced vs v1@none") {
		t.Errorf("compare of two difficulties: two changes at once:\n%s", r.stdout)
	}
	var got struct {
		Seed       string `json:"master_seed"`
		Difficulty *string
		Arms       []struct {
			Variant   string
			Overrides []string
		}
	}
	r = run(t, "compare", normal, hard, "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got.Arms) != 4 ||
		got.Arms[3].Variant != "v2@hard" || !slices.Equal(got.Arms[3].Overrides, []string{"side.rok.budget=8", "difficulty=hard"}) {
		t.Errorf("json arms %+v (%v)", got.Arms, err)
	}
	if got.Seed != "1" || got.Difficulty != nil {
		t.Errorf("json: master_seed %q, difficulty %v: want the seed the batches share and no one difficulty", got.Seed, got.Difficulty)
	}
	// A manifest may be anyone's: a level holding escape sequences is
	// shown stripped of them, as every name from a manifest or a row is.
	man, err := os.ReadFile(batch.ManifestPath(hard))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(batch.ManifestPath(hard), bytes.Replace(man, []byte(`"difficulty": "hard"`), []byte(`"difficulty": "\u001b[2Jhard"`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "compare", normal, hard); r.code != 0 || strings.Contains(r.stdout+r.stderr, "\x1b") {
		t.Errorf("compare of a manifest whose level holds an escape: %q", r.stdout+r.stderr)
	}
}

// saysNot checks that text holds every one of wants and not unwanted.
func saysNot(t *testing.T, what, text string, wants []string, unwanted string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%s: %q missing from\n%s", what, want, text)
		}
	}
	if strings.Contains(text, unwanted) {
		t.Errorf("%s: says %q:\n%s", what, unwanted, text)
	}
}

// TestMergeRefusesShardsOfAnEditedPolicyFile: shards played with a policy
// file that was edited between them are two batches; the manifests held
// each scenario's SHA-256 but not the policy files', so they merged.
func TestMergeRefusesShardsOfAnEditedPolicyFile(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "cautious.toml")
	shard := func(i int, escalation string) string {
		t.Helper()
		if err := os.WriteFile(pol, []byte("name = \"cautious\"\ndeterrence = 1\nresilience = 2\nalliance = 1\nescalation = "+escalation+"\ndefence = 1\nspend = 0.8\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, "rows-"+strconv.Itoa(i)+".csv")
		if r := run(t, "batch", "tutorial", "--runs", "6", "--policies", "balanced,"+pol, "--shard", strconv.Itoa(i)+"/2", "--format", "csv", "--out", f); r.code != 0 {
			t.Fatalf("shard %d: %v", i, r)
		}
		return f
	}
	a, b := shard(0, "3"), shard(1, "0.5")
	if man := string(mustRead(t, a+".manifest.json")); !strings.Contains(man, `"policy_files"`) || !strings.Contains(man, "cautious.toml") {
		t.Errorf("the manifest does not name the policy file and its hash:\n%s", man)
	}
	r := run(t, "merge", a, b)
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "policy files") {
		t.Errorf("merge of shards of an edited policy file: %v; want exit 1 naming the policy files", r)
	}
	if r := run(t, "merge", a, shard(1, "3")); r.code != 0 {
		t.Errorf("merge of shards of one policy file: %v", r)
	}
}

// TestCompareJSONSaysHowItJudged: lattice compare --format json is an
// object, as batch and merge json are, with what a reader needs to weigh
// its comparisons: the level (alpha), the correction and the number of
// tests it was across (the table's "Holm-corrected across N tests"),
// whether the input was a whole batch, and each arm's summary (which
// names the --set values behind v1, v2, …): byte for byte merge --format
// json of the same rows, with the runs per arm and master seed its
// manifest gives. It was a bare array of the comparisons, saying none of
// this.
func TestCompareJSONSaysHowItJudged(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "20", "--set", "side.rok.budget=4,8", "--policies", "balanced,free-rider", "--format", "csv", "--out", f); r.code != 0 {
		t.Fatal(r)
	}
	type summary struct {
		Alpha       float64         `json:"alpha"`
		Correction  string          `json:"correction"`
		Tests       int             `json:"tests"`
		Complete    bool            `json:"complete"`
		Arms        json.RawMessage `json:"arms"`
		Comparisons json.RawMessage `json:"comparisons"`
	}
	decode := func(args ...string) summary {
		t.Helper()
		r := run(t, args...)
		var s summary
		if err := json.Unmarshal([]byte(r.stdout), &s); r.code != 0 || err != nil {
			t.Fatalf("%v: %v (%v)", args, r, err)
		}
		return s
	}
	got, merged := decode("compare", "--format", "json", f), decode("merge", "--format", "json", f)
	if got.Alpha != 0.05 || got.Correction != "holm" || !got.Complete || got.Tests == 0 || got.Tests != merged.Tests {
		t.Errorf("compare json: alpha %v, correction %q, complete %v, %d tests (merge's: %d)", got.Alpha, got.Correction, got.Complete, got.Tests, merged.Tests)
	}
	if c, m := run(t, "compare", "--format", "json", f), run(t, "merge", "--format", "json", f); c.stdout != m.stdout {
		t.Errorf("compare json is not merge json of the same rows:\n%.400s\n--\n%.400s", c.stdout, m.stdout)
	}
	if !strings.Contains(run(t, "compare", "--format", "json", f).stdout, `"runs_per_arm": 20,`) {
		t.Errorf("compare json does not give the runs per arm its manifest says")
	}
	if !strings.Contains(string(got.Arms), `"side.rok.budget=8"`) {
		t.Errorf("the arms do not name their variants' values: %s", got.Arms)
	}
	if r := run(t, "compare", f); !strings.Contains(r.stdout, fmt.Sprintf("across %d tests", got.Tests)) {
		t.Errorf("the table is not across the json's %d tests:\n%s", got.Tests, r.stdout)
	}
	s := shardFiles(t, dir, "s", 3)
	if p := decode("compare", "--partial", "--format", "json", s[0], s[2]); p.Complete {
		t.Errorf("compare --partial of shards 0 and 2 of 3 says the input is complete")
	}
}

// TestMergeRefusesNoRows: row files holding no run (a header alone, or
// nothing), without manifests to say what was planned, are refused (exit
// 1, nothing written), as compare refuses them; merge wrote a header alone
// with exit 0, its json "complete": true with no arms.
func TestMergeRefusesNoRows(t *testing.T) {
	dir := t.TempDir()
	header, empty := filepath.Join(dir, "header.csv"), filepath.Join(dir, "empty.csv")
	os.WriteFile(header, []byte("run_id,scenario,scenario_sha256,variant,policy,replicate,seed,turns_played,verdict,success,hash,deterrence\n"), 0o644)
	os.WriteFile(empty, nil, 0o644)
	for _, f := range []string{header, empty} {
		for _, form := range []string{"csv", "json"} {
			out := filepath.Join(dir, "merged."+form)
			for _, args := range [][]string{{"merge", f, "--format", form}, {"merge", f, "--format", form, "--out", out}} {
				r := run(t, args...)
				if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, "no rows") {
					t.Errorf("%v: %v", args, r)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("merge of %s wrote %s", filepath.Base(f), out)
			}
		}
	}
}

// TestMergeManifestKeepsTheBatchArgs: the manifest merge --out writes
// names each file merged with its shard and the arguments of the batch
// that wrote it; its args are the merge's, so the batch's were lost.
func TestMergeManifestKeepsTheBatchArgs(t *testing.T) {
	dir := t.TempDir()
	s := shardFiles(t, dir, "s", 2)
	out := filepath.Join(dir, "all.csv")
	if r := run(t, "merge", s[0], s[1], "--out", out); r.code != exitOK {
		t.Fatal(r)
	}
	m, err := batch.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Args) == 0 || m.Args[0] != "merge" || len(m.MergedFrom) != 2 {
		t.Fatalf("manifest: args %q, merged from %+v", m.Args, m.MergedFrom)
	}
	for i, f := range m.MergedFrom {
		want := "--shard " + strconv.Itoa(i) + "/2"
		if f.File != s[i] || f.Shard != i || len(f.Args) == 0 || f.Args[0] != "batch" || !strings.Contains(strings.Join(f.Args, " "), want) {
			t.Errorf("merged_from[%d] = %+v, want %s, shard %d, the batch's args with %s", i, f, s[i], i, want)
		}
	}
}

// TestCompareSaysAManifestIsDamaged: compare went on without a manifest it
// could not read, without a word: the --set values and difficulty level in
// it were lost, and the rows of a batch at another level then read as
// "replicate 0 … appears more than once (is a file given twice …?)". It
// now says which manifest, and why, in a note or in that error.
func TestCompareSaysAManifestIsDamaged(t *testing.T) {
	dir := t.TempDir()
	normal, hard := filepath.Join(dir, "normal.csv"), filepath.Join(dir, "hard.csv")
	for f, extra := range map[string][]string{normal: {"--policies", "balanced,free-rider"}, hard: {"--policies", "balanced,free-rider", "--difficulty", "hard"}} {
		if r := run(t, append([]string{"batch", "tutorial", "--runs", "20", "--format", "csv", "--out", f}, extra...)...); r.code != 0 {
			t.Fatalf("batch %v: %v", extra, r)
		}
	}
	if err := os.WriteFile(batch.ManifestPath(hard), []byte("{broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "compare", hard)
	if r.code != 0 || !strings.Contains(r.stderr, "note: "+batch.ManifestPath(hard)+": not a batch manifest") || !strings.Contains(r.stderr, "compare goes on without it") {
		t.Errorf("compare of a file whose manifest is damaged: %v", r)
	}
	r = run(t, "compare", normal, hard)
	if r.code != 1 || !strings.Contains(r.stderr, "appears more than once") || !strings.Contains(r.stderr, batch.ManifestPath(hard)+": not a batch manifest") {
		t.Errorf("compare of two levels, one manifest damaged: %v", r)
	}
}

// Without manifests, merge says plainly what it cannot check: shards of
// batches of different master seeds hold different replicates, whose
// seeds cannot be compared (the warning said each replicate's seed was
// checked, and shards of --seed 1 and --seed 2 merged without a word).
func TestMergeWithoutManifestsSaysWhatItCannotCheck(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for _, tc := range []struct{ out, seed, shard string }{{a, "1", "0/2"}, {b, "2", "1/2"}} {
		if r := run(t, "batch", "tutorial", "--runs", "20", "--seed", tc.seed, "--shard", tc.shard, "--format", "csv", "--out", tc.out); r.code != exitOK {
			t.Fatal(r)
		}
		if err := os.Remove(tc.out + ".manifest.json"); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, "merge", a, b, "--format", "csv")
	if r.code != exitOK || !strings.Contains(r.stderr, "do not carry the master --seed") || !strings.Contains(r.stderr, "shards of --seed 1 and --seed 2 hold different replicates") {
		t.Errorf("merge of manifest-less shards of two seeds: %s", r)
	}
}

// Shards of one scenario file named by two paths (my.toml on one machine,
// ./my.toml or an absolute path on another) are shards of one batch: the
// file is the same by its id and bytes.
func TestMergeShardsOfOneFileByTwoPaths(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if r := run(t, "new", "my"); r.code != exitOK {
		t.Fatal(r)
	}
	for i, path := range []string{"my.toml", filepath.Join(dir, "my.toml")} {
		if r := run(t, "batch", path, "--runs", "20", "--shard", fmt.Sprintf("%d/2", i), "--format", "csv", "--out", fmt.Sprintf("rows-%d.csv", i)); r.code != exitOK {
			t.Fatal(r)
		}
	}
	if r := run(t, "batch", "./my.toml", "--runs", "20", "--format", "csv", "--out", "all.csv"); r.code != exitOK {
		t.Fatal(r)
	}
	all, err := os.ReadFile("all.csv")
	if err != nil {
		t.Fatal(err)
	}
	if r := run(t, "merge", "rows-0.csv", "rows-1.csv", "--format", "csv"); r.code != exitOK || r.stdout != string(all) {
		t.Errorf("merge of shards of my.toml and %s: exit %d, rows equal %v\n%s", filepath.Join(dir, "my.toml"), r.code, r.stdout == string(all), r.stderr)
	}
}

// compare refuses a row file cut at a row's end, as merge does: its
// manifest says how many runs it was written with (compare read 299 of an
// arm's 400 runs and said "complete": true).
func TestCompareRefusesACutFile(t *testing.T) {
	dir := t.TempDir()
	x := filepath.Join(dir, "x.csv")
	if r := run(t, "batch", "tutorial", "--runs", "30", "--policies", "balanced,free-rider", "--format", "csv", "--out", x); r.code != exitOK {
		t.Fatal(r)
	}
	if r := run(t, "compare", x, "--format", "json"); r.code != exitOK {
		t.Fatalf("compare of the whole file: %s", r)
	}
	// The table says what each arm came to before how the arms differ
	// (it gave the comparisons only).
	if r := run(t, "compare", x); r.code != exitOK || !strings.Contains(r.stdout, "Allied success by arm") || !strings.Contains(r.stdout, "runs 30   allied success") ||
		!strings.Contains(r.stdout, "verdicts: ") || !strings.Contains(r.stdout, "private objectives met (95% CI): South Korea") || strings.Index(r.stdout, "verdicts: ") > strings.Index(r.stdout, "Paired comparisons") {
		t.Errorf("compare's table: %s", r)
	}
	data, err := os.ReadFile(x)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if err := os.WriteFile(x, []byte(strings.Join(lines[:len(lines)-11], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := run(t, "compare", x, "--format", "json"); r.code != exitInvalid || !strings.Contains(r.stderr, "x.csv: 50 runs, but its manifest says 60 were written: the file was cut short or edited") {
		t.Errorf("compare of a file cut at a row's end: %s", r)
	}
}

// A --per-turn row file cut at a row's end inside a run is refused by
// merge (rows and summary) and compare: it read as whole, its last kept
// turn taken for the run's final values and its objectives (on the last
// row only) lost.
func TestPerTurnFileCutInARun(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for i := 0; i < 2; i++ {
		out := filepath.Join(dir, fmt.Sprintf("q%d.csv", i))
		if r := run(t, "batch", "gray-zone", "--runs", "8", "--seed", "9", "--policies", "balanced,free-rider", "--per-turn", "--shard", fmt.Sprintf("%d/2", i), "--format", "csv", "--out", out); r.code != exitOK {
			t.Fatal(r)
		}
		files = append(files, out)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if err := os.WriteFile(files[0], []byte(strings.Join(lines[:len(lines)-4], "")), 0o644); err != nil { // the last run's last 3 turns
		t.Fatal(err)
	}
	for _, args := range [][]string{{"merge", "--format", "csv"}, {"merge", "--format", "table"}, {"compare"}} {
		r := run(t, append(args, files...)...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "q0.csv: run ") || !strings.Contains(r.stderr, "'s rows stop at turn 9 of the 12 it played: the file was cut short or edited") {
			t.Errorf("%v of a per-turn file cut inside a run: %s", args, r)
		}
	}
}
