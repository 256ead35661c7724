package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/progress"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"lattice/sim"
)

// progressBar draws a bubbles progress bar with runs/s and ETA on a
// terminal's stderr, redrawing at most ten times a second. It draws nothing
// when stderr is not a terminal. No tea.Program is involved: the bar is
// rendered with ViewAs and written through a colour-profile writer, which
// honours NO_COLOR and the terminal's colour support.
type progressBar struct {
	enabled bool
	w       io.Writer
	bar     progress.Model
	cols    func() int // the terminal's columns, 0 if not known
	start   time.Time
	last    time.Time
	drawn   bool
	// ends are the runs done when each arm is done (cumulative), where the
	// runs come arm by arm (withArms), and weights each arm's cost per run
	// relative to the others' (armWeight); arm is the arm under way, begun
	// at armStart with armDone0 runs done, for an ETA from its own speed.
	ends     []int
	weights  []float64
	arm      int
	armStart time.Time
	armDone0 int
}

// withArms says that the runs come arm by arm, ends[k] of them done when
// arm k is, each run of arm k costing about weights[k] (nil: alike): the
// ETA then weighs the arm under way at its own speed and the arms after it
// by their weights (a batch of balanced and lookahead said "ETA 0s" with
// most of its time to go, lookahead's runs priced at balanced's).
func (p *progressBar) withArms(ends []int, weights []float64) *progressBar {
	p.ends, p.weights, p.armStart = ends, weights, p.start
	return p
}

// lookaheadWeight is about what a run costs per ally the lookahead policy
// plays, against a run of fixed-weight policies: it plays 32 imagined games
// a turn (taiwan-strait: ~90 µs of CPU a run of balanced, ~12 ms of
// lookahead for its two allies). Once an arm has runs done, its own speed
// prices it.
const lookaheadWeight = 60

// armWeight is a run's cost in an arm whose sides play pols, against a run
// of fixed-weight policies: 1, and lookaheadWeight more per ally played by
// lookahead.
func armWeight(pols []sim.Policy) float64 {
	w := 1.0
	for _, p := range pols {
		if _, ok := p.(sim.Lookahead); ok {
			w += lookaheadWeight
		}
	}
	return w
}

// armEnds returns the ends withArms takes for arms arms of runs runs
// each, of which a shard plays every shards-th run from shard (runs are
// numbered arm by arm): the shard's runs done when each arm is.
func armEnds(arms, runs, shard, shards int) []int {
	shards = max(shards, 1)
	ends := make([]int, arms)
	for k := range ends {
		// The shard's runs i with shard + i×shards below (k+1)×runs.
		ends[k] = max(0, ((k+1)*runs-shard+shards-1)/shards)
	}
	return ends
}

// armUnderWay returns the arm under way with done runs done: the first whose
// end is beyond done.
func armUnderWay(ends []int, done int) int {
	for k, e := range ends {
		if done < e {
			return k
		}
	}
	return len(ends)
}

// estimate returns the seconds left with done of total runs done in el
// seconds: the runs left of the arm under way (armDone runs of it done in
// armEl seconds) at its own speed, and those of the arms after it at the
// batch's speed so far per unit of weight (weights[k] per run of arm k;
// nil weighs every run alike). Without ends (runs not arm by arm), every
// run left is priced at the batch's speed; before the arm under way has a
// run done, its runs are priced by their weight as later arms' are.
func estimate(done, total int, el float64, ends []int, weights []float64, armDone int, armEl float64) (float64, bool) {
	if done <= 0 || el <= 0 {
		return 0, false
	}
	k := armUnderWay(ends, done)
	if len(ends) == 0 || k >= len(ends) {
		return float64(total-done) * el / float64(done), true
	}
	weight := func(j int) float64 {
		if j < len(weights) && weights[j] > 0 {
			return weights[j]
		}
		return 1
	}
	// The weight of the runs done, and of those left after the arm under
	// way, arm by arm.
	var doneW, laterW float64
	prev := 0
	for j, e := range ends {
		e = min(e, total)
		switch {
		case j < k:
			doneW += float64(e-prev) * weight(j)
		case j == k:
			doneW += float64(done-prev) * weight(j)
		default:
			laterW += float64(e-prev) * weight(j)
		}
		prev = e
	}
	unit := el / doneW // seconds a unit of weight
	end := min(ends[k], total)
	cur := weight(k) * unit
	if armDone > 0 && armEl > 0 {
		cur = armEl / float64(armDone)
	}
	return float64(end-done)*cur + laterW*unit, true
}

func newProgress(stderr io.Writer, getenv func(string) string) *progressBar {
	p := &progressBar{start: time.Now()}
	if !isTerminal(stderr) || getenv("CI") != "" {
		return p
	}
	p.enabled = true
	p.w = colorprofile.NewWriter(stderr, os.Environ())
	p.bar = progress.New(progress.WithWidth(30), progress.WithoutPercentage())
	p.cols = func() int { return terminalWidth(stderr) }
	return p
}

func (p *progressBar) update(done, total int) {
	if !p.enabled || total == 0 {
		return
	}
	now := time.Now()
	if k := armUnderWay(p.ends, done); k != p.arm {
		p.arm, p.armStart, p.armDone0 = k, now, done
	}
	if now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := float64(done) / max(el, 1e-9)
	eta := "—"
	if secs, ok := estimate(done, total, el, p.ends, p.weights, done-p.armDone0, now.Sub(p.armStart).Seconds()); ok && done < total {
		eta = (time.Duration(secs * float64(time.Second))).Round(time.Second).String()
	}
	text := fmt.Sprintf(" %3.0f%%  %d/%d runs  %.0f runs/s  ETA %s", 100*float64(done)/float64(total), done, total, rate, eta)
	// The line must stay short of the terminal's last column: a line that
	// wraps is not redrawn by \r, and each update left a line behind (a
	// million runs at 80 columns, any batch at 60). The bar gives way first.
	cols := p.cols()
	if cols <= 0 {
		cols = 80
	}
	bar := ""
	if room := cols - 1 - utf8.RuneCountInString(text); room >= 10 {
		p.bar.SetWidth(min(30, room))
		bar = p.bar.ViewAs(float64(done) / float64(total))
		if cw, ok := p.w.(*colorprofile.Writer); ok && cw.Profile <= colorprofile.ASCII {
			// The writer takes the colours out but leaves their resets, a
			// bare \x1b[m in every cell under NO_COLOR.
			bar = ansi.Strip(bar)
		}
	} else {
		text = strings.TrimPrefix(text, " ")
		if r := []rune(text); len(r) > cols-1 {
			text = string(r[:max(cols-1, 0)])
		}
	}
	fmt.Fprintf(p.w, "\r%s%s\x1b[K", bar, text)
	p.drawn = true
}

func (p *progressBar) finish() {
	if p.enabled && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func mustJSON(v any) []byte {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err) // only our own types are encoded here
	}
	return append(b, '\n')
}
