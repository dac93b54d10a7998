package pipeline_test

import (
	"strings"
	"testing"
	"time"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// A window after the end of the data is skipped with a note that says the
// window holds no events and when the latest event is, whatever counts
// the parameter: an edge reference, a raw query or a template.
func TestEmptyWindowNote(t *testing.T) {
	const rawWindow = "created_at >= :start_date AND created_at < :end_date"
	tests := []struct{ id, source string }{
		{"late-ref", "edge_reference: e.signup\n"},
		{"late-raw", "observation_source:\n  min_sample_size: 10\n  query: \"SELECT count(DISTINCT session_id) AS trials, 0 AS successes FROM events WHERE " + rawWindow + "\"\n"},
		{"late-template", "context_filter: { channel: google }\nobservation_source:\n  min_sample_size: 10\n  query_template: \"SELECT count(DISTINCT session_id) AS trials, 0 AS successes FROM events WHERE channel = {{ channel|sql }} AND " + rawWindow + "\"\n"},
	}
	evs := testEvents()
	var latest time.Time
	for _, ev := range evs {
		if ev.CreatedAt.After(latest) {
			latest = ev.CreatedAt
		}
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p := duckProject(t, evs)
			src := tt.source
			if !strings.Contains(src, "observation_source") {
				src += "observation_source: { min_sample_size: 10 }\n"
			}
			p.write(t, p.duckYAML(""), "id: "+tt.id+"\n"+src+"bayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
			proj, params := p.load(t)
			at := latest.Add(30 * 24 * time.Hour).Truncate(time.Hour)
			res := must(t, run(t, pipeline.Runner{}, proj, params, at), tt.id)
			want := "holds no events: the latest event is at " + latest.UTC().Format(time.RFC3339)
			if res.Status != pipeline.StatusSkipped || !strings.Contains(res.Reason, want) {
				t.Errorf("status %s (%s), want skipped saying %q", res.Status, res.Reason, want)
			}
			// With events in the window but too few trials, no such note.
			res = must(t, run(t, pipeline.Runner{}, proj, params, asOf), tt.id)
			if strings.Contains(res.Reason, "holds no events") {
				t.Errorf("a window with events got %q", res.Reason)
			}
		})
	}
}
