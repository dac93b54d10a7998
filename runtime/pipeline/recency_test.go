package pipeline_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestHalfLifeDiscountsHistory chains two runs three days apart. With
// half_life the second run's prior keeps 2^(−3d/half_life) of the first
// posterior's evidence above the static prior Beta(3, 7); the update, the
// result and the stored row all see the discounted prior.
func TestHalfLifeDiscountsHistory(t *testing.T) {
	const ref = "e.signup.context(channel='google')"
	tests := []struct {
		name     string
		halfLife string // "" = no half_life
		weight   float64
	}{
		{"no half-life", "", 1},
		{"half-life of the gap", "3d", 0.5},
		{"half-life of a day", "1d", 0.125},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			all := testEvents()
			p := duckProject(t, all)
			extra := ""
			if tc.halfLife != "" {
				extra = "  half_life: " + tc.halfLife + "\n"
			}
			p.write(t, p.duckYAML(""), `id: fading
edge_reference: "`+ref+`"
prior_source: { type: posterior_history }
bayesian_update:
  prior: { alpha: 3, beta: 7 }
`+extra)
			proj, params := p.load(t)

			first := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "fading")
			if first.Status != pipeline.StatusUpdated {
				t.Fatalf("run 1: %s (%s)", first.Status, first.Reason)
			}
			if first.PriorWeight != 0 {
				t.Errorf("run 1 starts from the static prior, yet PriorWeight = %v", first.PriorWeight)
			}
			post1 := first.Posterior

			second := must(t, run(t, pipeline.Runner{}, proj, params, asOf2), "fading")
			if second.Status != pipeline.StatusUpdated {
				t.Fatalf("run 2: %s (%s)", second.Status, second.Reason)
			}
			w := tc.weight
			wantAlpha, wantBeta := 3+w*(post1.Alpha-3), 7+w*(post1.Beta-7)
			type beta struct{ Alpha, Beta float64 }
			if diff := cmp.Diff(beta{wantAlpha, wantBeta}, beta{second.Prior.Alpha, second.Prior.Beta}, approx); diff != "" {
				t.Errorf("run 2 prior (-want +got):\n%s", diff)
			}
			wantWeight := w
			if tc.halfLife == "" {
				wantWeight = 0 // not reported without a half-life
			}
			if math.Abs(second.PriorWeight-wantWeight) > 1e-12 {
				t.Errorf("PriorWeight = %v, want %v", second.PriorWeight, wantWeight)
			}
			c2 := oracleCount(t, all, proj, ref, asOf, asOf2)
			if c2.Trials == 0 {
				t.Fatal("no trials in [T, T2): the case proves nothing")
			}
			checkPosterior(t, "run 2", second.Posterior, conjugate(wantAlpha, wantBeta, c2))

			rows := history(t, proj, "fading")
			last := rows[len(rows)-1]
			if !cmp.Equal(deref(last.PriorAlpha), wantAlpha, approx) || !cmp.Equal(deref(last.PriorBeta), wantBeta, approx) {
				t.Errorf("stored prior Beta(%v, %v), want the discounted Beta(%v, %v)", deref(last.PriorAlpha), deref(last.PriorBeta), wantAlpha, wantBeta)
			}
		})
	}
}
