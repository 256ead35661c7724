package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	charmlog "charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"charm.land/wish/v2/bubbletea"
	wishrecover "charm.land/wish/v2/recover"
	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"lattice/sim"
	"lattice/tui"
)

// Config configures a Server. Rooms and HostKeyPath are required; zero
// values elsewhere take the defaults named.
type Config struct {
	Rooms       []*tui.Room
	HostKeyPath string // an OpenSSH private key (see EnsureHostKey)

	// Authorized keys skip the join code; Facilitators' keys open the
	// White-cell console (or an observer's seat). Identity is the key the
	// session authenticated with, never one merely offered.
	Authorized   KeySet
	Facilitators KeySet

	MaxSessions int           // at once; 0 means 64
	IdleTimeout time.Duration // without a key press; 0 means none
	// MaxWaitingPerAddress limits the sessions from one address that are
	// not seated yet (at the join code, team name or side prompt); 0 means
	// DefaultMaxWaitingPerAddress. Teams in a game are not counted: a
	// class behind one NAT shares an address. Without it, 66 idle
	// connections from one machine held every session and locked the
	// class out (the facilitator's console too). It also limits the
	// connections from one address open without a session (connWatch).
	MaxWaitingPerAddress int
	// MaxSessionsPerKey limits the sessions one key (not a facilitator's)
	// may have open at once; 0 means DefaultMaxSessionsPerKey. A team's
	// key had opened 62 sessions into its seat.
	MaxSessionsPerKey int
	// FacilitatorSlots of MaxSessions are kept for facilitators' keys:
	// other sessions are refused once only these are left. 0 means
	// DefaultFacilitatorSlots (at most MaxSessions-1); none without
	// facilitator keys.
	FacilitatorSlots int
	// AdmitTimeout is how long a session may stay in the lobby without
	// being seated in a game (a side or the observer seat; a listed or
	// known key is admitted at once); 0
	// means two minutes. It keeps anyone who can reach the port from
	// holding the sessions a class needs.
	AdmitTimeout time.Duration
	// Wrong join, side and team codes: a session is closed after
	// MaxSessionFailures of them (0 means 5); a key is locked out for
	// Lockout after MaxFailures (0 means DefaultMaxFailures, 10) and an
	// address after MaxAddressFailures (0 means DefaultMaxAddressFailures,
	// 50: a class behind one NAT shares an address). A session tries one
	// code a second at most: the Enters of a paste are not tries.
	MaxFailures        int
	MaxAddressFailures int
	MaxSessionFailures int
	// InputRate and InputBurst limit a session's input (bytes a second,
	// bytes at once; 0 means DefaultInputRate and DefaultInputBurst): a
	// session that sends more is closed.
	InputRate  int
	InputBurst int
	// KeepAlive is how often a session's connection is asked (an SSH
	// keepalive request, as OpenSSH's ClientAliveInterval) whether its
	// client is still there; one that leaves KeepAliveMax of them
	// unanswered is closed, so that its team is offline and may come
	// back (a keyless team is refused its name while it is online). 0
	// means 15 seconds and 4. Without it a client that vanished (Wi-Fi
	// lost, laptop shut) is only noticed when TCP gives up on the
	// countdown it keeps being sent, a quarter of an hour on Linux.
	KeepAlive    time.Duration
	KeepAliveMax int
	Lockout      time.Duration // 0 means one minute
	Now          func() time.Time

	// Console returns the White-cell console over the rooms, for a
	// facilitator's key; nil offers facilitators the observer seats only.
	Console func(rooms []*tui.Room, by string) tea.Model

	// Log receives a line for each join, departure, refusal and, if
	// LogRooms is set, every line of the rooms' logs (commits, turns,
	// White-cell acts). Nil discards them.
	Log      io.Writer
	LogRooms bool
}

// Server serves the rooms over SSH.
type Server struct {
	cfg      Config
	ssh      *ssh.Server
	limiter  *Limiter // wrong codes by address
	keys     *Limiter // wrong codes by key fingerprint
	alphabet string   // the characters a join code may have
	reserved int      // sessions kept for facilitators' keys

	logMu sync.Mutex
	quiet map[string]quiet // refusals said in the rooms' logs lately, by kind and address (logMu)

	mu        sync.Mutex
	sessions  map[*Lobby]bool
	open      int            // sessions past the gate, counting those still starting
	waitingAt map[string]int // by address: sessions that have not joined a game yet
	bare      map[string]int // by address: connections open without a session (see connWatch)
	bareAll   int            // and in all
	stop      chan struct{}
	wg        sync.WaitGroup // the ticker and log tails
	handlers  sync.WaitGroup // session handlers
	started   bool
}

