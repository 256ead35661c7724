package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"lattice/scenarios"
	"lattice/sim"
)

// fileKind is what a file lattice wrote holds, told from its first bytes,
// so that one given where another kind goes (a game journal to run, batch
// rows to replay) is named for what it is, with the command that reads it.
type fileKind int

const (
	kindUnknown fileKind = iota
	kindJournal          // a game journal: {"sum":"…","rec":{"type":"header",…
	kindRows             // batch rows: csv with a run_id,scenario,… header, or jsonl {"run_id":…
	kindSchema           // the scenario format's JSON Schema, as lattice new and schema write it
)

// sniffFile returns the kind of the file at path, kindUnknown if it cannot
// be read or is none of lattice's.
func sniffFile(path string) fileKind {
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return kindUnknown // opening a FIFO would block
	}
	f, err := os.Open(path)
	if err != nil {
		return kindUnknown
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))
	switch {
	case bytes.HasPrefix(head, []byte(`{"sum":`)) && bytes.Contains(head, []byte(`"rec":{"type":"header"`)):
		return kindJournal
	case bytes.HasPrefix(head, []byte("run_id,scenario,")) || bytes.HasPrefix(head, []byte(`{"run_id":`)):
		return kindRows
	case bytes.HasPrefix(bytes.TrimSpace(head), []byte("{")) && bytes.Contains(head, []byte(`"$id": "https://lattice.invalid/lattice.schema.json"`)):
		return kindSchema
	}
	return kindUnknown
}

// isPolicyFile reports whether the .toml file at path is a policy file of
// fixed weights (see sim.Weights) rather than a scenario, so that validate
// gives sim.ParsePolicy's error for it and not a scenario's: it parses, has
// no format key and no table (a scenario's sections are tables), and most
// of its top-level keys are weights' or misspell one ("escalaton"), so a
// policy file with a typo is still one. A scenario always has format, so
// one with mistakes is never taken for a policy.
func isPolicyFile(path string) bool {
	data, err := readUserFile(path, maxPolicyFile, "a policy .toml file")
	if err != nil {
		return false
	}
	var top map[string]any
	if _, err := toml.Decode(string(data), &top); err != nil || len(top) == 0 {
		return false
	}
	weights, scenario := tomlKeys(reflect.TypeOf(sim.Weights{}), true), tomlKeys(reflect.TypeOf(sim.Scenario{}), false)
	policyLike := 0
	for k, v := range top {
		if isTable(v) || k == "format" {
			return false
		}
		switch {
		case slices.Contains(weights, k):
			policyLike++
		case slices.Contains(scenario, k):
			// a scenario's key (id, turns), not a weight's
		case sim.DidYouMean(k, weights) != "" && sim.DidYouMean(k, scenario) == "":
			policyLike++ // a weight misspelt
		}
	}
	return 2*policyLike > len(top)
}

// parsePolicyFile is sim.ParsePolicy of the policy file name's data, but a
// scenario given for one (it has a format key) is named as such, where the
// TOML decoder's "incompatible types: TOML value has type map[string]any"
// at the scenario's first table was passed on.
func parsePolicyFile(name string, data []byte) (sim.Policy, error) {
	var top map[string]any
	if _, err := toml.Decode(string(data), &top); err == nil {
		if _, ok := top["format"]; ok {
			return nil, fmt.Errorf("%s is a scenario, not a policy file: a policy file holds an AI's fixed weights (see Weights in sim/policy.go); give a scenario as the command's SCENARIO", name)
		}
	}
	return sim.ParsePolicy(name, data)
}

// isTable reports whether a decoded TOML value is a table or an array
// holding one.
func isTable(v any) bool {
	switch v := v.(type) {
	case map[string]any, []map[string]any:
		return true
	case []any:
		return slices.ContainsFunc(v, isTable)
	}
	return false
}

// tomlKeys returns the TOML keys of struct type t's fields; with tables
// false, only those of fields that are not tables (structs) or arrays of
// them.
func tomlKeys(t reflect.Type, tables bool) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		k, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if k == "" || k == "-" {
			continue
		}
		if ft := f.Type; !tables && (ft.Kind() == reflect.Struct || ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct) {
			continue
		}
		keys = append(keys, k)
	}
	return keys
}

