package output

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"brink/results"
)

// OutcomesCSVHeader is the header row of WriteOutcomesCSV.
var OutcomesCSVHeader = []string{
	"variant", "outcome", "kind", "p", "lo", "hi", "count",
	"baseline", "diff", "diff_lo", "diff_hi",
}

// WriteOutcomesCSV writes the outcomes of s as a long table, one row per
// variant and outcome, for pandas and R: the estimate with its interval, the
// count behind it, and for every variant but the baseline the paired
// difference against the baseline (empty cells for the baseline itself).
// Numbers are written in the shortest form that reads back to the same
// float64. The export of a stored run reuses it for outcomes.csv.
func WriteOutcomesCSV(w io.Writer, s *results.Summary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(OutcomesCSVHeader); err != nil {
		return err
	}
	if err := writeOutcomeRows(cw, s); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func writeOutcomeRows(cw *csv.Writer, s *results.Summary) error {
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			row := []string{v.Name, o.Name, o.Kind, f(o.P), f(o.Lo), f(o.Hi),
				strconv.FormatInt(o.Count, 10), "", "", "", ""}
			if d, ok := findDifference(v, o.Name); ok {
				row[7], row[8], row[9], row[10] = d.Baseline, f(d.Diff), f(d.Lo), f(d.Hi)
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteCSV writes what `brink run --format csv` prints: the rows of
// WriteOutcomesCSV; then, for each mean outcome, its quantiles, one row
// each of kind "quantile" named OUTCOME.q10, OUTCOME.q50, OUTCOME.q90
// (the value in p, its distribution-free interval in lo and hi), and for a
// time to an event a row of kind "median_day" named OUTCOME.median_day
// (empty cells where the median or an end of its interval is not reached;
// count is the runs with the event); followed by one row per variant and metric, of kind
// "metric", named `rivera`, `damage.ACTOR`, `strain.ACTOR`, `support.ACTOR`,
// with the mean in p, its interval in lo and hi, the runs in count, and no
// difference.
func WriteCSV(w io.Writer, s *results.Summary) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(OutcomesCSVHeader); err != nil {
		return err
	}
	if err := writeOutcomeRows(cw, s); err != nil {
		return err
	}
	if err := writeDistributionRows(cw, s); err != nil {
		return err
	}
	runs := strconv.Itoa(s.Manifest.Runs)
	actors := metricActors(s)
	for _, v := range s.Variants {
		metric := func(name string, m results.MeanStat) error {
			return cw.Write([]string{v.Name, name, "metric", f(m.Mean), f(m.Lo), f(m.Hi), runs, "", "", "", ""})
		}
		if err := metric("rivera", v.Metrics.Rivera); err != nil {
			return err
		}
		for _, group := range results.ActorMetrics() {
			byActor := group.Of(v.Metrics)
			for _, a := range actors {
				if x, ok := byActor[a]; ok {
					if err := metric(group.Name+"."+a, x); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func f(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// writeDistributionRows writes the quantile and median-day rows of WriteCSV.
func writeDistributionRows(cw *csv.Writer, s *results.Summary) error {
	runs := strconv.Itoa(s.Manifest.Runs)
	day := func(d int) string {
		if d < 0 {
			return ""
		}
		return strconv.Itoa(d)
	}
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			for _, q := range o.Quantiles {
				name := fmt.Sprintf("%s.q%02.0f", o.Name, 100*q.Q)
				if err := cw.Write([]string{v.Name, name, "quantile", f(q.Value), f(q.Lo), f(q.Hi), runs, "", "", "", ""}); err != nil {
					return err
				}
			}
			if e := o.Event; e != nil {
				row := []string{v.Name, o.Name + ".median_day", "median_day", day(e.Median), day(e.MedianLo), day(e.MedianHi),
					strconv.FormatInt(e.Events, 10), "", "", "", ""}
				if err := cw.Write(row); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
