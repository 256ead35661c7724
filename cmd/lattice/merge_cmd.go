package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"

	"lattice/sim"
	"lattice/sim/batch"
	"lattice/sim/safefile"
)

func init() {
	register(&command{
		name:    "merge",
		args:    "FILE... [--format csv|jsonl|json|table] [--out FILE]",
		summary: "join the row files of batch shards, checking every run is there once",
		help: `Reads the csv or jsonl row files written by 'lattice batch --shard I/N --out FILE',
checks that every run of the batch is present exactly once (using the manifests
written beside the files, when present), and writes the rows in run order —
byte-identical to the rows of the same batch run unsharded — or a summary
computed from them (table or json; the "why" causes need the original run and
are left out).`,
		run: cmdMerge,
		flags: func(fs *flag.FlagSet) {
			fs.String("format", "", "output `form`: csv or jsonl (as the inputs), table or json (a summary)")
			fs.String("out", "", "write to `FILE` atomically")
		},
	})
	register(&command{
		name:    "compare",
		args:    "FILE... [--format table|json]",
		summary: "paired comparison of the arms in batch row files",
		help: `Reads batch rows (csv or jsonl, from lattice batch or merge) and compares every
arm with the first arm of its scenario, replicate by replicate (the same seeds,
hence the same inject and action dice): the success-rate difference with a 95%
interval and McNemar's test, each metric's paired difference with a 95%
interval, Holm's correction across all the tests shown, and in words which
differences are significant.`,
		run: cmdCompare,
		flags: func(fs *flag.FlagSet) {
			fs.String("format", "table", "output `form`: table or json")
		},
	})
}

// readShards reads and merges row files, checking completeness.
func readShards(e *env, files []string) ([]batch.Record, []string, bool, error) {
	var all []batch.Record
	var cols []string
	perTurn := false
	total := 0
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, nil, false, fmt.Errorf("%s: %v", sim.Sanitize(f, false), describeFileError(err))
		}
		recs, c, pt, err := batch.ReadRecords(f, bufio.NewReader(fh))
		fh.Close()
		if err != nil {
			return nil, nil, false, err
		}
		switch {
		case len(recs) == 0 && c == nil:
			// an empty shard (more shards than runs): nothing to join
		case cols == nil:
			cols, perTurn = c, pt
		case fmt.Sprint(c) != fmt.Sprint(cols) || pt != perTurn:
			return nil, nil, false, fmt.Errorf("%s: its columns differ from %s's: not shards of the same batch", f, files[0])
		}
		if m, err := batch.ReadManifest(f); err == nil {
			if total != 0 && m.TotalRuns != total {
				return nil, nil, false, fmt.Errorf("%s: its manifest says the batch has %d runs, another says %d: not shards of the same batch", f, m.TotalRuns, total)
			}
			total = m.TotalRuns
			if !m.Complete {
				return nil, nil, false, fmt.Errorf("%s: its manifest says the shard was interrupted (%d runs written): run that shard again", f, m.RunsInFile)
			}
		}
		all = append(all, recs...)
	}
	merged, err := batch.MergeRecords(all, perTurn, total)
	return merged, cols, perTurn, err
}

func cmdMerge(_ context.Context, e *env, args []string) int {
	c := lookup("merge")
	fs := newFlags(c, e)
	format := fs.String("format", "", "")
	out := fs.String("out", "", "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) == 0 {
		return usageError(e, c, "give the row files of the shards")
	}
	switch *format {
	case "", "csv", "jsonl", "json", "table":
	default:
		return usageError(e, c, "unknown --format %q: csv, jsonl, json or table", *format)
	}
	recs, cols, perTurn, err := readShards(e, pos)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice merge: %s\n", sim.Sanitize(err.Error(), false))
		return exitInvalid
	}
	if *format == "" {
		*format = "csv"
		if len(recs) > 0 && recs[0].Raw != nil {
			*format = "jsonl"
		}
	}
	return writeOut(e, "merge", *out, func(w *bufio.Writer) error {
		switch *format {
		case "csv", "jsonl":
			if *format == "csv" {
				for i := range recs {
					recs[i].Raw = nil
				}
			}
			return batch.WriteRecords(w, *format, recs, cols, perTurn)
		default:
			s := summaryOf(recs, cols, perTurn)
			if *format == "json" {
				w.Write(mustJSON(struct {
					Arms        []batch.ArmResult  `json:"arms"`
					Comparisons []batch.Comparison `json:"comparisons"`
				}{s.Results(0), nonNil(s.Compare())}))
			} else {
				s.WriteTable(w, 0)
			}
			return nil
		}
	})
}

