package sim

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file holds a small scanner that finds where every key of a TOML
// document is written. The scenario loader decodes a scenario with
// github.com/BurntSushi/toml into a generic map and walks that map itself;
// the decoder does not report key positions, so the loader asks
// scanTOMLPositions for them to put a line and column on each error.
//
// The scanner does not validate anything. It is meant for documents that
// the decoder has already accepted; on invalid input it still terminates,
// never panics, and returns whatever positions it could find.
//
// # Paths
//
// A path names a key the way the loader names it while walking the decoded
// map:
//
//   - Keys are joined with dots: a key c in table [a.b] is "a.b.c".
//   - Elements of an array of tables and of a plain array get a 0-based
//     index in brackets: "lever[0].id", "scorecard.deterrence[1]", and for
//     nested arrays "grid[0][2]".
//   - Quoted key parts are written unquoted, with their escapes decoded:
//     "quoted key" = 1 in [[lever]] is "lever[0].quoted key". A quoted part
//     may itself contain a dot, so paths are ambiguous: the dotted key
//     "a.b".c (two keys, "a.b" and "c") and the dotted key a.b.c (three keys)
//     both have the path "a.b.c". A valid document may even contain both; the
//     path then has a single position, that of the key written last. The
//     loader builds its paths by the same rule, so the ambiguity can only
//     make an error point at another key with the same path, never leave it
//     without a position.
//   - A key whose path would be longer than maxTOMLPathLen bytes is not
//     recorded; lookup then falls back to its nearest recorded ancestor.
//
// # Positions
//
// A position is a 1-based line and a 1-based character column: each
// Unicode character counts one, whatever its bytes in UTF-8 (é is one
// column, not two), and so does a tab; a byte that is not UTF-8 counts one
// too. A byte order mark at the start of the document counts for nothing:
// no editor shows it. Lines are ended by "\n"; a "\r" before it is an
// ordinary character and so never affects a column.
//
//   - A key written in a key/value pair, in the document or inside an inline
//     table, is at the first character of its key, which is the opening quote
//     for a quoted key. Every prefix of a dotted key is at that same position:
//     a.b.c = 1 gives a, a.b and a.b.c one position. A prefix that was already
//     recorded (because an earlier key or header also defined it) keeps its
//     earlier position.
//   - A table header [a.b] or [[a.b]] gives every path it names the position
//     of its first "[". The table it defines, a.b, always takes the header's
//     position, even when an earlier header or dotted key had defined it
//     implicitly; a parent such as a keeps the position it already had. For
//     [[a.b]] the path a.b (the whole array) is at the first such header and
//     a.b[n] (the element) is at the n-th one.
//   - An element of a plain array is at its first character: the "{" of an
//     inline table, the "[" of a nested array, the quote of a string, the
//     first character of a number, date or boolean.
//
// # Cost
//
// The scanner looks at every byte a bounded number of times and keeps no
// recursion (nesting depth is held in an explicit stack), so its time and
// memory are linear in the size of the input. To keep that true for inputs
// built to produce very long paths, the total length of the path strings it
// builds is capped at a fixed multiple of the input size; beyond the cap it
// keeps scanning but records nothing more. Real scenarios stay far below it.

// keyPos is a 1-based line and column in a TOML source. The column counts
// characters (runes), not bytes. The zero value means "no position".
type keyPos struct{ Line, Col int }

// tomlPositions maps the key paths of a TOML document to the position where
// each key is written. The path syntax is described at the top of this file.
type tomlPositions map[string]keyPos

// maxTOMLPathLen is the length in bytes of the longest path that
// scanTOMLPositions records.
const maxTOMLPathLen = 1024

// tomlPathBudgetPerByte and tomlPathBudgetBase bound the total number of
// bytes of path strings that one scan may build: tomlPathBudgetPerByte
// bytes for each byte of input, plus tomlPathBudgetBase bytes. A realistic
// 1 MiB scenario builds about 2 MiB of paths.
const (
	tomlPathBudgetPerByte = 32
	tomlPathBudgetBase    = 1 << 20
)

// tomlUTF8BOM is the UTF-8 encoding of the byte order mark, which a TOML
// document may start with.
const tomlUTF8BOM = "\xef\xbb\xbf"

