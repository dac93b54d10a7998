package compiler

import "time"

// Expr is a database-neutral boolean or scalar expression of a plan. The
// dialects render it; the compiler never spells SQL.
type Expr interface{ isExpr() }

// Column is a physical column of the events table.
type Column struct{ Name string }

// Text is a string value supplied by the user. Dialects render it with their
// own escaper, so it is never spliced into SQL raw.
type Text struct{ Value string }

// Number is an integer constant chosen by the compiler.
type Number struct{ Value int64 }

// Param is a value bound at run time through the dialect's placeholder, such
// as the window bounds when compile is not given --start and --end.
type Param struct{ Name string }

// Timestamp is a UTC instant written into the SQL as a literal.
type Timestamp struct{ Time time.Time }

// Equals is Left = Right.
type Equals struct{ Left, Right Expr }

// InList is Left IN (Values...).
type InList struct {
	Left   Expr
	Values []Expr
}

// Compare is Left Op Right, where Op is one of >=, <=, <, >.
type Compare struct {
	Op          string
	Left, Right Expr
}

// NotNull is X IS NOT NULL.
type NotNull struct{ X Expr }

// And holds when every term holds; an empty And is true.
type And []Expr

// Or holds when any term holds.
type Or []Expr

// MeasureValue reads a per-unit measure by name in the counting step.
type MeasureValue struct{ Name string }

// HasFlag holds when a MeasureAny measure found a matching event (Want true)
// or found none (Want false).
type HasFlag struct {
	Name string
	Want bool
}

// Reached holds when a MeasureReachedWithin measure found its event. How it
// is computed is up to the dialect (a window function, or arrays).
type Reached struct{ Name string }

// AtLeast holds when a MeasureCountWithin measure counted at least Min
// events. How it counts is up to the dialect (a window function, or arrays).
type AtLeast struct {
	Name string
	Min  int64
}

// PlusSeconds is the timestamp X plus a whole number of seconds.
type PlusSeconds struct {
	X       Expr
	Seconds int64
}

// Not holds when X does not hold, and also when X is NULL: an event with
// a NULL column is not at a node that tests that column.
type Not struct{ X Expr }

func (Column) isExpr()       {}
func (Text) isExpr()         {}
func (Number) isExpr()       {}
func (Param) isExpr()        {}
func (Timestamp) isExpr()    {}
func (Equals) isExpr()       {}
func (InList) isExpr()       {}
func (Compare) isExpr()      {}
func (NotNull) isExpr()      {}
func (And) isExpr()          {}
func (Or) isExpr()           {}
func (MeasureValue) isExpr() {}
func (HasFlag) isExpr()      {}
func (Reached) isExpr()      {}
func (AtLeast) isExpr()      {}
func (Not) isExpr()          {}
func (PlusSeconds) isExpr()  {}

// ColumnsRead lists the physical columns an expression reads, in order, with
// repeats: what a renderer must select, and what a filter depends on.
func ColumnsRead(e Expr) []string {
	switch e := e.(type) {
	case Column:
		return []string{e.Name}
	case Equals:
		return append(ColumnsRead(e.Left), ColumnsRead(e.Right)...)
	case InList:
		return ColumnsRead(e.Left)
	case Compare:
		return append(ColumnsRead(e.Left), ColumnsRead(e.Right)...)
	case NotNull:
		return ColumnsRead(e.X)
	case Not:
		return ColumnsRead(e.X)
	case And:
		return columnsOfAll(e)
	case Or:
		return columnsOfAll(e)
	}
	return nil
}

func columnsOfAll(es []Expr) []string {
	var out []string
	for _, t := range es {
		out = append(out, ColumnsRead(t)...)
	}
	return out
}
