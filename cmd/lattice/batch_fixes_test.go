package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"lattice/sim/batch"
)

// shardFiles runs a tutorial batch in n shards and returns their files.
func shardFiles(t *testing.T, dir, name string, n int, extra ...string) []string {
	t.Helper()
	var out []string
	for i := 0; i < n; i++ {
		f := filepath.Join(dir, name+"-"+string(rune('0'+i))+".csv")
		args := append([]string{"batch", "tutorial", "--format", "csv",
			"--shard", string(rune('0'+i)) + "/" + string(rune('0'+n)), "--out", f}, extra...)
		if !slices.Contains(extra, "--runs") { // a flag is given once
			args = append(args, "--runs", "10")
		}
		if !strings.Contains(strings.Join(extra, " "), "--policies") {
			args = append(args, "--policies", "balanced,free-rider")
		}
		if r := run(t, args...); r.code != 0 {
			t.Fatalf("shard %d: %v", i, r)
		}
		out = append(out, f)
	}
	return out
}

// TestComparePartialInput: compare refuses what merge refuses for the same
// reason — some shards of a batch, a file whose manifest says it was
// interrupted — unless --partial, and then says so on stderr and in the
// output. It compared them silently.
func TestComparePartialInput(t *testing.T) {
	dir := t.TempDir()
	s := shardFiles(t, dir, "s", 3)
	for _, files := range [][]string{{s[0]}, {s[0], s[2]}} {
		r := run(t, append([]string{"compare"}, files...)...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "1/3") || !strings.Contains(r.stderr, "missing") || !strings.Contains(r.stderr, "--partial") || r.stdout != "" {
			t.Errorf("compare %v: %v; want exit 1 naming shard 1/3 and --partial", files, r)
		}
	}
	if r := run(t, "compare", s[0], s[1], s[2]); r.code != 0 || r.stderr != "" {
		t.Errorf("compare of every shard: %v", r)
	}
	r := run(t, "compare", "--partial", s[0], s[2])
	if r.code != 0 || !strings.Contains(r.stderr, "warning: "+s[0]) || !strings.Contains(r.stdout, "Partial input") {
		t.Errorf("compare --partial of shards 0 and 2: %v; want a warning naming the file and a line in the output", r)
	}
	r = run(t, "compare", "--partial", "--format", "json", s[0], s[2])
	if r.code != 0 || !strings.Contains(r.stdout, `"warnings"`) {
		t.Errorf("compare --partial --format json: %v; want warnings in the json", r)
	}

	// A manifest saying the batch was interrupted.
	whole := filepath.Join(dir, "whole.csv")
	if r := run(t, "batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--format", "csv", "--out", whole); r.code != 0 {
		t.Fatal(r)
	}
	var m map[string]any
	data, _ := os.ReadFile(whole + ".manifest.json")
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	m["complete"] = false
	data, _ = json.Marshal(m)
	os.WriteFile(whole+".manifest.json", data, 0o644)
	if r := run(t, "compare", whole); r.code != exitInvalid || !strings.Contains(r.stderr, "interrupted") || !strings.Contains(r.stderr, whole) {
		t.Errorf("compare of an interrupted batch: %v; want exit 1 saying it was interrupted", r)
	}
	if r := run(t, "compare", "--partial", whole); r.code != 0 || !strings.Contains(r.stdout, "interrupted") {
		t.Errorf("compare --partial of an interrupted batch: %v", r)
	}
}

