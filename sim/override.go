package sim

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Set overrides one value of the scenario by its id-based key path, the same
// path the validator prints: "side.rok.budget", "lever.combined_exercises.max",
// "lever.combined_exercises.effect.capability", "action.militia_swarm.pressure",
// "turns". value is a string from the command line (parsed for the target's
// type) or a TOML value (int64, float64, bool or string). Set changes only
// the Scenario; call Compile afterwards to validate the result.
func (s *Scenario) Set(path string, value any) error {
	if path == "difficulty" || path == "level" {
		// Not a key: a level is chosen whole ("a list cannot be set; edit
		// it in the file" sent the user to the wrong place).
		return fmt.Errorf("%s: a difficulty level is chosen with --difficulty LEVEL, not --set; to compare levels, run one batch per level (--out FILE) and 'lattice compare' the files", path)
	}
	probe, pm, _, _, perr := s.locate(path, false)
	if segs := splitPath(path); len(segs) > 0 && segs[len(segs)-1] == "id" && perr == nil && !pm.IsValid() && probe.Kind() == reflect.String {
		// Ids name the entries in every key path and the scenario in
		// batch rows: renaming one through --set would break the
		// references to it, reported at lines of the file that are right.
		return fmt.Errorf("%s: an id cannot be set: ids name entries in key paths and references; edit the file", path)
	}
	// An optional key (a pointer: chance, joint) holds a 0 of its own.
	optional := perr == nil && !pm.IsValid() && probe.Kind() == reflect.Pointer
	rv, m, key, at, err := s.locate(path, true)
	if err != nil {
		return err
	}
	if m.IsValid() {
		if m.Type().Elem().Kind() == reflect.Interface {
			return fmt.Errorf("%s: %v", path, errDifficultySet)
		}
		ev := reflect.New(m.Type().Elem()).Elem()
		if err := setLeaf(ev, value); err != nil {
			return fmt.Errorf("%s: %v", path, err)
		}
		if m.IsNil() {
			m.Set(reflect.MakeMap(m.Type()))
			// A file without a shortfall table plays the default one
			// (§4.8): a key set changes or adds its entry and keeps the
			// other, as it would in a table the file wrote.
			if at == shortfallAt+"."+key {
				for k, v := range s.defaultShortfall() {
					m.SetMapIndex(reflect.ValueOf(k), reflect.ValueOf(v))
				}
			}
		}
		m.SetMapIndex(reflect.ValueOf(key), ev)
		return nil
	}
	if err := setLeaf(rv, value); err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	s.given = append(s.given, at)
	// A 0 that the file reads as "left out" (cost = 0 is the default cost,
	// 1) would be played as the default while the run is labelled with 0:
	// a sweep's cost=0,1,2 played cost 1 twice.
	if (rv.Kind() == reflect.Float64 || rv.Kind() == reflect.Int) && rv.IsZero() && !optional {
		if d := s.defaultText(path); standsForDefault(d, rv.Kind()) {
			return fmt.Errorf("%s: 0 here stands for the default %s, so it would be played as that: give the value itself (see 'lattice keys' for the ranges)", path, strings.TrimSuffix(strings.TrimPrefix(d, "(default: "), ")"))
		}
	}
	return nil
}

// Value returns the current value at path as text ("" if unknown). A key
// the file leaves out (or sets to the zero value that stands for "left
// out", such as cost = 0) shows the value the engine uses instead:
// "(default: 1)", "(default: the id)", "(default: false)"; "(default)"
// where the default has no short description.
func (s *Scenario) Value(path string) string {
	rv, m, key, at, err := s.locate(path, false)
	if err != nil {
		return ""
	}
	if m.IsValid() {
		if d, ok := s.defaultShortfall()[key]; ok && m.IsNil() && at == shortfallAt+"."+key {
			return "(default: " + fmt.Sprint(d) + ")"
		}
		rv = m.MapIndex(reflect.ValueOf(key))
		if !rv.IsValid() {
			return ""
		}
	}
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return s.defaultText(path)
		}
		rv = rv.Elem()
	} else if rv.IsZero() {
		// A zero that stands for the default shows the default, written
		// or not; a zero that is the default itself (delay = 0) shows it
		// where the file leaves the key out.
		if d := s.defaultText(path); standsForDefault(d, rv.Kind()) || d != "(default)" && !s.written(at) {
			return d
		}
	}
	if rv.Kind() == reflect.String {
		return strconv.Quote(rv.String())
	}
	return fmt.Sprint(rv.Interface())
}

