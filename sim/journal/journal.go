// Package journal records a game of Lattice as it is played, and replays it.
//
// # Format
//
// A journal is a JSON Lines file (UTF-8, one record a line, each line ended
// by "\n"), written only by appending. Every line is an envelope
//
//	{"sum":"<16 hex digits>","rec":<record>}
//
// with exactly this framing: the key "sum" first, then "rec", no spaces
// outside the record. sum is the first 16 hex digits (lower case) of the
// SHA-256 of the record's bytes exactly as they stand in the line, between
// `"rec":` and the closing brace. A reader checks every line on its own: it
// does not re-encode the record, so any change to a line — a digit, a space,
// a key, the sum itself — is detected at that line. (A "\r" before the
// "\n", as a Windows checkout may add, is tolerated.) The checksum detects
// damage and careless edits, not forgery: it is not a signature.
//
// Each record is a JSON object whose "type" says what it is:
//
//   - header (line 1, exactly once): journal format version ("journal",
//     FormatVersion), engine version (sim.EngineVersion), lattice version,
//     scenario id, file name, SHA-256 and full source text (replay needs no
//     files), difficulty, overrides (the --set list, in order), seed, the
//     sides and who plays them (human; ai, with its policy's name and, for
//     a policy file, its text; or doctrine), created (RFC 3339, UTC: the only clock value in a journal; it is not
//     part of any game hash), parent (the journal a fork was taken from;
//     empty if the game is not a fork), parent_turn (the parent's turn the
//     fork was taken after; left out when 0), white_cell (true for a game
//     begun with a White-cell console at its one screen, which a resumed
//     game gets back; left out when false) and reseed (left out unless
//     the fork was given fresh dice: the seed the game is reseeded with
//     after turn parent_turn, see sim.Game.Reseed).
//   - turn: the turn number; orders (side id → lever id → points, every
//     allied side, zero points left out); choices (inject id → choice id,
//     answers given this turn); plans (adversary side id → the actions and
//     bluffs a human adversary chose, by action id); and hash, the game's
//     state hash (sim.Game.Hash, 16 hex digits) after the turn's Step.
//   - whitecell: an act of the White cell (the seminar's facilitator)
//     during turn "turn", after its briefing and before its adjudication.
//     "action" is one of
//     inject (fire the inject "inject" now, sim.Game.FireInject);
//     metric (set the metric "metric" to "value", a decimal such as "33"
//     or "0.45", sim.Game.SetMetric);
//     roll (decide that the adversary action "move", a real move this
//     turn, ends in "outcome", "success" or "failure",
//     sim.Game.ForceOutcome);
//     budget (set the allied side "side"'s base budget, its points per
//     turn at support 50, to "value", a decimal from 0 to 1000, from this
//     turn on, sim.Game.SetBudget);
//     end (end the game before the turn is adjudicated);
//     pause and resume (the turn timer); timer (add "seconds", 1 to
//     86400, to the turn timer); or force (move on without waiting for
//     every side: the drafts are committed as they stand, an absent Red
//     team's moves are left to doctrine — the turn record that follows
//     holds what was committed); computer (give the allied side "side",
//     which the header has as people's, to the computer, which plays it
//     with the built-in policy "value" from now on: its orders are still
//     recorded turn by turn, so the game replays as played); or team
//     (give the side "side" back to the teams); or undo (take back the
//     White cell's last act of the turn still in effect that changes the
//     game: an inject, a metric, a move's outcome or a budget; replay
//     plays the turn without it).
//     "by" says who acted ("console", or a facilitator's key fingerprint),
//     "reason" why: inject, metric, roll, budget, end, computer, team and
//     undo need a reason. Pause, resume, timer, force, computer and team do not
//     change the game by themselves.
//     A white-cell record's turn is always the turn after the last one in
//     effect, and after an end no turn may be recorded until a rollback
//     undoes a turn (which undoes the end with it).
//   - rollback: "undo" is a turn number; that turn and every later one still
//     in effect are undone, and the next turn record must be that turn
//     again. Replay re-executes from the header, skipping undone turns.
//     "reason" says why.
//   - resume: written by OpenAppend after a crash; "torn" lists the lines
//     just before it that a crash left incomplete. Those lines stay in the
//     file as they are; a reader skips them with a warning.
//
// Turns follow one another from 1 with no gap and no repeat, but for a
// rollback, which lets the undone turns be recorded again. A rollback of
// turn N also undoes the white-cell records of turn N and later.
//
// # Forks
//
// A fork is a new game taken from another journal's state after a turn.
// Its journal is self-contained: the header carries the parent's scenario,
// seed, difficulty, overrides and sides, and names the parent file and
// turn (parent, parent_turn); its first records are copies of the
// parent's first parent_turn turn records and of the white-cell records of
// those turns (the history in effect, in its order; the acts of turn
// parent_turn+1 are not copied), and the fork's own turns follow. Replay therefore needs nothing but the fork's
// file: it re-plays the copied turns exactly as the parent did and, if the
// header has a reseed, reseeds the game after turn parent_turn (before the
// first turn with no parent when parent_turn is 0).
//
// A fork may also hand its sides to other players (lattice run --fork
// --policy), and a fork of a fork inherits what its parent changed by the
// turn it is taken: the header's "changes" lists them in order, each
// after a turn ("at", at most parent_turn) with fresh dice ("reseed") or
// new players for every side ("sides", as the header's, which played
// until the first). Replay makes the changes after their turn, in order,
// before the header's own reseed of that turn.
//
// # Replay
//
// Replay rebuilds the scenario from the header (sim.Parse, the difficulty,
// the overrides, sim.Compile), starts sim.NewGame with the seed and, for
// each turn in effect: sets the human adversaries' plans, briefs the turn,
// applies the White cell's acts recorded for the turn in file order (Apply:
// the order in which a live game does them, while the turn is briefed),
// lets the AI sides plan as they did in play (their policies draw from the
// game's dice, so they must run; their orders are then replaced by the
// recorded ones), steps the recorded orders and compares the state hash.
// Human allied sides are not re-run: only their recorded orders count.
// An act the engine refuses is an error naming its line.
//
// An end act stops the replay before its turn (Result.Stopped). The acts
// recorded for the turn after the last turn replayed (a turn in progress
// when the journal was last written, or cut short by an end) are not
// applied, since that turn is not briefed: they are returned in
// Result.Pending, for a front end that resumes the game to brief the turn
// and Apply them.
//
// # Damage
//
// A crash while a line is written leaves a torn last line: without its
// "\n", or with a bad checksum. Read reports such lines at the end of the
// file as warnings and ignores them (Journal.Torn); Replay with Verify
// refuses them. OpenAppend leaves them in place, starts a fresh line, and
// writes a resume record naming them, so that the journal reads cleanly
// again. A last line whose record is intact but lacks only its "\n" is
// read, with a warning (Journal.Unterminated); Verify refuses it too, and
// OpenAppend ends the line. A bad line anywhere else is an error naming its
// line number.
//
// # Writing
//
// A Writer makes a journal for the user alone (mode 0600) and appends
// each record in one write, fsynced. A write that fails is cut back out of
// the file, so that the journal stays whole. A front end that plays on
// through such a failure keeps the records in memory and writes them, in
// order, once the file takes them again (Writer.KeepFailed); the Writer's
// own copy of the game (Writer.Journal) is what a debrief is built from,
// whatever became of the file since.
package journal

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"lattice/scenarios"
	"lattice/sim"
	"lattice/sim/safefile"
)

// FormatVersion is the version of the journal format this package writes
// and reads. It changes when a record changes shape; the rules' version is
// sim.EngineVersion.
const FormatVersion = 1

// MaxLine is the longest line a journal may hold (the header carries the
// scenario source, at most 1 MiB, escaped).
const MaxLine = 8 << 20

// MaxLines is the most lines a journal may hold: far beyond any game's
// (1,000 turns, with the White cell's acts and rollbacks), and short of a
// file of millions of blank lines taking gigabytes to read.
const MaxLines = 1_000_000

// MaxSize is the most bytes a journal may hold. A turn record of a
// built-in scenario is under 400 bytes, so the turns of a 1,000-turn game
// (the longest, sim.MaxTurns) take under 400 KB; a scenario of 8 sides of
// 20 levers each, about 4 MB. 32 MiB leaves 24 MiB beyond the largest
// header (MaxLine) for them, the White cell's acts and the turns played
// again after rollbacks. Reading that much takes seconds and a few hundred
// MB of memory; the limit stops a file that only starts like a journal
// from taking more. The Writer refuses a record that would take a journal
// over it, so that every journal written can be read.
const MaxSize = 32 << 20

// maxLines and maxSize are MaxLines and MaxSize, but for the tests,
// which lower them.
var (
	maxLines       = MaxLines
	maxSize  int64 = MaxSize
)