// scanTOMLPositions scans src (already known to parse as valid TOML) and
// returns the position of every key, every table header, and every element
// of an array, keyed by path. It never panics and always terminates; if src
// is not valid TOML the result may be incomplete or contain keys that the
// decoder would not produce.
func scanTOMLPositions(src string) tomlPositions {
	pos, _ := scanTOMLPositionsAndStrings(src, nil)
	return pos
}

// tomlHeaderOffsets returns the byte offset in src of the "[" of every
// table header, [a] or [[a]], in order: a line of a multi-line string that
// looks like a header is not one.
func tomlHeaderOffsets(src string) []int {
	var offs []int
	s := &tomlScanner{src: src, out: tomlPositions{}, aot: map[string]int{}, budget: tomlPathBudgetBase + tomlPathBudgetPerByte*len(src), line: 1, headers: &offs}
	s.i = tomlBOMLen(src)
	s.bom, s.lineStart = s.i, s.i
	s.document()
	return offs
}

// tomlString is a string value written in a TOML document: its path, the
// position of its opening quote, and its source text, quotes included.
type tomlString struct {
	path string
	at   keyPos
	raw  string
}

// scanTOMLPositionsAndStrings is scanTOMLPositions that also returns the
// string values whose paths keep accepts (none if keep is nil), in the
// order they are written.
func scanTOMLPositionsAndStrings(src string, keep func(path string) bool) (tomlPositions, []tomlString) {
	pos, strs, _ := scanTOMLDocument(src, keep)
	return pos, strs
}

// scanTOMLDocument is scanTOMLPositionsAndStrings that also returns the
// first dotted key that adds to a key given a value before, if any (see
// tomlScanner.extended).
func scanTOMLDocument(src string, keep func(path string) bool) (tomlPositions, []tomlString, *tomlExtension) {
	s := &tomlScanner{
		keep:   keep,
		src:    src,
		out:    make(tomlPositions, tomlSizeHint(src)),
		aot:    make(map[string]int),
		budget: tomlPathBudgetBase + tomlPathBudgetPerByte*len(src),
		line:   1,
	}
	switch {
	case strings.HasPrefix(src, tomlUTF8BOM):
		s.i = len(tomlUTF8BOM)
	case strings.HasPrefix(src, "\xff\xfe"), strings.HasPrefix(src, "\xfe\xff"):
		// A UTF-16 byte order mark in front of UTF-8 text is not valid
		// TOML, but the decoder skips it, and so do we.
		s.i = 2
	}
	// Columns on line 1 count from after a byte order mark, which no
	// editor shows, as the TOML parser's do for syntax errors.
	s.bom, s.lineStart = s.i, s.i
	s.document()
	return s.out, s.strs, s.extended
}

// tomlSizeHint estimates the number of positions that scanTOMLPositions
// will record for src, so that the map can be allocated once: growing a
// large map step by step costs several times more than filling it. Keys
// are followed by "=" and array elements by ",", so their counts are a good
// estimate for most documents. The estimate is capped at one entry per 8
// bytes so that an input full of "=" or "," in strings or comments does
// not allocate far more than the scan needs.
func tomlSizeHint(src string) int {
	n := strings.Count(src, "=") + strings.Count(src, ",")
	return min(n, len(src)/8)
}

// lookup returns the position of path or, if path has none, of its nearest
// ancestor that has one, found by removing trailing ".key" and "[n]"
// segments one at a time. It returns the zero keyPos if no ancestor has a
// position. Because a quoted key may contain "." or "[", the segments it
// removes are found textually and may not match how the key was written;
// the result is then a position of some enclosing key, which is still
// close to the right place.
func (p tomlPositions) lookup(path string) keyPos {
	for {
		if pos, ok := p[path]; ok {
			return pos
		}
		cut := strings.LastIndexAny(path, ".[")
		if cut <= 0 {
			return keyPos{}
		}
		path = path[:cut]
	}
}

