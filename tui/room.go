package tui

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/sim/safefile"
)

// A Room is one game played by several seats at once: teams on their own
// terminals (over SSH, see tui/serve), an observer's projector, and the
// White cell's console. The room holds the shared Session and decides the
// flow of a turn:
//
//  1. If people play the adversary (a Red team), they plan first; the turn
//     is not briefed yet (PhaseRed).
//  2. The turn is briefed; every allied side drafts its allocation, which
//     every member of that side sees live, and the side's captain commits
//     it (PhaseAllies). The White cell may act now (sim.Game.FireInject …).
//  3. When every side has committed, the turn timer runs out (the drafts as
//     they stand are committed; a Red team that has not planned leaves the
//     adversary to its doctrine) or the White cell forces it, the turn is
//     adjudicated and the next one begins.
//
// Every method that changes the room notifies its subscribers, so each
// seat redraws. Models read and change the room only while holding its
// lock (see Locked).
type Room struct {
	mu   sync.Mutex
	opts RoomOptions
	Sess *Session
	// closing: the server is stopping, and every team leaves at once; no
	// captaincy passes (one that passed to whoever was still online as the
	// sessions closed was saved, and a restart gave the side back its old
	// captain).
	closing bool

	phase    Phase
	paused   bool
	deadline time.Time      // the timer's end while running (zero: no timer)
	left     time.Duration  // time left while paused
	redDone  []bool         // by side: a human adversary planned this turn
	redReal  []map[int]bool // by side: the Red team's draft plan (real moves), shared by its members
	redBluff []map[int]bool // by side: the draft's bluffs

	members []*Member
	captain []int // by side: the captain's member id, −1 none

	// clockWaits: the turn timer has not started, as no team has been
	// connected on a side since the room opened (a fresh server, or one
	// resumed with its teams offline).
	clockWaits bool

	adjudicated int      // turns adjudicated since the room opened
	sideCodes   []string // per side: the code a second team needs to join it

	// notice is the last White-cell act, in words, for every seat;
	// sideNotice is the last word for one side's seats only (its committed
	// draft was re-opened). Seats show each once: noticeSeq counts them
	// all, noticeAt and sideNoticeAt say when each was given.
	notice       string
	noticeAt     int
	sideNotice   []string // by side
	sideNoticeAt []int    // by side
	noticeSeq    int
	// told lists the notices for every seat given this turn, oldest
	// first: the waiting seats and the projector show them whole (the
	// notice line below a screen is cut at two lines).
	told []string

	subs    map[int]chan struct{}
	nextSub int
	nextID  int

	// Log lists what happened in the room, newest last, for the console:
	// joins, commits, White-cell acts.
	Log []string
}

// Phase is where a room's turn stands.
type Phase int

// Room phases.
const (
	PhaseRed    Phase = iota // human adversaries plan; the turn is not briefed yet
	PhaseAllies              // the turn is briefed; allied sides draft and commit
	PhaseOver                // the game has ended (an end condition, or the White cell)
)

// RoomOptions configure a room.
type RoomOptions struct {
	Name     string        // shown to everyone, e.g. "Game 2"
	Code     string        // join code ("" for none)
	AllowRed bool          // students may take the adversary's sides
	Timer    time.Duration // per phase; 0 for none
	// Now is the clock (time.Now if nil); tests set it.
	Now func() time.Time
}

// Member is one person (or team terminal) in a room.
type Member struct {
	ID          int
	Name        string // team name, sanitized
	Side        int    // the side played; −1 observer; NoSide before choosing
	Key         string // fingerprint of the SSH key used, "" if none
	Facilitator bool
	Online      bool
	seated      bool // has had a seat before: a returning member skips the briefing
	conns       int  // open connections (the same key may be connected twice)
	// results is how many turns' results the member's seats have shown
	// (or it had seen before a restart): one adjudicated while it was
	// away is shown when it comes back.
	results int
	// camp is the camp whose plans the member has seen (campAllies or
	// campAdversary; 0 none): a side it left (Unseat) with a draft, or a
	// Red plan, on it. It chooses again within that camp.
	camp int8
	// Given names the side the White cell gave to the computer while the
	// member played it, and GivenReason why (GiveSide), until it chooses a
	// side again or the side is given back: the lobby says so when it
	// comes back. "" for none.
	Given       string
	GivenReason string
	// here: the member has been connected since the room opened (a
	// member restored from the seats file is not, until it comes back).
	// A captain who is not here keeps the captaincy (captaincyOpen).
	here bool
	// played is, by side, the first turn (a count of results) adjudicated
	// while the member was on that side: the report names as a side's
	// teams those that played it (SavedTeams), not one that joined during
	// a turn never adjudicated, or after the game had ended.
	played map[int]int
}

// NoSide is a member's side before they choose one.
const NoSide = -2

// Member camps.
const (
	campAllies int8 = iota + 1
	campAdversary
)

// campOf is side's camp.
func (r *Room) campOf(side int) int8 {
	if r.Sess.C.Sides[side].Adversary {
		return campAdversary
	}
	return campAllies
}

// captaincyOpen reports whether a member of side who is here may take
// its captaincy as it comes (joins or returns to the side). Lock held.
//
// The rule: the first to join a side is its captain, until it hands the
// captaincy over (H). When the captain's terminal leaves, a teammate
// online takes it (Leave); with none online, the first teammate back
// does. A restart keeps the captain: every team is offline when the room
// opens, and the teammate that happened to reconnect first took the
// captaincy from the captain saved beside the journal (Seoul Hawks, South
// Korea's captain, came back to find Busan Late commanding it). So a
// captain not seen since the room opened stays captain while away; the
// side is not stuck meanwhile: any of its members may commit (or plan)
// while the captain is offline, and so becomes captain (commit, planRed).
// Once the captain has been here in this run and left, the captaincy
// passes as on any leave.
func (r *Room) captaincyOpen(side int) bool {
	for _, m := range r.members {
		if m.ID == r.captain[side] && m.Side == side {
			return !m.Online && m.here
		}
	}
	return true // no captain (or one no longer on the side)
}

// tellNewCaptain says on side's screens why (what) its captain changed and
// who now commits for it. Lock held.
func (r *Room) tellNewCaptain(side int, what, name string) {
	r.tellSide(side, fmt.Sprintf("%s: %s is now your side's captain and commits for it", what, name))
}

// Unseat takes m off its side (or the observer seat) to choose again: a
// team that chose the wrong side in the lobby (a digit pressed for
// another) stayed on it for the whole game, as a key is a team and a team
// plays one side. A side is left only until the first turn is played; if
// it has a draft (or a Red plan), the new side must be of the same camp,
// the allies' or the adversary's: the team has seen it. The observer seat,
// which shows public information only, is left at any time.
func (r *Room) Unseat(m *Member) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case m.Side == NoSide:
		return nil
	case m.conns > 1:
		return fmt.Errorf("%s is connected from another terminal too: close that one first", m.Name)
	case m.Side >= 0 && len(r.Sess.Results) > 0:
		return fmt.Errorf("a turn has been played: %s plays %s to the end", m.Name, r.sideName(m.Side))
	}
	was := m.Side
	if was >= 0 && r.planned(was) {
		m.camp = r.campOf(was)
	}
	if was >= 0 && r.captain[was] == m.ID {
		r.captain[was] = r.nextCaptain(was, m.ID)
		if n := r.captainName(was); r.captain[was] >= 0 && n != "" {
			r.tellNewCaptain(was, m.Name+" left the side", n)
		}
	}
	m.Side = NoSide
	r.logf("%s leaves %s to choose again", m.Name, r.sideName(was))
	r.saveSeats()
	r.notify()
	return nil
}

