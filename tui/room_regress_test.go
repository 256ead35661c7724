package tui

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
	"lattice/sim/journal"
)

// a teammate whose seat has not yet seen the room's change (its roomMsg
// still queued) edits the side's draft after the captain committed it.
func TestStaleSeatCannotEditCommittedDraft(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	rok, us := sess.C.SideIndex("rok"), sess.C.SideIndex("us")
	join := func(name string, side int) *SeatModel { return seatOn(t, r, name, side) }
	capt, mate, other := join("Capt", rok), join("Mate", rok), join("Other", us)
	all := []*SeatModel{capt, mate, other}
	r.Locked(func() { r.Force("console") }) // past the first Red phase
	for _, s := range all {
		s.Update(roomMsg{})
		seatKeys(t, all, s, "enter")
	}
	if screenOf(mate) != scrTurn {
		t.Fatalf("mate on screen %d", screenOf(mate))
	}
	// The captain commits; the mate's roomMsg has not arrived yet.
	for i := 0; i < 6 && capt.m.dialog >= 0; i++ {
		capt.Update(keyMsg("enter"))
	}
	capt.Update(keyMsg("enter"))
	if capt.m.confirmEnd {
		capt.Update(keyMsg("y"))
	}
	if !sess.Committed(rok) {
		t.Fatalf("captain did not commit: %q", capt.m.message)
	}
	before := append([]int(nil), sess.Orders.Side(rok)...)
	mate.Update(keyMsg("+")) // a key already in the mate's queue
	after := sess.Orders.Side(rok)
	for i := range before {
		if before[i] != after[i] {
			t.Fatalf("a committed draft changed after the commit: %v -> %v", before, after)
		}
	}
}

// the captain's and a teammate's connections drop; the teammate comes
// back first and nothing lets them commit (H refuses, commit refuses).
func TestOfflineCaptainDoesNotBlockSide(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	rok := sess.C.SideIndex("rok")
	capt := mustJoin(t, r, "Capt", "", false)
	mate := mustJoin(t, r, "Mate", "", false)
	r.ChooseWithCode(capt, rok, r.SideCode(rok))
	r.ChooseWithCode(mate, rok, r.SideCode(rok))
	r.Leave(mate) // network blip: the mate drops first,
	r.Leave(capt) // then the captain (nobody online to take over)
	mate, err := r.JoinWithCode("Mate", "", false, r.SideCode(rok))
	if err != nil {
		t.Fatal(err)
	}
	s := NewSeat(r, mate)
	defer s.Close()
	s.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	r.Locked(func() { r.Force("console") })
	all := []*SeatModel{s}
	s.Update(roomMsg{})
	seatKeys(t, all, s, "enter")
	commitVia(t, all, s)
	msg1 := s.m.message
	seatKeys(t, all, s, "H")
	msg2 := s.m.message
	if len(sess.Results) != 1 {
		t.Errorf("the only online member of rok cannot commit:\n commit: %q\n H: %q", msg1, msg2)
	}
}

// a decided roll pending at a restart. The Red plan was committed
// (and kept in the draft, as the room does), so after the resume the same
// plan stands and the act applies again; and if the Red team's plan is
// lost and it plans other moves, the decision is void and the journal
// still replays.
func TestPendingRollAfterRestart(t *testing.T) {
	for _, lost := range []bool{false, true} {
		s := newRoomSession(t)
		prc := s.C.SideIndex("prc")
		book := s.C.Sides[prc].Playbook
		var a1, a2 = -1, -1
		for _, a := range book {
			if s.Game.CheckPlan(prc, []int{a}, nil) == nil {
				if a1 < 0 {
					a1 = a
				} else if a2 < 0 {
					a2 = a
				}
			}
		}
		if a2 < 0 {
			t.Skip("need two plannable actions")
		}
		if err := s.PlanAdversary(prc, []int{a1}, nil); err != nil {
			t.Fatal(err)
		}
		s.SaveDraft()
		s.Brief()
		if err := s.Act(journal.WhiteCell{Action: journal.ActRoll, Move: s.C.Actions[a1].ID, Outcome: journal.OutcomeSuccess, Reason: "r"}); err != nil {
			t.Fatal(err)
		}
		s.Journal.Close()
		if lost {
			os.Remove(DraftPath(s.JournalPath))
		}
		back, _, err := Resume(s.JournalPath)
		if err != nil {
			t.Fatal(err)
		}
		closeAtEnd(t, func() *Session { return back })
		back.RestorePlans()
		if got := back.HasPlan(prc); got == lost {
			t.Fatalf("lost draft %v: plan restored %v", lost, got)
		}
		if lost {
			if err := back.PlanAdversary(prc, []int{a2}, nil); err != nil {
				t.Fatal(err)
			}
		}
		back.Brief()
		if back.JournalErr != nil {
			t.Fatalf("lost draft %v: %v", lost, back.JournalErr)
		}
		if decided, _ := back.Game.Forced(a1); decided == lost {
			t.Fatalf("lost draft %v: the roll is decided %v", lost, decided)
		}
		for _, a := range back.HumanAllies() {
			back.Commit(a)
		}
		if _, err := back.Adjudicate(); err != nil {
			t.Fatal(err)
		}
		want := back.Game.Hash()
		back.Journal.Close()
		j, _, err := journal.Read(s.JournalPath)
		if err != nil {
			t.Fatal(err)
		}
		res, err := journal.Replay(j, journal.Options{Verify: true})
		if err != nil {
			t.Fatalf("lost draft %v: the served game no longer replays: %v", lost, err)
		}
		if res.Game.Hash() != want {
			t.Fatalf("lost draft %v: replay hash %x, live %x", lost, res.Game.Hash(), want)
		}
	}
}

