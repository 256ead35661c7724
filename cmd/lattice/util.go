package main

import (
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
