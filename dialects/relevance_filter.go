package dialects

import "github.com/paramsql/paramsql/compiler"

// RelevanceFilterLimit is implemented by dialects that read every event of
// the window rather than test it against a relevance filter
// (compiler.Plan.Relevance) of more than MaxRelevanceLiterals literals.
//
// The filter only drops events that no measure reads, so leaving it out
// changes no count. On DuckDB 1.5 an OR of literal tests over two string
// columns costs about as much per event as grouping the event, and the
// wide filters of batches keep most of the events anyway: on 10M events
// the 1,000-reference batch, whose filter tests 13 literals and keeps 83%
// of the events, ran 7–19% faster without it, a reference testing 7
// literals 4–6% faster, and one testing 4 the same (BENCHMARKS.md). A
// narrow filter, such as one event type, can drop most of the events, so
// it stays.
type RelevanceFilterLimit interface {
	MaxRelevanceLiterals() int
}

// keepsRelevance reports whether the scan tests the plan's relevance
// filter on d.
func keepsRelevance(d Dialect, f compiler.Expr) bool {
	if f == nil {
		return false
	}
	l, ok := d.(RelevanceFilterLimit)
	return !ok || literalTests(f) <= l.MaxRelevanceLiterals()
}

// literalTests counts the comparisons a filter makes per event: one per
// value of an IN list, one per other term.
func literalTests(e compiler.Expr) int {
	switch e := e.(type) {
	case compiler.Or:
		n := 0
		for _, t := range e {
			n += literalTests(t)
		}
		return n
	case compiler.InList:
		return len(e.Values)
	}
	return 1
}
