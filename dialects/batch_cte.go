package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// batchCTE counts each scan's units per signature, the yes/no facts its
// references test packed into words of bits, and joins those counts to
// the references given as data: one row per reference with its context
// filter's number and, per condition, the bits it tests and the values
// they must have. The statement grows with the facts and the distinct
// filters, not with the references.
func (r *renderer) batchCTE(b *compiler.Batch, s shape) error {
	var parts []string // the final SELECT of each scan
	for i, p := range b.Scans {
		r.plan = p
		r.group = nil
		if p.SharedPass {
			for _, g := range b.Shared {
				if g[0] == sharedFirst(b, i) {
					for _, j := range g {
						r.group = append(r.group, b.Scans[j])
					}
				}
			}
		}
		n := i + 1
		var facts *factSet
		var byCtx *contextRefs
		var err error
		if len(p.Contexts) > 0 {
			facts, byCtx, err = r.contextCounts(b, i)
		} else {
			facts, err = r.unitCounts(n)
		}
		if err != nil {
			return err
		}
		part, err := r.refsData(p, n, facts, byCtx, s)
		if err != nil {
			return err
		}
		parts = append(parts, part)
	}
	r.line(0, "")
	r.line(0, "SELECT *")
	r.line(0, "FROM (")
	for i, part := range parts {
		if i > 0 {
			r.line(1, "UNION ALL")
		}
		r.out.WriteString(part)
	}
	r.line(0, ") AS batch")
	r.line(0, "ORDER BY %s", strings.Join(r.orderColumns(s), ", "))
	return nil
}

// openCTE begins a named subquery; materialized asks the engine, where
// the dialect can, to compute it once.
func (r *renderer) openCTE(name string, materialized bool) {
	if r.ctes == 0 {
		r.out.WriteString("WITH ")
	} else {
		r.out.WriteString(",\n")
	}
	r.ctes++
	r.out.WriteString(name + " AS ")
	if m, ok := r.d.(MaterializedCTE); ok && m.MaterializesCTE() && materialized {
		r.out.WriteString("MATERIALIZED ")
	}
	r.out.WriteString("(\n")
}

// closeCTE ends a named subquery; the next one or the final SELECT
// follows.
func (r *renderer) closeCTE() { r.out.WriteString(")") }

// unitCounts writes counts_n for a scan whose measures are computed from
// the events per unit: its signature rows, with the shard and period
// columns, the fact words and the units that have them.
func (r *renderer) unitCounts(n int) (*factSet, error) {
	p := r.plan
	facts := outputFacts(p)
	if split, ranked, cols := r.splitSignatures(facts.facts); split != nil {
		r.openCTE(fmt.Sprintf("counts_%d", n), true)
		if err := r.contextOnceSignatures(1, facts.facts, ranked, cols, split); err != nil {
			return nil, err
		}
		r.closeCTE()
		return facts, nil
	}
	units, err := r.capture(func() error { return r.units(3) })
	if err != nil {
		return nil, err
	}
	r.openCTE(fmt.Sprintf("counts_%d", n), true)
	if err := r.packedSignatures(1, p, facts.facts, "(\n"+units+"    ) AS units", "", nil); err != nil {
		return nil, err
	}
	r.closeCTE()
	return facts, nil
}

// contextRefs is what a scan's per-context counts give its references:
// per output, its filter's number, 1-based, and its trial and success
// conditions over the base columns (toBase).
type contextRefs struct {
	filterID       []int
	trial, success []compiler.Expr
}

