package journal

import (
	"os"
	"path/filepath"
	"slices"
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

// TestHistoryUndoMatchesItsRule: History's undo (linear in the journal,
// however many undos and pace acts it holds: a journal of act, undo pairs
// had made a quadratic reader) drops what the rule says: for each undo,
// the last act of its turn still in effect that changes the game. Checked
// against the rule spelt out, on random sequences of turns, acts, undos
// and rollbacks.
func TestHistoryUndoMatchesItsRule(t *testing.T) {
	reference := func(entries []Entry) []Entry {
		var h []Entry
		for _, e := range entries {
			switch {
			case e.WhiteCell != nil && e.WhiteCell.Action == ActUndo:
				for i := len(h) - 1; i >= 0; i-- {
					if w := h[i].WhiteCell; w != nil && w.Turn == e.WhiteCell.Turn && w.Undoable() {
						h = append(h[:i:i], h[i+1:]...)
						break
					}
				}
			case e.Rollback != nil:
				var k []Entry
				for _, x := range h {
					if entryTurn(x) < e.Rollback.Undo {
						k = append(k, x)
					}
				}
				h = k
			default:
				h = append(h, e)
			}
		}
		return h
	}
	seed := uint64(1)
	rnd := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for round := range 2000 {
		var entries []Entry
		last, acts := 0, 0
		for line := 1; line < 40; line++ {
			e := Entry{Line: line}
			switch k := rnd(10); {
			case k < 2:
				last++
				e.Turn = &TurnRecord{Turn: last}
				acts = 0
			case k < 3 && last > 0:
				u := 1 + rnd(last)
				e.Rollback = &Rollback{Undo: u}
				last, acts = u-1, 0
			case k < 5 && acts > 0:
				e.WhiteCell = &WhiteCell{Turn: last + 1, Action: ActUndo, Reason: "r"}
				acts--
			case k < 7:
				e.WhiteCell = &WhiteCell{Turn: last + 1, Action: ActPause}
			default:
				e.WhiteCell = &WhiteCell{Turn: last + 1, Action: ActMetric, Metric: "m", Value: "1", Reason: "r"}
				acts++
			}
			entries = append(entries, e)
		}
		j := &Journal{Entries: entries}
		got, want := j.History(), reference(entries)
		lines := func(h []Entry) (out []int) {
			for _, e := range h {
				out = append(out, e.Line)
			}
			return out
		}
		if g, w := lines(got), lines(want); !slices.Equal(g, w) {
			t.Fatalf("round %d: History keeps lines %v, the rule %v", round, g, w)
		}
	}
}
