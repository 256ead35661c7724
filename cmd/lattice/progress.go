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
	if now.Sub(p.last) < 100*time.Millisecond && done < total {
		return
	}
	p.last = now
	el := now.Sub(p.start).Seconds()
	rate := float64(done) / max(el, 1e-9)
	eta := "—"
	if rate > 0 && done < total {
		eta = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
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
