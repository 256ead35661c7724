package main

import (
	"flag"
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
)

func engineVersion() string { return sim.EngineVersion }

func formatVersion() int { return sim.FormatVersion }

func simDidYouMean(word string, names []string) string { return sim.DidYouMean(word, names) }

// sameFormat maps "text" and "table", the names of the human-readable form
// (run, replay, scenarios and keys say text; batch, merge and compare say
// table), to the one this command uses, so either name works everywhere.
func sameFormat(format, human string) string {
	if format == "text" || format == "table" {
		return human
	}
	return format
}

// possessive is name's possessive: "South Korea's", "United States'".
func possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// emptyFileFlag says which of the named flags, each a file to read (a
// journal, batch rows), fs was given empty, as an unset variable in a
// script gives it ("--resume $GAME"); "" if none was. Each was taken as
// not given: an empty --fork with --at 2 said "--at goes with --fork",
// and an empty play --resume opened the picker.
func emptyFileFlag(fs *flag.FlagSet, names ...string) string {
	bad := ""
	fs.Visit(func(f *flag.Flag) {
		if bad == "" && slices.Contains(names, f.Name) && f.Value.String() == "" {
			bad = f.Name
		}
	})
	if bad == "" {
		return ""
	}
	return fmt.Sprintf(`--%s "" names no file: give the file to read`, bad)
}
