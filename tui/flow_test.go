package tui

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/charmbracelet/x/vt"
)

// vterm runs the interface as a real program (teatest) and keeps what it
// has drawn in a virtual terminal: Bubble Tea writes only the cells that
// change, so the screen, not the byte stream, is what the tests read.
type vterm struct {
	t   *testing.T
	tm  *teatest.TestModel
	emu *vt.Emulator
	out io.Reader
}

func startVterm(t *testing.T, m Model, w, h int) *vterm {
	t.Helper()
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	emu := vt.NewEmulator(w, h)
	// The emulator answers the program's terminal queries on its input
	// pipe; nobody reads them here, so drain the pipe.
	go func() { _, _ = io.Copy(io.Discard, emu) }()
	t.Cleanup(func() {
		if c, ok := emu.InputPipe().(io.Closer); ok {
			_ = c.Close()
		}
	})
	return &vterm{t: t, tm: tm, emu: emu, out: io.TeeReader(tm.Output(), onlcr{emu})}
}

// onlcr maps LF to CR LF, as a terminal's line discipline does for a
// program's output (Bubble Tea relies on it).
type onlcr struct{ w io.Writer }

func (o onlcr) Write(p []byte) (int, error) {
	if _, err := o.w.Write(bytes.ReplaceAll(p, []byte("\n"), []byte("\r\n"))); err != nil {
		return 0, err
	}
	return len(p), nil
}

// screenTB adds the virtual screen to a failed WaitFor's message (teatest
// prints the raw byte stream, which is unreadable).
type screenTB struct {
	testing.TB
	v    *vterm
	what string
}

func (s screenTB) Fatal(args ...any) {
	s.TB.Helper()
	s.TB.Fatalf("waiting for %s: %v\nscreen now:\n%s", s.what, fmt.Sprint(args...), s.v.emu.String())
}

