package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/pipeline"
)

func TestVersion(t *testing.T) {
	out, errOut, code := runCLI("--version")
	if code != 0 || !strings.HasPrefix(out, "paramsql ") || !strings.Contains(out, "go1.") {
		t.Errorf("exit %d, stdout %q, stderr %q; want paramsql <version> (… go1.x)", code, out, errOut)
	}
}

func TestFmtStdin(t *testing.T) {
	in := "e.signup.visited(pricing,homepage)\n\n  e.checkout.context(channel:google)  \ne.signup.visted(a)\ne.checkout\n\t e.checkout.bogus()\n\u00a0e.x.bogus()\n"
	var out, errb bytes.Buffer
	code := runWithInput([]string{"fmt", "-"}, strings.NewReader(in), &out, &errb)
	want := "e.signup.visited(homepage,pricing)\ne.checkout.context(channel='google')\ne.checkout\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("stdout (-want +got):\n%s", diff)
	}
	// file:line:col of the line as read, its indentation counted.
	for _, pos := range []string{"paramsql: <stdin>:4:10: unknown clause \"visted\"", "paramsql: <stdin>:6:14: unknown clause \"bogus\"", "paramsql: <stdin>:7:6: unknown clause \"bogus\""} {
		if code == 0 || !strings.Contains(errb.String(), pos) {
			t.Errorf("exit %d, stderr %q; want non-zero with %q", code, errb.String(), pos)
		}
	}
}

// TestReferenceArgumentNamed: with several references as arguments, an
// error says which one it is in; with one, the position is enough.
func TestReferenceArgumentNamed(t *testing.T) {
	runCLICases(t, []cliCase{
		{name: "fmt second of two", args: []string{"fmt", "e.signup", "e.checkout.bogus(x)"}, wantCode: 1,
			wantErr: "paramsql: <arg 2>:1:12: unknown clause \"bogus\""},
		{name: "compile first of two", args: []string{"compile", "e.signup.visited(a", "e.checkout"}, wantCode: 1,
			wantErr: "paramsql: <arg 1>:1:19: expected"},
		{name: "fmt alone", args: []string{"fmt", "e.checkout.bogus(x)"}, wantCode: 1,
			wantErr: "paramsql: 1:12: unknown clause \"bogus\""},
	})
}

