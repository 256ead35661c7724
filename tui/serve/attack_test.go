package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"lattice/tui"
)

// The findings of an attack on a seminar's server over real SSH, each
// with the test that failed before its fix.

// roomLog is room r's log (the serving terminal's console shows it).
func roomLog(r *tui.Room) string {
	var lg []string
	r.Locked(func() { lg = r.Log })
	return strings.Join(lg, "\n")
}

// waitRoomLog waits until room r's log has want.
func waitRoomLog(t *testing.T, r *tui.Room, want string) {
	t.Helper()
	for deadline := time.Now().Add(waitLimit); !strings.Contains(roomLog(r), want); {
		if time.Now().After(deadline) {
			t.Fatalf("%s log lacks %q:\n%s", r.Name(), want, roomLog(r))
		}
		time.Sleep(2 * time.Millisecond) // polling, not asserting timing
	}
}

// Finding 1: idle sessions from one address (`sleep 200 | ssh -tt`, 66
// times) held all 64 sessions: the class was locked out, and the
// facilitator's console too. Sessions from one address that have not
// joined a game are limited now (teams in a game are not: a class behind
// one NAT shares an address), facilitators' keys have sessions kept for
// them, and every refusal is said in the console's log (the rooms' logs:
// lattice serve in a terminal has no other log, and threw them away).
func TestOneAddressCannotFillTheServer(t *testing.T) {
	stateDir(t)
	whiteKey := newKey(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startConsoleServer(t, Config{Rooms: rooms, MaxSessions: 6, MaxWaitingPerAddress: 2,
		Facilitators: KeySet{Fingerprint(whiteKey.PublicKey()): true}})

	a := mustDial(t, ts.addr, "a", noKey())
	a.waitText("Code:")
	b := mustDial(t, ts.addr, "b", noKey())
	b.waitText("Code:")
	squat := mustDial(t, ts.addr, "squatter", noKey())
	squat.waitClosed()
	if !strings.Contains(string(squat.rawOutput()), "2 sessions from your address have no seat in a game yet") {
		t.Errorf("the third waiting session was not refused as one too many from its address: %q", squat.rawOutput())
	}
	waitRoomLog(t, r, "refused a session from 127.0.0.1: 2 from it have no seat yet")

	// A session with a seat no longer counts: the next one gets in (one
	// at the team name prompt still counts: it holds a session as one at
	// the join code does).
	side := r.Sess.C.Sides[0].ID
	a.join(r, "ABC234", "Alpha", side)
	c := mustDial(t, ts.addr, "c", noKey())
	c.waitText("Code:")
	b.send("ABC234\r")
	b.waitText("Team:")
	crowd := mustDial(t, ts.addr, "crowd", noKey())
	crowd.waitClosed()
	if !strings.Contains(string(crowd.rawOutput()), "have no seat in a game yet") {
		t.Errorf("a session at the team name prompt did not count as waiting: %q", crowd.rawOutput())
	}
	b.send("Bravo\r")
	b.waitText("Choose your side")
	b.send("2")
	b.waitText(r.Name() + " · Bravo")
	ts.waitBare(t, "127.0.0.1", 0) // the refused clients' connections are closed
	d := mustDial(t, ts.addr, "d", noKey())
	d.waitText("Code:")
	// Four sessions: the two left are the facilitators'.
	e := mustDial(t, ts.addr, "e", gossh.PublicKeys(newKey(t)))
	e.waitClosed()
	if !strings.Contains(string(e.rawOutput()), "the game server is full (6 sessions)") {
		t.Errorf("a fifth student session was not refused: %q", e.rawOutput())
	}
	waitRoomLog(t, r, "refused a session from 127.0.0.1: the server is full (6 sessions, 2 of them kept for facilitators' keys; --max-sessions)")
	for i := range 2 {
		w := mustDial(t, ts.addr, fmt.Sprintf("white %d", i), gossh.PublicKeys(whiteKey))
		w.waitText("Your key is a facilitator's")
	}
	if n := ts.Sessions(); n != 6 {
		t.Errorf("%d sessions open, want 6", n)
	}
}

// Refusals said in the console's log come once a minute for a kind and
// an address, with how many were not said: 66 connections in a second
// pushed everything else out of it.
func TestRefusalsSaidOnceAMinute(t *testing.T) {
	stateDir(t)
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startConsoleServer(t, Config{Rooms: rooms, MaxSessions: 1, Now: clock})
	hold := mustDial(t, ts.addr, "hold", noKey())
	hold.waitText("Code:")
	for i := range 4 {
		c := mustDial(t, ts.addr, fmt.Sprintf("refused %d", i), noKey())
		c.waitClosed()
	}
	said := "refused a session from 127.0.0.1: the server is full (1 session; --max-sessions)"
	if n := strings.Count(roomLog(r), said); n != 1 {
		t.Fatalf("the refusal is said %d times in the console's log, want once:\n%s", n, roomLog(r))
	}
	mu.Lock()
	now = now.Add(time.Minute)
	mu.Unlock()
	// The count is said once the minute has passed: by the next refusal
	// of the kind ("and 3 more"), or by the server's clock if it comes
	// first ("the last of 3 more"): a burst that stopped was one line and
	// a count never written.
	waitRoomLog(t, r, "3 more like it since 09:00:00")
}

// A session not admitted in time, and a connection whose client vanished,
// are said in the console's log too (they went to a log that lattice serve
// in a terminal does not have).
func TestTimeoutsSaidInTheConsole(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startConsoleServer(t, Config{Rooms: rooms, AdmitTimeout: 300 * time.Millisecond})
	c := mustDial(t, ts.addr, "squatter", noKey())
	c.waitClosed()
	waitRoomLog(t, r, "127.0.0.1 took no seat in a game within 300ms: disconnected")

	rooms = newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r = rooms[0]
	ts = startConsoleServer(t, Config{Rooms: rooms, KeepAlive: 20 * time.Millisecond, KeepAliveMax: 3})
	f := newFreezer(t, ts.addr)
	gone := mustDial(t, f.ln.Addr().String(), "gone", noKey())
	gone.waitText("Code:")
	close(f.frozen)
	waitRoomLog(t, r, "127.0.0.1 stopped answering for 60ms: disconnected")
}

// Finding 2: a team without an SSH key, gone, was handed back its side to
// anyone who typed its name ("red dragons" for Red Dragons, read off any
// screen): the Red team's real moves, without its side code. The name now
// asks for the side's code; a wrong one is counted as a wrong code.
func TestKeylessNameIsNotASeat(t *testing.T) {
	stateDir(t)
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	rooms := newRooms(t, gameOpts{red: true, codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms, Now: clock})
	red := mustDial(t, ts.addr, "red", noKey())
	red.join(r, "ABC234", "Red Dragons", "prc")
	code := r.SideCode(r.Sess.C.SideIndex("prc"))
	red.close()
	waitOffline(t, r, "Red Dragons")

	thief := mustDial(t, ts.addr, "thief", noKey())
	thief.waitText("Code:")
	thief.send("ABC234\r")
	thief.waitText("Team:")
	thief.send("red dragons\r")
	scr := thief.waitText("Side code:", "a name is not proof")
	if strings.Contains(scr, "Game 1 · Red Dragons") || memberNamed(t, r, "Red Dragons").Online {
		t.Fatalf("a name alone took the Red team's seat:\n%s", scr)
	}
	wrong := "2222"
	if wrong == code {
		wrong = "3333"
	}
	thief.send(wrong + "\r")
	thief.waitText("that is not its side's code")
	if memberNamed(t, r, "Red Dragons").Online {
		t.Fatal("a wrong side code took the Red team's seat")
	}
	if !strings.Contains(ts.log.String(), "wrong side code for team Red Dragons from 127.0.0.1") {
		t.Errorf("the wrong code is not counted:\n%s", ts.log)
	}
	thief.send("\x1b")                   // esc: back to the name, to choose another
	thief.waitText("Team: Red Dragons█") // the name as the team wrote it

	// The team itself, with its code, is back on its side.
	back := mustDial(t, ts.addr, "back", noKey())
	back.waitText("Code:")
	back.send("ABC234\r")
	back.waitText("Team:")
	back.send("Red Dragons\r")
	back.waitText("Side code:")
	back.send(strings.ToLower(code) + "\r")
	back.waitText("Welcome back, team Red Dragons.") // told where it is back; Enter goes there
	back.send("\r")
	back.waitText("Game 1 · Red Dragons")
	if m := memberNamed(t, r, "Red Dragons"); !m.Online || m.Side != r.Sess.C.SideIndex("prc") {
		t.Errorf("Red Dragons is back as %+v", m)
	}
}

// Finding 3: a paste without bracketed paste is a key press a byte, and
// cost the server about 45 µs of CPU each (500 KB of "A": 24 CPU-seconds,
// the game's screens frozen). A session's input is limited now: more than
// InputBurst bytes at once closes it, with a word, and the console says so.
func TestInputFloodClosesTheSession(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	c := mustDial(t, ts.addr, "flood", noKey())
	c.join(r, "ABC234", "Alpha", "rok")
	flood := strings.Repeat("A", 4*DefaultInputBurst)
	go func() { _, _ = c.in.Write([]byte(flood)) }() // (blocks once the server stops reading)
	c.waitClosed()
	if !strings.Contains(string(c.rawOutput()), "faster than anyone types") {
		t.Errorf("the session closed without a word: %q", c.rawOutput())
	}
	waitRoomLog(t, r, "Game 1: Alpha (127.0.0.1) sent more than 16384 bytes of input at once: disconnected")
	waitOffline(t, r, "Alpha")

	// Typing is far below the limit: a team plays a turn.
	ok := mustDial(t, ts.addr, "typist", noKey())
	ok.join(r, "ABC234", "Bravo", "us")
	ok.play(r, "us")
}

// inputGoroutines counts the goroutines reading a session's input (those
// of ultraviolet's terminal reader, bubbletea's or ours), with their
// stacks.
func inputGoroutines() (int, string) {
	var b bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&b, 2)
	n := 0
	var out []string
	for _, g := range strings.Split(b.String(), "\n\n") {
		if strings.Contains(g, "ultraviolet") || strings.Contains(g, "sessionInput") {
			n++
			out = append(out, g)
		}
	}
	return n, strings.Join(out, "\n\n")
}

