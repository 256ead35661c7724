package serve

import (
	"strings"
	"sync"
	"testing"
	"time"

	"lattice/tui"
)

// fakeClock is a clock the test moves.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// lobbyServer returns a server (not serving) over one game with join
// code ABC234, its clock and its log.
func lobbyServer(t *testing.T) (*Server, *fakeClock, *syncBuffer) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	stateDir(t)
	log := &syncBuffer{}
	key := t.TempDir() + "/host_key"
	if _, err := EnsureHostKey(key); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Rooms: newRooms(t, gameOpts{codes: []string{"ABC234"}}), Now: clk.now, Log: log, HostKeyPath: key})
	if err != nil {
		t.Fatal(err)
	}
	return s, clk, log
}

// open starts a lobby from addr with key as the gate does (counted among
// its address's sessions waiting to join unless the key is known).
func open(s *Server, addr, key string) *Lobby {
	waits := !s.knownKey(key)
	s.mu.Lock()
	if waits {
		s.waitingAt[addr]++
	}
	s.mu.Unlock()
	l := newLobby(s, addr, key, waits)
	s.mu.Lock()
	s.sessions[l] = true
	s.mu.Unlock()
	return l
}

func closeLobby(s *Server, l *Lobby) {
	l.join()
	s.mu.Lock()
	delete(s.sessions, l)
	s.mu.Unlock()
	l.Close()
}

// typeIn types text and Enter.
func typeIn(l *Lobby, text string) {
	l.input = []rune(text)
	l.enter()
}

// seat takes l through the join code, a team name and the first side.
func seat(t *testing.T, l *Lobby, team string) {
	t.Helper()
	typeIn(l, "ABC234")
	typeIn(l, team)
	if l.stage != stSide {
		t.Fatalf("after the name, stage %d (%s), not the side list", l.stage, l.message)
	}
	typeIn(l, "")
	if l.stage != stInner {
		t.Fatalf("not seated: %s", l.message)
	}
}

// TestSideCodesNotClearedByJoinCode: a script that knows the join code
// reconnects every four wrong side codes of a keyless team; the join code
// it gives each time cleared the count its side codes shared, and it
// guessed without end. Now the side (and the address) is locked out.
func TestSideCodesNotClearedByJoinCode(t *testing.T) {
	s, clk, log := lobbyServer(t)
	alpha := open(s, "10.0.0.1", "")
	seat(t, alpha, "Alpha")
	closeLobby(s, alpha) // offline: its name and side code bring it back

	locked := false
	for range 15 {
		l := open(s, "10.0.0.9", "")
		typeIn(l, "ABC234")
		typeIn(l, "Alpha")
		if l.stage != stTeamCode {
			t.Fatalf("a keyless team's name does not ask for its side code: stage %d, %q", l.stage, l.message)
		}
		for range 4 {
			clk.add(1100 * time.Millisecond)
			typeIn(l, "ZZZZ")
			if strings.Contains(l.message, "locked out") {
				locked = true
			}
		}
		closeLobby(s, l)
	}
	if !locked {
		t.Fatal("60 wrong side codes, a join code between every four: never locked out")
	}
	if n := strings.Count(log.String(), "wrong side code for team Alpha"); n > s.cfg.MaxFailures {
		t.Errorf("%d wrong side codes tried; the side's limit is %d", n, s.cfg.MaxFailures)
	}
	// From another address too: the side is locked for every session.
	l := open(s, "10.0.0.77", "")
	typeIn(l, "ABC234")
	typeIn(l, "Alpha")
	clk.add(1100 * time.Millisecond)
	typeIn(l, r0SideCode(s, 0))
	if l.stage == stInner || !strings.Contains(l.message, "locked out") {
		t.Errorf("the side code was tried while the side is locked out: stage %d, %q", l.stage, l.message)
	}
	// The instructor's l lets it in again.
	if msg := s.LiftLockouts("test"); !strings.Contains(msg, "Game 1 ") {
		t.Errorf("LiftLockouts does not name the side: %q", msg)
	}
	clk.add(1100 * time.Millisecond)
	typeIn(l, r0SideCode(s, 0))
	if l.stage != stBack {
		t.Errorf("the right side code after the lockout was lifted: %q", l.message)
	}
}

func r0SideCode(s *Server, i int) string {
	r := s.cfg.Rooms[0]
	return r.SideCode(r.Choices()[i].Side)
}

