package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"lattice/sim"
)

// Columns is the fixed part of a row, before one column per metric and
// one per allied objective (MetricColumns).
var Columns = []string{"run_id", "scenario", "scenario_sha256", "variant", "policy", "replicate", "seed", "turns_played", "verdict", "success", "hash"}

// MetricColumns returns the columns of rows after the fixed ones: the
// metric ids of all arms, in first-seen order (empty where an arm's
// scenario lacks one), then their objective columns (ObjectiveColumns).
func MetricColumns(arms []*Arm) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range arms {
		for _, m := range a.Compiled.Metrics {
			if !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m.ID)
			}
		}
	}
	return append(out, ObjectiveColumns(arms)...)
}

// ObjectivePrefix begins the name of an objective column: objective.ID is
// 1 where allied side ID met its private objective as the game ended, 0
// where it missed it, empty where the arm's scenario gives that side none
// (and, in per-turn rows, on every turn but the last).
const ObjectivePrefix = "objective."

// ObjectiveColumns returns the objective columns of all arms, in
// first-seen order: one per allied side with a private objective. They
// follow the metric columns in rows, and the summary gives each as a rate.
func ObjectiveColumns(arms []*Arm) []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range arms {
		c := a.Compiled
		for _, s := range c.Alliance() {
			if id := ObjectivePrefix + c.Sides[s].ID; !c.Sides[s].ObjectiveWhen.Empty() && !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	return out
}

// IsObjective reports whether column id is an objective column.
func IsObjective(id string) bool { return strings.HasPrefix(id, ObjectivePrefix) }

// columnOf maps a row column of c: the metric's index, or for an
// objective column the side's (objective true); −1 where c has neither (a
// side with no objective has no objective column).
func columnOf(c *sim.Compiled, id string) (i int, objective bool) {
	if IsObjective(id) {
		s := c.SideIndex(strings.TrimPrefix(id, ObjectivePrefix))
		if s < 0 || c.Sides[s].Adversary || c.Sides[s].ObjectiveWhen.Empty() {
			return -1, true
		}
		return s, true
	}
	return c.MetricIndex(id), false
}

// objectiveText is an objective column's value: "1" if bit s of met is
// set, else "0".
func objectiveText(met uint64, s int) string {
	if met&(1<<s) != 0 {
		return "1"
	}
	return "0"
}

// Record is one row as text: what CSV and JSONL carry and what merge reads
// back. Metrics holds the formatted values by metric column ("" if absent).
type Record struct {
	RunID       int
	Scenario    string
	SHA256      string
	Variant     string
	Policy      string
	Replicate   int
	Seed        uint64
	Turn        int // per-turn rows; 0 for a run's final row
	TurnsPlayed int
	Verdict     string
	Success     bool
	Hash        string
	Metrics     []string // by metric column
	Raw         []byte   // the JSON line as read, so merging rewrites it byte for byte
	// Line is the line of its file the record was read from (1 is a CSV
	// file's header), for checks to name it; 0 for a record not read.
	Line int
}

// Records converts a row into its records: one final record, or one per
// turn with perTurn.
func Records(r *Row, cols []string, perTurn bool) []Record {
	c := r.Arm.Compiled
	base := Record{RunID: r.Run, Scenario: r.Arm.Scenario, SHA256: r.Arm.SHA256, Variant: r.Arm.Variant, Policy: r.Arm.Policy,
		Replicate: r.Replicate, Seed: r.Seed, TurnsPlayed: r.TurnsPlayed, Verdict: r.Verdict(), Success: r.Success, Hash: fmt.Sprintf("%016x", r.Hash)}
	// final: the objectives are given, as they stood when the game ended.
	format := func(vals []sim.Fix, final bool) []string {
		out := make([]string, len(cols))
		for i, id := range cols {
			switch m, obj := columnOf(c, id); {
			case m < 0:
			case obj && final:
				out[i] = objectiveText(r.Objectives, m)
			case !obj:
				out[i] = vals[m].String()
			}
		}
		return out
	}
	if !perTurn {
		base.Metrics = format(r.Metrics, true)
		return []Record{base}
	}
	out := make([]Record, len(r.Turns))
	for t, vals := range r.Turns {
		out[t] = base
		out[t].Turn = t + 1
		out[t].Metrics = format(vals, t == len(r.Turns)-1)
	}
	return out
}

// Header returns the CSV header for the metric columns.
func Header(cols []string, perTurn bool) []string {
	h := append([]string(nil), Columns[:7]...)
	if perTurn {
		h = append(h, "turn")
	}
	h = append(h, Columns[7:]...)
	return append(h, cols...)
}

func (rec *Record) fields(perTurn bool) []string {
	f := []string{strconv.Itoa(rec.RunID), rec.Scenario, rec.SHA256, rec.Variant, rec.Policy, strconv.Itoa(rec.Replicate), strconv.FormatUint(rec.Seed, 10)}
	if perTurn {
		f = append(f, strconv.Itoa(rec.Turn))
	}
	f = append(f, strconv.Itoa(rec.TurnsPlayed), rec.Verdict, strconv.FormatBool(rec.Success), rec.Hash)
	return append(f, rec.Metrics...)
}

// CSVSink writes rows as CSV, the header first. It writes the bytes
// encoding/csv would write for Records' fields (TestCSVSinkAsEncodingCSV),
// appending each row into one buffer: a batch's rows are its output, and
// formatting them through strings cost a batch several percent of its
// time.
type CSVSink struct {
	w       *bufio.Writer
	cols    []string
	perTurn bool
	header  bool
	arms    map[*Arm]*csvArm
	buf     []byte
}

// csvArm is what every row of one arm writes alike, encoded once.
type csvArm struct {
	labels   []byte   // ",scenario,sha256,variant,policy,"
	verdicts [][]byte // per end: its id, encoded
	metric   []int    // per metric column: the metric's index, −1 if absent
	side     []int    // per objective column: the side's index, −1 if absent or not one
}

// NewCSVSink returns a sink writing CSV to w.
func NewCSVSink(w io.Writer, cols []string, perTurn bool) *CSVSink {
	return &CSVSink{w: bufio.NewWriter(w), cols: cols, perTurn: perTurn, arms: map[*Arm]*csvArm{}}
}

// csvField appends f to b as encoding/csv writes a field: quoted, with
// quotes doubled, if it holds a comma, a quote, a line break or starts
// with a space, or is \. (as encoding/csv's fieldNeedsQuotes decides).
func csvField(b []byte, f string) []byte {
	var one bytes.Buffer
	cw := csv.NewWriter(&one)
	cw.Write([]string{f, ""}) // two fields: a lone empty field is written as ""
	cw.Flush()
	return append(b, bytes.TrimSuffix(one.Bytes(), []byte(",\n"))...)
}

func (s *CSVSink) arm(a *Arm) *csvArm {
	if ca := s.arms[a]; ca != nil {
		return ca
	}
	ca := &csvArm{metric: make([]int, len(s.cols)), side: make([]int, len(s.cols))}
	ca.labels = append(ca.labels, ',')
	for _, f := range []string{a.Scenario, a.SHA256, a.Variant, a.Policy} {
		ca.labels = append(csvField(ca.labels, f), ',')
	}
	c := a.Compiled
	for _, e := range c.Ends {
		ca.verdicts = append(ca.verdicts, csvField(nil, e.ID))
	}
	for i, id := range s.cols {
		ca.metric[i], ca.side[i] = -1, -1
		if m, obj := columnOf(c, id); obj {
			ca.side[i] = m
		} else {
			ca.metric[i] = m
		}
	}
	s.arms[a] = ca
	return ca
}

// Row implements Sink.
func (s *CSVSink) Row(r *Row) error {
	s.writeHeader()
	ca := s.arm(r.Arm)
	if s.perTurn {
		for t, vals := range r.Turns {
			s.record(ca, r, t+1, vals)
		}
	} else {
		s.record(ca, r, 0, r.Metrics)
	}
	_, err := s.w.Write(s.buf)
	s.buf = s.buf[:0]
	if err != nil {
		return &WriteError{err}
	}
	return nil
}

// record appends one record of r to s.buf: turn and vals are the turn's
// with perTurn, else 0 and the final values.
func (s *CSVSink) record(ca *csvArm, r *Row, turn int, vals []sim.Fix) {
	b := strconv.AppendInt(s.buf, int64(r.Run), 10)
	b = append(b, ca.labels...)
	b = strconv.AppendInt(b, int64(r.Replicate), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, r.Seed, 10)
	b = append(b, ',')
	if s.perTurn {
		b = strconv.AppendInt(b, int64(turn), 10)
		b = append(b, ',')
	}
	b = strconv.AppendInt(b, int64(r.TurnsPlayed), 10)
	b = append(b, ',')
	b = append(b, ca.verdicts[r.End]...)
	b = append(b, ',')
	b = strconv.AppendBool(b, r.Success)
	b = append(b, ',')
	b = appendHash(b, r.Hash)
	final := turn == 0 || turn == len(r.Turns) // the objectives as the game ended
	for i, m := range ca.metric {
		b = append(b, ',')
		switch sd := ca.side[i]; {
		case m >= 0:
			b = vals[m].AppendString(b)
		case sd >= 0 && final:
			b = append(b, objectiveText(r.Objectives, sd)...)
		}
	}
	s.buf = append(b, '\n')
}

// appendHash appends h as 16 hexadecimal digits, as %016x formats it.
func appendHash(b []byte, h uint64) []byte {
	const digits = "0123456789abcdef"
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, digits[h>>uint(shift)&0xf])
	}
	return b
}

