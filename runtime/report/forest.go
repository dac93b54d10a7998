package report

import (
	"sort"

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
	for _, rep := range reps {
		q, err := compiler.ParseQuery(rep.Reference)
		if err != nil {
			continue // a raw query: no reference to compare
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
			for _, m := range f.members {
				row := ForestRow{Value: m.value, ParamID: m.rep.ID, Self: m.rep == self.rep}
				if c := m.rep.Current; c != nil {
					row.Posterior = c.Posterior
					if c.Trials != nil {
						row.Trials = *c.Trials
					}
					if c.Successes != nil {
						row.Successes = *c.Successes
					}
				}
				forest.Rows = append(forest.Rows, row)
			}
			self.rep.Forests = append(self.rep.Forests, forest)
		}
	}
}
