package batch

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestVariantLegendSanitized: what a variant id stands for comes from the
// manifest beside a row file, which may be anyone's; the table and the
// comparisons print it without its escape sequences and bidi controls
// (they cleared the screen and retitled the terminal).
func TestVariantLegendSanitized(t *testing.T) {
	const sha = "97407b8036e4d0e78216a958a2600dc780bb5a9614b3c19d85e14baa8f0e1ac8"
	rows := "run_id,scenario,scenario_sha256,variant,policy,replicate,seed,turns_played,verdict,success,hash,deterrence\n"
	for i, v := range []string{"v1", "v1", "v1", "v2", "v2", "v2"} {
		rows += strings.Join([]string{strconv.Itoa(i), "tutorial", sha, v, "balanced", strconv.Itoa(i % 3), strconv.Itoa(100 + i%3), "5", "held",
			[]string{"true", "false"}[i%2], "0123456789abcdef", strconv.Itoa(40 + 3*i)}, ",") + "\n"
	}
	recs, cols, _, err := ReadRecords("in.csv", strings.NewReader(rows))
	if err != nil {
		t.Fatal(err)
	}
	hostile := "side.rok.budget=6\x1b]0;pwned\x07\x1b[2J\u202eEVIL\x9b31m"
	s := NewSummary(cols, nil).WithVariants(map[string][]string{"v1": {"side.rok.budget=4"}, "v2": {hostile}})
	for i := range recs {
		s.Add(&recs[i])
	}
	var b bytes.Buffer
	s.WriteTable(&b, 3)
	s.WriteComparisons(&b, s.Compare(0))
	out := b.String()
	if !strings.Contains(out, "v2: --set side.rok.budget=6") || !strings.Contains(out, "EVIL") {
		t.Fatalf("the legend is missing:\n%s", out)
	}
	if i := strings.IndexAny(out, "\x1b\x07\u202e\u009b"); i >= 0 {
		t.Fatalf("control characters printed at %d: %q", i, out[max(0, i-30):min(len(out), i+30)])
	}
}

// TestRowFileDamage: a row file cut short or run together is refused with
// its file and line, not read as if whole. A CSV file cut inside its last
// field read as a row with a shortened number; two JSON Lines rows on one
// line (a lost line end) read as the first alone; a multi-gigabyte "line"
// was read into memory whole.
func TestRowFileDamage(t *testing.T) {
	good := rowFiles(t)
	csvText, jsonl := string(good["good.csv"]), string(good["good.jsonl"])
	if !strings.HasSuffix(csvText, "\n") || strings.Count(jsonl, "\n") < 2 {
		t.Fatal("testdata/rows/good.* are not as this test expects")
	}
	rows := strings.SplitAfter(jsonl, "\n")
	cases := []struct{ name, text, want string }{
		{"csv cut in its last field", csvText[:len(csvText)-3], "in.csv:4: no line end after the last row: the file was cut short?"},
		{"csv header alone, cut", csvText[:strings.Index(csvText, "\n")-3], "in.csv:1: no line end after the last row: the file was cut short?"},
		{"jsonl rows run together", strings.TrimSuffix(rows[0], "\n") + rows[1], "in.csv:1: not a batch JSON Lines row: more text after the row's closing }"},
		{"jsonl text after a row", strings.TrimSuffix(rows[0], "\n") + " x\n" + rows[1], `in.csv:1: not a batch JSON Lines row: more text after the row's closing }: "x"`},
		{"jsonl line not an object", rows[0] + "5,tutorial\n", "in.csv:2: not a batch JSON Lines row: the line is not a JSON object (number)"},
		{"jsonl field of the wrong type", strings.Replace(rows[0], `"replicate":0`, `"replicate":"0"`, 1), "in.csv:1: not a batch JSON Lines row: replicate should not be a JSON string"},
		{"csv line too long", csvText + strings.Repeat("1", maxRowLine+1), "a line longer than 16 MB"},
		{"jsonl line too long", rows[0] + "{" + strings.Repeat(" ", maxRowLine+1) + "\n", "in.csv:2: a line longer than 16 MB"},
		// A batch's --format json summary: it said "in.csv:1: not a batch
		// JSON Lines row: unexpected EOF", or "unknown field".
		{"json summary", "{\n  \"runs_per_arm\": 10,\n  \"arms\": []\n}\n", "in.csv:1: not batch rows but a JSON document (a --format json summary?): merge and compare read the rows batch writes with --format csv or jsonl"},
		{"json summary on one line", `{"runs_per_arm":10,"arms":[]}` + "\n", "in.csv:1: not batch rows but a JSON document"},
		// A row whose metric is named like a summary's field is a row.
		{"jsonl row with a metric named comparisons", strings.Replace(rows[0], `"metrics":{`, `"metrics":{"comparisons":1,`, 1) + "5,tutorial\n", "in.csv:2: not a batch JSON Lines row"},
		// It said "in.csv:1: not a batch CSV file: EOF".
		{"blank lines only", "\n\r\n\n", "in.csv: only blank lines: not a batch row file"},
	}
	for _, tc := range cases {
		_, _, _, err := ReadRecords("in.csv", strings.NewReader(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		if _, err := MergeFiles(inputs(tc.text), 0, nil); err == nil {
			t.Errorf("%s: MergeFiles accepted it", tc.name)
		}
	}
	// Whole files still read, with or without a line end after a JSON row,
	// and with CRLF line ends.
	for name, text := range map[string]string{"csv": csvText, "jsonl": jsonl, "jsonl, no final line end": strings.TrimSuffix(jsonl, "\n"),
		"csv, CRLF": strings.ReplaceAll(csvText, "\n", "\r\n")} {
		if recs, _, _, err := ReadRecords("in", strings.NewReader(text)); err != nil || len(recs) == 0 {
			t.Errorf("%s: %d records, %v", name, len(recs), err)
		}
	}
}

// TestReadManifestRefusesNonFiles: a manifest that is not a regular file,
// or is absurdly large, is refused without reading it (a link to /dev/zero
// ran merge out of memory), and a missing one is still fs.ErrNotExist.
func TestReadManifestRefusesNonFiles(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "rows.csv")
	if _, err := ReadManifest(out); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
	// A link to a device (Windows' NUL is no file a link can name).
	if runtime.GOOS != "windows" {
		if err := os.Symlink(os.DevNull, ManifestPath(out)); err != nil {
			t.Skip("no symbolic links here:", err)
		}
		if _, err := ReadManifest(out); err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("a device: %v", err)
		}
		os.Remove(ManifestPath(out))
	}
	f, err := os.Create(ManifestPath(out))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxManifest + 1); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	if _, err := ReadManifest(out); err == nil || !strings.Contains(err.Error(), "over 64 MB") {
		t.Errorf("huge: %v", err)
	}
}

