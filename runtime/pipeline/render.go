package pipeline

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/connect"
)

// Rendered is the statement an update runs to count a parameter's
// observations, as `paramsql render` prints it.
type Rendered struct {
	ID         string
	File       string
	Connection string
	Dialect    string
	// Source says where the SQL comes from: edge_reference, query or
	// query_template.
	Source                 string
	WindowStart, WindowEnd time.Time
	// SQL is the statement exactly as sent, placeholders included.
	SQL string
	// Values are the bound values in placeholder order.
	Values []BoundValue
	// Lag is the lag-histogram statement a bayesian_update.maturity
	// parameter runs too, nil otherwise.
	Lag *ExtraStatement
	// Siblings is the exclusive split of the parameter's sibling group,
	// which an update runs too; nil when its edge is in no group.
	Siblings *ExtraStatement
}

// ExtraStatement is a statement an update runs besides the counts, with
// its values: the lag histogram or the sibling split.
type ExtraStatement struct {
	SQL    string
	Values []BoundValue
}

// BoundValue is one value bound to a placeholder, with its name and the
// literal the dialect would write for it.
type BoundValue struct {
	Name    string
	Literal string
}

// Render builds the statement the parameter id runs at the runner's
// AsOf, with the values bound to it, without connecting to anything. A
// posterior_history prior would start the window at the previous
// posterior's end; Render does not read the store and shows the
// configured window.
func (r *Runner) Render(id string) (*Rendered, error) {
	params, broken, err := r.selectParams([]string{id})
	if err != nil {
		return nil, err
	}
	if len(broken) > 0 {
		return nil, broken[0]
	}
	p := params[0]
	j := &job{param: p, result: &Result{ID: p.ID}}
	if err := r.window(j); err != nil {
		return nil, err
	}
	connName := p.ConnectionName(r.Project)
	c, ok := r.Project.Connections[connName]
	if !ok {
		return nil, fmt.Errorf("no connection %q in the project", connName)
	}
	d, err := dialects.Get(connect.DialectOf(string(c.Driver)))
	if err != nil {
		return nil, err
	}
	out := &Rendered{ID: p.ID, File: p.File, Connection: connName, Dialect: d.Name(), WindowStart: j.start, WindowEnd: j.end}
	var values map[string]any
	var names []string
	if ref := p.ObservationReference(); ref != "" {
		q, err := compiler.ParseQuery(ref)
		if err != nil {
			return nil, fmt.Errorf("%s: edge_reference: %w", p.File, err)
		}
		applyConversionWindow(q, p, r.Project)
		st, err := dialects.CompileCounts([]*compiler.Query{q}, d, compiler.Options{Schema: r.Project.Schema, Graph: r.Project.Graph})
		if err != nil {
			return nil, err
		}
		out.Source, out.SQL, names = "edge_reference", st.SQL, st.Params
		values = compiler.ObservedWindowValues(j.start, j.end, r.observeUntil(j.end))
		if out.Lag, err = r.renderLag(p, q, d, values); err != nil {
			return nil, err
		}
		if out.Siblings, err = r.renderSiblings(p, q, d, values); err != nil {
			return nil, err
		}
	} else {
		if p.ObservationSource == nil {
			return nil, errors.New(p.File + ": no observation_source")
		}
		query, params, err := r.rawSQL(j, d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.File, err)
		}
		out.Source = "query"
		if p.ObservationSource.QueryTemplate != "" {
			out.Source = "query_template"
		}
		if out.SQL, names, err = dialects.BindNamed(d, query); err != nil {
			return nil, err
		}
		values = params
	}
	for _, n := range names {
		v, ok := values[n]
		if !ok {
			return nil, fmt.Errorf("%s: the query uses :%s, which no parameter gives", p.File, n)
		}
		out.Values = append(out.Values, BoundValue{Name: n, Literal: literal(d, v)})
	}
	return out, nil
}

// boundStatement is st with its values, taken by placeholder name from
// values and written as d's literals.
func boundStatement(st dialects.Statement, d dialects.Dialect, values map[string]any) *ExtraStatement {
	out := &ExtraStatement{SQL: st.SQL}
	for _, n := range st.Params {
		out.Values = append(out.Values, BoundValue{Name: n, Literal: literal(d, values[n])})
	}
	return out
}

// literal writes a bound value as the dialect's literal, escaped by it.
func literal(d dialects.Dialect, v any) string {
	switch v := v.(type) {
	case time.Time:
		return d.TimestampLiteral(v.UTC())
	case string:
		return d.QuoteString(v)
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "NULL"
	}
	return d.QuoteString(fmt.Sprint(v))
}