// seats, a console and the timer from goroutines (run with -race).
func TestRoomConcurrentSeatsConsoleTimer(t *testing.T) {
	sess := newRoomSession(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	var cmu sync.Mutex
	now := func() time.Time { cmu.Lock(); defer cmu.Unlock(); return clock.t }
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true, Timer: time.Minute, Now: now})
	var seats []*SeatModel
	for i, side := range []string{"rok", "rok", "us", "prc", "prc"} {
		m := mustJoin(t, r, string(rune('A'+i)), "", false)
		r.ChooseWithCode(m, sess.C.SideIndex(side), r.SideCode(sess.C.SideIndex(side)))
		s := NewSeat(r, m)
		s.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		seats = append(seats, s)
	}
	con := NewConsole([]*Room{r}, "console")
	con.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	keys := []string{"enter", "+", "down", "r", "b", "enter", "H", "y", "-", "up", "tab"}
	for i, s := range seats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				s.Update(keyMsg(keys[(k+i)%len(keys)]))
				s.Update(roomMsg{})
				_ = s.View()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		ck := []string{"p", "p", "+", "f", "y", "i", "enter", "x", "enter", "u", "enter", "esc"}
		for k := 0; ; k++ {
			select {
			case <-stop:
				return
			default:
			}
			con.Update(keyMsg(ck[k%len(ck)]))
			_ = con.View()
			time.Sleep(time.Millisecond)
		}
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			cmu.Lock()
			clock.t = clock.t.Add(7 * time.Second)
			cmu.Unlock()
			r.Tick()
			_ = r.Members()
			_ = r.Choices()
			time.Sleep(time.Millisecond)
		}
	}()
	time.Sleep(time.Second)
	close(stop)
	wg.Wait()
	for _, s := range seats {
		s.Close()
	}
	con.Close()
	if t.Failed() { // a passing test says nothing
		t.Logf("turns %d, log %d\n%s", len(sess.Results), len(r.Log), strings.Join(r.Log[max(0, len(r.Log)-25):], "\n"))
	}
}

// with a turn timer, an empty room (server started before the class
// arrives) adjudicates turns with nobody in it.
func TestTimerWaitsForTheFirstTeam(t *testing.T) {
	sess := newRoomSession(t)
	clock := &fakeClock{t: time.Date(2026, 1, 1, 8, 50, 0, 0, time.UTC)}
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true, Timer: 10 * time.Minute, Now: clock.now})
	for i := 0; i < 4; i++ {
		clock.t = clock.t.Add(10 * time.Minute)
		r.Tick()
	}
	if n := len(sess.Results); n > 0 {
		t.Fatalf("%d turns adjudicated before anyone joined; log:\n%s", n, strings.Join(r.Log, "\n"))
	}
}

