package chart

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"brink/internal/summarytest"
	"brink/results"
)

var update = flag.Bool("update", false, "rewrite the golden charts in testdata/")

// Golden charts pin the bytes: the same Summary must always give the same
// SVG and PNG. After an intended change, run `go test ./chart -update` and
// look at the new files before committing them.
func TestGolden(t *testing.T) {
	s := summarytest.Summary(400, 60)
	cases := []struct {
		file string
		name string
		opt  Options
	}{
		{"outcomes", Outcomes, Options{}},
		{"differences", Differences, Options{}},
		{"fan", Fan, Options{Pair: [2]string{"ISR", "IRN"}}},
		{"survival", Survival, Options{Rung: "strike"}},
		{"rivera", Rivera, Options{}},
	}
	for _, c := range cases {
		for _, f := range []Format{SVG, PNG} {
			ch, err := New(s, c.name, c.opt)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			var b bytes.Buffer
			if err := ch.Write(&b, f); err != nil {
				t.Fatalf("%s.%s: %v", c.file, f, err)
			}
			path := filepath.Join("testdata", c.file+"."+string(f))
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if !bytes.Equal(b.Bytes(), want) {
				t.Errorf("%s differs from the golden file (%d bytes, golden %d); if intended, run with -update and look at it",
					path, b.Len(), len(want))
			}
		}
	}
}

// Two renderings in one process are identical (no hidden state, no clock).
func TestStable(t *testing.T) {
	s := summarytest.Summary(100, 20)
	for _, name := range Names {
		var out [2][]byte
		for i := range out {
			c, err := New(s, name, Options{})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := c.Write(&b, PNG); err != nil {
				t.Fatal(err)
			}
			out[i] = b.Bytes()
		}
		if !bytes.Equal(out[0], out[1]) {
			t.Errorf("%s: two renderings differ", name)
		}
	}
}

func TestSVGIsSelfContained(t *testing.T) {
	s := summarytest.Summary(100, 20)
	charts, err := All(s)
	if err != nil {
		t.Fatal(err)
	}
	// outcomes, differences, a fan for each of two pairs, rivera: in 20
	// days no run reaches war, so the survival curves are left out.
	if len(charts) != 5 {
		t.Fatalf("All drew %d charts, want 5", len(charts))
	}
	for _, c := range charts {
		svg, err := c.SVG()
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"http://www.w3.org/1999/xlink\" href", "<image", "url(http", "@import"} {
			if strings.Contains(string(svg), bad) {
				t.Errorf("%s SVG refers outside itself: %q", c.Name, bad)
			}
		}
		if !strings.Contains(string(svg), "sans-serif") {
			t.Errorf("%s SVG has no font fallback", c.Name)
		}
	}
}

func TestPNGSize(t *testing.T) {
	c, err := New(summarytest.Summary(50, 10), Outcomes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := c.Write(&b, PNG); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Dx(); got != 7*pngDPI {
		t.Errorf("PNG is %d pixels wide, want %d (7 in at %d dpi)", got, 7*pngDPI, pngDPI)
	}
}

func TestBadRequests(t *testing.T) {
	s := summarytest.Summary(50, 10)
	for _, c := range []struct {
		name, want string
		opt        Options
	}{
		{"pie", "unknown chart", Options{}},
		{Fan, "did not track the pair", Options{Pair: [2]string{"USA", "HEZ"}}},
		{Survival, "no rung", Options{Rung: "armageddon"}},
		{Survival, "not above the status quo", Options{Rung: "negotiate"}},
	} {
		_, err := New(s, c.name, c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%s, %+v) error %v, want %q", c.name, c.opt, err, c.want)
		}
	}
	noPairs := summarytest.Summary(50, 10)
	for i := range noPairs.Variants {
		noPairs.Variants[i].Series = nil
	}
	if _, err := New(noPairs, Fan, Options{}); err == nil || !strings.Contains(err.Error(), "tracked no pairs") {
		t.Errorf("fan of a run without tracked pairs: %v", err)
	}
	if _, err := FormatOf("chart.pdf"); err == nil {
		t.Error("FormatOf accepted .pdf")
	}
	if f, err := FormatOf("x/Chart.SVG"); err != nil || f != SVG {
		t.Errorf("FormatOf(Chart.SVG) = %v, %v", f, err)
	}
}

// TestChartsNameTheScenario: a chart saved alone says which scenario it
// shows, in its drawn title.
func TestChartsNameTheScenario(t *testing.T) {
	s := summarytest.Summary(100, 20)
	for _, name := range Names {
		c, err := New(s, name, Options{})
		if err != nil {
			t.Fatal(err)
		}
		svg, err := c.SVG()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(svg), s.Manifest.Scenario+":") {
			t.Errorf("%s: the drawn title does not name the scenario %s", name, s.Manifest.Scenario)
		}
	}
}

