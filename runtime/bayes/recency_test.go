package bayes

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/stat/distuv"
)

const day = 24 * time.Hour

func TestHalfLifeWeight(t *testing.T) {
	tests := []struct {
		age, halfLife time.Duration
		want          float64
	}{
		{0, 30 * day, 1},
		{30 * day, 30 * day, 0.5},
		{60 * day, 30 * day, 0.25},
		{12 * time.Hour, day, 1 / math.Sqrt2},
		{90 * day, 0, 1},
	}
	for _, tt := range tests {
		got, err := HalfLifeWeight(tt.age, tt.halfLife)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-tt.want) > 1e-15 {
			t.Errorf("HalfLifeWeight(%v, %v) = %v, want %v", tt.age, tt.halfLife, got, tt.want)
		}
	}
	if _, err := HalfLifeWeight(-day, 30*day); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative age: err = %v, want ErrInvalid", err)
	}
}

func TestDiscount(t *testing.T) {
	tests := []struct {
		name           string
		previous, base Prior
		weight         float64
		want           Prior
	}{
		{"beta towards its base", Prior{Distribution: DistBeta, Alpha: 101, Beta: 401}, Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, 0.5,
			Prior{Distribution: DistBeta, Alpha: 51, Beta: 201}},
		{"beta without a base", Prior{Distribution: DistBeta, Alpha: 100, Beta: 400}, Prior{}, 0.25,
			Prior{Distribution: DistBeta, Alpha: 25, Beta: 100}},
		{"weight 1 keeps the prior", Prior{Distribution: DistBeta, Alpha: 7, Beta: 9}, Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, 1,
			Prior{Distribution: DistBeta, Alpha: 7, Beta: 9}},
		{"gamma", Prior{Distribution: DistGamma, Shape: 52, Rate: 11}, Prior{Distribution: DistGamma, Shape: 2, Rate: 1}, 0.1,
			Prior{Distribution: DistGamma, Shape: 7, Rate: 2}},
		// Precision 1/0.01 = 100 from base 1: 1 + 0.5·99 = 50.5;
		// precision-weighted means 3·100 and 0·1: (0 + 0.5·300)/50.5.
		{"normal", Prior{Distribution: DistNormal, Mu: 3, Sigma: 0.1}, Prior{Distribution: DistNormal, Mu: 0, Sigma: 1}, 0.5,
			Prior{Distribution: DistNormal, Mu: 150 / 50.5, Sigma: 1 / math.Sqrt(50.5)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Discount(tt.previous, tt.base, tt.weight)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiscountInvalid(t *testing.T) {
	tests := []struct {
		name           string
		previous, base Prior
		weight         float64
	}{
		{"negative weight", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, Prior{}, -0.5},
		{"NaN weight", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, Prior{}, math.NaN()},
		{"weight above 1", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, Prior{}, 1.5},
		{"family mismatch", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, Prior{Distribution: DistGamma, Shape: 1, Rate: 1}, 0.5},
		{"logit-normal", Prior{Distribution: DistLogitNormal, Mu: 0, Sigma: 1}, Prior{}, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Discount(tt.previous, tt.base, tt.weight); !errors.Is(err, ErrInvalid) {
				t.Errorf("err = %v, want ErrInvalid", err)
			}
		})
	}
}

// TestHalfLifeTracksStepChange runs a daily update over a rate that steps
// from 20% to 30% after `before` days and counts the runs until the
// posterior mean passes the midpoint, 25%.
//
// Expected crossing, in runs after the change, from the weights alone
// (w = 2^(−1/h) per daily run, the same n each day): the old evidence
// weighs w^t·(1 − w^T)/(1 − w) and the new (1 − w^t)/(1 − w) after t runs,
// and the mean passes the midpoint when they are equal,
//
//	w^t = 1/(2 − w^T),  t = h·log2(2 − 2^(−T/h)),
//
// and without a discount when t = T. Binomial noise moves the crossing by
// about one run with 5,000 trials a day, more where the mean moves slowly.
func TestHalfLifeTracksStepChange(t *testing.T) {
	const before, trials = 60, 5000
	tests := []struct {
		name     string
		halfLife time.Duration
		slack    int
	}{
		{"no discount", 0, 3},
		{"half-life 7 days", 7 * day, 1},
		{"half-life 30 days", 30 * day, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := float64(before)
			if tt.halfLife > 0 {
				h := tt.halfLife.Hours() / 24
				want = h * math.Log2(2-math.Exp2(-before/h))
			}
			rng := rand.New(rand.NewPCG(17, uint64(tt.halfLife)))
			base := Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}
			prior := base
			w, err := HalfLifeWeight(day, tt.halfLife)
			if err != nil {
				t.Fatal(err)
			}
			crossed := -1
			for run := range before + 3*before {
				rate := 0.2
				if run >= before {
					rate = 0.3
				}
				if run > 0 {
					if prior, err = Discount(prior, base, w); err != nil {
						t.Fatal(err)
					}
				}
				k := distuv.Binomial{N: trials, P: rate, Src: rng}.Rand()
				post, err := Conjugate(prior, Observations{Trials: trials, Successes: int64(k)})
				if err != nil {
					t.Fatal(err)
				}
				if run >= before && post.Mean >= 0.25 {
					crossed = run - before + 1
					break
				}
				prior, _ = post.AsPrior()
			}
			// The mean is checked once per run, so it is seen to cross at
			// the first whole run at or after the expected time.
			if first := int(math.Ceil(want)); crossed < 0 || abs(crossed-first) > tt.slack {
				t.Errorf("crossed the midpoint after %d runs, expected %d ± %d (%.2f)", crossed, first, tt.slack, want)
			}
		})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestDiscountAfterALongGap: past about 1074 half-lives the weight
// underflows to 0, and near it is subnormal. Discount takes both as the
// limit: the base itself, or without a base the old evidence scaled to a
// small but valid, finite prior. It used to refuse a weight of 0, and a
// refused update stores nothing, so every later run failed too.
func TestDiscountAfterALongGap(t *testing.T) {
	w, err := HalfLifeWeight(3*24*time.Hour, time.Minute)
	if err != nil || w != 0 {
		t.Fatalf("HalfLifeWeight over 4320 half-lives = %v, %v; want an underflow to 0", w, err)
	}
	previous := Prior{Distribution: DistBeta, Alpha: 300, Beta: 700}
	base := Prior{Distribution: DistBeta, Alpha: 3, Beta: 7}
	for _, weight := range []float64{0, 8e-323, 1e-13} {
		got, err := Discount(previous, base, weight)
		if err != nil || got != base {
			t.Errorf("Discount(w=%g) towards Beta(3, 7) = %+v, %v; want the base", weight, got, err)
		}
		got, err = Discount(previous, Prior{}, weight)
		if err != nil {
			t.Fatalf("Discount(w=%g) without a base: %v", weight, err)
		}
		post, err := Conjugate(got, Observations{})
		if err != nil || math.IsNaN(post.Stdev) || math.IsNaN(post.CI95[0]) || math.IsNaN(post.CI95[1]) {
			t.Errorf("Discount(w=%g) without a base = %+v: posterior %+v, %v; want finite", weight, got, post, err)
		}
	}
}
