package pipeline_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestResultJSONLeavesOutAnUnknownWindow: a parameter that failed before
// its window was known has no window in update --json, where it had
// "0001-01-01T00:00:00Z"; one with a window keeps it.
func TestResultJSONLeavesOutAnUnknownWindow(t *testing.T) {
	failed, err := json.Marshal(&pipeline.Result{ID: "x", Status: pipeline.StatusFailed, Reason: "broken"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(failed), "window_") || strings.Contains(string(failed), "0001-01-01") {
		t.Errorf("a failed result without a window: %s", failed)
	}
	end := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	ok, err := json.Marshal(&pipeline.Result{ID: "y", Status: pipeline.StatusUpdated, WindowStart: end.AddDate(0, 0, -7), WindowEnd: end})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"window_start":"2025-02-22T00:00:00Z"`, `"window_end":"2025-03-01T00:00:00Z"`} {
		if !strings.Contains(string(ok), want) {
			t.Errorf("%s lacks %s", ok, want)
		}
	}
}
