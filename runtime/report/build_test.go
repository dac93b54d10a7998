package report_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/internal/golden"
	"github.com/paramsql/paramsql/runtime/report"
)

// TestReportData checks the numbers behind every chart against a golden
// file (refreshed with -update): the densities' intervals, the history
// points, the per-period rates and the forest rows, and for each page
// whether its recompiled text is the statement that ran. The SQL text and
// hashes are left out: they change with the compiler, and the dialects'
// goldens hold SQL; "hashed" stands for a hash that was recorded.
func TestReportData(t *testing.T) {
	rep := fixtureReport(t)
	rep.Project = "PROJECT" // a temporary directory
	hashed := func(h *string) {
		if *h != "" {
			*h = "hashed"
		}
	}
	for _, p := range rep.Params {
		if p.SQL.Text == "" && p.SQL.Hash != "" {
			t.Errorf("%s: no SQL text for hash %s", p.ID, p.SQL.Hash)
		}
		p.SQL.Text = ""
		hashed(&p.SQL.Hash)
		for _, r := range []*report.Run{p.Latest, p.Current} {
			if r != nil {
				hashed(&r.SQLHash)
			}
		}
		for i := range p.History {
			hashed(&p.History[i].SQLHash)
		}
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
