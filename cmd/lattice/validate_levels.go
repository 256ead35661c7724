package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
)

// levelRates prints, for validate --play of a scenario with difficulty
// levels, the allied success rate at each level (levels as coverageLevels
// gives them, "" for the file as written; played and won per level), and a
// note for a level named hard that is not harder than the baseline (the
// level normal, or else the file as written), or one named easy that is
// not easier. Each level's games are spread over the same policies in
// turn, so the rates compare like with like (whole rounds of every policy
// at every level only: games is all that were played, and the line says
// what the rates left out); a difference within twice its standard error
// is called what it is, sampling noise.
func levelRates(w io.Writer, name string, levels []string, played, won []int, games int) {
	if len(levels) < 2 {
		return
	}
	if slices.Contains(played, 0) { // rates of whole rounds of every policy at every level only
		fmt.Fprintf(w, "%s: allied success by difficulty level: too few games to compare the levels (--play more)\n", name)
		return
	}
	label := func(l string) string {
		if l == "" {
			return "as written"
		}
		return l
	}
	rate := func(i int) float64 {
		if played[i] == 0 {
			return 0
		}
		return float64(won[i]) / float64(played[i])
	}
	var parts []string
	for i, l := range levels {
		parts = append(parts, fmt.Sprintf("%s %.1f%%", label(l), 100*rate(i)))
	}
	each := gamesEach(played)
	if left := games - sum(played); left > 0 {
		// games/len(levels) per level would not add up: say why not.
		rounds := played[0] / len(coveragePolicies)
		each += fmt.Sprintf(": %d whole %s of the %d policies at every level; the last %d of the %d games, a round unfinished, count in the policies' rates only",
			rounds, plural(rounds, "round", "rounds"), len(coveragePolicies), left, games)
	}
	fmt.Fprintf(w, "%s: allied success by difficulty level: %s (%s)\n", name, strings.Join(parts, ", "), each)
	base := -1
	for i, l := range levels {
		if l == "normal" {
			base = i
		}
	}
	if base < 0 {
		for i, l := range levels {
			if l == "" {
				base = i
			}
		}
	}
	if base < 0 || played[base] == 0 {
		return
	}
	for i, l := range levels {
		if i == base || played[i] == 0 {
			continue
		}
		lower := strings.ToLower(l)
		var want string // what the level should be, beside the baseline
		switch {
		case strings.Contains(lower, "hard"):
			want = "harder"
		case strings.Contains(lower, "easy"):
			want = "easier"
		default:
			continue
		}
		p, q := rate(i), rate(base)
		// The allies' success falls on a harder level: d > 0 is the
		// right way.
		d := q - p
		if want == "easier" {
			d = p - q
		}
		se := math.Sqrt(p*(1-p)/float64(played[i]) + q*(1-q)/float64(played[base]))
		vs := fmt.Sprintf("%.1f%% allied success against %.1f%% at %s", 100*p, 100*q, label(levels[base]))
		switch {
		case d > 2*se && d > 0:
			continue
		case d < 0 && -d > 2*se:
			fmt.Fprintf(w, "  note: level %s is not %s than %s: %s, beyond sampling noise (see its set)\n", l, want, label(levels[base]), vs)
		case se == 0: // the same rate, 0% or 100%, at both
			fmt.Fprintf(w, "  note: level %s is not %s than %s: %s, in every game played (see its set)\n", l, want, label(levels[base]), vs)
		default:
			fmt.Fprintf(w, "  note: level %s is not measurably %s than %s: %s, a difference within sampling noise (±%.1f points at these games): play more games (--play) to tell, or make it %s\n",
				l, want, label(levels[base]), vs, 200*se, want)
		}
	}
}

// gamesEach says how many games each level had: "100 games each", or
// "99 to 100 games each" when the games do not divide evenly.
func gamesEach(played []int) string {
	lo, hi := played[0], played[0]
	for _, n := range played {
		lo, hi = min(lo, n), max(hi, n)
	}
	if lo == hi {
		return fmt.Sprintf("%d %s each", lo, plural(lo, "game", "games"))
	}
	return fmt.Sprintf("%d to %d games each", lo, hi)
}

// sum returns the sum of ns.
func sum(ns []int) int {
	t := 0
	for _, n := range ns {
		t += n
	}
	return t
}
