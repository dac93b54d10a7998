package dialects

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	_ "github.com/paramsql/paramsql/internal/golden" // registers -update for this test binary
)

func TestBindNamed(t *testing.T) {
	type want struct {
		sql   string
		names []string
	}
	tests := []struct {
		name    string
		dialect string
		query   string
		want    want
	}{
		// Positional: one name per occurrence.
		{"duckdb basic", "duckdb",
			"SELECT * FROM t WHERE a = :a AND b = :b AND c = :a",
			want{"SELECT * FROM t WHERE a = ? AND b = ? AND c = ?", []string{"a", "b", "a"}}},
		{"mysql repeated", "mysql",
			"SELECT :x, :y_2, :x",
			want{"SELECT ?, ?, ?", []string{"x", "y_2", "x"}}},
		{"clickhouse", "clickhouse",
			"SELECT countIf(x = :v) FROM t WHERE ts >= :start",
			want{"SELECT countIf(x = ?) FROM t WHERE ts >= ?", []string{"v", "start"}}},
		{"snowflake path is not a parameter", "snowflake",
			"SELECT v:field, v:a.b FROM t WHERE id = :id",
			want{"SELECT v:field, v:a.b FROM t WHERE id = ?", []string{"id"}}},
		// Numbered: each distinct name once.
		{"postgres numbered", "postgres",
			"SELECT * FROM t WHERE a = :a AND b = :b AND c = :a",
			want{"SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $1", []string{"a", "b"}}},
		{"redshift numbered", "redshift",
			"SELECT :z, :y, :z",
			want{"SELECT $1, $2, $1", []string{"z", "y"}}},
		// Named.
		{"bigquery named", "bigquery",
			"SELECT * FROM t WHERE a = :a AND b = :b AND c = :a",
			want{"SELECT * FROM t WHERE a = @a AND b = @b AND c = @a", []string{"a", "b"}}},
		{"no parameters", "postgres", "SELECT 1", want{"SELECT 1", nil}},

		// Casts, assignments, slices.
		{"postgres cast", "postgres",
			"SELECT :a::int, x::text, (y)::date FROM t",
			want{"SELECT $1::int, x::text, (y)::date FROM t", []string{"a"}}},
		{"duckdb cast after parameter", "duckdb",
			"SELECT CAST(:a AS INT), :b::VARCHAR",
			want{"SELECT CAST(? AS INT), ?::VARCHAR", []string{"a", "b"}}},
		{"assignment", "mysql", "SELECT @v := :p", want{"SELECT @v := ?", []string{"p"}}},
		{"array slice", "postgres", "SELECT arr[lo:hi], arr[1:2], arr[:n] FROM t",
			want{"SELECT arr[lo:hi], arr[1:2], arr[$1] FROM t", []string{"n"}}},
		{"colon then space", "postgres", "SELECT : x", want{"SELECT : x", nil}},
		{"colon at end", "duckdb", "SELECT 1:", want{"SELECT 1:", nil}},
		{"parameter at start and end", "duckdb", ":a", want{"?", []string{"a"}}},
		{"parameter against paren", "duckdb", "f(:a,:b)", want{"f(?,?)", []string{"a", "b"}}},

		// Strings.
		{"string literal", "postgres",
			"SELECT ':no', 'it''s :no', :yes",
			want{"SELECT ':no', 'it''s :no', $1", []string{"yes"}}},
		{"postgres backslash is literal", "postgres",
			`SELECT 'a\', :yes, 'b'`,
			want{`SELECT 'a\', $1, 'b'`, []string{"yes"}}},
		{"mysql backslash escapes", "mysql",
			`SELECT 'a\' :no', :yes`,
			want{`SELECT 'a\' :no', ?`, []string{"yes"}}},
		{"clickhouse backslash escapes", "clickhouse",
			`SELECT 'a\\', ':no\':no', :yes`,
			want{`SELECT 'a\\', ':no\':no', ?`, []string{"yes"}}},
		{"postgres E string", "postgres",
			`SELECT E'a\' :no', :yes`,
			want{`SELECT E'a\' :no', $1`, []string{"yes"}}},
		{"duckdb E string", "duckdb",
			`SELECT e'\' :no', :yes`,
			want{`SELECT e'\' :no', ?`, []string{"yes"}}},
		{"identifier ending in e is no E string", "postgres",
			`SELECT name'x' :yes`, // not valid SQL, but the quote starts a plain string
			want{`SELECT name'x' $1`, []string{"yes"}}},
		{"dollar quoted", "postgres",
			"SELECT $$ :no ' $$, $tag$ :no $$ $tag$, :yes",
			want{"SELECT $$ :no ' $$, $tag$ :no $$ $tag$, $1", []string{"yes"}}},
		{"mysql double-quoted string", "mysql",
			`SELECT "a\" :no", :yes`,
			want{`SELECT "a\" :no", ?`, []string{"yes"}}},
		{"bigquery triple quotes", "bigquery",
			`SELECT '''it's :no''', """ " :no """, :yes`,
			want{`SELECT '''it's :no''', """ " :no """, @yes`, []string{"yes"}}},

		// Quoted identifiers.
		{"double-quoted identifier", "postgres",
			`SELECT "a"":no" FROM t WHERE x = :yes`,
			want{`SELECT "a"":no" FROM t WHERE x = $1`, []string{"yes"}}},
		{"backticks", "mysql",
			"SELECT `a``:no` FROM t WHERE x = :yes",
			want{"SELECT `a``:no` FROM t WHERE x = ?", []string{"yes"}}},
		{"clickhouse backslash in identifier", "clickhouse",
			`SELECT "a\":no" FROM t WHERE x = :yes`,
			want{`SELECT "a\":no" FROM t WHERE x = ?`, []string{"yes"}}},
		{"quoted identifier then colon", "postgres",
			`SELECT "t":x`,
			want{`SELECT "t":x`, nil}},

		// Comments.
		{"line comment", "duckdb",
			"SELECT :a -- :no\n, :b",
			want{"SELECT ? -- :no\n, ?", []string{"a", "b"}}},
		{"block comment", "postgres",
			"SELECT /* :no */ :a",
			want{"SELECT /* :no */ $1", []string{"a"}}},
		{"nested block comment", "postgres",
			"SELECT /* a /* :no */ :no */ :a",
			want{"SELECT /* a /* :no */ :no */ $1", []string{"a"}}},
		{"mysql comments do not nest", "mysql",
			"SELECT /* a /* */ :a",
			want{"SELECT /* a /* */ ?", []string{"a"}}},
		{"mysql hash comment", "mysql",
			"SELECT :a # :no\n",
			want{"SELECT ? # :no\n", []string{"a"}}},
		{"mysql -- needs a space", "mysql",
			"SELECT 1 --:a\n-- :no",
			want{"SELECT 1 --?\n-- :no", []string{"a"}}},
		{"mysql executable comment is code", "mysql",
			"SELECT /*!50000 :a */ 1",
			want{"SELECT /*!50000 ? */ 1", []string{"a"}}},
		{"snowflake // comment", "snowflake",
			"SELECT :a // :no\n",
			want{"SELECT ? // :no\n", []string{"a"}}},
		{"line comment at end", "duckdb", "SELECT :a -- :no", want{"SELECT ? -- :no", []string{"a"}}},
		{"non-ASCII text", "postgres",
			"SELECT 'é:no', naïve, :yes -- ü",
			want{"SELECT 'é:no', naïve, $1 -- ü", []string{"yes"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Get(tc.dialect)
			if err != nil {
				t.Fatal(err)
			}
			sql, names, err := BindNamed(d, tc.query)
			if err != nil {
				t.Fatalf("BindNamed(%q): %v", tc.query, err)
			}
			if diff := cmp.Diff(tc.want, want{sql, names}, cmp.AllowUnexported(want{})); diff != "" {
				t.Errorf("BindNamed(%q) (-want +got):\n%s", tc.query, diff)
			}
		})
	}
}

func TestBindNamedErrors(t *testing.T) {
	tests := []struct {
		name    string
		dialect string
		query   string
		want    SyntaxError
	}{
		{"unterminated string", "postgres", "SELECT :a,\n  'abc", SyntaxError{Offset: 13, Line: 2, Col: 3, Msg: "unterminated string literal"}},
		{"backslash eats the quote", "mysql", `SELECT 'abc\'`, SyntaxError{Offset: 7, Line: 1, Col: 8, Msg: "unterminated string literal"}},
		{"unterminated comment", "duckdb", "SELECT 1 /* x", SyntaxError{Offset: 9, Line: 1, Col: 10, Msg: "unterminated block comment"}},
		{"unterminated nested comment", "postgres", "/* /* */", SyntaxError{Offset: 0, Line: 1, Col: 1, Msg: "unterminated block comment"}},
		{"unterminated identifier", "postgres", `SELECT "ab`, SyntaxError{Offset: 7, Line: 1, Col: 8, Msg: "unterminated quoted identifier"}},
		{"unterminated backtick", "mysql", "SELECT `ab", SyntaxError{Offset: 7, Line: 1, Col: 8, Msg: "unterminated quoted identifier"}},
		{"unterminated dollar", "postgres", "SELECT $q$ abc $$", SyntaxError{Offset: 7, Line: 1, Col: 8, Msg: "unterminated dollar-quoted string ($q$)"}},
		{"column counts characters", "postgres", "SELECT 'é', 'xé", SyntaxError{Offset: 13, Line: 1, Col: 13, Msg: "unterminated string literal"}},
		{"own ? placeholder", "duckdb", "SELECT ?, :a", SyntaxError{Offset: 7, Line: 1, Col: 8, Msg: "the query already has a placeholder ?; write parameters as :name"}},
		{"own $1 placeholder", "postgres", "SELECT :a, $1", SyntaxError{Offset: 11, Line: 1, Col: 12, Msg: "the query already has a placeholder $1; write parameters as :name"}},
		{"own @name placeholder", "bigquery", "SELECT @a", SyntaxError{Offset: 7, Line: 1, Col: 8, Msg: "the query already has a placeholder @a; write parameters as :name"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := Get(tc.dialect)
			_, _, err := BindNamed(d, tc.query)
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("BindNamed(%q) error = %v, want a *SyntaxError", tc.query, err)
			}
			if diff := cmp.Diff(tc.want, *se); diff != "" {
				t.Errorf("BindNamed(%q) error (-want +got):\n%s", tc.query, diff)
			}
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Errorf("error text %q does not start with its position", err)
			}
		})
	}
}

