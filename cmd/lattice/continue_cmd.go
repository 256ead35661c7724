package main

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/tui"
)

// runContinued is `lattice run --resume FILE` and `lattice run --fork FILE
// --at TURN`: it replays a journal and plays the game on to its end with
// the journal's policies, appending to the journal (a fork: to the fork's
// new journal, created first).
func runContinued(ctx context.Context, e *env, resume, fork string, at int, reseed *uint64, forkPath string, text bool) int {
	fail := func(err error) int {
		fmt.Fprintf(e.stderr, "lattice run: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	path := resume
	if fork != "" {
		p, err := createFork(fork, at, reseed, forkPath)
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
		fmt.Fprintf(w, "Continued from journal %s after %s (hash %s)\n", sim.Sanitize(path, false), count(len(replayed), "turn"), hashHex(g.Hash()))
	}
	if code := playOut(ctx, e, w, comp, g, pols, jw, &rec, text); code >= 0 {
		return code
	}
	return finishRun(e, w, comp, g, &rec, text)
}

// createFork writes the journal of a fork of parent after turn at, at path
// (a new file in the default place if empty), and returns its path.
func createFork(parent string, at int, reseed *uint64, path string) (string, error) {
	j, _, err := journal.Read(parent)
	if err != nil {
		return "", journalFileError(parent, err)
	}
	if path == "" {
		p, err := tui.NewJournalPath(j.Header.Scenario + "-fork")
		if err != nil {
			return "", fmt.Errorf("cannot keep a journal: %v", err)
		}
		path = p
	}
	w, err := journal.CreateFork(path, j, at, reseed, Version, time.Now())
	if err != nil {
		return "", err
	}
	return path, w.Close()
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
	if len(res.Diverged) > 0 {
		return fail(fmt.Errorf("%s: turn %d does not replay to the state the journal recorded", path, res.Diverged[0]))
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
