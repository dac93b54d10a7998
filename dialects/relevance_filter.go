package dialects

import (
	"github.com/paramsql/paramsql/compiler"
)

// RelevanceFilterLimit is implemented by dialects on which a batch's scan
// reads every event of the window rather than test it against a
// relevance filter (compiler.Plan.Relevance) of more than
// MaxRelevanceLiterals literals.
//
// The filter only drops events that no measure reads, so leaving it out
// changes no count. On DuckDB 1.5 an OR of literal tests over two string
// columns costs about as much per event as grouping the event. A batch's
// filter ORs the events of all its references and so keeps most of the
// events: on 10M events the 1,000-reference batch, whose filter tests 13
// literals and keeps 83% of the events, ran 7–19% faster without it
// (BENCHMARKS.md). A single reference keeps its filter however many
// nodes it names: on the bench's events one testing 7 literals ran 4–6%
// faster without it, but where a site has many more pages than the
// reference names, the filter drops most events, and reading them all
// would cost far more than it saves.
type RelevanceFilterLimit interface {
	MaxRelevanceLiterals() int
}

// keepsRelevance reports whether a scan tests the relevance filter f on
// d; inBatch is whether the scan is a batch's.
func keepsRelevance(d Dialect, f compiler.Expr, inBatch bool) bool {
	if f == nil {
		return false
	}
	l, ok := d.(RelevanceFilterLimit)
	return !ok || !inBatch || literalTests(f) <= l.MaxRelevanceLiterals()
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
