package compiler

// MayOverlap tells whether one event can be at both nodes: the predicates
// are disjoint only when both test the same column for different values.
// The oracle reads it too, because it defines which edges are a repeated
// step, not how they are counted.
func (m NodeMatch) MayOverlap(o NodeMatch) bool {
	if m.EventType != "" && o.EventType != "" && m.EventType != o.EventType {
		return false
	}
	if m.NodeSlug != "" && o.NodeSlug != "" && m.NodeSlug != o.NodeSlug {
		return false
	}
	return true
}

// distinctSuccess is the success test of an edge whose from- and
// to-predicates can match the same event (a repeated step such as
// e.from(x).to(x)): the to-event must be another event than the anchor.
//
// The anchor is a from-event at the unit's first from instant, preferably
// one that is not also a to-event. So, counting the to-events in the
// window [first, first + within] (no upper bound without within):
//   - two or more always include one that is not the anchor;
//   - exactly one is enough when some from-event at the first instant is
//     not a to-event (the earliest such event is then at that instant):
//     that event is the anchor, and the one to-event is another event.
//
// Rows are events, so two identical rows at one instant are two events:
// a tie between different events counts.
func (b *planBuilder) distinctSuccess(q *Query, fromPred, toPred Expr, first string) Expr {
	hint := aliasPart(q.Edge, "to")
	m := Measure{Kind: MeasureCountWithin, When: toPred, Anchor: first, Unbounded: true}
	if q.Within != nil {
		m.Seconds, m.Unbounded = q.Within.Seconds(), false
		hint += "_within_" + q.Within.String()
	}
	count := b.measure(m, "count", hint)
	twice := AtLeast{Name: count, Min: 2}
	if Key(fromPred) == Key(toPred) {
		// Every from-event is a to-event: the anchor is always counted.
		return twice
	}
	notTo := b.measure(Measure{Kind: MeasureFirst, When: And{fromPred, Not{toPred}}}, "first", aliasPart(q.Edge, "from")+"_only")
	return Or{twice, And{AtLeast{Name: count, Min: 1}, Equals{MeasureValue{notTo}, MeasureValue{first}}}}
}
