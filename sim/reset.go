// Reset: bringing a State back to day 0 of a run (docs/model.md §1: a run
// is a pure function of the model, seed and run index, whatever the State ran
// before) — by copies of the templates Compile built, sparse when a run
// touched few pairs.

package sim

import "math"

// reset brings the State to the start of a run: parameters, actors and
// channels from the Model, every per-pair and per-actor array to its
// template, and the Result's arrays to "never".
func (st *State) reset() {
	m := st.m
	st.prm = m.prm
	st.accT = threshold(st.prm.accident + st.prm.accidentDown)
	st.accUpT = threshold(st.prm.accident)
	copy(st.act, m.actors)
	for _, q := range m.allyPairs {
		a, j := int(q)/m.n, int(q)%m.n
		st.allyV[q] = st.str[purposeAttribute].u64(allyKey(a, j)) >> 11
	}
	for i := range st.act {
		st.defQuiet[i] = defaultQuiet(m, st.act[i].doctrine)
	}
	for k := range st.chanOpen {
		st.chanOpen[k] = !m.channels[k].closed
	}
	st.cur, st.prev = 0, 1
	st.activeProcs = 0
	st.resetPairs()
	copy(st.dailyNow, m.dailyInit)
	copy(st.warCount, m.warCount0)
	st.warPairs = m.warPairs0
	for x := range st.talkQuiet {
		st.talkQuiet[x] = math.MinInt32
	}
	st.decayDay = -1
	st.percTouched[0], st.percTouched[1] = st.percTouched[0][:0], st.percTouched[1][:0]
	st.actsInFlight, st.msgsInFlight = 0, 0
	st.rivCount, st.rivBits = 0, 0
	st.calm, st.acted = false, false
	for i := range st.act {
		st.riv[i] = -1
		st.dmgToday[i] = 0
		st.costToday[i] = 0
		st.damage[i] = 0
		st.strain[i] = st.act[i].strain0
		st.support[i] = st.act[i].support0
		st.rally[i] = 0
		st.hurt[i] = 0
		st.latent[i] = st.act[i].latentDays
		st.steady[i] = false
		st.alertUntil[i] = -1
		if a := &st.act[i]; a.ready && m.aAlertStart[i] {
			st.alertUntil[i] = max(a.alertDays, 1) - 1
		}
	}
	clear(st.loss)
	for k := range st.acts {
		st.acts[k] = st.acts[k][:0]
		st.msgs[k] = st.msgs[k][:0]
	}
	clear(st.wake)
	for k := range st.hazDone {
		st.hazDone[k] = false
	}
	clear(st.condDone)
	clear(st.campState)
	r := st.res
	copy(r.Breakout, m.neg1[:len(r.Breakout)])
	copy(r.Exhausted, m.neg1[:len(r.Exhausted)])
	copy(r.ProcessSettled, m.neg1[:len(r.ProcessSettled)])
	copy(r.ProcessBroken, m.neg1[:len(r.ProcessBroken)])
	r.NuclearUsed = false
	copy(r.CampaignStart, m.neg1[:len(r.CampaignStart)])
	copy(r.CampaignEnd, m.neg1[:len(r.CampaignEnd)])
	st.fights = st.fights[:0]
	st.ceases = st.ceases[:0]
	st.chanEpoch = 0
	r.dailyLog = r.dailyLog[:0]
	r.kinLog = r.kinLog[:0]
	// Processes that start settled or talking.
	for pi := range m.processes {
		st.procState[pi] = procIdle
		st.procDay[pi] = -1
	}
}

// touch records that this run changes pair p's state or its entries in the
// Result (State.touched). Every write to them goes after a touch, but for
// an act's entries in the Result (MaxRung, FirstDay, Kinetic): execute
// touches the pair when the act changes its standing, and an act that
// does not either repeats a rung the pair reached earlier in the run
// (touched then) or its starting rung (Model.startRung, restored always).
func (st *State) touch(p int) { st.touchState(&st.pairs[p], p) }

// touchState is touch for a caller that holds the pair's record ps.
func (st *State) touchState(ps *pairState, p int) {
	if !ps.touched {
		ps.touched = true
		st.touched[st.nTouched] = int32(p) // not append: no call, so callers spill nothing
		st.nTouched++
	}
}

// resetPairs brings the per-pair state and the Result's per-pair entries
// to the templates Compile built: for the pairs the last run touched, when
// this State wrote the Result last and they are few, else for every pair
// (copies, not loops).
func (st *State) resetPairs() {
	m, r := st.m, st.res
	sparse := st.lastRes == r && r.writer == st.tag
	if sparse && !st.forceSparse {
		sparse = st.nTouched*16 < m.nn // else whole copies (streamed) are faster
	}
	st.lastRes = nil // until this run completes
	if sparse {
		R := m.nr
		for _, p := range st.touched[:st.nTouched] {
			st.restorePair(int(p), R) // and its touched flag
		}
		for _, p := range m.startRung {
			st.restorePair(int(p), R)
		}
		for _, dr := range m.drifting { // the only commitments a run changes
			st.commit[dr.p] = m.commit[dr.p]
		}
	} else {
		copy(st.pairs, m.pairs0)
		clear(st.settled)
		clear(st.mem)
		copy(st.griev, m.griev0)
		copy(st.grievAt, m.neg1[:len(st.grievAt)])
		copy(st.reassure, m.ring0)
		copy(st.warning, m.ring0)
		copy(st.lastWarning, m.ring0[:m.nn])
		copy(r.MaxRung, m.rung0)
		clear(r.Kinetic)
		clear(r.Noticed)
		copy(r.SettledDay, m.neg1[:len(r.SettledDay)])
		clear(r.SettledHeld)
		copy(r.FirstDay, m.firstDay0)
		copy(st.commit, m.commit)
		copy(st.cease, m.neg1[:m.nn])
		copy(st.lastFight, m.neg1[:m.nn])
		clear(st.inFight)
		copy(st.routeEpoch, m.neg1[:m.nn])
		copy(st.warSince, m.warSince0)
		copy(r.CeasefireDay, m.neg1[:m.nn])
		clear(r.CeasefireAtEnd)
		clear(r.WarDays)
	}
	st.nTouched = 0
}

// restorePair restores pair p's state and Result entries from the
// templates (R: rungs).
func (st *State) restorePair(p, R int) {
	m, r := st.m, st.res
	st.pairs[p] = m.pairs0[p]
	st.settled[p] = false
	st.mem[p] = pairMem{}
	st.griev[p] = m.griev0[p]
	st.grievAt[p] = -1
	copy(st.reassure[p*reassureRing:(p+1)*reassureRing], m.ring0[p*reassureRing:])
	copy(st.warning[p*reassureRing:(p+1)*reassureRing], m.ring0[p*reassureRing:])
	st.lastWarning[p] = m.ring0[p]
	r.MaxRung[p] = m.rung0[p]
	r.Kinetic[p] = 0
	r.Noticed[p] = 0
	r.SettledDay[p] = -1
	r.SettledHeld[p] = false
	copy(r.FirstDay[p*R:(p+1)*R], m.firstDay0[p*R:])
	st.cease[p] = -1
	st.lastFight[p] = -1
	st.inFight[p] = false
	st.routeEpoch[p] = -1
	st.warSince[p] = m.warSince0[p]
	r.CeasefireDay[p] = -1
	r.CeasefireAtEnd[p] = false
	r.WarDays[p] = 0
}
