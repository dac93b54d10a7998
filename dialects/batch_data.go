package dialects

import (
	"strings"
)

// LiteralRows is implemented by dialects that cannot write a table of
// literal rows as (VALUES …) AS name(columns).
type LiteralRows interface {
	// RowsQuery is a query whose result is rows, with the columns cols.
	// Every value is already a literal: a quoted string or an integer.
	RowsQuery(cols []string, rows [][]string) string
}

// rowsQuery writes a batch's data, such as its references, as a query.
// A reference is then a row the engine joins, not SQL text it plans.
func (r *renderer) rowsQuery(indent int, cols []string, rows [][]string) string {
	if lr, ok := r.d.(LiteralRows); ok {
		return lr.RowsQuery(cols, rows)
	}
	pad := strings.Repeat("  ", indent)
	var b strings.Builder
	b.WriteString("SELECT *\n" + pad + "FROM (VALUES\n")
	for i, row := range rows {
		b.WriteString(pad + "  (" + strings.Join(row, ", ") + ")")
		if i < len(rows)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(pad + ") AS data(" + strings.Join(cols, ", ") + ")")
	return b.String()
}

// unionRows writes literal rows as SELECTs joined by UNION ALL, for
// engines without a VALUES table that names its columns.
func unionRows(cols []string, rows [][]string) string {
	var b strings.Builder
	for i, row := range rows {
		if i > 0 {
			b.WriteString("\n  UNION ALL ")
		}
		b.WriteString("SELECT ")
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v)
			if i == 0 {
				b.WriteString(" AS " + cols[j])
			}
		}
	}
	return b.String()
}

// RowsQuery writes the rows as SELECTs joined by UNION ALL: MariaDB's
// VALUES table cannot name its columns.
func (mySQL) RowsQuery(cols []string, rows [][]string) string { return unionRows(cols, rows) }

// RowsQuery writes the rows as SELECTs joined by UNION ALL: Redshift has
// no VALUES table.
func (redshift) RowsQuery(cols []string, rows [][]string) string { return unionRows(cols, rows) }

// RowsQuery unnests an array of structs that name their fields:
// BigQuery has no VALUES table.
func (bigQuery) RowsQuery(cols []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("SELECT *\n  FROM UNNEST([\n")
	for i, row := range rows {
		b.WriteString("    STRUCT(")
		for j, v := range row {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v + " AS " + cols[j])
		}
		b.WriteString(")")
		if i < len(rows)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("  ])")
	return b.String()
}
