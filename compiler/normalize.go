package compiler

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// ParseQuery parses and normalises a reference in one step; it is what
// almost every caller wants. The error, if any, is an *Error.
func ParseQuery(src string) (*Query, error) {
	st := refStorages.Get().(*refStorage)
	defer releaseRefStorage(st)
	ref, err := parseInto(src, st)
	if err != nil {
		return nil, err
	}
	return Normalize(ref)
}

// refStorages keeps the syntax trees ParseQuery builds, which it drops
// once normalised, for the next parse: a tree and the room for its lists
// take a kilobyte, whose allocation showed in compile profiles. A Query
// holds no memory of the tree it came from: normalize copies each list
// (a test parses over one and compares).
var refStorages = sync.Pool{New: func() any { return new(refStorage) }}

func releaseRefStorage(st *refStorage) {
	*st = refStorage{}
	refStorages.Put(st)
}

// Normalize checks what a parsed reference means and reduces it to a Query,
// so that references written differently but meaning the same thing compile
// to the same SQL and print the same canonical form. It re-checks what the
// parser guarantees as well, because a Ref may also be built by hand and a
// Query must always print as a reference that parses back to itself. The
// error, if any, is an *Error pointing into r.Source.
func Normalize(r *Ref) (*Query, error) {
	q, err := normalize(r)
	if err != nil {
		return nil, err // a typed nil must not leak into the error interface
	}
	return q, nil
}

func normalize(r *Ref) (*Query, *Error) {
	if r == nil {
		return nil, newError("", Pos{Line: 1, Col: 1}, "", "no reference to normalise")
	}
	src := r.Source
	q := &Query{}

	var err *Error
	if q.Edge, err = normalizeEdge(src, r.Edge); err != nil {
		return nil, err
	}

	var exclude, before, between []Node
	var betweenClause *Clause
	var context, contextAny []Term
	var within, by, attempt, attribution *Clause
	for i := range r.Clauses {
		c := &r.Clauses[i]
		if err := checkClause(src, c); err != nil {
			return nil, err
		}
		switch c.Kind {
		case ClauseVisited:
			q.Visited = slices.Grow(q.Visited, len(c.Nodes))
			for _, n := range c.Nodes {
				q.Visited = append(q.Visited, n.Name)
			}
		case ClauseVisitedAny:
			group := make([]string, 0, len(c.Nodes))
			for _, n := range c.Nodes {
				group = append(group, n.Name)
			}
			q.VisitedAny = append(q.VisitedAny, sortedSet(group))
		case ClauseVisitedBefore:
			before = appendShared(before, c.Nodes)
		case ClauseExclude:
			exclude = appendShared(exclude, c.Nodes)
		case ClauseExcludeBetween:
			between = appendShared(between, c.Nodes)
			if betweenClause == nil {
				betweenClause = c
			}
		case ClauseContext:
			context = appendShared(context, c.Terms)
		case ClauseContextAny:
			contextAny = appendShared(contextAny, c.Terms)
		case ClauseWithin:
			if within != nil {
				return nil, twice(src, c, within)
			}
			within = c
			d := normalizeDuration(c.Within)
			q.Within = &d
		case ClauseAttempt:
			if attempt != nil {
				return nil, twice(src, c, attempt)
			}
			attempt = c
			if c.Attempt == AttemptAny {
				q.Attempt = AttemptAny
			}
		case ClauseAttribution:
			if attribution != nil {
				return nil, twice(src, c, attribution)
			}
			attribution = c
			if c.Attribution != DefaultAttribution {
				q.Attribution = c.Attribution
			}
		case ClauseBy:
			if by != nil {
				return nil, twice(src, c, by)
			}
			by = c
			q.By = c.Period
		}
	}

	q.Visited = sortedSet(q.Visited)
	// Groups AND together, so their order is irrelevant and a repeated
	// group adds nothing; sorting and collapsing makes the form canonical.
	slices.SortFunc(q.VisitedAny, slices.Compare)
	q.VisitedAny = slices.CompactFunc(q.VisitedAny, slices.Equal)

	for _, n := range before {
		q.VisitedBefore = append(q.VisitedBefore, n.Name)
	}
	q.VisitedBefore = sortedSet(q.VisitedBefore)

	if len(exclude) > 0 {
		q.Exclude = make([]string, 0, len(exclude))
	}
	for _, n := range exclude {
		if _, found := slices.BinarySearch(q.Visited, n.Name); found {
			return nil, newError(src, n.Pos, "no unit could ever be a trial; drop it from one of them",
				"node %q is both visited and excluded", n.Name)
		}
		if _, found := slices.BinarySearch(q.VisitedBefore, n.Name); found {
			return nil, newError(src, n.Pos, "no unit could ever be a trial; drop it from one of them",
				"node %q is both visitedBefore and excluded", n.Name)
		}
		switch n.Name {
		case q.Edge.From:
			return nil, newError(src, n.Pos, "every trial starts with an event at it; drop it from exclude",
				"node %q is the edge's from-node and excluded", n.Name)
		case q.Edge.To:
			// exclude reads the events before the window's end; with
			// within() a to-event after the end still converts.
			if q.Within == nil {
				return nil, newError(src, n.Pos, "no trial could ever succeed; drop it from exclude",
					"node %q is the edge's to-node and excluded", n.Name)
			}
		}
		q.Exclude = append(q.Exclude, n.Name)
	}
	q.Exclude = sortedSet(q.Exclude)
	// A visitedAny group whose every node is excluded cannot be met.
	for _, group := range q.VisitedAny {
		if !slices.ContainsFunc(group, func(name string) bool { _, found := slices.BinarySearch(q.Exclude, name); return !found }) {
			at := exclude[slices.IndexFunc(exclude, func(n Node) bool { return slices.Contains(group, n.Name) })]
			return nil, newError(src, at.Pos, "no unit could ever be a trial; drop it from one of them",
				"every node of visitedAny(%s) is excluded", strings.Join(group, ","))
		}
	}

	for _, n := range between {
		q.ExcludeBetween = append(q.ExcludeBetween, n.Name)
	}
	q.ExcludeBetween = sortedSet(q.ExcludeBetween)

	if q.Context, err = mergeContext(src, context); err != nil {
		return nil, err
	}
	q.ContextAny = mergeContextAny(contextAny)
	if err := contextAgreesWithAny(src, q.Context, q.ContextAny, contextAny); err != nil {
		return nil, err
	}
	if attribution != nil {
		if len(q.Context) == 0 && len(q.ContextAny) == 0 {
			return nil, newError(src, attribution.Pos, "attribution picks the context() row a unit counts in; add a context clause or drop it",
				"attribution without context or contextAny")
		}
	}

	if r.Stat != StatNone && !isOneOf(string(r.Stat), stats) {
		return nil, newError(src, r.StatPos, didYouMean(string(r.Stat), stats, hintStat), "unknown statistic %q", r.Stat)
	}
	q.Stat = r.Stat
	return q, nil
}

