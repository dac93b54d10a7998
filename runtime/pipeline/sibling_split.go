package pipeline

import (
	"context"
	"fmt"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/dialects"
	"github.com/paramsql/paramsql/runtime/config"
)

// exclusiveCounts replaces the successes of a sibling group's members,
// each counted by its own reference, with the group's exclusive split
// (compiler.CompileSiblingSplit): a unit that goes homepage → pricing and
// then homepage → blog is pricing's only, so every trial has one outcome
// as the Dirichlet-Multinomial assumes. Every edge of the group is in the
// split, measured or not: a trial an unmeasured edge takes first is in
// the residual share.
//
// It is called for a group jointReady let through. A group with a member
// that was not observed, which jointGroup refuses, or one counted without
// a reference is left as it is.
func (r *Runner) exclusiveCounts(ctx context.Context, g *config.SiblingGroup, js []*job) error {
	first := js[0]
	for _, j := range js {
		if j.obs == nil || j.query == nil {
			return nil
		}
	}
	byEdge := map[string]*job{}
	for _, j := range js {
		byEdge[j.query.Edge.Name] = j
	}
	qs := make([]*compiler.Query, len(g.Edges))
	for i, e := range g.Edges {
		q := first.query
		if j, ok := byEdge[e]; ok {
			q = j.query
		}
		qs[i] = splitQuery(q, e)
	}
	conn := first.param.ConnectionName(r.Project)
	db, err := r.conn(ctx, conn)
	if err != nil {
		return err
	}
	opts := compiler.Options{Schema: r.Project.Schema, Graph: r.Project.Graph}
	st, _, err := dialects.CompileSiblingSplit(qs, db.Dialect(), opts)
	if err != nil {
		return err
	}
	args, err := st.Bind(compiler.ObservedWindowValues(first.start, first.end, r.observeUntil(first.end)))
	if err != nil {
		return err
	}
	res, err := db.QueryReadOnly(r.observeTimeout(ctx, js), st.SQL, args...)
	if err != nil {
		return fmt.Errorf("sibling split on connection %q: %w", conn, err)
	}
	if len(res.Rows) != 1 {
		return fmt.Errorf("sibling split returned %d rows, want 1", len(res.Rows))
	}
	col := map[string]int64{}
	for i, name := range res.Columns {
		n, ok := toInt(res.Rows[0][i])
		if !ok {
			return fmt.Errorf("sibling split column %s holds %T, want an integer", name, res.Rows[0][i])
		}
		col[name] = n
	}
	trials := col["trials"]
	for i, e := range g.Edges {
		j, ok := byEdge[e]
		if !ok {
			continue
		}
		if j.obs.Trials != trials {
			return fmt.Errorf("the split counted %d trials but %s counted %d", trials, j.param.ID, j.obs.Trials)
		}
		j.obs.Successes = col[dialects.TakenColumn(i)]
	}
	return nil
}

// renderSiblings is the split statement exclusiveCounts runs for the
// group of p's edge, with q, p's reference, standing for every edge of
// the group (the members count the same trials); nil when the edge is in
// no group.
func (r *Runner) renderSiblings(p *config.Param, q *compiler.Query, d dialects.Dialect, values map[string]any) (*ExtraStatement, error) {
	g := r.Project.SiblingGroupOf(p)
	if g == nil {
		return nil, nil
	}
	qs := make([]*compiler.Query, len(g.Edges))
	for i, e := range g.Edges {
		qs[i] = splitQuery(q, e)
	}
	st, _, err := dialects.CompileSiblingSplit(qs, d, compiler.Options{Schema: r.Project.Schema, Graph: r.Project.Graph})
	if err != nil {
		return nil, err
	}
	return boundStatement(st, d, values), nil
}

// splitQuery is q counted for edge, as the split takes it: a copy of q
// on edge, without q's statistic.
func splitQuery(q *compiler.Query, edge string) *compiler.Query {
	m := *q
	m.Edge, m.Stat = compiler.Edge{Name: edge}, compiler.StatNone
	return &m
}
