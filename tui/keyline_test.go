package tui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
)

// TestNarrowKeyLineKeepsHelpAndQuit: where the key line is wider than the
// terminal (the turn screen's stacked layout from 60 columns, the text
// screens from 40), keys are left out from the right, but "q quit" and
// enter's key stay, and "? help" from 60 columns: the line was cut at its
// end ("… • c chart…" at 60×20), and the keys that say how to leave went
// first.
func TestNarrowKeyLineKeepsHelpAndQuit(t *testing.T) {
	var states []struct {
		name  string
		build func(t testing.TB) Model
	}
	states = append(states, screenStates...)
	states = append(states, extraStates...)
	lastLine := func(m Model) string {
		lines := strings.Split(plain(m), "\n")
		return lines[len(lines)-1]
	}
	for _, st := range states {
		wide := st.build(t)
		if wide.fullHelp {
			continue
		}
		ref := lastLine(resize(t, wide, 200, 24))
		var must []string
		for _, k := range []string{"? help", "q quit", "q leave"} {
			if strings.Contains(ref, k) {
				must = append(must, k)
			}
		}
		if i := strings.Index(ref, "enter "); i >= 0 {
			must = append(must, strings.TrimSpace(strings.SplitN(ref[i:], "•", 2)[0]))
		}
		for _, w := range []int{40, 50, 60, 65, 70, 75, 79} {
			m := resize(t, wide, w, 24)
			if m.tooSmall() {
				continue
			}
			got := lastLine(m)
			for _, k := range must {
				if k == "? help" && w < 60 {
					continue // below the turn screen's minimum the arrows' key comes before it
				}
				if !strings.Contains(got, k) {
					t.Errorf("%s at %d columns: the key line %q lacks %q (at 200: %q)", st.name, w, got, k, ref)
				}
			}
			if strings.HasSuffix(strings.TrimRight(got, " "), "…") && len(must) > 0 {
				t.Errorf("%s at %d columns: the key line is cut: %q", st.name, w, got)
			}
		}
	}
}

// TestEndKeyLineOffersHelp: the end screen's key line has ? (which lists
// pgdn, pgup, home and end, its other keys: neither they nor ? were on the
// screen) and keeps c at 80 columns, where "(new seed)" gives way first.
func TestEndKeyLineOffersHelp(t *testing.T) {
	end := playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...))
	lastLine := func(m Model) string {
		lines := strings.Split(plain(m), "\n")
		return lines[len(lines)-1]
	}
	if got := lastLine(end); got != "↑/↓ scroll • n play again • s another scenario • c charts • ? help • q quit" {
		t.Errorf("at 80 columns the end's key line is %q", got)
	}
	if got := lastLine(resize(t, end, 120, 40)); !strings.Contains(got, "n play again (new seed) • s another scenario • c charts • ? help • q quit") {
		t.Errorf("at 120 columns the end's key line is %q", got)
	}
	mustShow(t, press(t, end, "?"), "pgdn/space", "pgup/b", "home/g", "end/G")
}

// TestNarrowKeyLineKeepsTheWayBack: at 60 columns, with the metrics
// focused, the key line keeps tab (back to the allocation) and leaves out
// c and pgdn, which ? and the why? panel name: it kept "pgdn more" and left
// out "tab allocation", the way back. With the events focused, enter's
// "to allocation" is the way back.
func TestNarrowKeyLineKeepsTheWayBack(t *testing.T) {
	lastLine := func(m Model) string {
		lines := strings.Split(plain(m), "\n")
		return lines[len(lines)-1]
	}
	turn := resize(t, press(t, fresh(t), toTurn1Solo...), 60, 20)
	for name, c := range map[string]struct {
		keys      []string
		want, not []string
	}{
		"metrics": {[]string{"tab", "tab"}, []string{"tab allocation", "? help", "q quit"}, []string{"pgdn"}},
		"events":  {[]string{"tab"}, []string{"enter to allocation", "? help", "q quit"}, nil},
	} {
		got := lastLine(press(t, turn, c.keys...))
		for _, want := range c.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s focused at 60×20: the key line %q lacks %q", name, got, want)
			}
		}
		for _, not := range c.not {
			if strings.Contains(got, not) {
				t.Errorf("%s focused at 60×20: the key line %q has %q", name, got, not)
			}
		}
	}
}

// TestShortWidthIsTheHelpLines: shortWidth, which decides whether the key
// line needs fitting, is the width bubbles/help draws it at, uncut, in
// every context.
func TestShortWidthIsTheHelpLines(t *testing.T) {
	h := help.New()
	h.Styles = NewStyles(true).Help()
	for ctx := ctxTurn; ctx <= ctxAdviser; ctx++ {
		for _, variant := range []func(*KeyMap){func(*KeyMap) {}, func(k *KeyMap) { k.whiteCell, k.again, k.adviser, k.turnExtras = true, true, true, 4 }} {
			k := DefaultKeyMap()
			k.context = ctx
			variant(&k)
			if got, want := shortWidth(k.ShortHelp()), lipgloss.Width(h.ShortHelpView(k.ShortHelp())); got != want {
				t.Errorf("context %d: shortWidth %d, the help line %d", ctx, got, want)
			}
		}
	}
}
