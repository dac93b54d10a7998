package pipeline_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// siblingEvents are sessions that view the homepage and then exactly one of
// pricing, blog and about (pricing[i] of them each), or, for none of
// them, stop; a few sessions are outside the window.
func siblingEvents(counts map[string]int, none int) []events.Event {
	var out []events.Event
	at := asOf.Add(-24 * time.Hour)
	i := 0
	session := func(to string, when time.Time) {
		user := fmt.Sprintf("u%d", i)
		i++
		out = append(out, events.Event{UserID: user, SessionID: "s", EventType: "page_view", NodeSlug: "homepage", CreatedAt: when})
		if to != "" {
			out = append(out, events.Event{UserID: user, SessionID: "s", EventType: "page_view", NodeSlug: to, CreatedAt: when.Add(time.Minute)})
		}
	}
	for _, to := range []string{"pricing", "blog", "about"} {
		for range counts[to] {
			session(to, at.Add(time.Duration(i)*time.Minute))
		}
	}
	for range none {
		session("", at.Add(time.Duration(i)*time.Minute))
	}
	session("pricing", asOf.Add(time.Hour)) // after the window: not counted
	return out
}

// TestSiblingsJointUpdate runs three parameters on the edges out of
// homepage, with flat Beta(1, 1) priors, on data where every trial takes
// one of them, twice: with a graph file that declares no siblings, the
// independent Beta updates' means sum above 1; declared as a sibling
// group, the joint Dirichlet-Multinomial's marginals sum below 1 and,
// with the residual share, to exactly 1. Each member's posterior is the
// Beta marginal of Dirichlet(1+k_j, …, 1+n−Σk), and it is what the store
// holds. Updating one member updates the group.
func TestSiblingsJointUpdate(t *testing.T) {
	counts := map[string]int{"pricing": 5, "blog": 4, "about": 3}
	const n = 12
	graph := `edges:
  to_pricing: {from: homepage, to: pricing}
  to_blog: {from: homepage, to: blog}
  to_about: {from: homepage, to: about}
`
	params := []string{"to_pricing", "to_blog", "to_about"}
	var texts []string
	for _, id := range params {
		texts = append(texts, "id: "+id+"\nedge_reference: e."+id+"\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	}
	tests := []struct {
		name     string
		siblings string
		ids      []string // the parameters named on the command line
	}{
		{"independent", "", nil},
		{"joint", "siblings:\n  homepage_exits: [to_pricing, to_blog, to_about]\n", nil},
		{"joint, one named", "siblings:\n  homepage_exits: [to_pricing, to_blog, to_about]\n", []string{"to_blog"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := duckProject(t, siblingEvents(counts, 0))
			p.write(t, p.duckYAML("")+"graph: graph.yaml\n", texts...)
			if err := os.WriteFile(filepath.Join(p.dir, "graph.yaml"), []byte(graph+tc.siblings), 0o644); err != nil {
				t.Fatal(err)
			}
			proj, ps := p.load(t)
			res := run(t, pipeline.Runner{}, proj, ps, asOf, tc.ids...)
			var sum float64
			for _, id := range params {
				r := must(t, res, id)
				if r.Status != pipeline.StatusUpdated {
					t.Fatalf("%s: %s (%s)", id, r.Status, r.Reason)
				}
				k := int64(counts[strings.TrimPrefix(id, "to_")])
				if diff := cmp.Diff(count{n, k}, countsOf(r)); diff != "" {
					t.Errorf("%s counts (-want +got):\n%s", id, diff)
				}
				want := conjugate(1, 1, count{n, k}) // the independent update
				if tc.siblings != "" {
					// Dirichlet(1, 1, 1, 1) + (5, 4, 3, 0): A = 16.
					want = betaSummary(float64(1+k), float64(16-1-k))
					if r.Sibling == nil || r.Sibling.Group != "homepage_exits" {
						t.Errorf("%s: sibling %+v, want group homepage_exits", id, r.Sibling)
					} else if got := r.Sibling.None.Mean; math.Abs(got-1.0/16) > 1e-12 {
						t.Errorf("%s: residual share mean %v, want 1/16", id, got)
					}
				}
				checkPosterior(t, id, r.Posterior, want)
				sum += r.Posterior.Mean

				rows := history(t, proj, id)
				last := rows[len(rows)-1]
				if !cmp.Equal(deref(last.PosteriorMean), want.Mean, approx) || !cmp.Equal(deref(last.PosteriorAlpha), want.Alpha, approx) {
					t.Errorf("%s: stored Beta(%v, %v) mean %v, want %+v", id, deref(last.PosteriorAlpha), deref(last.PosteriorBeta), deref(last.PosteriorMean), want)
				}
				wantStored := []any{"conjugate", "", 0.0}
				if tc.siblings != "" {
					wantStored = []any{pipeline.MethodDirichlet, "homepage_exits", 1.0 / 16}
				}
				if diff := cmp.Diff(wantStored, []any{last.Method, last.SiblingGroup, deref(last.SiblingNone)}, approx); diff != "" {
					t.Errorf("%s: stored method, sibling_group, sibling_none (-want +got):\n%s", id, diff)
				}
			}
			if tc.siblings == "" && !(sum > 1) {
				t.Errorf("independent means sum to %v: the case proves nothing", sum)
			}
			if tc.siblings != "" && !(sum < 1) {
				t.Errorf("joint means sum to %v, want below 1", sum)
			}
			t.Logf("%s: the edges' posterior means sum to %.4f", tc.name, sum)
		})
	}
}

// TestSiblingsDifferentWindows: a group whose members would observe
// different windows is not updated at all, and every member says why.
// Here to_pricing ran alone first, so its posterior_history prior ends
// where its next window starts, while to_blog, new, observes the default
// week.
func TestSiblingsDifferentWindows(t *testing.T) {
	p := duckProject(t, siblingEvents(map[string]int{"pricing": 2, "blog": 2}, 3))
	graph := "edges:\n  to_pricing: {from: homepage, to: pricing}\n  to_blog: {from: homepage, to: blog}\nsiblings:\n  exits: [to_pricing, to_blog]\n"
	if err := os.WriteFile(filepath.Join(p.dir, "graph.yaml"), []byte(graph), 0o644); err != nil {
		t.Fatal(err)
	}
	pricing := "id: to_pricing\nedge_reference: e.to_pricing\nprior_source: { type: posterior_history }\nbayesian_update: { prior: { alpha: 1, beta: 3 } }\n"
	blog := "id: to_blog\nedge_reference: e.to_blog\nbayesian_update: { prior: { alpha: 1, beta: 3 } }\n"
	p.write(t, p.duckYAML("")+"graph: graph.yaml\n", pricing)
	proj, ps := p.load(t)
	if r := must(t, run(t, pipeline.Runner{}, proj, ps, asOf), "to_pricing"); r.Status != pipeline.StatusUpdated {
		t.Fatalf("run 1: %s (%s)", r.Status, r.Reason)
	}

	p.write(t, p.duckYAML("")+"graph: graph.yaml\n", pricing, blog)
	proj, ps = p.load(t)
	res := run(t, pipeline.Runner{}, proj, ps, asOf2)
	for _, id := range []string{"to_pricing", "to_blog"} {
		r := must(t, res, id)
		if r.Status != pipeline.StatusFailed || !strings.Contains(r.Reason, "sibling group exits") || !strings.Contains(r.Reason, "observe different windows") {
			t.Errorf("%s: %s (%s); want failed, naming the group's different windows", id, r.Status, r.Reason)
		}
	}
}
