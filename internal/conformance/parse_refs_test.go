package conformance

import (
	"testing"

	"github.com/paramsql/paramsql/compiler"
)

// parseRefs parses each reference, failing the test on the first that
// does not parse.
func parseRefs(t *testing.T, refs []string) []*compiler.Query {
	t.Helper()
	var qs []*compiler.Query
	for _, src := range refs {
		q, err := compiler.ParseQuery(src)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	return qs
}