// DefaultMaxFailures is how many wrong codes a key may send before a
// minute's lockout; DefaultMaxAddressFailures, an address (every session
// from it, keyed or not: a script makes keys at will), generous for a
// class behind one NAT (a right code clears the count, and a session is
// closed after DefaultMaxSessionFailures, so that one student's garbage
// paste locks out no one else). A code of 6 letters from a 31-letter
// alphabet still takes years to guess at 50 tries a minute.
const (
	DefaultMaxFailures        = 10
	DefaultMaxAddressFailures = 50
	DefaultMaxSessionFailures = 5
)

// tryGap is how often a session may try a code: Enters closer together
// (a paste of many lines) are not tries.
const tryGap = time.Second

// DefaultMaxWaitingPerAddress is how many sessions from one address may be
// at the join code prompt at once; DefaultFacilitatorSlots, how many
// sessions are kept for facilitators' keys.
const (
	DefaultMaxWaitingPerAddress = 20
	DefaultFacilitatorSlots     = 2
)

// DefaultMaxSessions is the default limit on sessions at once.
const DefaultMaxSessions = 64

// DefaultKeepAlive and DefaultKeepAliveMax: a client that vanished is
// disconnected after about a minute.
const (
	DefaultKeepAlive    = 15 * time.Second
	DefaultKeepAliveMax = 4
)

type lobbyKey struct{}

type connKey struct{}

// connWatch closes a connection that has no session open for the admit
// timeout: a client may authenticate (any key does) and open no session
// (ssh -N), which the limits on sessions do not see.
//
// It also counts the connections open without a session (bare: in the
// handshake, or authenticated and idle), by address and in all. A new one
// is refused, closed at once before any SSH is spoken, when its address
// has MaxWaitingPerAddress of them or the server bareLimit: each holds a
// goroutine and a handshake's memory for up to the handshake timeout (30
// seconds) or the admit timeout, and nothing else bounded how many one
// machine could open (OpenSSH's MaxStartups and PerSourceMaxStartups are
// the same defence).
type connWatch struct {
	mu     sync.Mutex
	active int
	timer  *time.Timer
	gone   bool   // the connection is closed: its timer is not armed again
	addr   string // remoteIP of the connection
	bare   bool   // counted in Server.bare: open, with no session
}

// bareLimit is how many connections without a session the server holds
// at once, from every address.
func (s *Server) bareLimit() int { return max(4*s.cfg.MaxSessions, s.cfg.MaxWaitingPerAddress) }

// setBare counts w as a connection without a session, or no longer; the
// caller holds w.mu.
func (s *Server) setBare(w *connWatch, bare bool) {
	if w.bare == bare {
		return
	}
	w.bare = bare
	d := 1
	if !bare {
		d = -1
	}
	s.mu.Lock()
	s.bareAll += d
	if s.bare[w.addr] += d; s.bare[w.addr] <= 0 {
		delete(s.bare, w.addr)
	}
	s.mu.Unlock()
}

func (s *Server) watchConn(ctx ssh.Context, conn net.Conn) net.Conn {
	w := &connWatch{addr: remoteIP(conn.RemoteAddr())}
	s.mu.Lock()
	n, all := s.bare[w.addr], s.bareAll
	if n < s.cfg.MaxWaitingPerAddress && all < s.bareLimit() {
		s.bare[w.addr]++
		s.bareAll++
		w.bare = true
	}
	s.mu.Unlock()
	switch {
	case w.bare:
	case n >= s.cfg.MaxWaitingPerAddress:
		s.refusal("bare "+w.addr, "refused a connection from %s: %d from it are open without a session (--max-waiting-per-address)", w.addr, n)
		return nil // the library closes it
	default:
		s.refusal("bare", "refused a connection from %s: %d connections are open without a session (4 × --max-sessions)", w.addr, all)
		return nil
	}
	w.timer = time.AfterFunc(s.cfg.AdmitTimeout, func() {
		w.mu.Lock()
		idle := w.active == 0 && !w.gone
		w.mu.Unlock()
		if idle {
			addr := remoteIP(conn.RemoteAddr())
			s.refusal("nosession "+addr, "%s opened no session within %s: disconnected", addr, s.cfg.AdmitTimeout)
			conn.Close()
		}
	})
	ctx.SetValue(connKey{}, w)
	go func() {
		<-ctx.Done()
		w.mu.Lock()
		w.gone = true
		w.timer.Stop()
		s.setBare(w, false)
		w.mu.Unlock()
	}()
	return conn
}

