package bayes

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestSiblingsNeverSumAboveOne updates the same sibling counts once edge
// by edge (independent Beta updates, k_j of n) and once jointly: the
// independent posterior means sum above 1, the joint ones stay below 1 and
// add up to exactly 1 with the residual share.
func TestSiblingsNeverSumAboveOne(t *testing.T) {
	tests := []struct {
		name       string
		edgePrior  float64 // each edge's independent prior is Beta(edgePrior, edgePrior)
		trials     int64
		successes  []int64
		indepAbove bool // whether the independent means exceed 1 on this data
	}{
		{"few trials, everyone takes a sibling", 1, 4, []int64{2, 1, 1}, true},
		{"flat priors, ten edges, no trials", 1, 0, make([]int64, 10), true},
		{"strong priors at one half", 20, 30, []int64{10, 10, 5}, true},
		{"plenty of data", 1, 100000, []int64{30000, 15000, 5000}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var indep float64
			for _, k := range tt.successes {
				post, err := Conjugate(Prior{Distribution: DistBeta, Alpha: tt.edgePrior, Beta: tt.edgePrior}, Observations{Trials: tt.trials, Successes: k})
				if err != nil {
					t.Fatal(err)
				}
				indep += post.Mean
			}
			if (indep > 1) != tt.indepAbove {
				t.Errorf("independent means sum to %v; above 1 = %v, want %v", indep, indep > 1, tt.indepAbove)
			}

			prior := SiblingPrior{Edges: make([]float64, len(tt.successes)), None: 1}
			for j := range prior.Edges {
				prior.Edges[j] = 1
			}
			joint, err := UpdateSiblings(prior, SiblingCounts{Trials: tt.trials, Successes: tt.successes})
			if err != nil {
				t.Fatal(err)
			}
			var sum float64
			for _, e := range joint.Edges {
				sum += e.Mean
			}
			if !(sum < 1) {
				t.Errorf("joint edge means sum to %v, want < 1", sum)
			}
			if total := sum + joint.None.Mean; math.Abs(total-1) > 1e-12 {
				t.Errorf("joint means with the residual sum to %v, want 1", total)
			}
		})
	}
}

// TestUpdateSiblingsMarginals checks the reported Beta marginals against the
// Dirichlet's moments, E p_j = A_j/A and Var p_j = A_j(A−A_j)/(A²(A+1)),
// written out from the definition.
func TestUpdateSiblingsMarginals(t *testing.T) {
	prior := SiblingPrior{Edges: []float64{2, 1, 0.5}, None: 6}
	got, err := UpdateSiblings(prior, SiblingCounts{Trials: 50, Successes: []int64{12, 3, 0}})
	if err != nil {
		t.Fatal(err)
	}
	wantConc := []float64{14, 4, 0.5, 6 + 35}
	if diff := cmp.Diff(wantConc, got.Concentration); diff != "" {
		t.Errorf("concentrations (-want +got):\n%s", diff)
	}
	A := 14 + 4 + 0.5 + 41.0
	type moments struct{ Mean, Var float64 }
	var want, have []moments
	for j, a := range wantConc {
		want = append(want, moments{a / A, a * (A - a) / (A * A * (A + 1))})
		p := got.None
		if j < len(got.Edges) {
			p = got.Edges[j]
		}
		have = append(have, moments{p.Mean, p.Stdev * p.Stdev})
	}
	if diff := cmp.Diff(want, have, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("marginal moments (-want +got):\n%s", diff)
	}
}

// TestUpdateSiblingsOneEdge: a group of one edge and the residual is a
// Beta-Binomial model, so the joint update equals the conjugate one.
func TestUpdateSiblingsOneEdge(t *testing.T) {
	got, err := UpdateSiblings(SiblingPrior{Edges: []float64{3}, None: 7}, SiblingCounts{Trials: 40, Successes: []int64{9}})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Conjugate(Prior{Distribution: DistBeta, Alpha: 3, Beta: 7}, Observations{Trials: 40, Successes: 9})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got.Edges[0], cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("(-conjugate +siblings):\n%s", diff)
	}
}

// TestUpdateSiblingsRecovery draws a multinomial sample with known shares
// and checks each marginal covers its share within four posterior sds.
func TestUpdateSiblingsRecovery(t *testing.T) {
	shares := []float64{0.3, 0.15, 0.05, 0.001}
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	counts := SiblingCounts{Trials: n, Successes: make([]int64, len(shares))}
	for range n {
		u, acc := rng.Float64(), 0.0
		for j, s := range shares {
			acc += s
			if u < acc {
				counts.Successes[j]++
				break
			}
		}
	}
	got, err := UpdateSiblings(SiblingPrior{Edges: []float64{1, 1, 1, 1}, None: 1}, counts)
	if err != nil {
		t.Fatal(err)
	}
	for j, s := range shares {
		if z := math.Abs(got.Edges[j].Mean-s) / got.Edges[j].Stdev; !(z < 4) {
			t.Errorf("edge %d: %v ± %v, true %v", j, got.Edges[j].Mean, got.Edges[j].Stdev, s)
		}
	}
}