// maxTorn is the most damaged lines read as a torn tail. A crash tears the
// line being written; a crash while resuming may tear one more. More than
// a few is damage or something appended, and is an error.
const maxTorn = 16

// Record types.
const (
	TypeHeader    = "header"
	TypeTurn      = "turn"
	TypeWhiteCell = "whitecell"
	TypeRollback  = "rollback"
	TypeResume    = "resume"
)

// Who plays a side.
const (
	PlayerHuman    = "human"
	PlayerAI       = "ai"
	PlayerDoctrine = "doctrine"
)

// Header is the first record: everything needed to rebuild the game.
type Header struct {
	Type         string   `json:"type"`
	Journal      int      `json:"journal"`
	Engine       string   `json:"engine"`
	Lattice      string   `json:"lattice"`
	Scenario     string   `json:"scenario"`
	ScenarioFile string   `json:"scenario_file"`
	ScenarioSHA  string   `json:"scenario_sha256"`
	Source       string   `json:"scenario_source"`
	Difficulty   string   `json:"difficulty"`
	Overrides    []string `json:"overrides"`
	Seed         uint64   `json:"seed"`
	Sides        []Side   `json:"sides"`
	Created      string   `json:"created"`
	Parent       string   `json:"parent"`
	// ParentTurn is the turn of the parent journal a fork was taken after
	// (0 for a journal that is not a fork, or a fork from the start).
	ParentTurn int `json:"parent_turn,omitempty"`
	// Reseed, if set, gives the fork fresh dice: after turn ParentTurn the
	// game is reseeded with it (sim.Game.Reseed).
	Reseed *uint64 `json:"reseed,omitempty"`
	// Changes are a fork's other changes, in order (see "Forks").
	Changes []Change `json:"changes,omitempty"`
	// WhiteCell: the game was begun with a White-cell console at its one
	// screen (lattice play --white-cell), which a resumed game gets back.
	WhiteCell bool `json:"white_cell,omitempty"`
}

// Change is a change a fork makes (or inherits) after turn At: the game
// reseeded (Reseed), or its sides handed to other players (Sides).
type Change struct {
	At     int     `json:"at"`
	Reseed *uint64 `json:"reseed,omitempty"`
	Sides  []Side  `json:"sides,omitempty"`
}

// Players returns who plays the sides now: the last change of players',
// else the header's.
func (h *Header) Players() []Side {
	sides := h.Sides
	for _, ch := range h.Changes {
		if ch.Sides != nil {
			sides = ch.Sides
		}
	}
	return sides
}

// Side says who plays one side of the scenario.
type Side struct {
	ID     string `json:"id"`
	Team   string `json:"team"`             // "allied" or "adversary"
	Player string `json:"player"`           // human, ai or doctrine
	Policy string `json:"policy,omitempty"` // the AI policy's name
	// PolicySource is the text of the AI's policy file, for a policy that
	// is not built in.
	PolicySource string `json:"policy_source,omitempty"`
}

// TurnRecord is one turn: every side's orders and the state hash after it.
type TurnRecord struct {
	Type    string                    `json:"type"`
	Turn    int                       `json:"turn"`
	Orders  map[string]map[string]int `json:"orders"`
	Choices map[string]string         `json:"choices,omitempty"`
	Plans   map[string]Plan           `json:"plans,omitempty"`
	Hash    string                    `json:"hash"`
}

// Plan is what a human adversary chose for a turn, by action id.
type Plan struct {
	Actions []string `json:"actions"`
	Bluffs  []string `json:"bluffs"`
}

// White-cell actions (WhiteCell.Action).
const (
	ActInject = "inject" // fire an inject (Inject)
	ActMetric = "metric" // set a metric (Metric, Value)
	ActRoll   = "roll"   // decide an adversary move's outcome (Move, Outcome)
	ActBudget = "budget" // set an allied side's base budget (Side, Value)
	ActEnd    = "end"    // end the game before the turn is adjudicated
	ActPause  = "pause"  // pause the turn timer
	ActResume = "resume" // resume the turn timer
	ActTimer  = "timer"  // add Seconds to the turn timer
	ActForce  = "force"  // end the phase now: the drafts are committed as they stand, or an absent Red team's moves left to doctrine
	// ActComputer gives an allied side people played to the computer
	// (Side; Value, the built-in policy it plays), and ActTeam gives it
	// back (Side). Neither changes the game: the side's orders are
	// recorded in each turn record as a team's are.
	ActComputer = "computer"
	ActTeam     = "team"
	// ActUndo takes back the White cell's last act of the turn that
	// changes the game (OnGame) and is still in effect: an inject fired, a
	// metric or a budget set, a move decided by mistake. History drops
	// both, so a replay plays the turn as if the act had not been taken.
	ActUndo = "undo"
)

// Outcomes of a roll act (WhiteCell.Outcome).
const (
	OutcomeSuccess = "success"
	OutcomeFailure = "failure"
)

// MaxTimerSeconds is the most a timer act may add to the turn timer (24 h).
const MaxTimerSeconds = 24 * 60 * 60

// WhiteCell is an act of the White cell (the seminar's facilitator) during
// turn Turn, between its briefing and its adjudication. See the package
// documentation and Apply.
type WhiteCell struct {
	Type    string `json:"type"`
	Turn    int    `json:"turn"`
	Action  string `json:"action"`            // inject, metric, roll, budget, end, pause, resume, timer, force, computer, team
	Inject  string `json:"inject,omitempty"`  // inject: the inject id
	Metric  string `json:"metric,omitempty"`  // metric: the metric id
	Side    string `json:"side,omitempty"`    // budget, computer, team: the allied side id
	Value   string `json:"value,omitempty"`   // metric, budget: the new value, decimal ("33", "0.45"); computer: the policy
	Move    string `json:"move,omitempty"`    // roll: the adversary action id
	Outcome string `json:"outcome,omitempty"` // roll: "success" or "failure"
	Seconds int    `json:"seconds,omitempty"` // timer: seconds added to the turn timer
	By      string `json:"by,omitempty"`      // who acted: "console", or a facilitator's key fingerprint
	Reason  string `json:"reason,omitempty"`
}

// Rollback undoes turn Undo and every later turn still in effect.
type Rollback struct {
	Type   string `json:"type"`
	Undo   int    `json:"undo"`
	Reason string `json:"reason,omitempty"`
}

// Resume acknowledges lines a crash tore, just before it.
type Resume struct {
	Type string `json:"type"`
	Torn []int  `json:"torn"`
}

// Entry is one record after the header, with the line it is on. Exactly
// one of its pointers is set.
type Entry struct {
	Line      int
	Turn      *TurnRecord
	WhiteCell *WhiteCell
	Rollback  *Rollback
	Resume    *Resume
}

// Type returns the entry's record type.
func (e Entry) Type() string {
	switch {
	case e.Turn != nil:
		return TypeTurn
	case e.WhiteCell != nil:
		return TypeWhiteCell
	case e.Rollback != nil:
		return TypeRollback
	}
	return TypeResume
}

// Journal is a journal read back.
type Journal struct {
	Path    string
	Header  Header
	Entries []Entry // every record after the header, in file order
	// Torn lists the lines at the end of the file that a crash left
	// incomplete, not yet acknowledged by a resume record.
	Torn []int
	// Unterminated is the last line if it holds an intact record but no
	// "\n" (a crash just before the end of the line), else 0.
	Unterminated int
	// Lines is the number of lines in the file; EndsClean says whether
	// it ends with a newline.
	Lines     int
	EndsClean bool
}

// History returns the turn and whitecell entries still in effect: the
// game as finally played, with the turns a rollback undid left out.
func (j *Journal) History() []Entry {
	var h []Entry
	var dead []bool // by index in h: an undo took it back
	var acts []int  // indices in h of the acts an undo may take back, in order
	taken := false
	compact := func() {
		if taken {
			k := 0
			for i := range h {
				if !dead[i] {
					h[k] = h[i]
					k++
				}
			}
			h, dead, taken = h[:k], make([]bool, k), false
		}
	}
	for _, e := range j.Entries {
		switch {
		case e.Turn != nil:
			h, dead = append(h, e), append(dead, false)
		case e.WhiteCell != nil && e.WhiteCell.Action == ActUndo:
			// The last act an undo may take back is of the undo's turn if
			// any is: white-cell records are for the turn after the last
			// in effect, and a rollback drops the later turns' acts.
			if n := len(acts); n > 0 && h[acts[n-1]].WhiteCell.Turn == e.WhiteCell.Turn {
				dead[acts[n-1]], taken = true, true
				acts = acts[:n-1]
			}
		case e.WhiteCell != nil:
			if e.WhiteCell.Undoable() {
				acts = append(acts, len(h))
			}
			h, dead = append(h, e), append(dead, false)
		case e.Rollback != nil:
			compact()
			h = slices.DeleteFunc(h, func(x Entry) bool { return entryTurn(x) >= e.Rollback.Undo })
			dead, acts = make([]bool, len(h)), acts[:0]
			for i, x := range h {
				if x.WhiteCell != nil && x.WhiteCell.Undoable() {
					acts = append(acts, i)
				}
			}
		}
	}
	compact()
	return h
}

