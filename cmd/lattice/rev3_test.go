package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestShardCountBounded: a shard count beyond the batch's runs is refused
// by batch, and by merge and compare when a manifest says it; lists of
// missing shards are cut. --shard 1/99999999999 ran, and merge then built
// a list of every missing shard until killed for memory.
func TestShardCountBounded(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "b.csv")
	r := run(t, "batch", "tutorial", "--runs", "2", "--shard", "1/99999999999", "--out", f)
	if r.code != 2 || !strings.Contains(r.stderr, "99999999999 shards for 2 runs") {
		t.Errorf("batch with more shards than runs: %v; want exit 2 naming the counts", r)
	}
	if _, err := os.Stat(f); err == nil {
		t.Errorf("batch refused but wrote %s", f)
	}
	if r := run(t, "batch", "tutorial", "--runs", "2", "--shard", "1/2", "--out", f); r.code != 0 {
		t.Fatalf("batch shard 1/2: %v", r)
	}
	man := f + ".manifest.json"
	data, err := os.ReadFile(man)
	if err != nil {
		t.Fatal(err)
	}
	tampered := strings.Replace(string(data), `"shards": 2,`, `"shards": 99999999,`, 1)
	if tampered == string(data) {
		t.Fatalf("manifest has no \"shards\": 2: %s", data)
	}
	if err := os.WriteFile(man, []byte(tampered), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"merge", "compare"} {
		r := run(t, cmd, f)
		if r.code != 1 || !strings.Contains(r.stderr, "shards 99999999 is more than total_runs 2") || len(r.stderr) > 1000 {
			t.Errorf("%s of a manifest of more shards than runs: exit %d, stderr %q; want exit 1 and a short error", cmd, r.code, r.stderr)
		}
	}

	// Counts that agree but are huge: the missing shards are counted, not
	// listed one by one; runs_per_arm beyond any batch's is refused.
	for _, tc := range []struct{ runs, want string }{
		{"100000000", "10/100000000 … and 99999989 more are missing"},
		{"100000000000", "runs_per_arm 100000000000 is not a number of runs"},
	} {
		huge := strings.NewReplacer(`"shards": 2,`, `"shards": `+tc.runs+`,`, `"runs_per_arm": 2,`, `"runs_per_arm": `+tc.runs+`,`, `"total_runs": 2,`, `"total_runs": `+tc.runs+`,`).Replace(string(data))
		if err := os.WriteFile(man, []byte(huge), 0o644); err != nil {
			t.Fatal(err)
		}
		if r := run(t, "merge", f); r.code != 1 || !strings.Contains(r.stderr, tc.want) || len(r.stderr) > 1000 {
			t.Errorf("merge of a manifest of %s shards and runs: exit %d, stderr %q; want exit 1 and %q", tc.runs, r.code, r.stderr, tc.want)
		}
	}

	g := filepath.Join(dir, "c.csv")
	if r := run(t, "batch", "tutorial", "--runs", "30", "--shard", "3/30", "--out", g); r.code != 0 {
		t.Fatalf("batch shard 3/30: %v", r)
	}
	for _, cmd := range []string{"merge", "compare"} {
		r := run(t, cmd, g)
		if r.code != 1 || !strings.Contains(r.stderr, "0/30, 1/30, 2/30, 4/30") || !strings.Contains(r.stderr, "… and 19 more") || strings.Contains(r.stderr, "29/30") {
			t.Errorf("%s of 1 shard of 30: exit %d, stderr %q; want the first 10 missing and '… and 19 more'", cmd, r.code, r.stderr)
		}
	}
}

