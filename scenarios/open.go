package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"lattice/sim"
)

// Open loads a scenario named by a built-in id ("tutorial") or by the path
// of a .toml file. Errors are sim.ErrorList values naming the file.
func Open(arg string) (*sim.Scenario, error) {
	if name, ok := File(arg); ok && !strings.ContainsAny(arg, `/\`) && !strings.HasSuffix(arg, ".toml") {
		return sim.Load(files, name)
	}
	if !strings.HasSuffix(arg, ".toml") && !strings.ContainsAny(arg, `/\`) {
		if _, err := os.Stat(arg); err != nil {
			if st, err := os.Stat(arg + ".toml"); err == nil && !st.IsDir() {
				// "lattice new my-scenario" writes my-scenario.toml
				return nil, sim.ErrorList{{File: arg, Msg: "no built-in scenario or file of that name; did you mean the file " + arg + ".toml?"}}
			}
			return nil, sim.ErrorList{{File: arg, Msg: "no built-in scenario or file of that name; built-in: " + strings.Join(IDs(), ", ") + didYouMean(arg)}}
		}
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return nil, sim.ErrorList{{File: arg, Msg: err.Error()}}
	}
	s, err := sim.Load(os.DirFS(filepath.Dir(abs)), filepath.Base(abs))
	if el, ok := err.(sim.ErrorList); ok {
		for _, e := range el {
			e.File = arg // name the file as the user wrote it
		}
	}
	if s != nil {
		s.SetFile(arg)
	}
	return s, err
}

// Compile opens and compiles a scenario, applying a difficulty level (""
// for none) and then overrides ("key.path=value") in order.
func Compile(arg, difficulty string, overrides []string) (*sim.Compiled, error) {
	s, err := Open(arg)
	if err != nil {
		return nil, err
	}
	if s, err = s.WithDifficulty(difficulty); err != nil {
		return nil, err
	}
	base := s
	if len(overrides) > 0 {
		s = s.Clone()
		for _, kv := range overrides {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return nil, &OverrideError{Arg: kv, Msg: "expected KEY=VALUE"}
			}
			if err := s.Set(strings.TrimSpace(k), v); err != nil {
				oe := &OverrideError{Arg: kv, Msg: err.Error()}
				var upe *sim.UnknownPathError
				if errors.As(err, &upe) {
					oe.Paths = s.Paths()
				}
				return nil, oe
			}
		}
	}
	c, err := sim.Compile(s)
	if el, ok := err.(sim.ErrorList); ok && len(overrides) > 0 {
		// An error at a key the user overrode is the override's fault, not
		// the file's: say so rather than point at the file's line.
		for _, e := range el {
			for _, kv := range overrides {
				k, _, _ := strings.Cut(kv, "=")
				k = strings.TrimSpace(k)
				if e.Path == k || strings.HasPrefix(e.Path, k+".") || strings.HasPrefix(k, e.Path+".") {
					e.File, e.Line, e.Col = "--set "+strconv.Quote(kv), 0, 0
				}
			}
		}
		// An error elsewhere that the file without the overrides does not
		// have (an inject's turn 8 once --set turns=3) is theirs too: the
		// position stays, to show which entry, and the message names them.
		// The note names the overrides that bring the error on their own,
		// when some do: --set turns=8 alone makes an inject's turn 9 out of
		// range, whatever budget another --set gives.
		if _, berr := sim.Compile(base.Clone()); berr == nil {
			alone := make([]sim.ErrorList, len(overrides)) // each override's errors by itself
			for i, kv := range overrides {
				one := base.Clone()
				k, v, _ := strings.Cut(kv, "=")
				if one.Set(strings.TrimSpace(k), v) == nil {
					_, oerr := sim.Compile(one)
					alone[i], _ = oerr.(sim.ErrorList)
				}
			}
			for _, e := range el {
				if strings.HasPrefix(e.File, "--set ") {
					continue
				}
				var culprits []string
				for i, kv := range overrides {
					if slices.ContainsFunc(alone[i], func(o *sim.Error) bool { return o.Path == e.Path && o.Msg == e.Msg }) {
						culprits = append(culprits, kv)
					}
				}
				if len(culprits) == 0 { // only together
					culprits = overrides
				}
				e.Msg += " (only with " + setList(culprits) + "; the file itself is valid)"
			}
		}
		el.Sort()
	}
	return c, err
}

// setList writes overrides as the flags that gave them.
func setList(overrides []string) string {
	parts := make([]string, len(overrides))
	for i, kv := range overrides {
		parts[i] = "--set " + strconv.Quote(kv)
	}
	return strings.Join(parts, ", ")
}

// OverrideError is a bad --set argument. Paths lists the valid keys.
type OverrideError struct {
	Arg   string
	Msg   string
	Paths []string
}

// Error quotes the argument as Go does (control characters escaped): shown
// bare, then sanitized for the terminal, "budget\x1b[8m.x=5" read as the
// valid-looking "--set side.rok.budget.x=5" beside a message naming the
// key with its escape.
func (e *OverrideError) Error() string { return "--set " + strconv.Quote(e.Arg) + ": " + e.Msg }

func didYouMean(arg string) string { return sim.DidYouMean(arg, IDs()) }
