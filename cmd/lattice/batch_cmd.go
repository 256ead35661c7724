package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/batch"
	"lattice/sim/journal"
	"lattice/sim/safefile"

	"github.com/charmbracelet/x/term"
)

func batchFlags(fs *flag.FlagSet) {
	fs.Int("runs", 1000, "`N` replicates per arm (scenario × variant × policy)")
	fs.Uint64("seed", 1, "master seed `N`: replicate r plays seed hash(N, r) in every arm")
	fs.Var(new(listFlag), "policy", "fix the policy of named sides, `SIDE=POLICY,...`")
	fs.String("policies", "", "one arm per `P1,P2,...`, applied to every AI-played allied side not fixed by --policy")
	fs.Var(new(listFlag), "set", "sweep a scenario value, `KEY=V1,V2,...` (one --set per key, repeatable for other keys: the product of all; a comma in a value: \\, or \"a,b\")")
	fs.String("difficulty", "", "difficulty `LEVEL` for every arm (one the scenarios define: easy, normal, hard)")
	fs.Int("workers", 0, "`N` parallel workers (default: one per CPU)")
	fs.String("shard", "", "run only shard `I/N` (I from 0) of the runs")
	fs.Int("shard-count", 0, "`N` shards in all, when the index comes from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID")
	fs.Bool("per-turn", false, "csv/jsonl: one row per run and turn")
	fs.String("format", "", "output `FORM`: table, csv, jsonl or json (default: the one --out FILE's ending names, .txt for table; else table on a terminal, csv otherwise)")
	fs.String("out", "", "write to `FILE` (atomically) with a manifest beside it, FILE.manifest.json")
	fs.Int("causes", 3, "`N` top causes shown per metric in table and json output (csv or jsonl rows with --out: their manifest keeps the causes, for merge and compare)")
	stepsFlag(fs)
	fs.String("from", "", "Monte Carlo continuations of the game journalled in `FILE` from turn --at")
	fs.Int("at", 0, "with --from, which needs it: the `TURN` after which the continuations start, 0 for the start (default: none)")
}

func init() {
	register(&command{
		name:    "batch",
		args:    "SCENARIO... [--runs N] [--seed N] [--policy SIDE=POLICY,...] [--policies P1,P2,...] [--set KEY=V1,V2,...] [--workers N] [--shard I/N] [--per-turn] [--format table|csv|jsonl|json] [--steps first|adjacent|both] [--out FILE] | --from FILE --at TURN [--runs N] [--seed N] [--policy SIDE=POLICY,...] [--policies P1,P2,...] [--workers N] [--format table|json] [--out FILE]",
		summary: "play many seeded games and summarise or compare them",
		help: `Plays every arm — each SCENARIO × each variant (the product of the --set
sweeps) × each policy in --policies — for --runs replicates. Replicate r uses
the same run seed in every arm, so arms are compared on common random numbers
(the same inject and action dice).

Outputs:
  table  the runs an arm, their replicates and master seed, and the
         intervals' methods; every arm's success rate, a line each; then per
         arm: success rate with a Wilson 95% interval, verdict rates (and,
         once a scenario, which verdicts count as allied success; under
         each arm where a --set of an end's success makes arms differ),
         how often each ally met its private objective and how often all
         did in a success (a true win; Wilson 95%), turns played, each
         metric's mean with a Student t 95% interval, p5/p50/p95, a
         histogram and the top causes (mean change per run) beside
         start → mean end; then paired
         comparisons of arms that differ in one thing: each arm with its
         variant's first-policy arm and with its policy's arm in each
         variant that puts one of its --set values back to the first
         (--steps adjacent: back to the level before it in its --set
         list, 4→6 and 6→8 for --set k=4,6,8; --steps both: both, each
         pair once; every comparison shown counts in the correction)
         (McNemar for success, true win and each objective, paired t for
         metrics, Holm-corrected), in numbers and in words (each metric
         difference with its effect size d, largest first, those under 0.2
         as negligible); lattice compare --baseline ARM compares with one
         arm instead.
  csv    one row per run: run_id, scenario, scenario_sha256, variant, policy,
         replicate, seed, turns_played, verdict, success, hash, then the final
         metrics, then objective.SIDE per ally with a private objective (1
         met, 0 missed) (with --per-turn: one row per run and turn, with a
         turn column after seed; the objectives on the last row only).
  jsonl  the same rows as JSON objects, the metrics (and objectives) in one
         "metrics" object and the seed a decimal string (a 64-bit seed as a JSON
         number is rounded by jq and JavaScript).
  json   one summary object: {"runs_per_arm", "master_seed", "difficulty"
         (with --difficulty), "complete", "alpha", "correction", "tests",
         "p_floor", "intervals", "arms": [...], "comparisons": [...]} (the
         comparisons' level, 0.05, correction, "holm", number of tests
         corrected across, and least p given, 1e-16: a smaller p is given
         as 1e-16, read "p ≤ 1e-16"; the arms' intervals' level and methods:
         "wilson" for rates, "student-t" for means). Each verdict says
         whether it counts as an allied "success"; each comparison has
         "true_success" beside "success" where the allies have objectives,
         "scenario_files_differ" where its arms were played from
         different files of the scenario, and "verdict_pairs": its pairs
         by verdict under each arm, [{"from", "to", "count"}], most first
         (the table lists the largest cells where the verdicts differ).

Interrupted (Ctrl-C, exit 130), table and json summarise the runs played and
say so: the table opens with INTERRUPTED and the runs played of those
planned, and each arm cut short says "interrupted: N of M runs"; the json
has "complete": false and each arm's "runs" (played) and "runs_planned"
(an arm not started: a "success_rate" of nulls with "na": true,
"turns_played" null, no "verdicts" nor "metrics").

Sweeps: --set KEY=V1,V2,... plays one variant per value; give each key once,
with all its values (a second --set of one key, or a value listed twice,
even written two ways as 4 and 4.0, is refused), and several keys for their
product. A value holding a comma is quoted or escaped: --set 'KEY="a,b",c'
or --set 'KEY=a\,b,c' (\\ is a backslash). A --set of an allied side's
policy (side.rok.policy) is refused with --policies, which gives every
allied side the arm's policy, and with a --policy for that side; a sweep
of what an adversary does not play by (side.prc.budget, support,
priorities) is refused, and one value of it warned of: it has no effect.

Every row reproduces with: lattice run SCENARIO --seed SEED --policy POLICY
--set … --difficulty D (the variant's overrides, the difficulty and each
scenario's source are in the manifest written beside --out; its reproduce
field says how). Rows come out in run order whatever --workers, so output is
byte-identical for the same arguments. The manifest also names the build
("build": its vcs_revision and vcs_modified where the build recorded them,
else its module_version; goos, goarch and the executable's SHA-256) and the
SHA-256 of the file written ("file_sha256"), which merge and compare check
the rows against. Rows written with --out also play a few canary games,
the same in every shard (3 an arm, 48 at most, on replicates 100,000,000
on), whose outcome is the manifest's "fingerprint": merge refuses shards
whose fingerprints differ, made by builds that play differently.

Sharding: --shard I/N plays every N-th run from I (N at most the batch's
runs). In a Kubernetes Indexed Job give --shard-count N (the index comes
from JOB_COMPLETION_INDEX); in a Slurm array job the index and count come
from SLURM_ARRAY_TASK_*; a shard so taken is named on stderr (give --shard
to choose; --shard 0/1 plays the whole batch). Write each shard's rows with
--format csv --out FILE, then join them with lattice merge.
A shard's manifest also holds the causes it tallied (each metric's change by
lever, move, event, drift…), so that merge's and compare's tables and json
show them as an unsharded batch's do; tallying them makes a shard about a
fifth slower, and --causes 0 leaves them out. An unsharded batch's rows
written with --out keep them in the manifest too, as a shard's do.

Continuations: --from FILE --at TURN replays the journal to TURN, then plays
--runs continuations of that position to the end, each with fresh dice
(replicate r plays on from a copy of the position with the dice of run seed
r, as --fork --seed does), with the journal's policies (sides a person
played get the balanced AI, or the adversary's doctrine), or one arm per
--policies entry, --policy fixing named sides. The table (or --format json)
shows per arm the success rate, and the true win, with Wilson 95% intervals,
the verdict rates (which count as allied success), how often each ally met
its private objective, and each metric's mean and p5/p50/p95; if the journal
reached an end, also
where the played game sits: its verdict's share among the continuations and,
for each metric, the percentile of its final value. With several --policies,
each arm is compared with the first, replicate by replicate (the same dice),
as a batch's arms are (json: "comparisons"). They play on --workers, and the
summary is the same whatever the workers. --out FILE writes it atomically
with a manifest beside it, as a batch's, that also names the journal, its
SHA-256 and --at under "from".`,
		run:   cmdBatch,
		flags: batchFlags,
	})
}

