package connect

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// duckDBLineRE finds DuckDB's pointer into the query in an error message:
// "LINE 2: ...FROM evnts WHERE..." and, on the next line, a caret under
// the spot, both indented alike.
var duckDBLineRE = regexp.MustCompile(`(?m)^LINE (\d+): (.*)\n( *)\^`)

// duckDBErrorOffset is the byte offset in query that DuckDB's error msg
// points at, or -1 when it points at none or cannot be matched. DuckDB
// shows a window of the line, cut with "..." at either end when long; the
// window is found in the line to place the caret.
func duckDBErrorOffset(query, msg string) int {
	m := duckDBLineRE.FindStringSubmatch(msg)
	if m == nil {
		return -1
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 1 {
		return -1
	}
	lines := strings.Split(query, "\n")
	if n > len(lines) {
		return -1
	}
	shown, caret := m[2], len(m[3])-len("LINE "+m[1]+": ")
	if caret < 0 || caret > utf8.RuneCountInString(shown) {
		return -1
	}
	lead := 0
	if strings.HasPrefix(shown, "...") {
		lead = 3
	}
	window := strings.TrimSuffix(shown[lead:], "...")
	line := strings.TrimSuffix(lines[n-1], "\r")
	start := strings.Index(line, window)
	if start < 0 || strings.Count(line, window) != 1 { // absent, or ambiguous
		return -1
	}
	// The caret counts characters of the window; the offset is bytes.
	k := caret - lead
	if k < 0 || k > utf8.RuneCountInString(window) {
		return -1
	}
	col := start
	for range k {
		_, size := utf8.DecodeRuneInString(line[col:])
		col += size
	}
	off := 0
	for _, l := range lines[:n-1] {
		off += len(l) + 1
	}
	return off + col
}
