package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/paramsql/paramsql/internal/testdb"
)

// BenchmarkWritePooled1000Shards appends one pooled run to a DuckDB
// posterior table: the population's row and 1,000 shard rows, in one
// transaction, after reading the parameter's run keys once. Each
// iteration writes a new window, so the table grows as a history does.
func BenchmarkWritePooled1000Shards(b *testing.B) {
	s := openStore(b, testdb.DuckDB, "posterior")
	ctx := context.Background()
	population, _ := pooledRows("p", 1)
	template := population
	template.Shard, template.Shrinkage = "x", f64(0.5)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		d := day(1).AddDate(0, 0, i)
		rows := make([]Row, 0, 1001)
		pop := population
		pop.WindowStart, pop.WindowEnd = d.AddDate(0, 0, -7), d
		rows = append(rows, pop)
		for k := range 1000 {
			r := template
			r.WindowStart, r.WindowEnd = pop.WindowStart, d
			r.Shard = fmt.Sprintf("channel=c%04d", k)
			rows = append(rows, r)
		}
		if err := s.Write(ctx, rows, false); err != nil {
			b.Fatal(err)
		}
	}
}
