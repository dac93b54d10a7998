package bayes

import "math"

// Divergence measures how surprising a new batch (successes of trials) is
// under the current belief Beta(alpha, beta), using the Beta-Binomial prior
// predictive distribution of the observed rate k/n:
//
//	m = alpha/(alpha+beta)
//	z = (k/n - m) / sqrt( m(1-m)/n · (alpha+beta+n)/(alpha+beta+1) )
//
// The second factor inflates the binomial variance for the uncertainty in
// p itself, so a vague belief is hard to surprise. |z| much above 2-3 means
// the model no longer fits the data stream.
//
// An empty batch (trials == 0) carries no evidence of misfit and returns
// z = 0 with a nil error; Alert's minSample is the place to ignore small
// batches. Non-positive alpha or beta, or counts outside
// 0 <= successes <= trials, are errors.
func Divergence(alpha, beta float64, trials, successes int64) (z float64, err error) {
	if err := positive("alpha", alpha); err != nil {
		return 0, err
	}
	if err := positive("beta", beta); err != nil {
		return 0, err
	}
	n, k, err := Observations{Trials: trials, Successes: successes}.binomial()
	if err != nil {
		return 0, err
	}
	if n == 0 {
		return 0, nil
	}
	s := alpha + beta
	m := alpha / s
	sd := math.Sqrt(m * (1 - m) / n * (s + n) / (s + 1))
	return (k/n - m) / sd, nil
}

// Alert reports whether a divergence z should raise an alarm: when
// |z| > threshold and the batch has at least minSample trials (n >= minSample),
// so that tiny batches, whose rates are noisy however the model fits, never
// page anyone. A NaN z never alerts.
func Alert(z, threshold float64, n, minSample int64) bool {
	return n >= minSample && math.Abs(z) > threshold
}
