package tui

import (
	"fmt"
	"image/color"
	"io/fs"
	"math"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

func TestEmptyBeforeWindowSize(t *testing.T) {
	m := newTutorial(t)
	if got := m.View().Content; got != "" {
		t.Fatalf("view before the first WindowSizeMsg = %q, want empty", got)
	}
	if !m.View().AltScreen {
		t.Fatal("the interface should run in the alternate screen")
	}
}

func TestPicker(t *testing.T) {
	bad := Entry{Name: "broken.toml", Err: "broken.toml:3: unknown key \"turnz\"\nmore detail"}
	m := New(Options{Entries: []Entry{tutorialEntry(t), bad}, Seed: 1})
	m = resize(t, m, 80, 24)
	mustShow(t, m, "Choose a scenario", "▸ tutorial", "Tutorial: Five Weeks in the West Sea",
		"5 weeks · South Korea, United States, Adversary", "broken.toml", "✗ invalid: broken.toml:3", "enter choose")
	mustNotShow(t, m, "more detail")

	m = press(t, m, "up") // already at the top
	mustShow(t, m, "▸ tutorial")
	m = press(t, m, "down", "down", "down") // stops at the last entry
	mustShow(t, m, "▸ broken.toml")
	m = press(t, m, "enter")
	mustShow(t, m, "! cannot play broken.toml: broken.toml:3", "Choose a scenario")
	m = press(t, m, "k") // vim keys move too; any key clears the notice
	mustShow(t, m, "▸ tutorial")
	mustNotShow(t, m, "cannot play")
	m = press(t, m, "enter")
	mustShow(t, m, "Mode", "Solo — you play one side", "South Korea", "You")

	// esc on setup goes back to the picker (there is one).
	m = press(t, m, "esc")
	mustShow(t, m, "Choose a scenario")
}

func TestSkipPicker(t *testing.T) {
	m := New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 7, SkipPicker: true, Hotseat: true})
	m = resize(t, m, 80, 24)
	mustShow(t, m, "Hotseat — several teams share this screen", "Seed                         7")
	// esc has nowhere to go back to.
	m = press(t, m, "esc")
	mustShow(t, m, "Hotseat — several teams")
}

func TestSetupSolo(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter")
	mustShow(t, m, "▸ Mode", "South Korea                  You", "United States                AI: balanced",
		"Adversary                    AI (doctrine)", "Difficulty                   normal", "Seed                         1")
	// ← on another side's row (from its AI policy back to You) plays that side.
	m = press(t, m, "down", "down", "left")
	mustShow(t, m, "South Korea                  AI: balanced", "United States                ‹ You ›", "you play United States")
	// The difficulty: ← easier, → harder, in the scenario's order, without
	// wrapping round (→ went normal, easy, hard), and what each one changes.
	m = press(t, m, "down", "down")
	mustShow(t, m, "Difficulty                   ‹ normal ›", "Difficulty normal: As written")
	m = press(t, m, "right")
	mustShow(t, m, "‹ hard ›", "Difficulty hard: ")
	m = press(t, m, "right")
	mustShow(t, m, "‹ hard ›")
	m = press(t, m, "left", "left")
	mustShow(t, m, "‹ easy ›", "Difficulty easy: ")
	m = press(t, m, "left")
	mustShow(t, m, "‹ easy ›")
}

// ← on the adversary's row makes the player the Red team, and says so
// (it happened without a word, to a player who meant the Difficulty row).
func TestSetupSaysWhenYouBecomeTheAdversary(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "down", "down", "down", "left")
	mustShow(t, m, "Adversary                    ‹ You (Red team) ›", "you play Adversary as the Red team: the AI plays the allies")
}

func TestSetupSoloAllyPolicy(t *testing.T) {
	// The setup's own hint: "→ on an AI ally's row changes its policy."
	m := resize(t, newTutorial(t), 160, 48)
	m = press(t, m, "enter")
	mustShow(t, m, "cycles between You and the AI policies")
	m = press(t, m, "down", "down", "right")
	if strings.Contains(plain(m), "United States                ‹ You ›") {
		t.Fatalf("in solo setup, → on an AI ally's row makes you play that side instead of changing its policy as the hint says; the policy of an AI ally cannot be changed in solo at all:\n%s", plain(m))
	}
	mustShow(t, m, "United States                ‹ AI: deterrence-first ›")
}

func TestSetupHotseat(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "right")
	mustShow(t, m, "‹ Hotseat — several teams share this screen ›", "South Korea                  Human",
		"United States                Human", "Adversary                    AI (doctrine)")
	// The adversary row toggles a human Red team.
	m = press(t, m, "down", "down", "down", "right")
	mustShow(t, m, "‹ Human (Red team) ›")
	m = press(t, m, "left")
	mustShow(t, m, "‹ AI (doctrine) ›")
	// An allied row cycles Human, then each AI policy, both ways.
	m = press(t, m, "up", "right")
	mustShow(t, m, "‹ AI: balanced ›")
	m = press(t, m, "right")
	mustShow(t, m, "‹ AI: deterrence-first ›")
	m = press(t, m, "left", "left")
	mustShow(t, m, "‹ Human ›")
	m = press(t, m, "left")
	mustShow(t, m, "‹ AI: lookahead ›")
	// No person plays: the game does not start.
	m = press(t, m, "up", "right")
	mustShow(t, m, "South Korea                  ‹ AI: balanced ›")
	m = press(t, m, "enter")
	mustShow(t, m, "! choose at least one side for a person to play", "Mode")
	// Back to solo: you play one side again.
	m = press(t, m, "up", "right")
	mustShow(t, m, "Solo — you play one side", "You")
}

func TestSetupSeed(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "down", "down", "down", "down", "down")
	mustShow(t, m, "▸ Seed", "‹ 1 (type digits for another) ›")
	// A digit on the Seed row replaces the seed and starts editing; the
	// help line says what the keys do then.
	m = press(t, m, "4", "2")
	mustShow(t, m, "42▏ (type digits, enter when done)", "0-9 type the seed", "enter done")
	// q is typed into nothing while editing: it does not ask to quit.
	m = press(t, m, "q", "x")
	mustShow(t, m, "42▏")
	mustNotShow(t, m, "Quit Lattice?")
	// Emptied, the seed stays what it was, and the player is told (it
	// became 1 unsaid).
	m = press(t, m, "backspace", "backspace", "backspace", "enter")
	mustShow(t, m, "‹ 1 (type digits for another) ›", "no seed typed: the seed stays 1")
	m = press(t, m, "9", "9", "esc")
	mustShow(t, m, "‹ 99 (type digits for another) ›")
	// Backspace edits the seed shown.
	m = press(t, m, "backspace", "7", "enter")
	mustShow(t, m, "‹ 97 (type digits for another) ›")
	// 19 digits at most.
	m = press(t, m, "1")
	for range 30 {
		m = press(t, m, "9")
	}
	m = press(t, m, "enter")
	mustShow(t, m, "‹ 1"+strings.Repeat("9", 18)+" ")
	// Enter on the Seed row starts the game, as the help line says.
	mustShow(t, m, "enter start")
	m = press(t, m, "enter")
	mustShow(t, m, "Briefing")
	if m.sess.Seed != 1999999999999999999 {
		t.Fatalf("seed %d", m.sess.Seed)
	}
}

func TestSeedChangesTheGame(t *testing.T) {
	play := func(seedKeys ...string) (Model, uint64) {
		m := resize(t, newTutorial(t), 80, 24)
		m = press(t, m, "enter")
		if len(seedKeys) > 0 {
			m = press(t, m, "down", "down", "down", "down", "down")
			m = press(t, m, seedKeys...)
			m = press(t, m, "enter", "up", "up", "up", "up", "up")
		}
		m = press(t, m, "enter", "enter")
		m = playSoloToEnd(t, m)
		return m, gameHash(m)
	}
	_, h1 := play()
	_, h1b := play("1")
	_, h2 := play("2")
	if h1 != h1b {
		t.Fatalf("seed 1 typed in setup gives hash %x, default seed 1 gives %x", h1b, h1)
	}
	if h1 == h2 {
		t.Fatalf("seeds 1 and 2 end with the same game hash %x", h1)
	}
}

