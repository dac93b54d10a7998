package dialects

import "github.com/paramsql/paramsql/compiler"

// EventsInWindow returns the statement that counts the events of the
// events table in a window, start <= created_at < end, and reads the
// latest created_at of the whole table: what a run says when a window
// holds no events at all, so the user learns where the data ends. Its
// arguments are the window's start and end; it returns one row of the
// columns n and latest (NULL for an empty table).
func EventsInWindow(d Dialect, s compiler.Schema) (string, error) {
	table, err := QuoteQualified(d, s.Table)
	if err != nil {
		return "", err
	}
	at := d.QuoteIdent(s.Columns.CreatedAt)
	return "SELECT (SELECT count(*) FROM " + table + " WHERE " + at + " >= " + d.Placeholder("start", 1) +
		" AND " + at + " < " + d.Placeholder("end", 2) + ") AS " + d.QuoteIdent("n") +
		", (SELECT max(" + at + ") FROM " + table + ") AS " + d.QuoteIdent("latest"), nil
}
