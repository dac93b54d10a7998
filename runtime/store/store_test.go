package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/dialects"
	_ "github.com/paramsql/paramsql/internal/golden" // registers -update for this test binary
	"github.com/paramsql/paramsql/internal/testdb"
	"github.com/paramsql/paramsql/runtime/connect"
)

func f64(v float64) *float64 { return &v }
func i64(v int64) *int64     { return &v }

// day returns midnight UTC of a day in January 2025.
func day(d int) time.Time { return time.Date(2025, 1, d, 0, 0, 0, 0, time.UTC) }

// openStore opens a store on a fresh namespace of e and ensures its table.
func openStore(t testing.TB, e testdb.Engine, table string) *SQLStore {
	t.Helper()
	db, err := connect.Open(context.Background(), connect.Config{
		Name: "store-" + string(e), Driver: string(e), DSN: testdb.DSN(t, e), Timeout: time.Minute,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	s := NewSQLStore(db, table)
	for i := 0; i < 2; i++ { // Ensure is idempotent
		if err := s.Ensure(context.Background()); err != nil {
			t.Fatalf("Ensure #%d: %v", i+1, err)
		}
	}
	return s
}

// row returns a complete row of param p for the window ending on day d.
// Its times have whole seconds, which every engine keeps.
func row(p string, d int, status Status, mean float64) Row {
	return Row{
		RunID: "run-" + fmt.Sprint(d), ParamID: p, Status: status, Reason: "",
		Reference: "a -> b", SQLHash: "h" + fmt.Sprint(d),
		WindowStart: day(d).AddDate(0, 0, -7), WindowEnd: day(d),
		PriorAlpha: f64(1), PriorBeta: f64(1), PriorMean: f64(0.5), PriorStdev: f64(0.2887),
		Trials: i64(100), Successes: i64(int64(mean * 100)),
		PosteriorAlpha: f64(1 + mean*100), PosteriorBeta: f64(1 + (1-mean)*100),
		PosteriorMean: f64(mean), PosteriorStdev: f64(0.05), CILow: f64(mean - 0.1), CIHigh: f64(mean + 0.1),
		Z: f64(-1.5), Alert: mean > 0.5, Method: "conjugate", RHat: nil, ESS: nil,
		AsOf: day(d).Add(time.Hour), WrittenAt: day(d).Add(90 * time.Minute),
		Immature: i64(int64(d)),
	}
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			s := openStore(t, e, "posterior")
			enforcesKey := e != testdb.ClickHouse

			if got, err := s.Latest(ctx, "p1"); err != nil || got != nil {
				t.Fatalf("Latest on an empty table = %v, %v; want nil, nil", got, err)
			}

			// Append history: two windows, a failed row, a timeseries row
			// with a period, and another parameter.
			r1 := row("p1", 10, StatusUpdated, 0.4)
			r2 := row("p1", 17, StatusFailed, 0)
			r2.Reason, r2.PosteriorMean, r2.Trials, r2.Method = "query timed out", nil, nil, ""
			ts := row("p1", 10, StatusFallback, 0.45)
			ts.Period, ts.WrittenAt, ts.RHat, ts.ESS = ptr(day(6)), day(10).Add(2*time.Hour), f64(1.01), f64(950.5)
			ts.Immature = nil // a period's row: not counted per period
			other := row("p2", 24, StatusUpdated, 0.9)
			if err := s.Write(ctx, []Row{r1, r2, ts, other}, false); err != nil {
				t.Fatal(err)
			}
			hist, err := s.History(ctx, "p1")
			if err != nil {
				t.Fatal(err)
			}
			// Oldest window first, the period-less row before the period.
			if diff := cmp.Diff([]Row{r1, ts, r2}, hist); diff != "" {
				t.Errorf("History (-want +got):\n%s", diff)
			}
			// Latest skips the failed newer window; among the rows of
			// window 10 the whole window's row wins over a period's, even
			// one written later: it is what a posterior_history prior
			// continues from.
			latest, err := s.Latest(ctx, "p1")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&r1, latest); diff != "" {
				t.Errorf("Latest (-want +got):\n%s", diff)
			}
			if got, _ := s.Latest(ctx, "p2"); got == nil || got.RunID != other.RunID {
				t.Errorf("Latest(p2) = %+v, want %s", got, other.RunID)
			}

			if !enforcesKey {
				// ClickHouse: append-only, no upsert.
				err := s.Write(ctx, []Row{r1}, true)
				if !errors.Is(err, dialects.ErrPosteriorUpsertUnsupported) {
					t.Errorf("upsert on clickhouse: %v, want ErrPosteriorUpsertUnsupported", err)
				}
				return
			}

			// Upsert replaces the row of the same key, and only it.
			r1b := row("p1", 10, StatusUpdated, 0.42)
			r1b.RunID, r1b.WrittenAt = "run-10b", day(11)
			if err := s.Write(ctx, []Row{r1b}, true); err != nil {
				t.Fatalf("upsert: %v", err)
			}
			hist, _ = s.History(ctx, "p1")
			if diff := cmp.Diff([]Row{r1b, ts, r2}, hist); diff != "" {
				t.Errorf("History after upsert (-want +got):\n%s", diff)
			}
			// Upsert of a new key is a plain insert.
			r3 := row("p1", 31, StatusUpdated, 0.5)
			if err := s.Write(ctx, []Row{r3}, true); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.Latest(ctx, "p1"); got == nil || got.RunID != r3.RunID {
				t.Errorf("Latest after upserting a newer window = %+v, want %s", got, r3.RunID)
			}
			// Upserting a pooled run replaces its population's row and
			// every shard's, in a few statements.
			pop, shards := pooledRows("pooled", 12)
			if err := s.Write(ctx, append([]Row{pop}, shards...), true); err != nil {
				t.Fatal(err)
			}
			pop.RunID, pop.PosteriorMean = "rerun", f64(0.31)
			for i := range shards {
				shards[i].RunID, shards[i].PosteriorMean = "rerun", f64(0.2+0.01*float64(i))
			}
			shards = shards[:1] // a shard that has gone leaves no row behind
			if err := s.Write(ctx, append([]Row{pop}, shards...), true); err != nil {
				t.Fatalf("upsert of a pooled run: %v", err)
			}
			if hist, _ := s.History(ctx, "pooled"); !cmp.Equal([]Row{pop}, hist) {
				t.Errorf("History after the pooled upsert (-want +got):\n%s", cmp.Diff([]Row{pop}, hist))
			}
			if got, _ := s.Shards(ctx, "pooled"); !cmp.Equal(shards, got) {
				t.Errorf("Shards after the pooled upsert (-want +got):\n%s", cmp.Diff(shards, got))
			}

			// Without upsert, a row the same run already wrote with
			// another outcome fails the whole call: the first row, new
			// and valid, must not be stored either.
			fresh := row("p1", 3, StatusUpdated, 0.3)
			r3failed := r3
			r3failed.Status = StatusFailed
			err = s.Write(ctx, []Row{fresh, r3failed}, false)
			if err == nil {
				t.Fatal("writing an existing key without upsert succeeded")
			}
			t.Logf("duplicate key: %v", err)
			hist, _ = s.History(ctx, "p1")
			if diff := cmp.Diff([]Row{r1b, ts, r2, r3}, hist); diff != "" {
				t.Errorf("History after a failed write (-want +got):\n%s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestWriteRejects(t *testing.T) {
	s := openStore(t, testdb.DuckDB, "main.posterior")
	ctx := context.Background()
	good := row("p", 10, StatusUpdated, 0.5)
	tests := []struct {
		name string
		rows []Row
		want string
	}{
		{"bad status", []Row{good, func() Row { r := good; r.Status = "done"; r.WindowEnd = day(11); return r }()}, `row 2: status "done"`},
		{"no param", []Row{func() Row { r := good; r.ParamID = ""; return r }()}, "param_id is empty"},
		{"no window", []Row{func() Row { r := good; r.WindowEnd = time.Time{}; return r }()}, "window_end are required"},
		{"same key twice", []Row{good, good}, "rows 1 and 2 have the same"},
		{"same key, periods differ only in time of day", []Row{
			func() Row { r := good; r.Period = ptr(day(6)); return r }(),
			func() Row { r := good; r.Period = ptr(day(6).Add(5 * time.Hour)); return r }(),
		}, "rows 1 and 2 have the same"},
	}
	for _, tc := range tests {
		err := s.Write(ctx, tc.rows, false)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Write = %v, want %q", tc.name, err, tc.want)
		}
	}
	if hist, err := s.History(ctx, "p"); err != nil || len(hist) != 0 {
		t.Errorf("after refused writes History = %v, %v; want nothing", hist, err)
	}
	// Defaults: WrittenAt is the time of writing, AsOf defaults to it,
	// and times are stored in UTC.
	r := good
	r.AsOf, r.WrittenAt = time.Time{}, time.Time{}
	r.WindowEnd = time.Date(2025, 1, 10, 5, 0, 0, 123456789, time.FixedZone("X", 3600))
	before := time.Now().Add(-time.Second)
	if err := s.Write(ctx, []Row{r}, false); err != nil {
		t.Fatal(err)
	}
	got, err := s.Latest(ctx, "p")
	if err != nil || got == nil {
		t.Fatalf("Latest = %v, %v", got, err)
	}
	if got.WrittenAt.Before(before) || got.WrittenAt.Location() != time.UTC || !got.AsOf.Equal(got.WrittenAt) {
		t.Errorf("AsOf, WrittenAt = %v, %v, want the time of writing, in UTC", got.AsOf, got.WrittenAt)
	}
	if want := time.Date(2025, 1, 10, 4, 0, 0, 123456000, time.UTC); !got.WindowEnd.Equal(want) || got.WindowEnd.Location() != time.UTC {
		t.Errorf("WindowEnd = %v, want %v (UTC, microseconds)", got.WindowEnd, want)
	}
}

// TestWriteAllOrNothing cuts writes of many rows short at several points
// and checks that each left either every row or none: plain inserts, and
// (where there is upsert) upserts that replace every row of an earlier
// write, whose deletes must be undone too.
func TestWriteAllOrNothing(t *testing.T) {
	const n = 1500
	fracs := []float64{0.1, 0.3, 0.5, 0.7, 0.9}
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			s := openStore(t, e, "posterior")
			ctx := context.Background()
			mk := func(param string, mean float64) []Row {
				rows := make([]Row, n)
				for i := range rows {
					rows[i] = row(param, 1, StatusUpdated, mean)
					rows[i].WindowEnd = day(1).Add(time.Duration(i) * time.Minute)
				}
				return rows
			}
			// check returns how many rows param has, and fails the test
			// unless they all carry one of the means in allowed.
			check := func(param string, allowed ...float64) int {
				t.Helper()
				hist, err := s.History(ctx, param)
				if err != nil {
					t.Fatal(err)
				}
				means := map[float64]int{}
				for _, r := range hist {
					means[*r.PosteriorMean]++
				}
				if len(means) > 1 {
					t.Fatalf("%s is half-written: rows by posterior_mean %v", param, means)
				}
				for m := range means {
					if !contains(allowed, m) {
						t.Fatalf("%s rows carry mean %v, want one of %v", param, m, allowed)
					}
				}
				return len(hist)
			}

			// A context cancelled before the call writes nothing.
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			if err := s.Write(cancelled, mk("bulk", 0.1), false); err == nil {
				t.Fatal("Write with a cancelled context succeeded")
			}
			if got := check("bulk"); got != 0 {
				t.Fatalf("a cancelled write left %d rows", got)
			}

			// Time a full write, then cut writes short at fractions of it.
			start := time.Now()
			if err := s.Write(ctx, mk("bulk", 0.1), false); err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			if got := check("bulk", 0.1); got != n {
				t.Fatalf("a full write left %d rows, want %d", got, n)
			}
			t.Logf("%s: writing %d rows in one transaction took %v", e, n, took)

			interrupted := 0
			for i, frac := range fracs {
				param := fmt.Sprintf("plain%d", i)
				cctx, cancel := context.WithTimeout(ctx, time.Duration(frac*float64(took)))
				err := s.Write(cctx, mk(param, 0.3), false)
				cancel()
				got := check(param, 0.3)
				// ClickHouse has no transactions: a block the server
				// accepted whole may still reach the client as a timeout.
				// What holds there is that no write is left half done.
				clientSaw := (err == nil && got != n) || (err != nil && got != 0)
				if e == testdb.ClickHouse {
					clientSaw = got != 0 && got != n
				}
				if clientSaw {
					t.Fatalf("insert cut at %.0f%%: %d rows, err %v; want all or none", frac*100, got, err)
				}
				if err != nil {
					interrupted++
				}
			}
			t.Logf("%s: %d of %d inserts interrupted, none left part of its rows", e, interrupted, len(fracs))

			if e == testdb.ClickHouse {
				return // no upsert
			}
			interrupted = 0
			upsertWithin := func(d time.Duration) {
				t.Helper()
				cctx, cancel := context.WithTimeout(ctx, d)
				err := s.Write(cctx, mk("bulk", 0.2), true)
				cancel()
				if got := check("bulk", 0.1, 0.2); got != n {
					t.Fatalf("after an upsert cut after %v: %d rows, want %d (err %v)", d, got, n, err)
				}
				if err != nil {
					interrupted++
					if !errors.Is(err, context.DeadlineExceeded) {
						t.Errorf("interrupted upsert: %v, want a deadline error", err)
					}
				}
			}
			for _, frac := range fracs {
				upsertWithin(time.Duration(frac * float64(took)))
			}
			// took was measured, and the machine may be faster now than
			// then: cut ever sooner until one upsert is interrupted, so
			// the check does not depend on the machine's load.
			for d := took / 2; interrupted == 0 && d > 0; d /= 2 {
				upsertWithin(d)
			}
			if interrupted == 0 {
				t.Errorf("no upsert was interrupted; the test proved nothing")
			}
			t.Logf("%s: %d of %d upserts interrupted part-way, none left a mix", e, interrupted, len(fracs))
		})
	}
}

func contains(xs []float64, x float64) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// TestRowColumns checks that Row maps every column of the table, both
// ways, so a column added in dialects cannot be forgotten here.
func TestRowColumns(t *testing.T) {
	vals, err := row("p", 10, StatusUpdated, 0.5).values(time.Now(), time.Microsecond, "duckdb")
	if err != nil {
		t.Fatal(err)
	}
	cols := dialects.PosteriorColumns()
	if len(vals) != len(cols) {
		t.Errorf("values gives %d columns, the table has %d", len(vals), len(cols))
	}
	read := make([]any, len(cols))
	for i, c := range cols {
		v, ok := vals[c]
		if !ok {
			t.Errorf("column %s has no value", c)
		}
		if b, ok := v.(bool); ok {
			v = map[bool]int64{false: 0, true: 1}[b] // as connect.Result gives it
		}
		read[i] = v
	}
	got, err := rowFrom(cols, read)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(row("p", 10, StatusUpdated, 0.5), got); diff != "" {
		t.Errorf("round trip through the column values (-want +got):\n%s", diff)
	}
}
