package pipeline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// A window after the end of the data is skipped with a note that says the
// window holds no events and when the latest event is.
func TestEmptyWindowNote(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""), "id: late\nedge_reference: e.signup\nobservation_source: { min_sample_size: 10 }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	proj, params := p.load(t)
	var latest time.Time
	for _, ev := range evs {
		if ev.CreatedAt.After(latest) {
			latest = ev.CreatedAt
		}
	}
	at := latest.Add(30 * 24 * time.Hour).Truncate(time.Hour)
	res := must(t, run(t, pipeline.Runner{}, proj, params, at), "late")
	want := "holds no events: the latest event is at " + latest.UTC().Format(time.RFC3339)
	if res.Status != pipeline.StatusSkipped || !strings.Contains(res.Reason, want) {
		t.Errorf("status %s (%s), want skipped saying %q", res.Status, res.Reason, want)
	}
	// With events in the window but too few trials, no such note.
	res = must(t, run(t, pipeline.Runner{}, proj, params, asOf), "late")
	if strings.Contains(res.Reason, "holds no events") {
		t.Errorf("a window with events got %q", res.Reason)
	}
}
