package tui

import (
	"strings"
	"testing"
)

// The results tell a roll from the chance it was drawn against when they
// print alike at two decimals: "roll 0.80 vs p 0.80 SUCCEEDED" read as a
// tie that went one way for no reason.
func TestResultsRollTellsApart(t *testing.T) {
	m := stateResults(t)
	if len(m.last.Moves) == 0 {
		t.Skip("the adversary made no move")
	}
	rec := *m.last
	rec.Moves = append(rec.Moves[:0:0], rec.Moves...)
	rec.Moves[0].Roll, rec.Moves[0].P, rec.Moves[0].Success, rec.Moves[0].Forced = 7996, 8004, true, false
	m.last = &rec
	mustShow(t, m, "roll 0.7996 vs p 0.8004")
	mustNotShow(t, m, "roll 0.80 vs p 0.80")
	if !strings.Contains(plain(m), "SUCCEEDED") {
		t.Fatal("the move is not shown as succeeded")
	}
}