// sessionOpen counts a session on its connection while it runs; it
// returns the function that counts it closed.
func (s *Server) sessionOpen(sess ssh.Session) (closed func()) {
	w, _ := sess.Context().Value(connKey{}).(*connWatch)
	if w == nil {
		return func() {}
	}
	w.mu.Lock()
	w.active++
	w.timer.Stop()
	s.setBare(w, false)
	w.mu.Unlock()
	return func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		// Armed again while the connection stays open without a session;
		// not once it is closed (a session that ended with its connection
		// was logged, two minutes on, as a connection that had opened
		// none).
		if w.active--; w.active == 0 && !w.gone {
			w.timer.Reset(s.cfg.AdmitTimeout)
			s.setBare(w, true)
		}
	}
}

// New returns a server for cfg; Serve starts it.
func New(cfg Config) (*Server, error) {
	if len(cfg.Rooms) == 0 {
		return nil, errors.New("no game to serve")
	}
	if cfg.AdmitTimeout <= 0 {
		cfg.AdmitTimeout = 2 * time.Minute
	}
	for _, v := range []struct {
		n   *int
		def int
	}{
		{&cfg.MaxSessions, DefaultMaxSessions},
		{&cfg.MaxFailures, DefaultMaxFailures},
		{&cfg.MaxAddressFailures, DefaultMaxAddressFailures},
		{&cfg.MaxSessionFailures, DefaultMaxSessionFailures},
		{&cfg.MaxWaitingPerAddress, DefaultMaxWaitingPerAddress},
		{&cfg.MaxSessionsPerKey, DefaultMaxSessionsPerKey},
		{&cfg.InputRate, DefaultInputRate},
		{&cfg.InputBurst, DefaultInputBurst},
	} {
		if *v.n <= 0 {
			*v.n = v.def
		}
	}
	if cfg.Lockout <= 0 {
		cfg.Lockout = time.Minute
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.KeepAlive <= 0 {
		cfg.KeepAlive = DefaultKeepAlive
	}
	if cfg.KeepAliveMax <= 0 {
		cfg.KeepAliveMax = DefaultKeepAliveMax
	}
	s := &Server{cfg: cfg, limiter: NewLimiter(cfg.MaxAddressFailures, cfg.Lockout, cfg.Now), keys: NewLimiter(cfg.MaxFailures, cfg.Lockout, cfg.Now),
		sessions: map[*Lobby]bool{}, waitingAt: map[string]int{}, bare: map[string]int{}, quiet: map[string]quiet{}, stop: make(chan struct{})}
	if len(cfg.Facilitators) > 0 {
		s.reserved = cfg.FacilitatorSlots
		if s.reserved <= 0 {
			s.reserved = DefaultFacilitatorSlots
		}
		s.reserved = min(s.reserved, cfg.MaxSessions-1)
	}
	// The SSH libraries log to charm.land/log's default logger, on stderr:
	// "ERROR app exit with error error=\"program was killed: program was
	// interrupted\"" for each session ended by a shutdown, among the
	// server's own lines. Taken into the server's log instead.
	charmlog.SetDefault(charmlog.New(libLog{s}))
	s.alphabet = CodeAlphabet
	for _, r := range cfg.Rooms {
		for _, c := range r.Code() {
			if !strings.ContainsRune(CodeAlphabet, c) {
				s.alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			}
		}
	}
	opts := []ssh.Option{
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithVersion("lattice"),
		// Any key, or none, reaches the lobby; who it is is decided in the
		// session handler, from the key actually used. Recording the key
		// here would be the CVE-2024-45337 mistake: this is called for
		// keys that are only offered.
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(wishrecover.MiddlewareWithLogger(logger{s},
			bubbletea.MiddlewareWithProgramHandler(s.program),
			s.gate,
		)),
		func(srv *ssh.Server) error {
			srv.HandshakeTimeout = 30 * time.Second
			srv.ConnCallback = s.watchConn
			return nil
		},
	}
	// No connection-level idle timeout: it counts any traffic, so it would
	// keep idle students (the countdown is output) and drop a quiet
	// projector. watchIdle counts key presses instead; dead connections
	// are found by TCP keep-alive.
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, err
	}
	s.ssh = srv
	return s, nil
}

