package dialects

import (
	"fmt"
	"strings"
)

// CreateEventsTable returns the statement that creates an events table with
// the default columns of compiler.DefaultSchema (user_id, session_id,
// event_type, node_slug, created_at, all NOT NULL) and one nullable text
// column per context key. The demo and the test servers load events
// through it. temporary makes a table that lives as long as the
// connection. Only the engines paramsql loads events into are supported.
func CreateEventsTable(d Dialect, table string, contextKeys []string, temporary bool) (string, error) {
	var text, nullText, ts, suffix string
	switch d.Name() {
	case "duckdb":
		text, nullText, ts = "VARCHAR NOT NULL", "VARCHAR", "TIMESTAMP NOT NULL"
	case "postgres":
		text, nullText, ts = "text NOT NULL", "text", "timestamp NOT NULL"
	case "clickhouse":
		// 18.16 needs the MergeTree key spelled out.
		text, nullText, ts = "String", "Nullable(String)", "DateTime('UTC')"
		suffix = " ENGINE = MergeTree() PARTITION BY tuple() ORDER BY (" +
			d.QuoteIdent("user_id") + ", " + d.QuoteIdent("session_id") + ", " + d.QuoteIdent("created_at") + ")"
	case "mysql":
		// A binary collation without PAD SPACE: utf8mb4_bin would make
		// 'a' and 'a ' the same context value.
		const coll = " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin"
		text, nullText, ts = "VARCHAR(255)"+coll+" NOT NULL", "VARCHAR(255)"+coll+" NULL", "DATETIME NOT NULL"
		suffix = " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_nopad_bin"
	default:
		return "", fmt.Errorf("events table: dialect %s is not supported (want duckdb, postgres, clickhouse or mysql)", d.Name())
	}
	if temporary && d.Name() != "duckdb" && d.Name() != "postgres" {
		return "", fmt.Errorf("events table: temporary tables are only written for duckdb and postgres")
	}
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", err
	}
	cols := []string{
		d.QuoteIdent("user_id") + " " + text,
		d.QuoteIdent("session_id") + " " + text,
		d.QuoteIdent("event_type") + " " + text,
		d.QuoteIdent("node_slug") + " " + text,
		d.QuoteIdent("created_at") + " " + ts,
	}
	for _, k := range contextKeys {
		cols = append(cols, d.QuoteIdent(k)+" "+nullText)
	}
	create := "CREATE TABLE "
	if temporary {
		create = "CREATE TEMPORARY TABLE "
	}
	return create + name + " (\n    " + strings.Join(cols, ",\n    ") + "\n)" + suffix, nil
}

// CopyRows returns the statement that appends every row of table src to
// table dst, which have the same columns.
func CopyRows(d Dialect, dst, src string) (string, error) {
	to, err := QuoteQualified(d, dst)
	if err != nil {
		return "", err
	}
	from, err := QuoteQualified(d, src)
	if err != nil {
		return "", err
	}
	return "INSERT INTO " + to + " SELECT * FROM " + from, nil
}

// DropTable returns the statement that drops a table.
func DropTable(d Dialect, table string) (string, error) {
	name, err := QuoteQualified(d, table)
	if err != nil {
		return "", err
	}
	return "DROP TABLE " + name, nil
}
