package dialects

import (
	"fmt"
	"sort"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// RenderBatch writes a batch as one statement with the columns ref, the
// shard keys and period where any reference has them, trials and
// successes. Each scan reads the events once and groups its units by the
// yes/no facts its references test (their signature), so each reference
// is then counted over a few signature groups rather than every unit.
func RenderBatch(b *compiler.Batch, d Dialect) (Statement, error) {
	r := &renderer{d: d, seen: map[string]int{}}
	total := 0
	for _, p := range b.Scans {
		total += len(p.Outputs)
	}
	r.comment(fmt.Sprintf("batch of %d references in %d scan(s)", total, len(b.Scans)))
	for _, p := range b.Scans {
		for _, o := range p.Outputs {
			r.comment(o.Ref)
		}
	}
	shape := batchShape(b)
	var err error
	if _, ok := d.(NoNamedSubqueries); ok {
		err = r.batchArrayJoin(b, shape)
	} else {
		err = r.batchCTE(b, shape)
	}
	if err != nil {
		return Statement{}, err
	}
	return Statement{SQL: strings.TrimRight(r.out.String(), "\n"), Params: r.params}, nil
}

// shape is the union of the output columns of every scan.
type shape struct {
	shards []string
	period bool
}

func batchShape(b *compiler.Batch) shape {
	var s shape
	seen := map[string]bool{}
	for _, p := range b.Scans {
		for _, sh := range p.Shards {
			if !seen[sh.Key] {
				seen[sh.Key] = true
				s.shards = append(s.shards, sh.Key)
			}
		}
		if p.Period != compiler.PeriodNone {
			s.period = true
		}
	}
	// Sorted, as each reference lists its own shard keys, so every
	// reference's keys appear in its own order.
	sort.Strings(s.shards)
	return s
}

// leadColumns are the shard and period columns of one scan's rows, padded
// with typed NULLs to the batch's shape.
func (r *renderer) leadColumns(p *compiler.Plan, s shape) []string {
	var cols []string
	for _, key := range s.shards {
		if hasShard(p, key) {
			cols = append(cols, r.id(key))
		} else {
			cols = append(cols, r.d.NullOf(TypeText)+" AS "+r.id(key))
		}
	}
	if s.period {
		if p.Period != compiler.PeriodNone {
			cols = append(cols, r.id("period"))
		} else {
			cols = append(cols, r.d.NullOf(TypeDate)+" AS "+r.id("period"))
		}
	}
	return cols
}

func hasShard(p *compiler.Plan, key string) bool {
	for _, s := range p.Shards {
		if s.Key == key {
			return true
		}
	}
	return false
}

// groupColumns are the columns a scan's counts are grouped by.
func (r *renderer) groupColumns(p *compiler.Plan) []string {
	var g []string
	for _, s := range p.Shards {
		g = append(g, r.id(s.Key))
	}
	if p.Period != compiler.PeriodNone {
		g = append(g, r.id("period"))
	}
	return g
}

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
	var cols, group []string
	for _, s := range p.Shards {
		cols = append(cols, r.id(s.Key))
		group = append(group, r.id(s.Key))
	}
	if p.Period != compiler.PeriodNone {
		period, err := r.d.TruncDate(p.Period, p.PeriodOf)
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
		r.line(indent, "WHERE %s IS NOT NULL", p.PeriodOf)
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
	key := fmt.Sprintf("%#v", e)
	for i, a := range atoms {
		if fmt.Sprintf("%#v", a) == key {
			return atomAlias(i, a) + " = 1"
		}
	}
	panic(fmt.Sprintf("dialects: condition %s is not among the scan's facts", key))
}

// batchCTE names each scan's units and signatures, then counts every
// reference over its scan's signatures in one UNION ALL.
func (r *renderer) batchCTE(b *compiler.Batch, s shape) error {
	atoms := make([][]compiler.Expr, len(b.Scans))
	for i, p := range b.Scans {
		r.plan = p
		sep := ","
		if i == 0 {
			r.line(0, "WITH units_%d AS (", i+1)
		} else {
			r.line(0, "units_%d AS (", i+1)
		}
		if err := r.units(1); err != nil {
			return err
		}
		r.line(0, "),")
		r.line(0, "signatures_%d AS (", i+1)
		a, err := r.signatures(1, p, fmt.Sprintf("units_%d", i+1))
		if err != nil {
			return err
		}
		atoms[i] = a
		if i == len(b.Scans)-1 {
			sep = ""
		}
		r.line(0, ")%s", sep)
	}
	r.line(0, "SELECT *")
	r.line(0, "FROM (")
	first := true
	for i, p := range b.Scans {
		lead := r.leadColumns(p, s)
		group := r.groupColumns(p)
		for _, o := range p.Outputs {
			if !first {
				r.line(1, "UNION ALL")
			}
			first = false
			trial := overSignature(o.Trial, atoms[i])
			success := overSignature(o.Success, atoms[i])
			cols := append([]string{r.d.QuoteString(o.Ref) + " AS " + r.id("ref")}, lead...)
			cols = append(cols,
				r.d.SumIf("units", trial)+" AS "+r.id("trials"),
				r.d.SumIf("units", trial+" AND "+success)+" AS "+r.id("successes"))
			r.line(1, "SELECT %s", strings.Join(cols, ", "))
			r.line(1, "FROM signatures_%d", i+1)
			if o.Present != nil {
				r.line(1, "WHERE %s", overSignature(o.Present, atoms[i]))
			}
			if len(group) > 0 {
				r.line(1, "GROUP BY %s", strings.Join(group, ", "))
			}
		}
	}
	r.line(0, ") AS batch")
	r.line(0, "ORDER BY %s", strings.Join(r.orderColumns(s), ", "))
	return nil
}

func (r *renderer) orderColumns(s shape) []string {
	order := []string{r.id("ref")}
	for _, k := range s.shards {
		order = append(order, r.id(k))
	}
	if s.period {
		order = append(order, r.id("period"))
	}
	return order
}

// batchArrayJoin nests each scan's subqueries, sums every reference's
// counts into arrays, and unpivots them with ARRAY JOIN: ClickHouse 18.16
// has no named subqueries to count over repeatedly.
func (r *renderer) batchArrayJoin(b *compiler.Batch, s shape) error {
	r.line(0, "SELECT *")
	r.line(0, "FROM (")
	for i, p := range b.Scans {
		r.plan = p
		if i > 0 {
			r.line(1, "UNION ALL")
		}
		var atoms []compiler.Expr
		sig, err := r.capture(func() error {
			units, err := r.capture(func() error { return r.units(4) })
			if err != nil {
				return err
			}
			atoms, err = r.signatures(3, p, "(\n"+units+strings.Repeat("  ", 3)+") AS units")
			return err
		})
		if err != nil {
			return err
		}
		var refs, trials, successes, present []string
		anyPresent := false
		for _, o := range p.Outputs {
			trial := overSignature(o.Trial, atoms)
			success := overSignature(o.Success, atoms)
			refs = append(refs, r.d.QuoteString(o.Ref))
			trials = append(trials, r.d.SumIf("units", trial))
			successes = append(successes, r.d.SumIf("units", trial+" AND "+success))
			if o.Present != nil {
				anyPresent = true
				present = append(present, r.d.AnyWhen(overSignature(o.Present, atoms)))
			} else {
				present = append(present, "1")
			}
		}
		group := r.groupColumns(p)
		cols := append(append([]string{}, group...),
			"["+strings.Join(refs, ", ")+"] AS refs",
			"["+strings.Join(trials, ", ")+"] AS trial_counts",
			"["+strings.Join(successes, ", ")+"] AS success_counts")
		if anyPresent {
			cols = append(cols, "["+strings.Join(present, ", ")+"] AS present_flags")
		}
		lead := r.leadColumns(p, s)
		r.line(1, "SELECT %s", strings.Join(append(append([]string{r.id("ref")}, lead...), r.id("trials"), r.id("successes")), ", "))
		r.line(1, "FROM (")
		r.line(2, "SELECT")
		r.list(3, cols)
		r.line(2, "FROM (")
		r.out.WriteString(sig)
		r.line(2, ") AS signatures")
		if len(group) > 0 {
			r.line(2, "GROUP BY %s", strings.Join(group, ", "))
		}
		if anyPresent {
			r.line(1, ") ARRAY JOIN refs AS %s, trial_counts AS %s, success_counts AS %s, present_flags AS present", r.id("ref"), r.id("trials"), r.id("successes"))
			r.line(1, "WHERE present = 1")
		} else {
			r.line(1, ") ARRAY JOIN refs AS %s, trial_counts AS %s, success_counts AS %s", r.id("ref"), r.id("trials"), r.id("successes"))
		}
	}
	r.line(0, ") AS batch")
	r.line(0, "ORDER BY %s", strings.Join(r.orderColumns(s), ", "))
	return nil
}

// capture renders f into a string instead of the statement, keeping the
// order in which placeholders are recorded.
func (r *renderer) capture(f func() error) (string, error) {
	saved := r.out.String()
	r.out.Reset()
	err := f()
	got := r.out.String()
	r.out.Reset()
	r.out.WriteString(saved)
	return got, err
}
