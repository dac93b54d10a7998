package pipeline_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestAlertRetriedOnceDelivered: an alert whose delivery failed is sent
// again by a rerun of the same window end, and once delivered, not again.
// The rerun's row used to be skipped as the history's duplicate, so the
// delivery was never recorded and every rerun sent the alert once more.
func TestAlertRetriedOnceDelivered(t *testing.T) {
	var calls atomic.Int32
	hooks := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""), fmt.Sprintf("id: diverged\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 900, beta: 100 } }\nmodel_fit:\n  thresholds: { divergence_threshold: 2, min_sample_size: 10 }\n  alerts: { type: webhook, url: \"%s/hook\" }\n", hooks.URL))
	proj, params := p.load(t)
	want := []string{pipeline.AlertFailed, pipeline.AlertSent, pipeline.AlertAlreadySent, pipeline.AlertAlreadySent}
	for i, w := range want {
		got := must(t, run(t, pipeline.Runner{RunID: fmt.Sprintf("run-%d", i+1)}, proj, params, asOf), "diverged")
		if got.AlertDelivery != w {
			t.Errorf("run %d: alert delivery %q (%s), want %q", i+1, got.AlertDelivery, got.Reason, w)
		}
	}
	if n := len(hooks.requests("/hook")); n != 2 {
		t.Errorf("the alert endpoint received %d requests over four runs, want 2 (one failed, one delivered)", n)
	}
	rows := history(t, proj, "diverged")
	if len(rows) != 1 || !strings.Contains(rows[0].Reason, "alert sent") {
		t.Errorf("history %v, want one row recording the alert sent", statuses(rows))
	}
}