// TestCompareSaysWhenArmsHaveNoPairs: a comparison of two arms with no
// replicate in common was dropped without a word.
func TestCompareSaysWhenArmsHaveNoPairs(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "4", "--policies", "balanced,free-rider,deterrence-first", "--format", "csv", "--out", f); r.code != 0 {
		t.Fatal(r)
	}
	data, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	// Keep replicates 0 and 1 of the first arm, all of the second, 2 and 3
	// of the third: the third has no replicate in common with the first.
	cut := lines[0] + lines[1] + lines[2] + strings.Join(lines[5:9], "") + lines[11] + lines[12]
	bare := filepath.Join(dir, "bare.csv")
	os.WriteFile(bare, []byte(cut), 0o644)
	r := run(t, "compare", bare)
	if r.code != 0 || !strings.Contains(r.stderr, "0 pairs") || !strings.Contains(r.stdout, "not compared") || !strings.Contains(r.stdout, "(2 pairs)") {
		t.Errorf("compare with an arm of no pairs: %v; want it named on stderr and in the output", r)
	}
	r = run(t, "compare", bare, "--format", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"pairs": 0`) || !strings.Contains(r.stdout, `"test": "none"`) || !strings.Contains(r.stdout, "not compared") {
		t.Errorf("compare --format json with an arm of no pairs: %v", r)
	}
}

// TestInterruptedBatchSaysSo: a summary of an interrupted batch said
// "runs 3000" for an arm that completed 63, and nothing else.
func TestInterruptedBatchSaysSo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCtx(t, ctx, "batch", "tutorial", "--runs", "50", "--policies", "balanced,free-rider", "--format", "table")
	if r.code != exitInterrupted || !strings.Contains(r.stdout, "INTERRUPTED: 0 of 100 runs") || !strings.Contains(r.stdout, "interrupted: 0 of 50 runs") {
		t.Errorf("interrupted batch, table: %v", r)
	}
	r = runCtx(t, ctx, "batch", "tutorial", "--runs", "50", "--policies", "balanced,free-rider", "--format", "json")
	var out struct {
		Complete *bool `json:"complete"`
		Arms     []struct {
			Runs        int `json:"runs"`
			RunsPlanned int `json:"runs_planned"`
		} `json:"arms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || out.Complete == nil || *out.Complete || len(out.Arms) != 2 || out.Arms[1].RunsPlanned != 50 {
		t.Errorf("interrupted batch, json: %v (%v); want complete false and each arm's runs", r, err)
	}
	// Part of an arm: the summary, fed 63 of 3000 runs, says so.
	r = run(t, "batch", "tutorial", "--runs", "5", "--format", "json")
	if !strings.Contains(r.stdout, `"complete": true`) || strings.Contains(r.stdout, "runs_planned") {
		t.Errorf("whole batch, json: %v", r)
	}
}

