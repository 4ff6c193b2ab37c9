package output

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"

	"brink/internal/pqmeta"
	"brink/results"
)

// The file names of the export tables, without extension.
const (
	OutcomesFile    = "outcomes"
	DifferencesFile = "differences"
	TimeseriesFile  = "timeseries"
	MetricsFile     = "metrics"
)

// A File is one table of an export: its name with extension (outcomes.csv)
// and its bytes. The caller writes it into the directory the user named.
type File struct {
	Name string
	Data []byte
}

// CSVTables returns outcomes.csv, differences.csv, timeseries.csv and
// metrics.csv. Files are RFC 4180 (comma separated, fields quoted where
// needed) except that lines end in LF, as `brink run --format csv` writes
// them; UTF-8, one header row, numbers in Go's shortest round-trip form with a
// dot for the decimal point whatever the locale, and empty cells where a
// value does not apply.
func CSVTables(s *results.Summary) ([]File, error) {
	t, err := BuildTables(s)
	if err != nil {
		return nil, err
	}
	var outcomes bytes.Buffer
	// outcomes.csv is exactly what `brink run --format csv` writes for the
	// outcomes, so one reader serves both.
	if err := WriteOutcomesCSV(&outcomes, s); err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return []File{
		{OutcomesFile + ".csv", outcomes.Bytes()},
		{DifferencesFile + ".csv", csvBytes(DifferenceColumns, t.Differences, func(r DifferenceRow) []string {
			return []string{r.Variant, r.Outcome, r.Baseline, tableNum(r.Diff), tableNum(r.Lo), tableNum(r.Hi)}
		})},
		{TimeseriesFile + ".csv", csvBytes(TimeseriesColumns, t.Timeseries, func(r TimeseriesRow) []string {
			return []string{r.Variant, r.PairA, r.PairB, strconv.Itoa(int(r.Day)), date(r.Date), r.Rung,
				strconv.Itoa(int(r.Level)), strconv.FormatInt(r.Runs, 10)}
		})},
		{MetricsFile + ".csv", csvBytes(MetricColumns, t.Metrics, func(r MetricRow) []string {
			row := []string{r.Variant, r.Metric, "", "", "", tableNum(r.Mean), tableNum(r.Lo), tableNum(r.Hi)}
			if r.Actor != nil {
				row[2] = *r.Actor
			}
			if r.Day != nil {
				row[3] = strconv.Itoa(int(*r.Day))
			}
			if r.Date != nil {
				row[4] = date(*r.Date)
			}
			return row
		})},
	}, nil
}

// ParquetTables returns outcomes.parquet, differences.parquet,
// timeseries.parquet and metrics.parquet: the tables of CSVTables with typed
// columns (dates as the Parquet DATE type, empty cells as nulls),
// Snappy-compressed.
func ParquetTables(s *results.Summary) ([]File, error) {
	t, err := BuildTables(s)
	if err != nil {
		return nil, err
	}
	// created_by names brink's version, not the build of the binary, so
	// the bytes depend on the Summary alone.
	opts := []parquet.WriterOption{
		pqmeta.CreatedBy(s.Manifest.BrinkVersion),
		parquet.Compression(&parquet.Snappy),
	}
	tables := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{OutcomesFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Outcomes, opts...) }},
		{DifferencesFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Differences, opts...) }},
		{TimeseriesFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Timeseries, opts...) }},
		{MetricsFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Metrics, opts...) }},
	}
	files := make([]File, 0, len(tables))
	for _, f := range tables {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			return nil, fmt.Errorf("export: %s.parquet: %w", f.name, err)
		}
		files = append(files, File{f.name + ".parquet", b.Bytes()})
	}
	return files, nil
}

func csvBytes[R any](header []string, rows []R, record func(R) []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	for _, r := range rows {
		w.Write(record(r))
	}
	w.Flush() // writing to a bytes.Buffer cannot fail
	return b.Bytes()
}

// tableNum writes x as the CSV output does: the shortest form that reads back to the same
// float64, always with a dot; infinities as R and pandas spell them.
func tableNum(x float64) string {
	switch {
	case math.IsInf(x, 1):
		return "Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

func date(epochDay int32) string {
	return time.Unix(int64(epochDay)*86400, 0).UTC().Format(time.DateOnly)
}
