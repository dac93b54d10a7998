package config

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestValidateHalfLife(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
		life time.Duration
	}{
		{
			name: "with a posterior history",
			src:  "id: x\nedge_reference: e.a\nprior_source: {type: posterior_history}\nbayesian_update:\n  prior: {alpha: 1, beta: 1}\n  half_life: 30d\n",
			life: 30 * 24 * time.Hour,
		},
		{
			name: "with a static prior",
			src:  "id: x\nedge_reference: e.a\nbayesian_update:\n  prior: {alpha: 1, beta: 1}\n  half_life: 12h\n",
			want: []string{`p.yaml:5:14: half_life discounts a posterior history, but the prior source is static (set prior_source: {type: posterior_history}, or remove half_life)`},
			life: 12 * time.Hour,
		},
		{
			name: "not a duration",
			src:  "id: x\nedge_reference: e.a\nprior_source: {type: posterior_history}\nbayesian_update:\n  half_life: \"30 days; DROP TABLE x\"\n",
			want: []string{`p.yaml:5:14: bayesian_update.half_life: invalid duration "30 days; DROP TABLE x" (a whole number and one of s, m, h, d, such as "30s", "10m", "1h" or "1d")`},
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
				if p.BayesianUpdate.HalfLife != tc.life {
					t.Errorf("HalfLife = %v, want %v", p.BayesianUpdate.HalfLife, tc.life)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
