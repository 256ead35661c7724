package main

import (
	"slices"
	"strings"
	"testing"

	"lattice/sim/batch"
)

// FuzzSetValues: a value written by batch.EscapeSetValue (as a summary's
// variant legend prints it) reads back through --set as itself, alone or
// listed with others, and a --set list as typed never makes a variant of
// a value that was not split from it.
func FuzzSetValues(f *testing.F) {
	for _, v := range []string{"8", "Seoul, Korea", `say "no"`, `C:\games\x.toml`, `"a,b"`, `\`, `",`, `a\,b`, "\x1b]0;x\a"} {
		f.Add(v, "4")
	}
	f.Fuzz(func(t *testing.T, v, w string) {
		if v != strings.TrimSpace(v) || w != strings.TrimSpace(w) || v == "" || w == "" {
			return // --set trims the space around each value
		}
		if got := setValues(batch.EscapeSetValue(v)); !slices.Equal(got, []string{v}) {
			t.Fatalf("%q escaped as %q reads back as %q", v, batch.EscapeSetValue(v), got)
		}
		list := batch.EscapeSetValue(v) + "," + batch.EscapeSetValue(w)
		if got := setValues(list); !slices.Equal(got, []string{v, w}) {
			t.Fatalf("%q and %q listed as %q read back as %q", v, w, list, got)
		}
		// Whatever is typed, the values split from it are at most one
		// per comma in it, plus one.
		if got := setValues(v); len(got) > strings.Count(v, ",")+1 {
			t.Fatalf("%q reads as %d values %q", v, len(got), got)
		}
	})
}
