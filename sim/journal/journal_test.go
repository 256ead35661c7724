package journal

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"lattice/scenarios"
	"lattice/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/ from a freshly played game")

// created is the fixed creation time of the test journals.
var created = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// playJournal plays a seeded tutorial game with the default AI, as
// `lattice run tutorial --seed N --journal path` does, and returns its final
// state hash.
func playJournal(t testing.TB, path string, seed uint64, overrides ...string) string {
	t.Helper()
	c, err := scenarios.Compile("tutorial", "", overrides)
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	sides, err := Sides(c, pols, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h, err := NewHeader(Setup{Scenario: "tutorial", Compiled: c, Overrides: overrides, Seed: seed, Sides: sides, Lattice: "test", Created: created})
	if err != nil {
		t.Fatal(err)
	}
	w, err := Create(path, h)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	g := sim.NewGame(c, seed)
	o := c.NewOrders()
	err = sim.Play(g, pols, o, func(o *sim.Orders, r *sim.Result) {
		if err := w.Turn(NewTurn(c, r.Turn, o, nil, g.Hash())); err != nil {
			t.Fatal(err)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%016x", g.Hash())
}

// lines splits a journal into its lines, "\n" kept.
func lines(b []byte) []string {
	ls := strings.SplitAfter(string(b), "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	return ls
}

// reseal recomputes the checksum of a line, as a careful forger would.
func reseal(t testing.TB, line string) string {
	t.Helper()
	body := strings.TrimSuffix(strings.TrimSuffix(line, "\n"), "}")[len(envPrefix)+sumLen+len(envMiddle):]
	return envPrefix + checksum([]byte(body)) + envMiddle + body + "}\n"
}

var pointsRE = regexp.MustCompile(`"combined_exercise":(\d)`)

// corpus builds the damaged journals from a good one.
func corpus(t testing.TB, good []byte) map[string][]byte {
	t.Helper()
	ls := lines(good)
	if len(ls) < 6 {
		t.Fatalf("the good journal has %d lines, want at least 6", len(ls))
	}
	join := func(parts ...string) []byte { return []byte(strings.Join(parts, "")) }
	all := func(from, to int) string { return strings.Join(ls[from:to], "") }
	out := map[string][]byte{}

	// Line 3 (turn 2) with a digit of its orders changed, checksum left.
	m := pointsRE.FindStringSubmatchIndex(ls[2])
	if m == nil {
		t.Fatalf("turn 2 has no combined_exercise points: %s", ls[2])
	}
	d := ls[2][m[2]]
	other := byte('1')
	if d == '1' {
		other = '2'
	}
	flipped := ls[2][:m[2]] + string(other) + ls[2][m[2]+1:]
	out["flipped-digit.jsonl"] = join(all(0, 2), flipped, all(3, len(ls)))
	// The same change with the checksum recomputed: only the replay sees it.
	lower := ls[2][:m[2]] + string(d-1) + ls[2][m[2]+1:]
	out["altered-orders.jsonl"] = join(all(0, 2), reseal(t, lower), all(3, len(ls)))
	// The last line cut in half by a crash.
	last := ls[len(ls)-1]
	out["truncated.jsonl"] = join(all(0, len(ls)-1), last[:len(last)/2])
	out["empty.jsonl"] = nil
	out["foreign.json"] = []byte(`{"name": "lattice", "version": "0.1.0", "turns": [1, 2, 3]}` + "\n")
	out["text.txt"] = []byte("Dear diary,\nwe played lattice today.\n")
	out["other-engine.jsonl"] = join(reseal(t, strings.Replace(ls[0], `"engine":"`+sim.EngineVersion+`"`, `"engine":"0"`, 1)), all(1, len(ls)))
	out["duplicate-turn.jsonl"] = join(all(0, 3), ls[2], all(3, len(ls)))
	out["missing-turn.jsonl"] = join(all(0, 2), all(3, len(ls)))
	out["not-a-record.jsonl"] = join(all(0, 2), "turn 2: the usual\n", all(3, len(ls)))
	rb, _ := encodeLine(Rollback{Type: TypeRollback, Undo: 3, Reason: "the umpire ruled turn 3 void"})
	out["rollback.jsonl"] = join(all(0, len(ls)), string(rb), all(3, len(ls)))
	after := strings.Replace(ls[len(ls)-1], fmt.Sprintf(`"turn":%d,`, len(ls)-1), fmt.Sprintf(`"turn":%d,`, len(ls)), 1)
	out["turn-after-end.jsonl"] = join(all(0, len(ls)), reseal(t, after))
	whiteCellCorpus(t, out)
	// A crash tore the last turn; the game was resumed and finished.
	dir := t.TempDir()
	p := filepath.Join(dir, "resumed.jsonl")
	if err := os.WriteFile(p, out["truncated.jsonl"], 0o644); err != nil {
		t.Fatal(err)
	}
	w, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	out["resumed.jsonl"] = append(b, last...)
	return out
}

// TestGenerateCorpus writes testdata/ with -update, and otherwise checks
// that it is what the generator makes from testdata/good.jsonl.
func TestGenerateCorpus(t *testing.T) {
	goodPath := filepath.Join("testdata", "good.jsonl")
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.Remove(goodPath)
		playJournal(t, goodPath, 7)
	}
	good, err := os.ReadFile(goodPath)
	if err != nil {
		t.Fatalf("%v (run go test ./sim/journal -update to make the corpus)", err)
	}
	for name, data := range corpus(t, good) {
		p := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(p)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s is not what the generator makes from good.jsonl (run go test ./sim/journal -update)", p)
		}
	}
}

// TestCorpus reads and replays every journal of testdata/.
func TestCorpus(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	nTurns := len(lines(good)) - 1
	fresh := playJournal(t, filepath.Join(t.TempDir(), "fresh.jsonl"), 7)
	tests := []struct {
		file string
		// readErr: Read fails with an error containing it.
		readErr string
		// warn: the lines Read warns about.
		warn []int
		// replayErr: Replay fails with it (with Verify: verifyErr if set).
		replayErr, verifyErr string
		// force: read and replay with Force, after checking the refusal.
		force bool
		// turns: the number of turns a successful replay plays.
		turns int
	}{
		{file: "good.jsonl", turns: nTurns},
		{file: "flipped-digit.jsonl", readErr: "line 3: checksum mismatch"},
		{file: "altered-orders.jsonl", verifyErr: "line 3: turn 2 diverges: the journal records hash ", turns: nTurns},
		{file: "truncated.jsonl", warn: []int{nTurns + 1}, verifyErr: fmt.Sprintf("line %d: torn record", nTurns+1), turns: nTurns - 1},
		{file: "empty.jsonl", readErr: "empty file: not a lattice journal"},
		{file: "foreign.json", readErr: `line 1: not a lattice journal: expected {"sum":"…","rec":…}, found "{\"name\": \"lattice\", \"version\": \"0.1.0\", "…`},
		{file: "text.txt", readErr: `line 1: not a lattice journal: expected {"sum":"…","rec":…}, found "Dear diary,"`},
		{file: "other-engine.jsonl", readErr: "recorded by engine version 0, but this lattice has engine version " + sim.EngineVersion, force: true, turns: nTurns},
		{file: "duplicate-turn.jsonl", readErr: "line 4: turn 2 is recorded twice (first on line 3)"},
		{file: "missing-turn.jsonl", readErr: "line 3: turn 3 follows turn 1: turn 2 is missing"},
		{file: "not-a-record.jsonl", readErr: `line 3: not a journal record: expected {"sum":"…","rec":…}, found "turn 2: the usual"`},
		{file: "rollback.jsonl", turns: nTurns},
		{file: "whitecell.jsonl", turns: nTurns},
		{file: "whitecell-end.jsonl", turns: 3},
		{file: "whitecell-unknown-inject.jsonl", replayErr: `whitecell-unknown-inject.jsonl: line 3: turn 2: white-cell inject "no_such_inject": no such inject in the scenario`},
		{file: "whitecell-out-of-bounds.jsonl", replayErr: `whitecell-out-of-bounds.jsonl: line 3: turn 2: white-cell metric "cohesion": cohesion must stay within 0..100, not 150`},
		{file: "whitecell-not-real.jsonl", turns: nTurns}, // the void roll has no effect
		{file: "whitecell-turn-after-end.jsonl", readErr: "whitecell-turn-after-end.jsonl: line 4: turn 2 is recorded after the White cell ended the game on line 3; a turn is recorded after an end only if a rollback lifts it"},
		{file: "whitecell-no-reason.jsonl", readErr: "whitecell-no-reason.jsonl: line 3: whitecell record: a white-cell metric needs a reason: say why the White cell acted"},
		{file: "whitecell-undo-nothing.jsonl", readErr: "whitecell-undo-nothing.jsonl: line 3: undo in turn 2, but the White cell has no act of that turn in effect to take back"},
		{file: "whitecell-undo-added.jsonl", verifyErr: "line 5: turn 2 diverges", turns: nTurns},
		{file: "turn-after-end.jsonl", replayErr: fmt.Sprintf("line %d: turn %d: recorded after the game ended", nTurns+2, nTurns+1)},
		{file: "resumed.jsonl", warn: []int{nTurns + 1}, turns: nTurns},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", tt.file)
			j, warns, err := Read(path)
			if tt.readErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.readErr) {
					t.Fatalf("Read: error %v, want one containing %q", err, tt.readErr)
				}
				if !strings.HasPrefix(err.Error(), path+": ") {
					t.Errorf("Read: error %q does not name the file", err)
				}
				if !tt.force {
					return
				}
				var ee *EngineError
				if !errors.As(err, &ee) {
					t.Fatalf("Read: %v is not an *EngineError", err)
				}
				j, warns, err = ReadWith(path, ReadOptions{Force: true})
			}
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			var wl []int
			for _, w := range warns {
				wl = append(wl, w.Line)
			}
			if fmt.Sprint(wl) != fmt.Sprint(tt.warn) && !(len(wl) == 0 && len(tt.warn) == 0) {
				t.Errorf("Read: warnings %v, want lines %v", warns, tt.warn)
			}
			for _, verify := range []bool{false, true} {
				want := tt.replayErr
				if verify && tt.verifyErr != "" {
					want = tt.verifyErr
				}
				if tt.force {
					if _, err := Replay(j, Options{Verify: verify}); err == nil || !strings.Contains(err.Error(), "engine version 0") {
						t.Errorf("Replay without Force: error %v, want the engine refused", err)
					}
				}
				res, err := Replay(j, Options{Verify: verify, Force: tt.force})
				if want != "" {
					if err == nil || !strings.Contains(err.Error(), want) {
						t.Errorf("Replay(verify %v): error %v, want one containing %q", verify, err, want)
					}
					continue
				}
				if err != nil {
					t.Fatalf("Replay(verify %v): %v", verify, err)
				}
				if len(res.Turns) != tt.turns {
					t.Errorf("Replay(verify %v): %d turns, want %d", verify, len(res.Turns), tt.turns)
				}
				if tt.turns == nTurns && tt.file != "altered-orders.jsonl" && !strings.HasPrefix(tt.file, "whitecell") && res.Hash != fresh {
					t.Errorf("Replay(verify %v): final hash %s, a fresh game gives %s; if the rules changed on purpose, bump sim.EngineVersion and run go test ./sim/journal -update", verify, res.Hash, fresh)
				}
				if !verify && tt.file == "altered-orders.jsonl" && fmt.Sprint(res.Diverged) != fmt.Sprint(seq(2, nTurns)) {
					t.Errorf("Replay: diverged %v, want every turn from 2", res.Diverged)
				}
			}
		})
	}
}

