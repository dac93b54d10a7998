package dialects

import (
	"strings"
	"testing"

	"github.com/paramsql/paramsql/compiler"
)

// TestRelevanceFilterLeftOutOnlyWhereWide checks that DuckDB reads every
// event of the window when the relevance filter tests more than
// MaxRelevanceLiterals literals, and tests the narrower ones; the other
// dialects test every filter.
func TestRelevanceFilterLeftOutOnlyWhereWide(t *testing.T) {
	const (
		eight = "e.from(homepage).to(pricing).visited(demo,docs,blog).visitedAny(product-page-1,product-page-2,product-page-3)"
		nine  = eight + ".exclude(signup)"
	)
	for _, c := range []struct {
		name, dialect, ref string
		want               bool // the statement tests the filter
	}{
		{name: "one event type", dialect: "duckdb", ref: "e.signup", want: true},
		{name: "eight literals", dialect: "duckdb", ref: eight, want: true},
		{name: "nine literals", dialect: "duckdb", ref: nine, want: false},
		{name: "two columns, nine literals", dialect: "duckdb", ref: "e.signup.visited(homepage,pricing,demo,docs,blog,a,b)", want: false},
		{name: "postgres keeps it", dialect: "postgres", ref: nine, want: true},
		{name: "clickhouse keeps it", dialect: "clickhouse", ref: nine, want: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := Get(c.dialect)
			if err != nil {
				t.Fatal(err)
			}
			q, err := compiler.ParseQuery(c.ref)
			if err != nil {
				t.Fatal(err)
			}
			p, err := compiler.Compile(q, compiler.Options{Schema: compiler.DefaultSchema()})
			if err != nil {
				t.Fatal(err)
			}
			if p.Relevance == nil {
				t.Fatal("the plan has no relevance filter")
			}
			st, err := Render(p, d)
			if err != nil {
				t.Fatal(err)
			}
			scan := st.SQL[strings.LastIndex(st.SQL, "WHERE"):]
			if got := strings.Contains(scan, "IN (") || strings.Contains(scan, `"event_type" = `); got != c.want {
				t.Errorf("filter tested = %v, want %v:\n%s", got, c.want, scan)
			}
		})
	}
}
