package dialects

import "strings"

// positionalMark and positionalMarkEnd enclose a parameter name where a
// positional placeholder goes, until statementOf resolves it. NUL never
// reaches the text otherwise: the renderer's own text has none, and a
// user's value arrives only through the dialect's literal escaper, which
// would have to pass this whole sequence through.
const (
	positionalMark    = "\x00\x01param:"
	positionalMarkEnd = "\x01\x00"
)

// statementOf finishes rendered SQL: each positional marker becomes the
// dialect's placeholder and adds its name to the parameters, in the order
// of the text, so that a condition written twice binds twice.
func (r *renderer) statementOf(sql string) Statement {
	if r.d.PlaceholderStyle() != Positional {
		return Statement{SQL: sql, Params: r.params}
	}
	var b strings.Builder
	params := r.params
	for {
		i := strings.Index(sql, positionalMark)
		if i < 0 {
			b.WriteString(sql)
			break
		}
		rest := sql[i+len(positionalMark):]
		j := strings.Index(rest, positionalMarkEnd)
		if j < 0 {
			b.WriteString(sql)
			break
		}
		name := rest[:j]
		params = append(params, name)
		b.WriteString(sql[:i])
		b.WriteString(r.d.Placeholder(name, len(params)))
		sql = rest[j+len(positionalMarkEnd):]
	}
	return Statement{SQL: b.String(), Params: params}
}
