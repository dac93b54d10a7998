package dialects

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

// TestFirstTimesFromRankKeysOnlyWhereReadAsTimes checks which DuckDB
// statements read an anchor's first time from its ranked entry value:
// those whose first is only tested for NULL and compared with other
// times, never one with a period or within(), which read it otherwise.
func TestFirstTimesFromRankKeysOnlyWhereReadAsTimes(t *testing.T) {
	d, err := Get("duckdb")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		ref  string
		want []string // lines the statement must hold
		not  []string // text it must not
	}{
		{ref: "e.signup.context(channel='google')",
			want: []string{
				`FILTER (WHERE "event_type" = 'signup_attempt') >> 2) AS first_signup_attempt,`,
				"epoch_us(last_signup_success) >= first_signup_attempt",
			}},
		{ref: "e.signup.visited(homepage)", not: []string{">> "}},
		{ref: "e.signup.context(channel='google').by(week)", not: []string{">> "}},
		{ref: "e.signup.context(channel='google').within(1h)", not: []string{">> "}},
		{ref: "e.signup.context(channel).attribution(entry)", not: []string{">> "}},
	} {
		t.Run(c.ref, func(t *testing.T) {
			q, err := compiler.ParseQuery(c.ref)
			if err != nil {
				t.Fatal(err)
			}
			st, err := Compile(q, d, compiler.Options{Schema: compiler.DefaultSchema()})
			if err != nil {
				t.Fatal(err)
			}
			var missing []string
			for _, w := range c.want {
				if !strings.Contains(st.SQL, w) {
					missing = append(missing, w)
				}
			}
			for _, n := range c.not {
				if strings.Contains(st.SQL, n) {
					missing = append(missing, "not "+n)
				}
			}
			if diff := cmp.Diff([]string(nil), missing); diff != "" {
				t.Errorf("(-want +got):\n%s\n%s", diff, st.SQL)
			}
		})
	}
}
