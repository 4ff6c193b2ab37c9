// Package report writes a run as one self-contained HTML page: the manifest,
// the scenario as it was run, the outcome, difference and metric tables, and
// every chart inline as SVG. The page loads nothing from anywhere (its
// Content-Security-Policy forbids it), reads on a phone, and prints cleanly.
package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"brink/chart"
	"brink/output"
	"brink/results"
)

// Input is what a report shows.
type Input struct {
	Summary      *results.Summary
	ScenarioText []byte
	// From the run store, when the run came from there: its id (0 if not
	// stored), when it began, and its status. They are printed as given;
	// the report itself never reads the clock.
	RunID  int64
	Time   time.Time
	Status string
	// The scenario's title and description, for the head of the page; empty
	// ones are left out.
	ScenarioTitle, Description string
	// VariantDescriptions says what each option is, by variant name, for
	// page one; variants without one are named alone.
	VariantDescriptions map[string]string
	// Backtest is the score of the scenario against the public record of
	// its episode, where the backtest library has one (nil: none).
	Backtest *Backtest
}

// Backtest is how well the scenario's baseline forecast what happened in
// its episode of the backtest library (docs/backtest.md), for page one.
type Backtest struct {
	Episode string
	Half    string // "fit" (the scenario was written with the record in view) or "check"
	Classes int    // events of the record scored
	Runs    int
	Seed    uint64
	// Brier is the mean Brier score over the classes, with a 95%
	// bootstrap interval over them; SkillBase is 1 − Brier/0.25 (above 0
	// beats saying 50% for everything).
	Brier, Lo, Hi float64
	SkillBase     float64
	Surprises     int // classes forecast below 10% that happened, or above 90% that did not
}

//go:embed report.html.tmpl
var pageTemplate string

var page = template.Must(template.New("report").Funcs(template.FuncMap{
	"interval": interval,
	"dist":     func(o *results.OutcomeStat) string { return output.DistributionText(*o) },
	"signed":   signed,
	"num":      num,
}).Parse(pageTemplate))

// Write writes the report of in to w.
func Write(w io.Writer, in Input) error {
	s := in.Summary
	if s == nil || len(s.Variants) == 0 {
		return fmt.Errorf("report: the run has no results")
	}
	charts, err := chart.All(s)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	var figures []figure
	var forest *figure
	for _, c := range charts {
		svg, err := c.SVG()
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		f := figure{Caption: c.Title, SVG: template.HTML(inlineSVG(svg, c.Title))}
		if c.Name == chart.Differences {
			forest = &f // on page one, with the answer
			continue
		}
		figures = append(figures, f)
	}
	d := data{
		Title:         s.Manifest.Scenario,
		ScenarioTitle: in.ScenarioTitle,
		Description:   in.Description,
		M:             s.Manifest,
		Partial:       s.Partial,
		RunID:         in.RunID,
		Status:        in.Status,
		Scenario:      string(in.ScenarioText),
		Variants:      s.Variants,
		Outcomes:      outcomeRows(s),
		Metrics:       metricRows(s),
		Figures:       figures,
		Baseline:      s.Variants[0].Name,
		HasDiffs:      hasDifferences(s),
		ShortHash:     shortHash(s.Manifest.ScenarioSHA256),
		Answer:        output.BuildAnswer(s),
		Options:       options(s, in.VariantDescriptions),
		Forest:        forest,
		Backtest:      in.Backtest,
	}
	if !in.Time.IsZero() {
		d.Time = in.Time.UTC().Format("2006-01-02 15:04 UTC")
	}
	var b bytes.Buffer
	if err := page.Execute(&b, d); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(b.Bytes())
	return err
}

type data struct {
	Title                      string
	ScenarioTitle, Description string
	M                          results.Manifest
	Partial                    bool
	RunID                      int64
	Time                       string
	Status                     string
	Scenario                   string
	Variants                   []results.VariantSummary
	Outcomes                   []outcomeRow
	Metrics                    []metricRow
	Figures                    []figure
	Baseline                   string
	HasDiffs                   bool
	ShortHash                  string
	// Answer is page one: per outcome, the baseline and the variants that
	// change it, in words, as `brink run` prints it (output.BuildAnswer).
	Answer   output.Answer
	Forest   *figure // the paired differences; nil with one variant
	Options  []option
	Backtest *Backtest
}

// option is a variant as page one lists it: its label (its name when it
// has none), its name, and what it is.
type option struct {
	Label, Name, Description string
	Baseline                 bool
}

