package bayes

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// simulateLogitShards draws each shard's logit rate from Normal(mu, tau²),
// its trials uniformly in [minN, maxN] and its successes from the binomial.
func simulateLogitShards(rng *rand.Rand, mu, tau float64, count, minN, maxN int) ([]Shard, []float64) {
	shards := make([]Shard, count)
	rates := make([]float64, count)
	for i := range shards {
		rates[i] = 1 / (1 + math.Exp(-(mu + tau*rng.NormFloat64())))
		n := minN + rng.IntN(maxN-minN+1)
		k := distuv.Binomial{N: float64(n), P: rates[i], Src: rng}.Rand()
		shards[i] = Shard{Key: fmt.Sprint("shard", i), Trials: int64(n), Successes: int64(k)}
	}
	return shards, rates
}

// TestPoolHierarchicalRecovery simulates shards from the model with known
// population parameters and checks that the sampler converged, that the
// posteriors of mu and tau cover the truth, and that the shards' 95%
// intervals cover their true rates about 95% of the time.
func TestPoolHierarchicalRecovery(t *testing.T) {
	tests := []struct {
		name       string
		mu, tau    float64
		shards     int
		minN, maxN int
	}{
		{"moderate spread", -1.5, 0.5, 40, 50, 500},
		{"small shards, small spread (the funnel)", -1, 0.15, 30, 5, 40},
		{"rare conversions", -4, 0.6, 60, 200, 2000},
		{"few shards", 0, 0.8, 5, 100, 300},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(tt.shards)))
			shards, rates := simulateLogitShards(rng, tt.mu, tt.tau, tt.shards, tt.minN, tt.maxN)
			got, err := PoolHierarchical(shards, Hyperprior{}, MCMCConfig{Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			if !(got.RHat < 1.01) {
				t.Errorf("worst R-hat %v, want < 1.01", got.RHat)
			}
			if !(got.ESS > 400) {
				t.Errorf("smallest ESS %v, want > 400 of 8000 draws", got.ESS)
			}
			if z := math.Abs(got.Mu.Mean-tt.mu) / got.Mu.Stdev; !(z < 3) {
				t.Errorf("mu %v ± %v, true %v (%.1f sd)", got.Mu.Mean, got.Mu.Stdev, tt.mu, z)
			}
			if !(got.Tau.CI95[0] <= tt.tau && tt.tau <= got.Tau.CI95[1]) {
				t.Errorf("tau 95%% interval %v misses the true %v", got.Tau.CI95, tt.tau)
			}
			var covered int
			for i, s := range got.Shards {
				if s.Posterior.CI95[0] <= rates[i] && rates[i] <= s.Posterior.CI95[1] {
					covered++
				}
				if !(s.Shrinkage > 0 && s.Shrinkage < 1) {
					t.Errorf("shard %s shrinkage %v outside (0, 1)", s.Key, s.Shrinkage)
				}
			}
			// Coverage is Binomial(shards, 0.95); allow three standard deviations.
			n := float64(tt.shards)
			if low := 0.95*n - 3*math.Sqrt(n*0.95*0.05); float64(covered) < low {
				t.Errorf("95%% intervals covered %d of %d true rates, want >= %.1f", covered, tt.shards, low)
			}
		})
	}
}

// TestPoolingModesAgree: with many shards of many trials the population is
// well identified, and the shards' posteriors are dominated by their own
// data, so the empirical (Beta population, point estimate) and hierarchical
// (logit-normal population, integrated) pools must give the same shard
// posteriors up to Monte Carlo error.
func TestPoolingModesAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	shards, _ := simulateShards(rng, 30, 90, 40, 5000, 20000)
	emp, err := PoolEmpirical(shards)
	if err != nil {
		t.Fatal(err)
	}
	hier, err := PoolHierarchical(shards, Hyperprior{}, MCMCConfig{Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	if !(hier.RHat < 1.01) {
		t.Errorf("worst R-hat %v", hier.RHat)
	}
	for i, h := range hier.Shards {
		e := emp.Shards[i].Posterior
		// Monte Carlo standard errors of the mean and the sd (Gaussian case).
		seMean := h.Posterior.Stdev / math.Sqrt(h.Posterior.ESS)
		seSD := h.Posterior.Stdev / math.Sqrt(2*h.Posterior.ESS)
		if d := math.Abs(h.Posterior.Mean - e.Mean); !(d <= 4*seMean) {
			t.Errorf("shard %s: hierarchical mean %v, empirical %v: %.1f MC standard errors apart", h.Key, h.Posterior.Mean, e.Mean, d/seMean)
		}
		if d := math.Abs(h.Posterior.Stdev - e.Stdev); !(d <= 4*seSD) {
			t.Errorf("shard %s: hierarchical sd %v, empirical %v: %.1f MC standard errors apart", h.Key, h.Posterior.Stdev, e.Stdev, d/seSD)
		}
	}
	// The population mean is uncertain in the hierarchical pool; the
	// empirical point estimate must sit inside that uncertainty.
	if d := math.Abs(hier.Mean - emp.Mean); !(d <= 2*hier.Tau.Mean/math.Sqrt(float64(len(shards)))*emp.Mean*(1-emp.Mean)) {
		t.Errorf("pooled means: hierarchical %v, empirical %v", hier.Mean, emp.Mean)
	}
}

// TestPopulationMean checks the Gauss-Hermite average of the logistic over
// the population against adaptive-free brute force: a 2000-point
// Gauss-Legendre rule over ±10 sd.
func TestPopulationMean(t *testing.T) {
	for _, c := range []struct{ mu, tau float64 }{{0, 0}, {-1.5, 0.5}, {-4, 1}, {2, 0.3}} {
		want := quad.Fixed(func(z float64) float64 {
			return math.Exp(-z*z/2) / math.Sqrt(2*math.Pi) / (1 + math.Exp(-(c.mu + c.tau*z)))
		}, -10, 10, 2000, quad.Legendre{}, 0)
		if got := populationMean(c.mu, c.tau); math.Abs(got-want) > 1e-4*want {
			t.Errorf("populationMean(%v, %v) = %v, want %v", c.mu, c.tau, got, want)
		}
	}
}

func TestPoolHierarchicalInvalid(t *testing.T) {
	tests := []struct {
		name   string
		shards []Shard
		hyper  Hyperprior
		want   string
	}{
		{"one shard", []Shard{{"a", 10, 2}}, Hyperprior{}, "bayes: invalid input: hierarchical pooling needs at least 2 shards, got 1"},
		{"bad counts", []Shard{{"a", 10, 2}, {"b", 3, 4}}, Hyperprior{}, `shard "b": bayes: invalid input: binomial data need 0 <= successes <= trials, got 4 successes in 3 trials`},
		{"negative tau scale", []Shard{{"a", 10, 2}, {"b", 3, 1}}, Hyperprior{TauScale: -1}, "bayes: invalid input: hyperprior TauScale -1 must be positive and finite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PoolHierarchical(tt.shards, tt.hyper, MCMCConfig{Samples: 10, BurnIn: 10})
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}
