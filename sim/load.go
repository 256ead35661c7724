package sim

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/width"
)

// Load reads and decodes the scenario file at path in fsys. Its errors are an
// ErrorList naming the file, line and key path of every problem found.
func Load(fsys fs.FS, path string) (*Scenario, error) {
	// Before opening: opening a FIFO blocks until something writes to it,
	// and a device may never end. A pipe (lattice run <(cat x.toml)) is
	// refused too: a scenario is read more than once (the journal checks
	// the file is unchanged), and a pipe is empty the second time.
	if st, err := fs.Stat(fsys, path); err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		return nil, ErrorList{{File: path, Msg: "not a regular file (" + FileKind(st.Mode()) + "): a scenario is read more than once, which a pipe or device cannot be; save it as a .toml file and give that"}}
	}
	f, err := fsys.Open(path)
	if err != nil {
		return nil, ErrorList{{File: path, Msg: describeOpenError(err)}}
	}
	defer f.Close()
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		return nil, ErrorList{{File: path, Msg: "is a directory, not a scenario file"}}
	}
	if err == nil && st.Size() > MaxFileSize {
		return nil, ErrorList{{File: path, Msg: fmt.Sprintf("file is %d bytes; a scenario may be at most %d (1 MiB)", st.Size(), MaxFileSize)}}
	}
	buf, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, ErrorList{{File: path, Msg: "cannot read: " + describeOpenError(err)}}
	}
	if len(buf) > MaxFileSize {
		return nil, ErrorList{{File: path, Msg: fmt.Sprintf("file is over %d bytes (1 MiB), the most a scenario may be", MaxFileSize)}}
	}
	return Parse(path, buf)
}

// FileKind names the kind of a file that is not a regular one ("a
// FIFO", "a directory"), for messages refusing it.
func FileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "a special file"
}

func describeOpenError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file (give a built-in scenario id or the path of a .toml file)"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Parse decodes a scenario from data; file names it in errors. It reports
// every unknown key and type error, not only the first; a TOML syntax error
// stops decoding and is reported alone with the parser's excerpt.
func Parse(file string, data []byte) (s *Scenario, err error) {
	if len(data) > MaxFileSize {
		return nil, ErrorList{{File: file, Msg: fmt.Sprintf("file is %d bytes; a scenario may be at most %d (1 MiB)", len(data), MaxFileSize)}}
	}
	defer func() {
		if r := recover(); r != nil { // the TOML library must never take the program down
			s, err = nil, ErrorList{{File: file, Msg: fmt.Sprintf("cannot parse: internal error: %v", r)}}
		}
	}()
	return parse(file, data, string(data), 0, nil)
}

// maxHeaderFixes is the most fixes parse makes to read on past a syntax
// error ([table] headers meant as [[table]], integers beyond int64); each
// costs a decode of the whole file.
const maxHeaderFixes = 8

// parse is Parse of src, which is data with fixes of parse's own: [table]
// headers made [[table]], and integers beyond int64 made floats, whose
// text as written huge keeps by their value.
func parse(file string, data []byte, src string, fixes int, huge map[float64]string) (*Scenario, error) {
	if at := tomlTooDeep(src, maxTOMLDepth); at >= 0 {
		msg := fmt.Sprintf("a key nested more than %d deep (the parts of a table header or dotted key, and the inline tables and arrays around it): a scenario needs a few; is this file a scenario?", maxTOMLDepth)
		pe := toml.ParseError{Message: msg, Position: toml.Position{Start: at - tomlBOMLen(src), Len: 1}}
		if e := syntaxError(file, src, pe); e != nil {
			return nil, ErrorList{e}
		}
		return nil, ErrorList{{File: file, Msg: msg}}
	}
	var raw map[string]any
	if _, err := toml.Decode(src, &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if fixed, f, lit := hugeInteger(src, pe, len(huge)); fixed != "" && fixes < maxHeaderFixes {
				// The parser stops at an integer beyond int64, with no
				// key or range: read it as a float, which the decoder
				// refuses at its key with the key's range, as it does
				// turns = 5000000000.
				huge = maps.Clone(huge)
				if huge == nil {
					huge = map[float64]string{}
				}
				huge[f] = lit
				return parse(file, data, fixed, fixes+1, huge)
			}
			if fixed, e := singleTableHeader(file, src, pe); e != nil && fixes < maxHeaderFixes {
				// Report the header, and read on as if it were written
				// [[key]], to report the file's other errors too.
				list := ErrorList{e}
				if _, err := parse(file, data, fixed, fixes+1, huge); err != nil {
					if el, ok := err.(ErrorList); ok {
						list = append(list, el...)
					}
				}
				return nil, list.Err()
			}
			if e := syntaxError(file, src, pe); e != nil {
				return nil, ErrorList{e}
			}
			e := &Error{File: file, Line: pe.Position.Line, Col: pe.Position.Col, Msg: pe.Message}
			if e.Line < 1 {
				e.Line, e.Col = 1, 0 // the parser lost track of the line; the excerpt would be wrong
			} else {
				e.Detail = excerpt(pe.ErrorWithPosition())
			}
			return nil, ErrorList{e}
		}
		return nil, ErrorList{{File: file, Msg: err.Error()}}
	}
	pos, conds, ext := scanTOMLDocument(src, isConditionPath)
	if ext != nil {
		// TOML forbids it, but the decoder takes it silently: the array
		// is replaced by a table, or the inline table extended; or, the
		// whole value second, one of the two is dropped.
		msg := fmt.Sprintf("a dotted key adds to a value given whole at line %d (an array or an inline table), which TOML forbids: write all of it in one place", ext.first.Line)
		if ext.replaces {
			msg = fmt.Sprintf("given a whole value after a dotted key made it a table at line %d, which TOML forbids (one of the two would be lost): write all of it in one place", ext.first.Line)
		}
		return nil, ErrorList{{File: file, Line: ext.at.Line, Col: ext.at.Col, Path: ext.key, Msg: msg}}
	}
	for _, str := range conds {
		if text, at, ok := plainTOMLString(str.raw, str.at); ok {
			pos[conditionKey(str.path, text)] = at
		}
	}
	d := &decoder{file: file, pos: pos, src: src[tomlBOMLen(src):], huge: huge}
	s := &Scenario{file: file, pos: d.pos, sha: sha256.Sum256(data)}
	d.value(raw, reflect.ValueOf(s).Elem(), "", "")
	if err := d.errs.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// decoder fills a Go value from the generic map the TOML parser yields,
