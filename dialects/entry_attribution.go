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

// valueAtFirst tells whether the dialect reads m's value in one
// aggregate (FirstValue), without the anchor's time on every row: when
// the anchor is the unit's first from-event, not a converting one.
func (r *renderer) valueAtFirst(m compiler.Measure) bool {
	_, ok := r.d.(FirstValue)
	return ok && m.Converting == ""
}

// writeAtAnchor writes the per-unit aggregate of a MeasureAtAnchor. It
// renders m.When only where it reads it: a value read in one aggregate
// (valueAtFirst) takes the anchor's condition instead.
func (r *renderer) writeAtAnchor(m compiler.Measure, ts string) error {
	col := r.id(m.Column)
	aw, arrays := r.d.(ArrayWithin)
	if !arrays && r.valueAtFirst(m) {
		// The anchor measure's own condition: it may bound the
		// from-events by the window's end where m.When does not. No
		// anchor column was written for this measure, so an error here
		// cannot fall back to reading one.
		anchor := r.measureNamed(m.Anchor).When
		if c, ok := r.entryCode(m.Name); ok {
			return r.writeRankAtFirst(c, col, ts, anchor)
		}
		anchorWhen, err := r.expr(anchor)
		if err != nil {
			return err
		}
		r.out.WriteString(r.d.(FirstValue).ValueAtFirst(col, ts, anchorWhen))
		return nil
	}
	when, err := r.expr(m.When)
	if err != nil {
		return err
	}
	if arrays {
		r.out.WriteString(aw.CollectPairs(ts, col, when))
		return nil
	}
	instant := anchorAlias(m)
	if m.Converting != "" {
		instant = "COALESCE(" + unitConvertingAlias(m.Converting) + ", " + instant + ")"
	}
	r.out.WriteString(r.d.FirstWhen(col, when+" AND "+ts+" = "+instant))
	return nil
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

// eventsWithEntry writes eventsWithAnchors, wrapped in a level per kind
// of column that reads a window column of the level below: the excluded
// events after each instant (excludeBetween under attempt(any)), then the
// converting anchor's time on every row, when a value is read at it.
func (r *renderer) eventsWithEntry(indent int) error {
	var levels [][]string
	if cols := r.blockerColumns(); len(cols) > 0 {
		levels = append(levels, cols)
	}
	cols, err := r.convertingColumns()
	if err != nil {
		return err
	}
	if len(cols) > 0 {
		levels = append(levels, cols)
	}
	return r.eventLevels(indent, levels)
}

// eventLevels writes the outermost of levels over the others.
func (r *renderer) eventLevels(indent int, levels [][]string) error {
	if len(levels) == 0 {
		return r.eventsWithAnchors(indent)
	}
	r.line(indent, "SELECT")
	r.list(indent+1, append([]string{"ev.*"}, levels[len(levels)-1]...))
	r.line(indent, "FROM (")
	if err := r.eventLevels(indent+1, levels[:len(levels)-1]); err != nil {
		return err
	}
	r.line(indent, ") AS ev")
	return nil
}

// convertingColumns put, on every row, the unit's earliest converting
// from-event time of each converting anchor a value is read at.
func (r *renderer) convertingColumns() ([]string, error) {
	wf, ok := r.d.(WindowFunctions)
	if !ok {
		return nil, nil // ArrayWithin reads the values from arrays
	}
	ts := r.id(r.plan.Time)
	var cols []string
	seen := map[string]bool{}
	for _, at := range r.plan.Measures {
		if at.Kind != compiler.MeasureAtAnchor || at.Converting == "" || seen[at.Converting] {
			continue
		}
		seen[at.Converting] = true
		m := r.measureNamed(at.Converting)
		from, err := r.expr(m.When)
		if err != nil {
			return nil, err
		}
		cols = append(cols, wf.FirstOver(ts, r.convertsHere(m, ts, from), r.unitPartition())+" AS "+unitConvertingAlias(m.Name))
	}
	return cols, nil
}

// valueAtArrays is ClickHouse's ValueAt: the least non-NULL second element
// of the pairs whose first is the instant, NULL when none. 18.16 has no
// arrayMin, and arrayReduce('min') of an empty array is not NULL.
func valueAtArrays(pairs, instant string) string {
	vals := "arrayFilter(v -> isNotNull(v), arrayMap(p -> tupleElement(p, 2), arrayFilter(p -> tupleElement(p, 1) = assumeNotNull(" +
		instant + "), " + pairs + ")))"
	return "if(notEmpty(" + vals + "), arrayReduce('min', " + vals + "), NULL)"
}
