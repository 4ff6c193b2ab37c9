package export

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"

	"brink/output"
	"brink/results"
)

// The file names written in an export directory, without extension.
const (
	OutcomesFile    = "outcomes"
	DifferencesFile = "differences"
	TimeseriesFile  = "timeseries"
	MetricsFile     = "metrics"
)

// WriteCSV writes outcomes.csv, differences.csv, timeseries.csv and
// metrics.csv into dir, creating it if needed. Files are RFC 4180 (comma
// separated, fields quoted where needed) except that lines end in LF, as
// `brink run --format csv` writes them; UTF-8, one header row, numbers in Go's shortest round-trip form with a dot
// for the decimal point whatever the locale, and empty cells where a value
// does not apply.
func WriteCSV(dir string, s *results.Summary) error {
	t, err := Build(s)
	if err != nil {
		return err
	}
	var outcomes bytes.Buffer
	// outcomes.csv is exactly what `brink run --format csv` writes for the
	// outcomes, so one reader serves both.
	if err := output.WriteOutcomesCSV(&outcomes, s); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	files := []struct {
		name string
		data []byte
	}{
		{OutcomesFile, outcomes.Bytes()},
		{DifferencesFile, csvBytes(DifferenceColumns, t.Differences, func(r DifferenceRow) []string {
			return []string{r.Variant, r.Outcome, r.Baseline, num(r.Diff), num(r.Lo), num(r.Hi)}
		})},
		{TimeseriesFile, csvBytes(TimeseriesColumns, t.Timeseries, func(r TimeseriesRow) []string {
			return []string{r.Variant, r.PairA, r.PairB, strconv.Itoa(int(r.Day)), date(r.Date), r.Rung,
				strconv.Itoa(int(r.Level)), strconv.FormatInt(r.Runs, 10)}
		})},
		{MetricsFile, csvBytes(MetricColumns, t.Metrics, func(r MetricRow) []string {
			row := []string{r.Variant, r.Metric, "", "", "", num(r.Mean), num(r.Lo), num(r.Hi)}
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
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, f.name+".csv"), f.data); err != nil {
			return err
		}
	}
	return nil
}

// WriteParquet writes outcomes.parquet, differences.parquet,
// timeseries.parquet and metrics.parquet into dir, creating it if needed:
// the tables of WriteCSV with typed columns (dates as the Parquet DATE type,
// empty cells as nulls), Snappy-compressed.
func WriteParquet(dir string, s *results.Summary) error {
	t, err := Build(s)
	if err != nil {
		return err
	}
	// The writer's default created_by names the build of the binary; name
	// brink's version instead so the bytes depend on the Summary alone.
	opts := []parquet.WriterOption{
		parquet.CreatedBy("brink", s.Manifest.BrinkVersion, ""),
		parquet.Compression(&parquet.Snappy),
	}
	files := []struct {
		name  string
		write func(*bytes.Buffer) error
	}{
		{OutcomesFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Outcomes, opts...) }},
		{DifferencesFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Differences, opts...) }},
		{TimeseriesFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Timeseries, opts...) }},
		{MetricsFile, func(b *bytes.Buffer) error { return parquet.Write(b, t.Metrics, opts...) }},
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	for _, f := range files {
		var b bytes.Buffer
		if err := f.write(&b); err != nil {
			return fmt.Errorf("export: %s.parquet: %w", f.name, err)
		}
		if err := writeFile(filepath.Join(dir, f.name+".parquet"), b.Bytes()); err != nil {
			return err
		}
	}
	return nil
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

// writeFile writes through a temporary file and renames it, so a reader (or
// a crash) never sees half a table under the final name.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("export: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// num writes x as output does: the shortest form that reads back to the same
// float64, always with a dot; infinities as R and pandas spell them.
func num(x float64) string {
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
