package chart

import (
	"bytes"
	"flag"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
	// outcomes, differences, fan and survival for each of two pairs, rivera
	if len(charts) != 7 {
		t.Fatalf("All drew %d charts, want 7", len(charts))
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
