package report

import (
	"bytes"
	"fmt"
	"html/template"
	"image/color"
	"math"
	"strings"
	"time"

	"gonum.org/v1/gonum/stat/distuv"
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

// betaCurve samples a Beta density over [lo, hi].
func betaCurve(b *Beta, lo, hi float64, n int) plotter.XYs {
	d := distuv.Beta{Alpha: b.Alpha, Beta: b.Beta}
	pts := make(plotter.XYs, 0, n+1)
	for i := 0; i <= n; i++ {
		x := lo + (hi-lo)*float64(i)/float64(n)
		y := d.Prob(x)
		if math.IsInf(y, 0) || math.IsNaN(y) {
			continue
		}
		pts = append(pts, plotter.XY{X: x, Y: y})
	}
	return pts
}

// densityChart draws the prior and the posterior on one axis, each with
// its 95% interval shaded under the curve and its bounds dashed.
func densityChart(d *Densities) (template.HTML, error) {
	var dists []*Beta
	for _, b := range []*Beta{d.Prior, d.Posterior} {
		if b != nil {
			dists = append(dists, b)
		}
	}
	if len(dists) == 0 {
		return "", nil
	}
	lo, hi := 1.0, 0.0
	for _, b := range dists {
		bd := distuv.Beta{Alpha: b.Alpha, Beta: b.Beta}
		lo = math.Min(lo, bd.Quantile(0.0005))
		hi = math.Max(hi, bd.Quantile(0.9995))
	}
	pad := (hi - lo) * 0.05
	lo, hi = math.Max(0, lo-pad), math.Min(1, hi+pad)
	p := newPlot("", "rate", "density")
	add := func(b *Beta, name string, line, fill color.Color, dashed bool) error {
		curve := betaCurve(b, lo, hi, 300)
		l, err := plotter.NewLine(curve)
		if err != nil {
			return err
		}
		l.Color, l.Width = line, vg.Points(2)
		if dashed {
			l.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
		}
		band, err := plotter.NewLine(betaCurve(b, b.Low, b.High, 150))
		if err != nil {
			return err
		}
		band.FillColor, band.Color, band.Width = fill, fill, 0
		p.Add(band, l)
		for _, x := range []float64{b.Low, b.High} {
			bound, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: distuv.Beta{Alpha: b.Alpha, Beta: b.Beta}.Prob(x)}})
			if err != nil {
				return err
			}
			bound.Color, bound.Width = line, vg.Points(1)
			bound.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
			p.Add(bound)
		}
		p.Legend.Add(fmt.Sprintf("%s Beta(%.4g, %.4g): %.4f [%.4f, %.4f]", name, b.Alpha, b.Beta, b.Mean, b.Low, b.High), l)
		return nil
	}
	if d.Prior != nil {
		if err := add(d.Prior, "prior", colPrior, colPriorFill, true); err != nil {
			return "", err
		}
	}
	if d.Posterior != nil {
		if err := add(d.Posterior, "posterior", colPost, colPostFill, false); err != nil {
			return "", err
		}
	}
	p.X.Min, p.X.Max = lo, hi
	p.Y.Min = 0
	headroom(p, len(dists))
	return svgOf(p, 18*vg.Centimeter, 8*vg.Centimeter, "density", "prior and posterior densities")
}

// unix places a time on a chart's x axis.
func unix(t time.Time) float64 { return float64(t.Unix()) }

// dateTicks labels a time axis with dates.
func dateTicks(p *plot.Plot) {
	p.X.Tick.Marker = dayTicks{}
}

// dayTicks puts ticks on UTC midnights, a whole number of days apart, so
// that no two labels show the same date (gonum's TimeTicks, which ticks
// wherever round numbers of seconds fall, can).
type dayTicks struct{}