// options lists the variants; a description the Summary carries (from the
// scenario's variants) is preferred to one the caller passes.
func options(s *results.Summary, desc map[string]string) []option {
	var out []option
	for i, v := range s.Variants {
		d := v.Description
		if d == "" {
			d = desc[v.Name]
		}
		out = append(out, option{Label: v.LabelOr(), Name: v.Name, Description: d, Baseline: i == 0})
	}
	return out
}

type figure struct {
	Caption string
	SVG     template.HTML
}

// outcomeRow is an outcome across variants: the estimate and, for all but
// the baseline, the paired difference.
type outcomeRow struct {
	Name  string
	Label string // the label, or the name
	Kind  string
	Cells []outcomeCell // one per variant
}

type outcomeCell struct {
	Stat    *results.OutcomeStat
	Diff    *results.Difference
	IsProbs bool
}

func outcomeRows(s *results.Summary) []outcomeRow {
	var rows []outcomeRow
	seen := map[string]bool{}
	for _, v := range s.Variants {
		for _, o := range v.Outcomes {
			if seen[o.Name] {
				continue
			}
			seen[o.Name] = true
			row := outcomeRow{Name: o.Name, Label: o.LabelOr(), Kind: o.Kind}
			for _, w := range s.Variants {
				var c outcomeCell
				for i := range w.Outcomes {
					if w.Outcomes[i].Name == o.Name {
						c.Stat = &w.Outcomes[i]
					}
				}
				for i := range w.Differences {
					if w.Differences[i].Outcome == o.Name {
						c.Diff = &w.Differences[i]
					}
				}
				row.Cells = append(row.Cells, c)
			}
			rows = append(rows, row)
		}
	}
	return rows
}

func hasDifferences(s *results.Summary) bool {
	for _, v := range s.Variants {
		if len(v.Differences) > 0 {
			return true
		}
	}
	return false
}

// metricRow is a metric across variants.
type metricRow struct {
	Name  string
	Cells []*results.MeanStat
}

func metricRows(s *results.Summary) []metricRow {
	rows := []metricRow{{Name: "Rivera score (run mean)"}}
	for i := range s.Variants {
		rows[0].Cells = append(rows[0].Cells, &s.Variants[i].Metrics.Rivera)
	}
	for _, g := range results.ActorMetrics() {
		for _, a := range s.Manifest.Actors {
			row := metricRow{Name: g.Name + " " + a}
			any := false
			for _, v := range s.Variants {
				if x, ok := g.Of(v.Metrics)[a]; ok {
					row.Cells = append(row.Cells, &x)
					any = true
				} else {
					row.Cells = append(row.Cells, nil)
				}
			}
			if any {
				rows = append(rows, row)
			}
		}
	}
	return rows
}

// xmlProlog matches what precedes the <svg> element of a standalone SVG
// file; HTML wants the element alone.
var xmlProlog = regexp.MustCompile(`(?s)\A.*?(<svg\b)`)

// inlineSVG makes a chart's SVG file an element of the page, named for
// screen readers by its caption.
func inlineSVG(svg []byte, caption string) string {
	s := xmlProlog.ReplaceAllString(string(svg), "$1")
	return strings.Replace(s, "<svg", `<svg role="img" aria-label="`+template.HTMLEscapeString(caption)+`"`, 1)
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// num prints a number for a reader, not a program: four significant digits
// (three decimals below 1), trailing zeros kept so columns line up, and no
// exponent for everyday magnitudes.
func num(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'g', -1, 64)
	case x == 0:
		// As many decimals as its neighbours in a column of probabilities
		// (0.035, 0.000, 0.150), and as the terminal table prints it.
		return "0.000"
	case math.Abs(x) >= 1e6 || math.Abs(x) < 1e-4:
		return strconv.FormatFloat(x, 'g', 4, 64)
	case math.Abs(x) < 1:
		return strconv.FormatFloat(x, 'f', 3, 64)
	}
	return strconv.FormatFloat(x, 'f', max(0, 3-int(math.Floor(math.Log10(math.Abs(x))))), 64)
}

func interval(lo, hi float64) string { return "[" + num(lo) + ", " + num(hi) + "]" }

func signed(x float64) string {
	if x > 0 {
		return "+" + num(x)
	}
	if x < 0 {
		// The ASCII minus, as in the intervals beside it and in the
		// terminal table: a pasted number stays a number.
		return "-" + num(-x)
	}
	return num(0)
}

// Num, Interval and Signed format numbers as the report prints them, for
// other pages that show the same figures (brink serve).
func Num(x float64) string { return num(x) }

// Interval formats a 95% interval as the report prints it: [lo, hi].
func Interval(lo, hi float64) string { return interval(lo, hi) }

// Signed formats a difference as the report prints it, with its sign.
func Signed(x float64) string { return signed(x) }
