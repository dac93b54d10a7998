package dialects

import (
	"fmt"
	"strconv"

	"github.com/paramsql/paramsql/compiler"
)

// RenderSiblingSplit writes the exclusive split of a sibling group's
// trials (compiler.CompileSiblingSplit) as one SELECT over one scan of
// the events. Its one row holds trials, immature, and taken_1 … taken_N:
// the trials member i (in declared order) takes. A trial no member takes
// is the residual share, trials − Σ taken_i.
func RenderSiblingSplit(s *compiler.SiblingSplit, d Dialect) (Statement, error) {
	p := s.Plan
	if len(p.Outputs) != 1 || len(s.Members) == 0 {
		return Statement{}, fmt.Errorf("%s: a sibling split needs one output and a member", d.Name())
	}
	r := &renderer{d: d, plan: p}
	r.out.Grow(4096)
	r.comment("sibling split (trials, immature, taken_i: the trials member i takes first) of:")
	for i, m := range s.Members {
		r.comment(strconv.Itoa(i+1) + ": " + m.Ref)
	}
	o := p.Outputs[0]
	trial, err := r.expr(o.Trial)
	if err != nil {
		return Statement{}, err
	}
	cols := []string{r.d.CountIf(trial) + " AS " + r.id("trials")}
	if o.Immature != nil {
		immature, err := r.expr(o.Immature)
		if err != nil {
			return Statement{}, err
		}
		cols = append(cols, r.d.CountIf(immature)+" AS "+r.id("immature"))
	}
	for i, m := range s.Members {
		takes, err := r.expr(m.Takes)
		if err != nil {
			return Statement{}, err
		}
		cols = append(cols, r.d.CountIf(trial+" AND "+takes)+" AS "+r.id(TakenColumn(i)))
	}
	r.line(0, "SELECT")
	r.list(1, cols)
	r.line(0, "FROM (")
	if err := r.units(1); err != nil {
		return Statement{}, err
	}
	r.line(0, ") AS units")
	return r.finishStatement(), nil
}

// TakenColumn names the column of the trials that member i (from 0) of a
// sibling split takes.
func TakenColumn(i int) string { return "taken_" + strconv.Itoa(i+1) }

// CompileSiblingSplit plans and renders the exclusive split of a sibling
// group whose members' references are qs, in declared order.
func CompileSiblingSplit(qs []*compiler.Query, d Dialect, opts compiler.Options) (Statement, *compiler.SiblingSplit, error) {
	s, err := compiler.CompileSiblingSplit(qs, opts)
	if err != nil {
		return Statement{}, nil, err
	}
	st, err := RenderSiblingSplit(s, d)
	return st, s, err
}
