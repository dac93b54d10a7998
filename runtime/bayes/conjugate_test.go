package bayes

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// z975 is the 97.5% standard normal quantile, written out so the Normal
// interval tests do not rely on the Quantile they are checking.
const z975 = 1.959963984540054

// betaSummary is the part of a Beta posterior checked against R.
type betaSummary struct {
	Distribution string
	Alpha, Beta  float64
	CI95         [2]float64
}

func TestConjugateBetaMatchesR(t *testing.T) {
	// Reference intervals: R qbeta(c(.025, .975), alpha, beta).
	tests := []struct {
		name  string
		prior Prior
		obs   Observations
		want  betaSummary
	}{
		{"seed 8,17 + 52/150", Prior{Distribution: DistBeta, Alpha: 8, Beta: 17}, Observations{Trials: 150, Successes: 52},
			betaSummary{DistBeta, 60, 115, [2]float64{0.2745331192, 0.4145836070}}},
		{"flat + 10/100", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, Observations{Trials: 100, Successes: 10},
			betaSummary{DistBeta, 11, 91, [2]float64{0.0556372238, 0.1745528261}}},
		{"flat + pooled 15/150", Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}, Observations{Trials: 150, Successes: 15},
			betaSummary{DistBeta, 16, 136, [2]float64{0.06179006, 0.15854655}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Conjugate(tt.prior, tt.obs)
			if err != nil {
				t.Fatal(err)
			}
			// Parameters must be exact; only the interval gets a tolerance.
			gotParams := betaSummary{got.Distribution, got.Alpha, got.Beta, [2]float64{}}
			wantParams := tt.want
			wantParams.CI95 = [2]float64{}
			if d := cmp.Diff(wantParams, gotParams); d != "" {
				t.Errorf("parameters (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.want.CI95, got.CI95, cmpopts.EquateApprox(0, 1e-6)); d != "" {
				t.Errorf("CI95 (-want +got):\n%s", d)
			}
			a, b := tt.want.Alpha, tt.want.Beta
			wantMean := a / (a + b)
			wantSD := math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
			if math.Abs(got.Mean-wantMean) > 1e-12 || math.Abs(got.Stdev-wantSD) > 1e-12 {
				t.Errorf("mean, stdev = %v, %v; want %v, %v", got.Mean, got.Stdev, wantMean, wantSD)
			}
			if got.Method != MethodConjugate {
				t.Errorf("Method = %q", got.Method)
			}
		})
	}
}

func TestSequentialMatchesR(t *testing.T) {
	prior := Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}
	got, err := Sequential(prior, []Observations{{Trials: 100, Successes: 10}, {Trials: 50, Successes: 5}})
	if err != nil {
		t.Fatal(err)
	}
	want := []betaSummary{
		{DistBeta, 11, 91, [2]float64{0.0556372238, 0.1745528261}},
		{DistBeta, 16, 136, [2]float64{0.06179006, 0.15854655}},
	}
	var gotS []betaSummary
	for _, p := range got {
		gotS = append(gotS, betaSummary{p.Distribution, p.Alpha, p.Beta, p.CI95})
	}
	if d := cmp.Diff(want, gotS, cmpopts.EquateApprox(0, 1e-6)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// Exactness of the parameters, separately from the tolerance above.
	if got[1].Alpha != 16 || got[1].Beta != 136 {
		t.Errorf("final posterior Beta(%v, %v), want Beta(16, 136)", got[1].Alpha, got[1].Beta)
	}
}

func TestSequentialEqualsPooledUpdate(t *testing.T) {
	// Conjugate updates only add sufficient statistics, so updating batch
	// by batch must equal one update with the pooled data.
	prior := Prior{Distribution: DistGamma, Shape: 2, Rate: 0.5}
	batches := []Observations{{Count: 3, Exposure: 1.5}, {Count: 0, Exposure: 2}, {Count: 11, Exposure: 4.25}}
	seq, err := Sequential(prior, batches)
	if err != nil {
		t.Fatal(err)
	}
	pooled, err := Conjugate(prior, Observations{Count: 14, Exposure: 7.75})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(pooled, seq[len(seq)-1], cmpopts.EquateApprox(1e-12, 0)); d != "" {
		t.Errorf("(-pooled +sequential):\n%s", d)
	}
	if _, err := Sequential(Prior{Distribution: DistLogitNormal, Mu: 0, Sigma: 1}, batches[:1]); !errors.Is(err, ErrNoConjugate) {
		t.Errorf("logit-normal Sequential error = %v, want ErrNoConjugate", err)
	}
}

