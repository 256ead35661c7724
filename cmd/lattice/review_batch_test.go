package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// compareJSON is the part of compare --format json these tests read.
type compareJSON struct {
	Complete  bool     `json:"complete"`
	Notes     []string `json:"notes"`
	Intervals struct {
		Rate, Mean string
	} `json:"intervals"`
	Comparisons []struct {
		Base, Other         string
		ScenarioFilesDiffer bool            `json:"scenario_files_differ"`
		TrueSuccess         json.RawMessage `json:"true_success"`
		Warnings            []string        `json:"warnings"`
	} `json:"comparisons"`
}

func decodeCompare(t *testing.T, out string) compareJSON {
	t.Helper()
	var c compareJSON
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	return c
}

// TestCompareEditedScenario: two batches of one scenario file edited
// between them (turns 5, then 6) compared "free-rider vs balanced" as if
// the policy were the only difference, the files' SHA-256 a note on stderr
// and the json's warnings empty. The table's label and warning and the
// json now say the arms were played from different files.
func TestCompareEditedScenario(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("..", "..", "scenarios", "tutorial.toml"))
	if err != nil {
		t.Fatal(err)
	}
	scen := writeFile(t, dir, "esc.toml", string(src))
	e1, e2 := filepath.Join(dir, "e1.csv"), filepath.Join(dir, "e2.csv")
	if r := run(t, "batch", scen, "--runs", "30", "--policies", "balanced", "--out", e1); r.code != 0 {
		t.Fatal(r)
	}
	if !strings.Contains(string(src), "\nturns = 5\n") {
		t.Fatal("the tutorial no longer has turns = 5")
	}
	writeFile(t, dir, "esc.toml", strings.Replace(string(src), "\nturns = 5\n", "\nturns = 6\n", 1))
	if r := run(t, "batch", scen, "--runs", "30", "--policies", "free-rider", "--out", e2); r.code != 0 {
		t.Fatal(r)
	}
	r := run(t, "compare", e1, e2)
	if r.code != 0 {
		t.Fatal(r)
	}
	flat := strings.Join(strings.Fields(r.stdout), " ")
	for _, want := range []string{"free-rider vs balanced, from different scenario files", "warning: the arms were played from different files of tutorial"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the table lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(flat, "free-rider vs balanced (30 pairs)") {
		t.Errorf("the table labels the comparison as clean:\n%s", r.stdout)
	}
	r = run(t, "compare", e1, e2, "--format", "json")
	c := decodeCompare(t, r.stdout)
	if len(c.Comparisons) != 1 || !c.Comparisons[0].ScenarioFilesDiffer || len(c.Comparisons[0].Warnings) == 0 {
		t.Errorf("json comparisons: %+v", c.Comparisons)
	}
}

