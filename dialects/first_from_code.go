package dialects

import "github.com/paramsql/paramsql/compiler"

// An entry value read as a rank (entry_codes.go) is the least of
// time * 2^b + rank over its anchor's events, and the time in that
// least is the anchor's first time: the MeasureFirst the value is read
// on. A dialect with FirstCodeTime reads that measure from the same
// aggregate, shifted, instead of taking a min of its own; the engine
// computes the two from one aggregate state. On DuckDB 1.5 the
// 1,000-reference batch of cmd/paramsql-bench (four anchors) took
// 3.91–3.99 s of CPU against 4.44–4.59 s (BENCHMARKS.md).
//
// The time comes out as microseconds since the epoch, not in the time
// column's type, which the SQL cannot name: a derived first is only
// ever tested for NULL or compared with another measure's time, whose
// side is then read in microseconds too (epoch_us). A first read any
// other way (a period, a window, an interval added) keeps its own min.

// FirstCodeTime is implemented by dialects with FirstCode that can read
// the time of the row CodeAtFirst picks.
type FirstCodeTime interface {
	// FirstCodeTime gives, as microseconds since the epoch, the least ts
	// among the rows where cond holds, NULL when none does: CodeAtFirst's
	// aggregate over the same code, ts, cond and bits, shifted rather
	// than masked, so that an engine computes the two once.
	FirstCodeTime(code, ts, cond string, bits int) string
	// MicrosOf is the call that converts a time to microseconds since
	// the epoch, to be compared with a FirstCodeTime: the text before the
	// time and the text after it.
	MicrosOf() (before, after string)
}

// derivedFirst is a MeasureFirst read from a ranked entry value's
// aggregate.
type derivedFirst struct {
	first  string // the MeasureFirst's name
	ranked string // the ranked MeasureAtAnchor read on it
}

// derivedFirsts lists the plan's MeasureFirst measures read from a
// ranked entry value (see FirstCodeTime). Only statements and batches
// ask (r.deriveFirsts): the lag histogram and the sibling split read
// first times in other ways.
func (r *renderer) derivedFirsts() []derivedFirst {
	if r.firstsOf == r.plan {
		return r.firsts
	}
	r.firstsOf, r.firsts = r.plan, r.firstRoom[:0]
	p := r.plan
	if _, ok := r.d.(FirstCodeTime); !ok || !r.deriveFirsts || p.Period != compiler.PeriodNone || len(r.entryCodes()) == 0 || r.needsWindow() {
		return r.firsts
	}
	for _, m := range p.Measures {
		if m.Kind != compiler.MeasureFirst {
			continue
		}
		ranked, ok := r.onlyRankedReaders(m.Name)
		if !ok || !r.onlyNullOrTimeTests(m.Name) {
			continue
		}
		r.firsts = append(r.firsts, derivedFirst{first: m.Name, ranked: ranked})
	}
	return r.firsts
}

// onlyRankedReaders reports whether every measure anchored on first is
// a ranked entry value, and names one; ok is false when none is.
func (r *renderer) onlyRankedReaders(first string) (ranked string, ok bool) {
	for _, m := range r.plan.Measures {
		if m.Anchor != first {
			continue
		}
		if m.Kind != compiler.MeasureAtAnchor || m.Converting != "" || !r.valueAtFirst(m) {
			return "", false
		}
		if _, isRanked := r.entryCode(m.Name); !isRanked {
			return "", false
		}
		if ranked == "" {
			ranked = m.Name
		}
	}
	return ranked, ranked != ""
}

// onlyNullOrTimeTests reports whether every output reads the measure
// first only in IS NOT NULL or in a comparison with another MeasureFirst
// or MeasureLast.
func (r *renderer) onlyNullOrTimeTests(first string) bool {
	for _, o := range r.plan.Outputs {
		for _, e := range [...]compiler.Expr{o.Trial, o.Success, o.Filter, o.Present, o.Immature} {
			if !r.readsAsTime(e, first, false) {
				return false
			}
		}
	}
	return true
}