// keeping two paths: the id-based path shown to people
// (lever.combined_exercises.cost) and the index-based path used to find
// positions (lever[3].cost).
type decoder struct {
	file  string
	pos   tomlPositions
	errs  ErrorList
	outer []table            // the tables around the one being decoded, outermost first
	src   string             // the document, without a byte order mark
	huge  map[float64]string // integers beyond int64 as written, by the float parse read them as
}

// number is f as an error shows it: as written, for an integer beyond
// int64 that parse read as f.
func (d *decoder) number(f float64) string {
	if lit, ok := d.huge[f]; ok {
		return lit
	}
	return fmt.Sprintf("%g", f)
}

// hugeInteger returns, for pe the parser's refusal of a decimal integer
// beyond int64 ("turns = 99999999999999999999"), src with that integer
// made a float no file writes, the i-th of them, padded to the same length
// so that no column moves; the float; and the integer as written. Else "".
func hugeInteger(src string, pe toml.ParseError, i int) (fixed string, f float64, lit string) {
	bom := tomlBOMLen(src)
	start, n := bom+pe.Position.Start, pe.Position.Len
	if pe.Position.Start < 0 || start+n > len(src) {
		return "", 0, ""
	}
	lit = src[start : start+n]
	if pe.Message != lit+" is out of range for int64" || strings.Trim(lit, "+-0123456789_") != "" {
		return "", 0, ""
	}
	float := fmt.Sprintf("1.23456789e%d", 290+i) // beyond 1e9, and more than 19 digits are at least 15 characters
	if lit[0] == '-' {
		float = "-" + float
	}
	f, err := strconv.ParseFloat(float, 64)
	if err != nil || len(float) > n {
		return "", 0, ""
	}
	return src[:start] + float + strings.Repeat(" ", n-len(float)) + src[start+n:], f, lit
}

// rangeHint says, for a number too large to read at pos, the range of
// its key where the schema knows it (" (turns is 1 to 1000)"), else the
// limit of every number (" (at most 1e9 in size)").
func (d *decoder) rangeHint(pos string) string {
	if len(d.outer) > 0 {
		o := d.outer[len(d.outer)-1]
		tag := pos[strings.LastIndexByte(pos, '.')+1:]
		if key := o.t.Name() + "." + tag; hasField(o.t, tag) {
			lo, okLo := schemaRules[key]["minimum"]
			hi, okHi := schemaRules[key]["maximum"]
			if r, ok := playedRanges[key]; ok {
				lo, hi, okLo, okHi = r[0], r[1], true, true
			}
			if okLo && okHi {
				return fmt.Sprintf(" (%s is %v to %v)", tag, lo, hi)
			}
		}
	}
	return " (at most 1e9 in size)"
}

// playedRanges are the ranges of the keys whose schema range is not the
// one played: where 0 stands for the default, the schema's range starts at
// 0 and the engine's at the least value played (max = 0 is 5, and max is
// 1 to 100); an allied side's budget is in schemaTypeRules.
var playedRanges = map[string][2]float64{
	"Lever.cost":     {0.0001, 100},
	"Lever.max":      {1, MaxPoints},
	"Lever.diminish": {0.0001, 1},
	"Side.budget":    {0.0001, 1000},
}

// isHeader reports whether the table at keyPos p was opened by a header,
// [name] or [[name]], which a table takes the position of.
func (d *decoder) isHeader(p keyPos) bool {
	line := d.src
	for i := 1; i < p.Line; i++ {
		nl := strings.IndexByte(line, '\n')
		if nl < 0 {
			return false
		}
		line = line[nl+1:]
	}
	col := 1
	for _, r := range line {
		if col == p.Col {
			return r == '['
		}
		if r == '\n' {
			break
		}
		col++
	}
	return false
}

// table is a TOML table being decoded into a struct: its type, its keys
// and its index-based path.
type table struct {
	t   reflect.Type
	raw map[string]any
	pos string
}

