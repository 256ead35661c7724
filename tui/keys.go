package tui

import (
	"slices"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every key binding of the interface. It also feeds bubbles/help,
// so the help line always tells the truth.
type KeyMap struct {
	Up, Down      key.Binding
	Add, Remove   key.Binding
	Commit        key.Binding
	Tab           key.Binding
	PrevTab       key.Binding // shift+tab: the panel before, as the White-cell console's games
	Charts        key.Binding
	Help          key.Binding
	Quit          key.Binding
	Yes, No       key.Binding
	Real, Bluff   key.Binding
	Back          key.Binding
	PrevMetric    key.Binding
	Repeat        key.Binding // the turn screen: last turn's allocation again
	PlayAgain     key.Binding // the end screen: a new game of the scenario, new seed
	OtherScenario key.Binding // the end screen: back to the picker
	NextMetric    key.Binding
	ForceQuit     key.Binding
	WhyUp         key.Binding // the turn screen, metrics focused: scroll the "why?" panel
	WhyDown       key.Binding
	Details       key.Binding // the turn screen: all about the selected lever, the AI ally's reasons included
	scrollUp      key.Binding
	scrollDown    key.Binding
	pageUp        key.Binding // the briefing, results and end screens: a page at a time
	pageDown      key.Binding
	top, bottom   key.Binding
	noBack        bool // the setup has no picker to go back to (a scenario named on the command line)
	editingSeed   bool // the setup's seed is being typed
	context       keyContext
	whiteCell     bool // the hotseat's White-cell console is available (W)
	seat          bool // a seat in a room: H hands the captaincy over
	scrollIntel   bool // the intelligence panel has the focus: ↑/↓ scroll it
	pickMetric    bool // the metrics have the focus: ↑/↓ pick the one "why?" explains
	again         bool // the end screen offers another game (n, s)
	turnExtras    int  // how many of r, i and d (turnExtraKeys) the turn screen's short line has room for
	details       bool // the allocation shows the selected lever's details (i)
	dialogCut     bool // the inject dialog had to cut its text to fit: i shows it whole
	dialogFull    bool // the inject dialog's whole text is shown
	commitAsk     int  // the commit question: 0 none, commitYes (y only), commitYesEnter (y or enter)
	backToSetup   bool // the first briefing: esc goes back to the setup
	verdictNext   bool // the results of the turn that ended the game: enter shows the verdict
	adviser       bool // a solo game's turn screen: a opens the adviser
}

type keyContext int

// The commit question's answers (KeyMap.commitAsk).
const (
	commitYes      = 1 // nothing allocated: only y commits
	commitYesEnter = 2
)

const (
	ctxTurn keyContext = iota
	ctxPicker
	ctxSetup
	ctxAdversary
	ctxContinue
	ctxCharts
	ctxDialog
	ctxConfirm
	ctxHandover
	ctxEnd
	ctxScroll
	ctxWait
	ctxConsole
	ctxPIN
	ctxAdviser
)

// DefaultKeyMap returns the standard bindings.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:            key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:          key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Add:           key.NewBinding(key.WithKeys("right", "+", "=", "l"), key.WithHelp("→/+/l", "add")),
		Remove:        key.NewBinding(key.WithKeys("left", "-", "h"), key.WithHelp("←/-/h", "remove")),
		Commit:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "commit")),
		Tab:           key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "panel")),
		PrevTab:       key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous panel")),
		Charts:        key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "charts")),
		Help:          key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:          key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:     key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit now")),
		Yes:           key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes")),
		No:            key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no")),
		Real:          key.NewBinding(key.WithKeys("r", "space"), key.WithHelp("r/space", "real move")),
		Bluff:         key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "bluff")),
		Back:          key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Repeat:        key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "repeat last turn")),
		PlayAgain:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "play again (new seed)")),
		OtherScenario: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "another scenario")),
		PrevMetric:    key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous metric")),
		NextMetric:    key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next metric")),
		WhyUp:         key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "why? up")),
		WhyDown:       key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "why? more")),
		Details:       key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "lever details")),
		scrollUp:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "line up")),
		scrollDown:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↑/↓", "scroll")),
		pageUp:        key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup/b", "page up")),
		pageDown:      key.NewBinding(key.WithKeys("pgdown", "space", "f"), key.WithHelp("pgdn/space", "page")),
		top:           key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("home/g", "top")),
		bottom:        key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("end/G", "bottom")),
	}
}