// TestSetRepeatsRefused: a --set key given twice mislabelled the variants
// (the last value won), a value listed twice made two identical variants,
// and a comma could not be escaped.
func TestSetRepeatsRefused(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--set", "side.rok.budget=4,8", "--set", "side.rok.budget=6"}, "given twice"},
		{[]string{"--set", "side.rok.budget=6,6"}, `lists "6" twice`},
		{[]string{"--set", "side.rok.budget=6,\"6\""}, `lists "6" twice`},
	} {
		r := run(t, append([]string{"batch", "tutorial", "--runs", "2", "--format", "csv"}, tc.args...)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: %v; want a usage error saying %q", tc.args, r, tc.want)
		}
	}
	for in, want := range map[string][]string{
		`k=a\,b,c`:     {`k=a,b`, `k=c`},
		`k="a,b",c`:    {`k=a,b`, `k=c`},
		`k=a\\,b`:      {`k=a\`, `k=b`},
		`k=x\"y,C:\d`:  {`k=x"y`, `k=C:\d`},
		`k= 1 , 2 ,3 `: {`k=1`, `k=2`, `k=3`},
	} {
		vs, err := variants([]string{in})
		var got []string
		for _, v := range vs {
			got = append(got, strings.Join(v, " "))
		}
		if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("variants(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

// TestMergeWithoutManifestsChecksArms: shards of batches with different
// --policies lists merged with exit 0 when their manifests were left
// behind; the arm of each run range is in the rows and is now checked.
// Difficulty and --set values are not in the rows: merge warns.
func TestMergeWithoutManifestsChecksArms(t *testing.T) {
	dir := t.TempDir()
	a := shardFiles(t, dir, "a", 3)
	b := shardFiles(t, dir, "b", 3, "--policies", "balanced,deterrence-first")
	h := shardFiles(t, dir, "h", 3, "--difficulty", "hard")
	bare := func(files ...string) []string {
		var out []string
		for _, f := range files {
			x := filepath.Join(dir, "bare-"+filepath.Base(f))
			data, _ := os.ReadFile(f)
			os.WriteFile(x, data, 0o644)
			out = append(out, x)
		}
		return out
	}
	if r := run(t, append([]string{"merge"}, bare(a...)...)...); r.code != 0 || !strings.Contains(r.stderr, "--difficulty") {
		t.Errorf("merge of one batch's bare shards: %v; want exit 0 and a warning naming --difficulty", r)
	}
	if r := run(t, append([]string{"merge"}, bare(a[0], b[1], a[2])...)...); r.code != exitInvalid || !strings.Contains(r.stderr, "not shards of one batch") || r.stdout != "" {
		t.Errorf("merge of shards of different --policies: %v; want exit 1", r)
	}
	r := run(t, append([]string{"merge"}, bare(a[0], h[1], a[2])...)...)
	if !strings.Contains(r.stderr, "--difficulty") || !strings.Contains(r.stderr, "warning") {
		t.Errorf("merge of shards of different --difficulty: %v; want a warning that it cannot be checked", r)
	}
}

// TestCompareOneChangeAtATime: in a sweep × policies every arm was
// compared with the scenario's first arm, so "v2 free-rider vs v1
// balanced" changed two things at once.
func TestCompareOneChangeAtATime(t *testing.T) {
	f := filepath.Join(t.TempDir(), "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "20", "--set", "side.rok.budget=4,8", "--policies", "balanced,free-rider", "--format", "csv", "--out", f); r.code != 0 {
		t.Fatal(r)
	}
	pairs := func(args ...string) []string {
		t.Helper()
		r := run(t, append([]string{"compare", "--format", "json", f}, args...)...)
		var got struct {
			Comparisons []struct{ Base, Other string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &got); r.code != 0 || err != nil {
			t.Fatalf("compare %v: %v (%v)", args, r, err)
		}
		var out []string
		for _, c := range got.Comparisons {
			out = append(out, c.Other+" vs "+c.Base)
		}
		return out
	}
	want := "v1 free-rider vs v1 balanced|v2 balanced vs v1 balanced|v2 free-rider vs v2 balanced|v2 free-rider vs v1 free-rider"
	if got := strings.Join(pairs(), "|"); got != want {
		t.Errorf("comparisons: %s\nwant %s", got, want)
	}
	want = "v1 balanced vs v2 balanced|v1 free-rider vs v2 balanced|v2 free-rider vs v2 balanced"
	if got := strings.Join(pairs("--baseline", "v2 balanced"), "|"); got != want {
		t.Errorf("comparisons with --baseline: %s\nwant %s", got, want)
	}
	if r := run(t, "compare", f, "--baseline", "nope"); r.code != exitUsage || !strings.Contains(r.stderr, "v2 free-rider") {
		t.Errorf("--baseline naming no arm: %v", r)
	}
}

// TestWhyAtBatchLevel: merge --format table dropped the causes section
// without a word; the clamp cause read "bounds"; and the top causes could
// not be weighed against the whole change (start → mean end).
func TestWhyAtBatchLevel(t *testing.T) {
	r := run(t, "batch", "tutorial", "--runs", "40", "--causes", "100", "--format", "json")
	if r.code != 0 || !strings.Contains(r.stdout, `"name": "clamped at its limit"`) || strings.Contains(r.stdout, `"bounds"`) || !strings.Contains(r.stdout, `"start": 27.3`) {
		t.Errorf("batch json: want the clamp cause named 'clamped at its limit' and each metric's start:\n%.2000s", r.stdout)
	}
	r = run(t, "batch", "tutorial", "--runs", "40", "--format", "table")
	if r.code != 0 || !strings.Contains(r.stdout, "Deterrence             27.30 → ") {
		t.Errorf("batch table: want start → mean end beside the causes:\n%s", r.stdout)
	}
	f := filepath.Join(t.TempDir(), "rows.csv")
	if r := run(t, "batch", "tutorial", "--runs", "10", "--format", "csv", "--out", f, "--causes", "0"); r.code != 0 {
		t.Fatal(r)
	}
	if r := run(t, "merge", f, "--format", "table"); r.code != 0 || !strings.Contains(r.stdout, "why: the causes behind each metric") {
		t.Errorf("merge --format table: want a line saying the causes are not in the rows: %v", r)
	}
}

// TestMergeErrorsSayWhatIsWrong: the errors of merge named a run where a
// shard was missing, one file of a duplicate, columns where the formats
// differed, the line of a cut row twice, and a table's header.
func TestMergeErrorsSayWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	s := shardFiles(t, dir, "s", 3)
	j1 := filepath.Join(dir, "s-1.jsonl")
	if r := run(t, "batch", "tutorial", "--runs", "10", "--policies", "balanced,free-rider", "--format", "jsonl", "--shard", "1/3", "--out", j1); r.code != 0 {
		t.Fatal(r)
	}
	cp := func(from, to string) string {
		to = filepath.Join(dir, to)
		for _, suffix := range []string{"", ".manifest.json"} {
			data, err := os.ReadFile(from + suffix)
			if err == nil {
				os.WriteFile(to+suffix, data, 0o644)
			}
		}
		return to
	}
	dup := cp(s[1], "copy.csv")
	cut := cp(s[2], "cut.csv")
	data, _ := os.ReadFile(cut)
	os.WriteFile(cut, data[:len(data)-30], 0o644)
	tbl := filepath.Join(dir, "t.txt")
	if r := run(t, "batch", "tutorial", "--runs", "5", "--format", "table", "--out", tbl); r.code != 0 {
		t.Fatal(r)
	}
	for _, tc := range []struct {
		name  string
		files []string
		want  string
	}{
		{"missing shard", []string{s[0], s[2]}, "shard 1/3 is missing"},
		{"duplicate", []string{s[0], s[1], dup, s[2]}, "is in both " + s[1] + " and " + dup},
		{"formats", []string{s[0], j1, s[2]}, "the formats differ"},
		{"cut", []string{s[0], s[1], cut}, ": the file was cut short?"},
		{"table", []string{tbl}, "table summary (its manifest says --format table), not rows"},
	} {
		r := run(t, append([]string{"merge"}, tc.files...)...)
		if r.code != exitInvalid || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: %v; want exit 1 and %q", tc.name, r, tc.want)
		}
		if tc.name == "cut" && strings.Contains(r.stderr, "line 8") {
			t.Errorf("%s: the line number is repeated: %s", tc.name, r.stderr)
		}
	}
}

// TestMergeJSONLToCSVHasTheBatchHeader: merge x.jsonl --format csv wrote
// the metric columns sorted, not in the batch CSV's (the scenario's) order.
func TestMergeJSONLToCSVHasTheBatchHeader(t *testing.T) {
	dir := t.TempDir()
	j := filepath.Join(dir, "rows.jsonl")
	if r := run(t, "batch", "tutorial", "--runs", "3", "--format", "jsonl", "--out", j); r.code != 0 {
		t.Fatal(r)
	}
	want := run(t, "batch", "tutorial", "--runs", "3", "--format", "csv")
	got := run(t, "merge", j, "--format", "csv")
	if got.code != 0 || got.stdout != want.stdout {
		t.Errorf("merge rows.jsonl --format csv:\n%s\nwant the batch's csv:\n%s", got.stdout, want.stdout)
	}
}

// A --set key one of several scenarios lacks: the error says which.
func TestSetErrorNamesTheScenario(t *testing.T) {
	r := run(t, "batch", "tutorial", "gray-zone", "--runs", "2", "--format", "csv", "--set", "lever.coast_guard_patrol.max=3")
	if r.code != exitInvalid || !strings.Contains(r.stderr, "lattice batch: in scenario gray-zone:") || r.stdout != "" {
		t.Fatalf("%v; want the scenario without the key named", r)
	}
}

// TestSharesJSONRounded: a continuation arm's success interval and verdict
// shares are rounded to 12 significant digits, as its metrics' means are
// and as a batch's intervals are; they read 0.6033333333333334 beside a
// mean of 0.798698666667.
func TestSharesJSONRounded(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "taiwan-strait", "3")
	r := run(t, "batch", "--from", j, "--at", "4", "--runs", "30", "--format", "json")
	var got struct {
		Arms []struct {
			Success  map[string]float64 `json:"success"`
			Verdicts map[string]float64 `json:"verdicts"`
		} `json:"arms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); r.code != exitOK || err != nil || len(got.Arms) != 1 {
		t.Fatalf("%v (%v)", r, err)
	}
	for what, m := range map[string]map[string]float64{"success": got.Arms[0].Success, "verdicts": got.Arms[0].Verdicts} {
		for k, v := range m {
			if digits := strings.TrimLeft(strings.NewReplacer(".", "", "-", "").Replace(strconv.FormatFloat(v, 'f', -1, 64)), "0"); len(digits) > 12 {
				t.Errorf("%s %s = %v: more than 12 significant digits", what, k, v)
			}
		}
	}
}

