package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"lattice/sim/batch"
)

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func readManifest(t *testing.T, rows string) *batch.Manifest {
	t.Helper()
	m, err := batch.ReadManifest(rows)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestManifestProvenance: a manifest said which lattice version wrote its
// file but not which build, nor which bytes it describes. It now names the
// build and the SHA-256 of the file written (by batch --out, each shard's,
// and merge --out's of the merged rows).
func TestManifestProvenance(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "6", "--policies", "balanced,free-rider", "--format", "csv", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	m := readManifest(t, rows)
	if m.FileSHA256 != fileSHA(t, rows) {
		t.Errorf("manifest file_sha256 %q, the file's is %q", m.FileSHA256, fileSHA(t, rows))
	}
	if m.Build == nil || m.Build.Revision == "" && m.Build.Module == "" {
		t.Errorf("manifest names no build: %+v", m.Build)
	}
	var shards []string
	for i := range 2 {
		f := filepath.Join(dir, "s"+string(rune('0'+i))+".jsonl")
		if r := run(t, "batch", "tutorial", "--runs", "6", "--policies", "balanced,free-rider", "--shard", string(rune('0'+i))+"/2", "--format", "jsonl", "--out", f); r.code != exitOK {
			t.Fatal(r)
		}
		if got := readManifest(t, f).FileSHA256; got != fileSHA(t, f) {
			t.Errorf("shard %d: manifest file_sha256 %q, the file's is %q", i, got, fileSHA(t, f))
		}
		shards = append(shards, f)
	}
	merged := filepath.Join(dir, "all.csv")
	if r := run(t, append(append([]string{"merge"}, shards...), "--format", "csv", "--out", merged)...); r.code != exitOK {
		t.Fatal(r)
	}
	if got := readManifest(t, merged).FileSHA256; got != fileSHA(t, merged) || got != m.FileSHA256 {
		t.Errorf("merged manifest file_sha256 %q; the merged file's is %q, the unsharded batch's %q", got, fileSHA(t, merged), m.FileSHA256)
	}
}

// TestBuildFrom: the build is the version control revision and whether
// the tree was modified where the build recorded them, else the module
// version.
func TestBuildFrom(t *testing.T) {
	bi := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}}}
	b := buildFrom(bi)
	if b.Revision != "abc123" || b.Modified == nil || !*b.Modified || b.Module != "" {
		t.Errorf("with vcs settings: %+v", b)
	}
	j, _ := json.Marshal(b)
	if string(j) != `{"vcs_revision":"abc123","vcs_modified":true}` {
		t.Errorf("json %s", j)
	}
	b = buildFrom(&debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}})
	if b.Revision != "" || b.Modified != nil || b.Module != "v1.2.3" {
		t.Errorf("without vcs settings: %+v", b)
	}
}

// TestChangedRowsRefused: rows edited after their batch wrote them (a
// value changed, which no row check can see) merged and compared as the
// batch's. Their SHA-256 no longer matches their manifest's: merge
// refuses them, and so does compare unless --partial, which compares them
// saying so on stderr, above the table and in the json.
func TestChangedRowsRefused(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "20", "--policies", "balanced,free-rider", "--format", "csv", "--out", rows); r.code != exitOK {
		t.Fatal(r)
	}
	data, err := os.ReadFile(rows)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"merge", rows}, {"compare", rows}} {
		if r := run(t, args...); r.code != exitOK {
			t.Fatalf("unchanged rows: %s: %s", strings.Join(args, " "), r)
		}
	}
	// One metric value of the last row, a digit changed.
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	last := lines[len(lines)-1]
	loc := regexp.MustCompile(`,[0-9]+\.[0-9]*[0-9],`).FindStringIndex(last)
	if loc == nil {
		t.Fatalf("no decimal value in %q", last)
	}
	d := loc[1] - 2
	digit := byte('1')
	if last[d] == '1' {
		digit = '2'
	}
	lines[len(lines)-1] = last[:d] + string(digit) + last[d+1:]
	if err := os.WriteFile(rows, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want := "rows.csv has changed since the batch wrote it"
	r := run(t, "merge", rows)
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, want) {
		t.Errorf("merge of changed rows: %s; want exit 1, no output and %q", r, want)
	}
	out := filepath.Join(dir, "m.csv")
	if r := run(t, "merge", rows, "--out", out); r.code != exitInvalid || fileExists(out) {
		t.Errorf("merge --out of changed rows: %s (%s written: %v)", r, out, fileExists(out))
	}
	r = run(t, "compare", rows)
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "--partial") {
		t.Errorf("compare of changed rows: %s; want exit 1, no output and %q", r, want)
	}
	r = run(t, "compare", rows, "--partial")
	if r.code != exitOK || !strings.Contains(r.stderr, "warning: "+rows+" has changed") || !strings.Contains(r.stdout, "Partial input (--partial): "+rows+" has changed") {
		t.Errorf("compare --partial of changed rows: %s", r)
	}
	r = run(t, "compare", rows, "--partial", "--format", "json")
	var got struct {
		Complete    bool `json:"complete"`
		Comparisons []struct {
			Warnings []string `json:"warnings"`
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); r.code != exitOK || err != nil || got.Complete || len(got.Comparisons) == 0 ||
		!strings.Contains(strings.Join(got.Comparisons[0].Warnings, "\n"), want) {
		t.Errorf("compare --partial --format json of changed rows: %v %s", err, r)
	}
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }
