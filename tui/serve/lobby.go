package serve

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
	"lattice/tui"
)

// stage is where a session stands in the lobby.
type stage int

const (
	stCode     stage = iota // asks for a join code
	stGame                  // picks a game from the list (authorized keys, or no codes)
	stWhite                 // a facilitator's key: console or observe
	stName                  // asks for the team name
	stSide                  // picks a side
	stSideCode              // asks for the code of a side another team plays
	stTeamCode              // asks a keyless team back under its name for its side's code
	stBack                  // a key seen before: says where it goes back to, Enter goes
	stInner                 // handed over to a seat or the console
	stRefused               // no way in for this key (no join codes; not a listed key)
)

// Lobby is the bubbletea model of one SSH session: it admits the session
// to a game (join code, or the key it authenticated with), asks for the
// team name and side, then hands every message to the room's seat (or the
// White-cell console) and draws it.
type Lobby struct {
	srv         *Server
	addr        string // remote IP, for the rate limit
	key         string // fingerprint of the key used, "" for none
	authorized  bool
	facilitator bool

	stage   stage
	input   []rune
	message string
	sel     int
	width   int
	height  int

	games   []*tui.Room // the games this session may choose from; nil for every game
	room    *tui.Room
	member  *tui.Member
	me      tui.Member // a copy of *member taken under the room's lock (the lobby reads this one)
	choices []tui.SideChoice
	want    tui.SideChoice // the side whose code stSideCode asks for
	back    string         // the name stTeamCode asks the side code for
	backWhy string         // and why it asks (the room's words)
	fails   int            // wrong codes from this session
	lastTry time.Time      // when it last tried a code
	inner   tea.Model
	seat    *tui.SeatModel

	// Shared with the server's goroutines (idle watchdog, shutdown).
	mu         sync.Mutex
	program    *tea.Program
	lastInput  atomic.Int64 // unix nanoseconds
	watched    atomic.Bool  // idle time counts (not an observer or console)
	paused     atomic.Bool  // the seat's game is paused: idle time does not count
	idled      atomic.Bool  // disconnected for idling
	admitted   atomic.Bool  // in a game, or at the White cell's console
	unadmitted atomic.Bool  // disconnected for not joining a game in time
	waits      atomic.Bool  // counted among its address's sessions waiting to join
	flooded    atomic.Bool  // disconnected for input faster than its limit
	tooMany    atomic.Bool  // disconnected after too many wrong codes
	in         *sessionInput
	closed     bool
	seated     string // "Game 1: Alpha" once in a seat, for the server's log
}

// team names the game and team of the session's seat ("" before one).
func (l *Lobby) team() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seated
}

// newLobby starts the lobby for a session from addr that authenticated
// with the key of fingerprint key ("" for none); waits: the session is
// counted among its address's sessions waiting to join a game, until it
// joins one (join).
func newLobby(srv *Server, addr, key string, waits bool) *Lobby {
	l := &Lobby{srv: srv, addr: addr, key: key, in: newSessionInput(),
		authorized:  srv.cfg.Authorized.Has(key),
		facilitator: srv.cfg.Facilitators.Has(key)}
	l.waits.Store(waits)
	l.touch()
	l.watched.Store(true)
	switch {
	case !l.facilitator && srv.keyCrowded(key):
		l.stage = stRefused
		l.message = fmt.Sprintf("%d sessions with your SSH key are open already; close one of them, or ask your instructor", srv.maxSessionsPerKey())
		srv.refusal("key crowded "+short(key), "refused a session from %s: %d with key %s are open (at most %d per key)", addr, srv.maxSessionsPerKey(), short(key), srv.maxSessionsPerKey())
	case l.facilitator:
		l.admit()
		l.stage = stWhite
	case l.returning():
	case l.authorized || (!srv.codes() && len(srv.cfg.Authorized) == 0):
		// No join code: the game is open to anyone who can connect, unless
		// the instructor listed keys, in which case only those keys get in.
		// (An unlisted key waits, and has the admit timeout, until it has
		// a seat.)
		if l.authorized {
			l.admit()
		}
		l.toGames()
	case !srv.codes():
		l.stage = stRefused
		l.message = "this server admits only the SSH keys the instructor listed; yours is not one of them"
	default:
		l.stage = stCode
		if left, locked := l.locked(false); locked {
			l.message = lockedText(left)
		}
	}
	return l
}

// admit lets the session into a game (or the console): no admit timeout
// any more, and no longer waiting to join. A session that gave the join
// code is admitted once it has a seat (toSeat): one at the team name
// prompt holds a session as one at the join code does.
func (l *Lobby) admit() {
	l.admitted.Store(true)
	l.join()
}

// join takes the session off its address's count of sessions waiting to
// join a game, once.
func (l *Lobby) join() {
	if l.waits.Swap(false) {
		l.srv.joined(l.addr)
	}
}