// planned reports whether side has a plan its teams have seen this turn:
// an allied draft with points, answers or a commit, or a Red plan drafted
// or committed. Lock held.
func (r *Room) planned(side int) bool {
	s := r.Sess
	if s.C.Sides[side].Adversary {
		marked := func(plan map[int]bool) bool { // a move unmarked again stays, false
			for _, on := range plan {
				if on {
					return true
				}
			}
			return false
		}
		// Once the turn is briefed, the side's screen shows which signals
		// are real, whoever planned them (its doctrine, when the White cell
		// moved on before a Red team joined).
		return r.redDone[side] || marked(r.redReal[side]) || marked(r.redBluff[side]) || s.HasPlan(side) || s.Game.Briefed()
	}
	if s.Committed(side) {
		return true
	}
	for i, ch := range s.Orders.Choices {
		if ch >= 0 && s.C.Injects[i].Decider == side {
			return true
		}
	}
	for l := range s.C.Levers {
		if s.Orders.Get(side, l) > 0 {
			return true
		}
	}
	return false
}

// MaxNameLen is the longest team name kept (in runes).
const MaxNameLen = 24

// NewRoom starts a room on sess (a new game or one resumed from its
// journal) and opens its current turn.
func NewRoom(sess *Session, opts RoomOptions) *Room {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	n := len(sess.C.Sides)
	r := &Room{opts: opts, Sess: sess, redDone: make([]bool, n), captain: make([]int, n), subs: map[int]chan struct{}{},
		redReal: make([]map[int]bool, n), redBluff: make([]map[int]bool, n), sideCodes: make([]string, n),
		sideNotice: make([]string, n), sideNoticeAt: make([]int, n), clockWaits: true}
	for i := range r.captain {
		r.captain[i] = -1
		r.sideCodes[i] = newSideCode()
	}
	r.loadSeats()
	r.saveSeats() // the join code, before anyone joins
	// A game the White cell had paused when the server stopped comes back
	// paused: it came back running, and the clock ran on the class still
	// in the discussion the pause was for.
	r.paused = !sess.Over() && journalPaused(sess.JournalPath)
	r.startTurn()
	if r.paused {
		r.logf("the game was paused when the server stopped: p resumes it")
	}
	// The journal's notes for the host (a write refused and its records
	// kept, their catch-up, a folder made private) go to the room's log,
	// which the console shows: they waited in the session, unseen.
	sess.SetJournalLog(func(note string) { r.logf("%s", note) })
	return r
}

// journalPaused reports whether the White cell's last pause or resume
// in the journal at path is a pause ("" or an unreadable journal: no).
func journalPaused(path string) bool {
	if path == "" {
		return false
	}
	j, _, err := journal.Read(path)
	if err != nil {
		return false
	}
	paused := false
	for _, e := range j.Entries {
		if w := e.WhiteCell; w != nil && (w.Action == journal.ActPause || w.Action == journal.ActResume) {
			paused = w.Action == journal.ActPause
		}
	}
	return paused
}

// Name returns the room's name; Code its join code.
func (r *Room) Name() string { return r.opts.Name }

// Code returns the room's join code ("" for none).
func (r *Room) Code() string { return r.opts.Code }

// AllowRed reports whether students may play the adversary.
func (r *Room) AllowRed() bool { return r.opts.AllowRed }

// Lock and Unlock guard the room; models hold the lock through Update and View.
func (r *Room) Lock()   { r.mu.Lock() }
func (r *Room) Unlock() { r.mu.Unlock() }

// Locked runs f with the room locked.
func (r *Room) Locked(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f()
}

// Subscribe returns a channel that receives a value (coalesced) whenever
// the room changes, and its id for Unsubscribe.
func (r *Room) Subscribe() (int, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.nextSub++
	ch := make(chan struct{}, 1)
	r.subs[r.nextSub] = ch
	return r.nextSub, ch
}

// Unsubscribe closes and forgets a subscription.
func (r *Room) Unsubscribe(id int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if ch, ok := r.subs[id]; ok {
		close(ch)
		delete(r.subs, id)
	}
}

// notify wakes every subscriber (without blocking: a pending wake-up is
// enough). Called with the lock held.
func (r *Room) notify() {
	for _, ch := range r.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Changed notifies the subscribers; for models that changed the room
// under the lock (a draft edited).
func (r *Room) Changed() { r.notify() }

func (r *Room) logf(format string, args ...any) {
	r.addLog(r.opts.Now().Format("15:04:05") + "  " + fmt.Sprintf(format, args...))
}

// addLog adds line to the log, which keeps its last 500 lines. Called
// with the lock held.
func (r *Room) addLog(line string) {
	r.Log = append(r.Log, line)
	if len(r.Log) > 500 {
		r.Log = r.Log[len(r.Log)-500:]
	}
}

// AddLog adds line, as it is (timed by the caller), to the room's log,
// which the White-cell console shows, and wakes the subscribers, under
// the lock: the server's refusals come from goroutines of their own, and
// a wake-up sent outside the lock raced a seat's Unsubscribe (send on a
// closed channel, which took the server down).
func (r *Room) AddLog(line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.addLog(line)
	r.notify()
}

// ---- members ---------------------------------------------------------------

// Join adds a member, or returns the member it already is: a key seen
// before, or (without a key) an offline member of the same name who
// observes or has no side yet. A keyless team that plays a side comes back
// through JoinWithCode, with its side's code: team names are public (every
// header shows them), and a name alone handed the side, its draft and the
// Red team's real moves to whoever typed it. A returning member keeps
// their side, and takes the captaincy if the captain is away. A room holds
// at most MaxMembers members: past that, members who never chose a side
// and are offline make room, and if none has, Join refuses.
func (r *Room) Join(name, key string, facilitator bool) (*Member, error) {
	return r.JoinWithCode(name, key, facilitator, "")
}

// ErrTeamCode is what Join's error Is (by errors.Is) when a team without
// an SSH key comes back under its name to a side: it proves it is the same
// team with its side's code (JoinWithCode).
var ErrTeamCode = errors.New("side code needed to come back")

// teamCodeError asks a keyless team coming back for its side's code.
type teamCodeError struct{ team, side string }

func (e *teamCodeError) Error() string {
	return fmt.Sprintf("%s plays %s: a name is not proof (anyone can read it on the screens), so to take its seat back type %s side code, shown on your team's screens and the instructor's", e.team, e.side, sim.Possessive(e.side))
}

func (e *teamCodeError) Is(target error) bool { return target == ErrTeamCode }

// JoinWithCode is Join for a keyless team that gives its side's code: the
// one way back to a side for a team without an SSH key. A code is ignored
// when none is needed.
func (r *Room) JoinWithCode(name, key string, facilitator bool, code string) (*Member, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	name = CleanName(name)
	for _, m := range r.members {
		keyed := key != "" && m.Key == key
		named := key == "" && m.Key == "" && !m.Online && !m.Facilitator && SameName(m.Name, name)
		if !keyed && !named {
			continue
		}
		if named && m.Side >= 0 && !r.isSideCode(m.Side, code) {
			return nil, &teamCodeError{team: m.Name, side: r.sideName(m.Side)}
		}
		m.Online, m.here = true, true
		m.conns++
		if name != "" && keyed {
			m.Name = name // (by name: the name it had, not the one typed in other case)
		}
		m.Facilitator = m.Facilitator || facilitator
		if m.Side >= 0 && r.captaincyOpen(m.Side) {
			r.captain[m.Side] = m.ID
		}
		if m.Side != NoSide {
			r.logf("%s is back (%s)", m.Name, r.sideName(m.Side))
		} else {
			r.logf("%s is back", m.Name)
		}
		r.saveSeats()
		r.notify()
		return m, nil
	}
	if !facilitator {
		if SameName(name, WhiteCellName) {
			return nil, fmt.Errorf("%q is the instructor's name here: choose another name for your team", name)
		}
		for _, m := range r.members {
			if SameName(m.Name, name) && !m.Facilitator {
				if m.Key == "" && key == "" { // online: an offline one was taken back above
					// A connection lost without a word (Wi-Fi gone, a laptop
					// shut) stays online until the server's keepalives give
					// up on it, about a minute: the team has no other
					// session to close, only to wait for.
					return nil, fmt.Errorf("a team called %s is connected already: if that is you, close the other session, or if your connection dropped, press Enter again in a minute (the server lets a lost connection go by then); otherwise choose another name", m.Name)
				}
				if m.Name != name && !strings.EqualFold(m.Name, name) {
					// "A B漢字XL" beside "AB漢字XL": two teams the class
					// could not tell apart on the screens.
					return nil, fmt.Errorf("%q reads as team %s, already in the game: choose a name that differs by more than spaces, width or case", name, m.Name)
				}
				// A name is not a key: another student could type it.
				return nil, fmt.Errorf("a team called %s is in the game already, from another SSH key: choose another name (to play on its side, choose the side and type its side code)", m.Name)
			}
		}
	}
	if len(r.members) >= MaxMembers {
		// Make room: members who left without playing a side (observers
		// too) are forgotten; a team that played keeps its place.
		r.members = slices.DeleteFunc(r.members, func(m *Member) bool { return !m.Online && m.Side < 0 && !m.Facilitator })
		if len(r.members) >= MaxMembers {
			return nil, fmt.Errorf("%s is full (%d members)", r.opts.Name, MaxMembers)
		}
	}
	r.nextID++
	m := &Member{ID: r.nextID, Name: name, Side: NoSide, Key: key, Facilitator: facilitator, Online: true, here: true, conns: 1}
	r.members = append(r.members, m)
	r.logf("%s joined", m.Name)
	r.saveSeats()
	r.notify()
	return m, nil
}

// TeamNamed returns the name of the team whose name reads as name
// (SameName), as the team wrote it, or name if there is none: the lobby
// said "Team washington is in Game 1 already" beside "Washington plays".
func (r *Room) TeamNamed(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range r.members {
		if SameName(m.Name, name) {
			return m.Name
		}
	}
	return name
}

// SameName reports whether two team names would read as one: equal once
// spaces are dropped, and width and case folded (NFKC, then Unicode case
// folding), as "A B漢字XL", "AB漢字XL" and "ａｂ漢字xl" are.
func SameName(a, b string) bool { return nameKey(a) == nameKey(b) }

var nameFold = cases.Fold()

func nameKey(s string) string {
	s = nameFold.String(norm.NFKC.String(s))
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
}

// isSideCode reports whether code is side's code (lock held): spaces
// around it and case do not matter.
func (r *Room) isSideCode(side int, code string) bool {
	if side < 0 || side >= len(r.sideCodes) || r.sideCodes[side] == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(strings.ToUpper(strings.TrimSpace(code))), []byte(strings.ToUpper(r.sideCodes[side]))) == 1
}

