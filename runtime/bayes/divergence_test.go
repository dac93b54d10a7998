package bayes

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mathext"
)

func TestDivergenceHandComputed(t *testing.T) {
	tests := []struct {
		name         string
		alpha, beta  float64
		trials, succ int64
		want         float64
	}{
		// m = 2/4 = 0.5; variance 0.25/5 · (4+5)/(4+1) = 0.05·1.8 = 0.09,
		// sd 0.3; z = (5/5 - 0.5)/0.3 = 5/3.
		{"all successes", 2, 2, 5, 5, 5.0 / 3},
		// m = 3/4; variance 0.1875/20 · 24/5 = 0.045; z = (0.5-0.75)/√0.045.
		{"below expectation", 3, 1, 20, 10, -0.25 / math.Sqrt(0.045)},
		// Exactly on the prior mean.
		{"on the mean", 8, 17, 25, 8, 0},
		// No data: documented as z = 0.
		{"empty batch", 8, 17, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z, err := Divergence(tt.alpha, tt.beta, tt.trials, tt.succ)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(z-tt.want) > 1e-12 {
				t.Errorf("z = %v, want %v", z, tt.want)
			}
		})
	}
}

func TestDivergenceMatchesBetaBinomialMoments(t *testing.T) {
	// The denominator must be the standard deviation of k/n under the
	// Beta-Binomial prior predictive. Build that distribution term by term,
	// P(k) = C(n,k)·B(k+a, n-k+b)/B(a, b), and standardise directly.
	a, b, n := 8.0, 17.0, int64(150)
	lg := func(x float64) float64 { v, _ := math.Lgamma(x); return v }
	var mean, second float64
	for k := int64(0); k <= n; k++ {
		kf, nf := float64(k), float64(n)
		p := math.Exp(lg(nf+1) - lg(kf+1) - lg(nf-kf+1) + mathext.Lbeta(kf+a, nf-kf+b) - mathext.Lbeta(a, b))
		mean += p * kf / nf
		second += p * (kf / nf) * (kf / nf)
	}
	sd := math.Sqrt(second - mean*mean)
	z, err := Divergence(a, b, n, 52)
	if err != nil {
		t.Fatal(err)
	}
	if want := (52.0/150 - mean) / sd; math.Abs(z-want) > 1e-9 {
		t.Errorf("z = %v, from the Beta-Binomial pmf %v", z, want)
	}
}

func TestDivergenceRejects(t *testing.T) {
	for _, tt := range []struct {
		alpha, beta  float64
		trials, succ int64
	}{
		{0, 1, 10, 1}, {1, -1, 10, 1}, {math.NaN(), 1, 10, 1}, {1, 1, 10, 11}, {1, 1, -1, 0}, {1, 1, 10, -1},
	} {
		if z, err := Divergence(tt.alpha, tt.beta, tt.trials, tt.succ); !errors.Is(err, ErrInvalid) {
			t.Errorf("Divergence%v = %v, %v; want ErrInvalid", tt, z, err)
		}
	}
}

func TestAlert(t *testing.T) {
	tests := []struct {
		name         string
		z, threshold float64
		n, minSample int64
		want         bool
	}{
		{"large positive z", 3.5, 3, 1000, 100, true},
		{"large negative z", -3.5, 3, 1000, 100, true},
		{"within threshold", 2.9, 3, 1000, 100, false},
		{"exactly at threshold does not fire", 3, 3, 1000, 100, false},
		{"exactly at threshold, negative", -3, 3, 1000, 100, false},
		{"just over threshold", math.Nextafter(3, 4), 3, 1000, 100, true},
		{"too few trials", 10, 3, 99, 100, false},
		{"exactly minSample trials", 10, 3, 100, 100, true},
		{"no minimum", 10, 3, 0, 0, true},
		{"NaN z", math.NaN(), 3, 1000, 100, false},
		{"infinite z", math.Inf(-1), 3, 1000, 100, true},
	}
	for _, tt := range tests {
		if got := Alert(tt.z, tt.threshold, tt.n, tt.minSample); got != tt.want {
			t.Errorf("%s: Alert(%v, %v, %v, %v) = %v, want %v", tt.name, tt.z, tt.threshold, tt.n, tt.minSample, got, tt.want)
		}
	}
}
