package tui

import (
	"strconv"
	"strings"
	"testing"
)

// TestRandomCode checks the codes' length and alphabet, that every
// character of the alphabet turns up (a biased or stuck generator would
// show), and that side codes are valid ones.
func TestRandomCode(t *testing.T) {
	seen := map[byte]int{}
	codes := map[string]bool{}
	for range 2000 {
		c := RandomCode(6, CodeAlphabet)
		if len(c) != 6 {
			t.Fatalf("RandomCode(6) = %q", c)
		}
		for i := range len(c) {
			if !strings.ContainsRune(CodeAlphabet, rune(c[i])) {
				t.Fatalf("RandomCode(6) = %q: %q is not in the alphabet", c, c[i])
			}
			seen[c[i]]++
		}
		codes[c] = true
	}
	if len(seen) != len(CodeAlphabet) {
		t.Errorf("2000 codes use %d of the %d characters", len(seen), len(CodeAlphabet))
	}
	for ch, n := range seen { // 12000 draws of 32: about 375 each
		if n < 250 || n > 500 {
			t.Errorf("%q drawn %d times in 12000, expected about 375", ch, n)
		}
	}
	if len(codes) < 1990 {
		t.Errorf("only %d distinct codes in 2000", len(codes))
	}
	if s := RandomCode(3, "ab"); len(s) != 3 || strings.Trim(s, "ab") != "" {
		t.Errorf("RandomCode(3, \"ab\") = %q", s)
	}
	for range 100 {
		if c := newSideCode(); !validSideCode(c) {
			t.Fatalf("newSideCode() = %q, which validSideCode refuses", c)
		}
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("RandomCode accepts an empty alphabet")
			}
		}()
		RandomCode(1, "")
	}()
}

// TestTUIUsesNoGlobalRand keeps codes and seeds out of math/rand: its
// global generator is not for secrets (side codes guard a side's draft)
// and the engine takes its seed from the front end. Side codes once came
// from math/rand/v2's rand.IntN.
func TestTUIUsesNoGlobalRand(t *testing.T) {
	for _, f := range nonTestFiles(t) {
		for _, imp := range f.ast.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "math/rand" || p == "math/rand/v2" {
				t.Errorf("%s imports %s: draw codes with RandomCode (crypto/rand)", f.name, p)
			}
		}
	}
}