// locked reports whether the session's address or key is locked out for
// wrong codes, and for how much longer; side: for side (and team) codes
// too, the counts of sideCounts.
func (l *Lobby) locked(side bool) (time.Duration, bool) {
	left, locked := l.srv.limiter.Locked(l.addr)
	more := func(k time.Duration, kl bool) {
		if kl && k > left {
			left, locked = k, true
		}
	}
	if l.key != "" {
		more(l.srv.keys.Locked(l.key))
	}
	if side {
		for _, c := range l.sideCounts() {
			more(l.srv.limiter.Locked(c.name))
		}
	}
	return left, locked
}

// SideLockouts is how many lockout periods (Config.Lockout) a side's
// code is refused to every session after Config.MaxFailures wrong tries of
// it from all of them.
const SideLockouts = 5

// sideCount is a count of wrong side (or team) codes: its name in the
// server's address limiter, its limit and its lockout.
type sideCount struct {
	name string
	max  int
	d    time.Duration
}

// sideCounts returns the counts the session's wrong side (or team) codes
// count on, besides the session's own: its address's and key's, apart
// from their join codes', and the side's whose code it is asked for, from
// every session. A right join code does not clear them: it cleared one
// count for both, and a script that knew the join code guessed side codes
// without end, reconnecting after every four.
func (l *Lobby) sideCounts() []sideCount {
	cfg := l.srv.cfg
	out := []sideCount{{"side codes from " + l.addr, cfg.MaxAddressFailures, cfg.Lockout}}
	if l.key != "" {
		out = append(out, sideCount{"side codes from key " + short(l.key), cfg.MaxFailures, cfg.Lockout})
	}
	side := func(name string) []sideCount {
		return append(out, sideCount{l.room.Name() + " " + name, cfg.MaxFailures, SideLockouts * cfg.Lockout})
	}
	switch {
	case l.room == nil:
	case l.stage == stSideCode:
		return side(l.want.Name + " side code")
	case l.stage == stTeamCode:
		at := tui.NoSide
		for _, m := range l.room.Members() {
			if tui.SameName(m.Name, l.back) {
				at = m.Side
			}
		}
		for _, c := range l.room.Choices() {
			if c.Side == at {
				return side(c.Name + " side code")
			}
		}
		return side("team codes")
	}
	return out
}

// wrongSide counts a wrong side or team code (what, as for wrong) on the
// session's own count and on sideCounts, any of which may lock out.
func (l *Lobby) wrongSide(what string) tea.Cmd {
	for _, c := range l.sideCounts() {
		if left, locked := l.srv.limiter.FailAt(c.name, c.max, c.d); locked {
			l.srv.lockedOut(c.name, c.max, left)
			l.message = sideLockedText(left)
		}
	}
	return l.wrongSession(what)
}

// wrong counts a wrong code (what: "join code", "side code for …") from
// the session: with its address's and its key's counts, either of which
// may lock out, and its own, which closes the session when it is full.
func (l *Lobby) wrong(what string) tea.Cmd {
	if left, locked := l.srv.limiter.Fail(l.addr); locked {
		l.srv.lockedOut(l.addr, l.srv.cfg.MaxAddressFailures, left)
		l.message = lockedText(left)
	}
	if l.key != "" {
		if left, locked := l.srv.keys.Fail(l.key); locked {
			l.srv.lockedOut("key "+short(l.key)+" (from "+l.addr+")", l.srv.cfg.MaxFailures, left)
			l.message = lockedText(left)
		}
	}
	return l.wrongSession(what)
}

// wrongSession counts a wrong code on the session's own count, which
// closes it when full.
func (l *Lobby) wrongSession(what string) tea.Cmd {
	l.fails++
	l.lastTry = l.srv.cfg.Now()
	// On the console too (once a minute per kind and address): a student
	// cut off for wrong codes, or a team guessing another side's code,
	// left no trace where the host looks.
	l.srv.refusal("wrong "+what+" "+l.addr, "wrong %s from %s%s", what, l.addr, keyNote(l.key))
	if l.fails >= l.srv.cfg.MaxSessionFailures {
		l.tooMany.Store(true)
		l.srv.refusal("toomany "+l.addr, "%s: %d wrong codes in one session: disconnected", l.addr, l.fails)
		return tea.Quit
	}
	return nil
}

// right clears the session's address's and key's counts of wrong join
// codes (not of side codes: see sideNames).
func (l *Lobby) right() {
	l.srv.limiter.Succeed(l.addr)
	if l.key != "" {
		l.srv.keys.Succeed(l.key)
	}
}

