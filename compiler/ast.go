package compiler

// Pos is a 1-based position inside a reference's source text. Offset is the
// 0-based byte offset, kept so error carets can be drawn without re-scanning.
type Pos struct {
	Line   int
	Col    int
	Offset int
}

// Ref is the syntax tree of one edge reference exactly as written: clauses
// keep their source order and positions so that semantic errors can point at
// the clause that caused them. Normalize turns it into a Query.
type Ref struct {
	Source  string
	Edge    EdgeExpr
	Clauses []Clause
	Stat    Stat // empty when no .p.<stat> suffix was written
	StatPos Pos
}

// EdgeExpr is the edge part of a reference: either a name (e.signup) or an
// explicit pair of nodes (e.from(a).to(b)).
type EdgeExpr struct {
	Pos  Pos
	Name string // set for e.<name>
	From Node   // set for e.from(a).to(b)
	To   Node
}

// Node is a node name as written, with its position.
type Node struct {
	Pos  Pos
	Name string
}

// ClauseKind names a clause of the language.
type ClauseKind string

// The clause kinds, spelled as in the language.
const (
	ClauseVisited    ClauseKind = "visited"
	ClauseVisitedAny ClauseKind = "visitedAny"
	// ClauseVisitedBefore needs each node visited at or before the anchor.
	ClauseVisitedBefore ClauseKind = "visitedBefore"
	ClauseExclude       ClauseKind = "exclude"
	// ClauseExcludeBetween fails a trial with an event at a node between
	// the anchor and the to-event.
	ClauseExcludeBetween ClauseKind = "excludeBetween"
	ClauseContext        ClauseKind = "context"
	ClauseContextAny     ClauseKind = "contextAny"
	ClauseAttempt        ClauseKind = "attempt"
	// ClauseAttribution picks the context row a unit counts in.
	ClauseAttribution ClauseKind = "attribution"
	ClauseWithin      ClauseKind = "within"
	ClauseBy          ClauseKind = "by"
)

// Clause is one `.kind(args)` part of a reference. Only the fields that
// belong to its kind are set.
type Clause struct {
	Pos         Pos
	Kind        ClauseKind
	Nodes       []Node      // visited, visitedAny, visitedBefore, exclude, excludeBetween
	Terms       []Term      // context, contextAny
	Within      Duration    // within
	Attempt     Attempt     // attempt
	Attribution Attribution // attribution
	Period      Period      // by
}

// Term is one item of a context clause: `key='value'`, `key:value`, or a
// bare `key` that shards the result by that column.
type Term struct {
	Pos   Pos
	Key   string
	Value string
	Shard bool // a bare key: no value was given
}
