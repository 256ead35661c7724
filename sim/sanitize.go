package sim

import (
	"strings"
	"unicode/utf8"
)

// Sanitize makes untrusted text safe to print on a terminal: it removes
// escape sequences (CSI, OSC, DCS and the like, whole), C0 controls other
// than newline and tab, DEL, C1 controls (U+0080–U+009F), bidirectional
// controls (all of Unicode's Bidi_Control, U+061C included), invalid
// UTF-8, and the zero-width joiner and emoji variation selectors (U+200D,
// U+FE0E, U+FE0F): a joined emoji sequence (👨‍👩‍👧) measures as one
// two-cell character, but a terminal without grapheme clustering (tmux
// among them) draws each of its parts, and a dialog's border or a table's
// column went out of line; without the joiners the parts measure as they
// are drawn. Carriage returns and the Unicode line and paragraph separators
// (U+2028, U+2029) become newlines when multiline is true and spaces
// otherwise; so do newlines and tabs.
func Sanitize(s string, multiline bool) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c >= 0x80 {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			i++
			continue
		case r == 0x1b || r == 0x9b || r == 0x9d || r == 0x90 || r == 0x9e || r == 0x9f:
			i += size + escapeLen(s[i+size:], r)
			continue
		case r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029:
			if multiline {
				if r == '\r' && i+1 < len(s) && s[i+1] == '\n' {
					i++
				}
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			if multiline {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f):
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		case r == 0x200d, r == 0xfe0e, r == 0xfe0f: // joiners: see above
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// escapeLen returns how many bytes after an ESC (or 8-bit introducer) belong
// to its sequence.
func escapeLen(s string, intro rune) int {
	kind := intro
	n := 0
	if intro == 0x1b {
		if len(s) == 0 {
			return 0
		}
		switch s[0] {
		case '[':
			kind, n = 0x9b, 1
		case ']':
			kind, n = 0x9d, 1
		case 'P', 'X', '^', '_':
			kind, n = 0x90, 1
		default:
			// Two-byte sequence (ESC c, ESC 7, …); skip intermediates too.
			for n < len(s) && s[n] >= 0x20 && s[n] <= 0x2f {
				n++
			}
			if n < len(s) {
				n++
			}
			return n
		}
	}
	switch kind {
	case 0x9b: // CSI: parameters and intermediates, then one final byte
		for n < len(s) {
			c := s[n]
			n++
			if c >= 0x40 && c <= 0x7e {
				break
			}
			if c < 0x20 {
				break
			}
		}
	default: // OSC, DCS, SOS, PM, APC: up to BEL or ST (ESC \ or 0x9c)
		for n < len(s) {
			if s[n] == 0x07 {
				return n + 1
			}
			if s[n] == 0x1b && n+1 < len(s) && s[n+1] == '\\' {
				return n + 2
			}
			if n+1 < len(s) && s[n] == 0xc2 && s[n+1] == 0x9c {
				return n + 2
			}
			n++
		}
	}
	return n
}
