package journal

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

// faultFile fails its writes while write is set: half of what it is given
// goes in first if half is set (a full disk), nothing otherwise (a file
// made immutable). Its Truncate fails while trunc is set.
type faultFile struct {
	*os.File
	write, trunc error
	half         bool
}

func (f *faultFile) Write(b []byte) (int, error) {
	if f.write == nil {
		return f.File.Write(b)
	}
	if !f.half {
		return 0, f.write
	}
	n, _ := f.File.Write(b[:len(b)/2])
	return n, f.write
}

func (f *faultFile) Truncate(size int64) error {
	if f.trunc != nil {
		return f.trunc
	}
	return f.File.Truncate(size)
}

// goodTurns returns the header and turn records of testdata/good.jsonl.
func goodTurns(t *testing.T) (Header, []TurnRecord) {
	t.Helper()
	j, _, err := Read(filepath.Join("testdata", "good.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	var turns []TurnRecord
	for _, e := range j.History() {
		if e.Turn != nil {
			turns = append(turns, *e.Turn)
		}
	}
	if len(turns) < 4 {
		t.Fatalf("testdata/good.jsonl has %d turns; these tests need 4", len(turns))
	}
	return j.Header, turns
}

// createIn creates a journal of h in a new folder.
func createIn(t *testing.T, h Header) (*Writer, string) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "g.jsonl")
	w, err := Create(p, h)
	if err != nil {
		t.Fatal(err)
	}
	return w, p
}

// TestKeepFailedCatchesUp: with KeepFailed, the records that could not be
// written are taken all the same, said once each, and written in order
// with the next record once the file takes them again; the journal then
// reads back as the whole game. Without it, one failed turn stopped the
// journal for the rest of the game ("turn 3 cannot follow turn 1") and a
// resume went back to turn 1.
func TestKeepFailedCatchesUp(t *testing.T) {
	for name, ff := range map[string]*faultFile{
		"immutable":               {write: syscall.EPERM},
		"full disk":               {write: syscall.ENOSPC, half: true},
		"full disk, cut too late": {write: syscall.ENOSPC, half: true, trunc: syscall.EIO},
	} {
		t.Run(name, func(t *testing.T) {
			h, turns := goodTurns(t)
			w, p := createIn(t, h)
			defer w.Close()
			var told []Trouble
			w.KeepFailed(func(tr Trouble) { told = append(told, tr) })
			if err := w.Turn(turns[0]); err != nil {
				t.Fatal(err)
			}
			ff.File = w.f.(*os.File)
			w.f = ff
			fault, trunc := ff.write, ff.trunc
			for _, rec := range turns[1:3] {
				if err := w.Turn(rec); err != nil {
					t.Fatalf("turn %d while the file fails: %v, want it kept", rec.Turn, err)
				}
			}
			if w.LastTurn() != 3 || w.Kept() != 2 {
				t.Fatalf("last turn %d, %d kept; want 3 and 2", w.LastTurn(), w.Kept())
			}
			failing := func(err error) bool { return errors.Is(err, fault) || trunc != nil && errors.Is(err, trunc) }
			if err := w.Flush(); !failing(err) {
				t.Fatalf("Flush while the file fails: %v", err)
			}
			if len(told) != 2 || told[0].Kept != 1 || told[1].Kept != 2 || !failing(told[1].Err) {
				t.Fatalf("told %+v; want two failures, of 1 then 2 records kept (a retry is not news)", told)
			}
			if s := told[1].String(); !strings.Contains(s, p) || !strings.Contains(s, "last 2 records") || !strings.Contains(s, "if lattice stops before, they are lost") {
				t.Errorf("the failure says %q", s)
			}
			ff.write = nil
			if trunc != nil {
				// The half line is still in the file: nothing is written
				// until it can be cut off.
				if err := w.Turn(turns[3]); err != nil || w.Kept() != 3 {
					t.Fatalf("turn 4 while the half line cannot be cut: %v, %d kept", err, w.Kept())
				}
				ff.trunc = nil
				if err := w.Flush(); err != nil {
					t.Fatal(err)
				}
			} else if err := w.Turn(turns[3]); err != nil {
				t.Fatal(err)
			}
			if w.Kept() != 0 {
				t.Fatalf("%d records still kept once the file takes them", w.Kept())
			}
			last := told[len(told)-1]
			if last.Err != nil || last.Written != 3 || !strings.Contains(last.String(), "written again") {
				t.Fatalf("the catch-up was told as %+v", last)
			}
			j, warns, err := Read(p)
			if err != nil || len(warns) > 0 {
				t.Fatalf("the journal after the catch-up: %v %v", warns, err)
			}
			if j.LastTurn() != 4 || len(j.Entries) != 4 {
				t.Fatalf("the journal holds %d entries to turn %d; want turns 1 to 4", len(j.Entries), j.LastTurn())
			}
			if _, err := Replay(j, Options{Verify: true}); err != nil {
				t.Fatal(err)
			}
			mem, _ := w.Journal()
			if !reflect.DeepEqual(mem.Entries, j.Entries) || !reflect.DeepEqual(mem.Header, j.Header) {
				t.Error("the Writer's journal is not the file's")
			}
			if err := w.CheckFile(); err != nil {
				t.Errorf("CheckFile on the caught-up journal: %v", err)
			}
		})
	}
}

