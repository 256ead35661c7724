package batch

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/exp/stats"

	"lattice/sim"
)

// Summary gathers final rows by arm and computes the statistics of the
// table and json outputs. It is fed Records, so a summary built while
// running and one built from merged shard files are identical.
type Summary struct {
	cols   []string
	arms   []*armAcc
	byKey  map[string]*armAcc
	byArm  map[*Arm]armCols // Row's shortcut to an arm's accumulator
	expect int              // runs expected per arm, for sizing the columns
	tally  *Tally           // optional: cause tallies from the run itself
	labels map[string]string
	width  int // of the table output; 0 for the default
	// difficulty is the level every arm was played at, if known (WithDifficulty).
	difficulty string
	seed       *uint64 // the master seed, if known (WithSeed)
	// variants maps a variant id ("v1", …) to its --set overrides, for the
	// arms' titles and the comparisons' legend (may be nil).
	variants map[string][]string
	baseline *armAcc // the arm every other is compared with, if set
	steps    string  // which levels of a sweep are compared (WithSteps): StepsFirst if ""
	noCauses string  // why there are no causes to show, if said
	noWords  bool    // leave out the comparisons' paragraph in words
	// lowBetter says, by LabelKey(scenario, metric), whether lower is
	// better for a metric, where known (WithLowBetter).
	lowBetter map[string]bool
}

// armCols is an arm's accumulator and, per metric column, the index of the
// metric in the arm's scenario (−1 if the scenario has no such metric).
type armCols struct {
	acc  *armAcc
	cols []int
	obj  []bool // per column: cols holds a side's index, for an objective column
}

type armAcc struct {
	Scenario, Variant, Policy string
	n, successes              int
	verdicts                  map[string]int
	verdictOrder              []string
	verdictSuccess            map[string]bool // whether a verdict counted as allied success
	// verdictAt is each run's verdict, as an index into verdictOrder, by
	// order of arrival (as success), for the comparisons' verdict pairs.
	verdictAt []int32
	// sha is the hex SHA-256 of the scenario file the arm's rows were
	// played from (the first row's), for the comparisons to say when
	// two arms were played from different files.
	sha        string
	vals       []column // per metric column, by replicate order of arrival
	present    []bool   // per metric column
	success    []bool
	replicates []int32
	turns      []int16 // turns played, by run
	armIndex   int     // index into the tally's arms, −1 if none
	planned    int     // runs the batch was to play (Plan), 0 if unknown
	// games sums, over the arm's runs, a mix of each run's replicate and
	// game hash, two ways, whatever their order: two arms with the same
	// games (one run given under two variant ids) have the same. noHash
	// is set if a run's hash could not be read.
	games  [2]uint64
	noHash bool
}

// game adds a run's replicate, game hash and outcome to the arm's games
// (the outcome follows from the hash in a batch's rows; not in rows made
// by hand).
func (a *armAcc) game(replicate int, hash uint64, verdict string, success bool) {
	v := uint64(14695981039346656037) // FNV-1a of the verdict
	for i := 0; i < len(verdict); i++ {
		v = (v ^ uint64(verdict[i])) * 1099511628211
	}
	if success {
		v = ^v
	}
	h := mix64(hash ^ mix64(uint64(replicate)+1) ^ mix64(v))
	a.games[0] += h
	a.games[1] ^= mix64(h + 0x632be59bd9b4e019)
}

