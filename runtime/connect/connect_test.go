package connect

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/testdb"
)

// openEngine opens a connection on a fresh namespace of engine e (a new
// database file for DuckDB), skipping when e's server is not configured
// (failing when CI=true).
func openEngine(t *testing.T, e testdb.Engine, name string, timeout time.Duration) *DB {
	t.Helper()
	dsn := testdb.DSN(t, e)
	db, err := Open(context.Background(), Config{Name: name, Driver: string(e), DSN: dsn, Timeout: timeout})
	if err != nil {
		t.Fatalf("Open %s: %v", e, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// createW creates table w(x) holding the single row 1, through the trusted
// Exec and WithTx (ClickHouse takes rows only in batches).
func createW(t *testing.T, db *DB) {
	t.Helper()
	ctx := context.Background()
	ddl := "CREATE TABLE w (x BIGINT)"
	if db.Driver() == "clickhouse" {
		ddl = "CREATE TABLE w (x Int64) ENGINE = MergeTree() ORDER BY x"
	}
	if err := db.Exec(ctx, ddl); err != nil {
		t.Fatal(err)
	}
	err := db.WithTx(ctx, func(tx *Tx) error {
		return tx.ExecBatch(insertW(db), [][]any{{int64(1)}})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// insertW is the INSERT of one row into w, with the engine's placeholder.
func insertW(db *DB) string {
	return "INSERT INTO w (x) VALUES (" + db.Dialect().Placeholder("x", 1) + ")"
}

// countW returns the rows of w, or -1 if w is gone.
func countW(t *testing.T, db *DB) int64 {
	t.Helper()
	res, err := db.Query(context.Background(), "SELECT count(*) FROM w")
	if err != nil {
		return -1
	}
	return res.Rows[0][0].(int64)
}

func TestOpenDriversAndDialects(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ driver, want string }{
		{"", "duckdb"}, {"duckdb", "duckdb"}, {"DuckDB", "duckdb"},
	} {
		db, err := Open(ctx, Config{Name: "m", Driver: tc.driver})
		if err != nil {
			t.Fatalf("Open(%q): %v", tc.driver, err)
		}
		if db.Driver() != tc.want || db.Dialect().Name() != tc.want || db.Name() != "m" {
			t.Errorf("Open(%q): driver %s, dialect %s, name %s; want %s", tc.driver, db.Driver(), db.Dialect().Name(), db.Name(), tc.want)
		}
		_ = db.Close()
	}
	for alias, engine := range driverAliases {
		if _, err := dialects.Get(engine); err != nil {
			t.Errorf("driver %q maps to %q, which has no dialect: %v", alias, engine, err)
		}
		if got := DialectOf(strings.ToUpper(alias)); got != engine {
			t.Errorf("DialectOf(%q) = %q, want %q", strings.ToUpper(alias), got, engine)
		}
	}
	if got := DialectOf("Oracle"); got != "oracle" {
		t.Errorf("DialectOf(Oracle) = %q, want it lower-cased", got)
	}
	_, err := Open(ctx, Config{Name: "bad", Driver: "oracle"})
	if err == nil || !strings.Contains(err.Error(), `connection "bad": unknown driver "oracle"`) {
		t.Errorf("Open(oracle) = %v, want an unknown-driver error", err)
	}
}

func TestDSNSecrets(t *testing.T) {
	tests := []struct {
		engine, dsn string
		secret      string // must be found
	}{
		{"postgres", "postgres://u:s3cr%2Ft@127.0.0.1:5432/db", "s3cr/t"},
		{"postgres", "host=127.0.0.1 user=u password='p w' dbname=x", "p w"},
		{"postgres", "host=127.0.0.1 user=u password=plainpw", "plainpw"},
		{"mysql", "u:hunter2@tcp(127.0.0.1:3306)/db?parseTime=true", "hunter2"},
		{"clickhouse", "clickhouse://u:chpass@127.0.0.1:9000/db", "chpass"},
		{"clickhouse", "clickhouse://127.0.0.1:9000/db?password=qpass&dial_timeout=1s", "qpass"},
		{"duckdb", "/data/x.db?motherduck_token=tok123", "tok123"},
		{"mysql", "u:unparsed@bad", "unparsed"}, // the driver rejects it; still hidden
	}
	for _, tc := range tests {
		db := &DB{cfg: Config{Name: "c"}, secrets: dsnSecrets(tc.engine, tc.dsn)}
		err := db.wrap(fmt.Errorf("cannot use %s (%s): %w", tc.dsn, tc.secret, context.DeadlineExceeded))
		if strings.Contains(err.Error(), tc.secret) {
			t.Errorf("%s %q: error still shows the secret: %v", tc.engine, tc.dsn, err)
		}
		if !strings.Contains(err.Error(), redactedText) {
			t.Errorf("%s %q: error shows no redaction: %v", tc.engine, tc.dsn, err)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s %q: redaction lost errors.Is", tc.engine, tc.dsn)
		}
	}
	// An error without secrets keeps its identity, so errors.As works.
	db := &DB{secrets: dsnSecrets("postgres", "postgres://u:pw@h/db")}
	orig := errors.New("no secret here")
	if got := db.wrap(orig); got != orig {
		t.Errorf("wrap changed an error without secrets: %v", got)
	}
}

// TestOpenRedactsPassword opens each server engine at an address where
// nothing listens, with a password in the DSN: the error must not show it.
func TestOpenRedactsPassword(t *testing.T) {
	const pw = "Sup3rS3cretPw"
	dsns := map[string]string{
		"postgres":   "postgres://u:" + pw + "@127.0.0.1:1/db?connect_timeout=2",
		"mysql":      "u:" + pw + "@tcp(127.0.0.1:1)/db?timeout=2s",
		"clickhouse": "clickhouse://u:" + pw + "@127.0.0.1:1/db?dial_timeout=2s",
	}
	for driver, dsn := range dsns {
		_, err := Open(context.Background(), Config{Name: "r", Driver: driver, DSN: dsn, Timeout: 5 * time.Second})
		if err == nil {
			t.Errorf("%s: Open succeeded on a closed port", driver)
			continue
		}
		if strings.Contains(err.Error(), pw) {
			t.Errorf("%s: error shows the password: %v", driver, err)
		}
		t.Logf("%s: %v", driver, err)
	}
}

// TestQueryReadOnlyValues checks the normalised values on every engine.
func TestQueryReadOnlyValues(t *testing.T) {
	day := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	ts := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	cols := []string{"i", "u", "f32", "dc", "s", "n", "d", "ts", "b"}
	base := []any{int64(1), int64(2), 0.1, 1.25, "x", nil, day, ts, int64(1)}
	tests := []struct {
		engine testdb.Engine
		query  string
		args   []any
		cols   []string
		want   []any
	}{
		{testdb.DuckDB,
			"SELECT CAST(1 AS INTEGER) AS i, CAST(2 AS UBIGINT) AS u, CAST(0.1 AS REAL) AS f32, CAST(1.25 AS DECIMAL(10,2)) AS dc, " +
				"'x' AS s, NULL AS n, DATE '2025-01-02' AS d, TIMESTAMP '2025-01-02 03:04:05' AS ts, true AS b, " +
				"[1, 2] AS l, CAST(5 AS HUGEINT) AS h, TIMESTAMPTZ '2025-01-02 03:04:05+00' AS tz, " +
				"CAST('6ba7b810-9dad-11d1-80b4-00c04fd430c8' AS UUID) AS uu, CAST(? AS VARCHAR) AS p",
			[]any{"arg"},
			append(cols, "l", "h", "tz", "uu", "p"),
			append(base, []any{int64(1), int64(2)}, int64(5), ts, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "arg")},
		{testdb.Postgres,
			"SELECT 1::int4 AS i, 2::int8 AS u, 0.1::float4 AS f32, 1.25::numeric(10,2) AS dc, 'x'::text AS s, NULL AS n, " +
				"DATE '2025-01-02' AS d, TIMESTAMPTZ '2025-01-02 03:04:05+00' AS ts, true AS b, " +
				"TIMESTAMP '2025-01-02 03:04:05' AS tsn, sum(x) AS sm, $1::text AS p FROM (SELECT 1 AS x) q",
			[]any{"arg"},
			append(cols, "tsn", "sm", "p"),
			append(base, ts, int64(1), "arg")}, // sum(int4) is a bigint
		{testdb.MySQL,
			"SELECT CAST(1 AS SIGNED) AS i, CAST(2 AS UNSIGNED) AS u, CAST(0.1 AS FLOAT) AS f32, CAST(1.25 AS DECIMAL(10,2)) AS dc, " +
				"'x' AS s, NULL AS n, DATE '2025-01-02' AS d, TIMESTAMP '2025-01-02 03:04:05' AS ts, true AS b, sum(1) AS sm, ? AS p",
			[]any{"arg"},
			append(cols, "sm", "p"),
			append(base, 1.0, "arg")},
		{testdb.ClickHouse,
			"SELECT toInt32(1) AS i, toUInt64(2) AS u, toFloat32(0.1) AS f32, toDecimal64(1.25, 2) AS dc, 'x' AS s, NULL AS n, " +
				"toDate('2025-01-02') AS d, toDateTime('2025-01-02 03:04:05', 'UTC') AS ts, 1 = 1 AS b, " +
				"[1, 2] AS l, [1000, 2000] AS l16, toNullable(toInt64(5)) AS h, toNullable('a') AS ns, ? AS p",
			[]any{"arg"},
			append(cols, "l", "l16", "h", "ns", "p"),
			append(base, []any{int64(1), int64(2)}, []any{int64(1000), int64(2000)}, int64(5), "a", "arg")},
	}
	for _, tc := range tests {
		t.Run(string(tc.engine), func(t *testing.T) {
			db := openEngine(t, tc.engine, "values", 30*time.Second)
			res, err := db.QueryReadOnly(context.Background(), tc.query, tc.args...)
			if err != nil {
				t.Fatal(err)
			}
			want := &Result{Columns: tc.cols, Rows: [][]any{tc.want}}
			if diff := cmp.Diff(want, res); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQueryReadOnlyEngineRefusesWrites bypasses ValidateSelect to show
// that the engine-side protection alone refuses writes, and that
// QueryReadOnly (with the validation) refuses them too.
func TestQueryReadOnlyEngineRefusesWrites(t *testing.T) {
	writes := []string{
		"INSERT INTO w (x) VALUES (2)",
		"DELETE FROM w",
		"UPDATE w SET x = 5",
		"DROP TABLE w",
		"CREATE TABLE w2 (x BIGINT)",
	}
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := openEngine(t, e, "ro", 30*time.Second)
			createW(t, db)
			ctx := context.Background()
			for _, q := range writes {
				if e == testdb.ClickHouse && (strings.HasPrefix(q, "DELETE") || strings.HasPrefix(q, "UPDATE")) {
					q = "ALTER TABLE w " + map[bool]string{true: "DELETE WHERE 1", false: "UPDATE x = 5 WHERE 1"}[strings.HasPrefix(q, "DELETE")]
				}
				if e == testdb.ClickHouse && strings.HasPrefix(q, "CREATE") {
					q = "CREATE TABLE w2 (x Int64) ENGINE = Memory"
				}
				if _, err := db.QueryReadOnly(ctx, q); !errors.Is(err, ErrNotReadOnly) {
					t.Errorf("QueryReadOnly(%q) = %v, want ErrNotReadOnly", q, err)
				}
				_, err := db.queryReadOnly(ctx, q)
				ddl := strings.HasPrefix(q, "DROP") || strings.HasPrefix(q, "CREATE")
				if e == testdb.MySQL && ddl {
					// Measured: a READ ONLY transaction does not stop DDL on
					// MariaDB; validateSelect must (see its comment).
					if err == nil {
						t.Logf("mysql: %q ran inside START TRANSACTION READ ONLY, as documented", q)
					}
					if strings.HasPrefix(q, "DROP") {
						createW(t, db)
					}
					continue
				}
				if err == nil {
					t.Errorf("engine-side read-only run of %q succeeded", q)
				} else {
					t.Logf("%q: %v", q, err)
				}
				if n := countW(t, db); n != 1 {
					t.Fatalf("after %q, w has %d rows, want 1", q, n)
				}
			}
		})
	}
}

// TestDuckDBMultiStatement shows the hazard that QueryReadOnly avoids on
// DuckDB: duckdb-go runs every statement but the last of a query text
// before preparing the last, so `INSERT …; SELECT 1` writes even as a
// "query". The driver-level Prepare that QueryReadOnly uses refuses it
// without running anything.
func TestDuckDBMultiStatement(t *testing.T) {
	db := openEngine(t, testdb.DuckDB, "multi", 30*time.Second)
	createW(t, db)
	ctx := context.Background()
	const q = "INSERT INTO w VALUES (4); SELECT 1"
	if _, err := db.queryReadOnly(ctx, q); err == nil {
		t.Fatal("queryReadOnly ran a multi-statement text")
	}
	if n := countW(t, db); n != 1 {
		t.Fatalf("after a refused multi-statement query, w has %d rows, want 1", n)
	}
	// The hazard itself, through plain database/sql.
	rows, err := db.sql.QueryContext(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	_ = rows.Close()
	if n := countW(t, db); n != 2 {
		t.Errorf("plain QueryContext: w has %d rows; the hazard this test documents has gone (want 2)", n)
	}
	// A SELECT that still changes something: DuckDB sequences are not
	// transactional, so nextval advances even in a transaction that is
	// rolled back. The engine-side path lets it through; ValidateSelect
	// refuses nextval by name.
	if err := db.Exec(ctx, "CREATE SEQUENCE s START 1"); err != nil {
		t.Fatal(err)
	}
	var got []any
	for i := 0; i < 2; i++ {
		res, err := db.queryReadOnly(ctx, "SELECT nextval('s') AS v")
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, res.Rows[0][0])
	}
	if diff := cmp.Diff([]any{int64(1), int64(2)}, got); diff != "" {
		t.Errorf("nextval through rolled-back transactions (-want +got):\n%s", diff)
	}
	if _, err := db.QueryReadOnly(ctx, "SELECT nextval('s') AS v"); !errors.Is(err, ErrNotReadOnly) {
		t.Errorf("QueryReadOnly(nextval) = %v, want ErrNotReadOnly", err)
	}
}

// TestDuckDBAccessModeReadOnly proves the stronger option for DuckDB
// observation connections: a database file opened with
// ?access_mode=read_only refuses every write, whatever the statement.
func TestDuckDBAccessModeReadOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.duckdb")
	ctx := context.Background()
	rw, err := Open(ctx, Config{Name: "rw", Driver: "duckdb", DSN: path})
	if err != nil {
		t.Fatal(err)
	}
	createW(t, rw)
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := Open(ctx, Config{Name: "ro", Driver: "duckdb", DSN: path + "?access_mode=read_only"})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	for _, q := range []string{"INSERT INTO w VALUES (2)", "CREATE TABLE w2 (x INT)", "DROP TABLE w"} {
		err := ro.Exec(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("Exec(%q) on a read_only database = %v, want a read-only error", q, err)
		}
	}
	res, err := ro.QueryReadOnly(ctx, "SELECT count(*) AS n FROM w")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([][]any{{int64(1)}}, res.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// slowQueries run for longer than the tests allow them.
var slowQueries = map[testdb.Engine]string{
	// A cross join of 10^18 pairs with a filter nothing can push down.
	testdb.DuckDB:     "SELECT count(*) AS n FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = -1",
	testdb.Postgres:   "SELECT pg_sleep(30) AS s",
	testdb.MySQL:      "SELECT SLEEP(30) AS s",
	testdb.ClickHouse: "SELECT sleep(3) AS s", // 3 s is ClickHouse's maximum
}

func TestQueryReadOnlyTimeout(t *testing.T) {
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := openEngine(t, e, "slow", time.Second)
			start := time.Now()
			_, err := db.QueryReadOnly(context.Background(), slowQueries[e])
			took := time.Since(start)
			want := `query on connection "slow" timed out after 1s`
			if err == nil || err.Error() != want {
				t.Fatalf("err = %v, want %q", err, want)
			}
			var te *TimeoutError
			if !errors.As(err, &te) || !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("err %v is not a *TimeoutError matching context.DeadlineExceeded", err)
			}
			// That the query stopped at all is the test: each runs far
			// longer than the 1s allowed. How long stopping took depends
			// on the machine's load, so it is only logged.
			t.Logf("%s: timed out after %v", e, took)
			// The pool is still usable after an interrupted query (on
			// ClickHouse 18.16 too, thanks to SetMaxIdleConns(0)).
			if _, err := db.QueryReadOnly(context.Background(), "SELECT 1 AS one"); err != nil {
				t.Errorf("after the timeout: %v", err)
			}
		})
	}
}

// TestQueryReadOnlyCallerDeadline: when the caller's deadline comes before
// the connection's Timeout, the error reports the caller's.
func TestQueryReadOnlyCallerDeadline(t *testing.T) {
	for _, e := range []testdb.Engine{testdb.DuckDB, testdb.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			db := openEngine(t, e, "slow", time.Minute)
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			_, err := db.QueryReadOnly(ctx, slowQueries[e])
			// The call is allowed what is left of the caller's 500ms when
			// it starts, which depends on the machine's load: at most
			// 500ms, and never the connection's minute.
			var te *TimeoutError
			if !errors.As(err, &te) {
				t.Fatalf("err = %v, want a *TimeoutError", err)
			}
			if te.After > 500*time.Millisecond {
				t.Errorf("After = %v, want what was left of the caller's 500ms", te.After)
			}
			if want := fmt.Sprintf(`query on connection "slow" timed out after %s`, te.After); err.Error() != want {
				t.Errorf("err = %q, want %q", err, want)
			}
		})
	}
}

func TestQueryReadOnlyCancel(t *testing.T) {
	db := openEngine(t, testdb.DuckDB, "c", time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	_, err := db.QueryReadOnly(ctx, slowQueries[testdb.DuckDB])
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), `query on connection "c" cancelled`) {
		t.Errorf("err = %v, want a cancellation", err)
	}
}

func TestWithTx(t *testing.T) {
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := openEngine(t, e, "tx", 30*time.Second)
			createW(t, db)
			ctx := context.Background()
			boom := errors.New("boom")
			err := db.WithTx(ctx, func(tx *Tx) error {
				if err := tx.ExecBatch(insertW(db), [][]any{{int64(2)}, {int64(3)}}); err != nil {
					return err
				}
				return boom
			})
			if !errors.Is(err, boom) {
				t.Fatalf("WithTx = %v, want boom", err)
			}
			if n := countW(t, db); n != 1 {
				t.Errorf("after a rolled-back transaction w has %d rows, want 1", n)
			}
			err = db.WithTx(ctx, func(tx *Tx) error {
				return tx.ExecBatch(insertW(db), [][]any{{int64(2)}, {int64(3)}})
			})
			if err != nil {
				t.Fatal(err)
			}
			if n := countW(t, db); n != 3 {
				t.Errorf("after a committed transaction w has %d rows, want 3", n)
			}
		})
	}
}