// ShortHelp implements help.KeyMap for the current screen.
func (k KeyMap) ShortHelp() []key.Binding {
	switch k.context {
	case ctxPicker:
		return []key.Binding{k.Up, k.Down, withHelp(k.Commit, "choose"), k.Quit}
	case ctxSetup:
		if k.editingSeed {
			return []key.Binding{key.NewBinding(key.WithKeys("0"), key.WithHelp("0-9", "type the seed")), key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "delete")), withHelp(k.Commit, "done"), withHelp(k.Back, "done")}
		}
		if k.noBack {
			return []key.Binding{k.Up, k.Down, withHelp(k.Add, "change"), withHelp(k.Commit, "start"), k.Quit}
		}
		return []key.Binding{k.Up, k.Down, withHelp(k.Add, "change"), withHelp(k.Commit, "start"), k.Back, k.Quit}
	case ctxAdversary:
		if k.pickMetric { // the metrics tab: ↑/↓ pick the metric "why?" explains
			pick := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "why? of a metric"))
			return []key.Binding{pick, withHelp(k.WhyDown, "more"), withHelp(k.Tab, "moves"), withHelp(k.Commit, "commit"), k.Help, k.Quit}
		}
		move := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move"))
		real := key.NewBinding(key.WithKeys(k.Real.Keys()...), key.WithHelp("r", "real"))
		return []key.Binding{move, real, k.Bluff, withHelp(k.Commit, "commit"), k.Charts, k.Help, k.Quit} // tab: in the full help and on the screen
	case ctxContinue:
		return []key.Binding{withHelp(k.Commit, "continue"), k.Charts, k.Help, k.Quit}
	case ctxCharts:
		return []key.Binding{k.PrevMetric, k.NextMetric, withHelp(k.Charts, "close"), k.Quit}
	case ctxDialog:
		if k.dialogFull {
			back := key.NewBinding(key.WithKeys("i", "esc"), key.WithHelp("i/esc", "back to the choices"))
			return []key.Binding{withHelp(k.scrollDown, "scroll"), k.pageDown, back, k.Quit}
		}
		// q quits from an event's dialog and the adviser too (it asks
		// first): their lines did not say so.
		if k.dialogCut {
			return []key.Binding{k.Up, k.Down, withHelp(k.Commit, "decide"), withHelp(k.Details, "the whole text"), k.Quit}
		}
		return []key.Binding{k.Up, k.Down, withHelp(k.Commit, "decide"), k.Quit}
	case ctxAdviser:
		return []key.Binding{key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "another doctrine")), withHelp(k.Commit, "make it your draft"), withHelp(k.Back, "close"), k.Quit}
	case ctxConfirm:
		switch k.commitAsk { // the dialog's own words: enter commits only with something allocated
		case commitYesEnter:
			return []key.Binding{key.NewBinding(key.WithKeys("y", "enter"), key.WithHelp("y/enter", "commit")), withHelp(k.No, "keep allocating")}
		case commitYes:
			return []key.Binding{withHelp(k.Yes, "commit nothing"), withHelp(k.No, "keep allocating")}
		}
		return []key.Binding{k.Yes, k.No}
	case ctxPIN:
		return []key.Binding{withHelp(k.Commit, "confirm"), withHelp(k.Back, "cancel")}
	case ctxHandover:
		// Space, not enter: see handoverKey.
		atKeyboard := key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "I am at the keyboard"))
		if k.whiteCell {
			return []key.Binding{atKeyboard, whiteCellKey, k.Quit}
		}
		return []key.Binding{atKeyboard, k.Quit}
	case ctxEnd:
		// ? lists the paging keys (pgdn, pgup, home, end): it was not on
		// the line, and neither were they. Where the line has no room for
		// all, c gives way (fitShortHelp).
		if k.whiteCell { // W, then r: the after-action report
			return []key.Binding{withHelp(k.scrollDown, "scroll"), withHelp(k.Commit, "leave"), k.Charts, whiteCellKey, k.Help, k.Quit}
		}
		if k.again {
			return []key.Binding{withHelp(k.scrollDown, "scroll"), k.PlayAgain, k.OtherScenario, k.Charts, k.Help, k.Quit}
		}
		return []key.Binding{withHelp(k.scrollDown, "scroll"), withHelp(k.Commit, "leave"), k.Charts, k.Help, k.Quit}
	case ctxConsole:
		return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back (or close the White cell)")), k.ForceQuit}
	case ctxWait: // its events scroll when they pass the screen (a seat's, at 80×24)
		return []key.Binding{withHelp(k.scrollDown, "scroll"), k.Charts, k.Help, withHelp(k.Quit, "leave")}
	case ctxScroll:
		if k.whiteCell { // the briefing and the results open the console too
			return []key.Binding{withHelp(k.scrollDown, "scroll"), withHelp(k.Commit, "continue"), k.Charts, whiteCellKey, k.Help, k.Quit}
		}
		if k.backToSetup {
			return []key.Binding{withHelp(k.scrollDown, "scroll"), k.pageDown, withHelp(k.Commit, "continue"), withHelp(k.Back, "setup"), k.Help, k.Quit}
		}
		next := "continue"
		if k.verdictNext {
			next = "the verdict"
		}
		return []key.Binding{withHelp(k.scrollDown, "scroll"), k.pageDown, withHelp(k.Commit, next), k.Charts, k.Help, k.Quit}
	}
	points := key.NewBinding(key.WithKeys("right", "left"), key.WithHelp("→/←", "points"))
	lever := key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "lever"))
	// With the events or the metrics focused, → and ← do nothing and enter
	// takes the focus to the allocation: the line says so.
	if k.scrollIntel {
		lever = key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll"))
		return []key.Binding{lever, withHelp(k.Commit, "to allocation"), k.Tab, k.Charts, k.Help, k.Quit}
	}
	if k.pickMetric {
		// Tab goes on to the allocation, as enter does: the line has room
		// for one of them at 80 columns, and "? help • q quit" were cut.
		lever = key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "why? of a metric"))
		return []key.Binding{lever, withHelp(k.WhyDown, "more"), withHelp(k.Tab, "allocation"), k.Charts, k.Help, k.Quit}
	}
	if k.details { // i again, or esc, goes back to the list
		more := key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn", "more"))
		return []key.Binding{lever, points, more, withHelp(k.Details, "list"), k.Commit, k.Help, k.Quit}
	}
	// A seat's H (hand over the captaincy) is in the full help: the short
	// line has no room for it at 80 columns, nor for r, d and i (they are
	// added where the line has the room).
	line := []key.Binding{lever, points}
	line = append(line, k.turnExtraKeys()[:k.turnExtras]...)
	return append(line, k.Commit, k.Tab, k.Charts, k.Help, k.Quit)
}

