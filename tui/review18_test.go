package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// TestAllocationKeysDisarmAnEvent: keys meant for the allocation, typed on
// as the results gave way to an event's dialog, decided the event unread
// (over SSH, "↓ → → enter": ↓ picked a choice and armed enter). An
// allocation key now disarms enter and says the event comes first; enter
// then asks once more before it decides.
func TestAllocationKeysDisarmAnEvent(t *testing.T) {
	m := stateInjectDialog(t)
	in := m.dialog
	if in < 0 {
		t.Fatal("no event's dialog open")
	}
	m = press(t, m, "down", "right", "right", "enter")
	if m.dialog != in || m.sess.Orders.Choices[in] >= 0 {
		t.Fatalf("the allocation keys and one enter decided the event: choice %d", m.sess.Orders.Choices[in])
	}
	mustShow(t, m, "enter again chooses")
	m = press(t, m, "enter")
	if m.sess.Orders.Choices[in] != 1 {
		t.Fatalf("a second enter did not take the choice ↓ picked: %d", m.sess.Orders.Choices[in])
	}
	// ↓ then enter, with no other key between, still decides at once.
	m = stateInjectDialog(t)
	m = press(t, m, "down", "enter")
	if m.sess.Orders.Choices[in] != 1 {
		t.Fatalf("↓ enter did not decide: %d", m.sess.Orders.Choices[in])
	}
}

// TestRedTeamAskedBeforeAShortPlan: one enter committed a Red team's week
// with 1 of its 2 real moves (the allies are asked before they leave
// budget unspent). With fewer real moves marked than the side may make,
// enter asks first and a second enter commits; a full plan commits at
// once.
func TestRedTeamAskedBeforeAShortPlan(t *testing.T) {
	m := redSolo(t, "taiwan-strait", 100, 30) // China: two real moves a week and a bluff
	prc := m.side
	m = press(t, m, "r", "enter")
	if m.screen != scrAdversary || m.sess.HasPlan(prc) {
		t.Fatal("one real move of two was committed without a word")
	}
	mustShow(t, m, "1 of 2 real moves and 0 of 1 bluff marked: enter again commits")
	m = press(t, m, "enter") // committed, the week is played: its results
	if m.screen != scrResults {
		t.Fatalf("the second enter did not commit:\n%s", plain(m))
	}

	m = redSolo(t, "taiwan-strait", 100, 30)
	m = press(t, m, "r", "down", "down", "down", "down", "r", "enter") // the next open move is the fifth
	if m.screen != scrResults {
		t.Fatalf("a plan of both real moves was not committed at once:\n%s", plain(m))
	}
}

// TestConsoleLogHasItsOwnView: at 80×24 the console's overview of a
// four-sided game left no line for the log, which keeps the seed, every
// join and every wrong code and lockout, and no key reached it. h shows it
// whole, the newest at the bottom, scrolling; esc or h goes back.
func TestConsoleLogHasItsOwnView(t *testing.T) {
	s := alliesSessionOf(t, "taiwan-strait", 7)
	r := NewRoom(s, RoomOptions{Name: "Game 1", Code: "6XVPKC", Timer: 5 * time.Minute})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	for i := range 30 {
		r.Locked(func() { r.logf("entry number %d of a busy seminar", i) })
	}
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	view := ansi.Strip(con.Render())
	if strings.Contains(view, "entry number 29") {
		t.Skip("the overview has room for the log at 80×24 now: the test needs a busier game")
	}
	if !strings.Contains(view, "h log") {
		t.Errorf("the console's keys do not offer the log:\n%s", view)
	}
	con.Update(keyMsg("h"))
	view = ansi.Strip(con.Render())
	lines := strings.Split(view, "\n")
	if len(lines) > 24 || !strings.Contains(view, "Log") || !strings.Contains(view, "entry number 29 of") {
		t.Fatalf("h does not show the log's newest entry on the screen:\n%s", view)
	}
	if strings.Contains(view, "entry number 0 of") {
		t.Fatalf("thirty entries fit 24 lines?\n%s", view)
	}
	for range 40 {
		con.Update(keyMsg("up"))
	}
	if view = ansi.Strip(con.Render()); !strings.Contains(view, "entry number 0 of") {
		t.Errorf("↑ does not scroll the log back to its first entry:\n%s", view)
	}
	con.Update(keyMsg("esc"))
	if con.k.mode != conMain {
		t.Errorf("esc did not leave the log: mode %d", con.k.mode)
	}
}