// TestNumberFlagsDecimal: number flags are decimal, leading zeros allowed.
// The flag package read them as Go source does: --seed 010 played seed 8,
// --runs 0x10 played 16 runs, and --seed 09 was refused.
func TestNumberFlagsDecimal(t *testing.T) {
	ten := run(t, "run", "tutorial", "--seed", "10", "--format", "json")
	if ten.code != 0 {
		t.Fatal(ten)
	}
	for _, s := range []string{"010", "0010", "+10"} {
		if r := run(t, "run", "tutorial", "--seed", s, "--format", "json"); r.code != 0 || r.stdout != ten.stdout {
			t.Errorf("--seed %s: exit %d; want the game of --seed 10", s, r.code)
		}
	}
	if r := run(t, "run", "tutorial", "--seed", "09", "--format", "json"); r.code != 0 || !strings.Contains(r.stdout, `"seed": "9"`) {
		t.Errorf("--seed 09: %v; want seed 9", r)
	}
	for _, args := range [][]string{
		{"batch", "tutorial", "--runs", "0x10"},
		{"batch", "tutorial", "--runs", "1_0"},
		{"run", "tutorial", "--seed", "0o7"},
		{"batch", "tutorial", "--runs", "2", "--workers", "0b1"},
		{"run", "tutorial", "--seed", "1e3"},
	} {
		r := run(t, args...)
		want := fmt.Sprintf("%s %q: expected a whole number", args[len(args)-2], args[len(args)-1])
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("%s: %v; want exit 2 and %q", label(args), r, want)
		}
	}
}

// TestFlagWithADashCharacter: a flag pasted with an em or en dash ("—seed
// 5") was taken as a scenario, and the error said "5 is a number, not a
// scenario".
func TestFlagWithADashCharacter(t *testing.T) {
	for _, tc := range []struct{ arg, want string }{
		{"—seed", "'—seed' begins with a dash character (—), not '--': type two hyphens, as in --seed"},
		{"–seed=5", "'–seed=5' begins with a dash character (–), not '--': type two hyphens, as in --seed"},
		{"—bogus", "'—bogus' begins with a dash character (—), not '--': a flag begins with two hyphens (--)"},
	} {
		r := run(t, "run", "tutorial", tc.arg, "5")
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) || strings.Contains(r.stderr, "not a scenario") {
			t.Errorf("run tutorial %s 5: %v; want exit 2 and %q", tc.arg, r, tc.want)
		}
	}
}

// TestOutProtectsBatchFiles: report --out of batch rows replaced them and
// left their manifest; batch --out NAME.manifest.json wrote over a shard's
// manifest; report --out x.pdf and merge --out m.xml wrote without saying
// that the name gives no form, as batch says.
func TestOutProtectsBatchFiles(t *testing.T) {
	dir := t.TempDir()
	j := filepath.Join(dir, "g.jsonl")
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "run", "tutorial", "--journal", j); r.code != 0 {
		t.Fatal(r)
	}
	if r := run(t, "batch", "tutorial", "--runs", "3", "--out", rows); r.code != 0 {
		t.Fatal(r)
	}
	before, _ := os.ReadFile(rows)
	r := run(t, "report", j, "--out", rows)
	if after, _ := os.ReadFile(rows); r.code != 1 || !strings.Contains(r.stderr, "holds a batch's output") || string(after) != string(before) {
		t.Errorf("report --out of batch rows: %v; want exit 1, the rows kept", r)
	}
	man, _ := os.ReadFile(rows + ".manifest.json")
	for _, args := range [][]string{
		{"batch", "tutorial", "--runs", "2", "--out", rows + ".manifest.json"},
		{"merge", rows, "--out", filepath.Join(dir, "m.csv.MANIFEST.json")},
		{"report", j, "--out", rows + ".manifest.json"},
	} {
		r := run(t, args...)
		if after, _ := os.ReadFile(rows + ".manifest.json"); r.code != 1 || !strings.Contains(r.stderr, "is the name of a batch manifest") || string(after) != string(man) {
			t.Errorf("%s: %v; want exit 1 and the manifest kept", label(args), r)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report", j, "--out", filepath.Join(dir, "x.pdf")}, "x.pdf names no form (.md or .html): writing Markdown"},
		{[]string{"merge", rows, "--out", filepath.Join(dir, "m.xml")}, "m.xml names no form (.csv, .jsonl, .json or .txt): writing csv rows"},
	} {
		if r := run(t, tc.args...); r.code != 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: %v; want exit 0 and %q", label(tc.args), r, tc.want)
		}
	}
	for _, name := range []string{"r.md", "r.html"} {
		if r := run(t, "report", j, "--out", filepath.Join(dir, name)); r.code != 0 || r.stderr != "" {
			t.Errorf("report --out %s: %v; want no note", name, r)
		}
	}
}

