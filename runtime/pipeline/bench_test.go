package pipeline_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// BenchmarkUpdatePooled1000Shards runs update on one parameter pooled
// empirically over e.signup.context(channel) with 1,000 channels of 20
// sessions each, on DuckDB: the sharded count, the Beta-Binomial fit and
// the 1,001 rows written to the posterior store. Each iteration is a new
// run at a later as-of, so every one writes its rows.
func BenchmarkUpdatePooled1000Shards(b *testing.B) {
	const channels, perChannel = 1000, 20
	rng := rand.New(rand.NewPCG(31, 37))
	var evs []events.Event
	for c := range channels {
		ch := fmt.Sprintf("c%04d", c)
		rate := 0.1 + 0.3*rng.Float64()
		for s := range perChannel {
			user := fmt.Sprintf("%s-%d", ch, s)
			at := asOf.Add(-time.Duration(1+rng.IntN(6*24*3600)) * time.Second)
			ctx := map[string]*string{"channel": events.Str(ch)}
			evs = append(evs, events.Event{UserID: user, SessionID: "s", EventType: "signup_attempt", NodeSlug: "signup", CreatedAt: at, Context: ctx})
			if rng.Float64() < rate {
				evs = append(evs, events.Event{UserID: user, SessionID: "s", EventType: "signup_success", NodeSlug: "signup", CreatedAt: at.Add(time.Minute), Context: ctx})
			}
		}
	}
	p := duckProject(b, evs)
	p.write(b, p.duckYAML(""), "id: pooled\nedge_reference: \"e.signup.context(channel)\"\nbayesian_update: { pooling: empirical }\n")
	proj, params := p.load(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		res := must(b, run(b, pipeline.Runner{}, proj, params, asOf.Add(time.Duration(i)*time.Second)), "pooled")
		if res.Status != pipeline.StatusUpdated || len(res.Pool.Shards) != channels {
			b.Fatalf("%s (%s) with %d shards, want updated with %d", res.Status, res.Reason, len(res.Pool.Shards), channels)
		}
	}
}
