package oracle

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// seeds is how many random cases each generator test draws.
const seeds = 2000

func rng(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5eed)) }

// normalFormProblems lists every way q breaks the normal form that
// RandomQuery promises; it is checked directly, not through the parser, so
// the generator's own contract is tested even when the parser changes.
func normalFormProblems(q *compiler.Query) []string {
	var p []string
	isSet := func(what string, xs []string) {
		if xs != nil && len(xs) == 0 {
			p = append(p, what+" is empty but not nil")
		}
		for i := 1; i < len(xs); i++ {
			if xs[i-1] >= xs[i] {
				p = append(p, fmt.Sprintf("%s not sorted and de-duplicated: %q", what, xs))
				break
			}
		}
	}
	if q.Edge.Name == "" && (q.Edge.From == "" || q.Edge.To == "") {
		p = append(p, fmt.Sprintf("edge has neither a name nor both nodes: %+v", q.Edge))
	}
	if q.Edge.Name != "" && (q.Edge.From != "" || q.Edge.To != "") {
		p = append(p, fmt.Sprintf("edge has a name and nodes: %+v", q.Edge))
	}
	isSet("visited", q.Visited)
	isSet("exclude", q.Exclude)
	for _, g := range q.VisitedAny {
		if len(g) == 0 {
			p = append(p, "empty visitedAny group")
		}
		isSet("visitedAny group", g)
	}
	for i := 1; i < len(q.VisitedAny); i++ {
		if slices.Compare(q.VisitedAny[i-1], q.VisitedAny[i]) >= 0 {
			p = append(p, fmt.Sprintf("visitedAny groups not sorted and de-duplicated: %q", q.VisitedAny))
		}
	}
	for _, n := range q.Exclude {
		if slices.Contains(q.Visited, n) {
			p = append(p, fmt.Sprintf("node %q both visited and excluded", n))
		}
	}
	for i, t := range q.Context {
		if t.Pos != (compiler.Pos{}) {
			p = append(p, "context term carries a position")
		}
		if t.Shard && t.Value != "" {
			p = append(p, fmt.Sprintf("shard term %q has a value", t.Key))
		}
		if i > 0 && q.Context[i-1].Key >= t.Key {
			p = append(p, "context not sorted by key with one term per key")
		}
	}
	for i, t := range q.ContextAny {
		if t.Pos != (compiler.Pos{}) || t.Shard {
			p = append(p, fmt.Sprintf("contextAny term not a plain key=value: %+v", t))
		}
		if i > 0 {
			a := q.ContextAny[i-1]
			if a.Key > t.Key || (a.Key == t.Key && a.Value >= t.Value) {
				p = append(p, "contextAny not sorted by key then value and de-duplicated")
			}
		}
	}
	for _, n := range q.Exclude {
		if n == q.Edge.From || n == q.Edge.To {
			p = append(p, fmt.Sprintf("excluded node %q is the edge's own", n))
		}
	}
	for _, g := range q.VisitedAny {
		if !slices.ContainsFunc(g, func(n string) bool { return !slices.Contains(q.Exclude, n) }) {
			p = append(p, fmt.Sprintf("visitedAny(%s) is wholly excluded", strings.Join(g, ",")))
		}
	}
	for _, c := range q.Context {
		listed, allowed := false, false
		for _, a := range q.ContextAny {
			if a.Key == c.Key && !c.Shard {
				listed, allowed = true, allowed || a.Value == c.Value
			}
		}
		if listed && !allowed {
			p = append(p, fmt.Sprintf("context %s=%q is not among its contextAny values", c.Key, c.Value))
		}
	}
	if len(q.Context) == 0 && q.Context != nil || len(q.ContextAny) == 0 && q.ContextAny != nil {
		p = append(p, "empty context list is not nil")
	}
	if d := q.Within; d != nil {
		ok := d.Amount >= 0 && strings.IndexByte("smhd", d.Unit) >= 0
		// Written in the largest unit that divides it: the next unit up
		// must not divide the seconds evenly; zero is 0s.
		next := map[byte]int64{'s': 60, 'm': 3600, 'h': 86400}
		if n, has := next[d.Unit]; has && d.Amount != 0 && d.Seconds()%n == 0 {
			ok = false
		}
		if d.Amount == 0 && d.Unit != 's' {
			ok = false
		}
		if !ok {
			p = append(p, fmt.Sprintf("within %s not normalised", d))
		}
	}
	if q.Attribution != "" && (q.Attribution == compiler.DefaultAttribution || len(q.Context)+len(q.ContextAny) == 0) {
		p = append(p, fmt.Sprintf("attribution %q is the default or has no context", q.Attribution))
	}
	if !slices.Contains([]compiler.Period{compiler.PeriodNone, compiler.PeriodDay, compiler.PeriodWeek, compiler.PeriodMonth}, q.By) {
		p = append(p, fmt.Sprintf("unknown period %q", q.By))
	}
	return p
}

