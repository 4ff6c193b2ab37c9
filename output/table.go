package output

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"brink/results"
)

// WriteTable writes s as the table people read on a terminal: a header that
// says how to reproduce it, outcomes as rows and variants as columns, each
// cell `p [lo, hi]`, and under every non-baseline cell the paired difference
// against the first variant, `Δ +d [lo, hi]`; then the metrics (means with
// intervals). The layout is documented in docs/output.md.
func WriteTable(w io.Writer, s *results.Summary) error {
	return WriteTableWidth(w, s, 0)
}

// WriteTableWidth is WriteTable for a screen of width columns: when the
// table, with a column per variant, would be wider, it is folded instead.
// Each outcome becomes a block with a line per variant (its value and its
// difference from the baseline side by side), and the metrics are split
// into groups of variants that fit. A width of 0 or less never folds. The
// numbers and their formatting are the same in both layouts.
func WriteTableWidth(w io.Writer, s *results.Summary, width int) error {
	var wide strings.Builder
	if err := writeWide(&wide, s); err != nil {
		return err
	}
	if width <= 0 || maxLineWidth(wide.String()) <= width {
		_, err := io.WriteString(w, wide.String())
		return err
	}
	var b strings.Builder
	writeHeader(&b, s, width)
	if len(s.Variants) == 0 {
		b.WriteString("no variants\n")
	} else {
		if len(s.Variants[0].Outcomes) == 0 {
			b.WriteString("\nOutcomes: none (the scenario defines no outcomes)\n")
		} else {
			writeOutcomesFolded(&b, s, width)
		}
		b.WriteString("\nMetrics: mean per run [95% interval]\n")
		rows := metricRows(s)
		for i, group := range variantGroups(s, rows, width) {
			if i > 0 {
				b.WriteString("\n")
			}
			if err := writeMetrics(&b, s, rows, group); err != nil {
				return err
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeWide writes the table with a column per variant.
func writeWide(b *strings.Builder, s *results.Summary) error {
	writeHeader(b, s, 0)
	if len(s.Variants) == 0 {
		b.WriteString("no variants\n")
		return nil
	}
	if len(s.Variants[0].Outcomes) == 0 {
		b.WriteString("\nOutcomes: none (the scenario defines no outcomes)\n")
	} else if err := writeOutcomes(b, s); err != nil {
		return err
	}
	b.WriteString("\nMetrics: mean per run [95% interval]\n")
	rows := metricRows(s)
	all := make([]int, len(s.Variants))
	for i := range all {
		all[i] = i
	}
	return writeMetrics(b, s, rows, all)
}

// writeHeader writes the line that says how to reproduce the table (and
// the partial mark); with a width, its fields wrap onto as many lines as
// that takes.
func writeHeader(b *strings.Builder, s *results.Summary, width int) {
	m := s.Manifest
	fields := []string{
		"scenario " + m.Scenario,
		"sha256 " + shortHash(m.ScenarioSHA256),
		fmt.Sprintf("seed %d", m.Seed),
		fmt.Sprintf("runs %d per variant", m.Runs),
		"brink " + m.BrinkVersion,
	}
	for _, st := range m.Settings {
		fields = append(fields, "--set "+st)
	}
	line := ""
	for _, f := range fields {
		switch {
		case line == "":
			line = f
		case width > 0 && utf8.RuneCountInString(line)+2+utf8.RuneCountInString(f) > width:
			b.WriteString(line + "\n")
			line = f
		default:
			line += "  " + f
		}
	}
	b.WriteString(line + "\n")
	if s.Partial {
		fmt.Fprintf(b, "PARTIAL: stopped early; these are the first %d runs of each variant\n", m.Runs)
	}
}

// metricRow is one row of the metrics section: a label and a cell per
// variant.
type metricRow struct {
	label string
	cells []string
}

// metricRows formats the metrics: the Rivera score, then damage, strain and
// support per actor.
func metricRows(s *results.Summary) []metricRow {
	row := metricRow{label: "rivera score per day"}
	for _, v := range s.Variants {
		r := v.Metrics.Rivera
		row.cells = append(row.cells, interval(results.KindMean, r.Mean, r.Lo, r.Hi))
	}
	rows := []metricRow{row}
	for _, group := range results.ActorMetrics() {
		for _, actor := range metricActors(s) {
			row := metricRow{label: group.Name + " " + actor}
			for _, v := range s.Variants {
				x, ok := group.Of(v.Metrics)[actor]
				if !ok {
					row.cells = append(row.cells, "-")
					continue
				}
				row.cells = append(row.cells, interval(results.KindMean, x.Mean, x.Lo, x.Hi))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// writeMetrics writes the metric rows for the variants at the indices of
// group, a column each.
func writeMetrics(b *strings.Builder, s *results.Summary, rows []metricRow, group []int) error {
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', 0)
	row := []string{"metric"} // the variants by their labels, as the answer names them
	for _, vi := range group {
		row = append(row, s.Variants[vi].LabelOr())
	}
	writeRow(tw, row)
	for _, r := range rows {
		row := []string{r.label}
		for _, vi := range group {
			row = append(row, r.cells[vi])
		}
		writeRow(tw, row)
	}
	return tw.Flush()
}

// variantGroups splits the variants into consecutive groups whose metric
// columns fit in width beside the label column (at least one variant a
// group, however narrow the screen).
func variantGroups(s *results.Summary, rows []metricRow, width int) [][]int {
	const gap = 2 // tabwriter's padding between columns
	label := utf8.RuneCountInString("metric")
	for _, r := range rows {
		label = max(label, utf8.RuneCountInString(r.label))
	}
	var groups [][]int
	var cur []int
	used := label
	for vi, v := range s.Variants {
		col := utf8.RuneCountInString(v.LabelOr())
		for _, r := range rows {
			col = max(col, utf8.RuneCountInString(r.cells[vi]))
		}
		if len(cur) > 0 && used+gap+col > width {
			groups = append(groups, cur)
			cur, used = nil, label
		}
		cur = append(cur, vi)
		used += gap + col
	}
	return append(groups, cur)
}

// writeOutcomesFolded writes the outcomes as blocks, one per outcome, a
// line per variant: its value, and beside it its difference from the
// baseline, or under it when the two do not fit in width side by side.
func writeOutcomesFolded(b *strings.Builder, s *results.Summary, width int) {
	b.WriteString("\nOutcomes: probability [95% interval]\n")
	if len(s.Variants) > 1 {
		line := fmt.Sprintf("Δ = variant minus %s on the same runs [paired 95%% interval]", s.Variants[0].Name)
		if utf8.RuneCountInString(line) > width {
			line = strings.Replace(line, " [paired", "\n    [paired", 1)
		}
		b.WriteString(line + "\n")
	}
	// Pad by hand rather than with a tabwriter, whose columns would restart
	// at every outcome's name line: every block lines up with the others.
	nameW, cellW, diffW := 0, 0, 0
	cells := make([][]string, len(s.Variants[0].Outcomes))
	diffs := make([][]string, len(s.Variants[0].Outcomes))
	for oi, o := range s.Variants[0].Outcomes {
		for _, v := range s.Variants {
			nameW = max(nameW, utf8.RuneCountInString(v.Name))
			cell, diff := "-", ""
			if st, ok := findOutcome(v, o.Name, oi); ok {
				cell = interval(st.Kind, st.P, st.Lo, st.Hi)
				if d, ok := findDifference(v, o.Name); ok {
					diff = "Δ " + signedInterval(st.Kind, d.Diff, d.Lo, d.Hi)
				}
			}
			cellW = max(cellW, utf8.RuneCountInString(cell))
			diffW = max(diffW, utf8.RuneCountInString(diff))
			cells[oi] = append(cells[oi], cell)
			diffs[oi] = append(diffs[oi], diff)
		}
	}
	beside := 2+nameW+2+cellW+2+diffW <= width
	for oi, o := range s.Variants[0].Outcomes {
		label := o.Name
		if o.Kind == results.KindMean {
			label += " (mean)"
		}
		b.WriteString("\n" + label + "\n")
		for vi, v := range s.Variants {
			line := "  " + pad(v.Name, nameW) + "  " + cells[oi][vi]
			switch {
			case diffs[oi][vi] == "":
			case beside:
				line = "  " + pad(v.Name, nameW) + "  " + pad(cells[oi][vi], cellW) + "  " + diffs[oi][vi]
			default:
				line += "\n  " + strings.Repeat(" ", nameW) + "  " + diffs[oi][vi]
			}
			b.WriteString(line + "\n")
		}
	}
}

func pad(s string, w int) string {
	if n := utf8.RuneCountInString(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func maxLineWidth(text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		n = max(n, utf8.RuneCountInString(line))
	}
	return n
}

// writeOutcomes writes the outcomes section: a row per outcome, a column per
// variant, and under the other variants' cells their difference from the first.
func writeOutcomes(b *strings.Builder, s *results.Summary) error {
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
		if o.Kind == results.KindMean {
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
func metricActors(s *results.Summary) []string {
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
func findOutcome(v results.VariantSummary, name string, i int) (results.OutcomeStat, bool) {
	if i < len(v.Outcomes) && v.Outcomes[i].Name == name {
		return v.Outcomes[i], true
	}
	for _, o := range v.Outcomes {
		if o.Name == name {
			return o, true
		}
	}
	return results.OutcomeStat{}, false
}

func findDifference(v results.VariantSummary, name string) (results.Difference, bool) {
	for _, d := range v.Differences {
		if d.Outcome == name {
			return d, true
		}
	}
	return results.Difference{}, false
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
	if kind == results.KindProbability {
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
