package report

import (
	"sort"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

// addForests finds each parameter's shards. The runner refuses a sharded
// reference (context(channel)) and asks for one parameter per shard
// (context(channel='google')), so the shards of a context key are the
// parameters whose references are equal once that key's value is made a
// bare key again: together they answer that sharded reference. Each
// member's page gets a forest of the whole group.
func addForests(reps []*Param) {
	type member struct {
		rep   *Param
		value string
	}
	type family struct {
		key     string
		ref     string
		members []member
	}
	families := map[string]*family{}
	var order []string
	// A pooled parameter (bayesian_update.pooling) measures a sharded
	// reference itself; its stored posterior is the population's, the
	// pooled estimate of any family that answers the same reference.
	pooled := map[string]*Param{}
	var pooledOrder []string
	for _, rep := range reps {
		q, err := compiler.ParseQuery(rep.Reference)
		if err != nil {
			continue // a raw query: no reference to compare
		}
		if len(q.ShardKeys()) > 0 {
			s := *q
			s.Stat = compiler.StatNone
			pooled[s.String()] = rep
			pooledOrder = append(pooledOrder, s.String())
			continue
		}
		for i, t := range q.Context {
			if t.Shard {
				continue
			}
			sharded := *q
			sharded.Stat = compiler.StatNone
			sharded.Context = append([]compiler.Term(nil), q.Context...)
			sharded.Context[i] = compiler.Term{Key: t.Key, Shard: true}
			ref := sharded.String()
			f, ok := families[ref]
			if !ok {
				f = &family{key: t.Key, ref: ref}
				families[ref] = f
				order = append(order, ref)
			}
			f.members = append(f.members, member{rep, t.Value})
		}
	}
	for _, ref := range order {
		f := families[ref]
		if len(f.members) < 2 {
			continue
		}
		sort.SliceStable(f.members, func(i, j int) bool { return f.members[i].value < f.members[j].value })
		for _, self := range f.members {
			forest := &Forest{Key: f.key, Reference: f.ref}
			forest.Pooled, forest.PooledBy = pooledEstimate(pooled[f.ref])
			for _, m := range f.members {
				forest.Rows = append(forest.Rows, shardRow(m.rep, m.value, m.rep == self.rep))
			}
			self.rep.Forests = append(self.rep.Forests, forest)
		}
	}
	// The pooled parameter's own page: its estimate, with the sibling
	// parameters of the same sharded reference when there are any. The
	// store keeps no per-shard rows of a pooled run.
	for _, ref := range pooledOrder {
		rep := pooled[ref]
		q, _ := compiler.ParseQuery(ref)
		forest := &Forest{Key: strings.Join(q.ShardKeys(), ", "), Reference: ref}
		forest.Pooled, forest.PooledBy = pooledEstimate(rep)
		if f := families[ref]; f != nil && len(f.members) > 1 {
			for _, m := range f.members {
				forest.Rows = append(forest.Rows, shardRow(m.rep, m.value, false))
			}
		}
		rep.Forests = append(rep.Forests, forest)
	}
}

// pooledEstimate is a pooled parameter's current posterior and its id,
// or nothing.
func pooledEstimate(p *Param) (*Interval, string) {
	if p == nil || p.Current == nil || p.Current.Posterior == nil {
		return nil, ""
	}
	return p.Current.Posterior, p.ID
}

// shardRow is a shard parameter's row in a forest: its current posterior
// and the counts behind it.
func shardRow(rep *Param, value string, self bool) ForestRow {
	row := ForestRow{Value: value, ParamID: rep.ID, Self: self}
	if c := rep.Current; c != nil {
		row.Posterior = c.Posterior
		if c.Trials != nil {
			row.Trials = *c.Trials
		}
		if c.Successes != nil {
			row.Successes = *c.Successes
		}
	}
	return row
}
