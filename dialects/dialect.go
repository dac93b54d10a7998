// Package dialects renders the compiler's database-neutral plans as SQL for
// each supported engine. A Dialect owns everything engine-specific: quoting,
// escaping, placeholders and function spellings. The renderer in render.go
// owns the shape of the statement, which is the same everywhere.
package dialects

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/editdistance"
)

// Dialect is what the renderer asks of an engine. Each engine embeds ansi,
// which gives the standard spelling, and overrides only what differs.
// The aggregates that take a condition (CountIf, FirstWhen, LastWhen,
// AnyWhen, and FirstCode's CodeAtFirst with its code) must treat it as
// opaque text: the renderer splits their spelling around it once and
// writes conditions in place (see aggregate_spelling.go).
type Dialect interface {
	// Name is the dialect's name as the command line spells it.
	Name() string
	// QuoteIdent quotes a table or column name.
	QuoteIdent(name string) string
	// QuoteString renders a user-supplied string as a literal that the
	// engine reads back exactly.
	QuoteString(s string) string
	// Placeholder spells the n-th (1-based) distinct bound parameter.
	Placeholder(name string, n int) string
	// PlaceholderStyle says how placeholders map to arguments.
	PlaceholderStyle() PlaceholderStyle
	// TimestampLiteral writes a UTC instant as a literal.
	TimestampLiteral(t time.Time) string
	// CountIf counts the rows where cond holds, as an integer, 0 when none.
	CountIf(cond string) string
	// FirstWhen and LastWhen give the least and greatest ts among the rows
	// where cond holds, NULL when none.
	FirstWhen(ts, cond string) string
	LastWhen(ts, cond string) string
	// AnyWhen gives 1 if cond holds on some row, else 0.
	AnyWhen(cond string) string
	// AddSeconds adds a whole number of seconds to a timestamp.
	AddSeconds(ts string, seconds int64) string
	// TruncDate truncates a timestamp to the UTC date that starts its day,
	// ISO week (Monday) or month, as a DATE.
	TruncDate(p compiler.Period, ts string) (string, error)
	// SumIf sums value over the rows where cond holds, as an integer, 0
	// when none.
	SumIf(value, cond string) string
	// NullOf is a NULL of the given type, for padding UNION ALL branches.
	NullOf(t SQLType) string
	// BitAnd is the bitwise AND of two integers.
	BitAnd(a, b string) string
}

// PlaceholderStyle says how a dialect binds parameters.
type PlaceholderStyle int

// The placeholder styles.
const (
	// Positional placeholders (?) bind one argument per occurrence.
	Positional PlaceholderStyle = iota
	// Numbered placeholders ($1) may repeat; arguments are listed once.
	Numbered
	// Named placeholders (@name) may repeat; arguments are listed once.
	Named
)

// WindowFunctions is implemented by dialects that compute within() with a
// window function over the unit's events: the standard way.
type WindowFunctions interface {
	// FirstOver gives, on every event row, the least ts among the unit's
	// rows where cond holds.
	FirstOver(ts, cond string, partition []string) string
}

// FirstValue is implemented by dialects that can read, in one aggregate,
// a column's value on the unit's earliest row where a condition holds,
// which spares attribution(entry) a window function over every event.
type FirstValue interface {
	// ValueAtFirst gives the least non-NULL value among the rows where
	// cond holds at their least ts, NULL when all of those are NULL or no
	// row matches.
	ValueAtFirst(value, ts, cond string) string
}

// FirstCode is implemented by dialects that take the least of an integer
// built from an event's time and a small code in one aggregate: an
// anchor's value tested only against literals is then read as its rank
// (see entryCodes), cheaper than the value itself through FirstValue.
type FirstCode interface {
	// CodeAtFirst gives the least code, an integer in [0, 2^bits), among
	// the rows where cond holds at their least ts, NULL when no row does.
	CodeAtFirst(code, ts, cond string, bits int) string
}