// tomlPath is a path under construction. The zero value is not meaningful;
// the document root is tomlPath{root: true}.
type tomlPath struct {
	// s is the path text. It is empty for the root, and may also be empty
	// for a key written as "" directly in the root table.
	s string
	// root is set only for the document root, whose children are named
	// without a leading dot.
	root bool
	// skip is set when the path is too long, or the scan ran out of path
	// budget, so that neither it nor anything below it is recorded.
	skip bool
}

// tomlFrame is one open array or inline table in tomlScanner.value.
type tomlFrame struct {
	// path is the path of the array or inline table itself.
	path tomlPath
	// inline is true for an inline table and false for an array.
	inline bool
	// n is the number of elements of an array seen so far.
	n int
}

// tomlScanner holds the state of one scanTOMLPositions call.
type tomlScanner struct {
	// src is the document and i the offset of the next byte to look at.
	src string
	i   int
	// out receives the positions found.
	out tomlPositions
	// aot maps the path of each array of tables defined by a [[header]]
	// to the number of elements it has so far.
	aot map[string]int
	// budget is the number of bytes of path strings that may still be
	// built; see tomlPathBudgetPerByte.
	budget int
	// stack holds the open arrays and inline tables of the value being
	// scanned; it is kept here so that its storage is reused.
	stack []tomlFrame
	// segs holds the parts of the key last read by key; it is kept here so
	// that its storage is reused.
	segs []string
	// lineOff, line, lineStart and lineRunes cache the result of the last
	// call to posAt: all bytes before lineOff have been counted, line is
	// the line that holds lineOff, lineStart is the offset where that line
	// starts, and lineRunes the number of characters from lineStart to
	// lineOff.
	lineOff, line, lineStart, lineRunes int
	// bom is the length of the byte order mark the document starts with,
	// if any: line 1 starts after it.
	bom int
	// keep selects the string values to record in strs.
	keep func(path string) bool
	strs []tomlString
	// headers, if not nil, receives the offset of each table header.
	headers *[]int
	// assigned holds the paths given a value by "key = value" (nil until
	// the first), and extended the first dotted key that adds to one of
	// them (a = [0] then a.b = 1, or a = {x = 1} then a.b = 1): TOML
	// forbids it, but the decoder takes it silently, replacing the array
	// or merging into the inline table. dotted holds the paths a dotted
	// key made tables (a in a.b = 1), and extended is also the first
	// "key = value" that gives one of them a whole value afterwards
	// (a.b = 1 then a = [] or a = 2): the decoder takes that silently too,
	// keeping one of the two and dropping the other.
	assigned, dotted map[string]bool
	extended         *tomlExtension
}

// tomlExtension is a dotted key that adds to a key given a value before,
// or (replaces) a key given a whole value after a dotted key made it a
// table.
type tomlExtension struct {
	key      string // the key given a value, as a path
	at       keyPos // the later of the two: the dotted key, or the whole value
	first    keyPos // the earlier: the key's first assignment, or the dotted key
	replaces bool   // the whole value came second
}

// document scans the whole document: blank lines, comments, table headers
// and key/value pairs. After each header or pair it skips the rest of the
// line, so that a line it does not understand costs at most that line.
func (s *tomlScanner) document() {
	table := tomlPath{root: true}
	for s.i < len(s.src) {
		start := s.i
		s.skipBlank()
		if s.i >= len(s.src) {
			return
		}
		if s.src[s.i] == '[' {
			s.header(&table)
		} else {
			s.keyValue(table)
		}
		// Skip the rest of the line: spaces and a comment in a valid
		// document, anything at all in an invalid one.
		s.skipToNewline()
		if s.i == start {
			// Cannot happen, since skipToNewline only stops at a newline,
			// which skipBlank would have consumed; kept as a guarantee
			// that the loop always makes progress.
			s.i++
		}
	}
}

