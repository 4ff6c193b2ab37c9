package chart

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"brink/internal/summarytest"
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
	// outcomes, fan and survival for each of two pairs, rivera
	if len(charts) != 6 {
		t.Fatalf("All drew %d charts, want 6", len(charts))
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
