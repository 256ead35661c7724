// Package tui is the terminal interface of Lattice, built on Bubble Tea v2:
// a scenario picker, game setup, the briefing, the turn screen with its
// metrics, allocation and intelligence panels, turn results explained from
// the ledger, charts, and the end scorecard. It renders sim Views and calls
// the sim API; it holds no game rules of its own.
package tui

import (
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// MinWidth and MinHeight are the size the full two-column turn screen is
// laid out for, and the smallest terminal the server's lobby and the
// White-cell console draw on. A player's own screens draw on smaller ones
// (see minSize): the turn screen stacks its panels below turnMinWidth.
const (
	MinWidth  = 80
	MinHeight = 24
)

// The smallest terminals the player's screens draw on: the turn screen and
// the Red team's planning screen (in one column below narrowWidth), and the
// text screens (briefing, results, end, help, picker, setup, dialogs).
// Below them only the "terminal too small" notice is drawn.
const (
	turnMinWidth  = 60
	turnMinHeight = 20
	textMinWidth  = 40
	textMinHeight = 12
	// narrowWidth: below it the turn screen stacks its panels in one
	// column (80 columns, or 79 in half of a 160-column split, keep two).
	narrowWidth = 76
)

// Entry is a scenario the picker offers.
type Entry struct {
	Name     string        // id or path, as given
	Compiled *sim.Compiled // nil if it failed to load
	Scenario *sim.Scenario
	Err      string
	// Load builds the scenario for a difficulty level.
	Load func(level string) (*sim.Compiled, error)
}

// Options configure a new interface.
type Options struct {
	Entries []Entry
	Pick    int    // entry to preselect; −1 to show the picker
	Side    string // side to play (solo)
	Seed    uint64
	// RandomSeed draws a seed at random for each new game (the setup shows
	// it, and the player may type another); Seed is then ignored. The
	// command sets it when no --seed is given; tests leave it off.
	RandomSeed bool
	Difficulty string
	Hotseat    bool
	SkipPicker bool
	// Journal makes every new game keep a journal in the default place.
	Journal bool
	Version string // lattice version, recorded in journals
	// Resume, if set, is a session restored from its journal (see Resume):
	// the interface opens on it, and Notes tells the players about it.
	Resume *Session
	Notes  []string
	// Saved, if set, is an unfinished game the picker offers to continue,
	// on a row above the scenarios (see LatestSaved), where the cursor
	// starts.
	Saved *SavedGame
	// Spectate opens Resume (a session with no side played by a person)
	// on its briefing: each Enter then adjudicates one turn and shows its
	// results (see spectate.go).
	Spectate bool
	// WhiteCell gives the one screen a White-cell console (key W): the
	// facilitator of a hotseat seminar fires injects, sets metrics, decides
	// moves, rolls back and ends the game. Drafts stay hidden from it until
	// every side has committed.
	WhiteCell bool
	// WhiteCellPIN has W ask the White cell to choose a PIN the first
	// time (enter with none for no PIN) and to type it each time after,
	// so that a team at the shared keyboard cannot open the console and
	// read the adversary's real moves. lattice play sets it.
	WhiteCellPIN bool
}

type screen int

const (
	scrPicker screen = iota
	scrSetup
	scrBriefing
	scrAdversary
	scrHandover
	scrTurn
	scrResults
	scrEnd
	scrWait // a seat waiting for other sides (see seat.go)
)

// Model is the root model: it routes messages to the current screen.
type Model struct {
	opts   Options
	width  int
	height int
	dark   bool
	// bgKnown: the terminal answered the background query; COLORFGBG,
	// read only as a guess until then, gives way to it.
	bgKnown bool
	ansi16  bool // the terminal has 16 colours (newStyles)
	styles  Styles
	keys    KeyMap
	help    help.Model

	screen   screen
	pick     int
	onSaved  bool // the picker's cursor is on Options.Saved's "Continue" row
	setup    setupState
	sess     *Session
	side     int          // the side at the screen
	queue    []int        // human sides still to play this turn
	reopened map[int]bool // by side: a White-cell act reopened its committed draft; it is told when its turn comes
	// budgetNote holds, by side, the word that the White cell set its
	// budget, said when its turn comes (at a shared screen, behind its
	// own hand-over).
	budgetNote map[int]string
	advQ       []int // human adversaries still to plan
	nextScr    screen
	sel        int  // selected lever or action
	focus      int  // 0 metrics, 1 allocation, 2 intelligence
	metricSel  int  // the metric the "why?" panel explains (metrics focused)
	intelAt    int  // first line of the intelligence panel shown (↑/↓ when focused)
	whyAt      int  // first line of the "why?" panel shown (pgup/pgdown while the metrics have the focus)
	details    bool // the allocation shows the selected lever in full (i), not the list
	detailsAt  int  // first line of the lever's details shown (pgup/pgdown)
	scroll     int  // briefing or results scroll

	dialog    int // inject awaiting this side's choice; −1 none
	dialogSel int
	// dialogArmed: the decision's enter chooses; false as a dialog opens,
	// so that an enter meant for the results before it (pressed twice)
	// does not choose its first answer unseen (a solo review's "Press
	// Seoul to pay more"). ↑/↓ or a first enter arm it.
	dialogArmed bool
	dialogFull  bool  // the dialog's whole text, scrolled (i), where the box had to cut it
	dialogAt    int   // first line of the whole text shown
	redo        []int // decided injects d still walks through, after the one in the dialog
	confirmQuit bool
	confirmEnd  bool    // commit with budget left?
	adv         adviser // the adviser's dialog (a, solo)
	advTipped   bool    // adviserTip was shown (once a program: a player told of a is told)
	showCharts  bool
	chartMetric int
	fullHelp    bool
	helpAt      int // the first line of the reading guide shown (guideOpen), when it is taller than the screen
	// guideMax is the last first line the reading guide can start at, as
	// the last frame drew it (-1: not drawn yet), so that paging stops
	// there: shared by the Model's copies, set by frame.
	guideMax *int
	message  string // one-line notice (errors, refusals)
	// hostNotes are what the journals of games left for another (n, s)
	// said for the host as they were closed, and which records the disk
	// kept refusing: the command says them at exit (CloseJournal).
	hostNotes   []string
	advReal     map[int]bool
	advBluff    map[int]bool
	last        *TurnRecord
	whiteView   bool // a White-cell console's view of a screen: through no side's fog (fogSide)
	preview     *sim.Orders
	quitting    bool
	interrupted bool     // quit with ctrl+c: the command exits 130, as interrupted
	seat        *seat    // set when the model is a seat in a Room
	wc          *console // the White-cell console, while open (Options.WhiteCell)
	// The White-cell PIN of a hotseat: asked for the first time W is
	// pressed (enter for none), then each time, so that a team at the
	// shared keyboard cannot open the console and read the real moves.
	wcPIN      string
	wcPINAsked bool
	wcPINWrong int    // wrong PINs typed since the console last opened: said to the White cell as it opens
	pinAsk     int    // 0: no PIN prompt; pinChoose: choosing one; pinConfirm: typing it again; pinEnter: typing it
	pinIn      []rune // what has been typed
	pinFirst   string // the PIN chosen, while it is typed again
	pinErr     string // why the last PIN typed was refused, shown in the prompt
}

// New returns the interface's root model.
func New(opts Options) Model {
	m := Model{opts: opts, dark: true, keys: DefaultKeyMap(), help: help.New(), dialog: -1, guideMax: new(int)}
	*m.guideMax = -1
	m.styles = NewStyles(true)
	m.help.Styles = m.styles.Help()
	m.pick = max(opts.Pick, 0)
	m.onSaved = opts.Saved != nil && !opts.SkipPicker
	if opts.Resume != nil {
		m.openResumed(opts.Resume, opts.Notes)
		return m
	}
	if opts.SkipPicker && opts.Pick >= 0 && opts.Pick < len(opts.Entries) && opts.Entries[opts.Pick].Compiled != nil {
		m.startSetup()
	}
	return m
}

// openResumed opens a session restored from its journal where it stopped:
// on its turn, or on its end screen if it is over (as a spectator's, on the
// briefing: Options.Spectate). notes are the journal's warnings.
func (m *Model) openResumed(sess *Session, notes []string) {
	m.sess = sess
	m.adv = adviser{} // a new game's adviser opens on its first doctrine
	m.preview = sess.C.NewOrders()
	if n := len(sess.Results); n > 0 { // the intelligence panel's "Last turn's moves"
		last := sess.Results[n-1]
		m.last = &last
	}
	m.message = fmt.Sprintf("resumed %s at %s %d", filepath.Base(sess.JournalPath), sess.C.TurnLabel, sess.Game.Turn())
	if sess.forkOf != "" {
		// Not "resumed": the player saved no such game (lattice play
		// --fork said it resumed a journal it had just made).
		m.message = fmt.Sprintf("a new game, forked from %s after %s %d: its own journal is %s", sess.forkOf, strings.ToLower(sess.C.TurnLabel), sess.forkAt, filepath.Base(sess.JournalPath))
	}
	if sess.Over() {
		m.message = fmt.Sprintf("%s: this game is over (after %s %d); here is how it ended", filepath.Base(sess.JournalPath), strings.ToLower(sess.C.TurnLabel), sess.Game.Turn())
	}
	if len(notes) > 0 {
		m.message += " (" + strings.Join(notes, "; ") + ")"
	}
	switch {
	case sess.Over():
		m.screen = scrEnd
	case m.opts.Spectate:
		m.spectate()
	case sess.restored && len(sess.Results) > 0 && sess.pending == nil && len(sess.pendingActs) == 0 && sess.forkOf == "" && len(notes) == 0:
		// Nothing drafted for the turn yet: the game was left on the last
		// turn's results (or just after them), which are shown again
		// before the turn, as a game not left would have shown them. A
		// resume opened the next turn, its results never seen.
		m.screen, m.scroll = scrResults, 0
		m.message += fmt.Sprintf(": %s %d's results first, then enter", strings.ToLower(sess.C.TurnLabel), m.last.Turn)
	default:
		m.startTurn()
	}
}

// restyle sets the styles for the background and the colour profile.
func (m *Model) restyle() {
	m.styles = newStyles(m.dark, m.ansi16)
	m.help.Styles = m.styles.Help()
}

// Interrupted reports whether the interface was left with ctrl+c (the
// game's journal is saved as on q): lattice play then exits 130, the
// convention for an interrupted program.
func (m Model) Interrupted() bool { return m.interrupted }

// Unfinished returns the journal of the game the interface was left in
// before its end ("" if none: no game begun, the game over, spectating,
// or no journal), for the command to say where it is kept and how to go
// on with it once the screen is the shell's again.
func (m Model) Unfinished() string {
	if m.sess == nil || m.sess.Over() || m.opts.Spectate || m.sess.Journal == nil {
		return ""
	}
	return m.sess.JournalPath
}

// ResumeFlags is what the command that resumes the unfinished game needs
// after --resume FILE: " --white-cell" where the game had the console and
// would come back without it (its journal neither says it had one nor
// shows its acts: resumedWhiteCell), else "". The quit dialog and the
// line play prints at exit give the same command.
func (m Model) ResumeFlags() string {
	if m.sess == nil || !m.opts.WhiteCell {
		return ""
	}
	if back, _ := resumedWhiteCell(m.sess, false); back {
		return ""
	}
	return " --white-cell"
}

// CloseJournal closes the journal of the game the interface played, if
// any, writing first what it kept from writes that failed (a last try),
// and returns the notes for the host no screen has shown (a folder made
// private, a failure and its catch-up) and the error that says which
// records are lost. The command calls it once the interface has ended:
// the process would otherwise exit with those records unwritten.
func (m Model) CloseJournal() (notes []string, err error) {
	notes = slices.Clone(m.hostNotes)
	if m.sess == nil || m.sess.Journal == nil {
		return notes, nil
	}
	err = m.sess.Journal.Close()
	return append(notes, m.sess.JournalNotes()...), err
}

// Init asks the terminal for its background colour (light or dark styles).
func (m Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update handles a message.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if m.seat != nil {
			// A seat's status line takes the top line (render adds it): its
			// screens, and the scrolling of them, get one line less. Set
			// here, once, so that what draws and what scrolls agree.
			m.height--
		}
		m.help.SetWidth(msg.Width)
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark, m.bgKnown = msg.IsDark(), true
		m.restyle()
		return m, nil
	case tea.EnvMsg: // sent once at the start, before any answer to the query
		if dark, ok := darkFromColorFGBG(msg.Getenv("COLORFGBG")); ok && !m.bgKnown {
			m.dark = dark
			m.restyle()
		}
		return m, nil
	case tea.ColorProfileMsg: // sent at the start
		m.ansi16 = msg.Profile == colorprofile.ANSI
		m.restyle()
		return m, nil
	case tea.KeyPressMsg:
		return m.key(msg)
	case tea.PasteMsg: // a White cell pastes the reasons it wrote down beforehand
		if m.wc != nil && m.pinAsk == 0 && !m.confirmQuit && !m.tooSmall() {
			m.wc.paste(msg.Content)
		}
	}
	return m, nil
}

