package dialects

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"strings"
)

// positionalMarkEnd ends the marker of a positional placeholder, which
// marker() begins.
const positionalMarkEnd = "\x00"

// marker begins a parameter name where a positional placeholder goes,
// until statementOf resolves it. It holds a random nonce drawn per
// statement, so no value in the text (a graph file's node, say, which
// reaches it through the literal escaper) can spell a marker.
func (r *renderer) marker() string {
	if r.mark == "" {
		_, _ = rand.Read(r.nonce[:]) // crypto/rand.Read never fails
		var m [1 + 2*len(r.nonce) + 1]byte
		hex.Encode(m[1:], r.nonce[:])
		m[len(m)-1] = ':'
		r.mark = string(m[:]) // "\x00", the nonce in hex, ":"
	}
	return r.mark
}

// statementOf finishes rendered SQL: each positional marker becomes the
// dialect's placeholder and adds its name to the parameters, in the order
// of the text, so that a condition written twice binds twice.
func (r *renderer) statementOf(sql string) Statement {
	if r.d.PlaceholderStyle() != Positional || r.mark == "" {
		return Statement{SQL: sql, Params: r.params}
	}
	var b strings.Builder
	b.Grow(len(sql)) // markers are longer than placeholders, so this is enough
	params := slices.Grow(r.params, strings.Count(sql, r.mark))
	for {
		i := strings.Index(sql, r.mark)
		if i < 0 {
			b.WriteString(sql)
			break
		}
		rest := sql[i+len(r.mark):]
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
