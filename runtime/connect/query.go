package connect

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/duckdb/duckdb-go/v2"
)

// QueryReadOnly runs a user's raw SELECT and reads its whole result. The
// query must pass ValidateSelectFor the connection's dialect, and then
// runs where the engine itself refuses to write, so that a query the
// validation misjudges still cannot change data:
//
//   - postgres: in a READ ONLY transaction (sql.TxOptions{ReadOnly: true}),
//     rolled back afterwards;
//   - mysql/MariaDB: in START TRANSACTION READ ONLY, rolled back. That
//     refuses DML but not DDL (see ValidateSelectFor), so on these
//     connections the query must also parse with the TiDB (MySQL)
//     grammar, whose reading is then exact;
//   - clickhouse: with the readonly=2 setting sent with the query (see
//     clickHouseReadOnly for why not 1); ClickHouse has no transactions;
//   - duckdb: which has no read-only transactions (duckdb-go refuses
//     ReadOnly TxOptions), the query is first prepared alone through the
//     driver, which both refuses a text of several statements (without
//     running any, unlike PrepareContext, which runs all but the last) and
//     reports the statement type, which must be SELECT; it then runs in a
//     transaction that is always rolled back. (Rolling back does not undo
//     a sequence's nextval, which the validation refuses by name.) A
//     connection that should never write at all can also open its
//     database file with ?access_mode=read_only in the DSN, which DuckDB
//     enforces itself;
//   - bigquery: only after a dry run reports a SELECT (bigQueryReadOnly);
//   - snowflake: see snowflakeReadOnly.
//
// The query stops at ctx's deadline or after the connection's Timeout,
// whichever comes first, with a *TimeoutError (`query on connection "x"
// timed out after 2s`).
func (db *DB) QueryReadOnly(ctx context.Context, query string, args ...any) (*Result, error) {
	return db.queryChecked(ctx, query, true, args)
}

// queryReadOnly is QueryReadOnly without the validation: the engine-side
// protection alone, which tests exercise on queries that would not pass.
func (db *DB) queryReadOnly(ctx context.Context, query string, args ...any) (*Result, error) {
	return db.queryChecked(ctx, query, false, args)
}

// queryChecked starts the call's clock before validating, so the time the
// call is allowed, and the time a timeout reports, include the validation.
func (db *DB) queryChecked(ctx context.Context, query string, validate bool, args []any) (*Result, error) {
	cctx, cancel := db.begin(ctx)
	defer cancel()
	if validate {
		if err := ValidateSelectFor(db.dialect, query); err != nil {
			return nil, fmt.Errorf("connection %q: %w", db.cfg.Name, err)
		}
	}
	res, err := db.readOnly(cctx, query, args)
	return res, db.fail(ctx, cctx, "query", err)
}

// clickHouseReadOnly is the readonly setting of ClickHouse read-only
// queries. Measured on 18.16: under readonly=1 and readonly=2 alike,
// INSERT, CREATE TABLE and DROP TABLE are refused ("Cannot insert into
// table in readonly mode"), and under 2 a query cannot lower it (SETTINGS
// readonly = 0 is refused). 2 is chosen because 1 also refuses any
// setting the query changes itself (SELECT … SETTINGS max_threads = 1),
// and clickhouse-go adds max_execution_time to every query whose context
// has a deadline, which a server that checks client settings against
// readonly=1 could refuse.
const clickHouseReadOnly = 2

func (db *DB) readOnly(ctx context.Context, query string, args []any) (*Result, error) {
	switch db.driver {
	case "clickhouse":
		ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"readonly": clickHouseReadOnly}))
		rows, err := db.sql.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return ReadRows(rows)
	case "bigquery":
		return db.bigQueryReadOnly(ctx, query, args)
	case "snowflake":
		return db.snowflakeReadOnly(ctx, query, args)
	case "duckdb":
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer conn.Close()
		if err := duckDBCheckSelect(conn, query); err != nil {
			return nil, err
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		defer tx.Rollback() //nolint:errcheck // nothing to keep
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return ReadRows(rows)
	default:
		tx, err := db.sql.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer tx.Rollback() //nolint:errcheck // a read-only transaction has nothing to commit
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return nil, err
		}
		return ReadRows(rows)
	}
}

