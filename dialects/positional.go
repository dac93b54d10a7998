package dialects

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	mathrand "math/rand/v2"
	"slices"
)

// positionalMarkEnd ends the marker of a positional placeholder, which
// marker() begins.
const positionalMarkEnd = "\x00"

// marker begins a parameter name where a positional placeholder goes,
// until finishStatement resolves it. It holds a random nonce drawn per
// statement, so no value in the text (a graph file's node, say, which
// reaches it through the literal escaper) can spell a marker. It is
// kept in the renderer, which spares it an allocation.
//
// A pooled renderer draws its nonces from its own ChaCha8, keyed with 256
// bits from crypto/rand when the renderer was made: a cryptographically
// strong generator, so its nonces are as unpredictable as crypto/rand's
// to anyone without the key, which never leaves the renderer, and the
// nonces never leave it either (finishStatement removes every marker).
// Other renderers draw from crypto/rand, whose call per statement
// showed in compile profiles.
func (r *renderer) marker() []byte {
	if !r.marking {
		if r.nonces != nil {
			_, _ = r.nonces.Read(r.nonce[:]) // ChaCha8.Read never fails
		} else {
			_, _ = rand.Read(r.nonce[:]) // crypto/rand.Read never fails
		}
		r.mark[0] = 0
		hex.Encode(r.mark[1:], r.nonce[:])
		r.mark[len(r.mark)-1] = ':'
		r.marking = true
	}
	return r.mark[:]
}

// newNonces returns a generator of marker nonces keyed from crypto/rand.
func newNonces() *mathrand.ChaCha8 {
	var key [32]byte
	_, _ = rand.Read(key[:]) // crypto/rand.Read never fails
	return mathrand.NewChaCha8(key)
}

// markLen is the length of a marker's start: a NUL byte, the nonce in
// hex and a colon.
const markLen = 1 + 2*nonceLen + 1

// nonceLen is how many random bytes a marker holds: 96 bits, which no
// value can guess.
const nonceLen = 12

// finishStatement finishes the statement written in r.out, less its
// trailing newlines: each positional marker becomes the dialect's
// placeholder and adds its name to the parameters, in the order of the
// text, so that a condition written twice binds twice. The markers are
// replaced in place, as none is shorter than its placeholder, so the
// SQL is copied out of r.out once.
func (r *renderer) finishStatement() Statement {
	sql := bytes.TrimRight(r.out.b, "\n")
	if r.d.PlaceholderStyle() != Positional || !r.marking {
		return Statement{SQL: string(sql), Params: r.params}
	}
	mark := r.mark[:]
	// The names collect on the stack and are copied out at their count:
	// counting the markers first took another pass over the text.
	var room [8]string
	params := room[:0] // a positional placeholder records no name but its marker's
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
	var out []string
	if len(params) > 0 {
		out = make([]string, len(params))
		copy(out, params)
	}
	return Statement{SQL: string(sql[:w]), Params: out}
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
