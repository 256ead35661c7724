package tui

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	"lattice/sim"
	"lattice/sim/journal"
	"lattice/sim/report"
	"lattice/sim/safefile"
)

// startJournal opens a new journal for a session in the default place
// ($XDG_STATE_HOME/lattice/games or ~/.local/state/lattice/games).
func startJournal(s *Session, scenario, version string) (*journal.Writer, error) {
	sides, err := journal.Sides(s.C, s.Policies, s.Human, func(side int) ([]byte, error) {
		if side < len(s.PolicySources) && s.PolicySources[side] != nil {
			return s.PolicySources[side], nil
		}
		return nil, fmt.Errorf("side %s: policy %s is not built in, and its file is not known", s.C.Sides[side].ID, s.Policies[side].Name())
	})
	if err != nil {
		return nil, err
	}
	h, err := journal.NewHeader(journal.Setup{Scenario: scenario, Compiled: s.C, Difficulty: s.Level, Seed: s.Seed,
		Sides: sides, Lattice: version, Created: time.Now(), WhiteCell: s.whiteCell})
	if err != nil {
		return nil, err
	}
	path, notes, err := newJournalPath(s.C.ID)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		s.hostNote(n)
	}
	w, err := journal.Create(path, h)
	if err != nil {
		return nil, err
	}
	w.KeepFailed(s.journalTrouble)
	return w, nil
}

// NewJournalPath makes the default place for journals, for the user alone
// (journal.MakeDefaultDir), and returns a new journal's path in it (see
// journal.NewPath), so that a place that cannot be made (a file in the
// way, no permission) is reported as such.
func NewJournalPath(scenarioID string) (string, error) {
	path, _, err := newJournalPath(scenarioID)
	return path, err
}

// newJournalPath is NewJournalPath, with the notes of MakeDefaultDir (a
// folder made private again) for the host.
func newJournalPath(scenarioID string) (string, []string, error) {
	dir, notes, err := journal.MakeDefaultDir()
	if err != nil {
		return "", nil, err
	}
	if _, err := os.Lstat(filepath.Join(dir, ".lattice-probe")); err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", notes, err
	}
	path, err := journal.NewPath(scenarioID, time.Now())
	return path, notes, err
}

// record appends the turn just stepped to the session's journal, if any.
// A record the file does not take now is kept (journal.Writer.KeepFailed):
// journalTrouble tells of it; the error is a record refused.
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

// JournalFault is the failure to write the game's journal that
// Session.JournalErr holds while records are kept unwritten
// (journal.Writer.KeepFailed). Its Error is what the players are told: no
// path, no system error of the host's; Detail is for the White cell.
type JournalFault struct {
	Trouble journal.Trouble
}

// Error says that the game is kept and play goes on, and nothing of the
// host's.
func (f *JournalFault) Error() string {
	return "it is kept, and written as soon as the host can; play goes on"
}

// Detail says what failed, where, and what is at stake, for the White
// cell and the server's log.
func (f *JournalFault) Detail() string { return f.Trouble.String() }

// Unwrap returns the failure.
func (f *JournalFault) Unwrap() error { return f.Trouble.Err }

// journalDetail is err as the White cell reads it: a JournalFault's
// Detail, any other error's text.
func journalDetail(err error) string {
	var f *JournalFault
	if errors.As(err, &f) {
		return f.Detail()
	}
	return err.Error()
}

// journalTrouble is told by the session's journal when a write fails with
// records kept, and when they are written at last: JournalErr holds the
// fault until then, and the host is told either way (hostNote).
func (s *Session) journalTrouble(t journal.Trouble) {
	var f *JournalFault
	switch {
	case t.Err != nil:
		s.JournalErr = &JournalFault{Trouble: t}
	case errors.As(s.JournalErr, &f):
		s.JournalErr = nil
	}
	s.hostNote(t.String())
}

// hostNote tells the host something the White cell must know of the
// game's files (a write that failed, the catch-up, a folder made private):
// through the log SetJournalLog gave, or kept until one is given.
func (s *Session) hostNote(note string) {
	if s.journalLog == nil {
		s.journalNotes = append(s.journalNotes, note)
		return
	}
	s.journalLog(note)
}