// TestBindNamedNotForeign checks what is not one of the dialect's own
// placeholders: a ? in a dialect that numbers, MySQL user variables, and
// BigQuery system variables.
func TestBindNamedNotForeign(t *testing.T) {
	tests := []struct{ dialect, query, want string }{
		{"postgres", "SELECT '{}'::jsonb ? 'a', :b", "SELECT '{}'::jsonb ? 'a', $1"},
		{"mysql", "SELECT @x, $1, :b", "SELECT @x, $1, ?"},
		{"bigquery", "SELECT @@time_zone, :b", "SELECT @@time_zone, @b"},
		{"duckdb", "SELECT '?', \"?\", :b -- ?", "SELECT '?', \"?\", ? -- ?"},
	}
	for _, tc := range tests {
		d, _ := Get(tc.dialect)
		got, _, err := BindNamed(d, tc.query)
		if err != nil {
			t.Errorf("%s: BindNamed(%q): %v", tc.dialect, tc.query, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: BindNamed(%q) = %q, want %q", tc.dialect, tc.query, got, tc.want)
		}
	}
}

// TestTokenizeRoundTrip checks that tokens cover the input exactly, under
// every engine's rules, so BindNamed never drops or duplicates text.
func TestTokenizeRoundTrip(t *testing.T) {
	inputs := []string{
		"SELECT a, 'b''c', \"d\"\"e\", `f`, $$g$$, /* h /* i */ */ -- j\n#k\n1.5e3 :p::int",
		"WITH x AS (SELECT 1) SELECT * FROM x WHERE y = E'\\'' AND z <> 'é'",
		"",
	}
	for _, r := range EngineLexRules() {
		for _, in := range inputs {
			toks, err := Tokenize(in, r)
			if err != nil {
				continue // some inputs are unterminated under some rules
			}
			var b strings.Builder
			off := 0
			for _, tk := range toks {
				if tk.Offset != off {
					t.Fatalf("rules %+v: token %q at offset %d, want %d", r, tk.Text, tk.Offset, off)
				}
				b.WriteString(tk.Text)
				off += len(tk.Text)
			}
			if b.String() != in {
				t.Errorf("rules %+v: tokens give %q, want %q", r, b.String(), in)
			}
		}
	}
}

func TestLexRulesFor(t *testing.T) {
	// Every registered dialect has explicit rules, and those agree with
	// how its QuoteString writes a backslash.
	for _, n := range Names() {
		d, _ := Get(n)
		r, ok := lexRulesByName[n]
		if !ok {
			t.Errorf("dialect %s has no lexical rules", n)
			continue
		}
		if esc := d.QuoteString(`\`) != `'\'`; esc != r.BackslashEscapes {
			t.Errorf("%s: BackslashEscapes = %v, but QuoteString escapes backslashes: %v", n, r.BackslashEscapes, esc)
		}
		toks, err := Tokenize(d.QuoteString(`it's a \ test'\`), r)
		if err != nil || len(toks) != 1 || toks[0].Kind != String {
			t.Errorf("%s: its own string literal does not read back as one string: %v %v", n, toks, err)
		}
		toks, err = Tokenize(d.QuoteIdent("we\"ird`name"), r)
		if err != nil || len(toks) != 1 || toks[0].Kind != QuotedIdent {
			t.Errorf("%s: its own quoted identifier does not read back as one: %v %v", n, toks, err)
		}
	}
	if got := len(EngineLexRules()); got < 4 {
		t.Errorf("EngineLexRules() has %d rule sets, want at least 4 distinct ones", got)
	}
}
