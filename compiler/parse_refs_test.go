package compiler

import "testing"

// parseRefs parses each reference, failing the test on the first that
// does not parse.
func parseRefs(t *testing.T, refs []string) []*Query {
	t.Helper()
	var qs []*Query
	for _, src := range refs {
		q, err := ParseQuery(src)
		if err != nil {
			t.Fatal(err)
		}
		qs = append(qs, q)
	}
	return qs
}
