package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/journal"
)

// listFlag collects a repeatable flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func runFlags(fs *flag.FlagSet) {
	fs.Uint64("seed", 1, "run seed `N` (the same arguments always give the same game)")
	fs.Var(new(listFlag), "policy", "AI `SIDE=POLICY,...` for allied sides (balanced, deterrence-first, resilience-first, alliance-first, free-rider, lookahead, or a policy .toml file)")
	fs.Var(new(listFlag), "set", "override a scenario value, `KEY=VALUE` (repeatable; see 'lattice keys SCENARIO')")
	fs.String("difficulty", "", "difficulty `LEVEL` defined by the scenario (easy, normal, hard)")
	fs.String("format", "text", "output `FORM`: text (a per-turn log with the ledger) or json")
	fs.String("journal", "", "write the game's journal to `FILE` as it goes (a new file; see 'lattice help replay')")
	fs.String("resume", "", "continue the game journalled in `FILE` to its end, appending to it")
	fs.String("fork", "", "start a new game from the state of the game journalled in `FILE` after turn --at (with --policy: other AI policies)")
	fs.Int("at", 0, "with --fork, which needs it: the parent's `TURN` to fork after, 0 for the start (default: none)")
}

func init() {
	register(&command{
		name:    "run",
		args:    "SCENARIO [--seed N] [--policy SIDE=POLICY,...] [--set KEY=VALUE ...] [--difficulty LEVEL] [--format text|json] [--journal FILE] | --resume FILE | --fork FILE --at TURN [--seed N] [--policy SIDE=POLICY,...] [--journal FILE]",
		summary: "play one whole game headless, AI on every side",
		help: `Plays SCENARIO (a built-in id or a .toml path) from the first turn to its end,
with an AI policy on every allied side and the adversary's doctrine on the
other. The text form is a per-turn log: signals, injects, each side's
allocation and why its AI put points where it did (lever by lever: what
weighed most), the adversary's moves with their odds and rolls, and for
every metric that moved, old → new and why. The json form is one object with
scenario, seed (a decimal string, exact in any JSON reader), difficulty,
policies, overrides, turns_played, verdict, success, objectives, metrics
(final values by id), scorecard, key_decisions and key_moves (the
decisions that mattered most and the adversary moves that hurt most, each
with its cause, name, side, metric, change over the game and share of the
metric's range; a move that succeeded also names its counters, the two
levers that defend its domain best per budget point), turns (per turn:
metrics, allied allocations, reasons (side → lever → why its AI chose
it), lookahead (side → the doctrine lookahead chose, and per doctrine its
imagined futures played, won, lost, true_wins and objective), moves,
injects) and hash (the final state hash,
hex). The text form ends with the verdict, the scorecard and the same two
rankings.
The same arguments always give byte-identical output. --seed defaults to 1.
--journal FILE also records the game, turn by turn, for 'lattice replay'.
A scenario file with validate's warnings is said on stderr, with their
count, and so is a warning of a --set value (weight=0.00001 plays as 0). A
--set that changes nothing played (an adversary's budget, support or
priorities: it plays its doctrine) is said on stderr; a side's policy given
by both --set side.SIDE.policy and --policy is refused.

--resume FILE continues a journalled game (stopped, crashed or killed) to its
end: it replays the journal (a torn last record is reported and skipped),
then plays on with the policies the journal names, appending each turn. The
game is the one an uninterrupted run would have played.

FILE may be "latest": the newest journal in $XDG_STATE_HOME/lattice/games,
named on stderr.

--fork FILE --at TURN starts a new game from the state of FILE's game after
TURN, with the same policies, in a new journal (--journal FILE, else a new
file in $XDG_STATE_HOME/lattice/games, named on stderr). The fork's journal
names its parent and turn and carries copies of the parent's first TURN
turns, so it replays on its own. Without --seed the fork keeps the parent's
dice (it plays as the parent would have); --seed N gives it fresh dice.
--policy SIDE=POLICY,... hands the named sides to other AI policies from
there (a side a person played needs one): with --seed, it replays one
continuation of a batch --from arm. Its json has the parent's seed under
seed, and fork: parent, at and (with --seed) reseed.`,
		run:   cmdRun,
		flags: runFlags,
	})
}

