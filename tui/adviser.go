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
	hash  uint64
	side  int
	plans map[int][]sim.PlanReason
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
	g := m.sess.Game
	pc := m.adv.plans
	if pc != nil && pc.hash == g.Hash() && pc.side == m.side {
		if r, ok := pc.plans[pol]; ok {
			return r
		}
	}
	p, err := sim.PolicyByName(adviserPolicies[pol])
	if err != nil { // the names above are built in
		return nil
	}
	r := g.PlanReasons(p, m.side)
	if pc != nil {
		if pc.plans == nil || pc.hash != g.Hash() || pc.side != m.side {
			*pc = adviceCache{hash: g.Hash(), side: m.side, plans: map[int][]sim.PlanReason{}}
		}
		pc.plans[pol] = r
	}
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
	m.message = fmt.Sprintf("your draft is the %s adviser's plan: %s", adviserPolicies[m.adv.pol], plural(placed, "point"))
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
func (m Model) adviserDialog() string {
	w := min(76, m.width-4)
	plan, foot := m.adviserText(m.adv.pol, w-6) // the dialog's text width (dialogBoxW)
	tallest := 0
	for pol := range adviserPolicies {
		p, f := m.adviserText(pol, w-6)
		tallest = max(tallest, strings.Count(p+"\n"+f, "\n"))
	}
	pad := strings.Repeat("\n", max(0, tallest-strings.Count(plan+"\n"+foot, "\n")))
	return m.dialogBoxW("An adviser's plan", plan+"\n"+pad+foot, w)
}

// adviserText is the adviser's text for doctrine pol at text width tw: its
// plan (the head and the levers) and its foot (what it spends, the
// doctrines), fitted to the screen's height.
func (m Model) adviserText(pol, tw int) (plan, foot string) {
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
		spend += fmt.Sprintf(" It is %s short of the visible minimum. %s", plural(n, "point"), shortfallCost(c))
	}
	var docs []string
	for i, p := range adviserPolicies {
		if i == pol {
			p = "[" + p + "]"
		}
		docs = append(docs, p)
	}
	// (The help line gives the keys: ←/→, enter, esc.)
	feet := []string{"", wrap(spend+" Enter makes it your draft, in place of yours.", tw), "", wrap(strings.Join(docs, " · "), tw)}
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
	bottom := strings.Join(feet, "\n")
	if lines(top)+need+lines(bottom) > room {
		// Too tall: first the foot's blank lines go and the head is
		// said in a line, then each lever keeps a line and the room left
		// is shared out in the plan's order, a lever cut where its room
		// ends ("…"). (Every lever cut to one line, as it was, left a
		// plan of six levers at 80×24 with the reasons of none: "raises
		// Korean economic …".)
		bottom = strings.Join([]string{feet[1], feet[3]}, "\n")
		top = wrap(fmt.Sprintf("The %s doctrine's plan, from what %s sees:", name, c.Sides[m.side].Name), tw)
	}
	extra := room - lines(top) - lines(bottom) - len(whole)
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
	return top + "\n" + strings.Join(body, "\n"), bottom
}