// SetJournalLog gives the session where to tell the host of its files (the
// server's room log, which the server's log and the console show): a
// journal write that failed and the records kept, the catch-up, a folder
// made private. The notes from before it was set are given to it now. The
// players are never told these: they hold the host's paths.
func (s *Session) SetJournalLog(log func(note string)) {
	s.journalLog = log
	notes := s.journalNotes
	s.journalNotes = nil
	for _, n := range notes {
		log(n)
	}
}

// JournalNotes returns the notes for the host that no log has taken yet
// (SetJournalLog), and forgets them: for a front end without a log to say
// them once.
func (s *Session) JournalNotes() []string {
	notes := s.journalNotes
	s.journalNotes = nil
	return notes
}

// LatestJournal returns the most recently written journal in the default
// place.
func LatestJournal() (string, error) {
	paths, err := journalsNewestFirst()
	if err != nil {
		return "", err
	}
	return paths[0], nil
}

// LatestFree returns the most recently written journal in the default
// place that no other process is writing (journal.InUse: a game in
// another terminal, or a server), for --resume latest, with the newer
// journals it passed over because they are in use. The newest journal
// was taken, and resuming it failed as "open in another lattice" while a
// 'lattice serve' wrote it.
func LatestFree() (path string, inUse []string, err error) {
	paths, err := journalsNewestFirst()
	if err != nil {
		return "", nil, err
	}
	for _, p := range paths {
		if !journal.InUse(p) {
			return p, inUse, nil
		}
		inUse = append(inUse, p)
	}
	return "", inUse, fmt.Errorf("every saved game is open in another lattice (a game or a server is playing it), the newest %s: quit that one first, or play on there", paths[0])
}

// noSavedGames is the error for a journal directory with no games in it,
// saying which games leave one there.
func noSavedGames(dir string) error {
	return fmt.Errorf("no saved games yet (looked in %s): lattice play and lattice serve keep one per game; lattice run only with --journal FILE", dir)
}

// journalsNewestFirst lists the journals in the default place, the most
// recently written first; an error if there are none.
func journalsNewestFirst() ([]string, error) {
	dir, err := journal.DefaultDir()
	if err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, noSavedGames(dir)
		}
		return nil, err
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
		return nil, noSavedGames(dir)
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].mod.After(cs[j].mod) })
	paths := make([]string, len(cs))
	for i, c := range cs {
		paths[i] = c.path
	}
	return paths, nil
}

// SavedGame is an unfinished game in a journal, as the picker offers it:
// "Continue", with what the game is and how far it got.
type SavedGame struct {
	Path      string
	Title     string   // the scenario's title
	TurnLabel string   // "Week", "Month", …
	Turn      int      // the turn it goes on at
	Turns     int      // of
	Players   []string // the sides played by people, by name
	Saved     time.Time
}

// Describe is the line under "Continue": "week 4 of 10 · you play South
// Korea · saved 12 minutes ago", with the time said relative to now.
func (sg *SavedGame) Describe(now time.Time) string {
	parts := []string{fmt.Sprintf("%s %d of %d", strings.ToLower(sg.TurnLabel), sg.Turn, sg.Turns)}
	if len(sg.Players) == 1 {
		parts = append(parts, "you play "+sg.Players[0])
	} else {
		parts = append(parts, "hotseat: "+strings.Join(sg.Players, ", "))
	}
	return strings.Join(append(parts, "saved "+ago(now.Sub(sg.Saved), sg.Saved)), " · ")
}

// ago says how long ago d was, as a person would: "just now", "12
// minutes ago", "3 hours ago", then the date.
func ago(d time.Duration, at time.Time) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return sim.Plural(int(d/time.Minute), "minute") + " ago"
	case d < 24*time.Hour:
		return sim.Plural(int(d/time.Hour), "hour") + " ago"
	}
	return "on " + at.Format("2 Jan 2006")
}

// savedScan is how many of the newest journals LatestSaved looks through
// for an unfinished game: each is replayed, and a player's finished games
// pile up.
const savedScan = 20