// parsePolicySpec parses "rok=balanced,us=lookahead" (possibly repeated).
func parsePolicySpec(specs []string) (map[string]string, error) {
	m := map[string]string{}
	for _, spec := range specs {
		for _, part := range strings.Split(spec, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			side, pol, ok := strings.Cut(part, "=")
			if !ok && (slices.Contains(sim.PolicyNames(), part) || strings.HasSuffix(part, ".toml")) {
				// "--policy balanced": a policy with no side.
				return nil, fmt.Errorf("--policy %q: expected SIDE=POLICY: name the side that plays it, such as rok=%s (one SIDE=POLICY per side, comma-separated)", part, part)
			}
			if !ok || side == "" || pol == "" {
				return nil, fmt.Errorf("--policy %q: expected SIDE=POLICY", part)
			}
			if prev, dup := m[side]; dup {
				return nil, fmt.Errorf("--policy: side %q is given twice (%s and %s): give each side once", side, prev, pol)
			}
			m[side] = pol
		}
	}
	return m, nil
}

// strayListValue says, of the arguments taken for scenarios, the first that
// is rather a list flag's value typed after a space instead of a comma
// ("--policies balanced free-rider", "--policy rok=balanced us=free-rider",
// "--set side.rok.budget=4 6"), which was reported as a scenario not found
// or one scenario too many; "" if none is (a file of that name is a
// scenario).
func strayListValue(pos []string) string {
	for _, a := range pos {
		if _, err := os.Stat(a); err == nil || slices.Contains(scenarios.IDs(), a) {
			continue
		}
		shown := sim.Sanitize(a, false)
		if _, err := sim.PolicyByName(a); err == nil {
			return fmt.Sprintf("%s is a policy, not a scenario: a list's values are joined by commas, without spaces (--policies balanced,%s)", shown, shown)
		}
		if strings.Contains(a, "=") && !strings.HasSuffix(a, ".toml") {
			return fmt.Sprintf("%s is not a scenario: a list's values are joined by commas, without spaces (--policy rok=balanced,%s), or the flag is given again", shown, shown)
		}
		if _, err := strconv.ParseFloat(a, 64); err == nil {
			return fmt.Sprintf("%s is a number, not a scenario: a list's values are joined by commas, without spaces (--set KEY=V1,%s)", shown, shown)
		}
	}
	return ""
}

// policyFile loads a policy from a .toml file path.
func policyFile(name string) (sim.Policy, error) {
	if !strings.HasSuffix(name, ".toml") {
		_, err := sim.PolicyByName(name)
		if err != nil {
			if st, serr := os.Stat(name + ".toml"); serr == nil && st.Mode().IsRegular() {
				// As for a scenario named without its .toml.
				return nil, fmt.Errorf("unknown policy %q; did you mean the file %s?", name, name+".toml")
			}
		}
		return nil, err
	}
	data, err := readUserFile(name, maxPolicyFile, "a policy .toml file")
	if err != nil {
		return nil, fmt.Errorf("policy file %s: %v", name, err)
	}
	return parsePolicyFile(name, data)
}