// libLog takes the lines the SSH libraries log into the server's log. A
// session's program ended by a shutdown or a lost connection ("program
// was killed") is how a session ends, not an error: it is left out.
type libLog struct{ s *Server }

func (l libLog) Write(p []byte) (int, error) {
	line := strings.TrimSpace(string(p))
	if line == "" || strings.Contains(line, tea.ErrProgramKilled.Error()) || strings.Contains(line, tea.ErrInterrupted.Error()) {
		return len(p), nil
	}
	l.s.logf("ssh: %s", sim.Sanitize(line, false))
	return len(p), nil
}

// logger adapts the server's log for wish's recover middleware.
type logger struct{ s *Server }

// A panic it caught (its format "panic: %v\n%s", the value and the
// stack) is also said in a line where the White cell looks.
func (l logger) Printf(format string, v ...any) {
	l.s.logf(format, v...)
	if strings.HasPrefix(format, "panic") && len(v) > 0 {
		l.s.refusal("panic", "a session's handler panicked and was closed: %s", oneLine(fmt.Sprint(v[0])))
	}
}

// oneLine is s on one line of at most 120 characters, sanitised.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(sim.Sanitize(s, false)), " ")
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return s
}

func (s *Server) logf(format string, args ...any) {
	if s.cfg.Log == nil {
		return
	}
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.cfg.Log, "%s  %s\n", s.cfg.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// notice logs a line the White cell must see (a lockout, a team
// disconnected for idling): in the server's log, and, where that is not
// read (the serving terminal's console, which shows the rooms' logs
// instead), in every room's log as well.
func (s *Server) notice(format string, args ...any) {
	s.logf(format, args...)
	if s.cfg.LogRooms && s.cfg.Log != nil {
		return // the rooms' logs are copied to the server's: once is enough
	}
	s.roomsLog(fmt.Sprintf(format, args...))
}

// quiet is when a kind of refusal was last said in the rooms' logs, and
// how many like it were not said since.
type quiet struct {
	at      time.Time
	skipped int
	line    string // the last line of its kind, for the count said later
}

// refusal logs a session or connection refused or closed by the server
// (server full, too many waiting from an address, not admitted in time,
// keepalives unanswered, an input flood, a panic): in the server's log,
// and, where that is not read (the serving terminal's console), in the
// rooms' logs, where the console shows it. There the same kind (kind:
// what, and from which address) is said once a minute at most, with how
// many were not said since: 66 connections in a second would otherwise
// push everything else out of the console's log.
func (s *Server) refusal(kind, format string, args ...any) {
	s.logf(format, args...)
	if s.cfg.LogRooms && s.cfg.Log != nil {
		return
	}
	now := s.cfg.Now()
	s.logMu.Lock()
	q, seen := s.quiet[kind]
	line := fmt.Sprintf(format, args...)
	if seen && now.Sub(q.at) < time.Minute {
		q.skipped++
		q.line = line
		s.quiet[kind] = q
		s.logMu.Unlock()
		return
	}
	var late []string
	if len(s.quiet) > 1000 { // an address a connection: forget the old ones
		late = s.overdue(now, true)
	}
	s.quiet[kind] = quiet{at: now}
	s.logMu.Unlock()
	for _, l := range late {
		s.roomsLog(l)
	}
	switch {
	case q.skipped > 0:
		line += fmt.Sprintf(" (and %d more like it since %s)", q.skipped, q.at.Format("15:04:05"))
	default:
		line += " (more like it within a minute are counted, not listed)"
	}
	s.roomsLog(line)
}

// overdue returns, for each kind whose minute has passed with refusals
// counted and not listed, a line that says how many, and forgets those
// kinds (all whose minute has passed, if all). Called with logMu held.
func (s *Server) overdue(now time.Time, all bool) []string {
	var out []string
	for k, q := range s.quiet {
		if now.Sub(q.at) < time.Minute {
			continue
		}
		if q.skipped > 0 {
			out = append(out, fmt.Sprintf("%s (the last of %d more like it since %s)", q.line, q.skipped, q.at.Format("15:04:05")))
		}
		if q.skipped > 0 || all {
			delete(s.quiet, k)
		}
	}
	slices.Sort(out)
	return out
}

// sayOverdue logs the refusals counted and not listed whose minute has
// passed (a burst that stopped was one line and a count never written).
func (s *Server) sayOverdue() {
	if s.cfg.LogRooms && s.cfg.Log != nil {
		return
	}
	s.logMu.Lock()
	late := s.overdue(s.cfg.Now(), false)
	s.logMu.Unlock()
	for _, l := range late {
		s.roomsLog(l)
	}
}

// roomsLog adds line, timed, to every room's log (the console's), which
// keeps its last 500 lines as the room's own lines do.
func (s *Server) roomsLog(line string) {
	line = s.cfg.Now().Format("15:04:05") + "  " + line
	for _, r := range s.cfg.Rooms {
		r.AddLog(line)
	}
}

// lockedOut logs that who (an address, or "key SHA256:…") is locked out
// for d after max wrong codes, and when that ends.
func (s *Server) lockedOut(who string, max int, d time.Duration) {
	s.notice("%s locked out after %d wrong codes, until %s (the console's l lets it in now)", who, max, s.cfg.Now().Add(d).Format("15:04:05"))
}

// LiftLockouts lets every address and key locked out for wrong codes try
// again now, and says which were.
func (s *Server) LiftLockouts(by string) string {
	who := s.limiter.Lift()
	for _, k := range s.keys.Lift() {
		who = append(who, "key "+short(k))
	}
	if len(who) == 0 {
		return "no address is locked out"
	}
	msg := "lockout lifted for " + strings.Join(who, ", ")
	s.notice("%s (by %s)", msg, by)
	return msg
}

// Limiter returns the server's limit on wrong codes by address.
func (s *Server) Limiter() *Limiter { return s.limiter }

// Sessions returns the number of sessions open now.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.open
}