func (m Model) key(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if key.Matches(msg, k.ForceQuit) {
		m.quitting, m.interrupted = true, true
		return m, tea.Quit
	}
	if m.tooSmall() {
		// The game is hidden behind the notice: no key may act on it
		// unseen. Only quitting works, as the notice says (q, then y).
		switch {
		case m.confirmQuit && key.Matches(msg, k.Yes):
			m.quitting = true
			return m, tea.Quit
		case m.confirmQuit && (key.Matches(msg, k.No) || key.Matches(msg, k.Quit)):
			m.confirmQuit = false
		case !m.confirmQuit && key.Matches(msg, k.Quit):
			m.confirmQuit = true
		}
		return m, nil
	}
	if m.pinAsk != 0 {
		return m.pinKey(msg)
	}
	if m.wc != nil && !m.confirmQuit { // the console takes every key, q and ? included (typed in reasons)
		return m.whiteCellKey(msg)
	}
	if m.confirmQuit {
		switch {
		case key.Matches(msg, k.Yes):
			m.quitting = true
			return m, tea.Quit
		case key.Matches(msg, k.No), key.Matches(msg, k.Quit):
			m.confirmQuit = false
		}
		return m, nil
	}
	if key.Matches(msg, k.Quit) && !m.setup.editingSeed { // an event's dialog too: only ctrl+c left it
		m.confirmQuit = true
		return m, nil
	}
	if key.Matches(msg, k.Help) && m.screen == scrHandover && m.wc == nil {
		// Not here: the hand-over has its keys on its line, and the help
		// toggled here opened over the next team's turn screen.
		return m, nil
	}
	if key.Matches(msg, k.Help) {
		m.fullHelp, m.helpAt = !m.fullHelp, 0
		return m, nil
	}
	if m.fullHelp && m.wc == nil && key.Matches(msg, k.Back) {
		m.fullHelp = false // Esc closes the help, as ? does, on every screen (over an event's dialog too: it did nothing there)
		return m, nil
	}
	if m.fullHelp && (m.screen == scrTurn || m.screen == scrAdversary || (m.screen == scrResults || m.screen == scrEnd) && !m.opts.Spectate) && m.wc == nil {
		// The reading guide covers the turn screen, the results or the end: no
		// key acts on the screen behind it (← took points off, enter
		// asked to commit). Esc closes it, as ? does.
		switch {
		case key.Matches(msg, k.Back):
			m.fullHelp = false
		case key.Matches(msg, k.Up):
			m.helpAt = max(m.helpAt-1, 0)
		case key.Matches(msg, k.Down):
			m.helpAt++
		case msg.String() == "pgup":
			m.helpAt = max(m.helpAt-max(m.height-4, 1), 0)
		case msg.String() == "pgdown" || msg.String() == "space":
			m.helpAt += max(m.height-4, 1)
		case msg.String() == "home":
			m.helpAt = 0
		}
		// No further than the last page, as the last frame drew it, so that
		// ↑ scrolls back at once.
		if m.guideMax != nil && *m.guideMax >= 0 {
			m.helpAt = min(m.helpAt, *m.guideMax)
		}
		return m, nil
	}
	if m.opts.WhiteCell && msg.String() == "W" && m.sess != nil && !m.showCharts && m.dialog < 0 && !m.confirmEnd &&
		(m.screen == scrHandover || m.screen == scrBriefing || m.screen == scrResults || m.screen == scrTurn || m.screen == scrEnd) {
		m.pinIn, m.pinErr = nil, ""
		m.message = "" // the team's line (the first turn's tip) took the console's keys' place, as any key clears it

		switch {
		case !m.opts.WhiteCellPIN:
			m.wc = &console{by: "White cell"}
		case !m.wcPINAsked:
			m.pinAsk = pinChoose
		case m.wcPIN != "":
			m.pinAsk = pinEnter
		default:
			m.wc = &console{by: "White cell"}
		}
		return m, nil
	}
	m.message = ""
	if m.seat != nil && !m.showCharts {
		nm, cmd, done := m.seatKey(msg)
		if done {
			return nm, cmd
		}
		m = nm
	}
	if m.showCharts {
		switch {
		case key.Matches(msg, k.Charts), key.Matches(msg, k.Back):
			m.showCharts = false
		case key.Matches(msg, k.PrevMetric):
			m.chartMetric = (m.chartMetric + len(m.sess.C.Metrics) - 1) % len(m.sess.C.Metrics)
		case key.Matches(msg, k.NextMetric):
			m.chartMetric = (m.chartMetric + 1) % len(m.sess.C.Metrics)
		}
		return m, nil
	}
	if m.sess != nil && key.Matches(msg, k.Charts) && m.screen != scrHandover && m.dialog < 0 {
		m.showCharts = true
		return m, nil
	}
	switch m.screen {
	case scrPicker:
		return m.pickerKey(msg)
	case scrSetup:
		return m.setupKey(msg)
	case scrBriefing:
		switch {
		case key.Matches(msg, k.Commit):
			m.scroll = 0
			m.startTurn()
		case key.Matches(msg, k.Back) && m.canBackToSetup():
			m.backToSetup()
		default:
			m.scrollKey(msg)
		}
	case scrAdversary:
		return m.adversaryKey(msg)
	case scrHandover:
		// Space hands over, not enter: the enter that commits a team's
		// turn, pressed twice, passed this screen too, and the team read
		// the next one's private objective and could commit its points.
		switch {
		case msg.String() == "space":
			m.screen = m.nextScr
			m.enterSide()
		case key.Matches(msg, k.Commit):
			m.message = "space when " + m.sess.C.Sides[m.side].Name + " is at the keyboard (enter does nothing here: a second enter of the last commit would pass this screen)"
		}
	case scrTurn:
		return m.turnKey(msg)
	case scrResults:
		switch {
		case key.Matches(msg, k.Commit):
			m.scroll = 0
			if m.sess.Over() {
				m.screen = scrEnd
			} else {
				m.startTurn()
			}
		default:
			m.scrollKey(msg)
		}
	case scrEnd:
		switch {
		case key.Matches(msg, k.Commit):
			m.confirmQuit = true
		case m.canPlayAgain() && key.Matches(msg, k.PlayAgain):
			m.playAgain()
		case m.canPlayAgain() && key.Matches(msg, k.OtherScenario):
			// The cursor on the scenario just played, as after a game set
			// up here: a game continued from the picker left it where it
			// was before ("s" after taiwan-strait showed "▸ tutorial").
			if i := m.entryOf(m.sess.C); i >= 0 {
				m.pick, m.onSaved = i, false
			}
			m.newGame()
			m.screen = scrPicker
		default:
			m.scrollKey(msg)
		}
	}
	return m, nil
}

// ---- picker ----------------------------------------------------------------

func (m Model) pickerKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		if m.pick == 0 && m.opts.Saved != nil {
			m.onSaved = true
		}
		m.pick = max(m.pick-1, 0)
	case key.Matches(msg, k.Down):
		if m.onSaved {
			m.onSaved = false
		} else {
			m.pick = min(m.pick+1, len(m.opts.Entries)-1)
		}
	case key.Matches(msg, k.Commit) && m.onSaved:
		sess, notes, err := Resume(m.opts.Saved.Path)
		if err != nil {
			m.message = "cannot continue the saved game: " + firstLine(err.Error())
			return m, nil
		}
		m.opts.Saved, m.onSaved = nil, false // played on now: "s another scenario" at the end offers the scenarios
		// The White-cell console it had, as play --resume gives it back.
		keep, note := resumedWhiteCell(sess, m.opts.WhiteCell)
		if m.opts.WhiteCell = keep; note != "" {
			notes = append(notes, note)
		}
		m.openResumed(sess, notes)
	case key.Matches(msg, k.Commit):
		if e := m.opts.Entries[m.pick]; e.Compiled == nil {
			m.message = "cannot play " + e.Name + ": " + firstLine(e.Err)
		} else {
			m.startSetup()
		}
	}
	return m, nil
}

// ---- setup -----------------------------------------------------------------

type setupState struct {
	entry   *Entry
	row     int
	hotseat bool
	you     int    // solo: the side played
	human   []bool // hotseat: sides played by people
	policy  []int  // by side: index into policyNames, or len(policyNames) for filePol
	// filePol holds, by side, the policy of the file the scenario names
	// for it (a policy .toml beside the scenario), offered after the
	// built-in ones; fileSrc its text, for the journal.
	filePol       []sim.Policy
	fileSrc       [][]byte
	levels        []string // difficulty levels
	level         int
	seed          string
	editingSeed   bool
	seedFresh     bool   // the first digit typed replaces the seed shown
	seedRandom    bool   // the seed shown was drawn at random
	seedWas       string // the seed before editing, kept if none is typed
	seedWasRandom bool
	whiteCell     bool // the White-cell console (W) in this game
}

var policyNames = []string{"balanced", "deterrence-first", "resilience-first", "alliance-first", "free-rider", "lookahead"}

// nPolicies is how many AI policies side s may be given: the built-in ones
// and the scenario's policy file for it, if any.
func (st *setupState) nPolicies(s int) int {
	if st.filePol[s] != nil {
		return len(policyNames) + 1
	}
	return len(policyNames)
}

// policyLabel names the AI policy chosen for side s.
func (st *setupState) policyLabel(s int) string {
	if st.policy[s] >= len(policyNames) {
		return st.filePol[s].Name() + " (" + filepath.Base(st.entry.Compiled.PolicyFile(s)) + ")"
	}
	return policyNames[st.policy[s]]
}

// loadPolicyFile reads the policy file the scenario names for side s, if it
// names one, into st.filePol and st.fileSrc, and chooses it. A file that
// cannot be read is said, and the side keeps a built-in policy.
func (m *Model) loadPolicyFile(st *setupState, s int) {
	c := st.entry.Compiled
	path := c.PolicyFile(s)
	if !strings.HasSuffix(path, ".toml") {
		return
	}
	var data []byte
	fi, err := os.Stat(path)
	switch {
	case err != nil:
	case !fi.Mode().IsRegular() || fi.Size() > 64<<10:
		err = fmt.Errorf("not a regular file of at most 64 KiB")
	default:
		data, err = os.ReadFile(path)
	}
	var p sim.Policy
	if err == nil {
		p, err = sim.ParsePolicy(path, data)
	}
	if err != nil {
		m.message = fmt.Sprintf("%s policy file: %s; it plays balanced unless you choose", sim.Possessive(c.Sides[s].Name), firstLine(sim.Sanitize(err.Error(), false)))
		return
	}
	st.filePol[s], st.fileSrc[s], st.policy[s] = p, data, len(policyNames)
}

