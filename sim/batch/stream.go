package batch

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"lattice/sim"
)

// RowReader reads a row file (csv or jsonl, as batch writes them) one
// record at a time, so that merging and comparing hold a record per file
// rather than every row. Text from the file is made safe to print.
type RowReader struct {
	name    string
	jsonl   bool
	perTurn bool
	empty   bool
	started bool // JSONL: a row has been read (perTurn is known)
	cols    []string
	colIdx  map[string]int
	fixed   bool // JSONL: the columns were given, and a key outside them is an error
	cr      *csv.Reader
	br      *bufio.Reader
	src     *tailReader
	line    int
}

// tailReader remembers the last byte read from r, so that a CSV file whose
// last line has no line end (a file cut short: batch ends every row with
// one) is told apart from a whole one.
// It also refuses a line longer than maxRowLine.
type tailReader struct {
	r    io.Reader
	last byte
	run  int // bytes since the last line end
}

func (t *tailReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if n > 0 {
		t.last = p[n-1]
		if i := bytes.LastIndexByte(p[:n], '\n'); i >= 0 {
			t.run = n - 1 - i
		} else {
			t.run += n
		}
		if t.run > maxRowLine {
			return n, errLongLine
		}
	}
	return n, err
}

var errLongLine = fmt.Errorf("a line longer than %d MB: not a row file", maxRowLine>>20)

// maxRowLine is the longest row line read, in bytes: far beyond any row
// batch writes (a scenario has at most a few hundred metrics), and short of
// reading a corrupt multi-gigabyte "line" into memory.
const maxRowLine = 16 << 20