// Waiting returns the number of sessions from addr that have not joined a
// game yet.
func (s *Server) Waiting(addr string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waitingAt[addr]
}

// joined takes a session from addr off the count of those waiting to join.
func (s *Server) joined(addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.waitingAt[addr]--; s.waitingAt[addr] <= 0 {
		delete(s.waitingAt, addr)
	}
}

// knownKey reports whether a team of some game has the key of fingerprint
// fp (it goes back to its seat without a code).
func (s *Server) knownKey(fp string) bool {
	if fp == "" {
		return false
	}
	for _, r := range s.cfg.Rooms {
		for _, m := range r.Members() {
			if m.Key == fp {
				return true
			}
		}
	}
	return false
}

// codes reports whether the games need a join code.
func (s *Server) codes() bool {
	for _, r := range s.cfg.Rooms {
		if r.Code() != "" {
			return true
		}
	}
	return false
}

// Serve accepts SSH connections on ln until Shutdown or Close; it ticks
// every room's turn timer once a second meanwhile. It returns
// ssh.ErrServerClosed after a Shutdown or Close.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	if !s.started {
		s.started = true
		s.wg.Add(1)
		go s.tick()
		if s.cfg.LogRooms && s.cfg.Log != nil {
			for _, r := range s.cfg.Rooms {
				s.wg.Add(1)
				go s.tail(r)
			}
		}
	}
	s.mu.Unlock()
	return s.ssh.Serve(ln)
}

// tick runs every room's timer once a second.
func (s *Server) tick() {
	defer s.wg.Done()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-s.stop:
			return
		case <-t.C:
			if n%60 == 0 { // the wrong-code counts of names long idle go
				s.limiter.Sweep()
				s.keys.Sweep()
			}
			s.sayOverdue()
			for _, r := range s.cfg.Rooms {
				func() {
					defer func() {
						if p := recover(); p != nil {
							s.refusal("panic", "%s: panic in the timer: %s", r.Name(), oneLine(fmt.Sprint(p)))
						}
					}()
					r.Tick()
				}()
			}
		}
	}
}

