package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/connect"
)

// Rerunning an update (a crash retry, a second run at the same as-of)
// appends nothing the history already has; a rerun with another outcome
// is history, and is kept.
func TestRerunNotDuplicated(t *testing.T) {
	ctx := context.Background()
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			s := openStore(t, e, "posterior")
			failed := row("p", 10, StatusFailed, 0)
			failed.RunID, failed.Reason, failed.PosteriorMean = "run-a", "timed out", nil
			updated := row("p", 10, StatusUpdated, 0.4)
			updated.RunID, updated.WrittenAt = "run-b", failed.WrittenAt.Add(time.Minute)
			retry := updated
			retry.RunID, retry.WrittenAt = "run-c", updated.WrittenAt.Add(time.Minute)
			period := row("p", 10, StatusUpdated, 0.3)
			period.RunID, period.Period, period.WrittenAt = "run-b", ptr(day(6)), updated.WrittenAt
			periodRetry := period
			periodRetry.RunID, periodRetry.WrittenAt = "run-c", retry.WrittenAt
			for _, rows := range [][]Row{{failed}, {updated, period}, {retry, periodRetry}, {retry, periodRetry}} {
				if err := s.Write(ctx, rows, false); err != nil {
					t.Fatal(err)
				}
			}
			hist, err := s.History(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Row{failed, updated, period}, hist); diff != "" {
				t.Errorf("History (-want +got):\n%s", diff)
			}
		})
	}
}

// Two runs at one as-of are ordered by when they wrote, whatever their
// run ids, and the later one is the current posterior.
func TestHistoryOrderAtOneAsOf(t *testing.T) {
	ctx := context.Background()
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			s := openStore(t, e, "posterior")
			first := row("p", 10, StatusFallback, 0.41)
			first.RunID = "z-first"
			second := row("p", 10, StatusUpdated, 0.42)
			second.RunID, second.WrittenAt = "a-second", first.WrittenAt.Add(time.Second)
			if err := s.Write(ctx, []Row{first}, false); err != nil {
				t.Fatal(err)
			}
			if err := s.Write(ctx, []Row{second}, false); err != nil {
				t.Fatal(err)
			}
			hist, err := s.History(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Row{first, second}, hist); diff != "" {
				t.Errorf("History (-want +got):\n%s", diff)
			}
			latest, err := s.Latest(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&second, latest); diff != "" {
				t.Errorf("Latest (-want +got):\n%s", diff)
			}
		})
	}
}

// A table made before as_of and written_at existed is migrated in place by
// Ensure: its rows stay, with their created_at as both times, and new rows
// go in beside them.
func TestEnsureMigratesLegacyTable(t *testing.T) { testMigration(t, true) }

// A table made after written_at but before immature existed gets the
// column from Ensure: its rows stay, with no immature count (none was
// recorded), and new rows keep theirs.
func TestEnsureAddsImmature(t *testing.T) { testMigration(t, false) }

// testMigration makes the posterior table as an older paramsql did (see
// olderStatements), writes a row into it, lets Ensure migrate it on every
// engine, and checks that the old row reads back beside a new one.
func testMigration(t *testing.T, legacyTimes bool) {
	ctx := context.Background()
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			dsn := testdb.DSN(t, e)
			open := func() *connect.DB {
				db, err := connect.Open(ctx, connect.Config{Name: "older", Driver: string(e), DSN: dsn, Timeout: time.Minute})
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { _ = db.Close() })
				return db
			}
			db := open()
			d := db.Dialect()
			ddl, insert := olderStatements(t, d, "posterior", legacyTimes)
			if err := db.Exec(ctx, ddl); err != nil {
				t.Fatalf("older table: %v\n%s", err, ddl)
			}
			old := row("p", 3, StatusUpdated, 0.2)
			vals, err := old.values(time.Now(), dialects.PosteriorTimePrecision(d), db.Driver())
			if err != nil {
				t.Fatal(err)
			}
			var args []any
			for _, c := range dialects.PosteriorColumns() {
				switch {
				case c == "immature", legacyTimes && c == "written_at":
				default:
					args = append(args, vals[c]) // as_of: what created_at held
				}
			}
			if err := db.WithTx(ctx, func(tx *connect.Tx) error { return tx.ExecBatch(insert, [][]any{args}) }); err != nil {
				t.Fatalf("older row: %v", err)
			}

			s := NewSQLStore(db, "posterior")
			if err := s.Ensure(ctx); err != nil {
				t.Fatalf("Ensure: %v", err)
			}
			// A migrated table is current. (On a new connection: a
			// PostgreSQL session refuses to rerun the probe it prepared
			// before the table changed, and a run opens its own.)
			if err := NewSQLStore(open(), "posterior").Ensure(ctx); err != nil {
				t.Fatalf("Ensure of the migrated table: %v", err)
			}
			migrated := old
			migrated.Immature = nil
			fresh := row("p", 10, StatusUpdated, 0.4)
			if legacyTimes {
				migrated.WrittenAt = old.AsOf
			} else {
				fresh.Immature = i64(42)
			}
			if err := s.Write(ctx, []Row{fresh}, false); err != nil {
				t.Fatal(err)
			}
			hist, err := s.History(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Row{migrated, fresh}, hist); diff != "" {
				t.Errorf("History (-want +got):\n%s", diff)
			}
		})
	}
}

// olderStatements are the CREATE TABLE and INSERT of the posterior table
// as they were before immature existed, and, with legacyTimes, also before
// as_of and written_at: created_at in their place.
func olderStatements(t *testing.T, d dialects.Dialect, table string, legacyTimes bool) (ddl, insert string) {
	t.Helper()
	ddl, err := dialects.CreatePosteriorTable(d, table)
	if err != nil {
		t.Fatal(err)
	}
	ins, _, err := dialects.InsertPosterior(d, table)
	if err != nil {
		t.Fatal(err)
	}
	q := d.QuoteIdent
	before := len(ddl)
	for _, typ := range []string{"BIGINT", "Nullable(Int64)"} {
		ddl = strings.Replace(ddl, ",\n    "+q("immature")+" "+typ, "", 1)
	}
	if len(ddl) == before {
		t.Fatalf("no immature column to remove in\n%s", ddl)
	}
	ins = strings.Replace(ins, ", "+q("immature"), "", 1)
	ins = ins[:strings.LastIndex(ins, ", ")] + ")"
	if !legacyTimes {
		return ddl, ins
	}
	before = len(ddl)
	for _, typ := range []string{"TIMESTAMP NOT NULL", "TIMESTAMPTZ NOT NULL", "DATETIME(6) NOT NULL", "DateTime('UTC')"} {
		ddl = strings.Replace(ddl, q("as_of")+" "+typ+",\n    "+q("written_at")+" "+typ, q("created_at")+" "+typ, 1)
	}
	if len(ddl) == before {
		t.Fatalf("no as_of and written_at columns to replace in\n%s", ddl)
	}
	ins = strings.Replace(ins, q("as_of")+", "+q("written_at"), q("created_at"), 1)
	return ddl, ins[:strings.LastIndex(ins, ", ")] + ")"
}
