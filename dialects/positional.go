package dialects

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"slices"
)

// positionalMarkEnd ends the marker of a positional placeholder, which
// marker() begins.
const positionalMarkEnd = "\x00"

// marker begins a parameter name where a positional placeholder goes,
// until finishStatement resolves it. It holds a random nonce drawn per
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

// finishStatement finishes the statement written in r.out, less its
// trailing newlines: each positional marker becomes the dialect's
// placeholder and adds its name to the parameters, in the order of the
// text, so that a condition written twice binds twice. The markers are
// replaced in place, as none is shorter than its placeholder, so the
// SQL is copied out of r.out once.
func (r *renderer) finishStatement() Statement {
	sql := bytes.TrimRight(r.out.b, "\n")
	if r.d.PlaceholderStyle() != Positional || r.mark == "" {
		return Statement{SQL: string(sql), Params: r.params}
	}
	mark := []byte(r.mark)
	params := slices.Grow(r.params, bytes.Count(sql, mark))
	// w is where the resolved text ends: it never passes the text still
	// to read, which starts at rest.
	w, rest := 0, sql
	for {
		i := bytes.Index(rest, mark)
		if i < 0 {
			break
		}
		after := rest[i+len(mark):]
		j := bytes.Index(after, []byte(positionalMarkEnd))
		if j < 0 {
			break
		}
		name := r.markedName(after[:j])
		params = append(params, name)
		w += copy(sql[w:], rest[:i])
		ph := r.d.Placeholder(name, len(params))
		if len(ph) > len(mark)+j+len(positionalMarkEnd) {
			panic("dialects: a positional placeholder is longer than its marker")
		}
		w += copy(sql[w:], ph)
		rest = after[j+len(positionalMarkEnd):]
	}
	w += copy(sql[w:], rest)
	return Statement{SQL: string(sql[:w]), Params: params}
}

// markName records the name of a parameter written as a marker, so that
// finishStatement finds it without copying it out of the text.
func (r *renderer) markName(name string) {
	if !slices.Contains(r.marked, name) {
		r.marked = append(r.marked, name)
	}
}

// markedName is the recorded parameter name spelled b.
func (r *renderer) markedName(b []byte) string {
	for _, n := range r.marked {
		if n == string(b) {
			return n
		}
	}
	return string(b)
}
