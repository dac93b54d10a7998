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

// BenchmarkSiblingSplitDuckDB runs, on embedded DuckDB over 200,000
// random events, the counting statement of a sibling group of four
// within() edges out of the homepage (a batch) and the group's exclusive
// split, so the split's cost is read against the count's.
func BenchmarkSiblingSplitDuckDB(b *testing.B) {
	db := testdb.Open(b, testdb.DuckDB)
	r := rand.New(rand.NewPCG(3, 7))
	testdb.LoadEvents(b, db, testdb.DuckDB, "bench_siblings", oracle.RandomEvents(r, 200000))
	schema := compiler.DefaultSchema()
	schema.Table = "bench_siblings"
	opts := compiler.Options{Schema: schema}
	var qs []*compiler.Query
	for _, to := range []string{"pricing", "demo", "docs", "signup"} {
		q, err := compiler.ParseQuery("e.from(homepage).to(" + to + ").within(1h)")
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
	split, _, err := dialects.CompileSiblingSplit(qs, d, opts)
	if err != nil {
		b.Fatal(err)
	}
	var w oracle.Window
	w.Start, w.End, w.Until = oracle.BaseTime.Add(-30*24*time.Hour), oracle.BaseTime.Add(30*24*time.Hour), oracle.BaseTime.Add(40*24*time.Hour)
	for _, c := range []struct {
		name string
		st   dialects.Statement
	}{{"count", count}, {"split", split}} {
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
