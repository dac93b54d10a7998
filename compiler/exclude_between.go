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
	var xs Or
	for _, n := range q.ExcludeBetween {
		xs = append(xs, b.match(b.opts.Graph.Node(n)))
	}
	var xPred Expr = xs
	if len(xs) == 1 {
		xPred = xs[0]
	}
	toHint := aliasPart(q.Edge, "to")
	atAnchor := b.measure(Measure{Kind: MeasureCountWithin, When: toPred, Anchor: first}, "count", toHint+"_at_anchor")
	var tied Expr = AtLeast{Name: atAnchor, Min: 1}
	if from.MayOverlap(to) {
		tied = AtLeast{Name: atAnchor, Min: 2}
		if Key(fromPred) != Key(toPred) {
			notTo := b.measure(Measure{Kind: MeasureFirst, When: And{fromPred, Not{toPred}}}, "first", aliasPart(q.Edge, "from")+"_only")
			tied = Or{AtLeast{Name: atAnchor, Min: 2}, And{AtLeast{Name: atAnchor, Min: 1}, Equals{MeasureValue{notTo}, MeasureValue{first}}}}
		}
	}
	next := b.measure(Measure{Kind: MeasureFirstAfter, When: toPred, Anchor: first}, "next", toHint)
	blocker := b.measure(Measure{Kind: MeasureFirstAfter, When: xPred, Anchor: first}, "next_between", "excluded")
	later := And{NotNull{MeasureValue{next}}}
	if q.Within != nil {
		later = append(later, Compare{"<=", MeasureValue{next}, PlusSeconds{MeasureValue{first}, q.Within.Seconds()}})
	}
	// NULL, no excluded event after the anchor, does not block.
	later = append(later, Not{Compare{">", MeasureValue{next}, MeasureValue{blocker}}})
	return Or{tied, later}
}

// convertsBetween is the MeasureFirstConverting of excludeBetween under
// attempt(any): the earliest from-event with another to-event at or
// after it, within the window, and no excluded event strictly between
// the two. Without within() it differs from attempt(first) too: a retry
// after an excluded event may convert where the first attempt cannot.
func (b *planBuilder) convertsBetween(q *Query, fromPred, toPred Expr) string {
	var xs Or
	for _, n := range q.ExcludeBetween {
		xs = append(xs, b.match(b.opts.Graph.Node(n)))
	}
	var blocker Expr = xs
	if len(xs) == 1 {
		blocker = xs[0]
	}
	m := Measure{Kind: MeasureFirstConverting, When: fromPred, To: toPred, Blocker: blocker, Unbounded: true}
	hint := aliasPart(q.Edge, "from") + "_unblocked"
	if q.Within != nil {
		m.Seconds, m.Unbounded = q.Within.Seconds(), false
		hint += "_within_" + q.Within.String()
	}
	return b.measure(m, "converts", hint)
}