func TestBetaFromMomentsRoundTrip(t *testing.T) {
	for _, tt := range []struct{ mean, sd float64 }{{0.32, 0.06}, {0.5, 0.2}, {0.01, 0.005}, {0.97, 0.1}} {
		a, b, err := BetaFromMoments(tt.mean, tt.sd)
		if err != nil {
			t.Fatalf("BetaFromMoments(%v, %v): %v", tt.mean, tt.sd, err)
		}
		// Round trip through gonum's Beta moments, which know nothing of
		// the method-of-moments formula.
		d := distuv.Beta{Alpha: a, Beta: b}
		if math.Abs(d.Mean()-tt.mean) > 1e-12 || math.Abs(d.StdDev()-tt.sd) > 1e-12 {
			t.Errorf("(%v, %v) -> Beta(%v, %v) -> (%v, %v)", tt.mean, tt.sd, a, b, d.Mean(), d.StdDev())
		}
	}
	// mean .32, sd .06: c = .32·.68/.0036 - 1 = 544/9 - 1 = 535/9, so
	// alpha = .32·535/9 = 19.0222..., beta = .68·535/9 = 40.4222...
	a, b, _ := BetaFromMoments(0.32, 0.06)
	if math.Abs(a-171.2/9) > 1e-9 || math.Abs(b-363.8/9) > 1e-9 {
		t.Errorf("BetaFromMoments(.32, .06) = %v, %v; want 19.0222, 40.4222", a, b)
	}
	// The moment form of a prior must give the same posterior.
	obs := Observations{Trials: 150, Successes: 52}
	byMoments, err := Conjugate(Prior{Distribution: DistBeta, Mean: 0.32, Stdev: 0.06}, obs)
	if err != nil {
		t.Fatal(err)
	}
	byShape, _ := Conjugate(Prior{Distribution: DistBeta, Alpha: a, Beta: b}, obs)
	if d := cmp.Diff(byShape, byMoments, cmpopts.EquateApprox(1e-12, 0)); d != "" {
		t.Errorf("(-shape form +moment form):\n%s", d)
	}
}

func TestBetaFromMomentsRejects(t *testing.T) {
	tests := []struct {
		name     string
		mean, sd float64
		mention  string
	}{
		{"stdev too large", 0.32, 0.5, "0.466476"},
		{"stdev at the Bernoulli bound", 0.5, 0.5, "0.5"},
		{"mean zero", 0, 0.1, "mean"},
		{"mean one", 1, 0.1, "mean"},
		{"mean NaN", math.NaN(), 0.1, "mean"},
		{"stdev zero", 0.3, 0, "stdev"},
		{"stdev negative", 0.3, -0.1, "stdev"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b, err := BetaFromMoments(tt.mean, tt.sd)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("got Beta(%v, %v), err %v; want ErrInvalid", a, b, err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %q", err, tt.mention)
			}
		})
	}
	_, _, err := BetaFromMoments(0.32, 0.5)
	if !strings.Contains(err.Error(), "maximum stdev") {
		t.Errorf("error %q should state the maximum stdev", err)
	}
}