func TestDifficultyHard(t *testing.T) {
	m := resize(t, newTutorial(t), 160, 48)
	m = press(t, m, toSetupHotseatRed...)
	m = press(t, m, "down", "right", "right") // normal → easy → hard
	mustShow(t, m, "‹ hard ›")
	m = press(t, m, "enter", "enter", "enter")
	// The hard level gives the adversary two bluffs a week (normal: one).
	mustShow(t, m, "Adversary — Week 1: choose your moves", "Up to 1 real move (r) and 2 bluffs")
}

func TestBriefing(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "enter")
	mustShow(t, m, "Briefing — Tutorial: Five Weeks in the West Sea", "Each week:")
	first := plain(m)
	m = press(t, m, "down", "down")
	if plain(m) == first {
		t.Fatal("↓ does not scroll the briefing")
	}
	m = press(t, m, "up", "up")
	if plain(m) != first {
		t.Fatalf("↑↑ after ↓↓ does not scroll back:\n%s", plain(m))
	}
	// Scrolling past the end, then once back up, should move the text.
	for range 40 {
		m = press(t, m, "down")
	}
	end := plain(m)
	mustShow(t, m, "not a forecast")
	m = press(t, m, "up")
	if plain(m) == end {
		t.Fatalf("the briefing scrolls past its end: after 40×↓, ↑ does nothing visible until the overscroll is undone")
	}
}

func TestBriefingPercentVisibleAt80(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "enter")
	if !regexp.MustCompile(`↓ \d+ more lines`).MatchString(plain(m)) {
		t.Fatalf("at 80 columns the briefing header is cut before its scroll hint: %q", strings.SplitN(plain(m), "\n", 2)[0])
	}
}

func TestTurnScreen(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	mustShow(t, m, "Turn 1/5 · Week 1", "rung 1/5 Calm", "South Korea", "Metrics", "Deterrence",
		"Allocation", "budget 6.5  spent 0.0  left 6.5", "visible 0 of at least 5 ⚠ short",
		"Their odds (your points only)", "Intelligence and events", "Signals (some may be bluffs)",
		// At 80 columns the lever names are cut only when they must be.
		"Combined exercise ", "Coast-guard patrols ", "Intelligence sharing ")

	m = press(t, m, "right")
	mustShow(t, m, "spent 1.0  left 5.5", "●○○○")
	m = press(t, m, "right", "right", "right", "right") // max 4
	mustShow(t, m, "spent 4.0", "●●●●")
	m = press(t, m, "left")
	mustShow(t, m, "spent 3.0", "●●●○")
	m = press(t, m, "left", "left", "left", "left") // never below 0
	mustShow(t, m, "spent 0.0", "○○○○")

	// ↓ wraps around the levers; ↑ from the top goes to the last.
	m = press(t, m, "up")
	mustShow(t, m, "▸ ○○○  Public diplomacy")
	m = press(t, m, "down", "down")
	mustShow(t, m, "▸ ○○○○ Coast-guard pat")

	// The budget cannot be overspent: the engine refuses and says why.
	m = press(t, m, "up")
	for _, k := range []string{"right", "right", "right", "right", "down", "right", "right", "right", "right"} {
		m = press(t, m, k)
	}
	mustShow(t, m, "budget 6.5  left 0.5 (lost)", "visible points 6 of at least 5 ✓")
	if !strings.HasPrefix(strings.Split(plain(m), "\n")[22], "! ") {
		t.Fatalf("no refusal notice above the help line after overspending:\n%s", plain(m))
	}
	// Points on the selected lever show the engine's odds.
	mustShow(t, m, "Maritime militia swarm [?] p 0.")

	// Tab moves the focus to the events: ← there takes no point off a lever
	// out of sight, and says where points are changed.
	m = press(t, m, "tab", "left")
	mustShow(t, m, "left 0.5 (lost)", "the events have the focus: tab to the allocation to change points")
	mustNotShow(t, m, "left 1.5")
}

func TestTurnFullHelp(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	mustShow(t, m, "enter commit")
	m = press(t, m, "?")
	mustShow(t, m, "ctrl+c quit now", "tab   panel (metrics: why?)")
	m = press(t, m, "?")
	mustNotShow(t, m, "ctrl+c")
}

func TestTurnShortHelpFitsAt80(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	if !strings.Contains(plain(m), "q quit") {
		lines := strings.Split(plain(m), "\n")
		t.Fatalf("at 80×24 the turn screen's help line is cut: tab, c charts, ? help and q quit are hidden: %q", lines[len(lines)-1])
	}
}

func TestCommitConfirm(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	m = press(t, m, "right", "enter")
	mustShow(t, m, "Commit with budget left?", "South Korea has 5.5 of its budget unspent this turn.")
	m = press(t, m, "n")
	mustShow(t, m, "Allocation", "spent 1.0")
	m = press(t, m, "enter", "esc")
	mustShow(t, m, "Allocation")
	m = press(t, m, "enter", "y")
	mustShow(t, m, "Results — Week 1")

	// With less than the cheapest lever left, enter commits at once.
	m = resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	m = press(t, m, "right", "right", "right", "down", "right", "right", "right", "enter")
	mustShow(t, m, "Results — Week 1")
}

func TestResultsAndNextTurn(t *testing.T) {
	m := resize(t, newTutorial(t), 160, 48)
	m = press(t, m, toTurn1Solo...)
	m = press(t, m, addPoints...)
	m = commitTurn(t, m)
	mustShow(t, m, "Results — Week 1", "Why each number moved", "Deterrence 27.30 →", "Combined exercise (South Korea)")
	if !regexp.MustCompile(`(SUCCEEDED|FAILED) — roll \d\.\d\d vs p \d\.\d\d`).MatchString(plain(m)) &&
		!strings.Contains(plain(m), "The adversary made no move.") {
		t.Fatalf("results do not say what the adversary did:\n%s", plain(m))
	}
	m = press(t, m, "enter")
	mustShow(t, m, "Turn 2/5 · Week 2", "spent 0.0", "Last turn's moves")
}

func TestInjectDialogAsUS(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toSetupAsUS...)
	m = press(t, m, "enter", "enter")
	mustShow(t, m, "Turn 1/5", "United States")
	for range 2 {
		m = press(t, m, addPoints...)
		m = commitTurn(t, m)
		m = press(t, m, "enter")
	}
	mustShow(t, m, "Research vessel blocked", "United States decides:", "▸ Issue a joint statement",
		"Both capitals speak as one", "↑/k up • ↓/j down • enter decide")
	// Keys that do not belong to the dialog do nothing (q asks to quit, as
	// everywhere: TestQuitFromADecision).
	m = press(t, m, "right", "c")
	mustShow(t, m, "United States decides:")
	mustNotShow(t, m, "Quit Lattice?", "Chart ")
	m = press(t, m, "down")
	mustShow(t, m, "▸ Handle it quietly", "Washington raises it privately")
	m = press(t, m, "down") // stays on the last choice
	mustShow(t, m, "▸ Handle it quietly")
	m = press(t, m, "enter")
	mustShow(t, m, "Allocation", "◆ Research vessel blocked", "you chose: Handle it quietly")
	m = press(t, m, addPoints...)
	m = commitTurn(t, m)
	mustShow(t, m, "Results — Week 3", "◆ Research vessel blocked: United States chose Handle it quietly")
}

func TestCharts(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	m = press(t, m, "c")
	// Deterrence's chart draws the line under which the game is lost
	// (tutorial's "Deterrence eroded" at 27), flat, and says so.
	mustShow(t, m, "Chart 1/10: Deterrence", "Deterrence by week (0: the start); flat: end lines (27)", "27.")
	m = press(t, m, "right")
	mustShow(t, m, "Chart 2/10: Capability", "Capability: the start, then the end of each week")
	m = press(t, m, "left", "left")
	mustShow(t, m, "Chart 10/10: Intelligence picture")
	m = press(t, m, "c")
	mustShow(t, m, "Allocation")
	m = press(t, m, "c", "esc")
	mustShow(t, m, "Allocation")
	// The chart remembers the metric, and is open from results too.
	m = press(t, m, addPoints...)
	m = commitTurn(t, m)
	m = press(t, m, "c")
	mustShow(t, m, "Chart 10/10")
	// q on a chart asks to quit.
	m = press(t, m, "q")
	mustShow(t, m, "Quit Lattice?")
	m = press(t, m, "n")
	mustShow(t, m, "Chart 10/10")
}