// NewRowReader starts reading a row file; name labels errors. The form is
// detected from the first byte. A CSV file's header is read and checked
// here; an empty file (a JSON Lines shard that got no runs) reads as no
// rows.
func NewRowReader(name string, r io.Reader) (*RowReader, error) {
	src := &tailReader{r: r}
	br := bufio.NewReaderSize(src, 1<<16)
	rr := &RowReader{name: name, br: br, src: src, colIdx: map[string]int{}}
	// A byte-order mark (a file saved again by a spreadsheet) is not part
	// of the header.
	if bom, _ := br.Peek(3); string(bom) == "\ufeff" {
		br.Discard(3)
	}
	first, err := br.Peek(1)
	if err == io.EOF {
		rr.empty = true
		return rr, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if first[0] == '{' {
		rr.jsonl = true
		return rr, nil
	}
	rr.cr = csv.NewReader(br)
	rr.cr.ReuseRecord = true
	header, err := rr.cr.Read()
	rr.line = 1
	if err == io.EOF {
		// csv skips blank lines: "not a batch CSV file: EOF" told nothing.
		return nil, fmt.Errorf("%s: only blank lines: not a batch row file (batch writes a CSV header or JSON Lines rows)", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s:1: not a batch CSV file: %v", name, err)
	}
	rr.perTurn = len(header) > 7 && header[7] == "turn"
	fixed := Header(nil, rr.perTurn)
	if len(header) < len(fixed) || strings.Join(header[:len(fixed)], ",") != strings.Join(fixed, ",") {
		return nil, fmt.Errorf("%s:1: not a batch CSV file: the header should begin %s", name, strings.Join(fixed, ","))
	}
	for _, c := range header[len(fixed):] {
		rr.cols = append(rr.cols, sim.Sanitize(c, false))
	}
	return rr, nil
}

// Empty reports whether the file had no bytes at all.
func (rr *RowReader) Empty() bool { return rr.empty }

// JSONL reports whether the file is JSON Lines.
func (rr *RowReader) JSONL() bool { return rr.jsonl }

// PerTurn reports whether rows are per turn: from a CSV header, or from a
// JSON Lines file's first row.
func (rr *RowReader) PerTurn() bool { return rr.perTurn }

// Columns returns the metric columns: a CSV file's header, or the metric
// keys of a JSON Lines file's rows so far, in order of first appearance
// (a row's new keys in the row's order, the scenario's, as batch writes
// them), so that a JSON Lines file converted to CSV has the batch CSV's
// header.
func (rr *RowReader) Columns() []string { return rr.cols }

// UseColumns fixes a JSON Lines reader's columns (found by an earlier pass
// over the files): records' Metrics then follow them, and a metric key
// outside them is an error. It does nothing to a CSV reader.
func (rr *RowReader) UseColumns(cols []string) {
	if !rr.jsonl {
		return
	}
	rr.cols, rr.fixed = cols, true
	rr.colIdx = make(map[string]int, len(cols))
	for i, c := range cols {
		rr.colIdx[c] = i
	}
}

// isSummary reports whether the first line of a file that starts with {
// is that of a JSON document rather than a row: an object opened alone on
// its line (indented json, as batch, merge and compare write their
// summaries), or one with a summary's fields and no run_id (a row's
// metric may have any id, "comparisons" too).
func isSummary(line []byte) bool {
	t := bytes.TrimSpace(line)
	if string(t) == "{" {
		return true
	}
	return !bytes.Contains(t, []byte(`"run_id"`)) && (bytes.Contains(t, []byte(`"runs_per_arm"`)) || bytes.Contains(t, []byte(`"comparisons"`)))
}

// jsonlRow is one JSON Lines row as batch writes it.
type jsonlRow struct {
	RunID       *int            `json:"run_id"`
	Scenario    string          `json:"scenario"`
	SHA256      string          `json:"scenario_sha256"`
	Variant     string          `json:"variant"`
	Policy      string          `json:"policy"`
	Replicate   int             `json:"replicate"`
	Seed        jsonSeed        `json:"seed"`
	Turn        *int            `json:"turn"`
	TurnsPlayed int             `json:"turns_played"`
	Verdict     string          `json:"verdict"`
	Success     bool            `json:"success"`
	Hash        string          `json:"hash"`
	Metrics     json.RawMessage `json:"metrics"` // an object, read in order by metricsInOrder
}

// jsonSeed is a row's seed: a decimal string, as batch writes it (a JSON
// number above 2^53 is rounded by many readers), or a JSON number, as rows
// written before held it.
type jsonSeed uint64

func (s *jsonSeed) UnmarshalJSON(b []byte) error {
	text := string(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		text = text[1 : len(text)-1]
	}
	n, err := strconv.ParseUint(text, 10, 64)
	if err != nil || text == "" || text[0] < '0' || text[0] > '9' {
		return fmt.Errorf("seed %s is not a whole number from 0 to %d", sim.Sanitize(string(b[:min(len(b), 40)]), false), uint64(math.MaxUint64))
	}
	*s = jsonSeed(n)
	return nil
}

// Next reads the next record into rec, or returns io.EOF after the last.
// Errors name the file and line. A JSON Lines record's Metrics has one
// entry per column known when it was read (see Columns).
func (rr *RowReader) Next(rec *Record) error {
	if rr.empty {
		return io.EOF
	}
	var err error
	if rr.jsonl {
		err = rr.nextJSONL(rec)
	} else {
		err = rr.nextCSV(rec)
	}
	if err != nil {
		return err
	}
	// Values no batch writes (an edited file): turns_played -5 was counted
	// as 0 turns.
	if rec.TurnsPlayed < 0 {
		return fmt.Errorf("%s:%d: turns_played %d is not a number of turns (0 or more)", rr.name, rr.line, rec.TurnsPlayed)
	}
	if rr.perTurn && (rec.Turn < 1 || rec.Turn > rec.TurnsPlayed) {
		return fmt.Errorf("%s:%d: turn %d is not one of the %d turns the run played", rr.name, rr.line, rec.Turn, rec.TurnsPlayed)
	}
	rec.Line = rr.line
	rec.Scenario, rec.SHA256, rec.Variant = sim.Sanitize(rec.Scenario, false), sim.Sanitize(rec.SHA256, false), sim.Sanitize(rec.Variant, false)
	rec.Policy, rec.Verdict, rec.Hash = sim.Sanitize(rec.Policy, false), sim.Sanitize(rec.Verdict, false), sim.Sanitize(rec.Hash, false)
	return nil
}

func (rr *RowReader) nextCSV(rec *Record) error {
	f, err := rr.cr.Read()
	if err == io.EOF {
		if rr.src.last != '\n' {
			return fmt.Errorf("%s:%d: no line end after the last row: the file was cut short? (batch ends every row with one; if the row is whole, add a line end)", rr.name, rr.line)
		}
		return io.EOF
	}
	rr.line++
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		// The csv package's text repeats the line ("record on line 9:").
		rr.line = pe.StartLine
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return fmt.Errorf("%s:%d: %d fields, not %d: the file was cut short?", rr.name, rr.line, len(f), len(Header(rr.cols, rr.perTurn)))
		}
		return fmt.Errorf("%s:%d: %v", rr.name, pe.Line, pe.Err)
	}
	if err != nil {
		return fmt.Errorf("%s:%d: %v", rr.name, rr.line, err)
	}
	r, err := parseFields(f, rr.perTurn, rr.cols)
	if err != nil {
		return fmt.Errorf("%s:%d: %v", rr.name, rr.line, err)
	}
	*rec = r
	return nil
}

