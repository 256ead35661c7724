package tui

import (
	"strings"
	"testing"
)

// TestNoticeIsSanitized: the notice line cleans what it quotes. A scenario
// file named with escape sequences (a name on the command line, shown in
// "cannot play NAME: …" when the file does not compile) drew them: ESC[7m
// turned the rest of the screen to reverse video, and an OSC could set the
// window's title.
func TestNoticeIsSanitized(t *testing.T) {
	evil := "/tmp/ev\x1b]0;PWNED\x07\x1b[7mil\u202e.toml"
	m := New(Options{Entries: []Entry{tutorialEntry(t), {Name: evil, Err: "evil.toml:1:1: broken"}}})
	m = press(t, resize(t, m, 80, 24), "down", "enter")
	mustShow(t, m, "cannot play /tmp/evil.toml: evil.toml:1:1: broken")
	out := m.View().Content
	for _, bad := range []string{"\x1b[7m", "\x1b]0;", "PWNED", "\x07", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Fatalf("the screen has %q:\n%q", bad, out)
		}
	}
}
