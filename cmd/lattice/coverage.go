package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"lattice/sim"
)

// coveragePolicies are the policies validate --play spreads its games over,
// in turn: every fixed-weight policy, and lookahead (it played one game in
// ten of its share while a lookahead turn cost milliseconds; it costs about
// half of one now, and its rate rested on a handful of games).
var coveragePolicies = []string{"balanced", "deterrence-first", "resilience-first", "alliance-first", "free-rider", "lookahead"}

// coverageLevels returns the difficulty levels validate --play plays s at
// ("" for the file as written) and the level that is the file as written,
// if one is: a level whose set is empty ("normal", set = {}) makes the
// scenario as written, so it is played once, by its name, and "" is
// played only if no level is the file as written.
func coverageLevels(s *sim.Scenario) (levels []string, asWritten string) {
	for _, d := range s.Difficulty {
		levels = append(levels, d.ID)
		if len(d.Set) == 0 && asWritten == "" {
			asWritten = d.ID
		}
	}
	if asWritten == "" {
		levels = append([]string{""}, levels...)
	}
	return levels, asWritten
}

// levelWords says which levels coverageLevels gave, to follow "each
// policy played": "on the file as written (no difficulty levels)", "at 3
// difficulty levels (easy, normal, hard; normal is the file as written)",
// or "on the file as written and at 2 difficulty levels (easy, hard)".
func levelWords(levels []string, asWritten string) string {
	named := slices.DeleteFunc(slices.Clone(levels), func(l string) bool { return l == "" })
	if len(named) == 0 {
		return "on the file as written (no difficulty levels)"
	}
	noun := "difficulty levels"
	if len(named) == 1 {
		noun = "difficulty level"
	}
	list := strings.Join(named, ", ")
	if asWritten != "" {
		return fmt.Sprintf("at %d %s (%s; %s is the file as written)", len(named), noun, list, asWritten)
	}
	return fmt.Sprintf("on the file as written and at %d %s (%s)", len(named), noun, list)
}

// playCoverage plays games seeded games of the valid scenario s (named arg),
// spread over coveragePolicies and s's difficulty levels, and prints the
// verdicts reached and every gap sim.Coverage finds. It reports whether
// there was dead content (a gap that is not a note).
func playCoverage(ctx context.Context, e *env, arg string, s *sim.Scenario, games int, seed uint64) (bool, error) {
	levels, asWritten := coverageLevels(s)
	type arm struct {
		c    *sim.Compiled
		pols []sim.Policy
	}
	var arms []arm
	for _, level := range levels {
		ls := s
		if level != "" {
			var err error
			if ls, err = s.WithDifficulty(level); err != nil {
				return false, err
			}
		}
		c, err := sim.Compile(ls)
		if err != nil {
			return false, fmt.Errorf("difficulty %q: %v", level, err)
		}
		for _, p := range coveragePolicies {
			pol, err := sim.PolicyByName(p)
			if err != nil {
				return false, err
			}
			pols := make([]sim.Policy, len(c.Sides))
			for _, side := range c.Alliance() {
				pols[side] = pol
			}
			arms = append(arms, arm{c, pols})
		}
	}
	cv := sim.NewCoverage(arms[0].c)
	orders := make([]*sim.Orders, len(arms))
	for i, a := range arms {
		orders[i] = a.c.NewOrders()
	}
	// Per level and policy: games played and allied successes, the rates
	// an author balances by (the pooled rate hides one policy winning far
	// more often, and a level where choices barely matter).
	played, won := make([][]int, len(levels)), make([][]int, len(levels))
	for l := range levels {
		played[l], won[l] = make([]int, len(coveragePolicies)), make([]int, len(coveragePolicies))
	}
	levelPlayed, levelWon := make([]int, len(levels)), make([]int, len(levels)) // per level, of whole rounds
	for n := 0; n < games; n++ {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		// Game n plays arm n mod len(arms).
		i := n % len(arms)
		g := sim.NewGame(arms[i].c, seed+uint64(n))
		if err := cv.Play(g, arms[i].pols, orders[i]); err != nil {
			return false, err
		}
		p, l := i%len(coveragePolicies), i/len(coveragePolicies)
		played[l][p]++
		if g.Success() {
			won[l][p]++
		}
		// The levels' rates count whole rounds of the arms only, so that
		// each level's rate is of the same mix of policies: with --play
		// 100 and three levels (18 arms), level 1 had played free-rider
		// and lookahead once less than the others.
		if n < games/len(arms)*len(arms) {
			levelPlayed[l]++
			if g.Success() {
				levelWon[l]++
			}
		}
	}
	name := sim.Sanitize(arg, false)
	c := arms[0].c
	var reached []string
	for i, end := range c.Ends {
		if k := cv.EndReached[i]; k > 0 {
			reached = append(reached, fmt.Sprintf("%s %.1f%%", end.ID, 100*float64(k)/float64(cv.Games)))
		}
	}
	fmt.Fprintf(e.stdout, "%s: played %d games, each of %d policies in turn %s; verdicts: %s\n",
		name, cv.Games, len(coveragePolicies), levelWords(levels, asWritten), strings.Join(reached, ", "))
	// The success rate of each policy over its games (at every level).
	var rates []string
	for p, pol := range coveragePolicies {
		n, k := 0, 0
		for l := range levels {
			n, k = n+played[l][p], k+won[l][p]
		}
		if n == 0 {
			continue
		}
		r := fmt.Sprintf("%s %.1f%%", pol, 100*float64(k)/float64(n))
		if n < 30 {
			r += " (" + sim.Plural(n, "game") + ")"
		}
		rates = append(rates, r)
	}
	fmt.Fprintf(e.stdout, "%s: allied success by policy: %s\n", name, strings.Join(rates, ", "))
	levelRates(e.stdout, name, levels, levelPlayed, levelWon, cv.Games)
	gaps := cv.Gaps()
	dead := 0
	for _, gap := range gaps {
		if !gap.Note {
			dead++
		}
	}
	switch dead {
	case 0:
		fmt.Fprintf(e.stdout, "%s: every lever, action, inject and end came into play\n", name)
	default:
		fmt.Fprintf(e.stdout, "%s: %d never came into play:\n", name, dead)
	}
	for _, gap := range gaps {
		if !gap.Note {
			fmt.Fprintf(e.stdout, "  %s: %s\n", gap.Path, gap.What)
		}
	}
	for _, gap := range gaps {
		if gap.Note {
			fmt.Fprintf(e.stdout, "  note: %s: %s\n", gap.Path, gap.What)
		}
	}
	balanceNotes(e.stdout, levels, played, won)
	return dead > 0, nil
}

