package dialects

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// LexRules says how an engine delimits the parts of a statement that are
// not code: string literals, quoted identifiers and comments. Rewriting
// parameters or looking for keywords is only safe once these are skipped,
// and the engines disagree on them (a backslash ends nothing in PostgreSQL
// but escapes a quote in MySQL), so every rule is explicit.
type LexRules struct {
	// BackslashEscapes: a backslash escapes the next character in a '…'
	// string (MySQL, ClickHouse, BigQuery, Snowflake, Redshift).
	BackslashEscapes bool
	// EStrings: E'…' is a string with backslash escapes even where plain
	// strings have none (the PostgreSQL family).
	EStrings bool
	// DoubleQuotedStrings: "…" is a string literal, not an identifier
	// (MySQL without ANSI_QUOTES, BigQuery).
	DoubleQuotedStrings bool
	// Backticks: `…` quotes an identifier.
	Backticks bool
	// BackslashInQuotedIdents: a backslash escapes inside quoted
	// identifiers too (ClickHouse, BigQuery).
	BackslashInQuotedIdents bool
	// TripleQuotes: '''…''' and """…""" are strings (BigQuery).
	TripleQuotes bool
	// DollarQuotes: $tag$…$tag$ is a string (PostgreSQL, DuckDB,
	// Snowflake).
	DollarQuotes bool
	// HashComments: # starts a line comment.
	HashComments bool
	// DashDashNeedsSpace: -- starts a comment only when followed by
	// whitespace or the end of the text (MySQL).
	DashDashNeedsSpace bool
	// SlashSlashComments: // starts a line comment (Snowflake).
	SlashSlashComments bool
	// NestedComments: /* … */ comments nest (PostgreSQL, DuckDB).
	NestedComments bool
	// ExecutableComments: the text of a /*! … */ comment is code (MySQL).
	ExecutableComments bool
}

// lexRulesByName gives each engine's rules; they follow the engine
// documentation and, for DuckDB, PostgreSQL, MySQL and ClickHouse, probes
// run against the engines (runtime/connect's TestLexRulesMatchEngines).
var lexRulesByName = map[string]LexRules{
	"duckdb":   {EStrings: true, DollarQuotes: true, NestedComments: true},
	"postgres": {EStrings: true, DollarQuotes: true, NestedComments: true},
	"redshift": {BackslashEscapes: true, EStrings: true, DollarQuotes: true, NestedComments: true},
	"mysql":    {BackslashEscapes: true, DoubleQuotedStrings: true, Backticks: true, HashComments: true, DashDashNeedsSpace: true, ExecutableComments: true},
	// ClickHouse 18.16 refuses # outright and later releases read it as a
	// comment, so reading it as one is right for both.
	"clickhouse": {BackslashEscapes: true, Backticks: true, BackslashInQuotedIdents: true, HashComments: true},
	"bigquery":   {BackslashEscapes: true, DoubleQuotedStrings: true, Backticks: true, BackslashInQuotedIdents: true, TripleQuotes: true, HashComments: true},
	"snowflake":  {BackslashEscapes: true, DollarQuotes: true, SlashSlashComments: true},
}

