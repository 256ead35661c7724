package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
)

// arms returns the tutorial's arms, one per policy played by every ally.
func arms(t testing.TB, policies ...string) []*Arm {
	t.Helper()
	return armsOf(t, "tutorial", policies...)
}

// armsOf returns scenario's arms, one per policy played by every ally.
func armsOf(t testing.TB, scenario string, policies ...string) []*Arm {
	t.Helper()
	c, err := scenarios.Compile(scenario, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []*Arm
	for i, p := range policies {
		spec := map[string]string{}
		for _, a := range c.Alliance() {
			spec[c.Sides[a].ID] = p
		}
		pols, err := sim.ResolvePolicies(c, spec, "balanced", nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &Arm{Index: i, Scenario: c.ID, SHA256: "x", Variant: "base", Compiled: c, Policies: pols, Policy: PolicyLabel(c, pols)})
	}
	return out
}

func runCSV(t testing.TB, cfg *Config) string {
	t.Helper()
	var b bytes.Buffer
	s := NewCSVSink(&b, MetricColumns(cfg.Arms), cfg.PerTurn)
	if _, err := Run(context.Background(), cfg, nil, s); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestWorkersAndShardsAgree checks byte-identical rows for 1 and 2 workers,
// and for three shards merged against the unsharded run.
func TestWorkersAndShardsAgree(t *testing.T) {
	for _, perTurn := range []bool{false, true} {
		a := arms(t, "balanced", "free-rider")
		one := runCSV(t, &Config{Arms: a, Runs: 300, Seed: 5, Workers: 1, PerTurn: perTurn})
		two := runCSV(t, &Config{Arms: a, Runs: 300, Seed: 5, Workers: 2, PerTurn: perTurn})
		if one != two {
			t.Fatalf("perTurn=%v: 1 and 2 workers gave different rows", perTurn)
		}
		var recs []Record
		var cols []string
		for shard := 0; shard < 3; shard++ {
			out := runCSV(t, &Config{Arms: a, Runs: 300, Seed: 5, Workers: 2, Shard: shard, Shards: 3, PerTurn: perTurn})
			r, c, pt, err := ReadRecords("shard", strings.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			if pt != perTurn {
				t.Fatalf("per-turn not detected")
			}
			recs, cols = append(recs, r...), c
		}
		merged, err := MergeRecords(recs, perTurn, 600)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := writeRecords(&b, "csv", merged, cols, perTurn); err != nil {
			t.Fatal(err)
		}
		if b.String() != one {
			t.Fatalf("perTurn=%v: merged shards differ from the unsharded run", perTurn)
		}
		// The CSV parses with encoding/csv, every row the header's width.
		rows, err := csv.NewReader(strings.NewReader(one)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !perTurn && len(rows) != 601 {
			t.Fatalf("%d CSV rows, want 601", len(rows))
		}
	}
}

func TestJSONLRoundTrip(t *testing.T) {
	a := arms(t, "balanced")
	cfg := &Config{Arms: a, Runs: 50, Seed: 2, Workers: 2}
	var b bytes.Buffer
	s := NewJSONLSink(&b, MetricColumns(a), false)
	if _, err := Run(context.Background(), cfg, nil, s); err != nil {
		t.Fatal(err)
	}
	s.Flush()
	recs, _, _, err := ReadRecords("x.jsonl", bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	writeRecords(&out, "jsonl", recs, nil, false)
	if out.String() != b.String() {
		t.Fatal("JSONL did not round-trip byte for byte")
	}
}

// TestMergeRefusesGapsAndDuplicates checks completeness checking.
func TestMergeRefusesGapsAndDuplicates(t *testing.T) {
	recs := []Record{{RunID: 0}, {RunID: 2}}
	if _, err := MergeRecords(recs, false, 0); err == nil || !strings.Contains(err.Error(), "run 1 is missing") {
		t.Fatalf("gap: %v", err)
	}
	recs = []Record{{RunID: 0}, {RunID: 1}, {RunID: 1}}
	if _, err := MergeRecords(recs, false, 0); err == nil || !strings.Contains(err.Error(), "more than once") {
		t.Fatalf("duplicate: %v", err)
	}
	recs = []Record{{RunID: 0}, {RunID: 1}}
	if _, err := MergeRecords(recs, false, 3); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("short: %v", err)
	}
}

// TestCompareDetectsPlantedEffect: free-rider against balanced must differ
// significantly; balanced against itself (the same seeds) must not.
func TestCompareDetectsPlantedEffect(t *testing.T) {
	a := arms(t, "balanced", "free-rider", "balanced")
	a[2].Variant = "again" // a separate arm with identical play
	cfg := &Config{Arms: a, Runs: 400, Seed: 9, Workers: 2}
	s := NewSummary(MetricColumns(a), nil)
	if _, err := Run(context.Background(), cfg, nil, s); err != nil {
		t.Fatal(err)
	}
	cs := s.Compare(0)
	if len(cs) != 2 {
		t.Fatalf("%d comparisons, want 2", len(cs))
	}
	if !cs[0].Success.Significant || cs[0].Success.Diff.Est >= 0 {
		t.Fatalf("free-rider vs balanced: %+v, want a significant drop", cs[0].Success)
	}
	same := cs[1]
	if same.Success.Significant || same.Success.Diff.Est != 0 || same.Success.B+same.Success.C != 0 {
		t.Fatalf("identical arms: %+v", same.Success)
	}
	for _, m := range same.Metrics {
		if m.Significant || m.Diff.Est != 0 {
			t.Fatalf("identical arms differ on %s: %+v", m.ID, m)
		}
	}
}

func TestParseShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	cases := []struct {
		name          string
		spec          string
		count         int
		env           func(string) string
		shard, shards int
		err           string
	}{
		{"none", "", 0, env(), 0, 1, ""},
		{"flag", "2/4", 0, env(), 2, 4, ""},
		{"flag bad", "4/4", 0, env(), 0, 0, "0 ≤ I < N"},
		{"flag junk", "x", 0, env(), 0, 0, "expected I/N"},
		{"k8s", "", 5, env("JOB_COMPLETION_INDEX", "3"), 3, 5, ""},
		{"k8s no count", "", 0, env("JOB_COMPLETION_INDEX", "3"), 0, 0, "--shard-count"},
		{"slurm", "", 0, env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "4"), 3, 4, ""},
		{"slurm off grid", "", 0, env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "4"), 0, 0, "does not fit"},
		{"count without env", "", 3, env(), 0, 0, "needs JOB_COMPLETION_INDEX"},
		// It said the id "does not fit an array of 0 tasks from 0 in steps of 1".
		{"slurm no count", "", 0, env("SLURM_ARRAY_TASK_ID", "2"), 0, 0, "give the number of shards with --shard-count"},
		{"slurm count flag", "", 4, env("SLURM_ARRAY_TASK_ID", "2"), 2, 4, ""},
		// A negative --shard-count was ignored: the batch ran whole.
		{"negative count", "", -3, env(), 0, 0, "--shard-count -3: give the number of shards, 1 or more"},
		{"negative count slurm", "", -3, env("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "5"), 0, 0, "--shard-count -3"},
		// --shard 0/2 --shard-count 3 ran shard 0/2, the count ignored.
		{"flag and count disagree", "0/2", 3, env(), 0, 0, `--shard "0/2" says 2 shards but --shard-count 3`},
		{"flag and count agree", "1/2", 2, env(), 1, 2, ""},
		// A negative minimum overflowed id-lo: "shard -9223372036854775808 is not in 0..1".
		{"slurm negative min", "", 0, env("SLURM_ARRAY_TASK_ID", "9223372036854775807", "SLURM_ARRAY_TASK_MIN", "-1", "SLURM_ARRAY_TASK_COUNT", "2"), 0, 0, `SLURM_ARRAY_TASK_MIN="-1" is not a whole number, 0 or more`},
		{"slurm negative id", "", 0, env("SLURM_ARRAY_TASK_ID", "-1", "SLURM_ARRAY_TASK_COUNT", "2"), 0, 0, "is not a task id"},
	}
	for _, tc := range cases {
		shard, shards, _, err := ParseShard(tc.spec, tc.count, tc.env)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil || shard != tc.shard || shards != tc.shards {
			t.Errorf("%s: got %d/%d %v, want %d/%d", tc.name, shard, shards, err, tc.shard, tc.shards)
		}
	}
}

// TestInterrupt checks a cancelled batch delivers a prefix of the rows.
func TestInterrupt(t *testing.T) {
	a := arms(t, "balanced")
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	cfg := &Config{Arms: a, Runs: 100000, Seed: 1, Workers: 2, Progress: func(done, total int) {
		if done > 500 {
			cancel()
		}
	}}
	sink := sinkFunc(func(r *Row) error {
		if r.Run != n {
			t.Fatalf("row %d delivered as number %d", r.Run, n)
		}
		n++
		return nil
	})
	done, err := Run(ctx, cfg, nil, sink)
	if err != ErrInterrupted || done != n || done >= 100000 {
		t.Fatalf("done=%d n=%d err=%v", done, n, err)
	}
}

// TestSummaryFromRowsEqualsFromRecords: the summary a batch builds from its
// rows as they arrive equals the one merge builds from the rows' text, with
// and without a size hint, and a comparison pairs the arms the same way.
func TestSummaryFromRowsEqualsFromRecords(t *testing.T) {
	a := arms(t, "balanced", "free-rider")
	cfg := &Config{Arms: a, Runs: 300, Seed: 3, Workers: 2}
	cols := MetricColumns(a)
	direct := NewSummary(cols, nil).Expect(cfg.ArmRuns())
	unsized := NewSummary(cols, nil)
	text := NewSummary(cols, nil)
	sink := sinkFunc(func(r *Row) error {
		if err := unsized.Row(r); err != nil {
			return err
		}
		for _, rec := range Records(r, cols, false) {
			text.Add(&rec)
		}
		return direct.Row(r)
	})
	if _, err := Run(context.Background(), cfg, nil, sink); err != nil {
		t.Fatal(err)
	}
	want := text.Results(0)
	if len(want) != 2 || want[0].Runs != 300 || len(want[0].Metrics)+len(want[0].Objectives) != len(cols) || len(want[0].Objectives) != 2 {
		t.Fatalf("summary from records: %d arms, %+v", len(want), want)
	}
	for name, s := range map[string]*Summary{"sized": direct, "unsized": unsized} {
		if got := s.Results(0); !reflect.DeepEqual(got, want) {
			t.Errorf("%s summary from rows differs from the one from records:\n got %+v\nwant %+v", name, got, want)
		}
		if got, want := s.Compare(0), text.Compare(0); !reflect.DeepEqual(got, want) {
			t.Errorf("%s comparison differs:\n got %+v\nwant %+v", name, got, want)
		}
	}
	if c := direct.Compare(0); len(c) != 1 || c[0].Pairs != 300 {
		t.Fatalf("comparison: %+v, want 300 pairs", c)
	}
}

type sinkFunc func(r *Row) error

func (f sinkFunc) Row(r *Row) error { return f(r) }

// BenchmarkBatch measures whole runs of the tutorial with balanced play,
// the batch runner's throughput per worker count.
func BenchmarkBatch(b *testing.B) {
	for _, workers := range []int{1, 2} {
		b.Run(map[int]string{1: "workers=1", 2: "workers=2"}[workers], func(b *testing.B) {
			a := arms(b, "balanced")
			cfg := &Config{Arms: a, Runs: b.N, Seed: 1, Workers: workers}
			b.ReportAllocs()
			b.ResetTimer()
			if _, err := Run(context.Background(), cfg, nil, sinkFunc(func(*Row) error { return nil })); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// countingPolicy counts its plans and calls onPlan at each.
type countingPolicy struct {
	sim.Policy
	onPlan func()
}

func (p countingPolicy) Plan(g *sim.Game, side int, o *sim.Orders) {
	p.onPlan()
	p.Policy.Plan(g, side, o)
}

// TestInterruptStopsWithinAChunk: once the context is cancelled a worker
// stops after the run it is playing, whose row is kept; it played the rest
// of its chunk (64 runs) first, so Ctrl-C on a slow policy took seconds to
// answer.
func TestInterruptStopsWithinAChunk(t *testing.T) {
	a := arms(t, "balanced")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var plans atomic.Int64
	for s, p := range a[0].Policies {
		if p != nil {
			a[0].Policies[s] = countingPolicy{p, func() {
				if plans.Add(1) == 1 {
					cancel()
				}
			}}
		}
	}
	cfg := &Config{Arms: a, Runs: 1000, Seed: 1, Workers: 1}
	done, err := Run(ctx, cfg, nil, sinkFunc(func(*Row) error { return nil }))
	// The run under way when the context was cancelled is played out and
	// kept; nothing after it is played.
	if err != ErrInterrupted || done != 1 {
		t.Fatalf("done=%d err=%v, want 1 and ErrInterrupted", done, err)
	}
	// One run of tutorial is 5 turns × 2 allied sides: 10 plans.
	if n := plans.Load(); n > 10 {
		t.Errorf("%d plans after the cancellation at the first: the worker played on past its run", n)
	}
}

// writeRecords writes records in the given form ("csv" or "jsonl").
func writeRecords(w io.Writer, form string, recs []Record, cols []string, perTurn bool) error {
	rw := NewRecordWriter(w, form, cols, perTurn)
	for i := range recs {
		if err := rw.Write(&recs[i]); err != nil {
			return err
		}
	}
	return rw.Flush()
}
