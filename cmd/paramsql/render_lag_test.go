package main

import (
	"strings"
	"testing"
)

// TestRenderLag: render shows a maturity parameter's lag-histogram
// statement after its count, with its own bound values; a parameter
// without maturity shows none.
func TestRenderLag(t *testing.T) {
	dir := testProject(t, map[string]string{
		"lag.yaml":   "id: lag\nedge_reference: \"e.signup.context(channel='o''brien').within(1d)\"\nbayesian_update: { prior: { alpha: 1, beta: 1 }, maturity: model }\n",
		"plain.yaml": simpleParam("plain", "e.signup.within(1d)", ""),
	})
	out, errOut, code := runCLI("render", "--project", dir, "--as-of", "2025-03-05", "lag")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	_, lag, ok := strings.Cut(out, "-- and the lag histogram (bayesian_update.maturity):")
	if !ok {
		t.Fatalf("render shows no lag statement:\n%s", out)
	}
	for _, w := range []string{`SELECT "ref", "age_upto", "lag_upto", COUNT(*) AS "units"`, `"channel" = 'o''brien' THEN 1`, "entry_channel = 1",
		"THEN 86400 END", "observe_until = TIMESTAMP '2025-03-05 00:00:00'", "window_start = TIMESTAMP '2025-01-01 00:00:00'"} {
		if !strings.Contains(lag, w) {
			t.Errorf("lag statement lacks %q:\n%s", w, lag)
		}
	}
	out, errOut, code = runCLI("render", "--project", dir, "--as-of", "2025-03-05", "plain")
	if code != 0 || strings.Contains(out, "lag histogram") {
		t.Errorf("plain: exit %d (%s), output:\n%s", code, errOut, out)
	}
}
