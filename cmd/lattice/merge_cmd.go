package main

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/batch"
	"lattice/sim/safefile"
)

func init() {
	register(&command{
		name:    "merge",
		args:    "FILE... [--format csv|jsonl|json|table] [--steps first|adjacent|both] [--out FILE]",
		summary: "join batch shards' row files, checking every run is there once",
		help: `Reads the csv or jsonl row files written by
'lattice batch --shard I/N --out FILE', checks that every run of the batch is
present exactly once and, from the manifests written beside the files when
present, that the files are complete shards of one batch (the same seed, arms,
variants, scenario and policy files), and writes the rows in run order —
byte-identical to the rows of the same batch run unsharded — or a summary
computed from them (table or json, whose comparisons --steps chooses as
batch's does), byte-identical to the batch's own: each shard's manifest
holds the causes it tallied, which merge adds (without them, as from files
of an older batch, the "why" causes are left out). Shard files as batch
writes them are streamed, a row per file at a time, so memory does not grow
with the number of runs; files whose rows are out of run order (shards
joined by hand) are read whole instead. With --out FILE the shards'
manifest, made that of one whole batch, is written beside FILE
(FILE.manifest.json), as lattice batch --out does, with FILE's SHA-256.

A manifest names the SHA-256 of the file it was written beside
("file_sha256"); a file whose bytes no longer match (rows edited, cut,
sorted or converted since the batch wrote them) is refused, naming the
file: merged, its rows would be vouched for by a manifest that does not
describe them. lattice compare --partial compares such rows, saying so.

Shards may come from machines of other systems and architectures, but not
from builds that play differently. Builds stamped differently (another
vcs_revision) are refused; and since two patched copies of a checkout are
stamped alike ("(devel)", or one revision "modified"), each shard's
manifest has the fingerprint of the canary games every shard of the batch
plays, and shards whose fingerprints differ are refused, naming each
one's build (rebuild every shard from one source). A change that alters no
canary game passes unseen, so merge also warns of different executables
for one system and architecture whose source the stamp does not name (no
version control information, or changes not committed), and of a manifest
without a fingerprint (an older lattice's).

Without manifests the rows are checked against one another only: each
replicate's seed, each scenario's file, and each arm's runs (shards of
batches with other --policies, --set or --runs lists are refused, and an arm
with fewer runs than the others, as a file cut at a row's end leaves its
last arm: every arm of a batch plays --runs runs), and each row's success
against its verdict (one success for a verdict in a variant, the built-in
scenario's in the base variant; a row that contradicts itself is named by
file and line). The rows do not carry --difficulty nor the --set values
behind v1, v2, …, so shards of batches that differ only in those cannot be
told apart: merge warns, and keeping each shard's manifest with its rows is
the way to have them checked.`,
		run: cmdMerge,
		flags: func(fs *flag.FlagSet) {
			fs.String("format", "", "output `FORM`: csv or jsonl (rows), table or json (a summary); default: the one --out FILE's ending names (.txt for table), else the inputs' rows")
			fs.String("out", "", "write to `FILE` atomically")
			stepsFlag(fs)
		},
	})
	register(&command{
		name:    "compare",
		args:    "FILE... [--format table|json] [--baseline ARM] [--steps first|adjacent|both] [--partial]",
		summary: "paired comparison of the arms in batch row files",
		help: `Reads batch rows (csv or jsonl, from lattice batch or merge) and compares
every pair of arms that differ in one thing, replicate by replicate (the same
seeds, hence the same inject and action dice): each arm with the arm of its
variant and the scenario's first policy (policies compared within a variant),
and with the arm of its policy in each variant that puts one of its --set
values back to the scenario's first variant's (variants compared within a
policy, one key at a time), so a sweep × policies never sets "v2
alliance-first" against "v1 balanced"; an arm with neither is compared with
the scenario's first arm. --steps adjacent compares each variant instead
with those one --set value back at the level before it in its list (4→6 and
6→8 for --set k=4,6,8: each step of a sweep, where the default, first,
compares 4→6 and 4→8), and --steps both makes both comparisons, each pair
once; every comparison shown counts in Holm's correction, so both is the
strictest, and the heading says which were made. A sweep's levels are in
the order the variants came (a batch's --set order). Without manifests the
--set values are not known, and each variant is compared with the first.
--baseline ARM compares every arm of its scenario with ARM instead (ARM as
the comparisons label it: "balanced", "v2 free-rider", or "SCENARIO v2
free-rider"). For each: the success-rate
difference with a 95% interval and McNemar's test, the same for the true win
(an allied success with every ally's objective met) and for each ally's
private objective met, each metric's paired difference with a 95% interval,
Holm's correction across all the tests shown, and in words which differences
are significant, and how large (each metric's effect size d, largest first).
Each also cross-tabulates its pairs by verdict: the table lists the largest
cells where the arms' verdicts differ, five at most and the rest counted in
one line (a line "Coerced → The line held  34  17.0%" says that 34 pairs,
17% of them, ended Coerced under the base arm and The line held under the
other), and the words name the commonest; json has every cell as
"verdict_pairs": [{"from", "to", "count"}], most first, ties by verdict.
Where the files are one whole batch whose manifests keep its causes (written
with --out FILE, sharded or not, unless --causes 0), each significant metric
difference also says which causes made it ("mostly from: …"), as batch's own
table does; otherwise a note above the table (json "notes") says why not.
Metrics, verdicts and allies are named, and each metric's better direction
known, from the scenario files the manifests name, or from the built-in
scenario whose id and SHA-256 the rows have; otherwise a note says why they
are ids. Metric columns are matched by name across files, and the files are
read a row at a time. Rows that cannot be paired on common random numbers are
refused: a replicate of an arm given twice (a file named twice), or a
replicate whose run seed differs between arms (files of batches with different
--seed values). So is a row that contradicts itself, as merge refuses it, with
--partial too: a success its verdict is not (the built-in scenario's, in the
base variant), or a verdict counted a success in some rows of a variant of a
file and not in others; it is named by file and line. A --set variant's
values are named from the manifests beside the files. Batches played at
different --difficulty levels (manifests say which) are compared as variants
of one another: "hard balanced vs easy balanced", "v1@hard" for a --set
variant. An arm that played the same
games as one before it (the same game hash in each replicate: a file of
one value of a sweep compared with the sweep) is compared once, as that
arm, so that Holm's correction counts its tests once, and a line says so
(json "notes").

Input that is not a whole batch is refused, as merge refuses it, when the
manifests beside the files show it: a file whose manifest says the batch
was interrupted ("complete": false), shards of a batch of which some
are not given (shards 0 and 2 of 3), or a file whose SHA-256 is not the one
its manifest names (rows changed since the batch wrote them; a manifest
of an older lattice names none). With --partial the comparison is
made anyway, and says so: a warning on stderr naming the file, a line
above the table, and in json each comparison's "warnings". A comparison
of two arms that have no replicate in common (0 pairs) is never made: it
is listed as not compared, with a warning, and counts in no correction.

Arms played from different files of a scenario (their rows'
scenario_sha256 differ: a file edited between two batches) are compared,
but not as if only their policies or variants differed: the comparison's
label says "from different scenario files", a warning and its words say
that every difference mixes the edit with the change named, and in json it
has "scenario_files_differ": true and the warning. To compare an edit alone,
make it a --set variant of one batch.

--format json is the object lattice merge --format json writes of the same
rows, the shape of batch's: {"runs_per_arm" and "master_seed" (where the
manifests agree on them), "complete" (false for --partial input that is not
a whole batch), "alpha" (0.05), "correction" ("holm"), "tests" (how many it
corrects across), "p_floor" (1e-16: a p below it is given as it),
"intervals" (the arms' intervals: Wilson for rates, Student t for means),
"notes" (what the output lacks and why, if anything), "arms" (each arm's
summary), "comparisons": [...]}.`,
		run: cmdCompare,
		flags: func(fs *flag.FlagSet) {
			fs.String("format", "table", "output `FORM`: table or json")
			fs.String("baseline", "", "compare every arm with the one `ARM` (\"balanced\", \"v2 free-rider\")")
			stepsFlag(fs)
			fs.Bool("partial", false, "compare input that is not a whole batch (an interrupted batch, some shards of one, rows changed since written), saying so")
		},
	})
}

// notBatchRows says what path is if it is not batch rows: not a regular
// file, a game journal, or a batch summary (--format table or json), which
// its manifest names.
func notBatchRows(path string) string {
	// Each file is read more than once (its columns, then its rows; a
	// shard out of run order again whole): a pipe, read empty the second
	// time, merged a header alone and compared "no rows", exit 0 for merge.
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		// It said the file must not be a pipe.
		return fmt.Sprintf("not a regular file (a directory): give the row files in it, such as %s", sim.Sanitize(filepath.Join(path, "*.csv"), false))
	} else if err == nil && !st.Mode().IsRegular() {
		return fmt.Sprintf("not a regular file (%s): merge and compare read each file more than once, which a pipe cannot be; write the rows to a file (lattice batch ... --out rows.csv) and give that", fileType(st.Mode()))
	}
	if hint := notRows(path); hint != "" {
		return hint
	}
	if m, err := batch.ReadManifest(path); err == nil && (m.Format == "table" || m.Format == "json") {
		return fmt.Sprintf("a batch's %s summary (its manifest says --format %s), not rows: merge and compare read the rows of lattice batch --format csv or jsonl --out FILE", m.Format, m.Format)
	}
	return ""
}

// openInput opens a row file for reading, with an error that names it.
// Reading stops with an error once ctx is done, so that Ctrl-C ends a
// merge or comparison of large files (the caller reports it as such).
func openInput(ctx context.Context, f string) batch.MergeInput {
	return batch.MergeInput{Name: f, Open: func() (io.ReadCloser, error) {
		if ctx.Err() != nil {
			return nil, errInterrupted
		}
		fh, err := os.Open(f)
		if errors.Is(err, syscall.EMFILE) {
			// Thousands of shards: each is read a row at a time, all at
			// once. It said only "too many open files".
			return nil, fmt.Errorf("%s: too many open files: merge and compare keep every file given open at once, more than the limit of open files allows; raise it above the number of files (ulimit -n) and run again", sim.Sanitize(f, false))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", sim.Sanitize(f, false), describeFileError(err))
		}
		return ctxReader{ctx, fh}, nil
	}}
}

// errInterrupted is the error of a read stopped by Ctrl-C.
var errInterrupted = errors.New("interrupted")

// ctxReader reads r until ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.ReadCloser
}

func (c ctxReader) Read(p []byte) (int, error) {
	if c.ctx.Err() != nil {
		return 0, errInterrupted
	}
	return c.r.Read(p)
}

func (c ctxReader) Close() error { return c.r.Close() }

