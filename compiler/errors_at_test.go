package compiler

import (
	"strings"
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

// TestDetailEchoesAWindowOfALongLine: a long reference is echoed as a
// window around the error, the caret still under it.
func TestDetailEchoesAWindowOfALongLine(t *testing.T) {
	long := "e.signup.visited(" + strings.Repeat("a,", 2000) + "b).visted(c)"
	_, err := ParseQuery(long)
	perr, ok := err.(*Error)
	if !ok {
		t.Fatalf("ParseQuery = %v, want an *Error", err)
	}
	lines := strings.Split(perr.Detail(), "\n")
	if len(lines) != 3 {
		t.Fatalf("Detail has %d lines, want 3:\n%s", len(lines), perr.Detail())
	}
	echo, caret := []rune(lines[1]), []rune(lines[2])
	if len(echo) > echoWidth+2 {
		t.Errorf("echo is %d runes, want at most %d", len(echo), echoWidth+2)
	}
	if echo[0] != '…' {
		t.Errorf("echo %q does not mark its cut start", lines[1])
	}
	at := len(caret) - 1
	if caret[at] != '^' || string(echo[at:at+6]) != "visted" {
		t.Errorf("caret under %q, want under visted:\n%s\n%s", string(echo[at:]), lines[1], lines[2])
	}
	short := "e.signup.visted(c)"
	_, err = ParseQuery(short)
	if got := strings.Split(err.(*Error).Detail(), "\n")[1]; got != short {
		t.Errorf("a short reference is echoed as %q, want it whole", got)
	}
}