// Undoable reports whether an undo (ActUndo) may take back w: an act that
// changes the game, not an end or an undo.
func (w *WhiteCell) Undoable() bool {
	return w.OnGame() && w.Action != ActEnd && w.Action != ActUndo
}

// LastTurn returns the number of the last turn still in effect (0 if none).
func (j *Journal) LastTurn() int {
	last := 0
	for _, e := range j.History() {
		if e.Turn != nil {
			last = e.Turn.Turn
		}
	}
	return last
}

// Ended returns the White cell's end act still in effect (for the turn
// after the last one in effect), or nil if the White cell has not ended
// the game.
func (j *Journal) Ended() *Entry {
	h := j.History()
	last := 0
	for _, e := range h {
		if e.Turn != nil {
			last = e.Turn.Turn
		}
	}
	for i := range h {
		if w := h[i].WhiteCell; w != nil && w.Turn == last+1 && w.Action == ActEnd {
			return &h[i]
		}
	}
	return nil
}

func entryTurn(e Entry) int {
	if e.Turn != nil {
		return e.Turn.Turn
	}
	if e.WhiteCell != nil {
		return e.WhiteCell.Turn
	}
	return 0
}

// Warning is a problem that does not stop reading: a torn line (Line 0:
// of the whole file).
type Warning struct {
	Line int
	Msg  string
}

func (w Warning) String() string {
	if w.Line == 0 {
		return w.Msg // of the whole file
	}
	return fmt.Sprintf("line %d: %s", w.Line, w.Msg)
}

// Error is a problem with one line of a journal (Line 0: the whole file).
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Path + ": " + e.Msg
	}
	return fmt.Sprintf("%s: line %d: %s", e.Path, e.Line, e.Msg)
}

// EngineError refuses a journal recorded under other rules.
type EngineError struct {
	Path           string
	Journal, Built string // the journal's engine version and this program's
}

func (e *EngineError) Error() string {
	return fmt.Sprintf("%s: recorded by engine version %s, but this lattice has engine version %s: the same orders may give another game", e.Path, e.Journal, e.Built)
}

// ---------------------------------------------------------------------------
// Encoding

const (
	envPrefix = `{"sum":"`
	envMiddle = `","rec":`
	sumLen    = 16
)

// checksum returns the first 16 hex digits of the SHA-256 of body.
func checksum(body []byte) string {
	s := sha256.Sum256(body)
	return hex.EncodeToString(s[:])[:sumLen]
}

// encodeLine returns the line for rec, "\n" included.
func encodeLine(rec any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rec); err != nil {
		return nil, err
	}
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	line := make([]byte, 0, len(body)+len(envPrefix)+len(envMiddle)+sumLen+2)
	line = append(line, envPrefix...)
	line = append(line, checksum(body)...)
	line = append(line, envMiddle...)
	line = append(line, body...)
	line = append(line, '}', '\n')
	return line, nil
}

// lineProblem says what is wrong with a line's envelope.
type lineProblem int

const (
	lineOK       lineProblem = iota
	lineForeign              // not an envelope at all
	lineChecksum             // an envelope whose sum does not match
)

// splitLine checks a line's envelope (without its "\n") and returns the
// record's bytes.
func splitLine(line []byte) (body []byte, prob lineProblem, msg string) {
	line = bytes.TrimSuffix(line, []byte("\r"))
	if !bytes.HasPrefix(line, []byte(envPrefix)) {
		return nil, lineForeign, "not a journal record: expected " + envPrefix + "…" + envMiddle + "…}, found " + snippet(line)
	}
	rest := line[len(envPrefix):]
	if len(rest) < sumLen+len(envMiddle)+1 || !bytes.HasPrefix(rest[sumLen:], []byte(envMiddle)) || !isHex(rest[:sumLen]) {
		return nil, lineChecksum, "damaged record: its envelope is incomplete or malformed"
	}
	sum := string(rest[:sumLen])
	rest = rest[sumLen+len(envMiddle):]
	if !bytes.HasSuffix(rest, []byte("}")) {
		return nil, lineChecksum, "damaged record: it is cut short"
	}
	body = rest[:len(rest)-1]
	if got := checksum(body); got != sum {
		return nil, lineChecksum, fmt.Sprintf("checksum mismatch: the line says %s, its record gives %s (the line was altered or damaged)", sum, got)
	}
	return body, lineOK, ""
}

func isHex(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// snippet quotes the start of a line for an error message.
func snippet(b []byte) string {
	if len(b) == 0 {
		return "an empty line"
	}
	const max = 40
	s := b
	cut := ""
	if len(s) > max {
		s, cut = s[:max], "…"
	}
	if !utf8.Valid(s) || bytes.IndexByte(s, 0) >= 0 {
		return "binary data"
	}
	return fmt.Sprintf("%q%s", s, cut)
}

// decodeStrict decodes body into v, refusing unknown fields and trailing data.
func decodeStrict(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			// Say it in the journal's terms, not Go's ("cannot unmarshal
			// number 1e30 into Go struct field TurnRecord.orders of type int").
			return fmt.Errorf("%s: expected %s, found %s", te.Field, jsonKind(te.Type), te.Value)
		}
		return err
	}
	if d.More() {
		return errors.New("data after the record")
	}
	return nil
}

// jsonKind names what a Go type holds in JSON, for messages.
func jsonKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number in range"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another kind of value"
}

// ---------------------------------------------------------------------------
// Reading

// ReadOptions changes how Read treats a journal.
type ReadOptions struct {
	// Force reads a journal recorded under another engine version.
	Force bool
}

// Read reads and checks the journal at path: every line's checksum, the
// header, and the order of the turns. A journal of another engine version
// is refused with an *EngineError; ReadWith can force it.
func Read(path string) (*Journal, []Warning, error) {
	return ReadWith(path, ReadOptions{})
}

// ReadWith is Read with options.
//
// Only a regular file is read: a device such as /dev/urandom or a FIFO
// could be read for ever or block. The header is checked as soon as the
// first line is read, so that a file that is not a journal is refused
// without reading the rest, and a file is refused as soon as it is longer
// than any journal (MaxLines, MaxSize).
func ReadWith(path string, opts ReadOptions) (*Journal, []Warning, error) {
	st, err := os.Stat(path) // before opening: opening a FIFO blocks
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read journal %s: %w", path, unwrapPath(err))
	}
	if err := checkRegular(path, st.Mode()); err != nil {
		return nil, nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot read journal %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil { // replaced since
		if err := checkRegular(path, st.Mode()); err != nil {
			return nil, nil, err
		}
	}
	return parse(path, bufio.NewReaderSize(f, 64<<10), opts)
}

