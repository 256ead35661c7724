package journal

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestByteOrderMark: a journal saved again by an editor that adds a
// byte-order mark reads, verifies and continues as before; it was "not a
// lattice journal".
func TestByteOrderMark(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "bom.jsonl")
	if err := os.WriteFile(p, append([]byte("\ufeff"), good...), 0o644); err != nil {
		t.Fatal(err)
	}
	want, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	j, warns, err := Read(p)
	if err != nil || len(warns) > 0 {
		t.Fatalf("read: %v %v", warns, err)
	}
	if len(j.Entries) != len(want.Entries) || j.Header.Scenario != want.Header.Scenario {
		t.Fatalf("read %d entries of %q, want %d of %q", len(j.Entries), j.Header.Scenario, len(want.Entries), want.Header.Scenario)
	}
	res, err := Replay(j, Options{Verify: true})
	if err != nil {
		t.Fatal(err)
	}
	ref, err := Replay(want, Options{Verify: true})
	if err != nil || res.Hash != ref.Hash {
		t.Fatalf("replayed to %s, want %s (%v)", res.Hash, ref.Hash, err)
	}
	w, _, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
}

// TestDamagedTailAndLength: a torn tail is a line or two; dozens of bad
// lines at the end are damage, an error naming the first, not a warning
// for each (30 MB of blank lines after a header took 13 GB and minutes to
// read, printing a warning a line). A file of more lines or bytes than any
// journal is refused as it is read.
func TestDamagedTailAndLength(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.Count(good, []byte("\n"))
	read := func(data []byte) (*Journal, []Warning, error) {
		return parse("j.jsonl", bufio.NewReader(bytes.NewReader(data)), ReadOptions{})
	}
	// Two bad lines at the end: a torn tail, read with warnings.
	j, warns, err := read(append(append([]byte(nil), good...), "\n{\"sum\":\"0"...))
	if err != nil || len(warns) != 2 || len(j.Torn) != 2 {
		t.Fatalf("a torn tail of two lines: %v, %v", warns, err)
	}
	// Forty: an error naming the first.
	_, _, err = read(append(append([]byte(nil), good...), bytes.Repeat([]byte("\n"), 40)...))
	want := fmt.Sprintf("line %d: not a journal record", lines+1)
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), fmt.Sprintf("and at least the %d lines after it are damaged too", maxTorn)) {
		t.Fatalf("forty bad lines at the end: %v, want an error at %q", err, want)
	}
	// More lines than any journal: intact records, each acknowledging no
	// torn line.
	resume, err := encodeLine(Resume{Type: TypeResume, Torn: []int{}})
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { maxLines = n }(maxLines)
	maxLines = lines + 10
	if _, _, err := read(append(append([]byte(nil), good...), bytes.Repeat(resume, 10)...)); err != nil {
		t.Fatalf("%d lines: %v", maxLines, err)
	}
	_, _, err = read(append(append([]byte(nil), good...), bytes.Repeat(resume, 11)...))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d: more than %d lines", maxLines+1, maxLines)) {
		t.Fatalf("%d lines: %v", maxLines+1, err)
	}
	maxLines = MaxLines
	// More bytes than any journal.
	defer func(n int64) { maxSize = n }(maxSize)
	maxSize = int64(len(good) + 2*len(resume))
	if _, _, err := read(append(append([]byte(nil), good...), bytes.Repeat(resume, 2)...)); err != nil {
		t.Fatalf("%d bytes: %v", maxSize, err)
	}
	_, _, err = read(append(append([]byte(nil), good...), bytes.Repeat(resume, 3)...))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d: more than %d bytes", lines+3, maxSize)) {
		t.Fatalf("%d bytes: %v", maxSize+int64(len(resume)), err)
	}
}

// endless is an endless file of one line repeated, counting what is read
// of it.
type endless struct {
	line []byte
	read int64
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], e.line[int(e.read+int64(n))%len(e.line):])
	}
	e.read += int64(n)
	return n, nil
}