// tail copies a room's log to the server's log as it grows.
func (s *Server) tail(r *tui.Room) {
	defer s.wg.Done()
	id, ch := r.Subscribe()
	defer r.Unsubscribe(id)
	var prev []string // the room's log as last copied
	copyNew := func() {
		var lines []string
		r.Locked(func() {
			// The log grows at its end and loses lines at its start (it
			// keeps the last few hundred): the new lines follow the
			// longest end of prev that the log starts with. (Finding the
			// last line copied by its text would skip lines when a line
			// repeats, as "X left" does within a second.)
			cur := r.Log
			start := 0
			for d := range prev {
				if n := len(prev) - d; n <= len(cur) && slices.Equal(cur[:n], prev[d:]) {
					start = n
					break
				}
			}
			if start < len(cur) {
				lines = slices.Clone(cur[start:])
				prev = slices.Clone(cur)
			}
		})
		for _, l := range lines {
			s.logMu.Lock()
			fmt.Fprintf(s.cfg.Log, "%s  %s\n", l, r.Name())
			s.logMu.Unlock()
		}
	}
	copyNew()
	for {
		select {
		case <-s.stop:
			return
		case <-ch:
			copyNew()
		}
	}
}

// Shutdown stops accepting connections, asks every session's program to
// end and waits for them (until ctx is done: then it closes what is left).
// The rooms' journals stay open: their owner closes them.
func (s *Server) Shutdown(ctx context.Context) error {
	s.halt()
	// The sessions are asked to end outside the lock: quit sends to each
	// program, whose Update may be waiting on the lock itself (a join code
	// entered as the server stops), and Shutdown hung for ever.
	s.mu.Lock()
	lobbies := make([]*Lobby, 0, len(s.sessions))
	for l := range s.sessions {
		lobbies = append(lobbies, l)
	}
	s.mu.Unlock()
	for _, l := range lobbies {
		l.quit()
	}
	err := s.ssh.Shutdown(ctx)
	if err != nil {
		s.ssh.Close()
	}
	s.wait()
	return err
}

// Close closes the listener and every connection at once.
func (s *Server) Close() error {
	s.halt()
	err := s.ssh.Close()
	s.wait()
	return err
}

// wait waits for the server's goroutines and, for a few seconds at most,
// for the session handlers to close their lobbies (a client that does not
// read its output could hold one up).
func (s *Server) wait() {
	s.wg.Wait()
	done := make(chan struct{})
	go func() {
		s.mu.Lock() // no handler may start once stopped
		s.mu.Unlock()
		s.handlers.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		s.logf("some sessions did not end in time")
	}
}

// stopping reports whether Shutdown or Close has begun.
func (s *Server) stopping() bool {
	select {
	case <-s.stop:
		return true
	default:
		return false
	}
}

func (s *Server) halt() {
	for _, r := range s.cfg.Rooms { // before the sessions end: no captaincy passes as they do
		r.Closing()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.stop:
	default:
		close(s.stop)
	}
}

