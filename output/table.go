package output

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"brink/montecarlo"
)

// WriteTable writes s as the table people read on a terminal: a header that
// says how to reproduce it, outcomes as rows and variants as columns, each
// cell `p [lo, hi]`, and under every non-baseline cell the paired difference
// against the first variant, `Δ +d [lo, hi]`; then the metrics (means with
// intervals). The layout is documented in docs/output.md.
func WriteTable(w io.Writer, s *montecarlo.Summary) error {
	m := s.Manifest
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %s  sha256 %s  seed %d  runs %d per variant  brink %s\n",
		m.Scenario, shortHash(m.ScenarioSHA256), m.Seed, m.Runs, m.BrinkVersion)
	if s.Partial {
		fmt.Fprintf(&b, "PARTIAL: stopped early; these are the first %d runs of each variant\n", m.Runs)
	}
	if len(s.Variants) == 0 {
		b.WriteString("no variants\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	if len(s.Variants[0].Outcomes) == 0 {
		b.WriteString("\nOutcomes: none (the scenario defines no outcomes)\n")
	} else if err := writeOutcomes(&b, s); err != nil {
		return err
	}

	b.WriteString("\nMetrics: mean per run [95% interval]\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	row := []string{"metric"}
	for _, v := range s.Variants {
		row = append(row, v.Name)
	}
	writeRow(tw, row)
	row = []string{"rivera score per day"}
	for _, v := range s.Variants {
		r := v.Metrics.Rivera
		row = append(row, interval(montecarlo.KindMean, r.Mean, r.Lo, r.Hi))
	}
	writeRow(tw, row)
	for _, group := range []struct {
		name string
		get  func(montecarlo.Metrics) map[string]montecarlo.MeanStat
	}{
		{"damage", func(m montecarlo.Metrics) map[string]montecarlo.MeanStat { return m.Damage }},
		{"strain", func(m montecarlo.Metrics) map[string]montecarlo.MeanStat { return m.Strain }},
		{"support", func(m montecarlo.Metrics) map[string]montecarlo.MeanStat { return m.Support }},
	} {
		for _, actor := range metricActors(s) {
			row := []string{group.name + " " + actor}
			for _, v := range s.Variants {
				x, ok := group.get(v.Metrics)[actor]
				if !ok {
					row = append(row, "-")
					continue
				}
				row = append(row, interval(montecarlo.KindMean, x.Mean, x.Lo, x.Hi))
			}
			writeRow(tw, row)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeOutcomes writes the outcomes section: a row per outcome, a column per
// variant, and under the other variants' cells their difference from the first.
func writeOutcomes(b *strings.Builder, s *montecarlo.Summary) error {
	base := s.Variants[0].Name
	b.WriteString("\nOutcomes: probability [95% interval]")
	if len(s.Variants) > 1 {
		fmt.Fprintf(b, "; Δ = variant minus %s on the same runs [paired 95%% interval]", base)
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	row := []string{"outcome"}
	for _, v := range s.Variants {
		row = append(row, v.Name)
	}
	writeRow(tw, row)
	for oi, o := range s.Variants[0].Outcomes {
		label := o.Name
		if o.Kind == montecarlo.KindMean {
			label += " (mean)"
		}
		row := []string{label}
		diffs := []string{""}
		anyDiff := false
		for _, v := range s.Variants {
			st, ok := findOutcome(v, o.Name, oi)
			if !ok {
				row = append(row, "-")
				diffs = append(diffs, "")
				continue
			}
			row = append(row, interval(st.Kind, st.P, st.Lo, st.Hi))
			d, ok := findDifference(v, o.Name)
			if !ok {
				diffs = append(diffs, "")
				continue
			}
			anyDiff = true
			diffs = append(diffs, "Δ "+signedInterval(st.Kind, d.Diff, d.Lo, d.Hi))
		}
		writeRow(tw, row)
		if anyDiff {
			writeRow(tw, diffs)
		}
	}
	return tw.Flush()
}

func writeRow(tw io.Writer, cells []string) {
	// Trailing empty cells would leave trailing blanks; drop them.
	for len(cells) > 1 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	io.WriteString(tw, strings.Join(cells, "\t")+"\n")
}

// metricActors lists the actors the metrics rows cover: the manifest's order,
// then any actor only a variant has (a variant may add one).
func metricActors(s *montecarlo.Summary) []string {
	seen := map[string]bool{}
	var out []string
	add := func(a string) {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	for _, a := range s.Manifest.Actors {
		add(a)
	}
	for _, v := range s.Variants {
		var extra []string
		for a := range v.Metrics.Damage {
			if !seen[a] {
				extra = append(extra, a)
			}
		}
		sort.Strings(extra)
		for _, a := range extra {
			add(a)
		}
	}
	return out
}

// findOutcome returns v's statistic for the named outcome; variants list the
// same outcomes in the same order, so the index is tried first.
func findOutcome(v montecarlo.VariantSummary, name string, i int) (montecarlo.OutcomeStat, bool) {
	if i < len(v.Outcomes) && v.Outcomes[i].Name == name {
		return v.Outcomes[i], true
	}
	for _, o := range v.Outcomes {
		if o.Name == name {
			return o, true
		}
	}
	return montecarlo.OutcomeStat{}, false
}

func findDifference(v montecarlo.VariantSummary, name string) (montecarlo.Difference, bool) {
	for _, d := range v.Differences {
		if d.Outcome == name {
			return d, true
		}
	}
	return montecarlo.Difference{}, false
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// interval formats `x [lo, hi]`. Probabilities get three decimals; means get
// as many decimals as their magnitude calls for (docs/output.md).
func interval(kind string, x, lo, hi float64) string {
	d := decimals(kind, x, lo, hi)
	return num(x, d, false) + " [" + num(lo, d, false) + ", " + num(hi, d, false) + "]"
}

// signedInterval is interval with an explicit sign on the central value.
func signedInterval(kind string, x, lo, hi float64) string {
	d := decimals(kind, x, lo, hi)
	return num(x, d, true) + " [" + num(lo, d, false) + ", " + num(hi, d, false) + "]"
}

func decimals(kind string, xs ...float64) int {
	if kind == montecarlo.KindProbability {
		return 3
	}
	big := 0.0
	for _, x := range xs {
		big = math.Max(big, math.Abs(x))
	}
	switch {
	case big >= 1000:
		return 0
	case big >= 100:
		return 1
	case big >= 10:
		return 2
	default:
		return 3
	}
}

func num(x float64, decimals int, sign bool) string {
	s := strconv.FormatFloat(x, 'f', decimals, 64)
	if s[0] == '-' && strings.Trim(s, "-0.") == "" {
		s = s[1:] // no "-0.000"
	}
	if sign && s[0] != '-' {
		s = "+" + s
	}
	return s
}
