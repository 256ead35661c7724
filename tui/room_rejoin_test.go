package tui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim/journal"
)

// What a team finds when it comes back to a seminar in progress: its
// connection dropped, it joined late, or the server was restarted.

// flat is a seat's screen as plain text with its lines joined, so that a
// sentence wrapped over two lines is found whole.
func flat(s *SeatModel) string { return strings.Join(strings.Fields(ansi.Strip(s.Render())), " ") }

// comeBack joins name (with key) to r again, checks that it is back on
// side, and opens its seat at w×h on screen want. The caller closes it.
func comeBack(t *testing.T, r *Room, name, key string, side, w, h int, want screen) *SeatModel {
	t.Helper()
	back, err := r.JoinWithCode(name, key, false, r.SideCode(side)) // (a keyless team's proof)
	if err != nil {
		t.Fatal(err)
	}
	if back.Side != side {
		t.Fatalf("%s is back on side %d, want %d", name, back.Side, side)
	}
	s := NewSeat(r, back)
	s.Update(tea.WindowSizeMsg{Width: w, Height: h})
	if got := screenOf(s); got != want {
		s.Close()
		t.Fatalf("%s comes back to screen %v, want %v", name, got, want)
	}
	return s
}

// TestSeatOpenedAfterAnActHearsOfIt: the White cell's acts are told to
// the seats open when they are taken; a team that came back afterwards
// (its laptop's Wi-Fi dropped) saw cohesion down 20 with nothing to say
// why, and its screen offered the first turn's hint instead.
func TestSeatOpenedAfterAnActHearsOfIt(t *testing.T) {
	r, _, us, _, su := seatedRoom(t)
	su.Close() // the US team's connection drops
	reason := "the National Assembly votes no confidence"
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "40", Reason: reason, By: "console"}); err != nil {
			t.Fatal(err)
		}
	})
	s := comeBack(t, r, "B", "", us, 80, 24, scrTurn)
	defer s.Close()
	if out := flat(s); !strings.Contains(out, reason) {
		t.Errorf("the returning team is not told of the White cell's act:\n%s", s.Render())
	}
}

// TestRestartedRoomTellsTheTurnsActsAgain: after lattice serve --resume the
// turn in progress gets its White-cell acts back, but the teams' screens
// lost every word of them: the waiting screens' list of the White cell's
// acts this turn was empty, and no notice was given.
func TestRestartedRoomTellsTheTurnsActsAgain(t *testing.T) {
	sess, _, opts, r, ally, alpha := timedRoomWithAlpha(t)
	bravo := mustJoin(t, r, "Bravo", "SHA256:bravo", false)
	if err := r.Choose(bravo, sess.HumanAllies()[1]); err != nil { // the turn waits for it
		t.Fatal(err)
	}
	reason := "Seoul's coalition wobbles after the vote"
	r.Locked(func() {
		r.Force("console") // past the Red team's planning: the turn is briefed
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "cohesion", Value: "45", Reason: reason, By: "console"}); err != nil {
			t.Fatal(err)
		}
		decided := false // a real move's outcome, which the teams are not told
		for _, a := range sess.C.Actions {
			if r.Act(journal.WhiteCell{Action: journal.ActRoll, Move: a.ID, Outcome: journal.OutcomeFailure, Reason: "kept from the teams", By: "console"}) == nil {
				decided = true
				break
			}
		}
		if !decided {
			t.Fatal("no adversary move to decide: the test no longer sets its case up")
		}
		if err := r.commit(alpha); err != nil {
			t.Fatal(err)
		}
	})
	r.Leave(alpha)
	_, resumed := reopenRoom(t, sess, opts)
	s := comeBack(t, resumed, "Alpha", "SHA256:alpha", ally, 100, 40, scrWait) // committed: it waits
	defer s.Close()
	out := flat(s)
	if !strings.Contains(out, "• the White cell: ") || !strings.Contains(out, reason) {
		t.Errorf("the restarted room does not list the White cell's act of the turn:\n%s", s.Render())
	}
	if strings.Contains(out, "kept from the teams") {
		t.Errorf("a move's outcome decided by the White cell is told to the teams:\n%s", s.Render())
	}
}

// TestReturningTeamSeesTheResultsItMissed: a team whose connection dropped
// as the turn was adjudicated came back to the next turn's screen: the
// results, the one account of what its allocation did, were never shown
// to it, and no key shows them again. A team that had read them goes
// straight back to its turn.
func TestReturningTeamSeesTheResultsItMissed(t *testing.T) {
	r, _, us, sr, su := seatedRoom(t)
	su.Close() // the US team drops before the turn is adjudicated
	r.Locked(func() { r.Force("console") })
	sr.Update(roomMsg{})
	if screenOf(sr) != scrResults {
		t.Fatalf("the ROK team is on screen %v, want the results", screenOf(sr))
	}
	s := comeBack(t, r, "B", "", us, 120, 40, scrResults)
	if out := flat(s); !strings.Contains(out, "Results") {
		t.Fatalf("the results screen does not show the results:\n%s", s.Render())
	}
	s.Update(keyMsg("enter"))
	if screenOf(s) != scrTurn {
		t.Fatalf("enter after the results: screen %v, want the turn", screenOf(s))
	}
	s.Close()

	// Having read them, it comes back to its turn.
	comeBack(t, r, "B", "", us, 120, 40, scrTurn).Close()
}

