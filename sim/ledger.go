package sim

// CauseKind says what kind of thing moved a metric.
type CauseKind uint8

// Cause kinds. Cause (in Entry) indexes the matching list: levers for
// CauseLever and CauseDelayed, actions for CauseAction, injects for
// CauseInject and CauseChoice, sides for CauseAlignment.
const (
	CauseNone       CauseKind = iota
	CauseLever                // an allocation this turn
	CauseDelayed              // an allocation from an earlier turn that matured now
	CauseAction               // an adversary move (Success says which outcome)
	CauseInject               // an event
	CauseChoice               // the players' answer to an event
	CauseAlignment            // how well one ally's allocation served the other's priorities
	CauseCommitment           // points short of the minimum visible commitment
	CauseDecay                // drift toward the baseline
	CauseClamp                // the part of a change cut off by the metric's bounds
	CauseRounding             // fixed-point rounding of a derived metric
	CauseOverride             // a White-cell override
	CauseHidden               // never recorded: a cause the side reading the ledger may not see (see Compiled.Fogged)
)

var causeNames = [...]string{"none", "lever", "delayed", "action", "inject", "choice", "alignment", "commitment", "decay", "clamp", "rounding", "override", "hidden"}

// String returns the kind's name as used in JSON and CSV output.
func (k CauseKind) String() string {
	if int(k) < len(causeNames) {
		return causeNames[k]
	}
	return "unknown"
}

// Entry is one line of the provenance ledger: one cause's change to one
// metric. For every metric, the entries of a turn sum exactly to the change
// between Result.Before and Result.After.
//
// Deterrence is derived (100 × capability × resolve × communication); its
// entries repeat the causes of the components' entries, with Via naming the
// component. Each component entry δ on factor x gets δ × 100 ×
// [(y₀z₀ + y₁z₁)/3 + (y₀z₁ + y₁z₀)/6], where y and z are the other two
// factors at the start (₀) and end (₁) of the turn: the Shapley split of
// the product's change, which sums to the change exactly up to fixed-point
// rounding; that remainder is its own CauseRounding entry.
type Entry struct {
	Metric  int
	Kind    CauseKind
	Success bool // for CauseAction, whether the move succeeded
	Cause   int  // index into the list the Kind names; −1 if none
	Side    int  // side the cause belongs to; −1 if none
	Choice  int  // for CauseChoice, the choice index; −1 otherwise
	Via     int  // for deterrence entries, the component metric; −1 otherwise
	Delta   Fix
	Mult    Fix // joint multiplier applied to a lever's effect; 0 if none
	Roll    Fix // the die for CauseAction (uniform in [0,1)); −1 if none, or if the White cell decided the move
	P       Fix // the success chance the die was compared with
}

// record moves a metric by e.Delta and writes e to the ledger. Callers on
// the turn's hot paths call shift instead when the ledger is off, so that
// the entry is not even built.
func (g *Game) record(e Entry) {
	if !g.noLedger {
		g.ledger = append(g.ledger, e)
	}
	g.shift(e.Metric, e.Delta)
}

// shift moves metric m by d: record without the ledger.
func (g *Game) shift(m int, d Fix) {
	g.st.vals[m] += d
	g.requiresFresh = false
}

func (g *Game) add(metric int, delta Fix, kind CauseKind, cause, side int) {
	if delta == 0 {
		return
	}
	if g.noLedger {
		g.shift(metric, delta)
		return
	}
	g.record(Entry{Metric: metric, Kind: kind, Cause: cause, Side: side, Choice: -1, Via: -1, Delta: delta, Roll: -1})
}
