package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
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

// TestRunSaysWhenDelayedPointsLand: a delayed lever's points are shown
// with the turn they land on, and points that would land after the last
// turn are said to have no effect (the log never said; a player saw only
// that nothing happened).
func TestRunSaysWhenDelayedPointsLand(t *testing.T) {
	c, err := scenarios.Compile("taiwan-strait", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	lever, side := -1, -1
	for l, li := range c.Levers {
		if li.Delay > 0 && li.Cost <= sim.FixInt(2) {
			for _, s := range c.Alliance() {
				if li.Sides&(1<<s) != 0 && lever < 0 {
					lever, side = l, s
				}
			}
		}
	}
	if lever < 0 {
		t.Fatal("taiwan-strait has no cheap delayed lever; pick another scenario")
	}
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 3)
	o := c.NewOrders()
	var b strings.Builder
	w := bufio.NewWriter(&b)
	for turn := 1; turn <= c.Turns && !g.Over(); turn++ {
		g.Brief()
		o.Clear()
		g.PlanSides(pols, o)
		// Balanced play, with exactly one point on the delayed lever
		// (taken from other levers until it fits).
		o.Set(side, lever, 1)
		for l := 0; g.CheckSide(o, side) != nil && l < len(c.Levers); l++ {
			if l != lever {
				o.Set(side, l, 0)
			}
		}
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		w.Reset(&b)
		b.Reset()
		writeResult(w, g, o, &r, nil, nil)
		w.Flush()
		d := c.Levers[lever].Delay
		want := fmt.Sprintf("%s 1 (lands week %d)", c.Levers[lever].Name, turn+d)
		if turn+d > c.Turns {
			want = fmt.Sprintf("%s 1 (would land week %d, after the game: no effect)", c.Levers[lever].Name, turn+d)
		}
		if !strings.Contains(b.String(), want) {
			t.Fatalf("week %d: want %q in\n%s", turn, want, b.String())
		}
		if turn+d > c.Turns {
			return
		}
	}
	t.Fatal("the game ended before a purchase could land after it")
}

// TestEventLineEndsOnce: an event's title is one sentence of the log
// line, ended once ("Who pays for the battery?", not "…battery?.").
func TestEventLineEndsOnce(t *testing.T) {
	for title, want := range map[string]string{
		"Who pays for the battery?": "Who pays for the battery?",
		"Quarantine declared":       "Quarantine declared.",
		"Ports closed!":             "Ports closed!",
		"Talks resume.":             "Talks resume.",
	} {
		if got := sentence(title); got != want {
			t.Errorf("sentence(%q) = %q, want %q", title, got, want)
		}
	}
}

// TestJournalWriteFailureSaysHowToGoOn: a journal that cannot be written
// mid-game (a full disk) stopped the run with "cannot write journal ...:
// no space left on device" and no word of the turns it keeps or how to
// play on from them.
func TestJournalWriteFailureSaysHowToGoOn(t *testing.T) {
	comp, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(comp, nil, "balanced", policyFile)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "game.jsonl")
	jw, err := startJournal(path, "tutorial", comp, "", nil, 1, pols, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(comp, 1)
	o := comp.NewOrders()
	for range 2 {
		o.Clear()
		g.PlanSides(pols, o)
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := journalTurn(jw, comp, o, &r, g); err != nil {
			t.Fatal(err)
		}
	}
	jw.Close() // every later write fails, as on a full disk
	var stdout, stderr strings.Builder
	e := &env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }}
	w := bufio.NewWriter(&stdout)
	code := playOut(context.Background(), e, w, comp, g, pols, jw, &runRecord{}, true)
	want := "the journal keeps the game to turn 2; once it can be written again, 'lattice run --resume " + sim.ShellQuote(path) + "' plays on from there"
	if code != exitInvalid || !strings.Contains(stderr.String(), want) {
		t.Errorf("exit %d, want %d and %q in:\n%s", code, exitInvalid, want, stderr.String())
	}
	// And it does.
	r := run(t, "run", "--resume", path)
	if r.code != exitOK || !strings.Contains(r.stderr+r.stdout, "Continued from journal") {
		t.Errorf("resume: %s", r)
	}
}

