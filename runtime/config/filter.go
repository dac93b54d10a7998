package config

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/paramsql/paramsql/compiler"
)

// parseRef parses an edge reference into its normalised Query.
var parseRef = compiler.ParseQuery

// FilterQuery returns the Query that context_filter and visited_filter
// describe: context_filter becomes Context terms (sorted by key), a visited
// list or AND filter becomes Visited, and an OR filter becomes one
// VisitedAny group. Nodes are sorted and de-duplicated; an OR group of one
// node is the same as visiting it, so it becomes Visited. The Edge and the
// other fields are left empty. It returns nil when the parameter has
// neither filter.
func (p *Param) FilterQuery() *compiler.Query {
	if len(p.ContextFilter) == 0 && p.VisitedFilter == nil {
		return nil
	}
	q := &compiler.Query{}
	for _, k := range sortedKeys(p.ContextFilter) {
		q.Context = append(q.Context, compiler.Term{Key: k, Value: p.ContextFilter[k]})
	}
	if f := p.VisitedFilter; f != nil && len(f.Nodes) > 0 {
		nodes := sortedSet(f.Nodes)
		if f.Operator == VisitedAny && len(nodes) > 1 {
			q.VisitedAny = [][]string{nodes}
		} else {
			q.Visited = nodes
		}
	}
	return q
}

// sortedKeys returns the keys of a map in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// sortedSet returns the strings sorted and without repeats.
func sortedSet(s []string) []string {
	out := slices.Clone(s)
	sort.Strings(out)
	return slices.Compact(out)
}

// visitedSets returns the nodes a query requires all of and its groups of
// which one is required, both normalised as FilterQuery does.
func visitedSets(q *compiler.Query) (all []string, groups [][]string) {
	all = slices.Clone(q.Visited)
	for _, g := range q.VisitedAny {
		g = sortedSet(g)
		if len(g) == 1 {
			all = append(all, g[0])
			continue
		}
		groups = append(groups, g)
	}
	return sortedSet(all), groups
}

// filterDiff is one disagreement between the filters and the reference.
// Field is where it is reported: a filter entry, or the reference.
type filterDiff struct {
	field string
	msg   string
}

func quoteTerm(t compiler.Term) string {
	if t.Shard {
		return t.Key
	}
	return fmt.Sprintf("%s='%s'", t.Key, t.Value)
}