func describeFileError(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// runRecord is the json form of `lattice run`.
//
// Seeds are written as decimal strings in every json form: a
// seed is any 64-bit value, and a JSON number above 2^53 loses its low
// digits in jq, JavaScript and other readers that hold numbers as doubles,
// so the game "reproduced" from it would be another.
type runRecord struct {
	Scenario    string             `json:"scenario"`
	ScenarioSHA string             `json:"scenario_sha256"`
	Seed        uint64             `json:"seed,string"`
	Difficulty  string             `json:"difficulty"` // difficultyName's
	Policies    map[string]string  `json:"policies"`
	Overrides   []string           `json:"overrides"`
	TurnsPlayed int                `json:"turns_played"`
	Verdict     string             `json:"verdict"`
	VerdictText string             `json:"verdict_title"`
	Success     bool               `json:"success"`
	Objectives  map[string]bool    `json:"objectives"`
	Metrics     map[string]float64 `json:"metrics"`
	Scorecard   map[string]string  `json:"scorecard"`
	// KeyDecisions and KeyMoves are sim's assessment of the whole game
	// (sim.Compiled.KeyDecisions and KeyMoves): a run has no fog of war.
	KeyDecisions []impactRecord `json:"key_decisions"`
	KeyMoves     []impactRecord `json:"key_moves"`
	Turns        []turnRecord   `json:"turns"`
	Hash         string         `json:"hash"`
	// Fork is set for a game forked from another's journal.
	Fork *forkRecord `json:"fork,omitempty"`
	// noBluffs says, by side, why an adversary that never bluffs does not
	// (sim.NoBluffsReasons), for the log's signals.
	noBluffs []string
}

// forkRecord says where a forked game came from: its parent journal, the
// parent's turn it was forked after and, if it was given fresh dice, the
// seed they came from (Seed is then the parent's, for its first turns).
type forkRecord struct {
	Parent string  `json:"parent"`
	At     int     `json:"at"`
	Reseed *uint64 `json:"reseed,omitempty,string"`
}

// newForkRecord is h's fork record, nil if h's game is not a fork.
func newForkRecord(h *journal.Header) *forkRecord {
	if h.Parent == "" {
		return nil
	}
	return &forkRecord{Parent: h.Parent, At: h.ParentTurn, Reseed: h.Reseed}
}

// writeForkLine writes the text forms' line about a fork, if h's game is one.
func writeForkLine(w io.Writer, h *journal.Header, turnLabel string) {
	if h.Parent == "" {
		return
	}
	when := fmt.Sprintf("after %s %d", strings.ToLower(turnLabel), h.ParentTurn)
	if h.ParentTurn == 0 {
		when = "from the start" // there is no week 0
	}
	fmt.Fprintf(w, "  fork of %s %s", sim.Sanitize(h.Parent, false), when)
	if h.Reseed != nil {
		fmt.Fprintf(w, ", fresh dice from seed %d", *h.Reseed)
	}
	fmt.Fprintln(w)
}

type turnRecord struct {
	Turn        int                       `json:"turn"`
	Metrics     map[string]float64        `json:"metrics"`
	Allocations map[string]map[string]int `json:"allocations"`
	Injects     []string                  `json:"injects"`
	Moves       []moveRecord              `json:"moves"`
	// Reasons says why each AI-played ally put points where it did, by
	// side and lever id (sim.Compiled.Why); for a side lookahead played,
	// the reasons of the plan of the doctrine it chose.
	Reasons map[string]map[string]string `json:"reasons,omitempty"`
	// Lookahead says, by side id, why each ally lookahead played took its
	// allocation: the doctrine it chose and how each doctrine's imagined
	// futures went (sim.Game.LookaheadWhy), with the text log's sentence.
	Lookahead map[string]lookaheadRecord `json:"lookahead,omitempty"`
	Hash      string                     `json:"hash"`

	ledger []sim.Entry // the turn's, for the assessment at the end (not in the json)
}

// lookaheadRecord is lookahead's choice for a side in a turn, as run's
// json gives it.
type lookaheadRecord struct {
	Doctrine string `json:"doctrine"` // the doctrine whose allocation it took
	// Same: every doctrine gave the side the same allocation, taken
	// without imagining futures (futures is then empty).
	Same    bool            `json:"same"`
	Futures []futuresRecord `json:"futures,omitempty"`
	Why     string          `json:"why"` // the text log's sentence
}

// futuresRecord is how one doctrine's futures went: played, won (an
// allied success), lost, true_wins (won with every ally's objective met)
// and objective (ended with the side's own objective met); the rest of
// played reached the horizon with no end.
type futuresRecord struct {
	Doctrine  string `json:"doctrine"`
	Played    int    `json:"played"`
	Won       int    `json:"won"`
	Lost      int    `json:"lost"`
	TrueWins  int    `json:"true_wins"`
	Objective int    `json:"objective"`
}

// newLookaheadRecord is ch as run's json gives it.
func newLookaheadRecord(c *sim.Compiled, ch *sim.LookaheadChoice) lookaheadRecord {
	r := lookaheadRecord{Doctrine: sim.Doctrines()[0], Same: ch.Same, Why: c.WhyLookahead(*ch, -1)}
	for _, f := range ch.Futures {
		r.Futures = append(r.Futures, futuresRecord{Doctrine: f.Doctrine, Played: f.Played, Won: f.Won, Lost: f.Lost, TrueWins: f.True, Objective: f.Objective})
	}
	if ch.Chosen >= 0 && ch.Chosen < len(ch.Futures) {
		r.Doctrine = ch.Futures[ch.Chosen].Doctrine
	}
	return r
}

// impactRecord is one line of the assessment: a cause's change to a scored
// metric over the game.
type impactRecord struct {
	Kind    string  `json:"kind"`              // lever, delayed (a lever's matured effect), choice, commitment (a visible shortfall), alignment or action
	Cause   string  `json:"cause"`             // sim's cause id: "lever:combined_exercise", "action:militia_swarm", …
	Name    string  `json:"name"`              // the cause's name in the scenario
	Side    string  `json:"side"`              // side id, "" if none
	Outcome string  `json:"outcome,omitempty"` // a move's: succeeded or failed
	Metric  string  `json:"metric"`            // metric id
	Change  float64 `json:"change"`            // over the game
	Share   float64 `json:"share"`             // |change| over the metric's range, what the ranking compares
	// Counters are a move's: the ids of the levers that defend its domain
	// best per budget point (sim.Compiled.Counters), at most two.
	Counters []string `json:"counters,omitempty"`
}

// keyImpactCount is how many decisions and moves the assessment lists (as
// many as the TUI's end screen).
const keyImpactCount = 5

// impactRecords returns ds in their json form.
func impactRecords(c *sim.Compiled, ds []sim.Impact) []impactRecord {
	out := []impactRecord{}
	for _, d := range ds {
		e := d.Entry
		ir := impactRecord{Kind: e.Kind.String(), Cause: c.CauseID(e), Name: c.CauseName(e), Metric: c.Metrics[d.Metric].ID, Change: d.Delta.Float(), Share: d.Share.Float()}
		if e.Side >= 0 && e.Side < len(c.Sides) {
			ir.Side = c.Sides[e.Side].ID
		}
		if e.Kind == sim.CauseAction {
			ir.Outcome = "failed"
			if e.Success { // what more defence would have prevented: a success
				ir.Outcome = "succeeded"
				for _, l := range c.Counters(e.Cause, sim.Umpire, 2) {
					ir.Counters = append(ir.Counters, c.Levers[l].ID)
				}
			}
		}
		out = append(out, ir)
	}
	return out
}

// writeImpacts writes one ranking of the assessment in the text form.
func writeImpacts(w *bufio.Writer, c *sim.Compiled, title string, ds []sim.Impact) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "%s, over the game:\n", title)
	for _, d := range ds {
		fmt.Fprintf(w, "  %s\n", c.DescribeImpact(d))
		if note := c.CounterNote(d, sim.Umpire); note != "" {
			fmt.Fprintf(w, "    %s\n", note)
		}
	}
}

