package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidatePooling(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		want   []string
		pooled bool
	}{
		{
			name:   "empirical over a sharded reference",
			src:    "id: x\nedge_reference: e.a.context(channel)\nbayesian_update:\n  pooling: empirical\n",
			pooled: true,
		},
		{
			name:   "hierarchical with its sampler settings",
			src:    "id: x\nedge_reference: e.a.context(channel,device)\nbayesian_update:\n  pooling: hierarchical\n  mcmc_config: {seed: 3}\n",
			pooled: true,
		},
		{
			name: "a sharded reference without pooling",
			src:  "id: x\nedge_reference: e.a.context(channel,device='mobile')\n",
			want: []string{`p.yaml:2:17: edge_reference shards by channel, but a parameter estimates one rate (give each shard its own parameter with context(channel='…'), or pool the shards with bayesian_update.pooling: empirical)`},
		},
		{
			name: "a sharded observation reference with pooling none",
			src:  "id: x\nobservation_source: {edge_reference: \"e.a.context(device,channel)\"}\nbayesian_update:\n  pooling: none\n",
			want: []string{`p.yaml:2:38: observation_source.edge_reference shards by channel, device, but a parameter estimates one rate (give each shard its own parameter with context(channel='…'), or pool the shards with bayesian_update.pooling: empirical)`},
		},
		{
			name: "none over a plain reference",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  pooling: none\n",
		},
		{
			name:   "no shard key",
			src:    "id: x\nedge_reference: e.a.context(channel='google')\nbayesian_update:\n  pooling: empirical\n",
			want:   []string{`p.yaml:4:12: pooling needs a sharded edge reference, but e.a.context(channel='google') has no shard key (shard by a bare context key, such as context(channel))`},
			pooled: true,
		},
		{
			name:   "time series",
			src:    "id: x\nedge_reference: e.a.context(channel).by(day)\nbayesian_update:\n  pooling: empirical\n",
			want:   []string{`p.yaml:4:12: pooling does not combine with a time series (by) (remove by() or pooling)`},
			pooled: true,
		},
		{
			name:   "posterior history",
			src:    "id: x\nedge_reference: e.a.context(channel)\nprior_source: {type: posterior_history}\nbayesian_update:\n  pooling: hierarchical\n",
			want:   []string{`p.yaml:5:12: a pooled parameter's population prior comes from its shards, but prior_source is posterior_history (remove prior_source or pooling)`},
			pooled: true,
		},
		{
			name:   "raw query",
			src:    "id: x\nobservation_source: {query: \"SELECT 1 AS trials, 0 AS successes\"}\nbayesian_update:\n  pooling: empirical\n",
			want:   []string{`p.yaml:4:12: pooling needs shards counted from an edge reference, but the observations come from a query (use an edge_reference such as e.signup.context(channel))`},
			pooled: true,
		},
		{
			name: "unknown mode",
			src:  "id: x\nedge_reference: e.a.context(channel)\nbayesian_update:\n  pooling: \"partial'; --\"\n",
			want: []string{`p.yaml:4:12: bayesian_update.pooling must be one of none, empirical, hierarchical, found "partial'; --"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			p, err := ParseParam("p.yaml", []byte(tc.src))
			if err != nil {
				got = []string{err.Error()}
			} else {
				for _, e := range p.Validate(testProject()) {
					got = append(got, e.Error())
				}
				if p.Pooled() != tc.pooled {
					t.Errorf("Pooled() = %v, want %v", p.Pooled(), tc.pooled)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