func TestQuitConfirm(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	m = press(t, m, "right", "q")
	mustShow(t, m, "Quit Lattice?", "y: quit    n: keep playing")
	m = press(t, m, "n")
	mustShow(t, m, "Allocation", "spent 1.0")
	m = press(t, m, "q", "q") // q again also keeps playing
	mustShow(t, m, "Allocation")
	m = press(t, m, "q", "esc")
	mustShow(t, m, "Allocation")
	m = press(t, m, "q", "right") // other keys do nothing while asking
	mustShow(t, m, "Quit Lattice?")
	m, cmd := update(t, m, keyMsg("y"))
	if !isQuit(cmd) {
		t.Fatal("y on the quit dialog does not quit")
	}
	if got := m.View().Content; got != "" {
		t.Fatalf("view after quitting = %q, want empty", got)
	}

	// ctrl+c quits at once, from anywhere.
	m = resize(t, newTutorial(t), 80, 24)
	if _, cmd := update(t, m, keyMsg("ctrl+c")); !isQuit(cmd) {
		t.Fatal("ctrl+c does not quit")
	}
}

func TestQuitConfirmBeforeAGame(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "q")
	mustShow(t, m, "Quit Lattice?")
	if strings.Contains(plain(m), "The game in progress will be lost.") {
		t.Fatalf("the quit dialog on the picker, before any game, says %q", "The game in progress will be lost.")
	}
}

func TestEndScreen(t *testing.T) {
	m := resize(t, newTutorial(t), 160, 48)
	m = press(t, m, toTurn1Solo...)
	m = playSoloToEnd(t, m)
	mustShow(t, m, "Verdict:", "Scorecard", "Deterrence", "grade", "Private objectives", "South Korea:",
		"The decisions that mattered most", "For the debrief")
	// Its prose is set 100 columns wide (maxTextWidth): the last lines are
	// below, at the bottom.
	mustShow(t, press(t, m, "end"), "This was an exercise, not a forecast.")
	if !m.sess.Game.Over() {
		t.Fatal("scorecard shown but the game is not over")
	}
	m = press(t, m, "c")
	mustShow(t, m, "Chart 1/10")
	m = press(t, m, "c", "enter")
	mustShow(t, m, "Quit Lattice?")
	m, cmd := update(t, m, keyMsg("y"))
	if !isQuit(cmd) {
		t.Fatal("y on the scorecard's quit dialog does not quit")
	}
}

func TestTooSmall(t *testing.T) {
	m := newTutorial(t)
	for _, sz := range [][2]int{{39, 24}, {80, 11}, {30, 10}, {45, 10}} {
		m = resize(t, m, sz[0], sz[1])
		want := fmt.Sprintf("terminal too small (have %d×%d, need 40×12)", sz[0], sz[1])
		if got := strings.Join(strings.Fields(plain(m)), " "); !strings.Contains(got, want) {
			t.Fatalf("%d×%d: want %q, got %q", sz[0], sz[1], want, got)
		}
		if n := strings.Count(m.View().Content, "\n") + 1; n != sz[1] {
			t.Fatalf("%d×%d: %d lines, want %d", sz[0], sz[1], n, sz[1])
		}
	}
	// The game is there when the terminal grows again, where it was.
	m = resize(t, m, 80, 24)
	mustShow(t, m, "Choose a scenario")
	// The turn screen needs 60×20.
	turn := stateTurn(t)
	for _, sz := range [][2]int{{59, 20}, {60, 19}} {
		mustShow(t, resize(t, turn, sz[0], sz[1]), fmt.Sprintf("terminal too small (have %d×%d, need 60×20)", sz[0], sz[1]))
	}
}

// TestSmallTerminalsPlay: an 80×24 terminal running tmux with a status line
// (80×23), half of a 160-column split (79×24) and 60×20 play the game: the
// text screens and the turn screen draw (it stacks its panels in one column
// below 76 columns) and every panel is reached with tab. They showed only
// "terminal too small".
func TestSmallTerminalsPlay(t *testing.T) {
	for _, sz := range [][2]int{{80, 23}, {79, 24}, {60, 20}, {70, 22}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := resize(t, newTutorial(t), sz[0], sz[1])
			mustShow(t, m, "Choose a scenario")
			m = press(t, m, "enter")
			mustShow(t, m, "Mode", "Seed")
			m = press(t, m, "enter")
			mustShow(t, m, "Briefing")
			m = press(t, m, "enter")
			mustShow(t, m, "Allocation", "Metrics", "[?] p 0.", "enter commit")
			m = press(t, m, addPoints...)
			mustShow(t, press(t, m, "tab"), "Intelligence and events", "Signals")
			mustShow(t, press(t, m, "tab", "tab"), "▶ Metrics", "Why? Deterrence")
			m = commitTurn(t, m)
			mustShow(t, m, "Results — Week 1", "enter continue")
			m = press(t, m, "?")
			mustShow(t, m, "ctrl+c")
			mustNotShow(t, m, "too small")
		})
	}
	// Text screens draw from 40×12.
	m := resize(t, press(t, fresh(t), "enter", "enter"), 40, 12)
	mustShow(t, m, "Briefing", "scroll")
}

// TestTooSmallKeysDoNothing: while the notice hides the game, keys must not
// act on it unseen (enter then y committed an empty turn through a dialog
// never shown; enter on the setup started the game). Only q, the y/n of the
// quit question the notice draws, and ctrl+c work.
func TestTooSmallKeysDoNothing(t *testing.T) {
	const w, h = 30, 10 // below the minimum at any version
	m := stateTurn(t)
	before := gameHash(m)
	turn := m.sess.Game.Turn()
	m = press(t, resize(t, m, w, h), "enter", "y", "enter", "right", "tab", "r", "c", "?")
	if gameHash(m) != before || m.sess.Game.Turn() != turn {
		t.Fatal("keys pressed on the too-small notice changed the game")
	}
	m = resize(t, m, 80, 24)
	mustShow(t, m, "Allocation")
	mustNotShow(t, m, "Commit", "Chart")
	if m.fullHelp || m.showCharts || m.confirmEnd {
		t.Fatalf("keys on the notice changed the screen: help %v charts %v confirm %v", m.fullHelp, m.showCharts, m.confirmEnd)
	}

	s := resize(t, press(t, fresh(t), "enter"), w, h) // the setup
	s = press(t, s, "enter", "enter", "down", "right")
	s = resize(t, s, 80, 24)
	mustShow(t, s, "Mode")
	if s.sess != nil || s.setup.row != 0 {
		t.Fatalf("keys on the notice acted on the setup (game started %v, row %d)", s.sess != nil, s.setup.row)
	}

	// Quitting still works: q, n stays; q, y quits; ctrl+c quits.
	q := press(t, resize(t, stateTurn(t), w, h), "q", "n")
	if q.confirmQuit {
		t.Fatal("n did not close the quit question on the notice")
	}
	q = press(t, q, "q")
	if _, cmd := update(t, q, keyMsg("y")); !isQuit(cmd) {
		t.Fatal("q, y on the notice did not quit")
	}
	if _, cmd := update(t, resize(t, stateTurn(t), w, h), keyMsg("ctrl+c")); !isQuit(cmd) {
		t.Fatal("ctrl+c on the notice did not quit")
	}
}

func TestHotseatHandover(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toSetupHotseatRed...)
	m = press(t, m, "enter")
	mustShow(t, m, "Briefing")
	m = press(t, m, "enter")
	mustShow(t, m, "Hand over — Week 1", "Adversary, it is your turn.", "Everyone else: please look away.")
	mustNotShow(t, m, "choose your moves", "Allocation", "Signals")
	// c would show the charts to the wrong team: it does nothing here.
	m = press(t, m, "c", "right")
	mustShow(t, m, "Adversary, it is your turn.")
	m = press(t, m, "enter")
	mustShow(t, m, "Adversary — Week 1: choose your moves", "Up to 1 real move (r) and 1 bluff (b)",
		"[ ] Maritime militia swarm", "Steel structure at sea", "(cannot bluff)")
	// A move's effects read as the allies' screens give effects (they read
	// "Resilience -3, Adversary gains 5").
	mustShow(t, m, "On success: "+m.sess.C.DescribeEffects(m.sess.C.Actions[m.sess.C.Sides[m.side].Playbook[m.sel]].Success))
	mustShow(t, m, "Resilience −3.00, Adversary gains +5.00")
	// c charts the metrics (the Red team's View has them), c again closes.
	m = press(t, m, "c")
	mustShow(t, m, "Chart 1/10")
	m = press(t, m, "c")
	mustShow(t, m, "choose your moves")

	// Too many real moves: the engine refuses the second mark at once.
	m = press(t, m, "r", "down", "down", "down", "space")
	mustShow(t, m, "[R] Maritime militia swarm", "[ ] Wedge messaging", "! Adversary may make at most 1 real move a turn")
	// b marks a bluff.
	m = press(t, m, "b")
	mustShow(t, m, "[B] Wedge messaging")
	m = press(t, m, "enter")
	mustShow(t, m, "Hand over — Week 1", "South Korea, it is your turn.")
	mustNotShow(t, m, "[R]", "[B]")
	m = press(t, m, "enter")
	mustShow(t, m, "Turn 1/5", "South Korea", "Allocation")
	m = press(t, m, addPoints...)
	m = commitTurn(t, m)
	mustShow(t, m, "Hand over — Week 1", "United States, it is your turn.")
	mustNotShow(t, m, "●")
	m = press(t, m, "enter")
	mustShow(t, m, "United States", "spent 0.0") // South Korea's draft is not shown
	m = press(t, m, addPoints...)
	m = commitTurn(t, m)
	mustShow(t, m, "Results — Week 1", "Maritime militia swarm")
	m = press(t, m, "enter")
	mustShow(t, m, "Hand over — Week 2", "Adversary, it is your turn.")
}

