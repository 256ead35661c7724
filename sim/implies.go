package sim

import (
	"math"
	"slices"
)

// This file proves, where it can, that one condition holds whenever
// another does, for the lint that finds an end shadowed by an earlier one.
// The proof looks only at the compiled program: it knows nothing of the
// bounds of a metric or of the turn, so "supply >= 0" is not always true
// to it. What it cannot prove it does not claim.

// cond is a condition in negation normal form: not is pushed down onto
// comparisons (x >= a negated is x < a) and opaque terms.
type cond struct {
	kind  condKind
	kids  []cond   // for condAnd and condOr
	f     floor    // for condFloor: x >= f.at, or x < f.at when f.below
	ops   []exprOp // for condOpaque: the postfix program of the term
	truth bool     // for condConst, its value; for condOpaque, false when negated
}

type condKind uint8

const (
	condConst  condKind = iota // true or false
	condFloor                  // a comparison of a name with a number (see floors)
	condAnd                    // all kids hold
	condOr                     // some kid holds
	condOpaque                 // anything else, such as "a + b > 3" or "final": true when nonzero
)

// condOf returns e as a cond; the zero Expr is true.
func condOf(e *Expr) cond {
	if e.Empty() {
		return cond{kind: condConst, truth: true}
	}
	// Each subexpression of a postfix program is a contiguous run of it:
	// the stack holds, with each cond, where its run starts.
	type entry struct {
		c     cond
		start int
	}
	var st []entry
	for i, op := range e.ops {
		switch op.code {
		case opAtLeast:
			st = append(st, entry{cond{kind: condFloor, f: floor{slot: int(op.slot), at: op.arg, below: op.not, op: op.bin}}, i})
		case opConst:
			st = append(st, entry{cond{kind: condConst, truth: op.arg != 0}, i})
		case opFused:
			st = append(st, entry{fusedCond(op, e.ops[i:i+1]), i})
		case opLoad:
			st = append(st, entry{cond{kind: condOpaque, ops: e.ops[i : i+1], truth: true}, i})
		case opNot:
			st[len(st)-1].c = st[len(st)-1].c.negate()
		case opAnd, opOr:
			a, b := st[len(st)-2], st[len(st)-1]
			kind := condAnd
			if op.code == opOr {
				kind = condOr
			}
			st = st[:len(st)-1]
			st[len(st)-1] = entry{cond{kind: kind, kids: []cond{a.c, b.c}}, a.start}
		case opNeg:
			start := st[len(st)-1].start
			st[len(st)-1] = entry{cond{kind: condOpaque, ops: e.ops[start : i+1], truth: true}, start}
		default: // arithmetic or a comparison not of a name with a number
			start := st[len(st)-2].start
			st = st[:len(st)-1]
			st[len(st)-1] = entry{cond{kind: condOpaque, ops: e.ops[start : i+1], truth: true}, start}
		}
	}
	return st[0].c
}

// fusedCond returns the cond of a fused comparison not rewritten as an
// opAtLeast: "x == a" is x >= a and x <= a (x < a+1 in fixed point), so
// that "turn == 2 and turn >= 6" is seen to exclude itself; "x != a" is its
// negation. Any other is opaque.
func fusedCond(op exprOp, ops []exprOp) cond {
	if (op.bin == opEq || op.bin == opNe) && op.arg < math.MaxInt64 {
		slot := int(op.slot)
		eq := cond{kind: condAnd, kids: []cond{
			{kind: condFloor, f: floor{slot: slot, at: op.arg, op: opGe}},
			{kind: condFloor, f: floor{slot: slot, at: op.arg + 1, below: true, op: opLe}},
		}}
		if op.bin == opNe {
			return eq.negate()
		}
		return eq
	}
	return cond{kind: condOpaque, ops: ops, truth: true}
}

// negate returns not c, in negation normal form.
func (c cond) negate() cond {
	switch c.kind {
	case condConst, condOpaque:
		c.truth = !c.truth
	case condFloor:
		c.f.below = !c.f.below // not (x >= a) is x < a
	case condAnd, condOr:
		kids := make([]cond, len(c.kids))
		for i, k := range c.kids {
			kids[i] = k.negate()
		}
		kind := condOr
		if c.kind == condOr {
			kind = condAnd
		}
		return cond{kind: kind, kids: kids}
	}
	return c
}

// implies reports whether c holds whenever b does, as far as can be proven
// from the two programs; false means "not proven", not "does not".
func (b cond) implies(c cond) bool {
	if c.kind == condConst && c.truth {
		return true
	}
	switch {
	case b.kind == condFloor && c.kind == condFloor:
		if b.f.slot != c.f.slot || b.f.below != c.f.below {
			return false
		}
		if b.f.below { // x < b.at implies x < c.at when b.at <= c.at
			return b.f.at <= c.f.at
		}
		return b.f.at >= c.f.at
	case b.kind == condOpaque && c.kind == condOpaque:
		if b.truth == c.truth && slices.Equal(b.ops, c.ops) {
			return true
		}
	case b.kind == condConst && c.kind == condConst:
		return b.truth == c.truth
	}
	// All of an and, or each case of an or, must be proven; then one
	// term of an and that is enough, or one case of an or that follows.
	if c.kind == condAnd {
		for _, k := range c.kids {
			if !b.implies(k) {
				return false
			}
		}
		return true
	}
	if b.kind == condOr {
		for _, k := range b.kids {
			if !k.implies(c) {
				return false
			}
		}
		return true
	}
	if c.kind == condOr && slices.ContainsFunc(c.kids, b.implies) {
		return true
	}
	if b.kind == condAnd {
		return slices.ContainsFunc(b.kids, func(k cond) bool { return k.implies(c) })
	}
	return false
}
