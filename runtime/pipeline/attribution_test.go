package pipeline_test

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/oracle"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// shardKey names an oracle row's shard as update names a pooled shard:
// "key=value" per key, and "key IS NULL" for attribution(entry)'s row of
// units whose anchor has no value.
func shardKey(keys []string, r oracle.Row) string {
	var parts []string
	for i, k := range keys {
		if i < len(r.NullShard) && r.NullShard[i] {
			parts = append(parts, k+" IS NULL")
			continue
		}
		parts = append(parts, k+"="+r.Shard[i])
	}
	return strings.Join(parts, ",")
}

// TestEntryAttributionUpdates runs references with attribution(entry),
// and one with excludeBetween under attempt(any), which the batch does not
// count, beside one it does, in one update: each
// must count what the oracle counts, the pooled one shard by shard with
// its NULL shard named, and the stored rows, shard rows included, must
// hold the counts.
func TestEntryAttributionUpdates(t *testing.T) {
	const (
		pooled   = "e.signup.context(channel).attribution(entry)"
		filtered = "e.signup.context(channel='google').attribution(entry).by(day)"
		perEvent = "e.signup.context(channel='google').attribution(event)"
		retry    = "e.signup.excludeBetween(pricing).attempt(any)"
	)
	all := testEvents()
	p := duckProject(t, all)
	p.write(t, p.duckYAML(""),
		"id: pooled\nedge_reference: \""+pooled+"\"\nbayesian_update:\n  pooling: empirical\n",
		"id: filtered\nedge_reference: \""+filtered+"\"\nbayesian_update: {prior: {alpha: 1, beta: 1}}\n",
		"id: per_event\nedge_reference: \""+perEvent+"\"\nbayesian_update: {prior: {alpha: 1, beta: 1}}\n",
		"id: retry\nedge_reference: \""+retry+"\"\nbayesian_update: {prior: {alpha: 1, beta: 1}}\n")
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	start := asOf.Add(-7 * 24 * time.Hour)

	for id, ref := range map[string]string{"filtered": filtered, "per_event": perEvent, "retry": retry} {
		r := must(t, res, id)
		if r.Status != pipeline.StatusUpdated {
			t.Fatalf("%s: status %s (%s)", id, r.Status, r.Reason)
		}
		want := oracleCount(t, all, proj, ref, start, asOf)
		if diff := cmp.Diff(want, countsOf(r)); diff != "" {
			t.Errorf("%s: counts (-oracle +update):\n%s", id, diff)
		}
		// The stored posterior is the row without a period (a time
		// series stores one row per period besides).
		stored := int64(-1)
		for _, row := range history(t, proj, id) {
			if row.Period == nil && row.Trials != nil {
				stored = *row.Trials
			}
		}
		if stored != want.Trials {
			t.Errorf("%s: stored %d trials, want %d", id, stored, want.Trials)
		}
	}
	if a, b := countsOf(must(t, res, "filtered")), countsOf(must(t, res, "per_event")); a == b {
		t.Errorf("entry and per-event attribution count alike (%v): the case proves nothing", a)
	}

	r := must(t, res, "pooled")
	if r.Status != pipeline.StatusUpdated || r.Pool == nil {
		t.Fatalf("pooled: status %s (%s), pool %+v", r.Status, r.Reason, r.Pool)
	}
	type shard struct {
		Key               string
		Trials, Successes int64
	}
	var want, got []shard
	for _, row := range oracleRows(t, all, proj, pooled, start, asOf) {
		want = append(want, shard{shardKey([]string{"channel"}, row), row.Trials, row.Successes})
	}
	for _, s := range r.Pool.Shards {
		got = append(got, shard{s.Key, s.Trials, s.Successes})
	}
	byKey := func(s []shard) { sort.Slice(s, func(a, b int) bool { return s[a].Key < s[b].Key }) }
	byKey(want)
	byKey(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("pooled shards (-oracle +update):\n%s", diff)
	}
	if !slices.ContainsFunc(got, func(s shard) bool { return s.Key == "channel IS NULL" }) {
		t.Errorf("no shard of units without a channel among %v: the case proves nothing", got)
	}
	// The store keeps a row per shard, the NULL one by its name.
	var stored []shard
	for _, row := range history(t, proj, "pooled") {
		if row.Shard != "" && row.Trials != nil && row.Successes != nil {
			stored = append(stored, shard{row.Shard, *row.Trials, *row.Successes})
		}
	}
	byKey(stored)
	if diff := cmp.Diff(want, stored); diff != "" {
		t.Errorf("stored shards (-oracle +store):\n%s", diff)
	}
}
