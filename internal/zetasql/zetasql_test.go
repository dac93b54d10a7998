package zetasql

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/events"
	_ "github.com/paramsql/paramsql/internal/golden"
)

func TestMain(m *testing.M) {
	code := m.Run()
	CloseShared()
	os.Exit(code)
}

// TestValuesRoundTrip sends values through a table and a parameter and
// reads them back: what the evaluator sees must be exactly what the
// oracle sees, hostile strings and NULLs included.
func TestValuesRoundTrip(t *testing.T) {
	c := Shared(t)
	at := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	cases := []struct {
		name string
		v    any
		kind Kind
		want any
	}{
		{"quote", "o'brien", String, "o'brien"},
		{"backslash", `a\b'`, String, `a\b'`},
		{"comment and semicolon", "x--y; DROP TABLE events; --", String, "x--y; DROP TABLE events; --"},
		{"unicode", "ünïcödé 😀 数据", String, "ünïcödé 😀 数据"},
		{"newline", "line1\nline2", String, "line1\nline2"},
		{"empty", "", String, ""},
		{"null", nil, String, nil},
		{"int64", int64(-1) << 62, Int64, int64(-1) << 62},
		{"timestamp", at, Timestamp, at},
		{"date", at, Date, time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tb := Table{Name: "t", Columns: []Column{{Name: "v", Kind: tc.kind}}, Rows: [][]any{{tc.v}}}
			res, err := c.Evaluate("SELECT v FROM t", []Table{tb}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([][]any{{tc.want}}, res.Rows); diff != "" {
				t.Errorf("table value (-sent +read):\n%s", diff)
			}
			if diff := cmp.Diff([]Column{{Name: "v", Kind: tc.kind}}, res.Columns); diff != "" {
				t.Errorf("columns (-want +got):\n%s", diff)
			}
			if tc.v == nil || tc.kind == Date {
				return
			}
			res, err = c.Evaluate("SELECT @p AS p", nil, map[string]any{"p": tc.v})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([][]any{{tc.want}}, res.Rows); diff != "" {
				t.Errorf("parameter (-sent +read):\n%s", diff)
			}
		})
	}
}

func TestEncodeRefusesInvalidUTF8(t *testing.T) {
	if _, err := encode(Column{Kind: String}, "a\xffb"); err == nil {
		t.Fatal("encode accepted a string that is not UTF-8; JSON would have changed it")
	}
}

// TestAnalyzeResolvesNames checks that analysis resolves names and types
// against the catalog, not only the syntax, and reports each statement
// of a script.
func TestAnalyzeResolvesNames(t *testing.T) {
	c := Shared(t)
	tables := []Table{EventsTable("events", nil)}
	params := map[string]Kind{"window_start": Timestamp}
	cases := []struct {
		name    string
		sql     string
		want    [][]Column
		wantErr string
	}{
		{
			name: "two statements",
			sql:  "-- a comment\nSELECT COUNTIF(`event_type` = 'x') AS n FROM `events` WHERE created_at >= @window_start;\n\nSELECT DATE(created_at) AS d FROM events;\n",
			want: [][]Column{{{Name: "n", Kind: Int64}}, {{Name: "d", Kind: Date}}},
		},
		{name: "unknown column", sql: "SELECT nope FROM events", wantErr: "Unrecognized name: nope"},
		{name: "unknown table", sql: "SELECT 1 FROM elsewhere", wantErr: "Table not found: elsewhere"},
		{name: "undeclared parameter", sql: "SELECT 1 FROM events WHERE created_at < @window_end", wantErr: "window_end"},
		{name: "type mismatch", sql: "SELECT 1 FROM events WHERE created_at = 'x' || 1", wantErr: "No matching signature"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.AnalyzeAll(tc.sql, tables, params)
			if tc.wantErr != "" {
				var zerr *Error
				if !errors.As(err, &zerr) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v, want a ZetaSQL error holding %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("output columns (-want +got):\n%s", diff)
			}
		})
	}
}

// TestKnownGroupByExpressionBug pins the ZetaSQL 2023.08.1 bug that the
// bigquery dialect works around by grouping by the alias: a grouped
// expression repeated in GROUP BY cannot be ordered by its alias.
// BigQuery and ZetaSQL 2024.03 accept both forms; if a newer package
// accepts the first, this test says so and the workaround may go.
func TestKnownGroupByExpressionBug(t *testing.T) {
	c := Shared(t)
	tables := []Table{EventsTable("events", []events.Event{})}
	const byExpr = "SELECT DATE(created_at) AS d, count(*) AS n FROM events GROUP BY DATE(created_at) ORDER BY d"
	const byAlias = "SELECT DATE(created_at) AS d, count(*) AS n FROM events GROUP BY d ORDER BY d"
	if _, err := c.Evaluate(byExpr, tables, nil); err == nil {
		t.Errorf("ZetaSQL now accepts GROUP BY expression ORDER BY alias; the alias workaround is no longer needed")
	}
	if _, err := c.Evaluate(byAlias, tables, nil); err != nil {
		t.Errorf("GROUP BY alias: %v", err)
	}
}