type moveRecord struct {
	Side    string  `json:"side"`
	Action  string  `json:"action"`
	P       float64 `json:"p"`
	Roll    float64 `json:"roll"`
	Success bool    `json:"success"`
}

// difficultyName is the difficulty level the json forms give: the one
// asked for, or "normal", the level a game plays without one (what the
// built-in scenarios and 'lattice report' call it; sim.WithDifficulty
// takes "normal" for no level in every scenario).
func difficultyName(d string) string {
	if d == "" {
		return "normal"
	}
	return d
}

// noteFileWarnings says on stderr how many warnings lattice validate
// gives arg, a scenario given by its file's path: run and batch play it
// without showing them, and an end that holds at the start, say, ends
// every game after turn 1 without a word. A built-in scenario has none.
// The scenario is the file as written, as validate reads it: without
// --difficulty or --set.
func noteFileWarnings(e *env, cmd, arg string) {
	if _, builtin := scenarios.File(arg); builtin && !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".toml") {
		return
	}
	s, err := scenarios.Open(arg)
	if err != nil {
		return
	}
	c, err := sim.Compile(s)
	if err != nil || len(c.Warnings) == 0 {
		return
	}
	n, name := len(c.Warnings), sim.Sanitize(arg, false)
	fmt.Fprintf(e.stderr, "lattice %s: %s has %d %s: lattice validate %s shows %s\n", cmd, name, n, plural(n, "warning", "warnings"), sim.ShellQuote(name), plural(n, "it", "them"))
}

// noteSetWarnings says on stderr validate's warnings of the keys that
// ov (KEY=VALUE each) set in comp, which noteFileWarnings, of the file as
// written, does not see: --set action.x.weight=0.00001 played as 0
// without a word. Each line is said once (seen keeps them).
func noteSetWarnings(e *env, cmd string, comp *sim.Compiled, ov []string, seen map[string]bool) {
	for _, o := range ov {
		k, _, _ := strings.Cut(o, "=")
		for _, w := range comp.Warnings {
			if w.Path != strings.TrimSpace(k) {
				continue
			}
			line := fmt.Sprintf("lattice %s: --set %s: %s", cmd, sim.Sanitize(o, false), sim.Sanitize(w.Msg, false))
			if !seen[line] {
				seen[line] = true
				fmt.Fprintln(e.stderr, line)
			}
		}
	}
}

func hashHex(h uint64) string { return fmt.Sprintf("%016x", h) }

