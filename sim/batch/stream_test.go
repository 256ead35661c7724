package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"lattice/scenarios"
	"lattice/sim"
)

// runRows plays cfg and returns its rows as form ("csv" or "jsonl").
func runRows(t *testing.T, cfg *Config, form string) string {
	t.Helper()
	var b bytes.Buffer
	cols := MetricColumns(cfg.Arms)
	var sink Sink
	var flush func() error
	if form == "jsonl" {
		s := NewJSONLSink(&b, cols, cfg.PerTurn)
		sink, flush = s, s.Flush
	} else {
		s := NewCSVSink(&b, cols, cfg.PerTurn)
		sink, flush = s, s.Flush
	}
	if _, err := Run(context.Background(), cfg, nil, sink); err != nil {
		t.Fatal(err)
	}
	if err := flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// inputs makes merge inputs from in-memory files.
func inputs(files ...string) []MergeInput {
	var in []MergeInput
	for i, f := range files {
		in = append(in, MergeInput{Name: "shard" + string(rune('0'+i)), Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader(f)), nil
		}})
	}
	return in
}

// mergeText merges in-memory row files and writes the result as form.
func mergeText(form string, total int, files ...string) (string, error) {
	var b bytes.Buffer
	var rw *RecordWriter
	_, err := MergeFiles(inputs(files...), total, func(info MergeInfo) (func(*Record) error, error) {
		rw = NewRecordWriter(&b, form, info.Cols, info.PerTurn)
		return rw.Write, nil
	})
	if err != nil {
		return "", err
	}
	err = rw.Flush()
	return b.String(), err
}

// TestMergeFilesMatchesUnsharded: three shards streamed together give the
// unsharded run's rows byte for byte, as csv and jsonl, per run and per
// turn, given in any order of files.
func TestMergeFilesMatchesUnsharded(t *testing.T) {
	a := arms(t, "balanced", "free-rider")
	for _, form := range []string{"csv", "jsonl"} {
		for _, perTurn := range []bool{false, true} {
			whole := runRows(t, &Config{Arms: a, Runs: 120, Seed: 8, Workers: 2, PerTurn: perTurn}, form)
			var shards []string
			for s := 0; s < 3; s++ {
				shards = append(shards, runRows(t, &Config{Arms: a, Runs: 120, Seed: 8, Workers: 2, PerTurn: perTurn, Shard: s, Shards: 3}, form))
			}
			got, err := mergeText(form, 240, shards[2], shards[0], shards[1])
			if err != nil {
				t.Fatalf("%s perTurn=%v: %v", form, perTurn, err)
			}
			if got != whole {
				t.Fatalf("%s perTurn=%v: merged shards differ from the unsharded run", form, perTurn)
			}
		}
	}
}

// TestMergeFilesRefuses: a missing shard, a shard given twice, a wrong
// total, another batch's columns and a file out of run order are refused
// before anything is emitted.
func TestMergeFilesRefuses(t *testing.T) {
	a := arms(t, "balanced")
	var shards []string
	for s := 0; s < 3; s++ {
		shards = append(shards, runRows(t, &Config{Arms: a, Runs: 30, Seed: 2, Workers: 1, Shard: s, Shards: 3}, "csv"))
	}
	lines := strings.SplitAfter(shards[0], "\n")
	swapped := lines[0] + lines[2] + lines[1] + strings.Join(lines[3:], "")
	other := strings.Replace(shards[1], ",intel", ",intelligence", 1)
	cases := []struct {
		name  string
		total int
		files []string
		want  string
	}{
		{"missing shard", 0, []string{shards[0], shards[2]}, "run 1 is missing"},
		{"missing tail", 31, shards, "runs 30 to 30 are missing"},
		{"beyond total", 29, shards, "beyond the batch's 29 runs"},
		{"given twice", 0, []string{shards[0], shards[1], shards[1], shards[2]}, "run 1 is in both shard1 and shard2"},
		{"other columns", 0, []string{shards[0], other, shards[2]}, "columns differ"},
		{"out of order", 0, []string{swapped, shards[1], shards[2]}, "not in run order"},
	}
	for _, tc := range cases {
		started := false
		_, err := MergeFiles(inputs(tc.files...), tc.total, func(MergeInfo) (func(*Record) error, error) {
			started = true
			return func(*Record) error { return nil }, nil
		})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
		if started {
			t.Errorf("%s: rows were emitted before the check failed", tc.name)
		}
		if tc.name == "out of order" && !errors.Is(err, ErrOutOfOrder) {
			t.Errorf("out of order: %v does not wrap ErrOutOfOrder", err)
		}
	}
	if got, err := mergeText("csv", 30, shards...); err != nil || strings.Count(got, "\n") != 31 {
		t.Fatalf("the good shards: %d lines, %v", strings.Count(got, "\n"), err)
	}
}

