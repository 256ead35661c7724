package sim

import (
	"errors"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// testExprNames and testExprEnv are the scope used by the expression tests.
var (
	testExprNames = []string{"turn", "cohesion", "escalation", "rok.support", "x", "y", "zero", "_n2", "turn"}
	testExprEnv   = []Fix{FixInt(3), FixInt(45), FixInt(80), 2500, FixInt(7), FixInt(-2), 0, 15000, FixInt(99)}
)

func TestExprEval(t *testing.T) {
	tests := []struct {
		src  string
		want Fix
	}{
		// Literals.
		{"3", FixInt(3)},
		{"50.5", 505000},
		{"0.25", 2500},
		{"0.0001", 1},
		{"1.2345", 12345},
		{"7.10", 71000},
		{".5", 5000},
		{"0", 0},
		{"922337203685476", 922337203685476 * One},
		{"true", One},
		{"false", 0},
		// Names, including dotted ones and a duplicate (the first slot wins).
		{"turn", FixInt(3)},
		{"rok.support", 2500},
		{"_n2", 15000},
		{"zero", 0},
		// Arithmetic and precedence.
		{"1 + 2 * 3", FixInt(7)},
		{"(1 + 2) * 3", FixInt(9)},
		{"10 - 4 - 3", FixInt(3)}, // left-associative
		{"100 / 10 / 5", FixInt(2)},
		{"2 * 3 + 4 * 5", FixInt(26)},
		{"x * rok.support", 17500},
		{"1 / 3", 3333},          // Div rounds toward zero
		{"-1 / 3", -3333},        // Div rounds toward zero
		{"0.0001 * 0.5", 1},      // Mul rounds half away from zero
		{"-0.0001 * 0.5", -1},    // Mul rounds half away from zero
		{"x / 0", 0},             // division by zero yields 0
		{"x / zero", 0},          // division by zero yields 0
		{"1 + x / (y + 2)", One}, // 1 + 7/0
		{"((((x))))", FixInt(7)},
		// Unary minus.
		{"-3", FixInt(-3)},
		{"--3", FixInt(3)},
		{"-x", FixInt(-7)},
		{"--x", FixInt(7)},
		{"-y * -y", FixInt(4)},
		{"2 - -3", FixInt(5)},
		{"-(1 + 2)", FixInt(-3)},
		{"-2 * 3", FixInt(-6)},
		{"- 0.5", -5000},
		// Comparisons yield One or 0.
		{"turn >= 3", One},
		{"turn > 3", 0},
		{"turn <= 3", One},
		{"turn < 3", 0},
		{"turn == 3", One},
		{"turn != 3", 0},
		{"rok.support == 0.25", One},
		{"rok.support == 0.2501", 0},
		{"1 + 1 == 2", One},
		{"y < -1.5", One},
		{"(1 < 2) + (2 < 3)", FixInt(2)},
		{"(turn < 5) == true", One},
		// Logic treats nonzero as true and yields One or 0.
		{"turn >= 3 and cohesion < 50 and escalation < 70", 0},
		{"turn >= 3 and cohesion < 50 and escalation < 90", One},
		{"turn > 5 or cohesion < 50", One},
		{"turn > 5 or cohesion > 50", 0},
		{"x and y", One},
		{"x and zero", 0},
		{"zero or 0.0001", One},
		{"not zero", One},
		{"not x", 0},
		{"not not x", One},
		{"not turn > 5", One}, // not binds looser than comparisons
		{"not turn > 5 and x", One},
		{"not (turn > 2 and x)", 0},
		{"true or false and false", One}, // and binds tighter than or
		{"(true or false) and false", 0},
		{"false and true or true", One},
		{"not false and false", 0}, // not binds tighter than and
		{"turn>=3 and(x)", One},    // no spaces needed around symbols
		{"\tturn\n>=\r\n3 ", One},  // any ASCII whitespace
	}
	for _, tt := range tests {
		e, err := compileExpr(tt.src, testExprNames)
		if err != nil {
			t.Errorf("compileExpr(%q): %v", tt.src, err)
			continue
		}
		if got := e.Eval(testExprEnv); got != tt.want {
			t.Errorf("%q = %v (%d), want %v (%d)", tt.src, got, int64(got), tt.want, int64(tt.want))
		}
		if got, want := e.True(testExprEnv), tt.want != 0; got != want {
			t.Errorf("%q: True = %v, want %v", tt.src, got, want)
		}
		if e.String() != tt.src {
			t.Errorf("%q: String = %q", tt.src, e.String())
		}
		if e.Empty() {
			t.Errorf("%q: Empty = true", tt.src)
		}
	}
}

func TestExprErrors(t *testing.T) {
	tests := []struct {
		src string
		col int
		msg string // substring of the message
	}{
		{"", 1, "empty expression"},
		{"   ", 1, "empty expression"},
		{"turn >", 7, "expected operand, found end of expression"},
		{"turn >= 3 and", 14, "expected operand, found end of expression"},
		{"turn >= and 3", 9, `expected operand, found "and"`},
		{"and turn", 1, `expected operand, found "and"`},
		{"turn >= 3 and or x", 15, `expected operand, found "or"`},
		{"* 2", 1, `expected operand, found "*"`},
		{"+2", 1, `expected operand, found "+"`},
		{"()", 2, `expected operand, found ")"`},
		{"x < not y", 5, `expected operand, found "not" (put "not ..." in parentheses)`},
		{"x y", 3, `expected operator or end of expression, found "y"`},
		{"x 3", 3, `expected operator or end of expression, found "3"`},
		{"x (y)", 3, `expected operator or end of expression, found "("`},
		{"(x + y", 1, `unclosed "("`},
		{"(x + (y * 2)", 1, `unclosed "("`},
		{"x + (y * (2)", 5, `unclosed "("`},
		{"x + y)", 6, `unmatched ")"`},
		{"(x + y))", 8, `unmatched ")"`},
		{"(x y)", 4, `expected ")" or operator, found "y"`},
		{"x < y < 3", 7, "comparisons cannot be chained"},
		{"x == y != 1", 8, "comparisons cannot be chained"},
		{"cohesoin < 50", 1, `unknown name "cohesoin" (did you mean "cohesion"?)`},
		{"turn >= 3 and cohesoin < 50", 15, `did you mean "cohesion"?`},
		{"rok.suport > 0", 1, `unknown name "rok.suport" (did you mean "rok.support"?)`},
		{"morale > 0", 1, `unknown name "morale"`},
		{"x AND y", 3, `expected operator or end of expression, found "AND" (keywords are lower case: "and")`},
		{"NOT x", 1, `unknown name "NOT" (keywords are lower case: "not")`},
		{"(x Or y)", 4, `expected ")" or operator, found "Or" (keywords are lower case: "or")`},
		{"True", 1, `keywords are lower case: "true"`},
		{"x && y", 3, `use "and" instead of "&&"`},
		{"x || y", 3, `use "or" instead of "||"`},
		{"x & y", 3, `use "and" instead of "&"`},
		{"x | y", 3, `use "or" instead of "|"`},
		{"!x", 1, `use "not" instead of "!"`},
		{"turn = 3", 6, `use "==" to compare`},
		{"turn => 3", 6, `use ">=" instead of "=>"`},
		{"turn =< 3", 6, `use "<=" instead of "=<"`},
		{"turn <> 3", 6, `use "!=" instead of "<>"`},
		{"x % 2", 3, `unexpected character "%"`},
		{"x >= 60%", 8, `unexpected character "%" (a number has no unit: write 60, not 60%, on a 0–100 metric)`},
		{"x >= 12.5 %", 11, `unexpected character "%"`},
		{"x # 2", 3, `unexpected character "#"`},
		{"x ≥ 2", 3, `use ">=" instead of "≥"`},
		{"x ≤ 2", 3, `use "<=" instead of "≤"`},
		{"x ≠ 2", 3, `use "!=" instead of "≠"`},
		{"x − 2", 3, `use "-" instead of "−"`},
		{"x ∧ y", 3, `use "and" instead of "∧"`},
		{"x andd y", 3, `expected operator or end of expression, found "andd" (did you mean "and"?)`},
		{"(x orr y)", 4, `expected ")" or operator, found "orr" (did you mean "or"?)`},
		{"x < 25 turn > 3", 8, `expected operator or end of expression, found "turn"`},
		{"x + \xff", 5, `unexpected character "\xff"`},
		{"x . y", 3, `unexpected character "."`},
		{"0.12345", 1, `number "0.12345" has more than 4 decimals`},
		{"x + 1.00000", 5, "has more than 4 decimals"},
		{"3.", 1, `invalid number "3.": expected digits after "."`},
		{"3.x", 1, `invalid number "3.x"`},
		{"1.2.3", 1, `invalid number "1.2.3"`},
		{"x > 3abc", 5, `invalid number "3abc"`},
		{"1e5", 1, `invalid number "1e5"`},
		{"turn>=3and x", 7, `invalid number "3and"`},
		{"922337203685477", 1, `number "922337203685477" is too large`},
		{"99999999999999999999999", 1, "is too large"},
		{strings.Repeat("x+", 256) + "x", 513, "expression too long (513 bytes, at most 512)"},
		{strings.Repeat("(", 33) + "x" + strings.Repeat(")", 33), 33, "nested too deeply"},
		{strings.Repeat("-", 33) + "x", 33, "nested too deeply"},
		{strings.Repeat("not ", 33) + "x", 129, "nested too deeply"},
		{strings.Repeat("- (", 20) + "x" + strings.Repeat(")", 20), 49, "nested too deeply"},
		{strings.Repeat("x+(", 32) + "x" + strings.Repeat(")", 32), 97, "expression too complex"},
		{strings.Repeat("x or (x and (x < x + x * (", 7) + "x" + strings.Repeat(")))", 7), 170, "expression too complex"},
	}
	for _, tt := range tests {
		e, err := compileExpr(tt.src, testExprNames)
		if err == nil {
			t.Errorf("compileExpr(%q) succeeded, want error %q", tt.src, tt.msg)
			continue
		}
		var ee *ExprError
		if !errors.As(err, &ee) {
			t.Errorf("compileExpr(%q): error %T is not *ExprError", tt.src, err)
			continue
		}
		if ee.Col != tt.col || !strings.Contains(ee.Msg, tt.msg) {
			t.Errorf("compileExpr(%q) = %q, want col %d: ...%s...", tt.src, err, tt.col, tt.msg)
		}
		if !strings.HasPrefix(err.Error(), "col ") {
			t.Errorf("compileExpr(%q): Error() = %q, want \"col N: ...\"", tt.src, err)
		}
		if !e.Empty() {
			t.Errorf("compileExpr(%q): failed compile returned a non-empty Expr", tt.src)
		}
	}
}

// TestExprLimits checks that expressions right at the limits compile and
// evaluate correctly.
func TestExprLimits(t *testing.T) {
	tests := []struct {
		src  string
		want Fix
	}{
		{strings.Repeat("x+", 255) + "10", FixInt(255*7 + 10)}, // 512 bytes
		{strings.Repeat("(", 32) + "x" + strings.Repeat(")", 32), FixInt(7)},
		{strings.Repeat("-", 32) + "x", FixInt(7)},
		{strings.Repeat("not ", 32) + "x", One},
		{strings.Repeat("1+(", 31) + "1" + strings.Repeat(")", 31), FixInt(32)}, // 32 stack slots
		{strings.Repeat("1+", 100) + "1", FixInt(101)},                          // long but shallow
	}
	for _, tt := range tests {
		e, err := compileExpr(tt.src, testExprNames)
		if err != nil {
			t.Errorf("compileExpr(%q): %v", tt.src, err)
			continue
		}
		if got := e.Eval(testExprEnv); got != tt.want {
			t.Errorf("%q = %v, want %v", tt.src, got, tt.want)
		}
	}
}

func TestExprZero(t *testing.T) {
	var e Expr
	if !e.Empty() || e.Eval(nil) != One || !e.True(nil) || e.String() != "" || e.Refs() != nil {
		t.Errorf("zero Expr: Empty=%v Eval=%v True=%v String=%q Refs=%v, want true 1 true \"\" nil",
			e.Empty(), e.Eval(nil), e.True(nil), e.String(), e.Refs())
	}
	var p *Expr
	if !p.Empty() || p.Eval(nil) != One || !p.True(nil) || p.String() != "" || p.Refs() != nil {
		t.Error("nil *Expr does not behave like the zero Expr")
	}
}

func TestExprRefs(t *testing.T) {
	tests := []struct {
		src  string
		want []int
	}{
		{"1 + 2", nil},
		{"turn >= 3", []int{0}},
		{"escalation < 70 and turn >= 3 and cohesion < 50 and turn < 10", []int{0, 1, 2}},
		{"_n2 * rok.support - x", []int{3, 4, 7}},
	}
	for _, tt := range tests {
		e, err := compileExpr(tt.src, testExprNames)
		if err != nil {
			t.Fatalf("compileExpr(%q): %v", tt.src, err)
		}
		got := e.Refs()
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: Refs = %v, want %v", tt.src, got, tt.want)
		}
		if len(got) > 0 {
			got[0] = -1 // the caller owns the result
			if e.Refs()[0] == -1 {
				t.Errorf("%q: Refs returns the Expr's own slice", tt.src)
			}
		}
	}
}

