package bayes

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// simulateCohorts draws daily cohorts aged 12h, 36h, ... : each trial
// converts within window with probability rate, after a lag drawn from
// truth truncated to the window, and counts as a success once its lag is
// below the cohort's age. It returns the cohorts and the lag histogram of
// the mature cohorts' conversions, binned hourly.
func simulateCohorts(rng *rand.Rand, rate float64, truth lagTruth, window time.Duration, days, trials int) ([]Cohort, []LagBin) {
	bins := make([]LagBin, int(window/time.Hour))
	for j := range bins {
		bins[j] = LagBin{From: time.Duration(j) * time.Hour, To: time.Duration(j+1) * time.Hour}
	}
	cohorts := make([]Cohort, days)
	for d := range cohorts {
		age := time.Duration(d)*day + 12*time.Hour
		c := Cohort{Age: age, Trials: int64(trials)}
		for range trials {
			if rng.Float64() >= rate {
				continue
			}
			lag := truth.draw(rng)
			for lag >= window.Hours() {
				lag = truth.draw(rng)
			}
			if lag < age.Hours() {
				c.Successes++
				if age >= window {
					bins[int(lag)].Count++
				}
			}
		}
		cohorts[d] = c
	}
	return cohorts, bins
}

// TestMaturityWeightedRecovery: counting immature cohorts at face value
// biases the rate down; weighting their trials by the fitted completeness
// recovers it, with a narrower posterior than dropping them.
func TestMaturityWeightedRecovery(t *testing.T) {
	tests := []struct {
		name   string
		rate   float64
		truth  lagTruth
		window time.Duration
		days   int
	}{
		{"a day's median lag, 7-day window", 0.25, lagTruth{shift: 2, mu: math.Log(20), sigma: 0.9}, 7 * day, 21},
		{"slow converters, 14-day window", 0.1, lagTruth{shift: 0, mu: math.Log(96), sigma: 0.6}, 14 * day, 28},
	}
	flat := Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(29, uint64(i)))
			cohorts, bins := simulateCohorts(rng, tt.rate, tt.truth, tt.window, tt.days, 3000)
			lag, err := FitLag(bins, tt.window)
			if err != nil {
				t.Fatal(err)
			}
			weighted, nEff, err := MaturityWeighted(flat, cohorts, lag)
			if err != nil {
				t.Fatal(err)
			}
			var all, mature Observations
			for _, c := range cohorts {
				all.Trials += c.Trials
				all.Successes += c.Successes
				if c.Age >= tt.window {
					mature.Trials += c.Trials
					mature.Successes += c.Successes
				}
			}
			naive, _ := Conjugate(flat, all)
			matureOnly, _ := Conjugate(flat, mature)

			if z := math.Abs(weighted.Mean-tt.rate) / weighted.Stdev; !(z < 4) {
				t.Errorf("weighted %v ± %v, true %v (%.1f sd)", weighted.Mean, weighted.Stdev, tt.rate, z)
			}
			if z := (tt.rate - naive.Mean) / naive.Stdev; !(z > 4) {
				t.Errorf("naive %v ± %v is not visibly below the true %v (%.1f sd): the test data have too few immature cohorts", naive.Mean, naive.Stdev, tt.rate, z)
			}
			if !(weighted.Stdev < matureOnly.Stdev) {
				t.Errorf("weighted sd %v is not below the mature-only sd %v", weighted.Stdev, matureOnly.Stdev)
			}
			if !(nEff > float64(mature.Trials) && nEff < float64(all.Trials)) {
				t.Errorf("effective trials %v outside (%d, %d)", nEff, mature.Trials, all.Trials)
			}
		})
	}
}

func TestMaturityWeightedInvalid(t *testing.T) {
	lag := LagFit{Mu: 1, Sigma: 1, Window: day}
	tests := []struct {
		name    string
		prior   Prior
		cohorts []Cohort
		lag     LagFit
	}{
		{"gamma prior", Prior{Distribution: DistGamma, Shape: 1, Rate: 1}, nil, lag},
		{"no lag fit", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, nil, LagFit{}},
		{"bad counts", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, []Cohort{{Age: day, Trials: 1, Successes: 2}}, lag},
		{"negative age", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, []Cohort{{Age: -day, Trials: 1}}, lag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := MaturityWeighted(tt.prior, tt.cohorts, tt.lag); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}
