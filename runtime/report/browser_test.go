package report_test

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// chromiumBin is Debian's chromium, which make test installs
// (scripts/testenv.sh).
const chromiumBin = "/usr/bin/chromium"

// chromium returns the browser, skipping the test when it is missing,
// except under CI=true, where a missing browser fails it.
func chromium(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat(chromiumBin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true and no browser: %v (make test installs Debian's chromium)", err)
		}
		t.Skipf("no browser (%v); make test installs Debian's chromium", err)
	}
	return chromiumBin
}

// runChromium runs headless chromium once, offline and with a profile of
// its own, and returns its stdout and stderr.
func runChromium(t *testing.T, args ...string) (stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--hide-scrollbars"}
	cmd := exec.CommandContext(ctx, chromium(t), append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %v: %v\n%s", args, err, tail(errb.String(), 20))
	}
	return out.String(), errb.String()
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

func fileURL(path string) string {
	abs, _ := filepath.Abs(path)
	return (&url.URL{Scheme: "file", Path: abs}).String()
}

// consoleLine is how chromium logs a page's console message, error or
// not, to stderr with --enable-logging=stderr --v=0.
var consoleLine = regexp.MustCompile(`:CONSOLE(?::\d+)?\] (.*)`)

// loadPage opens a page from disk and returns its DOM after loading and
// every console message it logged. The report has no script, so any
// console message (a script error, a resource that failed to load) is a
// fault.
func loadPage(t *testing.T, path string) (dom string, console []string) {
	t.Helper()
	dom, stderr := runChromium(t, "--enable-logging=stderr", "--v=0", "--dump-dom", fileURL(path))
	for _, line := range strings.Split(stderr, "\n") {
		if m := consoleLine.FindStringSubmatch(line); m != nil {
			console = append(console, m[1])
		}
	}
	return dom, console
}

// chart is one figure of a page as the browser built it.
type chart struct {
	kind  string // data-figure
	paths int    // drawn paths with data
	texts int    // text elements
	// empty says why the chart is empty, "" when it is not.
	empty string
	// notRecorded marks a figure that says its data is not recorded
	// instead of drawing a chart.
	notRecorded bool
}

// charts finds every figure of a DOM: each must hold an SVG chart with a
// positive viewBox and drawn paths, or say that its data is not
// recorded. Sparklines (in the index) count as figures of kind
// "sparkline".
func charts(t *testing.T, dom string) []chart {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(dom))
	if err != nil {
		t.Fatalf("parse the DOM: %v", err)
	}
	var out []chart
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch {
			case n.Data == "figure":
				c := chart{kind: attr(n, "data-figure")}
				svg := find(n, func(m *html.Node) bool { return m.Data == "svg" })
				switch {
				case svg != nil:
					c = measure(svg, c)
				case find(n, func(m *html.Node) bool { return hasClass(m, "not-recorded") }) != nil:
					c.notRecorded = true
				default:
					c.empty = "no <svg> and no not-recorded note"
				}
				out = append(out, c)
				return
			case n.Data == "svg" && attr(n, "data-chart") == "sparkline":
				out = append(out, measure(n, chart{kind: "sparkline"}))
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func measure(svg *html.Node, c chart) chart {
	vb := strings.Fields(attr(svg, "viewBox"))
	if len(vb) != 4 {
		c.empty = "no viewBox"
		return c
	}
	w, _ := strconv.ParseFloat(vb[2], 64)
	h, _ := strconv.ParseFloat(vb[3], 64)
	var visit func(n *html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "path" && strings.TrimSpace(attr(n, "d")) != "" {
				c.paths++
			}
			if n.Data == "text" && strings.TrimSpace(textOf(n)) != "" {
				c.texts++
			}
		}
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			visit(k)
		}
	}
	visit(svg)
	switch {
	case w <= 0 || h <= 0:
		c.empty = fmt.Sprintf("viewBox %v has no area", vb)
	case c.paths == 0:
		c.empty = "nothing drawn"
	}
	return c
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key || strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+class+" ")
}

func find(n *html.Node, ok func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && ok(c) {
			return c
		}
		if f := find(c, ok); f != nil {
			return f
		}
	}
	return nil
}

func textOf(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

// screenshot saves a page, height pixels of it, as PNG and checks that it decodes and is not
// blank. Screenshots go to $PARAMSQL_REPORT_SCREENSHOTS when set (to look
// at them), else to the test's temporary directory; never to the tree.
func screenshot(t *testing.T, page, name string, height int) string {
	t.Helper()
	dir := os.Getenv("PARAMSQL_REPORT_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, name)
	runChromium(t, fmt.Sprintf("--window-size=1280,%d", height), "--screenshot="+out, fileURL(page))
	f, err := os.Open(out)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot %s: %v", out, err)
	}
	b := img.Bounds()
	colours := map[uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
		}
	}
	if b.Dx() < 1000 || len(colours) < 10 {
		t.Errorf("screenshot %s looks blank: %dx%d, %d colours", out, b.Dx(), b.Dy(), len(colours))
	}
	t.Logf("screenshot: %s", out)
	return out
}
