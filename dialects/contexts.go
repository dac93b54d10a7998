package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// contextBase is a measure computed once per unit and context values,
// before any output's own filter applies.
type contextBase struct {
	kind compiler.MeasureKind
	pred compiler.Expr
	name string
}

// contextBases lists the distinct (kind, predicate) pairs of the plan's
// measures, and maps each measure name to its base.
func (r *renderer) contextBases() ([]contextBase, map[string]string) {
	// A shared pass computes the bases of every scan of its group, so
	// that each scan finds its own among them.
	plans := []*compiler.Plan{r.plan}
	if r.plan.SharedPass && len(r.group) > 0 {
		plans = r.group
	}
	var bases []contextBase
	byKey := map[string]string{}
	for _, p := range plans {
		for _, m := range p.Measures {
			if m.Pred == nil {
				continue
			}
			key := strconv.Itoa(int(m.Kind)) + "|" + compiler.Key(m.Pred)
			if _, ok := byKey[key]; !ok {
				name := fmt.Sprintf("e%d_%s", len(bases)+1, m.Name)
				byKey[key] = name
				bases = append(bases, contextBase{m.Kind, m.Pred, name})
			}
		}
	}
	ofMeasure := map[string]string{}
	for _, m := range r.plan.Measures {
		if m.Pred != nil {
			ofMeasure[m.Name] = byKey[strconv.Itoa(int(m.Kind))+"|"+compiler.Key(m.Pred)]
		}
	}
	return bases, ofMeasure
}

// unitContexts writes the first step: the events aggregated per unit,
// shard values and context values, each base computed once. With count,
// each row also says how many context combinations its unit has.
func (r *renderer) unitContexts(indent int, count bool) error {
	p := r.plan
	ts := r.id(p.Time)
	bases, _ := r.contextBases()
	var cols, keys, partition []string
	seen := map[string]bool{}
	for _, k := range p.UnitKeys {
		cols = append(cols, r.id(k))
		keys = append(keys, r.id(k))
		partition = append(partition, r.id(k))
		seen[k] = true
	}
	for _, s := range p.Shards {
		if s.Column == s.Key {
			cols = append(cols, r.id(s.Key))
		} else {
			cols = append(cols, r.id(s.Column)+" AS "+r.id(s.Key))
		}
		keys = append(keys, r.id(s.Column))
		if !p.SharedPass {
			// A unit of a shared pass is single-context across every
			// column; otherwise per shard value suffices.
			partition = append(partition, r.id(s.Column))
		}
		seen[s.Column] = true
	}
	for _, c := range p.Contexts {
		if !seen[c] {
			seen[c] = true
			cols = append(cols, r.id(c))
			keys = append(keys, r.id(c))
		}
	}
	for _, b := range bases {
		when, err := r.expr(b.pred)
		if err != nil {
			return err
		}
		var agg string
		switch b.kind {
		case compiler.MeasureFirst:
			agg = r.d.FirstWhen(ts, when)
		case compiler.MeasureLast:
			agg = r.d.LastWhen(ts, when)
		default:
			agg = r.d.AnyWhen(when)
		}
		cols = append(cols, agg+" AS "+b.name)
	}
	if count {
		cols = append(cols, "count(*) OVER (PARTITION BY "+strings.Join(partition, ", ")+") AS contexts_per_unit")
	}
	r.line(indent, "SELECT")
	r.list(indent+1, cols)
	if err := r.scan(indent); err != nil {
		return err
	}
	r.line(indent, "GROUP BY %s", strings.Join(keys, ", "))
	return nil
}

// unitsFromContexts writes the second step: the first step's rows
// aggregated per unit, each measure applying its output's own filter to
// those rows. Every context value is constant within a row, so this is
// exact, and the many filtered aggregates run over a few rows per unit
// instead of over every event.
func (r *renderer) unitsFromContexts(indent int, from, where string) error {
	p := r.plan
	_, baseOf := r.contextBases()
	var cols []string
	var keys []string
	for _, k := range p.UnitKeys {
		keys = append(keys, r.id(k))
	}
	for _, s := range p.Shards {
		cols = append(cols, r.id(s.Key))
		keys = append(keys, r.id(s.Key))
	}
	for _, m := range p.Measures {
		b := baseOf[m.Name]
		var filter string
		if m.Filter != nil {
			var err error
			if filter, err = r.expr(m.Filter); err != nil {
				return err
			}
		}
		var agg string
		switch {
		case m.Kind == compiler.MeasureAny && b == "":
			agg = r.d.AnyWhen(filter)
		case filter == "" && m.Kind == compiler.MeasureFirst:
			agg = "min(" + b + ")"
		case filter == "":
			agg = "max(" + b + ")"
		case m.Kind == compiler.MeasureFirst:
			agg = r.d.FirstWhen(b, filter)
		case m.Kind == compiler.MeasureLast:
			agg = r.d.LastWhen(b, filter)
		default:
			agg = r.d.AnyWhen(filter + " AND " + b + " = 1")
		}
		cols = append(cols, agg+" AS "+m.Name)
	}
	r.line(indent, "SELECT")
	r.list(indent+1, cols)
	r.line(indent, "FROM %s", from)
	if where != "" {
		r.line(indent, "WHERE %s", where)
	}
	r.line(indent, "GROUP BY %s", strings.Join(keys, ", "))
	return nil
}

// unitsByContext is both steps, nested, for a single statement.
func (r *renderer) unitsByContext(indent int) error {
	inner, err := r.capture(func() error { return r.unitContexts(indent+1, false) })
	if err != nil {
		return err
	}
	return r.unitsFromContexts(indent, "(\n"+inner+strings.Repeat("  ", indent)+") AS unit_contexts", "")
}

// toBase rewrites an output condition over its filtered measures into one
// over the unfiltered bases, for units with a single context combination:
// there the filter either keeps all of the unit's events or none, so the
// condition is the filter AND the same test on the bases. A bare "has own
// events" flag becomes true.
func toBase(e compiler.Expr, baseOf map[string]string) compiler.Expr {
	switch e := e.(type) {
	case compiler.And:
		var out compiler.And
		for _, t := range e {
			if c := toBase(t, baseOf); c != nil {
				out = append(out, c)
			}
		}
		return out
	case compiler.Or:
		var out compiler.Or
		for _, t := range e {
			c := toBase(t, baseOf)
			if c == nil {
				return nil
			}
			out = append(out, c)
		}
		return out
	case compiler.NotNull:
		return compiler.NotNull{X: toBase(e.X, baseOf)}
	case compiler.MeasureValue:
		return compiler.MeasureValue{Name: baseOf[e.Name]}
	case compiler.Compare:
		return compiler.Compare{Op: e.Op, Left: toBase(e.Left, baseOf), Right: toBase(e.Right, baseOf)}
	case compiler.HasFlag:
		b, ok := baseOf[e.Name]
		if !ok {
			if e.Want {
				return nil // the own-events flag: implied by the filter
			}
			return compiler.Or{} // never true
		}
		return compiler.HasFlag{Name: b, Want: e.Want}
	}
	return e
}
