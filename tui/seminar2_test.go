package tui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// TestGivenSideSurvivesARestart: a team whose side the White cell gave to
// the computer was told so when it came back, but not after a server
// restart: the seats file kept its camp, not the side given, nor why.
func TestGivenSideSurvivesARestart(t *testing.T) {
	s := journalledAllies(t, "gray-zone", 5)
	c := s.C
	us := c.SideIndex("us")
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	onSide(t, r, "Alpha", c.SideIndex("rok"))
	bravo := onSide(t, r, "Bravo", us)
	r.Leave(bravo)
	var err error
	r.Locked(func() { err = r.GiveSide(us, "balanced", "Bravo had to leave", "console") })
	if err != nil {
		t.Fatal(err)
	}
	r.Closing()
	s.Journal.Close()
	back, _, err := Resume(s.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	defer back.Journal.Close()
	r2 := NewRoom(back, RoomOptions{Name: "Game 1"})
	again := mustJoin(t, r2, "Bravo", "", false)
	if again.Given != "United States" || again.GivenReason != "Bravo had to leave" {
		t.Errorf("after a restart Bravo would be told: given %q for %q", again.Given, again.GivenReason)
	}
}

// TestRollbackReasonStaysTold: the rollback's reason was a one-line notice
// gone at the next key; the waiting screens, the observer seat and a team
// that comes back had lost it (the turn's notices were cleared as it was
// opened again).
func TestRollbackReasonStaysTold(t *testing.T) {
	r, _, _, _, _ := seatedRoom(t)
	r.Locked(func() {
		r.Force("console")
		if err := r.Rollback("a ruling was wrong", "console"); err != nil {
			t.Fatal(err)
		}
	})
	if n := len(r.told); n == 0 || !strings.Contains(r.told[n-1], "a ruling was wrong") {
		t.Errorf("the rollback and its reason are not among the turn's notices: %q", r.told)
	}
}

// TestConsoleRefusesAConnectedSideAtOnce: giving a side whose team is
// still connected was refused only once a policy and a reason had been
// chosen and typed.
func TestConsoleRefusesAConnectedSideAtOnce(t *testing.T) {
	s := alliesSessionOf(t, "gray-zone", 1)
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	onSide(t, r, "Alpha", s.C.SideIndex("rok"))
	con := openConsole(t, 100, 30, r)
	for _, k := range []string{"a", "enter"} {
		con.Update(keyMsg(k))
	}
	if con.k.mode != conGive || !con.k.err || !strings.Contains(con.k.msg, "Alpha is still at South Korea") {
		t.Errorf("mode %d, message %q: want the refusal on the list", con.k.mode, con.k.msg)
	}
}

// TestRedSeatKeepsItsCalledOffMove: the Red team's only word of a move
// the briefing called off was a notice gone at the next key; its events
// panel keeps it.
func TestRedSeatKeepsItsCalledOffMove(t *testing.T) {
	r, red, blue := redRoom(t, calledOffSrc, 1)
	c := r.Sess.C
	swarm := c.ActionIndex("swarm")
	r.Locked(func() {
		for turn := 1; turn <= 2; turn++ {
			if err := r.planRed(red, []int{swarm}, nil); err != nil {
				t.Fatal(err)
			}
			if turn == 1 {
				if err := r.commit(blue); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
	seat := NewSeat(r, red)
	defer seat.Close()
	seat.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for range 4 { // past the results and the briefing
		seat.Update(keyMsg("enter"))
	}
	seat.Update(keyMsg("tab")) // a key: the notice line goes
	if out := strings.Join(strings.Fields(ansi.Strip(seat.Render())), " "); !strings.Contains(out, "move Militia swarm was called off at the") {
		t.Errorf("the Red team's screen does not keep its move called off:\n%s", seat.Render())
	}
}

// TestLobbyClosesTheOtherCamp: a team whose side went to the computer was
// told to take another allied side, and offered the Red team's sides as
// open, which it was refused on choosing.
func TestLobbyClosesTheOtherCamp(t *testing.T) {
	s := alliesSessionOf(t, "gray-zone", 1)
	c := s.C
	prc := c.SideIndex("prc")
	human := slices.Clone(s.Human)
	human[prc] = true
	s = NewSession(c, 1, "normal", human, make([]sim.Policy, len(c.Sides)))
	r := NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true})
	onSide(t, r, "Alpha", c.SideIndex("rok"))
	bravo := onSide(t, r, "Bravo", c.SideIndex("us"))
	r.Leave(bravo)
	r.Locked(func() {
		if err := r.GiveSide(c.SideIndex("us"), "balanced", "gone", "console"); err != nil {
			t.Fatal(err)
		}
	})
	for _, ch := range r.ChoicesFor(bravo) {
		if ch.Side == prc && (ch.Open || ch.Closed != "your team has seen the allies' plans") {
			t.Errorf("China is offered to a team that has seen the allies' plans: %+v", ch)
		}
		if ch.Side == c.SideIndex("japan") && !ch.Open {
			t.Errorf("Japan, an allied side, is closed to it: %+v", ch)
		}
	}
	if err := r.Choose(bravo, prc); err == nil {
		t.Error("the room lets it take China")
	}
}

// TestRedTeamWarnedOfTheDrift: a Red team planned a move the briefing's
// drift then locked, with nothing on its screen to say so; the planning
// screen marks such a move and says why.
func TestRedTeamWarnedOfTheDrift(t *testing.T) {
	src := strings.Replace(calledOffSrc, "[[metric]]\nid = \"cohesion\"\nstart = 60\n", "[[metric]]\nid = \"cohesion\"\nstart = 60\nbaseline = 40\ndecay = 0.5\n", 1)
	src = src[:strings.Index(src, "[[inject]]")] + src[strings.Index(src, "[[end]]"):]
	r, red, blue := redRoom(t, src, 1)
	s, c := r.Sess, r.Sess.C
	swarm := c.ActionIndex("swarm")
	r.Locked(func() {
		if err := r.planRed(red, nil, nil); err != nil {
			t.Fatal(err)
		}
		if err := r.commit(blue); err != nil {
			t.Fatal(err)
		}
	})
	var why string
	r.Locked(func() { why = s.Game.LockAfterDrift(swarm) })
	if why == "" {
		t.Fatalf("the drift does not lock the swarm in week 2 (cohesion %v): the test shows nothing", s.Game.Metric(c.MetricIndex("cohesion")))
	}
	seat := NewSeat(r, red)
	defer seat.Close()
	seat.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	for i := 0; i < 4 && screenOf(seat) != scrAdversary; i++ {
		seat.Update(keyMsg("enter"))
	}
	out := strings.Join(strings.Fields(ansi.Strip(seat.Render())), " ")
	if !strings.Contains(out, "⚠ drift") || !strings.Contains(out, "Likely called off: the drift before the briefing will lock it") {
		t.Errorf("the Red team's planning screen does not warn of the swarm (%s):\n%s", why, seat.Render())
	}
}
