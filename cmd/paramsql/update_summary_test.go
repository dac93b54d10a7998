package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestSummaryNotesHalfLife: a discounted posterior history says so in the
// table's note; an undiscounted one does not.
func TestSummaryNotesHalfLife(t *testing.T) {
	tests := []struct {
		name   string
		weight float64
		want   string
	}{
		{"discounted", 0.125, "history weight 0.125 (half_life)"},
		{"not discounted", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			printSummary(&out, []*pipeline.Result{{ID: "p", Status: pipeline.StatusUpdated, PriorWeight: tt.weight}})
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(lines) != 2 {
				t.Fatalf("table has %d lines, want 2:\n%s", len(lines), out.String())
			}
			header, row := lines[0], lines[1]
			got := "" // tabwriter leaves an empty last cell out
			if at := strings.Index(header, "NOTE"); len(row) > at {
				got = strings.TrimSpace(row[at:])
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("note (-want +got):\n%s", diff)
			}
		})
	}
}
