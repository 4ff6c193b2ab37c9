package output

// The export tables: a run's results as tables for pandas, R and
// spreadsheets: outcomes, differences, the daily rung distribution of every
// tracked pair, and metrics, each as a CSV file (--csv DIR) or a Parquet file
// (--parquet DIR) with the same columns. The columns are documented in
// docs/exports.md.

import (
	"fmt"
	"sort"
	"time"

	"brink/results"
)

// The rows of each table, one struct per table. The parquet tags name the
// columns; the CSV files use the same names in the same order (a test holds
// them together).

// OutcomeRow is a row of outcomes: OutcomesCSVHeader's columns.
type OutcomeRow struct {
	Variant  string   `parquet:"variant,dict"`
	Outcome  string   `parquet:"outcome,dict"`
	Kind     string   `parquet:"kind,dict"`
	P        float64  `parquet:"p"`
	Lo       float64  `parquet:"lo"`
	Hi       float64  `parquet:"hi"`
	Count    int64    `parquet:"count"`
	Baseline *string  `parquet:"baseline,optional,dict"`
	Diff     *float64 `parquet:"diff,optional"`
	DiffLo   *float64 `parquet:"diff_lo,optional"`
	DiffHi   *float64 `parquet:"diff_hi,optional"`
}

// DifferenceRow is a row of differences: a variant minus the baseline on the
// same runs, with the paired 95% interval.
type DifferenceRow struct {
	Variant  string  `parquet:"variant,dict"`
	Outcome  string  `parquet:"outcome,dict"`
	Baseline string  `parquet:"baseline,dict"`
	Diff     float64 `parquet:"diff"`
	Lo       float64 `parquet:"lo"`
	Hi       float64 `parquet:"hi"`
}

// TimeseriesRow is a row of timeseries: how many runs had the tracked pair
// (PairA, PairB) at Rung on Day.
type TimeseriesRow struct {
	Variant string `parquet:"variant,dict"`
	PairA   string `parquet:"pair_a,dict"`
	PairB   string `parquet:"pair_b,dict"`
	Day     int32  `parquet:"day"`
	Date    int32  `parquet:"date,date"` // days since 1970-01-01; YYYY-MM-DD in CSV
	Rung    string `parquet:"rung,dict"`
	Level   int32  `parquet:"level"`
	Runs    int64  `parquet:"runs"`
}

// MetricRow is a row of metrics: a mean with its 95% interval. Actor is set
// for per-actor metrics, Day and Date for daily ones.
type MetricRow struct {
	Variant string  `parquet:"variant,dict"`
	Metric  string  `parquet:"metric,dict"`
	Actor   *string `parquet:"actor,optional,dict"`
	Day     *int32  `parquet:"day,optional"`
	Date    *int32  `parquet:"date,optional,date"`
	Mean    float64 `parquet:"mean"`
	Lo      float64 `parquet:"lo"`
	Hi      float64 `parquet:"hi"`
}

// Headers are the column names of each table, in order.
var (
	OutcomeColumns    = []string{"variant", "outcome", "kind", "p", "lo", "hi", "count", "baseline", "diff", "diff_lo", "diff_hi"}
	DifferenceColumns = []string{"variant", "outcome", "baseline", "diff", "lo", "hi"}
	TimeseriesColumns = []string{"variant", "pair_a", "pair_b", "day", "date", "rung", "level", "runs"}
	MetricColumns     = []string{"variant", "metric", "actor", "day", "date", "mean", "lo", "hi"}
)

// Tables are a run's results as rows.
type Tables struct {
	Outcomes    []OutcomeRow
	Differences []DifferenceRow
	Timeseries  []TimeseriesRow
	Metrics     []MetricRow
}

// BuildTables turns s into tables. Rows follow the order of the Summary: variants
// as run, outcomes as the scenario names them, days ascending, rungs from
// most cooperative; per-actor metrics follow the manifest's actor order.
func BuildTables(s *results.Summary) (*Tables, error) {
	start, err := time.Parse(time.DateOnly, s.Manifest.Start)
	if err != nil {
		return nil, fmt.Errorf("export: manifest start %q is not a YYYY-MM-DD date", s.Manifest.Start)
	}
	epochDay := int32(start.Unix() / 86400)
	rungs := s.Manifest.Rungs
	t := &Tables{}
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			row := OutcomeRow{Variant: v.Name, Outcome: o.Name, Kind: o.Kind, P: o.P, Lo: o.Lo, Hi: o.Hi, Count: o.Count}
			if d, ok := difference(v, o.Name); ok {
				row.Baseline, row.Diff, row.DiffLo, row.DiffHi = &d.Baseline, &d.Diff, &d.Lo, &d.Hi
			}
			t.Outcomes = append(t.Outcomes, row)
		}
		for _, d := range v.Differences {
			t.Differences = append(t.Differences, DifferenceRow{Variant: v.Name, Outcome: d.Outcome,
				Baseline: d.Baseline, Diff: d.Diff, Lo: d.Lo, Hi: d.Hi})
		}
		for _, ps := range v.Series {
			for day, counts := range ps.Daily {
				if len(counts) != len(rungs) {
					return nil, fmt.Errorf("export: variant %s pair %s-%s day %d has %d rung counts for a ladder of %d rungs",
						v.Name, ps.Pair[0], ps.Pair[1], day, len(counts), len(rungs))
				}
				for r, n := range counts {
					t.Timeseries = append(t.Timeseries, TimeseriesRow{Variant: v.Name, PairA: ps.Pair[0], PairB: ps.Pair[1],
						Day: int32(day), Date: epochDay + int32(day), Rung: rungs[r],
						Level: int32(r - s.Manifest.StatusQuo), Runs: n})
				}
			}
		}
		m := v.Metrics
		t.Metrics = append(t.Metrics, MetricRow{Variant: v.Name, Metric: "rivera", Mean: m.Rivera.Mean, Lo: m.Rivera.Lo, Hi: m.Rivera.Hi})
		for day, x := range m.RiveraByDay {
			d, date := int32(day), epochDay+int32(day)
			t.Metrics = append(t.Metrics, MetricRow{Variant: v.Name, Metric: "rivera_daily", Day: &d, Date: &date,
				Mean: x.Mean, Lo: x.Lo, Hi: x.Hi})
		}
		for _, group := range results.ActorMetrics() {
			byActor := group.Of(m)
			for _, a := range actorOrder(s.Manifest.Actors, byActor) {
				x := byActor[a]
				t.Metrics = append(t.Metrics, MetricRow{Variant: v.Name, Metric: group.Name, Actor: &a,
					Mean: x.Mean, Lo: x.Lo, Hi: x.Hi})
			}
		}
	}
	return t, nil
}

func difference(v results.VariantSummary, outcome string) (results.Difference, bool) {
	for _, d := range v.Differences {
		if d.Outcome == outcome {
			return d, true
		}
	}
	return results.Difference{}, false
}

// actorOrder lists the actors of m in manifest order, then any the manifest
// does not name in sorted order, so no value is dropped and the order never
// depends on map iteration.
func actorOrder(actors []string, m map[string]results.MeanStat) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range actors {
		if _, ok := m[a]; ok && !seen[a] {
			out = append(out, a)
			seen[a] = true
		}
	}
	var rest []string
	for a := range m {
		if !seen[a] {
			rest = append(rest, a)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
