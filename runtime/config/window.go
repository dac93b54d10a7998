package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// timeForms lists the spellings ResolveTime accepts, for error hints.
const timeForms = `accepted: now, NOW(), -7d, -12h, -30m, -10s, +1d, 2025-10-21, 2025-10-21T00:00:00Z, NOW() - INTERVAL '7 days', NOW() - INTERVAL 7 DAY`

var (
	offsetRE     = regexp.MustCompile(`^([+-])\s*(\d+)\s*([smhd])$`)
	intervalRE   = regexp.MustCompile(`^(?:now\(\)|now|current_timestamp(?:\(\))?)\s*([+-])\s*interval\s+(?:'\s*(\d+)\s*([a-z]+)\s*'|'(\d+)'\s+([a-z]+)|(\d+)\s+([a-z]+))$`)
	bareOffsetRE = regexp.MustCompile(`^(\d+)\s*([smhd])$`)
	dateRE       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// intervalUnits maps the unit words of an SQL interval to their length.
var intervalUnits = map[string]time.Duration{
	"second": time.Second, "seconds": time.Second, "sec": time.Second, "secs": time.Second,
	"minute": time.Minute, "minutes": time.Minute, "min": time.Minute, "mins": time.Minute,
	"hour": time.Hour, "hours": time.Hour,
	"day": 24 * time.Hour, "days": 24 * time.Hour,
	"week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
}

var offsetUnits = map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}

// ResolveTime resolves a window bound to a UTC time. Relative forms count
// from asOf, so a run given the same asOf is reproducible. Accepted, case
// insensitively:
//
//	now, NOW(), CURRENT_TIMESTAMP           asOf itself
//	-7d, -12h, -30m, -10s, +1d              asOf plus or minus an offset
//	2025-10-21T08:00:00Z (RFC 3339)         that instant
//	2025-10-21                              midnight UTC of that day
//	NOW() - INTERVAL '7 days'               as in the seed document; also
//	NOW() - INTERVAL '1 day', '12 hours',   '30 minutes', '10 seconds',
//	NOW() - INTERVAL 7 DAY                  '2 weeks', and + for the future
//
// Months and years are refused: they have no fixed length.
func ResolveTime(expr string, asOf time.Time) (time.Time, error) {
	asOf = asOf.UTC()
	s := strings.TrimSpace(expr)
	low := strings.ToLower(s)
	bad := func(msg, hint string) (time.Time, error) {
		return time.Time{}, &Error{Msg: msg, Hint: hint}
	}
	switch low {
	case "":
		return bad("empty time", timeForms)
	case "now", "now()", "current_timestamp", "current_timestamp()":
		return asOf, nil
	}
	if m := offsetRE.FindStringSubmatch(low); m != nil {
		d, err := scaled(m[2], offsetUnits[m[3]])
		if err != nil {
			return bad(fmt.Sprintf("invalid time %q: %v", expr, err), "")
		}
		if m[1] == "-" {
			d = -d
		}
		return asOf.Add(d), nil
	}
	if m := bareOffsetRE.FindStringSubmatch(low); m != nil {
		return bad(fmt.Sprintf("invalid time %q: an offset needs a sign", expr), fmt.Sprintf("write -%s%s for %s%s ago, or +%s%s for later", m[1], m[2], m[1], m[2], m[1], m[2]))
	}
	if m := intervalRE.FindStringSubmatch(low); m != nil {
		num, unit := m[2]+m[4]+m[6], m[3]+m[5]+m[7]
		u, ok := intervalUnits[unit]
		if !ok {
			hint := "use seconds, minutes, hours, days or weeks"
			if strings.HasPrefix(unit, "month") || strings.HasPrefix(unit, "year") {
				hint = "months and years have no fixed length; use days"
			}
			return bad(fmt.Sprintf("invalid time %q: unknown interval unit %q", expr, unit), hint)
		}
		d, err := scaled(num, u)
		if err != nil {
			return bad(fmt.Sprintf("invalid time %q: %v", expr, err), "")
		}
		if m[1] == "-" {
			d = -d
		}
		return asOf.Add(d), nil
	}
	if dateRE.MatchString(s) {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return bad(fmt.Sprintf("invalid date %q", expr), "write YYYY-MM-DD with a real month and day")
		}
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if strings.Contains(s, "T") || strings.Contains(s, ":") {
		return bad(fmt.Sprintf("invalid time %q", expr), "a timestamp must be RFC 3339 with a zone, such as 2025-10-21T08:00:00Z")
	}
	return bad(fmt.Sprintf("invalid time %q", expr), timeForms)
}

// scaled multiplies a decimal count by a unit, refusing overflow.
func scaled(num string, unit time.Duration) (time.Duration, error) {
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n > int64((1<<63-1)/unit) {
		return 0, fmt.Errorf("%s is too large", num)
	}
	return time.Duration(n) * unit, nil
}

// Window is the default observation window of a project: the bounds are
// kept as written and resolved against a run's as-of time.
type Window struct {
	// Start is the inclusive start, such as "-7d"; default "-7d".
	Start string
	// End is the exclusive end, such as "now"; default "now".
	End string
	// ConversionWindow is the within() of an edge reference that has
	// none and whose parameter sets no conversion_window; zero keeps such
	// a reference's events all inside the window.
	ConversionWindow time.Duration
}

// Resolve resolves both bounds against asOf. It is an error for the start
// not to come before the end.
func (w Window) Resolve(asOf time.Time) (start, end time.Time, err error) {
	start, err = ResolveTime(w.Start, asOf)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("window start: %w", err)
	}
	end, err = ResolveTime(w.End, asOf)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("window end: %w", err)
	}
	if !start.Before(end) {
		return time.Time{}, time.Time{}, fmt.Errorf("window start %s is not before end %s", start.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	return start, end, nil
}
