package compiler

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token. The lexer knows only words, quoted strings
// and punctuation; whether a word is a name, a key, a value, a duration or a
// keyword depends on where it stands, so the parser decides.
type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokWord             // [A-Za-z0-9_-]+
	tokString           // '…' with '' for a quote; text is the unquoted value
	tokDot              // .
	tokLParen           // (
	tokRParen           // )
	tokComma            // ,
	tokEq               // =
	tokColon            // :
)

// punctuation returns the kind and text of a one-rune token. A switch
// with constant texts, not a map and string(r): the lexer calls it for
// every token, and both showed in compile profiles.
func punctuation(r rune) (tokenKind, string, bool) {
	switch r {
	case '.':
		return tokDot, ".", true
	case '(':
		return tokLParen, "(", true
	case ')':
		return tokRParen, ")", true
	case ',':
		return tokComma, ",", true
	case '=':
		return tokEq, "=", true
	case ':':
		return tokColon, ":", true
	}
	return tokEOF, "", false
}

// token is one lexical unit and where it starts.
type token struct {
	kind tokenKind
	text string
	pos  Pos
}

// describe says what a token is, for "expected X, found Y" messages.
func describe(t token) string {
	switch t.kind {
	case tokEOF:
		return "end of reference"
	case tokWord:
		return fmt.Sprintf("%q", t.text)
	case tokString:
		return quoteForMessage(t.text)
	case tokDot:
		return `"."`
	case tokLParen:
		return `"("`
	case tokRParen:
		return `")"`
	case tokComma:
		return `","`
	case tokEq:
		return `"="`
	case tokColon:
		return `":"`
	}
	return "unknown token"
}

// lexer turns source text into tokens on demand. It is pulled by the parser
// one token at a time so that errors are reported in source order: a
// misspelt clause is reported before a stray byte further on.
type lexer struct {
	src  string
	off  int // byte offset of the next rune
	line int
	col  int
}

func newLexer(src string) lexer {
	return lexer{src: src, line: 1, col: 1}
}

func (lx *lexer) pos() Pos { return Pos{Line: lx.line, Col: lx.col, Offset: lx.off} }

// peekRune decodes the rune at the current offset. It reports NUL bytes and
// invalid UTF-8 as errors because no reference may contain them: they are
// a sign of binary junk or a mangled encoding, and they would otherwise be
// carried verbatim into SQL string literals.
func (lx *lexer) peekRune() (r rune, size int, err *Error) {
	if lx.off >= len(lx.src) {
		return 0, 0, nil
	}
	if c := lx.src[lx.off]; c != 0 && c < utf8.RuneSelf {
		return rune(c), 1, nil // ASCII, the usual rune, needs no decoding
	}
	r, size = utf8.DecodeRuneInString(lx.src[lx.off:])
	switch {
	case r == utf8.RuneError && size == 1:
		return 0, 0, newError(lx.src, lx.pos(), "the reference must be valid UTF-8",
			"invalid UTF-8 byte 0x%02x", lx.src[lx.off])
	case r == 0:
		return 0, 0, newError(lx.src, lx.pos(), "", "NUL byte in reference")
	}
	return r, size, nil
}

// advance moves past one rune that peekRune accepted.
func (lx *lexer) advance(r rune, size int) {
	lx.off += size
	if r == '\n' {
		lx.line++
		lx.col = 1
	} else {
		lx.col++
	}
}

// next returns the next token, skipping whitespace.
func (lx *lexer) next() (token, *Error) {
	for {
		r, size, err := lx.peekRune()
		if err != nil {
			return token{}, err
		}
		if size == 0 {
			return token{kind: tokEOF, pos: lx.pos()}, nil
		}
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			break
		}
		lx.advance(r, size)
	}
	start := lx.pos()
	r, size, _ := lx.peekRune()
	if k, text, ok := punctuation(r); ok {
		lx.advance(r, size)
		return token{kind: k, text: text, pos: start}, nil
	}
	switch {
	case r == '\'':
		return lx.quoted(start)
	case isWordRune(r) || isForeignWordRune(r):
		return lx.word(start)
	case r == '"' || r == '`' || r == '\u2018' || r == '\u2019' || r == '\u201c' || r == '\u201d':
		// Typographic quotes come from pasting out of documents and
		// chat; they get the same hint as the other wrong quotes.
		return token{}, newError(lx.src, start, "quote names and values with single quotes, as in 'like this'",
			"unexpected character %q", r)
	}
	return token{}, newError(lx.src, start, "", "unexpected character %q", r)
}

