package pipeline_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/bayes"
	"github.com/paramsql/paramsql/runtime/config"
	"github.com/paramsql/paramsql/runtime/pipeline"
	"github.com/paramsql/paramsql/runtime/store"
)

// TestDivergenceAlerts: a prior far from the data raises an alert (|z| >
// threshold with n >= min_sample_size) that reaches Slack, a generic
// webhook, PagerDuty (all local httptest servers) and email (an in-test
// SMTP server); parameters under the threshold or the sample size alert
// nobody; a failing alert endpoint is a warning and the posterior is
// still written.
func TestDivergenceAlerts(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	hooks := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/broken" {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	mail := newSMTPServer(t)
	t.Setenv("PD_ROUTING_KEY", "R0UTINGKEY")
	alerts := fmt.Sprintf(`  alerts:
    - { type: slack, webhook: "%[1]s/slack/%%s", channel: "#model-monitoring" }
    - { type: webhook, url: "%[1]s/hook/%%s" }
    - { type: pagerduty, routing_key: "${PD_ROUTING_KEY}", severity: error }
    - type: email
      email: ops@example.com
      to: [oncall@example.com]
      smtp: { host: 127.0.0.1, port: %[2]d, from: "paramsql <paramsql@example.com>" }
`, hooks.URL, mail.port())
	param := func(id, prior, thresholds, alertsYAML string) string {
		return fmt.Sprintf("id: %s\nname: Signup %s\nedge_reference: e.signup\nbayesian_update: { prior: %s }\nmodel_fit:\n  thresholds: %s\n%s",
			id, id, prior, thresholds, strings.ReplaceAll(alertsYAML, "%s", id))
	}
	p.write(t, p.duckYAML(""),
		// Beta(900, 100): the prior says 90%; the data say about 36%.
		param("diverged", "{ alpha: 900, beta: 100 }", "{ divergence_threshold: 2, min_sample_size: 10 }", alerts),
		// Same data, threshold far above |z|.
		param("tolerant", "{ alpha: 900, beta: 100 }", "{ divergence_threshold: 1000, min_sample_size: 10 }", alerts),
		// Same data and threshold, but too few trials to judge.
		param("too-few", "{ alpha: 900, beta: 100 }", "{ divergence_threshold: 2, min_sample_size: 100000 }", alerts),
		// The only alert endpoint fails.
		param("broken-alert", "{ alpha: 900, beta: 100 }", "{ divergence_threshold: 2 }",
			fmt.Sprintf("  alerts: { type: webhook, url: \"%s/broken\" }\n", hooks.URL)),
	)
	proj, params := p.load(t)
	// config refuses model_fit.alerts[].url for pagerduty (see the final
	// report), though the pipeline passes it on: set it after loading so
	// the alert reaches the local server instead of events.pagerduty.com.
	for _, prm := range params {
		if prm.ModelFit == nil {
			continue
		}
		for i := range prm.ModelFit.Alerts {
			if a := &prm.ModelFit.Alerts[i]; a.Type == config.AlertPagerDuty {
				a.URL = hooks.URL + "/pagerduty/" + prm.ID
			}
		}
	}
	res := run(t, pipeline.Runner{RunID: "run-42"}, proj, params, asOf)
	counts := oracleCount(t, evs, proj, "e.signup", asOf.Add(-7*24*time.Hour), asOf)
	wantZ, err := bayes.Divergence(900, 100, counts.Trials, counts.Successes)
	if err != nil || !(wantZ < -2) {
		t.Fatalf("z = %v (%v): the case needs a clear divergence", wantZ, err)
	}

	got := must(t, res, "diverged")
	if got.Status != pipeline.StatusUpdated || got.Divergence == nil || !got.Divergence.Alert || !cmp.Equal(got.Divergence.Z, wantZ, approx) {
		t.Fatalf("diverged: %s %+v (%s), want updated with an alert at z = %v", got.Status, got.Divergence, got.Reason, wantZ)
	}
	if len(got.Warnings) > 0 {
		t.Errorf("diverged: warnings %q", got.Warnings)
	}
	for _, id := range []string{"tolerant", "too-few"} {
		r := must(t, res, id)
		if r.Status != pipeline.StatusUpdated || r.Divergence == nil || r.Divergence.Alert || !cmp.Equal(r.Divergence.Z, wantZ, approx) {
			t.Errorf("%s: %s %+v, want updated without an alert at z = %v", id, r.Status, r.Divergence, wantZ)
		}
		if n := len(hooks.requests("/slack/"+id)) + len(hooks.requests("/hook/"+id)) + len(hooks.requests("/pagerduty/"+id)); n != 0 {
			t.Errorf("%s: %d alert requests, want none", id, n)
		}
	}

	// Slack: an incoming-webhook message naming the parameter and z.
	if reqs := hooks.requests("/slack/diverged"); len(reqs) != 1 {
		t.Errorf("slack received %d requests, want 1", len(reqs))
	} else {
		m := reqs[0].JSON(t)
		text, _ := m["text"].(string)
		if m["channel"] != "#model-monitoring" || !strings.Contains(text, "diverged") || !strings.Contains(text, fmt.Sprintf("%d/%d", counts.Successes, counts.Trials)) {
			t.Errorf("slack message %v", m)
		}
	}
	// Webhook: the alert itself.
	if reqs := hooks.requests("/hook/diverged"); len(reqs) != 1 {
		t.Errorf("webhook received %d requests, want 1", len(reqs))
	} else {
		m := reqs[0].JSON(t)
		want := map[string]any{
			"param_id": "diverged", "param_name": "Signup diverged", "reference": "e.signup",
			"z": wantZ, "threshold": 2.0,
			"trials": float64(counts.Trials), "successes": float64(counts.Successes),
			"prior_mean": 0.9, "prior_stdev": got.Prior.Stdev,
			"observed_rate": float64(counts.Successes) / float64(counts.Trials),
			"run_id":        "run-42", "at": asOf.Format(time.RFC3339),
		}
		if diff := cmp.Diff(want, m, approx); diff != "" {
			t.Errorf("webhook alert (-want +got):\n%s", diff)
		}
	}
	// PagerDuty: an Events API v2 trigger.
	if reqs := hooks.requests("/pagerduty/diverged"); len(reqs) != 1 {
		t.Errorf("pagerduty received %d requests, want 1", len(reqs))
	} else {
		m := reqs[0].JSON(t)
		payload, _ := m["payload"].(map[string]any)
		details, _ := payload["custom_details"].(map[string]any)
		if m["routing_key"] != "R0UTINGKEY" || m["event_action"] != "trigger" || m["dedup_key"] != "paramsql/diverged" ||
			payload["severity"] != "error" || details["param_id"] != "diverged" || !cmp.Equal(details["z"], wantZ, approx) {
			t.Errorf("pagerduty event %v", m)
		}
	}
	// Email: one message to both recipients.
	msgs := mail.messages()
	if len(msgs) != 1 {
		t.Fatalf("the SMTP server received %d messages, want 1 (for diverged only)", len(msgs))
	}
	m := msgs[0]
	if m.From != "paramsql@example.com" || !cmp.Equal(m.To, []string{"ops@example.com", "oncall@example.com"}) {
		t.Errorf("email envelope from %q to %q", m.From, m.To)
	}
	if !strings.Contains(m.Data, "Subject: ") || !strings.Contains(m.Data, "diverged") {
		t.Errorf("email message does not name the parameter:\n%s", m.Data)
	}

	if got.AlertDelivery != pipeline.AlertSent || got.Failed() {
		t.Errorf("diverged: alert delivery %q, failed %v; want sent and not failed", got.AlertDelivery, got.Failed())
	}

	// A failing endpoint: the posterior still stands, the status says the
	// alert failed and the result counts as failed (for the exit status).
	broken := must(t, res, "broken-alert")
	if broken.Status != pipeline.StatusUpdated || broken.StatusText() != "updated, alert failed" || !broken.Failed() ||
		broken.AlertDelivery != pipeline.AlertFailed || !strings.Contains(broken.Reason, "503") {
		t.Errorf("broken-alert: %s / %q (%s); want updated, alert failed, naming the 503", broken.Status, broken.StatusText(), broken.Reason)
	}
	checkPosterior(t, "broken-alert", broken.Posterior, conjugate(900, 100, counts))
	rows := history(t, proj, "broken-alert")
	if len(rows) != 1 || rows[0].Status != store.StatusUpdated || !rows[0].Alert || rows[0].PosteriorAlpha == nil {
		t.Errorf("broken-alert: stored %v, want one updated row with its alert and posterior", statuses(rows))
	}

	// The same as-of again: the delivered alert is not sent twice, the
	// failed one is tried again.
	res = run(t, pipeline.Runner{RunID: "run-43"}, proj, params, asOf)
	again := must(t, res, "diverged")
	if again.AlertDelivery != pipeline.AlertAlreadySent || !strings.Contains(again.Reason, "run-42") {
		t.Errorf("diverged, rerun: alert delivery %q (%s), want already sent by run-42", again.AlertDelivery, again.Reason)
	}
	for _, path := range []string{"/slack/diverged", "/hook/diverged", "/pagerduty/diverged", "/broken"} {
		want := 1
		if path == "/broken" {
			want = 2
		}
		if n := len(hooks.requests(path)); n != want {
			t.Errorf("%s received %d requests after the rerun, want %d", path, n, want)
		}
	}
	if n := len(mail.messages()); n != 1 {
		t.Errorf("the SMTP server received %d messages after the rerun, want 1", n)
	}
	if b := must(t, res, "broken-alert"); b.AlertDelivery != pipeline.AlertFailed {
		t.Errorf("broken-alert, rerun: alert delivery %q, want failed again", b.AlertDelivery)
	}
	// A third run reads the second's record as well.
	res = run(t, pipeline.Runner{RunID: "run-44"}, proj, params, asOf)
	if third := must(t, res, "diverged"); third.AlertDelivery != pipeline.AlertAlreadySent || len(hooks.requests("/slack/diverged")) != 1 {
		t.Errorf("diverged, third run: alert delivery %q, %d slack requests; want already sent, 1", third.AlertDelivery, len(hooks.requests("/slack/diverged")))
	}
}