// errNotSelect is returned for a DuckDB statement whose type is not
// SELECT.
var errNotSelect = errors.New("not a SELECT statement")

// duckDBCheckSelect asks DuckDB itself what query is. The driver-level
// Prepare (not PrepareContext) is the one that refuses several
// statements instead of running all but the last.
func duckDBCheckSelect(conn *sql.Conn, query string) error {
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("duckdb: unexpected driver connection %T", dc)
		}
		st, err := c.Prepare(query)
		if err != nil {
			if strings.Contains(err.Error(), "disabled by configuration") {
				return fmt.Errorf("duckdb refused the query: %w (external access is disabled on this connection; add ?%s=true to its dsn to allow reading files and URLs)", err, ExternalAccessOption)
			}
			return fmt.Errorf("duckdb refused the query: %w", err)
		}
		defer st.Close()
		ds, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("duckdb: unexpected statement %T", st)
		}
		t, err := ds.StatementType()
		if err != nil {
			return err
		}
		if t != duckdb.STATEMENT_TYPE_SELECT {
			return fmt.Errorf("%w (duckdb statement type %d)", errNotSelect, t)
		}
		return nil
	})
}

// Query runs a trusted statement that returns rows, such as one of
// package dialects' SELECTs of the posterior table, and reads its whole
// result. It does not validate or restrict the query: raw user queries go
// through QueryReadOnly.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*Result, error) {
	cctx, cancel := db.begin(ctx)
	defer cancel()
	res, err := func() (*Result, error) {
		rows, err := db.sql.QueryContext(cctx, query, args...)
		if err != nil {
			return nil, err
		}
		return ReadRows(rows)
	}()
	return res, db.fail(ctx, cctx, "query", err)
}

// Exec runs a trusted statement that returns no rows, such as
// CreatePosteriorTable's.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	cctx, cancel := db.begin(ctx)
	defer cancel()
	_, err := db.sql.ExecContext(cctx, query, args...)
	return db.fail(ctx, cctx, "statement", err)
}

// Tx is a transaction opened by WithTx.
type Tx struct {
	db  *DB
	ctx context.Context // the bounded context of the whole transaction
	tx  *sql.Tx
}

// WithTx runs fn in one transaction, committed if fn returns nil and
// rolled back otherwise, so that either all its statements take effect or
// none. The connection's Timeout bounds the whole transaction.
//
// ClickHouse has no transactions: there, a Tx is clickhouse-go's batch,
// and fn may only call ExecBatch, once, with an INSERT; the rows are sent
// as one block at commit, which a MergeTree table stores whole or not at
// all.
func (db *DB) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	cctx, cancel := db.begin(ctx)
	defer cancel()
	err := func() error {
		stx, err := db.sql.BeginTx(cctx, nil)
		if err != nil {
			return err
		}
		if err := fn(&Tx{db: db, ctx: cctx, tx: stx}); err != nil {
			if rerr := stx.Rollback(); rerr != nil && !errors.Is(rerr, sql.ErrTxDone) && !errors.Is(rerr, driver.ErrBadConn) {
				return errors.Join(err, fmt.Errorf("rollback: %w", rerr))
			}
			return err
		}
		return stx.Commit()
	}()
	return db.fail(ctx, cctx, "transaction", err)
}

// Exec runs a statement that returns no rows in the transaction.
func (tx *Tx) Exec(query string, args ...any) error {
	_, err := tx.tx.ExecContext(tx.ctx, query, args...)
	return err
}

// ExecBatch runs one statement once per row of args, prepared once. On
// ClickHouse this is how a batch INSERT is built (see WithTx).
func (tx *Tx) ExecBatch(query string, rows [][]any) error {
	st, err := tx.tx.PrepareContext(tx.ctx, query)
	if err != nil {
		return err
	}
	for i, args := range rows {
		if _, err := st.ExecContext(tx.ctx, args...); err != nil {
			_ = st.Close()
			return fmt.Errorf("row %d of %d: %w", i+1, len(rows), err)
		}
	}
	return st.Close()
}

// Query runs a statement that returns rows in the transaction and reads
// its whole result.
func (tx *Tx) Query(query string, args ...any) (*Result, error) {
	rows, err := tx.tx.QueryContext(tx.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return ReadRows(rows)
}
