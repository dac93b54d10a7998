package bayes

import (
	"errors"
	"fmt"
	"math"
)

// Distribution family names used in Prior.Distribution and
// Posterior.Distribution.
const (
	// DistBeta is a Beta(Alpha, Beta) distribution on a probability.
	DistBeta = "beta"
	// DistNormal is a Normal(Mu, Sigma) distribution on the mean of normally
	// distributed observations whose variance is known.
	DistNormal = "normal"
	// DistGamma is a Gamma(Shape, Rate) distribution on a Poisson rate.
	DistGamma = "gamma"
	// DistLogNormal is a Normal(Mu, Sigma) distribution on mu, the mean of
	// the logarithm of log-normally distributed observations.
	DistLogNormal = "lognormal"
	// DistLogitNormal is a distribution on a probability p whose logit,
	// log(p/(1-p)), is Normal(Mu, Sigma). It has no conjugate update.
	DistLogitNormal = "logitnormal"
	// DistEmpirical marks a posterior summarised from Monte Carlo draws
	// rather than described by a named family.
	DistEmpirical = "empirical"
)

// Update rules, used as the rule argument of Update and reported in
// Posterior.Method.
const (
	// MethodConjugate is the exact closed-form update.
	MethodConjugate = "conjugate"
	// MethodMCMC is random-walk Metropolis sampling.
	MethodMCMC = "mcmc"
	// MethodVariational is a Beta variational approximation.
	MethodVariational = "variational"
)

// ErrInvalid is wrapped by every error caused by a malformed prior,
// observation or configuration, so callers can tell bad input from an
// unsupported combination with errors.Is.
var ErrInvalid = errors.New("bayes: invalid input")

// ErrNoConjugate is returned by Conjugate (and Sequential) when the prior
// has no conjugate update for its likelihood, e.g. a logit-normal prior.
// Use MCMC or Variational instead.
var ErrNoConjugate = errors.New("bayes: prior has no conjugate update; use mcmc or variational")

func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// Prior is a prior belief about one model parameter. Which fields are read
// depends on Distribution; the others are ignored.
//
//   - "beta" (probability p of a binomial): Alpha, Beta > 0; or, when both
//     are zero, Mean in (0,1) and Stdev > 0, converted by BetaFromMoments.
//     Business users think in "about 32% ± 6%", so both forms are accepted.
//   - "logitnormal" (probability p of a binomial): logit(p) ~ Normal(Mu, Sigma).
//   - "normal" (mean of Normal observations with known variance):
//     the mean ~ Normal(Mu, Sigma).
//   - "gamma" (rate of a Poisson process per unit exposure):
//     Gamma with Shape > 0 and Rate > 0 (mean Shape/Rate).
//   - "lognormal" (observations are LogNormal(mu, s) with s known):
//     mu ~ Normal(Mu, Sigma), on the log scale.
//
// Sigma must be > 0 wherever it is used.
type Prior struct {
	// Distribution is one of the Dist* constants.
	Distribution string
	// Alpha and Beta are the Beta shape parameters.
	Alpha, Beta float64
	// Mean and Stdev are the alternative moment form of a Beta prior, used
	// only when Alpha and Beta are both zero.
	Mean, Stdev float64
	// Mu and Sigma are the location and scale of the Normal part of the
	// normal, lognormal and logitnormal priors.
	Mu, Sigma float64
	// Shape and Rate parameterise the Gamma prior.
	Shape, Rate float64
}

// Observations are the sufficient statistics of one batch of data. Only the
// fields of the likelihood matching the prior's family are read, so one
// type serves every model and a batch can be passed through unchanged.
//
//   - Binomial (beta and logitnormal priors): Trials n and Successes k with
//     0 <= k <= n.
//   - Poisson (gamma prior): Count events observed over Exposure units
//     (e.g. user-days); Count >= 0, Exposure >= 0 and Exposure > 0 if
//     Count > 0.
//   - Normal with known variance (normal prior): N observations with sample
//     mean Mean; each observation has variance KnownVariance > 0.
//   - LogNormal (lognormal prior): N observations whose logarithms have
//     sample mean MeanLog and known variance KnownVariance > 0.
//
// N = 0 (or Trials = 0, or Count = Exposure = 0) is an empty batch: the
// posterior equals the prior.
type Observations struct {
	// Trials and Successes are the binomial counts.
	Trials, Successes int64
	// Count and Exposure are the Poisson total and the exposure it was
	// observed over.
	Count    int64
	Exposure float64
	// N is the number of Normal or LogNormal observations.
	N int64
	// Mean is the sample mean of Normal observations.
	Mean float64
	// MeanLog is the sample mean of the logarithms of LogNormal
	// observations.
	MeanLog float64
	// KnownVariance is the variance of one Normal observation, or of the
	// logarithm of one LogNormal observation.
	KnownVariance float64
}

