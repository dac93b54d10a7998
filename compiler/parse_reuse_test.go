package compiler

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestParsedQueriesOwnTheirMemory checks that ParseQuery's reuse of its
// syntax trees leaves every Query it returned as it was: each list a
// Query holds is its own, not the tree's room, which the next parse
// clears and fills.
func TestParsedQueriesOwnTheirMemory(t *testing.T) {
	srcs := []string{
		"e.signup.visited(homepage,pricing).exclude(blog).context(channel='google',device).p.mean",
		"e.from(a).to(b).visitedAny(x,y).visitedBefore(c).excludeBetween(d).within(7d).by(week)",
		"e.checkout.contextAny(channel='a',channel='b').attempt(any).attribution(event).context(country='de')",
	}
	var got, want []*Query
	for _, src := range srcs {
		ref, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := Normalize(ref)
		if err != nil {
			t.Fatal(err)
		}
		q, err := ParseQuery(src)
		if err != nil {
			t.Fatal(err)
		}
		got, want = append(got, q), append(want, fresh)
	}
	for i := len(srcs) - 1; i >= 0; i-- {
		if _, err := ParseQuery(srcs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("queries changed by later parses (-want +got):\n%s", diff)
	}
}
