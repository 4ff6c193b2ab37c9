package findings

import (
	"fmt"
	"strings"

	"brink/sweep"
)

// RenderRobustness states, for every variant other than the baseline and
// every outcome shown, at how many of a sweep's points the variant's paired
// 95% interval against the baseline lies below zero (it lowers the
// outcome there) or above (raises it), each share with its Wilson 95%
// interval over the points, the range of the paired difference over the
// points, and a verdict by the rule of docs/uncertainty.md.
func RenderRobustness(doc *sweep.JSONDoc, command string, only ...string) string {
	var b strings.Builder
	m := doc.Manifest
	var paths []string
	for _, p := range m.Params {
		paths = append(paths, "`"+p.Path+"`")
	}
	fmt.Fprintf(&b, "`%s` — %d points of a %s design over %d uncertain values (%s), %d runs per variant at each point, seed %d, the same run seeds at every point.\n\n",
		command, len(doc.Points), m.Designs[0].Kind, len(m.Params), strings.Join(paths, ", "), m.Runs, m.Seed)
	cur := ""
	for _, x := range doc.Robustness {
		if !shown(x.Outcome, only) {
			continue
		}
		if x.Variant != cur {
			if cur != "" {
				b.WriteString("\n")
			}
			cur = x.Variant
			fmt.Fprintf(&b, "`%s` against `%s`:\n\n", x.Variant, x.Baseline)
		}
		fmt.Fprintf(&b, "- `%s`: lowers it at %d of %d points (%s%% [%s, %s]), raises it at %d (%s%% [%s, %s]); paired difference from %s to %s pp, median %s — %s.\n",
			x.Outcome, x.Lowers, x.Points, pct(x.LowerP), pct(x.LowerLo), pct(x.LowerHi),
			x.Raises, pct(x.RaiseP), pct(x.RaiseLo), pct(x.RaiseHi),
			signed(pct(x.DiffMin)), signed(pct(x.DiffMax)), signed(pct(x.DiffMed)), RobustVerdict(x))
	}
	return b.String()
}

// RobustVerdict is the rule of docs/uncertainty.md: the direction a
// variant moves an outcome in, wherever an effect is detected.
func RobustVerdict(x sweep.Robust) string {
	switch {
	case x.Lowers > 0 && x.Raises == 0 && x.Lowers == x.Points:
		return "lowers it at every point"
	case x.Lowers > 0 && x.Raises == 0:
		return "lowers it wherever an effect is detected, raises it nowhere"
	case x.Raises > 0 && x.Lowers == 0 && x.Raises == x.Points:
		return "raises it at every point"
	case x.Raises > 0 && x.Lowers == 0:
		return "raises it wherever an effect is detected, lowers it nowhere"
	case x.Raises > 0 && x.Lowers > 0:
		return "the direction depends on the uncertain values"
	}
	return "no effect detected at any point"
}
