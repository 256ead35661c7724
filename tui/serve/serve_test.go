package serve

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"

	gossh "golang.org/x/crypto/ssh"

	"lattice/sim/journal"
	"lattice/tui"
)

// stateDir keeps the test's journals and host key out of $HOME.
func stateDir(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
}

// (a) Two allied sides, a Red team and the White cell's observer play three
// turns over SSH; every session shows the same turn, and the game replays
// from its journal to the same state hash.
func TestThreeTurnsSameHash(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{red: true, codes: []string{"ABC234"}, journal: true})
	r := rooms[0]
	usKey, whiteKey := newKey(t), newKey(t)
	ts := startServer(t, Config{Rooms: rooms,
		Authorized:   KeySet{Fingerprint(usKey.PublicKey()): true},
		Facilitators: KeySet{Fingerprint(whiteKey.PublicKey()): true},
		Console:      func(rs []*tui.Room, by string) tea.Model { return tui.NewConsole(rs, by) }})

	console := mustDial(t, ts.addr, "console", gossh.PublicKeys(whiteKey))
	console.waitText("White-cell console")
	console.send("1")
	console.waitText("White cell · Game 1")
	rok := mustDial(t, ts.addr, "rok", noKey())
	rok.join(r, "ABC234", "Blue Dragons", "rok")
	us := mustDial(t, ts.addr, "us", gossh.PublicKeys(usKey))
	us.join(r, "", "Eagles", "us") // an authorized key skips the code
	red := mustDial(t, ts.addr, "red", noKey())
	red.join(r, "ABC234", "Red Cell", "prc")
	white := mustDial(t, ts.addr, "white", gossh.PublicKeys(whiteKey))
	white.waitText("facilitator")
	white.send("2") // observe Game 1
	white.waitText("Game 1")

	label := r.Sess.C.TurnLabel
	for turn := 1; turn <= 3; turn++ {
		red.play(r, "prc")
		rok.play(r, "rok")
		us.play(r, "us")
		want := fmt.Sprintf("Results — %s %d", label, turn)
		for _, c := range []*client{rok, us, red, white} {
			c.waitText(want)
		}
		if turn < 3 {
			for _, c := range []*client{rok, us, red, white} {
				c.send("\r") // leave the results
			}
		}
	}
	gotTurn, hash, n := turnOf(r)
	console.waitText("Week 3 adjudicated")
	var over bool
	r.Locked(func() { over = r.Sess.Over() })
	// After three turns the game is at turn 4, or over at turn 3 (an end
	// condition may be met by then).
	if n != 3 || !(gotTurn == 4 || over && gotTurn == 3) {
		t.Fatalf("after three turns: %d results, turn %d, over %v", n, gotTurn, over)
	}
	var path string
	r.Locked(func() { path = r.Sess.JournalPath })
	j, _, err := journal.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := journal.Replay(j, journal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Game.Hash() != hash {
		t.Errorf("the journal replays to hash %x, the room has %x", res.Game.Hash(), hash)
	}
	if len(res.Turns) != 3 {
		t.Errorf("journal replays %d turns, want 3", len(res.Turns))
	}
}

