package tui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// A seat is one terminal in a Room: a team playing one side, or the
// observer's projector. It is the same interface as a one-screen game,
// showing only its side's View, with the turn's flow set by the room: the
// side's members share one draft (any of them may edit it, the captain
// commits), the results appear on every seat when the turn is adjudicated.

// seat is the room membership of a Model in seat mode.
type seat struct {
	room   *Room
	me     *Member
	seen   int // turns adjudicated when this seat last looked
	notice int // the room's notices this seat has shown
}

// roomMsg tells a seat that its room changed.
type roomMsg struct{}

// waitRoom waits for the room's next change (nil when unsubscribed).
func waitRoom(ch <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return roomMsg{}
	}
}

// SeatModel is a seat's program model: it holds the room's lock while it
// updates and draws, so every seat sees the room in a consistent state.
type SeatModel struct {
	room *Room
	sub  int
	ch   <-chan struct{}
	m    Model
}

// NewSeat returns the interface for member me (who has chosen a side, or
// the observer seat) in room r. Call Close when the program ends.
func NewSeat(r *Room, me *Member) *SeatModel {
	sub, ch := r.Subscribe()
	r.Lock()
	defer r.Unlock()
	m := Model{dark: true, keys: DefaultKeyMap(), help: New(Options{}).help, dialog: -1}
	m.styles = NewStyles(true)
	m.sess = r.Sess
	m.preview = r.Sess.C.NewOrders()
	m.side = me.Side
	m.seat = &seat{room: r, me: me, seen: len(r.Sess.Results), notice: r.noticeSeq}
	if n := len(r.Sess.Results); n > 0 {
		m.last = &r.Sess.Results[n-1]
	}
	// A newcomer reads the briefing first; a returning member goes straight
	// back to where the turn stands, by the results of a turn adjudicated
	// while it was away (it had no other way to read them).
	m.screen = scrBriefing
	switch {
	case me.seated && me.results < len(r.Sess.Results) && !r.Sess.Over():
		m.screen = scrResults
	case me.seated || r.Sess.Over():
		m.toSeatScreen()
	}
	me.seated, me.results = true, len(r.Sess.Results)
	// The White cell's word this turn, given before this seat opened (it
	// joined late, came back, or the server was restarted): the acts
	// change what the team plays with, and their reasons are said once.
	if n := len(r.told); n > 0 && !r.Sess.Over() {
		m.message = r.told[n-1]
	} else if r.paused && m.message == "" {
		m.message = pausedMsg
	}
	return &SeatModel{room: r, sub: sub, ch: ch, m: m}
}

// Close unsubscribes the seat and marks its member offline.
func (s *SeatModel) Close() {
	s.room.Unsubscribe(s.sub)
	s.room.Leave(s.m.seat.me)
}

// Init asks for the background colour and starts listening to the room.
func (s *SeatModel) Init() tea.Cmd { return tea.Batch(s.m.Init(), waitRoom(s.ch)) }

// Update handles a message under the room's lock.
func (s *SeatModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	defer func() {
		if p := recover(); p != nil {
			s.m.message = fmt.Sprintf("internal error (the game goes on): %v", p)
		}
	}()
	s.room.Lock()
	defer s.room.Unlock()
	if _, ok := msg.(roomMsg); ok {
		s.m.seatSync()
		return s, waitRoom(s.ch)
	}
	if _, ok := msg.(tea.KeyPressMsg); ok {
		// The room may have moved since this seat last drew (a teammate
		// committed, the turn was adjudicated): act on the room as it is.
		s.m.seatSync()
	}
	nm, cmd := s.m.Update(msg)
	s.m = nm.(Model)
	return s, cmd
}

// View draws the seat under the room's lock.
func (s *SeatModel) View() tea.View {
	s.room.Lock()
	defer s.room.Unlock()
	return s.m.View()
}

// Render returns the seat's screen as text (for tests).
func (s *SeatModel) Render() string {
	s.room.Lock()
	defer s.room.Unlock()
	return s.m.render()
}

// seatScreen is the screen the room's state calls for.
func (m *Model) seatScreen() screen {
	r, s := m.seat.room, m.sess
	switch {
	case s.Over() || r.phase == PhaseOver:
		return scrEnd
	case m.side < 0:
		return scrWait
	case r.phase == PhaseRed:
		if s.C.Sides[m.side].Adversary && !r.redDone[m.side] {
			return scrAdversary
		}
	case r.phase == PhaseAllies:
		if !s.C.Sides[m.side].Adversary && !s.Committed(m.side) {
			return scrTurn
		}
	}
	return scrWait
}

