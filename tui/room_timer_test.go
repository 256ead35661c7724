package tui

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// TestNoTimerPlusDoesNothing: on a server without --turn-timer, + ("+ 1
// min") started a countdown, and when it ran out the Red team's turn was
// played by doctrine. It says there is no timer now, and is not offered.
func TestNoTimerPlusDoesNothing(t *testing.T) {
	sess := newRoomSession(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true, Now: clock.now})
	red := sess.HumanAdversaries()[0]
	m := mustJoin(t, r, "Reds", "", false)
	if err := r.Choose(m, red); err != nil {
		t.Fatal(err)
	}
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if out := ansi.Strip(con.Render()); strings.Contains(out, "+ 1 min") {
		t.Errorf("the console offers + 1 min without a turn timer:\n%s", out)
	}
	con.Update(keyMsg("+"))
	if out := ansi.Strip(con.Render()); !strings.Contains(out, "no turn timer") {
		t.Errorf("+ does not say there is no turn timer:\n%s", out)
	}
	r.Locked(func() {
		if _, ok := r.TimeLeft(); ok {
			t.Error("+ started a countdown in a game without a turn timer")
		}
	})
	for range 3 {
		clock.t = clock.t.Add(2 * time.Minute)
		r.Tick()
	}
	r.Locked(func() {
		if r.phase != PhaseRed || r.redDone[red] {
			t.Errorf("the Red team's turn was played without it (phase %v); log:\n%s", r.phase, strings.Join(r.Log, "\n"))
		}
	})
}

// TestRedToldWhenTimerPlaysDoctrine: when the timer ran out on a Red team
// that had not committed, its screen said nothing (the allies are told
// when the timer commits their drafts); it is told now.
func TestRedToldWhenTimerPlaysDoctrine(t *testing.T) {
	sess := newRoomSession(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true, Timer: 5 * time.Minute, Now: clock.now})
	red := sess.HumanAdversaries()[0]
	rs := seatOn(t, r, "Reds", red)
	ally := seatOn(t, r, "Blues", sess.HumanAllies()[0])
	t.Cleanup(func() { rs.Close(); ally.Close() })
	rs.Update(keyMsg("enter")) // past the briefing, to the plan
	if screenOf(rs) != scrAdversary {
		t.Fatalf("the Red seat is on screen %v, want the plan", screenOf(rs))
	}
	clock.t = clock.t.Add(6 * time.Minute)
	r.Tick()
	rs.Update(roomMsg{})
	ally.Update(roomMsg{})
	if msg := rs.m.message; !strings.Contains(msg, "time is up") || !strings.Contains(msg, "doctrine") {
		t.Errorf("the Red team is not told the timer played its turn by doctrine: %q", msg)
	}
	if strings.Contains(ally.m.message, "doctrine") {
		t.Errorf("an allied seat is told of the Red team's plan: %q", ally.m.message)
	}
}

// TestResumedTimerWaitsForTheFirstTeam: after serve --resume the turn
// timer counted at once, with the teams kept beside the journal offline,
// and played their turn by the time anyone was back. It waits for the
// first team, as a fresh server does.
func TestResumedTimerWaitsForTheFirstTeam(t *testing.T) {
	sess, clock, opts, r, ally, m := timedRoomWithAlpha(t)
	r.Leave(m)
	again, resumed := reopenRoom(t, sess, opts)
	for range 4 {
		clock.t = clock.t.Add(10 * time.Minute)
		resumed.Tick()
	}
	if n := len(again.Results); n > 0 {
		t.Fatalf("%d turns adjudicated before any team came back; log:\n%s", n, strings.Join(resumed.Log, "\n"))
	}
	back := mustJoin(t, resumed, "Alpha", "SHA256:alpha", false)
	if back.Side != ally {
		t.Fatalf("Alpha is back on side %d, want %d", back.Side, ally)
	}
	resumed.Locked(func() {
		if left, ok := resumed.TimeLeft(); !ok || left != 10*time.Minute {
			t.Errorf("the clock shows %v (%v) when the first team is back, want the whole 10m", left, ok)
		}
	})
	clock.t = clock.t.Add(11 * time.Minute)
	resumed.Tick()
	if !slicesContainsSub(resumed.Log, "time is up") {
		t.Errorf("the timer did not run once a team was back; log:\n%s", strings.Join(resumed.Log, "\n"))
	}
}

