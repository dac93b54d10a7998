package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReferenceErrorPosition: an error in a reference points at its spot
// in the YAML file whether the value is plain, quoted, single-quoted with
// doubled-quote escapes, or a literal block; where the mapping is not
// exact (escapes in double quotes, a folded block) it points at the
// value's start.
func TestReferenceErrorPosition(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"plain", "id: x\nedge_reference: e.a.visted(b)\n", "p.yaml:2:21:"},
		{"double-quoted", "id: x\nedge_reference: \"e.a.visted(b)\"\n", "p.yaml:2:22:"},
		{"single-quoted", "id: x\nedge_reference: 'e.a.visted(b)'\n", "p.yaml:2:22:"},
		{"single-quoted with escapes before", "id: x\nedge_reference: 'e.a.context(k=''x'').visted(b)'\n", "p.yaml:2:39:"},
		{"literal block", "id: x\nedge_reference: |\n  e.a.visited(b)\n    .visted(c)\n", "p.yaml:4:6:"},
		{"literal block, first line", "id: x\nedge_reference: |\n   e.a.visted(c)\n", "p.yaml:3:8:"},
		{"double-quoted with an escape", "id: x\nedge_reference: \"e.a.context(k='\\u00e9').visted(b)\"\n", "p.yaml:2:17:"},
		{"folded block", "id: x\nedge_reference: >\n  e.a.visited(b)\n  .visted(c)\n", "p.yaml:2:17:"},
		{"plain over two lines", "id: x\nedge_reference: e.a.visited(b)\n  .visted(c)\n", "p.yaml:2:17:"},
		{"single-quoted over two lines", "id: x\nedge_reference: 'e.a.visited(b)\n  .visted(c)'\n", "p.yaml:2:17:"},
		{"literal block after a blank line", "id: x\nedge_reference: |\n\n  e.a.visted(c)\n", "p.yaml:4:7:"},
		{"literal block with an indentation indicator", "id: x\nedge_reference: |2\n    e.a.visted(c)\n", "p.yaml:2:17:"},
		{"CRLF line ends", "id: x\r\nedge_reference: e.a.visted(b)\r\n", "p.yaml:2:21:"},
		{"a comment after the value", "id: x\nedge_reference: e.a.visted(b)  # main one\n", "p.yaml:2:21:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, s := range validateFile(t, tt.src, "invalid edge_reference") {
				got = append(got, s[:strings.Index(s, " ")]) // the position alone
			}
			if diff := cmp.Diff([]string{tt.want}, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