// returning puts a key seen before in a game back where it was: its
// seat, or the side list, once Enter is pressed on a line that says so.
// It reports whether it did. (Straight into the seat, the join code a
// student typed out of habit went to the game, and its Enter committed
// the draft or answered an inject; into the side list, its digits chose
// a side.)
func (l *Lobby) returning() bool {
	if l.key == "" {
		return false
	}
	for _, r := range l.srv.cfg.Rooms {
		for _, m := range r.Members() {
			if m.Key == l.key && !m.Facilitator {
				mem, err := r.Join(m.Name, l.key, false)
				if err != nil {
					l.message = err.Error()
					return false
				}
				l.room, l.member, l.me = r, mem, r.Snapshot(mem)
				l.admit()
				l.srv.logf("%s: %s is back (key %s, %s)", r.Name(), l.me.Name, short(l.key), l.addr)
				l.stage = stBack
				return true
			}
		}
	}
	return false
}

func (l *Lobby) touch() { l.lastInput.Store(time.Now().UnixNano()) }

// setProgram records the program running the lobby (for Quit).
func (l *Lobby) setProgram(p *tea.Program) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.program = p
}

// quit ends the session's program (shutdown, idle).
func (l *Lobby) quit() {
	l.mu.Lock()
	p := l.program
	l.mu.Unlock()
	if p != nil {
		p.Quit()
	}
}

// Close leaves the room: the seat is closed (the member goes offline, its
// captaincy passes on), a console is closed if it can be. Call it once the
// session's program has ended.
func (l *Lobby) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.closed = true
	switch {
	case l.seat != nil:
		l.seat.Close()
	case l.inner != nil:
		if c, ok := l.inner.(interface{ Close() }); ok {
			c.Close()
		}
	case l.member != nil:
		l.room.Leave(l.member)
	}
	if l.member != nil {
		l.srv.logf("%s: %s disconnected", l.room.Name(), l.me.Name)
	}
}

// Init starts the program; a lobby that starts in a seat (a returning key)
// starts the seat.
func (l *Lobby) Init() tea.Cmd {
	if l.inner != nil {
		return l.inner.Init()
	}
	return lobbyTick()
}

// refreshMsg asks the lobby to redraw what others change: the teams on
// each side, the teams connected to each game.
type refreshMsg struct{}

func lobbyTick() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return refreshMsg{} })
}

// Update handles a message: the lobby's own until the session is in a
// seat, the seat's (or console's) afterwards. A panic is caught here: it
// ends nothing but the message it came with.
func (l *Lobby) Update(msg tea.Msg) (model tea.Model, cmd tea.Cmd) {
	defer func() {
		if p := recover(); p != nil {
			l.message = "internal error (the game goes on)"
			l.srv.refusal("panic "+l.addr, "panic in a session from %s (the session goes on): %s", l.addr, oneLine(fmt.Sprint(p)))
			model, cmd = l, nil
		}
	}()
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		l.width, l.height = msg.Width, msg.Height
	case tea.KeyPressMsg, tea.PasteMsg:
		l.touch()
	case refreshMsg:
		if l.inner != nil {
			return l, nil // in a seat: the seat redraws itself
		}
		if l.stage == stSide {
			// The selection stays on its side: a side given to the
			// computer or back joins or leaves the list, and the cursor
			// moved onto another side (from North Korea to China).
			was := l.choices[l.sel].Side
			l.choices = l.room.ChoicesFor(l.member)
			l.sel = min(l.sel, len(l.choices)-1)
			for i, c := range l.choices {
				if c.Side == was {
					l.sel = i
				}
			}
		}
		return l, lobbyTick()
	}
	if l.inner != nil {
		nm, c := l.inner.Update(msg)
		l.inner = nm
		l.followPause()
		return l, c
	}
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return l.keyPress(msg)
	case tea.PasteMsg:
		l.typed(msg.Content)
	}
	return l, nil
}

// followPause keeps the idle watchdog off while a team's game is paused:
// a discussion the White cell paused the game for can outlast the idle
// timeout, with no key for anyone to press. On resume the timeout counts
// again from then. (A pause or resume reaches the seat as a room message,
// so this runs after the seat has seen it.)
func (l *Lobby) followPause() {
	if l.seat == nil || l.room == nil {
		return
	}
	var paused bool
	l.room.Locked(func() { paused = l.room.Paused() })
	if l.paused.Swap(paused) && !paused {
		l.touch()
	}
}

