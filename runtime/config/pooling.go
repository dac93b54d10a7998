package config

import "github.com/paramsql/paramsql/compiler"

// Pooling is how the shards of a sharded parameter (an edge reference with
// a bare context key, such as context(channel)) share strength.
type Pooling string

// The pooling modes; docs/models.md gives their models.
const (
	// PoolingNone leaves shards independent; a parameter then estimates one
	// rate, so a sharded reference is refused.
	PoolingNone Pooling = "none"
	// PoolingEmpirical fits a Beta population prior to the shards by
	// maximum marginal likelihood and updates each shard from it.
	PoolingEmpirical Pooling = "empirical"
	// PoolingHierarchical samples a logit-normal hierarchy with MCMC.
	PoolingHierarchical Pooling = "hierarchical"
)

func (Pooling) values() []string { return []string{"none", "empirical", "hierarchical"} }

// Pooled reports whether the parameter pools the shards of its reference.
func (p *Param) Pooled() bool {
	bu := p.BayesianUpdate
	return bu != nil && bu.Pooling != "" && bu.Pooling != PoolingNone
}

// pooling checks bayesian_update.pooling: it needs a compiled reference
// that shards and has no periods, and its population prior comes from the
// shards, so the prior source must be static (the default).
func (v *validator) pooling() {
	p := v.p
	if !p.Pooled() {
		return
	}
	const path = "bayesian_update.pooling"
	ref := p.ObservationReference()
	if ref == "" {
		v.add(path, "use an edge_reference such as e.signup.context(channel)", "pooling needs shards counted from an edge reference, but the observations come from a query")
		return
	}
	if q, err := parseRef(ref); err == nil {
		switch {
		case len(q.ShardKeys()) == 0:
			v.add(path, "shard by a bare context key, such as context(channel)", "pooling needs a sharded edge reference, but %s has no shard key", ref)
		case q.By != compiler.PeriodNone:
			v.add(path, "remove by() or pooling", "pooling does not combine with a time series (by)")
		}
	}
	if src := p.PriorSource; src != nil && src.Type != "" && src.Type != PriorStatic {
		v.add(path, "remove prior_source or pooling", "a pooled parameter's population prior comes from its shards, but prior_source is %s", src.Type)
	}
}