// Finding 3: sessions that ended while their input flooded in left a
// goroutine each blocked for good (ultraviolet's reader, under
// bubbletea's, sending to a program that had ended). Every goroutine that
// reads a session's input ends with it now.
func TestSessionInputEndsWithTheSession(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	// No flood limit to speak of: the sessions end by the clients leaving.
	ts := startServer(t, Config{Rooms: rooms, InputBurst: 1 << 30, InputRate: 1 << 30})
	var clients []*client
	for i := range 4 {
		c := mustDial(t, ts.addr, fmt.Sprintf("c%d", i), noKey())
		c.waitText("Code:")
		clients = append(clients, c)
		go func() {
			chunk := []byte(strings.Repeat("A", 4096))
			for {
				if _, err := c.in.Write(chunk); err != nil {
					return
				}
			}
		}()
	}
	for _, c := range clients {
		c.waitFor("the flood typed", func(s string) bool { return strings.Contains(s, "Code: AAAA") })
		c.close()
	}
	deadline := time.Now().Add(waitLimit)
	for {
		n, stacks := inputGoroutines()
		if n == 0 && ts.Sessions() == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions open, %d input goroutines left after every session ended:\n%s", ts.Sessions(), n, stacks)
		}
		time.Sleep(10 * time.Millisecond) // polling, not asserting timing
	}
}

