package tui

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/guptarohit/asciigraph"

	"lattice/sim"
)

// renderMarkdown renders a briefing with glamour, cached by width and
// background; plain text if rendering fails.
func renderMarkdown(md string, width int, dark bool) string {
	key := fmt.Sprintf("%d/%v/%s", width, dark, md)
	mdCache.Lock()
	defer mdCache.Unlock()
	if out, ok := mdCache.m[key]; ok {
		return out
	}
	style := styles.DarkStyle
	if !dark {
		style = styles.LightStyle
	}
	out := md
	if r, err := glamour.NewTermRenderer(glamour.WithStandardStyle(style), glamour.WithWordWrap(max(width, 20))); err == nil {
		if s, err := r.Render(md); err == nil {
			out = hangListItems(strings.Trim(s, "\n"), max(width, 20))
		}
	}
	if mdCache.m == nil || len(mdCache.m) > 64 {
		mdCache.m = map[string]string{}
	}
	mdCache.m[key] = out
	return out
}

// hangListItems gives glamour's list items a hanging indent. Glamour wraps
// an item's text back to the bullet's column, so a long bullet reads as
// two paragraphs ("  • Seoul looks first to North Korea, and to its" then
// "  economy: …"); this rewraps each item so that its continuation lines
// start under the item's text. An item is a line whose text starts with
// "• " or "N. " after a blank line or another item (a paragraph's line
// that happens to wrap before "12. " is not one); its continuation lines
// are the non-blank lines after it that start at the bullet's column and
// are not items themselves. Styles are kept (the wrap is ANSI-aware);
// width is glamour's wrap width.
func hangListItems(out string, width int) string {
	lines := strings.Split(out, "\n")
	res := make([]string, 0, len(lines))
	mayStart := true // the line before was blank, or the end of an item
	for i := 0; i < len(lines); {
		indent, hang, ok := listItem(lines[i])
		if !ok || !mayStart || hang >= width-8 {
			res = append(res, lines[i])
			mayStart = strings.TrimSpace(ansi.Strip(lines[i])) == ""
			i++
			continue
		}
		mayStart = true
		// The item's text, its pieces joined with single spaces.
		body := []string{trimCells(ansi.TruncateLeft(lines[i], hang, ""))}
		j := i + 1
		for ; j < len(lines); j++ {
			plain := ansi.Strip(lines[j])
			text := strings.TrimLeft(plain, " ")
			if text == "" || len(plain)-len(text) != indent {
				break
			}
			if _, _, item := listItem(lines[j]); item {
				break
			}
			body = append(body, trimCells(ansi.TruncateLeft(lines[j], indent, "")))
		}
		wrapped := strings.Split(ansi.Wrap(strings.Join(body, " "), width-hang, ""), "\n")
		prefix := ansi.Truncate(lines[i], hang, "")
		for k, w := range wrapped {
			if k > 0 {
				prefix = strings.Repeat(" ", hang)
			}
			res = append(res, emptySGR.ReplaceAllString(prefix+trimCells(w), ""))
		}
		i = j
	}
	return strings.Join(res, "\n")
}

// emptySGR is a style set and reset around nothing, which cutting and
// rewrapping glamour's styled words leaves behind.
var emptySGR = regexp.MustCompile("\x1b\\[[0-9;]+m\x1b\\[m")

// listItem reports whether a rendered line starts a list item: after its
// indent (in cells), a bullet "• " or a number and ". ". hang is the
// column its text starts at.
func listItem(line string) (indent, hang int, ok bool) {
	plain := ansi.Strip(line)
	text := strings.TrimLeft(plain, " ")
	indent = len(plain) - len(text)
	if rest, found := strings.CutPrefix(text, "• "); found && strings.TrimSpace(rest) != "" {
		return indent, indent + 2, true
	}
	n := 0
	for n < len(text) && n < 3 && text[n] >= '0' && text[n] <= '9' {
		n++
	}
	if n > 0 && strings.HasPrefix(text[n:], ". ") && strings.TrimSpace(text[n+2:]) != "" {
		return indent, indent + n + 2, true
	}
	return 0, 0, false
}

// trimCells cuts a styled line's leading and trailing blank cells (glamour
// pads its lines with styled spaces), keeping the styles of what is left.
func trimCells(s string) string {
	plain := ansi.Strip(s)
	lead := len(plain) - len(strings.TrimLeft(plain, " "))
	trail := len(plain) - len(strings.TrimRight(plain, " "))
	if lead+trail >= len(plain) {
		return ""
	}
	w := ansi.StringWidth(s)
	return ansi.Cut(s, lead, w-trail)
}

var mdCache struct {
	sync.Mutex
	m map[string]string
}

var sparkChars = []rune("▁▂▃▄▅▆▇█")

// sparkline draws a metric's history scaled to its bounds.
func sparkline(vals []sim.Fix, lo, hi sim.Fix, n int) string {
	if len(vals) > n {
		vals = vals[len(vals)-n:]
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if hi > lo {
			i = int(int64(v-lo) * int64(len(sparkChars)-1) / int64(hi-lo))
		}
		b.WriteRune(sparkChars[min(max(i, 0), len(sparkChars)-1)])
	}
	return b.String()
}

// header is the first line of the turn screen.
func (m Model) header() string {
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	r := g.Rung()
	rung := fmt.Sprintf("rung %d/5 %s", r+1, c.Rungs[r].Name)
	rs := s.Good
	if r >= 3 {
		rs = s.Bad
	} else if r >= 1 {
		rs = s.Warn
	}
	who := "Observer (public information)"
	if m.side >= 0 {
		who = c.Sides[m.side].Name
	}
	lead := fmt.Sprintf("Turn %d/%d", g.Turn(), c.Turns) + " · " + c.TurnLabel + " " + fmt.Sprint(g.Turn()) + " · "
	// One line, always: the screens below count on it. A long name gives
	// way, the side's first (to 12 cells, while the title has 16), then
	// the title's (to 8), then the rung's; the line wrapped instead, and
	// pushed the panels' bottom border off the screen.
	const minTitle, minWho, minTitleCut = 16, 12, 8
	free := m.width - ansi.StringWidth(lead) - 1 // the title, the gap and the right part
	if over := ansi.StringWidth(rung+" · "+who) + min(ansi.StringWidth(c.Title), minTitle) - free; over > 0 {
		who = truncate(who, max(ansi.StringWidth(who)-over, minWho))
	}
	if over := ansi.StringWidth(rung+" · "+who) + min(ansi.StringWidth(c.Title), minTitleCut) - free; over > 0 {
		name := c.Rungs[r].Name
		rung = strings.TrimSpace(fmt.Sprintf("rung %d/5 %s", r+1, truncate(name, ansi.StringWidth(name)-over)))
	}
	right := rs.Render(rung) + " · " + s.Accent.Render(who)
	room := free - lipgloss.Width(right)
	left := s.Title.Render(fmt.Sprintf("Turn %d/%d", g.Turn(), c.Turns)) + " · " + c.TurnLabel + " " + fmt.Sprint(g.Turn()) + " · " + s.Bold.Render(truncate(c.Title, room))
	gap := max(m.width-lipgloss.Width(left)-lipgloss.Width(right), 1)
	return clip(left+strings.Repeat(" ", gap)+right, m.width)
}

// gradeOf returns the scorecard grade of metric mi now, or "".
func gradeOf(c *sim.Compiled, mi int, v sim.Fix) string {
	for _, g := range c.Grades {
		if g.Metric == mi {
			return g.Grade(v, c.Metrics[mi].GoodLow)
		}
	}
	return ""
}

func (m Model) metricsPanel(w int) string {
	s := m.styles
	c := m.sess.C
	var v sim.View
	m.sess.Game.ViewInto(m.side, &v)
	hist := m.sess.History
	var b strings.Builder
	// The trend column gives way where the names would be cut short: at
	// 80 columns they read "Capabili…", "Adversary …", "Alliance c…" (the
	// charts, c, show the trends).
	nameW, trend := w-25, true
	if nameW < 16 {
		nameW, trend = max(w-19, 8), false
	}
	heads := "  value change  trend gr"
	if !trend {
		heads = "  value change  gr"
	}
	b.WriteString(s.Header.Render(padRight(m.focusMark(0)+"Metrics", nameW)) + s.Dim.Render(heads) + "\n")
	for mi, mt := range c.Metrics {
		// The change since the end of the last turn (the start of the game):
		// the drift and events that opened this one, as the results will
		// count them. Value minus change is the value the last results gave.
		val := v.Metrics[mi]
		delta := val - hist[len(hist)-1][mi]
		arrow := "  ="
		good := (delta > 0) != mt.GoodLow
		if delta != 0 {
			arrow = arrowChange(c, mi, delta)
			// A change too small for the metric's decimals is written with
			// the decimals it needs ("▲0.004"), but where that and the "!"
			// of a change for the worse overflow the column ("▼0.0048!"
			// pushed the grade off the row at 80 columns) it is "below the
			// last decimal", "▼<.01" (the why? panel has it exact).
			zero := c.FormatMetric(mi, 0) // "0.00", "0.000"
			bang := 0
			if !good {
				bang = 1
			}
			if dec := len(zero) - 2; dec > 0 && utf8.RuneCountInString(arrow)+bang > 7 && len(arrow)-strings.LastIndexByte(arrow, '.')-1 > dec {
				_, size := utf8.DecodeRuneInString(arrow)
				arrow = arrow[:size] + "<." + strings.Repeat("0", dec-1) + "1"
			}
		}
		as := s.Dim
		if delta != 0 {
			as = s.Good
			if !good {
				// A change for the worse is marked in text as well as in
				// red: without colour "Escalation ▲4.00" (bad) and
				// "Deterrence ▲0.84" (good) looked alike.
				as, arrow = s.Bad, arrow+"!"
			}
		}
		series := make([]sim.Fix, 0, len(hist))
		for _, h := range hist {
			series = append(series, h[mi])
		}
		grade := gradeOf(c, mi, val)
		gs := s.Dim
		mark := ""
		switch grade {
		case "A", "B":
			gs, mark = s.Good, grade+" ✓"
		case "C":
			gs, mark = s.Warn, grade+" ·"
		case "D", "F":
			gs, mark = s.Bad, grade+" ⚠"
		}
		name := truncate(mt.Name, nameW)
		if mt.Component {
			name = truncate("  "+mt.Name, nameW)
		}
		if m.focus == 0 && mi == m.metricSel { // the metric the "why?" panel explains
			name = s.Selected.Render(padRight(truncate("▸ "+strings.TrimLeft(name, " "), nameW), nameW))
		}
		spark := ""
		if trend {
			spark = fmt.Sprintf(" %-5s", sparkline(series, mt.Min, mt.Max, 5))
		}
		b.WriteString(fmt.Sprintf("%s %6s %s%s %s\n", padRight(name, nameW), c.FormatMetric(mi, val), as.Render(fmt.Sprintf("%-7s", arrow)), spark, gs.Render(mark)))
	}
	return b.String()
}

// metricsView is the metrics panel in h lines: when they do not all fit,
// the last line says how many are below and how to see them.
func (m Model) metricsView(w, h int) string {
	lines := strings.Split(strings.TrimRight(m.metricsPanel(w), "\n"), "\n")
	if len(lines) <= h || h < 2 {
		return strings.Join(lines, "\n")
	}
	hint := "tab, tab: all" // the focus goes allocation → intelligence → metrics
	switch m.focus {
	case 2:
		hint = "tab: all"
	case 0:
		hint = "↑/↓"
	}
	// The header, a window of metrics (around the selected one while the
	// metrics have the focus), and a line saying how many are out of view.
	rows := lines[1:]
	k := h - 2
	if m.focus != 0 {
		// The metrics that can lose the game or are graded first (the
		// others in the room left), in their order: taiwan-strait's
		// Adversary gains, read by an end condition, was below the cut.
		key := m.keyMetrics()
		shown := make([]bool, len(rows))
		n := 0
		for pass := range 2 {
			for i := range rows {
				if n < k && !shown[i] && (pass == 1 || key[i]) {
					shown[i] = true
					n++
				}
			}
		}
		out := []string{lines[0]}
		for i, r := range rows {
			if shown[i] {
				out = append(out, r)
			}
		}
		out = append(out, m.styles.Dim.Render(fmt.Sprintf("+%d more %s (%s)", len(rows)-k, pluralNoun(len(rows)-k, "metric"), hint)))
		return strings.Join(out, "\n")
	}
	from, more := scrollWindow(len(rows), m.metricSel, k)
	out := append([]string{lines[0]}, rows[from:from+k]...)
	out = append(out, m.styles.Dim.Render(fmt.Sprintf("%s more %s (%s)", more, pluralNoun(len(rows)-k, "metric"), hint)))
	return strings.Join(out, "\n")
}

// keyMetrics marks the metrics the scorecard grades or an end condition
// reads (as sim reports them: Compiled.Grades, EndInfo.When.Refs): the
// ones a short metrics panel must not leave out.
func (m Model) keyMetrics() []bool {
	c := m.sess.C
	key := make([]bool, len(c.Metrics))
	for _, g := range c.Grades {
		key[g.Metric] = true
	}
	for mi := range c.Metrics {
		if len(endsOn(c, mi)) > 0 {
			key[mi] = true
		}
	}
	return key
}

// budgetPrec is the fewest decimals (one at least) at which the budget
// line adds up as shown: budget − upkeep − spent = left, with left below
// zero shown below zero. A budget of 5.94 shown as 6.0 beside "spent 7.0
// left -1.1" did not, and "left 0.0" hid a draft 0.04 over. Nor is left
// ever shown rounded up past a whole number: "left 1.0" for 0.96 offered a
// point the engine then refused.
func budgetPrec(budget, upkeep, spent, left sim.Fix) int {
	shown := func(x sim.Fix, p int) float64 {
		f, _ := strconv.ParseFloat(x.Format(p), 64)
		return f
	}
	for p := 1; p < 4; p++ {
		avail := max(shown(budget, p)-shown(upkeep, p), 0) // as the engine's Available
		l := shown(left, p)
		if math.Abs(avail-shown(spent, p)-l) < 1e-9 && (l < 0) == (left < 0) && math.Floor(l) <= math.Floor(left.Float()) {
			return p
		}
	}
	return 4
}