// gate admits a session: the limit on sessions, a terminal, the identity
// of the key used; it runs the lobby's program (next) and closes the
// lobby after it.
func (s *Server) gate(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer s.sessionOpen(sess)()
		addr := remoteIP(sess.RemoteAddr())
		if c, ok := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn); ok {
			defer s.keepAlive(c, addr)()
		}
		// The key the session authenticated with: charm.land/ssh takes it
		// from the permissions of the successful authentication, not from
		// the last key offered.
		fp := Fingerprint(sess.PublicKey())
		facilitator := s.cfg.Facilitators.Has(fp)
		// A session that will be in a game at once (a facilitator, a
		// listed key, a team's key) is not one that waits to join.
		waits := !facilitator && !s.cfg.Authorized.Has(fp) && !s.knownKey(fp)
		s.mu.Lock()
		limit := s.cfg.MaxSessions
		if !facilitator {
			limit -= s.reserved // the White cell gets in whoever holds the rest
		}
		full := s.open >= limit
		crowded := waits && s.waitingAt[addr] >= s.cfg.MaxWaitingPerAddress
		stopping := s.stopping()
		ok := !full && !crowded && !stopping
		if ok {
			s.open++
			s.handlers.Add(1)
			if waits {
				s.waitingAt[addr]++
			}
		}
		s.mu.Unlock()
		switch {
		case stopping:
			wish.Println(sess, "The game server is shutting down.")
		case full:
			s.refusal("full "+addr, "refused a session from %s: the server is full (%s%s; --max-sessions)", addr, sim.Plural(s.cfg.MaxSessions, "session"), reservedNote(s.reserved))
			farewell(sess, fmt.Sprintf("Sorry: the game server is full (%d sessions). Ask your instructor, or try again in a moment.", s.cfg.MaxSessions))
		case crowded:
			s.refusal("crowded "+addr, "refused a session from %s: %d from it have no seat yet (--max-waiting-per-address)", addr, s.cfg.MaxWaitingPerAddress)
			farewell(sess, fmt.Sprintf("Sorry: %d sessions from your address have no seat in a game yet. Join with one of them, or try again in a moment; if your class shares one address, ask your instructor.", s.cfg.MaxWaitingPerAddress))
		}
		if !ok {
			_ = sess.Exit(1)
			return
		}
		var l *Lobby
		defer func() {
			switch {
			case l != nil:
				l.in.stop() // the program has ended: its input goes too
				l.join()    // (if it never joined a game: off the count of those waiting)
			case waits:
				s.joined(addr)
			}
			s.mu.Lock()
			s.open--
			s.mu.Unlock()
			s.handlers.Done()
		}()
		if _, _, ok := sess.Pty(); !ok {
			wish.Println(sess, "Lattice needs a terminal: connect with ssh -t (and no command).")
			_ = sess.Exit(1)
			return
		}
		l = newLobby(s, addr, fp, waits) // (a returning key joins its room here)
		sess.Context().SetValue(lobbyKey{}, l)
		s.mu.Lock()
		s.sessions[l] = true
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			delete(s.sessions, l)
			s.mu.Unlock()
			l.Close()
		}()
		stopIdle := s.watchIdle(l)
		next(sess)
		stopIdle()
		// A session the server ends for cause exits 1, as a refused one
		// does (ssh said 0 after a flood or wrong codes, 1 after a
		// refusal): a script that joins can tell.
		cause := true
		switch {
		case l.flooded.Load():
			farewell(sess, fmt.Sprintf("Disconnected: your terminal sent more than %d bytes faster than anyone types (a long text pasted?). Connect again; paste only a code or a name.", s.cfg.InputBurst))
		case l.tooMany.Load():
			farewell(sess, fmt.Sprintf("Disconnected after %d wrong codes. Check the code with your instructor, then connect again.", s.cfg.MaxSessionFailures))
		case l.unadmitted.Load():
			farewell(sess, fmt.Sprintf("Disconnected: no seat taken in a game within %s. Connect again.", s.cfg.AdmitTimeout))
		case l.idled.Load():
			farewell(sess, fmt.Sprintf("Disconnected after %s without a key press. Connect again to get your side back.", s.cfg.IdleTimeout))
		case s.stopping():
			cause = false
			farewell(sess, "The game server has stopped; nothing committed is lost. When your instructor restarts it, connect again with the same command to get your side back.")
		default:
			cause = false
		}
		if cause {
			_ = sess.Exit(1)
		}
	}
}

// farewell writes msg on the session's terminal once its program has ended,
// wrapped between words to the terminal's width: left to the terminal, the
// line broke mid-word ("When your instructor res" | "tarts it") on the
// screen every student reads when the server stops.
func farewell(sess ssh.Session, msg string) {
	w := 80
	if pty, _, ok := sess.Pty(); ok && pty.Window.Width > 0 {
		w = pty.Window.Width
	}
	text := ansi.Wordwrap(strings.Join(strings.Fields(msg), " "), max(w-1, 20), "")
	wish.Print(sess, strings.ReplaceAll(text, "\n", "\r\n")+"\r\n")
}

