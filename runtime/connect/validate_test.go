package connect

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/dialects"

	_ "github.com/paramsql/paramsql/internal/golden" // registers -update for this test binary
)

func TestValidateSelectAccepts(t *testing.T) {
	for _, q := range []string{
		"SELECT 1",
		"select count(*) from events where event_type = 'signup'",
		"  \n-- leading comment\nSELECT 1 /* trailing */",
		"(SELECT 1) UNION ALL (SELECT 2)",
		"WITH a AS (SELECT 1 AS x) SELECT x FROM a",
		"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r",
		// PostgreSQL and DuckDB syntax that TiDB does not parse.
		"SELECT x::int, count(*) FILTER (WHERE y) FROM t GROUP BY 1",
		"SELECT now() - INTERVAL '7 days'",
		// Keywords inside strings, quoted names and comments.
		"SELECT 'DROP TABLE x; DELETE' AS s",
		`SELECT "update", "insert" FROM t`,
		"SELECT 1 -- ; DROP TABLE x",
		"SELECT 1 /* ; INSERT INTO x */",
		"SELECT 'it''s; fine'",
		"SELECT updated_at, inserted, deleted_flag FROM t",
		"SELECT replace(name, 'a', 'b') FROM t",
		"SELECT :a, ? FROM t", // parameters are fine
		"SELECT countIf(x = 1) FROM t",
		"SELECT date_trunc('week', ts) FOR_x FROM t",
	} {
		if err := ValidateSelect(q); err != nil {
			t.Errorf("ValidateSelect(%q) = %v, want nil", q, err)
		}
	}
}

func TestValidateSelectRejects(t *testing.T) {
	tests := []struct {
		query string
		want  string // a substring of the error
	}{
		{"", "empty"},
		{"  -- only a comment", "no statement"},
		{"SELECT 1; DROP TABLE x", "2 statements"},
		{"SELECT 1;", "remove the ';'"},
		{"SELECT 1; -- trailing", "remove the ';'"},
		{"SELECT 1 /* ; */ ; DROP TABLE x", "2 statements"},
		{"DROP TABLE x", "not a SELECT"},
		{"INSERT INTO t VALUES (1)", "not a SELECT"},
		{"UPDATE t SET x = 1", "not a SELECT"},
		{"DELETE FROM t", "not a SELECT"},
		{"CREATE TABLE t AS SELECT 1", "not a SELECT"},
		{"TABLE t", "TABLE statement is not a SELECT"},
		{"VALUES ROW(1)", "not a SELECT"},
		{"EXPLAIN SELECT 1", "not a SELECT"},
		{"SET x = 1", "not a SELECT"},
		{"COPY t TO '/tmp/x'", "must start with SELECT or WITH"},
		{"ATTACH 'x.db'", "must start with SELECT or WITH"},
		{"PRAGMA threads = 1", "must start with SELECT or WITH"},
		{"FROM t SELECT x", "must start with SELECT or WITH"},
		{"'x'", "must start with SELECT or WITH"},
		// Data-modifying CTEs (PostgreSQL), which TiDB does not parse.
		{"WITH x AS (DELETE FROM t RETURNING *) SELECT * FROM x", "DELETE is not allowed"},
		{"WITH x AS (INSERT INTO t VALUES (1) RETURNING id) SELECT id FROM x", "INSERT is not allowed"},
		{"WITH x AS (UPDATE t SET a = 1 RETURNING a) SELECT a FROM x", "UPDATE is not allowed"},
		// SELECT … INTO and locking reads, found by TiDB in subqueries too.
		{"SELECT * FROM t INTO OUTFILE '/tmp/x'", "INTO writes"},
		{"SELECT * INTO OUTFILE '/tmp/x' FROM t", "INTO is not allowed"}, // TiDB cannot parse this order
		{"SELECT 1 INTO @v", "INTO is not allowed"},
		{"SELECT * FROM t FOR UPDATE", "locking read"},
		{"SELECT * FROM (SELECT * FROM t FOR UPDATE) s", "locking read"},
		{"WITH c AS (SELECT * FROM t LOCK IN SHARE MODE) SELECT * FROM c", "locking read"},
		{"SELECT * FROM t FOR SHARE", "locking read"},
		// PostgreSQL SELECT INTO creates a table; the :: makes TiDB fail.
		{"SELECT 1::int AS x INTO new_table", "INTO is not allowed"},
		{"SELECT * FROM t FOR NO KEY UPDATE", "locking read"},
		{"SELECT x::int FROM t FOR KEY SHARE", "locking read (FOR KEY)"},
		// Comments and strings that hide or reveal a ';' depending on
		// the engine: refused if any engine would see two statements.
		{`SELECT 'a\'; DROP TABLE x; --'`, "statements"}, // PostgreSQL: the string ends at \'
		{"SELECT 1 # ; DROP TABLE x", "statements"},      // # is a comment in MySQL only
		{"SELECT 1 --; DROP TABLE x", "';'"},             // MySQL: -- without space is no comment
		{"SELECT /* /* */ ; DROP TABLE x */ 1", "';'"},   // nested in PostgreSQL, not in MySQL
		{"SELECT $$ ; DROP TABLE x $$", "';'"},           // a string in PostgreSQL only
		{"SELECT /*! ; DROP TABLE x */ 1", "';'"},        // MySQL runs /*! … */
		{"SELECT \"a\\\"; DROP TABLE x; --\"", "';'"},    // ClickHouse: \" escapes in names
		// Unterminated text.
		{"SELECT 'abc", "unterminated string"},
		{"SELECT 1 /* no end", "unterminated block comment"},
		// Keywords as unquoted names are refused: quote them.
		{"SELECT load FROM servers", "quote a column"},
		{"SELECT nextval('s')", "NEXTVAL is not allowed"},
		// Backticks quote nothing in PostgreSQL, where this would be the
		// keyword, so the check refuses it too.
		{"SELECT `delete` FROM t", "DELETE is not allowed"},
		{"SELECT x FROM t WHERE y IN (SELECT 1) UNION SELECT 1 RETURNING x", "RETURNING"},
	}
	for _, tc := range tests {
		err := ValidateSelect(tc.query)
		if err == nil {
			t.Errorf("ValidateSelect(%q) = nil, want an error containing %q", tc.query, tc.want)
			continue
		}
		if !errors.Is(err, ErrNotReadOnly) {
			t.Errorf("ValidateSelect(%q) = %v, which does not wrap ErrNotReadOnly", tc.query, err)
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ValidateSelect(%q) = %v, want it to mention %q", tc.query, err, tc.want)
		}
	}
}

