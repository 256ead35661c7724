package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"lattice/sim"
)

// Columns is the fixed part of a row, before one column per metric.
var Columns = []string{"run_id", "scenario", "scenario_sha256", "variant", "policy", "replicate", "seed", "turns_played", "verdict", "success", "hash"}

// MetricColumns returns the metric ids of all arms, in first-seen order:
// the metric columns of rows (empty where an arm's scenario lacks one).
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
	return out
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
}

// Records converts a row into its records: one final record, or one per
// turn with perTurn.
func Records(r *Row, cols []string, perTurn bool) []Record {
	c := r.Arm.Compiled
	base := Record{RunID: r.Run, Scenario: r.Arm.Scenario, SHA256: r.Arm.SHA256, Variant: r.Arm.Variant, Policy: r.Arm.Policy,
		Replicate: r.Replicate, Seed: r.Seed, TurnsPlayed: r.TurnsPlayed, Verdict: r.Verdict(), Success: r.Success, Hash: fmt.Sprintf("%016x", r.Hash)}
	format := func(vals []sim.Fix) []string {
		out := make([]string, len(cols))
		for i, id := range cols {
			if m := c.MetricIndex(id); m >= 0 {
				out[i] = vals[m].String()
			}
		}
		return out
	}
	if !perTurn {
		base.Metrics = format(r.Metrics)
		return []Record{base}
	}
	out := make([]Record, len(r.Turns))
	for t, vals := range r.Turns {
		out[t] = base
		out[t].Turn = t + 1
		out[t].Metrics = format(vals)
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

// CSVSink writes rows as CSV, the header first.
type CSVSink struct {
	w       *csv.Writer
	cols    []string
	perTurn bool
	header  bool
}

// NewCSVSink returns a sink writing CSV to w.
func NewCSVSink(w io.Writer, cols []string, perTurn bool) *CSVSink {
	return &CSVSink{w: csv.NewWriter(w), cols: cols, perTurn: perTurn}
}

// Row implements Sink.
func (s *CSVSink) Row(r *Row) error {
	if !s.header {
		s.header = true
		if err := s.w.Write(Header(s.cols, s.perTurn)); err != nil {
			return err
		}
	}
	for _, rec := range Records(r, s.cols, s.perTurn) {
		if err := s.w.Write(rec.fields(s.perTurn)); err != nil {
			return err
		}
	}
	return nil
}

// Flush writes the header if no row came, and flushes.
func (s *CSVSink) Flush() error {
	if !s.header {
		s.header = true
		s.w.Write(Header(s.cols, s.perTurn))
	}
	s.w.Flush()
	return s.w.Error()
}

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
		s.w.Write(rec.jsonLine(s.cols, s.perTurn))
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
	fmt.Fprintf(&b, `,"replicate":%d,"seed":%d`, rec.Replicate, rec.Seed)
	if perTurn {
		fmt.Fprintf(&b, `,"turn":%d`, rec.Turn)
	}
	fmt.Fprintf(&b, `,"turns_played":%d,"verdict":`, rec.TurnsPlayed)
	str(rec.Verdict)
	fmt.Fprintf(&b, `,"success":%t,"hash":"%s","metrics":{`, rec.Success, rec.Hash)
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

// ReadRecords reads CSV or JSONL rows written by this package (the form is
// detected from the first byte). It returns the records, the metric
// columns and whether the rows are per turn. name labels errors.
func ReadRecords(name string, r io.Reader) ([]Record, []string, bool, error) {
	br := bufio.NewReader(r)
	first, err := br.Peek(1)
	if err == io.EOF {
		// A JSON Lines shard that got no runs is empty; the caller checks
		// completeness against the manifests.
		return nil, nil, false, nil
	}
	if err != nil {
		return nil, nil, false, fmt.Errorf("%s: %v", name, err)
	}
	var recs []Record
	var cols []string
	var perTurn bool
	if first[0] == '{' {
		recs, cols, perTurn, err = readJSONL(name, br)
	} else {
		recs, cols, perTurn, err = readCSV(name, br)
	}
	// Row files may come from anywhere: their text is made safe to print.
	for i := range recs {
		r := &recs[i]
		r.Scenario, r.SHA256, r.Variant = sim.Sanitize(r.Scenario, false), sim.Sanitize(r.SHA256, false), sim.Sanitize(r.Variant, false)
		r.Policy, r.Verdict, r.Hash = sim.Sanitize(r.Policy, false), sim.Sanitize(r.Verdict, false), sim.Sanitize(r.Hash, false)
	}
	for i := range cols {
		cols[i] = sim.Sanitize(cols[i], false)
	}
	return recs, cols, perTurn, err
}

func readCSV(name string, r io.Reader) ([]Record, []string, bool, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, nil, false, fmt.Errorf("%s:1: not a batch CSV file: %v", name, err)
	}
	perTurn := len(header) > 7 && header[7] == "turn"
	fixed := Header(nil, perTurn)
	if len(header) < len(fixed) || strings.Join(header[:len(fixed)], ",") != strings.Join(fixed, ",") {
		return nil, nil, false, fmt.Errorf("%s:1: not a batch CSV file: the header should begin %s", name, strings.Join(fixed, ","))
	}
	cols := append([]string(nil), header[len(fixed):]...)
	var out []Record
	for line := 2; ; line++ {
		f, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, false, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		rec, err := parseFields(f, perTurn, len(cols))
		if err != nil {
			return nil, nil, false, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		out = append(out, rec)
	}
	return out, cols, perTurn, nil
}

func parseFields(f []string, perTurn bool, ncols int) (Record, error) {
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
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return rec, fmt.Errorf("metric column %d: %q is not a number", j+1, v)
		}
	}
	return rec, nil
}

