package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// mustJoin joins a room or fails the test.
func mustJoin(t *testing.T, r *Room, name, key string, facilitator bool) *Member {
	t.Helper()
	m, err := r.Join(name, key, facilitator)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// seatOn joins name (no key) to side in r and opens its seat, 120×40 (a
// team back under its name gives its side's code).
func seatOn(t *testing.T, r *Room, name string, side int) *SeatModel {
	t.Helper()
	m, err := r.JoinWithCode(name, "", false, r.SideCode(side))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.ChooseWithCode(m, side, r.SideCode(side)); err != nil {
		t.Fatal(err)
	}
	s := NewSeat(r, m)
	s.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	return s
}

// fakeClock is a settable clock for the turn timer.
type fakeClock struct{ t time.Time }

func (f *fakeClock) now() time.Time { return f.t }

// newRoomSession returns a tutorial session with every side played by
// people, journalled under a temporary state directory.
func newRoomSession(t *testing.T) *Session {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	human := make([]bool, len(c.Sides))
	for i := range human {
		human[i] = true
	}
	s := NewSession(c, 7, "normal", human, make([]sim.Policy, len(c.Sides)))
	w, err := startJournal(s, "tutorial", "test")
	if err != nil {
		t.Fatal(err)
	}
	s.Journal, s.JournalPath = w, w.Path()
	closeAtEnd(t, func() *Session { return s })
	t.Cleanup(func() { w.Close() })
	return s
}

// seatKeys sends keys to a seat, then lets every seat see the room's change.
func seatKeys(t *testing.T, all []*SeatModel, s *SeatModel, keys ...string) {
	t.Helper()
	for _, k := range keys {
		s.Update(keyMsg(k))
		for _, o := range all {
			o.Update(roomMsg{})
		}
	}
}

// commitVia answers any inject dialog on s, then commits (confirming a
// budget left unspent).
func commitVia(t *testing.T, all []*SeatModel, s *SeatModel) {
	t.Helper()
	for i := 0; i < 6 && s.m.dialog >= 0; i++ {
		seatKeys(t, all, s, "enter")
	}
	seatKeys(t, all, s, "enter")
	if s.m.confirmEnd {
		seatKeys(t, all, s, "y")
	}
}

// spendBudget puts a tutorial side's six points on its two visible levers
// (3 and 3), as a team that meets its visible commitment does: a game of
// empty allocations splits the alliance by the second week.
func spendBudget(t *testing.T, all []*SeatModel, s *SeatModel) {
	t.Helper()
	seatKeys(t, all, s, "right", "right", "right", "down", "right", "right", "right", "up")
}

func screenOf(s *SeatModel) screen {
	s.room.Lock()
	defer s.room.Unlock()
	return s.m.screen
}

func TestRoomSeatsPlayTogether(t *testing.T) {
	sess := newRoomSession(t)
	c := sess.C
	clock := &fakeClock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	r := NewRoom(sess, RoomOptions{Name: "Game 1", Code: "ABC123", AllowRed: true, Timer: 5 * time.Minute, Now: clock.now})
	rok, us, prc := c.SideIndex("rok"), c.SideIndex("us"), c.SideIndex("prc")

	join := func(name string, side int) *SeatModel { return seatOn(t, r, name, side) }
	a := join("Tigers", rok)
	a2 := join("Tigers 2", rok)
	b := join("Eagles", us)
	red := join("Red", prc)
	obs := join("\x1b]0;pwn\x07Proj\x9b31mector", -1)
	all := []*SeatModel{a, a2, b, red, obs}
	for _, s := range all {
		defer s.Close()
	}
	if got := obs.m.seat.me.Name; strings.ContainsAny(got, "\x1b\x07\u009b") {
		t.Fatalf("hostile name kept its controls: %q", got)
	}
	if r.Phase() != PhaseRed {
		t.Fatalf("phase %v, want the Red team planning first", r.Phase())
	}
	con := NewConsole([]*Room{r}, "console")
	con.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	conKeys := func(keys ...string) {
		t.Helper()
		for _, k := range keys {
			con.Update(keyMsg(k))
		}
		for _, o := range all {
			o.Update(roomMsg{})
		}
	}
	typed := func(s string) []string {
		var out []string
		for _, ch := range s {
			if ch == ' ' {
				out = append(out, "space")
			} else {
				out = append(out, string(ch))
			}
		}
		return append(out, "enter")
	}

	for turn := 1; turn <= 2; turn++ {
		// Every seat leaves the briefing (or results) with enter.
		for _, s := range all {
			seatKeys(t, all, s, "enter")
		}
		if got := screenOf(red); got != scrAdversary {
			t.Fatalf("turn %d: the Red seat shows screen %d, not its plan", turn, got)
		}
		if got := screenOf(a); got != scrWait {
			t.Fatalf("turn %d: an allied seat shows screen %d while Red plans", turn, got)
		}
		seatKeys(t, all, red, "r", "enter")
		if screenOf(red) == scrAdversary { // the first move was refused: pass
			seatKeys(t, all, red, "enter", "enter")
		}
		if r.Phase() != PhaseAllies {
			t.Fatalf("turn %d: phase %v after the Red team committed", turn, r.Phase())
		}
		if turn == 2 {
			// The White cell acts on the briefed turn.
			conKeys("m", "enter")
			conKeys(typed("0.4")...)
			conKeys(typed("testing the alliance")...)
			if len(sess.Acts) != 1 {
				t.Fatalf("metric override not applied: acts %q, console says %q", sess.Acts, con.k.msg)
			}
			if moves := sess.Game.RealMoves(); len(moves) > 0 {
				conKeys("o", "f")
				conKeys(typed("the umpire rules it failed")...)
				if len(sess.Acts) != 2 {
					t.Fatalf("roll not decided: %q", con.k.msg)
				}
			}
		}
		// The non-captain edits the shared draft; the captain sees it.
		for _, s := range []*SeatModel{a, a2, b} {
			if got := screenOf(s); got != scrTurn {
				t.Fatalf("turn %d: allied seat shows screen %d, not the turn", turn, got)
			}
		}
		before := sess.Orders.Get(rok, 0)
		seatKeys(t, all, a2, "right")
		if sess.Orders.Get(rok, 0) == before && a2.m.message == "" {
			t.Fatalf("turn %d: the draft did not change and no reason was given", turn)
		}
		seatKeys(t, all, a2, "left")
		spendBudget(t, all, a2)
		commitVia(t, all, a2)
		if sess.Committed(rok) {
			t.Fatal("a member who is not the captain committed")
		}
		if !strings.Contains(a2.Render(), "captain") {
			t.Fatalf("the refusal does not name the captain:\n%s", a2.Render())
		}
		if turn == 2 {
			// Hand the captaincy over; the new captain commits.
			seatKeys(t, all, a, "H")
			commitVia(t, all, a2)
		} else {
			commitVia(t, all, a)
		}
		if !sess.Committed(rok) {
			t.Fatalf("turn %d: rok not committed (%q / %q)", turn, a.m.message, a2.m.message)
		}
		if got := screenOf(a); got != scrWait {
			t.Fatalf("turn %d: a committed side's seat shows screen %d", turn, got)
		}
		spendBudget(t, all, b)
		commitVia(t, all, b)
		if len(sess.Results) != turn {
			t.Fatalf("turn %d: %d turns adjudicated after every side committed", turn, len(sess.Results))
		}
		for _, s := range all {
			if got := screenOf(s); got != scrResults && got != scrEnd {
				t.Fatalf("turn %d: seat %s shows screen %d, not the results", turn, s.m.seat.me.Name, got)
			}
		}
		if sess.Over() {
			break
		}
	}
	// Everyone saw the same game; the observer saw nothing private, and no
	// seat shows the hostile name raw.
	for _, s := range all {
		out := s.Render()
		if strings.Contains(out, "\x1b]0;pwn") || strings.Contains(out, "\u009b31m") {
			t.Fatalf("a raw escape sequence reached %s's screen", s.m.seat.me.Name)
		}
	}
	seatKeys(t, all, obs, "enter")
	if out := obs.Render(); strings.Contains(out, "intel: REAL") || strings.Contains(out, "Your objective") {
		t.Fatalf("the observer sees private information:\n%s", out)
	}

	// The timer commits the drafts when it runs out, but not while paused.
	if sess.Over() {
		t.Fatal("the tutorial ended after two turns at this seed: pick another")
	}
	for _, s := range all {
		seatKeys(t, all, s, "enter")
	}
	seatKeys(t, all, red, "enter", "enter") // Red passes
	n := len(sess.Results)
	conKeys("p")
	clock.t = clock.t.Add(10 * time.Minute)
	r.Tick()
	if len(sess.Results) != n {
		t.Fatal("the timer ran out while paused")
	}
	seatKeys(t, all, a, "right")
	if !strings.Contains(a.m.message, "paused") {
		t.Fatalf("a paused game took a key: %q", a.m.message)
	}
	conKeys("p")
	clock.t = clock.t.Add(6 * time.Minute)
	r.Tick()
	if len(sess.Results) != n+1 {
		t.Fatalf("the timer ran out but the turn was not adjudicated (%d results, want %d)", len(sess.Results), n+1)
	}
	if last := sess.Acts[len(sess.Acts)-1]; !strings.Contains(last, "moved on without waiting") {
		t.Fatalf("the timer's cut is not journalled: last act %q", last)
	}

	// Roll back the last turn, then end the game.
	hashBefore := sess.snaps[n].Hash()
	conKeys("u")
	conKeys(typed("a ruling was wrong")...)
	if len(sess.Results) != n || sess.Game.Hash() != hashBefore {
		t.Fatalf("rollback: %d results (want %d), hash %x (want %x); console: %q", len(sess.Results), n, sess.Game.Hash(), hashBefore, con.k.msg)
	}
	if !strings.Contains(a.m.message, "rolled back") {
		t.Fatalf("a seat was not told of the rollback: %q", a.m.message)
	}
	conKeys("e")
	conKeys(typed("time for the debrief")...)
	conKeys("y")
	if !sess.Over() || r.Phase() != PhaseOver {
		t.Fatalf("end: over %v, phase %v; console: %q", sess.Over(), r.Phase(), con.k.msg)
	}
	for _, s := range all {
		if got := screenOf(s); got != scrEnd {
			t.Fatalf("after the end, seat %s shows screen %d", s.m.seat.me.Name, got)
		}
		if !strings.Contains(s.Render(), "Ended by the White cell") {
			t.Fatalf("the end screen does not say the White cell ended it:\n%s", s.Render())
		}
	}
	// A team over SSH is not given the server's paths, which it cannot
	// reach, but who has the journal and the report, at any width (at 100
	// columns the replay's fork command gave the path whole, with the
	// instructor's home directory).
	for _, s := range all {
		s.Update(tea.WindowSizeMsg{Width: 250, Height: 40})
		seatKeys(t, all, s, "G") // the end screen's bottom
		text := s.Render()
		if line := s.m.seedLine(); strings.Contains(line, filepath.Base(sess.JournalPath)) {
			t.Errorf("seat %s's replay line gives the server's journal path: %q", s.m.seat.me.Name, line)
		}
		if strings.Contains(text, filepath.Base(sess.JournalPath)) || !strings.Contains(text, "The instructor keeps the game's journal") {
			t.Errorf("seat %s's end screen gives the server's journal path, or not who keeps it:\n%s", s.m.seat.me.Name, text)
		}
	}
	conKeys("r")
	if con.k.err || !strings.Contains(con.k.msg, ".report.md") {
		t.Fatalf("report: %q", con.k.msg)
	}
	md, err := os.ReadFile(strings.TrimSuffix(sess.JournalPath, ".jsonl") + ".report.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"teams: Tigers, Tigers 2", "teams: Eagles", "teams: Red", "time for the debrief"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("the report lacks %q", want)
		}
	}

	// The journal replays to the same game, acts and rollback included.
	j, _, err := journal.Read(sess.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	res, err := journal.Replay(j, journal.Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Game.Hash() != sess.Game.Hash() {
		t.Fatalf("replay hash %x, live %x", res.Game.Hash(), sess.Game.Hash())
	}
	if res.Stopped == nil {
		t.Fatal("the replay does not know the White cell ended the game")
	}
}

// After a restart (the journal resumed), a team that comes back with the
// same key, or the same name without a key, has its side and captaincy.
func TestRoomSeatsSurviveRestart(t *testing.T) {
	sess := newRoomSession(t)
	c := sess.C
	r := NewRoom(sess, RoomOptions{Name: "Game 1", Code: "K7K7K7"})
	rok, us := c.SideIndex("rok"), c.SideIndex("us")
	a := mustJoin(t, r, "Tigers", "SHA256:abc", false)
	// The same key on two terminals: closing one leaves the member online.
	if again := mustJoin(t, r, "Tigers", "SHA256:abc", false); again != a {
		t.Fatal("the same key made a second member")
	}
	r.Leave(a)
	if !a.Online {
		t.Fatal("closing one of two terminals took the member offline")
	}
	b := mustJoin(t, r, "Eagles", "", false)
	if err := r.ChooseWithCode(a, rok, r.SideCode(rok)); err != nil {
		t.Fatal(err)
	}
	if err := r.ChooseWithCode(b, us, r.SideCode(us)); err != nil {
		t.Fatal(err)
	}
	sess.Journal.Close()

	if got := SavedCode(sess.JournalPath); got != "K7K7K7" {
		t.Fatalf("saved join code %q", got)
	}
	back, _, err := Resume(sess.JournalPath)
	if err != nil {
		t.Fatal(err)
	}
	closeAtEnd(t, func() *Session { return back })
	defer back.Journal.Close()
	r2 := NewRoom(back, RoomOptions{Name: "Game 1"})
	a2 := mustJoin(t, r2, "whatever they type", "SHA256:abc", false)
	if a2.Side != rok || !r2.isCaptain(a2) || a2.Name != "whatever they type" {
		t.Fatalf("returning key: side %d captain %v name %q", a2.Side, r2.isCaptain(a2), a2.Name)
	}
	seat := NewSeat(r2, a2)
	defer seat.Close()
	// The room's first turn waits for a Red team (none has joined yet).
	if got := screenOf(seat); got != scrWait {
		t.Fatalf("a returning captain's seat opens on screen %d, not waiting for the Red team", got)
	}
	// A name alone is not the team (anyone could type it); with its
	// side's code, kept beside the journal, it is.
	if _, err := r2.Join("eagles", "", false); !errors.Is(err, ErrTeamCode) {
		t.Fatalf("a name alone came back to a side: %v", err)
	}
	b2, err := r2.JoinWithCode("eagles", "", false, r.SideCode(us))
	if err != nil {
		t.Fatal(err)
	}
	if b2.Side != us {
		t.Fatalf("returning name: side %d, want %d", b2.Side, us)
	}
	other := mustJoin(t, r2, "Tigers", "SHA256:other", false)
	if other.Side != NoSide {
		t.Fatalf("a different key took a seat: side %d", other.Side)
	}
}

// Two members of a Red team see one draft plan; only the captain commits.
func TestRedTeamSharesItsDraft(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	prc := sess.C.SideIndex("prc")
	var seats []*SeatModel
	for _, name := range []string{"Red 1", "Red 2"} {
		m := mustJoin(t, r, name, "", false)
		if err := r.ChooseWithCode(m, prc, r.SideCode(prc)); err != nil {
			t.Fatal(err)
		}
		s := NewSeat(r, m)
		defer s.Close()
		s.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
		seats = append(seats, s)
	}
	one, two := seats[0], seats[1]
	seatKeys(t, seats, one, "enter")
	seatKeys(t, seats, two, "enter")
	seatKeys(t, seats, two, "r")
	if len(chosen(sess.C.Sides[prc].Playbook, one.m.advReal)) != 1 {
		t.Fatalf("the captain does not see the teammate's move: %v (message %q)", one.m.advReal, two.m.message)
	}
	seatKeys(t, seats, two, "enter")
	if r.RedDone(prc) {
		t.Fatal("a member who is not the captain committed the plan")
	}
	seatKeys(t, seats, one, "enter")
	if !r.RedDone(prc) || r.Phase() != PhaseAllies {
		t.Fatalf("the captain's commit: done %v, phase %v (%q)", r.RedDone(prc), r.Phase(), one.m.message)
	}
}

// Sides nobody has joined are not waited for, but for the Red team in the
// room's first turn (while teams arrive).
func TestRoomDoesNotWaitForEmptySides(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	rok := sess.C.SideIndex("rok")
	m := mustJoin(t, r, "Tigers", "", false)
	if err := r.ChooseWithCode(m, rok, r.SideCode(rok)); err != nil {
		t.Fatal(err)
	}
	seat := NewSeat(r, m)
	defer seat.Close()
	seat.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	if r.Phase() != PhaseRed {
		t.Fatalf("first turn: phase %v, want waiting for the Red team", r.Phase())
	}
	r.Locked(func() { r.Force("console") })
	if r.Phase() != PhaseAllies {
		t.Fatalf("after the White cell forced the Red phase: %v", r.Phase())
	}
	all := []*SeatModel{seat}
	seatKeys(t, all, seat, "enter")
	commitVia(t, all, seat)
	if len(sess.Results) != 1 {
		t.Fatalf("the turn waits for a side nobody plays (%d results; waiting for %v)", len(sess.Results), r.Waiting())
	}
	if r.Phase() != PhaseAllies {
		t.Fatalf("second turn: phase %v; an adversary nobody plays follows its doctrine", r.Phase())
	}
}

// With two adversary sides, a Red team on one of them is not kept waiting
// for the other; every seat hears of a White-cell inject; the paused
// notice goes away when the game resumes.
func TestRedWaitsOnlyForItsTeamsAndSeatsHearOfActs(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	s, err := scenarios.Compile("gray-zone", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	human := make([]bool, len(s.Sides))
	for i := range human {
		human[i] = true
	}
	sess := NewSession(s, 3, "normal", human, make([]sim.Policy, len(s.Sides)))
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	prc, rok := s.SideIndex("prc"), s.SideIndex("rok")
	red := mustJoin(t, r, "Red Cell", "", false)
	if err := r.ChooseWithCode(red, prc, r.SideCode(prc)); err != nil {
		t.Fatal(err)
	}
	ally := mustJoin(t, r, "Tigers", "", false)
	if err := r.ChooseWithCode(ally, rok, r.SideCode(rok)); err != nil {
		t.Fatal(err)
	}
	var w []string
	r.Locked(func() { w = r.Waiting() })
	if len(w) != 1 || !strings.Contains(w[0], s.Sides[prc].Name) {
		t.Fatalf("waiting for %q, want the PRC's team only", w)
	}
	rs, as := NewSeat(r, red), NewSeat(r, ally)
	defer rs.Close()
	defer as.Close()
	all := []*SeatModel{rs, as}
	for _, x := range all {
		x.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		seatKeys(t, all, x, "enter")
	}
	seatKeys(t, all, rs, "enter", "enter") // pass
	if r.Phase() != PhaseAllies {
		t.Fatalf("phase %v after the only Red team committed", r.Phase())
	}
	// A White-cell inject reaches every seat's notice line.
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActInject, Inject: s.Injects[0].ID, Reason: "a test"}); err != nil {
			t.Fatal(err)
		}
	})
	for _, x := range all {
		x.Update(roomMsg{})
		if !strings.Contains(x.Render(), "the White cell: ") {
			t.Fatalf("seat %s was not told of the inject:\n%s", x.m.seat.me.Name, x.Render())
		}
	}
	r.Locked(func() { r.SetPaused(true, "console") })
	seatKeys(t, all, as, "right")
	if as.m.message != pausedMsg {
		t.Fatalf("paused: %q", as.m.message)
	}
	r.Locked(func() { r.SetPaused(false, "console") })
	as.Update(roomMsg{})
	if as.m.message == pausedMsg {
		t.Fatal("the paused notice stayed after the game resumed")
	}
}

