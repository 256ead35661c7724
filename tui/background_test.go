package tui

import (
	"image/color"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestDarkFromColorFGBG(t *testing.T) {
	for v, want := range map[string]struct{ dark, ok bool }{
		"15;0":         {true, true},
		"0;15":         {false, true},
		"0;7":          {false, true},
		"7;8":          {true, true},
		"0;default;15": {false, true},
		"15;default;0": {true, true},
		"12;4":         {true, true},
		"0;11":         {false, true},
		"":             {false, false},
		"15":           {false, false},
		"15;default":   {false, false},
		"0;255":        {false, false},
		"0;-1":         {false, false},
	} {
		dark, ok := darkFromColorFGBG(v)
		if ok != want.ok || ok && dark != want.dark {
			t.Errorf("darkFromColorFGBG(%q) = %v, %v; want %v, %v", v, dark, ok, want.dark, want.ok)
		}
	}
}

// TestColorFGBGPicksTheStyles: a light terminal that does not answer the
// background query (or a multiplexer that does not pass it on) but sets
// COLORFGBG gets the light styles: it got the dark ones, whose key bar is
// near-white (#e6edf3) and whose warnings are pale yellow, on white. The
// terminal's answer, when it comes, decides, whichever arrives first.
func TestColorFGBGPicksTheStyles(t *testing.T) {
	lightKey := NewStyles(false).HelpKey.GetForeground()
	darkKey := NewStyles(true).HelpKey.GetForeground()
	isLight := func(m Model) bool {
		return !m.dark && m.help.Styles.ShortKey.GetForeground() == lightKey && m.styles.Warn.GetForeground() == NewStyles(false).Warn.GetForeground()
	}
	isDark := func(m Model) bool {
		return m.dark && m.help.Styles.ShortKey.GetForeground() == darkKey
	}
	env := func(v string) tea.EnvMsg { return tea.EnvMsg{"TERM=rxvt-unicode-256color", "COLORFGBG=" + v} }

	m := fresh(t)
	if !isDark(m) {
		t.Fatal("before any message the styles are not the dark ones")
	}
	light, _ := update(t, m, env("0;default;15"))
	if !isLight(light) {
		t.Fatal("COLORFGBG=0;default;15 (black on white) did not give the light styles")
	}
	if dark, _ := update(t, light, tea.BackgroundColorMsg{Color: color.Black}); !isDark(dark) {
		t.Fatal("the terminal's answer (black) after COLORFGBG did not give the dark styles")
	}
	answered, _ := update(t, m, tea.BackgroundColorMsg{Color: color.Black})
	if after, _ := update(t, answered, env("0;15")); !isDark(after) {
		t.Fatal("COLORFGBG after the terminal's answer (black) overrode it")
	}
	if same, _ := update(t, m, tea.EnvMsg{"TERM=xterm"}); !isDark(same) {
		t.Fatal("an environment without COLORFGBG changed the styles")
	}

	con := NewConsole(nil, "console")
	con.Update(env("0;15"))
	if con.styles.HelpKey.GetForeground() != lightKey {
		t.Fatal("the White-cell console did not take the light styles from COLORFGBG")
	}
}
