// Package conformance runs compiled SQL on real engines and compares every
// row with the reference evaluator in internal/oracle. It holds only test
// helpers; the tests themselves live in its _test files.
package conformance

import (
	"database/sql"
	"sort"
	"testing"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/connect"
)

// Target is an engine executed in tests together with the dialect whose SQL
// it runs. Redshift's SQL runs on PostgreSQL where their syntax overlaps.
type Target struct {
	Engine  testdb.Engine
	Dialect string
}

// Targets are every engine/dialect pair the suite executes.
var Targets = []Target{
	{testdb.DuckDB, "duckdb"},
	{testdb.Postgres, "postgres"},
	{testdb.Postgres, "redshift"},
	{testdb.ClickHouse, "clickhouse"},
	{testdb.MySQL, "mysql"},
}

// Run compiles q for the target, executes it on db over window w, and
// returns the rows in the oracle's shape and order.
func Run(t testing.TB, db *sql.DB, tg Target, q *compiler.Query, opts compiler.Options, w oracle.Window) ([]oracle.Row, string) {
	t.Helper()
	d, err := dialects.Get(tg.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	st, err := dialects.Compile(q, d, opts)
	if err != nil {
		t.Fatalf("compile %s for %s: %v", q, tg.Dialect, err)
	}
	args, err := st.Bind(WindowValues(w))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Query(db, st.SQL, args...)
	if err != nil {
		t.Fatalf("%s on %s: %v\n%s", q, tg.Engine, err, st.SQL)
	}
	return ToRows(t, q, raw), st.SQL
}

// WindowValues binds the oracle window's start, end and cut-off (End when
// Until is unset).
func WindowValues(w oracle.Window) map[string]any {
	until := w.Until
	if until.IsZero() {
		until = w.End
	}
	return compiler.ObservedWindowValues(w.Start, w.End, until)
}

// ToRows converts normalised result rows (shard keys, period, trials,
// successes) into oracle rows, sorted as the oracle sorts them.
func ToRows(t testing.TB, q *compiler.Query, raw [][]any) []oracle.Row {
	t.Helper()
	nShard := len(q.ShardKeys())
	var out []oracle.Row
	for _, r := range raw {
		var row oracle.Row
		i := 0
		for ; i < nShard; i++ {
			if r[i] == nil {
				// attribution(entry)'s row of units whose anchor has no
				// value, spelt as the oracle spells it.
				if row.NullShard == nil {
					row.NullShard = make([]bool, nShard)
				}
				row.NullShard[i] = true
				row.Shard = append(row.Shard, "")
				continue
			}
			s, ok := r[i].(string)
			if !ok {
				t.Fatalf("shard column %d is %T, want string", i, r[i])
			}
			row.Shard = append(row.Shard, s)
		}
		if q.By != compiler.PeriodNone {
			p, ok := r[i].(time.Time)
			if !ok {
				t.Fatalf("period column is %T, want a date", r[i])
			}
			row.Period = time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
			i++
		}
		var ok1, ok2 bool
		row.Trials, ok1 = r[i].(int64)
		row.Successes, ok2 = r[i+1].(int64)
		if !ok1 || !ok2 {
			t.Fatalf("counts are %T and %T, want integers", r[i], r[i+1])
		}
		if q.Within != nil {
			// A reference with within() has the column immature.
			if len(r) != i+3 {
				t.Fatalf("%s: %d columns, want immature after successes", q, len(r))
			}
			if row.Immature, ok1 = r[i+2].(int64); !ok1 {
				t.Fatalf("immature is %T, want an integer", r[i+2])
			}
		}
		out = append(out, row)
	}
	sort.SliceStable(out, func(a, b int) bool { return less(out[a], out[b]) })
	return out
}

// less orders rows as the oracle does: by shard values, then period. The
// engines' own ORDER BY follows their collations, which differ.
func less(a, b oracle.Row) bool {
	for i := range a.Shard {
		if a.Shard[i] != b.Shard[i] {
			return a.Shard[i] < b.Shard[i]
		}
		if an, bn := i < len(a.NullShard) && a.NullShard[i], i < len(b.NullShard) && b.NullShard[i]; an != bn {
			return an
		}
	}
	return a.Period.Before(b.Period)
}

// Query runs a statement and returns its rows normalised by testdb, so
// that every engine's values compare alike. Unlike testdb.Rows it returns
// the error, so the caller can show the SQL that failed.
func Query(db *sql.DB, query string, args ...any) ([][]any, error) {
	_, rows, err := QueryColumns(db, query, args...)
	return rows, err
}

// QueryColumns is Query that also returns the column names. Rows are read
// by the runtime's own reader, so tests see values as the runtime does.
func QueryColumns(db *sql.DB, query string, args ...any) ([]string, [][]any, error) {
	rows, err := db.Query(query, args...)
	if err != nil {
		return nil, nil, err
	}
	res, err := connect.ReadRows(rows)
	if err != nil {
		return nil, nil, err
	}
	return res.Columns, res.Rows, nil
}
