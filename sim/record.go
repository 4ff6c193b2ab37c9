// Results of a run as the day records them: docs/model.md §11 (day step 8
// of §1).

package sim

import "math/bits"

// record writes the day's Rivera score and the daily rung of tracked pairs.
func (st *State) record(d int) {
	m := st.m
	sum := 0.0
	if st.rivCount > 0 { // else no actor executed anything today
		if m.n <= 64 {
			// The actors that acted, in ascending order as the loop below
			// visits them: the same sum.
			for b := st.rivBits; b != 0; b &= b - 1 {
				i := bits.TrailingZeros64(b)
				sum += m.rRivera[st.riv[i]]
				st.riv[i] = -1 // cleared for tomorrow
			}
			st.rivBits = 0
		} else {
			for i, k := range st.riv {
				if k >= 0 {
					sum += m.rRivera[k]
					st.riv[i] = -1 // cleared for tomorrow
				}
			}
		}
		st.rivCount = 0
	}
	// sum starts at +0 and is never −0, so a zero sum scores +0 = 0/n.
	score := 0.0
	if sum != 0 {
		score = sum / float64(m.n)
	}
	// After nuclear use every day scores the worst category (M28): what
	// follows a nuclear strike is not a calmer world however quiet it is.
	if st.res.NuclearUsed {
		score = m.riveraWorst
	}
	st.res.Rivera[d] = score
	st.recordDaily(d)
}

// recordDaily keeps day 0's daily rungs of the tracked pairs
// (Result.DailyStart; the changes after it are logged as they happen,
// State.dailyChanged) and writes the day's row of Daily where the Result
// has rows.
func (st *State) recordDaily(d int) {
	now, res := st.dailyNow, st.res
	if d == 0 {
		copy(res.daily0, now)
	}
	if len(res.Daily) > 0 {
		row := res.Daily[d*len(now):][:len(now)]
		if len(now) >= 16 {
			copy(row, now)
		} else {
			for x, r := range now { // a short row: cheaper than a call to copy
				row[x] = r
			}
		}
	}
}

// setStanding sets i's standing rung toward j (pair p) to k on day d,
// keeping the war counts and the daily rungs of tracked pairs.
func (st *State) setStanding(d, p, k int) {
	ps := &st.pairs[p]
	if ps.standing == int16(k) {
		return
	}
	st.touchState(ps, p)
	if was, now := ps.standing >= st.war16, int16(k) >= st.war16; was != now {
		st.warChange(d, p, !was)
		st.crossWar(p, was)
	}
	ps.standing = int16(k)
	if x := st.m.trackedIdx[p]; x >= 0 {
		st.dailyChanged(d, int(x))
	}
}

// dailyChanged brings tracked pair x's daily rung (State.dailyNow, the
// higher of its two standing rungs) up to date after one of them changed
// on day d, and logs the change after day 0 (Result.DailyChanges; day 0's
// rungs are its DailyStart). Two changes of a pair in one day log two
// entries, the second from the first's rung.
func (st *State) dailyChanged(d, x int) {
	pr := st.m.trackedPairs[x]
	r := max(st.pairs[pr[0]].standing, st.pairs[pr[1]].standing)
	if was := st.dailyNow[x]; r != was {
		st.dailyNow[x] = r
		if d > 0 {
			st.res.dailyLog = append(st.res.dailyLog, DailyChange{Day: int32(d), Pair: int32(x), From: was, To: r})
		}
	}
}

// crossWar counts pair p's standing rung reaching (or, was, leaving) the war rung.
func (st *State) crossWar(p int, was bool) {
	delta := int32(1)
	if was {
		delta = -1
	}
	n := st.m.n
	st.warCount[p/n] += delta
	st.warCount[p%n] += delta
	st.warPairs += delta
}