func (l *Lobby) keyPress(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "ctrl+c", "ctrl+d":
		return l, tea.Quit
	case "esc":
		if l.stage == stName && len(l.choosable()) > 1 {
			l.input = l.input[:0]
			l.toGames()
		}
		if l.stage == stSideCode {
			l.input = l.input[:0]
			l.toSides()
		}
		if l.stage == stTeamCode {
			l.input = []rune(l.back)
			l.stage = stName
		}
		return l, nil
	case "up", "k":
		if n := l.items(); l.stage != stCode && l.stage != stName && n > 0 {
			l.sel = (l.sel + n - 1) % n // the lists wrap, as the game's do
			return l, nil
		}
	case "down", "j":
		if n := l.items(); l.stage != stCode && l.stage != stName && n > 0 {
			l.sel = (l.sel + 1) % n
			return l, nil
		}
	case "backspace", "ctrl+h":
		if n := len(l.input); n > 0 {
			l.input = l.input[:n-1]
		}
		return l, nil
	case "ctrl+u":
		l.input = l.input[:0]
		return l, nil
	case "enter":
		return l.enter()
	case "s":
		if l.stage == stBack && l.me.Side != tui.NoSide {
			// A team back on a side it chose by mistake chooses again
			// (tui.Room.Unseat says when it may).
			if err := l.room.Unseat(l.member); err != nil {
				l.message = err.Error()
				return l, nil
			}
			l.me = l.room.Snapshot(l.member)
			l.srv.logf("%s: %s chooses its side again", l.room.Name(), l.me.Name)
			l.toSides()
			return l, nil
		}
	}
	if l.stage == stCode || l.stage == stName || l.stage == stSideCode || l.stage == stTeamCode {
		l.typed(msg.Text)
		return l, nil
	}
	if len(msg.Text) == 1 && msg.Text[0] >= '1' && msg.Text[0] <= '9' {
		if i := int(msg.Text[0] - '1'); i < l.items() {
			l.sel = i
			return l.enter()
		}
	}
	return l, nil
}

// typed adds typed or pasted text to the input: control and escape
// sequences stripped, the join code to its alphabet, both length-limited.
func (l *Lobby) typed(s string) {
	s = sim.Sanitize(s, false)
	for _, r := range s {
		switch l.stage {
		case stCode:
			if r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			if !strings.ContainsRune(l.srv.alphabet, r) || len(l.input) >= MaxCodeLen {
				continue
			}
		case stSideCode, stTeamCode:
			if r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			if r < '0' || r > 'Z' || (r > '9' && r < 'A') || len(l.input) >= 8 {
				continue
			}
		case stName:
			// Format characters (bidi overrides, zero-width spaces) are
			// dropped as tui.CleanName drops them from the name: typed,
			// they would reorder the prompt's echo and use up the
			// name's length unseen.
			if unicode.Is(unicode.Cf, r) || len(l.input) >= tui.MaxNameLen {
				continue
			}
		default:
			continue
		}
		l.input = append(l.input, r)
	}
}

// items is the number of entries in the current list.
func (l *Lobby) items() int {
	switch l.stage {
	case stGame:
		return len(l.choosable())
	case stWhite:
		return len(l.whiteItems())
	case stSide:
		return len(l.choices)
	}
	return 0
}