// standsForDefault reports whether a zero of kind k, at a key whose
// default defaultText describes as d, is read as "left out" and played as
// another value (cost = 0 as cost 1, name = "" as the id), not as itself
// (delay = 0, bluff = false, turn = 0).
func standsForDefault(d string, k reflect.Kind) bool {
	body, ok := strings.CutPrefix(d, "(default: ")
	if !ok {
		return false
	}
	body = strings.TrimSuffix(body, ")")
	zero := map[reflect.Kind]string{reflect.Bool: "false", reflect.String: `""`}[k]
	if zero == "" {
		zero = "0"
	}
	return body != zero && !strings.HasPrefix(body, zero+",") && !strings.HasPrefix(body, zero+" ")
}

// written reports whether the file writes the key at index path at
// ("lever[3].cost"), as opposed to leaving it out.
func (s *Scenario) written(at string) bool {
	_, ok := s.pos[at]
	return ok
}

// defaultText describes the value the engine uses for the key at path when
// the file leaves it out, from the field's default tag.
func (s *Scenario) defaultText(path string) string {
	segs := splitPath(path)
	t := reflect.TypeOf(s).Elem()
	var f reflect.StructField
	index := -1
	for _, seg := range segs {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return "(default)"
		}
		if strings.HasPrefix(seg, "[") {
			index, _ = strconv.Atoi(strings.Trim(seg, "[]"))
			continue
		}
		fields, _ := tomlFields(t)
		i, ok := fields[seg]
		if !ok {
			continue // an entry's id
		}
		f = t.Field(i)
		t = f.Type
	}
	d, ok := f.Tag.Lookup("default")
	switch {
	case !ok:
		return "(default)"
	case d == "rung" && index >= 0 && index < len(defaultRungNames):
		d = defaultRungNames[index]
	}
	return "(default: " + d + ")"
}

// locate finds the value at an id-based path. For a map entry it returns
// the map and the key instead (the entry may not exist yet). at is the
// path by index, as the file's positions are kept ("lever[3].cost" for
// "lever.patrol.cost"). With create, nil pointers on the way are
// allocated (a nil map is left to the caller).
func (s *Scenario) locate(path string, create bool) (rv, m reflect.Value, key, at string, err error) {
	segs := splitPath(path)
	rv = reflect.ValueOf(s).Elem()
	for i := 0; i < len(segs); i++ {
		seg := segs[i]
		switch rv.Kind() {
		case reflect.Struct:
			fields, names := tomlFields(rv.Type())
			f, ok := fields[seg]
			if !ok {
				parent := joinSegs(segs[:i])
				where, full := "at the top level", names
				if parent != "" {
					where = "under " + parent
					full = make([]string, len(names))
					for j, n := range names {
						full[j] = parent + "." + n
					}
				}
				return rv, m, "", "", s.unknownPath(path, fmt.Sprintf("no key %q %s%s", seg, where, didYouMean(joinSegs(append(segs[:i:i], seg)), full)))
			}
			rv, at = rv.Field(f), join(at, seg)
		case reflect.Slice:
			if rv.Type().Elem().Kind() != reflect.Struct {
				return rv, m, "", "", s.unknownPath(path, "cannot set one element of a list")
			}
			idx := -1
			var ids []string
			for j := 0; j < rv.Len(); j++ {
				id := rv.Index(j).FieldByName("ID")
				if id.IsValid() {
					ids = append(ids, id.String())
					if id.String() == seg {
						idx = j
					}
				}
			}
			if idx < 0 && strings.HasPrefix(seg, "[") && strings.HasSuffix(seg, "]") {
				if n, err := strconv.Atoi(seg[1 : len(seg)-1]); err == nil && n >= 0 && n < rv.Len() {
					idx = n
				}
			}
			if idx < 0 && rv.Len() == 0 && rv.Type().Elem() == reflect.TypeFor[Rung]() {
				return rv, m, "", "", s.unknownPath(path, fmt.Sprintf("no entry %q: this scenario uses the standard escalation ladder (%s) and writes no [[escalation.rung]]; to change a rung, write all five [[escalation.rung]] tables in the file, from the bottom up (a file gives five or none)",
					seg, strings.Join(defaultRungNames[:], ", ")))
			}
			if idx < 0 {
				why := fmt.Sprintf("no entry %q%s", seg, didYouMean(seg, ids))
				if !strings.Contains(why, "did you mean") && len(ids) > 0 {
					why += "; the entries are " + strings.Join(ids, ", ")
				}
				return rv, m, "", "", s.unknownPath(path, why)
			}
			rv, at = rv.Index(idx), at+"["+strconv.Itoa(idx)+"]"
		case reflect.Map:
			if i != len(segs)-1 {
				return rv, m, "", "", s.unknownPath(path, "path goes past a value")
			}
			return rv, rv, seg, join(at, seg), nil // Set makes a nil map
		case reflect.Pointer:
			if rv.IsNil() {
				if !create {
					return rv, m, "", "", s.unknownPath(path, "not set")
				}
				rv.Set(reflect.New(rv.Type().Elem()))
			}
			rv = rv.Elem()
			i--
		default:
			return rv, m, "", "", s.unknownPath(path, "path goes past a value")
		}
	}
	if rv.Kind() == reflect.Pointer && create {
		if rv.IsNil() {
			rv.Set(reflect.New(rv.Type().Elem()))
		}
		rv = rv.Elem()
	}
	return rv, m, "", at, nil
}