// MaxMembers is the most members a room holds (a class is far smaller).
const MaxMembers = 128

// WhiteCellName is the name the instructor's console joins a room under;
// no team may take it.
const WhiteCellName = "White cell"

// Snapshot returns a copy of m as it stands (for code outside the lock).
func (r *Room) Snapshot(m *Member) Member {
	r.mu.Lock()
	defer r.mu.Unlock()
	return *m
}

// Leave marks m offline; a captain's role passes to an online teammate.
func (r *Room) Leave(m *Member) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if m.conns--; m.conns > 0 {
		return // still connected from another terminal
	}
	m.conns = 0
	m.Online = false
	if r.closing {
		return
	}
	if m.Side >= 0 && r.captain[m.Side] == m.ID {
		if n := r.nextCaptain(m.Side, m.ID); n >= 0 {
			r.captain[m.Side] = n
			r.saveSeats() // who is online is not kept; the captaincy is
			// Said on the side's screens: the new captain saw only
			// "(captain)" appear by its name, and its side's draft waited
			// for a commit no one knew was theirs to give.
			name := r.captainName(m.Side)
			r.logf("%s left; %s is now %s captain", m.Name, name, sim.Possessive(r.sideName(m.Side)))
			r.tellNewCaptain(m.Side, m.Name+" left", name)
			r.notify()
			return
		}
	}
	r.logf("%s left", m.Name)
	r.notify()
}

// Closing tells the room the server is stopping: the teams' sessions end
// at once, and none of them passes a captaincy on as it goes.
func (r *Room) Closing() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closing = true
}

// nextCaptain is the first online member of side after id (−1 if none).
func (r *Room) nextCaptain(side, id int) int {
	var on []*Member
	for _, m := range r.members {
		if m.Side == side && m.Online {
			on = append(on, m)
		}
	}
	for i, m := range on {
		if m.ID == id {
			for k := 1; k < len(on); k++ {
				if n := on[(i+k)%len(on)]; n.ID != id {
					return n.ID
				}
			}
			return -1
		}
	}
	if len(on) > 0 {
		return on[0].ID
	}
	return -1
}

// SideChoice is a side as the lobby offers it.
type SideChoice struct {
	Side      int // −1: the observer seat
	Name      string
	Adversary bool
	Open      bool     // may be chosen
	Closed    string   // why not, when it may not
	Teams     []string // members on it now
}

// Choices lists the sides a member may pick, then the observer seat.
func (r *Room) Choices() []SideChoice {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.choices()
}

// ChoicesFor is Choices for member m: a side of the other camp than the
// one whose plans m has seen is closed to it (ChooseWithCode refuses it),
// and says so (a team whose side went to the computer was told to take
// another allied side, and offered the Red team's as open).
func (r *Room) ChoicesFor(m *Member) []SideChoice {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.choices()
	for i := range out {
		if s := out[i].Side; m != nil && s >= 0 && m.camp != 0 && out[i].Open && m.camp != r.campOf(s) {
			out[i].Open = false
			out[i].Closed = map[int8]string{campAllies: "your team has seen the allies' plans", campAdversary: "your team has seen the adversary's plans"}[m.camp]
		}
	}
	return out
}

// gameOverText is why a side of a finished game is not open.
const gameOverText = "the game is over"

// over reports whether the room's game has ended. Lock held.
func (r *Room) over() bool { return r.phase == PhaseOver || r.Sess.Over() }

// Over reports whether the room's game has ended (an end condition, or
// the White cell ended it): the lobby offers only the observer seat.
func (r *Room) Over() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.over()
}

// choices is Choices. Lock held. Once the game is over every side is
// closed (gameOverText): the observer seat is left.
func (r *Room) choices() []SideChoice {
	c := r.Sess.C
	var out []SideChoice
	for s := range c.Sides {
		if !r.Sess.Human[s] {
			continue
		}
		ch := SideChoice{Side: s, Name: sim.Sanitize(c.Sides[s].Name, false), Adversary: c.Sides[s].Adversary, Open: !c.Sides[s].Adversary || r.opts.AllowRed}
		switch {
		case r.over():
			ch.Open, ch.Closed = false, gameOverText
		case !ch.Open:
			ch.Closed = "the instructor has not allowed a Red team"
		}
		for _, m := range r.members {
			if m.Side == s {
				name := m.Name
				if !m.Online {
					name += " (away)"
				}
				ch.Teams = append(ch.Teams, name)
			}
		}
		out = append(out, ch)
	}
	return append(out, SideChoice{Side: -1, Name: "Observer (public information only)", Open: true})
}

// Choose puts m on side (−1: observer). The first member on a side is its
// captain.
func (r *Room) Choose(m *Member, side int) error { return r.ChooseWithCode(m, side, "") }

// ErrSideCode is what the error of joining a side another team plays Is
// (by errors.Is) when the side code given is not that side's.
var ErrSideCode = errors.New("side code needed")

// sideCodeError asks for a side's code, naming a team that plays it.
type sideCodeError struct{ side, team string }

func (e *sideCodeError) Error() string {
	return fmt.Sprintf("%s already has a team (%s): type the side code shown on their screen", e.side, e.team)
}

func (e *sideCodeError) Is(target error) bool { return target == ErrSideCode }

