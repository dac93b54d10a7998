package dialects

import (
	"fmt"
	"strings"
)

// Marker is how a template renderer stands in for the i-th user value:
// two ASCII group separators, which SQL text never holds, around an index.
// A literal marker (from the template's sql filter) must be rendered as a
// whole literal; a plain marker adapts to where it stands.
func Marker(i int, literal bool) string {
	if literal {
		return fmt.Sprintf("\x1dL%d\x1d", i)
	}
	return fmt.Sprintf("\x1dV%d\x1d", i)
}

// SpliceValues replaces the markers in rendered template SQL with user
// values, escaped for where each one stands: inside a quoted string (as in
// the seed's '{{channel}}') it is escaped as string content; in plain SQL
// it becomes a whole literal. A marker inside an identifier or a comment is
// an error, since no escaping makes a user value safe there.
func SpliceValues(d Dialect, sql string, values []string) (string, error) {
	backslash := d.QuoteString(`\`) != `'\'`
	var out strings.Builder
	inString := false
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\x1d':
			end := strings.IndexByte(sql[i+1:], '\x1d')
			if end < 0 {
				return "", fmt.Errorf("template: broken value marker at byte %d", i)
			}
			tok := sql[i+1 : i+1+end]
			var idx int
			if _, err := fmt.Sscanf(tok[1:], "%d", &idx); err != nil || idx < 0 || idx >= len(values) {
				return "", fmt.Errorf("template: broken value marker at byte %d", i)
			}
			v := values[idx]
			switch {
			case inString && tok[0] == 'L':
				return "", fmt.Errorf("template: a value filtered with |sql is a whole literal; remove the quotes around it, or the filter")
			case inString:
				q := d.QuoteString(v)
				out.WriteString(q[1 : len(q)-1])
			default:
				out.WriteString(d.QuoteString(v))
			}
			i += end + 2
			continue
		case inString && backslash && c == '\\' && i+1 < len(sql):
			out.WriteString(sql[i : i+2])
			i += 2
			continue
		case inString && c == '\'':
			if i+1 < len(sql) && sql[i+1] == '\'' {
				out.WriteString("''")
				i += 2
				continue
			}
			inString = false
		case !inString && c == '\'':
			inString = true
		case !inString && (c == '"' || c == '`'):
			end := strings.IndexByte(sql[i+1:], c)
			if end < 0 {
				return "", fmt.Errorf("template: the rendered SQL ends inside a quoted identifier")
			}
			ident := sql[i : i+end+2]
			if strings.Contains(ident, "\x1d") {
				return "", fmt.Errorf("template: a value inside a quoted identifier cannot be made safe; use it as a value")
			}
			out.WriteString(ident)
			i += end + 2
			continue
		case !inString && strings.HasPrefix(sql[i:], "--"):
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				end = len(sql) - i
			}
			if strings.Contains(sql[i:i+end], "\x1d") {
				return "", fmt.Errorf("template: a value inside a comment cannot be made safe; move it out of the comment")
			}
			out.WriteString(sql[i : i+end])
			i += end
			continue
		case !inString && strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				end = len(sql) - i - 2
			} else {
				end += 2
			}
			if strings.Contains(sql[i:i+2+end], "\x1d") {
				return "", fmt.Errorf("template: a value inside a comment cannot be made safe; move it out of the comment")
			}
			out.WriteString(sql[i : i+2+end])
			i += 2 + end
			continue
		}
		out.WriteByte(c)
		i++
	}
	if inString {
		return "", fmt.Errorf("template: the rendered SQL ends inside a quoted string")
	}
	return out.String(), nil
}