// seatSync follows the room: to the results when a turn was adjudicated,
// then to the screen the turn's phase calls for. A seat reading the
// briefing or results stays there until Enter.
func (m *Model) seatSync() {
	st := m.seat
	s := m.sess
	m.side = st.me.Side
	r := st.room
	msg := r.noticesSince(st.notice, m.side)
	if msg != "" {
		m.message = msg // an inject fired or a metric set: say so on every screen; a re-opened draft: on its side's
	} else if !r.paused && m.message == pausedMsg {
		m.message = ""
	} else if r.paused && m.message == "" {
		m.message = pausedMsg // at once, not only when a key is refused
	}
	st.notice = r.noticeSeq
	n := len(s.Results)
	if n < st.seen { // the White cell rolled back
		st.seen, st.me.results = n, min(st.me.results, n)
		m.last = nil
		if n > 0 {
			m.last = &s.Results[n-1]
		}
		m.message = s.rollbackNotice()
		m.toSeatScreen()
		return
	}
	if n > st.seen {
		st.seen = n
		st.me.results = n
		m.last = &s.Results[n-1]
		if msg == "" && !r.paused {
			// A word of the turn before ("the White cell rolled back: …
			// is played again") under these results read as about them.
			m.message = ""
		}
		m.screen = scrResults
		m.scroll, m.dialog, m.redo, m.confirmEnd = 0, -1, nil, false
		return
	}
	if m.screen == scrResults || (m.screen == scrBriefing && !s.Over()) {
		return // reading; enter moves on (from the last results, to the end)
	}
	want := m.seatScreen()
	if want != m.screen {
		if want == scrEnd && msg == "" {
			// A word given before the end ("the White cell rolled back:
			// … is played again") under the end screen read as about it;
			// the end screen says why the game ended.
			m.message = ""
		}
		m.toSeatScreen()
		return
	}
	if m.screen == scrTurn && m.dialog < 0 && !m.confirmEnd {
		m.openDialog() // the White cell may have fired an inject this side answers
	}
	if m.screen == scrAdversary {
		m.loadRedDraft() // a teammate changed the plan
	}
}

// loadRedDraft shows the Red team's shared draft plan.
func (m *Model) loadRedDraft() {
	r := m.seat.room
	m.advReal, m.advBluff = r.redReal[m.side], r.redBluff[m.side]
}

func (m *Model) toSeatScreen() {
	m.screen = m.seatScreen()
	m.scroll = 0
	m.enterSide()
	if m.screen == scrAdversary {
		m.loadRedDraft()
	}
}

// seatKey handles the keys that differ in a seat; handled false leaves
// the key to the ordinary screen handlers.
func (m Model) seatKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	r := m.seat.room
	k := m.keys
	if m.fullHelp {
		// The keys (?) cover the screen: esc closes them as ? does, and
		// no key acts on the screen behind (enter committed the draft).
		if key.Matches(msg, k.Back) {
			m.fullHelp = false
		} else {
			m.message = "? or esc closes the help" // (on the results it is a reading guide too, not only the keys)
		}
		return m, nil, true
	}
	switch m.screen {
	case scrBriefing, scrResults:
		if key.Matches(msg, k.Commit) {
			m.scroll = 0
			m.toSeatScreen()
			return m, nil, true
		}
		return m, nil, false
	case scrEnd:
		return m, nil, false
	case scrWait:
		// Nothing to do but look: ↑/↓ scroll the events and signals (at
		// 80×24 the panel holds a third of them), c opens the charts its
		// key line offers, ? the keys. Every other key is this seat's to
		// ignore.
		switch {
		case key.Matches(msg, k.Up): // (from the end, if the events have shrunk since)
			m.scroll = max(min(m.scroll, m.waitIntelHidden())-1, 0)
		case key.Matches(msg, k.Down):
			m.scroll = min(m.scroll+1, m.waitIntelHidden())
		}
		return m, nil, !key.Matches(msg, k.Charts)
	}
	if r.paused && (m.screen == scrTurn || m.screen == scrAdversary) && !key.Matches(msg, k.Up) && !key.Matches(msg, k.Down) && !key.Matches(msg, k.Tab) && !key.Matches(msg, k.PrevTab) {
		m.message = pausedMsg
		return m, nil, true
	}
	if m.screen == scrTurn && (r.phase != PhaseAllies || m.sess.Committed(m.side)) ||
		m.screen == scrAdversary && (r.phase != PhaseRed || r.redDone[m.side]) {
		m.toSeatScreen() // stale: the side has committed
		return m, nil, true
	}
	if msg.String() == "H" && m.side >= 0 {
		if name, err := r.handOver(m.seat.me); err != nil {
			m.message = err.Error()
		} else {
			m.message = name + " is now the captain and commits for your side"
		}
		return m, nil, true
	}
	return m, nil, false
}

