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

// rank is the SQL rank of col's value on an event.
func (r *renderer) rank(c entryCode, col string) string {
	var b strings.Builder
	b.WriteString("CASE WHEN " + col + " IS NULL THEN " + strconv.Itoa(c.null()))
	for i, v := range c.literals {
		lit := r.d.QuoteString(v)
		b.WriteString(" WHEN " + col + " < " + lit + " THEN " + strconv.Itoa(2*i))
		b.WriteString(" WHEN " + col + " = " + lit + " THEN " + strconv.Itoa(2*i+1))
	}
	b.WriteString(" ELSE " + strconv.Itoa(2*len(c.literals)) + " END")
	return b.String()
}

// entryCodes finds the anchor values of the plan being rendered that are
// read as ranks, by measure name, and the rank of each one's column:
// those that FirstCode reads at the unit's first from-event, that no
// shard groups by, and that every output only tests against literals.
// Measures of one column share one rank, so that the engine computes it
// once per event.
func (r *renderer) entryCodes() map[string]entryCode {
	if r.codesOf == r.plan {
		return r.codes
	}
	r.codesOf, r.codes = r.plan, nil
	if _, ok := r.d.(FirstCode); !ok {
		return nil
	}
	uses := codeUses{tested: map[string][]string{}, other: map[string]bool{}}
	for _, s := range r.plan.Attributed {
		uses.other[s.Measure] = true
	}
	for _, o := range r.plan.Outputs {
		for _, e := range []compiler.Expr{o.Trial, o.Success, o.Filter, o.Present, o.Immature} {
			uses.walk(e)
		}
	}
	byColumn := map[string][]string{}
	var measures []compiler.Measure
	for _, m := range r.plan.Measures {
		if m.Kind != compiler.MeasureAtAnchor || !r.valueAtFirst(m) || uses.other[m.Name] || len(uses.tested[m.Name]) == 0 {
			continue
		}
		measures = append(measures, m)
		byColumn[m.Column] = append(byColumn[m.Column], uses.tested[m.Name]...)
	}
	codes := map[string]entryCode{}
	for col, lits := range byColumn {
		slices.Sort(lits)
		c := entryCode{literals: slices.Compact(lits)}
		if c.bits() <= maxCodeBits {
			codes[col] = c
		}
	}
	for _, m := range measures {
		if c, ok := codes[m.Column]; ok {
			if r.codes == nil {
				r.codes = map[string]entryCode{}
			}
			r.codes[m.Name] = c
		}
	}
	return r.codes
}

// codeUses sorts the uses of anchor values: tests against literals, and
// anything else, which needs the value itself.
type codeUses struct {
	tested map[string][]string
	other  map[string]bool
}

func (u codeUses) walk(e compiler.Expr) {
	switch e := e.(type) {
	case nil:
	case compiler.MeasureValue:
		u.other[e.Name] = true
	case compiler.Equals:
		if mv, ok := e.Left.(compiler.MeasureValue); ok {
			if t, ok := e.Right.(compiler.Text); ok {
				u.tested[mv.Name] = append(u.tested[mv.Name], t.Value)
				return
			}
		}
		u.walk(e.Left)
		u.walk(e.Right)
	case compiler.InList:
		if mv, ok := e.Left.(compiler.MeasureValue); ok {
			var lits []string
			for _, v := range e.Values {
				t, ok := v.(compiler.Text)
				if !ok {
					u.other[mv.Name] = true
					return
				}
				lits = append(lits, t.Value)
			}
			u.tested[mv.Name] = append(u.tested[mv.Name], lits...)
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

// codedTest renders a test of a ranked anchor value against literals, ok
// false when e is not one.
func (r *renderer) codedTest(e compiler.Expr) (string, bool) {
	var name string
	var lits []compiler.Expr
	switch e := e.(type) {
	case compiler.Equals:
		mv, ok := e.Left.(compiler.MeasureValue)
		if !ok {
			return "", false
		}
		name, lits = mv.Name, []compiler.Expr{e.Right}
	case compiler.InList:
		mv, ok := e.Left.(compiler.MeasureValue)
		if !ok {
			return "", false
		}
		name, lits = mv.Name, e.Values
	default:
		return "", false
	}
	c, ok := r.entryCodes()[name]
	if !ok {
		return "", false
	}
	var codes []string
	for _, l := range lits {
		codes = append(codes, strconv.Itoa(c.of(l.(compiler.Text).Value)))
	}
	if len(codes) == 1 {
		return name + " = " + codes[0], true
	}
	return name + " IN (" + strings.Join(codes, ", ") + ")", true
}

// codeAtFirst is the per-unit aggregate of a ranked anchor value: the
// rank, NULL when the value is NULL or the unit has no from-event.
func (r *renderer) codeAtFirst(c entryCode, col, ts, cond string) string {
	return "NULLIF(" + r.d.(FirstCode).CodeAtFirst(r.rank(c, col), ts, cond, c.bits()) + ", " + strconv.Itoa(c.null()) + ")"
}