// mix64 is SplitMix64's finaliser: a bijection that spreads every bit.
func mix64(x uint64) uint64 {
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// NewSummary returns an empty summary over the metric columns. labels maps
// metric ids, or LabelKey(scenario, id), to display names (may be nil).
func NewSummary(cols []string, labels map[string]string) *Summary {
	return &Summary{cols: cols, byKey: map[string]*armAcc{}, byArm: map[*Arm]armCols{}, labels: labels}
}

// WithDifficulty says the difficulty level every arm was played at ("" for
// none, or not known), for the table's first line: the rows do not carry
// it, and a table of a hard batch read as one of the scenario as written.
func (s *Summary) WithDifficulty(level string) *Summary { s.difficulty = level; return s }

// WithSeed says the master seed every run's seed was drawn from (the
// rows carry each run's seed, not it), for the table's line saying what
// the figures rest on.
func (s *Summary) WithSeed(seed uint64) *Summary { s.seed = &seed; return s }

// WriteBasis writes the line saying what the figures rest on: which
// replicates each arm played and of which master seed, so that a table
// read (or pasted) on its own says how to get its runs again. Compare's
// table, which has no arms' sections, opens with it too.
func (s *Summary) WriteBasis(w io.Writer) {
	var first []int32 // the first arm's replicates, sorted
	same := true      // every arm has the same replicates
	for i, a := range s.arms {
		reps := slices.Clone(a.replicates)
		if !slices.IsSorted(reps) {
			slices.Sort(reps)
		}
		if i == 0 {
			first = reps
		} else if !slices.Equal(reps, first) {
			same = false
		}
	}
	lo, hi := int32(math.MaxInt32), int32(-1)
	for _, a := range s.arms {
		for _, r := range a.replicates {
			lo, hi = min(lo, r), max(hi, r)
		}
	}
	if hi < 0 {
		return
	}
	seed, note := "", " No manifest gives the master seed of every file; each run's seed is in its row."
	if s.seed != nil {
		seed, note = fmt.Sprintf(" of master seed %d (--seed %d)", *s.seed, *s.seed), ""
	}
	var line string
	switch n := len(first); {
	case len(s.arms) == 1 && int(hi-lo)+1 == n:
		line = fmt.Sprintf("Runs: %d%s, replicates %d–%d.", n, seed, lo, hi)
	case len(s.arms) == 1:
		line = fmt.Sprintf("Runs: %d%s, replicates from %d to %d but not all of them.", n, seed, lo, hi)
	case same && int(hi-lo)+1 == n:
		line = fmt.Sprintf("Runs: %d an arm%s, replicates %d–%d, the same in every arm: replicate r has the same run seed, hence the same dice, in each.", n, seed, lo, hi)
	case same:
		line = fmt.Sprintf("Runs: %d an arm%s, the same replicates in every arm, from %d to %d but not all of them: replicate r has the same run seed, hence the same dice, in each.", n, seed, lo, hi)
	default:
		line = fmt.Sprintf("Runs: replicates from %d to %d%s, not the same in every arm (see each arm's runs): replicate r has the same run seed in every arm, and two arms are compared on the replicates they share.", lo, hi, seed)
	}
	line += note + " Intervals: 95%, Wilson for rates (success, true win, objectives met), Student t for means."
	fmt.Fprintf(w, "%s\n\n", fill(line, s.tableWidth(), 2))
}

// WithWidth sets the width the table output fits (a terminal's columns);
// 0 means the default, 100. Below 92 columns the tables narrow their
// columns and the comparisons leave out the words every line repeats (the
// heading says them once), below 78 the arms' tables leave out their
// histograms, and below 64 they narrow the metrics' names; long lines wrap
// at the width either way.
func (s *Summary) WithWidth(columns int) *Summary { s.width = columns; return s }

// tableWidth returns the width to fit, at least 60.
func (s *Summary) tableWidth() int {
	if s.width <= 0 {
		return 100
	}
	return max(s.width, 60)
}

// WithVariants says what each variant id ("v1", …) stands for: its --set
// overrides (from the batch, or the manifests beside row files). Without
// it, a sweep's arms are told apart only by their ids.
func (s *Summary) WithVariants(v map[string][]string) *Summary { s.variants = v; return s }

// WithLowBetter says which way is good for each metric, by
// LabelKey(scenario, id): true where lower is better (escalation, a
// scenario's good = "low"), false where higher is. The comparisons' words
// then say whether a significant difference is better or worse.
func (s *Summary) WithLowBetter(low map[string]bool) *Summary { s.lowBetter = low; return s }

// The levels of a --set sweep that Compare sets against one another
// (WithSteps), for a variant: the first level of the key (StepsFirst,
// 4→6, 4→8 for --set k=4,6,8), the level before it in the --set list
// (StepsAdjacent, 4→6, 6→8), or both (StepsBoth, 4→6, 4→8, 6→8).
const (
	StepsFirst    = "first"
	StepsAdjacent = "adjacent"
	StepsBoth     = "both"
)

// WithSteps says which levels of a sweep Compare sets against one another:
// StepsFirst (the default), StepsAdjacent or StepsBoth. Every comparison
// made counts in Holm's correction, so StepsBoth makes it stricter.
func (s *Summary) WithSteps(steps string) *Summary { s.steps = steps; return s }

// WithoutWords leaves out the comparisons' paragraph in words, for a table
// whose every line must end whole (batch --from's): each line still says
// "significant", and the heading how.
func (s *Summary) WithoutWords() *Summary { s.noWords = true; return s }

// WithTally attaches the cause tallies of a run for the "why" lines.
func (s *Summary) WithTally(t *Tally) *Summary { s.tally = t; return s }

// WithoutCauses says why the table has no "why" lines (a summary of row
// files, which do not carry the causes): the table says so rather than
// leave them out without a word.
func (s *Summary) WithoutCauses(why string) *Summary { s.noCauses = why; return s }

// Expect says how many runs each arm will have, so that each arm's columns
// are allocated once at their final size rather than grown (and copied) as
// runs arrive: a summary of a million runs then holds about 60 bytes per
// run. It is a hint; more runs still fit. Beyond maxExpect runs an arm's
// columns grow as runs arrive instead, so that a huge --runs, meant to be
// interrupted, does not claim its memory up front.
func (s *Summary) Expect(runs int) *Summary { s.expect = min(max(runs, 0), maxExpect); return s }

// Plan names every arm of the batch and the runs each is to play, before
// any run: an arm that got fewer (the batch was interrupted) is then shown
// as such — "interrupted: 63 of 3000 runs" in the table, runs_planned in
// the json — and an arm that got none is still listed, so that a partial
// summary cannot pass for a whole one.
func (s *Summary) Plan(arms []*Arm, runs int) *Summary {
	for _, a := range arms {
		acc := s.arm(a.Scenario, a.Variant, a.Policy)
		acc.armIndex, acc.planned = a.Index, runs
	}
	return s
}

// Complete reports whether every arm played the runs Plan gave it (true
// without a plan).
func (s *Summary) Complete() bool {
	for _, a := range s.arms {
		if a.n < a.planned {
			return false
		}
	}
	return true
}

// Runs returns the runs summarised and, with a plan, the runs planned (0
// without).
func (s *Summary) Runs() (done, planned int) {
	for _, a := range s.arms {
		done += a.n
		planned += a.planned
	}
	return done, planned
}

// maxExpect is the most runs per arm Expect sizes columns for (about 240 MB).
const maxExpect = 1 << 22

// Row implements Sink: it adds a run's final values. It takes them from
// the row directly, with the same result as Add given the row's Record
// (a Fix's decimal text parses back to the same Fix), so a summary built
// while running equals one built from merged shard files.
func (s *Summary) Row(r *Row) error {
	ac, ok := s.byArm[r.Arm]
	if !ok {
		ac.acc = s.arm(r.Arm.Scenario, r.Arm.Variant, r.Arm.Policy)
		ac.acc.armIndex = r.Arm.Index
		ac.cols, ac.obj = make([]int, len(s.cols)), make([]bool, len(s.cols))
		for i, id := range s.cols {
			ac.cols[i], ac.obj[i] = columnOf(r.Arm.Compiled, id)
		}
		s.byArm[r.Arm] = ac
	}
	a := ac.acc
	a.count(r.Verdict(), r.Success, r.Replicate, r.TurnsPlayed)
	a.game(r.Replicate, r.Hash, r.Verdict(), r.Success)
	if a.sha == "" {
		a.sha = r.Arm.SHA256
	}
	for i, m := range ac.cols {
		switch {
		case m < 0:
		case ac.obj[i]: // 1 or 0, as its text in the rows
			a.present[i] = true
			a.vals[i].add(float64(r.Objectives >> m & 1))
		case r.Metrics[m].Abs() < maxText: // as Add skips a value its text cannot carry
			a.present[i] = true
			a.vals[i].add(r.Metrics[m].Float())
		}
	}
	return nil
}

// maxText is the magnitude from which a Fix's text has more integer digits
// than ParseFix reads back (14).
const maxText = sim.Fix(1e14) * sim.One

// arm returns the accumulator of an arm, making it on first use.
func (s *Summary) arm(scenario, variant, policy string) *armAcc {
	k := scenario + "\x00" + variant + "\x00" + policy
	a := s.byKey[k]
	if a == nil {
		a = &armAcc{Scenario: scenario, Variant: variant, Policy: policy, verdicts: map[string]int{}, verdictSuccess: map[string]bool{},
			vals: make([]column, len(s.cols)), present: make([]bool, len(s.cols)), armIndex: -1}
		if s.expect > 0 {
			for i := range a.vals {
				a.vals[i].f32 = make([]float32, 0, s.expect)
			}
			a.success = make([]bool, 0, s.expect)
			a.replicates = make([]int32, 0, s.expect)
			a.turns = make([]int16, 0, s.expect)
		}
		s.byKey[k] = a
		s.arms = append(s.arms, a)
	}
	return a
}

// count adds a run's verdict, success, replicate and turns played.
func (a *armAcc) count(verdict string, success bool, replicate, turns int) {
	a.n++
	if success {
		a.successes++
	}
	if _, ok := a.verdicts[verdict]; !ok {
		a.verdictOrder = append(a.verdictOrder, verdict)
	}
	a.verdicts[verdict]++
	a.verdictAt = append(a.verdictAt, int32(slices.Index(a.verdictOrder, verdict)))
	if success {
		a.verdictSuccess[verdict] = true
	}
	a.success = append(a.success, success)
	a.replicates = append(a.replicates, int32(replicate))
	a.turns = append(a.turns, int16(min(max(turns, 0), math.MaxInt16)))
}

// Add adds one final record (per-turn records must be filtered to the last
// turn of each run by the caller).
func (s *Summary) Add(r *Record) {
	a := s.arm(r.Scenario, r.Variant, r.Policy)
	a.count(r.Verdict, r.Success, r.Replicate, r.TurnsPlayed)
	if h, err := strconv.ParseUint(r.Hash, 16, 64); err == nil && len(r.Hash) == 16 {
		a.game(r.Replicate, h, r.Verdict, r.Success)
	} else {
		a.noHash = true
	}
	if a.sha == "" {
		a.sha = r.SHA256
	}
	for i, v := range r.Metrics {
		if v == "" {
			continue
		}
		f, err := sim.ParseFix(v)
		if err != nil {
			continue
		}
		a.present[i] = true
		a.vals[i].add(f.Float())
	}
}

// ArmResult is the summary of one arm, as in the json output.
type ArmResult struct {
	Scenario  string   `json:"scenario"`
	Variant   string   `json:"variant"`
	Policy    string   `json:"policy"`
	Overrides []string `json:"overrides,omitempty"` // the variant's --set overrides, where known
	Runs      int      `json:"runs"`
	// RunsPlanned is the runs the arm was to play, given only when a batch
	// was interrupted (then Runs, the runs played, may be fewer, even 0).
	RunsPlanned int           `json:"runs_planned,omitempty"`
	SuccessRate Interval      `json:"success_rate"`
	Verdicts    []VerdictRate `json:"verdicts"`
	// TurnsPlayed is how long the games lasted: with the verdicts, when
	// they ended as well as how (a policy coerced in month 5 and one
	// coerced in month 12 read alike in the verdicts alone). Nil for an
	// arm that played no run.
	TurnsPlayed *TurnsSummary `json:"turns_played"`
	// Objectives is, per allied side with a private objective, how often
	// it was met as the game ended (the briefings: the alliance truly wins
	// only if each ally clears its own bar).
	Objectives []ObjectiveRate `json:"objectives,omitempty"`
	// TrueSuccess is how often the game was an allied success with every
	// ally's objective met too (a true win, as the briefings say), with a
	// Wilson 95% interval; nil where no ally has an objective.
	TrueSuccess *ObjectiveRate  `json:"true_success,omitempty"`
	Metrics     []MetricSummary `json:"metrics"`
}

// ObjectiveRate is how often an allied side met its private objective
// (or, as TrueSuccess, how often every ally did in an allied success), with
// a Wilson 95% interval.
type ObjectiveRate struct {
	Side string `json:"side,omitempty"`
	// Objective is the objective in words, where the scenario is at hand
	// (a batch's own, or a file's named by its manifest).
	Objective string   `json:"objective,omitempty"`
	Count     int      `json:"count"`
	Rate      Interval `json:"rate"`
}

// TurnsSummary is the distribution of the turns an arm's games lasted:
// the mean, type-7 percentiles (as a metric's) and the range.
type TurnsSummary struct {
	Mean float64 `json:"mean"`
	P5   float64 `json:"p5"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	Min  int     `json:"min"`
	Max  int     `json:"max"`
}

// String gives the summary as the tables show it: "mean 9.28, p5 7, p50
// 10, p95 10 (5–10)".
func (t TurnsSummary) String() string {
	return fmt.Sprintf("mean %s, p5 %s, p50 %s, p95 %s (%d–%d)", upTo(t.Mean, 2), upTo(t.P5, 1), upTo(t.P50, 1), upTo(t.P95, 1), t.Min, t.Max)
}

// upTo writes x to d decimals at most: 12, 10.4, 9.98.
func upTo(x float64, d int) string {
	v := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Contains(v, ".") {
		v = strings.TrimRight(strings.TrimRight(v, "0"), ".")
	}
	return v
}

// turnsSummary summarises turns, the turns each run played.
func turnsSummary(turns []int16) TurnsSummary {
	if len(turns) == 0 {
		return TurnsSummary{}
	}
	xs := make([]float64, len(turns))
	for i, t := range turns {
		xs[i] = float64(t)
	}
	q := Percentiles(xs, 0.05, 0.5, 0.95)
	lo, hi := minMax(xs)
	return TurnsSummary{Mean: Round12(stats.Mean(xs)), P5: Round12(q[0]), P50: Round12(q[1]), P95: Round12(q[2]), Min: int(lo), Max: int(hi)}
}

// VerdictRate is how often an end was reached, and whether it counts as
// an allied success (as the rows' success column says of it).
type VerdictRate struct {
	ID      string  `json:"id"`
	Count   int     `json:"count"`
	Rate    float64 `json:"rate"`
	Success bool    `json:"success"`
}

// MetricSummary is the distribution of one metric's final value.
type MetricSummary struct {
	ID        string   `json:"id"`
	Mean      Interval `json:"mean"`
	P5        float64  `json:"p5"`
	P50       float64  `json:"p50"`
	P95       float64  `json:"p95"`
	Min       float64  `json:"min"`
	Max       float64  `json:"max"`
	Histogram []int    `json:"histogram"`
	// Start is the metric's value at the start of every run, given with
	// the causes, so that they can be weighed against the whole change
	// (mean − start).
	Start  *float64    `json:"start,omitempty"`
	Causes []CauseMean `json:"causes,omitempty"` // mean change per run, by cause
}

// matchTally gives each arm its tally's arm, by scenario, variant and
// policy, where the rows came from files (merge) rather than a batch's
// own Arms.
func (s *Summary) matchTally() {
	if s.tally == nil {
		return
	}
	for _, a := range s.arms {
		if a.armIndex >= 0 {
			continue
		}
		for i, ta := range s.tally.Arms {
			if ta.Scenario == a.Scenario && ta.Variant == a.Variant && ta.Policy == a.Policy {
				a.armIndex = i
				break
			}
		}
	}
}

// Results computes every arm's statistics, in order of first appearance.
func (s *Summary) Results(topCauses int) []ArmResult {
	s.matchTally()
	var out []ArmResult
	complete := s.Complete()
	for _, a := range s.arms {
		ar := ArmResult{Scenario: a.Scenario, Variant: a.Variant, Policy: a.Policy, Overrides: s.variants[a.Variant], Runs: a.n, SuccessRate: Wilson(a.successes, a.n).Round12()}
		if !complete {
			ar.RunsPlanned = a.planned
		}
		if a.n == 0 {
			// Planned but not started (an interrupted batch): nothing
			// was measured, which the json says with nulls and empty
			// lists, not as a success rate of 0 ± 0.
			ar.SuccessRate, ar.Verdicts, ar.Metrics = NoEstimate(), []VerdictRate{}, []MetricSummary{}
			out = append(out, ar)
			continue
		}
		for _, v := range a.verdictOrder {
			ar.Verdicts = append(ar.Verdicts, VerdictRate{ID: v, Count: a.verdicts[v], Rate: Round12(float64(a.verdicts[v]) / float64(a.n)), Success: a.verdictSuccess[v]})
		}
		sort.SliceStable(ar.Verdicts, func(i, j int) bool { return ar.Verdicts[i].Count > ar.Verdicts[j].Count })
		ts := turnsSummary(a.turns)
		ar.TurnsPlayed = &ts
		for i, id := range s.cols {
			if !a.present[i] {
				continue
			}
			xs := a.vals[i].floats()
			if IsObjective(id) {
				met := 0
				for _, x := range xs {
					if x == 1 {
						met++
					}
				}
				side := strings.TrimPrefix(id, ObjectivePrefix)
				ar.Objectives = append(ar.Objectives, ObjectiveRate{Side: side, Objective: s.labelOr(a.Scenario, objectiveWords+side, ""), Count: met, Rate: Wilson(met, len(xs)).Round12()})
				continue
			}
			ms := MetricSummary{ID: id, Mean: MeanCI(xs).Round12()}
			q := Percentiles(xs, 0.05, 0.5, 0.95)
			// An interpolated percentile is rounded as the values are.
			ms.P5, ms.P50, ms.P95 = Round4(q[0]), Round4(q[1]), Round4(q[2])
			ms.Min, ms.Max = minMax(xs)
			ms.Histogram = Histogram(xs, ms.Min, ms.Max, 12)
			if s.tally != nil && a.armIndex >= 0 && topCauses > 0 {
				if m := s.tally.Arms[a.armIndex].Compiled.MetricIndex(id); m >= 0 {
					ms.Causes = tidyCauses(s.tally.Top(a.armIndex, m, topCauses, a.n))
					if st := s.tally.Starts[a.armIndex]; m < len(st) {
						ms.Start = &st[m]
					}
				}
			}
			ar.Metrics = append(ar.Metrics, ms)
		}
		ar.TrueSuccess = s.trueSuccess(a)
		out = append(out, ar)
	}
	return out
}

// trueSuccess counts an arm's runs that were an allied success with every
// ally's objective met (nil if the arm has no objective column, or one
// some of its runs lack, whose runs cannot be told apart).
func (s *Summary) trueSuccess(a *armAcc) *ObjectiveRate {
	wins := s.trueWins(a)
	if wins == nil {
		return nil
	}
	n := 0
	for _, ok := range wins {
		if ok {
			n++
		}
	}
	return &ObjectiveRate{Count: n, Rate: Wilson(n, a.n).Round12()}
}

// trueWins says, by run (in the arm's order), whether the run was a true
// win: an allied success with every ally's objective met; nil where
// trueSuccess is nil.
func (s *Summary) trueWins(a *armAcc) []bool {
	var objs []int
	for i, id := range s.cols {
		if IsObjective(id) && a.present[i] {
			if !whole(a, i) {
				return nil
			}
			objs = append(objs, i)
		}
	}
	if len(objs) == 0 {
		return nil
	}
	out := make([]bool, a.n)
	for j, ok := range a.success {
		for _, i := range objs {
			ok = ok && a.vals[i].at(j) == 1
		}
		out[j] = ok
	}
	return out
}

// sameObjectives reports whether two arms have the same objective columns
// (a true win means the same thing in both).
func (s *Summary) sameObjectives(a, b *armAcc) bool {
	for i, id := range s.cols {
		if IsObjective(id) && a.present[i] != b.present[i] {
			return false
		}
	}
	return true
}

// column is one metric's values in an arm, in the order of its runs. A
// value has 4 decimals (a sim.Fix) and is kept as a float32, half the
// memory of a float64, while every value comes back from its float32
// exactly (Round4 of it is the value: any below 1024 does); from the
// first that would not (a scenario's metric in the thousands, where a
// float32 keeps 2 or 3 decimals), the column holds float64s, so that
// means, percentiles, min and max and paired differences are those of
// the values in the rows, not of values a few ten-thousandths off.
type column struct {
	f32 []float32
	f64 []float64 // nil until a value needs it; then it holds them all
}

// add appends x, a metric's value (a sim.Fix as a float64).
func (c *column) add(x float64) {
	if c.f64 == nil {
		if y := float32(x); Round4(float64(y)) == x {
			c.f32 = append(c.f32, y)
			return
		}
		c.f64 = make([]float64, len(c.f32), max(cap(c.f32), len(c.f32)+1))
		for i, y := range c.f32 {
			c.f64[i] = Round4(float64(y))
		}
		c.f32 = nil
	}
	c.f64 = append(c.f64, x)
}

func (c *column) len() int { return len(c.f32) + len(c.f64) }

// at returns the i-th value as it was added.
func (c *column) at(i int) float64 {
	if c.f64 != nil {
		return c.f64[i]
	}
	return Round4(float64(c.f32[i]))
}

// floats returns the values as they were added, in a new slice.
func (c *column) floats() []float64 {
	if c.f64 != nil {
		return slices.Clone(c.f64)
	}
	out := make([]float64, len(c.f32))
	for i, y := range c.f32 {
		out[i] = Round4(float64(y))
	}
	return out
}

// Round12 returns iv with its bounds and estimate rounded to 12
// significant digits, far past what the data support, so that the json
// shows −71.02, not −71.02000000000001 (a difference of two 4-decimal
// values in binary).
func (iv Interval) Round12() Interval {
	iv.Est, iv.Lo, iv.Hi = Round12(iv.Est), Round12(iv.Lo), Round12(iv.Hi)
	return iv
}

// Round12 rounds x to 12 significant digits, far past what the data
// support, for json: 0.777507, not 0.7775070000000001 (see Interval.Round12).
func Round12(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || x == 0 {
		return x
	}
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return v
}

// tidyCauses rounds the causes' mean changes as tidy does intervals:
// 0.350253, not 0.35025300000000004.
func tidyCauses(cs []CauseMean) []CauseMean {
	for i := range cs {
		cs[i].Mean = Round12(cs[i].Mean)
	}
	return cs
}

// Round4 rounds x to 4 decimals, the precision of a metric's values, as
// a summary's json rounds the percentiles it interpolates between them.
func Round4(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) >= 1e14 {
		return x
	}
	return math.Round(x*1e4) / 1e4
}

func minMax(xs []float64) (lo, hi float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	lo, hi = xs[0], xs[0]
	for _, x := range xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// Alpha is the level of every test a comparison makes: a difference is
// significant when its Holm-corrected p is below it.
const Alpha = 0.05

// PFloor is the least p-value a comparison gives: a smaller one is given
// as PFloor, to be read "p ≤ 1e-16", before Holm's correction (so a
// corrected p is never below its raw one). Far in the tail the tests'
// approximations are not accurate to more (the χ² test of 713 discordant
// pairs against 0 gives 1.2e-156, the two-sided exact binomial test 4.6e-215), and
// past 1e-308 a float64 holds only 0, which a json reader would take for
// certainty (and log10 of which is −Inf). R prints such a p as
// "< 2.2e-16" for the same reasons.
const PFloor = 1e-16

// floorP returns p, or PFloor if p is below it.
func floorP(p float64) float64 {
	if p < PFloor {
		return PFloor
	}
	return p
}

// Judgement says, in a json summary, how its comparisons were judged: at
// level Alpha, with Correction "holm" (Holm's step-down correction, across
// every test the comparisons make) over Tests tests. A comparison without
// pairs, or a test with nothing to go on (TestNone), is not one.
type Judgement struct {
	Alpha      float64 `json:"alpha"`
	Correction string  `json:"correction"`
	Tests      int     `json:"tests"`
	// PFloor is the package's PFloor, the least p a comparison gives:
	// a "p" equal to it reads "p ≤ 1e-16".
	PFloor float64 `json:"p_floor"`
	// Intervals names the methods of the arms' own intervals.
	Intervals IntervalMethods `json:"intervals"`
}

// IntervalMethods names how the arms' 95% intervals are made: Rate for
// the rates (success, true win, each objective met), Mean for the
// metrics' means.
type IntervalMethods struct {
	Level float64 `json:"level"`
	Rate  string  `json:"rate"`
	Mean  string  `json:"mean"`
}

// Intervals is the IntervalMethods of every summary: Wilson score
// intervals for rates and Student t intervals for means, at 95%.
var Intervals = IntervalMethods{Level: 0.95, Rate: "wilson", Mean: "student-t"}

// JudgementOf returns the Judgement of cs, comparisons as Compare
// returned them.
func JudgementOf(cs []Comparison) Judgement {
	return Judgement{Alpha: Alpha, Correction: "holm", Tests: countTests(cs), PFloor: PFloor, Intervals: Intervals}
}

// Comparison is a paired comparison of an arm with another of its
// scenario's arms (see Compare for which).
type Comparison struct {
	Scenario string `json:"scenario"`
	Base     string `json:"base"`  // variant/policy of the baseline arm
	Other    string `json:"other"` // variant/policy of the compared arm
	// BaseArm and OtherArm name the two arms as the arms' summaries do
	// (their variant and full policy), for a script to join them: Base
	// and Other are labels ("balanced", "v2 free-rider").
	BaseArm  ArmRef   `json:"base_arm"`
	OtherArm ArmRef   `json:"other_arm"`
	Pairs    int      `json:"pairs"`
	Success  McNemarC `json:"success"`
	// TrueSuccess compares how often each arm truly won (an allied
	// success with every ally's private objective met too), as Success
	// compares success: McNemar's test, Newcombe's paired interval, Holm-
	// corrected with the rest. Nil where the arms have no objectives (or
	// not the same ones).
	TrueSuccess *McNemarC `json:"true_success,omitempty"`
	// ScenarioFilesDiffer is true where the two arms were played from
	// different files of the scenario (their rows' scenario_sha256
	// differ: an edited file, say): the arms then differ in the scenario
	// as well as in what their labels name, and Warnings says so.
	ScenarioFilesDiffer bool `json:"scenario_files_differ,omitempty"`
	// Objectives compares, per ally with a private objective, how often
	// it was met (a yes or no a run, as success: McNemar), Holm-corrected
	// with the rest.
	Objectives []ObjectiveC `json:"objectives,omitempty"`
	Metrics    []PairedC    `json:"metrics"`
	// VerdictPairs cross-tabulates the pairs by verdict: how many of the
	// replicates both arms played (the same dice) ended in verdict From
	// under the base arm and To under the other, one entry per pair of
	// verdicts met (those where the arms agree too), most pairs first,
	// then by From and To. The entries where From and To differ are the
	// runs the change of arm turned: why one arm wins more.
	VerdictPairs []VerdictPair `json:"verdict_pairs"`
	// Warnings says what makes the comparison weaker than it looks, or
	// why it was not made: no replicate in common (Pairs 0: no test, and
	// nothing counted in Holm's correction), or input that is not a whole
	// batch (compare --partial).
	Warnings []string `json:"warnings,omitempty"`
}

// VerdictPair is a cell of a comparison's verdict cross-tab: Count pairs
// ended in verdict From (an end's id, as the rows have it) under the base
// arm and To under the other.
type VerdictPair struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// verdictPairs tabulates the pairs (i, j) of base and a's runs by verdict,
// in VerdictPairs' order.
func verdictPairs(base, a *armAcc, runs [][2]int) []VerdictPair {
	counts := map[[2]string]int{}
	for _, r := range runs {
		counts[[2]string{base.verdictOrder[base.verdictAt[r[0]]], a.verdictOrder[a.verdictAt[r[1]]]}]++
	}
	out := make([]VerdictPair, 0, len(counts))
	for k, n := range counts {
		out = append(out, VerdictPair{From: k[0], To: k[1], Count: n})
	}
	slices.SortFunc(out, func(x, y VerdictPair) int {
		return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.From, y.From), cmp.Compare(x.To, y.To))
	})
	return out
}

// ArmRef names an arm of a scenario as ArmResult does.
type ArmRef struct {
	Variant string `json:"variant"`
	Policy  string `json:"policy"`
}

func refOf(a *armAcc) ArmRef { return ArmRef{Variant: a.Variant, Policy: a.Policy} }

// ObjectiveC is a paired comparison of how often an ally's private
// objective was met.
type ObjectiveC struct {
	Side string `json:"side"`
	McNemarC
}

// McNemarC is the success-rate difference of a comparison (or, in an
// ObjectiveC, the difference in how often an objective was met).
type McNemarC struct {
	// BaseRate and OtherRate are each arm's success rate over the pairs
	// compared: what Diff is the difference of.
	BaseRate    float64  `json:"base_rate"`
	OtherRate   float64  `json:"other_rate"`
	Diff        Interval `json:"diff"` // other − base, as a proportion
	B           int      `json:"base_only"`
	C           int      `json:"other_only"`
	P           float64  `json:"p"` // at least PFloor
	PHolm       float64  `json:"p_holm"`
	Significant bool     `json:"significant"`
	// Test is the test behind P: TestMcNemarExact, TestMcNemarChi2, or
	// TestNone with fewer than two pairs or none discordant (P is then 1 and counts in no
	// correction).
	Test string `json:"test"`
}

// PairedC is one metric's paired difference in a comparison.
type PairedC struct {
	ID          string   `json:"id"`
	Diff        Interval `json:"diff"`
	P           float64  `json:"p"` // at least PFloor
	PHolm       float64  `json:"p_holm"`
	Significant bool     `json:"significant"`
	// Test is TestPairedT, or TestNone with fewer than two pairs or no
	// difference in any (P is then 1 and counts in no correction).
	Test string `json:"test"`
	// D is the effect size: the mean difference in standard deviations of
	// one run's final value (Cohen's d_av: Diff.Est over the root mean
	// square of the two arms' standard deviations), so that a difference
	// can be weighed as well as tested: with thousands of runs a
	// difference of a tenth of a run's spread is significant, and
	// negligible (|d| < 0.2, NegligibleD). Nil (null) where neither arm
	// varies, or with fewer than two pairs. Unlike Diff.Est / the
	// standard deviation of the differences (d_z), it does not grow with
	// the correlation common random numbers give the pairs.
	D *float64 `json:"d"`
	// Causes are the causes whose mean contribution to the metric differs
	// most between the arms (other − base, per run): why they differ.
	// Only a batch has them (row files carry no causes), and only for a
	// difference found significant.
	Causes []CauseMean `json:"causes,omitempty"`
}

// The tests of a comparison, as McNemarC.Test and PairedC.Test name them.
const (
	TestMcNemarExact = "mcnemar-exact"   // McNemar's exact binomial test
	TestMcNemarChi2  = "mcnemar-chi2-cc" // McNemar's χ² with continuity correction
	TestPairedT      = "paired-t"        // the paired t-test
	TestNone         = "none"            // no test: nothing to test it on
)

func armLabel(a *armAcc) string {
	p := shortPolicy(a.Policy)
	if a.Variant == "base" || a.Variant == "" {
		return p
	}
	return a.Variant + " " + p
}

// shortPolicy shows "rok=balanced,us=balanced" as "balanced".
func shortPolicy(label string) string {
	common := ""
	for _, part := range strings.Split(label, ",") {
		_, p, ok := strings.Cut(part, "=")
		if !ok || (common != "" && p != common) {
			return label
		}
		common = p
	}
	return common
}

// Compare pairs arms that differ in one thing, by replicate (the same
// seeds, so the same inject and action dice), and applies Holm's
// correction across every p-value shown. In each scenario, an arm is
// compared with the arm of the same variant and the scenario's first
// policy (policies compared within a variant), and with the arms of the
// same policy in the variants one --set value nearer the scenario's first
// variant (variants compared within a policy); an arm with neither is
// compared with the scenario's first arm. A sweep × policies thus never
// sets "v2 alliance-first" against "v1 balanced", and a sweep of two keys
// never sets "budget=6 turns=8" against "budget=4 turns=6": two changes at
// once. Where the variants' overrides are not known (WithVariants), each
// variant is compared with the first. With a baseline (WithBaseline) every
// arm of the baseline's scenario is compared with it instead.
func (s *Summary) Compare(topCauses int) []Comparison {
	s.matchTally()
	type scen struct {
		v0, p0 string
		first  *armAcc
	}
	scens := map[string]*scen{}
	byVP := map[string]*armAcc{}
	vp := func(sc, v, p string) string { return sc + "\x00" + v + "\x00" + p }
	byOverrides := map[string]string{} // scenario and overrides → variant id
	for _, a := range s.arms {
		if a.n == 0 {
			continue // planned but not started (an interrupted batch): the table says so
		}
		if scens[a.Scenario] == nil {
			scens[a.Scenario] = &scen{v0: a.Variant, p0: a.Policy, first: a}
		}
		byVP[vp(a.Scenario, a.Variant, a.Policy)] = a
		if ov, ok := s.variants[a.Variant]; ok {
			k := vp(a.Scenario, strings.Join(ov, "\x00"), "")
			if _, dup := byOverrides[k]; !dup {
				byOverrides[k] = a.Variant
			}
		}
	}
	// nearer returns the variants to compare variant v with: those that
	// put one of its --set values back to the first variant's, each one
	// change, or the first variant itself where the overrides do not say.
	nearer := func(sc, v, v0 string) []string {
		ov, ok := s.variants[v]
		ov0, ok0 := s.variants[v0]
		if !ok || !ok0 || len(ov) != len(ov0) || v == v0 {
			return []string{v0}
		}
		for i := range ov {
			k, _, _ := strings.Cut(ov[i], "=")
			k0, _, _ := strings.Cut(ov0[i], "=")
			if k != k0 {
				return []string{v0} // another sweep's keys
			}
		}
		var out []string
		for i := range ov {
			if ov[i] == ov0[i] {
				continue
			}
			w := slices.Clone(ov)
			w[i] = ov0[i]
			if id, ok := byOverrides[vp(sc, strings.Join(w, "\x00"), "")]; ok {
				out = append(out, id)
			}
		}
		if len(out) == 0 {
			return []string{v0}
		}
		return out
	}
	// levels lists each --set key's values in the order the arms came (a
	// batch's v1, v2, … are its --set lists' product in the order given;
	// files', the order they were given in), by scenario and the key's
	// position; prev returns the variants that put one of v's values one
	// level back, each one change.
	levels := map[string][][]string{}
	for _, a := range s.arms {
		ov, ok := s.variants[a.Variant]
		if !ok || a.n == 0 {
			continue
		}
		lv := levels[a.Scenario]
		for i, o := range ov {
			if i >= len(lv) {
				lv = append(lv, nil)
			}
			if !slices.Contains(lv[i], o) {
				lv[i] = append(lv[i], o)
			}
		}
		levels[a.Scenario] = lv
	}
	prev := func(sc, v string) []string {
		ov, ok := s.variants[v]
		if !ok {
			return nil
		}
		lv := levels[sc]
		var out []string
		for i := range ov {
			if i >= len(lv) {
				break
			}
			// The level before v's among its key's (another sweep's
			// keys may share the position).
			k, _, _ := strings.Cut(ov[i], "=")
			before := ""
			for _, o := range lv[i] {
				if o == ov[i] {
					break
				}
				if k0, _, _ := strings.Cut(o, "="); k0 == k {
					before = o
				}
			}
			if before == "" {
				continue
			}
			w := slices.Clone(ov)
			w[i] = before
			if id, ok := byOverrides[vp(sc, strings.Join(w, "\x00"), "")]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	// steps returns the variants to compare variant v with, as s.steps
	// says: where no level is before v's (an unknown sweep, the first
	// variant) it is nearer's.
	steps := func(sc, v, v0 string) []string {
		switch s.steps {
		case StepsAdjacent:
			if p := prev(sc, v); len(p) > 0 {
				return p
			}
		case StepsBoth:
			out := nearer(sc, v, v0)
			for _, p := range prev(sc, v) {
				if !slices.Contains(out, p) {
					out = append(out, p)
				}
			}
			return out
		}
		return nearer(sc, v, v0)
	}
	// An arm with the same games as one before it (the same runs under
	// two variant ids: a file of v2's value compared with the sweep's)
	// is compared once, as that arm: compared under both names, each test
	// counted twice in Holm's correction. Its comparison with that arm,
	// which tests nothing (they ended alike in every pair), is kept.
	// WriteComparisons says so.
	same := s.sameGames()
	as := func(a *armAcc) *armAcc {
		if o := same[a]; o != nil {
			return o
		}
		return a
	}
	var out []Comparison
	made := map[[2]*armAcc]bool{}
	for _, a := range s.arms {
		if a.n == 0 {
			continue
		}
		var refs []*armAcc // the arms a is compared with, by their labels
		if s.baseline != nil {
			if a.Scenario == s.baseline.Scenario && a != s.baseline {
				refs = append(refs, s.baseline)
			}
		} else if sc := scens[a.Scenario]; a != sc.first {
			if b := byVP[vp(a.Scenario, a.Variant, sc.p0)]; b != nil && b != a {
				refs = append(refs, b)
			}
			for _, v := range steps(a.Scenario, a.Variant, sc.v0) {
				if b := byVP[vp(a.Scenario, v, a.Policy)]; b != nil && b != a {
					refs = append(refs, b)
				}
			}
			if len(refs) == 0 {
				refs = append(refs, sc.first)
			}
		}
		for _, b := range refs {
			b = as(b)
			if b == a || same[a] != nil && same[a] != b || made[[2]*armAcc{b, a}] {
				continue // itself; a copy, but with its original; once
			}
			made[[2]*armAcc{b, a}] = true
			out = append(out, s.pair(b, a, topCauses))
		}
	}
	// Holm across every p-value shown.
	// Holm across every test made (a comparison without pairs, or a
	// test with nothing to go on, is not one: its P stays 1).
	var ps []*float64
	var holm []float64
	add := func(p float64, test string, adj *float64) {
		*adj = p
		if test != TestNone {
			ps, holm = append(ps, adj), append(holm, p)
		}
	}
	for i := range out {
		if out[i].Pairs == 0 {
			continue
		}
		add(out[i].Success.P, out[i].Success.Test, &out[i].Success.PHolm)
		if ts := out[i].TrueSuccess; ts != nil {
			add(ts.P, ts.Test, &ts.PHolm)
		}
		for j := range out[i].Objectives {
			o := &out[i].Objectives[j]
			add(o.P, o.Test, &o.PHolm)
		}
		for j := range out[i].Metrics {
			add(out[i].Metrics[j].P, out[i].Metrics[j].Test, &out[i].Metrics[j].PHolm)
		}
	}
	for k, p := range Holm(holm) {
		*ps[k] = p
	}
	for i := range out {
		out[i].Success.Significant = out[i].Success.Test != TestNone && out[i].Success.PHolm < Alpha
		if ts := out[i].TrueSuccess; ts != nil {
			ts.Significant = ts.Test != TestNone && ts.PHolm < Alpha
		}
		for j := range out[i].Objectives {
			o := &out[i].Objectives[j]
			o.Significant = o.Test != TestNone && o.PHolm < Alpha
		}
		for j := range out[i].Metrics {
			m := &out[i].Metrics[j]
			m.Significant = m.Test != TestNone && m.PHolm < Alpha
			if !m.Significant {
				m.Causes = nil // only a difference found is explained
			}
		}
	}
	// Judged on the p-values as computed, given as the json's other
	// numbers are, to 12 significant digits: 0.21875, not
	// 0.2187500000000001 (an exact test's sum in binary), 2.9e-15, not
	// 2.8999999999999998e-15 (29 × 1e-16 from Holm's correction).
	for i := range out {
		roundP(&out[i].Success)
		if ts := out[i].TrueSuccess; ts != nil {
			roundP(ts)
		}
		for j := range out[i].Objectives {
			roundP(&out[i].Objectives[j].McNemarC)
		}
		for j := range out[i].Metrics {
			m := &out[i].Metrics[j]
			m.P, m.PHolm = Round12(m.P), Round12(m.PHolm)
		}
	}
	return out
}

// roundP rounds a McNemar comparison's p-values to 12 significant digits.
func roundP(c *McNemarC) { c.P, c.PHolm = Round12(c.P), Round12(c.PHolm) }

// sameGames maps each arm that played the same games as an arm before it
// of its scenario (the same runs: a game hash per replicate alike in
// each) to that arm.
func (s *Summary) sameGames() map[*armAcc]*armAcc {
	type games struct {
		scenario string
		n        int
		sums     [2]uint64
	}
	first := map[games]*armAcc{}
	out := map[*armAcc]*armAcc{}
	for _, a := range s.arms {
		if a.n == 0 || a.noHash {
			continue
		}
		k := games{a.Scenario, a.n, a.games}
		if o := first[k]; o != nil {
			out[a] = o
		} else {
			first[k] = a
		}
	}
	return out
}

// SameGames says, a line each, which arms played the same games as
// another (the same game hash in every replicate) and so are compared
// once, as that arm ("v1@b.csv balanced played the same games as v2
// balanced…"); none if no two arms did.
func (s *Summary) SameGames() []string {
	same := s.sameGames()
	var out []string
	for _, a := range s.arms {
		if o := same[a]; o != nil {
			scen := ""
			if len(s.scenarios()) > 1 {
				scen = a.Scenario + ": "
			}
			out = append(out, fmt.Sprintf("%s%s played the same games as %s (the same game in each of its %d %s): it is compared once, as %s, so that Holm's correction counts its tests once",
				scen, armLabel(a), armLabel(o), a.n, plural(a.n, "replicate", "replicates"), armLabel(o)))
		}
	}
	return out
}

// scenarios returns the scenarios of the arms, in order.
func (s *Summary) scenarios() []string {
	var out []string
	for _, a := range s.arms {
		if !slices.Contains(out, a.Scenario) {
			out = append(out, a.Scenario)
		}
	}
	return out
}

// causeDiff returns the n causes behind the difference in metric id
// between arms b and o, from the batch's tally (nil without one: row files
// carry no causes).
func (s *Summary) causeDiff(b, o *armAcc, id string, n int) []CauseMean {
	if s.tally == nil || n <= 0 || b.armIndex < 0 || o.armIndex < 0 {
		return nil
	}
	m := s.tally.Arms[o.armIndex].Compiled.MetricIndex(id)
	if m < 0 {
		return nil
	}
	return tidyCauses(s.tally.TopDiff(b.armIndex, o.armIndex, m, n, b.n, o.n))
}

// WithBaseline makes Compare set every arm of the baseline's scenario
// against the one arm named: its label as the comparisons show it
// ("balanced", "v2 free-rider"), its policy as the rows have it, or either
// after "SCENARIO " or "SCENARIO · ". It returns an error naming the arms
// if none or several match.
func (s *Summary) WithBaseline(name string) error {
	var found []*armAcc
	var all []string
	for _, a := range s.arms {
		l := armLabel(a)
		all = append(all, a.Scenario+" · "+l)
		for _, n := range []string{l, a.Policy, a.Variant + " " + a.Policy} {
			if name == n || name == a.Scenario+" "+n || name == a.Scenario+" · "+n {
				found = append(found, a)
				break
			}
		}
	}
	switch len(found) {
	case 1:
		s.baseline = found[0]
		return nil
	case 0:
		return fmt.Errorf("--baseline %q names no arm: the arms are %s", name, strings.Join(all, ", "))
	}
	return fmt.Errorf("--baseline %q names %d arms: add the scenario, as %q", name, len(found), found[0].Scenario+" "+name)
}

// pair compares arm a with base, by replicate.
func (s *Summary) pair(base, a *armAcc, topCauses int) Comparison {
	bi := index(base.replicates)
	var sa, sb, tsa, tsb []bool
	var tb, ta []bool // true wins by run, where both arms have the same objectives
	if s.sameObjectives(base, a) {
		tb, ta = s.trueWins(base), s.trueWins(a)
	}
	pa := make([][]float64, len(s.cols))
	pb := make([][]float64, len(s.cols))
	n := 0
	var runs [][2]int // the pairs' runs: base's index, a's
	// Pairs in replicate order, not the order the rows came in (shards,
	// or files in another order): the sums, hence the p-values to their
	// last digit, are then the same for the same runs.
	order := make([]int32, len(a.replicates))
	for j := range order {
		order[j] = int32(j)
	}
	if !slices.IsSorted(a.replicates) { // a batch's are; files' may not be
		slices.SortStableFunc(order, func(x, y int32) int { return cmp.Compare(a.replicates[x], a.replicates[y]) })
	}
	for _, j32 := range order {
		j := int(j32)
		r := a.replicates[j]
		i, ok := bi.at(r)
		if !ok {
			continue
		}
		n++
		runs = append(runs, [2]int{i, j})
		sa = append(sa, base.success[i])
		sb = append(sb, a.success[j])
		if tb != nil && ta != nil {
			tsa, tsb = append(tsa, tb[i]), append(tsb, ta[j])
		}
		for m := range s.cols {
			if whole(base, m) && whole(a, m) {
				pa[m] = append(pa[m], base.vals[m].at(i))
				pb[m] = append(pb[m], a.vals[m].at(j))
			}
		}
	}
	if n == 0 {
		// Said, not dropped: arms from files with no replicate in
		// common (shards of one batch, say) have nothing to pair.
		return Comparison{Scenario: a.Scenario, Base: armLabel(base), Other: armLabel(a), BaseArm: refOf(base), OtherArm: refOf(a), Metrics: []PairedC{}, VerdictPairs: []VerdictPair{}, Success: McNemarC{P: 1, PHolm: 1, Test: TestNone},
			Warnings: []string{fmt.Sprintf("no replicate of %s is among %s's: 0 pairs, not compared", armLabel(a), armLabel(base))}}
	}
	c := Comparison{Scenario: a.Scenario, Base: armLabel(base), Other: armLabel(a), BaseArm: refOf(base), OtherArm: refOf(a), Pairs: n, Success: mcNemarC(sa, sb), VerdictPairs: verdictPairs(base, a, runs)}
	if tb != nil && ta != nil {
		ts := mcNemarC(tsa, tsb)
		c.TrueSuccess = &ts
	}
	if base.sha != "" && a.sha != "" && base.sha != a.sha {
		c.ScenarioFilesDiffer = true
		c.Warnings = append(c.Warnings, fmt.Sprintf("the arms were played from different files of %s (SHA-256 %.12s… for %s, %.12s… for %s): they differ in the scenario as well, so the differences below are not %s alone; compare arms of one file, or make the edit a --set variant",
			a.Scenario, a.sha, armLabel(a), base.sha, armLabel(base), map[bool]string{true: "the policy's", false: "the variant's"}[a.Variant == base.Variant]))
	}
	for m, id := range s.cols {
		if base.present[m] && a.present[m] && (!whole(base, m) || !whole(a, m)) {
			name := s.label(a.Scenario, id)
			if IsObjective(id) {
				name = sim.Possessive(s.labelOr(a.Scenario, id, strings.TrimPrefix(id, ObjectivePrefix))) + " objective"
			}
			c.Warnings = append(c.Warnings, fmt.Sprintf("%s is missing from some of the arms' rows (files of another version of the scenario?), so it is not compared", name))
		}
	}
	if p := max(base.planned, a.planned); p > 0 && n < p {
		// An interrupted batch (Plan): the json's complete false said so
		// for the batch, not for the comparison resting on its part.
		c.Warnings = append(c.Warnings, fmt.Sprintf("the batch was interrupted: this comparison rests on the %d pairs both arms played, of the %d planned", n, p))
	}
	if n >= 2 && n < FewPairs {
		c.Warnings = append(c.Warnings, fmt.Sprintf("only %d pairs: the paired t-tests and their intervals take the mean difference to be near normal, which so few pairs may not give; play %d or more runs per arm", n, FewPairs))
	}
	for m, id := range s.cols {
		if IsObjective(id) && len(pa[m]) > 0 { // 1 or 0 a run
			oa, ob := make([]bool, len(pa[m])), make([]bool, len(pb[m]))
			for k := range oa {
				oa[k], ob[k] = pa[m][k] == 1, pb[m][k] == 1
			}
			c.Objectives = append(c.Objectives, ObjectiveC{Side: strings.TrimPrefix(id, ObjectivePrefix), McNemarC: mcNemarC(oa, ob)})
		}
		if len(pa[m]) == 0 || IsObjective(id) {
			continue
		}
		pr := Paired(pa[m], pb[m])
		pc := PairedC{ID: id, Diff: pr.Diff.Round12(), P: floorP(pr.P), Test: TestPairedT, D: effectSize(pa[m], pb[m]), Causes: s.causeDiff(base, a, id, topCauses)}
		if pr.N < 2 || pr.Diff == (Interval{}) {
			pc.Test = TestNone
		}
		c.Metrics = append(c.Metrics, pc)
	}
	return c
}

// mcNemarC compares two arms' paired yes-or-no outcomes (success, or an
// objective met): the rates, their difference with Newcombe's interval and
// McNemar's test (exact for few discordant pairs; none for none, or
// fewer than two pairs).
func mcNemarC(sa, sb []bool) McNemarC {
	n := len(sa)
	mc := McNemar(sa, sb)
	sc := McNemarC{BaseRate: rate(sa), OtherRate: rate(sb), Diff: mc.Diff.Round12(), B: mc.B, C: mc.C, P: floorP(mc.P), Test: TestMcNemarChi2}
	switch d := mc.B + mc.C; {
	case d == 0 || n < 2:
		sc.Test = TestNone
	case d < McNemarExactBelow:
		sc.Test = TestMcNemarExact
	}
	sc.Diff.NA = n < 2
	return sc
}

// FewPairs is the number of pairs below which a comparison warns that
// its paired t-tests are approximate: the rule of thumb for a mean
// difference to be near normal whatever the metric's distribution.
// McNemar's test is exact there (McNemarExactBelow) and needs no warning.
const FewPairs = 30

// NegligibleD is the effect size below which a difference, significant or
// not, is negligible: a fifth of a standard deviation (Cohen's "small").
const NegligibleD = 0.2

// effectSize is EffectSize rounded to 12 significant digits, or nil
// where it is not defined.
func effectSize(a, b []float64) *float64 {
	d, ok := EffectSize(a, b)
	if !ok {
		return nil
	}
	d = Round12(d)
	return &d
}

// whole reports whether arm a has metric m in every run: an arm's values
// are kept in the order of its runs, so one missing (a row without the
// column) would pair every later run's value with another run's.
func whole(a *armAcc, m int) bool { return a.present[m] && a.vals[m].len() == a.n }

// rate returns the share of true in ok (rounded as Interval.Round12 rounds), 0 for none.
func rate(ok []bool) float64 {
	if len(ok) == 0 {
		return 0
	}
	n := 0
	for _, x := range ok {
		if x {
			n++
		}
	}
	return Round12(float64(n) / float64(len(ok)))
}

// CheckReplicates returns a *RepeatedReplicateError naming an arm in which
// a replicate appears more than once (a row file given twice, say):
// pairing by replicate, Compare would count it as another pair.
func (s *Summary) CheckReplicates() error {
	for _, a := range s.arms {
		reps := slices.Clone(a.replicates)
		slices.Sort(reps)
		for i := 1; i < len(reps); i++ {
			if reps[i] == reps[i-1] {
				return &RepeatedReplicateError{Replicate: int(reps[i]), Arm: a.Scenario + " · " + armLabel(a)}
			}
		}
	}
	return nil
}

// RepeatedReplicateError is a replicate found more than once in one arm
// ("tutorial · balanced"), which pairing by replicate cannot take.
type RepeatedReplicateError struct {
	Replicate int
	Arm       string
}

func (e *RepeatedReplicateError) Error() string {
	return fmt.Sprintf("replicate %d of %s appears more than once (is a file given twice, or are rows of one run in two files?)", e.Replicate, e.Arm)
}

// repIndex maps each replicate number to its position in an arm's runs.
// Replicates are 0 … runs−1, so a slice serves; a row file with sparse
// replicate numbers (a shard, or a hostile file) gets a map instead, so
// memory follows the number of runs, not the largest replicate number.
type repIndex struct {
	dense  []int32 // position, or −1
	sparse map[int32]int32
}

func index(reps []int32) repIndex {
	var top int32 = -1
	for _, r := range reps {
		top = max(top, r)
	}
	if int(top) >= 2*len(reps)+64 {
		m := make(map[int32]int32, len(reps))
		for i, r := range reps {
			m[r] = int32(i)
		}
		return repIndex{sparse: m}
	}
	d := make([]int32, top+1)
	for i := range d {
		d[i] = -1
	}
	for i, r := range reps {
		if r >= 0 {
			d[r] = int32(i)
		}
	}
	return repIndex{dense: d}
}

// at returns the position of replicate r, if present.
func (x repIndex) at(r int32) (int, bool) {
	if x.sparse != nil {
		i, ok := x.sparse[r]
		return int(i), ok
	}
	if r < 0 || int(r) >= len(x.dense) || x.dense[r] < 0 {
		return 0, false
	}
	return int(x.dense[r]), true
}

// LabelKey is the key of scenario's name for metric id in the labels given
// to NewSummary; a plain id names the metric in every scenario that has no
// name of its own for it. Scenarios may name one metric id differently
// ("Cohesion", "Alliance cohesion").
func LabelKey(scenario, id string) string { return scenario + "\x00" + id }

// objectiveWords prefixes the label key of a side's objective in words.
const objectiveWords = "objective-text:"

// endLabel is the label key of an end (a verdict) of a scenario: ends
// and metrics may share an id.
func endLabel(id string) string { return "end:" + id }

// AddLabels adds c's display names to labels, as the table shows them:
// each metric's name, each verdict's title and, for an objective column,
// its side's name.
func AddLabels(labels map[string]string, c *sim.Compiled) {
	for _, m := range c.Metrics {
		labels[LabelKey(c.ID, m.ID)] = m.Name
	}
	for _, e := range c.Ends {
		labels[LabelKey(c.ID, endLabel(e.ID))] = e.Title
	}
	for _, a := range c.Alliance() {
		labels[LabelKey(c.ID, ObjectivePrefix+c.Sides[a].ID)] = c.Sides[a].Name
		labels[LabelKey(c.ID, objectiveWords+c.Sides[a].ID)] = c.Sides[a].Objective
	}
}

// labelOr is the label of key in scenario, or fallback where there is
// none (rows merged without their scenario at hand).
func (s *Summary) labelOr(scenario, key, fallback string) string {
	if l, ok := s.labels[LabelKey(scenario, key)]; ok && l != "" {
		return l
	}
	return fallback
}

func (s *Summary) label(scenario, id string) string {
	if l, ok := s.labels[id]; ok && l != "" { // a label for every scenario
		return s.labelOr(scenario, id, l)
	}
	return s.labelOr(scenario, id, id)
}

// WriteTable writes the human-readable report: per arm, the success rate
// with its Wilson interval, verdict rates, and per metric the mean with its
// 95% interval, p5/p50/p95, a histogram and the top causes; then the paired
// comparisons, in numbers and in words.
func (s *Summary) WriteTable(w io.Writer, topCauses int) {
	width := s.tableWidth()
	label, num, hist := 22, 8, true // the metric table's columns: 92 wide
	switch {
	case width < 64:
		label, num, hist = 16, 6, false // 60 wide
	case width < 78:
		label, num, hist = 20, 6, false // 64 wide: the histogram gives way
	case width < 92:
		label, num = 20, 6 // 78 wide
	}
	results := s.Results(topCauses)
	if done, planned := s.Runs(); !s.Complete() {
		var unstarted []string
		for _, ar := range results {
			if ar.Runs == 0 {
				unstarted = append(unstarted, ar.Scenario+" · "+strings.TrimPrefix(ar.Variant+" · ", "base · ")+shortPolicy(ar.Policy))
			}
		}
		msg := fmt.Sprintf("INTERRUPTED: %d of %d runs were played; every figure below covers only the runs played.", done, planned)
		if len(unstarted) > 0 {
			msg += " Not started: " + strings.Join(unstarted, "; ") + "."
		}
		fmt.Fprintf(w, "%s\n\n", fill(msg, width, 2))
	}
	if s.difficulty != "" {
		fmt.Fprintf(w, "%s\n\n", fill("Every arm was played at difficulty "+sim.Sanitize(s.difficulty, false)+".", width, 2))
	}
	s.WriteBasis(w)
	s.writeOverview(w, results, width)
	dec := fitDecimals(results, sameDecimals(results, 4), num) // 0–1 metrics need more than 2; 4 at most
	decWhy := sameDecimals(results, 4)
	hists := s.sharedHistograms(results)
	said := map[string]bool{}
	for ai, ar := range results {
		if !s.writeArmHead(w, ar, width, said) {
			continue
		}
		head := fmt.Sprintf("  %-*s %*s %*s %*s %*s %*s", label, "metric", num, "mean", 2*num+1, "95% CI", num, "p5", num, "p50", num, "p95")
		if hist {
			head += "  distribution"
		}
		fmt.Fprintln(w, head)
		for _, m := range ar.Metrics {
			d := dec[LabelKey(ar.Scenario, m.ID)]
			ci := fmt.Sprintf("%*s–%-*s", num, unsigned(m.Mean.Lo, d), num, unsigned(m.Mean.Hi, d))
			if m.Mean.NA {
				ci = fmt.Sprintf("%*s%*s", num+1, "n/a", num, "") // one run: no interval
			}
			line := fmt.Sprintf("  %-*s %*s %s %*s %*s %*s", label, trunc(s.label(ar.Scenario, m.ID), label), num, unsigned(m.Mean.Est, d), ci,
				num, unsigned(m.P5, d), num, unsigned(m.P50, d), num, unsigned(m.P95, d))
			if hist {
				line += "  " + Sparkbar(hists[ai][m.ID])
			}
			fmt.Fprintln(w, strings.TrimRight(line, " ")) // the shared range leaves bins empty at either end
		}
		if topCauses > 0 && len(ar.Metrics) > 0 && len(ar.Metrics[0].Causes) > 0 {
			fmt.Fprintf(w, "\n%s\n", fill("  why (start → mean end (net change), then the top causes: mean change per run):", width, 6))
			for _, m := range ar.Metrics {
				if len(m.Causes) == 0 {
					continue
				}
				var parts []string
				if m.Start != nil {
					d := decWhy[LabelKey(ar.Scenario, m.ID)]
					parts = append(parts, fmt.Sprintf("%s → %s (%s):", unsigned(*m.Start, d), unsigned(m.Mean.Est, d), signed(m.Mean.Est-*m.Start, d)))
				}
				room := width - label - 4 // what a continuation line holds, with a comma
				for _, c := range m.Causes {
					name := c.Name
					if c.Side != "" {
						name += " (" + c.Side + ")"
					}
					v := signed(c.Mean, decimals(c.Mean, 4))
					parts = append(parts, trunc(name, room-len(v)-1)+" "+v)
				}
				line := FillList(fmt.Sprintf("  %-*s ", label, trunc(s.label(ar.Scenario, m.ID), label)), parts, width)
				fmt.Fprintln(w, strings.Replace(line, ":,", ":", 1))
			}
		}
		fmt.Fprintln(w)
	}
	if s.noCauses != "" && topCauses >= 0 {
		fmt.Fprintf(w, "%s\n\n", fill("why: "+s.noCauses, width, 5))
	}
	cs := s.Compare(topCauses)
	if len(cs) == 0 {
		return
	}
	s.WriteComparisons(w, cs)
}

// sharedHistograms returns, by arm (in results' order) and metric id, the
// table's histogram of each metric over one range for all the arms of its
// scenario: from the lowest value any of them reached to the highest. Over
// each arm's own range (the json's), an arm spread over 18–30 and one over
// 30–50 drew alike, and the table is read arm beside arm.
func (s *Summary) sharedHistograms(results []ArmResult) []map[string][]int {
	type span struct{ lo, hi float64 }
	spans := map[string]span{}
	for _, ar := range results {
		for _, m := range ar.Metrics {
			k := LabelKey(ar.Scenario, m.ID)
			if sp, ok := spans[k]; ok {
				spans[k] = span{min(sp.lo, m.Min), max(sp.hi, m.Max)}
			} else {
				spans[k] = span{m.Min, m.Max}
			}
		}
	}
	col := map[string]int{}
	for i, id := range s.cols {
		col[id] = i
	}
	out := make([]map[string][]int, len(results))
	for ai, ar := range results {
		out[ai] = map[string][]int{}
		for _, m := range ar.Metrics {
			sp := spans[LabelKey(ar.Scenario, m.ID)]
			out[ai][m.ID] = Histogram(s.arms[ai].vals[col[m.ID]].floats(), sp.lo, sp.hi, len(m.Histogram))
		}
	}
	return out
}

// armTitle is an arm's heading in the table: "gray-zone · v2 · balanced".
func armTitle(ar ArmResult) string {
	title := ar.Scenario
	if ar.Variant != "" && ar.Variant != "base" {
		title += " · " + ar.Variant
	}
	return title + " · " + shortPolicy(ar.Policy)
}

// writeOverview opens a table of several arms with every arm's success
// rate, its interval and its runs, a line each, and what the variants
// are (their --set values): with a sweep × policies,
// or three scenarios × five policies, the rates were a page apart, one in
// each arm's section.
func (s *Summary) writeOverview(w io.Writer, results []ArmResult, width int) {
	if len(results) < 2 {
		return
	}
	label := 0
	for _, ar := range results {
		label = max(label, utf8.RuneCountInString(armTitle(ar)))
	}
	// The figures take up to 43 columns ("  100.0%  (95% CI 99.9–100.0%)
	// 100000 runs"); a title too long to leave them room has a line of its
	// own (policies of each side, "rok=deterrence-first,us=free-rider",
	// must not be cut to what they share).
	label = min(label, width-45)
	fmt.Fprintln(w, "Allied success by arm (the arms' details follow):")
	for _, ar := range results {
		t := armTitle(ar)
		if utf8.RuneCountInString(t) > label {
			fmt.Fprintf(w, "  %s\n", t)
			t = ""
		}
		switch {
		case ar.Runs == 0:
			fmt.Fprintf(w, "  %-*s  not started\n", label, t)
		default:
			sr := ar.SuccessRate
			line := fmt.Sprintf("  %-*s  %6s  (95%% CI %4.1f–%.1f%%)  %d runs", label, t, Percent(sr.Est), 100*sr.Lo, 100*sr.Hi, ar.Runs)
			if ar.Runs < ar.RunsPlanned {
				line += fmt.Sprintf(" of %d", ar.RunsPlanned)
			}
			fmt.Fprintln(w, line)
			if ts := ar.TrueSuccess; ts != nil { // the ranking by success alone can mislead
				fmt.Fprintf(w, "  %-*s  %6s  (95%% CI %4.1f–%.1f%%)  true win\n", label, "", Percent(ts.Rate.Est), 100*ts.Rate.Lo, 100*ts.Rate.Hi)
			}
		}
	}
	fmt.Fprintln(w)
	s.writeVariantLegend(w, width)
}

// sameDecimals returns, by LabelKey(scenario, metric), the decimals to
// show a metric's mean with: the most any arm's interval asks for (at most
// most), so that one metric reads alike in every arm ("0.4911" beside
// "0.6710", not "0.671"). An interval of no width (one run) asks for 2.
func sameDecimals(results []ArmResult, most int) map[string]int {
	dec := map[string]int{}
	for _, ar := range results {
		for _, m := range ar.Metrics {
			k := LabelKey(ar.Scenario, m.ID)
			dec[k] = max(dec[k], decimals((m.Mean.Hi-m.Mean.Lo)/2, most))
		}
	}
	return dec
}

// fitDecimals caps the decimals dec gives each metric so that its values
// fit the metric table's columns of num characters: the narrow table's 6
// hold 0.6255 and 24.132 but not 24.1320. (It capped every metric at 3,
// and a deterrence component read 0.625 with an interval of 0.625–0.626.)
func fitDecimals(results []ArmResult, dec map[string]int, num int) map[string]int {
	out := maps.Clone(dec)
	for _, ar := range results {
		for _, m := range ar.Metrics {
			k := LabelKey(ar.Scenario, m.ID)
			for _, x := range []float64{m.Mean.Est, m.Mean.Lo, m.Mean.Hi, m.P5, m.P50, m.P95} {
				ints := len(strconv.FormatFloat(math.Trunc(math.Abs(x)), 'f', 0, 64))
				if x < 0 {
					ints++ // the minus sign
				}
				out[k] = min(out[k], max(num-1-ints, 2))
			}
		}
	}
	return out
}

// signed formats x with a sign to d decimals, but a value that rounds to
// zero as 0 without one ("-0.0000" read as a loss).
func signed(x float64, d int) string {
	v := fmt.Sprintf("%+.*f", d, x)
	if strings.Trim(v, "+-0.") == "" {
		return v[1:]
	}
	return v
}

// decimals is how many decimals show x (a mean, a difference, or the half
// width of an interval) to two significant digits: 2 for the 0–100 metrics
// usually, more for the 0–1 deterrence components, whose means and
// differences read "0.00" at 2 (a capability difference of −0.004 showed as
// "−0.00 (95% CI −0.00 to −0.00), significant"). Never fewer than 2 nor
// more than most (the engine keeps 4).
func decimals(x float64, most int) int {
	x = math.Abs(x)
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return 2
	}
	return max(2, min(most, 1-int(math.Floor(math.Log10(x)))))
}

// Percent writes a share as a percentage to one decimal, but a share
// above 0 that would round to 0.0% as "<0.1%", and one below 1 that would
// round to 100.0% as ">99.9%": a verdict reached once in thousands of runs
// (a war) must not read as never reached, nor one missed once as always.
func Percent(share float64) string {
	switch p := 100 * share; {
	case p > 0 && p < 0.05:
		return "<0.1%"
	case p < 100 && p >= 99.95:
		return ">99.9%"
	default:
		return fmt.Sprintf("%.1f%%", p)
	}
}

// writeArmHead writes an arm's heading and its outcomes: success and true
// win with their intervals, verdicts, objectives and turns played; false
// for an arm never started (nothing follows it).
func (s *Summary) writeArmHead(w io.Writer, ar ArmResult, width int, said map[string]bool) bool {
	title := armTitle(ar)
	fmt.Fprintf(w, "%s\n%s\n", fill(title, width, 2), strings.Repeat("─", min(len([]rune(title)), width-2)))
	if len(ar.Overrides) > 0 {
		fmt.Fprintln(w, fill(setLine(ar.Variant, ar.Overrides), width, 4))
	}
	sr := ar.SuccessRate
	if ar.Runs == 0 {
		fmt.Fprintf(w, "interrupted: 0 of %d runs: not started\n\n", ar.RunsPlanned)
		return false
	}
	if ar.Runs < ar.RunsPlanned {
		fmt.Fprintf(w, "interrupted: %d of %d runs\n", ar.Runs, ar.RunsPlanned)
	}
	fmt.Fprintf(w, "runs %d   allied success %s (95%% CI %.1f–%.1f%%)\n", ar.Runs, Percent(sr.Est), 100*sr.Lo, 100*sr.Hi)
	if ts := ar.TrueSuccess; ts != nil {
		fmt.Fprintln(w, fill(fmt.Sprintf("true win (an allied success with every ally's private objective met too): %s (95%% CI %.1f–%.1f%%)", Percent(ts.Rate.Est), 100*ts.Rate.Lo, 100*ts.Rate.Hi), width, 2))
	}
	if ar.Runs >= 2 && ar.Runs < FewPairs {
		fmt.Fprintln(w, fill(fmt.Sprintf("warning: only %d runs: the means' intervals take each mean to be near normal, which so few runs may not give, and the percentiles and histogram are rough; play %d or more", ar.Runs, FewPairs), width, 9))
	}
	var vs []string
	for _, v := range ar.Verdicts { // by title, as the game says them (json and rows: by id)
		vs = append(vs, sim.Sanitize(s.labelOr(ar.Scenario, endLabel(v.ID), v.ID), false)+" "+Percent(v.Rate))
	}
	fmt.Fprintf(w, "%s\n", fillItems("verdicts: ", vs, width, 10))
	// What success is: said once a scenario, under its first arm, where
	// its arms agree on it; under each arm where they do not (a --set of
	// an end's success), each arm's own.
	perArm := s.successRulesDiffer(ar.Scenario)
	if perArm || !said["success\x00"+ar.Scenario] {
		said["success\x00"+ar.Scenario] = true
		var ok []string
		for _, v := range s.successVerdicts(ar.Scenario, ar.Variant, ar.Policy, perArm) {
			ok = append(ok, sim.Sanitize(s.labelOr(ar.Scenario, endLabel(v), v), false))
		}
		if len(ok) == 0 {
			ok = []string{"none reached"}
		}
		head := "allied success is the verdicts: "
		if perArm {
			head = "allied success in this arm is the verdicts: "
		}
		fmt.Fprintf(w, "%s\n", fillItems(head, ok, width, 2))
	}
	if len(ar.Objectives) > 0 {
		var os []string
		for _, o := range ar.Objectives {
			os = append(os, fmt.Sprintf("%s %s (%.1f–%.1f%%)", sim.Sanitize(s.labelOr(ar.Scenario, ObjectivePrefix+o.Side, o.Side), false), Percent(o.Rate.Est), 100*o.Rate.Lo, 100*o.Rate.Hi))
		}
		fmt.Fprintf(w, "%s\n", fillItems("private objectives met (95% CI): ", os, width, 2))
		if !said[ar.Scenario] { // what each is, under the scenario's first arm
			said[ar.Scenario] = true
			for _, o := range ar.Objectives {
				if o.Objective != "" {
					fmt.Fprintln(w, fill("  "+sim.Sanitize(s.labelOr(ar.Scenario, ObjectivePrefix+o.Side, o.Side), false)+": "+sim.Sanitize(o.Objective, false), width, 4))
				}
			}
		}
	}
	fmt.Fprintf(w, "turns played: %s\n\n", *ar.TurnsPlayed)
	return true
}

// successVerdicts returns the verdicts (ids) that counted as an allied
// success in any arm of scenario (with one, in its arm of variant and
// policy only), in the order first seen.
func (s *Summary) successVerdicts(scenario, variant, policy string, one bool) []string {
	var out []string
	for _, a := range s.arms {
		if a.Scenario != scenario || one && (a.Variant != variant || a.Policy != policy) {
			continue
		}
		for _, v := range a.verdictOrder {
			if a.verdictSuccess[v] && !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out
}

// successRulesDiffer reports whether a verdict reached in two arms of
// scenario counted as an allied success in one and not in the other (a
// --set of an end's success), so that no one rule is the scenario's.
func (s *Summary) successRulesDiffer(scenario string) bool {
	seen := map[string]bool{}
	for _, a := range s.arms {
		if a.Scenario != scenario {
			continue
		}
		for _, v := range a.verdictOrder {
			if was, ok := seen[v]; ok && was != a.verdictSuccess[v] {
				return true
			}
			seen[v] = a.verdictSuccess[v]
		}
	}
	return false
}

// WriteArms writes each arm's outcomes, as the table does before its
// metrics, for lattice compare (whose table gave the comparisons only).
func (s *Summary) WriteArms(w io.Writer) {
	width := s.tableWidth()
	results := s.Results(0)
	s.writeOverview(w, results, width)
	said := map[string]bool{}
	for _, ar := range results {
		s.writeArmHead(w, ar, width, said)
	}
}

// WriteComparisons writes paired comparisons in numbers and in words.
func (s *Summary) WriteComparisons(w io.Writer, cs []Comparison) {
	width := s.tableWidth()
	compact := width < 92
	label := 22
	// The intervals are each a 95% interval on its own; only the p-values
	// are corrected for the number of tests, so the heading says both.
	what := "each arm against the arm of its variant with the first policy, and of its policy in each variant one --set value nearer the first (one change at a time)"
	swept := func(a *armAcc) bool { return a.Variant != "base" && a.Variant != "" }
	unknown := func(a *armAcc) bool { _, ok := s.variants[a.Variant]; return swept(a) && !ok }
	switch {
	case !slices.ContainsFunc(s.arms, swept):
		what = "each arm against the arm of the first policy" // no variants to speak of
	case slices.ContainsFunc(s.arms, unknown):
		what = "each arm against the arm of its variant with the first policy, and of its policy in the first variant (the --set values behind the variants are not known without the manifests, so two variants may differ in more than one)"
	}
	if slices.ContainsFunc(s.arms, func(a *armAcc) bool {
		return slices.ContainsFunc(s.variants[a.Variant], func(o string) bool { return strings.HasPrefix(o, DifficultyOverride) })
	}) {
		what = strings.Replace(what, "one --set value nearer", "one --set value or difficulty level nearer", 1)
	}
	if tail := "nearer the first (one change at a time)"; strings.HasSuffix(what, tail) {
		switch s.steps {
		case StepsAdjacent:
			what = strings.TrimSuffix(what, tail) + "back, at the level before it in its list (--steps adjacent: 4→6 and 6→8 for --set k=4,6,8; one change at a time)"
		case StepsBoth:
			what = strings.TrimSuffix(what, tail) + "nearer the first, and in each one back, at the level before it in its list (--steps both: 4→6, 4→8 and 6→8 for --set k=4,6,8; one change at a time)"
		default:
			if s.longSweep() {
				what = strings.TrimSuffix(what, ")") + "; --steps adjacent compares each level with the one before it instead, --steps both with both)"
			}
		}
	}
	if s.baseline != nil {
		what = "each arm against " + armLabel(s.baseline)
	}
	rates := "the success rate" // the rates compared, as the lines below show them
	hasTrue := slices.ContainsFunc(cs, func(c Comparison) bool { return c.TrueSuccess != nil })
	hasObj := slices.ContainsFunc(cs, func(c Comparison) bool { return len(c.Objectives) > 0 })
	switch {
	case hasTrue && hasObj:
		rates = "the success rate, true win and objectives met"
	case hasTrue:
		rates = "the success rate and true win"
	case hasObj:
		rates = "the success rate and objectives met"
	}
	head := fmt.Sprintf("Paired comparisons (same seeds in every arm), %s: differences with unadjusted 95%% CIs (Newcombe for %s, paired t for metrics); p from McNemar's test (exact below %d discordant pairs, else χ² with continuity correction) and paired t-tests, Holm-corrected across %d %s", what, rates, McNemarExactBelow, countTests(cs), map[bool]string{true: "test", false: "tests"}[countTests(cs) == 1])
	if compact {
		label = 20
	}
	fmt.Fprintln(w, fill(head, width, 2))
	fmt.Fprintln(w, strings.Repeat("─", min(78, width-2)))
	s.writeVariantLegend(w, width)
	if same := s.SameGames(); len(same) > 0 {
		for _, line := range same {
			fmt.Fprintln(w, fill("Same games: "+sim.Sanitize(line, false), width, 2))
		}
		fmt.Fprintln(w)
	}
	for _, c := range cs {
		if c.Pairs == 0 {
			fmt.Fprintf(w, "%s\n\n", fill(fmt.Sprintf("%s: %s vs %s: not compared: %s", c.Scenario, c.Other, c.Base, strings.Join(c.Warnings, "; ")), width, 2))
			continue
		}
		d := c.Success.Diff
		// The rates the success difference is the difference of.
		files := ""
		if c.ScenarioFilesDiffer {
			files = ", from different scenario files"
		}
		fmt.Fprintln(w, fill(fmt.Sprintf("%s: %s vs %s%s (%d %s), success %s vs %s", c.Scenario, c.Other, c.Base, files, c.Pairs, map[bool]string{true: "pair", false: "pairs"}[c.Pairs == 1],
			Percent(c.Success.OtherRate), Percent(c.Success.BaseRate)), width, 2))
		for _, wn := range c.Warnings {
			fmt.Fprintln(w, fill("  warning: "+wn, width, 4))
		}
		ci := signed(100*d.Lo, 1) + " to " + signed(100*d.Hi, 1)
		if d.NA {
			ci = "n/a"
		}
		if compact {
			fmt.Fprintln(w, fill(fmt.Sprintf("  %-*s %6s pp (%s)  Holm %s%s", label, "success rate", signed(100*d.Est, 1), ci, holmP(c.Success.PHolm, c.Success.Test), star(c.Success.Significant)), width, label+12))
		} else {
			fmt.Fprintln(w, fill(fmt.Sprintf("  success rate %s pp (95%% CI %s), McNemar%s %s, Holm %s%s", signed(100*d.Est, 1), ci,
				mcNemarMethod[c.Success.Test], rawP(c.Success.P, c.Success.Test), holmP(c.Success.PHolm, c.Success.Test), star(c.Success.Significant)), width, 15))
		}
		if ts := c.TrueSuccess; ts != nil {
			d := ts.Diff
			ci := signed(100*d.Lo, 1) + " to " + signed(100*d.Hi, 1)
			if d.NA {
				ci = "n/a"
			}
			if compact {
				fmt.Fprintln(w, fill(fmt.Sprintf("  %-*s %6s pp (%s)  Holm %s%s", label, "true win", signed(100*d.Est, 1), ci, holmP(ts.PHolm, ts.Test), star(ts.Significant)), width, label+12))
			} else {
				fmt.Fprintln(w, fill(fmt.Sprintf("  true win %s vs %s, %s pp (95%% CI %s), McNemar%s %s, Holm %s%s", Percent(ts.OtherRate), Percent(ts.BaseRate), signed(100*d.Est, 1), ci,
					mcNemarMethod[ts.Test], rawP(ts.P, ts.Test), holmP(ts.PHolm, ts.Test), star(ts.Significant)), width, 4))
			}
		}
		s.writeVerdictPairs(w, c, width)
		var objs []string // the objectives met significantly more or less often, for the words
		for _, o := range c.Objectives {
			name := s.labelOr(c.Scenario, ObjectivePrefix+o.Side, o.Side)
			if o.B+o.C == 0 {
				continue // met alike in every pair
			}
			d := o.Diff
			ci := signed(100*d.Lo, 1) + " to " + signed(100*d.Hi, 1)
			if d.NA {
				ci = "n/a"
			}
			what := trunc("objective "+name, label)
			if compact {
				fmt.Fprintln(w, fill(fmt.Sprintf("  %-*s %6s pp (%s)  Holm %s%s", label, what, signed(100*d.Est, 1), ci, holmP(o.PHolm, o.Test), star(o.Significant)), width, label+12))
			} else {
				fmt.Fprintln(w, fill(fmt.Sprintf("  %s objective met %s vs %s, %s pp (95%% CI %s), McNemar%s %s, Holm %s%s", sim.Possessive(name), Percent(o.OtherRate), Percent(o.BaseRate), signed(100*d.Est, 1), ci,
					mcNemarMethod[o.Test], rawP(o.P, o.Test), holmP(o.PHolm, o.Test), star(o.Significant)), width, 4))
			}
			if o.Significant {
				objs = append(objs, fmt.Sprintf("%s %s often (%s vs %s)", sim.Possessive(name), map[bool]string{true: "more", false: "less"}[d.Est > 0], Percent(o.OtherRate), Percent(o.BaseRate)))
			}
		}
		var sig []sigMetric
		for _, m := range c.Metrics {
			if m.Diff.Est == 0 && m.Diff.Lo == 0 && m.Diff.Hi == 0 {
				continue
			}
			var line string
			d := decimals((m.Diff.Hi-m.Diff.Lo)/2, 4)
			ci := signed(m.Diff.Lo, d) + " to " + signed(m.Diff.Hi, d)
			if m.Diff.NA {
				ci = "n/a"
			}
			if compact {
				line = fmt.Sprintf("  %-*s %9s (%s)  Holm %s%s", label, trunc(s.label(c.Scenario, m.ID), label), signed(m.Diff.Est, d), ci, holmP(m.PHolm, m.Test), star(m.Significant))
			} else {
				line = fmt.Sprintf("  %-*s %8s (95%% CI %s), %s, Holm %s%s", label, trunc(s.label(c.Scenario, m.ID), label), signed(m.Diff.Est, d), ci, rawP(m.P, m.Test), holmP(m.PHolm, m.Test), star(m.Significant))
			}
			fmt.Fprintln(w, fill(line, width, label+12))
			if len(m.Causes) > 0 { // why the arms differ in it, as the arms' why lines name causes
				var parts []string
				for _, cm := range m.Causes {
					name := cm.Name
					if cm.Side != "" {
						name += " (" + cm.Side + ")"
					}
					parts = append(parts, name+" "+signed(cm.Mean, decimals(cm.Mean, 4)))
				}
				fmt.Fprintln(w, fill("    mostly from: "+strings.Join(parts, ", "), width, 6))
			}
			if m.Significant {
				dir := "higher"
				if m.Diff.Est < 0 {
					dir = "lower"
				}
				var notes []string
				if low, ok := s.lowBetter[LabelKey(c.Scenario, m.ID)]; ok {
					notes = append(notes, map[bool]string{true: "better", false: "worse"}[(dir == "lower") == low])
				}
				if m.D != nil {
					notes = append(notes, "d="+signed(*m.D, 2))
				}
				if len(notes) > 0 {
					dir += " (" + strings.Join(notes, ", ") + ")"
				}
				sig = append(sig, sigMetric{fmt.Sprintf("%s is %s", s.label(c.Scenario, m.ID), dir), m.D})
			}
		}
		if s.noWords {
			fmt.Fprintln(w)
			continue
		}
		fmt.Fprintf(w, "%s\n\n", fill("  In words: "+words(c, sig, objs)+s.verdictWords(c), width, 4))
	}
}

// VerdictPairsShown is how many cells of a comparison's verdict cross-tab
// the table shows (those where the arms' verdicts differ, most pairs
// first); the rest are counted in one line.
const VerdictPairsShown = 5

// writeVerdictPairs writes the cells of c's verdict cross-tab where the
// arms' verdicts differ: how many of the pairs ended in one verdict under
// the base arm and another under the other, and their share of the pairs.
func (s *Summary) writeVerdictPairs(w io.Writer, c Comparison, width int) {
	var diff []VerdictPair
	changed := 0
	for _, vp := range c.VerdictPairs {
		if vp.From != vp.To {
			diff = append(diff, vp)
			changed += vp.Count
		}
	}
	if len(diff) == 0 {
		fmt.Fprintln(w, fill(fmt.Sprintf("  verdicts: the same under both arms in all %d %s", c.Pairs, plural(c.Pairs, "pair", "pairs")), width, 4))
		return
	}
	share := func(n int) string { return Percent(float64(n) / float64(c.Pairs)) }
	fmt.Fprintln(w, fill(fmt.Sprintf("  verdicts differ in %d of %d pairs (%s), %s → %s:", changed, c.Pairs, share(changed), sim.Sanitize(c.Base, false), sim.Sanitize(c.Other, false)), width, 4))
	title := func(id string) string { return sim.Sanitize(s.labelOr(c.Scenario, endLabel(id), id), false) }
	shown := diff[:min(len(diff), VerdictPairsShown)]
	cells := make([]string, len(shown))
	wide := 0
	for i, vp := range shown {
		cells[i] = title(vp.From) + " → " + title(vp.To)
		wide = max(wide, len([]rune(cells[i])))
	}
	wide = min(wide, max(width-22, 20))
	for i, vp := range shown {
		cell := trunc(cells[i], wide)
		fmt.Fprintf(w, "    %s%s %7d  %6s\n", cell, strings.Repeat(" ", wide-len([]rune(cell))), vp.Count, share(vp.Count))
	}
	if rest := diff[len(shown):]; len(rest) > 0 {
		n := 0
		for _, vp := range rest {
			n += vp.Count
		}
		fmt.Fprintf(w, "    %d other %s: %d %s (%s)\n", len(rest), plural(len(rest), "pair of verdicts", "pairs of verdicts"), n, plural(n, "pair", "pairs"), share(n))
	}
}

// verdictWords says the commonest change of verdict between c's arms, for
// its words ("" where the verdicts differ in no pair, or there is one).
func (s *Summary) verdictWords(c Comparison) string {
	changed := 0
	var top *VerdictPair
	for i, vp := range c.VerdictPairs {
		if vp.From != vp.To {
			changed += vp.Count
			if top == nil {
				top = &c.VerdictPairs[i]
			}
		}
	}
	if top == nil || c.Pairs < 2 {
		return ""
	}
	title := func(id string) string { return sim.Sanitize(s.labelOr(c.Scenario, endLabel(id), id), false) }
	return fmt.Sprintf(" The verdicts differ in %d of the %d pairs; most often a game that ended %s under %s ended %s under %s (%d %s, %s).",
		changed, c.Pairs, title(top.From), sim.Sanitize(c.Base, false), title(top.To), sim.Sanitize(c.Other, false), top.Count, plural(top.Count, "pair", "pairs"), Percent(float64(top.Count)/float64(c.Pairs)))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// longSweep reports whether a --set key of the arms' variants has three
// levels or more (where comparing adjacent levels differs from comparing
// each with the first).
func (s *Summary) longSweep() bool {
	levels := map[string][]string{}
	for _, a := range s.arms {
		for _, o := range s.variants[a.Variant] {
			k, _, _ := strings.Cut(o, "=")
			if k = a.Scenario + "\x00" + k; !slices.Contains(levels[k], o) {
				levels[k] = append(levels[k], o)
			}
		}
	}
	for _, l := range levels {
		if len(l) >= 3 {
			return true
		}
	}
	return false
}

// DifficultyOverride starts the override that lattice compare gives the
// variants of batches played at different --difficulty levels:
// "difficulty=hard", or "difficulty=" for a batch without one. No --set
// key is "difficulty" (the scenario's list of levels cannot be set).
const DifficultyOverride = "difficulty="

// setLine is "VARIANT: --set K=V --set …" (and "--difficulty D" for a
// DifficultyOverride), made safe to print: the overrides come from a
// manifest beside a row file, which may be anyone's.
func setLine(variant string, ov []string) string {
	var b strings.Builder
	b.WriteString(sim.Sanitize(variant, false) + ":")
	for _, o := range ov {
		switch level, ok := strings.CutPrefix(o, DifficultyOverride); {
		case ok && level == "":
			b.WriteString(" (no --difficulty)")
		case ok:
			b.WriteString(" --difficulty " + sim.Sanitize(level, false))
		default:
			// As --set reads it back ("Seoul, Korea" pasted made two
			// variants).
			if k, v, ok := strings.Cut(o, "="); ok {
				o = k + "=" + EscapeSetValue(v)
			}
			b.WriteString(" --set " + sim.ShellQuotePOSIX(sim.Sanitize(o, false))) // the same summary on every system
		}
	}
	return b.String()
}

// EscapeSetValue writes one --set value as --set reads it back: a comma,
// double quote or backslash in it escaped with a backslash.
func EscapeSetValue(v string) string {
	return setValueEscaper.Replace(v)
}

var setValueEscaper = strings.NewReplacer(`\`, `\\`, ",", `\,`, `"`, `\"`)

// writeVariantLegend says what the variant ids in the comparisons' arm
// labels stand for, where the summary knows.
func (s *Summary) writeVariantLegend(w io.Writer, width int) {
	seen := map[string]bool{}
	var lines []string
	for _, a := range s.arms {
		ov, ok := s.variants[a.Variant]
		if !ok || seen[a.Variant] {
			continue
		}
		seen[a.Variant] = true
		lines = append(lines, fill("  "+setLine(a.Variant, ov), width, 6))
	}
	if len(lines) == 0 {
		return
	}
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
	fmt.Fprintln(w)
}

// FillList writes prefix and then the items separated by ", ", breaking
// lines between items (or within one too long for a line) to fit width;
// continuation lines are indented to the prefix's width.
func FillList(prefix string, items []string, width int) string {
	indent := utf8.RuneCountInString(prefix)
	var b strings.Builder
	b.WriteString(prefix)
	col := indent
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		n := utf8.RuneCountInString(it)
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n")
			b.WriteString(strings.Repeat(" ", indent))
			col = indent
		default:
			b.WriteByte(' ')
			col++
		}
		line := fill(strings.Repeat(" ", col)+it, width, indent)
		b.WriteString(line[col:])
		if k := strings.LastIndexByte(line, '\n'); k >= 0 {
			col = utf8.RuneCountInString(line[k+1:])
		} else {
			col += n
		}
	}
	return b.String()
}

