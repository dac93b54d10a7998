package config

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestResolveTime(t *testing.T) {
	asOf := time.Date(2025, 10, 21, 12, 30, 0, 0, time.FixedZone("CEST", 2*3600))
	utc := asOf.UTC()
	tests := []struct {
		expr string
		want time.Time
	}{
		{"now", utc},
		{"NOW()", utc},
		{"  Now() ", utc},
		{"CURRENT_TIMESTAMP", utc},
		{"-7d", utc.Add(-7 * 24 * time.Hour)},
		{"-12h", utc.Add(-12 * time.Hour)},
		{"-30m", utc.Add(-30 * time.Minute)},
		{"-10s", utc.Add(-10 * time.Second)},
		{"+1d", utc.Add(24 * time.Hour)},
		{"2025-10-01", time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)},
		{"2025-10-01T08:00:00Z", time.Date(2025, 10, 1, 8, 0, 0, 0, time.UTC)},
		{"2025-10-01T08:00:00+02:00", time.Date(2025, 10, 1, 6, 0, 0, 0, time.UTC)},
		{"2025-10-01T08:00:00.5Z", time.Date(2025, 10, 1, 8, 0, 0, 5e8, time.UTC)},
		{"NOW() - INTERVAL '7 days'", utc.Add(-7 * 24 * time.Hour)},
		{"NOW() - INTERVAL '1 day'", utc.Add(-24 * time.Hour)},
		{"NOW() - INTERVAL '12 hours'", utc.Add(-12 * time.Hour)},
		{"NOW() - INTERVAL '30 minutes'", utc.Add(-30 * time.Minute)},
		{"NOW() - INTERVAL '10 seconds'", utc.Add(-10 * time.Second)},
		{"NOW() - INTERVAL '2 weeks'", utc.Add(-14 * 24 * time.Hour)},
		{"NOW() - INTERVAL 7 DAY", utc.Add(-7 * 24 * time.Hour)},
		{"now() - interval '7' day", utc.Add(-7 * 24 * time.Hour)},
		{"now()-interval 1 hour", utc.Add(-time.Hour)},
		{"NOW() + INTERVAL '1 day'", utc.Add(24 * time.Hour)},
	}
	for _, tc := range tests {
		got, err := ResolveTime(tc.expr, asOf)
		if err != nil {
			t.Errorf("ResolveTime(%q): %v", tc.expr, err)
			continue
		}
		if !got.Equal(tc.want) || got.Location() != time.UTC {
			t.Errorf("ResolveTime(%q) = %v, want %v in UTC", tc.expr, got, tc.want)
		}
	}
}

func TestResolveTimeErrors(t *testing.T) {
	const forms = "accepted: now, NOW(), -7d, -12h, -30m, -10s, +1d, 2025-10-21, 2025-10-21T00:00:00Z, NOW() - INTERVAL '7 days', NOW() - INTERVAL 7 DAY"
	tests := []struct{ expr, want string }{
		{"", "empty time (" + forms + ")"},
		{"yesterday", `invalid time "yesterday" (` + forms + ")"},
		{"7d", `invalid time "7d": an offset needs a sign (write -7d for 7d ago, or +7d for later)`},
		{"-1w", `invalid time "-1w" (` + forms + ")"},
		{"NOW() - INTERVAL '1 month'", `invalid time "NOW() - INTERVAL '1 month'": unknown interval unit "month" (months and years have no fixed length; use days)`},
		{"NOW() - INTERVAL '3 fortnights'", `invalid time "NOW() - INTERVAL '3 fortnights'": unknown interval unit "fortnights" (use seconds, minutes, hours, days or weeks)`},
		{"2025-13-01", `invalid date "2025-13-01" (write YYYY-MM-DD with a real month and day)`},
		{"2025-10-01 08:00:00", `invalid time "2025-10-01 08:00:00" (a timestamp must be RFC 3339 with a zone, such as 2025-10-21T08:00:00Z)`},
		{"-99999999999999d", `invalid time "-99999999999999d": 99999999999999 is too large`},
	}
	for _, tc := range tests {
		_, err := ResolveTime(tc.expr, time.Now())
		if err == nil {
			t.Errorf("ResolveTime(%q) succeeded", tc.expr)
			continue
		}
		if got := err.Error(); got != tc.want {
			t.Errorf("ResolveTime(%q) error\n got %s\nwant %s", tc.expr, got, tc.want)
		}
	}
}

func TestWindowResolve(t *testing.T) {
	asOf := time.Date(2025, 10, 21, 0, 0, 0, 0, time.UTC)
	start, end, err := Window{Start: "-7d", End: "now"}.Resolve(asOf)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]time.Time{asOf.Add(-7 * 24 * time.Hour), asOf}, []time.Time{start, end}); diff != "" {
		t.Errorf("Resolve (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		w    Window
		want string
	}{
		{Window{Start: "now", End: "-1d"}, "window start 2025-10-21T00:00:00Z is not before end 2025-10-20T00:00:00Z"},
		{Window{Start: "soon", End: "now"}, `window start: invalid time "soon" (accepted: now, NOW(), -7d, -12h, -30m, -10s, +1d, 2025-10-21, 2025-10-21T00:00:00Z, NOW() - INTERVAL '7 days', NOW() - INTERVAL 7 DAY)`},
	} {
		_, _, err := tc.w.Resolve(asOf)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%+v: error %v, want %s", tc.w, err, tc.want)
		}
	}
}
