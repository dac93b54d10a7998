package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// bitsPerWord is how many facts one BIGINT of a packed signature holds.
const bitsPerWord = 62

// packedSignatures groups units by their facts packed into BIGINT words:
// hashing a few integers is far cheaper than hundreds of columns, which
// is what a batch of a thousand references would otherwise group by.
func (r *renderer) packedSignatures(indent int, p *compiler.Plan, atoms []compiler.Expr, from, where string, extra []string) error {
	var inner, outer, group []string
	for _, e := range extra {
		inner = append(inner, e)
		outer = append(outer, e[strings.LastIndex(e, " AS ")+4:])
	}
	for _, s := range p.Shards {
		inner = append(inner, r.id(s.Key))
		outer = append(outer, r.id(s.Key))
	}
	if p.Period != compiler.PeriodNone {
		period, err := r.d.TruncDate(p.Period, periodTime(p))
		if err != nil {
			return fmt.Errorf("%s: %w", r.d.Name(), err)
		}
		inner = append(inner, period+" AS "+r.id("period"))
		outer = append(outer, r.id("period"))
	}
	group = append(group, outer...)
	var word []string
	words := 0
	flush := func() {
		if len(word) == 0 {
			return
		}
		words++
		name := fmt.Sprintf("bits_%d", words)
		inner = append(inner, "("+strings.Join(word, "\n"+strings.Repeat("  ", indent+3)+"+ ")+") AS "+name)
		outer = append(outer, name)
		group = append(group, name)
		word = nil
	}
	for i, a := range atoms {
		bit := int64(1) << (i % bitsPerWord)
		var term string
		switch a := a.(type) {
		case compiler.HasFlag:
			term = fmt.Sprintf("%s * %d", a.Name, bit)
		case compiler.Reached:
			if _, ok := r.d.(ArrayWithin); !ok {
				term = fmt.Sprintf("%s * %d", a.Name, bit)
			}
		}
		if term == "" {
			cond, err := r.expr(a)
			if err != nil {
				return err
			}
			term = fmt.Sprintf("CASE WHEN %s THEN %d ELSE 0 END", cond, bit)
		}
		word = append(word, term)
		if len(word) == bitsPerWord {
			flush()
		}
	}
	flush()
	outer = append(outer, "count(*) AS units")
	r.line(indent, "SELECT")
	r.list(indent+1, outer)
	r.line(indent, "FROM (")
	r.line(indent+1, "SELECT")
	r.list(indent+2, inner)
	r.line(indent+1, "FROM %s", from)
	switch {
	case p.Period != compiler.PeriodNone:
		r.line(indent+1, "WHERE %s IS NOT NULL", periodPresent(p))
	case where != "":
		r.line(indent+1, "WHERE %s", where)
	}
	r.line(indent, ") AS facts")
	if len(group) > 0 {
		r.line(indent, "GROUP BY %s", strings.Join(group, ", "))
	}
	return nil
}

// packedCondition rewrites an output condition into tests of the packed
// signature words: the facts an AND needs from one word become a single
// mask comparison.
func (r *renderer) packedCondition(e compiler.Expr, atoms []compiler.Expr) string {
	index := func(a compiler.Expr) int {
		if i := r.atomIndex(a, atoms); i >= 0 {
			return i
		}
		panic(fmt.Sprintf("dialects: condition %s is not among the scan's facts", compiler.Key(compiler.AtomOf(a))))
	}
	want := func(a compiler.Expr) bool {
		if f, ok := a.(compiler.HasFlag); ok {
			return f.Want
		}
		return true
	}
	word := func(i int) string { return "bits_" + strconv.Itoa(i/bitsPerWord+1) }
	switch e := e.(type) {
	case compiler.And:
		if len(e) == 0 {
			return "1 = 1"
		}
		// The words an AND tests, in first-use order. A condition tests
		// one or two words, so a slice searched in order replaces the
		// maps that showed in batch compile profiles.
		type wordMask struct {
			word            int
			mask, val, zero int64
		}
		var buf [4]wordMask
		words := buf[:0]
		var rest []string
		for _, t := range e {
			if _, ok := t.(compiler.Or); ok {
				rest = append(rest, r.packedCondition(t, atoms))
				continue
			}
			i := index(t)
			w := i / bitsPerWord
			k := 0
			for k < len(words) && words[k].word != w {
				k++
			}
			if k == len(words) {
				words = append(words, wordMask{word: w})
			}
			bit := int64(1) << (i % bitsPerWord)
			words[k].mask |= bit
			if want(t) {
				words[k].val |= bit
			} else {
				words[k].zero |= bit
			}
		}
		for _, w := range words {
			if w.val&w.zero != 0 {
				return "1 = 0" // a fact required both present and absent
			}
		}
		var parts []string
		for _, w := range words {
			parts = append(parts, r.d.BitAnd(word(w.word*bitsPerWord), strconv.FormatInt(w.mask, 10))+" = "+strconv.FormatInt(w.val, 10))
		}
		return strings.Join(append(parts, rest...), " AND ")
	case compiler.Or:
		if len(e) == 0 {
			return "1 = 0"
		}
		var parts []string
		for _, t := range e {
			parts = append(parts, r.packedCondition(t, atoms))
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	}
	i := index(e)
	bit := strconv.FormatInt(int64(1)<<(i%bitsPerWord), 10)
	if want(e) {
		return r.d.BitAnd(word(i), bit) + " = " + bit
	}
	return r.d.BitAnd(word(i), bit) + " = 0"
}

// filterWords numbers the distinct own filters of a scan's outputs and
// returns the columns that pack them into words of bits (as "expr AS
// alias"), and, per output, the test of its filter's bit.
func (r *renderer) filterWords(p *compiler.Plan) ([]string, []string, error) {
	index := map[string]int{}
	var filters []compiler.Expr
	tests := make([]string, len(p.Outputs))
	for k, o := range p.Outputs {
		if o.Filter == nil {
			tests[k] = "1 = 1"
			continue
		}
		key := compiler.Key(o.Filter)
		j, ok := index[key]
		if !ok {
			j = len(filters)
			index[key] = j
			filters = append(filters, o.Filter)
		}
		bit := int64(1) << (j % bitsPerWord)
		tests[k] = fmt.Sprintf("%s = %d", r.d.BitAnd(fmt.Sprintf("filters_%d", j/bitsPerWord+1), fmt.Sprint(bit)), bit)
	}
	var cols []string
	for w := 0; w*bitsPerWord < len(filters); w++ {
		var terms []string
		for j := w * bitsPerWord; j < len(filters) && j < (w+1)*bitsPerWord; j++ {
			cond, err := r.expr(filters[j])
			if err != nil {
				return nil, nil, err
			}
			terms = append(terms, fmt.Sprintf("CASE WHEN %s THEN %d ELSE 0 END", cond, int64(1)<<(j%bitsPerWord)))
		}
		cols = append(cols, "("+strings.Join(terms, " + ")+fmt.Sprintf(") AS filters_%d", w+1))
	}
	return cols, tests, nil
}