// allocPanel draws the allocation panel in at most h lines. When the
// levers and the odds do not all fit (the larger scenarios at 80×24), the
// legend goes first, then the odds' breakdowns, then the lever list shows a
// window around the selected lever: the odds of every signalled move stay
// on screen.
func (m Model) allocPanel(w, h int) string {
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	o := m.sess.Orders
	var v sim.View
	g.ViewInto(m.side, &v)
	spent := g.Spend(o, m.side)
	left := v.Available - spent
	var b strings.Builder
	title := s.Header.Render(m.focusMark(1) + "Allocation")
	if m.details {
		title = s.Header.Render(m.focusMark(1)+"Lever details") + s.Dim.Render(truncate(" (i: the list)", w-ansi.StringWidth(m.focusMark(1)+"Lever details")))
	}
	b.WriteString(title + "\n")
	p := budgetPrec(v.Budget, v.Upkeep, spent, left)
	ls := s.Good
	if left < 0 {
		ls = s.Bad
	}
	leftText := "left " + left.Format(p)
	if m.budgetLost() {
		// Less than any point costs (a budget that moves with support is
		// fractional), or every lever full: it does not carry over. Said
		// before the budget where the panel is narrow: it is what matters
		// once the points are placed.
		leftText += " (lost)"
		ls = s.Dim
	}
	var upkeep string
	if v.Upkeep != 0 {
		upkeep = fmt.Sprintf("upkeep %s  ", v.Upkeep.Format(p))
	}
	// What is left matters most: in a narrow panel what is spent goes
	// first (left says it too, as it falls), then the budget, then the
	// upkeep, rather than the end of the line. The budget went first, and
	// at 80×24 a turn with upkeep showed no budget at all.
	heads := []string{
		fmt.Sprintf("budget %s  spent %s  %s", v.Budget.Format(p), spent.Format(p), upkeep),
		fmt.Sprintf("budget %s  %s", v.Budget.Format(p), upkeep),
		fmt.Sprintf("spent %s  %s", spent.Format(p), upkeep),
		fmt.Sprintf("spent %s  ", spent.Format(p)),
	}
	head := heads[len(heads)-1]
	for _, h := range heads {
		if ansi.StringWidth(h+leftText) <= w {
			head = h
			break
		}
	}
	b.WriteString(head + ls.Render(leftText) + "\n")
	visible := 0
	for l := range c.Levers {
		if c.Levers[l].Visible {
			visible += o.Get(m.side, l)
		}
	}
	// The engine's need: the minimum, lowered to what the side can afford.
	need := g.VisibleNeed(m.side)
	vs := s.Good
	mark := "✓"
	if g.Shortfall(o, m.side) > 0 {
		vs, mark = s.Warn, "⚠ short"
	}
	visLine := fmt.Sprintf("visible points %d of at least %d %s", visible, need, mark)
	if ansi.StringWidth(visLine) > w { // "⚠ short" is the part that matters
		visLine = fmt.Sprintf("visible %d of at least %d %s", visible, need, mark)
	}
	if note := fmt.Sprintf(" (of %d: all you can afford)", v.MinVisible); need < v.MinVisible && ansi.StringWidth(visLine+note) <= w {
		visLine += note
	}
	b.WriteString(vs.Render(visLine) + "\n")
	top := b.String()
	if m.details {
		return top + m.pagedLines(m.detailsLines(w), m.detailsAt, h-3)
	}
	dotsOf := func(l, p int) string { return leverDots(p, c.Levers[l].Max) }
	tagsOf := func(li *sim.LeverInfo) string {
		tags := ""
		if li.IsJoint {
			tags += "⊕"
		}
		if !li.Visible {
			tags += "◌"
		}
		if li.Delay > 0 {
			tags += fmt.Sprintf("⏳%d", li.Delay)
			if v.Turn+li.Delay > v.Turns {
				tags += " late" // would land after the last turn
			}
		}
		return tags
	}
	costOf := func(li *sim.LeverInfo) string {
		if li.Cost != sim.One {
			return "×" + li.Cost.String()
		}
		return ""
	}
	// Each row: the points, the name, then its own marks (cost, tags, the
	// allies' points). The points come first, in a column that never
	// moves; each name then takes the room its own row's marks leave. With
	// the points after the names, every name kept the room of the widest
	// marks any row could carry ("⊕⏳2 late ally 3"), so at 100 columns
	// taiwan-strait cut seven of its eleven names to 22 columns beside 16
	// empty ones, and a row whose marks did not fit pushed its points out
	// of the column.
	suffixOf := func(l int) string {
		li := &c.Levers[l]
		var parts []string
		if cost := costOf(li); cost != "" {
			parts = append(parts, cost)
		}
		if tags := tagsOf(li); tags != "" {
			parts = append(parts, tags)
		}
		if a := v.Levers[l].Allies; a > 0 {
			parts = append(parts, fmt.Sprintf("ally %d", a))
		}
		return strings.Join(parts, " ")
	}
	dotsW := 0
	var rows []int // the levers the side may use
	for l := range c.Levers {
		li := &c.Levers[l]
		if !m.sideLever(l) {
			continue
		}
		rows = append(rows, l)
		dotsW = max(dotsW, ansi.StringWidth(dotsOf(l, li.Max)))
	}
	rowW := w - 2 - dotsW - 1 // cursor, points, space: the name and its marks
	// The rows are the side's own levers (rows): another ally's, "🔒 not
	// available to South Korea", took a row of a list that at 80×24 is
	// windowed, and ↑/↓ passed over it (sideLever).
	levers := make([]string, 0, len(rows))
	selRow := 0  // the selected lever's row
	cut := false // the selected lever's name is cut: its description names it
	for _, l := range rows {
		li := &c.Levers[l]
		lv := v.Levers[l]
		p := o.Get(m.side, l)
		suffix := suffixOf(l)
		nameW := rowW
		if sw := ansi.StringWidth(suffix); sw > 0 {
			nameW = max(rowW-1-sw, 8)
		}
		cursor := "  "
		if l == m.sel {
			cursor = s.Accent.Render("▸ ")
			cut = ansi.StringWidth(li.Name) > nameW
		}
		line := padRight(dotsOf(l, p), dotsW) + " " + truncate(li.Name, nameW)
		if a := lv.Allies; a > 0 { // the allies' points in a quieter style
			own := strings.TrimSuffix(suffix, fmt.Sprintf("ally %d", a))
			line += " " + own + s.Dim.Render(fmt.Sprintf("ally %d", a))
		} else if suffix != "" {
			line += " " + suffix
		}
		switch {
		case !lv.Usable:
			// No points to show: the row takes their column too, and the
			// reason is whole where the name can give way for it (it was
			// cut even at 200 columns); the full one is under the list
			// when the lever is selected.
			why := m.leverLock(l, true)
			all := w - 2 // the row less the cursor
			nw := max(min(ansi.StringWidth(li.Name), all-4-ansi.StringWidth(why)), 12)
			line = s.Dim.Render(fmt.Sprintf("%s 🔒 %s", truncate(li.Name, nw), truncate(why, all-nw-4)))
		case l == m.sel:
			line = s.Selected.Render(line)
		}
		if l == m.sel {
			selRow = len(levers)
		}
		levers = append(levers, cursor+line+"\n")
	}
	// The selected lever's description, in as many lines as the panel has
	// free (it was cut to a line with rows empty below); it names the lever
	// when its row cut the name.
	sel := &c.Levers[m.sel]
	text := sel.Description
	if why := m.leverLock(m.sel, false); why != "" {
		text = "🔒 " + why // the lever's line has no room for all of it
	}
	if cut {
		text = sel.Name + ": " + text
	}
	var descLines []string
	if text != "" {
		descLines = strings.Split(wrap(oneLine(text), w), "\n")
		for i := range descLines {
			descLines[i] = strings.TrimRight(descLines[i], " ")
		}
	}
	// descN is the description in n lines at most, the last marked "…
	// (i: more)" when more is left, or the facts (more) are not shown.
	descN := func(n int, more bool) string {
		if len(descLines) == 0 || n <= 0 {
			return ""
		}
		if n == 1 && len(descLines) > 1 {
			return s.Dim.Render(moreHint(oneLine(text), w)) + "\n"
		}
		dl := slices.Clone(descLines[:min(n, len(descLines))])
		if n < len(descLines) || more {
			dl[len(dl)-1] = moreHint(dl[len(dl)-1], w)
		}
		return s.Dim.Render(strings.Join(dl, "\n")) + "\n"
	}
	// What the selected lever does in numbers, one item a line: whether
	// its points land after the game, what is on its way from earlier
	// points, the moves it defends against (this turn's signals by name),
	// what a point moves, then what its marks mean.
	facts := m.leverFacts(&v, m.sel)
	var factLines []string
	for _, f := range facts {
		factLines = append(factLines, strings.Split(indentWrap(f, w, "  "), "\n")...)
	}
	// factsN is the facts in n lines at most, the last marked "…" when
	// more is left, and "(i: more)" too unless the description above says
	// it (hinted), or when the description is not shown (more).
	factsN := func(n int, hinted, more bool) string {
		n = min(n, len(factLines))
		if n <= 0 {
			return ""
		}
		fl := slices.Clone(factLines[:n])
		switch {
		case n < len(factLines) && hinted:
			fl[n-1] = truncate(fl[n-1]+" …", w)
		case n < len(factLines) || more:
			fl[n-1] = moreHint(fl[n-1], w)
		}
		return s.Dim.Render(strings.Join(fl, "\n")) + "\n"
	}
	// The legend names only the marks the side's own levers carry (gray-
	// zone's Japan, with no delayed or dearer lever, was told of ⏳ and ×),
	// and fits the panel (at 80 columns "⏳ delayed turns" was cut).
	type legendMark struct{ long, short string }
	var marks []legendMark
	for _, mk := range []struct {
		on func(li *sim.LeverInfo) bool
		legendMark
	}{
		{func(li *sim.LeverInfo) bool { return li.IsJoint }, legendMark{"⊕ joint", "⊕ joint"}},
		{func(li *sim.LeverInfo) bool { return !li.Visible }, legendMark{"◌ not visible", "◌ hidden"}},
		{func(li *sim.LeverInfo) bool { return li.Delay > 0 }, legendMark{"⏳n lands n " + strings.ToLower(c.TurnLabel) + "s later", "⏳ delay"}},
		{func(li *sim.LeverInfo) bool { return li.Delay > 0 && v.Turn+li.Delay > v.Turns }, legendMark{"late: after the game", "late"}}, // short, as the ? guide explains it: "late: aft…" pushed ×cost off the line
		{func(li *sim.LeverInfo) bool { return li.Cost != sim.One }, legendMark{"×n a point costs n", "×cost"}},
	} {
		if slices.ContainsFunc(rows, func(l int) bool { return mk.on(&c.Levers[l]) }) {
			marks = append(marks, mk.legendMark)
		}
	}
	long := func(ms []legendMark) (out []string) {
		for _, x := range ms {
			out = append(out, x.long)
		}
		return out
	}
	shortOf := func(ms []legendMark) (out []string) {
		for _, x := range ms {
			out = append(out, x.short)
		}
		return out
	}
	legendText := strings.Join(fitLines(long(marks), "  ", w), "\n") // a mark is not split across lines
	compact := strings.Join(shortOf(marks), " ")
	if slices.ContainsFunc(v.Levers, func(lv sim.LeverView) bool { return lv.Allies > 0 }) {
		// "ally 2": what the other allies put on a visible lever last turn
		allies := "ally n: other allies' points last turn"
		if ansi.StringWidth(allies) > w {
			allies = "ally n: allies last turn"
		}
		switch {
		case legendText == "":
			legendText = allies
		case ansi.StringWidth(legendText[strings.LastIndex(legendText, "\n")+1:]+"  "+allies) <= w:
			legendText += "  " + allies
		default:
			legendText += "\n" + allies
		}
		// The marks' own short words first: where "ally n" does not fit
		// after them it is left to the ? guide, not cut to "all…".
		for _, a := range []string{" ally n: allies last turn", " ally n: last turn", ""} {
			if line := strings.TrimSpace(compact + a); ansi.StringWidth(line) <= w || a == "" {
				compact = line
				break
			}
		}
	}
	legend, legendShort := "", ""
	if legendText != "" {
		legend = s.Dim.Render(legendText) + "\n"
		// In one line when two do not fit: every mark, in short.
		legendShort = s.Dim.Render(truncate(compact, w)) + "\n"
	}
	short, full, tight := m.oddsLines(w)
	lines := func(x string) int { return strings.Count(x, "\n") }
	// What goes under the levers. The least of it: a line of description,
	// the legend and the odds in short; when the levers do not all fit
	// with that, they are windowed (see below). When they
	// do, the free rows go to two lines of the lever's numbers, the odds'
	// breakdowns, the whole legend, four lines of numbers, three of
	// description, then the rest of both. (The breakdowns came first: at
	// 80×24 they took half the panel and left the lever a cut line; i
	// shows the lever whole.)
	type layout struct {
		desc, facts int
		legend      string
		odds        string
	}
	lay := layout{1, 0, legendShort, short}
	rest := func(l layout) string {
		return descN(l.desc, l.facts == 0 && len(factLines) > 0) +
			factsN(l.facts, l.desc > 0 && l.desc < len(descLines), l.desc == 0 && len(descLines) > 0) + l.legend + l.odds
	}
	room := h - 3 // under the panel's title and budget lines
	if len(levers)+lines(rest(lay)) > room {
		// The levers are windowed: two lines of the lever's numbers (what
		// it counters first) take the description's line and a lever row;
		// i has the rest. A cut line of description left one lever fewer.
		lay.desc, lay.facts = 0, 2
	} else {
		for _, up := range []func(l *layout){
			func(l *layout) { l.facts = 1 },
			func(l *layout) { l.facts = 2 },
			func(l *layout) { l.odds = full },
			func(l *layout) { l.legend = legend },
			func(l *layout) { l.facts = 4 },
			func(l *layout) { l.desc = 3 },
			func(l *layout) { l.facts = len(factLines) },
			func(l *layout) { l.desc = len(descLines) },
		} {
			next := lay
			up(&next)
			if len(levers)+lines(rest(next)) <= room {
				lay = next
			}
		}
	}
	// No room for even a window of levers: the least below them, then
	// not even the description's line, then the odds in a line (i has
	// them all).
	for _, least := range []layout{{1, 0, "", short}, {0, 0, "", short}, {0, 0, "", tight}} {
		if room-lines(rest(lay)) < 3 {
			lay = least
		}
	}
	window := strings.Join(levers, "")
	if k := room - lines(rest(lay)); len(levers) > k {
		// A window of k-1 levers around the selection, and a line saying
		// how many are above and below it; on the smallest screens the
		// selected lever alone. (All of them, cut by the box, lost the
		// selection below the cut: a 70×20 screen showed 7 of 12.)
		n := max(k-1, 1)
		from, more := scrollWindow(len(levers), selRow, n)
		window = strings.Join(levers[from:from+n], "")
		if k >= 2 {
			window += s.Dim.Render("  "+more+" more "+pluralNoun(len(levers)-n, "lever")) + "\n"
		}
	}
	return top + window + rest(lay)
}

// sideLever reports whether lever l is one the side at the screen may use
// (now or at another rung): the allocation lists only those, and ↑/↓
// select only those (every lever for a screen of no side).
func (m Model) sideLever(l int) bool {
	return m.side < 0 || m.sess.C.MayUse(m.side, l)
}

// moreHint ends a line cut short, in w columns, with "… (i: more)": the
// lever's details (i) have the rest.
func moreHint(line string, w int) string {
	const hint = " (i: more)"
	return truncate(line+" …", w-len(hint)) + hint
}

// leverDots draws p points of a lever's mx: a dot each up to six, else
// "p/mx".
func leverDots(p, mx int) string {
	if mx <= 6 {
		return strings.Repeat("●", p) + strings.Repeat("○", max(mx-p, 0))
	}
	return fmt.Sprintf("%d/%d", p, mx)
}

// detailsLines is the selected lever in full, w columns wide, for the
// allocation panel's details (i): its name, its points and whether it is
// locked, why an AI ally put points on it last turn, its whole
// description, every other fact leverFacts gives (what it counters, what a
// point moves, its delay, cost and joint rate), none of them cut, and the
// odds against the draft with their breakdowns.
func (m Model) detailsLines(w int) []string {
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	var v sim.View
	g.ViewInto(m.side, &v)
	li := &c.Levers[m.sel]
	lv := v.Levers[m.sel]
	var out []string
	add := func(st lipgloss.Style, text string) {
		for _, l := range strings.Split(text, "\n") {
			out = append(out, st.Render(strings.TrimRight(l, " ")))
		}
	}
	add(s.Selected, wrap(li.Name, w))
	p := m.sess.Orders.Get(m.side, m.sel)
	state := fmt.Sprintf("%s %d of %d", leverDots(p, li.Max), p, li.Max)
	if !li.Visible {
		state += " · ◌ not visible"
	}
	if lv.Allies > 0 {
		state += fmt.Sprintf(" · allies %d last %s", lv.Allies, strings.ToLower(c.TurnLabel))
	}
	add(lipgloss.NewStyle(), indentWrap(state, w, "  "))
	if why := m.leverLock(m.sel, false); why != "" {
		add(s.Warn, indentWrap("🔒 "+why, w, "  "))
	}
	// The AI ally's reasons first: they change each turn, the
	// description does not, and at 80×24 the first page is all some read.
	reasons := m.allyReasons(m.sel)
	for _, f := range reasons {
		add(lipgloss.NewStyle(), indentWrap(f, w, "  "))
	}
	if li.Description != "" {
		add(s.Dim, wrap(oneLine(li.Description), w))
	}
	facts := m.leverFacts(&v, m.sel)
	for _, f := range facts[:len(facts)-len(reasons)] {
		add(s.Dim, indentWrap(f, w, "  "))
	}
	// The odds with their breakdowns, which the list gives way for at
	// 80×24: how this lever's points weigh against each move.
	if _, full, _ := m.oddsLines(w); full != "" {
		out = append(out, strings.Split(strings.TrimRight(full, "\n"), "\n")...)
	}
	return out
}

// detailsHidden is how many lines of the lever's details do not fit the
// allocation panel under its three lines of title and budget.
func (m Model) detailsHidden() int {
	w, h := m.whySize()
	return max(len(m.detailsLines(w))-(h-3), 0)
}

// detailsPage is how far pgup/pgdown scroll the lever's details: a page
// but for the two lines that say what is above and below.
func (m Model) detailsPage() int {
	_, h := m.whySize()
	return max(h-3-2, 1)
}

// pagedLines is lines in h lines from line at, the first saying how many
// lines are above (pgup) and the last how many are below (pgdn) when they
// do not all fit.
func (m Model) pagedLines(lines []string, at, h int) string {
	n := len(lines)
	if n <= h || h < 3 {
		return strings.Join(lines, "\n")
	}
	at = min(at, n-h)
	view := slices.Clone(lines[at : at+h])
	if at > 0 { // the hint takes the place of one more line
		view[0] = m.styles.Dim.Render(fmt.Sprintf("↑ %d more lines (pgup)", at+1))
	}
	if below := n - at - h; below > 0 {
		view[h-1] = m.styles.Dim.Render(fmt.Sprintf("↓ %d more lines (pgdn)", below+1))
	}
	return strings.Join(view, "\n")
}

// fitLines joins items with sep into lines of at most w columns, never
// splitting an item.
func fitLines(items []string, sep string, w int) []string {
	var out []string
	for _, it := range items {
		if n := len(out); n > 0 && ansi.StringWidth(out[n-1]+sep+it) <= w {
			out[n-1] += sep + it
			continue
		}
		out = append(out, it)
	}
	return out
}

// pluralNoun returns noun for one, noun+"s" for any other count: "↓ 1
// more line", "3 more levers".
func pluralNoun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

// leverFacts says what lever l does in numbers for the side at the screen,
// one item each: that its points would land after the game, what its
// earlier points still bring and when (the engine's Game.Pending), the
// domains it defends and which of this turn's signalled moves (by name,
// as View shows them) it helps against, what a point moves, what its
// cost and joint marks mean, and why an AI ally put points on it last turn
// (allyReasons).
func (m Model) leverFacts(v *sim.View, l int) []string {
	c := m.sess.C
	li := &c.Levers[l]
	label := strings.ToLower(c.TurnLabel)
	var facts []string
	if li.Delay > 0 && v.Turn+li.Delay > v.Turns {
		f := fmt.Sprintf("⏳ late: lands %s %d, after the game: no effect", label, v.Turn+li.Delay)
		if len(li.Defend) > 0 {
			f += " but its defence now"
		}
		facts = append(facts, f)
	}
	// Earlier points on their way, by the turn they land.
	pend := m.sess.Game.Pending(m.side)
	for i := 0; i < len(pend); {
		due := pend[i].Due
		var effs []sim.Effect
		for ; i < len(pend) && pend[i].Due == due; i++ {
			if pend[i].Lever == l {
				effs = append(effs, sim.Effect{Metric: pend[i].Metric, Delta: pend[i].Delta})
			}
		}
		if e := c.DescribeEffects(effs); e != "" {
			facts = append(facts, fmt.Sprintf("⏳ arriving %s %d: %s (earlier points)", label, due, e))
		}
	}
	// The moves it defends against: its domains, and this turn's signals
	// in them.
	var doms, moves []string
	for d := range c.Domains {
		if per := c.Defence(l, d); per > 0 {
			doms = append(doms, fmt.Sprintf("%s +%s", c.Domains[d].Name, per.Format(1)))
		}
	}
	for _, sg := range v.Signals {
		if !slices.Contains(c.Counters(sg.Action, m.side, 0), l) { // the engine's word on what defends it
			continue
		}
		name := c.Actions[sg.Action].Name
		if sg.Known == sim.KnownBluff { // intelligence saw through it
			name += " (a bluff)"
		}
		if !slices.Contains(moves, name) {
			moves = append(moves, name)
		}
	}
	switch {
	case len(doms) == 0:
		facts = append(facts, "Defends against no adversary move")
	case len(v.Signals) == 0:
		facts = append(facts, "Defends (a point): "+strings.Join(doms, ", "))
	case len(moves) == 0:
		facts = append(facts, "Counters none of the signalled moves; defends (a point): "+strings.Join(doms, ", "))
	default: // the moves first: at 80 columns the line is cut
		facts = append(facts, "Counters "+strings.Join(moves, ", ")+"; defends (a point): "+strings.Join(doms, ", "))
	}
	if e := c.DescribeEffects(li.Effects); e != "" {
		facts = append(facts, "A point moves: "+e)
	}
	if li.Delay > 0 && v.Turn+li.Delay <= v.Turns {
		facts = append(facts, fmt.Sprintf("⏳ lands %s later, in %s %d", sim.Plural(li.Delay, label), label, v.Turn+li.Delay))
	}
	if w := diminishing(li); w != "" {
		facts = append(facts, w)
	}
	if li.Cost != sim.One {
		facts = append(facts, fmt.Sprintf("×%s: a point costs %s", li.Cost.String(), li.Cost.Format(1)))
	}
	if li.Upkeep > 0 { // the budget line's upkeep, lever by lever
		facts = append(facts, fmt.Sprintf("Upkeep: a point costs %s again next %s, before new spending", li.Upkeep.Mul(li.Cost).String(), label))
	}
	if li.IsJoint {
		facts = append(facts, fmt.Sprintf("⊕ effect ×%s with an ally's points, ×%s alone", li.Joint.String(), li.Solo.String()))
	}
	return append(facts, m.allyReasons(l)...)
}