// TestSummariesSayTheDifficulty: a batch played at a difficulty level says
// so in its table's first line and its json's "difficulty", as merge and
// compare do of its rows (from the manifests); neither said it, so a
// summary of a hard batch read as one of the scenario as written.
func TestSummariesSayTheDifficulty(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "hard.csv")
	args := []string{"batch", "tutorial", "--runs", "20", "--policies", "balanced,free-rider", "--difficulty", "hard"}
	if r := run(t, append(args, "--format", "csv", "--out", rows)...); r.code != 0 {
		t.Fatal(r)
	}
	const line = "Every arm was played at difficulty hard.\n"
	for what, r := range map[string]result{
		"batch table": run(t, append(args, "--format", "table")...),
		"merge table": run(t, "merge", rows, "--format", "table"),
	} {
		if r.code != 0 || !strings.HasPrefix(r.stdout, line) {
			t.Errorf("%s: %v, want it to open with %q", what, r, line)
		}
	}
	for what, r := range map[string]result{
		"batch json":   run(t, append(args, "--format", "json")...),
		"merge json":   run(t, "merge", rows, "--format", "json"),
		"compare json": run(t, "compare", rows, "--format", "json"),
	} {
		var got struct{ Difficulty string }
		if err := json.Unmarshal([]byte(r.stdout), &got); r.code != 0 || err != nil || got.Difficulty != "hard" {
			t.Errorf("%s: difficulty %q (%v, %v)", what, got.Difficulty, err, r)
		}
	}
	r := run(t, "batch", "tutorial", "--runs", "20", "--policies", "balanced,free-rider", "--format", "table")
	if r.code != 0 || strings.Contains(r.stdout, "difficulty") {
		t.Errorf("without --difficulty: %v", r)
	}
	if r := run(t, "batch", "tutorial", "--runs", "20", "--format", "json"); r.code != 0 || strings.Contains(r.stdout, `"difficulty"`) {
		t.Errorf("json without --difficulty: %v", r)
	}
}