// checkRegular refuses what is not a regular file.
func checkRegular(path string, m fs.FileMode) error {
	switch {
	case m.IsDir():
		return &Error{Path: path, Msg: "is a directory, not a journal"}
	case !m.IsRegular():
		return &Error{Path: path, Msg: "is " + safefile.Kind(m) + ", not a journal"}
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// readLine reads one line of at most MaxLine bytes.
func readLine(r *bufio.Reader) (data []byte, nl bool, err error) {
	for {
		chunk, err := r.ReadSlice('\n')
		data = append(data, chunk...)
		if len(data) > MaxLine+1 {
			return nil, false, errors.New("longer than the longest journal line (8 MiB)")
		}
		switch {
		case err == nil:
			return data[:len(data)-1], true, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return data, false, io.EOF
		default:
			return nil, false, err
		}
	}
}

// lineReader reads a journal a line at a time, keeping count of the lines
// and bytes so as to stop as soon as the file is longer than any journal.
type lineReader struct {
	r    *bufio.Reader
	n    int   // the lines read
	size int64 // the bytes read
	eof  bool
}

// next returns the next line and whether it ended with "\n"; ok is false
// at the end of the file.
func (lr *lineReader) next() (data []byte, nl, ok bool, err error) {
	if lr.eof {
		return nil, false, false, nil
	}
	data, nl, err = readLine(lr.r)
	if err != nil && !errors.Is(err, io.EOF) {
		lr.n++ // the line that could not be read
		return nil, false, false, err
	}
	lr.eof = err != nil
	if !nl && len(data) == 0 { // the end of the file
		return nil, false, false, nil
	}
	lr.n++
	lr.size += int64(len(data))
	if nl {
		lr.size++
	}
	switch {
	case lr.n > maxLines:
		return nil, false, false, fmt.Errorf("more than %d lines: longer than any game's journal; is this file a journal?", maxLines)
	case lr.size > maxSize:
		return nil, false, false, fmt.Errorf("more than %s: longer than any game's journal; is this file a journal?", sizeWords(maxSize))
	}
	return data, nl, true, nil
}

// atEnd reports whether no line follows the last one read.
func (lr *lineReader) atEnd() bool {
	if lr.eof {
		return true
	}
	_, err := lr.r.Peek(1)
	return err != nil
}

// sizeWords is n bytes in MiB, or in bytes if it is not a whole number of
// them.
func sizeWords(n int64) string {
	if n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// badLine is a line whose record is damaged or missing.
type badLine struct {
	n   int
	msg string
}

// parse reads a journal line by line, holding only the records decoded:
// a file that is not a journal is refused at its first line, and one that
// is longer than any journal, or damaged beyond a torn tail, as soon as
// it is found to be.
func parse(path string, r *bufio.Reader, opts ReadOptions) (*Journal, []Warning, error) {
	errAt := func(line int, format string, args ...any) error {
		return &Error{Path: path, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	// A byte-order mark (the journal saved again by an editor) belongs to
	// no record: the checksums are of the records.
	if bom, _ := r.Peek(3); string(bom) == "\ufeff" {
		r.Discard(3)
	}
	lr := &lineReader{r: r}
	first, nl, ok, err := lr.next()
	switch {
	case err != nil:
		return nil, nil, errAt(1, "not a lattice journal: %v", err)
	case !ok:
		return nil, nil, &Error{Path: path, Msg: "empty file: not a lattice journal (a journal starts with a header line)"}
	}
	j := &Journal{Path: path, EndsClean: nl}

	// The header.
	body, prob, msg := splitLine(first)
	switch {
	case prob == lineForeign:
		return nil, nil, errAt(1, "not a lattice journal: %s", strings.TrimPrefix(msg, "not a journal record: "))
	case prob != lineOK && (!nl || lr.atEnd()):
		return nil, nil, errAt(1, "the header is torn (lattice stopped while creating the journal?): %s; there is no game to read", msg)
	case prob != lineOK:
		return nil, nil, errAt(1, "header: %s", msg)
	}
	kind, err := recordType(body)
	if err != nil {
		return nil, nil, errAt(1, "not a lattice journal: %v", err)
	}
	if kind != TypeHeader {
		return nil, nil, errAt(1, "not a lattice journal: the first record must be a header, not %q", kind)
	}
	var ver struct {
		Journal int    `json:"journal"`
		Engine  string `json:"engine"`
	}
	json.Unmarshal(body, &ver) // checked below, after the version
	if ver.Journal != FormatVersion {
		if ver.Journal > FormatVersion {
			return nil, nil, errAt(1, "journal format %d was written by a newer lattice; this one reads format %d", ver.Journal, FormatVersion)
		}
		return nil, nil, errAt(1, "journal format %d is not supported; this lattice reads format %d", ver.Journal, FormatVersion)
	}
	if err := decodeStrict(body, &j.Header); err != nil {
		return nil, nil, errAt(1, "header: %v", err)
	}
	if err := checkHeader(&j.Header); err != nil {
		return nil, nil, errAt(1, "header: %v", err)
	}
	if j.Header.Engine != sim.EngineVersion && !opts.Force {
		return nil, nil, &EngineError{Path: path, Journal: j.Header.Engine, Built: sim.EngineVersion}
	}

	var warns []Warning
	var pending []badLine // bad lines not yet acknowledged
	last := 0             // last turn in effect
	endLine := 0          // the line of a White cell's end still in effect (for turn last+1)
	var undoable []int    // the turns of the acts in effect an undo may take back, in order
	turnLine := map[int]int{}
	for {
		data, nl, ok, err := lr.next()
		if err != nil {
			return nil, nil, errAt(lr.n, "%v", err)
		}
		if !ok {
			break
		}
		n := lr.n
		j.EndsClean = nl
		body, prob, msg := splitLine(data)
		if prob != lineOK {
			if !nl {
				msg = "torn: the line has no end (lattice stopped while writing it?); " + msg
			}
			pending = append(pending, badLine{n, msg})
			if len(pending) > maxTorn {
				// A crash tears the line being written, and a resume
				// record acknowledges it: this is no torn tail.
				return nil, nil, errAt(pending[0].n, "%s; and at least the %d lines after it are damaged too: a crash tears only the line being written, so the file was damaged or something was appended to it", pending[0].msg, maxTorn)
			}
			continue
		}
		e, err := decodeEntry(body)
		if err != nil {
			return nil, nil, errAt(n, "%v", err)
		}
		e.Line = n
		if len(pending) > 0 && e.Resume == nil {
			return nil, nil, errAt(pending[0].n, "%s", pending[0].msg)
		}
		if e.Resume != nil && !slices.EqualFunc(e.Resume.Torn, pending, func(k int, b badLine) bool { return k == b.n }) {
			if len(pending) > 0 {
				return nil, nil, errAt(pending[0].n, "%s (the resume record on line %d names lines %v as torn)", pending[0].msg, n, e.Resume.Torn)
			}
			return nil, nil, errAt(n, "resume record names lines %v as torn, but the lines just before it are intact", e.Resume.Torn)
		}
		for _, b := range pending {
			warns = append(warns, Warning{Line: b.n, Msg: fmt.Sprintf("skipped: torn by a crash (acknowledged on line %d): %s", n, b.msg)})
		}
		pending = nil
		switch {
		case e.Resume != nil:
		case e.Turn != nil:
			t := e.Turn.Turn
			switch {
			case t == last+1 && endLine > 0:
				return nil, nil, errAt(n, "turn %d is recorded after the White cell ended the game on line %d; a turn is recorded after an end only if a rollback lifts it", t, endLine)
			case t == last+1:
			case t <= last:
				return nil, nil, errAt(n, "turn %d is recorded twice (first on line %d); a turn is recorded again only after a rollback", t, turnLine[t])
			case t == last+2:
				return nil, nil, errAt(n, "turn %d follows turn %d: turn %d is missing", t, last, last+1)
			default:
				return nil, nil, errAt(n, "turn %d follows turn %d: turns %d to %d are missing", t, last, last+1, t-1)
			}
			last = t
			turnLine[t] = n
		case e.WhiteCell != nil:
			if e.WhiteCell.Turn != last+1 {
				return nil, nil, errAt(n, "white-cell record for turn %d, but the next turn is %d", e.WhiteCell.Turn, last+1)
			}
			if e.WhiteCell.Action == ActEnd && endLine == 0 {
				endLine = n
			}
			switch w := e.WhiteCell; {
			case w.Action == ActUndo && (len(undoable) == 0 || undoable[len(undoable)-1] != w.Turn):
				return nil, nil, errAt(n, "undo in turn %d, but the White cell has no act of that turn in effect to take back", w.Turn)
			case w.Action == ActUndo:
				undoable = undoable[:len(undoable)-1]
			case w.Undoable():
				undoable = append(undoable, w.Turn)
			}
		case e.Rollback != nil:
			if u := e.Rollback.Undo; u < 1 || u > last {
				if last == 0 {
					return nil, nil, errAt(n, "rollback of turn %d, but no turn has been played", u)
				}
				return nil, nil, errAt(n, "rollback of turn %d, but the turns in effect are 1 to %d", u, last)
			}
			last = e.Rollback.Undo - 1
			endLine = 0 // the end was for turn last+1, which the rollback undoes
			for len(undoable) > 0 && undoable[len(undoable)-1] > last {
				undoable = undoable[:len(undoable)-1]
			}
		}
		j.Entries = append(j.Entries, e)
	}
	j.Lines = lr.n
	// The torn tail: the bad lines at the end of the file.
	for _, b := range pending {
		j.Torn = append(j.Torn, b.n)
		warns = append(warns, Warning{Line: b.n, Msg: "ignored: " + b.msg})
	}
	if len(j.Torn) == 0 && !j.EndsClean {
		j.Unterminated = j.Lines
		warns = append(warns, Warning{Line: j.Lines, Msg: "torn: the line has no end (lattice stopped while writing it?), but its record is intact and is read"})
	}
	return j, warns, nil
}

// recordType returns the type of the record body holds. The error says
// what the record should be, in the journal's terms: an array record said
// "json: cannot unmarshal array into Go value of type struct { Type
// string "json:\"type\"" }".
func recordType(body []byte) (string, error) {
	var kind struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(body, &kind); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te) && te.Field == "":
			return "", fmt.Errorf("the record is a JSON %s, not an object: a journal's record is a JSON object with its \"type\" (\"header\", \"turn\", …)", te.Value)
		case errors.As(err, &te):
			return "", fmt.Errorf("the record's %s should be a string, not a JSON %s", te.Field, te.Value)
		}
		return "", fmt.Errorf("the record is not a JSON object: %v", err)
	}
	return kind.Type, nil
}

func decodeEntry(body []byte) (Entry, error) {
	kind, err := recordType(body)
	if err != nil {
		return Entry{}, err
	}
	var e Entry
	switch kind {
	case TypeTurn:
		e.Turn = new(TurnRecord)
		if err = decodeStrict(body, e.Turn); err == nil {
			err = checkTurn(e.Turn)
		}
	case TypeWhiteCell:
		e.WhiteCell = new(WhiteCell)
		if err = decodeStrict(body, e.WhiteCell); err == nil {
			err = checkWhiteCell(e.WhiteCell)
		}
	case TypeRollback:
		e.Rollback = new(Rollback)
		err = decodeStrict(body, e.Rollback)
	case TypeResume:
		e.Resume = new(Resume)
		err = decodeStrict(body, e.Resume)
	case TypeHeader:
		return e, errors.New("a second header: a journal holds one game (two journals joined into one file? the first game is the lines before this one)")
	case "":
		return e, errors.New("the record has no type")
	default:
		return e, fmt.Errorf("unknown record type %q (a newer lattice?)", kind)
	}
	if err != nil {
		return e, fmt.Errorf("%s record: %v", kind, err)
	}
	return e, nil
}

func checkHeader(h *Header) error {
	switch {
	case h.Engine == "":
		return errors.New("no engine version")
	case h.Scenario == "":
		return errors.New("no scenario id")
	case h.Source == "":
		return errors.New("no scenario source")
	case h.ScenarioFile == "":
		return errors.New("no scenario file name")
	}
	sum := sha256.Sum256([]byte(h.Source))
	if hex.EncodeToString(sum[:]) != h.ScenarioSHA {
		return fmt.Errorf("the scenario source does not match its SHA-256 %s", h.ScenarioSHA)
	}
	if h.ParentTurn < 0 {
		return fmt.Errorf("parent_turn %d is negative", h.ParentTurn)
	}
	if (h.ParentTurn > 0 || h.Reseed != nil) && h.Parent == "" {
		return errors.New("parent_turn or reseed without a parent: only a fork has them")
	}
	if h.Created != "" {
		if _, err := time.Parse(time.RFC3339, h.Created); err != nil {
			return fmt.Errorf("created %q is not an RFC 3339 time", h.Created)
		}
	}
	if len(h.Changes) > 0 && h.Parent == "" {
		return errors.New("changes without a parent: only a fork has them")
	}
	sides := [][]Side{h.Sides}
	for i, ch := range h.Changes {
		switch {
		case ch.At < 0 || ch.At > h.ParentTurn:
			return fmt.Errorf("changes[%d]: at %d is not between 0 and parent_turn %d", i, ch.At, h.ParentTurn)
		case i > 0 && ch.At < h.Changes[i-1].At:
			return fmt.Errorf("changes[%d]: at %d comes before the change above it (at %d)", i, ch.At, h.Changes[i-1].At)
		case ch.Reseed == nil && len(ch.Sides) == 0:
			return fmt.Errorf("changes[%d]: neither a reseed nor sides", i)
		}
		sides = append(sides, ch.Sides)
	}
	for _, sides := range sides {
		for _, s := range sides {
			switch s.Player {
			case PlayerHuman, PlayerAI, PlayerDoctrine:
			default:
				return fmt.Errorf("side %q: player %q is not human, ai or doctrine", s.ID, s.Player)
			}
		}
	}
	return nil
}

func checkTurn(t *TurnRecord) error {
	if t.Turn < 1 {
		return fmt.Errorf("turn %d: turns count from 1", t.Turn)
	}
	if len(t.Hash) != sumLen || !isHex([]byte(t.Hash)) {
		return fmt.Errorf("turn %d: hash %q is not 16 lower-case hex digits", t.Turn, t.Hash)
	}
	for _, side := range sortedKeys(t.Orders) { // in order: the error names the first
		pts := t.Orders[side]
		for _, lever := range sortedKeys(pts) {
			if p := pts[lever]; p < 0 {
				return fmt.Errorf("turn %d: %s puts %d points on %s", t.Turn, side, p, lever)
			}
		}
	}
	return nil
}

func checkWhiteCell(w *WhiteCell) error {
	if w.Turn < 1 {
		return fmt.Errorf("turn %d: turns count from 1", w.Turn)
	}
	needsReason := true
	switch w.Action {
	case ActInject:
		if w.Inject == "" {
			return errors.New("inject: no inject id: say which inject the White cell fired")
		}
	case ActMetric:
		if w.Metric == "" {
			return errors.New("metric: no metric id: say which metric the White cell set")
		}
		if w.Value == "" {
			return fmt.Errorf("metric %s: no value: give the new value as a decimal, like 33 or 0.45", w.Metric)
		}
		if _, err := sim.ParseFix(w.Value); err != nil {
			return fmt.Errorf("metric %s: value %q is not a decimal number: write it like 33 or 0.45 (at most 4 decimals)", w.Metric, w.Value)
		}
	case ActRoll:
		if w.Move == "" {
			return errors.New("roll: no move: give the id of the adversary action whose outcome the White cell decided")
		}
		if w.Outcome != OutcomeSuccess && w.Outcome != OutcomeFailure {
			return fmt.Errorf("roll %s: outcome %q is not success or failure", w.Move, w.Outcome)
		}
	case ActBudget:
		if w.Side == "" {
			return errors.New("budget: no side: give the id of the allied side whose budget the White cell set")
		}
		if w.Value == "" {
			return fmt.Errorf("budget %s: no value: give the new base budget in points per turn, like 8 or 7.5", w.Side)
		}
		if _, err := sim.ParseFix(w.Value); err != nil {
			return fmt.Errorf("budget %s: value %q is not a decimal number: write it like 8 or 7.5 (at most 4 decimals)", w.Side, w.Value)
		}
	case ActEnd:
	case ActComputer:
		if w.Side == "" {
			return errors.New("computer: no side: give the id of the allied side the White cell gave to the computer")
		}
		if _, err := sim.PolicyByName(w.Value); err != nil || w.Value == "" {
			return fmt.Errorf("computer %s: policy %q is not a built-in policy (one of %s)", w.Side, w.Value, strings.Join(sim.PolicyNames(), ", "))
		}
	case ActTeam:
		if w.Side == "" {
			return errors.New("team: no side: give the id of the allied side the White cell gave back to the teams")
		}
	case ActUndo:
	case ActPause, ActResume, ActForce:
		needsReason = false
	case ActTimer:
		if w.Seconds <= 0 || w.Seconds > MaxTimerSeconds {
			return fmt.Errorf("timer: %d seconds: give from 1 to %d seconds (24 hours) to add to the turn timer", w.Seconds, MaxTimerSeconds)
		}
		needsReason = false
	case "":
		return errors.New("no action: expected inject, metric, roll, budget, end, pause, resume, timer, force, computer, team or undo")
	default:
		return fmt.Errorf("action %q is not inject, metric, roll, budget, end, pause, resume, timer, force, computer, team or undo", w.Action)
	}
	if needsReason && strings.TrimSpace(w.Reason) == "" {
		return fmt.Errorf("a white-cell %s needs a reason: say why the White cell acted", w.Action)
	}
	return nil
}

// ---------------------------------------------------------------------------
// Building records

// Setup describes a new game, for NewHeader.
type Setup struct {
	Scenario   string        // as the player named it: a built-in id or a .toml path
	Compiled   *sim.Compiled // compiled from it, with Difficulty and Overrides
	Difficulty string
	Overrides  []string
	Seed       uint64
	Sides      []Side // see Sides
	Lattice    string // the lattice version
	Created    time.Time
	Parent     string
	ParentTurn int
	Reseed     *uint64
	WhiteCell  bool // a White-cell console at the game's one screen
}

// NewHeader returns the header of a new game. It reads the scenario's
// source (a built-in one from scenarios.FS) and checks that it is the
// source the game was compiled from.
func NewHeader(s Setup) (Header, error) {
	file, src, err := ScenarioSource(s.Scenario)
	if err != nil {
		return Header{}, err
	}
	c := s.Compiled
	if sha256.Sum256(src) != c.SHA256 {
		return Header{}, fmt.Errorf("scenario %s changed on disk while the game started; start again", s.Scenario)
	}
	if !utf8.Valid(src) {
		return Header{}, fmt.Errorf("scenario %s is not UTF-8 text", s.Scenario)
	}
	ov := append([]string{}, s.Overrides...)
	sides := s.Sides
	if sides == nil {
		sides = []Side{}
	}
	return Header{
		Type:         TypeHeader,
		Journal:      FormatVersion,
		Engine:       sim.EngineVersion,
		Lattice:      s.Lattice,
		Scenario:     c.ID,
		ScenarioFile: file,
		ScenarioSHA:  hex.EncodeToString(c.SHA256[:]),
		Source:       string(src),
		Difficulty:   s.Difficulty,
		Overrides:    ov,
		Seed:         s.Seed,
		Sides:        sides,
		Created:      s.Created.UTC().Format(time.RFC3339),
		Parent:       s.Parent,
		ParentTurn:   s.ParentTurn,
		Reseed:       s.Reseed,
		WhiteCell:    s.WhiteCell,
	}, nil
}

// ScenarioSource returns the source of a scenario named as on the command
// line (the rule scenarios.Open follows) and the file name to give it.
func ScenarioSource(arg string) (file string, src []byte, err error) {
	if name, ok := scenarios.File(arg); ok && !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".toml") {
		src, err = fs.ReadFile(scenarios.FS(), name)
		return name, src, err
	}
	src, err = os.ReadFile(arg)
	if err != nil {
		return "", nil, fmt.Errorf("cannot read scenario %s: %w", arg, unwrapPath(err))
	}
	return filepath.Base(arg), src, nil
}

// Sides says who plays each side of c: pols as sim.ResolvePolicies gives
// them (nil for a side without AI), human[s] for sides a person plays
// (nil: none). An adversary side without a human follows its doctrine.
// Replay re-runs the AI policies (they draw from the game's dice), so a
// policy that is not built in is recorded with its file's text: source
// returns it for a side (it may be nil if every policy is built in), and
// Sides checks that the text gives the policy played.
func Sides(c *sim.Compiled, pols []sim.Policy, human []bool, source func(side int) ([]byte, error)) ([]Side, error) {
	out := make([]Side, len(c.Sides))
	for s := range c.Sides {
		si := &c.Sides[s]
		sd := Side{ID: si.ID, Team: "allied"}
		if si.Adversary {
			sd.Team = "adversary"
		}
		switch {
		case s < len(human) && human[s]:
			sd.Player = PlayerHuman
		case !si.Adversary && s < len(pols) && pols[s] != nil:
			sd.Player, sd.Policy = PlayerAI, pols[s].Name()
			if b, err := sim.PolicyByName(sd.Policy); err == nil && reflect.DeepEqual(b, pols[s]) {
				break
			}
			if source == nil {
				return nil, fmt.Errorf("side %s: policy %s is not built in, and its file is not known", si.ID, sd.Policy)
			}
			src, err := source(s)
			if err != nil {
				return nil, err
			}
			if p, err := sim.ParseRecordedPolicy(sd.Policy+".toml", src); err != nil || !reflect.DeepEqual(p, pols[s]) {
				return nil, fmt.Errorf("side %s: policy file of %s changed while the game started; start again", si.ID, sd.Policy)
			}
			if !utf8.Valid(src) {
				return nil, fmt.Errorf("side %s: policy file of %s is not UTF-8 text", si.ID, sd.Policy)
			}
			sd.PolicySource = string(src)
		case si.Adversary:
			sd.Player = PlayerDoctrine
		default:
			sd.Player = PlayerHuman
		}
		out[s] = sd
	}
	return out, nil
}

// Policies returns the AI policy of each side an AI plays now (nil for the
// others), and which sides people play: after a fork's change of players,
// the new ones (see Players).
func (h *Header) Policies(c *sim.Compiled) (pols []sim.Policy, human []bool, err error) {
	return policiesOf(c, h.Players())
}

// policiesOf is Policies for the players sides.
func policiesOf(c *sim.Compiled, sides []Side) (pols []sim.Policy, human []bool, err error) {
	pols = make([]sim.Policy, len(c.Sides))
	human = make([]bool, len(c.Sides))
	seen := make([]bool, len(c.Sides))
	for _, sd := range sides {
		s := c.SideIndex(sd.ID)
		if s < 0 {
			return nil, nil, fmt.Errorf("side %q is not in the scenario", sd.ID)
		}
		if seen[s] {
			return nil, nil, fmt.Errorf("side %q is listed twice", sd.ID)
		}
		seen[s] = true
		switch sd.Player {
		case PlayerHuman:
			human[s] = true
		case PlayerAI:
			if c.Sides[s].Adversary {
				return nil, nil, fmt.Errorf("side %s is an adversary: it follows its doctrine or a person", sd.ID)
			}
			var p sim.Policy
			if sd.PolicySource != "" {
				p, err = sim.ParseRecordedPolicy(sd.Policy+".toml", []byte(sd.PolicySource))
			} else {
				p, err = sim.PolicyByName(sd.Policy)
			}
			if err != nil {
				return nil, nil, fmt.Errorf("side %s: %v", sd.ID, err)
			}
			pols[s] = p
		case PlayerDoctrine:
			if !c.Sides[s].Adversary {
				return nil, nil, fmt.Errorf("side %s is allied: it has no doctrine", sd.ID)
			}
		}
	}
	for s := range c.Sides {
		if !seen[s] {
			return nil, nil, fmt.Errorf("the header does not say who plays side %s", c.Sides[s].ID)
		}
	}
	return pols, human, nil
}

// NewTurn returns the record of a turn just stepped: o the orders given,
// plans[s] the actions and bluffs a human adversary side s chose with
// Game.Plan (sides left out follow their doctrine), hash the game's Hash
// after Step.
func NewTurn(c *sim.Compiled, turn int, o *sim.Orders, plans map[int]Plan, hash uint64) TurnRecord {
	t := TurnRecord{Type: TypeTurn, Turn: turn, Orders: map[string]map[string]int{}, Hash: fmt.Sprintf("%016x", hash)}
	for s := range c.Sides {
		if c.Sides[s].Adversary {
			continue
		}
		pts := map[string]int{}
		for l := range c.Levers {
			if p := o.Get(s, l); p != 0 {
				pts[c.Levers[l].ID] = p
			}
		}
		t.Orders[c.Sides[s].ID] = pts
	}
	for i, ch := range o.Choices {
		if ch >= 0 && ch < len(c.Injects[i].Choices) {
			if t.Choices == nil {
				t.Choices = map[string]string{}
			}
			t.Choices[c.Injects[i].ID] = c.Injects[i].Choices[ch].ID
		}
	}
	for s, p := range plans {
		if t.Plans == nil {
			t.Plans = map[string]Plan{}
		}
		if p.Actions == nil {
			p.Actions = []string{}
		}
		if p.Bluffs == nil {
			p.Bluffs = []string{}
		}
		t.Plans[c.Sides[s].ID] = p
	}
	return t
}

// ---------------------------------------------------------------------------
// Writing

// Writer appends records to a journal. Each record is one write to a file
// opened with O_APPEND, then fsynced. A Writer is not safe for concurrent use.
//
// A Writer also holds, in memory, every record of the journal it read
// (OpenAppend) or took since (Journal): the game as played, which a file
// damaged or altered since by anyone else cannot change.
//
// A record that cannot be written (a full disk, a file made immutable) is
// an error, and is not taken, unless the Writer keeps what fails
// (KeepFailed): a game played on at a screen keeps such records in memory
// and writes them, in order, as soon as the file takes them again.
type Writer struct {
	f      journalFile
	path   string
	last   int   // last turn in effect
	ended  bool  // the White cell ended the game before turn last+1
	size   int64 // bytes in the file as this Writer last wrote it, -1 if unknown
	cut    int64 // ≥ 0: a failed write left bytes after this offset that could not be cut off yet
	broken error // a failed write that cannot be undone (the file's size was unknown)

	// mem is the journal as this Writer has it, and warns the warnings
	// OpenAppend read it with.
	mem   Journal
	warns []Warning

	// KeepFailed: keep is set, queue holds the lines taken and not yet
	// in the file, failed the last failure to write them (nil once they
	// are), told the length of queue when notify was last told.
	keep   bool
	notify func(Trouble)
	queue  [][]byte
	failed error
	told   int
}

// journalFile is what a Writer needs of its file (an *os.File).
type journalFile interface {
	io.Writer
	Sync() error
	Truncate(size int64) error
	Stat() (fs.FileInfo, error)
	Close() error
}

// Trouble is news of a journal's writing, for whoever runs the game
// (KeepFailed): a write that failed, or, with Err nil, the records kept
// since written at last.
type Trouble struct {
	Path string
	// Err is the failure; nil once the records kept are written.
	Err error
	// Kept is the number of records taken and not yet in the file.
	Kept int
	// Written is, with Err nil, the number of records kept that were
	// written.
	Written int
}

// String says what happened in the host's words, path and cause included:
// it is for the White cell and the server's log, not for the players.
func (t Trouble) String() string {
	if t.Err == nil {
		return fmt.Sprintf("journal %s is written again: the %s kept since the failure are in it now", t.Path, sim.Plural(t.Written, "record"))
	}
	return fmt.Sprintf("%v; the game goes on, and its last %s, not in the file, are kept in memory and written, in order, as soon as it can be written (if lattice stops before, they are lost)", t.Err, sim.Plural(t.Kept, "record"))
}

// Create starts a journal at path with its header. It fails if the file
// exists: OpenAppend continues one. The file is the user's alone (mode
// 0600): it holds every team's orders and the Red team's plans.
func Create(path string, h Header) (*Writer, error) {
	h.Type = TypeHeader
	if h.Journal == 0 {
		h.Journal = FormatVersion
	}
	if h.Engine == "" {
		h.Engine = sim.EngineVersion
	}
	if h.Overrides == nil {
		h.Overrides = []string{}
	}
	if h.Sides == nil {
		h.Sides = []Side{}
	}
	if err := checkHeader(&h); err != nil {
		return nil, fmt.Errorf("journal %s: header: %v", path, err)
	}
	line, err := encodeLine(h)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %v", path, err)
	}
	if len(line) > MaxLine {
		return nil, fmt.Errorf("journal %s: the header is over 8 MiB", path)
	}
	// The header as Read gives it back.
	var back Header
	if body, prob, msg := splitLine(line[:len(line)-1]); prob != lineOK {
		return nil, fmt.Errorf("journal %s: header: %s", path, msg)
	} else if err := decodeStrict(body, &back); err != nil {
		return nil, fmt.Errorf("journal %s: header: %v", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			return nil, fmt.Errorf("journal %s is a directory; give the name of a new file in it", path)
		}
		if errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("journal %s already exists; give a new file name (a journal is never overwritten)", path)
		}
		return nil, fmt.Errorf("cannot create journal %s: %w", path, unwrapPath(err))
	}
	if err := lock(f, path); err != nil {
		f.Close()
		os.Remove(path) // nothing was written; the other process holds the old name's new file
		return nil, err
	}
	w := &Writer{f: f, path: path, cut: -1, mem: Journal{Path: path, Header: back, Lines: 1, EndsClean: true}}
	if err := w.write(line); err != nil {
		f.Close()
		os.Remove(path) // nothing of the game was written yet
		return nil, err
	}
	safefile.SyncDir(filepath.Dir(path))
	return w, nil
}