// fill wraps a line at spaces to width columns, continuing on lines
// indented by indent spaces; the spacing within each piece is kept (so
// aligned columns stay aligned). A word longer than the room is left whole.
// fillItems writes prefix and items, ", " between them, wrapped at width
// between items, never within one ("Japan" and its "82.6%" were split
// across lines), with indent before each further line; an item too long
// for a line of its own is wrapped as fill wraps it.
func fillItems(prefix string, items []string, width, indent int) string {
	var b strings.Builder
	line := prefix
	for i, it := range items {
		if i < len(items)-1 {
			it += ","
		}
		switch n := utf8.RuneCountInString(line); {
		case i == 0 && n+utf8.RuneCountInString(it) <= width:
			line += it
		case i > 0 && n+1+utf8.RuneCountInString(it) <= width:
			line += " " + it
		default: // the prefix alone, for a first item that would not fit beside it
			b.WriteString(fill(strings.TrimRight(line, " "), width, indent) + "\n")
			line = strings.Repeat(" ", indent) + it
		}
	}
	b.WriteString(fill(line, width, indent))
	return b.String()
}

// Fill is fill, for the commands' lines around a table: line wrapped at
// spaces to width columns (100 for 0, at least 60), continued on lines
// indented by indent spaces.
func Fill(line string, width, indent int) string {
	if width <= 0 {
		width = 100
	}
	return fill(line, max(width, 60), indent)
}

