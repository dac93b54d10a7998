package oracle

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// at parses a UTC instant written as "2006-01-02 15:04:05". The fixtures
// mostly live in the week of Monday 2025-02-03; 2025-02-02 is a Sunday.
func at(s string) time.Time {
	t, err := time.ParseInLocation(time.DateTime, s, time.UTC)
	if err != nil {
		panic(err)
	}
	return t
}

// day parses a UTC midnight written as "2006-01-02", for Row.Period.
func day(s string) time.Time { return at(s + " 00:00:00") }

// ev builds an event; kv are context column/value pairs, and a column left
// out is NULL.
func ev(user, session, typ, slug, when string, kv ...string) events.Event {
	e := events.Event{UserID: user, SessionID: session, EventType: typ, NodeSlug: slug, CreatedAt: at(when)}
	if len(kv)%2 != 0 {
		panic("ev: context needs column/value pairs")
	}
	if len(kv) > 0 {
		e.Context = map[string]*string{}
		for i := 0; i < len(kv); i += 2 {
			e.Context[kv[i]] = events.Str(kv[i+1])
		}
	}
	return e
}

// The usual events: e.signup reads signup_attempt -> signup_success, which
// happen on the signup page.
func attempt(user, session, when string, kv ...string) events.Event {
	return ev(user, session, "signup_attempt", "signup", when, kv...)
}

func success(user, session, when string, kv ...string) events.Event {
	return ev(user, session, "signup_success", "signup", when, kv...)
}

func view(user, session, slug, when string, kv ...string) events.Event {
	return ev(user, session, "page_view", slug, when, kv...)
}

// Small builders for the normalised terms a parser would produce.
func value(k, v string) compiler.Term { return compiler.Term{Key: k, Value: v} }
func shard(k string) compiler.Term    { return compiler.Term{Key: k, Shard: true} }

var signup = compiler.Edge{Name: "signup"}

// retries are the events of the attempt() fixtures.
var retries = []events.Event{
	attempt("u1", "s1", "2025-02-03 10:00:00"),
	attempt("u1", "s1", "2025-02-03 12:00:00"),
	success("u1", "s1", "2025-02-03 12:30:00"),
	attempt("u2", "s1", "2025-02-03 10:00:00"),
	success("u2", "s1", "2025-02-03 11:00:00"),
	attempt("u3", "s1", "2025-02-03 10:00:00"),
	attempt("u3", "s1", "2025-02-03 10:30:00"),
	success("u3", "s1", "2025-02-03 11:30:01"),
	success("u4", "s1", "2025-02-03 09:00:00"),
	attempt("u4", "s1", "2025-02-03 10:00:00"),
}

// visitsBefore are the events of the visitedBefore fixtures.
var visitsBefore = []events.Event{
	view("u1", "s1", "pricing", "2025-02-03 09:00:00"),
	attempt("u1", "s1", "2025-02-03 10:00:00"),
	success("u1", "s1", "2025-02-03 10:05:00"),
	attempt("u2", "s1", "2025-02-03 10:00:00"),
	view("u2", "s1", "pricing", "2025-02-03 10:01:00"),
	success("u2", "s1", "2025-02-03 10:05:00"),
	view("u3", "s1", "pricing", "2025-02-03 10:00:00"),
	attempt("u3", "s1", "2025-02-03 10:00:00"),
	attempt("u4", "s1", "2025-02-03 09:00:00"),
	view("u4", "s1", "pricing", "2025-02-03 09:30:00"),
	attempt("u4", "s1", "2025-02-03 10:00:00"),
	success("u4", "s1", "2025-02-03 10:05:00"),
	view("u5", "s1", "pricing", "2025-02-02 23:59:59"),
	attempt("u5", "s1", "2025-02-03 00:00:00"),
	view("u6", "s1", "pricing", "2025-02-03 00:00:00"),
	attempt("u6", "s1", "2025-02-03 00:00:01"),
}

// between are the events of the excludeBetween fixtures.
var between = []events.Event{
	attempt("u1", "s1", "2025-02-03 10:00:00"),
	view("u1", "s1", "support", "2025-02-03 10:10:00"),
	success("u1", "s1", "2025-02-03 10:20:00"),
	view("u2", "s1", "support", "2025-02-03 09:50:00"),
	attempt("u2", "s1", "2025-02-03 10:00:00"),
	success("u2", "s1", "2025-02-03 10:20:00"),
	attempt("u3", "s1", "2025-02-03 10:00:00"),
	success("u3", "s1", "2025-02-03 10:20:00"),
	view("u3", "s1", "support", "2025-02-03 10:30:00"),
	attempt("u4", "s1", "2025-02-03 10:00:00"),
	view("u4", "s1", "support", "2025-02-03 10:00:00"),
	success("u4", "s1", "2025-02-03 10:20:00"),
	attempt("u5", "s1", "2025-02-03 10:00:00"),
	view("u5", "s1", "support", "2025-02-03 10:20:00"),
	success("u5", "s1", "2025-02-03 10:20:00"),
	attempt("u6", "s1", "2025-02-03 10:00:00"),
	success("u6", "s1", "2025-02-03 10:05:00"),
	view("u6", "s1", "support", "2025-02-03 10:10:00"),
	success("u6", "s1", "2025-02-03 10:20:00"),
	attempt("u7", "s1", "2025-02-03 10:00:00"),
	view("u7", "s1", "support", "2025-02-03 10:30:00"),
	success("u7", "s1", "2025-02-03 11:30:01"),
}

// wide is a window that holds every fixture event unless a fixture says
// otherwise.
var wide = Window{Start: at("2024-12-01 00:00:00"), End: at("2025-03-01 00:00:00")}

// fixture is one worked example: the rows in want were counted by hand from
// the events, following the rules in the package documentation, and the
// comment beside each case says how.
type fixture struct {
	name   string
	events []events.Event
	q      *compiler.Query
	schema *compiler.Schema // nil: DefaultSchema
	graph  *compiler.Graph  // nil: default conventions
	unit   compiler.Unit    // "": session
	window *Window          // nil: wide
	want   []Row
}

// sessionVsUser is one event list read per session and per user.
var sessionVsUser = []events.Event{
	attempt("u1", "s1", "2025-02-03 10:00:00"),
	success("u1", "s2", "2025-02-03 11:00:00"), // later, in another session
	attempt("u2", "s1", "2025-02-03 10:00:00"),
	success("u2", "s1", "2025-02-03 10:10:00"),
	success("u3", "s1", "2025-02-03 10:30:00"), // session id s1 again, another user
}

// graphMapped maps e.signup to a form_submit on the signup page followed by
// a view of the welcome page, and the pricing node to a renamed page.
var graphMapped = &compiler.Graph{
	Edges: map[string]compiler.GraphEdge{"signup": {From: "form", To: "welcome"}},
	Nodes: map[string]compiler.GraphNode{
		"form":    {EventType: "form_submit", NodeSlug: "signup"},
		"welcome": {NodeSlug: "welcome"},
		"pricing": {EventType: "page_view", NodeSlug: "pricing_v2"},
		"cta":     {EventType: "click"},
	},
}

