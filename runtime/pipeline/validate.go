package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literal values in parsed SQL

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/connect"
)

// Finding is one problem (or, when Warning is set, one doubt) that
// validation found in a parameter file.
type Finding struct {
	File string
	// Line and Col, 1-based, are where in File the finding points when it
	// is known; 0 otherwise.
	Line, Col int
	Warning   bool
	Msg       string
}

// String gives the finding as validate prints it: file:line:col as the
// other errors of paramsql and Go's tools write it, then "warning:" for a
// doubt, then the message.
func (f Finding) String() string {
	msg := f.Msg
	if f.Warning {
		msg = "warning: " + msg
	}
	return (&config.Error{File: f.File, Line: f.Line, Col: f.Col, Msg: msg}).Error()
}

// Validate checks what loading cannot: that each connection's DSN reads
// (a port that is a number), that each reference compiles for its
// connection's dialect, and that each raw query is one read-only SELECT
// in its own engine's grammar, binds every :name, and returns the columns
// result_mapping names. A DuckDB query is parsed by DuckDB and prepared,
// not run, on the events file (read-only, with external access disabled
// as at run time); a PostgreSQL query is prepared on the server when it
// can be reached; a MySQL query is parsed with the TiDB (MySQL) grammar;
// anything else is said to be unchecked. Nothing is executed.
func Validate(proj *config.Project, params []*config.Param) []Finding {
	var out []Finding
	var names []string
	for name := range proj.Connections {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		c := proj.Connections[name]
		if err := connect.CheckDSN(string(c.Driver), c.DSN); err != nil {
			msg := fmt.Sprintf("connection %q: dsn: %v", name, err)
			if proj.File == "" {
				out = append(out, Finding{File: proj.Dir, Msg: msg})
				continue
			}
			// The position goes with the file, as for a parameter's raw
			// query: file:line:col of the dsn's value.
			e := proj.ErrorAt("connections."+name+".dsn", msg, "")
			out = append(out, Finding{File: e.File, Line: e.Line, Col: e.Col, Msg: msg})
		}
	}
	for _, p := range params {
		out = append(out, validateParam(proj, p)...)
	}
	return out
}

