package pipeline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/events"
	"github.com/paramsql/paramsql/runtime/pipeline"
)

// signupSQL counts e.signup by hand, per session: a trial is a session
// with a signup_attempt in the window, a success one whose signup_success
// comes at or after its first attempt. filter narrows the events; the
// column names are trialsAs and successesAs. A subquery rather than a CTE
// keeps it runnable on ClickHouse 18.16.
func signupSQL(filter, trialsAs, successesAs string) string {
	return fmt.Sprintf(`SELECT COUNT(*) AS %s,
  COUNT(CASE WHEN last_success >= first_attempt THEN 1 END) AS %s
FROM (
  SELECT user_id, session_id,
    MIN(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_attempt,
    MAX(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_success
  FROM events
  WHERE event_type IN ('signup_attempt', 'signup_success')
    AND created_at >= :start_date
    AND created_at < :end_date
    %s
  GROUP BY user_id, session_id
) per_session
WHERE first_attempt IS NOT NULL`, trialsAs, successesAs, filter)
}

// indent indents every line of s by n spaces, for YAML block scalars.
func indent(s string, n int) string {
	pad := strings.Repeat(" ", n)
	return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
}

// injection is the channel of one extra session: a value that would widen
// the filter to every row if it were spliced into SQL unescaped.
const injection = "x' OR 1=1 --"

// rawEvents are testEvents plus one session, inside the default window at
// asOf, whose channel is literally the injection string.
func rawEvents() []events.Event {
	evs := testEvents()
	at := asOf.Add(-24 * time.Hour)
	ctx := map[string]*string{"channel": events.Str(injection), "device": events.Str("mobile")}
	for i, typ := range []string{"signup_attempt", "signup_success"} {
		evs = append(evs, events.Event{UserID: "inject", SessionID: "s1", EventType: typ, NodeSlug: "signup", CreatedAt: at.Add(time.Duration(i) * time.Minute), Context: ctx})
	}
	return evs
}

// TestRawQueries: raw queries bind :start_date/:end_date (and other
// parameters) through the driver, read renamed columns through
// result_mapping, and give one posterior per period for a time series.
func TestRawQueries(t *testing.T) {
	evs := rawEvents()
	p := duckProject(t, evs)
	p.write(t, p.duckYAML(""), "id: placeholder\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	p.load(t) // the placeholder project loads; the cases below write their own files
	week := asOf.Add(-7 * 24 * time.Hour)
	fixedStart, fixedEnd := time.Date(2025, 1, 22, 0, 0, 0, 0, time.UTC), time.Date(2025, 1, 29, 12, 0, 0, 0, time.UTC)

	cases := []struct {
		id, obs    string
		ref        string // the reference the query counts, for the oracle: per value, as the SQL filters the events
		start, end time.Time
	}{
		{
			id:  "renamed-columns",
			obs: "  query: |\n" + indent(signupSQL("AND channel = 'google'", "n", "k"), 4) + "\n  result_mapping: { trials: n, successes: k }\n",
			ref: "e.signup.context(channel='google').attribution(event)", start: week, end: asOf,
		},
		{
			id:  "default-columns",
			obs: "  query: |\n" + indent(signupSQL("", "trials", "successes"), 4) + "\n",
			ref: "e.signup", start: week, end: asOf,
		},
		{
			id: "fixed-window",
			obs: "  query: |\n" + indent(signupSQL("AND device = 'mobile'", "trials", "successes"), 4) + "\n" +
				"  parameters: { start_date: \"2025-01-22\", end_date: \"2025-01-29T12:00:00Z\" }\n",
			ref: "e.signup.context(device='mobile').attribution(event)", start: fixedStart, end: fixedEnd,
		},
		{
			// A string parameter is bound too: the injection matches
			// only the row that holds it literally.
			id: "bound-string",
			obs: "  query: |\n" + indent(signupSQL("AND channel = :ch", "trials", "successes"), 4) + "\n" +
				"  parameters: { ch: \"" + injection + "\" }\n",
			ref: "e.signup.context(channel='x'' OR 1=1 --').attribution(event)", start: week, end: asOf,
		},
	}
	var texts []string
	for _, c := range cases {
		texts = append(texts, fmt.Sprintf("id: %s\nobservation_source:\n%sbayesian_update: { prior: { alpha: 2, beta: 5 } }\n", c.id, c.obs))
	}
	p.write(t, p.duckYAML(""), texts...)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	for _, c := range cases {
		got := must(t, res, c.id)
		want := oracleCount(t, evs, proj, c.ref, c.start, c.end)
		t.Logf("%s: %d/%d (oracle %d/%d)", c.id, got.Successes, got.Trials, want.Successes, want.Trials)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: status %s (%s)", c.id, got.Status, got.Reason)
			continue
		}
		if want.Trials == 0 {
			t.Errorf("%s: the oracle counts no trials; the case proves nothing", c.id)
		}
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts differ from the oracle over [%v, %v) (-want +got):\n%s", c.id, c.start, c.end, diff)
		}
		checkPosterior(t, c.id, got.Posterior, conjugate(2, 5, want))
		if got.Reference != "query" || got.SQLHash == "" {
			t.Errorf("%s: reference %q and sql hash %q, want query and a hash", c.id, got.Reference, got.SQLHash)
		}
	}
	if got := must(t, res, "bound-string"); got.Trials != 1 {
		t.Errorf("the bound injection string matched %d sessions, want exactly the one that holds it", got.Trials)
	}
}

