package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// The adviser (a, in a solo game): what a fixed-weight doctrine would put
// where for the player's side this turn, and why, in the words the AI
// allies' reasons use. The plan is sim.Game.PlanReasons': made on a clone
// from the side's View, so it sees no more than the player does (not the
// dice, not which signals are bluffs) and changes nothing. ←/→ turn
// through the doctrines, so that a player can see how each would spend the
// same budget; enter makes the plan the player's draft. It is not offered
// in a seminar (a hotseat or a seat): there the teams decide.

// adviserPolicies are the doctrines the adviser plans by, in the order ←/→
// turn through them: sim's (lookahead, which weighs them by simulation,
// gives no reasons).
var adviserPolicies = sim.Doctrines()

// adviser is the adviser's dialog: open or not, and the doctrine shown.
type adviser struct {
	open  bool
	pol   int          // index into adviserPolicies
	plans *adviceCache // the plans made since it opened, shared by the model's copies
}

// adviceCache keeps each doctrine's plan for one state of the game (its
// hash) and side: a plan is made on a clone, and the dialog is drawn at
// every key and tick.
type adviceCache struct {
	hash     uint64
	side     int
	plans    map[int][]sim.PlanReason
	outlooks map[int]sim.Outlook
}

// outlookRuns is how many games the adviser imagines per doctrine for its
// track record: about 40 ms for the four doctrines of a flagship's first
// turn, once per state; ±7 points at 50%.
const outlookRuns = 200

// outlookOf is doctrine pol's track record from here for the side at the
// screen (sim.Game.Outlook: games imagined from what the side sees, the
// doctrine playing it every turn, the other allies as they play), kept
// with the plans for this state.
func (m Model) outlookOf(pol int) sim.Outlook {
	g := m.sess.Game
	pc := m.adviceCacheNow()
	if o, ok := pc.outlooks[pol]; ok {
		return o
	}
	p, err := sim.PolicyByName(adviserPolicies[pol])
	if err != nil {
		return sim.Outlook{}
	}
	// The seed: the game's, the turn and the side, so that the figures
	// stand still while the player looks, and draw nothing from the game.
	seed := g.Seed() ^ uint64(g.Turn())<<40 ^ uint64(m.side+1)<<56
	o := g.Outlook(m.side, p, m.sess.Policies, outlookRuns, seed)
	pc.outlooks[pol] = o
	return o
}

// adviceCacheNow returns the adviser's cache for the game's state and the
// side at the screen, emptied if it held another's (a scratch one if the
// model has none).
func (m Model) adviceCacheNow() *adviceCache {
	g := m.sess.Game
	pc := m.adv.plans
	if pc == nil {
		pc = &adviceCache{}
	}
	if h := g.Hash(); pc.plans == nil || pc.hash != h || pc.side != m.side {
		*pc = adviceCache{hash: h, side: m.side, plans: map[int][]sim.PlanReason{}, outlooks: map[int]sim.Outlook{}}
	}
	return pc
}

// outlookPercent is an outlook's success rate as a whole percentage.
func outlookPercent(o sim.Outlook) string {
	if o.Runs == 0 {
		return "?"
	}
	return fmt.Sprintf("%d%%", (o.Successes*100+o.Runs/2)/o.Runs)
}

// lookaheadAlly reports whether another allied side is played by the
// lookahead policy.
func (m Model) lookaheadAlly() bool {
	for a, p := range m.sess.Policies {
		if _, ok := p.(sim.Lookahead); ok && a != m.side && !m.sess.C.Sides[a].Adversary {
			return true
		}
	}
	return false
}

var adviserKey = key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "adviser"))

// adviserOffered reports whether the side at the screen may ask the
// adviser: an allied side's player in a solo game.
func (m *Model) adviserOffered() bool {
	return m.seat == nil && m.sess != nil && !m.hotseat() && m.side >= 0 && m.side < len(m.sess.C.Sides) &&
		!m.sess.C.Sides[m.side].Adversary && !m.sess.Game.Over()
}

// advice is the plan of the adviser's doctrine for the side at the screen.
func (m Model) advice() []sim.PlanReason { return m.adviceOf(m.adv.pol) }

// adviceOf is the plan of doctrine pol (an index into adviserPolicies)
// for the side at the screen.
func (m Model) adviceOf(pol int) []sim.PlanReason {
	pc := m.adviceCacheNow()
	if r, ok := pc.plans[pol]; ok {
		return r
	}
	p, err := sim.PolicyByName(adviserPolicies[pol])
	if err != nil { // the names above are built in
		return nil
	}
	r := m.sess.Game.PlanReasons(p, m.side)
	pc.plans[pol] = r
	return r
}

