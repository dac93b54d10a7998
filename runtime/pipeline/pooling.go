package pipeline

import (
	"context"
	"fmt"

	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/store"
)

// Pool is a pooled parameter's population and shards, as --json prints it
// under "pool". The parameter's own posterior is the population's: for
// empirical pooling the fitted Beta(alpha, beta), the belief about a new
// shard; for hierarchical pooling the posterior of the population mean.
type Pool struct {
	// Mode is empirical or hierarchical.
	Mode string `json:"mode"`
	// Alpha and Beta are the fitted population prior (empirical).
	Alpha float64 `json:"alpha,omitempty"`
	Beta  float64 `json:"beta,omitempty"`
	// Mean is the pooled rate.
	Mean float64 `json:"mean"`
	// AtBoundary says the shards vary no more than binomial noise explains
	// (empirical): the fit is complete pooling.
	AtBoundary bool `json:"at_boundary,omitempty"`
	// Mu and Tau are the population's logit mean and standard deviation
	// (hierarchical).
	Mu  *PosteriorSummary `json:"mu,omitempty"`
	Tau *PosteriorSummary `json:"tau,omitempty"`
	// RHat and ESS are the worst over every sampled quantity (hierarchical).
	RHat float64 `json:"rhat,omitempty"`
	ESS  float64 `json:"ess,omitempty"`
	// Shards are the shards' own posteriors.
	Shards []ShardResult `json:"shards"`
}

// ShardResult is one shard of a pooled parameter.
type ShardResult struct {
	// Key names the shard by its context values, like "channel=google".
	Key       string            `json:"key"`
	Trials    int64             `json:"trials"`
	Successes int64             `json:"successes"`
	Posterior *PosteriorSummary `json:"posterior"`
	// Shrinkage is the weight of the population in the shard's estimate.
	Shrinkage float64 `json:"shrinkage"`
}

// jobPrior resolves a job's prior. A pooled parameter has none to read:
// its population prior is fitted to its shards in finishPooled.
func (r *Runner) jobPrior(ctx context.Context, p *config.Param) (resolvedPrior, error) {
	if p.Pooled() {
		return resolvedPrior{}, nil
	}
	return r.resolvePrior(ctx, p)
}

// finishPooled updates a pooled parameter's shards together
// (bayes.PoolEmpirical or bayes.PoolHierarchical), reports the population
// and every shard, and writes the population's posterior as the
// parameter's row. There is no single prior, so no divergence check runs.
func (r *Runner) finishPooled(ctx context.Context, j *job) {
	res := j.result
	p := j.param
	var shards []bayes.Shard
	if j.obs != nil {
		shards = j.obs.Shards
	}
	mode := p.BayesianUpdate.Pooling
	pool := &Pool{Mode: string(mode)}
	var post bayes.Posterior
	var perShard []bayes.PooledShard
	switch mode {
	case config.PoolingEmpirical:
		ep, err := bayes.PoolEmpirical(shards)
		if err != nil {
			r.failPooled(ctx, j, err)
			return
		}
		pool.Alpha, pool.Beta, pool.Mean, pool.AtBoundary = ep.Alpha, ep.Beta, ep.Mean, ep.AtBoundary
		if post, err = bayes.Conjugate(bayes.Prior{Distribution: bayes.DistBeta, Alpha: ep.Alpha, Beta: ep.Beta}, bayes.Observations{}); err != nil {
			r.failPooled(ctx, j, err)
			return
		}
		perShard = ep.Shards
	case config.PoolingHierarchical:
		_, cfg := updateRule(p)
		hp, err := bayes.PoolHierarchical(shards, bayes.Hyperprior{}, cfg)
		if err != nil {
			r.failPooled(ctx, j, err)
			return
		}
		pool.Mean, pool.RHat, pool.ESS = hp.Mean, hp.RHat, hp.ESS
		pool.Mu, pool.Tau = summarisePosterior(hp.Mu), summarisePosterior(hp.Tau)
		// mu lives on the logit scale: no Beta stands for it.
		pool.Mu.Alpha, pool.Mu.Beta, pool.Tau.Alpha, pool.Tau.Beta = 0, 0, 0, 0
		post = hp.PooledMean
		perShard = hp.Shards
	default:
		r.failPooled(ctx, j, fmt.Errorf("unknown pooling %q", mode))
		return
	}
	for _, s := range perShard {
		pool.Shards = append(pool.Shards, ShardResult{
			Key: s.Key, Trials: s.Trials, Successes: s.Successes,
			Posterior: summarisePosterior(s.Posterior), Shrinkage: s.Shrinkage,
		})
	}
	res.Pool = pool
	res.PriorSource = fmt.Sprintf("%s pool of %d shards", mode, len(shards))
	// maturity: fit reports one lag fitted over all shards: the histogram
	// of a sharded reference is pooled over its rows. Validation refuses
	// maturity: model here, which would weight one rate's trials.
	post = applyMaturity(j, post)
	res.Posterior = summarisePosterior(post)
	res.Status = StatusUpdated
	r.write(ctx, j, &post)
}

func (r *Runner) failPooled(ctx context.Context, j *job, err error) {
	j.result.Status, j.result.Reason = StatusFailed, "pooling: "+err.Error()
	r.write(ctx, j, nil)
}

// poolRows fills the population's row (population, the parameter's own)
// with the pool's columns and returns one row per shard beside it: the
// shard's counts and posterior, and, for empirical pooling, the fitted
// population Beta as its prior. A shard row has no divergence: the
// population prior was fitted to the very counts it would be checked
// against.
func poolRows(population *store.Row, pool *Pool) []store.Row {
	population.Pooling = pool.Mode
	if pool.Mu != nil && pool.Tau != nil {
		population.PoolMu, population.PoolTau = f(pool.Mu.Mean), f(pool.Tau.Mean)
	}
	var prior *Beta
	if pool.Alpha > 0 && pool.Beta > 0 {
		prior = summarisePrior(bayes.Prior{Distribution: bayes.DistBeta, Alpha: pool.Alpha, Beta: pool.Beta})
	}
	out := make([]store.Row, 0, len(pool.Shards))
	for _, s := range pool.Shards {
		row := *population
		row.Shard, row.Shrinkage = s.Key, f(s.Shrinkage)
		row.PoolMu, row.PoolTau, row.PriorWeight = nil, nil, nil
		row.Trials, row.Successes, row.Immature = i64(s.Trials), i64(s.Successes), nil
		setLag(&row, nil) // fitted over all shards: the population's row holds it
		row.PriorAlpha, row.PriorBeta, row.PriorMean, row.PriorStdev = nil, nil, nil, nil
		if prior != nil {
			row.PriorAlpha, row.PriorBeta, row.PriorMean, row.PriorStdev = f(prior.Alpha), f(prior.Beta), f(prior.Mean), f(prior.Stdev)
		}
		clearPosterior(&row)
		row.RHat, row.ESS = nil, nil // the population's sampler's, not the shard's
		if s.Posterior != nil {
			setPosterior(&row, s.Posterior)
		}
		out = append(out, row)
	}
	return out
}