// TestAllyToldWhenTimerCommitsDraft: when the timer ran out on an allied
// side that had not committed, its draft was committed as it stood and the
// team went to the results with no word of it (only a draft the engine
// refused was told of); a slow team read its half-made plan as if it had
// sent it. The side is told now, and no one else is told of it.
func TestAllyToldWhenTimerCommitsDraft(t *testing.T) {
	r, clock, sr, su := slowUSRoom(t)
	sess, c, us := r.Sess, r.Sess.C, su.m.side
	all := []*SeatModel{sr, su}
	clock.t = clock.t.Add(6 * time.Minute)
	r.Tick()
	for _, s := range all {
		s.Update(roomMsg{})
	}
	if len(sess.Results) != 1 {
		t.Fatalf("the timer did not adjudicate the turn; log:\n%s", strings.Join(r.Log, "\n"))
	}
	if got := sess.Results[0].Points[us*len(c.Levers)]; got != 1 {
		t.Errorf("the US draft committed with %d points on its first lever, want 1", got)
	}
	if msg := su.m.message; !strings.Contains(msg, "time is up") || !strings.Contains(msg, "committed as it stood") {
		t.Errorf("the US team is not told the timer committed its draft: %q", msg)
	}
	if strings.Contains(sr.m.message, "committed as it stood") {
		t.Errorf("ROK, which committed itself, is told of the timer's commit: %q", sr.m.message)
	}
}

// slowUSRoom is a tutorial room with a 5-minute turn timer and both allies
// seated (120×40, past the briefing), in which ROK has committed and the
// US has drafted one point on its first lever, at the timer's start.
func slowUSRoom(t *testing.T) (r *Room, clock *fakeClock, sr, su *SeatModel) {
	t.Helper()
	sess := alliesSession(t)
	c := sess.C
	clock = &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	r = NewRoom(sess, RoomOptions{Name: "Game 1", Timer: 5 * time.Minute, Now: clock.now})
	sr, su = seatOn(t, r, "Seoul", c.SideIndex("rok")), seatOn(t, r, "Washington", c.SideIndex("us"))
	t.Cleanup(func() { sr.Close(); su.Close() })
	all := []*SeatModel{sr, su}
	seatKeys(t, all, sr, "enter") // past the briefing
	seatKeys(t, all, su, "enter")
	seatKeys(t, all, sr, "right", "right")
	commitVia(t, all, sr)
	seatKeys(t, all, su, "right")
	r.Tick() // the first team sat down: the clock runs from here
	return r, clock, sr, su
}

// TestSlowTeamWarnedInTheTimersLastMinute: a team still drafting saw only
// the countdown (red under 30 seconds, and not even that with NO_COLOR)
// and learnt what the timer does from the results. In the last minute its
// status line says so, next to the countdown so that 80 columns show it;
// a side that has committed is not told, nor anyone before the last minute.
func TestSlowTeamWarnedInTheTimersLastMinute(t *testing.T) {
	r, clock, sr, su := slowUSRoom(t)
	const warn = "at 0:00 your draft is committed as it stands"
	status := func(s *SeatModel) string {
		var out string
		r.Locked(func() { out = ansi.Strip(clip(s.m.seatStatus(), 80)) })
		return out
	}
	clock.t = clock.t.Add(3 * time.Minute)
	if got := status(su); strings.Contains(got, warn) {
		t.Errorf("with 2 minutes left the US is warned already: %q", got)
	}
	clock.t = clock.t.Add(90 * time.Second)
	if got := status(su); !strings.Contains(got, "⏱ 0:30"+": "+warn) {
		t.Errorf("with 30 seconds left the US status line, at 80 columns, does not warn %q: %q", warn, got)
	}
	if got := status(sr); strings.Contains(got, warn) {
		t.Errorf("ROK, which has committed, is warned: %q", got)
	}
	r.Locked(func() { r.SetPaused(true, "console") })
	if got := status(su); strings.Contains(got, warn) {
		t.Errorf("paused, the US is warned of a timer that is not running: %q", got)
	}
}

