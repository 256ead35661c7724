package report

import (
	"bufio"
	"fmt"
	"io"
	"lattice/sim"
	"strings"

	"github.com/guptarohit/asciigraph"
)

// mdEscaper escapes text for Markdown: inline markup characters and the
// table separator, so that scenario and journal text reads as written.
var mdEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"|", `\|`, "#", `\#`, "\r", "", "\n", " ",
)

// md escapes s for Markdown (mdEscaper), and the characters of HTML only
// where they would make a tag, a character reference or a quote: "<"
// before a letter, "/", "!" or "?", "&" that begins a named reference (a reason
// typed as "AT&amp;T" read "AT&T"), ">" first. Elsewhere they stay as
// written, to be read in the file as well: a condition's "Cohesion < 45"
// read "Cohesion &lt; 45" there, and "R&D" "R&amp;D".
func md(s string) string {
	s = mdEscaper.Replace(sim.Sanitize(s, false))
	if !strings.ContainsAny(s, "<&>") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		next := byte(' ')
		if i+1 < len(s) {
			next = s[i+1]
		}
		letter := next >= 'a' && next <= 'z' || next >= 'A' && next <= 'Z'
		switch {
		case s[i] == '<' && (letter || strings.IndexByte("/!?", next) >= 0):
			b.WriteString("&lt;")
		case s[i] == '&' && entityAt(s[i+1:]):
			b.WriteString("&amp;")
		case s[i] == '>' && i == 0:
			b.WriteString("&gt;")
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// entityAt reports whether s begins as the rest of a named character
// reference after its "&" does: a name, then ";". (A numeric one's "#" is
// escaped already, by mdEscaper, and so breaks it.)
func entityAt(s string) bool {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9') {
		i++
	}
	return i > 0 && i < len(s) && s[i] == ';'
}

// mdBlock escapes a paragraph of text, keeping its line breaks (and so
// an author's list items). A line's indentation is dropped and a line of
// only = or - is escaped: the one made the rest of the text a code block,
// the other turned the line above it into a heading.
func mdBlock(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		l = md(strings.TrimLeft(l, " \t"))
		if t := strings.TrimSpace(l); t != "" && (strings.Trim(t, "=") == "" || strings.Trim(t, "-") == "") {
			l = `\` + l
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// Markdown writes the report in Markdown, with text charts in code fences.
func (r *Report) Markdown(out io.Writer) error {
	w := bufio.NewWriter(out)
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	title := r.heading()
	p("# %s\n\n", md(title))
	for _, wn := range r.Warnings {
		p("> **Warning:** %s\n", md(wn))
	}
	if len(r.Warnings) > 0 {
		p("\n")
	}
	if r.Summary != "" {
		p("%s\n\n", mdBlock(r.Summary))
	}
	if r.ProgressNote != "" {
		p("> **%s**\n\n", md(r.ProgressNote))
	}
	if r.Perspective != "" {
		p("%s\n\n", md(r.PerspectiveNote))
	}
	p("- Scenario: %s (`%s`)\n", md(r.Title), strings.ReplaceAll(r.ScenarioID, "`", ""))
	p("- Seed: %d\n", r.Seed)
	diff := r.Difficulty
	if diff == "" {
		diff = "normal"
	}
	p("- Difficulty: %s\n", md(diff))
	if len(r.Overrides) == 0 {
		p("- Scenario overrides (--set): none\n")
	} else {
		var o []string
		for _, kv := range r.Overrides {
			o = append(o, md(kv))
		}
		p("- Scenario overrides (--set): %s\n", strings.Join(o, ", "))
	}
	if n := len(r.WhiteCell); n > 0 {
		p("- White-cell acts and rollbacks: %d (under White cell)\n", n)
	}
	p("- Date: %s (lattice %s, engine %s)\n\n", md(r.Created), md(r.Lattice), md(r.Engine))

	p("## Sides\n\n| Side | Team | Played by |\n|---|---|---|\n")
	for _, s := range r.Sides {
		p("| %s | %s | %s |\n", md(s.Name), md(s.Team), md(s.Player))
	}
	p("\n")

	p("## Verdict\n\n")
	if r.Verdict.Over {
		outcome := "not an allied success"
		if r.Verdict.Success {
			outcome = "allied success"
		}
		p("**%s** (%s, after %d of %d %ss)\n\n", md(r.Verdict.Title), outcome, r.Verdict.After, r.Verdict.OfTurns, md(strings.ToLower(r.TurnLabel)))
		if r.Verdict.Text != "" {
			p("%s\n\n", mdBlock(r.Verdict.Text))
		}
	} else if r.Verdict.WhiteCell != "" {
		p("**Ended by the White cell** (after %d of %d %ss)\n\n%s\n\n", r.Verdict.After, r.Verdict.OfTurns, md(strings.ToLower(r.TurnLabel)), md(r.Verdict.WhiteCell))
	} else {
		p("The game was not finished: %d of %d %ss played.\n\n", r.Verdict.After, r.Verdict.OfTurns, md(strings.ToLower(r.TurnLabel)))
	}
	if r.Verdict.IfLast != "" {
		p("%s\n\n", md(r.IfLastSentence()))
	}
	if len(r.Scorecard) > 0 {
		p("### Scorecard\n\n| Metric | Value | Grade |\n|---|---|---|\n")
		for _, g := range r.Scorecard {
			p("| %s | %s | %s |\n", md(g.Metric), g.Value, g.Grade)
		}
		p("\n")
	}
	if len(r.Objectives) > 0 {
		p("### Private objectives\n\n")
		for _, o := range r.Objectives {
			met := "missed"
			if o.Met {
				met = "met"
			}
			if o.SoFar {
				met += " so far"
			}
			p("- %s: %s — **%s**\n", md(o.Side), md(o.Objective), met)
		}
		p("\n")
	}

	impacts := func(head, what string, items []string) {
		if len(items) == 0 {
			return
		}
		p("### %s\n\n%s\n\n", head, what)
		for _, it := range items {
			p("- %s\n", md(it))
		}
		p("\n")
	}
	if len(r.NearEnds) > 0 {
		p("### Ends not reached\n\n%s\n\n", md(NearEndsNote))
		for _, it := range r.NearEnds {
			p("- %s\n", md(it))
		}
		p("\n")
	}
	impacts("Turning points", r.TurningNote(), r.TurningPoints)
	if d := r.Red; d != nil {
		p("### %s signals\n\n%s\n\n", md(sim.Possessive(d.Side)), md(d.Seen))
		p("### %s moves that mattered most\n\n%s\n\n", md(sim.Possessive(d.Side)), md(d.HitRate))
		lines := d.MoveLines()
		if len(lines) > 0 {
			p("%s\n\n", md(RedMovesNote(d.Side)))
			for _, it := range lines {
				p("- %s\n", md(it))
			}
			p("\n")
		}
	}
	impacts("Decisions that mattered most", r.DecisionsNote(), r.KeyDecisionLines())
	impacts("Adversary moves that hurt most", MovesNote, r.KeyMoves)

	if r.Red != nil {
		p("## Debrief\n\nFor the Red team:\n\n")
		for i, q := range r.Red.Questions {
			p("%d. %s\n", i+1, md(q))
		}
		p("\n")
		if len(r.Debrief) > 0 {
			p("%s\n\n", md(RedDebriefNote))
		}
	} else if len(r.Debrief) > 0 {
		p("## Debrief\n\n")
	}
	if len(r.Debrief) > 0 {
		for i, q := range r.Debrief {
			p("%d. %s\n", i+1, md(q))
		}
		p("\n")
	}
	p("## %ss\n\n", md(r.TurnLabel))
	heads := []string{md(r.TurnLabel)}
	for _, h := range r.AllocHeads {
		heads = append(heads, md(h))
	}
	for _, h := range r.MetricHeads {
		heads = append(heads, md(h))
	}
	p("| %s |\n|%s\n", strings.Join(heads, " | "), strings.Repeat("---|", len(heads)))
	for _, t := range r.Turns {
		cells := []string{fmt.Sprint(t.N)}
		for _, a := range t.Alloc {
			cells = append(cells, md(a))
		}
		cells = append(cells, t.Metrics...)
		p("| %s |\n", strings.Join(cells, " | "))
	}
	if len(r.Turns) == 0 {
		p("\nNo %s was played.\n", md(strings.ToLower(r.TurnLabel)))
	} else {
		p("\n%s\n", md(r.AccountNote()))
	}
	p("\n")
	for _, t := range r.Turns {
		p("### %s %d\n\n", md(r.TurnLabel), t.N)
		list := func(head string, items []string, none string) {
			p("%s:", head)
			if len(items) == 0 {
				p(" %s\n\n", none)
				return
			}
			p("\n\n")
			for _, it := range items {
				p("- %s\n", md(it))
			}
			p("\n")
		}
		if len(t.Played) > 0 {
			list("Not played as set up", t.Played, "")
		}
		list("Signals", t.Signals, "none")
		list("Adversary moves", t.Moves, "none")
		list("Injects and choices", t.Injects, "none")
		if len(t.AIWhy) > 0 {
			list("Why the AI allocated as it did", t.AIWhy, "")
		}
		var why []string
		for _, mc := range t.Why {
			why = append(why, mc.TurnLine())
		}
		list(WhyHead, why, WhyNone)
	}

	p("## White cell\n\n")
	if len(r.WhiteCell) == 0 {
		p("No white-cell acts or rollbacks.\n\n")
	} else {
		for _, s := range r.WhiteCell {
			p("- %s\n", md(s))
		}
		p("\n")
	}

	p("## Why the metrics moved\n\n%s\n\n", md(CausesNote))
	for _, mc := range r.Causes {
		p("### %s (%s, %s)\n\n", md(mc.Metric), md(mc.Change), mc.Net)
		if len(mc.Causes) == 0 {
			p("No change.\n\n")
			continue
		}
		if mc.ByKind != "" {
			p("By kind of cause: %s.\n\n", md(mc.ByKind))
		}
		for _, x := range mc.Causes {
			p("- %s %s\n", md(x.Name), x.Delta)
		}
		p("\n")
	}

	p("## Charts\n\n")
	for _, s := range r.Series {
		p("### %s\n\n```text\n%s\n```\n\n", md(s.Name), chart(s))
	}

	p("---\n\n*%s*\n", md(Reminder))
	return w.Flush()
}

// Reminder ends every report.
const Reminder = "This was an exercise, not a forecast: the numbers are illustrative, and the game shows how choices interact, not what will happen."

// chart draws a series as a text chart.
func chart(s Series) string {
	vals := s.Values
	if len(vals) == 1 {
		vals = []float64{vals[0], vals[0]}
	}
	g := asciigraph.Plot(vals, asciigraph.Height(8), asciigraph.Precision(2), asciigraph.Width(4*len(vals)))
	// A chart must not end a fence early.
	return strings.ReplaceAll(g, "```", "'''")
}