func seq(from, to int) []int {
	var s []int
	for i := from; i <= to; i++ {
		s = append(s, i)
	}
	return s
}

// TestDivergenceNamesBothHashes checks the error of a valid-checksum
// tampering: the turn, its line and both hashes.
func TestDivergenceNamesBothHashes(t *testing.T) {
	j, _, err := Read(filepath.Join("testdata", "altered-orders.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = Replay(j, Options{Verify: true})
	var de *DivergenceError
	if !errors.As(err, &de) {
		t.Fatalf("Replay: %v, want a *DivergenceError", err)
	}
	if de.Turn != 2 || de.Line != 3 || de.Recorded != j.Entries[1].Turn.Hash || de.Replayed == de.Recorded || len(de.Replayed) != 16 {
		t.Errorf("divergence %+v", de)
	}
	for _, s := range []string{de.Recorded, de.Replayed, "rok's recorded orders are not what its policy balanced plans"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not contain %q", err, s)
		}
	}
}

// TestEveryByteIsChecked changes each byte of a turn line in turn and
// checks that the line no longer reads.
func TestEveryByteIsChecked(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	line := strings.TrimSuffix(lines(good)[2], "\n")
	if _, prob, msg := splitLine([]byte(line)); prob != lineOK {
		t.Fatalf("the good line does not read: %s", msg)
	}
	for i := range len(line) {
		for _, c := range []byte{'0', '9', 'a', ' ', '"'} {
			if line[i] == c {
				continue
			}
			bad := line[:i] + string(c) + line[i+1:]
			if _, prob, _ := splitLine([]byte(bad)); prob == lineOK {
				t.Fatalf("byte %d changed to %q is not detected: %s", i, c, bad)
			}
		}
	}
	// Dropping or adding a byte is detected too.
	for i := range len(line) {
		if _, prob, _ := splitLine([]byte(line[:i] + line[i+1:])); prob == lineOK {
			t.Fatalf("dropping byte %d is not detected", i)
		}
		if _, prob, _ := splitLine([]byte(line[:i] + " " + line[i:])); prob == lineOK {
			t.Fatalf("a space before byte %d is not detected", i)
		}
	}
	// A Windows checkout's "\r" is tolerated.
	if _, prob, msg := splitLine([]byte(line + "\r")); prob != lineOK {
		t.Errorf("a line ending in \\r: %s", msg)
	}
}

// TestRoundTrip plays, reads and replays games of several seeds.
func TestRoundTrip(t *testing.T) {
	for seed := uint64(1); seed <= 4; seed++ {
		p := filepath.Join(t.TempDir(), "g.jsonl")
		hash := playJournal(t, p, seed, "side.rok.budget=9")
		j, warns, err := Read(p)
		if err != nil || len(warns) > 0 {
			t.Fatalf("seed %d: Read: %v %v", seed, err, warns)
		}
		if j.Header.Seed != seed || j.Header.Overrides[0] != "side.rok.budget=9" || j.Header.Created != "2026-01-02T03:04:05Z" || j.Header.Lattice != "test" {
			t.Errorf("seed %d: header %+v", seed, j.Header)
		}
		res, err := Replay(j, Options{Verify: true})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if res.Hash != hash || !res.Game.Over() {
			t.Errorf("seed %d: replay hash %s (over %v), the game's %s", seed, res.Hash, res.Game.Over(), hash)
		}
		res, err = Replay(j, Options{Verify: true, To: 2})
		if err != nil || len(res.Turns) != 2 || res.Game.Turn() != 3 || res.Hash != j.Entries[1].Turn.Hash {
			t.Errorf("seed %d: replay to turn 2: %v, %d turns", seed, err, len(res.Turns))
		}
		if _, err := Replay(j, Options{To: 99}); err == nil || !strings.Contains(err.Error(), "cannot stop after turn 99") {
			t.Errorf("seed %d: replay to turn 99: %v", seed, err)
		}
	}
}

// TestAppendAfterTear checks resuming a journal a crash tore: the torn line
// stays, the next record starts on a fresh line after a resume record, and
// Read then warns about the torn line and reads the records after it.
func TestAppendAfterTear(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "g.jsonl")
	playJournal(t, p, 3)
	full, _ := os.ReadFile(p)
	ls := lines(full)
	last := ls[len(ls)-1]
	for _, cut := range []int{1, len(last) / 2, len(last) - 2} {
		t.Run(fmt.Sprint(cut), func(t *testing.T) {
			torn := strings.Join(ls[:len(ls)-1], "") + last[:cut]
			if err := os.WriteFile(p, []byte(torn), 0o644); err != nil {
				t.Fatal(err)
			}
			tornLine := len(ls)
			w, j, warns, err := OpenAppend(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) != 1 || warns[0].Line != tornLine || !strings.Contains(warns[0].Msg, "torn") {
				t.Errorf("OpenAppend: warnings %v, want line %d torn", warns, tornLine)
			}
			if j.LastTurn() != len(ls)-2 || w.LastTurn() != len(ls)-2 {
				t.Errorf("OpenAppend: last turn %d/%d, want %d", j.LastTurn(), w.LastTurn(), len(ls)-2)
			}
			// Write the lost turn again.
			var rec TurnRecord
			if err := decodeStrict([]byte(strings.TrimSuffix(strings.TrimSuffix(last, "\n"), "}")[len(envPrefix)+sumLen+len(envMiddle):]), &rec); err != nil {
				t.Fatal(err)
			}
			if err := w.Turn(rec); err != nil {
				t.Fatal(err)
			}
			w.Close()
			b, _ := os.ReadFile(p)
			got := lines(b)
			if len(got) != len(ls)+2 || got[tornLine-1] != last[:cut]+"\n" || !strings.Contains(got[tornLine], `"type":"resume","torn":[`+fmt.Sprint(tornLine)+`]`) || got[tornLine+1] != last {
				t.Fatalf("after the resume the journal is:\n%s", b)
			}
			j, warns, err = Read(p)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) != 1 || warns[0].Line != tornLine || !strings.Contains(warns[0].Msg, fmt.Sprintf("acknowledged on line %d", tornLine+1)) {
				t.Errorf("Read: warnings %v", warns)
			}
			if len(j.Torn) != 0 || j.LastTurn() != len(ls)-1 {
				t.Errorf("Read: torn %v, last turn %d", j.Torn, j.LastTurn())
			}
			if _, err := Replay(j, Options{Verify: true}); err != nil {
				t.Errorf("Replay: %v", err)
			}
			// Resuming a clean journal writes nothing.
			w, _, warns, err = OpenAppend(p)
			if err != nil || len(warns) != 1 {
				t.Fatalf("OpenAppend again: %v %v", err, warns)
			}
			w.Close()
			if b2, _ := os.ReadFile(p); !bytes.Equal(b, b2) {
				t.Errorf("OpenAppend on a clean journal changed it")
			}
		})
	}
}