func fill(line string, width, indent int) string {
	if utf8.RuneCountInString(line) <= width {
		return line
	}
	var b strings.Builder
	rest, room := line, width
	for utf8.RuneCountInString(rest) > room {
		cut, n, text := -1, 0, false
		for i, r := range rest {
			if n > room && cut > 0 {
				break
			}
			if r == ' ' && text {
				cut = i
				if n >= room {
					break
				}
			}
			text = text || r != ' '
			n++
		}
		if cut <= 0 {
			break // one long word: leave it whole
		}
		b.WriteString(strings.TrimRight(rest[:cut], " "))
		b.WriteString("\n")
		b.WriteString(strings.Repeat(" ", indent))
		rest, room = strings.TrimLeft(rest[cut:], " "), width-indent
	}
	b.WriteString(rest)
	return b.String()
}

// words says a comparison in a paragraph; objs are the private
// objectives met significantly more or less often, as said.
func words(c Comparison, sig []sigMetric, objs []string) string {
	switch {
	case c.Pairs == 1:
		return "One pair is too few to test a difference."
	case endedAlike(c):
		return fmt.Sprintf("%s and %s ended alike in all %d pairs: the same verdict, the same objectives met and the same final value of every metric, so the difference between them changed nothing here.", c.Other, c.Base, c.Pairs)
	}
	var b strings.Builder
	if c.ScenarioFilesDiffer {
		fmt.Fprintf(&b, "%s and %s were played from different scenario files, so every difference here mixes the edit with the change named. ", c.Other, c.Base)
	}
	d := c.Success.Diff.Est
	switch {
	case c.Success.Significant && d > 0:
		fmt.Fprintf(&b, "%s succeeds significantly more often than %s (%s percentage points, 95%% CI %s to %s).", c.Other, c.Base, signed(100*d, 1), signed(100*c.Success.Diff.Lo, 1), signed(100*c.Success.Diff.Hi, 1))
	case c.Success.Significant && d < 0:
		fmt.Fprintf(&b, "%s succeeds significantly less often than %s (%s percentage points, 95%% CI %s to %s).", c.Other, c.Base, signed(100*d, 1), signed(100*c.Success.Diff.Lo, 1), signed(100*c.Success.Diff.Hi, 1))
	case c.Success.Test != TestNone && c.Success.P < Alpha:
		// Below Alpha alone, not once corrected for every test shown
		// (every metric of every comparison): "no significant difference"
		// alone read as no effect beside a 13-point gap at p=0.007.
		fmt.Fprintf(&b, "No significant difference in success rate between %s and %s once Holm's correction is made for every test shown (%+.1f percentage points, %s uncorrected, %s corrected); more runs may settle it.",
			c.Other, c.Base, 100*d, fmtP(c.Success.P), fmtP(c.Success.PHolm))
	case c.Success.Diff.NA || c.Success.Diff == (Interval{}):
		fmt.Fprintf(&b, "No significant difference in success rate between %s and %s.", c.Other, c.Base)
	default:
		// With the interval: no significant difference is not no
		// difference, and with few pairs the interval says how large a
		// one the data leave open.
		iv := c.Success.Diff
		fmt.Fprintf(&b, "No significant difference in success rate between %s and %s (%s percentage points, 95%% CI %s to %s)", c.Other, c.Base, signed(100*d, 1), signed(100*iv.Lo, 1), signed(100*iv.Hi, 1))
		if max(-iv.Lo, iv.Hi) >= wideSuccessDiff {
			fmt.Fprintf(&b, ": the interval holds differences of %.0f points or more, so more runs are needed to tell", 100*wideSuccessDiff)
		}
		b.WriteString(".")
	}
	if ts := c.TrueSuccess; ts != nil && ts.Test != TestNone {
		t := ts.Diff
		switch {
		case ts.Significant:
			fmt.Fprintf(&b, " %s truly wins (an allied success with every ally's objective met) significantly %s often than %s (%s percentage points, 95%% CI %s to %s)%s.", c.Other, map[bool]string{true: "more", false: "less"}[t.Est > 0], c.Base,
				signed(100*t.Est, 1), signed(100*t.Lo, 1), signed(100*t.Hi, 1), map[bool]string{true: ", the other way from its success rate", false: ""}[t.Est*d < 0])
		case t.Est*d < 0:
			fmt.Fprintf(&b, " Its true-win rate (an allied success with every ally's objective met) goes the other way, though not significantly: %s percentage points (95%% CI %s to %s).", signed(100*t.Est, 1), signed(100*t.Lo, 1), signed(100*t.Hi, 1))
		}
	}
	if len(objs) > 0 {
		fmt.Fprintf(&b, " Under %s, private objectives are met significantly differently: %s.", c.Other, strings.Join(objs, "; "))
	}
	// The metrics that differ, largest effect first, and those whose
	// difference is significant but negligible apart: with thousands of
	// pairs nearly every metric differs significantly, and the list in
	// the metrics' order left the reader to find the ones that matter.
	sig = slices.Clone(sig)
	slices.SortStableFunc(sig, func(x, y sigMetric) int { return cmp.Compare(y.size(), x.size()) })
	var large, small []string
	for _, m := range sig {
		if m.d != nil && math.Abs(*m.d) < NegligibleD {
			small = append(small, m.text)
		} else {
			large = append(large, m.text)
		}
	}
	switch {
	case len(large) > 0:
		fmt.Fprintf(&b, " Significant metric differences under %s, largest first (d: the difference in standard deviations of one run's value): %s.", c.Other, strings.Join(large, "; "))
		if len(small) > 0 {
			fmt.Fprintf(&b, " Significant but negligible (|d| < %.1f): %s.", NegligibleD, strings.Join(small, "; "))
		}
	case len(small) > 0:
		fmt.Fprintf(&b, " Every significant metric difference under %s is negligible (|d| < %.1f, d: the difference in standard deviations of one run's value): %s.", c.Other, NegligibleD, strings.Join(small, "; "))
	default:
		b.WriteString(" No metric differs significantly.")
	}
	return b.String()
}