func cmdRun(ctx context.Context, e *env, args []string) int {
	c := lookup("run")
	fs := newFlags(c, e)
	seed := fs.Uint64("seed", 1, "")
	var polSpecs, sets listFlag
	fs.Var(&polSpecs, "policy", "")
	fs.Var(&sets, "set", "")
	difficulty := fs.String("difficulty", "", "")
	format := fs.String("format", "text", "")
	journalPath := fs.String("journal", "", "")
	resume := fs.String("resume", "", "")
	fork := fs.String("fork", "", "")
	at := fs.Int("at", 0, "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if why := emptyFileFlag(fs, "resume", "fork"); why != "" {
		return usageError(e, c, "%s", why)
	}
	*format = sameFormat(*format, "text")
	if *format != "text" && *format != "json" {
		return usageError(e, c, "unknown --format %q: text or json", *format)
	}
	if why := fileFlagProblem(fs, "journal", *journalPath, "for no journal"); why != "" {
		// "" ran without one, exit 0; "-" wrote one named "-".
		return usageError(e, c, "%s", why)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *resume != "" || *fork != "" {
		switch {
		case *resume != "" && *fork != "":
			return usageError(e, c, "--resume and --fork do not go together")
		case len(pos) > 0:
			return usageError(e, c, "--resume and --fork take a journal, not a scenario")
		case set["set"] || set["difficulty"]:
			return usageError(e, c, "--resume and --fork play on with the journal's scenario: --set and --difficulty do not apply")
		case *resume != "" && set["policy"]:
			return usageError(e, c, "--resume plays on with the journal's policies: --policy does not apply (fork it with --fork FILE --at TURN --policy ... to change them)")
		case *resume != "" && (set["seed"] || set["journal"] || set["at"]):
			return usageError(e, c, "--resume appends to its journal with its dice: --seed, --journal and --at do not apply")
		case *fork != "" && !set["at"]:
			return usageError(e, c, "--fork needs --at TURN")
		case *at < 0: // whatever the journal holds
			return usageError(e, c, "--at %d: give a turn the journal records, 0 (the start) or later", *at)
		}
		if *fork == "" && set["at"] {
			return usageError(e, c, "--at goes with --fork")
		}
		var reseed *uint64
		if set["seed"] {
			reseed = seed
		}
		spec, err := parsePolicySpec(polSpecs)
		if err != nil {
			return usageError(e, c, "%v", err)
		}
		for _, arg := range []*string{resume, fork} { // "latest", as play, replay and report take it
			if *arg != "" {
				path, code := latestArg(e, "run", *arg)
				if code >= 0 {
					return code
				}
				*arg = path
			}
		}
		return runContinued(ctx, e, *resume, *fork, *at, reseed, spec, *journalPath, *format == "text")
	}
	if set["at"] {
		return usageError(e, c, "--at goes with --fork")
	}
	if len(pos) != 1 {
		if hint := strayListValue(pos); hint != "" {
			return usageError(e, c, "%s", hint)
		}
		return usageError(e, c, "give exactly one scenario (a built-in id or a .toml path)")
	}
	spec, err := parsePolicySpec(polSpecs)
	if err != nil {
		return usageError(e, c, "%v", err)
	}
	seen := map[string]string{} // key → the --set that gave it
	for _, s := range sets {
		k, _, _ := strings.Cut(s, "=")
		k = strings.TrimSpace(k)
		if prev, ok := seen[k]; ok && k != "" {
			return usageError(e, c, "--set %s is given twice (--set %s and --set %s): give each key once", k, prev, s)
		}
		seen[k] = s
	}
	comp, err := scenarios.Compile(pos[0], *difficulty, sets)
	if err != nil {
		printScenarioError(e, err)
		if slices.ContainsFunc(sets, func(s string) bool { return strings.Contains(s, ",") }) {
			fmt.Fprintln(e.stderr, "lattice run: run plays one game, one value a key; lattice batch --set KEY=V1,V2,... plays several")
		}
		return exitInvalid
	}
	noteFileWarnings(e, "run", pos[0])
	noteSetWarnings(e, "run", comp, sets, map[string]bool{})
	for _, s := range sets {
		k, _, _ := strings.Cut(s, "=")
		if why := comp.Unplayed(k); why != "" { // played, as it changes nothing
			fmt.Fprintf(e.stderr, "lattice run: --set %s has no effect: %s\n", sim.Sanitize(s, false), why)
		}
		// --policy SIDE=POLICY fixes the side's policy over the
		// scenario's, which --set side.SIDE.policy sets: one of the two
		// would be ignored without a word.
		if i, field := setSide(comp, k); i >= 0 && field == "policy" && !comp.Sides[i].Adversary {
			for sk, sp := range spec {
				if comp.FindSide(sk) == i {
					return usageError(e, c, "--set %s would be ignored: --policy %s=%s fixes %s's policy. Give it one way: --policy %s=POLICY, or the --set", s, sk, sp, comp.Sides[i].ID, comp.Sides[i].ID)
				}
			}
		}
	}
	pols, err := sim.ResolvePolicies(comp, spec, "balanced", policyFile)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice run: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	jw, err := startJournal(*journalPath, pos[0], comp, *difficulty, sets, *seed, pols, spec)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice run: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	defer jw.Close()
	g := sim.NewGame(comp, *seed)
	rec := runRecord{Scenario: comp.ID, ScenarioSHA: fmt.Sprintf("%x", comp.SHA256), Seed: *seed, Difficulty: difficultyName(*difficulty),
		Policies: map[string]string{}, Overrides: append([]string{}, sets...), Objectives: map[string]bool{}, Scorecard: map[string]string{}}
	if written, err := scenarios.Open(pos[0]); err == nil { // compiled above: it opens
		rec.noBluffs = sim.NoBluffsReasons(written, *difficulty, comp)
	}
	for s, p := range pols {
		if p != nil {
			rec.Policies[comp.Sides[s].ID] = p.Name()
		}
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	text := *format == "text"
	if text {
		fmt.Fprintf(w, "%s — seed %d", comp.Title, *seed)
		if *difficulty != "" {
			fmt.Fprintf(w, ", difficulty %s", *difficulty)
		}
		fmt.Fprintln(w)
		for s, p := range pols {
			if p != nil {
				fmt.Fprintf(w, "  %s plays %s\n", comp.Sides[s].Name, p.Name())
			}
		}
		for _, kv := range sets {
			fmt.Fprintf(w, "  override %s\n", sim.Sanitize(kv, false))
		}
	}
	if code := playOut(ctx, e, w, comp, g, pols, jw, &rec, text); code >= 0 {
		return code
	}
	return finishRun(e, w, comp, g, &rec, text)
}

// playOut plays g to its end with pols, journalling each turn to jw and
// logging it to w (text) and rec.Turns. It returns an exit code ≥ 0 if the
// game stopped early.
func playOut(ctx context.Context, e *env, w *bufio.Writer, comp *sim.Compiled, g *sim.Game, pols []sim.Policy, jw *journal.Writer, rec *runRecord, text bool) int {
	o := comp.NewOrders()
	for !g.Over() {
		if ctx.Err() != nil {
			w.Flush()
			fmt.Fprintln(e.stderr, "lattice run: interrupted")
			return exitInterrupted
		}
		rung := g.Rung()
		b := g.Brief()
		if text {
			writeBriefing(w, comp, g, b, rung, rec.noBluffs)
		}
		o.Clear()
		reasons, chose := planSides(g, pols, o)
		r, err := g.Step(o)
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice run: turn %d: %v\n", g.Turn(), err)
			return exitInvalid
		}
		if err := journalTurn(jw, comp, o, &r, g); err != nil {
			w.Flush()
			fmt.Fprintf(e.stderr, "lattice run: %s\n", sim.Sanitize(err.Error(), false))
			// A full disk: the game so far is not lost, and can go on.
			kept := "its start"
			if n := jw.LastTurn(); n > 0 {
				kept = "turn " + strconv.Itoa(n)
			}
			fmt.Fprintf(e.stderr, "lattice run: the journal keeps the game to %s; once it can be written again, 'lattice run --resume %s' plays on from there\n", kept, sim.Sanitize(sim.ShellQuote(jw.Path()), false))
			return exitInvalid
		}
		if text {
			writeResult(w, g, o, &r, reasons, chose)
		}
		tr := makeTurnRecord(comp, g, o, &r)
		tr.Reasons = reasonMap(comp, reasons)
		for s, ch := range chose {
			if ch != nil {
				if tr.Lookahead == nil {
					tr.Lookahead = map[string]lookaheadRecord{}
				}
				tr.Lookahead[comp.Sides[s].ID] = newLookaheadRecord(comp, ch)
			}
		}
		rec.Turns = append(rec.Turns, tr)
	}
	return -1
}

// finishRun writes the end of a game: the verdict, objectives, scorecard
// and hash (text), or the json record.
func finishRun(e *env, w *bufio.Writer, comp *sim.Compiled, g *sim.Game, rec *runRecord, text bool) int {
	rec.TurnsPlayed = g.Turn()
	end := comp.Ends[g.End()]
	rec.Verdict, rec.VerdictText, rec.Success = end.ID, end.Title, end.Success
	rec.Metrics = metricMap(comp, g.Metrics())
	for _, a := range comp.Alliance() {
		if met, has := g.ObjectiveMet(a); has {
			rec.Objectives[comp.Sides[a].ID] = met
		}
	}
	for _, gr := range g.Scorecard() {
		rec.Scorecard[comp.Metrics[gr.Metric].ID] = gr.Grade
	}
	tally := comp.NewCauseTally()
	for _, t := range rec.Turns {
		tally.Add(comp, t.ledger)
	}
	decisions, moves := comp.KeyDecisions(tally, sim.Umpire, keyImpactCount), comp.KeyMoves(tally, keyImpactCount)
	rec.KeyDecisions, rec.KeyMoves = impactRecords(comp, decisions), impactRecords(comp, moves)
	rec.Hash = hashHex(g.Hash())
	if !text {
		if err := w.Flush(); err != nil {
			return writeFailed(e, err)
		}
		return writeJSON(e, *rec)
	}
	outcome := "not an allied success"
	if end.Success {
		outcome = "allied success"
	}
	fmt.Fprintf(w, "\nVerdict after %s: %s (%s)\n", sim.Plural(rec.TurnsPlayed, strings.ToLower(comp.TurnLabel)), end.Title, outcome)
	if text := strings.TrimSpace(end.Text); text != "" { // an end need not have text
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(text, "\n", "\n  "))
	}
	for _, a := range comp.Alliance() {
		if met, has := g.ObjectiveMet(a); has {
			mark := "missed"
			if met {
				mark = "met"
			}
			fmt.Fprintf(w, "  %s private objective %s: %s\n", possessive(comp.Sides[a].Name), mark, comp.Sides[a].Objective)
		}
	}
	if sc := g.Scorecard(); len(sc) > 0 {
		fmt.Fprint(w, "Scorecard:")
		for _, gr := range sc {
			fmt.Fprintf(w, " %s %s (%s)", comp.Metrics[gr.Metric].Name, gr.Grade, comp.FormatMetric(gr.Metric, gr.Value))
		}
		fmt.Fprintln(w)
	}
	writeImpacts(w, comp, "Decisions that mattered most", decisions)
	writeImpacts(w, comp, "Adversary moves that hurt most", moves)
	fmt.Fprintf(w, "Hash: %s\n", rec.Hash)
	if err := w.Flush(); err != nil {
		return writeFailed(e, err)
	}
	return exitOK
}