// TestAppendAfterUnterminated: a crash just before the "\n" leaves an
// intact record that Read takes, with a warning; Verify refuses it until
// OpenAppend ends the line.
func TestAppendAfterUnterminated(t *testing.T) {
	p := filepath.Join(t.TempDir(), "g.jsonl")
	playJournal(t, p, 3)
	full, _ := os.ReadFile(p)
	os.WriteFile(p, full[:len(full)-1], 0o644)
	n := len(lines(full))
	j, warns, err := Read(p)
	if err != nil || len(warns) != 1 || warns[0].Line != n || !strings.Contains(warns[0].Msg, "intact") || j.LastTurn() != n-1 {
		t.Fatalf("Read: %v %v", err, warns)
	}
	if _, err := Replay(j, Options{}); err != nil {
		t.Errorf("Replay: %v", err)
	}
	if _, err := Replay(j, Options{Verify: true}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d: torn", n)) {
		t.Errorf("Replay with Verify: %v", err)
	}
	w, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if b, _ := os.ReadFile(p); !bytes.Equal(b, full) {
		t.Errorf("OpenAppend did not just end the line")
	}
	j, warns, err = Read(p)
	if err != nil || len(warns) != 0 {
		t.Fatalf("Read after OpenAppend: %v %v", err, warns)
	}
	if _, err := Replay(j, Options{Verify: true}); err != nil {
		t.Errorf("Replay with Verify after OpenAppend: %v", err)
	}
}

