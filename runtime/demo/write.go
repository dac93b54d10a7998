package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/events"
)

// duckDB is the dialect of the demo's database, which writes the demo's
// few statements: the runtime never builds SQL text by hand.
var duckDB, _ = dialects.Get("duckdb")

// contextKeys are the events table's nullable context columns.
var contextKeys = events.ContextKeys

// writeEvents writes the traffic to a new DuckDB file at path and returns
// the checksum of the rows written, which does not depend on parts.
//
// Rows go in through the Appender, which is what makes a million rows take
// a second or two rather than minutes of INSERTs. Each value crosses cgo
// on its own, so the appending is spread over one connection per CPU, each
// filling a temporary table with a contiguous run of the time-sorted
// events; the runs are then copied into events in order, which keeps the
// table's physical order, and so every run of the demo, the same.
func writeEvents(ctx context.Context, path string, tr *traffic, parts int) (checksum string, err error) {
	connector, err := duckdb.NewConnector(path, nil)
	if err != nil {
		return "", fmt.Errorf("open %s: %w", path, err)
	}
	db := sql.OpenDB(connector)
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("close %s: %w", path, cerr)
		}
	}()
	create, err := dialects.CreateEventsTable(duckDB, "events", contextKeys, false)
	if err != nil {
		return "", err
	}
	if _, err := db.ExecContext(ctx, create); err != nil {
		return "", fmt.Errorf("create the events table: %w", err)
	}
	names := make([]string, 0, parts)
	conns := make([]*sql.Conn, parts)
	for i := range conns {
		if conns[i], err = db.Conn(ctx); err != nil {
			return "", err
		}
		defer conns[i].Close()
	}
	userIDs, sessionIDs := idStrings(tr)
	blocks := (len(tr.events) + hashBlock - 1) / hashBlock
	sums := make([][]byte, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		// Parts are whole hash blocks, so the checksum does not depend on
		// how many there are.
		lo := min(len(tr.events), i*blocks/parts*hashBlock)
		hi := min(len(tr.events), (i+1)*blocks/parts*hashBlock)
		table := fmt.Sprintf("events_part_%d", i)
		names = append(names, table)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sums[i], errs[i] = appendPart(ctx, conns[i], table, tr, tr.events[lo:hi], userIDs, sessionIDs)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return "", fmt.Errorf("append the events: %w", err)
	}
	// The temporary tables belong to the connections that made them.
	for i, name := range names {
		copyRows, err := dialects.CopyRows(duckDB, "events", name)
		if err != nil {
			return "", err
		}
		if _, err := conns[i].ExecContext(ctx, copyRows); err != nil {
			return "", fmt.Errorf("copy %s into events: %w", name, err)
		}
		drop, err := dialects.DropTable(duckDB, name)
		if err != nil {
			return "", err
		}
		if _, err := conns[i].ExecContext(ctx, drop); err != nil {
			return "", err
		}
	}
	// A checkpoint folds the write-ahead log into the file, so the
	// database is one self-contained file when it is renamed into place.
	if _, err := db.ExecContext(ctx, "CHECKPOINT"); err != nil {
		return "", fmt.Errorf("checkpoint: %w", err)
	}
	h := sha256.New()
	for _, s := range sums {
		h.Write(s)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashBlock is the number of rows hashed together. The checksum is the
// SHA-256 of the blocks' SHA-256 sums, in order, so that the parts can
// hash their rows in parallel.
const hashBlock = 1 << 16

// partsFor is the number of parts to append n events in: one per CPU, at
// most maxParts and with at least minPartRows rows each, since beyond that
// the extra copying costs what the parallelism saves.
func partsFor(n int) int {
	return max(1, min(runtime.GOMAXPROCS(0), maxParts, n/minPartRows))
}

const (
	maxParts    = 4
	minPartRows = 100_000
)

// idStrings names every user and session once; their events share the
// strings.
func idStrings(tr *traffic) (userIDs, sessionIDs []string) {
	userIDs = make([]string, tr.users)
	for i := range userIDs {
		userIDs[i] = userID(i)
	}
	sessionIDs = make([]string, len(tr.sessions))
	for i := range sessionIDs {
		sessionIDs[i] = sessionID(i)
	}
	return userIDs, sessionIDs
}

// appendPart creates the temporary table on conn and appends events to
// it. It returns the concatenated SHA-256 sums of its hash blocks.
func appendPart(ctx context.Context, conn *sql.Conn, table string, tr *traffic, events []event, userIDs, sessionIDs []string) ([]byte, error) {
	ddl, err := dialects.CreateEventsTable(duckDB, table, contextKeys, true)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, ddl); err != nil {
		return nil, err
	}
	var sum []byte
	err = conn.Raw(func(dc any) error {
		app, err := duckdb.NewAppenderFromConn(dc.(driver.Conn), "", table)
		if err != nil {
			return err
		}
		sum, err = appendEvents(ctx, app, tr, events, userIDs, sessionIDs)
		if cerr := app.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return sum, err
}

// appendEvents appends events and hashes the values appended, block by
// block; events starts at a block boundary.
func appendEvents(ctx context.Context, app *duckdb.Appender, tr *traffic, events []event, userIDs, sessionIDs []string) ([]byte, error) {
	nullable := func(names []string, i uint8) driver.Value {
		if i == 0 {
			return nil
		}
		return names[i]
	}
	h := sha256.New()
	var sums, line []byte
	row := make([]driver.Value, 8)
	for i, ev := range events {
		if i%hashBlock == 0 && i > 0 {
			sums = h.Sum(sums)
			h.Reset()
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s := tr.sessions[ev.session]
		row[0] = userIDs[s.user]
		row[1] = sessionIDs[ev.session]
		row[2] = kindNames[ev.kind]
		row[3] = nodeNames[ev.node]
		row[4] = time.Unix(ev.at, 0).UTC()
		row[5] = nullable(channelNames, s.channel)
		row[6] = nullable(deviceNames, s.device)
		row[7] = nullable(countryNames, s.country)
		if err := app.AppendRow(row...); err != nil {
			return nil, err
		}
		line = hashLine(line[:0], row)
		h.Write(line)
	}
	if len(events) > 0 {
		sums = h.Sum(sums)
	}
	return sums, nil
}

// hashLine formats a row for the checksum: the values separated by a unit
// separator, NULL as a lone NUL byte, the time as Unix seconds.
func hashLine(b []byte, row []driver.Value) []byte {
	for i, v := range row {
		if i > 0 {
			b = append(b, 0x1f)
		}
		switch v := v.(type) {
		case nil:
			b = append(b, 0)
		case string:
			b = append(b, v...)
		case time.Time:
			b = strconv.AppendInt(b, v.Unix(), 10)
		}
	}
	return append(b, '\n')
}

// userID and sessionID name users and sessions with fixed-width numbers,
// so that they sort in the order they were made.
func userID(i int) string    { return fmt.Sprintf("u%07d", i+1) }
func sessionID(i int) string { return fmt.Sprintf("s%08d", i+1) }

// removeDuckDB removes a DuckDB file and the write-ahead log beside it; a
// missing file is not an error.
func removeDuckDB(path string) error {
	var errs []error
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
