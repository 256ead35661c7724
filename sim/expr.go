package sim

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file implements the small expression language used for conditions
// and formulas in scenario files, such as
//
//	turn >= 3 and cohesion < 50 and escalation < 70
//
// An expression is compiled once, when the scenario is loaded, into a flat
// postfix program that Eval runs on a fixed-size stack without allocating.
//
// Grammar, lowest precedence first:
//
//	or   = and { "or" and }
//	and  = not { "and" not }
//	not  = "not" not | cmp
//	cmp  = sum [ ("<" | "<=" | ">" | ">=" | "==" | "!=") sum ]
//	sum  = prod { ("+" | "-") prod }
//	prod = neg { ("*" | "/") neg }
//	neg  = "-" neg | atom
//	atom = number | "true" | "false" | name | "(" or ")"
//
// Comparisons do not chain: "a < b < c" is an error. Numbers are decimal
// literals with at most four decimals ("3", "50.5", "0.25"), converted to Fix
// exactly. Names start with a letter or '_' and continue with letters,
// digits, '_' and '.' ("rok.support"). The keywords and, or, not, true and
// false are lower case.

// Limits on expressions, checked by compileExpr.
const (
	// exprMaxLen is the longest accepted source text, in bytes.
	exprMaxLen = 512
	// exprMaxNest is the deepest accepted nesting of parentheses and prefix
	// operators ("-", "not").
	exprMaxNest = 32
	// exprMaxStack is the size of Eval's value stack; expressions needing
	// more slots are rejected at compile time.
	exprMaxStack = 32
)

// Expr is a compiled expression: a flat postfix program evaluated by Eval
// against an environment of Fix values. Booleans are represented as One
// (true) and 0 (false), and any nonzero value counts as true.
//
// The zero Expr is empty and evaluates to One, so an absent condition means
// "always". An Expr is immutable once compiled and may be shared and
// evaluated concurrently.
type Expr struct {
	src  string   // the source text, for String
	ops  []exprOp // the postfix program; empty for the zero Expr
	refs []int    // the env slots read, sorted and unique
	// chain is opAnd or opOr when the program is a chain of terms joined
	// by that one operator (see chainOf), which Eval short-circuits; else 0.
	chain exprCode
}

// exprCode identifies the operation performed by an exprOp.
type exprCode uint8

// Operations of the postfix program. Push operations add a value to the
// stack, unary operations replace the top value, and binary operations pop
// the top two values a (below) and b (top) and push the result of a op b.
const (
	opConst   exprCode = iota // push arg
	opLoad                    // push env[arg]
	opNeg                     // -x
	opNot                     // One if x == 0, else 0
	opAdd                     // a + b
	opSub                     // a - b
	opMul                     // a.Mul(b)
	opDiv                     // a.Div(b); division by zero yields 0
	opLt                      // a < b
	opLe                      // a <= b
	opGt                      // a > b
	opGe                      // a >= b
	opEq                      // a == b
	opNe                      // a != b
	opAnd                     // a != 0 && b != 0
	opOr                      // a != 0 || b != 0
	opFused                   // push env[slot] bin arg: a load, a constant and a binary op fused (see fuseOps)
	opAtLeast                 // push env[slot] >= arg, negated if not: a fused ordering comparison (see atLeast)
)

// exprOp is one instruction of a compiled expression.
type exprOp struct {
	code exprCode
	bin  exprCode // for opFused, the binary operator; for opAtLeast, the comparison as written
	not  bool     // for opAtLeast: the result is negated
	slot int32    // for opFused and opAtLeast, the env slot
	arg  Fix      // the constant for opConst, opFused and opAtLeast, the env slot for opLoad, else 0
}