// TestTwoCrashes: a crash while the resume record is written leaves two
// torn lines; the next resume acknowledges both.
func TestTwoCrashes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "g.jsonl")
	playJournal(t, p, 5)
	full, _ := os.ReadFile(p)
	ls := lines(full)
	data := strings.Join(ls[:len(ls)-1], "") + ls[len(ls)-1][:20] + "\n" + `{"sum":"12`
	os.WriteFile(p, []byte(data), 0o644)
	_, warns, err := Read(p)
	if err != nil || len(warns) != 2 {
		t.Fatalf("Read: %v %v", err, warns)
	}
	w, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	j, warns, err := Read(p)
	if err != nil || len(warns) != 2 || len(j.Torn) != 0 {
		t.Fatalf("Read after resume: %v %v", err, warns)
	}
	b, _ := os.ReadFile(p)
	if !strings.HasSuffix(string(b), fmt.Sprintf(`"torn":[%d,%d]}}`+"\n", len(ls), len(ls)+1)) {
		t.Errorf("resume record:\n%s", b)
	}
}

// TestAppendOnly checks that the writer appends (O_APPEND) even when the
// file grew behind its back, and that Create never overwrites.
func TestAppendOnly(t *testing.T) {
	p := filepath.Join(t.TempDir(), "g.jsonl")
	playJournal(t, p, 1)
	j, _, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Create(p, j.Header); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Create over a journal: %v", err)
	}
	w, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	before, _ := os.ReadFile(p)
	// Another writer appends a rollback behind our back.
	rb, _ := encodeLine(Rollback{Type: TypeRollback, Undo: j.LastTurn(), Reason: "test"})
	f, _ := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	f.Write(rb)
	f.Close()
	if err := w.Rollback(j.LastTurn(), "again"); err == nil {
		// The writer thinks the last turn is still in effect: its record
		// lands after the other one, and the journal says so on reading.
		after, _ := os.ReadFile(p)
		if !bytes.HasPrefix(after, before) || !bytes.Contains(after, rb) || !bytes.HasSuffix(after, []byte("\"again\"}}\n")) {
			t.Fatalf("the records were not appended:\n%s", after[len(before):])
		}
		if _, _, err := Read(p); err == nil || !strings.Contains(err.Error(), "rollback of turn") {
			t.Errorf("Read: %v", err)
		}
	} else {
		t.Fatal(err)
	}
}

