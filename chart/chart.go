// Package chart draws a run's results with gonum/plot: outcome probabilities
// per variant with their intervals, a fan chart of a tracked pair's rung over
// time, Kaplan–Meier curves of the time to a rung, and the Rivera score per
// day. Charts are written as SVG or PNG, byte for byte the same for the same
// Summary: the fonts are the Liberation faces built into gonum/plot and
// nothing depends on the clock or the machine.
package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"brink/results"
)

// Names of the charts, as `brink plot --chart` takes them.
const (
	Outcomes    = "outcomes"
	Differences = "differences"
	Fan         = "fan"
	Survival    = "survival"
	Rivera      = "rivera"
)

// Names lists the charts in the order a report shows them.
var Names = []string{Outcomes, Differences, Fan, Survival, Rivera}

// Format is an image format a chart is written in.
type Format string

const (
	SVG Format = "svg"
	PNG Format = "png"
)

// FormatOf picks the format from a file name's extension.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		return SVG, nil
	case ".png":
		return PNG, nil
	}
	return "", fmt.Errorf("cannot tell the image format of %q: name it .svg or .png", path)
}

// pngDPI makes PNGs sharp on high-density screens and in print.
const pngDPI = 150

// Options choose what a chart shows.
type Options struct {
	// Pair is the tracked pair of the fan and survival charts, in either
	// order; empty means the first tracked pair.
	Pair [2]string
	// Rung is the rung whose time of first reach the survival chart shows;
	// empty means "war" when the ladder has it, else its most hostile rung
	// below nuclear use.
	Rung string
}

// Chart is a drawn chart, ready to be written.
type Chart struct {
	Name  string // one of Names
	Title string // what it shows, for captions
	// Width and Height are the chart's size.
	Width, Height vg.Length
	draw          func(draw.Canvas)
}

// New draws chart name of s.
func New(s *results.Summary, name string, opt Options) (*Chart, error) {
	if len(s.Variants) == 0 {
		return nil, fmt.Errorf("chart: the run has no variants")
	}
	switch name {
	case Outcomes:
		return outcomes(s)
	case Differences:
		return forest(s)
	case Fan:
		return fan(s, opt)
	case Survival:
		return survival(s, opt)
	case Rivera:
		return rivera(s)
	}
	return nil, fmt.Errorf("unknown chart %q (choose %s)", name, strings.Join(Names, ", "))
}

