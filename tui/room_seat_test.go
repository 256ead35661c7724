package tui

import (
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/charmbracelet/x/ansi"
)

// TestSeatWaitScreenOpensCharts: the waiting screen's key line offers
// "c charts", but the seat swallowed every key there.
func TestSeatWaitScreenOpensCharts(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	obs := seatOn(t, r, "Watchers", -1)
	t.Cleanup(obs.Close)
	if screenOf(obs) != scrWait {
		obs.Update(keyMsg("enter"))
	}
	if screenOf(obs) != scrWait {
		t.Fatalf("the observer is on screen %v, want the waiting screen", screenOf(obs))
	}
	if out := ansi.Strip(obs.Render()); !strings.Contains(out, "charts") {
		t.Fatalf("the waiting screen does not offer the charts:\n%s", out)
	}
	obs.Update(keyMsg("c"))
	if !obs.m.showCharts {
		t.Fatal("c on the waiting screen did not open the charts")
	}
	obs.Update(keyMsg("c"))
	if obs.m.showCharts || screenOf(obs) != scrWait {
		t.Fatalf("c did not close the charts (charts %v, screen %v)", obs.m.showCharts, screenOf(obs))
	}
}

// TestSeatHelpOverlay: on a seat's turn screen, ? covers the screen with
// the keys; esc did not close it, and enter behind it committed the draft.
func TestSeatHelpOverlay(t *testing.T) {
	sess := grayZoneAllies(t) // no Red team: the turn is briefed at once
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	ally := sess.HumanAllies()[0]
	s := seatOn(t, r, "Alpha", ally)
	t.Cleanup(s.Close)
	s.Update(keyMsg("enter")) // past the briefing
	for i := 0; i < 6 && s.m.dialog >= 0; i++ {
		s.Update(keyMsg("enter"))
	}
	if screenOf(s) != scrTurn {
		t.Fatalf("screen %v, want the turn", screenOf(s))
	}
	s.Update(keyMsg("?"))
	if !s.m.fullHelp {
		t.Fatal("? did not show the keys")
	}
	s.Update(keyMsg("right"))
	s.Update(keyMsg("enter"))
	s.Update(keyMsg("y"))
	if sess.Committed(ally) || s.m.confirmEnd || len(sess.Results) > 0 {
		t.Fatal("enter behind the keys acted on the turn screen")
	}
	for l := range sess.C.Levers {
		if sess.Orders.Get(ally, l) != 0 {
			t.Fatal("→ behind the keys put a point on a lever")
		}
	}
	s.Update(keyMsg("esc"))
	if s.m.fullHelp {
		t.Fatal("esc did not close the keys")
	}
	if screenOf(s) != scrTurn {
		t.Fatalf("esc left the turn screen (screen %v)", screenOf(s))
	}
}

// TestNewCaptainIsTold: when a side's captain left (a closed laptop), the
// captaincy passed to a teammate with no word but "(captain)" by its name
// in the status line, and the side's draft waited for a commit nobody knew
// was theirs to give; one handed over with H was told only to the one who
// pressed it. Every seat of the side is told who commits now.
func TestNewCaptainIsTold(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	first, second, third := seatOn(t, r, "Alpha", rok), seatOn(t, r, "Bravo", rok), seatOn(t, r, "Delta", rok)
	other := seatOn(t, r, "Charlie", us)
	all := []*SeatModel{first, second, third, other}
	for _, st := range all {
		seatKeys(t, all, st, "enter") // past the briefing
	}
	seatKeys(t, all, first, "H")
	for _, st := range []*SeatModel{second, third} {
		if msg := st.m.message; !strings.Contains(msg, "Bravo, who now commits") {
			t.Errorf("%s is not told Bravo commits now: %q", st.m.seat.me.Name, msg)
		}
	}
	second.Close()
	for _, st := range all {
		st.Update(roomMsg{})
	}
	for _, st := range []*SeatModel{first, third} {
		if msg := st.m.message; !strings.Contains(msg, "Bravo left") || !strings.Contains(msg, "captain") {
			t.Errorf("%s is not told of its new captain: %q", st.m.seat.me.Name, msg)
		}
	}
	if strings.Contains(other.m.message, "captain") {
		t.Errorf("another side's team is told of ROK's captain: %q", other.m.message)
	}
	first.Close()
	third.Close()
	other.Close()
}

