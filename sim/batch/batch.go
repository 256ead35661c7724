// Package batch runs many seeded games of one or more scenarios, policies
// and parameter variants, on several workers and, if need be, in shards on
// several machines, and summarises them with statistics.
//
// A batch is a list of arms (scenario × variant × policy) each played for
// the same replicates. Replicate r's run seed is sim.RunSeed(master, r) in
// every arm, so arms are compared on common random numbers. Rows come out
// in run order whatever the number of workers or shards, so outputs are
// byte-identical. The package never touches a terminal.
package batch

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"lattice/sim"
)

// Arm is one combination of scenario, variant and policy.
type Arm struct {
	Index     int
	Scenario  string // scenario id
	SHA256    string // hex SHA-256 of the scenario source
	Variant   string // "base", or "v1", "v2", … for --set combinations
	Overrides []string
	Policy    string // as --policy accepts it: "rok=balanced,us=balanced"
	Compiled  *sim.Compiled
	Policies  []sim.Policy // by side; nil for adversaries
}

// MaxRuns bounds the replicates per arm (--runs), and so the replicate
// numbers a row file may carry.
const MaxRuns = 100_000_000

// Config is a batch: arms, replicates, master seed and which shard to run.
type Config struct {
	Arms    []*Arm
	Runs    int    // replicates per arm
	Seed    uint64 // master seed
	Workers int    // 0: one per CPU
	Shard   int    // this shard, 0-based
	Shards  int    // number of shards; 0 or 1 for none
	PerTurn bool   // also record each turn's metrics
	Causes  bool   // tally the ledger by cause for summaries
	// Progress, if set, is called from one goroutine with runs done and
	// runs in this shard, at most every chunk.
	Progress func(done, total int)
}

// Total returns the number of runs in the whole batch (every shard).
func (c *Config) Total() int { return len(c.Arms) * c.Runs }

// RunOf returns the arm and replicate of run index i: runs are numbered
// arm by arm, replicates in order.
func (c *Config) RunOf(i int) (arm, replicate int) { return i / c.Runs, i % c.Runs }

// ArmRuns returns about how many runs of each arm this shard plays (at most
// one more than it does), for sizing per-arm storage.
func (c *Config) ArmRuns() int {
	if c.Shards <= 1 {
		return c.Runs
	}
	return (c.Runs+c.Shards-1)/c.Shards + 1
}

// shardSize returns how many runs this shard plays: every Shards-th run
// starting at Shard, so shards get balanced mixes of arms. The list is
// never built, so memory does not grow with --runs.
func (c *Config) shardSize() int {
	n := max(c.Shards, 1)
	if c.Shard >= c.Total() {
		return 0
	}
	return (c.Total() - c.Shard + n - 1) / n
}

// shardRun returns the run index of this shard's i-th run.
func (c *Config) shardRun(i int) int { return c.Shard + i*max(c.Shards, 1) }

// Row is the result of one run, or of one turn of a run.
type Row struct {
	Run         int
	Arm         *Arm
	Replicate   int
	Seed        uint64
	TurnsPlayed int
	End         int // index of the end reached
	Success     bool
	Metrics     []sim.Fix   // final values, in the scenario's metric order
	Turns       [][]sim.Fix // with PerTurn: each turn's values
	Hash        uint64
	// Objectives has bit s set if allied side s has a private objective
	// and met it as the game ended (sim.Game.ObjectiveMet).
	Objectives uint64
}

// Verdict returns the id of the end reached.
func (r *Row) Verdict() string { return r.Arm.Compiled.Ends[r.End].ID }

// Sink receives rows in run order.
type Sink interface {
	Row(r *Row) error
}

// ErrInterrupted is returned by Run when its context was cancelled; the
// rows before the interruption were delivered.
var ErrInterrupted = errors.New("interrupted")

const chunkSize = 64

type chunk struct {
	index       int
	rows        []Row
	causes      [][]int64 // per arm: metric × cause key sums (nil if unused)
	err         error
	interrupted bool // the context was cancelled before every run was played
}