// sideCodeLen is the length of a side code.
const sideCodeLen = 4

// newSideCode returns a fresh side code (crypto/rand: a team that could
// guess it would read another side's draft).
func newSideCode() string { return RandomCode(sideCodeLen, CodeAlphabet) }

// validSideCode reports whether code could be a side code (the seats file
// is not trusted more than a keyboard).
func validSideCode(code string) bool {
	if len(code) != sideCodeLen {
		return false
	}
	for _, r := range code {
		if !strings.ContainsRune(CodeAlphabet, r) {
			return false
		}
	}
	return true
}

// SideCode returns the code a team needs to join side when another team
// plays it already; it is shown on that side's screens and the White
// cell's.
func (r *Room) SideCode(side int) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if side < 0 || side >= len(r.sideCodes) {
		return ""
	}
	return r.sideCodes[side]
}

// ChooseWithCode is Choose for a team that gives a side code: a side
// another team already plays is joined only with that side's code, so
// that no one reads a side's draft, or the Red team's real moves,
// uninvited (any student could pick any side and see its secrets). A
// team coming back to its own side needs no code.
func (r *Room) ChooseWithCode(m *Member, side int, code string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.Sess.C
	if side < -1 || side >= len(c.Sides) {
		return fmt.Errorf("no side %d", side)
	}
	if m.Side != NoSide && m.Side != side {
		return fmt.Errorf("%s already plays %s (from another terminal?)", m.Name, r.sideName(m.Side))
	}
	if side >= 0 && m.Side != side && r.over() {
		// A team that joins a finished game played no part in it: on a
		// side it read "you won" and the report listed it as the side's.
		return errors.New(gameOverText + ": only the observer seat is open")
	}
	if side >= 0 {
		if !r.Sess.Human[side] {
			return fmt.Errorf("%s is played by the computer in this game", c.Sides[side].Name)
		}
		if c.Sides[side].Adversary && !r.opts.AllowRed {
			return fmt.Errorf("the instructor has not opened %s to a Red team", c.Sides[side].Name)
		}
	}
	if side >= 0 && m.camp != 0 && m.camp != r.campOf(side) {
		return fmt.Errorf("%s has seen %s plans: choose a side of the same camp, or the observer seat", m.Name,
			map[int8]string{campAllies: "the allies'", campAdversary: "the adversary's"}[m.camp])
	}
	if side >= 0 && m.Side != side {
		for _, o := range r.members {
			if o != m && o.Side == side {
				if !r.isSideCode(side, code) {
					return &sideCodeError{r.sideName(side), o.Name}
				}
				break
			}
		}
	}
	if m.Side >= 0 && r.captain[m.Side] == m.ID {
		r.captain[m.Side] = r.nextCaptain(m.Side, m.ID)
	}
	m.Side = side
	if side >= 0 {
		// Another side: the one the White cell gave to the computer is
		// not given back to this team. The observer seat keeps it (the
		// lobby told the team it may observe until the side is given
		// back, GiveSide).
		m.Given, m.GivenReason = "", ""
	}
	if side >= 0 && r.captaincyOpen(side) {
		r.captain[side] = m.ID
	}
	if side >= 0 {
		r.logf("%s plays %s", m.Name, r.sideName(side))
	} else {
		r.logf("%s observes", m.Name)
	}
	r.saveSeats()
	r.notify()
	return nil
}

func (r *Room) online(id int) bool {
	for _, m := range r.members {
		if m.ID == id {
			return m.Online
		}
	}
	return false
}

// Members returns a copy of the room's members.
func (r *Room) Members() []Member {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Member, len(r.members))
	for i, m := range r.members {
		out[i] = *m
	}
	return out
}

func (r *Room) sideName(side int) string {
	if side < 0 {
		return "the observer seat"
	}
	return sim.Sanitize(r.Sess.C.Sides[side].Name, false)
}

// isCaptain reports whether m commits for their side. Lock held.
func (r *Room) isCaptain(m *Member) bool {
	return m.Side >= 0 && r.captain[m.Side] == m.ID
}

// captainName names side's captain ("" if none). Lock held.
func (r *Room) captainName(side int) string {
	for _, m := range r.members {
		if m.ID == r.captain[side] {
			return m.Name
		}
	}
	return ""
}

// handOver passes m's captaincy to the next online member of the side.
// Lock held.
func (r *Room) handOver(m *Member) (string, error) {
	if !r.isCaptain(m) {
		return "", fmt.Errorf("only the captain (%s) can hand over", r.captainName(m.Side))
	}
	n := r.nextCaptain(m.Side, m.ID)
	if n < 0 {
		return "", fmt.Errorf("nobody else is on %s to take over", r.Sess.C.Sides[m.Side].Name)
	}
	r.captain[m.Side] = n
	name := r.captainName(m.Side)
	r.logf("%s hands %s to %s", m.Name, r.sideName(m.Side), name)
	r.tellSide(m.Side, fmt.Sprintf("%s handed the captaincy to %s, who now commits for your side", m.Name, name))
	r.saveSeats()
	r.notify()
	return name, nil
}

// CleanName makes a team name safe to show on every screen: control and
// escape sequences stripped (C1 included), invisible format characters
// (zero-width spaces and joiners, soft hyphens: "Bravo\u200b" would pass
// for "Bravo") dropped, spaces collapsed, at most MaxNameLen runes.
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, sim.Sanitize(s, false))
	s = strings.Join(strings.Fields(s), " ")
	if rs := []rune(s); len(rs) > MaxNameLen {
		s = strings.TrimSpace(string(rs[:MaxNameLen]))
	}
	return s
}

// ---- the turn --------------------------------------------------------------

// Phase returns where the turn stands. Lock held.
func (r *Room) Phase() Phase { return r.phase }

// Paused reports whether the White cell has paused the game. Lock held.
func (r *Room) Paused() bool { return r.paused }

// TimeLeft is the time left on the turn timer (ok false: no timer). Lock held.
func (r *Room) TimeLeft() (time.Duration, bool) {
	if r.paused && r.left > 0 {
		return r.left, true
	}
	if r.deadline.IsZero() {
		return 0, false
	}
	if r.clockWaits && !r.teamOnline() {
		// Not started: it showed 11:59 of 12 minutes before anyone joined,
		// as though running.
		return r.opts.Timer, true
	}
	return max(r.deadline.Sub(r.opts.Now()), 0), true
}

func (r *Room) restartTimer() {
	r.deadline, r.left = time.Time{}, 0
	if r.opts.Timer > 0 {
		if r.paused {
			r.left = r.opts.Timer
		} else {
			r.deadline = r.opts.Now().Add(r.opts.Timer)
		}
	}
}

// startTurn opens the session's current turn. Lock held.
func (r *Room) startTurn() {
	s := r.Sess
	if s.Over() {
		r.phase = PhaseOver
		r.deadline, r.left = time.Time{}, 0
		return
	}
	clear(r.redDone)
	r.told = nil // a new turn, or one played again: its acts are undone
	for i := range r.redReal {
		r.redReal[i], r.redBluff[i] = map[int]bool{}, map[int]bool{}
	}
	s.RestorePlans() // a Red plan committed before a restart stands
	for _, a := range s.HumanAdversaries() {
		r.redDone[a] = s.HasPlan(a)
		if !r.redDone[a] { // the moves it had marked before a restart, if any
			r.redReal[a], r.redBluff[a] = s.RestoredMarks(a)
		}
	}
	r.restartTimer()
	// The Red team plans first if it has members, and always in the room's
	// first turn, while the teams are still arriving (the timer or the
	// White cell moves on without it). A turn the journal has moved on
	// before a restart goes on from its briefing: the allies saw its
	// signals, and their drafts answer them.
	if len(r.redWait()) > 0 && !s.Game.Briefed() && !s.movedOnUnbriefed() {
		r.phase = PhaseRed
		r.afterRed() // every Red plan may be in already (restored)
		return
	}
	r.brief()
}

