package pipeline_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/events"
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
		// 4320 half-lives: the weight underflows to 0, and the prior is
		// the static one (this run used to fail, and every later one).
		{"half-life of a minute", "1m", 0},
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
			if got := last.PriorWeight; (wantWeight == 0) != (got == nil) || got != nil && math.Abs(*got-wantWeight) > 1e-12 {
				t.Errorf("stored prior_weight %v, want %v (nil for 0)", got, wantWeight)
			}
		})
	}
}

// TestHalfLifeTracksStepChangeEndToEnd runs `update` once a day over a
// signup rate that steps from 0.2 to 0.3 after T = 8 days, with a
// posterior_history prior, and counts the runs after the step until the
// posterior mean passes the midpoint 0.25. With daily runs of equal size
// the old evidence weighs w^t·(1 − w^T)/(1 − w) and the new
// (1 − w^t)/(1 − w) after t runs (w = 2^(−1/h), h the half-life in days),
// so the crossing comes after t = h·log2(2 − 2^(−T/h)) runs, and without a
// discount after t = T (runtime/bayes.TestHalfLifeTracksStepChange has
// the same on the engine alone). 1,500 trials a day leave about one run of
// binomial noise where the mean moves slowly.
func TestHalfLifeTracksStepChangeEndToEnd(t *testing.T) {
	const before, after, perDay = 8, 14, 1500
	day := 24 * time.Hour
	start := base.Add(-30 * day)
	rng := rand.New(rand.NewPCG(23, 29))
	var evs []events.Event
	for d := range before + after {
		rate := 0.2
		if d >= before {
			rate = 0.3
		}
		for i := range perDay {
			user := fmt.Sprintf("d%d-%d", d, i)
			at := start.Add(time.Duration(d)*day + time.Duration(rng.Int64N(23*3600))*time.Second)
			evs = append(evs, events.Event{UserID: user, SessionID: "s", EventType: "signup_attempt", NodeSlug: "signup", CreatedAt: at})
			if rng.Float64() < rate {
				evs = append(evs, events.Event{UserID: user, SessionID: "s", EventType: "signup_success", NodeSlug: "signup", CreatedAt: at.Add(time.Minute)})
			}
		}
	}
	tests := []struct {
		name     string
		halfLife float64 // days; 0 = none
		slack    int
	}{
		{"no half-life", 0, 2},
		{"half-life 2 days", 2, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := duckProject(t, evs)
			extra := ""
			want := float64(before)
			if tc.halfLife > 0 {
				extra = fmt.Sprintf("  half_life: %dd\n", int(tc.halfLife))
				want = tc.halfLife * math.Log2(2-math.Exp2(-before/tc.halfLife))
			}
			proj := strings.Replace(p.duckYAML(""), `window: { start: "-7d", end: "now" }`, `window: { start: "-1d", end: "now" }`, 1)
			p.write(t, proj, "id: signup\nedge_reference: e.signup\nprior_source: { type: posterior_history }\nbayesian_update:\n  prior: { alpha: 1, beta: 1 }\n"+extra)
			pr, params := p.load(t)
			crossed := -1
			for d := 1; d <= before+after; d++ {
				res := must(t, run(t, pipeline.Runner{}, pr, params, start.Add(time.Duration(d)*day)), "signup")
				if res.Status != pipeline.StatusUpdated || res.Trials != perDay {
					t.Fatalf("day %d: %s with %d trials (%s); want updated over one day's %d", d, res.Status, res.Trials, res.Reason, perDay)
				}
				if d > before && res.Posterior.Mean >= 0.25 {
					crossed = d - before
					break
				}
			}
			if first := int(math.Ceil(want)); crossed < 0 || abs(crossed-first) > tc.slack {
				t.Errorf("crossed the midpoint after %d runs, expected %d ± %d (%.2f)", crossed, first, tc.slack, want)
			}
			t.Logf("%s: crossed after %d runs (expected %.2f)", tc.name, crossed, want)
		})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestHalfLifeWithALogitNormalPrior: the history of a logit-normal
// parameter is stored as Betas, so the static prior is no base for its
// discount; the second run used to fail with "cannot discount a beta
// prior towards a logitnormal base", and every run after it.
func TestHalfLifeWithALogitNormalPrior(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""), "id: fading\nedge_reference: e.signup\nprior_source: { type: posterior_history }\n"+
		"bayesian_update: { prior: { distribution: logitnormal, mu: -0.5, sigma: 1 }, half_life: 1d, update_rule: mcmc, mcmc_config: { seed: 7, samples: 500, burn_in: 200, chains: 2 } }\n")
	proj, params := p.load(t)
	for i, at := range []time.Time{asOf, asOf2} {
		got := must(t, run(t, pipeline.Runner{}, proj, params, at), "fading")
		if got.Status != pipeline.StatusUpdated {
			t.Fatalf("run %d: %s (%s)", i+1, got.Status, got.Reason)
		}
		if i == 1 && math.Abs(got.PriorWeight-0.125) > 1e-12 {
			t.Errorf("run 2 PriorWeight = %v, want 2^-3", got.PriorWeight)
		}
	}
}
