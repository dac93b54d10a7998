package connect

import (
	"errors"
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	_ "github.com/pingcap/tidb/pkg/parser/test_driver" // literal values for the parser

	"github.com/paramsql/paramsql/dialects"
)

// ErrNotReadOnly is wrapped by every error of ValidateSelect, so callers
// can tell a refused query from a failed one.
var ErrNotReadOnly = errors.New("a raw query must be a single read-only SELECT")

// writeKeywords may not appear, unquoted, anywhere in a raw query. Most
// could only start a statement of their own, which the single-statement
// rule already excludes; they are listed anyway, since the text will be
// read by an engine whose grammar this check does not know. A column that
// has one of these names must be quoted.
var writeKeywords = map[string]bool{
	"INSERT": true, "UPDATE": true, "DELETE": true, "MERGE": true, "UPSERT": true,
	"TRUNCATE": true, "DROP": true, "CREATE": true, "ALTER": true, "RENAME": true,
	"GRANT": true, "REVOKE": true, "COPY": true, "ATTACH": true, "DETACH": true,
	"CALL": true, "EXEC": true, "EXECUTE": true, "INTO": true, "RETURNING": true,
	"LOCK": true, "VACUUM": true, "PRAGMA": true, "INSTALL": true, "LOAD": true,
	"OPTIMIZE": true, "KILL": true, "SYSTEM": true,
	// Sequences advance outside transactions (PostgreSQL, and DuckDB,
	// where a rolled-back read-only query was measured to advance one).
	"NEXTVAL": true, "SETVAL": true,
}

// ValidateSelect checks that a raw user query is a single read-only SELECT
// (or WITH … SELECT) when the engine that will run it is not known, as
// when a project file is checked. It is a first line of defence, with
// clear messages; QueryReadOnly checks again for its own engine
// (ValidateSelectFor) and then runs the query where the engine refuses
// writes.
//
// Two checks, both of which must pass:
//
//   - Lexical, under the lexical rules of every engine paramsql supports
//     (dialects.EngineLexRules), since they disagree on what is a string
//     or a comment (`'\'` is a whole string in PostgreSQL, an open one in
//     MySQL). Under each, the text must be one statement (no ';' outside
//     strings and comments), start with SELECT or WITH, and contain no
//     data-modifying keyword (see writeKeywords) outside strings, quoted
//     names and comments.
//   - Grammatical, with the TiDB (MySQL) parser, when the query parses
//     there: exactly one statement, a SELECT or set operation (UNION …),
//     and no SELECT … INTO or locking clause (FOR UPDATE, LOCK IN SHARE
//     MODE) anywhere in it, subqueries and CTEs included. Queries in other
//     dialects (PostgreSQL casts, DuckDB syntax) often do not parse; the
//     lexical check and the read-only transaction cover them.
//
// Side-effecting functions cannot all be found this way: nextval and
// setval are refused by name, and the read-only transaction refuses what
// else it can.
func ValidateSelect(query string) error {
	return validateSelect(query, dialects.EngineLexRules(), false)
}

// ValidateSelectFor is ValidateSelect for a query that dialect d's engine
// will run: the lexical check uses that engine's rules only, so a literal
// that only another engine would misread (a backslash in a PostgreSQL
// string) is no reason to refuse it.
//
// For mysql the query must also parse with the TiDB parser, whose grammar
// is MySQL's, so that its reading is exact. There a READ ONLY transaction
// does not stop DDL, which commits implicitly and runs outside it
// (measured on MariaDB 10.11: CREATE TABLE and DROP TABLE succeed after
// START TRANSACTION READ ONLY), so this check is the only guard against
// DDL that the engine does not provide.
func ValidateSelectFor(d dialects.Dialect, query string) error {
	return validateSelect(query, []dialects.LexRules{dialects.LexRulesFor(d)}, d.Name() == "mysql")
}

func validateSelect(query string, rules []dialects.LexRules, mustParse bool) error {
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("%w: the query is empty", ErrNotReadOnly)
	}
	parsed, err := validateGrammar(query)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrNotReadOnly, err)
	}
	if mustParse && !parsed {
		return fmt.Errorf("%w: the MySQL grammar cannot read it: %v", ErrNotReadOnly, parseError(query))
	}
	for _, r := range rules {
		if err := validateLexical(query, r); err != nil {
			return fmt.Errorf("%w: %w", ErrNotReadOnly, err)
		}
	}
	return nil
}

