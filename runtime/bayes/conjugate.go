package bayes

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Posterior is the updated belief about the parameter.
//
// For named families (Distribution "beta", "normal", "gamma", "lognormal")
// the family's parameter fields are set and Mean, Stdev and CI95 are exact
// for that distribution. For Distribution "empirical" (MCMC) there are no
// parameters: Mean, Stdev and CI95 are estimated from the draws and RHat,
// ESS and AcceptRate describe how trustworthy those estimates are.
//
// For "lognormal", the posterior is on mu, the log-scale mean of the
// observations: Mu and Sigma are its Normal parameters, Mean = Mu,
// Stdev = Sigma and CI95 is an interval for mu (exponentiate it for an
// interval on the median exp(mu) of the observations).
type Posterior struct {
	// Distribution is one of the Dist* constants.
	Distribution string
	// Method is the rule that produced the posterior (Method* constants).
	Method string
	// Alpha and Beta are set for a "beta" posterior.
	Alpha, Beta float64
	// Mu and Sigma are set for "normal" and "lognormal" posteriors.
	Mu, Sigma float64
	// Shape and Rate are set for a "gamma" posterior.
	Shape, Rate float64
	// Mean and Stdev are the posterior mean and standard deviation.
	Mean, Stdev float64
	// CI95 is the equal-tailed 95% credible interval: the 2.5% and 97.5%
	// posterior quantiles.
	CI95 [2]float64
	// RHat is the split Gelman-Rubin statistic over all chains (MCMC only);
	// values above about 1.01 mean the chains disagree.
	RHat float64
	// ESS is the effective sample size of the draws (MCMC only): how many
	// independent draws would give the same Monte Carlo error for the mean.
	ESS float64
	// AcceptRate is the fraction of accepted Metropolis proposals after
	// burn-in (MCMC only).
	AcceptRate float64
	// ELBO is the evidence lower bound at the variational optimum
	// (Variational only). It bounds the log marginal likelihood of the
	// batch from below; the gap is KL(q || posterior).
	ELBO float64
}

// Conjugate performs the exact conjugate update of prior with obs:
//
//	beta      Beta(a, b) + k of n          -> Beta(a+k, b+n-k)
//	gamma     Gamma(s, r) + c over t        -> Gamma(s+c, r+t)
//	normal    N(m, t²) + n obs, mean x̄, σ² -> N(m', t'²) with
//	          1/t'² = 1/t² + n/σ²,  m' = t'²(m/t² + n·x̄/σ²)
//	lognormal the normal update applied to the logs (MeanLog, KnownVariance)
//
// The 95% interval comes from the posterior's quantile function in
// gonum/stat/distuv. A logit-normal prior returns ErrNoConjugate.
func Conjugate(prior Prior, obs Observations) (Posterior, error) {
	switch prior.Distribution {
	case DistBeta:
		a, b, err := prior.betaParams()
		if err != nil {
			return Posterior{}, err
		}
		n, k, err := obs.binomial()
		if err != nil {
			return Posterior{}, err
		}
		// b+(n-k), not (b+n)-k: a small b is not lost in a large n.
		return betaPosterior(a+k, b+(n-k), MethodConjugate), nil
	case DistGamma:
		if err := positive("gamma prior Shape", prior.Shape); err != nil {
			return Posterior{}, err
		}
		if err := positive("gamma prior Rate", prior.Rate); err != nil {
			return Posterior{}, err
		}
		c, t, err := obs.poisson()
		if err != nil {
			return Posterior{}, err
		}
		return gammaPosterior(prior.Shape+c, prior.Rate+t), nil
	case DistNormal, DistLogNormal:
		mu, sigma, err := prior.normalParams()
		if err != nil {
			return Posterior{}, err
		}
		mean := obs.Mean
		if prior.Distribution == DistLogNormal {
			mean = obs.MeanLog
		}
		n, err := obs.normal(prior.Distribution, mean)
		if err != nil {
			return Posterior{}, err
		}
		// Precisions add; the posterior mean is the precision-weighted
		// average of the prior mean and the sample mean.
		prec := 1 / (sigma * sigma)
		post := prec
		weighted := mu * prec
		if n > 0 {
			dataPrec := n / obs.KnownVariance
			post += dataPrec
			weighted += mean * dataPrec
		}
		return normalPosterior(prior.Distribution, weighted/post, 1/math.Sqrt(post)), nil
	case DistLogitNormal:
		return Posterior{}, ErrNoConjugate
	default:
		return Posterior{}, invalidf("unknown prior distribution %q", prior.Distribution)
	}
}

