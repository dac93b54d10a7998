package main

import (
	"fmt"
	"io"
	"os"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal; tests replace it.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressLine shows "[done/total] id" on one rewritten line of w while
// work goes on, and clears it at the end. It only draws when both stdout
// and w are terminals: piped or machine-read output stays clean.
type progressLine struct {
	w     io.Writer
	shown bool
}

// newProgress returns a progress line on w, or nil when it should stay
// quiet (--json, or not a terminal).
func newProgress(stdout, w io.Writer, quiet bool) *progressLine {
	if quiet || !isTerminal(stdout) || !isTerminal(w) {
		return nil
	}
	return &progressLine{w: w}
}

// update draws the line; a nil progressLine draws nothing.
func (p *progressLine) update(done, total int, what string) {
	if p == nil {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K[%d/%d] %s", done, total, what)
	p.shown = true
}

// status draws a line of free text.
func (p *progressLine) status(text string) {
	if p == nil {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s", text)
	p.shown = true
}

// clear removes the line, so the summary starts on a clean one.
func (p *progressLine) clear() {
	if p == nil || !p.shown {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
	p.shown = false
}