// normalizeEdge turns the edge as written into an Edge.
func normalizeEdge(src string, e EdgeExpr) (Edge, *Error) {
	if e.Name != "" {
		return Edge{Name: e.Name}, nil
	}
	if e.From.Name == "" && e.To.Name == "" {
		return Edge{}, newError(src, e.Pos, "", "edge name cannot be empty")
	}
	for _, n := range []Node{e.From, e.To} {
		if n.Name == "" {
			return Edge{}, newError(src, n.Pos, "", "node name cannot be empty")
		}
	}
	return Edge{From: e.From.Name, To: e.To.Name}, nil
}

// checkClause re-checks the parser's guarantees on a single clause.
func checkClause(src string, c *Clause) *Error {
	switch c.Kind {
	case ClauseVisited, ClauseVisitedAny, ClauseVisitedBefore, ClauseExclude, ClauseExcludeBetween:
		if len(c.Nodes) == 0 {
			return newError(src, c.Pos, "", "%s() needs at least one node", c.Kind)
		}
		for _, n := range c.Nodes {
			if n.Name == "" {
				return newError(src, n.Pos, "", "node name cannot be empty")
			}
		}
	case ClauseContext, ClauseContextAny:
		if len(c.Terms) == 0 {
			return newError(src, c.Pos, "", "%s() needs at least one term", c.Kind)
		}
		for _, t := range c.Terms {
			if !isKey(t.Key) {
				return newError(src, t.Pos, hintKey, "invalid context key %q", t.Key)
			}
			if t.Shard && c.Kind == ClauseContextAny {
				return newError(src, t.Pos, fmt.Sprintf("to shard by %s use context(%s)", t.Key, t.Key),
					"contextAny needs key=value pairs, found bare key %q", t.Key)
			}
		}
	case ClauseWithin:
		if !durationFits(c.Within) {
			return newError(src, c.Pos, hintUnit, "invalid duration %q", c.Within.String())
		}
	case ClauseAttempt:
		if !isOneOf(string(c.Attempt), attempts) {
			return newError(src, c.Pos, didYouMean(string(c.Attempt), attempts, hintAttempt), "unknown attempt %q", c.Attempt)
		}
	case ClauseAttribution:
		if !isOneOf(string(c.Attribution), attributions) {
			return newError(src, c.Pos, didYouMean(string(c.Attribution), attributions, hintAttribution), "unknown attribution %q", c.Attribution)
		}
	case ClauseBy:
		if !isOneOf(string(c.Period), periods) {
			return newError(src, c.Pos, didYouMean(string(c.Period), periods, hintPeriod), "unknown period %q", c.Period)
		}
	default:
		return newError(src, c.Pos, didYouMean(string(c.Kind), clauseKinds, hintClause), "unknown clause %q", c.Kind)
	}
	return nil
}

// twice reports a second within or by clause: one reference has one window
// and one period, and silently keeping either would hide a mistake.
func twice(src string, second, first *Clause) *Error {
	return newError(src, second.Pos, fmt.Sprintf("the first is at %d:%d", first.Pos.Line, first.Pos.Col),
		"second %s clause", second.Kind)
}