// Run plays the configured shard and hands every row, in run order, to
// each sink, and cause tallies to tally (may be nil). It returns the
// number of runs delivered.
func Run(ctx context.Context, cfg *Config, tally *Tally, sinks ...Sink) (int, error) {
	if cfg.Runs < 1 {
		return 0, errors.New("runs must be at least 1")
	}
	if len(cfg.Arms) == 0 {
		return 0, errors.New("no arms to run")
	}
	if cfg.Shards > 1 && (cfg.Shard < 0 || cfg.Shard >= cfg.Shards) {
		return 0, fmt.Errorf("shard %d is not in 0..%d", cfg.Shard, cfg.Shards-1)
	}
	size := cfg.shardSize()
	nChunks := (size + chunkSize - 1) / chunkSize
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(nChunks, 1))

	var next atomic.Int64
	results := make(chan *chunk, 2*workers)
	window := make(chan struct{}, 4*workers) // chunks in flight: bounds memory
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := newWorker(cfg)
			for {
				select {
				case window <- struct{}{}:
				case <-ctx.Done():
					return
				}
				k := int(next.Add(1) - 1)
				if k >= nChunks || ctx.Err() != nil {
					<-window
					return
				}
				lo, hi := k*chunkSize, min((k+1)*chunkSize, size)
				runs := make([]int, hi-lo)
				for i := range runs {
					runs[i] = cfg.shardRun(lo + i)
				}
				results <- wk.play(ctx, k, runs)
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]*chunk{}
	want, done := 0, 0
	var firstErr error
	for ch := range results {
		pending[ch.index] = ch
		for {
			c, ok := pending[want]
			if !ok {
				break
			}
			delete(pending, want)
			want++
			<-window
			if firstErr != nil {
				continue
			}
			if c.err != nil {
				firstErr = c.err
				cancel()
				continue
			}
			for i := range c.rows {
				for _, s := range sinks {
					if err := s.Row(&c.rows[i]); err != nil {
						firstErr = err
						cancel()
						break
					}
				}
				if firstErr != nil {
					break
				}
				if tally != nil {
					tally.Runs[c.rows[i].Arm.Index]++
				}
				done++
			}
			if tally != nil && firstErr == nil {
				tally.add(c.causes)
			}
			if c.interrupted && firstErr == nil {
				firstErr = ErrInterrupted // its runs played were delivered; the rows stop here
			}
			if cfg.Progress != nil {
				cfg.Progress(done, size)
			}
		}
	}
	if firstErr != nil {
		return done, firstErr
	}
	if done < size {
		return done, ErrInterrupted
	}
	return done, nil
}

// worker owns one reusable Game and Orders per arm.
type worker struct {
	cfg    *Config
	games  []*sim.Game
	orders []*sim.Orders
}

func newWorker(cfg *Config) *worker {
	return &worker{cfg: cfg, games: make([]*sim.Game, len(cfg.Arms)), orders: make([]*sim.Orders, len(cfg.Arms))}
}

// play plays a chunk's runs; once ctx is done it stops between runs, keeps
// the rows of the runs played and marks the chunk interrupted, so that
// Ctrl-C waits for a run, not a chunk.
func (w *worker) play(ctx context.Context, k int, runs []int) (ch *chunk) {
	cfg := w.cfg
	ch = &chunk{index: k, rows: make([]Row, len(runs))}
	defer func() {
		if r := recover(); r != nil { // a bug in the engine must not take the batch down silently
			ch.err = fmt.Errorf("run %d: internal error: %v", runs[0], r)
		}
	}()
	if cfg.Causes {
		ch.causes = make([][]int64, len(cfg.Arms))
	}
	for i, run := range runs {
		if ctx.Err() != nil {
			ch.rows, ch.interrupted = ch.rows[:i], true
			return ch
		}
		a, rep := cfg.RunOf(run)
		arm := cfg.Arms[a]
		c := arm.Compiled
		seed := sim.RunSeed(cfg.Seed, rep)
		g := w.games[a]
		if g == nil {
			g = sim.NewGame(c, seed)
			g.SetLedger(cfg.Causes) // rows alone name no causes: spare the ledger's work
			w.games[a] = g
			w.orders[a] = c.NewOrders()
		} else {
			g.Reset(seed)
		}
		row := &ch.rows[i]
		*row = Row{Run: run, Arm: arm, Replicate: rep, Seed: seed}
		var causes []int64
		if ch.causes != nil {
			if ch.causes[a] == nil {
				ch.causes[a] = make([]int64, len(c.Metrics)*c.NumCauseKeys())
			}
			causes = ch.causes[a]
		}
		nk := c.NumCauseKeys()
		err := sim.Play(g, arm.Policies, w.orders[a], func(o *sim.Orders, r *sim.Result) {
			if causes != nil {
				for _, e := range r.Ledger {
					causes[e.Metric*nk+c.CauseKey(e)] += int64(e.Delta)
				}
			}
			if cfg.PerTurn {
				row.Turns = append(row.Turns, append([]sim.Fix(nil), r.After...))
			}
		})
		if err != nil {
			ch.err = fmt.Errorf("run %d (%s, seed %d): %v", run, arm.Scenario, seed, err)
			return ch
		}
		row.TurnsPlayed = g.Turn()
		row.End = g.End()
		row.Success = g.Success()
		row.Metrics = append([]sim.Fix(nil), g.Metrics()...)
		row.Hash = g.Hash()
		row.Objectives = 0
		for _, a := range c.Alliance() {
			if met, _ := g.ObjectiveMet(a); met {
				row.Objectives |= 1 << a
			}
		}
	}
	return ch
}