// diminishing says what each further point on li is worth beside the
// first, where later points are worth less ("" where they are not): "Each
// further point is worth less: ×1, ×0.85, ×0.72". A defence or effect "a
// point" moves is the first point's; without this the sum of two points
// (1.85 × it) could not be traced.
func diminishing(li *sim.LeverInfo) string {
	if len(li.Cum) < 3 || li.Cum[2]-li.Cum[1] >= li.Cum[1] {
		return ""
	}
	var ws []string
	for n := 1; n < len(li.Cum) && n <= 4; n++ {
		w := (li.Cum[n] - li.Cum[n-1]).Div(li.Cum[1]).Format(2)
		ws = append(ws, "×"+strings.TrimSuffix(strings.TrimRight(w, "0"), "."))
	}
	more := ""
	if len(li.Cum) > 5 {
		more = ", …"
	}
	return "Each further point is worth less: " + strings.Join(ws, ", ") + more
}

// allyReasons says why each AI ally put points on lever l last turn, by
// its own reasons (sim.Compiled.Why), where the side at the screen may see
// that ally's points on it.
func (m Model) allyReasons(l int) []string {
	c := m.sess.C
	n := len(m.sess.Results)
	if n == 0 {
		return nil
	}
	var out []string
	last := &m.sess.Results[n-1]
	viewer, fogged := m.fogSide()
	for a, rs := range last.Reasons {
		if a == m.side || (fogged && !c.SeesPoints(viewer, a, l)) {
			continue
		}
		for _, r := range rs {
			if r.Lever == l {
				out = append(out, fmt.Sprintf("%s (AI) put %d here last %s: %s", c.Sides[a].Name, r.Points, strings.ToLower(c.TurnLabel), c.Why(r)))
			}
		}
	}
	for a, ds := range last.Declines {
		for _, d := range ds {
			if d.Lever == l && a != m.side && (!fogged || c.SeesPoints(viewer, d.Lead, l)) {
				out = append(out, fmt.Sprintf("%s (AI) did not join %s here last %s (%s had points here the %s before): %s", c.Sides[a].Name, m.sideCalled(d.Lead), strings.ToLower(c.TurnLabel), m.sideCalled(d.Lead), strings.ToLower(c.TurnLabel), c.WhyNot(d)))
			}
		}
	}
	return out
}

// padRight pads s with spaces to w columns.
func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// oddsLines returns the engine's odds against this side's draft, one line
// per signalled move, and the same with each move's breakdown of pressure
// and defence beneath it (both "" before the turn is briefed).
func (m Model) oddsLines(w int) (short, full, tight string) {
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	o := m.sess.Orders
	// The engine's preview of this side's draft (its own points only: other
	// teams' drafts stay hidden). Only of a briefed turn: Preview would brief
	// an open one, and in a room the turn is briefed when the Red team has
	// planned, not when a screen is drawn.
	if !g.Briefed() {
		return "", "", ""
	}
	m.preview.Clear()
	for l := range c.Levers {
		m.preview.Set(m.side, l, o.Get(m.side, l))
	}
	pv := g.Preview(m.side, m.preview)
	if len(pv.Moves) == 0 {
		return "", "", ""
	}
	// An estimate with the other allies' points of last turn, their plans
	// this turn being hidden: as the View shows them (visible levers) where
	// the screen is fogged, all of them where it shows the whole game (a
	// solo player's results list its partners' points on hidden levers too,
	// and the estimate had left them out).
	var withAllies []sim.Fix
	if other := m.otherAlly(); other >= 0 {
		var v sim.View
		g.ViewInto(m.side, &v)
		_, fogged := m.fogSide()
		nl, n := len(c.Levers), len(m.sess.Results)
		any := false
		for l := range c.Levers {
			a := v.Levers[l].Allies
			if !fogged && n > 0 && len(m.sess.Results[n-1].Points) == len(c.Sides)*nl {
				a = 0
				for _, s := range c.Alliance() {
					if s != m.side {
						a += m.sess.Results[n-1].Points[s*nl+l]
					}
				}
			}
			if a > 0 {
				m.preview.Set(other, l, a)
				any = true
			}
		}
		if any {
			for _, mv := range g.Preview(m.side, m.preview).Moves {
				withAllies = append(withAllies, mv.P)
			}
		}
	}
	var sb, fb strings.Builder
	head := s.Header.Render("Odds against your draft") + s.Dim.Render(" (your points only)") + "\n"
	if w < len("Odds against your draft (your points only)") {
		head = s.Header.Render("Their odds") + s.Dim.Render(" (your points only)") + "\n"
	}
	if len(withAllies) > 0 { // both odds on one line, in both forms
		head = s.Header.Render("Odds") + s.Dim.Render(truncate(": yours → with allies last turn", w-len("Odds"))) + "\n"
	}
	sb.WriteString(head)
	fb.WriteString(head)
	for i, mv := range pv.Moves {
		a := &c.Actions[mv.Action]
		known := map[sim.Knowledge]string{sim.Unknown: "?", sim.KnownReal: "real", sim.KnownBluff: "bluff"}[mv.Known]
		var fs []string
		for _, f := range mv.Factors {
			if f.Lever < 0 {
				fs = append(fs, "base "+f.Defence.Format(1))
			} else {
				fs = append(fs, fmt.Sprintf("%s +%s", c.Levers[f.Lever].Name, f.Defence.Format(1)))
			}
		}
		ps := s.Good
		if mv.P >= sim.One/2 {
			ps = s.Bad
		}
		tag := " [" + known + "] "
		line := truncate(a.Name, w-9-len(tag)) + tag + ps.Render("p "+mv.P.Format(2)) + "\n"
		if i < len(withAllies) {
			line = truncate(a.Name, w-13-len(tag)) + tag + ps.Render("p "+mv.P.Format(2)) + s.Dim.Render(" → "+withAllies[i].Format(2)) + "\n"
		}
		sb.WriteString(line)
		fb.WriteString(line)
		breakdown := fmt.Sprintf("  pressure %s vs defence %s: %s", mv.Pressure.Format(1), mv.Defence.Format(1), strings.Join(fs, ", "))
		if len(mv.Factors) == 1 && mv.Factors[0].Lever < 0 { // the base alone: one line, not two at 80 columns
			breakdown = fmt.Sprintf("  pressure %s vs defence %s", mv.Pressure.Format(1), mv.Defence.Format(1))
		}
		fb.WriteString(s.Dim.Render(indentWrap(breakdown, w, "    ")) + "\n")
	}
	// In a line, for a screen with no room for a line a move: the range of
	// their odds (i has each).
	lo, hi := pv.Moves[0].P, pv.Moves[0].P
	for _, mv := range pv.Moves {
		lo, hi = min(lo, mv.P), max(hi, mv.P)
	}
	span := "p " + lo.Format(2)
	if hi != lo {
		span += "–" + hi.Format(2)
	}
	ps := s.Good
	if hi >= sim.One/2 {
		ps = s.Bad
	}
	tight = s.Header.Render("Odds ") + ps.Render(span) + s.Dim.Render(truncate(" on "+sim.Plural(len(pv.Moves), "move")+" (i: each)", max(w-5-len(span), 0))) + "\n"
	return sb.String(), fb.String(), tight
}

func (m Model) intelPanel(w int) string { return m.intelText(w, true) }

