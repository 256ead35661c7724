package serve

import (
	"context"
	"fmt"
	"net"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"lattice/tui"
)

// With no join codes but a list of authorized keys, only those keys get
// in: a stranger's key is told so and reaches no game.
func TestNoCodeAdmitsOnlyListedKeys(t *testing.T) {
	stateDir(t)
	known := newKey(t)
	rooms := newRooms(t, gameOpts{}) // no join code
	ts := startServer(t, Config{Rooms: rooms, Authorized: KeySet{Fingerprint(known.PublicKey()): true}})
	c := mustDial(t, ts.addr, "stranger", gossh.PublicKeys(newKey(t)))
	c.waitText("cannot join a game from this key")
	if s := c.screen(); strings.Contains(s, "Team:") {
		t.Fatalf("a key not in --authorized-keys reached the game:\n%s", s)
	}
	ok := mustDial(t, ts.addr, "known", gossh.PublicKeys(known))
	ok.waitText("Team:")
}

// An observer seat (a projector) is not dropped for want of key presses.
func TestObserverSurvivesIdle(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, IdleTimeout: time.Second})
	c := mustDial(t, ts.addr, "projector", noKey())
	c.join(rooms[0], "ABC234", "Projector", "")
	select {
	case <-c.done:
		t.Fatalf("the observer seat was disconnected while idle; log:\n%s", ts.log)
	case <-time.After(3 * time.Second):
	}
}

// A session that does not join a game in time is closed (it would hold a
// session the class needs).
func TestUnadmittedSessionIsClosed(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, AdmitTimeout: 500 * time.Millisecond})
	c := mustDial(t, ts.addr, "squatter", noKey())
	c.waitText("Code:")
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("a session at the code prompt was not closed")
	}
	if !strings.Contains(string(c.rawOutput()), "no seat taken in a game within") {
		t.Fatalf("no word of why the session closed:\n%s", c.rawOutput())
	}
}

// Games that share a join code (--join-code CODE with --games N) are all
// reachable: the code leads to a choice among them, not always to the
// first.
func TestSharedCodeReachesEveryGame(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{games: 2, codes: []string{"ABC234", "ABC234"}})
	ts := startServer(t, Config{Rooms: rooms})
	c := mustDial(t, ts.addr, "second", noKey())
	c.waitText("Code:")
	c.send("ABC234\r")
	c.waitText("Choose a game", "Game 2")
	c.send("2")
	c.waitText("Joining Game 2", "Team:")
	c.send("Bravo\r")
	c.waitText("Team Bravo in Game 2")

	// A code of its own still leads straight to its game.
	rooms = newRooms(t, gameOpts{games: 2, codes: []string{"ABC234", "XYZ789"}})
	ts = startServer(t, Config{Rooms: rooms})
	d := mustDial(t, ts.addr, "own", noKey())
	d.waitText("Code:")
	d.send("XYZ789\r")
	d.waitText("Joining Game 2", "Team:")
}

// When the server stops (the instructor's Ctrl-C), a student is told why
// the session ended and how to get back, not just dropped at a shell.
func TestShutdownTellsStudents(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms})
	c := mustDial(t, ts.addr, "student", noKey())
	c.join(rooms[0], "ABC234", "Alpha", "rok")
	// The test's client keeps its connection open, so Shutdown waits for
	// its deadline; the sessions themselves end at once.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	ts.Shutdown(ctx)
	c.waitClosed()
	if !strings.Contains(string(c.rawOutput()), "game server has stopped") {
		t.Fatalf("no word of why the session ended; output ends %q", tail(c.rawOutput(), 300))
	}
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// On an 80-column terminal the lobby wraps its lines: a team name of the
// full 24 letters, or a side shared by several teams, does not push the
// instructions or the teams off the right edge.
func TestLobbyWrapsAt80Columns(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms})
	for _, name := range []string{"Northern Lights Brigade", "Southern Cross Division", "Eastern Winds Squadron"} {
		c := mustDial(t, ts.addr, name, noKey())
		c.join(rooms[0], "ABC234", name, "rok")
	}
	c, err := dialSize(t, ts.addr, "late", 80, 24, noKey())
	if err != nil {
		t.Fatal(err)
	}
	c.waitText("Code:")
	c.send("ABC234\r")
	c.waitText("Team:")
	c.send("Abcdefghijklmnopqrstuvwx\r")
	s := c.waitText("Choose your side")
	flat := strings.Join(strings.Fields(s), " ")
	for _, want := range []string{"or its number):", "Eastern Winds Squadron"} {
		if !strings.Contains(flat, want) {
			t.Errorf("%q is cut off at 80 columns:\n%s", want, s)
		}
	}
}