// program starts the lobby's program for a session.
func (s *Server) program(sess ssh.Session) *tea.Program {
	l, _ := sess.Context().Value(lobbyKey{}).(*Lobby)
	if l == nil {
		return nil
	}
	opts := bubbletea.MakeOptions(sess)
	// The session's keys come through l.in's pump (input.go); the
	// program's own reader reads nothing until the session ends.
	opts = append(opts, tea.WithInput(l.in))
	// The client says how big its terminal is, before any join code: a
	// window of thousands of columns and rows would have the renderer
	// allocate gigabytes for its screen, so sizes are capped.
	pty, _, _ := sess.Pty()
	opts = append(opts, tea.WithWindowSize(capSize(pty.Window.Width, pty.Window.Height)),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			switch msg := msg.(type) {
			case tea.SuspendMsg: // as bubbletea.MakeOptions's filter (this one replaces it)
				return tea.ResumeMsg{}
			case tea.WindowSizeMsg:
				msg.Width, msg.Height = capSize(msg.Width, msg.Height)
				return msg
			}
			return msg
		}))
	p := tea.NewProgram(l, opts...)
	l.setProgram(p)
	in := newLimitedReader(sess, s.cfg.InputRate, s.cfg.InputBurst, time.Now)
	go l.in.pump(in, pty.Term, p, func() {
		l.flooded.Store(true)
		who := l.addr
		if team := l.team(); team != "" {
			who = team + " (" + l.addr + ")"
		}
		s.refusal("flood "+l.addr, "%s sent more than %d bytes of input at once: disconnected", who, s.cfg.InputBurst)
		l.quit()
	})
	return p
}

// reservedNote says how many of the sessions are kept for facilitators.
func reservedNote(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d of them kept for facilitators' keys", n)
}

// MaxWidth and MaxHeight cap a session's terminal size (a 4K screen is
// about 320×120 in a 12-pixel font).
const MaxWidth, MaxHeight = 320, 120

func capSize(w, h int) (int, int) {
	if w <= 0 || h <= 0 {
		// A client that does not know its terminal's size says 0×0 (ssh
		// -tt from a script, some Windows clients): the lobby drew nothing
		// at all for it. It gets the smallest screen the game fits.
		return tui.MinWidth, tui.MinHeight
	}
	return min(w, MaxWidth), min(h, MaxHeight)
}

// watchIdle ends l's program when nobody has pressed a key for the idle
// timeout (observer seats and consoles excepted: a projector is left
// alone). It returns a function that stops watching.
func (s *Server) watchIdle(l *Lobby) (stop func()) {
	d := s.cfg.IdleTimeout
	admit := s.cfg.AdmitTimeout
	start := time.Now()
	done := make(chan struct{})
	tick := admit
	if d > 0 {
		tick = min(d, admit)
	}
	every := min(max(tick/4, 10*time.Millisecond), time.Second)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if !l.admitted.Load() && time.Since(start) >= admit {
					l.unadmitted.Store(true)
					s.refusal("unadmitted "+l.addr, "%s took no seat in a game within %s: disconnected", l.addr, admit)
					l.quit()
					return
				}
				if d <= 0 || !l.watched.Load() || l.paused.Load() {
					continue
				}
				if time.Since(time.Unix(0, l.lastInput.Load())) >= d {
					l.idled.Store(true)
					who := l.addr
					if team := l.team(); team != "" {
						who = team + " (" + l.addr + ")"
					}
					s.notice("%s idle for %s: disconnected", who, d)
					l.quit()
					return
				}
			}
		}
	}()
	return func() { close(done) }
}

// keepAlive asks c every KeepAlive whether its client is still there and
// closes it when KeepAliveMax intervals pass without an answer. It returns
// a function that stops asking.
func (s *Server) keepAlive(c gossh.Conn, addr string) (stop func()) {
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(s.cfg.KeepAlive)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			reply := make(chan error, 1)
			go func() {
				// Any answer will do (OpenSSH answers "failure").
				_, _, err := c.SendRequest("keepalive@openssh.com", true, nil)
				reply <- err
			}()
			for missed := 0; ; {
				select {
				case <-done:
					return
				case err := <-reply:
					if err != nil {
						return // the connection is closed already
					}
				case <-t.C:
					if missed++; missed < s.cfg.KeepAliveMax {
						continue
					}
					s.refusal("keepalive "+addr, "%s stopped answering for %s: disconnected", addr, s.cfg.KeepAlive*time.Duration(missed))
					c.Close()
					return
				}
				break
			}
		}
	}()
	return func() { close(done) }
}

func remoteIP(a net.Addr) string {
	if a == nil {
		return "unknown"
	}
	host, _, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	// An IPv6 client's /64 is one network (privacy addresses give it a
	// fresh address at will): the limits per address count it once. An
	// IPv4 address mapped into IPv6 is the IPv4 address.
	if ip, err := netip.ParseAddr(host); err == nil {
		ip = ip.Unmap()
		if ip.Is6() {
			if p, err := ip.Prefix(64); err == nil {
				return p.String()
			}
		}
		return ip.String()
	}
	return host
}