// tableSummary plays 200 tutorial runs each of balanced and free-rider
// and returns their summary, with causes.
func tableSummary(t *testing.T) *Summary {
	t.Helper()
	a := arms(t, "balanced", "free-rider")
	cfg := &Config{Arms: a, Runs: 200, Seed: 4, Workers: 2, Causes: true}
	tally := NewTally(a)
	s := NewSummary(MetricColumns(a), nil).WithTally(tally)
	if _, err := Run(context.Background(), cfg, tally, s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestTableFitsWidth: the table and comparisons fit an 80-column terminal
// and, by default, 100 columns; wrapped lines keep every word.
func TestTableFitsWidth(t *testing.T) {
	s := tableSummary(t)
	words := func(text string) string { return strings.Join(strings.Fields(text), " ") }
	var wide bytes.Buffer
	s.WithWidth(1000).WriteTable(&wide, 3)
	for _, width := range []int{80, 0} {
		var b bytes.Buffer
		s.WithWidth(width).WriteTable(&b, 3)
		limit := width
		if width == 0 {
			limit = 100
		}
		for i, line := range strings.Split(b.String(), "\n") {
			if n := utf8.RuneCountInString(line); n > limit {
				t.Errorf("width %d: line %d is %d columns: %q", width, i+1, n, line)
			}
		}
		if !strings.Contains(b.String(), "In words:") || !strings.Contains(b.String(), "why (start → mean end") {
			t.Fatalf("width %d: the table lacks its parts:\n%s", width, b.String())
		}
		if width == 0 && words(b.String()) != words(wide.String()) {
			t.Errorf("wrapping at 100 columns lost or changed words")
		}
	}
}

func TestFill(t *testing.T) {
	cases := []struct {
		line          string
		width, indent int
		want          string
	}{
		{"short line", 20, 2, "short line"},
		{"  aligned   columns kept  here and more words", 24, 4, "  aligned   columns kept\n    here and more words"},
		{"averyveryverylongword next", 10, 2, "averyveryverylongword\n  next"},
		{"   ", 2, 0, "   "},
	}
	for _, c := range cases {
		if got := fill(c.line, c.width, c.indent); got != c.want {
			t.Errorf("fill(%q, %d, %d) = %q, want %q", c.line, c.width, c.indent, got, c.want)
		}
	}
}

// TestRowReaderSkipsByteOrderMark: a row file saved again by a spreadsheet,
// with a UTF-8 byte-order mark in front, reads as the file without it; it
// was "not a batch CSV file" (and a JSON Lines one was not recognised).
func TestRowReaderSkipsByteOrderMark(t *testing.T) {
	cfg := &Config{Arms: arms(t, "balanced"), Runs: 5, Seed: 2}
	for _, form := range []string{"csv", "jsonl"} {
		text := runRows(t, cfg, form)
		want, err := mergeText(form, 0, text)
		if err != nil {
			t.Fatal(err)
		}
		got, err := mergeText(form, 0, "\ufeff"+text)
		if err != nil || got != want {
			t.Errorf("%s with a byte-order mark: %v\n%s\nwant\n%s", form, err, got, want)
		}
	}
}

// TestBadMetricsNamedInOrder: of a row's bad metrics the error names the
// first in the row's order, every time; it named one at random (map order),
// so `lattice compare` gave another message from run to run.
func TestBadMetricsNamedInOrder(t *testing.T) {
	row := `{"run_id":0,"scenario":"tutorial","variant":"base","policy":"rok=balanced","replicate":0,"seed":"1","turns_played":5,"verdict":"held","success":true,"hash":"eb09cf897b458db8",` +
		`"metrics":{"escalation":"high","deterrence":93.17,"cohesion":1e3,"resolve":0.9317,"zeal":"x"}}` + "\n"
	const want = `rows.jsonl:1: metric "escalation": "\"high\"" is not a metric value`
	for range 20 {
		_, _, _, err := ReadRecords("rows.jsonl", strings.NewReader(row))
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Fatalf("%v, want %q", err, want)
		}
	}
}

// TestTableShowsSmallNumbers: a 0–1 deterrence component, its causes and
// its paired differences are shown to two significant digits, not as
// "0.00" (a capability difference read "-0.00 (95% CI -0.00 to -0.00),
// significant"); a 0–100 metric keeps two decimals.
func TestTableShowsSmallNumbers(t *testing.T) {
	s := tableSummary(t)
	var b bytes.Buffer
	s.WithWidth(100).WriteTable(&b, 3)
	zero := regexp.MustCompile(`[-+]0\.00\b|\b0\.00–`)
	for _, line := range strings.Split(b.String(), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		switch f[0] {
		case "capability", "resolve", "communication":
			if zero.MatchString(line) {
				t.Errorf("a component's value reads as zero: %q", line)
			}
			if strings.Contains(line, "–") && !regexp.MustCompile(`\d\.\d{3}`).MatchString(line) {
				t.Errorf("a component's mean with fewer than 3 decimals: %q", line)
			}
		case "cohesion":
			if !regexp.MustCompile(`\d\.\d\d\b`).MatchString(line) {
				t.Errorf("a 0–100 metric without its 2 decimals: %q", line)
			}
		}
	}
	for _, x := range []struct {
		v    float64
		most int
		want int
	}{{0, 4, 2}, {35.2, 4, 2}, {0.5, 4, 2}, {0.049, 4, 3}, {0.0012, 4, 4}, {0.00001, 4, 4}, {0.0012, 3, 3}, {-0.004, 4, 4}} {
		if got := decimals(x.v, x.most); got != x.want {
			t.Errorf("decimals(%g, %d) = %d, want %d", x.v, x.most, got, x.want)
		}
	}
}

// TestComparisonSaysWhy: a significant metric difference between arms
// names the causes behind it, and all the causes' differences add up to the
// difference of the arms' means (every run paired: the mean paired
// difference); the rows alone (no tally) give none.
func TestComparisonSaysWhy(t *testing.T) {
	s := tableSummary(t)
	res := s.Results(0)
	mean := func(policy, id string) float64 {
		for _, ar := range res {
			if strings.Contains(ar.Policy, policy) {
				for _, m := range ar.Metrics {
					if m.ID == id {
						return m.Mean.Est
					}
				}
			}
		}
		t.Fatalf("no %s mean for %s", id, policy)
		return 0
	}
	acc := func(policy string) *armAcc {
		for _, a := range s.arms {
			if strings.Contains(a.Policy, policy) {
				return a
			}
		}
		t.Fatalf("no arm %s", policy)
		return nil
	}
	base, other := acc("balanced"), acc("free-rider")
	explained := 0
	if cs := s.Compare(0); len(cs) != 1 || slices.ContainsFunc(cs[0].Metrics, func(m PairedC) bool { return len(m.Causes) > 0 }) {
		t.Fatalf("causes with --causes 0: %+v", cs)
	}
	for _, c := range s.Compare(3) {
		for _, m := range c.Metrics {
			if !m.Significant {
				if len(m.Causes) > 0 {
					t.Errorf("%s: causes for a difference not found significant", m.ID)
				}
				continue
			}
			if len(m.Causes) == 0 || len(m.Causes) > 3 {
				t.Fatalf("%s: %d causes for a significant difference", m.ID, len(m.Causes))
			}
			explained++
			mi := s.tally.Arms[other.armIndex].Compiled.MetricIndex(m.ID)
			var sum float64
			for _, cm := range s.tally.TopDiff(base.armIndex, other.armIndex, mi, 0, base.n, other.n) {
				sum += cm.Mean
			}
			if want := mean("free-rider", m.ID) - mean("balanced", m.ID); math.Abs(sum-want) > 1e-3 {
				t.Errorf("%s: the causes' differences add to %.4f, the means differ by %.4f", m.ID, sum, want)
			}
		}
	}
	if explained == 0 {
		t.Fatal("no significant metric difference between balanced and free-rider in 200 tutorial runs")
	}
	var b bytes.Buffer
	s.WithWidth(100).WriteTable(&b, 3)
	if !strings.Contains(b.String(), "mostly from: ") {
		t.Fatalf("the table does not say why the arms differ:\n%s", b.String())
	}
}

// TestCSVSinkAsEncodingCSV: CSVSink appends its rows itself; they must be
// the bytes encoding/csv writes for Records' fields, labels that need
// quoting included (commas, quotes, line breaks, a leading space, \.),
// with metric columns an arm's scenario lacks left empty, with and
// without per-turn rows.
func TestCSVSinkAsEncodingCSV(t *testing.T) {
	tut := arms(t, "balanced", "free-rider")
	s, err := scenarios.Open("taiwan-strait")
	if err != nil {
		t.Fatal(err)
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	tut[0].Variant = "a,b \"c\"\nd"
	tut[1].Variant, tut[1].Policy = " lead", `\.`
	all := append(tut, &Arm{Index: 2, Scenario: c.ID, SHA256: "y", Variant: "base", Compiled: c, Policies: pols, Policy: "rok=balanced"})
	for _, perTurn := range []bool{false, true} {
		cfg := &Config{Arms: all, Runs: 20, Seed: 9, Workers: 2, PerTurn: perTurn}
		cols := MetricColumns(all)
		var got, want bytes.Buffer
		sink := NewCSVSink(&got, cols, perTurn)
		cw := csv.NewWriter(&want)
		cw.Write(Header(cols, perTurn))
		check := sinkFunc(func(r *Row) error {
			for _, rec := range Records(r, cols, perTurn) {
				cw.Write(rec.fields(perTurn))
			}
			return nil
		})
		if _, err := Run(context.Background(), cfg, nil, sink, check); err != nil {
			t.Fatal(err)
		}
		if err := sink.Flush(); err != nil {
			t.Fatal(err)
		}
		cw.Flush()
		if got.String() != want.String() {
			t.Fatalf("per-turn %v: CSVSink wrote\n%s\nencoding/csv writes\n%s", perTurn, got.String(), want.String())
		}
		if n := strings.Count(got.String(), "\n"); n < 60 {
			t.Fatalf("per-turn %v: only %d lines", perTurn, n)
		}
	}
}
