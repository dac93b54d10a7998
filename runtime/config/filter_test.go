package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paramsql/paramsql/compiler"
)

func TestFilterQuery(t *testing.T) {
	tests := []struct {
		src  string
		want *compiler.Query
	}{
		{"id: x\n", nil},
		{
			"id: x\ncontext_filter: {device: mobile, channel: google}\nvisited_filter: [pricing, homepage, pricing]\n",
			&compiler.Query{
				Visited: []string{"homepage", "pricing"},
				Context: []compiler.Term{{Key: "channel", Value: "google"}, {Key: "device", Value: "mobile"}},
			},
		},
		{
			"id: x\nvisited_filter: {operator: AND, nodes: [b, a]}\n",
			&compiler.Query{Visited: []string{"a", "b"}},
		},
		{
			"id: x\nvisited_filter: {operator: OR, nodes: [p3, p1, p2]}\n",
			&compiler.Query{VisitedAny: [][]string{{"p1", "p2", "p3"}}},
		},
		{
			"id: x\nvisited_filter: {operator: OR, nodes: [only]}\n",
			&compiler.Query{Visited: []string{"only"}},
		},
	}
	for _, tc := range tests {
		p, err := ParseParam("p.yaml", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, p.FilterQuery()); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tc.src, diff)
		}
	}
}

// TestDiffFilters compares filter queries with reference queries built by
// hand, covering the shapes ParseQuery can return.
func TestDiffFilters(t *testing.T) {
	p, err := ParseParam("p.yaml", []byte("id: x\nvisited_filter: {operator: OR, nodes: [a, b]}\ncontext_filter: {channel: google}\n"))
	if err != nil {
		t.Fatal(err)
	}
	filt := p.FilterQuery()
	tests := []struct {
		name string
		ref  *compiler.Query
		want []filterDiff
	}{
		{
			name: "equal",
			ref: &compiler.Query{
				VisitedAny: [][]string{{"a", "b"}},
				Context:    []compiler.Term{{Key: "channel", Value: "google", Pos: compiler.Pos{Line: 1, Col: 9}}},
			},
		},
		{
			name: "visitedAny of one node counts as visited",
			ref: &compiler.Query{
				VisitedAny: [][]string{{"a", "b"}, {"c"}},
				Context:    []compiler.Term{{Key: "channel", Value: "google"}},
			},
			want: []filterDiff{{"edge_reference", "edge_reference has visited c but visited_filter does not"}},
		},
		{
			name: "no visitedAny in the reference",
			ref: &compiler.Query{
				Visited: []string{"a"},
				Context: []compiler.Term{{Key: "channel", Value: "google"}},
			},
			want: []filterDiff{
				{"edge_reference", "edge_reference has visited a but visited_filter does not"},
				{"visited_filter.operator", "visited_filter is OR of a, b but edge_reference has no visitedAny"},
			},
		},
		{
			name: "several visitedAny groups",
			ref: &compiler.Query{
				VisitedAny: [][]string{{"a", "c"}, {"b", "d"}},
				Context:    []compiler.Term{{Key: "channel", Value: "google"}},
			},
			want: []filterDiff{
				{"visited_filter.operator", "visited_filter OR of a, b matches no visitedAny of edge_reference"},
				{"edge_reference", "edge_reference has visitedAny(a, c) but visited_filter does not"},
				{"edge_reference", "edge_reference has visitedAny(b, d) but visited_filter does not"},
			},
		},
		{
			name: "context shard and contextAny",
			ref: &compiler.Query{
				VisitedAny: [][]string{{"a", "b"}},
				Context:    []compiler.Term{{Key: "channel", Shard: true}, {Key: "device", Shard: true}},
				ContextAny: []compiler.Term{{Key: "country", Value: "nl"}, {Key: "country", Value: "be"}},
			},
			want: []filterDiff{
				{"context_filter.channel", "context_filter channel='google' but edge_reference shards by channel"},
				{"edge_reference", "edge_reference shards by device but context_filter does not have device"},
				{"edge_reference", "edge_reference has contextAny country='nl' but context_filter does not"},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := p.diffFilters(tc.ref, filt, "edge_reference", true, true)
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(filterDiff{})); diff != "" {
				t.Errorf("diffFilters (-want +got):\n%s", diff)
			}
		})
	}
}
