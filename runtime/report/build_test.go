package report_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/golden"
)

// TestReportData checks the numbers behind every chart against a golden
// file (refreshed with -update): the densities' intervals, the history
// points, the per-period rates and the forest rows, and each page's SQL
// hash and whether its recompiled text is the statement that ran. The SQL
// text itself is left out (dialect goldens hold SQL); its hash is in.
func TestReportData(t *testing.T) {
	rep := fixtureReport(t)
	rep.Project = "PROJECT" // a temporary directory
	for _, p := range rep.Params {
		if p.SQL.Text == "" && p.SQL.Hash != "" {
			t.Errorf("%s: no SQL text for hash %s", p.ID, p.SQL.Hash)
		}
		p.SQL.Text = ""
	}
	got, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "report.json"), string(got)+"\n")
}

// TestIndexOrder: alerts first, then failures, then the rest, by id.
func TestIndexOrder(t *testing.T) {
	rep := fixtureReport(t)
	var got []string
	for _, p := range rep.Params {
		got = append(got, p.ID)
	}
	want := []string{
		"signup-google-mobile-timeseries", // the drift raises an alert
		"checkout-flexible-path",
		"signup-desktop-pooled",
		"signup-direct-desktop",
		"signup-facebook-desktop",
		"signup-google-desktop",
		"signup-google-mobile",
		"signup-google-mobile-returning",
		"signup-template",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("index order (-want +got):\n%s", diff)
	}
}
