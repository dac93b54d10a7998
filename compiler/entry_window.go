package compiler

// A reference with within() is bounded by its entry: its anchor, the first
// from-event, lies in [start, end), while its to-events (and the events of
// excludeBetween, which lie between the anchor and the to-event) may lie
// after end, up to the anchor plus the window and before the observation
// cut-off. Such a plan reads events up to the cut-off (Plan.ObserveUntil),
// so every other event condition keeps today's meaning by bounding its
// events by end itself: the from-events, and the nodes of visited,
// visitedAny and exclude. visitedBefore needs no bound: its events lie at
// or before the anchor.
//
// A trial is mature when anchor + within is before the cut-off: the window
// is inclusive and the cut-off exclusive, so only then is every instant of
// the conversion window observed. An
// immature unit is left out of trials and successes and counted in the
// output's immature column, so that a unit that had no time to convert is
// never counted as a failure.

// observe makes the plan read up to the cut-off when on is set, that is
// when its references have within().
func (b *planBuilder) observe(on bool) {
	b.observed = on
	if on {
		b.plan.ObserveUntil = b.plan.Window.Until
	}
}

// entry bounds an event condition by the window's end when the plan reads
// past it.
func (b *planBuilder) entry(pred Expr) Expr {
	if !b.observed {
		return pred
	}
	bound := Compare{"<", Column{b.plan.Time}, b.plan.Window.End}
	return append(append(And{}, flatten(pred)...), bound)
}

// matureFlag returns the MeasureAny that tells whether the unit's
// conversion window has elapsed before the cut-off. Some from-event e with
// e + within < cut-off exists exactly when the first one satisfies it, so
// a per-event test replaces a comparison of the aggregate with the bound
// parameter, which keeps parameters out of the outputs' conditions.
func (b *planBuilder) matureFlag(fromPred Expr, hint string, within Duration) string {
	elapsed := Compare{"<", PlusSeconds{Column{b.plan.Time}, within.Seconds()}, b.plan.Window.Until}
	when := append(append(And{}, flatten(fromPred)...), elapsed)
	return b.measure(Measure{Kind: MeasureAny, When: when}, "mature", hint+"_within_"+within.String())
}
