package bayes

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat/distuv"
)

// Variational approximates the posterior of a probability p with a
// binomial likelihood and a "beta" or "logitnormal" prior by the
// Beta(a, b) distribution q maximising the evidence lower bound
//
//	ELBO(a, b) = E_q[log P(k | n, p)] + E_q[log prior(p)] + H[q]
//	           = log P(k | n) - KL(q || posterior).
//
// It is optimised with gonum's BFGS over a reparameterisation of (a, b)
// (logit mean and log concentration, rescaled; see the code) that keeps a
// and b positive and the problem well conditioned. For a Beta prior the
// exact posterior is a Beta, so the optimum is exact; for a logit-normal
// prior q is the closest Beta in KL(q || posterior). The result reports the fitted Beta with its
// exact mean, stdev and quantile-based CI95, and the ELBO reached.
func Variational(prior Prior, obs Observations) (Posterior, error) {
	m, err := newBinomialModel(prior, obs)
	if err != nil {
		return Posterior{}, err
	}
	// Optimise in coordinates where the problem is well conditioned. In
	// (log a, log b) the ELBO is ~n times more curved along the mean than
	// along the concentration, which with n in the billions defeats any line
	// search. Instead use
	//
	//	z = (logit(a/(a+b)) - mode) / sd,   w = log((a+b) / s0)
	//
	// where (mode, sd) is the Laplace approximation of logit(p) and s0 the
	// concentration of the Beta with that logit-scale spread
	// (Var[logit p] ≈ 1/a + 1/b = 1/(s·p(1-p))). Both directions then have
	// curvature of order one, and a and b stay positive automatically.
	mode, sd := m.laplace()
	pRef := 1 / (1 + math.Exp(-mode))
	s0 := 1 / (sd * sd * pRef * (1 - pRef))
	params := func(x []float64) (a, b, p, s float64) {
		l := mode + sd*x[0]
		// 1-p from its own formula keeps b accurate when p is near 1.
		p, q := 1/(1+math.Exp(-l)), 1/(1+math.Exp(l))
		s = s0 * math.Exp(x[1])
		return s * p, s * q, p, s
	}
	problem := optimize.Problem{
		Func: func(x []float64) float64 {
			a, b, _, _ := params(x)
			return -m.elbo(a, b)
		},
		Grad: func(grad, x []float64) {
			a, b, p, s := params(x)
			ga, gb := m.elboGrad(a, b)
			// Chain rule: da/dz = -db/dz = s·p(1-p)·sd, da/dw = a, db/dw = b;
			// negated because Minimize minimises.
			grad[0] = -s * p * (1 - p) * sd * (ga - gb)
			grad[1] = -(a*ga + b*gb)
		},
	}
	// Start from the data alone (the flat-prior posterior Beta(k+1, n-k+1))
	// rather than from anything derived from the prior, so the optimiser
	// has real work to do whenever the prior is informative.
	start := []float64{
		(math.Log((m.k+1)/(m.n-m.k+1)) - mode) / sd,
		math.Log((m.n + 2) / s0),
	}
	settings := &optimize.Settings{
		GradientThreshold: 1e-10,
		Converger:         &optimize.FunctionConverge{Relative: 1e-15, Iterations: 50},
	}
	res, err := optimize.Minimize(problem, start, settings, &optimize.BFGS{})
	if res == nil {
		return Posterior{}, fmt.Errorf("bayes: variational fit failed: %w", err)
	}
	if err != nil {
		// With large counts the ELBO is a sum of terms of size ~n·log n
		// (lgamma, n·ψ) whose rounding noise hides the final improvements,
		// and the line search gives up at the optimum. Accept the point if it
		// is stationary to within what that noise allows: with unit
		// curvature a line search stalls once f changes by less than the
		// noise δ, i.e. at a gradient of about sqrt(2δ). The analytic
		// gradient itself is not affected by this cancellation.
		a, b, _, _ := params(res.X)
		tol := math.Max(1e-6, 10*math.Sqrt(m.elboNoise(a, b)))
		g := make([]float64, 2)
		problem.Grad(g, res.X)
		if !(math.Max(math.Abs(g[0]), math.Abs(g[1])) <= tol) {
			return Posterior{}, fmt.Errorf("bayes: variational fit failed (gradient %v, tolerance %.3g): %w", g, tol, err)
		}
	}
	a, b, _, _ := params(res.X)
	if !(a > 0 && b > 0) || math.IsInf(a, 0) || math.IsInf(b, 0) {
		return Posterior{}, fmt.Errorf("bayes: variational fit diverged to Beta(%v, %v)", a, b)
	}
	post := betaPosterior(a, b, MethodVariational)
	post.ELBO = -res.F
	return post, nil
}

