package batch

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
)

// ParseShard works out which shard this process runs: from spec ("I/N",
// I from 0) if given; else from a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX, with count from --shard-count); else from a Slurm
// array job (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN,
// SLURM_ARRAY_TASK_STEP, SLURM_ARRAY_TASK_COUNT). No spec and no such
// environment means one shard. source says where the answer came from.
func ParseShard(spec string, count int, getenv func(string) string) (shard, shards int, source string, err error) {
	if count < 0 {
		return 0, 0, "", fmt.Errorf("--shard-count %d: give the number of shards, 1 or more", count)
	}
	if spec != "" {
		i, n, ok := strings.Cut(spec, "/")
		if !ok {
			return 0, 0, "", fmt.Errorf("--shard %q: expected I/N, for example 0/4 (I counts from 0)", spec)
		}
		shard, err1 := strconv.Atoi(strings.TrimSpace(i))
		shards, err2 := strconv.Atoi(strings.TrimSpace(n))
		if err1 != nil || err2 != nil || shards < 1 || shard < 0 || shard >= shards {
			return 0, 0, "", fmt.Errorf("--shard %q: expected I/N with 0 ≤ I < N, for example 0/4", spec)
		}
		if count > 0 && count != shards {
			return 0, 0, "", fmt.Errorf("--shard %q says %d shards but --shard-count %d: give one of them (--shard-count goes with JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)", spec, shards, count)
		}
		return shard, shards, "--shard", nil
	}
	if v := getenv("JOB_COMPLETION_INDEX"); v != "" {
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 {
			return 0, 0, "", fmt.Errorf("JOB_COMPLETION_INDEX=%q is not a shard index", v)
		}
		if count < 1 {
			return 0, 0, "", fmt.Errorf("JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job): give the number of shards with --shard-count N (the Job's completions), or --shard 0/1 to play the whole batch here")
		}
		if i >= count {
			return 0, 0, "", fmt.Errorf("JOB_COMPLETION_INDEX=%d is not below --shard-count %d", i, count)
		}
		return i, count, "JOB_COMPLETION_INDEX", nil
	}
	if v := getenv("SLURM_ARRAY_TASK_ID"); v != "" {
		id, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || id < 0 {
			return 0, 0, "", fmt.Errorf("SLURM_ARRAY_TASK_ID=%q is not a task id (a whole number, 0 or more)", v)
		}
		num := func(name string, def int) (int, error) {
			s := getenv(name)
			if s == "" {
				return def, nil
			}
			// Slurm's ids, steps and counts are never negative; one that
			// is would overflow id-lo below.
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 0 {
				return 0, fmt.Errorf("%s=%q is not a whole number, 0 or more", name, s)
			}
			return n, nil
		}
		lo, err := num("SLURM_ARRAY_TASK_MIN", 0)
		if err != nil {
			return 0, 0, "", err
		}
		step, err := num("SLURM_ARRAY_TASK_STEP", 1)
		if err != nil {
			return 0, 0, "", err
		}
		n, err := num("SLURM_ARRAY_TASK_COUNT", count)
		if err != nil {
			return 0, 0, "", err
		}
		if count > 0 {
			n = count
		}
		if n == 0 && getenv("SLURM_ARRAY_TASK_COUNT") == "" {
			return 0, 0, "", fmt.Errorf("SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT: give the number of shards with --shard-count N (the array's size), or --shard 0/1 to play the whole batch here")
		}
		if step < 1 || n < 1 || id < lo || (id-lo)%step != 0 || (id-lo)/step >= n {
			return 0, 0, "", fmt.Errorf("SLURM_ARRAY_TASK_ID=%d does not fit an array of %d tasks from %d in steps of %d", id, n, lo, step)
		}
		return (id - lo) / step, n, "SLURM_ARRAY_TASK_ID", nil
	}
	if count > 1 {
		return 0, 0, "", fmt.Errorf("--shard-count %d needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the environment (or use --shard I/N)", count)
	}
	return 0, 1, "", nil
}

