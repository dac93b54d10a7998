// Package connect opens the databases paramsql reads events from and
// writes posteriors to, one *sql.DB per configured connection, each paired
// with the dialect that writes its SQL.
//
// The package runs SQL; it never writes any. Statements come from package
// dialects or, for raw user queries, from the user, in which case they
// must pass ValidateSelect and run through QueryReadOnly.
//
// Every error it returns is stripped of the passwords and tokens of the
// connection's DSN, since errors end up in logs and in the posterior
// table's reason column.
package connect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	_ "github.com/duckdb/duckdb-go/v2" // database/sql driver "duckdb"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/paramsql/paramsql/dialects"
)

// Config describes one connection, as a project file names it.
type Config struct {
	// Name identifies the connection in errors and logs.
	Name string
	// Driver is the engine: duckdb (the default when empty), postgres,
	// clickhouse, mysql (also for MariaDB), bigquery, snowflake or
	// redshift. It is also the dialect.
	Driver string
	// DSN is the driver's data source name. For duckdb it is a database
	// file path (empty for a fresh in-memory database) with optional
	// ?key=value settings, e.g. access_mode=read_only. A DuckDB connection
	// opens with external access disabled (no reading of other files or
	// URLs, no extension loading) unless its DSN sets
	// enable_external_access itself.
	DSN string
	// ReadOnly says the connection is only read from. A DuckDB file then
	// opens with access_mode=read_only (unless the DSN sets access_mode),
	// which lets other readers open it too, and must exist.
	ReadOnly bool
	// MustExist refuses a DuckDB file that does not exist, instead of
	// creating it: set for the connections events are read from.
	MustExist bool
	// Timeout bounds each call (a query, a statement, a transaction), on
	// top of any deadline of the caller's context. Zero means no bound
	// beyond the context's.
	Timeout time.Duration
}

// DB is an open connection pool with its dialect. It is safe for
// concurrent use.
type DB struct {
	cfg     Config
	driver  string
	dialect dialects.Dialect
	sql     *sql.DB
	secrets []string // substrings that must never appear in an error
}

// driverAliases maps accepted Driver spellings to the engine name.
var driverAliases = map[string]string{
	"":           "duckdb",
	"duckdb":     "duckdb",
	"postgres":   "postgres",
	"postgresql": "postgres",
	"pgx":        "postgres",
	"clickhouse": "clickhouse",
	"mysql":      "mysql",
	"mariadb":    "mysql",
	"bigquery":   "bigquery",
	"snowflake":  "snowflake",
	"redshift":   "redshift",
}

// DialectOf returns the dialect name of a Config.Driver spelling (postgres
// for "pgx", mysql for "mariadb", duckdb for ""), so a project can be
// checked without connecting. An unknown driver is returned lower-cased,
// for dialects.Get to refuse with its list of names.
func DialectOf(driver string) string {
	if engine, ok := driverAliases[strings.ToLower(driver)]; ok {
		return engine
	}
	return strings.ToLower(driver)
}

// Open opens the connection that cfg describes and pings it, within ctx
// and cfg.Timeout, so a wrong address or password fails here rather than
// in the middle of a run.
//
// Per engine:
//   - duckdb uses github.com/duckdb/duckdb-go/v2;
//   - postgres uses pgx through database/sql (driver "pgx"); the session
//     time zone defaults to UTC;
//   - clickhouse uses clickhouse-go/v2 over the native protocol, keeping no
//     idle connections: on the 18.16 server a pooled connection is broken
//     after a server error (the next query fails with "Unexpected packet
//     Data received from client");
//   - mysql uses go-sql-driver/mysql with parseTime=true and loc=UTC forced,
//     so DATETIME columns read back as UTC time.Time, multiStatements
//     forced off, and the session time zone defaulting to UTC;
//   - bigquery, snowflake and redshift: see openBigQuery, openSnowflake
//     and openRedshift.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	engine := DialectOf(cfg.Driver)
	if _, ok := driverAliases[strings.ToLower(cfg.Driver)]; !ok {
		return nil, fmt.Errorf("connection %q: unknown driver %q (want duckdb, postgres, clickhouse, mysql, bigquery, snowflake or redshift)", cfg.Name, cfg.Driver)
	}
	d, err := dialects.Get(engine)
	if err != nil {
		return nil, fmt.Errorf("connection %q: %w", cfg.Name, err)
	}
	db := &DB{cfg: cfg, driver: engine, dialect: d, secrets: dsnSecrets(engine, cfg.DSN)}
	dsn := cfg.DSN
	if engine == "duckdb" {
		if dsn, err = duckDBDSN(cfg); err != nil {
			return nil, db.wrap(fmt.Errorf("connection %q: %w", cfg.Name, err))
		}
	}
	if db.sql, err = openSQL(engine, dsn); err != nil {
		return nil, db.wrap(fmt.Errorf("connection %q: open %s: %w", cfg.Name, engine, err))
	}
	pctx, cancel := db.begin(ctx)
	defer cancel()
	if err := db.sql.PingContext(pctx); err != nil {
		_ = db.sql.Close()
		return nil, db.fail(ctx, pctx, "connect", fmt.Errorf("connection %q: connect to %s: %w", cfg.Name, engine, err))
	}
	return db, nil
}

