package serve

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"lattice/scenarios"
	"lattice/tui"
)

// waitLimit bounds every wait in these tests.
const waitLimit = 60 * time.Second

// syncBuffer is a log the server writes from many goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// gameOpts describe the rooms a test server serves.
type gameOpts struct {
	scenario string
	games    int
	red      bool
	codes    []string // by game; "" for none
	journal  bool
	timer    time.Duration
	now      func() time.Time
}

func newRooms(t *testing.T, o gameOpts) []*tui.Room {
	t.Helper()
	if o.scenario == "" {
		o.scenario = "tutorial"
	}
	c, err := scenarios.Compile(o.scenario, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var rooms []*tui.Room
	for i := range max(o.games, 1) {
		sess := NewSession(c, uint64(7+i), "", o.red, nil)
		if o.journal {
			if err := tui.StartJournal(sess, o.scenario, "test"); err != nil {
				t.Fatal(err)
			}
		}
		code := ""
		if i < len(o.codes) {
			code = o.codes[i]
		}
		r := tui.NewRoom(sess, tui.RoomOptions{Name: fmt.Sprintf("Game %d", i+1), Code: code, AllowRed: o.red, Timer: o.timer, Now: o.now})
		rooms = append(rooms, r)
		// As the test ends (after its server's Close): Windows cannot
		// remove the test's temporary directory with a journal open.
		t.Cleanup(func() { r.Locked(func() { r.Sess.Journal.Close() }) })
	}
	return rooms
}

// testServer is a server on a loopback port.
type testServer struct {
	*Server
	addr string
	log  *syncBuffer
}

func startServer(t *testing.T, cfg Config) *testServer { t.Helper(); return serveOn(t, cfg, true) }

// startConsoleServer is startServer as lattice serve runs it in a
// terminal: no server log (Log nil), the console showing the rooms' logs.
func startConsoleServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	return serveOn(t, cfg, false)
}

// serveOn starts a server of cfg on a loopback port; logged: with a log
// of its own (kept in the testServer) when cfg has none.
func serveOn(t *testing.T, cfg Config, logged bool) *testServer {
	t.Helper()
	if cfg.HostKeyPath == "" {
		cfg.HostKeyPath = t.TempDir() + "/host_key"
		if _, err := EnsureHostKey(cfg.HostKeyPath); err != nil {
			t.Fatal(err)
		}
	}
	log := &syncBuffer{}
	if cfg.Log == nil && logged {
		cfg.Log = log
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return &testServer{Server: s, addr: ln.Addr().String(), log: log}
}

// newKey returns a fresh Ed25519 signer.
func newKey(t testing.TB) gossh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// noKey authenticates without a key (keyboard-interactive, no questions).
func noKey() gossh.AuthMethod {
	return gossh.KeyboardInteractive(func(_, _ string, q []string, _ []bool) ([]string, error) {
		return make([]string, len(q)), nil
	})
}

// client is one student's ssh session with a PTY, its output kept in a
// virtual terminal (the screen) and as raw bytes.
type client struct {
	t    testing.TB
	name string
	conn *gossh.Client
	sess *gossh.Session
	in   io.WriteCloser

	mu   sync.Mutex
	emu  *vt.Emulator
	raw  bytes.Buffer
	done chan struct{} // closed when the server ends the session's output
}

const termW, termH = 120, 40

func dial(t testing.TB, addr, name string, auth ...gossh.AuthMethod) (*client, error) {
	return dialSize(t, addr, name, termW, termH, auth...)
}

// dialSize is dial with a terminal of w×h (the screen kept is at most
// termW×termH).
func dialSize(t testing.TB, addr, name string, w, h int, auth ...gossh.AuthMethod) (*client, error) {
	cfg := &gossh.ClientConfig{User: "student", Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	conn, err := gossh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, err
	}
	sess, err := conn.NewSession()
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		conn.Close()
		return nil, err
	}
	in, err := sess.StdinPipe()
	if err != nil {
		conn.Close()
		return nil, err
	}
	out, err := sess.StdoutPipe()
	if err != nil {
		conn.Close()
		return nil, err
	}
	ew, eh := min(w, termW), min(h, termH)
	if w <= 0 || h <= 0 { // a client that does not know its size: the server assumes 80×24
		ew, eh = tui.MinWidth, tui.MinHeight
	}
	c := &client{t: t, name: name, conn: conn, sess: sess, in: in, emu: vt.NewEmulator(ew, eh), done: make(chan struct{})}
	go func() { _, _ = io.Copy(io.Discard, c.emu) }() // the terminal's answers to queries
	go func() {
		defer close(c.done)
		buf := make([]byte, 32*1024)
		for {
			n, err := out.Read(buf)
			if n > 0 {
				c.mu.Lock()
				c.raw.Write(buf[:n])
				c.emu.Write(buf[:n])
				c.mu.Unlock()
			}
			if err != nil {
				return
			}
		}
	}()
	if err := sess.Shell(); err != nil {
		conn.Close()
		return nil, err
	}
	t.Cleanup(func() { c.close() })
	return c, nil
}

func mustDial(t testing.TB, addr, name string, auth ...gossh.AuthMethod) *client {
	t.Helper()
	c, err := dial(t, addr, name, auth...)
	if err != nil {
		t.Fatalf("%s: dial: %v", name, err)
	}
	return c
}

