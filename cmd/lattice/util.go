package main

import (
	"lattice/sim"
)

func engineVersion() string { return sim.EngineVersion }

func formatVersion() int { return sim.FormatVersion }

func simDidYouMean(word string, names []string) string { return sim.DidYouMean(word, names) }
