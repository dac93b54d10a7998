package pipeline

import (
	"fmt"
	"strings"
	"sync"

	"github.com/flosch/pongo2/v6"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/config"
)

var registerTemplateFilter sync.Once

// sqlFilter is the template filter `{{ channel|sql }}`: it marks the value
// to be rendered as a whole SQL literal by the dialect's escaper.
func sqlFilter(in *pongo2.Value, _ *pongo2.Value) (*pongo2.Value, *pongo2.Error) {
	s := in.String()
	if len(s) < 3 || s[0] != '\x1d' || s[1] != 'V' {
		return nil, &pongo2.Error{OrigError: fmt.Errorf("the sql filter applies to context variables only")}
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
		return "", err
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
		return "", err
	}
	if strings.Contains(out, "\x1d") || len(vals) > 0 {
		return dialects.SpliceValues(d, out, vals)
	}
	return out, nil
}