// TestWaitingUntilSeated: a session that gave the join code still counts
// among its address's sessions waiting to join (and keeps the admit
// timeout) until it has a seat: one address that knew the code filled the
// server with sessions at the team name prompt.
func TestWaitingUntilSeated(t *testing.T) {
	s, _, _ := lobbyServer(t)
	l := open(s, "10.0.0.2", "")
	typeIn(l, "ABC234")
	if l.stage != stName {
		t.Fatalf("the join code did not lead to the team name: %q", l.message)
	}
	if s.Waiting("10.0.0.2") != 1 || l.admitted.Load() {
		t.Fatalf("at the team name prompt: waiting %d, admitted %v; want 1, false", s.Waiting("10.0.0.2"), l.admitted.Load())
	}
	typeIn(l, "Bravo")
	if s.Waiting("10.0.0.2") != 1 || l.admitted.Load() {
		t.Fatalf("at the side list: waiting %d, admitted %v; want 1, false", s.Waiting("10.0.0.2"), l.admitted.Load())
	}
	typeIn(l, "")
	if l.stage != stInner || s.Waiting("10.0.0.2") != 0 || !l.admitted.Load() {
		t.Fatalf("seated: stage %d, waiting %d, admitted %v; want seat, 0, true", l.stage, s.Waiting("10.0.0.2"), l.admitted.Load())
	}
}

// TestSessionsPerKey: a team's key has at most DefaultMaxSessionsPerKey
// sessions at once (a script opened 62 into its seat); that many members
// of a team sharing the key all get its seat.
func TestSessionsPerKey(t *testing.T) {
	s, _, _ := lobbyServer(t)
	const key = "SHA256:teamkeyteamkeyteamkeyteamkey"
	first := open(s, "10.0.0.3", key)
	seat(t, first, "Charlie")
	for i := 1; i < DefaultMaxSessionsPerKey; i++ {
		l := open(s, "10.0.0.3", key)
		if l.stage != stBack {
			t.Fatalf("member %d of the team sharing its key: stage %d, %q; want its seat offered", i+1, l.stage, l.message)
		}
		l.enter()
		if l.stage != stInner {
			t.Fatalf("member %d of the team sharing its key is not seated: %q", i+1, l.message)
		}
	}
	l := open(s, "10.0.0.3", key)
	if l.stage != stRefused || !strings.Contains(l.message, "sessions with your SSH key") {
		t.Fatalf("session %d with one key: stage %d, %q; want refused", DefaultMaxSessionsPerKey+1, l.stage, l.message)
	}
	var m tui.Member
	for _, mm := range s.cfg.Rooms[0].Members() {
		if mm.Key == key {
			m = mm
		}
	}
	if m.Name != "Charlie" {
		t.Fatalf("the team's member: %+v", m)
	}
}

// TestLimiterForgets: a count of wrong codes is forgotten once idle for
// IdleAfter lockouts, and the limiter keeps at most MaxEntries names (the
// longest idle goes first): its map grew with every address that ever
// sent a wrong code.
func TestLimiterForgets(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	l := NewLimiter(3, time.Minute, clk.now)
	l.Fail("a")
	l.Fail("a")
	clk.add(10 * time.Minute) // ten lockouts (DefaultIdleLockouts)
	if _, locked := l.Fail("a"); locked {
		t.Error("a third wrong code, ten lockouts after the second, locked out: the count was not forgotten")
	}
	l.Fail("b")
	clk.add(10 * time.Minute) // ten lockouts (DefaultIdleLockouts)
	l.Sweep()
	if n := l.Len(); n != 0 {
		t.Errorf("after a sweep of idle counts: %d names kept, want 0", n)
	}

	// A lockout is kept while it lasts, then forgotten with its count.
	for range 3 {
		l.Fail("c")
	}
	clk.add(9 * time.Minute)
	l.Sweep()
	if l.Len() != 1 {
		t.Error("a lockout's name was forgotten before it was idle")
	}

	m := NewLimiter(3, time.Minute, clk.now)
	m.MaxEntries = 3
	m.Fail("old")
	m.Fail("old")
	for _, a := range []string{"x", "y", "z"} {
		clk.add(time.Second)
		m.Fail(a)
	}
	if n := m.Len(); n != 3 {
		t.Errorf("%d names kept, want at most 3", n)
	}
	if _, locked := m.Fail("old"); locked {
		t.Error("the longest idle name was kept past the limit (its third wrong code locked out)")
	}
}