// contextCounts writes the CTEs of a scan that pre-aggregates its events
// per unit and context values: unit_contexts (unless the scan reads a
// shared pass's), its filters as data, and counts_n, the units per shard
// values, filter number and signature over the unfiltered facts.
//
// A unit whose events all have one context combination is counted from
// its one row: a filter keeps all of it or none. Those rows are grouped
// by their filter bits and facts first and then expanded to each filter
// they match, so that few rows are. The other units' rows are expanded to
// each filter they match and aggregated per unit and filter, which is
// exactly the unit's events under that filter.
func (r *renderer) contextCounts(b *compiler.Batch, i int) (*factSet, *contextRefs, error) {
	p := r.plan
	n := i + 1
	uc := n
	if p.SharedPass {
		uc = sharedFirst(b, i) + 1
	}
	if uc == n {
		r.openCTE(fmt.Sprintf("unit_contexts_%d", n), false)
		if err := r.unitContexts(1, true); err != nil {
			return nil, nil, err
		}
		r.closeCTE()
	}
	bases, baseOf := r.contextBases()
	facts := newFactSet()
	var filters []compiler.Expr
	filterIndex := map[string]int{}
	refs := &contextRefs{}
	for _, o := range p.Outputs {
		t, su := toBase(o.Trial, baseOf), toBase(o.Success, baseOf)
		if o.Immature != nil {
			return nil, nil, fmt.Errorf("%s: %s: immature units cannot be counted per context combination", r.d.Name(), o.Ref)
		}
		facts.add(t)
		facts.add(su)
		k := ""
		if o.Filter != nil {
			k = compiler.Key(o.Filter)
		}
		if _, ok := filterIndex[k]; !ok {
			filterIndex[k] = len(filters)
			filters = append(filters, o.Filter)
		}
		refs.filterID = append(refs.filterID, filterIndex[k]+1)
		refs.trial, refs.success = append(refs.trial, t), append(refs.success, su)
	}
	// The filter words of a unit_contexts row, and the expansion of a
	// row to the filters its bits name.
	words := max(1, (len(filters)+bitsPerWord-1)/bitsPerWord)
	var filterCols []string
	for w := 0; w < words; w++ {
		var terms []string
		for j := w * bitsPerWord; j < len(filters) && j < (w+1)*bitsPerWord; j++ {
			bit := int64(1) << (j % bitsPerWord)
			if filters[j] == nil {
				terms = append(terms, strconv.FormatInt(bit, 10))
				continue
			}
			cond, err := r.expr(filters[j])
			if err != nil {
				return nil, nil, err
			}
			terms = append(terms, fmt.Sprintf("CASE WHEN %s THEN %d ELSE 0 END", cond, bit))
		}
		filterCols = append(filterCols, "("+strings.Join(terms, " + ")+fmt.Sprintf(") AS filters_%d", w+1))
	}
	var rows [][]string
	for j := range filters {
		rows = append(rows, []string{strconv.Itoa(j + 1), strconv.Itoa(j/bitsPerWord + 1), strconv.FormatInt(int64(1)<<(j%bitsPerWord), 10)})
	}
	r.openCTE(fmt.Sprintf("filters_%d", n), false)
	r.line(1, "%s", r.rowsQuery(1, []string{"filter_id", "word", "bit"}, rows))
	r.closeCTE()
	matches := func(row string) string {
		if words == 1 {
			return r.d.BitAnd(row+".filters_1", "f.bit") + " <> 0"
		}
		var alts []string
		for w := 1; w <= words; w++ {
			alts = append(alts, fmt.Sprintf("(f.word = %d AND %s <> 0)", w, r.d.BitAnd(fmt.Sprintf("%s.filters_%d", row, w), "f.bit")))
		}
		return "(" + strings.Join(alts, " OR ") + ")"
	}
	var shards, keys []string
	for _, sh := range p.Shards {
		shards = append(shards, r.id(sh.Key))
	}
	for _, k := range p.UnitKeys {
		keys = append(keys, r.id(k))
	}
	from := fmt.Sprintf("unit_contexts_%d", uc)
	bitCols := func(prefix string) []string {
		var out []string
		for w := 1; w <= facts.words(); w++ {
			out = append(out, fmt.Sprintf("%sbits_%d", prefix, w))
		}
		return out
	}
	prefixed := func(prefix string, cols []string) []string {
		out := make([]string, len(cols))
		for k, c := range cols {
			out[k] = prefix + c
		}
		return out
	}

	r.openCTE(fmt.Sprintf("counts_%d", n), true)
	// Units with one context combination: grouped, then expanded.
	r.line(1, "SELECT")
	r.list(2, append(append(append([]string{"f.filter_id"}, prefixed("s.", shards)...), bitCols("s.")...), "s.units"))
	r.line(1, "FROM (")
	if err := r.packedSignatures(2, p, facts.facts, from, "contexts_per_unit = 1", filterCols); err != nil {
		return nil, nil, err
	}
	r.line(1, ") AS s")
	r.line(1, "JOIN filters_%d AS f ON %s", n, matches("s"))
	r.line(1, "UNION ALL")
	// Units with several: expanded, then aggregated per unit and filter.
	var aggs []string
	used := map[string]bool{}
	for _, name := range baseOf {
		used[name] = true
	}
	var baseNames []string
	for _, bs := range bases {
		if !used[bs.name] {
			continue
		}
		baseNames = append(baseNames, bs.name)
		switch bs.kind {
		case compiler.MeasureFirst:
			aggs = append(aggs, "min(u."+bs.name+") AS "+bs.name)
		default:
			aggs = append(aggs, "max(u."+bs.name+") AS "+bs.name)
		}
	}
	var cols []string
	cols = append(cols, keys...)
	cols = append(cols, shards...)
	cols = append(cols, filterCols...)
	cols = append(cols, baseNames...)
	units, err := r.capture(func() error {
		r.line(3, "SELECT")
		r.list(4, append(append(prefixed("u.", shards), "f.filter_id"), aggs...))
		r.line(3, "FROM (")
		r.line(4, "SELECT")
		r.list(5, cols)
		r.line(4, "FROM %s", from)
		r.line(4, "WHERE contexts_per_unit > 1")
		r.line(3, ") AS u")
		r.line(3, "JOIN filters_%d AS f ON %s", n, matches("u"))
		r.line(3, "GROUP BY %s", strings.Join(append(append(prefixed("u.", keys), prefixed("u.", shards)...), "f.filter_id"), ", "))
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if err := r.packedSignatures(1, p, facts.facts, "(\n"+units+"    ) AS units", "", []string{"filter_id AS filter_id"}); err != nil {
		return nil, nil, err
	}
	r.closeCTE()
	return facts, refs, nil
}

// refsData writes refs_n, the scan's references as rows, and returns the
// SELECT that joins them to counts_n. byCtx is nil for a scan without
// per-context counts.
func (r *renderer) refsData(p *compiler.Plan, n int, facts *factSet, byCtx *contextRefs, s shape) (string, error) {
	words := facts.words()
	cols := []string{"ref"}
	byFilter := byCtx != nil
	if byFilter {
		cols = append(cols, "filter_id")
	}
	cols = append(cols, maskColumns("t", words)...)
	cols = append(cols, maskColumns("s", words)...)
	// Present limits a reference's rows to the shard values and periods
	// where it has units; a reference without either has its one row.
	grouped := groupedCounts(p)
	anyPresent, anyImmature := false, false
	for _, o := range p.Outputs {
		anyPresent = anyPresent || (o.Present != nil && !byFilter && grouped)
		anyImmature = anyImmature || o.Immature != nil
	}
	if anyImmature {
		cols = append(cols, maskColumns("i", words)...)
	}
	if anyPresent {
		cols = append(cols, maskColumns("p", words)...)
	}
	var rows [][]string
	for k, o := range p.Outputs {
		row := []string{r.d.QuoteString(o.Ref)}
		trial, success := o.Trial, o.Success
		if byFilter {
			row = append(row, strconv.Itoa(byCtx.filterID[k]))
			trial, success = byCtx.trial[k], byCtx.success[k]
		}
		present := o.Present
		if !anyPresent {
			present = nil
		}
		m, err := facts.refMasksOf(r.d, o.Ref, trial, success, o.Immature, present)
		if err != nil {
			return "", err
		}
		row = append(row, m.trial.values()...)
		row = append(row, m.success.values()...)
		if anyImmature {
			row = append(row, m.immature.values()...)
		}
		if anyPresent {
			row = append(row, m.present.values()...)
		}
		rows = append(rows, row)
	}
	r.openCTE(fmt.Sprintf("refs_%d", n), false)
	r.line(1, "%s", r.rowsQuery(1, cols, rows))
	r.closeCTE()

	// The final SELECT: a scan without shard or period columns gives
	// every reference a row, counts or none.
	sel := []string{"r.ref AS " + r.id("ref")}
	var group []string
	group = append(group, "r.ref")
	for _, key := range s.shards {
		if hasShard(p, key) {
			sel = append(sel, "c."+r.id(key)+" AS "+r.id(key))
			group = append(group, "c."+r.id(key))
		} else {
			sel = append(sel, r.d.NullOf(TypeText)+" AS "+r.id(key))
		}
	}
	if s.period {
		if p.Period != compiler.PeriodNone {
			sel = append(sel, "c."+r.id("period")+" AS "+r.id("period"))
			group = append(group, "c."+r.id("period"))
		} else {
			sel = append(sel, r.d.NullOf(TypeDate)+" AS "+r.id("period"))
		}
	}
	// A reference's success test is its trial test and more (see
	// refMasksOf), so where nothing else is counted the join can keep
	// only the signature rows that pass the trial test.
	tj, onTrial := r.d.(TrialJoin)
	onTrial = onTrial && !grouped && !anyImmature && !anyPresent
	trials := r.d.SumIf("c.units", r.maskTest("c", "r", "t", words))
	if onTrial {
		trials = tj.Sum("c.units")
	}
	sel = append(sel,
		trials+" AS "+r.id("trials"),
		r.d.SumIf("c.units", r.maskTest("c", "r", "s", words))+" AS "+r.id("successes"))
	if s.immature {
		if anyImmature {
			sel = append(sel, r.d.SumIf("c.units", r.maskTest("c", "r", "i", words))+" AS "+r.id("immature"))
		} else {
			sel = append(sel, "0 AS "+r.id("immature"))
		}
	}
	join := "LEFT JOIN"
	if grouped {
		join = "JOIN" // a row per shard value or period that has units
	}
	var on []string
	if byFilter {
		on = append(on, "c.filter_id = r.filter_id")
	}
	if onTrial {
		on = append(on, r.maskTest("c", "r", "t", words))
	}
	if len(on) == 0 {
		on = append(on, "1 = 1")
	}
	return r.capture(func() error {
		r.line(1, "SELECT")
		r.list(2, sel)
		r.line(1, "FROM refs_%d AS r", n)
		r.line(1, "%s counts_%d AS c ON %s", join, n, strings.Join(on, " AND "))
		r.lineOf(1, "GROUP BY ", strings.Join(group, ", "))
		if anyPresent {
			r.lineOf(1, "HAVING ", r.d.AnyWhen(r.maskTest("c", "r", "p", words)), " = 1")
		}
		return nil
	})
}

// sharedFirst returns the first scan of the Batch.Shared group holding
// scan i, whose per-context rows the group reads.
func sharedFirst(b *compiler.Batch, i int) int {
	for _, g := range b.Shared {
		for _, j := range g {
			if j == i {
				return g[0]
			}
		}
	}
	return i
}
