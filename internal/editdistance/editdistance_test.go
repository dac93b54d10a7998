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