// The server's log (serve without a terminal) copies every line of a
// room's log once, in order: lines that repeat an earlier line, or more
// than one line at once, are neither lost nor copied twice.
func TestRoomLogCopiedOnce(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	log := &syncBuffer{}
	startServer(t, Config{Rooms: rooms, Log: log, LogRooms: true})
	r := rooms[0]
	add := func(lines ...string) {
		r.Locked(func() {
			r.Log = append(r.Log, lines...)
			r.Changed()
		})
	}
	waitLog := func(n int) []string {
		t.Helper()
		deadline := time.Now().Add(waitLimit)
		for {
			var got []string
			for _, l := range strings.Split(log.String(), "\n") {
				if strings.HasPrefix(l, "10:00:0") {
					got = append(got, l)
				}
			}
			if len(got) >= n || time.Now().After(deadline) {
				time.Sleep(100 * time.Millisecond) // any extra line would come now
				return got
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	add("10:00:01  Bravo left")
	waitLog(1)
	add("10:00:01  Bravo is back (United States)", "10:00:01  Bravo left")
	waitLog(3)
	add("10:00:02  Week 1 adjudicated")
	got := waitLog(4)
	want := []string{"10:00:01  Bravo left", "10:00:01  Bravo is back (United States)", "10:00:01  Bravo left", "10:00:02  Week 1 adjudicated"}
	if len(got) != len(want) {
		t.Fatalf("the server's log has\n%s\nwant the lines %q once each", strings.Join(got, "\n"), want)
	}
	for i := range want {
		if !strings.HasPrefix(got[i], want[i]) {
			t.Fatalf("line %d is %q, want %q", i+1, got[i], want[i])
		}
	}
}

// A list longer than the terminal scrolls: the selected game stays in view
// (with 30 games on 80×24, games past the 20th were chosen unseen).
func TestLobbyListScrolls(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{games: 30}) // no join codes: a list of every game
	ts := startServer(t, Config{Rooms: rooms})
	c, err := dialSize(t, ts.addr, "student", 80, 24, noKey())
	if err != nil {
		t.Fatal(err)
	}
	c.waitText("Choose a game", "> 1. Game 1 ")
	for range 25 {
		c.send("\x1b[B") // down
	}
	s := c.waitText("> 26. Game 26 ")
	for _, want := range []string{"↑", "more", "ctrl+c: leave"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q on the screen:\n%s", want, s)
		}
	}
	c.send("\x1b[A") // up
	c.waitText("> 25. Game 25 ")
	c.send("\r")
	c.waitText("Joining Game 25.")
}

// A client claiming a huge terminal, before any join code, does not make
// the server allocate a screen of that size (a terminal of 2000×2000 took
// 440 MB; a few such sessions ended every game).
func TestHugeWindowIsCapped(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms})
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	c, err := dialSize(t, ts.addr, "huge", 2000, 2000, noKey())
	if err != nil {
		t.Fatal(err)
	}
	c.waitText("Code:")
	c.send("AB")
	c.waitText("Code: AB")
	if grew := int64(heap()) - int64(before); grew > 100<<20 {
		t.Fatalf("one session's window took %d MB", grew>>20)
	}
}

// TestUnknownWindowSizeGetsAScreen: a client that does not know its
// terminal's size asks for a 0×0 pty (ssh -tt from a script); the lobby
// drew nothing for it, so the student saw a blank screen and no prompt.
func TestUnknownWindowSizeGetsAScreen(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms})
	c, err := dialSize(t, ts.addr, "nosize", 0, 0, noKey())
	if err != nil {
		t.Fatal(err)
	}
	c.waitText("Type the join code", "Code:")
	if w, h := capSize(0, 0); w != tui.MinWidth || h != tui.MinHeight {
		t.Errorf("capSize(0, 0) = %d×%d, want %d×%d", w, h, tui.MinWidth, tui.MinHeight)
	}
	if w, h := capSize(-5, 30); w != tui.MinWidth || h != tui.MinHeight {
		t.Errorf("capSize(-5, 30) = %d×%d, want %d×%d", w, h, tui.MinWidth, tui.MinHeight)
	}
}