// wideSuccessDiff is the success-rate difference (a proportion) that an
// interval reaching it is too wide to call the arms alike: the words then
// say that more runs are needed.
const wideSuccessDiff = 0.10

// sigMetric is a significant metric difference as the words say it, with
// its effect size (nil where there is none).
type sigMetric struct {
	text string
	d    *float64
}

// size orders sigMetrics: the larger |d| first, those without one last.
func (m sigMetric) size() float64 {
	if m.d == nil {
		return -1
	}
	return math.Abs(*m.d)
}

// endedAlike reports whether every pair of a comparison ended alike:
// neither arm alone succeeded, and no metric differs in any pair.
func endedAlike(c Comparison) bool {
	if c.Success.B+c.Success.C != 0 || c.TrueSuccess != nil && c.TrueSuccess.B+c.TrueSuccess.C != 0 {
		return false
	}
	for _, o := range c.Objectives {
		if o.B+o.C != 0 {
			return false
		}
	}
	for _, vp := range c.VerdictPairs {
		if vp.From != vp.To {
			return false
		}
	}
	for _, m := range c.Metrics {
		if m.Diff.Est != 0 || m.Diff.Lo != 0 || m.Diff.Hi != 0 {
			return false
		}
	}
	return true
}

func countTests(cs []Comparison) int {
	n := 0
	for _, c := range cs {
		if c.Pairs == 0 {
			continue
		}
		if c.Success.Test != TestNone {
			n++
		}
		if c.TrueSuccess != nil && c.TrueSuccess.Test != TestNone {
			n++
		}
		for _, o := range c.Objectives {
			if o.Test != TestNone {
				n++
			}
		}
		for _, m := range c.Metrics {
			if m.Test != TestNone {
				n++
			}
		}
	}
	return n
}