func (rr *RowReader) nextJSONL(rec *Record) error {
	for {
		text, err := readLine(rr.br)
		if len(bytes.TrimSpace(text)) == 0 && err == io.EOF {
			return io.EOF
		}
		rr.line++
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s:%d: %v", rr.name, rr.line, err)
		}
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		if !rr.started && isSummary(text) {
			// A natural slip: the summary batch --format json writes.
			return fmt.Errorf("%s:%d: not batch rows but a JSON document (a --format json summary?): merge and compare read the rows batch writes with --format csv or jsonl", rr.name, rr.line)
		}
		var l jsonlRow
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil || l.RunID == nil {
			var te *json.UnmarshalTypeError
			switch {
			case err == nil:
				err = fmt.Errorf("no run_id")
			case errors.As(err, &te) && te.Field == "":
				err = fmt.Errorf("the line is not a JSON object (%s)", te.Value)
			case errors.As(err, &te):
				err = fmt.Errorf("%s should not be a JSON %s", te.Field, te.Value)
			}
			return fmt.Errorf("%s:%d: not a batch JSON Lines row: %v", rr.name, rr.line, err)
		}
		if rest := bytes.TrimSpace(text[dec.InputOffset():]); len(rest) > 0 {
			// Two rows run together (a lost line end), or the remains of one.
			return fmt.Errorf("%s:%d: not a batch JSON Lines row: more text after the row's closing }: %q (one row a line)",
				rr.name, rr.line, sim.Sanitize(string(rest[:min(len(rest), 40)]), false))
		}
		if l.Replicate < 0 || l.Replicate >= MaxRuns {
			return fmt.Errorf("%s:%d: replicate %d is not from 0 to %d", rr.name, rr.line, l.Replicate, MaxRuns-1)
		}
		if !rr.started {
			rr.started, rr.perTurn = true, l.Turn != nil
		}
		*rec = Record{RunID: *l.RunID, Scenario: l.Scenario, SHA256: l.SHA256, Variant: l.Variant, Policy: l.Policy, Replicate: l.Replicate,
			Seed: uint64(l.Seed), TurnsPlayed: l.TurnsPlayed, Verdict: l.Verdict, Success: l.Success, Hash: l.Hash}
		if l.Turn != nil {
			rec.Turn = *l.Turn
		}
		keys, vals, err := metricsInOrder(l.Metrics)
		if err != nil {
			return fmt.Errorf("%s:%d: not a batch JSON Lines row: %v", rr.name, rr.line, err)
		}
		for _, k := range keys {
			if _, ok := rr.colIdx[k]; !ok {
				if rr.fixed {
					return fmt.Errorf("%s:%d: metric %q is not one of the files' columns", rr.name, rr.line, sim.Sanitize(k, false))
				}
				rr.colIdx[k] = len(rr.cols)
				rr.cols = append(rr.cols, sim.Sanitize(k, false))
			}
		}
		rec.Metrics = make([]string, len(rr.cols))
		for i, k := range keys { // in order: the error names the first bad one
			v := vals[i]
			if err := checkValue(k, string(v)); err != nil {
				return fmt.Errorf("%s:%d: %s %q: %v", rr.name, rr.line, columnKind(k), sim.Sanitize(k, false), err)
			}
			rec.Metrics[rr.colIdx[k]] = string(v)
		}
		rec.Raw = append([]byte(nil), bytes.TrimRight(text, "\n")...)
		return nil
	}
}

