package tui

import (
	"strings"
	"testing"

	"lattice/sim/journal"
)

// hotseatCommit commits the side at the screen, confirming a budget left
// unspent.
func hotseatCommit(t *testing.T, m Model) Model {
	t.Helper()
	m = press(t, m, "enter")
	if m.confirmEnd {
		m = press(t, m, "y")
	}
	return m
}

// grayZoneAllies is a gray-zone session with every ally played by people.
func grayZoneAllies(t *testing.T) *Session {
	t.Helper()
	return alliesSessionOf(t, "gray-zone", 7)
}

// grayZoneSeats is a gray-zone room whose allies people play, with a seat
// for ROK (sr) and one for the US (su), past the briefing; all is both.
func grayZoneSeats(t *testing.T) (r *Room, rok int, sr, su *SeatModel, all []*SeatModel) {
	t.Helper()
	sess := grayZoneAllies(t)
	c := sess.C
	rok = c.SideIndex("rok")
	r = NewRoom(sess, RoomOptions{Name: "Game 1"})
	sr, su = seatOn(t, r, "A", rok), seatOn(t, r, "B", c.SideIndex("us"))
	t.Cleanup(func() { sr.Close(); su.Close() })
	all = []*SeatModel{sr, su}
	for _, s := range all {
		s.Update(keyMsg("enter")) // past the briefing
	}
	return r, rok, sr, su, all
}

// TestInjectAfterCommitReopensDecider: an inject with a choice fired by
// the White cell after the deciding side committed was decided for that
// side with the first option (and the report said the team chose it). Its
// commit is undone now, it is told why, and its seat asks the question.
func TestInjectAfterCommitReopensDecider(t *testing.T) {
	r, rok, sr, su, all := grayZoneSeats(t)
	sess, c := r.Sess, r.Sess.C
	commitVia(t, all, sr)
	if !sess.Committed(rok) {
		t.Fatalf("ROK did not commit: %q", sr.m.message)
	}
	var err error
	r.Locked(func() {
		err = r.Act(journal.WhiteCell{Action: journal.ActInject, Inject: "survey_ship", Reason: "test", By: "console"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if sess.Committed(rok) {
		t.Fatal("ROK stays committed: the engine would answer its inject with the first choice")
	}
	for _, s := range all {
		s.Update(roomMsg{})
	}
	if sr.m.screen != scrTurn || sr.m.dialog != c.InjectIndex("survey_ship") {
		t.Errorf("ROK's seat is on screen %v with dialog %d, want the turn asking about the survey ship", sr.m.screen, sr.m.dialog)
	}
	if msg := sr.m.message; !strings.Contains(msg, "A survey ship is turned back") || !strings.Contains(msg, "undone") {
		t.Errorf("ROK's seat is not told why it plays again: %q", msg)
	}
	if strings.Contains(su.m.message, "undone") {
		t.Errorf("the US seat is told of ROK's commit: %q", su.m.message)
	}
	if !slicesContainsSub(r.Log, "survey ship is turned back: its commit is undone") {
		t.Errorf("the log does not say ROK's commit was undone:\n%s", strings.Join(r.Log, "\n"))
	}
	// ROK answers with the second choice; the turn records it.
	seatKeys(t, all, sr, "down")
	commitVia(t, all, sr)
	commitVia(t, all, su)
	if len(sess.Results) != 1 {
		t.Fatalf("the turn was not adjudicated (ROK %v, US %v)", sess.Committed(rok), sess.Committed(c.SideIndex("us")))
	}
	for _, f := range sess.Results[0].Injects {
		if c.Injects[f.Inject].ID == "survey_ship" && f.Choice != 1 {
			t.Errorf("the survey ship was answered with choice %d, want ROK's (1)", f.Choice)
		}
	}
}

// TestHotseatInjectAfterCommitReopensDecider is the same at one shared
// screen: ROK committed and handed over when the White cell fires an
// inject ROK decides; ROK plays again after the sides still to play, and
// is asked.
func TestHotseatInjectAfterCommitReopensDecider(t *testing.T) {
	s := grayZoneAllies(t)
	c := s.C
	m, rok, _ := hotseatAtROK(t, s)
	for i := 0; i < 6 && m.dialog >= 0; i++ {
		m = press(t, m, "enter")
	}
	m = hotseatCommit(t, m)
	if !s.Committed(rok) || m.screen != scrHandover {
		t.Fatalf("ROK did not commit (screen %v, message %q)", m.screen, m.message)
	}
	m = press(t, m, "W", "i")
	for range c.InjectIndex("survey_ship") {
		m = press(t, m, "down")
	}
	m = press(t, m, "enter", "t", "e", "s", "t", "enter", "esc")
	if len(s.Acts) != 1 {
		t.Fatalf("the inject did not fire: acts %q", s.Acts)
	}
	if s.Committed(rok) {
		t.Fatal("ROK stays committed: the engine would answer its inject with the first choice")
	}
	for i := 0; i < 20 && !(m.screen == scrTurn && m.side == rok); i++ {
		switch {
		case m.screen == scrHandover || m.dialog >= 0:
			m = press(t, m, "enter")
		case m.screen == scrTurn:
			m = hotseatCommit(t, m)
		default:
			t.Fatalf("screen %v before ROK played again", m.screen)
		}
	}
	if m.screen != scrTurn || m.side != rok || m.dialog != c.InjectIndex("survey_ship") {
		t.Fatalf("screen %v side %d dialog %d, want ROK asked about the survey ship", m.screen, m.side, m.dialog)
	}
}

// TestInjectDuringCommitQuestionIsAnsweredFirst: the White cell fired an
// inject the side decides while its captain's "commit with budget left?"
// question was open; y committed the draft with the event unanswered, and
// the engine took the first choice for the team (the report saying the
// team chose it). The commit is refused now, and the seat asks the event.
func TestInjectDuringCommitQuestionIsAnsweredFirst(t *testing.T) {
	r, rok, sr, _, all := grayZoneSeats(t)
	sess, c := r.Sess, r.Sess.C
	for i := 0; i < 6 && sr.m.dialog >= 0; i++ {
		seatKeys(t, all, sr, "enter") // this month's own events, answered
	}
	seatKeys(t, all, sr, "enter") // commit, with the budget unspent: asked
	if !sr.m.confirmEnd {
		t.Fatalf("no question before committing an unspent budget: %q", sr.m.message)
	}
	ship := c.InjectIndex("survey_ship")
	if c.Injects[ship].Decider != rok {
		t.Fatalf("the survey ship is decided by %d, not ROK: the test no longer sets its case up", c.Injects[ship].Decider)
	}
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActInject, Inject: "survey_ship", Reason: "test", By: "console"}); err != nil {
			t.Fatal(err)
		}
	})
	sr.Update(roomMsg{})   // the question stays open
	sr.Update(keyMsg("y")) // (no word from the room follows: nothing changed there)
	if sess.Committed(rok) {
		t.Fatalf("ROK committed with the survey ship unanswered (choice %d)", sess.Orders.Choices[ship])
	}
	if sr.m.dialog != ship || !strings.Contains(sr.m.message, "first answer the event") {
		t.Errorf("ROK's seat shows dialog %d and %q, want the survey ship asked", sr.m.dialog, sr.m.message)
	}
	seatKeys(t, all, sr, "enter") // the first choice, chosen by the team
	commitVia(t, all, sr)
	if !sess.Committed(rok) || sess.Orders.Choices[ship] < 0 {
		t.Errorf("ROK, having answered, did not commit: committed %v, choice %d, %q", sess.Committed(rok), sess.Orders.Choices[ship], sr.m.message)
	}
}
