package connect

import "testing"

// TestDuckDBErrorOffset: the caret under DuckDB's "LINE n:" window is
// placed in the query, whether the window is the whole line or a cut of
// it.
func TestDuckDBErrorOffset(t *testing.T) {
	query := "SELECT count(*) AS trials\nFROM evnts WHERE created_at >= ?"
	tests := []struct {
		name, msg string
		want      int
	}{
		{"whole line", "Catalog Error: Table with name evnts does not exist!\n\nLINE 2: FROM evnts WHERE created_at >= ?\n             ^", 26 + 5},
		{"cut line", "Binder Error: x\n\nLINE 2: ...evnts WHERE created_at >= ?\n                       ^", 26 + 17},
		{"first line", "Binder Error: y\n\nLINE 1: SELECT count(*) AS trials\n               ^", 7},
		{"no pointer", "Binder Error: z", -1},
		{"window not in the query", "Binder Error: q\n\nLINE 2: FROM other\n        ^", -1},
		{"line past the end", "Binder Error: q\n\nLINE 9: FROM evnts\n        ^", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := duckDBErrorOffset(query, tt.msg); got != tt.want {
				t.Errorf("offset %d, want %d", got, tt.want)
			}
		})
	}
}