// shardsManifest reads the manifests beside row files and returns the
// first (nil if no file has one) and each file's (nil where there is
// none). It refuses manifests that describe different batches, one that
// says its shard was interrupted, one that cannot be read, and a mix of
// files with and without: a shard whose manifest was left behind (a copy
// of rows-*.csv only) could come from another batch, and nothing would
// show it.
func shardsManifest(files []string) (*batch.Manifest, []*batch.Manifest, error) {
	var ref *batch.Manifest
	refFile, missing := "", ""
	per := make([]*batch.Manifest, len(files))
	for i, f := range files {
		m, err := batch.ReadManifest(f)
		if errors.Is(err, os.ErrNotExist) {
			if missing == "" {
				missing = f
			}
			continue
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%v (the manifest of %s: copy it again from where the shard ran)", err, f)
		}
		per[i] = m
		if ref == nil {
			ref, refFile = m, f
		} else if rows(m.Format) && rows(ref.Format) && m.Format != ref.Format {
			return nil, nil, fmt.Errorf("%s is %s and %s is %s: the formats differ; merge files of one format (lattice merge FILE --format csv --out NEW converts one)",
				refFile, formatName(ref.Format), f, formatName(m.Format))
		} else if what, mine, theirs := manifestDiff(ref, m); what != "" {
			return nil, nil, fmt.Errorf("%s and %s are not shards of the same batch: their manifests differ in %s (%s; %s)",
				refFile, f, what, sim.Sanitize(theirs, false), sim.Sanitize(mine, false))
		}
		if !m.Complete {
			if m.Shards <= 1 { // no shard: the batch itself
				return nil, nil, fmt.Errorf("%s: its manifest says the batch was interrupted (%d runs written): run that batch again (lattice compare --partial compares the runs it played)", f, m.RunsInFile)
			}
			return nil, nil, fmt.Errorf("%s: its manifest says the shard was interrupted (%d runs written): run that shard again", f, m.RunsInFile)
		}
	}
	if ref != nil && missing == "" && ref.Shards > 1 {
		have := map[int]string{}
		for i, m := range per {
			have[m.Shard] = files[i]
		}
		var given []string
		for _, i := range slices.Sorted(maps.Keys(have)) {
			given = append(given, fmt.Sprintf("%s (%d/%d)", have[i], i, ref.Shards))
		}
		if absent, n := missingShards(func(i int) bool { _, ok := have[i]; return ok }, len(have), ref.Shards); n > 0 {
			return nil, nil, missingErrorf("%s %s %s missing: the files given are %s; give every shard's file",
				plural(n, "shard", "shards"), absent, plural(n, "is", "are"), cutList(given, maxListed, len(given)))
		}
	}
	if ref != nil && missing != "" {
		return nil, nil, fmt.Errorf("%s has no manifest beside it (%s) but %s has one: copy each shard's manifest with its rows (rows-*.csv*), so that the merge can check they are shards of one batch",
			missing, batch.ManifestPath(missing), refFile)
	}
	return ref, per, nil
}

// mergeCauses is how many causes a merged summary shows per metric, as
// lattice batch does by default.
const mergeCauses = 3

// shardsTally adds up the causes the shards' manifests tallied (a sharded
// batch keeps them there, its rows having none), for the merged summary to
// show them as an unsharded batch's does; nil, and why, where some shard
// has none or a scenario cannot be rebuilt as the batch had it (its file
// moved or edited) to name them.
func shardsTally(man *batch.Manifest, per []*batch.Manifest) (*batch.Tally, string) {
	why := "the causes behind each metric are tallied while a batch runs and are not in its rows; a sharded batch keeps its shard's in the manifest (batch --shard with --out), which these files lack, so a merge cannot show them; lattice batch --format table (or json) with the batch's arguments shows them"
	if man == nil || len(man.Arms) == 0 {
		return nil, why
	}
	for _, m := range per {
		if m == nil || len(m.Causes) != len(man.Arms) {
			return nil, why
		}
	}
	arms := make([]*batch.Arm, len(man.Arms))
	for i, ma := range man.Arms {
		src, sha := "", ""
		for _, sc := range man.Scenarios {
			if sc.ID == ma.Scenario {
				src, sha = sc.Source, sc.SHA256
			}
		}
		var ov []string
		if ma.Variant != "base" {
			ov = man.Variants[ma.Variant]
		}
		comp, err := scenarios.Compile(src, man.Difficulty, ov)
		if err != nil || comp.ID != ma.Scenario {
			return nil, fmt.Sprintf("the shards' causes cannot be named: scenario %s (%s) cannot be read here as the batch read it", sim.Sanitize(ma.Scenario, false), sim.Sanitize(src, false))
		}
		if base, err := scenarios.Compile(src, "", nil); err != nil || hex.EncodeToString(base.SHA256[:]) != sha {
			return nil, fmt.Sprintf("the shards' causes cannot be named: %s is not the file the batch played (its SHA-256 differs)", sim.Sanitize(src, false))
		}
		arms[i] = &batch.Arm{Index: i, Scenario: ma.Scenario, Variant: ma.Variant, Policy: ma.Policy, Compiled: comp}
	}
	t := batch.NewTally(arms)
	for _, m := range per {
		for i, sums := range m.Causes {
			if len(sums) != len(t.Sums[i]) {
				return nil, fmt.Sprintf("the shards' causes do not fit %s as it reads here (%d sums for %d)", sim.Sanitize(man.Arms[i].Scenario, false), len(sums), len(t.Sums[i]))
			}
			for k, v := range sums {
				t.Sums[i][k] += v
			}
		}
	}
	return t, ""
}

// sumCauses adds up the shards' cause tallies, arm by arm, for a merged
// file's manifest; nil unless every shard has them, alike in shape.
func sumCauses(per []*batch.Manifest) [][]int64 {
	if len(per) == 0 || per[0] == nil {
		return nil
	}
	out := make([][]int64, len(per[0].Causes))
	for _, m := range per {
		if m == nil || len(m.Causes) != len(out) || len(out) == 0 {
			return nil
		}
		for a, sums := range m.Causes {
			if out[a] == nil {
				out[a] = make([]int64, len(sums))
			}
			if len(sums) != len(out[a]) {
				return nil
			}
			for k, v := range sums {
				out[a][k] += v
			}
		}
	}
	return out
}

// rows reports whether a manifest's format is one of rows.
func rows(format string) bool { return format == "csv" || format == "jsonl" }

// formatName names a row format in words.
func formatName(format string) string {
	if format == "jsonl" {
		return "JSON Lines"
	}
	return strings.ToUpper(format)
}

// missingError is an error about missing runs (errors.Is
// batch.ErrMissingRuns), whose text says which.
type missingError struct{ msg string }

func (e *missingError) Error() string        { return e.msg }
func (e *missingError) Is(target error) bool { return target == batch.ErrMissingRuns }

func missingErrorf(format string, a ...any) error { return &missingError{fmt.Sprintf(format, a...)} }

// rowChecks refuses rows that are not the batch's: with manifests, a row
// must be the run the manifest says (its arm, replicate, seed from the
// master seed, and scenario hash); without, the files must at least agree
// with one another on each replicate's seed and each scenario's hash. It
// also counts each file's runs against its manifest's, so a file cut at a
// row boundary is named as such.
type rowChecks struct {
	man *batch.Manifest
	sha map[string]string // scenario id → SHA-256 of its file
	// ends holds, by scenario id, each end's id and whether it is a
	// success, for the scenarios the manifest names whose files are at hand
	// and unchanged (and whose ends no variant overrides).
	ends  scenarioEnds
	seeds replicateSeeds
	files []*fileRuns
	// Without manifests: each arm's first run (run_id − replicate) and the
	// arm there, both ways, so that shards of batches with other arms
	// (another --policies list, say) are told apart by their rows.
	armAt    map[int]armSeen
	armStart map[string]int
	// armRuns is, by arm (as armStart), its largest replicate + 1: its
	// runs, once every run 0…the last is known to be there once.
	armRuns map[string]int
	// Without manifests: the ends of each built-in scenario the rows'
	// id and SHA-256 name (nil where none is), and, by scenario, file
	// and variant, each verdict's success as first seen.
	builtin  map[string]map[string]bool
	verdicts map[string]verdictSeen
}

// verdictSeen is a verdict's success in a row, and where the row is.
type verdictSeen struct {
	success   bool
	file      string
	line, run int
}

// armSeen is the arm whose runs start at a run id, and where it was seen.
type armSeen struct {
	key, label, file string
	run              int
}

// fileRuns is one file's count of runs, for rowChecks.
type fileRuns struct {
	name string
	man  *batch.Manifest
	runs int
	last int // the last run id seen
	end  runEnd
}

// runEnd checks that each run of a file of --per-turn rows has its rows
// up to the turn it ended on: a file cut at a row's end inside a run read
// as whole, its last kept turn taken for the run's final values (and its
// objectives, on the last row only, lost).
type runEnd struct {
	run, turn, played int
	seen              bool
}

// next checks the run before rec's, when rec begins another.
func (r *runEnd) next(name string, rec *batch.Record) error {
	if r.seen && rec.RunID != r.run {
		if err := r.done(name); err != nil {
			return err
		}
	}
	r.run, r.turn, r.played, r.seen = rec.RunID, rec.Turn, rec.TurnsPlayed, true
	return nil
}

// done checks the last run read.
func (r *runEnd) done(name string) error {
	if r.seen && r.turn > 0 && r.turn != r.played {
		return fmt.Errorf("%s: run %d's rows stop at turn %d of the %d it played: the file was cut short or edited; copy it again, or run that shard again",
			sim.Sanitize(name, false), r.run, r.turn, r.played)
	}
	return nil
}

func newRowChecks(man *batch.Manifest) *rowChecks {
	c := &rowChecks{man: man, sha: map[string]string{}, seeds: replicateSeeds{}, ends: endsOf(man, map[string]map[string]bool{})}
	if man != nil {
		for _, s := range man.Scenarios {
			c.sha[s.ID] = s.SHA256
		}
	}
	return c
}

// scenarioEnds holds, by scenario id, each end's id and whether it is a
// success.
type scenarioEnds map[string]map[string]bool

// endsOf returns the ends of the scenarios man names whose files are at
// hand and unchanged, and whose ends no variant overrides (none for a nil
// man). seen keeps each scenario's ends (nil where it cannot be read) by
// its source, SHA-256 and difficulty, so that each is compiled once for a
// comparison of many shards.
func endsOf(man *batch.Manifest, seen map[string]map[string]bool) scenarioEnds {
	ends := scenarioEnds{}
	if man == nil || man.From != nil || setsKeyUnder(man.Variants, "end") {
		return ends // no scenario file; ends a --set changes
	}
	for _, s := range man.Scenarios {
		key := s.Source + "\x00" + s.SHA256 + "\x00" + man.Difficulty
		e, ok := seen[key]
		if !ok {
			comp, err := scenarios.Compile(s.Source, man.Difficulty, nil)
			if err == nil && comp.ID == s.ID && hex.EncodeToString(comp.SHA256[:]) == s.SHA256 {
				e = map[string]bool{}
				for _, end := range comp.Ends {
					e[end.ID] = end.Success
				}
			}
			seen[key] = e
		}
		if e != nil {
			ends[s.ID] = e
		}
	}
	return ends
}

// check says what in rec's outcome no batch writes: a hash that is not
// one, a verdict that is not an end of its scenario, or a success that is
// not its verdict's (an edited file).
func (ends scenarioEnds) check(rec *batch.Record) string {
	if !validHash(rec.Hash) {
		return fmt.Sprintf("has hash %q, not a game's hash (16 hexadecimal digits, as batch writes it)", rec.Hash)
	}
	if ends, ok := ends[rec.Scenario]; ok {
		success, known := ends[rec.Verdict]
		switch {
		case !known:
			return fmt.Sprintf("has verdict %q, which is not an end of scenario %s", rec.Verdict, rec.Scenario)
		case success != rec.Success:
			return fmt.Sprintf("has success %t, but its verdict %s is a %s", rec.Success, rec.Verdict, map[bool]string{true: "success", false: "failure"}[success])
		}
	}
	return ""
}

