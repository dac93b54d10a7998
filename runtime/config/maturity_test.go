package config

import (
	"errors"
	"strings"
	"testing"
)

// TestMaturityValidation: bayesian_update.maturity needs an edge
// reference whose lag is defined, and model a conjugate update; every
// refusal points at the setting.
func TestMaturityValidation(t *testing.T) {
	tests := []struct {
		name, param, want string
	}{
		{"fit on a within() reference", "edge_reference: e.signup.within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n", ""},
		{"model on a within() reference", "edge_reference: e.signup.within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: model }\n", ""},
		{"exclude anywhere", "edge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: exclude }\n", ""},
		{"a conversion_window stands for within()", "edge_reference: e.signup\nobservation_source: { conversion_window: 3d }\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: model }\n", ""},
		{"no within()", "edge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n", "e.signup has none and no conversion_window applies"},
		{"attempt(any)", "edge_reference: e.signup.attempt(any).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n", "attempt(any)"},
		{"excludeBetween", "edge_reference: e.signup.excludeBetween(help).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n", "excludeBetween"},
		{"context() under attribution(entry)", "edge_reference: e.signup.context(channel='google').attribution(entry).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n", ""},
		{"contextAny() under attribution(entry)", "edge_reference: e.signup.contextAny(channel='google',channel='bing').attribution(entry).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: model }\n", ""},
		{"shards pooled under attribution(entry)", "edge_reference: e.signup.context(channel).attribution(entry).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, pooling: empirical, maturity: fit }\n", ""},
		{"shards under attribution(event)", "edge_reference: e.signup.context(channel).attribution(event).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, pooling: empirical, maturity: fit }\n", "attribution(event)"},
		{"shards with maturity: model", "edge_reference: e.signup.context(channel).attribution(entry).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, pooling: empirical, maturity: model }\n", "shards of e.signup"},
		{"context() under attribution(event)", "edge_reference: e.signup.context(channel='google').attribution(event).within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: fit }\n", ""},
		{"model with mcmc", "edge_reference: e.signup.within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, update_rule: mcmc, maturity: model }\n", "update_rule is mcmc"},
		{"a raw query", "observation_source:\n  type: sql\n  query: SELECT 1 AS trials, 0 AS successes\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: model }\n", "the observations come from a query"},
		{"an unknown mode", "edge_reference: e.signup.within(7d)\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: always }\n", "exclude, fit, model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := validateText("id: p\n" + tt.param)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want one naming %q", err, tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), "maturity"):
				t.Errorf("err = %v does not point at maturity", err)
			}
		})
	}
}

// validateText parses and validates a parameter file against the test
// project, and joins its errors; nil when it is valid.
func validateText(src string) error {
	p, err := ParseParam("p.yaml", []byte(src))
	if err != nil {
		return err
	}
	var msgs []string
	for _, e := range p.Validate(testProject()) {
		msgs = append(msgs, e.Error())
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "\n"))
}
