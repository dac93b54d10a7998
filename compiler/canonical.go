package compiler

import "strings"

// String returns the canonical form of the query: the one spelling that
// every equivalent reference normalises to. It is what caches, logs and
// diffs should key on, and it parses back to an equal Query.
func (q *Query) String() string {
	var b strings.Builder
	b.Grow(128) // most references fit: growing from empty showed in compile profiles
	b.WriteString("e.")
	if q.Edge.Name != "" || (q.Edge.From == "" && q.Edge.To == "") {
		b.WriteString(quoteName(q.Edge.Name))
	} else {
		b.WriteString("from(")
		b.WriteString(quoteName(q.Edge.From))
		b.WriteString(").to(")
		b.WriteString(quoteName(q.Edge.To))
		b.WriteByte(')')
	}
	writeNodes(&b, ClauseVisited, q.Visited)
	for _, g := range q.VisitedAny {
		writeNodes(&b, ClauseVisitedAny, g)
	}
	writeNodes(&b, ClauseVisitedBefore, q.VisitedBefore)
	writeNodes(&b, ClauseExclude, q.Exclude)
	writeNodes(&b, ClauseExcludeBetween, q.ExcludeBetween)
	writeTerms(&b, ClauseContext, q.Context)
	writeTerms(&b, ClauseContextAny, q.ContextAny)
	if q.Attempt == AttemptAny {
		b.WriteString(".attempt(any)")
	}
	if q.Attribution != "" {
		b.WriteString(".attribution(" + string(q.Attribution) + ")")
	}
	if q.Within != nil {
		b.WriteString(".within(" + q.Within.String() + ")")
	}
	if q.By != PeriodNone {
		b.WriteString(".by(" + string(q.By) + ")")
	}
	if q.Stat != StatNone {
		b.WriteString(".p." + string(q.Stat))
	}
	return b.String()
}

// writeNodes writes one node-list clause, or nothing for an empty list.
func writeNodes(b *strings.Builder, kind ClauseKind, nodes []string) {
	if len(nodes) == 0 {
		return
	}
	b.WriteByte('.')
	b.WriteString(string(kind))
	b.WriteByte('(')
	for i, n := range nodes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quoteName(n))
	}
	b.WriteByte(')')
}

// writeQuoted writes s as quoteString does, without the intermediate
// string.
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('\'')
	for {
		i := strings.IndexByte(s, '\'')
		if i < 0 {
			break
		}
		b.WriteString(s[:i+1])
		b.WriteByte('\'')
		s = s[i+1:]
	}
	b.WriteString(s)
	b.WriteByte('\'')
}

// writeTerms writes one context clause, or nothing for no terms. Values are
// always quoted so that a value such as 7d or 01 reads as the text it is.
func writeTerms(b *strings.Builder, kind ClauseKind, terms []Term) {
	if len(terms) == 0 {
		return
	}
	b.WriteByte('.')
	b.WriteString(string(kind))
	b.WriteByte('(')
	for i, t := range terms {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(t.Key)
		if !t.Shard {
			b.WriteByte('=')
			writeQuoted(b, t.Value)
		}
	}
	b.WriteByte(')')
}
