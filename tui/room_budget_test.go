package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
	"lattice/sim/journal"
)

// budgetCutRoom is a tutorial room with ROK and the US seated (a seat for
// each, 160×50), in which ROK has committed 6 points and then the White
// cell cut ROK's domestic support to 20, leaving ROK only 4.2 to spend.
func budgetCutRoom(t *testing.T) (r *Room, rok, us int, sr, su *SeatModel) {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	sess := NewSession(c, 7, "normal", human, make([]sim.Policy, len(c.Sides)))
	r = NewRoom(sess, RoomOptions{Name: "Game 1"})
	rok, us = c.SideIndex("rok"), c.SideIndex("us")
	ma := mustJoin(t, r, "A", "", false)
	if err := r.ChooseWithCode(ma, rok, r.SideCode(rok)); err != nil {
		t.Fatal(err)
	}
	mb := mustJoin(t, r, "B", "", false)
	if err := r.ChooseWithCode(mb, us, r.SideCode(us)); err != nil {
		t.Fatal(err)
	}
	sr, su = NewSeat(r, ma), NewSeat(r, mb)
	t.Cleanup(func() { sr.Close(); su.Close() })
	for _, s := range []*SeatModel{sr, su} {
		s.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
		s.Update(keyMsg("enter")) // past the briefing, to the turn
	}
	r.Locked(func() {
		sess.Orders.Set(rok, c.LeverIndex("combined_exercise"), 3)
		sess.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 3)
		if err := r.commit(ma); err != nil {
			t.Fatal(err)
		}
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "rok_support", Value: "20", By: "console", Reason: "poll shock"}); err != nil {
			t.Fatal(err)
		}
	})
	if err := sess.Game.CheckSide(sess.Orders, rok); err == nil {
		t.Fatal("the cut left ROK's 6 points affordable: the test no longer sets the case up")
	}
	return r, rok, us, sr, su
}

// TestWhiteCellCutReopensOnlyThatSide checks what a White-cell act that
// cuts one ally's budget does to the others. It used to leave ROK
// committed with a draft the engine refuses, and every check of the US
// draft asked the engine about all drafts: the US could not commit nor add
// a point, and its screen read "rok: spends 6.0 but only 4.2 is available"
// (ROK's draft, which the US may not see).
func TestWhiteCellCutReopensOnlyThatSide(t *testing.T) {
	r, rok, us, sr, su := budgetCutRoom(t)
	s := r.Sess
	c := s.C
	if s.Committed(rok) {
		t.Error("ROK's committed draft no longer fits its budget but stays committed")
	}
	for _, seat := range []*SeatModel{sr, su} {
		seat.Update(roomMsg{})
	}
	if msg := sr.m.message; !strings.Contains(msg, "no longer fits") {
		t.Errorf("ROK's seat is not told its draft was re-opened: %q", msg)
	}
	if sr.m.screen != scrTurn {
		t.Errorf("ROK's seat is on screen %v, want the turn: it must play again", sr.m.screen)
	}
	if msg := su.m.message; strings.Contains(msg, "fits") || strings.Contains(msg, "rok") {
		t.Errorf("the US seat is told about ROK's draft: %q", msg)
	}
	if !slicesContainsSub(r.Log, "no longer fits") {
		t.Errorf("the console's log does not say ROK's draft was re-opened:\n%s", strings.Join(r.Log, "\n"))
	}

	// The US drafts and commits through its seat as a team would.
	for range 3 {
		su.Update(keyMsg("right"))
	}
	if got := s.Orders.Get(us, su.m.sel); got != 3 {
		t.Fatalf("the US put %d points on %s, want 3 (message %q)", got, c.Levers[su.m.sel].Name, su.m.message)
	}
	screen := ansi.Strip(su.Render())
	if strings.Contains(screen, "rok:") || strings.Contains(screen, "spends") {
		t.Errorf("the US screen shows ROK's draft:\n%s", screen)
	}
	var err error
	r.Locked(func() { err = r.commit(r.members[1]) })
	if err != nil {
		t.Errorf("the US cannot commit a draft within its budget: %v", err)
	}
}

// TestForcedTurnKeepsValidDrafts checks the timer running out after such
// a cut. It used to empty the US draft (it asked the engine about all
// drafts) and then every draft, and both allies paid the whole shortfall
// of visible commitment. Now the US draft stands and ROK's is cut to what
// it can afford.
func TestForcedTurnKeepsValidDrafts(t *testing.T) {
	r, rok, us, sr, su := budgetCutRoom(t)
	s := r.Sess
	c := s.C
	ce, cg := c.LeverIndex("combined_exercise"), c.LeverIndex("coast_guard_patrol")
	r.Locked(func() {
		s.Orders.Set(us, ce, 3)
		s.Orders.Set(us, cg, 2)
		r.force("time is up")
	})
	if len(s.Results) != 1 {
		t.Fatalf("the forced turn was not adjudicated:\n%s", strings.Join(r.Log, "\n"))
	}
	res := s.Results[0]
	nl := len(c.Levers)
	if got := [2]int{res.Points[us*nl+ce], res.Points[us*nl+cg]}; got != [2]int{3, 2} {
		t.Errorf("the US played %v on combined exercise and coast guard, want its draft [3 2]", got)
	}
	rokPoints, rokSpend := 0, sim.Fix(0)
	for l := range c.Levers {
		p := res.Points[rok*nl+l]
		rokPoints += p
		rokSpend += c.Levers[l].Cost * sim.Fix(p)
	}
	if rokPoints == 0 {
		t.Error("ROK's draft was emptied, not cut to what it can afford")
	}
	if avail := sim.FixFromFloat(4.2); rokSpend > avail {
		t.Errorf("ROK spent %s, over the %s it had", rokSpend.Format(1), avail.Format(1))
	}
	for _, e := range res.Ledger {
		if e.Kind == sim.CauseCommitment && e.Side == us {
			t.Errorf("the US is charged for a visible-commitment shortfall: %s", c.DescribeEntry(e))
		}
	}
	sr.Update(roomMsg{})
	su.Update(roomMsg{})
	if msg := sr.m.message; !strings.Contains(msg, "was cut to") {
		t.Errorf("ROK's seat is not told its draft was cut: %q", msg)
	}
	if msg := su.m.message; strings.Contains(msg, "cut") {
		t.Errorf("the US seat is told about ROK's draft: %q", msg)
	}
}

