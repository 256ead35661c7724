package tui

import (
	"testing"
	"unicode/utf8"
)

// FuzzCleanName: whatever a team types or pastes, the name that reaches
// other screens has no control characters (C0, DEL, C1), no escape
// sequences, at most MaxNameLen runes, and cleaning it again changes
// nothing.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"Blue Dragons", "\x1b]0;pwn\x07evil", "\x9b31mred\u0085", "\x1b[2J\x1b[H", "한국 팀", "a\tb\nc", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := CleanName(s)
		if n := utf8.RuneCountInString(got); n > MaxNameLen {
			t.Fatalf("CleanName(%q) has %d runes", s, n)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
				t.Fatalf("CleanName(%q) = %q keeps control %U", s, got, r)
			}
		}
		if again := CleanName(got); again != got {
			t.Fatalf("CleanName is not stable: %q then %q", got, again)
		}
	})
}
