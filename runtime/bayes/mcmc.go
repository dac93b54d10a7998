package bayes

import (
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/stat"
)

// MCMCConfig controls the sampler. Zero fields take the defaults
// 4 chains, 2000 samples per chain and 1000 burn-in iterations per chain.
type MCMCConfig struct {
	// Chains is the number of independent chains. Several chains started
	// from dispersed points are what make R-hat meaningful.
	Chains int
	// Samples is the number of draws kept per chain after burn-in.
	Samples int
	// BurnIn is the number of iterations discarded per chain. The proposal
	// scale is adapted only during burn-in, so kept draws come from a
	// fixed, valid Metropolis kernel.
	BurnIn int
	// Seed makes a run reproducible: chain c uses a PCG generator seeded
	// with (Seed, c), so results do not depend on goroutine scheduling.
	Seed uint64
}

const (
	defaultChains  = 4
	defaultSamples = 2000
	defaultBurnIn  = 1000

	// targetAccept is the asymptotically optimal acceptance rate of a
	// one-dimensional Gaussian random-walk Metropolis sampler
	// (Roberts, Gelman & Gilks 1997).
	targetAccept = 0.44
)

func (c MCMCConfig) withDefaults() (MCMCConfig, error) {
	if c.Chains < 0 || c.Samples < 0 || c.BurnIn < 0 {
		return c, invalidf("mcmc config has a negative count: %+v", c)
	}
	if c.Chains == 0 {
		c.Chains = defaultChains
	}
	if c.Samples == 0 {
		c.Samples = defaultSamples
	}
	if c.BurnIn == 0 {
		c.BurnIn = defaultBurnIn
	}
	if c.Samples < 4 {
		// Split R-hat halves every chain; fewer draws leave nothing to compare.
		return c, invalidf("mcmc needs at least 4 samples per chain, got %d", c.Samples)
	}
	return c, nil
}

// MCMC samples the posterior of a probability p with a binomial likelihood
// (obs.Trials, obs.Successes) and a "beta" or "logitnormal" prior, using
// random-walk Metropolis on logit(p) with the proposal scale adapted during
// burn-in towards a 44% acceptance rate.
//
// Chains start at points drawn around the posterior mode with twice the
// posterior spread, so that R-hat can detect chains that have not forgotten
// where they began; the log posterior of logit(p) is concave for both
// priors, so there is no other mode for a chain to miss. The returned
// Posterior has Distribution "empirical": Mean, Stdev and CI95 (linearly
// interpolated 2.5% and 97.5% quantiles) are computed from all kept draws of
// p, with split-R-hat, ESS and the acceptance rate as diagnostics.
func MCMC(prior Prior, obs Observations, cfg MCMCConfig) (Posterior, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Posterior{}, err
	}
	model, err := newBinomialModel(prior, obs)
	if err != nil {
		return Posterior{}, err
	}

	mode, scale := model.laplace()
	chains := make([][]float64, cfg.Chains)
	accepted := make([]int, cfg.Chains)
	var wg sync.WaitGroup
	for c := range chains {
		wg.Go(func() {
			chains[c], accepted[c] = runChain(model, mode, scale, cfg, c)
		})
	}
	wg.Wait()

	post := summarizeDraws(chains)
	var acc int
	for _, a := range accepted {
		acc += a
	}
	post.AcceptRate = float64(acc) / float64(cfg.Chains*cfg.Samples)
	return post, nil
}

// runChain runs one Metropolis chain and returns its kept draws of p and
// the number of proposals accepted after burn-in.
func runChain(m binomialModel, mode, scale float64, cfg MCMCConfig, chain int) (draws []float64, accepted int) {
	rng := rand.New(rand.NewPCG(cfg.Seed, uint64(chain)))

	// Start at the mode plus twice the posterior scale of noise: dispersed
	// enough for R-hat to notice a chain that has not forgotten its start,
	// but not so far that burn-in is spent walking in from the prior's
	// tails (with billions of trials the posterior is ~1e-4 wide).
	x := mode + 2*scale*rng.NormFloat64()
	lp := m.logPosteriorLogit(x)

	walk := newRandomWalk(scale)
	draws = make([]float64, cfg.Samples)
	for i := range cfg.BurnIn + cfg.Samples {
		y := x + walk.propose(rng)
		ly := m.logPosteriorLogit(y)
		if walk.accept(rng, ly-lp, i, cfg.BurnIn) {
			x, lp = y, ly
			if i >= cfg.BurnIn {
				accepted++
			}
		}
		if i >= cfg.BurnIn {
			draws[i-cfg.BurnIn] = logistic(x)
		}
	}
	return draws, accepted
}

// splitDiagnostics returns the split-R-hat (Gelman-Rubin) and the effective
// sample size of equal-length chains. Each chain is cut into halves so that
// a chain still drifting disagrees with itself; a trailing odd draw is
// dropped.
//
// With m split chains of length n, W the mean within-chain variance and
// B/n the variance of the chain means,
//
//	var+ = (n-1)/n·W + B/n,   R-hat = sqrt(var+ / W).
//
// The ESS uses the multi-chain autocorrelation estimate
// rho_t = 1 - (W - mean_c acov_c(t)) / var+ and Geyer's initial positive and
// monotone sequence: pairs rho_{2j}+rho_{2j+1} are summed while positive and
// forced non-increasing, giving tau = -1 + 2·sum(pairs) and ESS = m·n/tau.
// Chains with no variance return NaN for both.
func splitDiagnostics(chains [][]float64) (rhat, ess float64) {
	half := len(chains[0]) / 2
	split := make([][]float64, 0, 2*len(chains))
	means := make([]float64, 0, 2*len(chains))
	vars := make([]float64, 0, 2*len(chains))
	for _, c := range chains {
		for _, s := range [][]float64{c[:half], c[len(c)-half:]} {
			mu, v := stat.MeanVariance(s, nil)
			split = append(split, s)
			means = append(means, mu)
			vars = append(vars, v)
		}
	}
	m, n := float64(len(split)), float64(half)
	w := stat.Mean(vars, nil)
	varPlus := (n - 1) / n * w
	if len(split) > 1 {
		varPlus += stat.Variance(means, nil)
	}
	if !(w > 0) {
		return math.NaN(), math.NaN()
	}
	rhat = math.Sqrt(varPlus / w)

	// rho returns the combined autocorrelation at lag t.
	rho := func(t int) float64 {
		var acov float64
		for j, s := range split {
			var sum float64
			for i := 0; i+t < half; i++ {
				sum += (s[i] - means[j]) * (s[i+t] - means[j])
			}
			acov += sum / n
		}
		return 1 - (w-acov/m)/varPlus
	}

	prevPair := math.Inf(1)
	sumPairs := 0.0
	for t := 0; t+1 < half; t += 2 {
		even := 1.0 // rho_0 is 1 by definition
		if t > 0 {
			even = rho(t)
		}
		pair := even + rho(t+1)
		if pair <= 0 {
			break
		}
		pair = math.Min(pair, prevPair)
		sumPairs += pair
		prevPair = pair
	}
	// tau can only fall below 1 for antithetic chains; flooring it keeps the
	// ESS finite and bounded by a few times the number of draws.
	tau := math.Max(-1+2*sumPairs, 1/math.Log10(m*n))
	return rhat, m * n / tau
}
