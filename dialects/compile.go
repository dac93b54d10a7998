package dialects

import "github.com/paramsql/paramsql/compiler"

// Compile plans a normalised reference and renders it in dialect d. The
// plan is dropped once rendered (a Statement holds none of it), so its
// memory is reused: see compiler.CompileWith.
func Compile(q *compiler.Query, d Dialect, opts compiler.Options) (Statement, error) {
	var st Statement
	err := compiler.CompileWith(q, opts, func(p *compiler.Plan) error {
		var err error
		st, err = Render(p, d)
		return err
	})
	return st, err
}