func metricMap(c *sim.Compiled, vals []sim.Fix) map[string]float64 {
	m := make(map[string]float64, len(vals))
	for i, v := range vals {
		m[c.Metrics[i].ID] = v.Float()
	}
	return m
}

func makeTurnRecord(c *sim.Compiled, g *sim.Game, o *sim.Orders, r *sim.Result) turnRecord {
	tr := turnRecord{Turn: r.Turn, Metrics: metricMap(c, r.After), Allocations: map[string]map[string]int{}, Injects: []string{}, Moves: []moveRecord{}, Hash: hashHex(g.Hash()),
		ledger: slices.Clone(r.Ledger)} // the Game reuses r's slices
	for _, s := range c.Alliance() {
		alloc := map[string]int{}
		for l := range c.Levers {
			if p := o.Get(s, l); p > 0 {
				alloc[c.Levers[l].ID] = p
			}
		}
		tr.Allocations[c.Sides[s].ID] = alloc
	}
	for _, f := range r.Injects {
		id := c.Injects[f.Inject].ID
		if f.Choice >= 0 {
			id += "/" + c.Injects[f.Inject].Choices[f.Choice].ID
		}
		tr.Injects = append(tr.Injects, id)
	}
	for _, m := range r.Moves {
		tr.Moves = append(tr.Moves, moveRecord{Side: c.Sides[m.Side].ID, Action: c.Actions[m.Action].ID, P: m.P.Float(), Roll: m.Roll.Float(), Success: m.Success})
	}
	return tr
}