// ArrayWithin is implemented by dialects without window functions that
// compute within() from an array of the unit's candidate times instead.
type ArrayWithin interface {
	// CollectTimes gathers, per unit, the ts of the rows where cond holds.
	CollectTimes(ts, cond string) string
	// AnyTimeBetween holds when some element of times lies in
	// [anchor, anchor + seconds].
	AnyTimeBetween(times, anchor string, seconds int64) string
	// CountTimesBetween counts the elements of times in [anchor, anchor +
	// seconds], or at or after anchor when unbounded.
	CountTimesBetween(times, anchor string, seconds int64, unbounded bool) string
	// FirstConverting aggregates, per unit, the earliest ts of a from-event
	// that another to-event follows within [ts, ts + seconds], NULL when
	// none. fromOnly holds on from-events that are not to-events, both on
	// from-events that are, and to on to-events.
	FirstConverting(ts, fromOnly, both, to string, seconds int64) string
	// FirstTimeAfter is the least element of times strictly after anchor,
	// NULL when none.
	FirstTimeAfter(times, anchor string) string
	// CollectPairs gathers, per unit, the (ts, value) of the rows where
	// cond holds, and ValueAt picks from them the least non-NULL value at
	// the time instant, NULL when none: attribution(entry).
	CollectPairs(ts, value, cond string) string
	ValueAt(pairs, instant string) string
	// FirstUnblocked is FirstConverting where a to-event converts a
	// from-event only with no row where blocker holds strictly between
	// them; unbounded drops the window's upper bound.
	FirstUnblocked(ts, fromOnly, both, to, blocker string, seconds int64, unbounded bool) string
}

var registry = map[string]Dialect{}

func register(d Dialect) { registry[d.Name()] = d }

// Default is the dialect used when none is named: the embedded engine.
const Default = "duckdb"

// Get returns the dialect of that name.
func Get(name string) (Dialect, error) {
	if name == "" {
		name = Default
	}
	if d, ok := registry[strings.ToLower(name)]; ok {
		return d, nil
	}
	if best := editdistance.Closest(name, Names(), 2); best != "" {
		return nil, fmt.Errorf("unknown dialect %q (did you mean %q? want one of %s)", name, best, strings.Join(Names(), ", "))
	}
	return nil, fmt.Errorf("unknown dialect %q (want one of %s)", name, strings.Join(Names(), ", "))
}

// Names lists the dialects, sorted.
func Names() []string {
	var out []string
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// NoNamedSubqueries is implemented by dialects without WITH name AS
// (SELECT …). Their batches nest subqueries and unpivot the references'
// counts with arrays instead of a UNION ALL over a named subquery.
type NoNamedSubqueries interface {
	// ArrayJoinBatch reports that the dialect unpivots with ARRAY JOIN.
	ArrayJoinBatch() bool
}

// MaterializedCTE is implemented by dialects with WITH name AS
// MATERIALIZED (…): a batch has each scan's counts computed apart from
// the join with its references.
type MaterializedCTE interface {
	MaterializesCTE() bool
}

// ChainedOrFilter is implemented by dialects that filter rows faster on
// CASE WHEN a THEN true WHEN b THEN true ELSE c END than on a OR b OR c.
// In a WHERE clause the two keep the same rows: both hold exactly when
// some term holds, and a NULL term counts as not holding in either.
// DuckDB 1.5 evaluates an OR of predicates on different columns as a
// conjunction with selection vectors per term; the CASE chain was 10–15%
// cheaper on the relevance filter of a 10M-event scan (BENCHMARKS.md).
type ChainedOrFilter interface {
	ChainsOrFilters() bool
}

// GroupByAlias is implemented by dialects whose statements group by the
// period's output alias rather than by repeating its expression. Both
// are BigQuery, but the ZetaSQL analyzer the tests run it on (2023.08.1)
// refuses to ORDER BY the alias of a repeated GROUP BY expression.
type GroupByAlias interface {
	GroupsByAlias() bool
}

// SQLType names the column types a batch pads with typed NULLs.
type SQLType int

// The padded types.
const (
	TypeText SQLType = iota
	TypeDate
)
