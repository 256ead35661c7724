package sim_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"lattice/sim"
)

// TestSyntaxExcerpt checks the line, column and excerpt of TOML syntax
// errors: the caret sits under the error on a terminal whatever comes
// before it on the line (accented letters, Hangul, tabs), the line is right
// with "\r\n" line endings, and no control character reaches the terminal.
func TestSyntaxExcerpt(t *testing.T) {
	tests := []struct {
		name, src    string
		line, col    int
		shown, caret string // the excerpt's last source line and caret line
	}{
		{"ascii", "format = 1\ntitle = \"x\" ;\n", 2, 13,
			"      2 | title = \"x\" ;", "          " + strings.Repeat(" ", 12) + "^"},
		{"accents", "format = 1\ntitle = \"ééé\"; turns = 3\n", 2, 14, // columns count characters, not bytes
			"      2 | title = \"ééé\"; turns = 3", "          " + strings.Repeat(" ", 13) + "^"},
		{"hangul", "format = 1\ntitle = \"서울\";\n", 2, 13,
			"      2 | title = \"서울\";", "          " + strings.Repeat(" ", 14) + "^"}, // Hangul is two columns wide
		{"tab", "format = 1\n\ttitle = \"x\" ;\n", 2, 14,
			"      2 |         title = \"x\" ;", "          " + strings.Repeat(" ", 20) + "^"},
		{"crlf", "format = 1\r\nid = \"x\"\r\ntitle = 'Open\r\nturns = 3\r\n", 3, 14,
			"      3 | title = 'Open", "          " + strings.Repeat(" ", 13) + "^"},
		{"crlf first line", "title = 'Open\r\nformat = 1\r\n", 1, 14,
			"      1 | title = 'Open", "          " + strings.Repeat(" ", 13) + "^"},
		// The parser points at the byte before a control character: the
		// caret goes under the character itself.
		{"control character", "format = 1\ntitle = \"a\x1b[31mb\"\n", 2, 11,
			"      2 | title = \"a?[31mb\"", "          " + strings.Repeat(" ", 10) + "^"},
		{"DEL", "format = 1\ntitle = \"a\x7fb\"\n", 2, 11,
			"      2 | title = \"a?b\"", "          " + strings.Repeat(" ", 10) + "^"},
		{"NUL", "format = 1\x00\n", 1, 11,
			"      1 | format = 1?", "          " + strings.Repeat(" ", 10) + "^"},
		// The parser points at the string, comment or key holding a byte
		// that is not UTF-8: the caret goes under the byte.
		{"Latin-1 in a string", "format = 1\ntitle = \"Hostil\xe9\"\n", 2, 16,
			"      2 | title = \"Hostil?\"", "          " + strings.Repeat(" ", 15) + "^"},
		{"Latin-1 in a comment", "format = 1\n# caf\xe9 note\n", 2, 6,
			"      2 | # caf? note", "          " + strings.Repeat(" ", 5) + "^"},
		{"lines ended by CR alone", "format = 1\rid = \"x\"\r", 1, 11,
			"      1 | format = 1?id = \"x\"", "          " + strings.Repeat(" ", 10) + "^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := sim.Parse("f.toml", []byte(tt.src))
			var el sim.ErrorList
			if !errors.As(err, &el) || len(el) != 1 {
				t.Fatalf("Parse: %v, want one syntax error", err)
			}
			e := el[0]
			if e.Line != tt.line || e.Col != tt.col {
				t.Errorf("position %d:%d, want %d:%d (%s)", e.Line, e.Col, tt.line, tt.col, e.Msg)
			}
			if strings.ContainsAny(e.Detail, "\x1b\r") {
				t.Errorf("excerpt holds a control character: %q", e.Detail)
			}
			lines := strings.Split(strings.TrimRight(e.Detail, "\n"), "\n")
			if len(lines) < 2 {
				t.Fatalf("excerpt too short: %q", e.Detail)
			}
			if tt.shown == "" {
				return
			}
			if got := lines[len(lines)-2]; got != tt.shown {
				t.Errorf("excerpt line\n%q, want\n%q", got, tt.shown)
			}
			if got := lines[len(lines)-1]; got != tt.caret {
				t.Errorf("caret line\n%q, want\n%q\nin\n%s", got, tt.caret, e.Detail)
			}
		})
	}
}