func star(sig bool) string {
	if sig {
		return "  significant"
	}
	return ""
}

// rawP formats a test's p-value, "p n/a" if no test was made.
func rawP(p float64, test string) string {
	if test == TestNone {
		return "p n/a"
	}
	return fmtP(p)
}

// holmP formats a Holm-adjusted p-value, "n/a" if no test was made.
func holmP(p float64, test string) string {
	if test == TestNone {
		return "n/a"
	}
	return fmtP(p)
}

// fmtP formats a p-value with its relation, to 3 significant digits
// ("p=0.0504", "p=0.231") or "p<0.001". A value that would print as the
// 0.05 threshold without being it gets a fourth digit, so that "p=0.0500"
// is never shown for 0.04996 (significant) or 0.05004 (not).
func fmtP(p float64) string {
	if p < 0.001 {
		return "p<0.001"
	}
	v := fmt.Sprintf("%#.3g", p)
	if v == "0.0500" && p != 0.05 {
		v = fmt.Sprintf("%#.4g", p)
	}
	return "p=" + v
}

// mcNemarMethod names McNemar's test in the table, by McNemarC.Test.
var mcNemarMethod = map[string]string{TestMcNemarExact: " exact", TestMcNemarChi2: " χ²"}

// unsigned formats x to d decimals, a value that rounds to zero as 0
// ("-0.0000" read as a loss).
func unsigned(x float64, d int) string {
	v := fmt.Sprintf("%.*f", d, x)
	if strings.Trim(v, "-0.") == "" {
		return strings.TrimPrefix(v, "-")
	}
	return v
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
