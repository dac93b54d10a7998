package dialects

// A renderer remembers the quotings it asked its dialect for: a statement
// quotes the same few columns and values many times over, and the map
// lookups of the dialects' shared caches (snapcache) showed in compile
// profiles. A pooled renderer keeps them for its next statement in the
// same dialect.

// quoting is a name or value and the dialect's quoting of it; an empty
// slot when quoted is unset.
type quoting struct {
	raw, quoted string
	set         bool
}

// quoteSlots is the size of a quoteTable, a power of two. A table takes
// up to three quarters of it, so that a search soon meets an empty slot.
const quoteSlots = 64

// quoteTable is an open-addressed table of quotings, hashed by a few
// bytes of the raw text rather than all of it: the names and values of
// a schema and its references differ in their length or ends.
type quoteTable struct {
	slots [quoteSlots]quoting
	n     int
}

// slot is where the search for s starts.
func slot(s string) int {
	h := uint(len(s))
	if len(s) > 0 {
		h = h*31 + uint(s[0])
		h = h*31 + uint(s[len(s)/2])
		h = h*31 + uint(s[len(s)-1])
	}
	return int(h & (quoteSlots - 1))
}

// quote returns quote(raw), remembered while the table has room.
func (t *quoteTable) quote(raw string, quote func(string) string) string {
	i := slot(raw)
	for {
		q := &t.slots[i]
		if !q.set {
			break
		}
		if q.raw == raw {
			return q.quoted
		}
		i = (i + 1) & (quoteSlots - 1)
	}
	quoted := quote(raw)
	if t.n < quoteSlots*3/4 {
		t.slots[i] = quoting{raw, quoted, true}
		t.n++
	}
	return quoted
}

// quoteMemo is a renderer's remembered quotings of identifiers and
// strings in its dialect (see dialectMemo).
type quoteMemo struct {
	idents, strs quoteTable
}

// registered tells whether d is the dialect registered under its name,
// whose value is comparable: what a renderer memoises about a dialect
// it keeps only for such a one, which compares with any other dialect
// without panicking.
func registered(d Dialect) bool {
	known, ok := registry[d.Name()]
	return ok && known == d
}

// id quotes a table or column name in the renderer's dialect.
func (r *renderer) id(name string) string {
	return r.memo().quotes.idents.quote(name, r.d.QuoteIdent)
}

// quoteString renders a value as a string literal in the renderer's
// dialect.
func (r *renderer) quoteString(s string) string {
	return r.memo().quotes.strs.quote(s, r.d.QuoteString)
}
