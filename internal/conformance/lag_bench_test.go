package conformance

import (
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
)

// BenchmarkLagHistogramDuckDB runs, on embedded DuckDB over 200,000
// random events, the counting statement of five within() references (a
// batch) and their lag-histogram statement, so the lag query's cost is
// read against the count's.
func BenchmarkLagHistogramDuckDB(b *testing.B) {
	refs := []string{"e.signup.within(1d)", "e.checkout.within(7d)", "e.signup.visited(pricing).within(1d)",
		"e.from(homepage).to(pricing).within(1h)", "e.signup.context(channel='google').within(1d)"}
	benchAgainstCount(b, 5, "bench_lag", refs, "lag", func(qs []*compiler.Query, d dialects.Dialect, opts compiler.Options) (dialects.Statement, error) {
		st, _, err := dialects.CompileLagHistograms(qs, d, opts)
		return st, err
	})
}