func TestValidateSelectFor(t *testing.T) {
	tests := []struct {
		dialect, query string
		want           string // "" for accepted, else part of the error
	}{
		// A literal that only another engine misreads is fine.
		{"postgres", `SELECT 'a\' AS s, x::int FROM t`, ""},
		{"duckdb", `SELECT 'a\' AS s`, ""},
		{"mysql", `SELECT 'a\'' AS s`, ""},
		{"clickhouse", `SELECT 'a\'; b' AS s`, ""},
		{"mysql", "SELECT `delete` FROM t", ""}, // backticks quote in MySQL
		// Under the engine's own reading these hide a second statement.
		{"postgres", `SELECT 'a\'; DROP TABLE x; --'`, "statements"},
		{"mysql", "SELECT 1 # x\n; DROP TABLE x", "statements"},
		{"postgres", "SELECT `delete` FROM t", "DELETE is not allowed"},
		// MySQL connections require the MySQL grammar.
		{"mysql", "SELECT x::int FROM t", "MySQL grammar cannot read it"},
		{"mysql", "SELECT `x` FROM t WHERE y = ?", ""},
		{"mysql", "WITH a AS (SELECT 1) SELECT * FROM a", ""},
	}
	for _, tc := range tests {
		d, err := dialects.Get(tc.dialect)
		if err != nil {
			t.Fatal(err)
		}
		err = ValidateSelectFor(d, tc.query)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: ValidateSelectFor(%q) = %v, want nil", tc.dialect, tc.query, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, ErrNotReadOnly)):
			t.Errorf("%s: ValidateSelectFor(%q) = %v, want an ErrNotReadOnly mentioning %q", tc.dialect, tc.query, err, tc.want)
		}
	}
}

// TestValidateSelectForCompiledSQL runs every golden statement of package
// dialects through its own dialect's check: the runtime runs compiled SQL
// through QueryReadOnly too, so none may be refused.
func TestValidateSelectForCompiledSQL(t *testing.T) {
	files, err := filepath.Glob("../../testdata/golden/*/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden SQL found under testdata/golden: %v", err)
	}
	n := 0
	for _, f := range files {
		d, err := dialects.Get(strings.TrimSuffix(filepath.Base(f), ".sql"))
		if err != nil {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range strings.Split(string(src), ";\n") {
			if q = strings.TrimSpace(q); q == "" {
				continue
			}
			n++
			if err := ValidateSelectFor(d, q); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
	t.Logf("%d compiled statements accepted", n)
}