// header scans a table header [a.b] or an array-of-tables header [[a.b]]
// starting at the "[" at s.i, records its paths, and sets *table to the
// path of the table that the following key/value pairs belong to. An
// incomplete header leaves *table unchanged.
func (s *tomlScanner) header(table *tomlPath) {
	start := s.i
	if s.headers != nil {
		*s.headers = append(*s.headers, start)
	}
	s.i++
	array := s.i < len(s.src) && s.src[s.i] == '['
	if array {
		s.i++
	}
	segs, _, ok := s.key()
	if !ok {
		return
	}
	s.skipSpace()
	if !s.consume(']') || (array && !s.consume(']')) {
		return
	}
	p := tomlPath{root: true}
	for j, seg := range segs {
		p = s.child(p, seg)
		last := j == len(segs)-1
		switch {
		case last && array:
			s.set(p, start, false)
			if p.skip {
				break
			}
			n := s.aot[p.s]
			s.aot[p.s] = n + 1
			p = s.index(p, n)
			s.set(p, start, true)
		case last:
			s.set(p, start, true)
		default:
			s.set(p, start, false)
			if n := s.aot[p.s]; n > 0 && !p.skip {
				// A parent that is an array of tables means its
				// last element, as in the TOML specification.
				p = s.index(p, n-1)
				s.set(p, start, false)
			}
		}
	}
	*table = p
}

// keyValue scans a key/value pair at s.i in the table table and records the
// key and everything inside the value.
func (s *tomlScanner) keyValue(table tomlPath) {
	p, ok := s.assignment(table)
	if ok {
		s.value(p)
	}
}

// assignment scans a possibly dotted key at s.i, the "=" after it and the
// spaces after that, records the key's paths below table, and returns the
// path of the value. It reports false if there is no key or no "=".
func (s *tomlScanner) assignment(table tomlPath) (tomlPath, bool) {
	segs, start, ok := s.key()
	if !ok {
		return tomlPath{}, false
	}
	s.skipSpace()
	if !s.consume('=') {
		return tomlPath{}, false
	}
	s.skipSpace()
	p := table
	for j, seg := range segs {
		p = s.child(p, seg)
		last := j == len(segs)-1
		if s.extended == nil && !p.skip {
			switch {
			case !last && s.assigned[p.s]:
				s.extended = &tomlExtension{key: p.s, at: s.posAt(start), first: s.out[p.s]}
			case last && s.dotted[p.s]:
				s.extended = &tomlExtension{key: p.s, at: s.posAt(start), first: s.out[p.s], replaces: true}
			}
		}
		if !last && !p.skip && !p.root {
			if s.dotted == nil {
				s.dotted = map[string]bool{}
			}
			s.dotted[p.s] = true
		}
		s.set(p, start, last)
	}
	if !p.skip && !p.root {
		if s.assigned == nil {
			s.assigned = map[string]bool{}
		}
		s.assigned[p.s] = true
	}
	return p, true
}

// value scans the value at s.i, whose path is p, and records the positions
// of the elements of arrays and the keys of inline tables inside it, to any
// depth. It stops right after the value, or where the value stops making
// sense.
func (s *tomlScanner) value(p tomlPath) {
	const (
		wantValue  = iota // a value starts at s.i (after any spaces)
		afterValue        // a value has just ended
		wantItem          // an array element, an inline key or a closing bracket is next
	)
	s.stack = s.stack[:0]
	state := wantValue
	for {
		switch state {
		case wantValue:
			if s.i >= len(s.src) {
				return
			}
			switch s.src[s.i] {
			case '[':
				s.stack = append(s.stack, tomlFrame{path: p})
				s.i++
				state = wantItem
			case '{':
				s.stack = append(s.stack, tomlFrame{path: p, inline: true})
				s.i++
				state = wantItem
			case '"', '\'':
				start := s.i
				if !s.skipString() {
					return
				}
				if s.keep != nil && !p.skip && !p.root && s.keep(p.s) {
					s.strs = append(s.strs, tomlString{path: p.s, at: s.posAt(start), raw: s.src[start:s.i]})
				}
				state = afterValue
			default:
				if !s.skipScalar() {
					return
				}
				state = afterValue
			}
		case afterValue:
			if len(s.stack) == 0 {
				return
			}
			s.skipBlank()
			if s.i >= len(s.src) {
				return
			}
			top := &s.stack[len(s.stack)-1]
			switch c := s.src[s.i]; {
			case c == ',':
				s.i++
				state = wantItem
			case s.closes(c, top):
				s.i++
				s.stack = s.stack[:len(s.stack)-1]
			default:
				return
			}
		case wantItem:
			s.skipBlank()
			if s.i >= len(s.src) {
				return
			}
			top := &s.stack[len(s.stack)-1]
			switch {
			case s.closes(s.src[s.i], top):
				// An empty container, or a trailing comma.
				s.i++
				s.stack = s.stack[:len(s.stack)-1]
				state = afterValue
			case top.inline:
				var ok bool
				if p, ok = s.assignment(top.path); !ok {
					return
				}
				state = wantValue
			default:
				p = s.index(top.path, top.n)
				top.n++
				s.set(p, s.i, true)
				state = wantValue
			}
		}
	}
}