// waitFor waits until the screen satisfies cond, and returns it.
func (v *vterm) waitFor(what string, cond func(screen string) bool) string {
	v.t.Helper()
	var last string
	teatest.WaitFor(screenTB{v.t, v, what}, v.out, func([]byte) bool {
		last = v.emu.String()
		return cond(last)
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(5*time.Millisecond))
	return last
}

// waitText waits until the screen shows every string.
func (v *vterm) waitText(want ...string) string {
	v.t.Helper()
	return v.waitFor(fmt.Sprintf("%q", want), func(s string) bool {
		for _, w := range want {
			if !strings.Contains(s, w) {
				return false
			}
		}
		return true
	})
}

// keys types key presses.
func (v *vterm) keys(names ...string) {
	for _, k := range names {
		v.tm.Send(keyMsg(k))
	}
}

// finish waits for the program to end and returns its final model, after
// feeding the rest of the output to the virtual terminal.
func (v *vterm) finish() Model {
	v.t.Helper()
	v.tm.WaitFinished(v.t, teatest.WithFinalTimeout(10*time.Second))
	if _, err := io.ReadAll(v.out); err != nil {
		v.t.Fatal(err)
	}
	fm, ok := v.tm.FinalModel(v.t).(Model)
	if !ok {
		v.t.Fatalf("final model is %T", v.tm.FinalModel(v.t))
	}
	return fm
}

// checkRestored: after quitting, the terminal is back on its main screen
// with the cursor shown.
func (v *vterm) checkRestored() {
	v.t.Helper()
	if v.emu.IsAltScreen() {
		v.t.Error("the program quit but left the terminal in the alternate screen")
	}
	if v.emu.CursorHidden() {
		v.t.Error("the program quit but left the cursor hidden")
	}
}

// commitAndWait presses enter on the turn screen, answers the "commit
// with budget left?" confirmation if it comes, and waits for what follows.
func (v *vterm) commitAndWait(next string) {
	v.t.Helper()
	v.keys("enter")
	s := v.waitFor("the confirmation or "+next, func(s string) bool {
		return strings.Contains(s, "Commit with budget left?") || strings.Contains(s, next)
	})
	if strings.Contains(s, "Commit with budget left?") {
		v.keys("enter")
		v.waitText(next)
	}
}

// TestFlowSoloTutorial plays the tutorial from the picker to the scorecard
// by key presses only, solo as South Korea at seed 1, then quits.
func TestFlowSoloTutorial(t *testing.T) {
	v := startVterm(t, newTutorial(t), 80, 24)
	v.waitText("Choose a scenario", "▸ tutorial")
	v.keys("enter")
	v.waitText("Solo — you play one side", "South Korea                  You", "Seed                         1")
	v.keys("enter")
	v.waitText("Briefing — Tutorial: Five Weeks in the West Sea")
	v.keys("enter")
	turns := 0
	for turn := 1; ; turn++ {
		if turn > 10 {
			t.Fatal("no scorecard after 10 turns")
		}
		s := v.waitFor(fmt.Sprintf("week %d's turn screen", turn), func(s string) bool {
			return strings.Contains(s, fmt.Sprintf("Turn %d/5", turn)) &&
				(strings.Contains(s, "Allocation") || strings.Contains(s, "decides:"))
		})
		if !strings.Contains(s, "South Korea") {
			t.Fatalf("week %d: the header does not name the side played:\n%s", turn, s)
		}
		for strings.Contains(s, "decides:") {
			v.keys("enter")
			s = v.waitText(fmt.Sprintf("Turn %d/5", turn), "Allocation")
		}
		v.keys(addPoints...)
		v.waitText("●●○○", "spent 3.0")
		v.commitAndWait(fmt.Sprintf("Results — Week %d", turn))
		turns++
		v.keys("enter")
		s = v.waitFor("the next week or the scorecard", func(s string) bool {
			return strings.Contains(s, "Verdict:") || strings.Contains(s, fmt.Sprintf("Turn %d/5", turn+1))
		})
		if strings.Contains(s, "Verdict:") {
			break
		}
	}
	s := v.waitText("Verdict:", "Scorecard", "grade", "Private objectives")
	if !regexp.MustCompile(`[✓✗] (allied success|not an allied success)`).MatchString(s) {
		t.Fatalf("the verdict does not say whether it is an allied success:\n%s", s)
	}
	v.keys("q")
	v.waitText("Quit Lattice?")
	v.keys("y")
	fm := v.finish()
	v.checkRestored()
	if fm.sess == nil || !fm.sess.Game.Over() {
		t.Fatal("the program quit from the scorecard but the game is not over")
	}
	if got, want := len(fm.sess.Results), turns; got != want {
		t.Fatalf("%d turns recorded, %d played", got, want)
	}
}

// TestFlowHotseatRedTeam plays three weeks of a hotseat game with both
// allies and a human Red team: every team behind a hand-over screen, the
// adversary's planning screen, the United States' inject decision in week
// 3; then quits mid-game.
func TestFlowHotseatRedTeam(t *testing.T) {
	v := startVterm(t, newTutorial(t), 80, 24)
	v.waitText("Choose a scenario")
	v.keys("enter", "right")
	v.waitText("Hotseat — several teams share this screen", "South Korea                  Human")
	v.keys("down", "down", "down", "right")
	v.waitText("‹ Human (Red team) ›")
	v.keys("enter")
	v.waitText("Briefing —")
	v.keys("enter")

	// The adversary's move each week: index into the playbook, real.
	moves := []struct {
		keys []string
		name string
	}{
		{[]string{"r", "down", "down", "b"}, "Maritime militia swarm"},
		{[]string{"down", "r"}, "Steel structure at sea"},
		{[]string{"r", "down", "down", "down", "b"}, "Maritime militia swarm"},
	}
	for week := 1; week <= 3; week++ {
		v.waitText(fmt.Sprintf("Hand over — Week %d", week), "Adversary, it is your turn.", "Press space when Adversary is at the keyboard.")
		v.keys("space")
		s := v.waitText(fmt.Sprintf("Adversary — Week %d: choose your moves", week), "[ ] Maritime militia swarm")
		if strings.Contains(s, "Allocation") || strings.Contains(s, "budget") {
			t.Fatalf("week %d: the Red team sees the allies' allocation:\n%s", week, s)
		}
		v.keys(moves[week-1].keys...)
		v.waitText("[R] " + moves[week-1].name)
		v.keys("enter")

		for _, side := range []string{"South Korea", "United States"} {
			s = v.waitText(fmt.Sprintf("Hand over — Week %d", week), side+", it is your turn.")
			if strings.Contains(s, "[R]") || strings.Contains(s, "●") {
				t.Fatalf("week %d: the hand-over to %s shows another team's plan:\n%s", week, side, s)
			}
			// The commit's enter pressed twice stays here: it passed the
			// hand-over, and the team read the next one's objective.
			v.keys("enter")
			v.waitText(fmt.Sprintf("Hand over — Week %d", week), "enter does nothing here")
			v.keys("space")
			s = v.waitFor(side+"'s turn screen", func(s string) bool {
				return strings.Contains(s, fmt.Sprintf("Turn %d/5", week)) && strings.Contains(s, side) &&
					(strings.Contains(s, "Allocation") || strings.Contains(s, "decides:"))
			})
			if strings.Contains(s, "decides:") {
				if side != "United States" || week != 3 || !strings.Contains(s, "Research vessel blocked") {
					t.Fatalf("week %d: unexpected dialog for %s:\n%s", week, side, s)
				}
				v.keys("down")
				v.waitText("▸ Handle it quietly")
				v.keys("enter")
				s = v.waitText("Allocation", "spent 0.0")
			} else if side == "United States" && week == 3 {
				t.Fatalf("week 3: the United States is not asked to decide the research-vessel inject:\n%s", s)
			}
			if !strings.Contains(s, "spent 0.0") {
				t.Fatalf("week %d: %s does not start from an empty draft (another team's points shown?):\n%s", week, side, s)
			}
			v.keys(addPoints...)
			v.waitText("spent 3.0")
			next := "United States, it is your turn."
			if side == "United States" {
				next = fmt.Sprintf("Results — Week %d", week)
			}
			v.commitAndWait(next)
		}
		s = v.waitText(fmt.Sprintf("Results — Week %d", week), moves[week-1].name)
		if week == 3 {
			v.waitText("◆ Research vessel blocked: United States chose Handle it quietly")
		}
		v.keys("enter")
	}
	v.waitText("Hand over — Week 4", "Adversary, it is your turn.")
	v.keys("q")
	v.waitText("Quit Lattice?")
	v.keys("n")
	v.waitText("Hand over — Week 4")
	v.keys("q", "y")
	fm := v.finish()
	v.checkRestored()
	if fm.sess == nil || len(fm.sess.Results) != 3 || fm.sess.Game.Over() {
		t.Fatalf("after three weeks and quitting: session %+v", fm.sess)
	}
}

// TestFlowResize resizes the running program: too small, back, and wide.
func TestFlowResize(t *testing.T) {
	v := startVterm(t, newTutorial(t), 80, 24)
	v.waitText("Choose a scenario")
	v.keys(toTurn1Solo...)
	v.waitText("Turn 1/5", "Allocation")
	for _, sz := range [][2]int{{50, 16}, {60, 20}, {80, 24}, {160, 48}, {100, 30}} {
		v.emu.Resize(sz[0], sz[1])
		v.tm.Send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		if sz[0] < turnMinWidth || sz[1] < turnMinHeight {
			v.waitText(fmt.Sprintf("terminal too small (have %d×%d, need %d×%d)", sz[0], sz[1], turnMinWidth, turnMinHeight))
			continue
		}
		// The header is right-aligned to the terminal's width: wait for the
		// frame drawn at the new size.
		s := v.waitFor(fmt.Sprintf("the turn screen at %d×%d", sz[0], sz[1]), func(s string) bool {
			first := strings.SplitN(s, "\n", 2)[0]
			return strings.HasPrefix(first, "Turn 1/5") && ansi.StringWidth(first) == sz[0] &&
				strings.Count(s, "\n")+1 == sz[1]
		})
		threeCols := regexp.MustCompile(`Metrics.*Allocation.*Intelligence and events`).MatchString(s)
		if threeCols != (sz[0] >= 150) {
			t.Fatalf("at %d×%d three columns = %v:\n%s", sz[0], sz[1], threeCols, s)
		}
	}
	v.keys("ctrl+c")
	v.finish()
	v.checkRestored()
}
