package testdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"github.com/duckdb/duckdb-go/v2"
)

// openDuckDBFile opens a DuckDB database file so that the database is
// open only while a connection is in use: each connection opens the file,
// and closing it (the pool keeps none idle) closes the database again.
//
// duckdb-go shares one database instance per file within a process and
// refuses a second opening with other settings, while the code under test
// opens event files read-only and locked down (see connect.Config). A
// test's own handle, held for the whole test, would otherwise make every
// such opening fail.
func openDuckDBFile(dsn string) *sql.DB {
	db := sql.OpenDB(fileConnector{dsn: dsn})
	db.SetMaxIdleConns(0)
	return db
}

type fileConnector struct{ dsn string }

// Connect opens the database and one connection on it.
func (c fileConnector) Connect(ctx context.Context) (driver.Conn, error) {
	dc, err := duckdb.NewConnector(c.dsn, nil)
	if err != nil {
		return nil, err
	}
	conn, err := dc.Connect(ctx)
	if err != nil {
		return nil, errors.Join(err, dc.Close())
	}
	return &fileConn{Conn: conn.(*duckdb.Conn), db: dc}, nil
}

// Driver is DuckDB's.
func (fileConnector) Driver() driver.Driver { return duckdb.Driver{} }

// fileConn is a DuckDB connection that closes its database with it.
type fileConn struct {
	*duckdb.Conn
	db *duckdb.Connector
}

// Close closes the connection, then the database.
func (c *fileConn) Close() error {
	return errors.Join(c.Conn.Close(), c.db.Close())
}

// duckDBConn returns the driver's own connection under dc, for APIs such
// as the appender that need it.
func duckDBConn(dc any) driver.Conn {
	if fc, ok := dc.(*fileConn); ok {
		return fc.Conn
	}
	return dc.(driver.Conn)
}