func (m *Model) startSetup() {
	e := &m.opts.Entries[m.pick]
	c := e.Compiled
	st := setupState{entry: e, hotseat: m.opts.Hotseat, whiteCell: m.opts.WhiteCell, human: make([]bool, len(c.Sides)), policy: make([]int, len(c.Sides)),
		seed: strconv.FormatUint(max(m.opts.Seed, 1), 10)}
	if m.opts.RandomSeed {
		st.seed, st.seedRandom = strconv.FormatUint(randomSeed(), 10), true
	}
	st.you = c.Alliance()[0]
	if m.opts.Side != "" {
		if i := c.FindSide(m.opts.Side); i >= 0 {
			st.you = i
		}
	}
	st.filePol, st.fileSrc = make([]sim.Policy, len(c.Sides)), make([][]byte, len(c.Sides))
	for s := range c.Sides {
		st.human[s] = !c.Sides[s].Adversary
		for pi, n := range policyNames {
			if n == c.Sides[s].Policy {
				st.policy[s] = pi
			}
		}
		if !c.Sides[s].Adversary {
			m.loadPolicyFile(&st, s)
		}
	}
	// The levels in the scenario's order (easy, normal, hard as written),
	// with normal (as written) added where the scenario has none, and the
	// cursor on normal unless --difficulty says otherwise: ← is easier, →
	// harder. normal came first, so → went normal, easy, hard.
	if e.Scenario != nil {
		for _, d := range e.Scenario.Difficulty {
			st.levels = append(st.levels, d.ID)
		}
	}
	if !slices.Contains(st.levels, "normal") {
		st.levels = append([]string{"normal"}, st.levels...)
	}
	want := m.opts.Difficulty
	if want == "" {
		want = "normal"
	}
	st.level = max(slices.Index(st.levels, want), 0)
	m.setup = st
	m.screen = scrSetup
}

// setupRows lists the setup rows: mode, one per side, difficulty, seed,
// the White-cell console.
func (m *Model) setupRows() int { return 4 + len(m.setup.entry.Compiled.Sides) }

func (m Model) setupKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	st := &m.setup
	c := st.entry.Compiled
	nSides := len(c.Sides)
	seedRow := 2 + nSides
	if st.editingSeed {
		switch {
		case msg.String() == "backspace":
			st.seedRandom = false
			if len(st.seed) > 0 {
				st.seed = st.seed[:len(st.seed)-1]
			}
		case key.Matches(msg, k.Commit), msg.String() == "esc":
			st.editingSeed = false
			if st.seed == "" { // not seed 1 unsaid: the seed shown before stays
				st.seed, st.seedRandom = st.seedWas, st.seedWasRandom
				m.message = "no seed typed: the seed stays " + st.seed
			}
		case len(msg.Text) == 1 && msg.Text[0] >= '0' && msg.Text[0] <= '9' && len(st.seed) < 19:
			st.seed += msg.Text
		}
		return m, nil
	}
	dir := 0
	switch {
	case key.Matches(msg, k.Up):
		st.row = max(st.row-1, 0)
	case key.Matches(msg, k.Down):
		st.row = min(st.row+1, m.setupRows()-1)
	case key.Matches(msg, k.Back):
		if !m.opts.SkipPicker {
			m.screen = scrPicker
		}
	case key.Matches(msg, k.Add):
		dir = 1
	case key.Matches(msg, k.Remove):
		dir = -1
	case key.Matches(msg, k.Commit): // on the Seed row too, as the help line says: digits edit it
		return m.startGame()
	case len(msg.Text) == 1 && msg.Text[0] >= '0' && msg.Text[0] <= '9' && st.row == seedRow:
		st.seedWas, st.seedWasRandom = st.seed, st.seedRandom
		st.seed = msg.Text
		st.editingSeed, st.seedRandom = true, false
	case msg.String() == "backspace" && st.row == seedRow:
		st.seedWas, st.seedWasRandom = st.seed, st.seedRandom
		st.seed = st.seed[:max(len(st.seed)-1, 0)]
		st.editingSeed, st.seedRandom = true, false
	}
	if dir == 0 {
		return m, nil
	}
	switch r := st.row; {
	case r == 0:
		st.hotseat = !st.hotseat
	case r >= 1 && r <= nSides:
		s := r - 1
		if !st.hotseat {
			// Solo: an allied row cycles You, then each AI policy; the
			// adversary's row cycles You (Red team) and its doctrine.
			opts, cur := 2, 1
			if !c.Sides[s].Adversary {
				opts, cur = st.nPolicies(s)+1, st.policy[s]+1
			}
			if st.you == s {
				cur = 0
			}
			cur = (cur + opts + dir) % opts
			switch {
			case cur == 0:
				st.you = s
				// Said, not only shown: ← on the adversary's row made a
				// player the Red team without a word.
				m.message = "you play " + c.Sides[s].Name
				if c.Sides[s].Adversary {
					m.message += " as the Red team: the AI plays the allies"
				}
			case st.you == s:
				st.you = -1 // nobody yet: the game will not start until someone is chosen
				fallthrough
			default:
				if !c.Sides[s].Adversary {
					st.policy[s] = cur - 1
				}
			}
			return m, nil
		}
		if c.Sides[s].Adversary {
			st.human[s] = !st.human[s]
			return m, nil
		}
		// Allied row in hotseat: Human, then each AI policy.
		opts := st.nPolicies(s) + 1
		cur := 0
		if !st.human[s] {
			cur = st.policy[s] + 1
		}
		cur = (cur + opts + dir) % opts
		st.human[s] = cur == 0
		if cur > 0 {
			st.policy[s] = cur - 1
		}
	case r == nSides+1: // easier to the left, harder to the right: no wrapping round
		st.level = min(max(st.level+dir, 0), len(st.levels)-1)
	case r == nSides+3:
		st.whiteCell = !st.whiteCell
	}
	return m, nil
}

// sideSetting describes how a side will be played.
func (m *Model) sideSetting(s int) string {
	st := &m.setup
	c := st.entry.Compiled
	if !st.hotseat {
		switch {
		case st.you == s && c.Sides[s].Adversary:
			return "You (Red team)"
		case st.you == s:
			return "You"
		case c.Sides[s].Adversary:
			return "AI (doctrine)"
		}
		return "AI: " + st.policyLabel(s)
	}
	switch {
	case st.human[s] && c.Sides[s].Adversary:
		return "Human (Red team)"
	case st.human[s]:
		return "Human"
	case c.Sides[s].Adversary:
		return "AI (doctrine)"
	}
	return "AI: " + st.policyLabel(s)
}

func (m Model) startGame() (tea.Model, tea.Cmd) {
	st := &m.setup
	seed, err := strconv.ParseUint(st.seed, 10, 64)
	if err != nil {
		m.message = "the seed must be a whole number"
		return m, nil
	}
	level := st.levels[st.level]
	c := st.entry.Compiled
	if st.entry.Load != nil && level != "normal" {
		if c, err = st.entry.Load(level); err != nil {
			m.message = firstLine(err.Error())
			return m, nil
		}
	}
	human := make([]bool, len(c.Sides))
	pols := make([]sim.Policy, len(c.Sides))
	anyHuman := false
	for s := range c.Sides {
		if st.hotseat {
			human[s] = st.human[s]
		} else {
			human[s] = s == st.you
		}
		anyHuman = anyHuman || human[s]
		if !human[s] && !c.Sides[s].Adversary {
			if st.policy[s] >= len(policyNames) {
				pols[s] = st.filePol[s]
			} else {
				pols[s], _ = sim.PolicyByName(policyNames[st.policy[s]])
			}
		}
	}
	if !anyHuman {
		m.message = "choose at least one side for a person to play"
		return m, nil
	}
	m.sess = NewSession(c, seed, level, human, pols)
	m.sess.SetWritten(st.entry.Scenario)
	// The adviser opens on its first doctrine (balanced) in a new game:
	// it opened on the one browsed last, in another game, another
	// scenario even, where a newcomer's enter took a losing plan.
	m.adv = adviser{}
	m.sess.PolicySources = st.fileSrc // what the journal keeps of a policy file
	m.preview = c.NewOrders()
	m.opts.WhiteCell = st.whiteCell
	m.sess.whiteCell = st.whiteCell
	if m.opts.Journal {
		if w, err := startJournal(m.sess, st.entry.Name, m.opts.Version); err != nil {
			m.message = "this game is not being saved: " + firstLine(err.Error())
		} else {
			m.sess.Journal, m.sess.JournalPath = w, w.Path()
			if notes := m.sess.JournalNotes(); len(notes) > 0 { // folders an older lattice left open, made private
				m.message = firstLine(strings.Join(notes, "; "))
			}
		}
	}
	m.screen = scrBriefing
	m.scroll = 0
	return m, nil
}

// ---- turn flow -------------------------------------------------------------

// hotseat reports whether several people share the screen.
func (m *Model) hotseat() bool { return m.sess.Hotseat() }

// startTurn begins a turn: human adversaries plan first, then the turn is
// briefed and each human ally allocates in turn.
func (m *Model) startTurn() {
	m.sess.RestorePlans() // a Red plan committed before the game was closed stands
	m.advQ = m.advQ[:0]
	for _, a := range m.sess.HumanAdversaries() {
		if !m.sess.HasPlan(a) {
			m.advQ = append(m.advQ, a)
		}
	}
	if len(m.advQ) > 0 {
		m.side = m.advQ[0]
		m.advReal, m.advBluff = m.sess.RestoredMarks(m.side) // what it had marked before a resume, if anything
		m.sel = 0
		m.goTo(scrAdversary)
		return
	}
	m.briefAndQueue()
}

func (m *Model) briefAndQueue() {
	// A turn resumed from its journal brings back the White cell's acts of
	// it: each human ally is told of them again behind its own hand-over,
	// as it was before the game was closed (a server tells its seats so
	// too, Room.brief). A side that had committed before the act hears of
	// it at its next hand-over, as in a live game: the line names the
	// turn ("Week 1: set Cohesion to 52 — …").
	for _, line := range m.sess.briefRestored() {
		for _, a := range m.sess.HumanAllies() {
			if m.budgetNote == nil {
				m.budgetNote = map[int]string{}
			}
			m.budgetNote[a] = joinNotice(m.budgetNote[a], line)
		}
	}
	m.queue, m.reopened = m.queue[:0], nil
	for _, a := range m.sess.HumanAllies() {
		if !m.sess.Committed(a) { // a side that committed before a resume stays committed
			m.queue = append(m.queue, a)
		}
	}
	m.nextSide()
}

// nextSide moves to the next human ally, or adjudicates when all are done.
func (m *Model) nextSide() {
	if len(m.queue) == 0 {
		rec, err := m.sess.Adjudicate()
		if err != nil {
			m.message = err.Error()
			return
		}
		m.last = rec
		m.screen = scrResults
		m.scroll = 0
		return
	}
	m.side = m.queue[0]
	m.goTo(scrTurn)
}

// goTo shows screen s for m.side, behind a hand-over screen when several
// people share the terminal, so no team sees another's plan.
func (m *Model) goTo(s screen) {
	if m.hotseat() {
		m.nextScr = s
		m.screen = scrHandover
		return
	}
	m.screen = s
	m.enterSide()
}

// enterSide prepares the screen for the side about to play.
func (m *Model) enterSide() {
	m.sel, m.focus, m.intelAt, m.whyAt, m.confirmEnd = 0, 1, 0, 0, false
	m.details, m.detailsAt = false, 0
	m.dialog, m.redo = -1, nil
	if m.screen == scrTurn {
		m.sel = m.firstUsableLever()
		m.openDialog()
		if m.sess.Game.Turn() == 1 && len(m.sess.Results) == 0 && m.dialog < 0 && m.message == "" {
			// The first turn of a game: the loop in a line, until a key.
			m.message = firstTurnTip[0]
		}
		if m.sess.Game.Turn() == 2 && len(m.sess.Results) == 1 && m.dialog < 0 && m.message == "" {
			// The second: where "why?" is, and what the change column
			// holds now (every metric read ▼…! with no word of drift).
			m.message = secondTurnTip[0]
		}
		if note := m.budgetNote[m.side]; note != "" {
			delete(m.budgetNote, m.side)
			m.message = note
		}
		if m.reopened[m.side] { // behind its own hand-over: its numbers are its own
			delete(m.reopened, m.side)
			m.message = "the White cell's act reopened your committed draft: check it and commit again"
			if err := m.sess.CheckSide(m.sess.Orders, m.side); err != nil { // as it stands now, after every act since
				m.message = fmt.Sprintf("the White cell's act: your committed draft no longer fits (%v): change it and commit again", err)
			}
		}
		if m.sess.Game.Turn() >= 3 && !m.advTipped && m.adv.plans == nil && m.dialog < 0 && m.message == "" && m.adviserOffered() {
			// The first turn from the third without an event's dialog
			// or a word of the White cell's, in a solo game whose player
			// has not asked the adviser: a and r, which the key line
			// leaves to the ? screen at 80 columns. (Given before the
			// White cell's word, it was used up unseen.)
			m.message, m.advTipped = adviserTip[0], true
		}
	}
}