func (r *Room) brief() {
	s := r.Sess
	// A turn restored from the journal brings its White-cell acts back:
	// the waiting screens and the returning teams are told of them again,
	// as they were before the restart.
	r.told = append(r.told, s.briefRestored()...)
	// A Red team's move the briefing called off (the drift lowered the
	// rung, an event changed its condition) is said to that team and the
	// White cell; the allies learn of it with the results.
	for _, co := range s.Game.CalledOff() {
		line := calledOffText(s.C, co)
		r.logf("%s", line)
		r.tellSide(co.Side, line)
	}
	r.phase = PhaseAllies
	r.restartTimer()
}

// RedDone reports whether human adversary side has planned this turn. Lock held.
func (r *Room) RedDone(side int) bool { return r.redDone[side] }

// redPlanText is a Red team's plan for the turn it is planning, for the
// White cell: the moves its captain committed, or those its members have
// marked so far ("" if none). Actions in playbook order. Lock held.
func (r *Room) redPlanText(side int) string {
	c := r.Sess.C
	var real, bluffs []string
	name := func(a int) string { return sim.Sanitize(c.Actions[a].Name, false) }
	byID := func(id string) string { // a plan read back from a draft file names actions by id
		if a := c.ActionIndex(id); a >= 0 {
			return name(a)
		}
		return sim.Sanitize(id, false)
	}
	if p, ok := r.Sess.plans[side]; ok && r.redDone[side] {
		for _, id := range p.Actions {
			real = append(real, byID(id))
		}
		for _, id := range p.Bluffs {
			bluffs = append(bluffs, byID(id))
		}
		return "committed: real " + orNone(real) + "; bluffs " + orNone(bluffs)
	}
	for a := range c.Actions {
		if r.redReal[side][a] {
			real = append(real, name(a))
		}
		if r.redBluff[side][a] {
			bluffs = append(bluffs, name(a))
		}
	}
	if len(real)+len(bluffs) == 0 {
		return ""
	}
	return "marking: real " + orNone(real) + "; bluffs " + orNone(bluffs)
}

// planRed records a Red team's plan (its captain commits it). Lock held.
func (r *Room) planRed(m *Member, actions, bluffs []int) error {
	if r.paused {
		return fmt.Errorf("the White cell has paused the game")
	}
	if r.phase != PhaseRed || r.redDone[m.Side] {
		return fmt.Errorf("the adversary's plan for this turn is already in")
	}
	if !r.isCaptain(m) && r.online(r.captain[m.Side]) {
		return fmt.Errorf("only your captain (%s) can commit; they can hand the captaincy to you with H", r.captainName(m.Side))
	}
	if err := r.Sess.PlanAdversary(m.Side, actions, bluffs); err != nil {
		return err
	}
	r.captain[m.Side] = m.ID
	r.redDone[m.Side] = true
	r.Sess.SaveDraft() // the plan survives a restart
	r.logf("%s commits %s moves", m.Name, sim.Possessive(r.sideName(m.Side)))
	r.afterRed()
	r.notify()
	return nil
}

// afterRed briefs the turn once every human adversary has planned. Lock held.
func (r *Room) afterRed() {
	for _, a := range r.redWait() {
		if !r.redDone[a] {
			return
		}
	}
	r.brief()
}

// mayCommit says why m may not commit its side now (nil if it may): the
// seat asks before it asks about budget left unspent. Lock held.
func (r *Room) mayCommit(m *Member) error {
	s := r.Sess
	switch {
	case r.paused:
		return fmt.Errorf("the White cell has paused the game")
	case r.phase != PhaseAllies:
		return fmt.Errorf("the turn is not open for allocations")
	case !r.isCaptain(m) && r.online(r.captain[m.Side]):
		return fmt.Errorf("only your captain (%s) can commit; they can hand the captaincy to you with H", r.captainName(m.Side))
	case s.Committed(m.Side):
		return fmt.Errorf("%s has committed already", s.C.Sides[m.Side].Name)
	}
	return nil
}

// commit commits m's side's draft. Lock held.
func (r *Room) commit(m *Member) error {
	s := r.Sess
	if err := r.mayCommit(m); err != nil {
		return err
	}
	if err := s.CheckSide(s.Orders, m.Side); err != nil { // this side's draft only: another's is not ours to see
		return err
	}
	// An event the White cell fired while the captain's "commit?" question
	// was open, which this side decides: committed unanswered, the engine
	// would take its first choice for the team (and the report say the
	// team chose it).
	if open := s.undecided(m.Side); len(open) > 0 {
		return fmt.Errorf("first answer the event “%s”, then commit", sim.Sanitize(s.C.Injects[open[0]].Title, false))
	}
	if !r.isCaptain(m) { // the captain is away: whoever is here commits
		r.captain[m.Side] = m.ID
	}
	s.Commit(m.Side)
	s.SaveDraft()
	r.logf("%s commits %s", m.Name, r.sideName(m.Side))
	if r.allCommitted() {
		r.adjudicate()
	}
	r.notify()
	return nil
}

