// Package alert tells people when observations diverge from a parameter's
// prior (model_fit.alerts in a parameter definition): by Slack, a generic
// webhook, email or PagerDuty.
//
// A divergence alert usually means the prior is stale, so it must reach
// someone, but the destinations are configured with secrets (webhook
// tokens, routing keys, SMTP passwords) and alert errors end up in logs.
// Every error this package returns therefore has those secrets replaced by
// "[redacted]".
package alert

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// Alert is one divergence of observations from a prior, with the numbers a
// reader needs to judge it without opening the pipeline. Its JSON form is
// what the generic webhook receives and what PagerDuty shows as custom
// details.
type Alert struct {
	// ParamID is the parameter's id, e.g. "signup-google-mobile". It is
	// required: it is what groups repeated alerts (PagerDuty dedup_key).
	ParamID string `json:"param_id"`
	// ParamName is the human-readable name; optional.
	ParamName string `json:"param_name,omitempty"`
	// Reference is the edge reference the parameter feeds, e.g.
	// "e.signup.context(channel='google').p.mean"; optional.
	Reference string `json:"reference,omitempty"`
	// Z is the divergence in standard deviations; its sign says whether
	// observations are above or below the prior.
	Z float64 `json:"z"`
	// Threshold is the |Z| above which this alert was raised.
	Threshold float64 `json:"threshold"`
	// Trials and Successes are the observations checked.
	Trials    int64 `json:"trials"`
	Successes int64 `json:"successes"`
	// PriorMean is the prior's mean rate.
	PriorMean float64 `json:"prior_mean"`
	// PriorStdev is the prior's standard deviation; zero means unknown and
	// is left out of texts.
	PriorStdev float64 `json:"prior_stdev,omitempty"`
	// ObservedRate is Successes/Trials as the pipeline computed it.
	ObservedRate float64 `json:"observed_rate"`
	// RunID names the pipeline run that raised the alert; optional.
	RunID string `json:"run_id,omitempty"`
	// At is when the divergence was detected. The zero time is left out
	// of JSON and means "now" where a notifier needs a time (an email's
	// Date header).
	At time.Time `json:"at,omitzero"`
}

// Notifier delivers an alert to one destination. Notify returns an error
// when delivery is not confirmed (transport failure, non-2xx answer, SMTP
// rejection) so the pipeline can record or retry it; it honours ctx.
type Notifier interface {
	Notify(ctx context.Context, a Alert) error
}

// Validate reports an alert that cannot be delivered sensibly: no ParamID,
// or a number that is NaN or infinite (JSON cannot carry those, and a
// human reading "z = NaN" learns nothing). Every notifier calls it before
// sending, so all destinations refuse the same alerts.
func (a Alert) Validate() error {
	if strings.TrimSpace(a.ParamID) == "" {
		return errors.New("alert: ParamID is empty")
	}
	for _, f := range []struct {
		name string
		v    float64
	}{
		{"Z", a.Z}, {"Threshold", a.Threshold}, {"PriorMean", a.PriorMean},
		{"PriorStdev", a.PriorStdev}, {"ObservedRate", a.ObservedRate},
	} {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("alert: %s of %s is %v, want a finite number", f.name, a.ParamID, f.v)
		}
	}
	return nil
}

// Summary is a one-line description, used as the PagerDuty summary, the
// email subject and the first line of other texts, e.g.
//
//	signup-google-mobile: observed rate 0.4100 is 2.53σ above prior mean 0.3200 (threshold 2.00σ, 41/100)
func (a Alert) Summary() string {
	dir := "above"
	if a.Z < 0 {
		dir = "below"
	}
	return fmt.Sprintf("%s: observed rate %s is %.2fσ %s prior mean %s (threshold %.2fσ, %d/%d)",
		oneLine(a.ParamID), rate(a.ObservedRate), math.Abs(a.Z), dir, rate(a.PriorMean),
		a.Threshold, a.Successes, a.Trials)
}

// field is one labelled line of an alert's details.
type field struct{ label, value string }

// details lists what a reader needs beyond the summary, in reading order.
// Optional fields that are empty are left out.
func (a Alert) details() []field {
	param := a.ParamID
	if a.ParamName != "" {
		param += " (" + a.ParamName + ")"
	}
	prior := "mean " + rate(a.PriorMean)
	if a.PriorStdev != 0 {
		prior += ", stdev " + rate(a.PriorStdev)
	}
	fs := []field{
		{"Parameter", param},
		{"Divergence", fmt.Sprintf("z = %.2f (threshold ±%.2f)", a.Z, a.Threshold)},
		{"Observed", fmt.Sprintf("rate %s from %d successes in %d trials", rate(a.ObservedRate), a.Successes, a.Trials)},
		{"Prior", prior},
	}
	if a.Reference != "" {
		fs = append(fs, field{"Reference", a.Reference})
	}
	if a.RunID != "" {
		fs = append(fs, field{"Run", a.RunID})
	}
	if !a.At.IsZero() {
		fs = append(fs, field{"Detected", a.At.UTC().Format(time.RFC3339)})
	}
	for i := range fs {
		fs[i].value = oneLine(fs[i].value)
	}
	return fs
}

// rate prints a rate with four decimals: enough to see a 0.1-point shift
// in a conversion rate, few enough to read at a glance.
func rate(v float64) string { return fmt.Sprintf("%.4f", v) }

// oneLine folds line breaks into spaces, so that a name from a config file
// cannot add lines (or headers) to a message.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}
