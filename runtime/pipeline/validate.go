package pipeline

import (
	"fmt"
	"sort"
	"strings"

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
	File    string
	Warning bool
	Msg     string
}

// String gives the finding as validate prints it: file, then "warning:"
// for a doubt, then the message.
func (f Finding) String() string {
	if f.Warning {
		return f.File + ": warning: " + f.Msg
	}
	return f.File + ": " + f.Msg
}

// Validate checks what loading cannot: that each reference compiles for
// its connection's dialect, and that each raw query is one read-only
// SELECT whose result columns match result_mapping. Nothing is executed.
func Validate(proj *config.Project, params []*config.Param) []Finding {
	var out []Finding
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
		if _, err := dialects.Compile(q, d, compiler.Options{Schema: proj.Schema, Graph: proj.Graph}); err != nil {
			bad("edge_reference does not compile for %s: %v", d.Name(), err)
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
			bad("query_template: %v", err)
			return out
		}
	}
	// Validated as it will run: with :name bound to the dialect's
	// placeholders, which the mysql dialect's grammar check needs.
	bound, _, err := dialects.BindNamed(d, query)
	if err == nil {
		err = connect.ValidateSelectFor(d, bound)
	}
	if err != nil {
		bad("query: %v", err)
		return out
	}
	cols, err := selectColumns(query)
	if err != nil {
		doubt("the result columns could not be read without running the query (%v); they are checked at run time", err)
		return out
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
