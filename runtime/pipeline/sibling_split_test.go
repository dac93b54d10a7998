package pipeline_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// TestSiblingsCountExclusively: sessions that view pricing and then blog
// from the homepage are a success of both edges by their own references,
// which the Dirichlet-Multinomial cannot take (5 + 5 successes in 9
// trials). Declared as siblings, each such session is counted once, for
// the edge it took first, and the members' counts, posteriors and stored
// rows are the exclusive ones; an edge of the group that no parameter
// measures (to_exit) still takes the trials it reached first, into the
// residual share.
func TestSiblingsCountExclusively(t *testing.T) {
	evs := siblingEvents(map[string]int{"pricing": 2, "blog": 1}, 1)
	at := asOf.Add(-20 * time.Hour)
	path := func(user string, to ...string) {
		evs = append(evs, events.Event{UserID: user, SessionID: "s", EventType: "page_view", NodeSlug: "homepage", CreatedAt: at})
		for i, n := range to {
			evs = append(evs, events.Event{UserID: user, SessionID: "s", EventType: "page_view", NodeSlug: n, CreatedAt: at.Add(time.Duration(i+1) * time.Minute)})
		}
	}
	path("both1", "pricing", "blog")
	path("both2", "pricing", "blog")
	path("both3", "blog", "pricing")
	path("exit_first", "exit", "pricing", "blog")
	// 2 + 1 + 1 + 4 trials. Own references: pricing 2 + 4, blog 1 + 4.
	// Exclusive: pricing 2 + 2, blog 1 + 1, exit (unmeasured) 1, none 1.
	const n = 8
	graph := "edges:\n  to_pricing: {from: homepage, to: pricing}\n  to_blog: {from: homepage, to: blog}\n  to_exit: {from: homepage, to: exit}\n"
	texts := []string{
		"id: to_pricing\nedge_reference: e.to_pricing\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"id: to_blog\nedge_reference: e.to_blog\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
	}
	tests := []struct {
		name     string
		siblings string
		want     map[string]count
	}{
		{"independent", "", map[string]count{"to_pricing": {n, 6}, "to_blog": {n, 5}}},
		{"joint", "siblings:\n  homepage_exits: [to_pricing, to_blog, to_exit]\n", map[string]count{"to_pricing": {n, 4}, "to_blog": {n, 2}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := duckProject(t, evs)
			p.write(t, p.duckYAML("")+"graph: graph.yaml\n", texts...)
			if err := os.WriteFile(filepath.Join(p.dir, "graph.yaml"), []byte(graph+tc.siblings), 0o644); err != nil {
				t.Fatal(err)
			}
			proj, ps := p.load(t)
			res := run(t, pipeline.Runner{}, proj, ps, asOf)
			var sum float64
			for id, want := range tc.want {
				r := must(t, res, id)
				if r.Status != pipeline.StatusUpdated {
					t.Fatalf("%s: %s (%s)", id, r.Status, r.Reason)
				}
				if diff := cmp.Diff(want, countsOf(r)); diff != "" {
					t.Errorf("%s counts (-want +got):\n%s", id, diff)
				}
				rows := history(t, proj, id)
				last := rows[len(rows)-1]
				if got := (count{deref(last.Trials), deref(last.Successes)}); got != want {
					t.Errorf("%s: stored %+v, want %+v", id, got, want)
				}
				wantPost := conjugate(1, 1, want)
				if tc.siblings != "" {
					// Dirichlet(1, 1, 1) + (4, 2, 8 − 6): A = 11; to_exit's
					// trial is in the residual, with the none trial.
					wantPost = betaSummary(float64(1+want.Successes), float64(11-1-want.Successes))
					if got := r.Sibling.None.Mean; !cmp.Equal(got, 3.0/11, approx) {
						t.Errorf("%s: residual share mean %v, want 3/11", id, got)
					}
				}
				checkPosterior(t, id, r.Posterior, wantPost)
				sum += r.Posterior.Mean
			}
			t.Logf("%s: the edges' posterior means sum to %.4f", tc.name, sum)

			// render shows the split next to the counting statement,
			// over every edge of the group in declared order.
			rd := &pipeline.Runner{Project: proj, Params: ps, AsOf: asOf}
			out, err := rd.Render("to_blog")
			if err != nil {
				t.Fatal(err)
			}
			if tc.siblings == "" {
				if out.Siblings != nil {
					t.Errorf("render without siblings shows a split:\n%s", out.Siblings.SQL)
				}
				return
			}
			if out.Siblings == nil {
				t.Fatal("render shows no sibling split")
			}
			for _, want := range []string{"-- 1: e.to_pricing", "-- 3: e.to_exit", `"taken_3"`} {
				if !strings.Contains(out.Siblings.SQL, want) {
					t.Errorf("the rendered split lacks %q:\n%s", want, out.Siblings.SQL)
				}
			}
			if len(out.Siblings.Values) == 0 {
				t.Error("the rendered split lists no bound values")
			}
		})
	}
}

