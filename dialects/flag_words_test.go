package dialects

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

// TestFlagWordsPackOnlyWhereTheyPay checks when a DuckDB statement ORs
// its visited flags into one word: from minPackedFlags flags on one
// column, not for fewer, and not when a shard column takes the word's
// name. Hostile node names go through the dialect's quoting.
func TestFlagWordsPackOnlyWhereTheyPay(t *testing.T) {
	d, err := Get("duckdb")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, ref string
		want      []string // the word's CASE arms, nil for no word
	}{
		{name: "one flag stays apart", ref: "e.signup.visited(homepage)"},
		{name: "two flags share a word", ref: "e.signup.visited(homepage,pricing)",
			want: []string{"WHEN 'homepage' THEN 1", "WHEN 'pricing' THEN 2"}},
		{name: "three flags share a word", ref: "e.signup.visited(homepage,pricing,demo)",
			want: []string{"WHEN 'demo' THEN 1", "WHEN 'homepage' THEN 2", "WHEN 'pricing' THEN 4"}},
		{name: "hostile names are quoted", ref: `e.signup.visited('a''b','c\d','--;é')`,
			want: []string{"WHEN '--;é' THEN 1", "WHEN 'a''b' THEN 2", `WHEN 'c\d' THEN 4`}},
		{name: "a shard column named like the word turns packing off", ref: "e.signup.visited(homepage,pricing,demo).context(visited_flags).attribution(event)"},
		{name: "in any case", ref: "e.signup.visited(homepage,pricing,demo).context(Visited_Flags).attribution(event)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			q, err := compiler.ParseQuery(c.ref)
			if err != nil {
				t.Fatal(err)
			}
			opts := compiler.Options{Schema: compiler.DefaultSchema()}
			st, err := Compile(q, d, opts)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			if i := strings.Index(st.SQL, "bit_or(CASE "); i >= 0 {
				arms := st.SQL[i:]
				arms = arms[:strings.Index(arms, " ELSE 0 END")]
				for _, a := range strings.Split(arms, " WHEN ")[1:] {
					got = append(got, "WHEN "+a)
				}
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("word's arms (-want +got):\n%s\n%s", diff, st.SQL)
			}
		})
	}
}
