package sweep

import (
	"fmt"
	"slices"
	"strconv"

	"brink/chart"
	"brink/results"
	"brink/scenario"
)

// Chart draws outcome against the uncertain value param over the points of
// a sweep, one series per variant, each estimate with its 95% interval. A
// choice is drawn at its index (0, 1, ...). It is the chart of `brink sweep
// --chart` and of the sweep page of `brink serve`.
func Chart(r *Result, outcome, param string) (*chart.Chart, error) {
	m := r.Manifest
	oi := slices.Index(m.Outcomes, outcome)
	if oi < 0 {
		return nil, fmt.Errorf("no outcome %q (the sweep has %v)", outcome, m.Outcomes)
	}
	pi := slices.IndexFunc(m.Params, func(p Param) bool { return p.Path == param })
	if pi < 0 {
		return nil, fmt.Errorf("no uncertain value %q in the sweep", param)
	}
	var series []chart.SweepSeries
	for vi, v := range m.Variants {
		s := chart.SweepSeries{Variant: v}
		for _, p := range r.Points {
			var x float64
			if m.Params[pi].Dist == "choice" {
				x = float64(min(int(p.U[pi]*float64(m.Params[pi].Choices)), m.Params[pi].Choices-1))
			} else {
				x, _ = strconv.ParseFloat(p.Values[pi], 64)
			}
			o := p.Variants[vi].Outcomes[oi]
			s.X, s.Y, s.Lo, s.Hi = append(s.X, x), append(s.Y, o.P), append(s.Lo, o.Lo), append(s.Hi, o.Hi)
		}
		series = append(series, s)
	}
	ylabel := "probability, with 95% interval"
	if m.Kinds[oi] != results.KindProbability {
		ylabel = "mean, with 95% interval"
	}
	return chart.Sweep(fmt.Sprintf("%s: %s against %s", m.Scenario, outcome, param), param, ylabel, series)
}

// Tornado draws the tornado chart of a sensitivity analysis: the Sobol
// total indices when there are some, else Morris's μ*, largest first, each
// with its bootstrap 95% interval.
func Tornado(sens *Sensitivity) (*chart.Chart, error) {
	var bars []chart.TornadoBar
	title, xl := "", ""
	if len(sens.Sobol) > 0 {
		for _, x := range sens.Sobol {
			bars = append(bars, chart.TornadoBar{Label: x.Path, Value: x.Total, Lo: x.TotalLo, Hi: x.TotalHi})
		}
		title, xl = "Sobol total indices of "+sens.Target.Outcome, "total index, with bootstrap 95% interval"
	} else {
		for _, x := range sens.Morris {
			bars = append(bars, chart.TornadoBar{Label: x.Path, Value: x.MuStar, Lo: x.Lo, Hi: x.Hi})
		}
		title, xl = "Morris μ* of "+sens.Target.Outcome, "μ*, with bootstrap 95% interval"
	}
	slices.SortStableFunc(bars, func(a, b chart.TornadoBar) int {
		switch {
		case a.Value > b.Value:
			return -1
		case a.Value < b.Value:
			return 1
		}
		return 0
	})
	return chart.Tornado(title, xl, bars)
}

// SensitivityDesign is what a sensitivity analysis of outcome runs: the
// designs (Morris's with traj trajectories, Saltelli's with points base
// rows; 0 leaves one out), the target, and the variants (variants when
// given, else only those the target needs: the baseline, and variant when
// it is another).
func SensitivityDesign(s *scenario.Scenario, outcome, variant string, against bool, points, traj, boot int, variants []string) ([]Spec, *Target, []string) {
	target := &Target{Outcome: outcome, Variant: variant, Bootstrap: boot}
	base := ""
	if names := s.VariantNames(); len(names) > 0 {
		base = names[0]
	}
	if len(variants) == 0 {
		variants = []string{base}
		if variant != "" && variant != base {
			variants = append(variants, variant)
		}
	}
	if against {
		target.Against = variants[0]
	}
	var specs []Spec
	if traj > 0 {
		specs = append(specs, Spec{Design: Morris, N: traj})
	}
	if points > 0 {
		specs = append(specs, Spec{Design: Saltelli, N: points})
	}
	return specs, target, variants
}
