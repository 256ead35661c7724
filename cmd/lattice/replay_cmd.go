package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/sim/report"
)

func replayFlags(fs *flag.FlagSet) {
	fs.Bool("verify", false, "fail (exit 1) on a torn last record or on any turn whose state hash differs from the journal's")
	fs.Int("to", 0, "stop after turn `TURN` (default: the last turn recorded)")
	fs.String("format", "text", "output `FORM`: text (each turn's hash and orders) or json")
	fs.Bool("force", false, "replay a journal recorded by another engine version")
}

func init() {
	register(&command{
		name:    "replay",
		args:    "FILE|latest [--verify] [--to TURN] [--format text|json] [--force]",
		summary: "re-execute a game journal and check its state hashes",
		help: `Re-executes the game a journal records (see 'lattice run --journal'; "latest":
the newest in $XDG_STATE_HOME/lattice/games, named on stderr): rebuilds the
scenario from the source the journal carries, with its difficulty, overrides
and seed, plays every turn with the recorded orders, and compares each turn's
state hash with the one recorded. Turns a rollback undid are skipped. The
White cell's acts (injects fired, metrics set, outcomes decided) are applied
where they were made, after the turn's briefing; if the White cell ended the
game, the replay stops there. The text form opens with the scenario, the seed,
when and by which lattice the journal was recorded and who played each side
(as the journal shows it: a side the White cell gave to the computer and back,
the turns a Red team's side had no plan recorded, which its doctrine played);
then, for each turn, the White cell's acts of that turn, the turn with its
state hash, and beneath it the allied allocations (a side the computer played
so marked), the choices made on events, a Red team's moves and bluffs (or that
its doctrine played) and the moves its briefing called off; then the verdict
(or "The game was ended by the White cell before week N"), and "verified: N
turns, final hash H" (with --verify; "replayed: ..." without). The json form
is one object with journal, scenario, scenario_sha256, seed, difficulty,
overrides, engine, lattice, created, sides, verified, turns (per turn: turn,
line, white_cell (the acts applied before it, if any), allocations, choices,
plans (a Red team's actions and bluffs, if any), computer (side id to policy:
the sides the White cell had given to the computer), doctrine (the Red team's
sides its doctrine played: no plan recorded), called_off (side, action, bluff,
why: the moves the briefing called off), hash, recorded_hash, match),
turns_played, over, verdict, verdict_title, success, white_cell_end (the act
that ended the game, if the White cell did), white_cell_pending (acts of the
turn after the last one, not applied), hash, warnings and, for a forked game,
fork (parent, at, and reseed if it was given fresh dice).

Every line's checksum is always checked: a damaged record is an error that
names its line. A torn last line (lattice stopped while writing it) is a
warning, or with --verify an error; --verify also fails on the first turn
whose hash differs, naming it with both hashes. A journal recorded by
another engine version is refused unless --force.`,
		run:   cmdReplay,
		flags: replayFlags,
	})
}

// startJournal creates the journal of a `lattice run` game at path (nil
// if path is empty). spec is the --policy map, to find policy files.
func startJournal(path, scenario string, c *sim.Compiled, difficulty string, sets []string, seed uint64, pols []sim.Policy, spec map[string]string) (*journal.Writer, error) {
	if path == "" {
		return nil, nil
	}
	if err := missingDirError("create journal", path); err != nil {
		return nil, err
	}
	sides, err := journal.Sides(c, pols, nil, func(s int) ([]byte, error) {
		name := spec[c.Sides[s].ID] // the rule of sim.ResolvePolicies
		if name == "" {
			name = c.PolicyFile(s) // beside the scenario
		}
		return readPolicyFile(name)
	})
	if err != nil {
		return nil, err
	}
	h, err := journal.NewHeader(journal.Setup{Scenario: scenario, Compiled: c, Difficulty: difficulty, Overrides: sets,
		Seed: seed, Sides: sides, Lattice: Version, Created: time.Now()})
	if err != nil {
		return nil, err
	}
	return journal.Create(path, h)
}

// readPolicyFile reads the policy file name, for a journal to keep.
func readPolicyFile(name string) ([]byte, error) {
	data, err := readUserFile(name, maxPolicyFile, "a policy .toml file")
	if err != nil {
		return nil, fmt.Errorf("policy file %s: %v", name, err)
	}
	return data, nil
}

