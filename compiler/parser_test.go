package compiler

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func dur(amount int64, unit byte) *Duration { return &Duration{Amount: amount, Unit: unit} }

func TestParseQueryValid(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want *Query
	}{
		{"named edge", "e.signup", &Query{Edge: Edge{Name: "signup"}}},
		{"spaces between tokens", " e . signup . visited ( a , b ) . p . mean ",
			&Query{Edge: Edge{Name: "signup"}, Visited: []string{"a", "b"}, Stat: StatMean}},
		{"tabs and newlines", "e.signup\n\t.visited(a)\r\n\t.p.k",
			&Query{Edge: Edge{Name: "signup"}, Visited: []string{"a"}, Stat: StatK}},
		{"bare name charset", "e.Sign_up-2", &Query{Edge: Edge{Name: "Sign_up-2"}}},
		{"digits-only and duration-like names", "e.7d.visited(01,-x)",
			&Query{Edge: Edge{Name: "7d"}, Visited: []string{"-x", "01"}}},
		{"quoted edge", "e.'sign up'", &Query{Edge: Edge{Name: "sign up"}}},
		{"quoted bare-able edge", "e.'signup'", &Query{Edge: Edge{Name: "signup"}}},
		{"from/to edge", "e.from(a).to(b)", &Query{Edge: Edge{From: "a", To: "b"}}},
		// exclude reads events before the window's end; with within() a
		// to-event after it still converts, so this is no contradiction.
		{"to-node excluded under within", "e.from(a).to(b).within(1h).exclude(b)",
			&Query{Edge: Edge{From: "a", To: "b"}, Exclude: []string{"b"}, Within: &Duration{Amount: 1, Unit: 'h'}}},
		{"from/to with spaces and quotes", "e.from ( 'pricing page' ) . to ( checkout )",
			&Query{Edge: Edge{From: "pricing page", To: "checkout"}}},
		{"from/to same node", "e.from(a).to(a)", &Query{Edge: Edge{From: "a", To: "a"}}},
		{"edge named from", "e.from", &Query{Edge: Edge{Name: "from"}}},
		{"edge named from with clauses", "e.from.visited(a)",
			&Query{Edge: Edge{Name: "from"}, Visited: []string{"a"}}},
		{"edge named to", "e.to.p.n", &Query{Edge: Edge{Name: "to"}, Stat: StatN}},
		{"edge named p", "e.p.p.mean", &Query{Edge: Edge{Name: "p"}, Stat: StatMean}},
		{"edge named e", "e.e", &Query{Edge: Edge{Name: "e"}}},
		{"edge named like a clause", "e.visited.visited(x)",
			&Query{Edge: Edge{Name: "visited"}, Visited: []string{"x"}}},
		{"visited merges, sorts, de-duplicates", "e.signup.visited(b,a).visited(a,c,c)",
			&Query{Edge: Edge{Name: "signup"}, Visited: []string{"a", "b", "c"}}},
		{"visitedAny groups sorted, collapsed", "e.x.visitedAny(b,a,b).visitedAny(c).visitedAny(a,b)",
			&Query{Edge: Edge{Name: "x"}, VisitedAny: [][]string{{"a", "b"}, {"c"}}}},
		{"visitedAny group order", "e.x.visitedAny(z).visitedAny(z,a).visitedAny(a)",
			&Query{Edge: Edge{Name: "x"}, VisitedAny: [][]string{{"a"}, {"a", "z"}, {"z"}}}},
		{"visitedAny with a visited node is kept", "e.x.visited(a).visitedAny(a,b)",
			&Query{Edge: Edge{Name: "x"}, Visited: []string{"a"}, VisitedAny: [][]string{{"a", "b"}}}},
		{"exclude merges", "e.x.exclude(b).exclude(a,b)",
			&Query{Edge: Edge{Name: "x"}, Exclude: []string{"a", "b"}}},
		{"visitedAny and exclude may overlap", "e.x.visitedAny(a,b).exclude(a)",
			&Query{Edge: Edge{Name: "x"}, VisitedAny: [][]string{{"a", "b"}}, Exclude: []string{"a"}}},
		{"spec example", "e.signup.visited(pricing,homepage).context(device:mobile,channel:'google').p.mean",
			&Query{Edge: Edge{Name: "signup"}, Visited: []string{"homepage", "pricing"},
				Context: []Term{{Key: "channel", Value: "google"}, {Key: "device", Value: "mobile"}}, Stat: StatMean}},
		{"colon and equals agree", "e.x.context(channel='google').context(channel:google)",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "channel", Value: "google"}}}},
		{"context merges across clauses", "e.x.context(device:mobile).context(channel='google',device='mobile')",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "channel", Value: "google"}, {Key: "device", Value: "mobile"}}}},
		{"shard keys mix with pairs", "e.x.context(device,channel='google').context(device)",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "channel", Value: "google"}, {Key: "device", Shard: true}}}},
		{"underscore keys", "e.x.context(_k,k_2=v)",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "_k", Shard: true}, {Key: "k_2", Value: "v"}}}},
		{"empty quoted value", "e.x.context(k='')",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "k", Value: ""}}}},
		{"contextAny sorted by key then value", "e.x.contextAny(channel='b',channel:a).contextAny(device=m,channel=a)",
			&Query{Edge: Edge{Name: "x"}, ContextAny: []Term{{Key: "channel", Value: "a"}, {Key: "channel", Value: "b"}, {Key: "device", Value: "m"}}}},
		{"context and contextAny on one key", "e.x.context(channel).contextAny(channel=a,channel=b)",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "channel", Shard: true}},
				ContextAny: []Term{{Key: "channel", Value: "a"}, {Key: "channel", Value: "b"}}}},
		{"within days", "e.x.within(7d)", &Query{Edge: Edge{Name: "x"}, Within: dur(7, 'd')}},
		{"within 168h is 7d", "e.x.within(168h)", &Query{Edge: Edge{Name: "x"}, Within: dur(7, 'd')}},
		{"within 120s is 2m", "e.x.within(120s)", &Query{Edge: Edge{Name: "x"}, Within: dur(2, 'm')}},
		{"within 3600s is 1h", "e.x.within(3600s)", &Query{Edge: Edge{Name: "x"}, Within: dur(1, 'h')}},
		{"within 90m stays", "e.x.within(90m)", &Query{Edge: Edge{Name: "x"}, Within: dur(90, 'm')}},
		{"within 36h stays", "e.x.within(36h)", &Query{Edge: Edge{Name: "x"}, Within: dur(36, 'h')}},
		{"within 61s stays", "e.x.within(61s)", &Query{Edge: Edge{Name: "x"}, Within: dur(61, 's')}},
		{"within 0s", "e.x.within(0s)", &Query{Edge: Edge{Name: "x"}, Within: dur(0, 's')}},
		{"within 0d is 0s", "e.x.within(0d)", &Query{Edge: Edge{Name: "x"}, Within: dur(0, 's')}},
		{"within leading zeros", "e.x.within(007d)", &Query{Edge: Edge{Name: "x"}, Within: dur(7, 'd')}},
		{"within largest seconds", "e.x.within(9223372036854775807s)",
			&Query{Edge: Edge{Name: "x"}, Within: dur(9223372036854775807, 's')}},
		{"within largest days", "e.x.within(106751991167300d)",
			&Query{Edge: Edge{Name: "x"}, Within: dur(106751991167300, 'd')}},
		{"by day", "e.x.by(day)", &Query{Edge: Edge{Name: "x"}, By: PeriodDay}},
		{"by week", "e.x.by(week)", &Query{Edge: Edge{Name: "x"}, By: PeriodWeek}},
		{"by month", "e.x.by(month)", &Query{Edge: Edge{Name: "x"}, By: PeriodMonth}},
		{"stat stdev", "e.x.p.stdev", &Query{Edge: Edge{Name: "x"}, Stat: StatStdev}},
		{"stat alpha", "e.x.p.alpha", &Query{Edge: Edge{Name: "x"}, Stat: StatAlpha}},
		{"stat beta", "e.x.p.beta", &Query{Edge: Edge{Name: "x"}, Stat: StatBeta}},
		{"everything in a scrambled order", "e.from(a).to(b).by(month).p.beta",
			&Query{Edge: Edge{From: "a", To: "b"}, By: PeriodMonth, Stat: StatBeta}},
		{"visitedBefore merges and sorts", "e.x.visitedBefore(b,a).visitedBefore(a)", &Query{Edge: Edge{Name: "x"}, VisitedBefore: []string{"a", "b"}}},
		{"excludeBetween merges and sorts", "e.x.excludeBetween(b,a).excludeBetween(a).attempt(first)", &Query{Edge: Edge{Name: "x"}, ExcludeBetween: []string{"a", "b"}}},
		{"excludeBetween may name a visited node", "e.x.visited(a).excludeBetween(a)", &Query{Edge: Edge{Name: "x"}, Visited: []string{"a"}, ExcludeBetween: []string{"a"}}},
		{"attempt any", "e.x.attempt(any).within(1h)", &Query{Edge: Edge{Name: "x"}, Attempt: AttemptAny, Within: dur(1, 'h')}},
		{"attempt first is the default", "e.x.attempt(first)", &Query{Edge: Edge{Name: "x"}}},
		{"the default attribution is not kept", "e.x.context(c).attribution(" + string(DefaultAttribution) + ")", &Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "c", Shard: true}}}},
		{"all clauses", "e.s.within(48h).contextAny(d=m).exclude(z).by(week).context(c='g').visitedAny(y,x).visited(v).p.alpha",
			&Query{Edge: Edge{Name: "s"}, Visited: []string{"v"}, VisitedAny: [][]string{{"x", "y"}}, Exclude: []string{"z"},
				Context: []Term{{Key: "c", Value: "g"}}, ContextAny: []Term{{Key: "d", Value: "m"}},
				Within: dur(2, 'd'), By: PeriodWeek, Stat: StatAlpha}},

		// Hostile quoted text must arrive verbatim: it ends up in SQL string
		// literals, so every byte the lexer alters is a potential injection.
		{"doubled quote", "e.x.context(name='o''brien')",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "name", Value: "o'brien"}}}},
		{"only quotes", "e.x.context(q='''''')",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "q", Value: "''"}}}},
		{"backslash is literal", `e.x.context(p='a\').visited('C:\dir\','\''')`,
			&Query{Edge: Edge{Name: "x"}, Visited: []string{`C:\dir\`, `\'`}, Context: []Term{{Key: "p", Value: `a\`}}}},
		{"sql comment and semicolon", "e.x.context(c='--', d='; DROP TABLE events; --')",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "c", Value: "--"}, {Key: "d", Value: "; DROP TABLE events; --"}}}},
		{"emoji and accents", "e.'🚀 launch'.visited('café','naïve').context(mood='😀')",
			&Query{Edge: Edge{Name: "🚀 launch"}, Visited: []string{"café", "naïve"}, Context: []Term{{Key: "mood", Value: "😀"}}}},
		{"newline and tab inside quotes", "e.x.context(v='a\nb\tc')",
			&Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "v", Value: "a\nb\tc"}}}},
		{"punctuation inside quotes", "e.x.visited('a.b(c),d=e:f')",
			&Query{Edge: Edge{Name: "x"}, Visited: []string{"a.b(c),d=e:f"}}},
		{"double quote inside single quotes", `e.x.visited('say "hi"')`,
			&Query{Edge: Edge{Name: "x"}, Visited: []string{`say "hi"`}}},
		{"U+FFFD written out is valid", "e.x.visited('\uFFFD')",
			&Query{Edge: Edge{Name: "x"}, Visited: []string{"\uFFFD"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseQuery(tt.src)
			if err != nil {
				t.Fatalf("ParseQuery(%q): %v", tt.src, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseQuery(%q) mismatch (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestParseQueryErrors(t *testing.T) {
	const (
		clauses = " (clauses are visited, visitedAny, visitedBefore, exclude, excludeBetween, context, contextAny, attempt, attribution, within and by)"
		statH   = " (statistics are mean, stdev, alpha, beta, n and k)"
		keyH    = " (a key is a letter or _ followed by letters, digits or _)"
		durH    = " (a duration is a whole number followed by s, m, h or d, as in 7d)"
		startH  = " (a reference starts with e.)"
		fromToH = " (an explicit edge is written e.from(a).to(b))"
	)
	tests := []struct {
		src  string
		want string
	}{
		// Clause names.
		{"e.signup.visted(a)", `1:10: unknown clause "visted" (did you mean "visited"?)`},
		{"e.signup.visitedany(a)", `1:10: unknown clause "visitedany" (did you mean "visitedAny"?)`},
		{"e.signup.Visited(a)", `1:10: unknown clause "Visited" (did you mean "visited"?)`},
		{"e.signup.contxt(a)", `1:10: unknown clause "contxt" (did you mean "context"?)`},
		{"e.signup.contextany(a=b)", `1:10: unknown clause "contextany" (did you mean "contextAny"?)`},
		{"e.signup.wthin(7d)", `1:10: unknown clause "wthin" (did you mean "within"?)`},
		{"e.signup.where(a)", `1:10: unknown clause "where"` + clauses},
		{"e.signup.visited.visited(a)", `1:17: expected "(" after visited, found "."`},
		{"e.signup.visited", `1:17: expected "(" after visited, found end of reference`},
		{"e.signup.", `1:10: expected a clause name after ".", found end of reference` + clauses},
		{"e.signup.'visited'(a)", `1:10: expected a clause name after ".", found 'visited'` + clauses},
		{"e.signup.p(a)", `1:10: unknown clause "p"` + clauses},
		{"e.visited(a)", `1:10: expected "." or end of reference, found "(" (the edge comes first, as in e.signup.visited(…))`},

		// The start and the edge.
		{"signup.visited(a)", `1:1: expected "e.", found "signup"` + startH},
		{"E.signup", `1:1: expected "e.", found "E"` + startH},
		{"", `1:1: expected "e.", found end of reference` + startH},
		{"   ", `1:4: expected "e.", found end of reference` + startH},
		{"'e'.signup", `1:1: expected "e.", found 'e'` + startH},
		{"e", `1:2: expected "." after e, found end of reference` + startH},
		{"e signup", `1:3: expected "." after e, found "signup"` + startH},
		{"e.", `1:3: expected an edge name after "e.", found end of reference (as in e.signup or e.from(a).to(b))`},
		{"e.(a)", `1:3: expected an edge name after "e.", found "(" (as in e.signup or e.from(a).to(b))`},
		{"e.''", `1:3: edge name cannot be empty`},
		{"e.from(a)", `1:10: expected ".to(…)" after from(…), found end of reference` + fromToH},
		{"e.from(a).too(b)", `1:11: expected ".to(…)" after from(…), found "too"` + fromToH},
		{"e.from(a).to", `1:13: expected "(" after to, found end of reference` + fromToH},
		{"e.from().to(b)", `1:8: expected a node name, found ")"`},
		{"e.from(a,b).to(c)", `1:9: expected ")" after the from node, found ","`},
		{"e.from(a).to(b", `1:15: expected ")" after the to node, found end of reference (the "(" at 1:13 is never closed)`},
		{"e.from('').to(b)", `1:8: node name cannot be empty`},

		// Node lists.
		{"e.signup.visited()", `1:18: visited() needs at least one node (as in visited(pricing))`},
		{"e.signup.exclude()", `1:18: exclude() needs at least one node (as in exclude(pricing))`},
		{"e.signup.visited(a,)", `1:20: expected a node name, found ")"`},
		{"e.signup.visited(,a)", `1:18: expected a node name, found ","`},
		{"e.signup.visited(a,", `1:20: expected a node name, found end of reference`},
		{"e.signup.visited(a", `1:19: expected "," or ")", found end of reference (the "(" at 1:17 is never closed)`},
		{"e.signup.visited(a b)", `1:20: expected "," or ")", found "b"`},
		{"e.signup.visited(a))", `1:20: expected "." or end of reference, found ")"`},
		{"e.signup.visited(a) x", `1:21: expected "." or end of reference, found "x"`},
		{"e.signup.visited('')", `1:18: node name cannot be empty`},
		{"e.signup.visited(a=b)", `1:19: expected "," or ")", found "="`},

		// Context terms.
		{"e.signup.context()", `1:18: context() needs at least one term (as in context(channel='google'))`},
		{"e.signup.contextAny()", `1:21: contextAny() needs at least one term (as in contextAny(channel='google'))`},
		{"e.signup.contextAny(channel)", `1:21: contextAny needs key=value pairs, found bare key "channel" (to shard by channel use context(channel))`},
		{"e.signup.contextAny(a=b,channel)", `1:25: contextAny needs key=value pairs, found bare key "channel" (to shard by channel use context(channel))`},
		{"e.signup.context('channel'=x)", `1:18: context key cannot be quoted, found 'channel'` + keyH},
		{"e.signup.context(1x=a)", `1:18: invalid context key "1x"` + keyH},
		{"e.signup.context(a-b=c)", `1:18: invalid context key "a-b"` + keyH},
		{"e.signup.context(a=)", `1:20: expected a value after "=", found ")" (quote values with single quotes, as in 'like this')`},
		{"e.signup.context(a:,b)", `1:20: expected a value after ":", found ","` + " (quote values with single quotes, as in 'like this')"},
		{"e.signup.context(a=b=c)", `1:21: expected "," or ")", found "="`},
		{"e.signup.context(=b)", `1:18: expected a context key, found "="`},

		// Meaning of context.
		{"e.signup.context(channel='google').context(channel='bing')",
			`1:44: context key "channel" has two values, 'google' and 'bing' (use contextAny(channel='google',channel='bing') for either)`},
		{"e.signup.context(channel=google,channel:bing)",
			`1:33: context key "channel" has two values, 'google' and 'bing' (use contextAny(channel='google',channel='bing') for either)`},
		{"e.signup.context(n='o''b',n='x')",
			`1:27: context key "n" has two values, 'o''b' and 'x' (use contextAny(n='o''b',n='x') for either)`},
		{"e.signup.context(channel,channel=google)",
			`1:26: context key "channel" is both a bare shard key and set to 'google' (use context(channel) to shard by it or context(channel='google') to filter on it, not both)`},
		{"e.signup.context(channel=google).context(channel)",
			`1:42: context key "channel" is both a bare shard key and set to 'google' (use context(channel) to shard by it or context(channel='google') to filter on it, not both)`},

		// Meaning of node lists.
		{"e.signup.visited(a).exclude(b,a)", `1:31: node "a" is both visited and excluded (no unit could ever be a trial; drop it from one of them)`},
		{"e.signup.exclude(a).visited(a)", `1:18: node "a" is both visited and excluded (no unit could ever be a trial; drop it from one of them)`},
		{"e.from(a).to(b).exclude(a)", `1:25: node "a" is the edge's from-node and excluded (every trial starts with an event at it; drop it from exclude)`},
		{"e.from(a).to(b).exclude(c,b)", `1:27: node "b" is the edge's to-node and excluded (no trial could ever succeed; drop it from exclude)`},
		{"e.signup.visitedAny(a).exclude(a)", `1:32: every node of visitedAny(a) is excluded (no unit could ever be a trial; drop it from one of them)`},
		{"e.signup.visitedAny(a,b).exclude(b).exclude(a)", `1:34: every node of visitedAny(a,b) is excluded (no unit could ever be a trial; drop it from one of them)`},
		{"e.signup.context(k='a').contextAny(k='b')", `1:36: context key "k" is set to 'a', which contextAny allows only as 'b' (no unit could ever be a trial; drop one of them)`},

		// visitedBefore.
		{"e.signup.visitedBefore()", `1:24: visitedBefore() needs at least one node (as in visitedBefore(pricing))`},
		{"e.signup.visitedbefore(a)", `1:10: unknown clause "visitedbefore" (did you mean "visitedBefore"?)`},
		{"e.signup.visitedBefore(a).exclude(a)", `1:35: node "a" is both visitedBefore and excluded (no unit could ever be a trial; drop it from one of them)`},

		// excludeBetween.
		{"e.signup.excludeBetween()", `1:25: excludeBetween() needs at least one node (as in excludeBetween(pricing))`},
		{"e.signup.excludebetween(a)", `1:10: unknown clause "excludebetween" (did you mean "excludeBetween"?)`},

		// attempt.
		{"e.signup.attempt(last)", `1:18: unknown attempt "last" (attempts are first and any)`},
		{"e.signup.attempt(anny)", `1:18: unknown attempt "anny" (did you mean "any"?)`},
		{"e.signup.attempt(First)", `1:18: unknown attempt "First" (did you mean "first"?)`},
		{"e.signup.attempt()", `1:18: expected an attempt, found ")" (attempts are first and any)`},
		{"e.signup.attempt('any')", `1:18: expected an attempt, found 'any' (attempts are first and any)`},
		{"e.signup.attempt(any,first)", `1:21: expected ")", found ","`},
		{"e.signup.attempt(any).attempt(first)", `1:23: second attempt clause (the first is at 1:10)`},
		{"e.signup.context(c).attribution(event).attribution(event)", `1:40: second attribution clause (the first is at 1:21)`},
		{"e.signup.context(c).attribution(entri)", `1:33: unknown attribution "entri" (did you mean "entry"?)`},
		{"e.signup.context(c).attribution()", `1:33: expected an attribution, found ")" (attributions are entry and event)`},
		{"e.signup.attribution(event)", `1:10: attribution without context or contextAny (attribution picks the context() row a unit counts in; add a context clause or drop it)`},
		{"e.signup.attemt(any)", `1:10: unknown clause "attemt" (did you mean "attempt"?)`},

		// within and by.
		{"e.signup.within(7)", `1:17: duration 7 has no unit (add s, m, h or d, as in 7d)`},
		{"e.signup.within(7w)", `1:17: unknown duration unit "w" in 7w (units are s, m, h and d)`},
		{"e.signup.within(7days)", `1:17: unknown duration unit "days" in 7days (units are s, m, h and d)`},
		{"e.signup.within(7D)", `1:17: unknown duration unit "D" in 7D (units are s, m, h and d)`},
		{"e.signup.within(-7d)", `1:17: expected a duration, found "-7d"` + durH},
		{"e.signup.within(d)", `1:17: expected a duration, found "d"` + durH},
		{"e.signup.within('7d')", `1:17: expected a duration, found '7d'` + durH},
		{"e.signup.within()", `1:17: expected a duration, found ")"` + durH},
		{"e.signup.within(1.5h)", `1:17: duration 1.5h is not a whole number (use a smaller unit, as in 90m rather than 1.5h)`},
		{"e.signup.within(1.)", `1:17: duration 1 has no unit (add s, m, h or d, as in 1d)`},
		{"e.signup.within(7d", `1:19: expected ")", found end of reference (the "(" at 1:16 is never closed)`},
		{"e.signup.within(7d,8d)", `1:19: expected ")", found ","`},
		{"e.signup.within(106751991167301d)", `1:17: duration 106751991167301d is too large (the limit is 9223372036854775807 seconds)`},
		{"e.signup.within(9223372036854775808s)", `1:17: duration 9223372036854775808s is too large (the limit is 9223372036854775807 seconds)`},
		{"e.signup.within(153722867280912931m)", `1:17: duration 153722867280912931m is too large (the limit is 9223372036854775807 seconds)`},
		{"e.signup.within(7d).within(7d)", `1:21: second within clause (the first is at 1:10)`},
		{"e.signup.by(day).by(week)", `1:18: second by clause (the first is at 1:10)`},
		{"e.signup.by(weak)", `1:13: unknown period "weak" (did you mean "week"?)`},
		{"e.signup.by(Day)", `1:13: unknown period "Day" (did you mean "day"?)`},
		{"e.signup.by(hour)", `1:13: unknown period "hour" (periods are day, week and month)`},
		{"e.signup.by('day')", `1:13: expected a period, found 'day' (periods are day, week and month)`},

		// The statistic.
		{"e.signup.p.men", `1:12: unknown statistic "men" (did you mean "mean"?)`},
		{"e.signup.p.median", `1:12: unknown statistic "median" (did you mean "mean"?)`},
		{"e.signup.p.Stdev", `1:12: unknown statistic "Stdev" (did you mean "stdev"?)`},
		{"e.signup.p.x", `1:12: unknown statistic "x"` + statH},
		{"e.signup.p.", `1:12: expected a statistic after ".p.", found end of reference` + statH},
		{"e.signup.p", `1:11: expected "." and a statistic after ".p", found end of reference` + statH},
		{"e.signup.p mean", `1:12: expected "." and a statistic after ".p", found "mean"` + statH},
		{"e.signup.p.mean.visited(a)", `1:16: expected end of reference after the statistic, found "." (.p.<stat> comes last)`},
		{"e.signup.p.mean.p.k", `1:16: expected end of reference after the statistic, found "." (.p.<stat> comes last)`},

		// Lexical errors.
		{`e.signup.visited("a")`, `1:18: unexpected character '"' (quote names and values with single quotes, as in 'like this')`},
		{"e.signup.visited('a)", `1:18: unterminated quoted string (close it with ' and write '' for a quote inside)`},
		{"e.signup.context(a='x''", `1:20: unterminated quoted string (close it with ' and write '' for a quote inside)`},
		{"e.signup;drop", `1:9: unexpected character ';'`},
		{"e.signup.context(channel=\u2019google\u2019)", `1:26: unexpected character '’' (quote names and values with single quotes, as in 'like this')`},
		{"e.signup.visited(\u201chome\u201d)", `1:18: unexpected character '“' (quote names and values with single quotes, as in 'like this')`},
		{"e.signup.visited(a)\x00", `1:20: NUL byte in reference`},
		{"e.x.visited('a\x00b')", `1:15: NUL byte in reference`},
		{"e.sign\xffup", `1:7: invalid UTF-8 byte 0xff (the reference must be valid UTF-8)`},
		{"e.x.visited('\xc3')", `1:14: invalid UTF-8 byte 0xc3 (the reference must be valid UTF-8)`},
		{"e.café", `1:3: "café" must be single-quoted: bare words may only use A-Z, a-z, 0-9, _ and - (write 'café')`},
		{"e.x.context(k=日本)", `1:15: "日本" must be single-quoted: bare words may only use A-Z, a-z, 0-9, _ and - (write '日本')`},
		{"e.x.visited(a\u00a0b)", `1:14: unexpected character '\u00a0'`},

		// Positions count runes, and lines.
		{"e.'über'.visted(a)", `1:10: unknown clause "visted" (did you mean "visited"?)`},
		{"e.'🚀'.visted(a)", `1:7: unknown clause "visted" (did you mean "visited"?)`},
		{"e.signup\n  .visited(a)\n  .visted(b)", `3:4: unknown clause "visted" (did you mean "visited"?)`},
		{"e.x.visited('a\nb').visted(c)", `2:5: unknown clause "visted" (did you mean "visited"?)`},
		{"e.signup.context(\n  channel='google',\n  channel='bing')",
			`3:3: context key "channel" has two values, 'google' and 'bing' (use contextAny(channel='google',channel='bing') for either)`},
		{"e.x.context(v='a\nb',v='c')",
			`2:4: context key "v" has two values, 'a\nb' and 'c' (use contextAny(v='a\nb',v='c') for either)`},
		{"e.signup.visited(a,\n", `2:1: expected a node name, found end of reference`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			q, err := ParseQuery(tt.src)
			if err == nil {
				t.Fatalf("ParseQuery(%q) = %v, want error %q", tt.src, q, tt.want)
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("ParseQuery(%q) error is %T, want *Error", tt.src, err)
			}
			if perr.Source != tt.src {
				t.Errorf("error Source = %q, want %q", perr.Source, tt.src)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("ParseQuery(%q) error:\n got: %s\nwant: %s", tt.src, got, tt.want)
			}
		})
	}
}

func TestParsePositions(t *testing.T) {
	src := "e.from(a).to('ü')\n\t.visited(x, 'y')\n\t.context(k=v,s)\n\t.within(2h).p.n"
	got, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	want := &Ref{
		Source: src,
		Edge: EdgeExpr{
			Pos:  Pos{Line: 1, Col: 3, Offset: 2},
			From: Node{Pos: Pos{Line: 1, Col: 8, Offset: 7}, Name: "a"},
			To:   Node{Pos: Pos{Line: 1, Col: 14, Offset: 13}, Name: "ü"},
		},
		Clauses: []Clause{
			{Pos: Pos{Line: 2, Col: 3, Offset: 21}, Kind: ClauseVisited, Nodes: []Node{
				{Pos: Pos{Line: 2, Col: 11, Offset: 29}, Name: "x"},
				{Pos: Pos{Line: 2, Col: 14, Offset: 32}, Name: "y"},
			}},
			{Pos: Pos{Line: 3, Col: 3, Offset: 39}, Kind: ClauseContext, Terms: []Term{
				{Pos: Pos{Line: 3, Col: 11, Offset: 47}, Key: "k", Value: "v"},
				{Pos: Pos{Line: 3, Col: 15, Offset: 51}, Key: "s", Shard: true},
			}},
			{Pos: Pos{Line: 4, Col: 3, Offset: 56}, Kind: ClauseWithin, Within: Duration{Amount: 2, Unit: 'h'}},
		},
		Stat:    StatN,
		StatPos: Pos{Line: 4, Col: 16, Offset: 69},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse mismatch (-want +got):\n%s", diff)
	}
	// Offsets are byte offsets: each must land on the text it claims.
	for _, c := range got.Clauses {
		if !strings.HasPrefix(src[c.Pos.Offset:], string(c.Kind)) {
			t.Errorf("clause %s offset %d points at %q", c.Kind, c.Pos.Offset, src[c.Pos.Offset:])
		}
	}
}

func TestParseKeepsDurationAsWritten(t *testing.T) {
	ref, err := Parse("e.x.within(168h)")
	if err != nil {
		t.Fatal(err)
	}
	if got := ref.Clauses[0].Within; got != (Duration{Amount: 168, Unit: 'h'}) {
		t.Errorf("Parse kept %v, want 168h as written", got)
	}
}

func TestErrorDetail(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"simple", "e.signup.visted(a)", "" +
			"1:10: unknown clause \"visted\" (did you mean \"visited\"?)\n" +
			"e.signup.visted(a)\n" +
			"         ^"},
		{"two-byte rune before", "e.'über'.visted(a)", "" +
			"1:10: unknown clause \"visted\" (did you mean \"visited\"?)\n" +
			"e.'über'.visted(a)\n" +
			"         ^"},
		{"four-byte rune before", "e.'🚀'.visted(a)", "" +
			"1:7: unknown clause \"visted\" (did you mean \"visited\"?)\n" +
			"e.'🚀'.visted(a)\n" +
			"      ^"},
		{"at the start", "signup", "" +
			"1:1: expected \"e.\", found \"signup\" (a reference starts with e.)\n" +
			"signup\n" +
			"^"},
		{"past the end", "e.signup.visited(a", "" +
			"1:19: expected \",\" or \")\", found end of reference (the \"(\" at 1:17 is never closed)\n" +
			"e.signup.visited(a\n" +
			"                  ^"},
		{"only the error's line is echoed", "e.signup\n  .visited(a)\n  .visted(b)\n  .p.mean", "" +
			"3:4: unknown clause \"visted\" (did you mean \"visited\"?)\n" +
			"  .visted(b)\n" +
			"   ^"},
		{"tabs are copied", "e.signup\n\t.visted(b)", "" +
			"2:3: unknown clause \"visted\" (did you mean \"visited\"?)\n" +
			"\t.visted(b)\n" +
			"\t ^"},
		{"carriage return is dropped", "e.signup\r\n.visted(b)\r\n", "" +
			"2:2: unknown clause \"visted\" (did you mean \"visited\"?)\n" +
			".visted(b)\n" +
			" ^"},
		{"NUL is shown as a picture", "e.x.visited('a\x00')", "" +
			"1:15: NUL byte in reference\n" +
			"e.x.visited('a\u2400')\n" +
			"              ^"},
		{"bad UTF-8 is shown as a replacement", "e.'é'.\xff", "" +
			"1:7: invalid UTF-8 byte 0xff (the reference must be valid UTF-8)\n" +
			"e.'é'.\uFFFD\n" +
			"      ^"},
		{"empty source", "", "" +
			"1:1: expected \"e.\", found end of reference (a reference starts with e.)\n" +
			"\n" +
			"^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseQuery(tt.src)
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("ParseQuery(%q) error = %v, want *Error", tt.src, err)
			}
			if got := perr.Detail(); got != tt.want {
				t.Errorf("Detail():\n got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

func TestErrorWithoutHint(t *testing.T) {
	e := &Error{Pos: Pos{Line: 2, Col: 7}, Msg: "boom"}
	if got, want := e.Error(), "2:7: boom"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// A hand-made Error whose offset lies outside its source must not panic.
	e = &Error{Source: "abc", Pos: Pos{Line: 1, Col: 9, Offset: 99}, Msg: "boom"}
	if got, want := e.Detail(), "1:9: boom\nabc\n   ^"; got != want {
		t.Errorf("Detail() = %q, want %q", got, want)
	}
}

func TestNormalizeHandBuilt(t *testing.T) {
	p := func(col int) Pos { return Pos{Line: 1, Col: col, Offset: col - 1} }
	tests := []struct {
		name string
		ref  *Ref
		want string
	}{
		{"nil", nil, "1:1: no reference to normalise"},
		{"no edge", &Ref{Edge: EdgeExpr{Pos: p(3)}}, "1:3: edge name cannot be empty"},
		{"half an edge", &Ref{Edge: EdgeExpr{From: Node{Pos: p(8), Name: "a"}, To: Node{Pos: p(13)}}},
			"1:13: node name cannot be empty"},
		{"unknown kind", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: "visted", Nodes: []Node{{Name: "a"}}}}},
			`1:5: unknown clause "visted" (did you mean "visited"?)`},
		{"no nodes", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseVisited}}},
			"1:5: visited() needs at least one node"},
		{"empty node", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseExclude, Nodes: []Node{{Pos: p(13)}}}}},
			"1:13: node name cannot be empty"},
		{"no terms", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseContext}}},
			"1:5: context() needs at least one term"},
		{"bad key", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseContext, Terms: []Term{{Pos: p(13), Key: "a b", Value: "v"}}}}},
			`1:13: invalid context key "a b" (a key is a letter or _ followed by letters, digits or _)`},
		{"shard in contextAny", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseContextAny, Terms: []Term{{Pos: p(16), Key: "k", Shard: true}}}}},
			`1:16: contextAny needs key=value pairs, found bare key "k" (to shard by k use context(k))`},
		{"bad unit", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseWithin, Within: Duration{Amount: 1, Unit: 'w'}}}},
			`1:5: invalid duration "1w" (a duration is a whole number followed by s, m, h or d, as in 7d)`},
		{"negative", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseWithin, Within: Duration{Amount: -1, Unit: 'd'}}}},
			`1:5: invalid duration "-1d" (a duration is a whole number followed by s, m, h or d, as in 7d)`},
		{"overflow", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseWithin, Within: Duration{Amount: 1 << 62, Unit: 'm'}}}},
			`1:5: invalid duration "4611686018427387904m" (a duration is a whole number followed by s, m, h or d, as in 7d)`},
		{"bad period", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseBy, Period: "weeks"}}},
			`1:5: unknown period "weeks" (did you mean "week"?)`},
		{"no period", &Ref{Edge: EdgeExpr{Name: "x"}, Clauses: []Clause{{Pos: p(5), Kind: ClauseBy}}},
			`1:5: unknown period "" (periods are day, week and month)`},
		{"bad stat", &Ref{Edge: EdgeExpr{Name: "x"}, Stat: "meen", StatPos: p(7)},
			`1:7: unknown statistic "meen" (did you mean "mean"?)`},
		{"far-off stat", &Ref{Edge: EdgeExpr{Name: "x"}, Stat: "mode", StatPos: p(7)},
			`1:7: unknown statistic "mode" (statistics are mean, stdev, alpha, beta, n and k)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Normalize(tt.ref)
			if err == nil {
				t.Fatalf("Normalize = %v, want error %q", q, tt.want)
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error is %T, want *Error", err)
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n got: %s\nwant: %s", got, tt.want)
			}
		})
	}
}

// TestNormalizeHandBuiltValid covers Refs the parser would never produce
// but that are still meaningful; their Query must still print canonically.
func TestNormalizeHandBuiltValid(t *testing.T) {
	ref := &Ref{
		Edge: EdgeExpr{Name: "x"},
		Clauses: []Clause{
			{Kind: ClauseContext, Terms: []Term{{Pos: Pos{Line: 1, Col: 9}, Key: "k", Value: "stray", Shard: true}}},
		},
	}
	q, err := Normalize(ref)
	if err != nil {
		t.Fatal(err)
	}
	want := &Query{Edge: Edge{Name: "x"}, Context: []Term{{Key: "k", Shard: true}}}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("Normalize mismatch (-want +got):\n%s", diff)
	}
	checkFixedPoint(t, q)
}

// TestNormalizeDoesNotAliasRef guards callers that keep the Ref: sorting the
// Query's lists must not reorder the clauses they came from.
func TestNormalizeDoesNotAliasRef(t *testing.T) {
	ref, err := Parse("e.x.visited(b,a).visitedAny(d,c).exclude(f,e).context(z=1,y=2)")
	if err != nil {
		t.Fatal(err)
	}
	before, _ := Parse(ref.Source)
	if _, err := Normalize(ref); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, ref); diff != "" {
		t.Errorf("Normalize changed its input (-before +after):\n%s", diff)
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		word string
		want string
	}{
		{"visted", "visited"},
		{"visitedany", "visitedAny"},
		{"VISITED", "visited"},
		{"excude", "exclude"},
		{"contextAnyy", "contextAny"},
		{"bye", "by"},
		{"x", ""},  // one letter from n and k, but nothing of them survives
		{"ab", ""}, // likewise
		{"nothing", ""},
		{"", ""},
	}
	for _, tt := range tests {
		cands := append(append([]string{}, clauseKinds...), stats...)
		if got := suggest(tt.word, cands); got != tt.want {
			t.Errorf("suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
}

// TestDocExamples keeps docs/language.md honest: every two-column table row
// of a reference and its canonical form or exact error must hold.
func TestDocExamples(t *testing.T) {
	doc, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(doc), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 2 || !isCode(cells[0]) || !isCode(cells[1]) {
			continue
		}
		src, want := strings.Trim(cells[0], "`"), strings.Trim(cells[1], "`")
		if !strings.HasPrefix(want, "e.") && !strings.HasPrefix(want, "1:") {
			continue // another kind of table, such as the API's
		}
		n++
		q, err := ParseQuery(src)
		switch {
		case strings.HasPrefix(want, "e."):
			if err != nil {
				t.Errorf("doc: ParseQuery(%q): %v", src, err)
			} else if got := q.String(); got != want {
				t.Errorf("doc: canonical form of %q:\n got: %s\ndoc: %s", src, got, want)
			}
		case err == nil:
			t.Errorf("doc: ParseQuery(%q) succeeded, doc says %s", src, want)
		case err.Error() != want:
			t.Errorf("doc: error for %q:\n got: %s\ndoc: %s", src, err, want)
		}
	}
	if n < 20 {
		t.Errorf("found only %d examples in the doc's tables", n)
	}
}

func isCode(cell string) bool {
	return len(cell) > 2 && strings.HasPrefix(cell, "`") && strings.HasSuffix(cell, "`")
}