// TestSeatStatusAt80Columns: a seat's status line put "PAUSED by the White
// cell" after the team's name and side code, so at 80 columns a long name
// cut it to "PAUSED by …" or off the line; and it listed the seat's own
// side first under "waiting for", which used the line up on what the team
// knew ("waiting for South K…"). PAUSED comes by the timer now, and the
// line names the other sides the turn waits for.
func TestSeatStatusAt80Columns(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1", Timer: 10 * time.Minute})
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	sr := seatOn(t, r, "Northern Lights Brigade", rok)
	su := seatOn(t, r, "Eagles", us)
	defer sr.Close()
	defer su.Close()
	all := []*SeatModel{sr, su}
	for _, st := range all {
		st.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		seatKeys(t, all, st, "enter") // past the briefing
	}
	head := func(st *SeatModel) string { l, _, _ := strings.Cut(ansi.Strip(st.Render()), "\n"); return l }
	if h := head(sr); strings.Contains(h, "waiting for South") {
		t.Errorf("ROK's status line: %q", h)
	}
	if h := head(su); !strings.Contains(h, "waiting for South Korea") {
		t.Errorf("the US's status line: %q", h)
	}
	r.Locked(func() { r.SetPaused(true, "console") })
	for _, st := range all {
		st.Update(roomMsg{})
		if h := head(st); !strings.Contains(h, "PAUSED by the White cell") {
			t.Errorf("%s's status line at 80 columns: %q", st.m.seat.me.Name, h)
		}
	}
}

// TestTeamChoosesItsSideAgain: a team that chose the wrong side in the
// lobby (a digit pressed for another) stayed on it for the whole game: a
// key is a team, and a team plays one side. Until the first turn is
// played it may leave its side and choose again, within its camp if the
// side had a plan (the team has seen it); the observer seat may be left
// at any time.
func TestTeamChoosesItsSideAgain(t *testing.T) {
	s := newRoomSession(t) // every side people's: the Red team too
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true})
	rok, us, red := c.SideIndex("rok"), c.SideIndex("us"), s.HumanAdversaries()[0]
	// A side with only an answer on it binds its camp too.
	r.Locked(func() {
		for i, in := range c.Injects {
			if len(in.Choices) > 0 && in.Decider == us {
				s.Orders.Choices[i] = 0
				if !r.planned(us) {
					t.Errorf("the US answered %s, and its side has no plan", in.ID)
				}
				s.Orders.Choices[i] = -1
			}
		}
	})
	// The Red team chosen for South Korea, left before any plan: any side.
	z := mustJoin(t, r, "Zulu", "SHA256:zulu", false)
	if err := r.Choose(z, red); err != nil {
		t.Fatal(err)
	}
	if err := r.Unseat(z); err != nil {
		t.Fatal(err)
	}
	if err := r.Choose(z, rok); err != nil {
		t.Fatalf("a team that left an empty Red side cannot play South Korea: %v", err)
	}
	r.Locked(func() { r.Force("console") }) // the Red phase: the turn is briefed
	// A team that joins the Red side once the White cell moved on without
	// a Red team sees the real moves its doctrine chose (its wait screen):
	// it stays in the adversary's camp, and the seats file keeps it so.
	y := mustJoin(t, r, "Yankee", "SHA256:yankee", false)
	if err := r.Choose(y, red); err != nil {
		t.Fatal(err)
	}
	if err := r.Unseat(y); err != nil {
		t.Fatal(err)
	}
	if err := r.ChooseWithCode(y, rok, r.SideCode(rok)); err == nil {
		t.Error("a team that saw the doctrine's real moves on the Red side chose South Korea")
	}
	if data, err := os.ReadFile(SeatsPath(s.JournalPath)); err != nil || !strings.Contains(string(data), `"camp": "adversary"`) {
		t.Errorf("the seats file does not keep Yankee's camp (%v):\n%s", err, data)
	}
	again := NewRoom(s, RoomOptions{Name: "Game 1", AllowRed: true}) // a server restarted on the journal
	again.Locked(func() {
		for _, m := range again.members {
			if m.Name == "Yankee" && m.camp != campAdversary {
				t.Errorf("a restarted room forgot Yankee's camp")
			}
		}
	})
	s.Orders.Set(rok, 0, 1) // ROK's draft, which Alpha sees
	a := mustJoin(t, r, "Alpha", "SHA256:alpha", false)
	b := mustJoin(t, r, "Bravo", "SHA256:bravo", false)
	for _, x := range []struct {
		m    *Member
		side int
	}{{a, rok}, {b, rok}} {
		if err := r.ChooseWithCode(x.m, x.side, r.SideCode(x.side)); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Choose(a, us); err == nil {
		t.Fatal("a team on a side chose another without leaving it")
	}
	if err := r.Unseat(a); err != nil {
		t.Fatalf("Alpha cannot leave ROK before the first turn: %v", err)
	}
	r.Locked(func() {
		if r.isCaptain(a) {
			t.Errorf("Alpha left ROK, and is its captain")
		}
	})
	if err := r.Choose(a, red); err == nil {
		t.Error("a team that saw an allied draft chose the Red team")
	}
	if err := r.Choose(a, us); err != nil {
		t.Fatalf("Alpha cannot choose the US: %v", err)
	}
	r.Locked(func() { r.Force("console") }) // the turn
	if len(s.Results) != 1 {
		t.Fatalf("%d turns played, want 1", len(s.Results))
	}
	if err := r.Unseat(a); err == nil || !strings.Contains(err.Error(), "a turn has been played") {
		t.Errorf("after a turn a team left its side: %v", err)
	}
	o := mustJoin(t, r, "Projector", "SHA256:projector", false)
	if err := r.Choose(o, -1); err != nil {
		t.Fatal(err)
	}
	if err := r.Unseat(o); err != nil {
		t.Errorf("the observer seat cannot be left: %v", err)
	}
	if err := r.Choose(o, red); err != nil {
		t.Errorf("the observer cannot take the Red team: %v", err)
	}
}

