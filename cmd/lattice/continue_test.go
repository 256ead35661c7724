package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/batch"
	"lattice/sim/journal"
)

// TestRunResumeFork covers `lattice run --resume` and `--fork` in-process.
func TestRunResumeFork(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "p.jsonl")
	game := []string{"run", "tutorial", "--seed", "3", "--policy", "rok=lookahead"}
	full := run(t, append(game, "--journal", parent)...)
	want := finalHash(t, full)

	// A finished game resumes to its end at once, with the same result.
	if r := run(t, "run", "--resume", parent); finalHash(t, r) != want {
		t.Errorf("resume of a finished game: %s", r)
	}
	// A fork without --seed plays as the parent would have.
	fork := filepath.Join(dir, "f.jsonl")
	r := run(t, "run", "--fork", parent, "--at", "2", "--journal", fork)
	if finalHash(t, r) != want || !strings.Contains(r.stderr, "fork of") {
		t.Errorf("fork with the parent's dice ends with another hash\n%s", r)
	}
	if r := run(t, "replay", fork, "--verify"); r.code != exitOK || !strings.Contains(r.stdout, want) {
		t.Errorf("replay --verify of the fork: %s", r)
	}
	j, _, err := journal.Read(fork)
	if err != nil {
		t.Fatal(err)
	}
	if j.Header.ParentTurn != 2 || !strings.HasSuffix(j.Header.Parent, "p.jsonl") {
		t.Errorf("fork header: parent %q turn %d", j.Header.Parent, j.Header.ParentTurn)
	}
	// A fork from the start with --seed S is the game with seed S.
	fork0 := filepath.Join(dir, "f0.jsonl")
	r = run(t, "run", "--fork", parent, "--at", "0", "--seed", "11", "--journal", fork0)
	if got, w := finalHash(t, r), finalHash(t, run(t, "run", "tutorial", "--seed", "11", "--policy", "rok=lookahead")); got != w {
		t.Errorf("fork at 0 with --seed 11: %s, the game with seed 11: %s", got, w)
	}
	fork5 := filepath.Join(dir, "f5.jsonl")
	if r := run(t, "run", "--fork", parent, "--at", "2", "--seed", "11", "--journal", fork5, "--format", "json"); r.code != exitOK {
		t.Errorf("fork with --seed: %s", r)
	}
	if r := run(t, "replay", fork5, "--verify"); r.code != exitOK {
		t.Errorf("replay --verify of a reseeded fork: %s", r)
	}

	for _, args := range [][]string{
		{"run", "--resume", parent, "tutorial"},
		{"run", "--resume", parent, "--fork", parent},
		{"run", "--resume", parent, "--seed", "2"},
		{"run", "--resume", parent, "--policy", "rok=balanced"},
		{"run", "--fork", parent},
		{"run", "tutorial", "--at", "2"},
	} {
		if r := run(t, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, exitUsage, r)
		}
	}
	if r := run(t, "run", "--fork", parent, "--at", "99", "--journal", filepath.Join(dir, "x.jsonl")); r.code != exitInvalid || !strings.Contains(r.stderr, "give 0 (the start) to") {
		t.Errorf("fork past the end: exit %d, want 1 and the turns that may be given\n%s", r.code, r)
	}
}

// TestPlayForkUsage: the flags of `lattice play --fork` (the interface
// itself needs a terminal; tui.TestFork plays a fork).
func TestPlayForkUsage(t *testing.T) {
	for _, args := range [][]string{
		{"play", "--fork", "x.jsonl"},
		{"play", "--at", "2"},
		{"play", "--fork", "x.jsonl", "--at", "1", "--resume", "y.jsonl"},
		{"play", "tutorial", "--fork", "x.jsonl", "--at", "1"},
	} {
		if r := run(t, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, exitUsage, r)
		}
	}
	// A negative --at is a usage error with or without a terminal; without
	// one it said only that the interface needs one.
	if r := run(t, "play", "--fork", "x.jsonl", "--at", "-1"); r.code != exitUsage || !strings.Contains(r.stderr, "--at -1: give a turn the journal records, 0 (the start) or later") {
		t.Errorf("play --fork --at -1: %s", r)
	}
}

