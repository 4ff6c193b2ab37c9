package findings

import (
	"fmt"
	"strings"

	"brink/results"
)

// RenderOutcomes is a Markdown table of every outcome (rows) in every variant
// (columns): a probability with its Wilson 95% interval, or a mean with its
// 95% interval.
func RenderOutcomes(s *results.Summary, command string, only ...string) string {
	var b strings.Builder
	header(&b, s, command)
	outcomeTable(&b, s, s.Variants, only,
		func(v results.VariantSummary) string { return v.Name },
		func(oi int, _ results.OutcomeStat, v results.VariantSummary) string {
			return statCell(v.Outcomes[oi])
		})
	return b.String()
}

// RenderDifferences is a Markdown table of every variant minus the baseline
// (first variant) on common random numbers: the paired difference with its
// 95% interval, in percentage points for probabilities. A difference whose
// interval excludes zero is marked with an asterisk.
func RenderDifferences(s *results.Summary, command string, only ...string) string {
	var b strings.Builder
	header(&b, s, command)
	if len(s.Variants) < 2 {
		b.WriteString("(one variant: nothing to compare)\n")
		return b.String()
	}
	base := s.Variants[0].Name
	outcomeTable(&b, s, s.Variants[1:], only,
		func(v results.VariantSummary) string { return v.Name + " − " + base },
		func(_ int, o results.OutcomeStat, v results.VariantSummary) string {
			d, ok := findDiff(v.Differences, o.Name)
			if !ok {
				return "—"
			}
			return diffCell(o.Kind, d)
		})
	b.WriteString("\n`*`: the 95% interval of the paired difference excludes zero.\n")
	return b.String()
}

// outcomeTable writes a Markdown table with a row for each shown outcome
// (in the baseline's order) and a column for each of cols: head names a
// column, cell is the entry for outcome oi of the baseline, o, in variant v.
func outcomeTable(b *strings.Builder, s *results.Summary, cols []results.VariantSummary, only []string,
	head func(v results.VariantSummary) string, cell func(oi int, o results.OutcomeStat, v results.VariantSummary) string) {
	b.WriteString("| outcome |")
	for _, v := range cols {
		fmt.Fprintf(b, " %s |", head(v))
	}
	b.WriteString("\n|---|")
	for range cols {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	for oi, o := range baselineOutcomes(s) {
		if !shown(o.Name, only) {
			continue
		}
		fmt.Fprintf(b, "| %s |", o.Name)
		for _, v := range cols {
			fmt.Fprintf(b, " %s |", cell(oi, o, v))
		}
		b.WriteString("\n")
	}
}

func header(b *strings.Builder, s *results.Summary, command string) {
	fmt.Fprintf(b, "`%s` — %d runs per variant, seed %d, %d days from %s.\n\n",
		command, s.Manifest.Runs, s.Manifest.Seed, s.Manifest.Days, s.Manifest.Start)
}

func baselineOutcomes(s *results.Summary) []results.OutcomeStat {
	if len(s.Variants) == 0 {
		return nil
	}
	return s.Variants[0].Outcomes
}

func findDiff(ds []results.Difference, name string) (results.Difference, bool) {
	for _, d := range ds {
		if d.Outcome == name {
			return d, true
		}
	}
	return results.Difference{}, false
}

// statCell formats an outcome: "12.3% [10.9, 13.8]" or "2.31 [2.20, 2.42]".
func statCell(o results.OutcomeStat) string {
	if o.Kind == results.KindMean {
		return fmt.Sprintf("%s [%s, %s]", num(o.P), num(o.Lo), num(o.Hi))
	}
	return fmt.Sprintf("%s%% [%s, %s]", pct(o.P), pct(o.Lo), pct(o.Hi))
}

// diffCell formats a paired difference, in percentage points for probabilities.
func diffCell(kind string, d results.Difference) string {
	mark := ""
	if d.Lo > 0 || d.Hi < 0 {
		mark = " *"
	}
	if kind == results.KindMean {
		return fmt.Sprintf("%s [%s, %s]%s", signed(num(d.Diff)), signed(num(d.Lo)), signed(num(d.Hi)), mark)
	}
	return fmt.Sprintf("%s pp [%s, %s]%s", signed(pct(d.Diff)), signed(pct(d.Lo)), signed(pct(d.Hi)), mark)
}

// pct is a proportion as a percentage with one decimal; "-0.0" is written "0.0".
func pct(p float64) string { return clean(fmt.Sprintf("%.1f", 100*p)) }

func num(x float64) string { return clean(fmt.Sprintf("%.3g", x)) }

func clean(s string) string {
	if s == "-0.0" || s == "-0" {
		return strings.TrimPrefix(s, "-")
	}
	return s
}

// signed writes a leading + on positive numbers and a true minus sign on
// negative ones, so columns of differences read at a glance.
func signed(s string) string {
	switch {
	case strings.HasPrefix(s, "-"):
		return "−" + s[1:]
	case strings.Trim(s, "0.") == "":
		return s
	}
	return "+" + s
}

// RenderClaims states, for every variant other than the baseline and every
// probability outcome, what the variant does to the outcome's probability:
// from the baseline's p [Wilson 95%] to the variant's, with the paired
// difference and its 95% interval, and whether that interval excludes zero.
func RenderClaims(s *results.Summary, command string, only ...string) string {
	var b strings.Builder
	header(&b, s, command)
	if len(s.Variants) < 2 {
		b.WriteString("(one variant: nothing to compare)\n")
		return b.String()
	}
	base := s.Variants[0]
	for _, v := range s.Variants[1:] {
		fmt.Fprintf(&b, "`%s` against `%s`:\n\n", v.Name, base.Name)
		for oi, o := range base.Outcomes {
			if o.Kind != results.KindProbability || !shown(o.Name, only) {
				continue
			}
			d, ok := findDiff(v.Differences, o.Name)
			if !ok {
				continue
			}
			verdict := "no effect detected: the interval includes zero"
			switch {
			case d.Lo > 0:
				verdict = "raises it"
			case d.Hi < 0:
				verdict = "lowers it"
			}
			fmt.Fprintf(&b, "- `%s`: from %s to %s (paired difference %s pp, 95%% interval [%s, %s]) — %s.\n",
				o.Name, statCell(o), statCell(v.Outcomes[oi]), signed(pct(d.Diff)), signed(pct(d.Lo)), signed(pct(d.Hi)), verdict)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// shown reports whether outcome name is among only (all are when only is empty).
func shown(name string, only []string) bool {
	if len(only) == 0 {
		return true
	}
	for _, o := range only {
		if o == name {
			return true
		}
	}
	return false
}