// TestWaitScreenNamesEverySideItWaitsFor: the screen of a side that has
// committed lists the sides the turn waits for, with their captains, on
// one line, which 80 columns cut when the teams' names were long: the
// last side, the one holding the turn up, was not seen. It wraps.
func TestWaitScreenNamesEverySideItWaitsFor(t *testing.T) {
	s := alliesSessionOf(t, "gray-zone", 1)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	names := map[string]string{"rok": "Northern Lights Brigade", "us": "Southern Cross Division", "japan": "Eastern Winds Squadron"}
	var seats []*SeatModel
	for _, id := range []string{"rok", "us", "japan"} {
		st := seatOn(t, r, names[id], c.SideIndex(id))
		defer st.Close()
		st.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		seats = append(seats, st)
	}
	seatKeys(t, seats, seats[0], "enter") // past the briefing
	commitVia(t, seats, seats[0])
	out := strings.Join(strings.Fields(ansi.Strip(seats[0].Render())), " ")
	for _, id := range []string{"us", "japan"} {
		if want := c.Sides[c.SideIndex(id)].Name + " (" + names[id] + ")"; !strings.Contains(out, want) {
			t.Errorf("the wait screen lacks %q:\n%s", want, seats[0].Render())
		}
	}
}

// TestClosingKeepsTheCaptain: as the server stops, every team's session
// ends at once; the captaincy passed to whoever was still online as they
// did, and was saved, so a restart gave the side its old captain back.
func TestClosingKeepsTheCaptain(t *testing.T) {
	s := alliesSession(t)
	c := s.C
	r := NewRoom(s, RoomOptions{Name: "Game 1"})
	rok := c.SideIndex("rok")
	alpha, bravo := seatOn(t, r, "Alpha", rok), seatOn(t, r, "Bravo", rok)
	all := []*SeatModel{alpha, bravo}
	for _, st := range all {
		seatKeys(t, all, st, "enter") // past the briefing
	}
	seatKeys(t, all, alpha, "H") // Bravo commits now
	captain := func() string {
		var n string
		r.Locked(func() { n = r.captainName(rok) })
		return n
	}
	if got := captain(); got != "Bravo" {
		t.Fatalf("after H the captain is %q, want Bravo", got)
	}
	r.Closing()
	bravo.Close()
	alpha.Close()
	if got := captain(); got != "Bravo" {
		t.Errorf("after the server stopped the captain is %q, want Bravo", got)
	}
}