// OpenAppend opens the journal at path to continue it. It reads it first
// (see Read; a journal of another engine version is refused), then makes
// sure the next record starts on a fresh line and, if a crash tore lines at
// the end, leaves them as they are and writes a resume record naming them.
// The torn lines are among the warnings returned.
func OpenAppend(path string) (*Writer, *Journal, []Warning, error) {
	// Lock before reading, so that what is read is what is appended to;
	// a FIFO or device is refused before opening (opening a FIFO blocks).
	st, err := os.Stat(path)
	if err != nil {
		if _, _, rerr := Read(path); rerr != nil {
			return nil, nil, nil, rerr // its message for a missing file
		}
		return nil, nil, nil, fmt.Errorf("cannot read journal %s: %w", path, unwrapPath(err))
	}
	if err := checkRegular(path, st.Mode()); err != nil {
		return nil, nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cannot append to journal %s: %w", path, unwrapPath(err))
	}
	if err := lock(f, path); err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	j, warns, err := Read(path)
	if err != nil {
		f.Close()
		return nil, nil, nil, err
	}
	w := &Writer{f: f, path: path, last: j.LastTurn(), ended: j.Ended() != nil, size: -1, cut: -1}
	if st, err := f.Stat(); err == nil {
		w.size = st.Size()
	}
	var prefix []byte
	if !j.EndsClean {
		prefix = []byte("\n")
	}
	if len(j.Torn) == 0 && len(prefix) > 0 {
		if err := w.write(prefix); err != nil {
			f.Close()
			return nil, nil, nil, err
		}
		j.Unterminated = 0
		j.EndsClean = true
	}
	if len(j.Torn) > 0 {
		line, err := encodeLine(Resume{Type: TypeResume, Torn: j.Torn})
		if err != nil {
			f.Close()
			return nil, nil, nil, err
		}
		if err := w.write(append(prefix, line...)); err != nil {
			f.Close()
			return nil, nil, nil, err
		}
		e := Entry{Line: j.Lines + 1, Resume: &Resume{Type: TypeResume, Torn: j.Torn}}
		j.Entries = append(j.Entries, e)
		j.Torn = nil
		j.Lines++
		j.EndsClean = true
	}
	w.mem = *j
	w.mem.Entries = slices.Clone(j.Entries)
	w.mem.Torn = slices.Clone(j.Torn)
	w.warns = slices.Clone(warns)
	return w, j, warns, nil
}

