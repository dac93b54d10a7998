package testdb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/events"
)

// EventColumns are the columns of an events table, in order: the four
// NOT NULL strings, created_at, then one nullable string per
// events.ContextKeys.
func EventColumns() []string {
	cols := []string{"user_id", "session_id", "event_type", "node_slug", "created_at"}
	return append(cols, events.ContextKeys...)
}

// EventsTableDDL returns the CREATE TABLE statement LoadEvents uses for e:
//
//   - DuckDB: VARCHAR, TIMESTAMP;
//   - Postgres: text, timestamp (without time zone, holding UTC);
//   - ClickHouse: String, DateTime('UTC'), Nullable(String), with
//     ENGINE = MergeTree() PARTITION BY tuple() ORDER BY (user_id,
//     session_id, created_at);
//   - MySQL: VARCHAR(255) utf8mb4_nopad_bin, DATETIME, InnoDB.
//
// table is inserted as written (it may be schema-qualified).
func EventsTableDDL(e Engine, table string) string {
	d, err := dialects.Get(string(e))
	if err != nil {
		panic(fmt.Sprintf("testdb: unknown engine %q", e))
	}
	ddl, err := dialects.CreateEventsTable(d, table, events.ContextKeys, false)
	if err != nil {
		panic(fmt.Sprintf("testdb: %v", err))
	}
	return ddl
}

// eventRow turns an event into column values, in EventColumns order:
// strings, a UTC time.Time, and nil or a string per context key.
func eventRow(ev events.Event) ([]any, error) {
	if ev.CreatedAt.IsZero() {
		return nil, fmt.Errorf("CreatedAt is zero")
	}
	if ev.CreatedAt.Nanosecond() != 0 {
		return nil, fmt.Errorf("CreatedAt %s has a fraction of a second; events must have whole seconds", ev.CreatedAt)
	}
	for k := range ev.Context {
		if !isContextKey(k) {
			return nil, fmt.Errorf("context key %q is not one of events.ContextKeys %v", k, events.ContextKeys)
		}
	}
	row := []any{ev.UserID, ev.SessionID, ev.EventType, ev.NodeSlug, ev.CreatedAt.UTC()}
	for _, k := range events.ContextKeys {
		if v := ev.Context[k]; v != nil {
			row = append(row, *v)
		} else {
			row = append(row, nil)
		}
	}
	return row, nil
}

func isContextKey(k string) bool {
	for _, c := range events.ContextKeys {
		if c == k {
			return true
		}
	}
	return false
}

// LoadEvents creates table (see EventsTableDDL) in db and inserts evs into
// it, in bulk: DuckDB through an appender, ClickHouse through a native batch,
// PostgreSQL and MySQL through multi-row INSERTs with bound parameters.
// Values round-trip exactly: any string, NULL for a missing or nil context
// value, created_at in UTC (it must be whole seconds). db must be one this
// package opened for e (Open or Namespace), or an equivalent.
func LoadEvents(t testing.TB, db *sql.DB, e Engine, table string, evs []events.Event) {
	t.Helper()
	rows := make([][]any, len(evs))
	for i, ev := range evs {
		r, err := eventRow(ev)
		if err != nil {
			t.Fatalf("testdb: LoadEvents: event %d: %v", i, err)
		}
		rows[i] = r
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := db.ExecContext(ctx, EventsTableDDL(e, table)); err != nil {
		t.Fatalf("testdb: LoadEvents: %s: create table %s: %v", e, table, err)
	}
	if len(rows) == 0 {
		return
	}
	var err error
	switch e {
	case DuckDB:
		err = appendDuckDB(ctx, db, table, rows)
	case ClickHouse:
		err = batchClickHouse(ctx, db, table, rows)
	case Postgres, MySQL:
		err = insertMultiRow(ctx, db, e, table, rows)
	default:
		err = fmt.Errorf("unknown engine %q", e)
	}
	if err != nil {
		t.Fatalf("testdb: LoadEvents: %s: insert into %s: %v", e, table, err)
	}
}

func appendDuckDB(ctx context.Context, db *sql.DB, table string, rows [][]any) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	schema, name := "", table
	if i := strings.LastIndexByte(table, '.'); i >= 0 {
		schema, name = table[:i], table[i+1:]
	}
	return conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(duckDBConn(dc), schema, name)
		if err != nil {
			return err
		}
		vals := make([]driver.Value, len(EventColumns()))
		for _, r := range rows {
			for i, v := range r {
				vals[i] = v
			}
			if err := app.AppendRow(vals...); err != nil {
				_ = app.Close()
				return err
			}
		}
		return app.Close()
	})
}

func batchClickHouse(ctx context.Context, db *sql.DB, table string, rows [][]any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+table+" ("+strings.Join(EventColumns(), ", ")+")")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// insertMultiRow inserts in chunks of at most 1000 rows per statement
// (8,000 parameters, well under both servers' limits of 65,535), in one
// transaction.
func insertMultiRow(ctx context.Context, db *sql.DB, e Engine, table string, rows [][]any) error {
	const chunk = 1000
	cols := EventColumns()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it is a no-op
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	for start := 0; start < len(rows); start += chunk {
		end := min(start+chunk, len(rows))
		var b strings.Builder
		b.WriteString(head)
		args := make([]any, 0, (end-start)*len(cols))
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for j, v := range r {
				if j > 0 {
					b.WriteString(", ")
				}
				if e == Postgres {
					fmt.Fprintf(&b, "$%d", len(args)+1)
				} else {
					b.WriteByte('?')
				}
				args = append(args, v)
			}
			b.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}