// UnknownPathError is returned by Set for a key path the scenario lacks.
type UnknownPathError struct {
	Path, Why string
}

func (e *UnknownPathError) Error() string {
	return fmt.Sprintf("unknown key path %q: %s", e.Path, e.Why)
}

// unknownPath makes the error for a path the scenario lacks. Without a
// closer suggestion, a path that is the tail of real ones ("rok.budget"
// for "side.rok.budget") is pointed to them.
func (s *Scenario) unknownPath(path, why string) error {
	if !strings.Contains(why, "did you mean") {
		var hits []string
		for _, p := range s.Paths() {
			if strings.HasSuffix(p, "."+path) {
				hits = append(hits, strconv.Quote(p))
			}
		}
		switch {
		case len(hits) == 1:
			why += " (did you mean " + hits[0] + "?)"
		case len(hits) > 1 && len(hits) <= 5:
			why += " (did you mean one of " + strings.Join(hits, ", ") + "?)"
		}
	}
	return &UnknownPathError{Path: path, Why: why}
}

// errDifficultySet refuses to change a difficulty level's set table, whose
// keys are themselves key paths.
var errDifficultySet = errors.New("a difficulty level's set table cannot be changed; --set the key itself, which applies after --difficulty")

// quoted is a string a scenario file wrote in quotes, as a difficulty
// level's set value: unlike a --set argument, which is text whatever it
// holds, it is not read as a number or a boolean, as nowhere else in the
// file is ("2" for 2 is refused at every other key).
type quoted string

// fileValue returns a difficulty level's set value as Set takes it: a
// string as quoted.
func fileValue(v any) any {
	if s, ok := v.(string); ok {
		return quoted(s)
	}
	return v
}

func setLeaf(rv reflect.Value, value any) error {
	if q, ok := value.(quoted); ok {
		want := map[reflect.Kind]string{reflect.Float64: "a number", reflect.Int: "an integer", reflect.Bool: "true or false"}[rv.Kind()]
		if probe := reflect.New(rv.Type()).Elem(); want != "" && setLeaf(probe, string(q)) == nil {
			return fmt.Errorf("expected %s, found the string %q: write it without quotes, as %s", want, string(q), strings.TrimSpace(string(q)))
		}
		value = string(q) // not a number either: the message for any string ("expected an integer, got \"many\"")
	}
	str, isString := value.(string)
	switch rv.Kind() {
	case reflect.Float64:
		var f float64
		switch x := value.(type) {
		case int64:
			f = float64(x)
		case int:
			f = float64(x)
		case float64:
			f = x
		case string:
			v, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
			if errors.Is(err, strconv.ErrRange) { // "1e400" is a number, just not one of reasonable size
				return fmt.Errorf("expected a finite number of reasonable size, got %q", x)
			}
			if err != nil {
				return fmt.Errorf("expected a number, got %q", x)
			}
			f = v
		default:
			return fmt.Errorf("expected a number, got %v", value)
		}
		if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e9 {
			return fmt.Errorf("expected a finite number of reasonable size, got %v", value)
		}
		rv.SetFloat(f)
	case reflect.Int:
		var n int64
		switch x := value.(type) {
		case int64:
			n = x
		case int:
			n = int64(x)
		case float64:
			if x != math.Trunc(x) {
				return fmt.Errorf("expected an integer, got %v", x)
			}
			n = int64(x)
		case string:
			v, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64)
			if err != nil {
				// A file may write an integer as 6.0; so may --set.
				f, ferr := strconv.ParseFloat(strings.TrimSpace(x), 64)
				if ferr != nil || f != math.Trunc(f) || math.Abs(f) > 1e9 {
					return fmt.Errorf("expected an integer, got %q", x)
				}
				v = int64(f)
			}
			n = v
		default:
			return fmt.Errorf("expected an integer, got %v", value)
		}
		if n > 1e9 || n < -1e9 {
			return fmt.Errorf("%d is out of range", n)
		}
		rv.SetInt(n)
	case reflect.Bool:
		switch x := value.(type) {
		case bool:
			rv.SetBool(x)
		case string:
			b, err := strconv.ParseBool(strings.TrimSpace(x))
			if err != nil {
				return fmt.Errorf("expected true or false, got %q", x)
			}
			rv.SetBool(b)
		default:
			return fmt.Errorf("expected true or false, got %v", value)
		}
	case reflect.String:
		if !isString {
			return fmt.Errorf("expected a string, got %v", value)
		}
		rv.SetString(str)
	case reflect.Slice:
		return fmt.Errorf("a list cannot be set; edit it in the file")
	case reflect.Map:
		if rv.Type().Elem().Kind() == reflect.Interface {
			return errDifficultySet
		}
		return fmt.Errorf("a table cannot be set; set one of its keys ('lattice keys' lists them)")
	default:
		return fmt.Errorf("a table cannot be set; set one of its keys ('lattice keys' lists them)")
	}
	return nil
}

