package bayes

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// lagTruth is a shifted log-normal lag distribution, in hours.
type lagTruth struct {
	shift, mu, sigma float64
}

// draw returns one lag in hours.
func (l lagTruth) draw(rng *rand.Rand) float64 {
	return l.shift + math.Exp(l.mu+l.sigma*rng.NormFloat64())
}

// simulateLagHistogram draws lags until `count` fall inside window and bins
// them in bins of width `bin`, as the histogram query would.
func simulateLagHistogram(rng *rand.Rand, truth lagTruth, count int, window, bin time.Duration) []LagBin {
	bins := make([]LagBin, int(window/bin))
	for j := range bins {
		bins[j] = LagBin{From: time.Duration(j) * bin, To: time.Duration(j+1) * bin}
	}
	for kept := 0; kept < count; {
		h := truth.draw(rng)
		if h >= window.Hours() {
			continue
		}
		bins[int(h*float64(time.Hour)/float64(bin))].Count++
		kept++
	}
	return bins
}

// TestFitLagRecovery fits histograms simulated from known lag
// distributions and checks that the parameters, the median and t95 are
// recovered. With 50,000 conversions the standard error of Mu is about
// Sigma/220; the tolerances allow for binning and truncation on top.
func TestFitLagRecovery(t *testing.T) {
	tests := []struct {
		name        string
		truth       lagTruth
		window, bin time.Duration
	}{
		{"hours, a week's window", lagTruth{shift: 2, mu: math.Log(20), sigma: 0.9}, 7 * day, time.Hour},
		{"days, a month's window", lagTruth{shift: 0, mu: math.Log(72), sigma: 0.5}, 30 * day, 6 * time.Hour},
		{"minutes, heavily truncated", lagTruth{shift: 0.5, mu: math.Log(1), sigma: 1.5}, 12 * time.Hour, 10 * time.Minute},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(23, uint64(i)))
			bins := simulateLagHistogram(rng, tt.truth, 50000, tt.window, tt.bin)
			got, err := FitLag(bins, tt.window)
			if err != nil {
				t.Fatal(err)
			}
			type params struct{ Mu, Sigma, MedianH, T95H, InWindow float64 }
			tr := tt.truth
			want := params{
				Mu: tr.mu, Sigma: tr.sigma,
				MedianH:  tr.shift + math.Exp(tr.mu),
				T95H:     tr.shift + math.Exp(tr.mu+1.6448536269514722*tr.sigma),
				InWindow: 0.5 * math.Erfc(-(math.Log(tt.window.Hours()-tr.shift)-tr.mu)/(tr.sigma*math.Sqrt2)),
			}
			have := params{got.Mu, got.Sigma, got.Median.Hours(), got.T95.Hours(), got.InWindow}
			if diff := cmp.Diff(want, have, cmpopts.EquateApprox(0.03, 0.02)); diff != "" {
				t.Errorf("fit (-true +fitted):\n%s", diff)
			}
			// Binned data place the shift to within about half a bin.
			if d := math.Abs(got.Shift.Hours() - tr.shift); d > 0.5*tt.bin.Hours() {
				t.Errorf("shift %v, true %vh", got.Shift, tr.shift)
			}
			if got.Conversions != 50000 {
				t.Errorf("Conversions = %d, want 50000", got.Conversions)
			}
		})
	}
}

func TestLagCompleteness(t *testing.T) {
	fit := LagFit{Shift: time.Hour, Mu: math.Log(10), Sigma: 1, Window: 48 * time.Hour}
	// F(h) = Φ((log(h−1) − log 10)/1); F(11h) = 1/2.
	fw := 0.5 * math.Erfc(-math.Log(47.0/10)/math.Sqrt2)
	tests := []struct {
		age  time.Duration
		want float64
	}{
		{0, 0},
		{time.Hour, 0},
		{11 * time.Hour, 0.5 / fw},
		{48 * time.Hour, 1},
		{30 * day, 1},
	}
	for _, tt := range tests {
		if got := fit.Completeness(tt.age); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("Completeness(%v) = %v, want %v", tt.age, got, tt.want)
		}
	}
}

func TestFitLagInvalid(t *testing.T) {
	h := time.Hour
	tests := []struct {
		name   string
		bins   []LagBin
		window time.Duration
		want   string
	}{
		{"no window", []LagBin{{0, h, 1}}, 0, "bayes: invalid input: a lag fit needs the within() window, got 0s"},
		{"bin past the window", []LagBin{{0, h, 1}, {h, 3 * h, 1}}, 2 * h, "bayes: invalid input: lag bin 1 [1h0m0s, 3h0m0s) must satisfy 0 <= from < to <= window 2h0m0s"},
		{"too few bins", []LagBin{{0, h, 5}, {h, 2 * h, 0}, {2 * h, 3 * h, 7}}, 3 * h, "bayes: invalid input: a lag fit needs at least 3 non-empty bins, got 2"},
		{"negative count", []LagBin{{0, h, -1}}, 3 * h, "bayes: invalid input: lag bin 0 count -1 must be >= 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FitLag(tt.bins, tt.window)
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}