func (l *Lobby) enter() (tea.Model, tea.Cmd) {
	l.message = ""
	switch l.stage {
	case stBack:
		if l.me.Side != tui.NoSide {
			return l, l.toSeat()
		}
		l.toSides()
	case stCode:
		code, ok := l.takeCode()
		if !ok {
			return l, nil
		}
		if code == "" {
			l.message = "type the join code your instructor gave you"
			return l, nil
		}
		var games []*tui.Room
		for _, r := range l.srv.cfg.Rooms {
			if codeEqual(code, r.Code()) {
				games = append(games, r)
			}
		}
		if len(games) > 0 {
			// Several games may share a code (--join-code CODE with
			// --games N): the session then chooses among them.
			l.right()
			l.games = games
			l.toGames()
			return l, nil
		}
		l.message = "that is not the join code of a game here: check it with your instructor"
		return l, l.wrong("join code")
	case stGame:
		l.room = l.choosable()[l.sel]
		l.stage = stName
	case stWhite:
		return l.white(l.whiteItems()[l.sel])
	case stName:
		name := tui.CleanName(string(l.input))
		if !strings.ContainsFunc(name, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
			// Spaces and combining marks alone passed, and drew a team
			// no one could read or type.
			l.input = l.input[:0]
			l.message = fmt.Sprintf("your team needs a name with a letter or digit in it (at most %d characters)", tui.MaxNameLen)
			return l, nil
		}
		mem, err := l.room.Join(name, l.key, false)
		if errors.Is(err, tui.ErrTeamCode) {
			// A keyless team back under its name proves it with its
			// side's code: the name is on every screen.
			l.back, l.backWhy, l.stage, l.input = l.room.TeamNamed(name), err.Error(), stTeamCode, l.input[:0]
			return l, nil
		}
		if err != nil {
			l.message = err.Error()
			return l, nil
		}
		return l, l.joined(mem)
	case stTeamCode:
		code, ok := l.takeCode()
		if !ok {
			return l, nil
		}
		if code == "" {
			l.message = "type your side's code, then Enter (esc: choose another name)"
			return l, nil
		}
		mem, err := l.room.JoinWithCode(l.back, "", false, code)
		switch {
		case errors.Is(err, tui.ErrTeamCode):
			l.message = "that is not its side's code: ask a teammate who is still connected, or the instructor (esc: choose another name)"
			return l, l.wrongSide("side code for team " + l.back)
		case err != nil:
			l.message = err.Error()
			l.input, l.stage = []rune(l.back), stName
			return l, nil
		}
		return l, l.joined(mem)
	case stSide:
		ch := l.choices[l.sel]
		if !ch.Open {
			l.message = ch.Name + " is not open: " + ch.Closed
			return l, nil
		}
		if err := l.room.Choose(l.member, ch.Side); err != nil {
			if errors.Is(err, tui.ErrSideCode) {
				// Another team plays it: joining shows its draft (or the
				// Red team's real moves), so the team must be let in.
				l.want, l.stage, l.input = ch, stSideCode, l.input[:0]
				l.choices = l.room.ChoicesFor(l.member)
				for _, c := range l.choices { // with the teams that play it now
					if c.Side == ch.Side {
						l.want = c
					}
				}
				l.message = ""
				return l, nil
			}
			l.message = err.Error()
			l.choices = l.room.ChoicesFor(l.member)
			if l.me = l.room.Snapshot(l.member); l.me.Side != tui.NoSide {
				return l, l.toSeat() // the same key chose a side on another terminal
			}
			return l, nil
		}
		l.me = l.room.Snapshot(l.member)
		return l, l.toSeat() // the room keeps its membership beside the journal (tui.SeatsPath)
	case stSideCode:
		code, ok := l.takeCode()
		if !ok {
			return l, nil
		}
		if code == "" {
			l.message = "type " + sim.Possessive(l.want.Name) + " side code, then Enter (esc: choose another side)"
			return l, nil
		}
		err := l.room.ChooseWithCode(l.member, l.want.Side, code)
		switch {
		case errors.Is(err, tui.ErrSideCode):
			// Wrong side codes count (sideCounts) as wrong join codes do: four
			// characters would otherwise be guessed by a script.
			l.message = "that is not " + sim.Possessive(l.want.Name) + " side code: ask a team that plays it, or the instructor (esc: choose another side)"
			return l, l.wrongSide(l.room.Name() + " side code for " + l.want.Name)
		case err != nil:
			l.message = err.Error()
			l.toSides()
			return l, nil
		}
		l.me = l.room.Snapshot(l.member)
		return l, l.toSeat()
	}
	return l, nil
}

// joined takes the session in as member mem of its room: to its seat for
// a team back on its side, to the side list otherwise.
func (l *Lobby) joined(mem *tui.Member) tea.Cmd {
	l.member, l.me = mem, l.room.Snapshot(mem)
	l.srv.logf("%s: %s joined from %s%s", l.room.Name(), l.me.Name, l.addr, keyNote(l.key))
	if l.me.Side != tui.NoSide {
		// A keyless team coming back under its name: told where it is
		// back, and Enter takes it there, as a team back by its key is.
		// Its side's code ended with an Enter, and the next one, a habit,
		// committed the Red team's plan the moment its screen opened.
		// It is admitted now, as a team back by its key is: the admit
		// timeout would otherwise cut it off on this screen.
		l.admit()
		l.stage = stBack
		return nil
	}
	l.toSides()
	if g := l.givenText(); g != "" { // a keyless team back, its side the computer's
		l.message = g
	}
	return nil
}

// takeCode takes the code typed (a join, side or team code) from the
// input (ok false: not a try). Not while the session's address or key is
// locked out, and one try a second: the Enters of a text pasted without
// bracketed paste came as fast as the bytes, each a wrong code, and a
// paste of a few lines locked out a whole class behind one NAT. An empty
// code is no try.
func (l *Lobby) takeCode() (code string, ok bool) {
	code = string(l.input)
	l.input = l.input[:0]
	if left, locked := l.locked(l.stage != stCode); locked {
		if l.message = lockedText(left); l.stage != stCode {
			l.message = sideLockedText(left)
		}
		return "", false
	}
	if code == "" {
		return "", true
	}
	if !l.lastTry.IsZero() && l.srv.cfg.Now().Sub(l.lastTry) < tryGap {
		l.message = "one code a second after a wrong one: type it again, then Enter"
		return "", false
	}
	return code, true
}

func (l *Lobby) toGames() {
	l.stage, l.sel = stGame, 0
	if games := l.choosable(); len(games) == 1 {
		l.room = games[0]
		l.stage = stName
	}
}

// choosable returns the games the session may choose from: those of the
// join code it gave, or every game.
func (l *Lobby) choosable() []*tui.Room {
	if l.games != nil {
		return l.games
	}
	return l.srv.cfg.Rooms
}

func (l *Lobby) toSides() {
	l.stage, l.sel = stSide, 0
	l.choices = l.room.ChoicesFor(l.member)
	for i, c := range l.choices { // start on the first open side
		if c.Open {
			l.sel = i
			break
		}
	}
}