func TestAdversaryErrorsNameTheSide(t *testing.T) {
	m := resize(t, newTutorial(t), 160, 48)
	m = press(t, m, toSetupHotseatRed...)
	m = press(t, m, "enter", "enter", "enter", "down", "b", "enter")
	s := plain(m)
	mustShow(t, m, "! ")
	if strings.Contains(s, "steel_structure") || strings.Contains(s, "prc ") {
		t.Fatalf("the adversary's refusals name ids, not names: %q", regexp.MustCompile(`! .*`).FindString(s))
	}
}

// ---- golden screens ---------------------------------------------------------

// screenStates builds each screen the goldens and the resize test cover, by
// key presses from a fresh model each (models share their Session, so a
// state must not be derived from another that later moves on). Sizes are
// applied afterwards.
var screenStates = []struct {
	name  string
	build func(t testing.TB) Model
}{
	{"picker", func(t testing.TB) Model { return fresh(t) }},
	{"setup", func(t testing.TB) Model { return press(t, fresh(t), "enter") }},
	{"setup_hotseat_red", func(t testing.TB) Model { return press(t, fresh(t), toSetupHotseatRed...) }},
	{"briefing", func(t testing.TB) Model { return press(t, fresh(t), "enter", "enter") }},
	{"turn", stateTurn},
	{"commit_confirm", func(t testing.TB) Model { return press(t, stateTurn(t), "enter") }},
	{"inject_dialog", stateInjectDialog},
	{"results", stateResults},
	{"charts", func(t testing.TB) Model { return press(t, stateResults(t), "c") }},
	{"end", func(t testing.TB) Model { return playSoloToEnd(t, press(t, fresh(t), toTurn1Solo...)) }},
	{"quit", func(t testing.TB) Model { return press(t, stateTurn(t), "q") }},
	{"handover", stateHandover},
	{"adversary", func(t testing.TB) Model {
		return press(t, stateHandover(t), "enter", "r", "down", "down", "b", "down")
	}},
}

func fresh(t testing.TB) Model { return resize(t, newTutorial(t), 80, 24) }

// stateTurn: week 1, solo as South Korea, a few points added.
func stateTurn(t testing.TB) Model {
	m := press(t, fresh(t), toTurn1Solo...)
	return press(t, m, addPoints...)
}

func stateResults(t testing.TB) Model { return commitTurn(t, stateTurn(t)) }

// stateInjectDialog: week 3 solo as the United States, who decides the
// research-vessel inject.
func stateInjectDialog(t testing.TB) Model {
	m := press(t, fresh(t), toSetupAsUS...)
	m = press(t, m, "enter", "enter")
	for range 2 {
		m = press(t, m, addPoints...)
		m = commitTurn(t, m)
		m = press(t, m, "enter")
	}
	return m
}

// stateHandover: hotseat with a human Red team, the hand-over before the
// adversary plans week 1.
func stateHandover(t testing.TB) Model {
	m := press(t, fresh(t), toSetupHotseatRed...)
	return press(t, m, "enter", "enter")
}

func TestGolden(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {160, 48}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			for _, st := range screenStates {
				t.Run(st.name, func(t *testing.T) {
					m := resize(t, st.build(t), sz[0], sz[1])
					golden.RequireEqual(t, plain(m))
				})
			}
		})
	}
	for _, sz := range [][2]int{{59, 20}, {40, 12}} {
		t.Run(fmt.Sprintf("too_small_%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := resize(t, stateTurn(t), sz[0], sz[1])
			golden.RequireEqual(t, plain(m))
		})
	}
	// Half of a 160-column split keeps two columns; 60×20 stacks them.
	for _, sz := range [][2]int{{79, 24}, {60, 20}} {
		t.Run(fmt.Sprintf("turn_%dx%d", sz[0], sz[1]), func(t *testing.T) {
			m := resize(t, stateTurn(t), sz[0], sz[1])
			golden.RequireEqual(t, plain(m))
		})
	}
}

// The Red team's "no real move" confirmation is answered with enter (or r
// to mark one), as its notice says: the help line must not offer y/n, and
// y must not be taken for a yes it is not.
func TestAdversaryPassConfirmHelp(t *testing.T) {
	m := press(t, stateHandover(t), "enter", "enter")
	mustShow(t, m, "no real move marked: press enter again to pass")
	lines := strings.Split(plain(m), "\n")
	help := lines[len(lines)-1]
	if strings.Contains(help, "y yes") || !strings.Contains(help, "enter") {
		t.Fatalf("the help line under the pass confirmation says %q, but only enter passes", help)
	}
	m = press(t, m, "enter")
	mustShow(t, m, "South Korea, it is your turn.")
}

// The full help (?) lists each key once: on the briefing and the results
// "? help" came twice, from the short help and the extra column.
func TestFullHelpListsHelpOnce(t *testing.T) {
	for name, m := range map[string]Model{
		"briefing": press(t, fresh(t), "enter", "enter"),
		"results":  stateResults(t),
		"setup":    press(t, fresh(t), "enter"),
	} {
		s := plain(press(t, m, "?"))
		if n := len(regexp.MustCompile(`\?\s+help`).FindAllString(s, -1)); n != 1 {
			t.Errorf("%s: the full help lists '? help' %d times:\n%s", name, n, s)
		}
	}
}

// Without an explicit seed (RandomSeed, as lattice play without --seed), a
// new game gets a seed drawn at random, shown on the setup and the end
// screen with the command that replays it; an explicit seed still holds.
func TestRandomSeedShown(t *testing.T) {
	seedOf := func(m Model) string {
		for _, l := range strings.Split(plain(m), "\n") {
			if strings.Contains(l, "Seed") {
				return strings.Fields(l)[1]
			}
		}
		t.Fatalf("no seed row:\n%s", plain(m))
		return ""
	}
	opts := Options{Entries: []Entry{tutorialEntry(t)}, RandomSeed: true}
	var seeds []string
	for range 3 {
		m := press(t, resize(t, New(opts), 80, 24), "enter")
		mustShow(t, m, "(drawn at random: type digits for another)")
		seeds = append(seeds, seedOf(m))
	}
	if seeds[0] == seeds[1] && seeds[1] == seeds[2] {
		t.Fatalf("three new games drew the same seed %s", seeds[0])
	}
	// Typing a seed replaces the random one; the game is played with it.
	m := press(t, resize(t, New(opts), 80, 24), "enter", "down", "down", "down", "down", "down", "4", "2", "enter", "up", "enter", "enter")
	m = playSoloToEnd(t, m)
	mustShow(t, m, "Seed 42; the same seed replays the same dice:", "lattice play tutorial --seed 42")
	if m.sess.Seed != 42 {
		t.Fatalf("played with seed %d, want 42", m.sess.Seed)
	}
	// Without RandomSeed the seed is the one given (1 by default).
	m = press(t, resize(t, newTutorial(t), 80, 24), "enter")
	mustNotShow(t, m, "drawn at random")
	if s := seedOf(m); s != "1" {
		t.Fatalf("seed %s, want 1", s)
	}
}