// closes reports whether c is the bracket that closes the container f.
func (s *tomlScanner) closes(c byte, f *tomlFrame) bool {
	if f.inline {
		return c == '}'
	}
	return c == ']'
}

// key scans a possibly dotted key such as a, "a b".c or a . 'b' . c,
// starting after any spaces at s.i, and returns its parts, each unquoted
// and with escapes decoded, and the offset of its first character. It
// reports false if no key starts there. The returned slice is reused by the
// next call.
func (s *tomlScanner) key() (segs []string, start int, ok bool) {
	s.skipSpace()
	start = s.i
	s.segs = s.segs[:0]
	for {
		seg, ok := s.simpleKey()
		if !ok {
			return nil, start, false
		}
		s.segs = append(s.segs, seg)
		s.skipSpace()
		if !s.consume('.') {
			return s.segs, start, true
		}
		s.skipSpace()
	}
}

// simpleKey scans one bare, basic-string or literal-string key at s.i and
// returns it unquoted and with escapes decoded. It reports false if no such
// key starts at s.i or its string does not end on the same line.
func (s *tomlScanner) simpleKey() (string, bool) {
	if s.i >= len(s.src) {
		return "", false
	}
	switch s.src[s.i] {
	case '"':
		start := s.i + 1
		for j := start; j < len(s.src); j++ {
			switch s.src[j] {
			case '\\':
				j++
			case '\n':
				s.i = j
				return "", false
			case '"':
				s.i = j + 1
				return unescapeTOML(s.src[start:j]), true
			}
		}
		s.i = len(s.src)
		return "", false
	case '\'':
		start := s.i + 1
		j := strings.IndexAny(s.src[start:], "'\n")
		if j < 0 {
			s.i = len(s.src)
			return "", false
		}
		if s.src[start+j] == '\n' {
			s.i = start + j
			return "", false
		}
		s.i = start + j + 1
		return s.src[start : start+j], true
	default:
		j := s.i
		for j < len(s.src) && isTOMLBareKeyByte(s.src[j]) {
			j++
		}
		if j == s.i {
			return "", false
		}
		seg := s.src[s.i:j]
		s.i = j
		return seg, true
	}
}

// skipString skips the basic, literal, multi-line basic or multi-line
// literal string that starts with the quote at s.i. It reports false if the
// string does not end (a single-line string must end before its line
// does); s.i is then at that newline or at the end of the input.
func (s *tomlScanner) skipString() bool {
	src := s.src
	switch {
	case strings.HasPrefix(src[s.i:], `"""`):
		for j := s.i + 3; j < len(src); j++ {
			switch src[j] {
			case '\\':
				// Skips the escaped byte, which may be a quote or the
				// newline of a line-ending backslash.
				j++
			case '"':
				if strings.HasPrefix(src[j:], `"""`) {
					s.i = skipTOMLExtraQuotes(src, j+3, '"')
					return true
				}
			}
		}
		s.i = len(src)
		return false
	case strings.HasPrefix(src[s.i:], "'''"):
		k := strings.Index(src[s.i+3:], "'''")
		if k < 0 {
			s.i = len(src)
			return false
		}
		s.i = skipTOMLExtraQuotes(src, s.i+3+k+3, '\'')
		return true
	case src[s.i] == '"':
		for j := s.i + 1; j < len(src); j++ {
			switch src[j] {
			case '\\':
				j++
			case '\n':
				s.i = j
				return false
			case '"':
				s.i = j + 1
				return true
			}
		}
		s.i = len(src)
		return false
	default:
		start := s.i + 1
		j := strings.IndexAny(src[start:], "'\n")
		switch {
		case j < 0:
			s.i = len(src)
			return false
		case src[start+j] == '\n':
			s.i = start + j
			return false
		}
		s.i = start + j + 1
		return true
	}
}