// turnExtraKeys are the turn screen's keys its short line shows where it
// has the room, as many as fit, in this order: r, i, then d, which a turn
// without decisions has no use for (all three or none left r out at 120
// columns), and in a solo game a, the adviser.
func (k KeyMap) turnExtraKeys() []key.Binding {
	if k.adviser { // a solo game's adviser (a), last
		return []key.Binding{k.Repeat, k.Details, decisionKey, adviserKey}
	}
	return []key.Binding{k.Repeat, k.Details, decisionKey}
}

// whiteCellKey opens the White-cell console of a game on one screen.
var whiteCellKey = key.NewBinding(key.WithKeys("W"), key.WithHelp("W", "White cell"))

// decisionKey reopens this turn's inject decisions (d).
var decisionKey = key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "change a decision"))

// handOver is a seat's H: it makes another team of the side its captain.
var handOver = key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "hand over captaincy"))

// FullHelp implements help.KeyMap: the current screen's keys in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	switch k.context {
	case ctxTurn:
		// The full help says where "why?" is, and has shift+tab (under the
		// arrows: a seat's third column has no room for it at 80 columns);
		// the short line has room for neither.
		k.Tab = withHelp(k.Tab, "panel (metrics: why?)")
		back := withHelp(k.PrevTab, "back")
		if k.seat {
			return [][]key.Binding{{k.Up, k.Down, k.Add, k.Remove, back}, {k.Repeat, decisionKey, k.Details, k.Commit, k.Tab}, {k.Charts, handOver, k.Help, k.Quit, k.ForceQuit}}
		}
		if k.whiteCell { // a solo game has no hand-over screen to show W on
			return [][]key.Binding{{k.Up, k.Down, k.Add, k.Remove, back}, {k.Repeat, decisionKey, k.Details, k.Commit, k.Tab}, {k.Charts, whiteCellKey, k.Help, k.Quit, k.ForceQuit}}
		}
		if k.adviser {
			return [][]key.Binding{{k.Up, k.Down, k.Add, k.Remove, back}, {k.Repeat, decisionKey, k.Details, adviserKey, k.Commit, k.Tab}, {k.Charts, k.Help, k.Quit, k.ForceQuit}}
		}
		return [][]key.Binding{{k.Up, k.Down, k.Add, k.Remove, back}, {k.Repeat, decisionKey, k.Details, k.Commit, k.Tab}, {k.Charts, k.Help, k.Quit, k.ForceQuit}}
	case ctxAdversary:
		return [][]key.Binding{{k.Up, k.Down, k.Real, k.Bluff}, {withHelp(k.Commit, "commit"), k.bothTabs("moves / metrics (shift+tab too)"), k.Charts}, {k.Help, k.Quit, k.ForceQuit}}
	}
	short := k.ShortHelp()
	switch k.context { // every scrolling key
	case ctxScroll:
		short = append(short, k.pageUp, k.top, k.bottom)
	case ctxEnd:
		short = append(short, k.pageDown, k.pageUp, k.top, k.bottom)
	}
	if slices.ContainsFunc(short, func(b key.Binding) bool { return b.Help().Key == k.Help.Help().Key }) {
		return [][]key.Binding{short, {k.ForceQuit}} // ? is listed once
	}
	return [][]key.Binding{short, {k.Help, k.ForceQuit}}
}

// bothTabs is tab and shift+tab on one line of the full help, which
// desc explains: the key column stays as narrow as "enter".
func (k KeyMap) bothTabs(desc string) key.Binding {
	return key.NewBinding(key.WithKeys(append(k.Tab.Keys(), k.PrevTab.Keys()...)...), key.WithHelp(k.Tab.Help().Key, desc))
}

func withHelp(b key.Binding, desc string) key.Binding {
	h := b.Help()
	return key.NewBinding(key.WithKeys(b.Keys()...), key.WithHelp(h.Key, desc))
}
