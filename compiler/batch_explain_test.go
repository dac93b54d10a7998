package compiler

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBatchExplainsScansApart checks that a reference whose counting needs
// each event's time keeps its own scan, out of the shared pass that
// per-event (attribution(event)) shard scans share, and that --explain
// names it and the reason.
func TestBatchExplainsScansApart(t *testing.T) {
	cases := []struct {
		refs      []string
		apart     int    // the 0-based scan that reads on its own
		mentioned string // what its explanation must name
	}{
		{[]string{"e.signup.context(channel).attribution(event)", "e.signup.context(device).attribution(event)", "e.from(pricing).to(pricing).context(country).attribution(event)"}, 2, "e.from(pricing).to(pricing).context(country).attribution(event) (a repeated step)"},
		{[]string{"e.signup.context(channel).attribution(event)", "e.signup.context(device).attribution(event)", "e.signup.context(country).attribution(event).within(1h)"}, 2, "e.signup.context(country).attribution(event).within(1h) (within)"},
		{[]string{"e.signup.context(channel).attribution(event)", "e.signup.context(device).attribution(event).excludeBetween(help)", "e.signup.context(country).attribution(event)"}, 1, "e.signup.excludeBetween(help).context(device).attribution(event) (excludeBetween)"},
		{[]string{"e.signup.context(channel).attribution(event).attempt(any).within(1h)", "e.signup.context(device).attribution(event)", "e.signup.context(country).attribution(event)"}, 0, "e.signup.context(channel).attempt(any).attribution(event).within(1h) (attempt(any) with within)"},
	}
	for _, c := range cases {
		qs := parseRefs(t, c.refs)
		b, err := CompileBatch(qs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Shared) != 1 || len(b.Shared[0]) != 2 {
			t.Fatalf("%v: shared groups %v, want the two other scans together", c.refs, b.Shared)
		}
		for _, i := range b.Shared[0] {
			if i == c.apart {
				t.Errorf("%v: scan %d shares the pass", c.refs, i+1)
			}
		}
		got := b.Explain[c.apart]
		if !strings.Contains(got, "reads the events on its own: "+c.mentioned) {
			t.Errorf("%v: explain %q does not name %s", c.refs, got, c.mentioned)
		}
	}
}

// TestBatchKeepsWithinApart checks that references with within() never
// share a scan with references without: their scan reads past the
// window's end, and only their measures bound themselves by it.
func TestBatchKeepsWithinApart(t *testing.T) {
	qs := parseRefs(t, []string{"e.signup", "e.signup.within(1h)", "e.checkout.within(2h)", "e.checkout"})
	b, err := CompileBatch(qs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Scans) != 2 {
		t.Fatalf("%d scans, want 2: %q", len(b.Scans), b.Explain)
	}
	for i, p := range b.Scans {
		within := p.Outputs[0].Immature != nil
		for _, o := range p.Outputs {
			if (o.Immature != nil) != within {
				t.Errorf("scan %d mixes references with and without within(): %s", i+1, o.Ref)
			}
		}
		if (p.ObserveUntil != nil) != within {
			t.Errorf("scan %d: ObserveUntil %v, want it set exactly for within()", i+1, p.ObserveUntil)
		}
		if within && !strings.Contains(b.Explain[i], "reads to-events after the window's end, up to observe_until") {
			t.Errorf("scan %d: explain %q does not say why", i+1, b.Explain[i])
		}
	}
}

// TestBatchEntryShardsShareKeys checks that attribution(entry) references
// sharding by the same key, including the same reference twice, plan into
// one batch: the key's column is reserved against measures, not against
// the other references that shard by it.
func TestBatchEntryShardsShareKeys(t *testing.T) {
	for _, refs := range [][]string{
		{"e.signup.context(channel).attribution(entry)", "e.signup.context(channel).attribution(entry)"},
		{"e.signup.context(channel).attribution(entry)", "e.signup.visited(pricing).context(channel).attribution(entry)"},
		{"e.signup.context(channel,device).attribution(entry)", "e.checkout.context(channel).attribution(entry)"},
	} {
		qs := parseRefs(t, refs)
		b, err := CompileBatch(qs, Options{})
		if err != nil {
			t.Errorf("%v: %v", refs, err)
			continue
		}
		outputs := 0
		for _, p := range b.Scans {
			outputs += len(p.Outputs)
		}
		if outputs != len(refs) {
			t.Errorf("%v: %d outputs, want %d", refs, outputs, len(refs))
		}
	}
	// A measure still may not take a shard key's name.
	q, err := ParseQuery("e.signup.context(trials).attribution(entry)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CompileBatch([]*Query{q}, Options{}); err == nil {
		t.Error("a shard key named trials compiled")
	}
}

// TestBatchJoinsPlainReferencesToEntryScan checks that references without
// any context share the pass of the unsharded attribution(entry) scan of
// their shape (within() ones that of within()), that references with a
// per-event filter or a shard stay out of it, and that without an entry
// scan nothing moves.
func TestBatchJoinsPlainReferencesToEntryScan(t *testing.T) {
	cases := []struct {
		refs  []string
		scans [][]string // each scan's references, canonical, in order
	}{
		{
			[]string{"e.signup", "e.checkout.context(channel='google')", "e.signup.context(device='mobile').attribution(event)", "e.checkout.visited(pricing)"},
			[][]string{
				{"e.signup.context(device='mobile').attribution(event)"},
				{"e.checkout.context(channel='google')", "e.signup", "e.checkout.visited(pricing)"},
			},
		},
		{
			[]string{"e.signup", "e.checkout.context(channel='google')"},
			[][]string{{"e.checkout.context(channel='google')", "e.signup"}},
		},
		{
			[]string{"e.signup.within(1h)", "e.checkout.context(channel='google')", "e.checkout.context(channel='google').within(1h)"},
			[][]string{
				{"e.checkout.context(channel='google')"},
				{"e.checkout.context(channel='google').within(1h)", "e.signup.within(1h)"},
			},
		},
		{
			[]string{"e.signup", "e.checkout.context(channel='google').attribution(event)"},
			[][]string{{"e.signup", "e.checkout.context(channel='google').attribution(event)"}},
		},
		{
			[]string{"e.signup", "e.checkout.context(channel)"},
			[][]string{{"e.signup"}, {"e.checkout.context(channel)"}},
		},
	}
	for _, c := range cases {
		qs := parseRefs(t, c.refs)
		b, err := CompileBatch(qs, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got [][]string
		for _, p := range b.Scans {
			var refs []string
			for _, o := range p.Outputs {
				refs = append(refs, o.Ref)
			}
			got = append(got, refs)
		}
		if diff := cmp.Diff(c.scans, got); diff != "" {
			t.Errorf("%v: scans (-want +got):\n%s", c.refs, diff)
		}
	}
}
