package main

import (
	"bytes"
	"errors"
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
	}
	return kindUnknown
}

// isPolicyFile reports whether the .toml file at path is a policy file of
// fixed weights (see sim.Weights) rather than a scenario: it parses, has no
// format key and every top-level key is a weight's. A scenario always has
// format, so one with mistakes is never taken for a policy.
func isPolicyFile(path string) bool {
	data, err := readUserFile(path, maxPolicyFile, "a policy .toml file")
	if err != nil {
		return false
	}
	var top map[string]any
	if _, err := toml.Decode(string(data), &top); err != nil || len(top) == 0 {
		return false
	}
	keys := map[string]bool{}
	t := reflect.TypeOf(sim.Weights{})
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("toml"); k != "" {
			keys[k] = true
		}
	}
	for k := range top {
		if !keys[k] {
			return false
		}
	}
	return true
}

// notAScenario says what the file at path is and which command reads it,
// if it is a journal or batch rows given where a scenario goes; else "".
func notAScenario(path string) string {
	q := shellQuote(path)
	switch sniffFile(path) {
	case kindJournal:
		return "a game journal, not a scenario: 'lattice play --resume " + q + "' (or 'lattice run --resume', headless) plays it on, 'lattice replay " + q + "' re-plays it"
	case kindRows:
		return "batch rows, not a scenario: 'lattice compare " + q + "' compares their arms, 'lattice merge' joins shards"
	}
	return ""
}

// notAJournal says what path is, if it is batch rows or a scenario given
// where a game journal goes; else "".
func notAJournal(path string) string {
	switch sniffFile(path) {
	case kindRows:
		return "batch rows, not a game journal: 'lattice play --from-batch " + shellQuote(path) + " --run RUN_ID' shows one run; 'lattice compare' compares their arms"
	case kindJournal:
		return ""
	}
	if _, err := os.Stat(path); (err == nil && strings.HasSuffix(path, ".toml")) || (err != nil && slices.Contains(scenarios.IDs(), path)) {
		return "a scenario, not a game journal: 'lattice run " + shellQuote(path) + " --journal FILE' plays it and writes its journal to FILE"
	}
	return ""
}

// notRows says what path is, if it is a game journal given where batch
// rows go; else "".
func notRows(path string) string {
	if sniffFile(path) == kindJournal {
		q := shellQuote(path)
		return "a game journal, not batch rows: 'lattice replay " + q + "' re-plays it, 'lattice batch --from " + q + " --at TURN' plays continuations of it"
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
