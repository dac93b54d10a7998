package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCommentCutHint: a plain value that " #" cut short gets a hint that
// YAML took the rest as a comment; a quoted one, or one with no comment,
// does not.
func TestCommentCutHint(t *testing.T) {
	const hint = `YAML read the line from " #" on as a comment; put the whole value in double quotes`
	tests := []struct {
		name, src string
		want      []string
	}{
		{"cut by a comment", "id: x\nedge_reference: e.checkout.context(channel='ads #1')\n",
			[]string{`p.yaml:2:44: invalid edge_reference: unterminated quoted string (close it with ' and write '' for a quote inside; ` + hint + `)`}},
		{"quoted whole", "id: x\nedge_reference: \"e.checkout.context(channel='ads #1')\"\n", nil},
		{"a comment after a good value", "id: x\nedge_reference: e.checkout # the main edge\n", nil},
		{"a comment after a typo is no cut", "id: x\nedge_reference: e.a.visted(b)  # main one\n",
			[]string{`p.yaml:2:21: invalid edge_reference: unknown clause "visted" (did you mean "visited"?)`}},
		{"a cut parenthesis", "id: x\nedge_reference: e.a.visited(b #2)\n",
			[]string{`p.yaml:2:30: invalid edge_reference: expected "," or ")", found end of reference (the "(" at 1:12 is never closed; ` + hint + `)`}},
		{"no comment", "id: x\nedge_reference: e.checkout.context(channel='ads\n", []string{`p.yaml:2:44: invalid edge_reference: unterminated quoted string (close it with ' and write '' for a quote inside)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validateFile(t, tt.src, "edge_reference")
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// validateFile writes src as a parameter file, loads and validates it
// against testProject, and returns the errors that mention substr, the
// file's path written as p.yaml. Positions mapped through the file's own
// text (a literal block, a YAML comment) need the file on disk.
func validateFile(t *testing.T, src, substr string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadParam(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range p.Validate(testProject()) {
		if s := e.Error(); strings.Contains(s, substr) {
			got = append(got, strings.ReplaceAll(s, path, "p.yaml"))
		}
	}
	return got
}
