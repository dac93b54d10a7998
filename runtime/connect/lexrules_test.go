package connect

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/internal/testdb"
)

// fails stands for "the engine refuses the query" in lexProbes.
type fails struct{}

// lexProbes each tell one of dialects.LexRules apart on a real engine: the
// query gives ifSet when the rule holds for the engine and ifUnset when it
// does not. This is what keeps BindNamed and ValidateSelect honest about
// what the engines treat as strings and comments.
var lexProbes = []struct {
	rule           string
	holds          func(dialects.LexRules) bool
	applies        func(dialects.LexRules) bool
	query          string
	ifSet, ifUnset any
	// orFailsOn names an engine that may also refuse the query: one
	// where the rule is set on purpose although this server lacks the
	// syntax.
	orFailsOn string
}{
	{"BackslashEscapes", func(r dialects.LexRules) bool { return r.BackslashEscapes }, nil,
		`SELECT length('\\') AS n`, int64(1), int64(2), ""},
	{"EStrings", func(r dialects.LexRules) bool { return r.EStrings }, nil,
		`SELECT E'a\'b' AS s`, "a'b", fails{}, ""},
	{"DollarQuotes", func(r dialects.LexRules) bool { return r.DollarQuotes }, nil,
		`SELECT $$a'b$$ AS s`, "a'b", fails{}, ""},
	{"NestedComments", func(r dialects.LexRules) bool { return r.NestedComments }, nil,
		"SELECT /* /* */ 1 AS n */ 2 AS n", int64(2), fails{}, ""},
	{"HashComments", func(r dialects.LexRules) bool { return r.HashComments }, nil,
		"SELECT 1 AS n # a comment\n", int64(1), fails{},
		// ClickHouse 18.16 refuses # outright; later releases read it as
		// a comment, which is therefore the safe reading for both.
		"clickhouse"},
	{"DashDashNeedsSpace", func(r dialects.LexRules) bool { return r.DashDashNeedsSpace }, nil,
		"SELECT 1 --1\nAS n", int64(2), int64(1), ""},
	{"DoubleQuotedStrings", func(r dialects.LexRules) bool { return r.DoubleQuotedStrings }, nil,
		`SELECT "abc" AS s`, "abc", fails{}, ""},
	{"Backticks", func(r dialects.LexRules) bool { return r.Backticks }, nil,
		"SELECT `n` FROM (SELECT 1 AS n) t", int64(1), fails{}, ""},
	{"BackslashInQuotedIdents", func(r dialects.LexRules) bool { return r.BackslashInQuotedIdents },
		func(r dialects.LexRules) bool { return !r.DoubleQuotedStrings },
		`SELECT 1 AS "a\"b"`, int64(1), fails{}, ""},
	{"ExecutableComments", func(r dialects.LexRules) bool { return r.ExecutableComments }, nil,
		"SELECT 1 /*! + 1 */ AS n", int64(2), int64(1), ""},
}

func TestLexRulesMatchEngines(t *testing.T) {
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := openEngine(t, e, "lex", 30*time.Second)
			rules := dialects.LexRulesFor(db.Dialect())
			for _, p := range lexProbes {
				if p.applies != nil && !p.applies(rules) {
					continue
				}
				want := p.ifUnset
				if p.holds(rules) {
					want = p.ifSet
				}
				var got any = fails{}
				res, err := db.Query(context.Background(), p.query)
				if err == nil && len(res.Rows) == 1 {
					got = res.Rows[0][0]
				}
				if _, failed := got.(fails); failed && p.orFailsOn == string(e) {
					continue
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s = %v: %q gives %v (err %v), want %v", p.rule, p.holds(rules), p.query, got, err, want)
				}
			}
		})
	}
}