// TestReadManifestRefusesBadCounts: counts no batch writes are refused,
// naming the field: shards whose manifests said total_runs -5 (edited, or
// damaged) merged, into a manifest of 0 runs over 20 rows.
func TestReadManifestRefusesBadCounts(t *testing.T) {
	good := Manifest{Runs: 10, TotalRuns: 20, Shard: 1, Shards: 3, RunsInFile: 7, Arms: []ManifestArm{{Index: 0}, {Index: 1}}}
	out := filepath.Join(t.TempDir(), "rows.csv")
	read := func(m Manifest) error {
		data, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(ManifestPath(out), data, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err = ReadManifest(out)
		return err
	}
	if err := read(good); err != nil {
		t.Fatalf("a good manifest: %v", err)
	}
	for want, edit := range map[string]func(*Manifest){
		"runs_per_arm -5 is not a number of runs":               func(m *Manifest) { m.Runs = -5 },
		"total_runs 0 is not a number of runs":                  func(m *Manifest) { m.TotalRuns = 0 },
		"total_runs 21 is not runs_per_arm 10 times its 2 arms": func(m *Manifest) { m.TotalRuns = 21 },
		"total_runs 10 is not runs_per_arm 10 times its 2 arms": func(m *Manifest) { m.TotalRuns = 10 },
		"shard 3 of 3 is not a shard":                           func(m *Manifest) { m.Shard = 3 },
		"shard -1 of 3 is not a shard":                          func(m *Manifest) { m.Shard = -1 },
		"shard 0 of 0 is not a shard":                           func(m *Manifest) { m.Shard, m.Shards = 0, 0 },
		"runs_in_file -1 is not between 0 and total_runs 20":    func(m *Manifest) { m.RunsInFile = -1 },
		"runs_in_file 21 is not between 0 and total_runs 20":    func(m *Manifest) { m.RunsInFile = 21 },
	} {
		m := good
		edit(&m)
		err := read(m)
		if err == nil || !strings.Contains(err.Error(), "rows.csv.manifest.json: not a batch manifest: "+want) {
			t.Errorf("%s: got %v", want, err)
		}
	}
}

// TestRowValuesNotFromBatch: a metric value batch would not write (NaN,
// Inf, an exponent, a JSON string, array or null) is an error naming its
// file and line; summaries dropped it unseen and merge copied it into its
// output, as a bare NaN in JSON Lines. A hash with quotes (from a CSV file)
// is written to JSON Lines quoted: it injected keys into the row.
func TestRowValuesNotFromBatch(t *testing.T) {
	good := rowFiles(t)
	csvText, jsonl := string(good["good.csv"]), string(good["good.jsonl"])
	csvLines := strings.SplitAfter(csvText, "\n")
	fields, err := csv.NewReader(strings.NewReader(csvLines[1])).Read()
	if err != nil {
		t.Fatal(err)
	}
	last := fields[len(fields)-1] // the last metric of run 0
	for _, v := range []string{"NaN", "Inf", "-Inf", "1e5", "0x1p3", "1_0", "1.23456", "abc"} {
		text := csvLines[0] + strings.TrimSuffix(csvLines[1], last+"\n") + v + "\n" + strings.Join(csvLines[2:], "")
		_, _, _, err := ReadRecords("in.csv", strings.NewReader(text))
		lastCol := csvLines[0][strings.LastIndex(strings.TrimSuffix(csvLines[0], "\n"), ",")+1 : len(csvLines[0])-1]
		if err == nil || !strings.Contains(err.Error(), "in.csv:2: metric "+strconv.Quote(lastCol)+": ") || !strings.Contains(err.Error(), "is not a metric value as batch writes them") {
			t.Errorf("csv metric %s: %v", v, err)
		}
	}
	row := strings.SplitAfter(jsonl, "\n")[0]
	i := strings.Index(row, `"metrics":{"`) + len(`"metrics":{"`)
	j := i + strings.Index(row[i:], `":`) + 2 // the first metric's value
	k := j + strings.IndexAny(row[j:], ",}")
	for _, v := range []string{`"93.17"`, `[1,2]`, `null`, `true`, `{"a":1}`, `1e5`} {
		text := row[:j] + v + row[k:]
		_, _, _, err := ReadRecords("in.jsonl", strings.NewReader(text))
		if err == nil || !strings.Contains(err.Error(), "in.jsonl:1: metric ") || !strings.Contains(err.Error(), "is not a metric value as batch writes them") {
			t.Errorf("jsonl metric %s: %v", v, err)
		}
	}
	// A hash with quotes and a comma, as a CSV file may hold it.
	hashed := strings.Replace(csvText, ","+fields[10]+",", `,"ab"",""x"":""y",`, 1)
	recs, cols, perTurn, err := ReadRecords("in.csv", strings.NewReader(hashed))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := writeRecords(&b, "jsonl", recs, cols, perTurn); err != nil {
		t.Fatal(err)
	}
	for n, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || len(m) != 12 {
			t.Fatalf("jsonl line %d is not a row (%v, %d keys): %s", n+1, err, len(m), line)
		}
		if n == 0 && m["hash"] != `ab","x":"y` {
			t.Errorf("hash written as %q", m["hash"])
		}
	}
}