// Finding 4: every Enter of a garbage paste into the code prompt was a
// wrong code, and ten of them locked the address out: a class behind one
// NAT, for one student's paste. A paste is one try now (one a second
// after a wrong one), and the address's limit is far higher.
func TestPasteIsOneTry(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"RIGHT7"}})
	at := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	ts := startServer(t, Config{Rooms: rooms, Now: func() time.Time { return at }}) // the paste within its second, however slow the machine
	c := mustDial(t, ts.addr, "paster", noKey())
	c.waitText("Code:")
	var paste strings.Builder
	for i := range 60 {
		fmt.Fprintf(&paste, "WRONG%d\r", i%8+2)
	}
	c.send(paste.String() + "x") // the x: the paste has been read once it shows
	scr := c.waitText("Code: X")
	if strings.Contains(scr, "locked out") {
		t.Fatalf("a paste locked the address out:\n%s", scr)
	}
	if n := strings.Count(ts.log.String(), "wrong join code from"); n != 1 {
		t.Errorf("a paste of 60 lines counted %d wrong codes, want 1:\n%s", n, ts.log)
	}
	mate := mustDial(t, ts.addr, "classmate", noKey())
	mate.waitText("Code:")
	mate.send("RIGHT7\r")
	mate.waitText("Team:")
}

