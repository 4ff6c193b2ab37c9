package output

// The answer-first view: what `brink run` prints by default, and what a web
// page (brink serve) can render from the same values. For each outcome the
// baseline's value, then each other variant's value and its paired
// difference from the baseline said in words: "lowers it by 1.2 points
// [0.8, 1.6]", or "no effect detected" when the paired 95% interval holds
// 0. The layout is documented in docs/output.md.

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"brink/results"
	"brink/stats"
)

// Effect is the direction of a paired difference the runs resolve.
type Effect int

// The values of Effect.
const (
	NoEffect Effect = 0  // the paired 95% interval holds 0
	Lowers   Effect = -1 // the whole interval is below 0
	Raises   Effect = 1  // the whole interval is above 0
)

// Answer is a Summary reduced to the answer a reader wants first.
type Answer struct {
	Scenario string
	Baseline string // the first variant's name
	// BaselineLabel is its label, or its name.
	BaselineLabel string
	Runs          int // runs per variant
	Partial       bool
	Outcomes      []AnswerOutcome
}

// AnswerOutcome is one outcome: its value under the baseline and under
// each other variant.
type AnswerOutcome struct {
	Name        string
	Label       string // the scenario's label, or the name
	Description string
	Kind        string // results.KindProbability or results.KindMean
	// Detail is a mean outcome's distribution under the baseline, in
	// words: its quantiles, or for a time to an event its Kaplan–Meier
	// median and how often it happens ("" for a probability).
	Detail string
	// Event marks a time to an event: its value is the mean day
	// restricted to the horizon.
	Event    bool
	Baseline AnswerValue
	Options  []AnswerOption // the other variants, in variant order
}

// AnswerValue is a variant's value of an outcome or metric: the number with
// its 95% interval, and that as text ("3.6% [2.9, 4.5]", "4.03 [3.91, 4.16]").
type AnswerValue struct {
	Variant       string
	Label         string // the variant's label, or its name
	Value, Lo, Hi float64
	Text          string
}

// AnswerOption is a non-baseline variant's value of an outcome and its
// paired difference from the baseline, with the verdict in words.
type AnswerOption struct {
	AnswerValue
	Diff, DiffLo, DiffHi float64
	Effect               Effect
	Verdict              string // "lowers it by 1.2 points [0.8, 1.6]", "no effect detected"
}

// BuildAnswer reduces s to its answer. A variant that lacks an outcome (it
// cannot happen for a Summary montecarlo made) is left out of that
// outcome's options.
func BuildAnswer(s *results.Summary) Answer {
	a := Answer{Scenario: s.Manifest.Scenario, Runs: s.Manifest.Runs, Partial: s.Partial}
	if len(s.Variants) == 0 {
		return a
	}
	base := s.Variants[0]
	a.Baseline = base.Name
	a.BaselineLabel = base.LabelOr()
	for oi, o := range base.Outcomes {
		ao := AnswerOutcome{Name: o.Name, Label: o.LabelOr(), Description: o.Description, Kind: o.Kind,
			Detail: DistributionText(o), Event: o.Event != nil, Baseline: answerValue(base, o)}
		for _, v := range s.Variants[1:] {
			st, ok := findOutcome(v, o.Name, oi)
			d, okd := findDifference(v, o.Name)
			if !ok || !okd {
				continue
			}
			opt := AnswerOption{AnswerValue: answerValue(v, st), Diff: d.Diff, DiffLo: d.Lo, DiffHi: d.Hi}
			opt.Effect, opt.Verdict = Verdict(o.Kind, d.Diff, d.Lo, d.Hi)
			ao.Options = append(ao.Options, opt)
		}
		a.Outcomes = append(a.Outcomes, ao)
	}
	return a
}

func answerValue(v results.VariantSummary, o results.OutcomeStat) AnswerValue {
	return AnswerValue{Variant: v.Name, Label: v.LabelOr(), Value: o.P, Lo: o.Lo, Hi: o.Hi, Text: ValueText(o.Kind, o.P, o.Lo, o.Hi)}
}