// terminalWidth returns w's columns if it is a terminal, else 0 (the
// table output's default width).
func terminalWidth(w io.Writer) int {
	f, ok := stdoutFile(w)
	if !ok || !isTerminal(w) {
		return 0
	}
	cols, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return cols
}

// outWidth returns the width a table is fitted to: stdout's, if the table
// goes there and it is a terminal; $COLUMNS, if it goes to a pipe or a
// redirection and the variable is set ("COLUMNS=80 lattice batch … |
// less", "> report.txt"); else 0 (the default). A file written with --out
// never depends on the terminal or environment it was written from.
func outWidth(e *env, out string) int {
	if out != "" {
		return 0
	}
	if w := terminalWidth(e.stdout); w > 0 {
		return w
	}
	if n, err := strconv.Atoi(strings.TrimSpace(e.getenv("COLUMNS"))); err == nil && n > 0 {
		return n
	}
	return 0
}

// isTerminal says whether w is a terminal (a console on Windows): not
// merely a character device, as /dev/null and Windows' NUL are too, where
// a progress bar and colours went.
func isTerminal(w io.Writer) bool {
	f, ok := stdoutFile(w)
	return ok && term.IsTerminal(f.Fd())
}

// armPolicyList splits --policies into its arms ([""], one arm of the
// default policies, if the flag was not given). An empty entry ("--policies
// ,,", "a,,b", a trailing comma) is refused: it was silently dropped, so a
// list that came out empty ran the default as if that had been asked for.
func armPolicyList(policies string, given bool) ([]string, error) {
	if !given {
		return []string{""}, nil
	}
	var arms []string
	for _, p := range strings.Split(policies, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			if strings.Trim(policies, ", ") == "" {
				return nil, fmt.Errorf("--policies %q names no policy: give one or more, comma-separated, such as balanced,free-rider (or leave --policies out for the default)", policies)
			}
			return nil, fmt.Errorf("--policies %q has an empty entry: separate policies with single commas, such as balanced,free-rider", policies)
		}
		if slices.Contains(arms, p) {
			return nil, fmt.Errorf("--policies names %q twice: each arm must differ (use --runs for more games)", p)
		}
		arms = append(arms, p)
	}
	return arms, nil
}

// variants expands --set KEY=V1,V2 flags into their cartesian product. A
// key given twice, or a value listed twice for one key, is refused: the
// repeats made variants that differ in nothing, or in a value their labels
// did not show ("--set k=4,8 --set k=6" made v1 k=4 k=6 and v2 k=8 k=6,
// the last winning). A value holding a comma is written "a,b" (quoted) or
// a\,b (escaped); \\ is a backslash and \" a double quote.
func variants(sets []string) ([][]string, error) {
	out := [][]string{nil}
	seen := map[string]string{} // key → the --set that gave it
	for _, s := range sets {
		k, vs, ok := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" || vs == "" {
			return nil, fmt.Errorf("--set %q: expected KEY=V1,V2,...", s)
		}
		if prev, ok := seen[k]; ok {
			return nil, fmt.Errorf("--set %s is given twice (--set %s and --set %s): give all its values in one --set, such as --set %s=4,6,8; the variants are the product of the keys", k, prev, s, k)
		}
		seen[k] = s
		vals := setValues(vs)
		for i, v := range vals {
			if slices.Contains(vals[:i], v) {
				return nil, fmt.Errorf("--set %s lists %q twice: each variant must differ (use --runs for more games)", s, v)
			}
		}
		var next [][]string
		for _, prev := range out {
			for _, v := range vals {
				next = append(next, append(append([]string(nil), prev...), k+"="+v))
			}
		}
		out = next
		if len(out) > 10000 {
			return nil, errors.New("--set sweeps make more than 10,000 variants; narrow them")
		}
	}
	return out, nil
}

// setSide splits a --set key of a side ("side.rok.policy",
// "side.prc.priorities.maritime") into the side's index in comp and the
// field under it; -1 if the key is not a side's of comp.
func setSide(comp *sim.Compiled, key string) (int, string) {
	parts := strings.SplitN(strings.TrimSpace(key), ".", 3)
	if len(parts) < 3 || parts[0] != "side" {
		return -1, ""
	}
	return comp.FindSide(parts[1]), parts[2]
}

// setOf returns the --set flag among sets that gives key, as typed.
func setOf(sets []string, key string) string {
	for _, s := range sets {
		if k, _, _ := strings.Cut(s, "="); strings.TrimSpace(k) == key {
			return s
		}
	}
	return key
}

// overriddenPolicySet says why a variant's --set of an allied side's
// policy would be ignored, if it would: --policies gives every allied
// side each arm's policy, and --policy fixes the sides it names, over the
// scenario's. "--set side.rok.policy=free-rider,balanced --policies
// balanced,alliance-first" was labelled a sweep of rok's policy, and v1
// played rok=balanced.
func overriddenPolicySet(comp *sim.Compiled, ov, sets []string, spec map[string]string, policies string, policiesGiven bool) string {
	for _, o := range ov {
		k, _, _ := strings.Cut(o, "=")
		i, field := setSide(comp, k)
		if i < 0 || field != "policy" || comp.Sides[i].Adversary {
			continue
		}
		id, set := comp.Sides[i].ID, setOf(sets, strings.TrimSpace(k))
		if policiesGiven {
			return fmt.Sprintf("--set %s would be ignored: --policies %s gives every allied side, %s included, the policy of its arm. To compare %s's policies, leave out --policies and keep the --set (--policy SIDE=POLICY fixes other sides); to compare the --policies, leave out the --set", set, policies, id, id)
		}
		for sk, sp := range spec {
			if comp.FindSide(sk) == i {
				return fmt.Sprintf("--set %s would be ignored: --policy %s=%s fixes %s's policy in every arm. Give %s's policy one way: leave out --policy %s=%s to sweep it, or the --set to fix it", set, sk, sp, id, id, sk, sp)
			}
		}
	}
	return ""
}

// setsUnplayed finds the --set keys that no variant of a scenario plays:
// an adversary side's budget, support or priorities, which it accepts
// and ignores (it plays its doctrine). "--set side.prc.budget=1,100" made
// two variants of the same games, reported without a word.
type setsUnplayed struct {
	keys   []string        // the first variant's keys that it does not play
	played map[string]bool // keys some variant plays
	scen   string
}

// add notes variant ov of scenario comp (first: the scenario's first).
func (u *setsUnplayed) add(comp *sim.Compiled, ov []string, first bool) {
	if u.played == nil {
		u.played, u.scen = map[string]bool{}, comp.ID
	}
	for _, o := range ov {
		k, _, _ := strings.Cut(o, "=")
		k = strings.TrimSpace(k)
		ignored := comp.Unplayed(k) != ""
		switch {
		case !ignored:
			u.played[k] = true // in a variant that makes the side an ally, say
		case first:
			u.keys = append(u.keys, k)
		}
	}
}

// problem says what of the --set flags sets no variant plays, and whether
// to refuse it: a sweep of such a key makes variants that differ in
// nothing, as a value listed twice would (refused); one value is accepted,
// as lattice run accepts it, with a warning.
func (u *setsUnplayed) problem(sets []string) (string, bool) {
	for _, k := range u.keys {
		if u.played[k] {
			continue
		}
		set := setOf(sets, k)
		parts := strings.SplitN(k, ".", 4)
		side, field := parts[1], parts[2]
		_, vs, _ := strings.Cut(set, "=")
		if len(setValues(vs)) > 1 {
			return fmt.Sprintf("--set %s: %s is an adversary side of %s, and no adversary plays by its %s (it plays its doctrine: side.%s.actions, bluffs and aim, and its actions' pressure), so the variants would play the same games; sweep an allied side's %s, or the doctrine", set, side, u.scen, field, side, field), true
		}
		return fmt.Sprintf("--set %s has no effect: %s is an adversary side of %s, which plays its doctrine (side.%s.actions, bluffs and aim), not by its %s; every run plays as without it", set, side, u.scen, side, field), false
	}
	return "", false
}

// setValues splits the values of one --set KEY=V1,V2,... as typed into
// the values.
func setValues(vs string) []string {
	var vals []string
	for _, v := range splitValues(vs) {
		vals = append(vals, unescapeValue(strings.TrimSpace(v)))
	}
	return vals
}

