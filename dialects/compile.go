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