// misplacedHint returns, for key k unknown in the table at pos, a hint
// when k is a key of a table around it, and the table was opened by a
// header: a key belongs to the last header above it, so debrief written at
// the end of the file is read as the last [[end]]'s, and a decider after an
// [[inject.choice]] as the choice's. Where the table around has k already,
// the hint says on which line: the one below its headers is a second copy
// (one added at the end of the file, say).
func (d *decoder) misplacedHint(k, pos string) string {
	if !d.isHeader(d.pos.lookup(pos)) { // an inline table: no header misplaced the key
		return ""
	}
	for i := len(d.outer) - 1; i >= 0; i-- {
		o := d.outer[i]
		if !hasField(o.t, k) {
			continue
		}
		already := ""
		if _, set := o.raw[k]; set {
			already = "; it is already set there"
			if at, ok := d.pos[join(o.pos, k)]; ok && at.Line > 0 {
				already += fmt.Sprintf(", on line %d", at.Line)
			}
			already += ": keep one of the two"
		}
		name := "the top level"
		first := "the first table header"
		here := tableHeader(pos)
		if o.pos != "" {
			name = tableHeader(o.pos)
			first = "the first " + here + " of its " + name
		}
		return fmt.Sprintf(" (%s is a key of %s, but a key belongs to the last table header above it, here %s: write %s above %s%s)", k, name, here, k, first, already)
	}
	return ""
}

// hasField reports whether struct type t has the TOML key k.
func hasField(t reflect.Type, k string) bool {
	fields, _ := tomlFields(t)
	_, ok := fields[k]
	return ok
}

// tableHeader returns the header that opens the table at the index-based
// path pos: "[[inject.choice]]" for inject[2].choice[0], "[escalation]"
// for escalation.
func tableHeader(pos string) string {
	var b strings.Builder
	array := false
	for i := 0; i < len(pos); i++ {
		if pos[i] == '[' {
			j := strings.IndexByte(pos[i:], ']')
			if j < 0 {
				break
			}
			i += j
			array = i == len(pos)-1
			continue
		}
		b.WriteByte(pos[i])
	}
	if array {
		return "[[" + b.String() + "]]"
	}
	return "[" + b.String() + "]"
}

func (d *decoder) errorf(path, pos, format string, args ...any) {
	p := d.pos.lookup(pos)
	d.errs.Add(&Error{File: d.file, Line: p.Line, Col: p.Col, Path: path, Msg: fmt.Sprintf(format, args...)})
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// kind is tomlKind of v, an integer for an integer beyond int64 that parse
// read as a float (title = 99999999999999999999 was "found a float").
func (d *decoder) kind(v any) string {
	if f, ok := v.(float64); ok {
		if _, huge := d.huge[f]; huge {
			return "an integer"
		}
	}
	return tomlKind(v)
}

// tomlKind names the TOML type of a decoded value for error messages.
func tomlKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date or time"
	}
	return "a date or time"
}

// tomlFields maps the TOML keys of struct type t to field indices.
func tomlFields(t reflect.Type) (map[string]int, []string) {
	m := make(map[string]int, t.NumField())
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("toml")
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		m[tag] = i
		names = append(names, tag)
	}
	return m, names
}

// sortedKeys returns m's keys in order, for iterating a map where order
// may show (errors, ledger, output).
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var entryNames = map[string]string{
	"side": "sides", "lever": "levers", "metric": "metrics", "action": "actions",
	"inject": "injects", "threat": "threats", "domain": "domains", "end": "end conditions",
	"score": "scorecard lines", "difficulty": "difficulty levels", "choice": "choices",
	"modifier": "modifiers", "rung": "rungs",
}