// TestRawTimeseries: result_type timeseries gives one posterior per
// period (Result.Periods) and one stored row per period.
func TestRawTimeseries(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	query := `WITH per_session AS (
  SELECT user_id, session_id,
    MIN(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_attempt,
    MAX(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_success
  FROM events
  WHERE event_type IN ('signup_attempt', 'signup_success')
    AND created_at >= :start_date AND created_at < :end_date
  GROUP BY user_id, session_id
)
SELECT CAST(first_attempt AS DATE) AS day, COUNT(*) AS n,
  COUNT(CASE WHEN last_success >= first_attempt THEN 1 END) AS k
FROM per_session
WHERE first_attempt IS NOT NULL
GROUP BY 1
ORDER BY 1`
	p.write(t, p.duckYAML(""), `id: daily
observation_source:
  query: |
`+indent(query, 4)+`
  result_type: timeseries
  result_mapping: { trials: n, successes: k, date: day }
bayesian_update: { prior: { alpha: 3, beta: 3 } }
`)
	proj, params := p.load(t)
	got := must(t, run(t, pipeline.Runner{}, proj, params, asOf), "daily")
	if got.Status != pipeline.StatusUpdated {
		t.Fatalf("status %s (%s)", got.Status, got.Reason)
	}
	var want []pipeline.Period
	var total count
	for _, r := range oracleRows(t, evs, proj, "e.signup.by(day)", asOf.Add(-7*24*time.Hour), asOf) {
		post := conjugate(3, 3, count{r.Trials, r.Successes})
		want = append(want, pipeline.Period{Date: r.Period, Trials: r.Trials, Successes: r.Successes, Posterior: &post})
		total.Trials += r.Trials
		total.Successes += r.Successes
	}
	if len(want) < 5 {
		t.Fatalf("the oracle gives %d periods", len(want))
	}
	if diff := cmp.Diff(want, got.Periods, approx, cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".Divergence"
	}, cmp.Ignore())); diff != "" {
		t.Errorf("periods (-oracle +got):\n%s", diff)
	}
	checkPosterior(t, "daily", got.Posterior, conjugate(3, 3, total))
	rows := history(t, proj, "daily")
	perPeriod := 0
	for _, r := range rows {
		if r.Period != nil {
			perPeriod++
		}
	}
	if perPeriod != len(want) || len(rows) != len(want)+1 {
		t.Errorf("stored %d rows, %d of them periods; want %d periods and the overall row", len(rows), perPeriod, len(want))
	}
}