// refExpr is a node of an expression tree used to check the compiler against
// an independent evaluator and printer.
type refExpr struct {
	op   string // "num", "name", "not", "neg", or a binary operator
	val  Fix    // for "num"
	slot int    // for "name"
	l, r *refExpr
}

// refLevels gives each operator's precedence level, as in the grammar: or 1,
// and 2, not 3, comparisons 4, sum 5, product 6, negation 7, atoms 8.
var refLevels = map[string]int{
	"or": 1, "and": 2, "not": 3,
	"<": 4, "<=": 4, ">": 4, ">=": 4, "==": 4, "!=": 4,
	"+": 5, "-": 5, "*": 6, "/": 6, "neg": 7, "num": 8, "name": 8,
}

// randRefExpr returns a random tree of at most the given depth.
func randRefExpr(rng *rand.Rand, depth int) *refExpr {
	ops := []string{"or", "and", "not", "<", "<=", ">", ">=", "==", "!=", "+", "-", "*", "/", "neg"}
	if depth == 0 || rng.IntN(4) == 0 {
		if rng.IntN(2) == 0 {
			return &refExpr{op: "num", val: Fix(rng.IntN(4)) * One / Fix([]int{1, 2, 4, 10000}[rng.IntN(4)])}
		}
		return &refExpr{op: "name", slot: rng.IntN(len(testExprNames) - 1)}
	}
	e := &refExpr{op: ops[rng.IntN(len(ops))]}
	e.l = randRefExpr(rng, depth-1)
	if e.op != "not" && e.op != "neg" {
		e.r = randRefExpr(rng, depth-1)
	}
	return e
}

