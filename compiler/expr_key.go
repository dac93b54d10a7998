package compiler

import (
	"strconv"
	"strings"
	"time"
)

// Key returns a string that identifies an expression: two expressions
// have the same key exactly when they are equal. Planners use it to share
// measures and facts; it is much cheaper than formatting with %#v, which
// showed up first in compile profiles.
func Key(e Expr) string {
	var b strings.Builder
	b.Grow(48) // most keys fit; growing from empty took several allocations
	writeKey(&b, e)
	return b.String()
}

// writeString writes s length-prefixed, which keeps keys unambiguous
// without quoting.
func writeString(b *strings.Builder, s string) {
	b.WriteString(strconv.Itoa(len(s)))
	b.WriteByte(':')
	b.WriteString(s)
}

// quickKey is Key with a fast path for the commonest predicate, a column
// equal to a value, which compile profiles showed dominating.
func quickKey(e Expr) string {
	if eq, ok := e.(Equals); ok {
		if c, ok := eq.Left.(Column); ok {
			if t, ok := eq.Right.(Text); ok {
				return "=" + strconv.Itoa(len(c.Name)) + ":" + c.Name + t.Value
			}
		}
	}
	return Key(e)
}

func writeKey(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case nil:
		b.WriteString("nil")
	case Column:
		b.WriteString("c")
		writeString(b, e.Name)
	case Text:
		b.WriteString("s")
		writeString(b, e.Value)
	case Number:
		b.WriteString("n:")
		b.WriteString(strconv.FormatInt(e.Value, 10))
	case Param:
		b.WriteString("p")
		writeString(b, e.Name)
	case Timestamp:
		b.WriteString("t:")
		b.WriteString(e.Time.UTC().Format(time.RFC3339Nano))
	case Equals:
		b.WriteString("=(")
		writeKey(b, e.Left)
		b.WriteByte(',')
		writeKey(b, e.Right)
		b.WriteByte(')')
	case InList:
		b.WriteString("in(")
		writeKey(b, e.Left)
		for _, v := range e.Values {
			b.WriteByte(',')
			writeKey(b, v)
		}
		b.WriteByte(')')
	case Compare:
		b.WriteString(e.Op)
		b.WriteByte('(')
		writeKey(b, e.Left)
		b.WriteByte(',')
		writeKey(b, e.Right)
		b.WriteByte(')')
	case NotNull:
		b.WriteString("nn(")
		writeKey(b, e.X)
		b.WriteByte(')')
	case And:
		writeList(b, "and(", e)
	case Or:
		writeList(b, "or(", e)
	case MeasureValue:
		b.WriteString("m:")
		b.WriteString(e.Name)
	case HasFlag:
		b.WriteString("f:")
		b.WriteString(e.Name)
		if e.Want {
			b.WriteString("=1")
		} else {
			b.WriteString("=0")
		}
	case Reached:
		b.WriteString("r:")
		b.WriteString(e.Name)
	case AtLeast:
		b.WriteString("ge:")
		b.WriteString(e.Name)
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(e.Min, 10))
	case PlusSeconds:
		b.WriteString("plus(")
		writeKey(b, e.X)
		b.WriteByte(',')
		b.WriteString(strconv.FormatInt(e.Seconds, 10))
		b.WriteByte(')')
	case Not:
		b.WriteString("not(")
		writeKey(b, e.X)
		b.WriteByte(')')
	default:
		panic("compiler: Key of unknown expression type")
	}
}

func writeList(b *strings.Builder, head string, es []Expr) {
	b.WriteString(head)
	for i, t := range es {
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, t)
	}
	b.WriteByte(')')
}

// matchKey identifies a node predicate, for batch grouping.
func matchKey(m NodeMatch) string {
	return strconv.Quote(m.EventType) + "/" + strconv.Quote(m.NodeSlug)
}

// listKey identifies a list of expressions.
func listKey(es []Expr) string {
	var b strings.Builder
	writeList(&b, "(", es)
	return b.String()
}

// equalExpr tells whether Key(a) == Key(b) without building either key.
func equalExpr(a, b Expr) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case Timestamp:
		bt, ok := b.(Timestamp)
		return ok && a.Time.Equal(bt.Time)
	case Equals:
		bb, ok := b.(Equals)
		return ok && equalExpr(a.Left, bb.Left) && equalExpr(a.Right, bb.Right)
	case InList:
		bb, ok := b.(InList)
		return ok && equalExpr(a.Left, bb.Left) && equalExprs(a.Values, bb.Values)
	case Compare:
		bb, ok := b.(Compare)
		return ok && a.Op == bb.Op && equalExpr(a.Left, bb.Left) && equalExpr(a.Right, bb.Right)
	case NotNull:
		bb, ok := b.(NotNull)
		return ok && equalExpr(a.X, bb.X)
	case Not:
		bb, ok := b.(Not)
		return ok && equalExpr(a.X, bb.X)
	case PlusSeconds:
		bb, ok := b.(PlusSeconds)
		return ok && a.Seconds == bb.Seconds && equalExpr(a.X, bb.X)
	case And:
		bb, ok := b.(And)
		return ok && equalExprs(a, bb)
	case Or:
		bb, ok := b.(Or)
		return ok && equalExprs(a, bb)
	case Column, Text, Number, Param, MeasureValue, HasFlag, Reached, AtLeast:
		// Comparable values whose keys spell every field.
		return a == b
	}
	panic("compiler: equalExpr of unknown expression type")
}

func equalExprs(a, b []Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !equalExpr(a[i], b[i]) {
			return false
		}
	}
	return true
}
