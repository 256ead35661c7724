package tui

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/sim/report"
	"lattice/sim/safefile"
)

// The White-cell console: the facilitator's view of a game and the acts
// that steer it. It shows every side's draft and commits (or hides the
// drafts until every side has committed, at a shared hotseat screen),
// the adversary's real moves, and offers: pause and resume, more time,
// adjudicate now, fire any inject, set a metric, decide a move's outcome,
// set an allied side's budget, give an allied side to the computer or back
// to the teams, roll back the last turn, end the game, and write the
// after-action report. Every act is journalled (Session.Act and friends).
//
// The console works on a cell: a Room (lattice serve) or the one-screen
// hotseat session (lattice play --hotseat --white-cell).

// cell is what the console steers. Its methods are called with any lock
// the cell needs held.
type cell interface {
	session() *Session
	title() string
	act(w journal.WhiteCell) error
	// give gives an allied side to the computer, to play with the
	// built-in policy named policy, or ("") back to the teams.
	give(side int, policy, reason, by string) error
	// undo takes back the White cell's last act of the turn.
	undo(reason, by string) error
	rollback(reason, by string) error
	end(reason, by string) error
	// Timer and pace; timed reports whether they apply at all.
	timed() bool
	setPaused(p bool, by string)
	paused() bool
	extend(d time.Duration, by string) error
	force(by string)
	timeLeft() (time.Duration, bool)
	waiting() []string
	draftsVisible() bool
	shared() bool // the console is on the teams' own screen (a hotseat)
	log() []string
	phaseText() string
	// unplayed reports whether side is a team's that no team has joined:
	// it answers nothing, and an inject it decides takes its first choice.
	unplayed(side int) bool
}

// roomCell is a Room as the console steers it.
type roomCell struct{ r *Room }

func (c roomCell) session() *Session { return c.r.Sess }
func (c roomCell) title() string {
	t := c.r.opts.Name
	if c.r.opts.Code != "" {
		t += " (code " + c.r.opts.Code + ")"
	}
	return t
}
func (c roomCell) act(w journal.WhiteCell) error { return c.r.Act(w) }
func (c roomCell) give(side int, policy, reason, by string) error {
	return c.r.GiveSide(side, policy, reason, by)
}
func (c roomCell) undo(reason, by string) error { return c.r.UndoAct(reason, by) }
func (c roomCell) unplayed(side int) bool {
	return c.r.Sess.Human[side] && len(c.r.staffed([]int{side})) == 0
}
func (c roomCell) rollback(reason, by string) error        { return c.r.Rollback(reason, by) }
func (c roomCell) end(reason, by string) error             { return c.r.End(reason, by) }
func (c roomCell) timed() bool                             { return true }
func (c roomCell) setPaused(p bool, by string)             { c.r.SetPaused(p, by) }
func (c roomCell) paused() bool                            { return c.r.paused }
func (c roomCell) extend(d time.Duration, by string) error { return c.r.Extend(d, by) }
func (c roomCell) force(by string)                         { c.r.Force(by) }
func (c roomCell) timeLeft() (time.Duration, bool)         { return c.r.TimeLeft() }
func (c roomCell) waiting() []string                       { return c.r.Waiting() }
func (c roomCell) draftsVisible() bool                     { return true }
func (c roomCell) shared() bool                            { return false }
func (c roomCell) log() []string                           { return c.r.Log }
func (c roomCell) phaseText() string {
	// The timer stood still at its full time until a team sat down, and
	// read as broken: said why.
	waits := ""
	if c.r.clockWaits && c.r.HasTimer() && !c.r.paused {
		waits = " · the timer starts when a team joins a side"
	}
	switch c.r.phase {
	case PhaseRed:
		if len(c.r.staffed(c.r.Sess.HumanAdversaries())) == 0 {
			// The first turn waits for a Red team to arrive; with none
			// (and no timer) the class sat before an unbriefed turn
			// until the White cell thought of f.
			return "waiting for a Red team to join (no one has yet): f briefs the turn, the adversary playing by its doctrine" + waits
		}
		return "the Red team is planning (the turn is not briefed yet)" + waits
	case PhaseAllies:
		return "briefed: the allies are allocating" + waits
	}
	return c.r.Sess.overText()
}

// hotseatCell is the one-screen game: no timer, and the drafts stay hidden
// until every side has committed, since the players share the screen.
type hotseatCell struct{ s *Session }

func (c hotseatCell) session() *Session             { return c.s }
func (c hotseatCell) act(w journal.WhiteCell) error { return c.s.Act(w) }
func (c hotseatCell) give(side int, policy, reason, by string) error {
	return c.s.GiveSide(side, policy, reason, by)
}
func (c hotseatCell) undo(reason, by string) error {
	_, err := c.s.UndoAct(reason, by)
	return err
}
func (c hotseatCell) rollback(reason, by string) error { return c.s.Rollback(reason, by) }
func (c hotseatCell) end(reason, by string) error      { return c.s.Stop(reason, by) }
func (c hotseatCell) timed() bool                      { return false }
func (c hotseatCell) setPaused(bool, string)           {}
func (c hotseatCell) paused() bool                     { return false }
func (c hotseatCell) extend(time.Duration, string) error {
	return errors.New("a hotseat game has no timer")
}
func (c hotseatCell) force(string)                    {}
func (c hotseatCell) timeLeft() (time.Duration, bool) { return 0, false }
func (c hotseatCell) title() string {
	if c.s.Hotseat() {
		return "Hotseat"
	}
	return "Solo" // one person at the screen (--white-cell in a solo game)
}
func (c hotseatCell) waiting() []string {
	var out []string
	for _, a := range c.s.HumanAllies() {
		if !c.s.Committed(a) {
			out = append(out, c.s.C.Sides[a].Name)
		}
	}
	return out
}
func (c hotseatCell) draftsVisible() bool { return c.s.AllCommitted() }
func (c hotseatCell) shared() bool        { return c.s.Hotseat() }
func (c hotseatCell) unplayed(int) bool   { return false } // every team is at the screen

// log leaves out the current turn's decided moves while the drafts are
// hidden: they would tell the teams at the screen which signals are real.
func (c hotseatCell) log() []string {
	if c.draftsVisible() {
		return c.s.Acts
	}
	hide := fmt.Sprintf("%s %d: decided ", c.s.C.TurnLabel, c.s.Game.Turn())
	var out []string
	for _, a := range c.s.Acts {
		if strings.HasPrefix(a, hide) {
			a = fmt.Sprintf("%s %d: decided a move's outcome (hidden until the turn is adjudicated)", c.s.C.TurnLabel, c.s.Game.Turn())
		}
		out = append(out, a)
	}
	return out
}
func (c hotseatCell) phaseText() string {
	switch {
	case c.s.Over():
		return c.s.overText()
	case c.s.Game.Briefed():
		return "briefed: the allies are allocating"
	}
	return "between turns (the next turn is not briefed yet)"
}

// console is the console's state; a component of ConsoleModel and of the
// hotseat Model.
type console struct {
	by     string // who acts, for the journal
	mode   conMode
	sel    int    // selection in a list
	input  string // the text being typed
	target int    // the inject, metric, action or side chosen
	succ   bool   // roll: the outcome chosen
	value  string // metric, budget: the value typed; end: the reason typed
	msg    string // the last outcome, shown until the next key or the game moves on
	err    bool
	msgAt  moment // where the game stood when msg was said
	// told holds the acts taken that the teams are told of, with what
	// they are told (Session.notice), until the hotseat shows them (a
	// server's Room tells its seats itself and clears them).
	told []toldAct
	// began is where the game stood when the act in progress began (the
	// last key on the console's main screen).
	began moment
	// lift, at a server, lets the addresses locked out for wrong join
	// codes try again now, and says which it let (the l key; nil: none).
	lift func(by string) string
}

// moment is where a game stands: its turn, the turns played, whether the
// turn is briefed, whether it is over.
type moment struct {
	turn, played  int
	briefed, over bool
}

func momentOf(s *Session) moment {
	return moment{s.Game.Turn(), len(s.Results), s.Game.Briefed(), s.Over()}
}

// movedOn refuses the act in progress if the game has moved on since it
// began, and says so. On a server the game does not wait for the White
// cell: the timer ran out, or the last team committed, while a reason was
// typed, and the act confirmed then landed on another turn or phase than
// the one chosen (a rollback of the turn just played, a move decided for
// the next turn, "brief the turn now?" adjudicating the allies' drafts).
func (k *console) movedOn(s *Session) bool {
	if momentOf(s) == k.began {
		return false
	}
	if s.Over() { // ended from another console, or by the teams' last turn
		why := ""
		if e := s.endText(); e != "" {
			why = " (" + e + ")"
		}
		k.done("", fmt.Errorf("nothing was done: the game ended while you were choosing%s; r writes the after-action report", why))
		return true
	}
	k.done("", fmt.Errorf("nothing was done: the game moved on while you were choosing (now %s %d, %s); look again, and act again if you still mean to",
		strings.ToLower(s.C.TurnLabel), s.Game.Turn(), map[bool]string{true: "briefed", false: "not briefed yet"}[s.Game.Briefed()]))
	return true
}

// toldAct is an act the teams are told of: w as taken, and the notice.
type toldAct struct {
	w      journal.WhiteCell
	notice string
}

type conMode int