// toSeat hands the session to the member's seat.
func (l *Lobby) toSeat() tea.Cmd {
	l.admit()
	l.seat = tui.NewSeat(l.room, l.member)
	l.me = l.room.Snapshot(l.member)
	l.mu.Lock()
	l.seated = l.room.Name() + ": " + l.me.Name
	l.mu.Unlock()
	if l.me.Side < 0 {
		l.watched.Store(false) // a projector may sit there untouched
	}
	return l.handOver(l.seat)
}

// handOver makes m the session's model, sized to the terminal.
func (l *Lobby) handOver(m tea.Model) tea.Cmd {
	l.inner = m
	l.stage = stInner
	cmds := []tea.Cmd{m.Init()}
	if l.width > 0 {
		nm, c := m.Update(tea.WindowSizeMsg{Width: l.width, Height: l.height})
		l.inner = nm
		cmds = append(cmds, c)
	}
	return tea.Batch(cmds...)
}

// whiteItem is an entry of a facilitator's menu: the console (room nil) or
// one game's observer seat.
type whiteItem struct {
	label string
	room  *tui.Room
}

func (l *Lobby) whiteItems() []whiteItem {
	var out []whiteItem
	if l.srv.cfg.Console != nil {
		out = append(out, whiteItem{label: "White-cell console (every game)"})
	}
	for _, r := range l.srv.cfg.Rooms {
		out = append(out, whiteItem{label: "Observe " + r.Name() + " (public information, for a projector)", room: r})
	}
	return out
}

func (l *Lobby) white(it whiteItem) (tea.Model, tea.Cmd) {
	l.watched.Store(false)
	if it.room == nil {
		by := "ssh " + short(l.key)
		l.srv.logf("White cell: console opened by key %s from %s", short(l.key), l.addr)
		return l, l.handOver(l.srv.cfg.Console(l.srv.cfg.Rooms, by))
	}
	l.room = it.room
	mem, err := it.room.Join(tui.WhiteCellName, l.key, true)
	if err != nil {
		l.message = err.Error()
		return l, nil
	}
	l.member, l.me = mem, it.room.Snapshot(mem)
	if err := it.room.Choose(l.member, -1); err != nil {
		l.message = err.Error()
		return l, nil
	}
	l.srv.logf("%s: the White cell observes (key %s)", it.room.Name(), short(l.key))
	return l, l.toSeat()
}

// ---- view ------------------------------------------------------------------

var (
	titleStyle = lipgloss.NewStyle().Bold(true)
	dimStyle   = lipgloss.NewStyle().Faint(true)
	warnStyle  = lipgloss.NewStyle().Foreground(lipgloss.Color("3"))
	selStyle   = lipgloss.NewStyle().Reverse(true)
)

// View draws the lobby, or the seat it handed over to.
func (l *Lobby) View() (v tea.View) {
	defer func() {
		if p := recover(); p != nil {
			l.srv.refusal("panic "+l.addr, "panic drawing a session from %s: %s", l.addr, oneLine(fmt.Sprint(p)))
			v = tea.NewView("internal error: press ctrl+c and connect again")
		}
	}()
	if l.inner != nil {
		return l.inner.View()
	}
	v = tea.NewView(l.render())
	v.AltScreen = true
	v.WindowTitle = "Lattice"
	return v
}

