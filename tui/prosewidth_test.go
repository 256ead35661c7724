package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// TestProseIsSetNarrowOnWideTerminals: at 200×60 the briefing, results and
// scorecard keep their text within maxTextWidth columns (the key line
// aside); they ran 196 columns a line.
func TestProseIsSetNarrowOnWideTerminals(t *testing.T) {
	for name, build := range map[string]func(t testing.TB) Model{
		"briefing": func(t testing.TB) Model { return press(t, fresh(t), "enter", "enter") },
		"results":  stateResults,
		"end":      func(t testing.TB) Model { return playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...)) },
	} {
		m := resize(t, build(t), 200, 60)
		lines := strings.Split(plain(m), "\n")
		for i, l := range lines[:len(lines)-1] {
			if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > maxTextWidth {
				t.Errorf("%s at 200×60: line %d is %d columns: %q", name, i+1, w, l)
			}
		}
	}
}

// TestRedTeamProseIsSetNarrow: at 200×60 the Red team's screen keeps its
// prose and its metrics table (tab) within maxTextWidth columns, below the
// header, which spans the screen: the goal and the move's text ran 198
// columns a line, the metrics' name column 173.
func TestRedTeamProseIsSetNarrow(t *testing.T) {
	m := resize(t, press(t, stateHandover(t), "enter"), 200, 60)
	for _, m := range []Model{m, press(t, m, "tab")} {
		lines := strings.Split(plain(m), "\n")
		for i, l := range lines[1 : len(lines)-1] {
			if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > maxTextWidth {
				t.Errorf("line %d is %d columns: %q", i+2, w, l)
			}
		}
	}
}

// TestChartKeepsItsSizeOnWideTerminals: at 200×60 a chart is drawn at most
// maxTextWidth+20 columns wide and maxChartHeight+1 rows high: the first
// week's two points were 186 columns apart, the plot 50 rows high.
func TestChartKeepsItsSizeOnWideTerminals(t *testing.T) {
	m := resize(t, press(t, stateResults(t), "c"), 200, 60)
	lines := strings.Split(plain(m), "\n")
	rows := 0
	for i, l := range lines {
		if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > maxTextWidth+20 {
			t.Errorf("line %d is %d columns: %q", i+1, w, l)
		}
		if strings.Contains(l, "┤") || strings.Contains(l, "┼") {
			rows++
		}
	}
	if rows == 0 || rows > maxChartHeight+1 {
		t.Errorf("the plot has %d rows, want 1 to %d:\n%s", rows, maxChartHeight+1, plain(m))
	}
}

// TestLongJournalPathStaysWhole: the end screen's prose is set 100 columns
// wide, but the journal's path, which is copied rather than read, stays on
// one line as long as the terminal has the room (set at 100 columns, a
// 130-character path was broken in two).
func TestLongJournalPathStaysWhole(t *testing.T) {
	m := playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...))
	path := "/home/a-teacher-with-a-long-name/seminars/2026/autumn/alliance-strategy/state/lattice/games/tutorial-20261128-002203.jsonl"
	m.sess.JournalPath = path
	m = press(t, resize(t, m, 200, 60), "end")
	mustShow(t, m, "  "+path)
}