// TestCloseWritesWhatIsKept: a Writer closed with records kept writes
// them if it can; if not, Close says how many are lost.
func TestCloseWritesWhatIsKept(t *testing.T) {
	h, turns := goodTurns(t)
	for _, recovers := range []bool{true, false} {
		w, p := createIn(t, h)
		w.KeepFailed(nil)
		ff := &faultFile{File: w.f.(*os.File), write: syscall.EPERM}
		w.f = ff
		w.Turn(turns[0])
		w.Turn(turns[1])
		if recovers {
			ff.write = nil
		}
		err := w.Close()
		j, _, rerr := Read(p)
		if rerr != nil {
			t.Fatal(rerr)
		}
		switch {
		case recovers && (err != nil || j.LastTurn() != 2):
			t.Errorf("Close with a file that takes them: %v, the journal to turn %d", err, j.LastTurn())
		case !recovers && (err == nil || !strings.Contains(err.Error(), "last 2 records could not be written") || j.LastTurn() != 0):
			t.Errorf("Close with a file that fails: %v, the journal to turn %d", err, j.LastTurn())
		}
	}
}

// TestWithoutKeepFailedRefuses: a Writer that does not keep what fails
// (lattice run --journal, which stops there) refuses the record, and takes
// the same turn again once the file takes it.
func TestWithoutKeepFailedRefuses(t *testing.T) {
	h, turns := goodTurns(t)
	w, _ := createIn(t, h)
	defer w.Close()
	ff := &faultFile{File: w.f.(*os.File), write: syscall.EPERM}
	w.f = ff
	if err := w.Turn(turns[0]); !errors.Is(err, syscall.EPERM) || w.LastTurn() != 0 {
		t.Fatalf("Turn: %v, last turn %d", err, w.LastTurn())
	}
	ff.write = nil
	if err := w.Turn(turns[0]); err != nil {
		t.Fatal(err)
	}
	if mem, _ := w.Journal(); len(mem.Entries) != 1 {
		t.Fatalf("the Writer's journal holds %d entries, want 1", len(mem.Entries))
	}
}

// TestWriterJournalOutlivesDamage: a line damaged or appended to the file
// by someone else (here a junk record, as an attacker on the host could
// append) makes the file unreadable from there, but the Writer's own
// journal is the game as played, and CheckFile names the line.
func TestWriterJournalOutlivesDamage(t *testing.T) {
	h, turns := goodTurns(t)
	w, p := createIn(t, h)
	defer w.Close()
	w.KeepFailed(nil)
	for _, rec := range turns[:2] {
		if err := w.Turn(rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.CheckFile(); err != nil {
		t.Fatalf("CheckFile on a sound journal: %v", err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"sum":"0000","rec":{"type":"junk"}}` + "\n")
	f.Close()
	for _, rec := range turns[2:4] {
		if err := w.Turn(rec); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := Read(p); err == nil || !strings.Contains(err.Error(), "line 4: damaged record") {
		t.Fatalf("Read of the damaged file: %v", err)
	}
	err = w.CheckFile()
	var je *Error
	if !errors.As(err, &je) || je.Line != 4 || je.Path != p || !strings.Contains(je.Msg, "damaged record") {
		t.Fatalf("CheckFile: %v, want line 4 damaged", err)
	}
	mem, warns := w.Journal()
	if len(warns) > 0 || mem.LastTurn() != 4 {
		t.Fatalf("the Writer's journal: to turn %d, warnings %v", mem.LastTurn(), warns)
	}
	if _, err := Replay(mem, Options{Verify: true}); err != nil {
		t.Fatal(err)
	}
	// A record appended behind its back, well formed, is named too.
	w2, q := createIn(t, h)
	defer w2.Close()
	w2.Turn(turns[0])
	rb, _ := encodeLine(Rollback{Type: TypeRollback, Undo: 1, Reason: "not the White cell's"})
	f, _ = os.OpenFile(q, os.O_WRONLY|os.O_APPEND, 0)
	f.Write(rb)
	f.Close()
	if err := w2.CheckFile(); err == nil || !strings.Contains(err.Error(), "line 3: a record the game did not write") {
		t.Errorf("CheckFile after a record appended: %v", err)
	}
}
