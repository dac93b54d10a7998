package oracle

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/paramsql/paramsql/compiler"
	"github.com/paramsql/paramsql/internal/events"
)

// randomCase is one random input to Count, as the property tests of other
// packages will draw it.
type randomCase struct {
	seed uint64
	evs  []events.Event
	q    *compiler.Query
	unit compiler.Unit
	w    Window
}

func randomCases(n int) []randomCase {
	var cs []randomCase
	for seed := range uint64(n) {
		r := rng(seed)
		c := randomCase{seed: seed, evs: RandomEvents(r, 1+r.IntN(300)), q: RandomQuery(r), w: RandomWindow(r)}
		c.unit = compiler.UnitSession
		if r.IntN(2) == 0 {
			c.unit = compiler.UnitUser
		}
		cs = append(cs, c)
	}
	return cs
}

func (c randomCase) count(q *compiler.Query) []Row {
	return Count(c.evs, q, compiler.DefaultSchema(), nil, c.unit, c.w)
}

func (c randomCase) String() string {
	return fmt.Sprintf("seed %d, unit %s, window [%s, %s), query %+v", c.seed, c.unit,
		c.w.Start.Format(time.DateTime), c.w.End.Format(time.DateTime), *c.q)
}

// TestRowShape checks what every result must look like, whatever the input:
// sorted unique rows, successes <= trials, shard values of the right arity,
// periods that are truncated dates exactly when there is a by().
func TestRowShape(t *testing.T) {
	for _, c := range randomCases(1000) {
		rows := c.count(c.q)
		keys := c.q.ShardKeys()
		if len(keys) == 0 && c.q.By == compiler.PeriodNone && len(rows) != 1 {
			t.Errorf("%s: %d rows, want exactly 1", c, len(rows))
		}
		for i, r := range rows {
			if r.Successes < 0 || r.Successes > r.Trials {
				t.Errorf("%s: row %+v has successes outside [0, trials]", c, r)
			}
			if len(r.Shard) != len(keys) {
				t.Errorf("%s: row %+v has %d shard values for keys %q", c, r, len(r.Shard), keys)
			}
			if c.q.By == compiler.PeriodNone && !r.Period.IsZero() {
				t.Errorf("%s: row %+v has a period without by()", c, r)
			}
			if c.q.By != compiler.PeriodNone && !r.Period.Equal(truncate(r.Period, c.q.By)) {
				t.Errorf("%s: row %+v has a period that is not a %s start", c, r, c.q.By)
			}
			if i > 0 && !rowLess(rows[i-1], r) {
				t.Errorf("%s: rows %+v and %+v out of order or repeated", c, rows[i-1], r)
			}
		}
	}
}