// intelText is the intelligence panel's text, w columns wide: each
// event's text whole, or (whole false) cut to a line, for a panel without
// the focus that does not hold it all.
func (m Model) intelText(w int, whole bool) string {
	s := m.styles
	c := m.sess.C
	var v sim.View
	m.sess.Game.ViewInto(m.side, &v)
	var b strings.Builder
	b.WriteString(s.Header.Render(m.focusMark(2)+"Intelligence and events") + "\n")
	for _, l := range m.endWarnings() {
		b.WriteString(s.Bad.Render(indentWrap(l, w, "  ")) + "\n")
	}
	// The White cell's acts of this turn, with its reasons: the notice
	// that told them is cut at two lines at 80×24, and gone at the next
	// key, before a team had read why its budget was cut.
	if acts := m.sess.ToldActsOf(m.sess.Game.Turn()); len(acts) > 0 && m.sess.Game.Briefed() {
		b.WriteString(s.Warn.Render("◆ The White cell") + "\n")
		prefix := fmt.Sprintf("%s %d: ", c.TurnLabel, m.sess.Game.Turn())
		for _, a := range acts {
			a = strings.TrimPrefix(a, prefix)
			if whole {
				b.WriteString(s.Dim.Render(indentWrap("  "+a, w, "    ")) + "\n")
			} else {
				b.WriteString(s.Dim.Render(truncate("  "+a, w)) + "\n")
			}
		}
	}
	for _, f := range v.Injects {
		in := &c.Injects[f.Inject]
		title := "◆ " + in.Title
		if a := f.Aside(); a != "" { // a monthly headline, read as news every month
			title += " (" + a + ")"
		}
		b.WriteString(s.Warn.Render(title) + "\n")
		switch {
		case in.Text == "":
		case whole:
			b.WriteString(s.Dim.Render(indentWrap(oneLine(in.Text), w, "")) + "\n")
		default:
			b.WriteString(s.Dim.Render(truncate(oneLine(in.Text), w)) + "\n")
		}
		if ch := m.sess.Orders.Choices[f.Inject]; ch >= 0 && in.Decider == m.side {
			hint := " (d changes it)"
			if m.screen != scrTurn || m.sess.Committed(m.side) { // a wait screen: d does nothing there
				hint = ""
			}
			b.WriteString(s.Dim.Render(indentWrap("  you chose: "+in.Choices[ch].Label+hint, w, "    ")) + "\n")
		}
	}
	// A Red team's move the briefing called off: kept here, where its
	// one-line notice went at the next key (the allies learn of it with
	// the results).
	if m.side >= 0 && c.Sides[m.side].Adversary && m.sess.Game.Briefed() {
		for _, co := range m.sess.Game.CalledOff() {
			if co.Side == m.side {
				b.WriteString(s.Warn.Render(indentWrap("◆ "+calledOffText(c, co), w, "  ")) + "\n")
			}
		}
	}
	if len(v.Signals) > 0 {
		red := m.side >= 0 && c.Sides[m.side].Adversary
		if red {
			b.WriteString(s.Bold.Render("Your signals") + s.Dim.Render(" (as the allies read them)") + "\n")
		} else {
			note := ""
			for _, sg := range v.Signals {
				if sg.Known == sim.Unknown {
					note = " (some may be bluffs)"
					break
				}
			}
			b.WriteString(s.Bold.Render("Signals") + s.Dim.Render(note) + "\n")
		}
		for _, sg := range v.Signals {
			a := &c.Actions[sg.Action]
			tag := s.Dim.Render("unconfirmed")
			switch {
			case red && sg.Side == m.side:
				// The Red team knows its own: "intel: REAL" in red read
				// as if the allies' intelligence had seen through it.
				tag = s.Dim.Render("your real move")
				if sg.Known == sim.KnownBluff {
					tag = s.Dim.Render("your bluff")
				}
			case sg.Known == sim.KnownReal && c.NeverBluffs(sg.Side):
				tag = s.Dim.Render("real: " + m.noBluffsWhy(sg.Side))
			case sg.Known == sim.KnownReal:
				tag = s.Bad.Render("intel: REAL")
			case sg.Known == sim.KnownBluff:
				tag = s.Good.Render("intel: bluff")
			}
			text := a.Signal
			if text == "" {
				text = a.Name
			}
			// The text takes the panel's width; the tag follows its last
			// line, or goes under it when it does not fit there.
			b.WriteString(tagAfter(indentWrap("• "+oneLine(text), w, "  "), tag, w) + "\n")
			if stakes := m.moveStakes(a); whole && !red && sg.Known != sim.KnownBluff && stakes != "" {
				b.WriteString(s.Dim.Render(indentWrap("  "+stakes, w, "    ")) + "\n")
			}
		}
	}
	if m.last != nil && len(m.last.Moves) > 0 {
		b.WriteString(s.Bold.Render("Last turn's moves") + "\n")
		for _, mv := range m.last.Moves {
			word, out := "failed", s.Good
			if mv.Success {
				word, out = "succeeded", s.Bad
			}
			// The name takes what the outcome leaves of the line: a fixed
			// reserve cut "Air-defence-zone incursion" with room to spare.
			odds := fmt.Sprintf(" (p %s)", mv.P.Format(2))
			if mv.Forced { // as the results say it (an observer seat saw only the p)
				odds = " (White cell)"
			}
			name := truncate(c.Actions[mv.Action].Name, w-2-1-len(word)-len(odds))
			b.WriteString("• " + name + " " + out.Render(word) + odds + "\n")
		}
	}
	if m.side < 0 {
		return b.String()
	}
	// Help bought on delayed levers, on its way (it showed nowhere until
	// it landed).
	if pend := m.sess.Game.Pending(m.side); len(pend) > 0 {
		// The heading's gloss as long as the panel holds (at its width of
		// 42 columns and less it was cut: "(your earlier points on dela…").
		gloss := ""
		for _, g := range []string{" (your earlier points on delayed levers)", " (your earlier points)"} {
			if ansi.StringWidth("On its way"+g) <= w {
				gloss = g
				break
			}
		}
		b.WriteString(s.Bold.Render("On its way") + s.Dim.Render(gloss) + "\n")
		label := strings.ToLower(c.TurnLabel)
		for _, p := range pend {
			b.WriteString(indentWrap(fmt.Sprintf("⏳ %s %d: %s %s %s", label, p.Due, c.Metrics[p.Metric].Name, c.FormatChange(p.Metric, p.Delta), sim.Parenthetical(c.Levers[p.Lever].Name)), w, "  ") + "\n")
		}
	}
	if obj := c.Sides[m.side].Objective; obj != "" {
		line := s.Dim.Render(indentWrap("Your objective: "+oneLine(obj), w, "  "))
		// Whether it is met as things stand, as the grade column says of
		// the scorecard: the end screen was the first word of it.
		if met, has := m.sess.Game.ObjectiveMet(m.side); has {
			tag := s.Bad.Render("✗ not met now")
			if met {
				tag = s.Good.Render("✓ met now")
			}
			line = tagAfter(line, tag, w)
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// tagAfter puts tag after the last line of text (lines of at most w
// columns), or on a line of its own under it, indented, when it does not
// fit there.
func tagAfter(text, tag string, w int) string {
	last := text[strings.LastIndex(text, "\n")+1:]
	if lipgloss.Width(last)+1+lipgloss.Width(tag) <= w {
		return text + " " + tag
	}
	return text + "\n  " + tag
}

// panel draws text in a rounded box exactly w×h, clipping what does not
// fit. It draws the border itself: lipgloss's general box model measured
// every line several times and made a large screen slow to render.
func (m Model) panel(text string, w, h int, focused bool) string {
	bs := m.styles.Border
	if focused {
		bs = m.styles.Accent
	}
	inner := max(w-4, 1)
	lines := strings.Split(fitHeight(text, max(h-2, 1)), "\n")
	var b strings.Builder
	b.Grow((w + 16) * h)
	b.WriteString(bs.Render("╭" + strings.Repeat("─", max(w-2, 0)) + "╮"))
	side := bs.Render("│")
	for _, l := range lines {
		l = clip(l, inner)
		b.WriteString("\n" + side + " " + l + strings.Repeat(" ", max(inner-ansi.StringWidth(l), 0)) + " " + side)
	}
	b.WriteString("\n" + bs.Render("╰"+strings.Repeat("─", max(w-2, 0))+"╯"))
	return b.String()
}

// clip cuts a (possibly styled) line to at most w columns.
func clip(line string, w int) string {
	if len(line) <= w || widthBound(line) <= w {
		return line // fast path: surely narrow enough
	}
	if ansi.StringWidth(line) <= w {
		return line
	}
	return ansi.Truncate(line, w, "…")
}

// widthBound returns an upper bound of a styled line's width cheaply: runes
// outside CSI escape sequences, counting any rune from U+1100 as two
// columns.
func widthBound(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			i += 2
			for i < len(s) && (s[i] < 0x40 || s[i] > 0x7e) {
				i++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r >= 0x1100 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// joinH joins blocks side by side; every block must have the same number of
// lines, each exactly as wide as the block (as panel draws them).
func joinH(blocks ...string) string {
	split := make([][]string, len(blocks))
	n := 0
	for i, b := range blocks {
		split[i] = strings.Split(b, "\n")
		n = max(n, len(split[i]))
	}
	var out strings.Builder
	for l := 0; l < n; l++ {
		if l > 0 {
			out.WriteByte('\n')
		}
		for _, lines := range split {
			if l < len(lines) {
				out.WriteString(lines[l])
			}
		}
	}
	return out.String()
}

// shortfallCost says what each point short of the visible minimum costs,
// from the scenario's commitment.shortfall: "Each point short costs
// Resolve −0.010 and Cohesion −1.00."
func shortfallCost(c *sim.Compiled) string {
	var parts []string
	for _, e := range c.Shortfall {
		if e.Delta != 0 {
			parts = append(parts, c.Metrics[e.Metric].Name+" "+c.FormatChange(e.Metric, e.Delta))
		}
	}
	switch len(parts) {
	case 0:
		return "It costs nothing in this scenario."
	case 1:
		return "Each point short costs " + parts[0] + "."
	}
	return "Each point short costs " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] + "."
}

func (m Model) turnView() string {
	if m.dialog >= 0 {
		return m.header() + "\n" + m.injectDialog()
	}
	if m.adv.open {
		return m.header() + "\n" + m.adviserDialog()
	}
	if m.confirmEnd {
		g := m.sess.Game
		spent := g.Spend(m.sess.Orders, m.side)
		left := g.Available(m.side) - spent
		short := ""
		if n := g.Shortfall(m.sess.Orders, m.side); n > 0 {
			short = fmt.Sprintf("\n\nVisible commitment: %s short of the minimum of %d on visible levers. %s", sim.Plural(n, "point"), g.VisibleNeed(m.side), shortfallCost(m.sess.C))
		}
		name := m.sess.C.Sides[m.side].Name
		switch {
		case spent == 0:
			return m.header() + "\n" + m.dialogBox("Commit nothing?", fmt.Sprintf("%s has allocated nothing: all %s of its budget would be lost this turn.%s\n\ny: commit nothing    n: keep allocating", name, left.Format(1), short))
		case g.CanAddPoint(m.sess.Orders, m.side):
			return m.header() + "\n" + m.dialogBox("Commit with budget left?", fmt.Sprintf("%s has %s of its budget unspent this turn. Unspent budget is lost.%s\n\ny / enter: commit    n: keep allocating", name, left.Format(1), short))
		}
		return m.header() + "\n" + m.dialogBox("Commit short of the visible minimum?", fmt.Sprintf("%s is %s short of the minimum of %d on visible levers this turn. %s\n\ny / enter: commit    n: keep allocating", name, sim.Plural(g.Shortfall(m.sess.Orders, m.side), "point"), g.VisibleNeed(m.side), shortfallCost(m.sess.C)))
	}
	h := m.panelsHeight()
	w := m.width
	if w >= 150 {
		mw, aw, iw := m.threeColumns()
		return m.header() + "\n" + joinH(
			m.panel(m.metricsPanel(mw-4), mw, h, m.focus == 0),
			m.panel(m.rightPanel(aw-4, h-2), aw, h, m.focus == 1),
			m.panel(m.intelView(iw-4, h-2), iw, h, m.focus == 2))
	}
	if w < narrowWidth {
		// One column: the metrics above, the focused panel below (the
		// allocation, the intelligence, or the "why?" of a metric).
		mh := m.stackedMetricsHeight(h)
		top := m.panel(m.metricsView(w-4, mh-2), w, mh, m.focus == 0)
		var low string
		switch m.focus {
		case 2:
			iw, ih := m.intelSize()
			low = m.panel(m.intelView(iw-4, ih-2), iw, ih, true)
		default:
			low = m.panel(m.rightPanel(w-4, h-mh-2), w, h-mh, m.focus == 1)
		}
		return m.header() + "\n" + top + "\n" + low
	}
	lw := w / 2
	rw := w - lw
	iw, ih := m.intelSize()
	mh := h - ih
	left := m.panel(m.metricsView(lw-4, mh-2), lw, mh, m.focus == 0) + "\n" + m.panel(m.intelView(iw-4, ih-2), iw, ih, m.focus == 2)
	return m.header() + "\n" + joinH(left, m.panel(m.rightPanel(rw-4, h-2), rw, h, m.focus == 1))
}

// threeColumns splits the turn screen, 150 columns wide or more, into the
// metrics, the allocation and the intelligence. The intelligence takes a
// quarter and a little: its text wraps to any width and ran half empty
// down a third of the screen while the lever names ("Maritime presence and
// esc…") and the metric names ("Korean trade and supply…") were cut at
// 160 columns. The metrics take what their names need, up to half of the
// rest; the allocation the other half, and the two share what the metrics
// leave of theirs.
func (m Model) threeColumns() (metrics, alloc, intel int) {
	w := m.width
	intel = w * 26 / 100
	longest := 16
	for _, mt := range m.sess.C.Metrics {
		n := ansi.StringWidth(mt.Name)
		if mt.Component {
			n += 2
		}
		longest = max(longest, n)
	}
	half := (w - intel) / 2
	metrics = min(longest+29, half) // the name, its columns (metricsPanel) and the border
	intel += (half - metrics) / 2
	return metrics, w - intel - metrics, intel
}

// rightPanel is the allocation, or the "why?" of the selected metric while
// the metrics have the focus.
func (m Model) rightPanel(w, h int) string {
	if m.focus == 0 {
		return m.whyView(w, h)
	}
	return m.allocPanel(w, h)
}

// redMetricsTab is the Red team's metrics tab, w columns wide, but for
// the "why?" panel of the selected metric that goes between them: the
// metrics with what their marks mean to the Red team, its goal (a line of
// it where the whole would leave the panel fewer than four rows), and
// the rows left for the panel.
func (m Model) redMetricsTab(w int) (top, goal string, why int) {
	s := m.styles
	top = m.metricsPanel(w) + // its name column ran 173 columns wide at 200
		s.Dim.Render(wrap("Grades, ! and \"better\" are the allies' view: a change for their worse is one for your better.", w)) + "\n"
	room := m.height - 3 - strings.Count(top, "\n") // the header, the help line and a notice's
	goal = s.Dim.Render(wrap(m.redGoal(), w)) + "\n"
	if room-strings.Count(goal, "\n") < 4 {
		goal = s.Dim.Render(truncate(m.redGoal(), w)) + "\n"
	}
	return top, goal, max(room-strings.Count(goal, "\n"), 3)
}

// whySize is the "why?" panel's text width and height on the turn screen,
// as turnView lays it out; on the Red team's metrics tab, the width of
// its prose and the rows the metrics and the goal leave it
// (redMetricsTab).
func (m Model) whySize() (w, h int) {
	if m.screen == scrAdversary {
		w = m.textWidth() - 2
		_, _, h = m.redMetricsTab(w)
		return w, h
	}
	h = m.panelsHeight()
	switch {
	case m.width >= 150:
		_, aw, _ := m.threeColumns()
		return aw - 4, h - 2
	case m.width < narrowWidth:
		return m.width - 4, h - m.stackedMetricsHeight(h) - 2
	}
	return m.width - m.width/2 - 4, h - 2
}

// whyHidden is how many lines of the "why?" panel do not fit it.
func (m Model) whyHidden() int {
	w, h := m.whySize()
	return max(strings.Count(strings.TrimRight(m.whyPanel(w), "\n"), "\n")+1-h, 0)
}

// whyPage is how far pgup/pgdown scroll the "why?" panel.
func (m Model) whyPage() int {
	_, h := m.whySize()
	return max(h-2, 1)
}

// whyView is the "why?" panel in h lines from line m.whyAt, the first
// saying how many lines are above and the last how many are below, when
// they do not all fit (the lever list and the description were cut off
// unsaid at 80×24).
func (m Model) whyView(w, h int) string {
	return m.pagedLines(strings.Split(strings.TrimRight(m.whyPanel(w), "\n"), "\n"), m.whyAt, h)
}

// panelsHeight is the turn screen's panels' height: the screen less the
// header, the help line and the notice line, or two when the notice wraps
// (frame shows up to two), so that a long notice (the first turn's tip at
// 80 or 100 columns) does not cut off the panels' bottom borders.
func (m Model) panelsHeight() int {
	return m.height - 2 - m.noticeLines()
}

// noticeLines is how many lines frame gives the notice: one, kept even
// when there is none, or two when it wraps.
func (m Model) noticeLines() int {
	if m.message != "" && strings.Contains(indentWrap(m.notice(), m.width-2, ""), "\n") {
		return 2
	}
	return 1
}

// intelSize is the intelligence panel's width and height on the turn
// screen: the third column from 150 columns, else under the metrics, with
// the room the metrics leave it (most of it when it has the focus).
func (m Model) intelSize() (w, h int) {
	h = m.panelsHeight()
	if m.width >= 150 {
		_, _, iw := m.threeColumns()
		return iw, h
	}
	if m.width < narrowWidth {
		return m.width, h - m.stackedMetricsHeight(h)
	}
	mh := min(len(m.sess.C.Metrics)+3, h-6)
	switch m.focus {
	case 0: // every metric on screen, to pick one for "why?"
		mh = min(len(m.sess.C.Metrics)+3, h-3)
	case 2:
		mh = min(6, mh)
	}
	return m.width / 2, h - mh
}

// stackedMetricsHeight is the metrics panel's height (borders included)
// when the turn screen stacks its panels in one column, of h lines: most
// of them while a metric is being picked for "why?", else a third, for the
// allocation or the intelligence below.
func (m Model) stackedMetricsHeight(h int) int {
	n := len(m.sess.C.Metrics) + 3
	if m.focus == 0 {
		return max(min(n, h-8), 4)
	}
	return max(min(n, h/3), 4)
}

// intelHidden is how many lines of the intelligence panel do not fit it.
// intelPage is how far pgup and pgdn move the intelligence panel: its
// lines less the one the hint takes.
func (m Model) intelPage() int {
	_, h := m.intelSize()
	return max(h-3, 1)
}

func (m Model) intelHidden() int {
	w, h := m.intelSize()
	return max(len(m.intelLines(w-4, h-2))-(h-2), 0)
}

// intelLines is the intelligence panel's text for a box w×h: the events'
// texts whole when it has the focus (it scrolls) or they fit, else cut to
// a line each, so that the signals stay in view beside the allocation.
func (m Model) intelLines(w, h int) []string {
	split := func(s string) []string { return strings.Split(strings.TrimRight(s, "\n"), "\n") }
	lines := split(m.intelText(w, true))
	if m.focus == 2 || len(lines) <= h {
		return lines
	}
	return split(m.intelText(w, false))
}

// intelView is the intelligence panel in h lines from line m.intelAt, the
// last saying how many lines are below, when they do not all fit.
func (m Model) intelView(w, h int) string {
	lines := m.intelLines(w, h)
	if len(lines) <= h || h < 2 {
		return strings.Join(lines, "\n")
	}
	at := min(m.intelAt, len(lines)-h)
	lines = lines[at : at+h]
	if hidden := m.intelHidden() - at; hidden > 0 {
		hint := "tab, then ↑/↓" // the focus goes allocation → intelligence → metrics
		switch m.focus {
		case 2:
			hint = "↑/↓, pgdn"
		case 0:
			hint = "tab, tab, then ↑/↓"
		}
		// The hint takes the place of one more line: at least 2 are below.
		lines[h-1] = m.styles.Dim.Render(fmt.Sprintf("↓ %d more lines (%s)", hidden+1, hint))
	}
	return strings.Join(lines, "\n")
}

func (m Model) injectDialog() string {
	if m.dialogFull {
		lines := m.injectFullLines()
		h := m.dialogFullHeight()
		at := min(m.dialogAt, max(len(lines)-h, 0))
		out := strings.Join(lines[at:min(at+h, len(lines))], "\n")
		if below := len(lines) - at - h; below > 0 {
			out += "\n" + m.styles.Dim.Render(fmt.Sprintf("↓ %d more %s (↑/↓ scroll)", below, pluralNoun(below, "line")))
		}
		return out
	}
	bw := m.injectBoxWidth()
	body, _ := m.injectBody(bw)
	return m.dialogBoxW(m.sess.C.Injects[m.dialog].Title, body, bw)
}

// injectBoxWidth is the inject dialog's width. The box is 60 columns
// wide; where that cuts the event's text or the choices' effects and the
// screen has more room (80×24), it widens (taiwan-strait's USFK decision
// lost the end of its text at 80×24 with 16 columns unused).
func (m Model) injectBoxWidth() int {
	bw := min(60, m.width-4)
	_, cut := m.injectBody(bw)
	if wide := min(76, m.width-4); cut > 0 && wide > bw {
		if _, c := m.injectBody(wide); c < cut {
			return wide
		}
	}
	return bw
}

// dialogFullHeight is how many lines of the inject's whole text the
// screen shows: all but the header, the help line and the "more" line.
func (m Model) dialogFullHeight() int { return max(m.height-4, 3) }

// injectFullLines is the inject dialog's whole text, for the screen's
// width: the event, then each choice with its effects and its text, which
// the box cuts where the screen is too small for them (taiwan-strait's
// USFK decision at 80×24 lost the end of the event and every choice's
// text: what standing apart would do to the North Korean front).
func (m Model) injectFullLines() []string {
	s := m.styles
	c := m.sess.C
	in := &c.Injects[m.dialog]
	w := m.width - 2
	var b strings.Builder
	b.WriteString(s.Title.Render(in.Title) + "\n\n")
	b.WriteString(wrap(oneLine(in.Text), w) + "\n\n")
	b.WriteString(s.Bold.Render(c.Sides[m.side].Name+" decides:") + "\n")
	for i, ch := range in.Choices {
		// A long label wraps under itself, not under the cursor.
		for k, l := range strings.Split(wrap(oneLine(ch.Label), w-2), "\n") {
			lead, l := "  ", strings.TrimRight(l, " ")
			if i == m.dialogSel {
				if k == 0 {
					lead = "▸ "
				}
				l = s.Selected.Render(l)
			}
			b.WriteString(lead + l + "\n")
		}
		eff := c.DescribeEffects(ch.Effects)
		if eff == "" {
			eff = "no effect on the metrics"
		}
		b.WriteString(s.Dim.Render("    "+strings.Join(fitLines(strings.Split(eff, ", "), ", ", w-5), ",\n    ")) + "\n")
		if ch.Text != "" {
			b.WriteString(indentWrap("    "+oneLine(ch.Text), w, "    ") + "\n")
		}
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

// injectBody is the inject dialog's text for a box bw columns wide, and
// how much of it had to give way to fit the screen, as a rank (0 nothing):
// 1 the effects of the choices not selected cut to a line each, 2 the
// selected choice's text too, 3 the choices not selected cut to their
// labels' first lines, 4 + n the event's text cut by n lines, and past any
// of those (windowed + the choices out of view) the choices shown only
// around the selected one, as a window that ↑/↓ moves.
func (m Model) injectBody(bw int) (string, int) {
	const windowed = 1 << 20
	c := m.sess.C
	in := &c.Injects[m.dialog]
	// dialogBox's text width: wrapped wider, its lines were wrapped again
	// and left a word alone on a line.
	tw := bw - 6
	text := strings.Split(wrap(oneLine(in.Text), tw), "\n")
	// When the choice takes effect: the turn screen's numbers and odds
	// stay as they are until the results (a choice of "Escalation +8"
	// left escalation, its rung and the odds unchanged, unexplained).
	who := c.Sides[m.side].Name + " decides:"
	when := ""
	for _, w := range []string{" it applies with this " + strings.ToLower(c.TurnLabel) + "'s results", " it applies with the results", " applies with the results"} {
		if ansi.StringWidth(who+w) <= tw {
			when = w
			break
		}
	}
	decides := "\n" + m.styles.Bold.Render(who) + m.styles.Dim.Render(when) + "\n"
	var tail string
	if ch := m.sess.Orders.Choices[m.dialog]; ch >= 0 { // a line, whatever the label: it is counted as one
		tail = "\n" + m.styles.Dim.Render(truncate("esc keeps "+oneLine(in.Choices[ch].Label), tw)) + "\n"
	}
	// What each choice does in numbers, as the odds are shown before
	// points are committed ("Slow-walk the deployment" cost US confidence
	// 5 without a word before). Where the box would not fit the screen,
	// the choices not selected get a line of effects each, then the
	// selected one's text goes, then the others' effects, and last the
	// selected one's label is cut to a line; its effects are always whole.
	// Each choice's lines are kept apart, so that a window can show those
	// around the selection.
	choices := func(level int) [][]string {
		out := make([][]string, len(in.Choices))
		for i, ch := range in.Choices {
			sel := i == m.dialogSel
			var ls []string
			// A long label wraps under itself, not under the cursor.
			label := strings.Split(wrap(oneLine(ch.Label), tw-2), "\n")
			if (!sel && level >= 3 || level >= 4) && len(label) > 1 {
				label = []string{truncate(strings.TrimRight(label[0], " ")+" …", tw-2)}
			}
			for k, l := range label {
				l = strings.TrimRight(l, " ")
				if sel {
					l = m.styles.Selected.Render(l)
				}
				lead := "  "
				if k == 0 && sel {
					lead = "▸ "
				}
				ls = append(ls, lead+l)
			}
			if sel || level < 3 {
				eff := c.DescribeEffects(ch.Effects)
				if eff == "" {
					eff = "no effect on the metrics"
				}
				// A metric and its change are not split across lines;
				// each line but the last ends with the comma after it.
				lines := fitLines(strings.Split(eff, ", "), ", ", tw-5)
				if level >= 1 && !sel && len(lines) > 1 {
					lines = []string{truncate(lines[0]+", "+lines[1], tw-4)}
				}
				for k, l := range lines {
					if k < len(lines)-1 {
						l += ","
					}
					ls = append(ls, m.styles.Dim.Render("    "+l))
				}
			}
			if sel && level < 2 && ch.Text != "" {
				ls = append(ls, strings.Split(m.styles.Dim.Render(wrap(oneLine(ch.Text), tw)), "\n")...)
			}
			out[i] = ls
		}
		return out
	}
	// span is the lines choices cs[lo:hi] take, with a line above and
	// below for those out of view.
	span := func(cs [][]string, lo, hi int) int {
		n := 0
		for _, ls := range cs[lo:hi] {
			n += len(ls)
		}
		if lo > 0 {
			n++
		}
		if hi < len(cs) {
			n++
		}
		return n
	}
	// The lines the box has for them: the screen less the header and the
	// help, the box's border, padding and title.
	room := m.height - 2 - 6
	fixed := strings.Count(decides+tail, "\n")
	var cs [][]string
	cut := 0
	for level := range 4 {
		cs, cut = choices(level), level
		if len(text)+fixed+span(cs, 0, len(cs)) <= room {
			break
		}
	}
	// Then the event's text is cut to two lines at least (the events
	// panel has it whole).
	keep := len(text)
	if need := len(text) + fixed + span(cs, 0, len(cs)); need > room {
		keep = max(len(text)-(need-room), 2)
	}
	lo, hi := 0, len(cs)
	if left := room - keep - fixed; span(cs, 0, len(cs)) > left {
		// Last, the choices show as a window around the selected one, with
		// a line above and below saying how many are out of view: eight
		// choices at 80×24 drew a box taller than the screen, which lost
		// the last of them, and ↓ moved the ▸ out of sight. Where even the
		// selected one does not fit, the event's text goes to a line and
		// the selected label too.
		lo, hi = m.dialogSel, m.dialogSel+1
		if span(cs, lo, hi) > left {
			keep, cs = 1, choices(4)
			left = room - keep - fixed
		}
		for grew := true; grew; {
			grew = false
			if hi < len(cs) && span(cs, lo, hi+1) <= left {
				hi, grew = hi+1, true
			}
			if lo > 0 && span(cs, lo-1, hi) <= left {
				lo, grew = lo-1, true
			}
		}
	}
	if keep < len(text) {
		cut = max(cut, 4+len(text)-keep)
		text = text[:keep]
		text[keep-1] = truncate(strings.TrimRight(text[keep-1], " ")+" …", tw)
	}
	var body []string
	if lo > 0 {
		body = append(body, m.styles.Dim.Render(fmt.Sprintf("  ↑ %d more %s", lo, pluralNoun(lo, "choice"))))
	}
	for _, ls := range cs[lo:hi] {
		body = append(body, ls...)
	}
	if below := len(cs) - hi; below > 0 {
		body = append(body, m.styles.Dim.Render(fmt.Sprintf("  ↓ %d more %s", below, pluralNoun(below, "choice"))))
	}
	if hidden := lo + len(cs) - hi; hidden > 0 {
		cut = windowed + hidden
	}
	return strings.TrimSuffix(strings.Join(text, "\n")+"\n"+decides+strings.Join(body, "\n")+"\n"+tail, "\n"), cut
}

// resultsView is the results, scrolled, saying when more lies below: the
// explanations of a large scenario's turn run past the screen, and enter
// would move on without a word about them.
func (m Model) resultsView() string {
	text := m.resultsText()
	lines := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
	h := m.scrollHeight()
	out := scrollText(text, m.scroll, h)
	if below := lines - h - min(m.scroll, max(lines-h, 0)); below > 0 {
		out += "\n" + m.styles.Dim.Render(fmt.Sprintf("↓ %d more %s (↑/↓ scroll)", below, pluralNoun(below, "line")))
	}
	return out
}

func (m Model) resultsText() string {
	m.width = m.textWidth()
	s := m.styles
	c := m.sess.C
	r := m.last
	var b strings.Builder
	b.WriteString(s.Title.Render(fmt.Sprintf("Results — %s %d", c.TurnLabel, r.Turn)) + "\n")
	label := strings.ToLower(c.TurnLabel)
	since := fmt.Sprintf("Each change counts from the end of last %s, so it includes the drift and the events that opened this %s.", label, label)
	if r.Turn == 1 { // there was no last one: the game's start, and no drift yet
		since = fmt.Sprintf("Each change counts from the start of the game, so it includes the events that opened this %s.", label)
	}
	b.WriteString(s.Dim.Render(wrap(since, m.width-2)) + "\n")
	if r.Over && m.screen == scrResults && !m.opts.Spectate {
		// The turn that ended the game says so before its numbers: a
		// game ended in month 6 of 12 went from these results straight
		// to a verdict, with "enter continue" and no word of an end.
		b.WriteString(s.Warn.Render(wrap(fmt.Sprintf("The game ends with this %s: enter shows the verdict and why.", label), m.width-2)) + "\n")
	}
	b.WriteString("\n")
	for _, f := range r.Injects {
		in := &c.Injects[f.Inject]
		line := "◆ " + in.Title
		if a := f.Aside(); a != "" {
			line += " (" + a + ")"
		}
		if f.Choice >= 0 {
			if f.Defaulted { // the turn was forced before the side answered
				line += ": no answer from " + c.Sides[in.Decider].Name + ", so the first choice applied: " + in.Choices[f.Choice].Label
			} else {
				line += ": " + c.Sides[in.Decider].Name + " chose " + in.Choices[f.Choice].Label
			}
		}
		// Wrapped: a narrow screen cut a choice's label.
		b.WriteString(s.Warn.Render(indentWrap(line, m.width-2, "  ")) + "\n")
		if in.Text != "" { // what happened, in full: the turn screen may have shown part of it
			b.WriteString(s.Dim.Render(indentWrap("  "+oneLine(in.Text), m.width-2, "  ")) + "\n")
		}
	}
	for _, bs := range r.Budgets {
		b.WriteString(s.Warn.Render(wrap(fmt.Sprintf("◆ The White cell set %s budget to %s a %s (it was %s), from this %s on", sim.Possessive(c.Sides[bs.Side].Name), bs.To.String(), strings.ToLower(c.TurnLabel), bs.From.String(), strings.ToLower(c.TurnLabel)), m.width-2)) + "\n")
	}
	// The White cell's acts of the turn, with its reasons: the changes below
	// name "White-cell override" as a cause, and here is why.
	// The timer's moving on is not the White cell's act: under its heading
	// it read as the instructor cutting the teams short.
	prefix := fmt.Sprintf("%s %d: ", c.TurnLabel, r.Turn) // every act's line starts so (actLine)
	for _, a := range m.sess.ActsOf(r.Turn, true) {
		b.WriteString(s.Warn.Render(indentWrap("◆ "+strings.TrimPrefix(a, prefix), m.width-2, "  ")) + "\n")
	}
	if acts := m.sess.ActsOf(r.Turn, false); len(acts) > 0 {
		b.WriteString(s.Warn.Render("The White cell this "+strings.ToLower(c.TurnLabel)+":") + "\n")
		for _, a := range acts {
			b.WriteString(s.Dim.Render(indentWrap("  "+strings.TrimPrefix(a, prefix), m.width-2, "  ")) + "\n")
		}
	}
	for _, mv := range r.Moves {
		out := s.Good.Render("FAILED")
		if mv.Success {
			out = s.Bad.Render("SUCCEEDED")
		}
		roll, p := sim.FormatRoll(mv.Roll, mv.P)
		how := fmt.Sprintf("roll %s vs p %s", roll, p)
		if mv.Forced {
			how = fmt.Sprintf("decided by the White cell; p was %s", mv.P.Format(2))
		}
		b.WriteString(wrap(fmt.Sprintf("%s %s — %s (pressure %s vs defence %s)", c.Actions[mv.Action].Name, out, how, mv.Pressure.Format(1), mv.Defence.Format(1)), m.width-2) + "\n")
	}
	if len(r.Moves) == 0 {
		b.WriteString(s.Dim.Render("The adversary made no move.") + "\n")
	}
	if len(r.Bluffs) > 0 { // known to all now: signalled, and never came
		names := make([]string, len(r.Bluffs))
		for i, a := range r.Bluffs {
			names[i] = c.Actions[a].Name
		}
		b.WriteString(s.Dim.Render(wrap("Bluffs, signalled but never came: "+strings.Join(names, ", "), m.width-2)) + "\n")
	}
	for _, co := range r.CalledOff { // a Red team's plan the briefing locked
		b.WriteString(s.Dim.Render(wrap(calledOffText(c, co), m.width-2)) + "\n")
	}
	// ✓ and ✗ are the metrics' sense for the allies (escalation rising is
	// worse): where a Red team reads the results, it is said so.
	marks := "  ✓ better  ✗ worse"
	if len(m.sess.HumanAdversaries()) > 0 {
		marks = "  ✓ better for the allies  ✗ worse for them"
	}
	b.WriteString("\n" + s.Header.Render("Why each number moved") + s.Dim.Render(marks) + "\n")
	if err := m.sess.JournalErr; err != nil {
		text := err.Error()
		var f *JournalFault
		switch {
		case m.seat != nil && !errors.As(err, &f):
			// A team over SSH is told nothing of the host's files (a
			// refusal's text names the journal's path): the White cell's
			// console says what failed and where.
			text = "the host's journal refused this turn's record; the White cell's console says why"
		case m.seat == nil && errors.As(err, &f):
			// At the host's own screen (solo, hotseat) the player is the
			// host: what failed and where, so that the disk can be freed
			// before the game is left (the reason came only on exit).
			text = f.Error() + ". " + f.Detail()
		}
		b.WriteString(s.Bad.Render(wrap("! the journal could not be written: "+text, m.width-2)) + "\n")
	}
	res := sim.Result{Turn: r.Turn, Before: r.Before, After: r.After, Ledger: m.ledgerSeen(r.Ledger)}
	counted := false // some metric's smaller causes were counted, not named
	for mi := range c.Metrics {
		if r.Before[mi] == r.After[mi] && len(c.TopCauses(res.Ledger, mi, 1)) == 0 {
			continue
		}
		// Each metric marked better or worse by its sense, as the turn
		// screen's change column marks it: a page of "A → B" lines did not
		// say at a glance which numbers had gone the wrong way.
		mark := "  "
		// Marked only where the numbers shown differ: "✓ Capability 0.650
		// → 0.650" marked a change too small to show.
		if d := r.After[mi] - r.Before[mi]; d != 0 && c.FormatMetric(mi, r.Before[mi]) != c.FormatMetric(mi, r.After[mi]) {
			mark = m.senseMark(mi, d) + " "
		}
		// The four largest causes named, the rest counted, except on the
		// last turn's results: no next turn's why? panel names the rest
		// (the footnote below is not said then), so every one is named.
		named := 4
		if r.Over {
			named = 0
		}
		line, others := c.ExplainCounted(&res, mi, named)
		counted = counted || others > 0
		b.WriteString(mark + indentWrap(line, m.width-2, "  ") + "\n")
	}
	if counted && !r.Over && m.screen == scrResults && !m.opts.Spectate {
		// The four largest causes are named, the rest counted: where to
		// read them (the why? panel names every one).
		b.WriteString(s.Dim.Render(indentWrap("  \"N others\": each named in the next "+label+"'s why? panel (tab, tab, ↑/↓)", m.width-2, "  ")) + "\n")
	}
	if lines := m.allocationLines(r); len(lines) > 0 {
		head := "What each ally put where"
		if slices.ContainsFunc(r.Reasons, func(rs []sim.PlanReason) bool { return len(rs) > 0 }) || slices.ContainsFunc(r.Chose, func(ch *sim.LookaheadChoice) bool { return ch != nil }) {
			head += ", and why the AI did"
		}
		b.WriteString("\n" + s.Header.Render(head) + "\n")
		for _, l := range lines {
			lead := "  "
			if strings.HasPrefix(l, "  ") {
				lead = "    "
			}
			b.WriteString(indentWrap(l, m.width-2, lead) + "\n")
		}
	}
	if r.Over {
		e := c.Ends[r.End]
		b.WriteString("\n" + s.Title.Render("The game ends: "+e.Title) + "  " + s.Dim.Render("(enter for the scorecard)") + "\n")
	}
	return b.String()
}

// senseMark marks a change d (not 0) of metric mi as a help, ✓ in the good
// colour, or a harm, ✗ in the bad, by the metric's sense (escalation
// rising is a harm).
func (m Model) senseMark(mi int, d sim.Fix) string {
	if (d > 0) != m.sess.C.Metrics[mi].GoodLow {
		return m.styles.Good.Render("✓")
	}
	return m.styles.Bad.Render("✗")
}

func scrollText(text string, scroll, h int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	start := min(scroll, max(len(lines)-h, 0))
	return strings.Join(lines[start:min(start+h, len(lines))], "\n")
}

func (m Model) endView() string {
	text := m.endText()
	lines := strings.Count(strings.TrimRight(text, "\n"), "\n") + 1
	out := scrollText(text, m.scroll, m.height-4)
	if m.scroll < lines-(m.height-4) {
		more := "↓ more below"
		if next := strings.Index(text, "\n"+m.styles.Header.Render("Next time")+"\n"); next >= 0 && strings.Count(text[:next], "\n")+1 >= m.scroll+m.height-4 {
			// What to try next time is far down at 80×24, past two pages a
			// player may not scroll before pressing n.
			more += " (↑/↓ scroll): what to try next time"
		}
		out += "\n" + m.styles.Dim.Render(more)
	}
	return out
}

func (m Model) endText() string {
	// The prose at textWidth; the paths (copied, not read) on one line as
	// long as the terminal has the room.
	term := m.width
	m.width = m.textWidth()
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	var b strings.Builder
	if m.sess.Stopped != "" || g.End() < 0 {
		// As the report says it: "after 3 of 5 weeks" ("before week 1"
		// read as if the game had not begun, for a class that had played
		// its first week but for the commit).
		label := strings.ToLower(c.TurnLabel)
		b.WriteString(s.Title.Render(fmt.Sprintf("Ended by the White cell after %d of %d %ss", g.Turn()-1, c.Turns, label)) + "  " + s.Dim.Render("no verdict") + "\n")
		if g.Turn() <= c.Turns {
			b.WriteString(s.Dim.Render(fmt.Sprintf("%s %d was not played.", c.TurnLabel, g.Turn())) + "\n")
		}
		b.WriteString(wrap("Why: "+m.sess.Stopped, m.width-2) + "\n")
		// A seminar short of time still gets a verdict to debrief: the one
		// the last week played would have given as the last (the report
		// says the same).
		if e := g.VerdictIfLast(); e >= 0 && g.Turn() > 1 {
			b.WriteString(wrap(sim.IfLastSentence(label, g.Turn()-1, sim.Sanitize(c.Ends[e].Title, false), c.Ends[e].Success), m.width-2) + "\n")
		}
	} else {
		e := c.Ends[g.End()]
		verdict := s.Bad.Render("✗ not an allied success")
		if e.Success {
			// A true win needs each ally to live with the result (the
			// briefing says so): the private objectives beside the
			// verdict, not only under the scorecard.
			verdict = s.Good.Render("✓ allied success")
			// The sides missed are listed as labels ("objective missed:
			// United States"): in a phrase a name such as United States
			// wants an article the scenario's name does not carry
			// ("South Korea's and United States' objectives missed").
			var missed []string
			all := 0
			for _, a := range c.Alliance() {
				if met, has := g.ObjectiveMet(a); has {
					all++
					if !met {
						// Whose: a solo player read "objective missed:
						// United States" of its AI ally's bar, never shown.
						name := sim.Sanitize(c.Sides[a].Name, false)
						switch {
						case !m.sess.Human[a]:
							name += " (AI)"
						case a == m.side && !m.hotseat():
							name += " (you)"
						}
						missed = append(missed, name)
					}
				}
			}
			switch {
			case len(missed) == 1:
				verdict += s.Warn.Render(" — but objective missed: " + missed[0])
			case len(missed) > 1:
				verdict += s.Warn.Render(" — but objectives missed: " + strings.Join(missed, ", "))
			case all > 0:
				verdict += s.Good.Render(" — and every ally's objective met")
			}
		}
		title := s.Title.Render("Verdict: " + e.Title)
		if lipgloss.Width(title)+2+lipgloss.Width(verdict) > m.width-2 {
			b.WriteString(title + "\n" + indentWrap(verdict, m.width-2, "  ") + "\n")
		} else {
			b.WriteString(title + "  " + verdict + "\n")
		}
		for _, r := range m.redPlayers() { // the verdict from the Red team's side
			if e.Success {
				b.WriteString(s.Bad.Render(fmt.Sprintf("✗ %s (Red team): you lost — the allies succeeded", c.Sides[r].Name)) + "\n")
			} else {
				b.WriteString(s.Good.Render(fmt.Sprintf("✓ %s (Red team): you won — the allies failed", c.Sides[r].Name)) + "\n")
			}
		}
		if e.Text != "" {
			b.WriteString(wrap(e.Text, m.width-2) + "\n")
		}
		for _, l := range m.endCauses() {
			b.WriteString(indentWrap(l, m.width-2, "    ") + "\n")
		}
	}
	for _, l := range strings.Split(m.seedLine(), "\n") { // a line at a time: a block is padded to its widest line, cut at the width with the rest
		b.WriteString(s.Dim.Render(l) + "\n")
	}
	b.WriteString("\n" + s.Header.Render("Scorecard") + "\n")
	nameW := 24 // as wide as the longest name, up to what the screen holds
	for _, gr := range g.Scorecard() {
		nameW = max(nameW, ansi.StringWidth(c.Metrics[gr.Metric].Name))
	}
	nameW = min(nameW, m.width-2-2-1-8-9)
	for _, gr := range g.Scorecard() {
		b.WriteString(fmt.Sprintf("  %s %8s  grade %s\n", padRight(truncate(c.Metrics[gr.Metric].Name, nameW), nameW), c.FormatMetric(gr.Metric, gr.Value), gr.Grade))
	}
	b.WriteString("\n" + s.Header.Render("Private objectives") + "\n")
	for _, a := range c.Alliance() {
		met, has := g.ObjectiveMet(a)
		if !has {
			continue
		}
		word := map[bool]string{true: "met", false: "missed"}[met]
		if !g.Over() { // the White cell ended it early: judged as things stood
			word += " so far"
		}
		mark := s.Bad.Render(word)
		if met {
			mark = s.Good.Render(word)
		}
		line := fmt.Sprintf("  %s: %s — %s", c.Sides[a].Name, mark, oneLine(c.Sides[a].Objective))
		if !met { // the values it read: which of "55+, 45+ and 50+" fell short
			line += " " + s.Dim.Render("(at the end: "+m.exprValues(&c.Sides[a].ObjectiveWhen)+")")
		}
		b.WriteString(indentWrap(line, m.width-2, "    ") + "\n")
	}
	if ds := m.sess.KeyDecisions(5, m.causeShown); len(ds) > 0 {
		// Each marked as a help or a cost by the metric's sense: "+17.17 on
		// Escalation" ranked beside "+37.25 on Deterrence" read as two
		// successes, and "−12.00 on Escalation" as a loss.
		b.WriteString("\n" + s.Header.Render("The decisions that mattered most") + s.Dim.Render("  ✓ helped  ✗ cost") + "\n")
		// A solo player's own decisions are told from the AI allies':
		// "Combined exercise (South Korea, you)".
		you := -1
		if m.seat == nil && !m.hotseat() && m.side >= 0 && m.sess.Human[m.side] {
			you = m.side
		}
		for _, d := range ds {
			e := d.Entry
			e.Delta = d.Delta
			e.Metric = d.Metric
			what := c.DescribeEntry(e)
			if e.Side == you {
				name := c.Sides[you].Name
				what = strings.Replace(what, " "+sim.Parenthetical(name), " "+sim.Parenthetical(name+", you"), 1)
			}
			b.WriteString(indentWrap(fmt.Sprintf("  %s %s on %s", m.senseMark(d.Metric, d.Delta), what, c.Metrics[d.Metric].Name), m.width-2, "      ") + "\n")
		}
	}
	if mv := m.sess.KeyMoves(5); len(mv) > 0 {
		b.WriteString("\n" + s.Header.Render("The adversary moves that hurt most") + "\n")
		for _, d := range mv {
			outcome := "failed"
			if d.Entry.Success {
				outcome = "succeeded"
			}
			sign := "+"
			if d.Delta < 0 {
				sign = "−"
			}
			line := fmt.Sprintf("  %s (%s) %s%s on %s", c.CauseName(d.Entry), outcome, sign, c.FormatMetric(d.Metric, d.Delta.Abs()), c.Metrics[d.Metric].Name)
			b.WriteString(indentWrap(line, m.width-2, "    ") + "\n")
			// What could have blunted it: the levers this side may use
			// (every ally's where the screen is shared).
			viewer := sim.Umpire
			if !m.hotseat() && m.side >= 0 && !c.Sides[m.side].Adversary {
				viewer = m.side
			}
			if note := c.CounterNote(d, viewer); note != "" {
				b.WriteString(s.Dim.Render(indentWrap("    "+note, m.width-2, "      ")) + "\n")
			}
		}
	}
	next := m.nextTime() // also for nextAfterWin, below
	if len(next) > 0 {
		b.WriteString("\n" + s.Header.Render("Next time") + "\n")
		for _, l := range next {
			b.WriteString(indentWrap("  "+l, m.width-2, "    ") + "\n")
		}
	}
	if len(m.sess.Acts) > 0 {
		b.WriteString("\n" + s.Header.Render("White-cell acts") + "\n")
		for _, a := range m.sess.Acts {
			b.WriteString(indentWrap("  "+a, m.width-2, "    ") + "\n")
		}
	}
	if len(c.Debrief) > 0 {
		b.WriteString("\n" + s.Header.Render("For the debrief") + "\n")
		for _, q := range c.Debrief {
			// A question's later lines under its words, not its bullet.
			b.WriteString(indentWrap("• "+oneLine(q), m.width-2, "  ") + "\n")
		}
	}
	if m.sess.JournalPath != "" && m.seat != nil {
		// A team over SSH cannot reach the server's files: the journal's
		// path and the report's were no use to it.
		b.WriteString("\n" + s.Dim.Render(wrap("The instructor keeps the game's journal and writes the after-action report for the debrief.", m.width-2)) + "\n")
	} else if m.sess.JournalPath != "" {
		// The path on a line of its own, unwrapped when it fits: wrap breaks
		// it at a hyphen, and a path in two pieces cannot be copied.
		path := "  " + m.sess.JournalPath
		if ansi.StringWidth(path) > term {
			path = wrap(path, term-2)
		}
		b.WriteString("\n" + s.Dim.Render("The game's journal (lattice replay FILE re-plays and checks it):\n"+path) + "\n")
		if j := m.sess.Journal; j != nil && j.Kept() > 0 {
			n := j.Kept()
			b.WriteString(s.Bad.Render(wrap(fmt.Sprintf("! The disk has refused the journal's last %s so far: the file lacks them until it takes them (tried again on leaving).", sim.Plural(n, "record")), m.width-2)) + "\n")
		}
		switch {
		case len(m.sess.Reports) > 0:
			b.WriteString("\n" + s.Dim.Render("The after-action report, for the debrief:") + "\n")
			for _, p := range m.sess.Reports {
				p = "  " + p
				if ansi.StringWidth(p) > term {
					p = wrap(p, term-2)
				}
				b.WriteString(s.Dim.Render(p) + "\n")
			}
		case m.opts.WhiteCell:
			b.WriteString(s.Dim.Render(wrap("The after-action report, for the debrief: W, then r, writes it beside the journal.", m.width-2)) + "\n")
		case m.seat == nil && !m.hotseat() && m.side >= 0 && m.sess.C.Sides[m.side].Adversary:
			// A solo Red player's debrief is its side's report: what the
			// allies saw through, its moves and its questions.
			b.WriteString(s.Dim.Render("The Red team's debrief (FILE: the journal): its signals seen through, its\nmoves that mattered, its questions:\n  lattice report FILE --side "+m.sess.C.Sides[m.side].ID+" --format html --out debrief.html") + "\n")
		default:
			// The command on a line of its own: wrapped, it broke at "--".
			b.WriteString(s.Dim.Render("An after-action report, for the debrief (FILE: the journal):\n  lattice report FILE --format html --out debrief.html") + "\n")
		}
	}
	if m.canPlayAgain() {
		last := "This was an exercise, not a forecast. "
		if h := m.nextAfterWin(len(next) > 0); h != "" { // next: the Next time lines, above
			last += h + " "
		}
		b.WriteString("\n" + s.Dim.Render(wrap(last+"Next: n plays again with a new seed, s picks another scenario, enter or q leaves.", m.width-2)) + "\n")
	} else {
		b.WriteString("\n" + s.Dim.Render("This was an exercise, not a forecast. Press enter or q to leave.") + "\n")
	}
	return b.String()
}

func (m Model) chartsView() string {
	s := m.styles
	c := m.sess.C
	mi := m.chartMetric
	mt := c.Metrics[mi]
	var series []float64
	for _, h := range m.sess.History {
		series = append(series, h[mi].Float())
	}
	turns := len(series) - 1 // the start, then the end of each turn
	if len(series) == 1 {
		series = append(series, series[0])
	}
	lo, hi := chartRange(series, mt.Min.Float(), mt.Max.Float())
	// The lines that end the game, drawn flat where they are near enough
	// to the values seen not to squash them: a chart of 52.6–60.5 left out
	// the 52 under which gray-zone's resilience loses.
	var lines []float64
	reach := max(hi-lo, (mt.Max.Float()-mt.Min.Float())/10) // how far from the values a line is still drawn
	from, to := lo-reach, hi+reach
	for _, i := range endsOn(c, mi) {
		if e := &c.Ends[i]; !e.Success && !e.Default {
			for _, x := range e.When.Thresholds(mi) {
				if v := x.Float(); v >= max(from, mt.Min.Float()) && v <= min(to, mt.Max.Float()) && !slices.Contains(lines, v) {
					lines = append(lines, v)
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
	}
	// The labels' decimals: enough to tell the rows apart, from the step
	// between rows (whole numbers on rows 1.25 apart read 57, 56, 55, 53).
	// The end conditions that read the metric, on a line above the chart:
	// the chart zooms to the values seen, and said nothing of how near
	// they came to a line that ends the game (escalation's 60 in
	// taiwan-strait, off a chart of 22 to 44).
	var ends []string
	for _, i := range endsOn(c, mi) {
		if e := &c.Ends[i]; !e.Success && !e.Default {
			ends = append(ends, e.Title+" if "+endCondition(c, e))
		}
	}
	endLine := ""
	if len(ends) > 0 {
		// Wrapped, not cut: at 80 columns gray-zone's escalation lost its
		// second end ("Standoff at sea if Escalatio…"). The chart is as
		// much shorter.
		endLine = s.Dim.Render(indentWrap("  ends the game: "+strings.Join(ends, "; "), m.width, "    ")) + "\n"
	}
	// At most maxChartHeight rows and maxTextWidth columns: at 200×60 the
	// first week's two points were drawn 186 columns apart, 50 rows high.
	height := min(max(m.height-8-strings.Count(endLine, "\n"), 5), maxChartHeight) // title, scale, ends, axis, labels, caption, help
	prec := uint(0)
	switch step := (hi - lo) / float64(height-1); {
	case step < 0.01:
		prec = 3
	case step < 0.1:
		prec = 2
	case step < 5:
		prec = 1
	}
	label := strings.ToLower(c.TurnLabel)
	opts := []asciigraph.Option{
		asciigraph.Height(height),
		asciigraph.Width(max(min(m.width, maxTextWidth+20)-14, 20)),
		asciigraph.LowerBound(lo), asciigraph.UpperBound(hi),
		asciigraph.Precision(prec),
		asciigraph.Caption(fmt.Sprintf("%s: the start, then the end of each %s", mt.Name, label)),
	}
	if turns >= 1 {
		// A tick at every turn, and the labels asciigraph has room for.
		opts = append(opts, asciigraph.XAxisRange(0, float64(turns)), asciigraph.XAxisTickCount(turns+1),
			asciigraph.XAxisValueFormatter(func(v float64) string { return strconv.Itoa(int(math.Round(v))) }))
	}
	data := [][]float64{series}
	if len(lines) > 0 {
		var at []string
		for _, v := range lines {
			flat := make([]float64, len(series))
			for k := range flat {
				flat[k] = v
			}
			data = append(data, flat)
			at = append(at, strconv.FormatFloat(v, 'f', -1, 64))
		}
		colours := []asciigraph.AnsiColor{asciigraph.Default}
		for range lines {
			colours = append(colours, asciigraph.Red)
		}
		opts = append(opts, asciigraph.SeriesColors(colours...),
			asciigraph.Caption(fmt.Sprintf("%s by %s (0: the start); flat: end lines (%s)", mt.Name, label, strings.Join(at, ", "))))
	}
	graph := asciigraph.PlotMany(data, opts...)
	scale := fmt.Sprintf("  scale %s–%s of %s–%s", strconv.FormatFloat(lo, 'f', int(prec), 64), strconv.FormatFloat(hi, 'f', int(prec), 64), c.FormatMetric(mi, mt.Min), c.FormatMetric(mi, mt.Max))
	return s.Title.Render(fmt.Sprintf("Chart %d/%d: %s", mi+1, len(c.Metrics), mt.Name)) + s.Dim.Render("  (←/→ metric · c to close)") + "\n" +
		s.Dim.Render(truncate(scale, m.width)) + "\n" + endLine + graph
}

// maxChartHeight is the tallest a chart is drawn (asciigraph's Height: its
// plot takes one row more).
const maxChartHeight = 30

// chartRange is the vertical range of a chart of series: the values seen,
// with a margin (a sixth of their spread, a fiftieth of the metric's range
// at least), kept within the metric's bounds lo–hi. Drawn on the whole
// range, a move from 25 to 28 looked flat.
func chartRange(series []float64, lo, hi float64) (float64, float64) {
	vmin, vmax := slices.Min(series), slices.Max(series)
	margin := max((vmax-vmin)/6, (hi-lo)/50)
	return max(lo, vmin-margin), min(hi, vmax+margin)
}

func (m Model) adversaryView() string {
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	si := &c.Sides[m.side]
	var b strings.Builder
	tw := m.textWidth() - 2 // its prose, at most 100 columns wide (textWidth)
	// The picture the Red team's View allows: the rung and the turn (the
	// header), the metrics that decide the game, and its goal.
	b.WriteString(m.header() + "\n")
	var v sim.View
	g.ViewInto(m.side, &v)
	if m.focus == 0 {
		top, goal, h := m.redMetricsTab(tw)
		lines := strings.Split(strings.TrimRight(m.whyPanel(tw), "\n"), "\n")
		if len(lines) < h { // the goal stays at the foot
			lines = append(lines, make([]string, h-len(lines))...)
		}
		return b.String() + top + m.pagedLines(lines, m.whyAt, h) + "\n" + goal
	}
	b.WriteString(s.Title.Render(fmt.Sprintf("%s — %s %d: choose your moves", si.Name, c.TurnLabel, g.Turn())) + "\n")
	key := m.keyMetrics()
	var vals []string
	for mi := range c.Metrics {
		if key[mi] {
			vals = append(vals, c.Metrics[mi].Name+" "+c.FormatMetric(mi, v.Metrics[mi]))
		}
	}
	picture := s.Dim.Render(wrap(strings.Join(vals, " · ")+" (tab: all metrics)", tw)) + "\n" +
		s.Dim.Render(wrap(m.redGoal(), tw)) + "\n"
	head := b.String()
	b.Reset()
	intro := wrap(fmt.Sprintf("Up to %s (r) and %s (b). %s", sim.Plural(si.Actions, "real move"), sim.Plural(si.Bluffs, "bluff"), m.redSeenThrough(&v)), tw) + "\n\n"
	rows := m.redRows()
	selected := si.Playbook[min(m.sel, len(si.Playbook)-1)]
	details := m.redDetails(selected, tw, false)
	// Where the list would keep fewer than five rows, the rules in a line
	// (? has them whole) and the move's description and signal in a line
	// each: at 80×24 thaad-pressure's ten moves showed two at a time.
	want := len(rows) // the rows the list should keep: all, or five and the marks above and below
	if want > 5 {
		want = 7
	}
	if room := m.height - 2; room-strings.Count(head+"tab\n"+intro+details, "\n") < want {
		intro = truncate(fmt.Sprintf("Up to %s (r) and %s (b) · ? explains the odds and bluffs", sim.Plural(si.Actions, "real move"), sim.Plural(si.Bluffs, "bluff")), tw) + "\n"
		if c.Intel >= 0 && !c.NeverBluffs(m.side) { // the chance stays: it is the bluffs' whole risk
			intro += wrap(fmt.Sprintf("The allies see through each with chance %s ÷ 100: %s now.", c.Metrics[c.Intel].Name, c.SeeThroughChance(v.Metrics).Format(2)), tw) + "\n"
		}
		details = m.redDetails(selected, tw, true)
	}
	b.WriteString(intro)
	// The playbook first: on a short screen the picture is behind tab, and
	// the list scrolls with the cursor, so that the selected move's details
	// are whole (at 80×24 gray-zone's twelve moves pushed its "On success"
	// off the screen).
	lines := func(t string) int { return strings.Count(t, "\n") }
	room := m.height - 2 // the help line, and a notice's
	// What the doctrine would do with the move comes last: after the
	// picture (the metrics and the goal) where all fits, else while the
	// list keeps five rows.
	doctrine, short := "", ""
	if w := m.doctrineWeight(selected); w != "" {
		doctrine = s.Dim.Render(wrap(w, tw)) + "\n"
		short = s.Dim.Render(truncate(w, tw)) + "\n" // its share first: "… 31% of China's weight now: base …"
	}
	withDoctrine := false
	// The key metrics alone, the goal behind tab, before the picture goes
	// whole behind tab: the odds and effects of the selected move took the
	// goal's rows at 80×24.
	metricsOnly := s.Dim.Render(wrap(strings.Join(vals, " · ")+" (tab: all metrics, your goal)", tw)) + "\n"
	if lines(head+picture+b.String()+strings.Join(rows, "")+details) <= room {
		if lines(head+picture+b.String()+strings.Join(rows, "")+details+doctrine) <= room {
			details, withDoctrine = details+doctrine, true
		}
	} else if lines(head+metricsOnly+b.String()+strings.Join(rows, "")+details) <= room {
		picture = metricsOnly
		if lines(head+picture+b.String()+strings.Join(rows, "")+details+doctrine) <= room {
			details, withDoctrine = details+doctrine, true
		}
	} else {
		picture = s.Dim.Render(truncate("tab: the metrics and your goal", m.width-2)) + "\n"
		if room-lines(head+picture+b.String()+details+doctrine) >= 7 { // five rows and the marks above and below
			details, withDoctrine = details+doctrine, true
		}
	}
	// Where the whole of it does not fit, its first line, the share, while
	// the list keeps three rows and its mark: at 80×24 the line the ? page
	// explains ("doctrine n% of the weight") was nowhere.
	if !withDoctrine && short != "" && room-lines(head+picture+b.String()+details+short) >= 4 {
		details += short
	}
	list := room - lines(head+picture+b.String()+details)
	return head + picture + b.String() + listWindow(rows, m.sel, max(list, 3), s) + details
}

// redRows is the Red team's playbook, a row a move: its mark ([R], [B]),
// name, domain, pressure and odds, or why it is closed.
func (m Model) redRows() []string {
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	si := &c.Sides[m.side]
	// Names and domains as wide as the longest, where the screen has the
	// room (a wide terminal cut them at 30 and 13 columns all the same).
	domW, nameW := 10, 30
	for _, a := range si.Playbook {
		domW = max(domW, ansi.StringWidth(c.Domains[c.Actions[a].Domain].Name))
		nameW = max(nameW, ansi.StringWidth(c.Actions[a].Name))
	}
	domW = min(domW, 24)
	if m.width < 100 {
		domW = min(domW, 13)
	}
	// Each open move's odds end its row ("p 0.77"), so the name gives way
	// at 80 columns: the selected move's name is whole in its details.
	nameW = min(nameW, max(20, m.width-domW-45))
	rows := make([]string, len(si.Playbook))
	for i, a := range si.Playbook {
		ai := &c.Actions[a]
		cursor := "  "
		if i == m.sel {
			cursor = s.Accent.Render("▸ ")
		}
		mark := "[ ]"
		switch {
		case m.advReal[a]:
			mark = s.Bad.Render("[R]")
		case m.advBluff[a]:
			mark = s.Warn.Render("[B]")
		}
		line := fmt.Sprintf("%s %s %s pressure %4s  p %s", mark, padRight(truncate(ai.Name, nameW), nameW), padRight(truncate(c.Domains[ai.Domain].Name, domW), domW), ai.Pressure.Format(1), g.ActionWeightWhy(a).P.Format(2))
		if why := g.ActionLock(a); why != "" {
			line = s.Dim.Render(fmt.Sprintf("    %s %s", padRight(truncate(ai.Name, nameW), nameW), truncate(why, m.width-nameW-10)))
		} else if g.LockAfterDrift(a) != "" {
			line += s.Warn.Render("  ⚠ drift")
		} else if !ai.Bluff {
			line += s.Dim.Render("  (cannot bluff)")
		}
		if i == m.sel && g.ActionLock(a) == "" {
			line = s.Selected.Render(line)
		}
		rows[i] = cursor + line + "\n"
	}
	return rows
}

// redDetails is the selected move in full, tw columns wide: what it is,
// its odds or why it is closed, what the allies will read and what it does
// if it succeeds and if it fails.
func (m Model) redDetails(selected, tw int, short bool) string {
	s := m.styles
	c := m.sess.C
	g := m.sess.Game
	var d strings.Builder
	a := &c.Actions[selected]
	// short: the description and the signal the allies read cut to a line
	// each, for a short screen; the odds and the effects stay whole.
	para := func(t string) string {
		if short {
			return truncate(oneLine(t), tw)
		}
		return wrap(oneLine(t), tw)
	}
	d.WriteString("\n" + s.Dim.Render(para(a.Description)) + "\n")
	if why := g.ActionLock(selected); why != "" { // whole: its row cuts it at 80 columns
		d.WriteString(s.Dim.Render(wrap(a.Name+". Not open now: "+why, tw)) + "\n")
	} else {
		d.WriteString(wrap(m.redOdds(selected), tw) + "\n")
		if why := g.LockAfterDrift(selected); why != "" {
			// The briefing comes after the drift toward the baselines: a
			// move it locks is called off, and a Red team planned one
			// unwarned.
			d.WriteString(s.Warn.Render(wrap("⚠ Likely called off: the drift before the briefing will lock it ("+why+"); the briefing's events may still change that.", tw)) + "\n")
		}
	}
	if a.Signal != "" {
		d.WriteString(s.Dim.Render(para("The allies will read: "+a.Signal)) + "\n")
	}
	// In the engine's words and signs, as the allies' screens give
	// effects ("Resilience −3.00", not "Resilience -3"), wrapped.
	if succ := c.DescribeEffects(a.Success); succ != "" {
		d.WriteString(s.Dim.Render(wrap("On success: "+succ, tw)) + "\n")
	}
	// A failed move moves the game too (a failed intrusion raises the
	// allies' intelligence picture), as the allies' panel says.
	if fail := c.DescribeEffects(a.Failure); fail != "" {
		d.WriteString(s.Dim.Render(wrap("On failure: "+fail, tw)) + "\n")
	}
	return d.String()
}

// redSeenThrough says how the allies read the Red team's signals: each
// signal, real or a bluff, is seen through with chance = the intelligence
// picture ÷ 100 (sim's Brief, one draw per signal for all the allies), at
// its value after the briefing's drift and events; the metric is public
// (every side's View has the metrics).
func (m Model) redSeenThrough(v *sim.View) string {
	c := m.sess.C
	const bluff = " A bluff is signalled like a real move but does not happen: it makes the allies spread their defence."
	switch {
	case c.NeverBluffs(m.side):
		return "The allies see every signal and know each is real (" + m.noBluffsWhy(m.side) + ")."
	case c.Intel < 0:
		return "The allies see every signal and have no intelligence picture to see through any." + bluff
	}
	chance := c.SeeThroughChance(v.Metrics)
	return fmt.Sprintf("The allies see every signal, and see through each with chance %s ÷ 100: %s now (the briefing's drift and events may move it).%s",
		c.Metrics[c.Intel].Name, chance.Format(2), bluff)
}

// redOdds is an open adversary move's chance of success as its Red team
// can reckon it, the one its doctrine weighs (sim.WeightWhy.P): against
// the defence the allies' last allocation gave its domain, theirs this
// turn being hidden until the results.
func (m Model) redOdds(a int) string {
	c := m.sess.C
	g := m.sess.Game
	ai := &c.Actions[a]
	p := g.ActionWeightWhy(a).P.Format(2)
	dom := c.Domains[ai.Domain].Name
	week := strings.ToLower(c.TurnLabel)
	if g.Turn() <= 1 {
		return fmt.Sprintf("%s: your odds p %s against the base %s defence (no allocation yet; this %s's is hidden).", ai.Name, p, dom, week)
	}
	return fmt.Sprintf("%s: your odds p %s against last %s's %s defence (this %s's is hidden).", ai.Name, p, week, dom, week)
}

// doctrineWeight says how much the side's doctrine, the AI that plays it
// when no one does, favours open move a now, and why, in the engine's
// factors (sim.Game.ActionWeightWhy): "The doctrine would give it 19% of
// China's weight now: base 1.00 × 1.50 while Cohesion < 50 × 1.20 for its
// odds against last month's defence (p 0.70)". "" for a move not open.
func (m Model) doctrineWeight(a int) string {
	c := m.sess.C
	g := m.sess.Game
	why := g.ActionWeightWhy(a)
	if why.Weight <= 0 {
		return ""
	}
	ai := &c.Actions[a]
	var total sim.Fix
	for _, b := range c.Sides[ai.Side].Playbook {
		total += g.ActionWeight(b)
	}
	parts := []string{"base " + why.Base.Format(2)}
	for _, k := range why.Modifiers {
		parts = append(parts, fmt.Sprintf("%s while %s", ai.Modifiers[k].Factor.Format(2), c.Readable(&ai.Modifiers[k].When)))
	}
	parts = append(parts, fmt.Sprintf("%s for its odds against last %s's defence (p %s)", why.Pull.Format(2), strings.ToLower(c.TurnLabel), why.P.Format(2)))
	share := 100 * int64(why.Weight) / max(int64(total), 1)
	return fmt.Sprintf("The doctrine would give it %d%% of %s weight now: %s", share, sim.Possessive(c.Sides[ai.Side].Name), strings.Join(parts, " × "))
}

// redPlayers lists the adversary sides played by people at this screen:
// a seat's own side, or on one screen every human adversary.
func (m Model) redPlayers() []int {
	c := m.sess.C
	if m.seat != nil {
		if m.side >= 0 && c.Sides[m.side].Adversary {
			return []int{m.side}
		}
		return nil
	}
	return m.sess.HumanAdversaries()
}

// redGoal is the Red team's goal: an end that is not an allied success,
// with the conditions that bring one about.
func (m Model) redGoal() string {
	c := m.sess.C
	var ends []string
	for i := range c.Ends {
		e := &c.Ends[i]
		if e.Success || e.When.Empty() {
			continue
		}
		ends = append(ends, fmt.Sprintf("%s if %s", e.Title, endCondition(c, e)))
	}
	goal := "Your goal: the allies fail"
	if len(ends) > 0 {
		goal += " — " + strings.Join(ends, "; ")
	}
	return goal + "."
}

// focusMark marks the panel tab has focused, in text as well as colour.
func (m Model) focusMark(panel int) string {
	if m.focus == panel {
		return "▶ "
	}
	return ""
}

// indentWrap wraps s to width w, indenting continuation lines.
func indentWrap(s string, w int, indent string) string {
	lines := strings.Split(lipgloss.NewStyle().Width(max(w-len(indent), 10)).Render(s), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
		if i > 0 {
			lines[i] = indent + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}

// unwrapMarkdown joins the hard-wrapped lines of each paragraph and list
// item, so the renderer can wrap them to the screen.
func unwrapMarkdown(md string) string {
	lines := strings.Split(md, "\n")
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		starts := t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") ||
			strings.HasPrefix(t, ">") || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "```") || isNumbered(t)
		if len(out) > 0 && !starts {
			prev := strings.TrimSpace(out[len(out)-1])
			if prev != "" && !strings.HasPrefix(prev, "#") && !strings.HasPrefix(prev, "|") && !strings.HasPrefix(prev, "```") {
				out[len(out)-1] += " " + t
				continue
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

func isNumbered(t string) bool {
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	return i > 0 && i+1 < len(t) && t[i] == '.' && t[i+1] == ' '
}

// seedLine says which seed and level the game was played at, and how to
// play it again with the same dice.
func (m Model) seedLine() string {
	name := m.sess.C.ID
	if e := m.setup.entry; e != nil && e.Compiled != nil && e.Compiled.ID == m.sess.C.ID {
		name = e.Name
	}
	if m.opts.Spectate { // a batch run: its row, not a command, replays it
		return fmt.Sprintf("Seed %d", m.sess.Seed)
	}
	cmd := fmt.Sprintf("lattice play %s --seed %d", name, m.sess.Seed)
	if m.sess.Level != "" && m.sess.Level != "normal" {
		cmd += " --difficulty " + m.sess.Level
	}
	// The setup as it was played: a hotseat's, or the side played solo
	// (the command set up solo play of the first ally). A Red team, and an
	// AI ally's policy other than the scenario's, are chosen in the setup,
	// which the flags do not reach: "--hotseat" gave a Red team's side to
	// the doctrine, and a solo game's lookahead ally came back balanced:
	// another game. A fork of the journal from the start has the same
	// sides, players and policies.
	head := "the same seed replays the same dice:"
	if (len(m.sess.HumanAdversaries()) > 0 || m.alliesPlayedOtherwise()) && m.sess.JournalPath != "" {
		cmd = "lattice play --fork " + sim.ShellQuote(m.sess.JournalPath) + " --at 0"
		// Whole on its line or not at all: at 80 columns the journal's
		// path cut it with "…", which cannot be copied; FILE then, the
		// path being on a line of its own below. A team over SSH gets FILE
		// at any width: the path is on the instructor's machine (under
		// their home directory, with their user name), not the team's.
		switch {
		case m.seat != nil:
			cmd = "lattice play --fork FILE --at 0"
			head = "the same seed replays the same dice (FILE: the game's journal, which the instructor keeps):"
		case m.width > 0 && ansi.StringWidth(cmd)+2 > m.width-2:
			cmd = "lattice play --fork FILE --at 0"
			head = "the same seed replays the same dice (FILE: the journal, below):"
		}
	} else if m.hotseat() {
		cmd += " --hotseat"
	} else if m.side >= 0 && m.side < len(m.sess.C.Sides) && m.sess.Human[m.side] {
		cmd += " --side " + m.sess.C.Sides[m.side].ID
	}
	if len(m.sess.Acts) > 0 {
		cmd += "\n  (the White cell's acts are not replayed: play them again)"
	}
	first := fmt.Sprintf("Seed %d; %s", m.sess.Seed, head)
	if m.width > 0 && ansi.StringWidth(first) > m.width-2 {
		first = wrap(first, m.width-2)
	}
	return first + "\n  " + cmd
}

// alliesPlayedOtherwise reports whether an AI ally played a built-in
// policy other than the one the scenario gives it (balanced, unless its
// policy key names another): one the setup chose, which play's flags
// cannot.
func (m Model) alliesPlayedOtherwise() bool {
	c := m.sess.C
	for _, a := range c.Alliance() {
		if a >= len(m.sess.Policies) || m.sess.Policies[a] == nil || m.sess.Human[a] {
			continue
		}
		def := c.Sides[a].Policy
		if def == "" {
			def = "balanced"
		}
		if strings.HasSuffix(def, ".toml") {
			continue // a file's policy: the setup's default too
		}
		if m.sess.Policies[a].Name() != def {
			return true
		}
	}
	return false
}

// endCauses says, in numbers, why the game ended as it did: the condition
// of the end reached with the values it read, then any other losing end
// condition that also held.
func (m Model) endCauses() []string {
	c := m.sess.C
	g := m.sess.Game
	end := g.End()
	if end < 0 || end >= len(c.Ends) {
		return nil
	}
	values := m.endValues
	e := &c.Ends[end]
	var out []string
	if e.When.Empty() {
		if e.Default {
			out = append(out, fmt.Sprintf("Why: no losing end condition held when the %ss ran out.", strings.ToLower(c.TurnLabel)))
		}
	} else {
		// An end reached before the last turn says which turn it came in
		// (a play review: "month ≥ 6 and …" read against a month the
		// screen no longer showed, and how many were left unplayed).
		when := ""
		if t := g.Turn(); t < c.Turns {
			when = fmt.Sprintf(" in %s %d of %d", strings.ToLower(c.TurnLabel), t, c.Turns)
		}
		if d := decisive(c, g, end); d != "" { // which part of a longer condition did it
			out = append(out, fmt.Sprintf("Why: %s%s — %s (its condition: %s)", e.Title, when, d, endCondition(c, e)))
		} else {
			out = append(out, fmt.Sprintf("Why: %s%s — %s (%s)", e.Title, when, endCondition(c, e), values(e)))
		}
		// The end's text blames the adversary; a White-cell override of a
		// metric it reads is said beside it.
		for _, r := range e.When.Refs() {
			if r < len(c.Metrics) {
				if d := m.sess.Overridden(r); d != 0 {
					out = append(out, fmt.Sprintf("The White cell's overrides moved %s by %s over the game.", c.Metrics[r].Name, c.FormatChange(r, d)))
				}
			}
		}
	}
	// A budget the White cell set weighs on every end: said too.
	for _, a := range c.Alliance() {
		if b, was := g.BaseBudget(a), c.Sides[a].Budget; b != was {
			out = append(out, fmt.Sprintf("The White cell set %s budget to %s a %s (the scenario's: %s).", sim.Possessive(c.Sides[a].Name), b.String(), strings.ToLower(c.TurnLabel), was.String()))
		}
	}
	for _, i := range g.EndsHolding(false) { // the engine's word on which conditions held as the game ended
		o := &c.Ends[i]
		if i == end || o.Success {
			continue
		}
		out = append(out, fmt.Sprintf("Also held: %s — %s (%s)", o.Title, endCondition(c, o), values(o)))
	}
	return out
}

// nextTime says what to try in the next game, from how this one ended
// (a play review: the end screen said what had gone wrong, in numbers, and
// never what to do about it). After a loss, for each metric the deciding
// condition read: the levers of the side at the screen (every ally's where
// the screen is shared) that move it the way the allies want and the ones
// that move it the other way, per point, as the why? panel's lever line
// does, deterrence through its factors. After a success with the
// player's private objective missed, the same for the metrics the
// objective reads (nextAfterWin says what else to try after a success). A
// Red team playing alone is told nothing: the allies' levers are not its
// own.
func (m Model) nextTime() []string {
	c := m.sess.C
	g := m.sess.Game
	end := g.End()
	if m.sess.Stopped != "" || end < 0 || end >= len(c.Ends) {
		return nil
	}
	if !m.hotseat() && m.side >= 0 && c.Sides[m.side].Adversary {
		return m.redNextTime()
	}
	side := -1 // the allies': a shared screen (a Red team alone was told nothing above)
	if !m.hotseat() && m.side >= 0 && !c.Sides[m.side].Adversary {
		side = m.side
	}
	yours := "The allies' levers"
	if side >= 0 {
		yours = "Your levers"
	}
	e := &c.Ends[end]
	refs := e.When.Refs()
	if e.Success {
		// After a success, the player's own bar where it was missed: the
		// levers for the metrics the objective reads (the end screen said
		// "next time meet it too", and not how).
		if side < 0 {
			return nil // nextAfterWin says what to try after a success
		}
		if met, has := g.ObjectiveMet(side); !has || met {
			return nil
		}
		refs = c.Sides[side].ObjectiveWhen.Refs()
	}
	// The metrics the condition turned on first: those without which, at
	// their best, it would not have held (taiwan-strait's Coerced reads
	// trade and gains; a game lost on gains was told of trade first).
	var decisive, rest []int
	cond := &e.When
	if e.Success {
		cond = &c.Sides[side].ObjectiveWhen
	}
	for _, mi := range refs {
		if mi >= len(c.Metrics) {
			continue
		}
		best := c.Metrics[mi].Max
		if c.Metrics[mi].GoodLow {
			best = c.Metrics[mi].Min
		}
		// A losing end that would not hold, or an objective that would,
		// with this metric at its best.
		if g.HoldsWith(cond, mi, best) == e.Success {
			decisive = append(decisive, mi)
		} else {
			rest = append(rest, mi)
		}
	}
	var out []string
	for _, mi := range append(decisive, rest...) {
		var parts []string
		if short := m.shortfallCost(mi, side); short != 0 {
			// The cheapest lesson first: the minimum unmet, at every turn
			// it was, cost the metric this over the game.
			who := "the allies'"
			if side >= 0 {
				who = "your"
			}
			parts = append(parts, fmt.Sprintf("meet the visible minimum every %s (%s shortfalls cost it %s)", strings.ToLower(c.TurnLabel), who, c.FormatChange(mi, short)))
		}
		if l := m.leversToward(mi, side); l != "" {
			parts = append(parts, l)
		}
		if ds := m.defenders(mi, side); len(ds) > 0 { // the odds of the moves that moved it
			parts = append(parts, "defend against the moves that move it: "+strings.Join(ds, ", "))
		}
		if rs := m.rulesPlayed(mi); len(rs) > 0 { // the conditions to steer toward, or away from
			parts = append(parts, "mind the standing rules: "+strings.Join(rs, "; "))
		}
		if len(parts) > 0 {
			out = append(out, yours+" for "+c.Metrics[mi].Name+": "+strings.Join(parts, "; "))
		}
	}
	// The same dice and the state before the last turn: the last turn
	// taken another way (a fork) is the nearest next time, after a loss or
	// a win that missed the player's objective (a win that met it returned
	// above): an objective missed by 0.64 was met so.
	return m.withFork(out)
}

// withFork is out, the Next time lines, with the fork of the last turn
// after them where the player can fork the journal: the same dice and
// the state before the last turn, the nearest next time.
func (m Model) withFork(out []string) []string {
	played := len(m.sess.Results)
	if m.sess.JournalPath == "" || m.seat != nil || m.opts.Spectate || played <= 1 {
		return out
	}
	c := m.sess.C
	label := strings.ToLower(c.TurnLabel)
	// Whether a doctrine wins from there with the same dice: the last
	// turn was offered after a loss that no plan could have turned (gains
	// already past the line the end reads), and a player who forked it
	// found every doctrine at 0%.
	e := m.sess.Game.End()
	objective := e >= 0 && c.Ends[e].Success // a win that missed the objective: the fork must meet it
	h := m.sess.forkHint(m.side, objective)
	wins := "wins"
	if objective {
		wins = "wins and meets your objective"
	}
	// The command on a line of its own: wrapped, it broke after "lattice".
	switch {
	case !h.known:
		out = append(out, fmt.Sprintf("Or play %s %d again from where it began, with the same dice (FILE: the journal, below):\nlattice play --fork FILE --at %d", label, played, played-1))
	case h.at == played-1:
		out = append(out, fmt.Sprintf("Or play %s %d again from where it began, with the same dice: the %s doctrine's plan %s from there (FILE: the journal, below):\nlattice play --fork FILE --at %d", label, played, h.doctrine, wins, played-1))
	case h.at >= 0:
		out = append(out, fmt.Sprintf("With the same dice no doctrine's plan %s from the start of %s %d; the %s doctrine's plan does from %s %d. Play again from there (FILE: the journal, below):\nlattice play --fork FILE --at %d", wins, label, played, h.doctrine, label, h.at+1, h.at))
	default:
		out = append(out, fmt.Sprintf("With the same dice no doctrine's plan %s this game, even from %s 1: another seed is the next try.", wins, label))
	}
	return out
}

// budgetLost reports whether the side at the screen has budget left
// that no point can use: less than any open lever's cost, or every lever
// full. Unspent budget is lost at the commit.
func (m Model) budgetLost() bool {
	g, o := m.sess.Game, m.sess.Orders
	if m.side < 0 || m.sess.C.Sides[m.side].Adversary || g.Over() {
		return false
	}
	return g.Available(m.side)-g.Spend(o, m.side) > 0 && !g.CanAddPoint(o, m.side)
}

// redNextTime is a Red team's Next time, after the allies' success (the
// allies' levers, which the allies' Next time names, are not its own):
// for each end that is no allied success, which the game did not reach,
// the comparisons of its condition that did not hold, and the team's moves
// whose success moves each such metric that way (a derived metric's
// through its factors), with how the team played them: how often, at what
// odds on average. A Red player's end screen said nothing of what to try.
func (m Model) redNextTime() []string {
	c := m.sess.C
	g := m.sess.Game
	side := m.side
	if e := g.End(); e < 0 || e >= len(c.Ends) || !c.Ends[e].Success {
		return nil // the Red team won: the allies are told what to try
	}
	// How the side played each move: times adjudicated, and the sum of
	// their odds (moves the White cell decided have none).
	played := make([]int, len(c.Actions))
	odds := make([]sim.Fix, len(c.Actions))
	for _, r := range m.sess.Results {
		for _, mv := range r.Moves {
			if mv.Side == side && !mv.Forced {
				played[mv.Action]++
				odds[mv.Action] += mv.P
			}
		}
	}
	// toward lists the side's moves whose success moves metric mi down
	// (low) or up, the largest three first: "Steel structures +3.00 (4
	// times, p 0.55 on average)".
	toward := func(mi int, low bool) []string {
		type mv struct {
			a int
			d sim.Fix
		}
		var ms []mv
		for _, a := range c.Sides[side].Playbook {
			var d sim.Fix
			for _, e := range c.Actions[a].Success {
				switch {
				case e.Metric == mi:
					d += e.Delta
				case c.Metrics[mi].Derived && c.Metrics[e.Metric].Component:
					d += e.Delta // a factor of it: the sign is what counts
				}
			}
			if d != 0 && (d < 0) == low {
				ms = append(ms, mv{a, d})
			}
		}
		slices.SortStableFunc(ms, func(x, y mv) int { return cmp.Compare(y.d.Abs(), x.d.Abs()) })
		var out []string
		for _, x := range ms[:min(len(ms), 3)] {
			what := c.Actions[x.a].Name
			if !c.Metrics[mi].Derived { // a factor's change is not the metric's
				what += " " + c.FormatChange(mi, x.d)
			}
			if n := played[x.a]; n > 0 {
				what += fmt.Sprintf(" (%s, p %s on average)", sim.Plural(n, "time"), (odds[x.a] / sim.Fix(n)).Format(2))
			} else {
				what += " (never played)"
			}
			out = append(out, what)
		}
		return out
	}
	// The ends nearest first, at most three: a list of every end the side
	// might want ran to a screen. An end is as near as the nearest of the
	// comparisons that would make it hold alone (its metric at the
	// threshold, the rest as the game ended: a branch of an "or"), as a
	// share of the metric's range; if none would alone, as its farthest.
	type near struct {
		line string
		gap  sim.Fix
	}
	type unmet struct {
		k     sim.Comparison
		gap   sim.Fix
		alone bool
	}
	var ends []near
	for e := range c.Ends {
		end := &c.Ends[e]
		if end.Success || end.Default {
			continue
		}
		var us []unmet
		anyAlone := false
		for _, k := range c.EndComparisons(e) {
			mi := k.Metric
			if k.Holds(g.Metric(mi)) {
				continue
			}
			var gap sim.Fix
			if span := c.Metrics[mi].Max - c.Metrics[mi].Min; span > 0 {
				gap = (g.Metric(mi) - k.Threshold).Abs().Div(span)
			}
			alone := g.HoldsWith(&end.When, mi, k.Edge())
			anyAlone = anyAlone || alone
			us = append(us, unmet{k, gap, alone})
		}
		if len(us) == 0 {
			continue
		}
		// Those that would do alone, if any; of a metric compared twice
		// the same way (gains >= 45 or … gains >= 30), the nearer.
		var keep []unmet
		for _, u := range us {
			if anyAlone && !u.alone {
				continue
			}
			i := slices.IndexFunc(keep, func(x unmet) bool { return x.k.Metric == u.k.Metric && x.k.Low() == u.k.Low() })
			switch {
			case i < 0:
				keep = append(keep, u)
			case u.gap < keep[i].gap:
				keep[i] = u
			}
		}
		gap := keep[0].gap
		var parts []string
		for _, u := range keep {
			if anyAlone {
				gap = min(gap, u.gap)
			} else {
				gap = max(gap, u.gap)
			}
			k, mi := u.k, u.k.Metric
			done, does := "raised", "raises"
			if k.Low() {
				done, does = "lowered", "lowers"
			}
			part := fmt.Sprintf("%s %s %s, ended at %s", c.Metrics[mi].Name, k.Op, c.FormatMetric(mi, k.Threshold), c.FormatMetric(mi, g.Metric(mi)))
			if ms := toward(mi, k.Low()); len(ms) > 0 {
				part += "; " + done + " by your " + strings.Join(ms, ", ")
			} else {
				part += "; no move of yours " + does + " it"
			}
			parts = append(parts, part)
		}
		join := "; "
		if anyAlone && len(parts) > 1 {
			join = "; or " // any one of them would have done
		}
		ends = append(ends, near{"Toward " + end.Title + " (" + strings.Join(parts, join) + ")", gap})
	}
	slices.SortStableFunc(ends, func(a, b near) int { return cmp.Compare(a.gap, b.gap) })
	var out []string
	for _, n := range ends[:min(len(ends), 3)] {
		out = append(out, n.line)
	}
	if len(out) > 0 {
		out = append(out, "Bluffs draw the allies' points from your real moves unless their intelligence sees through them: the Red team's debrief says which it did.")
	}
	return m.withFork(out)
}

// nextAfterWin is what to try after a success, in the end screen's last
// line: the player's own private objective, where it was missed (the
// briefings say the alliance truly wins only if each ally clears its
// bar); the scenario's hardest level, where it was won at an easier one;
// else another side or scenario; nothing where a Red team plays, whom the
// allies' success beat. hasNextTime: the screen shows Next time lines
// (nextTime).
func (m Model) nextAfterWin(hasNextTime bool) string {
	c := m.sess.C
	g := m.sess.Game
	if m.sess.Stopped != "" || g.End() < 0 || g.End() >= len(c.Ends) || !c.Ends[g.End()].Success || len(m.redPlayers()) > 0 {
		return ""
	}
	if !m.hotseat() && m.side >= 0 {
		if met, has := g.ObjectiveMet(m.side); has && !met { // a true win first: the player's own bar
			s := "The alliance won, but your private objective was missed (see Private objectives): next time meet it too"
			if hasNextTime { // none when no lever of yours moves what it reads
				s += " (Next time, above, says with what)"
			}
			return s + "."
		}
	}
	var levels []string
	if st := m.setup; st.entry != nil && st.entry.Compiled != nil && st.entry.Compiled.ID == c.ID {
		levels = st.levels
	}
	if i := slices.Index(levels, m.sess.Level); i >= 0 && i < len(levels)-1 {
		return fmt.Sprintf("You won at %s: next time try %s (n, then → on the Difficulty row).", m.sess.Level, levels[len(levels)-1])
	}
	return "You won: next time try another side (n, then ←/→ on a side's row) or another scenario (s)."
}

// shortfallCost is what side's shortfalls from the minimum visible
// commitment (any ally's, for side −1) did to metric mi over the game.
func (m Model) shortfallCost(mi, side int) sim.Fix {
	c := m.sess.C
	var sum sim.Fix
	for i := range m.sess.Results {
		for _, e := range m.sess.Results[i].Ledger {
			if e.Kind == sim.CauseCommitment && e.Metric == mi && (e.Side == side || side < 0 && e.Side >= 0 && !c.Sides[e.Side].Adversary) {
				sum += e.Delta
			}
		}
	}
	return sum
}

// leversToward lists the levers side may use (−1: any ally's) that move
// metric mi, per point: first the ones that move it the allies' way ("lower
// it: Crisis communication and restraint −2.25"), then the others ("raise
// it: Combined exercises +1.50"). Deterrence moves through its factors: the
// levers that raise each, the two strongest.
func (m Model) leversToward(mi int, side int) string {
	c := m.sess.C
	moves := func(mi int) (good, bad []leverEffect) {
		for _, x := range m.leverEffects(mi, side) {
			if (x.d < 0) == c.Metrics[mi].GoodLow {
				good = append(good, x)
			} else {
				bad = append(bad, x)
			}
		}
		return good, bad
	}
	list := func(mi int, ls []leverEffect) string {
		var parts []string
		for _, x := range ls {
			parts = append(parts, x.name+" "+c.FormatChange(mi, x.d))
		}
		return strings.Join(parts, ", ")
	}
	verb := func(mi int, good bool) string {
		if good == c.Metrics[mi].GoodLow {
			return "lower it"
		}
		return "raise it"
	}
	if c.Metrics[mi].Derived {
		var parts []string
		for f := range c.Metrics {
			if !c.Metrics[f].Component {
				continue
			}
			if good, _ := moves(f); len(good) > 0 {
				parts = append(parts, c.Metrics[f].Name+" ("+list(f, good[:min(len(good), 2)])+")")
			}
		}
		if len(parts) == 0 {
			return ""
		}
		return "raise its factors, per point: " + strings.Join(parts, "; ")
	}
	good, bad := moves(mi)
	var parts []string
	if len(good) > 0 {
		parts = append(parts, verb(mi, true)+", per point: "+list(mi, good))
	}
	if len(bad) > 0 {
		parts = append(parts, verb(mi, false)+": "+list(mi, bad))
	}
	return strings.Join(parts, "; ")
}

// rulesPlayed says, for the end screen, the standing rules on metric mi
// that a player can steer by their conditions' metrics, and in how many
// turns of the game each fired: one that helps it ("The alliance looks
// solid +3.00 while Cohesion ≥ 64 and US confidence in Seoul ≥ 62 (fired
// in 0 of 12 months)"), and one that hurts it if it fired. A game lost to
// a rule that kept firing, or to one that never did, said nothing of
// either. A rule its condition ties to no metric (a chance from month 2)
// is left out: there is nothing to steer.
func (m Model) rulesPlayed(mi int) []string {
	c := m.sess.C
	var out []string
	for _, i := range standingRules(c, mi) {
		in := &c.Injects[i]
		if !slices.ContainsFunc(in.When.Refs(), func(r int) bool { return r < len(c.Metrics) }) {
			continue
		}
		d, _ := ruleEffect(c, i, mi)
		helps := d > 0 != c.Metrics[mi].GoodLow
		n := 0
		for k := range m.sess.Results {
			if slices.ContainsFunc(m.sess.Results[k].Injects, func(f sim.FiredInject) bool { return f.Inject == i }) {
				n++
			}
		}
		if helps || n > 0 {
			out = append(out, fmt.Sprintf("%s (fired in %d of %s)", ruleText(c, i, mi), n, sim.Plural(len(m.sess.Results), strings.ToLower(c.TurnLabel))))
		}
	}
	return out
}

// endValues is what end condition e reads, as it stands: "Adversary
// gains 39.60", each metric the condition reads and its value.
func (m Model) endValues(e *sim.EndInfo) string { return m.exprValues(&e.When) }

// exprValues is what expression x reads, as it stands: "Escalation 66.25,
// Peninsula defence 56.12".
func (m Model) exprValues(x *sim.Expr) string {
	c := m.sess.C
	var vs []string
	for _, r := range x.Refs() {
		if r < len(c.Metrics) {
			vs = append(vs, c.Metrics[r].Name+" "+c.FormatMetric(r, m.sess.Game.Metric(r)))
		}
	}
	return strings.Join(vs, ", ")
}

// endWarnings says, to an ally at its turn screen, which losing end
// conditions the metrics meet as things stand: now (the game ends this
// turn unless they change), or at the end if they stayed as they are. The
// why? panel said it only of the metric picked there, so a player could
// play months under "Coerced at the end" with nothing on the screen but
// an F in the grade column.
func (m Model) endWarnings() []string {
	c := m.sess.C
	if m.side < 0 || c.Sides[m.side].Adversary {
		return nil
	}
	g := m.sess.Game
	// "Worn down — Resilience < 52 at the end (Resilience 48.67)", as the
	// end screen says why; a condition too long for the panel (taiwan's
	// Coerced has three clauses) gives its title, and the why? panel has it.
	what := func(e *sim.EndInfo) string {
		if cond := endCondition(c, e); ansi.StringWidth(cond) <= 40 {
			return fmt.Sprintf("%s — %s (%s)", e.Title, cond, m.endValues(e))
		}
		return fmt.Sprintf("%s (%s)", e.Title, m.endValues(e))
	}
	// Those that hold now first, then the others by when they would.
	var out, later []string
	for i := range c.Ends {
		e := &c.Ends[i]
		if e.Success {
			continue
		}
		switch t := g.EndsFrom(i); {
		case t == 0:
		case t == g.Turn():
			out = append(out, fmt.Sprintf("⚠ Ends this %s unless it changes: %s", strings.ToLower(c.TurnLabel), what(e)))
		default:
			later = append(later, fmt.Sprintf("⚠ %s, if nothing changes: %s", m.whenEnds(t), what(e)))
		}
	}
	return append(out, later...)
}

// whenEnds says when, in turn t, a condition that holds only later would
// end the game: "In week 6" (a condition such as "turn >= 6 and …"), or
// "At the end (week 10)" on the last turn. "As things stand, the game
// ends" read as ending now, of a condition that held only from month 6.
func (m Model) whenEnds(t int) string {
	c := m.sess.C
	if t >= c.Turns {
		return fmt.Sprintf("At the end (%s %d)", strings.ToLower(c.TurnLabel), c.Turns)
	}
	return fmt.Sprintf("In %s %d", strings.ToLower(c.TurnLabel), t)
}

// otherAlly is an allied side other than the one at the screen, to stand
// for the other allies in the odds' estimate (−1 if none).
func (m Model) otherAlly() int {
	for _, a := range m.sess.C.Alliance() {
		if a != m.side {
			return a
		}
	}
	return -1
}

// scrollWindow places a window of k of n rows around row sel: the first row
// shown, and how many are hidden above and below ("↑ 2 ↓ 3").
func scrollWindow(n, sel, k int) (from int, more string) {
	from = min(max(sel-k/2, 0), n-k)
	var parts []string
	if from > 0 {
		parts = append(parts, fmt.Sprintf("↑ %d", from))
	}
	if below := n - from - k; below > 0 {
		parts = append(parts, fmt.Sprintf("↓ %d", below))
	}
	return from, strings.Join(parts, " ")
}

// leverLock says why the side at the screen cannot use lever l now (the
// engine's words), and for a lock of the escalation ladder's rung, at which
// rung it opens: "locked at rung 2 (Tension)" read as a lever locked from
// Tension up, where taiwan-strait's hotline opens at Crisis (a play
// review). short gives the rung's number alone, for a lever's row.
func (m Model) leverLock(l int, short bool) string {
	c := m.sess.C
	g := m.sess.Game
	why := g.LeverLock(m.side, l)
	locked := c.Levers[l].LockedAt
	r := g.Rung()
	if g.LeverLockKind(m.side, l) != sim.LockRung { // the side, or a requires: the rung is not the reason
		return why
	}
	open := -1 // the nearest rung without the lock, a lower one first
	for d := 1; d < len(c.Rungs) && open < 0; d++ {
		for _, k := range []int{r - d, r + d} {
			if k >= 0 && k < len(c.Rungs) && locked&(1<<k) == 0 {
				open = k
				break
			}
		}
	}
	switch {
	case open < 0:
		return why
	case short:
		return fmt.Sprintf("%s: opens at %d", why, open+1)
	case open < r:
		return fmt.Sprintf("%s: it opens again when escalation falls to rung %d (%s)", why, open+1, c.Rungs[open].Name)
	}
	return fmt.Sprintf("%s: it opens when escalation reaches rung %d (%s)", why, open+1, c.Rungs[open].Name)
}

// moveStakes says what a signalled move does if it comes, in the
// engine's words: "Simulated strikes on ports and energy sites — on
// success: Escalation +7.00, …; on failure: Escalation +3.00". The allies
// saw each move's odds and what defends against it, never what it would
// cost them: the last week of taiwan-strait was lost to a standoff at 66
// from 59 with nothing on the screen to foresee it (a play review). The
// effects are the scenario's, at its level; a move can also be clamped at
// a metric's bounds.
func (m Model) moveStakes(a *sim.ActionInfo) string {
	c := m.sess.C
	var parts []string
	if e := c.DescribeEffects(a.Success); e != "" {
		parts = append(parts, "on success: "+e)
	}
	if e := c.DescribeEffects(a.Failure); e != "" {
		parts = append(parts, "on failure: "+e)
	}
	if len(parts) == 0 {
		return ""
	}
	return a.Name + " — " + strings.Join(parts, "; ")
}

// noBluffsWhy says why adversary side, which never bluffs, does not: as
// the session has it (Session.SetWritten, sim.NoBluffsWhy), else, without
// the file at hand, by the level alone.
func (m Model) noBluffsWhy(side int) string {
	if side >= 0 && side < len(m.sess.NoBluffs) && m.sess.NoBluffs[side] != "" {
		return m.sess.NoBluffs[side]
	}
	if m.sess.Level == "" {
		return "this adversary never bluffs"
	}
	return "no bluffs in this game"
}
