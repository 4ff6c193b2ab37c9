// Package results holds what a Monte Carlo experiment produces: the Summary of
// every variant and the Manifest that says how to reproduce it. montecarlo
// fills these types in; the writers (output, chart, report, store) and the
// cli read them. The package sits at the bottom of brink: it imports nothing
// but the standard library, so a writer does not depend on the kernel, the
// YAML parser or the expression library (TestLeaf keeps it so).
package results

// Summary is the result of `brink run`: what the table, JSON, CSV, charts, the
// store and the report are made from. It holds no wall-clock data, so two runs
// of the same (scenario, seed, runs, variants) are byte-identical as JSON.
type Summary struct {
	Manifest Manifest         `json:"manifest"`
	Partial  bool             `json:"partial,omitempty"` // stopped early (Ctrl-C): fewer runs than asked
	Variants []VariantSummary `json:"variants"`
}

// Manifest says exactly how to reproduce a Summary.
type Manifest struct {
	BrinkVersion   string `json:"brink_version"`
	Scenario       string `json:"scenario"`
	ScenarioSHA256 string `json:"scenario_sha256"`
	// Settings are the --set assignments (PATH=VALUE) applied to the
	// scenario file before it was run, in order; the hash is the file's.
	Settings  []string `json:"settings,omitempty"`
	Seed      uint64   `json:"seed"`
	Runs      int      `json:"runs"` // runs per variant actually done
	Variants  []string `json:"variants"`
	Start     string   `json:"start"` // scenario start date, YYYY-MM-DD
	Days      int      `json:"days"`
	Actors    []string `json:"actors"`
	Rungs     []string `json:"rungs"`      // ladder rung ids, most cooperative first
	StatusQuo int      `json:"status_quo"` // index in Rungs
}

// VariantSummary is one policy option's results.
type VariantSummary struct {
	Name string `json:"name"`
	// Label and Description are the scenario's words for the option, when
	// it gives them (label: a short name for tables and charts).
	Label       string        `json:"label,omitempty"`
	Description string        `json:"description,omitempty"`
	Outcomes    []OutcomeStat `json:"outcomes"`
	Differences []Difference  `json:"differences"` // against the baseline (first variant); empty for it
	Metrics     Metrics       `json:"metrics"`
	Series      []PairSeries  `json:"series,omitempty"` // tracked pairs, exact counts
}

// OutcomeStat is a named outcome: a proportion with its Wilson 95% interval
// (Kind "probability"), or a mean with its 95% interval (Kind "mean").
//
// A mean outcome also has its quantiles (median, 10th and 90th
// percentiles) with distribution-free intervals, and a time-to-event
// outcome (first_day and the like: the horizon when the event never
// happens) its Kaplan–Meier summary.
type OutcomeStat struct {
	Name  string  `json:"name"`
	Kind  string  `json:"kind"`
	P     float64 `json:"p"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
	Count int64   `json:"count"` // runs where it held (probability) or runs (mean)
	// Label and Description are the scenario's words for the outcome.
	Label       string `json:"label,omitempty"`
	Description string `json:"description,omitempty"`
	// Quantiles of a mean outcome: the 10th, 50th and 90th percentiles.
	Quantiles []QuantileStat `json:"quantiles,omitempty"`
	// QuantileError is 0 when the quantiles are exact (every value a
	// whole number from 0 to the horizon in days), else the relative error
	// bound of the values read from the sketch (docs/output.md).
	QuantileError float64 `json:"quantile_error,omitempty"`
	// Event is the Kaplan–Meier summary of a time-to-event outcome.
	Event *EventStat `json:"event,omitempty"`
}

// LabelOr returns the label, or the name when there is none.
func (o OutcomeStat) LabelOr() string {
	if o.Label != "" {
		return o.Label
	}
	return o.Name
}

// LabelOr returns the label, or the name when there is none.
func (v VariantSummary) LabelOr() string {
	if v.Label != "" {
		return v.Label
	}
	return v.Name
}

// QuantileStat is the Q-quantile of a mean outcome's values over runs,
// with a distribution-free 95% interval from order statistics.
type QuantileStat struct {
	Q     float64 `json:"q"`
	Value float64 `json:"value"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
}

// EventStat summarises a time-to-event outcome by Kaplan–Meier: runs in
// which the event never happened are censored at the horizon rather than
// counted as happening on its last day.
type EventStat struct {
	Horizon int   `json:"horizon"` // days
	Events  int64 `json:"events"`  // runs in which the event happened
	// Median day with its 95% interval (Brookmeyer–Crowley, from the
	// curve's log(−log) pointwise interval); −1: not reached within the
	// horizon (fewer than half the runs had the event, or for Hi, the
	// interval's upper end lies beyond the horizon).
	Median   int `json:"median"`
	MedianLo int `json:"median_lo"`
	MedianHi int `json:"median_hi"`
	// RestrictedMean is the mean day of the event restricted to the
	// horizon, Σ S(d) over the days (a run without the event counts as
	// the horizon), with its 95% interval.
	RestrictedMean   float64 `json:"restricted_mean"`
	RestrictedMeanLo float64 `json:"restricted_mean_lo"`
	RestrictedMeanHi float64 `json:"restricted_mean_hi"`
}

// Difference is variant minus baseline on common random numbers, with a 95%
// interval for paired data (method named in docs/output.md).
type Difference struct {
	Outcome  string  `json:"outcome"`
	Baseline string  `json:"baseline"`
	Diff     float64 `json:"diff"`
	Lo       float64 `json:"lo"`
	Hi       float64 `json:"hi"`
}

// The values of OutcomeStat.Kind.
const (
	KindProbability = "probability"
	KindMean        = "mean"
)

// MeanStat is a mean with its 95% interval.
type MeanStat struct {
	Mean float64 `json:"mean"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
}

// Metrics are the continuous results of a variant.
type Metrics struct {
	Rivera      MeanStat            `json:"rivera"`        // run mean of the daily Rivera score
	RiveraByDay []MeanStat          `json:"rivera_by_day"` // per day
	Damage      map[string]MeanStat `json:"damage"`        // per actor
	Strain      map[string]MeanStat `json:"strain"`
	Support     map[string]MeanStat `json:"support"`
}

// ActorMetric is one of the per-actor metrics of a variant: the name every
// output gives it, and where a variant's Metrics keep it.
type ActorMetric struct {
	Name string
	Of   func(Metrics) map[string]MeanStat
}

// ActorMetrics lists the per-actor metrics in the order every output shows
// them: damage, strain, support.
func ActorMetrics() []ActorMetric {
	return []ActorMetric{
		{"damage", func(m Metrics) map[string]MeanStat { return m.Damage }},
		{"strain", func(m Metrics) map[string]MeanStat { return m.Strain }},
		{"support", func(m Metrics) map[string]MeanStat { return m.Support }},
	}
}

// PairSeries holds exact counts over runs for one tracked (undirected) pair.
type PairSeries struct {
	Pair [2]string `json:"pair"`
	// MaxRung[r]: runs whose highest rung between the two (either direction) is r.
	MaxRung []int64 `json:"max_rung"`
	// FirstDay[r][d]: runs that first reached a rung >= r on day d (either direction);
	// runs that never did are Runs - sum(FirstDay[r]) (censored at the horizon).
	FirstDay [][]int64 `json:"first_day"`
	// Daily[d][r]: runs whose pair rung on day d is r.
	Daily [][]int64 `json:"daily"`
}
