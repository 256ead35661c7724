package main

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTablesSayTheirMasterSeed: batch's, merge's and compare's tables
// say which master seed their runs were drawn from (the json's
// master_seed), where the manifests give it: a table read on its own
// did not say how to play its runs again.
func TestTablesSayTheirMasterSeed(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "rows.csv")
	args := []string{"batch", "tutorial", "--runs", "12", "--seed", "3", "--policies", "balanced,free-rider"}
	if r := run(t, append(args, "--out", f)...); r.code != 0 {
		t.Fatal(r)
	}
	const want = "Runs: 12 an arm of master seed 3 (--seed 3), replicates 0–11"
	shards := shardFiles(t, dir, "s", 2, "--seed", "3", "--runs", "12")
	for _, cmd := range [][]string{
		append(args, "--format", "table"),
		{"merge", "--format", "table", shards[0], shards[1]},
		{"compare", f},
	} {
		r := run(t, cmd...)
		if r.code != 0 || !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), want) {
			t.Errorf("%s: no %q in\n%s", cmd[0], want, r)
		}
	}
}

// TestContinuationPercentilesAsABatchs: a continuation arm's p5, p50 and
// p95 are rounded to the 4 decimals of the values they are interpolated
// between, as a batch's json rounds them: they came with 5 or 6
// ("p5": 63.128815), where the batch of the same scenario said 63.1288.
func TestContinuationPercentilesAsABatchs(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "gray-zone", "5")
	r := run(t, "batch", "--from", j, "--at", "4", "--runs", "40", "--format", "json")
	var got struct {
		Arms []struct {
			Metrics map[string]map[string]float64 `json:"metrics"`
		} `json:"arms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || r.code != 0 || len(got.Arms) != 1 {
		t.Fatalf("json: %v (%v)", err, r)
	}
	for id, m := range got.Arms[0].Metrics {
		for _, q := range []string{"p5", "p50", "p95"} {
			if v := m[q]; v != math.Round(v*1e4)/1e4 {
				t.Errorf("%s %s = %v: more than 4 decimals", id, q, v)
			}
		}
	}
}

// TestContinuationTableFits80Columns: a continuation arm's verdicts are
// wrapped at the table's width, whole: four verdicts and "← played" ran
// to 84 columns on an 80-column screen (gray-zone from month 4 under
// free-rider). Only the title and the journal's name may be wider.
func TestContinuationTableFits80Columns(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "gray-zone", "5")
	r := run(t, "batch", "--from", j, "--at", "4", "--runs", "100", "--policies", "balanced,free-rider")
	lines := strings.Split(r.stdout, "\n")
	if r.code != 0 || len(lines) < 3 || !strings.Contains(r.stdout, "\n            The line held 1.0% ← played\n") {
		t.Fatalf("want free-rider's verdicts on two lines, the played one whole on the second: %v", r)
	}
	for _, l := range lines[2:] {
		if n := utf8.RuneCountInString(l); n > 80 {
			t.Errorf("%d columns: %s", n, l)
		}
	}
}

// TestCompareOfUnequalBatchesSaysTheirSeed: batches of one seed with
// different --runs (300 at easy, 200 at hard) are compared on the
// replicates they share; the table said no manifest gave the master seed
// and the json left it out, though both manifests give seed 7.
func TestCompareOfUnequalBatchesSaysTheirSeed(t *testing.T) {
	dir := t.TempDir()
	easy, hard := filepath.Join(dir, "easy.csv"), filepath.Join(dir, "hard.csv")
	for _, b := range [][]string{{easy, "30", "easy"}, {hard, "20", "hard"}} {
		if r := run(t, "batch", "tutorial", "--seed", "7", "--runs", b[1], "--difficulty", b[2], "--out", b[0]); r.code != 0 {
			t.Fatal(r)
		}
	}
	r := run(t, "compare", easy, hard)
	if out := strings.Join(strings.Fields(r.stdout), " "); r.code != 0 || !strings.Contains(out, "Runs: replicates from 0 to 29 of master seed 7 (--seed 7), not the same in every arm") {
		t.Errorf("table: %v", r)
	}
	r = run(t, "compare", "--format", "json", easy, hard)
	var got struct {
		Seed *string `json:"master_seed"`
		Runs *int    `json:"runs_per_arm"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || got.Seed == nil || *got.Seed != "7" || got.Runs != nil {
		t.Errorf("json: master_seed %v, runs_per_arm %v (want \"7\" and none: the batches differ in runs) (%v)", got.Seed, got.Runs, err)
	}
}

// TestTableFitsNarrowTerminals: below 78 columns (a terminal split in two)
// the arms' metric table leaves out its histogram and narrows its names
// below 64, and the "why" heading and the success-rate line of a
// comparison wrap, so that batch's, merge's and compare's tables fit the
// terminal as the README says: they ran to 78 and 80 columns at any
// width.
func TestTableFitsNarrowTerminals(t *testing.T) {
	rows := filepath.Join(t.TempDir(), "rows.csv")
	if r := run(t, "batch", "gray-zone", "--runs", "40", "--policies", "balanced,free-rider", "--out", rows); r.code != 0 {
		t.Fatal(r)
	}
	for _, cols := range []int{60, 64, 70, 77} {
		for what, args := range map[string][]string{
			"batch":   {"batch", "gray-zone", "--runs", "40", "--policies", "balanced,free-rider", "--format", "table"},
			"merge":   {"merge", rows, "--format", "table"},
			"compare": {"compare", rows},
		} {
			r := runColumns(cols, args...)
			if r.code != 0 {
				t.Fatalf("%s: %v", what, r)
			}
			for _, l := range strings.Split(r.stdout, "\n") {
				if n := utf8.RuneCountInString(l); n > cols {
					t.Errorf("%s at %d columns: %d: %s", what, cols, n, l)
				}
			}
		}
	}
}

// TestContinuationTableFitsNarrowTerminals: below 78 columns a
// continuation arm's metric table narrows its numbers and names to fit;
// it was 78 columns at any width.
func TestContinuationTableFitsNarrowTerminals(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "gray-zone", "5")
	for _, cols := range []int{60, 64, 70} {
		r := runColumns(cols, "batch", "--from", j, "--at", "4", "--runs", "30", "--policies", "balanced,free-rider")
		if r.code != 0 {
			t.Fatal(r)
		}
		lines := strings.Split(r.stdout, "\n")
		for _, l := range lines[2:] { // the title and the journal's name may be wider
			if strings.HasPrefix(l, "Arm ") {
				continue // and an arm's policy, one word
			}
			if n := utf8.RuneCountInString(l); n > cols {
				t.Errorf("%d columns: %d: %s", cols, n, l)
			}
		}
	}
}

// runColumns runs lattice as run does, with $COLUMNS set to cols (stdout
// is not a terminal, so the tables fit it).
func runColumns(cols int, args ...string) result {
	var stdout, stderr bytes.Buffer
	e := &env{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(""), getenv: func(k string) string {
		if k == "COLUMNS" {
			return strconv.Itoa(cols)
		}
		return ""
	}}
	code := runMain(context.Background(), e, args)
	return result{stdout: stdout.String(), stderr: stderr.String(), code: code}
}
