package connect

import (
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// openRedshift opens a Redshift cluster or workgroup. Redshift speaks the
// PostgreSQL wire protocol, so this is pgx, as for postgres; the driver
// name of its own is what selects the redshift dialect (DATEADD, no
// FILTER clause, …), so users need not know about the protocol. The
// session time zone defaults to UTC, as on postgres. The DSN is pgx's:
// postgres://user:password@cluster.region.redshift.amazonaws.com:5439/db.
func openRedshift(dsn string) (*sql.DB, error) {
	pc, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	if _, ok := pc.RuntimeParams["timezone"]; !ok {
		pc.RuntimeParams["timezone"] = "UTC"
	}
	return stdlib.OpenDB(*pc), nil
}
