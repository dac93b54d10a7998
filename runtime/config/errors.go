package config

import (
	"fmt"
	"sort"
	"strings"
)

// maxErrors is how many errors one file reports before the rest are
// summarised in a single line.
const maxErrors = 20

// Error is one problem found in a configuration file. Line and Col are
// 1-based; a zero Line means the problem concerns the file as a whole and a
// zero Col means the column is not known.
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
	Hint string
}

// Error formats the problem as file:line:col: msg (hint), leaving out the
// parts that are not known.
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
			if e.Col > 0 {
				fmt.Fprintf(&b, ":%d", e.Col)
			}
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "%d:%d: ", e.Line, e.Col)
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// ErrorList is a list of problems, printed one per line. The loaders return
// it as their error so that every problem in a file is reported at once.
type ErrorList []*Error

// Error prints every problem on its own line.
func (l ErrorList) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil for an empty list and the list itself otherwise, so that
// a function can end with `return errs.Err()`.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the problems as errors, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Sort orders the problems by file, line and column, keeping the order of
// problems reported at the same place.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// limit sorts the list and cuts it to maxErrors entries per file, ending
// each cut file with a line that says how many were left out.
func (l ErrorList) limit() ErrorList {
	l.Sort()
	var out ErrorList
	count, dropped := 0, 0
	flush := func(file string) {
		if dropped == 1 {
			out = append(out, &Error{File: file, Msg: "1 more error not shown"})
		} else if dropped > 1 {
			out = append(out, &Error{File: file, Msg: fmt.Sprintf("%d more errors not shown", dropped)})
		}
		count, dropped = 0, 0
	}
	for i, e := range l {
		if i > 0 && e.File != l[i-1].File {
			flush(l[i-1].File)
		}
		if count == maxErrors {
			dropped++
			continue
		}
		count++
		out = append(out, e)
	}
	if len(l) > 0 {
		flush(l[len(l)-1].File)
	}
	return out
}

// asErrors converts a list of problems into the []error that Validate
// returns.
func asErrors(l ErrorList) []error {
	if len(l) == 0 {
		return nil
	}
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}