// metricsInOrder returns the keys and values of a row's metrics object in
// the order the row has them (a map would lose it: merged to CSV, the
// columns came out sorted, not in the scenario's order). A key given twice
// is an error.
func metricsInOrder(raw json.RawMessage) ([]string, []json.RawMessage, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	notObject := fmt.Errorf("metrics should be a JSON object, not %.20s", sim.Sanitize(string(raw), false))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, notObject
	}
	var keys []string
	var vals []json.RawMessage
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, err
		}
		k, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, err
		}
		if seen[k] {
			return nil, nil, fmt.Errorf("metric %q is given twice", sim.Sanitize(k, false))
		}
		seen[k] = true
		keys, vals = append(keys, k), append(vals, v)
	}
	return keys, vals, nil
}

// readLine reads up to and including the next '\n', refusing a line
// longer than maxRowLine.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		frag, err := br.ReadSlice('\n')
		if len(line)+len(frag) > maxRowLine {
			return nil, errLongLine
		}
		line = append(line, frag...)
		if err != bufio.ErrBufferFull {
			return line, err
		}
	}
}

// ReadRecords reads every row of a CSV or JSONL row file written by this
// package. It returns the records, the metric columns and whether the rows
// are per turn. name labels errors.
func ReadRecords(name string, r io.Reader) ([]Record, []string, bool, error) {
	rr, err := NewRowReader(name, r)
	if err != nil {
		return nil, nil, false, err
	}
	if rr.Empty() {
		return nil, nil, false, nil
	}
	var out []Record
	for {
		var rec Record
		err := rr.Next(&rec)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, false, err
		}
		out = append(out, rec)
	}
	cols := rr.Columns()
	for i := range out { // JSON Lines: rows read before a column appeared lack it
		if n := len(cols) - len(out[i].Metrics); n > 0 {
			out[i].Metrics = append(out[i].Metrics, make([]string, n)...)
		}
	}
	return out, cols, rr.PerTurn(), nil
}

// ErrMissingRuns is what the error of a merge that lacks runs Is (by
// errors.Is): a shard file missing, or one cut short at a row boundary.
var ErrMissingRuns = errors.New("runs are missing")

// missingError is an error about missing runs: its text says which.
type missingError struct{ msg string }

func (e *missingError) Error() string        { return e.msg }
func (e *missingError) Is(target error) bool { return target == ErrMissingRuns }

func missingErrorf(format string, a ...any) error {
	return &missingError{fmt.Sprintf(format, a...)}
}

// ErrOutOfOrder is wrapped by MergeFiles's error when a file's rows are not
// in run order (as batch writes them), so it cannot be merged as a stream;
// the caller may read the files whole and use MergeRecords instead.
var ErrOutOfOrder = errors.New("rows are not in run order")