// skipTOMLExtraQuotes returns the offset after up to two more quote bytes q at
// src[j:]. A multi-line string may end with one or two quotes right before
// its closing delimiter, as in """say "hi"""", and the scan for the
// delimiter finds the first three of those quotes.
func skipTOMLExtraQuotes(src string, j int, q byte) int {
	for k := 0; k < 2 && j < len(src) && src[j] == q; k++ {
		j++
	}
	return j
}

// skipScalar skips the number, boolean, date, time or date-time at s.i
// without checking its syntax. It reports false if no such value starts at
// s.i.
func (s *tomlScanner) skipScalar() bool {
	start := s.i
	s.i = scanTOMLScalar(s.src, s.i)
	if s.i == start {
		return false
	}
	// A date may be followed by a space and a time, as in
	// 1979-05-27 07:32:00; that is one value.
	if isTOMLDate(s.src[start:s.i]) && s.i+1 < len(s.src) && s.src[s.i] == ' ' && isTOMLDigit(s.src[s.i+1]) {
		s.i = scanTOMLScalar(s.src, s.i+1)
	}
	return true
}

// scanTOMLScalar returns the offset of the first byte at or after i in src that
// cannot be part of a number, boolean, date or time.
func scanTOMLScalar(src string, i int) int {
	for i < len(src) {
		c := src[i]
		if !(isTOMLBareKeyByte(c) || c == '+' || c == '.' || c == ':') {
			break
		}
		i++
	}
	return i
}

// isTOMLDate reports whether v has the form of a local date, YYYY-MM-DD.
func isTOMLDate(v string) bool {
	if len(v) != 10 || v[4] != '-' || v[7] != '-' {
		return false
	}
	for k := 0; k < len(v); k++ {
		if k != 4 && k != 7 && !isTOMLDigit(v[k]) {
			return false
		}
	}
	return true
}

// isTOMLDigit reports whether c is an ASCII decimal digit.
func isTOMLDigit(c byte) bool { return c >= '0' && c <= '9' }

// isTOMLBareKeyByte reports whether c may appear in a bare key: an ASCII letter
// or digit, "_" or "-".
func isTOMLBareKeyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isTOMLDigit(c) || c == '_' || c == '-'
}

// unescapeTOML decodes the escapes of the body of a basic string (\b, \t,
// \n, \f, \r, \e, \", \\, \xHH, \uHHHH and \UHHHHHHHH). An invalid escape
// is kept as written.
func unescapeTOML(raw string) string {
	if strings.IndexByte(raw, '\\') < 0 {
		return raw
	}
	b := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c != '\\' || i+1 >= len(raw) {
			b = append(b, c)
			continue
		}
		i++
		switch e := raw[i]; e {
		case 'b':
			b = append(b, '\b')
		case 't':
			b = append(b, '\t')
		case 'n':
			b = append(b, '\n')
		case 'f':
			b = append(b, '\f')
		case 'r':
			b = append(b, '\r')
		case 'e':
			b = append(b, 0x1b)
		case '"', '\\':
			b = append(b, e)
		case 'x', 'u', 'U':
			n := 2
			switch e {
			case 'u':
				n = 4
			case 'U':
				n = 8
			}
			if i+1+n <= len(raw) {
				if v, err := strconv.ParseUint(raw[i+1:i+1+n], 16, 32); err == nil {
					b = utf8.AppendRune(b, rune(v))
					i += n
					continue
				}
			}
			b = append(b, '\\', e)
		default:
			b = append(b, '\\', e)
		}
	}
	return string(b)
}

// skipSpace skips spaces and tabs.
func (s *tomlScanner) skipSpace() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// skipBlank skips spaces, tabs, carriage returns, newlines and comments.
func (s *tomlScanner) skipBlank() {
	for s.i < len(s.src) {
		switch s.src[s.i] {
		case ' ', '\t', '\r', '\n':
			s.i++
		case '#':
			s.skipToNewline()
		default:
			return
		}
	}
}