// minNameCells is the fewest columns a team's name is cut to on its
// status line.
const minNameCells = 4

const pausedMsg = "the White cell has paused the game: your draft is kept, and you can look around (↑/↓, tab) until it resumes"

// seatCommit commits the side's draft through the room.
func (m Model) seatCommit() (tea.Model, tea.Cmd) {
	if err := m.seat.room.commit(m.seat.me); err != nil {
		m.message = err.Error()
		if m.screen == scrTurn && m.dialog < 0 {
			m.openDialog() // an event to decide first, if that is why
		}
		return m, nil
	}
	if m.seat.seen == len(m.sess.Results) { // the turn waits for others
		m.toSeatScreen()
	} else {
		m.seatSync() // this commit adjudicated the turn: to the results
	}
	return m, nil
}

// seatPlan commits a Red team's plan through the room.
func (m Model) seatPlan(real, bluffs []int) (tea.Model, tea.Cmd) {
	if err := m.seat.room.planRed(m.seat.me, real, bluffs); err != nil {
		m.message = err.Error()
		return m, nil
	}
	m.toSeatScreen()
	return m, nil
}

// seatStatus is the line above a seat's screen: the room, who you are,
// the timer, what the turn waits for.
func (m Model) seatStatus() string {
	r := m.seat.room
	s := m.styles
	parts := []string{s.Bold.Render(r.opts.Name)}
	if left, ok := r.TimeLeft(); ok {
		// Next to the room's name: at 80 columns the end of the line is
		// cut, and in the last minute a team still planning is told what
		// the timer will do.
		t := fmt.Sprintf("⏱ %d:%02d", int(left/time.Minute), int(left%time.Minute/time.Second))
		if left < 30*time.Second {
			t = s.Bad.Render(t)
		}
		if w := m.timerStakes(); w != "" && left < time.Minute && !r.paused {
			t += s.Warn.Render(": at 0:00 " + w)
		}
		parts = append(parts, t)
	}
	if r.paused {
		// Before the team's name, as the timer: after it, at 80 columns
		// a long name cut it to "PAUSED by …" or off the line.
		parts = append(parts, s.Warn.Render("PAUSED by the White cell"))
	}
	name, captain := m.seat.me.Name, ""
	if r.isCaptain(m.seat.me) {
		captain = " (captain)"
	}
	code := ""
	if side := m.seat.me.Side; side >= 0 && side < len(r.sideCodes) {
		// What another team of this side types to join it (a team cannot
		// join a side someone plays without it).
		code = " · " + s.Dim.Render("side code "+r.sideCodes[side])
	}
	var wait string
	switch {
	case m.screen == scrResults || m.screen == scrBriefing:
		// reading: what the next turn waits for comes after enter
	case r.phase != PhaseOver:
		// The other sides: "waiting for" this seat's own side, first in
		// the list, used up the 80 columns on what its team knew.
		var w []string
		for _, side := range r.waitingSides() {
			if side != m.side {
				w = append(w, r.sideAndCaptain(side))
			}
		}
		if len(w) > 0 {
			wait = s.Dim.Render("waiting for " + strings.Join(w, ", "))
		}
	}
	// The team's name gives way to its side code: the line is cut at the
	// screen's width, and a long name (24 wide characters are 48 columns),
	// or a shorter one while the game is paused, cut the code off at 80
	// columns, where the team's screens are the one place it is shown.
	// With more to come, the cut ("· …") stays clear of the code, which
	// "WUQC…" made read as longer.
	room := m.width - ansi.StringWidth(strings.Join(parts, " · ")+" · "+captain+code)
	if wait != "" {
		room -= ansi.StringWidth(" · …")
	}
	if m.width > 0 && ansi.StringWidth(name) > room {
		name = ansi.Truncate(name, max(room, minNameCells), "…")
	}
	parts = append(parts, name+captain+code)
	if wait != "" {
		parts = append(parts, wait)
	}
	return strings.Join(parts, " · ")
}

