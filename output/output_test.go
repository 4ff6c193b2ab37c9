package output

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"brink/internal/goldenfile"
	"brink/internal/summarytest"
	"brink/results"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	goldenfile.Check(t, filepath.Join("testdata", name), got, *update, "go test ./output -update")
}

func TestTableGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTable(&b, summarytest.Summary(400, 12)); err != nil {
		t.Fatal(err)
	}
	golden(t, "table.golden", b.Bytes())
}

func TestTablePartialAndSingleVariant(t *testing.T) {
	s := summarytest.Summary(50, 5)
	s.Partial = true
	s.Variants = s.Variants[:1]
	var b bytes.Buffer
	if err := WriteTable(&b, s); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.Contains(out, "PARTIAL: stopped early; these are the first 50 runs") {
		t.Errorf("partial table does not say it is partial:\n%s", out)
	}
	if strings.Contains(out, "Δ") {
		t.Errorf("a single variant has no differences to show:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("trailing blank in %q", line)
		}
	}
}

func TestJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, summarytest.Summary(100, 4)); err != nil {
		t.Fatal(err)
	}
	golden(t, "summary.golden.json", b.Bytes())
}

// The compacted JSON must decode to exactly the Summary that was written:
// the one-line arrays are a matter of layout only.
func TestJSONRoundTrip(t *testing.T) {
	want := summarytest.Summary(300, 30)
	want.Manifest.Scenario = `odd "name" [with] {brackets}, commas`
	var b bytes.Buffer
	if err := WriteJSON(&b, want); err != nil {
		t.Fatal(err)
	}
	var got results.Summary
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatalf("output is not valid JSON: %v", err)
	}
	if !strings.Contains(b.String(), `"differences": []`) {
		t.Error("the baseline's differences are not an empty array")
	}
	want.Variants[0].Differences = []results.Difference{} // written as []
	if !reflect.DeepEqual(&got, want) {
		t.Error("JSON does not decode to the Summary that was written")
	}
	if !strings.Contains(b.String(), `"max_rung": [`) || strings.Contains(b.String(), "[\n        0") {
		t.Error("arrays of numbers are not on one line")
	}
}

func TestJSONRefusesNaN(t *testing.T) {
	s := summarytest.Summary(20, 3)
	s.Variants[1].Metrics.Rivera.Lo = math.NaN()
	err := WriteJSON(&bytes.Buffer{}, s)
	if err == nil || !strings.Contains(err.Error(), "direct_channel rivera") {
		t.Errorf("got %v, want an error naming the field", err)
	}
}

func TestCompactScalarArrays(t *testing.T) {
	in := "{\n  \"a\": [\n    1,\n    -2.5e-07\n  ],\n  \"b\": [\n    \"x]\\\"\",\n    \"y\"\n  ],\n  \"c\": [\n    [\n      1\n    ]\n  ],\n  \"d\": []\n}"
	want := "{\n  \"a\": [1, -2.5e-07],\n  \"b\": [\"x]\\\"\", \"y\"],\n  \"c\": [\n    [1]\n  ],\n  \"d\": []\n}"
	if got := string(compactScalarArrays([]byte(in))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestOutcomesCSV(t *testing.T) {
	s := summarytest.Summary(200, 6)
	var b bytes.Buffer
	if err := WriteOutcomesCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows[0], OutcomesCSVHeader) {
		t.Fatalf("header %v", rows[0])
	}
	rows = rows[1:]
	n := 0
	for _, v := range s.Variants {
		n += len(v.Outcomes)
	}
	if len(rows) != n {
		t.Fatalf("%d rows, want %d (one per variant and outcome)", len(rows), n)
	}
	// Every number reads back exactly, and the difference sits on the row
	// of its variant and outcome.
	i := 0
	for vi, v := range s.Variants {
		for _, o := range v.Outcomes {
			r := rows[i]
			i++
			if r[0] != v.Name || r[1] != o.Name || r[2] != o.Kind {
				t.Fatalf("row %v for %s/%s", r, v.Name, o.Name)
			}
			if p, _ := strconv.ParseFloat(r[3], 64); p != o.P {
				t.Errorf("p %s, want %v", r[3], o.P)
			}
			if c, _ := strconv.ParseInt(r[6], 10, 64); c != o.Count {
				t.Errorf("count %s, want %d", r[6], o.Count)
			}
			d, has := findDifference(v, o.Name)
			if vi == 0 && r[7] != "" {
				t.Errorf("baseline row has a difference: %v", r)
			}
			if has {
				if got, _ := strconv.ParseFloat(r[8], 64); got != d.Diff || r[7] != d.Baseline {
					t.Errorf("diff cells %v, want %v", r[7:], d)
				}
			}
		}
	}
}

func TestCSVHasMetrics(t *testing.T) {
	s := summarytest.Summary(100, 5)
	var b bytes.Buffer
	if err := WriteCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if r[0] == "exclude_iran" && r[1] == "damage.IRN" && r[2] == "metric" {
			found = true
			want := s.Variants[2].Metrics.Damage["IRN"].Mean
			if got, _ := strconv.ParseFloat(r[3], 64); got != want {
				t.Errorf("damage.IRN mean %s, want %v", r[3], want)
			}
		}
	}
	if !found {
		t.Error("no metric row for exclude_iran damage.IRN")
	}
}

