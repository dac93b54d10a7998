package connect

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/duckdb/duckdb-go/v2"
)

// QueryError is a problem at a place in a raw query: Offset is the byte
// offset in the query text, or -1 when the engine did not say.
type QueryError struct {
	Offset int
	Msg    string
}

// Error is the message alone; callers place it (file:line:col).
func (e *QueryError) Error() string { return e.Msg }

// ParseDuckDB checks query with DuckDB's own parser, through
// json_serialize_sql on a fresh in-memory database: no file is opened and
// nothing is bound or run. It must be exactly one SELECT. A syntax error
// is a *QueryError with DuckDB's position.
func ParseDuckDB(ctx context.Context, query string) error {
	db, err := Open(ctx, Config{Name: "duckdb parser", Driver: "duckdb"})
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.Query(ctx, "SELECT CAST(json_serialize_sql(CAST(? AS VARCHAR)) AS VARCHAR) AS j", query)
	if err != nil {
		return err
	}
	text, _ := res.Rows[0][0].(string)
	var out struct {
		Error      bool              `json:"error"`
		Type       string            `json:"error_type"`
		Message    string            `json:"error_message"`
		Position   string            `json:"position"`
		Statements []json.RawMessage `json:"statements"`
	}
	if err := json.Unmarshal([]byte(text), &out); err != nil {
		return fmt.Errorf("duckdb parser: %w", err)
	}
	switch {
	case out.Error && out.Type == "not implemented":
		return &QueryError{Offset: -1, Msg: "DuckDB reads it as something other than a SELECT; a raw query must be one read-only SELECT"}
	case out.Error:
		off := -1
		if n, err := strconv.Atoi(out.Position); err == nil {
			off = n
		}
		return &QueryError{Offset: off, Msg: "DuckDB cannot parse the query: " + out.Message}
	case len(out.Statements) != 1:
		return &QueryError{Offset: -1, Msg: fmt.Sprintf("DuckDB reads %d statements; a raw query is exactly one", len(out.Statements))}
	}
	return nil
}

// ErrNotDescribed is returned by DescribeSelect on engines it cannot ask.
var ErrNotDescribed = errors.New("the engine cannot describe a query without running it here")

// DescribeSelect asks the engine to prepare query, without running it,
// and returns its result columns: names and tables are resolved, and a
// query DuckDB refuses (a file read with external access disabled, an
// unknown table) fails as it would at run time. DuckDB gives the columns;
// PostgreSQL prepares the statement on the server and gives no columns;
// other engines give ErrNotDescribed.
func (db *DB) DescribeSelect(ctx context.Context, query string) ([]string, error) {
	cctx, cancel := db.begin(ctx)
	defer cancel()
	switch db.driver {
	case "postgres":
		// The server parses and analyses a prepared statement without
		// running it; its columns are not read here.
		st, err := db.sql.PrepareContext(cctx, query)
		if err != nil {
			return nil, db.fail(ctx, cctx, "query", err)
		}
		return nil, db.wrap(st.Close())
	case "duckdb":
	default:
		return nil, ErrNotDescribed
	}
	conn, err := db.sql.Conn(cctx)
	if err != nil {
		return nil, db.fail(ctx, cctx, "query", err)
	}
	defer conn.Close()
	if err := duckDBCheckSelect(conn, query); err != nil {
		return nil, db.pointed(query, err)
	}
	var cols []string
	err = conn.Raw(func(dc any) error {
		st, err := dc.(*duckdb.Conn).Prepare(query)
		if err != nil {
			return err
		}
		defer st.Close()
		ds := st.(*duckdb.Stmt)
		n, err := ds.ColumnCount()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			name, err := ds.ColumnName(i)
			if err != nil {
				return err
			}
			cols = append(cols, name)
		}
		return nil
	})
	return cols, db.pointed(query, err)
}

// pointed is db.wrap(err) for an error of query on DuckDB, kept as a
// QueryError at the spot DuckDB points at ("LINE 2: ..." and a caret)
// when it points at one, so that validate can place it in the file.
func (db *DB) pointed(query string, err error) error {
	err = db.wrap(err)
	if err == nil {
		return nil
	}
	if off := duckDBErrorOffset(query, err.Error()); off >= 0 {
		return &QueryError{Offset: off, Msg: err.Error()}
	}
	return err
}