// word scans a bare word. It also swallows letters outside ASCII so that
// e.café is reported as one word needing quotes rather than as "caf"
// followed by a puzzling stray "é".
func (lx *lexer) word(start Pos) (token, *Error) {
	// The ASCII word bytes first, most often the whole word: a word holds
	// no newline, so each moves one column.
	i := lx.off
	for i < len(lx.src) && isWordRune(rune(lx.src[i])) {
		i++
	}
	lx.col += i - lx.off
	lx.off = i
	foreign := false
	for {
		r, size, err := lx.peekRune()
		if err != nil || size == 0 {
			break // a bad byte ends the word; the next call reports it
		}
		if isForeignWordRune(r) {
			foreign = true
		} else if !isWordRune(r) {
			break
		}
		lx.advance(r, size)
	}
	text := lx.src[start.Offset:lx.off]
	if foreign {
		return token{}, newError(lx.src, start, "write "+quoteString(text),
			"%q must be single-quoted: bare words may only use A-Z, a-z, 0-9, _ and -", text)
	}
	return token{kind: tokWord, text: text, pos: start}, nil
}

// quoted scans a single-quoted string. Inside it everything but a lone
// quote is literal, backslashes included, so any name or value can be
// written without a second escaping convention.
func (lx *lexer) quoted(start Pos) (token, *Error) {
	lx.advance('\'', 1)
	// The value is a slice of the source until a doubled quote needs
	// unescaping: most values have none, and copying each rune showed in
	// compile profiles.
	from := lx.off
	var b *strings.Builder
	for {
		r, size, err := lx.peekRune()
		if err != nil {
			return token{}, err
		}
		if size == 0 {
			return token{}, newError(lx.src, start, "close it with ' and write '' for a quote inside",
				"unterminated quoted string")
		}
		at := lx.off
		lx.advance(r, size)
		if r != '\'' {
			if b != nil {
				b.WriteRune(r)
			}
			continue
		}
		if r2, size2, _ := lx.peekRune(); r2 == '\'' && size2 == 1 {
			lx.advance(r2, size2)
			if b == nil {
				b = &strings.Builder{}
				b.WriteString(lx.src[from:at])
			}
			b.WriteByte('\'')
			continue
		}
		text := lx.src[from:at]
		if b != nil {
			text = b.String()
		}
		return token{kind: tokString, text: text, pos: start}, nil
	}
}

// isWordRune reports whether r may appear in a bare word.
func isWordRune(r rune) bool {
	return r == '_' || r == '-' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z')
}

// isForeignWordRune reports a rune that looks like part of a word to a human
// but is not allowed bare.
func isForeignWordRune(r rune) bool {
	return r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// isBareWord reports whether s can be written without quotes as a name,
// node or value.
func isBareWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isWordRune(r) {
			return false
		}
	}
	return true
}

// isKey reports whether s is a valid context key. Keys name columns, so
// they are held to the identifier rules every SQL dialect accepts unquoted.
func isKey(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z'):
		case i > 0 && '0' <= r && r <= '9':
		default:
			return false
		}
	}
	return true
}

// quoteString writes s as a single-quoted string of the language.
func quoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// quoteName writes a name or node bare when it can be, quoted otherwise.
func quoteName(s string) string {
	if isBareWord(s) {
		return s
	}
	return quoteString(s)
}

// quoteForMessage quotes a value the way the language does, but escapes
// control characters so an error message stays on one line.
func quoteForMessage(s string) string {
	q := quoteString(s)
	if !strings.ContainsFunc(q, unicode.IsControl) {
		return q
	}
	var b strings.Builder
	for _, r := range q {
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case unicode.IsControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