// TestWriterOrder checks that the writer refuses records out of order.
func TestWriterOrder(t *testing.T) {
	p := filepath.Join(t.TempDir(), "g.jsonl")
	playJournal(t, p, 2)
	w, j, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	n := j.LastTurn()
	rec := *j.Entries[0].Turn
	if err := w.Turn(rec); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("turn 1 cannot follow turn %d", n)) {
		t.Errorf("Turn 1 again: %v", err)
	}
	if err := w.Rollback(n+1, ""); err == nil {
		t.Errorf("Rollback of a turn not played: no error")
	}
	if err := w.WhiteCell(WhiteCell{Turn: 2, Action: ActMetric, Metric: "cohesion", Value: "40", Reason: "x"}); err == nil {
		t.Errorf("WhiteCell for a past turn: no error")
	}
	if err := w.Rollback(2, "umpire"); err != nil {
		t.Fatal(err)
	}
	if err := w.WhiteCell(WhiteCell{Turn: 2, Action: "inject", Inject: "x", Reason: ""}); err == nil || !strings.Contains(err.Error(), "reason") {
		t.Errorf("WhiteCell without a reason: %v", err)
	}
	for _, e := range j.Entries[1:] {
		if err := w.Turn(*e.Turn); err != nil {
			t.Fatal(err)
		}
	}
	j2, _, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(j2.History()) != n || len(j2.Entries) != 2*n {
		t.Errorf("history %d turns, %d entries", len(j2.History()), len(j2.Entries))
	}
	if _, err := Replay(j2, Options{Verify: true}); err != nil {
		t.Error(err)
	}
}