// print writes e with the fewest parentheses the grammar allows, wrapping it
// in parentheses if its level is below min.
func (e *refExpr) print(b *strings.Builder, min int) {
	lv := refLevels[e.op]
	if lv < min {
		b.WriteString("(")
		defer b.WriteString(")")
	}
	switch {
	case e.op == "num":
		b.WriteString(e.val.String())
	case e.op == "name":
		b.WriteString(testExprNames[e.slot])
	case e.op == "not":
		b.WriteString("not ")
		e.l.print(b, 3)
	case e.op == "neg":
		b.WriteString("-")
		e.l.print(b, 7)
	case lv == 4: // comparisons do not chain
		e.l.print(b, 5)
		b.WriteString(" " + e.op + " ")
		e.r.print(b, 5)
	default: // left-associative
		e.l.print(b, lv)
		b.WriteString(" " + e.op + " ")
		e.r.print(b, lv+1)
	}
}

// eval evaluates e directly.
func (e *refExpr) eval(env []Fix) Fix {
	switch e.op {
	case "num":
		return e.val
	case "name":
		return env[e.slot]
	case "not":
		return fixBool(e.l.eval(env) == 0)
	case "neg":
		return -e.l.eval(env)
	}
	a, b := e.l.eval(env), e.r.eval(env)
	switch e.op {
	case "or":
		return fixBool(a != 0 || b != 0)
	case "and":
		return fixBool(a != 0 && b != 0)
	case "<":
		return fixBool(a < b)
	case "<=":
		return fixBool(a <= b)
	case ">":
		return fixBool(a > b)
	case ">=":
		return fixBool(a >= b)
	case "==":
		return fixBool(a == b)
	case "!=":
		return fixBool(a != b)
	case "+":
		return a + b
	case "-":
		return a - b
	case "*":
		return a.Mul(b)
	}
	return a.Div(b)
}

