package report

import (
	"html/template"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

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
