package oracle

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// homepageSiblings are homepage → pricing, → blog, → exit, in that
// declared order, optionally with within().
func homepageSiblings(within *compiler.Duration) []*compiler.Query {
	var qs []*compiler.Query
	for _, to := range []string{"pricing", "blog", "exit"} {
		qs = append(qs, &compiler.Query{Edge: compiler.Edge{From: "homepage", To: to}, Within: within})
	}
	return qs
}

// TestSiblingSplitFixtures holds hand-counted splits: a unit that takes
// two members counts once, for the earlier; a tie goes to the member
// declared first; a to-event outside the window does not count; a unit
// that takes none is the residual.
func TestSiblingSplitFixtures(t *testing.T) {
	within1h := &compiler.Duration{Amount: 1, Unit: 'h'}
	tests := []struct {
		name   string
		events []events.Event
		qs     []*compiler.Query
		window *Window
		want   SiblingCounts
	}{
		{
			// u1 goes to blog (10:05) then pricing (10:10): blog's. u2
			// goes to pricing then blog: pricing's. u3 to exit only. u4
			// goes nowhere: residual. Independently pricing and blog
			// would have 2 successes each, 5 over 4 trials.
			name: "a unit taking two members counts once, for the earlier",
			events: []events.Event{
				view("u1", "s1", "homepage", "2025-02-03 10:00:00"), view("u1", "s1", "blog", "2025-02-03 10:05:00"), view("u1", "s1", "pricing", "2025-02-03 10:10:00"),
				view("u2", "s1", "homepage", "2025-02-03 10:00:00"), view("u2", "s1", "pricing", "2025-02-03 10:01:00"), view("u2", "s1", "blog", "2025-02-03 10:02:00"),
				view("u3", "s1", "homepage", "2025-02-03 10:00:00"), view("u3", "s1", "exit", "2025-02-03 10:30:00"),
				view("u4", "s1", "homepage", "2025-02-03 10:00:00"),
			},
			qs:     homepageSiblings(nil),
			window: entryDay(""),
			want:   SiblingCounts{Trials: 4, Taken: []int64{1, 1, 1}},
		},
		{
			// u1's blog and exit views share 10:05: blog is declared
			// before exit. u2's pricing and blog tie at the anchor's own
			// instant: pricing, declared first. u3's blog at the anchor's
			// instant beats its pricing a second later.
			name: "ties go to the member declared first",
			events: []events.Event{
				view("u1", "s1", "homepage", "2025-02-03 10:00:00"), view("u1", "s1", "exit", "2025-02-03 10:05:00"), view("u1", "s1", "blog", "2025-02-03 10:05:00"),
				view("u2", "s1", "homepage", "2025-02-03 10:00:00"), view("u2", "s1", "blog", "2025-02-03 10:00:00"), view("u2", "s1", "pricing", "2025-02-03 10:00:00"),
				view("u3", "s1", "homepage", "2025-02-03 10:00:00"), view("u3", "s1", "pricing", "2025-02-03 10:00:01"), view("u3", "s1", "blog", "2025-02-03 10:00:00"),
			},
			qs:     homepageSiblings(nil),
			window: entryDay(""),
			want:   SiblingCounts{Trials: 3, Taken: []int64{1, 2, 0}},
		},
		{
			// within(1h), cut-off 02-04 02:00. u1's pricing is past the
			// window (11:00:01), so its blog at 10:50 takes it; u2's exit
			// at 11:00:01 is outside, so u2 is residual; u3 is at 23:30 and reaches
			// pricing at 00:10 on the 4th, after end, before the cut-off;
			// u4 anchors at 01:30 on the 4th, after end: no trial; u5's
			// only pricing is before its anchor: residual.
			name: "to-events outside the window",
			events: []events.Event{
				view("u1", "s1", "homepage", "2025-02-03 10:00:00"), view("u1", "s1", "pricing", "2025-02-03 11:00:01"), view("u1", "s1", "blog", "2025-02-03 10:50:00"),
				view("u2", "s1", "homepage", "2025-02-03 10:00:00"), view("u2", "s1", "exit", "2025-02-03 11:00:01"),
				view("u3", "s1", "homepage", "2025-02-03 23:30:00"), view("u3", "s1", "pricing", "2025-02-04 00:10:00"),
				view("u4", "s1", "homepage", "2025-02-04 01:30:00"), view("u4", "s1", "pricing", "2025-02-04 01:31:00"),
				view("u5", "s1", "pricing", "2025-02-03 09:00:00"), view("u5", "s1", "homepage", "2025-02-03 10:00:00"),
			},
			qs:     homepageSiblings(within1h),
			window: entryDay("2025-02-04 02:00:00"),
			want:   SiblingCounts{Trials: 4, Taken: []int64{1, 1, 0}},
		},
		{
			// A repeated step homepage → homepage beside homepage →
			// pricing: u1's second homepage view (10:05) comes before
			// pricing (10:10); u2's only homepage view is the anchor, so
			// pricing takes it; u3's two homepage views share the anchor's
			// instant, a tie homepage wins as declared first.
			name: "a repeated step needs another event than the anchor",
			events: []events.Event{
				view("u1", "s1", "homepage", "2025-02-03 10:00:00"), view("u1", "s1", "homepage", "2025-02-03 10:05:00"), view("u1", "s1", "pricing", "2025-02-03 10:10:00"),
				view("u2", "s1", "homepage", "2025-02-03 10:00:00"), view("u2", "s1", "pricing", "2025-02-03 10:10:00"),
				view("u3", "s1", "homepage", "2025-02-03 10:00:00"), view("u3", "s1", "homepage", "2025-02-03 10:00:00"), view("u3", "s1", "pricing", "2025-02-03 10:00:00"),
			},
			qs: []*compiler.Query{
				{Edge: compiler.Edge{From: "homepage", To: "homepage"}},
				{Edge: compiler.Edge{From: "homepage", To: "pricing"}},
			},
			window: entryDay(""),
			want:   SiblingCounts{Trials: 3, Taken: []int64{2, 1}},
		},
		{
			// attribution(entry), context(channel='google'): the anchor's
			// value decides, and every event counts. u1's blog view is
			// bing but counts, before its pricing: blog's. u2's anchor
			// (09:00) is bing: no trial, though a google homepage view
			// follows. u3's pricing has no channel: pricing's. u4 is
			// residual.
			name:   "attribution(entry): a to-event whose context differs from the anchor's",
			events: attributionEvents,
			qs:     googleSiblings(compiler.AttributionEntry),
			window: entryDay(""),
			want:   SiblingCounts{Trials: 3, Taken: []int64{1, 1}},
		},
		{
			// The same events under attribution(event): only google events
			// count. u1's bing blog view is not seen, so pricing takes it;
			// u2's google homepage view anchors and converts to pricing;
			// u3's pricing without a channel is not seen: residual.
			name:   "attribution(event): the same events split by value",
			events: attributionEvents,
			qs:     googleSiblings(compiler.AttributionEvent),
			window: entryDay(""),
			want:   SiblingCounts{Trials: 4, Taken: []int64{2, 0}},
		},
	}
	schema := compiler.DefaultSchema()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SiblingSplit(tt.events, tt.qs, schema, nil, "", *tt.window)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			// The split keeps Count's trials, and no member takes more
			// trials than its own reference counts as successes.
			for i, q := range tt.qs {
				rows := Count(tt.events, q, schema, nil, "", *tt.window)
				if rows[0].Trials != got.Trials || rows[0].Immature != got.Immature {
					t.Errorf("%s: Count has %d trials, %d immature; the split %d, %d", q, rows[0].Trials, rows[0].Immature, got.Trials, got.Immature)
				}
				if got.Taken[i] > rows[0].Successes {
					t.Errorf("%s takes %d trials, more than its %d successes", q, got.Taken[i], rows[0].Successes)
				}
			}
		})
	}
}

