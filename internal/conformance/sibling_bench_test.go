package conformance

import (
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
)

// BenchmarkSiblingSplitDuckDB runs, on embedded DuckDB over 200,000
// random events, the counting statement of a sibling group of four
// within() edges out of the homepage (a batch) and the group's exclusive
// split, so the split's cost is read against the count's.
func BenchmarkSiblingSplitDuckDB(b *testing.B) {
	var refs []string
	for _, to := range []string{"pricing", "demo", "docs", "signup"} {
		refs = append(refs, "e.from(homepage).to("+to+").within(1h)")
	}
	benchAgainstCount(b, 7, "bench_siblings", refs, "split", func(qs []*compiler.Query, d dialects.Dialect, opts compiler.Options) (dialects.Statement, error) {
		st, _, err := dialects.CompileSiblingSplit(qs, d, opts)
		return st, err
	})
}
