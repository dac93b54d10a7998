package editdistance

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"visited", "visited", 0},
		{"visted", "visited", 1},  // a deletion
		{"vistied", "visited", 1}, // neighbours swapped
		{"conection", "connection", 1},
		{"ünï", "uni", 2}, // counted in runes, not bytes
		{"abc", "", 3},
		{"kitten", "sitting", 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := []string{"bigquery", "clickhouse", "duckdb", "mysql", "postgres"}
	tests := []struct {
		word string
		max  int
		want string
	}{
		{"postgress", 2, "postgres"},
		{"DuckDB", 2, "duckdb"},
		{"oracle", 2, ""},
		{"mysq", 1, "mysql"},
		{"mysqlxx", 1, ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.word, names, tt.max); got != tt.want {
			t.Errorf("Closest(%q, %d) = %q, want %q", tt.word, tt.max, got, tt.want)
		}
	}
}