// validateGrammar applies the TiDB parser's checks and reports whether
// the query parsed; a query it cannot parse passes here and is left to
// the lexical check.
func validateGrammar(query string) (parsed bool, err error) {
	stmts, _, err := parser.New().Parse(query, "", "")
	if err != nil {
		return false, nil
	}
	if len(stmts) == 0 {
		return true, errors.New("the query has no statement")
	}
	if len(stmts) != 1 {
		return true, fmt.Errorf("found %d statements, want exactly one", len(stmts))
	}
	switch s := stmts[0].(type) {
	case *ast.SelectStmt:
		if s.Kind != ast.SelectStmtKindSelect {
			return true, fmt.Errorf("a %s statement is not a SELECT", s.Kind.String())
		}
	case *ast.SetOprStmt:
	default:
		return true, fmt.Errorf("%s is not a SELECT", statementWords(s))
	}
	v := &selectChecker{}
	stmts[0].Accept(v)
	return true, v.err
}

func parseError(query string) error {
	_, _, err := parser.New().Parse(query, "", "")
	return err
}

// selectChecker finds SELECT … INTO and locking reads anywhere in a tree.
type selectChecker struct{ err error }

// Enter checks each SELECT, and stops the walk at the first problem.
func (v *selectChecker) Enter(n ast.Node) (ast.Node, bool) {
	if s, ok := n.(*ast.SelectStmt); ok && v.err == nil {
		switch {
		case s.SelectIntoOpt != nil:
			v.err = errors.New("SELECT … INTO writes its result; it is not allowed")
		case s.LockInfo != nil && s.LockInfo.LockType != ast.SelectLockNone:
			v.err = fmt.Errorf("a locking read (%s) is not allowed", s.LockInfo.LockType.String())
		}
	}
	return n, v.err != nil
}

// Leave does nothing: every check happens on the way in.
func (v *selectChecker) Leave(n ast.Node) (ast.Node, bool) { return n, true }

// validateLexical applies the lexical checks under one engine's rules.
func validateLexical(query string, r dialects.LexRules) error {
	toks, err := dialects.Tokenize(query, r)
	if err != nil {
		return err
	}
	first := ""
	var prev string // the previous word, upper-cased
	for i, t := range toks {
		switch t.Kind {
		case dialects.Punct:
			if t.Text == ";" {
				if rest := significant(toks[i+1:]); rest {
					return &QueryError{Offset: t.Offset, Msg: "several statements: this ';' ends the first, and a query is one statement"}
				}
				return &QueryError{Offset: t.Offset, Msg: "remove the ';': a query is one statement"}
			}
			if first == "" && t.Text != "(" {
				return fmt.Errorf("the query must start with SELECT or WITH, not %q", t.Text)
			}
			prev = ""
		case dialects.Word:
			w := strings.ToUpper(t.Text)
			if first == "" {
				first = w
				if w != "SELECT" && w != "WITH" {
					return fmt.Errorf("the query must start with SELECT or WITH, not %s", t.Text)
				}
			}
			if writeKeywords[w] {
				return &QueryError{Offset: t.Offset, Msg: fmt.Sprintf("%s is not allowed in a read-only query (quote a column of that name)", w)}
			}
			if prev == "FOR" && (w == "SHARE" || w == "KEY" || w == "NO") {
				return fmt.Errorf("a locking read (FOR %s) is not allowed", w)
			}
			prev = w
		case dialects.Space, dialects.Comment:
		default:
			if first == "" {
				return fmt.Errorf("the query must start with SELECT or WITH, not %q", t.Text)
			}
			prev = ""
		}
	}
	if first == "" {
		return errors.New("the query has no statement")
	}
	return nil
}

// significant reports whether toks hold anything but space and comments.
func significant(toks []dialects.Token) bool {
	for _, t := range toks {
		if t.Kind != dialects.Space && t.Kind != dialects.Comment {
			return true
		}
	}
	return false
}

// statementWords names a parsed statement in SQL words: "a DELETE
// statement" for *ast.DeleteStmt, "a CREATE TABLE statement" for
// *ast.CreateTableStmt.
func statementWords(stmt ast.StmtNode) string {
	name := strings.TrimSuffix(strings.TrimPrefix(fmt.Sprintf("%T", stmt), "*ast."), "Stmt")
	var words []string
	start := 0
	for i := 1; i < len(name); i++ {
		if name[i] >= 'A' && name[i] <= 'Z' {
			words = append(words, name[start:i])
			start = i
		}
	}
	words = append(words, name[start:])
	return "a " + strings.ToUpper(strings.Join(words, " ")) + " statement"
}
