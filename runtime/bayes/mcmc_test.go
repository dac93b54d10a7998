package bayes

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/stat/distuv"
)

// checkMonteCarlo compares an MCMC summary with the exact posterior
// moments, allowing four Monte Carlo standard errors computed from the
// sampler's own ESS: sd/sqrt(ESS) for the mean and
// sd·sqrt((kurtosis-1)/(4·ESS)) for the standard deviation.
func checkMonteCarlo(t *testing.T, got Posterior, mean, sd, exKurtosis float64) {
	t.Helper()
	if !(got.RHat < 1.01) {
		t.Errorf("R-hat = %v, want < 1.01", got.RHat)
	}
	if !(got.ESS > 1000) {
		t.Fatalf("ESS = %v, want > 1000 from 8000 draws", got.ESS)
	}
	if !(got.AcceptRate > 0.3 && got.AcceptRate < 0.6) {
		t.Errorf("acceptance rate %v far from the 0.44 target", got.AcceptRate)
	}
	// Written as !(x <= bound) so that a NaN anywhere fails.
	if se := sd / math.Sqrt(got.ESS); !(math.Abs(got.Mean-mean) <= 4*se) {
		t.Errorf("mean %v, exact %v: off by %.1f standard errors", got.Mean, mean, math.Abs(got.Mean-mean)/se)
	}
	if se := sd * math.Sqrt((exKurtosis+2)/(4*got.ESS)); !(math.Abs(got.Stdev-sd) <= 4*se) {
		t.Errorf("stdev %v, exact %v: off by %.1f standard errors", got.Stdev, sd, math.Abs(got.Stdev-sd)/se)
	}
}

func TestMCMCAgreesWithConjugate(t *testing.T) {
	tests := []struct {
		name  string
		prior Prior
		obs   Observations
	}{
		{"seed 8,17 + 52/150", Prior{Distribution: DistBeta, Alpha: 8, Beta: 17}, Observations{Trials: 150, Successes: 52}},
		{"flat + 10/100", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, Observations{Trials: 100, Successes: 10}},
		{"Jeffreys + 0/20, skewed at the boundary", Prior{Distribution: DistBeta, Alpha: 0.5, Beta: 0.5}, Observations{Trials: 20, Successes: 0}},
		{"a billion trials", Prior{Distribution: DistBeta, Alpha: 2, Beta: 3}, Observations{Trials: 1_000_000_000, Successes: 30_000_000}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exact, err := Conjugate(tt.prior, tt.obs)
			if err != nil {
				t.Fatal(err)
			}
			got, err := MCMC(tt.prior, tt.obs, MCMCConfig{Seed: 20240501})
			if err != nil {
				t.Fatal(err)
			}
			if got.Distribution != DistEmpirical || got.Method != MethodMCMC {
				t.Errorf("Distribution, Method = %q, %q", got.Distribution, got.Method)
			}
			d := distuv.Beta{Alpha: exact.Alpha, Beta: exact.Beta}
			checkMonteCarlo(t, got, exact.Mean, exact.Stdev, d.ExKurtosis())
			// Quantile standard error: sqrt(q(1-q)/ESS) / density.
			for i, q := range []float64{0.025, 0.975} {
				se := math.Sqrt(q*(1-q)/got.ESS) / d.Prob(exact.CI95[i])
				if diff := math.Abs(got.CI95[i] - exact.CI95[i]); !(diff <= 4*se) {
					t.Errorf("CI95[%d] = %v, exact %v: off by %.1f standard errors", i, got.CI95[i], exact.CI95[i], diff/se)
				}
			}
		})
	}
}