// firstUsableLever is the first lever the side at the screen may add a
// point to (0 if none): the cursor starts there, not on a locked lever.
func (m *Model) firstUsableLever() int {
	for l := range m.sess.C.Levers {
		if m.sess.Game.LeverLock(m.side, l) == "" {
			return l
		}
	}
	return 0
}

// openDialog opens the next inject this side must decide, if any.
func (m *Model) openDialog() {
	m.dialog, m.redo, m.dialogFull = -1, nil, false
	var v sim.View
	m.sess.Game.ViewInto(m.side, &v)
	for _, i := range v.Decides {
		if m.sess.Orders.Choices[i] < 0 {
			m.dialog, m.dialogSel, m.dialogArmed = i, 0, false
			return
		}
	}
}

func (m Model) turnKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	c := m.sess.C
	if m.dialog >= 0 && m.dialogFull { // the whole text: it scrolls; i, esc or enter go back to the choices
		switch {
		case key.Matches(msg, k.scrollUp):
			m.dialogAt = max(m.dialogAt-1, 0)
		case key.Matches(msg, k.scrollDown):
			m.dialogAt++
		case key.Matches(msg, k.pageUp):
			m.dialogAt = max(m.dialogAt-m.height/2, 0)
		case key.Matches(msg, k.pageDown):
			m.dialogAt += m.height / 2
		case key.Matches(msg, k.Details), key.Matches(msg, k.Back), key.Matches(msg, k.Commit):
			m.dialogFull = false
		}
		m.dialogAt = min(m.dialogAt, max(len(m.injectFullLines())-m.dialogFullHeight(), 0))
		return m, nil
	}
	if m.dialog >= 0 {
		in := &c.Injects[m.dialog]
		switch {
		case key.Matches(msg, k.Details):
			m.dialogFull, m.dialogAt = true, 0
		case key.Matches(msg, k.Up):
			m.dialogSel, m.dialogArmed = max(m.dialogSel-1, 0), true
		case key.Matches(msg, k.Down):
			m.dialogSel, m.dialogArmed = min(m.dialogSel+1, len(in.Choices)-1), true
		case key.Matches(msg, k.Back) && m.sess.Orders.Choices[m.dialog] >= 0:
			m.redo = nil // d's walk ends; the choice made stands
			m.openDialog()
		case key.Matches(msg, k.Add), key.Matches(msg, k.Remove), key.Matches(msg, k.Repeat):
			// Keys meant for the allocation, typed on as the results gave
			// way to the event (over SSH a team's "↓ → → enter" decided
			// the event unread): they disarm enter, and say why.
			m.dialogArmed = false
			m.message = fmt.Sprintf("decide %q first: ↑/↓ picks a choice, enter twice takes it; then the allocation", in.Title)
		case key.Matches(msg, k.Commit) && !m.dialogArmed:
			m.dialogArmed = true
			m.message = fmt.Sprintf("enter again chooses %q; ↑/↓ picks another", in.Choices[m.dialogSel].Label)
		case key.Matches(msg, k.Commit):
			m.sess.Orders.Choices[m.dialog] = m.dialogSel
			m.saveDraft()
			if len(m.redo) > 0 {
				m.dialog, m.redo = m.redo[0], m.redo[1:]
				m.dialogSel = max(m.sess.Orders.Choices[m.dialog], 0)
			} else {
				m.openDialog()
			}
			if m.seat != nil {
				m.seat.room.Changed()
			}
		}
		return m, nil
	}
	if msg.String() == "d" && !m.confirmEnd { // change a decision made this turn
		var v sim.View
		m.sess.Game.ViewInto(m.side, &v)
		var done []int
		for _, i := range v.Decides {
			if m.sess.Orders.Choices[i] >= 0 {
				done = append(done, i)
			}
		}
		if len(done) == 0 {
			m.message = "no decision of yours to change this " + strings.ToLower(c.TurnLabel)
			return m, nil
		}
		m.dialog, m.redo = done[0], done[1:]
		m.dialogSel = m.sess.Orders.Choices[m.dialog]
		return m, nil
	}
	if m.adv.open {
		return m.adviserKeyPress(msg)
	}
	if m.confirmEnd {
		switch {
		case key.Matches(msg, k.Yes), key.Matches(msg, k.Commit) && !m.nothingAllocated():
			m.confirmEnd = false
			return m.commit()
		case key.Matches(msg, k.No):
			m.confirmEnd = false
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Details), m.details && m.focus == 1 && key.Matches(msg, k.Back):
		// The lever's whole text and every fact, the AI ally's reasons
		// among them: at 80×24 the list leaves a line or two for them.
		m.details, m.detailsAt = !m.details || m.focus != 1, 0
		m.focus = 1
	case m.details && m.focus == 1 && key.Matches(msg, k.WhyUp):
		m.detailsAt = max(m.detailsAt-m.detailsPage(), 0)
	case m.details && m.focus == 1 && key.Matches(msg, k.WhyDown):
		m.detailsAt = min(m.detailsAt+m.detailsPage(), m.detailsHidden())
	case key.Matches(msg, k.Repeat):
		m.repeatLast()
	case key.Matches(msg, adviserKey) && m.adviserOffered():
		m.adv.open, m.adv.plans = true, &adviceCache{}
	case key.Matches(msg, adviserKey) && (m.seat != nil || m.hotseat()):
		// As r and d answer where they do nothing: a seminar team that
		// pressed a (the README's keys list it) saw nothing happen.
		m.message = "no adviser here: a seminar's teams decide alone (the adviser is for solo games)"

	case key.Matches(msg, k.Tab), key.Matches(msg, k.PrevTab):
		step := 1
		if key.Matches(msg, k.PrevTab) {
			step = 2 // one back, round the three panels
		}
		m.focus = (m.focus + step) % 3
		m.intelAt, m.whyAt, m.details = 0, 0, false
	case m.focus == 0 && key.Matches(msg, k.Up):
		m.metricSel = (m.metricSel + len(c.Metrics) - 1) % len(c.Metrics)
		m.whyAt = 0
	case m.focus == 0 && key.Matches(msg, k.Down):
		m.metricSel = (m.metricSel + 1) % len(c.Metrics)
		m.whyAt = 0
	case m.focus == 0 && key.Matches(msg, k.WhyUp):
		m.whyAt = max(m.whyAt-m.whyPage(), 0)
	case m.focus == 0 && key.Matches(msg, k.WhyDown):
		m.whyAt = min(m.whyAt+m.whyPage(), m.whyHidden())
	case m.focus != 1 && (key.Matches(msg, k.Add) || key.Matches(msg, k.Remove)):
		// Not a point on a lever out of sight (the events' → added one).
		m.message = map[int]string{0: "the metrics", 2: "the events"}[m.focus] + " have the focus: tab to the allocation to change points"
	case m.focus == 2 && key.Matches(msg, k.Up):
		m.intelAt = max(m.intelAt-1, 0)
	case m.focus == 2 && key.Matches(msg, k.Down):
		m.intelAt = min(m.intelAt+1, m.intelHidden())
	case m.focus == 2 && key.Matches(msg, k.WhyUp): // a page at a time, as the why? panel and the results scroll
		m.intelAt = max(m.intelAt-m.intelPage(), 0)
	case m.focus == 2 && key.Matches(msg, k.WhyDown):
		m.intelAt = min(m.intelAt+m.intelPage(), m.intelHidden())
	case key.Matches(msg, k.Up):
		m.stepLever(-1)
	case key.Matches(msg, k.Down):
		m.stepLever(+1)
	case key.Matches(msg, k.Add):
		m.adjust(+1)
	case key.Matches(msg, k.Remove):
		m.adjust(-1)
	case m.focus != 1 && key.Matches(msg, k.Commit):
		// Enter on the metrics or the events reads as "open this", not
		// "end my turn": it committed at once, with no way back. It takes
		// the player to the allocation, whose enter commits.
		m.focus, m.intelAt, m.whyAt = 1, 0, 0
		m.message = "the allocation has the focus now: enter again to commit"
	case key.Matches(msg, k.Commit):
		if m.seat != nil { // a seat that may not commit is told so first
			if err := m.seat.room.mayCommit(m.seat.me); err != nil {
				m.message = err.Error()
				return m, nil
			}
		}
		g := m.sess.Game
		if g.CanAddPoint(m.sess.Orders, m.side) { // budget left that a point could still use
			m.confirmEnd = true
			return m, nil
		}
		if g.Shortfall(m.sess.Orders, m.side) > 0 { // short of the visible minimum: the scenario's shortfall costs
			m.confirmEnd = true
			return m, nil
		}
		return m.commit()
	}
	return m, nil
}

// stepLever selects the next lever (d = +1) or the previous one (−1) that
// the side may use, round the list.
func (m *Model) stepLever(d int) {
	n := len(m.sess.C.Levers)
	for range n {
		m.sel = (m.sel + d + n) % n
		if m.sideLever(m.sel) {
			break
		}
	}
	m.detailsAt = 0
}

// nothingAllocated reports whether the side at the screen has no point
// on any lever: then only y commits, as the question says, since enter,
// pressed once too often after the hand-over's, would throw the whole turn
// away.
func (m Model) nothingAllocated() bool {
	return m.sess.Game.Spend(m.sess.Orders, m.side) == 0
}

// repeatLast replaces this side's draft with its allocation of last turn,
// point by point within this turn's budget and locks, and says what did
// not fit.
func (m *Model) repeatLast() {
	c := m.sess.C
	var v sim.View
	m.sess.Game.ViewInto(m.side, &v)
	last, total := make([]int, len(c.Levers)), 0
	for l := range last {
		last[l] = v.Levers[l].Last
		total += last[l]
	}
	if total == 0 {
		m.message = "nothing to repeat: no points last " + strings.ToLower(c.TurnLabel)
		return
	}
	placed, _ := m.sess.fitDraft(m.side, last)
	m.message = fmt.Sprintf("repeated last %s's allocation: %d point%s", strings.ToLower(c.TurnLabel), placed, map[bool]string{true: "", false: "s"}[placed == 1])
	if placed < total {
		// Why the rest did not fit, in the engine's words: the first lever
		// short, asked for one more point.
		o, g := m.sess.Orders, m.sess.Game
		why := ""
		for l := range last {
			if got := o.Get(m.side, l); got < last[l] {
				if lock := g.LeverLock(m.side, l); lock != "" {
					why = c.Levers[l].Name + ": " + lock
				} else {
					o.Set(m.side, l, got+1)
					if err := m.sess.CheckSide(o, m.side); err != nil {
						why = err.Error()
					}
					o.Set(m.side, l, got)
				}
				if why != "" {
					break
				}
			}
		}
		// Which, where the reason does not name the one lever short: the
		// draft was left short without a word of where.
		var short []string
		named := false // the reason names the one lever short
		for l := range last {
			if got := o.Get(m.side, l); got < last[l] {
				short = append(short, fmt.Sprintf("%s −%d", c.Levers[l].Name, last[l]-got))
				named = strings.HasPrefix(why, c.Levers[l].Name+":")
			}
		}
		m.message += fmt.Sprintf("; %d did not fit", total-placed)
		if len(short) > 1 || !named {
			m.message += " (" + strings.Join(short, ", ") + ")"
		}
		if why != "" {
			m.message += " — " + why
		}
	}
	m.saveDraft()
	if m.seat != nil {
		m.seat.room.Changed()
	}
}

// adjust adds or removes a point on the selected lever; the engine's Check
// says whether the draft is allowed.
func (m *Model) adjust(d int) {
	o := m.sess.Orders
	g := m.sess.Game
	cur := o.Get(m.side, m.sel)
	if cur+d < 0 {
		return
	}
	if why := g.LeverLock(m.side, m.sel); why != "" && d > 0 {
		m.message = m.sess.C.Levers[m.sel].Name + ": " + why
		return
	}
	o.Set(m.side, m.sel, cur+d)
	if err := m.sess.CheckSide(o, m.side); err != nil && d > 0 { // this side's draft only: another's is not ours to see
		m.message = m.refusal(err)
		o.Set(m.side, m.sel, cur)
		return
	}
	m.saveDraft()
	if m.seat != nil {
		m.seat.room.Changed() // teammates see the draft live
	}
}

