package dialects

import (
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// An anchor's value (attribution(entry)) is the least non-NULL value
// among the from-events at the unit's first instant. Where every use of
// that value tests it against literals, a dialect with FirstCode reads
// it as a small integer instead of a string: each event's value becomes
// its rank among the literals its column is tested against, and one
// integer min over (time, rank) gives the anchor's rank. On DuckDB that
// min costs a fraction of the min over a (time, NULL flag, value)
// struct, which dominated batches of entry references.
//
// The rank keeps the order of the values, so the least value among tied
// events has the least rank: for the sorted literals L1 < … < Lk, a value
// below L1 ranks 0, Li ranks 2i-1, a value between Li and Li+1 ranks 2i,
// one above Lk ranks 2k, and NULL ranks 2k+1, after every value. Values
// that no literal equals share a rank; they differ from every literal,
// which is all a test against literals asks.

// maxCodeBits bounds the rank's bits: a time in microseconds shifted by
// 8 bits stays within a BIGINT until the year 3100. A column tested
// against more than 127 literals keeps the struct.
const maxCodeBits = 8

// entryCode is the rank of one column's values.
type entryCode struct {
	literals []string // sorted, distinct
}

// bits is how many bits hold a rank, NULL's included.
func (c entryCode) bits() int { return bits.Len(uint(c.null())) }

// null is the rank of NULL.
func (c entryCode) null() int { return 2*len(c.literals) + 1 }

// of is the rank of a literal the column is tested against.
func (c entryCode) of(v string) int {
	i, _ := slices.BinarySearch(c.literals, v)
	return 2*i + 1
}

// appendRank appends the SQL rank of col's value on an event to b.
func (r *renderer) appendRank(b []byte, c entryCode, col string) []byte {
	// The equalities come first: most events carry one of the literals,
	// and an engine that evaluates a CASE arm by arm on the rows still
	// unmatched then settles them in half the tests of the interleaved
	// order (a < and an = per literal). The order of the < tests still
	// ranks every other value between the literals it falls between.
	b = append(b, "CASE"...)
	for i, v := range c.literals {
		b = append(append(append(append(append(b, " WHEN "...), col...), " = "...), r.quoteString(v)...), " THEN "...)
		b = strconv.AppendInt(b, int64(2*i+1), 10)
	}
	b = append(append(append(b, " WHEN "...), col...), " IS NULL THEN "...)
	b = strconv.AppendInt(b, int64(c.null()), 10)
	for i, v := range c.literals {
		b = append(append(append(append(append(b, " WHEN "...), col...), " < "...), r.quoteString(v)...), " THEN "...)
		b = strconv.AppendInt(b, int64(2*i), 10)
	}
	b = append(b, " ELSE "...)
	b = strconv.AppendInt(b, int64(2*len(c.literals)), 10)
	return append(b, " END"...)
}

// rankedValue is an anchor value read as a rank: the MeasureAtAnchor's
// name and its column's rank.
type rankedValue struct {
	measure string
	code    entryCode
}

// entryCodes finds the anchor values of the plan being rendered that are
// read as ranks: those that FirstCode reads at the unit's first
// from-event, that no shard groups by, and that every output only tests
// against literals. Measures of one column share one rank, so that the
// engine computes it once per event. A plan has a handful of anchor
// values, so slices searched in order serve better than maps: this runs
// for every reference compiled.
func (r *renderer) entryCodes() []rankedValue {
	if r.codesOf == r.plan {
		return r.codes
	}
	// A plan's values follow the last plan's in the same array, which a
	// pooled renderer keeps, as it keeps the room of the uses and the
	// literals (see codeRoom): their allocations showed in compile
	// profiles.
	r.codesOf, r.codes = r.plan, r.codes[len(r.codes):]
	if _, ok := r.d.(FirstCode); !ok {
		return nil
	}
	room := r.codeRoom()
	uses := &room.uses
	*uses = codeUses{measures: r.plan.Measures, anchored: uses.anchored[:0], tested: uses.tested[:0], other: uses.other[:0]}
	for i, m := range r.plan.Measures {
		if m.Kind == compiler.MeasureAtAnchor && r.valueAtFirst(m) {
			uses.anchored = append(uses.anchored, i)
		}
	}
	if len(uses.anchored) == 0 {
		return nil
	}
	for range uses.anchored {
		uses.other = append(uses.other, false)
	}
	for _, s := range r.plan.Attributed {
		uses.mark(s.Measure)
	}
	for _, o := range r.plan.Outputs {
		for _, e := range [...]compiler.Expr{o.Trial, o.Success, o.Filter, o.Present, o.Immature} {
			uses.walk(e)
		}
	}
	// The literals each column is tested against, over all of its
	// ranked measures, sorted by column and then literal.
	tested := uses.tested[:0]
	for _, t := range uses.tested {
		if !uses.other[t.anchored] {
			tested = append(tested, t)
		}
	}
	slices.SortFunc(tested, func(a, b testedLiteral) int {
		if c := strings.Compare(uses.column(a), uses.column(b)); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	for k := 0; k < len(tested); {
		col := uses.column(tested[k])
		start := len(room.literals)
		for ; k < len(tested) && uses.column(tested[k]) == col; k++ {
			if n := len(room.literals); n == start || room.literals[n-1] != tested[k].value {
				room.literals = append(room.literals, tested[k].value)
			}
		}
		lits := room.literals[start:len(room.literals):len(room.literals)]
		c := entryCode{literals: lits}
		if c.bits() > maxCodeBits {
			continue
		}
		for a, i := range uses.anchored {
			if m := r.plan.Measures[i]; m.Column == col && !uses.other[a] && isTested(tested, a) {
				r.codes = append(r.codes, rankedValue{measure: m.Name, code: c})
			}
		}
	}
	return r.codes
}

// entryCode returns the rank of the anchor value named, ok false when it
// is read as a value.
func (r *renderer) entryCode(measure string) (entryCode, bool) {
	for _, v := range r.entryCodes() {
		if v.measure == measure {
			return v.code, true
		}
	}
	return entryCode{}, false
}

// codeUses sorts the uses of a plan's anchor values: the literals they
// are tested against, and whether anything else reads them, which needs
// the value itself. Anchor values are numbered by their place in
// anchored, which holds their indexes in measures.
type codeUses struct {
	measures []compiler.Measure
	anchored []int
	tested   []testedLiteral
	other    []bool
}

// testedLiteral is a literal an anchor value is tested against.
type testedLiteral struct {
	anchored int
	value    string
}

func (u *codeUses) index(name string) int {
	for a, i := range u.anchored {
		if u.measures[i].Name == name {
			return a
		}
	}
	return -1
}

func (u *codeUses) column(t testedLiteral) string { return u.measures[u.anchored[t.anchored]].Column }

// isTested tells whether tested holds a literal of anchor value a.
func isTested(tested []testedLiteral, a int) bool {
	return slices.ContainsFunc(tested, func(t testedLiteral) bool { return t.anchored == a })
}

func (u *codeUses) mark(name string) {
	if a := u.index(name); a >= 0 {
		u.other[a] = true
	}
}

func (u *codeUses) walk(e compiler.Expr) {
	switch e := e.(type) {
	case nil:
	case compiler.MeasureValue:
		u.mark(e.Name)
	case compiler.Equals:
		if mv, ok := e.Left.(compiler.MeasureValue); ok {
			if t, ok := e.Right.(compiler.Text); ok {
				if a := u.index(mv.Name); a >= 0 {
					u.tested = append(u.tested, testedLiteral{a, t.Value})
				}
				return
			}
		}
		u.walk(e.Left)
		u.walk(e.Right)
	case compiler.InList:
		if mv, ok := e.Left.(compiler.MeasureValue); ok {
			a := u.index(mv.Name)
			if a < 0 {
				return
			}
			for _, v := range e.Values {
				t, ok := v.(compiler.Text)
				if !ok {
					u.other[a] = true
					return
				}
				u.tested = append(u.tested, testedLiteral{a, t.Value})
			}
			return
		}
		u.walk(e.Left)
		for _, v := range e.Values {
			u.walk(v)
		}
	case compiler.Compare:
		u.walk(e.Left)
		u.walk(e.Right)
	case compiler.NotNull:
		u.walk(e.X)
	case compiler.Not:
		u.walk(e.X)
	case compiler.PlusSeconds:
		u.walk(e.X)
	case compiler.And:
		for _, t := range e {
			u.walk(t)
		}
	case compiler.Or:
		for _, t := range e {
			u.walk(t)
		}
	}
}

// appendCodedTest appends a test of a ranked anchor value against
// literals to b, ok false (and b unchanged) when e is not one.
func (r *renderer) appendCodedTest(b []byte, e compiler.Expr) ([]byte, bool) {
	switch e := e.(type) {
	case compiler.Equals:
		mv, ok := e.Left.(compiler.MeasureValue)
		if !ok {
			return b, false
		}
		c, ok := r.entryCode(mv.Name)
		t, isText := e.Right.(compiler.Text)
		if !ok || !isText {
			return b, false
		}
		b = append(append(b, mv.Name...), " = "...)
		return strconv.AppendInt(b, int64(c.of(t.Value)), 10), true
	case compiler.InList:
		mv, ok := e.Left.(compiler.MeasureValue)
		if !ok {
			return b, false
		}
		c, ok := r.entryCode(mv.Name)
		if !ok {
			return b, false
		}
		b = append(append(b, mv.Name...), " IN ("...)
		for i, v := range e.Values {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = strconv.AppendInt(b, int64(c.of(v.(compiler.Text).Value)), 10)
		}
		return append(b, ')'), true
	}
	return b, false
}

// writeRankAtFirst writes the per-unit aggregate of a ranked anchor
// value: the rank, NULL when the value is NULL or the unit has no
// from-event at which cond holds. The rank and cond are written in place
// (see writeCodeAtFirst).
func (r *renderer) writeRankAtFirst(c entryCode, col, ts string, cond compiler.Expr) error {
	r.out.WriteString("NULLIF(")
	err := r.writeCodeAtFirst(ts, c.bits(),
		func() { r.out.b = r.appendRank(r.out.b, c, col) },
		func() error { return r.writeExpr(cond) })
	r.out.WriteString(", ")
	r.out.b = strconv.AppendInt(r.out.b, int64(c.null()), 10)
	r.out.WriteByte(')')
	return err
}
