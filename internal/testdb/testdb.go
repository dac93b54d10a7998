// Package testdb gives integration tests real databases: a fresh in-memory
// DuckDB, and isolated namespaces on the PostgreSQL, ClickHouse and MariaDB
// (MySQL dialect) servers that scripts/testenv.sh starts.
//
// The servers are found through environment variables (see EnvVar), which
// scripts/with-servers.sh and `make test` set. When a variable is missing
// the test is skipped, except when CI=true: then it fails, so that no
// integration test silently skips in CI.
//
// Every call to Open, DSN or Namespace creates its own schema (PostgreSQL)
// or database (ClickHouse, MySQL), named t_<random hex>, and drops it when
// the test ends, so tests may run in parallel and may use fixed table names.
//
// ClickHouse: the test server is 18.16, and clickhouse-go/v2 (v2.51, native
// protocol) has two problems with it that code opening its own connections
// must avoid too:
//
//   - After a syntax error, the connection is left out of step (the server
//     stopped reading before the client's trailing empty Data block), so the
//     next query on it fails with "Unexpected packet Data received from
//     client". Every *sql.DB this package opens for ClickHouse keeps no idle
//     connections (SetMaxIdleConns(0)), so no connection is reused.
//   - db.Exec("INSERT INTO t VALUES (...)") never returns: the 18.16 server
//     waits for data blocks the driver never sends. Insert through a batch
//     (tx.Prepare("INSERT INTO t") and stmt.Exec per row, then tx.Commit,
//     as LoadEvents does) or with INSERT ... SELECT. The pools this package
//     opens return ErrClickHouseInsertValues instead of hanging.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // database/sql driver "duckdb"
	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// Engine names a database engine the tests can run against.
type Engine string

// The engines. The string values double as the names of the dialects.
const (
	// DuckDB is embedded: it needs no server and never skips.
	DuckDB Engine = "duckdb"
	// Postgres is PostgreSQL 15, through pgx's database/sql driver "pgx".
	Postgres Engine = "postgres"
	// ClickHouse is ClickHouse 18.16 over the native protocol, through
	// clickhouse-go/v2.
	ClickHouse Engine = "clickhouse"
	// MySQL is MariaDB 10.11, through go-sql-driver/mysql.
	MySQL Engine = "mysql"
)

// Engines lists every engine, embedded first, for table-driven tests.
var Engines = []Engine{DuckDB, Postgres, ClickHouse, MySQL}

// The environment variables that hold each server's DSN. scripts/testenv.sh
// writes them to DIR/env.
const (
	// EnvPostgres holds a pgx URL, e.g.
	// postgres://postgres@127.0.0.1:PORT/paramsql_test?sslmode=disable.
	EnvPostgres = "PARAMSQL_TEST_POSTGRES_DSN"
	// EnvClickHouse holds a clickhouse-go/v2 DSN, e.g.
	// clickhouse://127.0.0.1:PORT/default.
	EnvClickHouse = "PARAMSQL_TEST_CLICKHOUSE_DSN"
	// EnvMySQL holds a go-sql-driver/mysql DSN, e.g.
	// root@tcp(127.0.0.1:PORT)/paramsql_test?parseTime=true&loc=UTC.
	EnvMySQL = "PARAMSQL_TEST_MYSQL_DSN"
)

// EnvVar returns the environment variable holding e's server DSN, or "" for
// DuckDB, which needs none.
func (e Engine) EnvVar() string {
	switch e {
	case Postgres:
		return EnvPostgres
	case ClickHouse:
		return EnvClickHouse
	case MySQL:
		return EnvMySQL
	}
	return ""
}

// DriverName returns the database/sql driver name used for e.
func (e Engine) DriverName() string {
	switch e {
	case DuckDB:
		return "duckdb"
	case Postgres:
		return "pgx"
	case ClickHouse:
		return "clickhouse"
	case MySQL:
		return "mysql"
	}
	return ""
}