const (
	conMain conMode = iota
	conInject
	conMetric
	conValue
	conMove
	conReason
	conConfirmForce
	conConfirmReveal
	conConfirmResults   // v at a shared screen: the results through no side's fog are shown after a y
	conConfirmMetricEnd // the metric's new value meets an end condition
	conHelp             // ? : the console's keys
	conBudget           // b: which allied side's budget
	conBudgetValue      // its new base budget
	conConfirmEnd       // the reason is typed: end the game now? (y)
	conGive             // a: which allied side to give to the computer, or back
	conGivePolicy       // the policy the computer plays it with
	conResults          // v: the last turn's results, the whole truth (sel: the line at the top)
	conLog              // h: the whole log, newest at the bottom (sel: the line at the top)
)

// scrollEnd is a scroll position past the end of any text: the view
// stops it at the last page. Keys move it before the view draws it (a
// terminal too small to draw takes them too), and they stop at it, so it
// cannot overflow.
const scrollEnd = 1 << 30

// pending act kinds while asking for a reason.
const (
	reasonInject = iota + 1
	reasonMetric
	reasonRoll
	reasonRollback
	reasonEnd
	reasonBudget
	reasonGive
	reasonUndo
)

// maxReason is the longest reason kept (in runes).
const maxReason = 200

// reasonFor is what the reason is asked for (target kind), kept in sel
// while in conReason.
func (k *console) ask(kind int) {
	k.mode, k.sel, k.input = conReason, kind, ""
}

func (k *console) done(msg string, err error) {
	k.mode, k.sel, k.input = conMain, 0, ""
	if err != nil {
		k.msg, k.err = err.Error(), true
		return
	}
	k.msg, k.err = msg, false
}

// firedThisTurn marks, by inject, those fired in the briefed turn (by its
// schedule, its trigger or the White cell): the engine fires each once a
// turn. Nothing is marked before the turn is briefed.
func firedThisTurn(g *sim.Game) []bool {
	fired := make([]bool, len(g.Compiled().Injects))
	if g.Briefed() {
		for _, f := range g.Brief().Injects { // a briefed turn's Brief changes nothing
			fired[f.Inject] = true
		}
	}
	return fired
}

// editable metrics: the ones the White cell may set (not derived).
func editableMetrics(c *sim.Compiled) []int {
	var out []int
	for m := range c.Metrics {
		if !c.Metrics[m].Derived {
			out = append(out, m)
		}
	}
	return out
}

// key handles a key. It reports whether the console wants to close
// (Esc on its main screen, for the hotseat overlay).
func (k *console) key(cl cell, msg tea.KeyPressMsg) (closeIt bool) {
	defer func() { k.msgAt = momentOf(cl.session()) }()
	return k.keyOf(cl, msg)
}

// keyOf is key, without noting when its outcome was said.
func (k *console) keyOf(cl cell, msg tea.KeyPressMsg) (closeIt bool) {
	s := cl.session()
	c := s.C
	ks := msg.String()
	if k.mode == conResults && (ks == "esc" || ks == "v") || k.mode == conLog && (ks == "esc" || ks == "h") {
		k.done("", nil)
		return false
	}
	if k.mode != conMain && ks == "esc" {
		k.done("cancelled", nil)
		return false
	}
	k.msg = ""
	if k.mode == conMain {
		k.began = momentOf(s)
	}
	list := func(n int) {
		switch ks {
		case "up", "k":
			k.sel = (k.sel + n - 1) % max(n, 1)
		case "down", "j":
			k.sel = (k.sel + 1) % max(n, 1)
		}
	}
	switch k.mode {
	case conMain:
		if s.Over() && strings.Contains("p+fimobaz", ks) && ks != "" {
			k.done("", errors.New("the game is over: u "+undoWhat(s)+", r writes the report"))
			break
		}
		switch ks {
		case "esc":
			return true
		case "?":
			k.mode = conHelp
		case "h":
			if len(cl.log()) == 0 {
				k.done("", errors.New("nothing is logged yet: h shows the log"))
				break
			}
			k.mode, k.sel = conLog, scrollEnd // the view stops it at the last page: the newest
		case "v":
			if len(s.Results) == 0 {
				k.done("", errors.New("no turn has been played yet: v shows the last turn's results"))
				break
			}
			k.mode, k.sel = conResults, 0
			if cl.shared() { // as o asks: every side's hidden levers follow, on the teams' screen
				k.mode = conConfirmResults
			}
		case "p":
			if !cl.timed() {
				k.done("", errors.New("a hotseat game has no timer to pause"))
				break
			}
			cl.setPaused(!cl.paused(), k.by)
		case "+", "=":
			if !cl.timed() {
				k.done("", errors.New("a hotseat game has no timer"))
				break
			}
			k.done("one more minute on the timer", cl.extend(time.Minute, k.by))
		case "f":
			if !cl.timed() {
				k.done("", errors.New("at a hotseat screen every side commits in turn"))
				break
			}
			k.mode = conConfirmForce
		case "i", "m", "b":
			// Refused before the list and the reason, not after: the
			// engine takes injects, set metrics and budgets only in a
			// briefed turn.
			if !s.Game.Briefed() {
				k.done("", errors.New("not yet: the White cell fires injects, sets metrics and budgets once the turn is briefed, while the allies allocate"))
				break
			}
			k.mode, k.sel = map[string]conMode{"i": conInject, "m": conMetric, "b": conBudget}[ks], 0
		case "a":
			k.mode, k.sel = conGive, 0
		case "z":
			if s.Undoable() == "" {
				k.done("", errors.New("no act of this turn to take back: z takes back the White cell's last inject, metric, move's outcome or budget of the turn"))
				break
			}
			k.ask(reasonUndo)
		case "o":
			if len(s.Game.RealMoves()) == 0 {
				k.done("", errors.New("no real adversary move this turn (or the turn is not briefed yet)"))
				break
			}
			k.mode, k.sel = conMove, 0
			if !cl.draftsVisible() {
				k.mode = conConfirmReveal
			}
		case "u":
			if len(s.Results) == 0 {
				k.done("", errors.New("no turn has been adjudicated yet"))
				break
			}
			k.ask(reasonRollback)
		case "e":
			if s.Over() {
				k.done("", errors.New("the game is over already"))
				break
			}
			k.ask(reasonEnd)
		case "r":
			over := s.Over()
			paths, note, err := s.writeReport()
			what := "after-action report written:"
			if !over {
				what = "mid-game White-cell report written (every draft and the truth about the signals: not for the teams):"
			}
			// Each path on a line of its own, to be copied whole: run on
			// after the words, they broke at their hyphens.
			k.done(what+"\n  "+strings.Join(paths, "\n  ")+withNote(note), err)
		}
	case conConfirmForce:
		switch {
		case ks != "y" && ks != "enter":
			k.done("cancelled", nil)
		case !k.movedOn(s):
			cl.force(k.by)
			k.done("moved on: the phase ended now", nil)
		}
	case conConfirmEnd:
		if ks == "y" {
			if !k.movedOn(s) {
				k.end(cl, k.value)
			}
		} else {
			k.done("cancelled: the game goes on", nil)
		}
	case conConfirmReveal:
		if ks == "y" {
			k.mode, k.sel = conMove, 0
		} else {
			k.done("cancelled", nil)
		}
	case conConfirmResults:
		if ks == "y" {
			k.mode, k.sel = conResults, 0
		} else {
			k.done("cancelled", nil)
		}
	case conHelp:
		k.done("", nil) // any key closes it
	case conResults, conLog:
		switch ks {
		case "up", "k":
			k.sel = max(k.sel-1, 0)
		case "down", "j":
			k.sel = min(k.sel+1, scrollEnd) // the view stops it at the last page
		case "pgup":
			k.sel = max(k.sel-10, 0)
		case "pgdown", "space":
			k.sel = min(k.sel+10, scrollEnd)
		case "home", "g":
			k.sel = 0
		}
	case conConfirmMetricEnd:
		if ks == "y" {
			k.ask(reasonMetric)
		} else {
			k.done("cancelled: "+c.Metrics[k.target].Name+" is unchanged", nil)
		}
	case conInject:
		list(len(c.Injects))
		if ks == "enter" && len(c.Injects) > 0 {
			if firedThisTurn(s.Game)[k.sel] {
				// Refused before the reason is typed, not after (in the
				// engine's words, by id: "inject "survey_ship": inject
				// survey_ship has already fired this turn").
				k.msg, k.err = fmt.Sprintf("%s has fired this %s already: an inject fires once a %s", sim.Sanitize(c.Injects[k.sel].Title, false), strings.ToLower(c.TurnLabel), strings.ToLower(c.TurnLabel)), true
				break
			}
			k.target = k.sel
			k.ask(reasonInject)
		}
	case conMetric:
		ms := editableMetrics(c)
		list(len(ms))
		if ks == "enter" && len(ms) > 0 {
			k.target = ms[k.sel]
			k.mode, k.input = conValue, ""
		}
	case conBudget:
		allies := c.Alliance()
		list(len(allies))
		if ks == "enter" && len(allies) > 0 {
			k.target = allies[k.sel]
			k.mode, k.input = conBudgetValue, ""
		}
	case conGive:
		allies := c.Alliance()
		list(len(allies))
		if ks == "enter" && len(allies) > 0 {
			side := allies[k.sel]
			name := sim.Sanitize(c.Sides[side].Name, false)
			switch {
			case !s.ByTeams(side):
				k.msg, k.err = name+" has been the computer's since the game began: it stays so", true
			case s.Human[side]:
				// Refused before the policy and the reason are asked for,
				// not after them.
				if rc, ok := cl.(roomCell); ok {
					if err := rc.r.mayGive(side, "balanced"); err != nil {
						k.msg, k.err = err.Error(), true
						break
					}
				}
				k.target, k.value = side, ""
				k.mode, k.sel = conGivePolicy, 0
			default:
				k.target, k.value = side, ""
				k.ask(reasonGive)
			}
		}
	case conGivePolicy:
		list(len(givePolicies))
		if ks == "enter" {
			k.value = givePolicies[k.sel]
			k.ask(reasonGive)
		}
	case conBudgetValue:
		switch {
		case ks == "enter":
			v, err := sim.ParseFix(k.input)
			if err != nil || k.input == "" {
				k.msg, k.err = "type a number of points, e.g. 8 or 7.5", true
				break
			}
			if v < 0 || v > sim.FixInt(sim.MaxBudget) {
				k.msg, k.err = fmt.Sprintf("a base budget is from 0 to %d points a %s", sim.MaxBudget, strings.ToLower(c.TurnLabel)), true
				break
			}
			k.value = k.input
			k.ask(reasonBudget)
		default:
			k.typeNumber(ks, msg.Text, false)
		}
	case conValue:
		switch {
		case ks == "enter":
			v, err := sim.ParseFix(k.input)
			if err != nil || k.input == "" {
				k.msg, k.err = "type a number, e.g. 45 or 0.6", true
				break
			}
			if mi := &c.Metrics[k.target]; v < mi.Min || v > mi.Max {
				k.msg, k.err = fmt.Sprintf("%s stays within %s..%s", mi.Name, mi.Min.Format(2), mi.Max.Format(2)), true
				break
			}
			k.value = k.input
			if endWarning(s, k.target, v) != "" {
				k.mode = conConfirmMetricEnd // asked before the reason is typed
				break
			}
			k.ask(reasonMetric)
		default:
			k.typeNumber(ks, msg.Text, true)
		}
	case conMove:
		moves := s.Game.RealMoves()
		list(len(moves))
		if (ks == "s" || ks == "f") && len(moves) > 0 {
			k.target, k.succ = moves[k.sel], ks == "s"
			k.ask(reasonRoll)
		}
	case conReason:
		switch {
		case ks == "enter":
			k.apply(cl)
		case ks == "backspace":
			k.input = trimLast(k.input)
		case ks == "tab":
			// A key with no text: "answer\ttoday" read "answertoday".
			k.typeReason(" ")
		default:
			k.typeReason(msg.Text)
		}
	}
	return false
}