// Thresholds returns the constants env slot slot is compared with
// directly ("cohesion < 45" gives 45 for cohesion's slot; "cohesion + 5 <
// 45" gives nothing), each once, in program order. A front end draws them
// on a metric's chart: where the lines are that end the game.
func (e *Expr) Thresholds(slot int) []Fix {
	if e == nil {
		return nil
	}
	var out []Fix
	add := func(x Fix) {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	cmp := func(c exprCode) bool { return c >= opLt && c <= opNe }
	for i, op := range e.ops {
		switch {
		case op.code == opAtLeast && int(op.slot) == slot:
			x := op.arg
			if op.bin == opLe || op.bin == opGt { // atLeast added 1 to the constant
				x--
			}
			add(x)
		case op.code == opFused && int(op.slot) == slot && cmp(op.bin):
			add(op.arg)
		case cmp(op.code) && i >= 2:
			a, b := e.ops[i-2], e.ops[i-1]
			switch {
			case a.code == opLoad && int(a.arg) == slot && b.code == opConst:
				add(b.arg)
			case a.code == opConst && b.code == opLoad && int(b.arg) == slot:
				add(a.arg)
			}
		}
	}
	return out
}

// atLeast returns the value of an opAtLeast.
func (op *exprOp) atLeast(env []Fix) Fix {
	return fixBool((env[op.slot] >= op.arg) != op.not)
}

// ExprError is a compile error in an expression. Col is the 1-based byte
// column in the source where the problem was found; a column one past the
// end of the source denotes the end of the expression.
type ExprError struct {
	Col int
	Msg string
	// Name is the name an "unknown name" error is about, "" for other
	// errors.
	Name string
}

// Error returns the error formatted as "col N: msg".
func (e *ExprError) Error() string {
	return "col " + strconv.Itoa(e.Col) + ": " + e.Msg
}

// compileExpr compiles src. names lists the identifiers in scope: the
// identifier names[i] compiles to a load of env[i] when the expression is
// evaluated (if a name is listed twice, the first slot is used). A non-nil
// error is always an *ExprError. An empty or blank src is an error; callers
// wanting "always" for an absent condition use the zero Expr instead.
func compileExpr(src string, names []string) (Expr, error) {
	return compileExprWith(src, names, nil)
}

// compileExprWith is compileExpr with resolve, if not nil, asked for each
// name not in names: it returns the name's slot, or −1 and why the name is
// refused ("" for the plain "unknown name" message).
func compileExprWith(src string, names []string, resolve func(name string) (slot int, msg string)) (Expr, error) {
	if len(src) > exprMaxLen {
		return Expr{}, &ExprError{Col: exprMaxLen + 1,
			Msg: "expression too long (" + strconv.Itoa(len(src)) + " bytes, at most " + strconv.Itoa(exprMaxLen) + ")"}
	}
	p := exprParser{src: src, names: names, resolve: resolve}
	if err := p.next(); err != nil {
		return Expr{}, err
	}
	if p.tok.kind == tkEOF {
		return Expr{}, &ExprError{Col: 1, Msg: "empty expression"}
	}
	if err := p.parseOr(); err != nil {
		return Expr{}, err
	}
	switch p.tok.kind {
	case tkEOF:
	case tkRParen:
		return Expr{}, p.errAt(p.tok.pos, `unmatched ")"`)
	default:
		return Expr{}, p.unexpected("operator or end of expression")
	}
	var refs []int
	for _, op := range p.ops {
		if op.code == opLoad {
			refs = append(refs, int(op.arg))
		}
	}
	slices.Sort(refs)
	refs = slices.Compact(refs)
	ops := slices.Clip(fuseOps(p.ops))
	return Expr{src: src, ops: ops, refs: slices.Clip(refs), chain: chainOf(ops)}, nil
}

// chainOf returns opAnd or opOr if ops (fused) is a chain "t1 t2 J t3 J …
// tn J" of two or more terms, each a fused "name OP number" or a lone
// name, joined by one operator J of the two: the shape of most conditions
// ("turn >= 3 and deterrence >= 30", "final and deterrence < 18",
// "cohesion < 35 or rok_support < 30"). Otherwise it returns 0.
func chainOf(ops []exprOp) exprCode {
	term := func(op exprOp) bool { return op.code == opAtLeast || op.code == opFused || op.code == opLoad }
	if len(ops) < 3 || len(ops)%2 == 0 || !term(ops[0]) {
		return 0
	}
	join := ops[2].code
	if join != opAnd && join != opOr {
		return 0
	}
	for i := 1; i < len(ops); i += 2 {
		if !term(ops[i]) || ops[i+1].code != join {
			return 0
		}
	}
	return join
}

// evalChain evaluates a chain (see chainOf) term by term, stopping at the
// first false term of an and or the first true one of an or. Terms have no
// effects, so skipping the rest gives what the stack program gives.
func (e *Expr) evalChain(env []Fix) Fix {
	stop := e.chain == opOr // the value of a term that decides the chain
	for i := range e.ops {
		op := &e.ops[i]
		var v Fix
		switch op.code {
		case opAtLeast:
			v = op.atLeast(env)
		case opFused:
			v = binaryOp(op.bin, env[op.slot], op.arg)
		case opLoad:
			v = env[op.arg]
		default: // the joining operator
			continue
		}
		if (v != 0) == stop {
			return fixBool(stop)
		}
	}
	return fixBool(!stop)
}

// fuseOps rewrites, in place, each run of a load, a constant and a binary
// operator — "name OP number", the commonest shape of a condition — as one
// opFused (an ordering comparison as an opAtLeast), so that Eval takes one
// step for it instead of three. In postfix
// the operator of such a run applies to exactly the two values the run
// pushed, so the result is the same.
func fuseOps(ops []exprOp) []exprOp {
	out := ops[:0]
	for i := 0; i < len(ops); i++ {
		if i+2 < len(ops) && ops[i].code == opLoad && ops[i+1].code == opConst && ops[i+2].code >= opAdd && ops[i+2].code <= opOr {
			out = append(out, atLeast(exprOp{code: opFused, bin: ops[i+2].code, slot: int32(ops[i].arg), arg: ops[i+1].arg}))
			i += 2
			continue
		}
		out = append(out, ops[i])
	}
	return out
}

// atLeast rewrites a fused ordering comparison as an opAtLeast, negated
// or not: on integers x < c is not x >= c, x <= c is not x >= c+1, and
// x > c is x >= c+1, so that Eval tests it with one comparison.
func atLeast(op exprOp) exprOp {
	if op.arg == math.MaxInt64 {
		return op
	}
	switch op.bin {
	case opLt:
		op.not = true
	case opLe:
		op.not, op.arg = true, op.arg+1
	case opGt:
		op.arg++
	case opGe:
	default:
		return op
	}
	op.code = opAtLeast // bin keeps the comparison as written, for messages (floors)
	return op
}

// Eval evaluates the expression with env[i] as the value of the i-th name
// given to compileExpr, and returns the result. Comparisons and logical
// operators yield One or 0, and "/" yields 0 when dividing by zero. The zero
// Expr yields One. env must have an entry for every name the expression was
// compiled with (a missing slot panics like any out-of-range index). Eval
// does not allocate.
func (e *Expr) Eval(env []Fix) Fix {
	if e == nil || len(e.ops) == 0 {
		return One
	}
	if op := &e.ops[0]; len(e.ops) == 1 { // "name OP number", without the stack
		switch op.code {
		case opAtLeast:
			return op.atLeast(env)
		case opFused:
			return binaryOp(op.bin, env[op.slot], op.arg)
		}
	}
	if e.chain != 0 {
		return e.evalChain(env)
	}
	var st [exprMaxStack]Fix
	sp := 0
	for _, op := range e.ops {
		switch op.code {
		case opAtLeast:
			st[sp] = op.atLeast(env)
			sp++
		case opFused:
			st[sp] = binaryOp(op.bin, env[op.slot], op.arg)
			sp++
		case opConst:
			st[sp] = op.arg
			sp++
		case opLoad:
			st[sp] = env[op.arg]
			sp++
		case opNeg:
			st[sp-1] = -st[sp-1]
		case opNot:
			st[sp-1] = fixBool(st[sp-1] == 0)
		default:
			sp--
			st[sp-1] = binaryOp(op.code, st[sp-1], st[sp])
		}
	}
	return st[0]
}

// binaryOp applies a binary operator to a and b.
func binaryOp(code exprCode, a, b Fix) Fix {
	switch code {
	case opAdd:
		return exprAdd(a, b)
	case opSub:
		return exprAdd(a, -b)
	case opMul:
		return exprMul(a, b)
	case opDiv:
		return exprDiv(a, b)
	case opLt:
		return fixBool(a < b)
	case opLe:
		return fixBool(a <= b)
	case opGt:
		return fixBool(a > b)
	case opGe:
		return fixBool(a >= b)
	case opEq:
		return fixBool(a == b)
	case opNe:
		return fixBool(a != b)
	case opAnd:
		return fixBool(a != 0 && b != 0)
	case opOr:
		return fixBool(a != 0 || b != 0)
	}
	return 0
}

// exprLimit bounds the result of every arithmetic operator in a condition,
// as FixFromFloat bounds the numbers of a file: a sum, product or quotient
// too large for an int64 is held at ±exprLimit instead of wrapping around,
// which would turn "gdp * 100 > 1000" false, or "a + b < 0" true, for large
// positive values. Results within the bounds are exactly those of +, −,
// Fix.Mul and Fix.Div.
const exprLimit Fix = math.MaxInt64 / 4

// exprSafeMul bounds the operands whose product cannot overflow an int64,
// rounding included: exprSafeMul² < MaxInt64 − One.
const exprSafeMul Fix = 3_000_000_000

func exprClamp(x Fix) Fix { return x.Clamp(-exprLimit, exprLimit) }

// exprAdd returns a+b, held at ±exprLimit.
func exprAdd(a, b Fix) Fix {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return exprLimit
	case a < 0 && b < 0 && s >= 0:
		return -exprLimit
	}
	return exprClamp(s)
}