// A connection that opens no session (ssh -N: any key authenticates) is
// closed after the admit timeout, as a session that joins no game is; one
// with a session open is left alone.
func TestSessionlessConnectionIsClosed(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, AdmitTimeout: 500 * time.Millisecond})
	cfg := &gossh.ClientConfig{User: "squatter", Auth: []gossh.AuthMethod{noKey()}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	idle, err := gossh.Dial("tcp", ts.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	seated := mustDial(t, ts.addr, "projector", noKey())
	seated.join(rooms[0], "ABC234", "Projector", "")
	closed := make(chan struct{})
	go func() { idle.Wait(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("a connection with no session was not closed")
	}
	select {
	case <-seated.done:
		t.Fatal("a connection with a session open was closed")
	case <-time.After(time.Second):
	}
}

// The side list is kept up to date: a team choosing a side while another
// looks at the list shows there, without a key press (the list was the one
// drawn when the team name was entered: "nobody yet (you would be its
// captain)" beside a side already taken).
func TestSideListRefreshes(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms})
	a := mustDial(t, ts.addr, "looker", noKey())
	a.waitText("Code:")
	a.send("ABC234\r")
	a.waitText("Team:")
	a.send("Looker\r")
	a.waitText("Choose your side", "nobody yet")
	b := mustDial(t, ts.addr, "chooser", noKey())
	b.join(rooms[0], "ABC234", "Chooser", "rok")
	a.waitText("South Korea — Chooser")
}

// Invisible format characters (zero-width spaces, a bidi override) typed
// or pasted at the name prompt neither show in its echo nor use up the
// name's 24 characters: the name typed after them is kept whole.
func TestNameIgnoresFormatCharacters(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	c := mustDial(t, ts.addr, "zw", noKey())
	c.waitText("Team:")
	c.send("\x1b[200~" + strings.Repeat("\u200b", tui.MaxNameLen) + "\u202eZed\x1b[201~")
	c.waitText("Team: Zed")
	c.send("\r")
	c.waitText("Choose your side")
	var names []string
	for _, m := range r.Members() {
		names = append(names, m.Name)
	}
	if !slices.Equal(names, []string{"Zed"}) {
		t.Errorf("members %q, want [Zed]", names)
	}
}

// freezer is a TCP proxy to addr whose connections can be frozen: from
// then on nothing passes either way and nothing is closed, as when a
// student's Wi-Fi drops.
type freezer struct {
	ln     net.Listener
	frozen chan struct{}
}

func newFreezer(t *testing.T, addr string) *freezer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &freezer{ln: ln, frozen: make(chan struct{})}
	var conns []net.Conn
	var mu sync.Mutex
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	pipe := func(dst, src net.Conn) {
		buf := make([]byte, 32*1024)
		for {
			n, err := src.Read(buf)
			select {
			case <-f.frozen:
				return // drop it, and read no more: the peer's buffers fill
			default:
			}
			if n > 0 {
				if _, err := dst.Write(buf[:n]); err != nil {
					return
				}
			}
			if err != nil {
				return
			}
		}
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", addr)
			if err != nil {
				c.Close()
				continue
			}
			mu.Lock()
			conns = append(conns, c, s)
			mu.Unlock()
			go pipe(s, c)
			go pipe(c, s)
		}
	}()
	return f
}

// A keyless team whose client vanished without closing its connection is
// found out by the keepalive and put offline, so that it can come back
// under its name (which is refused while the team is online).
func TestVanishedClientCanComeBack(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms, KeepAlive: 20 * time.Millisecond, KeepAliveMax: 3})
	f := newFreezer(t, ts.addr)
	gone := mustDial(t, f.ln.Addr().String(), "gone", noKey())
	gone.join(r, "", "Wanderers", "us")
	close(f.frozen)
	deadline := time.Now().Add(waitLimit)
	for online := true; online; {
		if time.Now().After(deadline) {
			t.Fatalf("the vanished team is still online; log:\n%s", ts.log.String())
		}
		time.Sleep(5 * time.Millisecond) // polling, not asserting timing
		online = false
		for _, m := range r.Members() {
			online = online || (m.Name == "Wanderers" && m.Online)
		}
	}
	back := mustDial(t, ts.addr, "back", noKey())
	back.waitText("Team:")
	back.send("Wanderers\r")
	back.waitText("Side code:") // without a key, the side's code proves the team
	back.send(r.SideCode(r.Sess.C.SideIndex("us")) + "\r")
	back.waitText("Welcome back, team Wanderers.")
	back.send("\r")
	back.waitText(r.Name() + " · Wanderers")
}