// minJudged is the fewest games a policy must have played at a level for
// its rate there to count in balanceNotes.
const minJudged = 20

// balanceNotes prints, for validate --play, a note for each level (as
// coverageLevels gives them) at which the policies' choices cannot matter:
// every policy that played minJudged games or more there (two at least)
// had the allies succeed in over 95% of them, or in under 5%. It is judged
// level by level, as a game is played at one level: pooled, a level where
// every policy wins hid behind a harder one. played and won are per level,
// per coveragePolicies.
func balanceNotes(w io.Writer, levels []string, played, won [][]int) {
	const see = "(lattice batch --policies compares them over more games; see scenarios/README.md §11)"
	barely := make([]bool, len(levels)) // a level of that note
	defer func() { freeRiderNotes(w, levels, played, won, barely) }()
	for l := range levels {
		lo, hi, judged := 101.0, -1.0, 0
		for p := range coveragePolicies {
			if played[l][p] >= minJudged {
				rate := 100 * float64(won[l][p]) / float64(played[l][p])
				lo, hi, judged = min(lo, rate), max(hi, rate), judged+1
			}
		}
		var in string
		switch {
		case judged < 2:
			continue
		case hi == 0:
			in = "in no game"
		case hi < 5:
			in = fmt.Sprintf("in at most %.1f%% of games", hi)
		case lo == 100:
			in = "in every game"
		case lo > 95:
			in = fmt.Sprintf("in at least %.1f%% of games", lo)
		default:
			continue
		}
		barely[l] = true
		fmt.Fprintf(w, "  note: the allies succeeded %s under every policy%s: choices barely matter %s\n", in, atLevel(levels, l), see)
	}
}

// atLevel names level l of levels in a note: " at level hard", " as the
// file is written", or nothing when it is the one way the scenario is
// played.
func atLevel(levels []string, l int) string {
	switch {
	case len(levels) == 1:
		return ""
	case levels[l] == "":
		return " as the file is written"
	}
	return " at level " + levels[l]
}

// freeRiderNotes prints a note when free-rider, the policy that spends only
// its visible minimum, had the allies succeed at a rate at least as high as
// every other policy's, over all games or at one level (where there are
// several): the scenario rewards doing the least (scenarios/README.md §11
// wants no policy best everywhere, least of all free-rider). The rule is
// the counts as played, no test of significance: each policy compared must
// have played minJudged games or more there, and free-rider won at least
// one (when nobody wins, nothing is rewarded). A level at which choices
// barely matter (barely, from balanceNotes) already has its note; all
// levels pooled are judged only when no level drew the note.
func freeRiderNotes(w io.Writer, levels []string, played, won [][]int, barely []bool) {
	fr := slices.Index(coveragePolicies, "free-rider")
	judge := func(at string, played, won []int) bool {
		if played[fr] < minJudged || won[fr] == 0 {
			return false
		}
		rate := func(p int) float64 { return 100 * float64(won[p]) / float64(played[p]) }
		best, others := -1, 0
		for p := range coveragePolicies {
			if p == fr || played[p] < minJudged {
				continue
			}
			if rate(p) > rate(fr) {
				return false
			}
			if others++; best < 0 || rate(p) > rate(best) {
				best = p
			}
		}
		if others == 0 {
			return false
		}
		fmt.Fprintf(w, "  note: free-rider, which spends only its visible minimum, succeeded in %d of %d games%s (%.1f%%), as often as or more often than every other policy (the best of them, %s: %.1f%%): the scenario rewards doing the least (see scenarios/README.md §11)\n",
			won[fr], played[fr], at, rate(fr), coveragePolicies[best], rate(best))
		return true
	}
	said := false
	for l := range levels {
		if !barely[l] {
			said = judge(atLevel(levels, l), played[l], won[l]) || said
		}
	}
	// Over all levels, when no level said it (too few games at each).
	if len(levels) > 1 && !said && slices.Contains(barely, false) {
		total, totalWon := make([]int, len(coveragePolicies)), make([]int, len(coveragePolicies))
		for l := range levels {
			for p := range coveragePolicies {
				total[p], totalWon[p] = total[p]+played[l][p], totalWon[p]+won[l][p]
			}
		}
		judge(" over all levels", total, totalWon)
	}
}
