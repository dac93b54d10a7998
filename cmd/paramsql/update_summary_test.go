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

// TestSummaryShowsShards: a pooled parameter's row names the pool, and
// each shard gets an indented row with its posterior and shrinkage.
func TestSummaryShowsShards(t *testing.T) {
	var out bytes.Buffer
	printSummary(&out, []*pipeline.Result{{
		ID: "p", Status: pipeline.StatusUpdated, Trials: 150, Successes: 30,
		Posterior: &pipeline.PosteriorSummary{Mean: 0.2, Stdev: 0.05, CI95: [2]float64{0.1, 0.3}},
		Pool: &pipeline.Pool{Mode: "empirical", Mean: 0.2, Shards: []pipeline.ShardResult{
			{Key: "channel=o'brien", Trials: 100, Successes: 25, Posterior: &pipeline.PosteriorSummary{Mean: 0.24, Stdev: 0.04, CI95: [2]float64{0.17, 0.32}}, Shrinkage: 0.25},
			{Key: "channel=google", Trials: 50, Successes: 5, Posterior: &pipeline.PosteriorSummary{Mean: 0.14, Stdev: 0.04, CI95: [2]float64{0.07, 0.23}}, Shrinkage: 0.4},
		}},
	}})
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		got = append(got, strings.Join(strings.Fields(line), " "))
	}
	want := []string{
		"p updated - 150 30 0.2000 ± 0.0500 [0.1000, 0.3000] - empirical pool of 2 shards, pooled mean 0.2000",
		"channel=o'brien 100 25 0.2400 ± 0.0400 [0.1700, 0.3200] shrinkage 0.25",
		"channel=google 50 5 0.1400 ± 0.0400 [0.0700, 0.2300] shrinkage 0.40",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("table rows, spaces collapsed (-want +got):\n%s", diff)
	}
}

// TestSummaryShowsSiblingGroup: a sibling edge's row names its group and
// the residual share's mean.
func TestSummaryShowsSiblingGroup(t *testing.T) {
	var out bytes.Buffer
	printSummary(&out, []*pipeline.Result{{
		ID: "to_blog", Status: pipeline.StatusUpdated, Trials: 12, Successes: 4,
		Posterior: &pipeline.PosteriorSummary{Mean: 0.3125, Stdev: 0.1124, CI95: [2]float64{0.11, 0.55}},
		Sibling:   &pipeline.Sibling{Group: "homepage_exits", Members: []string{"to_pricing", "to_blog", "to_about"}, None: &pipeline.PosteriorSummary{Mean: 0.0625}},
	}})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	got := strings.Join(strings.Fields(lines[len(lines)-1]), " ")
	want := "to_blog updated - 12 4 0.3125 ± 0.1124 [0.1100, 0.5500] - sibling group homepage_exits of 3, none of them 0.0625"
	if got != want {
		t.Errorf("row, spaces collapsed:\n got %s\nwant %s", got, want)
	}
}

// TestSummaryShowsLag: a parameter with a fitted lag names its median and
// t95 (and effective trials under maturity: model) in the note, and each
// immature cohort gets an indented row with its completeness.
func TestSummaryShowsLag(t *testing.T) {
	var out bytes.Buffer
	printSummary(&out, []*pipeline.Result{{
		ID: "p", Status: pipeline.StatusUpdated, Trials: 100, Successes: 30, Immature: 40,
		Lag: &pipeline.LagResult{Mode: "model", MedianSeconds: 39600, T95Seconds: 137912, EffectiveTrials: 125.5, Cohorts: []pipeline.CohortResult{
			{AgeFromSeconds: 3600, AgeUpToSeconds: 7200, Trials: 10, Successes: 0, Completeness: 0.01},
			{AgeFromSeconds: 86400, AgeUpToSeconds: 172800, Trials: 30, Successes: 7, Completeness: 0.83},
		}},
	}})
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n")[1:] {
		got = append(got, strings.Join(strings.Fields(line), " "))
	}
	want := []string{
		"p updated - 100 30 - - - lag median 11h0m0s, t95 38h19m0s, 125.5 effective trials (maturity: model)",
		"immature, 1h0m0s to 2h0m0s old 10 0 completeness 0.01",
		"immature, 24h0m0s to 48h0m0s old 30 7 completeness 0.83",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("summary rows (-want +got):\n%s", diff)
	}
}
