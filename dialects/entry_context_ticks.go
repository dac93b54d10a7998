package dialects

import (
	"slices"

	"github.com/paramsql/paramsql/compiler"
)

// A batch's units that share their context values (contextOnce) carry
// each anchor's first time and each to-event's last: eight aggregates in
// the bench's 1,000 references, each a 16-byte state on DuckDB 1.5 (the
// value and its flag). At 100M events, 12.5M units, moving those states
// is most of the batch's time. The batch tests those times only for NULL
// and against each other (onlyNullOrTimeTests), so these units may hold
// them as ticks: 32-bit counts, from a day before the scan's window, of
// a 2^32th of the window and two days (1.25 ms for 60 days), whose
// states take 8 bytes. In alternating runs on 100M events
// the bench's 1,000 references took 14.7-15.6 s against 15.9-17.5 s; on
// 10M, whose states fit the caches better, the two were within the noise
// (BENCHMARKS.md).
//
// Ticks order as their times do, except that two times may share a
// tick: two different ticks compare as their times, and a unit where two
// compared ticks are equal is counted with the units whose context
// values vary, from its own events at full precision. So the counts stay
// exact whatever the times' resolution; only the work moves. It moves
// most where times are coarse or one event ends both sides of an edge:
// with whole seconds, a from-event and a to-event in the same second
// send their unit to the second aggregation, which a table of mostly
// such units would pay for with about one more aggregation of its
// events.

// TimeTicks is implemented by dialects with ContextOnce that hold the
// times of a batch's shared units as ticks (see above).
type TimeTicks interface {
	// Tick is the time ts as a 32-bit unsigned integer that never
	// decreases as ts grows and is never NULL for a time that is not,
	// for every ts the scan keeps, in [start, end), and for ts up to a
	// day outside it, as a bound read in another time zone may put it.
	// The bounds are the window's parameters or literals.
	Tick(ts, start, end string) string
}

// timeTies returns the pairs of time measures the atoms compare, in
// order of first use, and whether the plan's first and last times may be
// read as ticks at all: the dialect has ticks, and every such time is
// only tested for NULL or compared with another (so every comparison
// that reads one is among the pairs, wherever it lies in an atom).
func (r *renderer) timeTies(atoms []compiler.Expr) ([][2]string, bool) {
	if _, ok := r.d.(TimeTicks); !ok {
		return nil, false
	}
	times := 0
	for _, m := range r.plan.Measures {
		if m.Kind != compiler.MeasureFirst && m.Kind != compiler.MeasureLast {
			continue
		}
		if !r.onlyNullOrTimeTests(m.Name) {
			return nil, false
		}
		times++
	}
	if times == 0 {
		return nil, false
	}
	var ties [][2]string
	for _, a := range atoms {
		ties = r.appendTimePairs(ties, a)
	}
	return ties, true
}

// appendTimePairs appends to pairs each comparison of two time measures
// in e that pairs does not hold yet. It walks every expression that holds
// others, not only those readsAsTime lets a time stand in.
func (r *renderer) appendTimePairs(pairs [][2]string, e compiler.Expr) [][2]string {
	switch e := e.(type) {
	case compiler.Compare:
		l, ok1 := e.Left.(compiler.MeasureValue)
		rt, ok2 := e.Right.(compiler.MeasureValue)
		if ok1 && ok2 && r.isTimeMeasure(e.Left) && r.isTimeMeasure(e.Right) {
			pair := [2]string{l.Name, rt.Name}
			if !slices.Contains(pairs, pair) && !slices.Contains(pairs, [2]string{rt.Name, l.Name}) {
				pairs = append(pairs, pair)
			}
			return pairs
		}
		return r.appendTimePairs(r.appendTimePairs(pairs, e.Left), e.Right)
	case compiler.Equals:
		return r.appendTimePairs(r.appendTimePairs(pairs, e.Left), e.Right)
	case compiler.InList:
		pairs = r.appendTimePairs(pairs, e.Left)
		for _, v := range e.Values {
			pairs = r.appendTimePairs(pairs, v)
		}
	case compiler.NotNull:
		return r.appendTimePairs(pairs, e.X)
	case compiler.PlusSeconds:
		return r.appendTimePairs(pairs, e.X)
	case compiler.Not:
		return r.appendTimePairs(pairs, e.X)
	case compiler.And:
		for _, t := range e {
			pairs = r.appendTimePairs(pairs, t)
		}
	case compiler.Or:
		for _, t := range e {
			pairs = r.appendTimePairs(pairs, t)
		}
	}
	return pairs
}

// withTicks returns a copy of split that holds the shared units' times
// as ticks, or split itself when the plan's times cannot be.
func (r *renderer) withTicks(split *contextOnceSplit, atoms []compiler.Expr) *contextOnceSplit {
	ties, ok := r.timeTies(atoms)
	if !ok {
		return split
	}
	s := *split
	s.ticks, s.ties = true, ties
	return &s
}

// tick is the tick of the time column ts in the scan's bounds (scan).
func (r *renderer) tick(ts string) (string, error) {
	start, err := r.expr(r.plan.Window.Start)
	if err != nil {
		return "", err
	}
	end, err := r.expr(scanUpper(r.plan))
	if err != nil {
		return "", err
	}
	return r.d.(TimeTicks).Tick(ts, start, end), nil
}
