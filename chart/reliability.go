package chart

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Reliability is the name of the backtest's reliability diagram.
const Reliability = "reliability"

// ReliabilityBin is one bin of forecasts: their mean forecast, how often
// what they forecast happened with its 95% interval, and how many they are.
type ReliabilityBin struct {
	Forecast, Observed, Lo, Hi float64
	Count                      int
}

// NewReliability draws a reliability diagram: per bin of forecasts, the
// share that happened (with its interval) against the mean forecast. A
// well-calibrated model lies on the diagonal; points below it forecast too
// high, points above too low. Each point is labelled with its count.
func NewReliability(title string, bins []ReliabilityBin) (*Chart, error) {
	if len(bins) == 0 {
		return nil, fmt.Errorf("chart: no forecasts to draw")
	}
	p := newPlot(title, "forecast probability (mean of the bin)", "share that happened, with 95% interval")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.X.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	p.Y.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, fmt.Errorf("chart: reliability: %w", err)
	}
	diag.LineStyle.Color = color.Gray{Y: 0x99}
	diag.LineStyle.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(plotter.NewGrid(), diag)
	pts := make(yWhiskers, len(bins))
	labels := plotter.XYLabels{}
	for i, b := range bins {
		pts[i] = yWhisker{b.Forecast, b.Observed, b.Lo, b.Hi}
		labels.XYs = append(labels.XYs, plotter.XY{X: b.Forecast, Y: b.Observed})
		labels.Labels = append(labels.Labels, fmt.Sprintf(" %d", b.Count))
	}
	c := variantColor(0)
	eb, err := plotter.NewYErrorBars(pts)
	if err != nil {
		return nil, fmt.Errorf("chart: reliability: %w", err)
	}
	eb.LineStyle.Color = c
	eb.LineStyle.Width = vg.Points(1.5)
	eb.CapWidth = vg.Points(4)
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, fmt.Errorf("chart: reliability: %w", err)
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
	lb, err := plotter.NewLabels(labels)
	if err != nil {
		return nil, fmt.Errorf("chart: reliability: %w", err)
	}
	for i := range lb.TextStyle {
		lb.TextStyle[i].Font.Variant = "Sans"
		lb.TextStyle[i].Font.Size = vg.Points(9)
	}
	p.Add(eb, sc, lb)
	p.Legend.Add("bins (label: classes)", sc)
	p.Legend.Add("perfect calibration", diag)
	ch := single(Reliability, "Reliability of the backtest's forecasts", p)
	ch.Height = 5 * vg.Inch
	return ch, nil
}

// yWhisker is a point with its interval along y.
type yWhisker struct{ x, y, lo, hi float64 }
type yWhiskers []yWhisker

func (w yWhiskers) Len() int                    { return len(w) }
func (w yWhiskers) XY(i int) (float64, float64) { return w[i].x, w[i].y }
func (w yWhiskers) YError(i int) (float64, float64) {
	return w[i].y - w[i].lo, w[i].hi - w[i].y
}