// TestCompareNamesWithoutManifest: rows whose manifests were left behind
// compared with metric ids and no direction ("intel is lower", "us's
// objective"). Rows of a built-in scenario (its id and SHA-256) are now
// named from it, with which way is better; rows of an edited copy say
// why their names are ids.
func TestCompareNamesWithoutManifest(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "gray-zone", "--runs", "60", "--policies", "balanced,free-rider", "--out", rows); r.code != 0 {
		t.Fatal(r)
	}
	data, err := os.ReadFile(rows)
	if err != nil {
		t.Fatal(err)
	}
	bare := writeFile(t, dir, "bare.csv", string(data))
	r := run(t, "compare", bare)
	if r.code != 0 {
		t.Fatal(r)
	}
	flat := strings.Join(strings.Fields(r.stdout), " ")
	for _, want := range []string{"Cohesion", "United States' objective", "(worse, d=", "allied success is the verdicts: "} {
		if !strings.Contains(flat, want) {
			t.Errorf("compare of a built-in's rows without a manifest lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(flat, "us's") || strings.Contains(flat, "States's") {
		t.Errorf("a possessive written 's after an s:\n%s", r.stdout)
	}
	if m := run(t, "merge", bare, "--format", "table"); m.code != 0 || !strings.Contains(m.stdout, "Cohesion") {
		t.Errorf("merge of a built-in's rows without a manifest names metrics by id: %v", m)
	}
	// An edited copy: the SHA-256 is no built-in's, and the output says
	// why the names are ids.
	edited := writeFile(t, dir, "edited.csv", strings.ReplaceAll(string(data), sha256Of(t, data), strings.Repeat("ab", 32)))
	r = run(t, "compare", edited)
	if r.code != 0 {
		t.Fatal(r)
	}
	flat = strings.Join(strings.Fields(r.stdout), " ")
	if !strings.Contains(flat, "Note: gray-zone: metrics, verdicts and allies are named by their ids") || !strings.Contains(flat, "is not the built-in gray-zone's") {
		t.Errorf("compare of rows of no known file does not say why names are ids:\n%s", r.stdout)
	}
	c := decodeCompare(t, run(t, "compare", edited, "--format", "json").stdout)
	if len(c.Notes) == 0 || !strings.Contains(c.Notes[0], "named by their ids") {
		t.Errorf("json notes: %q", c.Notes)
	}
}

// sha256Of returns the scenario_sha256 of the first row of csv rows.
func sha256Of(t *testing.T, rows []byte) string {
	t.Helper()
	lines := strings.Split(string(rows), "\n")
	if len(lines) < 2 {
		t.Fatal("no rows")
	}
	return strings.Split(lines[1], ",")[2]
}

// TestBatchOutKeepsCausesByDefault: --causes' default (3) did nothing for
// an unsharded batch --out rows.csv, whose manifest kept causes only with
// --causes N given, so compare of the ordinary workflow's rows never said
// which causes made a difference. The manifest now keeps them unless
// --causes 0, and compare says when the rows carry none and how to get
// them.
func TestBatchOutKeepsCausesByDefault(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.csv")
	if r := run(t, "batch", "gray-zone", "--runs", "60", "--policies", "balanced,free-rider", "--out", rows); r.code != 0 {
		t.Fatal(r)
	}
	r := run(t, "compare", rows)
	if r.code != 0 || !strings.Contains(r.stdout, "\n    mostly from: ") || strings.Contains(r.stdout, "Note: ") {
		t.Errorf("compare of a default batch --out's rows: exit %d, without causes or with a note:\n%s", r.code, r.stdout)
	}
	none := filepath.Join(dir, "none.csv")
	if r := run(t, "batch", "gray-zone", "--runs", "60", "--policies", "balanced,free-rider", "--out", none, "--causes", "0"); r.code != 0 {
		t.Fatal(r)
	}
	r = run(t, "compare", none)
	flat := strings.Join(strings.Fields(r.stdout), " ")
	if r.code != 0 || strings.Contains(r.stdout, "\n    mostly from: ") || !strings.Contains(flat, "the rows carry no causes") || !strings.Contains(flat, "without --causes 0") {
		t.Errorf("compare of rows without causes does not say so:\n%s", r.stdout)
	}
	if r := run(t, "batch", "gray-zone", "--runs", "5", "--format", "csv", "--causes", "2"); r.code != 2 || !strings.Contains(r.stderr, "with --out FILE") {
		t.Errorf("--causes on rows to stdout: %v", r)
	}
}

// TestContinuationsAsABatch: batch --from showed verdicts by id, neither
// objectives nor the true win, and its comparisons' heading named
// objectives it did not compare. It now shows the verdicts' titles, which
// count as allied success, each ally's objective met and the true win
// (table and json), compares them, and the heading names what is shown.
func TestContinuationsAsABatch(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "gray-zone", "5")
	r := run(t, "batch", "--from", j, "--at", "4", "--runs", "60", "--policies", "balanced,free-rider")
	if r.code != 0 {
		t.Fatal(r)
	}
	flat := strings.Join(strings.Fields(r.stdout), " ")
	for _, want := range []string{"The played game ended: The line held (allied success)", "verdicts: The line held", "allied success is the verdicts: The line held",
		"United States' private objective met", "true win ", "Newcombe for the success rate, true win and objectives met", "\n  true win  "} {
		if !strings.Contains(flat, want) && !strings.Contains(r.stdout, want) {
			t.Errorf("the continuations' table lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "verdicts: held") || strings.Contains(r.stdout, "objective rok") {
		t.Errorf("ids where titles and names belong:\n%s", r.stdout)
	}
	r = run(t, "batch", "--from", j, "--at", "4", "--runs", "60", "--policies", "balanced,free-rider", "--format", "json")
	var got struct {
		Arms []struct {
			SuccessVerdicts []string             `json:"success_verdicts"`
			Objectives      []json.RawMessage    `json:"objectives"`
			TrueSuccess     *struct{ Count int } `json:"true_success"`
		} `json:"arms"`
		Comparisons []struct {
			TrueSuccess *struct{ Test string } `json:"true_success"`
			Objectives  []json.RawMessage      `json:"objectives"`
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil || len(got.Arms) != 2 || len(got.Comparisons) != 1 {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	for i, a := range got.Arms {
		if len(a.Objectives) != 3 || a.TrueSuccess == nil {
			t.Errorf("arm %d: objectives %d, true success %v", i, len(a.Objectives), a.TrueSuccess)
		}
	}
	if c := got.Comparisons[0]; c.TrueSuccess == nil || len(c.Objectives) != 3 {
		t.Errorf("comparison: true success %v, objectives %d", c.TrueSuccess, len(c.Objectives))
	}
}

// TestOutRefusedBeforeNoFormNote: --out naming a directory or a device
// printed "names no form … writing csv rows" before the refusal, as if
// it would write there.
func TestOutRefusedBeforeNoFormNote(t *testing.T) {
	dir := t.TempDir()
	for _, out := range []string{dir, "/dev/full"} {
		r := run(t, "batch", "tutorial", "--runs", "5", "--out", out)
		if r.code != exitInvalid || strings.Contains(r.stderr, "names no form") || !strings.Contains(r.stderr, "cannot write") {
			t.Errorf("--out %s: %v", out, r)
		}
	}
	r := run(t, "batch", "tutorial", "--runs", "5", "--out", filepath.Join(dir, "r.xlsx"))
	if r.code != 0 || !strings.Contains(r.stderr, "names no form") {
		t.Errorf("--out r.xlsx: %v", r)
	}
}
