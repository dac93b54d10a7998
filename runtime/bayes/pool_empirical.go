package bayes

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/optimize"
)

// Shard is the binomial evidence of one context shard of a parameter
// (one channel, one channel × device pair, ...).
type Shard struct {
	// Key names the shard, e.g. "channel=email"; it is carried to the result.
	Key string
	// Trials and Successes are the shard's counts, 0 <= Successes <= Trials.
	Trials, Successes int64
}

// PooledShard is one shard's partially pooled posterior.
type PooledShard struct {
	// Key is the shard's name, copied from Shard.Key.
	Key string
	// Trials and Successes are the shard's counts.
	Trials, Successes int64
	// Posterior is the shard's posterior under the fitted population prior.
	Posterior Posterior
	// Shrinkage is the weight of the population mean in the posterior mean:
	// posterior mean = Shrinkage·pooled mean + (1−Shrinkage)·k/n. It is 1
	// for a shard with no trials and falls towards 0 as its trials grow.
	Shrinkage float64
}

// EmpiricalPool is the result of PoolEmpirical.
type EmpiricalPool struct {
	// Alpha and Beta are the fitted population prior Beta(Alpha, Beta).
	Alpha, Beta float64
	// Mean is the population mean Alpha/(Alpha+Beta): the pooled rate.
	Mean float64
	// LogLikelihood is the maximised Beta-Binomial log marginal likelihood,
	// binomial coefficients included.
	LogLikelihood float64
	// AtBoundary is true when the shards vary no more than binomial noise
	// explains: the likelihood keeps rising as Alpha+Beta grows, so the fit
	// stops at the cap maxConcentration·max(n) (complete pooling, every
	// shrinkage above 0.999).
	AtBoundary bool
	// Shards are the per-shard posteriors, in input order.
	Shards []PooledShard
}

// maxConcentration caps Alpha+Beta, relative to the largest shard, when the
// likelihood has no interior maximum.
const maxConcentration = 1000