// TestRawQueryRefusesWrites: a raw query that would write is refused
// before it runs, the parameter fails with that reason, and the events
// are intact.
func TestRawQueryRefusesWrites(t *testing.T) {
	evs := testEvents()
	p := duckProject(t, evs)
	if _, err := p.eventsDB.Exec("CREATE SEQUENCE seq"); err != nil {
		t.Fatal(err)
	}
	queries := map[string]string{
		"delete":           "DELETE FROM events",
		"select-then-drop": "SELECT 1 AS trials, 0 AS successes; DROP TABLE events",
		"cte-delete":       "WITH d AS (DELETE FROM events RETURNING *) SELECT count(*) AS trials, 0 AS successes FROM d",
		"insert-select":    "INSERT INTO events SELECT * FROM events",
		"select-into":      "SELECT count(*) AS trials, 0 AS successes INTO copied FROM events",
		"drop-in-comment":  "SELECT count(*) AS trials, 0 AS successes FROM events /* ok */; DROP TABLE events --",
		"sequence":         "SELECT nextval('seq') AS trials, 0 AS successes",
		"update":           "UPDATE events SET channel = 'x'",
	}
	var texts []string
	for id, q := range queries {
		texts = append(texts, fmt.Sprintf("id: %s\nobservation_source:\n  query: %q\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n", id, q))
	}
	texts = append(texts, "id: fine\nedge_reference: e.signup\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	p.write(t, p.duckYAML(""), texts...)
	proj, params := p.load(t)
	before := tableCount(t, p.eventsDB, "events")
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	for id := range queries {
		got := must(t, res, id)
		if got.Status != pipeline.StatusFailed || !strings.Contains(got.Reason, "read-only") {
			t.Errorf("%s: status %s (%s), want failed as not read-only", id, got.Status, got.Reason)
		}
	}
	if got := must(t, res, "fine"); got.Status != pipeline.StatusUpdated {
		t.Errorf("fine: status %s (%s)", got.Status, got.Reason)
	}
	if after := tableCount(t, p.eventsDB, "events"); after != before || after != int64(len(evs)) {
		t.Errorf("events went from %d to %d rows (loaded %d)", before, after, len(evs))
	}
	if n := tableCount(t, p.eventsDB, "events WHERE channel = 'x'"); n != 0 {
		t.Errorf("%d events were updated", n)
	}
	if rows := tableRows(t, p, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'copied'"); rows != 0 {
		t.Errorf("SELECT … INTO created a table")
	}
	if rows := tableRows(t, p, "SELECT currval('seq')"); rows != -1 {
		t.Errorf("the sequence advanced to %d", rows)
	}
}

// tableRows runs a one-number query on the events database; -1 means it
// failed (for currval of an unused sequence).
func tableRows(t *testing.T, p *project, query string) int64 {
	t.Helper()
	var n int64
	if err := p.eventsDB.QueryRow(query).Scan(&n); err != nil {
		return -1
	}
	return n
}

// seedTemplate is the seed's Example 3 (quoted '{{channel}}' values in a
// WHERE clause and a SELECT list) on this project's events table.
const seedTemplate = `SELECT
  COUNT(*) AS trials,
  COUNT(CASE WHEN last_success >= first_attempt THEN 1 END) AS successes,
  '{{channel}}' AS context_channel,
  '{{device}}' AS context_device
FROM (
  SELECT user_id, session_id,
    MIN(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_attempt,
    MAX(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_success
  FROM events
  WHERE
    event_type IN ('signup_attempt', 'signup_success')
    AND created_at >= :start_date
    AND created_at < :end_date

    -- Context filters (injected from context_filter)
    {% if channel %}
    AND channel = '{{channel}}'
    {% endif %}

    {% if device %}
    AND device = '{{device}}'
    {% endif %}
  GROUP BY user_id, session_id
) per_session
WHERE first_attempt IS NOT NULL`

// TestQueryTemplateInjection: context values enter a query_template as
// escaped literals, whether the template quotes them itself (the seed's
// Example 3: '{{channel}}') or uses the sql filter ({{ channel|sql }}).
// An injection string matches only the rows holding it literally, and
// nothing else runs.
func TestQueryTemplateInjection(t *testing.T) {
	evs := rawEvents()
	p := duckProject(t, evs)
	filterTemplate := signupSQL(`{% if channel %}AND channel = {{ channel|sql }}{% endif %}
    {% if device %}AND device = {{ device|sql }}{% endif %}`, "trials", "successes")

	type tc struct {
		id, template string
		filter       map[string]string
	}
	var cases []tc
	for _, form := range []struct{ name, template string }{{"quoted", seedTemplate}, {"sql-filter", filterTemplate}} {
		for _, f := range []struct {
			name   string
			filter map[string]string
		}{
			{"google", map[string]string{"channel": "google"}},
			{"obrien", map[string]string{"channel": "o'brien"}},
			{"injection", map[string]string{"channel": injection}},
			{"drop", map[string]string{"channel": "x'; DROP TABLE events; --"}},
			{"backslash-device", map[string]string{"channel": "google", "device": `a\b`}},
			{"device-only", map[string]string{"device": "mobile"}},
		} {
			cases = append(cases, tc{form.name + "-" + f.name, form.template, f.filter})
		}
	}
	var texts []string
	for _, c := range cases {
		var filter strings.Builder
		for k, v := range c.filter {
			fmt.Fprintf(&filter, "  %s: %q\n", k, v)
		}
		texts = append(texts, fmt.Sprintf(`id: %s
context_filter:
%sobservation_source:
  query_template: |
%s
  context_variables: [channel, device]
bayesian_update: { prior: { alpha: 1, beta: 1 } }
`, c.id, filter.String(), indent(c.template, 4)))
	}
	p.write(t, p.duckYAML(""), texts...)
	proj, params := p.load(t)
	before := tableCount(t, p.eventsDB, "events")
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	for _, c := range cases {
		got := must(t, res, c.id)
		var terms []string
		for _, k := range []string{"channel", "device"} {
			if v, ok := c.filter[k]; ok {
				terms = append(terms, k+"='"+strings.ReplaceAll(v, "'", "''")+"'")
			}
		}
		ref := "e.signup.context(" + strings.Join(terms, ",") + ").attribution(event)"
		want := oracleCount(t, evs, proj, ref, asOf.Add(-7*24*time.Hour), asOf)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: status %s (%s)", c.id, got.Status, got.Reason)
			continue
		}
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts differ from the oracle for %s (-want +got):\n%s", c.id, ref, diff)
		}
		if got.Reference != "query_template" {
			t.Errorf("%s: reference %q", c.id, got.Reference)
		}
	}
	for _, form := range []string{"quoted", "sql-filter"} {
		if got := must(t, res, form+"-injection"); got.Trials != 1 || got.Successes != 1 {
			t.Errorf("%s-injection: %d/%d, want exactly the one session whose channel is %q", form, got.Successes, got.Trials, injection)
		}
		if got := must(t, res, form+"-drop"); got.Trials != 0 {
			t.Errorf("%s-drop matched %d sessions", form, got.Trials)
		}
	}
	if after := tableCount(t, p.eventsDB, "events"); after != before {
		t.Errorf("events went from %d to %d rows", before, after)
	}
}

