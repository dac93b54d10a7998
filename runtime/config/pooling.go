package config

import (
	"fmt"
	"strings"

	"github.com/paramsql/paramsql/compiler"
)

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
		v.unpooledShards()
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

// unpooledShards refuses a reference that shards (a bare context key) in a
// parameter that does not pool: it estimates one rate, and an update
// would fail on it. Said here, validate reports it at its file:line:col.
func (v *validator) unpooledShards() {
	p := v.p
	ref := p.ObservationReference()
	if ref == "" {
		return
	}
	field := "edge_reference"
	if o := p.ObservationSource; o != nil && o.EdgeReference != "" {
		field = "observation_source.edge_reference"
	}
	q, err := parseRef(ref)
	if err != nil || v.invalid(field) {
		return // reported as an invalid reference
	}
	if keys := q.ShardKeys(); len(keys) > 0 {
		v.add(field, fmt.Sprintf("give each shard its own parameter with context(%s='…'), or pool the shards with bayesian_update.pooling: empirical", keys[0]),
			"%s shards by %s, but a parameter estimates one rate", field, strings.Join(keys, ", "))
	}
}
