package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"lattice/sim"
	"lattice/sim/journal"
)

// startJournal opens a new journal for a session in the default place
// ($XDG_STATE_HOME/lattice/games or ~/.local/state/lattice/games).
func startJournal(s *Session, scenario, version string) (*journal.Writer, error) {
	sides, err := journal.Sides(s.C, s.Policies, s.Human, nil)
	if err != nil {
		return nil, err
	}
	h, err := journal.NewHeader(journal.Setup{Scenario: scenario, Compiled: s.C, Difficulty: s.Level, Seed: s.Seed,
		Sides: sides, Lattice: version, Created: time.Now()})
	if err != nil {
		return nil, err
	}
	path, err := journal.NewPath(s.C.ID, time.Now())
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("cannot keep a journal: %v", err)
	}
	return journal.Create(path, h)
}

// record appends the turn just stepped to the session's journal, if any.
func (s *Session) record(turn int) error {
	if s.Journal == nil {
		return nil
	}
	plans := map[int]journal.Plan{}
	for side, p := range s.plans {
		plans[side] = p
	}
	rec := journal.NewTurn(s.C, turn, s.Orders, plans, s.Game.Hash())
	return s.Journal.Turn(rec)
}

// LatestJournal returns the most recently written journal in the default
// place.
func LatestJournal() (string, error) {
	dir, err := journal.DefaultDir()
	if err != nil {
		return "", err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("no saved games yet (looked in %s)", dir)
		}
		return "", err
	}
	type cand struct {
		path string
		mod  time.Time
	}
	var cs []cand
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".jsonl") {
			continue
		}
		if info, err := e.Info(); err == nil {
			cs = append(cs, cand{filepath.Join(dir, e.Name()), info.ModTime()})
		}
	}
	if len(cs) == 0 {
		return "", fmt.Errorf("no saved games yet (looked in %s)", dir)
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].mod.After(cs[j].mod) })
	return cs[0].path, nil
}

// Resume reopens a journal and replays it, returning a session positioned
// exactly where the game stopped and still journalling, with any warnings
// (a torn last record is reported and kept; the game resumes from the last
// good one).
func Resume(path string) (*Session, []string, error) {
	w, j, warns, err := journal.OpenAppend(path)
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	for _, wn := range warns {
		notes = append(notes, wn.String())
	}
	c, err := j.Header.Compile()
	if err != nil {
		w.Close()
		return nil, notes, fmt.Errorf("%s: cannot rebuild the scenario: %v", path, err)
	}
	pols, human, err := j.Header.Policies(c)
	if err != nil {
		w.Close()
		return nil, notes, err
	}
	s := NewSession(c, j.Header.Seed, j.Header.Difficulty, human, pols)
	res, err := journal.Replay(j, journal.Options{OnTurn: func(t *journal.TurnResult, g *sim.Game, r *sim.Result) error {
		rec := TurnRecord{Turn: r.Turn, Before: append([]sim.Fix(nil), r.Before...), After: append([]sim.Fix(nil), r.After...),
			Ledger: append([]sim.Entry(nil), r.Ledger...), Moves: append([]sim.Move(nil), r.Moves...),
			Injects: append([]sim.FiredInject(nil), r.Injects...), Over: r.Over, End: r.End}
		nk := c.NumCauseKeys()
		for _, e := range r.Ledger {
			s.causes[e.Metric*nk+c.CauseKey(e)] += int64(e.Delta)
		}
		s.Results = append(s.Results, rec)
		s.History = append(s.History, append([]sim.Fix(nil), rec.After...))
		return nil
	}})
	if err != nil {
		w.Close()
		return nil, notes, err
	}
	if len(res.Diverged) > 0 {
		w.Close()
		return nil, notes, fmt.Errorf("%s: turn %d does not replay to the state the journal recorded (was it written by another version of lattice?)", path, res.Diverged[0])
	}
	s.Game = res.Game
	s.Journal = w
	s.JournalPath = path
	return s, notes, nil
}