// exprMul returns a.Mul(b), held at ±exprLimit.
func exprMul(a, b Fix) Fix {
	if -exprSafeMul < a && a < exprSafeMul && -exprSafeMul < b && b < exprSafeMul {
		return a.Mul(b)
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absFix(a), absFix(b))
	lo, carry := bits.Add64(lo, uint64(One)/2, 0) // round half away from zero
	hi += carry
	if hi >= uint64(One) {
		return withSign(exprLimit, neg)
	}
	q, _ := bits.Div64(hi, lo, uint64(One))
	if q > uint64(exprLimit) {
		return withSign(exprLimit, neg)
	}
	return withSign(Fix(q), neg)
}

// exprDiv returns a.Div(b) (0 when b is 0), held at ±exprLimit.
func exprDiv(a, b Fix) Fix {
	if b == 0 {
		return 0
	}
	if -exprSafeMul < a && a < exprSafeMul {
		return exprClamp(a.Div(b))
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(absFix(a), uint64(One))
	ub := absFix(b)
	if hi >= ub {
		return withSign(exprLimit, neg)
	}
	q, _ := bits.Div64(hi, lo, ub) // truncated toward zero, as Fix.Div
	if q > uint64(exprLimit) {
		return withSign(exprLimit, neg)
	}
	return withSign(Fix(q), neg)
}

func absFix(x Fix) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

func withSign(x Fix, neg bool) Fix {
	if neg {
		return -x
	}
	return x
}

// True reports whether the expression evaluates to a nonzero value in env.
// The zero Expr is always true. True does not allocate.
func (e *Expr) True(env []Fix) bool { return e.Empty() || e.Eval(env) != 0 }

// Empty reports whether e is the zero Expr, which is always true.
func (e *Expr) Empty() bool { return e == nil || len(e.ops) == 0 }

// String returns the source text the expression was compiled from, or "" for
// the zero Expr.
func (e *Expr) String() string {
	if e == nil {
		return ""
	}
	return e.src
}

// floors returns the expression's comparisons of one name with a number,
// each as the name's slot, the threshold a, and whether it tests x >= a
// (below false: x < a); every ordering comparison of a name with a
// number is compiled to one of these (see atLeast). None if the
// expression negates anything ("not (escalation < 101)"): a comparison
// under a not would be read the wrong way round.
func (e *Expr) floors() (out []floor) {
	if slices.ContainsFunc(e.ops, func(op exprOp) bool { return op.code == opNot }) {
		return nil
	}
	for _, op := range e.ops {
		if op.code == opAtLeast {
			out = append(out, floor{slot: int(op.slot), at: op.arg, below: op.not, op: op.bin})
		}
	}
	return out
}

type floor struct {
	slot  int
	at    Fix
	below bool     // the test is x < at, not x >= at
	op    exprCode // the comparison as written: opLt, opLe, opGt or opGe
}

// written returns the number the comparison was written with: at, or
// one unit less for > and <= (see atLeast).
func (f floor) written() Fix {
	if f.op == opGt || f.op == opLe {
		return f.at - 1
	}
	return f.at
}

// Refs returns the env slots the expression reads, sorted and without
// duplicates, for explaining why a condition held or failed. The result is a
// fresh slice that the caller may modify; it is nil for an expression that
// reads no names.
func (e *Expr) Refs() []int {
	if e == nil {
		return nil
	}
	return slices.Clone(e.refs)
}

// fixBool returns One for true and 0 for false.
func fixBool(b bool) Fix {
	if b {
		return One
	}
	return 0
}

// tokKind is the kind of a lexical token.
type tokKind uint8

// Token kinds.
const (
	tkEOF tokKind = iota
	tkNum
	tkName
	tkTrue
	tkFalse
	tkAnd
	tkOr
	tkNot
	tkLParen
	tkRParen
	tkPlus
	tkMinus
	tkStar
	tkSlash
	tkLt
	tkLe
	tkGt
	tkGe
	tkEq
	tkNe
)

// exprKeywords maps the keywords of the language to their token kinds.
var exprKeywords = map[string]tokKind{
	"and":   tkAnd,
	"or":    tkOr,
	"not":   tkNot,
	"true":  tkTrue,
	"false": tkFalse,
}

// exprLookalikes maps characters that other notations use for an operator
// (mathematics, word processors) to the operator a condition writes.
var exprLookalikes = map[rune]string{
	'≥': ">=", '⩾': ">=", '≤': "<=", '⩽': "<=", '≠': "!=",
	'−': "-", '–': "-", '×': "*", '÷': "/",
	'∧': "and", '∨': "or", '¬': "not",
}

// token is a lexical token: its kind, its 0-based byte offset in the source,
// its text, and for numbers its value.
type token struct {
	kind tokKind
	pos  int
	text string
	val  Fix
}

// describe returns the token as it should appear in an error message.
func (t token) describe() string {
	if t.kind == tkEOF {
		return "end of expression"
	}
	return strconv.Quote(t.text)
}

// exprParser is a recursive-descent parser that emits the postfix program as
// it goes, tracking the stack depth the program will need.
type exprParser struct {
	src     string
	names   []string
	resolve func(name string) (int, string) // see compileExprWith
	off     int                             // offset of the next unread byte
	tok     token                           // the current token
	nest    int                             // current nesting of parentheses and prefix operators
	ops     []exprOp
	depth   int // stack depth after the ops emitted so far
}

// errAt returns an *ExprError at the 0-based byte offset pos.
func (p *exprParser) errAt(pos int, msg string) *ExprError {
	return &ExprError{Col: pos + 1, Msg: msg}
}

// emit appends an operation at source offset pos and updates the stack
// depth, failing if the program would need more than exprMaxStack slots.
func (p *exprParser) emit(code exprCode, arg Fix, pos int) error {
	switch code {
	case opConst, opLoad:
		p.depth++
		if p.depth > exprMaxStack {
			return p.errAt(pos, "expression too complex (needs more than "+strconv.Itoa(exprMaxStack)+" stack slots)")
		}
	case opNeg, opNot:
	default:
		p.depth--
	}
	p.ops = append(p.ops, exprOp{code: code, arg: arg})
	return nil
}

// enter increases the nesting level for a parenthesis or prefix operator at
// pos, failing if it exceeds exprMaxNest. Each call is paired with p.nest--.
func (p *exprParser) enter(pos int) error {
	p.nest++
	if p.nest > exprMaxNest {
		return p.errAt(pos, "expression nested too deeply (more than "+strconv.Itoa(exprMaxNest)+" levels)")
	}
	return nil
}

// isNameStart reports whether r may begin a name.
func isNameStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }

// isNamePart reports whether r may continue a name.
func isNamePart(r rune) bool { return isNameStart(r) || r == '.' || unicode.IsDigit(r) }

// next reads the next token into p.tok.
func (p *exprParser) next() error {
	s := p.src
	for p.off < len(s) && (s[p.off] == ' ' || s[p.off] == '\t' || s[p.off] == '\n' || s[p.off] == '\r') {
		p.off++
	}
	start := p.off
	if start == len(s) {
		p.tok = token{kind: tkEOF, pos: start}
		return nil
	}
	r, size := utf8.DecodeRuneInString(s[start:])
	switch {
	case r >= '0' && r <= '9' || r == '.' && start+1 < len(s) && s[start+1] >= '0' && s[start+1] <= '9':
		return p.number()
	case isNameStart(r):
		end := start + size
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if !isNamePart(r) {
				break
			}
			end += size
		}
		p.off = end
		text := s[start:end]
		kind, ok := exprKeywords[text]
		if !ok {
			kind = tkName
		}
		p.tok = token{kind: kind, pos: start, text: text}
		return nil
	}
	// Operators and punctuation.
	two := ""
	if start+1 < len(s) {
		two = s[start : start+2]
	}
	kind, n := tkEOF, 1
	switch two {
	case "<=":
		kind, n = tkLe, 2
	case ">=":
		kind, n = tkGe, 2
	case "==":
		kind, n = tkEq, 2
	case "!=":
		kind, n = tkNe, 2
	case "&&":
		return p.errAt(start, `use "and" instead of "&&"`)
	case "||":
		return p.errAt(start, `use "or" instead of "||"`)
	case "=<":
		return p.errAt(start, `use "<=" instead of "=<"`)
	case "=>":
		return p.errAt(start, `use ">=" instead of "=>"`)
	case "<>":
		return p.errAt(start, `use "!=" instead of "<>"`)
	}
	if kind == tkEOF {
		switch s[start] {
		case '(':
			kind = tkLParen
		case ')':
			kind = tkRParen
		case '+':
			kind = tkPlus
		case '-':
			kind = tkMinus
		case '*':
			kind = tkStar
		case '/':
			kind = tkSlash
		case '<':
			kind = tkLt
		case '>':
			kind = tkGt
		case '=':
			return p.errAt(start, `use "==" to compare`)
		case '!':
			return p.errAt(start, `use "not" instead of "!"`)
		case '&':
			return p.errAt(start, `use "and" instead of "&"`)
		case '|':
			return p.errAt(start, `use "or" instead of "|"`)
		default:
			if op, ok := exprLookalikes[r]; ok {
				return p.errAt(start, "use "+strconv.Quote(op)+" instead of "+strconv.Quote(s[start:start+size]))
			}
			if num := strings.TrimRight(s[:start], "0123456789."); r == '%' && len(num) < start {
				// "cohesion >= 60%": a metric is a number on its own scale.
				n := s[len(num):start]
				return p.errAt(start, `unexpected character "%" (a number has no unit: write `+n+", not "+n+"%, on a 0–100 metric)")
			}
			return p.errAt(start, "unexpected character "+strconv.Quote(s[start:start+size]))
		}
	}
	p.off = start + n
	p.tok = token{kind: kind, pos: start, text: s[start:p.off]}
	return nil
}