// journalTurn appends the turn just stepped to jw (if not nil).
func journalTurn(jw *journal.Writer, c *sim.Compiled, o *sim.Orders, r *sim.Result, g *sim.Game) error {
	if jw == nil {
		return nil
	}
	return jw.Turn(journal.NewTurn(c, r.Turn, o, nil, g.Hash()))
}

// replayRecord is the json form of `lattice replay`.
type replayRecord struct {
	Journal     string         `json:"journal"`
	Scenario    string         `json:"scenario"`
	ScenarioSHA string         `json:"scenario_sha256"`
	Seed        uint64         `json:"seed,string"`
	Difficulty  string         `json:"difficulty"`
	Overrides   []string       `json:"overrides"`
	Engine      string         `json:"engine"`
	Lattice     string         `json:"lattice"`
	Created     string         `json:"created"`
	Sides       []journal.Side `json:"sides"`
	Verified    bool           `json:"verified"`
	Turns       []replayTurn   `json:"turns"`
	TurnsPlayed int            `json:"turns_played"`
	Over        bool           `json:"over"`
	Verdict     string         `json:"verdict,omitempty"`
	VerdictText string         `json:"verdict_title,omitempty"`
	Success     bool           `json:"success"`
	// WhiteCellEnd is the White cell's act that ended the game, if any.
	WhiteCellEnd *journal.WhiteCell `json:"white_cell_end,omitempty"`
	// WhiteCellPending lists the acts of the turn after the last one
	// replayed, which are not applied.
	WhiteCellPending []journal.WhiteCell `json:"white_cell_pending,omitempty"`
	Hash             string              `json:"hash"`
	Warnings         []string            `json:"warnings"`
	// Fork is set for the journal of a forked game.
	Fork *forkRecord `json:"fork,omitempty"`
}

type replayTurn struct {
	Turn        int                       `json:"turn"`
	Line        int                       `json:"line"`
	WhiteCell   []journal.WhiteCell       `json:"white_cell,omitempty"`
	Allocations map[string]map[string]int `json:"allocations"`
	Choices     map[string]string         `json:"choices"`
	Plans       map[string]journal.Plan   `json:"plans,omitempty"`
	// Computer maps the sides the White cell had given to the computer
	// this turn to the policy it played them with.
	Computer map[string]string `json:"computer,omitempty"`
	// Doctrine lists the sides a Red team was to play with no plan
	// recorded this turn: their doctrine played them.
	Doctrine []string `json:"doctrine,omitempty"`
	// CalledOff lists the Red teams' moves the briefing called off.
	CalledOff    []calledOffRecord `json:"called_off,omitempty"`
	Hash         string            `json:"hash"`
	RecordedHash string            `json:"recorded_hash"`
	Match        bool              `json:"match"`
}

// calledOffRecord is a Red team's move or bluff its briefing called off.
type calledOffRecord struct {
	Side   string `json:"side"`
	Action string `json:"action"`
	Bluff  bool   `json:"bluff"`
	Why    string `json:"why"`
}

