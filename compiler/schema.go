package compiler

import "github.com/paramsql/paramsql/internal/snapcache"

// Unit is what a trial counts: a session or a user.
type Unit string

// The units of counting.
const (
	UnitSession Unit = "session"
	UnitUser    Unit = "user"
)

// Columns names the physical columns of the events table.
type Columns struct {
	UserID    string
	SessionID string
	EventType string
	NodeSlug  string
	CreatedAt string
}

// Schema describes the events table a reference is compiled against. The
// zero value is not useful; start from DefaultSchema.
type Schema struct {
	Table    string
	Columns  Columns
	Contexts map[string]string // context key -> column; a key not listed names its own column
	Unit     Unit
}

// DefaultSchema is the events table of the seed document.
func DefaultSchema() Schema {
	return Schema{
		Table: "events",
		Columns: Columns{
			UserID:    "user_id",
			SessionID: "session_id",
			EventType: "event_type",
			NodeSlug:  "node_slug",
			CreatedAt: "created_at",
		},
		Unit: UnitSession,
	}
}

// ContextColumn returns the column a context key reads.
func (s Schema) ContextColumn(key string) string {
	if c, ok := s.Contexts[key]; ok && c != "" {
		return c
	}
	return key
}

// UnitColumns returns the columns that key one unit.
func (s Schema) UnitColumns(u Unit) []string {
	if u == UnitUser {
		return []string{s.Columns.UserID}
	}
	return []string{s.Columns.UserID, s.Columns.SessionID}
}

// Graph maps edge names to nodes and nodes to event predicates. A nil or
// empty Graph gives the seed's conventions: e.<name> means
// <name>_attempt -> <name>_success, and a node matches node_slug.
type Graph struct {
	Edges map[string]GraphEdge
	Nodes map[string]GraphNode
}

// GraphEdge maps an edge name to its from and to nodes.
type GraphEdge struct {
	From string
	To   string
}

// GraphNode says which events are "at" a node. When both fields are set an
// event must match both. When neither is set, node_slug = the node's name.
type GraphNode struct {
	EventType string
	NodeSlug  string
}

// NodeMatch is the resolved predicate of a node: the event matches when
// every non-empty field equals the event's column.
type NodeMatch struct {
	EventType string
	NodeSlug  string
}

// Node resolves a node name to the predicate an event must satisfy.
func (g *Graph) Node(name string) NodeMatch {
	if g != nil {
		if n, ok := g.Nodes[name]; ok && (n.EventType != "" || n.NodeSlug != "") {
			return NodeMatch(n)
		}
	}
	return NodeMatch{NodeSlug: name}
}

// EdgeMatch resolves an edge to the predicates of its from- and to-events.
func (g *Graph) EdgeMatch(e Edge) (from, to NodeMatch) {
	if e.Name == "" {
		return g.Node(e.From), g.Node(e.To)
	}
	if g != nil {
		if ge, ok := g.Edges[e.Name]; ok {
			return g.Node(ge.From), g.Node(ge.To)
		}
	}
	ev := edgeEventsOf(e.Name)
	return NodeMatch{EventType: ev.attempt}, NodeMatch{EventType: ev.success}
}

// edgeEvents are the event types of an edge name by the seed's
// conventions.
type edgeEvents struct{ attempt, success string }

// edgeEventNames shares them between plans: building them for every
// reference showed in compile profiles.
var edgeEventNames snapcache.Cache[string, edgeEvents]

// edgeEventsOf returns the event types of the edge named name:
// <name>_attempt and <name>_success.
func edgeEventsOf(name string) edgeEvents {
	return edgeEventNames.Get(name, func(n string) edgeEvents {
		return edgeEvents{n + "_attempt", n + "_success"}
	})
}