// The end screen says in numbers why the game ended (the condition reached,
// the values it read, any other losing condition that held), lists the
// adversary moves that hurt most, and offers another game: n plays again
// with a new seed, s picks another scenario.
func TestEndScreenCauseAndNextSteps(t *testing.T) {
	m := resize(t, newTutorial(t), 120, 60)
	m = playSoloToEnd(t, press(t, m, toTurn1Solo...))
	mustShow(t, m, "Why: no losing end condition held when the weeks ran out.",
		"The adversary moves that hurt most", "Maritime militia swarm (succeeded) +5.00 on Adversary gains",
		"n play again (new seed)", "s another scenario")
	m = press(t, m, "n")
	mustShow(t, m, "‹ Solo", "Seed                         2") // the next seed (drawn at random with RandomSeed)
	if m.screen != scrSetup || m.sess != nil {
		t.Fatalf("n did not open a new setup:\n%s", plain(m))
	}
	// A lost game: commit nothing every week.
	m = press(t, m, "down", "down", "down", "down", "down", "6", "enter", "up", "up", "up", "up", "up", "enter", "enter")
	for range 5 {
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
		m = press(t, m, "enter", "y")
		mustShow(t, m, "Results — ")
		m = press(t, m, "enter")
		if strings.Contains(plain(m), "Verdict:") {
			break
		}
	}
	mustShow(t, m, "Verdict: Coerced", "Why: Coerced — Adversary gains > 20 at the end (Adversary gains 22.91)",
		"Also held: Deterrence eroded — Deterrence < 27 at the end (Deterrence 25.80)", "Seed 6;")
	m = press(t, m, "s")
	mustShow(t, m, "Choose a scenario")
}

// A game that ends before its last turn says, beside the condition, in
// which turn it ended: thaad-pressure's concession reads "month ≥ 6", and
// the end screen showed no month. The condition checked only at the end
// (the tutorial's Coerced above) says none.
func TestEndScreenSaysWhenAnEarlyEndCame(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1}), 80, 24)
	m = playSoloToEnd(t, press(t, m, toTurn1Solo...))
	if g := m.sess.Game; g.Turn() >= m.sess.C.Turns {
		t.Fatalf("the game ran to month %d of %d: this test wants an early end", g.Turn(), m.sess.C.Turns)
	}
	mustRead(t, m, "Why: Concession in month 6 of 12 — ROK domestic support 38.30 < 40 (its condition: ROK domestic support < 33 or (month ≥ 6 and ROK domestic support < 40))")
}

// The end screen fits its width: a long metric name ("Korean economic
// resilience") keeps the scorecard's values in one column, and long
// decisions wrap instead of being cut at the screen's edge.
func TestEndScreenFits(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1}), size[0], size[1])
		m = playSoloToEnd(t, press(t, m, toTurn1Solo...))
		text := ansi.Strip(m.endText())
		col := -1
		inCard := false
		for _, l := range strings.Split(text, "\n") {
			if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > size[0] {
				t.Fatalf("%dx%d: a line is %d columns wide: %q", size[0], size[1], w, l)
			}
			switch {
			case l == "Scorecard":
				inCard = true
				continue
			case strings.TrimSpace(l) == "":
				inCard = false
			}
			if inCard {
				i := strings.Index(l, "  grade ")
				if col >= 0 && i != col {
					t.Fatalf("%dx%d: the scorecard's values are not in one column:\n%s", size[0], size[1], text)
				}
				col = i
			}
		}
		if !strings.Contains(text, "Korean economic resilience ") {
			t.Fatalf("%dx%d: the long metric name is cut:\n%s", size[0], size[1], text)
		}
	}
}

// The cursor starts on the first lever the side may use: in thaad-pressure
// South Korea's first lever, "US solidarity statements", is the United
// States' alone. The list leaves such a lever out and ↑/↓ pass over it:
// "US solidari… 🔒 not available to …" took a row of the windowed list at
// 80×24, and ↑ from the first lever selected it.
func TestCursorStartsOnUsableLever(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1}), 80, 24)
	m = press(t, m, toTurn1Solo...)
	mustShow(t, m, "▸ ○○   Burden sharing")
	mustNotShow(t, m, "US solidari", "not available")
	m = press(t, m, "right")
	mustShow(t, m, "spent 2.0")
	c := m.sess.C
	m = press(t, m, "up")
	if last := len(c.Levers) - 1; m.sel != last {
		t.Errorf("↑ from the first lever South Korea may use selects %s, want the last, %s", c.Levers[m.sel].Name, c.Levers[last].Name)
	}
	for range len(c.Levers) {
		if m = press(t, m, "down"); !m.sideLever(m.sel) {
			t.Errorf("↓ selects %s, which South Korea may not use", c.Levers[m.sel].Name)
		}
	}
}

// r on the turn screen repeats last turn's allocation, within this turn's
// budget and locks; with nothing to repeat it says so. r and d are in the
// ? help, and in the footer where it has the room.
func TestRepeatLastAllocation(t *testing.T) {
	m := stateTurn(t)
	m = press(t, m, "r")
	mustShow(t, m, "nothing to repeat")
	m = press(t, m, "?")
	mustShow(t, m, "r     repeat last turn", "d     change a decision")
	m = press(t, m, "?")
	m = press(t, stateResults(t), "enter") // week 2, after 2 points + 1 in week 1
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	mustShow(t, m, "spent 0.0")
	m = press(t, m, "r")
	mustShow(t, m, "repeated last week's allocation: 3 points", "spent 3.0", "●●○○")
	m = resize(t, m, 160, 48)
	mustShow(t, m, "r repeat last turn • i lever details • d change a decision")
}

// The turn screen's footer shows as many of r, i and d as it has room
// for, in that order: with i added, r and d went at 120 columns, where
// all three do not fit.
func TestTurnFooterExtrasAsRoomAllows(t *testing.T) {
	for w, want := range map[int][2]string{
		80:  {"", "r repeat"},
		120: {"r repeat last turn • i lever details • enter commit", "d change"},
		160: {"r repeat last turn • i lever details • d change a decision • a adviser • enter commit", ""},
	} {
		m := resize(t, stateTurn(t), w, 40)
		lines := strings.Split(plain(m), "\n")
		footer := lines[len(lines)-1]
		if !strings.Contains(footer, want[0]) || want[1] != "" && strings.Contains(footer, want[1]) {
			t.Errorf("at %d columns the footer is %q: want %q in it, and not %q", w, footer, want[0], want[1])
		}
	}
}

// With the White-cell console on, the briefing's key bar lists W.
func TestBriefingListsWhiteCell(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter", "down", "down", "down", "down", "down", "down") // the White-cell console's row
	m = press(t, m, "right", "enter")
	mustShow(t, m, "Briefing", "W White cell")
}

// The commit prompt warns of a visible-commitment shortfall, and asks even
// when the whole budget is spent if the visible minimum is not met.
func TestCommitWarnsOfShortfall(t *testing.T) {
	m := press(t, stateTurn(t), "enter") // 3 visible points of 5, budget left
	mustShow(t, m, "Commit with budget left?", "Visible commitment: 2 points short of the minimum of 5", "on visible levers. Each point short costs Resolve")
	m = press(t, m, "n")
	// The rest of the budget on levers that are not visible.
	m = press(t, m, "down", "right", "right", "right", "down", "right", "right", "enter")
	mustShow(t, m, "Commit short of the visible minimum?", "South Korea is 2 points short of the minimum of 5",
		"Each point short costs")
	m = press(t, m, "n", "up", "left", "left", "up", "up", "right", "right", "enter") // 5 visible points: no question
	mustNotShow(t, m, "Commit short", "Visible commitment")
	mustShow(t, m, "Results — Week 1")
}

// On the "terminal too small" screen the quit question is drawn, not left
// invisible: the screen says q, then y, quits, and q asks.
func TestTooSmallQuit(t *testing.T) {
	m := resize(t, newTutorial(t), 36, 10)
	mustShow(t, m, "(q, then y, quits)")
	m = press(t, m, "q")
	mustShow(t, m, "Quit Lattice? y: quit · n: stay")
	m = press(t, m, "n")
	mustNotShow(t, m, "Quit Lattice?")
	m = press(t, m, "q")
	if _, cmd := update(t, m, keyMsg("y")); !isQuit(cmd) {
		t.Fatal("y did not quit")
	}
}