// one key on two terminals, both at the side list: the second choice
// moves the member while the first terminal's seat still plays the old side.
func TestSameKeyCannotPlayTwoSides(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	rok, us := sess.C.SideIndex("rok"), sess.C.SideIndex("us")
	m1 := mustJoin(t, r, "Tigers", "SHA256:k", false)
	m2 := mustJoin(t, r, "Tigers", "SHA256:k", false) // second terminal, same member
	if err := r.ChooseWithCode(m1, rok, r.SideCode(rok)); err != nil {
		t.Fatal(err)
	}
	s1 := NewSeat(r, m1)
	defer s1.Close()
	if err := r.ChooseWithCode(m2, us, r.SideCode(us)); err == nil {
		t.Fatal("the same member took a second side from another terminal")
	}
	if m1.Side != rok || s1.m.side != rok {
		t.Fatalf("terminal 1 shows side %d, its member plays %d; want %d", s1.m.side, m1.Side, rok)
	}
}

// members are not bounded; every join rewrites the seats file under the room lock.
func TestRoomMembersBounded(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	start := time.Now()
	for i := 0; i < 3*MaxMembers; i++ {
		m := mustJoin(t, r, "bot"+strings.Repeat("x", 10)+string(rune('a'+i%26))+time.Duration(i).String(), "", false)
		r.Leave(m)
	}
	if len(r.Members()) > MaxMembers {
		t.Errorf("members unbounded: %d after %v", len(r.Members()), time.Since(start))
	}
	// Members who chose a side and stay connected fill the room; then Join refuses.
	for i := 0; i < MaxMembers; i++ {
		m, err := r.Join(fmt.Sprintf("team %d", i), "", false)
		if err != nil {
			if i == 0 {
				t.Fatal(err)
			}
			return
		}
		if err := r.Choose(m, -1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.Join("one too many", "", false); err == nil {
		t.Fatal("a full room took one more member")
	}
}

// typing a reason containing "q" in the hotseat's White-cell console
// opens the quit dialog; a later "y" in the reason quits the program.
func TestHotseatReasonMayContainQ(t *testing.T) {
	s := alliesSessionOf(t, "tutorial", 3)
	m := New(Options{Resume: s, WhiteCell: true})
	m = resize(t, m, 100, 30)
	var cmd tea.Cmd
	for _, k := range []string{"W", "e", "q", "u", "i", "c", "k", "l", "y"} {
		m, cmd = update(t, m, keyMsg(k))
		if isQuit(cmd) {
			t.Fatalf("typing the reason %q quit the program", "quickly")
		}
	}
	if m.wc == nil || m.wc.input != "quickly" {
		t.Fatalf("reason typed: %+v", m.wc)
	}
}

// Team names are unique in a room (case and invisible characters aside),
// the White cell's name is reserved, a keyless team gets its place back
// under its name once its old connection is gone, and observers who left
// make room when the room is full.
func TestRoomNames(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	bravo := mustJoin(t, r, "Bravo", "", false)
	for _, name := range []string{"bravo", "Bravo\u200b", "B\u00adravo", "\u2060BRAVO"} {
		if _, err := r.Join(name, "", false); err == nil || !strings.Contains(err.Error(), "connected already") {
			t.Errorf("%q joined beside an online Bravo: %v", name, err)
		} else if !strings.Contains(err.Error(), "in a minute") {
			// Its connection dropped without a word (Wi-Fi lost): there
			// is no other session to close, only a minute to wait.
			t.Errorf("a team whose connection dropped is not told to wait: %v", err)
		}
	}
	if _, err := r.Join("Bravo", "SHA256:other", false); err == nil || !strings.Contains(err.Error(), "in the game already") {
		t.Errorf("a keyed team took Bravo's name: %v", err)
	}
	if _, err := r.Join("white CELL", "", false); err == nil || !strings.Contains(err.Error(), "instructor") {
		t.Errorf("a team took the White cell's name: %v", err)
	}
	mustJoin(t, r, WhiteCellName, "SHA256:teacher", true)
	mustJoin(t, r, WhiteCellName, "SHA256:assistant", true)
	r.Leave(bravo)
	if back := mustJoin(t, r, "bravo", "", false); back != bravo {
		t.Errorf("Bravo came back as a new member")
	}
	// Observers come and go until the room is full: those who left make room.
	for i := 0; i < 2*MaxMembers; i++ {
		m, err := r.Join(fmt.Sprintf("watcher %d", i), "", false)
		if err != nil {
			t.Fatalf("watcher %d: %v (%d members)", i, err, len(r.Members()))
		}
		if err := r.Choose(m, -1); err != nil {
			t.Fatal(err)
		}
		r.Leave(m)
	}
}

// The room's log says when the game ends on a verdict (a server without a
// terminal shows only the log).
func TestRoomLogsTheEnd(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	for i := 0; i < 50 && r.Phase() != PhaseOver; i++ {
		r.Lock()
		r.force("test")
		r.Unlock()
	}
	if r.Phase() != PhaseOver {
		t.Fatal("the game did not end")
	}
	e := sess.C.Ends[sess.Game.End()]
	want := "the game is over: " + e.Title
	for _, line := range r.Log {
		if strings.Contains(line, want) {
			return
		}
	}
	t.Fatalf("no %q in the log:\n%s", want, strings.Join(r.Log, "\n"))
}

// A member who is not the captain (the captain being online) pressing
// enter is told only the captain commits, not first asked whether to
// commit with budget left.
func TestNonCaptainToldBeforeBudgetQuestion(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	rok := sess.C.SideIndex("rok")
	captain := seatOn(t, r, "Alpha", rok)
	defer captain.Close()
	mate := seatOn(t, r, "Bravo", rok)
	defer mate.Close()
	all := []*SeatModel{captain, mate}
	if r.Phase() == PhaseRed { // the first turn waits for a Red team: move on as the timer would
		r.Lock()
		r.force("test")
		r.Unlock()
	}
	for _, s := range all {
		seatKeys(t, all, s, "enter") // past the briefing
	}
	if r.Phase() != PhaseAllies {
		t.Fatalf("phase %v, want the allies'", r.Phase())
	}
	seatKeys(t, all, mate, "enter")
	if mate.m.confirmEnd {
		t.Fatal("the non-captain was asked to confirm committing with budget left")
	}
	if !strings.Contains(mate.m.message, "only your captain (Alpha)") {
		t.Fatalf("message %q, want the captain named", mate.m.message)
	}
	if sess.Committed(rok) {
		t.Fatal("the non-captain committed")
	}
}

// Resuming a game that has ended says so, rather than "resumed at week N".
func TestResumeFinishedGameSaysItIsOver(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	c := tutorialEntry(t).Compiled
	s := NewSession(c, 3, "normal", make([]bool, len(c.Sides)), make([]sim.Policy, len(c.Sides)))
	s.JournalPath = "game.jsonl"
	for i := 0; i < 50 && !s.Over(); i++ {
		s.Brief()
		if _, err := s.Adjudicate(); err != nil {
			t.Fatal(err)
		}
	}
	m := New(Options{Resume: s})
	if m.screen != scrEnd || !strings.Contains(m.message, "game.jsonl: this game is over (after week") {
		t.Fatalf("screen %d, message %q", m.screen, m.message)
	}
}

// TestResumedRoomDoesNotWaitForRed: a game resumed after its first turn
// (the server restarted) waited again, as in a fresh game's first turn,
// for a Red team that had never joined, until the timer ran out.
func TestResumedRoomDoesNotWaitForRed(t *testing.T) {
	sess := newRoomSession(t)
	fresh := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	var w []int
	fresh.Locked(func() { w = fresh.redWait() })
	if len(w) == 0 {
		t.Fatal("a fresh game's first turn does not wait for the Red team to arrive")
	}
	sess.Brief()
	for _, a := range sess.HumanAllies() {
		sess.Commit(a)
	}
	if _, err := sess.Adjudicate(); err != nil {
		t.Fatal(err)
	}
	resumed := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true}) // as after --resume
	resumed.Locked(func() { w = resumed.redWait() })
	if len(w) != 0 {
		t.Fatalf("a resumed game waits for Red sides %v no team has joined", w)
	}
}