func (d *decoder) value(raw any, rv reflect.Value, path, pos string) {
	switch rv.Kind() {
	case reflect.Pointer:
		nv := reflect.New(rv.Type().Elem())
		d.value(raw, nv.Elem(), path, pos)
		rv.Set(nv)
	case reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			hint := ""
			if _, tables := raw.([]map[string]any); tables {
				hint = fmt.Sprintf(" ([[%s]] adds an entry to a list; [%s] is a single table: write it with single brackets)", tomlHeader(pos), tomlHeader(pos))
			}
			d.errorf(path, pos, "expected a table, found %s%s", d.kind(raw), hint)
			return
		}
		fields, names := tomlFields(rv.Type())
		for _, k := range sortedKeys(m) {
			i, ok := fields[k]
			if !ok {
				hint := didYouMeanKey(k, names)
				if hint == "" {
					hint = d.misplacedHint(k, pos)
				}
				if hint == "" {
					hint = " (known keys here: " + strings.Join(names, ", ") + ")"
				}
				d.errorf(join(path, k), join(pos, k), "unknown key %q%s", k, hint)
				continue
			}
			d.outer = append(d.outer, table{rv.Type(), m, pos})
			d.value(m[k], rv.Field(i), join(path, k), join(pos, k))
			d.outer = d.outer[:len(d.outer)-1]
		}
	case reflect.Slice:
		d.slice(raw, rv, path, pos)
	case reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			hint := ""
			if rv.Type().Elem().Kind() == reflect.Float64 {
				hint = idsHint(raw) // priorities = ["dprk", "grayzone"]
			}
			if _, tables := raw.([]map[string]any); tables {
				h := tomlHeader(pos)
				hint = fmt.Sprintf(" ([[%s]] adds an entry to a list; write %s = { … } on one line, or the header [%s])", h, h[strings.LastIndexByte(h, '.')+1:], h)
			}
			d.errorf(path, pos, "expected a table such as { key = value }, found %s%s", d.kind(raw), hint)
			return
		}
		if len(m) > 4*MaxEntries {
			d.errorf(path, pos, "too many keys (%d; at most %d)", len(m), 4*MaxEntries)
			return
		}
		out := reflect.MakeMapWithSize(rv.Type(), len(m))
		for _, k := range sortedKeys(m) {
			ev := reflect.New(rv.Type().Elem()).Elem()
			if ev.Kind() == reflect.Interface {
				switch m[k].(type) {
				case string, int64, float64, bool:
					ev.Set(reflect.ValueOf(m[k]))
				default:
					d.errorf(join(path, k), join(pos, k), "expected a number, string or boolean, found %s%s", d.kind(m[k]), quoteKeyHint(k, m[k]))
					continue
				}
			} else {
				d.value(m[k], ev, join(path, k), join(pos, k))
			}
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		rv.Set(out)
	case reflect.String:
		s, ok := raw.(string)
		if !ok {
			d.errorf(path, pos, "expected a string, found %s", d.kind(raw))
			return
		}
		rv.SetString(s)
	case reflect.Bool:
		b, ok := raw.(bool)
		if !ok {
			d.errorf(path, pos, "expected true or false, found %s%s", d.kind(raw), quotedHint(raw, reflect.Bool))
			return
		}
		rv.SetBool(b)
	case reflect.Int:
		n, ok := raw.(int64)
		if f, isFloat := raw.(float64); isFloat && f == math.Trunc(f) && !math.IsInf(f, 0) {
			if math.Abs(f) > 1e9 {
				d.errorf(path, pos, "%s is out of range%s", d.number(f), d.rangeHint(pos))
				return
			}
			n, ok = int64(f), true
		}
		if !ok {
			hint := quotedHint(raw, reflect.Int)
			if f, isFloat := raw.(float64); isFloat && math.Abs(f) < 1e9 {
				hint = fmt.Sprintf(" (%g: write a whole number, such as %g or %g)", f, math.Floor(f), math.Ceil(f))
			}
			d.errorf(path, pos, "expected an integer, found %s%s", d.kind(raw), hint)
			return
		}
		if n > 1e9 || n < -1e9 {
			d.errorf(path, pos, "%d is out of range%s", n, d.rangeHint(pos))
			return
		}
		rv.SetInt(n)
	case reflect.Float64:
		var f float64
		switch x := raw.(type) {
		case int64:
			f = float64(x)
		case float64:
			f = x
		default:
			d.errorf(path, pos, "expected a number, found %s%s", d.kind(raw), quotedHint(raw, reflect.Float64))
			return
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			d.errorf(path, pos, "must be a finite number")
			return
		}
		if math.Abs(f) > 1e9 {
			d.errorf(path, pos, "%s is out of range%s", d.number(f), d.rangeHint(pos))
			return
		}
		rv.SetFloat(f)
	default:
		d.errorf(path, pos, "internal error: cannot decode into %s", rv.Type())
	}
}

// idsHint returns, for raw a list of ids written where a table of id =
// number goes, the table to write: " (each id with its number: { dprk =
// 1, grayzone = 1 })"; else "".
func idsHint(raw any) string {
	ids, list := raw.([]any)
	if !list || len(ids) == 0 || len(ids) > 8 {
		return ""
	}
	q := make([]string, 0, len(ids))
	for _, id := range ids {
		k, ok := id.(string)
		if !ok || !validID(k) {
			return ""
		}
		q = append(q, k+" = 1")
	}
	return " (each id with its number: { " + strings.Join(q, ", ") + " })"
}

// quotedHint returns, for a string raw written where a value of kind (a
// bool, an int or a float64) is wanted and that reads as one, the hint to
// write it without quotes: turns = "8" is the string "8" to TOML; for a
// bool, "yes", "on" and "no", "off" (any case) read as true and false. It
// returns "" for any other value.
func quotedHint(raw any, kind reflect.Kind) string {
	s, ok := raw.(string)
	if !ok {
		return ""
	}
	s = strings.TrimSpace(s)
	reads, word := false, s
	switch kind {
	case reflect.Bool:
		switch strings.ToLower(s) {
		case "true", "false":
			s, reads = strings.ToLower(s), true
		case "yes", "on", "y":
			s, reads = "true", true
		case "no", "off", "n":
			s, reads = "false", true
		}
	case reflect.Int:
		_, err := strconv.ParseInt(s, 10, 64)
		reads = err == nil
	case reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		reads = err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	if !reads {
		if kind == reflect.Int || kind == reflect.Float64 {
			return " (a number is written in digits, without quotes)"
		}
		return ""
	}
	if kind == reflect.Bool && word != s {
		return " (a boolean is true or false, without quotes: " + s + ")"
	}
	return " (write it without quotes: " + s + ")"
}

// quoteKeyHint returns, for a table v written at the key k of a table of
// key paths (a difficulty level's set), the hint to quote the paths:
// set = { side.rival.bluffs = 0 } is a table side holding a table rival, the
// path "side.rival.bluffs" being meant. It returns "" for any other value.
func quoteKeyHint(k string, v any) string {
	var leaves []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		m, ok := v.(map[string]any)
		if !ok {
			leaves = append(leaves, strconv.Quote(path)+" = "+tomlScalar(v))
			return
		}
		for _, k := range sortedKeys(m) {
			if len(leaves) > 3 {
				return
			}
			walk(path+"."+k, m[k])
		}
	}
	if _, ok := v.(map[string]any); !ok {
		return ""
	}
	walk(k, v)
	switch {
	case len(leaves) == 0:
		return ""
	case len(leaves) == 1:
		return " (quote the key path: " + leaves[0] + ")"
	case len(leaves) > 3:
		leaves = append(leaves[:3], "…")
	}
	return " (quote each key path: " + strings.Join(leaves, ", ") + ")"
}