// scenarioPolicyFiles checks the policy files the valid scenario s (c
// compiled, from file) names in its sides' policy keys, as written and at each
// difficulty level that sets one: each must exist, beside the scenario
// when its path is relative, and parse. Its error is a sim.ErrorList naming
// each key; nil if all are good.
func scenarioPolicyFiles(file string, s *sim.Scenario, c *sim.Compiled) error {
	var errs sim.ErrorList
	seen := map[string]bool{}
	add := func(err error, rename func(*sim.Error)) {
		var el sim.ErrorList
		if !errors.As(err, &el) {
			if err != nil {
				errs.Add(&sim.Error{File: file, Msg: err.Error()})
			}
			return
		}
		for _, e := range el {
			if rename != nil {
				rename(e)
			}
			if !seen[e.Error()] {
				seen[e.Error()] = true
				errs.Add(e)
			}
		}
	}
	_, err := sim.ResolvePolicies(c, nil, "balanced", policyFile)
	add(err, nil)
	for _, d := range s.Difficulty {
		var keys []string
		for k := range d.Set {
			if strings.HasPrefix(k, "side.") && strings.HasSuffix(k, ".policy") {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 {
			continue
		}
		ls, err := s.WithDifficulty(d.ID)
		if err != nil {
			continue // Compile has reported it
		}
		lc, err := sim.Compile(ls)
		if err != nil {
			continue
		}
		_, err = sim.ResolvePolicies(lc, nil, "balanced", policyFile)
		add(err, func(e *sim.Error) {
			if slices.Contains(keys, e.Path) { // the level set it: name its key
				e.Path, e.Line, e.Col = "difficulty."+d.ID+".set."+e.Path, 0, 0
			}
		})
	}
	return errs.Err()
}

// notAScenario says what the file at path is and which command reads it,
// if it is a journal, batch rows, the schema or a policy file given where a
// scenario goes; else "".
func notAScenario(path string) string {
	q := sim.ShellQuote(path)
	if strings.HasSuffix(path, ".toml") && isPolicyFile(path) {
		// Its weights were each an unknown key or a table expected.
		return "a policy file (fixed weights), not a scenario: an AI side plays it, as in 'lattice run SCENARIO --policy SIDE=" + q + "'"
	}
	switch sniffFile(path) {
	case kindJournal:
		return "a game journal, not a scenario: 'lattice play --resume " + q + "' (or 'lattice run --resume', headless) plays it on, 'lattice replay " + q + "' re-plays it"
	case kindRows:
		return "batch rows, not a scenario: 'lattice compare " + q + "' compares their arms, 'lattice merge' joins shards"
	case kindSchema:
		// lattice new writes it beside the scenario: "lattice validate *"
		// gave a TOML syntax error at its first brace.
		return "the JSON Schema of the scenario format, not a scenario: editors read it through a scenario's first line (#:schema ./lattice.schema.json); validate the .toml files"
	}
	return ""
}

// notAJournal says what path is, if it is batch rows or a scenario given
// where a game journal goes; else "".
func notAJournal(path string) string {
	switch sniffFile(path) {
	case kindRows:
		return "batch rows, not a game journal: 'lattice play --from-batch " + sim.ShellQuote(path) + " --run RUN_ID' shows one run; 'lattice compare' compares their arms"
	case kindJournal:
		return ""
	}
	if _, err := os.Stat(path); (err == nil && strings.HasSuffix(path, ".toml")) || (err != nil && slices.Contains(scenarios.IDs(), path)) {
		if isPolicyFile(path) {
			return "a policy file (fixed weights), not a game journal: an AI side plays it, as in 'lattice run SCENARIO --policy SIDE=" + sim.ShellQuote(path) + "'"
		}
		return "a scenario, not a game journal: 'lattice run " + sim.ShellQuote(path) + " --journal FILE' plays it and writes its journal to FILE"
	}
	return ""
}

// notRows says what path is, if it is a game journal, a scenario or a
// policy file given where batch rows go; else "".
func notRows(path string) string {
	q := sim.ShellQuote(path)
	if sniffFile(path) == kindJournal {
		return "a game journal, not batch rows: 'lattice replay " + q + "' re-plays it, 'lattice batch --from " + q + " --at TURN' plays continuations of it"
	}
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() && strings.HasSuffix(path, ".toml") {
		// It said "not a batch CSV file: the header should begin run_id,…".
		if isPolicyFile(path) {
			return "a policy file (fixed weights), not batch rows: 'lattice batch SCENARIO --policies balanced," + q + " --out rows.csv' plays it against balanced"
		}
		return "a scenario, not batch rows: 'lattice batch " + q + " --out rows.csv' plays it and writes its rows"
	}
	return ""
}

// journalFileError is err, an error reading the journal at path, or if
// path is not a journal at all, what it is and which command reads it.
func journalFileError(path string, err error) error {
	if hint := notAJournal(path); hint != "" {
		return errors.New(sim.Sanitize(path, false) + ": " + hint)
	}
	return err
}