// The note above a Red seat's briefing wraps cleanly at every width: no
// word is left alone on a line.
func TestRedBriefingNoteWraps(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	s := seatOn(t, r, "Red", sess.C.SideIndex("prc"))
	defer s.Close()
	for _, w := range []int{80, 100, 120} {
		s.Update(tea.WindowSizeMsg{Width: w, Height: 40})
		text := ansi.Strip(s.Render())
		from := strings.Index(text, "You play Adversary")
		to := strings.Index(text, "seams between them.")
		if from < 0 || to < 0 {
			t.Fatalf("at %d columns the Red team's note is missing:\n%s", w, text)
		}
		lines := strings.Split(text[from:to], "\n")
		for _, l := range lines[1:] {
			if f := strings.Fields(l); len(f) == 1 {
				t.Fatalf("at %d columns the note leaves %q alone on a line:\n%s", w, l, text[from:to])
			}
		}
	}
}

// At 80×24 a seat's help line on the turn screen is not cut: ? and q show,
// and ? lists H, the captain's hand-over.
func TestSeatTurnHelpFitsAt80(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	red := seatOn(t, r, "Red", sess.C.SideIndex("prc"))
	defer red.Close()
	s := seatOn(t, r, "Blue", sess.C.SideIndex("rok"))
	defer s.Close()
	s.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	all := []*SeatModel{red, s}
	seatKeys(t, all, red, "enter", "r", "enter")
	seatKeys(t, all, s, "enter")
	text := ansi.Strip(s.Render())
	if !strings.Contains(text, "Allocation") {
		t.Fatalf("not on the turn screen:\n%s", text)
	}
	lines := strings.Split(text, "\n")
	if help := lines[len(lines)-1]; !strings.Contains(help, "? help") || !strings.Contains(help, "q quit") {
		t.Fatalf("the help line is cut: %q", help)
	}
	seatKeys(t, all, s, "?")
	if text := ansi.Strip(s.Render()); !strings.Contains(text, "hand over captaincy") {
		t.Fatalf("the full help does not list H:\n%s", text)
	}
}

