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
	if r.packed {
		return atoms, r.packedSignatures(indent, p, atoms, from, "", nil)
	}
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
	key := compiler.Key(e)
	for i, a := range atoms {
		if compiler.Key(a) == key {
			return atomAlias(i, a) + " = 1"
		}
	}
	panic(fmt.Sprintf("dialects: condition %s is not among the scan's facts", key))
}

// batchCTE names each scan's units and signatures, then counts every
// reference over its scan's signatures in one UNION ALL.
func (r *renderer) batchCTE(b *compiler.Batch, s shape) error {
	r.packed = true
	var totalsChunks [][][2]int // per scan, the output ranges of its totals
	for i, p := range b.Scans {
		r.plan = p
		n := i + 1
		with := ""
		if i == 0 {
			with = "WITH "
		}
		var single []compiler.Expr
		var singleConds [][2]compiler.Expr
		var unitsSQL, singleSQL string
		var err error
		if len(p.Contexts) > 0 {
			// Units whose events all share one context combination are
			// counted straight from the first step's rows: a filter then
			// keeps all of a unit or none of it. Only the others need the
			// filtered per-unit measures.
			r.line(0, "%sunit_contexts_%d AS (", with, n)
			with = ""
			if err := r.unitContexts(1, true); err != nil {
				return err
			}
			r.line(0, "),")
			_, baseOf := r.contextBases()
			var conds []compiler.Expr
			for _, o := range p.Outputs {
				t := toBase(o.Trial, baseOf)
				su := toBase(o.Success, baseOf)
				singleConds = append(singleConds, [2]compiler.Expr{t, su})
				conds = append(conds, t, su)
			}
			single = compiler.AtomsOf(conds)
			// Each distinct context filter becomes one bit of a filters
			// word, computed once per signature row: the references then
			// test an integer, not their filter's text.
			var extra []string
			if extra, r.filterTests, err = r.filterWords(p); err != nil {
				return err
			}
			if singleSQL, err = r.capture(func() error {
				return r.packedSignatures(3, p, single, fmt.Sprintf("unit_contexts_%d", n), "contexts_per_unit = 1", extra)
			}); err != nil {
				return err
			}
			unitsSQL, err = r.capture(func() error {
				return r.unitsFromContexts(4, fmt.Sprintf("unit_contexts_%d", n), "contexts_per_unit > 1")
			})
		} else {
			unitsSQL, err = r.capture(func() error { return r.units(4) })
		}
		if err != nil {
			return err
		}
		var atoms []compiler.Expr
		sigSQL, err := r.capture(func() error {
			var err error
			atoms, err = r.signatures(3, p, "(\n"+unitsSQL+"      ) AS units")
			return err
		})
		if err != nil {
			return err
		}
		// Every reference's counts in one pass over the few signature
		// rows; the unpivot below then only reads a tiny table. Engines
		// that unpivot with arrays get the counts in chunks: planning one
		// SELECT of thousands of aggregates grows faster than linearly.
		sigFrom := "(\n" + sigSQL + "  ) AS signatures"
		singleFrom := "(\n" + singleSQL + "  ) AS single_context"
		chunks := [][2]int{{0, len(p.Outputs)}}
		if _, ok := r.d.(ArrayUnpivot); ok {
			r.line(0, "%ssignatures_%d AS MATERIALIZED (", with, n)
			with = ""
			r.out.WriteString(sigSQL)
			r.line(0, "),")
			sigFrom = fmt.Sprintf("signatures_%d", n)
			if single != nil {
				r.line(0, "single_context_%d AS MATERIALIZED (", n)
				r.out.WriteString(singleSQL)
				r.line(0, "),")
				singleFrom = fmt.Sprintf("single_context_%d", n)
			}
			chunks = nil
			for lo := 0; lo < len(p.Outputs); lo += totalsChunk {
				chunks = append(chunks, [2]int{lo, min(lo+totalsChunk, len(p.Outputs))})
			}
		}
		for c, ch := range chunks {
			r.line(0, "%stotals_%d_%d AS (", with, n, c+1)
			with = ""
			if err := r.totals(p, ch[0], ch[1], atoms, single, singleConds, sigFrom, singleFrom); err != nil {
				return err
			}
			if i == len(b.Scans)-1 && c == len(chunks)-1 {
				r.line(0, ")")
			} else {
				r.line(0, "),")
			}
		}
		totalsChunks = append(totalsChunks, chunks)
	}
	r.line(0, "SELECT *")
	r.line(0, "FROM (")
	first := true
	au, arrays := r.d.(ArrayUnpivot)
	for i, p := range b.Scans {
		lead := r.leadColumns(p, s)
		for c, ch := range totalsChunks[i] {
			from := fmt.Sprintf("totals_%d_%d", i+1, c+1)
			if arrays {
				// One unnest per column instead of a SELECT per reference:
				// a thousand UNION ALL branches cost more to plan than to run.
				if !first {
					r.line(1, "UNION ALL")
				}
				first = false
				var refs, trials, successes, present []string
				anyPresent := false
				for k := ch[0]; k < ch[1]; k++ {
					o := p.Outputs[k]
					refs = append(refs, r.d.QuoteString(o.Ref))
					trials = append(trials, fmt.Sprintf("trials_%d", k+1))
					successes = append(successes, fmt.Sprintf("successes_%d", k+1))
					if o.Present != nil {
						anyPresent = true
						present = append(present, fmt.Sprintf("present_%d", k+1))
					} else {
						present = append(present, "1")
					}
				}
				cols := append([]string{}, r.groupColumns(p)...)
				cols = append(cols,
					"unnest("+au.ArrayLiteral(refs)+") AS "+r.id("ref"),
					"unnest("+au.ArrayLiteral(trials)+") AS "+r.id("trials"),
					"unnest("+au.ArrayLiteral(successes)+") AS "+r.id("successes"))
				if anyPresent {
					cols = append(cols, "unnest("+au.ArrayLiteral(present)+") AS present")
				}
				r.line(1, "SELECT %s", strings.Join(append(append([]string{r.id("ref")}, lead...), r.id("trials"), r.id("successes")), ", "))
				r.line(1, "FROM (")
				r.line(2, "SELECT")
				r.list(3, cols)
				r.line(2, "FROM %s", from)
				if anyPresent {
					r.line(1, ") AS unpivoted_%d_%d WHERE present = 1", i+1, c+1)
				} else {
					r.line(1, ") AS unpivoted_%d_%d", i+1, c+1)
				}
				continue
			}
			for k := ch[0]; k < ch[1]; k++ {
				o := p.Outputs[k]
				if !first {
					r.line(1, "UNION ALL")
				}
				first = false
				cols := append([]string{r.d.QuoteString(o.Ref) + " AS " + r.id("ref")}, lead...)
				cols = append(cols, fmt.Sprintf("trials_%d AS %s", k+1, r.id("trials")), fmt.Sprintf("successes_%d AS %s", k+1, r.id("successes")))
				where := ""
				if o.Present != nil {
					where = fmt.Sprintf(" WHERE present_%d = 1", k+1)
				}
				r.line(1, "SELECT %s FROM %s%s", strings.Join(cols, ", "), from, where)
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
		period, err := r.d.TruncDate(p.Period, p.PeriodOf)
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
		r.line(indent+1, "WHERE %s IS NOT NULL", p.PeriodOf)
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
		key := compiler.Key(compiler.AtomOf(a))
		for i, x := range atoms {
			if compiler.Key(x) == key {
				return i
			}
		}
		panic(fmt.Sprintf("dialects: condition %s is not among the scan's facts", key))
	}
	want := func(a compiler.Expr) bool {
		if f, ok := a.(compiler.HasFlag); ok {
			return f.Want
		}
		return true
	}
	word := func(i int) string { return fmt.Sprintf("bits_%d", i/bitsPerWord+1) }
	switch e := e.(type) {
	case compiler.And:
		if len(e) == 0 {
			return "1 = 1"
		}
		mask := map[string]int64{}
		val := map[string]int64{}
		zero := map[string]int64{}
		var words []string
		var rest []string
		for _, t := range e {
			if _, ok := t.(compiler.Or); ok {
				rest = append(rest, r.packedCondition(t, atoms))
				continue
			}
			i := index(t)
			w := word(i)
			if _, ok := mask[w]; !ok {
				words = append(words, w)
			}
			bit := int64(1) << (i % bitsPerWord)
			mask[w] |= bit
			if want(t) {
				val[w] |= bit
			} else {
				zero[w] |= bit
			}
		}
		var parts []string
		for _, w := range words {
			if val[w]&zero[w] != 0 {
				return "1 = 0" // a fact required both present and absent
			}
		}
		for _, w := range words {
			parts = append(parts, fmt.Sprintf("%s = %d", r.d.BitAnd(w, fmt.Sprint(mask[w])), val[w]))
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
	bit := int64(1) << (i % bitsPerWord)
	if want(e) {
		return fmt.Sprintf("%s = %d", r.d.BitAnd(word(i), fmt.Sprint(bit)), bit)
	}
	return fmt.Sprintf("%s = 0", r.d.BitAnd(word(i), fmt.Sprint(bit)))
}

func flattenAnd(e compiler.Expr) []compiler.Expr {
	if a, ok := e.(compiler.And); ok {
		return a
	}
	return []compiler.Expr{e}
}

// totalsChunk is how many references one totals subquery counts.
const totalsChunk = 100

// totals writes the SELECT that counts outputs [lo, hi) of a scan over its
// signatures, adding the single-context units' counts when there are.
func (r *renderer) totals(p *compiler.Plan, lo, hi int, atoms, single []compiler.Expr, singleConds [][2]compiler.Expr, sigFrom, singleFrom string) error {
	group := r.groupColumns(p)
	cols := append([]string{}, group...)
	sum := r.d.SumIf
	if single != nil {
		sum = r.partialSum // the outer sum below makes the total
	}
	for k := lo; k < hi; k++ {
		o := p.Outputs[k]
		trial := r.packedCondition(o.Trial, atoms)
		both := r.packedCondition(append(append(compiler.And{}, flattenAnd(o.Trial)...), flattenAnd(o.Success)...), atoms)
		cols = append(cols,
			sum("units", trial)+fmt.Sprintf(" AS trials_%d", k+1),
			sum("units", both)+fmt.Sprintf(" AS successes_%d", k+1))
		if o.Present != nil {
			cols = append(cols, r.d.AnyWhen(r.packedCondition(o.Present, atoms))+fmt.Sprintf(" AS present_%d", k+1))
		}
	}
	if single == nil {
		r.line(1, "SELECT")
		r.list(2, cols)
		r.line(1, "FROM %s", sigFrom)
		if len(group) > 0 {
			r.line(1, "GROUP BY %s", strings.Join(group, ", "))
		}
		return nil
	}
	scols := append([]string{}, group...)
	var sums []string
	for k := lo; k < hi; k++ {
		o := p.Outputs[k]
		filter := r.filterTests[k]
		trial := filter + " AND " + r.packedCondition(singleConds[k][0], single)
		both := trial + " AND " + r.packedCondition(singleConds[k][1], single)
		scols = append(scols,
			r.partialSum("units", trial)+fmt.Sprintf(" AS trials_%d", k+1),
			r.partialSum("units", both)+fmt.Sprintf(" AS successes_%d", k+1))
		sums = append(sums,
			r.d.SumIf(fmt.Sprintf("trials_%d", k+1), "1 = 1")+fmt.Sprintf(" AS trials_%d", k+1),
			r.d.SumIf(fmt.Sprintf("successes_%d", k+1), "1 = 1")+fmt.Sprintf(" AS successes_%d", k+1))
		if o.Present != nil {
			scols = append(scols, r.d.AnyWhen(filter)+fmt.Sprintf(" AS present_%d", k+1))
			sums = append(sums, fmt.Sprintf("max(present_%d) AS present_%d", k+1, k+1))
		}
	}
	r.line(1, "SELECT")
	r.list(2, append(append([]string{}, group...), sums...))
	r.line(1, "FROM (")
	r.line(2, "SELECT")
	r.list(3, scols)
	r.line(2, "FROM %s", singleFrom)
	if len(group) > 0 {
		r.line(2, "GROUP BY %s", strings.Join(group, ", "))
	}
	r.line(2, "UNION ALL")
	r.line(2, "SELECT")
	r.list(3, cols)
	r.line(2, "FROM %s", sigFrom)
	if len(group) > 0 {
		r.line(2, "GROUP BY %s", strings.Join(group, ", "))
	}
	r.line(1, ") AS parts")
	if len(group) > 0 {
		r.line(1, "GROUP BY %s", strings.Join(group, ", "))
	}
	return nil
}

// partialSum sums value where cond holds, for a sum that another sum
// totals: it may be NULL, so dialects with FILTER use their shorter form,
// which keeps a thousand-reference statement quick to plan.
func (r *renderer) partialSum(value, cond string) string {
	if f, ok := r.d.(FilterClause); ok && f.HasFilterClause() {
		return "sum(" + value + ") FILTER (WHERE " + cond + ")"
	}
	return r.d.SumIf(value, cond)
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
