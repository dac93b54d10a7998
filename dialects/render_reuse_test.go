package dialects

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

// TestRenderedStatementsOwnTheirMemory checks that Render's reuse of its
// renderers and their buffers between calls leaves every statement it
// returned as it was: its SQL and parameters are copied out, in every
// placeholder style.
func TestRenderedStatementsOwnTheirMemory(t *testing.T) {
	refs := []string{
		"e.signup.visited(homepage).context(channel='google')",
		"e.from(homepage).to(pricing).within(1h)",
		"e.checkout.exclude(blog).by(week)",
	}
	for _, name := range []string{"duckdb", "postgres", "bigquery"} {
		d, err := Get(name)
		if err != nil {
			t.Fatal(err)
		}
		compile := func(ref string) Statement {
			q, err := compiler.ParseQuery(ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := Compile(q, d, compiler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return st
		}
		var got, want []Statement
		for _, ref := range refs {
			st := compile(ref)
			got = append(got, st)
			// A deep copy, taken before the next Render.
			want = append(want, Statement{SQL: string([]byte(st.SQL)), Params: append([]string(nil), st.Params...)})
		}
		for i := len(refs) - 1; i >= 0; i-- {
			compile(refs[i])
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: statements changed by later renders (-want +got):\n%s", name, diff)
		}
		for i, ref := range refs {
			if diff := cmp.Diff(want[i], compile(ref)); diff != "" {
				t.Errorf("%s %s: a reused renderer renders differently (-first +again):\n%s", name, ref, diff)
			}
		}
	}
}