// (b) 50 sessions across 3 games join and complete a turn; the log shows
// how long the results took to reach every screen.
func TestFiftySessions(t *testing.T) {
	if testing.Short() {
		t.Skip("50 SSH sessions")
	}
	stateDir(t)
	codes := []string{"AAA222", "BBB333", "CCC444"}
	rooms := newRooms(t, gameOpts{games: 3, codes: codes})
	const n = 50
	// A class behind one address, all at the join code at once: what
	// --max-waiting-per-address lets in.
	ts := startServer(t, Config{Rooms: rooms, MaxWaitingPerAddress: n})
	clients := make([]*client, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := dial(t, ts.addr, fmt.Sprintf("c%d", i), noKey())
			if err != nil {
				errs <- err
				return
			}
			clients[i] = c
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Join: client i plays game i%3, allied side rok or us by turn.
	sides := []string{"rok", "us"}
	for i, c := range clients {
		g := i % 3
		side := sides[(i/3)%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.join(rooms[g], codes[g], fmt.Sprintf("Team %d", i), side)
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	// The first to join a side is its captain: the status line says so.
	captains := map[[2]int]*client{}
	for i, c := range clients {
		if strings.Contains(c.screen(), fmt.Sprintf("Team %d (captain)", i)) {
			captains[[2]int{i % 3, (i / 3) % 2}] = c
		}
	}
	if len(captains) != 6 {
		t.Fatalf("%d captains on screen, want 6", len(captains))
	}
	if got := ts.Sessions(); got != n {
		t.Errorf("%d sessions open, want %d", got, n)
	}
	// Every rok captain commits; then the us captains at once, timed.
	for g := range 3 {
		captains[[2]int{g, 0}].play(rooms[g], "rok")
	}
	for g := range 3 {
		c := captains[[2]int{g, 1}]
		c.waitText("United States")
		c.send("\r") // leave the briefing
	}
	for g := range 3 {
		c := captains[[2]int{g, 1}]
		c.waitFor("the turn screen", func(s string) bool { return !strings.Contains(s, "Briefing") })
	}
	start := time.Now()
	for g := range 3 {
		go captains[[2]int{g, 1}].play(rooms[g], "us")
	}
	want := "Results — " + rooms[0].Sess.C.TurnLabel + " 1"
	var slowest time.Duration
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.waitText(want)
		}()
	}
	wg.Wait()
	slowest = time.Since(start)
	for g, r := range rooms {
		if _, _, res := turnOf(r); res != 1 {
			t.Errorf("game %d: %d turns adjudicated, want 1", g+1, res)
		}
	}
	t.Logf("50 sessions: %s from the last captains' Enter to results on every screen", slowest.Round(time.Millisecond))
}

// (c) A client with no authorized key and no code cannot get past the code.
// Wrong codes are counted by session (closed after five), by key (locked
// out for a minute after ten) and by address (after MaxAddressFailures,
// from any session): a right code is refused during a lockout.
func TestJoinCodeAndRateLimit(t *testing.T) {
	stateDir(t)
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	later := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	rooms := newRooms(t, gameOpts{codes: []string{"RIGHT7"}})
	ts := startServer(t, Config{Rooms: rooms, Now: clock, MaxAddressFailures: 15})

	key := newKey(t)
	wrongs := 0
	tryWrong := func(c *client) { // and wait until the server has counted it
		t.Helper()
		later(tryGap) // one try a second after a wrong one
		wrongs++
		c.send(fmt.Sprintf("WRONG%d\r", wrongs%8+2))
		deadline := time.Now().Add(waitLimit)
		for strings.Count(ts.log.String(), "wrong join code from") < wrongs {
			if time.Now().After(deadline) {
				t.Fatalf("wrong code %d not counted; log:\n%s", wrongs, ts.log)
			}
			time.Sleep(2 * time.Millisecond) // polling, not asserting timing
		}
	}
	c := mustDial(t, ts.addr, "stranger", gossh.PublicKeys(key))
	c.waitText("Code:")
	c.send("\r")
	c.waitText("type the join code") // no try
	for range DefaultMaxSessionFailures - 1 {
		tryWrong(c)
		c.waitText("not the join code")
		c.send("x") // the next message must be a new one
		c.waitText("Code: X")
		c.send("\x7f")
	}
	tryWrong(c)
	c.waitClosed()
	if !strings.Contains(string(c.rawOutput()), "Disconnected after 5 wrong codes") {
		t.Errorf("the session closed without a word: %q", c.rawOutput())
	}
	if len(rooms[0].Members()) != 0 {
		t.Fatal("a wrong code let someone in")
	}
	// The same key again: its tenth wrong code locks it out.
	c = mustDial(t, ts.addr, "stranger again", gossh.PublicKeys(key))
	c.waitText("Code:")
	for range DefaultMaxFailures - DefaultMaxSessionFailures {
		tryWrong(c)
	}
	c.waitClosed()
	c = mustDial(t, ts.addr, "stranger locked", gossh.PublicKeys(key))
	c.waitText("locked out, try again in 1m0s")
	c.send("RIGHT7\rx")
	if s := c.waitText("Code: X"); !strings.Contains(s, "locked out") {
		t.Fatalf("the right code was accepted from a key locked out:\n%s", s)
	}
	// Another session from the same address is not locked out by the key.
	k := mustDial(t, ts.addr, "keyless", noKey())
	k.waitText("Code:")
	for range 4 {
		tryWrong(k)
		k.waitText("not the join code")
		k.send("x")
		k.waitText("Code: X")
		k.send("\x7f")
	}
	tryWrong(k) // the address's fifteenth
	k.waitClosed()
	c2 := mustDial(t, ts.addr, "again", noKey())
	c2.waitText("locked out")
	c2.send("RIGHT7\rx") // the x: the Enter has been seen once it shows
	if s := c2.waitText("Code: X"); !strings.Contains(s, "locked out") {
		t.Fatalf("the right code was accepted from an address locked out:\n%s", s)
	}
	c2.send("\x7f")
	later(61 * time.Second)
	c2.send("RIGHT7\r")
	c2.waitText("Team:")
	// Only the code's alphabet is typed into the field.
	c3 := mustDial(t, ts.addr, "typing", noKey())
	c3.waitText("Code:")
	c3.send("ab-c\x1b[31m!d")
	c3.waitText("Code: ABCD█") // the escape sequence is not typed
}

// (d) The "attacker key": a client offers a facilitator's (or authorized)
// key — the server's public key callback sees it and says yes, as it says
// to any key — but cannot sign with it, and logs in without a key. It
// must be treated as what it authenticated with: a stranger at the code
// prompt. A forged signature for the key ends the connection.
func TestOfferedKeyIsNotIdentity(t *testing.T) {
	stateDir(t)
	whiteKey, authKey := newKey(t), newKey(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms,
		Authorized:   KeySet{Fingerprint(authKey.PublicKey()): true},
		Facilitators: KeySet{Fingerprint(whiteKey.PublicKey()): true}})
	for name, pub := range map[string]gossh.PublicKey{"facilitator": whiteKey.PublicKey(), "authorized": authKey.PublicKey()} {
		t.Run(name+" key offered, none used", func(t *testing.T) {
			c := mustDial(t, ts.addr, name, gossh.PublicKeys(cannotSign{pub}), noKey())
			s := c.waitText("Code:")
			if strings.Contains(s, "facilitator") || strings.Contains(s, "Team:") {
				t.Fatalf("the offered key was taken as the identity:\n%s", s)
			}
		})
		t.Run(name+" key with a forged signature", func(t *testing.T) {
			if c, err := dial(t, ts.addr, name, gossh.PublicKeys(forged{pub, newKey(t)}, newKey(t))); err == nil {
				t.Fatalf("a forged signature was accepted; screen:\n%s", c.screen())
			}
		})
	}
	for _, m := range rooms[0].Members() {
		t.Errorf("member %q (key %s) got in", m.Name, m.Key)
	}
	// The real keys do get their paths.
	w := mustDial(t, ts.addr, "white", gossh.PublicKeys(whiteKey))
	w.waitText("facilitator")
	a := mustDial(t, ts.addr, "authorized", gossh.PublicKeys(authKey))
	a.waitText("Team:")
}

