package compiler

import (
	"strconv"
	"unicode/utf8"
)

// Query is the checked, normalised meaning of a reference. Two references
// that mean the same thing have equal Queries, and String gives the
// canonical text of both.
type Query struct {
	Edge       Edge
	Visited    []string   // sorted, de-duplicated; the unit must have all
	VisitedAny [][]string // each group sorted and de-duplicated; groups AND together
	// VisitedBefore is sorted and de-duplicated: the unit must have an
	// event at each node at or before its first from-event.
	VisitedBefore []string
	Exclude       []string // sorted, de-duplicated; the unit must have none
	// ExcludeBetween is sorted and de-duplicated: a trial fails when an
	// event at one of the nodes lies after the anchor and before the
	// to-event.
	ExcludeBetween []string
	Context        []Term  // sorted by key; Shard terms have no Value
	ContextAny     []Term  // sorted by key then value; OR within a key, AND across keys
	Attempt        Attempt // AttemptFirst (the default, written as "") or AttemptAny
	// Attribution is "" for DefaultAttribution; AttributionRule resolves it.
	Attribution Attribution
	Within      *Duration // nil when no within clause
	By          Period    // PeriodNone when no by clause
	Stat        Stat      // StatNone when no .p.<stat> suffix
}

// Edge is a normalised edge: Name for e.<name>, or From and To nodes.
type Edge struct {
	Name string
	From string
	To   string
}

// ShardKeys returns the context keys that shard the result, in order.
func (q *Query) ShardKeys() []string {
	var keys []string
	for _, t := range q.Context {
		if t.Shard {
			keys = append(keys, t.Key)
		}
	}
	return keys
}

// Duration is a within() bound as written: an amount and one of the units
// s, m, h, d. It is kept symbolic so the canonical form can be printed back.
type Duration struct {
	Amount int64
	Unit   byte
}

// Seconds returns the duration in seconds.
func (d Duration) Seconds() int64 {
	switch d.Unit {
	case 'm':
		return d.Amount * 60
	case 'h':
		return d.Amount * 3600
	case 'd':
		return d.Amount * 86400
	}
	return d.Amount
}

// String prints the duration as the language spells it, such as 7d.
func (d Duration) String() string {
	// Without fmt: within() hints name measures on the compile path.
	var buf [24]byte
	return string(utf8.AppendRune(strconv.AppendInt(buf[:0], d.Amount, 10), rune(d.Unit)))
}

// Attempt says which of a unit's from-events may convert.
type Attempt string

// The attempts of attempt(). A Query holds AttemptFirst as "", so that
// attempt(first) and no attempt clause are the same query.
const (
	// AttemptFirst: only the unit's first from-event is the anchor.
	AttemptFirst Attempt = "first"
	// AttemptAny: the unit succeeds when any from-event is followed by
	// another to-event within the window.
	AttemptAny Attempt = "any"
)

// Period is the truncation unit of a by() clause.
type Period string

// The periods of by(). Weeks start on Monday.
const (
	PeriodNone  Period = ""
	PeriodDay   Period = "day"
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
)

// Stat is the statistic named by a .p.<stat> suffix. It does not change the
// SQL: the counts feed every statistic. The runtime reads it.
type Stat string

// The statistics a reference may name.
const (
	StatNone  Stat = ""
	StatMean  Stat = "mean"
	StatStdev Stat = "stdev"
	StatAlpha Stat = "alpha"
	StatBeta  Stat = "beta"
	StatN     Stat = "n"
	StatK     Stat = "k"
)