// paste takes pasted text where text is typed: a reason (a White cell
// pastes the reasons it wrote down beforehand) or a number. Elsewhere it
// is dropped: a paste is not a run of keys.
func (k *console) paste(text string) {
	switch k.mode {
	case conReason:
		k.typeReason(text)
	case conValue, conBudgetValue:
		for _, r := range text {
			k.typeNumber("", string(r), k.mode == conValue)
		}
	}
}

// typeReason adds typed or pasted text to the reason: control and escape
// sequences stripped, lines joined, up to maxReason runes.
func (k *console) typeReason(text string) {
	left := maxReason - utf8.RuneCountInString(k.input)
	if text = sim.Sanitize(text, false); utf8.RuneCountInString(text) > left {
		text = string([]rune(text)[:max(left, 0)])
	}
	k.input += text
}

// typeNumber edits the number being typed: backspace, digits, the point
// and, if signed, the minus sign. Anything else typed is left out, and
// said to be: "1e9" read as 19 without a word, and letters typed for a
// budget did nothing.
func (k *console) typeNumber(ks, text string, signed bool) {
	chars, what := "0123456789.", "digits and a point"
	if signed {
		chars, what = chars+"-", "digits, a point and a minus sign"
	}
	switch {
	case ks == "backspace":
		k.input = trimLast(k.input)
	case len(text) == 1 && strings.ContainsAny(text, chars):
		if len(k.input) >= 12 {
			k.msg, k.err = "a number of 12 characters at most", true
			break
		}
		k.input += text
	case text != "" && strings.TrimSpace(text) != "":
		k.msg, k.err = fmt.Sprintf("%q left out: a number here is %s only, e.g. 7.5", sim.Sanitize(text, false), what), true
	}
}

// endWarning says which end of the game setting metric m to v would meet,
// by the engine's own check (sim.Game.EndsIfSet); "" if none, or if the
// engine would refuse the value.
func endWarning(s *Session, m int, v sim.Fix) string {
	ends, err := s.Game.EndsIfSet(m, v)
	if err != nil || len(ends) == 0 {
		return ""
	}
	e := &s.C.Ends[ends[0]]
	outcome := "an allied failure"
	if e.Success {
		outcome = "an allied success"
	}
	return fmt.Sprintf("%s at %s meets the end %q (%s): the game ends when this %s is adjudicated, unless the %s's moves change it first",
		s.C.Metrics[m].Name, v.Format(2), sim.Sanitize(e.Title, false), outcome, strings.ToLower(s.C.TurnLabel), strings.ToLower(s.C.TurnLabel))
}

func trimLast(s string) string {
	if s == "" {
		return s
	}
	_, n := utf8.DecodeLastRuneInString(s)
	return s[:len(s)-n]
}

// apply does the act the reason was asked for.
func (k *console) apply(cl cell) {
	s := cl.session()
	c := s.C
	reason := strings.TrimSpace(k.input)
	if reason == "" && k.sel != reasonRollback {
		k.msg, k.err = "say why: the reason goes into the journal and the after-action report", true
		return
	}
	if k.movedOn(s) {
		return
	}
	switch k.sel {
	case reasonInject:
		k.act(cl, journal.WhiteCell{Action: journal.ActInject, Inject: c.Injects[k.target].ID, Reason: reason, By: k.by},
			"fired "+c.Injects[k.target].Title)
	case reasonMetric:
		k.act(cl, journal.WhiteCell{Action: journal.ActMetric, Metric: c.Metrics[k.target].ID, Value: k.value, Reason: reason, By: k.by},
			"set "+c.Metrics[k.target].Name+" to "+k.value)
	case reasonRoll:
		out := journal.OutcomeFailure
		if k.succ {
			out = journal.OutcomeSuccess
		}
		k.act(cl, journal.WhiteCell{Action: journal.ActRoll, Move: c.Actions[k.target].ID, Outcome: out, Reason: reason, By: k.by},
			"decided: "+out)
	case reasonBudget:
		k.act(cl, journal.WhiteCell{Action: journal.ActBudget, Side: c.Sides[k.target].ID, Value: k.value, Reason: reason, By: k.by},
			fmt.Sprintf("set %s budget to %s a %s", sim.Possessive(sim.Sanitize(c.Sides[k.target].Name, false)), k.value, strings.ToLower(c.TurnLabel)))
	case reasonGive:
		name := sim.Sanitize(c.Sides[k.target].Name, false)
		did := name + " is the teams' again: a team chooses it in the lobby (a side no team joins commits nothing)"
		if _, served := cl.(roomCell); !served { // one screen: no lobby
			did = name + " is the teams' again: its team plays it at this screen from now on"
		}
		if k.value != "" {
			did = fmt.Sprintf("the computer plays %s from now on (%s); a, then enter on it, gives it back", name, k.value)
		}
		err := cl.give(k.target, k.value, reason, k.by)
		if err == nil { // the teams are told, as of an inject
			w := journal.WhiteCell{Action: journal.ActComputer, Side: c.Sides[k.target].ID, Value: k.value}
			if k.value == "" {
				w.Action = journal.ActTeam
			}
			k.told = append(k.told, toldAct{w, "the White cell: " + s.Acts[len(s.Acts)-1]})
		}
		k.done(did, err)
	case reasonUndo:
		what := s.Undoable()
		err := cl.undo(reason, k.by)
		if err == nil { // the teams are told, as of the act
			k.told = append(k.told, toldAct{journal.WhiteCell{Action: journal.ActUndo}, "the White cell: " + s.Acts[len(s.Acts)-1]})
		}
		k.done("took back: "+what, err)
	case reasonRollback:
		ended := s.Stopped != "" && len(s.Reports) > 0
		err := cl.rollback(reason, k.by)
		did := fmt.Sprintf("rolled back: %s %d is played again", c.TurnLabel, s.Game.Turn())
		if ended { // the report written as the game ended says it ended
			did += "; the report written at the end is out of date (r writes it again)"
		}
		k.done(did, err)
	case reasonEnd:
		// Asked once more: typed text meant as a reason after a refused
		// key ran the console's keys (r, e) and its enter ended the game.
		k.mode, k.value = conConfirmEnd, reason
	}
}

// undoWhat says what u does to a game that is over. A game the White cell
// ended is not reopened where it stood: the end is undone with the last
// turn played, which is played again (the journal has no record that
// takes back an end alone).
func undoWhat(s *Session) string {
	n := len(s.Results)
	switch {
	case n == 0:
		return "has no turn to roll back"
	case s.Stopped != "":
		return fmt.Sprintf("reopens the game one %s back: %s %d, the last played, is played again (the end alone cannot be undone)",
			strings.ToLower(s.C.TurnLabel), s.C.TurnLabel, s.Results[n-1].Turn)
	}
	return fmt.Sprintf("rolls back the last %s (%s %d): it is played again", strings.ToLower(s.C.TurnLabel), s.C.TurnLabel, s.Results[n-1].Turn)
}

