package compiler

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// otherAttribution is the attribution that is not the default, which
// the canonical form keeps.
var otherAttribution = map[Attribution]Attribution{AttributionEntry: AttributionEvent, AttributionEvent: AttributionEntry}[DefaultAttribution]

// canonicalCases maps references to their canonical forms. The fixed-point
// test reuses the table, on both columns.
var canonicalCases = []struct {
	src  string
	want string
}{
	{"e.signup", "e.signup"},
	{"e . signup", "e.signup"},
	{"e.'signup'", "e.signup"},
	{"e.'sign up'", "e.'sign up'"},
	{"e.'o''brien'", "e.'o''brien'"},
	{"e.from", "e.from"},
	{"e.'from'", "e.from"},
	{"e.from.visited(a)", "e.from.visited(a)"},
	{"e.from(a).to(b)", "e.from(a).to(b)"},
	{"e.from('a').to('b c')", "e.from(a).to('b c')"},
	{"e.p.p.mean", "e.p.p.mean"},
	{"e.signup.visited(pricing,homepage).context(device:mobile,channel:'google').p.mean",
		"e.signup.visited(homepage,pricing).context(channel='google',device='mobile').p.mean"},
	{"e.signup.context(device:mobile, channel).context(channel)",
		"e.signup.context(channel,device='mobile')"},
	{"e.x.visited(b, a, b).visited(c)", "e.x.visited(a,b,c)"},
	{"e.x.visitedAny(b,a).visitedAny(c).visitedAny(a,b)", "e.x.visitedAny(a,b).visitedAny(c)"},
	{"e.x.visitedAny(z).visitedAny(a,z)", "e.x.visitedAny(a,z).visitedAny(z)"},
	{"e.x.exclude(z).exclude(y,z)", "e.x.exclude(y,z)"},
	{"e.x.contextAny(c=b,c:a).contextAny(a=z)", "e.x.contextAny(a='z',c='a',c='b')"},
	{"e.x.contextAny(c=a,c=a)", "e.x.contextAny(c='a')"},
	{"e.x.context(k='')", "e.x.context(k='')"},
	{"e.x.context(k=7d)", "e.x.context(k='7d')"},
	{"e.x.within(168h)", "e.x.within(7d)"},
	{"e.x.exclude(z).visitedBefore(b,a).visitedAny(c).visited(d)", "e.x.visited(d).visitedAny(c).visitedBefore(a,b).exclude(z)"},
	{"e.x.excludeBetween(b,a).exclude(z)", "e.x.exclude(z).excludeBetween(a,b)"},
	{"e.x.within(1h).attempt(any)", "e.x.attempt(any).within(1h)"},
	{"e.x.attempt(first).within(1h)", "e.x.within(1h)"},
	{"e.x.attribution(" + string(DefaultAttribution) + ").context(c)", "e.x.context(c)"},
	{"e.x.within(1h).attribution(" + string(otherAttribution) + ").context(c)", "e.x.context(c).attribution(" + string(otherAttribution) + ").within(1h)"},
	{"e.x.by(day).attempt(any)", "e.x.attempt(any).by(day)"},
	{"e.x.within(120s)", "e.x.within(2m)"},
	{"e.x.within(0s)", "e.x.within(0s)"},
	{"e.x.within(0h)", "e.x.within(0s)"},
	{"e.x.within(25h)", "e.x.within(25h)"},
	{"e.x.within(1440m)", "e.x.within(1d)"},
	{"e.x.within(9223372036854775807s)", "e.x.within(9223372036854775807s)"},
	{"e.x.by(week)", "e.x.by(week)"},
	// Clause order in the source does not matter.
	{"e.s.p.alpha", "e.s.p.alpha"},
	{"e.s.by(day).within(48h).contextAny(d=m).context(c=g).exclude(z).visitedAny(y,x).visited(v).p.n",
		"e.s.visited(v).visitedAny(x,y).exclude(z).context(c='g').contextAny(d='m').within(2d).by(day).p.n"},
	// Text that needs quoting is quoted, and only that.
	{"e.x.visited('a b','a,b','a.b','a''b','x', 'A-Z_09')",
		"e.x.visited(A-Z_09,'a b','a''b','a,b','a.b',x)"},
	{"e.x.visited('café','🚀').context(m='😀',n='a\\b',o='--;')",
		"e.x.visited('café','🚀').context(m='😀',n='a\\b',o='--;')"},
	{"e.x.context(v='line1\nline2')", "e.x.context(v='line1\nline2')"},
}

