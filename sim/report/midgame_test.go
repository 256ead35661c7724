package report

import (
	"html"
	"path/filepath"
	"strings"
	"testing"

	"lattice/sim"
	"lattice/sim/journal"
)

// midGameJournal journals a tutorial game played for one turn, then the
// White cell's decision on a real adversary move of the second turn, not
// adjudicated yet, and its override of a metric; it returns the decided
// move's name.
func midGameJournal(t *testing.T, path string) string {
	t.Helper()
	c, pols, w := tutorialJournal(t, path)
	defer w.Close()
	g := sim.NewGame(c, 7)
	o := c.NewOrders()
	g.Brief()
	o.Clear()
	for s, p := range pols {
		if p != nil {
			p.Plan(g, s, o)
		}
	}
	r, err := g.Step(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Turn(journal.NewTurn(c, r.Turn, o, nil, g.Hash())); err != nil {
		t.Fatal(err)
	}
	g.Brief()
	real := g.RealMoves()
	if len(real) == 0 {
		t.Fatal("no real adversary move in week 2: the test no longer sets the case up")
	}
	move := c.Actions[real[0]]
	for _, wc := range []journal.WhiteCell{
		{Turn: 2, Action: journal.ActMetric, Metric: "cohesion", Value: "50", By: "console", Reason: "a scandal"},
		{Turn: 2, Action: journal.ActRoll, Move: move.ID, Outcome: journal.OutcomeFailure, By: "console", Reason: "the " + move.ID + " must fail"},
	} {
		if err := w.WhiteCell(wc); err != nil {
			t.Fatal(err)
		}
	}
	return move.Name
}

// TestMidGameReport: a side's report of a game in progress named the move
// the White cell had decided in the turn not yet adjudicated (telling the
// side which signal was real); the whole report was not marked as the
// White cell's mid-game one; and the header said "Overrides: none" though
// the White cell had set a metric.
func TestMidGameReport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "game.jsonl")
	move := midGameJournal(t, path)
	for _, side := range []string{"rok", "us"} {
		r := build(t, path, side)
		for _, format := range []string{FormatMarkdown, FormatHTML} {
			out := html.UnescapeString(render(t, r, format)) // the same text in both forms
			if strings.Contains(out, move) {
				t.Errorf("%s's %s report names %q, decided by the White cell in the week in progress:\n%s", side, format, move, out)
			}
			if strings.Contains(out, "must fail") {
				t.Errorf("%s's %s report gives the reason of that decision", side, format)
			}
			for _, want := range []string{"Mid-game report", "decided an adversary move's outcome", "set Cohesion", "White-cell acts and rollbacks: 2"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s's %s report lacks %q:\n%s", side, format, want, out)
				}
			}
		}
	}
	whole := render(t, build(t, path, ""), FormatMarkdown)
	// No end is reached yet: the private objectives are judged so far.
	if !strings.Contains(whole, "met so far**") && !strings.Contains(whole, "missed so far**") {
		t.Errorf("the mid-game report judges the objectives as if the game were over:\n%s", whole)
	}
	for _, want := range []string{"# Mid-game White-cell report", "not for the teams", move, "Scenario overrides (--set): none", "White-cell acts and rollbacks: 2"} {
		if !strings.Contains(whole, want) {
			t.Errorf("the whole mid-game report lacks %q:\n%s", want, whole)
		}
	}
	if strings.Contains(whole, "- Overrides: none") {
		t.Error(`the header still reads "Overrides: none" beside a White-cell override`)
	}
}
