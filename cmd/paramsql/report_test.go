package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paramsql/paramsql/runtime/demo"
	"github.com/paramsql/paramsql/runtime/report"
)

// TestReportCommand runs update then report on a small demo: the report
// names its index, writes a page per parameter (or per named one), and
// refuses an unknown id.
func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	sum, err := demo.Create(context.Background(), dir, demo.Options{Events: 30_000, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI("update", "--project", dir, "--as-of", sum.AsOf()); code != 0 {
		t.Fatalf("update: exit %d: %s", code, stderr)
	}
	cases := []struct {
		name     string
		ids      []string
		pages    int
		wantErr  string
		wantPage string
	}{
		{name: "all", pages: len(sum.Params)},
		{name: "one", ids: []string{"signup-google-mobile-timeseries"}, pages: 1, wantPage: "signup-google-mobile-timeseries"},
		{name: "unknown id", ids: []string{"no-such-param"}, wantErr: `no parameter "no-such-param" in the project (known: checkout-flexible-path, signup-google-mobile,`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "report")
			stdout, stderr, code := runCLI(append([]string{"report", "--project", dir, "--out", out}, c.ids...)...)
			if c.wantErr != "" {
				if code == 0 || !strings.Contains(stderr, c.wantErr) {
					t.Fatalf("exit %d, stderr %q; want an error with %q", code, stderr, c.wantErr)
				}
				return
			}
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			index := filepath.Join(out, report.IndexFile)
			if !strings.Contains(stdout, index) {
				t.Errorf("stdout %q does not name %s", stdout, index)
			}
			pages, _ := filepath.Glob(filepath.Join(out, report.ParamsDir, "*.html"))
			if len(pages) != c.pages {
				t.Errorf("%d pages, want %d: %v", len(pages), c.pages, pages)
			}
			if c.wantPage != "" {
				if _, err := os.Stat(filepath.Join(out, report.ParamFile(c.wantPage))); err != nil {
					t.Error(err)
				}
			}
		})
	}
}
