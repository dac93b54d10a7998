package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// siblingGraph declares three edges out of homepage, one out of pricing,
// and the group of the first three.
const siblingGraph = `edges:
  to_pricing: {from: homepage, to: pricing}
  to_blog: {from: homepage, to: blog}
  to_about: {from: homepage, to: about}
  pricing_to_signup: {from: pricing, to: signup}
siblings:
  exits: [to_pricing, to_blog, to_about]
`

// TestSiblingGroups checks the rule of a sibling group: in the graph file,
// edges that exist, leave one node and are in one group; in the
// parameter files, one parameter per edge, all counting the same trials,
// none sharded, a time series or pooled. Each broken rule is reported at
// its file:line:col, and LoadEach sets the offending files aside.
func TestSiblingGroups(t *testing.T) {
	param := func(id, ref string) string {
		return "id: " + id + "\nedge_reference: \"" + ref + "\"\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n"
	}
	tests := []struct {
		name   string
		graph  string
		params map[string]string
		want   []string
		broken []string // the files LoadEach sets aside
	}{
		{
			name:  "consistent group",
			graph: siblingGraph,
			params: map[string]string{
				"p.yaml": param("p", "e.to_pricing.visited(x).context(channel='o''brien')"),
				"b.yaml": param("b", "e.to_blog.context(channel:'o''brien').visited(x)"),
			},
		},
		{
			// Written out, so the group holds whatever the default is.
			name:  "consistent group with context filters under attribution(entry)",
			graph: siblingGraph,
			params: map[string]string{
				"p.yaml": param("p", "e.to_pricing.context(channel='x').contextAny(device='a',device='b').attribution(entry)"),
				"b.yaml": param("b", "e.to_blog.context(channel='x').contextAny(device='a',device='b').attribution(entry)"),
				"a.yaml": param("a", "e.to_about.context(channel='x').contextAny(device='a',device='b').attribution(entry)"),
			},
		},
		{
			name:  "consistent group with context filters under attribution(event)",
			graph: siblingGraph,
			params: map[string]string{
				"p.yaml": param("p", "e.to_pricing.context(channel='x').attribution(event)"),
				"b.yaml": param("b", "e.to_blog.context(channel='x').attribution(event)"),
			},
		},
		{
			name:  "graph errors",
			graph: strings.Replace(siblingGraph, "  exits: [to_pricing, to_blog, to_about]\n", "  exits: [to_pricing, to_blog]\n  more: [to_about, to_blgo, pricing_to_signup, to_about, to_pricing]\n  lone: [to_about]\n", 1),
			want: []string{
				`DIR/graph.yaml:8:20: siblings.more[1]: no edge named "to_blgo" in the graph file (declare it under edges: with from and to)`,
				`DIR/graph.yaml:8:29: siblings.more[2]: edge "pricing_to_signup" leaves pricing, but to_about leaves homepage (siblings are shares of one node's trials)`,
				`DIR/graph.yaml:8:48: siblings.more[3]: edge "to_about" is listed twice`,
				`DIR/graph.yaml:8:58: siblings.more[4]: edge "to_pricing" is already in sibling group exits (an edge's trials are split one way)`,
				`DIR/graph.yaml:9:9: siblings.lone: a sibling group needs at least two edges, found 1 (list two or more edges that leave one node)`,
			},
		},
		{
			name:  "members count different trials",
			graph: siblingGraph,
			params: map[string]string{
				"p.yaml": param("p", "e.to_pricing.visited(x)"),
				"b.yaml": param("b", "e.to_blog.visited(y)"),
				"o.yaml": param("o", "e.pricing_to_signup.visited(y)"),
			},
			want: []string{
				`DIR/params/b.yaml:2:17: edge_reference: the parameters of sibling group exits (DIR/graph.yaml:7:10) count different trials: DIR/params/b.yaml counts e.<edge>.visited(y), conversion window 0s, connection default, type sql; DIR/params/p.yaml counts e.<edge>.visited(x), conversion window 0s, connection default, type sql (siblings must count the same trials: the same filters, within, conversion_window, connection and type)`,
				`DIR/params/p.yaml:2:17: edge_reference: the parameters of sibling group exits (DIR/graph.yaml:7:10) count different trials: DIR/params/b.yaml counts e.<edge>.visited(y), conversion window 0s, connection default, type sql; DIR/params/p.yaml counts e.<edge>.visited(x), conversion window 0s, connection default, type sql (siblings must count the same trials: the same filters, within, conversion_window, connection and type)`,
			},
			broken: []string{"b.yaml", "p.yaml"},
		},
		{
			name:  "two parameters on one edge, a sharded and a time-series member",
			graph: siblingGraph,
			params: map[string]string{
				"a.yaml": param("a", "e.to_pricing"),
				"b.yaml": param("b", "e.to_pricing"),
				"c.yaml": "id: c\nedge_reference: \"e.to_blog.context(channel)\"\nbayesian_update: { pooling: empirical }\n",
				"d.yaml": param("d", "e.to_about.by(week)"),
			},
			want: []string{
				`DIR/params/b.yaml:2:17: edge_reference: edge to_pricing of sibling group exits (DIR/graph.yaml:7:10) is measured by DIR/params/a.yaml too (one parameter per edge of a group)`,
				`DIR/params/c.yaml:2:17: edge_reference: edge to_blog is in sibling group exits (DIR/graph.yaml:7:10), which cannot be sharded by context(channel) (give each shard its own group of parameters)`,
				`DIR/params/d.yaml:2:17: edge_reference: edge to_about is in sibling group exits (DIR/graph.yaml:7:10), which cannot be a time series (remove by())`,
			},
			broken: []string{"b.yaml", "c.yaml", "d.yaml"},
		},
		{
			name:  "members whose trials the exclusive split does not define",
			graph: siblingGraph,
			params: map[string]string{
				"a.yaml": param("a", "e.to_pricing.attempt(any).within(1h)"),
				"b.yaml": param("b", "e.to_blog.excludeBetween(x)"),
			},
			want: []string{
				`DIR/params/a.yaml:2:17: edge_reference: edge to_pricing is in sibling group exits (DIR/graph.yaml:7:10), whose trials cannot be split exclusively under attempt(any) (siblings are counted from one anchor, the first from-event)`,
				`DIR/params/b.yaml:2:17: edge_reference: edge to_blog is in sibling group exits (DIR/graph.yaml:7:10), whose trials cannot be split exclusively with excludeBetween() yet (remove excludeBetween())`,
			},
			broken: []string{"a.yaml", "b.yaml"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"paramsql.yaml": "connections:\n  default: { driver: duckdb, dsn: events.duckdb }\ngraph: graph.yaml\n",
				"graph.yaml":    tc.graph,
			}
			for name, body := range tc.params {
				files["params/"+name] = body
			}
			for name, body := range files {
				path := filepath.Join(dir, name)
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			_, _, err := Load(dir)
			var got []string
			for _, l := range errorLines(err) {
				got = append(got, strings.ReplaceAll(l, dir, "DIR"))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("Load errors (-want +got):\n%s", diff)
			}
			if tc.broken == nil {
				return
			}
			_, _, broken, err := LoadEach(dir)
			if err != nil {
				t.Fatal(err)
			}
			var files2 []string
			for _, b := range broken {
				files2 = append(files2, filepath.Base(b.File))
			}
			if diff := cmp.Diff(tc.broken, files2); diff != "" {
				t.Errorf("LoadEach broken files (-want +got):\n%s", diff)
			}
		})
	}
}
