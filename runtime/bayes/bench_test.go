package bayes

import "testing"

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