// TestSecondTeamNeedsSideCode: any student could pick a side another team
// played and read its draft live, or the Red team's real moves. A side
// someone plays is joined only with its side code, shown on that side's
// screens and the White cell's; a team coming back needs none, and the
// codes outlive a restart.
func TestSecondTeamNeedsSideCode(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	rok, prc := sess.C.SideIndex("rok"), sess.C.SideIndex("prc")
	first := mustJoin(t, r, "Tigers", "", false)
	if err := r.Choose(first, rok); err != nil {
		t.Fatal(err)
	}
	red := mustJoin(t, r, "Red Cell", "", false)
	if err := r.Choose(red, prc); err != nil {
		t.Fatal(err)
	}
	for _, side := range []int{rok, prc} {
		spy := mustJoin(t, r, "Spy "+sess.C.Sides[side].ID, "", false)
		if err := r.Choose(spy, side); !errors.Is(err, ErrSideCode) {
			t.Fatalf("joined %s, which another team plays, with no code: %v", sess.C.Sides[side].ID, err)
		}
		if err := r.ChooseWithCode(spy, side, "ZZZZ"); !errors.Is(err, ErrSideCode) || r.SideCode(side) == "ZZZZ" {
			t.Fatalf("joined %s with a wrong code: %v", sess.C.Sides[side].ID, err)
		}
		if err := r.ChooseWithCode(spy, side, strings.ToLower(r.SideCode(side))); err != nil {
			t.Fatalf("the right code (any case) refused for %s: %v", sess.C.Sides[side].ID, err)
		}
	}
	if r.SideCode(rok) == r.SideCode(prc) && r.SideCode(rok) == r.SideCode(sess.C.SideIndex("us")) {
		t.Errorf("every side has the code %s", r.SideCode(rok))
	}
	// The first team's screen shows the code to give.
	s := NewSeat(r, first)
	defer s.Close()
	s.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	if !strings.Contains(s.Render(), "side code "+r.SideCode(rok)) {
		t.Errorf("the side's own screen does not show its code:\n%s", s.Render())
	}
	// A team back under its name proves it with its side's code, and
	// keeps its side without being asked again.
	r.Leave(first)
	back, err := r.JoinWithCode("Tigers", "", false, r.SideCode(rok))
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Choose(back, rok); err != nil {
		t.Errorf("a returning team was asked for a code: %v", err)
	}
	// After a restart (the seats file beside the journal) the codes teams
	// were told still hold.
	codes := []string{r.SideCode(rok), r.SideCode(prc)}
	again := NewRoom(sess, RoomOptions{Name: "Game 1", AllowRed: true})
	if again.SideCode(rok) != codes[0] || again.SideCode(prc) != codes[1] {
		t.Errorf("side codes after a restart %s %s, want %s %s", again.SideCode(rok), again.SideCode(prc), codes[0], codes[1])
	}
}

