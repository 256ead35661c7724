package journal

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lattice/sim"
)

// TestFork: a fork's journal carries its parent's first turns and replays
// on its own; without a reseed its copied turns replay to the parent's
// hashes, with one the game after the fork turn has fresh dice.
func TestFork(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "parent.jsonl")
	playJournal(t, parent, 4)
	j, _, err := Read(parent)
	if err != nil {
		t.Fatal(err)
	}
	pres, err := Replay(j, Options{To: 2})
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(77)
	for _, tc := range []struct {
		name   string
		at     int
		reseed *uint64
	}{{"same-dice", 2, nil}, {"fresh-dice", 2, &seed}, {"start", 0, &seed}} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name+".jsonl")
			w, err := CreateFork(path, j, tc.at, tc.reseed, "test", created)
			if err != nil {
				t.Fatal(err)
			}
			w.Close()
			f, _, err := Read(path)
			if err != nil {
				t.Fatal(err)
			}
			abs, _ := filepath.Abs(parent)
			if f.Header.Parent != abs || f.Header.ParentTurn != tc.at || (f.Header.Reseed == nil) != (tc.reseed == nil) {
				t.Fatalf("header: parent %q turn %d reseed %v", f.Header.Parent, f.Header.ParentTurn, f.Header.Reseed)
			}
			if f.LastTurn() != tc.at {
				t.Fatalf("the fork holds %d turns, want %d", f.LastTurn(), tc.at)
			}
			res, err := Replay(f, Options{Verify: true})
			if err != nil {
				t.Fatal(err)
			}
			if tc.at == 2 && tc.reseed == nil && res.Hash != pres.Hash {
				t.Errorf("fork without reseed: hash %s, the parent after turn 2: %s", res.Hash, pres.Hash)
			}
			if tc.reseed != nil && res.Game.Seed() != seed {
				t.Errorf("the reseeded fork has seed %d", res.Game.Seed())
			}
		})
	}
	if _, err := CreateFork(filepath.Join(dir, "x.jsonl"), j, j.LastTurn()+1, nil, "test", created); err == nil {
		t.Error("a fork after the last turn was accepted")
	}
	if _, err := CreateFork(filepath.Join(dir, "y.jsonl"), j, j.LastTurn(), nil, "test", created); err == nil || !strings.Contains(err.Error(), "ended") {
		t.Errorf("a fork after the game's end: %v", err)
	}
	// A header with parent_turn but no parent is refused.
	bad := j.Header
	bad.ParentTurn = 3
	if _, err := Create(filepath.Join(dir, "bad.jsonl"), bad); err == nil {
		t.Error("parent_turn without parent accepted")
	}
	os.Remove(filepath.Join(dir, "bad.jsonl"))
}