// number lexes a decimal literal starting at p.off into p.tok, converting it
// to Fix exactly.
func (p *exprParser) number() error {
	s := p.src
	start := p.off
	end := start
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !isNamePart(r) {
			break
		}
		end += size
	}
	text := s[start:end]
	p.off = end
	// The largest integer part whose Fix value, plus any fraction, still
	// fits in an int64.
	const maxInt = math.MaxInt64/int64(One) - 1
	var whole, frac int64
	i := 0
	for ; i < len(text) && text[i] >= '0' && text[i] <= '9'; i++ {
		d := int64(text[i] - '0')
		if whole > (maxInt-d)/10 {
			return p.errAt(start, "number "+strconv.Quote(text)+" is too large")
		}
		whole = whole*10 + d
	}
	if i < len(text) && text[i] == '.' {
		i++
		ndec := 0
		for ; i < len(text) && text[i] >= '0' && text[i] <= '9'; i++ {
			ndec++
			if ndec > 4 {
				return p.errAt(start, "number "+strconv.Quote(text)+" has more than 4 decimals")
			}
			frac = frac*10 + int64(text[i]-'0')
		}
		if ndec == 0 {
			return p.errAt(start, "invalid number "+strconv.Quote(text)+": expected digits after \".\"")
		}
		for ; ndec < 4; ndec++ {
			frac *= 10
		}
	}
	if i < len(text) {
		return p.errAt(start, "invalid number "+strconv.Quote(text))
	}
	p.tok = token{kind: tkNum, pos: start, text: text, val: Fix(whole)*One + Fix(frac)}
	return nil
}

