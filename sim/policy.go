package sim

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Policy plays an allied side: it writes that side's points and its answers
// to the injects it decides into o. A policy reads the side's View and draws
// only from the side's own planning stream, so it never sees future dice or
// which signals are bluffs, and changing it never shifts other dice.
type Policy interface {
	Name() string
	Plan(g *Game, side int, o *Orders)
}

// Weights is a fixed-weight policy: what the side values and how it spends.
// It is also the format of a policy TOML file.
type Weights struct {
	// Name labels the policy in output; in a file it may not be a built-in
	// policy's (ParsePolicy), and left out it is the file's name.
	Name string `toml:"name"`
	// Value of one point of each category of metric (on a 0–100 scale).
	Deterrence float64 `toml:"deterrence"`
	Resilience float64 `toml:"resilience"`
	Alliance   float64 `toml:"alliance"`
	Domestic   float64 `toml:"domestic"`
	Adversary  float64 `toml:"adversary"` // value of holding down adversary gains
	Escalation float64 `toml:"escalation"`
	Intel      float64 `toml:"intel"`
	Other      float64 `toml:"other"`
	// Defence values blocking the moves the adversary signalled.
	Defence float64 `toml:"defence"`
	// Align values serving the allies' priorities over one's own.
	Align float64 `toml:"align"`
	// Spend is the share of the available budget the side is willing to
	// spend (0–1); a free-rider spends only its visible commitment.
	Spend float64 `toml:"spend"`
	// MinimumOnly spends only the minimum visible commitment, on visible
	// levers, and nothing else.
	MinimumOnly bool `toml:"minimum_only"`
}

// Built-in fixed-weight policies.
var builtinWeights = map[string]Weights{
	"balanced":         {Deterrence: 1, Resilience: 1, Alliance: 1, Domestic: 1, Adversary: 1, Escalation: 1, Intel: 0.5, Other: 0.5, Defence: 1, Align: 1, Spend: 1},
	"deterrence-first": {Deterrence: 3, Resilience: 0.5, Alliance: 0.5, Domestic: 0.5, Adversary: 1, Escalation: 0.5, Intel: 0.5, Other: 0.2, Defence: 1.5, Align: 0.3, Spend: 1},
	"resilience-first": {Deterrence: 0.5, Resilience: 3, Alliance: 0.7, Domestic: 1.5, Adversary: 1.5, Escalation: 1, Intel: 0.5, Other: 0.5, Defence: 1.5, Align: 0.5, Spend: 1},
	"alliance-first":   {Deterrence: 0.7, Resilience: 0.7, Alliance: 3, Domestic: 1, Adversary: 0.7, Escalation: 1, Intel: 1, Other: 0.5, Defence: 0.7, Align: 3, Spend: 1},
	"free-rider":       {Deterrence: 0.3, Resilience: 0.3, Alliance: 0.1, Domestic: 2, Adversary: 0.3, Escalation: 1, Intel: 0.1, Other: 0.2, Defence: 0.3, Align: 0, Spend: 0.4, MinimumOnly: true},
}

// policySummaries say in a few words how each built-in policy spends:
// kept beside the weights they describe.
var policySummaries = map[string]string{
	"balanced":         "weighs every line of effort alike",
	"deterrence-first": "puts deterrence first",
	"resilience-first": "puts resilience, the economy and its public first",
	"alliance-first":   "puts cohesion and the allies' priorities first",
	"free-rider":       "spends only its visible minimum",
	"lookahead":        "plays each doctrine on, keeps the best (the strongest)",
}

// PolicySummary says in a few words how the built-in policy name plays
// ("" for a name that is none).
func PolicySummary(name string) string { return policySummaries[name] }

// doctrines are the fixed-weight policies that each stand for a way of
// spending, in the order players meet them: the plans lookahead weighs,
// and those a solo player's adviser offers (free-rider is a foil, not one).
var doctrines = []string{"balanced", "deterrence-first", "resilience-first", "alliance-first"}

// Doctrines lists the fixed-weight policies that stand for a way of
// spending (balanced, deterrence-first, resilience-first, alliance-first):
// the candidate plans lookahead weighs. The slice is the caller's.
func Doctrines() []string { return slices.Clone(doctrines) }