// All draws every chart of s a report shows: outcomes, the paired
// differences (with two variants or more), then a fan chart and survival
// curves for each tracked pair, then the Rivera score. Charts the run has
// no data for are left out, and so are charts that would show nothing: a
// fan chart whose bands hold the status quo every day in every variant,
// and survival curves of a rung no run reached (Informative says which).
func All(s *results.Summary) ([]*Chart, error) {
	var out []*Chart
	c, err := New(s, Outcomes, Options{})
	if err != nil {
		return nil, err
	}
	out = append(out, c)
	if len(s.Variants) > 1 {
		c, err := New(s, Differences, Options{})
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	for _, ps := range s.Variants[0].Series {
		for _, name := range []string{Fan, Survival} {
			opt := Options{Pair: ps.Pair}
			if !Informative(s, name, opt) {
				continue
			}
			c, err := New(s, name, opt)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
	}
	if len(s.Variants[0].Metrics.RiveraByDay) > 0 {
		c, err := New(s, Rivera, Options{})
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Informative says whether the fan or survival chart of opt's pair would
// show anything: for a fan chart, some variant's 5th or 95th percentile
// leaves the status quo on some day; for survival curves, some run of some
// variant reached the rung. Other charts, and requests New would refuse,
// are informative (New says what is wrong with them).
func Informative(s *results.Summary, name string, opt Options) bool {
	pi, err := pairIndex(s, opt.Pair)
	if err != nil {
		return true
	}
	m := s.Manifest
	switch name {
	case Fan:
		for _, v := range s.Variants {
			for _, counts := range v.Series[pi].Daily {
				for _, q := range []float64{fanQuantiles[0], fanQuantiles[len(fanQuantiles)-1]} {
					if rungQuantile(counts, q) != m.StatusQuo {
						return true
					}
				}
			}
		}
		return false
	case Survival:
		r, err := survivalRung(m, opt.Rung)
		if err != nil {
			return true
		}
		for _, v := range s.Variants {
			fd := v.Series[pi].FirstDay
			if r >= len(fd) {
				return true
			}
			for _, n := range fd[r] {
				if n > 0 {
					return true
				}
			}
		}
		return false
	}
	return true
}

// Write writes the chart in format f.
func (c *Chart) Write(w io.Writer, f Format) error {
	switch f {
	case SVG:
		cv := vgsvg.New(c.Width, c.Height)
		c.paint(draw.New(cv))
		var b bytes.Buffer
		if _, err := cv.WriteTo(&b); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		_, err := w.Write(fallbackFonts(b.Bytes()))
		return err
	case PNG:
		cv := vgimg.NewWith(vgimg.UseWH(c.Width, c.Height), vgimg.UseDPI(pngDPI))
		c.paint(draw.New(cv))
		if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(w); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
		return nil
	}
	return fmt.Errorf("chart: unknown format %q", f)
}

// SVG returns the chart as an SVG document.
func (c *Chart) SVG() ([]byte, error) {
	var b bytes.Buffer
	err := c.Write(&b, SVG)
	return b.Bytes(), err
}

// paint draws on a white background, so the chart reads the same in a dark
// viewer as in print.
func (c *Chart) paint(dc draw.Canvas) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	c.draw(dc)
}

// fallbackFonts lets an SVG viewer without the Liberation fonts use a
// metric-compatible or at least a sans-serif face, instead of its default
// serif, which would overflow the space measured for the labels.
func fallbackFonts(svg []byte) []byte {
	return bytes.ReplaceAll(svg, []byte("font-family:Liberation Sans;"),
		[]byte("font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;"))
}

// palette is Okabe and Ito's colour-blind-safe set, one colour per variant.
var palette = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0x00, 0x00, 0x00, 0xff}, // black
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
}

func variantColor(i int) color.NRGBA { return palette[i%len(palette)] }

// translucent is c at alpha a, for bands drawn under lines.
func translucent(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

// newPlot makes a plot in the sans-serif Liberation face: narrower than the
// default serif, so day numbers and rung names fit.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = x
	p.Y.Label.Text = y
	for _, st := range []*text.Style{&p.Title.TextStyle, &p.X.Label.TextStyle, &p.Y.Label.TextStyle,
		&p.X.Tick.Label, &p.Y.Tick.Label, &p.Legend.TextStyle} {
		st.Font.Variant = "Sans"
	}
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.Title.Padding = vg.Points(6)
	if strings.HasPrefix(x, "days") {
		p.X.Tick.Marker = dayTicks{}
	}
	return p
}

// single wraps one plot as a chart of the default size, with the plot's
// legend moved to a column on the right of the plotting area, where it can
// never hide a point or a curve (inside, the legend covers whatever data
// reach its corner, and near-certain outcomes do).
func single(name, title string, p *plot.Plot) *Chart {
	lg := p.Legend
	p.Legend = plot.NewLegend() // the plot draws no legend of its own
	lg.Top, lg.Left = true, true
	heading, xLabel, yLabel := p.Title.Text, p.X.Label.Text, p.Y.Label.Text
	return &Chart{Name: name, Title: title, Width: 7 * vg.Inch, Height: 4.3 * vg.Inch, draw: func(dc draw.Canvas) {
		dc = inset(dc)
		w := lg.Rectangle(dc).Size().X
		pad := vg.Points(10)
		if w > 0 {
			w += 2 * pad
		}
		// The title is centred over the plot: broken into lines that fit
		// its width, it can never run off the page.
		p.Title.Text = fitText(p.Title.TextStyle, heading, dc.Size().X-w)
		p.X.Label.Text = fitText(p.X.Label.TextStyle, xLabel, dc.Size().X-w)
		p.Y.Label.Text = fitText(p.Y.Label.TextStyle, yLabel, dc.Size().Y)
		if w == 0 {
			p.Draw(dc)
			return
		}
		p.Draw(draw.Crop(dc, 0, -w, 0, 0))
		// Line the legend up with the top of the plotting area, below the title.
		top := p.Title.TextStyle.Height(p.Title.Text) + p.Title.Padding + pad
		lg.Draw(draw.Crop(dc, dc.Size().X-w+pad, -pad, 0, -top))
	}}
}

// margin is the blank border of every chart: text drawn at the very edge
// (the rotated label of a y axis, a title's accents) would touch or cross it.
const margin = 4 // points

// inset is dc less the margin on every side.
func inset(dc draw.Canvas) draw.Canvas {
	m := vg.Points(margin)
	return draw.Crop(dc, m, -m, m, -m)
}

// fitText breaks s at spaces into lines no wider than width in style st
// (a word wider than width stands alone on its line).
func fitText(st text.Style, s string, width vg.Length) string {
	if st.Width(s) <= width {
		return s
	}
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if line != "" && st.Width(try) > width {
			lines = append(lines, line)
			try = word
		}
		line = try
	}
	return strings.Join(append(lines, line), "\n")
}

// dayTicks labels a day axis with whole days: gonum's default ticks print
// "25.00" on a scale of days, and a fractional day means nothing here.
type dayTicks struct{}

func (dayTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i, t := range ticks {
		if t.Label == "" {
			continue
		}
		if t.Value != math.Trunc(t.Value) {
			ticks[i].Label = ""
			continue
		}
		ticks[i].Label = strconv.FormatFloat(t.Value, 'f', 0, 64)
	}
	return ticks
}
