package compiler

import (
	"testing"
	"time"
)

// TestEqualExprAgreesWithKey checks equalExpr against Key on every pair
// of a set of expressions that differ in one place each: the planner
// shares measures by one in small plans and by the other in large ones.
func TestEqualExprAgreesWithKey(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	exprs := []Expr{
		nil,
		Column{"a"}, Column{"b"}, Text{"a"}, Text{"it's"}, Number{1}, Number{2}, Param{"a"},
		Timestamp{at}, Timestamp{at.In(time.FixedZone("x", 3600))}, Timestamp{at.Add(time.Nanosecond)},
		Equals{Column{"a"}, Text{"b"}}, Equals{Column{"a"}, Text{"c"}}, Equals{Column{"ab"}, Text{""}},
		Equals{Column{"a"}, Number{1}}, Equals{Text{"b"}, Column{"a"}},
		InList{Column{"a"}, []Expr{Text{"b"}}}, InList{Column{"a"}, []Expr{Text{"b"}, Text{"c"}}}, InList{Column{"a"}, nil},
		Compare{"<", Column{"a"}, Param{"b"}}, Compare{"<=", Column{"a"}, Param{"b"}}, Compare{"<", Column{"a"}, Param{"c"}},
		NotNull{Column{"a"}}, NotNull{MeasureValue{"a"}}, Not{Column{"a"}},
		And(nil), And{}, Or{}, And{Column{"a"}}, Or{Column{"a"}}, And{Column{"a"}, Column{"b"}}, And{Column{"b"}, Column{"a"}},
		MeasureValue{"a"}, MeasureValue{"b"}, HasFlag{"a", true}, HasFlag{"a", false}, Reached{"a"},
		AtLeast{"a", 1}, AtLeast{"a", 2}, PlusSeconds{Column{"a"}, 1}, PlusSeconds{Column{"a"}, 2}, PlusSeconds{Column{"b"}, 1},
	}
	for _, a := range exprs {
		for _, b := range exprs {
			if got, want := equalExpr(a, b), Key(a) == Key(b); got != want {
				t.Errorf("equalExpr(%#v, %#v) = %v, want %v as their keys say", a, b, got, want)
			}
		}
	}
}