// setsKeyUnder reports whether any variant overrides a key under prefix
// ("end": end.x.success, ends[0].success).
func setsKeyUnder(variants map[string][]string, prefix string) bool {
	for _, ov := range variants {
		for _, o := range ov {
			if k, _, _ := strings.Cut(o, "="); strings.HasPrefix(strings.TrimSpace(k), prefix) {
				return true
			}
		}
	}
	return false
}

// file returns the check of the rows of one file, with its manifest (nil
// if it has none).
func (c *rowChecks) file(name string, man *batch.Manifest) func(*batch.Record) error {
	fr := &fileRuns{name: name, man: man, last: -1}
	c.files = append(c.files, fr)
	return func(rec *batch.Record) error {
		if rec.RunID != fr.last {
			fr.runs, fr.last = fr.runs+1, rec.RunID
		}
		if err := fr.end.next(fr.name, rec); err != nil {
			return err
		}
		return c.check(fr.name, rec)
	}
}

func (c *rowChecks) check(name string, rec *batch.Record) error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%s: run %d %s: not a row of this batch (a shard of another batch, or an edited file?)",
			sim.Sanitize(name, false), rec.RunID, sim.Sanitize(fmt.Sprintf(format, a...), false))
	}
	if why := c.ends.check(rec); why != "" {
		return bad("%s", why)
	}
	want, known := c.sha[rec.Scenario]
	switch {
	case !known && c.man != nil:
		return bad("plays scenario %q, which the manifests do not name", rec.Scenario)
	case !known:
		c.sha[rec.Scenario] = rec.SHA256
	case rec.SHA256 != want:
		return bad("played %s from a file with SHA-256 %.12s…, not %.12s…: the scenario file was changed", rec.Scenario, rec.SHA256, want)
	}
	m := c.man
	if m == nil {
		if err := c.seeds.check(rec); err != nil {
			return fmt.Errorf("%s: %w", sim.Sanitize(name, false), err)
		}
		if err := c.checkVerdict(name, rec); err != nil {
			return err
		}
		return c.checkArm(name, rec)
	}
	if m.Runs <= 0 || rec.RunID/m.Runs >= len(m.Arms) {
		return nil // beyond the batch's runs: the merge says so
	}
	a := m.Arms[rec.RunID/m.Runs]
	if rec.Scenario != a.Scenario || rec.Variant != a.Variant || rec.Policy != a.Policy || rec.Replicate != rec.RunID%m.Runs {
		return bad("is %s %s %s replicate %d, but the manifests' run %d is %s %s %s replicate %d",
			rec.Scenario, rec.Variant, rec.Policy, rec.Replicate, rec.RunID, a.Scenario, a.Variant, a.Policy, rec.RunID%m.Runs)
	}
	if seed := sim.RunSeed(m.Seed, rec.Replicate); rec.Seed != seed {
		return bad("has seed %d, not %d, replicate %d's under master seed %d", rec.Seed, seed, rec.Replicate, m.Seed)
	}
	return nil
}

// checkVerdict checks, without manifests, that a row's success is its
// verdict's: a row whose success was flipped while its verdict says an
// allied success merged with exit 0. Where the rows' scenario id and
// SHA-256 are a built-in's, a base row is checked against its ends (a
// variant's --set values, which the rows do not carry, may change an
// end's success); and in every variant, a verdict must be a success in
// all of its rows or in none.
func (c *rowChecks) checkVerdict(name string, rec *batch.Record) error {
	at := sim.Sanitize(name, false)
	if rec.Line > 0 {
		at += fmt.Sprintf(":%d", rec.Line)
	}
	if rec.Variant == "base" {
		if ends := c.builtinEnds(rec.Scenario, rec.SHA256); ends != nil {
			if success, ok := ends[rec.Verdict]; ok && success != rec.Success {
				return fmt.Errorf("%s: run %d has success %t, but its verdict %s is %s of the built-in scenario %s (the rows' SHA-256 is its): the row contradicts itself; the file was edited? Copy it again, or run that shard again",
					at, rec.RunID, rec.Success, sim.Sanitize(rec.Verdict, false), map[bool]string{true: "an allied success", false: "not an allied success"}[success], sim.Sanitize(rec.Scenario, false))
			}
		}
	}
	if c.verdicts == nil {
		c.verdicts = map[string]verdictSeen{}
	}
	k := rec.Scenario + "\x00" + rec.SHA256 + "\x00" + rec.Variant + "\x00" + rec.Verdict
	prev, ok := c.verdicts[k]
	if !ok {
		c.verdicts[k] = verdictSeen{success: rec.Success, file: name, line: rec.Line, run: rec.RunID}
		return nil
	}
	if prev.success != rec.Success {
		where := sim.Sanitize(prev.file, false)
		if prev.line > 0 {
			where += fmt.Sprintf(":%d", prev.line)
		}
		return fmt.Errorf("%s: run %d has verdict %s with success %t, but run %d (%s) of the same scenario and variant has it with success %t: a verdict is an allied success in every run of a variant or in none, so one of the rows was edited; copy the files again, or run their shards again",
			at, rec.RunID, sim.Sanitize(rec.Verdict, false), rec.Success, prev.run, where, prev.success)
	}
	return nil
}