// cannotSign offers pub and fails to sign: the client goes on to its next
// method.
type cannotSign struct{ pub gossh.PublicKey }

func (c cannotSign) PublicKey() gossh.PublicKey { return c.pub }
func (cannotSign) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return nil, errors.New("no private key here")
}

// forged offers pub but signs with another key.
type forged struct {
	pub   gossh.PublicKey
	other gossh.Signer
}

func (f forged) PublicKey() gossh.PublicKey { return f.pub }
func (f forged) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	return f.other.Sign(r, data)
}

// (e) A hostile team name (an OSC title, a C1 CSI, a screen clear) reaches
// no other screen raw, typed or pasted.
func TestHostileName(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	hostile := "\x1b]0;pwn\x07\x9b31mEvil\x1b[2J\u0085Corp"
	typed := mustDial(t, ts.addr, "typed", noKey())
	typed.waitText("Team:")
	typed.send(hostile + "\r")
	typed.waitText("Choose your side")
	typed.send("1")
	pasted := mustDial(t, ts.addr, "pasted", noKey())
	pasted.waitText("Team:")
	pasted.send("\x1b[200~" + hostile + " Two\x1b[201~\r") // a name of its own: names are unique
	pasted.waitText("Choose your side")
	pasted.send("1")
	other := mustDial(t, ts.addr, "other", noKey())
	other.join(r, "", "Watcher", "us")
	other.send("q")
	other.waitText("leave")
	other.send("n")
	for _, m := range r.Members() {
		for _, c := range m.Name {
			if unicode.IsControl(c) {
				t.Errorf("member name %q keeps a control character", m.Name)
			}
		}
		if strings.Contains(m.Name, "pwn") {
			t.Errorf("member name %q keeps the OSC's text", m.Name)
		}
	}
	// A third client sees the names in the side list.
	look := mustDial(t, ts.addr, "look", noKey())
	look.waitText("Team:")
	look.send("Look\r")
	look.waitText("EvilCorp")
	for _, c := range []*client{other, look} {
		raw := string(c.rawOutput())
		if strings.Contains(raw, "pwn") || strings.ContainsRune(raw, '\u009b') || strings.ContainsRune(raw, '\u0085') {
			t.Errorf("%s received the hostile name raw: %q", c.name, raw)
		}
	}
}

