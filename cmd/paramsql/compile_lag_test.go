package main

import "testing"

// TestCompileLag: compile --lag prints one lag-histogram statement for
// all references, --explain says what they share, and references whose
// lag is not defined are refused by name.
func TestCompileLag(t *testing.T) {
	tests := []cliCase{
		{
			name: "two references in one statement, explained",
			args: []string{"compile", "--lag", "--explain", "--dialect", "clickhouse", "e.signup.within(1h)", "e.checkout.context(channel='o''brien').within(2d)"},
			wantOut: []string{"-- 1 scan: 2 reference(s)", "the references share the scan and the per-unit step",
				`SELECT "ref", "age_upto", "lag_upto", COUNT(*) AS "units"`, `ARRAY JOIN ['e.signup.within(1h)', 'e.checkout.context(channel=\'o\'\'brien\').within(2d)'] AS "ref"`},
		},
		{
			name:    "a literal window",
			args:    []string{"compile", "--lag", "--dialect", "postgres", "--start", "2025-01-01", "--end", "2025-02-01", "--observe-until", "2025-02-08", "e.signup.within(7d)"},
			wantOut: []string{`"created_at" < TIMESTAMP '2025-02-08 00:00:00'`, `'e.signup.within(7d)' AS "ref"`, "THEN 604800 END"},
		},
		{
			name:     "no within()",
			args:     []string{"compile", "--lag", "e.signup"},
			wantCode: 1,
			wantErr:  "e.signup: a lag histogram needs within() of at least 1s: the lag is measured up to its window (as in e.signup.within(7d))",
		},
		{
			name:     "with --batch",
			args:     []string{"compile", "--lag", "--batch", "e.signup.within(1h)"},
			wantCode: 1,
			wantErr:  "drop --batch",
		},
	}
	runCLICases(t, tests)
}
