package sim

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// suggest returns the candidate closest to word by Levenshtein distance,
// comparing case-insensitively, or "" if no candidate is close enough to be a
// plausible misspelling. A candidate is close enough when its distance is at
// most max(2, n/3), where n is the length of word in runes, and also less
// than n, so that a short word is never "corrected" into an unrelated one
// (for "x" nothing is suggested, for "trun" the limit is 2, for a 12-letter
// word it is 4). When several candidates are equally close, the first in
// candidate order wins. Failing that, a candidate of 4 runes or more that
// begins word, or that word of 4 runes or more begins, is suggested (the
// longest such, or the first): "infrastructure" is "infra", "intelligence"
// "intel", "econ" "economy". Failing that too, the one candidate that
// shares all its words with word at one end (wordsMatch) is suggested.
func suggest(word string, candidates []string) string {
	if s := closest(word, candidates); s != "" {
		return s
	}
	w := string(foldRunes(word))
	best := ""
	for _, c := range candidates {
		f := string(foldRunes(c))
		short := min(utf8.RuneCountInString(w), utf8.RuneCountInString(f))
		if short >= 4 && (strings.HasPrefix(w, f) || strings.HasPrefix(f, w)) && len(c) > len(best) {
			best = c
		}
	}
	if best != "" {
		return best
	}
	return wordsMatch(w, candidates)
}

// wordsMatch returns the one candidate whose words (split at '_', '-' and
// spaces) end or begin with all of word's, or that are the last or first
// words of word, of 4 runes or more: "support" is "rok_support", "readiness"
// "test_readiness", "garrison_supply" and "Garrison supply" (a display
// name written for the id) "supply". w is folded to lower case. With no
// such candidate, or several, it returns "".
func wordsMatch(w string, candidates []string) string {
	split := func(s string) []string {
		return strings.FieldsFunc(s, func(r rune) bool { return r == '_' || r == '-' || unicode.IsSpace(r) })
	}
	ww := split(w)
	if utf8.RuneCountInString(w) < 4 || len(ww) == 0 {
		return ""
	}
	edge := func(long, short []string) bool {
		return len(short) < len(long) && (slices.Equal(long[len(long)-len(short):], short) || slices.Equal(long[:len(short)], short))
	}
	found := ""
	for _, c := range candidates {
		f := string(foldRunes(c))
		if utf8.RuneCountInString(f) < 4 {
			continue
		}
		if fw := split(f); edge(fw, ww) || edge(ww, fw) {
			if found != "" && found != c {
				return ""
			}
			found = c
		}
	}
	return found
}

// closest returns the candidate closest to word by Levenshtein distance,
// within the limit suggest describes, or "".
func closest(word string, candidates []string) string {
	w := foldRunes(word)
	n := len(w)
	limit := max(2, n/3)
	if limit >= n {
		limit = n - 1
	}
	if limit < 0 {
		return ""
	}
	best, bestDist := "", limit+1
	for _, c := range candidates {
		cr := foldRunes(c)
		if d := len(cr) - n; d >= bestDist || -d >= bestDist {
			continue // the length difference alone is too large
		}
		if d := levenshtein(w, cr); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// didYouMean returns ` (did you mean "x"?)`, where x is the suggestion for
// word among candidates, or "" if there is none. It is meant to be appended
// to an error message.
func didYouMean(word string, candidates []string) string {
	s := suggest(word, candidates)
	if s == "" {
		return ""
	}
	return " (did you mean " + strconv.Quote(s) + "?)"
}

// keyWords maps words an author may write for a scenario key's own, in
// the order to try them: a condition is "when" (objective_if is
// objective_when, not the objective spelling suggests), except on a
// lever, where it is "requires"; each of the two is the other's word in
// the table that has only the other.
var keyWords = map[string][]string{
	"if": {"when", "requires"}, "condition": {"when", "requires"}, "cond": {"when", "requires"}, "unless": {"when", "requires"},
	"require": {"requires", "when"}, "requirement": {"requires", "when"}, "needs": {"requires", "when"},
	"when": {"requires"}, "requires": {"when"},
	// The tables, by the words the game's screens and wargaming use.
	"ending": {"end"}, "endings": {"end"}, "outcome": {"end"}, "outcomes": {"end"}, "verdict": {"end"}, "verdicts": {"end"},
	"scorecard": {"score"}, "scores": {"score"}, "grade": {"score"}, "grades": {"score"},
	"event": {"inject"}, "events": {"inject"}, "player": {"side"}, "players": {"side"}, "team": {"side"}, "teams": {"side"},
	"move": {"action"}, "moves": {"action"}, "playbook": {"action"}, "level": {"difficulty"}, "levels": {"difficulty"},
	"option": {"choice"}, "options": {"choice"}, "answer": {"choice"}, "answers": {"choice"},
	// Keys other formats name otherwise: a title is a name, and the
	// reverse; a summary or text a description; the version, format.
	"name": {"title", "label"}, "title": {"name"}, "description": {"summary", "text"},
	"version": {"format"}, "sources": {"notes"}, "source": {"notes"},
}

// didYouMeanKey is didYouMean for an unknown key: a key whose last word
// (after "_", or the whole key) is another word for one of the format's,
// and which then names a key, is suggested that key; else the closest.
func didYouMeanKey(key string, names []string) string {
	head, word := "", key
	if i := strings.LastIndexByte(key, '_'); i >= 0 {
		head, word = key[:i+1], key[i+1:]
	}
	for _, w := range keyWords[strings.ToLower(word)] {
		if slices.Contains(names, head+w) {
			return " (did you mean " + strconv.Quote(head+w) + "?)"
		}
	}
	return didYouMean(key, names)
}

// foldRunes returns the runes of s, each mapped to lower case.
func foldRunes(s string) []rune {
	r := []rune(s)
	for i, c := range r {
		r[i] = unicode.ToLower(c)
	}
	return r
}

// levenshtein returns the edit distance between a and b: the least number of
// single-rune insertions, deletions and substitutions turning a into b.
func levenshtein(a, b []rune) int {
	if len(a) < len(b) {
		a, b = b, a // keep the row as short as possible
	}
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0] // row[i-1][j-1]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			next := min(row[j]+1, row[j-1]+1, diag+cost)
			diag = row[j]
			row[j] = next
		}
	}
	return row[len(b)]
}

// DidYouMean returns ` (did you mean "x"?)` naming the candidate closest to
// word, or "" if none is close: for error messages outside this package.
func DidYouMean(word string, candidates []string) string { return didYouMean(word, candidates) }