// playOn plays the forked game at path to its end with the players its
// header names now, appending the turns to w; it returns the final hash.
func playOn(t *testing.T, path string, w *Writer) string {
	t.Helper()
	defer w.Close()
	f, _, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Replay(f, Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	pols, _, err := f.Header.Policies(res.Compiled)
	if err != nil {
		t.Fatal(err)
	}
	g, c := res.Game, res.Compiled
	if err := sim.Play(g, pols, c.NewOrders(), func(o *sim.Orders, r *sim.Result) {
		if err := w.Turn(NewTurn(c, r.Turn, o, nil, g.Hash())); err != nil {
			t.Fatal(err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%016x", g.Hash())
}

// TestForkChanges: a fork that hands a side to another policy and reseeds
// replays on its own; a fork of it taken later inherits both (it plays as
// its parent did: a fork of a reseeded fork lost the reseed and failed to
// replay), and one taken before them has neither.
func TestForkChanges(t *testing.T) {
	dir := t.TempDir()
	parent := filepath.Join(dir, "parent.jsonl")
	parentHash := playJournal(t, parent, 4)
	j, _, err := Read(parent)
	if err != nil {
		t.Fatal(err)
	}
	c, err := j.Header.Compile()
	if err != nil {
		t.Fatal(err)
	}
	pols, err := sim.ResolvePolicies(c, map[string]string{"rok": "free-rider"}, "balanced", nil)
	if err != nil {
		t.Fatal(err)
	}
	players, err := Sides(c, pols, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(77)
	f1 := filepath.Join(dir, "f1.jsonl")
	w, err := CreateForkHandover(f1, j, 1, &seed, players, "test", created)
	if err != nil {
		t.Fatal(err)
	}
	h1 := playOn(t, f1, w)
	j1, _, err := Read(f1)
	if err != nil {
		t.Fatal(err)
	}
	if got := j1.Header.Players()[c.SideIndex("rok")].Policy; got != "free-rider" || j1.Header.Sides[c.SideIndex("rok")].Policy != "balanced" {
		t.Fatalf("f1 players: rok plays %s now (want free-rider), %s before", got, j1.Header.Sides[c.SideIndex("rok")].Policy)
	}
	if h1 == parentHash {
		t.Fatal("the fork with other players and dice ends as its parent: the test proves nothing")
	}
	if res, err := Replay(j1, Options{Verify: true}); err != nil || res.Hash != h1 {
		t.Fatalf("f1 replays to %v (%v), want %s", res, err, h1)
	}
	for _, tc := range []struct {
		at   int
		want string
		name string
	}{{3, h1, "after the changes (inherits them)"}, {1, h1, "at the changes (inherits them)"}, {0, parentHash, "before them (has neither)"}} {
		path := filepath.Join(dir, fmt.Sprintf("f1-%d.jsonl", tc.at))
		w, err := CreateFork(path, j1, tc.at, nil, "test", created)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := playOn(t, path, w); got != tc.want {
			t.Errorf("a fork of f1 at %d, %s: ends at %s, want %s", tc.at, tc.name, got, tc.want)
		}
	}
	// Bad changes are refused when the header is written.
	for _, tc := range []struct {
		name    string
		changes []Change
		parent  string
	}{
		{"no parent", []Change{{At: 1, Reseed: &seed}}, ""},
		{"after parent_turn", []Change{{At: 2, Reseed: &seed}}, "p"},
		{"out of order", []Change{{At: 1, Reseed: &seed}, {At: 0, Reseed: &seed}}, "p"},
		{"empty", []Change{{At: 1}}, "p"},
		{"bad player", []Change{{At: 1, Sides: []Side{{ID: "rok", Player: "robot"}}}}, "p"},
	} {
		h := j.Header
		h.Parent, h.ParentTurn, h.Changes = tc.parent, 1, tc.changes
		if tc.parent == "" {
			h.ParentTurn = 0
		}
		path := filepath.Join(dir, "bad.jsonl")
		if w, err := Create(path, h); err == nil {
			w.Close()
			t.Errorf("%s: accepted", tc.name)
		}
		os.Remove(path)
	}
}

// TestForkOutOfRangeSaysTheRange: a fork after a turn the journal does not
// hold is refused with the turns it does: "0 (the start) to 5", or, for a
// journal of no turn yet (a game closed before its first commit), only 0,
// where it said "give 0 (the start) to 0, the last turn the journal
// records" (a solo review).
func TestForkOutOfRangeSaysTheRange(t *testing.T) {
	dir := t.TempDir()
	played := filepath.Join(dir, "played.jsonl")
	playJournal(t, played, 7) // the tutorial, to its end
	fresh := filepath.Join(dir, "fresh.jsonl")
	j, _, err := Read(played)
	if err != nil {
		t.Fatal(err)
	}
	w, err := Create(fresh, j.Header) // its header, no turn
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	for path, want := range map[string]string{
		played: fmt.Sprintf("cannot fork at turn 9: give 0 (the start) to %d, the last turn the journal records", j.LastTurn()),
		fresh:  "cannot fork at turn 9: give 0 (the start): the journal records no turn yet",
	} {
		pj, _, err := Read(path)
		if err != nil {
			t.Fatal(err)
		}
		_, err = CreateFork(filepath.Join(dir, "fork.jsonl"), pj, 9, nil, "test", created)
		if err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("%s: a fork at 9 says %v, want …%q", filepath.Base(path), err, want)
		}
	}
}