// diffFilters lists how the filter query differs from the reference query
// in the parts the parameter gives: the context when hasContext, the
// visited nodes when hasVisited. refField names the reference's field.
func (p *Param) diffFilters(ref, filt *compiler.Query, refField string, hasContext, hasVisited bool) []filterDiff {
	var out []filterDiff
	if hasVisited {
		nodesPath := p.visitedNodesPath()
		index := map[string]int{}
		if p.VisitedFilter != nil {
			for i, n := range p.VisitedFilter.Nodes {
				if _, ok := index[n]; !ok {
					index[n] = i
				}
			}
		}
		nodeField := func(n string) string { return fmt.Sprintf("%s[%d]", nodesPath, index[n]) }
		refAll, refGroups := visitedSets(ref)
		filtAll, filtGroups := visitedSets(filt)
		for _, n := range filtAll {
			if !slices.Contains(refAll, n) {
				out = append(out, filterDiff{nodeField(n), fmt.Sprintf("visited_filter has %s but %s does not", n, refField)})
			}
		}
		for _, n := range refAll {
			if !slices.Contains(filtAll, n) {
				out = append(out, filterDiff{refField, fmt.Sprintf("%s has visited %s but visited_filter does not", refField, n)})
			}
		}
		matched := -1
		for _, g := range filtGroups {
			for i, rg := range refGroups {
				if slices.Equal(g, rg) {
					matched = i
				}
			}
			if matched >= 0 {
				continue
			}
			switch len(refGroups) {
			case 0:
				out = append(out, filterDiff{"visited_filter.operator", fmt.Sprintf("visited_filter is OR of %s but %s has no visitedAny", strings.Join(g, ", "), refField)})
			case 1:
				matched = 0
				for _, n := range g {
					if !slices.Contains(refGroups[0], n) {
						out = append(out, filterDiff{nodeField(n), fmt.Sprintf("visited_filter (OR) has %s but the visitedAny of %s does not", n, refField)})
					}
				}
				for _, n := range refGroups[0] {
					if !slices.Contains(g, n) {
						out = append(out, filterDiff{refField, fmt.Sprintf("the visitedAny of %s has %s but visited_filter (OR) does not", refField, n)})
					}
				}
			default:
				out = append(out, filterDiff{"visited_filter.operator", fmt.Sprintf("visited_filter OR of %s matches no visitedAny of %s", strings.Join(g, ", "), refField)})
			}
		}
		for i, rg := range refGroups {
			if i != matched && (len(filtGroups) == 0 || len(refGroups) > 1) {
				out = append(out, filterDiff{refField, fmt.Sprintf("%s has visitedAny(%s) but visited_filter does not", refField, strings.Join(rg, ", "))})
			}
		}
	}
	if hasContext {
		refTerms := map[string]compiler.Term{}
		for _, t := range ref.Context {
			if _, ok := refTerms[t.Key]; !ok {
				refTerms[t.Key] = t
			}
		}
		filtKeys := map[string]bool{}
		for _, t := range filt.Context {
			filtKeys[t.Key] = true
			field := "context_filter." + t.Key
			rt, ok := refTerms[t.Key]
			switch {
			case !ok:
				out = append(out, filterDiff{field, fmt.Sprintf("context_filter has %s but %s does not", quoteTerm(t), refField)})
			case rt.Shard:
				out = append(out, filterDiff{field, fmt.Sprintf("context_filter %s but %s shards by %s", quoteTerm(t), refField, t.Key)})
			case rt.Value != t.Value:
				out = append(out, filterDiff{field, fmt.Sprintf("context_filter %s but %s has %s", quoteTerm(t), refField, quoteTerm(rt))})
			}
		}
		for _, t := range ref.Context {
			if !filtKeys[t.Key] {
				if t.Shard {
					out = append(out, filterDiff{refField, fmt.Sprintf("%s shards by %s but context_filter does not have %s", refField, t.Key, t.Key)})
				} else {
					out = append(out, filterDiff{refField, fmt.Sprintf("%s has %s but context_filter does not", refField, quoteTerm(t))})
				}
			}
		}
		for _, t := range ref.ContextAny {
			if !filtKeys[t.Key] {
				out = append(out, filterDiff{refField, fmt.Sprintf("%s has contextAny %s but context_filter does not", refField, quoteTerm(t))})
				filtKeys[t.Key] = true // one message per key
			}
		}
	}
	return out
}

// reference parses the edge reference at field, reporting a syntax or
// meaning error at its place in the file. It returns nil when the field is
// empty or invalid.
func (v *validator) reference(field, src string) *compiler.Query {
	if strings.TrimSpace(src) == "" || v.invalid(field) {
		return nil
	}
	q, err := parseRef(src)
	if err == nil {
		return q
	}
	e := v.p.errorf(field, "", "invalid %s: %v", field, err)
	var ce *compiler.Error
	if errors.As(err, &ce) {
		e.Msg, e.Hint = fmt.Sprintf("invalid %s: %s", field, ce.Msg), ce.Hint
		e.Line, e.Col = v.p.referencePosition(field, src, e.Line, e.Col, ce.Pos)
	}
	// Only an error that a cut could cause: the value ends too soon.
	cut := ce != nil && (strings.Contains(ce.Msg, "unterminated") || strings.Contains(ce.Msg, "end of reference"))
	if hint := v.commentCut(field, e.Line); cut && hint != "" {
		if e.Hint != "" {
			e.Hint += "; "
		}
		e.Hint += hint
	}
	v.errs = append(v.errs, e)
	return nil
}

