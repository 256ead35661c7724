package main

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
	"lattice/sim/report"
	"lattice/tui"
)

// TestAssessmentAgrees: the decisions that mattered most and the adversary
// moves that hurt most are sim's ranking wherever they are shown: run's json
// lists the same as the TUI's end screen (tui.Session.KeyDecisions and
// KeyMoves) for the same game, and so do run's text and the after-action
// report of its journal.
func TestAssessmentAgrees(t *testing.T) {
	for _, seed := range []string{"1", "7"} {
		t.Run("seed "+seed, func(t *testing.T) {
			dir := t.TempDir()
			r := run(t, "run", "tutorial", "--seed", seed, "--format", "json", "--journal", filepath.Join(dir, "game.jsonl"))
			if r.code != exitOK {
				t.Fatalf("%s", r)
			}
			var rec runRecord
			if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
				t.Fatal(err)
			}
			if len(rec.KeyDecisions) == 0 || len(rec.KeyMoves) == 0 {
				t.Fatalf("run's json has no assessment: key_decisions %v, key_moves %v", rec.KeyDecisions, rec.KeyMoves)
			}

			// The same game in the TUI, every allied side played by run's default policy.
			c, err := scenarios.Compile("tutorial", "", nil)
			if err != nil {
				t.Fatal(err)
			}
			pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
			if err != nil {
				t.Fatal(err)
			}
			s := tui.NewSession(c, rec.Seed, "", make([]bool, len(c.Sides)), pols)
			for !s.Game.Over() {
				s.Brief()
				if _, err := s.Adjudicate(); err != nil {
					t.Fatal(err)
				}
			}
			if got := hashHex(s.Game.Hash()); got != rec.Hash {
				t.Fatalf("the TUI's game ends in %s, run's in %s: not the same game", got, rec.Hash)
			}
			if got := impactRecords(c, s.KeyDecisions(keyImpactCount, nil)); !reflect.DeepEqual(got, rec.KeyDecisions) {
				t.Errorf("key decisions:\nTUI %+v\nrun %+v", got, rec.KeyDecisions)
			}
			if got := impactRecords(c, s.KeyMoves(keyImpactCount)); !reflect.DeepEqual(got, rec.KeyMoves) {
				t.Errorf("key moves:\nTUI %+v\nrun %+v", got, rec.KeyMoves)
			}

			// The after-action report of run's journal lists the same, in
			// the words of the text form.
			j, warns, err := journal.Read(filepath.Join(dir, "game.jsonl"))
			if err != nil {
				t.Fatal(err)
			}
			rep, err := report.Build(j, warns, report.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var decisions, moves []string
			for _, d := range s.KeyDecisions(report.TopN, nil) {
				decisions = append(decisions, c.DescribeImpact(d))
			}
			for _, d := range s.KeyMoves(report.TopN) {
				moves = append(moves, c.DescribeImpact(d))
			}
			if !slices.Equal(rep.KeyDecisions, decisions) || !slices.Equal(rep.KeyMoves, moves) {
				t.Errorf("the report's assessment differs from the TUI's:\nreport %q\n       %q\nTUI    %q\n       %q", rep.KeyDecisions, rep.KeyMoves, decisions, moves)
			}
			text := run(t, "run", "tutorial", "--seed", seed)
			for _, line := range append(decisions, moves...) {
				if !strings.Contains(text.stdout, "\n  "+line+"\n") {
					t.Errorf("run's text lacks %q", line)
				}
			}
		})
	}
}