// LexRulesFor returns d's lexical rules. A dialect this file does not know
// gets standard SQL, with backslash escapes if its QuoteString escapes
// backslashes: a dialect that escapes them when writing must read them so.
func LexRulesFor(d Dialect) LexRules {
	if r, ok := lexRulesByName[d.Name()]; ok {
		return r
	}
	return LexRules{BackslashEscapes: d.QuoteString(`\`) != `'\'`}
}

// EngineLexRules returns the rules of every registered dialect, one entry
// per distinct rule set, in dialect-name order. A check that must hold
// whatever engine will run a text (say, that it is a single statement)
// holds only if it holds under each of them.
func EngineLexRules() []LexRules {
	var out []LexRules
	seen := map[LexRules]bool{}
	for _, n := range Names() {
		d, _ := Get(n)
		r := LexRulesFor(d)
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// TokenKind classifies a token.
type TokenKind int

// The token kinds. Tokens cover the text without gaps, so concatenating
// their Text gives the input back.
const (
	// Space is a run of whitespace.
	Space TokenKind = iota
	// Word is an unquoted identifier or keyword.
	Word
	// Number is a numeric literal (digits, then letters, digits, dots).
	Number
	// String is a string literal, with its quotes and any prefix (E'…').
	String
	// QuotedIdent is a quoted identifier, with its quotes.
	QuotedIdent
	// Comment is a line or block comment, with its delimiters.
	Comment
	// Punct is one character of anything else: an operator or punctuation.
	// Under ExecutableComments, the opening "/*!" (with its version digits)
	// and the matching "*/" are single Punct tokens too.
	Punct
)

// Token is one lexical unit of a statement.
type Token struct {
	Kind TokenKind
	// Text is the token exactly as it appears in the input.
	Text string
	// Offset is the byte offset of Text in the input.
	Offset int
}

// SyntaxError reports text that cannot be tokenised, such as a string that
// is never closed. Line and Col (1-based, Col in characters) locate it for
// a person; Offset (in bytes) for a program.
type SyntaxError struct {
	Offset, Line, Col int
	Msg               string
}

// Error puts the position first, as compilers do, so editors can jump to it.
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d:%d (offset %d): %s", e.Line, e.Col, e.Offset, e.Msg)
}

func lexError(src string, off int, format string, args ...any) *SyntaxError {
	line, col := 1, 1
	for _, r := range src[:off] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return &SyntaxError{Offset: off, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func lexIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= utf8.RuneSelf
}

func lexIdentPart(c byte) bool { return lexIdentStart(c) || c >= '0' && c <= '9' || c == '$' }

func lexDigit(c byte) bool { return c >= '0' && c <= '9' }

func lexSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// Tokenize splits query into tokens under rules r. It fails only on a
// string, quoted identifier or comment that is never closed.
func Tokenize(query string, r LexRules) ([]Token, error) {
	var toks []Token
	inExec := false // inside a MySQL /*! … */ comment, whose text is code
	i := 0
	for i < len(query) {
		start := i
		kind, end, err := lexOne(query, i, r, &inExec)
		if err != nil {
			return nil, err
		}
		toks = append(toks, Token{Kind: kind, Text: query[start:end], Offset: start})
		i = end
	}
	return toks, nil
}

// lexOne scans the token that starts at i and returns its kind and end.
func lexOne(s string, i int, r LexRules, inExec *bool) (TokenKind, int, error) {
	c := s[i]
	next := byte(0)
	if i+1 < len(s) {
		next = s[i+1]
	}
	switch {
	case lexSpace(c):
		j := i
		for j < len(s) && lexSpace(s[j]) {
			j++
		}
		return Space, j, nil
	case c == '-' && next == '-' && (!r.DashDashNeedsSpace || i+2 == len(s) || lexSpace(s[i+2])),
		c == '#' && r.HashComments,
		c == '/' && next == '/' && r.SlashSlashComments:
		j := strings.IndexByte(s[i:], '\n')
		if j < 0 {
			return Comment, len(s), nil
		}
		return Comment, i + j, nil
	case c == '/' && next == '*':
		if r.ExecutableComments && i+2 < len(s) && s[i+2] == '!' && !*inExec {
			j := i + 3
			for j < len(s) && lexDigit(s[j]) {
				j++
			}
			*inExec = true
			return Punct, j, nil
		}
		return lexBlockComment(s, i, r.NestedComments)
	case c == '*' && next == '/' && *inExec:
		*inExec = false
		return Punct, i + 2, nil
	case c == '\'':
		if r.TripleQuotes && strings.HasPrefix(s[i:], "'''") {
			return lexTriple(s, i, "'''", r.BackslashEscapes)
		}
		return lexQuoted(s, i, '\'', r.BackslashEscapes, String, "string literal")
	case c == '"':
		if r.DoubleQuotedStrings {
			if r.TripleQuotes && strings.HasPrefix(s[i:], `"""`) {
				return lexTriple(s, i, `"""`, r.BackslashEscapes)
			}
			return lexQuoted(s, i, '"', r.BackslashEscapes, String, "string literal")
		}
		return lexQuoted(s, i, '"', r.BackslashInQuotedIdents, QuotedIdent, "quoted identifier")
	case c == '`' && r.Backticks:
		return lexQuoted(s, i, '`', r.BackslashInQuotedIdents, QuotedIdent, "quoted identifier")
	case c == '$' && r.DollarQuotes && (i == 0 || !lexIdentPart(s[i-1])):
		if tag, ok := lexDollarTag(s[i:]); ok {
			j := strings.Index(s[i+len(tag):], tag)
			if j < 0 {
				return 0, 0, lexError(s, i, "unterminated dollar-quoted string (%s)", tag)
			}
			return String, i + len(tag) + j + len(tag), nil
		}
		return Punct, i + 1, nil
	case (c == 'E' || c == 'e') && next == '\'' && r.EStrings && (i == 0 || !lexIdentPart(s[i-1])):
		_, end, err := lexQuoted(s, i+1, '\'', true, String, "string literal")
		return String, end, err
	case lexIdentStart(c):
		j := i + 1
		for j < len(s) && lexIdentPart(s[j]) {
			j++
		}
		return Word, j, nil
	case lexDigit(c):
		j := i + 1
		for j < len(s) && (lexIdentPart(s[j]) || s[j] == '.') {
			j++
		}
		return Number, j, nil
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return Punct, i + size, nil
}

// lexQuoted scans a literal delimited by q in which a doubled q stands
// for one q and, if backslash is set, a backslash escapes any character.
func lexQuoted(s string, i int, q byte, backslash bool, kind TokenKind, what string) (TokenKind, int, error) {
	j := i + 1
	for j < len(s) {
		switch s[j] {
		case '\\':
			if backslash {
				j += 2
				continue
			}
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j += 2
				continue
			}
			return kind, j + 1, nil
		}
		j++
	}
	return 0, 0, lexError(s, i, "unterminated %s", what)
}

// lexTriple scans a BigQuery triple-quoted string.
func lexTriple(s string, i int, q string, backslash bool) (TokenKind, int, error) {
	j := i + len(q)
	for j < len(s) {
		if backslash && s[j] == '\\' {
			j += 2
			continue
		}
		if strings.HasPrefix(s[j:], q) {
			return String, j + len(q), nil
		}
		j++
	}
	return 0, 0, lexError(s, i, "unterminated string literal")
}

func lexBlockComment(s string, i int, nested bool) (TokenKind, int, error) {
	depth := 0
	j := i
	for j+1 < len(s) {
		switch {
		case s[j] == '/' && s[j+1] == '*':
			if depth == 0 || nested {
				depth++
			}
			j += 2
		case s[j] == '*' && s[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return Comment, j, nil
			}
		default:
			j++
		}
	}
	return 0, 0, lexError(s, i, "unterminated block comment")
}

// lexDollarTag returns the opening $tag$ (or $$) at the start of s.
func lexDollarTag(s string) (string, bool) {
	j := 1
	if j < len(s) && lexIdentStart(s[j]) && s[j] < utf8.RuneSelf {
		for j < len(s) && s[j] != '$' && (lexIdentPart(s[j]) && s[j] < utf8.RuneSelf) {
			j++
		}
	}
	if j < len(s) && s[j] == '$' {
		return s[:j+1], true
	}
	return "", false
}

// namedParamRe is what may follow the colon of a :name parameter.
var namedParamRe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// BindNamed rewrites the :name parameters of a user's raw query into d's
// placeholders and returns the names the arguments must follow:
//
//   - Positional (?): one name per occurrence, so a repeated name is
//     passed again;
//   - Numbered ($n): each distinct name once, numbered by first use;
//   - Named (@name): each distinct name once.
//
// Literals, quoted identifiers and comments are left alone (under d's
// lexical rules, see LexRulesFor), as are PostgreSQL casts (x::int) and
// assignments (:=). A colon that directly follows a name, a number, a
// quoted name, ')' or ']' is not a parameter either, so Snowflake paths
// (v:field) and array slices (a[lo:hi]) survive. A query that already
// holds d's own placeholders is refused: its arguments could not be
// matched to names. An unclosed string or comment is a *SyntaxError.
func BindNamed(d Dialect, query string) (sql string, names []string, err error) {
	toks, err := Tokenize(query, LexRulesFor(d))
	if err != nil {
		return "", nil, err
	}
	style := d.PlaceholderStyle()
	number := map[string]int{}
	var b strings.Builder
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != Punct {
			b.WriteString(t.Text)
			continue
		}
		if err := lexForeignPlaceholder(query, toks, i, style); err != nil {
			return "", nil, err
		}
		if t.Text != ":" || i+1 == len(toks) {
			b.WriteString(t.Text)
			continue
		}
		nt := toks[i+1]
		if nt.Kind == Punct && (nt.Text == ":" || nt.Text == "=") {
			b.WriteString(t.Text + nt.Text) // a :: cast or a := assignment
			i++
			continue
		}
		if nt.Kind != Word || !namedParamRe.MatchString(nt.Text) || lexFollowsOperand(toks, i) {
			b.WriteString(t.Text)
			continue
		}
		name := nt.Text
		i++
		switch style {
		case Positional:
			names = append(names, name)
			b.WriteString(d.Placeholder(name, len(names)))
		default:
			n, ok := number[name]
			if !ok {
				names = append(names, name)
				n = len(names)
				number[name] = n
			}
			b.WriteString(d.Placeholder(name, n))
		}
	}
	return b.String(), names, nil
}

// lexFollowsOperand reports whether the token before toks[i] ends an operand
// right against it, which makes the colon an operator, not a parameter.
func lexFollowsOperand(toks []Token, i int) bool {
	if i == 0 {
		return false
	}
	p := toks[i-1]
	switch p.Kind {
	case Word, Number, QuotedIdent:
		return true
	case Punct:
		return p.Text == ")" || p.Text == "]"
	}
	return false
}

// lexForeignPlaceholder refuses a placeholder already in d's own style.
func lexForeignPlaceholder(src string, toks []Token, i int, style PlaceholderStyle) error {
	t := toks[i]
	next := Token{}
	if i+1 < len(toks) {
		next = toks[i+1]
	}
	var found string
	switch {
	case style == Positional && t.Text == "?":
		found = "?"
	case style == Numbered && t.Text == "$" && next.Kind == Number && lexDigit(next.Text[0]):
		found = "$" + next.Text
	case style == Named && t.Text == "@" && next.Kind == Word && (i == 0 || toks[i-1].Text != "@"):
		found = "@" + next.Text
	}
	if found == "" {
		return nil
	}
	return lexError(src, t.Offset, "the query already has a placeholder %s; write parameters as :name", found)
}