// refusal says why the point just put on the selected lever is refused,
// in the player's words where the engine's are about the whole draft
// ("South Korea: spends 7.0 but only 6.5 is available this turn" on a
// press of →): the lever is full, or the budget has no room for it. The
// draft still holds the refused point.
func (m Model) refusal(err error) string {
	c := m.sess.C
	g := m.sess.Game
	li := &c.Levers[m.sel]
	var pe *sim.PointsError
	if !errors.As(err, &pe) {
		return err.Error()
	}
	switch pe.Problem {
	case sim.PointsOverMax:
		return fmt.Sprintf("%s is full: at most %s a %s", c.Levers[pe.Lever].Name, sim.Plural(pe.Max, "point"), strings.ToLower(c.TurnLabel))
	case sim.PointsOverBudget: // the point just put on the selected lever is the one over
		left := pe.Available - (pe.Spend - li.Cost)
		p := budgetPrec(g.Budget(m.side), g.Upkeep(m.side), pe.Spend-li.Cost, left)
		return fmt.Sprintf("no room in the budget: a point here costs %s, and %s is left", li.Cost.Format(p), left.Format(p))
	}
	return err.Error()
}

func (m Model) commit() (tea.Model, tea.Cmd) {
	if m.seat != nil {
		return m.seatCommit()
	}
	if err := m.sess.CheckSide(m.sess.Orders, m.side); err != nil {
		m.message = err.Error()
		return m, nil
	}
	m.sess.Commit(m.side)
	m.saveDraft()
	m.queue = m.queue[1:]
	m.nextSide()
	return m, nil
}

// ---- adversary -------------------------------------------------------------

func (m Model) adversaryKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	if !key.Matches(msg, k.Commit) {
		m.confirmEnd = false
	}
	book := m.sess.C.Sides[m.side].Playbook
	a := book[min(m.sel, len(book)-1)]
	if key.Matches(msg, k.Tab) || key.Matches(msg, k.PrevTab) { // the playbook, or the metrics as the Red team's View shows them
		m.focus = 1 - min(m.focus, 1)
		m.whyAt = 0
		return m, nil
	}
	if m.focus == 0 && !key.Matches(msg, k.Commit) {
		// ↑/↓ pick the metric the "why?" panel explains, as on the allies'
		// screen (the ▸ showed a cursor that never moved); the moves are
		// marked on the playbook.
		n := len(m.sess.C.Metrics)
		switch {
		case key.Matches(msg, k.Up):
			m.metricSel, m.whyAt = (m.metricSel+n-1)%n, 0
		case key.Matches(msg, k.Down):
			m.metricSel, m.whyAt = (m.metricSel+1)%n, 0
		case key.Matches(msg, k.WhyUp):
			m.whyAt = max(m.whyAt-m.whyPage(), 0)
		case key.Matches(msg, k.WhyDown):
			m.whyAt = min(m.whyAt+m.whyPage(), m.whyHidden())
		}
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Up):
		m.sel = (m.sel + len(book) - 1) % len(book)
	case key.Matches(msg, k.Down):
		m.sel = (m.sel + 1) % len(book)
	case key.Matches(msg, k.Bluff) && !m.sess.C.Actions[a].Bluff:
		m.message = m.sess.C.Actions[a].Name + " cannot be a bluff: when signalled it is always real (r marks it)"
		return m, nil
	case key.Matches(msg, k.Real), key.Matches(msg, k.Bluff):
		real, bluff := maps.Clone(m.advReal), maps.Clone(m.advBluff)
		if key.Matches(msg, k.Real) {
			real[a] = !real[a]
			delete(bluff, a)
		} else {
			bluff[a] = !bluff[a]
			delete(real, a)
		}
		r, b := chosen(book, real), chosen(book, bluff)
		if err := m.sess.Game.CheckPlan(m.side, r, b); err != nil {
			m.message = err.Error()
			return m, nil
		}
		m.advReal, m.advBluff = real, bluff
		// The marks survive a restart, as an ally's draft does.
		m.sess.MarkAdversary(m.side, real, bluff)
		m.saveDraft()
		if m.seat != nil { // the Red team's members share one draft
			m.seat.room.redReal[m.side], m.seat.room.redBluff[m.side] = real, bluff
			m.seat.room.Changed()
		}
	case key.Matches(msg, k.Commit):
		real, bluffs := chosen(book, m.advReal), chosen(book, m.advBluff)
		if len(real) == 0 && !m.confirmEnd && m.sess.C.Sides[m.side].Actions > 0 {
			m.message = "no real move marked: press enter again to pass this turn, or r to mark one"
			m.confirmEnd = true
			return m, nil
		}
		// Fewer moves than the side may make: asked, as the allies are of
		// budget left (one enter committed a Red team's week with 1 of its
		// 2 real moves and no bluff).
		if !m.confirmEnd {
			if ask := m.redPlanShort(book, real, bluffs); ask != "" {
				m.message = ask
				m.confirmEnd = true
				return m, nil
			}
		}
		m.confirmEnd = false
		if m.seat != nil {
			return m.seatPlan(real, bluffs)
		}
		if err := m.sess.PlanAdversary(m.side, real, bluffs); err != nil {
			m.message = err.Error()
			return m, nil
		}
		m.saveDraft() // the plan survives quitting before the turn is adjudicated
		m.advQ = m.advQ[1:]
		if len(m.advQ) > 0 {
			m.side = m.advQ[0]
			m.advReal, m.advBluff = m.sess.RestoredMarks(m.side)
			m.sel = 0
			m.goTo(scrAdversary)
			return m, nil
		}
		m.briefAndQueue()
	}
	return m, nil
}

// redPlanShort is the question to ask before a Red team's plan is
// committed with fewer real moves than the side may make this turn (as
// many as its playbook has available), or "".
func (m Model) redPlanShort(book, real, bluffs []int) string {
	si := &m.sess.C.Sides[m.side]
	usable, bluffable := 0, 0
	for _, a := range book {
		if m.sess.Game.ActionLock(a) == "" {
			usable++
			if m.sess.C.Actions[a].Bluff {
				bluffable++
			}
		}
	}
	// A move marked as a bluff is not free for a real one.
	maxReal := min(si.Actions, usable-len(bluffs))
	if len(real) >= maxReal { // bluffs are a choice, and none is a plan too
		return ""
	}
	marked := fmt.Sprintf("%d of %s", len(real), sim.Plural(maxReal, "real move"))
	if maxBluff := min(si.Bluffs, bluffable, usable-len(real)); maxBluff > 0 {
		marked += fmt.Sprintf(" and %d of %s", len(bluffs), sim.Plural(maxBluff, "bluff"))
	}
	return marked + " marked: enter again commits the plan; r marks another move"
}

// chosen lists the actions of book marked in set, in playbook order.
func chosen(book []int, set map[int]bool) []int {
	var out []int
	for _, x := range book {
		if set[x] {
			out = append(out, x)
		}
	}
	return out
}

// scrollKey scrolls the briefing, the results or the end screen: a line
// (↑/↓), a page (pgup/pgdown, space) or to the top or bottom (home/g,
// end/G).
func (m *Model) scrollKey(msg tea.KeyPressMsg) {
	k := m.keys
	page := max(m.scrollHeight()-1, 1)
	switch {
	case key.Matches(msg, k.scrollUp):
		m.scroll = max(m.scroll-1, 0)
	case key.Matches(msg, k.scrollDown):
		m.scroll = min(m.scroll+1, m.maxScroll())
	case key.Matches(msg, k.pageUp):
		m.scroll = max(m.scroll-page, 0)
	case key.Matches(msg, k.pageDown):
		m.scroll = min(m.scroll+page, m.maxScroll())
	case key.Matches(msg, k.top):
		m.scroll = 0
	case key.Matches(msg, k.bottom):
		m.scroll = m.maxScroll()
	}
}

// maxScroll is how far the current scrollable screen can scroll.
func (m Model) maxScroll() int {
	var text string
	switch m.screen {
	case scrBriefing:
		text = m.briefingText()
	case scrResults:
		text = m.resultsText()
	case scrEnd:
		text = m.endText()
	default:
		return 0
	}
	return max(strings.Count(strings.TrimRight(text, "\n"), "\n")+1-m.scrollHeight(), 0)
}

// scrollHeight is how many lines of scrolled text fit on screen.
func (m Model) scrollHeight() int { return max(m.height-4, 1) }

// ---- view ------------------------------------------------------------------

// View renders the current screen in the alternate screen buffer.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "Lattice"
	return v
}

// tooSmall reports whether the terminal is too small for the screens:
// render then draws only a notice, and key lets only quitting through.
func (m Model) tooSmall() bool {
	w, h := m.minSize()
	return m.width > 0 && m.height > 0 && (m.width < w || m.termHeight() < h)
}

// termHeight is the terminal's height: m.height and a seat's status line.
func (m Model) termHeight() int {
	if m.seat != nil {
		return m.height + 1
	}
	return m.height
}

// minSize is the smallest terminal the current screen draws on.
func (m Model) minSize() (w, h int) {
	switch {
	case m.wc != nil || m.pinAsk != 0:
		return MinWidth, MinHeight // the White-cell console is laid out for 80×24
	case m.confirmQuit || m.showCharts || m.fullHelp && m.screen != scrTurn && m.screen != scrAdversary:
		return textMinWidth, textMinHeight
	case m.screen == scrTurn || m.screen == scrAdversary:
		return turnMinWidth, turnMinHeight
	}
	return textMinWidth, textMinHeight
}