// A seat's waiting screen fills the terminal: its panels end just above the
// notice line and the help line (they left two or three lines blank and
// cut the signals short).
func TestSeatWaitViewFillsTheScreen(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	red := seatOn(t, r, "Red", sess.C.SideIndex("prc"))
	defer red.Close()
	obs := seatOn(t, r, "Projector", -1)
	defer obs.Close()
	all := []*SeatModel{red, obs}
	seatKeys(t, all, obs, "enter") // past the briefing
	for _, phase := range []string{"red planning", "allies allocating"} {
		if phase == "allies allocating" {
			seatKeys(t, all, red, "enter", "r", "enter")
		}
		for _, sz := range [][2]int{{80, 24}, {100, 40}} {
			obs.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			lines := strings.Split(ansi.Strip(obs.Render()), "\n")
			if len(lines) != sz[1] || !strings.HasPrefix(lines[len(lines)-3], "╰") {
				t.Fatalf("%dx%d, %s: the panels do not end above the notice and help lines:\n%s", sz[0], sz[1], phase, strings.Join(lines, "\n"))
			}
		}
	}
}

// In a seat (a status line above the screen) tab and ↓ still scroll the
// intelligence panel to its last line.
func TestSeatIntelScrollsToTheEnd(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := scenarioEntry(t, "gray-zone").Compiled
	human := make([]bool, len(c.Sides))
	human[c.SideIndex("rok")] = true
	pols := make([]sim.Policy, len(c.Sides))
	for _, id := range []string{"us", "japan"} {
		pols[c.SideIndex(id)], _ = sim.PolicyByName("balanced")
	}
	r := NewRoom(NewSession(c, 1, "normal", human, pols), RoomOptions{Name: "Game 1"})
	s := seatOn(t, r, "Blue", c.SideIndex("rok"))
	defer s.Close()
	s.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	all := []*SeatModel{s}
	seatKeys(t, all, s, "enter", "tab")
	if !strings.Contains(ansi.Strip(s.Render()), "more lines") {
		t.Fatalf("the intelligence panel fits: nothing to scroll:\n%s", ansi.Strip(s.Render()))
	}
	for range 40 {
		seatKeys(t, all, s, "down")
	}
	if text := ansi.Strip(s.Render()); strings.Contains(text, "more lines") {
		t.Fatalf("the intelligence panel does not scroll to its end:\n%s", text)
	}
}