// TestTornHeader: a crash while the header was written.
func TestTornHeader(t *testing.T) {
	good, _ := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	p := filepath.Join(t.TempDir(), "g.jsonl")
	os.WriteFile(p, good[:200], 0o644)
	if _, _, err := Read(p); err == nil || !strings.Contains(err.Error(), "line 1: the header is torn") {
		t.Errorf("Read: %v", err)
	}
	if _, _, _, err := OpenAppend(p); err == nil {
		t.Errorf("OpenAppend: no error")
	}
}

func TestPaths(t *testing.T) {
	state := t.TempDir() // XDG_STATE_HOME is obeyed on Windows too
	t.Setenv("XDG_STATE_HOME", state)
	d, err := DefaultDir()
	if err != nil || d != filepath.Join(state, "lattice", "games") {
		t.Errorf("DefaultDir with XDG_STATE_HOME: %q, %v", d, err)
	}
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.FixedZone("KST", 9*3600))
	p, err := NewPath("gray-zone", now)
	if err != nil || p != filepath.Join(d, "gray-zone-20260505-220809.jsonl") {
		t.Errorf("NewPath: %q, %v", p, err)
	}
	os.MkdirAll(d, 0o755)
	os.WriteFile(p, nil, 0o644)
	if p2, _ := NewPath("gray-zone", now); p2 != filepath.Join(d, "gray-zone-20260505-220809-2.jsonl") {
		t.Errorf("NewPath when taken: %q", p2)
	}
	if p3, _ := NewPath("../x y", now); filepath.Dir(p3) != d {
		t.Errorf("NewPath escapes the directory: %q", p3)
	}
	// A file where the directory should be: an error, not a search for
	// ever for a free name (Windows finds no file there, and making the
	// directory fails instead).
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	t.Setenv("XDG_STATE_HOME", file)
	if p, err := NewPath("gray-zone", now); runtime.GOOS != "windows" && (err == nil || !strings.Contains(err.Error(), "cannot keep a journal")) {
		t.Errorf("NewPath under a file: %q, %v", p, err)
	}
	t.Setenv("XDG_STATE_HOME", "")
	if runtime.GOOS == "windows" {
		t.Setenv("LOCALAPPDATA", `C:\Users\kim\AppData\Local`)
		if d, _ := DefaultDir(); d != `C:\Users\kim\AppData\Local\lattice\games` {
			t.Errorf("DefaultDir with LOCALAPPDATA: %q", d)
		}
		return
	}
	t.Setenv("HOME", "/home/kim")
	if d, _ := DefaultDir(); d != "/home/kim/.local/state/lattice/games" {
		t.Errorf("DefaultDir with HOME: %q", d)
	}
	t.Setenv("HOME", "")
	if _, err := DefaultDir(); err == nil {
		t.Errorf("DefaultDir without HOME: no error")
	}
}