// TestStopsEarly: a file that is not a journal is refused at its first
// line, and a journal damaged beyond a torn tail at the first lines past
// it, without reading on: a 500 MB file that was not a journal took 940 MB
// of memory to refuse, /dev/urandom a million lines.
func TestStopsEarly(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	const most = 1 << 20 // a few reads of the buffer at the most
	for name, tc := range map[string]struct {
		head []byte
		line string
		want string
	}{
		"not a journal":          {nil, "a line of text\n", "line 1: not a lattice journal"},
		"damage after a journal": {good, "a line of text\n", fmt.Sprintf("line %d: not a journal record", bytes.Count(good, []byte("\n"))+1)},
	} {
		rest := &endless{line: []byte(tc.line)}
		r := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(tc.head), rest), 64<<10)
		_, _, err := parse("j.jsonl", r, ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", name, err, tc.want)
		}
		if rest.read > most {
			t.Errorf("%s: read %d bytes before refusing it, want at most %d", name, rest.read, most)
		}
	}
}

// TestWriterStopsAtMaxSize: a record that would take a journal over
// MaxSize is refused, so that the journal can still be read.
func TestWriterStopsAtMaxSize(t *testing.T) {
	good, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "g.jsonl")
	w, err := Create(p, good.Header)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int64) { maxSize = n }(maxSize)
	maxSize = st.Size() + 100
	pause := WhiteCell{Turn: 1, Action: ActPause}
	if err := w.WhiteCell(pause); err != nil {
		t.Fatal(err)
	}
	err = w.WhiteCell(pause)
	if err == nil || !strings.Contains(err.Error(), "full: the record would take it over") {
		t.Fatalf("a record past the limit: %v", err)
	}
	if j, _, err := Read(p); err != nil || len(j.Entries) != 1 {
		t.Fatalf("read after the refused record: %v", err)
	}
}

// TestCreateInDirectory: a journal path that is a directory is named as
// one ("already exists" sent people looking for a file).
func TestCreateInDirectory(t *testing.T) {
	good, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Create(dir, good.Header); err == nil || !strings.Contains(err.Error(), "is a directory; give the name of a new file in it") {
		t.Fatalf("Create(dir): %v", err)
	}
	p := filepath.Join(dir, "g.jsonl")
	os.WriteFile(p, nil, 0o644)
	if _, err := Create(p, good.Header); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Create(existing file): %v", err)
	}
}

// TestTypeErrorsInJournalTerms: a value of the wrong type is reported by
// its key, without Go's type names ("cannot unmarshal number 1e30 into Go
// struct field TurnRecord.orders of type int").
func TestTypeErrorsInJournalTerms(t *testing.T) {
	for body, want := range map[string]string{
		`{"type":"turn","turn":1,"orders":{"rok":{"patrol":1e30}},"hash":"0123456789abcdef"}`: "turn record: orders: expected a whole number in range, found number 1e30",
		`{"type":"turn","turn":"1","orders":{},"hash":"0123456789abcdef"}`:                    "turn record: turn: expected a whole number in range, found string",
		`{"type":"turn","turn":1,"orders":[1],"hash":"0123456789abcdef"}`:                     "turn record: orders: expected an object, found array",
	} {
		_, err := decodeEntry([]byte(body))
		if err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "Go ") {
			t.Errorf("%s: %v names Go types", body, err)
		}
	}
}

// failingFile writes half of what it is given, then fails, as a full disk
// does, while fail is set.
type failingFile struct {
	*os.File
	fail bool
}

func (f *failingFile) Write(b []byte) (int, error) {
	if !f.fail {
		return f.File.Write(b)
	}
	n, _ := f.File.Write(b[:len(b)/2])
	return n, syscall.ENOSPC
}