// Flush writes the header if no row came, and flushes.
func (s *CSVSink) Flush() error {
	s.writeHeader()
	return s.w.Flush()
}

// writeHeader writes the header, once.
func (s *CSVSink) writeHeader() {
	if !s.header {
		s.header = true
		// Encoded apart: a csv.Writer on s.w would flush s.w itself (a
		// bufio.Writer wrapping one large enough is that one), and an
		// early write error would fail the batch instead of its output.
		var h bytes.Buffer
		cw := csv.NewWriter(&h)
		cw.Write(Header(s.cols, s.perTurn))
		cw.Flush()
		s.w.Write(h.Bytes()) // an error stays in s.w for Row and Flush
	}
}

// WriteError is a sink's failure to write its output (a full disk, a
// closed pipe): Run stops at it, and the caller reports it as a failed
// write of its output, not as a fault of the batch.
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return "writing output: " + e.Err.Error() }
func (e *WriteError) Unwrap() error { return e.Err }

// JSONLSink writes rows as JSON Lines: one object per row with the CSV's
// fields, metrics as an object of numbers.
type JSONLSink struct {
	w       *bufio.Writer
	cols    []string
	perTurn bool
}

// NewJSONLSink returns a sink writing JSON Lines to w.
func NewJSONLSink(w io.Writer, cols []string, perTurn bool) *JSONLSink {
	return &JSONLSink{w: bufio.NewWriter(w), cols: cols, perTurn: perTurn}
}