// In a seat at 80×24 (a status line above the screen) G and ↓ scroll the
// briefing and the results to their last line: the scroll stopped one line short, "↓ 1
// more lines" stayed with two rows blank.
func TestSeatResultsScrollToTheEnd(t *testing.T) {
	sess := newRoomSession(t)
	c := sess.C
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	rok := seatOn(t, r, "Alpha", c.SideIndex("rok"))
	defer rok.Close()
	us := seatOn(t, r, "Bravo", c.SideIndex("us"))
	defer us.Close()
	red := seatOn(t, r, "Red", c.SideIndex("prc"))
	defer red.Close()
	all := []*SeatModel{rok, us, red}
	rok.Update(tea.WindowSizeMsg{Width: 80, Height: 24}) // the briefing, too
	if !strings.Contains(ansi.Strip(rok.Render()), "more lines") {
		t.Fatalf("the briefing fits at 80×24: nothing to scroll:\n%s", ansi.Strip(rok.Render()))
	}
	seatKeys(t, all, rok, "G")
	if text := ansi.Strip(rok.Render()); strings.Contains(text, "more lines") {
		t.Fatalf("G: the briefing does not scroll to its end:\n%s", text)
	}
	rok.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	seatKeys(t, all, red, "enter", "r", "enter")
	seatKeys(t, all, rok, "enter", "+", "+")
	seatKeys(t, all, us, "enter", "+")
	commitVia(t, all, rok)
	commitVia(t, all, us)
	for _, s := range all[:2] {
		if got := screenOf(s); got != scrResults {
			t.Fatalf("not on the results: screen %v", got)
		}
		s.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		if !strings.Contains(ansi.Strip(s.Render()), "more lines") {
			t.Fatalf("the results fit at 80×24: nothing to scroll:\n%s", ansi.Strip(s.Render()))
		}
		for _, keys := range [][]string{{"G"}, append([]string{"g"}, strings.Split(strings.Repeat("down ", 40), " ")[:40]...)} {
			seatKeys(t, all, s, keys...)
			text := ansi.Strip(s.Render())
			if strings.Contains(text, "more lines") {
				t.Fatalf("%v: the results do not scroll to their end:\n%s", keys, text)
			}
			lines := strings.Split(text, "\n")
			if len(lines) != 24 {
				t.Fatalf("%v: %d lines, not 24:\n%s", keys, len(lines), text)
			}
		}
	}
}

