package conformance

import (
	"testing"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/internal/zetasql"
)

// engineQuery runs a statement on an engine, with a window's values, over
// a table of events, which it loads the first time it sees the table's
// name. name is the case's, for errors.
type engineQuery func(name, table string, evs []events.Event, st dialects.Statement, w oracle.Window) (cols []string, raw [][]any)

// onEngines runs check on every engine target as a subtest, with the
// target's dialect, its count of random rounds (more on DuckDB, the
// fastest) and a query that runs statements there. Redshift's within()
// arithmetic (DATEADD) does not run on PostgreSQL, so its SQL of what
// (the statement's kind, for the log) is held by golden files only.
// After check, the events table must hold the fixture's rows: no hostile
// value ran as a statement.
func onEngines(t *testing.T, what string, check func(t *testing.T, d dialects.Dialect, rounds int, query engineQuery)) {
	for _, tg := range Targets {
		if tg.Dialect == "redshift" {
			t.Logf("redshift: not run on PostgreSQL: within() uses DATEADD, which PostgreSQL lacks; its %s SQL is held by golden files", what)
			continue
		}
		t.Run(tg.Dialect, func(t *testing.T) {
			db := testdb.Open(t, tg.Engine)
			d, err := dialects.Get(tg.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			rounds := 2
			if tg.Engine == testdb.DuckDB {
				rounds = 6
			}
			loaded := map[string]bool{}
			query := func(name, table string, evs []events.Event, st dialects.Statement, w oracle.Window) ([]string, [][]any) {
				t.Helper()
				if !loaded[table] {
					testdb.LoadEvents(t, db, tg.Engine, table, evs)
					loaded[table] = true
				}
				args, err := st.Bind(WindowValues(w))
				if err != nil {
					t.Fatal(err)
				}
				cols, raw, err := QueryColumns(db, st.SQL, args...)
				if err != nil {
					t.Fatalf("%s: %v\n%s", name, err, st.SQL)
				}
				return cols, raw
			}
			check(t, d, rounds, query)
			if n := countRows(t, db); n != len(Events()) {
				t.Errorf("events table holds %d rows after the run, want %d", n, len(Events()))
			}
		})
	}
}

// onZetaSQL runs check as onEngines does, for BigQuery's SQL on the
// ZetaSQL evaluator, with two random rounds.
func onZetaSQL(t *testing.T, check func(t *testing.T, d dialects.Dialect, rounds int, query engineQuery)) {
	c := zetasql.Shared(t)
	d, err := dialects.Get(BigQuery)
	if err != nil {
		t.Fatal(err)
	}
	query := func(name, table string, evs []events.Event, st dialects.Statement, w oracle.Window) ([]string, [][]any) {
		t.Helper()
		params, err := Params(st, w)
		if err != nil {
			t.Fatal(err)
		}
		cols, rows, err := EvaluateColumns(c, st.SQL, []zetasql.Table{zetasql.EventsTable(table, evs)}, params)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, st.SQL)
		}
		return cols, rows
	}
	check(t, d, 2, query)
}