// tomlScalar writes a decoded number, string or boolean as TOML, and
// anything else as "…".
func tomlScalar(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return shortQuote(x)
	}
	return "…"
}

func (d *decoder) slice(raw any, rv reflect.Value, path, pos string) {
	var items []any
	switch x := raw.(type) {
	case []any:
		items = x
	case []map[string]any:
		items = make([]any, len(x))
		for i := range x {
			items[i] = x[i]
		}
	default:
		if rv.Type().Elem().Kind() == reflect.Struct {
			if child := orphanChild(raw); child != "" {
				h := tomlHeader(pos)
				d.errorf(path, pos, "[[%s.%s]] comes before any [[%s]]: each belongs to the [[%s]] above it", h, child, h, h)
				return
			}
			d.errorf(path, pos, "expected an array of tables ([[%s]]), found %s", tomlHeader(pos), d.kind(raw))
		} else {
			hint := ""
			switch x := raw.(type) {
			case string, int64, float64, bool:
				hint = " (write it in brackets: [" + tomlScalar(raw) + "])"
			case map[string]any:
				// serves = { dprk = 1 }: the ids are the keys.
				if rv.Type().Elem().Kind() == reflect.String && path != "debrief" && len(x) > 0 && len(x) <= 8 {
					q := make([]string, 0, len(x))
					for _, k := range sortedKeys(x) {
						q = append(q, strconv.Quote(k))
					}
					hint = " (a list of ids, in brackets: [" + strings.Join(q, ", ") + "])"
				}
			}
			d.errorf(path, pos, "expected an array, found %s%s", d.kind(raw), hint)
		}
		return
	}
	limit := MaxEntries
	if rv.Type().Elem().Kind() != reflect.Struct {
		limit = 4 * MaxEntries
	}
	if len(items) > limit {
		name := path[strings.LastIndexByte(path, '.')+1:]
		if n, ok := entryNames[name]; ok {
			name = n
		}
		d.errorf(path, pos, "too many %s (%d; at most %d)", name, len(items), limit)
		return
	}
	out := reflect.MakeSlice(rv.Type(), len(items), len(items))
	for i, item := range items {
		ipos := pos + "[" + strconv.Itoa(i) + "]"
		ipath := path + "[" + strconv.Itoa(i) + "]"
		if m, ok := item.(map[string]any); ok {
			if id, ok := m["id"].(string); ok && validID(id) {
				ipath = join(path, id)
			}
		}
		d.value(item, out.Index(i), ipath, ipos)
	}
	rv.Set(out)
}

// orphanChild returns the key of raw if raw is a table made only by a
// [[parent.child]] header with no [[parent]] before it: a table whose one
// key holds an array of tables. It returns "" otherwise.
func orphanChild(raw any) string {
	m, ok := raw.(map[string]any)
	if !ok || len(m) != 1 {
		return ""
	}
	for k, v := range m {
		if _, ok := v.([]map[string]any); ok {
			return k
		}
	}
	return ""
}

// tomlHeader returns the name of the [[header]] that adds an entry to the
// array of tables at the index-based path pos: "inject[2].choice" is written
// [[inject.choice]], below the [[inject]] it belongs to.
func tomlHeader(pos string) string {
	var b strings.Builder
	for i := 0; i < len(pos); i++ {
		if pos[i] == '[' {
			if j := strings.IndexByte(pos[i:], ']'); j > 0 {
				i += j
				continue
			}
		}
		b.WriteByte(pos[i])
	}
	return b.String()
}