// TestBatchFrom: Monte Carlo continuations of a journalled game.
func TestBatchFrom(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "p.jsonl")
	if r := run(t, "run", "tutorial", "--seed", "3", "--policy", "rok=lookahead", "--journal", parent); r.code != exitOK {
		t.Fatal(r)
	}
	type stats struct {
		Mean       float64  `json:"mean"`
		Percentile *float64 `json:"percentile"`
	}
	type out struct {
		Runs   int `json:"runs_per_arm"`
		Played *struct {
			Verdict string             `json:"verdict"`
			Metrics map[string]float64 `json:"metrics"`
		} `json:"played"`
		Arms []struct {
			Policy  string             `json:"policy"`
			Runs    int                `json:"runs"`
			Success batch.Interval     `json:"success"`
			Verdict map[string]float64 `json:"verdicts"`
			Share   *float64           `json:"played_verdict_share"`
			Metrics map[string]stats   `json:"metrics"`
		} `json:"arms"`
	}
	get := func(args ...string) out {
		t.Helper()
		r := run(t, append([]string{"batch", "--from", parent}, args...)...)
		if r.code != exitOK {
			t.Fatalf("%v: %s", args, r)
		}
		var o out
		if err := json.Unmarshal([]byte(r.stdout), &o); err != nil {
			t.Fatal(err)
		}
		return o
	}
	o := get("--at", "2", "--runs", "60", "--policies", "balanced,lookahead", "--format", "json")
	if o.Played == nil || len(o.Arms) != 2 {
		t.Fatalf("played %v, %d arms", o.Played, len(o.Arms))
	}
	for _, a := range o.Arms {
		sum := 0.0
		for _, v := range a.Verdict {
			sum += v
		}
		if a.Runs != 60 || sum < 0.999 || sum > 1.001 || a.Success.Lo > a.Success.Est || a.Success.Hi < a.Success.Est {
			t.Errorf("arm %s: runs %d, verdict shares sum to %v, success %+v", a.Policy, a.Runs, sum, a.Success)
		}
		if a.Share == nil || *a.Share != a.Verdict[o.Played.Verdict] {
			t.Errorf("arm %s: played verdict share %v", a.Policy, a.Share)
		}
		for id, st := range a.Metrics {
			if st.Percentile == nil || *st.Percentile < 0 || *st.Percentile > 100 {
				t.Errorf("arm %s: %s percentile %v", a.Policy, id, st.Percentile)
			}
		}
	}
	// One continuation is the fork with that replicate's seed.
	one := get("--at", "2", "--runs", "1", "--seed", "9", "--format", "json")
	fork := run(t, "run", "--fork", parent, "--at", "2", "--seed", strconv.FormatUint(sim.RunSeed(9, 0), 10), "--journal", filepath.Join(dir, "f.jsonl"), "--format", "json")
	var fr struct {
		Metrics map[string]float64 `json:"metrics"`
	}
	if err := json.Unmarshal([]byte(fork.stdout), &fr); err != nil {
		t.Fatalf("%v\n%s", err, fork)
	}
	for id, v := range fr.Metrics {
		if got := one.Arms[0].Metrics[id].Mean; got != v {
			t.Errorf("%s: the continuation ends at %v, the fork with its seed at %v", id, got, v)
		}
	}
	// ... and a continuation of another arm, the fork with that arm's
	// policies (the parent's rok played lookahead; the arm free-rider).
	other := get("--at", "2", "--runs", "1", "--seed", "9", "--policies", "free-rider", "--format", "json")
	fork = run(t, "run", "--fork", parent, "--at", "2", "--seed", strconv.FormatUint(sim.RunSeed(9, 0), 10), "--policy", other.Arms[0].Policy, "--journal", filepath.Join(dir, "g.jsonl"), "--format", "json")
	if err := json.Unmarshal([]byte(fork.stdout), &fr); err != nil {
		t.Fatalf("%v\n%s", err, fork)
	}
	differs := false
	for id, v := range fr.Metrics {
		if got := other.Arms[0].Metrics[id].Mean; got != v {
			t.Errorf("%s: the %s continuation ends at %v, the fork with --policy %s at %v", id, other.Arms[0].Policy, got, other.Arms[0].Policy, v)
		}
		differs = differs || v != one.Arms[0].Metrics[id].Mean
	}
	if !differs {
		t.Error("the free-rider continuation ends where the parent's policies do: the test proves nothing")
	}
	if r := run(t, "replay", filepath.Join(dir, "g.jsonl"), "--verify"); r.code != exitOK {
		t.Errorf("replay --verify of a fork with other policies: %s", r)
	}
	if r := run(t, "batch", "--from", parent, "--at", "2", "--runs", "20"); r.code != exitOK || !strings.Contains(r.stdout, "percentile") {
		t.Errorf("table: %s", r)
	}
	for _, args := range [][]string{
		{"batch", "--at", "2"},
		{"batch", "tutorial", "--from", parent},
		{"batch", "--from", parent, "--format", "csv"},
		{"batch", "--from", parent, "--set", "turns=3"},
		{"batch", "--from", parent, "--causes", "5"}, // it was ignored
		// Without --at it played from the start, where run --fork and
		// play --fork, and the usage line, ask for it.
		{"batch", "--from", parent, "--runs", "5"},
	} {
		if r := run(t, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, exitUsage, r)
		}
	}
	if r := run(t, "batch", "--from", parent, "--at", "5"); r.code != exitInvalid {
		t.Errorf("continuations after the end: exit %d\n%s", r.code, r)
	}
}