// render draws the screen as text, for View and for tests.
func (m Model) render() string {
	if m.quitting {
		return ""
	}
	if m.width == 0 || m.height == 0 {
		return ""
	}
	if m.tooSmall() {
		m.height = m.termHeight() // the notice has the whole terminal
		minW, minH := m.minSize()
		size := fmt.Sprintf("terminal too small (have %d×%d, need %d×%d)", m.width, m.height, minW, minH)
		short := fmt.Sprintf("too small: need %d×%d", minW, minH)
		// The longest notice that fits, wrapped: on a very small terminal
		// the quit hint, then the sizes, give way.
		tries := [][]string{{size, "(q, then y, quits)"}, {size}, {short}, {"too small"}}
		if m.confirmQuit { // the quit question, drawn here too, goes last
			tries = [][]string{{size, "Quit Lattice? y: quit · n: stay"}, {short, "Quit? y: quit · n: stay"}, {"Quit? y/n"}}
		}
		var msg string
		for _, msgs := range tries {
			wrapped := make([]string, len(msgs))
			for i, x := range msgs {
				wrapped[i] = x
				if ansi.StringWidth(x) > m.width { // wrapping pads to the width: only when it must, or it is not centred
					wrapped[i] = strings.TrimRight(lipgloss.NewStyle().Width(m.width).Render(x), " ") // wrap would not go below 10
				}
			}
			msg = strings.Join(wrapped, "\n")
			if strings.Count(msg, "\n") < m.height && lipgloss.Width(msg) <= m.width { // a word longer than the width is not broken
				break
			}
		}
		lines := strings.Split(lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, msg), "\n")
		lines = lines[:min(len(lines), m.height)] // nothing fits a terminal smaller than the last try
		for i := range lines {
			lines[i] = clip(lines[i], m.width)
		}
		return strings.Join(lines, "\n")
	}
	var body, status string
	if m.seat != nil { // a status line above the screen (m.height leaves it out)
		status = clip(m.seatStatus(), m.width)
	}
	switch {
	case m.confirmQuit:
		text := "y: quit    n: stay"
		switch {
		case m.seat != nil && !m.sess.Over():
			text = "Your side plays on without this terminal. Connect again with ssh to rejoin it.\n\ny: leave    n: stay"
		case m.sess != nil && m.sess.Over():
			text = "The game is over.\n\n" + text
		case m.sess != nil && m.sess.Journal != nil:
			// The flag only where the console would not come back with
			// the game (its journal says it had one, or shows its acts:
			// resumedWhiteCell); it was asked for always, and the command
			// exit printed, without it, differed.
			resume := "lattice play --resume latest" + m.ResumeFlags()
			saved := "The game is saved."
			if m.screen == scrTurn || m.screen == scrAdversary {
				saved = "The game is saved, the turn in progress included."
			}
			if n := m.sess.Journal.Kept(); n > 0 {
				// A write failed and the disk has not taken the records
				// since: quitting now loses them (the journal says so).
				what, pron := "record", "it is"
				if n > 1 {
					what, pron = fmt.Sprintf("%d records", n), "they are"
				}
				saved = fmt.Sprintf("The game is saved up to before its last %s, which the disk has refused so far: quit now and %s lost. Playing on tries again at each turn.", what, pron)
			}
			how := "Resume later with:\n  " + resume
			if !m.opts.WhiteCell {
				// A bare lattice offers it first ("Continue"): a player
				// who tried "lattice continue" was told of no command.
				how = "Resume later: lattice offers it first (Continue), or\n  " + resume
			}
			text = saved + "\n" + how + "\n\ny: quit    n: keep playing"
		case m.sess != nil:
			text = "The game in progress will end here.\n\ny: quit    n: keep playing"
		}
		body = m.dialogBox("Quit Lattice?", text)
	case m.pinAsk != 0:
		masked := strings.Repeat("•", len(m.pinIn)) + "█"
		text := "White-cell PIN: " + masked + "\n\nenter: open the console · esc: cancel"
		switch m.pinAsk {
		case pinChoose:
			text = "The console changes the game (injects, metrics, budgets, the end) and shows the adversary's real moves when asked. Choose a PIN for it, so that a team at this keyboard cannot open it (enter with none: no PIN). W asks for it from now on.\n\nPIN: " + masked + "\n\nenter: set it · esc: cancel"
		case pinConfirm:
			text = "Type the PIN again, to be sure of it.\n\nPIN: " + masked + "\n\nenter: set it and open the console · esc: cancel"
		}
		if m.pinErr != "" {
			text = m.pinErr + "\n\n" + text
		}
		body = m.dialogBox("White cell", text)
	case m.wc != nil:
		body = m.wc.view(hotseatCell{m.sess}, m.styles, m.width, m.height-1-m.noticeLines()) // a two-line notice took its last line
	case m.showCharts:
		body = m.chartsView()
	default:
		switch m.screen {
		case scrPicker:
			body = m.pickerView()
		case scrSetup:
			body = m.setupView()
		case scrBriefing:
			body = m.briefingView()
		case scrAdversary:
			body = m.adversaryView()
			if m.fullHelp { // the reading guide, above the full list of keys
				body = m.redGlossary(m.width - 2)
			}
		case scrHandover:
			body = m.handoverView()
		case scrTurn:
			body = m.turnView()
			if m.fullHelp { // the reading guide, above the full list of keys
				body = m.glossary(m.width - 2)
			}
		case scrResults:
			body = m.resultsView()
			if m.fullHelp && !m.opts.Spectate { // the reading guide, above the full list of keys
				body = m.resultsGlossary(m.width - 2)
			}
		case scrEnd:
			body = m.endView()
			if m.guideOpen() { // the reading guide, above the full list of keys
				body = m.endGlossary(m.width - 2)
			}
		case scrWait:
			body = m.waitView()
		}
	}
	if m.seat != nil {
		m.height = m.termHeight() // the frame fits the status line too
		body = status + "\n" + body
	}
	return m.frame(body)
}

// frame adds the notice line and the help line and fits the screen.
func (m Model) frame(body string) string {
	k := m.frameKeys()
	h := m.help
	h.ShowAll = m.fullHelp
	if k.context == ctxTurn && !m.fullHelp { // r, d and i where the line has room
		full := h
		full.SetWidth(0)
		for n := len(k.turnExtraKeys()); n > 0 && k.turnExtras == 0; n-- {
			wide := k
			wide.turnExtras = n
			if lipgloss.Width(full.View(wide)) <= m.width {
				k.turnExtras = n
			}
		}
	}
	footer := h.View(k)
	if !m.fullHelp && shortWidth(k.ShortHelp()) > m.width { // h cut it at the width, "? help • q quit" first
		footer = h.View(fitShortHelp(k, m.width))
	}
	guide := m.guideOpen()
	uncut := h
	uncut.SetWidth(0) // h cuts its columns to the width, the last to "…"
	if guide && lipgloss.Width(uncut.View(k)) > m.width {
		// The keys' columns do not fit (60 columns cut the third to "…"):
		// listed one a line under the reading guide, which scrolls.
		body = strings.TrimRight(body, "\n") + "\n\n" + keyList(k)
		footer = m.styles.Dim.Render(truncate("↑/↓ scroll • pgup/pgdn page • ? or esc back", m.width))
	}
	tip := m.message == firstTurnTip[0] || m.message == secondTurnTip[0] || m.message == adviserTip[0]
	if m.message != "" && !(tip && m.fullHelp) { // up to two lines (noticeLines): a refusal's reason comes last; a tip gives the ? screen its line
		lines := strings.Split(indentWrap(m.notice(), m.width-2, ""), "\n")
		if len(lines) > 2 {
			lines = lines[:2]
			lines[1] = truncate(strings.TrimRight(lines[1], " ")+" …", m.width-2)
		}
		footer = m.styles.Warn.Render("! "+strings.Join(lines, "\n  ")) + "\n" + footer
	} else if m.message == "" && m.keyContext() == ctxTurn && !m.fullHelp &&
		(m.width < narrowWidth || m.termHeight() < MinHeight) {
		// Narrower than 76 columns the turn screen stacks its panels, and
		// shorter than 24 lines it cuts them: its notice line, kept even
		// when empty, says what size shows them all (nothing said the
		// terminal was short of the full layout). Not under a dialog (the
		// adviser's, an event's, a confirmation), which is drawn to the
		// screen's height and lost its bottom line to the note.
		size := fmt.Sprintf("%d×%d: the full layout needs %d×%d", m.width, m.termHeight(), MinWidth, MinHeight)
		footer = m.styles.Dim.Render(truncate(size, m.width)) + "\n" + footer
	}
	bodyH := m.height - lipgloss.Height(footer)
	if guide { // a reading guide taller than the screen scrolls (↑/↓, pgup/pgdn)
		lines := strings.Split(strings.TrimRight(body, "\n"), "\n")
		if m.guideMax != nil {
			*m.guideMax = max(len(lines)-bodyH, 0)
		}
		body = m.pagedLines(lines, m.helpAt, bodyH)
	}
	lines := strings.Split(fitHeight(body, bodyH)+"\n"+footer, "\n")
	for i, l := range lines {
		lines[i] = clip(l, m.width)
	}
	return strings.Join(lines, "\n")
}

// frameKeys is the key map of the screen as it stands: which keys the
// key line shows.
func (m Model) frameKeys() KeyMap {
	k := m.keys
	k.context = m.keyContext()
	k.whiteCell = m.opts.WhiteCell && m.wc == nil
	k.seat = m.seat != nil
	k.noBack = m.opts.SkipPicker
	k.editingSeed = m.screen == scrSetup && m.setup.editingSeed
	k.scrollIntel = m.screen == scrTurn && m.focus == 2
	k.pickMetric = (m.screen == scrTurn || m.screen == scrAdversary) && m.focus == 0
	k.details = m.screen == scrTurn && m.focus == 1 && m.details
	if m.screen == scrTurn && m.dialog >= 0 && m.sess != nil {
		k.dialogFull = m.dialogFull
		_, cut := m.injectBody(m.injectBoxWidth())
		k.dialogCut = cut > 0
	}
	k.adviser = m.screen == scrTurn && m.adviserOffered()
	if m.confirmEnd && m.screen == scrTurn && !m.confirmQuit {
		k.commitAsk = commitYesEnter
		if m.nothingAllocated() {
			k.commitAsk = commitYes
		}
	}
	k.backToSetup = m.screen == scrBriefing && m.canBackToSetup()
	k.verdictNext = m.screen == scrResults && m.last != nil && m.last.Over && !m.opts.Spectate
	k.again = m.screen == scrEnd && m.canPlayAgain()
	return k
}

// guideOpen reports whether ? shows a reading guide over the turn screen,
// the results or the end screen (the guide, then the keys).
func (m Model) guideOpen() bool {
	return m.fullHelp && m.seat == nil && m.wc == nil && (m.screen == scrTurn || m.screen == scrAdversary || (m.screen == scrResults || m.screen == scrEnd) && !m.opts.Spectate)
}

