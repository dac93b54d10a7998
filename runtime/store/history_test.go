package store

import (
	"context"
	"slices"
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

// poolColumns are the columns added for pooled parameters' shards, and
// those added with them: prior_weight for half_life, sibling_group and
// sibling_none for sibling edges.
var poolColumns = []string{"shard", "pooling", "shrinkage", "pool_mu", "pool_tau", "prior_weight", "sibling_group", "sibling_none"}

// A table made before as_of and written_at existed is migrated in place by
// Ensure: its rows stay, with their created_at as both times, and new rows
// go in beside them.
func TestEnsureMigratesLegacyTable(t *testing.T) {
	testMigration(t, true, append([]string{"immature"}, poolColumns...))
}

// A table made after written_at but before immature existed gets the
// column from Ensure: its rows stay, with no immature count (none was
// recorded), and new rows keep theirs.
func TestEnsureAddsImmature(t *testing.T) {
	testMigration(t, false, append([]string{"immature"}, poolColumns...))
}

// A table made before the pooling columns existed gets them from Ensure:
// its rows stay, as they were, and a pooled run's population and shard
// rows go in beside them.
func TestEnsureAddsPoolColumns(t *testing.T) { testMigration(t, false, poolColumns) }

// testMigration makes the posterior table as an older paramsql did (see
// olderStatements), writes a row into it, lets Ensure migrate it on every
// engine, and checks that the old row reads back beside new ones: a plain
// row, and a pooled run's population row with two shards.
func testMigration(t *testing.T, legacyTimes bool, missing []string) {
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
			ddl, insert, cols := olderStatements(t, d, "posterior", legacyTimes, missing)
			if err := db.Exec(ctx, ddl); err != nil {
				t.Fatalf("older table: %v\n%s", err, ddl)
			}
			old := row("p", 3, StatusUpdated, 0.2)
			if slices.Contains(missing, "immature") {
				old.Immature = nil
			}
			vals, err := old.values(time.Now(), dialects.PosteriorTimePrecision(d), db.Driver())
			if err != nil {
				t.Fatal(err)
			}
			vals[legacyAsOf] = vals["as_of"] // what created_at held
			if err := db.WithTx(ctx, func(tx *connect.Tx) error { return tx.ExecBatch(insert, [][]any{pick(vals, cols)}) }); err != nil {
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
			if legacyTimes {
				migrated.WrittenAt = old.AsOf
			}
			fresh := row("p", 10, StatusUpdated, 0.4)
			fresh.Immature, fresh.PriorWeight = i64(42), f64(0.5)
			fresh.SiblingGroup, fresh.SiblingNone = "exits", f64(0.0625)
			population, shards := pooledRows("p", 17)
			if err := s.Write(ctx, append([]Row{fresh, population}, shards...), false); err != nil {
				t.Fatal(err)
			}
			hist, err := s.History(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]Row{migrated, fresh, population}, hist); diff != "" {
				t.Errorf("History (-want +got):\n%s", diff)
			}
			got, err := s.Shards(ctx, "p")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(shards, got); diff != "" {
				t.Errorf("Shards (-want +got):\n%s", diff)
			}
		})
	}
}

// legacyAsOf is what as_of was called before written_at existed.
const legacyAsOf = "created_at"

// olderStatements are the CREATE TABLE and INSERT of the posterior table
// as an older paramsql made them, and the INSERT's columns: without the
// columns missing, and with legacyTimes also created_at in place of as_of
// and written_at.
func olderStatements(t *testing.T, d dialects.Dialect, table string, legacyTimes bool, missing []string) (ddl, insert string, cols []string) {
	t.Helper()
	ddl, err := dialects.CreatePosteriorTable(d, table)
	if err != nil {
		t.Fatal(err)
	}
	q := d.QuoteIdent
	// One column definition per part; the last may carry the closing
	// parenthesis and the engine clause, which stay.
	var kept []string
	for _, part := range strings.Split(ddl, ",\n    ") {
		name, _, _ := strings.Cut(part, " ")
		if slices.ContainsFunc(missing, func(c string) bool { return name == q(c) }) {
			if _, tail, ok := strings.Cut(part, "\n)"); ok {
				kept[len(kept)-1] += "\n)" + tail
			}
			continue
		}
		kept = append(kept, part)
	}
	ddl = strings.Join(kept, ",\n    ")
	for _, c := range dialects.PosteriorColumns() {
		if !slices.Contains(missing, c) && !(legacyTimes && c == "written_at") {
			if legacyTimes && c == "as_of" {
				c = legacyAsOf
			}
			cols = append(cols, c)
		}
	}
	if legacyTimes {
		before := len(ddl)
		for _, typ := range []string{"TIMESTAMP NOT NULL", "TIMESTAMPTZ NOT NULL", "DATETIME(6) NOT NULL", "DateTime('UTC')"} {
			ddl = strings.Replace(ddl, q("as_of")+" "+typ+",\n    "+q("written_at")+" "+typ, q(legacyAsOf)+" "+typ, 1)
		}
		if len(ddl) == before {
			t.Fatalf("no as_of and written_at columns to replace in\n%s", ddl)
		}
	}
	ph := make([]string, len(cols))
	qc := make([]string, len(cols))
	for i, c := range cols {
		ph[i], qc[i] = d.Placeholder(c, i+1), q(c)
	}
	name, err := dialects.QuoteQualified(d, table)
	if err != nil {
		t.Fatal(err)
	}
	return ddl, "INSERT INTO " + name + " (" + strings.Join(qc, ", ") + ") VALUES (" + strings.Join(ph, ", ") + ")", cols
}

// pooledRows are the rows of an empirical pool of two shards for the
// window ending on day d: the population's, then the shards'. One shard
// key holds a quote, a backslash and a comment marker.
func pooledRows(p string, d int) (population Row, shards []Row) {
	population = row(p, d, StatusUpdated, 0.3)
	population.PriorAlpha, population.PriorBeta, population.PriorMean, population.PriorStdev = nil, nil, nil, nil
	population.Z, population.Alert, population.Immature = nil, false, nil
	population.Pooling = "empirical"
	for i, key := range []string{"channel=google", `channel=o'brien\ -- x;`} {
		s := row(p, d, StatusUpdated, 0.25+0.1*float64(i))
		s.Shard, s.Pooling, s.Shrinkage = key, "empirical", f64(0.4+0.1*float64(i))
		s.PriorAlpha, s.PriorBeta = population.PosteriorAlpha, population.PosteriorBeta
		s.Z, s.Alert, s.Immature = nil, false, nil
		shards = append(shards, s)
	}
	return population, shards
}
