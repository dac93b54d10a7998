package bayes

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// quadPosterior is the reference for priors without a conjugate update: the
// posterior of p = logistic(x) for a logit-normal prior N(mu, sigma²) on x
// and k successes in n trials, integrated numerically over x with a
// 400-point Gauss-Legendre rule on the posterior mode ± 40 widths, where the
// mode is located on a fine grid and the width is the prior and binomial
// information combined, 1/sqrt(1/sigma² + n·p(1-p)). It returns the
// posterior mean, standard deviation and excess kurtosis of p and the log
// marginal likelihood log P(k | n).
//
// It deliberately shares no code with the package: densities are written
// out here from their definitions.
func quadPosterior(t *testing.T, mu, sigma float64, n, k int64) (mean, sd, exKurt, logZ float64) {
	t.Helper()
	nf, kf := float64(n), float64(k)
	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	logChoose := lg(nf+1) - lg(kf+1) - lg(nf-kf+1)
	// logJoint is log[ prior(x) · P(k | n, p(x)) ] on the logit scale.
	logJoint := func(x float64) float64 {
		p := 1 / (1 + math.Exp(-x))
		lik := logChoose
		// Skip empty terms: 0·log(0) would be NaN at p = 0 or 1.
		if kf > 0 {
			lik += kf * math.Log(p)
		}
		if nf > kf {
			lik += (nf - kf) * math.Log1p(-p)
		}
		d := (x - mu) / sigma
		return -0.5*d*d - math.Log(sigma*math.Sqrt(2*math.Pi)) + lik
	}
	// Scale by the largest value on a fine grid so exp does not underflow.
	shift, xMax := math.Inf(-1), 0.0
	for x := -30.0; x <= 30; x += 0.001 {
		if l := logJoint(x); l > shift {
			shift, xMax = l, x
		}
	}
	pMax := 1 / (1 + math.Exp(-xMax))
	width := 1 / math.Sqrt(1/(sigma*sigma)+nf*pMax*(1-pMax))
	lo, hi, points := xMax-40*width, xMax+40*width, 400
	// moment(r, c) is the unnormalised r-th moment of p about c.
	moment := func(r int, c float64) float64 {
		return quad.Fixed(func(x float64) float64 {
			p := 1 / (1 + math.Exp(-x))
			return math.Pow(p-c, float64(r)) * math.Exp(logJoint(x)-shift)
		}, lo, hi, points, quad.Legendre{}, 0)
	}
	z := moment(0, 0)
	mean = moment(1, 0) / z
	variance := moment(2, mean) / z
	exKurt = moment(4, mean)/z/(variance*variance) - 3
	return mean, math.Sqrt(variance), exKurt, shift + math.Log(z)
}

func TestQuadPosteriorSelfChecks(t *testing.T) {
	// The reference must be trustworthy before anything is compared to it.
	// With no data the prior must integrate to one (log Z = 0).
	if _, _, _, logZ := quadPosterior(t, -1, 1.5, 0, 0); math.Abs(logZ) > 1e-10 {
		t.Errorf("no data: log Z = %v, want 0", logZ)
	}
	// With overwhelming data the posterior is ≈ Normal(k/n, p(1-p)/n).
	mean, sd, exKurt, _ := quadPosterior(t, 0, 10, 10000, 2500)
	if math.Abs(mean-0.25) > 1e-4 || math.Abs(sd/math.Sqrt(0.25*0.75/10000)-1) > 0.01 || math.Abs(exKurt) > 0.01 {
		t.Errorf("strong data: mean, sd, excess kurtosis = %v, %v, %v; want ≈ 0.25, 0.00433, 0", mean, sd, exKurt)
	}
	// Summing P(k | n) over k = 0..n must give one.
	var total float64
	for k := int64(0); k <= 20; k++ {
		_, _, _, logZ := quadPosterior(t, 0.3, 0.8, 20, k)
		total += math.Exp(logZ)
	}
	if math.Abs(total-1) > 1e-10 {
		t.Errorf("sum over k of P(k | n=20) = %v, want 1", total)
	}
}
