// Package summarytest builds realistic, deterministic results.Summary
// values for the tests of the packages that read them (store, output, chart,
// report, cli), without running the simulator: each variant is a small
// random walk on the standard ladder, tallied the way the Monte Carlo runner
// tallies, so counts, intervals and series are mutually consistent.
package summarytest

import (
	"math"
	"math/rand/v2"

	"brink/results"
)

// Rungs is the standard ladder, most cooperative first; StatusQuo indexes it.
var Rungs = []string{"settle", "negotiate", "reassure", "status_quo", "protest", "threaten",
	"sanction", "posture", "harass", "strike", "decapitate", "barrage", "infrastructure", "war", "nuclear"}

// StatusQuo is the index of "status_quo" in Rungs.
const StatusQuo = 3

// War is the index of "war" in Rungs.
const War = 13

// rivera is the Rivera et al. score of each rung's category.
var rivera = []float64{-2, -2, -2, 0, 12, 12, 12, 4, 28, 28, 28, 28, 28, 28, 60}

// Summary returns a summary of runs runs over days days for three variants
// ("baseline", "direct_channel", "exclude_iran"), the first two pairs tracked.
// The same arguments always give the same summary.
func Summary(runs, days int) *results.Summary {
	variants := []struct {
		name     string
		up, down float64 // daily probability of a step up / down the ladder
	}{
		{"baseline", 0.09, 0.08},
		{"direct_channel", 0.07, 0.10},
		{"exclude_iran", 0.11, 0.07},
	}
	pairs := [][2]string{{"IRN", "ISR"}, {"IRN", "USA"}}
	actors := []string{"HEZ", "IRN", "ISR", "USA"}
	s := &results.Summary{Manifest: results.Manifest{
		BrinkVersion: "0.1.0-test", Scenario: "middle_east_2024",
		ScenarioSHA256: "3f7a1c0d9e2b4a5f6c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3",
		Seed:           20240414, Runs: runs, Start: "2024-04-01", Days: days,
		Actors: actors, Rungs: Rungs, StatusQuo: StatusQuo,
	}}
	// Common random numbers, as the runner does: run k of every variant
	// draws from the same stream.
	var war [][]bool // [variant][run]
	for vi, v := range variants {
		s.Manifest.Variants = append(s.Manifest.Variants, v.name)
		vs := results.VariantSummary{Name: v.name}
		riv := make([]float64, runs*days) // [run*days+day]
		warRuns, settledRuns := make([]bool, runs), 0
		var damage []float64
		for pi, pair := range pairs {
			ps := results.PairSeries{Pair: pair, MaxRung: make([]int64, len(Rungs))}
			ps.FirstDay = make([][]int64, len(Rungs))
			for r := range ps.FirstDay {
				ps.FirstDay[r] = make([]int64, days)
			}
			ps.Daily = make([][]int64, days)
			for d := range ps.Daily {
				ps.Daily[d] = make([]int64, len(Rungs))
			}
			for k := 0; k < runs; k++ {
				rng := rand.New(rand.NewPCG(uint64(k), uint64(pi)))
				rung, max := StatusQuo, StatusQuo
				for d := 0; d < days; d++ {
					u := rng.Float64()
					switch {
					case u < v.up && rung < len(Rungs)-2:
						rung++
					case u > 1-v.down && rung > 0:
						rung--
					}
					ps.Daily[d][rung]++
					for r := max + 1; r <= rung; r++ {
						ps.FirstDay[r][d]++
					}
					if rung > max {
						max = rung
					}
					riv[k*days+d] += float64(rivera[rung] / float64(len(pairs)))
				}
				ps.MaxRung[max]++
				if max >= War {
					warRuns[k] = true
				}
				if pi == 0 {
					if rung == 0 {
						settledRuns++
					}
					damage = append(damage, float64(max*max))
				}
			}
			// FirstDay counts only rungs above the status quo, where every
			// run starts: reaching a rung means acting on it.
			vs.Series = append(vs.Series, ps)
		}
		nWar := count(warRuns)
		vs.Outcomes = []results.OutcomeStat{
			proportion("war", nWar, runs),
			proportion("settlement", settledRuns, runs),
			meanStat("damage_isr", damage),
		}
		var runMeans []float64
		for k := 0; k < runs; k++ {
			runMeans = append(runMeans, mean(riv[k*days:(k+1)*days]))
		}
		vs.Metrics.Rivera = ms(runMeans)
		for d := 0; d < days; d++ {
			col := make([]float64, runs)
			for k := range col {
				col[k] = riv[k*days+d]
			}
			vs.Metrics.RiveraByDay = append(vs.Metrics.RiveraByDay, ms(col))
		}
		vs.Metrics.Damage = map[string]results.MeanStat{}
		vs.Metrics.Strain = map[string]results.MeanStat{}
		vs.Metrics.Support = map[string]results.MeanStat{}
		for ai, a := range actors {
			scale := float64(ai+1) / 4
			vs.Metrics.Damage[a] = scaled(ms(damage), scale)
			vs.Metrics.Strain[a] = scaled(ms(damage), scale/50)
			vs.Metrics.Support[a] = results.MeanStat{Mean: 0.6 - scale/10, Lo: 0.58 - scale/10, Hi: 0.62 - scale/10}
		}
		war = append(war, warRuns)
		if vi > 0 {
			vs.Differences = []results.Difference{pairedDiff("war", variants[0].name, war[0], warRuns)}
		}
		s.Variants = append(s.Variants, vs)
	}
	return s
}

func count(b []bool) int {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}

// proportion is a count with its Wilson 95% interval.
func proportion(name string, k, n int) results.OutcomeStat {
	const z = 1.959963984540054
	p := float64(k) / float64(n)
	den := 1 + z*z/float64(n)
	c := (p + z*z/(2*float64(n))) / den
	h := z * math.Sqrt(p*(1-p)/float64(n)+z*z/(4*float64(n)*float64(n))) / den
	return results.OutcomeStat{Name: name, Kind: "probability", P: p, Lo: c - h, Hi: c + h, Count: int64(k)}
}

func meanStat(name string, x []float64) results.OutcomeStat {
	m := ms(x)
	return results.OutcomeStat{Name: name, Kind: "mean", P: m.Mean, Lo: m.Lo, Hi: m.Hi, Count: int64(len(x))}
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// ms is a mean with a normal 95% interval.
func ms(x []float64) results.MeanStat {
	m := mean(x)
	v := 0.0
	for _, e := range x {
		v += float64((e - m) * (e - m))
	}
	h := float64(1.96 * math.Sqrt(v/float64(len(x)-1)/float64(len(x))))
	return results.MeanStat{Mean: m, Lo: m - h, Hi: m + h}
}

func scaled(m results.MeanStat, f float64) results.MeanStat {
	return results.MeanStat{Mean: m.Mean * f, Lo: m.Lo * f, Hi: m.Hi * f}
}

// pairedDiff is the difference of two proportions on the same runs with the
// normal interval for paired data.
func pairedDiff(name, baseline string, a, b []bool) results.Difference {
	d := make([]float64, len(a))
	for k := range a {
		if b[k] {
			d[k]++
		}
		if a[k] {
			d[k]--
		}
	}
	m := ms(d)
	return results.Difference{Outcome: name, Baseline: baseline, Diff: m.Mean, Lo: m.Lo, Hi: m.Hi}
}
