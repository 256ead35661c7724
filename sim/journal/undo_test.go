package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUndoTakesBackTheLastAct: the White cell's undo takes back its last
// act of the turn that changes the game (an inject fired, a metric set by
// mistake): the journal replays the turn without it, to the hash of the
// same game played without the act, and an undo with no act of its turn
// to take back is refused where it stands.
func TestUndoTakesBackTheLastAct(t *testing.T) {
	dir := t.TempDir()
	plain := newPlayer(t, filepath.Join(dir, "plain.jsonl"), "tutorial", 7)
	for !plain.g.Over() {
		plain.turn(nil)
	}
	path := filepath.Join(dir, "undo.jsonl")
	p := newPlayer(t, path, "tutorial", 7)
	for !p.g.Over() {
		p.turn(func(p *player) {
			if p.g.Turn() != 2 {
				return
			}
			p.act(WhiteCell{Action: ActPause, By: "console"}) // not a game act: stays
			p.act(WhiteCell{Action: ActMetric, Metric: "cohesion", Value: "45.5", By: "console", Reason: "meant for next week"})
			// The front end rebuilds the turn without the act: the game as
			// briefed, its other game acts applied again (none here).
			p.g = p.snaps[1].Clone()
			p.g.Brief()
			if err := p.w.WhiteCell(WhiteCell{Type: TypeWhiteCell, Turn: 2, Action: ActUndo, By: "console", Reason: "a slip"}); err != nil {
				t.Fatal(err)
			}
		})
	}
	if p.hash() != plain.hash() {
		t.Fatalf("the game with an act undone ends at %s, the game without it at %s", p.hash(), plain.hash())
	}
	p.w.Close()
	j, _, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Replay(j, Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Hash != p.hash() {
		t.Errorf("replayed to %s, played to %s", res.Hash, p.hash())
	}
	for _, tr := range res.Turns {
		for _, w := range tr.WhiteCell {
			if w.Action == ActMetric || w.Action == ActUndo {
				t.Errorf("turn %d applies %s, which the undo took back", tr.Turn, w.Action)
			}
		}
		if tr.Turn == 2 && len(tr.WhiteCell) != 1 {
			t.Errorf("turn 2 applies %+v, want the pause alone", tr.WhiteCell)
		}
	}
	// An undo with nothing to take back: refused at its line.
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ls := lines(b)
	undo, err := encodeLine(WhiteCell{Type: TypeWhiteCell, Turn: 1, Action: ActUndo, Reason: "nothing"})
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte(ls[0]+string(undo)+strings.Join(ls[1:], "")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Read(bad); err == nil || !strings.Contains(err.Error(), "line 2: undo in turn 1, but the White cell has no act of that turn in effect to take back") {
		t.Errorf("an undo with nothing to undo: %v", err)
	}
}
