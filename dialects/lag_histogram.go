package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// RenderLagHistogram writes the lag histograms of a plan as one SELECT
// over one scan of the events. Its rows are (ref, age_upto, lag_upto,
// units), age_upto and lag_upto being bucket upper edges in seconds (a
// bucket's lower edge is the previous one's, 0 for the first):
//   - a mature trial that converted: age_upto NULL, lag_upto its lag's
//     bucket; units the trials, so these rows are the histogram;
//   - an immature trial: age_upto its age's bucket (anchor to cut-off),
//     lag_upto its lag's bucket so far, NULL when it has not converted.
//
// Mature trials that did not convert have no row (the counting query has
// them), nor have empty buckets.
//
// Each unit row is paired with every reference (a CROSS JOIN with the
// references' names, or ARRAY JOIN where the dialect has no named
// subqueries), and two CASEs put the pair in its buckets.
func RenderLagHistogram(h *compiler.LagHistogram, d Dialect) (Statement, error) {
	p := h.Plan
	if len(h.Refs) == 0 {
		return Statement{}, fmt.Errorf("%s: a lag histogram needs a reference", d.Name())
	}
	r := &renderer{d: d, plan: p}
	r.out.Grow(4096)
	r.comment("lag histogram (ref, age_upto, lag_upto seconds, units) of:")
	for _, lr := range h.Refs {
		r.comment(lr.Ref)
	}
	refs := make([]string, len(h.Refs))
	var lags, ages []string
	for i, lr := range h.Refs {
		refs[i] = d.QuoteString(lr.Ref)
		trial, err := r.expr(lr.Trial)
		if err != nil {
			return Statement{}, err
		}
		var lagWhens, ageWhens []string
		for _, b := range lr.Buckets {
			within, err := r.expr(b.Within)
			if err != nil {
				return Statement{}, err
			}
			younger, err := r.expr(b.Younger)
			if err != nil {
				return Statement{}, err
			}
			upTo := strconv.FormatInt(b.UpTo, 10)
			lagWhens = append(lagWhens, "WHEN "+within+" THEN "+upTo)
			ageWhens = append(ageWhens, "WHEN "+younger+" THEN "+upTo)
		}
		cond := trial
		if len(h.Refs) > 1 {
			cond = r.id("ref") + " = " + refs[i] + " AND " + trial
		}
		lags = append(lags, "WHEN "+cond+" THEN CASE "+strings.Join(lagWhens, " ")+" END")
		ages = append(ages, "WHEN "+cond+" THEN CASE "+strings.Join(ageWhens, " ")+" END")
	}
	r.line(0, "SELECT %s, %s, %s, COUNT(*) AS %s", r.id("ref"), r.id("age_upto"), r.id("lag_upto"), r.id("units"))
	r.line(0, "FROM (")
	ref := refs[0] + " AS " + r.id("ref")
	if len(refs) > 1 {
		ref = r.id("ref")
	}
	r.line(1, "SELECT")
	r.list(2, []string{
		ref,
		"CASE " + strings.Join(ages, " ") + " END AS " + r.id("age_upto"),
		"CASE " + strings.Join(lags, " ") + " END AS " + r.id("lag_upto"),
	})
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
	r.line(0, "WHERE %s IS NOT NULL OR %s IS NOT NULL", r.id("age_upto"), r.id("lag_upto"))
	r.line(0, "GROUP BY %s, %s, %s", r.id("ref"), r.id("age_upto"), r.id("lag_upto"))
	r.line(0, "ORDER BY %s, %s, %s", r.id("ref"), r.id("age_upto"), r.id("lag_upto"))
	return r.finishStatement(), nil
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