// Path returns the journal's path.
func (w *Writer) Path() string { return w.path }

// LastTurn returns the last turn in effect in the journal.
func (w *Writer) LastTurn() int { return w.last }

// Journal returns the journal as the Writer has it: the header and every
// record it read (OpenAppend) or took since, those it keeps unwritten
// (KeepFailed) included, as Read would give them back, with the warnings
// OpenAppend read it with. Nothing is read: what anyone else did to the
// file since (a line damaged, a record appended) is not in it; CheckFile
// says whether the file still holds the same. It shares nothing the Writer
// changes.
func (w *Writer) Journal() (*Journal, []Warning) {
	j := w.mem
	j.Entries = slices.Clone(w.mem.Entries)
	j.Torn = slices.Clone(w.mem.Torn)
	return &j, slices.Clone(w.warns)
}

// CheckFile reads the journal's file again and says, as an *Error naming
// the first line that differs (Line 0: the whole file), where it no longer
// holds the game the Writer has (Journal): a line damaged or altered,
// records appended or missing (the records kept unwritten are not counted
// against it); nil if it holds exactly that game.
func (w *Writer) CheckFile() error {
	j, warns, err := ReadWith(w.path, ReadOptions{Force: true})
	if err != nil {
		var je *Error
		if errors.As(err, &je) {
			return je
		}
		return &Error{Path: w.path, Msg: unwrapPath(err).Error()}
	}
	// A warning on a line the Writer was opened with is the same trouble,
	// told anew: a torn line the resume record acknowledged reads
	// "skipped: torn by a crash (acknowledged on line 12)" where it read
	// "ignored: torn" before (a resumed game's report said the file no
	// longer checked). A line damaged since is another line's warning, or
	// an error.
	for _, wn := range warns {
		if !slices.ContainsFunc(w.warns, func(x Warning) bool { return x.Line == wn.Line }) {
			return &Error{Path: w.path, Line: wn.Line, Msg: wn.Msg}
		}
	}
	if !reflect.DeepEqual(j.Header, w.mem.Header) {
		return &Error{Path: w.path, Line: 1, Msg: "the header differs from the game's"}
	}
	want := w.mem.Entries[:len(w.mem.Entries)-len(w.queue)]
	for i, e := range j.Entries {
		if i >= len(want) {
			return &Error{Path: w.path, Line: e.Line, Msg: "a record the game did not write"}
		}
		if !reflect.DeepEqual(e, want[i]) {
			return &Error{Path: w.path, Line: e.Line, Msg: "the record differs from the game's"}
		}
	}
	if len(j.Entries) < len(want) {
		return &Error{Path: w.path, Line: j.Lines + 1, Msg: fmt.Sprintf("the file ends before the last %s the game wrote", sim.Plural(len(want)-len(j.Entries), "record"))}
	}
	return nil
}

