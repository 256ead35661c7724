package main

import (
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"strconv"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/batch"
	"lattice/tui"
)

// sessionFromBatch rebuilds run runID of a batch written with --out FILE
// (CSV or JSONL rows, and the manifest beside them): the scenario as the
// manifest names it, with the batch's difficulty and the row's variant
// overrides, the row's policies and seed. Every side is played by the AI
// (adversaries by their doctrine): a session for spectator mode. Played to
// its end, it reaches the row's hash.
func sessionFromBatch(file string, runID int) (*tui.Session, *batch.Record, error) {
	if hint := notRows(file); hint != "" {
		return nil, nil, fmt.Errorf("%s: %s", file, hint)
	}
	if st, err := os.Stat(file); err == nil && !st.Mode().IsRegular() {
		// Opening a named pipe waited for a writer, past Ctrl-C.
		return nil, nil, fmt.Errorf("%s: not a regular file (%s): give the rows file lattice batch --out wrote", file, fileType(st.Mode()))
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read %s: %v", file, describeFileError(err))
	}
	defer f.Close()
	rr, err := batch.NewRowReader(file, f)
	if err != nil {
		return nil, nil, err
	}
	// Read a row at a time (row files can hold millions): the run's row,
	// or with per-turn rows its last one.
	var rec *batch.Record
	var r batch.Record
	rows := 0
	for {
		err := rr.Next(&r)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		rows++
		if r.RunID == runID {
			found := r
			rec = &found
		} else if rec != nil {
			break // a run's rows are consecutive
		}
	}
	if rec == nil {
		return nil, nil, fmt.Errorf("%s: no run %d (the file holds %d rows)", file, runID, rows)
	}
	man, err := batch.ReadManifest(file)
	if err != nil {
		return nil, nil, fmt.Errorf("the batch's manifest: %v (it is written beside --out FILE as %s)", describeFileError(err), batch.ManifestPath(file))
	}
	src := scenarioSource(man, rec.Scenario)
	if src == "" {
		return nil, nil, fmt.Errorf("%s: run %d plays scenario %q, which the manifest does not list", file, runID, rec.Scenario)
	}
	var ov []string
	if rec.Variant != "base" {
		var ok bool
		if ov, ok = man.Variants[rec.Variant]; !ok {
			return nil, nil, fmt.Errorf("%s: run %d plays variant %q, which the manifest does not list", file, runID, rec.Variant)
		}
	}
	comp, err := scenarios.Compile(src, man.Difficulty, ov)
	if err != nil {
		return nil, nil, err
	}
	if got := hex.EncodeToString(comp.SHA256[:]); got != rec.SHA256 {
		return nil, nil, fmt.Errorf("scenario %s has changed since the batch (SHA-256 %s, the row says %s)", src, got, rec.SHA256)
	}
	spec, err := parsePolicySpec([]string{rec.Policy})
	if err != nil {
		return nil, nil, fmt.Errorf("%s: run %d: %v", file, runID, err)
	}
	pols, err := sim.ResolvePolicies(comp, spec, "balanced", policyFile)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: run %d: %v", file, runID, err)
	}
	s, err := tui.Spectator(comp, rec.Seed, man.Difficulty, pols)
	if err != nil {
		return nil, nil, err
	}
	if written, err := scenarios.Open(src); err == nil { // compiled above: it opens
		s.SetWritten(written)
	}
	return s, rec, nil
}

// scenarioSource is the source (a built-in id or a file's path) the
// manifest gives for scenario id, "" if it lists none.
func scenarioSource(man *batch.Manifest, id string) string {
	for _, s := range man.Scenarios {
		if s.ID == id {
			return s.Source
		}
	}
	return ""
}

// batchRunArgs is the arguments of the 'lattice run' that plays run rec of
// the batch rows in file headless, as the manifest's reproduce field says
// (play --from-batch offers it without a terminal); nil if the manifest
// does not give them.
func batchRunArgs(file string, rec *batch.Record) []string {
	man, err := batch.ReadManifest(file)
	if err != nil {
		return nil
	}
	src := scenarioSource(man, rec.Scenario)
	if src == "" {
		return nil
	}
	args := []string{src, "--seed", strconv.FormatUint(rec.Seed, 10), "--policy", rec.Policy}
	if rec.Variant != "base" {
		for _, o := range man.Variants[rec.Variant] {
			args = append(args, "--set", o)
		}
	}
	if man.Difficulty != "" {
		args = append(args, "--difficulty", man.Difficulty)
	}
	return args
}
