package report

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBetaInterval checks the prior's interval against quantiles found
// independently: bisection on Beta(3, 7)'s CDF, which for integer
// parameters is the binomial sum I_x(a, b) = Σ_{j=a}^{a+b-1} C(a+b-1, j)
// x^j (1-x)^(a+b-1-j) (computed in Python with math.comb).
func TestBetaInterval(t *testing.T) {
	got := betaOf(3, 7)
	want := Interval{Mean: 0.3, Low: 0.07485463141969181, High: 0.6000935737163118}
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"mean", got.Mean, want.Mean}, {"low", got.Low, want.Low}, {"high", got.High, want.High}} {
		if math.Abs(c.got-c.want) > 1e-9 {
			t.Errorf("Beta(3, 7) %s = %.12f, want %.12f", c.name, c.got, c.want)
		}
	}
}

// TestForestPooled: a forest carries a pooled estimate when the store
// has one, and the chart draws it as a row of its own.
func TestForestPooled(t *testing.T) {
	f := &Forest{Key: "channel", Reference: "e.signup.context(channel)", Rows: []ForestRow{
		{Value: "direct", ParamID: "a", Trials: 10, Successes: 4, Posterior: &Interval{0.4, 0.2, 0.6}},
		{Value: "google", ParamID: "b", Self: true, Trials: 20, Successes: 5, Posterior: &Interval{0.25, 0.1, 0.4}},
	}}
	without, err := forestChart(f)
	if err != nil {
		t.Fatal(err)
	}
	f.Pooled = &Interval{0.3, 0.22, 0.38}
	with, err := forestChart(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		svg   string
		label bool
	}{{"without", string(without), false}, {"with", string(with), true}} {
		if got := strings.Contains(c.svg, ">pooled</text>"); got != c.label {
			t.Errorf("%s a pooled estimate: pooled label drawn = %v", c.name, got)
		}
	}
	if n, m := strings.Count(string(without), "<path"), strings.Count(string(with), "<path"); m <= n {
		t.Errorf("the pooled row drew nothing: %d paths without it, %d with", n, m)
	}
}

// TestHostileText: names, reasons, references, SQL and shard values come
// from users' files and databases; the pages escape them all, in HTML and
// in the SVG charts.
func TestHostileText(t *testing.T) {
	const evil = `</title><script>alert(1)</script><img src=x onerror=alert(2)>'"--;é`
	iv := &Interval{Mean: 0.3, Low: 0.2, High: 0.4}
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	p := &Param{
		ID: "p1", Name: evil, Description: evil, Reference: "e.signup.context(channel='" + evil + "')",
		Latest:    &Run{RunID: evil, Status: "failed", Reason: evil, WindowStart: at.Add(-24 * time.Hour), WindowEnd: at},
		Current:   &Run{RunID: "r", Status: "updated", WindowEnd: at, Posterior: iv},
		Densities: &Densities{Prior: betaOf(3, 7), Posterior: betaOf(30, 70)},
		History:   []Run{{RunID: "r", Status: "updated", WindowEnd: at, Posterior: iv}},
		Forests: []*Forest{{Key: evil, Reference: evil, Rows: []ForestRow{
			{Value: evil, ParamID: "p1", Self: true, Trials: 10, Posterior: iv},
			{Value: "x", ParamID: "p2", Trials: 10, Posterior: iv},
		}}},
		SQL: SQL{Hash: "abc", Text: "SELECT '" + evil + "'", Note: evil},
	}
	dir := t.TempDir()
	if err := Write(&Report{Project: evil, Table: evil, GeneratedAt: at, Params: []*Param{p}}, dir); err != nil {
		t.Fatal(err)
	}
	for _, page := range []string{IndexFile, ParamFile("p1")} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, bad := range []string{"<script>", "<img src=x", "</title><"} {
			if strings.Contains(s, bad) {
				t.Errorf("%s holds %q unescaped", page, bad)
			}
		}
		if !strings.Contains(s, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the hostile text escaped", page)
		}
	}
}
