package dialects

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSpliceValues(t *testing.T) {
	hostile := "x' OR 1=1 --"
	tests := []struct {
		name    string
		dialect string
		sql     string
		values  []string
		want    string
		wantErr string
	}{
		{"inside quotes, as the seed writes it", "duckdb", "channel = '" + Marker(0, false) + "'", []string{hostile}, "channel = 'x'' OR 1=1 --'", ""},
		{"bare becomes a literal", "duckdb", "channel = " + Marker(0, false), []string{hostile}, "channel = 'x'' OR 1=1 --'", ""},
		{"sql filter", "postgres", "channel = " + Marker(0, true), []string{"o'brien"}, "channel = 'o''brien'", ""},
		{"clickhouse escapes backslashes", "clickhouse", "c = '" + Marker(0, false) + "'", []string{`a\' OR 1=1 --`}, `c = 'a\\\' OR 1=1 --'`, ""},
		{"mysql inside quotes", "mysql", "c = '" + Marker(0, false) + "' AND d = " + Marker(1, false), []string{`\'`, "ü;"}, `c = '\\''' AND d = 'ü;'`, ""},
		{"quotes of the template itself are kept", "duckdb", "a = 'it''s' AND b = " + Marker(0, false), []string{"v"}, "a = 'it''s' AND b = 'v'", ""},
		{"filtered value inside quotes", "duckdb", "c = '" + Marker(0, true) + "'", []string{"v"}, "", "whole literal"},
		{"value in a comment", "duckdb", "-- " + Marker(0, false) + "\nSELECT 1", []string{"v"}, "", "comment"},
		{"value in a block comment", "duckdb", "/* " + Marker(0, false) + " */ SELECT 1", []string{"v"}, "", "comment"},
		{"value in an identifier", "duckdb", `SELECT "` + Marker(0, false) + `"`, []string{"v"}, "", "identifier"},
		{"unterminated string", "duckdb", "SELECT 'abc", nil, "", "inside a quoted string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Get(tt.dialect)
			if err != nil {
				t.Fatal(err)
			}
			got, err := SpliceValues(d, tt.sql, tt.values)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