func TestValidateProjectFlag(t *testing.T) {
	dir := testProject(t, map[string]string{"a.yaml": simpleParam("a", "e.signup", "")})
	for _, args := range [][]string{{"validate", "--project", dir}, {"validate", dir}} {
		out, errOut, code := runCLI(args...)
		if code != 0 || !strings.Contains(out, "1 parameter file(s) valid") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	if _, errOut, code := runCLI("validate", "--project", dir, t.TempDir()); code == 0 || !strings.Contains(errOut, "two projects given") {
		t.Errorf("two projects: exit %d, stderr %q", code, errOut)
	}
}

// TestBrokenFileIsolated: a parameter file with a typo, or with a missing
// environment variable in its alert settings, fails alone: update runs
// the others and names the file:line:col, update ID of another file
// succeeds, and validate still refuses the project.
func TestBrokenFileIsolated(t *testing.T) {
	t.Setenv("PARAMSQL_TEST_UNSET_HOOK", "")
	dir := testProject(t, map[string]string{
		"a.yaml":     simpleParam("a", "e.signup", ""),
		"typo.yaml":  "id: typo\nedge_reference: e.signup\nbayesian_updat: { prior: { alpha: 1, beta: 1 } }\n",
		"noenv.yaml": simpleParam("noenv", "e.signup", "model_fit:\n  alerts:\n    - { type: slack, webhook: \"${PARAMSQL_TEST_UNSET_VAR}\" }\n"),
	})
	out, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01")
	if code == 0 || !strings.Contains(errOut, "2 of 3 parameters failed") {
		t.Errorf("update: exit %d, stderr %q; want 2 of 3 failed", code, errOut)
	}
	want := map[string]string{"a": "updated", "typo": "failed", "noenv": "failed"}
	if diff := cmp.Diff(want, summaryStatuses(out)); diff != "" {
		t.Errorf("statuses (-want +got):\n%s\n%s", diff, out)
	}
	for _, w := range []string{`typo.yaml:3:1: unknown field "bayesian_updat"`, "noenv.yaml:6:", "PARAMSQL_TEST_UNSET_VAR is not set"} {
		if !strings.Contains(out, w) {
			t.Errorf("summary lacks %q:\n%s", w, out)
		}
	}
	if out, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01", "a"); code != 0 || !strings.Contains(out, "a ") {
		t.Errorf("update a: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, errOut, code := runCLI("validate", "--project", dir); code == 0 || !strings.Contains(errOut, "typo.yaml:3:1") {
		t.Errorf("validate: exit %d, stderr %q; want the typo refused", code, errOut)
	}
}

// TestHistoryJSON: history --json uses update --json's snake_case names.
func TestHistoryJSON(t *testing.T) {
	dir := testProject(t, map[string]string{"a.yaml": simpleParam("a", "e.signup", "")})
	if _, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01"); code != 0 {
		t.Fatalf("update: %s", errOut)
	}
	out, errOut, code := runCLI("history", "--project", dir, "--json", "a")
	if code != 0 {
		t.Fatalf("history: %s", errOut)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, k := range []string{"run_id", "id", "status", "window_start", "window_end", "trials", "successes", "prior", "posterior", "as_of", "written_at", "immature"} {
		if _, ok := got[k]; !ok {
			t.Errorf("history --json lacks %q: %s", k, out)
		}
	}
	for k := range got {
		if k != strings.ToLower(k) {
			t.Errorf("history --json has key %q, want snake_case", k)
		}
	}
	post, _ := got["posterior"].(map[string]any)
	if _, ok := post["ci95"]; !ok {
		t.Errorf("posterior lacks ci95, as update --json has it: %v", post)
	}
}

// TestHistoryImmature: history shows the immature count a within()
// reference's run stored, in its table and as --json's "immature".
func TestHistoryImmature(t *testing.T) {
	dir := testProject(t, map[string]string{"late.yaml": simpleParam("late", "e.signup.within(1d)", "")})
	if _, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01", "--json", "late"); code != 0 {
		t.Fatalf("update: %s", errOut)
	}
	out, errOut, code := runCLI("history", "--project", dir, "--json", "late")
	if code != 0 {
		t.Fatalf("history --json: %s", errOut)
	}
	var entry struct{ Immature *int64 }
	if err := json.Unmarshal([]byte(out), &entry); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if entry.Immature == nil {
		t.Fatalf("history --json has no immature count: %s", out)
	}
	text, errOut, code := runCLI("history", "--project", dir, "late")
	if code != 0 {
		t.Fatalf("history: %s", errOut)
	}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	header := strings.Fields(lines[0])
	col := -1
	for i, h := range header {
		if h == "IMMATURE" {
			col = i
		}
	}
	// WINDOW is one field (start..end, with spaces inside its times), so
	// a row has two more fields than the header up to there.
	if col < 0 || len(lines) != 2 {
		t.Fatalf("history has no IMMATURE column, or not one row:\n%s", text)
	}
	if got, want := strings.Fields(lines[1])[col+2], fmt.Sprint(*entry.Immature); got != want {
		t.Errorf("history shows immature %s, --json %s:\n%s", got, want, text)
	}
}

