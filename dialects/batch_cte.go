package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// batchCTE names each scan's per-context units and signatures, counts the
// references over them in chunks, and unpivots the counts: with arrays
// where the dialect has them, else with one SELECT per reference.
func (r *renderer) batchCTE(b *compiler.Batch, s shape) error {
	r.packed = true
	var totalsChunks [][][2]int // per scan, the output ranges of its totals
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
			// Scans that share a pass read the first one's rows.
			uc := n
			if p.SharedPass {
				uc = sharedFirst(b, i) + 1
			}
			if uc == n {
				r.line(0, "%sunit_contexts_%d AS (", with, n)
				with = ""
				if err := r.unitContexts(1, true); err != nil {
					return err
				}
				r.line(0, "),")
			}
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
				return r.packedSignatures(3, p, single, fmt.Sprintf("unit_contexts_%d", uc), "contexts_per_unit = 1", extra)
			}); err != nil {
				return err
			}
			unitsSQL, err = r.capture(func() error {
				return r.unitsFromContexts(4, fmt.Sprintf("unit_contexts_%d", uc), "contexts_per_unit > 1")
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
				var refs, trials, successes, immature, present []string
				anyPresent := false
				for k := ch[0]; k < ch[1]; k++ {
					o := p.Outputs[k]
					refs = append(refs, r.d.QuoteString(o.Ref))
					trials = append(trials, fmt.Sprintf("trials_%d", k+1))
					successes = append(successes, fmt.Sprintf("successes_%d", k+1))
					immature = append(immature, immatureColumn(o, k))
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
				if s.immature {
					cols = append(cols, "unnest("+au.ArrayLiteral(immature)+") AS "+r.id("immature"))
				}
				if anyPresent {
					cols = append(cols, "unnest("+au.ArrayLiteral(present)+") AS present")
				}
				r.line(1, "SELECT %s", strings.Join(append(append([]string{r.id("ref")}, lead...), r.countColumns(s)...), ", "))
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
				if s.immature {
					cols = append(cols, immatureColumn(o, k)+" AS "+r.id("immature"))
				}
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

// immatureColumn is the immature count of output k in its totals row: 0
// for a reference without within().
func immatureColumn(o compiler.Output, k int) string {
	if o.Immature == nil {
		return "0"
	}
	return fmt.Sprintf("immature_%d", k+1)
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
			sum("units", trial)+" AS trials_"+strconv.Itoa(k+1),
			sum("units", both)+" AS successes_"+strconv.Itoa(k+1))
		if o.Present != nil {
			cols = append(cols, r.d.AnyWhen(r.packedCondition(o.Present, atoms))+" AS present_"+strconv.Itoa(k+1))
		}
		if o.Immature != nil {
			if single != nil {
				return fmt.Errorf("%s: %s: immature units cannot be counted per context combination", r.d.Name(), o.Ref)
			}
			cols = append(cols, sum("units", r.packedCondition(o.Immature, atoms))+fmt.Sprintf(" AS immature_%d", k+1))
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