// TestLobbyAsksForSideCode: a second team picking a side another team
// plays is asked for that side's code (it could read the side's draft, or
// the Red team's real moves, uninvited); a wrong code is refused and
// counted with wrong join codes; the right one seats it.
func TestLobbyAsksForSideCode(t *testing.T) {
	stateDir(t)
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, Now: clock})
	a := mustDial(t, ts.addr, "a", noKey())
	a.join(rooms[0], "ABC234", "Alpha", "rok")
	rok := rooms[0].Sess.C.SideIndex("rok")
	code := rooms[0].SideCode(rok)
	a.waitText("side code " + code) // the team's own screen shows it

	b := mustDial(t, ts.addr, "b", noKey())
	b.waitText("Code:")
	b.send("ABC234\r")
	b.waitText("Team:")
	b.send("Bravo\r")
	b.waitText("Choose your side")
	pick := -1
	for i, ch := range rooms[0].Choices() {
		if ch.Side == rok {
			pick = i
		}
	}
	b.send(fmt.Sprint(pick + 1))
	b.waitText("South Korea already has a team (Alpha)", "Side code:")
	wrong := "2222"
	if wrong == code {
		wrong = "3333"
	}
	b.send(wrong + "\r")
	b.waitText("that is not South Korea's side code")
	if memberNamed(t, rooms[0], "Bravo").Side == rok {
		t.Fatal("a wrong side code seated the team")
	}
	if !strings.Contains(ts.log.String(), "wrong Game 1 side code for South Korea from 127.0.0.1") {
		t.Errorf("the wrong side code is not logged:\n%s", ts.log)
	}
	mu.Lock()
	now = now.Add(tryGap) // one try a second after a wrong one
	mu.Unlock()
	b.send(strings.ToLower(code) + "\r")
	b.waitText(rooms[0].Name() + " · Bravo")
}

func memberNamed(t *testing.T, r *tui.Room, name string) tui.Member {
	t.Helper()
	for _, m := range r.Members() {
		if m.Name == name {
			return m
		}
	}
	t.Fatalf("no member %q", name)
	return tui.Member{}
}

// A team's session is not dropped for idling while the White cell has
// paused the game (a discussion in the room can outlast --idle-timeout,
// and nobody has a key to press): it was, and every team had to connect
// again after the debrief. Once the game resumes the timeout counts again,
// from the resume.
func TestPausedGameKeepsIdleTeams(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, IdleTimeout: time.Second})
	r := rooms[0]
	c := mustDial(t, ts.addr, "alpha", noKey())
	c.join(r, "ABC234", "Alpha", "rok")
	r.Locked(func() { r.SetPaused(true, "console") })
	c.waitText("PAUSED")
	select {
	case <-c.done:
		t.Fatalf("a team was disconnected for idling while the game was paused; log:\n%s", ts.log)
	case <-time.After(3 * time.Second):
	}
	r.Locked(func() { r.SetPaused(false, "console") })
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatalf("once resumed, an idle team was not disconnected; log:\n%s", ts.log)
	}
	if !strings.Contains(string(c.rawOutput()), "without a key press") {
		t.Errorf("no idle message; output %q", c.rawOutput())
	}
}

// TestShutdownWordsWrapBetweenWords: the word a student reads when the
// server stops was one long line, which an 80-column terminal broke
// mid-word ("When your instructor res" | "tarts it"). It is wrapped
// between words to the terminal's width.
func TestShutdownWordsWrapBetweenWords(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms})
	c, err := dialSize(t, ts.addr, "student", 80, 24, noKey())
	if err != nil {
		t.Fatal(err)
	}
	c.join(rooms[0], "ABC234", "Alpha", "rok")
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	ts.Shutdown(ctx)
	c.waitClosed()
	raw := string(c.rawOutput())
	i := strings.LastIndex(raw, "The game server has stopped")
	if i < 0 {
		t.Fatalf("no word of why the session ended; output ends %q", tail(c.rawOutput(), 300))
	}
	words := strings.TrimRight(raw[i:], "\r\n")
	for _, l := range strings.Split(words, "\r\n") {
		if n := len([]rune(l)); n >= 80 {
			t.Errorf("a line of %d columns, which the terminal breaks where it falls: %q", n, l)
		}
	}
	if got := strings.Join(strings.Fields(words), " "); !strings.Contains(got, "When your instructor restarts it, connect again") {
		t.Errorf("the words are broken: %q", words)
	}
}