// parseOr parses: or = and { "or" and }.
func (p *exprParser) parseOr() error {
	if err := p.parseAnd(); err != nil {
		return err
	}
	for p.tok.kind == tkOr {
		pos := p.tok.pos
		if err := p.next(); err != nil {
			return err
		}
		if err := p.parseAnd(); err != nil {
			return err
		}
		if err := p.emit(opOr, 0, pos); err != nil {
			return err
		}
	}
	return nil
}

// parseAnd parses: and = not { "and" not }.
func (p *exprParser) parseAnd() error {
	if err := p.parseNot(); err != nil {
		return err
	}
	for p.tok.kind == tkAnd {
		pos := p.tok.pos
		if err := p.next(); err != nil {
			return err
		}
		if err := p.parseNot(); err != nil {
			return err
		}
		if err := p.emit(opAnd, 0, pos); err != nil {
			return err
		}
	}
	return nil
}

// parseNot parses: not = "not" not | cmp.
func (p *exprParser) parseNot() error {
	if p.tok.kind != tkNot {
		return p.parseCmp()
	}
	pos := p.tok.pos
	if err := p.enter(pos); err != nil {
		return err
	}
	if err := p.next(); err != nil {
		return err
	}
	if err := p.parseNot(); err != nil {
		return err
	}
	p.nest--
	return p.emit(opNot, 0, pos)
}

