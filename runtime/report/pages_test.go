package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/paramsql/paramsql/runtime/report"
)

// TestReportInBrowser opens the fixture's report in headless chromium,
// from disk: the index and one page of each kind (a time series, a shard
// with its forests, a parameter with nothing stored, a plain one) must
// load with no console message, and each chart must be there and drawn.
// The other pages, which the browser would build the same way (they have
// no script), get the chart check on their HTML alone. Screenshots are
// checked to be pictures, not blank.
func TestReportInBrowser(t *testing.T) {
	chromium(t)
	rep := fixtureReport(t)
	dir := t.TempDir()
	if err := report.Write(rep, dir); err != nil {
		t.Fatal(err)
	}
	// Which charts each page must draw: every parameter with a posterior
	// has a density and a history; the time series its periods; the
	// shards their forests. signup-google-mobile stored no row (its
	// destination upserts, and skipped rows are not kept), so its pages
	// say "not recorded".
	want := map[string][]string{report.IndexFile: nil}
	for _, p := range rep.Params {
		for _, r := range p.History {
			if r.Posterior != nil {
				want[report.IndexFile] = append(want[report.IndexFile], "sparkline")
				break
			}
		}
	}
	notRecorded := map[string][]string{
		report.ParamFile("signup-google-mobile"):           {"density", "history"},
		report.ParamFile("signup-google-mobile-returning"): {"density"}, // never had enough samples
	}
	for _, p := range rep.Params {
		page := report.ParamFile(p.ID)
		var kinds []string
		if _, ok := notRecorded[page]; !ok {
			kinds = []string{"density", "history"}
		} else if p.ID == "signup-google-mobile-returning" {
			kinds = []string{"history"} // its runs' counts, without posteriors
		}
		if len(p.Periods) > 0 {
			kinds = append(kinds, "periods")
		}
		for _, f := range p.Forests {
			drawn := false
			for _, r := range f.Rows {
				drawn = drawn || r.Posterior != nil
			}
			if drawn {
				kinds = append(kinds, "forest")
			}
		}
		want[page] = kinds
	}
	if got := want[report.ParamFile("signup-google-mobile-timeseries")]; !strings.Contains(strings.Join(got, " "), "periods") {
		t.Fatalf("the fixture's time series has no periods: %v", got)
	}
	if got := want[report.ParamFile("signup-google-desktop")]; !strings.Contains(strings.Join(got, " "), "forest") {
		t.Fatalf("the fixture's shards have no forest: %v", got)
	}
	inBrowser := map[string]bool{
		report.IndexFile: true,
		report.ParamFile("signup-google-mobile-timeseries"): true,
		report.ParamFile("signup-google-desktop"):           true,
		report.ParamFile("signup-google-mobile"):            true,
		report.ParamFile("checkout-flexible-path"):          true,
	}
	for page, kinds := range want {
		t.Run(page, func(t *testing.T) {
			var dom string
			if inBrowser[page] {
				var console []string
				dom, console = loadPage(t, filepath.Join(dir, page))
				if len(console) > 0 {
					t.Errorf("console messages:\n%s", strings.Join(console, "\n"))
				}
			} else {
				b, err := os.ReadFile(filepath.Join(dir, page))
				if err != nil {
					t.Fatal(err)
				}
				dom = string(b)
			}
			if !strings.Contains(dom, "</h1>") {
				t.Fatalf("the page did not load: %.300s", dom)
			}
			var drawn, blank []string
			for _, c := range charts(t, dom) {
				switch {
				case c.empty != "":
					t.Errorf("%s chart is empty: %s", c.kind, c.empty)
				case c.notRecorded:
					blank = append(blank, c.kind)
				default:
					drawn = append(drawn, c.kind)
					if c.kind != "sparkline" && c.texts == 0 {
						t.Errorf("%s chart has no labels", c.kind)
					}
				}
			}
			if diff := cmp.Diff(kinds, drawn); diff != "" {
				t.Errorf("charts drawn (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(notRecorded[page], blank); diff != "" {
				t.Errorf("charts marked not recorded (-want +got):\n%s", diff)
			}
		})
	}
	screenshot(t, filepath.Join(dir, report.IndexFile), "index.png", 900)
	screenshot(t, filepath.Join(dir, report.ParamFile("signup-google-mobile-timeseries")), "timeseries.png", 2000)
	screenshot(t, filepath.Join(dir, report.ParamFile("signup-google-desktop")), "shard.png", 3200)
}

// TestBrowserCheckCatchesFaults shows that the checks above can fail: a
// script error and a console.error reach the console, and an SVG with
// nothing drawn, one without area, and a figure with neither a chart nor
// a note are caught.
func TestBrowserCheckCatchesFaults(t *testing.T) {
	chromium(t)
	dir := t.TempDir()
	page := filepath.Join(dir, "bad.html")
	const bad = `<!DOCTYPE html><html><head><title>bad</title></head><body><h1>bad</h1>
<script>noSuchFunction();</script>
<script>console.error("drawn wrong");</script>
<figure data-figure="density"><svg class="chart" viewBox="0 0 100 50"><g></g></svg></figure>
<figure data-figure="history"><svg class="chart" viewBox="0 0 0 0"><path d="M0 0L1 1"/></svg></figure>
<figure data-figure="periods"></figure>
<figure data-figure="forest"><svg class="chart" viewBox="0 0 100 50"><path d="M0 0L10 10"/><text>x</text></svg></figure>
</body></html>`
	if err := os.WriteFile(page, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	dom, console := loadPage(t, page)
	joined := strings.Join(console, "\n")
	for _, want := range []string{"noSuchFunction is not defined", "drawn wrong"} {
		if !strings.Contains(joined, want) {
			t.Errorf("console check missed %q; it saw:\n%s", want, joined)
		}
	}
	got := map[string]string{}
	for _, c := range charts(t, dom) {
		got[c.kind] = c.empty
	}
	want := map[string]string{
		"density": "nothing drawn",
		"history": "viewBox [0 0 0 0] has no area",
		"periods": "no <svg> and no not-recorded note",
		"forest":  "",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("empty charts found (-want +got):\n%s", diff)
	}
}
