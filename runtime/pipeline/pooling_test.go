package pipeline_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestPooledShards runs a parameter over e.signup.context(channel) with each
// pooling mode. The shards' counts must be the oracle's, shard by shard
// (one channel value is o'brien, quote and all); the population and the
// shards' posteriors must be the engine's on those counts; the stored row
// holds the population's posterior.
func TestPooledShards(t *testing.T) {
	const ref = "e.signup.context(channel)"
	tests := []struct {
		mode, extra string
	}{
		{"empirical", ""},
		{"hierarchical", "  mcmc_config: { seed: 7, samples: 500, burn_in: 500, chains: 2 }\n"},
	}
	for _, tc := range tests {
		t.Run(tc.mode, func(t *testing.T) {
			all := testEvents()
			p := duckProject(t, all)
			p.write(t, p.duckYAML(""), `id: pooled
edge_reference: "`+ref+`"
bayesian_update:
  pooling: `+tc.mode+"\n"+tc.extra)
			proj, params := p.load(t)
			res := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "pooled")
			if res.Status != pipeline.StatusUpdated {
				t.Fatalf("status %s (%s)", res.Status, res.Reason)
			}
			if res.Pool == nil || res.Pool.Mode != tc.mode {
				t.Fatalf("pool %+v, want mode %s", res.Pool, tc.mode)
			}

			// The shards' counts, against the oracle.
			type shard struct {
				Key               string
				Trials, Successes int64
			}
			var want, got []shard
			var shards []bayes.Shard
			for _, r := range oracleRows(t, all, proj, ref, asOf.Add(-7*24*time.Hour), asOf) {
				want = append(want, shard{shardKey([]string{"channel"}, r), r.Trials, r.Successes})
			}
			for _, s := range res.Pool.Shards {
				got = append(got, shard{s.Key, s.Trials, s.Successes})
			}
			byKey := func(s []shard) { sort.Slice(s, func(a, b int) bool { return s[a].Key < s[b].Key }) }
			byKey(want)
			byKey(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("shard counts (-oracle +got):\n%s", diff)
			}
			t.Logf("%d shards: %v", len(got), got)
			if len(want) < 3 {
				t.Fatalf("only %d shards: the case proves nothing", len(want))
			}
			var total count
			for _, s := range res.Pool.Shards {
				shards = append(shards, bayes.Shard{Key: s.Key, Trials: s.Trials, Successes: s.Successes})
				total.Trials += s.Trials
				total.Successes += s.Successes
			}
			if diff := cmp.Diff(total, countsOf(res)); diff != "" {
				t.Errorf("parameter counts are not the shards' sum (-sum +got):\n%s", diff)
			}

			// The population and shards, against the engine on the same counts.
			switch tc.mode {
			case "empirical":
				ep, err := bayes.PoolEmpirical(shards)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff([]float64{ep.Alpha, ep.Beta, ep.Mean}, []float64{res.Pool.Alpha, res.Pool.Beta, res.Pool.Mean}, approx); diff != "" {
					t.Errorf("population (-engine +got):\n%s", diff)
				}
				checkPosterior(t, "population", res.Posterior, betaSummary(ep.Alpha, ep.Beta))
				for i, s := range res.Pool.Shards {
					checkPosterior(t, s.Key, s.Posterior, conjugate(ep.Alpha, ep.Beta, count{s.Trials, s.Successes}))
					if !cmp.Equal(s.Shrinkage, ep.Shards[i].Shrinkage, approx) {
						t.Errorf("%s shrinkage %v, want %v", s.Key, s.Shrinkage, ep.Shards[i].Shrinkage)
					}
				}
			case "hierarchical":
				hp, err := bayes.PoolHierarchical(shards, bayes.Hyperprior{}, bayes.MCMCConfig{Seed: 7, Samples: 500, BurnIn: 500, Chains: 2})
				if err != nil {
					t.Fatal(err)
				}
				// The same seed and counts give the same draws.
				if diff := cmp.Diff([]float64{hp.Mean, hp.RHat, hp.ESS}, []float64{res.Pool.Mean, res.Pool.RHat, res.Pool.ESS}, approx); diff != "" {
					t.Errorf("population (-engine +got):\n%s", diff)
				}
				if res.Pool.Mu == nil || res.Pool.Tau == nil || res.Posterior.RHat == 0 {
					t.Errorf("mu %+v, tau %+v, posterior %+v: want sampled summaries with R-hat", res.Pool.Mu, res.Pool.Tau, res.Posterior)
				}
			}

			// The store holds the population's row, then every shard's,
			// each as the result reports it.
			rows := history(t, proj, "pooled")
			if len(rows) != 1+len(res.Pool.Shards) {
				t.Fatalf("%d stored rows, want the population's and %d shards'", len(rows), len(res.Pool.Shards))
			}
			type stored struct {
				Shard, Pooling              string
				Trials, Successes           int64
				Mean, Shrinkage, PriorAlpha float64
			}
			want2 := []stored{{"", tc.mode, total.Trials, total.Successes, res.Posterior.Mean, 0, 0}}
			for _, s := range res.Pool.Shards {
				want2 = append(want2, stored{s.Key, tc.mode, s.Trials, s.Successes, s.Posterior.Mean, s.Shrinkage, res.Pool.Alpha})
			}
			var got2 []stored
			for _, r := range rows {
				got2 = append(got2, stored{r.Shard, r.Pooling, deref(r.Trials), deref(r.Successes), deref(r.PosteriorMean), deref(r.Shrinkage), deref(r.PriorAlpha)})
			}
			// The store lists the shards in its engine's text order.
			byShard := func(s []stored) func(i, j int) bool { return func(i, j int) bool { return s[i].Shard < s[j].Shard } }
			sort.Slice(want2, byShard(want2))
			sort.Slice(got2, byShard(got2))
			if diff := cmp.Diff(want2, got2, approx); diff != "" {
				t.Errorf("stored rows (-result +store):\n%s", diff)
			}
			if mu, tau := rows[0].PoolMu, rows[0].PoolTau; tc.mode == "hierarchical" &&
				(mu == nil || tau == nil || !cmp.Equal(*mu, res.Pool.Mu.Mean, approx) || !cmp.Equal(*tau, res.Pool.Tau.Mean, approx)) {
				t.Errorf("stored mu %v, tau %v; want %v, %v", mu, tau, res.Pool.Mu.Mean, res.Pool.Tau.Mean)
			}
		})
	}
}

// TestShardedWithoutPoolingFails: without pooling a sharded reference is
// refused when the file loads, at its file:line:col, and the reason names
// the setting that would accept it; the update reports it failed.
func TestShardedWithoutPoolingFails(t *testing.T) {
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""), "id: sharded\nedge_reference: \"e.signup.context(channel)\"\nbayesian_update: {prior: {alpha: 1, beta: 1}}\n")
	proj, params, broken, err := config.LoadEach(p.dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(params) != 0 || len(broken) != 1 {
		t.Fatalf("loaded %d parameters and %d broken files, want the file broken", len(params), len(broken))
	}
	if got := broken[0].Error(); !strings.Contains(got, "sharded.yaml:2:17: edge_reference shards by channel") {
		t.Errorf("broken file says %q, want its file:line:col and the shard key", got)
	}
	res := must(t, run(t, pipeline.Runner{Broken: broken}, proj, params, asOf), "sharded")
	if res.Status != pipeline.StatusFailed || !strings.Contains(res.Reason, "bayesian_update.pooling: empirical") {
		t.Errorf("status %s (%s), want failed naming bayesian_update.pooling", res.Status, res.Reason)
	}
}