// MergeInput is one row file to merge: its name, for errors, and how to
// open it (MergeFiles reads each file twice). Check, if set, is given
// each of the file's records in the first pass, so that a row the caller
// refuses (one from another batch, say) stops the merge before anything
// is emitted.
type MergeInput struct {
	Name  string
	Open  func() (io.ReadCloser, error)
	Check func(*Record) error
}

// MergeInfo describes merged row files.
type MergeInfo struct {
	Cols    []string // the metric columns
	PerTurn bool     // rows are per turn
	JSONL   bool     // the first file with rows is JSON Lines
	Runs    int      // runs merged
}

// MergeFiles merges the row files of a sharded batch in run order, holding
// a record per file rather than every row. A first pass checks everything
// — each row parses, each file is in run order, the files have the same
// columns, and every run 0…total−1 (0…the largest, if total is 0) appears
// exactly once — so nothing is emitted from files that fail. Then start is
// called with what the files hold and returns the function a second pass
// hands each record to, in order (it must not keep the record). A nil
// start only checks.
func MergeFiles(in []MergeInput, total int, start func(MergeInfo) (func(*Record) error, error)) (MergeInfo, error) {
	var info MergeInfo
	// The pass reads on after a gap or a duplicate, so that a file out of
	// run order (which the caller may merge another way) is what is reported.
	var check mergeCheck
	var checkErr error
	files, err := mergePass(in, nil, func(rec *Record, f *mergeFile) error {
		if c := in[f.index].Check; c != nil {
			if err := c(rec); err != nil {
				return err
			}
		}
		if checkErr == nil {
			checkErr = check.next(rec, f.rr.PerTurn(), f.name)
		}
		return nil
	})
	if err == nil {
		err = checkErr
	}
	if err != nil {
		return info, err
	}
	from := ""
	set := false
	for i, f := range files {
		if f.rows == 0 && f.rr.Columns() == nil {
			continue // an empty shard (more shards than runs): nothing to join
		}
		if !set {
			set, from = true, in[i].Name
			info.Cols, info.PerTurn, info.JSONL = f.rr.Columns(), f.rr.PerTurn(), f.rr.JSONL()
			continue
		}
		if f.rr.JSONL() != info.JSONL {
			form := map[bool]string{true: "JSON Lines", false: "CSV"}
			return info, fmt.Errorf("%s is %s and %s is %s: the formats differ; merge files of one format (lattice merge FILE --format csv --out NEW converts one)",
				from, form[info.JSONL], in[i].Name, form[f.rr.JSONL()])
		}
		if !slices.Equal(f.rr.Columns(), info.Cols) || f.rr.PerTurn() != info.PerTurn {
			return info, fmt.Errorf("%s: its columns differ from %s's: not shards of the same batch", in[i].Name, from)
		}
	}
	if err := check.end(total); err != nil {
		return info, err
	}
	info.Runs = check.seen
	if start == nil {
		return info, nil
	}
	emit, err := start(info)
	if err != nil {
		return info, err
	}
	_, err = mergePass(in, info.Cols, func(rec *Record, _ *mergeFile) error { return emit(rec) })
	return info, err
}

// mergeFile is one input during a pass: its reader and its current record.
type mergeFile struct {
	name     string
	index    int
	rr       *RowReader
	rec      Record
	rows     int
	lastRun  int
	lastTurn int
}

