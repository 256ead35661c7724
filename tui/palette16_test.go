package tui

import (
	"image/color"
	"slices"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// TestSixteenColourPalette: on a terminal of 16 colours (the Linux console,
// TERM=xterm or screen) the styles use the palette's own colours, each
// readable on its background and warnings apart from failures. Converted
// from the 256-colour styles, dim text was blue on black (4: about 2:1 on
// the Linux console) and cyan on white (6), warnings were the bright red of
// failures, and a light screen's panel borders were white (15) on white.
func TestSixteenColourPalette(t *testing.T) {
	fg := func(s lipgloss.Style) color.Color { return colorprofile.ANSI.Convert(s.GetForeground()) }
	border := func(s lipgloss.Style) color.Color { return colorprofile.ANSI.Convert(s.GetBorderTopForeground()) }
	for _, c := range []struct {
		name       string
		dark       bool
		unreadable []ansi.BasicColor // on this background, for text
	}{
		{"dark", true, []ansi.BasicColor{ansi.Black, ansi.Blue, ansi.BrightBlack}},
		{"light", false, []ansi.BasicColor{ansi.White, ansi.BrightWhite, ansi.Cyan, ansi.BrightCyan, ansi.Yellow, ansi.BrightYellow}},
	} {
		s := newStyles(c.dark, true)
		texts := map[string]lipgloss.Style{"title": s.Title, "dim": s.Dim, "good": s.Good, "bad": s.Bad, "warn": s.Warn, "accent": s.Accent, "selected": s.Selected, "help key": s.HelpKey, "help description": s.HelpDesc}
		for name, st := range texts {
			got, ok := fg(st).(ansi.BasicColor)
			if !ok {
				t.Errorf("%s: %s is %v, not one of the 16 colours", c.name, name, fg(st))
				continue
			}
			for _, u := range c.unreadable {
				if got == u {
					t.Errorf("%s background: %s is colour %d", c.name, name, got)
				}
			}
		}
		if fg(s.Warn) == fg(s.Bad) {
			t.Errorf("%s: warnings and failures are both colour %v", c.name, fg(s.Bad))
		}
		invisible := []color.Color{ansi.White, ansi.BrightWhite} // on a light background
		if c.dark {
			invisible = []color.Color{ansi.Black}
		}
		if b := border(s.Panel); slices.Contains(invisible, b) {
			t.Errorf("%s: the panels' border is colour %v", c.name, b)
		}
	}

	// The game takes the palette from the profile Bubble Tea sends, and
	// keeps it when the background is told after.
	m, _ := update(t, fresh(t), tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	if got := m.styles.Dim.GetForeground(); got != color.Color(ansi.BasicColor(7)) {
		t.Fatalf("after ColorProfileMsg{ANSI} the dim text is %v, want colour 7", got)
	}
	m, _ = update(t, m, tea.BackgroundColorMsg{Color: color.White})
	if got := m.styles.Dim.GetForeground(); got != color.Color(ansi.BasicColor(8)) {
		t.Fatalf("16 colours, then a white background: the dim text is %v, want colour 8", got)
	}
	if got := m.help.Styles.ShortDesc.GetForeground(); got != color.Color(ansi.BasicColor(8)) {
		t.Fatalf("16 colours, then a white background: the key bar's words are %v, want colour 8", got)
	}
	if tc, _ := update(t, fresh(t), tea.ColorProfileMsg{Profile: colorprofile.TrueColor}); tc.styles.Dim.GetForeground() != NewStyles(true).Dim.GetForeground() {
		t.Fatal("a true-colour terminal lost the game's own colours")
	}
	con := NewConsole(nil, "console")
	con.Update(tea.ColorProfileMsg{Profile: colorprofile.ANSI})
	con.Update(tea.BackgroundColorMsg{Color: color.White})
	if got := con.styles.Dim.GetForeground(); got != color.Color(ansi.BasicColor(8)) {
		t.Fatalf("the White-cell console at 16 colours on white: the dim text is %v, want colour 8", got)
	}
}