// TestProgressFitsTheTerminal: the progress line stays short of the
// terminal's last column, the bar narrowing or giving way. It was 30
// columns of bar and about 50 of figures whatever the terminal (a million
// runs at 100,000 runs/s with a minute to go: 82), and a line that wraps is
// not redrawn by \r, so each update left a line behind.
func TestProgressFitsTheTerminal(t *testing.T) {
	for _, cols := range []int{120, 80, 60, 30} {
		tty, out := openPTY(t, cols)
		p := newProgress(tty, func(string) string { return "" })
		p.start = time.Now().Add(-time.Minute)
		p.update(123_456, 1_000_000)
		p.last = time.Time{}
		p.update(1_000_000, 1_000_000)
		seen := out.until("1000000/1000000")
		ansi := regexp.MustCompile("\x1b\\[[0-9;?]*[a-zA-Z]")
		lines := strings.Split(ansi.ReplaceAllString(seen, ""), "\r")
		drawn := 0
		for _, l := range lines {
			if l = strings.TrimRight(l, "\n"); l == "" {
				continue
			}
			drawn++
			if n := utf8.RuneCountInString(l); n >= cols {
				t.Errorf("%d columns: a progress line of %d: %q", cols, n, l)
			}
			if !strings.Contains(l, "runs") {
				t.Errorf("%d columns: %q lacks the runs", cols, l)
			}
		}
		if drawn != 2 {
			t.Errorf("%d columns: %d lines drawn, want 2: %q", cols, drawn, seen)
		}
	}
}

