package dialects

import (
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

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
		var refs, trials, successes, immature, present []string
		anyPresent := false
		for _, o := range p.Outputs {
			trial := overSignature(o.Trial, atoms)
			success := overSignature(o.Success, atoms)
			refs = append(refs, r.d.QuoteString(o.Ref))
			trials = append(trials, r.d.SumIf("units", trial))
			successes = append(successes, r.d.SumIf("units", trial+" AND "+success))
			if o.Immature != nil {
				immature = append(immature, r.d.SumIf("units", overSignature(o.Immature, atoms)))
			} else {
				// A sum that never adds keeps the array's type.
				immature = append(immature, r.d.SumIf("units", "1 = 0"))
			}
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
		join := "refs AS " + r.id("ref") + ", trial_counts AS " + r.id("trials") + ", success_counts AS " + r.id("successes")
		if s.immature {
			cols = append(cols, "["+strings.Join(immature, ", ")+"] AS immature_counts")
			join += ", immature_counts AS " + r.id("immature")
		}
		if anyPresent {
			cols = append(cols, "["+strings.Join(present, ", ")+"] AS present_flags")
		}
		lead := r.leadColumns(p, s)
		r.line(1, "SELECT %s", strings.Join(append(append([]string{r.id("ref")}, lead...), r.countColumns(s)...), ", "))
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
			r.line(1, ") ARRAY JOIN %s, present_flags AS present", join)
			r.line(1, "WHERE present = 1")
		} else {
			r.line(1, ") ARRAY JOIN %s", join)
		}
	}
	r.line(0, ") AS batch")
	r.line(0, "ORDER BY %s", strings.Join(r.orderColumns(s), ", "))
	return nil
}