func cmdReplay(ctx context.Context, e *env, args []string) int {
	c := lookup("replay")
	fs := newFlags(c, e)
	verify := fs.Bool("verify", false, "")
	to := fs.Int("to", 0, "")
	format := fs.String("format", "text", "")
	force := fs.Bool("force", false, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 1 {
		return usageError(e, c, "give exactly one journal file")
	}
	if pos[0], code = latestArg(e, "replay", pos[0]); code >= 0 {
		return code
	}
	*format = sameFormat(*format, "text")
	if *format != "text" && *format != "json" {
		return usageError(e, c, "unknown --format %q: text or json", *format)
	}
	toSet := false
	fs.Visit(func(f *flag.Flag) { toSet = toSet || f.Name == "to" })
	if *to < 0 || toSet && *to == 0 { // 0 is the default: every turn
		return usageError(e, c, "--to %d: expected a turn number, 1 or more", *to)
	}
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "lattice replay: %s\n", journalErrorText(err, "replays"))
		return exitInvalid
	}
	j, warns, err := journal.ReadWith(pos[0], journal.ReadOptions{Force: *force})
	if err != nil {
		return fail(journalFileError(pos[0], err))
	}
	h := &j.Header
	var out bytes.Buffer // written only if the replay succeeds
	w := bufio.NewWriter(&out)
	text := *format == "text"
	var comp *sim.Compiled
	var hands *report.Hands
	label := "Turn"
	calledOff := map[int][]sim.CalledOff{} // by turn
	res, err := journal.Replay(j, journal.Options{Verify: *verify, To: *to, Force: *force,
		OnTurn: func(t *journal.TurnResult, g *sim.Game, r *sim.Result) error {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if comp == nil {
				comp = g.Compiled()
				label = comp.TurnLabel
				hands = report.NewHands(j, comp, *to)
				if text {
					writeReplayHeader(w, comp, h, hands)
				}
			}
			calledOff[t.Turn] = slices.Clone(g.CalledOff()) // valid until the next briefing
			if text {
				noun := strings.ToLower(label)
				for k := range t.WhiteCell {
					fmt.Fprintln(w, whiteCellLine(comp, noun, &t.WhiteCell[k]))
				}
				for k := range t.Void {
					fmt.Fprintln(w, whiteCellLine(comp, noun, &t.Void[k])+" (no effect: the adversary did not make that move)")
				}
				writeReplayTurn(w, comp, label, t, hands, calledOff[t.Turn])
			}
			return nil
		}})
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(e.stderr, "lattice replay: interrupted")
			return exitInterrupted
		}
		return fail(err)
	}
	comp, g := res.Compiled, res.Game
	for _, w := range warns {
		fmt.Fprintf(e.stderr, "lattice replay: warning: %s: %s\n", sim.Sanitize(j.Path, false), sim.Sanitize(w.String(), false))
	}
	for _, tr := range res.Turns {
		if !tr.Match {
			more := ""
			if n := len(res.Diverged) - 1; n > 0 {
				more = fmt.Sprintf(" (and %s)", sim.Plural(n, "later turn"))
			}
			fmt.Fprintf(e.stderr, "lattice replay: warning: %s: line %d: turn %d diverges: the journal records hash %s, the replay gives %s%s; --verify makes this an error\n",
				sim.Sanitize(j.Path, false), tr.Line, tr.Turn, sim.Sanitize(tr.Recorded, false), tr.Hash, more)
			break
		}
	}
	played := len(res.Turns)
	if !text {
		rec := replayRecord{Journal: j.Path, Scenario: comp.ID, ScenarioSHA: h.ScenarioSHA, Seed: h.Seed, Difficulty: difficultyName(h.Difficulty),
			Overrides: append([]string{}, h.Overrides...), Engine: h.Engine, Lattice: h.Lattice, Created: h.Created,
			Sides: h.Sides, Verified: *verify, Turns: []replayTurn{}, TurnsPlayed: played, Over: g.Over(), Hash: res.Hash, Warnings: []string{},
			Fork: newForkRecord(h)}
		if rec.Sides == nil {
			rec.Sides = []journal.Side{}
		}
		for _, tr := range res.Turns {
			ch := tr.Record.Choices
			if ch == nil {
				ch = map[string]string{}
			}
			rt := replayTurn{Turn: tr.Turn, Line: tr.Line, WhiteCell: tr.WhiteCell, Allocations: tr.Record.Orders, Choices: ch, Plans: tr.Record.Plans,
				Hash: tr.Hash, RecordedHash: tr.Recorded, Match: tr.Match}
			for s := range comp.Sides {
				id := comp.Sides[s].ID
				if a := hands.Computer(tr.Turn, s); a != nil {
					if rt.Computer == nil {
						rt.Computer = map[string]string{}
					}
					rt.Computer[id] = a.Value
				}
				if hands.Doctrine(tr.Turn, s) {
					rt.Doctrine = append(rt.Doctrine, id)
				}
			}
			for _, co := range calledOff[tr.Turn] {
				rt.CalledOff = append(rt.CalledOff, calledOffRecord{Side: comp.Sides[co.Side].ID, Action: comp.Actions[co.Action].ID, Bluff: !co.Real, Why: co.Why})
			}
			rec.Turns = append(rec.Turns, rt)
		}
		if g.Over() {
			end := comp.Ends[g.End()]
			rec.Verdict, rec.VerdictText, rec.Success = end.ID, end.Title, end.Success
		}
		if res.Stopped != nil {
			rec.WhiteCellEnd = res.Stopped.WhiteCell
		}
		rec.WhiteCellPending = res.Pending
		for _, wn := range warns {
			rec.Warnings = append(rec.Warnings, wn.String())
		}
		return writeJSON(e, rec)
	}
	if comp != nil && played == 0 {
		writeReplayHeader(w, comp, h, report.NewHands(j, comp, *to))
	}
	noun := strings.ToLower(comp.TurnLabel)
	for _, a := range res.Pending {
		if !a.OnGame() { // the timer's acts ran the session all the same
			fmt.Fprintln(w, whiteCellLine(comp, noun, &a))
			continue
		}
		fmt.Fprintf(w, "%s (not applied: %s %d was not played)\n", whiteCellLine(comp, noun, &a), noun, a.Turn)
	}
	switch {
	case res.Stopped != nil && !g.Over():
		st := res.Stopped.WhiteCell
		line := fmt.Sprintf("The game was ended by the White cell before %s %d (line %d)", noun, st.Turn, res.Stopped.Line)
		if reason := strings.TrimSpace(sim.Sanitize(st.Reason, false)); reason != "" {
			line += ": " + reason
		}
		fmt.Fprintln(w, line+".")
	case g.Over():
		end := comp.Ends[g.End()]
		outcome := "not an allied success"
		if end.Success {
			outcome = "allied success"
		}
		fmt.Fprintf(w, "Verdict after %s: %s (%s)\n", sim.Plural(g.Turn(), noun), end.Title, outcome)
	case *to > 0:
		fmt.Fprintf(w, "Stopped after %s %d of %d, as asked.\n", noun, *to, comp.Turns)
	default:
		fmt.Fprintf(w, "The journal ends after %s of %d: the game was not finished.\n", sim.Plural(played, noun), comp.Turns)
	}
	word := "replayed"
	if *verify {
		word = "verified"
	}
	fmt.Fprintf(w, "%s: %s, final hash %s\n", word, sim.Plural(played, "turn"), res.Hash)
	w.Flush()
	if _, err := e.stdout.Write(out.Bytes()); err != nil {
		return writeFailed(e, err)
	}
	return exitOK
}

