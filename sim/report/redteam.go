package report

import (
	"fmt"
	"slices"
	"strings"

	"lattice/sim"
)

// RedDebrief is the debrief of a Red team: the report of an adversary
// side (Options.Side), which a Red team reads after the game.
type RedDebrief struct {
	// Side is the adversary's name.
	Side string
	// Seen sums up what the allies' intelligence saw through of the
	// side's signals: "3 of 5 bluffs seen through; 2 of 9 real moves
	// exposed". The allies knew it during the game; the Red team is told
	// once the game is over (mid-game, Seen says that it will be).
	Seen string
	// HitRate is how the side's moves fared against their odds: "12 of 20
	// moves succeeded, against 11.3 expected from their odds".
	HitRate string
	// Moves are the side's own moves that moved the scored metrics most
	// (sim.Compiled.AdversaryMoves, in the words of DescribeImpact), TopN;
	// Helped says, for each, whether it helped the side (it was worse for
	// the allies), else it cost the side.
	Moves  []string
	Helped []bool
	// Questions are the Red team's debrief questions, before the
	// scenario's, which are written for the allies (DebriefNote says so).
	Questions []string
}

// RedQuestions are the debrief questions of a Red team's report, the same
// for every scenario (the scenario's own are written for the allies).
var RedQuestions = []string{
	"Which of your moves did the allies' defence blunt, and which landed? Were the odds you played worth it?",
	"Did your bluffs draw the allies' points away from your real moves? Which did their intelligence see through?",
	"Where did you push the allies toward the ends you wanted, and what held them back?",
	"Did you work on the seam between the allies, or on one of them? What would you try next time?",
}

// RedDebriefNote introduces, in a Red team's report, the scenario's own
// debrief questions after the Red team's.
const RedDebriefNote = "The scenario's debrief questions below are written for the allied teams: \"you\" is the allies. Read them from across the table: what did the allies do, and what did it do to your plans?"

// RedMovesNote introduces the list of a Red team's own moves that
// mattered most, for side (its name).
func RedMovesNote(side string) string {
	return sim.Possessive(side) + " own moves that moved the scored metrics most, for better or worse, each move and outcome summed over the game, the largest share of its metric's range first, each marked as it helped " + side + " (worse for the allies) or cost it."
}

// NearEndsNote introduces the list of the ends not reached.
const NearEndsNote = "Each end that is not an allied success and that the game did not reach, with the comparisons of a metric with a number in its condition: the metric's last value against the threshold, how far it was from it, and the nearest it came at any turn's end if nearer."

// redTally gathers, turn by turn, what a Red team's debrief needs of its
// side's signals and moves.
type redTally struct {
	side int
	// signals are the side's signals, where their lines are in the
	// report's turns, for the debrief to mark once the game is over.
	signals []redSignal
	moves   []sim.Move
}

type redSignal struct {
	turn, line int // indexes in Report.Turns and Turn.Signals
	sg         sim.Signal
}

// add records the side's signals and moves of a turn (the turn's row is
// row in the report's turns, its signals in g.Signals's order).
func (rt *redTally) add(row int, signals []sim.Signal, moves []sim.Move) {
	for i, sg := range signals {
		if sg.Side == rt.side {
			rt.signals = append(rt.signals, redSignal{turn: row, line: i, sg: sg})
		}
	}
	for _, mv := range moves {
		if mv.Side == rt.side {
			rt.moves = append(rt.moves, mv)
		}
	}
}

// signalName names a signal as the report's turns list it.
func signalName(c *sim.Compiled, sg sim.Signal) string {
	return c.Actions[sg.Action].Name + " " + sim.Parenthetical(c.Sides[sg.Side].Name)
}