// TestHumanSides records a game where people play the adversary (with
// plans) and one ally, and replays it.
func TestHumanSides(t *testing.T) {
	c, err := scenarios.Compile("tutorial", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	adv, rok := -1, c.SideIndex("rok")
	for s := range c.Sides {
		if c.Sides[s].Adversary {
			adv = s
		}
	}
	human := make([]bool, len(c.Sides))
	human[adv], human[rok] = true, true
	pols, err := sim.ResolvePolicies(c, nil, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	pols[rok] = nil
	sides, err := Sides(c, pols, human, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sides[adv].Player != PlayerHuman || sides[rok].Player != PlayerHuman || sides[c.SideIndex("us")].Player != PlayerAI {
		t.Fatalf("sides %+v", sides)
	}
	h, err := NewHeader(Setup{Scenario: "tutorial", Compiled: c, Seed: 11, Sides: sides, Lattice: "test", Created: created})
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "g.jsonl")
	w, err := Create(p, h)
	if err != nil {
		t.Fatal(err)
	}
	g := sim.NewGame(c, 11)
	o := c.NewOrders()
	planned := 0
	for !g.Over() {
		plans := map[int]Plan{}
		var acts []int
		for _, a := range c.Sides[adv].Playbook {
			if g.ActionLock(a) == "" && len(acts) < c.Sides[adv].Actions {
				acts = append(acts, a)
			}
		}
		if g.Turn()%2 == 1 { // every other turn the person plays; else doctrine
			if err := g.Plan(adv, acts, nil); err != nil {
				t.Fatal(err)
			}
			pl := Plan{}
			for _, a := range acts {
				pl.Actions = append(pl.Actions, c.Actions[a].ID)
			}
			plans[adv] = pl
			planned++
		}
		g.Brief()
		o.Clear()
		if l := c.LeverIndex("public_diplomacy"); l >= 0 && g.LeverLock(rok, l) == "" {
			o.Set(rok, l, 1)
		}
		g.PlanSides(pols, o)
		r, err := g.Step(o)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Turn(NewTurn(c, r.Turn, o, plans, g.Hash())); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	if planned == 0 {
		t.Fatal("no turn was planned")
	}
	j, _, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(j.Entries[0].Turn.Plans) != 1 {
		t.Errorf("turn 1 plans: %v", j.Entries[0].Turn.Plans)
	}
	res, err := Replay(j, Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hash != fmt.Sprintf("%016x", g.Hash()) {
		t.Errorf("replay hash %s, game %016x", res.Hash, g.Hash())
	}
}