// validID reports whether s is a well-formed id: lower-case letters, digits,
// '_' and '-', starting with a letter, at most 64 bytes.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
		case (c >= '0' && c <= '9' || c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// singleTableHeader recognises in pe, an error of the TOML parser in src,
// a [key] header written where [[key]] was meant. Before the [[key]]
// entries, the parser reports "Key 'key' was already created and cannot be
// used as an array" at the first [[key]] that follows, which points away
// from the mistake; after them, "Key 'key' has already been defined". It
// returns src with that header made [[key]], and the error to report at
// the header; or "", nil if pe is not such an error.
func singleTableHeader(file, src string, pe toml.ParseError) (string, *Error) {
	key, ok := strings.CutPrefix(pe.Message, "Key '")
	if !ok {
		return "", nil
	}
	before := true // the [key] comes before the error, at the first [[key]]
	if k, ok := strings.CutSuffix(key, "' was already created and cannot be used as an array."); ok {
		key = k
	} else if k, ok := strings.CutSuffix(key, "' has already been defined."); ok {
		key, before = k, false // the error is at the [key], after a [[key]]
	} else {
		return "", nil
	}
	bom := tomlBOMLen(src)
	data := src[bom:]
	errOff := min(max(pe.Position.Start, 0), len(data))
	end := errOff
	if !before {
		end = len(data) // the error's own line is read too
		if j := strings.IndexByte(data[errOff:], '\n'); j >= 0 {
			end = errOff + j
		}
	}
	at, close, array := -1, -1, false
	unspace := strings.NewReplacer(" ", "", "\t", "")
	for off := 0; off < end; {
		line := data[off:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j+1]
		}
		lead := len(line) - len(strings.TrimLeft(line, " \t"))
		h := line[lead:]
		switch j := strings.IndexByte(h, ']'); {
		case j < 0:
		case strings.HasPrefix(h, "[["):
			array = array || unspace.Replace(h[2:j]) == key
		case strings.HasPrefix(h, "[") && unspace.Replace(h[1:j]) == key:
			if before || off+len(line) > errOff {
				at, close = off+lead, off+lead+j
			}
		}
		off += len(line)
	}
	if at < 0 || !before && !array || !slices.Contains(tomlHeaderOffsets(src), bom+at) {
		return "", nil // not that mistake, or a line of a multi-line string
	}
	msg := "[" + key + "] is a single table; write [[" + key + "]] for each entry"
	e := syntaxError(file, src, toml.ParseError{Message: msg, Position: toml.Position{Start: at, Len: close - at + 1}})
	if e == nil {
		return "", nil
	}
	e.Path = key
	fixed := src[:bom+at] + "[" + src[bom+at:bom+close+1] + "]" + src[bom+close+1:]
	return fixed, e
}

// textKeys reports whether name is the key of a string somewhere in the
// tables of t (a Scenario): the keys a bare word was meant for.
func textKeys(t reflect.Type, name string) bool {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	fields, _ := tomlFields(t)
	for tag, i := range fields {
		ft := t.Field(i).Type
		if tag == name && (ft.Kind() == reflect.String || ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.String) {
			return true
		}
		if ft != t && textKeys(ft, name) {
			return true
		}
	}
	return false
}

// bareValueHint returns what to write for a value the parser cannot read,
// at off in data, with msg its message, or "": a word written without
// quotes (title = Cyber Salvo, when = turn > 3, good = low), a boolean
// in another case or word (True, yes), a number with a percent sign.
func bareValueHint(data string, off int, msg string) string {
	lineStart := strings.LastIndexByte(data[:off], '\n') + 1
	lineEnd := len(data)
	if j := strings.IndexByte(data[off:], '\n'); j >= 0 {
		lineEnd = off + j
	}
	if w, ok := strings.CutPrefix(msg, `expected value but found "`); ok && strings.HasSuffix(w, `" instead`) {
		w = strings.TrimSuffix(w, `" instead`)
		switch strings.ToLower(w) {
		case "true", "false":
			return ": true and false are written in lower case"
		case "yes", "no", "on", "off":
			return ": a boolean is written true or false"
		}
		key := strings.TrimSpace(data[lineStart:off])
		value := strings.TrimSpace(strings.TrimRight(data[off:lineEnd], "\r"))
		if i := strings.Index(value, " #"); i >= 0 {
			value = strings.TrimSpace(value[:i])
		}
		name := strings.TrimSpace(strings.TrimSuffix(key, "="))
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		if !textKeys(reflect.TypeFor[Scenario](), name) {
			return ": a number is written in digits, text in quotes"
		}
		if strings.HasSuffix(key, "=") && value != "" && !strings.ContainsAny(value, `"'`) && utf8.RuneCountInString(value) <= 80 {
			return fmt.Sprintf(": text is written in quotes, conditions too: %s %q", key, value)
		}
		return ": text is written in quotes, conditions too"
	}
	if strings.HasSuffix(msg, "but got '%' instead") && off > lineStart && data[off-1] >= '0' && data[off-1] <= '9' {
		return ": a number has no unit (write it without the %)"
	}
	if r, _ := utf8.DecodeRuneInString(data[off:]); strings.ContainsRune("“”„‟‘’‚«»", r) {
		return ": typographic quotes (as a word processor writes them) are not TOML's; write straight quotes, \"like this\""
	}
	if strings.HasSuffix(msg, "but got ':' instead") {
		return ": a key is joined to its value with =, as in id = \"patrol\""
	}
	if strings.HasSuffix(msg, "but got ',' instead") && off > lineStart && off+1 < len(data) && isDigit(data[off-1]) && isDigit(data[off+1]) {
		return ": a decimal is written with a point (1.5), not a comma"
	}
	return ""
}

