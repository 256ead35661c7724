package tui

import (
	"image/color"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// Styles is the interface's look, for a dark or a light background. Colour
// is never the only signal: states also carry a symbol or a word, and with
// NO_COLOR (or a terminal without colour) Bubble Tea strips the colours.
type Styles struct {
	Title, Header, Dim, Bold, Good, Bad, Warn, Accent, Border lipgloss.Style
	Panel, Focused, Dialog, Selected                          lipgloss.Style
	// HelpKey and HelpDesc draw the key bar: the text colour and a muted
	// one, each at least 4.5:1 against its background (bubbles' default
	// help colours were about 2:1 on white, and 239/237 on black).
	HelpKey, HelpDesc lipgloss.Style
	accent            color.Color
}

// Help returns the key bar's styles (bubbles/help) in the game's colours.
func (s Styles) Help() help.Styles {
	return help.Styles{
		Ellipsis:       s.HelpDesc,
		ShortKey:       s.HelpKey,
		ShortDesc:      s.HelpDesc,
		ShortSeparator: s.HelpDesc,
		FullKey:        s.HelpKey,
		FullDesc:       s.HelpDesc,
		FullSeparator:  s.HelpDesc,
	}
}

// NewStyles returns styles for a dark or light background.
func NewStyles(dark bool) Styles { return newStyles(dark, false) }

// newStyles returns styles for a dark or light background, in the 16
// colours of the terminal's palette where ansi16 (colorprofile.ANSI: the
// Linux console, TERM=xterm or screen). Converted to 16 colours, the
// palette's own went wrong: the dim text became blue on black (ESC[34m,
// about 2:1 on the Linux console) and cyan on white, warnings the same
// bright red as failures, and the light panels' borders white on white.
func newStyles(dark, ansi16 bool) Styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#1f5fbf"), lipgloss.Color("#7fb2ff"))
	good := ld(lipgloss.Color("#1a7f37"), lipgloss.Color("#5fd38a"))
	bad := ld(lipgloss.Color("#b42318"), lipgloss.Color("#ff7b72"))
	warn := ld(lipgloss.Color("#9a6700"), lipgloss.Color("#e3b341"))
	dim := ld(lipgloss.Color("#6e7781"), lipgloss.Color("#8b949e"))
	border := ld(lipgloss.Color("#afb8c1"), lipgloss.Color("#484f58"))
	text := ld(lipgloss.Color("#24292f"), lipgloss.Color("#e6edf3"))
	muted := ld(lipgloss.Color("#57606a"), lipgloss.Color("#9da7b3"))
	if ansi16 {
		// The palette's numbers: 0–7 and their bright 8–15. The light
		// terminal's yellow (3) is pale on white in most palettes: its
		// warnings are magenta. Dark dim text is the palette's light gray
		// (7), which the Linux console also uses for text: bright black
		// (8), the other choice, is 2.9:1 there.
		accent = ld(lipgloss.Color("4"), lipgloss.Color("12"))
		good = ld(lipgloss.Color("2"), lipgloss.Color("10"))
		bad = ld(lipgloss.Color("1"), lipgloss.Color("9"))
		warn = ld(lipgloss.Color("5"), lipgloss.Color("11"))
		dim = ld(lipgloss.Color("8"), lipgloss.Color("7"))
		border = lipgloss.Color("8")
		text = ld(lipgloss.Color("0"), lipgloss.Color("15"))
		muted = ld(lipgloss.Color("8"), lipgloss.Color("7"))
	}
	return Styles{
		Title:    lipgloss.NewStyle().Bold(true).Foreground(accent),
		Header:   lipgloss.NewStyle().Bold(true),
		Dim:      lipgloss.NewStyle().Foreground(dim),
		Bold:     lipgloss.NewStyle().Bold(true),
		Good:     lipgloss.NewStyle().Foreground(good),
		Bad:      lipgloss.NewStyle().Foreground(bad),
		Warn:     lipgloss.NewStyle().Foreground(warn),
		Accent:   lipgloss.NewStyle().Foreground(accent),
		Border:   lipgloss.NewStyle().Foreground(border),
		Panel:    lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1),
		Focused:  lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Dialog:   lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(accent).Padding(1, 2),
		Selected: lipgloss.NewStyle().Bold(true).Foreground(accent),
		HelpKey:  lipgloss.NewStyle().Bold(true).Foreground(text),
		HelpDesc: lipgloss.NewStyle().Foreground(muted),
		accent:   accent,
	}
}

// darkFromColorFGBG reads the background from COLORFGBG ("15;0", or
// "0;default;15"), which rxvt, Konsole and others set: ok is false when it
// does not say. A terminal that does not answer the background query (or a
// multiplexer that does not pass it on) left a light terminal with the dark
// styles: near-white keys on the key bar and pale-yellow warnings on white.
// The last field is the background colour's number in the 16-colour
// palette: 7 (white) and 9–15 (the bright ones) are light, 8 (bright black)
// and 0–6 dark.
func darkFromColorFGBG(v string) (dark, ok bool) {
	f := strings.Split(v, ";")
	if len(f) < 2 {
		return false, false
	}
	bg, err := strconv.Atoi(strings.TrimSpace(f[len(f)-1]))
	if err != nil || bg < 0 || bg > 15 {
		return false, false
	}
	return bg <= 6 || bg == 8, true
}
