package bayes

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func BenchmarkConjugate(b *testing.B) {
	prior := Prior{Distribution: DistBeta, Alpha: 8, Beta: 17}
	obs := Observations{Trials: 150, Successes: 52}
	for b.Loop() {
		if _, err := Conjugate(prior, obs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMCMC(b *testing.B) {
	// Default configuration: 4 chains × (1000 burn-in + 2000 kept draws).
	prior := Prior{Distribution: DistBeta, Alpha: 8, Beta: 17}
	obs := Observations{Trials: 150, Successes: 52}
	for b.Loop() {
		if _, err := MCMC(prior, obs, MCMCConfig{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMCMCLogitNormal(b *testing.B) {
	prior := Prior{Distribution: DistLogitNormal, Mu: -1, Sigma: 1}
	obs := Observations{Trials: 100, Successes: 10}
	for b.Loop() {
		if _, err := MCMC(prior, obs, MCMCConfig{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVariational(b *testing.B) {
	prior := Prior{Distribution: DistLogitNormal, Mu: -1, Sigma: 1}
	obs := Observations{Trials: 100, Successes: 10}
	for b.Loop() {
		if _, err := Variational(prior, obs); err != nil {
			b.Fatal(err)
		}
	}
}

// benchShards simulates a sharded parameter: rates from Beta(20, 60),
// 20-2000 trials per shard.
func benchShards(count int) []Shard {
	rng := rand.New(rand.NewPCG(1, uint64(count)))
	shards, _ := simulateShards(rng, 20, 60, count, 20, 2000)
	return shards
}

func BenchmarkPoolEmpirical1000Shards(b *testing.B) {
	shards := benchShards(1000)
	for b.Loop() {
		if _, err := PoolEmpirical(shards); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPoolHierarchical100Shards(b *testing.B) {
	shards := benchShards(100)
	for b.Loop() {
		if _, err := PoolHierarchical(shards, Hyperprior{}, MCMCConfig{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPoolHierarchical1000Shards(b *testing.B) {
	shards := benchShards(1000)
	for b.Loop() {
		if _, err := PoolHierarchical(shards, Hyperprior{}, MCMCConfig{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSiblings100Groups updates 100 sibling groups of four edges each.
func BenchmarkSiblings100Groups(b *testing.B) {
	prior := SiblingPrior{Edges: []float64{1, 1, 1, 1}, None: 1}
	groups := make([]SiblingCounts, 100)
	for g := range groups {
		groups[g] = SiblingCounts{Trials: int64(1000 + 10*g), Successes: []int64{int64(100 + g), 50, int64(g), 7}}
	}
	for b.Loop() {
		for _, c := range groups {
			if _, err := UpdateSiblings(prior, c); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkFitLag fits a week of hourly bins (168) of 50,000 conversions.
func BenchmarkFitLag(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	bins := simulateLagHistogram(rng, lagTruth{shift: 2, mu: math.Log(20), sigma: 0.9}, 50000, 7*day, time.Hour)
	for b.Loop() {
		if _, err := FitLag(bins, 7*day); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitLag16Bins fits the same conversions merged into 16 bins
// roughly even in log time, the most a lag-histogram statement returns
// (see compiler.LagBucketEdges): the fit a maturity parameter costs.
func BenchmarkFitLag16Bins(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	hourly := simulateLagHistogram(rng, lagTruth{shift: 2, mu: math.Log(20), sigma: 0.9}, 50000, 7*day, time.Hour)
	edges := []time.Duration{1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 120, 144, 168}
	var bins []LagBin
	from := time.Duration(0)
	for _, e := range edges {
		to := e * time.Hour
		bin := LagBin{From: from, To: to}
		for _, h := range hourly {
			if h.From >= from && h.To <= to {
				bin.Count += h.Count
			}
		}
		bins = append(bins, bin)
		from = to
	}
	for b.Loop() {
		if _, err := FitLag(bins, 7*day); err != nil {
			b.Fatal(err)
		}
	}
}
