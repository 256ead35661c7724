package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
		{[]string{"batch", "tutorial", "--format", "xml"}, 2, "unknown --format"},
		{[]string{"batch", "tutorial", "--policies", "balanced,nope", "--out", out}, 1, "unknown policy"},
	}
	for _, tc := range cases {
		r := run(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %v, want exit %d and %q", tc.args, r, tc.code, tc.want)
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%v left %s behind", tc.args, out)
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
	for _, want := range []string{"allied success", "95% CI", "why (mean change per run, by cause)", "Paired comparisons", "In words:"} {
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