// LatestSaved returns the newest unfinished game among the most recent
// journals in the default place (savedScan of them): not over, not ended by
// the White cell, with a side played by a person, not a seminar's (one
// with a seats file beside it, which 'lattice serve --resume' carries on),
// not being played by another process (journal.InUse), and replaying to
// the states it recorded. nil if there is none: the picker then has
// nothing to offer, and --resume latest still says why. Nothing is
// written, and no lock is kept.
func LatestSaved() *SavedGame {
	paths, err := journalsNewestFirst()
	if err != nil {
		return nil
	}
	for _, path := range paths[:min(len(paths), savedScan)] {
		if sg := savedGame(path); sg != nil {
			return sg
		}
	}
	return nil
}

// savedGame is the game in the journal at path as the picker offers it,
// or nil if it cannot be played on here (see LatestSaved).
func savedGame(path string) *SavedGame {
	if _, err := os.Stat(SeatsPath(path)); err == nil || journal.InUse(path) {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return nil
	}
	j, _, err := journal.Read(path)
	if err != nil || j.Ended() != nil {
		return nil
	}
	c, err := j.Header.Compile()
	if err != nil {
		return nil
	}
	var players []string
	for _, sd := range j.Header.Players() {
		if sd.Player == journal.PlayerHuman {
			if i := slices.IndexFunc(c.Sides, func(si sim.SideInfo) bool { return si.ID == sd.ID }); i >= 0 {
				players = append(players, sim.Sanitize(c.Sides[i].Name, false))
			}
		}
	}
	if len(players) == 0 {
		return nil
	}
	res, err := journal.Replay(j, journal.Options{})
	if err != nil || len(res.Diverged) > 0 || res.Stopped != nil || res.Game.Over() {
		return nil
	}
	return &SavedGame{Path: path, Title: sim.Sanitize(c.Title, false), TurnLabel: c.TurnLabel, Turn: res.Game.Turn(),
		Turns: c.Turns, Players: players, Saved: info.ModTime()}
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
	if written, err := sim.Parse(j.Header.ScenarioFile, []byte(j.Header.Source)); err == nil {
		s.SetWritten(written)
	}
	// Why each AI ally put its points where it did, as Adjudicate keeps
	// it: a resumed game's levers and results had lost it.
	var reasons, declines [][]sim.PlanReason
	var chose []*sim.LookaheadChoice
	var played []string
	hands := report.NewHands(j, c, 0)
	beforePlan := func(turn int, g *sim.Game, pols []sim.Policy) {
		// A side the White cell gave to the computer that turn is
		// explained as the computer planned it (apart), and named so:
		// the replay takes its recorded orders, and planned nothing.
		pols = slices.Clone(pols)
		for _, a := range c.Alliance() {
			if w := hands.Computer(turn, a); w != nil && a < len(pols) {
				if p, err := sim.PolicyByName(w.Value); err == nil { // the journal's check refused it otherwise
					pols[a] = Apart(p)
				}
			}
		}
		reasons, declines, chose = planWhy(g, pols, nil)
		played = playedBy(pols, nil)
	}
	res, err := journal.Replay(j, journal.Options{BeforePlan: beforePlan, OnTurn: func(t *journal.TurnResult, g *sim.Game, r *sim.Result) error {
		// The turn's orders, as Adjudicate keeps them: without them a
		// resumed game's results said nothing of what each ally put where.
		o := c.NewOrders()
		if err := t.Record.FillOrders(c, o); err != nil { // the replay played them
			return err
		}
		rec := TurnRecord{Reasons: reasons, Declines: declines, Chose: chose, Played: played, Points: o.Points, Turn: r.Turn, Before: append([]sim.Fix(nil), r.Before...), After: append([]sim.Fix(nil), r.After...),
			Ledger: append([]sim.Entry(nil), r.Ledger...), Moves: append([]sim.Move(nil), r.Moves...),
			Injects: append([]sim.FiredInject(nil), r.Injects...), Bluffs: bluffs(g), Over: r.Over, End: r.End,
			CalledOff: slices.Clone(g.CalledOff())}
		nk := c.NumCauseKeys()
		for _, e := range r.Ledger {
			s.causes[e.Metric*nk+c.CauseKey(e)] += int64(e.Delta)
		}
		s.Results = append(s.Results, rec)
		s.History = append(s.History, append([]sim.Fix(nil), rec.After...))
		s.snaps = append(s.snaps, g.Clone())
		return nil
	}})
	if err != nil {
		w.Close()
		return nil, notes, err
	}
	if err := res.DivergedError(path); err != nil {
		w.Close()
		return nil, notes, err
	}
	s.setGame(res.Game)
	s.restoreHands(j)
	// A console the game began with, or one that acted (a rollback too,
	// though it undid every other act), is given back.
	s.whiteCell = j.Header.WhiteCell || slices.ContainsFunc(j.Entries, func(e journal.Entry) bool { return e.WhiteCell != nil || e.Rollback != nil })
	s.snaps[len(s.snaps)-1] = res.Game.Clone() // a fork's reseed comes after its OnTurn
	s.pendingActs = res.Pending
	s.pendingAll = trailingActs(j.Entries)
	s.restoreActs(j.Entries, res)
	if res.Stopped != nil {
		s.addAct(res.Stopped.WhiteCell.Turn, s.actLine(res.Stopped.WhiteCell))
		s.Stopped = res.Stopped.WhiteCell.Reason
		if s.Stopped == "" {
			s.Stopped = "ended by the White cell"
		}
	}
	s.Journal = w
	s.JournalPath = path
	w.KeepFailed(s.journalTrouble)
	notes = append(notes, privateFiles(path)...)
	s.restored = true
	s.loadDraft()
	return s, notes, nil
}