func (l *Lobby) render() string {
	if l.width == 0 {
		return ""
	}
	if l.width < tui.MinWidth || l.height < tui.MinHeight {
		return fmt.Sprintf("terminal too small (have %d×%d, need %d×%d)", l.width, l.height, tui.MinWidth, tui.MinHeight)
	}
	var b, after strings.Builder // the text above the list, and below it
	var items []string
	b.WriteString(titleStyle.Render("Lattice — classroom server") + "\n\n")
	switch l.stage {
	case stRefused:
		b.WriteString("You cannot join a game from this key. Ask your instructor.\n")
	case stBack:
		b.WriteString(l.backText() + "\n")
	case stCode:
		b.WriteString("Type the join code your instructor gave you, then Enter.\n\n")
		b.WriteString("  Code: " + string(l.input) + "█\n")
	case stGame:
		b.WriteString("Choose a game (↑/↓ and Enter, or its number):\n\n")
		for i, r := range l.choosable() {
			n := 0
			for _, m := range r.Members() {
				if m.Online {
					n++
				}
			}
			items = append(items, l.item(i, fmt.Sprintf("%d. %s — %d connected", i+1, r.Name(), n)))
		}
	case stWhite:
		b.WriteString("Your key is a facilitator's. Choose (↑/↓ and Enter, or its number):\n\n")
		for i, it := range l.whiteItems() {
			items = append(items, l.item(i, fmt.Sprintf("%d. %s", i+1, it.label)))
		}
	case stName:
		b.WriteString("Joining " + titleStyle.Render(l.room.Name()) + ".\n\n")
		b.WriteString(fmt.Sprintf("Your team's name (at most %d letters), then Enter:\n\n", tui.MaxNameLen))
		b.WriteString("  Team: " + string(l.input) + "█\n")
		b.WriteString(dimStyle.Render("\n"+rejoinText(l.key != "")) + "\n")
	case stSide:
		over := l.room.Over()
		if over { // its sides are closed: it offered one "nobody yet (you would be its captain)"
			b.WriteString("Team " + titleStyle.Render(l.me.Name) + " in " + l.room.Name() + ". This game is over: you may observe it, and see how it ended (Enter).\n\n")
		} else {
			b.WriteString("Team " + titleStyle.Render(l.me.Name) + " in " + l.room.Name() + ". Choose your side (↑/↓ and Enter, or its number):\n\n")
		}
		for i, c := range l.choices {
			label := fmt.Sprintf("%d. %s", i+1, c.Name)
			if c.Adversary {
				label += " — Red team"
			}
			if len(c.Teams) > 0 {
				label += " — " + strings.Join(c.Teams, ", ")
			} else if c.Side >= 0 && !over {
				label += " — nobody yet (you would be its captain)"
			}
			if !c.Open {
				label = dimStyle.Render(label + " (closed: " + c.Closed + ")")
			}
			items = append(items, l.item(i, label))
		}
		hint := "\nSeveral teams may share a side: they see its draft live;\nthe first to join is the captain and commits. A side a team\nplays already asks for its side code, shown on that team's screen."
		if !l.played() { // after it, a side is for the game (said in week 2, it misled)
			hint += "\nThe wrong side? Until the first turn is played, leave (q), connect\nagain and press s."
		}
		if !over {
			after.WriteString(dimStyle.Render(hint) + "\n")
		}
	case stSideCode:
		b.WriteString(titleStyle.Render(l.want.Name) + " already has a team (" + strings.Join(l.want.Teams, ", ") + ").\n")
		b.WriteString("Joining it shows you its draft. Type the side code shown on their\nscreen (or on the instructor's), then Enter; esc chooses another side.\n\n")
		b.WriteString("  Side code: " + string(l.input) + "█\n")
	case stTeamCode:
		b.WriteString("Team " + titleStyle.Render(l.back) + " is in " + l.room.Name() + " already.\n")
		b.WriteString(l.backWhy + ".\nIf that is not your team, press esc and choose another name.\n\n")
		b.WriteString("  Side code: " + string(l.input) + "█\n")
	}
	if l.message != "" {
		after.WriteString("\n" + warnStyle.Render("! "+l.message) + "\n")
	}
	after.WriteString("\n" + dimStyle.Render("ctrl+c: leave"))
	// Wrapped to the terminal: a long team name or a side shared by many
	// teams would otherwise be cut off at the right edge.
	wrap := func(s string) []string { return strings.Split(ansi.Wrap(s, l.width, ""), "\n") }
	head := wrap(strings.TrimSuffix(b.String(), "\n"))
	foot := wrap(after.String())
	lines := append(head, l.window(items, wrap, l.height-len(head)-len(foot))...)
	lines = append(lines, foot...)
	if len(lines) > l.height {
		lines = lines[:l.height]
	}
	return strings.Join(lines, "\n")
}

// window returns the lines of the items that fit in rows, scrolled to keep
// the selected one in view (a list of many games on a small terminal).
func (l *Lobby) window(items []string, wrap func(string) []string, rows int) []string {
	var all [][]string
	n := 0
	for _, it := range items {
		all = append(all, wrap(it))
		n += len(all[len(all)-1])
	}
	if n <= rows {
		var out []string
		for _, ls := range all {
			out = append(out, ls...)
		}
		return out
	}
	rows = max(rows-2, 1) // a line above and below for what is hidden
	sel := min(max(l.sel, 0), len(all)-1)
	lo, hi, used := sel, sel+1, len(all[sel])
	for {
		grew := false
		if hi < len(all) && used+len(all[hi]) <= rows {
			used += len(all[hi])
			hi++
			grew = true
		}
		if lo > 0 && used+len(all[lo-1]) <= rows {
			lo--
			used += len(all[lo])
			grew = true
		}
		if !grew {
			break
		}
	}
	out := []string{dimStyle.Render(fmt.Sprintf("  ↑ %d more", lo))}
	if lo == 0 {
		out[0] = ""
	}
	for _, ls := range all[lo:hi] {
		out = append(out, ls...)
	}
	if hi < len(all) {
		out = append(out, dimStyle.Render(fmt.Sprintf("  ↓ %d more", len(all)-hi)))
	} else {
		out = append(out, "")
	}
	return out
}

