package testdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// ErrClickHouseInsertValues is returned by ClickHouse pools from this
// package for INSERT ... VALUES (or INSERT ... FORMAT) sent through Exec or
// Query: against ClickHouse 18.16, clickhouse-go/v2 waits forever for such a
// query, because the server expects the rows as data blocks. Insert through
// a batch instead — tx.Prepare("INSERT INTO t"), stmt.Exec per row,
// tx.Commit (LoadEvents does this) — or with INSERT ... SELECT.
var ErrClickHouseInsertValues = errors.New("testdb: INSERT ... VALUES through Exec/Query hangs on ClickHouse 18.16 " +
	"with clickhouse-go/v2; use a batch (tx.Prepare(\"INSERT INTO t\"), stmt.Exec per row, tx.Commit) or INSERT ... SELECT")

// insertValuesRE matches INSERT INTO t [(cols)] VALUES|FORMAT, after leading
// comments have been removed.
var insertValuesRE = regexp.MustCompile("(?is)^insert\\s+into\\s+(?:table\\s+)?[\\w.`\"]+\\s*(?:\\([^)]*\\))?\\s*(?:values|format)\\b")

func isInsertValues(query string) bool {
	return insertValuesRE.MatchString(stripLeadingComments(query))
}

func stripLeadingComments(q string) string {
	for {
		q = strings.TrimSpace(q)
		switch {
		case strings.HasPrefix(q, "--"):
			i := strings.IndexByte(q, '\n')
			if i < 0 {
				return ""
			}
			q = q[i+1:]
		case strings.HasPrefix(q, "/*"):
			i := strings.Index(q, "*/")
			if i < 0 {
				return ""
			}
			q = q[i+2:]
		default:
			return q
		}
	}
}

func openClickHouse(dsn string) (*sql.DB, error) {
	opts, err := clickhouse.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("testdb: clickhouse DSN: %w", err)
	}
	db := sql.OpenDB(guardedConnector{clickhouse.Connector(opts)})
	// A pooled connection is broken after a syntax error on 18.16: never
	// reuse one.
	db.SetMaxIdleConns(0)
	return db, nil
}

// chConn is the set of interfaces clickhouse-go's database/sql connection
// implements; the wrapper keeps all of them.
type chConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.NamedValueChecker
	driver.Pinger
	driver.SessionResetter
}

type guardedConnector struct{ driver.Connector }

func (g guardedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := g.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	if cc, ok := c.(chConn); ok {
		return guardedConn{cc}, nil
	}
	return c, nil
}

type guardedConn struct{ chConn }

func (c guardedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if isInsertValues(query) {
		return nil, ErrClickHouseInsertValues
	}
	return c.chConn.ExecContext(ctx, query, args)
}

func (c guardedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if isInsertValues(query) {
		return nil, ErrClickHouseInsertValues
	}
	return c.chConn.QueryContext(ctx, query, args)
}
