package chart

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SweepSeries is one variant's estimates of an outcome at the points of a
// sweep, against one uncertain value: X the value, Y the estimate with its
// 95% interval [Lo, Hi].
type SweepSeries struct {
	Variant string
	X, Y    []float64
	Lo, Hi  []float64
}

// Sweep draws an outcome against an uncertain value, one colour per
// variant, each point with its 95% interval (brink sweep --chart).
func Sweep(title, xLabel, yLabel string, series []SweepSeries) (*Chart, error) {
	if len(series) == 0 {
		return nil, fmt.Errorf("chart: nothing to draw")
	}
	p := newPlot(title, xLabel, yLabel)
	for vi, s := range series {
		var pts vwhiskers
		for i := range s.X {
			pts = append(pts, whisker{s.X[i], s.Y[i], s.Lo[i], s.Hi[i]})
		}
		c := variantColor(vi)
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", s.Variant, err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
		eb, err := plotter.NewYErrorBars(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: %s: %w", s.Variant, err)
		}
		eb.LineStyle.Color = translucent(c, 0x90)
		eb.LineStyle.Width = vg.Points(1)
		eb.CapWidth = vg.Points(2)
		p.Add(eb, sc)
		p.Legend.Add(s.Variant, sc)
	}
	p.Add(plotter.NewGrid())
	return single("sweep", title, p), nil
}

// vwhiskers are points with vertical error bars (whisker's lo and hi on y).
type vwhiskers []whisker

func (w vwhiskers) Len() int                    { return len(w) }
func (w vwhiskers) XY(i int) (float64, float64) { return w[i].x, w[i].y }
func (w vwhiskers) YError(i int) (float64, float64) {
	return w[i].y - w[i].lo, w[i].hi - w[i].y
}

// TornadoBar is one uncertain value's index with its 95% interval.
type TornadoBar struct {
	Label  string
	Value  float64
	Lo, Hi float64
}

// Tornado draws indices as horizontal bars, largest on top, each with its
// interval (brink sensitivity --chart).
func Tornado(title, xLabel string, bars []TornadoBar) (*Chart, error) {
	if len(bars) == 0 {
		return nil, fmt.Errorf("chart: nothing to draw")
	}
	p := newPlot(title, xLabel, "")
	n := len(bars)
	labels := make([]string, n)
	vals := make(plotter.Values, n)
	var pts whiskers
	for i, b := range bars {
		// The first bar on top: row n-1-i.
		labels[n-1-i] = b.Label
		vals[n-1-i] = b.Value
		pts = append(pts, whisker{b.Value, float64(n - 1 - i), b.Lo, b.Hi})
	}
	bc, err := plotter.NewBarChart(vals, vg.Points(12))
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	bc.Horizontal = true
	bc.Color = variantColor(0)
	bc.LineStyle.Width = 0
	eb, err := plotter.NewXErrorBars(pts)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	eb.LineStyle.Width = vg.Points(1.2)
	eb.CapWidth = vg.Points(5)
	p.Add(bc, eb)
	p.NominalY(labels...)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Min = min(0, p.X.Min)
	p.Add(plotter.NewGrid())
	c := single("tornado", title, p)
	c.Height = max(2.5*vg.Inch, vg.Length(vg.Points(18)*vg.Length(n))+vg.Length(1.1*vg.Inch))
	return c, nil
}