// item is entry i of a list, s, marked if selected, wrapped to the
// screen with its later lines indented under its text (left to the
// terminal, "(closed: your team has seen the allies' plans)" went on at
// column 0).
func (l *Lobby) item(i int, s string) string {
	prefix := "  "
	if i == l.sel {
		prefix = "> "
	}
	lines := strings.Split(ansi.Wordwrap(s, max(l.width-len(prefix)-4, 20), ""), "\n")
	for k := 1; k < len(lines); k++ {
		lines[k] = "     " + lines[k]
	}
	out := prefix + strings.Join(lines, "\n")
	if i == l.sel {
		return selStyle.Render(out)
	}
	return out
}

func lockedText(left time.Duration) string {
	return fmt.Sprintf("too many wrong join codes from your address: locked out, try again in %s", left.Round(time.Second))
}

// sideLockedText says that side codes are refused for left.
func sideLockedText(left time.Duration) string {
	return fmt.Sprintf("too many wrong side codes (from your address, or for this side): locked out, try again in %s; the instructor can let you in", left.Round(time.Second))
}

// givenText says, to a team back whose side the White cell gave to the
// computer while it was away, what became of it ("" if that is not so).
func (l *Lobby) givenText() string {
	g := l.me.Given
	if g == "" || l.me.Side != tui.NoSide {
		return ""
	}
	s := "While you were away, the White cell gave your side, " + titleStyle.Render(g) + ", to the computer"
	if l.me.GivenReason != "" {
		s += " (" + l.me.GivenReason + ")"
	}
	return s + ". Take another allied side or observe; the White cell can give it back, and then it is yours again."
}

// backText says where a key seen before goes back to, and that Enter
// takes it there.
func (l *Lobby) backText() string {
	where, next := "You have not chosen a side in "+l.room.Name()+" yet.", "choose your side"
	if g := l.givenText(); g != "" {
		// Its side went to the computer while it was away: "not chosen a
		// side yet" read as if the server had lost it.
		where, next = g, "choose a side"
	}
	for _, c := range l.room.ChoicesFor(l.member) {
		switch {
		case c.Side != l.me.Side:
		case c.Side < 0:
			where, next = "You are observing "+l.room.Name()+".", "go back to it"
		default:
			where, next = "You are back on "+titleStyle.Render(c.Name)+" in "+l.room.Name()+".", "go back to your team's screen"
		}
	}
	how := ": this SSH key is your team's.\n"
	if l.key == "" { // back by its name and its side's code
		how = ".\n"
	}
	text := "Welcome back, team " + titleStyle.Render(l.me.Name) + how +
		where + "\n\nPress Enter to " + next + "."
	switch {
	case l.me.Side == -1:
		text += "\nTo play a side instead, press s."
	case l.me.Side >= 0 && !l.played():
		text += "\nThe wrong side? Until the first turn is played, s chooses another."
	}
	return text
}

// played reports whether a turn of the lobby's game has been played.
func (l *Lobby) played() bool {
	n := 0
	l.room.Locked(func() { n = len(l.room.Sess.Results) })
	return n > 0
}

// rejoinText says how a team gets its side back after losing the
// connection. A team is known by its SSH key: a name alone, typed from
// another key, does not take a team's seat (any student could type it).
// From another computer, a new name and the side's code get back on the
// side, as for a second team. A team without a key comes back by its name
// and its side's code (tui.Room.JoinWithCode).
func rejoinText(keyed bool) string {
	if keyed {
		return "If you lose the connection, connect again from this computer (the\n" +
			"same SSH key): you are put back on your side. From another computer,\n" +
			"give a new team name, choose your side and type its side code (on\n" +
			"your team's screens and the instructor's)."
	}
	return "Note your side's code once you play (on your screen's top line):\n" +
		"if you lose the connection, connect again, give the same name and\n" +
		"that code to get your side back (without an SSH key, the code is your\n" +
		"proof; the instructor has it too). To join your side from another\n" +
		"terminal meanwhile, give a new team name, choose the side and type\n" +
		"its side code."
}

// short abbreviates a key fingerprint for logs.
// DefaultMaxSessionsPerKey is how many sessions one SSH key (other than a
// facilitator's) may have open at once: a team of several students on
// one account shares a key, and its members share the side's draft; a
// script with a team's key opened 62 sessions into its seat.
const DefaultMaxSessionsPerKey = 6

// maxSessionsPerKey is the limit on sessions per key.
func (s *Server) maxSessionsPerKey() int { return s.cfg.MaxSessionsPerKey }

// keyCrowded reports whether key ("" for none: never) has the most
// sessions open that a key may have.
func (s *Server) keyCrowded(key string) bool {
	if key == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for l := range s.sessions {
		if l.key == key {
			n++
		}
	}
	return n >= s.maxSessionsPerKey()
}

func short(fp string) string {
	if len(fp) > 19 {
		return fp[:19] + "…"
	}
	return fp
}

func keyNote(fp string) string {
	if fp == "" {
		return ""
	}
	return " (key " + short(fp) + ")"
}