// slicesContainsSub reports whether a line of lines contains sub.
func slicesContainsSub(lines []string, sub string) bool {
	for _, l := range lines {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

// TestHotseatWhiteCellCutReplaysSide is the same cut at one shared screen:
// ROK has committed and handed over to the US when the White cell cuts
// ROK's budget. ROK must play again after the US (its committed draft
// used to stand, and the US could then neither add a point nor commit),
// and the shared screen must not show ROK's numbers.
func TestHotseatWhiteCellCutReplaysSide(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	s := NewSession(c, 7, "normal", human, make([]sim.Policy, len(c.Sides)))
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	m := resize(t, New(Options{Resume: s, WhiteCell: true}), 160, 50)
	m = press(t, m, "enter") // the hand-over to ROK
	if m.screen != scrTurn || m.side != rok {
		t.Fatalf("screen %v for side %d, want ROK's turn", m.screen, m.side)
	}
	s.Orders.Set(rok, c.LeverIndex("combined_exercise"), 3)
	s.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 3)
	m = press(t, m, "enter")
	if !s.Committed(rok) || m.screen != scrHandover {
		t.Fatalf("ROK did not commit (screen %v, message %q)", m.screen, m.message)
	}
	metric := slices.Index(editableMetrics(c), c.MetricIndex("rok_support"))
	if metric < 0 {
		t.Fatal("rok_support cannot be set from the console")
	}
	m = press(t, m, "W", "m")
	for range metric {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter", "2", "0", "enter", "p", "o", "l", "l", "enter", "esc")
	if len(s.Acts) != 1 {
		t.Fatalf("the White cell's act did not go through: acts %q", s.Acts)
	}
	if s.Committed(rok) {
		t.Fatal("ROK's committed draft no longer fits its budget but stays committed")
	}
	if screen := plain(m); strings.Contains(screen, "rok:") || strings.Contains(screen, "spends") {
		t.Errorf("the shared screen shows ROK's spending:\n%s", screen)
	}
	m = press(t, m, "enter") // the hand-over to the US
	if m.side != us {
		t.Fatalf("side %d plays after the act, want the US", m.side)
	}
	m = press(t, m, "right")
	if got := s.Orders.Get(us, m.sel); got != 1 {
		t.Errorf("the US could not add a point: %q", m.message)
	}
	for range 4 {
		m = press(t, m, "right")
	}
	m = press(t, m, "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	if !s.Committed(us) {
		t.Fatalf("the US could not commit: %q", m.message)
	}
	m = press(t, m, "enter") // the hand-over back to ROK
	if m.screen != scrTurn || m.side != rok {
		t.Fatalf("screen %v for side %d after the US committed, want ROK's turn again", m.screen, m.side)
	}
}

// TestWhyPanelIgnoresOthersDrafts checks the why? panel of the US after
// the cut: it explained "so far this week" by stepping a copy of the game
// with every side's draft, which the engine refused while ROK's was over
// its budget, so the White cell's override went unexplained.
func TestWhyPanelIgnoresOthersDrafts(t *testing.T) {
	r, _, _, _, su := budgetCutRoom(t)
	c := r.Sess.C
	var why string
	r.Locked(func() {
		su.m.metricSel = c.MetricIndex("rok_support")
		why = ansi.Strip(su.m.whyPanel(200))
	})
	if !strings.Contains(why, "White-cell override") {
		t.Errorf("the US why? panel does not explain ROK's support by the White cell's override:\n%s", why)
	}
}

// TestResumedDraftDropsOnlyTheSideThatNoLongerFits checks a draft restored
// on resume after a White-cell act (restored first) cut ROK's budget: only
// ROK's draft is dropped and reopened. The whole draft was dropped, and
// every commit with it.
func TestResumedDraftDropsOnlyTheSideThatNoLongerFits(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	s := NewSession(c, 7, "normal", human, make([]sim.Policy, len(c.Sides)))
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	s.pendingActs = []journal.WhiteCell{{Action: journal.ActMetric, Turn: 1, Metric: "rok_support", Value: "20", By: "console", Reason: "poll shock"}}
	s.pending = &draft{Turn: 1, Points: map[string]map[string]int{
		"rok": {"combined_exercise": 3, "public_diplomacy": 3},
		"us":  {"combined_exercise": 3, "coast_guard_patrol": 2},
	}, Committed: []string{"rok", "us"}}
	s.Brief()
	if len(s.Acts) != 1 {
		t.Fatalf("the White cell's act was not restored: %q (%v)", s.Acts, s.JournalErr)
	}
	if got := s.Orders.Get(us, c.LeverIndex("coast_guard_patrol")); got != 2 || !s.Committed(us) {
		t.Errorf("the US draft (coast guard %d, committed %v) was dropped with ROK's", got, s.Committed(us))
	}
	if s.Committed(rok) || s.Game.CheckSide(s.Orders, rok) != nil {
		t.Errorf("ROK's draft, over its budget, stands (committed %v)", s.Committed(rok))
	}
}
