package montecarlo

import (
	"fmt"

	"brink/results"
	"brink/stats"
)

// moment is the mergeable accumulator of one continuous quantity.
type moment = stats.Moments

// Summary turns the tally into the results. The tally must start at run 0
// (a whole run, a stopped run, or a complete merge of shards).
func (t *Tally) Summary() (*results.Summary, error) {
	if t.first != 0 {
		from, to := t.Runs()
		return nil, fmt.Errorf("this part holds runs %d–%d only; merge it with the parts holding the others (`brink merge`)", from, to-1)
	}
	moms := t.forest.total()
	m := t.Manifest
	m.Runs = t.runs()
	s := &results.Summary{Manifest: m, Partial: t.Partial}
	lay := t.lay
	nOut := len(lay.Outcomes)
	for v := range lay.Variants {
		vl := &lay.Variants[v]
		in := t.ints[lay.intBase[v]:]
		ms := moms[lay.momBase[v]:]
		vs := results.VariantSummary{
			Name:        vl.Name,
			Label:       vl.Label,
			Description: vl.Description,
			Outcomes:    []results.OutcomeStat{},
			Differences: []results.Difference{},
		}
		runs := in[intRuns()]
		for o, spec := range lay.Outcomes {
			st := results.OutcomeStat{Name: spec.Name, Kind: spec.Kind, Label: spec.Label, Description: spec.Description}
			var d results.Difference
			if spec.Kind == results.KindProbability {
				k := in[intHeld(o)]
				st.Count = k
				st.P = ratio(k, runs)
				st.Lo, st.Hi = stats.Wilson(k, runs)
				if v > 0 {
					d.Diff, d.Lo, d.Hi = stats.PairedDifference(stats.Paired2x2{
						// First is the baseline, second this variant: diff = variant − baseline.
						Both:       in[intPaired(nOut, o, pairedBoth)],
						FirstOnly:  in[intPaired(nOut, o, pairedBaselineOnly)],
						SecondOnly: in[intPaired(nOut, o, pairedVariantOnly)],
						Neither:    in[intPaired(nOut, o, pairedNeither)],
					})
				}
			} else {
				x := ms[momOutcome(o)]
				st.Count = x.N()
				st.P, st.Lo, st.Hi = x.MeanInterval()
				dist := lay.distribution(in, vl, o)
				st.Quantiles, st.QuantileError = quantiles(dist)
				if spec.Event && dist.Exact() && dist.NaN == 0 {
					st.Event = eventStat(dist.Grid)
				}
				if v > 0 {
					d.Diff, d.Lo, d.Hi = ms[momDiff(nOut, o)].MeanInterval()
				}
			}
			vs.Outcomes = append(vs.Outcomes, st)
			if v > 0 {
				d.Outcome, d.Baseline = spec.Name, lay.Variants[0].Name
				vs.Differences = append(vs.Differences, d)
			}
		}

		vs.Metrics = results.Metrics{
			Rivera:      meanStat(ms[momRivera(nOut)]),
			RiveraByDay: make([]results.MeanStat, vl.Days),
			Damage:      map[string]results.MeanStat{},
			Strain:      map[string]results.MeanStat{},
			Support:     map[string]results.MeanStat{},
		}
		for d := range vl.Days {
			n, actors := in[intRuns()], float64(len(vl.Actors))
			mean, lo, hi := stats.MeanIntervalOfSums(n, in[vl.intRiveraSum(nOut)+d], in[vl.intRiveraSq(nOut)+d])
			vs.Metrics.RiveraByDay[d] = results.MeanStat{Mean: mean / actors, Lo: lo / actors, Hi: hi / actors}
		}
		for a, id := range vl.Actors {
			vs.Metrics.Damage[id] = meanStat(ms[vl.momDamage(nOut)+a])
			vs.Metrics.Strain[id] = meanStat(ms[vl.momStrain(nOut)+a])
			vs.Metrics.Support[id] = meanStat(ms[vl.momSupport(nOut)+a])
		}

		for p, pair := range vl.Pairs {
			ps := results.PairSeries{
				Pair:     pair,
				MaxRung:  append([]int64{}, in[vl.intMaxRung(nOut, p):][:vl.Rungs]...),
				FirstDay: make([][]int64, vl.Rungs),
				Daily:    make([][]int64, vl.Days),
			}
			first := in[vl.intFirstDay(nOut, p):]
			for r := range vl.Rungs {
				ps.FirstDay[r] = append([]int64{}, first[r*vl.Days:][:vl.Days]...)
			}
			// The daily slots are differences over days (layout.go):
			// a running sum turns them into the runs at each rung.
			daily := in[vl.intDaily(nOut, p):]
			at := make([]int64, vl.Rungs)
			for d := range vl.Days {
				for r, x := range daily[d*vl.Rungs:][:vl.Rungs] {
					at[r] += x
				}
				ps.Daily[d] = append([]int64{}, at...)
			}
			vs.Series = append(vs.Series, ps)
		}
		s.Variants = append(s.Variants, vs)
	}
	return s, nil
}