// writeReplayHeader writes the text form's opening lines: the scenario,
// the seed, the recording, and who played each side, as hands has it
// where the journal shows more than the header (a side given to the
// computer, a Red team's side its doctrine played).
func writeReplayHeader(w *bufio.Writer, c *sim.Compiled, h *journal.Header, hands *report.Hands) {
	fmt.Fprintf(w, "%s — seed %d\n  recorded %s by lattice %s, engine %s\n", c.Title, h.Seed,
		sim.Sanitize(h.Created, false), sim.Sanitize(h.Lattice, false), sim.Sanitize(h.Engine, false))
	if h.Difficulty != "" {
		fmt.Fprintf(w, "  difficulty %s\n", sim.Sanitize(h.Difficulty, false))
	}
	for _, kv := range h.Overrides {
		fmt.Fprintf(w, "  override %s\n", sim.Sanitize(kv, false))
	}
	writeForkLine(w, h, c.TurnLabel)
	var who []string
	told := false // the journal tells more than the header
	for _, s := range h.Sides {
		name := s.ID
		p := s.Player
		if s.Policy != "" {
			p += " (" + s.Policy + ")"
		}
		if k := c.SideIndex(s.ID); k >= 0 {
			name = c.Sides[k].Name
			if played := hands.Played(k, p, false, strings.ToLower(c.TurnLabel), false); played != p {
				p, told = played, true
			}
		}
		who = append(who, sim.Sanitize(name+": "+p, false))
	}
	if told { // a side a line, its words wrapped: one ran past 80 columns
		for _, s := range who {
			writeWrapped(w, "", strings.Fields(s))
		}
		return
	}
	for i := range len(who) - 1 {
		who[i] += " ·"
	}
	if len(who) > 0 {
		writeWrapped(w, "", who) // five sides ran to 120 columns
	}
}

