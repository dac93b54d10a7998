package pipeline

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/flosch/pongo2/v6"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/editdistance"
	"github.com/paramsql/paramsql/runtime/config"
)

var registerTemplateFilter sync.Once

// sqlFilter is the template filter `{{ channel|sql }}`: it marks the value
// to be rendered as a whole SQL literal by the dialect's escaper.
func sqlFilter(in *pongo2.Value, _ *pongo2.Value) (*pongo2.Value, *pongo2.Error) {
	s := in.String()
	if len(s) < 3 || s[0] != '\x1d' || s[1] != 'V' {
		return nil, &pongo2.Error{OrigError: errNotContextVariable}
	}
	return pongo2.AsSafeValue("\x1dL" + s[2:]), nil
}

// templateValues are the context variables of a query_template: the
// parameter's context_filter values, by key.
func (r *Runner) templateValues(p *config.Param) map[string]string {
	out := map[string]string{}
	for _, k := range p.ObservationSource.ContextVariables {
		out[k] = p.ContextFilter[k]
	}
	for k, v := range p.ContextFilter {
		out[k] = v
	}
	return out
}

// renderTemplate renders a query_template without ever splicing a value
// raw. Each value enters the template as an opaque marker; pongo2 then only
// decides which clauses stay, and dialects.SpliceValues swaps the markers
// for literals escaped for where they stand. Autoescape is off: it escapes
// HTML, which mangles SQL and stops no injection.
func renderTemplate(src string, d dialects.Dialect, values map[string]string) (string, error) {
	registerTemplateFilter.Do(func() {
		pongo2.SetAutoescape(false)
		_ = pongo2.RegisterFilter("sql", sqlFilter)
	})
	tpl, err := pongo2.FromString(src)
	if err != nil {
		return "", templateError(src, values, err)
	}
	ctx := pongo2.Context{}
	var vals []string
	for k, v := range values {
		if v == "" {
			ctx[k] = ""
			continue
		}
		ctx[k] = dialects.Marker(len(vals), false)
		vals = append(vals, v)
	}
	out, err := tpl.Execute(ctx)
	if err != nil {
		return "", templateError(src, values, err)
	}
	if strings.Contains(out, "\x1d") || len(vals) > 0 {
		return dialects.SpliceValues(d, out, vals)
	}
	return out, nil
}

// TemplateError is a problem in a query_template at a line and column of
// the template (1-based; 0 when pongo2 gave none), with pongo2's own
// "[Error (where: parser) in <string> | Line 3 Col 53 near 'endfi']"
// prefix taken off, so the caller can place it in the YAML file.
type TemplateError struct {
	Line, Col int
	Msg       string
}

// Error says where in the template, in words: a bare line:col here would
// read as the parameter file's.
func (e *TemplateError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d, column %d of the template: %s", e.Line, e.Col, e.Msg)
	}
	return e.Msg
}

// templateError turns pongo2's error into a TemplateError; a filter
// applied to a name that is no context variable (a typo, as often as not)
// names it and the variables there are.
func templateError(src string, values map[string]string, err error) error {
	var pe *pongo2.Error
	if !errors.As(err, &pe) || pe.OrigError == nil {
		return err
	}
	te := &TemplateError{Line: pe.Line, Col: pe.Column, Msg: pe.OrigError.Error()}
	if te.Msg == errNotContextVariable.Error() {
		if name := filteredName(src, pe.Line, pe.Column); name != "" {
			var known []string
			for k := range values {
				known = append(known, k)
			}
			sort.Strings(known)
			te.Msg = fmt.Sprintf("%q is not a context variable, so the sql filter cannot quote it (context variables: %s)", name, strings.Join(known, ", "))
			if s := editdistance.Closest(name, known, 2); s != "" {
				te.Msg += fmt.Sprintf("; did you mean %q?", s)
			}
		}
	}
	return te
}

// errNotContextVariable is the sql filter's error for a value that is not
// a context variable's marker.
var errNotContextVariable = errors.New("the sql filter applies to context variables only")

// filteredName is the variable name a filter at line:col of src (1-based,
// where pongo2 points: at the filter's name) is applied to: the text
// between the "{{" before it and the "|". "" if there is none.
func filteredName(src string, line, col int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) || col < 1 || col-1 > len(lines[line-1]) {
		return ""
	}
	before := lines[line-1][:col-1]
	i := strings.LastIndex(before, "{{")
	if i < 0 {
		return ""
	}
	name, ok := strings.CutSuffix(strings.TrimSpace(before[i+2:]), "|")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " |{}") {
		return ""
	}
	return name
}