func validateParam(proj *config.Project, p *config.Param) []Finding {
	var out []Finding
	bad := func(format string, args ...any) {
		out = append(out, Finding{File: p.File, Msg: fmt.Sprintf(format, args...)})
	}
	doubt := func(format string, args ...any) {
		out = append(out, Finding{File: p.File, Warning: true, Msg: fmt.Sprintf(format, args...)})
	}
	connName := p.ConnectionName(proj)
	conn, ok := proj.Connections[connName]
	if !ok {
		bad("connection %q is not in the project", connName)
		return out
	}
	d, err := dialects.Get(connect.DialectOf(string(conn.Driver)))
	if err != nil {
		bad("%v", err)
		return out
	}
	if ref := p.ObservationReference(); ref != "" {
		q, err := compiler.ParseQuery(ref)
		if err != nil {
			bad("edge_reference: %v", err)
			return out
		}
		st, err := dialects.Compile(q, d, compiler.Options{Schema: proj.Schema, Graph: proj.Graph})
		if err != nil {
			bad("edge_reference does not compile for %s: %v", d.Name(), err)
			return out
		}
		if d.Name() == "duckdb" {
			// Prepared, not run, on the events file, as a raw query is: a
			// context key, table or column the events lack fails here,
			// not at the update, where a fallback_value would hide it.
			if _, checked, err := describe(conn, st.SQL); err != nil && checked {
				field := referenceField(p)
				e := p.ErrorAt(field, "", "")
				why := ""
				if strings.Contains(err.Error(), "Referenced column") {
					why = " (context keys name columns of schema.table, unless schema.contexts maps them)"
				}
				out = append(out, Finding{File: p.File, Line: e.Line, Col: e.Col,
					Msg: fmt.Sprintf("%s: its compiled query does not prepare on the events%s: %v", field, why, err)})
			}
		}
		return out
	}
	o := p.ObservationSource
	if o == nil {
		return out
	}
	query := o.Query
	if o.QueryTemplate != "" {
		values := map[string]string{}
		for _, k := range o.ContextVariables {
			values[k] = p.ContextFilter[k]
		}
		for k, v := range p.ContextFilter {
			values[k] = v
		}
		if query, err = renderTemplate(o.QueryTemplate, d, values); err != nil {
			var te *TemplateError
			if errors.As(err, &te) && te.Line > 0 {
				// At the spot in the file, not the template's own line:col.
				line, col := textPosition(p, "observation_source.query_template", o.QueryTemplate, offsetOf(o.QueryTemplate, te.Line, te.Col))
				out = append(out, Finding{File: p.File, Line: line, Col: col, Msg: "query_template: " + te.Msg})
			} else {
				bad("query_template: %v", err)
			}
			return out
		}
	}
	// Where a problem at an offset of the query is in the YAML file:
	// exact for a query written in the file, the field for a template.
	at := func(off int) (line, col int) {
		if o.QueryTemplate != "" || off < 0 {
			e := p.ErrorAt(queryField(o), "", "")
			return e.Line, e.Col
		}
		return queryPosition(p, off)
	}
	badQuery := func(err error) {
		var qe *connect.QueryError
		off := -1
		if errors.As(err, &qe) {
			off = qe.Offset
		}
		line, col := at(off)
		out = append(out, Finding{File: p.File, Line: line, Col: col, Msg: fmt.Sprintf("%s: %v", queryField(o), err)})
	}
	bound, names, err := dialects.BindNamed(d, query)
	if err != nil {
		badQuery(err)
		return out
	}
	given := map[string]bool{"start_date": true, "end_date": true}
	for k := range o.Parameters {
		given[k] = true
	}
	for k := range p.ContextFilter {
		given[k] = true
	}
	for _, n := range names {
		if !given[n] {
			badQuery(&connect.QueryError{Offset: strings.Index(query, ":"+n),
				Msg: fmt.Sprintf(":%s is not bound: give it in observation_source.parameters or context_filter (start_date and end_date are the window)", n)})
			return out
		}
	}
	// Offsets of problems found in the bound text, moved back to the
	// text as written.
	unbind := func(err error) error {
		var qe *connect.QueryError
		if errors.As(err, &qe) && qe.Offset >= 0 {
			return &connect.QueryError{Offset: unboundOffset(d, query, bound, names, qe.Offset), Msg: err.Error()}
		}
		return err
	}
	// ask describes the bound query on the connection (describe). The
	// engine's objection is a finding, and refused is true; an engine
	// that could not be asked is a doubt, unchecked (a format of the
	// reason), and checked is false.
	ask := func(unchecked string) (names []string, checked, refused bool) {
		names, checked, err := describe(conn, bound)
		switch {
		case err != nil && checked:
			badQuery(unbind(err))
			return nil, true, true
		case err != nil:
			doubt(unchecked, err)
			return nil, false, false
		}
		return names, true, false
	}
	// MySQL's reading must be exact (see connect.ValidateSelectFor), so
	// it checks the bound text, which its grammar reads.
	if err := connect.ValidateSelectFor(d, bound); err != nil {
		badQuery(unbind(err))
		return out
	}
	var cols map[string]bool
	switch d.Name() {
	case "mysql":
		if cols, err = selectColumns(query); err != nil {
			doubt("the result columns could not be read without running the query (%v); they are checked when it runs", err)
			return out
		}
	case "duckdb":
		if err := connect.ParseDuckDB(context.Background(), bound); err != nil {
			badQuery(unbind(err))
			return out
		}
		names, checked, refused := ask("the query parses, but was not checked against the database: %v")
		if refused || !checked {
			return out
		}
		cols = map[string]bool{}
		for _, n := range names {
			cols[strings.ToLower(n)] = true
		}
	default:
		switch d.Name() {
		case "postgres":
			if _, _, refused := ask("the query's grammar was not checked: paramsql has no postgres parser, and %v; the server checks it when it runs"); refused {
				return out
			}
		case "bigquery":
			// `paramsql validate` dry-runs BigQuery queries itself.
		default:
			doubt("the query's grammar was not checked: paramsql has no %s parser; the server checks it when it runs", d.Name())
		}
		// Simple SELECTs read the same in every grammar: when MySQL's
		// reads this one, its columns are known; otherwise they are
		// checked when it runs.
		if cols, err = selectColumns(query); err != nil {
			return out
		}
	}
	m := config.ResultMapping{}
	if o.ResultMapping != nil {
		m = *o.ResultMapping
	}
	// A slice, not a map: findings come out in the same order every time.
	want := [][2]string{{"trials", orDefault(m.Trials, "trials")}, {"successes", orDefault(m.Successes, "successes")}}
	if o.ResultType == config.ResultTimeseries {
		want = append(want, [2]string{"date", m.Date})
	}
	for _, w := range want {
		if role, col := w[0], w[1]; col != "" && !cols[strings.ToLower(col)] {
			bad("result_mapping.%s names column %q, but the query returns %s", role, col, joinKeys(cols))
		}
	}
	return out
}