// BetaFromMoments returns the Beta(alpha, beta) distribution with the given
// mean and standard deviation (method of moments):
//
//	c = mean(1-mean)/stdev² - 1,  alpha = mean·c,  beta = (1-mean)·c.
//
// It fails unless 0 < mean < 1 and 0 < stdev < sqrt(mean(1-mean)); the upper
// bound is the standard deviation of a Bernoulli(mean) variable, which every
// Beta with that mean stays strictly below. The error names that bound.
func BetaFromMoments(mean, stdev float64) (alpha, beta float64, err error) {
	if !(mean > 0 && mean < 1) {
		return 0, 0, invalidf("beta prior mean %v must be in (0, 1)", mean)
	}
	if !(stdev > 0) || math.IsInf(stdev, 1) {
		return 0, 0, invalidf("beta prior stdev %v must be positive and finite", stdev)
	}
	v := mean * (1 - mean)
	if stdev*stdev >= v {
		return 0, 0, invalidf("beta prior stdev %v is too large for mean %v: the maximum stdev allowed is below %.6g (sqrt(mean*(1-mean)))",
			stdev, mean, math.Sqrt(v))
	}
	c := v/(stdev*stdev) - 1
	return mean * c, (1 - mean) * c, nil
}

func positive(name string, x float64) error {
	if !(x > 0) || math.IsInf(x, 1) {
		return invalidf("%s %v must be positive and finite", name, x)
	}
	return nil
}

func finite(name string, x float64) error {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return invalidf("%s %v must be finite", name, x)
	}
	return nil
}

// betaParams resolves a beta prior to its shape parameters, accepting
// either form described on Prior.
func (p Prior) betaParams() (alpha, beta float64, err error) {
	if p.Alpha == 0 && p.Beta == 0 {
		if p.Mean == 0 && p.Stdev == 0 {
			return 0, 0, invalidf("beta prior needs Alpha and Beta, or Mean and Stdev")
		}
		return BetaFromMoments(p.Mean, p.Stdev)
	}
	if p.Mean != 0 || p.Stdev != 0 {
		// Refuse to guess which form the caller meant.
		return 0, 0, invalidf("beta prior gives both (Alpha, Beta) and (Mean, Stdev)")
	}
	if err := positive("beta prior Alpha", p.Alpha); err != nil {
		return 0, 0, err
	}
	if err := positive("beta prior Beta", p.Beta); err != nil {
		return 0, 0, err
	}
	return p.Alpha, p.Beta, nil
}

// normalParams validates the (Mu, Sigma) pair of a normal-type prior.
func (p Prior) normalParams() (mu, sigma float64, err error) {
	if err := finite(p.Distribution+" prior Mu", p.Mu); err != nil {
		return 0, 0, err
	}
	if err := positive(p.Distribution+" prior Sigma", p.Sigma); err != nil {
		return 0, 0, err
	}
	return p.Mu, p.Sigma, nil
}

func (o Observations) binomial() (n, k float64, err error) {
	if o.Trials < 0 || o.Successes < 0 || o.Successes > o.Trials {
		return 0, 0, invalidf("binomial data need 0 <= successes <= trials, got %d successes in %d trials", o.Successes, o.Trials)
	}
	return float64(o.Trials), float64(o.Successes), nil
}

func (o Observations) normal(name string, mean float64) (n float64, err error) {
	if o.N < 0 {
		return 0, invalidf("%s data: N %d must be >= 0", name, o.N)
	}
	if o.N == 0 {
		return 0, nil
	}
	if err := finite(name+" sample mean", mean); err != nil {
		return 0, err
	}
	if err := positive(name+" KnownVariance", o.KnownVariance); err != nil {
		return 0, err
	}
	return float64(o.N), nil
}

func (o Observations) poisson() (count, exposure float64, err error) {
	if o.Count < 0 {
		return 0, 0, invalidf("poisson Count %d must be >= 0", o.Count)
	}
	if !(o.Exposure >= 0) || math.IsInf(o.Exposure, 1) {
		return 0, 0, invalidf("poisson Exposure %v must be >= 0 and finite", o.Exposure)
	}
	if o.Count > 0 && o.Exposure == 0 {
		return 0, 0, invalidf("poisson Count %d observed over zero Exposure", o.Count)
	}
	return float64(o.Count), o.Exposure, nil
}
