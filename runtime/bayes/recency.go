package bayes

import (
	"math"
	"time"
)

// HalfLifeWeight returns 2^(−age/halfLife): the weight that evidence age
// old keeps when its influence halves every halfLife. A zero halfLife
// means no discount (weight 1).
func HalfLifeWeight(age, halfLife time.Duration) (float64, error) {
	if halfLife < 0 {
		return 0, invalidf("half_life %v must be positive", halfLife)
	}
	if age < 0 {
		return 0, invalidf("the previous posterior's window ends %v after this one; a discount needs it before", -age)
	}
	if halfLife == 0 {
		return 1, nil
	}
	return math.Exp2(-age.Seconds() / halfLife.Seconds()), nil
}

// Discount turns the previous posterior (as a prior) into a power prior
// that keeps only a fraction weight of the evidence it carries beyond
// base, the prior the history started from:
//
//	π_w(θ) ∝ L(θ | old data)^w · π_base(θ)
//
// For conjugate families the old data enter as pseudo-counts added to the
// base, so this is their scaling:
//
//	beta       α' = α₀ + w(α − α₀),         β' = β₀ + w(β − β₀)
//	gamma      shape' = s₀ + w(s − s₀),     rate' = r₀ + w(r − r₀)
//	normal,    1/σ'² = 1/σ₀² + w(1/σ² − 1/σ₀²),
//	lognormal  μ'/σ'² = μ₀/σ₀² + w(μ/σ² − μ₀/σ₀²)
//
// The mean of the prior is kept (for beta and gamma: moved towards the
// base's) while its spread grows, so new data outweigh old. Each result is
// a convex combination of valid parameters, so it is valid. A base with no
// Distribution counts as no evidence: every pseudo-count of previous is
// scaled by w. Logit-normal priors have no pseudo-counts and are refused.
//
// A weight below minDiscountWeight, as 2^(−Δt/half_life) becomes after a
// long gap (it reaches 0 past about 1074 half-lives), is the limit w → 0:
// the base itself, or, without a base, previous scaled by
// minDiscountWeight, which keeps its parameters valid and its spread
// finite where a subnormal weight made them NaN.
func Discount(previous, base Prior, weight float64) (Prior, error) {
	if !(weight >= 0 && weight <= 1) {
		return Prior{}, invalidf("discount weight %v must be in [0, 1]", weight)
	}
	if base.Distribution != "" && base.Distribution != previous.Distribution {
		return Prior{}, invalidf("cannot discount a %q prior towards a %q base", previous.Distribution, base.Distribution)
	}
	noBase := base.Distribution == ""
	if weight < minDiscountWeight {
		if !noBase {
			return base, nil
		}
		weight = minDiscountWeight
	}
	mix := func(old, b float64) float64 { return b + weight*(old-b) }
	switch previous.Distribution {
	case DistBeta:
		a, b, err := previous.betaParams()
		if err != nil {
			return Prior{}, err
		}
		var a0, b0 float64
		if !noBase {
			if a0, b0, err = base.betaParams(); err != nil {
				return Prior{}, err
			}
		}
		return Prior{Distribution: DistBeta, Alpha: mix(a, a0), Beta: mix(b, b0)}, nil
	case DistGamma:
		if err := positive("gamma prior Shape", previous.Shape); err != nil {
			return Prior{}, err
		}
		if err := positive("gamma prior Rate", previous.Rate); err != nil {
			return Prior{}, err
		}
		if !noBase {
			if err := positive("gamma base Shape", base.Shape); err != nil {
				return Prior{}, err
			}
			if err := positive("gamma base Rate", base.Rate); err != nil {
				return Prior{}, err
			}
		}
		return Prior{Distribution: DistGamma, Shape: mix(previous.Shape, base.Shape), Rate: mix(previous.Rate, base.Rate)}, nil
	case DistNormal, DistLogNormal:
		mu, sigma, err := previous.normalParams()
		if err != nil {
			return Prior{}, err
		}
		var prec0, weighted0 float64
		if !noBase {
			mu0, sigma0, err := base.normalParams()
			if err != nil {
				return Prior{}, err
			}
			prec0 = 1 / (sigma0 * sigma0)
			weighted0 = mu0 * prec0
		}
		prec := 1 / (sigma * sigma)
		p := mix(prec, prec0)
		return Prior{Distribution: previous.Distribution, Mu: mix(mu*prec, weighted0) / p, Sigma: 1 / math.Sqrt(p)}, nil
	default:
		return Prior{}, invalidf("a %q prior has no pseudo-counts to discount (half_life needs beta, gamma, normal or lognormal)", previous.Distribution)
	}
}

// minDiscountWeight is the least weight Discount applies; below it the
// old evidence is taken as gone (see Discount).
const minDiscountWeight = 1e-12
