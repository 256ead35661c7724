package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"lattice/sim"
	"lattice/sim/batch"
	"lattice/sim/journal"
	"lattice/sim/report"
	"lattice/tui"
)

func reportFlags(fs *flag.FlagSet) {
	fs.String("format", "", "output `FORM`: md (Markdown, with text charts) or html (one self-contained page, with SVG charts) (default: html for an --out FILE ending in .html or .htm, else md)")
	fs.String("side", "", "report the game as side `ID` saw it (its own allocations, allies' visible levers, signals as its intelligence knew them)")
	fs.String("out", "", "write the report to `FILE` (atomically) instead of standard output")
	fs.Bool("force", false, "report a journal recorded by another engine version")
}

func init() {
	register(&command{
		name:    "report",
		args:    "FILE|latest [--format md|html] [--side ID] [--out FILE] [--force]",
		summary: "write the after-action report of a game journal",
		help: `Replays the game a journal records (see 'lattice run --journal') and writes its
after-action report, what a debrief needs first: the scenario, the sides and
who played them (a side the White cell gave to the computer, for which turns
and why; the turns a Red team's side had no plan and its doctrine played it),
the seed, difficulty, scenario overrides (--set) and date; the verdict (for a
game ended early, the one it would have had), the scorecard and the private
objectives; how near the game came to each end it did not reach that is not an
allied success (each metric its condition compares with a number, its last
value and the threshold); the turning points (the turns a scored metric moved
most, with their causes), the decisions that mattered most and the adversary
moves that hurt most; the scenario's debrief questions. Then the account: a
table of each turn's allocations and the metrics at its end (a side the
computer played so marked); each turn's sides not played as set up, signals,
adversary moves (succeeded or failed, with the odds and the roll; a Red team's
move its briefing called off, and why), injects and the choices made, why each
AI-played ally (a side given to the computer too) put its points where it did,
and why each scored metric that moved by 2% of its range or more moved (its
three largest causes that turn and the rest); the White-cell acts and rollbacks
recorded; why each metric moved over the game, from the provenance ledger (by
kind of cause, then its five largest causes and the rest, grouped); and a chart
of every metric. Every list of causes adds up to the change it explains.
"latest" is the newest journal in $XDG_STATE_HOME/lattice/games (named on
stderr).

--format md (the default) writes Markdown with text charts; --format html
writes one self-contained page (inline CSS and SVG, no scripts, no network),
the default for an --out FILE ending in .html or .htm.

--side ID reports the game as that side saw it, under the fog of war: its own
allocations and its allies' points on visible levers only (and the AI
allies' reasons for those; an adversary's report has none), signals as its
intelligence knew them, adversary moves once adjudicated (they are public),
and its own private objective only. Metrics are public.

An adversary's report is the Red team's debrief: after the game, each of its
signals says whether the allies' intelligence saw through it (summed up: "1
of 5 bluffs seen through by the allies' intelligence; 2 of 5 real moves
exposed"), then its own moves that
mattered most, for better or worse, with its hit rate against their odds, and
Red-side debrief questions before the scenario's, which are the allies'. How
near the game came to the ends it did not reach is in it too.

The journal of a game still in progress gives a mid-game report, marked as
such; the whole one is the White cell's (every draft, the truth about every
signal). With --side it leaves out the turn in progress, and the White
cell's decision on one of its moves is listed without the move or reason
(they would tell the side which signal is real).

A torn last record (lattice stopped while writing it) is reported with a
warning at the top. A damaged or foreign file is an error (exit 1).`,
		run:   cmdReport,
		flags: reportFlags,
	})
}

func cmdReport(ctx context.Context, e *env, args []string) int {
	c := lookup("report")
	fs := newFlags(c, e)
	format := fs.String("format", "", "")
	side := fs.String("side", "", "")
	out := fs.String("out", "", "")
	force := fs.Bool("force", false, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	noForm := false
	if *format == "" {
		// As batch's --out FILE names its form: "--out debrief.html"
		// wrote Markdown into it.
		*format = report.FormatMarkdown
		switch ext := strings.ToLower(filepath.Ext(*out)); {
		case ext == ".html" || ext == ".htm":
			*format = report.FormatHTML
		case *out != "" && ext != ".md" && ext != ".markdown" && ext != ".txt":
			noForm = true
		}
	}
	if len(pos) != 1 {
		return usageError(e, c, "give exactly one journal file")
	}
	if pos[0], code = latestArg(e, "report", pos[0]); code >= 0 {
		return code
	}
	if *format != report.FormatMarkdown && *format != report.FormatHTML {
		return usageError(e, c, "unknown --format %q: md or html", *format)
	}
	if why := outProblem(fs, *out); why != "" {
		return usageError(e, c, "%s", why)
	}
	if code := manifestOut(e, "report", *out); code >= 0 {
		return code
	}
	if *out != "" {
		// A journal is never overwritten: not by its own report either.
		in, errIn := os.Stat(pos[0])
		to, errTo := os.Stat(*out)
		if errIn == nil && errTo == nil && os.SameFile(in, to) {
			return usageError(e, c, "--out %s is the journal itself: give the report another file name", sim.Sanitize(*out, false))
		}
		// Batch rows keep their manifest beside them: the report would
		// replace the rows and leave the manifest describing them.
		if st, err := os.Stat(batch.ManifestPath(*out)); errTo == nil && err == nil && st.Mode().IsRegular() {
			fmt.Fprintf(e.stderr, "lattice report: --out %s holds a batch's output (%s is beside it): give the report another file name\n", sim.Sanitize(*out, false), sim.Sanitize(batch.ManifestPath(*out), false))
			return exitInvalid
		}
	}
	if noForm {
		noFormNote(e, "report", *out, ".md or .html", "Markdown")
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "lattice report: %s\n", journalErrorText(err, "reports"))
		return exitInvalid
	}
	j, warns, err := journal.ReadWith(pos[0], journal.ReadOptions{Force: *force})
	if err != nil {
		return fail(journalFileError(pos[0], err))
	}
	if ctx.Err() != nil {
		fmt.Fprintln(e.stderr, "lattice report: interrupted")
		return exitInterrupted
	}
	r, err := report.Build(j, warns, report.Options{Side: *side, Force: *force, Teams: tui.SavedTeams(pos[0])})
	if err != nil {
		var se *report.SideError
		if errors.As(err, &se) {
			// Invalid input, as lattice play's --side: the journal's
			// scenario has no such side.
			fmt.Fprintf(e.stderr, "lattice report: --side: %s%s\n", sim.Sanitize(se.Error(), false), sim.DidYouMean(se.Side, se.Known))
			return exitInvalid
		}
		return fail(err)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(e.stderr, "lattice report: warning: %s: %s\n", sim.Sanitize(j.Path, false), sim.Sanitize(w, false))
	}
	return writeOut(e, "report", *out, func(w *bufio.Writer) error { return r.Write(w, *format) })
}
