package dialects

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// batchArrayJoin nests each scan's subqueries, ClickHouse 18.16 having no
// named ones, and counts the references as data: arrays of their masks,
// which -ForEach aggregates test against every signature row at once,
// and ARRAY JOIN then unpivots into one row per reference.
func (r *renderer) batchArrayJoin(b *compiler.Batch, s shape) error {
	r.line(0, "SELECT *")
	r.line(0, "FROM (")
	for i, p := range b.Scans {
		r.plan = p
		if i > 0 {
			r.line(1, "UNION ALL")
		}
		facts := outputFacts(p)
		words := facts.words()
		sig, err := r.capture(func() error {
			units, err := r.capture(func() error { return r.units(5) })
			if err != nil {
				return err
			}
			return r.packedSignatures(3, p, facts.facts, "(\n"+units+strings.Repeat("  ", 4)+") AS units", "", nil)
		})
		if err != nil {
			return err
		}
		group := r.groupColumns(p)
		var refs []string
		var trial, success, immature, present []masks
		anyPresent, anyImmature := false, false
		for _, o := range p.Outputs {
			refs = append(refs, r.d.QuoteString(o.Ref))
			pr := o.Present
			if len(group) == 0 {
				pr = nil // a reference without shard values or periods has its one row
			}
			m, err := facts.refMasksOf(r.d, o.Ref, o.Trial, o.Success, o.Immature, pr)
			if err != nil {
				return err
			}
			anyImmature = anyImmature || o.Immature != nil
			anyPresent = anyPresent || pr != nil
			trial, success, immature, present = append(trial, m.trial), append(success, m.success), append(immature, m.immature), append(present, m.present)
		}
		cols := append(append([]string{}, group...),
			"["+strings.Join(refs, ", ")+"] AS refs",
			r.forEach("sum", trial, words, true)+" AS trial_counts",
			r.forEach("sum", success, words, true)+" AS success_counts")
		// An aggregate over no rows gives empty arrays; without a GROUP BY
		// that one row must still give each reference its 0s. The 0 is
		// explicit: where the unit facts are Nullable (a min() of times),
		// so are the counts, and padding would give NULL.
		counts := func(name string) string {
			if len(group) > 0 {
				return name
			}
			return fmt.Sprintf("arrayResize(%s, %d, 0)", name, len(refs))
		}
		join := "refs AS " + r.id("ref") + ", " + counts("trial_counts") + " AS " + r.id("trials") + ", " + counts("success_counts") + " AS " + r.id("successes")
		if s.immature {
			if anyImmature {
				cols = append(cols, r.forEach("sum", immature, words, true)+" AS immature_counts")
			} else {
				cols = append(cols, "arrayMap(x -> toUInt64(0), refs) AS immature_counts")
			}
			join += ", " + counts("immature_counts") + " AS " + r.id("immature")
		}
		if anyPresent {
			cols = append(cols, r.forEach("max", present, words, false)+" AS present_flags")
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

// forEach aggregates, per reference, over the signature rows: with
// units, the units of the rows that pass its condition, else whether any
// row does. 18.16's lambdas cannot read a column of the row, so the
// row's words and units come in as arrays of copies.
func (r *renderer) forEach(agg string, ms []masks, words int, units bool) string {
	n := len(ms)
	var params, tests, args []string
	for w := 1; w <= words; w++ {
		params = append(params, fmt.Sprintf("m%d", w), fmt.Sprintf("v%d", w))
	}
	for w := 1; w <= words; w++ {
		params = append(params, fmt.Sprintf("b%d", w))
		tests = append(tests, fmt.Sprintf("%s = v%d", r.d.BitAnd(fmt.Sprintf("b%d", w), fmt.Sprintf("m%d", w)), w))
	}
	for w := 0; w < words; w++ {
		var mask, val []string
		for _, m := range ms {
			mask = append(mask, strconv.FormatInt(m.mask[w], 10))
			val = append(val, strconv.FormatInt(m.val[w], 10))
		}
		args = append(args, "["+strings.Join(mask, ", ")+"]", "["+strings.Join(val, ", ")+"]")
	}
	for w := 1; w <= words; w++ {
		args = append(args, fmt.Sprintf("arrayResize([bits_%d], %d, bits_%d)", w, n, w))
	}
	then := "1"
	if units {
		params = append(params, "u")
		args = append(args, fmt.Sprintf("arrayResize([units], %d, units)", n))
		then = "u"
	}
	return fmt.Sprintf("%sForEach(arrayMap((%s) -> if(%s, %s, 0), %s))", agg, strings.Join(params, ", "), strings.Join(tests, " AND "), then, strings.Join(args, ", "))
}