// KeepFailed makes the Writer keep the records it cannot write, and take
// them all the same: a game played on at a screen should not stop, nor
// lose its journal, because a disk was full for a while. Each record is
// then written after those kept before it, in order, in one write; Flush
// tries again without a new record. notify, if not nil, is told when a
// write fails with records kept (once for each new record kept, not for
// each retry) and when they are written at last.
func (w *Writer) KeepFailed(notify func(Trouble)) {
	w.keep, w.notify = true, notify
}

// Kept returns the number of records taken and not yet in the file
// (KeepFailed).
func (w *Writer) Kept() int { return len(w.queue) }

// Turn appends a turn record. Its turn must follow the last one in effect.
func (w *Writer) Turn(rec TurnRecord) error {
	rec.Type = TypeTurn
	if err := checkTurn(&rec); err != nil {
		return fmt.Errorf("journal %s: %v", w.path, err)
	}
	if rec.Turn != w.last+1 {
		return fmt.Errorf("journal %s: turn %d cannot follow turn %d", w.path, rec.Turn, w.last)
	}
	if w.ended {
		return fmt.Errorf("journal %s: turn %d cannot be recorded: the White cell ended the game before it (roll back a turn to play on)", w.path, rec.Turn)
	}
	if rec.Orders == nil {
		rec.Orders = map[string]map[string]int{}
	}
	if err := w.append(rec); err != nil {
		return err
	}
	w.last = rec.Turn
	return nil
}

// WhiteCell appends a white-cell record for the next turn (the turn being
// briefed). After an end act no turn may be recorded until a rollback.
func (w *Writer) WhiteCell(rec WhiteCell) error {
	rec.Type = TypeWhiteCell
	if err := checkWhiteCell(&rec); err != nil {
		return fmt.Errorf("journal %s: %v", w.path, err)
	}
	if rec.Turn != w.last+1 {
		return fmt.Errorf("journal %s: a white-cell record for turn %d, but the next turn is %d", w.path, rec.Turn, w.last+1)
	}
	if err := w.append(rec); err != nil {
		return err
	}
	if rec.Action == ActEnd {
		w.ended = true
	}
	return nil
}