// TestSiblingsUnderAttribution: a group whose members filter on a context
// value, under each attribution written out. Under entry the anchor's
// value decides and all events count, so u1's bing blog view, before its
// google pricing view, takes u1 for to_blog, and u3's pricing view
// without a channel counts; u2, anchored on bing, is no trial. Under
// event only google events count: u1 goes to pricing, u3 is residual,
// and u2's google homepage view anchors a trial that reaches pricing.
func TestSiblingsUnderAttribution(t *testing.T) {
	at := asOf.Add(-20 * time.Hour)
	var evs []events.Event
	view := func(user, node string, minute int, channel string) {
		e := events.Event{UserID: user, SessionID: "s", EventType: "page_view", NodeSlug: node, CreatedAt: at.Add(time.Duration(minute) * time.Minute)}
		if channel != "" {
			e.Context = map[string]*string{"channel": events.Str(channel)}
		}
		evs = append(evs, e)
	}
	view("u1", "homepage", 0, "google")
	view("u1", "blog", 1, "bing")
	view("u1", "pricing", 2, "google")
	view("u2", "homepage", 0, "bing")
	view("u2", "homepage", 1, "google")
	view("u2", "pricing", 2, "google")
	view("u3", "homepage", 0, "google")
	view("u3", "pricing", 1, "")
	view("u4", "homepage", 0, "google")
	graph := "edges:\n  to_pricing: {from: homepage, to: pricing}\n  to_blog: {from: homepage, to: blog}\nsiblings:\n  homepage_exits: [to_pricing, to_blog]\n"
	tests := []struct {
		attribution string
		want        map[string]count
	}{
		{"entry", map[string]count{"to_pricing": {3, 1}, "to_blog": {3, 1}}},
		{"event", map[string]count{"to_pricing": {4, 2}, "to_blog": {4, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.attribution, func(t *testing.T) {
			param := func(edge string) string {
				return "id: " + edge + "\nedge_reference: e." + edge + ".context(channel='google').attribution(" + tc.attribution + ")\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n"
			}
			p := duckProject(t, evs)
			p.write(t, p.duckYAML("")+"graph: graph.yaml\n", param("to_pricing"), param("to_blog"))
			if err := os.WriteFile(filepath.Join(p.dir, "graph.yaml"), []byte(graph), 0o644); err != nil {
				t.Fatal(err)
			}
			proj, ps := p.load(t)
			res := run(t, pipeline.Runner{}, proj, ps, asOf)
			for id, want := range tc.want {
				r := must(t, res, id)
				if r.Status != pipeline.StatusUpdated {
					t.Fatalf("%s: %s (%s)", id, r.Status, r.Reason)
				}
				if diff := cmp.Diff(want, countsOf(r)); diff != "" {
					t.Errorf("%s counts (-want +got):\n%s", id, diff)
				}
			}
		})
	}
}