func writeBriefing(w *bufio.Writer, c *sim.Compiled, g *sim.Game, b sim.Briefing, rung int, noBluffs []string) {
	fmt.Fprintf(w, "\n== %s %d/%d · escalation rung %d (%s) ==\n", c.TurnLabel, b.Turn, c.Turns, g.Rung()+1, c.Rungs[g.Rung()].Name)
	for _, f := range b.Injects {
		in := &c.Injects[f.Inject]
		event := "Event"
		if a := f.Aside(); a != "" {
			event += " (" + a + ")"
		}
		fmt.Fprintf(w, "%s: %s %s\n", event, sentence(in.Title), oneLine(in.Text))
	}
	if len(b.Signals) > 0 {
		fmt.Fprint(w, "Signals:")
		for i, s := range b.Signals {
			if i > 0 {
				fmt.Fprint(w, ";")
			}
			k := "unconfirmed"
			switch {
			case c.NeverBluffs(s.Side):
				k = "real: no bluffs in this game"
				if s.Side < len(noBluffs) {
					k = "real: " + noBluffs[s.Side]
				}
			case s.Revealed && s.Real:
				k = "intelligence: real"
			case s.Revealed:
				k = "intelligence: bluff"
			}
			fmt.Fprintf(w, " %s (%s)", c.Actions[s.Action].Name, k)
		}
		fmt.Fprintln(w)
	}
	_ = rung
}