// Rollback appends a rollback undoing turn undo and every later one.
func (w *Writer) Rollback(undo int, reason string) error {
	if undo < 1 || undo > w.last {
		return fmt.Errorf("journal %s: cannot undo turn %d: the turns in effect are 1 to %d", w.path, undo, w.last)
	}
	if err := w.append(Rollback{Type: TypeRollback, Undo: undo, Reason: reason}); err != nil {
		return err
	}
	w.last = undo - 1
	w.ended = false
	return nil
}

// append writes rec's line, or, with KeepFailed, takes it and writes it
// after the lines kept. A record the file could never take (over MaxSize)
// is refused either way.
func (w *Writer) append(rec any) error {
	line, err := encodeLine(rec)
	if err != nil {
		return fmt.Errorf("journal %s: %v", w.path, err)
	}
	if len(line) > MaxLine {
		return fmt.Errorf("journal %s: record over 8 MiB", w.path)
	}
	// The record as Read gives it back, for the Writer's journal.
	body, _, _ := splitLine(line[:len(line)-1])
	e, err := decodeEntry(body)
	if err != nil {
		return fmt.Errorf("journal %s: %v", w.path, err)
	}
	if !w.keep {
		if err := w.write(line); err != nil {
			return err
		}
		w.remember(e)
		return nil
	}
	if w.f == nil {
		return fmt.Errorf("journal %s: closed", w.path)
	}
	kept := int64(len(line))
	for _, l := range w.queue {
		kept += int64(len(l))
	}
	if w.size >= 0 && w.size+kept > maxSize {
		return w.fullError()
	}
	w.queue = append(w.queue, line)
	w.remember(e)
	w.Flush()
	return nil
}

// remember adds e, the next line's record, to the Writer's journal.
func (w *Writer) remember(e Entry) {
	w.mem.Lines++
	e.Line = w.mem.Lines
	w.mem.Entries = append(w.mem.Entries, e)
}

// Flush writes the records kept unwritten (KeepFailed), in order, in one
// write; nil if there are none left.
func (w *Writer) Flush() error {
	if len(w.queue) == 0 {
		return nil
	}
	err := w.write(bytes.Join(w.queue, nil))
	if err != nil {
		news := w.failed == nil || len(w.queue) > w.told
		w.failed, w.told = err, len(w.queue)
		if news && w.notify != nil {
			w.notify(Trouble{Path: w.path, Err: err, Kept: len(w.queue)})
		}
		return err
	}
	n := len(w.queue)
	w.queue, w.told = nil, 0
	if w.failed != nil {
		w.failed = nil
		if w.notify != nil {
			w.notify(Trouble{Path: w.path, Written: n})
		}
	}
	return nil
}

func (w *Writer) fullError() error {
	return fmt.Errorf("journal %s: full: the record would take it over %s, the most a journal may hold (and be read again)", w.path, sizeWords(maxSize))
}

// write writes one or more whole lines in one call and fsyncs them. If
// that fails (a full disk), it cuts the file back to what it held, so that
// the journal stays whole: a later record (a retried act, a rollback) would
// otherwise run into the half-written line, and a bad line before good ones
// makes the whole journal unreadable. If the file cannot be cut back, the
// next write tries again first, and writes nothing until it can.
func (w *Writer) write(b []byte) error {
	if w.f == nil {
		return fmt.Errorf("journal %s: closed", w.path)
	}
	if w.broken != nil {
		return fmt.Errorf("journal %s: not written since an earlier write failed (%v) and could not be undone; the journal holds the game up to there", w.path, unwrapPath(w.broken))
	}
	if w.cut >= 0 {
		err := w.f.Truncate(w.cut)
		if err == nil {
			err = w.f.Sync()
		}
		if err != nil {
			return fmt.Errorf("journal %s: not written: an earlier write failed, and what it left in the file cannot be cut off yet: %w", w.path, unwrapPath(err))
		}
		w.size, w.cut = w.cut, -1
	}
	// What the file holds now: another process may have appended to it
	// (a damaged line), and a failed write must not cut that in two.
	if st, err := w.f.Stat(); err == nil {
		w.size = st.Size()
	}
	if w.size >= 0 && w.size+int64(len(b)) > maxSize {
		return w.fullError()
	}
	n, err := w.f.Write(b)
	if err == nil {
		err = w.f.Sync()
	}
	if err != nil {
		if n > 0 {
			switch {
			case w.size < 0:
				w.broken = err
			case w.f.Truncate(w.size) != nil || w.f.Sync() != nil:
				w.cut = w.size
			}
		}
		return fmt.Errorf("cannot write journal %s: %w", w.path, unwrapPath(err))
	}
	if w.size >= 0 {
		w.size += int64(n)
	}
	return nil
}

// Close writes the records kept unwritten (KeepFailed) if it can, and
// closes the journal; an error says how many could not be written. A nil
// Writer may be closed.
func (w *Writer) Close() error {
	if w == nil || w.f == nil {
		return nil
	}
	var lost error
	if err := w.Flush(); err != nil {
		lost = fmt.Errorf("journal %s: the game's last %s could not be written (%w): the journal holds the game up to before them", w.path, sim.Plural(len(w.queue), "record"), err)
	}
	err := w.f.Close()
	w.f = nil
	if lost != nil {
		return lost
	}
	return err
}

// ---------------------------------------------------------------------------
// Where journals go

// DefaultDir returns the directory journals are kept in by default:
// $XDG_STATE_HOME/lattice/games if that is set to an absolute path (on
// every system, so that a user or a test that sets it is obeyed on
// Windows too); else ~/.local/state/lattice/games, or on Windows
// %LOCALAPPDATA%\lattice\games.
func DefaultDir() (string, error) {
	if x := os.Getenv("XDG_STATE_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "lattice", "games"), nil
	}
	if runtime.GOOS == "windows" {
		base := os.Getenv("LOCALAPPDATA")
		if base == "" {
			var err error
			if base, err = os.UserConfigDir(); err != nil {
				return "", fmt.Errorf("no place for journals: %v", err)
			}
		}
		return filepath.Join(base, "lattice", "games"), nil
	}
	home := os.Getenv("HOME")
	if home == "" {
		return "", errors.New("no place for journals: neither $XDG_STATE_HOME nor $HOME is set")
	}
	return filepath.Join(home, ".local", "state", "lattice", "games"), nil
}

// MakeDefaultDir makes DefaultDir, and the lattice folder above it, for
// the user alone (mode 0700): the journals, their drafts and reports hold
// every team's orders and the Red team's plans. Folders an older lattice
// made readable by others (0755) are made private again, and a note says
// which (the next game finds them private, so it is said once); a folder
// that cannot be changed is said in a note too, and is no error. Nothing
// is changed on Windows, where the folders are the user's already.
func MakeDefaultDir() (dir string, notes []string, err error) {
	dir, err = DefaultDir()
	if err != nil {
		return "", nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", nil, err
	}
	if runtime.GOOS == "windows" {
		return dir, nil, nil
	}
	for _, d := range []string{filepath.Dir(dir), dir} {
		st, err := os.Lstat(d)
		if err != nil || !st.IsDir() || st.Mode().Perm()&0o077 == 0 {
			continue // a symbolic link is the user's own doing: left alone
		}
		if err := os.Chmod(d, st.Mode().Perm()&0o700); err != nil {
			notes = append(notes, fmt.Sprintf("%s is open to other users (mode %04o) and cannot be made private: %v; its games can be read by them", d, st.Mode().Perm(), unwrapPath(err)))
			continue
		}
		notes = append(notes, fmt.Sprintf("made %s private (mode %04o, was %04o): its games hold every team's plans", d, st.Mode().Perm()&0o700, st.Mode().Perm()))
	}
	return dir, notes, nil
}

// NewPath returns a path for a new journal of scenarioID in DefaultDir,
// named by the scenario and the time (UTC), not taken by an existing file.
// It does not create the directory.
func NewPath(scenarioID string, now time.Time) (string, error) {
	dir, err := DefaultDir()
	if err != nil {
		return "", err
	}
	id := strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return r
		}
		return '_'
	}, scenarioID)
	if id == "" {
		id = "game"
	}
	base := id + "-" + now.UTC().Format("20060102-150405")
	for k := 1; ; k++ {
		name := base + ".jsonl"
		if k > 1 {
			name = fmt.Sprintf("%s-%d.jsonl", base, k)
		}
		p := filepath.Join(dir, name)
		_, err := os.Lstat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return p, nil
		case err != nil: // not a directory, no permission, …: no name will do
			return "", fmt.Errorf("cannot keep a journal in %s: %v", dir, err)
		case k >= 10000:
			return "", fmt.Errorf("cannot keep a journal in %s: %s and 9,999 more names like it are taken", dir, base+".jsonl")
		}
	}
}

// sortedKeys returns m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