// keyList lists k's full help one key a line, "key  what it does", for a
// screen too narrow for its columns.
func keyList(k KeyMap) string {
	var b strings.Builder
	for _, col := range k.FullHelp() {
		for _, kb := range col {
			if kb.Enabled() {
				fmt.Fprintf(&b, "%-11s %s\n", kb.Help().Key, kb.Help().Desc)
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// shortWidth is the width of the short key line of bindings, as
// bubbles/help draws it uncut: "key desc" items, " • " between them.
func shortWidth(bindings []key.Binding) int {
	w, n := 0, 0
	for _, b := range bindings {
		if b.Enabled() {
			w += ansi.StringWidth(b.Help().Key) + 1 + ansi.StringWidth(b.Help().Desc)
			n++
		}
	}
	return w + 3*max(n-1, 0)
}

// shortKeys is a KeyMap whose short line is the keys given.
type shortKeys struct {
	KeyMap
	short []key.Binding
}

func (k shortKeys) ShortHelp() []key.Binding { return k.short }

// fitShortHelp is k with its short line cut to w columns: first the
// asides in brackets go, the rightmost first; then keys, in tiers. The
// first tier keeps the line's first key (the arrows: what they move or
// scroll), enter, esc, y, ?, q and ctrl+c, and leaves out the others, c
// (charts) first, then the paging keys, then tab, then the rest, the
// rightmost first; the second lets esc and ? go too; the last keeps only q
// and ctrl+c. Cut at its end, the line lost "? help • q quit" first, and on
// the turn screen's stacked layout (60 to 75 columns) nothing said how to
// leave.
func fitShortHelp(k KeyMap, w int) help.KeyMap {
	tiers := []struct {
		first bool
		keys  []string
	}{
		{true, []string{"enter", "esc", "y", "?", "q", "ctrl+c"}},
		{true, []string{"enter", "y", "q", "ctrl+c"}},
		{false, []string{"q", "ctrl+c"}},
	}
	has := func(b key.Binding, keys ...string) bool {
		return slices.ContainsFunc(b.Keys(), func(s string) bool { return slices.Contains(keys, s) })
	}
	// The order keys give way in: the charts, which ? lists, first; then
	// the paging keys, which the panels and screens name where there is
	// more; then tab, which the panels name too ("tab, then ↑/↓").
	rank := func(b key.Binding) int {
		switch {
		case has(b, "c"):
			return 0
		case has(b, "pgdown", "pgup"):
			return 1
		case has(b, "tab"):
			return 2
		}
		return 3
	}
	short := slices.Clone(k.ShortHelp())
	// First the asides in brackets go, the rightmost first: "n play
	// again (new seed)" gives way before "c charts" does.
	for i := len(short) - 1; i >= 0 && shortWidth(short) > w; i-- {
		d := short[i].Help().Desc
		if j := strings.Index(d, " ("); j > 0 && strings.HasSuffix(d, ")") {
			short[i] = withHelp(short[i], d[:j])
		}
	}
	for _, keep := range tiers {
		kept := func(i int) bool { return i == 0 && keep.first || has(short[i], keep.keys...) }
		for shortWidth(short) > w {
			drop := -1 // the lowest rank, the rightmost of it
			for i := len(short) - 1; i >= 0; i-- {
				if !kept(i) && (drop < 0 || rank(short[i]) < rank(short[drop])) {
					drop = i
				}
			}
			if drop < 0 {
				break // the next tier, or the help model cuts what is left
			}
			short = slices.Delete(short, drop, drop+1)
		}
	}
	return shortKeys{k, short}
}

// firstTurnTip is the first turn's notice, the loop in a line, longest
// first: the notice line shows the longest that fits it (notice), so that
// at 80 columns it takes one line and leaves the panels theirs.
var firstTurnTip = []string{
	"your first turn: ↑/↓ pick a lever, → adds a point (the odds of signalled moves fall as you defend), enter commits; i explains the lever, ? every mark",
	"your first turn: → adds a point (the odds of signalled moves fall as you defend); i explains a lever, ? every mark",
	"your first turn: → adds a point (the odds fall as you defend); i explains a lever, ? every mark",
	"your first turn: → adds a point (the odds fall as you defend); i explains it",
	"first turn: → adds a point; the odds fall as you defend",
}

// secondTurnTip is the second turn's notice, in the same way: the change
// column now holds the drift and the events since the results (a new
// player read a column of ▼…! after a good turn), and tab, tab, ↑/↓ say
// why any number moved, which only the briefing's last lines and the ?
// screen said.
var secondTurnTip = []string{
	"the change column is the drift and events since the results; tab, tab, then ↑/↓: why any number moved",
	"change: the drift and events since the results; tab, tab, ↑/↓: why any number moved",
	"change: drift and events since the results; tab, tab: why? of each number",
	"tab, tab, then ↑/↓: why any number moved",
}

// adviserTip is a solo game's notice on its first turn from the third
// without an event's dialog, in the same way: the adviser and r, which the
// key line at 80 columns leaves out (a solo review at 80×24 met no word of
// either on the screen; only ? listed them).
var adviserTip = []string{
	"a: what each doctrine (balanced, deterrence-first, …) would put where this turn, and why; r repeats last turn's allocation",
	"a: an adviser's plan for this turn, doctrine by doctrine; r repeats last turn",
	"a: an adviser's plan for this turn; r repeats last turn",
	"a: an adviser's plan for this turn",
}

// notice is the notice line's text: the message, or for the turns' tips
// the longest form that fits one line.
func (m Model) notice() string {
	for _, tips := range [][]string{firstTurnTip, secondTurnTip, adviserTip} {
		if m.message != tips[0] {
			continue
		}
		for _, tip := range tips {
			if ansi.StringWidth(tip) <= m.width-2 {
				return tip
			}
		}
		return tips[len(tips)-1]
	}
	// Cleaned here, where every notice is drawn: some quote what the
	// player gave (a scenario file's name on the command line, a path
	// in an error), and a file named with an escape sequence turned the
	// rest of the screen to reverse video.
	return sim.Sanitize(m.message, true)
}

func (m Model) keyContext() keyContext {
	switch {
	case m.pinAsk != 0:
		return ctxPIN
	case m.wc != nil:
		return ctxConsole
	case m.confirmQuit || m.confirmEnd && m.screen != scrAdversary:
		// The Red team's "no real move" notice is answered with enter
		// again or r, which the adversary's own help line lists.
		return ctxConfirm
	case m.showCharts:
		return ctxCharts
	case m.dialog >= 0 && m.screen == scrTurn:
		return ctxDialog
	case m.adv.open && m.screen == scrTurn:
		return ctxAdviser
	}
	switch m.screen {
	case scrHandover:
		return ctxHandover
	case scrEnd:
		return ctxEnd
	case scrBriefing, scrResults:
		return ctxScroll
	case scrPicker:
		return ctxPicker
	case scrSetup:
		return ctxSetup
	case scrAdversary:
		return ctxAdversary
	case scrTurn:
		return ctxTurn
	case scrWait:
		return ctxWait
	}
	return ctxContinue
}

func (m Model) dialogBox(title, text string) string {
	return m.dialogBoxW(title, text, min(60, m.width-4))
}

// dialogBoxW is dialogBox w columns wide.
func (m Model) dialogBoxW(title, text string, w int) string {
	box := m.styles.Dialog.Width(w).Render(m.styles.Title.Render(title) + "\n\n" + wrap(text, w-6))
	return lipgloss.Place(m.width, m.height-2, lipgloss.Center, lipgloss.Center, box)
}

func (m Model) pickerView() string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Title.Render("Lattice") + s.Dim.Render(" — a wargame of alliance strategy. A teaching tool, not a forecast.") + "\n\n")
	room := m.height - 4 - 2
	if sg := m.opts.Saved; sg != nil {
		cursor, title := "  ", fmt.Sprintf("%-16s %s", "Continue", sg.Title)
		if m.onSaved {
			cursor, title = s.Accent.Render("▸ "), s.Selected.Render(title)
		}
		b.WriteString(cursor + title + "\n" + s.Dim.Render("                   "+truncate(sg.Describe(time.Now()), m.width-22)) + "\n\n")
		room -= 3
	}
	b.WriteString(s.Header.Render("Choose a scenario") + "\n\n")
	// Each scenario in three forms: its lines cut to the screen (blocks),
	// its sides whole (mids) and all of it whole (wholes).
	n := len(m.opts.Entries)
	blocks, mids, wholes := make([]string, n), make([]string, n), make([]string, n)
	for i, e := range m.opts.Entries {
		cursor := "  "
		summary := ""
		name := sim.Sanitize(e.Name, false)
		line := name
		chosen := i == m.pick && !m.onSaved
		if e.Compiled != nil {
			var sides []string
			for _, sd := range e.Compiled.Sides {
				sides = append(sides, sd.Name)
			}
			line = padRight(name, 16) + " " + e.Compiled.Title
			if chosen {
				line = s.Selected.Render(line)
			}
			meta := fmt.Sprintf("%d %ss · %s", e.Compiled.Turns, strings.ToLower(e.Compiled.TurnLabel), strings.Join(sides, ", "))
			indent := strings.Repeat(" ", 19)
			summary = line + "\n" + s.Dim.Render(indent+indentWrap(meta, m.width-3, indent))
			mid := summary
			line += "\n" + s.Dim.Render(indent+truncate(meta, m.width-22))
			if e.Compiled.Summary != "" {
				cut := "\n" + s.Dim.Render(indent+truncate(oneLine(e.Compiled.Summary), m.width-22))
				summary += "\n" + s.Dim.Render(indent+indentWrap(oneLine(e.Compiled.Summary), m.width-3, indent))
				mid += cut
				line += cut
			}
			mids[i], wholes[i] = mid, summary
		} else {
			line = padRight(name, 16) + " " + s.Bad.Render("✗ invalid: "+truncate(firstLine(e.Err), m.width-32))
			mids[i], wholes[i] = line, line
		}
		if chosen {
			cursor = s.Accent.Render("▸ ")
		}
		blocks[i] = cursor + line + "\n"
		mids[i] = cursor + mids[i] + "\n"
		wholes[i] = cursor + wholes[i] + "\n"
	}
	// More entries than the screen holds: a window that keeps the chosen
	// one in view, with a line above and below saying how many are hidden
	// (the help line and a notice take the last two lines).
	//
	// Where the screen has the room, what the chosen scenario is about is
	// said whole ("Learn the loop: two allies, a few levers, an adversary
	// te…" was all a newcomer had to choose by), then every scenario's
	// sides ("China, North …" was cut with rows to spare at 80×24), then
	// every scenario whole.
	withChosen := func(form, chosen []string) []string {
		out := slices.Clone(form)
		if !m.onSaved && m.pick < len(out) {
			out[m.pick] = chosen[m.pick]
		}
		return out
	}
	for _, form := range [][]string{wholes, withChosen(mids, wholes), mids, withChosen(blocks, wholes), blocks} {
		if strings.Count(strings.Join(form, ""), "\n") <= room {
			return b.String() + strings.Join(form, "")
		}
	}
	return b.String() + listWindow(blocks, m.pick, room, s) // the chosen one in view
}

func (m Model) setupView() string {
	s := m.styles
	st := &m.setup
	c := st.entry.Compiled
	var b strings.Builder
	b.WriteString(s.Title.Render(c.Title) + "\n" + s.Dim.Render(fmt.Sprintf("%d %ss", c.Turns, strings.ToLower(c.TurnLabel))) + "\n\n")
	// The labels' column fits the longest side's name, within reason (a
	// long name once pushed its value out of the column); longer ones are
	// cut.
	labelW := 28
	sideLabel := func(sd int) string {
		label := c.Sides[sd].Name
		if c.Sides[sd].Adversary && !strings.Contains(strings.ToLower(label), "adversary") {
			label += " (adversary)"
		}
		return label
	}
	for sd := range c.Sides {
		labelW = max(labelW, ansi.StringWidth(sideLabel(sd)))
	}
	mode := "Solo — you play one side, AI plays the rest"
	if st.hotseat {
		mode = "Hotseat — several teams share this screen"
	}
	labelW = min(labelW, max(28, m.width-3-ansi.StringWidth("‹ "+mode+" ›"))) // the mode's value whole
	row := func(i int, label, value string) {
		cursor := "  "
		if st.row == i {
			cursor = s.Accent.Render("▸ ")
			value = s.Selected.Render("‹ " + value + " ›")
		}
		label = truncate(label, labelW)
		b.WriteString(cursor + label + strings.Repeat(" ", max(labelW-ansi.StringWidth(label), 0)) + " " + value + "\n")
	}
	row(0, "Mode", mode)
	b.WriteString("\n")
	for sd := range c.Sides {
		row(1+sd, sideLabel(sd), m.sideSetting(sd))
	}
	b.WriteString("\n")
	row(1+len(c.Sides), "Difficulty", st.levels[st.level])
	seed := st.seed
	switch {
	case st.editingSeed:
		seed += "▏ (type digits, enter when done)"
	case st.seedRandom:
		seed += " (drawn at random: type digits for another)"
	case st.row == 2+len(c.Sides):
		seed += " (type digits for another)"
	}
	row(2+len(c.Sides), "Seed", seed)
	wc := "off"
	if st.whiteCell {
		wc = "on — W opens it during the game"
	}
	row(3+len(c.Sides), "White-cell console", wc)
	b.WriteString("\n" + s.Dim.Render(wrap("←/→ change the selected row · enter starts the game · Seed: type digits", m.width-2)) + "\n")
	// Each row's own hint, under the keys: the sides' under the mode and the
	// sides (at 80×24 a hint for every row left no room for the objective).
	switch {
	case st.row > len(c.Sides):
	case !st.hotseat:
		b.WriteString(s.Dim.Render(wrap("Solo: on a side's row, ←/→ cycles between You and the AI policies; the adversary can be you (a Red team).", m.width-2)) + "\n")
	default:
		b.WriteString(s.Dim.Render(wrap("Hotseat: each side is Human or an AI policy; the adversary may be a human Red team.", m.width-2)) + "\n")
	}
	// An AI ally's row says how its policy plays ("lookahead: plays each
	// doctrine on ahead and keeps the best (the strongest)"): the names
	// alone told a newcomer little.
	if sd := st.row - 1; sd >= 0 && sd < len(c.Sides) && !c.Sides[sd].Adversary {
		if set := m.sideSetting(sd); strings.HasPrefix(set, "AI: ") {
			if p := strings.TrimPrefix(set, "AI: "); sim.PolicySummary(p) != "" {
				b.WriteString(s.Dim.Render(wrap(p+": "+sim.PolicySummary(p)+".", m.width-2)) + "\n")
			}
		}
	}
	if st.row == 1+len(c.Sides) {
		b.WriteString(s.Dim.Render(wrap("Difficulty "+st.levels[st.level]+": "+m.levelDescription(st.levels[st.level]), m.width-2)) + "\n")
	}
	if st.row == 3+len(c.Sides) {
		b.WriteString(s.Dim.Render(wrap("White cell: a facilitator's console to fire injects, set metrics, decide moves, set budgets, roll back a turn and end the game, each with a reason, all journalled. At a shared screen it hides the teams' drafts until every side has committed.", m.width-2)) + "\n")
	}
	if st.you >= 0 && !st.hotseat && c.Sides[st.you].Objective != "" {
		// Wrapped with its label, so that the lines under it run the
		// screen's width (they were cut 24 columns short of it).
		const label = "Your private objective:"
		text := indentWrap(label+" "+oneLine(c.Sides[st.you].Objective), m.width-2, "")
		b.WriteString("\n" + s.Bold.Render(label) + strings.TrimPrefix(text, label) + "\n")
	}
	return b.String()
}

// levelDescription is what difficulty level id changes, as the scenario
// describes it.
func (m Model) levelDescription(id string) string {
	if sc := m.setup.entry.Scenario; sc != nil {
		for _, d := range sc.Difficulty {
			if d.ID == id && d.Description != "" {
				return sim.Sanitize(oneLine(d.Description), false)
			}
		}
	}
	if id == "normal" {
		return "the scenario as written."
	}
	return "no description in the scenario."
}

func (m Model) briefingText() string {
	md := unwrapMarkdown(m.sess.C.Briefing)
	// A plain paragraph: glamour wraps a block quote that opens with bold
	// text a second time, leaving a word alone on a line without its bar.
	if note := m.redBriefingNote(); note != "" {
		md = note + "\n\n" + md
	}
	return renderMarkdown(md, m.textWidth()-4, m.dark)
}

// redBriefingNote frames the briefing, written for the allies, for a Red
// team that reads it: the player at the screen when only adversaries are
// played here (a Red team's seat, a solo game as the adversary); at a
// hotseat table, where the allies read the same screen, a note addressed
// to the Red team by name, which tells the table nothing it does not
// know (who plays whom was set up in front of it). "" when no person
// plays an adversary here.
func (m Model) redBriefingNote() string {
	c := m.sess.C
	red := m.redPlayers()
	if len(red) == 0 {
		return ""
	}
	names := make([]string, len(red))
	for i, r := range red {
		names[i] = sim.Sanitize(c.Sides[r].Name, false)
	}
	const read = "The briefing below is written for the allies: read it as what your opponents are told, and look for the seams between them."
	if m.seat == nil && len(m.sess.HumanAllies()) > 0 {
		return "**Red team (" + strings.Join(names, " and ") + "):** " + read
	}
	what := "the adversary (the Red team)"
	if len(red) > 1 {
		what = "the adversaries (the Red team)"
	}
	return "**You play " + strings.Join(names, " and ") + ", " + what + ".** " + read
}

// maxTextWidth is the widest the prose screens (the briefing, the results,
// the scorecard) are set: at 200 columns their paragraphs ran 196 columns
// a line, too long to read.
const maxTextWidth = 100

// textWidth is the width the prose screens are set to.
func (m Model) textWidth() int { return min(m.width, maxTextWidth) }

func (m Model) briefingView() string {
	c := m.sess.C
	lines := strings.Split(m.briefingText(), "\n")
	avail := m.scrollHeight()
	start := min(m.scroll, max(len(lines)-avail, 0))
	end := min(start+avail, len(lines))
	more := ""
	if end < len(lines) {
		more = " · ↓ " + sim.Plural(len(lines)-end, "more line")
	}
	head := m.styles.Title.Render("Briefing — "+truncate(c.Title, m.width/2)) + m.styles.Dim.Render(more)
	return head + "\n" + strings.Join(lines[start:end], "\n")
}

func (m Model) handoverView() string {
	c := m.sess.C
	who := c.Sides[m.side].Name
	// Said only once another team has played this turn: a Red team's
	// moves (planned before the briefing), an ally's commit once the turn
	// is briefed (before it, the commits are last turn's: Red's hand-over
	// said it at every turn but the first, and the first ally's after
	// Red's commit did not).
	played := len(m.sess.plans) > 0 && !c.Sides[m.side].Adversary
	for s := range c.Sides {
		played = played || s != m.side && m.sess.Game.Briefed() && m.sess.Committed(s)
	}
	hidden := ""
	if played {
		hidden = "\nThe previous team's plan is hidden."
	}
	text := fmt.Sprintf("%s, it is your turn.\n\nEveryone else: please look away.%s\n\nPress space when %s is at the keyboard.", who, hidden, who)
	return m.dialogBox("Hand over — "+c.TurnLabel+" "+strconv.Itoa(m.sess.Game.Turn()), text)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate cuts s to at most n cells, ending it with "…" where it cuts. It
// counts cells, not runes: a CJK character or an emoji takes two, a
// combining mark none (a scenario's CJK title cut by runes took twice its
// room and wrapped the turn screen's header to a second line).
func truncate(s string, n int) string {
	if n <= 1 {
		return ""
	}
	return ansi.Truncate(s, n, "…")
}

func wrap(s string, w int) string {
	return lipgloss.NewStyle().Width(max(w, 10)).Render(s)
}

// fitHeight pads or cuts s to exactly h lines.
func fitHeight(s string, h int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > h {
		lines = lines[:max(h, 0)]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// saveDraft keeps the turn in progress beside the journal; a failure is
// shown, not fatal (the committed turns are safe in the journal).
func (m *Model) saveDraft() {
	if err := m.sess.SaveDraft(); err != nil {
		m.message = "the draft could not be saved: " + err.Error()
	}
}

// randomSeed draws a seed for a new game from the system's randomness, in
// 1..999999 so that it is easy to note down and type to replay the game.
// Only the interface draws it: the engine is given a seed like any other.
func randomSeed() uint64 {
	var b [8]byte
	if _, err := crand.Read(b[:]); err != nil {
		return 1
	}
	return binary.LittleEndian.Uint64(b[:])%999_999 + 1
}

// canPlayAgain reports whether the end screen offers another game: not in
// a room (a seat's game is the room's) nor when watching a batch run.
func (m Model) canPlayAgain() bool {
	return m.seat == nil && !m.opts.Spectate && len(m.opts.Entries) > 0
}

// newGame leaves the game that ended (its journal is complete; it is
// closed) for the setup of another.
func (m *Model) newGame() {
	if m.sess != nil && m.sess.Journal != nil {
		// Its last try at records the disk refused: what is lost is said
		// now and at exit, not dropped with the game.
		err := m.sess.Journal.Close()
		notes := m.sess.JournalNotes()
		if err != nil {
			notes = append(notes, err.Error())
			m.message = firstLine(err.Error())
		}
		m.hostNotes = append(m.hostNotes, notes...)
	}
	m.sess, m.last = nil, nil
	m.queue, m.advQ = nil, nil
	m.scroll, m.sel, m.focus, m.metricSel, m.intelAt, m.whyAt = 0, 0, 1, 0, 0, 0
	m.dialog, m.redo, m.confirmEnd, m.showCharts, m.wc = -1, nil, false, false, nil
}

// canBackToSetup reports whether esc on the briefing may go back to the
// setup: a game just set up on this screen, before its first turn.
func (m Model) canBackToSetup() bool {
	return m.seat == nil && !m.opts.Spectate && m.setup.entry != nil && m.sess != nil && len(m.sess.Results) == 0
}

// backToSetup leaves a game not yet begun for its setup, as it was set,
// and removes the game's journal, which holds nothing but its header (a
// "Continue" would otherwise offer a game that never started).
func (m *Model) backToSetup() {
	path := ""
	if m.sess.Journal != nil && m.sess.Journal.LastTurn() == 0 {
		path = m.sess.JournalPath
	}
	m.newGame() // closes the journal
	if path != "" {
		os.Remove(path)
		os.Remove(DraftPath(path))
	}
	m.setup.row, m.setup.editingSeed = 0, false
	m.screen = scrSetup
}

// playAgain opens the setup of the game that ended (the same sides,
// policies and level; the picker's scenario after a resumed game) with a
// new seed: drawn at random (Options.RandomSeed), else the next one.
func (m *Model) playAgain() {
	prev := m.setup
	old := m.sess
	next := m.sess.Seed + 1 // a new seed: drawn at random unless the seeds are given (tests)
	m.newGame()
	if prev.entry != nil {
		m.setup = prev
		m.screen = scrSetup
	} else {
		m.setupLike(old) // a resumed game: its scenario, sides and policies
	}
	m.setup.row, m.setup.editingSeed = 0, false
	m.setup.seed, m.setup.seedRandom = strconv.FormatUint(max(next, 1), 10), false
	if m.opts.RandomSeed {
		m.setup.seed, m.setup.seedRandom = strconv.FormatUint(randomSeed(), 10), true
	}
}

// entryOf is the picker's entry of scenario c: the same source, else the
// same id; −1 if the picker has none.
func (m Model) entryOf(c *sim.Compiled) int {
	for i, e := range m.opts.Entries {
		if e.Compiled != nil && e.Compiled.SHA256 == c.SHA256 {
			return i
		}
	}
	for i, e := range m.opts.Entries {
		if e.Compiled != nil && e.Compiled.ID == c.ID {
			return i
		}
	}
	return -1
}

// setupLike opens the setup of the scenario old was played on (a resumed
// game has no setup of its own) with its sides, policies and level: the
// picker's entry of the same scenario (by source, else by id), or one made
// of the game's own scenario when the picker has none.
func (m *Model) setupLike(old *Session) {
	pick := m.entryOf(old.C)
	if pick < 0 {
		m.opts.Entries = append(m.opts.Entries, Entry{Name: old.C.ID, Compiled: old.C})
		pick = len(m.opts.Entries) - 1
	}
	m.pick = pick
	m.startSetup()
	st := &m.setup
	c := st.entry.Compiled
	if len(c.Sides) != len(old.Human) {
		return // another version of the scenario: its own defaults
	}
	humans := 0
	for s, h := range old.Human {
		st.human[s] = h
		if h {
			humans++
			if humans == 1 || !c.Sides[s].Adversary && c.Sides[st.you].Adversary {
				st.you = s
			}
		}
		if s < len(old.Policies) && old.Policies[s] != nil {
			if pi := slices.Index(policyNames, old.Policies[s].Name()); pi >= 0 {
				st.policy[s] = pi
			}
		}
	}
	st.hotseat = humans > 1
	if i := slices.Index(st.levels, old.Level); i >= 0 {
		st.level = i
	} else if st.entry.Scenario == nil && old.Level != "" {
		st.levels = []string{old.Level} // the game's own scenario is compiled at its level
	}
	st.whiteCell = m.opts.WhiteCell
}

const (
	pinChoose  = 1 // the White cell chooses its PIN
	pinEnter   = 2 // the White cell types it
	pinConfirm = 3 // the White cell types the PIN it chose again
)

// pinKey handles the White-cell PIN prompt: digits and letters typed (at
// most 12, shown as dots), enter to set or check it, esc to cancel. A PIN
// chosen is typed twice. A wrong PIN keeps the prompt open: closed, the
// PIN typed again and its enter went to the game behind it, and on a
// team's turn screen that enter would have committed its plan.
func (m Model) pinKey(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch msg.String() {
	case "esc":
		m.pinAsk, m.pinIn, m.pinFirst, m.pinErr = 0, nil, "", ""
	case "backspace", "ctrl+h":
		if n := len(m.pinIn); n > 0 {
			m.pinIn = m.pinIn[:n-1]
		}
	case "enter":
		typed := string(m.pinIn)
		m.pinIn, m.pinErr = nil, ""
		switch {
		case m.pinAsk == pinChoose && typed != "":
			m.pinAsk, m.pinFirst = pinConfirm, typed
			return m, nil
		case m.pinAsk == pinConfirm && typed != m.pinFirst:
			m.pinAsk, m.pinFirst = pinChoose, ""
			m.pinErr = "The two PINs differ: choose one again."
			return m, nil
		case m.pinAsk == pinChoose || m.pinAsk == pinConfirm:
			m.wcPIN, m.wcPINAsked = typed, true
		case typed != m.wcPIN:
			m.pinErr = "Wrong PIN: type it again (esc cancels)."
			m.wcPINWrong++
			return m, nil
		}
		m.pinAsk, m.pinFirst = 0, ""
		m.wc = &console{by: "White cell"}
		if n := m.wcPINWrong; n > 0 {
			// Tries are not limited (the instructor must always get in), so
			// the instructor is told of them: a team at the shared keyboard
			// could try PINs unseen.
			were := "were"
			if n == 1 {
				were = "was"
			}
			m.wc.msg, m.wc.err = fmt.Sprintf("%s %s typed since the console was last open: was it you?", sim.Plural(n, "wrong PIN"), were), true
			m.wc.msgAt = momentOf(m.sess)
			m.wcPINWrong = 0
		}
	default:
		for _, r := range msg.Text {
			if len(m.pinIn) < 12 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				m.pinIn = append(m.pinIn, r)
			}
		}
	}
	return m, nil
}