// TestExprRandom compiles random expressions printed with minimal
// parentheses and checks Eval against a direct evaluation of the tree, which
// exercises precedence and associativity far beyond the hand-written tables.
func TestExprRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		tree := randRefExpr(rng, 4)
		var b strings.Builder
		tree.print(&b, 0)
		src := b.String()
		e, err := compileExpr(src, testExprNames)
		if err != nil {
			t.Fatalf("compileExpr(%q): %v", src, err)
		}
		if got, want := e.Eval(testExprEnv), tree.eval(testExprEnv); got != want {
			t.Fatalf("%q = %v, want %v", src, got, want)
		}
	}
}

// TestExprChains checks the short-circuited chains and the one-comparison
// ordering tests (see chainOf and atLeast) against a direct evaluation,
// with the names' values drawn from the constants' so that every
// comparison is also tried at its boundary.
func TestExprChains(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	cmps := []string{"<", "<=", ">", ">=", "==", "!=", "+", "*"}
	vals := []Fix{-One, -1, 0, 1, One / 2, One, FixInt(3)}
	env := make([]Fix, len(testExprNames))
	for range 20000 {
		join := []string{"and", "or"}[rng.IntN(2)]
		tree := &refExpr{op: "name", slot: rng.IntN(len(testExprNames) - 1)}
		for n := range 1 + rng.IntN(4) {
			term := &refExpr{op: "name", slot: rng.IntN(len(testExprNames) - 1)}
			if rng.IntN(4) > 0 {
				term = &refExpr{op: cmps[rng.IntN(len(cmps))], l: term, r: &refExpr{op: "num", val: vals[rng.IntN(len(vals))]}}
			}
			if n == 0 && rng.IntN(2) == 0 { // a comparison first, too
				tree, term = term, tree
			}
			tree = &refExpr{op: join, l: tree, r: term}
		}
		var b strings.Builder
		tree.print(&b, 0)
		src := b.String()
		e, err := compileExpr(src, testExprNames)
		if err != nil {
			t.Fatalf("compileExpr(%q): %v", src, err)
		}
		if e.chain == 0 {
			t.Fatalf("%q is not compiled as a chain", src)
		}
		for range 4 {
			for i := range env {
				env[i] = vals[rng.IntN(len(vals))]
			}
			if got, want := e.Eval(env), tree.eval(env); got != want {
				t.Fatalf("%q = %v with %v, want %v", src, got, env, want)
			}
		}
	}
	for _, src := range []string{"turn", "turn < 3", "not turn and x", "turn + 1 < 3 and x", "(turn or x) and y", "turn and x or y"} {
		if e, err := compileExpr(src, testExprNames); err != nil || e.chain != 0 {
			t.Errorf("%q: chain %d (%v), want none", src, e.chain, err)
		}
	}
}

