package dialects

import (
	"bytes"
	"testing"
)

// TestMarkersDifferPerStatement checks that every statement's markers
// hold a nonce of their own, from a pooled renderer's generator as from
// crypto/rand, so that a value seen once cannot spell the next one.
func TestMarkersDifferPerStatement(t *testing.T) {
	d, _ := Get("duckdb")
	seen := map[string]bool{}
	for i := range 20 {
		r := renderers.Get().(*renderer)
		if i%2 == 1 {
			r = &renderer{} // drawn from crypto/rand
		}
		r.d = d
		m := r.marker()
		if len(m) != markLen || m[0] != 0 || m[len(m)-1] != ':' || bytes.Count(m, []byte{0}) != 1 {
			t.Fatalf("malformed marker %q", m)
		}
		if !bytes.Equal(m, r.marker()) {
			t.Fatalf("a statement's marker changed within it")
		}
		if seen[string(m)] {
			t.Fatalf("marker %q drawn twice", m)
		}
		seen[string(m)] = true
		if r.nonces != nil {
			r.release()
		}
	}
}