func readJSONL(name string, r *bufio.Reader) ([]Record, []string, bool, error) {
	type line struct {
		RunID       *int                       `json:"run_id"`
		Scenario    string                     `json:"scenario"`
		SHA256      string                     `json:"scenario_sha256"`
		Variant     string                     `json:"variant"`
		Policy      string                     `json:"policy"`
		Replicate   int                        `json:"replicate"`
		Seed        uint64                     `json:"seed"`
		Turn        *int                       `json:"turn"`
		TurnsPlayed int                        `json:"turns_played"`
		Verdict     string                     `json:"verdict"`
		Success     bool                       `json:"success"`
		Hash        string                     `json:"hash"`
		Metrics     map[string]json.RawMessage `json:"metrics"`
	}
	var out []Record
	var cols []string
	colIdx := map[string]int{}
	perTurn := false
	var raw []map[string]json.RawMessage
	for n := 1; ; n++ {
		text, err := r.ReadBytes('\n')
		if len(bytes.TrimSpace(text)) == 0 && err == io.EOF {
			break
		}
		if err != nil && err != io.EOF {
			return nil, nil, false, fmt.Errorf("%s:%d: %v", name, n, err)
		}
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		var l line
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&l); err != nil || l.RunID == nil {
			if err == nil {
				err = fmt.Errorf("no run_id")
			}
			return nil, nil, false, fmt.Errorf("%s:%d: not a batch JSON Lines row: %v", name, n, err)
		}
		if l.Replicate < 0 || l.Replicate >= MaxRuns {
			return nil, nil, false, fmt.Errorf("%s:%d: replicate %d is not from 0 to %d", name, n, l.Replicate, MaxRuns-1)
		}
		if n == 1 {
			perTurn = l.Turn != nil
		}
		rec := Record{RunID: *l.RunID, Scenario: l.Scenario, SHA256: l.SHA256, Variant: l.Variant, Policy: l.Policy, Replicate: l.Replicate,
			Seed: l.Seed, TurnsPlayed: l.TurnsPlayed, Verdict: l.Verdict, Success: l.Success, Hash: l.Hash}
		if l.Turn != nil {
			rec.Turn = *l.Turn
		}
		keys := make([]string, 0, len(l.Metrics))
		for k := range l.Metrics {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if _, ok := colIdx[k]; !ok {
				colIdx[k] = len(cols)
				cols = append(cols, k)
			}
		}
		rec.Raw = append([]byte(nil), bytes.TrimRight(text, "\n")...)
		out = append(out, rec)
		raw = append(raw, l.Metrics)
		if err == io.EOF {
			break
		}
	}
	for i := range out {
		out[i].Metrics = make([]string, len(cols))
		for k, v := range raw[i] {
			out[i].Metrics[colIdx[k]] = string(v)
		}
	}
	return out, cols, perTurn, nil
}

// WriteRecords writes records in the given form ("csv" or "jsonl").
func WriteRecords(w io.Writer, form string, recs []Record, cols []string, perTurn bool) error {
	switch form {
	case "jsonl":
		bw := bufio.NewWriter(w)
		for i := range recs {
			if recs[i].Raw != nil {
				bw.Write(recs[i].Raw)
				bw.WriteByte('\n')
				continue
			}
			bw.Write(recs[i].jsonLine(cols, perTurn))
		}
		return bw.Flush()
	default:
		cw := csv.NewWriter(w)
		cw.Write(Header(cols, perTurn))
		for i := range recs {
			cw.Write(recs[i].fields(perTurn))
		}
		cw.Flush()
		return cw.Error()
	}
}