// A team that answered an event and committed waits: its screen says what
// it chose, without "(d changes it)", since d does nothing there.
func TestWaitScreenOffersNoD(t *testing.T) {
	sess := newRoomSession(t)
	c := sess.C
	r := NewRoom(sess, RoomOptions{Name: "Game 1", Code: "ABC123", AllowRed: true})
	a := seatOn(t, r, "Tigers", c.SideIndex("rok"))
	b := seatOn(t, r, "Eagles", c.SideIndex("us"))
	red := seatOn(t, r, "Red", c.SideIndex("prc"))
	all := []*SeatModel{a, b, red}
	for _, s := range all {
		defer s.Close()
	}
	for turn := 1; turn <= c.Turns; turn++ {
		for _, s := range all {
			seatKeys(t, all, s, "enter")
		}
		seatKeys(t, all, red, "r", "enter")
		if screenOf(red) == scrAdversary {
			seatKeys(t, all, red, "enter", "enter")
		}
		decided := -1
		for i, s := range []*SeatModel{b, a} { // the US decides the tutorial's event, and waits for South Korea
			if s.m.dialog >= 0 {
				decided = i
			}
			if s.m.dialog < 0 { // (keys in an open dialog answer it)
				spendBudget(t, all, s)
			}
			commitVia(t, all, s)
			if decided == i && screenOf(s) == scrWait {
				text := s.Render()
				if !strings.Contains(text, "you chose:") || strings.Contains(text, "(d changes it)") {
					t.Fatalf("turn %d: the wait screen of a team that decided and committed:\n%s", turn, text)
				}
				return
			}
		}
	}
	t.Fatal("no team decided an event and then waited: the test needs another game")
}
