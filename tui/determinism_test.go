package tui

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// recorder drives a model and keeps every key pressed and every screen
// shown after it, so the same sequence can be replayed.
type recorder struct {
	t       *testing.T
	m       Model
	keys    []string
	screens []string
}

func (r *recorder) press(keys ...string) {
	r.t.Helper()
	for _, k := range keys {
		r.m = press(r.t, r.m, k)
		r.keys = append(r.keys, k)
		r.screens = append(r.screens, plain(r.m))
	}
}

func (r *recorder) shows(s string) bool { return strings.Contains(plain(r.m), s) }

// replay presses keys on a fresh model and compares every screen with the
// recording, then the final game hash.
func replay(t *testing.T, rec *recorder, start Model) {
	t.Helper()
	m := start
	for i, k := range rec.keys {
		m = press(t, m, k)
		if got := plain(m); got != rec.screens[i] {
			t.Fatalf("key %d (%q): the replay's screen differs.\nfirst run:\n%s\nreplay:\n%s", i, k, rec.screens[i], got)
		}
	}
	// A walk may end on the setup, with no game (esc on a first briefing):
	// the screens above are then the whole comparison.
	if a, b := gameHash(rec.m), gameHash(m); a != b || a == 0 && rec.m.sess != nil {
		t.Fatalf("game hash: first run %x, replay %x", a, b)
	}
}

// TestDeterministicSoloGame: a whole solo game by keys, then the same keys
// again: the same screens at every step and the same final game hash.
func TestDeterministicSoloGame(t *testing.T) {
	r := &recorder{t: t, m: fresh(t)}
	r.press(toTurn1Solo...)
	for turn := 0; !r.shows("Verdict:"); turn++ {
		if turn > 10 {
			t.Fatal("no scorecard after 10 turns")
		}
		// Vary the allocation from week to week.
		r.press("right", "right")
		for range turn % 3 {
			r.press("down", "right")
		}
		r.press("tab", "up", "right", "enter")
		for r.shows("Commit with budget left?") || r.shows("decides:") {
			r.press("enter")
		}
		r.press("c", "right", "c", "enter")
	}
	replay(t, r, fresh(t))
	// The final screens are identical too.
	if a, b := r.screens[len(r.screens)-1], plain(r.m); a != b {
		t.Fatal("final screen differs from the recording")
	}
}

// TestDeterministicRandomKeys: thousands of seeded random key presses from
// a hotseat game with a human Red team (no q, y or ctrl+c, so the program
// never quits): nothing panics, and the same keys replayed give the same
// screens and the same game.
func TestDeterministicRandomKeys(t *testing.T) {
	keys := []string{"up", "down", "left", "right", "enter", "enter", "enter", "tab", "c", "esc", "?",
		"r", "b", "n", "space", "pgdown", "pgup", "k", "j", "+", "-", "1"}
	seeds := uint64(3)
	if testing.Short() {
		seeds = 1
	}
	for seed := uint64(1); seed <= seeds; seed++ {
		rng := rand.New(rand.NewPCG(seed, 99))
		r := &recorder{t: t, m: stateHandover(t)}
		played := 0 // the most turns any game of the walk reached (esc on a first briefing starts another)
		for range 800 {
			r.press(keys[rng.IntN(len(keys))])
			if r.m.sess != nil {
				played = max(played, len(r.m.sess.Results))
			}
		}
		if played == 0 {
			t.Fatalf("seed %d: 800 random keys played no turn:\n%s", seed, plain(r.m))
		}
		t.Logf("seed %d: up to %d turns played", seed, played)
		replay(t, r, stateHandover(t))
	}
}
