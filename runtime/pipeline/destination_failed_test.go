package pipeline_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestFailedDestinationSaysThePosteriorWasStored: a destination that
// refuses the row fails the parameter, while the posterior store, written
// first, holds it as updated; the reason says so, so the summary and the
// history do not seem to disagree.
func TestFailedDestinationSaysThePosteriorWasStored(t *testing.T) {
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer hook.Close()
	p := duckProject(t, testEvents())
	p.write(t, p.duckYAML(""), fmt.Sprintf("id: one\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\nposterior_destination:\n  destinations:\n    - { type: webhook, url: %q }\n", hook.URL))
	proj, params := p.load(t)
	got := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "one")
	if got.Status != pipeline.StatusFailed || !strings.Contains(got.Reason, "writing to webhook destination") ||
		!strings.Contains(got.Reason, "the posterior itself was stored, and history shows it") {
		t.Errorf("status %s (%s), want failed, saying the posterior was stored", got.Status, got.Reason)
	}
	rows := history(t, proj, "one")
	if len(rows) != 1 || string(rows[0].Status) != string(pipeline.StatusUpdated) {
		t.Errorf("history %+v, want one updated row", rows)
	}
}