// TestRawContextShards: a query returning one row per context shard,
// with result_mapping.context naming the shard columns, is narrowed to
// the rows of the parameter's context_filter.
func TestRawContextShards(t *testing.T) {
	evs := rawEvents()
	p := duckProject(t, evs)
	// shardSQL counts e.signup per session and shard of the given context
	// columns, one row per shard; aliases renames them in the output.
	shardSQL := func(cols, aliases string) string {
		return fmt.Sprintf(`SELECT %[2]s, COUNT(*) AS trials,
  COUNT(CASE WHEN last_success >= first_attempt THEN 1 END) AS successes
FROM (
  SELECT user_id, session_id, %[1]s,
    MIN(CASE WHEN event_type = 'signup_attempt' THEN created_at END) AS first_attempt,
    MAX(CASE WHEN event_type = 'signup_success' THEN created_at END) AS last_success
  FROM events
  WHERE event_type IN ('signup_attempt', 'signup_success')
    AND created_at >= :start_date AND created_at < :end_date
  GROUP BY user_id, session_id, %[1]s
) per_session
WHERE first_attempt IS NOT NULL
GROUP BY %[1]s`, cols, aliases)
	}
	query := shardSQL("channel, device", "channel AS ch, device AS dev")
	cases := []struct {
		id     string
		filter map[string]string
		ref    string
	}{
		{"google-desktop", map[string]string{"channel": "google", "device": "desktop"}, "e.signup.context(channel='google',device='desktop').attribution(event)"},
		{"obrien-mobile", map[string]string{"channel": "o'brien", "device": "mobile"}, "e.signup.context(channel='o''brien',device='mobile').attribution(event)"},
		{"injection", map[string]string{"channel": injection, "device": "mobile"}, "e.signup.context(channel='x'' OR 1=1 --',device='mobile').attribution(event)"},
	}
	var texts []string
	for _, c := range cases {
		var filter strings.Builder
		for k, v := range c.filter {
			fmt.Fprintf(&filter, "  %s: %q\n", k, v)
		}
		texts = append(texts, fmt.Sprintf("id: %s\ncontext_filter:\n%sobservation_source:\n  query: |\n%s\n  result_mapping: { context: { channel: ch, device: dev } }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
			c.id, filter.String(), indent(query, 4)))
	}
	// Sharded by channel only.
	byChannel := shardSQL("channel", "channel AS ch")
	texts = append(texts, "id: google\ncontext_filter: { channel: google }\nobservation_source:\n  query: |\n"+indent(byChannel, 4)+
		"\n  result_mapping: { context: { channel: ch } }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n")
	cases = append(cases, struct {
		id     string
		filter map[string]string
		ref    string
	}{"google", nil, "e.signup.context(channel='google').attribution(event)"})
	p.write(t, p.duckYAML(""), texts...)
	proj, params := p.load(t)
	res := run(t, pipeline.Runner{}, proj, params, asOf)
	for _, c := range cases {
		got := must(t, res, c.id)
		want := oracleCount(t, evs, proj, c.ref, asOf.Add(-7*24*time.Hour), asOf)
		if got.Status != pipeline.StatusUpdated {
			t.Errorf("%s: %s (%s)", c.id, got.Status, got.Reason)
			continue
		}
		if want.Trials == 0 {
			t.Errorf("%s: no trials in the oracle", c.id)
		}
		if diff := cmp.Diff(want, countsOf(got)); diff != "" {
			t.Errorf("%s: counts of the shard (-oracle +got):\n%s", c.id, diff)
		}
	}
}