// TestPauseShownAtOnce: a seat learned of a pause only when a key it
// pressed was refused; the notice now shows as soon as the room pauses,
// and goes when it resumes.
func TestPauseShownAtOnce(t *testing.T) {
	sess := newRoomSession(t)
	r := NewRoom(sess, RoomOptions{Name: "Game 1"})
	s := seatOn(t, r, "Tigers", sess.C.SideIndex("rok"))
	defer s.Close()
	r.Locked(func() { r.SetPaused(true, "console") })
	s.Update(roomMsg{})
	if !strings.Contains(s.Render(), "paused the game") {
		t.Fatalf("a paused room's seat does not say so:\n%s", s.Render())
	}
	r.Locked(func() { r.SetPaused(false, "console") })
	s.Update(roomMsg{})
	if strings.Contains(s.Render(), "paused the game") {
		t.Fatalf("the pause notice stayed after the game resumed:\n%s", s.Render())
	}
}

// TestReplayedTurnsResultsDropTheRollbackWord: after the White cell rolled
// back a turn, every seat read "the White cell rolled back: Week 1 is played
// again", and where no key was pressed since (a team waiting for the other
// side, or for the timer) the word stayed under the results of the turn
// played again, and of the turns after, until some other word replaced it: the class
// could not tell whether the results on the screen were the ones undone.
// New results clear a word the seat had; one given with them stays.
func TestReplayedTurnsResultsDropTheRollbackWord(t *testing.T) {
	r, rok, us, sr, su := seatedRoom(t)
	all := []*SeatModel{sr, su}
	c := r.Sess.C
	commitBoth := func() {
		r.Locked(func() {
			if !r.Sess.Committed(rok) {
				r.Sess.Orders.Set(rok, c.LeverIndex("combined_exercise"), 3)
				if err := r.commit(sr.m.seat.me); err != nil {
					t.Fatal(err)
				}
			}
			r.Sess.Orders.Set(us, c.LeverIndex("combined_exercise"), 3)
			if err := r.commit(su.m.seat.me); err != nil {
				t.Fatal(err)
			}
		})
		for _, s := range all {
			s.Update(roomMsg{})
		}
	}
	commitBoth()
	r.Locked(func() {
		if err := r.Rollback("a ruling was wrong", "console"); err != nil {
			t.Fatal(err)
		}
	})
	for _, s := range all {
		s.Update(roomMsg{})
		if !strings.Contains(s.m.message, "rolled back") || !strings.HasSuffix(s.m.message, " — a ruling was wrong") {
			t.Fatalf("%s's seat was not told of the rollback and why: %q", s.m.seat.me.Name, s.m.message)
		}
	}
	commitBoth()
	for _, s := range all {
		if screenOf(s) != scrResults {
			t.Fatalf("%s's seat is on screen %v, want the results of the turn played again", s.m.seat.me.Name, screenOf(s))
		}
		if out := ansi.Strip(s.Render()); strings.Contains(out, "rolled back") {
			t.Errorf("%s's results of the turn played again still say it was rolled back:\n%s", s.m.seat.me.Name, out)
		}
	}
}