// Manifest describes a batch output file: enough to reproduce every row
// and to check a set of shards is complete.
type Manifest struct {
	Lattice string `json:"lattice_version"`
	// Build names the build of lattice that wrote the file (nil in the
	// manifests of an older lattice).
	Build *ManifestBuild `json:"build,omitempty"`
	// Fingerprint is how the batch's canary games ended (rows written
	// with --out; nil in the manifests of an older lattice): the same in
	// every shard made by builds that play alike.
	Fingerprint *ManifestFingerprint `json:"fingerprint,omitempty"`
	// FileSHA256 is the hex SHA-256 of the file the manifest describes, as
	// written (the rows, or a summary): merge and compare check the rows
	// against it. Empty in the manifests of an older lattice.
	FileSHA256 string             `json:"file_sha256,omitempty"`
	Engine     string             `json:"engine_version"`
	Go         string             `json:"go_version"`
	Args       []string           `json:"args"`
	Seed       uint64             `json:"master_seed"`
	Runs       int                `json:"runs_per_arm"`
	TotalRuns  int                `json:"total_runs"`
	Shard      int                `json:"shard"`
	Shards     int                `json:"shards"`
	RunsInFile int                `json:"runs_in_file"`
	Complete   bool               `json:"complete"`
	Format     string             `json:"format"`
	PerTurn    bool               `json:"per_turn"`
	Difficulty string             `json:"difficulty,omitempty"`
	Scenarios  []ManifestScenario `json:"scenarios"`
	// PolicyFiles are the policy .toml files the arms play, in the order
	// first read: a file edited between shards makes another batch.
	PolicyFiles []ManifestFile      `json:"policy_files,omitempty"`
	Variants    map[string][]string `json:"variants"` // variant id → --set overrides
	Arms        []ManifestArm       `json:"arms"`
	// Causes holds, for a shard's rows, per arm (by index) the sums over
	// the file's runs of every metric × cause key's contributions, in the
	// engine's fixed point (1/10000): rows carry no causes, and merge adds
	// the shards' to show the causes an unsharded batch's table does.
	Causes [][]int64 `json:"causes,omitempty"`
	// MergedFrom is set by lattice merge --out: each file merged, the
	// shard it holds and the arguments of the batch that wrote it, so the
	// merged manifest still says how the rows were made.
	MergedFrom []ManifestShard `json:"merged_from,omitempty"`
	// From is set for continuations (lattice batch --from): the game they
	// continue. Its file holds a summary, never rows.
	From      *ManifestFrom `json:"from,omitempty"`
	Reproduce string        `json:"reproduce"`
}

// ManifestBuild names a build of lattice: the version control revision
// it was built from and whether the tree had changes not committed (where
// the build recorded them: go build in a git checkout), else its module
// version ("(devel)" for a build outside a module download).
type ManifestBuild struct {
	Revision string `json:"vcs_revision,omitempty"`
	Modified *bool  `json:"vcs_modified,omitempty"`
	Module   string `json:"module_version,omitempty"`
	// GOOS and GOARCH are the system and architecture it was built for,
	// and Executable the SHA-256 of the executable that ran (empty where
	// it could not be read): shards played by one executable were played
	// by one build.
	GOOS       string `json:"goos,omitempty"`
	GOARCH     string `json:"goarch,omitempty"`
	Executable string `json:"executable_sha256,omitempty"`
}

// Identified reports whether b names its source: a version control
// revision without changes not committed, or a module version other than
// "(devel)" (a build outside a module download).
func (b *ManifestBuild) Identified() bool {
	if b.Revision != "" {
		return b.Modified == nil || !*b.Modified
	}
	return b.Module != "" && b.Module != "(devel)"
}

// ManifestFingerprint is a batch's behavioural fingerprint: the SHA-256
// of how its canary games ended (Canaries, Fingerprint), made as Scheme
// says.
type ManifestFingerprint struct {
	Scheme int    `json:"scheme"`
	Games  int    `json:"canary_games"`
	SHA256 string `json:"sha256"`
}

// ManifestShard is one file lattice merge joined.
type ManifestShard struct {
	File  string   `json:"file"`
	Shard int      `json:"shard"`
	Args  []string `json:"args"`
}

// ManifestFrom names the journalled game that continuations start from:
// the journal as read (its path and the SHA-256 of its bytes, which hold
// the scenario, the seed, the policies and every turn played) and the turn
// after which they start. The manifest's one scenario is then named by the
// file name the journal records, its text being in the journal.
type ManifestFrom struct {
	Journal string `json:"journal"`
	SHA256  string `json:"sha256"`
	At      int    `json:"at"`
}

// ManifestScenario names a scenario and its source hash.
type ManifestScenario struct {
	ID     string `json:"id"`
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
}

// ManifestFile names a file an arm reads and the SHA-256 of its bytes.
type ManifestFile struct {
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
}

