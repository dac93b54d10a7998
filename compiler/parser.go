package compiler

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The keywords of the language, in the order the canonical form and the
// hints list them.
var (
	clauseKinds = []string{
		string(ClauseVisited), string(ClauseVisitedAny), string(ClauseVisitedBefore), string(ClauseExclude), string(ClauseExcludeBetween),
		string(ClauseContext), string(ClauseContextAny), string(ClauseAttempt), string(ClauseAttribution), string(ClauseWithin), string(ClauseBy),
	}
	attempts     = []string{string(AttemptFirst), string(AttemptAny)}
	attributions = []string{string(AttributionEntry), string(AttributionEvent)}
	stats        = []string{string(StatMean), string(StatStdev), string(StatAlpha), string(StatBeta), string(StatN), string(StatK)}
	periods      = []string{string(PeriodDay), string(PeriodWeek), string(PeriodMonth)}
)

const (
	hintStart       = "a reference starts with e."
	hintClause      = "clauses are visited, visitedAny, visitedBefore, exclude, excludeBetween, context, contextAny, attempt, attribution, within and by"
	hintAttempt     = "attempts are first and any"
	hintAttribution = "attributions are entry and event"
	hintStat        = "statistics are mean, stdev, alpha, beta, n and k"
	hintPeriod      = "periods are day, week and month"
	hintKey         = "a key is a letter or _ followed by letters, digits or _"
	hintUnit        = "a duration is a whole number followed by s, m, h or d, as in 7d"
)

// Parse reads a reference and returns its syntax tree. It checks syntax
// only; Normalize checks meaning. The error, if any, is an *Error.
func Parse(src string) (*Ref, error) {
	return parseInto(src, &refStorage{})
}

// parseInto is Parse with the reference built in st.
func parseInto(src string, st *refStorage) (*Ref, error) {
	p := &parser{lx: newLexer(src), src: src, st: st}
	ref, err := p.ref()
	if err != nil {
		return nil, err // a typed nil must not leak into the error interface
	}
	return ref, nil
}

// parser is a recursive-descent parser with one token of lookahead beyond
// the current one, needed to tell e.from(a).to(b) from an edge named from
// and .p.<stat> from a clause named p.
type parser struct {
	lx  lexer // held by value, as is the lookahead: one allocation per parse, not per token
	src string
	tok token
	// ahead is the token after tok when hasAhead is set.
	ahead    token
	hasAhead bool
	// st holds the reference being parsed and room for its lists.
	st *refStorage
}

