package dialects

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// bitsPerWord is how many facts one BIGINT of a packed signature holds.
const bitsPerWord = 62

// groupedCounts tells whether a scan counts its units per shard value,
// attributed value or period as well as per signature.
func groupedCounts(p *compiler.Plan) bool {
	return len(p.Shards)+len(p.Attributed) > 0 || p.Period != compiler.PeriodNone
}

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
	for _, s := range p.Attributed {
		v, err := r.expr(compiler.MeasureValue{Name: s.Measure})
		if err != nil {
			return err
		}
		inner = append(inner, v+" AS "+r.id(s.Key))
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
	if len(extra) == 0 && len(group) == 0 && where == "" {
		if ranked, cols := r.rankedAtoms(atoms); ranked != nil {
			return r.preGroupedSignatures(indent, atoms, ranked, cols, from)
		}
	}
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
		term, err := r.factTerm(a, int64(1)<<(i%bitsPerWord))
		if err != nil {
			return err
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

// factTerm is a's bit in a signature word: bit where a holds, else 0.
func (r *renderer) factTerm(a compiler.Expr, bit int64) (string, error) {
	switch a := a.(type) {
	case compiler.HasFlag:
		return fmt.Sprintf("%s * %d", a.Name, bit), nil
	case compiler.Reached:
		if _, ok := r.d.(ArrayWithin); !ok {
			return fmt.Sprintf("%s * %d", a.Name, bit), nil
		}
	}
	cond, err := r.expr(a)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("CASE WHEN %s THEN %d ELSE 0 END", cond, bit), nil
}