// skipToNewline moves s.i to the next newline, or to the end of the input
// if there is none.
func (s *tomlScanner) skipToNewline() {
	if j := strings.IndexByte(s.src[s.i:], '\n'); j >= 0 {
		s.i += j
	} else {
		s.i = len(s.src)
	}
}

// consume skips the byte c if it is at s.i and reports whether it did.
func (s *tomlScanner) consume(c byte) bool {
	if s.i < len(s.src) && s.src[s.i] == c {
		s.i++
		return true
	}
	return false
}

// child returns the path of the key seg in the table p, charging its length
// to the path budget.
func (s *tomlScanner) child(p tomlPath, seg string) tomlPath {
	if p.skip {
		return p
	}
	if p.root {
		if !s.charge(len(seg)) {
			return tomlPath{skip: true}
		}
		return tomlPath{s: seg}
	}
	if !s.charge(len(p.s) + 1 + len(seg)) {
		return tomlPath{skip: true}
	}
	return tomlPath{s: p.s + "." + seg}
}

// index returns the path of element n of the array p, charging its length
// to the path budget.
func (s *tomlScanner) index(p tomlPath, n int) tomlPath {
	if p.skip || p.root {
		return tomlPath{skip: true}
	}
	suffix := "[" + strconv.Itoa(n) + "]"
	if !s.charge(len(p.s) + len(suffix)) {
		return tomlPath{skip: true}
	}
	return tomlPath{s: p.s + suffix}
}

// charge reports whether a path of n bytes may be built, and if so takes
// n bytes from the path budget.
func (s *tomlScanner) charge(n int) bool {
	if n > maxTOMLPathLen || n > s.budget {
		return false
	}
	s.budget -= n
	return true
}

// set records off as the position of p. If overwrite is false, a position
// already recorded for p is kept.
func (s *tomlScanner) set(p tomlPath, off int, overwrite bool) {
	if p.skip || p.root {
		return
	}
	if !overwrite {
		if _, ok := s.out[p.s]; ok {
			return
		}
	}
	s.out[p.s] = s.posAt(off)
}

// posAt returns the line and column of the byte offset off. Successive
// calls with growing offsets cost time proportional to the distance between
// them; a call with a smaller offset than the previous one starts counting
// again from the beginning (the scanner never makes one).
func (s *tomlScanner) posAt(off int) keyPos {
	off = min(max(off, 0), len(s.src))
	if off < s.lineOff {
		s.lineOff, s.line, s.lineStart, s.lineRunes = 0, 1, s.bom, 0
	}
	for {
		j := strings.IndexByte(s.src[s.lineOff:off], '\n')
		if j < 0 {
			break
		}
		s.line++
		s.lineStart = s.lineOff + j + 1
		s.lineOff, s.lineRunes = s.lineStart, 0
	}
	if from := max(s.lineOff, s.lineStart); off > from {
		s.lineRunes += utf8.RuneCountInString(s.src[from:off])
	}
	s.lineOff = max(off, s.lineOff)
	return keyPos{Line: s.line, Col: s.lineRunes + 1}
}

// plainTOMLString returns the text of the string literal raw (quotes
// included) and the position of its first character given at, the
// position of its opening quote, when that text is raw's own bytes: a
// literal string, or a basic one without escapes. It reports false for a
// string with escapes, whose text differs from what is written. (The
// newline that may follow the opening delimiter of a multi-line string is
// not part of its text; a "\r" before any other newline is.)
func plainTOMLString(raw string, at keyPos) (string, keyPos, bool) {
	q := 1
	if strings.HasPrefix(raw, `"""`) || strings.HasPrefix(raw, "'''") {
		q = 3
	}
	if len(raw) < 2*q || raw[0] == '"' && strings.IndexByte(raw, '\\') >= 0 {
		return "", keyPos{}, false
	}
	// Up to two quotes before the closing delimiter belong to the text.
	body := raw[q : len(raw)-q]
	at.Col += q
	if q == 3 {
		if t, ok := strings.CutPrefix(body, "\n"); ok {
			body, at = t, keyPos{Line: at.Line + 1, Col: 1}
		} else if t, ok := strings.CutPrefix(body, "\r\n"); ok {
			body, at = t, keyPos{Line: at.Line + 1, Col: 1}
		}
	}
	return body, at, true
}