// TestOutcomesChartGrowsWithOutcomes: outcomes are rows with their names on
// the left, and the chart grows a row per outcome, so that seventeen long
// names (gaza-2023) neither overlap nor squeeze the points together; laid
// along the x axis they once overlapped into an unreadable smear.
func TestOutcomesChartGrowsWithOutcomes(t *testing.T) {
	s := summarytest.Summary(100, 20)
	var heights []float64
	for _, n := range []int{2, 17} {
		for vi := range s.Variants {
			v := &s.Variants[vi]
			base := v.Outcomes
			v.Outcomes = nil
			for i := 0; i < n; i++ {
				o := base[i%len(base)]
				o.Kind = results.KindProbability
				o.Name = fmt.Sprintf("us_kills_militia_commander_%02d", i)
				v.Outcomes = append(v.Outcomes, o)
			}
		}
		c, err := New(s, Outcomes, Options{})
		if err != nil {
			t.Fatal(err)
		}
		heights = append(heights, float64(c.Height/vg.Inch))
		svg, _ := c.SVG()
		if !strings.Contains(string(svg), fmt.Sprintf("us_kills_militia_commander_%02d", n-1)) {
			t.Errorf("%d outcomes: the last outcome's name is not drawn", n)
		}
	}
	// Each added outcome adds its row; 15 more rows of 3 variants.
	if perRow := (heights[1] - heights[0]) / 15; perRow < 0.45 {
		t.Errorf("the outcomes chart grew %.2f in per outcome (heights %.2f and %.2f in); want room for each", perRow, heights[0], heights[1])
	}
}

// Informative: a pair that never leaves the status quo has no fan chart
// and no survival curves; one that does has both.
func TestInformative(t *testing.T) {
	s := summarytest.Summary(400, 60)
	opt := Options{Pair: s.Variants[0].Series[0].Pair}
	if !Informative(s, Fan, opt) || !Informative(s, Survival, opt) {
		t.Fatalf("the test summary's first pair should be informative")
	}
	for vi := range s.Variants {
		ps := &s.Variants[vi].Series[0]
		for d := range ps.Daily {
			total := int64(0)
			for r := range ps.Daily[d] {
				total += ps.Daily[d][r]
				ps.Daily[d][r] = 0
			}
			ps.Daily[d][s.Manifest.StatusQuo] = total
		}
		for r := range ps.FirstDay {
			if r > s.Manifest.StatusQuo {
				clear(ps.FirstDay[r])
			}
		}
	}
	if Informative(s, Fan, opt) || Informative(s, Survival, opt) {
		t.Errorf("a pair held at the status quo is called informative")
	}
	charts, err := All(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		if strings.Contains(c.Title, opt.Pair[0]+"–"+opt.Pair[1]) || strings.Contains(c.Title, "between "+opt.Pair[0]+" and "+opt.Pair[1]) {
			t.Errorf("All drew %q for the flat pair", c.Title)
		}
	}
}

// flatRuns keeps the ends and every point where y changes on either side.
func TestFlatRuns(t *testing.T) {
	in := plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 1}, {X: 2, Y: 1}, {X: 3, Y: 2}, {X: 4, Y: 2}, {X: 5, Y: 2}, {X: 6, Y: 2}}
	want := plotter.XYs{{X: 0, Y: 1}, {X: 2, Y: 1}, {X: 3, Y: 2}, {X: 6, Y: 2}}
	if got := flatRuns(in); !reflect.DeepEqual(got, want) {
		t.Errorf("flatRuns = %v, want %v", got, want)
	}
	if got := flatRuns(in[:2]); len(got) != 2 {
		t.Errorf("two points: %v", got)
	}
}

// The outcomes chart has a logit axis when an outcome is rare (or near
// certain), so 0.4% and 0.7% are apart; otherwise a linear one.
func TestOutcomesLogitScaleForRareOutcomes(t *testing.T) {
	s := summarytest.Summary(400, 60)
	if !rareOutcomes(s) {
		t.Fatal("the test summary has an outcome of 2%: rare")
	}
	c, err := New(s, Outcomes, Options{})
	if err != nil {
		t.Fatal(err)
	}
	svg, _ := c.SVG()
	if !strings.Contains(string(svg), "logit scale") || !strings.Contains(string(svg), ">0.1%") {
		t.Error("the outcomes chart of rare outcomes has no logit axis")
	}
	for vi := range s.Variants {
		for oi := range s.Variants[vi].Outcomes {
			s.Variants[vi].Outcomes[oi].P = 0.3
		}
	}
	if rareOutcomes(s) {
		t.Error("outcomes of 30% called rare")
	}
	var l logitScale
	lo, hi := logitFloor, 1-logitFloor
	if l.Normalize(lo, hi, lo) != 0 || l.Normalize(lo, hi, hi) != 1 || math.Abs(l.Normalize(lo, hi, 0.5)-0.5) > 1e-12 {
		t.Error("logit scale does not map the ends to 0 and 1 and 50% to the middle")
	}
	// Ten times as far apart as on the linear scale (0.003 of its width).
	if gap := l.Normalize(lo, hi, 0.007) - l.Normalize(lo, hi, 0.004); gap < 0.03 {
		t.Errorf("0.4%% and 0.7%% are %.3f of the axis apart on the logit scale", gap)
	}
	if l.Normalize(lo, hi, 0) != 0 || l.Normalize(lo, hi, 1) != 1 {
		t.Error("0 and 1 are not drawn at the edges")
	}
}