// keyLine lists keys ("i inject") joined by " · ", wrapped to w columns
// between two keys, never inside one: wrapped as text, "r report" was cut
// after its r.
func keyLine(keys []string, w int) string {
	var lines []string
	line := ""
	for _, k := range keys {
		switch {
		case line == "":
			line = k
		case ansi.StringWidth(line+" · "+k) <= w-2: // room for the " ·" of a line that goes on
			line += " · " + k
		default:
			lines = append(lines, line+" ·")
			line = k
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// act takes the White cell's act w through the cell, says so (did), and
// keeps what the teams are told of it.
func (k *console) act(cl cell, w journal.WhiteCell, did string) {
	err := cl.act(w)
	if err == nil {
		if n := cl.session().notice(w); n != "" {
			k.told = append(k.told, toldAct{w, n})
		}
	}
	k.done(did, err)
}

// end ends the game for the reason confirmed, and writes the report.
func (k *console) end(cl cell, reason string) {
	s := cl.session()
	err := cl.end(reason, k.by)
	if err == nil && s.Journal != nil {
		if paths, note, rerr := s.writeReport(); rerr == nil {
			k.done("the game is ended; the after-action report is in "+strings.Join(paths, " and ")+withNote(note), nil)
			return
		}
	}
	k.done("the game is ended", err)
}

// withNote is note on a line of its own after a message, "" for none.
func withNote(note string) string {
	if note == "" {
		return ""
	}
	return "\n! " + note
}

// view draws the console w×h.
func (k *console) view(cl cell, st Styles, w, h int) string {
	s := cl.session()
	c := s.C
	g := s.Game
	var b strings.Builder
	// The scenario's title gives way first: the timer and PAUSED at the
	// end of the line are what the White cell watches.
	lead := fmt.Sprintf("White cell · %s · ", cl.title())
	tail := fmt.Sprintf(" · %s %d/%d · rung %d/5", c.TurnLabel, g.Turn(), c.Turns, g.Rung()+1)
	if left, ok := cl.timeLeft(); ok {
		tail += fmt.Sprintf(" · ⏱ %d:%02d", int(left/time.Minute), int(left%time.Minute/time.Second))
	}
	paused := ""
	if cl.paused() {
		paused = " PAUSED"
	}
	title := sim.Sanitize(c.Title, false)
	if room := w - ansi.StringWidth(lead+tail+paused); ansi.StringWidth(title) > room {
		title = truncate(title, max(room, 1))
	}
	b.WriteString(st.Title.Render(lead + title + tail))
	if paused != "" {
		b.WriteString(" " + st.Warn.Render("PAUSED"))
	}
	// Wrapped, not cut: at 80 columns the sides and teams the turn waits
	// for (what the White cell watches) were cut after the first.
	phase := "Phase: " + cl.phaseText()
	if wt := cl.waiting(); len(wt) > 0 && !s.Over() {
		phase += " · waiting for " + strings.Join(wt, ", ")
	}
	b.WriteString("\n" + st.Dim.Render(indentWrap(phase, w-2, "  ")) + "\n")
	if s.JournalPath != "" && k.mode == conMain {
		b.WriteString(st.Dim.Render(truncate("Journal: "+s.JournalPath, w-2)) + "\n")
	}
	if s.JournalErr != nil {
		b.WriteString(st.Bad.Render("! journal: "+journalDetail(s.JournalErr)) + "\n")
	}

	keys := []string{"i inject", "m metric", "o decide a move", "b budget", "a AI/team", "z undo act", "u roll back", "e end", "r report", "v results", "h log", "? keys"}
	switch {
	case k.mode == conResults:
		keys = []string{"↑/↓ scroll", "pgup/pgdn page", "v or esc back"}
	case k.mode == conLog:
		keys = []string{"↑/↓ scroll", "pgup/pgdn page", "h or esc back"}
	case s.Over():
		keys = []string{"u " + undoWhat(s), "r write the report", "v results", "h log", "? keys"}
	case cl.timed():
		more := []string{"p pause/resume", "+ 1 min", "f move on now"}
		if rc, ok := cl.(roomCell); ok && !rc.r.HasTimer() {
			more = slices.Delete(more, 1, 2) // no turn timer to add to
		}
		keys = append(more, keys...)
	}
	foot := st.Dim.Render(keyLine(keys, w))
	if k.msg != "" && momentOf(s) == k.msgAt { // an act's outcome, not one of turns ago
		// Above the keys, outside the part cut to fit: at the end of a
		// long overview (five sides, the log) it was cut off, so an act's
		// confirmation or refusal went unseen.
		// A refusal is marked ✗ as well as red: without colour "no turn has
		// been adjudicated yet" read like the news of an act done.
		style, msg := st.Good, k.msg
		if k.err {
			style, msg = st.Bad, "✗ "+msg
		}
		foot = style.Render(wrap(msg, w-2)) + "\n" + foot
	}

	// listRoom is the lines a list has below what is written so far.
	listRoom := func() int { return h - lipgloss.Height(foot) - strings.Count(b.String(), "\n") }
	switch k.mode {
	case conInject:
		b.WriteString(st.Header.Render("Fire which inject? (↑/↓, enter; esc cancels)") + "\n")
		blocks := make([]string, len(c.Injects))
		fired := firedThisTurn(g)
		for i := range c.Injects {
			in := &c.Injects[i]
			line := fmt.Sprintf("%s — %s", in.Title, in.ID)
			if len(in.Choices) > 0 {
				line += fmt.Sprintf(" (%s decides)", c.Sides[in.Decider].Name)
			}
			if fired[i] {
				line += " · fired this " + strings.ToLower(c.TurnLabel)
			}
			blocks[i] = k.cursor(i, line, st) + "\n"
			if i == k.sel {
				var eff []string
				for _, e := range in.Effects {
					eff = append(eff, fmt.Sprintf("%s %s", c.Metrics[e.Metric].Name, c.FormatChange(e.Metric, e.Delta)))
				}
				if len(eff) > 0 {
					blocks[i] += st.Dim.Render(indentWrap("    effects: "+strings.Join(eff, ", "), w-2, "      ")) + "\n"
				}
				switch {
				case len(in.Choices) == 0 || in.Decider < 0:
				case !s.Human[in.Decider]:
					blocks[i] += st.Dim.Render("    (the computer decides for "+c.Sides[in.Decider].Name+")") + "\n"
				case cl.unplayed(in.Decider):
					// Said before it is fired: the report would read "no
					// answer from …" for a question no one was there to see.
					blocks[i] += st.Warn.Render(indentWrap("    no team plays "+sim.Sanitize(c.Sides[in.Decider].Name, false)+": its first choice applies", w-2, "      ")) + "\n"
				}
			}
		}
		b.WriteString(listWindow(blocks, k.sel, listRoom(), st))
	case conMetric:
		b.WriteString(st.Header.Render("Set which metric? (↑/↓, enter; esc cancels)") + "\n")
		nameW := 0 // the widest name: "Korean trade and supply chains" pushed its value out of the column
		for _, m := range editableMetrics(c) {
			nameW = max(nameW, ansi.StringWidth(c.Metrics[m].Name))
		}
		var blocks []string
		for i, m := range editableMetrics(c) {
			mi := &c.Metrics[m]
			blocks = append(blocks, k.cursor(i, fmt.Sprintf("%s %8s  (%s..%s)", padRight(mi.Name, nameW), c.FormatMetric(m, g.Metric(m)), mi.Min.Format(2), mi.Max.Format(2)), st)+"\n")
		}
		b.WriteString(listWindow(blocks, k.sel, listRoom(), st))
	case conValue:
		mi := &c.Metrics[k.target]
		b.WriteString(st.Header.Render(fmt.Sprintf("New value of %s (now %s, %s..%s), enter:", mi.Name, c.FormatMetric(k.target, g.Metric(k.target)), mi.Min.Format(2), mi.Max.Format(2))) + "\n> " + k.input + "▏\n")
		if v, err := sim.ParseFix(k.input); err == nil && k.input != "" {
			if warn := endWarning(s, k.target, v); warn != "" { // as it is typed
				b.WriteString(st.Warn.Render(wrap("⚠ "+warn, w-2)) + "\n")
			}
		}
	case conConfirmMetricEnd:
		v, _ := sim.ParseFix(k.value)
		b.WriteString(st.Warn.Render(wrap("⚠ "+endWarning(s, k.target, v), w-2)) + "\n")
		b.WriteString(st.Header.Render(wrap("Set it all the same? y: go on (a reason is asked next) · any other key: cancel", w-2)) + "\n")
	case conBudget:
		b.WriteString(st.Header.Render("Set which side's budget? (↑/↓, enter; esc cancels)") + "\n")
		var blocks []string
		for i, side := range c.Alliance() {
			blocks = append(blocks, k.cursor(i, padRight(sim.Sanitize(c.Sides[side].Name, false), 24)+" "+budgetText(g, side), st)+"\n")
		}
		b.WriteString(listWindow(blocks, k.sel, listRoom(), st))
	case conBudgetValue:
		name := sim.Sanitize(c.Sides[k.target].Name, false)
		turn := strings.ToLower(c.TurnLabel)
		unit, scaled := "in points a "+turn, ""
		if c.Sides[k.target].Support >= 0 { // else support does not scale it
			unit += " at support 50"
			scaled = " Domestic support still scales it."
		}
		b.WriteString(st.Header.Render(wrap(fmt.Sprintf("New base budget of %s, %s (now %s), enter:", name, unit, budgetText(g, k.target)), w-2)) + "\n> " + k.input + "▏\n")
		note := "From this " + turn + " on." + scaled + " A committed draft it no longer pays for is sent back to its team."
		if v, err := sim.ParseFix(k.input); err == nil && k.input != "" && v >= 0 && v <= sim.FixInt(sim.MaxBudget) {
			// What the side would have this turn, by the engine's own rule,
			// and whether its committed draft would go back.
			n := g.Clone()
			if n.SetBudget(k.target, v) == nil {
				now := fmt.Sprintf("This %s: a budget of %s", turn, n.Budget(k.target).Format(1))
				if up := n.Upkeep(k.target); up > 0 {
					now += fmt.Sprintf(", %s after upkeep", n.Available(k.target).Format(1))
				}
				now += ". "
				if s.Committed(k.target) && n.CheckSide(s.Orders, k.target) != nil {
					now += sim.Possessive(name) + " committed draft will not fit and goes back to its team. "
				}
				note = now + note
			}
		}
		b.WriteString(st.Dim.Render(wrap(note, w-2)) + "\n")
	case conMove:
		b.WriteString(st.Header.Render("Decide which move? (↑/↓; s: it succeeds, f: it fails; esc cancels)") + "\n")
		var blocks []string
		for i, a := range g.RealMoves() {
			line := c.Actions[a].Name
			if dec, ok := g.Forced(a); dec {
				line += map[bool]string{true: "  [decided: success]", false: "  [decided: failure]"}[ok]
			}
			blocks = append(blocks, k.cursor(i, line, st)+"\n")
		}
		b.WriteString(listWindow(blocks, k.sel, listRoom(), st))
	case conReason:
		var what string // k.target indexes the list the act is about
		switch k.sel {
		case reasonInject:
			what = "firing " + c.Injects[k.target].Title
		case reasonMetric:
			what = "setting " + c.Metrics[k.target].Name + " to " + k.value
		case reasonBudget:
			what = fmt.Sprintf("setting %s budget to %s a %s", sim.Possessive(c.Sides[k.target].Name), k.value, strings.ToLower(c.TurnLabel))
		case reasonRoll:
			what = "deciding that " + c.Actions[k.target].Name + map[bool]string{true: " succeeds", false: " fails"}[k.succ]
		case reasonRollback:
			what = fmt.Sprintf("rolling back %s %d", c.TurnLabel, max(len(s.Results), 1))
			if s.Stopped != "" && len(s.Results) > 0 {
				what += " (the end goes with it)"
			}
		case reasonEnd:
			what = "ending the game"
		case reasonUndo:
			what = "taking back your last act of this " + strings.ToLower(c.TurnLabel) + ": " + s.Undoable()
		case reasonGive:
			what = "giving " + c.Sides[k.target].Name + " back to the teams"
			if k.value != "" {
				what = "giving " + c.Sides[k.target].Name + " to the computer (" + k.value + ")"
			}
		}
		b.WriteString(st.Header.Render(wrap("Reason for "+what+" (enter to confirm, esc to cancel):", w-2)) + "\n")
		// Wrapped whole: on one line a long reason ran off the screen, and
		// what was typed last, where the cursor is, was not seen.
		b.WriteString(indentWrap("> "+k.input+"▏", w-2, "  ") + "\n")
		if utf8.RuneCountInString(k.input) >= maxReason {
			b.WriteString(st.Dim.Render(fmt.Sprintf("(%d characters at most: the rest is not taken)", maxReason)) + "\n")
		}
	case conGive:
		b.WriteString(st.Header.Render(wrap("Give which allied side to the computer, or back to the teams? (↑/↓, enter; esc cancels)", w-2)) + "\n")
		var blocks []string
		for i, side := range c.Alliance() {
			blocks = append(blocks, k.cursor(i, padRight(sim.Sanitize(c.Sides[side].Name, false), 24)+" "+k.playedBy(cl, side), st)+"\n")
		}
		b.WriteString(listWindow(blocks, k.sel, listRoom(), st))
		b.WriteString(st.Dim.Render(wrap("For a team that has left: the computer plans the side each "+strings.ToLower(c.TurnLabel)+" from what the side sees, and the turn no longer waits for it. Its orders go into the journal as a team's would.", w-2)) + "\n")
	case conGivePolicy:
		b.WriteString(st.Header.Render(wrap("The computer plays "+sim.Sanitize(c.Sides[k.target].Name, false)+" how? (↑/↓, enter; esc cancels)", w-2)) + "\n")
		var blocks []string
		for i, p := range givePolicies {
			blocks = append(blocks, k.cursor(i, padRight(p, 18)+" "+st.Dim.Render(sim.PolicySummary(p)), st)+"\n")
		}
		b.WriteString(listWindow(blocks, k.sel, listRoom(), st))
	case conConfirmEnd:
		b.WriteString(st.Warn.Render(wrap(fmt.Sprintf("End the game now, before %s %d is adjudicated, for: %s", strings.ToLower(c.TurnLabel), g.Turn(), k.value), w-2)) + "\n")
		b.WriteString(st.Header.Render("y: end it · any other key: the game goes on") + "\n")
	case conConfirmForce:
		what := "Adjudicate now, with every draft as it stands?"
		if rc, ok := cl.(roomCell); ok && rc.r.phase == PhaseRed {
			what = "Brief the turn now? The adversary plays by its doctrine where the Red team has not committed."
		}
		b.WriteString(st.Header.Render(wrap(what+" y / n", w-2)) + "\n")
	case conHelp:
		b.WriteString(k.helpView(cl, st, w))
	case conResults, conLog:
		var lines []string
		if k.mode == conResults {
			lines = strings.Split(strings.TrimRight(whiteCellResults(s, st, w), "\n"), "\n")
		} else {
			b.WriteString(st.Header.Render("Log") + st.Dim.Render(" · the newest at the bottom") + "\n")
			lines = logLines(cl.log(), w)
			for i := range lines {
				lines[i] = st.Dim.Render(lines[i])
			}
		}
		room := max(listRoom(), 3)
		k.sel = min(k.sel, max(len(lines)-room, 0)) // the last page at most
		b.WriteString(strings.Join(lines[k.sel:min(k.sel+room, len(lines))], "\n") + "\n")
	case conConfirmReveal:
		b.WriteString(st.Header.Render(wrap("The next list shows which of the adversary's signals are real moves. Make sure the teams are not looking at the screen, then press y (any other key cancels).", w-2)) + "\n")
	case conConfirmResults:
		b.WriteString(st.Header.Render(wrap("The next screen shows the last turn's results through no side's fog: every side's points, its hidden levers' too. Make sure the teams are not looking at the screen, then press y (any other key cancels).", w-2)) + "\n")
	default:
		b.WriteString(k.overview(cl, st, w, h-lipgloss.Height(foot)-strings.Count(b.String(), "\n")))
	}
	body := b.String()
	return fitHeight(body, h-lipgloss.Height(foot)) + "\n" + foot
}

// whiteCellResults is the last turn's results as the teams' results
// screen gives them, w columns wide, but through no side's fog: every
// side's points, hidden levers included, with their causes. Over SSH the
// console has no results screen of its own to read them on.
func whiteCellResults(s *Session, st Styles, w int) string {
	m := Model{sess: s, styles: st, width: w, screen: scrResults, whiteView: true}
	m.last = &s.Results[len(s.Results)-1]
	return m.resultsText()
}

// helpView lists the console's keys, those of this cell only (a hotseat
// has no timer; only a server has games to tab between).
func (k *console) helpView(cl cell, st Styles, w int) string {
	type row struct{ key, what string }
	var rows []row
	_, server := cl.(roomCell)
	if cl.timed() {
		rows = append(rows, row{"p", "pause the game, or resume it (nothing is committed while paused)"})
		if rc, ok := cl.(roomCell); ok && rc.r.HasTimer() {
			rows = append(rows, row{"+", "one more minute on the turn timer"})
		}
		rows = append(rows, row{"f", "move on now: brief the turn, or adjudicate the drafts as they stand"})
	}
	rows = append(rows,
		row{"i", "fire an inject now (a side that decides it is asked)"},
		row{"m", "set a metric (you are warned if it would end the game)"},
		row{"o", "decide whether a real adversary move succeeds this turn"},
		row{"b", "set an allied side's budget from this turn on (a cut, a supplemental)"},
		row{"a", "give an allied side to the computer (a team has left), or back to the teams"},
		row{"z", "take back your last act of this turn (an inject, a metric, a move's outcome, a budget)"},
		row{"u", "roll back the last turn: it is played again"},
		row{"e", "end the game now (a reason is asked)"},
		row{"r", "write the after-action report so far, beside the journal"},
		row{"v", "the last turn's results, as the teams read them but with every side's points and the truth of every signal (↑/↓ scroll)"},
		row{"h", "the whole log: who joined, committed and left, the acts, wrong codes and lockouts (↑/↓ scroll)"},
		row{"esc", "cancel a list or a question"})
	if k.lift != nil {
		rows = append(rows, row{"l", "let in now the addresses locked out for wrong join codes (the log says when one is)"})
	}
	if server {
		rows = append(rows, row{"tab", "the next game (shift+tab: the one before)"}, row{"q", "leave the console (at the server's terminal: stop it)"})
	} else {
		rows = append(rows, row{"esc", "on this screen: back to the game"})
	}
	var b strings.Builder
	b.WriteString(st.Header.Render("White-cell console: keys (any key closes this)") + "\n")
	for _, r := range rows {
		b.WriteString(indentWrap(fmt.Sprintf("  %-4s %s", r.key, r.what), w-2, "       ") + "\n")
	}
	return b.String()
}

// listWindow returns the blocks of a list (an item each, its lines ending
// in "\n") that fit in room lines, with block sel among them, and "↑ n
// more" and "↓ n more" where some are left out. The lists were cut from
// the bottom to fit: past the screen's last line (more injects than it
// has lines, or four games' tabs above them at 80×24) the cursor, and
// what the inject under it does, went off the screen.
func listWindow(blocks []string, sel, room int, st Styles) string {
	lines := func(from, to int) int {
		n := 0
		for _, bl := range blocks[from:to] {
			n += strings.Count(bl, "\n")
		}
		return n
	}
	if lines(0, len(blocks)) <= room || sel < 0 || sel >= len(blocks) {
		return strings.Join(blocks, "")
	}
	// The mark below, and the one above unless the window starts at the
	// first block (a line was left blank above the list for it).
	first := 0
	if lines(0, sel+1) <= room-1 {
		room--
	} else {
		room -= 2
		for first < sel && lines(first, sel+1) > room {
			first++
		}
	}
	last := sel + 1
	for last < len(blocks) && lines(first, last+1) <= room {
		last++
	}
	var b strings.Builder
	if first > 0 {
		b.WriteString(st.Dim.Render(fmt.Sprintf("  ↑ %d more", first)) + "\n")
	}
	b.WriteString(strings.Join(blocks[first:last], ""))
	if last < len(blocks) {
		b.WriteString(st.Dim.Render(fmt.Sprintf("  ↓ %d more", len(blocks)-last)) + "\n")
	}
	return b.String()
}

func (k *console) cursor(i int, line string, st Styles) string {
	if i == k.sel {
		return "▸ " + st.Selected.Render(line)
	}
	return "  " + line
}

// overview lists each side's draft or plan, the metrics, and the log, in
// h lines: the log takes what the rest leaves, its newest entries.
func (k *console) overview(cl cell, st Styles, w, h int) string {
	s := cl.session()
	c := s.C
	g := s.Game
	var b strings.Builder
	show := cl.draftsVisible()
	// At a server: each side's code (what a second team types to join it,
	// the Red team's too) and its teams, online or not.
	seats := func(side int) string {
		rc, ok := cl.(roomCell)
		if !ok {
			return ""
		}
		return st.Dim.Render(" · side code "+rc.r.sideCodes[side]+" · ") + rc.r.teamsText(side, st)
	}
	_, server := cl.(roomCell)
	switch {
	case g.Briefed() && !show && !s.Over():
		// Said once, not on every side's line: at 80 columns each took two
		// lines and pushed the log off the screen.
		// In a line at 80 columns (it was cut before "(o shows them)").
		b.WriteString(st.Header.Render("Sides") + st.Dim.Render(" — drafts and real moves hidden until every side commits (o: moves)") + "\n")
	case server && !s.Over():
		// The instructor's laptop is often the one on the projector: the
		// README's warning, where it is needed.
		b.WriteString(st.Header.Render("Sides") + st.Warn.Render(" — every draft and the real moves: keep this screen off the projector") + "\n")
	default:
		b.WriteString(st.Header.Render("Sides") + "\n")
	}
	if s.Over() {
		b.WriteString(st.Dim.Render("  the game is over") + "\n")
	}
	var unplayed []int // the allied sides a team's that no team has joined
	for side := range c.Sides {
		if s.Over() {
			break
		}
		sd := &c.Sides[side]
		name := sim.Sanitize(sd.Name, false)
		switch {
		case sd.Adversary:
			who := "doctrine"
			switch {
			case s.Human[side] && cl.unplayed(side):
				// "(Red team)" over a side no team had joined read as if
				// a team chose the moves listed: its doctrine did.
				who = "Red team, none yet: its doctrine plays"
			case s.Human[side]:
				who = "Red team"
			}
			line := fmt.Sprintf("%s (%s)", name, who)
			if s.Human[side] {
				line += seats(side)
			}
			if g.Briefed() && show {
				var real, bluffs []string
				for _, sg := range g.Signals() {
					if sg.Side != side {
						continue
					}
					if sg.Real {
						real = append(real, c.Actions[sg.Action].Name)
					} else {
						bluffs = append(bluffs, c.Actions[sg.Action].Name)
					}
				}
				line += ": real " + orNone(real) + "; bluffs " + orNone(bluffs)
			} else if rc, ok := cl.(roomCell); ok && s.Human[side] && !g.Briefed() {
				// The Red team's plan as it is made: the console shows every
				// side's draft, and the instructor who waits on Red sees
				// what it has in mind and whether it is in.
				if plan := rc.r.redPlanText(side); plan != "" {
					line += " — " + plan
				}
			}
			b.WriteString(indentWrap("  "+line, w-2, "    ") + "\n")
		case !s.Human[side] && s.ByTeams(side):
			b.WriteString(indentWrap(fmt.Sprintf("  %s (the computer, %s, since the White cell gave it: a gives it back)", name, s.Policies[side].Name()), w-2, "    ") + "\n")
		case !s.Human[side]:
			b.WriteString(fmt.Sprintf("  %s (AI)\n", name))
		case !g.Briefed():
			b.WriteString(indentWrap(fmt.Sprintf("  %s: %s", name, st.Dim.Render("waits for the briefing"))+seats(side), w-2, "    ") + "\n")
		default:
			mark := st.Warn.Render("drafting")
			if s.Committed(side) {
				mark = st.Good.Render("committed ✓")
			} else if rc, ok := cl.(roomCell); ok && len(rc.r.staffed([]int{side})) == 0 {
				mark = st.Dim.Render("commits nothing") // seats says "no team yet"
			}
			line := fmt.Sprintf("  %s: %s", name, mark) + seats(side)
			if show {
				var parts []string
				for l := range c.Levers {
					if p := s.Orders.Get(side, l); p > 0 {
						parts = append(parts, fmt.Sprintf("%s %d", c.Levers[l].Name, p))
					}
				}
				line += " — " + orNone(parts) + fmt.Sprintf(" (spent %s of %s)", g.Spend(s.Orders, side).Format(1), g.Available(side).Format(1))
			}
			b.WriteString(indentWrap(line, w-2, "    ") + "\n")
		}
		if !sd.Adversary && s.Human[side] && cl.unplayed(side) {
			unplayed = append(unplayed, side)
		}
	}
	// Once a team plays an ally: before that, every ally is "unplayed",
	// and "--ai rok,us" would give the whole game to the computer.
	if rc, ok := cl.(roomCell); ok {
		// Those on no side: a team still in the lobby (the class waits
		// for it, and the instructor looked for it in vain among the
		// sides), and the observer seats (the projector is connected).
		if line := rc.r.unsidedText(); line != "" {
			b.WriteString(st.Dim.Render(indentWrap("  "+line, w-2, "    ")) + "\n")
		}
	}
	if len(unplayed) > 0 && len(unplayed) < len(s.HumanAllies()) && !s.Over() {
		// Said while the class joins, when it can still be helped: a
		// class of two teams at gray-zone left Japan to no one, and the
		// alliance, short of Japan's visible commitment every month,
		// split in the fourth, the instructor none the wiser.
		var names, ids []string
		for _, side := range unplayed {
			names = append(names, sim.Sanitize(c.Sides[side].Name, false))
			ids = append(ids, sim.Sanitize(c.Sides[side].ID, false))
		}
		// Said after the first turn too: a game that has started can
		// still give the side to the computer, by a restart with --ai
		// (it said "lattice serve --ai us", which --resume refused).
		them := map[bool]string{true: "it", false: "them"}[len(ids) == 1]
		note := fmt.Sprintf("⚠ No team on %s yet: a side no team joins commits nothing each %s, and the alliance pays for its visible shortfall. a gives %s to the computer.",
			strings.Join(names, ", "), strings.ToLower(c.TurnLabel), them)
		b.WriteString(st.Warn.Render(indentWrap(note, w-2, "  ")) + "\n")
	}
	b.WriteString("\n" + st.Header.Render("Metrics") + "\n")
	line := " "
	for m := range c.Metrics {
		item := fmt.Sprintf("%s %s", c.Metrics[m].Name, c.FormatMetric(m, g.Metric(m)))
		if len(line) > 1 && lipgloss.Width(line)+3+lipgloss.Width(item) > w-2 {
			b.WriteString(line + "\n")
			line = " "
		}
		if len(line) > 1 {
			line += " ·"
		}
		line += " " + item
	}
	b.WriteString(line + "\n")
	// Cut to the screen from the bottom, as the rest is, the log lost its
	// newest lines at 80×24: what the White cell looks for. It takes every
	// line the screen has left (it stopped at eight, with half a 120×40
	// screen empty below: a join, a commit and a team that left were gone
	// from it within a turn).
	// Each entry whole, wrapped under its time (cut to a line, a refusal's
	// reason and a journal's path were lost: the console is where the host
	// reads them), the newest that fit.
	if lg := cl.log(); len(lg) > 0 {
		room := h - strings.Count(b.String(), "\n") - 2
		if room < 1 {
			return b.String()
		}
		var lines []string // the entries' wrapped lines, oldest first
		for i := len(lg) - 1; i >= 0 && len(lines) < room; i-- {
			wl := logLines(lg[i:i+1], w)
			if len(lines)+len(wl) > room {
				if len(lines) > 0 {
					break
				}
				wl = wl[:room] // the newest alone is taller than the room
			}
			lines = append(wl, lines...)
		}
		b.WriteString("\n" + st.Header.Render("Log") + "\n")
		for _, l := range lines {
			b.WriteString(st.Dim.Render(l) + "\n")
		}
	}
	return b.String()
}

// logLines are the log's entries as the console shows them, w columns
// wide: each whole, wrapped under its time.
func logLines(lg []string, w int) []string {
	var lines []string
	for _, e := range lg {
		lines = append(lines, strings.Split(indentWrap("  "+e, w-2, "            "), "\n")...)
	}
	return lines
}

// budgetText is side's budget as the console lists it: its base and, where
// support makes it differ, this turn's.
func budgetText(g *sim.Game, side int) string {
	base, now := g.BaseBudget(side), g.Budget(side)
	t := "base " + base.Format(1)
	if base != g.Compiled().Sides[side].Budget {
		t += " (set by the White cell; the scenario's is " + g.Compiled().Sides[side].Budget.Format(1) + ")"
	}
	if now != base {
		t += " · this " + strings.ToLower(g.Compiled().TurnLabel) + " " + now.Format(1) + " with support"
	}
	return t
}

func orNone(xs []string) string {
	if len(xs) == 0 {
		return "none"
	}
	return strings.Join(xs, ", ")
}

// WriteReport writes the after-action report of the game so far beside
// its journal, in Markdown and HTML, atomically, for the user alone (0600:
// a mid-game one holds every draft), and returns the paths. Once the game
// is over it is the report (NAME.report.md); before, a mid-game one for
// the White cell, named for the turn in progress
// (NAME.midgame-week3.report.md), which the final one does not overwrite.
//
// The report is of the game as the session played it: the records its
// journal's Writer holds (journal.Writer.Journal), not the file read
// again, so that a file damaged or tampered with since (a line appended by
// someone else) cannot cost the debrief. Where the file no longer holds
// that game, the report's warnings say so, and where.
func (s *Session) WriteReport() ([]string, error) {
	paths, _, err := s.writeReport()
	return paths, err
}

// writeReport is WriteReport, with a note for the White cell if the
// journal's file no longer holds the game played ("" if it does).
func (s *Session) writeReport() (paths []string, note string, err error) {
	if s.JournalPath == "" || s.Journal == nil {
		return nil, "", errors.New("this game keeps no journal, so there is nothing to report from")
	}
	j, warns := s.Journal.Journal()
	if ferr := s.Journal.CheckFile(); ferr != nil {
		line, msg := 0, ferr.Error()
		var je *journal.Error
		if errors.As(ferr, &je) {
			line, msg = je.Line, je.Msg
		}
		refuses := "" // said only where it is so: a file merely short of the game's last records reads
		if _, _, rerr := journal.Read(s.JournalPath); rerr != nil {
			refuses = ", and 'lattice report' refuses the file"
		}
		warns = append(warns, journal.Warning{Line: line, Msg: "the journal's file no longer holds the game played (" + msg + "): this report is of the game as lattice played it" + refuses})
		note = fmt.Sprintf("the journal's file no longer checks (%s); the report is of the game as played, kept in memory", ferr)
	}
	if n := s.Journal.Kept(); n > 0 {
		warns = append(warns, journal.Warning{Msg: fmt.Sprintf("the journal's file lacks the game's last %s, which could not be written yet: this report has them", sim.Plural(n, "record"))})
	}
	r, err := report.Build(j, warns, report.Options{Teams: SavedTeams(s.JournalPath)})
	if err != nil {
		return nil, note, err
	}
	base := strings.TrimSuffix(s.JournalPath, ".jsonl")
	over := s.Over()
	if !over {
		label := strings.Map(func(r rune) rune {
			if r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
				return r
			}
			return -1
		}, strings.ToLower(s.C.TurnLabel))
		if label == "" {
			label = "turn"
		}
		base += fmt.Sprintf(".midgame-%s%d", label, s.Game.Turn())
	}
	for _, f := range []struct{ format, ext string }{{report.FormatMarkdown, ".md"}, {report.FormatHTML, ".html"}} {
		var buf bytes.Buffer
		if err := r.Write(&buf, f.format); err != nil {
			return paths, note, err
		}
		p := base + ".report" + f.ext
		if err := safefile.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			return paths, note, err
		}
		paths = append(paths, p)
	}
	if over {
		s.Reports = paths // the end screen's report: not a mid-game one
	}
	return paths, note, nil
}

// ---- the console as a program ----------------------------------------------

// ConsoleModel is the White-cell console over the rooms of a server, for
// the serving terminal or a facilitator's SSH session. Tab moves between
// rooms.
type ConsoleModel struct {
	// Hint is shown on the console's top line (the serving terminal's: the
	// command students type).
	Hint string

	rooms  []*Room
	subs   []int
	chans  []<-chan struct{}
	cur    int
	k      *console
	styles Styles
	// bgKnown: the terminal answered the background query (COLORFGBG
	// gives way to it).
	bgKnown bool
	light   bool // a light background (dark until told)
	ansi16  bool // the terminal has 16 colours (newStyles)
	width   int
	height  int
	quit    bool
	askQ    bool // asking whether to quit
	// interrupted: the console was left with ctrl+c, an interrupt (exit
	// 130), not by q then y, a deliberate quit.
	interrupted bool
}

// SetLift gives the console the l key: lift, at a server, lets the
// addresses locked out for wrong join codes try again now and says which
// it let (a class behind one NAT shares one address).
func (m *ConsoleModel) SetLift(lift func(by string) string) { m.k.lift = lift }

// Interrupted reports whether the console was left with ctrl+c.
func (m *ConsoleModel) Interrupted() bool { return m.interrupted }

type consoleMsg struct{ room int }

func waitConsole(i int, ch <-chan struct{}) tea.Cmd {
	return func() tea.Msg {
		if _, ok := <-ch; !ok {
			return nil
		}
		return consoleMsg{i}
	}
}

// NewConsole returns the White-cell console over rooms; by names who acts
// in the journal ("console", or a facilitator key's fingerprint). Call
// Close when the program ends.
func NewConsole(rooms []*Room, by string) *ConsoleModel {
	m := &ConsoleModel{rooms: rooms, k: &console{by: by}, styles: NewStyles(true)}
	for _, r := range rooms {
		id, ch := r.Subscribe()
		m.subs = append(m.subs, id)
		m.chans = append(m.chans, ch)
	}
	return m
}

// Close unsubscribes the console from its rooms.
func (m *ConsoleModel) Close() {
	for i, r := range m.rooms {
		r.Unsubscribe(m.subs[i])
	}
}

// Init starts listening to every room.
func (m *ConsoleModel) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	for i, ch := range m.chans {
		cmds = append(cmds, waitConsole(i, ch))
	}
	return tea.Batch(cmds...)
}

