package main

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"lattice/sim/batch"
)

// TestRowColumnsAreTheREADMEs: the csv header and the jsonl keys a batch
// writes are the ones the README's batch section lists, in its order,
// with --per-turn's turn after seed and the metrics after hash (in csv)
// or in "metrics" (in jsonl): a script written from the README reads the
// rows, and a column added, renamed or moved must be documented first.
func TestRowColumnsAreTheREADMEs(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, sec, _ := strings.Cut(string(data), "\n`csv` (the default when stdout is not a terminal) has one row per run:\n`")
	list, _, ok := strings.Cut(sec, "`")
	if !ok {
		t.Fatal("README: no csv column list after \"`csv` (the default …) has one row per run:\"")
	}
	doc := regexp.MustCompile(`,\s*`).Split(list, -1)
	if got := batch.Header(nil, false); strings.Join(got, ",") != strings.Join(doc, ",") {
		t.Errorf("csv header %v, README lists %v", got, doc)
	}
	seed := strings.Index(strings.Join(doc, ","), "seed,") + len("seed,")
	perTurn := strings.Join(doc, ",")[:seed] + "turn," + strings.Join(doc, ",")[seed:]
	if !strings.Contains(sec, "with a `turn`\ncolumn after `seed`") {
		t.Errorf("README no longer says where --per-turn's turn column goes")
	}
	for _, tc := range []struct {
		perTurn bool
		want    string
	}{{false, strings.Join(doc, ",")}, {true, perTurn}} {
		args := func(format string) []string {
			a := []string{"batch", "tutorial", "--runs", "1", "--format", format}
			if tc.perTurn {
				a = append(a, "--per-turn")
			}
			return a
		}
		r := run(t, args("csv")...)
		header, _, _ := strings.Cut(r.stdout, "\n")
		if r.code != 0 || !strings.HasPrefix(header, tc.want+",deterrence,") {
			t.Errorf("per-turn %v: header %q, want %q then the metrics", tc.perTurn, header, tc.want)
		}
		r = run(t, args("jsonl")...)
		line, _, _ := strings.Cut(r.stdout, "\n")
		var keys []string
		dec := json.NewDecoder(strings.NewReader(line))
		if _, err := dec.Token(); err != nil {
			t.Fatalf("jsonl %q: %v", line, err)
		}
		for dec.More() {
			k, _ := dec.Token()
			keys = append(keys, k.(string))
			var v json.RawMessage
			if err := dec.Decode(&v); err != nil {
				t.Fatalf("jsonl %q: %v", line, err)
			}
		}
		if got := strings.Join(keys, ","); got != tc.want+",metrics" {
			t.Errorf("per-turn %v: jsonl keys %s, want %s,metrics", tc.perTurn, got, tc.want)
		}
	}
}
