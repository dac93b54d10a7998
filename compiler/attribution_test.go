package compiler

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEntryPlan checks the shape attribution(entry) gives a plan: the
// context clauses leave the event filter, each key becomes a value read on
// the anchor, and a shard key keeps its name from the measures' aliases.
func TestEntryPlan(t *testing.T) {
	tests := []struct {
		ref        string
		attributed []string // the shard keys read on the anchor
		measures   []string // the MeasureAtAnchor names
	}{
		{"e.signup.context(channel).attribution(entry)", []string{"channel"}, []string{"entry_channel"}},
		{"e.signup.context(channel,device='m').contextAny(country='us',country='gb').attribution(entry)",
			[]string{"channel"}, []string{"entry_channel", "entry_device", "entry_country"}},
		{"e.signup.context(first_signup_attempt).attribution(entry)",
			[]string{"first_signup_attempt"}, []string{"entry_first_signup_attempt"}},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			q, err := ParseQuery(tt.ref)
			if err != nil {
				t.Fatal(err)
			}
			p, err := Compile(q, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Shards) != 0 {
				t.Errorf("shards %v: an entry plan groups units by no event column", p.Shards)
			}
			if p.Relevance == nil {
				t.Errorf("no relevance filter: the anchor's events are the ones to read")
			}
			for _, f := range append(slices.Clip(p.Filter), p.Relevance) {
				for _, c := range ColumnsRead(f) {
					if c != "event_type" && c != "node_slug" {
						t.Errorf("event filter %s reads %s: the context must test the anchor", Key(f), c)
					}
				}
			}
			var keys, atAnchor []string
			for _, s := range p.Attributed {
				keys = append(keys, s.Key)
			}
			for _, m := range p.Measures {
				if m.Kind == MeasureAtAnchor {
					atAnchor = append(atAnchor, m.Name)
				}
				for _, k := range keys {
					if m.Name == k {
						t.Errorf("measure %s takes the name of shard key %s", m.Name, k)
					}
				}
			}
			if d := cmp.Diff(tt.attributed, keys); d != "" {
				t.Errorf("attributed keys (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.measures, atAnchor); d != "" {
				t.Errorf("values read on the anchor (-want +got):\n%s", d)
			}
			if err := Batchable(q); err != nil {
				t.Errorf("Batchable(%s): %v; the batch counts entry", q, err)
			}
		})
	}
}
