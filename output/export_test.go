package output

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"

	"github.com/parquet-go/parquet-go"

	"brink/internal/summarytest"
	"brink/results"
)

const runs, days = 300, 45

var names = []string{OutcomesFile, DifferencesFile, TimeseriesFile, MetricsFile}

// writeCSVDir and writeParquetDir write the export tables into dir, as
// `brink run --csv DIR` and `--parquet DIR` do.
func writeCSVDir(dir string, s *results.Summary) error     { return writeTables(dir, s, CSVTables) }
func writeParquetDir(dir string, s *results.Summary) error { return writeTables(dir, s, ParquetTables) }

func writeTables(dir string, s *results.Summary, tables func(*results.Summary) ([]File, error)) error {
	files, err := tables(s)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Every table has the documented columns and the number of rows the Summary
// implies, as a generic CSV reader (pandas, R) sees them.
func TestCSVColumnsAndRows(t *testing.T) {
	s := summarytest.Summary(runs, days)
	dir := t.TempDir()
	if err := writeCSVDir(dir, s); err != nil {
		t.Fatal(err)
	}
	nv, np, nr, na := len(s.Variants), len(s.Variants[0].Series), len(s.Manifest.Rungs), len(s.Manifest.Actors)
	want := map[string]struct {
		header []string
		rows   int
	}{
		OutcomesFile:    {OutcomeColumns, nv * len(s.Variants[0].Outcomes)},
		DifferencesFile: {DifferenceColumns, (nv - 1) * len(s.Variants[1].Differences)},
		TimeseriesFile:  {TimeseriesColumns, nv * np * days * nr},
		MetricsFile:     {MetricColumns, nv * (1 + days + 3*na)},
	}
	tables := map[string][][]string{}
	for _, name := range names {
		recs := readCSV(t, filepath.Join(dir, name+".csv"))
		if !reflect.DeepEqual(recs[0], want[name].header) {
			t.Errorf("%s.csv header %q, want %q", name, recs[0], want[name].header)
		}
		if got := len(recs) - 1; got != want[name].rows {
			t.Errorf("%s.csv has %d rows, want %d", name, got, want[name].rows)
		}
		tables[name] = recs
	}
	if !reflect.DeepEqual(OutcomeColumns, OutcomesCSVHeader) {
		t.Errorf("OutcomeColumns %q drifted from OutcomesCSVHeader %q", OutcomeColumns, OutcomesCSVHeader)
	}

	// Values read back: every timeseries day sums to the runs, and the
	// first rows carry the dates counted from the manifest's start.
	ts := tables[TimeseriesFile]
	sums := map[string]int{}
	for _, r := range ts[1:] {
		n, err := strconv.Atoi(r[7])
		if err != nil {
			t.Fatalf("runs cell %q: %v", r[7], err)
		}
		sums[r[0]+"/"+r[1]+"/"+r[2]+"/"+r[3]] += n
	}
	for k, n := range sums {
		if n != runs {
			t.Fatalf("timeseries %s sums to %d runs, want %d", k, n, runs)
		}
	}
	if ts[1][3] != "0" || ts[1][4] != "2024-04-01" || ts[1][5] != "settle" || ts[1][6] != "-3" {
		t.Errorf("first timeseries row %q, want day 0 = 2024-04-01, rung settle at level -3", ts[1])
	}
	if last := ts[len(ts)-1]; last[3] != strconv.Itoa(days-1) || last[4] != "2024-05-15" || last[5] != "nuclear" {
		t.Errorf("last timeseries row %q", last)
	}
	// outcomes.csv comes from package output, outcomes.parquet from BuildTables:
	// the two must say the same thing cell by cell.
	built, err := BuildTables(s)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range built.Outcomes {
		cells := []string{r.Variant, r.Outcome, r.Kind, tableNum(r.P), tableNum(r.Lo), tableNum(r.Hi), strconv.FormatInt(r.Count, 10), "", "", "", ""}
		if r.Baseline != nil {
			cells[7], cells[8], cells[9], cells[10] = *r.Baseline, tableNum(*r.Diff), tableNum(*r.DiffLo), tableNum(*r.DiffHi)
		}
		if got := tables[OutcomesFile][i+1]; !reflect.DeepEqual(got, cells) {
			t.Errorf("outcomes.csv row %d = %q, the Parquet table has %q", i+1, got, cells)
		}
	}
	war := tables[OutcomesFile][1]
	if p, err := strconv.ParseFloat(war[3], 64); err != nil || p != s.Variants[0].Outcomes[0].P {
		t.Errorf("outcomes p cell %q does not read back as %v", war[3], s.Variants[0].Outcomes[0].P)
	}
	for _, r := range tables[MetricsFile][1:] {
		switch r[1] {
		case "rivera":
			if r[2] != "" || r[3] != "" || r[4] != "" {
				t.Errorf("run-level metric row has actor or day: %q", r)
			}
		case "rivera_daily":
			if r[2] != "" || r[3] == "" || r[4] == "" {
				t.Errorf("daily metric row %q", r)
			}
		case "damage", "strain", "support":
			if r[2] == "" || r[3] != "" {
				t.Errorf("per-actor metric row %q", r)
			}
		default:
			t.Errorf("unknown metric %q", r[1])
		}
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	recs, err := r.ReadAll() // also checks every row has the header's width
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s is empty", path)
	}
	return recs
}

// The same Summary gives the same bytes, in CSV and in Parquet.
func TestByteIdentical(t *testing.T) {
	for _, format := range []struct {
		ext   string
		write func(string, *results.Summary) error
	}{{"csv", writeCSVDir}, {"parquet", writeParquetDir}} {
		a, b := t.TempDir(), t.TempDir()
		if err := format.write(a, summarytest.Summary(runs, days)); err != nil {
			t.Fatal(err)
		}
		if err := format.write(b, summarytest.Summary(runs, days)); err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			x, err := os.ReadFile(filepath.Join(a, name+"."+format.ext))
			if err != nil {
				t.Fatal(err)
			}
			y, err := os.ReadFile(filepath.Join(b, name+"."+format.ext))
			if err != nil {
				t.Fatal(err)
			}
			if len(x) == 0 || !bytes.Equal(x, y) {
				t.Errorf("%s.%s differs between two exports of the same run (%d vs %d bytes)", name, format.ext, len(x), len(y))
			}
		}
	}
}

