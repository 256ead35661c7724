package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"lattice/sim/batch"
)

// editManifest rewrites the manifest beside rows as edit leaves it.
func editManifest(t *testing.T, rows string, edit func(m *batch.Manifest)) {
	t.Helper()
	m := readManifest(t, rows)
	edit(m)
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(batch.ManifestPath(rows), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestMergeChecksTheBuildsPlayAlike: each shard's manifest has the
// fingerprint of the canary games every shard plays, and merge (and
// compare) refuse shards whose fingerprints differ: made by builds that
// play differently, which a build's stamp does not show (two patched
// copies of a checkout are both "(devel)", or one revision "modified").
// Shards of one fingerprint from other systems or architectures merge
// without a word; different executables for one system whose source is
// not named are warned of; a manifest without a fingerprint (an older
// lattice's) is warned of, and its build must then be the others'.
func TestMergeChecksTheBuildsPlayAlike(t *testing.T) {
	dir := t.TempDir()
	files := shardFiles(t, dir, "s", 3)
	fp := readManifest(t, files[0]).Fingerprint
	if fp == nil || fp.Games != 6 || fp.Scheme != batch.FingerprintScheme {
		t.Fatalf("a shard's manifest has fingerprint %+v, want 6 canary games", fp)
	}
	whole := filepath.Join(dir, "whole.csv")
	if r := run(t, "batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--out", whole); r.code != exitOK {
		t.Fatal(r)
	}
	if got := readManifest(t, whole).Fingerprint; got == nil || *got != *fp {
		t.Errorf("the unsharded batch's fingerprint %+v, its shards' %+v", got, fp)
	}
	merge := func(what string, code int, wantErr string, files ...string) {
		t.Helper()
		r := run(t, append([]string{"merge"}, files...)...)
		if r.code != code || (wantErr == "") != (r.stderr == "") || !strings.Contains(r.stderr, wantErr) {
			t.Errorf("%s: %v; want exit %d and %q", what, r, code, wantErr)
		}
	}
	merge("shards of one build", exitOK, "", files...)
	merged := filepath.Join(dir, "all.csv")
	if r := run(t, "merge", files[0], files[1], files[2], "--out", merged); r.code != exitOK || readManifest(t, merged).Fingerprint == nil || *readManifest(t, merged).Fingerprint != *fp {
		t.Errorf("merge --out: %v; the merged manifest keeps the shards' fingerprint", r)
	}

	// Another architecture, the same play: no word.
	other := "arm64"
	if runtime.GOARCH == other {
		other = "amd64"
	}
	editManifest(t, files[1], func(m *batch.Manifest) {
		m.Build.GOARCH, m.Build.Executable = other, strings.Repeat("a", 64)
	})
	merge("a shard played on "+other, exitOK, "", files...)
	// Another executable for the same system and architecture, built
	// from source without version control information (as GOFLAGS=
	// -buildvcs=false builds it): warned of.
	for i, exe := range []string{"c", "b", "c"} {
		editManifest(t, files[i], func(m *batch.Manifest) {
			m.Build = &batch.ManifestBuild{Module: "(devel)", GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Executable: strings.Repeat(exe, 64)}
		})
	}
	merge("another executable of unnamed source", exitOK, "warning: "+files[0]+" and "+files[1]+" were played by different executables for "+runtime.GOOS+"/"+runtime.GOARCH, files...)
	// Another fingerprint: refused, by merge and by compare.
	editManifest(t, files[1], func(m *batch.Manifest) { m.Fingerprint.SHA256 = strings.Repeat("0", 64) })
	want := files[0] + " and " + files[1] + " were made by builds that play differently"
	merge("another fingerprint", exitInvalid, want, files...)
	if r := run(t, "compare", files[0], files[1], files[2]); r.code != exitInvalid || !strings.Contains(r.stderr, want) {
		t.Errorf("compare of shards of another fingerprint: %v; want exit 1 and %q", r, want)
	}
	// A manifest of an older lattice, without a fingerprint: warned of.
	// (Builds stamped differently are refused, fingerprints or not.)
	editManifest(t, files[1], func(m *batch.Manifest) { m.Fingerprint = nil })
	merge("a shard of an older lattice", exitOK, files[1]+" has no behavioural fingerprint", files...)
	if r := run(t, "merge", files[0], files[1], files[2], "--out", merged); r.code != exitOK || readManifest(t, merged).Fingerprint != nil {
		t.Errorf("merge --out with a shard without a fingerprint: %v; the merged manifest vouches for no fingerprint", r)
	}
	editManifest(t, files[1], func(m *batch.Manifest) { m.Build = &batch.ManifestBuild{Module: "v1.2.3"} })
	merge("a shard of another build", exitInvalid, "differ in the build of lattice that played them", files...)
}

// TestMergeRefusesShardsOfAPatchedBuild plays the analyst's case (of
// gray-zone, here of tutorial): shard 1 of a batch made by a build whose
// balanced policy weighs intelligence 0.9 (sim/policy.go patched, stamped
// as every build with -buildvcs=false is: "(devel)"), shards 0 and 2 by
// this one. Merge said exit 0; it refuses them, naming the files.
func TestMergeRefusesShardsOfAPatchedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a patched binary; skipped in -short mode")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go tool in PATH")
	}
	src, err := os.ReadFile("../../sim/policy.go")
	if err != nil {
		t.Fatal(err)
	}
	// The balanced weights' line, its intelligence weight patched.
	var patched []byte
	done := false
	for _, line := range bytes.SplitAfter(src, []byte("\n")) {
		if !done && bytes.Contains(line, []byte(`"balanced":`)) && bytes.Contains(line, []byte("Intel: 0.5,")) {
			line, done = bytes.Replace(line, []byte("Intel: 0.5,"), []byte("Intel: 0.9,"), 1), true
		}
		patched = append(patched, line...)
	}
	if !done {
		t.Skip("sim/policy.go has no balanced weights line with Intel: 0.5 to patch")
	}
	dir := t.TempDir()
	policy, _ := filepath.Abs("../../sim/policy.go")
	overlay := filepath.Join(dir, "overlay.json")
	writeFile(t, dir, "policy.go", string(patched))
	ov, _ := json.Marshal(map[string]map[string]string{"Replace": {policy: filepath.Join(dir, "policy.go")}})
	writeFile(t, dir, "overlay.json", string(ov))
	bin := filepath.Join(dir, "lattice-patched")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command(goTool, "build", "-buildvcs=false", "-overlay", overlay, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	files := shardFiles(t, dir, "s", 3)
	cmd := exec.Command(bin, "batch", "tutorial", "--format", "csv", "--shard", "1/3", "--out", files[1], "--runs", "10", "--policies", "balanced,free-rider")
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 0 {
			t.Fatalf("the patched build's shard: %v\n%s", err, out)
		}
	}
	r := run(t, "merge", files[0], files[1], files[2])
	want := files[0] + " and " + files[1] + " were made by builds that play differently"
	if r.code != exitInvalid || r.stdout != "" || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "rebuild every shard from the same source") {
		t.Errorf("merge of a patched build's shard: %v; want exit 1 and %q", r, want)
	}
}
