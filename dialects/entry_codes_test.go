package dialects

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/golden"
)

// TestEntryCodeRanks checks the rank layout: literals at odd ranks in
// sorted order, NULL after every value, and the bits that hold them.
func TestEntryCodeRanks(t *testing.T) {
	c := entryCode{literals: []string{"direct", "email", "google"}}
	got := map[string]int{"direct": c.of("direct"), "email": c.of("email"), "google": c.of("google"), "NULL": c.null(), "bits": c.bits()}
	want := map[string]int{"direct": 1, "email": 3, "google": 5, "NULL": 7, "bits": 3}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ranks (-want +got):\n%s", diff)
	}
}

// TestEntryCodesOnlyWhereExact checks which anchor values DuckDB reads as
// ranks: those tested against literals, not a shard key, which needs the
// value, and not a column tested against more literals than a rank's
// bits hold; and that other dialects keep their own form.
func TestEntryCodesOnlyWhereExact(t *testing.T) {
	many := make([]string, 0, 128)
	for i := 0; i < 128; i++ {
		many = append(many, fmt.Sprintf("e.signup.context(channel='c%03d')", i))
	}
	cases := []struct {
		name    string
		dialect string
		refs    []string
		ranked  bool // some value is read as a rank
		structs bool // some value is read through the struct min
	}{
		{"filter", "duckdb", []string{"e.signup.context(channel='google')"}, true, false},
		{"contextAny", "duckdb", []string{"e.signup.contextAny(channel='bing',channel='google')"}, true, false},
		{"shard", "duckdb", []string{"e.signup.context(channel)"}, false, true},
		{"filter and shard", "duckdb", []string{"e.signup.context(channel='google',country)"}, true, true},
		{"127 literals", "duckdb", many[:127], true, false},
		{"128 literals", "duckdb", many, false, true},
		{"postgres", "postgres", []string{"e.signup.context(channel='google')"}, false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			qs := golden.ParseRefs(t, c.refs)
			d, err := Get(c.dialect)
			if err != nil {
				t.Fatal(err)
			}
			b, err := compiler.CompileBatch(qs, compiler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			st, err := RenderBatch(b, d)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(st.SQL, "epoch_us("); got != c.ranked {
				t.Errorf("ranked = %v, want %v:\n%s", got, c.ranked, st.SQL)
			}
			if got := strings.Contains(st.SQL, "{'t': "); got != c.structs {
				t.Errorf("struct min = %v, want %v:\n%s", got, c.structs, st.SQL)
			}
		})
	}
}
