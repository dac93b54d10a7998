package pipeline_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestSchedulerUpdatesWholeSiblingGroups: when one member of a sibling
// group falls due, the scheduler updates the whole group. It used to run
// the member alone, fitting a Dirichlet over that edge and the residual
// only: to_pricing's mean came out 6/14 instead of the group's 6/16.
func TestSchedulerUpdatesWholeSiblingGroups(t *testing.T) {
	p := duckProject(t, siblingEvents(map[string]int{"pricing": 5, "blog": 4, "about": 3}, 0))
	var texts []string
	for _, tc := range []struct{ id, every string }{{"to_pricing", "1h"}, {"to_blog", "2h"}, {"to_about", "2h"}} {
		texts = append(texts, "id: "+tc.id+"\nedge_reference: e."+tc.id+"\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\nposterior_destination: { destinations: [{ type: sql }], write_frequency: "+tc.every+" }\n")
	}
	p.write(t, p.duckYAML("")+"graph: graph.yaml\n", texts...)
	graph := "edges:\n  to_pricing: {from: homepage, to: pricing}\n  to_blog: {from: homepage, to: blog}\n  to_about: {from: homepage, to: about}\nsiblings:\n  homepage_exits: [to_pricing, to_blog, to_about]\n"
	if err := os.WriteFile(filepath.Join(p.dir, "graph.yaml"), []byte(graph), 0o644); err != nil {
		t.Fatal(err)
	}
	proj, params := p.load(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{now: asOf, stop: asOf.Add(90 * time.Minute), cancel: cancel}
	var cycles []string
	s := &pipeline.Scheduler{Project: proj, Params: params, Now: clock.Now, Sleep: clock.Sleep,
		OnRun: func(at time.Time, results []*pipeline.Result, err error) {
			if err != nil {
				t.Fatalf("run at %v: %v", at, err)
			}
			var ids []string
			for _, r := range results {
				ids = append(ids, r.ID)
				if r.Status != pipeline.StatusUpdated || r.Sibling == nil {
					t.Errorf("run at %v: %s %s (%s), sibling %+v; want a joint update", at, r.ID, r.Status, r.Reason, r.Sibling)
				}
				if r.ID == "to_pricing" && r.Posterior != nil {
					// Dirichlet(1, 1, 1, 1) + (5, 4, 3, 0): the pricing
					// marginal is Beta(6, 10), mean 6/16.
					if got := r.Posterior.Mean; got < 0.375-1e-12 || got > 0.375+1e-12 {
						t.Errorf("run at %v: to_pricing mean %v, want 6/16", at, got)
					}
				}
			}
			sort.Strings(ids)
			cycles = append(cycles, at.Sub(asOf).String()+": "+strings.Join(ids, " "))
		}}
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{"0s: to_about to_blog to_pricing", "1h0m0s: to_about to_blog to_pricing"}
	if diff := cmp.Diff(want, cycles); diff != "" {
		t.Errorf("cycles (-want +got):\n%s", diff)
	}
}