func TestExprEvalAllocs(t *testing.T) {
	e, err := compileExpr("turn >= 3 and cohesion < 50 and (escalation - x * 2) / 3 < 70 or not rok.support", testExprNames)
	if err != nil {
		t.Fatal(err)
	}
	var sink Fix
	allocs := testing.AllocsPerRun(1000, func() {
		sink += e.Eval(testExprEnv)
		if e.True(testExprEnv) {
			sink++
		}
	})
	if allocs != 0 {
		t.Errorf("Eval allocates %v times per run, want 0", allocs)
	}
	_ = sink
}

func BenchmarkExprEval(b *testing.B) {
	e, err := compileExpr("turn >= 3 and cohesion < 50 and escalation < 70", testExprNames)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var sink Fix
	for b.Loop() {
		sink += e.Eval(testExprEnv)
	}
	_ = sink
}

// exprFuzzSeeds is the seed corpus of FuzzCompileExpr: good expressions and
// bad ones exercising every error.
var exprFuzzSeeds = []string{
	"turn >= 3 and cohesion < 50 and escalation < 70",
	"1 + 2 * 3",
	"-(x - -y) / (zero + 0.0001)",
	"not not (x or y) and rok.support != 0.25",
	"true == false",
	".5 * 3.1416",
	"x / 0",
	"",
	"x <",
	"x < y < z",
	"(x + y",
	"x + y)",
	"x && y || !z",
	"x = 3",
	"0.12345",
	"3abc",
	"99999999999999999999",
	"cohesoin < 50",
	"x ≥ 1",
	"\xff",
	"((((((((((((((((((((((((((((((((((x))))))))))))))))))))))))))))))))))",
	"x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+(x+x)))))))))))))))))))))))))))))))",
}