// summaryQuantiles are the quantiles every mean outcome reports.
var summaryQuantiles = []float64{0.1, 0.5, 0.9}

// quantiles reads summaryQuantiles from a distribution, and the relative
// error bound of its values (0: exact).
func quantiles(d stats.Distribution) ([]results.QuantileStat, float64) {
	var out []results.QuantileStat
	for _, q := range summaryQuantiles {
		x, lo, hi, ok := d.Quantile(q)
		if !ok {
			return nil, 0
		}
		out = append(out, results.QuantileStat{Q: q, Value: x, Lo: lo, Hi: hi})
	}
	if d.Exact() {
		return out, 0
	}
	return out, stats.SketchAccuracy
}

// eventStat is the Kaplan–Meier summary of a time-to-event outcome from
// its exact distribution: grid[d] runs had the event on day d < horizon,
// grid[horizon] runs never had it (censored at the horizon).
func eventStat(grid []int64) *results.EventStat {
	h := len(grid) - 1
	curve := stats.KaplanMeier(grid[:h], append(make([]int64, h), grid[h]))
	e := &results.EventStat{Horizon: h}
	for _, c := range grid[:h] {
		e.Events += c
	}
	e.Median, e.MedianLo, e.MedianHi = stats.MedianSurvival(curve)
	// The restricted mean is the mean of min(day, horizon): exact sums of
	// whole numbers give it with its interval.
	var n, sum, sq int64
	for d, c := range grid {
		n += c
		sum += int64(d) * c
		sq += int64(d) * int64(d) * c
	}
	e.RestrictedMean, e.RestrictedMeanLo, e.RestrictedMeanHi = stats.MeanIntervalOfSums(n, sum, sq)
	return e
}

func ratio(k, n int64) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

func meanStat(m moment) results.MeanStat {
	mean, lo, hi := m.MeanInterval()
	return results.MeanStat{Mean: mean, Lo: lo, Hi: hi}
}

// precise reports whether the outcome named in o has a 95% interval of
// half-width at most o.Precision in every variant, on the runs tallied so far.
func (p *Plan) precise(t *Tally, o Options) bool {
	oi, _ := p.outcomeIndex(o.Outcome)
	var moms []moment
	for v := range p.lay.Variants {
		var lo, hi float64
		if p.lay.Outcomes[oi].Kind == results.KindProbability {
			in := t.ints[p.lay.intBase[v]:]
			lo, hi = stats.Wilson(in[intHeld(oi)], in[intRuns()])
		} else {
			if moms == nil {
				moms = t.forest.total()
			}
			_, lo, hi = moms[p.lay.momBase[v]+momOutcome(oi)].MeanInterval()
		}
		if (hi-lo)/2 > o.Precision {
			return false
		}
	}
	return true
}
