// Processes, talks, settlements, spoilers and war exit: docs/model.md §9
// (day step 2 of §1; the daily offers and settlements are part of update).

package sim

// processes opens scenario processes that start today and lets excluded
// spoilers pick their targets.
func (st *State) processes(d int) {
	m := st.m
	sp := st.str[purposeSpoiler]
	for pi := 0; pi < m.nScenProc; pi++ {
		pp := &m.processes[pi]
		if int(pp.start) <= d && pp.start >= 0 && st.procState[pi] == procIdle {
			st.openProcess(d, pi)
		}
		if s := st.procState[pi]; s != procTalking && s != procSettled {
			continue
		}
		for _, sv := range pp.spoilers {
			s, t := int(sv[0]), int(sv[1])
			if sp.bern(st.key(s, t, pi&spoilerMask), spoilerRate) {
				st.touch(s*m.n + t)
				st.pairs[s*m.n+t].spoilDay = int32(d)
				st.wakePair(s, t)
			}
		}
	}
}

// openProcess starts talks (or a settlement, for a process that starts settled).
func (st *State) openProcess(d, pi int) {
	pp := &st.m.processes[pi]
	st.procState[pi] = procTalking // from a state that is not active
	st.activeProcs++
	st.procDay[pi] = int32(d)
	st.traceBasic(d, EventProcess, int(pp.participants[0]), int(pp.participants[1]), "talks opened")
	if pp.settled && pi < st.m.nScenProc {
		st.settleProcess(d, pi)
	}
}

func (st *State) settleProcess(d, pi int) {
	pp := &st.m.processes[pi]
	st.procState[pi] = procSettled
	if pi < len(st.res.ProcessSettled) && st.res.ProcessSettled[pi] < 0 {
		st.res.ProcessSettled[pi] = int32(d)
	}
	for x, a := range pp.participants {
		for _, b := range pp.participants[x+1:] {
			st.settlePair(d, int(a), int(b))
		}
	}
	st.traceBasic(d, EventProcess, int(pp.participants[0]), int(pp.participants[1]), "settlement")
}

func (st *State) settlePair(d, a, b int) {
	m := st.m
	ab, ba := a*m.n+b, b*m.n+a
	st.touch(ab)
	st.touch(ba)
	st.settled[ab], st.settled[ba] = true, true
	if st.cease[ab] >= 0 {
		st.endCeasefire(d, a, b, "") // the settlement takes over
	}
	st.callOff(d, a, b)
	if st.res.SettledDay[ab] < 0 {
		st.res.SettledDay[ab], st.res.SettledDay[ba] = int32(d), int32(d)
	}
	st.griev[ab] = st.grievance(ab) * settleGrievance
	st.griev[ba] = st.grievance(ba) * settleGrievance
}

// endProcess ends a process (broken or closed) and the settlement it carried.
func (st *State) endProcess(d, pi int, to uint8, note string) {
	s := st.procState[pi]
	if s != procTalking && s != procSettled {
		return
	}
	pp := &st.m.processes[pi]
	st.procState[pi] = to
	st.activeProcs--
	if to == procBroken && pi < len(st.res.ProcessBroken) && st.res.ProcessBroken[pi] < 0 {
		st.res.ProcessBroken[pi] = int32(d)
	}
	if s == procSettled {
		for x, a := range pp.participants {
			for _, b := range pp.participants[x+1:] {
				st.unsettle(int(a), int(b))
			}
		}
	}
	st.traceBasic(d, EventProcess, int(pp.participants[0]), int(pp.participants[1]), note)
}

func (st *State) unsettle(a, b int) {
	n := st.m.n
	st.settled[a*n+b], st.settled[b*n+a] = false, false
}

// breakOnAct: a kinetic act between parties to talks or a settlement may
// break it; so may a spoiler's attack on a participant.
func (st *State) breakOnAct(d, i, j int) {
	m := st.m
	ts := st.str[purposeTalks]
	p := i*m.n + j
	// The processes pair i→j can break, in order (Model.breaks).
	if st.activeProcs > 0 {
		for _, b := range m.breaks[m.breakAt[p]:m.breakAt[p+1]] {
			pi := int(b.proc)
			if s := st.procState[pi]; s != procTalking && s != procSettled {
				continue
			}
			if !b.spoiler { // both take part
				if ts.bern(st.key(i, j, slotProcBreak+pi&procMask), breakOnKinetic) {
					st.endProcess(d, pi, procBroken, "breakdown")
				}
			} else if ts.bern(st.key(i, j, slotSpoiledBreak+pi&procMask), breakOnSpoiler) {
				st.endProcess(d, pi, procBroken, "spoiled")
			}
		}
	}
	// A settlement reached outside any process (war exit) breaks like one.
	if st.settled[p] && ts.bern(st.key(i, j, slotSettledBreak), breakOnKinetic) {
		st.unsettle(i, j)
	}
}

// offerWill is an actor's will to offer talks: max(pragmatism, min(strain,
// 1)), by two plain comparisons rather than Go's min and max (which compile
// to a longer branch-free sequence for floats). It is the same number for
// every pragmatism a scenario can give, but for the sign of a zero, which
// the draw's probability (talks_offer × will) does not notice: bern treats
// every p <= 0 alike (TestOfferWill).
func offerWill(pragmatism, strain float64) float64 {
	w := strain
	if w > 1 {
		w = 1
	}
	if pragmatism > w {
		w = pragmatism
	}
	return w
}

// warExit stops the war between a and b (one of them exhausted) with
// probability war_exit: a ceasefire without a mediator (§9.1).
func (st *State) warExit(d, a, b int) {
	m := st.m
	ab, ba := a*m.n+b, b*m.n+a
	if max(st.pairs[ab].standing, st.pairs[ba].standing) < int16(m.warRung) || st.settled[ab] || st.cease[ab] >= 0 {
		return
	}
	if st.str[purposeTalks].bern(st.key(a, b, slotWarExit), st.prm.warExit) {
		st.startCeasefire(d, a, b, 0, "war exit")
	}
}
