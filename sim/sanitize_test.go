package sim_test

import (
	"testing"

	"lattice/sim"
)

// TestSanitize: what Sanitize removes and keeps, one case a kind, in both
// modes where they differ.
func TestSanitize(t *testing.T) {
	tests := []struct {
		name, in, one, multi string // one: multiline false
	}{
		{"plain", "Deterrence 27.30 → 30.31", "Deterrence 27.30 → 30.31", ""},
		{"accents and Hangul", "Séoul 서울", "Séoul 서울", ""},
		{"CSI colour", "a\x1b[31;1mred\x1b[0m", "ared", ""},
		{"CSI clear screen", "a\x1b[2Jb", "ab", ""},
		{"OSC title, BEL", "a\x1b]0;pwned\x07b", "ab", ""},
		{"OSC hyperlink, ST", "a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb", ""},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab", ""},
		{"two-byte escape", "a\x1bcb\x1b7c", "abc", ""},
		{"ESC at the end", "ab\x1b", "ab", ""},
		{"CSI cut short", "ab\x1b[31", "ab", ""},
		{"8-bit CSI", "a\u009b31mb", "ab", ""},
		{"8-bit OSC", "a\u009d0;x\u009cb", "ab", ""},
		{"C0 controls", "a\x00b\x01c\x08d\x7fe", "abcde", ""},
		{"C1 controls", "a\u0085b\u0080c", "abc", ""},
		{"bidi overrides and isolates", "a\u202eb\u202dc\u2066d\u2069e\u200ef\u200fg", "abcdefg", ""},
		{"Arabic letter mark", "a\u061cb", "ab", ""},
		{"emoji joiners and variation selectors", "a👨\u200d👩\u200d👧b ❤\ufe0f ☺\ufe0e", "a👨👩👧b ❤ ☺", ""},
		{"invalid UTF-8", "a\xffb\xc3", "ab", ""},
		{"newline and tab", "a\nb\tc", "a b c", "a\nb\tc"},
		{"CRLF and CR", "a\r\nb\rc", "a  b c", "a\nb\nc"},
		{"line and paragraph separators", "a\u2028b\u2029c", "a b c", "a\nb\nc"},
	}
	for _, tt := range tests {
		if tt.multi == "" {
			tt.multi = tt.one
		}
		if got := sim.Sanitize(tt.in, false); got != tt.one {
			t.Errorf("%s: Sanitize(%q, false) = %q, want %q", tt.name, tt.in, got, tt.one)
		}
		if got := sim.Sanitize(tt.in, true); got != tt.multi {
			t.Errorf("%s: Sanitize(%q, true) = %q, want %q", tt.name, tt.in, got, tt.multi)
		}
	}
}