// builtinEnds returns, for the built-in scenario id whose SHA-256 is sha,
// each end's id and whether it is an allied success, at every difficulty
// level alike; nil where the rows' scenario is no built-in, or a level
// makes an end's success another.
func (c *rowChecks) builtinEnds(id, sha string) map[string]bool {
	k := id + "\x00" + sha
	if e, ok := c.builtin[k]; ok {
		return e
	}
	if c.builtin == nil {
		c.builtin = map[string]map[string]bool{}
	}
	c.builtin[k] = nil
	// A built-in id first: the rows' scenario field is the files' to say,
	// and scenarios.Open would read any path it named.
	if _, builtin := scenarios.File(id); !builtin || strings.ContainsAny(id, `/\`) {
		return nil
	}
	sc, err := scenarios.Open(id)
	if err != nil {
		return nil
	}
	var ends map[string]bool
	for _, level := range append([]string{""}, levelIDs(sc)...) {
		comp, err := scenarios.Compile(id, level, nil)
		if err != nil || hex.EncodeToString(comp.SHA256[:]) != sha {
			return nil
		}
		e := map[string]bool{}
		for _, end := range comp.Ends {
			e[end.ID] = end.Success
		}
		if ends != nil && !maps.Equal(ends, e) {
			return nil
		}
		ends = e
	}
	c.builtin[k] = ends
	return ends
}

// levelIDs returns the ids of a scenario's difficulty levels.
func levelIDs(sc *sim.Scenario) []string {
	var ids []string
	for _, d := range sc.Difficulty {
		ids = append(ids, d.ID)
	}
	return ids
}

// validHash reports whether h is a game's hash as rows hold it: 16
// lowercase hexadecimal digits.
func validHash(h string) bool {
	if len(h) != 16 {
		return false
	}
	for _, c := range []byte(h) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// checkArm checks, without manifests, that a row's arm is the arm of the
// other rows of its run range: runs are numbered arm by arm, so an arm's
// rows all have one run_id − replicate, and no other arm has it. Shards of
// batches with other --policies lists (or --set sweeps, or --runs) break
// this, and merged into one batch with exit 0.
func (c *rowChecks) checkArm(name string, rec *batch.Record) error {
	if c.armAt == nil {
		c.armAt, c.armStart = map[int]armSeen{}, map[string]int{}
	}
	start := rec.RunID - rec.Replicate
	key := rec.Scenario + "\x00" + rec.Variant + "\x00" + rec.Policy
	here := armSeen{key: key, label: strings.TrimSuffix(rec.Scenario+" "+strings.TrimPrefix(rec.Variant+" ", "base "), " ") + " " + rec.Policy, file: name, run: rec.RunID}
	clash := func(prev armSeen) error {
		return fmt.Errorf("%s: run %d is %s, but %s's run %d, of the same batch if these were its shards, is %s: not shards of one batch (their --policies, --set or --runs differ)",
			sim.Sanitize(name, false), rec.RunID, sim.Sanitize(here.label, false), sim.Sanitize(prev.file, false), prev.run, sim.Sanitize(prev.label, false))
	}
	if prev, ok := c.armAt[start]; ok && prev.key != key {
		return clash(prev)
	} else if !ok {
		if s, ok := c.armStart[key]; ok {
			return clash(c.armAt[s])
		}
		c.armAt[start], c.armStart[key] = here, start
	}
	if c.armRuns == nil {
		c.armRuns = map[string]int{}
	}
	c.armRuns[key] = max(c.armRuns[key], rec.Replicate+1)
	return nil
}

// counts checks each file holds as many runs as its manifest says it was
// written with.
func (c *rowChecks) counts() error {
	for _, fr := range c.files {
		if err := fr.end.done(fr.name); err != nil {
			return err
		}
		if fr.man != nil && fr.runs != fr.man.RunsInFile {
			return fmt.Errorf("%s: %d runs, but its manifest says %d were written: the file was cut short or edited; copy it again, or run that shard again",
				sim.Sanitize(fr.name, false), fr.runs, fr.man.RunsInFile)
		}
	}
	return nil
}

// armSizes checks, without manifests, that every arm has as many runs as
// the others, once every run 0…the last is known to be there once: every
// arm of a batch plays its --runs runs, so a last arm with fewer is one
// whose last rows are missing (a file cut at a row's end merged with exit
// 0, its arms of 600 and 399 runs). A last arm missing whole, or one arm
// cut short, passes unseen: the manifests are what say how many runs there
// are.
func (c *rowChecks) armSizes() error {
	if c.man != nil || len(c.armStart) < 2 {
		return nil
	}
	most := 0
	for _, n := range c.armRuns {
		most = max(most, n)
	}
	var short []string // the arms with fewer, by their first run
	for key, start := range c.armStart {
		if c.armRuns[key] < most {
			short = append(short, fmt.Sprintf("%09d%s", start, key))
		}
	}
	if len(short) == 0 {
		return nil
	}
	slices.Sort(short)
	key := short[0][9:]
	n := c.armRuns[key]
	others := "the other arms have %d each"
	if len(c.armStart) == 2 {
		others = "the other arm has %d"
	}
	return missingErrorf("arm %s has %d %s, but "+others+": every arm of a batch plays its --runs runs, so the rows of %d %s of it are missing (a shard file cut short, or left out?); find the missing rows, or keep each shard's manifest beside its file, which says what the shard holds, and merge again",
		sim.Sanitize(c.armAt[c.armStart[key]].label, false), n, plural(n, "run", "runs"), most, most-n, plural(most-n, "run", "runs"))
}

// restart forgets the counts, for a second reading of the files.
func (c *rowChecks) restart() {
	for _, fr := range c.files {
		fr.runs, fr.last, fr.end = 0, -1, runEnd{}
	}
}

// manifestDiff says how manifest m describes another batch than ref does
// (the shards of one batch share everything but the shard index, the
// output file and its format): what differs, and its value in m and in
// ref. It returns "" if nothing does.
func manifestDiff(ref, m *batch.Manifest) (what, mine, theirs string) {
	switch {
	case m.TotalRuns != ref.TotalRuns:
		return "total runs", fmt.Sprint(m.TotalRuns), fmt.Sprint(ref.TotalRuns)
	case m.Seed != ref.Seed:
		return "master seed", fmt.Sprint(m.Seed), fmt.Sprint(ref.Seed)
	case m.Runs != ref.Runs:
		return "runs per arm", fmt.Sprint(m.Runs), fmt.Sprint(ref.Runs)
	case m.Shards != ref.Shards:
		return "number of shards", fmt.Sprint(m.Shards), fmt.Sprint(ref.Shards)
	case m.Engine != ref.Engine:
		return "engine version", m.Engine, ref.Engine
	// Shards played by different builds may differ in an AI policy (as
	// lookahead did in November 2026) with the engine's version unchanged;
	// a merged manifest names one build. Manifests of an older lattice name
	// none and are not compared. Builds stamped alike may still play
	// differently (a checkout patched, "modified" or without version
	// control information): shardBuilds compares how they play.
	case m.Build != nil && ref.Build != nil && buildName(m.Build) != buildName(ref.Build):
		return "the build of lattice that played them (play every shard with one build: an AI policy can change between builds)", buildName(m.Build), buildName(ref.Build)
	case m.Difficulty != ref.Difficulty:
		return "difficulty", orNone(m.Difficulty), orNone(ref.Difficulty)
	case m.PerTurn != ref.PerTurn:
		return "per-turn rows", fmt.Sprint(m.PerTurn), fmt.Sprint(ref.PerTurn)
	// A scenario or policy file is the same file by its id and bytes, not
	// by the path each machine named it with (my.toml and ./my.toml were
	// "different scenarios: my (124914ec24d6); my (124914ec24d6)").
	case !slices.EqualFunc(m.Scenarios, ref.Scenarios, func(a, b batch.ManifestScenario) bool { return a.ID == b.ID && a.SHA256 == b.SHA256 }):
		return "scenarios", scenarioList(m.Scenarios), scenarioList(ref.Scenarios)
	case !slices.EqualFunc(m.PolicyFiles, ref.PolicyFiles, func(a, b batch.ManifestFile) bool { return a.SHA256 == b.SHA256 }):
		return "policy files", policyFileList(m.PolicyFiles), policyFileList(ref.PolicyFiles)
	case !slices.Equal(m.Arms, ref.Arms):
		for i := 0; ; i++ {
			if i >= len(m.Arms) || i >= len(ref.Arms) || m.Arms[i] != ref.Arms[i] {
				return fmt.Sprintf("arm %d", i), armAt(m.Arms, i), armAt(ref.Arms, i)
			}
		}
	case !maps.EqualFunc(m.Variants, ref.Variants, slices.Equal):
		v := firstVariantDiff(ref.Variants, m.Variants)
		return "--set variants", variantLine(v, m.Variants), variantLine(v, ref.Variants)
	}
	return "", "", ""
}

// firstVariantDiff returns the first variant id (v1, v2, … v10 in their
// order) whose overrides differ between a and b, or that one of them
// lacks.
func firstVariantDiff(a, b map[string][]string) string {
	ids := slices.Collect(maps.Keys(a))
	for id := range b {
		if _, ok := a[id]; !ok {
			ids = append(ids, id)
		}
	}
	// v2 before v10: by length, then as text.
	slices.SortFunc(ids, func(x, y string) int { return cmp.Or(cmp.Compare(len(x), len(y)), cmp.Compare(x, y)) })
	for _, id := range ids {
		ov, ok := b[id]
		if ov0, ok0 := a[id]; !ok || !ok0 || !slices.Equal(ov, ov0) {
			return id
		}
	}
	return ""
}

// variantLine says what variant id is in variants, as the table's legend
// does ("v1 is --set side.us.budget=5"); it said
// "map[v1:[side.us.budget=5] …]", Go's syntax for the whole map.
func variantLine(id string, variants map[string][]string) string {
	ov, ok := variants[id]
	if !ok {
		return fmt.Sprintf("no variant %s", id)
	}
	if len(ov) == 0 {
		return fmt.Sprintf("%s has no --set values", id)
	}
	return fmt.Sprintf("%s is --set %s", id, strings.Join(ov, " --set "))
}

// shardBuilds says whether shards of one batch (files, with per their
// manifests, nil where none), whose builds' stamps agree (manifestDiff),
// were played by builds that play alike: what to refuse them for ("" if
// nothing), and what to warn of. Two copies of a checkout patched
// differently are both stamped with its revision, "modified", or without
// one (go build -buildvcs=false) as "(devel)", and merged as one build.
// Shards may come from different machines (amd64 and arm64 play alike),
// whose executables differ, so neither the stamp nor the executable's
// hash decides: the canary games each shard played do (the manifests'
// fingerprints). A change that alters no canary game passes unseen, so a
// warning names different executables for one system and architecture
// whose source the stamp does not name, and manifests without a
// fingerprint (an older lattice's).
func shardBuilds(files []string, per []*batch.Manifest) (string, []string) {
	type shard struct {
		file string
		m    *batch.Manifest
	}
	var ss, with []shard
	var without []string
	for i, m := range per {
		if m == nil {
			continue
		}
		ss = append(ss, shard{sim.Sanitize(files[i], false), m})
		if m.Fingerprint != nil {
			with = append(with, ss[len(ss)-1])
		} else {
			without = append(without, ss[len(ss)-1].file)
		}
	}
	if len(ss) < 2 {
		return "", nil
	}
	played := func(s shard) string { // the build, as a clause
		b := "a build the manifest does not name"
		if mb := s.m.Build; mb != nil {
			b = buildName(mb)
			if mb.Executable != "" {
				b = fmt.Sprintf("executable %.12s…, %s", mb.Executable, b)
			}
			if mb.GOOS != "" {
				b += ", " + mb.GOOS + "/" + mb.GOARCH
			}
		}
		return s.file + ": " + sim.Sanitize(b+", "+s.m.Go, false)
	}
	var warns []string
	if len(without) > 0 {
		warns = append(warns, fmt.Sprintf("%s %s no behavioural fingerprint (the canary games a shard of this lattice plays; an older lattice wrote %s): whether every shard was played by a build that plays alike cannot be checked; play %s again with this lattice to have it checked",
			cutList(without, maxListed, len(without)), plural(len(without), "has", "have"), plural(len(without), "its manifest", "their manifests"), plural(len(without), "it", "them")))
	}
	for _, s := range with[min(1, len(with)):] {
		ref, fp, fp0 := with[0], s.m.Fingerprint, with[0].m.Fingerprint
		if fp.Scheme != fp0.Scheme || fp.Games != fp0.Games {
			warns = append(warns, fmt.Sprintf("%s and %s have fingerprints made different ways (lattice %s and %s), which cannot be compared: whether they were played by builds that play alike cannot be checked",
				ref.file, s.file, sim.Sanitize(ref.m.Lattice, false), sim.Sanitize(s.m.Lattice, false)))
			continue
		}
		if fp.SHA256 != fp0.SHA256 {
			return fmt.Sprintf("%s and %s were made by builds that play differently: the %d canary games every shard of the batch plays (master seed %d, replicates from %d, which no row holds) ended otherwise in each (%s; %s): rebuild every shard from the same source and play them again",
				ref.file, s.file, fp.Games, s.m.Seed, batch.CanaryReplicate, played(ref), played(s)), warns
		}
	}
	// What the canaries cannot show: another executable for one system
	// and architecture (one not said matches any), of source not named.
	var seen []shard
	for _, s := range ss {
		b := s.m.Build
		if b == nil || b.Executable == "" {
			continue
		}
		for _, p := range seen {
			pb := p.m.Build
			if (pb.GOOS == "" || b.GOOS == "" || pb.GOOS == b.GOOS && pb.GOARCH == b.GOARCH) && pb.Executable != b.Executable && !b.Identified() {
				platform := b.GOOS + "/" + b.GOARCH
				if b.GOOS == "" {
					platform = pb.GOOS + "/" + pb.GOARCH
				}
				return "", append(warns, fmt.Sprintf("%s and %s were played by different executables for %s (SHA-256 %.12s… and %.12s…) of source the build does not name (%s): their canary games agree, but a change that alters none of them would pass unseen; build every shard from one commit without changes, or copy one executable to the machines of a system and architecture, to be sure",
					p.file, s.file, sim.Sanitize(platform, false), sim.Sanitize(pb.Executable, false), sim.Sanitize(b.Executable, false), sim.Sanitize(buildName(b), false)))
			}
		}
		seen = append(seen, s)
	}
	return "", warns
}

// buildName names a manifest's build: "revision 0123abcd…", with
// "(modified)" for a tree with changes not committed, or "module v1.2.0".
func buildName(b *batch.ManifestBuild) string {
	if b.Revision == "" && (b.Module == "(devel)" || b.Module == "") {
		return "a build without version control information"
	}
	if b.Revision == "" {
		return "module " + b.Module
	}
	s := "revision " + b.Revision
	if b.Modified != nil && *b.Modified {
		s += " (modified)"
	}
	return s
}

func scenarioList(ss []batch.ManifestScenario) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.ID+" ("+s.SHA256[:min(12, len(s.SHA256))]+")")
	}
	return strings.Join(out, ", ")
}

func policyFileList(fs []batch.ManifestFile) string {
	if len(fs) == 0 {
		return "none"
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.Source+" ("+f.SHA256[:min(12, len(f.SHA256))]+")")
	}
	return strings.Join(out, ", ")
}

func armAt(as []batch.ManifestArm, i int) string {
	if i >= len(as) {
		return "none"
	}
	a := as[i]
	return a.Scenario + " " + a.Variant + " " + a.Policy
}

// mergeRows hands the merged rows of shard files, in run order, to the
// function start returns, after checking every run is there once (nothing
// reaches it if not). Files in run order, as batch writes them, are
// streamed, so memory does not grow with the number of runs; if one is
// not (say, shards concatenated by hand), the files are read whole.
func mergeRows(ctx context.Context, files []string, start func(batch.MergeInfo) (func(*batch.Record) error, error)) error {
	man, per, err := shardsManifest(files)
	if err != nil {
		return err
	}
	total := 0
	if man != nil {
		total = man.TotalRuns
	}
	checks := newRowChecks(man)
	in := make([]batch.MergeInput, len(files))
	for i, f := range files {
		in[i] = openInput(ctx, f)
		in[i].Check = checks.file(f, per[i])
	}
	_, err = batch.MergeFiles(in, total, func(info batch.MergeInfo) (func(*batch.Record) error, error) {
		if err := checks.counts(); err != nil {
			return nil, err
		}
		if err := checks.armSizes(); err != nil {
			return nil, err
		}
		return start(info)
	})
	if errors.Is(err, batch.ErrMissingRuns) {
		// Every file was read through: if one holds fewer runs than its
		// manifest says, name it rather than the first run missing.
		if cerr := checks.counts(); cerr != nil {
			return cerr
		}
	}
	if !errors.Is(err, batch.ErrOutOfOrder) {
		return err
	}
	checks.restart()
	recs, info, err := readShards(in, total)
	if errors.Is(err, batch.ErrMissingRuns) {
		if cerr := checks.counts(); cerr != nil {
			return cerr
		}
	}
	if err != nil {
		return err
	}
	if err := checks.counts(); err != nil {
		return err
	}
	if err := checks.armSizes(); err != nil {
		return err
	}
	emit, err := start(info)
	if err != nil {
		return err
	}
	for i := range recs {
		if err := emit(&recs[i]); err != nil {
			return err
		}
	}
	return nil
}

// readShards reads row files whole and merges them, checking completeness.
func readShards(in []batch.MergeInput, total int) ([]batch.Record, batch.MergeInfo, error) {
	var all []batch.Record
	var info batch.MergeInfo
	set := false
	type runTurn struct{ run, turn int }
	where := map[runTurn]string{} // the file of each row, to name both of a duplicate
	for _, f := range in {
		fh, err := f.Open()
		if err != nil {
			return nil, info, err
		}
		recs, c, pt, err := batch.ReadRecords(f.Name, fh)
		fh.Close()
		if err != nil {
			return nil, info, err
		}
		if f.Check != nil {
			for i := range recs {
				if err := f.Check(&recs[i]); err != nil {
					return nil, info, err
				}
			}
		}
		switch {
		case len(recs) == 0 && c == nil:
			// an empty shard (more shards than runs): nothing to join
		case !set:
			set = true
			info.Cols, info.PerTurn, info.JSONL = c, pt, len(recs) > 0 && recs[0].Raw != nil
		case (len(recs) > 0 && recs[0].Raw != nil) != info.JSONL:
			form := map[bool]string{true: "JSON Lines", false: "CSV"}
			return nil, info, fmt.Errorf("%s is %s and %s is %s: the formats differ; merge files of one format (lattice merge FILE --format csv --out NEW converts one)",
				in[0].Name, form[info.JSONL], f.Name, form[!info.JSONL])
		case !slices.Equal(c, info.Cols) || pt != info.PerTurn:
			return nil, info, fmt.Errorf("%s: its columns differ from %s's: not shards of the same batch", f.Name, in[0].Name)
		}
		for i := range recs {
			k := runTurn{recs[i].RunID, recs[i].Turn}
			if prev, ok := where[k]; ok {
				return nil, info, batch.DuplicateRun(k.run, prev, f.Name)
			}
			where[k] = f.Name
		}
		all = append(all, recs...)
	}
	merged, err := batch.MergeRecords(all, info.PerTurn, total)
	if err != nil {
		return nil, info, err
	}
	// MergeRecords checked that every run 0…the last is there once.
	if info.Runs = total; len(merged) > 0 {
		info.Runs = merged[len(merged)-1].RunID + 1
	}
	return merged, info, nil
}

func cmdMerge(ctx context.Context, e *env, args []string) int {
	c := lookup("merge")
	fs := newFlags(c, e)
	format := fs.String("format", "", "")
	out := fs.String("out", "", "")
	steps := fs.String("steps", batch.StepsFirst, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) == 0 {
		return usageError(e, c, "give the row files of the shards")
	}
	if why := stepsProblem(*steps); why != "" {
		return usageError(e, c, "%s", why)
	}
	if why := outProblem(fs, *out); why != "" {
		return usageError(e, c, "%s", why)
	}
	for _, f := range pos {
		if hint := notBatchRows(f); hint != "" {
			fmt.Fprintf(e.stderr, "lattice merge: %s: %s\n", sim.Sanitize(f, false), hint)
			return exitInvalid
		}
	}
	if why := givenTwice(pos); why != "" {
		fmt.Fprintf(e.stderr, "lattice merge: %s\n", why)
		return exitInvalid
	}
	*format = sameFormat(*format, "table")
	if *format == "" {
		*format = formatOfOut(*out)
	}
	switch *format {
	case "", "csv", "jsonl", "json", "table":
	default:
		return usageError(e, c, "unknown --format %q: csv, jsonl, json or table", *format)
	}
	if flagGiven(fs, "steps") && *format != "table" && *format != "json" {
		return usageError(e, c, "--steps says which arms a summary compares: give --format table or json (merged rows carry no comparisons)")
	}
	if *out != "" {
		for _, f := range pos {
			if sameFile(f, *out) {
				fmt.Fprintf(e.stderr, "lattice merge: --out %s is one of the files merged: write the merged rows to a new file\n", sim.Sanitize(*out, false))
				return exitInvalid
			}
			// The manifests are read too: one overwritten with the rows
			// was lost, and the shard with it.
			if m := batch.ManifestPath(f); sameFile(m, *out) {
				fmt.Fprintf(e.stderr, "lattice merge: --out %s is the manifest of %s, one of the files merged: write the merged rows to a new file\n", sim.Sanitize(*out, false), sim.Sanitize(f, false))
				return exitInvalid
			}
		}
		if code := manifestOut(e, "merge", *out); code >= 0 {
			return code
		}
	}
	// The manifests are checked again as the rows are merged; here they
	// name the variants and make the merged file's manifest.
	man, per, err := shardsManifest(pos)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice merge: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	refuse, warns := shardBuilds(pos, per)
	if refuse != "" {
		fmt.Fprintf(e.stderr, "lattice merge: %s\n", refuse)
		return exitInvalid
	}
	for _, w := range warns {
		fmt.Fprintf(e.stderr, "lattice merge: warning: %s\n", w)
	}
	// Rows changed since their batch wrote them are refused: the merged
	// file's manifest would vouch for rows no batch wrote.
	changed := changedRows(ctx, pos)
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "lattice merge: interrupted")
		return exitInterrupted
	}
	if len(changed) > 0 {
		// What the rows' own checks find names the change best (a file
		// cut short, a row of another batch): read them for it first.
		err := mergeRows(ctx, pos, func(batch.MergeInfo) (func(*batch.Record) error, error) {
			return func(*batch.Record) error { return nil }, nil
		})
		if ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "lattice merge: interrupted")
			return exitInterrupted
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice merge: %v\n", err)
		}
		for _, w := range changed {
			fmt.Fprintf(e.stderr, "lattice merge: %s\n", w)
		}
		fmt.Fprintln(e.stderr, "lattice merge: the rows are not the ones their manifests describe: run the batch (or shard) again; lattice compare --partial compares them as they are, saying so")
		return exitInvalid
	}
	if *out != "" {
		// FILE first, so that an unwritable place is named as FILE, not
		// as its manifest.
		for _, f := range []string{*out, batch.ManifestPath(*out)} {
			if man == nil && f != *out {
				break // no manifest is written
			}
			if err := checkWritable(f); err != nil {
				fmt.Fprintf(e.stderr, "lattice merge: --out: %v\n", err)
				return exitInvalid
			}
		}
	}
	var variants map[string][]string
	if man != nil {
		variants = man.Variants
	}
	runs, topCauses := 0, 0
	code = writeOutCtx(ctx, e, "merge", *out, func(w *bufio.Writer) error {
		var rw *batch.RecordWriter
		var last *lastTurns
		builtin := func() {} // names the rows' scenarios from built-ins, once read
		err := mergeRows(ctx, pos, func(info batch.MergeInfo) (func(*batch.Record) error, error) {
			runs = info.Runs
			if runs == 0 {
				// No batch has no runs: a header alone, exit 0, hid a
				// shard written empty (json: "complete": true, no arms).
				return nil, errors.New("the files hold no rows: there is no run to merge (a batch plays at least one)")
			}
			// Said once the rows pass their checks, and there are rows to
			// merge: before a refusal (a file of no rows) it was noise.
			if man == nil {
				fmt.Fprintln(e.stderr, "lattice merge: warning: no manifests beside the row files: the rows are checked against one another (a replicate in two files has one seed, each scenario one file, each arm all its runs) but not against the batch that made them. The rows do not carry the master --seed, --difficulty or the --set values, so shards of batches that differ only in those merge unnoticed (shards of --seed 1 and --seed 2 hold different replicates, whose seeds cannot be compared): keep each shard's manifest with its rows (rows-*.csv*)")
			}
			if *format == "" {
				*format = "csv"
				if info.JSONL {
					*format = "jsonl"
				}
				if *out != "" {
					noFormNote(e, "merge", *out, ".csv, .jsonl, .json or .txt", *format+" rows, as the files given")
				}
			}
			if *format == "csv" || *format == "jsonl" {
				rw = batch.NewRecordWriter(w, *format, info.Cols, info.PerTurn)
				return rw.Write, nil
			}
			labels, lowBetter, resolved := filesMetrics(pos)
			sum := batch.NewSummary(info.Cols, labels).WithLowBetter(lowBetter).WithVariants(variants).WithWidth(outWidth(e, *out)).WithSteps(*steps)
			if tally, why := shardsTally(man, per); tally != nil {
				sum.WithTally(tally)
				topCauses = mergeCauses
			} else {
				sum.WithoutCauses(why)
			}
			last = newLastTurns(sum, info.PerTurn, len(info.Cols), nil)
			// The rows' scenarios, to name them from a built-in as
			// compare does where no manifest names their file.
			shas, vars := map[string][]string{}, map[string][]string{}
			builtin = func() { builtinMetrics(shas, vars, resolved, labels, lowBetter) }
			return func(rec *batch.Record) error {
				if !slices.Contains(shas[rec.Scenario], rec.SHA256) {
					shas[rec.Scenario] = append(shas[rec.Scenario], rec.SHA256)
				}
				if !slices.Contains(vars[rec.Scenario], rec.Variant) {
					vars[rec.Scenario] = append(vars[rec.Scenario], rec.Variant)
				}
				return last.add(rec)
			}, nil
		})
		if err != nil {
			return err
		}
		if rw != nil {
			return rw.Flush()
		}
		s := last.done()
		builtin()
		if *format == "json" {
			// The runs per arm and master seed come from the shards'
			// manifests, when there are any; merge refuses a partial batch.
			sum := newRowsSummary(s, s.Compare(topCauses), true, topCauses)
			if man != nil {
				sum.Runs, sum.Seed, sum.Difficulty = man.Runs, &man.Seed, man.Difficulty
			}
			w.Write(mustJSON(sum))
		} else {
			if man != nil {
				s.WithDifficulty(man.Difficulty).WithSeed(man.Seed)
			}
			s.WriteTable(w, topCauses)
		}
		return nil
	})
	if code != exitOK || *out == "" {
		return code
	}
	// The merged file gets a manifest of its own, as an unsharded batch's
	// --out does, so that its rows reproduce (the variants' overrides are
	// in it) and play --from-batch opens them. A manifest left beside FILE
	// by an earlier batch would describe other rows: without the shards'
	// manifests to go on, it is removed.
	if man == nil {
		if err := os.Remove(batch.ManifestPath(*out)); err != nil && !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(e.stderr, "lattice merge: %v\n", err)
			return exitInvalid
		}
		return exitOK
	}
	// man is the first file's manifest: its args are read before they
	// become the merge's.
	var from []batch.ManifestShard // a merged file merged again names its own files
	for i, f := range pos {
		from = append(from, batch.ManifestShard{File: f, Shard: per[i].Shard, Args: per[i].Args})
	}
	man.MergedFrom = from
	man.Args = append([]string{"merge"}, args...)
	man.Shard, man.Shards, man.RunsInFile, man.Complete, man.Format = 0, 1, runs, true, *format
	man.Causes = sumCauses(per) // every shard's, not the first's alone
	for _, m := range per {
		if m.Fingerprint == nil {
			man.Fingerprint = nil // only some shards have one: it vouches for none
		}
	}
	// The merged file's own hash; the build stays the shards' (theirs
	// played the runs, merge copies their rows).
	if man.FileSHA256, err = fileSHA256(ctx, *out); err != nil {
		fmt.Fprintf(e.stderr, "lattice merge: reading back %v\n", err)
		return exitInvalid
	}
	if err := safefile.WriteFile(batch.ManifestPath(*out), mustJSON(man), 0o644); err != nil {
		fmt.Fprintf(e.stderr, "lattice merge: %v\n", err)
		return exitInvalid
	}
	return exitOK
}

// sameFile reports whether paths a and b name one existing file.
// givenTwice says which row file is given more than once, if one is ("" if
// none): compare of one shard twice said the batch's other shards were
// missing, not that.
func givenTwice(files []string) string {
	i, j := sameFiles(files)
	switch {
	case i < 0:
		return ""
	case files[i] == files[j]:
		return fmt.Sprintf("%s is given more than once: give each file once", sim.Sanitize(files[i], false))
	}
	return fmt.Sprintf("%s and %s are one file, given more than once: give each file once", sim.Sanitize(files[i], false), sim.Sanitize(files[j], false))
}

func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// rowsSummary is merge's and compare's --format json: batch --format
// json's shape, without the causes, which rows do not carry. Runs and
// Seed are left out when no manifest gives them.
type rowsSummary struct {
	Runs       int     `json:"runs_per_arm,omitempty"`
	Seed       *uint64 `json:"master_seed,omitempty,string"`
	Difficulty string  `json:"difficulty,omitempty"` // where the manifests give one level
	Complete   bool    `json:"complete"`
	// Notes says what compare's output lacks and why (names that are
	// ids, causes not shown), and which arms played the same games as
	// another, compared once.
	Notes []string `json:"notes,omitempty"`
	batch.Judgement
	Arms        []batch.ArmResult  `json:"arms"`
	Comparisons []batch.Comparison `json:"comparisons"`
}

// newRowsSummary returns the rowsSummary of s with comparisons cs (as
// s.Compare returned them).
func newRowsSummary(s *batch.Summary, cs []batch.Comparison, complete bool, topCauses int) rowsSummary {
	cs = nonNil(cs)
	return rowsSummary{Complete: complete, Judgement: batch.JudgementOf(cs), Arms: s.Results(topCauses), Comparisons: cs, Notes: s.SameGames()}
}

// agreedBatch returns the runs per arm and master seed the manifests
// beside files all give, or 0 and nil if a file has none or they differ
// (rows of two batches compared), and likewise the difficulty level, ""
// where they differ (compare then names each arm's level in its variant).
func agreedBatch(files []string) (int, *uint64, string) {
	var runs int
	var seed *uint64
	level, levels := "", 0
	for _, f := range files {
		m, err := batch.ReadManifest(f)
		if err != nil || (seed != nil && (m.Runs != runs || m.Seed != *seed)) {
			return 0, nil, ""
		}
		if seed == nil || m.Difficulty != level {
			levels++
		}
		runs, seed, level = m.Runs, &m.Seed, m.Difficulty
	}
	if levels > 1 {
		level = ""
	}
	return runs, seed, level
}

// agreedSeed returns the master seed the manifests beside files all
// give, nil if a file has none or two differ. Unlike agreedBatch's, it
// does not ask the batches to have the same runs per arm: compare pairs
// batches of 300 and 200 runs at one seed on their 200 replicates.
func agreedSeed(files []string) *uint64 {
	var seed *uint64
	for _, f := range files {
		m, err := batch.ReadManifest(f)
		if err != nil || (seed != nil && m.Seed != *seed) {
			return nil
		}
		seed = &m.Seed
	}
	return seed
}

func nonNil(c []batch.Comparison) []batch.Comparison {
	if c == nil {
		return []batch.Comparison{}
	}
	return c
}

// lastTurns feeds a summary the final record of each run: every record
// when rows are per run, the last of each run's consecutive per-turn rows
// otherwise. remap, if set, moves a record's metrics into the summary's
// columns.
type lastTurns struct {
	s       *batch.Summary
	remap   []int // the summary column of each of the record's columns
	prev    batch.Record
	held    bool
	perTurn bool
	ncols   int // the summary's columns
	buf     []string
}

func newLastTurns(s *batch.Summary, perTurn bool, ncols int, remap []int) *lastTurns {
	return &lastTurns{s: s, perTurn: perTurn, ncols: ncols, remap: remap}
}

func (l *lastTurns) add(rec *batch.Record) error {
	if l.held && (!l.perTurn || rec.RunID != l.prev.RunID) {
		l.flush()
	}
	l.prev, l.held = *rec, true
	l.prev.Raw = nil
	return nil
}

// flush adds the held record.
func (l *lastTurns) flush() {
	if !l.held {
		return
	}
	l.held = false
	if l.remap != nil {
		if cap(l.buf) < l.ncols {
			l.buf = make([]string, l.ncols)
		}
		out := l.buf[:l.ncols]
		clear(out)
		for i, v := range l.prev.Metrics {
			if i < len(l.remap) {
				out[l.remap[i]] = v
			}
		}
		l.prev.Metrics = out
	}
	l.s.Add(&l.prev)
}

// done adds the last run and returns the summary.
func (l *lastTurns) done() *batch.Summary {
	l.flush()
	return l.s
}

func cmdCompare(ctx context.Context, e *env, args []string) int {
	c := lookup("compare")
	fs := newFlags(c, e)
	format := fs.String("format", "table", "")
	partial := fs.Bool("partial", false, "")
	baseline := fs.String("baseline", "", "")
	steps := fs.String("steps", batch.StepsFirst, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if why := stepsProblem(*steps); why != "" {
		return usageError(e, c, "%s", why)
	}
	if *baseline != "" && *steps != batch.StepsFirst {
		return usageError(e, c, "--baseline ARM compares every arm with ARM: --steps does not apply with it")
	}
	if len(pos) == 0 {
		return usageError(e, c, "give batch row files (csv or jsonl)")
	}
	for _, f := range pos {
		if hint := notBatchRows(f); hint != "" {
			fmt.Fprintf(e.stderr, "lattice compare: %s: %s\n", sim.Sanitize(f, false), hint)
			return exitInvalid
		}
	}
	if why := givenTwice(pos); why != "" {
		fmt.Fprintf(e.stderr, "lattice compare: %s\n", why)
		return exitInvalid
	}
	*format = sameFormat(*format, "table")
	if *format != "table" && *format != "json" {
		return usageError(e, c, "unknown --format %q: table or json", *format)
	}
	changed := changedRows(ctx, pos)
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "lattice compare: interrupted")
		return exitInterrupted
	}
	if len(changed) > 0 && !*partial {
		// What the rows' own checks find names the change best (a file
		// cut short, a row of another batch): read them for it first.
		if _, _, _, err := compareRows(ctx, pos); ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "lattice compare: interrupted")
			return exitInterrupted
		} else if err != nil {
			fmt.Fprintf(e.stderr, "lattice compare: %s\n", sim.Sanitize(err.Error(), false))
		}
	}
	incomplete, builds := incompleteInput(pos)
	incomplete = append(incomplete, changed...)
	for _, w := range builds {
		fmt.Fprintf(e.stderr, "lattice compare: warning: %s\n", w)
	}
	if len(incomplete) > 0 && !*partial {
		for _, w := range incomplete {
			fmt.Fprintf(e.stderr, "lattice compare: %s\n", w)
		}
		fmt.Fprintln(e.stderr, "lattice compare: the input is not a whole batch as its manifests describe it (merge would refuse it): give every shard, or run the batch again; --partial compares it anyway")
		return exitInvalid
	}
	for _, w := range incomplete {
		fmt.Fprintf(e.stderr, "lattice compare: warning: %s\n", w)
	}
	s, notes, shown, err := compareRows(ctx, pos)
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "lattice compare: interrupted")
		return exitInterrupted
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice compare: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "lattice compare: note: %s\n", n)
	}
	s.WithWidth(outWidth(e, "")).WithSteps(*steps)
	if *baseline != "" {
		if err := s.WithBaseline(*baseline); err != nil {
			return usageError(e, c, "%s", sim.Sanitize(err.Error(), false))
		}
	}
	// The causes, where the files are one batch whose manifests kept them
	// (a sharded batch's, or one written with --causes N).
	topCauses := 0
	man, per, err := shardsManifest(pos)
	switch {
	case err != nil || man == nil:
		shown = append(shown, "no difference says which causes made it (\"mostly from: …\"): causes are kept in the manifest of one batch (written with --out FILE, sharded or not, unless --causes 0), and these files are not one batch's with its manifests")
	case len(incomplete) > 0:
		shown = append(shown, "no difference says which causes made it (\"mostly from: …\"): causes are shown for a whole batch only")
	default:
		if tally, _ := shardsTally(man, per); tally != nil {
			s.WithTally(tally)
			topCauses = mergeCauses
		} else {
			shown = append(shown, "the rows carry no causes, so no difference says which causes made it (\"mostly from: …\"): run the batch again with --out FILE and without --causes 0 (a batch of an older lattice kept them only with --causes N)")
		}
	}
	cs := s.Compare(topCauses)
	if len(cs) == 0 {
		fmt.Fprintf(e.stderr, "lattice compare: nothing to compare: %s\n", oneArmWhy(s, pos))
		return exitInvalid
	}
	paired := 0
	for _, c := range cs {
		if c.Pairs == 0 {
			fmt.Fprintf(e.stderr, "lattice compare: warning: %s: %s vs %s: %s\n", c.Scenario, c.Other, c.Base, strings.Join(c.Warnings, "; "))
		} else {
			paired++
		}
	}
	if paired == 0 {
		fmt.Fprintln(e.stderr, "lattice compare: nothing to compare: no two arms of a scenario have a replicate in common")
		return exitInvalid
	}
	return writeOutCtx(ctx, e, "compare", "", func(w *bufio.Writer) error {
		if *format == "json" {
			for i := range cs {
				cs[i].Warnings = append(cs[i].Warnings, incomplete...)
			}
			// merge --format json's, but incomplete with --partial
			// input; the runs per arm and master seed where the files'
			// manifests agree on them.
			sum := newRowsSummary(s, cs, len(incomplete) == 0, topCauses)
			sum.Notes = append(shown, sum.Notes...)
			sum.Runs, _, sum.Difficulty = agreedBatch(pos)
			sum.Seed = agreedSeed(pos)
			w.Write(mustJSON(sum))
			return nil
		}
		for _, n := range incomplete {
			fmt.Fprintf(w, "Partial input (--partial): %s\n", n)
		}
		for _, n := range shown {
			fmt.Fprintf(w, "%s\n", batch.Fill("Note: "+sim.Sanitize(n, false), outWidth(e, ""), 2))
		}
		if len(incomplete)+len(shown) > 0 {
			fmt.Fprintln(w)
		}
		if seed := agreedSeed(pos); seed != nil {
			s.WithSeed(*seed)
		}
		s.WriteBasis(w)
		s.WriteArms(w) // what the arms came to, before how they differ
		s.WriteComparisons(w, cs)
		return nil
	})
}

// oneArmWhy says why row files gave nothing to compare: no rows at all, or
// one arm per scenario, and then, if a manifest planned more, that the
// others have no rows (a batch interrupted before it reached them plays
// its arms one after another), rather than ask for the --policies or --set
// the batch was given.
func oneArmWhy(s *batch.Summary, files []string) string {
	if done, _ := s.Runs(); done == 0 {
		return "the files hold no rows"
	}
	for _, f := range files {
		if m, err := batch.ReadManifest(f); err == nil && len(m.Arms) > 1 {
			return fmt.Sprintf("the rows hold one arm per scenario, but the batch of %s planned %d arms: the others have no rows (it was interrupted before it reached them, or their shards are not given); run it again to the end, or give every shard",
				sim.Sanitize(f, false), len(m.Arms))
		}
	}
	return "the rows hold one arm per scenario (run batch with --policies or --set to make several)"
}

// incompleteInput says, from the manifests beside row files, where they
// are not whole batches, as merge would refuse them: a file whose batch
// (or shard) was interrupted, shards of a batch given without the others,
// and shards played by builds that play differently (shardBuilds, whose
// warnings it returns too). Files without manifests cannot be checked and
// say nothing.
func incompleteInput(files []string) ([]string, []string) {
	var out, warns []string
	type group struct {
		man    *batch.Manifest
		files  []string
		raw    []string
		per    []*batch.Manifest
		shards map[int]bool
	}
	var groups []*group
	for _, f := range files {
		m, err := batch.ReadManifest(f)
		if err != nil {
			continue
		}
		if !m.Complete {
			out = append(out, fmt.Sprintf("%s: its manifest says the batch was interrupted (%d runs written, not %d): the arms are not all there, or not whole",
				sim.Sanitize(f, false), m.RunsInFile, shardRuns(m)))
		}
		if m.Shards <= 1 {
			continue
		}
		var g *group
		for _, x := range groups {
			if what, _, _ := manifestDiff(x.man, m); what == "" {
				g = x
				break
			}
		}
		if g == nil {
			g = &group{man: m, shards: map[int]bool{}}
			groups = append(groups, g)
		}
		g.files = append(g.files, sim.Sanitize(f, false))
		g.raw, g.per = append(g.raw, f), append(g.per, m)
		g.shards[m.Shard] = true
	}
	for _, g := range groups {
		refuse, w := shardBuilds(g.raw, g.per)
		if refuse != "" {
			out = append(out, refuse)
		}
		warns = append(warns, w...)
		if missing, n := missingShards(func(i int) bool { return g.shards[i] }, len(g.shards), g.man.Shards); n > 0 {
			out = append(out, fmt.Sprintf("%s %s of a batch of %d shards, whose %s %s %s missing: each arm has only some of its replicates",
				strings.Join(g.files, ", "), plural(len(g.files), "is a shard", "are shards"), g.man.Shards, plural(n, "shard", "shards"), missing, plural(n, "is", "are")))
		}
	}
	return out, warns
}

// flagGiven reports whether flag name was given on the command line.
func flagGiven(fs *flag.FlagSet, name string) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == name })
	return given
}

// changedRows says which of the row files differ from the file their
// manifest describes (its file_sha256: a manifest of an older lattice has
// none, and is not checked), one line each: rows edited, filtered, sorted
// or written over since the batch wrote them. A file that cannot be read
// is left to the reading of the rows to report.
func changedRows(ctx context.Context, files []string) []string {
	var out []string
	for _, f := range files {
		m, err := batch.ReadManifest(f)
		if err != nil || m.FileSHA256 == "" {
			continue
		}
		got, err := fileSHA256(ctx, f)
		if err != nil || got == m.FileSHA256 {
			continue
		}
		out = append(out, fmt.Sprintf("%s has changed since the batch wrote it: its SHA-256 is %.12s…, its manifest (%s) says %.12s…",
			sim.Sanitize(f, false), got, sim.Sanitize(batch.ManifestPath(f), false), sim.Sanitize(m.FileSHA256, false)))
	}
	return out
}

// fileSHA256 returns the hex SHA-256 of the file at path, reading it until
// ctx is done.
func fileSHA256(ctx context.Context, path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, f}); err != nil {
		return "", fmt.Errorf("%s: %v", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// shardRuns returns how many runs the shard a manifest describes holds
// when whole.
func shardRuns(m *batch.Manifest) int {
	n := max(m.Shards, 1)
	if m.Shard >= m.TotalRuns {
		return 0
	}
	return (m.TotalRuns - m.Shard + n - 1) / n
}

// maxListed is how many items an error lists before "… and N more".
const maxListed = 10

// missingShards returns the shards (of shards) that has says are absent,
// as "I/N" joined by commas (the first maxListed, then "… and N more"),
// and how many there are; present is how many has says are there. A
// manifest may say shards 10,000,000: the list is counted, not built, and
// the loop stops once it has its first few.
func missingShards(has func(int) bool, present, shards int) (string, int) {
	var listed []string
	for i := 0; i < shards && len(listed) < maxListed; i++ {
		if !has(i) {
			listed = append(listed, fmt.Sprintf("%d/%d", i, shards))
		}
	}
	n := shards - present
	return cutList(listed, maxListed, n), n
}

// cutList joins the first limit of items (of total in all) with commas,
// and says how many more there are.
func cutList(items []string, limit, total int) string {
	if len(items) > limit {
		items = items[:limit]
	}
	s := strings.Join(items, ", ")
	if total > len(items) {
		s += fmt.Sprintf(" … and %d more", total-len(items))
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// compareRows summarises row files one record at a time, in two passes: the
// first finds every file's metric columns (a JSON Lines file's are its
// rows' keys), the second feeds the summary each run's final record with
// its metrics moved into the union of the columns.
func compareRows(ctx context.Context, files []string) (*batch.Summary, []string, []string, error) {
	in := make([]batch.MergeInput, len(files))
	fileCols := make([][]string, len(files))
	// A JSON Lines file says whether its rows are per turn only once a row
	// has been read, so the first pass notes it for the second.
	filePerTurn := make([]bool, len(files))
	var cols []string
	index := map[string]int{}
	for i, f := range files {
		in[i] = openInput(ctx, f)
		rr, closeFile, err := openRows(in[i])
		if err != nil {
			return nil, nil, nil, err
		}
		if rr.JSONL() {
			var rec batch.Record
			for err == nil {
				err = rr.Next(&rec)
			}
			if err != io.EOF {
				closeFile()
				return nil, nil, nil, err
			}
		}
		closeFile()
		fileCols[i], filePerTurn[i] = rr.Columns(), rr.PerTurn()
		for _, c := range fileCols[i] {
			if _, ok := index[c]; !ok {
				index[c] = len(cols)
				cols = append(cols, c)
			}
		}
	}
	variants, rename := filesVariants(files)
	labels, lowBetter, resolved := filesMetrics(files)
	s := batch.NewSummary(cols, labels).WithLowBetter(lowBetter).WithVariants(variants)
	rowShas := map[string][]string{}     // scenario → the SHA-256s of its rows
	rowVariants := map[string][]string{} // scenario → its rows' variants
	seeds := replicateSeeds{}
	var notes []string
	damaged := damagedManifests(files)
	for _, d := range damaged {
		notes = append(notes, d+": compare goes on without it, so the --set values and difficulty level of its rows are not known (merge refuses it)")
	}
	type shaAt struct{ sha, file string }
	shas := map[string]shaAt{}
	noted := map[string]bool{}
	compiled := map[string]map[string]bool{} // for endsOf
	// Each row's success against its verdict, as merge checks rows without
	// manifests: a row whose success was flipped was compared with exit 0.
	// A verdict's success is one in every row of a variant of one file (of
	// one batch): files of other batches may give one variant id other
	// --set values.
	verdicts := newRowChecks(nil)
	for i := range files {
		verdicts.verdicts = nil
		rr, closeFile, err := openRows(in[i])
		if err != nil {
			return nil, nil, nil, err
		}
		rr.UseColumns(fileCols[i])
		remap := make([]int, len(fileCols[i]))
		for k, c := range fileCols[i] {
			remap[k] = index[c]
		}
		last := newLastTurns(s, filePerTurn[i], len(cols), remap)
		man, _ := batch.ReadManifest(files[i])
		ends := endsOf(man, compiled)
		var rec batch.Record
		runs, prevRun := 0, -1 // a run's rows are together (one a turn with --per-turn)
		var end runEnd
		for {
			err = rr.Next(&rec)
			if err != nil {
				break
			}
			if err = end.next(files[i], &rec); err != nil {
				break
			}
			if why := ends.check(&rec); why != "" {
				err = fmt.Errorf("%s: run %d %s: an edited file?", sim.Sanitize(files[i], false), rec.RunID, sim.Sanitize(why, false))
				break
			}
			if err = verdicts.checkVerdict(files[i], &rec); err != nil {
				break
			}
			if rec.RunID != prevRun || runs == 0 {
				runs, prevRun = runs+1, rec.RunID
			}
			if err = seeds.check(&rec); err != nil {
				break
			}
			if v, ok := rename[i][rec.Variant]; ok {
				rec.Variant = v
			}
			if !slices.Contains(rowShas[rec.Scenario], rec.SHA256) {
				rowShas[rec.Scenario] = append(rowShas[rec.Scenario], rec.SHA256)
			}
			if !slices.Contains(rowVariants[rec.Scenario], rec.Variant) {
				rowVariants[rec.Scenario] = append(rowVariants[rec.Scenario], rec.Variant)
			}
			if prev, ok := shas[rec.Scenario]; !ok {
				shas[rec.Scenario] = shaAt{rec.SHA256, files[i]}
			} else if prev.sha != rec.SHA256 && !noted[rec.Scenario] {
				noted[rec.Scenario] = true
				notes = append(notes, fmt.Sprintf("%s was played from different files (SHA-256 %.12s… in %s, %.12s… in %s): arms compared across them differ in the scenario too",
					sim.Sanitize(rec.Scenario, false), prev.sha, sim.Sanitize(prev.file, false), rec.SHA256, sim.Sanitize(files[i], false)))
			}
			last.add(&rec)
		}
		closeFile()
		if err != io.EOF {
			return nil, nil, nil, err
		}
		if err := end.done(files[i]); err != nil {
			return nil, nil, nil, err
		}
		// A file cut at a row's end reads as a whole one: its manifest
		// says how many runs it was written with, as merge checks.
		if m, err := batch.ReadManifest(files[i]); err == nil && m.RunsInFile != runs {
			return nil, nil, nil, fmt.Errorf("%s: %d runs, but its manifest says %d were written: the file was cut short or edited; copy it again, or run that batch again",
				sim.Sanitize(files[i], false), runs, m.RunsInFile)
		}
		last.done()
	}
	if err := s.CheckReplicates(); err != nil {
		if len(damaged) > 0 {
			// Perhaps not a file given twice: what would tell the arms
			// apart (a variant's values, a level) is in a manifest unread.
			return nil, nil, nil, fmt.Errorf("%v; or do the arms differ in what a manifest that cannot be read would say (--set values, difficulty)? %s", err, strings.Join(damaged, "; "))
		}
		return nil, nil, nil, err
	}
	return s, notes, builtinMetrics(rowShas, rowVariants, resolved, labels, lowBetter), nil
}

// replicateSeeds holds, by scenario, each replicate's run seed, to check
// that the arms compared played each replicate with the same dice (rows of
// batches with different master seeds do not pair).
type replicateSeeds map[string]*seedTable

// seedTable maps replicate numbers to seeds in about 9 bytes a replicate:
// a slice while they are dense (0 … runs−1, as batch writes them), a map
// for any far beyond the rest (a hostile file), as the summary's repIndex.
type seedTable struct {
	seed   []uint64
	set    []bool
	sparse map[int]uint64
}

// add records replicate r's seed, or returns the seed it was given before.
func (t *seedTable) add(r int, seed uint64) (prev uint64, seen bool) {
	if r >= len(t.seed) && r < 2*len(t.seed)+1024 {
		n := max(r+1, 2*len(t.seed))
		t.seed = append(t.seed, make([]uint64, n-len(t.seed))...)
		t.set = append(t.set, make([]bool, n-len(t.set))...)
	}
	if r >= 0 && r < len(t.seed) {
		if t.set[r] {
			return t.seed[r], true
		}
		t.seed[r], t.set[r] = seed, true
		return 0, false
	}
	if t.sparse == nil {
		t.sparse = map[int]uint64{}
	}
	if p, ok := t.sparse[r]; ok {
		return p, true
	}
	t.sparse[r] = seed
	return 0, false
}

func (rs replicateSeeds) check(rec *batch.Record) error {
	t := rs[rec.Scenario]
	if t == nil {
		t = &seedTable{}
		rs[rec.Scenario] = t
	}
	if seed, seen := t.add(rec.Replicate, rec.Seed); seen && seed != rec.Seed {
		return fmt.Errorf("replicate %d of %s has run seed %d in one arm and %d in another (%s): rows of batches with different master seeds are not paired on common dice",
			rec.Replicate, rec.Scenario, seed, rec.Seed, strings.TrimPrefix(rec.Variant+" ", "base ")+rec.Policy)
	}
	return nil
}

// damagedManifests returns, for each row file whose manifest is there but
// cannot be read (damaged, edited, not a manifest), why not. Compare goes
// on without it, so its rows' --set values and difficulty level are not
// known, and a batch at another level read as the same arms ("replicate 0
// … appears more than once") without a word on why.
func damagedManifests(files []string) []string {
	var out []string
	for _, f := range files {
		if _, err := batch.ReadManifest(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			out = append(out, sim.Sanitize(err.Error(), false))
		}
	}
	return out
}

// filesVariants returns what the variant ids of row files stand for, from
// the manifests beside them (an id of a file without a manifest stands for
// nothing known). Batches number their variants v1, v2, … afresh, so two
// files' v1 may be different overrides: such an id is renamed in each
// file's rows to "v1@FILE" (rename[i] maps file i's ids), so that the
// comparison neither pairs them as one arm nor shows them unexplained.
func filesVariants(files []string) (variants map[string][]string, rename []map[string]string) {
	mans := make([]*batch.Manifest, len(files))
	for i, f := range files {
		if m, err := batch.ReadManifest(f); err == nil {
			mans[i] = m
		}
	}
	first := map[string][]string{}
	clash := map[string]bool{}
	for _, m := range mans {
		if m == nil {
			continue
		}
		for id, ov := range m.Variants {
			if prev, ok := first[id]; ok && !slices.Equal(prev, ov) {
				clash[id] = true
			} else if !ok {
				first[id] = ov
			}
		}
	}
	// Batches at different difficulty levels (with the same seed, the
	// same dice) are told apart by it: each variant, base too, takes the
	// level after an @ ("hard", "v1@hard") and a difficulty override
	// ("difficulty=hard"), so that the arms of one policy and --set values
	// at two levels are compared, one change at a time, as two variants.
	levels := map[string]bool{}
	for _, m := range mans {
		if m != nil {
			levels[m.Difficulty] = true
		}
	}
	byLevel := len(levels) > 1
	variants = map[string][]string{}
	rename = make([]map[string]string, len(files))
	for i, m := range mans {
		rename[i] = map[string]string{}
		if m == nil {
			continue
		}
		level := sim.Sanitize(orNone(m.Difficulty), false) // a manifest may be anyone's
		for id, ov := range m.Variants {
			name := id
			if clash[id] {
				name = id + "@" + sim.Sanitize(filepath.Base(files[i]), false)
				rename[i][id] = name
			}
			if byLevel {
				name += "@" + level
				rename[i][id] = name
				ov = append(slices.Clip(ov), batch.DifficultyOverride+m.Difficulty)
			}
			variants[name] = ov
		}
		if byLevel {
			rename[i]["base"] = level
			variants[level] = []string{batch.DifficultyOverride + m.Difficulty}
		}
	}
	return variants, rename
}

// filesMetrics names the metrics of the scenarios in the manifests beside
// row files, as lattice batch names them in its table ("ROK domestic
// support", not rok_support), and says which way is good for each (true
// where lower is better), unless a --set variant changes it. A scenario
// that cannot be opened from where the manifest says, or whose bytes have
// changed since, keeps its ids, and its directions are not known.
func filesMetrics(files []string) (labels map[string]string, lowBetter map[string]bool, resolved map[string]bool) {
	labels, lowBetter, resolved = map[string]string{}, map[string]bool{}, map[string]bool{}
	done := map[string]bool{}
	for _, f := range files {
		m, err := batch.ReadManifest(f)
		if err != nil {
			continue
		}
		for _, sc := range m.Scenarios {
			resolved[sc.ID+"\x00"] = true // named by a manifest, resolved or not
			if done[sc.ID+"\x00"+sc.SHA256] {
				continue
			}
			done[sc.ID+"\x00"+sc.SHA256] = true
			comp, err := scenarios.Compile(sc.Source, "", nil)
			if err != nil || comp.ID != sc.ID || hex.EncodeToString(comp.SHA256[:]) != sc.SHA256 {
				continue
			}
			resolved[sc.ID+"\x00"+sc.SHA256] = true
			batch.AddLabels(labels, comp)
			for _, mt := range comp.Metrics {
				if !setsKey(m.Variants, "metric."+mt.ID+".good") {
					lowBetter[batch.LabelKey(comp.ID, mt.ID)] = mt.GoodLow
				}
			}
		}
	}
	return labels, lowBetter, resolved
}

// builtinMetrics names, for compare, the metrics, verdicts and allies of
// the scenarios whose rows no manifest resolved (filesMetrics): from the
// built-in scenario of the rows' id where its SHA-256 is the rows', with
// which way is good where every arm of it is the base variant (a --set
// variant may have changed it, and without a manifest its values are not
// known). It returns, for the output, why the others' names are ids.
func builtinMetrics(shas map[string][]string, variants map[string][]string, resolved map[string]bool, labels map[string]string, lowBetter map[string]bool) []string {
	var notes []string
	for _, id := range slices.Sorted(maps.Keys(shas)) {
		for _, sha := range shas[id] {
			if resolved[id+"\x00"+sha] {
				continue
			}
			why := "no manifest beside its rows names the file it was played from"
			if resolved[id+"\x00"] {
				why = "the file its manifest names cannot be read, or has changed since"
			}
			if _, ok := scenarios.File(id); ok && !strings.ContainsAny(id, `/\`) {
				comp, err := scenarios.Compile(id, "", nil)
				if err == nil && hex.EncodeToString(comp.SHA256[:]) == sha {
					batch.AddLabels(labels, comp)
					if slices.ContainsFunc(variants[id], func(v string) bool { return v != "base" }) {
						notes = append(notes, fmt.Sprintf("%s: names are the built-in scenario's (the rows' SHA-256 is its), but no manifest gives its variants' --set values, which may change them, so whether higher or lower is better is not said; keep each row file's manifest (FILE.manifest.json) beside it", sim.Sanitize(id, false)))
						continue
					}
					for _, mt := range comp.Metrics {
						lowBetter[batch.LabelKey(comp.ID, mt.ID)] = mt.GoodLow
					}
					resolved[id+"\x00"+sha] = true
					continue
				}
				why += ", and its SHA-256 (" + sha[:min(12, len(sha))] + "…) is not the built-in " + sim.Sanitize(id, false) + "'s: an edited copy?"
			}
			notes = append(notes, fmt.Sprintf("%s: metrics, verdicts and allies are named by their ids, and whether higher or lower is better is not said, because %s; keep each row file's manifest (FILE.manifest.json) beside it, with the scenario file where it names it", sim.Sanitize(id, false), why))
		}
	}
	return notes
}

// setsKey reports whether any variant overrides key.
func setsKey(variants map[string][]string, key string) bool {
	for _, ov := range variants {
		for _, o := range ov {
			if k, _, _ := strings.Cut(o, "="); strings.TrimSpace(k) == key {
				return true
			}
		}
	}
	return false
}

// openRows opens a row file and starts reading it.
func openRows(in batch.MergeInput) (*batch.RowReader, func(), error) {
	fh, err := in.Open()
	if err != nil {
		return nil, nil, err
	}
	rr, err := batch.NewRowReader(in.Name, fh)
	if err != nil {
		fh.Close()
		return nil, nil, err
	}
	return rr, func() { fh.Close() }, nil
}

// writeOut runs write against stdout, or against an atomically written
// file when out is set.
func writeOut(e *env, cmd, out string, write func(w *bufio.Writer) error) int {
	return writeOutCtx(context.Background(), e, cmd, out, write)
}

// writeOutCtx is writeOut, but if ctx is done when write fails (Ctrl-C
// stopped its reading) it reports an interruption, exit 130, and leaves no
// file.
func writeOutCtx(ctx context.Context, e *env, cmd, out string, write func(w *bufio.Writer) error) int {
	failed := func(err error) int {
		if ctx.Err() != nil {
			fmt.Fprintf(e.stderr, "lattice %s: interrupted\n", cmd)
			return exitInterrupted
		}
		fmt.Fprintf(e.stderr, "lattice %s: %v\n", cmd, err)
		return exitInvalid
	}
	if out == "" {
		w := bufio.NewWriter(e.stdout)
		if err := write(w); err != nil {
			if o, ok := e.stdout.(*outWriter); ok && o.err != nil && ctx.Err() == nil {
				return writeFailed(e, o.err) // stdout failed, not the inputs
			}
			return failed(err)
		}
		if err := w.Flush(); err != nil {
			return writeFailed(e, err)
		}
		return exitOK
	}
	f, err := createFile(out)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: --out: %v\n", cmd, err)
		return exitInvalid
	}
	defer f.Abort()
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		return failed(err)
	}
	if ctx.Err() != nil {
		return failed(ctx.Err())
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: writing %s: %v\n", cmd, out, err)
		return exitInvalid
	}
	if err := f.Commit(); err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: %v\n", cmd, err)
		return exitInvalid
	}
	return exitOK
}