// Paths lists every key path that Set accepts for values present in this
// scenario, sorted: the keys of --set and of difficulty levels. The
// entries of the default [commitment] shortfall are listed for a file
// that leaves the table out, since Set changes them as in a table written.
func (s *Scenario) Paths() []string {
	var out []string
	s.eachKey(func(path, _ string, rv reflect.Value) {
		switch rv.Kind() {
		case reflect.Pointer, reflect.Float64, reflect.Int, reflect.Bool:
			out = append(out, path)
		case reflect.String:
			if !strings.HasSuffix(path, ".id") && path != "id" {
				out = append(out, path)
			}
		}
	})
	if s.Commitment.Shortfall == nil {
		for _, k := range sortedKeys(s.defaultShortfall()) {
			out = append(out, shortfallAt+"."+k)
		}
	}
	sort.Strings(out)
	return out
}

// eachKey calls f with every key of the scenario that holds a value, or
// may (a pointer left nil): its id path, as Set takes it; its index path,
// as the file's positions are kept; and its value. A map's entries are
// given in sorted order, each as a key, and a list of values (thresholds)
// whole. A side's keys that apply to the other team only are left out
// (Set accepts them, and Compile refuses or ignores them), and so is a
// difficulty level's set table.
func (s *Scenario) eachKey(f func(path, at string, rv reflect.Value)) {
	var walk func(rv reflect.Value, path, at string)
	walk = func(rv reflect.Value, path, at string) {
		switch rv.Kind() {
		case reflect.Pointer:
			if rv.IsNil() {
				f(path, at, rv)
				return
			}
			walk(rv.Elem(), path, at)
		case reflect.Struct:
			fields, names := tomlFields(rv.Type())
			for _, n := range names {
				if team := rv.Type().Field(fields[n]).Tag.Get("team"); team != "" && rv.Type() == reflect.TypeFor[Side]() {
					if t := rv.FieldByName("Team").String(); t != "" && t != team {
						continue
					}
				}
				walk(rv.Field(fields[n]), join(path, n), join(at, n))
			}
		case reflect.Slice:
			if rv.Type().Elem().Kind() != reflect.Struct {
				f(path, at, rv)
				return
			}
			for j := 0; j < rv.Len(); j++ {
				index := "[" + strconv.Itoa(j) + "]"
				if id := rv.Index(j).FieldByName("ID"); id.IsValid() && validID(id.String()) {
					walk(rv.Index(j), path+"."+id.String(), at+index)
				} else {
					walk(rv.Index(j), path+index, at+index)
				}
			}
		case reflect.Map:
			if rv.Type().Elem().Kind() == reflect.Interface {
				return
			}
			keys := make([]string, 0, rv.Len())
			for _, k := range rv.MapKeys() {
				keys = append(keys, k.String())
			}
			sort.Strings(keys)
			for _, k := range keys {
				f(path+"."+k, at+"."+k, rv.MapIndex(reflect.ValueOf(k)))
			}
		default:
			f(path, at, rv)
		}
	}
	walk(reflect.ValueOf(s).Elem(), "", "")
}