func TestRandomQueryIsNormalised(t *testing.T) {
	for seed := range uint64(seeds) {
		q := RandomQuery(rng(seed))
		if p := normalFormProblems(q); len(p) > 0 {
			t.Errorf("seed %d: %+v:\n  %s", seed, q, strings.Join(p, "\n  "))
		}
	}
}

// The checker itself must reject what it is meant to reject, or the test
// above proves nothing.
func TestNormalFormProblemsCatchesBadQueries(t *testing.T) {
	bad := map[string]*compiler.Query{
		"unsorted visited":    {Edge: signup, Visited: []string{"pricing", "homepage"}},
		"duplicate exclude":   {Edge: signup, Exclude: []string{"demo", "demo"}},
		"visited & excluded":  {Edge: signup, Visited: []string{"demo"}, Exclude: []string{"demo"}},
		"unsorted groups":     {Edge: signup, VisitedAny: [][]string{{"pricing"}, {"demo"}}},
		"repeated group":      {Edge: signup, VisitedAny: [][]string{{"demo"}, {"demo"}}},
		"unsorted context":    {Edge: signup, Context: []compiler.Term{value("device", "x"), value("channel", "y")}},
		"two terms on a key":  {Edge: signup, Context: []compiler.Term{value("device", "x"), shard("device")}},
		"duplicate any":       {Edge: signup, ContextAny: []compiler.Term{value("device", "x"), value("device", "x")}},
		"24h not 1d":          {Edge: signup, Within: &compiler.Duration{Amount: 24, Unit: 'h'}},
		"60s not 1m":          {Edge: signup, Within: &compiler.Duration{Amount: 60, Unit: 's'}},
		"0d not 0s":           {Edge: signup, Within: &compiler.Duration{Amount: 0, Unit: 'd'}},
		"empty non-nil list":  {Edge: signup, Visited: []string{}},
		"edge with no nodes":  {Edge: compiler.Edge{From: "a"}},
		"term with position":  {Edge: signup, Context: []compiler.Term{{Key: "device", Value: "x", Pos: compiler.Pos{Line: 1}}}},
		"shard with a value":  {Edge: signup, Context: []compiler.Term{{Key: "device", Value: "x", Shard: true}}},
		"bare key contextAny": {Edge: signup, ContextAny: []compiler.Term{shard("device")}},
		"default attribution": {Edge: signup, Context: []compiler.Term{shard("device")}, Attribution: compiler.DefaultAttribution},
		"lone attribution":    {Edge: signup, Attribution: compiler.AttributionEntry},
		"from-node excluded":  {Edge: compiler.Edge{From: "a", To: "b"}, Exclude: []string{"a"}},
		"to-node excluded":    {Edge: compiler.Edge{From: "a", To: "b"}, Exclude: []string{"b"}},
		"group excluded":      {Edge: signup, VisitedAny: [][]string{{"demo"}}, Exclude: []string{"demo"}},
		"value not in any":    {Edge: signup, Context: []compiler.Term{value("device", "x")}, ContextAny: []compiler.Term{value("device", "y")}},
	}
	for name, q := range bad {
		if len(normalFormProblems(q)) == 0 {
			t.Errorf("%s: %+v passed the normal-form check", name, q)
		}
	}
}