// The run log tags the signals of an adversary that never bluffs (thaad-
// pressure's easy level) as real by the rules, not unconfirmed; at normal
// difficulty some stay unconfirmed.
func TestRunTagsSignalsOfANonBluffingAdversary(t *testing.T) {
	for _, level := range []string{"easy", "normal"} {
		r := run(t, "run", "thaad-pressure", "--difficulty", level)
		if r.code != exitOK {
			t.Fatalf("%s", r)
		}
		real, unconfirmed := strings.Contains(r.stdout, "(real: no bluffs at this level)"), strings.Contains(r.stdout, "(unconfirmed)")
		if real != (level == "easy") || unconfirmed != (level == "normal") {
			t.Errorf("%s: real by the rules %v, unconfirmed %v", level, real, unconfirmed)
		}
	}
}

// The log says why an adversary never bluffs, as the turn screen and the
// report do (sim.NoBluffsWhy): an --set of its bluffs is no level's ("no
// bluffs in this game"), and a file that leaves them at 0 gives "this
// adversary never bluffs". It said "no bluffs at this level" for both.
func TestRunSaysWhyAnAdversaryNeverBluffs(t *testing.T) {
	src, err := fs.ReadFile(scenarios.FS(), "thaad-pressure.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "nobluff.toml")
	if err := os.WriteFile(p, bytes.Replace(src, []byte("\nbluffs = 1\n"), []byte("\nbluffs = 0\n"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"thaad-pressure", "--set", "side.prc.bluffs=0"}, "(real: no bluffs in this game)"},
		{[]string{p}, "(real: this adversary never bluffs)"},
		{[]string{p, "--difficulty", "easy"}, "(real: this adversary never bluffs)"}, // easy sets 0 where the file already has 0
	} {
		r := run(t, append([]string{"run"}, tc.args...)...)
		if r.code != exitOK || !strings.Contains(r.stdout, tc.want) || strings.Contains(r.stdout, "at this level") {
			t.Errorf("run %v: want %q and no \"at this level\": %s", tc.args, tc.want, r)
		}
	}
}

// run says why each AI ally put its points where it did: in the text log a
// "why" line under its allocation for each lever it bought, and in the
// json each turn's reasons by side and lever, the same words; a side
// played by lookahead gives the reasons of the doctrine's plan it chose,
// and which doctrine and why ("lookahead" in the json, "why:" in the
// text).
func TestRunSaysWhyTheAIAllocated(t *testing.T) {
	r := run(t, "run", "tutorial", "--seed", "7", "--format", "json", "--policy", "us=lookahead")
	if r.code != exitOK {
		t.Fatalf("%s", r)
	}
	var rec runRecord
	if err := json.Unmarshal([]byte(r.stdout), &rec); err != nil {
		t.Fatal(err)
	}
	text := run(t, "run", "tutorial", "--seed", "7", "--policy", "us=lookahead")
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tr := range rec.Turns {
		// Lookahead says instead which doctrine it kept to, in both forms.
		la, ok := tr.Lookahead["us"]
		if _, rok := tr.Lookahead["rok"]; !ok || rok {
			t.Errorf("turn %d: lookahead's choices %+v", tr.Turn, tr.Lookahead)
			continue
		}
		if !strings.Contains(text.stdout, "  why: "+la.Why+"\n") {
			t.Errorf("the text log lacks lookahead's %q", la.Why)
		}
		// The figures are the sentence's, and the doctrine chosen is the
		// one whose futures the sentence names first.
		if la.Same != (len(la.Futures) == 0) || !la.Same && !strings.HasPrefix(la.Why, "chose "+la.Doctrine+", ") {
			t.Errorf("turn %d: %+v", tr.Turn, la)
		}
		for _, f := range la.Futures {
			if f.Played != 8 || f.Won+f.Lost > f.Played || f.TrueWins > f.Won {
				t.Errorf("turn %d: futures of %s: %+v", tr.Turn, f.Doctrine, f)
			}
			if f.Doctrine == la.Doctrine && !strings.Contains(la.Why, fmt.Sprintf(": %d of %d futures won", f.Won, f.Played)) {
				t.Errorf("turn %d: %q does not give %+v", tr.Turn, la.Why, f)
			}
		}
		for _, side := range []string{"rok", "us"} { // us: the reasons of the doctrine lookahead chose
			for lever, pts := range tr.Allocations[side] {
				why := tr.Reasons[side][lever]
				if pts == 0 || why == "" {
					t.Errorf("turn %d: %s's %d points on %s have no reason", tr.Turn, side, pts, lever)
					continue
				}
				n++
				if line := "  why " + c.Levers[c.LeverIndex(lever)].Name + ": " + why + "\n"; !strings.Contains(text.stdout, line) {
					t.Errorf("the text log lacks %q", line)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no reasons checked")
	}
}