// debrief fills r.Red for the side: once the game is over (over), each of
// its signals in r's turns says whether the allies' intelligence saw
// through it, and Seen sums them up; noBluffs is why the side never
// bluffs, if it does not.
func (rt *redTally) debrief(r *Report, c *sim.Compiled, tally sim.CauseTally, over bool, noBluffs string) {
	name := c.Sides[rt.side].Name
	d := &RedDebrief{Side: name, Questions: slices.Clone(RedQuestions)}
	r.Red = d
	switch {
	case !over:
		d.Seen = "Which of " + sim.Possessive(name) + " signals the allies' intelligence saw through is told once the game is over."
	case c.NeverBluffs(rt.side):
		d.Seen = fmt.Sprintf("The allies knew every signal of %s to be a real move: %s.", name, noBluffs)
	default:
		var bluffs, seenBluffs, reals, seenReals int
		for _, s := range rt.signals {
			status := "bluff, not seen through"
			switch {
			case s.sg.Real && s.sg.Revealed:
				status = "real move, exposed by the allies' intelligence"
			case s.sg.Real:
				status = "real move, unrevealed"
			case s.sg.Revealed:
				status = "bluff, seen through by the allies' intelligence"
			}
			if s.sg.Real {
				reals++
			} else {
				bluffs++
			}
			if s.sg.Revealed && s.sg.Real {
				seenReals++
			} else if s.sg.Revealed {
				seenBluffs++
			}
			r.Turns[s.turn].Signals[s.line] = signalName(c, s.sg) + ": " + status
		}
		d.Seen = fmt.Sprintf("%d of %s seen through by the allies' intelligence; %d of %s exposed.",
			seenBluffs, sim.Plural(bluffs, "bluff"), seenReals, sim.Plural(reals, "real move"))
		r.PerspectiveNote += " After the game, each of its signals says whether the allies' intelligence saw through it."
	}
	var tried, won, forced, forcedWon int
	var expected sim.Fix
	for _, mv := range rt.moves {
		switch {
		case mv.Forced:
			forced++
			if mv.Success {
				forcedWon++
			}
		default:
			tried++
			expected += mv.P
			if mv.Success {
				won++
			}
		}
	}
	var rate []string
	switch {
	case tried > 0:
		rate = append(rate, fmt.Sprintf("%d of %s succeeded, against %s expected from their odds.", won, sim.Plural(tried, "move"), expected.Format(1)))
	case forced == 0:
		rate = append(rate, "No move of "+name+" was adjudicated.")
	}
	if forced > 0 { // their odds decided nothing
		rate = append(rate, fmt.Sprintf("The White cell decided the outcome of %s (%d succeeded), not counted against odds.", sim.Plural(forced, "move"), forcedWon))
	}
	d.HitRate = strings.Join(rate, " ")
	for _, m := range c.AdversaryMoves(tally, rt.side, TopN) {
		d.Moves = append(d.Moves, c.DescribeImpact(m))
		d.Helped = append(d.Helped, (m.Delta > 0) == c.Metrics[m.Metric].GoodLow)
	}
}

// MoveLines are Red.Moves as the report lists them, each marked as it
// helped the Red team's side or cost it.
func (d *RedDebrief) MoveLines() []string { return helpedLines(d.Moves, d.Helped) }

// opWords says a comparison's operator in words, for its threshold.
var opWords = map[string]string{"<": "below", "<=": "at most", ">": "above", ">=": "at least"}

// nearEnds says, for each end of c that is not an allied success and that
// the game did not reach (reached: its end, −1 if none), how near it came:
// for each comparison of a metric with a number in its condition, the
// metric's last value (last) against the threshold and the distance, and
// the nearest the metric came at any turn's end (hist, the metrics after
// each turn) if nearer: "Coerced (final and gains > 20): Adversary gains
// ended at 13.38; it needed above 20.00 (6.62 short; the highest, 16.20,
// after week 4)".
// A game that goes on (inProgress) "stands at" its values.
func nearEnds(c *sim.Compiled, reached int, last []sim.Fix, hist [][]sim.Fix, histN []int, turn string, inProgress bool) []string {
	verb := "ended at"
	if inProgress {
		verb = "stands at"
	}
	var out []string
	for e := range c.Ends {
		end := &c.Ends[e]
		if end.Success || e == reached || end.Default {
			continue
		}
		head := end.Title + " (" + c.Readable(&end.When) + "): "
		ks := c.EndComparisons(e)
		if len(ks) == 0 {
			out = append(out, head+"its condition compares no metric with a number")
			continue
		}
		var parts []string
		for _, k := range ks {
			m, v := k.Metric, last[k.Metric]
			s := fmt.Sprintf("%s %s %s", c.Metrics[m].Name, verb, c.FormatMetric(m, v))
			need := opWords[k.Op] + " " + c.FormatMetric(m, k.Threshold)
			if k.Holds(v) {
				s += ", " + need + " as it needed"
			} else {
				s += "; it needed " + need + " (" + c.FormatMetric(m, (v-k.Threshold).Abs()) + " short"
				best, at := v, 0
				for t, vals := range hist {
					if w := vals[m]; (k.Low() && w < best) || (!k.Low() && w > best) {
						best, at = w, histN[t]
					}
				}
				if at > 0 {
					which := "highest"
					if k.Low() {
						which = "lowest"
					}
					s += fmt.Sprintf("; the %s, %s, after %s %d", which, c.FormatMetric(m, best), turn, at)
					if k.Holds(best) {
						s += ", when it held"
					}
				}
				s += ")"
			}
			if !slices.Contains(parts, s) {
				parts = append(parts, s)
			}
		}
		line := head + strings.Join(parts, "; ")
		if slices.ContainsFunc(ks, func(k sim.Comparison) bool { return k.Holds(last[k.Metric]) }) {
			line += " — " + sim.EndStoodInTheWay
		}
		out = append(out, line)
	}
	return out
}