func TestNumberFormats(t *testing.T) {
	cases := []struct {
		kind      string
		x, lo, hi float64
		sign      bool
		want      string
	}{
		{results.KindProbability, 0.2134, 0.195, 0.2311, false, "0.213 [0.195, 0.231]"},
		{results.KindProbability, -0.0631, -0.08, -0.046, true, "-0.063 [-0.080, -0.046]"},
		{results.KindProbability, 0.0631, 0.046, 0.08, true, "+0.063 [0.046, 0.080]"},
		{results.KindProbability, -0.0001, -0.01, 0.01, true, "+0.000 [-0.010, 0.010]"},
		{results.KindMean, 12.44, 12.2, 12.6, false, "12.44 [12.20, 12.60]"},
		{results.KindMean, 1234.4, 1200, 1260, false, "1234 [1200, 1260]"},
		{results.KindMean, 0.5, 0.25, 0.75, false, "0.500 [0.250, 0.750]"},
	}
	for _, c := range cases {
		var got string
		if c.sign {
			got = signedInterval(c.kind, c.x, c.lo, c.hi)
		} else {
			got = interval(c.kind, c.x, c.lo, c.hi)
		}
		if got != c.want {
			t.Errorf("%v: got %q, want %q", c, got, c.want)
		}
	}
}

// TestTableFolded: a table wider than the screen is folded: an outcome a
// block, a variant a line, the metrics in groups of variants. Every line
// fits, every number of the wide table is still there, and a table that
// fits (or a width of 0) is the wide table byte for byte.
func TestTableFolded(t *testing.T) {
	s := summarytest.Summary(400, 12)
	var wide, b bytes.Buffer
	if err := WriteTable(&wide, s); err != nil {
		t.Fatal(err)
	}
	widest := 0
	for _, line := range strings.Split(wide.String(), "\n") {
		widest = max(widest, len([]rune(line)))
	}
	for _, w := range []int{0, widest, widest + 40} {
		b.Reset()
		if err := WriteTableWidth(&b, s, w); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), wide.Bytes()) {
			t.Errorf("width %d (the wide table is %d columns): the table was changed", w, widest)
		}
	}
	const width = 56 // the Δ goes under the value, not beside it
	if widest <= width {
		t.Fatalf("the test needs a table wider than %d columns, got %d", width, widest)
	}
	b.Reset()
	if err := WriteTableWidth(&b, s, width); err != nil {
		t.Fatal(err)
	}
	folded := b.String()
	for _, line := range strings.Split(folded, "\n") {
		if n := len([]rune(line)); n > width {
			t.Errorf("line of %d columns in a table folded to %d: %q", n, width, line)
		}
		if strings.HasSuffix(line, " ") {
			t.Errorf("trailing blank in %q", line)
		}
	}
	// The same cells, in another order: every field of the wide table
	// (split on runs of two blanks) appears in the folded one.
	for _, line := range strings.Split(wide.String(), "\n") {
		for _, cell := range strings.Split(line, "  ") {
			cell = strings.TrimSpace(cell)
			if cell != "" && cell != "outcome" && !strings.HasPrefix(cell, "Outcomes:") && !strings.Contains(folded, cell) {
				t.Errorf("%q of the wide table is missing from the folded one", cell)
			}
		}
	}
	golden(t, "table-folded.golden", b.Bytes())
	// On a screen wide enough, each difference stands beside its value.
	b.Reset()
	if err := WriteTableWidth(&b, s, 72); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "]  Δ ") {
		t.Errorf("folded to 72 columns, no difference stands beside its value:\n%s", b.String())
	}
}
