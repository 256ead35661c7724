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

// An inject's dialog shows what each choice does in numbers, the choices
// not selected included, before the player decides ("Slow-walk the
// deployment" turned out to cost US confidence 5 with no word before); at
// 80×24 every choice and its effects are on screen.
func TestInjectDialogShowsEffects(t *testing.T) {
	m := stateInjectDialog(t)
	c := m.sess.C
	in := &c.Injects[m.dialog]
	for _, ch := range in.Choices {
		eff := c.DescribeEffects(ch.Effects)
		if eff == "" {
			eff = "no effect on the metrics"
		}
		mustShow(t, m, ch.Label, eff)
	}
	if !strings.Contains(plain(m), "−") {
		t.Fatal("no negative effect shown")
	}
	// Every built-in scenario's injects with choices, at 80×24.
	for _, name := range []string{"tutorial", "gray-zone", "taiwan-strait", "thaad-pressure"} {
		g := New(Options{Entries: []Entry{scenarioEntry(t, name)}, Seed: 1, SkipPicker: true})
		g = press(t, resize(t, g, 80, 24), "enter", "enter")
		for i := range g.sess.C.Injects {
			in := &g.sess.C.Injects[i]
			if len(in.Choices) == 0 {
				continue
			}
			for sel, ch := range in.Choices { // each choice selected in turn
				d := g
				d.dialog, d.dialogSel, d.side = i, sel, in.Decider
				s := plain(d)
				if n := strings.Count(s, "\n") + 1; n > 24 || !strings.Contains(s, "╚") {
					t.Errorf("%s: %s: the dialog does not fit 80×24:\n%s", name, in.ID, s)
				}
				flat := strings.Join(strings.Fields(strings.ReplaceAll(s, "║", "")), " ")
				eff := d.sess.C.DescribeEffects(ch.Effects)
				if eff == "" {
					eff = "no effect on the metrics"
				}
				if !strings.Contains(flat, strings.Join(strings.Fields(eff), " ")) {
					t.Errorf("%s: %s: the selected choice's effects %q are not shown whole:\n%s", name, in.ID, eff, s)
				}
				for _, o := range in.Choices {
					if !strings.Contains(flat, o.Label) {
						t.Errorf("%s: %s: choice %q not shown:\n%s", name, in.ID, o.Label, s)
					}
				}
			}
		}
	}
}
