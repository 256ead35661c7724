package journal

import (
	"os"
	"testing"
)

// A journal torn by a crash and resumed checks: the resume record makes
// the torn line's warning read anew ("skipped: torn by a crash
// (acknowledged …)" where it read "ignored: torn"), and CheckFile took
// that for damage, so a resumed game's report said the file no longer
// held it.
func TestCheckFileAfterAResumeOfATornJournal(t *testing.T) {
	h, turns := goodTurns(t)
	w, p := createIn(t, h)
	for _, rec := range turns[:2] {
		if err := w.Turn(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"sum":"12ab","rec":{"type":"tu`) // a crash mid-write
	f.Close()
	w, _, warns, err := OpenAppend(p)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if len(warns) == 0 {
		t.Fatal("no warning for the torn line: the test checks nothing")
	}
	if err := w.CheckFile(); err != nil {
		t.Errorf("CheckFile right after the resume: %v", err)
	}
	if err := w.Turn(turns[2]); err != nil {
		t.Fatal(err)
	}
	if err := w.CheckFile(); err != nil {
		t.Errorf("CheckFile a turn after the resume: %v", err)
	}
}