// PolicyLabel formats per-side policies as --policy accepts them.
func PolicyLabel(c *sim.Compiled, pols []sim.Policy) string {
	var parts []string
	for s, p := range pols {
		if p != nil {
			parts = append(parts, c.Sides[s].ID+"="+p.Name())
		}
	}
	return strings.Join(parts, ",")
}

// Tally sums ledger contributions by arm, metric and cause over all runs.
type Tally struct {
	Arms []*Arm
	Sums [][]int64 // per arm: metric × cause key
	Runs []int     // per arm: runs tallied
	// Starts holds per arm each metric's value at the start of a game,
	// the same in every run (the dice play no part before turn 1), so
	// that the causes can be set against the whole change.
	Starts [][]float64
}

// NewTally returns an empty tally for the arms.
func NewTally(arms []*Arm) *Tally {
	t := &Tally{Arms: arms, Sums: make([][]int64, len(arms)), Runs: make([]int, len(arms)), Starts: make([][]float64, len(arms))}
	for i, a := range arms {
		t.Sums[i] = make([]int64, len(a.Compiled.Metrics)*a.Compiled.NumCauseKeys())
		for _, v := range sim.NewGame(a.Compiled, 0).Metrics() {
			t.Starts[i] = append(t.Starts[i], v.Float())
		}
	}
	return t
}

func (t *Tally) add(causes [][]int64) {
	for a, s := range causes {
		if s == nil {
			continue
		}
		for i, v := range s {
			t.Sums[a][i] += v
		}
	}
}

// CauseMean is the mean contribution of one cause to a metric per run.
type CauseMean struct {
	ID   string  `json:"id"` // sim CauseID: "lever:combined_exercise", …
	Name string  `json:"name"`
	Side string  `json:"side"` // side id, "" if none
	Mean float64 `json:"mean"`
}

// Top returns the n causes with the largest mean contribution (by size) to
// metric m of arm a, over runs runs.
func (t *Tally) Top(a, m, n, runs int) []CauseMean {
	return t.top(a, m, n, func(k int) float64 { return sim.Fix(t.Sums[a][m*t.nk(a)+k]).Float() / float64(max(runs, 1)) })
}

// TopDiff returns the n causes whose mean contribution to metric m differs
// most (by size) between arm other (over runsOther runs) and arm base
// (runsBase): other − base. It is the batch's answer to "why do these arms
// differ?" beside a paired comparison, and nil if the arms' scenarios do
// not share their metrics and causes.
func (t *Tally) TopDiff(base, other, m, n, runsBase, runsOther int) []CauseMean {
	if t.nk(base) != t.nk(other) || len(t.Starts[base]) != len(t.Starts[other]) {
		return nil
	}
	nk := t.nk(base)
	return t.top(other, m, n, func(k int) float64 {
		return sim.Fix(t.Sums[other][m*nk+k]).Float()/float64(max(runsOther, 1)) - sim.Fix(t.Sums[base][m*nk+k]).Float()/float64(max(runsBase, 1))
	})
}

func (t *Tally) nk(a int) int { return t.Arms[a].Compiled.NumCauseKeys() }

// top returns the n causes of arm a's scenario with the largest mean (by
// size), mean(k) giving cause key k's.
func (t *Tally) top(a, m, n int, mean func(k int) float64) []CauseMean {
	c := t.Arms[a].Compiled
	var out []CauseMean
	for k := 0; k < c.NumCauseKeys(); k++ {
		v := mean(k)
		if math.Abs(v) < 5e-5 { // nothing at the rows' 4 decimals
			continue
		}
		e := c.CauseOfKey(k)
		cm := CauseMean{ID: c.CauseID(e), Name: c.CauseName(e), Mean: v}
		if e.Kind == sim.CauseAction {
			outcome := "failed"
			if e.Success {
				outcome = "succeeded"
			}
			cm.ID += "/" + outcome
			cm.Name += " " + outcome
		}
		if e.Side >= 0 && e.Side < len(c.Sides) {
			cm.Side = c.Sides[e.Side].ID
		}
		out = append(out, cm)
	}
	sortCauses(out)
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

func sortCauses(cs []CauseMean) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && abs(cs[j].Mean) > abs(cs[j-1].Mean); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
