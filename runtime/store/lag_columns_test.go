package store

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/connect"
)

// TestEnsureAddsLagColumns: a table made before the maturity runs' lag
// columns gets them in place on every engine; its rows are kept, with the
// columns NULL, beside a new row that fills them.
func TestEnsureAddsLagColumns(t *testing.T) {
	ctx := context.Background()
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			db, err := connect.Open(ctx, connect.Config{Name: "older", Driver: string(e), DSN: testdb.DSN(t, e), Timeout: time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = db.Close() })
			d := db.Dialect()
			ddl, insert, cols := withoutLagColumns(t, d, "lagged")
			if err := db.Exec(ctx, ddl); err != nil {
				t.Fatalf("older table: %v\n%s", err, ddl)
			}
			old := row("p", 3, StatusUpdated, 0.2)
			old.Immature = i64(7)
			vals, err := old.values(time.Now(), dialects.PosteriorTimePrecision(d), db.Driver())
			if err != nil {
				t.Fatal(err)
			}
			var args []any
			for _, c := range cols {
				args = append(args, vals[c])
			}
			if err := db.WithTx(ctx, func(tx *connect.Tx) error { return tx.ExecBatch(insert, [][]any{args}) }); err != nil {
				t.Fatalf("older row: %v", err)
			}
			s := NewSQLStore(db, "lagged")
			if err := s.Ensure(ctx); err != nil {
				t.Fatalf("Ensure: %v", err)
			}
			fresh := row("p", 10, StatusUpdated, 0.4)
			fresh.Immature, fresh.LagMedian, fresh.LagT95, fresh.EffectiveTrials = i64(42), f64(39600), f64(137880.5), f64(18250.25)
			if err := s.Write(ctx, []Row{fresh}, false); err != nil {
				t.Fatal(err)
			}
			hist, err := s.History(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Row{old, fresh}, hist); diff != "" {
				t.Errorf("History (-want +got):\n%s", diff)
			}
		})
	}
}

// withoutLagColumns is the posterior table's CREATE TABLE and INSERT as
// they were before the lag columns, and the INSERT's columns.
func withoutLagColumns(t *testing.T, d dialects.Dialect, table string) (ddl, insert string, cols []string) {
	t.Helper()
	ddl, err := dialects.CreatePosteriorTable(d, table)
	if err != nil {
		t.Fatal(err)
	}
	insert, cols, err = dialects.InsertPosterior(d, table)
	if err != nil {
		t.Fatal(err)
	}
	lag := []string{"lag_median_seconds", "lag_t95_seconds", "effective_trials"}
	for _, c := range lag {
		q := regexp.QuoteMeta(d.QuoteIdent(c))
		stripped := regexp.MustCompile(`,\s*`+q+` [^,\n]+`).ReplaceAllString(ddl, "")
		if stripped == ddl {
			t.Fatalf("no column %s to remove in\n%s", c, ddl)
		}
		ddl = stripped
		insert = regexp.MustCompile(`, `+q).ReplaceAllString(insert, "")
		insert = insert[:regexp.MustCompile(`, [^,]+\)$`).FindStringIndex(insert)[0]] + ")"
	}
	return ddl, insert, cols[:len(cols)-len(lag)]
}
