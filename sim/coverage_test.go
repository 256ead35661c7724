package sim_test

import (
	"strings"
	"testing"

	"lattice/sim"
)

// TestCoverageFindsDeadContent plants dead content in the tutorial (a lever
// usable only after the last turn, an action whose condition never holds,
// an end that cannot be reached) and checks that Coverage names each of
// them, and nothing else that is not a note.
func TestCoverageFindsDeadContent(t *testing.T) {
	cv := tutorialCoverage(t, 200, map[string]string{
		"lever.consultation.requires": "turn > 99",
		"action.adiz_incursion.when":  "turn > 99",
		"end.conflict.when":           "escalation > 100",
		// open every turn but harmful: no policy buys it
		"lever.public_diplomacy.effect.rok_support": "-5",
		"lever.public_diplomacy.effect.resolve":     "-0.05",
	})
	got := map[string]string{}
	for _, gap := range cv.Gaps() {
		if !gap.Note {
			got[gap.Path] = gap.What
		}
	}
	want := map[string]string{
		// why it was not bought: locked, and by what, or open but
		// worth less than the rest
		"lever.consultation":     "no policy bought it in 200 games: it was locked whenever the allies planned: its requires (turn > 99) did not hold",
		"lever.public_diplomacy": "no policy bought it in 200 games: it was open to the allies in 200 of them, but to every policy a point there was worth less",
		"action.adiz_incursion":  "never chosen as a real move in 200 games",
		"end.conflict":           "never reached in 200 games",
	}
	for p, w := range want {
		if !strings.Contains(got[p], w) {
			t.Errorf("gap %s = %q, want %q", p, got[p], w)
		}
		delete(got, p)
	}
	for p, w := range got {
		if !strings.HasPrefix(p, "lever.") && !strings.HasPrefix(p, "action.") {
			continue // 200 balanced games need not reach every verdict or fire every random inject
		}
		t.Errorf("unexpected gap %s: %s", p, w)
	}
	if cv.Games != 200 {
		t.Errorf("Games = %d, want 200", cv.Games)
	}
}

// A guard end never reached is a note, not dead content: validate --play
// does not fail for it.
func TestCoverageGuardEndIsANote(t *testing.T) {
	s := loadTutorial(t).Clone()
	if err := s.Set("end.conflict.when", "escalation > 100"); err != nil {
		t.Fatal(err)
	}
	for _, guard := range []bool{false, true} {
		if err := s.Set("end.conflict.guard", guard); err != nil {
			t.Fatal(err)
		}
		c, err := sim.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		cv := sim.NewCoverage(c)
		for seed := uint64(1); seed <= 20; seed++ {
			g := sim.NewGame(c, seed)
			if err := sim.Play(g, policies(t, c, "balanced"), c.NewOrders(), cv.Observe); err != nil {
				t.Fatal(err)
			}
			cv.EndGame(g)
		}
		found := false
		for _, gap := range cv.Gaps() {
			if gap.Path == "end.conflict" {
				found = true
				if gap.Note != guard || guard && !strings.Contains(gap.What, "a guard end") {
					t.Errorf("guard %v: gap %+v", guard, gap)
				}
			}
		}
		if !found {
			t.Errorf("guard %v: the unreachable end is not reported", guard)
		}
	}
}

// tutorialCoverage is the Coverage of games seeds 1 to n of the tutorial
// with the key paths in sets set, every ally playing balanced.
func tutorialCoverage(t *testing.T, n uint64, sets map[string]string) *sim.Coverage {
	t.Helper()
	s := loadTutorial(t).Clone()
	for path, v := range sets {
		if err := s.Set(path, v); err != nil {
			t.Fatal(err)
		}
	}
	c, err := sim.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	cv := sim.NewCoverage(c)
	for seed := uint64(1); seed <= n; seed++ {
		if err := cv.Play(sim.NewGame(c, seed), policies(t, c, "balanced"), c.NewOrders()); err != nil {
			t.Fatal(err)
		}
	}
	return cv
}