// (f) A session where nobody presses a key is closed after the idle
// timeout, with a message.
func TestIdleTimeout(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, IdleTimeout: 300 * time.Millisecond})
	c := mustDial(t, ts.addr, "idle", noKey())
	c.waitClosed()
	if !strings.Contains(string(c.rawOutput()), "without a key press") {
		t.Errorf("no idle message; output %q", c.rawOutput())
	}
	if !strings.Contains(ts.log.String(), "idle") {
		t.Errorf("the log does not mention it:\n%s", ts.log)
	}
}

// (g) Past the session limit a client is refused with a message; the
// others go on, and a slot freed is a slot open again.
func TestMaxSessions(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, MaxSessions: 2})
	a := mustDial(t, ts.addr, "a", noKey())
	a.waitText("Code:")
	b := mustDial(t, ts.addr, "b", noKey())
	b.waitText("Code:")
	c := mustDial(t, ts.addr, "c", noKey())
	c.waitClosed()
	if !strings.Contains(string(c.rawOutput()), "server is full (2 sessions)") {
		t.Errorf("refusal says %q", c.rawOutput())
	}
	a.send("\x03") // ctrl+c leaves
	a.waitClosed()
	deadline := time.Now().Add(waitLimit)
	for ts.Sessions() != 1 {
		if time.Now().After(deadline) {
			t.Fatalf("%d sessions after one left", ts.Sessions())
		}
		time.Sleep(2 * time.Millisecond)
	}
	d := mustDial(t, ts.addr, "d", noKey())
	d.waitText("Code:")
	b.send("ABC234\r")
	b.waitText("Team:")
}

