package dialects

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// atomAlias names the signature column of a fact.
func atomAlias(i int, a compiler.Expr) string {
	switch a := a.(type) {
	case compiler.NotNull:
		if m, ok := a.X.(compiler.MeasureValue); ok {
			return "has_" + m.Name
		}
	case compiler.HasFlag:
		return a.Name
	case compiler.Reached:
		// Under ArrayWithin the measure is an array of times and the
		// fact is computed from it; a distinct name keeps the fact from
		// shadowing the array it reads.
		return "hit_" + a.Name
	}
	return fmt.Sprintf("fact_%d", i+1)
}

// signatures writes the grouping of a scan's units by their facts.
func (r *renderer) signatures(indent int, p *compiler.Plan, from string) ([]compiler.Expr, error) {
	atoms := p.Atoms()
	if r.packed {
		return atoms, r.packedSignatures(indent, p, atoms, from, "", nil)
	}
	var cols, group []string
	for _, s := range p.Shards {
		cols = append(cols, r.id(s.Key))
		group = append(group, r.id(s.Key))
	}
	if p.Period != compiler.PeriodNone {
		period, err := r.d.TruncDate(p.Period, periodTime(p))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", r.d.Name(), err)
		}
		cols = append(cols, period+" AS "+r.id("period"))
		group = append(group, period)
	}
	for i, a := range atoms {
		alias := atomAlias(i, a)
		var expr string
		switch a.(type) {
		case compiler.HasFlag:
			expr = alias
		case compiler.Reached:
			if _, ok := r.d.(ArrayWithin); !ok {
				expr = a.(compiler.Reached).Name
			}
		}
		if expr == "" {
			cond, err := r.expr(a)
			if err != nil {
				return nil, err
			}
			expr = "CASE WHEN " + cond + " THEN 1 ELSE 0 END"
		}
		if expr == alias {
			cols = append(cols, alias)
		} else {
			cols = append(cols, expr+" AS "+alias)
		}
		group = append(group, expr)
	}
	cols = append(cols, "count(*) AS units")
	r.line(indent, "SELECT")
	r.list(indent+1, cols)
	r.line(indent, "FROM %s", from)
	if p.Period != compiler.PeriodNone {
		r.line(indent, "WHERE %s IS NOT NULL", periodPresent(p))
	}
	if len(group) > 0 {
		r.line(indent, "GROUP BY %s", strings.Join(group, ", "))
	}
	return atoms, nil
}

// overSignature rewrites an output condition to read signature columns.
func overSignature(e compiler.Expr, atoms []compiler.Expr) string {
	switch e := e.(type) {
	case compiler.And:
		var parts []string
		for _, t := range e {
			parts = append(parts, overSignature(t, atoms))
		}
		return strings.Join(parts, " AND ")
	case compiler.Or:
		var parts []string
		for _, t := range e {
			parts = append(parts, overSignature(t, atoms))
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case compiler.HasFlag:
		if e.Want {
			return e.Name + " = 1"
		}
		return e.Name + " = 0"
	}
	key := compiler.Key(e)
	for i, a := range atoms {
		if compiler.Key(a) == key {
			return atomAlias(i, a) + " = 1"
		}
	}
	panic(fmt.Sprintf("dialects: condition %s is not among the scan's facts", key))
}