// restoreActs adds to Acts the White cell's acts of the journal's entries,
// in the order they were taken, as the game in play had them: the acts a
// rollback undid (marked so) and the rollback's own line too, which a
// resumed game's end screen had lost. The acts of the turn in progress
// (res.Pending, added as the turn is briefed again) and an end
// (res.Stopped) are left to the caller; an act whose move the adversary
// did not make says it had no effect, as replay has it.
func (s *Session) restoreActs(entries []journal.Entry, res *journal.Result) {
	last := -1 // the last turn or rollback record: acts after it are the turn's in progress
	for i, e := range entries {
		if e.Turn != nil || e.Rollback != nil {
			last = i
		}
	}
	void := map[journal.WhiteCell]bool{}
	for _, t := range res.Turns {
		for _, w := range t.Void {
			void[w] = true
		}
	}
	for _, e := range entries[:last+1] {
		switch {
		case e.Rollback != nil:
			s.addRollback(e.Rollback.Undo, sim.Sanitize(e.Rollback.Reason, false))
		case e.WhiteCell != nil && e.WhiteCell.Action == journal.ActUndo:
			s.undoActLine(e.WhiteCell)
		case e.WhiteCell != nil: // an end among them is one a later rollback undid
			line := s.actLine(e.WhiteCell)
			if void[*e.WhiteCell] {
				line += " (no effect: the adversary did not make that move)"
			}
			s.addActOf(e.WhiteCell, line)
		}
	}
}

// privateFiles makes the journal at path and its draft the user's alone
// (0600) if an older lattice left them readable by others, and the
// default journals' folder too if the journal is in it
// (journal.MakeDefaultDir); the notes say what it changed, or could not.
func privateFiles(path string) []string {
	var notes []string
	if dir, err := journal.DefaultDir(); err == nil && sameDir(filepath.Dir(path), dir) {
		_, notes, _ = journal.MakeDefaultDir()
	}
	if runtime.GOOS == "windows" {
		return notes
	}
	for _, p := range []string{path, DraftPath(path)} {
		st, err := os.Stat(p)
		if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, 0o600); err != nil {
			notes = append(notes, fmt.Sprintf("%s is readable by other users (mode %04o) and cannot be made private: %v", p, st.Mode().Perm(), err))
			continue
		}
		notes = append(notes, fmt.Sprintf("made %s private (mode 0600, was %04o): it holds every team's plans", p, st.Mode().Perm()))
	}
	return notes
}