// InCI reports whether the environment variable CI is set to a true value
// (CI=true), in which case a missing server fails the test instead of
// skipping it.
func InCI() bool {
	v, err := strconv.ParseBool(os.Getenv("CI"))
	return err == nil && v
}

// Available reports whether e can be used: DuckDB always, a server when its
// DSN environment variable is set.
func Available(e Engine) bool {
	return e == DuckDB || os.Getenv(e.EnvVar()) != ""
}

// ServerDSN returns the DSN of e's server (its shared database, not an
// isolated namespace), skipping the test when the variable is missing, or
// failing it when CI=true. It returns "" for DuckDB.
func ServerDSN(t testing.TB, e Engine) string {
	t.Helper()
	if e == DuckDB {
		return ""
	}
	if e.EnvVar() == "" {
		t.Fatalf("testdb: unknown engine %q", e)
	}
	dsn := os.Getenv(e.EnvVar())
	if dsn == "" {
		msg := fmt.Sprintf("testdb: %s is not set, so there is no %s server "+
			"(run the tests through `make test` or scripts/with-servers.sh)", e.EnvVar(), e)
		if InCI() {
			t.Fatal(msg + "; CI=true: integration tests must not skip")
		}
		t.Skip(msg)
	}
	return dsn
}

// OpenDSN opens a *sql.DB for e from a DSN, configured the way this package
// needs. For ClickHouse it keeps no idle connections, because a pooled
// connection to the 18.16 server is unusable after a server error, and it
// refuses INSERT ... VALUES sent as a plain query (Exec/Query), which hangs
// against 18.16, with an error naming the alternatives (see
// ErrClickHouseInsertValues). It does not ping. For DuckDB an empty DSN is a fresh in-memory database and a
// path is a database file.
func OpenDSN(e Engine, dsn string) (*sql.DB, error) {
	switch e {
	case DuckDB:
		if dsn != "" {
			return openDuckDBFile(dsn), nil
		}
		return sql.Open(e.DriverName(), dsn)
	case Postgres, MySQL:
		return sql.Open(e.DriverName(), dsn)
	case ClickHouse:
		return openClickHouse(dsn)
	}
	return nil, fmt.Errorf("testdb: unknown engine %q", e)
}

// Open returns a database for one test. DuckDB: a fresh in-memory database.
// Servers: a connection pool whose default schema (PostgreSQL) or database
// (ClickHouse, MySQL) is a fresh one dropped when the test ends, so
// unqualified table names are private to the call. The pool is closed when
// the test ends. Without the server it skips (fails when CI=true).
func Open(t testing.TB, e Engine) *sql.DB {
	t.Helper()
	if e == DuckDB {
		db, err := OpenDSN(DuckDB, "")
		if err != nil {
			t.Fatalf("testdb: open duckdb: %v", err)
		}
		t.Cleanup(func() { _ = db.Close() })
		ping(t, e, db)
		return db
	}
	db, _ := Namespace(t, e)
	return db
}

// DSN returns the DSN of a fresh isolated namespace, for code under test
// that opens its own connections. DuckDB: the path of a new database file
// in t.TempDir(). Servers: the server DSN with its default schema or
// database replaced by a fresh one, dropped when the test ends. To get a
// *sql.DB on the same namespace as well, use Namespace.
func DSN(t testing.TB, e Engine) string {
	t.Helper()
	return newNamespace(t, e)
}