// TestHistoryPooledShards: history shows a pooled run's population row
// and, after it, one row per shard that update --json reported, in the
// order of their keys (so the NULL row, "channel IS NULL", comes first).
func TestHistoryPooledShards(t *testing.T) {
	dir := testProject(t, map[string]string{"pooled.yaml": "id: pooled\nedge_reference: \"e.signup.context(channel)\"\nbayesian_update: { pooling: empirical }\n"})
	out, errOut, code := runCLI("update", "--project", dir, "--as-of", "2025-03-01", "--json", "pooled")
	if code != 0 {
		t.Fatalf("update: %s", errOut)
	}
	var res pipeline.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if res.Pool == nil || len(res.Pool.Shards) < 2 {
		t.Fatalf("update reported no pool of two or more shards: %s", out)
	}
	var shards []string
	for _, s := range res.Pool.Shards {
		shards = append(shards, s.Key)
	}
	sort.Strings(shards)
	want := append([]string{"population"}, shards...)

	out, errOut, code = runCLI("history", "--project", dir, "--json", "pooled")
	if code != 0 {
		t.Fatalf("history --json: %s", errOut)
	}
	var got []string
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var e pipeline.HistoryEntry
		if err := dec.Decode(&e); err != nil {
			t.Fatal(err)
		}
		if e.Pooling != "empirical" {
			t.Errorf("entry %+v: pooling %q, want empirical", e, e.Pooling)
		}
		if e.Shard == "" {
			e.Shard = "population"
		}
		got = append(got, e.Shard)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("history --json rows (-update +history):\n%s", diff)
	}

	text, errOut, code := runCLI("history", "--project", dir, "pooled")
	if code != 0 {
		t.Fatalf("history: %s", errOut)
	}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 1+len(want) || !strings.Contains(lines[0], "SHARD") {
		t.Fatalf("history shows %d lines, want a header with SHARD and %d rows:\n%s", len(lines), len(want), text)
	}
	for i, w := range want {
		if !strings.Contains(lines[i+1], " "+w+" ") {
			t.Errorf("row %d lacks %q:\n%s", i+1, w, text)
		}
	}
}