// TestPlayFromBatch rebuilds batch runs for spectator mode and drives each
// session headlessly to its end: it reaches the row's hash.
func TestPlayFromBatch(t *testing.T) {
	dir := t.TempDir()
	for _, form := range []string{"csv", "jsonl"} {
		out := filepath.Join(dir, "b."+form)
		if r := run(t, "batch", "tutorial", "--runs", "3", "--seed", "5", "--policies", "balanced,lookahead", "--set", "turns=4,6",
			"--difficulty", "hard", "--format", form, "--out", out); r.code != exitOK {
			t.Fatalf("batch: %s", r)
		}
		for id := 0; id < 12; id++ {
			s, rec, err := sessionFromBatch(out, id)
			if err != nil {
				t.Fatalf("%s run %d: %v", form, id, err)
			}
			for turns := 0; !s.Game.Over(); turns++ {
				if turns > 10 {
					t.Fatal("the game does not end")
				}
				s.Brief()
				if _, err := s.Adjudicate(); err != nil {
					t.Fatal(err)
				}
			}
			if got := hashHex(s.Game.Hash()); got != rec.Hash || s.Game.Turn() != rec.TurnsPlayed {
				t.Errorf("%s run %d: the session ends with hash %s after %d turns, the row says %s after %d", form, id, got, s.Game.Turn(), rec.Hash, rec.TurnsPlayed)
			}
		}
		if _, _, err := sessionFromBatch(out, 99); err == nil {
			t.Errorf("%s: run 99 of 12 was found", form)
		}
		// Without a terminal, a bad run is reported as such, not as "needs
		// a terminal"; a good one then needs the terminal (exit 2).
		if r := run(t, "play", "--from-batch", out, "--run", "99"); r.code != exitInvalid || !strings.Contains(r.stderr, "no run 99") {
			t.Errorf("%s: play --from-batch --run 99 without a terminal: %v", form, r)
		}
		if r := run(t, "play", "--from-batch", out, "--run", "1"); r.code != exitUsage || !strings.Contains(r.stderr, "terminal") {
			t.Errorf("%s: play --from-batch --run 1 without a terminal: %v", form, r)
		}
	}
	for _, args := range [][]string{
		{"play", "--from-batch", "x.csv"},
		{"play", "--run", "3"},
		{"play", "tutorial", "--from-batch", "x.csv", "--run", "1"},
	} {
		if r := run(t, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, r.code, exitUsage, r)
		}
	}
}

// TestRunForkWhenTheStateDirIsAFile: a fork with no --journal, when a file
// stands where the journals' directory should be, fails with exit 1 and
// says why (it hung: journal.NewPath looked for a free name for ever).
func TestRunForkWhenTheStateDirIsAFile(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "p.jsonl")
	if r := run(t, "run", "tutorial", "--journal", parent); r.code != exitOK {
		t.Fatal(r)
	}
	file := filepath.Join(dir, "state")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_STATE_HOME", file)
	done := make(chan result, 1)
	go func() { done <- run(t, "run", "--fork", parent, "--at", "2") }()
	select {
	case r := <-done:
		checkStreams(t, "run --fork", r)
		if r.code != exitInvalid || !strings.Contains(r.stderr, "cannot keep a journal") {
			t.Errorf("run --fork with a file for the state directory: %s", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run --fork hangs when the journal's directory cannot be made")
	}
}

// TestBatchFromSameWhateverTheWorkers: continuations play on --workers
// goroutines (they played on one); the summary is byte for byte the same
// with one worker, two, or one per CPU.
func TestBatchFromSameWhateverTheWorkers(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "taiwan-strait", "4")
	first := map[string]string{}
	for _, w := range []string{"1", "2", "0"} {
		for _, form := range []string{"json", "table"} {
			r := run(t, "batch", "--from", j, "--at", "3", "--runs", "40", "--policies", "balanced,free-rider", "--workers", w, "--format", form)
			if r.code != exitOK {
				t.Fatalf("--workers %s: %s", w, r)
			}
			if f, ok := first[form]; !ok {
				first[form] = r.stdout
			} else if r.stdout != f {
				t.Errorf("--workers %s: the %s summary differs from --workers 1's", w, form)
			}
		}
	}
}

