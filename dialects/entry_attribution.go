package dialects

import "github.com/paramsql/paramsql/compiler"

// attribution(entry) reads each context value on the unit's anchor: a
// MeasureAtAnchor per key (see compiler.Plan.Attributed). Dialects with
// window functions carry the anchor's time on every event row, as for
// within(), and take the least value among the from-events at that
// instant. Under attempt(any) the instant is the earliest converting
// from-event, itself an aggregate of window columns, so one more level
// puts it on every row. ClickHouse collects (time, value) pairs per unit
// and picks the values at the instant from them (ArrayWithin.ValueAt).

// unitConvertingAlias names the per-row column that holds the unit's
// earliest converting from-event time.
func unitConvertingAlias(converting string) string { return "unit_" + converting }

// atAnchor is the per-unit aggregate of a MeasureAtAnchor.
func (r *renderer) atAnchor(m compiler.Measure, ts, when string) string {
	col := r.id(m.Column)
	if aw, ok := r.d.(ArrayWithin); ok {
		return aw.CollectPairs(ts, col, when)
	}
	instant := anchorAlias(m)
	if m.Converting != "" {
		instant = "COALESCE(" + unitConvertingAlias(m.Converting) + ", " + instant + ")"
	}
	return r.d.FirstWhen(col, when+" AND "+ts+" = "+instant)
}

// anchorInstant is the per-unit time whose from-events a MeasureAtAnchor
// reads, over the units' columns: for ClickHouse, whose values are picked
// after the aggregation.
func anchorInstant(m compiler.Measure) string {
	if m.Converting != "" {
		return "coalesce(" + m.Converting + ", " + m.Anchor + ")"
	}
	return m.Anchor
}

// eventsWithEntry writes eventsWithAnchors, wrapped, when some value is
// read at a converting anchor, in a level that puts that anchor's time on
// every row.
func (r *renderer) eventsWithEntry(indent int) error {
	var converting []compiler.Measure
	seen := map[string]bool{}
	for _, m := range r.plan.Measures {
		if m.Kind == compiler.MeasureAtAnchor && m.Converting != "" && !seen[m.Converting] {
			seen[m.Converting] = true
			converting = append(converting, r.measureNamed(m.Converting))
		}
	}
	if len(converting) == 0 {
		return r.eventsWithAnchors(indent)
	}
	wf, ok := r.d.(WindowFunctions)
	if !ok {
		return r.eventsWithAnchors(indent) // unreachable: ArrayWithin needs no window
	}
	var partition []string
	for _, k := range r.plan.UnitKeys {
		partition = append(partition, r.id(k))
	}
	for _, s := range r.plan.Shards {
		partition = append(partition, r.id(s.Column))
	}
	ts := r.id(r.plan.Time)
	cols := []string{"ev.*"}
	for _, m := range converting {
		from, err := r.expr(m.When)
		if err != nil {
			return err
		}
		cols = append(cols, wf.FirstOver(ts, r.convertsHere(m, ts, from), partition)+" AS "+unitConvertingAlias(m.Name))
	}
	r.line(indent, "SELECT")
	r.list(indent+1, cols)
	r.line(indent, "FROM (")
	if err := r.eventsWithAnchors(indent + 1); err != nil {
		return err
	}
	r.line(indent, ") AS ev")
	return nil
}

// valueAtArrays is ClickHouse's ValueAt: the least non-NULL second element
// of the pairs whose first is the instant, NULL when none. 18.16 has no
// arrayMin, and arrayReduce('min') of an empty array is not NULL.
func valueAtArrays(pairs, instant string) string {
	vals := "arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(" +
		instant + "), " + pairs + ")))"
	return "if(notEmpty(" + vals + "), arrayReduce('min', " + vals + "), NULL)"
}
