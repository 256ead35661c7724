package main

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"time"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/tui"
)

// runContinued is `lattice run --resume FILE` and `lattice run --fork FILE
// --at TURN`: it replays a journal and plays the game on to its end with
// the journal's policies, appending to the journal (a fork: to the fork's
// new journal, created first).
func runContinued(ctx context.Context, e *env, resume, fork string, at int, reseed *uint64, spec map[string]string, forkPath string, text bool) int {
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "lattice run: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	path := resume
	if fork != "" {
		p, err := createFork(fork, at, reseed, spec, forkPath)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(e.stderr, "lattice run: fork of %s after turn %d: journal %s\n", sim.Sanitize(fork, false), at, sim.Sanitize(p, false))
		path = p
	}
	jw, g, pols, replayed, h, warns, err := continueJournal(path)
	for _, wn := range warns {
		fmt.Fprintf(e.stderr, "lattice run: %s: %s\n", sim.Sanitize(path, false), sim.Sanitize(wn.String(), false))
	}
	if err != nil {
		return fail(err)
	}
	defer jw.Close()
	comp := g.Compiled()
	rec := runRecord{Scenario: comp.ID, ScenarioSHA: fmt.Sprintf("%x", comp.SHA256), Seed: h.Seed, Difficulty: difficultyName(h.Difficulty),
		Policies: map[string]string{}, Overrides: append([]string{}, h.Overrides...), Objectives: map[string]bool{}, Scorecard: map[string]string{},
		Turns: replayed, Fork: newForkRecord(h)}
	if written, err := sim.Parse(h.ScenarioFile, []byte(h.Source)); err == nil {
		rec.noBluffs = sim.NoBluffsReasons(written, h.Difficulty, comp)
	}
	for s, p := range pols {
		if p != nil {
			rec.Policies[comp.Sides[s].ID] = p.Name()
		}
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	if text {
		fmt.Fprintf(w, "%s — seed %d", comp.Title, h.Seed)
		if h.Difficulty != "" {
			fmt.Fprintf(w, ", difficulty %s", h.Difficulty)
		}
		fmt.Fprintln(w)
		for s, p := range pols {
			if p != nil {
				fmt.Fprintf(w, "  %s plays %s\n", comp.Sides[s].Name, p.Name())
			}
		}
		for _, kv := range h.Overrides {
			fmt.Fprintf(w, "  override %s\n", sim.Sanitize(kv, false))
		}
		writeForkLine(w, h, comp.TurnLabel)
		fmt.Fprintf(w, "Continued from journal %s after %s (hash %s)\n", sim.Sanitize(path, false), sim.Plural(len(replayed), "turn"), hashHex(g.Hash()))
	}
	if code := playOut(ctx, e, w, comp, g, pols, jw, &rec, text); code >= 0 {
		return code
	}
	return finishRun(e, w, comp, g, &rec, text)
}

// createFork writes the journal of a fork of parent after turn at, at path
// (a new file in the default place if empty), and returns its path. The
// sides spec names (SIDE → policy, as --policy gives) are played by those
// policies in the fork; the others as in the parent, and a side a person
// played there must be named, as run plays no person's side.
func createFork(parent string, at int, reseed *uint64, spec map[string]string, path string) (string, error) {
	j, _, err := journal.Read(parent)
	if err != nil {
		return "", journalFileError(parent, err)
	}
	players, err := forkPlayers(&j.Header, at, spec)
	if err != nil {
		return "", err
	}
	if path == "" {
		p, err := tui.NewJournalPath(j.Header.Scenario + "-fork")
		if err != nil {
			return "", fmt.Errorf("cannot keep a journal: %v", err)
		}
		path = p
	}
	if err := missingDirError("create journal", path); err != nil {
		return "", err
	}
	w, err := journal.CreateForkHandover(path, j, at, reseed, players, Version, time.Now())
	if err != nil {
		return "", err
	}
	return path, w.Close()
}

// forkPlayers returns who plays each side in a fork after turn at of the
// game h heads, whose spec (SIDE → policy, as --policy gives) hands sides
// to other AI policies: nil if spec is empty (the fork keeps the players).
// It refuses a side a person plays that spec does not name, as run plays
// only AIs.
func forkPlayers(h *journal.Header, at int, spec map[string]string) ([]journal.Side, error) {
	c, err := h.Compile()
	if err != nil {
		return nil, fmt.Errorf("%s: cannot rebuild the scenario: %v", h.Scenario, err)
	}
	fh := *h // who plays after turn at, as the fork's header will say
	fh.Changes = slices.DeleteFunc(slices.Clone(h.Changes), func(ch journal.Change) bool { return ch.At > at })
	pols, human, err := fh.Policies(c)
	if err != nil {
		return nil, err
	}
	given, err := sim.ResolvePolicies(c, spec, "balanced", policyFile)
	if err != nil {
		return nil, err
	}
	for s := range c.Sides {
		if _, ok := spec[c.Sides[s].ID]; ok {
			pols[s], human[s] = given[s], false
		} else if human[s] {
			return nil, fmt.Errorf("side %s was played by a person, and lattice run plays every side by AI: give it one with --policy %s=POLICY (balanced, say), or play the game on with 'lattice play --fork'", c.Sides[s].ID, c.Sides[s].ID)
		}
	}
	if len(spec) == 0 {
		return nil, nil
	}
	players := fh.Players()
	return journal.Sides(c, pols, nil, func(s int) ([]byte, error) {
		if name, ok := spec[c.Sides[s].ID]; ok {
			return readPolicyFile(name)
		}
		return []byte(players[slices.IndexFunc(players, func(sd journal.Side) bool { return sd.ID == c.Sides[s].ID })].PolicySource), nil
	})
}

// continueJournal reopens the journal at path to continue it (see
// journal.OpenAppend) and replays it. Every side must be played by an AI
// or a doctrine. It returns the journal's writer, the game where the
// journal stops, the policies, the replayed turns (json form) and the
// header.
func continueJournal(path string) (*journal.Writer, *sim.Game, []sim.Policy, []turnRecord, *journal.Header, []journal.Warning, error) {
	w, j, warns, err := journal.OpenAppend(path)
	if err != nil {
		return nil, nil, nil, nil, nil, warns, journalFileError(path, err)
	}
	fail := func(err error) (*journal.Writer, *sim.Game, []sim.Policy, []turnRecord, *journal.Header, []journal.Warning, error) {
		w.Close()
		return nil, nil, nil, nil, nil, warns, err
	}
	c, err := j.Header.Compile()
	if err != nil {
		return fail(fmt.Errorf("%s: cannot rebuild the scenario: %v", path, err))
	}
	pols, human, err := j.Header.Policies(c)
	if err != nil {
		return fail(fmt.Errorf("%s: %v", path, err))
	}
	for s, hu := range human {
		if hu {
			return fail(fmt.Errorf("%s: side %s is played by a person; continue the game with 'lattice play --resume %s'", path, c.Sides[s].ID, path))
		}
	}
	var turns []turnRecord
	res, err := journal.Replay(j, journal.Options{OnTurn: func(t *journal.TurnResult, g *sim.Game, r *sim.Result) error {
		turns = append(turns, replayedTurnRecord(c, g, t.Record, r))
		return nil
	}})
	if err != nil {
		return fail(err)
	}
	if err := res.DivergedError(path); err != nil {
		return fail(err)
	}
	if st := res.Stopped; st != nil {
		return fail(fmt.Errorf("%s: line %d: the White cell ended this game before turn %d (%s): there is nothing to continue; 'lattice report %s' reports it", path, st.Line, st.WhiteCell.Turn, st.WhiteCell.Reason, path))
	}
	if len(res.Pending) > 0 {
		return fail(fmt.Errorf("%s: the White cell acted in turn %d, which is still in progress: continue it where it was played ('lattice play --resume' or 'lattice serve --resume')", path, res.Pending[0].Turn))
	}
	return w, res.Game, pols, turns, &j.Header, warns, nil
}

// replayedTurnRecord is makeTurnRecord for a turn replayed from a journal.
func replayedTurnRecord(c *sim.Compiled, g *sim.Game, t *journal.TurnRecord, r *sim.Result) turnRecord {
	o := c.NewOrders()
	for _, s := range c.Alliance() {
		for lid, p := range t.Orders[c.Sides[s].ID] {
			if l := c.LeverIndex(lid); l >= 0 {
				o.Set(s, l, p)
			}
		}
	}
	return makeTurnRecord(c, g, o, r)
}