// TestShardIsContextPerValue checks the sharding rule as the spec states it:
// each shard row equals the reference with context(key='value') in place of
// the bare key.
func TestShardIsContextPerValue(t *testing.T) {
	checked := 0
	for _, c := range randomCases(600) {
		if len(c.q.ShardKeys()) == 0 {
			continue
		}
		all := c.count(c.q)
		for _, row := range all {
			if row.NullShard != nil {
				continue // attribution(entry)'s NULL row has no filter to match
			}
			q := *c.q
			q.Context = slices.Clone(c.q.Context)
			i := 0
			for j, term := range q.Context {
				if term.Shard {
					q.Context[j] = value(term.Key, row.Shard[i])
					i++
				}
			}
			got := c.count(&q)
			// Without shard keys the same period rows remain, minus the
			// shard values.
			var want []Row
			for _, r := range all {
				if slices.Equal(r.Shard, row.Shard) && r.NullShard == nil {
					want = append(want, Row{Period: r.Period, Trials: r.Trials, Successes: r.Successes, Immature: r.Immature})
				}
			}
			if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
				t.Errorf("%s: shard %q differs from context filter (-shard row +filter):\n%s", c, row.Shard, d)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d shard rows checked", checked)
	}
}

// TestPeriodsPartitionTheTotal checks that by() only splits the counts: for
// each shard, the period rows add up to the row without by(). A shard with
// no period rows has no trials.
func TestPeriodsPartitionTheTotal(t *testing.T) {
	for _, c := range randomCases(600) {
		if c.q.By == compiler.PeriodNone {
			continue
		}
		noBy := *c.q
		noBy.By = compiler.PeriodNone
		sums := map[string]Row{}
		for _, r := range c.count(c.q) {
			s := sums[encode(r.Shard)]
			s.Shard, s.Trials, s.Successes, s.Immature = r.Shard, s.Trials+r.Trials, s.Successes+r.Successes, s.Immature+r.Immature
			sums[encode(r.Shard)] = s
		}
		for _, r := range c.count(&noBy) {
			s := sums[encode(r.Shard)]
			if s.Trials != r.Trials || s.Successes != r.Successes || s.Immature != r.Immature {
				t.Errorf("%s: shard %q: periods add to %d/%d (%d immature), total is %d/%d (%d immature)", c, r.Shard, s.Successes, s.Trials, s.Immature, r.Successes, r.Trials, r.Immature)
			}
			delete(sums, encode(r.Shard))
		}
		for k := range sums {
			t.Errorf("%s: shard %s has period rows but no total row", c, k)
		}
	}
}

// TestWithinOnlyNarrowsSuccesses checks that within() only moves trials
// to immature (trials plus immature are the trials without within()), and
// that with a cut-off at least 7d after the window's end no trial up to
// within(7d) is immature and a longer within never has fewer successes.
func TestWithinOnlyNarrowsSuccesses(t *testing.T) {
	for _, c := range randomCases(400) {
		if c.q.AttributionRule() == compiler.AttributionEntry && c.q.Attempt == compiler.AttemptAny {
			// The anchor that converts, whose values the unit takes,
			// depends on the window: a unit may move between rows.
			continue
		}
		q := *c.q
		q.By = compiler.PeriodNone
		q.Context = slices.DeleteFunc(slices.Clone(q.Context), func(t compiler.Term) bool { return t.Shard })
		row := func(d *compiler.Duration) Row {
			q.Within = d
			return c.count(&q)[0]
		}
		q.Within = nil
		all := row(nil).Trials
		late := c.w
		late.Until = c.w.End.Add(8 * 24 * time.Hour)
		var prev *Row
		for _, d := range []*compiler.Duration{{Amount: 0, Unit: 's'}, {Amount: 1, Unit: 'm'}, {Amount: 1, Unit: 'h'}, {Amount: 7, Unit: 'd'}} {
			if r := row(d); r.Trials+r.Immature != all {
				t.Errorf("%s: within %v gives %d trials and %d immature, %d trials without within", c, d, r.Trials, r.Immature, all)
			}
			q.Within = d
			r := Count(c.evs, &q, compiler.DefaultSchema(), nil, c.unit, late)[0]
			if r.Trials != all || r.Immature != 0 || prev != nil && r.Successes < prev.Successes {
				t.Errorf("%s: observed to %s, within %v gives %d/%d (%d immature), a shorter one %v", c, late.Until, d, r.Successes, r.Trials, r.Immature, prev)
			}
			prev = &r
		}
	}
}

// TestEventOrderDoesNotMatter: the events table is a set; reversing the
// list must not change any count or the row order.
func TestEventOrderDoesNotMatter(t *testing.T) {
	for _, c := range randomCases(200) {
		want := c.count(c.q)
		c.evs = slices.Clone(c.evs)
		slices.Reverse(c.evs)
		if d := cmp.Diff(want, c.count(c.q)); d != "" {
			t.Errorf("%s: reversing the events changed the rows:\n%s", c, d)
		}
	}
}

// TestNilAndEmptyGraphAgree: an empty Graph gives the default conventions,
// as a nil one does.
func TestNilAndEmptyGraphAgree(t *testing.T) {
	for _, c := range randomCases(200) {
		got := Count(c.evs, c.q, compiler.DefaultSchema(), &compiler.Graph{}, c.unit, c.w)
		if d := cmp.Diff(c.count(c.q), got); d != "" {
			t.Errorf("%s: nil and empty graph differ:\n%s", c, d)
		}
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		at   string
		p    compiler.Period
		want string
	}{
		{"2025-02-03 23:59:59", compiler.PeriodDay, "2025-02-03"},
		{"2025-02-02 23:59:59", compiler.PeriodWeek, "2025-01-27"}, // Sunday: the week before
		{"2025-02-03 00:00:00", compiler.PeriodWeek, "2025-02-03"}, // Monday: its own week
		{"2025-02-09 12:00:00", compiler.PeriodWeek, "2025-02-03"},
		{"2025-01-01 00:00:00", compiler.PeriodWeek, "2024-12-30"}, // a week across the new year
		{"2025-01-31 23:59:59", compiler.PeriodMonth, "2025-01-01"},
		{"2024-02-29 12:00:00", compiler.PeriodMonth, "2024-02-01"},
	}
	for _, tt := range tests {
		if got := truncate(at(tt.at), tt.p); !got.Equal(day(tt.want)) {
			t.Errorf("truncate(%s, %s) = %s, want %s", tt.at, tt.p, got.Format(time.DateOnly), tt.want)
		}
	}
}