// TestReopenedSideToldFirst: when a White-cell act leaves a committed
// draft over its side's budget, that side's notice came after the act's
// own, and at 80 columns the notice line (two lines) was cut before
// "change it and commit again": the team saw its turn screen back with
// no word of what to do.
func TestReopenedSideToldFirst(t *testing.T) {
	_, _, _, sr, _ := budgetCutRoom(t)
	sr.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	sr.Update(roomMsg{})
	if screenOf(sr) != scrTurn {
		t.Fatalf("ROK is on screen %v, want its turn again", screenOf(sr))
	}
	if out := flat(sr); !strings.Contains(out, "commit again") {
		t.Errorf("at 80×24 the re-opened side is not told to commit again:\n%s", sr.Render())
	}
	if !strings.Contains(sr.m.message, "poll shock") {
		t.Errorf("the White cell's act is no longer told to the re-opened side: %q", sr.m.message)
	}
}

// TestWaitScreenScrollsItsEvents: at 80×24 a waiting team's (and the
// projector's) intelligence panel holds a few lines of the events; the
// signals and last turn's moves below were cut without a word, and no key
// scrolled to them. ↑/↓ scroll it now, and a line says how much is below.
func TestWaitScreenScrollsItsEvents(t *testing.T) {
	sess := alliesSessionOf(t, "taiwan-strait", 1)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	obs := seatOn(t, r, "Projector", -1)
	defer obs.Close()
	all := []*SeatModel{obs}
	obs.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	seatKeys(t, all, obs, "enter") // past the briefing
	if screenOf(obs) != scrWait {
		t.Fatalf("the observer is on screen %v, want the wait", screenOf(obs))
	}
	first := ansi.Strip(obs.Render())
	if !strings.Contains(first, "more lines (↑/↓)") {
		t.Fatalf("at 80×24 the events fit, or their cut is not said:\n%s", first)
	}
	if lines := strings.Split(first, "\n"); !strings.HasPrefix(lines[len(lines)-1], "↑/↓ scroll • ") {
		t.Errorf("the wait screen's key line does not offer ↑/↓: %q", lines[len(lines)-1])
	}
	for range 80 {
		seatKeys(t, all, obs, "down")
	}
	end := ansi.Strip(obs.Render())
	if strings.Contains(end, "more lines") {
		t.Fatalf("↓ does not scroll the events to their end:\n%s", end)
	}
	if end == first {
		t.Fatal("↓ does not scroll the events")
	}
	if lines := strings.Split(end, "\n"); len(lines) != 24 {
		t.Fatalf("%d lines at 80×24:\n%s", len(lines), end)
	}
	_, rw := obs.m.waitPanelWidths()
	intel := obs.m.waitIntelLines(rw - 4)
	if last := strings.TrimSpace(ansi.Strip(intel[len(intel)-1])); !strings.Contains(end, last) {
		t.Errorf("the events' last line %q is not on the screen scrolled to the end:\n%s", last, end)
	}
	for range 80 {
		seatKeys(t, all, obs, "up")
	}
	if back := ansi.Strip(obs.Render()); back != first {
		t.Errorf("↑ does not scroll back to the top:\n%s", back)
	}
}

// TestSideCodeStaysOnTheStatusLine: the side code, which another terminal
// of the team types to join its side, is shown on the side's screens'
// status line only; at 80 columns a long team name (24 wide characters
// are 48 columns), or a name of 23 letters while the game was paused, cut
// it off the line. The name gives way now.
func TestSideCodeStaysOnTheStatusLine(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 10 * time.Minute})
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	wide := seatOn(t, r, strings.Repeat("漢字", 12), rok)
	long := seatOn(t, r, "Northern Lights Brigade", us)
	defer wide.Close()
	defer long.Close()
	all := []*SeatModel{wide, long}
	for _, st := range all {
		seatKeys(t, all, st, "enter") // past the briefing: the line says what the turn waits for
	}
	head := func(st *SeatModel) string { l, _, _ := strings.Cut(ansi.Strip(st.Render()), "\n"); return l }
	for _, paused := range []bool{false, true} {
		r.Locked(func() { r.SetPaused(paused, "console") })
		for _, st := range all {
			st.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
			st.Update(roomMsg{})
			h := head(st)
			if code := r.SideCode(st.m.seat.me.Side); !strings.Contains(h, "side code "+code) {
				t.Errorf("paused %v: %s's status line at 80 columns has no side code %s: %q", paused, st.m.seat.me.Name, code, h)
			} else if strings.Contains(h, "side code "+code+"…") {
				t.Errorf("paused %v: the line is cut right after the side code, which reads as longer: %q", paused, h)
			}
			if paused && !strings.Contains(h, "PAUSED by the White cell") {
				t.Errorf("%s's status line does not say the game is paused: %q", st.m.seat.me.Name, h)
			}
			if w := ansi.StringWidth(h); w > 80 {
				t.Errorf("the status line is %d columns wide: %q", w, h)
			}
		}
	}
	long.Update(tea.WindowSizeMsg{Width: 160, Height: 40})
	if h := head(long); !strings.Contains(h, "Northern Lights Brigade (captain)") {
		t.Errorf("at 160 columns the name is cut: %q", h)
	}
}