// Update handles a message, holding the current room's lock for keys.
func (m *ConsoleModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case consoleMsg:
		return m, waitConsole(msg.room, m.chans[msg.room])
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.light, m.bgKnown = !msg.IsDark(), true
		m.styles = newStyles(!m.light, m.ansi16)
	case tea.EnvMsg: // COLORFGBG: a guess until the terminal answers, if it does
		if dark, ok := darkFromColorFGBG(msg.Getenv("COLORFGBG")); ok && !m.bgKnown {
			m.light = !dark
			m.styles = newStyles(!m.light, m.ansi16)
		}
	case tea.ColorProfileMsg:
		m.ansi16 = msg.Profile == colorprofile.ANSI
		m.styles = newStyles(!m.light, m.ansi16)
	case tea.PasteMsg:
		if !m.askQ {
			m.k.paste(msg.Content) // the console's own state: no room is touched
		}
	case tea.KeyPressMsg:
		if len(m.rooms) == 0 {
			return m, tea.Quit
		}
		ks := msg.String()
		if ks == "ctrl+c" {
			m.quit, m.interrupted = true, true
			return m, tea.Quit
		}
		if m.askQ {
			m.askQ = false
			if ks == "y" {
				m.quit = true
				return m, tea.Quit
			}
			return m, nil
		}
		if m.k.mode == conMain {
			switch ks {
			case "tab":
				m.cur = (m.cur + 1) % len(m.rooms)
				m.k.msg = ""
				return m, nil
			case "shift+tab":
				m.cur = (m.cur + len(m.rooms) - 1) % len(m.rooms)
				m.k.msg = ""
				return m, nil
			case "q":
				m.askQ = true
				return m, nil
			case "l":
				if m.k.lift != nil {
					m.k.done(m.k.lift(m.k.by), nil)
					return m, nil
				}
			}
		}
		r := m.rooms[m.cur]
		func() {
			r.Lock()
			defer r.Unlock() // even if an act panics: the seats must not hang
			defer func() {
				if p := recover(); p != nil {
					m.k.done("", fmt.Errorf("internal error (the game goes on): %v", p))
				}
			}()
			m.k.key(roomCell{r}, msg)
			m.k.told = nil // the room has told its seats (Room.Act)
		}()
	}
	return m, nil
}