func TestMCMCLogitNormalAgreesWithQuadrature(t *testing.T) {
	tests := []struct {
		mu, sigma float64
		n, k      int64
	}{
		{-1, 1, 100, 10},
		{0, 0.5, 20, 2},    // prior and data disagree; the prior matters
		{-8, 3, 5, 5},      // prior far from the data
		{3, 2, 1e8, 12345}, // huge n
	}
	for _, tt := range tests {
		prior := Prior{Distribution: DistLogitNormal, Mu: tt.mu, Sigma: tt.sigma}
		got, err := MCMC(prior, Observations{Trials: tt.n, Successes: tt.k}, MCMCConfig{Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		mean, sd, exKurt, _ := quadPosterior(t, tt.mu, tt.sigma, tt.n, tt.k)
		t.Logf("%+v: mcmc %v ± %v (ESS %.0f), quadrature %v ± %v", tt, got.Mean, got.Stdev, got.ESS, mean, sd)
		checkMonteCarlo(t, got, mean, sd, exKurt)
	}
}

func TestMCMCDeterministic(t *testing.T) {
	prior := Prior{Distribution: DistBeta, Alpha: 8, Beta: 17}
	obs := Observations{Trials: 150, Successes: 52}
	cfg := MCMCConfig{Chains: 3, Samples: 500, BurnIn: 300, Seed: 42}
	a, err := MCMC(prior, obs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := MCMC(prior, obs, cfg)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("same seed, different result (-first +second):\n%s", d)
	}
	cfg.Seed++
	if c, _ := MCMC(prior, obs, cfg); c.Mean == a.Mean {
		t.Errorf("seeds %d and %d gave the same mean %v", cfg.Seed-1, cfg.Seed, c.Mean)
	}
}

func TestMCMCRejects(t *testing.T) {
	beta := Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}
	tests := []struct {
		name  string
		prior Prior
		obs   Observations
		cfg   MCMCConfig
	}{
		{"negative chains", beta, Observations{}, MCMCConfig{Chains: -1}},
		{"too few samples", beta, Observations{}, MCMCConfig{Samples: 3}},
		{"bad data", beta, Observations{Trials: 1, Successes: 2}, MCMCConfig{}},
		{"gamma prior", Prior{Distribution: DistGamma, Shape: 1, Rate: 1}, Observations{Trials: 1}, MCMCConfig{}},
		{"logit-normal without sigma", Prior{Distribution: DistLogitNormal}, Observations{Trials: 1}, MCMCConfig{}},
	}
	for _, tt := range tests {
		if _, err := MCMC(tt.prior, tt.obs, tt.cfg); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", tt.name, err)
		}
	}
}

// ar1Chains returns chains of a stationary AR(1) process x' = phi·x + e with
// unit marginal variance, each shifted by offset·(chain index). Its
// integrated autocorrelation time is (1+phi)/(1-phi).
func ar1Chains(chains, n int, phi, offset float64, seed uint64) [][]float64 {
	out := make([][]float64, chains)
	for c := range out {
		rng := rand.New(rand.NewPCG(seed, uint64(c)))
		x := rng.NormFloat64()
		out[c] = make([]float64, n)
		for i := range out[c] {
			x = phi*x + math.Sqrt(1-phi*phi)*rng.NormFloat64()
			out[c][i] = x + offset*float64(c)
		}
	}
	return out
}

func TestSplitDiagnostics(t *testing.T) {
	tests := []struct {
		name           string
		chains         [][]float64
		rhatLo, rhatHi float64
		essLo, essHi   float64
	}{
		// Independent draws: R-hat ≈ 1 and ESS ≈ the number of draws.
		{"iid", ar1Chains(4, 2500, 0, 0, 1), 0.995, 1.005, 0.85 * 10000, 1.15 * 10000},
		// AR(1) with phi = 0.8: tau = 1.8/0.2 = 9, ESS ≈ 20000/9 ≈ 2222.
		{"ar1 0.8", ar1Chains(4, 5000, 0.8, 0, 2), 0.995, 1.01, 0.8 * 2222, 1.2 * 2222},
		// Chains centred one marginal sd apart have not mixed.
		{"separated chains", ar1Chains(4, 1000, 0, 1, 3), 1.2, math.Inf(1), 0, math.Inf(1)},
	}
	// A single chain drifting from -2 to 2: only splitting it can reveal
	// that its two halves disagree.
	drift := ar1Chains(1, 2000, 0, 0, 4)
	for i := range drift[0] {
		drift[0][i] += -2 + 4*float64(i)/2000
	}
	tests = append(tests, struct {
		name           string
		chains         [][]float64
		rhatLo, rhatHi float64
		essLo, essHi   float64
	}{"drifting single chain", drift, 1.2, math.Inf(1), 0, math.Inf(1)})

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rhat, ess := splitDiagnostics(tt.chains)
			if !(rhat >= tt.rhatLo && rhat <= tt.rhatHi) {
				t.Errorf("R-hat = %v, want in [%v, %v]", rhat, tt.rhatLo, tt.rhatHi)
			}
			if !(ess >= tt.essLo && ess <= tt.essHi) {
				t.Errorf("ESS = %v, want in [%v, %v]", ess, tt.essLo, tt.essHi)
			}
		})
	}

	rhat, ess := splitDiagnostics([][]float64{{1, 1, 1, 1}, {1, 1, 1, 1}})
	if !math.IsNaN(rhat) || !math.IsNaN(ess) {
		t.Errorf("constant chains: R-hat, ESS = %v, %v; want NaN, NaN", rhat, ess)
	}
}