// ctrl+c quits at once and says it was an interruption (lattice play then
// exits 130); q, then y, is an ordinary quit.
func TestCtrlCInterrupts(t *testing.T) {
	m := stateTurn(t)
	nm, cmd := update(t, m, keyMsg("ctrl+c"))
	if !isQuit(cmd) || !nm.Interrupted() {
		t.Fatalf("ctrl+c: quit %v, interrupted %v", isQuit(cmd), nm.Interrupted())
	}
	m = press(t, m, "q")
	nm, cmd = update(t, m, keyMsg("y"))
	if !isQuit(cmd) || nm.Interrupted() {
		t.Fatalf("q, y: quit %v, interrupted %v", isQuit(cmd), nm.Interrupted())
	}
}

// TestRedTeamScreenExplains: the Red team's screen says what a bluff does
// and what the allies will read of the selected move, and b on a move that
// cannot be a bluff says so (it did nothing).
func TestRedTeamScreenExplains(t *testing.T) {
	m := resize(t, newTutorial(t), 120, 40)
	m = press(t, m, toSetupHotseatRed...)
	m = press(t, m, "enter", "enter", "enter")
	// Read across lines: the screen's prose is set at most 100 columns wide.
	mustRead(t, m, "choose your moves", "does not happen: it makes the allies spread their defence",
		"The allies will read: Fishing boats massing near the Provisional Measures Zone.")
	m = press(t, m, "down") // the steel structure, which cannot be a bluff
	mustRead(t, m, "The allies will read: A platform-laying vessel heads for the Provisional Measures Zone.")
	m = press(t, m, "b")
	mustShow(t, m, "Steel structure at sea cannot be a bluff: when signalled it is always real (r marks it)")
	mustNotShow(t, m, "[B] Steel structure")
}

// TestRepeatSaysWhyPointsDidNotFit: r, when some of last turn's points do
// not fit, names the real cause in the engine's words (a lever locked by
// the rung here), on up to two lines: it said "did not fit this week's
// budget or locks", cut at "budget o…" on one line.
func TestRepeatSaysWhyPointsDidNotFit(t *testing.T) {
	m := press(t, stateResults(t), "enter") // week 2, after 2 points on the exercise and 1 on patrols
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	// The White cell raises escalation to Confrontation, which locks the
	// combined exercise.
	if err := m.sess.Act(journal.WhiteCell{Action: journal.ActMetric, Metric: "escalation", Value: "65", Reason: "test"}); err != nil {
		t.Fatal(err)
	}
	ex := m.sess.C.LeverIndex("combined_exercise")
	lock := m.sess.Game.LeverLock(m.side, ex)
	if lock == "" {
		t.Fatal("the combined exercise is not locked at Confrontation")
	}
	m = press(t, m, "r")
	msg := m.message
	if !strings.Contains(msg, "2 did not fit") || !strings.Contains(msg, "Combined exercise: "+lock) || strings.Contains(msg, "budget") {
		t.Fatalf("r says %q; want the 2 points that did not fit and the lock: %q", msg, lock)
	}
	// On screen, whole (two lines at 80 columns).
	screen := strings.Join(strings.Fields(plain(m)), " ")
	if !strings.Contains(screen, strings.Join(strings.Fields(msg), " ")) {
		t.Fatalf("the notice is cut:\n%s", plain(m))
	}
	if n := strings.Count(plain(m), "\n") + 1; n != 24 {
		t.Fatalf("%d lines, want 24", n)
	}
}

// TestSetupAndScrollKeysMatchHints: the setup offers "esc back" only when
// there is a picker to go back to (a scenario named on the command line
// has none: esc did nothing), and the briefing pages with pgdown and space
// (they moved one line: a 38-line briefing took 38 presses), with home and
// end to the top and bottom.
func TestSetupAndScrollKeysMatchHints(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, SkipPicker: true}), 80, 24)
	mustShow(t, m, "Mode", "enter start")
	mustNotShow(t, m, "esc back")
	m = resize(t, newTutorial(t), 80, 24)
	m = press(t, m, "enter")
	mustShow(t, m, "esc back")
	mustShow(t, press(t, m, "esc"), "Choose a scenario")

	b := resize(t, press(t, m, "enter"), 80, 16) // the briefing, on a short terminal
	mustShow(t, b, "pgdn/space page")
	page := b.scrollHeight() - 1
	if b.maxScroll() < page+2 {
		t.Fatalf("the briefing is too short to test paging (%d lines past the screen)", b.maxScroll())
	}
	for _, k := range []string{"pgdown", "space"} {
		if got := press(t, b, k).scroll; got != page {
			t.Errorf("%s scrolls %d lines, want a page (%d)", k, got, page)
		}
	}
	if got := press(t, b, "pgdown", "pgup").scroll; got != 0 {
		t.Errorf("pgdown, pgup: at line %d, want 0", got)
	}
	end := press(t, b, "end")
	if end.scroll != b.maxScroll() {
		t.Errorf("end scrolls to %d, want %d", end.scroll, b.maxScroll())
	}
	mustNotShow(t, end, "more lines")
	if got := press(t, end, "home").scroll; got != 0 {
		t.Errorf("home scrolls to %d, want 0", got)
	}
	mustShow(t, press(t, b, "?"), "pgup/b", "home/g", "end/G")
}

// TestKeyBarContrast: the key bar is drawn in the game's colours with a
// readable contrast (WCAG's 4.5:1) on a dark and on a light background;
// bubbles' default help styles were #B2B2B2/#DADADA on white (about 2:1)
// and colours 239/237 on black.
func TestKeyBarContrast(t *testing.T) {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	ratio := func(a, b color.Color) float64 {
		la, lb := lum(a), lum(b)
		return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
	}
	dark := fresh(t)
	light, _ := update(t, dark, tea.BackgroundColorMsg{Color: color.White})
	for _, c := range []struct {
		name string
		m    Model
		bg   color.Color
	}{{"dark", dark, color.Black}, {"light", light, color.White}} {
		st := c.m.help.Styles
		for name, s := range map[string]lipgloss.Style{"key": st.ShortKey, "description": st.ShortDesc, "separator": st.ShortSeparator,
			"full key": st.FullKey, "full description": st.FullDesc, "ellipsis": st.Ellipsis} {
			fg := s.GetForeground()
			if _, none := fg.(lipgloss.NoColor); none || fg == nil {
				t.Errorf("%s background: the key bar's %s has no colour of the game's", c.name, name)
				continue
			}
			if r := ratio(fg, c.bg); r < 4.5 {
				t.Errorf("%s background: the key bar's %s has contrast %.1f:1, want ≥ 4.5:1", c.name, name, r)
			}
		}
	}
}

// TestRedTeamSeesThePicture: the Red team's planning screen shows what its
// View allows (the turn and rung, the metrics that decide the game, all of
// them with tab, their history with c) and its goal; the end screen tells
// a Red player whether it won or lost (it said only "✓ allied success").
func TestRedTeamSeesThePicture(t *testing.T) {
	m := press(t, stateHandover(t), "enter")
	// At 80×24 the selected move's odds and effects take the goal's rows:
	// the key metrics stay, the goal is behind tab.
	mustShow(t, m, "choose your moves", "rung 1/5 Calm", "Escalation 15.00", "(tab: all metrics, your goal)")
	all := press(t, m, "tab")
	mustShow(t, all, "▶ Metrics", "Intelligence picture", "Resilience", "Your goal: the allies fail", "Coerced if Adversary gains > 20")
	mustRead(t, resize(t, m, 120, 40), "Your goal: the allies fail", "Coerced if Adversary gains > 20")
	mustShow(t, press(t, all, "tab"), "choose your moves")
	mustShow(t, press(t, m, "c"), "Chart 1/10")
	mustShow(t, press(t, m, "?"), "moves / metrics")

	// Solo as the Red team, to the end.
	r := press(t, fresh(t), "enter", "down", "down", "down", "right", "enter", "enter")
	mustShow(t, r, "choose your moves")
	for i := 0; i < 20 && !strings.Contains(plain(r), "Verdict:"); i++ {
		r = press(t, r, "enter")
	}
	e := r.sess.C.Ends[r.sess.Game.End()]
	want := "✓ Adversary (Red team): you won — the allies failed"
	if e.Success {
		want = "✗ Adversary (Red team): you lost — the allies succeeded"
	}
	mustShow(t, r, "Verdict: "+e.Title, want)
}

