package serve

import (
	"strings"
	"testing"
)

// TestNewCode: a generated join code is one the server accepts when it is
// given back (CheckCode), CodeLen characters of CodeAlphabet, and not the
// same twice in a row.
func TestNewCode(t *testing.T) {
	prev := ""
	for range 200 {
		c := NewCode()
		if len(c) != CodeLen || strings.Trim(c, CodeAlphabet) != "" {
			t.Fatalf("NewCode() = %q: want %d characters of %s", c, CodeLen, CodeAlphabet)
		}
		if why := CheckCode(c); why != "" {
			t.Fatalf("NewCode() = %q, which CheckCode refuses: %s", c, why)
		}
		if c == prev {
			t.Fatalf("NewCode() gave %q twice in a row", c)
		}
		prev = c
	}
}
