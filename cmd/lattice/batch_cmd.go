package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/batch"
	"lattice/sim/safefile"
)

func batchFlags(fs *flag.FlagSet) {
	fs.Int("runs", 1000, "replicates per arm (scenario × variant × policy)")
	fs.Uint64("seed", 1, "master `seed`: replicate r plays seed hash(seed, r) in every arm")
	fs.Var(new(listFlag), "policy", "fix the policy of named sides, `SIDE=POLICY,...`")
	fs.String("policies", "", "one arm per `P1,P2,...`, applied to every AI-played allied side not fixed by --policy")
	fs.Var(new(listFlag), "set", "sweep a scenario value, `KEY=V1,V2,...` (repeatable: the product of all --set flags)")
	fs.String("difficulty", "", "difficulty `level` for every arm")
	fs.Int("workers", 0, "parallel workers (default: one per CPU)")
	fs.String("shard", "", "run only shard `I/N` (I from 0) of the runs")
	fs.Int("shard-count", 0, "number of shards when the index comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	fs.Bool("per-turn", false, "csv/jsonl: one row per run and turn")
	fs.String("format", "", "output `form`: table, csv, jsonl or json (default table on a terminal, csv otherwise)")
	fs.String("out", "", "write to `FILE` (atomically) with a manifest beside it, FILE.manifest.json")
	fs.Int("causes", 3, "top causes shown per metric in table and json output")
}

func init() {
	register(&command{
		name:    "batch",
		args:    "SCENARIO... [--runs N] [--seed S] [--policy SIDE=POLICY,...] [--policies P1,P2,...] [--set KEY=V1,V2,...] [--workers N] [--shard I/N] [--per-turn] [--format table|csv|jsonl|json] [--out FILE]",
		summary: "play many seeded games and summarise or compare them",
		help: `Plays every arm — each SCENARIO × each variant (the product of the --set
sweeps) × each policy in --policies — for --runs replicates. Replicate r uses
the same run seed in every arm, so arms are compared on common random numbers
(the same inject and action dice).

Outputs:
  table  per arm: success rate with a Wilson 95% interval, verdict rates, each
         metric's mean with a 95% interval, p5/p50/p95, a histogram and the top
         causes (mean change per run); then paired comparisons of every arm
         with the first arm of its scenario (McNemar for success, paired t for
         metrics, Holm-corrected), in numbers and in words.
  csv    one row per run: run_id, scenario, scenario_sha256, variant, policy,
         replicate, seed, turns_played, verdict, success, hash, then the final
         metrics (with --per-turn: one row per run and turn, with a turn column).
  jsonl  the same rows as JSON objects.
  json   one summary object: {"runs", "seed", "arms": [...], "comparisons": [...]}.

Every row reproduces with: lattice run SCENARIO --seed SEED --policy POLICY
--set … (the variant's overrides are listed in the manifest written beside
--out). Rows come out in run order whatever --workers, so output is
byte-identical for the same arguments.

Sharding: --shard I/N plays every N-th run from I. In a Kubernetes Indexed
Job give --shard-count N (the index comes from JOB_COMPLETION_INDEX); in a
Slurm array job the index and count come from SLURM_ARRAY_TASK_*. Write each
shard's rows with --format csv --out FILE, then join them with lattice merge.`,
		run:   cmdBatch,
		flags: batchFlags,
	})
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// variants expands --set KEY=V1,V2 flags into their cartesian product.
func variants(sets []string) ([][]string, error) {
	out := [][]string{nil}
	for _, s := range sets {
		k, vs, ok := strings.Cut(s, "=")
		if !ok || strings.TrimSpace(k) == "" || vs == "" {
			return nil, fmt.Errorf("--set %q: expected KEY=V1,V2,...", s)
		}
		var next [][]string
		for _, prev := range out {
			for _, v := range strings.Split(vs, ",") {
				next = append(next, append(append([]string(nil), prev...), strings.TrimSpace(k)+"="+strings.TrimSpace(v)))
			}
		}
		out = next
		if len(out) > 10000 {
			return nil, errors.New("--set sweeps make more than 10,000 variants; narrow them")
		}
	}
	return out, nil
}

type batchOpts struct {
	runs, workers, shardCount, causes int
	seed                              uint64
	polSpecs, sets                    listFlag
	policies, difficulty, shard       string
	perTurn                           bool
	format, out                       string
}

func cmdBatch(ctx context.Context, e *env, args []string) int {
	c := lookup("batch")
	fs := newFlags(c, e)
	var o batchOpts
	fs.IntVar(&o.runs, "runs", 1000, "")
	fs.Uint64Var(&o.seed, "seed", 1, "")
	fs.Var(&o.polSpecs, "policy", "")
	fs.StringVar(&o.policies, "policies", "", "")
	fs.Var(&o.sets, "set", "")
	fs.StringVar(&o.difficulty, "difficulty", "", "")
	fs.IntVar(&o.workers, "workers", 0, "")
	fs.StringVar(&o.shard, "shard", "", "")
	fs.IntVar(&o.shardCount, "shard-count", 0, "")
	fs.BoolVar(&o.perTurn, "per-turn", false, "")
	fs.StringVar(&o.format, "format", "", "")
	fs.StringVar(&o.out, "out", "", "")
	fs.IntVar(&o.causes, "causes", 3, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) == 0 {
		return usageError(e, c, "give at least one scenario (a built-in id or a .toml path)")
	}
	if o.runs < 1 || o.runs > 100_000_000 {
		return usageError(e, c, "--runs must be between 1 and 100,000,000")
	}
	if o.workers < 0 || o.workers > 1024 {
		return usageError(e, c, "--workers must be between 0 (one per CPU) and 1024")
	}
	if o.format == "" {
		o.format = "csv"
		if o.out == "" && isTerminal(e.stdout) {
			o.format = "table"
		}
	}
	switch o.format {
	case "table", "csv", "jsonl", "json":
	default:
		return usageError(e, c, "unknown --format %q: table, csv, jsonl or json", o.format)
	}
	if o.perTurn && (o.format == "table" || o.format == "json") {
		return usageError(e, c, "--per-turn applies to csv and jsonl rows")
	}
	shard, shards, _, err := batch.ParseShard(o.shard, o.shardCount, e.getenv)
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	if shards > 1 && (o.format == "table" || o.format == "json") {
		return usageError(e, c, "a shard writes rows: use --format csv or jsonl, then lattice merge")
	}
	spec, err := parsePolicySpec(o.polSpecs)
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	vars, err := variants(o.sets)
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	var armPolicies []string
	for _, p := range strings.Split(o.policies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			armPolicies = append(armPolicies, p)
		}
	}
	if len(armPolicies) == 0 {
		armPolicies = []string{""}
	}
	if o.out != "" {
		if err := safefile.CheckWritable(o.out); err != nil {
			fmt.Fprintf(e.stderr, "lattice batch: --out: %v\n", err)
			return exitInvalid
		}
	}

	// Build every arm before any work starts, so bad input fails at once.
	cfg := &batch.Config{Runs: o.runs, Seed: o.seed, Workers: o.workers, Shard: shard, Shards: shards, PerTurn: o.perTurn,
		Causes: o.format == "table" || o.format == "json"}
	man := batch.Manifest{Lattice: Version, Engine: sim.EngineVersion, Go: goVersion(), Args: append([]string{"batch"}, args...),
		Seed: o.seed, Runs: o.runs, Shard: shard, Shards: shards, Format: o.format, PerTurn: o.perTurn, Difficulty: o.difficulty,
		Variants: map[string][]string{}}
	labels := map[string]string{}
	for _, scen := range pos {
		for vi, ov := range vars {
			comp, err := scenarios.Compile(scen, o.difficulty, ov)
			if err != nil {
				printScenarioError(e.stderr, err)
				return exitInvalid
			}
			if vi == 0 {
				man.Scenarios = append(man.Scenarios, batch.ManifestScenario{ID: comp.ID, Source: scen, SHA256: hex.EncodeToString(comp.SHA256[:])})
				for _, m := range comp.Metrics {
					labels[m.ID] = m.Name
				}
			}
			vid := "base"
			if len(o.sets) > 0 {
				vid = fmt.Sprintf("v%d", vi+1)
				man.Variants[vid] = ov
			}
			for _, ap := range armPolicies {
				sp := spec
				if ap != "" {
					sp = map[string]string{}
					for _, s := range comp.Alliance() {
						sp[comp.Sides[s].ID] = ap
					}
					for k, v := range spec {
						sp[k] = v
					}
				}
				pols, err := sim.ResolvePolicies(comp, sp, "balanced", policyFile)
				if err != nil {
					fmt.Fprintf(e.stderr, "lattice batch: %s\n", sim.Sanitize(err.Error(), false))
					return exitInvalid
				}
				arm := &batch.Arm{Index: len(cfg.Arms), Scenario: comp.ID, SHA256: hex.EncodeToString(comp.SHA256[:]), Variant: vid,
					Overrides: ov, Compiled: comp, Policies: pols}
				arm.Policy = batch.PolicyLabel(comp, pols)
				cfg.Arms = append(cfg.Arms, arm)
				man.Arms = append(man.Arms, batch.ManifestArm{Index: arm.Index, Scenario: arm.Scenario, Variant: vid, Policy: arm.Policy})
			}
		}
	}
	man.TotalRuns = cfg.Total()
	man.Reproduce = "lattice run SCENARIO --seed SEED --policy POLICY [--difficulty " + orNone(o.difficulty) + "] --set KEY=VALUE for each override of the row's variant"

	// Output: stdout, or an atomic file committed when done.
	var w io.Writer = e.stdout
	var file *safefile.File
	if o.out != "" {
		if file, err = safefile.Create(o.out, 0o644); err != nil {
			fmt.Fprintf(e.stderr, "lattice batch: --out: %v\n", err)
			return exitInvalid
		}
		defer file.Abort()
		w = file
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	cols := batch.MetricColumns(cfg.Arms)
	var sinks []batch.Sink
	var flush func() error
	var summary *batch.Summary
	var tally *batch.Tally
	switch o.format {
	case "csv":
		s := batch.NewCSVSink(bw, cols, o.perTurn)
		sinks, flush = append(sinks, s), s.Flush
	case "jsonl":
		s := batch.NewJSONLSink(bw, cols, o.perTurn)
		sinks, flush = append(sinks, s), s.Flush
	default:
		tally = batch.NewTally(cfg.Arms)
		summary = batch.NewSummary(cols, labels).WithTally(tally)
		sinks = append(sinks, summary)
	}
	prog := newProgress(e.stderr, e.getenv)
	cfg.Progress = prog.update
	start := time.Now()
	done, runErr := batch.Run(ctx, cfg, tally, sinks...)
	prog.finish()
	if runErr != nil && !errors.Is(runErr, batch.ErrInterrupted) {
		fmt.Fprintf(e.stderr, "lattice batch: %v\n", runErr)
		return exitInvalid
	}
	if flush != nil {
		if err := flush(); err != nil {
			fmt.Fprintf(e.stderr, "lattice batch: writing output: %v\n", err)
			return exitInvalid
		}
	}
	if summary != nil {
		if o.format == "json" {
			writeBatchJSON(bw, summary, o, cfg, o.causes)
		} else {
			summary.WriteTable(bw, o.causes)
		}
	}
	if err := bw.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "lattice batch: writing output: %v\n", err)
		return exitInvalid
	}
	man.RunsInFile = done
	man.Complete = runErr == nil
	if file != nil {
		if err := file.Commit(); err != nil {
			fmt.Fprintf(e.stderr, "lattice batch: %v\n", err)
			return exitInvalid
		}
		if err := safefile.WriteFile(batch.ManifestPath(o.out), mustJSON(man), 0o644); err != nil {
			fmt.Fprintf(e.stderr, "lattice batch: %v\n", err)
			return exitInvalid
		}
	}
	if errors.Is(runErr, batch.ErrInterrupted) {
		fmt.Fprintf(e.stderr, "lattice batch: interrupted after %d runs; the completed rows were kept\n", done)
		return exitInterrupted
	}
	if prog.enabled {
		el := time.Since(start)
		fmt.Fprintf(e.stderr, "%d runs in %s (%.0f runs/s)\n", done, el.Round(time.Millisecond), float64(done)/el.Seconds())
	}
	return exitOK
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func goVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.GoVersion
	}
	return runtime.Version()
}

func writeBatchJSON(w io.Writer, s *batch.Summary, o batchOpts, cfg *batch.Config, causes int) {
	out := struct {
		Runs        int                `json:"runs_per_arm"`
		Seed        uint64             `json:"master_seed"`
		Arms        []batch.ArmResult  `json:"arms"`
		Comparisons []batch.Comparison `json:"comparisons"`
	}{Runs: o.runs, Seed: o.seed, Arms: s.Results(causes), Comparisons: s.Compare()}
	if out.Comparisons == nil {
		out.Comparisons = []batch.Comparison{}
	}
	w.Write(mustJSON(out))
}
