package dialects

import (
	"strings"
	"testing"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// TestRelevanceFilterLeftOutOnlyWhereWide checks that a DuckDB batch reads
// every event of the window when its relevance filter tests more than
// MaxRelevanceLiterals literals, and tests narrower ones; that a single
// reference keeps its filter however wide; and that the other dialects
// test every filter.
func TestRelevanceFilterLeftOutOnlyWhereWide(t *testing.T) {
	var (
		eight = []string{"e.from(homepage).to(pricing).visited(demo,docs,blog).visitedAny(product-page-1,product-page-2,product-page-3)"}
		nine  = []string{eight[0] + ".exclude(signup)"}
		split = []string{"e.signup.visited(homepage,pricing,demo)", "e.checkout.visited(docs,blog)"} // 4 event types, 5 nodes
	)
	for _, c := range []struct {
		name, dialect string
		refs          []string
		batch         bool
		want          bool // the statement tests the filter
	}{
		{name: "one event type", dialect: "duckdb", refs: []string{"e.signup"}, batch: true, want: true},
		{name: "eight literals", dialect: "duckdb", refs: eight, batch: true, want: true},
		{name: "nine literals", dialect: "duckdb", refs: nine, batch: true, want: false},
		{name: "nine literals over two references and two columns", dialect: "duckdb", refs: split, batch: true, want: false},
		{name: "a single reference keeps it", dialect: "duckdb", refs: nine, want: true},
		{name: "postgres keeps it", dialect: "postgres", refs: nine, batch: true, want: true},
		{name: "clickhouse keeps it", dialect: "clickhouse", refs: nine, batch: true, want: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			d, err := Get(c.dialect)
			if err != nil {
				t.Fatal(err)
			}
			qs := golden.ParseRefs(t, c.refs)
			opts := compiler.Options{Schema: compiler.DefaultSchema()}
			var st Statement
			if c.batch {
				b, err := compiler.CompileBatch(qs, opts)
				if err != nil {
					t.Fatal(err)
				}
				if len(b.Scans) != 1 || b.Scans[0].Relevance == nil {
					t.Fatalf("want one scan with a relevance filter, got %d scan(s)", len(b.Scans))
				}
				st, err = RenderBatch(b, d)
				if err != nil {
					t.Fatal(err)
				}
			} else {
				p, err := compiler.Compile(qs[0], opts)
				if err != nil {
					t.Fatal(err)
				}
				if p.Relevance == nil {
					t.Fatal("the plan has no relevance filter")
				}
				if st, err = Render(p, d); err != nil {
					t.Fatal(err)
				}
			}
			scan := st.SQL[strings.Index(st.SQL, "WHERE"):]
			scan = scan[:strings.Index(scan, "GROUP BY")]
			if got := strings.Contains(scan, "'"); got != c.want { // the window's bounds are parameters
				t.Errorf("filter tested = %v, want %v:\n%s", got, c.want, scan)
			}
		})
	}
}