func TestNormaliseWithin(t *testing.T) {
	tests := []struct {
		sec  int64
		want compiler.Duration
	}{
		{0, compiler.Duration{Amount: 0, Unit: 's'}},
		{1, compiler.Duration{Amount: 1, Unit: 's'}},
		{60, compiler.Duration{Amount: 1, Unit: 'm'}},
		{90, compiler.Duration{Amount: 90, Unit: 's'}},
		{7200, compiler.Duration{Amount: 2, Unit: 'h'}},
		{86400, compiler.Duration{Amount: 1, Unit: 'd'}}, // never 24h
		{7 * 86400, compiler.Duration{Amount: 7, Unit: 'd'}},
		{90061, compiler.Duration{Amount: 90061, Unit: 's'}}, // 1d1h1m1s
	}
	for _, tt := range tests {
		if got := normaliseWithin(tt.sec); got != tt.want {
			t.Errorf("normaliseWithin(%d) = %s, want %s", tt.sec, got, tt.want)
		}
	}
}

// TestRandomQueryCoverage makes sure the generator is not degenerate: every
// feature, and every legal oddity it promises, turns up in a few thousand
// draws.
func TestRandomQueryCoverage(t *testing.T) {
	seen := map[string]bool{}
	for seed := range uint64(seeds) {
		q := RandomQuery(rng(seed))
		mark := func(feature string, ok bool) {
			if ok {
				seen[feature] = true
			}
		}
		mark("named edge", q.Edge.Name != "")
		mark("from/to edge", q.Edge.From != "" && q.Edge.From != q.Edge.To)
		mark("from(a).to(a)", q.Edge.From != "" && q.Edge.From == q.Edge.To)
		mark("visited", len(q.Visited) > 0)
		mark("visitedAny", len(q.VisitedAny) > 0)
		mark("two visitedAny groups", len(q.VisitedAny) > 1)
		mark("one-node visitedAny group", slices.ContainsFunc(q.VisitedAny, func(g []string) bool { return len(g) == 1 }))
		mark("visitedBefore", len(q.VisitedBefore) > 0)
		mark("exclude", len(q.Exclude) > 0)
		mark("excludeBetween", len(q.ExcludeBetween) > 0)
		mark("excludeBetween with within", len(q.ExcludeBetween) > 0 && q.Within != nil)
		mark("excludeBetween with attempt(any)", len(q.ExcludeBetween) > 0 && q.Attempt == compiler.AttemptAny)
		mark("excludeBetween with attempt(any) without within", len(q.ExcludeBetween) > 0 && q.Attempt == compiler.AttemptAny && q.Within == nil)
		mark("context value", slices.ContainsFunc(q.Context, func(t compiler.Term) bool { return !t.Shard }))
		mark("shard", len(q.ShardKeys()) > 0)
		mark("two shard keys", len(q.ShardKeys()) > 1)
		mark("hostile context value", slices.ContainsFunc(q.Context, func(t compiler.Term) bool { return strings.ContainsAny(t.Value, `'\;`) }))
		mark("contextAny", len(q.ContextAny) > 0)
		mark("contextAny OR within a key", len(q.ContextAny) > 1 && q.ContextAny[0].Key == q.ContextAny[1].Key)
		mark("node in visitedAny and exclude", slices.ContainsFunc(q.VisitedAny, func(g []string) bool {
			return slices.ContainsFunc(g, func(n string) bool { return slices.Contains(q.Exclude, n) })
		}))
		mark("key in context and contextAny", slices.ContainsFunc(q.Context, func(c compiler.Term) bool {
			return slices.ContainsFunc(q.ContextAny, func(a compiler.Term) bool { return a.Key == c.Key })
		}))
		mark("within", q.Within != nil)
		mark("within(0s)", q.Within != nil && q.Within.Amount == 0)
		for _, u := range "smhd" {
			mark("within unit "+string(u), q.Within != nil && q.Within.Amount > 0 && rune(q.Within.Unit) == u)
		}
		mark("attempt(any) with within", q.Attempt == compiler.AttemptAny && q.Within != nil)
		mark("attempt(any) without within", q.Attempt == compiler.AttemptAny && q.Within == nil)
		mark("attempt(any) by period", q.Attempt == compiler.AttemptAny && q.Within != nil && q.By != compiler.PeriodNone)
		entry := q.AttributionRule() == compiler.AttributionEntry && len(q.Context)+len(q.ContextAny) > 0
		mark("attribution(entry) shard", entry && len(q.ShardKeys()) > 0)
		mark("attribution(entry) filter", entry && len(q.ShardKeys()) < len(q.Context)+len(q.ContextAny))
		mark("attribution(entry) attempt(any) with within", entry && q.Attempt == compiler.AttemptAny && q.Within != nil)
		mark("attribution(event) on a context", !entry && len(q.Context)+len(q.ContextAny) > 0)
		mark("by(day)", q.By == compiler.PeriodDay)
		mark("by(week)", q.By == compiler.PeriodWeek)
		mark("by(month)", q.By == compiler.PeriodMonth)
		mark("stat", q.Stat != compiler.StatNone)
	}
	for _, f := range []string{
		"named edge", "from/to edge", "from(a).to(a)", "visited", "visitedAny", "two visitedAny groups",
		"one-node visitedAny group", "visitedBefore", "exclude", "excludeBetween", "excludeBetween with within",
		"excludeBetween with attempt(any)", "excludeBetween with attempt(any) without within", "context value", "shard", "two shard keys",
		"hostile context value", "contextAny", "contextAny OR within a key", "node in visitedAny and exclude", "key in context and contextAny", "within", "within(0s)",
		"within unit s", "within unit m", "within unit h", "within unit d",
		"attempt(any) with within", "attempt(any) without within", "attempt(any) by period",
		"attribution(entry) shard", "attribution(entry) filter", "attribution(entry) attempt(any) with within", "attribution(event) on a context", "by(day)", "by(week)", "by(month)", "stat",
	} {
		if !seen[f] {
			t.Errorf("no random query has %s", f)
		}
	}
}

