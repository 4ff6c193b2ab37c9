package montecarlo

import (
	"math"

	"brink/results"
	"brink/sim"
	"brink/stats"
)

// addRun tallies variant v's run into one block's accumulator. vals are the
// run's outcome values (a probability outcome is 1 when it held, 0 when not);
// base are the baseline's values on the same run index, for the paired
// counts. It allocates nothing.
func (l *layout) addRun(ints []int64, moms []moment, v int, res *sim.Result, vals, base []float64) {
	vl := &l.Variants[v]
	nOut := len(l.Outcomes)
	in := ints[l.intBase[v] : l.intBase[v]+vl.intSlots(nOut)]
	ms := moms[l.momBase[v] : l.momBase[v]+vl.momSlots(nOut)]

	in[intRuns()]++
	for o, spec := range l.Outcomes {
		x := vals[o]
		if spec.Kind == results.KindProbability {
			held := x != 0
			if held {
				in[intHeld(o)]++
			}
			if v > 0 {
				baseHeld := base[o] != 0
				cell := pairedNeither
				switch {
				case held && baseHeld:
					cell = pairedBoth
				case held:
					cell = pairedVariantOnly
				case baseHeld:
					cell = pairedBaselineOnly
				}
				in[intPaired(nOut, o, cell)]++
			}
			continue
		}
		ms[momOutcome(o)].Add(x)
		dist := ints[l.intBase[v]+l.intDist(vl, o):]
		switch part, i := stats.Slot(x, vl.Days+1); part {
		case 0:
			dist[i]++
		case 1:
			dist[vl.Days+1+i]++
		case 2:
			dist[vl.Days+1+stats.SketchBuckets+i]++
		default:
			dist[vl.Days+1+2*stats.SketchBuckets]++
		}
		if v > 0 {
			ms[momDiff(nOut, o)].Add(x - base[o])
		}
	}

	days := vl.Days
	// A day's Rivera score is a mean over actors of integer category scores,
	// so the sum over actors is an integer: tallied exactly, per day.
	actors := float64(len(vl.Actors))
	// Slices of exactly days elements: the loop then runs without bounds
	// checks.
	rivera := res.Rivera[:days]
	rsum := in[vl.intRiveraSum(nOut):][:len(rivera)]
	rsq := in[vl.intRiveraSq(nOut):][:len(rivera)]
	var total int64
	for d, score := range rivera {
		// x is within rounding error of an integer, so truncating
		// x ± ½ towards zero gives math.Round's integer, without a call.
		x := float64(score * actors) // float64: never fused into the next sum (sim/fpfusion.go)
		s := int64(x + math.Copysign(0.5, x))
		rsum[d] += s
		rsq[d] += s * s
		total += s
	}
	if days > 0 {
		ms[momRivera(nOut)].Add(float64(total) / (actors * float64(days)))
	}
	dmg, str, sup := vl.momDamage(nOut), vl.momStrain(nOut), vl.momSupport(nOut)
	for a := range vl.Actors {
		ms[dmg+a].Add(res.Damage[a])
		ms[str+a].Add(res.Strain[a])
		ms[sup+a].Add(res.Support[a])
	}

	n := len(vl.Actors)
	R := vl.Rungs
	tracked := len(vl.PairAt)
	for p, ij := range vl.PairAt {
		ab, ba := ij[0]*n+ij[1], ij[1]*n+ij[0]
		top := res.MaxRung[ab]
		if res.MaxRung[ba] > top {
			top = res.MaxRung[ba]
		}
		in[vl.intMaxRung(nOut, p)+int(top)]++

		first := in[vl.intFirstDay(nOut, p):]
		for r := 0; r < R; r++ {
			d := earliest(res.FirstDay[ab*R+r], res.FirstDay[ba*R+r])
			if d >= 0 && int(d) < days {
				first[r*days+int(d)]++
			}
		}
	}
	if tracked > 0 && days > 0 {
		daily := in[vl.intDaily(nOut, 0):]
		if start := res.DailyStart(); len(start) == tracked {
			l.addDailyChanges(daily, vl.pairInts(), R, start, res.DailyChanges())
		} else {
			l.addDaily(daily, vl.pairInts(), R, res.Daily[:days*tracked], tracked)
		}
	}
}

// addDailyChanges is addDaily from the kernel's record of the rungs: day
// 0's row and the changes after it (sim.Result.DailyChanges), the very
// slots addDaily would write from the rows, without reading every pair's
// every day.
func (l *layout) addDailyChanges(daily []int64, stride, R int, start []int16, changes []sim.DailyChange) {
	for p, r := range start {
		daily[p*stride+int(r)]++
	}
	for _, c := range changes {
		col := daily[int(c.Pair)*stride+int(c.Day)*R:]
		col[c.From]--
		col[c.To]++
	}
}

// addDaily tallies the tracked pairs' daily rungs as differences over days
// (see the layout): a pair's rung is +1 on day 0 and, on each day it
// changes, −1 at the old rung and +1 at the new one. A pair's rung changes
// on few days of a run, so this writes a few slots per pair instead of one
// per pair and day (the integers are the same once summed). daily starts at
// pair 0's daily slots; pairs are stride apart.
func (l *layout) addDaily(daily []int64, stride, R int, rows []int16, tracked int) {
	span := R * (len(rows) / tracked) // one pair's daily slots
	for p := range tracked {
		col := daily[p*stride : p*stride+span]
		q := rows[p]
		col[q]++
		for at, day := p+tracked, R; at < len(rows); at, day = at+tracked, day+R {
			if r := rows[at]; r != q {
				col[day+int(q)]--
				col[day+int(r)]++
				q = r
			}
		}
	}
}

// earliest is the first of two days where -1 means never.
func earliest(a, b int32) int32 {
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	case b < a:
		return b
	}
	return a
}
