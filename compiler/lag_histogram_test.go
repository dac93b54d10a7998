package compiler

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLagBucketEdges(t *testing.T) {
	tests := []struct {
		within Duration
		want   []int64
	}{
		{Duration{1, 's'}, []int64{1}},
		{Duration{45, 's'}, []int64{1, 2, 5, 10, 15, 30, 45}},
		{Duration{1, 'h'}, []int64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600}},
		// At most 16 buckets: the smallest edges go.
		{Duration{1, 'd'}, []int64{5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400}},
		{Duration{7, 'd'}, []int64{60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 43200, 86400, 172800, 259200, 432000, 604800}},
		// A window between ladder edges ends the ladder at itself.
		{Duration{100, 'm'}, []int64{1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 6000}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, LagBucketEdges(tt.within)); diff != "" {
			t.Errorf("within(%s) (-want +got):\n%s", tt.within, diff)
		}
	}
}

// TestLagHistogramSharesOneScan: several references plan into one scan
// whose per-unit step holds each reference's anchor once, the window's
// own bucket shares the counting measure, and the explanation says which
// per-event context conditions (attribution(event)) stay a reference's
// own.
func TestLagHistogramSharesOneScan(t *testing.T) {
	qs := parseRefs(t, []string{"e.signup.within(1h)", "e.signup.visited(pricing).within(1h)", "e.checkout.context(channel='google').attribution(event).within(2d)"})
	h, err := CompileLagHistograms(qs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	firsts := 0
	for _, m := range h.Plan.Measures {
		if m.Kind == MeasureFirst && strings.HasPrefix(m.Name, "first_") {
			firsts++
		}
	}
	if firsts != 2 {
		t.Errorf("%d first-event measures, want 2 (signup's shared by two references, checkout's)", firsts)
	}
	// The two signup references share their buckets' measures.
	for i := range h.Refs[0].Buckets {
		if Key(h.Refs[0].Buckets[i].Within) != Key(h.Refs[1].Buckets[i].Within) {
			t.Errorf("bucket %d: the signup references test %v and %v", i, h.Refs[0].Buckets[i].Within, h.Refs[1].Buckets[i].Within)
		}
	}
	for _, want := range []string{"1 scan: 3 reference(s), 42 bucket(s)", "context conditions of reference(s) 3"} {
		if !strings.Contains(h.Explain, want) {
			t.Errorf("explain %q lacks %q", h.Explain, want)
		}
	}
	if len(h.Plan.Filter) != 0 || h.Plan.Relevance == nil {
		t.Errorf("scan filter %v and relevance %v, want only the relevance filter: the context condition is reference 3's own", h.Plan.Filter, h.Plan.Relevance)
	}
}
