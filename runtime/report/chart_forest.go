package report

import (
	"fmt"
	"html/template"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// forestChart draws one row per shard (mean and 95% interval), the page's
// own shard in the posterior colour, and the pooled estimate, when there
// is one, as a triangle at the bottom.
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
	// Half a row of room above and below, so no row sits on the frame.
	p.Y.Min, p.Y.Max = -0.6, float64(len(rows))-0.4
	pad := (p.X.Max - p.X.Min) * 0.05
	p.X.Min, p.X.Max = math.Max(0, p.X.Min-pad), math.Min(1, p.X.Max+pad)
	h := vg.Length(len(rows))*0.9*vg.Centimeter + 3*vg.Centimeter
	return svgOf(p, 18*vg.Centimeter, h, "forest", "shards by "+f.Key)
}