// Row implements Sink.
func (s *JSONLSink) Row(r *Row) error {
	for _, rec := range Records(r, s.cols, s.perTurn) {
		if _, err := s.w.Write(rec.jsonLine(s.cols, s.perTurn)); err != nil {
			return &WriteError{err}
		}
	}
	return nil
}

// Flush flushes the writer.
func (s *JSONLSink) Flush() error { return s.w.Flush() }

func (rec *Record) jsonLine(cols []string, perTurn bool) []byte {
	var b bytes.Buffer
	str := func(s string) { q, _ := json.Marshal(s); b.Write(q) }
	fmt.Fprintf(&b, `{"run_id":%d,"scenario":`, rec.RunID)
	str(rec.Scenario)
	b.WriteString(`,"scenario_sha256":`)
	str(rec.SHA256)
	b.WriteString(`,"variant":`)
	str(rec.Variant)
	b.WriteString(`,"policy":`)
	str(rec.Policy)
	// The seed is a decimal string: a run seed is any 64-bit value, and
	// JSON numbers above 2^53 lose their low digits in jq, JavaScript and
	// the many readers that hold numbers as doubles (a different game).
	fmt.Fprintf(&b, `,"replicate":%d,"seed":"%d"`, rec.Replicate, rec.Seed)
	if perTurn {
		fmt.Fprintf(&b, `,"turn":%d`, rec.Turn)
	}
	fmt.Fprintf(&b, `,"turns_played":%d,"verdict":`, rec.TurnsPlayed)
	str(rec.Verdict)
	fmt.Fprintf(&b, `,"success":%t,"hash":`, rec.Success)
	str(rec.Hash)
	b.WriteString(`,"metrics":{`)
	first := true
	for i, id := range cols {
		if rec.Metrics[i] == "" {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		str(id)
		b.WriteByte(':')
		b.WriteString(rec.Metrics[i])
	}
	b.WriteString("}}\n")
	return b.Bytes()
}

// checkMetric checks a metric's text is a value as batch writes it: a
// decimal number with at most 4 decimals (sim.ParseFix reads it back
// exactly). Anything else — NaN, Inf, an exponent, a JSON string or array
// in a JSON Lines row — is not from batch: summaries dropped it unseen,
// and merge copied it into its output (as bare NaN, invalid JSON).
func checkMetric(v string) error {
	if _, err := sim.ParseFix(v); err != nil {
		return fmt.Errorf("%q is not a metric value as batch writes them (a decimal number, at most 4 decimals)", sim.Sanitize(v[:min(len(v), 40)], false))
	}
	return nil
}

// columnKind is "objective" for an objective column, else "metric".
func columnKind(col string) string {
	if IsObjective(col) {
		return "objective"
	}
	return "metric"
}

// checkValue checks the value v of column col: an objective's is 1 or 0
// (a tampered 0.5 was counted as a miss), a metric's as checkMetric.
func checkValue(col, v string) error {
	if IsObjective(col) {
		if v != "0" && v != "1" {
			return fmt.Errorf("%q is not an objective's value as batch writes them (1 met, 0 missed)", sim.Sanitize(v[:min(len(v), 40)], false))
		}
		return nil
	}
	return checkMetric(v)
}

// parseFields reads a CSV row's fields; cols are the file's metric
// columns, which a bad value's error names as JSON Lines' does.
func parseFields(f []string, perTurn bool, cols []string) (Record, error) {
	ncols := len(cols)
	var rec Record
	var err error
	at := func(i int) string { return f[i] }
	n := len(Columns)
	if perTurn {
		n++
	}
	if len(f) != n+ncols {
		return rec, fmt.Errorf("has %d fields, want %d", len(f), n+ncols)
	}
	if rec.RunID, err = strconv.Atoi(at(0)); err != nil {
		return rec, fmt.Errorf("run_id %q is not a number", at(0))
	}
	rec.Scenario, rec.SHA256, rec.Variant, rec.Policy = at(1), at(2), at(3), at(4)
	if rec.Replicate, err = strconv.Atoi(at(5)); err != nil || rec.Replicate < 0 || rec.Replicate >= MaxRuns {
		return rec, fmt.Errorf("replicate %q is not a number from 0 to %d", at(5), MaxRuns-1)
	}
	if rec.Seed, err = strconv.ParseUint(at(6), 10, 64); err != nil {
		return rec, fmt.Errorf("seed %q is not a number", at(6))
	}
	i := 7
	if perTurn {
		if rec.Turn, err = strconv.Atoi(at(7)); err != nil {
			return rec, fmt.Errorf("turn %q is not a number", at(7))
		}
		i++
	}
	if rec.TurnsPlayed, err = strconv.Atoi(at(i)); err != nil {
		return rec, fmt.Errorf("turns_played %q is not a number", at(i))
	}
	rec.Verdict = at(i + 1)
	if rec.Success, err = strconv.ParseBool(at(i + 2)); err != nil {
		return rec, fmt.Errorf("success %q is not true or false", at(i+2))
	}
	rec.Hash = at(i + 3)
	rec.Metrics = append([]string(nil), f[i+4:]...)
	for j, v := range rec.Metrics {
		if v == "" {
			continue
		}
		if err := checkValue(cols[j], v); err != nil {
			return rec, fmt.Errorf("%s %q: %v", columnKind(cols[j]), cols[j], err)
		}
	}
	return rec, nil
}

// RecordWriter writes records one at a time as "csv" (the header first) or
// "jsonl" (a JSON line read from a file is written back byte for byte).
type RecordWriter struct {
	jsonl   bool
	cw      *csv.Writer
	bw      *bufio.Writer
	cols    []string
	perTurn bool
}

// NewRecordWriter returns a writer of records in form to w.
func NewRecordWriter(w io.Writer, form string, cols []string, perTurn bool) *RecordWriter {
	rw := &RecordWriter{jsonl: form == "jsonl", cols: cols, perTurn: perTurn}
	if rw.jsonl {
		rw.bw = bufio.NewWriter(w)
	} else {
		rw.cw = csv.NewWriter(w)
		rw.cw.Write(Header(cols, perTurn))
	}
	return rw
}

// Write writes one record.
func (rw *RecordWriter) Write(rec *Record) error {
	if !rw.jsonl {
		return rw.cw.Write(rec.fields(rw.perTurn))
	}
	if rec.Raw != nil {
		rw.bw.Write(rec.Raw)
		return rw.bw.WriteByte('\n')
	}
	_, err := rw.bw.Write(rec.jsonLine(rw.cols, rw.perTurn))
	return err
}

// Flush writes out what is buffered.
func (rw *RecordWriter) Flush() error {
	if rw.jsonl {
		return rw.bw.Flush()
	}
	rw.cw.Flush()
	return rw.cw.Error()
}
