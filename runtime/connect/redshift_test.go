package connect

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/testdb"
)

// TestRedshiftSelectsItsDialect opens driver: redshift on the PostgreSQL
// test server (Redshift speaks its protocol): the connection's dialect is
// redshift, its session is UTC, and a statement the redshift dialect
// renders where the two agree runs. Without the server it skips (fails
// when CI=true).
func TestRedshiftSelectsItsDialect(t *testing.T) {
	if got := DialectOf("redshift"); got != "redshift" {
		t.Errorf("DialectOf(redshift) = %q", got)
	}
	db, err := Open(context.Background(), Config{Name: "rs", Driver: "redshift", DSN: testdb.DSN(t, testdb.Postgres)})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Driver() != "redshift" || db.Dialect().Name() != "redshift" {
		t.Fatalf("driver %s, dialect %s, want redshift", db.Driver(), db.Dialect().Name())
	}
	d, _ := dialects.Get("redshift")
	// No backslash: Redshift escapes it in literals, PostgreSQL does not.
	const value = "o'brien -- ; é😀"
	q := "SELECT " + d.QuoteString(value) + " AS v, " + d.Placeholder("x", 1) + " AS p, current_setting('TimeZone') AS tz"
	res, err := db.QueryReadOnly(context.Background(), q, hostile)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]any{{value, hostile, "UTC"}}, res.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