// commentCut is a hint for a plain YAML value that " #" cut short: YAML
// reads the rest of the line as a comment, so context(channel='ads #1')
// arrives as context(channel='ads and fails to parse. "" when the value's
// line has no such comment.
func (v *validator) commentCut(field string, line int) string {
	if v.p.has(field+"#quoted") || v.p.has(field+"#block") || line < 1 {
		return ""
	}
	data, err := os.ReadFile(v.p.File)
	if err != nil {
		return ""
	}
	if !strings.Contains(lineOf(data, line), " #") {
		return ""
	}
	return "YAML read the line from \" #\" on as a comment; put the whole value in double quotes"
}

// filters checks that context_filter and visited_filter agree with the
// edge reference they narrow: the parameter's edge_reference, or the
// observation source's when the parameter has none. Both references are
// checked for syntax whether or not filters are given.
func (v *validator) filters() {
	p := v.p
	field, q := "edge_reference", v.reference("edge_reference", p.EdgeReference)
	if p.ObservationSource != nil {
		oq := v.reference("observation_source.edge_reference", p.ObservationSource.EdgeReference)
		if strings.TrimSpace(p.EdgeReference) == "" {
			field, q = "observation_source.edge_reference", oq
		}
	}
	hasContext, hasVisited := len(p.ContextFilter) > 0, p.VisitedFilter != nil && len(p.VisitedFilter.Nodes) > 0
	if q == nil || !hasContext && !hasVisited {
		return
	}
	for _, d := range p.diffFilters(q, p.FilterQuery(), field, hasContext, hasVisited) {
		v.add(d.field, "", "%s", d.msg)
	}
}

// referencePosition maps pos, a position in the reference src read from
// field, whose value starts at line:col of the file, to the file. It is
// exact for a reference on one line, plain or quoted (a single-quoted one
// counts each doubled quote as two columns), and for a literal block (|), whose lines
// are the file's lines below the key at their indentation. Otherwise (a
// folded or double-quoted value with escapes, or a plain value over
// several lines) it stays at the value's start.
func (p *Param) referencePosition(field, src string, line, col int, pos compiler.Pos) (int, int) {
	// Without the file (a Param parsed from memory) the value is all
	// there is to look at.
	var lines []string
	if data, err := os.ReadFile(p.File); err == nil {
		lines = strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	}
	keyLine := ""
	if line >= 1 && line <= len(lines) {
		keyLine = lines[line-1]
	}
	switch {
	case p.has(field + "#literal"):
		// The value's first line is the one after the key's, blank or
		// not; the block's indentation is its first non-blank line's.
		// An indentation indicator (|2) sets it otherwise: not mapped.
		at := line + pos.Line
		if lines == nil || at > len(lines) || literalIndicator(keyLine, col) {
			return line, col
		}
		for _, l := range lines[line:] {
			if strings.TrimSpace(l) != "" {
				return at, len(l) - len(strings.TrimLeft(l, " ")) + pos.Col
			}
		}
		return line, col
	case p.has(field+"#block") || pos.Line != 1:
		return line, col
	}
	// A one-line value: it must sit whole on the key's line, or YAML
	// folded it from several lines and columns do not map.
	width := utf8.RuneCountInString(src)
	switch {
	case p.has(field + "#single"):
		width += 2 + strings.Count(src, "'")
	case p.has(field + "#quoted"):
		width += 2
		// An escape (\u00e9, \\) is longer in the file than in the value;
		// the decoded value no longer shows where it was.
		if strings.Contains(src, "\\") || strings.Contains(keyLine, "\\") {
			return line, col
		}
	}
	if lines != nil && utf8.RuneCountInString(keyLine) < col-1+width {
		return line, col
	}
	switch {
	case p.has(field + "#single"):
		before := src[:min(max(pos.Offset, 0), len(src))]
		return line, col + pos.Col + strings.Count(before, "'")
	case p.has(field + "#quoted"):
		return line, col + pos.Col
	}
	return line, col + pos.Col - 1
}

// literalIndicator reports whether the block scalar at col of line has an
// indentation indicator, as in |2 or |-2.
func literalIndicator(line string, col int) bool {
	r := []rune(line)
	if col < 1 || col > len(r) {
		return false
	}
	return strings.ContainsAny(strings.TrimRight(string(r[col-1:]), " "), "123456789")
}
