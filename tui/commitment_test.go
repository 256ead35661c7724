package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"lattice/scenarios"
	"lattice/sim"
)

// soloROK returns the tutorial, compiled with overrides, played by one
// person as ROK (the US by the balanced policy), on ROK's turn at 160×48.
func soloROK(t *testing.T, overrides ...string) Model {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c, err := scenarios.Compile("tutorial", "", overrides)
	if err != nil {
		t.Fatal(err)
	}
	rok := c.SideIndex("rok")
	sess := soloSession(c, rok, 1)
	m := resize(t, New(Options{Resume: sess, Side: "rok"}), 160, 48)
	if m.screen != scrTurn || m.side != rok {
		t.Fatalf("screen %v for side %d, want ROK's turn", m.screen, m.side)
	}
	return m
}

// TestVisibleMinimumIsWhatTheSideCanAfford checks the allocation panel and
// the commit against the engine's visible-commitment rule, which lowers
// the minimum to what the side can afford. With a budget of 2, ROK's 2
// visible points owe nothing, but the panel compared them with the raw
// minimum of 5 ("visible points 2 of at least 5 ⚠ short") and the commit
// asked to confirm a shortfall the engine would not charge.
func TestVisibleMinimumIsWhatTheSideCanAfford(t *testing.T) {
	m := soloROK(t, "side.rok.budget=2")
	s, c, rok := m.sess, m.sess.C, m.side
	s.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 2)
	if err := s.Game.CheckSide(s.Orders, rok); err != nil {
		t.Fatalf("ROK cannot afford 2 points: %v", err)
	}
	if n := s.Game.Shortfall(s.Orders, rok); n != 0 {
		t.Fatalf("the engine charges a shortfall of %d: the test no longer sets the case up", n)
	}
	screen := plain(m)
	var line string
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, "visible points") {
			line = l
		}
	}
	if !strings.Contains(line, "visible points 2 of at least 2 ✓") || strings.Contains(line, "short") {
		t.Errorf("the panel's visible line is %q, want 2 of at least 2 ✓ (the minimum lowered to what ROK can afford)", strings.TrimSpace(line))
	}
	m = press(t, m, "enter")
	if m.confirmEnd {
		t.Errorf("the commit asks to confirm:\n%s", plain(m))
	}
	if !s.Committed(rok) && len(s.Results) == 0 {
		t.Errorf("ROK's draft was not committed: %q", m.message)
	}
}

// TestShortfallDialogNamesTheScenarioCost checks that the commit's warning
// says what the scenario's commitment.shortfall costs: it said "costs
// resolve and cohesion" whatever the scenario set.
func TestShortfallDialogNamesTheScenarioCost(t *testing.T) {
	m := soloROK(t)
	c := m.sess.C
	c.Shortfall = []sim.Effect{{Metric: c.MetricIndex("rok_support"), Delta: -sim.FixInt(2)}}
	m.sess.Orders.Set(m.side, c.LeverIndex("combined_exercise"), 1)
	m.sess.Orders.Set(m.side, c.LeverIndex("intel_sharing"), 3)
	m.sess.Orders.Set(m.side, c.LeverIndex("consultation"), 2)
	if n := m.sess.Game.Shortfall(m.sess.Orders, m.side); n == 0 {
		t.Fatal("the draft is not short: the test no longer sets the case up")
	}
	m = press(t, m, "enter")
	got := ansi.Strip(m.View().Content)
	flat := strings.Join(strings.Fields(strings.ReplaceAll(got, "║", " ")), " ") // the box's lines as one text
	if !m.confirmEnd || !strings.Contains(flat, "Each point short costs ROK domestic support −2.00.") {
		t.Errorf("the commit does not say what this scenario's shortfall costs:\n%s", got)
	}
	if strings.Contains(got, "resolve and cohesion") {
		t.Errorf("the commit names a cost this scenario does not charge:\n%s", got)
	}
}

// TestFullLeversAreNotBudgetLeft checks the "budget left" question: with
// every lever at its maximum there is nothing left to buy, however much
// budget remains, but the commit asked whether to keep allocating (it
// looked for the cheapest usable lever without asking whether it was
// full).
func TestFullLeversAreNotBudgetLeft(t *testing.T) {
	m := soloROK(t, "side.rok.budget=40")
	s, c, rok := m.sess, m.sess.C, m.side
	for l := range c.Levers {
		if s.Game.LeverLock(rok, l) == "" {
			s.Orders.Set(rok, l, c.Levers[l].Max)
		}
	}
	if err := s.Game.CheckSide(s.Orders, rok); err != nil {
		t.Fatal(err)
	}
	if left := s.Game.Available(rok) - s.Game.Spend(s.Orders, rok); left < sim.One {
		t.Fatalf("only %s left: the test no longer sets the case up", left.Format(1))
	}
	m = press(t, m, "enter")
	if m.confirmEnd {
		t.Errorf("the commit asks about budget left with every lever full:\n%s", plain(m))
	}
}

// Budget that no point can use is marked lost: a budget that moves with
// support is fractional, and what is left below the cheapest lever's cost
// vanished at the commit without a word.
func TestAllocationMarksBudgetNoPointCanUse(t *testing.T) {
	m := soloROK(t, "side.rok.budget=2.5")
	s, c, rok := m.sess, m.sess.C, m.side
	leftLine := func() string {
		for _, l := range strings.Split(plain(m), "\n") {
			if i := strings.Index(l, "left "); i >= 0 {
				return l[i:]
			}
		}
		t.Fatalf("no budget line:\n%s", plain(m))
		return ""
	}
	if l := leftLine(); strings.Contains(l, "(lost)") {
		t.Errorf("before any point: %q, want no (lost)", l)
	}
	s.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 2)
	if !s.Game.CanAddPoint(s.Orders, rok) {
		if l := leftLine(); !strings.HasPrefix(l, "left 0.") || !strings.Contains(l, "(lost)") {
			t.Errorf("with less than a point left: %q, want left 0.… (lost)", l)
		}
	} else {
		t.Fatal("a point still fits: the test no longer sets the case up")
	}
	mustShow(t, press(t, resize(t, m, 80, 24), "?"), "(lost)")
}

// a on a hotseat team's turn screen says why nothing opens, as r and d
// say where they do nothing: the README lists it for solo games.
func TestAdviserKeySaysWhyNotInAHotseat(t *testing.T) {
	m, _, _ := hotseatAtROK(t, alliesSession(t))
	if m.adviserOffered() {
		t.Fatal("a hotseat offers the adviser: the test checks nothing")
	}
	m = press(t, m, "a")
	if !strings.Contains(m.message, "no adviser here") {
		t.Errorf("a in a hotseat: notice %q, want why there is no adviser", m.message)
	}
}