// cmpOps maps comparison tokens to their operations.
var cmpOps = map[tokKind]exprCode{
	tkLt: opLt, tkLe: opLe, tkGt: opGt, tkGe: opGe, tkEq: opEq, tkNe: opNe,
}

// parseCmp parses: cmp = sum [ cmpop sum ], rejecting chained comparisons.
func (p *exprParser) parseCmp() error {
	if err := p.parseSum(); err != nil {
		return err
	}
	code, ok := cmpOps[p.tok.kind]
	if !ok {
		return nil
	}
	pos := p.tok.pos
	if err := p.next(); err != nil {
		return err
	}
	if err := p.parseSum(); err != nil {
		return err
	}
	if _, ok := cmpOps[p.tok.kind]; ok {
		return p.errAt(p.tok.pos, `comparisons cannot be chained; combine them with "and"`)
	}
	return p.emit(code, 0, pos)
}

// parseSum parses: sum = prod { ("+" | "-") prod }.
func (p *exprParser) parseSum() error {
	if err := p.parseProd(); err != nil {
		return err
	}
	for p.tok.kind == tkPlus || p.tok.kind == tkMinus {
		code, pos := opAdd, p.tok.pos
		if p.tok.kind == tkMinus {
			code = opSub
		}
		if err := p.next(); err != nil {
			return err
		}
		if err := p.parseProd(); err != nil {
			return err
		}
		if err := p.emit(code, 0, pos); err != nil {
			return err
		}
	}
	return nil
}