// clone returns a deep copy of the scenario.
func (s *Scenario) clone() *Scenario {
	c := &Scenario{}
	deepCopy(reflect.ValueOf(c).Elem(), reflect.ValueOf(s).Elem())
	c.file, c.pos, c.sha = s.file, s.pos, s.sha
	c.given = slices.Clone(s.given)
	return c
}

// Clone returns a deep copy of the scenario, for applying overrides.
func (s *Scenario) Clone() *Scenario { return s.clone() }

func deepCopy(dst, src reflect.Value) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		nv := reflect.New(src.Type().Elem())
		deepCopy(nv.Elem(), src.Elem())
		dst.Set(nv)
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if src.Type().Field(i).IsExported() {
				deepCopy(dst.Field(i), src.Field(i))
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		nv := reflect.MakeSlice(src.Type(), src.Len(), src.Len())
		for i := 0; i < src.Len(); i++ {
			deepCopy(nv.Index(i), src.Index(i))
		}
		dst.Set(nv)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		nv := reflect.MakeMapWithSize(src.Type(), src.Len())
		iter := src.MapRange()
		for iter.Next() {
			ev := reflect.New(src.Type().Elem()).Elem()
			deepCopy(ev, iter.Value())
			nv.SetMapIndex(iter.Key(), ev)
		}
		dst.Set(nv)
	default:
		dst.Set(src)
	}
}

// WithDifficulty returns a copy of s with the named difficulty level's
// overrides applied. An empty name or "normal" without a level of that name
// returns s unchanged.
func (s *Scenario) WithDifficulty(name string) (*Scenario, error) {
	if name == "" {
		return s, nil
	}
	var ids []string
	for _, d := range s.Difficulty {
		ids = append(ids, d.ID)
		if d.ID != name {
			continue
		}
		c := s.clone()
		for _, k := range sortedKeys(d.Set) {
			if err := c.Set(k, fileValue(d.Set[k])); err != nil {
				return nil, fmt.Errorf("difficulty %q: %v", name, err)
			}
		}
		return c, nil
	}
	if name == "normal" {
		return s, nil
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("scenario %q has no difficulty levels (asked for %q)", s.ID, name)
	}
	return nil, fmt.Errorf("unknown difficulty %q; this scenario has %s%s", name, strings.Join(ids, ", "), didYouMean(name, ids))
}

// splitPath splits a key path into segments, "lever.x.effect.capability"
// into four and "action.a.modifier[0].factor" into five ("[0]" being one),
// so the index form the validator prints works too.
// joinSegs is the inverse of splitPath: segments joined with dots, but an
// index ("[0]") straight after its list, as paths are written.
func joinSegs(segs []string) string {
	var b strings.Builder
	for i, seg := range segs {
		if i > 0 && !strings.HasPrefix(seg, "[") {
			b.WriteByte('.')
		}
		b.WriteString(seg)
	}
	return b.String()
}

func splitPath(path string) []string {
	var segs []string
	for _, part := range strings.Split(path, ".") {
		for {
			i := strings.IndexByte(part, '[')
			if i <= 0 {
				break
			}
			segs = append(segs, part[:i])
			part = part[i:]
			if j := strings.IndexByte(part, ']'); j > 0 && j < len(part)-1 {
				segs = append(segs, part[:j+1])
				part = part[j+1:]
				continue
			}
			break
		}
		segs = append(segs, part)
	}
	return segs
}

// SetFile sets the file name that errors about this scenario give, for a
// scenario loaded from a path other than the one the user typed.
func (s *Scenario) SetFile(name string) { s.file = name }

// Unplayed says why overriding key (a --set key, as "side.prc.budget")
// changes nothing a game of c plays, or "" if it may change something: an
// adversary side's budget, support or priorities, which the scenario
// format accepts and no adversary reads (it plays its doctrine: its
// actions, bluffs and aim, and its moves' pressure). lattice run and
// lattice batch warn of it, and batch refuses a sweep of it.
func (c *Compiled) Unplayed(key string) string {
	parts := strings.SplitN(strings.TrimSpace(key), ".", 4)
	if len(parts) < 3 || parts[0] != "side" {
		return ""
	}
	i := c.FindSide(parts[1])
	if i < 0 || !c.Sides[i].Adversary {
		return ""
	}
	switch parts[2] {
	case "budget", "support", "priorities":
		id := c.Sides[i].ID
		return fmt.Sprintf("%s is an adversary side, which plays its doctrine (side.%s.actions, bluffs and aim), not by its %s", id, id, parts[2])
	}
	return ""
}
