package compiler

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/paramsql/paramsql/internal/editdistance"
)

// Error is a syntax or meaning error in a reference. It carries the whole
// source so that a caller far from the parser (a CLI, a notebook, a web form)
// can still show the offending line with a caret under the problem.
type Error struct {
	// File names where the reference came from, as go/scanner's positions
	// do: "" for a lone reference, or a caller's name such as "<stdin>",
	// whose line and column Pos then counts in (see At).
	File   string
	Source string
	Pos    Pos
	Msg    string
	Hint   string // optional; how to fix it, or a did-you-mean
}

// Error formats the error as "line:col: msg (hint)", or
// "file:line:col: msg (hint)" with a File: the shape editors and terminals
// recognise as a jump-to location.
func (e *Error) Error() string {
	s := fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
	if e.File != "" {
		s = e.File + ":" + s
	}
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// Detail returns Error() followed by the source line holding the error and a
// caret under the offending rune. Only that one line is echoed so the caret
// stays meaningful for multi-line references.
func (e *Error) Detail() string {
	line, prefix := echoWindow(e.sourceLine())
	var b strings.Builder
	b.WriteString(e.Error())
	b.WriteByte('\n')
	b.WriteString(line)
	b.WriteByte('\n')
	b.WriteString(prefix)
	b.WriteByte('^')
	return b.String()
}

// sourceLine returns the printable text of the line holding the error and
// the part of it before the error's column.
func (e *Error) sourceLine() (line, prefix string) {
	src := e.Source
	off := e.Pos.Offset
	if off < 0 {
		off = 0
	}
	if off > len(src) {
		off = len(src)
	}
	start := strings.LastIndexByte(src[:off], '\n') + 1
	end := len(src)
	if i := strings.IndexByte(src[off:], '\n'); i >= 0 {
		end = off + i
	}
	text := strings.TrimSuffix(src[start:end], "\r")
	// Walk the line rune by rune so that control characters and broken
	// UTF-8 (which the error itself may be about) each print as exactly
	// one visible rune and the caret column stays right.
	var lb, pb strings.Builder
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		shown := r
		switch {
		case r == utf8.RuneError && size == 1:
			shown = '\uFFFD'
		case r == '\t':
		case r < 0x20:
			shown = 0x2400 + r // the Control Pictures block: ␀, ␁, …
		case r == 0x7f:
			shown = '\u2421'
		}
		lb.WriteRune(shown)
		// The caret is padded one column per rune so that it lines up
		// under multibyte text; a tab is copied as a tab because its width
		// is the terminal's choice, and only a tab lines up with a tab.
		if start+i < off {
			if r == '\t' {
				pb.WriteByte('\t')
			} else {
				pb.WriteByte(' ')
			}
		}
		i += size
	}
	// An error just past the end of the text (an unexpected end of the
	// reference) puts the caret one column after the last rune, which the
	// loop above already gives.
	return lb.String(), pb.String()
}

// echoWidth is the most runes of a source line an error echoes: a
// reference of thousands of runes on one line (generated, or pasted) would
// otherwise fill the terminal twice, with the caret's padding.
const echoWidth = 120

// echoWindow cuts a long echoed line to echoWidth runes around the caret,
// marking each cut end with "…", and cuts the caret's padding to match.
func echoWindow(line, prefix string) (string, string) {
	lr := []rune(line)
	if len(lr) <= echoWidth {
		return line, prefix
	}
	pr := []rune(prefix)
	start := max(0, min(len(pr)-echoWidth/2, len(lr)-echoWidth))
	end := min(len(lr), start+echoWidth)
	var lb, pb strings.Builder
	if start > 0 {
		lb.WriteString("…")
		pb.WriteByte(' ')
	}
	lb.WriteString(string(lr[start:end]))
	if end < len(lr) {
		lb.WriteString("…")
	}
	pb.WriteString(string(pr[min(start, len(pr)):]))
	return lb.String(), pb.String()
}

// newError builds an Error; every error of this package goes through it so
// none is returned without the source attached.
func newError(src string, pos Pos, hint, format string, args ...any) *Error {
	return &Error{Source: src, Pos: pos, Msg: fmt.Sprintf(format, args...), Hint: hint}
}

// didYouMean returns the hint for a misspelt keyword, or fallback when no
// candidate is close enough to be worth suggesting.
func didYouMean(word string, candidates []string, fallback string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf("did you mean %q?", s)
	}
	return fallback
}

// suggest picks the candidate a misspelling most likely meant: a
// case-insensitive match first, otherwise the nearest within edit distance
// 2. A candidate is only offered when at least one of its runes survives the
// edit, otherwise every short word would "suggest" the one-letter
// statistics n and k.
func suggest(word string, candidates []string) string {
	for _, c := range candidates {
		if strings.EqualFold(word, c) {
			return c
		}
	}
	lw := strings.ToLower(word)
	best, bestD := "", 3
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if abs(utf8.RuneCountInString(lw)-utf8.RuneCountInString(lc)) > 2 {
			continue
		}
		d := editdistance.Distance(lw, lc)
		if d <= 2 && d < utf8.RuneCountInString(c) && d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// At returns a copy of e placed in a larger text: named file, with the
// reference starting at line and col there (1-based). A reference read
// from one line of a file starts at that line, after its indentation; its
// own line 1 then shifts by col-1 columns, its later lines do not. The
// source line echoed by Detail stays the reference's own.
func (e *Error) At(file string, line, col int) *Error {
	c := *e
	c.File = file
	if c.Pos.Line <= 1 {
		c.Pos.Col += col - 1
	}
	c.Pos.Line += line - 1
	return &c
}
