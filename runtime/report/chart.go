package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// The palette: colour-blind-safe (Okabe-Ito) and distinct in grey print.
var (
	colPrior     = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	colPriorFill = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0x38}
	colPost      = color.RGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}
	colPostFill  = color.RGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0x40}
	colObserved  = color.RGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}
	colAlert     = color.RGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}
	colPooled    = color.RGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}
)

// chartFont is sans-serif: the page's own type, and metric-compatible
// with Arial where Liberation is not installed.
var chartFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// newPlot is a plot in the report's style. Charts carry no title of
// their own: the page's heading and caption say what each shows.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	for _, s := range []*font.Font{&p.Title.TextStyle.Font, &p.X.Label.TextStyle.Font, &p.Y.Label.TextStyle.Font,
		&p.X.Tick.Label.Font, &p.Y.Tick.Label.Font, &p.Legend.TextStyle.Font} {
		size := s.Size
		*s = chartFont
		s.Size = size
	}
	p.Title.Text = title
	p.Legend.TextStyle.Font.Size = vg.Points(9)
	p.X.Tick.Label.Font.Size = vg.Points(9)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	p.Legend.XOffs = -vg.Points(6) // keep the thumbnails inside the frame
	p.Add(plotter.NewGrid())
	return p
}

// svgOf draws p as an SVG element for inlining in a page: no XML prolog,
// a viewBox so CSS can scale it, and the chart's name for screen readers.
func svgOf(p *plot.Plot, w, h vg.Length, name, label string) (template.HTML, error) {
	c := vgsvg.NewWith(vgsvg.UseWH(w, h))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", err
	}
	s := buf.String()
	i := strings.Index(s, "<svg ")
	if i < 0 {
		return "", fmt.Errorf("%s chart: no <svg> element in the output", name)
	}
	// name and label are ours (chart kinds and ids), escaped all the same.
	open := fmt.Sprintf(`<svg class="chart" data-chart="%s" role="img" aria-label="%s" `,
		template.HTMLEscapeString(name), template.HTMLEscapeString(label))
	return template.HTML(open + s[i+len("<svg "):]), nil
}

// headroom raises the y axis so that the legend, drawn at the top, does
// not cover the data.
func headroom(p *plot.Plot, legendLines int) {
	span := p.Y.Max - p.Y.Min
	if span <= 0 {
		span = math.Max(math.Abs(p.Y.Max), 0.01)
	}
	p.Y.Max += span * (0.12 * float64(legendLines))
}