// next makes the following token current.
func (p *parser) next() *Error {
	if p.hasAhead {
		p.tok, p.hasAhead = p.ahead, false
		return nil
	}
	t, err := p.lx.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

// peek returns the token after the current one without consuming it.
func (p *parser) peek() (token, *Error) {
	if !p.hasAhead {
		t, err := p.lx.next()
		if err != nil {
			return token{}, err
		}
		p.ahead, p.hasAhead = t, true
	}
	return p.ahead, nil
}

func (p *parser) errorf(pos Pos, hint, format string, args ...any) *Error {
	return newError(p.src, pos, hint, format, args...)
}

// expected reports that the current token is not what the grammar needs.
func (p *parser) expected(what, hint string) *Error {
	return p.errorf(p.tok.pos, hint, "expected %s, found %s", what, describe(p.tok))
}

// expect consumes a token of kind k or reports what it found instead.
func (p *parser) expect(k tokenKind, what, hint string) *Error {
	if p.tok.kind != k {
		return p.expected(what, hint)
	}
	return p.next()
}

// closeParen consumes the ")" matching the "(" at open. Running out of
// input is the usual cause, so that case points back at the open paren.
func (p *parser) closeParen(open Pos, what string) *Error {
	if p.tok.kind == tokRParen {
		return p.next()
	}
	hint := ""
	if p.tok.kind == tokEOF {
		hint = fmt.Sprintf(`the "(" at %d:%d is never closed`, open.Line, open.Col)
	}
	return p.expected(what, hint)
}

// ref := 'e' '.' edge { '.' clause } [ '.p.' stat ]
func (p *parser) ref() (*Ref, *Error) {
	if err := p.next(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokWord || p.tok.text != "e" {
		return nil, p.expected(`"e."`, hintStart)
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if err := p.expect(tokDot, `"." after e`, hintStart); err != nil {
		return nil, err
	}
	// The reference and room for its first clauses in one allocation
	// (p.st): the two showed apart in compile profiles.
	p.st.ref = Ref{Source: p.src, Clauses: p.st.clauses[:0]}
	ref := &p.st.ref
	edge, err := p.edge()
	if err != nil {
		return nil, err
	}
	ref.Edge = edge
	for {
		switch p.tok.kind {
		case tokEOF:
			return ref, nil
		case tokDot:
		default:
			hint := ""
			if len(ref.Clauses) == 0 && p.tok.kind == tokLParen && isOneOf(ref.Edge.Name, clauseKinds) {
				hint = "the edge comes first, as in e.signup." + ref.Edge.Name + "(…)"
			}
			return nil, p.expected(`"." or end of reference`, hint)
		}
		if err := p.next(); err != nil {
			return nil, err
		}
		if p.tok.kind == tokWord && p.tok.text == "p" {
			after, err := p.peek()
			if err != nil {
				return nil, err
			}
			switch after.kind {
			case tokDot:
				if err := p.stat(ref); err != nil {
					return nil, err
				}
				return ref, nil
			case tokLParen:
				// a clause named p: reported as an unknown clause below
			default:
				return nil, p.errorf(after.pos, hintStat, `expected "." and a statistic after ".p", found %s`, describe(after))
			}
		}
		c, err := p.clause()
		if err != nil {
			return nil, err
		}
		ref.Clauses = append(ref.Clauses, c)
	}
}

// refStorage is a Ref and room for its usual few clauses, a node list or
// two and a context, and for the first clause's nodes and terms.
type refStorage struct {
	ref     Ref
	clauses [3]Clause
	nodes   [4]Node
	terms   [2]Term
	// nodesTaken and termsTaken are set once a clause has its room.
	nodesTaken, termsTaken bool
}

// nodeRoom is room for a clause's nodes: the storage's for the first
// clause, which is all most references have.
func (st *refStorage) nodeRoom() []Node {
	if st.nodesTaken {
		return make([]Node, 0, len(st.nodes))
	}
	st.nodesTaken = true
	return st.nodes[:0]
}

// termRoom is nodeRoom for terms.
func (st *refStorage) termRoom() []Term {
	if st.termsTaken {
		return make([]Term, 0, len(st.terms))
	}
	st.termsTaken = true
	return st.terms[:0]
}

// edge := NAME | 'from(' node ')' '.to(' node ')'
func (p *parser) edge() (EdgeExpr, *Error) {
	start := p.tok.pos
	switch p.tok.kind {
	case tokWord:
		if p.tok.text == "from" {
			after, err := p.peek()
			if err != nil {
				return EdgeExpr{}, err
			}
			if after.kind == tokLParen {
				return p.fromTo()
			}
		}
		e := EdgeExpr{Pos: start, Name: p.tok.text}
		return e, p.next()
	case tokString:
		if p.tok.text == "" {
			return EdgeExpr{}, p.errorf(start, "", "edge name cannot be empty")
		}
		e := EdgeExpr{Pos: start, Name: p.tok.text}
		return e, p.next()
	}
	return EdgeExpr{}, p.expected(`an edge name after "e."`, "as in e.signup or e.from(a).to(b)")
}

// fromTo parses from(a).to(b) with the current token on "from".
func (p *parser) fromTo() (EdgeExpr, *Error) {
	e := EdgeExpr{Pos: p.tok.pos}
	if err := p.next(); err != nil {
		return e, err
	}
	open := p.tok.pos
	if err := p.next(); err != nil { // the "(" peek saw
		return e, err
	}
	var err *Error
	if e.From, err = p.node(); err != nil {
		return e, err
	}
	if err := p.closeParen(open, `")" after the from node`); err != nil {
		return e, err
	}
	const what, hint = `".to(…)" after from(…)`, "an explicit edge is written e.from(a).to(b)"
	if err := p.expect(tokDot, what, hint); err != nil {
		return e, err
	}
	if p.tok.kind != tokWord || p.tok.text != "to" {
		return e, p.expected(what, hint)
	}
	if err := p.next(); err != nil {
		return e, err
	}
	open = p.tok.pos
	if err := p.expect(tokLParen, `"(" after to`, hint); err != nil {
		return e, err
	}
	if e.To, err = p.node(); err != nil {
		return e, err
	}
	return e, p.closeParen(open, `")" after the to node`)
}

// clause parses one clause with the current token on its name.
func (p *parser) clause() (Clause, *Error) {
	if p.tok.kind != tokWord {
		return Clause{}, p.expected(`a clause name after "."`, hintClause)
	}
	c := Clause{Pos: p.tok.pos, Kind: ClauseKind(p.tok.text)}
	if !isOneOf(p.tok.text, clauseKinds) {
		return c, p.errorf(c.Pos, didYouMean(p.tok.text, clauseKinds, hintClause), "unknown clause %q", p.tok.text)
	}
	if err := p.next(); err != nil {
		return c, err
	}
	open := p.tok.pos
	if p.tok.kind != tokLParen {
		// Formatted only when needed: on every clause, it showed in
		// compile profiles.
		return c, p.expected(fmt.Sprintf(`"(" after %s`, c.Kind), "")
	}
	if err := p.next(); err != nil {
		return c, err
	}
	var err *Error
	switch c.Kind {
	case ClauseVisited, ClauseVisitedAny, ClauseVisitedBefore, ClauseExclude, ClauseExcludeBetween:
		c.Nodes, err = p.nodes(c.Kind)
	case ClauseContext, ClauseContextAny:
		c.Terms, err = p.terms(c.Kind)
	case ClauseWithin:
		c.Within, err = p.duration()
	case ClauseBy:
		c.Period, err = p.period()
	case ClauseAttempt:
		c.Attempt, err = p.attempt()
	case ClauseAttribution:
		c.Attribution, err = p.attribution()
	}
	if err != nil {
		return c, err
	}
	what := `")"`
	if c.Kind != ClauseWithin && c.Kind != ClauseBy && c.Kind != ClauseAttempt && c.Kind != ClauseAttribution {
		what = `"," or ")"`
	}
	return c, p.closeParen(open, what)
}

// nodes := node { ',' node }
func (p *parser) nodes(kind ClauseKind) ([]Node, *Error) {
	if p.tok.kind == tokRParen {
		return nil, p.errorf(p.tok.pos, fmt.Sprintf("as in %s(pricing)", kind), "%s() needs at least one node", kind)
	}
	out := p.st.nodeRoom() // room for the usual few: growing showed in compile profiles
	for {
		n, err := p.node()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
		if p.tok.kind != tokComma {
			return out, nil
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
}

// node := NAME | non-empty quoted string
func (p *parser) node() (Node, *Error) {
	n := Node{Pos: p.tok.pos, Name: p.tok.text}
	switch p.tok.kind {
	case tokWord:
	case tokString:
		if n.Name == "" {
			return n, p.errorf(n.Pos, "", "node name cannot be empty")
		}
	default:
		return n, p.expected("a node name", "")
	}
	return n, p.next()
}

// terms := term { ',' term }
func (p *parser) terms(kind ClauseKind) ([]Term, *Error) {
	if p.tok.kind == tokRParen {
		return nil, p.errorf(p.tok.pos, fmt.Sprintf("as in %s(channel='google')", kind), "%s() needs at least one term", kind)
	}
	out := p.st.termRoom() // room for the usual few: growing showed in compile profiles
	for {
		t, err := p.term(kind)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		if p.tok.kind != tokComma {
			return out, nil
		}
		if err := p.next(); err != nil {
			return nil, err
		}
	}
}

// term := KEY [ ('=' | ':') VALUE ]; contextAny needs the value.
func (p *parser) term(kind ClauseKind) (Term, *Error) {
	t := Term{Pos: p.tok.pos, Key: p.tok.text}
	switch {
	case p.tok.kind == tokString:
		return t, p.errorf(t.Pos, hintKey, "context key cannot be quoted, found %s", describe(p.tok))
	case p.tok.kind != tokWord:
		return t, p.expected("a context key", "")
	case !isKey(t.Key):
		return t, p.errorf(t.Pos, hintKey, "invalid context key %q", t.Key)
	}
	if err := p.next(); err != nil {
		return t, err
	}
	if p.tok.kind != tokEq && p.tok.kind != tokColon {
		if kind == ClauseContextAny {
			return t, p.errorf(t.Pos, fmt.Sprintf("to shard by %s use context(%s)", t.Key, t.Key),
				"contextAny needs key=value pairs, found bare key %q", t.Key)
		}
		t.Shard = true
		return t, nil
	}
	sep := p.tok.text
	if err := p.next(); err != nil {
		return t, err
	}
	if p.tok.kind != tokWord && p.tok.kind != tokString {
		return t, p.expected(fmt.Sprintf("a value after %q", sep), "quote values with single quotes, as in 'like this'")
	}
	t.Value = p.tok.text
	return t, p.next()
}

// duration := digits ('s'|'m'|'h'|'d')
func (p *parser) duration() (Duration, *Error) {
	if p.tok.kind != tokWord {
		return Duration{}, p.expected("a duration", hintUnit)
	}
	text, pos := p.tok.text, p.tok.pos
	digits := len(text) - len(strings.TrimLeft(text, "0123456789"))
	switch {
	case digits == 0:
		return Duration{}, p.expected("a duration", hintUnit)
	case digits == len(text):
		if frac, err := p.fraction(); err != nil || frac != "" {
			if err == nil {
				err = p.errorf(pos, "use a smaller unit, as in 90m rather than 1.5h", "duration %s.%s is not a whole number", text, frac)
			}
			return Duration{}, err
		}
		return Duration{}, p.errorf(pos, "add s, m, h or d, as in "+text+"d", "duration %s has no unit", text)
	case digits != len(text)-1 || !strings.ContainsRune("smhd", rune(text[digits])):
		return Duration{}, p.errorf(pos, "units are s, m, h and d", "unknown duration unit %q in %s", text[digits:], text)
	}
	d := Duration{Unit: text[digits]}
	amount, perr := strconv.ParseInt(text[:digits], 10, 64)
	if d.Amount = amount; perr != nil || !durationFits(d) {
		return Duration{}, p.errorf(pos, fmt.Sprintf("the limit is %d seconds", int64(math.MaxInt64)), "duration %s is too large", text)
	}
	return d, p.next()
}

// fraction returns the word after the current one when a "." joins them,
// as in 1.5h, so that a fractional duration can be named as such instead of
// as a number without a unit.
func (p *parser) fraction() (string, *Error) {
	after, err := p.peek()
	if err != nil || after.kind != tokDot {
		return "", err
	}
	if err := p.next(); err != nil {
		return "", err
	}
	if err := p.next(); err != nil {
		return "", err
	}
	if p.tok.kind != tokWord {
		return "", nil
	}
	return p.tok.text, nil
}

// durationFits reports whether d is a valid within() bound whose length in
// seconds fits in an int64, so that Seconds and the SQL arithmetic built on
// it cannot overflow.
func durationFits(d Duration) bool {
	unit := Duration{Amount: 1, Unit: d.Unit}.Seconds()
	return strings.IndexByte("smhd", d.Unit) >= 0 && d.Amount >= 0 && d.Amount <= math.MaxInt64/unit
}

// period := 'day' | 'week' | 'month'
func (p *parser) period() (Period, *Error) {
	if p.tok.kind != tokWord {
		return PeriodNone, p.expected("a period", hintPeriod)
	}
	if !isOneOf(p.tok.text, periods) {
		return PeriodNone, p.errorf(p.tok.pos, didYouMean(p.tok.text, periods, hintPeriod), "unknown period %q", p.tok.text)
	}
	pd := Period(p.tok.text)
	return pd, p.next()
}

// attempt := 'first' | 'any'
func (p *parser) attempt() (Attempt, *Error) {
	if p.tok.kind != tokWord {
		return "", p.expected("an attempt", hintAttempt)
	}
	if !isOneOf(p.tok.text, attempts) {
		return "", p.errorf(p.tok.pos, didYouMean(p.tok.text, attempts, hintAttempt), "unknown attempt %q", p.tok.text)
	}
	a := Attempt(p.tok.text)
	return a, p.next()
}

// attribution := 'entry' | 'event'
func (p *parser) attribution() (Attribution, *Error) {
	if p.tok.kind != tokWord {
		return "", p.expected("an attribution", hintAttribution)
	}
	if !isOneOf(p.tok.text, attributions) {
		return "", p.errorf(p.tok.pos, didYouMean(p.tok.text, attributions, hintAttribution), "unknown attribution %q", p.tok.text)
	}
	a := Attribution(p.tok.text)
	return a, p.next()
}

// stat parses ".<stat>" with the current token on the "p" of ".p.<stat>"
// and requires the end of the reference after it.
func (p *parser) stat(ref *Ref) *Error {
	if err := p.next(); err != nil { // p
		return err
	}
	if err := p.next(); err != nil { // .
		return err
	}
	if p.tok.kind != tokWord {
		return p.expected(`a statistic after ".p."`, hintStat)
	}
	if !isOneOf(p.tok.text, stats) {
		return p.errorf(p.tok.pos, didYouMean(p.tok.text, stats, hintStat), "unknown statistic %q", p.tok.text)
	}
	ref.Stat, ref.StatPos = Stat(p.tok.text), p.tok.pos
	if err := p.next(); err != nil {
		return err
	}
	if p.tok.kind != tokEOF {
		return p.expected("end of reference after the statistic", ".p.<stat> comes last")
	}
	return nil
}

func isOneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