// At 80×24 the budget line keeps "left": with upkeep to pay (thaad-pressure
// from month 2, after points on a lever with upkeep) the line was cut at
// "upkeep 1.9 …" and the figure a player spends from was lost.
func TestBudgetLineKeepsLeftWhenNarrow(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1}), 80, 24)
	m = press(t, m, toTurn1Solo...)
	for turn := 0; turn < 3; turn++ {
		m = press(t, m, "right", "right", "down", "right", "right", "down", "right", "right")
		m = commitTurn(t, m)
		m = press(t, m, "enter")
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
	}
	mustShow(t, m, "Allocation", "upkeep ", "left ")
	for _, l := range strings.Split(plain(m), "\n") {
		if strings.Contains(l, "spent ") && !strings.Contains(l, "left ") {
			t.Fatalf("the budget line lost its \"left\":\n%s", plain(m))
		}
	}
}

// Enter on the events or the metrics panel does not end the turn: it gives
// the allocation the focus, and enter there commits. A team pressing enter
// to "open" a signal committed its draft at once.
func TestEnterOutsideTheAllocationDoesNotCommit(t *testing.T) {
	for _, tabs := range [][]string{{"tab"}, {"tab", "tab"}} {
		m := stateTurn(t)
		turn := m.sess.Game.Turn()
		m = press(t, m, tabs...)
		m = press(t, m, "enter")
		if m.sess.Game.Turn() != turn || m.confirmEnd || m.screen != scrTurn {
			t.Fatalf("%v then enter: left the turn screen or asked to commit", tabs)
		}
		mustShow(t, m, "enter again to commit", "▶ Allocation")
	}
}

// ? on the turn screen explains its marks as well as its keys: p, !, the
// grades, ⊕ ◌ ⏳ ×n, upkeep, the visible minimum. It listed keys only.
func TestHelpExplainsTheMarks(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {160, 48}} {
		m := resize(t, stateTurn(t), size[0], size[1])
		m = press(t, m, "?")
		mustShow(t, m, "Reading the turn screen", "p 0.77", "[?]", "⊕", "◌", "⏳n", "×n", "upkeep", "visible", "why?")
		for _, l := range strings.Split(plain(m), "\n") {
			if w := ansi.StringWidth(strings.TrimRight(l, " ")); w > size[0] {
				t.Fatalf("%dx%d: a line is %d wide: %q", size[0], size[1], w, l)
			}
		}
		// Keys do not act on the turn screen behind the guide; esc closes it.
		spent := m.sess.Game.Spend(m.sess.Orders, m.side)
		m = press(t, m, "left", "left", "up", "enter")
		if m.sess.Game.Spend(m.sess.Orders, m.side) != spent || m.confirmEnd {
			t.Fatalf("%dx%d: keys behind the reading guide changed the draft or asked to commit", size[0], size[1])
		}
		m = press(t, m, "esc")
		mustShow(t, m, "Allocation")
	}
}

// The hand-over says the previous team's plan is hidden only once a team
// has played this turn (it said so to the first team of the turn too).
func TestHandoverSaysHiddenOnlyAfterATeam(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Hotseat: true}), 80, 24)
	m = press(t, m, "enter", "enter", "enter") // the setup as it is: both allies human; the briefing
	mustShow(t, m, "it is your turn")
	mustNotShow(t, m, "previous team's plan is hidden")
	m = press(t, m, "enter") // the first team at the keyboard
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	m = commitTurn(t, press(t, m, addPoints...))
	mustShow(t, m, "it is your turn", "previous team's plan is hidden")
}

// At 80×24 the setup of a five-side scenario with the hard level selected
// shows the level's description and the whole private objective (the
// description pushed the objective's end off the screen).
func TestSetupDifficultyDescriptionFits(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "gray-zone")}, Seed: 1}), 80, 24)
	m = press(t, m, "enter", "down", "down", "down", "down", "down", "down", "right")
	mustShow(t, m, "‹ hard ›", "Difficulty hard: ", "Your private objective: ")
	obj := oneLine(m.setup.entry.Compiled.Sides[m.setup.you].Objective)
	words := strings.Fields(obj)
	mustShow(t, m, words[len(words)-1])
}

// The first turn of a game says the loop in a line, until a key is
// pressed; later turns do not.
func TestFirstTurnTip(t *testing.T) {
	m := resize(t, newTutorial(t), 80, 24)
	m = press(t, m, toTurn1Solo...)
	mustShow(t, m, "your first turn: → adds a point (the odds fall as you defend); i explains it")
	// A long notice takes two lines, and the panels give the second up:
	// the tip's wrapping cut off their bottom borders (a play review), so
	// at 80 columns it takes a form that fits one line.
	for _, w := range []int{60, 80, 100, 160} {
		mw := resize(t, m, w, 24)
		if lines := strings.Split(plain(mw), "\n"); !strings.Contains(lines[len(lines)-3], "╯") || !strings.Contains(lines[len(lines)-2], "first turn: ") {
			t.Errorf("%d columns: the panels' last line or the tip is missing:\n%s", w, plain(mw))
		}
	}
	mustShow(t, resize(t, m, 160, 24), "your first turn: ↑/↓ pick a lever, → adds a point (the odds of signalled moves fall as you defend)")
	m = press(t, m, "right")
	mustNotShow(t, m, "your first turn")
	m = press(t, commitTurn(t, m), "enter")
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	mustShow(t, m, "Turn 2/5")
	mustNotShow(t, m, "your first turn")
}

// A long side name widens the setup's label column, so every value stays
// in one column (it pushed "AI (doctrine)" out of line), as far as the
// mode's value leaves room; a longer name is cut.
func TestSetupLongSideNames(t *testing.T) {
	e := tutorialEntry(t)
	src, err := fs.ReadFile(scenarios.FS(), "tutorial.toml")
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Replace(string(src), `name = "Adversary"`, `name = "Rival coast guard and maritime militia"`, 1)
	s, err := sim.Parse("tutorial.toml", []byte(long))
	if err != nil {
		t.Fatal(err)
	}
	if e.Compiled, err = sim.Compile(s); err != nil {
		t.Fatal(err)
	}
	e.Scenario, e.Load = s, nil
	rows := map[string]string{"South Korea": "You", "United States": "AI: balanced", "Rival coast": "AI (doctrine)", "Difficulty": "normal"}
	for _, w := range []int{120, 80} {
		m := resize(t, New(Options{Entries: []Entry{e}, Seed: 1, SkipPicker: true}), w, 24)
		out := ansi.Strip(m.render())
		cols := map[int]bool{}
		n := 0
		for _, line := range strings.Split(out, "\n") {
			for label, v := range rows {
				if strings.HasPrefix(strings.TrimLeft(line, " ▸"), label) {
					cols[ansi.StringWidth(line[:strings.LastIndex(line, v)])] = true
					n++
				}
			}
		}
		if n != 4 || len(cols) != 1 || !strings.Contains(out, "Solo — you play one side, AI plays the rest ›") {
			t.Errorf("width %d: the values start at columns %v, want one for all four, and the mode whole:\n%s", w, cols, out)
		}
	}
}

// Esc closes the help on the results screen, as ? does (only ? did, and q
// opened the quit dialog over it).
func TestEscClosesHelpOnResults(t *testing.T) {
	m := resize(t, stateResults(t), 100, 30)
	m = press(t, m, "?")
	if !m.fullHelp {
		t.Fatal("? did not open the help")
	}
	m = press(t, m, "esc")
	if m.fullHelp || m.screen != scrResults {
		t.Errorf("esc: help open %v, screen %v; want the results without the help", m.fullHelp, m.screen)
	}
}

// The commit question's footer gives its own answers: enter commits too
// when something is allocated ("y yes • n no" left enter out), and only y
// when nothing is, as the question says.
func TestCommitQuestionFooter(t *testing.T) {
	footer := func(m Model) string {
		lines := strings.Split(plain(m), "\n")
		return lines[len(lines)-1]
	}
	m := press(t, stateTurn(t), "enter")
	mustShow(t, m, "Commit with budget left?")
	if f := footer(m); !strings.Contains(f, "y/enter commit • n keep allocating") {
		t.Errorf("with points allocated the question's footer is %q", f)
	}
	m = press(t, m, "n")
	for range 10 {
		m = press(t, m, "left", "up")
	}
	m = press(t, m, "enter")
	mustShow(t, m, "Commit nothing?")
	if f := footer(m); !strings.Contains(f, "y commit nothing • n keep allocating") || strings.Contains(f, "enter") {
		t.Errorf("with nothing allocated the question's footer is %q", f)
	}
	m = press(t, m, "enter")
	mustShow(t, m, "Commit nothing?") // enter does not commit nothing
	mustShow(t, press(t, m, "q"), "Quit Lattice?", "y yes • n no")
}