func openSQL(engine, dsn string) (*sql.DB, error) {
	switch engine {
	case "duckdb":
		return sql.Open("duckdb", dsn)
	case "postgres":
		pc, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, err
		}
		if _, ok := pc.RuntimeParams["timezone"]; !ok {
			pc.RuntimeParams["timezone"] = "UTC"
		}
		return stdlib.OpenDB(*pc), nil
	case "clickhouse":
		opts, err := clickhouse.ParseDSN(dsn)
		if err != nil {
			return nil, err
		}
		db := clickhouse.OpenDB(opts)
		db.SetMaxIdleConns(0)
		return db, nil
	case "mysql":
		mc, err := mysql.ParseDSN(dsn)
		if err != nil {
			return nil, err
		}
		mc.ParseTime = true
		mc.Loc = time.UTC
		mc.MultiStatements = false
		if mc.Params == nil {
			mc.Params = map[string]string{}
		}
		if _, ok := mc.Params["time_zone"]; !ok {
			mc.Params["time_zone"] = "'+00:00'"
		}
		conn, err := mysql.NewConnector(mc)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(conn), nil
	case "bigquery":
		// Google's clients keep the context they are made with for
		// their credentials, so it must outlive Open's.
		return openBigQuery(context.Background(), dsn)
	case "snowflake":
		return openSnowflake(dsn)
	case "redshift":
		return openRedshift(dsn)
	}
	return nil, fmt.Errorf("unknown driver %q", engine)
}

// Dialect returns the dialect that writes SQL for this connection.
func (db *DB) Dialect() dialects.Dialect { return db.dialect }

// Driver returns the engine name: duckdb, postgres, clickhouse, mysql,
// bigquery, snowflake or redshift.
func (db *DB) Driver() string { return db.driver }

// Name returns the connection's configured name.
func (db *DB) Name() string { return db.cfg.Name }

// Close closes the pool.
func (db *DB) Close() error { return db.wrap(db.sql.Close()) }

// bound derives the context of one call: ctx, further limited by
// cfg.Timeout.
func (db *DB) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if d := db.timeout(ctx); d > 0 {
		return context.WithTimeout(ctx, d)
	}
	return context.WithCancel(ctx)
}

// callTimeoutKey holds a timeout given with WithTimeout.
type callTimeoutKey struct{}

// WithTimeout asks that calls made with ctx take at most d, as a
// configured timeout such as observation_source.timeout: unlike a
// deadline set by the caller, it is reported as given ("after 1s"), since
// the connection starts the clock itself when the call begins.
func WithTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, callTimeoutKey{}, d)
}

// timeout is the bound of a call: the shorter of the connection's Timeout
// and one given with WithTimeout.
func (db *DB) timeout(ctx context.Context) time.Duration {
	d := db.cfg.Timeout
	if t, ok := ctx.Value(callTimeoutKey{}).(time.Duration); ok && t > 0 && (d <= 0 || t < d) {
		d = t
	}
	return d
}

// TimeoutError reports a call that ran out of time. It matches
// context.DeadlineExceeded under errors.Is.
type TimeoutError struct {
	// Op is what timed out: "query", "statement", "transaction" or
	// "connect".
	Op string
	// Conn is the connection's name.
	Conn string
	// After is the time the call was allowed: cfg.Timeout, or what was
	// left of the caller's deadline if that came first.
	After time.Duration
}

// Error gives the connection and the time allowed, which is what a user
// needs to decide between a faster query and a larger timeout.
func (e *TimeoutError) Error() string {
	return fmt.Sprintf("%s on connection %q timed out after %s", e.Op, e.Conn, e.After)
}

// Is makes errors.Is(err, context.DeadlineExceeded) hold.
func (e *TimeoutError) Is(target error) bool { return target == context.DeadlineExceeded }

// fail turns err from a call made under cctx (derived by bound from ctx)
// into the error to return: a *TimeoutError if the call ran out of time,
// a cancellation error if the caller cancelled it, else err, redacted.
// A driver reports an interrupted call in its own words ("canceling
// statement due to user request", "INTERRUPT Error"), so the context is
// the reliable witness.
func (db *DB) fail(ctx, cctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(cctx.Err(), context.DeadlineExceeded) || pastDeadline(cctx) {
		return &TimeoutError{Op: op, Conn: db.cfg.Name, After: db.allowed(ctx, cctx)}
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return fmt.Errorf("%s on connection %q cancelled: %w", op, db.cfg.Name, context.Canceled)
	}
	return db.wrap(err)
}