func TestCanonicalForm(t *testing.T) {
	for _, tt := range canonicalCases {
		t.Run(tt.src, func(t *testing.T) {
			q, err := ParseQuery(tt.src)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.src, err)
			}
			if got := q.String(); got != tt.want {
				t.Errorf("String():\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

func TestCanonicalFixedPoint(t *testing.T) {
	for _, tt := range canonicalCases {
		t.Run(tt.src, func(t *testing.T) {
			for _, src := range []string{tt.src, tt.want} {
				q, err := ParseQuery(src)
				if err != nil {
					t.Fatalf("ParseQuery(%q): %v", src, err)
				}
				checkFixedPoint(t, q)
			}
		})
	}
}

// checkFixedPoint checks that q's canonical form parses back to q and
// prints the same again.
func checkFixedPoint(t *testing.T, q *Query) {
	t.Helper()
	s := q.String()
	q2, err := ParseQuery(s)
	if err != nil {
		t.Fatalf("canonical form %q does not parse: %v", s, err)
	}
	if diff := cmp.Diff(q, q2); diff != "" {
		t.Errorf("canonical form %q parses to a different query (-orig +reparsed):\n%s", s, diff)
	}
	if s2 := q2.String(); s2 != s {
		t.Errorf("not a fixed point:\n first: %s\nsecond: %s", s, s2)
	}
}

// TestCanonicalHandBuilt covers Query values made without the parser: the
// SQL compiler's tests build them directly and rely on String for names.
func TestCanonicalHandBuilt(t *testing.T) {
	tests := []struct {
		q    *Query
		want string
	}{
		{&Query{Edge: Edge{Name: "signup"}}, "e.signup"},
		{&Query{Edge: Edge{From: "a b", To: "c"}, Within: &Duration{Amount: 7, Unit: 'd'}, By: PeriodMonth, Stat: StatBeta},
			"e.from('a b').to(c).within(7d).by(month).p.beta"},
		{&Query{
			Edge:       Edge{Name: "x"},
			Visited:    []string{"a"},
			VisitedAny: [][]string{{"b", "c"}, {"d"}},
			Exclude:    []string{"e"},
			Context:    []Term{{Key: "ch", Shard: true}, {Key: "d", Value: "it's"}},
			ContextAny: []Term{{Key: "k", Value: "1"}, {Key: "k", Value: "2"}},
		}, "e.x.visited(a).visitedAny(b,c).visitedAny(d).exclude(e).context(ch,d='it''s').contextAny(k='1',k='2')"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.q.String(); got != tt.want {
				t.Errorf("String():\n got: %s\nwant: %s", got, tt.want)
			}
			checkFixedPoint(t, tt.q)
		})
	}
}

// TestEquivalentSpellings checks that different spellings of one meaning
// normalise to equal Queries, which is what lets callers cache on them.
func TestEquivalentSpellings(t *testing.T) {
	groups := [][]string{
		{
			"e.signup.visited(a,b).context(channel='google')",
			"e.signup.context(channel:google).visited(b).visited(a)",
			"e . signup . visited ( b , a , a ) . context ( channel : 'google' , channel = google )",
			"e.'signup'.visited('b','a')\n.context(channel=google)",
		},
		{
			"e.from(a).to(b).within(7d)",
			"e.from('a').to('b').within(168h)",
			"e.from(a).to(b).within(10080m)",
			"e.from(a).to(b).within(604800s)",
		},
		{
			"e.x.visitedAny(a,b).visitedAny(c,d)",
			"e.x.visitedAny(d,c).visitedAny(b,a).visitedAny(a,b)",
		},
	}
	for _, g := range groups {
		first, err := ParseQuery(g[0])
		if err != nil {
			t.Fatalf("ParseQuery(%q): %v", g[0], err)
		}
		for _, src := range g[1:] {
			q, err := ParseQuery(src)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", src, err)
			}
			if diff := cmp.Diff(first, q); diff != "" {
				t.Errorf("%q and %q differ (-first +other):\n%s", g[0], src, diff)
			}
		}
	}
}
