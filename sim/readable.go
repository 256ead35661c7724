package sim

import (
	"runtime"
	"strconv"
	"strings"
	"unicode"
)

// Readable returns condition e as a player reads it: each metric's id
// replaced by its name, "turn" and "turns" by the scenario's word for a
// turn ("month >= 6", "months"), and the comparison operators by their
// signs (≥ ≤ ≠ =). Its structure (and, or, not, parentheses, numbers) is
// the author's, so that it still says exactly what the engine tests:
//
//	rok_support < 33 or (turn >= 6 and rok_support < 40)
//	ROK domestic support < 33 or (month ≥ 6 and ROK domestic support < 40)
//
// Every screen and report that shows a condition shows this, never the
// raw source (e.String()).
func (c *Compiled) Readable(e *Expr) string {
	src := e.String()
	if src == "" {
		return ""
	}
	turn := strings.ToLower(c.TurnLabel)
	r := []rune(src)
	var b strings.Builder
	for i := 0; i < len(r); {
		ch := r[i]
		switch {
		case isNameStart(ch): // as the expression's lexer reads a name
			j := i + 1
			for j < len(r) && isNamePart(r[j]) {
				j++
			}
			b.WriteString(c.readableName(string(r[i:j]), turn))
			i = j
		case unicode.IsDigit(ch): // a number, whole: "2.5e" is never half a name
			j := i + 1
			for j < len(r) && (unicode.IsDigit(r[j]) || r[j] == '.') {
				j++
			}
			b.WriteString(string(r[i:j]))
			i = j
		case i+1 < len(r) && r[i+1] == '=' && strings.ContainsRune("<>!=", ch):
			b.WriteString(map[rune]string{'<': "≤", '>': "≥", '!': "≠", '=': "="}[ch])
			i += 2
		default:
			b.WriteRune(ch)
			i++
		}
	}
	return strings.Join(strings.Fields(b.String()), " ") // one line, single spaces
}

// readableName is one name of a condition in words (see Readable).
func (c *Compiled) readableName(name, turn string) string {
	switch name {
	case "turn":
		return turn
	case "turns":
		return turn + "s"
	}
	for i := range c.Metrics {
		if c.Metrics[i].ID == name {
			return c.Metrics[i].Name
		}
	}
	for _, ev := range c.events {
		if c.names[ev.slot] != name {
			continue
		}
		switch ev.kind {
		case eventFired:
			return c.Injects[ev.target].Title + " (times fired)"
		case eventChose:
			in := &c.Injects[ev.target]
			return in.Title + ": " + in.Choices[ev.choice].Label + " (chosen)"
		case eventSucceeded:
			return c.Actions[ev.target].Name + " (successes)"
		case eventFailed:
			return c.Actions[ev.target].Name + " (failures)"
		}
	}
	return name
}

// Possessive returns name's possessive: "Japan's", "South Korea's", and
// "United States'" for a name that ends in s.
func Possessive(name string) string {
	if strings.HasSuffix(name, "s") {
		return name + "'"
	}
	return name + "'s"
}

// Aside returns what a front end shows in parentheses after a fired
// inject's title, or "": "fired by the White cell" for one fired by hand,
// and "again, the 3rd time" for a repeat (a repeating event's headline,
// the same each month, read as news every time).
func (f FiredInject) Aside() string {
	var parts []string
	if f.WhiteCell {
		parts = append(parts, "fired by the White cell")
	}
	if f.Times >= 2 {
		parts = append(parts, "again, the "+Ordinal(f.Times)+" time")
	}
	return strings.Join(parts, "; ")
}

// Ordinal returns n as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 22nd.
func Ordinal(n int) string {
	suffix := "th"
	switch n % 100 {
	case 11, 12, 13:
	default:
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// ShellQuote quotes s where it needs it for the shell a user of this
// system types commands into, so that a command shown to the user pastes
// as it reads ("escalation >= 80" unquoted sent a command's output to a
// file named "="): a POSIX shell, or on Windows PowerShell, its default
// shell, where a path's backslashes need no quotes.
func ShellQuote(s string) string { return shellQuote(s, runtime.GOOS == "windows") }

// ShellQuotePOSIX is ShellQuote for a POSIX shell on every system: for
// data that must be the same bytes wherever it is made (a batch
// summary's arm labels).
func ShellQuotePOSIX(s string) string { return shellQuote(s, false) }

// shellQuote is ShellQuote for a POSIX shell, or for PowerShell if
// powerShell. PowerShell's single quotes take everything literally but
// a single quote, written twice (as are the typographic ones it also
// reads as single quotes); its comma makes an array and its @ splats, so
// those are quoted there.
func shellQuote(s string, powerShell bool) string {
	const posixSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@%+"
	const psSafe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=%+\\"
	safe := posixSafe
	if powerShell {
		safe = psSafe
	}
	// PowerShell cuts a bare argument that starts with "-" at its first
	// "." (--listen=0.0.0.0:2323 came to lattice as --listen=0 and
	// .0.0.0:2323: PowerShell/PowerShell#6291).
	if s != "" && strings.Trim(s, safe) == "" && !(powerShell && s[0] == '-' && strings.Contains(s, ".")) {
		return s
	}
	if powerShell {
		return "'" + psQuotes.Replace(s) + "'"
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// psQuotes doubles every character PowerShell reads as a single quote.
var psQuotes = strings.NewReplacer("'", "''", "\u2018", "\u2018\u2018", "\u2019", "\u2019\u2019", "\u201a", "\u201a\u201a", "\u201b", "\u201b\u201b")

// Parenthetical returns s in parentheses, with the parentheses inside it
// written as brackets, as prose nests them: a name that has its own aside
// reads "(Economic [tourism, consumers])", never "(Economic (tourism,
// consumers))". Every name a scenario gives that is shown as an aside
// (a side, a lever, a domain) is shown through it.
func Parenthetical(s string) string {
	return "(" + strings.NewReplacer("(", "[", ")", "]").Replace(s) + ")"
}
