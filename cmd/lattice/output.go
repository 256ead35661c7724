package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"lattice/sim/safefile"
)

// exitBrokenPipe is the status when stdout is a pipe whose reader has gone
// ("lattice keys tutorial | head -1"): 128+SIGPIPE, what a shell reports
// for a process the signal ended. Normally the Go runtime ends lattice with
// SIGPIPE itself on such a write (as it does cat); this status is for a
// lattice started with SIGPIPE ignored, which sees the write fail instead.
// Either way nothing is said on stderr: the reader wanted no more.
const exitBrokenPipe = 141

// outWriter is stdout as the commands see it: it remembers the first write
// error, so that runMain can fail a command whose output was lost even if
// the command did not look (a deferred Flush, an unchecked Fprintf), and
// after an error it writes nothing more.
type outWriter struct {
	w        io.Writer
	err      error
	reported bool // writeFailed said err
}

func (o *outWriter) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	if err != nil {
		o.err = err
	}
	return n, err
}

// stdoutFile is the *os.File beneath w, if there is one (for terminal
// checks).
func stdoutFile(w io.Writer) (*os.File, bool) {
	if o, ok := w.(*outWriter); ok {
		w = o.w
	}
	f, ok := w.(*os.File)
	return f, ok
}

// isBrokenPipe reports whether err is a write to a pipe nobody reads.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}

// writeFailed reports a failed write of the command's output and returns
// its exit status: quietly exitBrokenPipe for a closed pipe, else
// "lattice CMD: writing output: ..." and exitInvalid.
func writeFailed(e *env, err error) int {
	if isBrokenPipe(err) {
		return exitBrokenPipe
	}
	fmt.Fprintf(e.stderr, "%s: writing output: %v\n", e.name(), err)
	if o, ok := e.stdout.(*outWriter); ok && o.err != nil {
		o.reported = true
	}
	return exitInvalid
}

// checkOutput returns the status of a command that returned code and wrote
// through out: a write error the command did not report itself fails it.
func checkOutput(e *env, out *outWriter, code int) int {
	if out.err == nil || code == exitInterrupted || code == exitUsage {
		return code
	}
	if isBrokenPipe(out.err) {
		return exitBrokenPipe
	}
	if code == exitOK || code == exitInvalid && !out.reported {
		// A failure whose report went to the failed stdout (validate
		// --play >/dev/full: exit 1 and not a word) is told on stderr.
		return writeFailed(e, out.err)
	}
	return code
}

// missingDirError is the error of making path (what: "write", "create
// journal") in a directory that does not exist, nil if it exists (or
// cannot be looked at: the write then says why). The system's "no such
// file or directory" of a file about to be made read as if lattice had
// looked for the file itself; this names the directory, which the user
// must make ("--out sweep-1/rows-0.csv" in a Slurm job whose script did
// not make sweep-1).
func missingDirError(what, path string) error {
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot %s %s: directory %s does not exist (create it first)", what, path, dir)
	}
	return nil
}

// createFile is safefile.Create with mode 0644 for an output file the user
// named (--out): a missing directory is said as such, and a game journal
// is not replaced (see outError).
func createFile(path string) (*safefile.File, error) {
	if err := outError(path); err != nil {
		return nil, err
	}
	f, err := safefile.Create(path, 0o644)
	return f, dirRefused("write", path, err)
}

// checkWritable is safefile.CheckWritable, with createFile's checks.
func checkWritable(path string) error {
	if err := outError(path); err != nil {
		return err
	}
	return dirRefused("write", path, safefile.CheckWritable(path))
}

// dirRefused says, of err, the failure to make path (what: "write") in a
// directory that exists, what the directory refused: the system's words
// alone ("cannot write /proc/x.csv: no such file or directory", of a
// directory that is there) read as if the directory were missing. Other
// errors, and nil, are returned as they are.
func dirRefused(what, path string, err error) error {
	if err == nil {
		return nil
	}
	if _, serr := os.Lstat(path); serr == nil {
		return err // the file is there: safefile's words say why it is not replaced
	}
	dir := filepath.Dir(path)
	if st, serr := os.Stat(dir); serr != nil || !st.IsDir() {
		return err
	}
	var why string
	switch {
	case errors.Is(err, syscall.EROFS):
		why = "is on a read-only file system"
	case errors.Is(err, fs.ErrPermission):
		why = "does not let you make files in it (permission denied)"
	case errors.Is(err, fs.ErrNotExist):
		why = "does not accept new files"
	default:
		return err
	}
	return fmt.Errorf("cannot %s %s: the directory %s %s; give a path in a directory you can write to", what, path, dir, why)
}

// outError is why path cannot be an output file before it is tried: its
// directory is missing, or it is a game journal, which lattice never
// overwrites ("lattice batch tutorial --out game.jsonl" replaced a game's
// only record with rows, exit 0, where run --journal and report --out
// refuse to); nil if neither.
func outError(path string) error {
	if err := missingDirError("write", path); err != nil {
		return err
	}
	if sniffFile(path) == kindJournal {
		return fmt.Errorf("cannot write %s: it is a game journal, which lattice never overwrites; give another file name", path)
	}
	// No output of lattice's is TOML: an existing .toml is a scenario or a
	// policy file someone wrote ("--out gray-zone.toml" for "--out
	// gray-zone.csv"), and output would replace it.
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() && strings.EqualFold(filepath.Ext(path), ".toml") {
		return fmt.Errorf("cannot write %s: it is a TOML file (a scenario or a policy), which lattice never overwrites with output; give another file name", path)
	}
	return nil
}