// TestFailedWriteLeavesJournalWhole: a write that fails half-way (a full
// disk) is cut back out of the file, so that the next record (here the
// same rollback, retried) does not run into it: the half line and the
// retried one made one bad line, and a bad line before good ones makes the
// whole journal unreadable.
func TestFailedWriteLeavesJournalWhole(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "g.jsonl")
	if err := os.WriteFile(p, good, 0o644); err != nil {
		t.Fatal(err)
	}
	w, j, _, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	before, last := len(j.Entries), j.LastTurn()
	if last < 2 {
		t.Fatalf("testdata/good.jsonl has %d turns; this test needs 2", last)
	}
	ff := &failingFile{File: w.f.(*os.File), fail: true}
	w.f = ff
	if err := w.Rollback(last, "try"); err == nil || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("the failing write: %v", err)
	}
	ff.fail = false
	if err := w.Rollback(last, "retry"); err != nil {
		t.Fatal(err)
	}
	// A record after it, so that a bad line would sit before a good one.
	if err := w.Rollback(last-1, "again"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	j2, warns, err := Read(p)
	if err != nil || len(warns) > 0 {
		t.Fatalf("the journal after a failed write: %v %v", warns, err)
	}
	var reasons []string
	for _, e := range j2.Entries[before:] {
		if e.Rollback != nil {
			reasons = append(reasons, e.Rollback.Reason)
		}
	}
	if len(j2.Entries) != before+2 || strings.Join(reasons, ",") != "retry,again" {
		t.Fatalf("entries after the failed write: %d rollbacks %v, want retry,again", len(j2.Entries)-before, reasons)
	}
	if got, _ := os.ReadFile(p); !bytes.HasPrefix(got, good) {
		t.Fatal("the journal's earlier lines changed")
	}
}

// TestBadOrdersNamedInOrder: of a turn's negative orders the error names
// the first side and lever in sorted order, every time; it named one at
// random (map order).
func TestBadOrdersNamedInOrder(t *testing.T) {
	body := `{"type":"turn","turn":3,"orders":{"us":{"patrol":-1,"aid":-2},"rok":{"talks":1,"drill":-3,"aid":-4}},"hash":"0123456789abcdef"}`
	const want = "turn record: turn 3: rok puts -4 points on aid"
	for range 20 {
		if _, err := decodeEntry([]byte(body)); err == nil || err.Error() != want {
			t.Fatalf("%v, want %q", err, want)
		}
	}
}

// TestJoinedJournalsSaySo: two journals joined into one file (cat a b > c)
// are refused at the second header, which said only "a journal holds one
// game", not how to get the first back.
func TestJoinedJournalsSaySo(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "joined.jsonl")
	if err := os.WriteFile(p, append(append([]byte{}, good...), good...), 0o644); err != nil {
		t.Fatal(err)
	}
	second := bytes.Count(good, []byte("\n")) + 1
	_, _, err = Read(p)
	want := fmt.Sprintf("line %d: a second header: a journal holds one game (two journals joined into one file? the first game is the lines before this one)", second)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestDivergedSaysWhereAndWhatToDo: a journal whose turn does not replay
// to the state it recorded cannot be played on from (resumed, forked,
// continued); the error said only "turn 2 does not replay to the state the
// journal recorded", with no line, no hashes, nothing to do.
func TestDivergedSaysWhereAndWhatToDo(t *testing.T) {
	path := filepath.Join("testdata", "altered-orders.jsonl")
	j, _, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Replay(j, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Diverged) == 0 {
		t.Fatal("altered-orders.jsonl replays without a divergence")
	}
	tr := res.Turns[1] // turn 2
	want := fmt.Sprintf("%s: line %d: turn 2 does not replay to the state the journal recorded (hash %s, the replay gives %s): the journal was edited, or written by another build of lattice; it cannot be played on from (lattice replay --verify shows it turn by turn)", path, tr.Line, tr.Recorded, tr.Hash)
	if err := res.DivergedError(path); err == nil || err.Error() != want {
		t.Errorf("DivergedError:\n got %v\nwant %s", err, want)
	}
	// A fork after it says the same.
	_, err = CreateForkHandover(filepath.Join(t.TempDir(), "fork.jsonl"), j, 3, nil, nil, "test", time.Now())
	if err == nil || err.Error() != want {
		t.Errorf("fork:\n got %v\nwant %s", err, want)
	}
	good, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := Replay(good, Options{}); err != nil || res.DivergedError("good.jsonl") != nil {
		t.Errorf("good.jsonl: %v %v", err, res.DivergedError("good.jsonl"))
	}
}