func (c *client) close() {
	c.sess.Close()
	c.conn.Close()
}

// screen is what the terminal shows now.
func (c *client) screen() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.emu.String()
}

// rawOutput is every byte received so far.
func (c *client) rawOutput() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return bytes.Clone(c.raw.Bytes())
}

// waitFor polls the screen until cond holds (or fails the test after
// waitLimit).
func (c *client) waitFor(what string, cond func(string) bool) string {
	c.t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		s := c.screen()
		if cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("%s: waiting for %s; screen:\n%s", c.name, what, s)
		}
		select {
		case <-c.done:
			if s := c.screen(); cond(s) {
				return s
			}
			c.t.Fatalf("%s: session ended while waiting for %s; screen:\n%s", c.name, what, c.screen())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func (c *client) waitText(want ...string) string {
	c.t.Helper()
	return c.waitFor(fmt.Sprintf("%q", want), func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// waitClosed waits until the server ends the session.
func (c *client) waitClosed() {
	c.t.Helper()
	select {
	case <-c.done:
	case <-time.After(waitLimit):
		c.t.Fatalf("%s: the session is still open; screen:\n%s", c.name, c.screen())
	}
	c.conn.Close() // as ssh does once its session has ended
}

// waitBare waits until the server counts n connections without a
// session from addr (see connWatch): a client's close reaches it when
// it next reads.
func (ts *testServer) waitBare(t *testing.T, addr string, n int) {
	t.Helper()
	for deadline := time.Now().Add(waitLimit); ; {
		ts.mu.Lock()
		got := ts.bare[addr]
		ts.mu.Unlock()
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d connections without a session from %s, want %d", got, addr, n)
		}
		time.Sleep(2 * time.Millisecond) // polling, not asserting timing
	}
}

func (c *client) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.in, s); err != nil {
		c.t.Fatalf("%s: send: %v", c.name, err)
	}
}

// join goes through the lobby: the code (if any), the team name, the side
// (by id; "" for the observer seat), and waits for the seat's status line.
func (c *client) join(r *tui.Room, code, team, side string) {
	c.t.Helper()
	if code != "" {
		c.waitText("Code:")
		c.send(code + "\r")
	}
	c.waitText("Team:")
	c.send(team + "\r")
	c.waitText("Choose your side")
	pick := -1
	for i, ch := range r.Choices() {
		if (side == "" && ch.Side == -1) || (ch.Side >= 0 && r.Sess.C.Sides[ch.Side].ID == side) {
			pick = i
		}
	}
	if pick < 0 || pick > 8 {
		c.t.Fatalf("no side %q to pick", side)
	}
	c.send(fmt.Sprint(pick + 1))
	seat := r.Name() + " · " + team
	// A side another team plays already asks for its side code, which
	// that team (here, the test) reads off its screen.
	scr := c.waitFor("the seat or the side code prompt", func(s string) bool {
		return strings.Contains(s, seat) || strings.Contains(s, "Side code:")
	})
	if !strings.Contains(scr, seat) {
		c.send(r.SideCode(r.Choices()[pick].Side) + "\r")
		c.waitText(seat)
	}
}

// play does the side's part of the current turn by pressing Enter (and r
// for a Red team's first move) until the room has its commit: each key
// waits for the screen to change, so none is pressed ahead of the screen.
func (c *client) play(r *tui.Room, side string) {
	c.t.Helper()
	sd := r.Sess.C.SideIndex(side)
	adv := r.Sess.C.Sides[sd].Adversary
	var n0 int
	r.Locked(func() { n0 = len(r.Sess.Results) })
	done := func() (ok bool) {
		r.Locked(func() {
			if adv {
				ok = r.Phase() != tui.PhaseRed || r.RedDone(sd)
			} else {
				ok = len(r.Sess.Results) > n0 || r.Sess.Committed(sd)
			}
		})
		return ok
	}
	deadline := time.Now().Add(waitLimit)
	marked, spent := false, false
	var queue []string // keys to send, one a loop
	for !done() {
		if time.Now().After(deadline) {
			c.t.Fatalf("%s: %s did not commit; screen:\n%s", c.name, side, c.screen())
		}
		before := c.screen()
		key := "\r"
		if adv && !marked && strings.Contains(before, "real move") {
			key, marked = "r", true
		}
		switch {
		case len(queue) > 0:
			key, queue = queue[0], queue[1:]
		case strings.Contains(before, "Commit nothing?") && !spent:
			// Keep allocating: three points on each of the tutorial's two
			// visible levers, as a team that meets its visible commitment
			// does (a game of empty allocations splits the alliance by the
			// second week), then commit. One key at a time, each waited for.
			key, spent = "n", true
			queue = []string{"+", "+", "+", "j", "+", "+", "+", "k", "\r"}
		case strings.Contains(before, "Commit nothing?"):
			key = "y" // asked again (a member who may not change the draft): only y commits an empty allocation
		}
		c.send(key)
		for c.screen() == before && !done() && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond) // polling, not asserting timing
		}
	}
}

// turnOf returns the room's turn and hash.
func turnOf(r *tui.Room) (turn int, hash uint64, results int) {
	r.Locked(func() { turn, hash, results = r.Sess.Game.Turn(), r.Sess.Game.Hash(), len(r.Sess.Results) })
	return
}