// View draws the current room's console.
func (m *ConsoleModel) View() tea.View {
	v := tea.NewView(m.Render())
	v.AltScreen = true
	v.WindowTitle = "Lattice — White cell"
	return v
}

// Render returns the console as text (for tests and View). A panic while
// drawing shows as a line, not the end of the server.
func (m *ConsoleModel) Render() (out string) {
	defer func() {
		if p := recover(); p != nil {
			out = fmt.Sprintf("internal error drawing the console (the games go on): %v", p)
		}
	}()
	if m.quit || m.width == 0 || m.height == 0 {
		return ""
	}
	if len(m.rooms) == 0 {
		return "no games"
	}
	if m.width < MinWidth || m.height < MinHeight {
		return wrap(fmt.Sprintf("terminal too small (have %d×%d, need %d×%d)", m.width, m.height, MinWidth, MinHeight), m.width)
	}
	r := m.rooms[m.cur]
	r.Lock()
	defer r.Unlock()
	tabs := ""
	if len(m.rooms) > 1 || m.Hint != "" {
		var ts []string
		for i, x := range m.rooms {
			t := x.opts.Name
			if x.opts.Code != "" {
				t += " (" + x.opts.Code + ")"
			}
			if i == m.cur {
				t = m.styles.Selected.Render(t)
			}
			ts = append(ts, t)
		}
		help := "   (q: quit)"
		if len(m.rooms) > 1 {
			help = "   (tab: next game · q: quit)"
		}
		// The games' tabs, the keys and the command students type, packed
		// into as many lines as the width needs: on one line the command
		// (what the White cell writes on the board) was cut at 80 columns.
		segs := append(ts, m.styles.Dim.Render(strings.TrimSpace(help)))
		if m.Hint != "" {
			// Each part of the hint (" · " between them) is a segment,
			// so a long one (a host key's fingerprint) gets a line of its
			// own rather than being cut.
			for _, h := range strings.Split(m.Hint, " · ") {
				segs = append(segs, m.styles.Dim.Render(h))
			}
		}
		var line string
		for _, sg := range segs {
			if line != "" && ansi.StringWidth(line)+3+ansi.StringWidth(sg) > m.width {
				tabs += line + "\n"
				line = ""
			}
			if line != "" {
				line += "   "
			}
			line += sg
		}
		tabs += line + "\n"
	}
	h := m.height - lipgloss.Height(tabs) + 1
	if tabs == "" {
		h = m.height
	}
	body := tabs + m.k.view(roomCell{r}, m.styles, m.width, h)
	if m.askQ {
		text := "Leave the White-cell console? The games go on. y: leave · any other key: stay"
		if m.k.by == "console" { // the serving terminal
			text = "Stop the server? Every session closes; the games are kept in their journals (lattice serve --resume carries on). y: stop · any other key: stay"
		}
		body = tabs + m.styles.Warn.Render(wrap(text, m.width-2))
	}
	lines := strings.Split(fitHeight(body, m.height), "\n")
	for i, l := range lines {
		lines[i] = clip(l, m.width)
	}
	return strings.Join(lines, "\n")
}

