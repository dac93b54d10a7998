package bayes

import "math"

// binomialModel is a probability p with a binomial likelihood and either a
// Beta or a logit-normal prior: the models MCMC and Variational support.
type binomialModel struct {
	n, k      float64
	logit     bool    // true for a logit-normal prior
	a, b      float64 // Beta prior shapes (logit == false)
	mu, sigma float64 // logit-normal prior (logit == true)
}

func newBinomialModel(prior Prior, obs Observations) (binomialModel, error) {
	n, k, err := obs.binomial()
	if err != nil {
		return binomialModel{}, err
	}
	m := binomialModel{n: n, k: k}
	switch prior.Distribution {
	case DistBeta:
		m.a, m.b, err = prior.betaParams()
	case DistLogitNormal:
		m.logit = true
		m.mu, m.sigma, err = prior.normalParams()
	default:
		err = invalidf("prior %q is not supported here: need %q or %q with binomial data", prior.Distribution, DistBeta, DistLogitNormal)
	}
	return m, err
}

// softplus is log(1+e^x) without overflow for large x or loss of
// precision for very negative x.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// logPosteriorLogit is the unnormalised log posterior density of
// x = logit(p). Sampling on the logit scale removes the (0,1) boundary, so
// a Gaussian random walk never proposes an impossible value.
//
// With log p = -softplus(-x) and log(1-p) = -softplus(x):
//
//	binomial:  k·log p + (n-k)·log(1-p)
//	Beta:      (a-1)·log p + (b-1)·log(1-p) + log(p(1-p))  (Jacobian dp/dx)
//	logit-N:   -(x-mu)²/(2 sigma²)                       (already on x)
//
// so with a Beta prior the sum is (a+k)·log p + (b+n-k)·log(1-p). Both
// forms are concave in x: the posterior of logit(p) has a single mode.
func (m binomialModel) logPosteriorLogit(x float64) float64 {
	lp, l1p := -softplus(-x), -softplus(x)
	if m.logit {
		d := (x - m.mu) / m.sigma
		return m.k*lp + (m.n-m.k)*l1p - d*d/2
	}
	return (m.a+m.k)*lp + (m.b+(m.n-m.k))*l1p
}

// laplace returns the mode of the log posterior of x = logit(p) and the
// standard deviation of the Gaussian matching its curvature there. MCMC uses
// them to start chains in the right region and scale, and Variational to
// precondition its optimisation; neither needs them to be accurate.
//
// For a Beta prior, A = a+k and B = b+n-k give the closed forms
// mode = log(A/B) and curvature AB/(A+B). For a logit-normal prior the
// derivative k - n·σ(x) - (x-mu)/sigma² is strictly decreasing, so its root
// is found by Newton's method safeguarded by bisection; only derivatives
// are used, which stay accurate even when n is in the billions.
func (m binomialModel) laplace() (mode, sd float64) {
	if !m.logit {
		A, B := m.a+m.k, m.b+(m.n-m.k)
		return math.Log(A / B), math.Sqrt(1/A + 1/B)
	}
	s2 := m.sigma * m.sigma
	deriv := func(x float64) (d1, d2 float64) {
		p := 1 / (1 + math.Exp(-x))
		return m.k - m.n*p - (x-m.mu)/s2, -m.n*p*(1-p) - 1/s2
	}
	// Bracket the root: widen until the derivative changes sign.
	lo, hi := m.mu-1, m.mu+1
	for w := 1.0; ; w *= 2 {
		if d, _ := deriv(lo); d <= 0 {
			lo -= w
			continue
		}
		if d, _ := deriv(hi); d >= 0 {
			hi += w
			continue
		}
		break
	}
	x := (lo + hi) / 2
	for range 200 {
		d1, d2 := deriv(x)
		if d1 > 0 {
			lo = x
		} else {
			hi = x
		}
		next := x - d1/d2
		if !(next > lo && next < hi) {
			next = (lo + hi) / 2
		}
		if math.Abs(next-x) <= 1e-12*(1+math.Abs(x)) {
			x = next
			break
		}
		x = next
	}
	_, d2 := deriv(x)
	return x, 1 / math.Sqrt(-d2)
}