// TestResumeKeepsARedPhaseTheTimerEnded: the timer ran out on a Red team
// that had not planned, so the adversary's doctrine signalled this turn's
// moves and the allies drafted against them; then the server stopped. On
// --resume the room went back to the Red team's planning (the journal had
// the timer's cut, the room did not read it): the Red team planned again,
// and the allies' restored drafts answered signals no longer on their
// screens. The turn goes on from the briefing it had.
func TestResumeKeepsARedPhaseTheTimerEnded(t *testing.T) {
	sess := newRoomSession(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	opts := RoomOptions{Name: "Game 1", AllowRed: true, Timer: 5 * time.Minute, Now: clock.now}
	r := NewRoom(sess, opts)
	red := sess.HumanAdversaries()[0]
	m := mustJoin(t, r, "Reds", "SHA256:reds", false)
	if err := r.Choose(m, red); err != nil {
		t.Fatal(err)
	}
	r.Tick() // the first team is here: the clock runs
	clock.t = clock.t.Add(6 * time.Minute)
	r.Tick()
	var signals []sim.Signal
	r.Locked(func() {
		if r.Phase() != PhaseAllies {
			t.Fatalf("the timer did not end the Red phase: phase %v; log:\n%s", r.Phase(), strings.Join(r.Log, "\n"))
		}
		signals = slices.Clone(sess.Game.Signals())
	})
	r.Leave(m)
	again, resumed := reopenRoom(t, sess, opts)
	resumed.Locked(func() {
		if resumed.Phase() != PhaseAllies {
			t.Fatalf("after --resume the room is in phase %v, want the allies' (the timer had played the Red team's turn by doctrine)", resumed.Phase())
		}
		if got := again.Game.Signals(); !slices.Equal(got, signals) {
			t.Errorf("after --resume the turn's signals are %v, want the ones the allies saw, %v", got, signals)
		}
	})
}

// TestResultsDoNotBlameTheWhiteCellForTheTimer: when the turn timer ran
// out, every team's results listed "moved on without waiting for every
// side" under "The White cell this week", as if the instructor had cut
// the turn short. They say the timer ran out; the White cell's own f
// still reads as its act.
func TestResultsDoNotBlameTheWhiteCellForTheTimer(t *testing.T) {
	r, clock, sr, su := slowUSRoom(t)
	clock.t = clock.t.Add(6 * time.Minute)
	r.Tick()
	for _, s := range []*SeatModel{sr, su} {
		s.Update(roomMsg{})
		out := strings.Join(strings.Fields(ansi.Strip(s.Render())), " ")
		if !strings.Contains(out, "◆ the turn timer ran out, so play moved on without waiting for every side — the allies' allocation") {
			t.Errorf("%s's results do not say the timer ran out, and in which phase:\n%s", s.m.seat.me.Name, s.Render())
		}
		// Nor is it listed under the White cell's acts.
		if strings.Contains(out, "The White cell this") {
			t.Errorf("%s's results list the timer under the White cell's acts:\n%s", s.m.seat.me.Name, s.Render())
		}
	}
	turn := r.Sess.Game.Turn()
	r.Locked(func() { r.Force("console") })
	acts := r.Sess.ActsOf(turn, false)
	if len(acts) != 1 || strings.Contains(acts[0], "timer") || !strings.Contains(acts[0], "moved on") {
		t.Errorf("the White cell's own move on reads %q", acts)
	}
}

// TestResumedRoomStaysPaused: a game the White cell had paused (for a
// discussion, say) when the server stopped came back running after
// --resume, and the clock ran on the class still talking. It comes back
// paused, the clock with it, until the White cell resumes it.
func TestResumedRoomStaysPaused(t *testing.T) {
	sess, clock, opts, r, ally, _ := timedRoomWithAlpha(t)
	r.Locked(func() { r.SetPaused(true, "console") })
	_, resumed := reopenRoom(t, sess, opts)
	if back := mustJoin(t, resumed, "Alpha", "SHA256:alpha", false); back.Side != ally {
		t.Fatalf("Alpha is back on side %d, want %d", back.Side, ally)
	}
	clock.t = clock.t.Add(11 * time.Minute)
	resumed.Tick()
	resumed.Locked(func() {
		if !resumed.Paused() {
			t.Errorf("the resumed game is not paused; log:\n%s", strings.Join(resumed.Log, "\n"))
		}
		if left, ok := resumed.TimeLeft(); !ok || left != 10*time.Minute {
			t.Errorf("the paused clock shows %v (%v), want the whole 10m", left, ok)
		}
	})
	if slicesContainsSub(resumed.Log, "time is up") {
		t.Errorf("the clock ran while paused; log:\n%s", strings.Join(resumed.Log, "\n"))
	}
	resumed.Locked(func() { resumed.SetPaused(false, "console") })
	clock.t = clock.t.Add(11 * time.Minute)
	resumed.Tick()
	if !slicesContainsSub(resumed.Log, "time is up") {
		t.Errorf("the clock did not run once resumed; log:\n%s", strings.Join(resumed.Log, "\n"))
	}
}

// timedRoomWithAlpha is a journalled room with a 10-minute turn timer on a
// fake clock, its options (to open it again after a resume), and team
// Alpha (key SHA256:alpha) on the first human ally.
func timedRoomWithAlpha(t *testing.T) (sess *Session, clock *fakeClock, opts RoomOptions, r *Room, ally int, alpha *Member) {
	t.Helper()
	sess = newRoomSession(t)
	clock = &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	opts = RoomOptions{Name: "Game 1", Timer: 10 * time.Minute, Now: clock.now}
	r = NewRoom(sess, opts)
	ally = sess.HumanAllies()[0]
	alpha = mustJoin(t, r, "Alpha", "SHA256:alpha", false)
	if err := r.Choose(alpha, ally); err != nil {
		t.Fatal(err)
	}
	return sess, clock, opts, r, ally, alpha
}

// reopenRoom closes sess's journal and opens its game again in a room of
// opts, as lattice serve --resume does after a restart.
func reopenRoom(t *testing.T, sess *Session, opts RoomOptions) (*Session, *Room) {
	t.Helper()
	sess.Journal.Close()
	again, _, err := Resume(sess.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return again })
	t.Cleanup(func() { again.Journal.Close() })
	return again, NewRoom(again, opts)
}
