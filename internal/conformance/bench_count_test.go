package conformance

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/golden"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
)

// benchAgainstCount runs, on embedded DuckDB over 200,000 random events
// drawn with seed (3, seed), the counting statement of refs (a batch)
// and the statement compile makes of them, as sub-benchmarks "count" and
// name, so the second's cost is read against the count's.
func benchAgainstCount(b *testing.B, seed uint64, table string, refs []string, name string,
	compile func([]*compiler.Query, dialects.Dialect, compiler.Options) (dialects.Statement, error)) {
	b.Helper()
	db := testdb.Open(b, testdb.DuckDB)
	r := rand.New(rand.NewPCG(3, seed))
	testdb.LoadEvents(b, db, testdb.DuckDB, table, oracle.RandomEvents(r, 200000))
	schema := compiler.DefaultSchema()
	schema.Table = table
	opts := compiler.Options{Schema: schema}
	qs := golden.ParseRefs(b, refs)
	d, _ := dialects.Get("duckdb")
	count, err := dialects.CompileCounts(qs, d, opts)
	if err != nil {
		b.Fatal(err)
	}
	second, err := compile(qs, d, opts)
	if err != nil {
		b.Fatal(err)
	}
	w := oracle.Window{Start: oracle.BaseTime.Add(-30 * 24 * time.Hour), End: oracle.BaseTime.Add(30 * 24 * time.Hour), Until: oracle.BaseTime.Add(40 * 24 * time.Hour)}
	for _, c := range []struct {
		name string
		st   dialects.Statement
	}{{"count", count}, {name, second}} {
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
