package oracle

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// lagEdges are the fixtures' buckets: [0, 10m], (10m, 30m], (30m, 1h].
var lagEdges = []time.Duration{10 * time.Minute, 30 * time.Minute, time.Hour}

// TestLagHistogramFixtures holds hand-counted histograms at the edges:
// a lag exactly at a bucket edge and at the window, ties, to-events after
// end or past the window, immature (censored) trials and repeated steps.
func TestLagHistogramFixtures(t *testing.T) {
	within1h := &compiler.Duration{Amount: 1, Unit: 'h'}
	tests := []struct {
		name   string
		events []events.Event
		q      *compiler.Query
		window *Window
		want   map[LagCell]int64
	}{
		{
			// u1 converts at 10m exactly (first bucket, edges are
			// inclusive), u2 at 1h exactly (the window's own edge), u3 at
			// 1h00m01s (past the window: no conversion), u4 at 30m01s.
			name: "lags at bucket edges and at the window",
			events: []events.Event{
				attempt("u1", "s1", "2025-02-03 10:00:00"), success("u1", "s1", "2025-02-03 10:10:00"),
				attempt("u2", "s1", "2025-02-03 10:00:00"), success("u2", "s1", "2025-02-03 11:00:00"),
				attempt("u3", "s1", "2025-02-03 10:00:00"), success("u3", "s1", "2025-02-03 11:00:01"),
				attempt("u4", "s1", "2025-02-03 10:00:00"), success("u4", "s1", "2025-02-03 10:30:01"),
			},
			q:      &compiler.Query{Edge: signup, Within: within1h},
			window: entryDay(""),
			want:   map[LagCell]int64{{LagUpTo: 10 * time.Minute}: 1, {LagUpTo: time.Hour}: 2},
		},
		{
			// u1's success at the attempt's instant is lag 0; u2 has two
			// attempts, and the lag runs from the first (10:00), not the
			// second (10:40), so 45m; u3's earliest success counts (5m),
			// not its later one.
			name: "ties, later attempts and later successes",
			events: []events.Event{
				attempt("u1", "s1", "2025-02-03 10:00:00"), success("u1", "s1", "2025-02-03 10:00:00"),
				attempt("u2", "s1", "2025-02-03 10:00:00"), attempt("u2", "s1", "2025-02-03 10:40:00"), success("u2", "s1", "2025-02-03 10:45:00"),
				attempt("u3", "s1", "2025-02-03 10:00:00"), success("u3", "s1", "2025-02-03 10:05:00"), success("u3", "s1", "2025-02-03 10:50:00"),
			},
			q:      &compiler.Query{Edge: signup, Within: within1h},
			window: entryDay(""),
			want:   map[LagCell]int64{{LagUpTo: 10 * time.Minute}: 2, {LagUpTo: time.Hour}: 1},
		},
		{
			// Cut-off 02-04 01:00. u1 attempts at 23:50 and converts at
			// 00:15 on the 4th, after end: a 25m lag. u2 attempts at
			// 00:00 on the 3rd + 1h = 01:00 on the 3rd: mature. u3
			// attempts at 00:00 on the 4th, at end: no trial. u4
			// attempts at 00:00:00 on the 4th minus 1s with its window
			// ending 00:59:59, mature, converting at 00:59:00 (59m).
			name: "a to-event after end, up to the cut-off",
			events: []events.Event{
				attempt("u1", "s1", "2025-02-03 23:50:00"), success("u1", "s1", "2025-02-04 00:15:00"),
				attempt("u2", "s1", "2025-02-03 00:00:00"), success("u2", "s1", "2025-02-03 00:20:00"),
				attempt("u3", "s1", "2025-02-04 00:00:00"), success("u3", "s1", "2025-02-04 00:01:00"),
				attempt("u4", "s1", "2025-02-03 23:59:59"), success("u4", "s1", "2025-02-04 00:58:59"),
			},
			q:      &compiler.Query{Edge: signup, Within: within1h},
			window: entryDay("2025-02-04 01:00:00"),
			want:   map[LagCell]int64{{LagUpTo: 30 * time.Minute}: 2, {LagUpTo: time.Hour}: 1},
		},
		{
			// Cut-off 02-04 00:30: u1 (23:30 + 1h = 00:30, at the cut-off)
			// is censored, 1h old, though it converted 5m in: it is out
			// of the histogram and in the 1h age bucket; u2 (23:00,
			// window ending 00:00) is mature and converts in 20m.
			name: "a censored trial is in its age bucket, not in the histogram",
			events: []events.Event{
				attempt("u1", "s1", "2025-02-03 23:30:00"), success("u1", "s1", "2025-02-03 23:35:00"),
				attempt("u2", "s1", "2025-02-03 23:00:00"), success("u2", "s1", "2025-02-03 23:20:00"),
			},
			q:      &compiler.Query{Edge: signup, Within: within1h},
			window: entryDay("2025-02-04 00:30:00"),
			want:   map[LagCell]int64{{AgeUpTo: time.Hour, LagUpTo: 10 * time.Minute}: 1, {LagUpTo: 30 * time.Minute}: 1},
		},
		{
			// Cut-off at end, 02-04 00:00. u1 is 5m old and converted
			// after 3m; u2 is 20m old and has not converted; u3 is 1h old
			// exactly (23:00 + 1h is the cut-off): immature; u4 is 1h and
			// 1s old, mature, and converted exactly 1h in.
			name: "immature trials by age, at the edges",
			events: []events.Event{
				attempt("u1", "s1", "2025-02-03 23:55:00"), success("u1", "s1", "2025-02-03 23:58:00"),
				attempt("u2", "s1", "2025-02-03 23:40:00"),
				attempt("u3", "s1", "2025-02-03 23:00:00"),
				attempt("u4", "s1", "2025-02-03 22:59:59"), success("u4", "s1", "2025-02-03 23:59:59"),
			},
			q:      &compiler.Query{Edge: signup, Within: within1h},
			window: entryDay(""),
			want: map[LagCell]int64{
				{AgeUpTo: 10 * time.Minute, LagUpTo: 10 * time.Minute}: 1,
				{AgeUpTo: 30 * time.Minute}:                            1,
				{AgeUpTo: time.Hour}:                                   1,
				{LagUpTo: time.Hour}:                                   1,
			},
		},
		{
			// A repeated step: u1's one pricing view converts nothing; u2
			// views it twice at one instant (two events: lag 0); u3
			// views it at 10:00 and 10:20 (20m).
			name: "a repeated step needs another event",
			events: []events.Event{
				view("u1", "s1", "pricing", "2025-02-03 10:00:00"),
				view("u2", "s1", "pricing", "2025-02-03 10:00:00"), view("u2", "s1", "pricing", "2025-02-03 10:00:00"),
				view("u3", "s1", "pricing", "2025-02-03 10:00:00"), view("u3", "s1", "pricing", "2025-02-03 10:20:00"),
			},
			q:      &compiler.Query{Edge: compiler.Edge{From: "pricing", To: "pricing"}, Within: within1h},
			window: entryDay(""),
			want:   map[LagCell]int64{{LagUpTo: 10 * time.Minute}: 1, {LagUpTo: 30 * time.Minute}: 1},
		},
		{
			// Path conditions and context: u2 did not visit pricing, u3's
			// events are another channel.
			name: "path conditions and context filter the trials",
			events: []events.Event{
				view("u1", "s1", "pricing", "2025-02-03 09:00:00", "channel", "google"),
				attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"), success("u1", "s1", "2025-02-03 10:40:00", "channel", "google"),
				attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "google"), success("u2", "s1", "2025-02-03 10:01:00", "channel", "google"),
				view("u3", "s1", "pricing", "2025-02-03 09:00:00", "channel", "bing"),
				attempt("u3", "s1", "2025-02-03 10:00:00", "channel", "bing"), success("u3", "s1", "2025-02-03 10:01:00", "channel", "bing"),
			},
			q:      &compiler.Query{Edge: signup, Visited: []string{"pricing"}, Context: []compiler.Term{value("channel", "google")}, Within: within1h},
			window: entryDay(""),
			want:   map[LagCell]int64{{LagUpTo: time.Hour}: 1},
		},
		{
			// attribution(entry): the filter tests the anchor's value and
			// every event of the unit counts. u1's google attempt
			// converts on a bing success in 20m; u2's anchor is bing, so
			// its later google attempt is no trial; u3's anchor has no
			// channel (NULL passes no filter); u4's two attempts at its
			// anchor's instant hold NULL and google, and the value one
			// makes the anchor google (40m); u5 is immature (10m old)
			// and converted on a bing success.
			name:   "attribution(entry) tests the anchor's value",
			events: attributedLags,
			q:      &compiler.Query{Edge: signup, Context: []compiler.Term{value("channel", "google")}, Attribution: entry(), Within: within1h},
			window: entryDay(""),
			want:   map[LagCell]int64{{LagUpTo: 30 * time.Minute}: 1, {LagUpTo: time.Hour}: 1, {AgeUpTo: 10 * time.Minute, LagUpTo: 10 * time.Minute}: 1},
		},
		{
			// contextAny under attribution(entry): u2's bing anchor now
			// passes and converts on its google success 15m in.
			name:   "attribution(entry) with contextAny",
			events: attributedLags,
			q: &compiler.Query{Edge: signup, ContextAny: []compiler.Term{value("channel", "bing"), value("channel", "google")},
				Attribution: entry(), Within: within1h},
			window: entryDay(""),
			want:   map[LagCell]int64{{LagUpTo: 30 * time.Minute}: 2, {LagUpTo: time.Hour}: 1, {AgeUpTo: 10 * time.Minute, LagUpTo: 10 * time.Minute}: 1},
		},
		{
			// A sharded reference under attribution(entry) pools its
			// rows: u1, u2 (bing), u4 (google) and u5 convert; u3's
			// anchor has no channel, its row is channel IS NULL, and it
			// converts in 5m.
			name:   "a sharded reference under attribution(entry) pools its rows",
			events: attributedLags,
			q:      &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel")}, Attribution: entry(), Within: within1h},
			window: entryDay(""),
			want: map[LagCell]int64{
				{LagUpTo: 10 * time.Minute}: 1, {LagUpTo: 30 * time.Minute}: 2, {LagUpTo: time.Hour}: 1,
				{AgeUpTo: 10 * time.Minute, LagUpTo: 10 * time.Minute}: 1,
			},
		},
		{
			// The same events under attribution(event): only google
			// events count, so u1 and u4 do not convert (no cell), u2's
			// google attempt is its anchor (10m), and u5 is an immature
			// trial that has not converted.
			name:   "attribution(event) filters every event",
			events: attributedLags,
			q:      &compiler.Query{Edge: signup, Context: []compiler.Term{value("channel", "google")}, Attribution: perEvent(), Within: within1h},
			window: entryDay(""),
			want:   map[LagCell]int64{{LagUpTo: 10 * time.Minute}: 1, {AgeUpTo: 10 * time.Minute}: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LagHistogram(tt.events, tt.q, compiler.DefaultSchema(), nil, "", *tt.window, lagEdges)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// attributedLags are the events of the attribution fixtures: units whose
// to-event carries another channel than their anchor, or whose anchor has
// none.
var attributedLags = []events.Event{
	attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"), success("u1", "s1", "2025-02-03 10:20:00", "channel", "bing"),
	attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "bing"), attempt("u2", "s1", "2025-02-03 10:05:00", "channel", "google"),
	success("u2", "s1", "2025-02-03 10:15:00", "channel", "google"),
	attempt("u3", "s1", "2025-02-03 10:00:00"), success("u3", "s1", "2025-02-03 10:05:00", "channel", "google"),
	attempt("u4", "s1", "2025-02-03 10:00:00"), attempt("u4", "s1", "2025-02-03 10:00:00", "channel", "google"),
	success("u4", "s1", "2025-02-03 10:40:00"),
	attempt("u5", "s1", "2025-02-03 23:50:00", "channel", "google"), success("u5", "s1", "2025-02-03 23:55:00", "channel", "bing"),
}

// TestLagHistogramSumsToSuccesses: on random logs, the histogram's total
// is the counting query's successes, and its immature cells sum to the
// counting query's immature, for every reference it evaluates, under
// both attributions; a sharded one's, under attribution(entry), sums to
// its rows'.
func TestLagHistogramSumsToSuccesses(t *testing.T) {
	r := rng(17)
	checked := 0
	byRule := map[compiler.Attribution]int{}
	sharded := 0
	for checked < 200 {
		q := RandomQuery(r)
		if q.Within == nil || q.Within.Seconds() == 0 || q.Attempt == compiler.AttemptAny || len(q.ExcludeBetween) > 0 || len(q.ShardKeys()) > 0 && !q.AttributesToEntry() {
			continue
		}
		q.By = compiler.PeriodNone
		evs := RandomEvents(r, 300)
		w := RandomWindow(r)
		var edges []time.Duration
		for _, s := range compiler.LagBucketEdges(*q.Within) {
			edges = append(edges, time.Duration(s)*time.Second)
		}
		var total, immature int64
		for cell, c := range LagHistogram(evs, q, compiler.DefaultSchema(), nil, "", w, edges) {
			if cell.AgeUpTo == 0 {
				total += c
			} else {
				immature += c
			}
		}
		// A sharded reference's histogram is pooled over its rows.
		var successes, counted int64
		for _, row := range Count(evs, q, compiler.DefaultSchema(), nil, "", w) {
			successes += row.Successes
			counted += row.Immature
		}
		if total != successes || immature != counted {
			t.Fatalf("%s: histogram total %d and %d immature, counted %d successes and %d immature", q, total, immature, successes, counted)
		}
		if len(q.ShardKeys()) > 0 {
			sharded++
		}
		if len(q.Context) > 0 || len(q.ContextAny) > 0 {
			byRule[q.AttributionRule()]++
		}
		checked++
	}
	if byRule[compiler.AttributionEntry] < 10 || byRule[compiler.AttributionEvent] < 10 {
		t.Errorf("context-filtered references checked per attribution: %v, want at least 10 of each", byRule)
	}
	if sharded < 10 {
		t.Errorf("%d sharded references checked, want at least 10", sharded)
	}
}