func FuzzCompileExpr(f *testing.F) {
	for _, s := range exprFuzzSeeds {
		f.Add(s, int64(0), int64(1))
	}
	f.Add("x * y / zero", int64(-1<<63), int64(-1))
	f.Add("x / y", int64(-1<<63), int64(-1))
	f.Fuzz(func(t *testing.T, src string, a, b int64) {
		e, err := compileExpr(src, testExprNames)
		if err != nil {
			var ee *ExprError
			if !errors.As(err, &ee) {
				t.Fatalf("compileExpr(%q): error %T is not *ExprError", src, err)
			}
			if ee.Col < 1 || ee.Col > len(src)+1 {
				t.Fatalf("compileExpr(%q): column %d outside 1..%d", src, ee.Col, len(src)+1)
			}
			if ee.Msg == "" {
				t.Fatalf("compileExpr(%q): empty message", src)
			}
			if !e.Empty() {
				t.Fatalf("compileExpr(%q): failed compile returned a non-empty Expr", src)
			}
			return
		}
		if e.Empty() || e.String() != src {
			t.Fatalf("compileExpr(%q): Empty=%v String=%q", src, e.Empty(), e.String())
		}
		for _, r := range e.Refs() {
			if r < 0 || r >= len(testExprNames) {
				t.Fatalf("compileExpr(%q): Refs has slot %d", src, r)
			}
		}
		env := make([]Fix, len(testExprNames))
		for i := range env {
			switch i % 3 {
			case 0:
				env[i] = Fix(a)
			case 1:
				env[i] = Fix(b)
			}
		}
		v := e.Eval(env)
		if v2 := e.Eval(env); v2 != v {
			t.Fatalf("%q: Eval not deterministic: %v then %v", src, v, v2)
		}
		_ = e.True(env)
	})
}

