package conformance

import (
	"math/rand/v2"
	"time"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/internal/oracle"
)

// HostileValues are context values and node names that would break SQL
// spliced raw: quotes, backslashes, comment markers, semicolons, unicode and
// a newline. Every golden hostile case filters on one of them.
var HostileValues = []string{
	"o'brien",
	`a\b'`,
	"x--y; DROP TABLE events; --",
	"ünïcödé 😀 数据",
	"line1\nline2 -- not a comment",
	"it's", `a\b`, "--;", "/*x*/",
}

// Events is the fixed event log the golden cases run against: a random log
// from a fixed seed, plus sessions that make every golden case count
// something, hostile values included.
func Events() []events.Event {
	r := rand.New(rand.NewPCG(42, 2026))
	evs := oracle.RandomEvents(r, 3000)
	base := oracle.BaseTime.Add(36 * time.Hour)
	n := 0
	session := func(ctx map[string]*string, steps ...[2]string) {
		n++
		user, sess := "hu"+itoa(n%7), "hs"+itoa(n)
		for i, s := range steps {
			evs = append(evs, events.Event{
				UserID: user, SessionID: sess, EventType: s[0], NodeSlug: s[1],
				CreatedAt: base.Add(time.Duration(n)*time.Hour + time.Duration(i)*time.Minute),
				Context:   ctx,
			})
		}
	}
	for _, v := range HostileValues {
		for _, key := range []string{"channel", "country"} {
			ctx := map[string]*string{key: events.Str(v), "device": events.Str("mobile")}
			session(ctx, [2]string{"page_view", "homepage"}, [2]string{"signup_attempt", "signup"}, [2]string{"signup_success", "signup"})
			session(ctx, [2]string{"signup_attempt", "signup"})
		}
		// The hostile value as a node: reached, then left for pricing.
		session(nil, [2]string{"page_view", v}, [2]string{"page_view", "pricing"}, [2]string{"signup_attempt", "signup"}, [2]string{"signup_success", "signup"})
		session(nil, [2]string{"page_view", "it's"}, [2]string{"page_view", v})
	}
	for _, p := range []string{"product-page-1", "product-page-2", "product-page-3"} {
		session(nil, [2]string{"page_view", p}, [2]string{"checkout_attempt", "checkout"}, [2]string{"checkout_success", "checkout"})
		session(nil, [2]string{"page_view", p}, [2]string{"checkout_attempt", "checkout"})
	}
	// Graph-mapped nodes of the graph_mapped case.
	session(nil, [2]string{"page_view", "home"}, [2]string{"page_view", "pricing"}, [2]string{"signup_success", "welcome"})
	session(nil, [2]string{"page_view", "home"}, [2]string{"signup_success", "signup"})
	return evs
}

func itoa(i int) string {
	const digits = "0123456789"
	if i < 10 {
		return digits[i : i+1]
	}
	return itoa(i/10) + digits[i%10:i%10+1]
}

// FixtureWindow covers most of the fixture log but cuts its first day, so
// the window's lower bound matters; it observes to-events of within()
// references for 36 hours after its end.
func FixtureWindow() oracle.Window {
	start, end := oracle.BaseTime.Add(-9*24*time.Hour), oracle.BaseTime.Add(12*24*time.Hour)
	return oracle.Window{Start: start, End: end, Until: end.Add(36 * time.Hour)}
}