// TestEndScreenDropsTheWordBefore: the White cell rolled a turn back, then
// ended the game; every seat's end screen, which says why the game ended,
// still read "the White cell rolled back: Week 1 is played again" below it.
func TestEndScreenDropsTheWordBefore(t *testing.T) {
	r, _, us, sr, su := seatedRoom(t)
	all := []*SeatModel{sr, su}
	c := r.Sess.C
	r.Locked(func() {
		r.Sess.Orders.Set(us, c.LeverIndex("combined_exercise"), 3)
		if err := r.commit(su.m.seat.me); err != nil {
			t.Fatal(err)
		}
	})
	for _, s := range all {
		s.Update(roomMsg{}) // the results of week 1
	}
	r.Locked(func() {
		if err := r.Rollback("a ruling was wrong", "console"); err != nil {
			t.Fatal(err)
		}
	})
	for _, s := range all {
		s.Update(roomMsg{})
		if !strings.Contains(s.m.message, "rolled back") {
			t.Fatalf("%s's seat was not told of the rollback: %q", s.m.seat.me.Name, s.m.message)
		}
	}
	r.Locked(func() {
		if err := r.End("out of time", "console"); err != nil {
			t.Fatal(err)
		}
	})
	for _, s := range all {
		s.Update(roomMsg{})
		if screenOf(s) != scrEnd {
			t.Fatalf("%s's seat is on screen %v, want the end", s.m.seat.me.Name, screenOf(s))
		}
		if out := ansi.Strip(s.Render()); strings.Contains(out, "is played again") || !strings.Contains(out, "out of time") {
			t.Errorf("%s's end screen:\n%s", s.m.seat.me.Name, out)
		}
	}
}

// TestWaitingSeatsShowTheWhiteCellsWordWhole: the notice line below a
// screen is cut at two lines, so a long reason reached neither the teams
// waiting for the others nor the projector. Their screens now show this
// turn's White-cell word whole, and a new turn drops it.
func TestWaitingSeatsShowTheWhiteCellsWordWhole(t *testing.T) {
	r, _, _, sr, su := seatedRoom(t) // ROK has committed: its seat waits
	mo := mustJoin(t, r, "Projector", "", false)
	if err := r.Choose(mo, -1); err != nil {
		t.Fatal(err)
	}
	so := NewSeat(r, mo)
	defer so.Close()
	so.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	so.Update(keyMsg("enter")) // past the briefing
	waiting := []*SeatModel{sr, so}
	reason := "Washington asks Seoul to say in public by Friday whether Korean bases may be used, and the National Assembly's defence committee meets on Thursday"
	c := r.Sess.C
	r.Locked(func() {
		if err := r.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: c.Metrics[c.MetricIndex("cohesion")].ID, Value: "50", Reason: reason, By: "console"}); err != nil {
			t.Fatal(err)
		}
	})
	for _, s := range waiting {
		s.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		s.Update(roomMsg{})
		if screenOf(s) != scrWait {
			t.Fatalf("%s's seat is on screen %v, want the wait", s.m.seat.me.Name, screenOf(s))
		}
		out := strings.Join(strings.Fields(ansi.Strip(s.Render())), " ")
		if !strings.Contains(out, reason) {
			t.Errorf("%s's seat does not show the reason whole:\n%s", s.m.seat.me.Name, s.Render())
		}
	}
	r.Locked(func() {
		if err := r.commit(su.m.seat.me); err != nil {
			t.Fatal(err)
		}
	})
	so.Update(roomMsg{})
	so.Update(keyMsg("enter")) // past the results, to the next turn's wait
	if screenOf(so) != scrWait {
		t.Fatalf("the projector is on screen %v, want the wait", screenOf(so))
	}
	if out := ansi.Strip(so.Render()); strings.Contains(out, "National Assembly") {
		t.Errorf("the last turn's word stays on the projector:\n%s", out)
	}
}
