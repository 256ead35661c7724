package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestUnansweredChoiceIsNoSidesChoice: an inject's question nobody
// answered (a turn the timer forced) gets its first choice, marked
// Defaulted, and its ledger entries name no side; the report and results
// said the decider chose it. Answered, it is the decider's.
func TestUnansweredChoiceIsNoSidesChoice(t *testing.T) {
	c := builtin(t, "tutorial")
	for _, answer := range []bool{false, true} {
		g := sim.NewGame(c, 1)
		o := c.NewOrders()
		pols := policies(t, c, "balanced")
		asked := 0
		for !g.Over() {
			b := g.Brief()
			o.Clear()
			g.PlanSides(pols, o)
			for _, f := range b.Injects {
				if len(c.Injects[f.Inject].Choices) > 0 && !answer {
					o.Choices[f.Inject] = -1
				}
			}
			r, err := g.Step(o)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range r.Injects {
				in := &c.Injects[f.Inject]
				if len(in.Choices) == 0 {
					continue
				}
				asked++
				if f.Defaulted == answer || (!answer && f.Choice != 0) {
					t.Fatalf("answered %v: %s came back choice %d, defaulted %v", answer, in.ID, f.Choice, f.Defaulted)
				}
				for _, e := range r.Ledger {
					if e.Kind == sim.CauseChoice && e.Cause == f.Inject {
						if want := map[bool]int{true: in.Decider, false: -1}[answer]; e.Side != want {
							t.Fatalf("answered %v: %s's entry names side %d, want %d", answer, in.ID, e.Side, want)
						}
					}
				}
			}
		}
		if asked == 0 {
			t.Fatal("no inject with a question fired in the tutorial at seed 1")
		}
	}
}