// TestTableWidthFromColumns: a table piped or redirected ("| less", ">
// report.txt") fits $COLUMNS when it is set, as one on a terminal fits the
// terminal; it was always 100 wide, and wrapped on an 80-column screen. A
// file written with --out keeps the default whatever the environment.
func TestTableWidthFromColumns(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "gray-zone", "--runs", "50", "--policies", "balanced,free-rider", "--out", rows); r.code != 0 {
		t.Fatal(r)
	}
	widest := func(text string) int {
		n := 0
		for _, l := range strings.Split(text, "\n") {
			n = max(n, utf8.RuneCountInString(l))
		}
		return n
	}
	withColumns := func(cols string, args ...string) result {
		var stdout, stderr bytes.Buffer
		e := &env{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(""), getenv: func(k string) string {
			if k == "COLUMNS" {
				return cols
			}
			return ""
		}}
		code := runMain(context.Background(), e, args)
		return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
	}
	table := []string{"batch", "gray-zone", "--runs", "50", "--policies", "balanced,free-rider", "--format", "table"}
	for what, args := range map[string][]string{"batch": table, "merge": {"merge", rows, "--format", "table"}, "compare": {"compare", rows}} {
		if r := withColumns("80", args...); r.code != 0 || widest(r.stdout) > 80 {
			t.Errorf("%s with COLUMNS=80: %d columns (%v)", what, widest(r.stdout), r.code)
		}
		if r := withColumns("", args...); r.code != 0 || widest(r.stdout) <= 80 {
			t.Errorf("%s without COLUMNS: %d columns, want the default 100", what, widest(r.stdout))
		}
	}
	out := filepath.Join(dir, "table.txt")
	if r := withColumns("80", append(table, "--out", out)...); r.code != 0 {
		t.Fatal(r)
	}
	if data, err := os.ReadFile(out); err != nil || widest(string(data)) <= 80 {
		t.Errorf("--out with COLUMNS=80: %d columns (%v), want the default whatever the environment", widest(string(data)), err)
	}
}

// TestContinuationsSayHowLongTheyLasted: continuations give how many turns
// they lasted (json turns_played, a table line), as a batch's arms now do;
// their verdicts said how they ended but not when.
func TestContinuationsSayHowLongTheyLasted(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "taiwan-strait", "3")
	args := []string{"batch", "--from", j, "--at", "4", "--runs", "40", "--policies", "balanced,free-rider"}
	r := run(t, append(args, "--format", "json")...)
	var got struct {
		Arms []struct {
			TurnsPlayed *batch.TurnsSummary `json:"turns_played"`
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); r.code != 0 || err != nil || len(got.Arms) != 2 {
		t.Fatalf("%v (%v)", r, err)
	}
	for i, a := range got.Arms {
		if tp := a.TurnsPlayed; tp == nil || tp.Min <= 4 || tp.Max > 10 || tp.Mean < float64(tp.Min) || tp.Mean > float64(tp.Max) {
			t.Errorf("arm %d: turns played %+v: want games that end after turn 4 and by 10", i, tp)
		}
	}
	if r := run(t, args...); r.code != 0 || strings.Count(r.stdout, "\n  turns played: mean ") != 2 {
		t.Errorf("table: %v", r)
	}
}

// --out with an ending that names no form writes csv rows and says so
// (r.xlsx was written as csv without a word); --format given, nothing is
// said.
func TestOutEndingNamesNoForm(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	r := run(t, "batch", "tutorial", "--runs", "3", "--out", out)
	data, err := os.ReadFile(out)
	if r.code != exitOK || err != nil || !strings.HasPrefix(string(data), "run_id,") || !strings.Contains(r.stderr, "r.xlsx names no form (.csv, .jsonl, .json or .txt): writing csv rows") {
		t.Errorf("--out r.xlsx: %s (%v)", r, err)
	}
	if r := run(t, "batch", "tutorial", "--runs", "3", "--format", "csv", "--out", out); r.code != exitOK || strings.Contains(r.stderr, "names no form") {
		t.Errorf("--format csv --out r.xlsx: %s", r)
	}
}