func TestConjugateOtherFamilies(t *testing.T) {
	tests := []struct {
		name  string
		prior Prior
		obs   Observations
		want  Posterior
	}{
		{
			// Prior mean ~ N(10, 2²): precision 1/4. Data: 12 observations,
			// mean 12, variance 4: precision 12/4 = 3. Posterior precision
			// 1/4 + 3 = 13/4, so sd = 2/√13 and
			// mean = (10·1/4 + 12·3)/(13/4) = 38.5·4/13 = 154/13.
			name:  "normal known variance",
			prior: Prior{Distribution: DistNormal, Mu: 10, Sigma: 2},
			obs:   Observations{N: 12, Mean: 12, KnownVariance: 4},
			want:  normalWant(DistNormal, 154.0/13, 2/math.Sqrt(13)),
		},
		{
			// Prior mu ~ N(0, 1). Nine log-observations with mean 1.2 and
			// variance 0.36: precision 9/0.36 = 25. Posterior precision 26,
			// sd 1/√26, mean = 25·1.2/26 = 15/13. Mean (the natural-scale
			// field) is deliberately nonsense: only MeanLog may be used.
			name:  "lognormal on the log scale",
			prior: Prior{Distribution: DistLogNormal, Mu: 0, Sigma: 1},
			obs:   Observations{N: 9, MeanLog: 1.2, Mean: 99, KnownVariance: 0.36},
			want:  normalWant(DistLogNormal, 15.0/13, 1/math.Sqrt(26)),
		},
		{
			// Gamma(2, rate 1) prior, 30 events in 10 units of exposure:
			// the likelihood λ^30 e^{-10λ} times λ^{2-1} e^{-λ} is
			// λ^{32-1} e^{-11λ}, i.e. Gamma(32, 11): mean 32/11, sd √32/11.
			// The interval is checked below through the CDF.
			name:  "gamma poisson",
			prior: Prior{Distribution: DistGamma, Shape: 2, Rate: 1},
			obs:   Observations{Count: 30, Exposure: 10},
			want: Posterior{Distribution: DistGamma, Method: MethodConjugate, Shape: 32, Rate: 11,
				Mean: 32.0 / 11, Stdev: math.Sqrt(32) / 11},
		},
		{
			name:  "normal empty batch keeps the prior",
			prior: Prior{Distribution: DistNormal, Mu: -3, Sigma: 0.5},
			obs:   Observations{},
			want:  normalWant(DistNormal, -3, 0.5),
		},
		{
			name:  "gamma empty batch keeps the prior",
			prior: Prior{Distribution: DistGamma, Shape: 3, Rate: 2},
			obs:   Observations{},
			want: Posterior{Distribution: DistGamma, Method: MethodConjugate, Shape: 3, Rate: 2,
				Mean: 1.5, Stdev: math.Sqrt(3) / 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Conjugate(tt.prior, tt.obs)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if want.Distribution == DistGamma {
				// Independent of Quantile: the CDF (regularised lower
				// incomplete gamma) at the interval ends must be 2.5%, 97.5%.
				for i, p := range []float64{0.025, 0.975} {
					if c := mathext.GammaIncReg(want.Shape, want.Rate*got.CI95[i]); math.Abs(c-p) > 1e-9 {
						t.Errorf("CDF(CI95[%d]) = %v, want %v", i, c, p)
					}
				}
				want.CI95 = got.CI95
			}
			if d := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-12)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func normalWant(dist string, mu, sd float64) Posterior {
	return Posterior{Distribution: dist, Method: MethodConjugate, Mu: mu, Sigma: sd, Mean: mu, Stdev: sd,
		CI95: [2]float64{mu - z975*sd, mu + z975*sd}}
}

func TestConjugateRejects(t *testing.T) {
	beta := Prior{Distribution: DistBeta, Alpha: 1, Beta: 1}
	tests := []struct {
		name  string
		prior Prior
		obs   Observations
		want  error
	}{
		{"successes > trials", beta, Observations{Trials: 5, Successes: 6}, ErrInvalid},
		{"negative successes", beta, Observations{Trials: 5, Successes: -1}, ErrInvalid},
		{"negative trials", beta, Observations{Trials: -5}, ErrInvalid},
		{"beta alpha zero", Prior{Distribution: DistBeta, Beta: 2}, Observations{}, ErrInvalid},
		{"beta both forms", Prior{Distribution: DistBeta, Alpha: 1, Beta: 2, Mean: 0.3, Stdev: 0.1}, Observations{}, ErrInvalid},
		{"beta nothing given", Prior{Distribution: DistBeta}, Observations{}, ErrInvalid},
		{"beta moments too wide", Prior{Distribution: DistBeta, Mean: 0.3, Stdev: 0.6}, Observations{}, ErrInvalid},
		{"normal sigma zero", Prior{Distribution: DistNormal, Mu: 1}, Observations{N: 1, Mean: 1, KnownVariance: 1}, ErrInvalid},
		{"normal missing variance", Prior{Distribution: DistNormal, Sigma: 1}, Observations{N: 3, Mean: 1}, ErrInvalid},
		{"lognormal negative N", Prior{Distribution: DistLogNormal, Sigma: 1}, Observations{N: -1, KnownVariance: 1}, ErrInvalid},
		{"gamma rate zero", Prior{Distribution: DistGamma, Shape: 1}, Observations{}, ErrInvalid},
		{"counts without exposure", Prior{Distribution: DistGamma, Shape: 1, Rate: 1}, Observations{Count: 3}, ErrInvalid},
		{"negative exposure", Prior{Distribution: DistGamma, Shape: 1, Rate: 1}, Observations{Exposure: -1}, ErrInvalid},
		{"unknown family", Prior{Distribution: "cauchy"}, Observations{}, ErrInvalid},
		{"logit-normal has no conjugate", Prior{Distribution: DistLogitNormal, Sigma: 1}, Observations{Trials: 1}, ErrNoConjugate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Conjugate(tt.prior, tt.obs); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestAsPrior(t *testing.T) {
	post, _ := Conjugate(Prior{Distribution: DistLogNormal, Mu: 0, Sigma: 1}, Observations{N: 9, MeanLog: 1.2, KnownVariance: 0.36})
	got, err := post.AsPrior()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(Prior{Distribution: DistLogNormal, Mu: post.Mu, Sigma: post.Sigma}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if _, err := (Posterior{Distribution: DistEmpirical}).AsPrior(); !errors.Is(err, ErrInvalid) {
		t.Errorf("empirical AsPrior err = %v, want ErrInvalid", err)
	}
}

func TestUpdateDispatch(t *testing.T) {
	prior := Prior{Distribution: DistBeta, Alpha: 8, Beta: 17}
	obs := Observations{Trials: 150, Successes: 52}
	cfg := MCMCConfig{Samples: 200, BurnIn: 200, Seed: 1}
	for rule, method := range map[string]string{"": MethodConjugate, "conjugate": MethodConjugate, "mcmc": MethodMCMC, "variational": MethodVariational} {
		got, err := Update(prior, obs, rule, cfg)
		if err != nil {
			t.Fatalf("rule %q: %v", rule, err)
		}
		if got.Method != method {
			t.Errorf("rule %q gave Method %q, want %q", rule, got.Method, method)
		}
	}
	if _, err := Update(prior, obs, "gibbs", cfg); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown rule err = %v, want ErrInvalid", err)
	}
}
