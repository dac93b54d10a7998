package conformance

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
)

// BenchmarkLagHistogramDuckDB runs, on embedded DuckDB over 200,000
// random events, the counting statement of five within() references (a
// batch) and their lag-histogram statement, so the lag query's cost is
// read against the count's.
func BenchmarkLagHistogramDuckDB(b *testing.B) {
	db := testdb.Open(b, testdb.DuckDB)
	r := rand.New(rand.NewPCG(3, 5))
	testdb.LoadEvents(b, db, testdb.DuckDB, "bench_lag", oracle.RandomEvents(r, 200000))
	schema := compiler.DefaultSchema()
	schema.Table = "bench_lag"
	opts := compiler.Options{Schema: schema}
	var qs []*compiler.Query
	for _, src := range []string{"e.signup.within(1d)", "e.checkout.within(7d)", "e.signup.visited(pricing).within(1d)",
		"e.from(homepage).to(pricing).within(1h)", "e.signup.context(channel='google').within(1d)"} {
		q, err := compiler.ParseQuery(src)
		if err != nil {
			b.Fatal(err)
		}
		qs = append(qs, q)
	}
	d, _ := dialects.Get("duckdb")
	batch, err := compiler.CompileBatch(qs, opts)
	if err != nil {
		b.Fatal(err)
	}
	count, err := dialects.RenderBatch(batch, d)
	if err != nil {
		b.Fatal(err)
	}
	lag, _, err := dialects.CompileLagHistograms(qs, d, opts)
	if err != nil {
		b.Fatal(err)
	}
	w := oracle.RandomWindow(r)
	w.Start, w.End, w.Until = oracle.BaseTime.Add(-30*24*time.Hour), oracle.BaseTime.Add(30*24*time.Hour), oracle.BaseTime.Add(40*24*time.Hour)
	for _, c := range []struct {
		name string
		st   dialects.Statement
	}{{"count", count}, {"lag", lag}} {
		args, err := c.st.Bind(WindowValues(w))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				rows, err := db.QueryContext(context.Background(), c.st.SQL, args...)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
				}
				if err := rows.Close(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