// TestBatchFromOut: continuations write --out FILE atomically with a
// manifest beside it, as a batch does: the file holds what stdout would,
// and the manifest names the journal by the SHA-256 of its bytes, the turn
// --at, the seed, the runs and the arms. Interrupted, the file holds the
// summary of the runs played and the manifest says "complete": false; an
// --out that cannot be written fails before any work, leaving nothing.
// (--out was refused with --from, so continuations went unrecorded.)
func TestBatchFromOut(t *testing.T) {
	dir := t.TempDir()
	j := playedJournal(t, dir, "tutorial", "5")
	data, err := os.ReadFile(j)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(data)
	args := []string{"batch", "--from", j, "--at", "2", "--runs", "30", "--seed", "8", "--policies", "balanced,free-rider"}
	for _, form := range []string{"table", "json"} {
		out := filepath.Join(dir, "cont."+form)
		want := run(t, append(args, "--format", form)...)
		r := run(t, append(args, "--format", form, "--out", out)...)
		if r.code != exitOK || r.stdout != "" || r.stderr != "" {
			t.Fatalf("%s: %v", form, r)
		}
		if got, err := os.ReadFile(out); err != nil || string(got) != want.stdout {
			t.Errorf("%s: the file is not what stdout gets (%v)", form, err)
		}
		m, err := batch.ReadManifest(out)
		if err != nil {
			t.Fatal(err)
		}
		if m.From == nil || m.From.Journal != j || m.From.SHA256 != hex.EncodeToString(sum[:]) || m.From.At != 2 {
			t.Errorf("%s: from %+v", form, m.From)
		}
		if !m.Complete || m.Seed != 8 || m.Runs != 30 || m.TotalRuns != 60 || m.RunsInFile != 60 || m.Format != form ||
			len(m.Arms) != 2 || m.Arms[1].Policy != "rok=free-rider,us=free-rider" || len(m.Scenarios) != 1 || m.Scenarios[0].ID != "tutorial" ||
			!strings.Contains(m.Reproduce, "--fork") || !slices.Contains(m.Args, "--out") {
			t.Errorf("%s: manifest %+v", form, m)
		}
		// It is a summary, and merge and compare say so.
		if r := run(t, "compare", out); r.code != exitInvalid || !strings.Contains(r.stderr, "summary") {
			t.Errorf("compare %s: %v", form, r)
		}
	}

	// Interrupted before any continuation: exit 130, the file and its
	// manifest say so.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(dir, "stopped.json")
	r := runCtx(t, ctx, append(args, "--format", "json", "--out", out)...)
	if r.code != exitInterrupted || !strings.Contains(r.stderr, "interrupted") {
		t.Fatalf("interrupted: %v", r)
	}
	var got struct {
		Complete bool `json:"complete"`
		Arms     []struct {
			Runs    int `json:"runs"`
			Planned int `json:"runs_planned"`
		} `json:"arms"`
	}
	if data, err := os.ReadFile(out); err != nil || json.Unmarshal(data, &got) != nil || got.Complete || len(got.Arms) != 2 || got.Arms[0].Planned != 30 {
		t.Errorf("interrupted: %+v (%v)", got, err)
	}
	if m, err := batch.ReadManifest(out); err != nil || m.Complete || m.RunsInFile != 0 {
		t.Errorf("interrupted manifest: %+v (%v)", m, err)
	}

	// An --out that cannot be written fails first and leaves nothing.
	bad := filepath.Join(dir, "no-such-dir", "cont.txt")
	if r := run(t, append(args, "--out", bad)...); r.code != exitInvalid || !strings.Contains(r.stderr, "--out") {
		t.Errorf("unwritable --out: %v", r)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "no-such-dir*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestContinuationTableComponentDecimals: the continuations' table shows a
// factor of deterrence (0–1) to 4 decimals, as the batch table does, and
// the 0–100 metrics to 2; at 2 a played capability of 0.7833 and a median
// of 0.7749 both read 0.78, though 63 percentiles apart.
func TestContinuationTableComponentDecimals(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "tutorial", "5")
	comp, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, "batch", "--from", j, "--at", "2", "--runs", "20")
	if r.code != exitOK {
		t.Fatal(r)
	}
	seen := 0
	for _, mt := range comp.Metrics {
		want := `\d\.\d\d$`
		if mt.Component {
			want = `\d\.\d{4}$`
		}
		rx := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(truncName(mt.Name, 20)) + ` .*`)
		line := rx.FindString(r.stdout)
		fields := strings.Fields(strings.TrimPrefix(line, "  "+truncName(mt.Name, 20)))
		if len(fields) != 6 {
			t.Fatalf("%s: line %q", mt.ID, line)
		}
		for _, f := range fields[:5] { // mean, p5, p50, p95, played
			if !regexp.MustCompile(want).MatchString(f) {
				t.Errorf("%s: %q in %q, want %s", mt.ID, f, line, want)
			}
		}
		if mt.Component {
			seen++
		}
	}
	if seen == 0 {
		t.Fatal("the tutorial has no factor of deterrence to check")
	}
}

