package tui

import (
	"slices"
	"strings"

	"lattice/sim"
)

// glossary is the ? screen's reading guide to the turn screen: each mark
// and number the panels use, in a line. A player asked what "p", "!",
// "gr", ⊕ ◌ ⏳ ×n and "upkeep" meant: the ? screen listed keys only.
func (m Model) glossary(w int) string {
	c := m.sess.C
	turn := strings.ToLower(c.TurnLabel)
	rows := [][2]string{
		{"p 0.77", "the chance a signalled move succeeds; your defence points lower it"},
		{"→ 0.61", "the same with your allies' points of last " + turn + " added"},
		{"pressure", "a move's strength against your defence in its domain: the gap sets p"},
		{"[?]", "may be a bluff; [real], [bluff]: your intelligence saw through it"},
		{"▲ ▼ !", "this " + turn + "'s change; ! marks a change for the worse"},
		{"gr", "the scorecard grade, A best: ✓ A or B, · C, ⚠ D or F"},
		{"rung", "the escalation ladder, 1 to 5: higher rungs lock levers (🔒) and moves"},
		{"visible", "owed on visible levers a " + turn + " (fewer at higher rungs); shortfalls cost"},
		{"⊕", "joint lever: ×joint with an ally's points on it too, ×solo alone"},
		{"◌", "hidden lever: allies do not see your points; not counted as visible"},
		{"⏳n", "the effect lands n " + turn + "s later (\"late\": after the game, so none)"},
		{"×n", "a point on this lever costs n of the budget"},
		{"upkeep", "a share of last " + turn + "'s spending charged again before new spending"},
		{"ally n", "your allies' points on this lever last " + turn},
		{"i", "the selected lever in full, and why an AI ally put points on it"},
		{"why?", "tab to the metrics, then ↑/↓: every change to a metric, and its cause"},
	}
	// The budget moves with the side's public where it has one: thaad-
	// pressure's fell from 9.0 to 8.0 with nothing on the screen saying why.
	if m.side >= 0 && m.side < len(c.Sides) {
		if sp := c.Sides[m.side].Support; sp >= 0 && !c.Sides[m.side].Adversary {
			rows = append([][2]string{{"budget", m.sess.Game.BaseBudget(m.side).String() + " × (50 + " + c.Metrics[sp].Name + ")/100 a " + turn + ": it falls with support"}}, rows...)
		}
	}
	// The mark beside the budget left, where the panel shows it: first,
	// as what the player is looking at (last, it was below the fold).
	if m.side >= 0 && m.side < len(c.Sides) && m.budgetLost() {
		rows = append([][2]string{{"(lost)", "budget left that no point can use: it does not carry over"}}, rows...)
	}
	// It covers the turn screen: the title says how to get back to it.
	back := " · ? or esc: back to the game"
	if m.dialog >= 0 { // over an event's dialog: its keys first
		back = " · ? or esc: back to the decision"
		keep := "esc"
		if m.sess.Orders.Choices[m.dialog] < 0 {
			keep = "esc (once decided)"
		}
		rows = append([][2]string{
			{"↑/↓", "the event's choices: each says what it does in numbers"},
			{"enter", "decides (a second enter confirms a choice you have not moved to): it applies with this " + turn + "'s results, and d changes it until you commit"},
			{"i", "the event's whole text, and every choice's"},
			{keep, "keeps the choice made and closes the dialog"},
		}, rows...)
	}
	return m.guide("Reading the turn screen", back, rows, w)
}

// redGlossary is the Red team's ? screen: what the marks and numbers of
// its planning screen mean. It listed keys only, with pressure, p,
// "(cannot bluff)", "⚠ drift", [R]/[B] and the doctrine's share unsaid.
func (m Model) redGlossary(w int) string {
	c := m.sess.C
	turn := strings.ToLower(c.TurnLabel)
	rows := [][2]string{
		{"[R] [B]", "marked as a real move (r) or a bluff (b); the same key again unmarks it"},
		{"pressure", "a move's strength against the allies' defence in its domain: the gap sets p"},
		{"p 0.77", "your odds: the chance the move succeeds against last " + turn + "'s defence in its domain (the base defence before the allies' first allocation; this " + turn + "'s is hidden until the results)"},
		{"(cannot bluff)", "always real when signalled: r marks it, b cannot"},
		{"⚠ drift", "the drift toward the baselines before the briefing will likely lock the move, and a locked move is called off"},
	}
	if c.Intel >= 0 && !c.NeverBluffs(m.side) {
		rows = append(rows, [2]string{"seen", "the allies see through each signal, real or bluff, with chance " + c.Metrics[c.Intel].Name + " ÷ 100"})
	}
	rows = append(rows,
		[2]string{"doctrine", "n% of the weight: how much the AI that plays your side when no one does favours the move now, factor by factor"},
		[2]string{"on failure", "what a move does when it fails: it can still move the game"},
		[2]string{"rung", "the escalation ladder, 1 to 5: higher rungs open and lock moves"},
		[2]string{"gr !", "the allies' grades and their changes for the worse: yours for the better"},
		[2]string{"why?", "tab to the metrics, then ↑/↓: every change to a metric, and its cause"},
	)
	return m.guide("Reading the Red team's screen", " · ? or esc: back to the game", rows, w)
}

