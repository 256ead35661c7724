package sim

import "testing"

func TestSuggest(t *testing.T) {
	names := []string{"turn", "cohesion", "escalation", "rok.support", "prc.support", "x"}
	tests := []struct {
		word       string
		candidates []string
		want       string
	}{
		{"cohesoin", names, "cohesion"},                            // transposition: distance 2
		{"Cohesion", names, "cohesion"},                            // case-insensitive
		{"COHESION", names, "cohesion"},                            // case-insensitive
		{"trun", names, "turn"},                                    // distance 2, short word
		{"tun", names, "turn"},                                     // distance 1
		{"tu", names, ""},                                          // limit 1 for a two-letter word
		{"escalaton", names, "escalation"},                         // deletion
		{"esclation", names, "escalation"},                         // deletion
		{"escallation", names, "escalation"},                       // insertion
		{"rok.suport", names, "rok.support"},                       // dotted name
		{"rk.support", names, "rok.support"},                       // distance 1 to rok, 2 to prc
		{"ok.support", names, "rok.support"},                       // distance 1 to rok, 2 to prc
		{"xx.support", names, "rok.support"},                       // tie at distance 3 (limit 3): first wins
		{"zzz", names, ""},                                         // nothing close
		{"morale", names, ""},                                      // nothing close
		{"X", names, "x"},                                          // exact ignoring case
		{"y", names, ""},                                           // one letter: only exact matches
		{"", names, ""},                                            // empty word
		{"turn", nil, ""},                                          // no candidates
		{"turn", []string{""}, ""},                                 // empty candidate
		{"abcdefghijkl", []string{"abcdefghWXYZ"}, "abcdefghWXYZ"}, // 12 runes: limit 4
		{"abcdefghijkl", []string{"abcdefgVWXYZ"}, ""},             // distance 5
		{"abcdefgh", []string{"abcdefXY"}, "abcdefXY"},             // 8 runes: limit 2
		{"abcdefgh", []string{"abcdeXYZ"}, ""},                     // distance 3
		{"stabilité", []string{"stabilite", "stabilité"}, "stabilité"},
		{"STABILITÉ", []string{"stabilité"}, "stabilité"}, // Unicode case folding
		{"aaa", []string{"aab", "aac"}, "aab"},            // tie: first in order
		{"aaa", []string{"abb", "aac"}, "aac"},            // closer one later
		// Failing a close one, a candidate the word begins with, or one
		// that begins with the word, of 4 runes or more.
		{"infrastructure", []string{"cohesion", "infra"}, "infra"},
		{"intelligence", []string{"intel", "other"}, "intel"},
		{"econ", []string{"cohesion", "economy"}, "economy"},
		{"deterrence", []string{"deterrence-first", "balanced"}, "deterrence-first"},
		{"cohesion_index", []string{"cohesion", "cohesion_i"}, "cohesion_i"}, // the longest
		{"rok", []string{"rok_support"}, ""},                                 // 3 runes: too short
		{"supports", []string{"sup"}, ""},                                    // 3 runes: too short
		// Failing those, the one candidate that shares all its words
		// with the word at one end.
		{"support", []string{"cohesion", "rok_support"}, "rok_support"},
		{"readiness", []string{"test_readiness", "intel"}, "test_readiness"},
		{"garrison_supply", []string{"supply", "morale"}, "supply"},
		{"Garrison supply", []string{"supply", "morale"}, "supply"},               // a display name: words split at spaces too
		{"rok_support_level", []string{"cohesion", "rok_support"}, "rok_support"}, // also a prefix
		{"support", []string{"rok_support", "us_support"}, ""},                    // two: neither
		{"port", []string{"rok_support"}, ""},                                     // words, not letters
		{"rok_help", []string{"rok_support"}, ""},                                 // a word differs
	}
	for _, tt := range tests {
		if got := suggest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("suggest(%q, %q) = %q, want %q", tt.word, tt.candidates, got, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	names := []string{"turn", "cohesion"}
	tests := []struct{ word, want string }{
		{"cohesoin", ` (did you mean "cohesion"?)`},
		{"trun", ` (did you mean "turn"?)`},
		{"morale", ""},
	}
	for _, tt := range tests {
		if got := didYouMean(tt.word, names); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

func TestLevenshtein(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"a", "", 1},
		{"", "abc", 3},
		{"kitten", "sitting", 3},
		{"sitting", "kitten", 3},
		{"flaw", "lawn", 2},
		{"same", "same", 0},
		{"été", "ete", 2},
	}
	for _, tt := range tests {
		if got := levenshtein([]rune(tt.a), []rune(tt.b)); got != tt.want {
			t.Errorf("levenshtein(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