// mergeContext merges the terms of every context clause. The terms all
// restrict the same events, so they AND together: a key may be repeated
// with the same value, but two values for one key could never both hold.
func mergeContext(src string, terms []Term) ([]Term, *Error) {
	if len(terms) == 0 {
		return nil, nil
	}
	// The first term of a key is found by searching the few terms before
	// it: a map of them showed in compile profiles. Many terms get one.
	var seen map[string]Term
	if len(terms) > 32 {
		seen = make(map[string]Term, len(terms))
	}
	out := make([]Term, 0, len(terms))
	for i, t := range terms {
		var prev Term
		ok := false
		if seen != nil {
			prev, ok = seen[t.Key]
		} else if j := slices.IndexFunc(terms[:i], func(u Term) bool { return u.Key == t.Key }); j >= 0 {
			prev, ok = terms[j], true
		}
		switch {
		case !ok:
			if seen != nil {
				seen[t.Key] = t
			}
			if t.Shard {
				out = append(out, Term{Key: t.Key, Shard: true})
			} else {
				out = append(out, Term{Key: t.Key, Value: t.Value})
			}
		case prev.Shard && t.Shard, !prev.Shard && !t.Shard && prev.Value == t.Value:
			// the same term again
		case !prev.Shard && !t.Shard:
			a, b := quoteForMessage(prev.Value), quoteForMessage(t.Value)
			return nil, newError(src, t.Pos,
				fmt.Sprintf("use contextAny(%s=%s,%s=%s) for either", t.Key, a, t.Key, b),
				"context key %q has two values, %s and %s", t.Key, a, b)
		default:
			value := prev.Value
			if prev.Shard {
				value = t.Value
			}
			v := quoteForMessage(value)
			return nil, newError(src, t.Pos,
				fmt.Sprintf("use context(%s) to shard by it or context(%s=%s) to filter on it, not both", t.Key, t.Key, v),
				"context key %q is both a bare shard key and set to %s", t.Key, v)
		}
	}
	slices.SortFunc(out, func(a, b Term) int { return cmp.Compare(a.Key, b.Key) })
	return out, nil
}

// appendShared is append(list, more...) that takes more itself, without a
// copy, when list is empty: the clause lists are read only, and copying
// them showed in compile profiles. A later append copies, as more has no
// spare capacity.
func appendShared[T any](list, more []T) []T {
	if len(list) == 0 {
		return more[:len(more):len(more)]
	}
	return append(list, more...)
}

// mergeContextAny merges the terms of every contextAny clause: OR within a
// key and AND across keys, so clause boundaries carry no meaning.
func mergeContextAny(terms []Term) []Term {
	if len(terms) == 0 {
		return nil
	}
	out := make([]Term, 0, len(terms))
	for _, t := range terms {
		out = append(out, Term{Key: t.Key, Value: t.Value})
	}
	slices.SortFunc(out, func(a, b Term) int {
		return cmp.Or(cmp.Compare(a.Key, b.Key), cmp.Compare(a.Value, b.Value))
	})
	return slices.Compact(out)
}

// normalizeDuration rewrites d in the largest unit that divides it evenly,
// so 168h and 7d, which are the same window, print the same.
func normalizeDuration(d Duration) Duration {
	s := d.Seconds()
	if s == 0 {
		return Duration{Amount: 0, Unit: 's'}
	}
	for _, u := range []Duration{{86400, 'd'}, {3600, 'h'}, {60, 'm'}} {
		if s%u.Amount == 0 {
			return Duration{Amount: s / u.Amount, Unit: u.Unit}
		}
	}
	return Duration{Amount: s, Unit: 's'}
}

// sortedSet sorts and de-duplicates names in place; nil stays nil so that
// equal queries compare equal however they were built.
func sortedSet(names []string) []string {
	slices.Sort(names)
	return slices.Compact(names)
}

// contextAgreesWithAny refuses a context(key=value) whose key contextAny
// also lists, without that value: no unit could match both. A bare shard
// key with contextAny values is kept: it shards over the listed values.
// terms are the contextAny terms as written, for the error's position.
func contextAgreesWithAny(src string, context, any, terms []Term) *Error {
	for _, c := range context {
		if c.Shard {
			continue
		}
		listed, allowed := false, false
		for _, a := range any {
			if a.Key == c.Key {
				listed, allowed = true, allowed || a.Value == c.Value
			}
		}
		if !listed || allowed {
			continue
		}
		// Quoted for the message only: this runs on every compile.
		var values []string
		for _, a := range any {
			if a.Key == c.Key {
				values = append(values, quoteForMessage(a.Value))
			}
		}
		at := terms[slices.IndexFunc(terms, func(t Term) bool { return t.Key == c.Key })]
		return newError(src, at.Pos, "no unit could ever be a trial; drop one of them",
			"context key %q is set to %s, which contextAny allows only as %s", c.Key, quoteForMessage(c.Value), strings.Join(values, " or "))
	}
	return nil
}
