package conformance

import (
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/zetasql"
)

// BigQuery is the dialect whose SQL the ZetaSQL evaluator runs: no
// database/sql engine, so it is not among Targets.
const BigQuery = "bigquery"

// Params names a statement's bound values, as the ZetaSQL evaluator takes
// them: the BigQuery dialect's placeholders are named.
func Params(st dialects.Statement, w oracle.Window) (map[string]any, error) {
	args, err := st.Bind(WindowValues(w))
	if err != nil {
		return nil, err
	}
	params := map[string]any{}
	for i, name := range st.Params {
		params[name] = args[i]
	}
	return params, nil
}

// RunZetaSQL compiles q for BigQuery, evaluates it on ZetaSQL over the
// tables with window w bound, and returns the rows in the oracle's shape
// and order, and the SQL.
func RunZetaSQL(t testing.TB, c *zetasql.Client, tables []zetasql.Table, q *compiler.Query, opts compiler.Options, w oracle.Window) ([]oracle.Row, string) {
	t.Helper()
	st := compileBigQuery(t, q, opts)
	params, err := Params(st, w)
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Evaluate(st.SQL, tables, params)
	if err != nil {
		t.Fatalf("%s on ZetaSQL: %v\n%s", q, err, st.SQL)
	}
	return ToRows(t, q, res.Rows), st.SQL
}

func compileBigQuery(t testing.TB, q *compiler.Query, opts compiler.Options) dialects.Statement {
	t.Helper()
	d, err := dialects.Get(BigQuery)
	if err != nil {
		t.Fatal(err)
	}
	st, err := dialects.Compile(q, d, opts)
	if err != nil {
		t.Fatalf("compile %s for %s: %v", q, BigQuery, err)
	}
	return st
}

// EvaluateColumns evaluates sql on ZetaSQL and returns the column names and
// the rows, as QueryColumns does for an engine.
func EvaluateColumns(c *zetasql.Client, sql string, tables []zetasql.Table, params map[string]any) ([]string, [][]any, error) {
	res, err := c.Evaluate(sql, tables, params)
	if err != nil {
		return nil, nil, err
	}
	cols := make([]string, len(res.Columns))
	for i, col := range res.Columns {
		cols[i] = col.Name
	}
	return cols, res.Rows, nil
}
