package bayes

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestPoolEmpiricalMatchesScipy checks the marginal-likelihood fit against
// scipy, which maximises the same likelihood in (log α, log β) with
// Nelder-Mead (a different parameterisation and a derivative-free method).
// The reference numbers were produced with Debian's python3-scipy 1.10.1:
//
//	import numpy as np
//	from scipy.optimize import minimize
//	from scipy.special import betaln, gammaln
//	n = np.array([120, 45, 300, 80, 15, 210, 60, 500, 0, 33])
//	k = np.array([30, 8, 66, 25, 2, 41, 19, 98, 0, 12])
//	m = n > 0
//	def nll(x):
//	    a, b = np.exp(x)
//	    return -np.sum(gammaln(n[m]+1)-gammaln(k[m]+1)-gammaln(n[m]-k[m]+1)
//	                   + betaln(a+k[m], b+n[m]-k[m]) - betaln(a, b))
//	r = minimize(nll, [0.0, 1.0], method="Nelder-Mead",
//	             options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
//	a, b = np.exp(r.x)
//	print(repr(a), repr(b), repr(-r.fun))
//	# 72.8264643321332 244.88701690357223 -27.75983920520804
func TestPoolEmpiricalMatchesScipy(t *testing.T) {
	n := []int64{120, 45, 300, 80, 15, 210, 60, 500, 0, 33}
	k := []int64{30, 8, 66, 25, 2, 41, 19, 98, 0, 12}
	shards := make([]Shard, len(n))
	for i := range n {
		shards[i] = Shard{Key: fmt.Sprint("s", i), Trials: n[i], Successes: k[i]}
	}
	got, err := PoolEmpirical(shards)
	if err != nil {
		t.Fatal(err)
	}
	type shapes struct{ Alpha, Beta float64 }
	// The likelihood is flat along the concentration, so the shapes agree
	// less closely (about 1e-6 relative) than the maximum itself.
	if diff := cmp.Diff(shapes{72.8264643321332, 244.88701690357223}, shapes{got.Alpha, got.Beta}, cmpopts.EquateApprox(1e-5, 0)); diff != "" {
		t.Errorf("shapes (-scipy +got):\n%s", diff)
	}
	if d := math.Abs(got.LogLikelihood - -27.75983920520804); !(d < 1e-9) {
		t.Errorf("log likelihood %v, scipy -27.75983920520804 (off by %g)", got.LogLikelihood, d)
	}
	if got.AtBoundary {
		t.Error("AtBoundary = true for overdispersed shards")
	}
}

// TestPoolEmpiricalShards checks each shard's posterior and shrinkage
// against the formulas Beta(α+k, β+n−k) and (α+β)/(α+β+n), and that the
// posterior mean is the shrinkage-weighted average of the pooled mean and
// the shard's own rate.
func TestPoolEmpiricalShards(t *testing.T) {
	shards := []Shard{{"a", 100, 10}, {"b", 100, 40}, {"c", 10, 9}, {"d", 0, 0}, {"e", 1000, 250}}
	got, err := PoolEmpirical(shards)
	if err != nil {
		t.Fatal(err)
	}
	a, b := got.Alpha, got.Beta
	for i, s := range shards {
		n, k := float64(s.Trials), float64(s.Successes)
		want := PooledShard{
			Key: s.Key, Trials: s.Trials, Successes: s.Successes,
			Posterior: betaPosterior(a+k, b+n-k, MethodConjugate),
			Shrinkage: (a + b) / (a + b + n),
		}
		if diff := cmp.Diff(want, got.Shards[i], cmpopts.EquateApprox(1e-12, 0)); diff != "" {
			t.Errorf("shard %s (-want +got):\n%s", s.Key, diff)
		}
		if s.Trials == 0 {
			continue
		}
		blend := want.Shrinkage*got.Mean + (1-want.Shrinkage)*k/n
		if math.Abs(blend-got.Shards[i].Posterior.Mean) > 1e-12 {
			t.Errorf("shard %s: mean %v is not the shrinkage blend %v", s.Key, got.Shards[i].Posterior.Mean, blend)
		}
	}
}

