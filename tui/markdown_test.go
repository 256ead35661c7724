package tui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// A briefing's long bullet wraps under its own text, not back to the
// bullet's column, and keeps every word, in order, within the width.
func TestBriefingListItemsHang(t *testing.T) {
	md := "Intro.\n\n" +
		"- Seoul looks first to **North Korea**, and to its economy: roughly 30% of Korea's imports and 23% of its exports transit the Strait.\n" +
		"- Short.\n\n" +
		"1. A numbered item that is also long enough to wrap around the line width, surely.\n" +
		"2. Two.\n\nAfter the list, a paragraph long enough to wrap back to the margin as paragraphs do.\n\n" +
		// a paragraph whose lines may wrap before "12. ": not an item
		"abcdefghij abcdefghij abcdefghij ab 12. and the paragraph goes on for a line or two more, to its end.\n"
	for _, width := range []int{40, 60, 78} {
		out := renderMarkdown(md, width, true)
		lines := strings.Split(ansi.Strip(out), "\n")
		var words []string
		hang := -1
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > width {
				t.Errorf("width %d: line %q is %d cells wide", width, l, w)
			}
			text := strings.TrimLeft(l, " ")
			indent := len(l) - len(text)
			switch {
			case strings.HasPrefix(text, "• "):
				hang = indent + 2
			case len(text) > 2 && text[1] == '.' && text[0] >= '0' && text[0] <= '9':
				hang = indent + 3
			case text == "":
				hang = -1
			case hang >= 0 && indent != hang:
				t.Errorf("width %d: %q continues a list item at column %d, not under its text (column %d)\n%s", width, text, indent, hang, ansi.Strip(out))
			}
			words = append(words, strings.Fields(text)...)
		}
		if trimmed := regexp.MustCompile(` +\n`).ReplaceAllString(ansi.Strip(out), "\n"); width == 40 && !strings.Contains(trimmed, "\n  12. and the paragraph goes on for a\n  line or two more") {
			t.Errorf("width 40: the paragraph's line that wraps before \"12. \" was taken for a list item:\n%s", ansi.Strip(out))
		}
		got := strings.Join(words, " ")
		for _, want := range []string{
			"• Seoul looks first to North Korea, and to its economy: roughly 30% of Korea's imports and 23% of its exports transit the Strait. • Short.",
			"1. A numbered item that is also long enough to wrap around the line width, surely. 2. Two.",
			"After the list, a paragraph long enough to wrap back to the margin as paragraphs do.",
			"ab 12. and the paragraph goes on for a line or two more, to its end.",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("width %d: the text lost words or their order:\n got %q\nwant it to contain %q", width, got, want)
			}
		}
	}
}
