package compiler

import (
	"strings"
	"testing"
)

// TestSiblingSplitPlan: the split's trials are the counting query's, for
// every member; the members share one anchor; each member places its
// first to-event with two measures (at the anchor, next after it); and
// nothing else is computed.
func TestSiblingSplitPlan(t *testing.T) {
	qs := parseRefs(t, []string{
		"e.from(homepage).to(pricing).visited(blog).within(1h)",
		"e.from(homepage).to(blog).visited(blog).within(1h)",
		"e.from(homepage).to(homepage).visited(blog).within(1h)",
	})
	s, err := CompileSiblingSplit(qs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range qs {
		p, err := Compile(q, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got, want := Key(s.Plan.Outputs[0].Trial), Key(p.Outputs[0].Trial); got != want {
			t.Errorf("%s: the split's trial %v differs from the counting query's %v", q, s.Plan.Outputs[0].Trial, p.Outputs[0].Trial)
		}
		if got, want := Key(s.Plan.Outputs[0].Immature), Key(p.Outputs[0].Immature); got != want {
			t.Errorf("%s: the split's immature %v differs from the counting query's %v", q, s.Plan.Outputs[0].Immature, p.Outputs[0].Immature)
		}
	}
	kinds := map[MeasureKind]int{}
	for _, m := range s.Plan.Measures {
		kinds[m.Kind]++
	}
	// first_homepage, and first_homepage_only for the repeated step; the
	// visited and maturity flags; at-anchor counts and nexts per member.
	want := map[MeasureKind]int{MeasureFirst: 2, MeasureAny: 2, MeasureCountWithin: 3, MeasureFirstAfter: 3}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d measures of kind %d, want %d (%v)", kinds[k], k, n, s.Plan.Measures)
		}
	}
	if len(s.Plan.Measures) != 10 {
		t.Errorf("%d measures, want 10: %v", len(s.Plan.Measures), s.Plan.Measures)
	}
	if len(s.Members) != 3 || s.Members[2].Ref != qs[2].String() {
		t.Errorf("members %v, want the references in order", s.Members)
	}
	if !strings.Contains(s.Explain, "1 scan: 3 sibling(s)") {
		t.Errorf("explain %q", s.Explain)
	}
}

// TestSiblingSplitAttribution: with context filters, under either
// attribution written out, the split scans the events its members'
// counting queries scan (all of them under entry, those with the values
// under event) and counts their trials and immature trials.
func TestSiblingSplitAttribution(t *testing.T) {
	for _, attribution := range []string{"entry", "event"} {
		t.Run(attribution, func(t *testing.T) {
			var qs []*Query
			for _, to := range []string{"pricing", "blog"} {
				q, err := ParseQuery("e.from(homepage).to(" + to + ").context(channel='google').contextAny(device='a',device='b').within(1h).attribution(" + attribution + ")")
				if err != nil {
					t.Fatal(err)
				}
				qs = append(qs, q)
			}
			s, err := CompileSiblingSplit(qs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range qs {
				p, err := Compile(q, Options{})
				if err != nil {
					t.Fatal(err)
				}
				// The relevance filters differ: the split widens its
				// to every member's to-node.
				split, own := s.Plan.Filter, p.Filter
				if got, want := Key(And(split)), Key(And(own)); got != want {
					t.Errorf("%s: the split's event filter %v differs from the counting query's %v", q, split, own)
				}
				if got, want := Key(s.Plan.Outputs[0].Trial), Key(p.Outputs[0].Trial); got != want {
					t.Errorf("%s: the split's trial %v differs from the counting query's %v", q, s.Plan.Outputs[0].Trial, p.Outputs[0].Trial)
				}
				if got, want := Key(s.Plan.Outputs[0].Immature), Key(p.Outputs[0].Immature); got != want {
					t.Errorf("%s: the split's immature %v differs from the counting query's %v", q, s.Plan.Outputs[0].Immature, p.Outputs[0].Immature)
				}
			}
		})
	}
}