// sameDir reports whether a and b are the same folder.
func sameDir(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// draft is the turn in progress, kept beside the journal so that quitting
// in the middle of a turn loses nothing: every allied side's points so far,
// the answers given, and which sides have committed.
type draft struct {
	Turn      int                       `json:"turn"`
	Points    map[string]map[string]int `json:"points"`
	Choices   map[string]string         `json:"choices,omitempty"`
	Committed []string                  `json:"committed,omitempty"`
	// Plans are the human adversaries' committed moves (a Red team plans
	// before the turn is briefed), by side id.
	Plans map[string]journal.Plan `json:"plans,omitempty"`
	// Marks are the moves a Red team has marked and not committed yet, by
	// side id: a restart keeps them, as it keeps the allies' drafts.
	Marks map[string]journal.Plan `json:"marks,omitempty"`
}

// DraftPath is where a journal's draft is kept.
func DraftPath(journalPath string) string { return journalPath + ".draft" }

// SaveDraft writes the turn in progress atomically beside the journal.
func (s *Session) SaveDraft() error {
	if s.JournalPath == "" || s.Journal == nil {
		return nil
	}
	c := s.C
	d := draft{Turn: s.Game.Turn(), Points: map[string]map[string]int{}}
	// Between a turn's results and the next briefing (a Red team planning,
	// a server stopped then) the orders and commits are the last turn's:
	// saved under the new turn they came back on resume as every ally's
	// commit, and the allies lost the turn. Only the plans are this turn's.
	briefed := s.Game.Briefed()
	for _, side := range s.HumanAllies() {
		if !briefed {
			break
		}
		pts := map[string]int{}
		for l := range c.Levers {
			if p := s.Orders.Get(side, l); p != 0 {
				pts[c.Levers[l].ID] = p
			}
		}
		d.Points[c.Sides[side].ID] = pts
		if s.committed[side] {
			d.Committed = append(d.Committed, c.Sides[side].ID)
		}
	}
	for side, p := range s.plans {
		if d.Plans == nil {
			d.Plans = map[string]journal.Plan{}
		}
		d.Plans[c.Sides[side].ID] = p
	}
	for side, p := range s.marks {
		if briefed || s.HasPlan(side) {
			continue // planned: the marks are the plan, or the past
		}
		if d.Marks == nil {
			d.Marks = map[string]journal.Plan{}
		}
		d.Marks[c.Sides[side].ID] = p
	}
	for i, ch := range s.Orders.Choices {
		if briefed && ch >= 0 && ch < len(c.Injects[i].Choices) {
			if d.Choices == nil {
				d.Choices = map[string]string{}
			}
			d.Choices[c.Injects[i].ID] = c.Injects[i].Choices[ch].ID
		}
	}
	data, err := json.Marshal(d)
	if err != nil {
		return err
	}
	// The records the journal keeps unwritten go first: the draft's file
	// is beside it, and a commit is the next chance to catch up.
	s.Journal.Flush()
	// The user's alone: it holds every team's draft and the Red team's
	// plan, live.
	return safefile.WriteFile(DraftPath(s.JournalPath), append(data, '\n'), 0o600)
}

// dropDraft removes the draft once its turn is in the journal.
func (s *Session) dropDraft() {
	if s.JournalPath != "" {
		os.Remove(DraftPath(s.JournalPath))
	}
}

// loadDraft reads the draft beside the journal, if it is for the current
// turn, to be applied when the turn is briefed.
func (s *Session) loadDraft() {
	data, err := os.ReadFile(DraftPath(s.JournalPath))
	if err != nil {
		return
	}
	var d draft
	if json.Unmarshal(data, &d) != nil || d.Turn != s.Game.Turn() {
		return
	}
	s.pending = &d
}

// applyDraft puts a loaded draft into the turn's orders (names it does not
// know, from a damaged draft, are ignored; the engine checks the orders).
func (s *Session) applyDraft() {
	d := s.pending
	s.pending = nil
	if d == nil || d.Turn != s.Game.Turn() {
		return
	}
	c := s.C
	for sideID, pts := range d.Points {
		side := c.SideIndex(sideID)
		if side < 0 || !s.Human[side] {
			continue
		}
		for lever, p := range pts {
			if l := c.LeverIndex(lever); l >= 0 && p > 0 {
				s.Orders.Set(side, l, p)
			}
		}
	}
	for injectID, choiceID := range d.Choices {
		for i := range c.Injects {
			if c.Injects[i].ID != injectID {
				continue
			}
			for ch := range c.Injects[i].Choices {
				if c.Injects[i].Choices[ch].ID == choiceID {
					s.Orders.Choices[i] = ch
				}
			}
		}
	}
	for _, id := range d.Committed {
		if side := c.SideIndex(id); side >= 0 && s.Human[side] {
			s.committed[side] = true
		}
	}
	// A side's draft that no longer fits (a White-cell act restored before
	// it cut the budget) is dropped and that side plays again; the other
	// sides' drafts and commits stand.
	for _, a := range s.HumanAllies() {
		if s.Game.CheckSide(s.Orders, a) != nil {
			s.Orders.ClearSide(a)
			s.committed[a] = false
		}
	}
}

// RestorePlans sets the human adversaries' moves kept in the draft of the
// current turn (committed before a restart), before the turn is briefed.
// A plan the engine no longer accepts is dropped: that side plans again.
func (s *Session) RestorePlans() {
	d := s.pending
	if d == nil || d.Turn != s.Game.Turn() || s.Game.Briefed() || len(d.Plans) == 0 {
		return
	}
	c := s.C
	for _, id := range slices.Sorted(maps.Keys(d.Plans)) {
		side := c.SideIndex(id)
		if side < 0 || !s.Human[side] || !c.Sides[side].Adversary || s.HasPlan(side) {
			continue
		}
		if acts, bluffs, err := d.Plans[id].Indices(c); err == nil {
			s.PlanAdversary(side, acts, bluffs)
		}
	}
}

// MarkAdversary records the moves a human adversary has marked, real and
// bluff by action, not yet committed: the draft keeps them, so that a
// restart (a server stopped, a game closed) gives the Red team back what
// it had marked (RestoredMarks).
func (s *Session) MarkAdversary(side int, real, bluff map[int]bool) {
	p := journal.Plan{Actions: []string{}, Bluffs: []string{}}
	for a := range s.C.Actions {
		if real[a] {
			p.Actions = append(p.Actions, s.C.Actions[a].ID)
		}
		if bluff[a] {
			p.Bluffs = append(p.Bluffs, s.C.Actions[a].ID)
		}
	}
	if s.marks == nil {
		s.marks = map[int]journal.Plan{}
	}
	s.marks[side] = p
}

// RestoredMarks returns the moves human adversary side had marked, not
// committed, when the game was closed in the current turn (from its
// draft), and keeps them as its marks; empty maps if none. Names the
// scenario no longer has, from a damaged draft, are left out.
func (s *Session) RestoredMarks(side int) (real, bluff map[int]bool) {
	real, bluff = map[int]bool{}, map[int]bool{}
	d := s.pending
	if d == nil || d.Turn != s.Game.Turn() || s.Game.Briefed() || s.HasPlan(side) {
		return real, bluff
	}
	p, ok := d.Marks[s.C.Sides[side].ID]
	if !ok {
		return real, bluff
	}
	for _, id := range p.Actions {
		if a := s.C.ActionIndex(id); a >= 0 {
			real[a] = true
		}
	}
	for _, id := range p.Bluffs {
		if a := s.C.ActionIndex(id); a >= 0 && !real[a] {
			bluff[a] = true
		}
	}
	s.MarkAdversary(side, real, bluff)
	return real, bluff
}

// HasPlan reports whether human adversary side has committed its moves
// for the current turn.
func (s *Session) HasPlan(side int) bool {
	_, ok := s.plans[side]
	return ok
}

// KeepWhiteCell keeps the White-cell console of the game o resumes
// (Options.Resume) if it had one. The journal records its acts, not the
// flag: a one-screen seminar resumed after a crash ('lattice play --resume
// latest', or the picker's Continue) lost its console without a word, and
// the instructor's W did nothing. A game begun with the console, or whose
// journal holds White-cell acts or a rollback, gets it back (a new PIN is
// asked: it is not saved); a hotseat game with none is told, in Notes,
// that --white-cell opens it.
func (o *Options) KeepWhiteCell() {
	if on, note := resumedWhiteCell(o.Resume, o.WhiteCell); on {
		o.WhiteCell = true
	} else if note != "" {
		o.Notes = append(o.Notes, note)
	}
}

// resumedWhiteCell says whether the resumed game s keeps a White-cell
// console (on already, or acts in its journal), and else the note for a
// hotseat game without one.
func resumedWhiteCell(s *Session, on bool) (keep bool, note string) {
	if on || s == nil {
		return on, ""
	}
	if s.whiteCell || len(s.Acts) > 0 || len(s.pendingActs) > 0 { // (acts of the turn in progress are applied when it is briefed)
		return true, ""
	}
	if s.Hotseat() && !s.Over() {
		return false, "no White-cell console: --white-cell gives it (W)"
	}
	return false, ""
}