// pastDeadline tells whether cctx's deadline has passed even if its timer
// has not fired yet: clickhouse-go sets the socket's read deadline to the
// context's, so its i/o timeout can arrive a moment before cctx.Err() is
// set (seen on 18.16 in CI runs).
func pastDeadline(cctx context.Context) bool {
	dl, ok := cctx.Deadline()
	return ok && !time.Now().Before(dl)
}

// allowed reconstructs how long a timed-out call was given: its own bound
// (see timeout), unless the caller's deadline came first, in which case
// what was left of it when the call started.
func (db *DB) allowed(ctx, cctx context.Context) time.Duration {
	own := db.timeout(ctx)
	start, ok := cctx.Value(startKey{}).(time.Time)
	if !ok {
		return own
	}
	if pd, ok := ctx.Deadline(); ok && (own <= 0 || !pd.After(start.Add(own))) {
		return pd.Sub(start).Round(time.Millisecond)
	}
	return own
}

// startKey holds the start time of a call in its context, so a timeout
// that came from the caller's deadline can be reported in the caller's
// terms.
type startKey struct{}

// begin starts a call: it bounds ctx and remembers when the call started.
func (db *DB) begin(ctx context.Context) (context.Context, context.CancelFunc) {
	cctx, cancel := db.bound(context.WithValue(ctx, startKey{}, time.Now()))
	return cctx, cancel
}

// redactedText replaces secrets in error text.
const redactedText = "xxxxx"

// dsnSecrets returns the passwords and tokens that dsn holds, in every
// spelling an error might repeat them (raw and URL-escaped), longest
// first so a secret containing another is replaced whole.
func dsnSecrets(engine, dsn string) []string {
	var raw []string
	add := func(s string) {
		if s != "" {
			raw = append(raw, s)
		}
	}
	switch engine {
	case "postgres", "redshift":
		if pc, err := pgx.ParseConfig(dsn); err == nil {
			add(pc.Password)
		}
	case "mysql":
		if mc, err := mysql.ParseDSN(dsn); err == nil {
			add(mc.Passwd)
		}
	case "clickhouse":
		if o, err := clickhouse.ParseDSN(dsn); err == nil {
			add(o.Auth.Password)
		}
	case "snowflake":
		for _, s := range snowflakeSecrets(dsn) {
			add(s)
		}
	}
	// Whatever the driver: URL userinfo, and query or key=value options
	// whose name says secret. This also covers DSNs the driver's own
	// parser rejected, which still end up in error messages.
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		p, _ := u.User.Password()
		add(p)
	}
	query := dsn
	if i := strings.IndexByte(dsn, '?'); i >= 0 {
		query = dsn[i+1:]
	}
	for _, field := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ' ' || r == ';' }) {
		k, v, ok := strings.Cut(field, "=")
		if !ok || !secretKey(k) {
			continue
		}
		add(strings.Trim(v, `'"`))
		if uv, err := url.QueryUnescape(v); err == nil {
			add(uv)
		}
	}
	// MySQL form user:password@tcp(…)/db when the driver did not parse it.
	if at := strings.LastIndex(dsn, "@"); at > 0 && !strings.Contains(dsn, "://") {
		if _, p, ok := strings.Cut(dsn[:at], ":"); ok {
			add(p)
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, s := range raw {
		for _, v := range []string{s, url.QueryEscape(s), url.PathEscape(s)} {
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
	}
	// Longest first.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && len(out[j]) > len(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func secretKey(k string) bool {
	k = strings.ToLower(strings.TrimSpace(k))
	for _, s := range []string{"password", "passwd", "pwd", "secret", "token", "api_key", "apikey"} {
		if strings.Contains(k, s) {
			return true
		}
	}
	return k == "pass"
}

// redactedError is an error whose text had secrets removed. It does not
// unwrap to the original, whose text still holds them, but it answers
// errors.Is for it, so callers can still test for sentinel errors.
type redactedError struct {
	msg   string
	cause error
}

// Error is the redacted text.
func (e *redactedError) Error() string { return e.msg }

// Is answers for the original error, whose text is not exposed.
func (e *redactedError) Is(target error) bool { return errors.Is(e.cause, target) }

// wrap redacts err. An error without secrets is returned as it is, so
// errors.As still reaches driver errors.
func (db *DB) wrap(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := msg
	for _, s := range db.secrets {
		red = strings.ReplaceAll(red, s, redactedText)
	}
	if red == msg {
		return err
	}
	return &redactedError{msg: red, cause: err}
}
