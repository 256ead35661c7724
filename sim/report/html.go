package report

import (
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"lattice/sim"
)

// svgChart is one metric's inline SVG line chart, its geometry precomputed.
type svgChart struct {
	Name        string
	Points      string // polyline points
	Dots        []svgDot
	Max, Min    string
	XTicks      []svgTick
	W, H        int
	Left, Right int
	Top, Bottom int
	Desc        string
}

type svgDot struct {
	X, Y  string
	Title string
}

type svgTick struct {
	X, Y  string
	Label string
}

const (
	chartW, chartH       = 360, 140
	chartLeft, chartRgt  = 48, 12
	chartTop, chartBotto = 10, 24
)

func ff(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func makeChart(s Series, label string) svgChart {
	ch := svgChart{Name: s.Name, W: chartW, H: chartH, Left: chartLeft, Right: chartW - chartRgt, Top: chartTop, Bottom: chartH - chartBotto}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range s.Values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if hi-lo < 1e-9 {
		lo, hi = lo-1, hi+1
	}
	ch.Min, ch.Max = strconv.FormatFloat(lo, 'f', 2, 64), strconv.FormatFloat(hi, 'f', 2, 64)
	n := len(s.Values)
	span := float64(ch.Right - ch.Left)
	x := func(i int) float64 {
		if n <= 1 {
			return float64(ch.Left)
		}
		return float64(ch.Left) + span*float64(i)/float64(n-1)
	}
	y := func(v float64) float64 {
		return float64(ch.Bottom) - float64(ch.Bottom-ch.Top)*(v-lo)/(hi-lo)
	}
	var pts []string
	var desc []string
	for i, v := range s.Values {
		pts = append(pts, ff(x(i))+","+ff(y(v)))
		t := "start"
		if i > 0 {
			t = label + " " + strconv.Itoa(i)
		}
		val := strconv.FormatFloat(v, 'f', 2, 64)
		ch.Dots = append(ch.Dots, svgDot{X: ff(x(i)), Y: ff(y(v)), Title: t + ": " + val})
		ch.XTicks = append(ch.XTicks, svgTick{X: ff(x(i)), Y: strconv.Itoa(chartH - 8), Label: strconv.Itoa(i)})
		desc = append(desc, t+" "+val)
	}
	ch.Points = strings.Join(pts, " ")
	ch.Desc = s.Name + ": " + strings.Join(desc, ", ")
	return ch
}

type htmlData struct {
	*Report
	Heading    string
	Charts     []svgChart
	Reminder   string
	MovesNote  string
	TurnLower  string
	Difficulty string
	CausesNote string
	WhyHead    string
	WhyNone    string
	// A Red team's report: the side's name as a possessive, the notes of
	// its sections.
	RedPossessive, RedMovesNote, RedDebriefNote string
	NearEndsNote                                string
}

var funcs = template.FuncMap{
	"lines": func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	"inc":   func(i int) int { return i + 1 },
}

var htmlTmpl = template.Must(template.New("report").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Heading}}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1b1f24; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid #ccd; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #ccd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.warning { background: #fff4d6; border-left: 4px solid #d99a00; padding: .5rem 1rem; margin: .5rem 0; }
.note { color: #4a5361; font-style: italic; }
tr.rest td { font-style: italic; }
.success { color: #1a7f37; font-weight: bold; } .failure { color: #b3261e; font-weight: bold; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; } figcaption { font-weight: bold; font-size: .9rem; }
svg { background: #fafbfc; border: 1px solid #dde; }
svg polyline { fill: none; stroke: #2f5fa8; stroke-width: 2; }
svg circle { fill: #2f5fa8; }
svg line { stroke: #99a; stroke-width: 1; }
svg text { font-size: 10px; fill: #4a5361; font-family: system-ui, sans-serif; }
footer { margin-top: 2rem; border-top: 1px solid #ccd; padding-top: .5rem; }
@media print { body { max-width: none; margin: 0; font-size: 10pt; } h2, h3 { break-after: avoid; } table, figure, li { break-inside: avoid; } svg { background: none; } }
</style>
</head>
<body>
<h1>{{.Heading}}</h1>
{{range .Warnings}}<p class="warning"><strong>Warning:</strong> {{.}}</p>
{{end}}{{if .Summary}}<p>{{.Summary}}</p>
{{end}}{{if .ProgressNote}}<p class="warning"><strong>{{.ProgressNote}}</strong></p>
{{end}}{{if .Perspective}}<p class="note">{{.PerspectiveNote}}</p>
{{end}}<ul>
<li>Scenario: {{.Title}} (<code>{{.ScenarioID}}</code>)</li>
<li>Seed: {{.Seed}}</li>
<li>Difficulty: {{.Difficulty}}</li>
<li>Scenario overrides (--set): {{if .Overrides}}{{range $i, $o := .Overrides}}{{if $i}}, {{end}}<code>{{$o}}</code>{{end}}{{else}}none{{end}}</li>
{{if .WhiteCell}}<li>White-cell acts and rollbacks: {{len .WhiteCell}} (under White cell)</li>
{{end}}<li>Date: {{.Created}} (lattice {{.Lattice}}, engine {{.Engine}})</li>
</ul>
<h2>Sides</h2>
<table>
<tr><th>Side</th><th>Team</th><th>Played by</th></tr>
{{range .Sides}}<tr><td>{{.Name}}</td><td>{{.Team}}</td><td>{{.Player}}</td></tr>
{{end}}</table>
<h2>Verdict</h2>
{{if .Verdict.Over}}<p><strong>{{.Verdict.Title}}</strong> ({{if .Verdict.Success}}<span class="success">allied success</span>{{else}}<span class="failure">not an allied success</span>{{end}}, after {{.Verdict.After}} of {{.Verdict.OfTurns}} {{.TurnLower}}s)</p>
{{range lines .Verdict.Text}}{{if .}}<p>{{.}}</p>
{{end}}{{end}}{{else if .Verdict.WhiteCell}}<p><strong>Ended by the White cell</strong> (after {{.Verdict.After}} of {{.Verdict.OfTurns}} {{.TurnLower}}s)</p>
<p>{{.Verdict.WhiteCell}}</p>
{{else}}<p>The game was not finished: {{.Verdict.After}} of {{.Verdict.OfTurns}} {{.TurnLower}}s played.</p>
{{end}}{{if .Verdict.IfLast}}<p>{{.IfLastSentence}}</p>
{{end}}{{if .Scorecard}}<h3>Scorecard</h3>
<table>
<tr><th>Metric</th><th>Value</th><th>Grade</th></tr>
{{range .Scorecard}}<tr><td>{{.Metric}}</td><td class="num">{{.Value}}</td><td>{{.Grade}}</td></tr>
{{end}}</table>
{{end}}{{if .Objectives}}<h3>Private objectives</h3>
<ul>
{{range .Objectives}}<li>{{.Side}}: {{.Objective}} — {{if .Met}}<span class="success">met{{if .SoFar}} so far{{end}}</span>{{else}}<span class="failure">missed{{if .SoFar}} so far{{end}}</span>{{end}}</li>
{{end}}</ul>
{{end}}{{if .NearEnds}}<h3>Ends not reached</h3>
<p>{{$.NearEndsNote}}</p>
<ul>
{{range .NearEnds}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{if .TurningPoints}}<h3>Turning points</h3>
<p>{{.TurningNote}}</p>
<ul>
{{range .TurningPoints}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{with .Red}}<h3>{{$.RedPossessive}} signals</h3>
<p>{{.Seen}}</p>
<h3>{{$.RedPossessive}} moves that mattered most</h3>
<p>{{.HitRate}}</p>
{{if .Moves}}<p>{{$.RedMovesNote}}</p>
<ul>
{{range .MoveLines}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{end}}{{if .KeyDecisions}}<h3>Decisions that mattered most</h3>
<p>{{.DecisionsNote}}</p>
<ul>
{{range .KeyDecisionLines}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{if .KeyMoves}}<h3>Adversary moves that hurt most</h3>
<p>{{.MovesNote}}</p>
<ul>
{{range .KeyMoves}}<li>{{.}}</li>
{{end}}</ul>
{{end}}{{with .Red}}<h2>Debrief</h2>
<p>For the Red team:</p>
<ol>
{{range .Questions}}<li>{{.}}</li>
{{end}}</ol>
{{if $.Debrief}}<p>{{$.RedDebriefNote}}</p>
{{end}}{{else}}{{if .Debrief}}<h2>Debrief</h2>
{{end}}{{end}}{{if .Debrief}}<ol>
{{range .Debrief}}<li>{{.}}</li>
{{end}}</ol>
{{end}}<h2>{{.TurnLabel}}s</h2>
<table>
<tr><th>{{.TurnLabel}}</th>{{range .AllocHeads}}<th>{{.}}</th>{{end}}{{range .MetricHeads}}<th>{{.}}</th>{{end}}</tr>
{{range .Turns}}<tr><td class="num">{{.N}}</td>{{range .Alloc}}<td>{{.}}</td>{{end}}{{range .Metrics}}<td class="num">{{.}}</td>{{end}}</tr>
{{end}}</table>
{{if not .Turns}}<p>No {{.TurnLower}} was played.</p>
{{else}}<p>{{.AccountNote}}</p>
{{end}}{{range .Turns}}<h3>{{$.TurnLabel}} {{.N}}</h3>
{{if .Played}}<p>Not played as set up:</p>
<ul>{{range .Played}}<li>{{.}}</li>{{end}}</ul>
{{end}}<p>Signals:{{if not .Signals}} none{{end}}</p>
{{if .Signals}}<ul>{{range .Signals}}<li>{{.}}</li>{{end}}</ul>
{{end}}<p>Adversary moves:{{if not .Moves}} none{{end}}</p>
{{if .Moves}}<ul>{{range .Moves}}<li>{{.}}</li>{{end}}</ul>
{{end}}<p>Injects and choices:{{if not .Injects}} none{{end}}</p>
{{if .Injects}}<ul>{{range .Injects}}<li>{{.}}</li>{{end}}</ul>
{{end}}{{if .AIWhy}}<p>Why the AI allocated as it did:</p>
<ul>{{range .AIWhy}}<li>{{.}}</li>{{end}}</ul>
{{end}}<p>{{$.WhyHead}}:{{if not .Why}} {{$.WhyNone}}{{end}}</p>
{{if .Why}}<ul>{{range .Why}}<li>{{.TurnLine}}</li>{{end}}</ul>
{{end}}{{end}}<h2>White cell</h2>
{{if .WhiteCell}}<ul>
{{range .WhiteCell}}<li>{{.}}</li>
{{end}}</ul>
{{else}}<p>No white-cell acts or rollbacks.</p>
{{end}}<h2>Why the metrics moved</h2>
<p>{{.CausesNote}}</p>
{{range .Causes}}<h3>{{.Metric}} ({{.Change}}, {{.Net}})</h3>
{{if .ByKind}}<p>By kind of cause: {{.ByKind}}.</p>
{{end}}{{if .Causes}}<table>
<tr><th>Cause</th><th>Change</th></tr>
{{range .Causes}}<tr{{if .Rest}} class="rest"{{end}}><td>{{.Name}}</td><td class="num">{{.Delta}}</td></tr>
{{end}}<tr><th>Change over the game</th><th class="num">{{.Net}}</th></tr>
</table>
{{else}}<p>No change.</p>
{{end}}{{end}}<h2>Charts</h2>
<div class="charts">
{{range .Charts}}<figure>
<figcaption>{{.Name}}</figcaption>
<svg width="{{.W}}" height="{{.H}}" viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.Desc}}">
<line x1="{{.Left}}" y1="{{.Top}}" x2="{{.Left}}" y2="{{.Bottom}}"/>
<line x1="{{.Left}}" y1="{{.Bottom}}" x2="{{.Right}}" y2="{{.Bottom}}"/>
<text x="{{.Left}}" y="{{.Top}}" dx="-4" dy="4" text-anchor="end">{{.Max}}</text>
<text x="{{.Left}}" y="{{.Bottom}}" dx="-4" text-anchor="end">{{.Min}}</text>
{{range .XTicks}}<text x="{{.X}}" y="{{.Y}}" text-anchor="middle">{{.Label}}</text>
{{end}}<polyline points="{{.Points}}"/>
{{range .Dots}}<circle cx="{{.X}}" cy="{{.Y}}" r="3"><title>{{.Title}}</title></circle>
{{end}}</svg>
</figure>
{{end}}</div>
<footer><p class="note">{{.Reminder}}</p></footer>
</body>
</html>
`))

// HTML writes the report as one self-contained HTML page: inline CSS and
// SVG charts, no scripts, no external resources. Every text is escaped.
func (r *Report) HTML(w io.Writer) error {
	d := htmlData{Report: r, Reminder: Reminder, MovesNote: MovesNote, TurnLower: strings.ToLower(r.TurnLabel), Difficulty: r.Difficulty, CausesNote: CausesNote, WhyHead: WhyHead, WhyNone: WhyNone}
	if d.Difficulty == "" {
		d.Difficulty = "normal"
	}
	d.Heading = r.heading()
	d.NearEndsNote, d.RedDebriefNote = NearEndsNote, RedDebriefNote
	if r.Red != nil {
		d.RedPossessive, d.RedMovesNote = sim.Possessive(r.Red.Side), RedMovesNote(r.Red.Side)
	}
	for _, s := range r.Series {
		d.Charts = append(d.Charts, makeChart(s, r.TurnLabel))
	}
	return htmlTmpl.Execute(w, d)
}
