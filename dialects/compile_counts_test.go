package dialects

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// TestCompileCountsChoosesTheStatementUpdateRuns checks both of
// CompileCounts' ways: a reference the batch does not count gets its own
// statement, and any other set of references one batch.
func TestCompileCountsChoosesTheStatementUpdateRuns(t *testing.T) {
	opts := compiler.Options{Schema: compiler.DefaultSchema()}
	d, err := Get("duckdb")
	if err != nil {
		t.Fatal(err)
	}
	own := func(qs []*compiler.Query) (Statement, error) { return Compile(qs[0], d, opts) }
	batch := func(qs []*compiler.Query) (Statement, error) {
		b, err := compiler.CompileBatch(qs, opts)
		if err != nil {
			return Statement{}, err
		}
		return RenderBatch(b, d)
	}
	for _, c := range []struct {
		name string
		refs []string
		want func([]*compiler.Query) (Statement, error)
	}{
		{"one batchable reference", []string{"e.signup.visited(homepage)"}, batch},
		{"several references", []string{"e.signup.visited(homepage)", "e.checkout.context(channel='google')"}, batch},
		{"attempt(any) with excludeBetween", []string{"e.from(homepage).to(signup).excludeBetween(blog).attempt(any)"}, own},
	} {
		t.Run(c.name, func(t *testing.T) {
			qs := golden.ParseRefs(t, c.refs)
			want, err := c.want(qs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := CompileCounts(qs, d, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.SQL, got.SQL); diff != "" {
				t.Errorf("SQL (-want +got):\n%s", diff)
			}
		})
	}
}