// TestMergeRefusesEditedOutcomes: merge and compare took rows whose
// outcome no batch writes: turns_played -5 (counted as 0 turns), a verdict
// that is no end of the scenario, success true with a failing verdict (or
// the reverse), a hash of zz.
func TestMergeRefusesEditedOutcomes(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "r.csv")
	if r := run(t, "batch", "tutorial", "--runs", "4", "--policies", "balanced,free-rider", "--out", rows); r.code != 0 {
		t.Fatal(r)
	}
	data, err := os.ReadFile(rows)
	if err != nil {
		t.Fatal(err)
	}
	man, err := os.ReadFile(rows + ".manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	f := strings.Split(lines[2], ",")                   // run 1
	const played, verdict, success, hash = 8, 9, 10, 11 // the policy's quoted "rok=…,us=…" is two fields here
	if len(f) < 12 || f[hash] == "" || f[success] != "true" && f[success] != "false" {
		t.Fatalf("row %q: not the fields expected", lines[2])
	}
	flip := map[string]string{"true": "false", "false": "true"}
	for _, tc := range []struct {
		field int
		value string
		want  string
	}{
		{played, "-5", "e.csv:3: turns_played -5 is not a number of turns"},
		{verdict, "nope", `run 1 has verdict "nope", which is not an end of scenario tutorial`},
		{success, flip[f[success]], "run 1 has success " + flip[f[success]] + ", but its verdict " + f[verdict] + " is a"},
		{hash, "zz", `run 1 has hash "zz", not a game's hash`},
	} {
		g := slices.Clone(f)
		g[tc.field] = tc.value
		edited := strings.Join(lines[:2], "") + strings.Join(g, ",") + strings.Join(lines[3:], "")
		name := filepath.Join(dir, "e.csv")
		if err := os.WriteFile(name, []byte(edited), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name+".manifest.json", man, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range []string{"merge", "compare"} {
			if r := run(t, cmd, name); r.code != 1 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("%s of a row with %d=%s: %v; want exit 1 and %q", cmd, tc.field, tc.value, r, tc.want)
			}
		}
	}
	for _, cmd := range []string{"merge", "compare"} {
		if r := run(t, cmd, rows); r.code != 0 {
			t.Errorf("%s of the rows as written: %v", cmd, r)
		}
	}
}

// TestNewNamesWhatIsMissing: lattice new q/../../y, q missing, said
// "rename ../.y.toml.tmp-4028868398 q/../../y.toml: no such file or
// directory", naming a temporary file; --force over a link to a file in a
// missing directory said only "no such file or directory".
func TestNewNamesWhatIsMissing(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows reads q/../../y by name, as y, whether q exists or not; its links need privileges")
	}
	dir := t.TempDir()
	sub := filepath.Join(dir, "a")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	p := sub + "/q/../../y" // not Join, which cleans it
	r := run(t, "new", p)
	if want := "directory " + filepath.Join(sub, "q") + "/../.. does not exist"; r.code != 1 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, ".tmp-") {
		t.Errorf("new %s: %v; want exit 1 and %q", p, r, want)
	}
	link := filepath.Join(dir, "dang.toml")
	if err := os.Symlink(filepath.Join(dir, "none", "zz.toml"), link); err != nil {
		t.Skip(err)
	}
	r = run(t, "new", link, "--force")
	if want := "it is a link to " + filepath.Join(dir, "none", "zz.toml") + ", whose directory does not exist"; r.code != 1 || !strings.Contains(r.stderr, want) {
		t.Errorf("new %s --force: %v; want exit 1 and %q", link, r, want)
	}
}

// TestValidateSeedNeedsPlay: validate --seed 5 X, without --play, was
// accepted and did nothing.
func TestValidateSeedNeedsPlay(t *testing.T) {
	if r := run(t, "validate", "--seed", "5", "tutorial"); r.code != 2 || !strings.Contains(r.stderr, "--seed seeds the games --play N plays") {
		t.Errorf("validate --seed 5 tutorial: %v; want exit 2", r)
	}
	// Two games leave content unplayed (exit 1); the flags are taken.
	if r := run(t, "validate", "--seed", "5", "--play", "2", "tutorial"); r.code == 2 || !strings.Contains(r.stdout, "played 2 games") {
		t.Errorf("validate --seed 5 --play 2 tutorial: %v", r)
	}
}