// PolicyNames lists the built-in policies.
func PolicyNames() []string {
	names := []string{"lookahead"}
	for k := range builtinWeights {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// PolicyByName returns a built-in policy.
func PolicyByName(name string) (Policy, error) {
	if name == "lookahead" {
		// Each doctrine kept to by every ally to the end, or twelve turns
		// on (a flagship's length), on eight futures. Four turns ahead on
		// six, with the other allies balanced in them, won 77.6 / 62.8 /
		// 56.8% of gray-zone, taiwan-strait and thaad-pressure games (1,000
		// each), below the best doctrine in two; this 91.4 / 75.4 / 81.4%
		// (true wins 29.8 / 58.0 / 52.6%; the scenarios as of late November
		// 2026), above the best doctrine in each, at about 1 ms a plan. The
		// horizon keeps a game of a thousand turns from costing the square
		// of its length.
		return Lookahead{Depth: lookaheadHorizon, Samples: 8}, nil
	}
	w, ok := builtinWeights[name]
	if !ok {
		return nil, fmt.Errorf("unknown policy %q: one of %s, or the path of a policy .toml file%s", name, strings.Join(PolicyNames(), ", "), didYouMean(name, PolicyNames()))
	}
	w.Name = name
	return newFixedPolicy(w), nil
}

// ParsePolicy reads a policy TOML file of fixed weights (see Weights). Its
// name is the file's name without .toml unless it has a name key; a name
// key may not be a built-in policy's ("balanced": the file plays its own
// weights, and would be shown and journalled as the built-in), and a file
// named after one (balanced.toml) is named with its .toml.
func ParsePolicy(file string, data []byte) (Policy, error) { return parsePolicy(file, data, true) }

// ParseRecordedPolicy is ParsePolicy for a policy file a journal recorded
// when its game began: a name key that is a built-in policy's, refused
// since November 2026, is kept as the game was played under it, so that a
// journal made before still loads, replays and reports.
func ParseRecordedPolicy(file string, data []byte) (Policy, error) {
	return parsePolicy(file, data, false)
}

// parsePolicy is ParsePolicy; strict refuses a built-in's name.
func parsePolicy(file string, data []byte, strict bool) (Policy, error) {
	var w Weights
	if len(data) > 64<<10 {
		return nil, fmt.Errorf("%s: a policy file may be at most 64 KiB", file)
	}
	// Errors name the key's line and column, as a scenario's do.
	pos := scanTOMLPositions(string(data))
	at := func(key string) string {
		if p := pos.lookup(key); p.Line > 0 {
			return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
		}
		return file
	}
	md, err := toml.Decode(string(data), &w)
	if err != nil {
		if pe, ok := err.(toml.ParseError); ok {
			return nil, fmt.Errorf("%s:%d:%d: %s", file, pe.Position.Line, pe.Position.Col, pe.Message)
		}
		// A value of the wrong type: "toml: line 3 (last key "deterrence"):
		// incompatible types: TOML value has type string; destination has
		// type float".
		if m := policyTypeError.FindStringSubmatch(err.Error()); m != nil {
			where := at(m[2])
			if where == file {
				where = file + ":" + m[1]
			}
			want := map[string]string{"float": "a number", "string": "a string in quotes", "bool": "true or false", "boolean": "true or false"}[m[4]]
			if want == "" {
				want = "a " + m[4]
			}
			got := map[string]string{"int64": "a whole number", "float64": "a number", "string": "a string", "bool": "true or false", "[]any": "an array", "map[string]any": "a table"}[m[3]]
			if got == "" {
				got = "a TOML " + m[3]
			}
			return nil, fmt.Errorf("%s: %s must be %s, not %s", where, Sanitize(m[2], false), want, got)
		}
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	_, names := tomlFields(typeOfWeights)
	for _, k := range md.Undecoded() {
		return nil, fmt.Errorf("%s: unknown key %q%s", at(k.String()), k.String(), didYouMean(k.String(), names))
	}
	if w.Spend < 0 || w.Spend > 1 {
		return nil, fmt.Errorf("%s: spend must be between 0 and 1, not %g", at("spend"), w.Spend)
	}
	// A weight is a value on the scale of the built-in policies' (0–3); a
	// non-finite or enormous one would overflow the planner's fixed-point
	// products into nonsense.
	for _, f := range []struct {
		key string
		v   float64
	}{{"deterrence", w.Deterrence}, {"resilience", w.Resilience}, {"alliance", w.Alliance}, {"domestic", w.Domestic},
		{"adversary", w.Adversary}, {"escalation", w.Escalation}, {"intel", w.Intel}, {"other", w.Other}, {"defence", w.Defence}, {"align", w.Align}} {
		if math.IsNaN(f.v) || math.Abs(f.v) > maxWeight {
			return nil, fmt.Errorf("%s: %s must be a number between -%d and %d (the built-in policies use 0 to 3), not %g", at(f.key), f.key, maxWeight, maxWeight, f.v)
		}
	}
	if !md.IsDefined("spend") {
		w.Spend = 1
	}
	builtin := func(name string) bool {
		return slices.Contains(PolicyNames(), strings.ToLower(strings.TrimSpace(name)))
	}
	if w.Name != "" && builtin(w.Name) && strict {
		return nil, fmt.Errorf("%s: name %q is a built-in policy's: give this file's policy a name of its own (it plays its own weights, and would be shown as the built-in), or leave name out to use the file's name", at("name"), Sanitize(w.Name, false))
	}
	if w.Name == "" {
		base := file[strings.LastIndexAny(file, `/\`)+1:]
		if w.Name = strings.TrimSuffix(base, ".toml"); builtin(w.Name) {
			w.Name = base // balanced.toml, not balanced
		}
	}
	w.Name = Sanitize(w.Name, false)
	return newFixedPolicy(w), nil
}

// policyTypeError matches the toml package's error for a value of the
// wrong type: its line, key, the value's type and the wanted one.
var policyTypeError = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type (.+); destination has type (.+)$`)

var typeOfWeights = reflect.TypeOf(Weights{})

// maxWeight bounds a policy file's weights.
const maxWeight = 1000

type fixedPolicy struct {
	w  Weights
	fw fixWeights // w in fixed point, converted once
}

func newFixedPolicy(w Weights) *fixedPolicy {
	return &fixedPolicy{w: w, fw: w.fix()}
}

func (p *fixedPolicy) Name() string { return p.w.Name }

func (p *fixedPolicy) Plan(g *Game, side int, o *Orders) {
	g.planbuf.plan(g, side, &p.fw, o)
}

// fixWeights is a Weights in fixed point, as the planner uses it. A policy
// converts its weights once, when it is made, rather than every turn;
// FixFromFloat gives the same Fix whenever it is called.
type fixWeights struct {
	cat         [numCategories]Fix // per metric category
	defence     Fix
	align       Fix
	spend       Fix
	minimumOnly bool
}

func (w *Weights) fix() fixWeights {
	cats := [numCategories]float64{w.Deterrence, w.Resilience, w.Alliance, w.Domestic, w.Adversary, w.Escalation, w.Intel, w.Other}
	fw := fixWeights{defence: FixFromFloat(w.Defence), align: FixFromFloat(w.Align), spend: FixFromFloat(w.Spend), minimumOnly: w.MinimumOnly}
	for i, x := range cats {
		fw.cat[i] = FixFromFloat(x)
	}
	return fw
}

// planner holds the scratch a fixed-weight policy needs, so that planning
// allocates nothing.
type planner struct {
	view View
	k    *planConst // the scenario's part, shared by clones
	// tables holds, per (weights, side) planned for, the values that do not
	// depend on the state (see weightTables); entries are never changed once
	// made, so clones share them.
	tables []*weightTables
	catW   [numCategories]Fix
	metric []Fix // value of one unit of each metric
	danger []Fix // per domain: marginal value of a point of defence
	points []int
	lever  []leverPlan // per lever
	cache  []Fix       // per lever: current marginal score
	cost   []Fix       // per lever: its cost, kept close at hand for the greedy loop
	// compSum holds, per lever, Σ delta × value over its effects on the
	// deterrence components, for the components' values compKey (once
	// compOK). Their value depends on the deterrence weight and the state,
	// not on the side, so of the allies planning with the same weights in a
	// turn the first makes the sums and the others find them.
	compSum []Fix
	compKey [3]Fix
	compOK  bool
	// adj holds, per lever, what the room correction takes off the value
	// of its effects this plan (see roomAdjust); adjusted is set if any is
	// not 0.
	adj      []Fix
	adjusted bool
	// flats holds, per side, each lever's flat value (alignValue) for the
	// priorities and weights it was found for: they move only when the
	// allies consult, so most turns find them made.
	flats []flatMemo
}

// flatMemo is one side's flat values: flat[l] for lever l, for the other
// allies' priorities prio and the weights' align and alliance values.
type flatMemo struct {
	ok              bool
	prio            []Fix
	align, alliance Fix
	flat            []Fix
}

// planConst is what planning needs of the scenario whatever the weights:
// made once per Game and shared, read-only, by its clones.
type planConst struct {
	metricInfo []metricPlan // per metric
	levers     []leverPlan  // per lever, its constants (a planner copies them)
	// The effects on the deterrence components (metrics MCapability to
	// MCommunication), whose value depends on the state, of each action's
	// success and failure, and of the shortfall.
	succComp, failComp [][]Effect
	shortComp          []Effect
	minCost            Fix // the cheapest lever's cost
	// The room correction (see roomDelta): watch lists the metrics some
	// lever moves, and moves[m] the levers' effects on metric m.
	watch []watchedMetric
	moves [][]leverMove
}

// watchedMetric is a metric some lever moves. While its value is within
// [lo, hi], every effect on it has room enough and counts in full, and
// plan looks no further (see wholeRange).
type watchedMetric struct {
	metric int
	lo, hi Fix
}

// leverMove is one lever's effect on a metric: delta per point of worth,
// landing after the lever's delay, by when keep is the share of the
// metric's distance from its baseline that decay leaves (One if none).
type leverMove struct {
	lever       int
	delta, keep Fix
}

// metricPlan is what valuing a metric needs of the scenario, set once.
type metricPlan struct {
	cat      int
	unit     Fix  // 100 ÷ the span, if spanned
	spanned  bool // not a component, and its span is not 0
	comp     bool // a factor of deterrence
	domestic bool // of the domestic category
	triple   bool // the verdict turns on it (or, for a component, on deterrence)
	goodLow  bool
}

// value is the value of one unit of metric m to a side whose public is
// support (−1 for none), under category weights catW, at rung: its weight ×
// its unit (deterrence components at their marginal worth to the product:
// prod holds ∂(c·r·m)/∂c for each component in turn, before the × 100).
func (mp *metricPlan) value(m int, catW *[numCategories]Fix, support, rung int, prod *[3]Fix) Fix {
	val := catW[mp.cat]
	switch {
	case mp.comp:
		val = val.Mul(prod[m-MCapability] * 100)
	case mp.spanned:
		val = val.Mul(mp.unit)
	}
	if m == MEscalation {
		val = val.Mul(FixInt(1 + rung)) // the nearer the brink, the dearer each point
	}
	if mp.domestic && support >= 0 && m != support {
		val /= 2 // a government cares most about its own public
	}
	if mp.triple {
		val *= 3 // the verdict turns on it
	}
	if mp.goodLow {
		val = -val
	}
	return val
}

// weightTables holds, for one side planning with one set of weights, what
// plan and scoreLevers would otherwise recompute every turn although it
// depends only on the rung: every metric's value but the deterrence
// components' (whose value depends on the other two components), and the
// sums of effect × value over the other metrics, per rung. Fix.Mul rounds
// each product, but integer addition of the same rounded products is
// exact in any order, so a plan from the tables is the plan the products
// taken one by one every turn would give.
type weightTables struct {
	w    fixWeights
	side int
	// Per rung (0–4): metric[r][m] is metric m's value, 0 for the
	// components; eff[r][l] is Σ delta × value over lever l's effects,
	// harm[r][a] action a's harm (Σ over its failure less Σ over its
	// success), visBonus[r] −Σ over the shortfall, all with the components
	// at 0 (their terms are added per turn).
	metric, eff, harm [5][]Fix
	visBonus          [5]Fix
	conv              []Fix // per lever: the value of its convergence
}

func newWeightTables(c *Compiled, k *planConst, side int, w *fixWeights) *weightTables {
	t := &weightTables{w: *w, side: side, conv: make([]Fix, len(c.Levers))}
	support := c.Sides[side].Support
	var noProd [3]Fix
	for r := range t.metric {
		metric := make([]Fix, len(c.Metrics))
		for m := range metric {
			if mp := &k.metricInfo[m]; !mp.comp {
				metric[m] = mp.value(m, &w.cat, support, r, &noProd)
			}
		}
		// A component's value is 0 here, and so are its products: each sum
		// below holds the other metrics' terms alone.
		eff := make([]Fix, len(c.Levers))
		for l := range c.Levers {
			for _, e := range c.Levers[l].Effects {
				eff[l] += e.Delta.Mul(metric[e.Metric])
			}
		}
		harm := make([]Fix, len(c.Actions))
		for a := range c.Actions {
			ai := &c.Actions[a]
			for _, e := range ai.Success {
				harm[a] -= e.Delta.Mul(metric[e.Metric])
			}
			for _, e := range ai.Failure {
				harm[a] += e.Delta.Mul(metric[e.Metric])
			}
		}
		for _, e := range c.Shortfall {
			t.visBonus[r] -= e.Delta.Mul(metric[e.Metric])
		}
		t.metric[r], t.eff[r], t.harm[r] = metric, eff, harm
	}
	for l := range c.Levers {
		if cv := c.Levers[l].Converge; cv != 0 {
			t.conv[l] = cv.Mul(w.cat[CatAlliance]) * 4
		}
	}
	return t
}

// maxWeightTables bounds a planner's tables: a game planned with ever new
// weights starts them afresh rather than growing without end.
const maxWeightTables = 64

// tablesFor returns the tables for side planning with w, making them the
// first time. Weights are compared by value, so a policy's weights made
// anew (as Lookahead makes its candidates') find their tables.
func (pl *planner) tablesFor(c *Compiled, side int, w *fixWeights) *weightTables {
	for _, t := range pl.tables {
		if t.side == side && t.w == *w {
			return t
		}
	}
	if len(pl.tables) >= maxWeightTables {
		pl.tables = pl.tables[:0]
	}
	t := newWeightTables(c, pl.k, side, w)
	pl.tables = append(pl.tables, t)
	return t
}

// leverPlan is what the greedy loop needs of one lever: the scenario's
// constants (set once) and this plan's values.
type leverPlan struct {
	// The scenario's.
	max, delay int
	cost       Fix
	visible    bool
	joint      bool
	serves     uint64
	defends    uint64   // bit d&63 set if the lever defends domain d
	defend     []Effect // LeverInfo.Defend
	comp       []Effect // its effects on the deterrence components
	// dws[j][k]: the worth of point k+1, under the joint multiplier One,
	// Solo or Joint (j = 0, 1, 2).
	dws [3][]Fix
	// This plan's.
	lim    int   // the points the side may buy: max, or 0 if it may not buy it (locked; not visible, for a minimum-only policy)
	j      uint8 // the index in dws of the expected joint multiplier
	score  Fix   // value per point of worth
	flat   Fix   // value per point regardless of worth
	join   Fix   // value of the first point beyond its own: a lead's points it lifts to joint (FollowLeads)
	jitter Fix   // tie-breaking factor near 1
}

// marginal is the score of one more point on a lever that has k points:
// its value per budget point, × the jitter; bonus is added for a visible
// lever (the value of meeting the minimum visible commitment, or 0 once it
// is met). 0 if the side may not buy another point.
func (lp *leverPlan) marginal(k int, bonus Fix) Fix {
	if k >= lp.lim {
		return 0
	}
	s := lp.score.Mul(lp.dws[lp.j][k]) + lp.flat
	if k == 0 {
		s += lp.join
	}
	if lp.visible {
		s += bonus
	}
	if lp.cost != One {
		s = s.Div(lp.cost)
	}
	return s.Mul(lp.jitter)
}

func newPlanConst(c *Compiled) *planConst {
	k := &planConst{
		metricInfo: make([]metricPlan, len(c.Metrics)),
		levers:     make([]leverPlan, len(c.Levers)),
		succComp:   make([][]Effect, len(c.Actions)),
		failComp:   make([][]Effect, len(c.Actions)),
	}
	for m := range c.Metrics {
		mi := &c.Metrics[m]
		mp := metricPlan{cat: mi.Category, comp: mi.Component, domestic: mi.Category == CatDomestic,
			triple: c.Stakes[m] || (mi.Component && c.Stakes[MDeterrence]), goodLow: mi.GoodLow}
		if span := mi.Max - mi.Min; !mi.Component && span != 0 {
			mp.unit, mp.spanned = FixInt(100).Div(span), true
		}
		k.metricInfo[m] = mp
	}
	comp := func(es []Effect) []Effect {
		var out []Effect
		for _, e := range es {
			if k.metricInfo[e.Metric].comp {
				out = append(out, e)
			}
		}
		return out
	}
	for l := range c.Levers {
		li := &c.Levers[l]
		lp := leverPlan{max: li.Max, delay: li.Delay, cost: li.Cost, visible: li.Visible, joint: li.IsJoint,
			serves: li.Serves, defend: li.Defend, comp: comp(li.Effects)}
		one := make([]Fix, li.Max)
		for n := range one {
			one[n] = li.Cum[n+1] - li.Cum[n]
		}
		times := func(m Fix) []Fix { // one, each × m, as Step takes the product
			out := make([]Fix, len(one))
			for n := range one {
				out[n] = one[n].mulJoint(m)
			}
			return out
		}
		lp.dws = [3][]Fix{one, one, one}
		if li.IsJoint {
			lp.dws[1], lp.dws[2] = times(li.Solo), times(li.Joint)
		}
		for _, e := range li.Defend {
			lp.defends |= 1 << (e.Metric & 63)
		}
		k.levers[l] = lp
		if l == 0 || li.Cost < k.minCost {
			k.minCost = li.Cost
		}
	}
	for a := range c.Actions {
		k.succComp[a] = comp(c.Actions[a].Success)
		k.failComp[a] = comp(c.Actions[a].Failure)
	}
	k.shortComp = comp(c.Shortfall)
	k.moves = make([][]leverMove, len(c.Metrics))
	for m := range c.Metrics {
		mi := &c.Metrics[m]
		if mi.Derived {
			continue
		}
		wm := watchedMetric{metric: m, lo: math.MinInt64, hi: math.MaxInt64}
		for l := range c.Levers {
			li := &c.Levers[l]
			for _, e := range li.Effects {
				if e.Metric != m || e.Delta == 0 {
					continue
				}
				keep := decayKeep(mi, li.Delay)
				k.moves[m] = append(k.moves[m], leverMove{lever: l, delta: e.Delta, keep: keep})
				lo, hi := wholeRange(mi, e.Delta, keep)
				wm.lo, wm.hi = max(wm.lo, lo), min(wm.hi, hi)
			}
		}
		if len(k.moves[m]) > 0 {
			k.watch = append(k.watch, wm)
		}
	}
	return k
}

// decayKeep is the share of metric mi's distance from its baseline that
// its decay leaves after delay turns: (1 − decay)^delay, One if it does
// not decay.
func decayKeep(mi *MetricInfo, delay int) Fix {
	keep := One
	if mi.Decay != 0 {
		for range delay {
			keep = keep.Mul(One - mi.Decay)
		}
	}
	return keep
}

// wholeRange returns values lo and hi of metric mi between which
// roomDelta(mi, v, delta, keep) is delta, for no room is lacking: for an
// effect that lands now, up to the maximum less delta or down to the
// minimum less it; for a delayed one, the values from which decay brings
// the metric there (or, if decay brings it to its baseline, every value or
// none), narrowed a little for Mul's rounding. lo > hi if there are none.
func wholeRange(mi *MetricInfo, delta, keep Fix) (lo, hi Fix) {
	lo, hi = math.MinInt64, math.MaxInt64
	switch {
	case keep == One && delta > 0:
		hi = mi.Max - delta
	case keep == One:
		lo = mi.Min - delta
	case keep <= 0: // it lands with the metric at its baseline
		if roomDelta(mi, mi.Baseline, delta, keep) != delta {
			lo, hi = One, 0
		}
	default: // it lands at b + (v − b) × keep, to within half a unit
		b, margin := mi.Baseline, Fix(int64(One)/int64(keep))+2
		if delta > 0 {
			hi = b + (mi.Max - delta - b).Div(keep) - margin
		} else {
			lo = b + (mi.Min - delta - b).Div(keep) + margin
		}
	}
	return lo, hi
}

// roomDelta is delta, an effect on metric mi, as the planner counts it
// when the metric is at v: no more than the room the metric has in
// delta's direction, so that what the clamp would take back is worth
// nothing (sign(delta) × min(|delta|, room)). An effect that lands later
// (keep < One, see decayKeep) is measured against the value decay would
// bring the metric to by then, v moved toward the baseline: the planner's
// forecast of a metric is where it is now, as it drifts.
func roomDelta(mi *MetricInfo, v, delta, keep Fix) Fix {
	if keep != One {
		v = mi.Baseline + (v - mi.Baseline).Mul(keep)
	}
	if delta > 0 {
		return min(delta, max(mi.Max-v, 0))
	}
	return max(delta, min(mi.Min-v, 0))
}

// roomAdjust sets pl.adj, per lever, to what the room correction
// (roomDelta) takes off the sum of its effects' values, for the metric
// values vals and their values to the side per unit, metric. Most turns
// no metric is within a point's reach of a bound, and it costs a few
// comparisons a metric.
func (pl *planner) roomAdjust(c *Compiled, vals, metric []Fix) {
	if pl.adjusted {
		clear(pl.adj)
		pl.adjusted = false
	}
	for _, wm := range pl.k.watch {
		v := vals[wm.metric]
		if v >= wm.lo && v <= wm.hi {
			continue
		}
		mi, val := &c.Metrics[wm.metric], metric[wm.metric]
		up, down := max(mi.Max-v, 0), max(v-mi.Min, 0) // the room now, as roomDelta finds it
		for _, mv := range pl.k.moves[wm.metric] {
			d := min(max(mv.delta, -down), up)
			if mv.keep != One {
				d = roomDelta(mi, v, mv.delta, mv.keep)
			}
			if d != mv.delta {
				pl.adj[mv.lever] += d.Mul(val) - mv.delta.Mul(val)
				pl.adjusted = true
			}
		}
	}
}

// newPlanner returns a planner for c; k and tables, if not nil, are
// another planner's for c, to be shared.
func newPlanner(c *Compiled, k *planConst, tables []*weightTables) planner {
	if k == nil {
		k = newPlanConst(c)
	}
	lever := slices.Clone(k.levers)
	cost := make([]Fix, len(c.Levers))
	for l := range c.Levers {
		cost[l] = c.Levers[l].Cost
	}
	return planner{
		k:       k,
		tables:  append([]*weightTables(nil), tables...),
		metric:  make([]Fix, len(c.Metrics)),
		danger:  make([]Fix, len(c.Domains)),
		points:  make([]int, len(c.Levers)),
		lever:   lever,
		cache:   make([]Fix, len(c.Levers)),
		cost:    cost,
		compSum: make([]Fix, len(c.Levers)),
		adj:     make([]Fix, len(c.Levers)),
		flats:   make([]flatMemo, len(c.Sides)),
		view: View{Metrics: make([]Fix, 0, len(c.Metrics)),
			Signals: make([]SignalView, 0, len(c.Sides)*MaxPlan), Injects: make([]FiredInject, 0, len(c.Injects)),
			Decides: make([]int, 0, len(c.Injects)), Priorities: make([]Fix, 0, len(c.Threats)), AllyPrio: make([]Fix, 0, len(c.Threats))},
	}
}

// plan is the greedy allocator behind every fixed-weight policy: it buys, one
// point at a time, the lever with the best value per budget point, where a
// point's value is its effect on each metric × the policy's weight for the
// metric's category (deterrence components at their marginal worth to the
// product), plus the defence it adds against the signalled moves (× the
// slope of their odds × the harm they would do × the chance they are real),
// plus how well it serves the allies' priorities. Ties and near-ties are
// broken by a small jitter from the side's planning stream.
//
// An effect counts only for the room its metric has in its direction, as
// the side sees the metric when it plans: an effect of Δ per point of
// worth on a metric with room r that way counts as sign(Δ) × min(|Δ|, r)
// (roomDelta), so an effect on a metric at that bound, which the clamp
// would take back, is worth nothing. The cap is per point of worth: a
// lever's further points are valued at the first's capped effect × their
// worth, as every effect is, and the same turn's other effects (the
// adversary's moves, the other allies' points) are not foreseen. A
// delayed effect is measured against the value the metric's decay toward
// its baseline would bring it to by the time it lands (where it is now,
// for a metric that does not decay): the side's best forecast, since what
// else moves it is as unknown as the dice. The correction is found per
// plan for the few metrics within a point's reach of a bound (roomAdjust)
// and added to the precomputed sums of the levers that move them.
func (pl *planner) plan(g *Game, side int, w *fixWeights, o *Orders) {
	c := g.c
	g.planViewInto(side, &pl.view)
	v := &pl.view
	o.ClearSide(side)
	if c.Sides[side].Adversary || v.Over {
		return
	}
	pl.catW = w.cat
	t := pl.tablesFor(c, side, w)
	k := pl.k
	rung := v.Rung
	vals := v.Metrics
	// ∂(100·c·r·m)/∂c = 100 × the other two factors, for each component in
	// turn (One.Mul(x) is x, so each product is one Mul).
	prod := [3]Fix{
		vals[MResolve].Mul(vals[MCommunication]),
		vals[MCapability].Mul(vals[MCommunication]),
		vals[MCapability].Mul(vals[MResolve]),
	}
	// Every metric's value but the components' is the table's for the rung.
	metric, danger := pl.metric, pl.danger // locals, so that the loops below keep them in registers
	copy(metric, t.metric[rung])
	support := c.Sides[side].Support
	for m := MCapability; m <= MCommunication; m++ {
		metric[m] = k.metricInfo[m].value(m, &pl.catW, support, rung, &prod)
	}
	// What the clamp would take back is worth nothing (see roomDelta).
	pl.roomAdjust(c, vals, metric)
	// The components' terms of each lever's value (see compSum).
	if key := [3]Fix(metric[MCapability : MCommunication+1]); !pl.compOK || key != pl.compKey {
		for l := range pl.lever {
			var e Fix
			for _, x := range pl.lever[l].comp {
				e += x.Delta.Mul(metric[x.Metric])
			}
			pl.compSum[l] = e
		}
		pl.compKey, pl.compOK = key, true
	}
	// Danger per domain from the signalled moves.
	clear(danger)
	var dangerDomains uint64 // bit d&63 set if domain d may be in danger
	if !g.slopesFresh {      // Brief leaves them fresh
		g.signalSlopes()
	}
	defW := w.defence
	harms := t.harm[rung]
	for i, sg := range v.Signals { // v.Signals is st.signals as side sees them, in order
		var pr Fix
		switch sg.Known {
		case KnownReal:
			pr = One
		case Unknown:
			pr = One * 6 / 10
		}
		if pr == 0 {
			continue
		}
		harm := harms[sg.Action]
		for _, e := range k.succComp[sg.Action] {
			harm -= e.Delta.Mul(metric[e.Metric])
		}
		for _, e := range k.failComp[sg.Action] {
			harm += e.Delta.Mul(metric[e.Metric])
		}
		if harm <= 0 {
			continue
		}
		d := c.Actions[sg.Action].Domain
		danger[d] += pr.Mul(g.slope[i]).Mul(harm).Mul(defW)
		dangerDomains |= 1 << (d & 63)
	}

	avail := v.Available.Mul(w.spend)
	if w.minimumOnly {
		avail = v.Available
	}
	need := v.MinVisible
	visible := 0
	pts := pl.points
	clear(pts)
	visBonus := t.visBonus[rung]
	for _, e := range k.shortComp {
		visBonus -= e.Delta.Mul(metric[e.Metric])
	}
	bonus := Fix(0) // visBonus while visible < need
	if visible < need {
		bonus = visBonus
	}
	pl.scoreLevers(g, side, w, t, dangerDomains, bonus)
	// Each lever's marginal score changes only when a point is bought on it,
	// or for every visible lever when the visible commitment is met, so the
	// scores are cached (scoreLevers fills the cache for no points).
	// A lever the side may not buy more of (locked, at its maximum, or not
	// visible to a minimum-only policy) is cached at 0, which never wins.
	// The per-lever slices, cut to one length so that indexing them by a
	// lever needs no bounds check.
	lever := pl.lever
	cache, cost, pts := pl.cache[:len(lever)], pl.cost[:len(lever)], pts[:len(lever)]
greedy:
	for avail >= k.minCost { // else no lever is affordable
		// The best affordable lever, and the best score among the others.
		best, second := bestTwo(cache, cost, avail)
		if best < 0 {
			break
		}
		// Buy points on best while it stays strictly ahead of second: the
		// other levers' scores do not change and avail only falls, so a scan
		// would pick best again. Meeting the visible commitment changes the
		// scores of the visible levers, and a scan follows.
		for {
			if w.minimumOnly && visible >= need {
				break greedy
			}
			pts[best]++
			avail -= cost[best]
			rescan := false
			if lever[best].visible {
				visible++
				if visible == need { // the visibility bonus is gone for every visible lever
					bonus = 0
					for l := range lever {
						if lever[l].visible {
							cache[l] = lever[l].marginal(pts[l], bonus)
						}
					}
					rescan = true
				}
			}
			s := lever[best].marginal(pts[best], bonus)
			cache[best] = s
			if rescan || s <= second || cost[best] > avail {
				break
			}
		}
	}
	copy(o.Side(side), pts)
	pl.decide(c, v, o)
}

// bestTwo returns the lever of the highest score among those whose cost
// is at most avail (the first of equals; −1 if no affordable score is
// above 0), and the highest score among the others. Which lever leads is
// what the scan is for, and a branch on it is mispredicted often: written
// without branches (min, max and an arithmetic select), and not inlined,
// so that its loop keeps everything in registers, it makes a
// taiwan-strait turn 4% faster, although it runs more instructions.
//
//go:noinline
func bestTwo(cache, cost []Fix, avail Fix) (best int, second Fix) {
	cost = cost[:len(cache)]
	best, bestScore := -1, Fix(0)
	for l, s := range cache {
		if cost[l] > avail {
			s = 0
		}
		second = max(second, min(s, bestScore))
		gt := 0 // 1 if s leads: best becomes l
		if s > bestScore {
			gt = 1
		}
		best += (l - best) & -gt
		bestScore = max(bestScore, s)
	}
	return best, second
}

// decide answers the side's injects by the immediate value of each choice.
func (pl *planner) decide(c *Compiled, v *View, o *Orders) {
	for _, i := range v.Decides {
		in := &c.Injects[i]
		best, bestVal := 0, Fix(0)
		for ch := range in.Choices {
			var val Fix
			for _, e := range in.Choices[ch].Effects {
				val += e.Delta.Mul(pl.metric[e.Metric])
			}
			if ch == 0 || val > bestVal {
				best, bestVal = ch, val
			}
		}
		o.Choices[i] = best
	}
}

// scoreLevers sets each lever's plan for side: whether it may buy the
// lever, its value per point of worth (after diminishing returns and the
// joint multiplier), its flat value per point, and a fixed jitter, computed
// once, and caches its marginal score for no points; plan's greedy loop
// then costs a few operations a lever per point bought. pl.metric and
// pl.danger must be set; dangerDomains has bit d&63 set for every domain d
// whose danger is not 0.
func (pl *planner) scoreLevers(g *Game, side int, w *fixWeights, t *weightTables, dangerDomains uint64, bonus Fix) {
	v := &pl.view
	r := &g.st.rng[numFixedStreams+side]
	var top Fix
	for _, p := range v.AllyPrio {
		top = max(top, p)
	}
	u, bitsOK := g.usableBits(side)
	lever := pl.lever
	fm := &pl.flats[side]
	if !fm.ok || fm.align != w.align || fm.alliance != w.cat[CatAlliance] || !slices.Equal(fm.prio, v.AllyPrio) {
		fm.ok, fm.align, fm.alliance = true, w.align, w.cat[CatAlliance]
		fm.prio = append(fm.prio[:0], v.AllyPrio...)
		if fm.flat == nil {
			fm.flat = make([]Fix, len(lever))
		}
		for l := range lever {
			fm.flat[l] = 0
			if lever[l].serves != 0 && top > 0 {
				fm.flat[l] = pl.alignValue(lever[l].serves, top, w)
			}
		}
	}
	flat := fm.flat[:len(lever)]
	// Locals cut to one length, so that the loop needs no bounds checks on
	// them and keeps them in registers.
	cache, eff, conv, comp, adj := pl.cache[:len(lever)], t.eff[v.Rung][:len(lever)], t.conv[:len(lever)], pl.compSum[:len(lever)], pl.adj[:len(lever)]
	live := v.Turns - v.Turn // a delayed effect counts if it lands by the last turn
	for l := range lever {
		lp := &lever[l]
		lp.lim, cache[l] = 0, 0
		usable := u&(1<<l) != 0
		if !bitsOK {
			usable = g.leverLock(side, l) == Unlocked
		}
		if !usable {
			continue // lim 0: marginal is 0 whatever join holds
		}
		if !w.minimumOnly || lp.visible {
			lp.lim = lp.max
		}
		// The effects' value: the table's sum over the other metrics, plus
		// the components' terms.
		s := conv[l] + delayedWorth(eff[l]+comp[l]+adj[l], lp.delay, live)
		if lp.defends&dangerDomains != 0 { // else each term is 0
			s += pl.defendValue(lp)
		}
		lp.score, lp.flat, lp.j = s, flat[l], 0
		if lp.joint {
			lp.j = 1 // Solo
			if g.alliesOnAny(side, l) {
				lp.j = 2 // Joint
			}
			if g.leads != 0 { // else join is 0 (FollowLeads clears it)
				// A lead held this joint lever alone last turn: one
				// point of ours lifts its points from solo to joint too.
				lp.join = 0
				if a, n := g.soleAlly(side, l); a >= 0 && g.leads&(1<<a) != 0 {
					li := &g.c.Levers[l]
					lp.join = s.Mul(li.worth(n).Mul(li.Joint - li.Solo))
				}
			}
		}
		lp.jitter = One + (r.roll()-One/2)/20 // ±2.5%
		cache[l] = lp.marginal(0, bonus)
	}
}

// delayedWorth is e, the value of effects that land delay turns after
// the points are put in, as a plan counts it with live turns left to play:
// less 15% a turn of waiting, and nothing if they land after the last turn.
// The plan (scoreLevers) and its reasons (planWhy) both count so.
func delayedWorth(e Fix, delay, live int) Fix {
	if delay > live {
		return 0
	}
	for range delay {
		e = e * 85 / 100
	}
	return e
}

// defendValue is the value of a point's worth of lp's defence against the
// signalled moves.
func (pl *planner) defendValue(lp *leverPlan) Fix {
	var s Fix
	for _, e := range lp.defend {
		s += e.Delta.Mul(pl.danger[e.Metric])
	}
	return s
}

// alignValue is the flat value per point of a lever that serves the threats
// in serves: how well it serves the other allies' priorities, top being the
// highest of them.
func (pl *planner) alignValue(serves uint64, top Fix, w *fixWeights) Fix {
	served := min(servedBy(serves, pl.view.AllyPrio), top)
	return w.align.Mul(served.Div(top)-One/2).Mul(pl.catW[CatAlliance]) / 2
}

// Lookahead is a policy that plays each doctrine (Doctrines) on to the
// end of the game, on copies of it, and takes this turn's allocation of
// the one whose games score best. A candidate is a doctrine the whole
// alliance keeps to: the side's allocation this turn is the doctrine's
// plan for it, and in the imagined games every ally plays the doctrine
// every turn after, so a doctrine that pays only when kept to (as
// deterrence does in taiwan-strait) is weighed as kept to. Each candidate
// plays the same Samples futures (the same dice), so that they differ by
// the plan alone. The copies are fogged: their dice are re-drawn from the
// side's planning stream and every signal the side cannot see through is
// re-drawn as real or bluff, so the policy learns nothing its View does
// not show. Choosing a doctrine afresh each turn, the policy does at least
// as well as the best of them kept to, in expectation, as far as the
// futures it imagines are like the game's (the rollout's improvement).
type Lookahead struct {
	// Depth is how many turns each imagined game plays, this one included;
	// 0 plays it to its end.
	Depth   int
	Samples int // futures per candidate, at least 1
}

// lookaheadHorizon is how many turns the lookahead policy's imagined games
// play at most, this one included: a flagship's length.
const lookaheadHorizon = 12

// Name returns "lookahead".
func (Lookahead) Name() string { return "lookahead" }

// doctrineWeights are the doctrines' weights in fixed point, in the order
// of doctrines: Lookahead's candidates.
var doctrineWeights = func() []fixWeights {
	out := make([]fixWeights, len(doctrines))
	for k, n := range doctrines {
		w := builtinWeights[n]
		out[k] = w.fix()
	}
	return out
}()

// Plan picks the doctrine whose imagined games score best (see score) and
// writes its allocation for this turn.
func (la Lookahead) Plan(g *Game, side int, o *Orders) { la.choose(g, side, o, nil) }

// Choose is Plan, and returns why it chose as it did (as LookaheadWhy
// would have said of it), for a front end that shows the choice as it
// plays: it plans once where LookaheadWhy and then Plan would twice.
func (la Lookahead) Choose(g *Game, side int, o *Orders) LookaheadChoice {
	var why LookaheadChoice
	la.choose(g, side, o, &why)
	return why
}

// choose is Plan, and if why is not nil it records there how each
// doctrine's futures went.
func (la Lookahead) choose(g *Game, side int, o *Orders, why *LookaheadChoice) {
	c := g.c
	if c.Sides[side].Adversary || g.Over() {
		o.ClearSide(side)
		return
	}
	if g.st.phase == phaseOpen {
		g.Brief()
	}
	sc := g.lookScratch()
	same := true          // every doctrine gives the side the same allocation
	streams := sc.streams // the side's planning stream before each doctrine planned, for why
	for k := range doctrineWeights {
		streams[k] = g.st.rng[numFixedStreams+side]
		co := sc.orders[k]
		co.CopyFrom(o)
		g.planbuf.plan(g, side, &doctrineWeights[k], co)
		same = same && equalInts(co.Side(side), sc.orders[0].Side(side))
	}
	if why != nil {
		*why = LookaheadChoice{Side: side, Same: same}
	}
	if same { // then the choice changes nothing this turn
		o.CopyFrom(sc.orders[0])
		if why != nil {
			why.Points = slices.Clone(o.Side(side))
			why.Reasons, why.Declines = g.doctrineWhy(0, side, streams[0])
		}
		return
	}
	r := &g.st.rng[numFixedStreams+side]
	seeds := sc.seeds[:0]
	for range max(1, la.Samples) {
		seeds = append(seeds, r.next())
	}
	sc.seeds = seeds
	best, bestScore := 0, Fix(0)
	for k, co := range sc.orders {
		w := &doctrineWeights[k]
		var total Fix
		var f DoctrineFutures
		for _, seed := range seeds {
			sim := g.foggedInto(&sc.game, side, seed)
			so := sc.sim
			so.CopyFrom(co)
			for _, a := range c.alliance {
				if a != side {
					sim.planbuf.plan(sim, a, w, so)
				}
			}
			for d := 0; (la.Depth <= 0 || d < la.Depth) && !sim.Over(); d++ {
				if d > 0 {
					sim.Brief()
					so.Clear()
					for _, a := range c.alliance {
						sim.planbuf.plan(sim, a, w, so)
					}
				}
				if _, err := sim.Step(so); err != nil {
					break
				}
			}
			total += sim.score(side)
			if why != nil {
				f.tally(sim, side)
			}
		}
		if why != nil {
			f.Doctrine, f.Score = doctrines[k], total
			why.Futures = append(why.Futures, f)
		}
		if k == 0 || total > bestScore {
			best, bestScore = k, total
		}
	}
	o.CopyFrom(sc.orders[best])
	if why != nil {
		why.Chosen, why.Points = best, slices.Clone(o.Side(side))
		why.Reasons, why.Declines = g.doctrineWhy(best, side, streams[best])
	}
}

// lookahead is a Game's scratch for Lookahead.Plan, made at its first
// lookahead and reused: the candidates' orders, the simulations' orders
// and seeds, and the Game each simulation plays on. A lookahead plans
// sequentially on one Game, so one scratch serves every side and turn.
type lookahead struct {
	orders  []*Orders // one per doctrine
	streams []rng     // per doctrine, the planning stream its plan began from
	sim     *Orders
	seeds   []uint64
	game    Game
}

// lookScratch returns g's lookahead scratch, making it the first time.
func (g *Game) lookScratch() *lookahead {
	if g.look == nil {
		c := g.c
		sc := &lookahead{sim: c.NewOrders(), streams: make([]rng, len(doctrines))}
		for range doctrines {
			sc.orders = append(sc.orders, c.NewOrders())
		}
		g.look = sc
	}
	return g.look
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// foggedInto makes n (see cloneInto) a copy of the game as side may
// imagine it, and returns it: dice re-seeded from seed, and every signal
// side cannot see through re-drawn as real or bluff with the doctrine's
// odds.
func (g *Game) foggedInto(n *Game, side int, seed uint64) *Game {
	g.cloneInto(n)
	n.SetLedger(false) // scored by its metrics, never asked why
	for k := range n.st.rng {
		n.st.rng[k] = rng{mix(seed, uint64(k))}
	}
	r := &n.st.rng[streamAdversary]
	adv := g.c.Sides[side].Adversary
	for i := range n.st.signals {
		sg := &n.st.signals[i]
		if sg.Revealed || adv {
			continue
		}
		si := &g.c.Sides[sg.Side]
		odds := FixInt(si.Actions).Div(FixInt(si.Actions + si.Bluffs))
		sg.Real = r.roll() < odds
	}
	return n
}

// balanced is the balanced policy's weights in fixed point (the first
// doctrine's): lookahead weighs the metrics of the states it reaches by
// them.
var balanced = doctrineWeights[0]

// score rates the state for lookahead: the shared verdict first (±1000
// once an end is reached: a game won outweighs any metrics), then a true
// win (+300: an allied success with every ally's private objective met,
// which the briefings call the alliance's real goal), then side's own
// objective met at the end (+200), then the balanced weights over every
// metric (0–100 each, so a few hundred in all) to choose between futures
// alike in those. The true win's 300 was chosen over 0 and 500 by 1,000
// games of each flagship (master seed 1): it raised lookahead's true wins
// from 20.2 / 56.5 / 41.6% to about 30 / 65 / 58% (gray-zone,
// taiwan-strait, thaad-pressure) for a point or two of success in
// taiwan-strait; 500 cost 8 points there.
func (g *Game) score(side int) Fix {
	c := g.c
	var s Fix
	for m := range c.Metrics {
		mi := &c.Metrics[m]
		if mi.Component {
			continue
		}
		x := g.st.vals[m] - mi.Min
		if span := mi.Max - mi.Min; span != 0 {
			x = x.Mul(FixInt(100).Div(span))
		}
		if mi.GoodLow {
			x = FixInt(100) - x
		}
		s += x.Mul(balanced.cat[mi.Category])
	}
	if e := g.st.end; e >= 0 {
		if c.Ends[e].Success {
			s += FixInt(1000)
			if g.allObjectivesMet() {
				s += FixInt(300)
			}
		} else {
			s -= FixInt(1000)
		}
		if ow := &c.Sides[side].ObjectiveWhen; !ow.Empty() && ow.True(g.st.vals) {
			s += FixInt(200)
		}
	}
	return s
}

// allObjectivesMet reports whether every ally with a private objective
// meets it now (true if none has one).
func (g *Game) allObjectivesMet() bool {
	for _, a := range g.c.alliance {
		if ow := &g.c.Sides[a].ObjectiveWhen; !ow.Empty() && !ow.True(g.st.vals) {
			return false
		}
	}
	return true
}

// PlanSides lets each AI side with a policy write its orders into o: pols
// is indexed by side; nil entries (human sides, adversaries) are left alone.
// PlanApart has p plan side into o on a copy of the game, leaving the game
// as it was: for a side a journal records as a person's that the computer
// plays (given to it mid-game), whose replay takes the recorded orders and
// plans nothing. Its planning stream in the game never moves, so the copy
// draws from that stream mixed with the turn: planned on plain copies,
// every turn drew the same numbers (the same tie-breaking tilt on each
// lever, lookahead's same futures).
func (g *Game) PlanApart(p Policy, side int, o *Orders) { p.Plan(g.apartCopy(side), side, o) }

// apartCopy is the copy of the game PlanApart plans side on.
func (g *Game) apartCopy(side int) *Game {
	n := g.Clone()
	if side >= 0 && side < len(g.c.Sides) {
		k := numFixedStreams + side
		n.st.rng[k].s = mix(n.st.rng[k].s, uint64(g.st.turn))
	}
	return n
}

func (g *Game) PlanSides(pols []Policy, o *Orders) {
	for s, p := range pols {
		if p != nil && !g.c.Sides[s].Adversary {
			p.Plan(g, s, o)
		}
	}
}