// joinNotice adds notice to the notices in text, as a seat joins them.
func joinNotice(text, notice string) string {
	if text == "" {
		return notice
	}
	return text + noticeSep + notice
}

// dropLastAct is text, notices joined by joinNotice, without the last
// White-cell act's notice: the act an undo took back. The line is cut at
// the screen's width, and the undone act's notice before the undo's
// ("set ROK domestic support to 44.00 …") was all a team read of a change
// no longer in effect.
func dropLastAct(text string) string {
	parts := strings.Split(text, noticeSep)
	for i := len(parts) - 1; i >= 0; i-- {
		if strings.HasPrefix(parts[i], "the White cell") && !strings.Contains(parts[i], ": took back its act: ") { // "the White cell: …", or a side's own "the White cell set your budget …"
			return strings.Join(slices.Delete(parts, i, i+1), noticeSep)
		}
	}
	return text
}

// whiteCellKey sends a key to the hotseat's console and follows what the
// act did to the game: a rollback replays the turn, an end shows the
// scorecard, an inject with a choice asks the side at the keyboard.
func (m Model) whiteCellKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	s := m.sess
	n, over := len(s.Results), s.Over()
	budgets := make([]sim.Fix, len(s.C.Sides))
	for _, a := range s.C.Alliance() {
		budgets[a] = s.Game.BaseBudget(a)
	}
	wc := m.wc
	human := slices.Clone(s.Human)
	if wc.key(hotseatCell{s}, msg) {
		m.wc = nil
	}
	m.requeueGiven(human)
	// The teams are told of an inject, a metric or a budget set, with the
	// White cell's reason, as a server's seats are (Session.notice): on
	// the screen at once, and each human ally again when its turn comes,
	// behind its own hand-over (it may have been looking away). A side
	// whose budget was set is told so in its own words.
	for _, t := range wc.told {
		now := t.notice
		for _, a := range s.HumanAllies() {
			say := t.notice
			if t.w.Action == journal.ActBudget && s.C.SideIndex(t.w.Side) == a {
				say = fmt.Sprintf("the White cell set your budget to %s a %s (it was %s)", s.Game.BaseBudget(a).String(), strings.ToLower(s.C.TurnLabel), budgets[a].String())
				if t.w.Reason != "" {
					say += " — " + t.w.Reason
				}
			}
			if a == m.side && m.screen == scrTurn {
				now = say
				continue
			}
			if m.budgetNote == nil {
				m.budgetNote = map[int]string{}
			}
			if t.w.Action == journal.ActUndo {
				m.budgetNote[a] = dropLastAct(m.budgetNote[a])
			}
			m.budgetNote[a] = joinNotice(m.budgetNote[a], say)
		}
		if t.w.Action == journal.ActUndo {
			m.message = dropLastAct(m.message)
		}
		m.message = joinNotice(m.message, now)
	}
	wc.told = nil
	switch {
	case len(s.Results) < n: // rolled back
		m.wc = nil
		m.last = nil
		if k := len(s.Results); k > 0 {
			m.last = &s.Results[k-1]
		}
		m.message = s.rollbackNotice()
		m.queue, m.reopened, m.budgetNote = m.queue[:0], nil, nil
		m.startTurn()
	case s.Over() && !over:
		m.wc = nil
		m.screen, m.scroll = scrEnd, 0
	case m.wc == nil && m.screen == scrTurn && m.dialog < 0:
		m.openDialog()
	}
	// An act may leave a committed draft over its side's budget (or on a
	// lever now locked): that side plays again after the sides still to
	// play. The screen is shared: the side is told why (its numbers) when
	// its turn comes, behind its own hand-over, not on the screen now.
	// So does a side that committed before the White cell fired an inject
	// it decides: it answers when its turn comes (the engine's default, the
	// first choice, would be reported as its own).
	var again []int
	for _, u := range s.ReopenUnfit() {
		again = append(again, u.Side)
	}
	for _, u := range s.ReopenUndecided() {
		again = append(again, u.Side)
	}
	for _, side := range again {
		m.queue = append(m.queue, side) // committed, so no longer queued
		if m.reopened == nil {
			m.reopened = map[int]bool{}
		}
		m.reopened[side] = true // why is said when its turn comes: a later act may change it
	}
	return m, nil
}

