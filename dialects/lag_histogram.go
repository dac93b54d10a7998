package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// RenderLagHistogram writes the lag histograms of a plan as one SELECT
// over one scan of the events. Its rows are (ref, lag_upto, conversions):
// the canonical reference, a bucket's upper edge in seconds (its lower
// edge is the previous bucket's, 0 for the first) and the mature trials
// whose to-event came in that bucket. Empty buckets have no row.
//
// Each unit row is paired with every reference (a CROSS JOIN with the
// references' names, or ARRAY JOIN where the dialect has no named
// subqueries), and a CASE puts the pair in its reference's first bucket
// reached, NULL when the unit is no converting mature trial of it.
func RenderLagHistogram(h *compiler.LagHistogram, d Dialect) (Statement, error) {
	p := h.Plan
	if len(p.Outputs) == 0 || len(p.Outputs) != len(h.Buckets) {
		return Statement{}, fmt.Errorf("%s: a lag histogram needs one bucket list per reference", d.Name())
	}
	r := &renderer{d: d, plan: p, seen: map[string]int{}}
	r.out.Grow(4096)
	r.comment("lag histogram (ref, lag_upto seconds, conversions) of:")
	for _, o := range p.Outputs {
		r.comment(o.Ref)
	}
	refs := make([]string, len(p.Outputs))
	var bucketed []string
	for i, o := range p.Outputs {
		refs[i] = d.QuoteString(o.Ref)
		trial, err := r.expr(o.Trial)
		if err != nil {
			return Statement{}, err
		}
		var whens []string
		for _, b := range h.Buckets[i] {
			within, err := r.expr(b.Within)
			if err != nil {
				return Statement{}, err
			}
			whens = append(whens, "WHEN "+within+" THEN "+strconv.FormatInt(b.UpTo, 10))
		}
		bucket := "CASE " + strings.Join(whens, " ") + " END"
		cond := trial
		if len(p.Outputs) > 1 {
			cond = r.id("ref") + " = " + refs[i] + " AND " + trial
		}
		bucketed = append(bucketed, "WHEN "+cond+" THEN "+bucket)
	}
	r.line(0, "SELECT %s, %s, COUNT(*) AS %s", r.id("ref"), r.id("lag_upto"), r.id("conversions"))
	r.line(0, "FROM (")
	ref := refs[0] + " AS " + r.id("ref")
	if len(refs) > 1 {
		ref = r.id("ref")
	}
	r.line(1, "SELECT")
	r.list(2, []string{ref, "CASE " + strings.Join(bucketed, " ") + " END AS " + r.id("lag_upto")})
	r.line(1, "FROM (")
	if err := r.units(2); err != nil {
		return Statement{}, err
	}
	r.line(1, ") AS units")
	if len(refs) > 1 {
		if _, ok := d.(NoNamedSubqueries); ok {
			r.line(1, "ARRAY JOIN [%s] AS %s", strings.Join(refs, ", "), r.id("ref"))
		} else {
			var rows []string
			for _, s := range refs {
				rows = append(rows, "SELECT "+s+" AS "+r.id("ref"))
			}
			r.line(1, "CROSS JOIN (%s) AS refs", strings.Join(rows, " UNION ALL "))
		}
	}
	r.line(0, ") AS lags")
	r.line(0, "WHERE %s IS NOT NULL", r.id("lag_upto"))
	r.line(0, "GROUP BY %s, %s", r.id("ref"), r.id("lag_upto"))
	r.line(0, "ORDER BY %s, %s", r.id("ref"), r.id("lag_upto"))
	return r.statementOf(strings.TrimRight(r.out.String(), "\n")), nil
}

// CompileLagHistograms plans and renders the lag histograms of references
// in dialect d, in one statement.
func CompileLagHistograms(qs []*compiler.Query, d Dialect, opts compiler.Options) (Statement, *compiler.LagHistogram, error) {
	h, err := compiler.CompileLagHistograms(qs, opts)
	if err != nil {
		return Statement{}, nil, err
	}
	st, err := RenderLagHistogram(h, d)
	return st, h, err
}
