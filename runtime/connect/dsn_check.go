package connect

import (
	"fmt"
	"net"
	"strconv"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
)

// CheckDSN reads a connection's DSN as its driver will, without
// connecting, so that a malformed one (a port that is not a number, or
// out of range) is reported by validate rather than by the first run.
// The error holds no secret of the DSN.
func CheckDSN(driver, dsn string) error {
	engine := DialectOf(driver)
	db := &DB{secrets: dsnSecrets(engine, dsn)}
	return db.wrap(checkDSN(engine, dsn))
}

func checkDSN(engine, dsn string) error {
	switch engine {
	case "duckdb":
		_, err := duckDBDSN(Config{DSN: dsn})
		return err
	case "postgres":
		_, err := pgx.ParseConfig(dsn)
		return err
	case "mysql":
		mc, err := mysql.ParseDSN(dsn)
		if err != nil {
			return err
		}
		if mc.Net == "tcp" {
			return checkHostPort(mc.Addr)
		}
		return nil
	case "clickhouse":
		o, err := clickhouse.ParseDSN(dsn)
		if err != nil {
			return err
		}
		for _, a := range o.Addr {
			if err := checkHostPort(a); err != nil {
				return err
			}
		}
		return nil
	}
	// BigQuery and Snowflake DSNs are read by Open; an unknown driver is
	// reported by the project's own validation.
	return nil
}

// checkHostPort accepts host:port with a port from 1 to 65535, or a host
// alone (the driver's default port).
func checkHostPort(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil // no port: the driver adds its default
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("invalid port %q in %q (want a number from 1 to 65535)", port, addr)
	}
	return nil
}
