package batch

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rowFiles returns the row files in testdata/rows: well-formed batch output
// and files that must be refused.
func rowFiles(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "rows", "*"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no row files in testdata/rows: %v", err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	return out
}

// TestReadRecordsFiles: the good files read back; each bad one is refused
// with the file and line named.
func TestReadRecordsFiles(t *testing.T) {
	for name, data := range rowFiles(t) {
		recs, _, _, err := ReadRecords(name, bytes.NewReader(data))
		if strings.HasPrefix(name, "good") {
			if err != nil || len(recs) == 0 {
				t.Errorf("%s: %d records, %v", name, len(recs), err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: read %d records, want an error", name, len(recs))
			continue
		}
		if !strings.HasPrefix(err.Error(), name+":") || !strings.Contains(err.Error(), "replicate") {
			t.Errorf("%s: error %q should name the file, the line and the replicate", name, err)
		}
	}
}

// FuzzReadRecords: no row file, however malformed, panics the reader, the
// streaming merge, or anything a parsed file is handed to (merge,
// summaries, comparisons, writing it out again).
func FuzzReadRecords(f *testing.F) {
	for _, data := range rowFiles(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The streaming merge reads the same text; it must not panic on
		// it either, alone or beside itself.
		text := string(data)
		MergeFiles(inputs(text), 0, func(MergeInfo) (func(*Record) error, error) {
			return func(*Record) error { return nil }, nil
		})
		MergeFiles(inputs(text, text), 0, nil)
		recs, cols, perTurn, err := ReadRecords("in", bytes.NewReader(data))
		if err != nil {
			return
		}
		s := NewSummary(cols, nil)
		for i := range recs {
			if len(recs[i].Metrics) > len(cols) {
				t.Fatalf("record %d has %d metrics for %d columns", i, len(recs[i].Metrics), len(cols))
			}
			if !perTurn {
				s.Add(&recs[i])
			}
		}
		s.WriteTable(io.Discard, 3)
		s.WriteComparisons(io.Discard, s.Compare(0))
		if merged, err := MergeRecords(recs, perTurn, len(recs)); err == nil {
			if err := writeRecords(io.Discard, "csv", merged, cols, perTurn); err != nil {
				t.Fatal(err)
			}
		}
	})
}