// DistributionText says in words how a mean outcome's values spread over
// the runs: for a time to an event, its Kaplan–Meier median day with its
// interval (or "not reached") and the share of runs in which it happens;
// otherwise its median, 10th and 90th percentiles with their intervals,
// "≈" marking values read from the sketch (docs/output.md). It is "" for a
// probability or a Summary without quantiles.
func DistributionText(o results.OutcomeStat) string {
	if e := o.Event; e != nil {
		n := o.Count
		lo, hi := stats.Wilson(e.Events, n)
		happens := fmt.Sprintf("happens by day %d in %s of runs", e.Horizon, ValueText(results.KindProbability, ratio(e.Events, n), lo, hi))
		if e.Median < 0 {
			return "median not reached; " + happens
		}
		return fmt.Sprintf("median day %d [%s, %s]; %s", e.Median, dayText(e.MedianLo), dayText(e.MedianHi), happens)
	}
	if len(o.Quantiles) == 0 {
		return ""
	}
	approx := ""
	if o.QuantileError > 0 {
		approx = "≈"
	}
	names := map[float64]string{0.1: "10th", 0.5: "median", 0.9: "90th"}
	var parts []string
	for _, i := range []int{1, 0, 2} { // the median first
		if i >= len(o.Quantiles) {
			continue
		}
		q := o.Quantiles[i]
		name, ok := names[q.Q]
		if !ok {
			name = fmt.Sprintf("q%g", q.Q)
		}
		d := 0 // whole numbers (all of them, when the quantiles are exact)
		if q.Value != math.Trunc(q.Value) || q.Lo != math.Trunc(q.Lo) || q.Hi != math.Trunc(q.Hi) {
			d = decimals(results.KindMean, q.Value, q.Lo, q.Hi)
		}
		mark := func(x float64) string { // "≈" on a value read from the sketch
			if x != math.Trunc(x) {
				return approx
			}
			return ""
		}
		parts = append(parts, fmt.Sprintf("%s %s%s [%s, %s]", name, mark(q.Value), num(q.Value, d, false), num(q.Lo, d, false), num(q.Hi, d, false)))
	}
	return strings.Join(parts, ", ")
}

// dayText is a day, or "not reached" (−1).
func dayText(d int) string {
	if d < 0 {
		return "not reached"
	}
	return strconv.Itoa(d)
}

func ratio(k, n int64) float64 {
	if n <= 0 {
		return 0
	}
	return float64(k) / float64(n)
}

// ValueText formats an outcome's value with its interval: a probability as
// a percentage, "3.6% [2.9, 4.5]" (two decimals below 1%, so that rare
// outcomes keep their digits), a mean as the table does, "4.034 [3.908, 4.160]".
func ValueText(kind string, x, lo, hi float64) string {
	if kind != results.KindProbability {
		return interval(kind, x, lo, hi)
	}
	d := 1
	if hi < 0.01 {
		d = 2
	}
	return num(100*x, d, false) + "% [" + num(100*lo, d, false) + ", " + num(100*hi, d, false) + "]"
}

// Verdict says in words what a paired difference d [lo, hi] (variant minus
// baseline) means: "raises it by 1.0 points [0.5, 1.6]" or "lowers it by
// ..." when the 95% interval excludes 0, else "no effect detected". A
// probability's difference is in percentage points; the interval is that of
// the size of the change, so it reads as positive numbers.
func Verdict(kind string, d, lo, hi float64) (Effect, string) {
	var e Effect
	var size, slo, shi float64
	switch {
	case lo > 0:
		e, size, slo, shi = Raises, d, lo, hi
	case hi < 0:
		e, size, slo, shi = Lowers, -d, -hi, -lo
	default:
		return NoEffect, "no effect detected"
	}
	verb := "raises"
	if e == Lowers {
		verb = "lowers"
	}
	unit := ""
	var digits int
	if kind == results.KindProbability {
		size, slo, shi = 100*size, 100*slo, 100*shi
		unit = " points"
		// As many decimals as it takes for the near end of the interval
		// not to read as 0 (up to three).
		digits = 1
		for digits < 3 && strconv.FormatFloat(slo, 'f', digits, 64) == num(0, digits, false) {
			digits++
		}
	} else {
		digits = decimals(kind, size, slo, shi)
	}
	return e, fmt.Sprintf("%s it by %s%s [%s, %s]", verb, num(size, digits, false), unit,
		num(slo, digits, false), num(shi, digits, false))
}

// answerWidth is the width the answer is laid out for when no width is
// given: a standard terminal.
const answerWidth = 80

