package compiler

// betweenSuccess is the success test of a reference with excludeBetween:
// a to-event other than the anchor, in [first, first + within], with no
// event at an excluded node strictly after the anchor and strictly before
// it. attempt(any) compiles with convertsBetween instead.
//
// If the earliest such to-event has an excluded event before it, so has
// every later one, so two cases cover it:
//   - a to-event at the anchor's own instant, another event than the
//     anchor (counted as distinctSuccess counts): nothing lies strictly
//     between;
//   - else the earliest to-event strictly after the anchor, which must be
//     in the window and no later than the earliest excluded event
//     strictly after the anchor (a tie with that event does not block).
func (b *planBuilder) betweenSuccess(q *Query, from, to NodeMatch, fromPred, toPred Expr, first string) Expr {
	xPred := b.excludedMatch(q)
	t := b.toEventTime(q, from, to, fromPred, toPred, first)
	blocker := b.measure(Measure{Kind: MeasureFirstAfter, When: xPred, Anchor: first}, "next_between", "excluded")
	// NULL, no excluded event after the anchor, does not block.
	later := append(t.Later, Not{Compare{">", MeasureValue{t.Next}, MeasureValue{blocker}}})
	return Or{t.At, later}
}

// excludedMatch is the event condition of q's excludeBetween nodes: one
// node's match, or their Or.
func (b *planBuilder) excludedMatch(q *Query) Expr {
	var xs Or
	for _, n := range q.ExcludeBetween {
		xs = append(xs, b.match(b.opts.Graph.Node(n)))
	}
	if len(xs) == 1 {
		return xs[0]
	}
	return xs
}

// convertsBetween is the MeasureFirstConverting of excludeBetween under
// attempt(any): the earliest from-event with another to-event at or
// after it, within the window, and no excluded event strictly between
// the two. Without within() it differs from attempt(first) too: a retry
// after an excluded event may convert where the first attempt cannot.
func (b *planBuilder) convertsBetween(q *Query, fromPred, toPred Expr) string {
	m := Measure{Kind: MeasureFirstConverting, When: fromPred, To: toPred, Blocker: b.excludedMatch(q), Unbounded: true}
	hint := aliasPart(q.Edge, "from") + "_unblocked"
	if q.Within != nil {
		m.Seconds, m.Unbounded = q.Within.Seconds(), false
		hint += "_within_" + q.Within.String()
	}
	return b.measure(m, "converts", hint)
}