// TestSyntaxExcerptLongLine: a long line is cut to a window around the
// error, the caret still under it; a minified file (a whole scenario on
// one line) was printed whole, with a caret line as long.
func TestSyntaxExcerptLongLine(t *testing.T) {
	for _, tt := range []struct{ name, src, at string }{
		{"error at the end", "a = [" + strings.Repeat("1,", 400000) + "1 x]\n", "x]"},
		{"error in the middle", "a = [" + strings.Repeat("1,", 1000) + "1 x," + strings.Repeat("2,", 1000) + "]\n", "x,2,2"},
		{"error near the start", "a = [1 x," + strings.Repeat("2,", 1000) + "]\n", "x,2,2"},
		{"wide letters before", "a = \"" + strings.Repeat("é서", 200) + "\" b = 1\n", "b = 1"},
	} {
		_, err := sim.Parse("f.toml", []byte(tt.src))
		var el sim.ErrorList
		if !errors.As(err, &el) || len(el) != 1 {
			t.Fatalf("%s: Parse: %v, want one syntax error", tt.name, err)
		}
		e := el[0]
		if want := utf8.RuneCountInString(tt.src[:strings.Index(tt.src, tt.at)]) + 1; e.Line != 1 || e.Col != want {
			t.Errorf("%s: position %d:%d, want 1:%d", tt.name, e.Line, e.Col, want)
		}
		if len(e.Detail) > 1000 {
			t.Errorf("%s: excerpt of %d bytes", tt.name, len(e.Detail))
		}
		lines := strings.Split(strings.TrimRight(e.Detail, "\n"), "\n")
		shown, caret := lines[len(lines)-2], lines[len(lines)-1]
		// Display columns: Hangul is two wide; everything else here one.
		col := func(s string) int {
			n := 0
			for _, r := range s {
				if r >= 0xac00 && r <= 0xd7a3 {
					n++
				}
				n++
			}
			return n
		}
		i := strings.Index(shown, tt.at)
		if i < 0 {
			t.Fatalf("%s: the excerpt does not show %q:\n%s", tt.name, tt.at, e.Detail)
		}
		if got, want := strings.IndexByte(caret, '^'), col(shown[:i]); got != want {
			t.Errorf("%s: caret at column %d, want %d, under %q:\n%s", tt.name, got, want, tt.at, e.Detail)
		}
	}
}

// TestSyntaxBareCR: lines ended by a carriage return alone, and a file
// not in UTF-8, are named as such, with what to do; the parser says only
// that a control character or a byte is not allowed.
func TestSyntaxBareCR(t *testing.T) {
	_, err := sim.Parse("f.toml", []byte("format = 1\rid = \"x\"\r"))
	if err == nil || !strings.Contains(err.Error(), "carriage return not followed by a line feed") || !strings.Contains(err.Error(), "save the file with LF or CRLF line ends") {
		t.Fatalf("Parse: %v", err)
	}
	_, err = sim.Parse("f.toml", []byte("format = 1\ntitle = \"Hostil\xe9\"\n"))
	if err == nil || !strings.Contains(err.Error(), "the file is not UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8") {
		t.Fatalf("Latin-1: %v", err)
	}
	_, err = sim.Parse("f.toml", []byte("format = 1\r\nid = \"\r\"\r\n"))
	if err == nil || !strings.Contains(err.Error(), "carriage return") {
		t.Fatalf("a CR in a string: %v", err)
	}
}

// TestSyntaxUnclosedMultiline checks that a multi-line string never closed
// is reported where it opens, not at the end of the file it swallowed.
func TestSyntaxUnclosedMultiline(t *testing.T) {
	for _, q := range []string{`"""`, `'''`} {
		src := "format = 1\nbriefing = " + q + "\nText.\n\nid = \"x\"\nturns = 3\n"
		_, err := sim.Parse("f.toml", []byte(src))
		var el sim.ErrorList
		if !errors.As(err, &el) || len(el) != 1 {
			t.Fatalf("%s: Parse: %v, want one syntax error", q, err)
		}
		if e := el[0]; e.Line != 2 || e.Col != 12 || !strings.Contains(e.Msg, "never closed") {
			t.Errorf("%s: %d:%d: %s; want 2:12, the string opened here is never closed", q, e.Line, e.Col, e.Msg)
		}
	}
}

// TestBOMColumns checks that columns on line 1 of a file that starts with a
// byte order mark count from after it, as an editor shows them, for type
// errors as for syntax errors (type errors counted the mark's 3 bytes).
func TestBOMColumns(t *testing.T) {
	for _, tt := range []struct {
		src string
		col int
	}{
		{"\xef\xbb\xbfturns = \"a\"\nformat = 1\n", 1}, // type error
		{"\xef\xbb\xbfturns = 3 ;\nformat = 1\n", 11},  // syntax error
		{"\xef\xbb\xbfformat = 1\nturns = \"a\"\n", 1}, // line 2 is unaffected
	} {
		_, err := sim.Parse("f.toml", []byte(tt.src))
		var el sim.ErrorList
		if !errors.As(err, &el) || len(el) == 0 {
			t.Fatalf("%q: Parse: %v, want errors", tt.src, err)
		}
		if e := el[0]; e.Col != tt.col {
			t.Errorf("%q: %s: column %d, want %d", tt.src, e, e.Col, tt.col)
		}
	}
}