// Ticks implements plot.Ticker.
func (dayTicks) Ticks(min, max float64) []plot.Tick {
	const day = 86400.0
	span := (max - min) / day
	step := 1.0
	for _, s := range []float64{1, 2, 7, 14, 28, 56, 91, 182, 364} {
		step = s
		if span/s <= 6 {
			break
		}
	}
	var ticks []plot.Tick
	for d := math.Ceil(min / day); d*day <= max; d++ {
		t := plot.Tick{Value: d * day}
		if math.Mod(d-math.Ceil(min/day), step) == 0 {
			t.Label = time.Unix(int64(d*day), 0).UTC().Format(time.DateOnly)
		}
		if t.Label != "" || span <= 60 {
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// widen keeps a time axis of one point from collapsing and pads it, so
// the markers at either end are not cut by the frame.
func widen(p *plot.Plot, day float64) {
	if p.X.Max-p.X.Min < day {
		p.X.Min -= day
		p.X.Max += day
	}
	pad := (p.X.Max - p.X.Min) * 0.03
	p.X.Min -= pad
	p.X.Max += pad
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

// intervalPoints are points with asymmetric vertical error bars.
type intervalPoints struct {
	plotter.XYs
	plotter.YErrors
}

func newIntervals(xs []float64, ivs []Interval) intervalPoints {
	ip := intervalPoints{XYs: make(plotter.XYs, len(xs)), YErrors: make(plotter.YErrors, len(xs))}
	for i, iv := range ivs {
		ip.XYs[i] = plotter.XY{X: xs[i], Y: iv.Mean}
		ip.YErrors[i].Low, ip.YErrors[i].High = iv.Mean-iv.Low, iv.High-iv.Mean
	}
	return ip
}

// historyChart draws the posterior mean of each run over time with its
// 95% band, each run's observed rate k/n, and the runs that alerted.
func historyChart(runs []Run) (template.HTML, error) {
	var xs []float64
	var ivs []Interval
	var obs, alerts plotter.XYs
	for _, r := range runs {
		x := unix(r.WindowEnd)
		if r.Posterior != nil {
			xs = append(xs, x)
			ivs = append(ivs, *r.Posterior)
			if r.Alert {
				alerts = append(alerts, plotter.XY{X: x, Y: r.Posterior.Mean})
			}
		}
		if r.Observed != nil {
			obs = append(obs, plotter.XY{X: x, Y: *r.Observed})
		}
	}
	if len(xs) == 0 && len(obs) == 0 {
		return "", nil
	}
	p := newPlot("", "window end", "rate")
	dateTicks(p)
	if len(xs) > 0 {
		ip := newIntervals(xs, ivs)
		if len(xs) > 1 {
			band := make(plotter.XYs, 0, 2*len(xs))
			for i := range xs {
				band = append(band, plotter.XY{X: xs[i], Y: ivs[i].High})
			}
			for i := len(xs) - 1; i >= 0; i-- {
				band = append(band, plotter.XY{X: xs[i], Y: ivs[i].Low})
			}
			poly, err := plotter.NewPolygon(band)
			if err != nil {
				return "", err
			}
			poly.Color, poly.LineStyle.Width = colPostFill, 0
			p.Add(poly)
		}
		bars, err := plotter.NewYErrorBars(ip)
		if err != nil {
			return "", err
		}
		bars.Color = colPost
		line, pts, err := plotter.NewLinePoints(ip.XYs)
		if err != nil {
			return "", err
		}
		line.Color, line.Width = colPost, vg.Points(2)
		pts.Color, pts.Shape, pts.Radius = colPost, draw.CircleGlyph{}, vg.Points(3)
		p.Add(bars, line, pts)
		p.Legend.Add("posterior mean, 95% interval", line, pts)
	}
	if len(obs) > 0 {
		s, err := plotter.NewScatter(obs)
		if err != nil {
			return "", err
		}
		s.Color, s.Shape, s.Radius = colObserved, draw.RingGlyph{}, vg.Points(4)
		p.Add(s)
		p.Legend.Add("observed k/n of the run", s)
	}
	if len(alerts) > 0 {
		s, err := plotter.NewScatter(alerts)
		if err != nil {
			return "", err
		}
		s.Color, s.Shape, s.Radius = colAlert, draw.TriangleGlyph{}, vg.Points(6)
		p.Add(s)
		p.Legend.Add("alert", s)
	}
	widen(p, 86400)
	headroom(p, 3)
	return svgOf(p, 18*vg.Centimeter, 8*vg.Centimeter, "history", "posterior mean over time")
}

// periodsChart draws a time series' per-period posteriors with their
// intervals, the observed rates, the alerts, and the prior's mean and
// interval for reference.
func periodsChart(periods []PeriodRate, prior *Beta) (template.HTML, error) {
	var xs []float64
	var ivs []Interval
	var obs, alerts plotter.XYs
	for _, pr := range periods {
		x := unix(pr.Date)
		if pr.Posterior != nil {
			xs = append(xs, x)
			ivs = append(ivs, *pr.Posterior)
			if pr.Alert {
				alerts = append(alerts, plotter.XY{X: x, Y: pr.Posterior.Mean})
			}
		}
		if pr.Observed != nil {
			obs = append(obs, plotter.XY{X: x, Y: *pr.Observed})
		}
	}
	if len(xs) == 0 && len(obs) == 0 {
		return "", nil
	}
	p := newPlot("", "period", "rate")
	dateTicks(p)
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, pr := range periods {
		x0, x1 = math.Min(x0, unix(pr.Date)), math.Max(x1, unix(pr.Date))
	}
	if prior != nil {
		band, err := plotter.NewPolygon(plotter.XYs{{X: x0, Y: prior.Low}, {X: x1, Y: prior.Low}, {X: x1, Y: prior.High}, {X: x0, Y: prior.High}})
		if err != nil {
			return "", err
		}
		band.Color, band.LineStyle.Width = colPriorFill, 0
		mean, err := plotter.NewLine(plotter.XYs{{X: x0, Y: prior.Mean}, {X: x1, Y: prior.Mean}})
		if err != nil {
			return "", err
		}
		mean.Color, mean.Dashes = colPrior, []vg.Length{vg.Points(6), vg.Points(3)}
		p.Add(band, mean)
		p.Legend.Add("prior mean, 95% interval", mean)
	}
	if len(xs) > 0 {
		ip := newIntervals(xs, ivs)
		bars, err := plotter.NewYErrorBars(ip)
		if err != nil {
			return "", err
		}
		bars.Color = colPost
		pts, err := plotter.NewScatter(ip.XYs)
		if err != nil {
			return "", err
		}
		pts.Color, pts.Shape, pts.Radius = colPost, draw.CircleGlyph{}, vg.Points(2.5)
		p.Add(bars, pts)
		p.Legend.Add("period posterior, 95% interval", pts)
	}
	if len(obs) > 0 {
		s, err := plotter.NewScatter(obs)
		if err != nil {
			return "", err
		}
		s.Color, s.Shape, s.Radius = colObserved, draw.RingGlyph{}, vg.Points(3)
		p.Add(s)
		p.Legend.Add("observed k/n", s)
	}
	if len(alerts) > 0 {
		s, err := plotter.NewScatter(alerts)
		if err != nil {
			return "", err
		}
		s.Color, s.Shape, s.Radius = colAlert, draw.TriangleGlyph{}, vg.Points(5)
		p.Add(s)
		p.Legend.Add("alert", s)
	}
	widen(p, 86400)
	headroom(p, 4)
	return svgOf(p, 18*vg.Centimeter, 8*vg.Centimeter, "periods", "rate per period")
}

// forestChart draws one row per shard (mean and 95% interval), the page's
// own shard in the posterior colour, and the pooled estimate, when there
// is one, as a diamond at the bottom.
func forestChart(f *Forest) (template.HTML, error) {
	type row struct {
		label string
		iv    *Interval
		col   color.Color
		glyph draw.GlyphDrawer
	}
	var rows []row
	if f.Pooled != nil {
		rows = append(rows, row{"pooled", f.Pooled, colPooled, draw.PyramidGlyph{}})
	}
	// NominalY counts from the bottom: list the shards bottom-up so they
	// read top-down in the table's order.
	for i := len(f.Rows) - 1; i >= 0; i-- {
		r := f.Rows[i]
		col := colPrior
		if r.Self {
			col = colPost
		}
		rows = append(rows, row{fmt.Sprintf("%s (n=%d)", r.Value, r.Trials), r.Posterior, col, draw.CircleGlyph{}})
	}
	p := newPlot("", "rate", "")
	var labels []string
	drawn := 0
	for i, r := range rows {
		labels = append(labels, r.label)
		if r.iv == nil {
			continue
		}
		drawn++
		y := float64(i)
		bar, err := plotter.NewLine(plotter.XYs{{X: r.iv.Low, Y: y}, {X: r.iv.High, Y: y}})
		if err != nil {
			return "", err
		}
		bar.Color, bar.Width = r.col, vg.Points(2)
		pt, err := plotter.NewScatter(plotter.XYs{{X: r.iv.Mean, Y: y}})
		if err != nil {
			return "", err
		}
		pt.Color, pt.Shape, pt.Radius = r.col, r.glyph, vg.Points(4)
		p.Add(bar, pt)
	}
	if drawn == 0 {
		return "", nil
	}
	p.NominalY(labels...)
	pad := (p.X.Max - p.X.Min) * 0.05
	p.X.Min, p.X.Max = math.Max(0, p.X.Min-pad), math.Min(1, p.X.Max+pad)
	h := vg.Length(len(rows))*0.9*vg.Centimeter + 3*vg.Centimeter
	return svgOf(p, 18*vg.Centimeter, h, "forest", "shards by "+f.Key)
}

// sparkline is the index's small chart of a parameter's posterior mean
// over its runs, with the last point marked.
func sparkline(runs []Run) (template.HTML, error) {
	var pts plotter.XYs
	for i, r := range runs {
		if r.Posterior != nil {
			pts = append(pts, plotter.XY{X: float64(i), Y: r.Posterior.Mean})
		}
	}
	if len(pts) == 0 {
		return "", nil
	}
	p := plot.New()
	p.HideAxes()
	p.BackgroundColor = color.Transparent
	if len(pts) > 1 {
		l, err := plotter.NewLine(pts)
		if err != nil {
			return "", err
		}
		l.Color, l.Width = colPost, vg.Points(1.2)
		p.Add(l)
	}
	last, err := plotter.NewScatter(pts[len(pts)-1:])
	if err != nil {
		return "", err
	}
	last.Color, last.Shape, last.Radius = colPost, draw.CircleGlyph{}, vg.Points(1.8)
	p.Add(last)
	lo, hi := p.Y.Min, p.Y.Max
	if hi-lo < 1e-9 {
		p.Y.Min, p.Y.Max = lo-0.01, hi+0.01
	}
	if p.X.Max-p.X.Min < 1 {
		p.X.Min, p.X.Max = p.X.Min-1, p.X.Max+1
	}
	return svgOf(p, 3*vg.Centimeter, 0.7*vg.Centimeter, "sparkline", "posterior mean over runs")
}
