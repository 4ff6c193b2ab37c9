package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"brink/results"
	"brink/stats"
)

// outcomes: each probability outcome a row, top to bottom in scenario
// order, with one point per variant and its 95% interval as whiskers, the
// variants one under the other within the row. The outcomes' names stand
// on the left, where long names (gaza-2023 has seventeen, up to 26
// characters) stay readable; laid along an x axis they overlapped.
func outcomes(s *results.Summary) (*Chart, error) {
	var names []string
	seen := map[string]bool{}
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			if o.Kind == results.KindProbability && !seen[o.Name] {
				seen[o.Name] = true
				names = append(names, o.Name)
			}
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("chart: the run has no probability outcomes to chart")
	}
	p := newPlot(s.Manifest.Scenario+": outcome probabilities", "probability, with 95% interval", "")
	// Row i from the top is at y = len-1-i: NominalY puts its first name at
	// the bottom.
	rev := make([]string, len(names))
	for i, n := range names {
		rev[len(names)-1-i] = outcomeLabel(s, n)
	}
	p.NominalY(rev...)
	p.Y.Tick.Label.Font.Size = vg.Points(10)
	p.X.Min, p.X.Max = 0, 1
	p.X.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	if rareOutcomes(s) {
		// On a linear scale 0.7% and 0.4% are one dot; on the logit scale
		// rare (and near-certain) outcomes are as far apart as their odds.
		p.X.Min, p.X.Max = logitFloor, 1-logitFloor
		p.X.Scale = logitScale{}
		p.X.Tick.Marker = plot.ConstantTicks(logitTicks())
		p.X.Label.Text = "probability, with 95% interval (logit scale)"
	}
	n := len(s.Variants)
	height := 0.7 // of the space between two outcomes, shared by the variants
	for vi, v := range s.Variants {
		var pts whiskers
		for oi, name := range names {
			o, ok := outcome(v, name)
			if !ok {
				continue
			}
			// The first variant on top within the row, as in the legend.
			y := float64(len(names)-1-oi) - height*(float64(vi)-float64(float64(n-1)/2))/float64(n)
			pts = append(pts, whisker{o.P, y, o.Lo, o.Hi})
		}
		if len(pts) == 0 {
			continue
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: outcomes of %s: %w", v.Name, err)
		}
		c := variantColor(vi)
		sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		eb, err := plotter.NewXErrorBars(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: outcomes of %s: %w", v.Name, err)
		}
		eb.LineStyle.Color = c
		eb.LineStyle.Width = vg.Points(1.5)
		eb.CapWidth = vg.Points(4)
		p.Add(eb, sc)
		p.Legend.Add(v.LabelOr(), sc)
	}
	p.Y.Min, p.Y.Max = -0.5, float64(len(names))-0.5
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil // the outcomes are categories, not a scale
	p.Add(grid)
	// The caption (Title) leaves the scenario out: a report says it once at
	// the top. The drawn title says it, for a chart that travels alone.
	c := single(Outcomes, "Outcome probabilities with 95% intervals, per variant", p)
	// A row's height grows with the variants in it, so that the points
	// neither crowd nor drift apart.
	row := vg.Length(vg.Points(9)*vg.Length(n)) + vg.Points(10)
	c.Height = max(2.5*vg.Inch, vg.Length(row*vg.Length(len(names)))+vg.Length(1.1*vg.Inch))
	return c, nil
}

// rareOutcomes says whether some probability outcome's estimate is below
// 5% or above 95% in some variant but not 0 or 1: there a linear scale
// hides the differences.
func rareOutcomes(s *results.Summary) bool {
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			if o.Kind == results.KindProbability && o.P > 0 && o.P < 1 && (o.P < 0.05 || o.P > 0.95) {
				return true
			}
		}
	}
	return false
}

// logitFloor is where the logit scale stops: 0.1% (and 99.9%); a
// probability of 0 or 1 is drawn at that edge.
const logitFloor = 0.001

// logitScale is a plot.Normalizer on the log-odds of a probability.
type logitScale struct{}