// WriteAnswer writes s answer first, for a screen of width columns (80
// when width ≤ 0): a line that says how to reproduce it; then, a line
// each, every outcome with its value under the baseline, and under it a
// line for each other variant whose difference from the baseline the runs
// resolve: its value and the verdict in words; last, the caveat. Variants
// not listed under an outcome have no effect detected on it. A line that
// would be wider than width puts the verdict under the value. The
// escalation score and the per-actor metrics are WriteMetrics'.
func WriteAnswer(w io.Writer, s *results.Summary, width int) error {
	if width <= 0 {
		width = answerWidth
	}
	var b strings.Builder
	a := BuildAnswer(s)
	m := s.Manifest
	b.WriteString(wrap(fmt.Sprintf("%s (sha256 %s), seed %d, %d runs per variant, brink %s",
		m.Scenario, shortHash(m.ScenarioSHA256), m.Seed, m.Runs, m.BrinkVersion), width))
	for _, st := range m.Settings {
		b.WriteString(wrap("--set "+st, width))
	}
	if s.Partial {
		b.WriteString(wrap(fmt.Sprintf("PARTIAL: stopped early; these are the first %d runs of each variant", m.Runs), width))
	}
	switch {
	case len(s.Variants) == 0:
		b.WriteString("no variants\n")
	case len(a.Outcomes) == 0:
		b.WriteString("\nOutcomes: none (the scenario defines no outcomes)\n")
	default:
		b.WriteString("\n")
		base := a.BaselineLabel + " (the baseline)"
		if a.BaselineLabel == "baseline" {
			base = "the baseline"
		}
		intro := fmt.Sprintf("Each outcome under %s [95%% interval]; under it, each option that "+
			"changes it, and by how much on the same runs [paired 95%% interval]; "+
			"a probability changes by percentage points. Options not listed: no effect detected.", base)
		if len(s.Variants) == 1 {
			intro = "Each outcome's probability [95% interval]."
		}
		b.WriteString(wrap(intro, width))
		b.WriteString("\n")
		writeAnswerOutcomes(&b, a, width)
	}
	b.WriteString("\n" + wrap("A model's estimate, not a prediction (docs/model.md). Metrics: --metrics.", width))
	_, err := io.WriteString(w, b.String())
	return err
}

func writeAnswerOutcomes(b *strings.Builder, a Answer, width int) {
	nameW, valW := 0, 0
	for _, o := range a.Outcomes {
		for _, opt := range o.Options {
			if opt.Effect != NoEffect {
				nameW = max(nameW, utf8.RuneCountInString(opt.Label))
				valW = max(valW, utf8.RuneCountInString(opt.Text))
			}
		}
	}
	for _, o := range a.Outcomes {
		head := o.Label
		if o.Kind == results.KindMean {
			head += " (mean)"
			if o.Event {
				head = o.Label + " (mean day, to the horizon)"
			}
		}
		head += ": " + o.Baseline.Text
		changed := false
		for _, opt := range o.Options {
			changed = changed || opt.Effect != NoEffect
		}
		if len(o.Options) > 0 && !changed {
			if tail := "; no effect detected"; utf8.RuneCountInString(head+tail) <= width {
				head += tail
			} else {
				head += "\n  no effect detected"
			}
		}
		b.WriteString(head + "\n")
		if o.Detail != "" {
			b.WriteString(wrapIndent(o.Detail, width, "  ", "    "))
		}
		for _, opt := range o.Options {
			if opt.Effect == NoEffect {
				continue
			}
			line := "  " + pad(opt.Label, nameW) + "  " + pad(opt.Text, valW) + "  " + opt.Verdict
			if utf8.RuneCountInString(line) > width {
				line = "  " + opt.Label + "  " + opt.Text + "\n    " + opt.Verdict
			}
			b.WriteString(line + "\n")
		}
	}
}

// wrap breaks text into lines of at most width columns at spaces.
func wrap(text string, width int) string {
	return wrapIndent(text, width, "", "")
}

// wrapIndent is wrap with first and rest prefixed to the first and the
// other lines.
func wrapIndent(text string, width int, first, rest string) string {
	var b strings.Builder
	line := first
	empty := true
	for _, word := range strings.Fields(text) {
		if !empty && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width {
			b.WriteString(line + "\n")
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += word
		empty = false
	}
	b.WriteString(line + "\n")
	return b.String()
}

// WriteMetrics writes the metrics section of the table (the Rivera score,
// then damage, strain and support per actor, means with 95% intervals), a
// column per variant, in groups of variants that fit in width (≤ 0: one
// group).
func WriteMetrics(w io.Writer, s *results.Summary, width int) error {
	var b strings.Builder
	b.WriteString("\nMetrics: mean per run [95% interval]\n")
	rows := metricRows(s)
	groups := [][]int{}
	if width > 0 {
		groups = variantGroups(s, rows, width)
	} else {
		all := make([]int, len(s.Variants))
		for i := range all {
			all[i] = i
		}
		groups = append(groups, all)
	}
	for i, g := range groups {
		if i > 0 {
			b.WriteString("\n")
		}
		if err := writeMetrics(&b, s, rows, g); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
