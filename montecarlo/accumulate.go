package montecarlo

import (
	"math"
	"unsafe"

	"brink/sim"
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
		if spec.Kind == KindProbability {
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
		if v > 0 {
			ms[momDiff(nOut, o)].Add(x - base[o])
		}
	}

	days := vl.Days
	// A day's Rivera score is a mean over actors of integer category scores,
	// so the sum over actors is an integer: tallied exactly, per day.
	actors := float64(len(vl.Actors))
	rsum, rsq := in[vl.intRiveraSum(nOut):], in[vl.intRiveraSq(nOut):]
	var total int64
	for d := 0; d < days; d++ {
		s := int64(math.Round(res.Rivera[d] * actors))
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
		l.addDaily(in[vl.intDaily(nOut, 0):], vl.pairInts(), R, res.Daily[:days*tracked], tracked)
	}
}

// addDaily tallies the tracked pairs' daily rungs as differences over days
// (see the layout): a pair's rung is +1 on day 0 and, on each day it
// changes, −1 at the old rung and +1 at the new one. A pair's rung changes
// on few days of a run, so this touches a few slots per pair instead of one
// per pair and day (the integers are the same once summed). The kernel's
// rows are read in order and compared four pairs at a time. daily starts at
// pair 0's daily slots; pairs are stride apart.
func (l *layout) addDaily(daily []int64, stride, R int, rows []int16, tracked int) {
	prev := rows[:tracked]
	for p, r := range prev {
		daily[p*stride+int(r)]++
	}
	words := tracked / 4
	for at := tracked; at < len(rows); at += tracked {
		cur := rows[at : at+tracked]
		day := (at / tracked) * R
		for w := range words {
			if rungs4(prev, 4*w) == rungs4(cur, 4*w) {
				continue
			}
			for p := 4 * w; p < 4*w+4; p++ {
				if q, r := prev[p], cur[p]; q != r {
					row := daily[p*stride+day:]
					row[int(q)]--
					row[int(r)]++
				}
			}
		}
		for p := 4 * words; p < tracked; p++ {
			if q, r := prev[p], cur[p]; q != r {
				row := daily[p*stride+day:]
				row[int(q)]--
				row[int(r)]++
			}
		}
		prev = cur
	}
}

// rungs4 returns the four rungs row[i:i+4] as one word, to compare them at
// once.
func rungs4(row []int16, i int) uint64 {
	_ = row[i+3]
	return *(*uint64)(unsafe.Pointer(&row[i]))
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
