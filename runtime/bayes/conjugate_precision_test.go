package bayes

import (
	"math"
	"testing"
)

// TestBetaKeepsASmallBetaUnderLargeCounts: b+(n−k) keeps a prior's tiny β
// when n is large; (b+n)−k lost it (Beta(1e-6, 1e-6) and 1e9 of 1e9 gave
// β = 9.537e-7).
func TestBetaKeepsASmallBetaUnderLargeCounts(t *testing.T) {
	post, err := Conjugate(Prior{Distribution: DistBeta, Alpha: 1e-6, Beta: 1e-6}, Observations{Trials: 1e9, Successes: 1e9})
	if err != nil {
		t.Fatal(err)
	}
	if post.Beta != 1e-6 || post.Alpha != 1e9+1e-6 {
		t.Errorf("Beta(%g, %g), want Beta(%g, 1e-06)", post.Alpha, post.Beta, 1e9+1e-6)
	}
	a, b := post.Alpha, post.Beta
	want := math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
	if math.Abs(post.Stdev-want) > 1e-6*want {
		t.Errorf("stdev %g, want %g", post.Stdev, want)
	}
}