// staffed returns the sides of sides that someone has joined (online or
// not). A side nobody has joined is not waited for: an adversary nobody
// plays follows its doctrine, an ally nobody plays commits nothing.
func (r *Room) staffed(sides []int) []int {
	var out []int
	for _, s := range sides {
		for _, m := range r.members {
			if m.Side == s {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// redWait returns the adversary sides a turn waits for: those a Red team
// member has joined; or, in the game's first turn while no Red member has
// come yet, every adversary side open to a Red team (the teams are still
// arriving; the timer or the White cell moves on without them). A game
// resumed after its first turn does not wait again for a Red team that may
// never have come (a game without one stood still each time the server
// was restarted). Lock held.
func (r *Room) redWait() []int {
	red := r.Sess.HumanAdversaries()
	if st := r.staffed(red); len(st) > 0 || r.adjudicated > 0 || len(r.Sess.Results) > 0 {
		return st
	}
	return red
}

// allCommitted reports whether every allied side someone plays has
// committed (and someone plays at least one). Lock held.
func (r *Room) allCommitted() bool {
	st := r.staffed(r.Sess.HumanAllies())
	if len(st) == 0 {
		return false
	}
	for _, a := range st {
		if !r.Sess.Committed(a) {
			return false
		}
	}
	return true
}

// adjudicate steps the game and opens the next turn. Lock held.
func (r *Room) adjudicate() {
	s := r.Sess
	rec, err := s.Adjudicate()
	if err != nil {
		r.logf("adjudication refused: %v", err)
		return
	}
	r.logf("%s %d adjudicated", s.C.TurnLabel, rec.Turn)
	r.adjudicated++
	r.markPlayed()
	if e := s.endText(); e != "" {
		r.logf("the game is over: %s", e)
	}
	r.startTurn()
}

// markPlayed records that the members on a side now played it in the
// turn just adjudicated (Member.played), and saves the seats: the report
// reads its teams from them. Lock held.
func (r *Room) markPlayed() {
	n := len(r.Sess.Results)
	for _, m := range r.members {
		if m.Side < 0 || m.Facilitator {
			continue
		}
		if _, ok := m.played[m.Side]; !ok {
			if m.played == nil {
				m.played = map[int]int{}
			}
			m.played[m.Side] = n
		}
	}
	r.saveSeats()
}

// force ends the current phase now, as when the timer runs out: a Red team
// that has not planned leaves the adversary to its doctrine; allied drafts
// are committed as they stand. A draft the engine refuses (a White-cell act
// cut its budget) is cut down to what fits, point by point in lever order;
// every other side's draft stands as it was. Lock held.
func (r *Room) force(why string) {
	s := r.Sess
	switch r.phase {
	case PhaseRed:
		r.logf("%s: the adversary plays by doctrine where the Red team had not committed", why)
		for _, a := range r.redWait() {
			if !r.redDone[a] { // told, as an ally whose draft the timer commits is
				r.tellSide(a, fmt.Sprintf("%s: your plan was not committed, so %s plays by its doctrine this turn", why, r.sideName(a)))
			}
		}
		r.brief()
	case PhaseAllies:
		for _, a := range s.HumanAllies() {
			if err := s.CheckSide(s.Orders, a); err != nil {
				placed, wanted := s.fitDraft(a, s.Orders.Side(a))
				r.logf("%s: %s draft did not fit (%v): cut to %d of its %d points", why, sim.Possessive(r.sideName(a)), err, placed, wanted)
				r.tellSide(a, fmt.Sprintf("%s: your draft did not fit (%v) and was cut to %d of its %d points", why, err, placed, wanted))
			} else if !s.Committed(a) { // a slow team must not read the results as those of a plan it sent
				r.tellSide(a, why+": your draft was committed as it stood")
			}
			s.Commit(a)
		}
		if err := s.Game.Check(s.Orders); err != nil { // not a side's allocation: should not happen
			r.logf("%s: the orders are refused (%v): the allied drafts are emptied", why, err)
			for _, a := range s.HumanAllies() {
				s.Orders.ClearSide(a)
			}
		}
		r.logf("%s: drafts committed as they stood", why)
		r.adjudicate()
	}
	r.notify()
}

// Tick runs the turn timer: when it has run out (and the game is not
// paused), the phase is forced. It reports whether a timer is running, so
// the caller can redraw the countdown.
func (r *Room) Tick() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.paused || r.deadline.IsZero() || r.phase == PhaseOver {
		return false
	}
	if r.clockWaits {
		// The clock starts when the first team sits down: after a
		// --resume too, where the teams kept beside the journal staff
		// their sides while nobody is connected yet.
		if !r.teamOnline() {
			if r.opts.Timer > 0 {
				r.deadline = r.opts.Now().Add(r.opts.Timer)
			}
			return false
		}
		r.clockWaits = false
	}
	if !r.opts.Now().Before(r.deadline) {
		// The report says the timer ran out, and in which phase: a turn
		// with a Red team listed "the turn timer ran out" twice, alike.
		phase := "the allies' allocation"
		if r.phase == PhaseRed {
			phase = "the Red team's planning"
		}
		r.Sess.Act(journal.WhiteCell{Action: journal.ActForce, By: journal.ByTimer, Reason: phase})
		r.force("time is up")
		return true
	}
	r.notify() // the countdown moved
	return true
}

// teamsText lists the teams on side for the console, each marked online
// or offline ("no team yet" if none). Lock held.
func (r *Room) teamsText(side int, st Styles) string {
	var out []string
	for _, m := range r.members {
		if m.Side != side || m.Facilitator {
			continue
		}
		if m.Online {
			out = append(out, m.Name+" "+st.Good.Render("online"))
		} else {
			out = append(out, m.Name+" "+st.Bad.Render("offline"))
		}
	}
	if len(out) == 0 {
		return st.Dim.Render("no team yet")
	}
	return strings.Join(out, ", ")
}

// unsidedText lists the members online on no side, for the console:
// "observing: Projector · choosing a side: Delta" ("" if none). Lock held.
func (r *Room) unsidedText() string {
	var obs, lobby []string
	for _, m := range r.members {
		switch {
		case !m.Online || m.Facilitator:
		case m.Side == -1:
			obs = append(obs, m.Name)
		case m.Side == NoSide:
			lobby = append(lobby, m.Name)
		}
	}
	var parts []string
	if len(obs) > 0 {
		parts = append(parts, "observing: "+strings.Join(obs, ", "))
	}
	if len(lobby) > 0 {
		parts = append(parts, "choosing a side: "+strings.Join(lobby, ", "))
	}
	return strings.Join(parts, " · ")
}

// teamOnline reports whether a team is connected on a side. Lock held.
func (r *Room) teamOnline() bool {
	for _, m := range r.members {
		if m.Online && m.Side >= 0 && !m.Facilitator {
			return true
		}
	}
	return false
}

// ---- the White cell --------------------------------------------------------

// SetPaused pauses or resumes the game. Lock held.
func (r *Room) SetPaused(p bool, by string) {
	if p == r.paused || r.phase == PhaseOver {
		return
	}
	r.paused = p
	if p {
		if !r.deadline.IsZero() {
			r.left = max(r.deadline.Sub(r.opts.Now()), 0)
			r.deadline = time.Time{}
		}
		r.Sess.Act(journal.WhiteCell{Action: "pause", By: by})
		r.logf("White cell: paused")
	} else {
		if r.left > 0 {
			r.deadline = r.opts.Now().Add(r.left)
			r.left = 0
		}
		r.Sess.Act(journal.WhiteCell{Action: "resume", By: by})
		r.logf("White cell: resumed")
	}
	r.notify()
}

// HasTimer reports whether the room has a turn timer (lattice serve
// --turn-timer).
func (r *Room) HasTimer() bool { return r.opts.Timer > 0 }

// ErrNoTimer is Extend's refusal in a room without a turn timer: more time
// there would start a countdown that, run out, plays the Red team's turn
// by doctrine and commits the allies' drafts as they stand.
var ErrNoTimer = errors.New("this game has no turn timer (lattice serve --turn-timer sets one): nothing to add a minute to")

// Extend adds d to the turn timer. A room without one refuses. Lock held.
func (r *Room) Extend(d time.Duration, by string) error {
	if r.phase == PhaseOver {
		return errors.New("the game is over")
	}
	if !r.HasTimer() {
		return ErrNoTimer
	}
	switch {
	case r.paused:
		r.left += d
	case r.deadline.IsZero():
		r.deadline = r.opts.Now().Add(d)
	default:
		r.deadline = r.deadline.Add(d)
	}
	r.Sess.Act(journal.WhiteCell{Action: "timer", Seconds: int(d / time.Second), By: by})
	r.logf("White cell: +%s on the timer", d)
	r.notify()
	return nil
}

// Force ends the phase now (the White cell's "adjudicate now"). Lock held.
func (r *Room) Force(by string) {
	if r.phase == PhaseOver {
		return
	}
	r.Sess.Act(journal.WhiteCell{Action: journal.ActForce, By: by})
	r.force("White cell")
}

// Act applies a White-cell intervention (inject, metric, roll, budget) to the
// briefed turn, journals it and tells everyone. Lock held.
func (r *Room) Act(w journal.WhiteCell) error {
	switch r.phase {
	case PhaseOver:
		return fmt.Errorf("the game is over")
	case PhaseRed:
		return fmt.Errorf("wait until the turn is briefed (the Red team is still planning; f moves on)")
	}
	if err := r.Sess.Act(w); err != nil {
		return err
	}
	r.logf("White cell: %s", r.Sess.Acts[len(r.Sess.Acts)-1])
	if n := r.Sess.notice(w); n != "" {
		r.noticeSeq++
		r.notice, r.noticeAt = n, r.noticeSeq
		r.told = append(r.told, n)
	}
	r.reopenAfterAct()
	return nil
}

// UndoAct takes back the White cell's last act of the turn that changes
// the game (Session.UndoAct), and tells every seat. Lock held.
func (r *Room) UndoAct(reason, by string) error {
	if r.phase != PhaseAllies {
		return errors.New("not now: the White cell's acts of a turn are taken back while the allies allocate")
	}
	line, err := r.Sess.UndoAct(reason, by)
	if err != nil {
		return err
	}
	r.logf("White cell: %s", line)
	r.noticeSeq++
	r.notice, r.noticeAt = "the White cell: "+line, r.noticeSeq
	r.told = append(r.told, r.notice)
	r.reopenAfterAct()
	return nil
}

// reopenAfterAct re-opens the committed drafts a White-cell act (or its
// undo) has left unfit or with an event to answer, tells their sides, and
// redraws every seat. Lock held.
func (r *Room) reopenAfterAct() {
	// An act may leave a committed draft over its side's budget (or on a
	// lever now locked): that side plays again, and only it is told why.
	reopened := false
	for _, u := range r.Sess.ReopenUnfit() {
		r.logf("White cell: %s committed draft no longer fits (%v): it is open again", sim.Possessive(r.sideName(u.Side)), u.Err)
		r.tellSide(u.Side, fmt.Sprintf("your committed draft no longer fits (%v): change it and commit again", u.Err))
		reopened = true
	}
	// An inject fired after its deciding side committed is that side's to
	// answer, not the engine's default's: its commit is undone.
	for _, u := range r.Sess.ReopenUndecided() {
		var titles []string
		for _, i := range u.Injects {
			titles = append(titles, sim.Sanitize(r.Sess.C.Injects[i].Title, false))
		}
		what := strings.Join(titles, ", ")
		r.logf("White cell: %s decides %s: its commit is undone until it answers", r.sideName(u.Side), what)
		// The notice to all names the inject already: said twice, the
		// line was cut off at 100 columns.
		r.tellSide(u.Side, "your commit is undone: that event is yours to decide; answer it, then commit again")
		reopened = true
	}
	if reopened {
		r.Sess.SaveDraft() // a restart must not bring the undone commits back
	}
	r.notify()
}

// GiveSide gives the allied side to the computer (policy, a built-in
// policy's name) or back to the teams (""), as Session.GiveSide, and says
// so on every seat. A side is given to the computer only while none of its
// team is connected: its team, gone, goes back to the lobby, and may take
// another allied side or the observer seat when it returns, or this one
// once the White cell gives it back. If every other side someone plays
// has committed, the turn is adjudicated. Lock held.
func (r *Room) GiveSide(side int, policy, reason, by string) error {
	if r.phase == PhaseOver {
		return errors.New("the game is over")
	}
	if err := r.mayGive(side, policy); err != nil {
		return err
	}
	if err := r.Sess.GiveSide(side, policy, reason, by); err != nil {
		return err
	}
	line := r.Sess.Acts[len(r.Sess.Acts)-1]
	r.logf("White cell: %s", line)
	r.noticeSeq++
	r.notice, r.noticeAt = "the White cell: "+line, r.noticeSeq
	r.told = append(r.told, r.notice)
	if policy != "" {
		for _, m := range r.members {
			if m.Side == side {
				m.Side, m.camp = NoSide, campAllies // it has seen the allies' plans
				m.Given, m.GivenReason = r.sideName(side), strings.TrimSpace(sim.Sanitize(reason, false))
			}
		}
		r.captain[side] = -1
		r.saveSeats()
		if r.phase == PhaseAllies && r.allCommitted() {
			r.adjudicate()
		}
	} else {
		// Its teams have it again, as they had it: its code is asked of
		// any other team, as before it was given (given back, it was
		// "nobody yet", open to any allied team without the code, and its
		// teams forgotten). A team that chose another side since is not
		// moved back (choosing cleared its Given); one in the lobby or the
		// observer seat, as the lobby told it it might be, is: its seat
		// goes to the side's screens, and it is told why (left observing,
		// it read "commits nothing · no team yet" beside the turn that
		// waited for it, and had to reconnect to take the side again).
		back := false
		for _, m := range r.members {
			if m.Given == r.sideName(side) {
				m.Given, m.GivenReason = "", ""
				if m.Side == NoSide || m.Side == -1 {
					m.Side, back = side, true
					r.logf("%s plays %s again", m.Name, r.sideName(side))
					if m.Online && r.captaincyOpen(side) {
						r.captain[side] = m.ID
					}
				}
			}
		}
		if back {
			r.tellSide(side, fmt.Sprintf("the White cell gave %s back to your team: you play it again", r.sideName(side)))
		}
		r.saveSeats()
	}
	r.Sess.SaveDraft()
	r.notify()
	return nil
}

// mayGive says why side may not go to the computer (policy != "") now:
// a team of it is still connected. Lock held.
func (r *Room) mayGive(side int, policy string) error {
	if policy == "" {
		return nil
	}
	var on []string
	for _, m := range r.members {
		if m.Side == side && m.Online {
			on = append(on, m.Name)
		}
	}
	if len(on) == 0 {
		return nil
	}
	return fmt.Errorf("%s still at %s: the side goes to the computer once no team is connected to it (they quit with q)",
		strings.Join(on, " and ")+map[bool]string{true: " is", false: " are"}[len(on) == 1], r.sideName(side))
}

// tellSide gives a notice to side's seats only. Lock held.
func (r *Room) tellSide(side int, msg string) {
	r.noticeSeq++
	r.sideNotice[side], r.sideNoticeAt[side] = msg, r.noticeSeq
}

// noticesSince returns the notices given after seen (a noticeSeq) that a
// seat of side should show, joined ("" if none).
func (r *Room) noticesSince(seen, side int) string {
	var out []string
	// The side's own word first: it is what its team has to act on ("your
	// committed draft no longer fits…: change it and commit again"), and
	// the notice line is cut at two lines, which the White cell's act and
	// its reason often fill at 80 columns.
	if side >= 0 && side < len(r.sideNoticeAt) && r.sideNoticeAt[side] > seen {
		out = append(out, r.sideNotice[side])
	}
	if r.noticeAt > seen {
		out = append(out, r.notice)
	}
	return strings.Join(out, noticeSep)
}

// noticeSep stands between two notices on one screen.
const noticeSep = " · "

// Rollback undoes the last adjudicated turn and reopens it. Lock held.
func (r *Room) Rollback(reason, by string) error {
	if err := r.Sess.Rollback(reason, by); err != nil {
		return err
	}
	r.logf("White cell: rolled back to %s %d (%s)", r.Sess.C.TurnLabel, r.Sess.Game.Turn(), reason)
	// A member away now has read results the rollback took back: counted
	// as read, the turn played again would not be shown when it returns
	// (an open seat's count is cut as it follows the room, seatSync).
	for _, m := range r.members {
		m.results = min(m.results, len(r.Sess.Results))
		// A side first played in the turn undone was not played.
		maps.DeleteFunc(m.played, func(_, first int) bool { return first > len(r.Sess.Results) })
	}
	r.saveSeats()
	r.startTurn()
	// Told on the screens of teams waiting, the observer seat, a team that
	// comes back, as other acts are: startTurn cleared the turn's notices,
	// and the rollback's reason went at the next key.
	r.told = append(r.told, r.Sess.rollbackNotice())
	r.notify()
	return nil
}

// End ends the game now. Lock held.
func (r *Room) End(reason, by string) error {
	if err := r.Sess.Stop(reason, by); err != nil {
		return err
	}
	r.phase = PhaseOver
	r.deadline, r.left = time.Time{}, 0
	r.logf("White cell: ended the game (%s)", reason)
	r.notify()
	return nil
}

// Waiting names the sides the turn is waiting for, with their captains.
// Lock held.
func (r *Room) Waiting() []string {
	var out []string
	for _, side := range r.waitingSides() {
		out = append(out, r.sideAndCaptain(side))
	}
	return out
}

// sideAndCaptain names side with its captain: "South Korea (Alpha)", or
// "(nobody yet)". Lock held.
func (r *Room) sideAndCaptain(side int) string {
	n := sim.Sanitize(r.Sess.C.Sides[side].Name, false)
	if cp := r.captainName(side); cp != "" {
		return n + " (" + cp + ")"
	}
	return n + " (nobody yet)"
}

// waitingSides lists the sides the turn is waiting for. Lock held.
func (r *Room) waitingSides() []int {
	s := r.Sess
	var out []int
	switch r.phase {
	case PhaseRed:
		for _, a := range r.redWait() {
			if !r.redDone[a] {
				out = append(out, a)
			}
		}
	case PhaseAllies:
		for _, a := range r.staffed(s.HumanAllies()) {
			if !s.Committed(a) {
				out = append(out, a)
			}
		}
	}
	return out
}

// ---- seats across a restart ------------------------------------------------

// seatsFile is the room's membership, kept beside the game's journal so
// that after `lattice serve --resume` a returning team (same key, or same
// name without one) gets its side and captaincy back.
type seatsFile struct {
	Code      string            `json:"code,omitempty"`       // the room's join code, kept across a restart
	SideCodes map[string]string `json:"side_codes,omitempty"` // by side id: the code a second team needs
	Members   []seatRecord      `json:"members"`
	// PlayedKept: the members' Played are recorded. A file written before
	// they were has none, and every team on a side is taken to have
	// played it (as the report then read it).
	PlayedKept bool `json:"played_kept,omitempty"`
}

type seatRecord struct {
	Name        string `json:"name"`
	Side        string `json:"side,omitempty"` // side id; "observer"; "" before choosing
	Key         string `json:"key,omitempty"`
	Facilitator bool   `json:"facilitator,omitempty"`
	Captain     bool   `json:"captain,omitempty"`
	// Camp is the camp whose plans the member has seen on a side it left
	// ("allies" or "adversary"), which it may not leave (Unseat).
	Camp string `json:"camp,omitempty"`
	// Given (a side id) and GivenReason: the side the White cell gave to
	// the computer while the member played it (Member.Given), so that a
	// restart does not lose what the member is told when it comes back.
	Given       string `json:"given,omitempty"`
	GivenReason string `json:"given_reason,omitempty"`
	// Played: by side id, the first turn (a count of results) the member
	// played that side in, one adjudicated while it was on it
	// (Member.played).
	Played map[string]int `json:"played,omitempty"`
}

// campNames are the seats file's words for the camps.
var campNames = map[int8]string{campAllies: "allies", campAdversary: "adversary"}

// SeatsPath is where a journal's room membership is kept.
func SeatsPath(journalPath string) string { return journalPath + ".seats" }

// saveSeats writes the membership atomically (lock held). A failure is
// logged: the game goes on, only the memory of who sat where is at risk.
func (r *Room) saveSeats() {
	p := r.Sess.JournalPath
	if p == "" {
		return
	}
	c := r.Sess.C
	f := seatsFile{Code: r.opts.Code, SideCodes: map[string]string{}, PlayedKept: true}
	for s, code := range r.sideCodes {
		f.SideCodes[c.Sides[s].ID] = code
	}
	for _, m := range r.members {
		rec := seatRecord{Name: m.Name, Key: m.Key, Facilitator: m.Facilitator, Camp: campNames[m.camp]}
		for s := range c.Sides { // by id in the file, as its sides are
			if m.Given != "" && r.sideName(s) == m.Given {
				rec.Given, rec.GivenReason = c.Sides[s].ID, m.GivenReason
			}
			if first, ok := m.played[s]; ok {
				if rec.Played == nil {
					rec.Played = map[string]int{}
				}
				rec.Played[c.Sides[s].ID] = first
			}
		}
		switch {
		case m.Side >= 0:
			rec.Side = c.Sides[m.Side].ID
			rec.Captain = r.captain[m.Side] == m.ID
		case m.Side == -1:
			rec.Side = "observer"
		}
		f.Members = append(f.Members, rec)
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err == nil {
		err = safefile.WriteFile(SeatsPath(p), append(data, '\n'), 0o600)
	}
	if err != nil {
		r.logf("cannot keep the seats beside the journal: %v", err)
	}
}

// loadSeats restores the membership saved beside the journal, everyone
// offline until they come back. Unknown sides are dropped; names are
// cleaned again (the file is not trusted more than a keyboard).
func (r *Room) loadSeats() {
	p := r.Sess.JournalPath
	if p == "" {
		return
	}
	data, err := os.ReadFile(SeatsPath(p))
	if err != nil {
		return
	}
	var f seatsFile
	if json.Unmarshal(data, &f) != nil {
		r.logf("ignored a damaged seats file beside the journal")
		return
	}
	c := r.Sess.C
	for id, code := range f.SideCodes { // the codes teams were told stay good after a restart
		if s := c.SideIndex(id); s >= 0 && validSideCode(code) {
			r.sideCodes[s] = code
		}
	}
	for _, rec := range f.Members {
		if len(r.members) >= MaxMembers {
			break
		}
		r.nextID++
		m := &Member{ID: r.nextID, Name: CleanName(rec.Name), Side: NoSide, Key: rec.Key, Facilitator: rec.Facilitator}
		if s := c.SideIndex(rec.Given); s >= 0 && !c.Sides[s].Adversary && !r.Sess.Human[s] { // still the computer's
			reason := []rune(strings.TrimSpace(sim.Sanitize(rec.GivenReason, false)))
			m.Given, m.GivenReason = r.sideName(s), string(reason[:min(len(reason), maxReason)])
		}
		for camp, name := range campNames { // (two entries: the one that matches, if any)
			if rec.Camp == name {
				m.camp = camp
			}
		}
		n := len(r.Sess.Results)
		for id, first := range rec.Played {
			if s := c.SideIndex(id); s >= 0 && first >= 1 && first <= n {
				if m.played == nil {
					m.played = map[int]int{}
				}
				m.played[s] = first
			}
		}
		if s := c.SideIndex(rec.Side); !f.PlayedKept && s >= 0 && n > 0 && !rec.Facilitator {
			// Written before the file kept who played: a team on a side
			// once a turn was played is taken to have played it.
			m.played = map[int]int{s: 1}
		}
		switch s := c.SideIndex(rec.Side); {
		case rec.Side == "observer":
			m.Side = -1
		case s >= 0 && r.Sess.Human[s]:
			m.Side, m.seated, m.results = s, true, len(r.Sess.Results)
			if rec.Captain || r.captain[s] < 0 {
				r.captain[s] = m.ID
			}
		}
		r.members = append(r.members, m)
	}
}

// SavedTeams returns the names of the teams that played each side (side
// id → names, nil if there is no seats file), as kept beside a journal by
// the room that played it, for the report: a team played a side if it was
// on it when a turn was adjudicated (it committed for it, or was seated
// while another did). A team that joined during a turn the game never
// adjudicated (the White cell ended it first), or after the game had
// ended, played no part in it; one whose side went to the computer
// played it all the same. A file written before the room kept who played
// lists every team on a side.
func SavedTeams(journalPath string) map[string][]string {
	f, ok := readSeats(journalPath)
	if !ok {
		return nil
	}
	if !f.PlayedKept {
		return JoinedTeams(journalPath)
	}
	out := map[string][]string{}
	for _, m := range f.Members {
		if m.Facilitator {
			continue
		}
		for id := range m.Played {
			out[id] = append(out[id], CleanName(m.Name))
		}
	}
	return out
}

// JoinedTeams returns the names of the teams on each side now (side id →
// names, nil if there is no seats file), played or not, as kept beside a
// journal: a restart's --ai gives the computer only a side no team has
// joined.
func JoinedTeams(journalPath string) map[string][]string {
	f, ok := readSeats(journalPath)
	if !ok {
		return nil
	}
	out := map[string][]string{}
	for _, m := range f.Members {
		if m.Side != "" && m.Side != "observer" && !m.Facilitator {
			out[m.Side] = append(out[m.Side], CleanName(m.Name))
		}
	}
	return out
}

// readSeats reads the seats file beside a journal (ok false: none, or
// damaged).
func readSeats(journalPath string) (f seatsFile, ok bool) {
	data, err := os.ReadFile(SeatsPath(journalPath))
	if err != nil {
		return f, false
	}
	if json.Unmarshal(data, &f) != nil {
		return seatsFile{}, false
	}
	return f, true
}

// SavedCode returns the join code kept beside a journal by the room that
// played it ("" if none), so that a resumed game keeps its code.
func SavedCode(journalPath string) string {
	f, _ := readSeats(journalPath)
	return f.Code
}