// Parquet files read back with parquet-go give the rows that were written,
// and carry the same columns as the CSV files.
func TestParquetReadBack(t *testing.T) {
	s := summarytest.Summary(runs, days)
	dir := t.TempDir()
	if err := writeParquetDir(dir, s); err != nil {
		t.Fatal(err)
	}
	want, err := BuildTables(s)
	if err != nil {
		t.Fatal(err)
	}
	path := func(name string) string { return filepath.Join(dir, name+".parquet") }
	check := func(name string, got, want any, cols []string) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s.parquet rows differ from those written", name)
		}
		f, err := os.Open(path(name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		st, _ := f.Stat()
		pf, err := parquet.OpenFile(f, st.Size())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, field := range pf.Schema().Fields() {
			names = append(names, field.Name())
		}
		if !reflect.DeepEqual(names, cols) {
			t.Errorf("%s.parquet columns %q, want %q", name, names, cols)
		}
		if pf.NumRows() != int64(reflect.ValueOf(want).Len()) {
			t.Errorf("%s.parquet has %d rows", name, pf.NumRows())
		}
	}
	o, err := parquet.ReadFile[OutcomeRow](path(OutcomesFile))
	if err != nil {
		t.Fatal(err)
	}
	check(OutcomesFile, o, want.Outcomes, OutcomeColumns)
	for _, r := range o {
		wantDiff := r.Variant != "baseline" && r.Outcome == "war" // the fixture's differences
		if (r.Baseline != nil) != wantDiff || (wantDiff && *r.Baseline != "baseline") {
			t.Errorf("outcome %s/%s: baseline %v, want a difference against the baseline: %v", r.Variant, r.Outcome, r.Baseline, wantDiff)
		}
	}
	d, err := parquet.ReadFile[DifferenceRow](path(DifferencesFile))
	if err != nil {
		t.Fatal(err)
	}
	check(DifferencesFile, d, want.Differences, DifferenceColumns)
	ts, err := parquet.ReadFile[TimeseriesRow](path(TimeseriesFile))
	if err != nil {
		t.Fatal(err)
	}
	check(TimeseriesFile, ts, want.Timeseries, TimeseriesColumns)
	m, err := parquet.ReadFile[MetricRow](path(MetricsFile))
	if err != nil {
		t.Fatal(err)
	}
	check(MetricsFile, m, want.Metrics, MetricColumns)
}

func TestBadStart(t *testing.T) {
	s := summarytest.Summary(10, 3)
	s.Manifest.Start = "14 April 2024"
	if err := writeCSVDir(t.TempDir(), s); err == nil {
		t.Error("a manifest with an unreadable start date exported")
	}
	s = summarytest.Summary(10, 3)
	s.Variants[1].Series[0].Daily[2] = []int64{1, 2}
	if err := writeParquetDir(t.TempDir(), s); err == nil {
		t.Error("a series whose rung counts do not match the ladder exported")
	}
}