// adviserKeyPress handles a key while the adviser's dialog is open.
func (m Model) adviserKeyPress(msg tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	k := m.keys
	n := len(adviserPolicies)
	switch {
	case key.Matches(msg, k.Add), key.Matches(msg, k.Down):
		m.adv.pol = (m.adv.pol + 1) % n
	case key.Matches(msg, k.Remove), key.Matches(msg, k.Up):
		m.adv.pol = (m.adv.pol + n - 1) % n
	case key.Matches(msg, k.Commit):
		m.adv.open = false
		m.adoptAdvice()
	case key.Matches(msg, k.Back), key.Matches(msg, adviserKey): // (q asks to quit, as everywhere)
		m.adv.open = false
	}
	return m, nil
}

// adoptAdvice makes the adviser's plan the side's draft, point by point as
// the engine accepts it, and says so.
func (m *Model) adoptAdvice() {
	c := m.sess.C
	want := make([]int, len(c.Levers))
	for _, r := range m.advice() {
		want[r.Lever] = r.Points
	}
	placed, wanted := m.sess.fitDraft(m.side, want)
	m.message = fmt.Sprintf("your draft is the %s adviser's plan: %s", adviserPolicies[m.adv.pol], sim.Plural(placed, "point"))
	if placed < wanted { // the plan is made from this state: it should all fit
		m.message += fmt.Sprintf(" (%d did not fit)", wanted-placed)
	}
	m.saveDraft()
}

// adviserDialog draws the adviser's dialog: the doctrine's plan, lever by
// lever with its reasons, what it spends, and the keys. The box is as tall
// as the tallest doctrine's plan, the shorter ones with blank lines above
// their foot: centred, it moved up and down the screen at each ←/→, and the
// line of doctrines with it.
//
// The layout is one for every doctrine: compact (the head in the title,
// no word on enter) where any doctrine's plan needs it. Each chose its
// own, so the title, the head and "Enter makes it your draft" came and
// went at each ←/→.
func (m Model) adviserDialog() string {
	w := min(76, m.width-4)
	compact := false
	for pol := range adviserPolicies {
		_, _, _, tall := m.adviserText(pol, w-6, false) // the dialog's text width (dialogBoxW)
		compact = compact || tall
	}
	title, plan, foot, _ := m.adviserText(m.adv.pol, w-6, compact)
	tallest := 0
	for pol := range adviserPolicies {
		_, p, f, _ := m.adviserText(pol, w-6, compact)
		tallest = max(tallest, strings.Count(p+"\n"+f, "\n"))
	}
	pad := strings.Repeat("\n", max(0, tallest-strings.Count(plan+"\n"+foot, "\n")))
	return m.dialogBoxW(title, plan+"\n"+pad+foot, w)
}

