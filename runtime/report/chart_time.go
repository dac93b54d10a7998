package report

import (
	"html/template"
	"math"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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
