package chart

import (
	"image"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"brink/internal/summarytest"
	"brink/results"
)

// textBoxes is a vg.Canvas that draws nothing and records, for every
// string drawn, its box on the page: the rectangle from the left of the
// baseline, as wide as the text and from the font's descent to its ascent,
// under the transform in force (rotations included).
type textBoxes struct {
	m     [6]float64 // affine transform: x' = a x + c y + e, y' = b x + d y + f
	stack [][6]float64
	boxes []textBox
}

type textBox struct {
	text                   string
	minX, minY, maxX, maxY float64
}

func newTextBoxes() *textBoxes { return &textBoxes{m: [6]float64{1, 0, 0, 1, 0, 0}} }

// mul sets t.m to t.m · n (n applied first, as canvas transforms are).
func (t *textBoxes) mul(n [6]float64) {
	a, b, c, d, e, f := t.m[0], t.m[1], t.m[2], t.m[3], t.m[4], t.m[5]
	t.m = [6]float64{
		a*n[0] + c*n[1], b*n[0] + d*n[1],
		a*n[2] + c*n[3], b*n[2] + d*n[3],
		a*n[4] + c*n[5] + e, b*n[4] + d*n[5] + f,
	}
}

func (t *textBoxes) apply(x, y float64) (float64, float64) {
	return t.m[0]*x + t.m[2]*y + t.m[4], t.m[1]*x + t.m[3]*y + t.m[5]
}

func (t *textBoxes) SetLineWidth(vg.Length)             {}
func (t *textBoxes) SetLineDash([]vg.Length, vg.Length) {}
func (t *textBoxes) SetColor(color.Color)               {}
func (t *textBoxes) Rotate(r float64) {
	s, c := math.Sin(r), math.Cos(r)
	t.mul([6]float64{c, s, -s, c, 0, 0})
}
func (t *textBoxes) Translate(p vg.Point) { t.mul([6]float64{1, 0, 0, 1, float64(p.X), float64(p.Y)}) }
func (t *textBoxes) Scale(x, y float64)   { t.mul([6]float64{x, 0, 0, y, 0, 0}) }
func (t *textBoxes) Push()                { t.stack = append(t.stack, t.m) }
func (t *textBoxes) Pop() {
	t.m = t.stack[len(t.stack)-1]
	t.stack = t.stack[:len(t.stack)-1]
}
func (t *textBoxes) Stroke(vg.Path)                      {}
func (t *textBoxes) Fill(vg.Path)                        {}
func (t *textBoxes) DrawImage(vg.Rectangle, image.Image) {}
func (t *textBoxes) FillString(f font.Face, p vg.Point, s string) {
	if f.Font.Size == 0 || s == "" {
		return
	}
	e := f.Extents()
	x0, y0 := float64(p.X), float64(p.Y)-float64(e.Descent)
	x1, y1 := float64(p.X)+float64(f.Width(s)), float64(p.Y)+float64(e.Ascent)
	b := textBox{text: s, minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	for _, c := range [][2]float64{{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}} {
		x, y := t.apply(c[0], c[1])
		b.minX, b.maxX = math.Min(b.minX, x), math.Max(b.maxX, x)
		b.minY, b.maxY = math.Min(b.minY, y), math.Max(b.maxY, y)
	}
	t.boxes = append(t.boxes, b)
}

// checkTextInside fails for every text of c whose box is not inside the
// canvas (a title cut off on the left, a label clipped at an edge).
func checkTextInside(t *testing.T, c *Chart) {
	t.Helper()
	rec := newTextBoxes()
	c.paint(draw.NewCanvas(rec, c.Width, c.Height))
	if len(rec.boxes) == 0 {
		t.Errorf("%s: no text drawn", c.Name)
	}
	const eps = 0.01 // points
	w, h := float64(c.Width), float64(c.Height)
	for _, b := range rec.boxes {
		if b.minX < -eps || b.minY < -eps || b.maxX > w+eps || b.maxY > h+eps {
			t.Errorf("%s: %q lies at x %.1f to %.1f, y %.1f to %.1f, outside the %.0f×%.0f canvas",
				c.Name, b.text, b.minX, b.maxX, b.minY, b.maxY, w, h)
		}
	}
}

// TestTextInsideCanvas: no chart clips a title or a label, with the names
// of the test summary and with long ones.
func TestTextInsideCanvas(t *testing.T) {
	long := summarytest.Summary(200, 40)
	long.Manifest.Scenario = "a-scenario-with-a-rather-long-name-2026"
	for vi := range long.Variants {
		long.Variants[vi].Name += "-with-a-long-variant-name"
		for oi := range long.Variants[vi].Outcomes {
			long.Variants[vi].Outcomes[oi].Name = "an_outcome_with_a_long_name_" + long.Variants[vi].Outcomes[oi].Name
		}
		for di := range long.Variants[vi].Differences {
			long.Variants[vi].Differences[di].Outcome = "an_outcome_with_a_long_name_" + long.Variants[vi].Differences[di].Outcome
		}
	}
	for _, s := range []*results.Summary{summarytest.Summary(200, 40), long} {
		charts, err := All(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range charts {
			checkTextInside(t, c)
		}
	}
	rel, err := NewReliability("Reliability of the forecasts of a backtest with a rather long title, 12 episodes, 48 forecasts",
		[]ReliabilityBin{{0.05, 0.04, 0.01, 0.1, 25}, {0.5, 0.6, 0.4, 0.8, 12}, {0.95, 1, 0.8, 1, 11}})
	if err != nil {
		t.Fatal(err)
	}
	checkTextInside(t, rel)
}

// The recorder itself: a string drawn past the right edge is reported.
func TestTextBoxesSeeClipping(t *testing.T) {
	rec := newTextBoxes()
	dc := draw.NewCanvas(rec, 100, 50)
	sty := newPlot("x", "", "").Title.TextStyle
	dc.FillText(sty, vg.Point{X: 90, Y: 10}, "a long string")
	if len(rec.boxes) != 1 || rec.boxes[0].maxX <= 100 {
		t.Fatalf("a string from x=90 on a 100-point canvas was not seen past the edge: %+v", rec.boxes)
	}
	dc.FillText(sty, vg.Point{X: 10, Y: 10}, "ok")
	if b := rec.boxes[1]; b.minX > 10 || b.maxX < 10 || b.maxX > 30 {
		t.Fatalf("box of a short string at x=10: %+v", b)
	}
}

// Labels stand for the names on the axes and in the legends, and a label
// of the longest length a scenario allows (40 characters) is not clipped.
func TestLabelsOnAxes(t *testing.T) {
	s := summarytest.Summary(200, 40)
	outcomeLabel := "A label of forty characters, the longest"
	variantLabel := "The second option, labelled at length ok"
	s.Variants[1].Label = variantLabel
	for vi := range s.Variants {
		s.Variants[vi].Outcomes[0].Label = outcomeLabel
	}
	charts, err := All(s)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range charts {
		checkTextInside(t, c)
		rec := newTextBoxes()
		c.paint(draw.NewCanvas(rec, c.Width, c.Height))
		for _, b := range rec.boxes {
			seen[b.text] = true
			if b.text == s.Variants[0].Outcomes[0].Name || b.text == s.Variants[1].Name {
				t.Errorf("%s: draws the name %q where its label belongs", c.Name, b.text)
			}
		}
	}
	for _, want := range []string{outcomeLabel, variantLabel} {
		if !seen[want] {
			t.Errorf("no chart draws the label %q", want)
		}
	}
}