func logit(p float64) float64 {
	p = math.Min(math.Max(p, logitFloor), 1-logitFloor)
	return math.Log(p / (1 - p))
}

func (logitScale) Normalize(lo, hi, x float64) float64 {
	return (logit(x) - logit(lo)) / (logit(hi) - logit(lo))
}

// logitTicks labels a logit axis at 0.1%, 1%, 10%, 50%, 90%, 99%, 99.9%.
func logitTicks() []plot.Tick {
	var ticks []plot.Tick
	for _, t := range []struct {
		v float64
		l string
	}{{0.001, "0.1%"}, {0.01, "1%"}, {0.1, "10%"}, {0.5, "50%"}, {0.9, "90%"}, {0.99, "99%"}, {0.999, "99.9%"}} {
		ticks = append(ticks, plot.Tick{Value: t.v, Label: t.l})
	}
	return ticks
}

// probabilityTicks labels a probability axis every 0.1, with minor ticks
// every 0.05.
func probabilityTicks() []plot.Tick {
	var ticks []plot.Tick
	for i := 0; i <= 20; i++ {
		t := plot.Tick{Value: float64(i) / 20}
		if i%2 == 0 {
			t.Label = strconv.FormatFloat(t.Value, 'f', 1, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

func outcome(v results.VariantSummary, name string) (results.OutcomeStat, bool) {
	for _, o := range v.Outcomes {
		if o.Name == name {
			return o, true
		}
	}
	return results.OutcomeStat{}, false
}

// whisker is a point with its interval along x; whiskers implement
// plotter.XYer and plotter.XErrorer.
type whisker struct{ x, y, lo, hi float64 }
type whiskers []whisker

func (w whiskers) Len() int                    { return len(w) }
func (w whiskers) XY(i int) (float64, float64) { return w[i].x, w[i].y }
func (w whiskers) XError(i int) (float64, float64) {
	return w[i].x - w[i].lo, w[i].hi - w[i].x
}

// pairIndex finds the tracked pair named by want (either order) in the
// series of every variant; an empty want takes the first.
func pairIndex(s *results.Summary, want [2]string) (int, error) {
	series := s.Variants[0].Series
	if len(series) == 0 {
		return 0, fmt.Errorf("chart: the run tracked no pairs (a scenario lists them under track:)")
	}
	for _, v := range s.Variants {
		if len(v.Series) != len(series) {
			return 0, fmt.Errorf("chart: variant %s tracked %d pairs, %s tracked %d", v.Name, len(v.Series), s.Variants[0].Name, len(series))
		}
	}
	if want == [2]string{} {
		return 0, nil
	}
	var have []string
	for i, ps := range series {
		if ps.Pair == want || ps.Pair == [2]string{want[1], want[0]} {
			return i, nil
		}
		have = append(have, ps.Pair[0]+","+ps.Pair[1])
	}
	return 0, fmt.Errorf("the run did not track the pair %s,%s (tracked: %s)", want[0], want[1], strings.Join(have, "; "))
}

// fanQuantiles are the quantiles of the fan chart's bands: 5–95% and
// 25–75%, around the median.
var fanQuantiles = []float64{0.05, 0.25, 0.5, 0.75, 0.95}

// rungQuantile is the q-quantile of the rung distribution counts: the
// lowest rung index whose cumulative count reaches q of the total.
func rungQuantile(counts []int64, q float64) int {
	var total int64
	for _, n := range counts {
		total += n
	}
	need := q * float64(total)
	var cum int64
	for r, n := range counts {
		cum += n
		if float64(cum) >= need && cum > 0 {
			return r
		}
	}
	return len(counts) - 1
}

// fan: one panel per variant, the pair's rung (as a level, 0 = status quo)
// over days: the median with 50% and 90% bands of the runs.
func fan(s *results.Summary, opt Options) (*Chart, error) {
	pi, err := pairIndex(s, opt.Pair)
	if err != nil {
		return nil, err
	}
	m := s.Manifest
	pair := s.Variants[0].Series[pi].Pair
	lo, hi := math.MaxInt, math.MinInt
	quant := make([][][]float64, len(s.Variants)) // [variant][quantile][day] as levels
	for vi, v := range s.Variants {
		daily := v.Series[pi].Daily
		if len(daily) == 0 {
			return nil, fmt.Errorf("chart: variant %s has no daily rungs for %s-%s", v.Name, pair[0], pair[1])
		}
		quant[vi] = make([][]float64, len(fanQuantiles))
		for qi, q := range fanQuantiles {
			for d, counts := range daily {
				if len(counts) != len(m.Rungs) {
					return nil, fmt.Errorf("chart: variant %s day %d has %d rung counts for %d rungs", v.Name, d, len(counts), len(m.Rungs))
				}
				r := rungQuantile(counts, q)
				lo, hi = min(lo, r), max(hi, r)
				quant[vi][qi] = append(quant[vi][qi], float64(r-m.StatusQuo))
			}
		}
	}
	// One y scale for every panel, showing at least a rung either side of
	// the status quo, labelled with rung names.
	lo, hi = min(lo, m.StatusQuo-1, len(m.Rungs)-1), max(hi, m.StatusQuo+1)
	lo, hi = max(lo, 0), min(hi, len(m.Rungs)-1)
	var ticks []plot.Tick
	for r := lo; r <= hi; r++ {
		ticks = append(ticks, plot.Tick{Value: float64(r - m.StatusQuo), Label: m.Rungs[r]})
	}
	var plots [][]*plot.Plot
	for vi, v := range s.Variants {
		title := v.LabelOr() // the chart's own title is drawn above the panels
		xlabel := ""
		if vi == len(s.Variants)-1 {
			xlabel = "days since " + m.Start
		}
		p := newPlot(title, xlabel, "")
		p.Title.TextStyle.Font.Size = vg.Points(11)
		p.X.Tick.Marker = dayTicks{}
		p.Y.Min, p.Y.Max = float64(lo-m.StatusQuo)-0.5, float64(hi-m.StatusQuo)+0.5
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Tick.Label.Font.Size = vg.Points(8)
		c := variantColor(vi)
		q := quant[vi]
		outer, err := band(q[0], q[4])
		if err != nil {
			return nil, err
		}
		outer.Color = translucent(c, 0x40)
		inner, err := band(q[1], q[3])
		if err != nil {
			return nil, err
		}
		inner.Color = translucent(c, 0x80)
		median, err := plotter.NewLine(series(q[2]))
		if err != nil {
			return nil, err
		}
		median.Color = c
		median.Width = vg.Points(1.5)
		p.Add(plotter.NewGrid(), outer, inner, median)
		plots = append(plots, []*plot.Plot{p})
	}
	const panel = 1.9 * vg.Inch
	heading := plot.New().Title.TextStyle
	heading.Font.Variant = "Sans"
	heading.Font.Size = vg.Points(12)
	heading.XAlign, heading.YAlign = draw.XCenter, draw.YTop
	const width = 7 * vg.Inch
	headingText := fitText(heading, fmt.Sprintf("%s: %s–%s rung per day (median line; bands hold 50%% and 90%% of runs)",
		s.Manifest.Scenario, pair[0], pair[1]), width-2*vg.Points(margin))
	headingHeight := heading.Height(headingText) + vg.Points(8)
	return &Chart{
		Name:   Fan,
		Title:  fmt.Sprintf("Fan chart of the %s–%s rung over time, per variant", pair[0], pair[1]),
		Width:  width,
		Height: vg.Length(panel*vg.Length(len(plots))) + vg.Length(0.3*vg.Inch) + headingHeight,
		draw: func(dc draw.Canvas) {
			dc = inset(dc)
			top := dc.Max.Y
			dc.FillText(heading, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: top}, headingText)
			dc = draw.Crop(dc, 0, 0, 0, -headingHeight)
			tiles := draw.Tiles{Rows: len(plots), Cols: 1, PadY: vg.Points(6), PadTop: vg.Points(4), PadBottom: vg.Points(4)}
			canvases := plot.Align(plots, tiles, dc)
			for i := range plots {
				plots[i][0].Draw(canvases[i][0])
			}
		},
	}, nil
}

// series is ys over days 0, 1, ...
func series(ys []float64) plotter.XYs {
	xy := make(plotter.XYs, len(ys))
	for d, y := range ys {
		xy[d] = plotter.XY{X: float64(d), Y: y}
	}
	return flatRuns(xy)
}

// flatRuns drops the points inside a run of three or more with the same y:
// a line or polygon through the rest is the same shape, and a fan chart,
// whose bands hold one rung for weeks, shrinks to a fraction of its size.
func flatRuns(xy plotter.XYs) plotter.XYs {
	if len(xy) < 3 {
		return xy
	}
	out := plotter.XYs{xy[0]}
	for i := 1; i < len(xy)-1; i++ {
		if xy[i-1].Y == xy[i].Y && xy[i].Y == xy[i+1].Y {
			continue
		}
		out = append(out, xy[i])
	}
	return append(out, xy[len(xy)-1])
}

// band is the area between lower and upper over days.
func band(lower, upper []float64) (*plotter.Polygon, error) {
	pts := make(plotter.XYs, 0, 2*len(lower))
	for d, y := range lower {
		pts = append(pts, plotter.XY{X: float64(d), Y: y})
	}
	pts = flatRuns(pts)
	var top plotter.XYs
	for d := len(upper) - 1; d >= 0; d-- {
		top = append(top, plotter.XY{X: float64(d), Y: upper[d]})
	}
	pts = append(pts, flatRuns(top)...)
	poly, err := plotter.NewPolygon(pts)
	if err != nil {
		return nil, fmt.Errorf("chart: %w", err)
	}
	poly.LineStyle.Width = 0
	return poly, nil
}

// addVariantCurve draws variant vi's curve in the variant's colour over
// shade, its 95% band, in a translucent tint of that colour, and names the
// curve in the legend.
func addVariantCurve(p *plot.Plot, vi int, name string, shade *plotter.Polygon, curve plotter.XYer) error {
	c := variantColor(vi)
	shade.Color = translucent(c, 0x38)
	line, err := plotter.NewLine(curve)
	if err != nil {
		return err
	}
	line.Color = c
	line.Width = vg.Points(1.5)
	p.Add(shade, line)
	p.Legend.Add(name, line)
	return nil
}

// survivalRung picks the rung of the survival chart.
func survivalRung(m results.Manifest, name string) (int, error) {
	if name == "" {
		name = "war"
	}
	for r, id := range m.Rungs {
		if id == name {
			if r <= m.StatusQuo {
				return 0, fmt.Errorf("rung %q is not above the status quo: every run starts there", name)
			}
			return r, nil
		}
	}
	if name == "war" && len(m.Rungs) > m.StatusQuo+1 {
		return len(m.Rungs) - 1, nil
	}
	return 0, fmt.Errorf("the ladder has no rung %q (rungs: %s)", name, strings.Join(m.Rungs, ", "))
}

// survival: per variant, the Kaplan–Meier estimate of the probability that
// the pair has reached the rung by each day, with its 95% band. Runs that
// never reach it are censored at the horizon.
func survival(s *results.Summary, opt Options) (*Chart, error) {
	pi, err := pairIndex(s, opt.Pair)
	if err != nil {
		return nil, err
	}
	m := s.Manifest
	r, err := survivalRung(m, opt.Rung)
	if err != nil {
		return nil, err
	}
	pair := s.Variants[0].Series[pi].Pair
	p := newPlot(fmt.Sprintf("%s: time to %s between %s and %s (Kaplan–Meier)", m.Scenario, m.Rungs[r], pair[0], pair[1]),
		"days since "+m.Start, fmt.Sprintf("P(%s reached by day), 95%% band", m.Rungs[r]))
	p.X.Min, p.X.Max = 0, float64(m.Days)
	p.Y.Min = 0
	p.Add(plotter.NewGrid())
	hi := 0.0
	for vi, v := range s.Variants {
		fd := v.Series[pi].FirstDay
		if r >= len(fd) {
			return nil, fmt.Errorf("chart: variant %s has first-day counts for %d rungs, not %d", v.Name, len(fd), len(m.Rungs))
		}
		events := fd[r]
		var reached int64
		for _, n := range events {
			reached += n
		}
		if reached > int64(m.Runs) || len(events) == 0 {
			return nil, fmt.Errorf("chart: variant %s: %d runs reached %s in %d runs over %d days", v.Name, reached, m.Rungs[r], m.Runs, len(events))
		}
		censored := make([]int64, len(events))
		censored[len(censored)-1] = int64(m.Runs) - reached
		km := stats.KaplanMeier(events, censored)
		var curve, lower, upper plotter.XYs
		// Steps: the probability jumps on each day with events and holds
		// until the next; it starts at 0 on day 0.
		prev, prevLo, prevHi := 0.0, 0.0, 0.0
		curve = append(curve, plotter.XY{X: 0, Y: 0})
		lower = append(lower, plotter.XY{X: 0, Y: 0})
		upper = append(upper, plotter.XY{X: 0, Y: 0})
		for _, pt := range km {
			x := float64(pt.Day)
			f, flo, fhi := 1-float64(pt.S), 1-float64(pt.Hi), 1-float64(pt.Lo)
			curve = append(curve, plotter.XY{X: x, Y: prev}, plotter.XY{X: x, Y: f})
			lower = append(lower, plotter.XY{X: x, Y: prevLo}, plotter.XY{X: x, Y: flo})
			upper = append(upper, plotter.XY{X: x, Y: prevHi}, plotter.XY{X: x, Y: fhi})
			prev, prevLo, prevHi = f, flo, fhi
			hi = math.Max(hi, fhi)
		}
		end := float64(m.Days)
		curve = append(curve, plotter.XY{X: end, Y: prev})
		lower = append(lower, plotter.XY{X: end, Y: prevLo})
		upper = append(upper, plotter.XY{X: end, Y: prevHi})
		area := append(plotter.XYs{}, lower...)
		for i := len(upper) - 1; i >= 0; i-- {
			area = append(area, upper[i])
		}
		poly, err := plotter.NewPolygon(area)
		if err != nil {
			return nil, fmt.Errorf("chart: survival of %s: %w", v.Name, err)
		}
		poly.LineStyle.Width = 0
		if err := addVariantCurve(p, vi, v.LabelOr(), poly, curve); err != nil {
			return nil, fmt.Errorf("chart: survival of %s: %w", v.Name, err)
		}
	}
	p.Y.Max = math.Min(1, float64(hi*1.1)+0.01)
	return single(Survival, fmt.Sprintf("Time to %s between %s and %s: Kaplan–Meier estimate with 95%% band, per variant",
		m.Rungs[r], pair[0], pair[1]), p), nil
}

// rivera: per variant, the mean Rivera escalation score on each day with its
// 95% interval as a band.
func rivera(s *results.Summary) (*Chart, error) {
	p := newPlot(s.Manifest.Scenario+": Rivera escalation score per day", "days since "+s.Manifest.Start, "mean score over runs, 95% band")
	p.Add(plotter.NewGrid())
	for vi, v := range s.Variants {
		byDay := v.Metrics.RiveraByDay
		if len(byDay) == 0 {
			return nil, fmt.Errorf("chart: variant %s has no daily Rivera scores", v.Name)
		}
		mean, lo, hi := make([]float64, len(byDay)), make([]float64, len(byDay)), make([]float64, len(byDay))
		for d, x := range byDay {
			mean[d], lo[d], hi[d] = x.Mean, x.Lo, x.Hi
		}
		poly, err := band(lo, hi)
		if err != nil {
			return nil, err
		}
		if err := addVariantCurve(p, vi, v.LabelOr(), poly, series(mean)); err != nil {
			return nil, fmt.Errorf("chart: Rivera score of %s: %w", v.Name, err)
		}
	}
	return single(Rivera, "Rivera escalation score per day (mean over runs with 95% band), per variant", p), nil
}

// outcomeLabel is the label of outcome name (its name when it has none),
// as the axes show it.
func outcomeLabel(s *results.Summary, name string) string {
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			if o.Name == name {
				return o.LabelOr()
			}
		}
	}
	return name
}

// forest: the paired differences, a forest plot. One row per outcome with
// a probability, in scenario order; in each row a point per variant other
// than the baseline, its difference from the baseline in percentage points
// with its paired 95% interval as a whisker; a vertical line at 0. A
// whisker that crosses the line is no effect detected.
func forest(s *results.Summary) (*Chart, error) {
	if len(s.Variants) < 2 {
		return nil, fmt.Errorf("chart: the differences chart needs two variants or more; the run has %d", len(s.Variants))
	}
	base := s.Variants[0]
	var names []string
	for _, o := range base.Outcomes {
		if o.Kind == results.KindProbability {
			names = append(names, o.Name)
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("chart: the run has no probability outcomes to chart")
	}
	p := newPlot(s.Manifest.Scenario+": change from "+base.LabelOr(),
		"percentage points, paired 95% interval", "")
	rev := make([]string, len(names))
	for i, n := range names {
		rev[len(names)-1-i] = outcomeLabel(s, n)
	}
	p.NominalY(rev...)
	p.Y.Tick.Label.Font.Size = vg.Points(10)
	others := s.Variants[1:]
	n := len(others)
	height := 0.7
	lo, hi := 0.0, 0.0
	for vi, v := range others {
		var pts whiskers
		for oi, name := range names {
			d, ok := differenceOf(v, name)
			if !ok {
				continue
			}
			y := float64(len(names)-1-oi) - height*(float64(vi)-float64(float64(n-1)/2))/float64(n)
			pts = append(pts, whisker{100 * d.Diff, y, 100 * d.Lo, 100 * d.Hi})
			lo, hi = math.Min(lo, 100*d.Lo), math.Max(hi, 100*d.Hi)
		}
		if len(pts) == 0 {
			continue
		}
		c := variantColor(vi + 1) // the colour the variant has in every chart
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: differences of %s: %w", v.Name, err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		eb, err := plotter.NewXErrorBars(pts)
		if err != nil {
			return nil, fmt.Errorf("chart: differences of %s: %w", v.Name, err)
		}
		eb.LineStyle.Color = c
		eb.LineStyle.Width = vg.Points(1.5)
		eb.CapWidth = vg.Points(4)
		p.Add(eb, sc)
		p.Legend.Add(v.LabelOr(), sc)
	}
	pad := math.Max(0.5, 0.05*(hi-lo))
	p.X.Min, p.X.Max = lo-pad, hi+pad
	p.Y.Min, p.Y.Max = -0.5, float64(len(names))-0.5
	zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: p.Y.Min}, {X: 0, Y: p.Y.Max}})
	if err != nil {
		return nil, fmt.Errorf("chart: differences: %w", err)
	}
	zero.LineStyle.Color = color.Gray{Y: 0x55}
	zero.LineStyle.Width = vg.Points(1)
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	p.Add(grid, zero)
	c := single(Differences, fmt.Sprintf("Change from %s in percentage points, paired 95%% intervals, per variant (a whisker across 0: no effect detected)", base.LabelOr()), p)
	row := vg.Length(vg.Points(9)*vg.Length(n)) + vg.Points(10)
	c.Height = max(2.5*vg.Inch, vg.Length(row*vg.Length(len(names)))+vg.Length(1.1*vg.Inch))
	return c, nil
}

func differenceOf(v results.VariantSummary, outcome string) (results.Difference, bool) {
	for _, d := range v.Differences {
		if d.Outcome == outcome {
			return d, true
		}
	}
	return results.Difference{}, false
}