// A session without a terminal (ssh -T) is refused, and holds nothing: not
// a place among its address's sessions waiting to join, and not its team's
// seat (a team's key without a terminal put it online for good).
func TestNoTerminalHoldsNothing(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	key := newKey(t)
	team := mustDial(t, ts.addr, "team", gossh.PublicKeys(key))
	team.join(r, "ABC234", "Alpha", "rok")
	team.close()
	waitOffline(t, r, "Alpha")
	for _, auth := range []gossh.AuthMethod{gossh.PublicKeys(key), noKey()} {
		cfg := &gossh.ClientConfig{User: "student", Auth: []gossh.AuthMethod{auth}, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
		conn, err := gossh.Dial("tcp", ts.addr, cfg)
		if err != nil {
			t.Fatal(err)
		}
		sess, err := conn.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		out, _ := sess.CombinedOutput("") // no PTY asked for
		conn.Close()
		if !strings.Contains(string(out), "Lattice needs a terminal") {
			t.Errorf("a session without a terminal was told %q", out)
		}
	}
	for deadline := time.Now().Add(waitLimit); ts.Sessions() > 0; {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions still open", ts.Sessions())
		}
		time.Sleep(2 * time.Millisecond) // polling, not asserting timing
	}
	if n := ts.Waiting("127.0.0.1"); n != 0 {
		t.Errorf("%d sessions waiting to join after the sessions without a terminal ended", n)
	}
	if memberNamed(t, r, "Alpha").Online {
		t.Error("the team's key without a terminal put the team online")
	}
}

// Connections that never speak SSH, or never open a session after the
// handshake, were bounded only by the handshake and admit timeouts: one
// machine could hold thousands of goroutines and handshakes at once. A
// connection beyond MaxWaitingPerAddress of them from its address is
// closed at once and said in the console's log; one that opens a
// session no longer counts, and a closed one frees its place.
func TestBareConnectionsLimitedPerAddress(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	r := rooms[0]
	ts := startConsoleServer(t, Config{Rooms: rooms, MaxWaitingPerAddress: 3})
	var bare []net.Conn
	for range 3 {
		c, err := net.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		bare = append(bare, c)
	}
	// The server greets each held connection with its version line; the
	// refused one is closed without it.
	for _, c := range bare {
		if line := readLine(t, c); !strings.HasPrefix(line, "SSH-2.0-") {
			t.Fatalf("a held connection read %q, want the SSH greeting", line)
		}
	}
	waitBareClosed(t, ts.addr)
	waitRoomLog(t, r, "refused a connection from 127.0.0.1: 3 from it are open without a session (--max-waiting-per-address)")

	// A session counts as a session, not as a bare connection: with a
	// place freed, a student gets in, and the place is bare's again.
	bare[0].Close()
	var s *client
	for deadline := time.Now().Add(waitLimit); ; {
		var err error
		if s, err = dial(t, ts.addr, "student", noKey()); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session once a bare connection closed: %v", err)
		}
		time.Sleep(5 * time.Millisecond) // the server sees the close when it reads
	}
	s.waitText("Code:")
	c, err := net.Dial("tcp", ts.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if line := readLine(t, c); !strings.HasPrefix(line, "SSH-2.0-") {
		t.Fatalf("a bare connection beside a session read %q, want the SSH greeting", line)
	}
	waitBareClosed(t, ts.addr)
}

// readLine reads c's first line, waiting at most waitLimit.
func readLine(t *testing.T, c net.Conn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(waitLimit))
	defer c.SetReadDeadline(time.Time{})
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		t.Fatalf("reading a connection's greeting: %v (read %q)", err, line)
	}
	return line
}

// waitBareClosed dials addr and wants the connection closed by the server
// without a greeting.
func waitBareClosed(t *testing.T, addr string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetReadDeadline(time.Now().Add(waitLimit))
	b, err := io.ReadAll(c)
	if err != nil || len(b) > 0 {
		t.Fatalf("a connection over the limit read %q (%v), want it closed at once", b, err)
	}
}

// Connections without a session are limited in all too, from every
// address (4 × MaxSessions): many machines at once could otherwise hold
// as many as they liked. (The loopback network 127/8 stands for them.)
func TestBareConnectionsLimitedInAll(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startConsoleServer(t, Config{Rooms: rooms, MaxSessions: 1, MaxWaitingPerAddress: 3})
	from := func(ip string) net.Conn {
		d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		c, err := d.Dial("tcp", ts.addr)
		if err != nil {
			t.Skipf("cannot dial from %s here: %v", ip, err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	for i, ip := range []string{"127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.2"} {
		if line := readLine(t, from(ip)); !strings.HasPrefix(line, "SSH-2.0-") {
			t.Fatalf("connection %d read %q, want the SSH greeting", i+1, line)
		}
	}
	c := from("127.0.0.3")
	c.SetReadDeadline(time.Now().Add(waitLimit))
	if b, err := io.ReadAll(c); err != nil || len(b) > 0 {
		t.Fatalf("a fifth connection without a session read %q (%v), want it closed at once", b, err)
	}
	waitRoomLog(t, rooms[0], "refused a connection from 127.0.0.3: 4 connections are open without a session (4 × --max-sessions)")
}
