package connect

import (
	"strings"
	"testing"
)

// TestDuckDBErrorOffset: the caret under DuckDB's "LINE n:" window is
// placed in the query, whether the window is the whole line or a cut of
// it, and counted in characters, as DuckDB counts them.
func TestDuckDBErrorOffset(t *testing.T) {
	const query = "SELECT count(*) AS trials\nFROM evnts WHERE created_at >= ?"
	caret := func(col int) string { return strings.Repeat(" ", len("LINE 1: ")+col) + "^" }
	tests := []struct {
		name, query, msg string
		want             int
	}{
		{"whole line", query, "Catalog Error: Table with name evnts does not exist!\n\nLINE 2: FROM evnts WHERE created_at >= ?\n" + caret(5), 26 + 5},
		{"cut line", query, "Binder Error: x\n\nLINE 2: ...evnts WHERE created_at >= ?\n" + caret(15), 26 + 17},
		{"first line", query, "Binder Error: y\n\nLINE 1: SELECT count(*) AS trials\n" + caret(7), 7},
		{"no pointer", query, "Binder Error: z", -1},
		{"window not in the query", query, "Binder Error: q\n\nLINE 2: FROM other\n" + caret(0), -1},
		{"line past the end", query, "Binder Error: q\n\nLINE 9: FROM evnts\n" + caret(0), -1},
		// x is the 16th character and starts at byte 17, after two é.
		{"after multibyte text", "SELECT 'éé' AS x", "Binder Error: w\n\nLINE 1: SELECT 'éé' AS x\n" + caret(15), 17},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := duckDBErrorOffset(tt.query, tt.msg); got != tt.want {
				t.Errorf("offset %d, want %d", got, tt.want)
			}
		})
	}
}