// trigamma is ψ₁(x) = ψ'(x), the Hurwitz zeta ζ(2, x).
func trigamma(x float64) float64 { return mathext.Zeta(2, x) }

// tetragamma is ψ₂(x) = -2 ζ(3, x).
func tetragamma(x float64) float64 { return -2 * mathext.Zeta(3, x) }

// coefficients returns cA and cB such that the expected log likelihood plus
// expected log prior is cA·E[log p] + cB·E[log(1-p)] + (terms without those
// expectations). Beta prior: (k+a0-1, n-k+b0-1). Logit-normal prior:
// its density has a 1/(p(1-p)) factor, hence (k-1, n-k-1).
func (m binomialModel) coefficients() (cA, cB float64) {
	if m.logit {
		return m.k - 1, m.n - m.k - 1
	}
	return m.k + m.a - 1, m.n - m.k + m.b - 1
}

// elbo evaluates the ELBO in closed form for q = Beta(a, b). Under q,
//
//	E[log p] = ψ(a) - ψ(a+b),  E[log(1-p)] = ψ(b) - ψ(a+b),
//	E[logit p] = ψ(a) - ψ(b),  Var[logit p] = ψ₁(a) + ψ₁(b)
//
// (logit p = log G_a - log G_b for independent Gamma(a), Gamma(b)). The
// last two give the logit-normal prior term
// E[(logit p - mu)²] = (ψ(a) - ψ(b) - mu)² + ψ₁(a) + ψ₁(b) exactly, so no
// quadrature is needed.
func (m binomialModel) elbo(a, b float64) float64 {
	s := a + b
	eLogP := mathext.Digamma(a) - mathext.Digamma(s)
	eLog1mP := mathext.Digamma(b) - mathext.Digamma(s)
	cA, cB := m.coefficients()

	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	logChoose := lg(m.n+1) - lg(m.k+1) - lg(m.n-m.k+1)

	f := logChoose + cA*eLogP + cB*eLog1mP + distuv.Beta{Alpha: a, Beta: b}.Entropy()
	if m.logit {
		d := mathext.Digamma(a) - mathext.Digamma(b) - m.mu
		q := d*d + trigamma(a) + trigamma(b)
		f += -0.5*math.Log(2*math.Pi*m.sigma*m.sigma) - q/(2*m.sigma*m.sigma)
	} else {
		f -= mathext.Lbeta(m.a, m.b)
	}
	return f
}

// elboNoise estimates the absolute rounding error of elbo(a, b): machine
// epsilon times the size of the largest terms that cancel inside it. The
// entropy's lgamma(a+b) and (a+b-2)ψ(a+b) terms dominate and also bound the
// corresponding terms in a and b.
func (m binomialModel) elboNoise(a, b float64) float64 {
	s := a + b
	cA, cB := m.coefficients()
	lgs, _ := math.Lgamma(s)
	lgn, _ := math.Lgamma(m.n + 1)
	size := math.Abs(lgn) + 2*(math.Abs(lgs)+math.Abs((s-2)*mathext.Digamma(s))) +
		(math.Abs(cA)+math.Abs(cB))*math.Abs(mathext.Digamma(s))
	return 0x1p-52 * size
}

// elboGrad is the gradient of elbo with respect to (a, b). Differentiating
// the expectations above and the Beta entropy
// H = lnB(a,b) - (a-1)ψ(a) - (b-1)ψ(b) + (a+b-2)ψ(a+b) gives
//
//	∂/∂a = (cA - a + 1)ψ₁(a) - (cA + cB - a - b + 2)ψ₁(a+b)
//
// (symmetrically for b), plus for the logit-normal prior
// -(2dψ₁(a) + ψ₂(a))/(2σ²) and -(-2dψ₁(b) + ψ₂(b))/(2σ²) with
// d = ψ(a) - ψ(b) - mu. For a Beta prior the gradient vanishes exactly at
// a = a0+k, b = b0+n-k, the conjugate posterior.
func (m binomialModel) elboGrad(a, b float64) (ga, gb float64) {
	s := a + b
	cA, cB := m.coefficients()
	ts := trigamma(s)
	ga = (cA-a+1)*trigamma(a) - (cA+cB-s+2)*ts
	gb = (cB-b+1)*trigamma(b) - (cA+cB-s+2)*ts
	if m.logit {
		v := 2 * m.sigma * m.sigma
		d := mathext.Digamma(a) - mathext.Digamma(b) - m.mu
		ga -= (2*d*trigamma(a) + tetragamma(a)) / v
		gb -= (-2*d*trigamma(b) + tetragamma(b)) / v
	}
	return ga, gb
}