// timerStakes says what the turn timer will do to this seat's side when
// it runs out, while the side has not committed ("" if nothing: it has,
// or it has no part in this phase). Lock held.
func (m Model) timerStakes() string {
	r, c := m.seat.room, m.sess.C
	if m.side < 0 || m.side >= len(c.Sides) {
		return ""
	}
	switch adv := c.Sides[m.side].Adversary; {
	case r.phase == PhaseRed && adv && !r.redDone[m.side]:
		return c.Sides[m.side].Name + " plays by its doctrine"
	case r.phase == PhaseAllies && !adv && !m.sess.Committed(m.side):
		return "your draft is committed as it stands"
	}
	return ""
}

// waitView is a seat with nothing to do: the public picture of the game
// while other sides play (and the observer's screen).
func (m Model) waitView() string {
	s := m.styles
	top := m.waitTop()
	// The panels take what the header, the lines above, a notice and the
	// help line leave.
	h := m.waitPanelHeight(top)
	lw, rw := m.waitPanelWidths()
	intel := m.waitIntelLines(rw - 4)
	if inner := h - 2; len(intel) > inner && inner >= 2 {
		// Cut, it hid the signals and last turn's moves without a word.
		at := min(m.scroll, len(intel)-inner)
		below := len(intel) - at - inner
		intel = intel[at : at+inner]
		if below > 0 {
			intel[inner-1] = s.Dim.Render(fmt.Sprintf("↓ %d more lines (↑/↓)", below+1))
		}
	}
	body := joinH(m.panel(m.metricsPanel(lw-4), lw, h, false), m.panel(strings.Join(intel, "\n"), rw, h, false))
	return m.header() + "\n" + top + body
}

// waitTop is the wait screen's lines above its panels: what the turn
// waits for, and the White cell's word this turn.
func (m Model) waitTop() string {
	r := m.seat.room
	s := m.styles
	c := m.sess.C
	var b strings.Builder
	switch {
	case r.phase == PhaseRed:
		b.WriteString(s.Title.Render("The adversary is planning its moves") + "\n")
	case m.side >= 0 && m.sess.Committed(m.side):
		b.WriteString(s.Title.Render(c.Sides[m.side].Name+" has committed") + s.Dim.Render(" — the turn is adjudicated when every side has") + "\n")
	case m.side >= 0 && c.Sides[m.side].Adversary:
		b.WriteString(s.Title.Render("The allies are allocating") + "\n")
	default:
		b.WriteString(s.Title.Render("Observer: public information only") + "\n")
	}
	if w := r.Waiting(); len(w) > 0 {
		// Wrapped: at 80 columns the teams' names cut the last sides off.
		b.WriteString(s.Dim.Render(indentWrap("Waiting for: "+strings.Join(w, ", "), m.width-2, "  ")) + "\n")
	}
	// The White cell's word this turn, whole: the notice line below is
	// cut at two lines, and a long reason is what the class, at the
	// projector or waiting, has time to read. The newest three.
	for _, n := range r.told[max(len(r.told)-3, 0):] {
		b.WriteString(s.Warn.Render(indentWrap("• "+n, m.width-2, "  ")) + "\n")
	}
	return b.String()
}

// waitPanelHeight is the height of the wait screen's panels (borders
// included) below top: what the header, top, a notice and the help line
// leave.
func (m Model) waitPanelHeight(top string) int { return m.height - 3 - strings.Count(top, "\n") }

// waitPanelWidths are the widths of the wait screen's two panels.
func (m Model) waitPanelWidths() (left, right int) { return m.width / 2, m.width - m.width/2 }

// waitIntelLines is the wait screen's intelligence panel, w columns wide,
// line by line.
func (m Model) waitIntelLines(w int) []string {
	return strings.Split(strings.TrimRight(m.intelPanel(w), "\n"), "\n")
}

// waitIntelHidden is how far the wait screen's intelligence panel
// scrolls: its lines that do not fit, the hint line's included.
func (m Model) waitIntelHidden() int {
	_, rw := m.waitPanelWidths()
	return max(len(m.waitIntelLines(rw-4))-(m.waitPanelHeight(m.waitTop())-2), 0)
}
