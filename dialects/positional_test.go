package dialects

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

// TestPositionalParamsFollowTheText checks that a positional statement
// binds one argument per placeholder, in the order of the text, also
// where a rendered condition is written twice (attempt(any) orders both
// of its window columns by the from-condition, which binds window_end),
// and that a value spelling a placeholder marker stays a value.
func TestPositionalParamsFollowTheText(t *testing.T) {
	hostile := "\x00" + strings.Repeat("0", 24) + ":window_end\x00 '?' --"
	graph := &compiler.Graph{Nodes: map[string]compiler.GraphNode{"odd": {NodeSlug: hostile}}}
	cases := []struct {
		dialect, ref string
		want         []string
	}{
		{"mysql", "e.signup.attempt(any).within(1h)", []string{
			"window_end", "window_end", "window_end", "observe_until", // first, converts, mature
			"window_end", "window_end", // the from-condition in both window columns
			"window_start", "observe_until", // the scan
		}},
		{"duckdb", "e.signup", []string{"window_start", "window_end"}},
		{"duckdb", "e.from(odd).to(pricing).within(1h)", []string{
			"window_end", "window_end", "observe_until", "window_end", "window_start", "observe_until",
		}},
	}
	for _, c := range cases {
		d, err := Get(c.dialect)
		if err != nil {
			t.Fatal(err)
		}
		q, err := compiler.ParseQuery(c.ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := Compile(q, d, compiler.Options{Graph: graph})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.want, st.Params); diff != "" {
			t.Errorf("%s %s: params (-want +got):\n%s\n%s", c.dialect, c.ref, diff, st.SQL)
		}
		text := strings.ReplaceAll(st.SQL, d.QuoteString(hostile), "")
		if n := strings.Count(text, "?"); n != len(st.Params) {
			t.Errorf("%s %s: %d placeholders outside the value, %d params\n%s", c.dialect, c.ref, n, len(st.Params), st.SQL)
		}
		if strings.Contains(c.ref, "odd") && !strings.Contains(st.SQL, d.QuoteString(hostile)) {
			t.Errorf("%s %s: the node's value was changed\n%s", c.dialect, c.ref, st.SQL)
		}
	}
}
