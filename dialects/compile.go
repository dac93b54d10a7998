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

// CompileCounts is the statement update runs to count qs: one batch, or,
// for a single reference the batch does not count, that reference's own
// statement. The report previews the same text, so both call this.
func CompileCounts(qs []*compiler.Query, d Dialect, opts compiler.Options) (Statement, error) {
	if len(qs) == 1 && compiler.Batchable(qs[0]) != nil {
		return Compile(qs[0], d, opts)
	}
	b, err := compiler.CompileBatch(qs, opts)
	if err != nil {
		return Statement{}, err
	}
	return RenderBatch(b, d)
}