// isConditionPath reports whether the index-based path names a condition:
// a when, requires or objective_when.
func isConditionPath(path string) bool {
	switch path[strings.LastIndexByte(path, '.')+1:] {
	case "when", "requires", "objective_when":
		return true
	}
	return false
}

// conditionKey is the key under which Parse records, among the positions
// of keys, where the text of the condition at path begins when that text
// is written as it reads (no escapes): path, a NUL, then the text. Holding
// the text, the key finds no position for a condition changed since (by
// --set or a difficulty level), whose errors cannot be placed in the file.
func conditionKey(path, text string) string { return path + "\x00" + text }

// maxTOMLDepth is the deepest key a scenario file may write: the parts of
// its table header and dotted keys plus the inline tables and arrays it
// sits in. A scenario needs four or five; the TOML decoder takes time
// quadratic in the depth (a 200 kB file of nested inline tables or one
// dotted key of 100,000 parts took minutes), so deeper files are refused
// before it sees them.
const maxTOMLDepth = 32

// tomlTooDeep returns the byte offset in src at which it first writes a
// key deeper than max (see maxTOMLDepth), or -1. It over-counts rather than under-counts
// (an empty inline table or array counts as a level), skips strings and
// comments, and needs no valid TOML: it is linear and never panics.
func tomlTooDeep(src string, max int) int {
	type level struct {
		table bool // an inline table (keys), else an array (values)
		parts int  // key parts counted at this level
	}
	stack := []level{{table: true}}
	depth := 0      // the sum of parts over the stack
	base := 0       // the parts of the last table header
	key := true     // reading a key, not a value
	header := false // reading a table header
	fresh := true   // at the top level, no key begun on this line yet
	startKey := func() {
		top := &stack[len(stack)-1]
		depth -= top.parts
		top.parts = 1
		if len(stack) == 1 {
			top.parts, fresh = base, true // the key's first part is counted where it begins
		}
		depth += top.parts
		key = true
	}
	startKey()
	for i := 0; i < len(src); i++ {
		at, c := i, src[i]
		if fresh && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '#' && c != '[' {
			fresh = false
			stack[0].parts++
			depth++
		}
		switch {
		case c == '\n':
			if len(stack) == 1 {
				header = false
				startKey()
			}
		case c == '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			q := src[i : i+1]
			if strings.HasPrefix(src[i:], q+q+q) {
				end := strings.Index(src[i+3:], q+q+q)
				if c == '"' {
					end = -1
					for j := i + 3; j+2 < len(src); j++ {
						if src[j] == '\\' {
							j++
						} else if src[j:j+3] == `"""` {
							end = j - (i + 3)
							break
						}
					}
				}
				if end < 0 {
					return -1 // unterminated: the decoder says so
				}
				i += 3 + end + 2
				for k := 0; k < 2 && i+1 < len(src) && src[i+1] == c; k++ {
					i++ // a closing delimiter may have up to two more quotes
				}
				continue
			}
			j := i + 1
			for ; j < len(src) && src[j] != c && src[j] != '\n'; j++ {
				if c == '"' && src[j] == '\\' {
					j++
				}
			}
			i = min(j, len(src)-1)
			if i < len(src) && src[i] == '\n' {
				i-- // an unterminated string ends at its line, counted above
			}
		case key && c == '.':
			stack[len(stack)-1].parts++
			depth++
		case key && c == '[' && len(stack) == 1 && !header:
			header, fresh = true, false
			base = 0
			stack[0].parts, depth = 1, 1
		case key && c == ']' && header:
			header = false
			base = stack[0].parts
		case key && c == '=':
			key = false
		case !key && (c == '{' || c == '['):
			stack = append(stack, level{table: c == '{', parts: 1})
			depth++
			key = c == '{'
		case (c == '}' || c == ']') && len(stack) > 1 && !header:
			depth -= stack[len(stack)-1].parts
			stack = stack[:len(stack)-1]
			key = false
		case c == ',' && len(stack) > 1 && stack[len(stack)-1].table:
			startKey()
		}
		if depth > max {
			return at
		}
	}
	return -1
}
