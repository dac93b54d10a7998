package dialects

import "github.com/paramsql/paramsql/compiler"

// Compile plans a normalised reference and renders it in dialect d.
func Compile(q *compiler.Query, d Dialect, opts compiler.Options) (Statement, error) {
	p, err := compiler.Compile(q, opts)
	if err != nil {
		return Statement{}, err
	}
	return Render(p, d)
}