// TestContinuationJSONRounded: the continuations' json gives each metric's
// mean, percentiles and the played game's percentile to at most 12
// significant digits, as a batch's json gives its means: a mean summed in
// binary read 0.7775070000000001.
func TestContinuationJSONRounded(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "taiwan-strait", "7")
	r := run(t, "batch", "--from", j, "--at", "4", "--runs", "100", "--policies", "balanced,free-rider", "--format", "json")
	var got struct {
		Arms []struct {
			Metrics map[string]map[string]float64 `json:"metrics"`
		} `json:"arms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); r.code != exitOK || err != nil || len(got.Arms) != 2 {
		t.Fatalf("%v (%v)", r, err)
	}
	n := 0
	for _, a := range got.Arms {
		for id, st := range a.Metrics {
			for k, v := range st {
				if digits := strings.TrimLeft(strings.NewReplacer(".", "", "-", "").Replace(strconv.FormatFloat(v, 'f', -1, 64)), "0"); len(digits) > 12 {
					t.Errorf("%s %s = %v: more than 12 significant digits", id, k, v)
				}
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no metric figures")
	}
}

// TestContinuationsShowProgress: continuations draw the progress bar on a
// terminal's stderr, as a batch does, and end with how many ran how fast;
// they drew nothing, though lookahead continuations take minutes. On a
// pipe they write nothing on stderr.
func TestContinuationsShowProgress(t *testing.T) {
	j := playedJournal(t, t.TempDir(), "tutorial", "5")
	args := []string{"batch", "--from", j, "--at", "2", "--runs", "30", "--policies", "balanced,free-rider"}
	if r := run(t, args...); r.code != exitOK || r.stderr != "" {
		t.Fatalf("on a pipe: %v", r)
	}
	tty, out := openPTY(t, 0)
	var stdout bytes.Buffer
	e := &env{stdout: &stdout, stderr: tty, stdin: strings.NewReader(""), getenv: func(string) string { return "" }}
	if code := runMain(context.Background(), e, args); code != exitOK {
		t.Fatalf("exit %d", code)
	}
	wants := []string{"60/60 runs", "60 continuations in"}
	seen := out.until(wants...)
	for _, want := range wants {
		if !strings.Contains(seen, want) {
			t.Errorf("stderr on a terminal lacks %q:\n%q", want, seen)
		}
	}
}

// playedJournal plays scenario with seed to its end, with the AI on every
// side, journalled in dir, and returns the journal's path.
func playedJournal(t *testing.T, dir, scenario, seed string) string {
	t.Helper()
	j := filepath.Join(dir, "game.jsonl")
	if r := run(t, "run", scenario, "--seed", seed, "--journal", j); r.code != exitOK {
		t.Fatal(r)
	}
	return j
}