var fixtures = []fixture{
	{
		// u1/s1 attempts and succeeds; u2/s1 only attempts; u3/s1 has a
		// success but no attempt, so it is not a trial at all.
		name: "basic: one converts, one does not, one never attempts",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-03 10:05:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			view("u3", "s1", "homepage", "2025-02-03 10:00:00"),
			success("u3", "s1", "2025-02-03 10:01:00"),
		},
		q:    &compiler.Query{Edge: signup},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// With no shard and no by() there is always exactly one row.
		name: "no events: one zero row",
		q:    &compiler.Query{Edge: signup},
		want: []Row{{}},
	},
	{
		// created_at >= first_from: a success at the same second counts.
		name: "tie: success at the instant of the first attempt counts",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-03 10:00:00"),
		},
		q:    &compiler.Query{Edge: signup},
		want: []Row{{Trials: 1, Successes: 1}},
	},
	{
		// u1/s1: the only success is before the attempt, so a trial without
		// success. u2/s1: the same, but a second success follows the
		// attempt, so it succeeds.
		name: "success before the first attempt does not count unless another follows",
		events: []events.Event{
			success("u1", "s1", "2025-02-03 09:59:00"),
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-03 09:59:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-03 10:30:00"),
		},
		q:    &compiler.Query{Edge: signup},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// The success at 10:01 is before the second attempt but after the
		// first, and first_from is the earliest attempt: a success.
		name: "first_from is the earliest attempt",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-03 10:01:00"),
			attempt("u1", "s1", "2025-02-03 10:02:00"),
		},
		q:    &compiler.Query{Edge: signup},
		want: []Row{{Trials: 1, Successes: 1}},
	},
	{
		// The desktop success is not a considered event under
		// context(device='mobile'): the session is a trial without success.
		name: "context split: mobile attempt, desktop success, context(device='mobile')",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			success("u1", "s1", "2025-02-03 10:05:00", "device", "desktop"),
		},
		q:    &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{value("device", "mobile")}},
		want: []Row{{Trials: 1, Successes: 0}},
	},
	{
		// The same events with no context filter: both are considered.
		name: "context split: without a context filter the session converts",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			success("u1", "s1", "2025-02-03 10:05:00", "device", "desktop"),
		},
		q:    &compiler.Query{Edge: signup},
		want: []Row{{Trials: 1, Successes: 1}},
	},
	{
		// u1/s1 succeeds exactly 7*86400 s after its attempt: the bound is
		// inclusive. u2/s1 succeeds one second later: too late.
		name: "within(7d): exactly 7d counts, 7d+1s does not",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-10 10:00:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-10 10:00:01"),
		},
		q:    &compiler.Query{Edge: signup, Within: &compiler.Duration{Amount: 7, Unit: 'd'}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// u1/s1: the success is 30 min after the second attempt but 2h30
		// after the first, which is the anchor: no success. u2/s1: the
		// success is within an hour of the attempt, but before it.
		name: "within(1h) is measured from the first attempt and only forwards",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			attempt("u1", "s1", "2025-02-03 12:00:00"),
			success("u1", "s1", "2025-02-03 12:30:00"),
			success("u2", "s1", "2025-02-03 09:30:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
		},
		q:    &compiler.Query{Edge: signup, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want: []Row{{Trials: 2, Successes: 0}},
	},
	{
		// within(0s) leaves only the instant of the first attempt: u1/s1's
		// tie counts, u2/s1's success one second later does not.
		name: "within(0s): only a tie succeeds",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-03 10:00:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-03 10:00:01"),
		},
		q:    &compiler.Query{Edge: signup, Within: &compiler.Duration{Amount: 0, Unit: 's'}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// Window [02-03 00:00, 02-04 00:00). u1/s1 attempts exactly at
		// start: in, and succeeds. u2/s1 attempts inside but succeeds
		// exactly at end: a trial without success. u3/s1 attempts exactly
		// at end: not considered. u4/s1 attempts a second before start and
		// succeeds inside: only its success is considered, so no trial.
		name: "window: an event at start is in, at end is out",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 00:00:00"),
			success("u1", "s1", "2025-02-03 01:00:00"),
			attempt("u2", "s1", "2025-02-03 23:59:59"),
			success("u2", "s1", "2025-02-04 00:00:00"),
			attempt("u3", "s1", "2025-02-04 00:00:00"),
			attempt("u4", "s1", "2025-02-02 23:59:59"),
			success("u4", "s1", "2025-02-03 00:00:01"),
		},
		q:      &compiler.Query{Edge: signup},
		window: &Window{Start: at("2025-02-03 00:00:00"), End: at("2025-02-04 00:00:00")},
		want:   []Row{{Trials: 2, Successes: 1}},
	},
	{
		// context(channel='google'). u1/s1's success has no channel (NULL):
		// not considered, so a trial without success. u2/s1's attempt has
		// an explicit nil channel: no trial. u3/s1 is all google: 1/1.
		name: "NULL context never equals a value",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			success("u1", "s1", "2025-02-03 10:05:00"),
			{UserID: "u2", SessionID: "s1", EventType: "signup_attempt", NodeSlug: "signup",
				CreatedAt: at("2025-02-03 10:00:00"), Context: map[string]*string{"channel": nil}},
			success("u2", "s1", "2025-02-03 10:05:00", "channel", "google"),
			attempt("u3", "s1", "2025-02-03 10:00:00", "channel", "google"),
			success("u3", "s1", "2025-02-03 10:05:00", "channel", "google"),
		},
		q:    &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{value("channel", "google")}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// context(channel=''): u1/s1 has the empty string, which is a value.
		// u2/s1 has NULL, which equals nothing, not even ''.
		name: "the empty string is a value, NULL is not",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", ""),
			success("u1", "s1", "2025-02-03 10:05:00", "channel", ""),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-03 10:05:00"),
		},
		q:    &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{value("channel", "")}},
		want: []Row{{Trials: 1, Successes: 1}},
	},
	{
		// context(channel): u1/s1 is google and converts. u2/s1 and u3/s1
		// have a NULL channel, which is not a shard value and makes no row.
		name: "shard: NULL is not a shard value",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			success("u1", "s1", "2025-02-03 10:05:00", "channel", "google"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-03 10:05:00"),
			view("u3", "s1", "homepage", "2025-02-03 10:00:00"),
		},
		q:    &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{shard("channel")}},
		want: []Row{{Shard: []string{"google"}, Trials: 1, Successes: 1}},
	},
	{
		// Per session: u1/s1 attempts and never succeeds in that session;
		// u1/s2 has no attempt; u2/s1 converts; u3/s1 has no attempt (and
		// its success must not leak into u1/s1, which shares the id s1).
		name:   "unit session: per (user, session)",
		events: sessionVsUser,
		q:      &compiler.Query{Edge: signup},
		unit:   compiler.UnitSession,
		want:   []Row{{Trials: 2, Successes: 1}},
	},
	{
		// Per user: u1's attempt in s1 and success in s2 make one converting
		// trial; u2 converts; u3 never attempts.
		name:   "unit user: sessions of a user merge",
		events: sessionVsUser,
		q:      &compiler.Query{Edge: signup},
		unit:   compiler.UnitUser,
		want:   []Row{{Trials: 2, Successes: 2}},
	},
	{
		// The unit's empty value means the schema's unit: user here, so the
		// count is that of the per-user case.
		name:   "unit empty: the schema's unit",
		events: sessionVsUser,
		q:      &compiler.Query{Edge: signup},
		schema: &compiler.Schema{Table: "events", Unit: compiler.UnitUser},
		want:   []Row{{Trials: 2, Successes: 2}},
	},
	{
		// Per user with context(device): each device is its own group.
		// desktop: attempt 10:30 (s3), success 11:00 (s2): 1/1. mobile:
		// attempt 10:00 (s1), nothing else on mobile: 1/0.
		name: "unit user with a shard: a user's events split by shard value",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			success("u1", "s2", "2025-02-03 11:00:00", "device", "desktop"),
			attempt("u1", "s3", "2025-02-03 10:30:00", "device", "desktop"),
		},
		q:    &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{shard("device")}},
		unit: compiler.UnitUser,
		want: []Row{
			{Shard: []string{"desktop"}, Trials: 1, Successes: 1},
			{Shard: []string{"mobile"}, Trials: 1, Successes: 0},
		},
	},
	{
		// visited(homepage,pricing). u1/s1 has both (pricing after the
		// attempt still counts: there is no order) and converts. u2/s1 lacks
		// pricing: no trial. u3/s1 has both but no attempt: no trial. u4/s1
		// has both and attempts without success.
		name: "visited: every node, in any order",
		events: []events.Event{
			view("u1", "s1", "homepage", "2025-02-03 09:00:00"),
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			view("u1", "s1", "pricing", "2025-02-03 10:30:00"),
			success("u1", "s1", "2025-02-03 11:00:00"),
			view("u2", "s1", "homepage", "2025-02-03 09:00:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-03 10:05:00"),
			view("u3", "s1", "homepage", "2025-02-03 09:00:00"),
			view("u3", "s1", "pricing", "2025-02-03 09:01:00"),
			view("u4", "s1", "homepage", "2025-02-03 09:00:00"),
			view("u4", "s1", "pricing", "2025-02-03 09:01:00"),
			attempt("u4", "s1", "2025-02-03 10:00:00"),
		},
		q:    &compiler.Query{Edge: signup, Visited: []string{"homepage", "pricing"}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// visited(pricing) with context(device='mobile'): u1/s1 saw pricing
		// on desktop only, so under the filter it never visited: no trial.
		// u2/s1 saw it on mobile: a trial without success.
		name: "visited only sees considered events",
		events: []events.Event{
			view("u1", "s1", "pricing", "2025-02-03 09:00:00", "device", "desktop"),
			attempt("u1", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			view("u2", "s1", "pricing", "2025-02-03 09:00:00", "device", "mobile"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "device", "mobile"),
		},
		q: &compiler.Query{Edge: signup, Visited: []string{"pricing"},
			Attribution: perEvent(), Context: []compiler.Term{value("device", "mobile")}},
		want: []Row{{Trials: 1, Successes: 0}},
	},
	{
		// visitedAny(demo,docs).visitedAny(homepage,pricing). u1/s1 has docs
		// and pricing, converts. u2/s1 has demo only: fails the second group.
		// u3/s1 has homepage only: fails the first. u4/s1 has demo, docs and
		// homepage: a trial without success.
		name: "visitedAny: some node of every group",
		events: []events.Event{
			view("u1", "s1", "docs", "2025-02-03 09:00:00"),
			view("u1", "s1", "pricing", "2025-02-03 09:01:00"),
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-03 10:05:00"),
			view("u2", "s1", "demo", "2025-02-03 09:00:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			success("u2", "s1", "2025-02-03 10:05:00"),
			view("u3", "s1", "homepage", "2025-02-03 09:00:00"),
			attempt("u3", "s1", "2025-02-03 10:00:00"),
			view("u4", "s1", "demo", "2025-02-03 09:00:00"),
			view("u4", "s1", "docs", "2025-02-03 09:01:00"),
			view("u4", "s1", "homepage", "2025-02-03 09:02:00"),
			attempt("u4", "s1", "2025-02-03 10:00:00"),
		},
		q: &compiler.Query{Edge: signup,
			VisitedAny: [][]string{{"demo", "docs"}, {"homepage", "pricing"}}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// exclude(demo) with context(device='mobile'). u1/s1 converts. u2/s1
		// viewed demo on mobile after converting: excluded all the same.
		// u3/s1 viewed demo on desktop, which is not considered: still a
		// trial, without success.
		name: "exclude: any considered visit, before or after, removes the unit",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			success("u1", "s1", "2025-02-03 10:05:00", "device", "mobile"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			success("u2", "s1", "2025-02-03 10:05:00", "device", "mobile"),
			view("u2", "s1", "demo", "2025-02-03 10:06:00", "device", "mobile"),
			attempt("u3", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			view("u3", "s1", "demo", "2025-02-03 10:01:00", "device", "desktop"),
		},
		q: &compiler.Query{Edge: signup, Exclude: []string{"demo"},
			Attribution: perEvent(), Context: []compiler.Term{value("device", "mobile")}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// contextAny(channel='facebook',channel='google',device='mobile').
		// u1/s1 google/mobile converts. u2/s1 facebook/mobile: a trial. u3
		// is desktop, u4 twitter, u5 has a NULL channel: none considered.
		// u6/s1 attempts on facebook and succeeds on google, both allowed:
		// converts.
		name: "contextAny: OR within a key, AND across keys",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google", "device", "mobile"),
			success("u1", "s1", "2025-02-03 10:05:00", "channel", "google", "device", "mobile"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "facebook", "device", "mobile"),
			attempt("u3", "s1", "2025-02-03 10:00:00", "channel", "google", "device", "desktop"),
			attempt("u4", "s1", "2025-02-03 10:00:00", "channel", "twitter", "device", "mobile"),
			attempt("u5", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			attempt("u6", "s1", "2025-02-03 10:00:00", "channel", "facebook", "device", "mobile"),
			success("u6", "s1", "2025-02-03 10:05:00", "channel", "google", "device", "mobile"),
		},
		q: &compiler.Query{Edge: signup, Attribution: perEvent(), ContextAny: []compiler.Term{
			value("channel", "facebook"), value("channel", "google"), value("device", "mobile")}},
		want: []Row{{Trials: 3, Successes: 2}},
	},
	{
		// context(channel). google: u1/s1 converts, u2/s1 attempts: 2/1.
		// twitter: u3/s1 only viewed a page, and u4/s1's twitter success has
		// no twitter attempt: a row with 0/0. facebook: u4/s1's attempt, whose
		// success was on twitter: 1/0. u5/s1 has a NULL channel: no row.
		name: "shard: one row per value seen, zero-trial rows kept",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			success("u1", "s1", "2025-02-03 10:05:00", "channel", "google"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "google"),
			view("u3", "s1", "homepage", "2025-02-03 10:00:00", "channel", "twitter"),
			attempt("u4", "s1", "2025-02-03 10:00:00", "channel", "facebook"),
			success("u4", "s1", "2025-02-03 10:05:00", "channel", "twitter"),
			attempt("u5", "s1", "2025-02-03 10:00:00"),
		},
		q: &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{shard("channel")}},
		want: []Row{
			{Shard: []string{"facebook"}, Trials: 1, Successes: 0},
			{Shard: []string{"google"}, Trials: 2, Successes: 1},
			{Shard: []string{"twitter"}, Trials: 0, Successes: 0},
		},
	},
	{
		// context(channel,device): one row per (channel, device) pair seen,
		// sorted element by element in byte order, so "Zed" (upper case)
		// sorts before "facebook". u4/s1's device is NULL: not considered.
		name: "shard: two keys, rows sorted element by element",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google", "device", "mobile"),
			success("u1", "s1", "2025-02-03 10:05:00", "channel", "google", "device", "mobile"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "google", "device", "desktop"),
			attempt("u3", "s1", "2025-02-03 10:00:00", "channel", "facebook", "device", "mobile"),
			view("u4", "s1", "homepage", "2025-02-03 10:00:00", "channel", "google"),
			attempt("u5", "s1", "2025-02-03 10:00:00", "channel", "Zed", "device", "mobile"),
		},
		q: &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{shard("channel"), shard("device")}},
		want: []Row{
			{Shard: []string{"Zed", "mobile"}, Trials: 1},
			{Shard: []string{"facebook", "mobile"}, Trials: 1},
			{Shard: []string{"google", "desktop"}, Trials: 1},
			{Shard: []string{"google", "mobile"}, Trials: 1, Successes: 1},
		},
	},
	{
		// context(channel='o''brien',device): the channel must equal the
		// text o'brien exactly; u2's doubled quote and u3's backslash-escaped
		// quote are other values. The shard value a\b keeps its backslash,
		// and ünï😀 is compared byte for byte.
		name: "hostile values compare exactly",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "o'brien", "device", `a\b`),
			success("u1", "s1", "2025-02-03 10:05:00", "channel", "o'brien", "device", `a\b`),
			attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "o''brien", "device", `a\b`),
			attempt("u3", "s1", "2025-02-03 10:00:00", "channel", `o\'brien`, "device", `a\b`),
			attempt("u4", "s1", "2025-02-03 10:00:00", "channel", "o'brien", "device", "ünï😀"),
		},
		q: &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{value("channel", "o'brien"), shard("device")}},
		want: []Row{
			{Shard: []string{`a\b`}, Trials: 1, Successes: 1},
			{Shard: []string{"ünï😀"}, Trials: 1},
		},
	},
	{
		// Schema.Contexts reads channel from utm_source. u1/s1 has it there
		// and converts; u2/s1 attempts with a column named channel, which
		// the key no longer reads, and a NULL utm_source: not considered.
		name: "schema maps a context key to another column",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "utm_source", "google"),
			success("u1", "s1", "2025-02-03 10:05:00", "utm_source", "google"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "google"),
		},
		q: &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{value("channel", "google")}},
		schema: &compiler.Schema{Table: "events", Unit: compiler.UnitSession,
			Contexts: map[string]string{"channel": "utm_source"}},
		want: []Row{{Trials: 1, Successes: 1}},
	},
	{
		// by(day): u1/s1 attempts late on 02-03 and succeeds after midnight:
		// counted on 02-03, the day of its first attempt. u2/s1 attempts at
		// exactly midnight 02-04: that day. u3/s1 has no attempt: no row.
		name: "by(day): a trial counts on the day of its first attempt",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:00:00"),
			success("u1", "s1", "2025-02-04 01:00:00"),
			attempt("u2", "s1", "2025-02-04 00:00:00"),
			success("u3", "s1", "2025-02-05 10:00:00"),
		},
		q: &compiler.Query{Edge: signup, By: compiler.PeriodDay},
		want: []Row{
			{Period: day("2025-02-03"), Trials: 1, Successes: 1},
			{Period: day("2025-02-04"), Trials: 1, Successes: 0},
		},
	},
	{
		// by(day) with visited(pricing): u2/s1 attempts on 02-05 without
		// visiting pricing. It is no trial, but having an attempt it makes
		// its day's row exist, with 0/0.
		name: "by(day): a unit with an attempt that fails the path makes a 0/0 row",
		events: []events.Event{
			view("u1", "s1", "pricing", "2025-02-03 09:59:00"),
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-03 10:05:00"),
			attempt("u2", "s1", "2025-02-05 10:00:00"),
		},
		q: &compiler.Query{Edge: signup, Visited: []string{"pricing"}, By: compiler.PeriodDay},
		want: []Row{
			{Period: day("2025-02-03"), Trials: 1, Successes: 1},
			{Period: day("2025-02-05"), Trials: 0, Successes: 0},
		},
	},
	{
		// by(week), weeks starting Monday; 2025-02-02 is a Sunday. u1/s1's
		// first attempt is Sunday 23:59:59: week of Monday 01-27, and its
		// Monday success counts there. u3/s1 attempts at Monday 01-27
		// 00:00:00: the same week, no success. u2/s1 attempts at Monday 02-03
		// 00:00:00: the next week; u4/s1 on Sunday 02-09 too, and converts.
		name: "by(week): Sunday belongs to the week before, Monday starts one",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-02 23:59:59"),
			success("u1", "s1", "2025-02-03 00:00:30"),
			attempt("u2", "s1", "2025-02-03 00:00:00"),
			attempt("u3", "s1", "2025-01-27 00:00:00"),
			attempt("u4", "s1", "2025-02-09 12:00:00"),
			success("u4", "s1", "2025-02-09 12:00:01"),
		},
		q: &compiler.Query{Edge: signup, By: compiler.PeriodWeek},
		want: []Row{
			{Period: day("2025-01-27"), Trials: 2, Successes: 1},
			{Period: day("2025-02-03"), Trials: 2, Successes: 1},
		},
	},
	{
		// by(month): u1/s1 attempts a second before February and succeeds in
		// it: a January success. u2/s1 attempts at 02-01 00:00:00: February.
		// u3/s1 attempts on New Year's Eve: December 2024.
		name: "by(month): months roll over at midnight UTC on the first",
		events: []events.Event{
			attempt("u1", "s1", "2025-01-31 23:59:59"),
			success("u1", "s1", "2025-02-01 00:00:01"),
			attempt("u2", "s1", "2025-02-01 00:00:00"),
			attempt("u3", "s1", "2024-12-31 23:00:00"),
		},
		q: &compiler.Query{Edge: signup, By: compiler.PeriodMonth},
		want: []Row{
			{Period: day("2024-12-01"), Trials: 1, Successes: 0},
			{Period: day("2025-01-01"), Trials: 1, Successes: 1},
			{Period: day("2025-02-01"), Trials: 1, Successes: 0},
		},
	},
	{
		// context(device).by(day): rows are (device, day) for units with an
		// attempt. u3/s1's desktop page view on 02-03 makes no row under
		// by(), unlike the no-by() shard case.
		name: "by(day) with a shard: rows per shard value and day with an attempt",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "device", "mobile"),
			success("u1", "s1", "2025-02-03 10:05:00", "device", "mobile"),
			attempt("u2", "s1", "2025-02-04 10:00:00", "device", "desktop"),
			view("u3", "s1", "homepage", "2025-02-03 10:00:00", "device", "desktop"),
		},
		q: &compiler.Query{Edge: signup, Attribution: perEvent(), Context: []compiler.Term{shard("device")}, By: compiler.PeriodDay},
		want: []Row{
			{Shard: []string{"desktop"}, Period: day("2025-02-04"), Trials: 1},
			{Shard: []string{"mobile"}, Period: day("2025-02-03"), Trials: 1, Successes: 1},
		},
	},
	{
		// by(day) and no unit has an attempt: no row at all.
		name: "by(day) with no attempts: no rows",
		events: []events.Event{
			view("u1", "s1", "homepage", "2025-02-03 10:00:00"),
			success("u1", "s1", "2025-02-03 10:05:00"),
		},
		q:    &compiler.Query{Edge: signup, By: compiler.PeriodDay},
		want: nil,
	},
	{
		// The graph maps e.signup to form (form_submit on the signup page)
		// -> welcome, and pricing to a page_view of pricing_v2. u1/s1 does
		// all that: 1/1. u2/s1 submits the form on another page: not the
		// form node. u3/s1 viewed the old pricing page: fails visited. u4/s1
		// uses the default signup_attempt/success names, which the mapping
		// replaced. u5/s1 clicked pricing_v2 instead of viewing it.
		name: "graph-mapped edge and node",
		events: []events.Event{
			view("u1", "s1", "pricing_v2", "2025-02-03 09:00:00"),
			ev("u1", "s1", "form_submit", "signup", "2025-02-03 10:00:00"),
			view("u1", "s1", "welcome", "2025-02-03 10:05:00"),
			view("u2", "s1", "pricing_v2", "2025-02-03 09:00:00"),
			ev("u2", "s1", "form_submit", "other", "2025-02-03 10:00:00"),
			view("u2", "s1", "welcome", "2025-02-03 10:05:00"),
			view("u3", "s1", "pricing", "2025-02-03 09:00:00"),
			ev("u3", "s1", "form_submit", "signup", "2025-02-03 10:00:00"),
			view("u4", "s1", "pricing_v2", "2025-02-03 09:00:00"),
			attempt("u4", "s1", "2025-02-03 10:00:00"),
			success("u4", "s1", "2025-02-03 10:05:00"),
			ev("u5", "s1", "click", "pricing_v2", "2025-02-03 09:00:00"),
			ev("u5", "s1", "form_submit", "signup", "2025-02-03 10:00:00"),
		},
		q:     &compiler.Query{Edge: signup, Visited: []string{"pricing"}},
		graph: graphMapped,
		want:  []Row{{Trials: 1, Successes: 1}},
	},
	{
		// e.from(homepage).to(pricing) with no graph: nodes match node_slug
		// whatever the event type. u1/s1 goes homepage -> pricing (a click):
		// 1/1. u2/s1 went to pricing before homepage: a trial, no success.
		name: "e.from(homepage).to(pricing): nodes match node_slug",
		events: []events.Event{
			view("u1", "s1", "homepage", "2025-02-03 10:00:00"),
			ev("u1", "s1", "click", "pricing", "2025-02-03 10:01:00"),
			view("u2", "s1", "pricing", "2025-02-03 09:00:00"),
			view("u2", "s1", "homepage", "2025-02-03 10:00:00"),
		},
		q:    &compiler.Query{Edge: compiler.Edge{From: "homepage", To: "pricing"}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// e.from(cta).to(pricing): cta is any click, pricing any event on
		// the pricing page, so one click on pricing is at both nodes. The
		// to-event must be another event than the anchor:
		//   u1/s1: one click on pricing is the anchor only: 1/0.
		//   u2/s1: a click on the homepage, nothing on pricing: 1/0.
		//   u3/s1: a click and a view on pricing at one instant: the view
		//          is another event, and a tie counts: 1/1.
		//   u4/s1: a click on the homepage and one on pricing at one
		//          instant: the homepage click is the anchor, the pricing
		//          click another event: 1/1.
		//   u5/s1: two clicks on pricing five minutes apart: 1/1.
		//   u6/s1: a view of pricing before the click on pricing: the
		//          view is before the anchor, the click is the anchor: 1/0.
		name: "e.from(a).to(b): one event is not both attempt and success",
		events: []events.Event{
			ev("u1", "s1", "click", "pricing", "2025-02-03 10:00:00"),
			ev("u2", "s1", "click", "homepage", "2025-02-03 10:00:00"),
			ev("u3", "s1", "click", "pricing", "2025-02-03 10:00:00"),
			view("u3", "s1", "pricing", "2025-02-03 10:00:00"),
			ev("u4", "s1", "click", "pricing", "2025-02-03 10:00:00"),
			ev("u4", "s1", "click", "homepage", "2025-02-03 10:00:00"),
			ev("u5", "s1", "click", "pricing", "2025-02-03 10:00:00"),
			ev("u5", "s1", "click", "pricing", "2025-02-03 10:05:00"),
			view("u6", "s1", "pricing", "2025-02-03 09:00:00"),
			ev("u6", "s1", "click", "pricing", "2025-02-03 10:00:00"),
		},
		q:     &compiler.Query{Edge: compiler.Edge{From: "cta", To: "pricing"}},
		graph: &compiler.Graph{Nodes: map[string]compiler.GraphNode{"cta": {EventType: "click"}}},
		want:  []Row{{Trials: 6, Successes: 3}},
	},
	{
		// e.from(pricing).to(pricing): a repeated step needs a second
		// event at the node, at or after the first.
		//   u1/s1: one pricing view: 1/0.
		//   u2/s1: no pricing view: no trial.
		//   u3/s1: pricing at 10:00 and 11:00: 1/1.
		//   u4/s1: a view and a click on pricing at one instant: two
		//          different events tie, which counts: 1/1.
		//   u5/s1: two identical rows: two events: 1/1.
		name: "e.from(a).to(a): a repeated step needs a second event",
		events: []events.Event{
			view("u1", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u2", "s1", "homepage", "2025-02-03 10:00:00"),
			view("u3", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u3", "s1", "pricing", "2025-02-03 11:00:00"),
			view("u4", "s1", "pricing", "2025-02-03 10:00:00"),
			ev("u4", "s1", "click", "pricing", "2025-02-03 10:00:00"),
			view("u5", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u5", "s1", "pricing", "2025-02-03 10:00:00"),
		},
		q:    &compiler.Query{Edge: compiler.Edge{From: "pricing", To: "pricing"}},
		want: []Row{{Trials: 4, Successes: 3}},
	},
	{
		// e.from(pricing).to(pricing).within(1h): the second event must be
		// no later than the first plus an hour, inclusive.
		//   u1/s1: 10:00 and 11:00:00, exactly on the bound: 1/1.
		//   u2/s1: 10:00 and 11:00:01, a second late: 1/0.
		//   u3/s1: 10:00 twice: 1/1.
		//   u4/s1: 10:00 and 10:30, and 12:00: 1/1.
		name: "e.from(a).to(a).within(1h): the second event within the hour",
		events: []events.Event{
			view("u1", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u1", "s1", "pricing", "2025-02-03 11:00:00"),
			view("u2", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u2", "s1", "pricing", "2025-02-03 11:00:01"),
			view("u3", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u3", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u4", "s1", "pricing", "2025-02-03 12:00:00"),
			view("u4", "s1", "pricing", "2025-02-03 10:30:00"),
			view("u4", "s1", "pricing", "2025-02-03 10:00:00"),
		},
		q:    &compiler.Query{Edge: compiler.Edge{From: "pricing", To: "pricing"}, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want: []Row{{Trials: 4, Successes: 3}},
	},
	{
		// attempt(any).within(1h): any attempt may be the anchor.
		//   u1/s1: attempts at 10:00 and 12:00, success 12:30: the retry
		//          converts: 1/1 (under attempt(first) 1/0).
		//   u2/s1: attempt 10:00, success 11:00:00, on the bound: 1/1.
		//   u3/s1: attempts 10:00 and 10:30, success 11:30:01, a second
		//          after the later attempt's hour: 1/0.
		//   u4/s1: success 09:00 before the only attempt at 10:00: 1/0.
		name:   "attempt(any).within(1h): a retry that converts",
		events: retries,
		q:      &compiler.Query{Edge: signup, Attempt: compiler.AttemptAny, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want:   []Row{{Trials: 4, Successes: 2}},
	},
	{
		// The same events under attempt(first), the default: only u2's
		// first attempt converts: 4/1.
		name:   "attempt(first).within(1h): the retry does not count",
		events: retries,
		q:      &compiler.Query{Edge: signup, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want:   []Row{{Trials: 4, Successes: 1}},
	},
	{
		// attempt(any).within(1h).by(day): a unit counts in the period of
		// the earliest attempt that converts, else of its first attempt.
		//   u1/s1: attempts Mon 23:00 and Tue 01:00, success Tue 01:30:
		//          only the Tuesday attempt converts: Tuesday 1/1.
		//   u2/s1: attempts Mon 10:00 and Tue 10:00, no success: Monday 1/0.
		//   u3/s1: attempts Mon 23:30 and Tue 00:05, success Tue 00:10:
		//          both convert, the earliest is Monday's: Monday 1/1.
		name: "attempt(any).by(day): the period of the attempt that converts",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:00:00"),
			attempt("u1", "s1", "2025-02-04 01:00:00"),
			success("u1", "s1", "2025-02-04 01:30:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			attempt("u2", "s1", "2025-02-04 10:00:00"),
			attempt("u3", "s1", "2025-02-03 23:30:00"),
			attempt("u3", "s1", "2025-02-04 00:05:00"),
			success("u3", "s1", "2025-02-04 00:10:00"),
		},
		q: &compiler.Query{Edge: signup, Attempt: compiler.AttemptAny, Within: &compiler.Duration{Amount: 1, Unit: 'h'}, By: compiler.PeriodDay},
		want: []Row{
			{Period: day("2025-02-03"), Trials: 2, Successes: 1},
			{Period: day("2025-02-04"), Trials: 1, Successes: 1},
		},
	},
	{
		// attempt(any) on a repeated step: pricing at 10:00, 12:00 and
		// 12:30. The first view's next is two hours later, but the 12:00
		// view is followed by another within the hour: 1/1. u2/s1 has
		// one view only: 1/0.
		name: "attempt(any).within(1h) on a repeated step",
		events: []events.Event{
			view("u1", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u1", "s1", "pricing", "2025-02-03 12:00:00"),
			view("u1", "s1", "pricing", "2025-02-03 12:30:00"),
			view("u2", "s1", "pricing", "2025-02-03 12:30:00"),
		},
		q:    &compiler.Query{Edge: compiler.Edge{From: "pricing", To: "pricing"}, Attempt: compiler.AttemptAny, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// visitedBefore(pricing): a pricing event at or before the first
		// attempt; the window starts at 2025-02-03 00:00:00.
		//   u1/s1: pricing 09:00, attempt 10:00, success 10:05: 1/1.
		//   u2/s1: attempt 10:00, pricing 10:01, success: pricing comes
		//          after the anchor: no trial (visited(pricing) has one).
		//   u3/s1: pricing and attempt at 10:00, a tie: 1/0.
		//   u4/s1: attempt 09:00, pricing 09:30, attempt 10:00, success
		//          10:05: the anchor is the 09:00 attempt: no trial.
		//   u5/s1: pricing a second before the window, attempt at its
		//          start: the pricing event is not considered: no trial.
		//   u6/s1: pricing exactly at the window's start, attempt a
		//          second later: 1/0.
		name:   "visitedBefore(pricing): at or before the first attempt",
		events: visitsBefore,
		q:      &compiler.Query{Edge: signup, VisitedBefore: []string{"pricing"}},
		window: &Window{Start: at("2025-02-03 00:00:00"), End: at("2025-03-01 00:00:00")},
		want:   []Row{{Trials: 3, Successes: 1}},
	},
	{
		// The same events under attempt(any).within(1h): visitedBefore
		// still reads the first attempt, so u4 is still no trial, and
		// the counts do not change: 3/1.
		name:   "visitedBefore under attempt(any) reads the first attempt",
		events: visitsBefore,
		q:      &compiler.Query{Edge: signup, VisitedBefore: []string{"pricing"}, Attempt: compiler.AttemptAny, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		window: &Window{Start: at("2025-02-03 00:00:00"), End: at("2025-03-01 00:00:00")},
		want:   []Row{{Trials: 3, Successes: 1}},
	},
	{
		// excludeBetween(support).within(1h): a support event strictly
		// between the first attempt and the success fails the trial.
		//   u1/s1: attempt 10:00, support 10:10, success 10:20: 1/0.
		//   u2/s1: support 09:50, before the anchor: 1/1.
		//   u3/s1: success 10:20, support 10:30, after it: 1/1.
		//   u4/s1: support at 10:00, the anchor's instant, not after: 1/1.
		//   u5/s1: support and success at 10:20, not before it: 1/1.
		//   u6/s1: success 10:05, support 10:10, success 10:20: the
		//          earlier success has nothing between: 1/1.
		//   u7/s1: support 10:30, success 11:30:01, out of the hour: 1/0.
		name:   "excludeBetween(support): after the anchor and before the to-event",
		events: between,
		q:      &compiler.Query{Edge: signup, ExcludeBetween: []string{"support"}, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want:   []Row{{Trials: 7, Successes: 5}},
	},
	{
		// The same events with exclude(support), the cohort filter: every
		// unit with a support event is no trial: u1, u2, u3, u4, u5, u6
		// and u7 all have one, so 0/0.
		name:   "exclude(support) drops the units instead",
		events: between,
		q:      &compiler.Query{Edge: signup, Exclude: []string{"support"}, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want:   []Row{{Trials: 0, Successes: 0}},
	},
	{
		// excludeBetween on a repeated step, e.from(pricing).to(pricing):
		//   u1/s1: two pricing views and a support event, all at 10:00:
		//          the second view ties the anchor, nothing between: 1/1.
		//   u2/s1: pricing 10:00, support 10:01, pricing 10:02: 1/0.
		//   u3/s1: support at 10:00 with the anchor, pricing 10:02: 1/1.
		name: "excludeBetween on a repeated step",
		events: []events.Event{
			view("u1", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u1", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u1", "s1", "support", "2025-02-03 10:00:00"),
			view("u2", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u2", "s1", "support", "2025-02-03 10:01:00"),
			view("u2", "s1", "pricing", "2025-02-03 10:02:00"),
			view("u3", "s1", "support", "2025-02-03 10:00:00"),
			view("u3", "s1", "pricing", "2025-02-03 10:00:00"),
			view("u3", "s1", "pricing", "2025-02-03 10:02:00"),
		},
		q:    &compiler.Query{Edge: compiler.Edge{From: "pricing", To: "pricing"}, ExcludeBetween: []string{"support"}},
		want: []Row{{Trials: 3, Successes: 2}},
	},
}

// entryDay is the entry window of the entry-bounded fixtures, the day of
// 2025-02-03; each sets its own cut-off.
func entryDay(until string) *Window {
	w := Window{Start: at("2025-02-03 00:00:00"), End: at("2025-02-04 00:00:00")}
	if until != "" {
		w.Until = at(until)
	}
	return &w
}

// entryFixtures hold within() at the edges of the entry window and of the
// observation cut-off.
var entryFixtures = []fixture{
	{
		// Cut-off 02-04 02:00. u1 converts 45 min after an attempt at
		// 23:30, after end: a success. u2's success after end is 4h15
		// after its attempt: a failure. u3 attempts exactly at end: not
		// a trial, although it converts.
		name: "within: a to-event after end but within the window counts; an anchor at end is no trial",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:30:00"),
			success("u1", "s1", "2025-02-04 00:15:00"),
			attempt("u2", "s1", "2025-02-03 20:00:00"),
			success("u2", "s1", "2025-02-04 00:15:00"),
			attempt("u3", "s1", "2025-02-04 00:00:00"),
			success("u3", "s1", "2025-02-04 00:10:00"),
		},
		q:      &compiler.Query{Edge: signup, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		window: entryDay("2025-02-04 02:00:00"),
		want:   []Row{{Trials: 2, Successes: 1}},
	},
	{
		// Cut-off 02-04 00:30. u1's window ends at 00:30, exactly the
		// cut-off: immature, though it converted at 00:20. u5's ends a
		// second before it: mature, and converts a second before it. u6
		// converts at 00:40, after the cut-off: immature, not a failure.
		// u7 attempts at 22:00 and never converts: a failure.
		name: "within: anchor plus window at the cut-off is immature; one second earlier is mature",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:30:00"),
			success("u1", "s1", "2025-02-04 00:20:00"),
			attempt("u5", "s1", "2025-02-03 23:29:59"),
			success("u5", "s1", "2025-02-04 00:29:59"),
			attempt("u6", "s1", "2025-02-03 23:45:00"),
			success("u6", "s1", "2025-02-04 00:40:00"),
			attempt("u7", "s1", "2025-02-03 22:00:00"),
		},
		q:      &compiler.Query{Edge: signup, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		window: entryDay("2025-02-04 00:30:00"),
		want:   []Row{{Trials: 2, Successes: 1, Immature: 2}},
	},
	{
		// No cut-off: it is end. u1's window ends exactly at end:
		// immature. u2's ends a second earlier, and converts at its last
		// second.
		name: "within: the cut-off defaults to end",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:00:00"),
			attempt("u2", "s1", "2025-02-03 22:59:59"),
			success("u2", "s1", "2025-02-03 23:59:59"),
		},
		q:      &compiler.Query{Edge: signup, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		window: entryDay(""),
		want:   []Row{{Trials: 1, Successes: 1, Immature: 1}},
	},
	{
		// Cut-off 02-04 02:00. visited(pricing) looks at the entry
		// window only: u1 views pricing after end, so it is no trial.
		// excludeBetween(support) follows the anchor past end: u3's
		// support view at 00:05 blocks its success at 00:10.
		name: "within: visited stays in the window, excludeBetween follows the anchor past end",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:30:00"),
			view("u1", "s1", "pricing", "2025-02-04 00:05:00"),
			success("u1", "s1", "2025-02-04 00:10:00"),
			view("u2", "s1", "pricing", "2025-02-03 22:00:00"),
			attempt("u2", "s1", "2025-02-03 23:30:00"),
			success("u2", "s1", "2025-02-04 00:10:00"),
			view("u3", "s1", "pricing", "2025-02-03 22:00:00"),
			attempt("u3", "s1", "2025-02-03 23:30:00"),
			view("u3", "s1", "support", "2025-02-04 00:05:00"),
			success("u3", "s1", "2025-02-04 00:10:00"),
		},
		q:      &compiler.Query{Edge: signup, Visited: []string{"pricing"}, ExcludeBetween: []string{"support"}, Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		window: entryDay("2025-02-04 02:00:00"),
		want:   []Row{{Trials: 2, Successes: 1}},
	},
	{
		// Without within() the cut-off is ignored: u1's success after end
		// is not seen, so a failure.
		name: "no within: events after end are not read, whatever the cut-off",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:30:00"),
			success("u1", "s1", "2025-02-04 00:15:00"),
		},
		q:      &compiler.Query{Edge: signup},
		window: entryDay("2025-02-04 02:00:00"),
		want:   []Row{{Trials: 1}},
	},
}

func TestFixtures(t *testing.T) {
	for _, f := range slices.Concat(fixtures, entryFixtures, attributionFixtures, betweenAnyFixtures) {
		t.Run(f.name, func(t *testing.T) {
			s := compiler.DefaultSchema()
			if f.schema != nil {
				s = *f.schema
			}
			w := wide
			if f.window != nil {
				w = *f.window
			}
			got := Count(f.events, f.q, s, f.graph, f.unit, w)
			// EquateEmpty: "no rows" may be nil or empty.
			if d := cmp.Diff(f.want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("Count mismatch (-want +got):\n%s", d)
			}
		})
	}
}

// perEvent is a query's attribution(event), spelt as the parser
// normalises it: the fixtures counted by value name it, so that they hold
// whichever rule is the default.
func perEvent() compiler.Attribution {
	if compiler.DefaultAttribution == compiler.AttributionEvent {
		return ""
	}
	return compiler.AttributionEvent
}

// entry is a query's attribution(entry), spelt as the parser normalises it.
func entry() compiler.Attribution {
	if compiler.DefaultAttribution == compiler.AttributionEntry {
		return ""
	}
	return compiler.AttributionEntry
}

// nullRow is the row of units whose anchor has no value for the one shard
// key, under attribution(entry).
func nullRow(trials, successes int64) Row {
	return Row{Shard: []string{""}, NullShard: []bool{true}, Trials: trials, Successes: successes}
}

// changingValues is a unit per case of attribution: u1's channel changes
// between its attempt (google) and its success (bing); u2's success has no
// channel; u3's attempt has none.
var changingValues = []events.Event{
	attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
	success("u1", "s1", "2025-02-03 10:05:00", "channel", "bing"),
	attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "bing"),
	success("u2", "s1", "2025-02-03 10:05:00"),
	attempt("u3", "s1", "2025-02-03 10:00:00"),
	success("u3", "s1", "2025-02-03 10:10:00", "channel", "google"),
}

// attributionFixtures hold attribution(entry) at its edges, and the
// per-event rule on the same events for contrast.
var attributionFixtures = []fixture{
	{
		// Each unit counts under its attempt's channel with all of its
		// events: u1 under google, u2 under bing, u3 (no channel on its
		// attempt) in the NULL row; each converts.
		name:   "entry: a unit counts under its anchor's value, with every event",
		events: changingValues,
		q:      &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel")}, Attribution: entry()},
		want: []Row{
			nullRow(1, 1),
			{Shard: []string{"bing"}, Trials: 1, Successes: 1},
			{Shard: []string{"google"}, Trials: 1, Successes: 1},
		},
	},
	{
		// Per value: google holds u1's attempt (its success is bing) and
		// u3's success (no attempt); bing holds u1's success (no
		// attempt) and u2's attempt (its success has no channel). Every
		// success is lost.
		name:   "event: the same units split by value lose every success",
		events: changingValues,
		q:      &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel")}, Attribution: compiler.AttributionEvent},
		want: []Row{
			{Shard: []string{"bing"}, Trials: 1},
			{Shard: []string{"google"}, Trials: 1},
		},
	},
	{
		// The filter tests the anchor: only u1's attempt is google. u3,
		// whose success is google, is not part of the reference, and
		// under by() makes no period row.
		name:   "entry: a context filter tests the anchor, and a unit that fails it makes no row",
		events: changingValues,
		q:      &compiler.Query{Edge: signup, Context: []compiler.Term{value("channel", "google")}, Attribution: entry(), By: compiler.PeriodDay},
		want:   []Row{{Period: day("2025-02-03"), Trials: 1, Successes: 1}},
	},
	{
		// contextAny likewise: u1 (google) and u2 (bing) pass, u3 (NULL)
		// does not.
		name:   "entry: contextAny tests the anchor",
		events: changingValues,
		q: &compiler.Query{Edge: signup, ContextAny: []compiler.Term{value("channel", "bing"), value("channel", "google")},
			Attribution: entry()},
		want: []Row{{Trials: 2, Successes: 2}},
	},
	{
		// u1 has two attempts at its first instant, google and bing: it
		// takes the least, bing. u2's tied attempts are NULL and google:
		// a value beats NULL. u3's later facebook attempt is not its
		// anchor.
		name: "entry: tied anchors give the least value, and a value beats NULL",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "bing"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "google"),
			success("u2", "s1", "2025-02-03 10:01:00"),
			attempt("u3", "s1", "2025-02-03 10:00:00", "channel", "google"),
			attempt("u3", "s1", "2025-02-03 11:00:00", "channel", "facebook"),
		},
		q: &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel")}, Attribution: entry()},
		want: []Row{
			{Shard: []string{"bing"}, Trials: 1},
			{Shard: []string{"google"}, Trials: 2, Successes: 1},
		},
	},
	{
		// u1's first attempt (google) fails within 30m; its retry at
		// 12:00 (bing) converts at 12:10, so under attempt(any) it is a
		// bing success. u2's attempts (google, then facebook) both fail:
		// it counts under its first, google.
		name: "entry: attempt(any) takes the anchor that converts, else the first",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			attempt("u1", "s1", "2025-02-03 12:00:00", "channel", "bing"),
			success("u1", "s1", "2025-02-03 12:10:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00", "channel", "google"),
			attempt("u2", "s1", "2025-02-03 12:00:00", "channel", "facebook"),
		},
		q: &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel")}, Attribution: entry(),
			Attempt: compiler.AttemptAny, Within: &compiler.Duration{Amount: 30, Unit: 'm'}},
		want: []Row{
			{Shard: []string{"bing"}, Trials: 1, Successes: 1},
			{Shard: []string{"google"}, Trials: 1},
		},
	},
	{
		// The same events under attempt(first): u1's anchor is its
		// google attempt, which does not convert within 30m.
		name: "entry: attempt(first) keeps the first anchor's value",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			attempt("u1", "s1", "2025-02-03 12:00:00", "channel", "bing"),
			success("u1", "s1", "2025-02-03 12:10:00"),
		},
		q: &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel")}, Attribution: entry(),
			Within: &compiler.Duration{Amount: 30, Unit: 'm'}},
		want: []Row{{Shard: []string{"google"}, Trials: 1}},
	},
	{
		// Entry window 02-03, cut-off 02-04 02:00. u1's google attempt
		// is before start, so its anchor is the bing attempt in the
		// window, which converts after end. u2's only attempt is at end:
		// no anchor, no row, although its facebook success follows.
		name: "entry: with within() the anchor is the first attempt in [start, end)",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-02 23:00:00", "channel", "google"),
			attempt("u1", "s1", "2025-02-03 23:50:00", "channel", "bing"),
			success("u1", "s1", "2025-02-04 00:10:00", "channel", "google"),
			attempt("u2", "s1", "2025-02-04 00:00:00", "channel", "facebook"),
			success("u2", "s1", "2025-02-04 00:05:00", "channel", "facebook"),
		},
		q: &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel")}, Attribution: entry(),
			Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		window: entryDay("2025-02-04 02:00:00"),
		want:   []Row{{Shard: []string{"bing"}, Trials: 1, Successes: 1}},
	},
	{
		// Two keys, each read on the anchor on its own: u1's attempt has
		// a channel and no device, so its row is (google, NULL).
		name: "entry: two shard keys, one NULL",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			success("u1", "s1", "2025-02-03 10:05:00", "device", "mobile"),
		},
		q: &compiler.Query{Edge: signup, Context: []compiler.Term{shard("channel"), shard("device")}, Attribution: entry()},
		want: []Row{
			{Shard: []string{"google", ""}, NullShard: []bool{false, true}, Trials: 1, Successes: 1},
		},
	},
}

// betweenAnyFixtures hold excludeBetween under attempt(any): the rule
// holds per from-event, so a retry after the excluded event may convert.
var betweenAnyFixtures = []fixture{
	{
		// u1's support view blocks its only attempt. u2 tries again after
		// the support view, and that attempt converts with nothing in
		// between: a success, without within() too.
		name: "excludeBetween with attempt(any): a retry after the excluded event converts",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00"),
			view("u1", "s1", "support", "2025-02-03 10:05:00"),
			success("u1", "s1", "2025-02-03 10:10:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			view("u2", "s1", "support", "2025-02-03 10:05:00"),
			attempt("u2", "s1", "2025-02-03 10:06:00"),
			success("u2", "s1", "2025-02-03 10:10:00"),
		},
		q:    &compiler.Query{Edge: signup, ExcludeBetween: []string{"support"}, Attempt: compiler.AttemptAny},
		want: []Row{{Trials: 2, Successes: 1}},
	},
	{
		// u1's first attempt (02-03 23:50) is blocked by support at 23:55;
		// its retry at 00:30 converts at 00:35, so it is a success on
		// 02-04. u2's support view is at the instant of its success: not
		// between, so it converts on 02-03.
		name: "excludeBetween with attempt(any) and by(day): the period of the attempt that converts",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 23:50:00"),
			view("u1", "s1", "support", "2025-02-03 23:55:00"),
			attempt("u1", "s1", "2025-02-04 00:30:00"),
			success("u1", "s1", "2025-02-04 00:35:00"),
			attempt("u2", "s1", "2025-02-03 10:00:00"),
			view("u2", "s1", "support", "2025-02-03 10:05:00"),
			success("u2", "s1", "2025-02-03 10:05:00"),
		},
		q: &compiler.Query{Edge: signup, ExcludeBetween: []string{"support"}, Attempt: compiler.AttemptAny,
			Within: &compiler.Duration{Amount: 1, Unit: 'h'}, By: compiler.PeriodDay},
		want: []Row{
			{Period: day("2025-02-03"), Trials: 1, Successes: 1},
			{Period: day("2025-02-04"), Trials: 1, Successes: 1},
		},
	},
	{
		// Under attribution(entry) the unit takes the values of the
		// attempt that converts: the google attempt is blocked, the bing
		// retry converts.
		name: "excludeBetween with attempt(any) and attribution(entry): the row of the attempt that converts",
		events: []events.Event{
			attempt("u1", "s1", "2025-02-03 10:00:00", "channel", "google"),
			view("u1", "s1", "support", "2025-02-03 10:05:00"),
			attempt("u1", "s1", "2025-02-03 10:20:00", "channel", "bing"),
			success("u1", "s1", "2025-02-03 10:30:00"),
		},
		q: &compiler.Query{Edge: signup, ExcludeBetween: []string{"support"}, Attempt: compiler.AttemptAny,
			Context: []compiler.Term{shard("channel")}, Attribution: entry(), Within: &compiler.Duration{Amount: 1, Unit: 'h'}},
		want: []Row{{Shard: []string{"bing"}, Trials: 1, Successes: 1}},
	},
}