// advance reads the file's next record, checking it comes after the last
// in run order; it returns false at the end of the file.
func (f *mergeFile) advance() (bool, error) {
	err := f.rr.Next(&f.rec)
	if err == io.EOF {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if f.rows > 0 {
		run, turn := f.rec.RunID, f.rec.Turn
		switch {
		case run == f.lastRun && (!f.rr.PerTurn() || turn == f.lastTurn):
			return false, fmt.Errorf("%s:%d: run %d appears more than once (is a shard file given twice, or were two shards run with the same index?)", f.name, f.rr.line, run)
		case run < f.lastRun || run == f.lastRun && turn < f.lastTurn:
			return false, fmt.Errorf("%s:%d: %w: run %d comes after run %d", f.name, f.rr.line, ErrOutOfOrder, run, f.lastRun)
		}
	}
	f.rows++
	f.lastRun, f.lastTurn = f.rec.RunID, f.rec.Turn
	return true, nil
}

// mergeHeap orders the files by their current record: run, turn, file.
type mergeHeap []*mergeFile

func (h mergeHeap) Len() int { return len(h) }
func (h mergeHeap) Less(i, j int) bool {
	a, b := &h[i].rec, &h[j].rec
	if a.RunID != b.RunID {
		return a.RunID < b.RunID
	}
	if a.Turn != b.Turn {
		return a.Turn < b.Turn
	}
	return h[i].index < h[j].index
}
func (h mergeHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mergeHeap) Push(x any)   { *h = append(*h, x.(*mergeFile)) }
func (h *mergeHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergePass reads the files together, visiting every record in run order.
// With cols, JSON Lines records follow those columns (a second pass).
func mergePass(in []MergeInput, cols []string, visit func(*Record, *mergeFile) error) ([]*mergeFile, error) {
	files := make([]*mergeFile, 0, len(in))
	var closers []io.Closer
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	h := make(mergeHeap, 0, len(in))
	for i, m := range in {
		rc, err := m.Open()
		if err != nil {
			return nil, err
		}
		closers = append(closers, rc)
		rr, err := NewRowReader(m.Name, rc)
		if err != nil {
			return nil, err
		}
		if cols != nil {
			rr.UseColumns(cols)
		}
		f := &mergeFile{name: m.Name, index: i, rr: rr}
		files = append(files, f)
		ok, err := f.advance()
		if err != nil {
			return nil, err
		}
		if ok {
			h = append(h, f)
		}
	}
	heap.Init(&h)
	for len(h) > 0 {
		f := h[0]
		if err := visit(&f.rec, f); err != nil {
			return nil, err
		}
		ok, err := f.advance()
		if err != nil {
			return nil, err
		}
		if ok {
			heap.Fix(&h, 0)
		} else {
			heap.Pop(&h)
		}
	}
	return files, nil
}

// mergeCheck checks the merged stream covers runs 0, 1, 2, … once each,
// as MergeRecords does.
type mergeCheck struct {
	seen     int // runs seen: the next run must be this one
	lastRun  int
	lastTurn int
	lastFile string // where the last row was read
}

func (c *mergeCheck) next(rec *Record, perTurn bool, file string) error {
	if c.seen > 0 && rec.RunID == c.lastRun {
		if !perTurn || rec.Turn == c.lastTurn {
			return DuplicateRun(rec.RunID, c.lastFile, file)
		}
		c.lastTurn, c.lastFile = rec.Turn, file
		return nil
	}
	if rec.RunID != c.seen {
		return missingErrorf("run %d is missing (a shard file is missing or incomplete)", c.seen)
	}
	c.seen++
	c.lastRun, c.lastTurn, c.lastFile = rec.RunID, rec.Turn, file
	return nil
}

// DuplicateRun is the error of a run found in two files (or twice in one).
func DuplicateRun(run int, a, b string) error {
	if a == b {
		return fmt.Errorf("run %d is twice in %s (is the file given twice?)", run, sim.Sanitize(a, false))
	}
	return fmt.Errorf("run %d is in both %s and %s (is a shard file given twice, or were two shards run with the same index?)", run, sim.Sanitize(a, false), sim.Sanitize(b, false))
}

func (c *mergeCheck) end(total int) error {
	switch {
	case total > 0 && c.seen < total:
		return missingErrorf("runs %d to %d are missing (a shard file is missing or incomplete): the batch has %d runs", c.seen, total-1, total)
	case total > 0 && c.seen > total:
		return fmt.Errorf("runs %d to %d are beyond the batch's %d runs (is a file from another batch among them?)", total, c.seen-1, total)
	}
	return nil
}
