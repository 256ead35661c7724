package sim

// Fog of war over the provenance ledger. Metrics are public, and so is
// every change to them; what a side may not see is another side's points
// on a lever that is not visible (the rule View applies to allocations,
// see alliesOn). A ledger shown to a side goes through Fogged, so the
// results screen, the why? panel, the end screen and the after-action
// report all hide the same entries, and a side's explanations still add
// up: a hidden entry keeps its metric and change and loses its cause.

// SeesPoints reports whether side may see owner's points on lever l: its
// own, and anyone's on a visible lever. Side −1 is the public (an
// observer). This is the one rule of fog over allocations; View (the
// allies' points last turn), Fogged and the after-action report ask it.
func (c *Compiled) SeesPoints(side, owner, l int) bool {
	return (side >= 0 && owner == side) || c.Levers[l].Visible
}

// Fogged returns ledger entry e as side may see it, and whether its cause
// is shown. An entry of another side's points (this turn's or matured) on
// a lever that is not visible comes back as CauseHidden, with no lever,
// side, multiplier or component: TopCauses and Explain group such entries
// into one "others' undisclosed allocations" line per metric. Side −1 is
// the public (an observer), as for ViewInto: it sees no side's points on a
// lever that is not visible. An adversary side sees the allies' the same
// way. A front end that shows the whole game (the White cell's console, a
// solo player's screen) does not fog its ledger; a screen several teams
// read together (a hotseat's results) fogs it as the public's, side −1.
func (c *Compiled) Fogged(side int, e Entry) (Entry, bool) {
	if e.Kind != CauseLever && e.Kind != CauseDelayed {
		return e, true
	}
	if e.Cause < 0 || e.Cause >= len(c.Levers) || c.SeesPoints(side, e.Side, e.Cause) {
		return e, true
	}
	return Entry{Metric: e.Metric, Kind: CauseHidden, Cause: -1, Side: -1, Choice: -1, Via: -1, Delta: e.Delta, Roll: -1}, false
}

// FogLedger appends the entries of ledger, as side may see them (see
// Fogged), to dst and returns the extended slice.
func (c *Compiled) FogLedger(dst []Entry, side int, ledger []Entry) []Entry {
	for _, e := range ledger {
		e, _ = c.Fogged(side, e)
		dst = append(dst, e)
	}
	return dst
}
