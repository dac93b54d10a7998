package bayes

import (
	"fmt"
	"math"
	"time"
)

// Cohort is the trials that entered in one period of an edge with a
// within() window, and the successes seen so far.
type Cohort struct {
	// Age is the time from the cohort's entry to the as-of time.
	Age time.Duration
	// Trials and Successes are the cohort's counts so far.
	Trials, Successes int64
}

// MaturityWeighted updates a Beta prior with every cohort, the immature
// ones included with their trials weighted by the lag fit's completeness
// (maturity: model), instead of leaving immature cohorts out:
//
//	k_c ~ Binomial(n_c, p·C(age_c)),  C(a) = F(min(a, W)) / F(W)
//	n_eff = Σ n_c·C(age_c),  posterior Beta(α + Σk_c, β + n_eff − Σk_c)
//
// Counting n_c·C(age_c) trials for a cohort keeps the expected successes
// per counted trial equal to p, so the estimate is not dragged down by
// conversions that have not happened yet. This is an approximation to the
// exact likelihood Π (p·C)^k (1 − p·C)^(n − k) that is close while p·C is
// small or C near 1. Effective failures below zero (more successes than the
// model expected) are floored at zero.
func MaturityWeighted(prior Prior, cohorts []Cohort, lag LagFit) (post Posterior, effectiveTrials float64, err error) {
	if prior.Distribution != DistBeta {
		return Posterior{}, 0, invalidf("maturity weighting needs a beta prior, got %q", prior.Distribution)
	}
	a, b, err := prior.betaParams()
	if err != nil {
		return Posterior{}, 0, err
	}
	if !(lag.Window > 0) || !(lag.Sigma > 0) {
		return Posterior{}, 0, invalidf("maturity weighting needs a fitted lag distribution")
	}
	var k float64
	for i, c := range cohorts {
		n, ck, err := Observations{Trials: c.Trials, Successes: c.Successes}.binomial()
		if err != nil {
			return Posterior{}, 0, fmt.Errorf("cohort %d: %w", i, err)
		}
		if c.Age < 0 {
			return Posterior{}, 0, invalidf("cohort %d age %v must be >= 0", i, c.Age)
		}
		effectiveTrials += n * lag.Completeness(c.Age)
		k += ck
	}
	return betaPosterior(a+k, b+math.Max(effectiveTrials-k, 0), MethodConjugate), effectiveTrials, nil
}