// googleSiblings are homepage → pricing and → blog with
// context(channel='google') under the attribution a.
func googleSiblings(a compiler.Attribution) []*compiler.Query {
	var qs []*compiler.Query
	for _, to := range []string{"pricing", "blog"} {
		qs = append(qs, &compiler.Query{Edge: compiler.Edge{From: "homepage", To: to}, Context: []compiler.Term{value("channel", "google")}, Attribution: a})
	}
	return qs
}

// attributionEvents are units whose context values change between the
// anchor and the to-events (see the attribution cases above).
var attributionEvents = []events.Event{
	view("u1", "s1", "homepage", "2025-02-03 10:00:00", "channel", "google"), view("u1", "s1", "blog", "2025-02-03 10:05:00", "channel", "bing"), view("u1", "s1", "pricing", "2025-02-03 10:10:00", "channel", "google"),
	view("u2", "s1", "homepage", "2025-02-03 09:00:00", "channel", "bing"), view("u2", "s1", "homepage", "2025-02-03 10:00:00", "channel", "google"), view("u2", "s1", "pricing", "2025-02-03 10:01:00", "channel", "google"),
	view("u3", "s1", "homepage", "2025-02-03 10:00:00", "channel", "google"), view("u3", "s1", "pricing", "2025-02-03 10:20:00"),
	view("u4", "s1", "homepage", "2025-02-03 10:00:00", "channel", "google"),
}