// sameSetValue returns an error naming two values of one --set that are
// one value in scenario scen written two ways (4 and 04, 4 and 4.0): their
// variants would differ in nothing, as a value listed twice would. A value
// the key does not take is left for the compile to report.
func sameSetValue(scen *sim.Scenario, sets []string) error {
	for _, set := range sets {
		k, vs, _ := strings.Cut(set, "=")
		k = strings.TrimSpace(k)
		as := map[string]string{} // the value as the scenario holds it → as typed
		for _, v := range setValues(vs) {
			c := scen.Clone()
			if c.Set(k, v) != nil {
				continue
			}
			held := c.Value(k)
			if prev, ok := as[held]; ok {
				return fmt.Errorf("--set %s lists %q and %q, the same value (%s): each variant must differ (use --runs for more games)", set, prev, v, held)
			}
			as[held] = v
		}
	}
	return nil
}

// unescapeValue turns one --set value as typed into the value: "a,b"
// (quoted whole) is a,b, and outside quotes \, is a comma, \" a double
// quote and \\ a backslash; any other backslash is itself.
func unescapeValue(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' && !strings.HasSuffix(v, `\"`) {
		return v[1 : len(v)-1] // "a,b" is the string a,b
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) && strings.IndexByte(`,"\`, v[i+1]) >= 0 {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

type batchOpts struct {
	runs, workers, shardCount, causes int
	seed                              uint64
	polSpecs, sets                    listFlag
	policies, difficulty, shard       string
	steps                             string
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
	fs.StringVar(&o.steps, "steps", batch.StepsFirst, "")
	from := fs.String("from", "", "")
	at := fs.Int("at", 0, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if why := emptyFileFlag(fs, "from"); why != "" {
		return usageError(e, c, "%s", why)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if why := outProblem(fs, o.out); why != "" {
		return usageError(e, c, "%s", why)
	}
	if code := manifestOut(e, "batch", o.out); code >= 0 {
		return code
	}
	o.format = sameFormat(o.format, "table")
	if *from != "" || set["at"] {
		return batchFrom(ctx, e, c, &o, *from, *at, set, pos, args)
	}
	if len(pos) == 0 {
		return usageError(e, c, "give at least one scenario (a built-in id or a .toml path)")
	}
	if o.runs < 1 || o.runs > batch.MaxRuns {
		return usageError(e, c, "--runs must be between 1 and 100,000,000")
	}
	if o.causes < 0 {
		return usageError(e, c, "--causes %d: give 0 (no causes) or more", o.causes)
	}
	if why := stepsProblem(o.steps); why != "" {
		return usageError(e, c, "%s", why)
	}
	if o.workers < 0 || o.workers > 1024 {
		return usageError(e, c, "--workers must be between 0 (one per CPU) and 1024")
	}
	// Said, not done silently (--out r.xlsx wrote csv without a word), but
	// once --out is known to be writable: --out /dev/full said it before
	// the refusal.
	noForm := false
	if o.format == "" {
		o.format = formatOfOut(o.out)
		noForm = o.format == "" && o.out != ""
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
	shard, shards, source, err := batch.ParseShard(o.shard, o.shardCount, e.getenv)
	// The manifest beside rows written with --out keeps their causes for
	// merge and compare, sharded or not, as --causes' default of 3 says
	// (an unsharded batch's kept them only with --causes N given), unless
	// --causes 0 (tallying them makes a batch about a fifth slower).
	rows := o.format == "csv" || o.format == "jsonl"
	tallyShard := rows && o.out != "" && !(set["causes"] && o.causes == 0)
	if set["steps"] && rows {
		return usageError(e, c, "--steps says which arms the table and json summaries compare: %s rows carry no comparisons (lattice compare --steps reads them)", o.format)
	}
	if set["causes"] && rows && o.out == "" { // it would be ignored
		return usageError(e, c, "--causes applies to the table and json summaries: %s rows carry no causes (with --out FILE, the manifest beside FILE keeps them for merge and compare; --causes 0 leaves them out)", o.format)
	}
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	if shards > 1 && (o.format == "table" || o.format == "json") {
		from := ""
		if source != "--shard" {
			// Inside an array task or an Indexed Job, whether meant or not.
			from = fmt.Sprintf(" (shard %d/%d, from %s; --shard 0/1 plays the whole batch here)", shard, shards, source)
		}
		return usageError(e, c, "a shard writes rows%s: use --format csv or jsonl, then lattice merge", from)
	}
	if source != "" && source != "--shard" {
		// A batch inside an array task or an Indexed Job plays one shard
		// of it: said, as a csv batch sharded silently surprised.
		vars := []string{source + "=" + strings.TrimSpace(e.getenv(source))}
		if source == "SLURM_ARRAY_TASK_ID" {
			for _, k := range []string{"SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT"} {
				if v := strings.TrimSpace(e.getenv(k)); v != "" { // a whole number: ParseShard read it
					vars = append(vars, k+"="+v)
				}
			}
		}
		fmt.Fprintf(e.stderr, "lattice batch: shard %d/%d from %s; give --shard to choose it (--shard 0/1 plays the whole batch)\n",
			shard, shards, strings.Join(vars, " "))
	}
	spec, err := parsePolicySpec(o.polSpecs)
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	vars, err := variants(o.sets)
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	armPolicies, err := armPolicyList(o.policies, set["policies"])
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	// The files the batch reads, which --out must not overwrite.
	inputs := slices.Clone(pos)
	for _, p := range append(slices.Collect(maps.Values(spec)), armPolicies...) {
		if strings.HasSuffix(p, ".toml") {
			inputs = append(inputs, p)
		}
	}
	if code := checkOut(e, o.out, inputs...); code >= 0 {
		return code
	}
	if noForm {
		noFormNote(e, "batch", o.out, ".csv, .jsonl, .json or .txt", "csv rows")
	}

	// Build every arm before any work starts, so bad input fails at once.
	cfg := &batch.Config{Runs: o.runs, Seed: o.seed, Workers: o.workers, Shard: shard, Shards: shards, PerTurn: o.perTurn,
		Causes: o.format == "table" || o.format == "json" || tallyShard} // the rows' causes go in their manifest, for merge and compare
	man := batch.Manifest{Lattice: Version, Engine: sim.EngineVersion, Go: goVersion(), Args: append([]string{"batch"}, args...),
		Seed: o.seed, Runs: o.runs, Shard: shard, Shards: shards, Format: o.format, PerTurn: o.perTurn, Difficulty: o.difficulty,
		Variants: map[string][]string{}}
	labels := map[string]string{}
	lowBetter, unsure := map[string]bool{}, map[string]bool{} // which way is good, by metric
	hashedPolicyFile := policyFileFor(&man)
	if hint := strayListValue(pos); hint != "" {
		return usageError(e, c, "%s", hint)
	}
	setWarned := map[string]bool{}
	for _, scen := range pos {
		if sc, err := scenarios.Open(scen); err == nil {
			if err := sameSetValue(sc, o.sets); err != nil {
				return usageError(e, c, "%s", sim.Sanitize(err.Error(), false))
			}
		}
		var unplayed setsUnplayed
		for vi, ov := range vars {
			comp, err := scenarios.Compile(scen, o.difficulty, ov)
			if err != nil {
				var oe *scenarios.OverrideError
				if errors.As(err, &oe) && len(pos) > 1 { // which of the scenarios the key is not in
					fmt.Fprintf(e.stderr, "lattice batch: in scenario %s:\n", sim.Sanitize(scen, false))
				}
				printScenarioError(e, err)
				return exitInvalid
			}
			if why := overriddenPolicySet(comp, ov, o.sets, spec, o.policies, set["policies"]); why != "" {
				return usageError(e, c, "%s", sim.Sanitize(why, false))
			}
			unplayed.add(comp, ov, vi == 0)
			noteSetWarnings(e, "batch", comp, ov, setWarned)
			if vi == 0 {
				// Rows, summaries and comparisons tell arms apart by
				// scenario id: two scenarios with one id would be pooled.
				for _, ms := range man.Scenarios {
					if ms.ID == comp.ID {
						if ms.Source == scen {
							return usageError(e, c, "scenario %q is given twice: each arm must differ (use --runs for more games)", scen)
						}
						return usageError(e, c, "%s and %s are both scenario %q: arms are told apart by scenario id, so give one of them another id", ms.Source, scen, comp.ID)
					}
				}
				man.Scenarios = append(man.Scenarios, batch.ManifestScenario{ID: comp.ID, Source: scen, SHA256: hex.EncodeToString(comp.SHA256[:])})
				batch.AddLabels(labels, comp)
				for _, m := range comp.Metrics {
					lowBetter[batch.LabelKey(comp.ID, m.ID)] = m.GoodLow
				}
			}
			for _, m := range comp.Metrics {
				if k := batch.LabelKey(comp.ID, m.ID); lowBetter[k] != m.GoodLow {
					unsure[k] = true // a --set of its good: the words say neither
				}
			}
			vid := "base"
			if len(o.sets) > 0 {
				vid = fmt.Sprintf("v%d", vi+1)
				man.Variants[vid] = ov
			}
			policyOf := map[string]string{} // arm label → the --policies entry that made it
			for _, ap := range armPolicies {
				sp := armSpec(comp, spec, spec, ap)
				pols, err := sim.ResolvePolicies(comp, sp, "balanced", hashedPolicyFile)
				if err != nil {
					fmt.Fprintf(e.stderr, "lattice batch: %s\n", sim.Sanitize(err.Error(), false))
					return exitInvalid
				}
				arm := &batch.Arm{Index: len(cfg.Arms), Scenario: comp.ID, SHA256: hex.EncodeToString(comp.SHA256[:]), Variant: vid,
					Overrides: ov, Compiled: comp, Policies: pols}
				arm.Policy = armPolicyLabel(comp, sp, pols)
				if prev, ok := policyOf[arm.Policy]; ok {
					// Arms are told apart by their label: these would be pooled.
					return usageError(e, c, "--policies %s and %s make the same arm in %s (%s): --policy fixes every side they would set", prev, ap, comp.ID, arm.Policy)
				}
				policyOf[arm.Policy] = ap
				cfg.Arms = append(cfg.Arms, arm)
				man.Arms = append(man.Arms, batch.ManifestArm{Index: arm.Index, Scenario: arm.Scenario, Variant: vid, Policy: arm.Policy})
			}
		}
		// After every variant: a key is unplayed if no variant plays it.
		if why, refuse := unplayed.problem(o.sets); refuse {
			return usageError(e, c, "%s", sim.Sanitize(why, false))
		} else if why != "" {
			fmt.Fprintf(e.stderr, "lattice batch: warning: %s\n", sim.Sanitize(why, false))
		}
		noteFileWarnings(e, "batch", scen)
	}
	for k := range unsure {
		delete(lowBetter, k)
	}
	man.TotalRuns = cfg.Total()
	man.Reproduce = reproduceRecipe(o.difficulty)
	if shards > man.TotalRuns {
		// Shards beyond the last run would hold none, and merge would
		// have to be given each of them (--shard 1/99999999999).
		return usageError(e, c, "%d shards for %d runs (--runs %d × %d %s): give at most one shard a run", shards, man.TotalRuns, o.runs, len(cfg.Arms), plural(len(cfg.Arms), "arm", "arms"))
	}

	// Output: stdout, or an atomic file committed when done.
	w, file, code := createOut(e, o.out)
	if code >= 0 {
		return code
	}
	if file != nil {
		defer file.Abort()
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
		summary = batch.NewSummary(cols, labels).WithLowBetter(lowBetter).WithTally(tally).WithVariants(man.Variants).Expect(cfg.ArmRuns()).Plan(cfg.Arms, cfg.Runs).WithWidth(outWidth(e, o.out)).WithDifficulty(o.difficulty).WithSeed(o.seed).WithSteps(o.steps)
		sinks = append(sinks, summary)
	}
	if tally == nil && cfg.Causes {
		tally = batch.NewTally(cfg.Arms) // the rows', for their manifest
	}
	weights := make([]float64, len(cfg.Arms))
	for i, a := range cfg.Arms {
		weights[i] = armWeight(a.Policies)
	}
	prog := newProgress(e.stderr, e.getenv).withArms(armEnds(len(cfg.Arms), cfg.Runs, cfg.Shard, cfg.Shards), weights)
	cfg.Progress = prog.update
	start := time.Now()
	done, runErr := batch.Run(ctx, cfg, tally, sinks...)
	prog.finish()
	if we := (*batch.WriteError)(nil); errors.As(runErr, &we) {
		return writeFailed(e, we.Err) // the rows stopped at a full disk or a closed pipe
	}
	if runErr != nil && !errors.Is(runErr, batch.ErrInterrupted) {
		fmt.Fprintf(e.stderr, "lattice batch: %v\n", runErr)
		return exitInvalid
	}
	if flush != nil {
		if err := flush(); err != nil {
			return writeFailed(e, err)
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
		return writeFailed(e, err)
	}
	if runErr == nil && summary == nil && o.out != "" {
		// The canary games, the same in every shard: merge refuses shards
		// whose builds end them differently.
		fp, err := batch.Fingerprint(ctx, cfg)
		switch {
		case errors.Is(err, batch.ErrInterrupted):
			runErr = err
		case err != nil:
			fmt.Fprintf(e.stderr, "lattice batch: %v\n", err)
			return exitInvalid
		}
		man.Fingerprint = fp
	}
	man.RunsInFile = done
	man.Complete = runErr == nil
	if tally != nil && summary == nil {
		man.Causes = tally.Sums
	}
	if code := commitOut(e, file, o.out, &man); code >= 0 {
		return code
	}
	if errors.Is(runErr, batch.ErrInterrupted) {
		kept := "the completed rows were kept"
		if summary != nil {
			kept = "the summary covers the runs played"
		}
		fmt.Fprintf(e.stderr, "lattice batch: interrupted after %d runs; %s\n", done, kept)
		return exitInterrupted
	}
	if prog.enabled {
		el := time.Since(start)
		fmt.Fprintf(e.stderr, "%d runs in %s (%.0f runs/s)\n", done, el.Round(time.Millisecond), float64(done)/el.Seconds())
	}
	return exitOK
}

// formatOfOut returns the form --out FILE's ending names (.csv, .jsonl,
// .json, or .txt for a table), or "" for another ending: given no
// --format, "--out results.json" wrote csv into it.
func formatOfOut(out string) string {
	switch strings.ToLower(filepath.Ext(out)) {
	case ".csv":
		return "csv"
	case ".jsonl":
		return "jsonl"
	case ".json":
		return "json"
	case ".txt":
		return "table"
	}
	return ""
}

// checkOut fails before any work starts (exitInvalid) if --out FILE, or
// the manifest beside it, cannot be written: found unwritable only after
// the run, the manifest left FILE without one and the work wasted; or if
// either is one of the inputs, the files the batch reads (a scenario, a
// policy file, the journal continued), which the output would replace. It
// returns -1 when both can be written, or out is empty (stdout).
func checkOut(e *env, out string, inputs ...string) int {
	if out == "" {
		return -1
	}
	for _, in := range inputs {
		for _, f := range []string{out, batch.ManifestPath(out)} {
			if sameFile(in, f) {
				what := "would overwrite"
				if f != out {
					what = "would write its manifest over"
				}
				fmt.Fprintf(e.stderr, "lattice batch: --out %s %s %s, which the batch reads: write to a new file\n", sim.Sanitize(out, false), what, sim.Sanitize(in, false))
				return exitInvalid
			}
		}
	}
	for _, f := range []string{out, batch.ManifestPath(out)} {
		if err := checkWritable(f); err != nil {
			fmt.Fprintf(e.stderr, "lattice batch: --out: %v\n", err)
			return exitInvalid
		}
	}
	return -1
}

// createOut returns where a batch writes: stdout, or with --out FILE a
// file written atomically (nothing is at FILE until commitOut; the caller
// defers its Abort), with -1; else the exit status.
func createOut(e *env, out string) (io.Writer, *safefile.File, int) {
	if out == "" {
		return e.stdout, nil, -1
	}
	f, err := createFile(out)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice batch: --out: %v\n", err)
		return nil, nil, exitInvalid
	}
	return f, f, -1
}

// commitOut puts the file createOut opened in place at out, then man
// beside it; with stdout (file nil) it does nothing. It returns -1, or
// the exit status of a failure.
func commitOut(e *env, file *safefile.File, out string, man *batch.Manifest) int {
	if file == nil {
		return -1
	}
	// Both files or neither: the manifest is written out before the rows
	// are put in place (a full disk left rows without their manifest, which
	// merge then took for another batch's).
	mpath := batch.ManifestPath(out)
	// The manifest names the bytes it describes, so a reader can check
	// the rows are the ones it speaks for, and the build that wrote them.
	sum := sha256.New()
	_, err := io.Copy(sum, io.NewSectionReader(file.File, 0, math.MaxInt64))
	if err != nil {
		file.Abort()
		fmt.Fprintf(e.stderr, "lattice batch: reading back %s: %v (so it was not written)\n", out, err)
		return exitInvalid
	}
	man.FileSHA256, man.Build = hex.EncodeToString(sum.Sum(nil)), buildOf()
	mf, err := safefile.Create(mpath, 0o644)
	if err == nil {
		if _, err = mf.Write(mustJSON(man)); err != nil {
			mf.Abort()
		}
	}
	if err != nil {
		file.Abort()
		fmt.Fprintf(e.stderr, "lattice batch: %v (so %s was not written either)\n", err, out)
		return exitInvalid
	}
	if err := file.Commit(); err != nil {
		mf.Abort()
		fmt.Fprintf(e.stderr, "lattice batch: %v\n", err)
		return exitInvalid
	}
	if err := mf.Commit(); err != nil {
		os.Remove(out)
		os.Remove(mpath) // an earlier batch's, now beside no rows of its own
		fmt.Fprintf(e.stderr, "lattice batch: %v (so %s was removed: rows without their manifest cannot be merged or checked)\n", err, out)
		return exitInvalid
	}
	return -1
}

// policyFileFor is policyFile, but it records each policy .toml file it
// reads in man, with the SHA-256 of its bytes as read: a file edited
// between two batches (or shards) makes another batch.
func policyFileFor(man *batch.Manifest) func(string) (sim.Policy, error) {
	return func(name string) (sim.Policy, error) {
		if !strings.HasSuffix(name, ".toml") {
			return policyFile(name)
		}
		data, err := readUserFile(name, maxPolicyFile, "a policy .toml file")
		if err != nil {
			return nil, fmt.Errorf("policy file %s: %v", name, err)
		}
		sum := sha256.Sum256(data)
		f := batch.ManifestFile{Source: name, SHA256: hex.EncodeToString(sum[:])}
		if !slices.Contains(man.PolicyFiles, f) {
			man.PolicyFiles = append(man.PolicyFiles, f)
		}
		return parsePolicyFile(name, data)
	}
}

// outProblem says what is wrong with the --out FILE given to fs, if it was
// given: "" (an unset variable in a job script) wrote the output to stdout,
// with no manifest, as if --out were not given; "-", standard output to
// many tools, made a file named "-".
func outProblem(fs *flag.FlagSet, out string) string {
	return fileFlagProblem(fs, "out", out, "to write to stdout")
}

// manifestOut fails (exitInvalid) if --out FILE is named as a batch's
// manifest is: --out s0.csv.manifest.json wrote over a shard's manifest,
// and merge then failed on it with a Go json error.
func manifestOut(e *env, cmd, out string) int {
	if rows, ok := cutSuffixFold(out, ".manifest.json"); ok && rows != "" && !strings.HasSuffix(rows, "/") {
		fmt.Fprintf(e.stderr, "lattice %s: --out %s is the name of a batch manifest (of %s): give the output another name\n", cmd, sim.Sanitize(out, false), sim.Sanitize(rows, false))
		return exitInvalid
	}
	return -1
}

// cutSuffixFold is strings.CutSuffix, ignoring case.
func cutSuffixFold(s, suffix string) (string, bool) {
	if len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix) {
		return s[:len(s)-len(suffix)], true
	}
	return s, false
}

// noFormNote tells that --out FILE's ending names no form, so cmd writes
// what (as --out r.xlsx wrote csv without a word); --format picks another.
func noFormNote(e *env, cmd, out, forms, what string) {
	fmt.Fprintf(e.stderr, "lattice %s: %s names no form (%s): writing %s; --format picks another\n", cmd, sim.Sanitize(filepath.Base(out), false), forms, what)
}

// fileFlagProblem says what is wrong with the file the flag name (--out,
// --journal) gives in fs, if it was given, as outProblem says it; without
// is what leaving the flag out does ("to write to stdout").
func fileFlagProblem(fs *flag.FlagSet, name, path, without string) string {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	switch {
	case !given:
		return ""
	case path == "":
		return fmt.Sprintf(`--%s "" names no file: give the file to write (or leave --%s out %s)`, name, name, without)
	case path == "-":
		return fmt.Sprintf(`--%s - would make a file named "-": leave --%s out %s (or give ./- for a file of that name)`, name, name, without)
	case isStreamPath(path):
		return fmt.Sprintf("--%s %s is a stream, not a file: leave --%s out %s", name, sim.Sanitize(path, false), name, without)
	}
	return ""
}

// isStreamPath reports whether path names one of the process's streams by
// the names the system gives them (/dev/stdout, /dev/fd/1,
// /proc/self/fd/1), which "--out /dev/stdout" asked for: with stdout a
// pipe it said "no such file or directory", and with stdout a file it
// would have put the manifest in /dev.
func isStreamPath(path string) bool {
	switch path {
	case "/dev/stdin", "/dev/stdout", "/dev/stderr":
		return true
	}
	for _, dir := range []string{"/dev/fd/", "/proc/self/fd/"} {
		if n, ok := strings.CutPrefix(path, dir); ok && n != "" && strings.Trim(n, "0123456789") == "" {
			return true
		}
	}
	return false
}

// reproduceRecipe is the manifest's instructions for replaying a row with
// lattice run. The difficulty is spelled out when there is one and left
// out when not ("--difficulty none" is not a difficulty).
func reproduceRecipe(difficulty string) string {
	d := ""
	if difficulty != "" {
		d = " --difficulty " + difficulty
	}
	return "lattice run SOURCE --seed SEED --policy POLICY" + d + ", with --set KEY=VALUE for each override of the row's variant in variants (none for base); SOURCE is the row's scenario's source in scenarios, SEED and POLICY the row's seed and policy"
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// stepsFlag defines --steps, for the commands that compare arms.
func stepsFlag(fs *flag.FlagSet) {
	fs.String("steps", batch.StepsFirst, "which levels of a --set sweep are compared, `STEPS`: first (each with the first), adjacent (each with the one before it in its list) or both")
}

// stepsProblem says what is wrong with a --steps value ("" if nothing).
func stepsProblem(steps string) string {
	switch steps {
	case batch.StepsFirst, batch.StepsAdjacent, batch.StepsBoth:
		return ""
	}
	return fmt.Sprintf("unknown --steps %q: first, adjacent or both", sim.Sanitize(steps, false))
}

// buildOf names this build of lattice for a manifest: its version
// control revision and whether the tree was modified, where the build
// recorded them, else its module version (nil if the binary has no build
// information).
func buildOf() *batch.ManifestBuild {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	b := buildFrom(bi)
	b.GOOS, b.GOARCH, b.Executable = runtime.GOOS, runtime.GOARCH, executableSHA256()
	return b
}

// executableSHA256 returns the hex SHA-256 of the running executable, ""
// if it cannot be read.
func executableSHA256() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// buildFrom is buildOf of the build information bi.
func buildFrom(bi *debug.BuildInfo) *batch.ManifestBuild {
	var b batch.ManifestBuild
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			b.Revision = kv.Value
		case "vcs.modified":
			m := kv.Value == "true"
			b.Modified = &m
		}
	}
	if b.Revision == "" {
		b.Modified, b.Module = nil, bi.Main.Version
	}
	return &b
}

func goVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		return bi.GoVersion
	}
	return runtime.Version()
}

func writeBatchJSON(w io.Writer, s *batch.Summary, o batchOpts, cfg *batch.Config, causes int) {
	// complete is false when the batch was interrupted: then each arm's
	// runs are those played and runs_planned those it was to play.
	out := struct {
		Runs       int    `json:"runs_per_arm"`
		Seed       uint64 `json:"master_seed,string"`
		Difficulty string `json:"difficulty,omitempty"`
		Complete   bool   `json:"complete"`
		// Notes says which arms played the same games as another, and
		// so are compared once.
		Notes []string `json:"notes,omitempty"`
		batch.Judgement
		Arms        []batch.ArmResult  `json:"arms"`
		Comparisons []batch.Comparison `json:"comparisons"`
	}{Runs: o.runs, Seed: o.seed, Difficulty: o.difficulty, Complete: s.Complete(), Notes: s.SameGames(), Arms: s.Results(causes), Comparisons: nonNil(s.Compare(causes))}
	out.Judgement = batch.JudgementOf(out.Comparisons)
	w.Write(mustJSON(out))
}

// ---------------------------------------------------------------------------
// Continuations: lattice batch --from FILE --at TURN

// journalHash returns the SHA-256 of the journal file at path, in hex.
func journalHash(path string) (string, error) {
	data, err := readUserFile(path, journal.MaxSize, "a game journal")
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:]), nil
}

// continuationRecipe is the manifest's reproduce field for continuations.
const continuationRecipe = "lattice run --fork JOURNAL --at AT --seed SEED --policy POLICY replays one continuation: JOURNAL and AT are from's journal and at, POLICY the arm's policy (as arms list it: every allied side's), SEED the run seed of the continuation's replicate r, the seed of replicate r in the rows of any lattice batch --seed MASTER_SEED --format csv"

// contArm is one policy arm of a continuation batch.
type contArm struct {
	Policy string `json:"policy"`
	Runs   int    `json:"runs"`
	// RunsPlanned is the runs the arm was to play, given only when the
	// continuations were interrupted, as in a batch's json.
	RunsPlanned int                `json:"runs_planned,omitempty"`
	Success     batch.Interval     `json:"success"`
	Verdicts    map[string]float64 `json:"verdicts"`
	// TurnsPlayed is how long the continuations lasted, counted from the
	// journal's first turn, as a batch arm's turns_played.
	TurnsPlayed *batch.TurnsSummary `json:"turns_played,omitempty"`
	// SuccessVerdicts are the verdicts reached that count as an allied
	// success; Objectives and TrueSuccess are each ally's private
	// objective met and the true win, as a batch arm's.
	SuccessVerdicts []string              `json:"success_verdicts,omitempty"`
	Objectives      []batch.ObjectiveRate `json:"objectives,omitempty"`
	TrueSuccess     *batch.ObjectiveRate  `json:"true_success,omitempty"`
	Metrics         map[string]contStats  `json:"metrics"`
	// PlayedVerdictShare is the share of continuations ending with the
	// played game's verdict (with a journal that reached an end).
	PlayedVerdictShare *float64 `json:"played_verdict_share,omitempty"`

	pols    []sim.Policy
	wins    int
	finals  [][]float64 // metric × run
	verdict map[int]int
}

type contStats struct {
	Mean   float64  `json:"mean"`
	P5     float64  `json:"p5"`
	P50    float64  `json:"p50"`
	P95    float64  `json:"p95"`
	Played *float64 `json:"played,omitempty"`
	// Percentile is where the played game's final value sits among the
	// continuations: the share below it, ties counting half, in percent.
	Percentile *float64 `json:"percentile,omitempty"`
}

type contPlayed struct {
	Verdict string             `json:"verdict"`
	Success bool               `json:"success"`
	Metrics map[string]float64 `json:"metrics"`
}

// batchFrom plays Monte Carlo continuations of a journalled game from the
// state after turn at: replicate r clones that game, reseeds the clone with
// sim.RunSeed(seed, r) and plays it to its end with the arm's policies.
func batchFrom(ctx context.Context, e *env, c *command, o *batchOpts, from string, at int, set map[string]bool, pos, args []string) int {
	switch {
	case from == "":
		return usageError(e, c, "--at goes with --from")
	case !set["at"]: // as run --fork and play --fork need it
		return usageError(e, c, "--from needs --at TURN (0: the start)")
	case at < 0: // whatever the journal holds
		return usageError(e, c, "--at %d: give a turn the journal records, 0 (the start) or later", at)
	case len(pos) > 0:
		return usageError(e, c, "--from takes the game's journal, not a scenario")
	case len(o.sets) > 0 || o.difficulty != "" || o.shard != "" || o.perTurn || set["shard-count"]:
		return usageError(e, c, "--from plays on with the journal's scenario: --set, --difficulty, --shard and --per-turn do not apply")
	case set["steps"]:
		return usageError(e, c, "--steps says which levels of --set sweeps are compared: --from plays no sweep")
	case set["causes"]: // continuations keep no ledger: there are no causes to show
		return usageError(e, c, "--causes does not apply to --from: continuations show no causes (lattice report FILE explains the played game)")
	case o.runs < 1 || o.runs > 10_000_000:
		return usageError(e, c, "--runs must be between 1 and 10,000,000")
	}
	if o.format == "" {
		if o.format = formatOfOut(o.out); o.format == "csv" || o.format == "jsonl" {
			return usageError(e, c, "--from writes a table or json, and --out %s names %s by its ending: give another ending, or --format table or json", sim.Sanitize(o.out, false), o.format)
		}
	}
	if o.format == "" {
		o.format = "table"
	}
	if o.format != "table" && o.format != "json" {
		return usageError(e, c, "--from writes --format table or json")
	}
	if code := checkOut(e, o.out, from); code >= 0 {
		return code
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "lattice batch: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	spec, err := parsePolicySpec(o.polSpecs)
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	// With --out, the manifest names the journal by the SHA-256 of its
	// bytes, taken before and after it is read: a journal that changed in
	// between (a game still being played) would be named by bytes other
	// than those the continuations start from. A file that cannot be
	// hashed is left for journal.Read to report.
	var journalSHA string
	var hashErr error
	if o.out != "" {
		journalSHA, hashErr = journalHash(from)
	}
	j, warns, err := journal.Read(from)
	if err != nil {
		return fail(journalFileError(from, err))
	}
	if o.out != "" {
		if again, err := journalHash(from); hashErr != nil || err != nil || again != journalSHA {
			return fail(fmt.Errorf("%s changed while it was read (a game still being played?): copy it, and continue the copy", from))
		}
	}
	for _, w := range warns {
		fmt.Fprintf(e.stderr, "lattice batch: %s: %s\n", sim.Sanitize(from, false), sim.Sanitize(w.String(), false))
	}
	if at < 0 || at > j.LastTurn() {
		return fail(fmt.Errorf("%s: --at %d: %s", from, at, j.ForkRange()))
	}
	comp, err := j.Header.Compile()
	if err != nil {
		return fail(fmt.Errorf("%s: cannot rebuild the scenario: %v", from, err))
	}
	// The start position, and the played game's end if the journal has one.
	var start *sim.Game
	var played *contPlayed
	res, err := journal.Replay(j, journal.Options{OnTurn: func(t *journal.TurnResult, g *sim.Game, r *sim.Result) error {
		if t.Turn == at {
			start = g.Clone()
		}
		return nil
	}})
	if err != nil {
		return fail(err)
	}
	if err := res.DivergedError(from); err != nil {
		return fail(err)
	}
	if at == 0 {
		start = sim.NewGame(comp, j.Header.Seed)
		if j.Header.Reseed != nil && j.Header.ParentTurn == 0 {
			start.Reseed(*j.Header.Reseed)
		}
	}
	if start.Over() {
		return fail(fmt.Errorf("%s: the game ended at turn %d: there is nothing to continue", from, start.Turn()))
	}
	start.FollowLeads(nil) // the continuations are played by the AI alone, as a batch is: no players to follow
	if g := res.Game; g.Over() {
		end := comp.Ends[g.End()]
		played = &contPlayed{Verdict: end.ID, Success: end.Success, Metrics: metricMap(comp, g.Metrics())}
	}

	// Arms: the journal's policies (people's sides get the default), or
	// one per --policies entry; --policy fixes sides in every arm.
	base := map[string]string{}
	for _, sd := range j.Header.Players() {
		if sd.Player == journal.PlayerAI && sd.PolicySource == "" {
			base[sd.ID] = sd.Policy
		}
	}
	jpols, _, err := j.Header.Policies(comp)
	if err != nil {
		return fail(err)
	}
	var arms []*contArm
	armPolicies, err := armPolicyList(o.policies, set["policies"])
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	// The manifest (with --out): what a batch's says, and the journal.
	man := batch.Manifest{Lattice: Version, Engine: sim.EngineVersion, Go: goVersion(), Args: append([]string{"batch"}, args...),
		Seed: o.seed, Runs: o.runs, Shards: 1, Format: o.format, Difficulty: j.Header.Difficulty,
		Scenarios: []batch.ManifestScenario{{ID: comp.ID, Source: j.Header.ScenarioFile, SHA256: hex.EncodeToString(comp.SHA256[:])}},
		Variants:  map[string][]string{}, From: &batch.ManifestFrom{Journal: from, SHA256: journalSHA, At: at}, Reproduce: continuationRecipe}
	for _, ap := range armPolicies {
		pols, err := sim.ResolvePolicies(comp, armSpec(comp, base, spec, ap), "balanced", policyFileFor(&man))
		if err != nil {
			return fail(err)
		}
		if ap == "" { // a policy file the journal carries
			for s, p := range jpols {
				if p != nil && spec[comp.Sides[s].ID] == "" && j.Header.Players()[s].PolicySource != "" {
					pols[s] = p
				}
			}
		}
		a := &contArm{Policy: batch.PolicyLabel(comp, pols), pols: pols, verdict: map[int]int{}, Verdicts: map[string]float64{},
			Metrics: map[string]contStats{}, finals: make([][]float64, len(comp.Metrics))}
		for _, b := range arms {
			if b.Policy == a.Policy { // they would be pooled, as in a batch
				return usageError(e, c, "--policies make the same arm twice (%s): --policy fixes every side they would set", a.Policy)
			}
		}
		man.Arms = append(man.Arms, batch.ManifestArm{Index: len(arms), Scenario: comp.ID, Variant: "base", Policy: a.Policy})
		arms = append(arms, a)
	}
	man.TotalRuns = len(arms) * o.runs

	// The arms share their dice replicate by replicate, as a batch's do:
	// a summary of the runs compares them (with several --policies).
	// The objectives follow the metrics, as in a batch's rows: the summary
	// gives each ally's objective met, the true win, and compares them.
	cols := batch.MetricColumns([]*batch.Arm{{Compiled: comp}})
	objSides := make([]int, 0, len(cols)-len(comp.Metrics))
	for _, id := range cols[len(comp.Metrics):] {
		objSides = append(objSides, comp.SideIndex(strings.TrimPrefix(id, batch.ObjectivePrefix)))
	}
	labels := map[string]string{}
	batch.AddLabels(labels, comp)
	// Its table fits 80 columns, as the continuations' does, and each of
	// its lines ends whole, without the paragraph in words.
	width := outWidth(e, o.out)
	if width == 0 {
		width = 80
	}
	paired := batch.NewSummary(cols, labels).WithWidth(width).WithoutWords()

	// Play, on --workers goroutines, each continuation from its own clone
	// of the start; the results are taken in replicate order, so the
	// summary is the same whatever the workers. Ctrl-C stops it, and what
	// was played is summarised, as in a batch.
	workers := o.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	// A progress bar on a terminal's stderr, as a batch has: continuations
	// played by lookahead take minutes.
	weights := make([]float64, len(arms))
	for i, a := range arms {
		weights[i] = armWeight(a.pols)
	}
	prog := newProgress(e.stderr, e.getenv).withArms(armEnds(len(arms), o.runs, 0, 1), weights)
	began := time.Now()
	done := 0
	for ai, a := range arms {
		ends, err := playContinuations(ctx, start, a.pols, o.runs, o.seed, workers, func(n int) { prog.update(ai*o.runs+n, len(arms)*o.runs) })
		if err != nil {
			prog.finish()
			return fail(err)
		}
		for r, g := range ends {
			if g.metrics == nil {
				continue // not played: interrupted
			}
			a.Runs++
			if g.success {
				a.wins++
			}
			a.verdict[g.end]++
			vals := make([]string, len(cols))
			for m, v := range g.metrics {
				a.finals[m] = append(a.finals[m], v.Float())
				vals[m] = v.String()
			}
			for k, sd := range objSides {
				vals[len(g.metrics)+k] = map[bool]string{true: "1", false: "0"}[g.objectives>>sd&1 == 1]
			}
			paired.Add(&batch.Record{RunID: ai*o.runs + r, Scenario: comp.ID, Variant: "base", Policy: a.Policy, Replicate: r,
				Seed: sim.RunSeed(o.seed, r), TurnsPlayed: g.turns, Verdict: comp.Ends[g.end].ID, Success: g.success, Metrics: vals})
			done++
		}
		if ctx.Err() != nil {
			break
		}
	}
	prog.finish()
	complete := done == len(arms)*o.runs
	results := map[string]batch.ArmResult{} // by arm policy, from the paired summary's rows
	for _, ar := range paired.Results(0) {
		results[ar.Policy] = ar
	}
	for _, a := range arms {
		if a.Runs == 0 {
			continue // not started: no figures to give
		}
		ar := results[a.Policy]
		a.TurnsPlayed = ar.TurnsPlayed
		a.Objectives, a.TrueSuccess = ar.Objectives, ar.TrueSuccess
		for _, v := range ar.Verdicts {
			if v.Success {
				a.SuccessVerdicts = append(a.SuccessVerdicts, v.ID)
			}
		}
		a.Success = batch.Wilson(a.wins, a.Runs).Round12()
		for k, n := range a.verdict {
			a.Verdicts[comp.Ends[k].ID] = batch.Round12(float64(n) / float64(a.Runs))
		}
		if played != nil {
			sh := a.Verdicts[played.Verdict]
			a.PlayedVerdictShare = &sh
		}
		for m, xs := range a.finals {
			id := comp.Metrics[m].ID
			ps := batch.Percentiles(xs, 0.05, 0.5, 0.95)
			// Rounded as a batch's json is: the mean to 12 digits (0.777507,
			// not 0.7775070000000001), a percentile interpolated between
			// two values to their 4 decimals (63.1288, not 63.128815).
			st := contStats{Mean: batch.Round12(mean(xs)), P5: batch.Round4(ps[0]), P50: batch.Round4(ps[1]), P95: batch.Round4(ps[2])}
			if played != nil {
				v := played.Metrics[id]
				pc := batch.Round12(percentileOf(xs, v))
				st.Played, st.Percentile = &v, &pc
			}
			a.Metrics[id] = st
		}
	}

	comparisons := paired.Compare(0)
	if !complete {
		for _, a := range arms {
			a.RunsPlanned = o.runs
		}
	}

	// Output: stdout, or an atomic file committed when done, with its
	// manifest beside it, as a batch's.
	out, file, code := createOut(e, o.out)
	if code >= 0 {
		return code
	}
	if file != nil {
		defer file.Abort()
	}
	w := bufio.NewWriter(out)
	if o.format == "json" {
		// complete is false when interrupted: each arm's runs are those
		// played.
		sum := struct {
			Journal  string      `json:"journal"`
			Scenario string      `json:"scenario"`
			At       int         `json:"at"`
			Runs     int         `json:"runs_per_arm"`
			Seed     uint64      `json:"master_seed,string"`
			Complete bool        `json:"complete"`
			Played   *contPlayed `json:"played,omitempty"`
			batch.Judgement
			Arms        []*contArm         `json:"arms"`
			Comparisons []batch.Comparison `json:"comparisons,omitempty"`
		}{from, comp.ID, at, o.runs, o.seed, complete, played, batch.JudgementOf(comparisons), arms, comparisons}
		enc := json.NewEncoder(w) // a write error is Flush's
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		enc.Encode(sum)
	} else {
		writeContinuationTable(w, width, comp, o, from, at, played, complete, done, arms, paired, comparisons)
	}
	if err := w.Flush(); err != nil {
		return writeFailed(e, err)
	}
	man.RunsInFile, man.Complete = done, complete
	if code := commitOut(e, file, o.out, &man); code >= 0 {
		return code
	}
	if !complete {
		fmt.Fprintf(e.stderr, "lattice batch: interrupted after %d continuations; the summary covers the runs played\n", done)
		return exitInterrupted
	}
	if prog.enabled {
		el := time.Since(began)
		fmt.Fprintf(e.stderr, "%d continuations in %s (%.0f runs/s)\n", done, el.Round(time.Millisecond), float64(done)/el.Seconds())
	}
	return exitOK
}

// writeContinuationTable writes the table of lattice batch --from.
func writeContinuationTable(w io.Writer, width int, comp *sim.Compiled, o *batchOpts, from string, at int, played *contPlayed, complete bool, done int,
	arms []*contArm, paired *batch.Summary, comparisons []batch.Comparison) {
	when := fmt.Sprintf("after %s %d", strings.ToLower(comp.TurnLabel), at)
	if at == 0 {
		when = "from the start" // there is no week 0
	}
	// Each line fits the width (80 when not known) but for the title, the
	// journal's name and an arm's policy: the metric table is 78 columns
	// wide, and narrower below 78 (numbers in 7, the names in what is left).
	name, num := 20, 8
	if width < 78 {
		name, num = max(width-53, 7), 7
	}
	fmt.Fprintf(w, "%s\n%s of %s %s (master seed %d)\n", comp.Title, sim.Plural(o.runs, "continuation"), sim.Sanitize(from, false), when, o.seed)
	if played != nil {
		fmt.Fprintln(w, batch.Fill(fmt.Sprintf("The played game ended: %s (%s)", endTitle(comp, played.Verdict), map[bool]string{true: "allied success", false: "not an allied success"}[played.Success]), width, 2))
	} else {
		fmt.Fprintln(w, "The journal does not reach an end: there is no played outcome to place.")
	}
	if !complete {
		fmt.Fprintf(w, "INTERRUPTED: %d of %d continuations played; the figures cover only those.\n", done, len(arms)*o.runs)
	}
	saidSuccess, saidObjectives := false, false // once, under the first arm
	for _, a := range arms {
		fmt.Fprintf(w, "\nArm %s\n", a.Policy)
		if a.Runs == 0 {
			fmt.Fprintln(w, "  interrupted: not started")
			continue
		}
		if a.Runs < o.runs {
			fmt.Fprintf(w, "  interrupted: %d of %d continuations\n", a.Runs, o.runs)
		}
		fmt.Fprintf(w, "  success %6s  (95%% CI %.1f–%.1f%%)\n", batch.Percent(a.Success.Est), 100*a.Success.Lo, 100*a.Success.Hi)
		if ts := a.TrueSuccess; ts != nil {
			fmt.Fprintln(w, batch.Fill(fmt.Sprintf("  true win %6s  (95%% CI %.1f–%.1f%%): an allied success with every ally's private objective met too", batch.Percent(ts.Rate.Est), 100*ts.Rate.Lo, 100*ts.Rate.Hi), width, 4))
		}
		fmt.Fprintln(w, batch.FillList("  verdicts: ", contVerdicts(comp, a, played), width))
		var ok []string
		for _, e := range comp.Ends {
			if e.Success {
				ok = append(ok, sim.Sanitize(e.Title, false))
			}
		}
		if !saidSuccess && len(ok) > 0 {
			saidSuccess = true
			fmt.Fprintln(w, batch.FillList("  allied success is the verdicts: ", ok, width))
		}
		if len(a.Objectives) > 0 {
			for _, o := range a.Objectives { // a line each: a list would end lines in commas
				name := o.Side
				if k := comp.SideIndex(o.Side); k >= 0 {
					name = sim.Sanitize(comp.Sides[k].Name, false)
				}
				fmt.Fprintln(w, batch.Fill(fmt.Sprintf("  %s private objective met %s (95%% CI %.1f–%.1f%%)", sim.Possessive(name), batch.Percent(o.Rate.Est), 100*o.Rate.Lo, 100*o.Rate.Hi), width, 4))
			}
			if !saidObjectives {
				saidObjectives = true
				for _, o := range a.Objectives {
					if k := comp.SideIndex(o.Side); k >= 0 && comp.Sides[k].Objective != "" {
						fmt.Fprintln(w, batch.Fill("    "+sim.Sanitize(comp.Sides[k].Name, false)+": "+sim.Sanitize(comp.Sides[k].Objective, false), width, 6))
					}
				}
			}
		}
		fmt.Fprintf(w, "  turns played: %s\n", a.TurnsPlayed)
		if played != nil {
			fmt.Fprintln(w, batch.Fill(fmt.Sprintf("  the played verdict (%s) is %s of the continuations", endTitle(comp, played.Verdict), batch.Percent(*a.PlayedVerdictShare)), width, 4))
		}
		fmt.Fprintf(w, "  %-*s %*s %*s %*s %*s", name, "metric", num, "mean", num, "p5", num, "p50", num, "p95")
		if played != nil {
			fmt.Fprintf(w, " %*s %10s", num, "played", "percentile")
		}
		fmt.Fprintln(w)
		for _, mt := range comp.Metrics {
			st := a.Metrics[mt.ID]
			// A factor of deterrence (0–1) to the engine's 4 decimals, as
			// the batch table shows it: at 2, a played 0.7833 and a median
			// 0.7749 both read 0.78, 63 percentiles apart.
			d := 2
			if mt.Component {
				d = 4
			}
			fmt.Fprintf(w, "  %-*s %*.*f %*.*f %*.*f %*.*f", name, truncName(mt.Name, name), num, d, st.Mean, num, d, st.P5, num, d, st.P50, num, d, st.P95)
			if st.Played != nil {
				fmt.Fprintf(w, " %*.*f %9.1f%%", num, d, *st.Played, *st.Percentile)
			}
			fmt.Fprintln(w)
		}
	}
	if len(comparisons) > 0 {
		fmt.Fprintln(w)
		paired.WriteComparisons(w, comparisons)
	}
}

// contVerdicts lists the verdicts an arm's continuations reached, the
// most frequent first (ties in the scenario's order), as a batch's table
// lists them, with their shares, marking the played game's.
func contVerdicts(comp *sim.Compiled, a *contArm, played *contPlayed) []string {
	var ends []int
	for k := range comp.Ends {
		if a.verdict[k] > 0 {
			ends = append(ends, k)
		}
	}
	slices.SortStableFunc(ends, func(x, y int) int { return a.verdict[y] - a.verdict[x] })
	var vs []string
	for _, k := range ends {
		mark := ""
		if played != nil && comp.Ends[k].ID == played.Verdict {
			mark = " ← played"
		}
		vs = append(vs, sim.Sanitize(comp.Ends[k].Title, false)+" "+batch.Percent(float64(a.verdict[k])/float64(a.Runs))+mark)
	}
	return vs
}

// endTitle is the title of the end id of comp, as the tables show a
// verdict (the id where there is no such end).
func endTitle(comp *sim.Compiled, id string) string {
	for _, e := range comp.Ends {
		if e.ID == id {
			return sim.Sanitize(e.Title, false)
		}
	}
	return sim.Sanitize(id, false)
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	t := 0.0
	for _, x := range xs {
		t += x
	}
	return t / float64(len(xs))
}

// percentileOf returns the percentage of xs below v, ties counting half.
func percentileOf(xs []float64, v float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	below := 0.0
	for _, x := range xs {
		switch {
		case x < v:
			below++
		case x == v:
			below += 0.5
		}
	}
	return 100 * below / float64(len(xs))
}

// truncName cuts s to n runes, the last an ellipsis if anything was cut.
func truncName(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// armPolicyLabel labels an arm's per-side policies as --policy accepts
// them. A policy read from a .toml file is named by that file's path, not
// by the name inside it: that name need not be unique (two files, or a file
// and a built-in, may share it, and arms with one label would be pooled as
// one) and lattice run does not accept it, so rows would not reproduce.
func armPolicyLabel(comp *sim.Compiled, sp map[string]string, pols []sim.Policy) string {
	var parts []string
	for s, p := range pols {
		if p == nil {
			continue
		}
		name := p.Name()
		src := sp[comp.Sides[s].ID]
		if src == "" {
			src = comp.PolicyFile(s) // as read: beside the scenario
		}
		if strings.HasSuffix(src, ".toml") {
			name = src
		}
		parts = append(parts, comp.Sides[s].ID+"="+name)
	}
	return strings.Join(parts, ",")
}

// armSpec returns the per-side policies of one arm: every allied side plays
// the arm's policy ap (base when ap is empty), and spec (from --policy)
// fixes named sides whatever the arm.
func armSpec(comp *sim.Compiled, base, spec map[string]string, ap string) map[string]string {
	sp := map[string]string{}
	if ap == "" {
		for k, v := range base {
			sp[k] = v
		}
	} else {
		for _, s := range comp.Alliance() {
			sp[comp.Sides[s].ID] = ap
		}
	}
	for k, v := range spec {
		sp[k] = v
	}
	return sp
}

// splitValues splits a --set value list on commas, except commas inside
// double quotes ("a,b" is one value) and escaped ones (a\,b); the pieces
// keep their quotes and escapes, for unescapeValue.
func splitValues(vs string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(vs); i++ {
		switch vs[i] {
		case '\\':
			i++ // the next byte is literal
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				out = append(out, vs[start:i])
				start = i + 1
			}
		}
	}
	return append(out, vs[start:])
}

// contEnd is how one continuation ended.
type contEnd struct {
	end, turns int // the end reached and the turns played
	success    bool
	metrics    []sim.Fix // nil if it was not played
	objectives uint64    // bit s: allied side s met its private objective
}

// playContinuations plays runs continuations of start under pols, the r-th
// reseeded with the batch's run seed for replicate r, on workers
// goroutines, and returns how each ended, by replicate; one not played
// because ctx was cancelled has no metrics (those under way when it was
// are played out). progress is told how many have ended, from the calling
// goroutine only, as they go and once at the end.
func playContinuations(ctx context.Context, start *sim.Game, pols []sim.Policy, runs int, seed uint64, workers int, progress func(played int)) ([]contEnd, error) {
	ends := make([]contEnd, runs)
	errs := make([]error, runs)
	next := make(chan int)
	var played atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(workers, runs); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			orders := start.Compiled().NewOrders()
			for r := range next {
				g := start.Clone()
				g.Reseed(sim.RunSeed(seed, r))
				g.SetLedger(false) // summarised by verdicts and metrics alone
				if err := sim.Play(g, pols, orders, nil); err != nil {
					errs[r] = fmt.Errorf("continuation %d: %v", r, err)
					continue
				}
				var objs uint64
				for _, sd := range g.Compiled().Alliance() {
					if met, _ := g.ObjectiveMet(sd); met && sd < 64 {
						objs |= 1 << sd
					}
				}
				ends[r] = contEnd{end: g.End(), turns: g.Turn(), success: g.Success(), metrics: slices.Clone(g.Metrics()), objectives: objs}
				played.Add(1)
			}
		}()
	}
feed:
	for r := 0; r < runs && ctx.Err() == nil; r++ {
		select {
		case next <- r:
			progress(int(played.Load()))
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	progress(int(played.Load()))
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return ends, nil
}