// TestPoolEmpiricalRecovery draws shard rates from a known Beta population
// and checks that the fit recovers the population and that pooled
// estimates beat the raw rates k/n in mean squared error, which is the
// reason to pool.
func TestPoolEmpiricalRecovery(t *testing.T) {
	tests := []struct {
		name       string
		a, b       float64
		shards     int
		minN, maxN int
	}{
		{"many small shards", 20, 60, 400, 5, 60},
		{"medium shards", 6, 30, 150, 20, 200},
		{"rare conversions", 4, 200, 300, 20, 500},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(7, uint64(tt.shards)))
			shards, rates := simulateShards(rng, tt.a, tt.b, tt.shards, tt.minN, tt.maxN)
			got, err := PoolEmpirical(shards)
			if err != nil {
				t.Fatal(err)
			}
			trueMean := tt.a / (tt.a + tt.b)
			// The pooled mean's sampling sd is about sqrt(mean(1-mean)/(a+b+1)/shards)
			// plus binomial noise; 4 of those bound a correct fit.
			se := math.Sqrt(trueMean*(1-trueMean)/(tt.a+tt.b+1)/float64(tt.shards)) + math.Sqrt(trueMean*(1-trueMean)/float64(tt.shards*tt.minN))
			if math.Abs(got.Mean-trueMean) > 4*se {
				t.Errorf("pooled mean %v, true %v (4 se = %v)", got.Mean, trueMean, 4*se)
			}
			if r := (got.Alpha + got.Beta) / (tt.a + tt.b); r < 0.5 || r > 2 {
				t.Errorf("concentration %v, true %v", got.Alpha+got.Beta, tt.a+tt.b)
			}
			var rawErr, pooledErr float64
			for i, s := range got.Shards {
				raw := float64(s.Successes) / float64(s.Trials)
				rawErr += (raw - rates[i]) * (raw - rates[i])
				pooledErr += (s.Posterior.Mean - rates[i]) * (s.Posterior.Mean - rates[i])
			}
			if !(pooledErr < rawErr) {
				t.Errorf("pooled squared error %v is not below the raw rates' %v", pooledErr, rawErr)
			}
		})
	}
}

// simulateShards draws each shard's rate from Beta(a, b), its trials
// uniformly in [minN, maxN] and its successes from the binomial.
func simulateShards(rng *rand.Rand, a, b float64, count, minN, maxN int) ([]Shard, []float64) {
	pop := distuv.Beta{Alpha: a, Beta: b, Src: rng}
	shards := make([]Shard, count)
	rates := make([]float64, count)
	for i := range shards {
		rates[i] = pop.Rand()
		n := minN + rng.IntN(maxN-minN+1)
		k := distuv.Binomial{N: float64(n), P: rates[i], Src: rng}.Rand()
		shards[i] = Shard{Key: fmt.Sprint("shard", i), Trials: int64(n), Successes: int64(k)}
	}
	return shards, rates
}

// TestPoolEmpiricalBoundary: shards with identical rates carry no evidence
// of variation, so the fit stops at the concentration cap with the pooled
// rate as the mean.
func TestPoolEmpiricalBoundary(t *testing.T) {
	got, err := PoolEmpirical([]Shard{{"a", 100, 20}, {"b", 200, 40}, {"c", 50, 10}})
	if err != nil {
		t.Fatal(err)
	}
	if !got.AtBoundary {
		t.Errorf("AtBoundary = false, fit α=%v β=%v", got.Alpha, got.Beta)
	}
	if math.Abs(got.Mean-0.2) > 1e-9 {
		t.Errorf("mean %v, want the pooled 0.2", got.Mean)
	}
	for _, s := range got.Shards {
		if !(s.Shrinkage > 0.999) {
			t.Errorf("shard %s shrinkage %v, want > 0.999", s.Key, s.Shrinkage)
		}
	}
}

func TestPoolEmpiricalInvalid(t *testing.T) {
	tests := []struct {
		name   string
		shards []Shard
		want   string
	}{
		{"one shard", []Shard{{"a", 10, 2}, {"b", 0, 0}}, "bayes: invalid input: empirical pooling needs at least 2 shards with trials, got 1"},
		{"more successes than trials", []Shard{{"a", 10, 2}, {"b", 3, 4}}, `shard "b": bayes: invalid input: binomial data need 0 <= successes <= trials, got 4 successes in 3 trials`},
		{"no successes at all", []Shard{{"a", 10, 0}, {"b", 3, 0}}, "bayes: invalid input: empirical pooling needs successes and failures across the shards, got 0 successes in 13 trials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PoolEmpirical(tt.shards)
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}