// planSides has each AI policy of pols plan its side into o, as
// sim.Game.PlanSides does, and returns why, by side: a fixed-weight
// policy's reasons lever by lever (sim.Game.PlanReasons, on a clone,
// before it plans), and lookahead's choice in words (sim.Lookahead.Choose,
// sim.Compiled.WhyLookahead), from the plan itself.
func planSides(g *sim.Game, pols []sim.Policy, o *sim.Orders) (reasons [][]sim.PlanReason, chose []*sim.LookaheadChoice) {
	c := g.Compiled()
	reasons, chose = make([][]sim.PlanReason, len(pols)), make([]*sim.LookaheadChoice, len(pols))
	for s, p := range pols {
		if p == nil || c.Sides[s].Adversary {
			continue
		}
		if la, ok := p.(sim.Lookahead); ok {
			ch := la.Choose(g, s, o)
			chose[s], reasons[s] = &ch, ch.Reasons
			continue
		}
		reasons[s] = g.PlanReasons(p, s)
		p.Plan(g, s, o)
	}
	return reasons, chose
}

// reasonMap is reasons as run's json gives them: side id → lever id → why.
func reasonMap(c *sim.Compiled, reasons [][]sim.PlanReason) map[string]map[string]string {
	var out map[string]map[string]string
	for s, rs := range reasons {
		for _, r := range rs {
			if c.Why(r) == "" {
				continue
			}
			if out == nil {
				out = map[string]map[string]string{}
			}
			if out[c.Sides[s].ID] == nil {
				out[c.Sides[s].ID] = map[string]string{}
			}
			out[c.Sides[s].ID][c.Levers[r.Lever].ID] = c.Why(r)
		}
	}
	return out
}

func writeResult(w *bufio.Writer, g *sim.Game, o *sim.Orders, r *sim.Result, reasons [][]sim.PlanReason, chose []*sim.LookaheadChoice) {
	c := g.Compiled()
	label := strings.ToLower(c.TurnLabel)
	for _, s := range c.Alliance() {
		var parts []string
		for l := range c.Levers {
			if p := o.Get(s, l); p > 0 {
				part := c.Levers[l].Name + " " + strconv.Itoa(p)
				// A delayed lever's points pay off later, or never if that
				// is after the last turn: say which.
				if d := c.Levers[l].Delay; d > 0 {
					if at := r.Turn + d; at <= c.Turns {
						part += fmt.Sprintf(" (lands %s %d)", label, at)
					} else {
						part += fmt.Sprintf(" (would land %s %d, after the game: no effect)", label, at)
					}
				}
				parts = append(parts, part)
			}
		}
		if len(parts) == 0 {
			parts = []string{"nothing"}
		}
		fmt.Fprintf(w, "%s: %s (spent %s)\n", c.Sides[s].Name, strings.Join(parts, ", "), g.Spend(o, s).Format(1))
		if s < len(reasons) { // the AI's reasons, lever by lever
			for _, pr := range reasons[s] {
				if why := c.Why(pr); why != "" {
					fmt.Fprintf(w, "  why %s: %s\n", c.Levers[pr.Lever].Name, why)
				}
			}
		}
		if s < len(chose) && chose[s] != nil { // lookahead's choice
			fmt.Fprintf(w, "  why: %s\n", c.WhyLookahead(*chose[s], -1))
		}
	}
	for _, f := range r.Injects {
		if f.Choice >= 0 {
			in := &c.Injects[f.Inject]
			fmt.Fprintf(w, "Decision on %s: %s\n", in.Title, in.Choices[f.Choice].Label)
		}
	}
	for _, m := range r.Moves {
		out := "failed"
		if m.Success {
			out = "succeeded"
		}
		roll, p := sim.FormatRoll(m.Roll, m.P) // "p 0.74, roll 0.74" read as a tie that went one way
		fmt.Fprintf(w, "Move: %s %s (p %s, roll %s; pressure %s vs defence %s)\n", c.Actions[m.Action].Name, out, p, roll, m.Pressure.Format(1), m.Defence.Format(2))
	}
	for m := range c.Metrics {
		if r.Before[m] == r.After[m] && len(c.TopCauses(r.Ledger, m, 1)) == 0 {
			continue
		}
		fmt.Fprintf(w, "  %s\n", c.Explain(r, m, 0)) // every cause: the log is the ledger, where the screens name four
	}
	if r.Over {
		fmt.Fprintf(w, "End: %s\n", c.Ends[r.End].Title)
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// sentence ends title with a full stop unless it ends with its own
// ("Who pays for the battery?", never "…battery?.").
func sentence(title string) string {
	if strings.HasSuffix(title, ".") || strings.HasSuffix(title, "?") || strings.HasSuffix(title, "!") {
		return title
	}
	return title + "."
}
