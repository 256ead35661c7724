package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lattice/sim/batch"
)

// TestMergeRefusesRowsOfAnotherBatch: shards are merged only when they can
// be shown to come from one batch. Each case below merged with exit 0
// before (an analyst's review): a shard of another master seed, variant or
// scenario file, its manifest left behind or damaged, a file cut at a row
// boundary, and --out naming one of the inputs.
func TestMergeRefusesRowsOfAnotherBatch(t *testing.T) {
	dir := t.TempDir()
	shards := func(name string, extra ...string) []string {
		var out []string
		for i := 0; i < 3; i++ {
			f := filepath.Join(dir, name+"-"+string(rune('0'+i))+".csv")
			args := append([]string{"batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--format", "csv", "--shard", string(rune('0'+i)) + "/3", "--out", f}, extra...)
			if r := run(t, args...); r.code != 0 {
				t.Fatalf("%s shard %d: %v", name, i, r)
			}
			out = append(out, f)
		}
		return out
	}
	good := shards("good")
	if r := run(t, "merge", good[0], good[1], good[2]); r.code != 0 {
		t.Fatalf("merge of one batch's shards: %v", r)
	}
	bare := func(files ...string) []string { // the rows alone, manifests left behind
		var out []string
		for _, f := range files {
			b := filepath.Join(dir, "bare-"+filepath.Base(f))
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(b, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out = append(out, b)
		}
		return out
	}
	refused := func(what, want string, files ...string) {
		t.Helper()
		r := run(t, append([]string{"merge"}, files...)...)
		if r.code != 1 || !strings.Contains(r.stderr, want) || r.stdout != "" {
			t.Errorf("%s: exit %d, stdout %d bytes, stderr %q; want exit 1, nothing on stdout, and %q", what, r.code, len(r.stdout), r.stderr, want)
		}
	}

	// Without manifests the files must agree on each replicate's seed.
	other := shards("seed2", "--seed", "2")
	b := bare(good[0], other[1], good[2])
	refused("a shard of another master seed, no manifests", "are not paired on common dice", b...)
	// ... and on each scenario's file.
	edited := filepath.Join(dir, "tutorial.toml")
	data, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "tutorial.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(edited, append(data, []byte("\n# edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	var ed []string
	for i := 0; i < 3; i++ {
		f := filepath.Join(dir, "edited-"+string(rune('0'+i))+".csv")
		if r := run(t, "batch", edited, "--runs", "10", "--policies", "balanced,free-rider", "--format", "csv", "--shard", string(rune('0'+i))+"/3", "--out", f); r.code != 0 {
			t.Fatalf("edited shard: %v", r)
		}
		ed = append(ed, f)
	}
	b = bare(good[0], ed[1], good[2])
	refused("a shard of an edited scenario file, no manifests", "the scenario file was changed", b...)

	// A manifest left behind, or damaged, among files with theirs.
	refused("a manifest left behind", "has no manifest beside it", good[0], bare(good[1])[0], good[2])
	broken := filepath.Join(dir, "broken.csv")
	if err := os.WriteFile(broken, mustRead(t, good[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(batch.ManifestPath(broken), []byte(`{"lattice_version": `), 0o644); err != nil {
		t.Fatal(err)
	}
	refused("a damaged manifest", "copy it again from where the shard ran", good[0], broken, good[2])

	// A row that is not the run the manifest says: a shard of another
	// master seed with the right batch's manifest beside it.
	swapped := filepath.Join(dir, "swapped.csv")
	if err := os.WriteFile(swapped, mustRead(t, other[1]), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(batch.ManifestPath(swapped), mustRead(t, batch.ManifestPath(good[1])), 0o644); err != nil {
		t.Fatal(err)
	}
	refused("rows of another seed under this batch's manifest", "not a row of this batch", good[0], swapped, good[2])

	// A file cut at a row boundary: every row parses, one run is gone.
	cut := filepath.Join(dir, "cut.csv")
	rows := mustRead(t, good[1])
	trimmed := rows[:strings.LastIndexByte(strings.TrimSuffix(string(rows), "\n"), '\n')+1]
	if err := os.WriteFile(cut, trimmed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(batch.ManifestPath(cut), mustRead(t, batch.ManifestPath(good[1])), 0o644); err != nil {
		t.Fatal(err)
	}
	refused("a shard cut at a row boundary", "the file was cut short or edited", good[0], cut, good[2])

	// --out naming an input would replace a shard with the merged rows.
	r := run(t, "merge", good[0], good[1], good[2], "--out", good[0])
	if r.code != 1 || !strings.Contains(r.stderr, "is one of the files merged") {
		t.Errorf("merge --out an input: %v", r)
	}
	if got := mustRead(t, good[0]); string(got) == "" {
		t.Error("merge --out an input emptied it")
	}
	// So would --out naming an input's manifest: it was replaced by the
	// merged rows, exit 0, and the shard could not be merged again.
	man := batch.ManifestPath(good[1])
	before := mustRead(t, man)
	r = run(t, "merge", good[0], good[1], good[2], "--out", man)
	if want := "--out " + man + " is the manifest of " + good[1] + ", one of the files merged"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("merge --out an input's manifest: %v, want exit 1 and %q", r, want)
	}
	if got := mustRead(t, man); string(got) != string(before) {
		t.Error("merge --out an input's manifest replaced it")
	}
}

func mustRead(t *testing.T, f string) []byte {
	t.Helper()
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestCompareKeepsBatchesApart: two batches each number their --set
// variants from v1, so compare gave one file's v1 (budget 4) and another's
// (budget 8) one name and no legend, and a difference made by the budget
// read as one made by the policy. Each file's v1 now keeps its own name and
// overrides; files played at different difficulties have the level in
// their variants' names, and files from different scenario files get a
// note.
func TestCompareKeepsBatchesApart(t *testing.T) {
	dir := t.TempDir()
	x, y, z := filepath.Join(dir, "x.csv"), filepath.Join(dir, "y.csv"), filepath.Join(dir, "z.csv")
	for _, c := range [][]string{
		{"--set", "side.rok.budget=4", "--out", x},
		{"--set", "side.rok.budget=8", "--policies", "free-rider", "--out", y},
		{"--set", "side.rok.budget=4", "--policies", "free-rider", "--difficulty", "hard", "--out", z},
	} {
		if r := run(t, append([]string{"batch", "tutorial", "--runs", "30", "--format", "csv"}, c...)...); r.code != 0 {
			t.Fatalf("batch %v: %v", c, r)
		}
	}
	r := run(t, "compare", x, y)
	if r.code != 0 {
		t.Fatalf("compare: %v", r)
	}
	out := strings.Join(strings.Fields(r.stdout), " ")
	for _, want := range []string{"v1@y.csv free-rider vs v1@x.csv balanced", "v1@x.csv: --set side.rok.budget=4", "v1@y.csv: --set side.rok.budget=8"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare x y: %q missing from\n%s", want, r.stdout)
		}
	}
	if r.stderr != "" {
		t.Errorf("compare x y: stderr %q", r.stderr)
	}
	r = run(t, "compare", x, z)
	out = strings.Join(strings.Fields(r.stdout), " ")
	if r.code != 0 || !strings.Contains(out, "v1@hard free-rider vs v1@none balanced") || !strings.Contains(out, "v1@hard: --set side.rok.budget=4 --difficulty hard") {
		t.Errorf("compare x z (normal and hard): %v", r)
	}
}

// TestMergeNamesWhatFails: an --out under a file is named as FILE, not as
// its manifest; a missing input is the only message, without the warning
// that no manifests were found.
func TestMergeNamesWhatFails(t *testing.T) {
	dir := t.TempDir()
	var shards []string
	for i := range 2 {
		p := filepath.Join(dir, fmt.Sprintf("s%d.csv", i))
		if r := run(t, "batch", "tutorial", "--runs", "4", "--shard", fmt.Sprintf("%d/2", i), "--format", "csv", "--out", p); r.code != exitOK {
			t.Fatal(r)
		}
		shards = append(shards, p)
	}
	blocker := filepath.Join(dir, "afile")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(blocker, "m.csv")
	r := run(t, append([]string{"merge", "--out", out}, shards...)...)
	if r.code != exitInvalid || !strings.Contains(r.stderr, "cannot write "+out+": ") || strings.Contains(r.stderr, "manifest") {
		t.Errorf("merge --out under a file: %s", r)
	}
	r = run(t, "merge", filepath.Join(dir, "nosuch.csv"))
	if r.code != exitInvalid || !strings.Contains(r.stderr, "nosuch.csv") || strings.Contains(r.stderr, "no manifests") {
		t.Errorf("merge of a missing file: %s", r)
	}
}

// TestMergeRefusesArmsOfUnequalRuns: without manifests, rows cut at a row's
// end in the batch's last arm merged with exit 0 (the first 1000 lines of
// a batch of 600 runs an arm: arms of 600 and 399 runs; three shards, the
// last line of one dropped: 1199 rows). Every arm of a batch plays --runs
// runs, so arms of unequal runs are refused, naming the arm and the counts,
// and nothing is written.
func TestMergeRefusesArmsOfUnequalRuns(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.csv")
	if r := run(t, "batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--format", "csv", "--out", full); r.code != 0 {
		t.Fatal(r)
	}
	lines := strings.SplitAfter(string(mustRead(t, full)), "\n")
	cut := filepath.Join(dir, "cut.csv") // no manifest beside it
	if err := os.WriteFile(cut, []byte(strings.Join(lines[:1+14], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "merged.csv")
	r := run(t, "merge", cut, "--out", out)
	want := "arm tutorial rok=free-rider,us=free-rider has 4 runs, but the other arm has 10: every arm of a batch plays its --runs runs, so the rows of 6 runs of it are missing"
	if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "find the missing rows, or keep each shard's manifest beside its file") {
		t.Errorf("merge of a file cut in its last arm: %v; want exit 1 and %q", r, want)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("merge refused, but wrote %s", out)
	}

	// Shards without their manifests, the last line of the one with the
	// batch's last run dropped.
	var shards []string
	for i := range 3 {
		f := filepath.Join(dir, fmt.Sprintf("s%d.csv", i))
		if r := run(t, "batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--format", "csv", "--shard", fmt.Sprintf("%d/3", i), "--out", f); r.code != 0 {
			t.Fatal(r)
		}
		if err := os.Remove(batch.ManifestPath(f)); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, f)
	}
	if r := run(t, append([]string{"merge"}, shards...)...); r.code != 0 {
		t.Fatalf("merge of whole shards without manifests: %v", r)
	}
	last := filepath.Join(dir, fmt.Sprintf("s%d.csv", 19%3)) // run 19 is the batch's last
	rows := strings.TrimSuffix(string(mustRead(t, last)), "\n")
	if err := os.WriteFile(last, []byte(rows[:strings.LastIndexByte(rows, '\n')+1]), 0o644); err != nil {
		t.Fatal(err)
	}
	r = run(t, append([]string{"merge"}, shards...)...)
	if want := "arm tutorial rok=free-rider,us=free-rider has 9 runs, but the other arm has 10"; r.code != 1 || !strings.Contains(r.stderr, want) || r.stdout != "" {
		t.Errorf("merge of shards, one cut at a row's end: %v; want exit 1 and %q", r, want)
	}
}