// adviserText is the adviser's text for doctrine pol at text width tw: the
// dialog's title, its plan (the head and the levers) and its foot (what
// it spends, the doctrines and their track records), fitted to the
// screen's height, in the compact layout if compact or if it does not fit
// otherwise (tall).
func (m Model) adviserText(pol, tw int, compact bool) (title, plan, foot string, tall bool) {
	c := m.sess.C
	g := m.sess.Game
	name := adviserPolicies[pol]
	reasons := m.adviceOf(pol)
	o := c.NewOrders()
	for _, r := range reasons {
		o.Set(m.side, r.Lever, r.Points)
	}
	head := fmt.Sprintf("What the %s doctrine would do this %s, from what %s sees:", name, strings.ToLower(c.TurnLabel), c.Sides[m.side].Name)
	spend := fmt.Sprintf("It spends %s of %s.", g.Spend(o, m.side).Format(1), g.Available(m.side).Format(1))
	if n := g.Shortfall(o, m.side); n > 0 {
		// What a point short costs, as the commit's question says it: the
		// plan is the player's to take or mend.
		spend += fmt.Sprintf(" It is %s short of the visible minimum. %s", sim.Plural(n, "point"), shortfallCost(c))
	}
	// Each doctrine's track record from here: a doctrine that loses this
	// scenario (gray-zone's alliance-first won 2% of games) was offered
	// with no word of it. Imagined as the AI allies plan: from what the
	// side sees, the dice and the unconfirmed signals drawn anew, the
	// other allies as they play (sim.Game.Outlook). Wrapped without the
	// brackets round the doctrine shown, with room for them, so that the
	// line breaks (and the box) stay put at each ←/→.
	var docs []string
	for i, p := range adviserPolicies {
		docs = append(docs, p+" "+outlookPercent(m.outlookOf(i)))
	}
	docs[pol] = "[" + docs[pol] + "]"
	// A lookahead ally is imagined playing balanced (sim.Game.Outlook: its
	// own imagined games within each would cost thousands of times as
	// much), and the record says so: its odds are not the ally's.
	imagined, short := fmt.Sprintf("Won in %d games imagined from here", outlookRuns), "Won in imagined games"
	if m.lookaheadAlly() {
		imagined += ", your lookahead ally played as balanced"
		short += " (lookahead ally as balanced)"
	}
	// (The help line gives the keys: ←/→, enter, esc.)
	// The doctrines on lines of their own, the last of the box, so that
	// they stay put at each ←/→.
	feet := []string{"", wrap(spend+" Enter makes it your draft, in place of yours.", tw),
		fillItems(imagined+":", docs, " · ", tw),
		wrap(spend, tw), fillItems(short+":", docs, " · ", tw)} // too tall: the help line says what enter does
	top := wrap(head, tw)
	room := m.height - 2 - 4 - 2 // the screen less the header, the box's border and padding, and its title
	lines := func(s string) int { return strings.Count(s, "\n") + 1 }
	// The plan's lines: each lever with its reasons, wrapped under it.
	var whole [][]string
	need := 0
	turn := g.Turn()
	for _, r := range reasons {
		why := c.Why(r)
		// A lever whose effects land later says when: a player who took
		// a plan to "raise Resilience" saw it not move that turn.
		if d := c.Levers[r.Lever].Delay; d > 0 {
			if turn+d > c.Turns {
				why += fmt.Sprintf("; its effects land after the last %s: none", strings.ToLower(c.TurnLabel))
			} else {
				why += fmt.Sprintf("; its effects land in %s %d (⏳%d)", strings.ToLower(c.TurnLabel), turn+d, d)
			}
		}
		l := strings.Split(indentWrap(fmt.Sprintf("• %s %d — %s", c.Levers[r.Lever].Name, r.Points, why), tw, "  "), "\n")
		whole = append(whole, l)
		need += len(l)
	}
	if len(reasons) == 0 {
		whole = append(whole, []string{"nothing: no lever is open to it this " + strings.ToLower(c.TurnLabel) + "."})
		need = 1
	}
	bottom := strings.Join(feet[:3], "\n")
	title = "An adviser's plan"
	if tall = lines(top)+need+lines(bottom) > room; tall || compact {
		// Too tall: first the foot's blank lines go and the head is
		// said in a line, then each lever keeps a line and the room left
		// is shared out in the plan's order, a lever cut where its room
		// ends ("…"). (Every lever cut to one line, as it was, left a
		// plan of six levers at 80×24 with the reasons of none: "raises
		// Korean economic …".)
		bottom = strings.Join(feet[3:], "\n")
		title = truncate(fmt.Sprintf("The %s doctrine's plan, from what %s sees", name, c.Sides[m.side].Name), tw)
		top = ""
	}
	extra := room - lines(bottom) - len(whole)
	if top != "" {
		extra -= lines(top)
	}
	var body []string
	for _, l := range whole {
		take := max(1, min(len(l), 1+extra))
		extra -= take - 1
		if take < len(l) {
			last := strings.TrimRight(l[take-1], " ")
			if ansi.StringWidth(last) >= tw {
				last = ansi.Truncate(last, tw-1, "")
			}
			l = append(l[:take-1:take-1], last+"…")
		}
		body = append(body, l...)
	}
	if top == "" {
		return title, strings.Join(body, "\n"), bottom, tall
	}
	return title, top + "\n" + strings.Join(body, "\n"), bottom, tall
}

// fillItems writes prose wrapped at w columns, then items after it on its
// last line and the lines below, joined by sep, never breaking an item
// ("resilience-first 86%" broke at its hyphen). The breaks are found for
// every item two columns wider, so that they stay put as the brackets
// round the doctrine shown move at each ←/→.
func fillItems(prose string, items []string, sep string, w int) string {
	var b strings.Builder
	b.WriteString(ansi.Wordwrap(prose, w, ""))
	text := b.String()
	col := ansi.StringWidth(text[strings.LastIndex(text, "\n")+1:])
	for i, it := range items {
		n := ansi.StringWidth(strings.Trim(it, "[]")) + 2
		gap := " "
		if i > 0 {
			gap = sep
		}
		if col+ansi.StringWidth(gap)+n > w {
			if i > 0 {
				b.WriteString(strings.TrimRight(sep, " "))
			}
			b.WriteString("\n")
			col = 0
		} else {
			b.WriteString(gap)
			col += ansi.StringWidth(gap)
		}
		b.WriteString(it)
		col += n
	}
	return b.String()
}