func nonNil(c []batch.Comparison) []batch.Comparison {
	if c == nil {
		return []batch.Comparison{}
	}
	return c
}

// summaryOf builds a summary from records (the last turn of each run when
// rows are per turn).
func summaryOf(recs []batch.Record, cols []string, perTurn bool) *batch.Summary {
	s := batch.NewSummary(cols, nil)
	for i := range recs {
		if perTurn && i+1 < len(recs) && recs[i+1].RunID == recs[i].RunID {
			continue
		}
		s.Add(&recs[i])
	}
	return s
}

func cmdCompare(_ context.Context, e *env, args []string) int {
	c := lookup("compare")
	fs := newFlags(c, e)
	format := fs.String("format", "table", "")
	pos, code := parseFlags(c, fs, e, args)
	if code >= 0 {
		return code
	}
	if len(pos) == 0 {
		return usageError(e, c, "give batch row files (csv or jsonl)")
	}
	if *format != "table" && *format != "json" {
		return usageError(e, c, "unknown --format %q: table or json", *format)
	}
	var all []batch.Record
	var cols []string
	perTurn := false
	for i, f := range pos {
		fh, err := os.Open(f)
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice compare: %s: %s\n", sim.Sanitize(f, false), sim.Sanitize(describeFileError(err), false))
			return exitInvalid
		}
		recs, c2, pt, err := batch.ReadRecords(f, bufio.NewReader(fh))
		fh.Close()
		if err != nil {
			fmt.Fprintf(e.stderr, "lattice compare: %s\n", sim.Sanitize(err.Error(), false))
			return exitInvalid
		}
		if i == 0 {
			cols, perTurn = c2, pt
		}
		all = append(all, recs...)
	}
	s := summaryOf(all, cols, perTurn)
	cs := s.Compare()
	if len(cs) == 0 {
		fmt.Fprintln(e.stderr, "lattice compare: nothing to compare: the rows hold one arm per scenario (run batch with --policies or --set to make several)")
		return exitInvalid
	}
	return writeOut(e, "compare", "", func(w *bufio.Writer) error {
		if *format == "json" {
			w.Write(mustJSON(cs))
			return nil
		}
		s.WriteComparisons(w, cs)
		return nil
	})
}

// writeOut runs write against stdout, or against an atomically written
// file when out is set.
func writeOut(e *env, cmd, out string, write func(w *bufio.Writer) error) int {
	if out == "" {
		w := bufio.NewWriter(e.stdout)
		if err := write(w); err != nil {
			fmt.Fprintf(e.stderr, "lattice %s: %v\n", cmd, err)
			return exitInvalid
		}
		if err := w.Flush(); err != nil {
			fmt.Fprintf(e.stderr, "lattice %s: writing output: %v\n", cmd, err)
			return exitInvalid
		}
		return exitOK
	}
	f, err := safefile.Create(out, 0o644)
	if err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: --out: %v\n", cmd, err)
		return exitInvalid
	}
	defer f.Abort()
	w := bufio.NewWriter(f)
	if err := write(w); err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: %v\n", cmd, err)
		return exitInvalid
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: writing %s: %v\n", cmd, out, err)
		return exitInvalid
	}
	if err := f.Commit(); err != nil {
		fmt.Fprintf(e.stderr, "lattice %s: %v\n", cmd, err)
		return exitInvalid
	}
	return exitOK
}