// Namespace creates one isolated namespace, as DSN does, and returns both a
// *sql.DB on it (closed when the test ends) and its DSN, so a test can load
// data with the one and hand the other to the code under test. For DuckDB
// the namespace is a database file, which the returned handle opens only
// while it runs a statement (see openDuckDBFile), so the code under test
// can open it with settings of its own.
func Namespace(t testing.TB, e Engine) (db *sql.DB, dsn string) {
	t.Helper()
	dsn = newNamespace(t, e)
	db, err := OpenDSN(e, dsn)
	if err != nil {
		t.Fatalf("testdb: open %s: %v", e, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	ping(t, e, db)
	return db, dsn
}

func ping(t testing.TB, e Engine, db *sql.DB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		t.Fatalf("testdb: ping %s: %v", e, err)
	}
}

// admin holds one shared pool per server, used to create and drop
// namespaces. They live as long as the test binary.
var admin struct {
	sync.Mutex
	dbs map[string]*sql.DB // by server DSN
}

func adminDB(t testing.TB, e Engine, dsn string) *sql.DB {
	t.Helper()
	admin.Lock()
	defer admin.Unlock()
	key := string(e) + "\x00" + dsn
	if db := admin.dbs[key]; db != nil {
		return db
	}
	openDSN := dsn
	if e == MySQL {
		// Never wait long for a metadata lock when dropping a namespace.
		cfg, err := mysql.ParseDSN(dsn)
		if err != nil {
			t.Fatalf("testdb: %s: %v", EnvMySQL, err)
		}
		if cfg.Params == nil {
			cfg.Params = map[string]string{}
		}
		cfg.Params["lock_wait_timeout"] = "20"
		openDSN = cfg.FormatDSN()
	}
	db, err := OpenDSN(e, openDSN)
	if err != nil {
		t.Fatalf("testdb: open %s server (%s): %v", e, e.EnvVar(), err)
	}
	db.SetMaxOpenConns(4)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		t.Fatalf("testdb: cannot reach the %s server from %s: %v", e, e.EnvVar(), err)
	}
	if admin.dbs == nil {
		admin.dbs = map[string]*sql.DB{}
	}
	admin.dbs[key] = db
	return db
}

// newName returns a fresh namespace name: t_ and 16 random hex digits.
func newName() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	return "t_" + hex.EncodeToString(b[:])
}

// newNamespace creates a schema or database, registers its removal, and
// returns a DSN whose default namespace it is.
func newNamespace(t testing.TB, e Engine) string {
	t.Helper()
	if e == DuckDB {
		return filepath.Join(t.TempDir(), "test.duckdb")
	}
	base := ServerDSN(t, e)
	adm := adminDB(t, e, base)
	name := newName()
	var create, drop, dsn string
	switch e {
	case Postgres:
		create = "CREATE SCHEMA " + name
		drop = "DROP SCHEMA IF EXISTS " + name + " CASCADE"
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			t.Fatalf("testdb: %s must be a postgres:// URL, got %q (%v)", EnvPostgres, base, err)
		}
		q := u.Query()
		q.Set("search_path", name) // pgx sends unknown parameters as run-time settings
		q.Set("timezone", "UTC")
		u.RawQuery = q.Encode()
		dsn = u.String()
	case MySQL:
		create = "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"
		drop = "DROP DATABASE IF EXISTS " + name
		cfg, err := mysql.ParseDSN(base)
		if err != nil {
			t.Fatalf("testdb: %s: %v", EnvMySQL, err)
		}
		cfg.DBName = name
		dsn = cfg.FormatDSN()
	case ClickHouse:
		create = "CREATE DATABASE " + name
		drop = "DROP DATABASE IF EXISTS " + name
		u, err := url.Parse(base)
		if err != nil || u.Scheme != "clickhouse" {
			t.Fatalf("testdb: %s must be a clickhouse:// URL, got %q (%v)", EnvClickHouse, base, err)
		}
		u.Path = "/" + name
		dsn = u.String()
	default:
		t.Fatalf("testdb: unknown engine %q", e)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := adm.ExecContext(ctx, create); err != nil {
		t.Fatalf("testdb: %s: %s: %v", e, create, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := adm.ExecContext(ctx, drop); err != nil {
			// A leftover namespace on a throwaway server is harmless.
			t.Logf("testdb: %s: %s: %v", e, drop, err)
		}
	})
	return dsn
}
