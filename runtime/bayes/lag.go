package bayes

import (
	"math"
	"time"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat/distuv"
)

// LagBin is one bar of a time-to-convert histogram: Count conversions
// whose lag from the anchor event to the to-event fell in [From, To).
type LagBin struct {
	From, To time.Duration
	Count    int64
}

// LagFit is a shifted log-normal distribution of the time to convert:
//
//	lag = Shift + exp(Z),  Z ~ Normal(Mu, Sigma²),  Z in log hours,
//
// fitted to conversions observed within Window (the edge's within()).
type LagFit struct {
	// Shift is the dead time before any conversion can happen.
	Shift time.Duration
	// Mu and Sigma are the Normal parameters of log(lag − Shift) in hours.
	Mu, Sigma float64
	// Median and T95 are the 50% and 95% quantiles of the (untruncated)
	// lag distribution.
	Median, T95 time.Duration
	// Window is the horizon the histogram is truncated at.
	Window time.Duration
	// InWindow is F(Window), the share of all eventual conversions that the
	// within() window catches under the fitted distribution.
	InWindow float64
	// Conversions is the histogram's total count.
	Conversions int64
	// LogLikelihood is the maximised binned, truncated log likelihood.
	LogLikelihood float64
}

// minLagBins is the number of non-empty bins needed to fit three
// parameters.
const minLagBins = 3

// FitLag fits a shifted log-normal to a lag histogram of conversions that
// happened within window, by maximum likelihood for binned, right-truncated
// data:
//
//	log L = Σ_j c_j · log[F(To_j) − F(From_j)] − C · log F(window)
//
// with F the shifted log-normal CDF and C the total count. The shift is
// kept inside [0, To of the first non-empty bin) through a logistic map, σ
// positive through its log, and the three are found with gonum's
// Nelder-Mead from the weighted moments of the log bin midpoints.
func FitLag(bins []LagBin, window time.Duration) (LagFit, error) {
	if window <= 0 {
		return LagFit{}, invalidf("a lag fit needs the within() window, got %v", window)
	}
	var (
		total    int64
		nonEmpty int
		firstTo  = math.Inf(1)
		sumW     float64
		sumL     float64
		sumL2    float64
	)
	for j, b := range bins {
		if b.From < 0 || b.To <= b.From || b.To > window {
			return LagFit{}, invalidf("lag bin %d [%v, %v) must satisfy 0 <= from < to <= window %v", j, b.From, b.To, window)
		}
		if b.Count < 0 {
			return LagFit{}, invalidf("lag bin %d count %d must be >= 0", j, b.Count)
		}
		if b.Count == 0 {
			continue
		}
		nonEmpty++
		total += b.Count
		firstTo = math.Min(firstTo, b.To.Hours())
		mid := math.Log((b.From.Hours() + b.To.Hours()) / 2)
		w := float64(b.Count)
		sumW += w
		sumL += w * mid
		sumL2 += w * mid * mid
	}
	if nonEmpty < minLagBins {
		return LagFit{}, invalidf("a lag fit needs at least %d non-empty bins, got %d", minLagBins, nonEmpty)
	}
	winH := window.Hours()

	// x = (Mu, log Sigma, logit(Shift / firstTo)).
	params := func(x []float64) (mu, sigma, shift float64) {
		return x[0], math.Exp(x[1]), firstTo / (1 + math.Exp(-x[2]))
	}
	negLogLik := func(x []float64) float64 {
		mu, sigma, shift := params(x)
		cdf := shiftedLogNormalCDF(mu, sigma, shift)
		ll := -float64(total) * math.Log(cdf(winH))
		for _, b := range bins {
			if b.Count == 0 {
				continue
			}
			p := cdf(b.To.Hours()) - cdf(b.From.Hours())
			if !(p > 0) {
				return math.Inf(1)
			}
			ll += float64(b.Count) * math.Log(p)
		}
		return -ll
	}
	mean := sumL / sumW
	sd := math.Sqrt(math.Max(sumL2/sumW-mean*mean, 1e-4))
	start := []float64{mean, math.Log(sd), -3}
	res, err := optimize.Minimize(optimize.Problem{Func: negLogLik}, start,
		&optimize.Settings{Converger: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 200}},
		&optimize.NelderMead{})
	if res == nil {
		return LagFit{}, err
	}
	mu, sigma, shift := params(res.X)
	normal := distuv.Normal{Mu: mu, Sigma: sigma}
	hours := func(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }
	return LagFit{
		Shift: hours(shift), Mu: mu, Sigma: sigma,
		Median:        hours(shift + math.Exp(mu)),
		T95:           hours(shift + math.Exp(normal.Quantile(0.95))),
		Window:        window,
		InWindow:      shiftedLogNormalCDF(mu, sigma, shift)(winH),
		Conversions:   total,
		LogLikelihood: -res.F,
	}, nil
}

// shiftedLogNormalCDF returns the CDF, in hours, of shift + LogNormal(mu, sigma).
func shiftedLogNormalCDF(mu, sigma, shift float64) func(h float64) float64 {
	return func(h float64) float64 {
		if h <= shift {
			return 0
		}
		return 0.5 * math.Erfc(-(math.Log(h-shift)-mu)/(sigma*math.Sqrt2))
	}
}

// CDF is the fitted probability that a conversion happens within lag.
func (f LagFit) CDF(lag time.Duration) float64 {
	return shiftedLogNormalCDF(f.Mu, f.Sigma, f.Shift.Hours())(lag.Hours())
}

// Completeness is the share of a cohort's within-window conversions that
// have happened by the time the cohort is age old:
// F(min(age, Window)) / F(Window).
func (f LagFit) Completeness(age time.Duration) float64 {
	if age >= f.Window {
		return 1
	}
	return f.CDF(age) / f.CDF(f.Window)
}