// parseProd parses: prod = neg { ("*" | "/") neg }.
func (p *exprParser) parseProd() error {
	if err := p.parseNeg(); err != nil {
		return err
	}
	for p.tok.kind == tkStar || p.tok.kind == tkSlash {
		code, pos := opMul, p.tok.pos
		if p.tok.kind == tkSlash {
			code = opDiv
		}
		if err := p.next(); err != nil {
			return err
		}
		if err := p.parseNeg(); err != nil {
			return err
		}
		if err := p.emit(code, 0, pos); err != nil {
			return err
		}
	}
	return nil
}

// parseNeg parses: neg = "-" neg | atom. The negation of a constant is
// folded into the constant.
func (p *exprParser) parseNeg() error {
	if p.tok.kind != tkMinus {
		return p.parseAtom()
	}
	pos := p.tok.pos
	if err := p.enter(pos); err != nil {
		return err
	}
	if err := p.next(); err != nil {
		return err
	}
	if err := p.parseNeg(); err != nil {
		return err
	}
	p.nest--
	if last := &p.ops[len(p.ops)-1]; last.code == opConst {
		last.arg = -last.arg
		return nil
	}
	return p.emit(opNeg, 0, pos)
}

// parseAtom parses: atom = number | "true" | "false" | name | "(" or ")".
func (p *exprParser) parseAtom() error {
	t := p.tok
	switch t.kind {
	case tkNum, tkTrue, tkFalse:
		v := t.val
		if t.kind == tkTrue {
			v = One
		}
		if err := p.emit(opConst, v, t.pos); err != nil {
			return err
		}
		return p.next()
	case tkName:
		slot, msg := slices.Index(p.names, t.text), ""
		if slot < 0 && p.resolve != nil {
			slot, msg = p.resolve(t.text)
		}
		if slot < 0 {
			if msg == "" {
				msg = p.unknownName(t.text)
			}
			err := p.errAt(t.pos, msg)
			err.Name = t.text
			return err
		}
		if err := p.emit(opLoad, Fix(slot), t.pos); err != nil {
			return err
		}
		return p.next()
	case tkLParen:
		if err := p.enter(t.pos); err != nil {
			return err
		}
		if err := p.next(); err != nil {
			return err
		}
		if err := p.parseOr(); err != nil {
			return err
		}
		switch p.tok.kind {
		case tkRParen:
		case tkEOF:
			return p.errAt(t.pos, `unclosed "("`)
		default:
			return p.unexpected(`")" or operator`)
		}
		p.nest--
		return p.next()
	case tkNot:
		return p.errAt(t.pos, `expected operand, found "not" (put "not ..." in parentheses)`)
	}
	return p.errAt(t.pos, "expected operand, found "+t.describe())
}

// unexpected returns an error at the current token saying what was expected
// instead of it, with a hint when the token is a miscased keyword.
func (p *exprParser) unexpected(expected string) *ExprError {
	msg := "expected " + expected + ", found " + p.tok.describe()
	if p.tok.kind == tkName {
		if hint := keywordHint(p.tok.text); hint != "" {
			msg += hint
		} else {
			msg += didYouMean(p.tok.text, []string{"and", "or"}) // where an operator may come, "andd" is one
		}
	}
	return p.errAt(p.tok.pos, msg)
}

// unknownName returns the error message for the unknown name, with a
// suggestion when one is close.
func (p *exprParser) unknownName(name string) string {
	if hint := keywordHint(name); hint != "" {
		return "unknown name " + strconv.Quote(name) + hint
	}
	return "unknown name " + strconv.Quote(name) + didYouMean(name, p.names)
}

// keywordHint returns ` (keywords are lower case: "kw")` if name is the
// keyword kw in another case, else "".
func keywordHint(name string) string {
	for kw := range exprKeywords {
		if strings.EqualFold(name, kw) {
			return ` (keywords are lower case: "` + kw + `")`
		}
	}
	return ""
}