// TestExprOverflow checks that arithmetic too large for an int64 is held at
// ±exprLimit instead of wrapping around, which turned a large positive
// product or sum negative ("big * 100 < 0" held, "big * 100 > 1" did not).
func TestExprOverflow(t *testing.T) {
	names := []string{"big", "neg", "x"}
	env := []Fix{FixInt(1_000_000_000), FixInt(-1_000_000_000), FixInt(7)} // a metric's largest bounds
	tests := []struct {
		src  string
		want Fix
	}{
		{"big * 100 > 1", One},
		{"big * 100 < 0", 0},
		{"big * big > 0", One},
		{"big * neg < 0", One},
		{"neg * neg > 0", One},
		{"big * 100", FixInt(100_000_000_000)}, // exact: the product fits, its raw form did not
		{"big * big", exprLimit},
		{"big * neg", -exprLimit},
		{"big * 100000 * 100000 > 0", One},
		{"900000000000000 + 900000000000000 > 0", One},
		{"900000000000000 + 900000000000000", exprLimit},
		{"0 - 900000000000000 - 900000000000000 < 0", One},
		{"-900000000000000 - 900000000000000", -exprLimit},
		{"900000000000000 / 0.5 > 0", One},
		{"-900000000000000 / 0.5 < 0", One},
		{"900000000000000 / 0.0001", exprLimit},
		{"big / 0.0001", FixInt(10_000_000_000_000)},
		{"big * 2", FixInt(2_000_000_000)}, // exact when it fits
		{"big / 3", 3333333333333},         // truncated toward zero, as Div
		{"neg / 3", -3333333333333},
		{"x / 0", 0},
		{"big * 0.0001 * 0.5", FixInt(50_000)},
	}
	for _, tt := range tests {
		e, err := compileExpr(tt.src, names)
		if err != nil {
			t.Errorf("compileExpr(%q): %v", tt.src, err)
			continue
		}
		if got := e.Eval(env); got != tt.want {
			t.Errorf("%q = %v (%d), want %v (%d)", tt.src, got, int64(got), tt.want, int64(tt.want))
		}
	}
	// Where the product and quotient fit, the saturating operators agree
	// with Fix.Mul and Fix.Div exactly, however large the operands.
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		a := Fix(rng.Int64N(2*int64(exprLimit)) - int64(exprLimit))
		b := Fix(rng.Int64N(1 << uint(rng.IntN(62))))
		if rng.IntN(2) == 0 {
			b = -b
		}
		if hi, _ := bits.Mul64(absFix(a), absFix(b)); hi == 0 && absFix(a)*absFix(b) < 1<<62 {
			if got, want := exprMul(a, b), a.Mul(b); got != want {
				t.Fatalf("exprMul(%d, %d) = %d, want %d", a, b, got, want)
			}
		}
		if b != 0 {
			if hi, _ := bits.Mul64(absFix(a), uint64(One)); hi == 0 && absFix(a)*uint64(One) < 1<<62 {
				if got, want := exprDiv(a, b), a.Div(b); got != want && want.Clamp(-exprLimit, exprLimit) != got {
					t.Fatalf("exprDiv(%d, %d) = %d, want %d", a, b, got, want)
				}
			}
		}
	}
}

// TestThresholds: the constants a slot is compared with directly, on
// either side and however the comparison was compiled (fused, rewritten
// as at-least).
func TestThresholds(t *testing.T) {
	names := []string{"a", "b", "turn"}
	for _, tc := range []struct {
		src  string
		want []string
	}{
		{"a < 45", []string{"45"}},
		{"a <= 45.5 or a > 70", []string{"45.5", "70"}},
		{"turn >= 6 and a < 40 or a < 33", []string{"40", "33"}},
		{"45 > a", []string{"45"}},
		{"a == 3 and a != 4", []string{"3", "4"}},
		{"a + 5 < 45", nil},
		{"b < 45 and a * 2 > 10", nil},
		{"a < b", nil},
		{"a < 45 or a < 45", []string{"45"}},
	} {
		e, err := compileExpr(tc.src, names)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		var got []string
		for _, x := range e.Thresholds(0) {
			got = append(got, x.String())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: thresholds of a %q, want %q", tc.src, got, tc.want)
		}
	}
}