// ManifestArm is one arm: run ids arm×runs_per_arm … (arm+1)×runs_per_arm−1.
type ManifestArm struct {
	Index    int    `json:"index"`
	Scenario string `json:"scenario"`
	Variant  string `json:"variant"`
	Policy   string `json:"policy"`
}

// ManifestPath returns the path of the manifest beside an output file.
func ManifestPath(out string) string { return out + ".manifest.json" }

// maxManifest is the largest manifest read, in bytes: far beyond the
// manifest of any batch (10,000 variants of a few arms each take a few MB).
const maxManifest = 64 << 20

// ReadManifest reads the manifest beside an output file, if there is one.
// A missing manifest is an error wrapping fs.ErrNotExist. One that is not
// a regular file (a named pipe would block, a device never end) or is over
// 64 MB is refused unread.
func ReadManifest(out string) (*Manifest, error) {
	p := ManifestPath(out)
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a batch manifest: not a regular file", p)
	}
	if st.Size() > maxManifest {
		return nil, fmt.Errorf("%s: not a batch manifest: %d bytes, over %d MB", p, st.Size(), maxManifest>>20)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxManifest+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, err)
	}
	if len(data) > maxManifest {
		return nil, fmt.Errorf("%s: not a batch manifest: over %d MB", p, maxManifest>>20)
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: not a batch manifest: %v", ManifestPath(out), err)
	}
	if why := m.check(); why != "" {
		return nil, fmt.Errorf("%s: not a batch manifest: %s", ManifestPath(out), why)
	}
	return &m, nil
}

// check says what in m's counts no batch writes (an edited or damaged
// manifest): a merge of shards whose manifests said total_runs -5 went
// through, and wrote a manifest of 0 runs over the rows of 20.
func (m *Manifest) check() string {
	switch {
	case m.Runs < 1 || m.Runs > MaxRuns:
		return fmt.Sprintf("runs_per_arm %d is not a number of runs (1 to %d)", m.Runs, MaxRuns)
	case m.TotalRuns < 1:
		return fmt.Sprintf("total_runs %d is not a number of runs (1 or more)", m.TotalRuns)
	case len(m.Arms) > 0 && (m.Runs > m.TotalRuns || m.TotalRuns/len(m.Arms) != m.Runs || m.TotalRuns%len(m.Arms) != 0):
		return fmt.Sprintf("total_runs %d is not runs_per_arm %d times its %d arms", m.TotalRuns, m.Runs, len(m.Arms))
	case m.Shards < 1 || m.Shard < 0 || m.Shard >= m.Shards:
		return fmt.Sprintf("shard %d of %d is not a shard (0 ≤ shard < shards)", m.Shard, m.Shards)
	case m.Shards > m.TotalRuns:
		// No batch writes one (it refuses --shard I/N with N over its
		// runs); merge would list millions of empty shards missing.
		return fmt.Sprintf("shards %d is more than total_runs %d (lattice batch splits its runs into at most one shard a run)", m.Shards, m.TotalRuns)
	case m.RunsInFile < 0 || m.RunsInFile > m.TotalRuns:
		return fmt.Sprintf("runs_in_file %d is not between 0 and total_runs %d", m.RunsInFile, m.TotalRuns)
	}
	return ""
}

// MergeRecords checks that the records from several shard files cover
// every run exactly once and returns them in run order. total is the
// number of runs expected (0 if unknown: then the runs must be 0..max).
func MergeRecords(recs []Record, perTurn bool, total int) ([]Record, error) {
	sort.SliceStable(recs, func(i, j int) bool {
		if recs[i].RunID != recs[j].RunID {
			return recs[i].RunID < recs[j].RunID
		}
		return recs[i].Turn < recs[j].Turn
	})
	seen := 0
	for i := range recs {
		r := &recs[i]
		if i > 0 && recs[i-1].RunID == r.RunID {
			if !perTurn || recs[i-1].Turn == r.Turn {
				return nil, fmt.Errorf("run %d appears more than once (is a shard file given twice, or were two shards run with the same index?)", r.RunID)
			}
			continue
		}
		if r.RunID != seen {
			return nil, missingErrorf("run %d is missing (a shard file is missing or incomplete)", seen)
		}
		seen++
	}
	if total > 0 && seen != total {
		return nil, missingErrorf("runs %d to %d are missing (a shard file is missing or incomplete): the batch has %d runs", seen, total-1, total)
	}
	return recs, nil
}