// The second turn says what the change column holds now and where why?
// is: a new player read a column of ▼…! after a good first turn with no
// word of drift, and tab, tab to the metrics was said only at the end of
// the briefing and on the ? screen (a play review). It goes at the first
// key, as the first turn's does, and later turns do not show it.
func TestSecondTurnTip(t *testing.T) {
	m := press(t, resize(t, newTutorial(t), 80, 24), toTurn1Solo...)
	m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	mustShow(t, m, "Turn 2/5", "! change: drift and events since the results; tab, tab: why? of each number")
	if lines := strings.Split(plain(m), "\n"); !strings.Contains(lines[len(lines)-3], "╯") {
		t.Errorf("the tip cut the panels' bottom border:\n%s", plain(m))
	}
	mustShow(t, resize(t, m, 120, 40), "! the change column is the drift and events since the results; tab, tab, then ↑/↓: why any number moved")
	m = press(t, m, "tab")
	mustNotShow(t, m, "since the results")
	m = press(t, commitTurn(t, press(t, press(t, m, "tab", "tab"), addPoints...)), "enter")
	for strings.Contains(plain(m), "decides:") {
		m = press(t, m, "enter")
	}
	mustShow(t, m, "Turn 3/5")
	mustNotShow(t, m, "since the results")
}

// The ? screen explains the "pressure 3.0 vs defence 1.5" under every
// move's odds, and at 80×24 on the first turn shows every row and every
// key: the first turn's tip, shown under it, took the line the rows need.
func TestHelpExplainsPressureAndFits(t *testing.T) {
	m := press(t, resize(t, newTutorial(t), 80, 24), toTurn1Solo...)
	mustShow(t, m, "your first turn")
	m = press(t, m, "?")
	mustShow(t, m, "pressure a move's strength against your defence in its domain: the gap sets p",
		"why?    tab to the metrics", "panel (metrics: why?)")
	mustNotShow(t, m, "your first turn")
	mustShow(t, press(t, m, "?"), "your first turn")
}

// A solo game's first turn from the third without an event's dialog names
// the adviser and r, which the key line at 80 columns leaves to the ?
// screen (a solo review at 80×24 met no word of either). Once: the next
// turn and a game whose player has asked the adviser show none (a hotseat,
// with no adviser, none: adviserOffered, TestAdviserNotAtAHotseat).
func TestAdviserTip(t *testing.T) {
	toTurn3 := func(m Model, keys ...string) Model {
		m = press(t, resize(t, m, 80, 24), keys...)
		for range 2 {
			m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
			for strings.Contains(plain(m), "decides:") {
				m = press(t, m, "enter")
			}
		}
		mustShow(t, m, "Turn 3/5")
		return m
	}
	tip := "! a: an adviser's plan for this turn, doctrine by doctrine; r repeats last turn"
	m := toTurn3(newTutorial(t), toTurn1Solo...)
	mustShow(t, m, tip)
	mustShow(t, press(t, m, "a"), "An adviser's plan")
	m = press(t, commitTurn(t, press(t, m, addPoints...)), "enter")
	mustShow(t, m, "Turn 4/5")
	mustNotShow(t, m, "an adviser's plan")

	// A player who asked the adviser in the first turn knows it.
	m = toTurn3(newTutorial(t), append(append([]string{}, toTurn1Solo...), "a", "esc")...)
	mustNotShow(t, m, "an adviser's plan")

	// The White cell's word for the side comes first, and the tip waits
	// for the next turn (given first, it was used up unseen: a review).
	m = press(t, resize(t, newTutorial(t), 80, 24), toTurn1Solo...)
	for turn := 1; turn <= 3; turn++ {
		if turn == 3 {
			mustShow(t, m, "Turn 3/5", "a word from the White cell")
			mustNotShow(t, m, "an adviser's plan")
		}
		m = commitTurn(t, press(t, m, addPoints...))
		if turn == 2 {
			m.budgetNote = map[int]string{m.side: "the White cell: a word from the White cell"}
		}
		m = press(t, m, "enter")
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
	}
	mustShow(t, m, "Turn 4/5", tip)
}

// The quit dialog of a journalled game says how to take it up again: a
// bare lattice offers it first (a player who tried "lattice continue" met
// an unknown command), or lattice play --resume latest; and the turn in
// progress is said to be saved only where there is one (not on the
// results).
func TestQuitSaysHowToResume(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	m := resize(t, New(Options{Entries: []Entry{tutorialEntry(t)}, Seed: 1, Journal: true}), 80, 24)
	closeAtEnd(t, func() *Session { return m.sess })
	m = press(t, m, toTurn1Solo...)
	m = press(t, m, "right", "q")
	mustRead(t, m, "The game is saved, the turn in progress included.", "Resume later: lattice offers it first (Continue), or",
		"lattice play --resume latest")
	m = commitTurn(t, press(t, m, "n"))
	mustShow(t, m, "Results — Week 1")
	m = press(t, m, "q")
	mustShow(t, m, "The game is saved.", "Resume later: lattice offers it first (Continue), or")
	mustNotShow(t, m, "turn in progress")
}

// The results of the turn that ended the game say so, and enter is "the
// verdict" on the key line: thaad-pressure at seed 1 ends in month 6 of
// 12, and its results read like any month's, "enter continue", until the
// verdict came. Earlier results say nothing of an end.
func TestResultsSayTheGameEnds(t *testing.T) {
	m := resize(t, New(Options{Entries: []Entry{scenarioEntry(t, "thaad-pressure")}, Seed: 1}), 80, 24)
	m = press(t, m, toTurn1Solo...)
	last := func(m Model) string { lines := strings.Split(plain(m), "\n"); return lines[len(lines)-1] }
	for turn := 1; turn <= 12; turn++ {
		for strings.Contains(plain(m), "decides:") {
			m = press(t, m, "enter")
		}
		m = commitTurn(t, press(t, m, addPoints...))
		mustShow(t, m, "Results — ")
		if !m.sess.Game.Over() {
			mustNotShow(t, m, "The game ends")
			if !strings.Contains(last(m), "enter continue") {
				t.Fatalf("month %d's key line: %q", turn, last(m))
			}
			m = press(t, m, "enter")
			continue
		}
		if turn == 12 {
			t.Fatal("the game ran to its last month: the test wants an early end")
		}
		mustRead(t, m, "The game ends with this month: enter shows the verdict and why.")
		if !strings.Contains(last(m), "enter the verdict") {
			t.Fatalf("the last results' key line: %q", last(m))
		}
		mustShow(t, press(t, m, "enter"), "Verdict: ")
		return
	}
}

// An event's decision is not taken by an enter pressed once: the dialog
// opens as the results close, and an enter pressed twice for them chose
// its first answer unseen (a solo review's "Press Seoul to pay more").
// The first enter says what a second would choose; ↑/↓, or that second
// enter, chooses.
func TestDecisionNeedsASecondEnter(t *testing.T) {
	m := stateInjectDialog(t)
	i := m.dialog
	first := m.sess.C.Injects[i].Choices[0].Label
	m = press(t, m, "enter")
	if m.dialog != i || m.sess.Orders.Choices[i] >= 0 {
		t.Fatalf("one enter chose: dialog %d, choice %d", m.dialog, m.sess.Orders.Choices[i])
	}
	mustShow(t, m, "enter again chooses \""+first+"\"")
	m = press(t, m, "enter")
	if m.sess.Orders.Choices[i] != 0 {
		t.Errorf("the second enter chose %d, want 0", m.sess.Orders.Choices[i])
	}
	// An arrow arms it: one enter after it chooses.
	m = stateInjectDialog(t)
	m = press(t, m, "down", "enter")
	if m.sess.Orders.Choices[i] != 1 {
		t.Errorf("down, enter chose %d, want 1", m.sess.Orders.Choices[i])
	}
}

// The setup says how an AI ally's policy plays on its row, as the White
// cell's list of policies does.
func TestSetupSaysHowTheAIPolicyPlays(t *testing.T) {
	m := resize(t, fresh(t), 80, 24)
	m = press(t, m, "enter", "down", "down")
	mustShow(t, m, "balanced: "+sim.PolicySummary("balanced")+".")
	for range 5 {
		m = press(t, m, "right")
	}
	mustShow(t, m, "‹ AI: lookahead ›", "lookahead: plays each doctrine on, keeps the best")
	mustNotShow(t, press(t, m, "up"), "lookahead: plays each doctrine") // another row
}
