package dialects

// A renderer remembers the quotings it asked its dialect for: a statement
// quotes the same few columns and values many times over, and the map
// lookups of the dialects' shared caches (snapcache) showed in compile
// profiles. A pooled renderer keeps them for its next statement in the
// same dialect.

// quoting is a name or value and the dialect's quoting of it.
type quoting struct{ raw, quoted string }

// maxQuotings bounds each list of a quoteMemo, searched in order.
const maxQuotings = 16

// quoteMemo is a renderer's remembered quotings of identifiers and
// strings in dialect, a registered dialect (see registered), or none.
type quoteMemo struct {
	dialect          Dialect
	idents, strs     [maxQuotings]quoting
	nIdents, nString int
}

// registered tells whether d is the dialect registered under its name,
// whose value is comparable: what a renderer memoises about a dialect
// it keeps only for such a one, which compares with any other dialect
// without panicking.
func registered(d Dialect) bool {
	known, ok := registry[d.Name()]
	return ok && known == d
}

// quotings returns the renderer's quoteMemo for its dialect, nil when
// its dialect is not registered.
func (r *renderer) quotings() *quoteMemo {
	m := &r.memo().quotes
	if m.dialect != nil && m.dialect == r.d {
		return m
	}
	*m = quoteMemo{}
	if !registered(r.d) {
		return nil
	}
	m.dialect = r.d
	return m
}

// id quotes a table or column name in the renderer's dialect.
func (r *renderer) id(name string) string {
	m := r.quotings()
	if m == nil {
		return r.d.QuoteIdent(name)
	}
	for _, q := range m.idents[:m.nIdents] {
		if q.raw == name {
			return q.quoted
		}
	}
	quoted := r.d.QuoteIdent(name)
	if m.nIdents < maxQuotings {
		m.idents[m.nIdents] = quoting{name, quoted}
		m.nIdents++
	}
	return quoted
}

// quoteString renders a value as a string literal in the renderer's
// dialect.
func (r *renderer) quoteString(s string) string {
	m := r.quotings()
	if m == nil {
		return r.d.QuoteString(s)
	}
	for _, q := range m.strs[:m.nString] {
		if q.raw == s {
			return q.quoted
		}
	}
	quoted := r.d.QuoteString(s)
	if m.nString < maxQuotings {
		m.strs[m.nString] = quoting{s, quoted}
		m.nString++
	}
	return quoted
}
