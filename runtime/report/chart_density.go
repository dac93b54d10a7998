package report

import (
	"fmt"
	"html/template"
	"image/color"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

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