// TestRenderObservesUntilAsOf: a within() reference whose window ended
// before --as-of is rendered with the as-of as its cut-off, as update
// binds it.
func TestRenderObservesUntilAsOf(t *testing.T) {
	dir := testProject(t, map[string]string{"late.yaml": simpleParam("late", "e.signup.within(1d)", "")})
	out, errOut, code := runCLI("render", "--project", dir, "--as-of", "2025-03-05", "late")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, w := range []string{"window_end = TIMESTAMP '2025-03-01 00:00:00'", "observe_until = TIMESTAMP '2025-03-05 00:00:00'", `AS "immature"`} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestRender(t *testing.T) {
	const hostile = `x' OR 1=1 --; \ é`
	dir := testProject(t, map[string]string{
		"edge.yaml": simpleParam("edge", "e.signup.context(channel='o''brien')", ""),
		"raw.yaml": "id: raw\nobservation_source:\n  query: \"SELECT count(*) AS trials, 0 AS successes FROM events WHERE channel = :ch AND created_at >= :start_date AND created_at < :end_date\"\n" +
			"  parameters: { ch: \"" + strings.ReplaceAll(hostile, `\`, `\\`) + "\" }\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
		"tpl.yaml": "id: tpl\ncontext_filter: { channel: \"" + strings.ReplaceAll(hostile, `\`, `\\`) + "\" }\nobservation_source:\n  query_template: \"SELECT count(*) AS trials, 0 AS successes FROM events WHERE channel = {{ channel|sql }}\"\nbayesian_update: { prior: { alpha: 1, beta: 1 } }\n",
	})
	tests := []struct {
		id   string
		want []string
	}{
		{"edge", []string{"edge_reference on connection warehouse (duckdb)", `= 'o''brien'`, "created_at\" >= ?",
			"1. window_start = TIMESTAMP '2025-01-01 00:00:00'", "2. window_end = TIMESTAMP '2025-03-01 00:00:00'"}},
		{"raw", []string{"channel = ? AND created_at >= ? AND created_at < ?;", `1. ch = 'x'' OR 1=1 --; \ é'`, "2. start_date = TIMESTAMP '2025-01-01 00:00:00'"}},
		{"tpl", []string{"query_template", `WHERE channel = 'x'' OR 1=1 --; \ é';`}},
	}
	for _, tt := range tests {
		out, errOut, code := runCLI("render", "--project", dir, "--as-of", "2025-03-01", tt.id)
		if code != 0 {
			t.Errorf("%s: exit %d: %s", tt.id, code, errOut)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", tt.id, w, out)
			}
		}
	}
	// compile --param is the same as render at the current time.
	if out, errOut, code := runCLI("compile", "--project", dir, "--param", "raw"); code != 0 || !strings.Contains(out, `1. ch = 'x'' OR 1=1 --; \ é'`) {
		t.Errorf("compile --param raw: exit %d, stderr %q:\n%s", code, errOut, out)
	}
	if _, errOut, code := runCLI("render", "--project", dir, "nope"); code == 0 || !strings.Contains(errOut, "known: edge, raw, tpl") {
		t.Errorf("unknown id: exit %d, stderr %q", code, errOut)
	}
}

// TestUpdateProgress: on a terminal, update draws its progress on stderr;
// with --json, or when stdout is not a terminal, it stays quiet.
func TestUpdateProgress(t *testing.T) {
	dir := testProject(t, map[string]string{
		"a.yaml": simpleParam("a", "e.signup", ""),
		"b.yaml": simpleParam("b", "e.checkout", ""),
	})
	real := isTerminal
	t.Cleanup(func() { isTerminal = real })
	for _, tc := range []struct {
		name     string
		terminal bool
		args     []string
		want     bool
	}{
		{"terminal", true, nil, true},
		{"terminal with --json", true, []string{"--json"}, false},
		{"not a terminal", false, nil, false},
	} {
		isTerminal = func(io.Writer) bool { return tc.terminal }
		args := append([]string{"update", "--project", dir, "--as-of", "2025-03-01"}, tc.args...)
		_, errOut, code := runCLI(args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errOut)
		}
		got := strings.Contains(errOut, "[1/2] a") && strings.Contains(errOut, "[2/2] b")
		if got != tc.want || !tc.want && errOut != "" {
			t.Errorf("%s: stderr %q, want progress %v", tc.name, errOut, tc.want)
		}
	}
}

// TestSummaryNote: the summary names a time series' alerting periods and
// a sampler's diagnostics, and shows an undelivered alert in the status.
func TestSummaryNote(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	results := []*pipeline.Result{
		{ID: "series", Status: pipeline.StatusUpdated, Periods: []pipeline.Period{
			{Date: day(1), Divergence: &pipeline.Divergence{Z: -0.5}},
			{Date: day(2), Divergence: &pipeline.Divergence{Z: -3.1, Alert: true}},
			{Date: day(3)},
			{Date: day(4), Divergence: &pipeline.Divergence{Z: 2.5, Alert: true}},
		}},
		{ID: "sampled", Status: pipeline.StatusUpdated, Posterior: &pipeline.PosteriorSummary{Mean: 0.3, Stdev: 0.01, RHat: 1.0012, ESS: 3870.4}},
		{ID: "loud", Status: pipeline.StatusUpdated, AlertDelivery: pipeline.AlertFailed, Reason: "alert failed: 503"},
	}
	var out bytes.Buffer
	printSummary(&out, results)
	for _, w := range []string{
		"4 periods, alerts in 2026-11-02 (z -3.10), 2026-11-04 (z +2.50)",
		"R-hat 1.001, ESS 3870",
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("summary lacks %q:\n%s", w, out.String())
		}
	}
	if got := summaryStatuses(out.String())["loud"]; got != "updated, alert failed" {
		t.Errorf("loud: status %q, want updated, alert failed", got)
	}
}

// TestDemoProgress: on a terminal, demo says what it is doing while it
// works; otherwise stderr stays empty.
func TestDemoProgress(t *testing.T) {
	real := isTerminal
	t.Cleanup(func() { isTerminal = real })
	for _, terminal := range []bool{true, false} {
		isTerminal = func(io.Writer) bool { return terminal }
		_, errOut, code := runCLI("demo", t.TempDir(), "--events", "2000")
		if code != 0 {
			t.Fatalf("terminal %v: exit %d: %s", terminal, code, errOut)
		}
		if got := strings.Contains(errOut, "creating the demo in "); got != terminal {
			t.Errorf("terminal %v: stderr %q", terminal, errOut)
		}
	}
}
