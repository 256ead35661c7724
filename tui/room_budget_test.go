package tui

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
	"lattice/sim/journal"
)

// seatedRoom is a tutorial room with ROK and the US seated (a seat for
// each, 160×50, past the briefing), in which ROK has committed 6 points.
func seatedRoom(t *testing.T) (r *Room, rok, us int, sr, su *SeatModel) {
	t.Helper()
	sess := alliesSession(t)
	c := sess.C
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
	})
	return r, rok, us, sr, su
}

// budgetCutRoom is seatedRoom after the White cell cut ROK's domestic
// support to 20, leaving ROK only 4.2 to spend.
func budgetCutRoom(t *testing.T) (r *Room, rok, us int, sr, su *SeatModel) {
	t.Helper()
	r, rok, us, sr, su = seatedRoom(t)
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "rok_support", Value: "20", By: "console", Reason: "poll shock"}); err != nil {
			t.Fatal(err)
		}
	})
	if err := r.Sess.Game.CheckSide(r.Sess.Orders, rok); err == nil {
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
	} else if !strings.Contains(msg, "South Korea: spends") || strings.Contains(msg, "rok:") {
		t.Errorf("ROK's seat is told with the side's id, not its name: %q", msg)
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
	s := alliesSession(t)
	c := s.C
	m, rok, us := hotseatAtROK(t, s)
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
	s := alliesSession(t)
	c := s.C
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

// TestHotseatCutTellsTheReopenedSide: the White cell cuts ROK's budget
// twice after ROK committed, while the US is to play. The notice that
// ROK plays again went to the shared screen (the US hand-over, then again
// after the second act) and ROK's own turn had none; its commit was then
// refused with the side's id ("rok: spends …"), and its budget line did
// not add up ("budget 6.0 spent 7.0 left -1.1"). ROK is told, by name,
// when its turn comes, and the line adds up.
func TestHotseatCutTellsTheReopenedSide(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	m, rok, us := hotseatAtROK(t, s)
	s.Orders.Set(rok, c.LeverIndex("combined_exercise"), 3)
	s.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 3)
	m = press(t, m, "enter")
	if !s.Committed(rok) || m.screen != scrHandover {
		t.Fatalf("ROK did not commit (screen %v, message %q)", m.screen, m.message)
	}
	metric := slices.Index(editableMetrics(c), c.MetricIndex("rok_support"))
	shared := func(when string) {
		t.Helper()
		if screen := plain(m); strings.Contains(screen, "spends") || strings.Contains(screen, "rok:") || strings.Contains(screen, "no longer fits") {
			t.Errorf("%s: the shared screen tells of ROK's draft:\n%s", when, screen)
		}
	}
	for i, v := range []string{"10", "35"} {
		m = press(t, m, "W", "m")
		for range metric {
			m = press(t, m, "down")
		}
		m = press(t, m, "enter")
		m = press(t, m, strings.Split(v, "")...)
		m = press(t, m, "enter", "p", "o", "l", "l", "enter", "esc")
		if len(s.Acts) != i+1 {
			t.Fatalf("the White cell's act %d did not go through: acts %q", i+1, s.Acts)
		}
		shared("after act " + v)
	}
	m = press(t, m, "enter") // the hand-over to the US
	if m.side != us || m.screen != scrTurn {
		t.Fatalf("side %d on screen %v after the acts, want the US's turn", m.side, m.screen)
	}
	shared("the US's turn")
	m = press(t, m, "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	shared("the hand-over to ROK")
	m = press(t, m, "enter")
	if m.screen != scrTurn || m.side != rok {
		t.Fatalf("screen %v for side %d after the US committed, want ROK's turn again", m.screen, m.side)
	}
	screen := plain(m)
	if !strings.Contains(m.message, "no longer fits") || !strings.Contains(m.message, "South Korea") {
		t.Errorf("ROK's turn does not say why it plays again: %q\n%s", m.message, screen)
	}
	if strings.Contains(screen, "rok:") {
		t.Errorf("the side's id, not its name:\n%s", screen)
	}
	var budget, spent, left float64
	for _, l := range strings.Split(screen, "\n") {
		if i := strings.Index(l, "budget "); i >= 0 && strings.Contains(l, "left ") {
			if _, err := fmt.Sscanf(strings.TrimSpace(l[i:]), "budget %g  spent %g  left %g", &budget, &spent, &left); err != nil {
				t.Fatalf("budget line %q: %v", l, err)
			}
			if math.Abs(budget-spent-left) > 1e-9 {
				t.Errorf("the budget line does not add up: %q", strings.TrimSpace(l[i:]))
			}
			// The notice is of the draft as it stands after both acts,
			// with the line's numbers.
			avail := strings.Fields(l[i:])[1]
			if !strings.Contains(m.message, "but only "+avail+" is available") {
				t.Errorf("the notice's numbers are not the budget line's (%s): %q", avail, m.message)
			}
		}
	}
	if spent == 0 {
		t.Fatalf("no budget line:\n%s", screen)
	}
	m = press(t, m, "enter") // ROK's draft is over its budget
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	if s.Committed(rok) {
		t.Fatal("ROK committed a draft over its budget")
	}
	if !strings.HasPrefix(m.message, "South Korea: spends") {
		t.Errorf("the refusal does not name the side: %q", m.message)
	}
	m = press(t, m, "right")
	if strings.Contains(plain(m), "rok:") {
		t.Errorf("the side's id, not its name:\n%s", plain(m))
	}
}

// TestBudgetLineAddsUp: a budget of 5.94 with 7 spent was shown as
// "budget 6.0  spent 7.0  left -1.1"; and 5.96 with 6 spent as "left 0.0"
// though the draft is over. Enough decimals are shown for the line to add
// up and to show a draft over its budget as below zero.
func TestBudgetLineAddsUp(t *testing.T) {
	f := sim.FixFromFloat
	for _, c := range []struct {
		budget, upkeep, spent float64
		want                  int
	}{
		{6, 0, 7, 1},
		{5.5, 0.5, 3, 1},
		{5.94, 0, 7, 1},    // 5.9 − 7.0 = −1.1
		{5.95, 0, 7, 2},    // 6.0 − 7.0 ≠ −1.1 (−1.05)
		{5.96, 0, 6, 2},    // "left 0.0", or "-0.0", for −0.04
		{5.9375, 0, 7, 1},  // 5.9 − 7.0 = −1.1
		{6.25, 1.25, 4, 1}, // 6.3 − 1.3 − 4.0 = 1.0
		{1, 2, 0, 1},       // upkeep over the budget: nothing available
		{8.6, 1.64, 6, 2},  // "left 1.0" for 0.96: a point that does not fit
		{8.6, 1.601, 6, 3}, // "left 1.00" for 0.999
		{8.6, 1.64, 5, 2},  // "left 2.0" for 1.96: one point fits, not two
		{8.6, 1.6, 6, 1},   // 8.6 − 1.6 − 6.0 = 1.0, exactly
	} {
		b, u, s := f(c.budget), f(c.upkeep), f(c.spent)
		if got := budgetPrec(b, u, s, max(b-u, 0)-s); got != c.want {
			t.Errorf("budget %v upkeep %v spent %v: %d decimals, want %d", c.budget, c.upkeep, c.spent, got, c.want)
		}
	}
}

// alliesSession is a tutorial session at seed 7 with both allies played by
// people (the adversary by its doctrine), in a state directory of its own.
func alliesSession(t *testing.T) *Session { return alliesSessionOf(t, "tutorial", 7) }

// alliesSessionOf is a session of the built-in scenario name at seed with
// every ally played by people (the adversaries by their doctrine), in a
// state directory of its own.
func alliesSessionOf(t *testing.T, name string, seed uint64) *Session {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := scenarioEntry(t, name).Compiled
	human := make([]bool, len(c.Sides))
	for _, a := range c.Alliance() {
		human[a] = true
	}
	return NewSession(c, seed, "normal", human, make([]sim.Policy, len(c.Sides)))
}

// TestConsoleSetsBudget: b on the console sets an allied side's base budget
// from this turn on. The list shows each ally's budget, the prompt what the
// side would have this turn by the engine's rule, a value out of range is
// refused before the reason; then the act is journalled, every seat is
// told, and ROK, whose committed 6 points a budget of 2 no longer pays
// for, plays again. The next turn is paid from the new base.
func TestConsoleSetsBudget(t *testing.T) {
	r, rok, _, sr, su := seatedRoom(t)
	s := r.Sess
	c := s.C
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	press := func(ks ...string) string {
		for _, k := range ks {
			con.Update(keyMsg(k))
		}
		return ansi.Strip(con.Render())
	}
	out := press("b")
	if !strings.Contains(out, "Set which side's budget?") || !strings.Contains(out, "South Korea") || !strings.Contains(out, "base "+c.Sides[rok].Budget.Format(1)) {
		t.Fatalf("b does not list the allies' budgets:\n%s", out)
	}
	for range slices.Index(c.Alliance(), rok) {
		press("down")
	}
	out = press("enter", "1", "0", "0", "1")
	if !strings.Contains(out, "New base budget of South Korea") {
		t.Fatalf("enter on ROK does not ask for its budget:\n%s", out)
	}
	if out = press("enter"); !strings.Contains(out, "from 0 to 1000") || strings.Contains(out, "Reason for") {
		t.Fatalf("a budget of 1001 went on to the reason:\n%s", out)
	}
	out = press("backspace", "backspace", "backspace", "backspace", "-", "2")
	if !strings.Contains(out, "> 2▏") {
		t.Errorf("the minus sign was typed into a budget:\n%s", out)
	}
	n := s.Game.Clone()
	if err := n.SetBudget(rok, sim.FixInt(2)); err != nil {
		t.Fatal(err)
	}
	if want := "a budget of " + n.Budget(rok).Format(1); !strings.Contains(out, want) {
		t.Errorf("the prompt does not say what ROK would have (%q):\n%s", want, out)
	}
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "South Korea's committed draft will not fit and goes back to its team") {
		t.Errorf("the prompt does not warn that ROK's committed draft goes back:\n%s", out)
	}
	out = press("enter")
	if !strings.Contains(out, "Reason for setting South Korea's budget to 2 a week") {
		t.Fatalf("no reason asked:\n%s", out)
	}
	press("c", "r", "enter")
	if got := s.Game.BaseBudget(rok); got != sim.FixInt(2) {
		t.Fatalf("ROK's base budget is %s, want 2", got)
	}
	if want := "set South Korea's budget to 2 a week — cr"; len(s.Acts) != 1 || !strings.HasSuffix(s.Acts[0], want) {
		t.Errorf("acts %q, want one ending %q", s.Acts, want)
	}
	if s.Committed(rok) {
		t.Error("ROK's 6 points are over its new budget of 2 but its commit stands")
	}
	for _, seat := range []*SeatModel{sr, su} {
		seat.Update(roomMsg{})
	}
	if msg := ansi.Strip(su.View().Content); !strings.Contains(msg, "budget to 2 a week") {
		t.Errorf("the US seat is not told of the budget:\n%s", msg)
	}
	if msg := sr.m.message; !strings.Contains(msg, "no longer fits") {
		t.Errorf("ROK's seat is not told its draft was re-opened: %q", msg)
	}
	j, _, err := journal.Read(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	var acts []journal.WhiteCell
	for _, e := range j.Entries {
		if e.WhiteCell != nil {
			acts = append(acts, *e.WhiteCell)
		}
	}
	if len(acts) != 1 || acts[0].Action != journal.ActBudget || acts[0].Side != "rok" || acts[0].Value != "2" || acts[0].Reason != "cr" {
		t.Errorf("journalled acts %+v, want the budget act", acts)
	}
	// The turn's results say so (a budget is in no ledger), and the next
	// turn is paid from the new base.
	r.Locked(func() { r.Force("test") })
	if len(s.Results) != 1 || len(s.Results[0].Budgets) != 1 || s.Results[0].Budgets[0] != (BudgetSet{Side: rok, From: c.Sides[rok].Budget, To: sim.FixInt(2)}) {
		t.Fatalf("turn 1's record: %+v", s.Results)
	}
	m := resize(t, New(Options{Resume: s}), 100, 40)
	m.last = &s.Results[0]
	if out := ansi.Strip(m.resultsText()); !strings.Contains(out, "The White cell set South Korea's budget to 2 a week (it was "+c.Sides[rok].Budget.String()+")") {
		t.Errorf("the results do not name the budget the White cell set:\n%s", out)
	}
	if !s.Game.Over() {
		if !s.Game.Briefed() {
			s.Brief()
		}
		if got := s.Game.BaseBudget(rok); got != sim.FixInt(2) {
			t.Errorf("turn 2: ROK's base budget is %s, want 2 still", got)
		}
	}
}

// The results say what each ally put where, the AI's too, as the screen
// may see it: the US seat is not shown ROK's points on intelligence
// sharing (not visible), only that some were undisclosed; ROK's own seat
// sees them.
func TestResultsAllocationsFogged(t *testing.T) {
	r, rok, _, sr, su := seatedRoom(t)
	s := r.Sess
	c := s.C
	r.Locked(func() {
		s.Orders.Set(rok, c.LeverIndex("public_diplomacy"), 0)
		s.Orders.Set(rok, c.LeverIndex("intel_sharing"), 2)
		r.Force("test")
	})
	if len(s.Results) != 1 {
		t.Fatalf("%d turns adjudicated", len(s.Results))
	}
	rec := &s.Results[0]
	us := strings.Join(su.m.allocationLines(rec), "\n")
	own := strings.Join(sr.m.allocationLines(rec), "\n")
	if !strings.Contains(us, "South Korea: Combined exercise 3, and undisclosed allocations") || strings.Contains(us, "Intelligence sharing 2") {
		t.Errorf("the US seat's allocations:\n%s", us)
	}
	if !strings.Contains(own, "South Korea: Combined exercise 3, Intelligence sharing 2") {
		t.Errorf("ROK's own seat's allocations:\n%s", own)
	}
	if !strings.Contains(own, "United States: nothing") {
		t.Errorf("a side that committed nothing is not said to:\n%s", own)
	}
}

// Rolling a turn back undoes the White cell's acts of that turn and after,
// and the log says so (it still lists them above: a budget set there is no
// longer).
func TestRollbackSaysItUndoesActs(t *testing.T) {
	s, rok, _ := soloTutorial(t)
	s.Brief()
	if err := s.Act(journal.WhiteCell{Action: journal.ActBudget, Side: "rok", Value: "2", Reason: "a cut", By: "console"}); err != nil {
		t.Fatal(err)
	}
	s.Commit(rok)
	if _, err := s.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	if err := s.Rollback("replay it", "console"); err != nil {
		t.Fatal(err)
	}
	if last := s.Acts[len(s.Acts)-1]; !strings.Contains(last, "rolled back, and with it the White cell's 1 act since") {
		t.Errorf("the rollback's line: %q", last)
	}
	if got := s.Game.BaseBudget(rok); got != s.C.Sides[rok].Budget {
		t.Errorf("ROK's base budget is %s after the rollback, want the scenario's", got)
	}
}

// At a shared screen, a side whose budget the White cell set is told when
// its turn comes, behind its own hand-over; it learnt only from the
// results.
func TestHotseatBudgetSetTellsTheSide(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	m, _, us := hotseatAtROK(t, s)
	m = press(t, m, "W", "b")
	for range slices.Index(c.Alliance(), us) {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter", "2", "enter", "c", "u", "t", "enter", "esc")
	if got := s.Game.BaseBudget(us); got != sim.FixInt(2) {
		t.Fatalf("the US's base budget is %s, want 2 (acts %q)", got, s.Acts)
	}
	if strings.Contains(m.message, "your budget") {
		t.Errorf("ROK is told of the US's budget as its own: %q", m.message)
	}
	m = rokCommitsToUS(t, m, us)
	if want := fmt.Sprintf("the White cell set your budget to 2 a week (it was %s) — cut", c.Sides[us].Budget.String()); m.message != want {
		t.Errorf("the US's turn says %q, want %q", m.message, want)
	}
}

// hotseatAtROK opens a hotseat game of s with the White-cell console
// (160×50) and passes the hand-over to ROK's turn.
func hotseatAtROK(t *testing.T, s *Session) (m Model, rok, us int) {
	t.Helper()
	rok, us = s.C.SideIndex("rok"), s.C.SideIndex("us")
	m = resize(t, New(Options{Resume: s, WhiteCell: true}), 160, 50)
	m = press(t, m, "enter") // the hand-over to ROK
	if m.screen != scrTurn || m.side != rok {
		t.Fatalf("screen %v for side %d, want ROK's turn", m.screen, m.side)
	}
	return m, rok, us
}

// rokCommitsToUS commits ROK's draft at a hotseat (its budget left unspent
// if need be) and passes the hand-over to the US's turn.
func rokCommitsToUS(t *testing.T, m Model, us int) Model {
	t.Helper()
	m = press(t, m, "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	m = press(t, m, "enter") // the hand-over to the US
	if m.side != us || m.screen != scrTurn {
		t.Fatalf("side %d on screen %v, want the US's turn", m.side, m.screen)
	}
	return m
}