// writeReplayTurn writes turn t's lines: its hash, each allied side's
// allocation (marked where the computer played a side people were to
// play, as hands says), a Red team's plan or that its doctrine played it,
// the moves the briefing called off (off) and the decisions on events.
func writeReplayTurn(w *bufio.Writer, c *sim.Compiled, label string, t *journal.TurnResult, hands *report.Hands, off []sim.CalledOff) {
	// "Week 1 · hash", then one indented line per side and per decision,
	// each wrapped to fit 80 columns (they ran to 200 and more on one line).
	head := fmt.Sprintf("%s %d · %s", label, t.Turn, t.Hash)
	if !t.Match {
		head += " (the journal has " + sim.Sanitize(t.Recorded, false) + ": differs)"
	}
	fmt.Fprintln(w, head)
	for _, s := range c.Alliance() {
		pts := t.Record.Orders[c.Sides[s].ID]
		var parts []string
		for l := range c.Levers {
			if p := pts[c.Levers[l].ID]; p > 0 {
				parts = append(parts, c.Levers[l].Name+" "+strconv.Itoa(p))
			}
		}
		if len(parts) == 0 {
			parts = []string{"nothing"}
		}
		lead := c.Sides[s].Name + ": "
		if a := hands.Computer(t.Turn, s); a != nil {
			lead = c.Sides[s].Name + " (the computer, " + sim.Sanitize(a.Value, false) + "): "
		}
		writeWrapped(w, lead, parts)
	}
	// A Red team's orders: the moves and bluffs it chose (a side left to
	// its doctrine has no plan; its moves follow from the seed).
	for s := range c.Sides {
		if hands.Doctrine(t.Turn, s) {
			writeWrapped(w, "", strings.Fields(c.Sides[s].Name+": its doctrine (no Red team's plan recorded)"))
		}
		p, ok := t.Record.Plans[c.Sides[s].ID]
		if !ok || !c.Sides[s].Adversary {
			continue
		}
		var parts []string
		for _, group := range []struct {
			word string
			ids  []string
		}{{"moves", p.Actions}, {"bluffs", p.Bluffs}} {
			for i, id := range group.ids {
				name := sim.Sanitize(id, false)
				if a := c.ActionIndex(id); a >= 0 {
					name = c.Actions[a].Name
				}
				if i == 0 {
					name = group.word + " " + name
				}
				parts = append(parts, name)
			}
		}
		if len(parts) == 0 {
			parts = []string{"no move"}
		}
		writeWrapped(w, c.Sides[s].Name+" (Red team): ", parts)
	}
	for _, co := range off {
		writeWrapped(w, "", strings.Fields(report.CalledOffLine(c, co)))
	}
	ids := make([]string, 0, len(t.Record.Choices))
	for id := range t.Record.Choices {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		for i := range c.Injects {
			in := &c.Injects[i]
			if in.ID != id {
				continue
			}
			for _, ch := range in.Choices {
				if ch.ID == t.Record.Choices[id] {
					writeWrapped(w, "", strings.Fields("Decision on "+in.Title+": "+ch.Label))
				}
			}
		}
	}
}

// replayWidth is the width replay's text lines are wrapped to.
const replayWidth = 80

// writeWrapped writes lead and items as lines of at most replayWidth
// columns: the first indented two spaces, the rest four. Items are joined
// by ", " when lead is not empty (a side's allocation) and by a space when
// it is (the words of a sentence); a line breaks only between items, so an
// item longer than a line has one of its own.
func writeWrapped(w *bufio.Writer, lead string, items []string) {
	sep := ", "
	if lead == "" {
		sep = " "
	}
	line := "  " + lead
	width := utf8.RuneCountInString(line)
	for i, it := range items {
		n := utf8.RuneCountInString(it)
		switch {
		case i == 0:
		case width+len(strings.TrimRight(sep, " "))+1+n > replayWidth:
			fmt.Fprintln(w, line+strings.TrimRight(sep, " "))
			line, width = "    ", 4
		default:
			line += sep
			width += len(sep)
		}
		line += it
		width += n
	}
	fmt.Fprintln(w, line)
}

// whiteCellLine is a line of `lattice replay` for a White-cell act:
// "White cell in week 3: fired inject "…" (by console) — why".
func whiteCellLine(c *sim.Compiled, noun string, a *journal.WhiteCell) string {
	line := fmt.Sprintf("White cell in %s %d: %s", noun, a.Turn, a.Describe(c))
	// Who, where it was not the White cell itself ("White cell in week 3:
	// … (by White cell)" said it twice): a console, a facilitator's key.
	if by := strings.TrimSpace(sim.Sanitize(a.By, false)); by != "" && !strings.EqualFold(by, "white cell") {
		line += " (by " + by + ")"
	}
	if reason := strings.TrimSpace(sim.Sanitize(a.Reason, false)); reason != "" {
		line += " — " + reason
	}
	return line
}