// An objective column holds 1 or 0, as batch writes it: a tampered 0.5 or
// 2 was read as a number and counted as a miss.
func TestObjectiveValuesNotFromBatch(t *testing.T) {
	lines := strings.SplitAfter(string(rowFiles(t)["good.csv"]), "\n")
	with := func(v string) string {
		out := strings.TrimSuffix(lines[0], "\n") + ",objective.rok\n"
		for i, l := range lines[1:] {
			if l == "" {
				continue
			}
			val := "1"
			if i == 1 {
				val = v
			}
			out += strings.TrimSuffix(l, "\n") + "," + val + "\n"
		}
		return out
	}
	if _, cols, _, err := ReadRecords("in.csv", strings.NewReader(with("0"))); err != nil || cols[len(cols)-1] != "objective.rok" {
		t.Fatalf("good objective columns: %v, %v", cols, err)
	}
	for _, v := range []string{"0.5", "2", "1.0", "true", "-1"} {
		_, _, _, err := ReadRecords("in.csv", strings.NewReader(with(v)))
		if err == nil || !strings.Contains(err.Error(), `in.csv:3: objective "objective.rok": `) || !strings.Contains(err.Error(), "is not an objective's value as batch writes them (1 met, 0 missed)") {
			t.Errorf("objective %s: %v", v, err)
		}
	}
	row := strings.SplitAfter(string(rowFiles(t)["good.jsonl"]), "\n")[0]
	bad := strings.Replace(row, `"metrics":{`, `"metrics":{"objective.us":0.5,`, 1)
	if _, _, _, err := ReadRecords("in.jsonl", strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), `in.jsonl:1: objective "objective.us": "0.5" is not an objective's value`) {
		t.Errorf("jsonl objective 0.5: %v", err)
	}
}