// duplicateKeyMessage says what to do about key, a dotted path the TOML
// parser reports as "already defined" at off (a byte offset after any
// byte order mark) in src: a table whose header is written twice, or a
// key written twice in one table, with the line of the first where it is
// on a line of its own. A second id in an entry of an array of tables is
// most often an entry whose [[header]] was left out, and is told so.
func duplicateKeyMessage(src string, off int, key string) string {
	bom := tomlBOMLen(src)
	data := src[bom:]
	lineStart := strings.LastIndexByte(data[:off], '\n') + 1
	// The header of the table the error is in: the last one before the
	// error's line, or the error's line itself.
	header, headerAt, array := "", -1, false
	for _, h := range tomlHeaderOffsets(src) {
		if h-bom > off {
			break
		}
		headerAt = h - bom
	}
	if headerAt >= 0 {
		line := data[headerAt:]
		if j := strings.IndexByte(line, ']'); j >= 0 {
			array = strings.HasPrefix(line, "[[")
			header = strings.NewReplacer(" ", "", "\t", "").Replace(strings.Trim(line[:j], "["))
		}
		if headerAt >= lineStart {
			return fmt.Sprintf("[%s] is written twice: a table has one header; put all its keys under the first", header)
		}
	} else {
		headerAt = 0
	}
	rel := key
	if header != "" {
		rel = strings.TrimPrefix(key, header+".")
	}
	name := rel
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	first := 0
	unspace := strings.NewReplacer(" ", "", "\t", "")
	for at, n := headerAt, strings.Count(data[:headerAt], "\n")+1; at < lineStart; n++ {
		line := data[at:]
		if j := strings.IndexByte(line, '\n'); j >= 0 {
			line = line[:j]
		}
		at += len(line) + 1
		if k, _, ok := strings.Cut(line, "="); ok && unspace.Replace(k) == rel {
			first = n
			break
		}
	}
	where := "in this table"
	if header == "" {
		where = "at the top level"
	}
	msg := rel + " is set twice " + where
	if first > 0 {
		msg = fmt.Sprintf("%s is set twice %s (first on line %d)", rel, where, first)
	}
	if name == "id" && array && rel == "id" {
		return msg + fmt.Sprintf(": each entry begins with its own [[%s]] header; write one above this id for a new entry", header)
	}
	return msg + ": a key is written once; keep the one you mean"
}

// syntaxError reports the TOML parser's error pe in src, with the line and
// column worked out from the byte offset of the error rather than taken
// from the parser, and an excerpt of the lines up to it with a caret under
// the error. The parser's own line is wrong in a file with "\r\n" line
// endings (a string left open is put on the line before, or on line 0 on
// the first line), and its excerpt puts the caret one column too far right
// for each extra byte of a multi-byte character before the error (two for
// each accented letter, more for Hangul), and lets a control character in
// the line through to the terminal. It returns nil if the offset is not
// within src.
func syntaxError(file, src string, pe toml.ParseError) *Error {
	// The parser skips a byte order mark, and counts its offsets after it.
	data := src[tomlBOMLen(src):]
	off, length, msg := pe.Position.Start, pe.Position.Len, pe.Message
	if off < 0 || off > len(data) {
		return nil
	}
	// A multi-line string never closed runs to the end of the file, where
	// the parser reports it. The author must look where it opened: at the
	// last delimiter in the file, since any later one would have closed it.
	for _, q := range []string{`"""`, `'''`} {
		if strings.HasPrefix(msg, "unexpected EOF; expected ") && strings.Contains(msg, q) {
			if j := strings.LastIndex(data, q); j >= 0 {
				off, length = j, len(q)
				msg += ": the multi-line string opened here is never closed"
			}
			break
		}
	}
	// [[inject.choice]] before any [[inject]] makes "inject" a table, and
	// the parser objects only at the [[inject]] that follows: point at
	// the choice's header, which is the mistake.
	if k, ok := strings.CutPrefix(msg, "Key '"); ok && strings.HasSuffix(k, "' was already created and cannot be used as an array.") {
		key := strings.TrimSuffix(k, "' was already created and cannot be used as an array.")
		for j := 0; j < off; {
			line := data[j:]
			if nl := strings.IndexByte(line, '\n'); nl >= 0 {
				line = line[:nl]
			}
			if h := strings.TrimSpace(line); strings.HasPrefix(h, "[["+key+".") {
				sub, _, _ := strings.Cut(strings.TrimPrefix(h, "[["), "]]")
				off, length = j+strings.Index(line, "[["), len(sub)+4
				msg = fmt.Sprintf("[[%s]] comes before any [[%s]]: each belongs to the [[%s]] above it", sub, key, key)
				break
			}
			j += len(line) + 1
		}
	}
	if k, ok := strings.CutPrefix(msg, "Key '"); ok && strings.HasSuffix(k, "' has already been defined.") {
		msg = duplicateKeyMessage(src, off, strings.TrimSuffix(k, "' has already been defined."))
	}
	msg += bareValueHint(data, off, msg)
	if strings.HasPrefix(msg, "invalid UTF-8 byte") {
		// The parser points at the start of the string holding the byte.
		for j := off; j < len(data) && data[j] != '\n'; {
			r, size := utf8.DecodeRuneInString(data[j:])
			if r == utf8.RuneError && size <= 1 {
				off, length = j, 1
				break
			}
			j += size
		}
		msg += ": the file is not UTF-8 (saved as Latin-1 or Windows-1252?); save it as UTF-8"
	}
	if strings.HasPrefix(msg, "TOML files cannot contain control characters") {
		// The parser points at the byte before the control character.
		if off+1 < len(data) && data[off] >= 0x20 && (data[off+1] < 0x20 || data[off+1] == 0x7f) && data[off+1] != '\t' && data[off+1] != '\n' {
			off++
		}
		if off < len(data) && data[off] == '\r' {
			msg += ": a carriage return not followed by a line feed (lines ended by CR alone, as old Mac editors saved them?); save the file with LF or CRLF line ends"
		}
	}
	start := strings.LastIndexByte(data[:off], '\n') + 1
	line := strings.Count(data[:start], "\n") + 1
	end := len(data)
	if j := strings.IndexByte(data[start:], '\n'); j >= 0 {
		end = start + j
	}
	errEnd := min(max(off+length, off+1), end)
	// The parser's span of an unexpected character can begin with the
	// blanks before it ("title = 'x' ;" is marked from the space): point
	// at the character.
	for off < errEnd-1 && (data[off] == ' ' || data[off] == '\t') {
		off++
	}
	col := utf8.RuneCountInString(data[start:off]) + 1 // a column counts characters, as an editor does

	// Beneath the error's line, which says the message and the position:
	// the lines of the file up to the mistake, with a caret under it.
	var b strings.Builder
	lines := strings.Split(data[:end], "\n")
	for i := max(0, len(lines)-3); i < len(lines)-1; i++ {
		text, _ := excerptLine(excerptWindow(lines[i], 0, 0), -1)
		fmt.Fprintf(&b, "% 7d | %s\n", i+1, text)
	}
	// The line in error, cut to a window around the error if it is long:
	// a whole minified file on one line was printed whole, and a caret
	// line as long.
	lo, hi := off-start, errEnd-start
	shown := excerptWindow(data[start:end], lo, hi)
	if ws := excerptStart(data[start:end], lo); ws > 0 {
		// Cut before the error: offsets move to the window's.
		lo, hi = lo-ws+len(excerptCut), hi-ws+len(excerptCut)
	}
	text, before := excerptLine(shown, lo)
	_, upTo := excerptLine(shown, min(hi, len(shown)))
	fmt.Fprintf(&b, "% 7d | %s\n", len(lines), text)
	fmt.Fprintf(&b, "% 10s%s%s\n", "", strings.Repeat(" ", before), strings.Repeat("^", max(1, upTo-before)))
	return &Error{File: file, Line: line, Col: col, Msg: msg, Detail: b.String()}
}