// resultsGlossary is the results' ? screen: what their words and marks
// mean. A new player met "(joint ×1.25)", "(via resolve)", "drift toward
// baseline", "matured" and "rounding remainder" with the ? screen listing
// keys only.
func (m Model) resultsGlossary(w int) string {
	c := m.sess.C
	turn := strings.ToLower(c.TurnLabel)
	factors := c.Metrics[sim.MCapability].Name + ", " + c.Metrics[sim.MResolve].Name + ", " + c.Metrics[sim.MCommunication].Name
	rows := [][2]string{
		{"✓ ✗", "better or worse for the allies (escalation rising is worse)"},
		{"A → B", "before → after; the causes that follow add up to the change"},
		{"roll, p", "an adversary move succeeds when its roll is under p"},
		{"×n", "joint ×n: more than one ally's points on it; alone ×n: one ally's only"},
		{"points", "a lever's later points are worth less where it says (×1, ×0.85, …)"},
		{"via", strings.ToLower(c.Metrics[sim.MDeterrence].Name) + " moved through one of its factors: " + strings.ToLower(factors)},
		{"drift", "every metric eases toward its baseline each " + turn + ": it must be renewed"},
		{"matured", "points put on a delayed lever (⏳) earlier, landing now"},
		{"shortfall", "an ally short of the visible minimum pays for each point short"},
		{"rounding", strings.ToLower(c.Metrics[sim.MDeterrence].Name) + " is a product: what its causes' shares leave after rounding"},
		{"others", "the smaller causes, counted: the next " + turn + "'s why? panel names each"},
		{"bluffs", "moves the adversary signalled that never came"},
	}
	// A lookahead ally's "why: chose …, 6 of 8 futures won, 2 truly": a
	// class asked how it ranked them and what "truly" meant.
	chose := func(r TurnRecord) bool {
		return slices.ContainsFunc(r.Chose, func(ch *sim.LookaheadChoice) bool { return ch != nil })
	}
	if slices.ContainsFunc(m.sess.Results, chose) {
		rows = append(rows,
			[2]string{"futures", "lookahead plays each doctrine on 8 times, every ally keeping to it, and takes the one whose futures win most"},
			[2]string{"truly", "won with every ally's private objective met: it counts next, then its own objective, then the metrics"})
	}
	return m.guide("Reading the results", " · ? or esc: back to them", rows, w)
}

// endGlossary is the end screen's ? screen: what its sections and marks
// mean. It drew the bare list of keys over the debrief, with no title and
// no word of the grades.
func (m Model) endGlossary(w int) string {
	rows := [][2]string{
		{"verdict", "the end the game reached, and whether it counts as an allied success"},
		{"grade", "the scorecard, A best: ✓ A or B, · C, ⚠ D or F, from the scenario's thresholds"},
		{"objective", "each ally's private aim, met or missed beside the shared verdict"},
		{"true win", "an allied success with every ally's objective met"},
		{"decisions", "the allied levers that moved the scored metrics most over the game"},
		{"moves", "the adversary moves that hurt most, and the levers that would have blunted them"},
		{"next time", "your levers for the metrics the deciding condition read"},
		{"seed", "the same seed replays the same dice: play again to try another plan"},
	}
	return m.guide("Reading the end screen", " · ? or esc: back to it", rows, w)
}

// guide draws a reading guide: its title with how to leave it, then a
// line a mark, its words wrapped under them.
func (m Model) guide(title, back string, rows [][2]string, w int) string {
	s := m.styles
	var b strings.Builder
	b.WriteString(s.Header.Render(title) + s.Dim.Render(truncate(back, w-len(title))) + "\n")
	for _, r := range rows {
		mark := padRight(r[0], 8)
		if len([]rune(r[0])) >= 8 { // "pressure": a space still parts it from its words
			mark = r[0] + " "
		}
		b.WriteString(s.Bold.Render(mark) + indentWrap(r[1], w-(len([]rune(mark))-8), strings.Repeat(" ", 8)) + "\n")
	}
	return b.String()
}