// PoolEmpirical fits a Beta(α, β) population prior to the shards by
// maximising the Beta-Binomial marginal likelihood (empirical Bayes) and
// returns each shard's posterior Beta(α+k, β+n−k):
//
//	log L(α, β) = Σ_i [ log C(n_i, k_i) + log B(α+k_i, β+n_i−k_i) − log B(α, β) ]
//
// The fit runs in m = logit(α/(α+β)) and c = log(α+β), where the surface is
// close to quadratic, with gonum's BFGS and the analytic gradient (digamma
// differences). It starts from the method-of-moments estimate. At least two
// shards must have trials; shards without trials get the population prior
// as their posterior.
func PoolEmpirical(shards []Shard) (EmpiricalPool, error) {
	var (
		withData     int
		sumN, sumK   float64
		maxN         float64
		rates        []float64
		logBinomials float64
	)
	for _, s := range shards {
		n, k, err := Observations{Trials: s.Trials, Successes: s.Successes}.binomial()
		if err != nil {
			return EmpiricalPool{}, fmt.Errorf("shard %q: %w", s.Key, err)
		}
		if n == 0 {
			continue
		}
		withData++
		sumN += n
		sumK += k
		maxN = math.Max(maxN, n)
		rates = append(rates, k/n)
		logBinomials += logChoose(n, k)
	}
	if withData < 2 {
		return EmpiricalPool{}, invalidf("empirical pooling needs at least 2 shards with trials, got %d", withData)
	}
	if sumK == 0 || sumK == sumN {
		// Every shard is all-failure (or all-success): the likelihood is
		// maximised as the population mean goes to 0 (or 1).
		return EmpiricalPool{}, invalidf("empirical pooling needs successes and failures across the shards, got %v successes in %v trials", sumK, sumN)
	}

	negLogLik := func(x []float64) float64 {
		a, b := shapesFromMeanConc(x[0], x[1])
		ll := -float64(withData) * mathext.Lbeta(a, b)
		for _, s := range shards {
			if s.Trials == 0 {
				continue
			}
			n, k := float64(s.Trials), float64(s.Successes)
			ll += mathext.Lbeta(a+k, b+(n-k))
		}
		return -ll
	}
	grad := func(g, x []float64) {
		a, b := shapesFromMeanConc(x[0], x[1])
		// d log L / dα and d log L / dβ.
		base := float64(withData) * mathext.Digamma(a+b)
		da, db := base-float64(withData)*mathext.Digamma(a), base-float64(withData)*mathext.Digamma(b)
		for _, s := range shards {
			if s.Trials == 0 {
				continue
			}
			n, k := float64(s.Trials), float64(s.Successes)
			dab := mathext.Digamma(a + b + n)
			da += mathext.Digamma(a+k) - dab
			db += mathext.Digamma(b+(n-k)) - dab
		}
		// Chain rule: dα/dm = αβ/(α+β) = −dβ/dm, dα/dc = α, dβ/dc = β.
		mu := a * b / (a + b)
		g[0] = -(da - db) * mu
		g[1] = -(da*a + db*b)
	}

	start := momentStart(rates, sumK/sumN, maxN)
	res, err := optimize.Minimize(optimize.Problem{Func: negLogLik, Grad: grad}, start,
		&optimize.Settings{GradientThreshold: 1e-9}, &optimize.BFGS{})
	if res == nil {
		return EmpiricalPool{}, err
	}
	// A line-search failure at the optimum still leaves a usable res.X, so
	// err alone is not fatal; the tests hold the fit to references.
	x := res.X
	capC := math.Log(maxConcentration * maxN)
	// At the cap or past it: the moment start may sit exactly on it, and
	// the optimiser may not move from there.
	boundary := x[1] >= capC
	if boundary {
		// At infinite concentration the Beta-Binomial is a binomial with a
		// common rate, whose maximum-likelihood value is the pooled rate.
		x = []float64{math.Log(sumK / (sumN - sumK)), capC}
	}

	a, b := shapesFromMeanConc(x[0], x[1])
	pool := EmpiricalPool{
		Alpha: a, Beta: b, Mean: a / (a + b),
		LogLikelihood: -negLogLik(x) + logBinomials,
		AtBoundary:    boundary,
		Shards:        make([]PooledShard, len(shards)),
	}
	for i, s := range shards {
		n, k := float64(s.Trials), float64(s.Successes)
		pool.Shards[i] = PooledShard{
			Key: s.Key, Trials: s.Trials, Successes: s.Successes,
			Posterior: betaPosterior(a+k, b+(n-k), MethodConjugate),
			Shrinkage: (a + b) / (a + b + n),
		}
	}
	return pool, nil
}

// shapesFromMeanConc maps m = logit(mean) and c = log(α+β) to (α, β).
func shapesFromMeanConc(m, c float64) (a, b float64) {
	conc := math.Exp(c)
	mean := logistic(m)
	return mean * conc, (1 - mean) * conc
}

// momentStart is the method-of-moments starting point (m, c): the variance
// of the shard rates beyond binomial noise gives the concentration
// mean(1−mean)/var − 1, clamped to [1, maxConcentration·maxN].
func momentStart(rates []float64, mean, maxN float64) []float64 {
	var v float64
	for _, r := range rates {
		v += (r - mean) * (r - mean)
	}
	v /= float64(len(rates))
	conc := 10.0
	if v > 0 {
		conc = mean*(1-mean)/v - 1
	}
	conc = math.Min(math.Max(conc, 1), maxConcentration*maxN)
	return []float64{math.Log(mean / (1 - mean)), math.Log(conc)}
}

// logChoose is log C(n, k).
func logChoose(n, k float64) float64 {
	a, _ := math.Lgamma(n + 1)
	b, _ := math.Lgamma(k + 1)
	c, _ := math.Lgamma(n - k + 1)
	return a - b - c
}