// A panic in one session's model ends that session only.
func TestPanicContained(t *testing.T) {
	stateDir(t)
	whiteKey := newKey(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}})
	ts := startServer(t, Config{Rooms: rooms, Facilitators: KeySet{Fingerprint(whiteKey.PublicKey()): true},
		Console: func([]*tui.Room, string) tea.Model { return panicky{} }})
	bystander := mustDial(t, ts.addr, "bystander", noKey())
	bystander.join(rooms[0], "ABC234", "Calm", "rok")
	w := mustDial(t, ts.addr, "white", gossh.PublicKeys(whiteKey))
	w.waitText("White-cell console")
	w.send("1")
	w.waitText("internal error")
	w.send("x")
	// The server and the other session go on.
	bystander.play(rooms[0], "rok")
	late := mustDial(t, ts.addr, "late", noKey())
	late.waitText("Code:")
	if !strings.Contains(ts.log.String(), "panic") {
		t.Errorf("the panic is not logged:\n%s", ts.log)
	}
}

type panicky struct{}

func (panicky) Init() tea.Cmd                       { return nil }
func (panicky) Update(tea.Msg) (tea.Model, tea.Cmd) { panic("boom in Update") }
func (panicky) View() tea.View                      { panic("boom in View") }

// (h) A server killed after a turn and restarted with the journal (as
// --resume does) keeps the turn and the hash, and a returning key gets its
// side back without the code.
func TestResumeKeepsGameAndSides(t *testing.T) {
	stateDir(t)
	rooms := newRooms(t, gameOpts{codes: []string{"ABC234"}, journal: true})
	r := rooms[0]
	ts := startServer(t, Config{Rooms: rooms})
	rokKey := newKey(t)
	rok := mustDial(t, ts.addr, "rok", gossh.PublicKeys(rokKey))
	rok.join(r, "ABC234", "Blue", "rok")
	us := mustDial(t, ts.addr, "us", noKey())
	us.join(r, "ABC234", "Eagles", "us")
	rok.play(r, "rok")
	us.play(r, "us")
	rok.waitText("Results")
	turn, hash, _ := turnOf(r)
	var path string
	r.Locked(func() { path = r.Sess.JournalPath })
	ts.Close() // killed
	r.Locked(func() { r.Sess.Journal.Close() })
	rok.waitClosed()

	sess, notes, err := tui.Resume(path)
	if err != nil {
		t.Fatal(err, notes)
	}
	r2 := tui.NewRoom(sess, tui.RoomOptions{Name: "Game 1", Code: "NEW234"}) // restores the teams
	t.Cleanup(func() { sess.Journal.Close() })
	if got, h, _ := turnOf(r2); got != turn || h != hash {
		t.Fatalf("resumed at turn %d hash %x, was turn %d hash %x", got, h, turn, hash)
	}
	ts2 := startServer(t, Config{Rooms: []*tui.Room{r2}})
	back := mustDial(t, ts2.addr, "rok again", gossh.PublicKeys(rokKey))
	back.waitText("Welcome back, team Blue")
	back.send("\r")
	back.waitText("Game 1 · Blue (captain)")
	var side int
	for _, m := range r2.Members() {
		if m.Name == "Blue" {
			side = m.Side
		}
	}
	if side != r2.Sess.C.SideIndex("rok") {
		t.Errorf("the returning key plays side %d", side)
	}
	// A keyless team gets its side back by name (with the new join
	// code) and its side's code, kept beside the journal.
	us2 := mustDial(t, ts2.addr, "us again", noKey())
	us2.waitText("Code:")
	us2.send("NEW234\r")
	us2.waitText("Team:")
	us2.send("Eagles\r")
	us2.waitText("Side code:")
	usSide := r2.Sess.C.SideIndex("us")
	if r2.SideCode(usSide) != r.SideCode(usSide) {
		t.Errorf("the side code changed with the restart: %s, was %s", r2.SideCode(usSide), r.SideCode(usSide))
	}
	us2.send(r2.SideCode(usSide) + "\r")
	us2.waitText("Welcome back, team Eagles.")
	us2.send("\r")
	us2.waitText("Game 1 · Eagles")
	us2.play(r2, "us")
	back.play(r2, "rok")
	if _, _, n := turnOf(r2); n != 2 {
		t.Errorf("%d turns after resuming and playing one, want 2", n)
	}
	_ = os.Remove
}