// requeueGiven follows the sides the White cell gave to the computer or
// back to the teams (human: who played each before) in a briefed turn: a
// side given away leaves the queue of sides to play, the one at the
// keyboard too (the next side plays, or the turn is adjudicated if none
// is left); a side given back plays after the sides still to play.
func (m *Model) requeueGiven(human []bool) {
	s := m.sess
	if !s.Game.Briefed() || s.Over() {
		return
	}
	current := len(m.queue) > 0 && (m.screen == scrTurn || m.screen == scrHandover) && m.side == m.queue[0]
	for side, was := range human {
		switch now := s.Human[side]; {
		case was && !now:
			if i := slices.Index(m.queue, side); i >= 0 {
				m.queue = slices.Delete(m.queue, i, i+1)
				if i == 0 && current {
					m.nextSide()
				}
			}
		case !was && now && !s.Committed(side) && !slices.Contains(m.queue, side):
			m.queue = append(m.queue, side)
		}
	}
}

// givePolicies are the policies the White cell may give a side to: the
// doctrines, then lookahead.
var givePolicies = append(sim.Doctrines(), "lookahead")

// playedBy says who plays the allied side now: its teams (or none yet),
// or the computer and since when.
func (k *console) playedBy(cl cell, side int) string {
	s := cl.session()
	switch {
	case !s.ByTeams(side):
		return "the computer (" + s.Policies[side].Name() + ") from the start"
	case !s.Human[side]:
		return "the computer (" + s.Policies[side].Name() + "): enter gives it back"
	case cl.unplayed(side):
		return "the teams, none has joined: enter gives it to the computer"
	}
	if rc, ok := cl.(roomCell); ok { // who: a team still online cannot be replaced
		return "the teams (" + ansi.Strip(rc.r.teamsText(side, Styles{})) + "): enter gives it to the computer"
	}
	return "the teams: enter gives it to the computer"
}