// TestConsoleNumberSaysWhatItLeftOut: a number typed on the console left
// out what is not a digit without a word ("1e9" became 19, and "abc" for
// a budget did nothing). What is left out is now said.
func TestConsoleNumberSaysWhatItLeftOut(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	con.Update(keyMsg("b"))
	con.Update(keyMsg("enter")) // the first ally's budget
	for _, k := range []string{"1", "e", "9"} {
		con.Update(keyMsg(k))
		view := ansi.Strip(con.Render())
		if k == "e" && !strings.Contains(view, `"e" left out: a number here is digits and a point only`) {
			t.Errorf("typing e into a budget says nothing:\n%s", view)
		}
		if k != "e" && strings.Contains(view, "left out") {
			t.Errorf("typing %s says something was left out:\n%s", k, view)
		}
	}
	if con.k.input != "19" {
		t.Errorf("the budget typed is %q, want the digits, 19", con.k.input)
	}
}

// TestConsoleActRefusedOnAnEndedGameSaysSo: an act begun on one console
// while another ended the game was refused "(now month 3, not briefed
// yet)", as if the game went on. The refusal says that it ended, and how.
func TestConsoleActRefusedOnAnEndedGameSaysSo(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 10 * time.Minute})
	con := openConsole(t, 120, 40, r)
	con.Update(keyMsg("e")) // a reason is asked
	con.Update(tea.PasteMsg{Content: "the debrief"})
	r.Locked(func() { // the other console ends it first
		if err := r.End("out of time", "remote console"); err != nil {
			t.Fatal(err)
		}
	})
	con.Update(keyMsg("enter")) // the act is taken, or refused
	out := ansi.Strip(con.Render())
	if !strings.Contains(out, "nothing was done: the game ended while you were choosing (ended by the White cell: out of time)") || strings.Contains(out, "not briefed yet)") {
		t.Errorf("the refusal does not say the game ended:\n%s", out)
	}
}

// TestTimerShowsItsFullLengthUntilATeamJoins: the turn timer starts when
// the first team sits down, but before that the console showed 11:59 of
// 12 minutes, as though it ran.
func TestTimerShowsItsFullLengthUntilATeamJoins(t *testing.T) {
	s := alliesSession(t)
	clock := &fakeClock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 12 * time.Minute, Now: clock.now})
	for range 3 {
		clock.t = clock.t.Add(20 * time.Second)
		r.Tick()
		clock.t = clock.t.Add(500 * time.Millisecond) // drawn between ticks
		var left time.Duration
		r.Locked(func() { left, _ = r.TimeLeft() })
		if left != 12*time.Minute {
			t.Fatalf("with no team yet the timer shows %v, not its full 12 minutes", left)
		}
	}
	seatOn(t, r, "Tigers", s.C.SideIndex("rok")).Close()
	seatOn(t, r, "Eagles", s.C.SideIndex("us"))
	r.Tick()
	clock.t = clock.t.Add(time.Minute)
	var left time.Duration
	r.Locked(func() { left, _ = r.TimeLeft() })
	// It runs from the last tick before the team sat down.
	if left > 11*time.Minute || left < 11*time.Minute-time.Second {
		t.Errorf("a minute after a team sat down the timer shows %v, want 11m", left)
	}
}

// TestConsoleLogScrollKeysBeforeADraw: h then ↓ before the console was
// drawn (a terminal too small to draw still takes keys) overflowed the
// scroll position, and every frame read "internal error drawing the
// console" until esc.
func TestConsoleLogScrollKeysBeforeADraw(t *testing.T) {
	s := alliesSession(t)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	con := NewConsole([]*Room{r}, "console")
	defer con.Close()
	r.Locked(func() { r.logf("an entry") })
	con.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for _, k := range []string{"h", "down", "pgdown", "space", "down"} {
		con.Update(keyMsg(k))
	}
	if view := ansi.Strip(con.Render()); strings.Contains(view, "internal error") || !strings.Contains(view, "an entry") {
		t.Errorf("the log after ↓ and pgdown:\n%s", view)
	}
}