func TestRandomIsDeterministic(t *testing.T) {
	// Property tests print a seed on failure; the seed must reproduce it.
	for seed := range uint64(20) {
		if d := cmp.Diff(RandomEvents(rng(seed), 200), RandomEvents(rng(seed), 200)); d != "" {
			t.Fatalf("seed %d: RandomEvents differs between runs:\n%s", seed, d)
		}
		if d := cmp.Diff(RandomQuery(rng(seed)), RandomQuery(rng(seed))); d != "" {
			t.Fatalf("seed %d: RandomQuery differs between runs:\n%s", seed, d)
		}
		if d := cmp.Diff(RandomWindow(rng(seed)), RandomWindow(rng(seed))); d != "" {
			t.Fatalf("seed %d: RandomWindow differs between runs:\n%s", seed, d)
		}
	}
}

// TestRandomEventsShape checks each event is one every engine can store
// exactly, and that the interesting cases are common, not merely possible.
func TestRandomEventsShape(t *testing.T) {
	var total, ties, successBeforeAttempt, sharedSessionIDs, nulls, hostile, sevenDays int
	for seed := range uint64(200) {
		evs := RandomEvents(rng(seed), 300)
		if len(evs) != 300 {
			t.Fatalf("seed %d: %d events, want 300", seed, len(evs))
		}
		instants := map[string]int{}
		firstAttempt := map[string]time.Time{}
		sessionsOf := map[string]map[string]bool{}
		for _, e := range evs {
			total++
			if e.CreatedAt.Location() != time.UTC || e.CreatedAt.Nanosecond() != 0 {
				t.Fatalf("seed %d: created_at %v is not UTC whole seconds", seed, e.CreatedAt)
			}
			if e.UserID == "" || e.SessionID == "" || !slices.Contains(EventTypes, e.EventType) || !slices.Contains(NodeSlugs, e.NodeSlug) {
				t.Fatalf("seed %d: malformed event %+v", seed, e)
			}
			for k, v := range e.Context {
				if !slices.Contains(events.ContextKeys, k) {
					t.Fatalf("seed %d: unknown context column %q", seed, k)
				}
				if v != nil && strings.ContainsAny(*v, `'\;😀`) {
					hostile++
				}
			}
			for _, k := range events.ContextKeys {
				if e.Context[k] == nil {
					nulls++
				}
			}
			unit := e.UserID + "/" + e.SessionID
			instants[unit+"@"+e.CreatedAt.String()]++
			if strings.HasSuffix(e.EventType, "_attempt") {
				key := unit + e.EventType
				if f, ok := firstAttempt[key]; !ok || e.CreatedAt.Before(f) {
					firstAttempt[key] = e.CreatedAt
				}
			}
			if sessionsOf[e.SessionID] == nil {
				sessionsOf[e.SessionID] = map[string]bool{}
			}
			sessionsOf[e.SessionID][e.UserID] = true
		}
		for _, n := range instants {
			if n > 1 {
				ties++
			}
		}
		for _, e := range evs {
			if !strings.HasSuffix(e.EventType, "_success") {
				continue
			}
			edge := strings.TrimSuffix(e.EventType, "_success")
			f, ok := firstAttempt[e.UserID+"/"+e.SessionID+edge+"_attempt"]
			if ok && e.CreatedAt.Before(f) {
				successBeforeAttempt++
			}
			if ok && e.CreatedAt.Sub(f) == 7*24*time.Hour {
				sevenDays++
			}
		}
		for _, users := range sessionsOf {
			if len(users) > 1 {
				sharedSessionIDs++
			}
		}
	}
	for what, n := range map[string]int{
		"instants shared by two events of a session":   ties,
		"successes before the session's first attempt": successBeforeAttempt,
		"session ids used by two users":                sharedSessionIDs,
		"NULL context values":                          nulls,
		"hostile context values":                       hostile,
		"successes exactly 7d after the first attempt": sevenDays,
	} {
		if n < 20 {
			t.Errorf("only %d %s in %d events", n, what, total)
		}
	}
}

// TestRandomWindow checks the window is well formed and that its bounds
// land exactly on random events often enough to test the half-open rule.
func TestRandomWindow(t *testing.T) {
	onStart, onEnd, all := 0, 0, 0
	for seed := range uint64(seeds) {
		r := rng(seed)
		w := RandomWindow(r)
		if !w.Start.Before(w.End) {
			t.Fatalf("seed %d: window %v is empty", seed, w)
		}
		if w.Start.Location() != time.UTC || w.End.Location() != time.UTC {
			t.Fatalf("seed %d: window %v is not UTC", seed, w)
		}
		evs := RandomEvents(r, 200)
		in := 0
		for _, e := range evs {
			switch {
			case e.CreatedAt.Equal(w.Start):
				onStart++
			case e.CreatedAt.Equal(w.End):
				onEnd++
			}
			if !e.CreatedAt.Before(w.Start) && e.CreatedAt.Before(w.End) {
				in++
			}
		}
		if in == len(evs) {
			all++
		}
	}
	if onStart < 20 || onEnd < 20 || all < 20 {
		t.Errorf("windows too rarely hit the events: %d on start, %d on end, %d hold all", onStart, onEnd, all)
	}
}
