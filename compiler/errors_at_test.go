package compiler

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestErrorAt: an error placed in a file keeps the reference's own line
// for its echo, and counts its position in the file: the reference's
// first line shifts by the column it starts at, later lines do not.
func TestErrorAt(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		line, col int
		want      string
	}{
		{"first line", "e.signup.visted(a)", 4, 3, "f.txt:4:12: unknown clause \"visted\" (did you mean \"visited\"?)"},
		{"second line", "e.signup\n  .visted(a)", 7, 5, "f.txt:8:4: unknown clause \"visted\" (did you mean \"visited\"?)"},
		{"at the start", "e.signup.visted(a)", 1, 1, "f.txt:1:10: unknown clause \"visted\" (did you mean \"visited\"?)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuery(tt.src)
			perr, ok := err.(*Error)
			if !ok {
				t.Fatalf("ParseQuery(%q) = %v, want an *Error", tt.src, err)
			}
			placed := perr.At("f.txt", tt.line, tt.col)
			if diff := cmp.Diff(tt.want, placed.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if perr.File != "" {
				t.Errorf("At changed the original: File %q", perr.File)
			}
		})
	}
}
