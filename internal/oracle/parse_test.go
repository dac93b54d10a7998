package oracle

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
)

// TestRandomQueryRoundTrips holds RandomQuery to its promise: every query
// it makes is exactly what the parser gives for the query's canonical text,
// so a property test may compile q.String() and compare with Count(q).
func TestRandomQueryRoundTrips(t *testing.T) {
	for seed := range uint64(seeds) {
		q := RandomQuery(rng(seed))
		src := q.String()
		got, err := compiler.ParseQuery(src)
		if err != nil {
			t.Errorf("seed %d: %s does not parse: %v", seed, src, err)
			continue
		}
		if d := cmp.Diff(q, got); d != "" {
			t.Errorf("seed %d: %s parses to another query (-random +parsed):\n%s", seed, src, d)
		}
	}
}

// fixtureSources spells each fixture's query as a user might write it, often
// not in canonical form, so that the hand-built Queries of the fixtures are
// checked against the parser: a fixture must describe a reference that
// exists.
var fixtureSources = map[string]string{
	"basic: one converts, one does not, one never attempts":                    "e.signup",
	"no events: one zero row":                                                  "e.signup.p.mean",
	"tie: success at the instant of the first attempt counts":                  "e.signup",
	"success before the first attempt does not count unless another follows":   "e.signup",
	"first_from is the earliest attempt":                                       "e.signup",
	"context split: mobile attempt, desktop success, context(device='mobile')": "e.signup.context(device='mobile').attribution(event)",
	"context split: without a context filter the session converts":             "e.signup",
	"within(7d): exactly 7d counts, 7d+1s does not":                            "e.signup.within(168h)",
	"within(1h) is measured from the first attempt and only forwards":          "e.signup.within(3600s)",
	"within(0s): only a tie succeeds":                                          "e.signup.within(0d)",
	"window: an event at start is in, at end is out":                           "e.signup",
	"NULL context never equals a value":                                        "e.signup.context(channel='google').context(channel='google').attribution(event)",
	"the empty string is a value, NULL is not":                                 "e.signup.context(channel='').attribution(event)",
	"shard: NULL is not a shard value":                                         "e.signup.context(channel).attribution(event)",
	"unit session: per (user, session)":                                        "e.signup",
	"unit user: sessions of a user merge":                                      "e.signup",
	"unit empty: the schema's unit":                                            "e.signup",
	"unit user with a shard: a user's events split by shard value":             "e.signup.context(device).attribution(event)",
	"visited: every node, in any order":                                        "e.signup.visited(pricing).visited(homepage,pricing)",
	"visited only sees considered events":                                      "e.signup.context(device='mobile').visited(pricing).attribution(event)",
	"visitedAny: some node of every group":                                     "e.signup.visitedAny(pricing,homepage).visitedAny(docs,demo)",
	"exclude: any considered visit, before or after, removes the unit":         "e.signup.exclude(demo).context(device='mobile').attribution(event)",
	"contextAny: OR within a key, AND across keys":                             "e.signup.contextAny(device='mobile',channel='google').contextAny(channel='facebook').attribution(event)",
	"shard: one row per value seen, zero-trial rows kept":                      "e.signup.context(channel).attribution(event)",
	"shard: two keys, rows sorted element by element":                          "e.signup.context(device,channel).attribution(event)",
	"hostile values compare exactly":                                           "e.signup.context(device).context(channel='o''brien').attribution(event)",
	"schema maps a context key to another column":                              "e.signup.context(channel='google').attribution(event)",
	"by(day): a trial counts on the day of its first attempt":                  "e.signup.by(day)",
	"by(day): a unit with an attempt that fails the path makes a 0/0 row":      "e.signup.by(day).visited(pricing)",
	"by(week): Sunday belongs to the week before, Monday starts one":           "e.signup.by(week)",
	"by(month): months roll over at midnight UTC on the first":                 "e.signup.by(month)",
	"by(day) with a shard: rows per shard value and day with an attempt":       "e.signup.context(device).by(day).attribution(event)",
	"by(day) with no attempts: no rows":                                        "e.signup.by(day)",
	"graph-mapped edge and node":                                               "e.signup.visited(pricing)",
	"e.from(homepage).to(pricing): nodes match node_slug":                      "e.from(homepage).to(pricing)",
	"e.from(a).to(b): one event is not both attempt and success":               "e.from(cta).to(pricing)",
	"e.from(a).to(a): a repeated step needs a second event":                    "e.from(pricing).to(pricing)",
	"e.from(a).to(a).within(1h): the second event within the hour":             "e.from(pricing).to(pricing).within(1h)",
	"attempt(any).within(1h): a retry that converts":                           "e.signup.attempt(any).within(1h)",
	"attempt(first).within(1h): the retry does not count":                      "e.signup.attempt(first).within(1h)",
	"attempt(any).by(day): the period of the attempt that converts":            "e.signup.by(day).within(60m).attempt(any)",
	"attempt(any).within(1h) on a repeated step":                               "e.from(pricing).to(pricing).attempt(any).within(1h)",
	"visitedBefore(pricing): at or before the first attempt":                   "e.signup.visitedBefore(pricing)",
	"visitedBefore under attempt(any) reads the first attempt":                 "e.signup.visitedBefore(pricing).attempt(any).within(1h)",
	"excludeBetween(support): after the anchor and before the to-event":        "e.signup.excludeBetween(support).within(1h)",
	"exclude(support) drops the units instead":                                 "e.signup.exclude(support).within(1h)",
	"excludeBetween on a repeated step":                                        "e.from(pricing).to(pricing).excludeBetween(support)",
}

func TestFixtureQueriesAreWhatTheParserGives(t *testing.T) {
	for _, f := range fixtures {
		src, ok := fixtureSources[f.name]
		if !ok {
			t.Errorf("fixture %q has no source text", f.name)
			continue
		}
		got, err := compiler.ParseQuery(src)
		if err != nil {
			t.Errorf("%s: %s does not parse: %v", f.name, src, err)
			continue
		}
		// The statistic does not change the counts; the fixtures leave it out.
		got.Stat = compiler.StatNone
		if d := cmp.Diff(f.q, got); d != "" {
			t.Errorf("%s: %s parses to another query (-fixture +parsed):\n%s", f.name, src, d)
		}
	}
}