// readsAsTime reports whether e reads the measure first only as
// onlyNullOrTimeTests allows; allowed says that e itself stands where
// it may.
func (r *renderer) readsAsTime(e compiler.Expr, first string, allowed bool) bool {
	switch e := e.(type) {
	case compiler.MeasureValue:
		return e.Name != first || allowed
	case compiler.NotNull:
		_, plain := e.X.(compiler.MeasureValue)
		return r.readsAsTime(e.X, first, plain)
	case compiler.Compare:
		return r.readsAsTime(e.Left, first, r.isTimeMeasure(e.Right)) &&
			r.readsAsTime(e.Right, first, r.isTimeMeasure(e.Left))
	case compiler.Equals:
		return r.readsAsTime(e.Left, first, false) && r.readsAsTime(e.Right, first, false)
	case compiler.InList:
		return r.readsAsTime(e.Left, first, false)
	case compiler.And:
		return r.termsReadAsTime(e, first)
	case compiler.Or:
		return r.termsReadAsTime(e, first)
	case compiler.Not:
		return r.readsAsTime(e.X, first, false)
	case compiler.PlusSeconds:
		return r.readsAsTime(e.X, first, false)
	}
	return true
}

// termsReadAsTime is readsAsTime over the terms of an And or an Or.
func (r *renderer) termsReadAsTime(terms []compiler.Expr, first string) bool {
	for _, t := range terms {
		if !r.readsAsTime(t, first, false) {
			return false
		}
	}
	return true
}

// isTimeMeasure reports whether e is the value of a MeasureFirst or
// MeasureLast, whose time a derived first may be compared with.
func (r *renderer) isTimeMeasure(e compiler.Expr) bool {
	mv, ok := e.(compiler.MeasureValue)
	if !ok {
		return false
	}
	for _, m := range r.plan.Measures {
		if m.Name == mv.Name {
			return m.Kind == compiler.MeasureFirst || m.Kind == compiler.MeasureLast
		}
	}
	return false
}

// derived reports whether the measure named name is a derived first.
func (r *renderer) derived(name string) (derivedFirst, bool) {
	for _, f := range r.derivedFirsts() {
		if f.first == name {
			return f, true
		}
	}
	return derivedFirst{}, false
}

// writeDerivedFirst writes the aggregate of a derived first: its ranked
// value's, with the time kept.
func (r *renderer) writeDerivedFirst(f derivedFirst, ts string) error {
	a := r.measureNamed(f.ranked)
	c, _ := r.entryCode(a.Name)
	col := r.id(a.Column)
	cond := r.measureNamed(a.Anchor).When
	spell := r.d.(FirstCodeTime).FirstCodeTime
	return r.writeSplitCode(r.splitCodeAggregate(&r.memo().times, spell, ts, c.bits()), spell, ts, c.bits(),
		func() { r.out.b = r.appendRank(r.out.b, c, col) },
		func() error { return r.writeExpr(cond) })
}

// appendTimeTest appends a comparison that a derived first takes part
// in, both sides in microseconds; ok is false (and b unchanged) when
// neither side is one.
func (r *renderer) appendTimeTest(b []byte, e compiler.Compare) ([]byte, bool) {
	if r.ticks || len(r.derivedFirsts()) == 0 {
		// Ticks compare as they are (entry_context_ticks.go).
		return b, false
	}
	l, ok1 := e.Left.(compiler.MeasureValue)
	rt, ok2 := e.Right.(compiler.MeasureValue)
	if !ok1 || !ok2 {
		return b, false // derivedFirsts lets a derived first meet only measures
	}
	_, ld := r.derived(l.Name)
	_, rd := r.derived(rt.Name)
	if !ld && !rd {
		return b, false
	}
	before, after := r.d.(FirstCodeTime).MicrosOf()
	side := func(b []byte, name string, derived bool) []byte {
		if derived {
			return append(b, name...)
		}
		return append(append(append(b, before...), name...), after...)
	}
	b = side(b, l.Name, ld)
	b = append(append(append(b, ' '), e.Op...), ' ')
	return side(b, rt.Name, rd), true
}