// TestSiblingPriorFromBetas keeps each edge's prior mean and takes the
// smallest total pseudo-count.
func TestSiblingPriorFromBetas(t *testing.T) {
	got, err := SiblingPriorFromBetas([]Prior{
		{Distribution: DistBeta, Alpha: 3, Beta: 7},   // mean 0.3, total 10
		{Distribution: DistBeta, Alpha: 10, Beta: 90}, // mean 0.1, total 100
		{Distribution: DistBeta, Mean: 0.2, Stdev: 0.1},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, b, _ := BetaFromMoments(0.2, 0.1) // total 15
	if a+b < 10 {
		t.Fatalf("test assumes the moment prior's total %v exceeds 10", a+b)
	}
	want := SiblingPrior{Edges: []float64{3, 1, 2}, None: 4}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(1e-12, 0)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Means that sum to 1 or more cannot be kept: each edge's alpha is its
	// concentration, the residual gets their average.
	tests := []struct {
		name   string
		priors []Prior
		want   SiblingPrior
	}{
		{"flat priors", []Prior{{Distribution: DistBeta, Alpha: 1, Beta: 1}, {Distribution: DistBeta, Alpha: 1, Beta: 1}, {Distribution: DistBeta, Alpha: 1, Beta: 1}},
			SiblingPrior{Edges: []float64{1, 1, 1}, None: 1, FromAlphas: true}},
		{"means summing to 1.6", []Prior{{Distribution: DistBeta, Alpha: 8, Beta: 2}, {Distribution: DistBeta, Alpha: 2, Beta: 8}, {Distribution: DistBeta, Alpha: 5, Beta: 5}},
			SiblingPrior{Edges: []float64{8, 2, 5}, None: 5, FromAlphas: true}},
	}
	for _, tc := range tests {
		got, err := SiblingPriorFromBetas(tc.priors)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
	if _, err := SiblingPriorFromBetas([]Prior{{Distribution: DistGamma, Alpha: 1, Beta: 1}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a gamma prior: err = %v, want ErrInvalid", err)
	}
}

func TestUpdateSiblingsInvalid(t *testing.T) {
	tests := []struct {
		name   string
		prior  SiblingPrior
		counts SiblingCounts
		want   string
	}{
		{"not exclusive", SiblingPrior{Edges: []float64{1, 1}, None: 1}, SiblingCounts{Trials: 10, Successes: []int64{6, 5}},
			"bayes: invalid input: sibling edges total 11 successes in 10 trials: a trial may take at most one sibling edge (are these edges really exclusive?)"},
		{"count mismatch", SiblingPrior{Edges: []float64{1, 1}, None: 1}, SiblingCounts{Trials: 10, Successes: []int64{6}},
			"bayes: invalid input: sibling group has 2 edges in its prior but 1 success counts"},
		{"zero concentration", SiblingPrior{Edges: []float64{1, 0}, None: 1}, SiblingCounts{Trials: 10, Successes: []int64{1, 1}},
			"bayes: invalid input: sibling edge 1 concentration 0 must be positive and finite"},
		{"negative successes", SiblingPrior{Edges: []float64{1, 1}, None: 1}, SiblingCounts{Trials: 10, Successes: []int64{1, -1}},
			"bayes: invalid input: sibling edge 1 successes -1 must be >= 0"},
		{"no edges", SiblingPrior{None: 1}, SiblingCounts{Trials: 10},
			"bayes: invalid input: a sibling group needs at least one edge"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := UpdateSiblings(tt.prior, tt.counts)
			if err == nil || !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("error (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSiblingMarginalsAreNotIndependent: the Beta marginals describe each
// edge alone; drawing them independently puts visible mass above 1, which
// is why joint draws must come from SiblingPosterior.Concentration.
func TestSiblingMarginalsAreNotIndependent(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	joint, err := UpdateSiblings(SiblingPrior{Edges: []float64{1, 1, 1}, None: 1}, SiblingCounts{Trials: 6, Successes: []int64{2, 2, 2}})
	if err != nil {
		t.Fatal(err)
	}
	const draws = 20000
	var above int
	for range draws {
		var sum float64
		for _, p := range joint.Edges {
			sum += distuv.Beta{Alpha: p.Alpha, Beta: p.Beta, Src: rng}.Rand()
		}
		if sum > 1 {
			above++
		}
	}
	if frac := float64(above) / draws; !(frac > 0.05) {
		t.Errorf("independent draws exceed 1 in %v of cases, want a visible share", frac)
	}
}