// selectColumns reads the output column names of a SELECT with the tidb
// parser, after binding :name parameters as MySQL placeholders.
func selectColumns(query string) (map[string]bool, error) {
	mysql, _ := dialects.Get("mysql")
	bound, _, err := dialects.BindNamed(mysql, query)
	if err != nil {
		return nil, err
	}
	stmts, _, err := parser.New().Parse(bound, "", "")
	if err != nil {
		return nil, fmt.Errorf("MySQL grammar: %v", firstLine(err.Error()))
	}
	if len(stmts) != 1 {
		return nil, fmt.Errorf("%d statements", len(stmts))
	}
	var sel *ast.SelectStmt
	switch s := stmts[0].(type) {
	case *ast.SelectStmt:
		sel = s
	case *ast.SetOprStmt:
		if s.SelectList != nil && len(s.SelectList.Selects) > 0 {
			sel, _ = s.SelectList.Selects[0].(*ast.SelectStmt)
		}
	}
	if sel == nil || sel.Fields == nil {
		return nil, fmt.Errorf("not a plain SELECT")
	}
	cols := map[string]bool{}
	for _, f := range sel.Fields.Fields {
		switch {
		case f.WildCard != nil:
			return nil, fmt.Errorf("SELECT * hides the column names")
		case f.AsName.O != "":
			cols[f.AsName.L] = true
		default:
			if c, ok := f.Expr.(*ast.ColumnNameExpr); ok {
				cols[c.Name.Name.L] = true
			}
		}
	}
	return cols, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func joinKeys(m map[string]bool) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	if len(ks) == 0 {
		return "no named columns"
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// queryField names the field a raw query was written in.
func queryField(o *config.ObservationSource) string {
	if o.QueryTemplate != "" {
		return "observation_source.query_template"
	}
	return "observation_source.query"
}

// queryPosition finds where byte offset off of the parameter's raw query
// is in its YAML file: within a block scalar (query: |) the query starts
// on the next line, at that line's indentation; a scalar on the key's
// line starts where the value does (after its quote, if quoted).
func queryPosition(p *config.Param, off int) (line, col int) {
	return textPosition(p, "observation_source.query", p.ObservationSource.Query, off)
}

// textPosition is queryPosition for any text field: where byte offset off
// of text, the value of field, is in the YAML file.
func textPosition(p *config.Param, field, text string, off int) (line, col int) {
	e := p.ErrorAt(field, "", "")
	off = min(max(off, 0), len(text))
	before := text[:off]
	n := strings.Count(before, "\n")
	// Columns count characters, as the file's do; offsets count bytes.
	lineStart := before[strings.LastIndexByte(before, '\n')+1:]
	within := utf8.RuneCountInString(lineStart)
	data, err := os.ReadFile(p.File)
	if err != nil {
		return e.Line, e.Col
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	if e.Line < 1 || e.Line > len(lines) {
		return e.Line, e.Col
	}
	first := []rune(lines[e.Line-1])
	if e.Col < 1 || e.Col > len(first) {
		return e.Line, e.Col
	}
	// What is not mapped stays at the value's start: a folded block (>)
	// or a block with an indentation indicator, whose lines are not the
	// value's; a quoted value over several lines or with an escape; a
	// plain value YAML folded from several lines.
	switch first[e.Col-1] {
	case '|':
		if strings.ContainsAny(string(first[e.Col:]), "123456789") {
			return e.Line, e.Col
		}
		// The value's first line is the one after the key's; the
		// block's indentation is its first non-blank line's.
		for _, l := range lines[e.Line:] {
			if strings.TrimSpace(l) != "" {
				return e.Line + 1 + n, len(l) - len(strings.TrimLeft(l, " ")) + within + 1
			}
		}
		return e.Line, e.Col
	case '>':
		return e.Line, e.Col
	case '"':
		if n > 0 || strings.ContainsRune(string(first[e.Col:]), '\\') || e.Col+1+within > len(first) {
			return e.Line, e.Col
		}
		return e.Line, e.Col + 1 + within
	case '\'':
		col := e.Col + 1 + within + strings.Count(lineStart, "'")
		if n > 0 || col > len(first) {
			return e.Line, e.Col
		}
		return e.Line, col
	}
	if n > 0 || e.Col+within > len(first)+1 {
		return e.Line, e.Col
	}
	return e.Line, e.Col + within
}

// unboundOffset moves an offset in bound, the query with its :name
// parameters replaced by d's placeholders, back to the text as written.
func unboundOffset(d dialects.Dialect, query, bound string, names []string, off int) int {
	i, j, k := 0, 0, 0
	for j < off && i < len(query) && j < len(bound) {
		if k < len(names) && query[i] == ':' && strings.HasPrefix(query[i+1:], names[k]) {
			ph := d.Placeholder(names[k], k+1)
			if strings.HasPrefix(bound[j:], ph) {
				i += 1 + len(names[k])
				j += len(ph)
				k++
				continue
			}
		}
		i++
		j++
	}
	return i
}

// describe asks the connection's engine about a bound query without
// running it (see connect.DescribeSelect). checked is false when the
// engine could not be asked (no server, a file in use, an engine that
// cannot describe), and err then says why; when checked, err is the
// engine's objection to the query. A DuckDB file that does not exist is
// an objection: the run would fail on it too.
func describe(c config.Connection, query string) (cols []string, checked bool, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := connect.Open(ctx, connect.Config{Name: c.Name, Driver: string(c.Driver), DSN: c.DSN, ReadOnly: true, MustExist: true})
	if errors.Is(err, connect.ErrNoDatabaseFile) {
		return nil, true, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("the connection could not be opened (%v)", err)
	}
	defer db.Close()
	cols, err = db.DescribeSelect(ctx, query)
	if errors.Is(err, connect.ErrNotDescribed) {
		return nil, false, fmt.Errorf("%s cannot describe a query without running it", db.Driver())
	}
	return cols, true, err
}

// referenceField names the field p's observed reference is written in.
func referenceField(p *config.Param) string {
	if o := p.ObservationSource; o != nil && o.EdgeReference != "" {
		return "observation_source.edge_reference"
	}
	return "edge_reference"
}

// offsetOf is the byte offset of line:col (1-based, col in bytes) in text.
func offsetOf(text string, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(text[off:], '\n')
		if i < 0 {
			return len(text)
		}
		off += i + 1
	}
	return min(off+max(col-1, 0), len(text))
}
