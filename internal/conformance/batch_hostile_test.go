package conformance

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/internal/zetasql"
)

// hostileBatch is one batch whose filters, nodes and so references hold
// every hostile value: a batch passes its references as data, each
// reference's text a string literal that must come back exactly.
func hostileBatch(t *testing.T) []*compiler.Query {
	t.Helper()
	quote := func(v string) string { return "'" + strings.ReplaceAll(v, "'", "''") + "'" }
	srcs := []string{"e.signup"}
	for _, v := range HostileValues {
		srcs = append(srcs,
			"e.signup.context(channel="+quote(v)+")",
			"e.signup.context(country="+quote(v)+",device='mobile')",
			"e.from("+quote(v)+").to(pricing)",
			"e.signup.visited("+quote(v)+").context(channel)")
	}
	var qs []*compiler.Query
	for _, src := range srcs {
		q, err := compiler.ParseQuery(src)
		if err != nil {
			t.Fatalf("%q: %v", src, err)
		}
		qs = append(qs, q)
	}
	return qs
}

// checkBatch compares every reference's rows of a batch with the
// evaluator's on the fixture log.
func checkBatch(t *testing.T, qs []*compiler.Query, got map[string][]oracle.Row, engine string) {
	t.Helper()
	evs, w := Events(), FixtureWindow()
	for _, q := range qs {
		want := oracle.Count(evs, q, compiler.DefaultSchema(), nil, compiler.UnitSession, w)
		if diff := cmp.Diff(want, got[q.String()], cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%q in the hostile batch (-oracle +%s):\n%s", q.String(), engine, diff)
		}
	}
	if len(got) > len(qs) {
		t.Errorf("the batch returned rows for %d references, not %d", len(got), len(qs))
	}
}

func TestBatchHostileValuesOnEngines(t *testing.T) {
	for _, tg := range Targets {
		t.Run(tg.Dialect, func(t *testing.T) {
			var qs []*compiler.Query
			for _, q := range hostileBatch(t) {
				// PostgreSQL runs Redshift's SQL but reads backslashes
				// in strings differently (see redshiftGap).
				if tg.Dialect != "redshift" || redshiftGap(q) == "" {
					qs = append(qs, q)
				}
			}
			db := testdb.Open(t, tg.Engine)
			testdb.LoadEvents(t, db, tg.Engine, "events", Events())
			d, err := dialects.Get(tg.Dialect)
			if err != nil {
				t.Fatal(err)
			}
			got := runBatch(t, db, d, qs, compiler.Options{Schema: compiler.DefaultSchema()}, FixtureWindow())
			checkBatch(t, qs, got, tg.Dialect)
		})
	}
}

func TestBatchHostileValuesOnZetaSQL(t *testing.T) {
	t.Parallel()
	c := zetasql.Shared(t)
	qs := hostileBatch(t)
	b, err := compiler.CompileBatch(qs, compiler.Options{Schema: compiler.DefaultSchema()})
	if err != nil {
		t.Fatal(err)
	}
	d, err := dialects.Get(BigQuery)
	if err != nil {
		t.Fatal(err)
	}
	st, err := dialects.RenderBatch(b, d)
	if err != nil {
		t.Fatal(err)
	}
	params, err := Params(st, FixtureWindow())
	if err != nil {
		t.Fatal(err)
	}
	cols, rows, err := EvaluateColumns(c, st.SQL, []zetasql.Table{zetasql.EventsTable("events", Events())}, params)
	if err != nil {
		t.Fatalf("%v\n%s", err, st.SQL)
	}
	got, err := splitBatchRows(cols, rows, qs)
	if err != nil {
		t.Fatal(err)
	}
	checkBatch(t, qs, got, "zetasql")
}
