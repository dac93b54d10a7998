// Package events holds the event record that tests, fixtures, the reference
// evaluator and the demo generator share, and the fixed set of context
// columns they use.
package events

import "time"

// ContextKeys are the context columns every test events table carries, in
// column order. Their values may be NULL.
var ContextKeys = []string{"channel", "device", "country"}

// Event is one row of the events table. CreatedAt is UTC and has whole
// seconds, so that every engine (ClickHouse's DateTime among them) stores it
// exactly.
type Event struct {
	UserID    string
	SessionID string
	EventType string
	NodeSlug  string
	CreatedAt time.Time
	Context   map[string]*string // key from ContextKeys; nil or missing means NULL
}

// Str returns a pointer to s, for building Context maps in literals.
func Str(s string) *string { return &s }