// TestAwayTeamSeesTheReplayedTurnsResults: a team that read a turn's
// results and left, while the White cell rolled the turn back and it was
// played again, is shown the new results when it comes back: its count of
// results read was cut only on open seats, so it counted the new ones as
// read and came back to the next turn (a review's repro).
func TestAwayTeamSeesTheReplayedTurnsResults(t *testing.T) {
	r, _, us, _, su := seatedRoom(t)
	r.Locked(func() { r.Force("console") }) // turn 1 adjudicated
	su.Update(roomMsg{})
	if len(r.Sess.Results) != 1 || screenOf(su) != scrResults {
		t.Fatalf("%d results, the US seat on screen %v", len(r.Sess.Results), screenOf(su))
	}
	su.Update(keyMsg("enter")) // read them
	su.Close()                 // and away
	r.Locked(func() {
		if err := r.Rollback("a ruling was wrong", "console"); err != nil {
			t.Fatal(err)
		}
		r.Force("console") // turn 1 played again
	})
	if len(r.Sess.Results) != 1 {
		t.Fatalf("%d results after the turn was played again", len(r.Sess.Results))
	}
	s := comeBack(t, r, "B", "", us, 80, 24, scrResults)
	s.Close()
}

// TestRedMarksSurviveARestart: the moves a Red team has marked and not
// committed are kept in the draft beside the journal, as an ally's draft
// is: a server restarted (serve --resume) or a hotseat game resumed gives
// them back on the adversary's screen, where they were lost (a seminar
// review's note). Committed, they are the plan, and the marks go.
func TestRedMarksSurviveARestart(t *testing.T) {
	s := newRoomSession(t)
	c := s.C
	prc := c.SideIndex("prc")
	book := c.Sides[prc].Playbook
	r := NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true})
	red := seatOn(t, r, "Red", prc)
	all := []*SeatModel{red}
	seatKeys(t, all, red, "enter") // past the briefing, to the plan
	if screenOf(red) != scrAdversary {
		t.Fatalf("the Red seat is on screen %v, not its plan", screenOf(red))
	}
	seatKeys(t, all, red, "r") // the first move, real
	red.Close()
	s.Journal.Close()

	// The server restarted.
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	r2 := NewRoom(back, RoomOptions{Name: "Game 1", AllowRed: true})
	var plan string
	r2.Locked(func() { plan = r2.redPlanText(prc) })
	if want := "marking: real " + c.Actions[book[0]].Name + "; bluffs none"; plan != want {
		t.Errorf("after a restart the Red team's marks are %q, want %q", plan, want)
	}
	red2 := seatOn(t, r2, "Red", prc)
	if screenOf(red2) == scrBriefing {
		seatKeys(t, []*SeatModel{red2}, red2, "enter")
	}
	if screenOf(red2) != scrAdversary || !red2.m.advReal[book[0]] {
		t.Errorf("the Red seat does not show its mark after a restart:\n%s", red2.Render())
	}
	red2.Close()
	back.Journal.Close()

	// The same game resumed at one screen (hotseat).
	again, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return again })
	defer again.Journal.Close()
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Resume: again}), 100, 30)
	for i := 0; i < 3 && m.screen != scrAdversary; i++ {
		m = press(t, m, "enter")
	}
	if m.screen != scrAdversary || m.side != prc || !m.advReal[book[0]] {
		t.Fatalf("the resumed hotseat game does not show the Red team's mark:\n%s", plain(m))
	}
	// Committed, the marks are the plan: the draft keeps the plan alone.
	m = press(t, m, "enter")
	if !again.HasPlan(prc) {
		t.Fatalf("the plan was not committed:\n%s", plain(m))
	}
	if err := again.SaveDraft(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(DraftPath(again.JournalPath))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), `"marks"`) {
		t.Errorf("the draft keeps the marks of a committed plan: %s", data)
	}
}