func betaPosterior(a, b float64, method string) Posterior {
	d := distuv.Beta{Alpha: a, Beta: b}
	return Posterior{
		Distribution: DistBeta, Method: method,
		Alpha: a, Beta: b,
		Mean: d.Mean(), Stdev: d.StdDev(),
		CI95: [2]float64{d.Quantile(0.025), d.Quantile(0.975)},
	}
}

func gammaPosterior(shape, rate float64) Posterior {
	// distuv.Gamma's Beta field is the rate, not the scale.
	d := distuv.Gamma{Alpha: shape, Beta: rate}
	return Posterior{
		Distribution: DistGamma, Method: MethodConjugate,
		Shape: shape, Rate: rate,
		Mean: d.Mean(), Stdev: d.StdDev(),
		CI95: [2]float64{d.Quantile(0.025), d.Quantile(0.975)},
	}
}

func normalPosterior(dist string, mu, sigma float64) Posterior {
	d := distuv.Normal{Mu: mu, Sigma: sigma}
	return Posterior{
		Distribution: dist, Method: MethodConjugate,
		Mu: mu, Sigma: sigma,
		Mean: mu, Stdev: sigma,
		CI95: [2]float64{d.Quantile(0.025), d.Quantile(0.975)},
	}
}

// AsPrior turns a posterior of a named family back into a prior of the same
// family, so that today's posterior becomes tomorrow's prior. An empirical
// (MCMC) posterior has no parameters to carry forward and is rejected.
func (p Posterior) AsPrior() (Prior, error) {
	switch p.Distribution {
	case DistBeta:
		return Prior{Distribution: DistBeta, Alpha: p.Alpha, Beta: p.Beta}, nil
	case DistGamma:
		return Prior{Distribution: DistGamma, Shape: p.Shape, Rate: p.Rate}, nil
	case DistNormal, DistLogNormal:
		return Prior{Distribution: p.Distribution, Mu: p.Mu, Sigma: p.Sigma}, nil
	default:
		return Prior{}, invalidf("a %q posterior cannot be used as a prior", p.Distribution)
	}
}

// Sequential applies Conjugate to each batch in order, feeding each
// posterior in as the next prior, and returns the posterior after every
// batch (result[i] has seen batches[0..i]). Because conjugate updates only
// add sufficient statistics, the last element equals a single update with
// the pooled data; returning every step gives the time series of beliefs.
func Sequential(prior Prior, batches []Observations) ([]Posterior, error) {
	out := make([]Posterior, 0, len(batches))
	for i, obs := range batches {
		post, err := Conjugate(prior, obs)
		if err != nil {
			return nil, fmt.Errorf("batch %d: %w", i, err)
		}
		out = append(out, post)
		if prior, err = post.AsPrior(); err != nil {
			return nil, fmt.Errorf("batch %d: %w", i, err)
		}
	}
	return out, nil
}

// Update computes the posterior with the named rule: "conjugate" (also the
// empty string), "mcmc" or "variational". cfg is used only by "mcmc".
func Update(prior Prior, obs Observations, rule string, cfg MCMCConfig) (Posterior, error) {
	switch rule {
	case "", MethodConjugate:
		return Conjugate(prior, obs)
	case MethodMCMC:
		return MCMC(prior, obs, cfg)
	case MethodVariational:
		return Variational(prior, obs)
	default:
		return Posterior{}, invalidf("unknown update rule %q (want %q, %q or %q)", rule, MethodConjugate, MethodMCMC, MethodVariational)
	}
}