// excerptWidth is about the most bytes of a line an excerpt shows.
const excerptWidth = 120

// excerptCut marks where an excerpt's line was cut.
const excerptCut = "…"

// excerptStart is where in line a window showing byte lo begins: 0 for a
// short line or an error near its start, else a rune boundary some way
// before lo.
func excerptStart(line string, lo int) int {
	if len(line) <= excerptWidth || lo < excerptWidth/2 {
		return 0
	}
	ws := max(min(lo-excerptWidth/2, len(line)-excerptWidth), 0)
	for ws < lo && !utf8.RuneStart(line[ws]) {
		ws++
	}
	return ws
}

// excerptWindow returns line cut to about excerptWidth bytes around bytes
// lo to hi, with excerptCut where it was cut.
func excerptWindow(line string, lo, hi int) string {
	if len(line) <= excerptWidth {
		return line
	}
	ws := excerptStart(line, lo)
	we := max(ws+excerptWidth, min(hi, ws+2*excerptWidth))
	if we >= len(line) {
		we = len(line)
	} else {
		for we > ws && !utf8.RuneStart(line[we]) {
			we--
		}
	}
	out := line[ws:we]
	if ws > 0 {
		out = excerptCut + out
	}
	if we < len(line) {
		out += excerptCut
	}
	return out
}

// tomlBOMLen is the length of the byte order mark the TOML parser skips at
// the start of src (0 if none).
func tomlBOMLen(src string) int {
	switch {
	case strings.HasPrefix(src, tomlUTF8BOM):
		return len(tomlUTF8BOM)
	case strings.HasPrefix(src, "\xff\xfe"), strings.HasPrefix(src, "\xfe\xff"):
		return 2
	}
	return 0
}

// excerptLine returns line as it is shown in an error's excerpt, with tabs
// expanded to stops of 8, a trailing "\r" dropped, control characters and
// bytes that are not UTF-8 shown as "?", and the width on a terminal of its
// first n bytes (East Asian wide characters take two columns).
func excerptLine(line string, n int) (string, int) {
	line = strings.TrimSuffix(line, "\r")
	var b strings.Builder
	col, upTo := 0, -1
	for i, r := range line {
		if i >= n && upTo < 0 {
			upTo = col
		}
		switch {
		case r == '\t':
			w := 8 - col%8
			b.WriteString(strings.Repeat(" ", w))
			col += w
			continue
		case r == utf8.RuneError, unicode.IsControl(r):
			r = '?'
		}
		b.WriteRune(r)
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			col += 2
		default:
			col++
		}
	}
	if upTo < 0 {
		upTo = col
	}
	return b.String(), upTo
}

// excerpt is the part of the TOML parser's ErrorWithPosition that the
// error's own line does not already say: the lines of the file around the
// mistake, with a caret. Its first lines ("toml: error: <message>", "At
// line L, column C:") repeat the message and position above it.
func excerpt(detail string) string {
	lines := strings.Split(detail, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "At line ") && strings.HasSuffix(l, ":") {
			return strings.TrimLeft(strings.Join(lines[i+1:], "\n"), "\n")
		}
	}
	return detail
}

// isDigit reports whether b is an ASCII digit.
func isDigit(b byte) bool { return b >= '0' && b <= '9' }
